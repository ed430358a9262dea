//! One tokenisation of a document, shared by repeats, story features and MinHash.
//!
//! All three consumers walk the same words of the same lines, lower-case them, and two
//! of them stem them. Doing that once per document, and the per-word work (lower-case,
//! hashes, stem, function-word test) once per distinct word form, is most of what made
//! them cheap: a news article uses each word form about twice on average, and stemming
//! was the most expensive per-word step.

use std::cell::RefCell;
use std::hash::Hasher;
use std::ops::Range;
use std::sync::OnceLock;

use stancemap_model::text::{fold_char, words};
use xxhash_rust::xxh3::xxh3_64;

use crate::exact::{ascii_prefix_len, bytes_in, HIGH, ONES};
use crate::fx::FxHashMap;
use crate::vocab::{char_len, lower_word_into, Vocab};

/// A distinct word form as written ("Talks" and "talks" are two forms with the same
/// `lower`): what it implies under a vocabulary, whatever the document. Made once per
/// word per thread and kept in the spelling memo; a document refers to its forms there.
#[derive(Debug)]
pub(crate) struct WordForm {
    /// Lower-cased with the shared folding (quotes, dashes).
    lower: Box<str>,
    /// XXH3-64 of `lower`: the word's identity in verbatim-line and shingle hashes.
    pub hash: u64,
    /// `lower` is all ASCII digits (a number).
    pub digits: bool,
    /// `lower` has at least three characters.
    pub long: bool,
    /// `lower` is a function word of the vocabulary.
    pub function_word: bool,
    /// `lower` is known not to be a name (weekday, month).
    pub not_name: bool,
    /// Stem of `lower` (empty unless `digits || long`: nobody asks for the others).
    stem: Box<str>,
    /// XXH3-64 of `stem`.
    pub stem_hash: u64,
    /// The form as written starts with an upper-case letter.
    pub upper_initial: bool,
    /// The form as written starts with a letter.
    pub alpha_initial: bool,
}

/// One word occurrence: byte span in the text and its form.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Token {
    pub start: usize,
    pub end: usize,
    pub form: usize,
}

/// A non-blank line: the byte span of its trimmed content and its tokens.
#[derive(Debug, Clone)]
pub(crate) struct Line {
    pub start: usize,
    pub end: usize,
    pub tokens: Range<usize>,
}

/// The words of one text, tokenised once (see the module docs). Build it with
/// [`DocTokens::new`] and hand it to [`crate::find_repeats_in`],
/// [`crate::StoryFeatures::from_tokens`] and [`crate::MinHasher::signature_of`].
pub struct DocTokens<'a> {
    pub(crate) text: &'a str,
    pub(crate) vocab: &'a Vocab,
    /// The spelling memo of this thread, lent to the document while it lives (see
    /// [`MEMOS`]): its entries hold the forms.
    memo: SpellingMemo,
    /// The document's forms in order of first use: their memo entries.
    forms: Vec<u32>,
    pub(crate) tokens: Vec<Token>,
    pub(crate) lines: Vec<Line>,
    /// The words are exactly the words of `match_key(text)` (see [`key_words_agree`]),
    /// so MinHash may use them.
    pub(crate) key_words_agree: bool,
}

impl<'a> DocTokens<'a> {
    /// Tokens of `text` with the default vocabulary.
    pub fn new(text: &'a str) -> Self {
        static VOCAB: OnceLock<Vocab> = OnceLock::new();
        Self::with_vocab(text, VOCAB.get_or_init(Vocab::default))
    }

