//! One fast pass over the words of a line, with their lookup keys, their case shape and
//! whether they open a sentence. Same word definition as `stancemap_model::text::words`
//! (alphanumeric runs with inner apostrophes and hyphens), but without per-word
//! allocation. This pass runs over every byte of every article.
//!
//! The lookup key of a word is its text lower-cased with apostrophes folded. ASCII words
//! hand out their own text as the *raw key*: every consumer folds bytes with
//! [`fold_byte`] as it reads them (stopword packing, case-statistics hashing), so no key
//! is ever copied. A word with a non-ASCII character builds its key once in a reused
//! buffer; it is folded already, and folding it again changes nothing. (A backtick inside
//! a word is an apostrophe on every line; before the one-pass scan, lines with a
//! non-ASCII character kept it, which no corpus or fixture exercised.)

use stancemap_model::text::fold_char;

use crate::config::push_word_key;

use crate::truecase::{shape, strip_possessive, Shape};

/// A word of a line.
pub(crate) struct Word<'t> {
    pub(crate) start: usize,
    pub(crate) text: &'t str,
    /// The lookup key before ASCII folding: [`fold_byte`] of every byte gives the key
    /// (valid only during the callback).
    pub(crate) raw_key: &'t str,
    /// First word, or the text since the previous word holds `.`, `!`, `?`, `:` or `…`.
    pub(crate) initial: bool,
    /// The first 16 bytes of the key, folded, little-endian, zero-padded: what stopword
    /// lookups and case-statistics hashes read (see [`key_head`]).
    pub(crate) key_head: u128,
    shape: Shape,
    stem_shape: Shape,
    /// The word is ASCII without a hyphen: its stem is hashed straight from the text.
    plain: bool,
    /// Ends in "'s" (ASCII words only).
    possessive: bool,
}

impl Word<'_> {
    /// The case shape of the word without a possessive ending ("NATO's" is an acronym).
    pub(crate) fn stem_shape(&self) -> Shape {
        self.stem_shape
    }

    /// The case shape of the whole word ("NATO's" is neither acronym nor capitalised).
    pub(crate) fn shape(&self) -> Shape {
        self.shape
    }

    /// Does the word start with a lower-case letter?
    pub(crate) fn starts_lower(&self) -> bool {
        self.shape == Shape::Lower
    }

    /// Length in bytes of the word without a possessive "'s", when it is ASCII without
    /// a hyphen (most words), else `None`. Its key is the first that many bytes of
    /// [`Word::key_head`] when it has at most 16.
    pub(crate) fn plain_stem_len(&self) -> Option<usize> {
        self.plain
            .then(|| self.text.len() - if self.possessive { 2 } else { 0 })
    }

    /// [`Word::key_head`] of the stem of a plain word of `stem_len` bytes (see
    /// [`Word::plain_stem_len`]).
    #[inline]
    pub(crate) fn stem_head(&self, stem_len: usize) -> u128 {
        if self.possessive {
            self.key_head & low_bytes(stem_len)
        } else {
            self.key_head
        }
    }
}

/// Case facts of an ASCII word, counted while scanning it.
#[derive(Clone, Copy)]
struct AsciiCase {
    first: u8,
    /// Upper- and lower-case letters after the first byte.
    upper_rest: u32,
    lower_rest: u32,
    /// Ends in "'s" (a possessive the case shape of the stem ignores).
    possessive: bool,
    /// Holds a hyphen (a compound, whose parts count on their own).
    hyphen: bool,
}

impl AsciiCase {
    /// The shape, not counting `ignored_lower` trailing lower-case letters.
    fn shape(self, ignored_lower: u32) -> Shape {
        let class = CLASS[usize::from(self.first)];
        if class & LOWER != 0 {
            return Shape::Lower;
        }
        if class & UPPER == 0 {
            return Shape::Other;
        }
        match (self.upper_rest, self.lower_rest - ignored_lower) {
            (u, 0) if u >= 1 => Shape::Acronym,
            (0, _) => Shape::Capitalised,
            _ => Shape::Other,
        }
    }
}

