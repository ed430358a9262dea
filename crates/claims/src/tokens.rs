//! Sentence tokens with absolute byte offsets, and phrase tests on them.

/// A word (letters, digits, inner hyphens, dots of abbreviations like "U.S.") or one
/// punctuation character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tok {
    pub start: usize,
    pub end: usize,
    pub word: bool,
}

impl Tok {
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }
}

/// Tokens of `text[span]`, offsets absolute. Apostrophes split a word ("Iran's" →
/// `Iran` `'` `s`) so possessives are visible; hyphens inside a word keep it whole.
pub fn tokenize(text: &str, start: usize, end: usize) -> Vec<Tok> {
    let mut out = Vec::with_capacity((end - start) / 5 + 1);
    let mut iter = text[start..end].char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let abs = start + i;
        if c.is_whitespace() {
            continue;
        }
        if !c.is_alphanumeric() {
            out.push(Tok {
                start: abs,
                end: abs + c.len_utf8(),
                word: false,
            });
            continue;
        }
        let mut stop = abs + c.len_utf8();
        while let Some(&(j, d)) = iter.peek() {
            let inner =
                (d == '-' || d == '.') && next_is_alnum(text, start + j + d.len_utf8(), end);
            if d.is_alphanumeric() || inner {
                stop = start + j + d.len_utf8();
                iter.next();
            } else {
                break;
            }
        }
        out.push(Tok {
            start: abs,
            end: stop,
            word: true,
        });
    }
    out
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

/// Does the token sequence ending just before `i` spell `phrase`?
pub fn phrase_before(text: &str, toks: &[Tok], i: usize, phrase: &[String]) -> bool {
    i >= phrase.len() && phrase_at(text, toks, i - phrase.len(), phrase)
}

pub fn same_word(token: &str, word: &str) -> bool {
    if token.eq_ignore_ascii_case(word) {
        return true;
    }
    let fold = |c: char| match c {
        '’' | '‘' | '`' => '\'',
        c => c.to_ascii_lowercase(),
    };
    token.chars().map(fold).eq(word.chars().map(fold))
}

/// Split a phrase of the data files into the words the tokenizer would produce.
pub fn phrase_words(phrase: &str) -> Vec<String> {
    let lower = phrase.to_lowercase();
    tokenize(&lower, 0, lower.len())
        .iter()
        .map(|t| lower[t.start..t.end].to_string())
        .collect()
}

/// Index of the token containing or starting after byte `pos`.
pub fn token_at(toks: &[Tok], pos: usize) -> usize {
    toks.partition_point(|t| t.end <= pos)
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn phrases_compare_case_and_apostrophe_insensitively() {
        let s = "They Don’t Accept it";
        let toks = tokenize(s, 0, s.len());
        assert!(phrase_at(s, &toks, 1, &phrase_words("don't accept")));
        assert!(phrase_before(s, &toks, 5, &phrase_words("accept")));
        assert!(!phrase_at(s, &toks, 0, &phrase_words("them")));
    }
}
