//! stancemap-dedup: exact and near duplicates, repeats inside a document, story clusters.
//!
//! Works on **cleaned** text (paragraphs joined by `"\n\n"`). Pure: values in, values
//! out, no IO; the store persists what is returned (signatures, band keys, the
//! [`StoryClusterer`] state as JSON).
//!
//! # Mechanisms and their thresholds
//!
//! **Exact duplicates** — [`exact_key`]: XXH3-128 of [`stancemap_model::text::match_key`],
//! so case, quotes, dashes and spacing do not matter.
//!
//! **Near duplicates** — [`MinHasher`]: MinHash over 3-word shingles of the match key
//! ([`DEFAULT_SHINGLE_WORDS`]: one edited word breaks only 3 shingles, yet independent
//! articles rarely share 3-word sequences). Each word is hashed once with XXH3, shingle
//! hashes are mixed from the word hashes (no allocation per shingle), and the 256
//! ([`DEFAULT_NUM_PERM`]) permutations are `a·x + b mod 2³²` with `a`, `b` drawn from a
//! fixed-seed SplitMix64 stream, so signatures are identical across runs and machines.
//! 256 values give a Jaccard estimate with standard error ≤ 0.031. LSH: 64 bands × 4
//! rows ([`DEFAULT_ROWS_PER_BAND`]), S-curve threshold (1/64)^(1/4) ≈ 0.35; a pair at
//! [`NEAR_DUPLICATE_JACCARD`] = 0.5 shares a band with probability 0.984, at J = 0.1 with
//! 0.006. Every candidate pair from equal band keys is then **verified** with
//! [`MinHasher::is_near_duplicate`] (full-signature estimate ≥ 0.5). [`NearDupIndex`]
//! does banding and verification in memory for one batch.
//!
//! **Repeats inside a document** — [`find_repeats`]: non-blank lines are paragraphs,
//! compared by the Dice overlap of their content-stem sets (function words out, light
//! stemming, so a Title Case re-translation with other word choices still matches:
//! [`PARAGRAPH_SIMILARITY`] = 0.5; real translation pairs measured 0.67–0.94, different
//! paragraphs of one article up to 0.43; paragraphs need [`MIN_CONTENT_WORDS`] = 3
//! content words). A dynamic programme finds runs of later paragraphs aligned in order
//! with earlier ones, tolerating one skipped paragraph on either side at
//! [`SKIP_PENALTY`] = 0.5 (a merge, a split, an inserted line); the earlier block must end
//! before the later one starts. Runs are taken greedily, best first, non-overlapping. A
//! run is reported when it has ≥ 2 aligned pairs, or one pair of long paragraphs
//! ([`LONG_PARAGRAPH_CONTENT_WORDS`] = 20 content words) at near-copy similarity
//! ([`LONG_PARAGRAPH_SIMILARITY`] = 0.85: a closing summary that restates a paragraph
//! measured 0.77 and is not a copy), or one line repeated verbatim with
//! ≥ [`MIN_HEADLINE_WORDS`] = 4 words and 3 content words (a headline twice;
//! "Advertisement" or "Discover more from Site" twice is not). Cost is quadratic in
//! paragraphs, capped at [`MAX_PARAGRAPHS`].
//!
//! **Story clusters** — [`StoryFeatures`] + [`StoryClusterer`]: single pass. Features are
//! content-word stems (stopwords via the caller's callback) and names (capitalised,
//! not sentence-initial, not in Title Case lines; multi-word names also as one term) at
//! [`NAME_WEIGHT`] = 2, title terms × [`TITLE_BOOST`] = 2, sublinear TF `ln(1 + count)`.
//! Weekday and month names are not names (data file). The clusterer keeps document
//! frequencies (capped at [`MAX_DF_TERMS`], rarest pruned) for IDF `ln(1 + N/df)`, and per story a centroid (time-decayed sum of member vectors,
//! top [`CENTROID_TERMS`] = 64 terms). A document joins the most similar story (cosine ×
//! [`time_factor`], half-life [`DECAY_HALF_LIFE_DAYS`] = 45 days, ties to the older
//! story) when that is ≥ [`NEW_STORY_SIMILARITY`] = 0.14, else starts a new one. Only
//! stories sharing one of the document's [`CANDIDATE_TERMS`] heaviest terms are
//! scored (an inverted index), which keeps assignment fast with many stories.
//!
//! Stories are only as good as the first documents: with few documents the IDF cannot
//! yet tell generic negotiation words from a thread's own words, so the threshold was
//! chosen on cold-start orderings (see the tests).
//!
//! **Cost** (why the code looks the way it does): everything here runs once per
//! document, assignment sequentially in input order. The text is tokenised **once**
//! into [`DocTokens`] (lines, word spans, and per distinct word form its lower-cased
//! spelling, stem, XXH3 hashes and flags, kept in the thread's spelling memo), which
//! [`find_repeats_in`], [`StoryFeatures::from_tokens`] and [`MinHasher::signature_of`]
//! all read; the text-based functions build it themselves. ASCII lines are split eight
//! bytes at a time (word-wide masks of letters and digits; the model's `words` for the
//! rest). A word's spelling facts come from a per-thread memo (bounded, keyed by the
//! vocabulary's identity, a pure cache) found by a 64-bit hash of the word as written
//! and verified against it; the memo also numbers the forms of the current document, so
//! a token costs one hash and one probe, and stemming and hashing happen about once per
//! word per thread. A document borrows the memo while it lives (a pool of two per
//! thread: a text's and a title's tokens live together) and refers to its forms there,
//! so no spelling is copied per document. MinHash takes the word
//! hashes from the forms when the text's words equal its match key's words (always for
//! ASCII; otherwise checked per non-ASCII character) and tokenises the text itself
//! otherwise, so signatures never depend on the path. Story term counts go to a vector
//! indexed by term id in document order (terms found by hash, a stem's hash taken from
//! its form, spelled once in an arena; the features are one string of sorted terms and
//! a weight per term, not a map of strings); internal lookup maps use FxHash (never
//! iterated in an output path). The clusterer interns each term once (a `u32` id):
//! document frequencies and the inverted index are vectors by id, a candidate story is
//! scored against the document's weights laid out by id, and each centroid (kept sorted
//! by spelling, so every sum runs in the order it always did) carries its norm; a
//! joining member is merged into a centroid as a sorted merge, and the heaviest terms
//! are selected (`select_nth_unstable`, a total order) rather than sorted. The saved
//! state is spellings, not ids (the same JSON as before ids). [`exact_key`] streams the match
//! key into the hasher instead of building it: ASCII runs eight bytes per step
//! (lower-cased and white space turned into spaces with word-wide operations) where no
//! white space needs collapsing, through a byte table elsewhere (paragraph breaks). The 256 permutations of MinHash remain
//! the largest cost (`N × 256` multiply-add-min, four permutations per pass over the
//! shingles).
//!
//! Repeats number the document's content stems and give each paragraph a bit set of
//! them (up to 2048 stems per document; sorted lists beyond), so a paragraph pair's
//! overlap is a few AND and POPCNT instructions.
//!
//! Vocabulary (stemming suffixes, function words, not-names) lives in
//! `data/stories.toml`; [`Vocab::with_extra_toml`] extends or replaces it. Everything is
//! deterministic: fixed hash seeds, `BTreeMap`s in every output path, ties broken by
//! creation order.