/// The first `len.min(16)` bytes of `buf[at..at + len]`, folded, as a little-endian
/// integer padded with zero bytes (keys hold no NUL byte, so the padding is
/// unambiguous). Most keys have at most 8 bytes and take one load.
#[inline(always)]
pub(crate) fn key_head(buf: &[u8], at: usize, len: usize) -> u128 {
    if len <= 8 {
        return u128::from(fold8(load_le(buf, at, len)));
    }
    let lo = fold8(load_le(buf, at, 8));
    let hi = fold8(load_le(buf, at + 8, (len - 8).min(8)));
    u128::from(lo) | u128::from(hi) << 64
}

/// `buf[at..at + n]` (`n` ≤ 8) as a little-endian integer, zero-padded: one 8-byte load
/// around the bytes where the buffer has one, byte by byte only in a buffer shorter
/// than 8 bytes.
#[inline]
fn load_le(buf: &[u8], at: usize, n: usize) -> u64 {
    if n == 0 {
        return 0;
    }
    let keep = u64::MAX >> (64 - 8 * n);
    if let Some(chunk) = buf.get(at..at + 8) {
        return le64(chunk) & keep;
    }
    if let Some(chunk) = (at + n)
        .checked_sub(8)
        .and_then(|from| buf.get(from..at + n))
    {
        return le64(chunk) >> (64 - 8 * n);
    }
    buf.get(at..at + n).map_or(0, |bytes| {
        bytes
            .iter()
            .rev()
            .fold(0u64, |acc, b| acc << 8 | u64::from(*b))
    })
}

/// A mask of the low `n` bytes (`n` ≤ 16).
#[inline]
pub(crate) fn low_bytes(n: usize) -> u128 {
    if n >= 16 {
        u128::MAX
    } else {
        (1u128 << (8 * n)) - 1
    }
}

fn le64(chunk: &[u8]) -> u64 {
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(&chunk[..8]);
    u64::from_le_bytes(bytes)
}

/// The key byte of a raw-key byte: ASCII capitals lower-cased, the backtick an
/// apostrophe (as `fold_char` does); every other byte, UTF-8 included, unchanged.
#[inline]
pub(crate) fn fold_byte(b: u8) -> u8 {
    FOLD[usize::from(b)]
}

const FOLD: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = match i as u8 {
            b @ b'A'..=b'Z' => b + 32,
            b'`' => b'\'',
            b => b,
        };
        i += 1;
    }
    t
};

/// Call `f` with the folded key bytes of `raw`, eight at a time, little-endian, the
/// last group zero-padded: the key read in registers, never copied out.
#[inline]
pub(crate) fn for_folded_words(raw: &[u8], mut f: impl FnMut(u64)) {
    let mut chunks = raw.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        f(fold8(u64::from_le_bytes(word)));
    }
    let tail = chunks.remainder();
    if !tail.is_empty() {
        let packed = tail
            .iter()
            .enumerate()
            .fold(0u64, |acc, (k, b)| acc | u64::from(*b) << (8 * k));
        f(fold8(packed));
    }
}

/// [`fold_byte`] on eight bytes at once (SWAR): capitals get bit 0x20; a backtick, rare,
/// goes through the table.
#[inline]
fn fold8(x: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let heptets = x & LOW7;
    // High bit set where the byte is >= 'A', and where it is > 'Z'.
    let ge_a = heptets + 0x3f3f_3f3f_3f3f_3f3f;
    let gt_z = heptets + 0x2525_2525_2525_2525;
    let upper = ge_a & !gt_z & !x & HIGH;
    let folded = x | (upper >> 2);
    // Exact zero-byte test on folded ^ '`': high bit where the byte is a backtick.
    let y = folded ^ 0x6060_6060_6060_6060;
    let backtick = !(((y & LOW7) + LOW7) | y | LOW7);
    if backtick == 0 {
        return folded;
    }
    u64::from_le_bytes(folded.to_le_bytes().map(fold_byte))
}

