//! Sentence tokens with absolute byte offsets, and phrase tests on them.

/// A word (letters, digits, inner hyphens, dots of abbreviations like "U.S.") or one
/// punctuation character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tok {
    pub start: usize,
    pub end: usize,
    pub word: bool,
    /// Does the token's text contain '-' (an inner hyphen, "30-day", or the token "-")?
    /// Known from the tokenizer, so per-token tests for "NUMBER-UNIT" need no text.
    pub hyphen: bool,
    /// [`fold_hash`] of the token's text, computed once here: every phrase set tests
    /// tokens by this key before it compares any text.
    pub key: u64,
    /// The bits of the phrase sets with a phrase starting with this word, plus
    /// [`MARKED`] once a [`SetIndex`] has marked the token (0: unknown, every set
    /// looks).
    pub sets: u64,
}

/// [`Tok::sets`] is filled in.
pub const MARKED: u64 = 1 << 63;

/// Which phrase sets have a phrase starting with a given word (by fold key): built once
/// per vocabulary, so a sentence's tokens are marked with one hash lookup each and
/// every later phrase test rejects a word by one bit test.
#[derive(Debug, Clone, Default)]
pub struct SetIndex {
    by_key: rustc_hash::FxHashMap<u64, u64>,
    sets: usize,
}

impl SetIndex {
    /// Give `set` the next bit (at most 63 sets; later ones keep the plain lookup).
    pub fn add(&mut self, set: &mut PhraseSet) {
        set.bit = 0;
        if self.sets >= 63 || set.is_empty() {
            return;
        }
        set.bit = 1 << self.sets;
        self.sets += 1;
        for &key in set.by_first.keys() {
            *self.by_key.entry(key).or_default() |= set.bit;
        }
    }

    /// Mark the tokens with the sets their word may start a phrase of.
    pub fn mark(&self, toks: &mut [Tok]) {
        for t in toks {
            t.sets = MARKED | self.by_key.get(&t.key).copied().unwrap_or(0);
        }
    }
}

impl Tok {
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }
}

/// Tokens of `text[span]`, offsets absolute. Apostrophes split a word ("Iran's" →
/// `Iran` `'` `s`) so possessives are visible; hyphens inside a word keep it whole.
///
/// One pass per token: the byte class decides (ASCII without decoding a char) and the
/// token's [`fold_hash`] is accumulated while its bytes are read, so no token is
/// scanned twice. This runs for every sentence of every document.
pub fn tokenize(text: &str, start: usize, end: usize) -> Vec<Tok> {
    let mut out = Vec::with_capacity((end - start) / 5 + 1);
    tokenize_into(text, start, end, &mut out);
    out
}

/// [`tokenize`] into a buffer the caller reuses (cleared first). Returns
/// [`crate::may_quote`] of `text[start..end]`: every char passes through here, so the
/// quote test costs a compare per token and per non-ASCII char instead of its own scan.
pub fn tokenize_into(text: &str, start: usize, end: usize, out: &mut Vec<Tok>) -> bool {
    use std::hash::Hasher;
    out.clear();
    let bytes = text.as_bytes();
    let mut quote = false;
    let mut pos = start;
    while pos < end {
        let b = bytes[pos];
        let (c, len) = if b.is_ascii() {
            if ASCII_SPACE[usize::from(b)] {
                pos += 1;
                continue;
            }
            quote |= b == b'"';
            (char::from(b), 1)
        } else {
            quote |= is_quote_lead(b);
            let (c, len) = char_at(text, pos);
            if c.is_whitespace() {
                pos += len;
                continue;
            }
            (c, len)
        };
        let mut h = rustc_hash::FxHasher::default();
        h.write_u32(u32::from(fold_char(c)));
        let word = c.is_alphanumeric();
        let mut hyphen = c == '-';
        let mut stop = pos + len;
        while word && stop < end {
            // ASCII letters and digits, the common case, without decoding: one table
            // lookup gives the folded byte (0: not an ASCII letter or digit).
            let folded = ASCII_ALNUM_FOLDED[usize::from(bytes[stop])];
            if folded != 0 {
                h.write_u32(u32::from(folded));
                stop += 1;
                continue;
            }
            quote |= is_quote_lead(bytes[stop]);
            let (d, dl) = char_at(text, stop);
            let inner = (d == '-' || d == '.') && next_is_alnum(text, stop + dl, end);
            if !(d.is_alphanumeric() || inner) {
                break;
            }
            hyphen |= d == '-';
            h.write_u32(u32::from(fold_char(d)));
            stop += dl;
        }
        out.push(Tok {
            start: pos,
            end: stop,
            word,
            hyphen,
            key: h.finish(),
            sets: 0,
        });
        pos = stop;
    }
    quote
}

