//! Title-Case paragraphs ("The Talks Will Resume On Monday In Doha") restored to
//! sentence case, using capitalisation evidence from normal-case text.

use std::collections::HashMap;

#[cfg(test)]
use crate::config::CleanConfig;
use crate::config::{default_stopwords, push_word_key, word_key};
use crate::scan::{fold_byte, for_folded_words, scan_words, FxBuild, Word};

/// Paragraphs of at most this many words are left alone: headlines and section headings
/// are legitimately written in Title Case.
pub(crate) const MAX_HEADLINE_WORDS: usize = 12;
/// Title-Case score at or above which a paragraph is taken as re-typed in Title Case.
/// The score is (share of capitalised non-stopwords) + (share of capitalised stopwords),
/// both over non-sentence-initial words. Measured on real news: normal paragraphs, even
/// name-heavy ones, stay below 0.66 (names are capitalised, but stopwords never are);
/// Title-Case re-typing scores 0.8-1.5; half-re-typed paragraphs around 0.7 are left
/// alone rather than risk lower-casing names in a normal paragraph.
pub(crate) const TITLE_CASE_SCORE: f32 = 0.75;
/// At least this many non-initial content words must be counted before the score means
/// anything.
const MIN_SCORED_WORDS: usize = 5;
/// A re-typed paragraph capitalises function words too ("Will", "That", "From"); a
/// name-heavy normal paragraph ("Foreign Minister X, Defence Secretary Y") does not. At
/// least two capitalised non-initial stopwords are required so that a list of titles
/// and names is never lower-cased.
const MIN_CAPITALISED_STOPWORDS: usize = 2;
/// Paragraphs scoring at or above this give no capitalisation evidence. Half-re-typed
/// paragraphs score about 0.7; normal prose below 0.45 except rare name lists, whose
/// loss as evidence costs little (the names recur elsewhere).
pub(crate) const EVIDENCE_MAX_SCORE: f32 = 0.6;

/// How a word is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    Lower,
    Capitalised,
    /// All letters upper-case, at least two of them ("NATO", "EU").
    Acronym,
    /// Anything else with letters ("McCarthy", "iPhone") or no letter first ("5G").
    Other,
}

pub(crate) fn shape(word: &str) -> Shape {
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return Shape::Other;
    };
    if first.is_lowercase() {
        return Shape::Lower;
    }
    if !first.is_uppercase() {
        return Shape::Other;
    }
    // One pass over the rest: this runs for every non-initial word of every paragraph.
    let (mut upper, mut lower) = (0usize, 0usize);
    let rest = chars.as_str();
    if rest.is_ascii() {
        for b in rest.bytes() {
            upper += usize::from(b.is_ascii_uppercase());
            lower += usize::from(b.is_ascii_lowercase());
        }
        return shape_of_counts(upper, lower);
    }
    for c in chars {
        if c.is_ascii() {
            upper += usize::from(c.is_ascii_uppercase());
            lower += usize::from(c.is_ascii_lowercase());
        } else {
            upper += usize::from(c.is_uppercase());
            lower += usize::from(c.is_lowercase());
        }
    }
    shape_of_counts(upper, lower)
}

/// The shape of a word with a capital first letter, from the letters after it.
fn shape_of_counts(upper: usize, lower: usize) -> Shape {
    match (upper, lower) {
        (u, 0) if u >= 1 => Shape::Acronym,
        // Includes a single capital letter: "A", "I".
        (0, _) => Shape::Capitalised,
        _ => Shape::Other,
    }
}

/// "Ukraine's" -> "Ukraine", "Russians’" -> "Russians".
pub(crate) fn strip_possessive(word: &str) -> &str {
    // Every suffix ends in 's' or an apostrophe (ASCII, or U+2019 whose last byte is
    // 0x99): most words end otherwise and need no suffix test.
    if !matches!(word.as_bytes().last(), Some(b's' | b'\'' | 0x99)) {
        return word;
    }
    for suffix in ["'s", "\u{2019}s", "'", "\u{2019}"] {
        if let Some(stem) = word.strip_suffix(suffix) {
            if !stem.is_empty() {
                return stem;
            }
        }
    }
    word
}

