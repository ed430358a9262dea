//! The pattern vocabulary (`data/actor_patterns.toml`, format documented in its header).

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;

use crate::ActorsError;

/// Role words and cues, merged from the default file and user additions.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Patterns {
    /// Lower-case titles ("foreign minister").
    pub titles: BTreeSet<String>,
    /// Lower-case short titles matched only capitalised or in capitals ("Gen", "MP").
    pub title_abbreviations: BTreeSet<String>,
    /// Lower-case title → party it implies on its own.
    pub title_party: BTreeMap<String, String>,
    pub qualifiers: BTreeSet<String>,
    pub particles: BTreeSet<String>,
    /// Lower-case.
    pub name_stopwords: BTreeSet<String>,
    pub person_heads: BTreeSet<String>,
    pub side_heads: BTreeSet<String>,
    pub pair_phrases: BTreeSet<String>,
    /// Gazetteer surfaces that are also common first names or words (as written).
    pub ambiguous_names: BTreeSet<String>,
    /// Lower-case prepositions that make a following state or capital a place.
    pub locative_prepositions: BTreeSet<String>,
    /// Lower-case verbs of leading a delegation ("heads", "led"): "X, who heads the
    /// Qatari team" and "the army delegation, led by Gen. X" give X that side.
    pub leader_verbs: BTreeSet<String>,
    /// Lower-case nouns for any armed group or movement ("the rebels", "the
    /// guerrilla"): the one group of the document, as "the army" is its one army.
    pub group_nouns: BTreeSet<String>,
    /// Lower-case forms of address before a name ("mr", "mister", "madam"): skipped
    /// when a name is read after a title, never a first name.
    pub honorifics: BTreeSet<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPatterns {
    #[serde(default)]
    titles: Vec<String>,
    #[serde(default)]
    title_abbreviations: Vec<String>,
    #[serde(default)]
    title_party: BTreeMap<String, String>,
    #[serde(default)]
    qualifiers: Vec<String>,
    #[serde(default)]
    particles: Vec<String>,
    #[serde(default)]
    name_stopwords: Vec<String>,
    #[serde(default)]
    person_heads: Vec<String>,
    #[serde(default)]
    side_heads: Vec<String>,
    #[serde(default)]
    pair_phrases: Vec<String>,
    #[serde(default)]
    ambiguous_names: Vec<String>,
    #[serde(default)]
    locative_prepositions: Vec<String>,
    #[serde(default)]
    leader_verbs: Vec<String>,
    #[serde(default)]
    group_nouns: Vec<String>,
    #[serde(default)]
    honorifics: Vec<String>,
}

/// A set of lower-case words: the patterns' ordered sets, or their hashed copies in the
/// compiled config (for the lookups made per token or per mention).
pub trait LowerSet {
    fn contains(&self, word: &str) -> bool;
}

impl LowerSet for BTreeSet<String> {
    fn contains(&self, word: &str) -> bool {
        BTreeSet::contains(self, word)
    }
}

impl LowerSet for rustc_hash::FxHashSet<String> {
    fn contains(&self, word: &str) -> bool {
        std::collections::HashSet::contains(self, word)
    }
}

impl Patterns {
    /// Add the entries of one patterns file (lists grow, `[title_party]` entries replace).
    pub fn merge_toml(&mut self, toml_text: &str) -> Result<(), ActorsError> {
        let raw: RawPatterns = toml::from_str(toml_text)?;
        let lower = |v: Vec<String>| v.into_iter().map(|s| s.trim().to_lowercase());
        self.titles.extend(lower(raw.titles));
        self.title_abbreviations
            .extend(lower(raw.title_abbreviations));
        for (title, party) in raw.title_party {
            let title = title.trim().to_lowercase();
            self.titles.insert(title.clone());
            self.title_party.insert(title, party);
        }
        self.qualifiers.extend(lower(raw.qualifiers));
        self.particles.extend(lower(raw.particles));
        self.name_stopwords.extend(lower(raw.name_stopwords));
        self.person_heads.extend(lower(raw.person_heads));
        self.side_heads.extend(lower(raw.side_heads));
        self.pair_phrases.extend(lower(raw.pair_phrases));
        self.ambiguous_names.extend(
            raw.ambiguous_names
                .into_iter()
                .map(|s| s.trim().to_string()),
        );
        self.locative_prepositions
            .extend(lower(raw.locative_prepositions));
        self.leader_verbs.extend(lower(raw.leader_verbs));
        self.group_nouns.extend(lower(raw.group_nouns));
        let honorifics: Vec<String> = lower(raw.honorifics).collect();
        self.name_stopwords.extend(honorifics.iter().cloned());
        self.honorifics.extend(honorifics);
        self.titles.remove("");
        Ok(())
    }
}

/// Is `word`, lower-cased, in `set`? Allocates only for long or non-ASCII words with
/// upper-case letters (this runs for many words of every document).
pub fn contains_lower<S: LowerSet>(set: &S, word: &str) -> bool {
    // ASCII words (nearly all) are lower-cased on the stack.
    let mut buf = [0u8; 32];
    if word.is_ascii() && word.len() <= buf.len() {
        for (d, b) in buf.iter_mut().zip(word.bytes()) {
            *d = b.to_ascii_lowercase();
        }
        return set.contains(std::str::from_utf8(&buf[..word.len()]).unwrap_or_default());
    }
    if word.chars().any(char::is_uppercase) {
        set.contains(&word.to_lowercase())
    } else {
        set.contains(word)
    }
}

impl Patterns {
    pub fn is_name_stopword(&self, word: &str) -> bool {
        self.name_stopwords.contains(&word.to_lowercase())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_file_parses_and_title_parties_are_titles() {
        let mut p = Patterns::default();
        p.merge_toml(crate::DEFAULT_PATTERNS).unwrap();
        assert!(p.titles.contains("foreign minister"));
        assert_eq!(p.title_party["secretary of state"], "USA");
        assert!(p.title_party.keys().all(|t| p.titles.contains(t)));
        assert!(p.is_name_stopword("MONDAY"));
    }
}
