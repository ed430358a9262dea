//! A small tokenizer for the pattern stage: words (with inner hyphens kept, apostrophes
//! split off so "Ukraine's" is `Ukraine` `'` `s`), punctuation, and line breaks.

use stancemap_model::text::fold_char;

use crate::org_names::ACRONYM_LETTERS;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokKind {
    Word,
    /// One punctuation character, folded with [`fold_char`] (’ → ', — → -), as an ASCII
    /// byte; punctuation without an ASCII fold is `?` (one byte keeps tokens small: the
    /// token vector is walked several times per document).
    Punct(u8),
    /// A line break: patterns never cross it.
    Break,
}

/// Byte offsets are `u32` (documents over 4 GiB are not tagged: see [`tokenize_into`]):
/// 12 bytes per token instead of 24, and the token vector is walked several times per
/// document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    from: u32,
    to: u32,
    pub kind: TokKind,
    /// First character is upper case (words only).
    pub cap: bool,
    /// A word with a character that is not a letter or digit inside (an inner hyphen):
    /// the surface automaton walks such words run by run.
    pub joined: bool,
}

impl Token {
    fn new(start: usize, end: usize, kind: TokKind, cap: bool, joined: bool) -> Self {
        // `tokenize_into` cuts texts so that offsets fit.
        Token {
            from: start as u32,
            to: end as u32,
            kind,
            cap,
            joined,
        }
    }
    /// Byte offset of the first byte.
    pub fn start(&self) -> usize {
        self.from as usize
    }
    /// Byte offset after the last byte.
    pub fn end(&self) -> usize {
        self.to as usize
    }
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start()..self.end()]
    }
    pub fn is_word(&self) -> bool {
        self.kind == TokKind::Word
    }
    pub fn is_punct(&self, c: char) -> bool {
        c.is_ascii() && self.kind == TokKind::Punct(c as u8)
    }
}

/// The tokens of a document and the indices of the few kinds of token that later passes
/// start from, filled in the same walk (a separate pass over the tokens cost about as much
/// as a third of the tokenizer). All lists are ascending.
#[derive(Default)]
pub struct TokenIndex {
    pub toks: Vec<Token>,
    /// Capitalised words (the only possible names).
    pub caps: Vec<usize>,
    /// "he", "she", "He", "She".
    pub pronouns: Vec<usize>,
    /// Tokens right after a "the"/"The" word (possible descriptions "the army").
    pub after_the: Vec<usize>,
    /// "who" in any case (possible relative leaders "X, who heads ...").
    pub whos: Vec<usize>,
    /// Words in ASCII capitals of `ACRONYM_LETTERS` bytes ("RSF", "NATO"): the only
    /// possible acronyms.
    pub acronyms: Vec<usize>,
}

impl TokenIndex {
    fn clear(&mut self) {
        self.toks.clear();
        self.caps.clear();
        self.pronouns.clear();
        self.after_the.clear();
        self.whos.clear();
        self.acronyms.clear();
    }

    #[inline(always)]
    fn push_word(&mut self, bytes: &[u8], start: usize, (end, joined): (usize, bool), cap: bool) {
        let i = self.toks.len();
        self.toks
            .push(Token::new(start, end, TokKind::Word, cap, joined));
        if cap {
            self.caps.push(i);
            // Most capitalised words have a lower-case second letter: one test keeps
            // them off the acronym check.
            if bytes.get(start + 1).is_some_and(u8::is_ascii_uppercase) {
                self.index_capitals(&bytes[start..end], i);
            }
        }
        // Only words of two or three bytes starting with h, s, t or w (any case) can be
        // "he", "she", "the" or "who": two tests keep the rest off the byte comparisons.
        if end - start <= 3 && matches!(bytes[start] | 0x20, b'h' | b's' | b't' | b'w') {
            self.index_short_word(&bytes[start..end], i);
        }
    }

