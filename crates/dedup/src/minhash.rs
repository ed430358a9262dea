//! Near duplicates: MinHash signatures over word shingles, LSH banding, verification.

use stancemap_model::text::fold_char;
use xxhash_rust::xxh3::xxh3_64;

use crate::tokens::DocTokens;

/// Estimated Jaccard similarity of the word-3-shingle sets at or above which two
/// documents are near duplicates. The same wire story in two outlets (other first line,
/// a byline or a boilerplate line added, a few words edited) measures 0.6–0.9; two
/// different articles about the same talks measure below 0.1 because independent
/// writers rarely share three words in a row beyond stock phrases. 0.5 sits in the wide
/// gap, nearer the duplicates because heavy edits lower their score quickly.
pub const NEAR_DUPLICATE_JACCARD: f64 = 0.5;

/// Default number of hash functions (signature length). 256 keeps the standard error
/// of the Jaccard estimate at most sqrt(0.25/256) = 0.031, so an estimate is within
/// ±0.1 of the truth with probability > 99.8 %.
pub const DEFAULT_NUM_PERM: usize = 256;
/// Default rows per LSH band: 64 bands × 4 rows. The S-curve threshold
/// (1/64)^(1/4) ≈ 0.35 is below [`NEAR_DUPLICATE_JACCARD`], so a pair at J = 0.5 shares
/// a band with probability 1 − (1 − 0.5⁴)⁶⁴ ≈ 0.984 (J = 0.6: 0.9998) while a pair at
/// J = 0.1 becomes a candidate with probability 0.0064. Candidates are then verified
/// with [`MinHasher::is_near_duplicate`].
pub const DEFAULT_ROWS_PER_BAND: usize = 4;
/// Default shingle length in words. 3 words: short enough that one edited word
/// breaks only three shingles (wire copies with edits stay above the threshold), long
/// enough that independent articles share few shingles.
pub const DEFAULT_SHINGLE_WORDS: usize = 3;

/// A fixed seed for the hash family: signatures are stable across runs and machines.
const FAMILY_SEED: u64 = 0x5EED_D0C5_2026_0001;

/// MinHash with a fixed, seeded hash family.
///
/// Each word of the `match_key`ed text is hashed once with XXH3; the hashes of `k`
/// consecutive words are mixed into one 32-bit shingle hash (one buffer per document,
/// no allocation per shingle), and the `i`-th permutation is the cheap universal map `a_i·x + b_i mod 2³²` with odd
/// `a_i`, which is a bijection on `u32`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MinHasher {
    shingle_words: usize,
    rows_per_band: usize,
    mul: Vec<u32>,
    /// `b_i + 2³¹`, see `min_image`.
    add_flipped: Vec<u32>,
}

const SIGN_FLIP: u32 = 0x8000_0000;

impl Default for MinHasher {
    /// 256 permutations, 64 bands × 4 rows, 3-word shingles (see the constants).
    fn default() -> Self {
        Self::new(
            DEFAULT_NUM_PERM,
            DEFAULT_ROWS_PER_BAND,
            DEFAULT_SHINGLE_WORDS,
        )
    }
}

impl MinHasher {
    /// A hasher with `num_perm` hash functions, LSH bands of `rows_per_band` rows and
    /// shingles of `shingle_words` words (each at least 1). Bands use the first
    /// `num_perm / rows_per_band * rows_per_band` values.
    pub fn new(num_perm: usize, rows_per_band: usize, shingle_words: usize) -> Self {
        let mut state = FAMILY_SEED;
        let mut mul = Vec::with_capacity(num_perm.max(1));
        let mut add = Vec::with_capacity(num_perm.max(1));
        for _ in 0..num_perm.max(1) {
            mul.push((splitmix64(&mut state) as u32) | 1);
            add.push((splitmix64(&mut state) as u32) ^ SIGN_FLIP);
        }
        MinHasher {
            shingle_words: shingle_words.max(1),
            rows_per_band: rows_per_band.max(1),
            mul,
            add_flipped: add,
        }
    }

    /// Signature length.
    pub fn num_perm(&self) -> usize {
        self.mul.len()
    }

    /// Number of LSH bands [`MinHasher::band_keys`] returns.
    pub fn num_bands(&self) -> usize {
        self.mul.len() / self.rows_per_band
    }