/// A word of a paragraph with its position and whether it opens a sentence, and what
/// the scan already knows of its stem (the word without a possessive ending).
struct WordAt<'t> {
    start: usize,
    text: &'t str,
    initial: bool,
    stem_shape: Shape,
    /// The [`KeyHasher`] hash of the stem's key.
    stem_hash: u64,
}

/// Words of `text`, each marked sentence-initial when it is the first word or the text
/// between it and the previous word holds sentence (or clause-opening) punctuation.
fn words_with_initial(text: &str) -> Vec<WordAt<'_>> {
    // About one word per six bytes in news text: sized once instead of grown.
    let mut out = Vec::with_capacity(text.len() / 5 + 1);
    let mut hasher = KeyHasher::default();
    scan_words(text, |w| {
        let text = &text[w.start..w.start + w.text.len()];
        out.push(WordAt {
            start: w.start,
            text,
            initial: w.initial,
            stem_shape: w.stem_shape(),
            stem_hash: stem_hash(w, &mut hasher),
        })
    });
    out
}

/// The [`KeyHasher`] hash of the key of `w` without a possessive ending: from the key
/// head the scan loaded when the word is plain ASCII, else from the text.
fn stem_hash(w: &Word<'_>, hasher: &mut KeyHasher) -> u64 {
    match w.plain_stem_len() {
        Some(len) if len <= 16 => hash_head(len, w.stem_head(len)),
        _ => hasher.hash(strip_possessive(w.text)),
    }
}

/// Is a word (lower-case key) a stopword in any language? Used where the document
/// language is not known (corpus statistics); English-first like the rest of stancemap.
type StopFn<'a> = &'a dyn Fn(&str) -> bool;

/// Capitalisation counts of a paragraph's non-initial words.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct CaseProfile {
    words: usize,
    content: usize,
    content_cap: usize,
    stop: usize,
    stop_cap: usize,
}

impl CaseProfile {
    #[cfg(test)]
    fn of(text: &str, is_stop: StopFn<'_>) -> Self {
        let mut p = CaseProfile::default();
        scan_words(text, |w| p.add(w, is_stop(&word_key(w.text))));
        p
    }

    /// Count one word (in order). `stop`: is it a stopword of the document language.
    pub(crate) fn add(&mut self, w: &Word<'_>, stop: bool) {
        self.words += 1;
        if w.initial {
            return;
        }
        let s = w.stem_shape();
        if !matches!(s, Shape::Lower | Shape::Capitalised) {
            return;
        }
        let capital = usize::from(s == Shape::Capitalised);
        if stop {
            self.stop += 1;
            self.stop_cap += capital;
        } else {
            self.content += 1;
            self.content_cap += capital;
        }
    }

    /// Share of capitalised content words plus share of capitalised stopwords.
    fn score(&self) -> f32 {
        let share = |n: usize, d: usize| if d == 0 { 0.0 } else { n as f32 / d as f32 };
        share(self.content_cap, self.content) + share(self.stop_cap, self.stop)
    }
}

/// What a paragraph is, case-wise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CaseKind {
    /// Re-typed in Title Case: to be restored.
    TitleCase,
    /// Normal prose: capitalisation evidence.
    Evidence,
    /// A headline, or partly re-typed: neither.
    Neither,
}

/// Classify a paragraph in one pass: Title Case (long enough not to be a headline), or
/// evidence (not a headline, and not even partly re-typed: score below
/// [`EVIDENCE_MAX_SCORE`], or the re-typing would vouch for itself), or neither.
#[cfg(test)]
pub(crate) fn case_kind(text: &str, is_stop: StopFn<'_>) -> CaseKind {
    case_kind_of(&CaseProfile::of(text, is_stop))
}

