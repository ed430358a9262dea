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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: TokKind,
    /// First character is upper case (words only).
    pub cap: bool,
}

impl Token {
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
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
pub fn tokenize(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(text.len() / 5);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b' ' {
            i += 1;
            continue;
        }
        if b.is_ascii_alphanumeric() {
            let end = word_end(text, i + 1);
            out.push(Token {
                start: i,
                end,
                kind: TokKind::Word,
                cap: b.is_ascii_uppercase(),
            });
            i = end;
            continue;
        }
        let (c, len) = char_at(text, i);
        if c.is_alphanumeric() {
            let end = word_end(text, i + len);
            out.push(Token {
                start: i,
                end,
                kind: TokKind::Word,
                cap: c.is_uppercase(),
            });
            i = end;
            continue;
        }
        if c == '\n' {
            out.push(Token {
                start: i,
                end: i + 1,
                kind: TokKind::Break,
                cap: false,
            });
        } else if !c.is_whitespace() {
            out.push(Token {
                start: i,
                end: i + len,
                kind: TokKind::Punct(ascii_punct(c)),
                cap: false,
            });
        }
        i += len;
    }
    out
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

/// End of the word continuing at byte `i`: alphanumerics, and hyphens between them.
fn word_end(text: &str, mut i: usize) -> usize {
    let bytes = text.as_bytes();
    while i < bytes.len() {
        if bytes[i].is_ascii_alphanumeric() {
            i += 1;
            continue;
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
    tokens.partition_point(|t| t.start < pos)
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