/// Byte classes of the ASCII scan.
const ALNUM: u8 = 1;
const UPPER: u8 = 2;
const LOWER: u8 = 4;
/// Joins two alphanumeric runs into one word: `'`, `-`, `` ` ``.
const JOINER: u8 = 8;
/// Makes the next word sentence-initial: `.`, `!`, `?`, `:`.
const SENTENCE: u8 = 16;
/// Menu and breadcrumb separators (see [`Marks::SEPARATOR`]).
const SEPARATOR: u8 = 32;
/// Characters of URLs, e-mail addresses and handles (see [`Marks::URL`]).
const URL: u8 = 64;

/// What a line holds between its words, gathered by [`scan_words`] on the way, so the
/// line signals that look for rare characters need not search the line again.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Marks(u8);

impl Marks {
    /// `|`, `>`, `/`, `›`, `»`, `•` or `·`.
    pub(crate) const SEPARATOR: u8 = SEPARATOR;
    /// `/` or `@`.
    pub(crate) const URL: u8 = URL;

    pub(crate) fn has(self, mark: u8) -> bool {
        self.0 & mark != 0
    }
}

const CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 128 {
        let b = i as u8;
        t[i] = if b.is_ascii_uppercase() {
            ALNUM | UPPER
        } else if b.is_ascii_lowercase() {
            ALNUM | LOWER
        } else if b.is_ascii_digit() {
            ALNUM
        } else if matches!(b, b'\'' | b'-' | b'`') {
            JOINER
        } else if matches!(b, b'.' | b'!' | b'?' | b':') {
            SENTENCE
        } else if matches!(b, b'|' | b'>') {
            SEPARATOR
        } else if b == b'/' {
            SEPARATOR | URL
        } else if b == b'@' {
            URL
        } else {
            0
        };
        i += 1;
    }
    t
};

/// Per byte: a letter or digit adds one to the count of its case (upper-case letters
/// in the low 32 bits, lower-case ones in the high half; digits add nothing); every
/// other byte (joiners, punctuation, spaces, any non-ASCII byte) is [`RUN_END`]. The
/// letters of a word are counted with one load and one add per byte.
const RUN: [u64; 256] = {
    let mut t = [RUN_END; 256];
    let mut i = 0;
    while i < 128 {
        let b = i as u8;
        if b.is_ascii_uppercase() {
            t[i] = 1;
        } else if b.is_ascii_lowercase() {
            t[i] = 1 << 32;
        } else if b.is_ascii_digit() {
            t[i] = 0;
        }
        i += 1;
    }
    t
};
const RUN_END: u64 = 1 << 63;

/// Call `f` for every word of `line`, in order. One pass over the bytes: ASCII bytes
/// are classified by table, and only non-ASCII characters are decoded (a typographic
/// quote in a line does not send its other words down a slower path). An ASCII word is
/// read in place by a tight loop; a word that meets a non-ASCII character is read again
/// from its start by the general [`word_end`].
/// Returns the [`Marks`] of the characters between the words.
pub(crate) fn scan_words(line: &str, mut f: impl FnMut(&Word<'_>)) -> Marks {
    let bytes = line.as_bytes();
    let mut key = String::new();
    let mut initial = true;
    let mut marks = 0u8;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let starts_word = if b < 0x80 {
            let class = CLASS[usize::from(b)];
            initial |= class & SENTENCE != 0;
            marks |= class;
            class & ALNUM != 0
        } else {
            let c = char_at(line, i);
            initial |= c == '\u{2026}';
            if matches!(c, '\u{203A}' | '\u{00BB}' | '\u{2022}' | '\u{00B7}') {
                marks |= SEPARATOR;
            }
            if !c.is_alphanumeric() {
                i += c.len_utf8().max(1);
                continue;
            }
            true
        };
        if !starts_word {
            i += 1;
            continue;
        }
        let (end, word) = if let Some((end, case, head)) = short_ascii_word(bytes, i) {
            let text = line.get(i..end).unwrap_or_default();
            (end, ascii_word_with_head(i, text, initial, case, head))
        } else {
            let (end, ascii_case) = match ascii_word_end(bytes, i) {
                Some((end, case)) => (end, Some(case)),
                None => word_end(line, i),
            };
            let text = line.get(i..end).unwrap_or_default();
            let word = match ascii_case {
                Some(case) => ascii_word(bytes, i, text, initial, case),
                None => {
                    push_word_key(&mut key, text);
                    other_word(i, text, &key, initial)
                }
            };
            (end, word)
        };
        // One call site: the callback is inlined once.
        f(&word);
        initial = false;
        i = end;
    }
    Marks(marks & (SEPARATOR | URL))
}

