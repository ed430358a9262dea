//! `stancemap eval`: score the store against a gold file, with the measures of
//! `shared/eval/score.py` (the export is built in memory).

use std::path::PathBuf;

use anyhow::Context;
use serde_json::Value;
use stancemap_report::eval::score;

use super::export::{write_export, Format};
use super::{open_store, Global};
use crate::exit::{Finished, UsageError};

/// Score the store against a gold file (the measures of score.py).
///
/// Documents found, boilerplate removed, content kept, repeats, story pairs, entities,
/// positions (recall, precision, F1, what was missed, wrong or unexpected), agreements,
/// contradictions and evidence, for a `stancemap-gold/1` file. Prints what
/// `score.py GOLD EXPORT` prints for the store's export.
#[derive(clap::Args)]
#[command(after_help = "Examples:
  stancemap eval --gold examples/gold.json
  stancemap --db talks.db eval --gold gold.json --json > scores.json")]
pub struct Args {
    /// The gold file (`stancemap-gold/1` JSON).
    #[arg(long, value_name = "FILE")]
    gold: PathBuf,
    /// Print the scores as JSON (as `score.py --json`).
    #[arg(long)]
    json: bool,
}

pub fn run(global: &Global, args: Args) -> anyhow::Result<Finished> {
    let gold = read_gold(&args.gold)?;
    let store = open_store(&global.db)?;
    let mut buf = Vec::new();
    write_export(&store, Format::Json, &mut buf)?;
    let export: Value =
        serde_json::from_slice(&buf).context("the export built in memory is not valid JSON")?;
    let scores = score(&gold, &export);
    if args.json {
        println!("{}", scores.to_json());
    } else {
        print!("{}", scores.to_text());
    }
    Ok(Finished::Ok)
}

/// An unreadable or invalid gold file is the user's error (exit 2, like score.py).
fn read_gold(path: &PathBuf) -> anyhow::Result<Value> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| UsageError(format!("cannot read the gold file {}: {e}", path.display())))?;
    serde_json::from_str(&text)
        .map_err(|e| UsageError(format!("{} is not JSON: {e}", path.display())).into())
}