    /// Tokens of `text` with a user's vocabulary (see [`Vocab::with_extra_toml`]).
    pub fn with_vocab(text: &'a str, vocab: &'a Vocab) -> Self {
        let mut memo = borrow_memo();
        memo.start_document(vocab);
        let mut doc = DocTokens {
            text,
            vocab,
            memo,
            // About one form per two tokens (news text); sized once instead of grown.
            forms: Vec::with_capacity(text.len() / 12),
            tokens: Vec::with_capacity(text.len() / 6),
            lines: Vec::new(),
            key_words_agree: key_words_agree(text),
        };
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            let trimmed = line.trim();
            if !trimmed.is_empty() {
                let start = offset + (line.len() - line.trim_start().len());
                doc.push_line(trimmed, start);
            }
            offset += line.len();
        }
        doc
    }

    fn push_line(&mut self, line: &'a str, start: usize) {
        let first = self.tokens.len();
        // ASCII lines (nearly all) are split byte-wise; others by the model's `words`,
        // whose rules the byte-wise walk follows (a property test).
        if line.is_ascii() {
            for_each_ascii_word(line.as_bytes(), |at, end| {
                self.push_token(start + at, &line[at..end]);
            });
        } else {
            for (at, word) in words(line) {
                self.push_token(start + at, word);
            }
        }
        self.lines.push(Line {
            start,
            end: start + line.len(),
            tokens: first..self.tokens.len(),
        });
    }

    /// A token: its word's memo entry (made on first sight in this thread), numbered as
    /// a form of this document on first use here. No spelling is copied.
    fn push_token(&mut self, start: usize, word: &str) {
        let entry = self.memo.entry_of(word, self.vocab);
        let form = match self.memo.local_form(entry) {
            Some(form) => form,
            None => {
                let form = self.forms.len();
                // The memo holds at most MEMO_WORDS entries between documents plus one
                // document's words: far below 2³².
                self.forms.push(entry as u32);
                self.memo.set_local_form(entry, form);
                form
            }
        };
        self.tokens.push(Token {
            start,
            end: start + word.len(),
            form,
        });
    }

    /// Number of distinct forms of the document.
    pub(crate) fn form_count(&self) -> usize {
        self.forms.len()
    }

    /// The `number`-th form of the document (numbered by first use).
    pub(crate) fn form_at(&self, number: usize) -> &WordForm {
        &self.memo.entries[self.forms[number] as usize].spelling
    }

    /// The document's forms, in order of first use.
    pub(crate) fn form_iter(&self) -> impl Iterator<Item = &WordForm> + '_ {
        self.forms
            .iter()
            .map(|&entry| &self.memo.entries[entry as usize].spelling)
    }

    /// The tokens of a line.
    pub(crate) fn line_tokens(&self, line: &Line) -> &[Token] {
        &self.tokens[line.tokens.clone()]
    }

    /// The form of a token.
    pub(crate) fn form(&self, token: &Token) -> &WordForm {
        self.form_at(token.form)
    }

    /// The lower-cased spelling of a form.
    pub(crate) fn lower<'f>(&self, form: &'f WordForm) -> &'f str {
        &form.lower
    }

    /// The stem of a form (empty for short words that are not numbers).
    pub(crate) fn stem<'f>(&self, form: &'f WordForm) -> &'f str {
        &form.stem
    }
}

/// The memo is left out: it holds every word the thread has seen.
impl std::fmt::Debug for DocTokens<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let forms: Vec<&WordForm> = self.form_iter().collect();
        f.debug_struct("DocTokens")
            .field("text", &self.text)
            .field("forms", &forms)
            .field("tokens", &self.tokens)
            .field("lines", &self.lines)
            .field("key_words_agree", &self.key_words_agree)
            .finish_non_exhaustive()
    }
}

impl Drop for DocTokens<'_> {
    fn drop(&mut self) {
        return_memo(std::mem::take(&mut self.memo));
    }
}

fn spelling(word: &str, vocab: &Vocab) -> WordForm {
    let mut lower = String::new();
    lower_word_into(word, &mut lower);
    let digits = lower.bytes().all(|b| b.is_ascii_digit());
    let long = char_len(&lower) >= 3;
    let mut stem = String::new();
    if digits || long {
        vocab.stem_into(&lower, &mut stem);
    }
    let first = word.chars().next();
    WordForm {
        hash: xxh3_64(lower.as_bytes()),
        stem_hash: xxh3_64(stem.as_bytes()),
        digits,
        long,
        function_word: vocab.is_function_word(&lower),
        not_name: vocab.is_not_name(&lower),
        upper_initial: first.is_some_and(char::is_uppercase),
        alpha_initial: first.is_some_and(char::is_alphabetic),
        lower: lower.into_boxed_str(),
        stem: stem.into_boxed_str(),
    }
}

