//! The abbreviation and sentence-start vocabulary, read from TOML (see
//! `data/abbreviations.toml` for the format).

use std::collections::HashMap;

use serde::Deserialize;

use crate::SegmentError;

/// What a full stop after a known abbreviation means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AbbrevClass {
    /// Never ends a sentence ("Mr.", "Sen.", "e.g.").
    Always,
    /// Ends a sentence only before a typical sentence-start word ("U.S.", "a.m.").
    Maybe,
    /// Does not end a sentence before a number ("Jan. 5", "No. 5").
    BeforeNumber,
}

/// Longest abbreviation key we store or look up, in bytes. Longer tokens are never
/// abbreviations, and the bound lets lookups lower-case into a stack buffer.
pub(crate) const MAX_KEY_LEN: usize = 24;

#[derive(Debug, Clone, Default)]
pub(crate) struct Vocabulary {
    /// Lower-cased abbreviation (without final dot) → class. A HashMap is fine here:
    /// it is only ever probed, never iterated into output.
    abbreviations: HashMap<Vec<u8>, AbbrevClass>,
    /// Lower-cased sentence-start words.
    starters: HashMap<Vec<u8>, ()>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct VocabFile {
    #[serde(default)]
    replace: bool,
    #[serde(default)]
    abbreviations: AbbrevSection,
    #[serde(default)]
    sentence_starts: StartSection,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct AbbrevSection {
    #[serde(default)]
    always: Vec<String>,
    #[serde(default)]
    maybe: Vec<String>,
    #[serde(default)]
    months: Vec<String>,
    #[serde(default)]
    numbered: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct StartSection {
    #[serde(default)]
    words: Vec<String>,
}

impl Vocabulary {
    /// Add (or, with `replace = true`, replace) entries from a TOML document.
    pub(crate) fn extend_from_toml(&mut self, toml_text: &str) -> Result<(), SegmentError> {
        let file: VocabFile = toml::from_str(toml_text)?;
        // Validate everything before touching `self`, so a bad file changes nothing.
        let lists = [
            ("always", &file.abbreviations.always, AbbrevClass::Always),
            ("maybe", &file.abbreviations.maybe, AbbrevClass::Maybe),
            (
                "months",
                &file.abbreviations.months,
                AbbrevClass::BeforeNumber,
            ),
            (
                "numbered",
                &file.abbreviations.numbered,
                AbbrevClass::BeforeNumber,
            ),
        ];
        let mut abbreviations = Vec::new();
        for (list, entries, class) in lists {
            for entry in entries {
                abbreviations.push((normalized_key(list, entry)?, class));
            }
        }
        let mut starters = Vec::new();
        for entry in &file.sentence_starts.words {
            starters.push(normalized_key("sentence_starts.words", entry)?);
        }
        if file.replace {
            *self = Vocabulary::default();
        }
        // A later insert overwrites the class, which is how a user re-classifies.
        self.abbreviations.extend(abbreviations);
        self.starters.extend(starters.into_iter().map(|k| (k, ())));
        Ok(())
    }

    /// Class of the token before a full stop, if it is a known abbreviation.
    pub(crate) fn class_of(&self, token: &str) -> Option<AbbrevClass> {
        with_lowercase_key(token, |key| self.abbreviations.get(key).copied())
    }

    /// Is `word` a capitalised typical sentence start ("The", "However")?
    pub(crate) fn is_sentence_start(&self, word: &str) -> bool {
        let capitalised = word.chars().next().is_some_and(char::is_uppercase);
        capitalised && with_lowercase_key(word, |key| self.starters.contains_key(key))
    }
}

/// Trim, drop one final dot, ASCII-lower-case; reject empty, blank-containing or
/// over-long entries (they could never match a token).
fn normalized_key(list: &str, entry: &str) -> Result<Vec<u8>, SegmentError> {
    let trimmed = entry.trim();
    let key = trimmed.strip_suffix('.').unwrap_or(trimmed);
    let bad = key.is_empty() || key.len() > MAX_KEY_LEN || key.chars().any(char::is_whitespace);
    if bad {
        return Err(SegmentError::BadEntry {
            list: list.to_string(),
            entry: entry.to_string(),
        });
    }
    Ok(key.to_ascii_lowercase().into_bytes())
}

/// Run `f` on the ASCII-lower-cased bytes of `token` without allocating; tokens longer
/// than [`MAX_KEY_LEN`] are never in the vocabulary.
fn with_lowercase_key<T: Default>(token: &str, f: impl FnOnce(&[u8]) -> T) -> T {
    let bytes = token.as_bytes();
    if bytes.is_empty() || bytes.len() > MAX_KEY_LEN {
        return T::default();
    }
    let mut buf = [0u8; MAX_KEY_LEN];
    let key = &mut buf[..bytes.len()];
    key.copy_from_slice(bytes);
    key.make_ascii_lowercase();
    f(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_ignore_ascii_case_and_final_dot_in_entries() {
        let mut v = Vocabulary::default();
        v.extend_from_toml("[abbreviations]\nalways = [\"Sen.\"]\nmaybe = [\"U.S\"]")
            .unwrap();
        assert_eq!(v.class_of("SEN"), Some(AbbrevClass::Always));
        assert_eq!(v.class_of("u.s"), Some(AbbrevClass::Maybe));
        assert_eq!(v.class_of("Senate"), None);
    }

    #[test]
    fn later_entry_reclassifies_and_replace_clears() {
        let mut v = Vocabulary::default();
        v.extend_from_toml("[abbreviations]\nalways = [\"St\"]")
            .unwrap();
        v.extend_from_toml("[abbreviations]\nmaybe = [\"St\"]")
            .unwrap();
        assert_eq!(v.class_of("St"), Some(AbbrevClass::Maybe));
        v.extend_from_toml("replace = true\n[abbreviations]\nalways = [\"Mr\"]")
            .unwrap();
        assert_eq!(v.class_of("St"), None);
        assert_eq!(v.class_of("Mr"), Some(AbbrevClass::Always));
    }

    #[test]
    fn bad_entries_and_bad_toml_are_errors_and_change_nothing() {
        let mut v = Vocabulary::default();
        v.extend_from_toml("[abbreviations]\nalways = [\"Mr\"]")
            .unwrap();
        let blank = v.extend_from_toml("[abbreviations]\nalways = [\"Dr\", \"et al\"]");
        assert!(matches!(blank, Err(SegmentError::BadEntry { .. })));
        assert_eq!(
            v.class_of("Dr"),
            None,
            "nothing from a rejected file is kept"
        );
        assert!(v
            .extend_from_toml("[abbreviations]\nsometimes = []")
            .is_err());
        assert!(v.extend_from_toml("not toml at all [").is_err());
    }

    #[test]
    fn sentence_starts_must_be_capitalised_in_text() {
        let mut v = Vocabulary::default();
        v.extend_from_toml("[sentence_starts]\nwords = [\"The\"]")
            .unwrap();
        assert!(v.is_sentence_start("The"));
        assert!(v.is_sentence_start("THE"));
        assert!(!v.is_sentence_start("the"));
        assert!(!v.is_sentence_start("Theory"));
    }
}
