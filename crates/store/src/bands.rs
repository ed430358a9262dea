//! LSH band rows of the open transaction, kept in memory until commit.
//!
//! Band keys are hashes: every band row lands at a random place of the `lsh_bands`
//! b-tree, and every candidate lookup seeks 64 random places. With a store larger than
//! the page cache both miss the cache (20 000 documents: 40 % of the sequential linking
//! thread). Rows of the current transaction are therefore kept in a hash map, looked up
//! there, and written in key order when the transaction commits (or when
//! [`MAX_PENDING_ROWS`] is reached), which turns random b-tree inserts into an ordered
//! merge. Into a store without band rows (a first import, the benchmark) the rows of
//! each chunk of a batch are written right after it is linked instead, overlapping the
//! next chunk's processing (`Tx::write_new_band_rows`); they stay here for lookups, and
//! SQLite is asked only about documents before the first one kept here. Nothing else
//! reads `lsh_bands` inside a transaction.

use rustc_hash::FxHashMap;

/// Pending rows at which they are written out before commit and forgotten: 2²⁰ rows
/// (~16 000 documents of 64 bands) take ~60 MB here (~40 bytes per row in the map, the
/// row chain and the row keys, plus the id and 1 KB signature of each document), which
/// bounds memory for batches of any size.
pub(crate) const MAX_PENDING_ROWS: usize = 1 << 20;

/// End of a chain in [`PendingBands::rows`].
const NONE: u32 = u32::MAX;

#[derive(Debug, Default)]
pub(crate) struct PendingBands {
    /// Band key → index of its newest row in `rows`.
    head: FxHashMap<u64, u32>,
    /// (seq, index of the previous row with the same key, or [`NONE`]), in `seq`
    /// order.
    rows: Vec<(i64, u32)>,
    /// The key of each row of `rows`.
    keys: Vec<u64>,
    /// `rows[..written]` are in SQLite already (written after a chunk, see
    /// [`PendingBands::take_unwritten_sorted`]) and kept here for lookups.
    written: usize,
    /// Id and signature of every document with pending rows: near-duplicate candidates
    /// are mostly documents of the same batch, and reading a signature back from its
    /// row walks the overflow pages of the document text before it.
    docs: FxHashMap<i64, (String, Vec<u32>)>,
}

impl PendingBands {
    /// Add the rows of one document. `keys` may repeat a key (two bands hashing alike):
    /// one row per distinct key, as the table's primary key would keep.
    pub(crate) fn add(&mut self, seq: i64, id: &str, signature: &[u32], keys: &[u64]) {
        if keys.is_empty() {
            return;
        }
        self.docs.insert(seq, (id.to_string(), signature.to_vec()));
        for key in distinct(keys) {
            let prev = self.head.insert(key, self.rows.len() as u32);
            self.rows.push((seq, prev.unwrap_or(NONE)));
            self.keys.push(key);
        }
    }

    /// Call `f` with every pending document having band `key`.
    pub(crate) fn for_each_seq(&self, key: u64, mut f: impl FnMut(i64)) {
        let mut at = self.head.get(&key).copied().unwrap_or(NONE);
        while at != NONE {
            let (seq, prev) = self.rows[at as usize];
            f(seq);
            at = prev;
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.rows.len()
    }

    /// The key of every row here (repeated as often as rows have it).
    pub(crate) fn keys(&self) -> impl Iterator<Item = u64> + '_ {
        self.keys.iter().copied()
    }

    /// The lowest `seq` with rows here: SQLite answers for the documents before it,
    /// this map for it and every later one (rows written out and kept are in both).
    pub(crate) fn first_seq(&self) -> Option<i64> {
        self.rows.first().map(|&(seq, _)| seq)
    }

    /// The rows not written yet as (band key, seq), sorted; they stay here for lookups
    /// and count as written from now on.
    pub(crate) fn take_unwritten_sorted(&mut self) -> Vec<(u64, i64)> {
        let mut out: Vec<(u64, i64)> = self.keys[self.written..]
            .iter()
            .zip(&self.rows[self.written..])
            .map(|(&key, &(seq, _))| (key, seq))
            .collect();
        out.sort_unstable();
        self.written = self.rows.len();
        out
    }

    /// Id and signature of a document with pending rows.
    pub(crate) fn doc(&self, seq: i64) -> Option<&(String, Vec<u32>)> {
        self.docs.get(&seq)
    }