/// [`case_kind`] from counts gathered elsewhere (the classification pass).
pub(crate) fn case_kind_of(p: &CaseProfile) -> CaseKind {
    if p.words <= MAX_HEADLINE_WORDS {
        return CaseKind::Neither;
    }
    let score = p.score();
    if p.content >= MIN_SCORED_WORDS
        && p.stop_cap >= MIN_CAPITALISED_STOPWORDS
        && score >= TITLE_CASE_SCORE
    {
        CaseKind::TitleCase
    } else if score < EVIDENCE_MAX_SCORE {
        CaseKind::Evidence
    } else {
        CaseKind::Neither
    }
}

#[cfg(test)]
fn is_title_case(text: &str, is_stop: StopFn<'_>) -> bool {
    case_kind(text, is_stop) == CaseKind::TitleCase
}

/// Corpus capitalisation statistics: for each word (lower-case key), how often it was
/// seen capitalised in the middle of a sentence and how often in lower case, counted only
/// in normal-case paragraphs (Title-Case text and headings carry no evidence).
///
/// Words are stored by a 63-bit hash of their key, not by the key itself: counting runs
/// over every word of every article, and hashing the bytes in place (no key string, no
/// string compare on lookup) made the statistics pass several times cheaper. Two keys
/// share counts only if their hashes collide: with a vocabulary of a million words the
/// chance that any pair does is about 6 × 10⁻⁸. The sightings are gathered by the line
/// scan of [`crate::prepare`] and counted here ([`CaseStats::observe_prepared`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CaseStats {
    counts: HashMap<u64, Counts, FxBuild>,
}

/// Capitalised sightings a known name starts with ([`CaseStats::add_known_names`]).
pub const NAME_PRIOR: u32 = 2;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Counts {
    capital: u32,
    lower: u32,
}

#[cfg(test)]
fn default_config() -> &'static CleanConfig {
    static DEFAULT: std::sync::OnceLock<CleanConfig> = std::sync::OnceLock::new();
    DEFAULT.get_or_init(CleanConfig::default)
}

/// The hash [`CaseStats`] files a word under, from its raw key (see
/// [`crate::scan::Word`]): the bytes are folded as they are read, so an ASCII word is
/// hashed straight from the text, whatever its case, and a folded key hashes the same.
/// Eight bytes per multiply; keys hold no NUL byte, so zero padding is unambiguous.
fn hash_key(raw: &[u8]) -> u64 {
    const K: u64 = 0xf135_7aea_2e62_a9c5;
    let mut h = raw.len() as u64;
    for_folded_words(raw, |word| {
        h = (h.rotate_left(5) ^ word).wrapping_mul(K);
    });
    h ^ (h >> 29)
}

/// [`hash_key`] of a key of `len` ≤ 16 bytes whose folded bytes are `head` (see
/// [`crate::scan::key_head`]): the same one or two multiplies, without reading bytes.
#[inline]
fn hash_head(len: usize, head: u128) -> u64 {
    const K: u64 = 0xf135_7aea_2e62_a9c5;
    let mut h = ((len as u64).rotate_left(5) ^ head as u64).wrapping_mul(K);
    if len > 8 {
        h = (h.rotate_left(5) ^ (head >> 64) as u64).wrapping_mul(K);
    }
    h ^ (h >> 29)
}

/// Is `key` a lookup key already (no ASCII capital, no backtick)? Keys given from
/// outside are taken as they are, as before raw keys existed: "Putin" is not "putin".
fn is_folded(key: &str) -> bool {
    key.bytes().all(|b| fold_byte(b) == b)
}

/// Hashes the lookup key of a word as [`push_word_key`] would build it, without
/// building it for an ASCII word (its bytes are folded while hashing).
#[derive(Default)]
pub(crate) struct KeyHasher {
    /// Key of a non-ASCII word.
    buf: String,
}

impl KeyHasher {
    pub(crate) fn hash(&mut self, word: &str) -> u64 {
        if word.is_ascii() {
            return hash_key(word.as_bytes());
        }
        push_word_key(&mut self.buf, word);
        hash_key(self.buf.as_bytes())
    }
}

impl CaseStats {
    pub fn new() -> Self {
        Self::default()
    }