/// The lead bytes of “ ” (E2) and « » (C2) that [`crate::may_quote`] looks for.
#[inline]
fn is_quote_lead(b: u8) -> bool {
    b == 0xE2 || b == 0xC2
}

/// Per byte: the byte lower-cased when it is an ASCII letter or digit, else 0.
static ASCII_ALNUM_FOLDED: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 128 {
        let b = i as u8;
        if b.is_ascii_alphanumeric() {
            t[i] = b.to_ascii_lowercase();
        }
        i += 1;
    }
    t
};

/// The ASCII bytes `char::is_whitespace` accepts (tab to carriage return, space), as a
/// table.
static ASCII_SPACE: [bool; 128] = {
    let mut t = [false; 128];
    let mut i = 9;
    while i <= 13 {
        t[i] = true;
        i += 1;
    }
    t[32] = true;
    t
};

/// The character at byte `pos` (a char boundary, before the end) and its length.
#[inline]
fn char_at(text: &str, pos: usize) -> (char, usize) {
    match text.as_bytes().get(pos) {
        Some(&b) if b.is_ascii() => (char::from(b), 1),
        _ => text
            .get(pos..)
            .and_then(|rest| rest.chars().next())
            .map_or((' ', 1), |c| (c, c.len_utf8())),
    }
}

fn next_is_alnum(text: &str, pos: usize, end: usize) -> bool {
    pos < end
        && text[pos..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric)
}

