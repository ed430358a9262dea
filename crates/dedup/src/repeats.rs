//! Passages of a document that repeat an earlier passage of the same document: a second
//! copy, a second translation (often re-typed in Title Case with other word choices), a
//! headline printed twice.
//!
//! Mechanism: every non-blank line is a paragraph. Paragraphs are compared by the Dice
//! overlap of their content-stem sets (case-insensitive, function words out, light
//! stemming), which survives paraphrase. A dynamic programme over matching paragraph
//! pairs `(i, j)`, `i < j`, finds chains where later paragraphs align in order with
//! earlier ones, allowing one skipped paragraph on either side (a merge, a split, an
//! inserted line) at a penalty. The best chains are taken greedily.

use std::sync::OnceLock;

use stancemap_model::Repeat;

use crate::fx::FxHashMap;
use crate::tokens::{DocTokens, Line, WordForm};
use crate::vocab::Vocab;

/// Dice similarity of two paragraphs' content-stem sets at or above which they count
/// as the same paragraph. Two machine translations of one paragraph (different word
/// choices, Title Case) measured 0.67–0.94 on a real doubled article; two different
/// paragraphs of one article about the same talks share names and topic words and
/// measured up to 0.43 (a headline against its lead paragraph up to 0.58, which is why
/// a lone pair of short paragraphs is never reported). 0.5 sits between.
pub const PARAGRAPH_SIMILARITY: f64 = 0.5;
/// Paragraphs with fewer content words never align by similarity: a two-word line
/// ("Read more", "Photo: AFP") shares everything with another by chance.
pub const MIN_CONTENT_WORDS: usize = 3;
/// A single aligned pair (no run) is reported only when the paragraph has this many
/// content words: a long paragraph repeated is a repeat on its own.
pub const LONG_PARAGRAPH_CONTENT_WORDS: usize = 20;
/// ...and only when the two are this similar: articles often restate a long paragraph
/// in a closing summary (measured 0.77 on a real article), which is not a second copy,
/// while a long paragraph copied or re-pasted measures above 0.9.
pub const LONG_PARAGRAPH_SIMILARITY: f64 = 0.85;
/// A single line printed twice verbatim (a headline) is reported when it has at least
/// this many words and [`MIN_CONTENT_WORDS`] content words, so generic short lines
/// ("Advertisement", "Read more", "Discover more from Site") are not.
pub const MIN_HEADLINE_WORDS: usize = 4;
/// Score penalty for skipping one paragraph inside a run (each aligned pair scores 1):
/// a skip is tolerated but a run of pairs separated by skips loses to a clean run.
pub const SKIP_PENALTY: f64 = 0.5;
/// Paragraphs beyond this count are not searched (quadratic cost); no real article
/// comes near it.
pub const MAX_PARAGRAPHS: usize = 4000;

/// Passages of a document that repeat an earlier passage of the same document, sorted
/// by start, non-overlapping; `start..end` is the later copy, `of_start..of_end` the
/// earlier passage, byte offsets into `text` on line boundaries.
pub fn find_repeats(text: &str) -> Vec<Repeat> {
    static VOCAB: OnceLock<Vocab> = OnceLock::new();
    find_repeats_with(text, VOCAB.get_or_init(Vocab::default))
}

/// [`find_repeats`] with a user's vocabulary (see [`Vocab::with_extra_toml`]).
pub fn find_repeats_with(text: &str, vocab: &Vocab) -> Vec<Repeat> {
    find_repeats_in(&DocTokens::with_vocab(text, vocab))
}

/// [`find_repeats`] over a document tokenised once for all dedup stages.
pub fn find_repeats_in(doc: &DocTokens<'_>) -> Vec<Repeat> {
    let paragraphs = split_paragraphs(doc);
    let chains = align_chains(&paragraphs);
    select_repeats(&paragraphs, chains)
}

/// One non-blank line of the text.
#[derive(Debug)]
struct Paragraph {
    start: usize,
    end: usize,
    word_count: usize,
    /// Sorted, deduplicated hashes of the content stems.
    stems: Vec<u64>,
    /// Hash of the lower-cased word sequence, for verbatim repeats.
    exact: u64,
}

