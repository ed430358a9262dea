//! Role normalisation and the conflict rule between two role reports of one person.
//! The vocabulary and the rule are described in the header of `data/roles.toml`.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;
use stancemap_model::text::{match_key, words};

use crate::LedgerError;

/// The role vocabulary, read from `data/roles.toml` (plus user files).
#[derive(Debug, Clone, Default)]
pub struct RoleVocab {
    spelling: BTreeMap<String, String>,
    /// Phrase (as words) → replacement words.
    synonyms: BTreeMap<Vec<String>, Vec<String>>,
    /// Surface word → canonical qualifier.
    qualifiers: BTreeMap<String, String>,
    portfolios: BTreeSet<Vec<String>>,
    /// Office phrase (as words) → class name.
    offices: BTreeMap<Vec<String>, String>,
    exclusive: BTreeMap<String, bool>,
    /// Classes whose generic titles (no portfolio) are loose descriptions of one job.
    loose: BTreeSet<String>,
    /// Pairs of classes (both orders) no person holds a post of at the same time.
    excludes: BTreeSet<(String, String)>,
    /// The same, but reported only between documents of their own (see
    /// [`RoleVocab::class_conflict`]).
    excludes_across_documents: BTreeSet<(String, String)>,
    longest_phrase: usize,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RolesFile {
    #[serde(default)]
    replace: bool,
    #[serde(default)]
    portfolios: Option<Vec<String>>,
    #[serde(default)]
    spelling: Option<BTreeMap<String, String>>,
    #[serde(default)]
    synonyms: Option<BTreeMap<String, String>>,
    #[serde(default)]
    qualifiers: Option<BTreeMap<String, Vec<String>>>,
    #[serde(default)]
    classes: Option<Vec<ClassEntry>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ClassEntry {
    name: String,
    exclusive: bool,
    #[serde(default)]
    loose: bool,
    #[serde(default)]
    excludes: Vec<String>,
    #[serde(default)]
    excludes_across_documents: Vec<String>,
    offices: Vec<String>,
}

/// One office a role text claims.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Office {
    pub class: String,
    pub office: String,
    pub portfolio: Option<String>,
    pub qualifiers: BTreeSet<String>,
}

impl Office {
    /// Same office, portfolios equal or one unspecified ("minister" vs "foreign minister").
    fn same_post(&self, other: &Office) -> bool {
        self.class == other.class
            && self.office == other.office
            && portfolios_compatible(self.portfolio.as_deref(), other.portfolio.as_deref())
    }

    fn compatible(&self, other: &Office) -> bool {
        self.same_post(other) && self.qualifiers == other.qualifiers
    }

    fn is_former(&self) -> bool {
        self.qualifiers.contains("former")
    }
}

/// Portfolios agree when equal, when one is unspecified, or when the words of one are
/// all in the other ("security adviser" is a shortening of "national security adviser").
fn portfolios_compatible(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => {
            let (wa, wb): (BTreeSet<&str>, BTreeSet<&str>) =
                (a.split(' ').collect(), b.split(' ').collect());
            wa.is_subset(&wb) || wb.is_subset(&wa)
        }
        _ => true,
    }
}

/// A role text read into the offices it claims (empty when no known office is named).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct RoleKey {
    pub offices: Vec<Office>,
}

impl RoleKey {
    /// How much the text states: portfolios and qualifiers named.
    pub fn specificity(&self) -> usize {
        self.offices
            .iter()
            .map(|o| usize::from(o.portfolio.is_some()) + o.qualifiers.len())
            .sum()
    }

    /// A stable text form used to group reports that claim exactly the same thing.
    pub fn canonical(&self) -> String {
        let parts: Vec<String> = self
            .offices
            .iter()
            .map(|o| {
                let mut s = String::new();
                for q in &o.qualifiers {
                    s.push_str(q);
                    s.push(' ');
                }
                if let Some(p) = &o.portfolio {
                    s.push_str(p);
                    s.push(' ');
                }
                s.push_str(&o.office);
                s
            })
            .collect();
        parts.join(" + ")
    }
}