    /// Credit each one-word name of `names` (a gazetteer's aliases, metonyms and
    /// demonyms) with [`NAME_PRIOR`] capitalised sightings before any text is read: a
    /// known name ("Jerusalem", "Lebanese") seen nowhere else stays capitalised when a
    /// Title-Case paragraph is repaired, while text that writes the word in lower case
    /// more often ("turkey" in a recipe) still overrides it.
    pub fn add_known_names<'a>(&mut self, names: impl IntoIterator<Item = &'a str>) {
        let mut hasher = KeyHasher::default();
        for name in names {
            let one_word = name.starts_with(char::is_uppercase)
                && name.chars().all(|c| c.is_alphabetic() || c == '-');
            if one_word {
                let key = map_key(hasher.hash(name));
                self.counts.entry(key).or_default().capital += NAME_PRIOR;
            }
        }
    }

    /// Room for about `words` distinct words without growing.
    pub(crate) fn with_capacity(words: usize) -> Self {
        CaseStats {
            counts: HashMap::with_capacity_and_hasher(words, FxBuild::default()),
        }
    }

    /// Count the capitalisation of every non-initial word of every normal-case line of
    /// `body`. Headlines (at most 12 words) and (partly) Title-Case lines are skipped;
    /// English stopwords of the default configuration decide what a stopword is.
    /// One word pass per line: the line's sightings are gathered while its case profile
    /// is counted, and counted only when the line turns out to be evidence.
    pub fn observe(&mut self, body: &str) {
        let mut sink = SightingSink::default();
        for line in body.lines() {
            if let Some(sightings) = evidence_sightings(line, &mut sink) {
                self.add_sightings(sightings);
            }
        }
    }

    #[cfg(test)]
    pub(crate) fn observe_paragraph(&mut self, text: &str) {
        let mut sink = SightingSink::default();
        scan_words(text, |w| sink.add(w));
        self.add_sightings(&sink.out);
    }

    /// Count sightings gathered by a [`SightingSink`].
    pub(crate) fn add_sightings(&mut self, sightings: &[Sighting]) {
        for s in sightings {
            let entry = self.counts.entry(s.key()).or_default();
            let capital = u32::from(s.capital());
            entry.capital += capital;
            entry.lower += 1 - capital;
        }
    }

    /// Add another corpus' counts to these.
    pub fn merge(&mut self, other: &CaseStats) {
        for (key, c) in &other.counts {
            let entry = self.counts.entry(*key).or_default();
            entry.capital += c.capital;
            entry.lower += c.lower;
        }
    }

    fn counts_of(&self, hash: u64) -> Option<&Counts> {
        self.counts.get(&map_key(hash))
    }

    /// Evidence says `key` (lower-case) is a proper noun: seen capitalised mid-sentence
    /// more often than in lower case.
    pub fn says_proper(&self, key: &str) -> bool {
        is_folded(key) && self.says_proper_hash(hash_key(key.as_bytes()))
    }

    fn says_proper_hash(&self, hash: u64) -> bool {
        self.counts_of(hash).is_some_and(|c| c.capital > c.lower)
    }

    /// The word was seen at all (either way).
    pub fn has_seen(&self, key: &str) -> bool {
        is_folded(key) && self.counts.contains_key(&map_key(hash_key(key.as_bytes())))
    }

    /// Number of distinct words observed.
    pub fn len(&self) -> usize {
        self.counts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }
}

/// One sighting of a word for [`CaseStats`]: the key hash of the word (its low bit
/// cleared) with, in the low bit, whether it was seen capitalised (else lower-case).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Sighting(u64);

/// The map key of a key hash: the low bit is the sighting's case, so keys have 63 bits
/// (collisions stay as unlikely as the type docs say).
fn map_key(hash: u64) -> u64 {
    hash & !1
}

impl Sighting {
    fn new(hash: u64, capital: bool) -> Self {
        Sighting(map_key(hash) | u64::from(capital))
    }

    fn key(self) -> u64 {
        map_key(self.0)
    }

    fn capital(self) -> bool {
        self.0 & 1 == 1
    }
}

