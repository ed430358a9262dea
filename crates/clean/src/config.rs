//! The cleaner's configuration: stopword lists and boilerplate vocabulary, loaded from the
//! embedded TOML data files and extendable by the user.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::OnceLock;

use regex_automata::meta::Regex as MetaRegex;
use regex_syntax::hir::Hir;
use serde::Deserialize;
use stancemap_model::text::fold_char;

use crate::scan::{fold_byte, for_folded_words, FxBuild, Word};
use crate::CleanError;

const DEFAULT_BOILERPLATE: &str = include_str!("../../../data/boilerplate.toml");
const DEFAULT_STOPWORDS: &str = include_str!("../../../data/stopwords.toml");

/// A language bit set: bit `i` is the `i`-th language of [`StopwordIndex::languages`].
/// 64 languages is far more than any stopword file will hold.
pub(crate) type LangMask = u64;
const MAX_LANGUAGES: usize = 64;

/// Keys of at most this many bytes are looked up packed into a `u128` (every default
/// stopword is; the longest has 11 bytes).
const PACKED_KEY_BYTES: usize = 16;

/// Stopwords of every language in one map, so one hash lookup per word answers "is it a
/// stopword, and in which languages" (the hot path of line classification).
#[derive(Debug, Clone, Default)]
pub(crate) struct StopwordIndex {
    /// Language code -> bit index. A `BTreeMap` keeps indices deterministic.
    languages: BTreeMap<String, usize>,
    words: HashMap<String, LangMask, FxBuild>,
    /// The keys of `words` of at most [`PACKED_KEY_BYTES`] bytes, packed little-endian
    /// and zero-padded (keys hold no NUL byte, so packing is one to one): a lookup folds
    /// the word's bytes into a register and compares integers, with no key string.
    packed: PackedTable,
    /// Prefilter of the packed keys for lookups by bytes ([`StopwordIndex::mask_raw`]),
    /// by length: for each first-byte row, a bit per last byte (see [`filter_slot`]).
    /// Turning a content word away here is cheaper than packing it.
    filter: Vec<[u64; 32]>,
    /// Byte length of the longest key ever added: longer words (most content words) are
    /// answered without hashing.
    longest: usize,
}

impl StopwordIndex {
    pub(crate) fn language_bit(&self, lang: &str) -> Option<usize> {
        self.languages.get(lang).copied()
    }

    pub(crate) fn language_count(&self) -> usize {
        self.languages.len()
    }

    pub(crate) fn language_code(&self, bit: usize) -> Option<&str> {
        self.languages
            .iter()
            .find(|(_, b)| **b == bit)
            .map(|(code, _)| code.as_str())
    }

    /// The English stopword keys, sorted.
    fn english_keys(&self) -> Vec<&str> {
        let Some(bit) = self.language_bit("en") else {
            return Vec::new();
        };
        let mut keys: Vec<&str> = self
            .words
            .iter()
            .filter(|(_, mask)| *mask & (1 << bit) != 0)
            .map(|(key, _)| key.as_str())
            .collect();
        keys.sort_unstable();
        keys
    }

    /// Languages in which `key` (lower-case, folded) is a stopword.
    #[inline]
    pub(crate) fn mask(&self, key: &str) -> LangMask {
        // Only a folded key can be a stopword (an upper-case "The" is not "the").
        if key.bytes().any(|b| fold_byte(b) != b) {
            return 0;
        }
        self.mask_raw(key.as_bytes())
    }

    /// Languages in which the word with raw key `raw` (see [`crate::scan::Word`]) is a
    /// stopword.
    #[inline]
    pub(crate) fn mask_raw(&self, raw: &[u8]) -> LangMask {
        if raw.len() > self.longest {
            return 0;
        }
        if raw.len() <= PACKED_KEY_BYTES {
            if !self.may_hold(raw) {
                return 0;
            }
            return self.packed.get(pack_key(raw));
        }
        let key: Vec<u8> = raw.iter().map(|b| fold_byte(*b)).collect();
        String::from_utf8(key)
            .ok()
            .and_then(|k| self.words.get(&k).copied())
            .unwrap_or(0)
    }