    #[inline(never)]
    fn index_capitals(&mut self, w: &[u8], i: usize) {
        if ACRONYM_LETTERS.contains(&w.len()) && w.iter().all(u8::is_ascii_uppercase) {
            self.acronyms.push(i);
        }
    }

    #[inline(never)]
    fn index_short_word(&mut self, w: &[u8], i: usize) {
        match w {
            [h, b'e'] if *h == b'h' || *h == b'H' => self.pronouns.push(i),
            [s, b'h', b'e'] if *s == b's' || *s == b'S' => self.pronouns.push(i),
            b"the" | b"The" => self.after_the.push(i + 1),
            _ if w.eq_ignore_ascii_case(b"who") => self.whos.push(i),
            _ => {}
        }
    }

    fn push(&mut self, start: usize, end: usize, kind: TokKind) {
        self.toks.push(Token::new(start, end, kind, false, false));
    }

    /// A "the" ending the document has no word after it.
    fn finish(&mut self) {
        if self.after_the.last() == Some(&self.toks.len()) {
            self.after_the.pop();
        }
    }
}

/// Split `text` into tokens. White space other than line breaks is skipped. Runs over
/// bytes with an ASCII fast path: this touches every byte of every document.
#[cfg(test)]
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = TokenIndex::default();
    tokenize_into(text, &mut out);
    out.toks
}

/// [`tokenize`] into a reused index (cleared first).
pub fn tokenize_into(text: &str, out: &mut TokenIndex) {
    // Offsets are u32: a text over 4 GiB is tokenized up to there only (no news article
    // comes near).
    let mut cut = text.len().min(u32::MAX as usize);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let text = &text[..cut];
    let bytes = text.as_bytes();
    out.clear();
    out.toks.reserve(text.len() / 5);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // One table load decides the token for ASCII bytes (nearly all of them).
        match ASCII_ACTION[usize::from(b)] {
            Action::Skip => i += 1,
            Action::Word => {
                let (end, joined) = word_end(text, i + 1);
                out.push_word(bytes, i, (end, joined), b.is_ascii_uppercase());
                // Most words are followed by one space: step over it here rather than
                // through the dispatch above (a hard-to-predict jump per token).
                i = end + usize::from(bytes.get(end) == Some(&b' '));
            }
            Action::Break => {
                out.push(i, i + 1, TokKind::Break);
                i += 1;
            }
            Action::Punct(folded) => {
                out.push(i, i + 1, TokKind::Punct(folded));
                i += 1;
            }
            Action::NonAscii => i = push_non_ascii(text, i, out),
        }
    }
    out.finish();
}

/// What the tokenizer does at an ASCII byte; non-ASCII bytes start a UTF-8 character
/// that is decoded.
#[derive(Clone, Copy)]
enum Action {
    Skip,
    Word,
    Break,
    Punct(u8),
    NonAscii,
}

/// `ASCII_ACTION[b]`: the tokenizer's action at byte `b` (the same decisions as decoding
/// the character: letters and digits start words, `\n` breaks, other white space is
/// skipped, punctuation is folded).
static ASCII_ACTION: [Action; 256] = {
    let mut t = [Action::NonAscii; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_alphanumeric() {
            Action::Word
        } else if c == b'\n' {
            Action::Break
        } else if c.is_ascii_whitespace() || c == 0x0b {
            // char::is_whitespace also counts the vertical tab.
            Action::Skip
        } else if c == b'`' {
            // fold_char: the backtick is an apostrophe.
            Action::Punct(b'\'')
        } else {
            // Includes control characters, which are not white space.
            Action::Punct(c)
        };
        b += 1;
    }
    t
};

/// The token starting with the non-ASCII character at byte `i`; returns the byte after it.
fn push_non_ascii(text: &str, i: usize, out: &mut TokenIndex) -> usize {
    let (c, len) = char_at(text, i);
    if c.is_alphanumeric() {
        let (end, joined) = word_end(text, i + len);
        out.push_word(text.as_bytes(), i, (end, joined), c.is_uppercase());
        return end;
    }
    if !c.is_whitespace() {
        out.push(i, i + len, TokKind::Punct(ascii_punct(c)));
    }
    i + len
}