/// Words as written seen by this thread, with their spellings under one vocabulary.
/// News reuse a few tens of thousands of word forms, so lower-casing, stemming and
/// hashing happen about once per word per thread instead of once per document, and a
/// token costs one hash of its bytes and one probe. The memo also numbers the forms of
/// the document being tokenised (`stamp`/`local`), so no per-document map is needed.
/// Bounded: emptied between documents once it holds [`MEMO_WORDS`]; a pure cache (a
/// spelling depends only on the word and the vocabulary), so it cannot change any
/// result.
#[derive(Debug, Default)]
struct SpellingMemo {
    /// [`Vocab::identity`] the entries were made with.
    vocab: u64,
    /// Hash of a word as written → its entry (the first word with that hash).
    by_hash: FxHashMap<u64, usize>,
    /// Words whose hash an earlier, different word already had (practically never).
    collided: FxHashMap<Box<str>, usize>,
    entries: Vec<MemoEntry>,
    /// The words as written, back to back (`MemoEntry::written`).
    written: String,
    /// Number of the document being tokenised.
    document: u32,
}

#[derive(Debug)]
struct MemoEntry {
    written: Range<usize>,
    spelling: WordForm,
    /// The document in which `local` was given.
    stamp: u32,
    /// The form number of this word in document `stamp`.
    local: usize,
}

/// Entries kept per thread (about 120 bytes each).
const MEMO_WORDS: usize = 65_536;

impl SpellingMemo {
    /// Start a document tokenised with `vocab`.
    fn start_document(&mut self, vocab: &Vocab) {
        if self.vocab != vocab.identity
            || self.entries.len() >= MEMO_WORDS
            || self.document == u32::MAX
        {
            self.clear();
            self.vocab = vocab.identity;
        }
        self.document += 1;
    }

    fn clear(&mut self) {
        self.by_hash.clear();
        self.collided.clear();
        self.entries.clear();
        self.written.clear();
        self.document = 0;
    }

    /// The entry of `word`, made on first sight.
    fn entry_of(&mut self, word: &str, vocab: &Vocab) -> usize {
        let hash = written_hash(word);
        if let Some(&entry) = self.by_hash.get(&hash) {
            if self.written_of(entry) == word {
                return entry;
            }
            if let Some(&entry) = self.collided.get(word) {
                return entry;
            }
            let entry = self.push_entry(word, vocab);
            self.collided.insert(word.into(), entry);
            return entry;
        }
        let entry = self.push_entry(word, vocab);
        self.by_hash.insert(hash, entry);
        entry
    }

    fn written_of(&self, entry: usize) -> &str {
        &self.written[self.entries[entry].written.clone()]
    }

    fn push_entry(&mut self, word: &str, vocab: &Vocab) -> usize {
        let written = push_spelling(&mut self.written, word);
        self.entries.push(MemoEntry {
            written,
            spelling: spelling(word, vocab),
            stamp: 0,
            local: 0,
        });
        self.entries.len() - 1
    }

    /// The form number of an entry in the current document, if it has one yet.
    fn local_form(&self, entry: usize) -> Option<usize> {
        let e = &self.entries[entry];
        (e.stamp == self.document).then_some(e.local)
    }

    fn set_local_form(&mut self, entry: usize, form: usize) {
        let e = &mut self.entries[entry];
        e.stamp = self.document;
        e.local = form;
    }
}

/// The memo's key of a word as written: FxHash of its bytes (fast on short words;
/// equal hashes are verified against the word).
fn written_hash(word: &str) -> u64 {
    let mut hasher = rustc_hash::FxHasher::default();
    hasher.write(word.as_bytes());
    hasher.finish()
}

thread_local! {
    /// Spelling memos of this thread not lent to a live document. A document borrows
    /// one for its lifetime and gives it back when dropped, so its forms can point into
    /// the memo instead of copying spellings; the pipeline keeps a text's and a title's
    /// tokens alive together, so a thread holds two memos (the last returned is lent
    /// first: each kind of text gets its own warm memo back).
    static MEMOS: RefCell<Vec<SpellingMemo>> = const { RefCell::new(Vec::new()) };
}

/// Memos kept per thread: the documents alive at once on a thread, at most.
const POOLED_MEMOS: usize = 2;