/// Is the byte before `pos` and the byte at `end` a word boundary?
pub fn on_word_boundaries(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// Does the token sequence starting at `i` spell `phrase` (words compared
/// case-insensitively, punctuation folded: ’ = ')?
pub fn phrase_at(text: &str, toks: &[Tok], i: usize, phrase: &[String]) -> bool {
    phrase.len() <= toks.len().saturating_sub(i)
        && phrase
            .iter()
            .zip(&toks[i..])
            .all(|(w, t)| same_word(t.text(text), w))
}

pub fn same_word(token: &str, word: &str) -> bool {
    if token.eq_ignore_ascii_case(word) {
        return true;
    }
    // Beyond ASCII case only apostrophes fold (’ ‘ ` → '): two ASCII first bytes that
    // differ ignoring case, neither a backtick, decide most misses without decoding.
    if let (Some(&a), Some(&b)) = (token.as_bytes().first(), word.as_bytes().first()) {
        if a.is_ascii() && b.is_ascii() && a != b'`' && b != b'`' && !a.eq_ignore_ascii_case(&b) {
            return false;
        }
    }
    token.chars().map(fold_char).eq(word.chars().map(fold_char))
}

/// How [`same_word`] compares characters: ASCII lower case, typographic apostrophes as '.
fn fold_char(c: char) -> char {
    match c {
        '’' | '‘' | '`' => '\'',
        c => c.to_ascii_lowercase(),
    }
}

/// Hash of a word as [`same_word`] folds it, computed without allocating: the index key
/// of [`PhraseSet`]. Equal words under [`same_word`] hash equal; a collision only puts
/// a phrase on a list that [`phrase_at`] then rejects.
pub fn fold_hash(w: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    if w.is_ascii() {
        for b in w.bytes() {
            let b = if b == b'`' {
                b'\''
            } else {
                b.to_ascii_lowercase()
            };
            h.write_u32(u32::from(b));
        }
    } else {
        for c in w.chars() {
            h.write_u32(u32::from(fold_char(c)));
        }
    }
    h.finish()
}

/// Split a phrase of the data files into the words the tokenizer would produce.
pub fn phrase_words(phrase: &str) -> Vec<String> {
    let lower = phrase.to_lowercase();
    tokenize(&lower, 0, lower.len())
        .iter()
        .map(|t| lower[t.start..t.end].to_string())
        .collect()
}

/// A set of phrases (lists of lower-case words) indexed by their first word, so testing
/// a token costs one hash lookup instead of a scan of the list: these tests run for
/// every token of every sentence.
#[derive(Debug, Clone, Default)]
pub struct PhraseSet {
    by_first: rustc_hash::FxHashMap<u64, Vec<Phrase>>,
    /// Distinct phrase lengths, for [`PhraseSet::ends_before`].
    lengths: Vec<usize>,
    /// Lower-cased first bytes of the first words: most tokens are rejected by one table
    /// lookup before any hashing.
    first_bytes: Vec<bool>,
    /// This set's bit in a [`SetIndex`] (0: not indexed).
    bit: u64,
}

impl PhraseSet {
    pub fn new(phrases: impl IntoIterator<Item = Vec<String>>) -> Self {
        let mut set = PhraseSet::default();
        set.extend(phrases);
        set
    }

    /// Add phrases (duplicates are ignored).
    pub fn extend(&mut self, phrases: impl IntoIterator<Item = Vec<String>>) {
        // New first words are not in the index the bit came from.
        self.bit = 0;
        for p in phrases {
            let Some(first) = p.first() else { continue };
            if !self.lengths.contains(&p.len()) {
                self.lengths.push(p.len());
            }
            if self.first_bytes.is_empty() {
                self.first_bytes = vec![false; 256];
            }
            let key = fold_hash(first);
            // Marked as folded: a phrase word "’s" must let a token "'s" through.
            if let Some(c) = first.chars().next().map(fold_char) {
                let mut buf = [0u8; 4];
                let b = c.encode_utf8(&mut buf).as_bytes()[0];
                self.first_bytes[usize::from(b)] = true;
            }
            let list = self.by_first.entry(key).or_default();
            if !list.iter().any(|old| old.words == p) {
                list.push(Phrase::new(p));
                // Longest first: "only if" before "if".
                list.sort_by(|a, b| b.len().cmp(&a.len()).then(a.words.cmp(&b.words)));
            }
        }
    }

    /// Length in tokens of the longest phrase that starts at token `i`.
    ///
    /// Inlined: most calls are per-token loops where the token's set bit rejects the
    /// word, and that test costs less than the call; the lookup stays out of line.
    #[inline]
    pub fn at(&self, text: &str, toks: &[Tok], i: usize) -> Option<usize> {
        let t = toks.get(i)?;
        if !self.may_start(text, t) {
            return None;
        }
        self.longest_at(text, toks, i, t.key)
    }

    /// [`PhraseSet::at`] after the first-word filter: the phrases starting with the key.
    #[inline(never)]
    fn longest_at(&self, text: &str, toks: &[Tok], i: usize, key: u64) -> Option<usize> {
        let list = self.by_first.get(&key)?;
        list.iter().find(|p| p.at(text, toks, i)).map(Phrase::len)
    }

    #[inline]
    pub fn any_at(&self, text: &str, toks: &[Tok], i: usize) -> bool {
        self.at(text, toks, i).is_some()
    }

    /// Does a phrase of exactly `len` words start at token `i`?
    pub fn at_len(&self, text: &str, toks: &[Tok], i: usize, len: usize) -> bool {
        let Some(t) = toks.get(i) else { return false };
        if !self.may_start(text, t) {
            return false;
        }
        self.by_first
            .get(&t.key)
            .is_some_and(|list| list.iter().any(|p| p.len() == len && p.at(text, toks, i)))
    }

    /// Does a phrase end right before token `i`?
    pub fn ends_before(&self, text: &str, toks: &[Tok], i: usize) -> bool {
        self.lengths
            .iter()
            .any(|&len| i >= len && self.at_len(text, toks, i - len, len))
    }

    /// Is the single word `w` one of the one-word phrases?
    pub fn contains_word(&self, w: &str) -> bool {
        self.by_first.get(&fold_hash(w)).is_some_and(|list| {
            list.iter()
                .any(|p| p.len() == 1 && same_word(w, &p.words[0]))
        })
    }

    pub fn is_empty(&self) -> bool {
        self.by_first.is_empty()
    }

    /// Can a phrase start with this token? (The token's set bits when it is marked;
    /// else the first-byte table, where typographic apostrophes and non-ASCII first
    /// bytes always pass to the full lookup.)
    #[inline]
    fn may_start(&self, text: &str, t: &Tok) -> bool {
        if self.bit != 0 && t.sets & MARKED != 0 {
            return t.sets & self.bit != 0;
        }
        self.may_start_unmarked(text, t)
    }

    /// [`PhraseSet::may_start`] for a token no [`SetIndex`] marked.
    fn may_start_unmarked(&self, text: &str, t: &Tok) -> bool {
        match text.as_bytes().get(t.start) {
            Some(&b) if b.is_ascii() => self
                .first_bytes
                .get(usize::from(b.to_ascii_lowercase()))
                .copied()
                .unwrap_or(false),
            Some(_) => !self.by_first.is_empty(),
            None => false,
        }
    }
}

/// One phrase of a [`PhraseSet`]: its words and their keys.
#[derive(Debug, Clone)]
struct Phrase {
    words: Vec<String>,
    keys: Vec<u64>,
}

impl Phrase {
    fn new(words: Vec<String>) -> Self {
        let keys = words.iter().map(|w| fold_hash(w)).collect();
        Phrase { words, keys }
    }

    fn len(&self) -> usize {
        self.words.len()
    }

    /// [`phrase_at`], with the token keys compared first: a different key is a
    /// different word, so most candidates are rejected without touching the text.
    fn at(&self, text: &str, toks: &[Tok], i: usize) -> bool {
        let Some(span) = toks.get(i..i + self.len()) else {
            return false;
        };
        span.iter().zip(&self.keys).all(|(t, k)| t.key == *k)
            && phrase_at(text, toks, i, &self.words)
    }
}

/// Index of the token containing or starting after byte `pos`.
pub fn token_at(toks: &[Tok], pos: usize) -> usize {
    toks.partition_point(|t| t.end <= pos)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tokenizer before the one-pass version, kept to check that the two agree.
    fn reference_tokenize(text: &str, start: usize, end: usize) -> Vec<Tok> {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        let mut pos = start;
        while pos < end {
            let (c, len) = char_at(text, pos);
            if c.is_whitespace() {
                pos += len;
                continue;
            }
            let word = c.is_alphanumeric();
            let mut stop = pos + len;
            while word && stop < end {
                let b = bytes[stop];
                if b.is_ascii_alphanumeric() {
                    stop += 1;
                    continue;
                }
                let (d, dl) = char_at(text, stop);
                let inner = (d == '-' || d == '.') && next_is_alnum(text, stop + dl, end);
                if !(d.is_alphanumeric() || inner) {
                    break;
                }
                stop += dl;
            }
            out.push(Tok {
                start: pos,
                end: stop,
                word,
                hyphen: text[pos..stop].contains('-'),
                key: fold_hash(&text[pos..stop]),
                sets: 0,
            });
            pos = stop;
        }
        out
    }

    #[test]
    fn one_pass_tokenizer_agrees_with_the_reference() {
        let samples = [
            "Iran’s U.S.-backed plan, a 30-day truce.",
            "  “We won’t accept it,” said Ümit Özdağ\u{a0}in Ankara… `quoted` -x- a.b. 3.5%",
            "Straße\tÉLYSÉE\r\n\u{2003}Ⅻ ½ 二〇 x\u{85}y İstanbul ß-",
            "end.",
            "",
            "-",
            "a-",
            "a.-b",
            "U.S.",
            "e.g. x",
        ];
        for s in samples {
            for end in (0..=s.len()).filter(|&e| s.is_char_boundary(e)) {
                assert_eq!(
                    tokenize(s, 0, end),
                    reference_tokenize(s, 0, end),
                    "{s:?} ..{end}"
                );
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn one_pass_tokenizer_agrees_on_any_text(s in "[a-zA-Z0-9 .,'’`\\-\u{a0}\u{2019}éß\u{2003}“”\t]{0,40}") {
            proptest::prop_assert_eq!(tokenize(&s, 0, s.len()), reference_tokenize(&s, 0, s.len()));
        }

        #[test]
        fn the_tokenizer_answers_may_quote(s in "[a-z0-9 .,\"'’`\\-\u{a0}\u{ab}\u{bb}\u{b2}éß\u{2003}\u{2160}“”\t]{0,40}") {
            let mut toks = Vec::new();
            proptest::prop_assert_eq!(tokenize_into(&s, 0, s.len(), &mut toks), crate::may_quote(&s));
        }
    }

    fn words(s: &str) -> Vec<&str> {
        tokenize(s, 0, s.len()).iter().map(|t| t.text(s)).collect()
    }

    #[test]
    fn possessives_split_and_hyphens_inside_words_stay() {
        assert_eq!(
            words("Iran’s U.S.-backed plan, a 30-day truce."),
            [
                "Iran", "’", "s", "U.S", ".", "-", "backed", "plan", ",", "a", "30-day", "truce",
                "."
            ]
        );
    }

    #[test]
    fn marked_tokens_give_the_same_phrase_answers() {
        let s = "They Don’t accept it; only if Iran agrees, it will not accept the deal.";
        let plain = tokenize(s, 0, s.len());
        let mut sets = [
            PhraseSet::new([phrase_words("don't"), phrase_words("will not")]),
            PhraseSet::new([phrase_words("only if"), phrase_words("if")]),
            PhraseSet::new([phrase_words("accept the deal"), phrase_words("accept")]),
        ];
        let mut index = SetIndex::default();
        for set in &mut sets {
            index.add(set);
        }
        let mut marked = plain.clone();
        index.mark(&mut marked);
        for set in &sets {
            for i in 0..plain.len() {
                assert_eq!(set.at(s, &marked, i), set.at(s, &plain, i), "token {i}");
                assert_eq!(
                    set.ends_before(s, &marked, i),
                    set.ends_before(s, &plain, i)
                );
            }
        }
        assert_eq!(sets[2].at(s, &marked, 4), Some(1), "accept");
    }

    #[test]
    fn phrases_compare_case_and_apostrophe_insensitively() {
        let s = "They Don’t Accept it";
        let toks = tokenize(s, 0, s.len());
        assert!(phrase_at(s, &toks, 1, &phrase_words("don't accept")));
        let set = PhraseSet::new([phrase_words("accept"), phrase_words("don't")]);
        assert!(set.ends_before(s, &toks, 5));
        assert!(set.ends_before(s, &toks, 4), "don’t ends before token 4");
        assert!(!set.ends_before(s, &toks, 3));
        assert_eq!(set.at(s, &toks, 1), Some(3));
        assert!(!phrase_at(s, &toks, 0, &phrase_words("them")));
    }
}
