//! The stancemap pipeline: runs the pure stages over articles and links each document to
//! the corpus it joins.
//!
//! Two halves, on purpose:
//! - [`process`] is per document and pure: clean → segment → repeats → fingerprints. It
//!   runs in parallel (rayon) over a chunk of articles.
//! - [`Linker::link`] is per corpus and sequential: already stored? exact duplicate? near
//!   duplicate? which story? It asks a [`Corpus`] (the store, or [`MemoryCorpus`] in tests)
//!   and runs in input order, so ids, duplicate links and story ids are deterministic.
//!
//! [`run_batch`] ties both together over a stream of reader items in bounded chunks, so
//! memory stays flat however many articles come in. Whatever the corpus can do for a
//! document without knowing how it links ([`Corpus::encode`]: the store serialises its
//! rows) runs in the parallel half too, and work that can wait for a whole chunk
//! ([`Corpus::chunk_linked`]: the store's full-text index) runs while the next chunk is
//! processed: the linking thread is the serial part of a batch.

mod batch;
mod corpus;
mod link;
mod process;

pub use batch::{run_batch, BatchError, BatchSummary, Progress, DEFAULT_CHUNK};
pub use corpus::{Corpus, MemoryCorpus};
pub use link::{Linker, LinkerStateError, Outcome, ENTITY_STATE_KEY, STORY_STATE_KEY};
pub use process::{process, Config, Processed};

impl Config {
    /// [`Config::default`], its parts built on the rayon pool at the same time (the
    /// claims automaton alone is about half of the ~190 M instructions; a process
    /// builds the configuration before it can do anything else).
    pub fn default_in_parallel() -> Config {
        use stancemap_actors::ActorConfig;
        use stancemap_claims::ClaimsConfig;
        use stancemap_clean::CleanConfig;
        use stancemap_segment::Segmenter;
        let (claims, (actors, (clean, segmenter))) = rayon::join(ClaimsConfig::default, || {
            rayon::join(ActorConfig::default, || {
                rayon::join(CleanConfig::default, Segmenter::default)
            })
        });
        Config::from_parts(clean, segmenter, actors, claims)
    }
}

/// The claims, meetings and facts of a processed document as store records, with
/// corpus-wide speaker ids. A duplicate document's records are marked not counted.
pub fn ledger_records(
    p: &Processed,
    entity_ids: &[String],
) -> (
    Vec<stancemap_model::ClaimRecord>,
    Vec<stancemap_model::MeetingRecord>,
    Vec<stancemap_model::FactRecord>,
) {
    p.claims.records(
        &p.doc.id,
        &p.doc.text,
        entity_ids,
        p.doc.duplicate_of.is_none(),
    )
}