/// The word starting at `start` (an ASCII letter or digit) read from one 8-byte load,
/// when it is at most 7 ASCII letters and digits ended by an ASCII byte that joins
/// nothing (most words of prose): its end, its letter counts and its folded key head,
/// all from bit masks of the eight bytes (SWAR) instead of a loop over them. `None`
/// sends the word to the byte loop ([`ascii_word_end`], [`word_end`]).
#[inline(always)]
fn short_ascii_word(bytes: &[u8], start: usize) -> Option<(usize, AsciiCase, u128)> {
    let x = le64(bytes.get(start..start + 8)?);
    let upper = ascii_in_range(x, b'A', b'Z');
    let lower = ascii_in_range(x, b'a', b'z');
    let alnum = upper | lower | ascii_in_range(x, b'0', b'9');
    let stop = !alnum & HIGH_BITS;
    if stop == 0 {
        return None;
    }
    let len = (stop.trailing_zeros() / 8) as usize;
    let after = (x >> (8 * len)) as u8;
    if after >= 0x80 || CLASS[usize::from(after)] & JOINER != 0 || len == 0 {
        return None;
    }
    let inside = (1u64 << (8 * len)) - 1;
    let rest = inside & !0xff;
    let case = AsciiCase {
        first: x as u8,
        upper_rest: (upper & rest).count_ones(),
        lower_rest: (lower & rest).count_ones(),
        possessive: false,
        hyphen: false,
    };
    // Capitals get bit 0x20: the key bytes, folded, zero-padded (as `key_head`).
    let head = (x & inside) | ((upper & inside) >> 2);
    Some((start + len, case, u128::from(head)))
}

const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// Per byte of `x`, the high bit set when the byte is ASCII and within `lo..=hi`.
#[inline(always)]
fn ascii_in_range(x: u64, lo: u8, hi: u8) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const ONES: u64 = 0x0101_0101_0101_0101;
    let heptets = x & LOW7;
    // Bytes below 0x80 plus at most 0x80: no carry into the next byte.
    let at_least_lo = heptets + ONES * u64::from(0x80 - lo);
    let above_hi = heptets + ONES * u64::from(0x7f - hi);
    at_least_lo & !above_hi & !x & HIGH_BITS
}

/// The end and letter counts of the word starting at `start` when it is all ASCII and
/// no non-ASCII character touches it; `None` sends it to [`word_end`].
#[inline]
fn ascii_word_end(bytes: &[u8], start: usize) -> Option<(usize, AsciiCase)> {
    bytes.get(start).filter(|b| **b < 0x80)?;
    let mut counts = 0u64;
    let mut hyphen = false;
    let mut j = start + 1;
    loop {
        (j, counts) = ascii_run(bytes, j, counts);
        match bytes.get(j) {
            Some(&b) if b >= 0x80 => return None,
            Some(&b) if CLASS[usize::from(b)] & JOINER != 0 => match bytes.get(j + 1) {
                Some(&next) if next >= 0x80 => return None,
                Some(&next) if CLASS[usize::from(next)] & ALNUM != 0 => {
                    hyphen |= b == b'-';
                    j += 1;
                }
                _ => break,
            },
            _ => break,
        }
    }
    Some((j, ascii_case(bytes, start, j, counts, hyphen)))
}

#[inline(always)]
fn ascii_word<'t>(
    line: &'t [u8],
    start: usize,
    text: &'t str,
    initial: bool,
    c: AsciiCase,
) -> Word<'t> {
    ascii_word_with_head(start, text, initial, c, key_head(line, start, text.len()))
}

#[inline(always)]
fn ascii_word_with_head<'t>(
    start: usize,
    text: &'t str,
    initial: bool,
    c: AsciiCase,
    key_head: u128,
) -> Word<'t> {
    Word {
        start,
        text,
        raw_key: text,
        initial,
        key_head,
        shape: c.shape(0),
        stem_shape: c.shape(u32::from(c.possessive)),
        plain: !c.hyphen,
        possessive: c.possessive,
    }
}

