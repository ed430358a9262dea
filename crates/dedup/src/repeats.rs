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
    /// The set of its content stems.
    stems: StemSet,
    /// Hash of the lower-cased word sequence, for verbatim repeats.
    exact: u64,
}

/// A paragraph's content stems, each numbered by the document (equal stem hashes, equal
/// number, so sets of numbers are the sets of hashes): a bit set, whose overlap with
/// another is a few AND and POPCNT instructions, when the document has at most
/// [`MAX_BITSET_STEMS`] content stems; else the sorted numbers (a merge per overlap).
#[derive(Debug)]
struct StemSet {
    len: usize,
    bits: Vec<u64>,
    sorted: Vec<u32>,
}

/// Content stems of a document up to which paragraphs keep bit sets (32 words each);
/// beyond, bit sets would cost more than merging short sorted lists.
const MAX_BITSET_STEMS: usize = 2048;

impl StemSet {
    fn len(&self) -> usize {
        self.len
    }

    /// Number of stems in both sets (both made for the same document).
    fn common(&self, other: &StemSet) -> usize {
        if self.bits.is_empty() || other.bits.is_empty() {
            return sorted_common(&self.sorted, &other.sorted);
        }
        self.bits
            .iter()
            .zip(&other.bits)
            .map(|(a, b)| (a & b).count_ones() as usize)
            .sum()
    }
}

/// The document's number of each form's content stem (`None` for other forms), and how
/// many distinct content stems there are.
fn stem_numbers(doc: &DocTokens<'_>) -> (Vec<Option<u32>>, usize) {
    let mut numbers: FxHashMap<u64, u32> =
        FxHashMap::with_capacity_and_hasher(doc.form_count(), Default::default());
    let by_form = doc
        .form_iter()
        .map(|form| {
            is_content_word(form).then(|| {
                let next = numbers.len() as u32;
                *numbers.entry(form.stem_hash).or_insert(next)
            })
        })
        .collect();
    (by_form, numbers.len())
}

fn split_paragraphs(doc: &DocTokens<'_>) -> Vec<Paragraph> {
    let (numbers, distinct) = stem_numbers(doc);
    let words = if distinct <= MAX_BITSET_STEMS {
        distinct.div_ceil(64)
    } else {
        0
    };
    doc.lines
        .iter()
        .take(MAX_PARAGRAPHS)
        .map(|line| paragraph(doc, line, &numbers, words))
        .collect()
}

/// A paragraph with its stems as a bit set of `words` words, or sorted when `words`
/// is 0.
fn paragraph(doc: &DocTokens<'_>, line: &Line, numbers: &[Option<u32>], words: usize) -> Paragraph {
    let tokens = doc.line_tokens(line);
    let mut bits = vec![0u64; words];
    let mut sorted = Vec::new();
    // Verbatim identity: the sequence of lower-cased words (case, quotes, dashes and
    // punctuation do not matter).
    let mut exact: u64 = 0;
    for token in tokens {
        let form = doc.form(token);
        exact = (exact ^ form.hash)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .rotate_left(23);
        let Some(number) = numbers.get(token.form).copied().flatten() else {
            continue;
        };
        match bits.get_mut(number as usize / 64) {
            Some(word) => *word |= 1 << (number % 64),
            None => sorted.push(number),
        }
    }
    sorted.sort_unstable();
    sorted.dedup();
    let len = sorted.len()
        + bits
            .iter()
            .map(|word| word.count_ones() as usize)
            .sum::<usize>();
    Paragraph {
        start: line.start,
        end: line.end,
        word_count: tokens.len(),
        stems: StemSet { len, bits, sorted },
        exact,
    }
}

/// Numbers always carry content; words need three letters and must not be function
/// words.
fn is_content_word(form: &WordForm) -> bool {
    form.digits || (form.long && !form.function_word)
}

fn dice(a: &StemSet, b: &StemSet) -> f64 {
    if a.len() == 0 || b.len() == 0 {
        return 0.0;
    }
    2.0 * a.common(b) as f64 / (a.len() + b.len()) as f64
}

/// Number of values in both sorted, deduplicated lists.
fn sorted_common(a: &[u32], b: &[u32]) -> usize {
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
    common
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

    /// A stem set of these numbers, as a bit set of `words` words or (0) sorted.
    fn set(numbers: &[u32], words: usize) -> StemSet {
        let mut bits = vec![0u64; words];
        let mut sorted = Vec::new();
        for &n in numbers {
            match bits.get_mut(n as usize / 64) {
                Some(word) => *word |= 1 << (n % 64),
                None => sorted.push(n),
            }
        }
        sorted.sort_unstable();
        sorted.dedup();
        let len = sorted.len() + bits.iter().map(|w| w.count_ones() as usize).sum::<usize>();
        StemSet { len, bits, sorted }
    }

    proptest! {
        /// The size pre-filter never rejects a pair that Dice would accept.
        #[test]
        fn size_filter_only_rejects_what_dice_rejects(
            a in proptest::collection::btree_set(0u32..60, 0..40),
            b in proptest::collection::btree_set(0u32..60, 0..40),
        ) {
            let (a, b): (Vec<u32>, Vec<u32>) = (a.into_iter().collect(), b.into_iter().collect());
            if !sizes_allow_dice(a.len(), b.len()) {
                prop_assert!(dice(&set(&a, 1), &set(&b, 1)) < PARAGRAPH_SIMILARITY);
            }
        }

        /// Bit sets and sorted lists give the same overlap, hence the same Dice.
        #[test]
        fn bit_sets_overlap_like_sorted_lists(
            a in proptest::collection::vec(0u32..200, 0..60),
            b in proptest::collection::vec(0u32..200, 0..60),
        ) {
            prop_assert_eq!(set(&a, 4).len(), set(&a, 0).len());
            prop_assert_eq!(
                dice(&set(&a, 4), &set(&b, 4)).to_bits(),
                dice(&set(&a, 0), &set(&b, 0)).to_bits()
            );
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
        for words in [0, 1] {
            let (a, b) = (set(&[1, 2, 3], words), set(&[2, 3, 4], words));
            assert_eq!(dice(&a, &b), dice(&b, &a));
            assert_eq!(dice(&set(&[1, 2], words), &set(&[2, 1], words)), 1.0);
            assert_eq!(dice(&set(&[], words), &set(&[1], words)), 0.0);
        }
    }
}