    /// MinHash signature of the set of `k`-word shingles of the words of
    /// `match_key(text)` (see `stancemap_model::text`). A text
    /// with fewer than `k` words has one shingle made of all its words; an empty text
    /// gets the all-`u32::MAX` signature.
    pub fn signature(&self, text: &str) -> Vec<u32> {
        let mut words = Vec::with_capacity(text.len() / 6);
        for_each_key_word(text, |word| words.push(xxh3_64(word)));
        self.signature_of_words(&words)
    }

    /// [`MinHasher::signature`] of a document tokenised once for all dedup stages: the
    /// word hashes are taken from its word forms (hashed once per distinct form). Equal
    /// to `signature(text)`; a text whose words differ from those of its match key
    /// (see `tokens`) is hashed from its text.
    pub fn signature_of(&self, doc: &DocTokens<'_>) -> Vec<u32> {
        if !doc.key_words_agree {
            return self.signature(doc.text);
        }
        let words: Vec<u64> = doc.tokens.iter().map(|t| doc.form(t).hash).collect();
        self.signature_of_words(&words)
    }

    fn signature_of_words(&self, words: &[u64]) -> Vec<u32> {
        let shingles = shingle_hashes(words, self.shingle_words);
        let mut signature = Vec::with_capacity(self.mul.len());
        let mut muls = self.mul.chunks_exact(PERMS_PER_PASS);
        let mut adds = self.add_flipped.chunks_exact(PERMS_PER_PASS);
        for (a, b) in (&mut muls).zip(&mut adds) {
            let minima = min_images(&shingles, a, b);
            signature.extend(minima.iter().map(|&m| (m as u32) ^ SIGN_FLIP));
        }
        for (&a, &b) in muls.remainder().iter().zip(adds.remainder()) {
            signature.push((min_image(&shingles, a, b) as u32) ^ SIGN_FLIP);
        }
        signature
    }

    /// One key per LSH band: a hash of the band's rows with the band index mixed in, so
    /// equal keys mean the same band and (barring a 64-bit collision) the same rows.
    pub fn band_keys(&self, sig: &[u32]) -> Vec<u64> {
        sig.chunks_exact(self.rows_per_band)
            .take(self.num_bands())
            .enumerate()
            .map(|(band, rows)| band_key(band, rows))
            .collect()
    }

    /// Fraction of signature positions where the two signatures agree (0 for empty or
    /// mismatched lengths' common prefix being empty).
    pub fn estimate_jaccard(&self, a: &[u32], b: &[u32]) -> f64 {
        let n = a.len().min(b.len());
        if n == 0 {
            return 0.0;
        }
        let equal = a.iter().zip(b).filter(|(x, y)| x == y).count();
        equal as f64 / n as f64
    }

    /// The verify step after an LSH candidate: estimate ≥ [`NEAR_DUPLICATE_JACCARD`].
    pub fn is_near_duplicate(&self, a: &[u32], b: &[u32]) -> bool {
        self.estimate_jaccard(a, b) >= NEAR_DUPLICATE_JACCARD
    }
}

/// The smallest image of the shingle hashes under `x ↦ a·x + b mod 2³²`, in the signed
/// domain: `b` carries an extra 2³¹, which flips the top bit of every value and turns
/// the unsigned minimum into a signed one (one SSE2 compare instead of an emulated
/// unsigned one); the caller flips it back. One tight loop with `a` and `b` in
/// registers, which the compiler vectorises; signatures use it only for the
/// permutations left over by [`min_images`]. Empty input: `i32::MAX`, i.e. `u32::MAX`
/// after the flip.
fn min_image(shingles: &[u32], a: u32, b: u32) -> i32 {
    shingles
        .iter()
        .map(|&x| a.wrapping_mul(x).wrapping_add(b) as i32)
        .fold(i32::MAX, i32::min)
}

/// Permutations computed per pass over the shingles by [`min_images`].
const PERMS_PER_PASS: usize = 4;

