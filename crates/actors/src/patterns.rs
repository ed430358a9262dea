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
    /// `contains` of the ASCII `word` lower-cased, when the set answers that without
    /// lower-casing a copy (`None`: it does not).
    fn contains_ascii_lower(&self, _word: &[u8]) -> Option<bool> {
        None
    }
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

/// A set of lower-case words for lookups of ASCII words without lower-casing or
/// hashing: the ASCII members grouped by shape (byte length, first byte), and a word
/// compared byte by byte, lower-cased on the fly, with the few members of its shape.
/// Most words looked up (the word before every mention, capitalised words) share their
/// shape with no member, or with one or two; a hashed lookup cost a copy, a UTF-8
/// check, a hash and a probe each. Non-ASCII words go to the hashed set.
#[derive(Debug, Clone, Default)]
pub struct WordSet {
    set: rustc_hash::FxHashSet<String>,
    /// `members[slots[s]..slots[s + 1]]` are the ASCII members of shape slot `s`
    /// (`shape_slot`).
    slots: Vec<u32>,
    members: Vec<Box<[u8]>>,
}

/// Slots per byte length: the first byte's low six bits (different bytes may share a
/// slot; the comparison decides).
const FIRST_BYTE_SLOTS: usize = 64;

fn shape_slot(len: usize, first: u8) -> usize {
    len * FIRST_BYTE_SLOTS + usize::from(first & 63)
}

impl<'a> FromIterator<&'a String> for WordSet {
    fn from_iter<I: IntoIterator<Item = &'a String>>(words: I) -> Self {
        let set: rustc_hash::FxHashSet<String> = words.into_iter().cloned().collect();
        let mut ascii: Vec<(usize, &[u8])> = set
            .iter()
            .filter(|w| w.is_ascii() && !w.is_empty())
            .map(|w| (shape_slot(w.len(), w.as_bytes()[0]), w.as_bytes()))
            .collect();
        ascii.sort_unstable();
        let longest = ascii.iter().map(|(_, w)| w.len()).max().unwrap_or(0);
        let slot_count = shape_slot(longest + 1, 0);
        let mut slots = Vec::with_capacity(slot_count + 1);
        let mut next = 0;
        for slot in 0..=slot_count {
            while next < ascii.len() && ascii[next].0 < slot {
                next += 1;
            }
            slots.push(next as u32);
        }
        let members = ascii.iter().map(|(_, w)| Box::from(*w)).collect();
        WordSet {
            set,
            slots,
            members,
        }
    }
}

impl LowerSet for WordSet {
    fn contains(&self, word: &str) -> bool {
        self.set.contains(word)
    }

    fn contains_ascii_lower(&self, word: &[u8]) -> Option<bool> {
        let Some(&first) = word.first() else {
            return Some(self.set.contains(""));
        };
        let slot = shape_slot(word.len(), first.to_ascii_lowercase());
        let Some(&[lo, hi]) = self.slots.get(slot..slot + 2).and_then(|r| r.first_chunk()) else {
            return Some(false);
        };
        let same = |m: &[u8]| {
            m.iter()
                .zip(word)
                .all(|(a, b)| *a == b.to_ascii_lowercase())
        };
        Some(
            self.members[lo as usize..hi as usize]
                .iter()
                .any(|m| same(m)),
        )
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
    if word.is_ascii() {
        if let Some(found) = set.contains_ascii_lower(word.as_bytes()) {
            return found;
        }
    }
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
    fn word_sets_answer_as_hashed_sets() {
        let words: Vec<String> = ["in", "to", "at", "of", "from", "über", "a", "x!"]
            .iter()
            .map(|w| w.to_string())
            .collect();
        let shaped: WordSet = words.iter().collect();
        let hashed: rustc_hash::FxHashSet<String> = words.iter().cloned().collect();
        for probe in [
            "in", "In", "IN", "on", "ta", "to", "From", "FROM", "fro", "über", "Über", "a", "A",
            "b", "", "X!", "x!", "!", "tomorrow", "ı",
        ] {
            assert_eq!(
                contains_lower(&shaped, probe),
                contains_lower(&hashed, probe),
                "{probe}"
            );
        }
    }

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