    /// Languages in which `word` is a stopword: [`StopwordIndex::mask_raw`] from the
    /// folded key head the scan loaded (no key bytes read again).
    #[inline(always)]
    pub(crate) fn mask_of(&self, word: &Word<'_>) -> LangMask {
        let len = word.raw_key.len();
        if len > self.longest {
            return 0;
        }
        if len > PACKED_KEY_BYTES || len == 0 {
            return self.mask_raw(word.raw_key.as_bytes());
        }
        self.packed.get(word.key_head)
    }

    /// The prefilter: can a stopword have this length, first and last byte? Most content
    /// words are turned away here, without packing.
    #[inline]
    fn may_hold(&self, raw: &[u8]) -> bool {
        let (Some(first), Some(last)) = (raw.first(), raw.last()) else {
            return true;
        };
        let (row, bit) = filter_slot(*first, *last);
        self.filter
            .get(raw.len())
            .is_none_or(|rows| rows[row] >> bit & 1 == 1)
    }

    fn add_language(
        &mut self,
        lang: &str,
        words: &[String],
        replace: bool,
    ) -> Result<(), CleanError> {
        let bit = match self.languages.get(lang) {
            Some(bit) => *bit,
            None => {
                let bit = self.languages.len();
                if bit >= MAX_LANGUAGES {
                    return Err(CleanError::TooManyLanguages(MAX_LANGUAGES));
                }
                self.languages.insert(lang.to_string(), bit);
                bit
            }
        };
        if replace {
            for mask in self.words.values_mut() {
                *mask &= !(1 << bit);
            }
            self.words.retain(|_, mask| *mask != 0);
        }
        for word in words {
            let key = word_key(word);
            self.longest = self.longest.max(key.len());
            *self.words.entry(key).or_insert(0) |= 1 << bit;
        }
        self.packed = PackedTable::new(
            self.words
                .iter()
                .filter(|(key, _)| key.len() <= PACKED_KEY_BYTES)
                .map(|(key, mask)| (pack_key(key.as_bytes()), *mask)),
        );
        self.filter = vec![[0; 32]; PACKED_KEY_BYTES + 1];
        for key in self.words.keys().map(String::as_bytes) {
            if let (Some(first), Some(last), Some(rows)) =
                (key.first(), key.last(), self.filter.get_mut(key.len()))
            {
                let (row, bit) = filter_slot(*first, *last);
                rows[row] |= 1 << bit;
            }
        }
        Ok(())
    }
}

/// The stopwords of the default configuration, built once. Corpus case evidence is
/// decided with them whatever the configuration; only `data/stopwords.toml` holds
/// stopwords, so no phrase pattern is compiled for them.
pub(crate) fn default_stopwords() -> &'static StopwordIndex {
    static DEFAULT: OnceLock<StopwordIndex> = OnceLock::new();
    DEFAULT.get_or_init(|| {
        let mut cfg = CleanConfig::empty();
        // Embedded and tested, as in `CleanConfig::default`.
        cfg.extend_from_toml(DEFAULT_STOPWORDS)
            .expect("embedded data/stopwords.toml is valid");
        cfg.stopwords
    })
}

/// Packed stopword keys in an open-addressing table (linear probing, at most a quarter
/// full): a lookup is one multiply and, nearly always, one key compare, which answers
/// content words (most lookups) as cheaply as the (length, first, last byte) prefilter
/// that used to guard a general hash map, and stopwords several times more cheaply.
#[derive(Debug, Clone, Default)]
struct PackedTable {
    /// Packed keys; 0 is an empty slot (no key is empty).
    keys: Vec<u128>,
    masks: Vec<LangMask>,
    /// `64 - log2(slots)`: the slot of a key is the top bits of its hash.
    shift: u32,
}