/// [`min_image`] of [`PERMS_PER_PASS`] permutations in one pass: each vector of four
/// shingles is loaded once for all of them (a copy, multiply, add and minimum per
/// permutation), which saves loads and the loop's counting per permutation: 19
/// instructions per 16 shingle-permutation pairs instead of 11 per 8 (x86-64-v2 build;
/// two per pass measured 12 % fewer instructions than one, four 14 %; more than four
/// run out of SSE registers). Dropping repeated shingles first cost more than it saved.
fn min_images(shingles: &[u32], a: &[u32], b: &[u32]) -> [i32; PERMS_PER_PASS] {
    let a: [u32; PERMS_PER_PASS] = std::array::from_fn(|k| a.get(k).copied().unwrap_or(1));
    let b: [u32; PERMS_PER_PASS] = std::array::from_fn(|k| b.get(k).copied().unwrap_or(0));
    shingles
        .iter()
        .fold([i32::MAX; PERMS_PER_PASS], |[m0, m1, m2, m3], &x| {
            [
                m0.min(a[0].wrapping_mul(x).wrapping_add(b[0]) as i32),
                m1.min(a[1].wrapping_mul(x).wrapping_add(b[1]) as i32),
                m2.min(a[2].wrapping_mul(x).wrapping_add(b[2]) as i32),
                m3.min(a[3].wrapping_mul(x).wrapping_add(b[3]) as i32),
            ]
        })
}

/// An in-memory LSH index for one batch (the store keeps band keys across runs):
/// candidates share a band key, then are verified with the full signature.
#[derive(Debug, Clone, Default)]
pub struct NearDupIndex {
    hasher: MinHasher,
    ids: Vec<String>,
    signatures: Vec<Vec<u32>>,
    bands: std::collections::BTreeMap<u64, Vec<usize>>,
}

impl NearDupIndex {
    /// An empty index using `hasher` (signatures must come from the same hasher).
    pub fn new(hasher: MinHasher) -> Self {
        NearDupIndex {
            hasher,
            ..Self::default()
        }
    }

    /// The earliest indexed document `sig` nearly duplicates (candidates from shared
    /// bands, verified with [`MinHasher::is_near_duplicate`]), or `None`, in which case
    /// the document is added under `id`. Duplicates are not added: the original stays
    /// the one later copies point to.
    pub fn find_or_insert(&mut self, id: &str, sig: Vec<u32>) -> Option<String> {
        let keys = self.hasher.band_keys(&sig);
        let candidates: std::collections::BTreeSet<usize> = keys
            .iter()
            .filter_map(|k| self.bands.get(k))
            .flatten()
            .copied()
            .collect();
        for index in candidates {
            if self.hasher.is_near_duplicate(&self.signatures[index], &sig) {
                return Some(self.ids[index].clone());
            }
        }
        let index = self.ids.len();
        for key in keys {
            self.bands.entry(key).or_default().push(index);
        }
        self.ids.push(id.to_string());
        self.signatures.push(sig);
        None
    }
}

/// Calls `emit` with the UTF-8 bytes of each word of `words(match_key(text))`, in
/// order, without building the key: one pass, one reused buffer, an ASCII fast path.
/// Equivalence with the model's helpers is a property test.
pub(crate) fn for_each_key_word(text: &str, mut emit: impl FnMut(&[u8])) {
    let mut word: Vec<u8> = Vec::with_capacity(64);
    let mut joiner: Option<char> = None;
    let mut feed = |c: char, word: &mut Vec<u8>| {
        if c.is_alphanumeric() {
            if let Some(j) = joiner.take() {
                push_char(word, j);
            }
            push_char(word, c);
        } else if !word.is_empty() && joiner.is_none() && matches!(c, '\'' | '-') {
            joiner = Some(c);
        } else {
            if !word.is_empty() {
                emit(word);
                word.clear();
            }
            joiner = None;
        }
    };
    for c in text.chars() {
        if c.is_ascii() {
            let b = if c == '`' {
                '\''
            } else {
                c.to_ascii_lowercase()
            };
            feed(b, &mut word);
        } else {
            for l in fold_char(c).to_lowercase() {
                feed(l, &mut word);
            }
        }
    }
    feed(' ', &mut word);
}

fn push_char(buf: &mut Vec<u8>, c: char) {
    if c.is_ascii() {
        buf.push(c as u8);
    } else {
        buf.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
    }
}

