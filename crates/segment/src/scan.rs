//! The single-pass scanner that finds sentence boundaries inside one line.

use stancemap_model::{Sentence, Span};

use crate::vocab::{AbbrevClass, Vocabulary};

/// Longest number that counts as a list marker at line start ("12. Item"); a 4-digit
/// number there is a year ("2024. The ...").
const MAX_LIST_MARKER_DIGITS: usize = 3;

/// Bytes that may start a terminator: ASCII `. ! ?`, and the UTF-8 lead bytes of
/// `…` (E2), `。` (E3) and `！`/`？` (EF). Everything else is skipped by table lookup.
const CANDIDATE: [bool; 256] = {
    let mut t = [false; 256];
    t[b'.' as usize] = true;
    t[b'!' as usize] = true;
    t[b'?' as usize] = true;
    t[0xE2] = true;
    t[0xE3] = true;
    t[0xEF] = true;
    t
};

/// Terminators that end a sentence even without a following space (CJK text has none).
fn is_fullwidth_terminator(c: char) -> bool {
    matches!(c, '。' | '！' | '？')
}

fn is_run_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '‽')
}

/// Closing quotes and brackets that stay with the sentence they close. ASCII `"` and `'`
/// are ambiguous; right after a terminator they close.
fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | ')' | ']' | '}' | '”' | '’' | '»' | '›' | '」' | '』' | '）'
    )
}

/// Opening quotes and brackets skipped before the next word or around a token.
fn is_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '(' | '[' | '{' | '“' | '‘' | '„' | '«' | '‹' | '¿' | '¡' | '「' | '『'
    )
}

/// Split one line (no `\n` inside) into sentences, appending them to `out` with spans
/// shifted by `offset`.
pub(crate) fn split_line(
    vocab: &Vocabulary,
    line: &str,
    offset: usize,
    paragraph: u32,
    out: &mut Vec<Sentence>,
) {
    let bytes = line.as_bytes();
    let line_body = skip_whitespace(line, 0);
    let mut sent_start = line_body;
    let mut i = sent_start;
    while i < bytes.len() {
        if !CANDIDATE[bytes[i] as usize] {
            i += 1;
            continue;
        }
        let Some(c) = line[i..].chars().next() else {
            break;
        };
        if !is_run_terminator(c) && !is_fullwidth_terminator(c) {
            i += c.len_utf8();
            continue;
        }
        let candidate = Candidate::at(line, i);
        let ctx = Context {
            vocab,
            line,
            line_body,
            sent_start,
        };
        if ctx.is_boundary(&candidate) {
            push(out, offset, sent_start, candidate.end, paragraph);
            sent_start = skip_whitespace(line, candidate.end);
            i = sent_start;
        } else {
            i = candidate.end;
        }
    }
    let end = line.trim_end().len();
    if sent_start < end {
        push(out, offset, sent_start, end, paragraph);
    }
}

fn push(out: &mut Vec<Sentence>, offset: usize, start: usize, end: usize, paragraph: u32) {
    out.push(Sentence {
        span: Span::new(offset + start, offset + end),
        paragraph,
    });
}

/// A run of terminators starting at `start`, with the closers after it.
struct Candidate {
    start: usize,
    /// End of the terminator run.
    run_end: usize,
    /// End of the closers: where the sentence would end.
    end: usize,
    fullwidth: bool,
}

impl Candidate {
    fn at(line: &str, start: usize) -> Self {
        let mut fullwidth = false;
        let mut run_end = start;
        for c in line[start..].chars() {
            if is_fullwidth_terminator(c) {
                fullwidth = true;
            } else if !is_run_terminator(c) {
                break;
            }
            run_end += c.len_utf8();
        }
        let end = run_end
            + line[run_end..]
                .chars()
                .take_while(|&c| is_closer(c))
                .map(char::len_utf8)
                .sum::<usize>();
        Candidate {
            start,
            run_end,
            end,
            fullwidth,
        }
    }

    /// A lone full stop: the only terminator an abbreviation can own.
    fn is_single_period(&self, line: &str) -> bool {
        self.run_end == self.start + 1 && line.as_bytes()[self.start] == b'.'
    }
}

struct Context<'a> {
    vocab: &'a Vocabulary,
    line: &'a str,
    /// First non-blank byte of the line (where list markers sit).
    line_body: usize,
    sent_start: usize,
}

