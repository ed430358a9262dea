//! Tiny text utilities every stage needs to agree on: how characters fold for matching
//! and what a word is. Stored text is never rewritten with these; they build *keys*.

/// Fold one character for matching: typographic quotes and apostrophes to ASCII, all
/// dashes and minus signs to `-`, non-breaking and other exotic spaces to a space.
/// Case is not touched (see [`match_key`]).
pub fn fold_char(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{00B4}' | '`' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' => '"',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' => '-',
        '\u{00A0}' | '\u{2007}' | '\u{202F}' | '\u{2009}' | '\u{200A}' | '\u{3000}' => ' ',
        _ => c,
    }
}

/// A matching key for a whole text: characters folded, lower-cased, runs of white space
/// collapsed to one space, trimmed. Two texts that differ only in quotes, dashes, case or
/// spacing get the same key.
pub fn match_key(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars().map(fold_char) {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// The words of a text with their byte spans: maximal runs of alphanumeric characters,
/// with inner apostrophes and hyphens kept ("don't", "mid-May", "Ukraine's").
pub fn words(text: &str) -> impl Iterator<Item = (usize, &str)> + '_ {
    WordIter { text, pos: 0 }
}

struct WordIter<'t> {
    text: &'t str,
    pos: usize,
}

impl<'t> Iterator for WordIter<'t> {
    type Item = (usize, &'t str);

    /// Byte-wise for ASCII (no char decoding, no Unicode tables), decoding only at
    /// non-ASCII bytes: this runs over every word of every article in several stages.
    fn next(&mut self) -> Option<Self::Item> {
        let start = self.find_word_start()?;
        let end = self.word_end(start);
        self.pos = end;
        Some((start, &self.text[start..end]))
    }
}

impl WordIter<'_> {
    /// The char at byte `i` (a char boundary) and its length; `None` at the end.
    fn char_at(&self, i: usize) -> Option<(char, usize)> {
        let b = *self.text.as_bytes().get(i)?;
        if b.is_ascii() {
            return Some((char::from(b), 1));
        }
        let c = self.text[i..].chars().next()?;
        Some((c, c.len_utf8()))
    }

    fn find_word_start(&mut self) -> Option<usize> {
        let mut i = self.pos;
        loop {
            let Some((c, len)) = self.char_at(i) else {
                self.pos = self.text.len();
                return None;
            };
            if c.is_alphanumeric() {
                return Some(i);
            }
            i += len;
        }
    }

    /// End of the word starting at `start`: alphanumerics, and single inner joiners
    /// followed by an alphanumeric.
    fn word_end(&self, start: usize) -> usize {
        let mut i = start;
        let mut end = start;
        while let Some((c, len)) = self.char_at(i) {
            if c.is_alphanumeric() {
                end = i + len;
            } else if !(is_inner_joiner(c)
                && self
                    .char_at(i + len)
                    .is_some_and(|(n, _)| n.is_alphanumeric()))
            {
                break;
            }
            i += len;
        }
        end
    }
}

fn is_inner_joiner(c: char) -> bool {
    matches!(fold_char(c), '\'' | '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn match_key_folds_quotes_case_and_space() {
        assert_eq!(
            match_key("  Kyiv\u{2019}s  \u{201C}Plan\u{201D}\u{00A0}B "),
            "kyiv's \"plan\" b"
        );
    }

    /// The straightforward definition `words` must keep matching.
    fn reference_words(text: &str) -> Vec<(usize, String)> {
        let mut out = Vec::new();
        let mut pos = 0;
        while let Some((skip, _)) = text[pos..]
            .char_indices()
            .find(|(_, c)| c.is_alphanumeric())
        {
            let start = pos + skip;
            let mut end = start;
            let mut chars = text[start..].char_indices().peekable();
            while let Some((i, c)) = chars.next() {
                if c.is_alphanumeric() {
                    end = start + i + c.len_utf8();
                } else if is_inner_joiner(c) {
                    match chars.peek() {
                        Some((_, n)) if n.is_alphanumeric() => continue,
                        _ => break,
                    }
                } else {
                    break;
                }
            }
            out.push((start, text[start..end].to_string()));
            pos = end;
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn words_match_the_reference(text in "[a-zA-Z0-9 '`\\-.,\u{2019}\u{2014}\u{2010}\u{C9}\u{E9}\u{130}\u{A0}\u{4E2D}\n]{0,60}") {
            let got: Vec<(usize, String)> = words(&text).map(|(s, w)| (s, w.to_string())).collect();
            proptest::prop_assert_eq!(got, reference_words(&text));
        }
    }

    #[test]
    fn words_keep_inner_joiners_and_spans() {
        let text = "Mid-May: Ukraine\u{2019}s envoy -- 30 days.";
        let got: Vec<_> = words(text).collect();
        let surfaces: Vec<&str> = got.iter().map(|(_, w)| *w).collect();
        assert_eq!(
            surfaces,
            ["Mid-May", "Ukraine\u{2019}s", "envoy", "30", "days"]
        );
        for (start, w) in got {
            assert_eq!(&text[start..start + w.len()], w);
        }
    }
}
