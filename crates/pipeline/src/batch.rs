//! The batch runner: reader items in, chunks processed in parallel, linked in order.
//!
//! Reading and processing chunk N+1 (parallel, on the rayon pool) overlaps with linking
//! chunk N (sequential, on the calling thread, which owns the corpus and its store
//! transaction). Linking order is input order, so results do not depend on timing.

use rayon::prelude::*;
use stancemap_clean::{prepare, CaseStats, Prepared};
use stancemap_ingest::{ReadItem, Skipped};
use stancemap_model::RawArticle;

use crate::process::process_prepared;
use crate::{Config, Corpus, Linker, Outcome, Processed, ENTITY_STATE_KEY, STORY_STATE_KEY};

/// Articles processed in parallel at a time. Bounds memory (two chunks of texts in
/// flight: one being linked, one being processed) while giving every worker enough to do.
pub const DEFAULT_CHUNK: usize = 256;

/// What a batch did, for the summary line and the ingest log.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct BatchSummary {
    /// Reader items seen: articles plus skipped inputs.
    pub inputs: u64,
    /// Bytes of article text read (decoded bodies).
    pub bytes: u64,
    pub stored: u64,
    pub already_present: u64,
    pub duplicates: u64,
    pub with_repeats: u64,
    pub skipped: Vec<Skipped>,
}

/// Running counts, reported after each chunk.
#[derive(Debug, Clone, Copy, Default)]
pub struct Progress {
    pub inputs: u64,
    pub bytes: u64,
}

/// Errors that stop a batch.
#[derive(Debug, thiserror::Error)]
pub enum BatchError<E: std::error::Error + 'static> {
    #[error(transparent)]
    Corpus(E),
    #[error(transparent)]
    State(#[from] crate::LinkerStateError),
}

/// Run the whole pipeline over `items` into `corpus`. Per-article problems end up in
/// `BatchSummary::skipped`; only corpus failures are errors. The caller owns the
/// transaction: on error it rolls back and nothing of the batch is kept.
pub fn run_batch<C, I>(
    cfg: &Config,
    corpus: &mut C,
    items: I,
    chunk_size: usize,
    mut on_progress: impl FnMut(Progress),
) -> Result<BatchSummary, BatchError<C::Error>>
where
    C: Corpus,
    I: Iterator<Item = ReadItem> + Send,
{
    let load = |key| corpus.load_state(key).map_err(BatchError::Corpus);
    let (stories, entities) = (load(STORY_STATE_KEY)?, load(ENTITY_STATE_KEY)?);
    let mut linker = Linker::resume(stories.as_deref(), entities.as_deref())?;
    let mut reader = ChunkReader {
        items,
        chunk_size: chunk_size.max(1),
        case_stats: cfg.known_names.clone(),
    };
    let mut summary = BatchSummary::default();
    let mut pending: Option<Chunk<C::Encoded>> = None;
    loop {
        let mut next = None;
        let mut linked = Ok(());
        rayon::in_place_scope(|scope| {
            scope.spawn(|_| next = reader.next_chunk::<C>(cfg));
            if let Some(chunk) = pending.take() {
                linked = link_chunk(cfg, &mut linker, corpus, chunk, &mut summary);
            }
        });
        linked.map_err(BatchError::Corpus)?;
        on_progress(Progress {
            inputs: summary.inputs,
            bytes: summary.bytes,
        });
        match next {
            Some(chunk) => pending = Some(chunk),
            None => break,
        }
    }
    for (key, json) in linker.states() {
        corpus.save_state(key, &json).map_err(BatchError::Corpus)?;
    }
    Ok(summary)
}

/// One chunk, read, processed and encoded for the corpus, waiting to be linked.
struct Chunk<P> {
    inputs: u64,
    bytes: u64,
    /// Inputs the reader skipped, in input order.
    unreadable: Vec<Skipped>,
    processed: Vec<Result<(Processed, P), Skipped>>,
}