/// Gathers the [`Sighting`]s of the words it is shown, so a line scanned once for its
/// classification signals also gives its case statistics (counted later, when the line
/// is known to be evidence and the corpus statistics are merged).
#[derive(Default)]
pub(crate) struct SightingSink {
    pub(crate) out: Vec<Sighting>,
    hasher: KeyHasher,
}

impl SightingSink {
    /// Room for `sightings` without growing.
    pub(crate) fn with_capacity(sightings: usize) -> Self {
        SightingSink {
            out: Vec::with_capacity(sightings),
            hasher: KeyHasher::default(),
        }
    }

    /// The sightings of one word: none when it opens a sentence (its capital says
    /// nothing); else each hyphen part, and a compound also as a whole by the case of its
    /// last part: "mid-May" says the "May" in "mid-may" is a name even where "may" (the
    /// verb) is common.
    #[inline]
    pub(crate) fn add(&mut self, w: &Word<'_>) {
        if w.initial {
            return;
        }
        match w.plain_stem_len() {
            // Most words: ASCII, no hyphen; the stem's key is the head the scan loaded.
            Some(len) if len <= 16 => {
                let capital = match w.shape() {
                    // ASCII: a second character is a second byte.
                    Shape::Capitalised => w.text.len() > 1,
                    Shape::Acronym => true,
                    Shape::Lower => false,
                    Shape::Other => return,
                };
                if w.shape() != Shape::Capitalised || capital {
                    let hash = hash_head(len, w.stem_head(len));
                    self.out.push(Sighting::new(hash, capital));
                }
            }
            _ => self.add_word(w.text, w.shape()),
        }
    }

    /// Non-ASCII words, compounds and long words (few): kept out of the inlined path.
    #[inline(never)]
    fn add_word(&mut self, word: &str, word_shape: Shape) {
        // Words are short: a plain loop beats a memchr call.
        if !word.bytes().any(|b| b == b'-') {
            self.add_form(strip_possessive(word), word, word_shape);
            return;
        }
        for part in word.split('-') {
            self.add_form(strip_possessive(part), part, shape(part));
        }
        if let Some((_, last)) = word.rsplit_once('-') {
            let last = strip_possessive(last);
            self.add_form(strip_possessive(word), last, shape(last));
        }
    }

    /// One sighting of `key_of` with the case of `cased` (whose shape is `cased_shape`).
    fn add_form(&mut self, key_of: &str, cased: &str, cased_shape: Shape) {
        if let Some(capital) = capital_sighting(cased, cased_shape) {
            let hash = self.hasher.hash(key_of);
            self.out.push(Sighting::new(hash, capital));
        }
    }
}

/// Whether a word written `cased` (of shape `cased_shape`) is a capitalised sighting
/// (`Some(true)`), a lower-case one (`Some(false)`) or neither. An acronym ("NATO",
/// "US") is capital evidence too: a re-typed "Nato" or "Us" keeps its capital. A single
/// capital letter ("A", "I") says nothing.
fn capital_sighting(cased: &str, cased_shape: Shape) -> Option<bool> {
    match cased_shape {
        Shape::Capitalised if cased.chars().nth(1).is_some() => Some(true),
        Shape::Acronym => Some(true),
        Shape::Lower => Some(false),
        _ => None,
    }
}

/// The sightings of `line` when it is corpus evidence (a normal-case line of more than
/// a headline's words; English stopwords of the default configuration), else `None`.
pub(crate) fn evidence_sightings<'s>(
    line: &str,
    sink: &'s mut SightingSink,
) -> Option<&'s [Sighting]> {
    let stopwords = default_stopwords();
    let en = stopwords.language_bit("en").map_or(0, |bit| 1 << bit);
    sink.out.clear();
    let mut profile = CaseProfile::default();
    scan_words(line, |w| {
        profile.add(w, stopwords.mask_of(w) & en != 0);
        sink.add(w);
    });
    (case_kind_of(&profile) == CaseKind::Evidence).then_some(sink.out.as_slice())
}