fn other_word<'t>(start: usize, text: &'t str, key: &'t str, initial: bool) -> Word<'t> {
    Word {
        start,
        text,
        raw_key: key,
        initial,
        key_head: key_head(key.as_bytes(), 0, key.len()),
        shape: shape(text),
        stem_shape: shape(strip_possessive(text)),
        plain: false,
        possessive: false,
    }
}

/// The end of the word starting at `start` (an alphanumeric character), and its letter
/// counts when it is all ASCII.
fn word_end(line: &str, start: usize) -> (usize, Option<AsciiCase>) {
    let bytes = line.as_bytes();
    let mut ascii = bytes[start] < 0x80;
    let mut counts = 0u64;
    let mut hyphen = false;
    let mut j = start
        + if ascii {
            1
        } else {
            char_at(line, start).len_utf8().max(1)
        };
    loop {
        (j, counts) = ascii_run(bytes, j, counts);
        let Some(&b) = bytes.get(j) else { break };
        if b < 0x80 {
            if CLASS[usize::from(b)] & JOINER != 0 && alnum_at(line, j + 1) {
                hyphen |= b == b'-';
                j += 1;
                continue;
            }
            break;
        }
        let c = char_at(line, j);
        let next = j + c.len_utf8().max(1);
        if !(c.is_alphanumeric() || (is_inner_joiner(c) && alnum_at(line, next))) {
            break;
        }
        ascii = false;
        j = next;
    }
    (
        j,
        ascii.then(|| ascii_case(bytes, start, j, counts, hyphen)),
    )
}

/// The run of ASCII letters and digits from `j`: one table load and one add per byte.
/// Returns where it stops and the letter counts added up.
#[inline(always)]
fn ascii_run(bytes: &[u8], mut j: usize, mut counts: u64) -> (usize, u64) {
    while let Some(&b) = bytes.get(j) {
        let v = RUN[usize::from(b)];
        if v & RUN_END != 0 {
            break;
        }
        counts += v;
        j += 1;
    }
    (j, counts)
}

/// The letter counts of the ASCII word `bytes[start..end]` as an [`AsciiCase`].
#[inline(always)]
fn ascii_case(bytes: &[u8], start: usize, end: usize, counts: u64, hyphen: bool) -> AsciiCase {
    AsciiCase {
        first: bytes[start],
        upper_rest: (counts & 0xffff_ffff) as u32,
        lower_rest: (counts >> 32) as u32,
        possessive: end - start > 2 && bytes[end - 2] == b'\'' && bytes[end - 1] == b's',
        hyphen,
    }
}

/// The character starting at byte `i` (a char boundary), or NUL past the end.
fn char_at(line: &str, i: usize) -> char {
    line.get(i..)
        .and_then(|rest| rest.chars().next())
        .unwrap_or('\0')
}

fn alnum_at(line: &str, i: usize) -> bool {
    match line.as_bytes().get(i) {
        Some(&b) if b < 0x80 => CLASS[usize::from(b)] & ALNUM != 0,
        Some(_) => char_at(line, i).is_alphanumeric(),
        None => false,
    }
}

fn is_inner_joiner(c: char) -> bool {
    matches!(fold_char(c), '\'' | '-')
}