impl PackedTable {
    fn new(entries: impl Iterator<Item = (u128, LangMask)>) -> Self {
        let entries: Vec<(u128, LangMask)> = entries.filter(|(key, _)| *key != 0).collect();
        let slots = (entries.len() * 4).next_power_of_two().max(16);
        let mut table = PackedTable {
            keys: vec![0; slots],
            masks: vec![0; slots],
            shift: 64 - slots.trailing_zeros(),
        };
        for (key, mask) in entries {
            let mut slot = table.slot_of(key);
            while table.keys[slot] != 0 && table.keys[slot] != key {
                slot = (slot + 1) & (slots - 1);
            }
            table.keys[slot] = key;
            table.masks[slot] |= mask;
        }
        table
    }

    #[inline(always)]
    fn slot_of(&self, key: u128) -> usize {
        const K: u64 = 0x9e37_79b9_7f4a_7c15;
        let h = (key as u64 ^ ((key >> 64) as u64).wrapping_mul(K)).wrapping_mul(K);
        (h >> self.shift) as usize
    }

    /// The languages of the packed key `key`, 0 when it is no stopword.
    #[inline(always)]
    fn get(&self, key: u128) -> LangMask {
        if self.keys.is_empty() {
            return 0;
        }
        let last = self.keys.len() - 1;
        let mut slot = self.slot_of(key);
        loop {
            match self.keys.get(slot) {
                Some(k) if *k == key => return self.masks.get(slot).copied().unwrap_or(0),
                Some(0) | None => return 0,
                Some(_) => slot = (slot + 1) & last,
            }
        }
    }
}

/// Where the prefilter keeps a key's first and last byte (folded): row by the first
/// byte's low 5 bits, bit by the last byte's low 6 bits.
#[inline]
fn filter_slot(first: u8, last: u8) -> (usize, u32) {
    (
        usize::from(fold_byte(first) & 31),
        u32::from(fold_byte(last) & 63),
    )
}

/// A raw key of at most [`PACKED_KEY_BYTES`] bytes, folded and packed into an integer.
#[inline]
fn pack_key(raw: &[u8]) -> u128 {
    let (mut packed, mut shift) = (0u128, 0);
    for_folded_words(raw, |word| {
        packed |= u128::from(word) << shift;
        shift += 64;
    });
    packed
}

/// The lookup key of a word: lower-case, typographic apostrophes folded to ASCII.
pub(crate) fn word_key(word: &str) -> String {
    let mut key = String::with_capacity(word.len());
    push_word_key(&mut key, word);
    key
}

/// Like [`word_key`] into a reusable buffer (no allocation per word on the hot path).
pub(crate) fn push_word_key(buf: &mut String, word: &str) {
    buf.clear();
    for c in word.chars() {
        let c = fold_char(c);
        if c.is_ascii() {
            buf.push(c.to_ascii_lowercase());
        } else {
            buf.extend(c.to_lowercase());
        }
    }
}

/// One weighted boilerplate phrase pattern.
#[derive(Debug, Clone)]
pub(crate) struct Phrase {
    pub(crate) pattern: String,
    pub(crate) weight: f32,
}

/// Everything the cleaner needs besides the article: stopword lists and boilerplate
/// vocabulary, with the phrase patterns precompiled into two sets ([`PhraseSets`]).
#[derive(Debug, Clone)]
pub struct CleanConfig {
    pub(crate) stopwords: StopwordIndex,
    pub(crate) phrases: Vec<Phrase>,
    pub(crate) phrase_sets: PhraseSets,
    pub(crate) list_markers: HashSet<String, FxBuild>,
    pub(crate) relative_time_words: HashSet<String, FxBuild>,
    pub(crate) month_words: HashSet<String, FxBuild>,
    /// Lower-case words that open a link line before a colon ("Related: ...").
    pub(crate) link_headings: Vec<String>,
    /// Whether the English stopwords are those of the default configuration (which
    /// decide corpus case evidence), found out on first use.
    english_is_default: OnceLock<bool>,
}