impl RoleVocab {
    pub fn from_toml(text: &str) -> Result<Self, LedgerError> {
        let mut vocab = RoleVocab::default();
        vocab.add_file(parse_file(text, "data/roles.toml")?);
        Ok(vocab)
    }

    /// Layer a user file on top (see the `replace` key of the file format).
    pub fn with_extra_toml(mut self, text: &str) -> Result<Self, LedgerError> {
        let file = parse_file(text, "extra roles file")?;
        if file.replace {
            self.clear_given(&file);
        }
        self.add_file(file);
        Ok(self)
    }

    fn clear_given(&mut self, file: &RolesFile) {
        if file.portfolios.is_some() {
            self.portfolios.clear();
        }
        if file.spelling.is_some() {
            self.spelling.clear();
        }
        if file.synonyms.is_some() {
            self.synonyms.clear();
        }
        if file.qualifiers.is_some() {
            self.qualifiers.clear();
        }
        if file.classes.is_some() {
            self.offices.clear();
            self.exclusive.clear();
            self.loose.clear();
            self.excludes.clear();
            self.excludes_across_documents.clear();
        }
    }

    fn add_file(&mut self, file: RolesFile) {
        for (from, to) in file.spelling.unwrap_or_default() {
            self.spelling.insert(match_key(&from), match_key(&to));
        }
        for (from, to) in file.synonyms.unwrap_or_default() {
            self.synonyms.insert(split(&from), split(&to));
        }
        for (canonical, surfaces) in file.qualifiers.unwrap_or_default() {
            for surface in surfaces {
                self.qualifiers
                    .insert(match_key(&surface), match_key(&canonical));
            }
        }
        for p in file.portfolios.unwrap_or_default() {
            self.portfolios.insert(split(&p));
        }
        for class in file.classes.unwrap_or_default() {
            self.exclusive.insert(class.name.clone(), class.exclusive);
            if class.loose {
                self.loose.insert(class.name.clone());
            } else {
                self.loose.remove(&class.name);
            }
            for other in &class.excludes {
                self.excludes.insert((class.name.clone(), other.clone()));
                self.excludes.insert((other.clone(), class.name.clone()));
            }
            for other in &class.excludes_across_documents {
                let pair = (class.name.clone(), other.clone());
                self.excludes_across_documents.insert(pair.clone());
                self.excludes_across_documents.insert((pair.1, pair.0));
            }
            for office in class.offices {
                self.offices.insert(split(&office), class.name.clone());
            }
        }
        self.longest_phrase = self
            .synonyms
            .keys()
            .chain(self.portfolios.iter())
            .chain(self.offices.keys())
            .map(Vec::len)
            .max()
            .unwrap_or(1);
    }

    /// Read a role text into the offices it claims.
    pub fn parse(&self, role: &str) -> RoleKey {
        let respelled: Vec<String> = split(role)
            .into_iter()
            .map(|w| self.spelling.get(&w).cloned().unwrap_or(w))
            .collect();
        let tokens = self.apply_synonyms(&respelled);
        RoleKey {
            offices: self.read_offices(&tokens),
        }
    }

    fn apply_synonyms(&self, tokens: &[String]) -> Vec<String> {
        let mut out = Vec::with_capacity(tokens.len());
        let mut i = 0;
        while i < tokens.len() {
            match self.longest_match(&tokens[i..], |p| self.synonyms.contains_key(p)) {
                Some(len) => {
                    if let Some(replacement) = self.synonyms.get(&tokens[i..i + len]) {
                        out.extend(replacement.iter().cloned());
                    }
                    i += len;
                }
                None => {
                    out.push(tokens[i].clone());
                    i += 1;
                }
            }
        }
        out
    }

    /// Length of the longest phrase starting at `tokens[0]` accepted by `known`.
    fn longest_match(&self, tokens: &[String], known: impl Fn(&[String]) -> bool) -> Option<usize> {
        (1..=self.longest_phrase.min(tokens.len()))
            .rev()
            .find(|&len| known(&tokens[..len]))
    }