    /// Take every row not written yet as (band key, seq), sorted (the b-tree's order),
    /// and forget all rows.
    pub(crate) fn take_sorted(&mut self) -> Vec<(u64, i64)> {
        let out = self.take_unwritten_sorted();
        self.head.clear();
        self.rows.clear();
        self.keys.clear();
        self.docs.clear();
        self.written = 0;
        out
    }
}

/// Bits of [`WrittenKeys`]: 2²⁶ bits = 8 MB, ~10 bits per key for a transaction of
/// 100 000 documents (6.4 million band rows), where 4 probes give ~1 % false positives.
const FILTER_BITS: usize = 1 << 26;
/// Probes per key.
const FILTER_PROBES: u32 = 4;

/// A Bloom filter of the band keys written out during this transaction (when the store
/// had no band rows before it). A lookup then asks SQLite only about keys that may be
/// there, usually none: a new article's bands are mostly its own. Keys are hashes
/// already, so the probes are taken from their bits (double hashing).
#[derive(Debug, Default)]
pub(crate) struct WrittenKeys {
    bits: Vec<u64>,
}

impl WrittenKeys {
    pub(crate) fn insert(&mut self, key: u64) {
        if self.bits.is_empty() {
            self.bits = vec![0; FILTER_BITS / 64];
        }
        for bit in probes(key) {
            self.bits[bit / 64] |= 1 << (bit % 64);
        }
    }

    /// `false`: certainly not written; `true`: maybe.
    pub(crate) fn may_contain(&self, key: u64) -> bool {
        !self.bits.is_empty() && probes(key).all(|bit| self.bits[bit / 64] & (1 << (bit % 64)) != 0)
    }
}

fn probes(key: u64) -> impl Iterator<Item = usize> {
    let h1 = key;
    let h2 = key.rotate_left(32) | 1;
    (0..u64::from(FILTER_PROBES))
        .map(move |i| (h1.wrapping_add(i.wrapping_mul(h2)) % FILTER_BITS as u64) as usize)
}

/// The distinct values of `keys`, sorted.
pub(crate) fn distinct(keys: &[u64]) -> Vec<u64> {
    let mut keys = keys.to_vec();
    keys.sort_unstable();
    keys.dedup();
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_keys_have_no_false_negatives() {
        let mut w = WrittenKeys::default();
        assert!(!w.may_contain(42), "empty filter");
        let keys: Vec<u64> = (0..10_000u64)
            .map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15))
            .collect();
        keys.iter().for_each(|&k| w.insert(k));
        assert!(keys.iter().all(|&k| w.may_contain(k)));
        let false_hits = (0..10_000u64)
            .map(|i| (i + 1_000_000).wrapping_mul(0xD6E8_FEB8_6659_FD93))
            .filter(|&k| w.may_contain(k))
            .count();
        assert!(false_hits < 10, "{false_hits} false positives");
    }

    #[test]
    fn rows_are_found_by_key_and_taken_in_order() {
        let mut p = PendingBands::default();
        p.add(1, "d-1", &[5], &[30, 10, 30]);
        p.add(2, "d-2", &[6], &[10, 20]);
        p.add(3, "d-3", &[7], &[]);
        assert_eq!(p.doc(2), Some(&("d-2".to_string(), vec![6])));
        assert_eq!(p.doc(3), None, "no rows, no candidate");
        let mut seqs = Vec::new();
        p.for_each_seq(10, |s| seqs.push(s));
        seqs.sort_unstable();
        assert_eq!(seqs, [1, 2]);
        p.for_each_seq(99, |_| panic!("no such key"));
        assert_eq!(p.len(), 4, "the repeated key of document 1 is one row");
        assert_eq!(p.take_sorted(), [(10, 1), (10, 2), (20, 2), (30, 1)]);
        assert_eq!(p.len(), 0);
        assert_eq!(p.doc(1), None);
    }

    /// Rows written after a chunk stay for lookups; only later rows are written next.
    #[test]
    fn written_rows_are_kept_and_not_written_twice() {
        let mut p = PendingBands::default();
        p.add(1, "d-1", &[5], &[30, 10]);
        assert_eq!(p.take_unwritten_sorted(), [(10, 1), (30, 1)]);
        p.add(2, "d-2", &[6], &[10]);
        let mut seqs = Vec::new();
        p.for_each_seq(10, |s| seqs.push(s));
        assert_eq!(seqs, [2, 1], "written rows are still found");
        assert_eq!(p.first_seq(), Some(1));
        assert_eq!(p.take_sorted(), [(10, 2)]);
        assert_eq!(p.first_seq(), None);
        assert!(p.take_unwritten_sorted().is_empty());
    }
}