impl Default for CleanConfig {
    /// The embedded `data/boilerplate.toml` and `data/stopwords.toml`.
    fn default() -> Self {
        let mut cfg = CleanConfig::empty();
        // The embedded files are part of the build and covered by tests; failing here is
        // a packaging bug, not an input problem.
        cfg.extend_from_toml(DEFAULT_STOPWORDS)
            .expect("embedded data/stopwords.toml is valid");
        cfg.extend_from_toml(DEFAULT_BOILERPLATE)
            .expect("embedded data/boilerplate.toml is valid");
        cfg
    }
}

/// The TOML shape shared by both data files (and user extensions).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    languages: BTreeMap<String, RawLanguage>,
    #[serde(default)]
    phrases: Vec<RawPhrase>,
    #[serde(default)]
    signals: Option<RawSignals>,
    #[serde(default)]
    replace_phrases: bool,
    #[serde(default)]
    replace_signals: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLanguage {
    #[serde(default)]
    words: Vec<String>,
    #[serde(default)]
    replace: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPhrase {
    pattern: String,
    weight: f32,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSignals {
    #[serde(default)]
    list_markers: Vec<String>,
    #[serde(default)]
    relative_time_words: Vec<String>,
    #[serde(default)]
    month_words: Vec<String>,
    #[serde(default)]
    link_headings: Vec<String>,
}

impl CleanConfig {
    /// A configuration with no vocabulary at all (the base `Default` builds on).
    pub fn empty() -> Self {
        CleanConfig {
            stopwords: StopwordIndex::default(),
            phrases: Vec::new(),
            phrase_sets: PhraseSets::default(),
            list_markers: HashSet::default(),
            relative_time_words: HashSet::default(),
            month_words: HashSet::default(),
            link_headings: Vec::new(),
            english_is_default: OnceLock::new(),
        }
    }

    /// Add (or, with `replace` flags, replace) vocabulary from a TOML string in the format
    /// of `data/stopwords.toml` / `data/boilerplate.toml` (both sections may be mixed in
    /// one string). On error the configuration is left unchanged.
    pub fn extend_from_toml(&mut self, toml_text: &str) -> Result<(), CleanError> {
        let raw: RawFile = toml::from_str(toml_text)?;
        let mut next = self.clone();
        for (lang, list) in &raw.languages {
            let code = lang.trim().to_lowercase();
            next.stopwords
                .add_language(&code, &list.words, list.replace)?;
        }
        if raw.replace_phrases {
            next.phrases.clear();
        }
        for phrase in raw.phrases {
            if !phrase.weight.is_finite() {
                return Err(CleanError::BadWeight(phrase.pattern));
            }
            next.phrases.push(Phrase {
                pattern: phrase.pattern,
                weight: phrase.weight,
            });
        }
        if raw.replace_signals {
            next.list_markers.clear();
            next.relative_time_words.clear();
            next.month_words.clear();
            next.link_headings.clear();
        }
        if let Some(signals) = raw.signals {
            next.list_markers.extend(signals.list_markers);
            next.relative_time_words
                .extend(signals.relative_time_words.iter().map(|w| word_key(w)));
            next.month_words
                .extend(signals.month_words.iter().map(|w| word_key(w)));
            for h in signals.link_headings {
                let h = h.trim().to_lowercase();
                if !h.is_empty() && !next.link_headings.contains(&h) {
                    next.link_headings.push(h);
                }
            }
        }
        next.phrase_sets = PhraseSets::compile(&next.phrases)?;
        next.english_is_default = OnceLock::new();
        *self = next;
        Ok(())
    }

    /// Is `word_lowercase` a stopword of language `lang` (ISO 639-1)? Typographic
    /// apostrophes are folded, so "don’t" and "don't" agree.
    pub fn is_stopword(&self, lang: &str, word_lowercase: &str) -> bool {
        self.stopword_test(lang)(word_lowercase)
    }

    /// [`CleanConfig::is_stopword`] for one language, looked up once: story features ask
    /// it about every word of a document, and the language lookup cost more than the word's.
    pub fn stopword_test(&self, lang: &str) -> impl Fn(&str) -> bool + '_ {
        let bit = self.stopwords.language_bit(lang);
        move |word_lowercase: &str| {
            let Some(bit) = bit else { return false };
            let mask = if word_lowercase.is_ascii() {
                self.stopwords.mask(word_lowercase)
            } else {
                self.stopwords.mask(&word_key(word_lowercase))
            };
            mask & (1 << bit) != 0
        }
    }

    /// Languages that have a stopword list, sorted.
    pub fn stopword_languages(&self) -> Vec<&str> {
        self.stopwords
            .languages
            .keys()
            .map(String::as_str)
            .collect()
    }

    /// Highest weight among the boilerplate phrases matching `key` (a normalised line with
    /// quotes and dashes folded; matching is case-insensitive), 0 if none.
    pub(crate) fn phrase_weight(&self, key: &str) -> f32 {
        self.phrase_sets.weight(key, &self.phrases)
    }
}

/// The phrase patterns compiled into two sets (`regex-automata` meta regexes with one
/// pattern per phrase): those anchored at the start of the line (most: "^advertisement$",
/// "^read more") and the floating others. A set whose every pattern is anchored is
/// searched anchored, so it reads a line only as far as some phrase still matches;
/// mixed into one set with the floating phrases, the anchored ones multiplied the lazy
/// DFA's states, and building states was 95 % of the matching cost.
#[derive(Debug, Clone, Default)]
pub(crate) struct PhraseSets {
    anchored: Option<PhraseSet>,
    floating: Option<PhraseSet>,
}

/// Phrase patterns compiled together, with the index of each in the phrase list.
#[derive(Debug, Clone)]
struct PhraseSet {
    regex: MetaRegex,
    index: Vec<usize>,
}

impl PhraseSets {
    /// Each pattern is parsed once: its syntax tree says whether it is anchored and is
    /// what the set is compiled from.
    fn compile(phrases: &[Phrase]) -> Result<Self, CleanError> {
        let trees = phrases
            .iter()
            .map(parse_phrase)
            .collect::<Result<Vec<Hir>, CleanError>>()?;
        let (anchored, floating): (Vec<usize>, Vec<usize>) =
            (0..trees.len()).partition(|i| anchored_at_start(&trees[*i]));
        Ok(PhraseSets {
            anchored: PhraseSet::compile(phrases, &trees, anchored)?,
            floating: PhraseSet::compile(phrases, &trees, floating)?,
        })
    }

    /// Highest weight of the phrases matching `key`, 0 if none.
    fn weight(&self, key: &str, phrases: &[Phrase]) -> f32 {
        [&self.anchored, &self.floating]
            .into_iter()
            .flatten()
            .map(|set| set.weight(key, phrases))
            .fold(0.0, f32::max)
    }
}

impl PhraseSet {
    /// The phrases at `index` compiled together (`None` when there are none).
    fn compile(
        phrases: &[Phrase],
        trees: &[Hir],
        index: Vec<usize>,
    ) -> Result<Option<Self>, CleanError> {
        if index.is_empty() {
            return Ok(None);
        }
        let chosen: Vec<&Hir> = index.iter().filter_map(|i| trees.get(*i)).collect();
        let regex = compile_phrases(&chosen).ok_or_else(|| {
            let chosen: Vec<&Phrase> = index.iter().filter_map(|i| phrases.get(*i)).collect();
            first_bad_pattern(&chosen)
        })?;
        Ok(Some(PhraseSet { regex, index }))
    }

    fn weight(&self, key: &str, phrases: &[Phrase]) -> f32 {
        // `is_match` runs the lazy DFA alone; nearly all lines match nothing.
        if !self.regex.is_match(key) {
            return 0.0;
        }
        let mut found = regex_automata::PatternSet::new(self.regex.pattern_len());
        self.regex
            .which_overlapping_matches(&regex_automata::Input::new(key), &mut found);
        found
            .iter()
            .filter_map(|p| self.index.get(p.as_usize()))
            .filter_map(|i| phrases.get(*i).map(|p| p.weight))
            .fold(0.0, f32::max)
    }
}

/// Does every match of the phrase start at the start of the line (`^...`, with every
/// alternative anchored)?
fn anchored_at_start(tree: &Hir) -> bool {
    tree.properties()
        .look_set_prefix()
        .contains_anchor_haystack()
}

/// The syntax tree of a phrase pattern: case-insensitive, with ASCII `\b`, and the
/// `regex` crate's other defaults.
fn parse_phrase(phrase: &Phrase) -> Result<Hir, CleanError> {
    regex_syntax::ParserBuilder::new()
        .case_insensitive(true)
        .build()
        .parse(&ascii_word_boundaries(&phrase.pattern))
        .map_err(|_| first_bad_pattern(&[phrase]))
}

/// `\b` in a phrase means an ASCII word boundary. A Unicode word boundary makes the
/// regex engine abandon its fast DFA on any non-ASCII byte (typographic quotes, accented
/// letters) and fall back to the PikeVM, which made phrase matching 10× slower. The
/// phrases' boundaries are next to ASCII letters anyway.
fn ascii_word_boundaries(pattern: &str) -> String {
    pattern.replace("\\b", "(?-u:\\b)")
}

/// The set, or `None` when it does not compile (the caller names the pattern).
fn compile_phrases(trees: &[&Hir]) -> Option<MetaRegex> {
    // The `regex` crate's `RegexSet` configuration, without its literal prefilter: the
    // prefilter of the floating phrases ("email", "print", "get ") fires on most lines
    // and restarts the DFA at each hit, which cost more than the DFA alone.
    let config = MetaRegex::config()
        .match_kind(regex_automata::MatchKind::All)
        .utf8_empty(true)
        .which_captures(regex_automata::nfa::thompson::WhichCaptures::None)
        .nfa_size_limit(Some(10 << 20))
        .hybrid_cache_capacity(2 << 20)
        .auto_prefilter(false);
    MetaRegex::builder()
        .configure(config)
        .build_many_from_hir(trees)
        .ok()
}

fn first_bad_pattern(phrases: &[&Phrase]) -> CleanError {
    for phrase in phrases {
        if let Err(source) = regex::Regex::new(&ascii_word_boundaries(&phrase.pattern)) {
            return CleanError::Pattern {
                pattern: phrase.pattern.clone(),
                source,
            };
        }
    }
    CleanError::Pattern {
        pattern: String::from("<pattern set>"),
        source: regex::Error::Syntax("the phrase set is too large to compile".into()),
    }
}

impl CleanConfig {
    /// Are this configuration's English stopwords those of the default configuration?
    /// Then a line's case profile, counted for classification, also decides whether it
    /// is corpus case evidence (which [`crate::CaseStats::observe`] decides with the
    /// default stopwords, whatever the configuration).
    pub(crate) fn english_is_default(&self) -> bool {
        *self
            .english_is_default
            .get_or_init(|| self.stopwords.english_keys() == default_stopwords().english_keys())
    }

    /// Does the (normalised) line open with a link heading and a colon ("Related: Tanker
    /// rates ease")? Compared without allocating: this runs for every short line.
    pub(crate) fn opens_with_link_heading(&self, line: &str) -> bool {
        self.link_headings.iter().any(|h| {
            line.len() > h.len() + 1
                && line.is_char_boundary(h.len())
                && line[..h.len()].eq_ignore_ascii_case(h)
                && line[h.len()..].trim_start().starts_with(':')
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_stopwords_are_the_default_configurations() {
        let cfg = CleanConfig::default();
        assert!(cfg.english_is_default());
        assert_eq!(
            default_stopwords().english_keys(),
            cfg.stopwords.english_keys()
        );
        assert!(!default_stopwords().english_keys().is_empty());
    }

    #[test]
    fn default_has_eight_languages_with_enough_words() {
        let cfg = CleanConfig::default();
        let langs = cfg.stopword_languages();
        for lang in ["de", "en", "es", "fr", "it", "nl", "pl", "pt"] {
            assert!(langs.contains(&lang), "missing {lang}");
            let bit = cfg.stopwords.language_bit(lang).unwrap();
            let n = cfg
                .stopwords
                .words
                .values()
                .filter(|m| *m & (1 << bit) != 0)
                .count();
            assert!((100..=220).contains(&n), "{lang} has {n} words");
        }
    }

    #[test]
    fn packed_table_answers_every_key_and_only_keys() {
        let cfg = CleanConfig::default();
        let index = &cfg.stopwords;
        for (key, mask) in &index.words {
            assert_eq!(index.mask_raw(key.as_bytes()), *mask, "{key}");
            // Raw keys are folded as ASCII (a non-ASCII word's raw key is its key).
            let upper = key.to_ascii_uppercase();
            assert_eq!(index.mask_raw(upper.as_bytes()), *mask, "{upper}");
        }
        for word in ["ceasefire", "negotiators", "x", "zz", "thee", "th"] {
            assert_eq!(index.mask_raw(word.as_bytes()), 0, "{word}");
        }
        assert_eq!(PackedTable::default().get(pack_key(b"the")), 0);
    }

    #[test]
    fn is_stopword_is_per_language_and_folds_apostrophes() {
        let cfg = CleanConfig::default();
        assert!(cfg.is_stopword("en", "the"));
        assert!(cfg.is_stopword("en", "don\u{2019}t"));
        assert!(!cfg.is_stopword("en", "ceasefire"));
        assert!(cfg.is_stopword("fr", "aussi"));
        assert!(!cfg.is_stopword("en", "aussi"));
        assert!(!cfg.is_stopword("xx", "the"));
    }

    #[test]
    fn extend_adds_and_replaces() {
        let mut cfg = CleanConfig::default();
        cfg.extend_from_toml("[languages.en]\nwords = [\"ceasefire\"]\n")
            .unwrap();
        assert!(cfg.is_stopword("en", "ceasefire"));
        assert!(cfg.is_stopword("en", "the"));
        cfg.extend_from_toml("[languages.en]\nwords = [\"truce\"]\nreplace = true\n")
            .unwrap();
        assert!(cfg.is_stopword("en", "truce"));
        assert!(!cfg.is_stopword("en", "the"));
        assert!(cfg.is_stopword("fr", "les"), "other languages untouched");
    }

    #[test]
    fn extend_adds_phrases_and_rejects_bad_input() {
        let mut cfg = CleanConfig::default();
        assert_eq!(cfg.phrase_weight("join our whatsapp channel"), 0.0);
        cfg.extend_from_toml("[[phrases]]\npattern = '^join our whatsapp'\nweight = 1.4\n")
            .unwrap();
        assert_eq!(cfg.phrase_weight("join our whatsapp channel"), 1.4);
        let before = cfg.phrases.len();
        let err = cfg.extend_from_toml("[[phrases]]\npattern = '(unclosed'\nweight = 1\n");
        assert!(matches!(err, Err(CleanError::Pattern { .. })));
        assert!(matches!(
            cfg.extend_from_toml("[[phrase]]\npattern = 'x'\n"),
            Err(CleanError::Toml(_))
        ));
        assert_eq!(
            cfg.phrases.len(),
            before,
            "failed extension changes nothing"
        );
        cfg.extend_from_toml("replace_phrases = true\n").unwrap();
        assert_eq!(cfg.phrase_weight("advertisement"), 0.0);
    }
}
