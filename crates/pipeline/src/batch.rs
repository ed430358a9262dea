//! The batch runner: reader items in, chunks processed in parallel, linked in order.

use rayon::prelude::*;
use stancemap_clean::CaseStats;
use stancemap_ingest::{ReadItem, Skipped};
use stancemap_model::RawArticle;

use crate::{process, Config, Corpus, Linker, Outcome, Processed, STORY_STATE_KEY};

/// Articles processed in parallel at a time. Bounds memory (one chunk of texts in flight)
/// while giving every worker enough to do.
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

/// Run the whole pipeline over `items` into `corpus`. Per-article problems end up in
/// `BatchSummary::skipped`; only corpus failures are errors. The caller owns the
/// transaction: on error it rolls back and nothing of the batch is kept.
pub fn run_batch<C: Corpus>(
    cfg: &Config,
    corpus: &mut C,
    items: impl Iterator<Item = ReadItem>,
    chunk_size: usize,
    mut on_progress: impl FnMut(Progress),
) -> Result<BatchSummary, BatchError<C::Error>> {
    let state = corpus
        .load_state(STORY_STATE_KEY)
        .map_err(BatchError::Corpus)?;
    let mut linker = Linker::resume(state.as_deref())?;
    let mut case_stats = CaseStats::new();
    let mut summary = BatchSummary::default();
    let mut chunk: Vec<RawArticle> = Vec::new();
    let mut items = items.peekable();
    while items.peek().is_some() {
        fill_chunk(&mut items, &mut chunk, chunk_size, &mut summary);
        for article in &chunk {
            case_stats.observe(&article.body);
        }
        let processed = process_chunk(cfg, &mut chunk, &case_stats);
        for result in processed {
            match result {
                Ok(p) => {
                    let outcome = linker.link(&cfg.minhash, corpus, p);
                    record(&mut summary, outcome).map_err(BatchError::Corpus)?;
                }
                Err(skipped) => summary.skipped.push(skipped),
            }
        }
        on_progress(Progress {
            inputs: summary.inputs,
            bytes: summary.bytes,
        });
    }
    corpus
        .save_state(STORY_STATE_KEY, &linker.state_json())
        .map_err(BatchError::Corpus)?;
    Ok(summary)
}

/// Errors that stop a batch.
#[derive(Debug, thiserror::Error)]
pub enum BatchError<E: std::error::Error + 'static> {
    #[error(transparent)]
    Corpus(E),
    #[error(transparent)]
    State(#[from] crate::LinkerStateError),
}

fn fill_chunk(
    items: &mut impl Iterator<Item = ReadItem>,
    chunk: &mut Vec<RawArticle>,
    chunk_size: usize,
    summary: &mut BatchSummary,
) {
    for item in items.by_ref() {
        summary.inputs += 1;
        match item {
            ReadItem::Article(article) => {
                summary.bytes += article.body.len() as u64;
                chunk.push(article);
            }
            ReadItem::Skipped(skipped) => summary.skipped.push(skipped),
        }
        if chunk.len() == chunk_size {
            break;
        }
    }
}

fn process_chunk(
    cfg: &Config,
    chunk: &mut Vec<RawArticle>,
    case_stats: &CaseStats,
) -> Vec<Result<Processed, Skipped>> {
    std::mem::take(chunk)
        .into_par_iter()
        .map(|article| {
            let source = article.source.clone();
            process(cfg, article, Some(case_stats))
                .map_err(|diagnostic| Skipped { source, diagnostic })
        })
        .collect()
}

fn record<E>(summary: &mut BatchSummary, outcome: Result<Outcome, E>) -> Result<(), E> {
    match outcome? {
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
    Ok(())
}
