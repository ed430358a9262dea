//! LSH band rows of the open transaction, kept in memory until commit.
//!
//! Band keys are hashes: every band row lands at a random place of the `lsh_bands`
//! b-tree, and every candidate lookup seeks 64 random places. With a store larger than
//! the page cache both miss the cache (20 000 documents: 40 % of the sequential linking
//! thread). Rows of the current transaction are therefore kept in a hash map, looked up
//! there, and written in key order when the transaction commits (or when
//! [`MAX_PENDING_ROWS`] is reached), which turns random b-tree inserts into an ordered
//! merge. Nothing else reads `lsh_bands` inside a transaction.

use rustc_hash::FxHashMap;

/// Pending rows at which they are written out before commit: 2²⁰ rows (~16 000
/// documents of 64 bands) take ~50 MB here (~32 bytes per row in the map and the row
/// chain, plus the id and 1 KB signature of each document), which bounds memory for
/// batches of any size.
pub(crate) const MAX_PENDING_ROWS: usize = 1 << 20;

/// End of a chain in [`PendingBands::rows`].
const NONE: u32 = u32::MAX;

#[derive(Debug, Default)]
pub(crate) struct PendingBands {
    /// Band key → index of its newest row in `rows`.
    head: FxHashMap<u64, u32>,
    /// (seq, index of the previous row with the same key, or [`NONE`]).
    rows: Vec<(i64, u32)>,
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

    /// Id and signature of a document with pending rows.
    pub(crate) fn doc(&self, seq: i64) -> Option<&(String, Vec<u32>)> {
        self.docs.get(&seq)
    }

    /// Take every pending row as (band key, seq), sorted (the b-tree's order).
    pub(crate) fn take_sorted(&mut self) -> Vec<(u64, i64)> {
        let mut out = Vec::with_capacity(self.rows.len());
        for (&key, &head) in &self.head {
            let mut at = head;
            while at != NONE {
                let (seq, prev) = self.rows[at as usize];
                out.push((key, seq));
                at = prev;
            }
        }
        out.sort_unstable();
        self.head.clear();
        self.rows.clear();
        self.docs.clear();
        out
    }
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
}