/// The evidence one document has: its own normal-case paragraphs, then the corpus.
pub(crate) struct Evidence<'a> {
    pub(crate) doc: &'a CaseStats,
    pub(crate) corpus: Option<&'a CaseStats>,
    /// Stopwords are never names, whatever their neighbours.
    pub(crate) is_stop: StopFn<'a>,
}

/// What the evidence says of one word key, from one lookup in each statistics.
#[derive(Debug, Clone, Copy)]
struct Facts {
    /// Seen capitalised mid-sentence more often than in lower case (document or corpus).
    proper: bool,
    /// At least two capitalised sightings and none lower (document or corpus).
    firmly_proper: bool,
    /// Seen at all, either way.
    seen: bool,
}

impl Evidence<'_> {
    /// `hash`: the [`KeyHasher`] hash of the word's key.
    fn facts(&self, hash: u64) -> Facts {
        let doc = self.doc.counts_of(hash);
        let corpus = self.corpus.and_then(|c| c.counts_of(hash));
        let either = |test: fn(&Counts) -> bool| doc.is_some_and(test) || corpus.is_some_and(test);
        Facts {
            proper: either(|c| c.capital > c.lower),
            firmly_proper: either(|c| c.capital >= 2 && c.lower == 0),
            seen: doc.is_some() || corpus.is_some(),
        }
    }

    /// Seen nowhere and not a function word: a candidate first name or title.
    fn unknown_name_candidate(&self, facts: Facts, word: &str) -> bool {
        !facts.seen && !(self.is_stop)(&word_key(word))
    }
}

/// Restore a Title-Case paragraph to sentence case (see the crate docs for the rules).
/// Words are re-cased straight into the output, and looked up by key hash, so a
/// paragraph costs one allocation besides its word list.
pub(crate) fn restore_sentence_case(text: &str, evidence: &Evidence<'_>) -> String {
    let list = words_with_initial(text);
    // One lookup per word in each statistics, for every rule that asks.
    let facts: Vec<Facts> = list.iter().map(|w| evidence.facts(w.stem_hash)).collect();
    let mut hasher = KeyHasher::default();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for (i, w) in list.iter().enumerate() {
        out.push_str(&text[copied..w.start]);
        let end = w.start + w.text.len();
        let ctx = WordContext {
            initial: w.initial,
            initial_letter: text[end..].starts_with('.'),
            next_to_name: list.get(i + 1).is_some_and(|n| {
                facts.get(i + 1).is_some_and(|f| f.proper)
                    && n.start == end + 1
                    && text[end..].starts_with(' ')
            }),
        };
        let word_facts = facts.get(i).copied().unwrap_or(Facts {
            proper: false,
            firmly_proper: false,
            seen: false,
        });
        recase_word(w, word_facts, &ctx, evidence, &mut hasher, &mut out);
        copied = w.start + w.text.len();
    }
    out.push_str(&text[copied..]);
    out
}

struct WordContext {
    initial: bool,
    /// The word is directly followed by '.', as initials and abbreviations are.
    initial_letter: bool,
    /// The next word, across a single space, is an evidenced proper noun.
    next_to_name: bool,
}

/// A stem to re-case, with its shape and what evidence says of it.
struct Stem<'t> {
    text: &'t str,
    shape: Shape,
    facts: Facts,
}

fn recase_word(
    w: &WordAt<'_>,
    facts: Facts,
    ctx: &WordContext,
    evidence: &Evidence<'_>,
    hasher: &mut KeyHasher,
    out: &mut String,
) {
    let word = w.text;
    if !word.contains('-') {
        // One part, whose stem the scan has described already.
        let stem = Stem {
            text: strip_possessive(word),
            shape: w.stem_shape,
            facts,
        };
        recase_part(word, &stem, ctx.initial, ctx, evidence, out);
        return;
    }
    // A compound evidenced as a whole with a capital last part ("mid-May") keeps the
    // capitals of its later parts.
    let compound_proper = facts.proper;
    for (n, part) in word.split('-').enumerate() {
        if n > 0 {
            out.push('-');
        }
        let keep = (n == 0 && ctx.initial) || (n > 0 && compound_proper);
        let text = strip_possessive(part);
        let stem = Stem {
            text,
            shape: shape(text),
            facts: evidence.facts(hasher.hash(text)),
        };
        recase_part(part, &stem, keep, ctx, evidence, out);
    }
}