fn split_paragraphs(doc: &DocTokens<'_>) -> Vec<Paragraph> {
    doc.lines
        .iter()
        .take(MAX_PARAGRAPHS)
        .map(|line| paragraph(doc, line))
        .collect()
}

fn paragraph(doc: &DocTokens<'_>, line: &Line) -> Paragraph {
    let tokens = doc.line_tokens(line);
    let mut stems = Vec::with_capacity(tokens.len());
    // Verbatim identity: the sequence of lower-cased words (case, quotes, dashes and
    // punctuation do not matter).
    let mut exact: u64 = 0;
    for token in tokens {
        let form = doc.form(token);
        exact = (exact ^ form.hash)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .rotate_left(23);
        if is_content_word(form) {
            stems.push(form.stem_hash);
        }
    }
    stems.sort_unstable();
    stems.dedup();
    Paragraph {
        start: line.start,
        end: line.end,
        word_count: tokens.len(),
        stems,
        exact,
    }
}

/// Numbers always carry content; words need three letters and must not be function
/// words.
fn is_content_word(form: &WordForm) -> bool {
    form.digits || (form.long && !form.function_word)
}

fn dice(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * common as f64 / (a.len() + b.len()) as f64
}

/// Do paragraphs `a` (earlier) and `b` (later) say the same thing?
fn paragraphs_match(a: &Paragraph, b: &Paragraph) -> bool {
    if a.exact == b.exact {
        return true;
    }
    a.stems.len() >= MIN_CONTENT_WORDS
        && b.stems.len() >= MIN_CONTENT_WORDS
        && sizes_allow_dice(a.stems.len(), b.stems.len())
        && dice(&a.stems, &b.stems) >= PARAGRAPH_SIMILARITY
}

/// Can sets of these sizes reach [`PARAGRAPH_SIMILARITY`] at all? Dice is at most
/// 2·min / (a + b) (every stem of the smaller set shared), so pairs of very different
/// length are rejected without walking their stems (most pairs of an article).
fn sizes_allow_dice(a: usize, b: usize) -> bool {
    2.0 * a.min(b) as f64 / (a + b) as f64 >= PARAGRAPH_SIMILARITY
}

/// A chain of aligned pairs ending at `(i, j)`, started at `(i0, j0)`.
#[derive(Debug, Clone, Copy)]
struct Chain {
    score: f64,
    /// Aligned pairs of paragraphs with enough content words to compare; verbatim
    /// short lines may link a chain but do not count.
    pairs: usize,
    i0: usize,
    j0: usize,
    i: usize,
    j: usize,
}

/// Every aligned pair with the best chain ending there, in `(i, j)` order.
fn align_chains(paragraphs: &[Paragraph]) -> Vec<Chain> {
    let mut best: FxHashMap<(usize, usize), Chain> = FxHashMap::default();
    let mut chains = Vec::new();
    for j in 1..paragraphs.len() {
        for i in 0..j {
            if !paragraphs_match(&paragraphs[i], &paragraphs[j]) {
                continue;
            }
            let substantive =
                paragraphs[i].stems.len().min(paragraphs[j].stems.len()) >= MIN_CONTENT_WORDS;
            let chain = extend_best(&best, i, j, usize::from(substantive));
            best.insert((i, j), chain);
            chains.push(chain);
        }
    }
    chains
}

/// The best chain ending at `(i, j)`: a predecessor one step back (or two on either
/// side, at [`SKIP_PENALTY`]) whose earlier block still ends before its later block
/// starts; otherwise a fresh chain.
fn extend_best(
    best: &FxHashMap<(usize, usize), Chain>,
    i: usize,
    j: usize,
    substantive: usize,
) -> Chain {
    let fresh = Chain {
        score: 1.0,
        pairs: substantive,
        i0: i,
        j0: j,
        i,
        j,
    };
    let steps = [
        (1, 1, 0.0),
        (2, 1, SKIP_PENALTY),
        (1, 2, SKIP_PENALTY),
        (2, 2, SKIP_PENALTY),
    ];
    let mut chosen = fresh;
    for (di, dj, penalty) in steps {
        let (Some(pi), Some(pj)) = (i.checked_sub(di), j.checked_sub(dj)) else {
            continue;
        };
        let Some(prev) = best.get(&(pi, pj)) else {
            continue;
        };
        if i >= prev.j0 {
            continue;
        }
        let score = prev.score + 1.0 - penalty;
        if score > chosen.score {
            chosen = Chain {
                score,
                pairs: prev.pairs + substantive,
                i0: prev.i0,
                j0: prev.j0,
                i,
                j,
            };
        }
    }
    chosen
}

