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
    /// Letter counts gathered by the ASCII scan (none for non-ASCII lines).
    ascii_case: Option<AsciiCase>,
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
}

impl Word<'_> {
    /// The case shape of the word without a possessive ending ("NATO's" is an acronym).
    pub(crate) fn stem_shape(&self) -> Shape {
        match self.ascii_case {
            Some(c) => c.shape(u32::from(c.possessive)),
            None => shape(strip_possessive(self.text)),
        }
    }

    /// The case shape of the whole word ("NATO's" is neither acronym nor capitalised).
    pub(crate) fn shape(&self) -> Shape {
        match self.ascii_case {
            Some(c) => c.shape(0),
            None => shape(self.text),
        }
    }
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
        } else {
            0
        };
        i += 1;
    }
    t
};

/// Call `f` for every word of `line`, in order. One pass over the bytes: ASCII bytes
/// are classified by table, and only non-ASCII characters are decoded (a typographic
/// quote in a line does not send its other words down a slower path).
pub(crate) fn scan_words(line: &str, mut f: impl FnMut(&Word<'_>)) {
    let bytes = line.as_bytes();
    let mut key = String::new();
    let mut initial = true;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            let class = CLASS[usize::from(b)];
            if class & ALNUM == 0 {
                initial |= class & SENTENCE != 0;
                i += 1;
                continue;
            }
        } else {
            let c = char_at(line, i);
            if !c.is_alphanumeric() {
                initial |= c == '\u{2026}';
                i += c.len_utf8().max(1);
                continue;
            }
        }
        let (end, ascii_case) = word_end(line, i);
        let text = &line[i..end];
        let raw_key = match ascii_case {
            Some(_) => text,
            None => {
                push_word_key(&mut key, text);
                key.as_str()
            }
        };
        f(&Word {
            start: i,
            text,
            raw_key,
            initial,
            ascii_case,
        });
        initial = false;
        i = end;
    }
}

/// The end of the word starting at `start` (an alphanumeric character), and its letter
/// counts when it is all ASCII.
fn word_end(line: &str, start: usize) -> (usize, Option<AsciiCase>) {
    let bytes = line.as_bytes();
    let first = bytes[start];
    let mut ascii = first < 0x80;
    let (mut upper, mut lower) = (0u32, 0u32);
    let mut j = start + char_at(line, start).len_utf8().max(1);
    while j < bytes.len() {
        let b = bytes[j];
        if b < 0x80 {
            let c = CLASS[usize::from(b)];
            if c & ALNUM != 0 {
                upper += u32::from(c & UPPER != 0);
                lower += u32::from(c & LOWER != 0);
            } else if !(c & JOINER != 0 && alnum_at(line, j + 1)) {
                break;
            }
            j += 1;
            continue;
        }
        let c = char_at(line, j);
        let next = j + c.len_utf8().max(1);
        if !(c.is_alphanumeric() || (is_inner_joiner(c) && alnum_at(line, next))) {
            break;
        }
        ascii = false;
        j = next;
    }
    let case = ascii.then(|| AsciiCase {
        first,
        upper_rest: upper,
        lower_rest: lower,
        possessive: j - start > 2 && line[start..j].ends_with("'s"),
    });
    (j, case)
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