/// The 32-bit hashes of the shingles of a word-hash sequence, in text order (windows
/// of `k` consecutive words). A text shorter than one shingle is one shingle of all its
/// words; an empty text has none.
fn shingle_hashes(words: &[u64], shingle_words: usize) -> Vec<u32> {
    let k = shingle_words.clamp(1, MAX_SHINGLE_WORDS);
    if words.len() < k {
        return if words.is_empty() {
            Vec::new()
        } else {
            vec![shingle_hash(words)]
        };
    }
    words.windows(k).map(shingle_hash).collect()
}

/// Longest shingle, in words.
const MAX_SHINGLE_WORDS: usize = 16;

/// Order-sensitive mix of consecutive word hashes.
fn shingle_hash(window: &[u64]) -> u32 {
    let mut h: u64 = 0x9E37_79B9_7F4A_7C15;
    for &w in window {
        h = (h ^ w).wrapping_mul(0xFF51_AFD7_ED55_8CCD).rotate_left(29);
    }
    let mixed = fmix64(h);
    (mixed ^ (mixed >> 32)) as u32
}

fn band_key(band: usize, rows: &[u32]) -> u64 {
    let mut bytes = Vec::with_capacity(8 + rows.len() * 4);
    bytes.extend_from_slice(&(band as u64).to_le_bytes());
    for r in rows {
        bytes.extend_from_slice(&r.to_le_bytes());
    }
    xxh3_64(&bytes)
}

fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    fmix64(*state)
}

/// The MurmurHash3 / SplitMix finaliser: full avalanche of a 64-bit value.
fn fmix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use stancemap_model::text::{match_key, words};

    fn key_words(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for_each_key_word(text, |w| out.push(String::from_utf8_lossy(w).into_owned()));
        out
    }

    proptest! {
        #[test]
        fn key_words_equal_words_of_match_key(text in "[a-zA-Z0-9 '`\\-.,\u{2019}\u{2014}\u{C9}\u{E9}\u{130}\u{3A3}\n]{0,60}") {
            let key = match_key(&text);
            let expected: Vec<String> = words(&key).map(|(_, w)| w.to_string()).collect();
            prop_assert_eq!(key_words(&text), expected);
        }
    }

    proptest! {
        /// The shared tokens give the same signature as the text (both paths: texts
        /// whose words agree with the match key's and texts that fall back).
        #[test]
        fn signature_of_tokens_equals_signature_of_text(text in "[a-zA-Z0-9 '`\\-.,\u{2019}\u{2014}\u{C9}\u{E9}\u{130}\u{3A3}\n]{0,80}") {
            let m = MinHasher::default();
            prop_assert_eq!(m.signature_of(&DocTokens::new(&text)), m.signature(&text));
        }
    }

    #[test]
    fn odd_signature_lengths_are_complete() {
        let m = MinHasher::new(7, 2, 3);
        let sig = m.signature("the envoys met in Muscat for a fourth round");
        assert_eq!(sig.len(), 7);
        assert!(sig.iter().all(|&v| v != u32::MAX));
    }

    #[test]
    fn case_and_punctuation_do_not_change_the_signature() {
        let m = MinHasher::default();
        assert_eq!(
            m.signature("Dock workers reject the offer."),
            m.signature("DOCK WORKERS \u{2014} reject the offer")
        );
    }

    #[test]
    fn word_order_matters_and_short_texts_hash() {
        let m = MinHasher::default();
        assert_ne!(m.signature("a b c d"), m.signature("d c b a"));
        assert_ne!(m.signature("truce"), vec![u32::MAX; DEFAULT_NUM_PERM]);
        assert_eq!(m.signature(""), vec![u32::MAX; DEFAULT_NUM_PERM]);
    }

    #[test]
    fn band_keys_mix_in_the_band_index() {
        let m = MinHasher::default();
        let sig = vec![7u32; DEFAULT_NUM_PERM];
        let keys = m.band_keys(&sig);
        assert_eq!(keys.len(), 64);
        // Identical rows in different bands must still give different keys.
        assert_ne!(keys[0], keys[1]);
    }

    #[test]
    fn jaccard_of_identical_and_disjoint() {
        let m = MinHasher::default();
        let a = m.signature("the envoys met in Muscat for a fourth round of talks on enrichment");
        let b = m.signature("port employers tabled a new wage offer to the longshore union today");
        assert_eq!(m.estimate_jaccard(&a, &a), 1.0);
        assert!(m.estimate_jaccard(&a, &b) < 0.05);
        assert!(!m.is_near_duplicate(&a, &b));
    }
}