/// Reads chunks and processes them; owns the corpus capitalisation statistics, which
/// grow chunk by chunk (so Title-Case repair learns from everything read so far).
struct ChunkReader<I> {
    items: I,
    chunk_size: usize,
    case_stats: CaseStats,
}

impl<I: Iterator<Item = ReadItem>> ChunkReader<I> {
    /// The next chunk, or `None` when the input is exhausted.
    fn next_chunk<C: Corpus>(&mut self, cfg: &Config) -> Option<Chunk<C::Encoded>> {
        let mut chunk = Chunk {
            inputs: 0,
            bytes: 0,
            unreadable: Vec::new(),
            processed: Vec::new(),
        };
        let mut articles: Vec<RawArticle> = Vec::with_capacity(self.chunk_size);
        for item in self.items.by_ref() {
            chunk.inputs += 1;
            match item {
                ReadItem::Article(article) => {
                    chunk.bytes += article.body.len() as u64;
                    articles.push(article);
                }
                ReadItem::Skipped(skipped) => chunk.unreadable.push(skipped),
            }
            if articles.len() == self.chunk_size {
                break;
            }
        }
        if chunk.inputs == 0 {
            return None;
        }
        let prepared = prepare_chunk(cfg, &articles);
        self.case_stats.merge(&chunk_case_stats(&prepared));
        chunk.processed = process_chunk::<C>(cfg, articles, prepared, &self.case_stats);
        Some(chunk)
    }
}

/// Scan every article of a chunk once (in parallel): the lines' classification signals
/// and the words' capitalisation, which the chunk's case statistics are counted from.
fn prepare_chunk(cfg: &Config, articles: &[RawArticle]) -> Vec<Prepared> {
    articles
        .par_iter()
        .map(|article| prepare(&cfg.clean, article))
        .collect()
}

/// Capitalisation statistics of a chunk, counted from its articles' scans in parallel
/// (one map per worker, merged).
fn chunk_case_stats(prepared: &[Prepared]) -> CaseStats {
    prepared
        .par_iter()
        .fold(CaseStats::new, |mut stats, p| {
            stats.observe_prepared(p);
            stats
        })
        .reduce(CaseStats::new, |mut a, b| {
            a.merge(&b);
            a
        })
}

/// Process a chunk's articles and encode each document for the corpus, in parallel.
fn process_chunk<C: Corpus>(
    cfg: &Config,
    articles: Vec<RawArticle>,
    prepared: Vec<Prepared>,
    case_stats: &CaseStats,
) -> Vec<Result<(Processed, C::Encoded), Skipped>> {
    articles
        .into_par_iter()
        .zip(prepared)
        .map(|(article, prepared)| {
            let source = article.source.clone();
            let processed = process_prepared(cfg, article, prepared, Some(case_stats))
                .map_err(|diagnostic| Skipped { source, diagnostic })?;
            let encoded = C::encode(&processed);
            Ok((processed, encoded))
        })
        .collect()
}

/// Link a processed chunk into the corpus, in input order, and count what happened.
fn link_chunk<C: Corpus>(
    cfg: &Config,
    linker: &mut Linker,
    corpus: &mut C,
    chunk: Chunk<C::Encoded>,
    summary: &mut BatchSummary,
) -> Result<(), C::Error> {
    summary.inputs += chunk.inputs;
    summary.bytes += chunk.bytes;
    summary.skipped.extend(chunk.unreadable);
    for result in chunk.processed {
        match result {
            Ok((p, encoded)) => record(summary, linker.link(&cfg.minhash, corpus, p, &encoded)?),
            Err(skipped) => summary.skipped.push(skipped),
        }
    }
    corpus.chunk_linked()
}

fn record(summary: &mut BatchSummary, outcome: Outcome) {
    match outcome {
        Outcome::Stored {
            duplicate_of,
            repeats,
            ..
        } => {
            summary.stored += 1;
            summary.duplicates += u64::from(duplicate_of.is_some());
            summary.with_repeats += u64::from(repeats > 0);
        }
        Outcome::AlreadyPresent { .. } => summary.already_present += 1,
    }
}