/// FxHash (rustc's hasher, from `rustc-hash`): the stopword map is hit once per word of
/// every article and its keys are short, trusted vocabulary, so SipHash's DoS resistance
/// buys nothing.
pub(crate) type FxBuild = rustc_hash::FxBuildHasher;

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(raw: &str) -> String {
        String::from_utf8(raw.bytes().map(fold_byte).collect()).unwrap()
    }

    fn collect(line: &str) -> Vec<(String, String, bool)> {
        let mut out = Vec::new();
        scan_words(line, |w| {
            out.push((w.text.to_string(), folded(w.raw_key), w.initial))
        });
        out
    }

    #[test]
    fn same_words_as_model() {
        for line in [
            "Mid-May: Ukraine\u{2019}s envoy -- 30 days.",
            "\u{201C}No,\u{201D} he said. Don't -- 'quoted' x-",
            "",
            "é-à l'été",
            "Plain ASCII: it's a cease-fire -- x- 'q' `b`a 3.5 U.S. end",
        ] {
            let ours: Vec<(usize, String)> = {
                let mut v = Vec::new();
                scan_words(line, |w| v.push((w.start, w.text.to_string())));
                v
            };
            let model: Vec<(usize, String)> = stancemap_model::text::words(line)
                .map(|(s, w)| (s, w.to_string()))
                .collect();
            assert_eq!(ours, model, "{line}");
        }
    }

    #[test]
    fn ascii_keys_are_word_keys() {
        let line = "The EU's `Deal` -- it's x-Ray, NATO and don`t 3Rd-party.";
        scan_words(line, |w| {
            assert_eq!(
                folded(w.raw_key),
                crate::config::word_key(w.text),
                "{}",
                w.text
            );
        });
    }

    #[test]
    fn eight_byte_folding_agrees_with_the_table() {
        for b in 0..=255u8 {
            for pos in 0..8 {
                let others = 0x4161_7a5a_4060_5b40_u64 & !(0xff << (8 * pos));
                let x = (u64::from(b) << (8 * pos)) | others;
                let by_table = u64::from_le_bytes(x.to_le_bytes().map(fold_byte));
                assert_eq!(fold8(x), by_table, "{b:#x} at {pos}");
            }
        }
    }

    #[test]
    fn shapes_agree_with_text_shapes() {
        for line in [
            "NATO's Plan X's 3Rd iPhone McCarthy A I EU-wide don't",
            "\u{00C9}tat NATO\u{2019}s",
        ] {
            scan_words(line, |w| {
                assert_eq!(w.shape(), shape(w.text), "{}", w.text);
                assert_eq!(
                    w.stem_shape(),
                    shape(strip_possessive(w.text)),
                    "{}",
                    w.text
                );
            });
        }
    }

    proptest::proptest! {
        #[test]
        fn words_keys_and_shapes_agree_with_the_text(
            line in "[aZ9 .:'`\u{2019}\u{e9}\u{c9}-]{0,40}"
        ) {
            let mut ours = Vec::new();
            scan_words(&line, |w| {
                ours.push((w.start, w.text.to_string()));
                let key = crate::config::word_key(w.text);
                assert_eq!(folded(w.raw_key), key, "{}", w.text);
                assert_eq!(w.key_head, key_head(key.as_bytes(), 0, key.len()), "{}", w.text);
                assert_eq!(w.shape(), shape(w.text), "{}", w.text);
                assert_eq!(w.stem_shape(), shape(strip_possessive(w.text)), "{}", w.text);
                if let Some(len) = w.plain_stem_len() {
                    assert_eq!(&w.text[..len], strip_possessive(w.text));
                }
            });
            let model: Vec<(usize, String)> = stancemap_model::text::words(&line)
                .map(|(s, w)| (s, w.to_string()))
                .collect();
            proptest::prop_assert_eq!(ours, model);
        }
    }

    #[test]
    fn key_heads_load_around_the_key() {
        let line = b"ab Negotiators x-ray NATO's z";
        for (at, len) in [(0, 2), (3, 11), (15, 5), (21, 6), (28, 1)] {
            let key = &line[at..at + len];
            let mut padded = [0u8; 16];
            for (p, b) in padded.iter_mut().zip(key) {
                *p = fold_byte(*b);
            }
            assert_eq!(key_head(line, at, len), u128::from_le_bytes(padded));
        }
    }

    #[test]
    fn keys_and_sentence_starts() {
        let got = collect("Kyiv\u{2019}s Plan. Talks: Resume now");
        assert_eq!(
            got,
            vec![
                ("Kyiv\u{2019}s".into(), "kyiv's".into(), true),
                ("Plan".into(), "plan".into(), false),
                ("Talks".into(), "talks".into(), true),
                ("Resume".into(), "resume".into(), true),
                ("now".into(), "now".into(), false),
            ]
        );
    }
}