/// The character at byte `i` (a char boundary) and its length.
fn char_at(text: &str, i: usize) -> (char, usize) {
    let b = text.as_bytes()[i];
    if b.is_ascii() {
        return (char::from(b), 1);
    }
    let c = text[i..].chars().next().unwrap_or(' ');
    (c, c.len_utf8())
}

/// `ASCII_ALNUM[b]`: byte `b` is an ASCII letter or digit (one load per byte in the word
/// loop instead of three range tests).
static ASCII_ALNUM: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    t
};

/// End of the word continuing at byte `i`: alphanumerics, and hyphens between them; and
/// whether a hyphen was taken in.
fn word_end(text: &str, i: usize) -> (usize, bool) {
    let bytes = text.as_bytes();
    // The ASCII run first, as a slice scan; most words end there, at an ASCII space or
    // punctuation, and the rare rest (accents, hyphens) goes out of line so this stays
    // small enough to inline into the tokenizer loop.
    let end = bytes[i..]
        .iter()
        .position(|&b| !ASCII_ALNUM[usize::from(b)])
        .map_or(bytes.len(), |run| i + run);
    match bytes.get(end) {
        Some(&b) if !b.is_ascii() || b == b'-' => word_end_slow(text, end),
        _ => (end, false),
    }
}

/// [`word_end`] from a non-ASCII character or a hyphen: decodes characters.
#[inline(never)]
fn word_end_slow(text: &str, mut i: usize) -> (usize, bool) {
    let bytes = text.as_bytes();
    let mut joined = false;
    while i < bytes.len() {
        let b = bytes[i];
        if ASCII_ALNUM[usize::from(b)] {
            i += 1;
            continue;
        }
        if b.is_ascii() && b != b'-' {
            break;
        }
        let (c, len) = char_at(text, i);
        let inner_hyphen = is_hyphen(c) && next_is_alnum(text, i + len);
        if !(c.is_alphanumeric() || inner_hyphen) {
            break;
        }
        joined |= inner_hyphen;
        i += len;
    }
    (i, joined)
}

fn ascii_punct(c: char) -> u8 {
    let folded = fold_char(c);
    if folded.is_ascii() {
        folded as u8
    } else {
        b'?'
    }
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

fn next_is_alnum(text: &str, at: usize) -> bool {
    text[at..].chars().next().is_some_and(char::is_alphanumeric)
}

/// Index of the first token whose start is `>= pos`.
pub fn token_at_or_after(tokens: &[Token], pos: usize) -> usize {
    tokens.partition_point(|t| t.start() < pos)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn possessives_split_and_hyphens_join() {
        let text = "Sudan\u{2019}s al-Burhan — met\nU.S. envoy";
        let toks = tokenize(text);
        let shown: Vec<String> = toks
            .iter()
            .map(|t| match t.kind {
                TokKind::Word => t.text(text).to_string(),
                TokKind::Punct(c) => format!("<{}>", char::from(c)),
                TokKind::Break => "<br>".into(),
            })
            .collect();
        assert_eq!(
            shown,
            [
                "Sudan",
                "<'>",
                "s",
                "al-Burhan",
                "<->",
                "met",
                "<br>",
                "U",
                "<.>",
                "S",
                "<.>",
                "envoy"
            ]
        );
        assert!(toks[0].cap && !toks[2].cap);
    }

    #[test]
    fn short_words_are_indexed() {
        let mut idx = TokenIndex::default();
        tokenize_into("He met the envoy, who said she and WHO left the", &mut idx);
        assert_eq!(idx.pronouns, [0, 7]);
        assert_eq!(idx.after_the, [3]);
        assert_eq!(idx.whos, [5, 9]);
        assert_eq!(idx.caps, [0, 9]);
        assert_eq!(idx.acronyms, [9]);
    }
}
