//! One fast pass over the words of a line, with their lookup keys, their case shape and
//! whether they open a sentence. Same word definition as `stancemap_model::text::words`
//! (alphanumeric runs with inner apostrophes and hyphens), but without per-word
//! allocation. This pass runs over every byte of every article.
//!
//! The lookup key of a word is its text lower-cased with apostrophes folded. ASCII words
//! hand out their own text as the *raw key*: every consumer folds bytes with
//! [`fold_byte`] as it reads them (stopword packing, case-statistics hashing), so no key
//! is ever copied. Non-ASCII lines build the key once per word in a reused buffer; it is
//! folded already, and folding it again changes nothing.

use stancemap_model::text::fold_char;

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

/// Call `f` for every word of `line`, in order.
pub(crate) fn scan_words(line: &str, f: impl FnMut(&Word<'_>)) {
    if line.is_ascii() {
        scan_ascii(line, f);
    } else {
        scan_unicode(line, f);
    }
}

/// The common case, on bytes, by table: no char decoding, no Unicode tables, no key
/// copies (the raw key is the word itself), letter cases counted on the way.
fn scan_ascii(line: &str, mut f: impl FnMut(&Word<'_>)) {
    let bytes = line.as_bytes();
    let n = bytes.len();
    let mut initial = true;
    let mut i = 0;
    while i < n {
        let class = CLASS[usize::from(bytes[i])];
        if class & ALNUM == 0 {
            initial |= class & SENTENCE != 0;
            i += 1;
            continue;
        }
        let start = i;
        let (mut upper, mut lower) = (0u32, 0u32);
        i += 1;
        while i < n {
            let c = CLASS[usize::from(bytes[i])];
            if c & ALNUM != 0 {
                upper += u32::from(c & UPPER != 0);
                lower += u32::from(c & LOWER != 0);
            } else if !(c & JOINER != 0
                && i + 1 < n
                && CLASS[usize::from(bytes[i + 1])] & ALNUM != 0)
            {
                break;
            }
            i += 1;
        }
        let text = &line[start..i];
        let case = AsciiCase {
            first: bytes[start],
            upper_rest: upper,
            lower_rest: lower,
            possessive: text.len() > 2 && text.ends_with("'s"),
        };
        f(&Word {
            start,
            text,
            raw_key: text,
            initial,
            ascii_case: Some(case),
        });
        initial = false;
    }
}

fn scan_unicode(line: &str, mut f: impl FnMut(&Word<'_>)) {
    let mut key = String::with_capacity(32);
    let mut start: Option<usize> = None;
    let mut initial = true;
    let mut iter = line.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
            push_key_char(&mut key, c);
            continue;
        }
        if start.is_some()
            && is_inner_joiner(c)
            && iter.peek().is_some_and(|(_, n)| n.is_alphanumeric())
        {
            push_key_char(&mut key, c);
            continue;
        }
        if let Some(s) = start.take() {
            emit(&mut f, line, s, i, &key, initial);
            key.clear();
            initial = false;
        }
        if matches!(c, '.' | '!' | '?' | ':' | '\u{2026}') {
            initial = true;
        }
    }
    if let Some(s) = start {
        emit(&mut f, line, s, line.len(), &key, initial);
    }
}

fn emit(
    f: &mut impl FnMut(&Word<'_>),
    line: &str,
    start: usize,
    end: usize,
    key: &str,
    initial: bool,
) {
    f(&Word {
        start,
        text: &line[start..end],
        raw_key: key,
        initial,
        ascii_case: None,
    });
}

fn push_key_char(key: &mut String, c: char) {
    if c.is_ascii() {
        key.push(c.to_ascii_lowercase());
    } else {
        key.extend(fold_char(c).to_lowercase());
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
