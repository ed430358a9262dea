//! `stancemap bench`: end-to-end ingest throughput on a generated corpus.

use std::time::Instant;

use stancemap_ingest::{read_paths, ReadOptions};

use super::gen_corpus::{write_corpus, GenArgs};
use super::{build_config, ingest_items, open_store, Global, RuleFiles};
use crate::exit::Finished;

/// Measure end-to-end ingest throughput (read, clean, dedup, segment, actors, claims, store) on a
/// deterministic generated corpus in a temporary directory, and peak memory.
#[derive(clap::Args)]
#[command(after_help = "Examples:
  stancemap bench --articles 100000
  stancemap bench --articles 2000 --html-share 0.3 --json")]
pub struct Args {
    #[command(flatten)]
    gen: GenArgs,
    /// Print the result as one JSON object.
    #[arg(long)]
    json: bool,
}

pub fn run(global: &Global, args: Args) -> anyhow::Result<Finished> {
    let tmp = tempfile::tempdir()?;
    let corpus = tmp.path().join("corpus");
    let (files, bytes) = write_corpus(&corpus, &args.gen.options())?;
    let cfg = build_config(&RuleFiles::default())?;
    let mut store = open_store(&tmp.path().join("bench.db"))?;
    let start = Instant::now();
    let items = read_paths(&[corpus], &ReadOptions::default());
    let summary = ingest_items(&mut store, &cfg, items, global.quiet)?;
    let secs = start.elapsed().as_secs_f64();
    let rss_mb = peak_rss_kb().map(|kb| kb as f64 / 1024.0);
    let mb = bytes as f64 / 1e6;
    let threads = rayon_threads();
    let result = serde_json::json!({
        "articles": files, "input_mb": mb, "seconds": secs,
        "mb_per_s": mb / secs, "articles_per_s": files as f64 / secs,
        "threads": threads, "mb_per_s_per_core": mb / secs / threads as f64,
        "peak_rss_mb": rss_mb, "stored": summary.stored,
        "duplicates": summary.duplicates, "with_repeats": summary.with_repeats,
        "skipped": summary.skipped.len(),
    });
    if args.json {
        println!("{result}");
    } else {
        println!(
            "{files} articles, {mb:.1} MB in {secs:.2} s: {:.1} MB/s ({:.1} MB/s per core, {threads} threads), {:.0} articles/s, peak RSS {}",
            mb / secs,
            mb / secs / threads as f64,
            files as f64 / secs,
            rss_mb.map_or("unknown".into(), |m| format!("{m:.0} MB")),
        );
        println!(
            "stored {}, duplicates {}, with repeats {}, skipped {}",
            summary.stored,
            summary.duplicates,
            summary.with_repeats,
            summary.skipped.len()
        );
    }
    Ok(Finished::Ok)
}

fn rayon_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Peak resident set size of this process (Linux `VmHWM`), if the platform tells.
fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
