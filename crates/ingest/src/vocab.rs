//! The furniture vocabulary: loaded from `data/html.toml`, extendable by the user.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde::Deserialize;
use stancemap_model::text::match_key;

use crate::IngestError;

/// The built-in vocabulary, embedded at compile time.
const DEFAULT_TOML: &str = include_str!("../../../data/html.toml");

/// Words the HTML extractor and the date parser need. Build with [`Vocabulary::default`]
/// or [`Vocabulary::with_extra`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vocabulary {
    pub drop_tags: Vec<String>,
    pub invisible_tags: Vec<String>,
    pub drop_tags_outside_article: Vec<String>,
    pub drop_roles: Vec<String>,
    /// Each signal already split into lower-case parts.
    pub class_signals: Vec<Vec<String>>,
    /// Match keys of whole furniture lines (trailing punctuation stripped).
    pub furniture_lines: Vec<String>,
    /// Match keys of furniture line starts.
    pub furniture_prefixes: Vec<String>,
    pub months: BTreeMap<String, u32>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct VocabFile {
    #[serde(default)]
    replace_defaults: bool,
    #[serde(default)]
    html: HtmlSection,
    #[serde(default)]
    furniture: FurnitureSection,
    #[serde(default)]
    dates: DatesSection,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct HtmlSection {
    drop_tags: Option<Vec<String>>,
    invisible_tags: Option<Vec<String>>,
    drop_tags_outside_article: Option<Vec<String>>,
    drop_roles: Option<Vec<String>>,
    class_signals: Option<Vec<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FurnitureSection {
    lines: Option<Vec<String>>,
    prefixes: Option<Vec<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct DatesSection {
    months: Option<BTreeMap<String, u32>>,
}

/// Parsed once per process: `parse_html` without options must not re-parse TOML per page.
static DEFAULT_VOCABULARY: LazyLock<Vocabulary> = LazyLock::new(|| {
    // The embedded file is tested (`default_vocabulary_parses`); an empty vocabulary
    // is the safe degradation should it ever fail to parse.
    Vocabulary::from_toml(DEFAULT_TOML).unwrap_or_else(|_| Vocabulary::empty())
});

impl Default for Vocabulary {
    fn default() -> Self {
        DEFAULT_VOCABULARY.clone()
    }
}

impl Vocabulary {
    fn empty() -> Self {
        Vocabulary {
            drop_tags: Vec::new(),
            invisible_tags: Vec::new(),
            drop_tags_outside_article: Vec::new(),
            drop_roles: Vec::new(),
            class_signals: Vec::new(),
            furniture_lines: Vec::new(),
            furniture_prefixes: Vec::new(),
            months: BTreeMap::new(),
        }
    }

    /// Parse a vocabulary file on its own (no defaults).
    pub fn from_toml(toml_text: &str) -> Result<Self, IngestError> {
        let mut vocab = Self::empty();
        vocab.merge(toml_text)?;
        Ok(vocab)
    }

    /// The defaults plus a user file: lists are appended, or replaced when the user file
    /// says `replace_defaults = true`.
    pub fn with_extra(extra_toml: &str) -> Result<Self, IngestError> {
        let mut vocab = Self::from_toml(DEFAULT_TOML)?;
        vocab.merge(extra_toml)?;
        Ok(vocab)
    }

    fn merge(&mut self, toml_text: &str) -> Result<(), IngestError> {
        let file: VocabFile = toml::from_str(toml_text)?;
        let replace = file.replace_defaults;
        let lower = |v: Vec<String>| v.into_iter().map(|s| s.to_lowercase()).collect();
        merge_list(&mut self.drop_tags, file.html.drop_tags.map(lower), replace);
        merge_list(
            &mut self.invisible_tags,
            file.html.invisible_tags.map(lower),
            replace,
        );
        merge_list(
            &mut self.drop_tags_outside_article,
            file.html.drop_tags_outside_article.map(lower),
            replace,
        );
        merge_list(
            &mut self.drop_roles,
            file.html.drop_roles.map(lower),
            replace,
        );
        let signals = file
            .html
            .class_signals
            .map(|v| v.iter().map(|s| name_parts(s)).collect());
        merge_list(&mut self.class_signals, signals, replace);
        let keys = |v: Vec<String>| v.iter().map(|s| furniture_key(s)).collect();
        merge_list(
            &mut self.furniture_lines,
            file.furniture.lines.map(keys),
            replace,
        );
        let prefixes = file
            .furniture
            .prefixes
            .map(|v| v.iter().map(|s| match_key(s)).collect());
        merge_list(&mut self.furniture_prefixes, prefixes, replace);
        if let Some(months) = file.dates.months {
            if replace {
                self.months.clear();
            }
            self.months
                .extend(months.into_iter().map(|(k, v)| (k.to_lowercase(), v)));
        }
        Ok(())
    }

    /// Does a class attribute value or id name one of the furniture signals?
    pub fn class_matches(&self, class_or_id: &str) -> bool {
        class_or_id.split_whitespace().any(|name| {
            let parts = name_parts(name);
            self.class_signals
                .iter()
                .any(|signal| contains_run(&parts, signal))
        })
    }

    /// Is this kept line page furniture by its wording?
    pub fn is_furniture_line(&self, line: &str) -> bool {
        /// Prefix rules only fire on short lines: a 300-character paragraph that happens
        /// to start with "Click here" is still prose.
        const MAX_PREFIX_LINE_CHARS: usize = 120;
        let key = furniture_key(line);
        if self.furniture_lines.contains(&key) {
            return true;
        }
        line.chars().count() < MAX_PREFIX_LINE_CHARS
            && self.furniture_prefixes.iter().any(|p| key.starts_with(p))
    }
}

fn merge_list<T>(target: &mut Vec<T>, extra: Option<Vec<T>>, replace: bool) {
    if let Some(extra) = extra {
        if replace {
            target.clear();
        }
        target.extend(extra);
    }
}

/// Lower-case parts of a class or id name, split at `-`, `_` and white space.
fn name_parts(name: &str) -> Vec<String> {
    name.split(['-', '_', ' '])
        .filter(|p| !p.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn contains_run(parts: &[String], signal: &[String]) -> bool {
    !signal.is_empty() && parts.windows(signal.len()).any(|w| w == signal)
}

/// Match key of a line with decorative trailing punctuation removed.
fn furniture_key(line: &str) -> String {
    let key = match_key(line);
    key.trim_end_matches([':', '.', '\u{203A}', '\u{00BB}', '>', ' ', '|'])
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_vocabulary_parses() {
        let v = Vocabulary::from_toml(DEFAULT_TOML).expect("embedded vocabulary parses");
        assert!(v.drop_tags.contains(&"nav".to_string()));
        assert_eq!(v.months.get("june"), Some(&6));
    }

    #[test]
    fn class_signals_match_whole_parts_only() {
        let v = Vocabulary::default();
        assert!(v.class_matches("top_ad"));
        assert!(v.class_matches("story widget__most-read"));
        assert!(!v.class_matches("header shadow article-body"));
        assert!(!v.class_matches("reader"));
    }

    #[test]
    fn furniture_lines_and_prefixes() {
        let v = Vocabulary::default();
        assert!(v.is_furniture_line("  Related Articles \u{203A}"));
        assert!(v.is_furniture_line("READ MORE: Tariff truce extended"));
        assert!(!v.is_furniture_line("The union said it would share the draft."));
    }

    #[test]
    fn extra_toml_appends_or_replaces() {
        let v = Vocabulary::with_extra("[html]\nclass_signals = [\"zz-promo-rail\"]").unwrap();
        assert!(v.class_matches("zz-promo-rail"));
        assert!(v.class_matches("ad-slot"));
        let v =
            Vocabulary::with_extra("replace_defaults = true\n[html]\nclass_signals = [\"rail\"]")
                .unwrap();
        assert!(v.class_matches("rail"));
        assert!(!v.class_matches("ad-slot"));
        assert!(Vocabulary::with_extra("[html]\nbogus = 1").is_err());
    }
}
