//! A small tokenizer for the pattern stage: words (with inner hyphens kept, apostrophes
//! split off so "Ukraine's" is `Ukraine` `'` `s`), punctuation, and line breaks.

use stancemap_model::text::fold_char;

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
}

impl Token {
    fn new(start: usize, end: usize, kind: TokKind, cap: bool) -> Self {
        // `tokenize_into` cuts texts so that offsets fit.
        Token {
            from: start as u32,
            to: end as u32,
            kind,
            cap,
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

/// Split `text` into tokens. White space other than line breaks is skipped. Runs over
/// bytes with an ASCII fast path: this touches every byte of every document.
#[cfg(test)]
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    tokenize_into(text, &mut out);
    out
}

/// [`tokenize`] into a reused vector (cleared first).
pub fn tokenize_into(text: &str, out: &mut Vec<Token>) {
    // Offsets are u32: a text over 4 GiB is tokenized up to there only (no news article
    // comes near).
    let mut cut = text.len().min(u32::MAX as usize);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let text = &text[..cut];
    let bytes = text.as_bytes();
    out.clear();
    out.reserve(text.len() / 5);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b' ' {
            i += 1;
            continue;
        }
        if b.is_ascii_alphanumeric() {
            let end = word_end(text, i + 1);
            out.push(Token::new(i, end, TokKind::Word, b.is_ascii_uppercase()));
            i = end;
            continue;
        }
        let (c, len) = char_at(text, i);
        if c.is_alphanumeric() {
            let end = word_end(text, i + len);
            out.push(Token::new(i, end, TokKind::Word, c.is_uppercase()));
            i = end;
            continue;
        }
        if c == '\n' {
            out.push(Token::new(i, i + 1, TokKind::Break, false));
        } else if !c.is_whitespace() {
            out.push(Token::new(
                i,
                i + len,
                TokKind::Punct(ascii_punct(c)),
                false,
            ));
        }
        i += len;
    }
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

/// End of the word continuing at byte `i`: alphanumerics, and hyphens between them.
fn word_end(text: &str, mut i: usize) -> usize {
    let bytes = text.as_bytes();
    while i < bytes.len() {
        let b = bytes[i];
        if ASCII_ALNUM[usize::from(b)] {
            i += 1;
            continue;
        }
        // Most words end at an ASCII space or punctuation: no char decoding for those.
        if b.is_ascii() && b != b'-' {
            break;
        }
        let (c, len) = char_at(text, i);
        let inner_hyphen = is_hyphen(c) && next_is_alnum(text, i + len);
        if !(c.is_alphanumeric() || inner_hyphen) {
            break;
        }
        i += len;
    }
    i
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
}