mod cluster;
mod exact;
mod fx;
mod minhash;
mod repeats;
mod story;
mod tokens;
mod vocab;

pub use cluster::StoryClusterer;
pub use exact::exact_key;
pub use minhash::{
    MinHasher, NearDupIndex, DEFAULT_NUM_PERM, DEFAULT_ROWS_PER_BAND, DEFAULT_SHINGLE_WORDS,
    NEAR_DUPLICATE_JACCARD,
};
pub use repeats::{
    find_repeats, find_repeats_in, find_repeats_with, LONG_PARAGRAPH_CONTENT_WORDS,
    LONG_PARAGRAPH_SIMILARITY, MAX_PARAGRAPHS, MIN_CONTENT_WORDS, MIN_HEADLINE_WORDS,
    PARAGRAPH_SIMILARITY, SKIP_PENALTY,
};
pub use story::{
    parse_day, time_factor, StoryFeatures, CANDIDATE_TERMS, CENTROID_TERMS, DECAY_HALF_LIFE_DAYS,
    MAX_DF_TERMS, NAME_WEIGHT, NEW_STORY_SIMILARITY, TITLE_BOOST, TITLE_CASE_SHARE,
};
pub use tokens::DocTokens;
pub use vocab::Vocab;

/// Errors of this crate: only configuration can fail; documents never do.
#[derive(Debug, thiserror::Error)]
pub enum DedupError {
    /// A user's vocabulary TOML did not parse or had unknown keys.
    #[error("invalid dedup vocabulary TOML: {0}")]
    Vocabulary(#[from] toml::de::Error),
}
