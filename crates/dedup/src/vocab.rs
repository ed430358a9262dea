//! The vocabulary of this crate (stemming suffixes, function words), loaded from
//! `data/stories.toml` and extendable by the user.

use std::collections::{BTreeSet, HashSet};
use std::sync::atomic::{AtomicU64, Ordering as AtomicOrdering};

use serde::Deserialize;

use crate::DedupError;

const DEFAULT_TOML: &str = include_str!("../../../data/stories.toml");

/// Word-key vocabulary: how words are stemmed and which words carry no content.
#[derive(Debug, Clone)]
pub struct Vocab {
    /// Identity of this vocabulary's content (a clone shares it): per-thread caches of
    /// stems are kept per identity. Not part of equality.
    pub(crate) identity: u64,
    /// Suffixes, longest first so the longest match wins.
    suffixes: Vec<String>,
    /// Last bytes of the suffixes: a cheap test before comparing suffixes.
    suffix_last_bytes: [bool; 256],
    min_stem: usize,
    truncate: usize,
    /// A hash set: only looked up, never iterated, and hot in `find_repeats`.
    function_words: HashSet<String>,
    not_names: BTreeSet<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct VocabFile {
    #[serde(default)]
    replace: bool,
    #[serde(default)]
    stemming: StemmingSection,
    #[serde(default)]
    repeats: RepeatsSection,
    #[serde(default)]
    stories: StoriesSection,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct StoriesSection {
    not_names: Option<Vec<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct StemmingSection {
    suffixes: Option<Vec<String>>,
    min_stem: Option<usize>,
    truncate: Option<usize>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RepeatsSection {
    function_words: Option<Vec<String>>,
}

impl Default for Vocab {
    fn default() -> Self {
        // The embedded file is part of the build and covered by a unit test, so a parse
        // failure here is a programming error, not bad input; fall back to an empty
        // vocabulary rather than panic all the same.
        Self::empty()
            .merged(DEFAULT_TOML)
            .unwrap_or_else(|_| Self::empty())
    }
}

impl PartialEq for Vocab {
    fn eq(&self, other: &Self) -> bool {
        self.suffixes == other.suffixes
            && self.min_stem == other.min_stem
            && self.truncate == other.truncate
            && self.function_words == other.function_words
            && self.not_names == other.not_names
    }
}

impl Eq for Vocab {}

/// A new vocabulary identity for every vocabulary built or changed.
fn next_identity() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, AtomicOrdering::Relaxed)
}

impl Vocab {
    fn empty() -> Self {
        Vocab {
            identity: next_identity(),
            suffixes: Vec::new(),
            suffix_last_bytes: [false; 256],
            min_stem: 4,
            truncate: 6,
            function_words: HashSet::new(),
            not_names: BTreeSet::new(),
        }
    }

    /// The defaults extended (or, with `replace = true`, replaced list by list) by a
    /// user's TOML text in the format documented in `data/stories.toml`.
    pub fn with_extra_toml(extra: &str) -> Result<Self, DedupError> {
        Self::default().merged(extra)
    }

    fn merged(mut self, toml_text: &str) -> Result<Self, DedupError> {
        let file: VocabFile = toml::from_str(toml_text)?;
        if let Some(list) = file.stemming.suffixes {
            if file.replace {
                self.suffixes.clear();
            }
            self.suffixes.extend(list.iter().map(|s| s.to_lowercase()));
        }
        if let Some(list) = file.repeats.function_words {
            extend_set(&mut self.function_words, &list, file.replace);
        }
        if let Some(list) = file.stories.not_names {
            extend_set(&mut self.not_names, &list, file.replace);
        }
        self.min_stem = file.stemming.min_stem.unwrap_or(self.min_stem);
        self.truncate = file.stemming.truncate.unwrap_or(self.truncate).max(1);
        self.normalise_suffixes();
        self.identity = next_identity();
        Ok(self)
    }

    fn normalise_suffixes(&mut self) {
        self.suffixes
            .sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        self.suffixes.dedup();
        self.suffix_last_bytes = [false; 256];
        for suffix in &self.suffixes {
            if let Some(&last) = suffix.as_bytes().last() {
                self.suffix_last_bytes[usize::from(last)] = true;
            }
        }
    }

    /// Is this lower-cased capitalised word known not to be a name (weekday, month)?
    pub fn is_not_name(&self, lower: &str) -> bool {
        self.not_names.contains(lower)
    }

    /// Is this lower-cased word a function word (no content for paragraph matching)?
    pub fn is_function_word(&self, lower: &str) -> bool {
        self.function_words.contains(lower)
    }

    /// The stem of a lower-cased word: possessive `'s` and inner hyphens/apostrophes
    /// dropped ("cease-fire" meets "ceasefire"), one suffix stripped, cut to `truncate`
    /// characters.
    pub fn stem(&self, lower: &str) -> String {
        let mut out = String::new();
        self.stem_into(lower, &mut out);
        out
    }

    /// [`Vocab::stem`] into a reused buffer (cleared first): no allocation per word.
    pub fn stem_into(&self, lower: &str, out: &mut String) {
        out.clear();
        let base = lower.strip_suffix("'s").unwrap_or(lower);
        // ASCII words (nearly all) are filtered and cut by bytes, without decoding.
        if base.is_ascii() {
            out.extend(
                base.bytes()
                    .filter(u8::is_ascii_alphanumeric)
                    .map(char::from),
            );
        } else {
            out.extend(base.chars().filter(|c| c.is_alphanumeric()));
        }
        let kept = self.strip_suffix(out).len();
        out.truncate(kept);
        if out.is_ascii() {
            out.truncate(self.truncate);
        } else if let Some((cut, _)) = out.char_indices().nth(self.truncate) {
            out.truncate(cut);
        }
    }

    fn strip_suffix<'w>(&self, word: &'w str) -> &'w str {
        let Some(&last) = word.as_bytes().last() else {
            return word;
        };
        // Most words end in a byte no suffix ends in: skip the comparisons.
        if !self.suffix_last_bytes[usize::from(last)] {
            return word;
        }
        for suffix in &self.suffixes {
            if ends_with_bytes(word.as_bytes(), suffix.as_bytes()) {
                // A suffix is valid UTF-8, so a byte match ends on a char boundary.
                let rest = &word[..word.len() - suffix.len()];
                if char_len(rest) >= self.min_stem {
                    return rest;
                }
            }
        }
        word
    }
}