fn recase_part(
    part: &str,
    stem: &Stem<'_>,
    keep: bool,
    ctx: &WordContext,
    evidence: &Evidence<'_>,
    out: &mut String,
) {
    match stem.shape {
        Shape::Capitalised if !keep && !keeps_capital(stem, ctx, evidence) => {
            push_lower_first(part, out)
        }
        Shape::Lower if !keep && stem.facts.firmly_proper => push_upper_first(part, out),
        _ => out.push_str(part),
    }
}

fn keeps_capital(stem: &Stem<'_>, ctx: &WordContext, evidence: &Evidence<'_>) -> bool {
    let one_char = stem.text.chars().nth(1).is_none();
    if one_char && (ctx.initial_letter || word_key(stem.text) == "i") {
        return true; // the pronoun, or an initial: "J. Smith"
    }
    stem.facts.proper
        || (ctx.next_to_name && evidence.unknown_name_candidate(stem.facts, stem.text))
}

fn push_lower_first(s: &str, out: &mut String) {
    // Most words start with an ASCII capital: no case-mapping table needed.
    if let Some(first) = s.as_bytes().first().filter(|b| b.is_ascii()) {
        out.push(char::from(first.to_ascii_lowercase()));
        out.push_str(s.get(1..).unwrap_or_default());
        return;
    }
    let mut chars = s.chars();
    if let Some(first) = chars.next() {
        out.extend(first.to_lowercase());
        out.push_str(chars.as_str());
    }
}

