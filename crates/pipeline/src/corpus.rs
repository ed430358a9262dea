//! What the linker needs to know about documents stored before.

use std::collections::BTreeMap;
use std::convert::Infallible;

use crate::Processed;

/// The linker's view of the corpus. The SQLite store implements it at the CLI edge;
/// [`MemoryCorpus`] implements it for tests. Lookups must see documents inserted earlier
/// in the same batch.
pub trait Corpus {
    type Error: std::error::Error + Send + Sync + 'static;
    /// What the corpus makes of a processed document before it is linked (the store:
    /// its rows serialised), on the worker threads that process documents, so the one
    /// linking thread only adds what linking decides.
    type Encoded: Send;
    /// Runs in parallel, in no particular order; must not depend on the corpus.
    fn encode(doc: &Processed) -> Self::Encoded;
    fn has_document(&self, id: &str) -> Result<bool, Self::Error>;
    /// The earliest stored document with this exact-duplicate key.
    fn find_exact(&self, exact_key: &str) -> Result<Option<String>, Self::Error>;
    /// Documents sharing at least one LSH band key, with signatures, in ingest order.
    fn near_candidates(&self, band_keys: &[u64]) -> Result<Vec<(String, Vec<u32>)>, Self::Error>;
    /// Store the document with its mentions and role facts (`entity_ids[i]` is the
    /// corpus-wide id of `doc.actors.entities[i]`); `false` when its id was already there
    /// (nothing changes).
    /// `encoded` is what [`Corpus::encode`] made of `doc`.
    fn insert(
        &mut self,
        doc: &Processed,
        encoded: &Self::Encoded,
        band_keys: &[u64],
        entity_ids: &[String],
    ) -> Result<bool, Self::Error>;
    /// A chunk of documents is linked: work that can wait for a whole chunk (the
    /// store: the full-text index) is done now, while the next chunk is processed.
    fn chunk_linked(&mut self) -> Result<(), Self::Error> {
        Ok(())
    }
    fn load_state(&self, key: &str) -> Result<Option<String>, Self::Error>;
    fn save_state(&mut self, key: &str, json: &str) -> Result<(), Self::Error>;
}

/// An in-memory corpus for tests and dry runs.
#[derive(Default)]
pub struct MemoryCorpus {
    pub documents: Vec<stancemap_model::Document>,
    /// Per document, the corpus-wide ids of its local entities.
    pub entity_ids: Vec<Vec<String>>,
    /// Every stored claim, in ingest order.
    pub claims: Vec<stancemap_model::ClaimRecord>,
    pub meetings: Vec<stancemap_model::MeetingRecord>,
    pub facts: Vec<stancemap_model::FactRecord>,
    exact: BTreeMap<String, String>,
    bands: BTreeMap<u64, Vec<usize>>,
    signatures: Vec<Vec<u32>>,
    state: BTreeMap<String, String>,
}

impl Corpus for MemoryCorpus {
    type Error = Infallible;
    type Encoded = ();

    fn encode(_: &Processed) {}

    fn has_document(&self, id: &str) -> Result<bool, Infallible> {
        Ok(self.documents.iter().any(|d| d.id == id))
    }

    fn find_exact(&self, exact_key: &str) -> Result<Option<String>, Infallible> {
        Ok(self.exact.get(exact_key).cloned())
    }

    fn near_candidates(&self, band_keys: &[u64]) -> Result<Vec<(String, Vec<u32>)>, Infallible> {
        let mut hits: Vec<usize> = band_keys
            .iter()
            .filter_map(|k| self.bands.get(k))
            .flatten()
            .copied()
            .collect();
        hits.sort_unstable();
        hits.dedup();
        Ok(hits
            .into_iter()
            .map(|i| (self.documents[i].id.clone(), self.signatures[i].clone()))
            .collect())
    }

    fn insert(
        &mut self,
        p: &Processed,
        _: &(),
        band_keys: &[u64],
        entity_ids: &[String],
    ) -> Result<bool, Infallible> {
        if self.has_document(&p.doc.id)? {
            return Ok(false);
        }
        let index = self.documents.len();
        self.exact
            .entry(p.exact_key.clone())
            .or_insert_with(|| p.doc.id.clone());
        for key in band_keys {
            self.bands.entry(*key).or_default().push(index);
        }
        self.signatures.push(p.signature.clone());
        self.documents.push(p.doc.clone());
        self.entity_ids.push(entity_ids.to_vec());
        let (claims, meetings, facts) = crate::ledger_records(p, entity_ids);
        self.claims.extend(claims);
        self.meetings.extend(meetings);
        self.facts.extend(facts);
        Ok(true)
    }

    fn load_state(&self, key: &str) -> Result<Option<String>, Infallible> {
        Ok(self.state.get(key).cloned())
    }

    fn save_state(&mut self, key: &str, json: &str) -> Result<(), Infallible> {
        self.state.insert(key.to_string(), json.to_string());
        Ok(())
    }
}