    /// Left to right: qualifiers and portfolios wait for the next office phrase.
    fn read_offices(&self, tokens: &[String]) -> Vec<Office> {
        let mut offices: Vec<Office> = Vec::new();
        let mut quals = BTreeSet::new();
        let mut portfolio: Option<String> = None;
        let mut i = 0;
        while i < tokens.len() {
            if let Some(q) = self.qualifiers.get(&tokens[i]) {
                quals.insert(q.clone());
                i += 1;
            } else if let Some(len) =
                self.longest_match(&tokens[i..], |p| self.offices.contains_key(p))
            {
                let phrase = &tokens[i..i + len];
                let class = self.offices.get(phrase).cloned().unwrap_or_default();
                i += len;
                let trailing = self.trailing_portfolio(&tokens[i..]);
                if let Some((p, used)) = &trailing {
                    if portfolio.is_none() {
                        portfolio = Some(p.clone());
                    }
                    i += used;
                }
                offices.push(Office {
                    class,
                    office: phrase.join(" "),
                    portfolio: portfolio.take(),
                    qualifiers: std::mem::take(&mut quals),
                });
            } else if let Some(len) =
                self.longest_match(&tokens[i..], |p| self.portfolios.contains(p))
            {
                portfolio = Some(tokens[i..i + len].join(" "));
                i += len;
            } else {
                i += 1;
            }
        }
        if let Some(last) = offices.last_mut() {
            // Trailing qualifiers ("minister, former") belong to the last office.
            last.qualifiers.extend(quals);
        }
        offices.sort();
        offices.dedup();
        offices
    }

    /// "of"/"for" (+ "the") + a portfolio right after an office: ("defense", words used).
    fn trailing_portfolio(&self, rest: &[String]) -> Option<(String, usize)> {
        let first = rest.first()?;
        if first != "of" && first != "for" {
            return None;
        }
        let skip = if rest.get(1).is_some_and(|w| w == "the") {
            2
        } else {
            1
        };
        let len = self.longest_match(rest.get(skip..)?, |p| self.portfolios.contains(p))?;
        Some((rest[skip..skip + len].join(" "), skip + len))
    }

    /// Do two role reports of the same person contradict each other?
    pub fn conflict(&self, a: &RoleKey, b: &RoleKey) -> bool {
        self.qualifier_conflict(a, b)
            || self.exclusive_conflict(a, b)
            || cross_class_conflict(&self.excludes, a, b)
    }

    /// Do two reports name current posts of two classes that `excludes_across_documents`
    /// each other (a head of government is no adviser or envoy), where neither report
    /// also states the other's post? Kept apart from [`Self::conflict`]: one article
    /// naming both posts ("an adviser to the president") is how such pairs are usually
    /// misread, so the caller asks for documents on both sides that do not also state
    /// the other.
    pub fn class_conflict(&self, a: &RoleKey, b: &RoleKey) -> bool {
        cross_class_conflict(&self.excludes_across_documents, a, b)
    }

    /// The same post with different qualifiers ("former President" vs "President"), where
    /// neither report also states the other's exact office.
    fn qualifier_conflict(&self, a: &RoleKey, b: &RoleKey) -> bool {
        a.offices.iter().any(|x| {
            b.offices.iter().any(|y| {
                x.same_post(y)
                    && x.qualifiers != y.qualifiers
                    && !b.offices.iter().any(|z| z.compatible(x))
                    && !a.offices.iter().any(|z| z.compatible(y))
            })
        })
    }

    /// In an exclusive class, the current offices of one report are not all compatible
    /// with those of the other, in either direction.
    fn exclusive_conflict(&self, a: &RoleKey, b: &RoleKey) -> bool {
        self.exclusive
            .iter()
            .filter(|(_, &excl)| excl)
            .any(|(class, _)| {
                let current = |k: &RoleKey| -> Vec<Office> {
                    k.offices
                        .iter()
                        .filter(|o| &o.class == class && !o.is_former())
                        .cloned()
                        .collect()
                };
                let (xa, xb) = (current(a), current(b));
                if xa.is_empty() || xb.is_empty() {
                    return false;
                }
                let loose = self.loose.contains(class);
                let fits = |s: &Office, o: &Office| {
                    o.compatible(s)
                        || (loose
                            && s.portfolio.is_none()
                            && o.portfolio.is_none()
                            && s.qualifiers == o.qualifiers)
                };
                let covered = |small: &[Office], big: &[Office]| {
                    small.iter().all(|s| big.iter().any(|o| fits(s, o)))
                };
                !covered(&xa, &xb) && !covered(&xb, &xa)
            })
    }
}