fn push_upper_first(s: &str, out: &mut String) {
    let mut chars = s.chars();
    if let Some(first) = chars.next() {
        out.extend(first.to_uppercase());
        out.push_str(chars.as_str());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn en_stop(w: &str) -> bool {
        default_config().is_stopword("en", w)
    }

    const NORMAL: &str = "Negotiators from Hamas and Israel met in Doha on Sunday, \
        where Qatari mediators pressed both sides to accept a phased deal that would \
        free hostages in exchange for prisoners and a pause in the fighting.";
    const TITLE: &str = "Negotiators From Hamas And Israel Met In Doha On Sunday, Where \
        Qatari Mediators Pressed Both Sides To Accept A Phased Deal That Would Free \
        Hostages In Exchange For Prisoners.";

    #[test]
    fn detects_title_case_not_normal_or_headline() {
        assert!(is_title_case(TITLE, &en_stop));
        assert!(!is_title_case(NORMAL, &en_stop));
        assert!(!is_title_case(
            "Hamas And Israel Resume Talks In Doha",
            &en_stop
        ));
        let names = "Present were Foreign Minister Ayman Safadi, Defence Secretary John \
            Healey, Secretary of State Marco Rubio and the envoy of the United Nations.";
        assert!(!is_title_case(names, &en_stop));
    }

    #[test]
    fn restores_with_document_evidence() {
        let mut doc = CaseStats::new();
        doc.observe_paragraph(NORMAL);
        let ev = Evidence {
            doc: &doc,
            corpus: None,
            is_stop: &en_stop,
        };
        let got = restore_sentence_case(TITLE, &ev);
        assert_eq!(
            got,
            "Negotiators from Hamas and Israel met in Doha on Sunday, where Qatari \
             mediators pressed both sides to accept a phased deal that would free hostages \
             in exchange for prisoners."
        );
    }

    #[test]
    fn acronyms_initials_and_i_stay() {
        let doc = CaseStats::new();
        let ev = Evidence {
            doc: &doc,
            corpus: None,
            is_stop: &en_stop,
        };
        let got = restore_sentence_case("The IAEA Said I Think J. Doe's Team Will Return.", &ev);
        assert_eq!(got, "The IAEA said I think J. Doe's team will return.");
    }

    #[test]
    fn corpus_evidence_and_neighbours() {
        let mut corpus = CaseStats::new();
        corpus.observe("The talks in Geneva with the envoy Witkoff ended late on Friday night after nine hours.");
        let doc = CaseStats::new();
        let ev = Evidence {
            doc: &doc,
            corpus: Some(&corpus),
            is_stop: &en_stop,
        };
        let got = restore_sentence_case("Talks With Steve Witkoff In Geneva Ended.", &ev);
        assert_eq!(got, "Talks with Steve Witkoff in Geneva ended.");
    }

    #[test]
    fn lower_case_names_fixed_when_firm() {
        let mut doc = CaseStats::new();
        doc.observe_paragraph("He met Putin and later Putin agrees to nothing.");
        let ev = Evidence {
            doc: &doc,
            corpus: None,
            is_stop: &en_stop,
        };
        assert_eq!(
            restore_sentence_case("As Soon As putin Agrees.", &ev),
            "As soon as Putin agrees."
        );
    }

    #[test]
    fn hyphen_parts_and_possessives() {
        let mut doc = CaseStats::new();
        doc.observe_paragraph("the Russian army and Kyiv's plan.");
        let ev = Evidence {
            doc: &doc,
            corpus: None,
            is_stop: &en_stop,
        };
        assert_eq!(
            restore_sentence_case("In Russian-Occupied Areas, Kyiv's Plan Failed.", &ev),
            "In Russian-occupied areas, Kyiv's plan failed."
        );
        let mut doc = CaseStats::new();
        doc.observe_paragraph("talks may resume in mid-May, and they may end in May.");
        doc.observe_paragraph("it may rain and it may not, they may say.");
        let ev = Evidence {
            doc: &doc,
            corpus: None,
            is_stop: &en_stop,
        };
        assert_eq!(
            restore_sentence_case("Talks Resume In Mid-May.", &ev),
            "Talks resume in mid-May."
        );
    }

    #[test]
    fn head_hashes_and_stopword_masks_agree_with_the_bytes() {
        let cfg = default_config();
        let line = "The EU's talks: x-ray NATO's In \u{00C9}tat don't negotiations-related Ukraine\u{2019}s";
        scan_words(line, |w| {
            let key = word_key(w.text);
            if key.len() <= 16 {
                let head = w.key_head;
                assert_eq!(
                    hash_head(key.len(), head),
                    hash_key(key.as_bytes()),
                    "{}",
                    w.text
                );
            }
            assert_eq!(
                cfg.stopwords.mask_of(w),
                cfg.stopwords.mask_raw(w.raw_key.as_bytes()),
                "{}",
                w.text
            );
            let mut fast = SightingSink::default();
            fast.add(w);
            let mut slow = SightingSink::default();
            if !w.initial {
                slow.add_word(w.text, w.shape());
            }
            assert_eq!(fast.out, slow.out, "{}", w.text);
        });
    }

    #[test]
    fn stats_skip_title_case_lines_and_merge() {
        let mut a = CaseStats::new();
        a.observe(TITLE);
        assert!(!a.has_seen("hostages"));
        a.observe(NORMAL);
        assert!(a.says_proper("doha") && !a.says_proper("hostages"));
        let mut b = CaseStats::new();
        b.observe(
            "They met in doha, then in doha again, and once more in doha before the deadline.",
        );
        b.merge(&a);
        assert!(!b.says_proper("doha"));
    }

    #[test]
    fn known_names_count_until_text_says_otherwise() {
        let mut known = CaseStats::new();
        known.add_known_names(["Jerusalem", "Lebanese", "Tel Aviv", "U.S."]);
        assert!(known.says_proper("jerusalem") && known.says_proper("lebanese"));
        // Only one-word names: "Tel Aviv" and "U.S." add nothing.
        assert!(!known.has_seen("tel") && !known.has_seen("aviv"));
        // Text that writes the word in lower case more often wins.
        known.observe(
            "The jerusalem artichoke grows well here, and the jerusalem artichoke soup \
             was served, with more jerusalem artichoke for the guests at the fair.",
        );
        assert!(!known.says_proper("jerusalem"));
    }
}
