//! Sentence segmentation with byte offsets for cleaned article text.
//!
//! [`Segmenter::split`] turns a cleaned text (paragraphs separated by `"\n\n"`, a single
//! `"\n"` also ends a paragraph) into [`Sentence`]s whose spans are verbatim slices of
//! the text.
//!
//! Design decisions:
//! - **Guarantees, whatever the input**: spans lie on char boundaries, are trimmed of
//!   white space (`char::is_whitespace`), non-empty, non-overlapping and increasing, and
//!   together cover every non-white-space character. A sentence never crosses a line
//!   break; a line without final punctuation (headline, heading, list item) is one
//!   sentence. Blank lines are not paragraphs: `paragraph` counts non-blank lines, so it
//!   is the same for `"a\n\nb"` and `"a\nb"`.
//! - **One pass over the bytes**. Only the bytes that can start a terminator (`.` `!` `?`
//!   and the lead bytes of `…` `。` `！` `？`) are looked at closely; everything else is a
//!   table lookup. Abbreviation lookups lower-case into a stack buffer (no allocation).
//!   No regular expressions.
//! - **Candidate boundary**: a run of `. ! ? …`, then any closing quotes and brackets
//!   (`."` `.”` `.)` belong to the sentence they close), then white space. Anything glued
//!   to the next character (`3.5`, `U.S.-brokered`, `example.com`, `a@b.org`) is never a
//!   boundary. CJK full-width terminators need no following space.
//! - **Rules at a candidate**, first match wins:
//!   1. the next word starts lower-case → no boundary (`"Why now?" he asked`,
//!      `at 3 p.m. on Monday`, `and so on... the talks`);
//!   2. `!`, `?`, ellipses and multi-character runs → boundary;
//!   3. a number or single letter that opens the line (`1. Item`, `a. Item`) is a list
//!      marker → no boundary;
//!   4. a known abbreviation (data/abbreviations.toml): `always` → no boundary; `maybe`
//!      → boundary only before a capitalised sentence-start word (`in the U.S. The envoy`
//!      splits, `the U.S. President` does not, `at 10 a.m. The talks` splits); `months`
//!      and `numbered` → no boundary before a digit (`Jan. 12`, `No. 5`);
//!   5. an unknown single letter (`Donald J. Trump`) or dotted initialism (`N.A.T.O.`)
//!      is treated like a `maybe` abbreviation: initials are far more common than
//!      sentences ending in one letter. For `maybe` words and initials an opening quote
//!      before the next word also counts as a sentence start (`he wrote on X. "Ports
//!      are ...`): quotations open sentences far more often than they follow a name.
//!      Compounds are looked up by their last part too (`(D-N.Y.)` → `N.Y`);
//!   6. otherwise → boundary.
//!
//!   The "sentence-start word" heuristic is a closed list of function words (articles,
//!   pronouns, conjunctions, discourse adverbs), because after an abbreviation a name or
//!   title ("U.S. Envoy", "Gen. Ruiz") is capitalised too and only the function words
//!   tell a new sentence apart. The list is data and can be extended.
//! - Thresholds: list markers are at most 3 digits (`999.`) because a 4-digit number
//!   at line start is a year ending a sentence; abbreviation keys are at most
//!   24 bytes (`MAX_KEY_LEN`), longer tokens are never abbreviations.
//! - Known limits: a sentence really ending in an `always` abbreviation ("... said
//!   Sen.") is merged with the next; a name right after `U.S.` that is also a starter
//!   word ("the U.S. In") splits; a sentence ending in a `maybe` abbreviation before a
//!   name merges ("... Apple Inc. Tim Cook said"). In Title-Case copies rule 1 never
//!   fires, so `“Are We?” He Asked.` splits after the quote. All are rare in news copy
//!   or a cost of Title Case itself.

mod scan;
mod vocab;

use stancemap_model::Sentence;

/// The default vocabulary, embedded at build time.
const DEFAULT_ABBREVIATIONS: &str = include_str!("../../../data/abbreviations.toml");

/// Errors from loading segmenter vocabulary.
#[derive(Debug, thiserror::Error)]
pub enum SegmentError {
    #[error("abbreviation vocabulary is not valid TOML: {0}")]
    Toml(#[from] toml::de::Error),
    #[error("bad entry {entry:?} in list `{list}`: empty, contains white space, or longer than 24 bytes")]
    BadEntry { list: String, entry: String },
}

/// A sentence splitter with its abbreviation vocabulary.
#[derive(Debug, Clone)]
pub struct Segmenter {
    vocab: vocab::Vocabulary,
}

impl Default for Segmenter {
    /// A segmenter with the embedded `data/abbreviations.toml`.
    fn default() -> Self {
        let mut vocab = vocab::Vocabulary::default();
        // The embedded file is checked by a unit test; should it ever fail to parse,
        // the segmenter still works with rules 1–3, 5 and 6 only.
        let _ = vocab.extend_from_toml(DEFAULT_ABBREVIATIONS);
        Segmenter { vocab }
    }
}

impl Segmenter {
    /// Add to (or, with top-level `replace = true`, replace) the vocabulary, using the
    /// format of `data/abbreviations.toml`. On error nothing is changed.
    pub fn extend_from_toml(&mut self, toml: &str) -> Result<(), SegmentError> {
        self.vocab.extend_from_toml(toml)
    }

    /// Sentences of a cleaned text (paragraphs separated by "\n\n"; a single "\n" also
    /// ends a paragraph).
    pub fn split(&self, text: &str) -> Vec<Sentence> {
        let mut out = Vec::with_capacity(text.len() / 120 + 1);
        let mut paragraph = 0u32;
        let mut line_start = 0usize;
        for line in text.split('\n') {
            let offset = line_start;
            line_start += line.len() + 1;
            let before = out.len();
            scan::split_line(&self.vocab, line, offset, paragraph, &mut out);
            if out.len() > before {
                paragraph = paragraph.saturating_add(1);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_vocabulary_parses() {
        let mut v = vocab::Vocabulary::default();
        v.extend_from_toml(DEFAULT_ABBREVIATIONS).unwrap();
        assert_eq!(v.class_of("Mr"), Some(vocab::AbbrevClass::Always));
        assert_eq!(v.class_of("U.S"), Some(vocab::AbbrevClass::Maybe));
        assert_eq!(v.class_of("Jan"), Some(vocab::AbbrevClass::BeforeNumber));
        assert!(v.is_sentence_start("However"));
    }

    #[test]
    fn extend_from_toml_changes_decisions() {
        let text = "They met at Camp X. Talks began.";
        let mut seg = Segmenter::default();
        assert_eq!(
            seg.split(text).len(),
            1,
            "single letter before a noun is an initial"
        );
        seg.extend_from_toml("[sentence_starts]\nwords = [\"Talks\"]")
            .unwrap();
        assert_eq!(seg.split(text).len(), 2);
        assert!(seg
            .extend_from_toml("[abbreviations]\nalways = [\"\"]")
            .is_err());
    }
}