/// Is this chain worth reporting on its own?
fn chain_qualifies(paragraphs: &[Paragraph], chain: &Chain) -> bool {
    if chain.pairs >= 2 {
        return true;
    }
    if chain.i0 != chain.i {
        return false;
    }
    let (a, b) = (&paragraphs[chain.i], &paragraphs[chain.j]);
    let verbatim_headline = a.exact == b.exact
        && a.word_count >= MIN_HEADLINE_WORDS
        && a.stems.len() >= MIN_CONTENT_WORDS;
    let long_paragraph = a.stems.len().min(b.stems.len()) >= LONG_PARAGRAPH_CONTENT_WORDS
        && dice(&a.stems, &b.stems) >= LONG_PARAGRAPH_SIMILARITY;
    verbatim_headline || long_paragraph
}

/// Greedy choice: best score first (ties: earliest later copy), skipping chains whose
/// later copy overlaps one already taken.
fn select_repeats(paragraphs: &[Paragraph], mut chains: Vec<Chain>) -> Vec<Repeat> {
    chains.retain(|c| chain_qualifies(paragraphs, c));
    chains.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(a.j0.cmp(&b.j0))
            .then(a.i0.cmp(&b.i0))
            .then(a.j.cmp(&b.j))
    });
    let mut taken: Vec<(usize, usize)> = Vec::new();
    let mut repeats = Vec::new();
    for c in chains {
        if taken.iter().any(|&(s, e)| c.j0 <= e && s <= c.j) {
            continue;
        }
        taken.push((c.j0, c.j));
        repeats.push(Repeat {
            start: paragraphs[c.j0].start,
            end: paragraphs[c.j].end,
            of_start: paragraphs[c.i0].start,
            of_end: paragraphs[c.i].end,
        });
    }
    repeats.sort_by_key(|r| (r.start, r.of_start));
    repeats
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The size pre-filter never rejects a pair that Dice would accept.
        #[test]
        fn size_filter_only_rejects_what_dice_rejects(
            a in proptest::collection::btree_set(0u64..60, 0..40),
            b in proptest::collection::btree_set(0u64..60, 0..40),
        ) {
            let (a, b): (Vec<u64>, Vec<u64>) = (a.into_iter().collect(), b.into_iter().collect());
            if !sizes_allow_dice(a.len(), b.len()) {
                prop_assert!(dice(&a, &b) < PARAGRAPH_SIMILARITY);
            }
        }
    }

    #[test]
    fn headline_printed_twice() {
        let text = "Port strike talks collapse in Rotterdam\n\nPort strike talks collapse in Rotterdam\n\nThe union walked out on Tuesday.";
        let reps = find_repeats(text);
        assert_eq!(reps.len(), 1);
        let r = reps[0];
        assert_eq!(
            &text[r.start..r.end],
            "Port strike talks collapse in Rotterdam"
        );
        assert_eq!((r.of_start, r.of_end), (0, 39));
    }

    #[test]
    fn short_generic_lines_are_not_repeats() {
        let text = "Advertisement\n\nThe envoys met.\n\nAdvertisement\n\nRead more\n\nRead more";
        assert!(find_repeats(text).is_empty());
    }

    #[test]
    fn dice_is_symmetric_and_bounded() {
        assert_eq!(dice(&[1, 2, 3], &[2, 3, 4]), dice(&[2, 3, 4], &[1, 2, 3]));
        assert_eq!(dice(&[1, 2], &[1, 2]), 1.0);
        assert_eq!(dice(&[], &[1]), 0.0);
    }
}
