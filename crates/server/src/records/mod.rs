//! The store edge the CLI and the server share: the store as the pipeline's `Corpus`,
//! one ingest batch in one transaction, and the ledger and entity views read back from
//! stored records. Moved here from the CLI so both front ends run the same code.

pub mod corpus;
pub mod entities;
pub mod ledger;

use std::cell::RefCell;

use stancemap_ingest::ReadItem;
use stancemap_pipeline::{run_batch, BatchSummary, Config, Corpus, Processed, Progress};
use stancemap_store::{IngestRun, Store, StoreError};

use crate::error::ServerError;
use corpus::StoreCorpus;

/// What one ingest batch did: the pipeline's counts plus the ids it stored and the ids
/// that were already there, in input order.
#[derive(Debug, Clone, Default)]
pub struct Ingested {
    pub summary: BatchSummary,
    pub stored: Vec<String>,
    pub already_present: Vec<String>,
}

/// Run one batch in one transaction (either all of it is stored or none of it) and log
/// it as an ingest run that started at `started` (the caller owns the clock).
pub fn ingest(
    store: &mut Store,
    cfg: &Config,
    items: impl Iterator<Item = ReadItem> + Send,
    chunk: usize,
    started: String,
    on_progress: impl FnMut(Progress),
) -> Result<Ingested, ServerError> {
    let tx = store.transaction()?;
    let mut corpus = Recording {
        inner: StoreCorpus { tx: &tx },
        stored: Vec::new(),
        present: RefCell::new(Vec::new()),
    };
    let summary = run_batch(cfg, &mut corpus, items, chunk, on_progress)?;
    let (stored, already_present) = (corpus.stored, corpus.present.into_inner());
    tx.record_run(&IngestRun {
        started,
        files: summary.inputs,
        ingested: summary.stored,
        already_present: summary.already_present,
        duplicates: summary.duplicates,
        skipped: summary
            .skipped
            .iter()
            .map(|s| {
                let d = &s.diagnostic;
                (s.source.clone(), d.code.clone(), d.message.clone())
            })
            .collect(),
    })?;
    tx.commit()?;
    Ok(Ingested {
        summary,
        stored,
        already_present,
    })
}

/// A corpus that remembers which documents were stored and which were already there,
/// so an API caller learns the ids of what it sent.
struct Recording<C> {
    inner: C,
    stored: Vec<String>,
    /// Filled from `has_document` (the linker asks it before anything else, and takes
    /// `&self` there); the corpus never leaves the calling thread.
    present: RefCell<Vec<String>>,
}

impl<C: Corpus<Error = StoreError>> Corpus for Recording<C> {
    type Error = StoreError;
    type Encoded = C::Encoded;

    fn encode(p: &Processed) -> C::Encoded {
        C::encode(p)
    }

    fn has_document(&self, id: &str) -> Result<bool, StoreError> {
        let found = self.inner.has_document(id)?;
        if found {
            self.present.borrow_mut().push(id.to_string());
        }
        Ok(found)
    }

    fn find_exact(&self, exact_key: &str) -> Result<Option<String>, StoreError> {
        self.inner.find_exact(exact_key)
    }

    fn near_candidates(&self, band_keys: &[u64]) -> Result<Vec<(String, Vec<u32>)>, StoreError> {
        self.inner.near_candidates(band_keys)
    }

    fn insert(
        &mut self,
        p: &Processed,
        encoded: &C::Encoded,
        band_keys: &[u64],
        entity_ids: &[String],
    ) -> Result<bool, StoreError> {
        let stored = self.inner.insert(p, encoded, band_keys, entity_ids)?;
        if stored {
            self.stored.push(p.doc.id.clone());
        }
        Ok(stored)
    }

    fn chunk_linked(&mut self) -> Result<(), StoreError> {
        self.inner.chunk_linked()
    }

    fn load_state(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.inner.load_state(key)
    }

    fn save_state(&mut self, key: &str, json: &str) -> Result<(), StoreError> {
        self.inner.save_state(key, json)
    }
}