fn borrow_memo() -> SpellingMemo {
    MEMOS
        .try_with(|memos| memos.borrow_mut().pop())
        .ok()
        .flatten()
        .unwrap_or_default()
}

fn return_memo(memo: SpellingMemo) {
    // During thread teardown the pool may be gone: the memo is then just dropped.
    let _ = MEMOS.try_with(|memos| {
        let mut memos = memos.borrow_mut();
        if memos.len() < POOLED_MEMOS {
            memos.push(memo);
        }
    });
}

/// Calls `emit(start, end)` for each word of an ASCII line, with the rules of the
/// model's `words`: maximal runs of ASCII letters and digits, joined across a single
/// apostrophe, backquote or hyphen that is followed by one. The runs are found eight
/// bytes at a time ([`next_alnum`], [`next_not_alnum`]).
fn for_each_ascii_word(line: &[u8], mut emit: impl FnMut(usize, usize)) {
    let n = line.len();
    let mut i = next_alnum(line, 0);
    while i < n {
        let start = i;
        loop {
            i = next_not_alnum(line, i);
            let joined = i + 1 < n
                && matches!(line[i], b'\'' | b'`' | b'-')
                && line[i + 1].is_ascii_alphanumeric();
            if !joined {
                break;
            }
            i += 1;
        }
        emit(start, i);
        i = next_alnum(line, i);
    }
}

/// The first ASCII letter or digit of `line` (ASCII) at or after `from`, or its length.
fn next_alnum(line: &[u8], from: usize) -> usize {
    next_where(line, from, alnum_bytes)
}

/// The first byte of `line` (ASCII) at or after `from` that is not an ASCII letter or
/// digit, or its length.
fn next_not_alnum(line: &[u8], from: usize) -> usize {
    next_where(line, from, |eight| !alnum_bytes(eight) & HIGH)
}

