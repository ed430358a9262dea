//! The store seen as the pipeline's `Corpus`: the adapter lives here, at the IO edge, so
//! neither the pipeline nor the store depends on the other.

use stancemap_pipeline::{Corpus, Processed};
use stancemap_store::{StoreError, Tx};

pub struct StoreCorpus<'a, 's> {
    pub tx: &'a Tx<'s>,
}

impl Corpus for StoreCorpus<'_, '_> {
    type Error = StoreError;

    fn has_document(&self, id: &str) -> Result<bool, StoreError> {
        self.tx.has_document(id)
    }

    fn find_exact(&self, exact_key: &str) -> Result<Option<String>, StoreError> {
        self.tx.find_exact(exact_key)
    }

    fn near_candidates(&self, band_keys: &[u64]) -> Result<Vec<(String, Vec<u32>)>, StoreError> {
        self.tx.near_candidates(band_keys)
    }

    fn insert(&mut self, p: &Processed, band_keys: &[u64]) -> Result<bool, StoreError> {
        self.tx
            .insert_document(&p.doc, &p.exact_key, &p.signature, band_keys)
    }

    fn load_state(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.tx.load_state(key)
    }

    fn save_state(&mut self, key: &str, json: &str) -> Result<(), StoreError> {
        self.tx.save_state(key, json)
    }
}
