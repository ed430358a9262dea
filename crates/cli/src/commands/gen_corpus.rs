//! `stancemap gen-corpus`: write a deterministic synthetic corpus for benchmarks.

use std::path::{Path, PathBuf};

use anyhow::Context;
use stancemap_corpusgen::{generate, GenOptions};
use stancemap_ingest::ReadItem;

use super::demo::example_items;
use super::Global;
use crate::exit::Finished;

/// Write a deterministic synthetic corpus (recombined example articles with name
/// variants, boilerplate, duplicates and Title-Case copies) for benchmarks.
#[derive(clap::Args)]
#[command(after_help = "Examples:
  stancemap gen-corpus /tmp/corpus --articles 100000 --seed 7
  stancemap gen-corpus /tmp/pages --articles 1000 --html-share 0.5")]
pub struct Args {
    /// Directory to write into (created when missing).
    dir: PathBuf,
    #[command(flatten)]
    gen: GenArgs,
}

#[derive(clap::Args, Clone)]
pub struct GenArgs {
    /// Number of articles.
    #[arg(long, default_value_t = 1000)]
    pub articles: usize,
    /// Seed: the same seed gives the same corpus on every machine.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Share of articles written as HTML pages (0 to 1).
    #[arg(long, default_value_t = 0.0)]
    pub html_share: f32,
}

impl GenArgs {
    pub fn options(&self) -> GenOptions {
        GenOptions {
            seed: self.seed,
            articles: self.articles,
            html_share: self.html_share,
            ..GenOptions::default()
        }
    }
}

pub fn run(global: &Global, args: Args) -> anyhow::Result<Finished> {
    let (files, bytes) = write_corpus(&args.dir, &args.gen.options())?;
    if !global.quiet {
        eprintln!(
            "wrote {files} articles ({:.1} MB) to {}",
            bytes as f64 / 1e6,
            args.dir.display()
        );
    }
    Ok(Finished::Ok)
}

/// The bodies of the example corpus: the generator's templates.
pub fn templates() -> Vec<String> {
    example_items()
        .filter_map(|item| match item {
            ReadItem::Article(a) => Some(a.body),
            ReadItem::Skipped(_) => None,
        })
        .collect()
}

/// Write the corpus; returns (files, bytes).
pub fn write_corpus(dir: &Path, opts: &GenOptions) -> anyhow::Result<(u64, u64)> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let templates = templates();
    let (mut files, mut bytes) = (0u64, 0u64);
    for article in generate(&templates, opts) {
        let path = dir.join(&article.name);
        std::fs::write(&path, &article.content)
            .with_context(|| format!("cannot write {}", path.display()))?;
        files += 1;
        bytes += article.content.len() as u64;
    }
    Ok((files, bytes))
}