/// The first byte at or after `from` whose high bit `marks` sets in its word of eight
/// bytes (little-endian), eight bytes per step; byte by byte for the last few.
fn next_where(line: &[u8], from: usize, marks: impl Fn(u64) -> u64) -> usize {
    let mut at = from;
    while let Some(bytes) = line.get(at..at + 8) {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(bytes);
        let marked = marks(u64::from_le_bytes(eight));
        if marked != 0 {
            return at + (marked.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    let rest = line.get(at..).unwrap_or_default();
    let found = rest.iter().position(|&b| {
        let mut eight = [0u8; 8];
        eight[0] = b;
        marks(u64::from_le_bytes(eight)) & 0x80 != 0
    });
    at + found.unwrap_or(rest.len())
}

/// The high bit of every byte of `eight` (ASCII bytes) that is a letter or a digit.
fn alnum_bytes(eight: u64) -> u64 {
    // Setting 0x20 lower-cases exactly the upper-case letters into a..z.
    bytes_in(eight, b'0', b'9') | bytes_in(eight | (ONES * 0x20), b'a', b'z')
}

fn push_spelling(spellings: &mut String, text: &str) -> Range<usize> {
    let start = spellings.len();
    spellings.push_str(text);
    start..spellings.len()
}

/// Are the lower-cased words of `text` (`words` per line, then lower-cased) exactly the
/// words of `match_key(text)` (lower-cased first, then split)? They differ only when
/// lower-casing turns a word character into a non-word one or back (Turkish `İ` becomes
/// `i` plus a combining dot); such a text gets MinHash's own tokenisation.
fn key_words_agree(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut from = 0;
    // Jump from one non-ASCII character to the next: ASCII never disagrees.
    loop {
        let at = from + ascii_prefix_len(&bytes[from..]);
        if at == bytes.len() {
            return true;
        }
        let Some(c) = text.get(at..).and_then(|rest| rest.chars().next()) else {
            return true;
        };
        if !lowercase_keeps_word_class(c) {
            return false;
        }
        from = at + c.len_utf8();
    }
}

fn lowercase_keeps_word_class(c: char) -> bool {
    let alphanumeric = c.is_alphanumeric();
    fold_char(c)
        .to_lowercase()
        .all(|l| l.is_alphanumeric() == alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_are_shared_and_lines_trimmed() {
        let text = "  Talks resumed.\n\n talks  \n***\n";
        let doc = DocTokens::new(text);
        assert_eq!(doc.lines.len(), 3);
        assert_eq!(
            &text[doc.lines[0].start..doc.lines[0].end],
            "Talks resumed."
        );
        assert_eq!(&text[doc.lines[1].start..doc.lines[1].end], "talks");
        assert!(doc.line_tokens(&doc.lines[2]).is_empty());
        let forms: Vec<&str> = doc.tokens.iter().map(|t| doc.lower(doc.form(t))).collect();
        assert_eq!(forms, ["talks", "resumed", "talks"]);
        assert_eq!(doc.form_count(), 3, "'Talks' and 'talks' are two forms");
    }

    #[test]
    fn documents_alive_together_each_keep_their_forms() {
        let lowers = |doc: &DocTokens<'_>| -> Vec<String> {
            doc.tokens
                .iter()
                .map(|t| doc.lower(doc.form(t)).to_string())
                .collect()
        };
        for _ in 0..3 {
            let text = DocTokens::new("Talks resumed in Muscat");
            let title = DocTokens::new("Muscat talks");
            let third = DocTokens::new("resumed");
            assert_eq!(lowers(&text), ["talks", "resumed", "in", "muscat"]);
            assert_eq!(lowers(&title), ["muscat", "talks"]);
            assert_eq!(lowers(&third), ["resumed"]);
        }
    }

    #[test]
    fn the_memo_follows_the_vocabulary() {
        assert!(!DocTokens::new("Whereas talks").form_at(0).function_word);
        let extra = Vocab::with_extra_toml("[repeats]\nfunction_words = [\"whereas\"]")
            .expect("valid extra vocabulary");
        assert!(
            DocTokens::with_vocab("Whereas talks", &extra)
                .form_at(0)
                .function_word
        );
        assert!(!DocTokens::new("Whereas talks").form_at(0).function_word);
    }

    proptest::proptest! {
        /// The byte-wise walk of ASCII lines finds exactly the model's words.
        #[test]
        fn ascii_words_equal_model_words(line in "[a-zA-Z0-9 '`\\-.,\"()]{0,60}") {
            let mut got = Vec::new();
            for_each_ascii_word(line.as_bytes(), |s, e| got.push((s, &line[s..e])));
            let expected: Vec<(usize, &str)> = words(&line).collect();
            proptest::prop_assert_eq!(got, expected);
        }

        /// The same over any printable ASCII, with long words and runs of separators.
        #[test]
        fn any_ascii_words_equal_model_words(line in "([ -~\t]{0,3}[a-zA-Z0-9'`-]{0,19}){0,12}") {
            let mut got = Vec::new();
            for_each_ascii_word(line.as_bytes(), |s, e| got.push((s, &line[s..e])));
            let expected: Vec<(usize, &str)> = words(&line).collect();
            proptest::prop_assert_eq!(got, expected);
        }
    }

    #[test]
    fn word_wide_classes_equal_byte_classes() {
        for b in 0u8..128 {
            let marked = alnum_bytes(u64::from(b)) & 0x80 != 0;
            assert_eq!(marked, b.is_ascii_alphanumeric(), "{b}");
        }
    }

    #[test]
    fn hash_collisions_keep_words_apart() {
        let vocab = Vocab::default();
        let mut memo = SpellingMemo::default();
        memo.start_document(&vocab);
        let talks = memo.entry_of("talks", &vocab);
        // A colliding word: "truce" hashed like "talks" (its hash leads to "talks").
        memo.by_hash.insert(written_hash("truce"), talks);
        let truce = memo.entry_of("truce", &vocab);
        assert_eq!(memo.written_of(truce), "truce");
        assert_eq!(memo.entry_of("truce", &vocab), truce);
        assert_eq!(memo.entry_of("talks", &vocab), talks);
        assert_ne!(talks, truce);
    }

    #[test]
    fn turkish_dotted_capital_falls_back() {
        assert!(key_words_agree(
            "Kyiv\u{2019}s \u{201C}plan\u{201D} \u{C9}t\u{E9}"
        ));
        assert!(!key_words_agree("\u{130}stanbul"));
    }
}