/// A current office of one report and one of the other are of classes that exclude each
/// other, and neither report also states the other's office.
fn cross_class_conflict(excludes: &BTreeSet<(String, String)>, a: &RoleKey, b: &RoleKey) -> bool {
    fn current(k: &RoleKey) -> Vec<&Office> {
        k.offices.iter().filter(|o| !o.is_former()).collect()
    }
    let (xa, xb) = (current(a), current(b));
    xa.iter().any(|x| {
        xb.iter().any(|y| {
            excludes
                .iter()
                .any(|(c, d)| names_office(c, x) && names_office(d, y))
                && !xb.iter().any(|z| z.compatible(x))
                && !xa.iter().any(|z| z.compatible(y))
        })
    })
}

/// An exclusion entry names a whole class ("staff") or one office of it
/// ("staff:adviser").
fn names_office(entry: &str, office: &Office) -> bool {
    match entry.split_once(':') {
        Some((class, phrase)) => class == office.class && phrase == office.office,
        None => entry == office.class,
    }
}

fn parse_file(text: &str, what: &str) -> Result<RolesFile, LedgerError> {
    toml::from_str(text).map_err(|e| LedgerError::toml(what, e))
}

/// Folded lower-case words; hyphenated words split, possessives and dots dropped.
fn split(text: &str) -> Vec<String> {
    let key = match_key(text);
    let mut out = Vec::new();
    for (_, word) in words(&key) {
        let word = word
            .strip_suffix("'s")
            .or_else(|| word.strip_suffix('\''))
            .unwrap_or(word);
        out.extend(
            word.split(['-', '\''])
                .filter(|w| !w.is_empty())
                .map(str::to_string),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab() -> RoleVocab {
        crate::LedgerConfig::default().roles
    }

    fn conflict(a: &str, b: &str) -> bool {
        let v = vocab();
        let (ka, kb) = (v.parse(a), v.parse(b));
        let either = |x: &RoleKey, y: &RoleKey| v.conflict(x, y) || v.class_conflict(x, y);
        let ab = either(&ka, &kb);
        assert_eq!(ab, either(&kb, &ka), "conflict must be symmetric");
        ab
    }

    #[test]
    fn parses_portfolio_before_and_after_the_office() {
        let v = vocab();
        assert_eq!(
            v.parse("Britain's Defence Minister").canonical(),
            "defense minister"
        );
        assert_eq!(
            v.parse("Minister of Foreign Affairs").canonical(),
            "foreign minister"
        );
        assert_eq!(v.parse("ex-President").canonical(), "former president");
        assert_eq!(
            v.parse("Deputy Prime Minister and Foreign Minister")
                .canonical(),
            "foreign minister + deputy prime minister"
        );
        assert_eq!(v.parse("columnist").canonical(), "");
        assert_eq!(
            v.parse("head of the delegation").canonical(),
            "chief negotiator"
        );
    }

    #[test]
    fn different_portfolios_and_qualifiers_conflict() {
        assert!(conflict("Defense Minister", "foreign minister"));
        assert!(conflict("former US President", "US President"));
        assert!(conflict("deputy prime minister", "prime minister"));
        assert!(conflict("foreign minister", "deputy prime minister"));
        assert!(conflict("US special envoy", "national security adviser"));
        assert!(conflict("acting president", "President"));
        assert!(conflict("former legislator", "lawmaker"));
    }

    #[test]
    fn one_ministry_under_two_names_is_one_portfolio() {
        assert!(!conflict("commerce minister", "trade minister"));
        assert!(!conflict("Commerce Secretary", "Minister of Trade"));
        assert!(!conflict("Treasury Secretary", "finance minister"));
        assert!(!conflict("Secretary of War", "defense secretary"));
        // Different ministries and different ranks of one ministry still conflict.
        assert!(conflict("commerce minister", "foreign minister"));
        assert!(conflict("vice commerce minister", "trade minister"));
        assert!(conflict("Treasury Secretary", "Defense Secretary"));
    }

    #[test]
    fn a_trade_representative_is_no_minister() {
        assert!(conflict("trade representative", "vice commerce minister"));
        assert!(conflict("international trade representative", "Minister"));
        assert!(conflict("US Trade Representative", "Commerce Secretary"));
        assert!(!conflict("Trade Representative", "US trade representative"));
        assert!(!conflict("trade representative", "chief negotiator"));
        assert!(!conflict("former trade representative", "Prime Minister"));
    }

    #[test]
    fn a_head_of_government_holds_no_other_post() {
        let v = vocab();
        let class_conflict = |a: &str, b: &str| {
            let (ka, kb) = (v.parse(a), v.parse(b));
            let ab = v.class_conflict(&ka, &kb);
            assert_eq!(ab, v.class_conflict(&kb, &ka), "must be symmetric");
            ab
        };
        assert!(class_conflict(
            "prime minister",
            "national security adviser"
        ));
        assert!(class_conflict("President", "special envoy"));
        assert!(class_conflict("King", "spokesman"));
        // A minister may also be an envoy, but no adviser or spokesperson of another;
        // a former head may be anything now.
        assert!(!class_conflict("foreign minister", "special envoy"));
        assert!(class_conflict(
            "minister of defence",
            "national security adviser"
        ));
        assert!(class_conflict("Interior Minister", "government spokesman"));
        assert!(!class_conflict(
            "former defence minister",
            "national security adviser"
        ));
        assert!(!class_conflict("former president", "envoy"));
        // One report naming both posts agrees with either.
        assert!(!class_conflict("prime minister and envoy", "envoy"));
        // Classes without an exclusion never conflict.
        assert!(!class_conflict("prime minister", "chief negotiator"));
        // The head of an organisation or a ministry's administration is nobody's
        // adviser or spokesperson, but may be an envoy.
        assert!(class_conflict(
            "director general of the ministry of defence",
            "deputy national security adviser"
        ));
        assert!(class_conflict("Secretary-General", "spokesperson"));
        assert!(!class_conflict("director general", "special envoy"));
    }

    #[test]
    fn compatible_descriptions_do_not_conflict() {
        assert!(!conflict("President", "US President"));
        assert!(!conflict("Ukrainian President", "President of Ukraine"));
        assert!(!conflict("defence minister", "Defense Minister"));
        assert!(!conflict("presidential aide", "senior adviser"));
        assert!(!conflict("legislator", "chair of the committee"));
        assert!(!conflict("minister", "Foreign Minister"));
        assert!(!conflict("Defense Minister", "head of the delegation"));
        assert!(!conflict("Secretary of State", "top diplomat"));
        assert!(!conflict("former foreign minister", "Prime Minister"));
        assert!(!conflict(
            "deputy prime minister and foreign minister",
            "Foreign Minister"
        ));
        assert!(!conflict("columnist", "Defense Minister"));
        assert!(!conflict("security adviser", "National Security Advisor"));
        assert!(!conflict(
            "Kremlin spokesman",
            "presidential press secretary"
        ));
    }

    #[test]
    fn user_file_adds_or_replaces() {
        let v = vocab()
            .with_extra_toml("[spelling]\nministre = \"minister\"\n")
            .unwrap();
        assert_eq!(
            v.parse("ministre of defense").canonical(),
            "defense minister"
        );
        let v = vocab()
            .with_extra_toml(
                "replace = true\n[[classes]]\nname = \"x\"\nexclusive = true\noffices = [\"mayor\"]\n",
            )
            .unwrap();
        assert_eq!(v.parse("President").canonical(), "");
        assert_eq!(v.parse("deputy mayor").canonical(), "deputy mayor");
        assert!(vocab().with_extra_toml("[[classes]]\nname = 1\n").is_err());
    }
}