/// `word.ends_with(suffix)` as a plain byte loop: suffixes are a few bytes, where a
/// call to `memcmp` per suffix cost more than the comparison.
fn ends_with_bytes(word: &[u8], suffix: &[u8]) -> bool {
    word.len() >= suffix.len()
        && word[word.len() - suffix.len()..]
            .iter()
            .zip(suffix)
            .all(|(a, b)| a == b)
}

/// Number of characters, without decoding when the text is ASCII.
pub(crate) fn char_len(text: &str) -> usize {
    if text.is_ascii() {
        text.len()
    } else {
        text.chars().count()
    }
}

fn extend_set<S: Extend<String> + Clear>(set: &mut S, list: &[String], replace: bool) {
    if replace {
        set.clear_all();
    }
    set.extend(list.iter().map(|s| s.to_lowercase()));
}

/// Sets that can be emptied, for [`extend_set`].
trait Clear {
    fn clear_all(&mut self);
}

impl Clear for BTreeSet<String> {
    fn clear_all(&mut self) {
        self.clear();
    }
}

impl Clear for HashSet<String> {
    fn clear_all(&mut self) {
        self.clear();
    }
}

/// Lower-case a word with the shared folding (quotes, dashes) of the model crate, into
/// a reused buffer (cleared first).
pub(crate) fn lower_word_into(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
        // '`' folds to an apostrophe like in `fold_char`.
        if out.contains('`') {
            *out = out.replace('`', "'");
        }
    } else {
        out.extend(
            word.chars()
                .map(stancemap_model::text::fold_char)
                .flat_map(char::to_lowercase),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_default_parses() {
        let vocab = Vocab::empty().merged(DEFAULT_TOML).expect("default toml");
        assert!(vocab.is_function_word("the"));
        assert!(!vocab.suffixes.is_empty());
    }

    #[test]
    fn stems_meet_across_paraphrase_variants() {
        let v = Vocab::default();
        assert_eq!(v.stem("prisoner"), v.stem("prisoners"));
        assert_eq!(v.stem("prisoner"), v.stem("prison"));
        assert_eq!(v.stem("cease-fire"), v.stem("ceasefire"));
        assert_eq!(v.stem("negotiations"), v.stem("negotiating"));
        assert_eq!(v.stem("iran's"), v.stem("iran"));
        assert_eq!(v.stem("news"), "news");
    }

    /// The plain definition of the stem, which the byte-wise fast path must keep.
    fn reference_stem(v: &Vocab, lower: &str) -> String {
        let base = lower.strip_suffix("'s").unwrap_or(lower);
        let filtered: String = base.chars().filter(|c| c.is_alphanumeric()).collect();
        let mut out = filtered.as_str();
        for suffix in &v.suffixes {
            if let Some(rest) = filtered.strip_suffix(suffix.as_str()) {
                if rest.chars().count() >= v.min_stem {
                    out = rest;
                    break;
                }
            }
        }
        out.chars().take(v.truncate).collect()
    }

    proptest::proptest! {
        #[test]
        fn stem_equals_its_plain_definition(word in "[a-z0-9'\\-\u{E9}\u{FC}\u{3C3}]{0,14}(s|es|ing|ation|ers|ly)?") {
            let v = Vocab::default();
            proptest::prop_assert_eq!(v.stem(&word), reference_stem(&v, &word));
        }
    }

    #[test]
    fn extra_toml_extends_or_replaces() {
        let v = Vocab::with_extra_toml("[repeats]\nfunction_words = [\"Whereas\"]").unwrap();
        assert!(v.is_function_word("whereas") && v.is_function_word("the"));
        let v =
            Vocab::with_extra_toml("replace = true\n[repeats]\nfunction_words = [\"x\"]").unwrap();
        assert!(v.is_function_word("x") && !v.is_function_word("the"));
        assert!(Vocab::with_extra_toml("[repeats]\nbogus = 1").is_err());
    }
}
