//! `stancemap ingest`: read articles into the store.

use std::path::PathBuf;

use stancemap_ingest::{read_paths, ReadOptions};

use super::{
    build_config, ingest_items, open_store, print_summary, read_options, Global, RuleFiles,
};
use crate::exit::Finished;

/// Read articles (text, HTML, JSON lines) into the store.
///
/// Directories are read recursively in sorted order; `-` reads one article from stdin.
/// The whole batch is one transaction; re-ingesting the same article adds nothing.
#[derive(clap::Args)]
#[command(after_help = "Examples:
  stancemap ingest articles/
  stancemap --db talks.db ingest feed.jsonl page.html notes.txt
  curl -s https://example.org/a | stancemap ingest -")]
pub struct Args {
    /// Files, directories or `-` for stdin.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Skip inputs (files, JSON lines) larger than this many bytes.
    #[arg(long, default_value_t = ReadOptions::default().max_bytes)]
    max_bytes: u64,
    #[command(flatten)]
    rules: RuleFiles,
}

pub fn run(global: &Global, args: Args) -> anyhow::Result<Finished> {
    let cfg = build_config(&args.rules)?;
    let opts = read_options(&args.rules, args.max_bytes)?;
    let mut store = open_store(&global.db)?;
    let items = read_paths(&args.paths, &opts);
    let summary = ingest_items(&mut store, &cfg, items, global.quiet)?;
    print_summary(&summary, global.quiet);
    Ok(if summary.skipped.is_empty() {
        Finished::Ok
    } else {
        Finished::SomeSkipped
    })
}
