//! One module per subcommand, plus what several of them share: building the pipeline
//! configuration and running one ingest batch into the store.

pub mod actors;
pub mod bench;
pub mod brief;
pub mod claims;
pub mod demo;
pub mod eval;
pub mod export;
pub mod gen_corpus;
pub mod ingest;
pub mod positions;
pub mod serve;
pub mod stats;

use std::path::{Path, PathBuf};

use anyhow::Context;
use stancemap_ingest::{ReadItem, ReadOptions, Vocabulary};
use stancemap_pipeline::{BatchSummary, Config, DEFAULT_CHUNK};
use stancemap_store::Store;

use crate::exit::UsageError;
use crate::progress::Reporter;

/// Options every subcommand accepts.
pub struct Global {
    pub db: PathBuf,
    pub quiet: bool,
}

/// User rule files layered over the built-in data files.
#[derive(clap::Args, Default, Clone)]
pub struct RuleFiles {
    /// Extra boilerplate phrases and stopwords (TOML, format of data/boilerplate.toml).
    #[arg(long, value_name = "FILE")]
    pub boilerplate: Vec<PathBuf>,
    /// Extra abbreviations for sentence splitting (TOML, format of data/abbreviations.toml).
    #[arg(long, value_name = "FILE")]
    pub abbreviations: Vec<PathBuf>,
    /// Extra gazetteer entities (TOML, format of data/gazetteer/*.toml); repeatable. An
    /// entity with a known id extends it, a new id adds one.
    #[arg(long, value_name = "FILE")]
    pub gazetteer: Vec<PathBuf>,
    /// Extra HTML furniture vocabulary (TOML, format of data/html.toml).
    #[arg(long, value_name = "FILE")]
    pub html_furniture: Option<PathBuf>,
    /// Topics to add to (or, with `replace = true`, replace) the default taxonomy (TOML,
    /// format of data/topics.toml); repeatable.
    #[arg(long, value_name = "FILE")]
    pub topics: Vec<PathBuf>,
    /// Extra act cues and grammar words for claim extraction (TOML, format of
    /// data/acts.toml and data/claims.toml); repeatable.
    #[arg(long, value_name = "FILE")]
    pub acts: Vec<PathBuf>,
    /// Extra meeting and fact vocabulary (TOML, format of data/facts.toml); repeatable.
    #[arg(long, value_name = "FILE")]
    pub facts: Vec<PathBuf>,
}

/// Reader options: the size limit and the HTML furniture vocabulary (defaults plus the
/// user's file, if any).
pub fn read_options(rules: &RuleFiles, max_bytes: u64) -> anyhow::Result<ReadOptions> {
    let mut opts = ReadOptions {
        max_bytes,
        ..ReadOptions::default()
    };
    if let Some(path) = &rules.html_furniture {
        let toml = read_rules(path)?;
        let vocabulary = Vocabulary::with_extra(&toml)
            .map_err(|e| UsageError(format!("{}: {e}", path.display())))?;
        opts.vocabulary = std::sync::Arc::new(vocabulary);
    }
    Ok(opts)
}

pub fn build_config(rules: &RuleFiles) -> anyhow::Result<Config> {
    let mut cfg = Config::default_in_parallel();
    for path in &rules.boilerplate {
        let toml = read_rules(path)?;
        cfg.clean
            .extend_from_toml(&toml)
            .map_err(|e| UsageError(format!("{}: {e}", path.display())))?;
    }
    for path in &rules.gazetteer {
        let toml = read_rules(path)?;
        cfg.actors
            .add_gazetteer_toml(&toml)
            .map_err(|e| UsageError(format!("{}: {e}", path.display())))?;
    }
    cfg.gazetteer_changed();
    for path in &rules.abbreviations {
        let toml = read_rules(path)?;
        cfg.segmenter
            .extend_from_toml(&toml)
            .map_err(|e| UsageError(format!("{}: {e}", path.display())))?;
    }
    add_claims_rules(&mut cfg, rules)?;
    Ok(cfg)
}

/// Layer the user's topic, act and fact files over the claims defaults.
fn add_claims_rules(cfg: &mut Config, rules: &RuleFiles) -> anyhow::Result<()> {
    type Add =
        fn(&mut stancemap_claims::ClaimsConfig, &str) -> Result<(), stancemap_claims::ClaimsError>;
    let kinds: [(&[PathBuf], Add); 3] = [
        (
            &rules.topics,
            stancemap_claims::ClaimsConfig::add_topics_toml,
        ),
        (&rules.acts, stancemap_claims::ClaimsConfig::add_acts_toml),
        (&rules.facts, stancemap_claims::ClaimsConfig::add_facts_toml),
    ];
    for (paths, add) in kinds {
        for path in paths {
            let toml = read_rules(path)?;
            add(&mut cfg.claims, &toml)
                .map_err(|e| UsageError(format!("{}: {e}", path.display())))?;
        }
    }
    Ok(())
}

fn read_rules(path: &Path) -> anyhow::Result<String> {
    std::fs::read_to_string(path)
        .map_err(|e| UsageError(format!("cannot read rules file {}: {e}", path.display())).into())
}

pub fn open_store(db: &Path) -> anyhow::Result<Store> {
    Store::open(db).with_context(|| format!("cannot open the store {}", db.display()))
}

/// Run one batch in one transaction: either all of it is stored or none of it.
pub fn ingest_items(
    store: &mut Store,
    cfg: &Config,
    items: impl Iterator<Item = ReadItem> + Send,
    quiet: bool,
) -> anyhow::Result<BatchSummary> {
    let reporter = Reporter::new(quiet);
    let ingested = stancemap_server::records::ingest(
        store,
        cfg,
        items,
        DEFAULT_CHUNK,
        stancemap_server::clock::now_utc(),
        |p| reporter.update(p),
    )?;
    reporter.finish();
    Ok(ingested.summary)
}

/// The summary printed after an ingest: counts, then every skipped input with its reason.
pub fn print_summary(summary: &BatchSummary, quiet: bool) {
    for s in &summary.skipped {
        eprintln!(
            "skipped {}: {} ({})",
            s.source, s.diagnostic.message, s.diagnostic.code
        );
    }
    if quiet {
        return;
    }
    eprintln!(
        "ingested {} new document(s) from {} input(s) ({:.2} MB of text): {} already stored, \
         {} duplicate(s), {} with repeated passages, {} skipped",
        summary.stored,
        summary.inputs,
        summary.bytes as f64 / 1e6,
        summary.already_present,
        summary.duplicates,
        summary.with_repeats,
        summary.skipped.len()
    );
}