impl Context<'_> {
    fn is_boundary(&self, cand: &Candidate) -> bool {
        if cand.fullwidth {
            return true;
        }
        let rest = &self.line[cand.end..];
        match rest.chars().next() {
            None => return true,
            Some(c) if !c.is_whitespace() => return false,
            Some(_) => {}
        }
        let (quoted, next) = next_word(rest);
        let Some(first) = next.chars().next() else {
            // Only white space or punctuation follows: nothing to glue to.
            return true;
        };
        if first.is_lowercase() {
            return false;
        }
        if !cand.is_single_period(self.line) {
            return true;
        }
        self.period_is_boundary(
            cand.start,
            NextWord {
                quoted,
                word: next,
                first,
            },
        )
    }

    /// Rules 3–6 of the crate docs, for a lone full stop at `dot`.
    fn period_is_boundary(&self, dot: usize, next: NextWord) -> bool {
        let (token_start, token) = token_before(self.line, self.sent_start, dot);
        if token_start == self.line_body && is_list_marker(token) {
            return false;
        }
        // An opening quote right after an abbreviation or initial starts a new sentence
        // far more often than it continues a name ("he wrote on X. \"Ports are ...").
        let next_is_start = || next.quoted || self.vocab.is_sentence_start(next.word);
        match self.class_of_token(token) {
            Some(AbbrevClass::Always) => false,
            Some(AbbrevClass::Maybe) => next_is_start(),
            Some(AbbrevClass::BeforeNumber) => !next.first.is_numeric(),
            None if is_initial(token) || is_dotted_initialism(last_part(token)) => next_is_start(),
            None => true,
        }
    }
}

impl Context<'_> {
    /// The vocabulary class of a token, or of its part after the last hyphen or slash
    /// ("D-N.Y" → "N.Y", "ex-Gen" → "Gen"): compounds glue abbreviations to prefixes.
    fn class_of_token(&self, token: &str) -> Option<AbbrevClass> {
        let last = last_part(token);
        match self.vocab.class_of(token) {
            None if last.len() < token.len() => self.vocab.class_of(last),
            found => found,
        }
    }
}

/// The part of a token after its last hyphen or slash (the whole token when none).
fn last_part(token: &str) -> &str {
    token.rsplit(['-', '/']).next().unwrap_or(token)
}

/// What follows a candidate boundary.
struct NextWord<'a> {
    /// An opening quote or bracket came before the word.
    quoted: bool,
    word: &'a str,
    first: char,
}

/// The word after white space and opening quotes (a run of alphanumerics, maybe empty),
/// and whether an opening quote or bracket was skipped to reach it.
fn next_word(rest: &str) -> (bool, &str) {
    let spaced = rest.trim_start();
    let trimmed = spaced.trim_start_matches(is_opener);
    let len = trimmed
        .char_indices()
        .find(|&(_, c)| !c.is_alphanumeric())
        .map_or(trimmed.len(), |(i, _)| i);
    (trimmed.len() < spaced.len(), &trimmed[..len])
}

/// The token right before the full stop at `dot` (back to white space, not before the
/// sentence start), without leading opening quotes; with its start offset.
fn token_before(line: &str, sent_start: usize, dot: usize) -> (usize, &str) {
    let head = &line[sent_start..dot];
    let start = head
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let raw = &head[start..];
    let token = raw.trim_start_matches(is_opener);
    (sent_start + start + (raw.len() - token.len()), token)
}

/// "1", "12", "a", "B": an enumerator when it opens a line.
fn is_list_marker(token: &str) -> bool {
    let digits = !token.is_empty()
        && token.len() <= MAX_LIST_MARKER_DIGITS
        && token.bytes().all(|b| b.is_ascii_digit());
    digits || is_initial(token)
}

/// A single letter ("J" in "Donald J. Trump").
fn is_initial(token: &str) -> bool {
    let mut chars = token.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if c.is_alphabetic())
}

/// Letters in groups of one or two separated by dots ("U.S", "N.A.T.O", "Ph.D").
fn is_dotted_initialism(token: &str) -> bool {
    token.contains('.')
        && token
            .split('.')
            .all(|g| (1..=2).contains(&g.chars().count()) && g.chars().all(char::is_alphabetic))
}

fn skip_whitespace(line: &str, from: usize) -> usize {
    line.len() - line[from..].trim_start().len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_before_strips_openers_and_stops_at_sentence_start() {
        assert_eq!(token_before("said (Mr. Lee", 0, 8), (6, "Mr"));
        assert_eq!(token_before("x “U.S. y", 0, 8), (5, "U.S"));
        assert_eq!(token_before("A. B. C", 3, 4), (3, "B"));
    }

    #[test]
    fn shape_predicates() {
        assert!(is_list_marker("12"));
        assert!(!is_list_marker("2024"));
        assert!(is_initial("J") && !is_initial("Jo"));
        assert!(is_dotted_initialism("N.A.T.O") && is_dotted_initialism("Ph.D"));
        assert!(!is_dotted_initialism("example.com") && !is_dotted_initialism("3.5"));
        assert_eq!(last_part("D-N.Y"), "N.Y");
        assert_eq!(last_part("and/or"), "or");
        assert_eq!(last_part("Gen"), "Gen");
    }

    #[test]
    fn candidate_takes_run_and_closers() {
        let line = "He asked?!” Then";
        let c = Candidate::at(line, 8);
        assert_eq!(&line[c.start..c.run_end], "?!");
        assert_eq!(&line[c.start..c.end], "?!”");
    }

    #[test]
    fn next_word_skips_quotes() {
        assert_eq!(next_word("  “The talks"), (true, "The"));
        assert_eq!(next_word(" Talks"), (false, "Talks"));
        assert_eq!(next_word(" — and"), (false, ""));
    }
}
