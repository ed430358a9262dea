//! `stancemap stats`: counts of what the store holds.

use super::{open_store, Global};
use crate::exit::Finished;

/// Print counts of what the store holds.
#[derive(clap::Args)]
#[command(after_help = "Examples:
  stancemap stats
  stancemap --db talks.db stats --json")]
pub struct Args {
    /// Print the counts as one JSON object.
    #[arg(long)]
    json: bool,
}

pub fn run(global: &Global, args: Args) -> anyhow::Result<Finished> {
    let store = open_store(&global.db)?;
    let s = store.stats()?;
    if args.json {
        let languages: serde_json::Map<String, serde_json::Value> = s
            .languages
            .iter()
            .map(|(lang, n)| (lang.clone(), (*n).into()))
            .collect();
        let v = serde_json::json!({
            "documents": s.documents, "duplicates": s.duplicates,
            "with_repeats": s.with_repeats, "stories": s.stories,
            "sentences": s.sentences, "removed_lines": s.removed_lines,
            "languages": languages, "ingest_runs": s.runs,
        });
        println!("{v}");
        return Ok(Finished::Ok);
    }
    println!("store          {}", global.db.display());
    println!("documents      {}", s.documents);
    println!("duplicates     {}", s.duplicates);
    println!("with repeats   {}", s.with_repeats);
    println!("stories        {}", s.stories);
    println!("sentences      {}", s.sentences);
    println!("removed lines  {}", s.removed_lines);
    let langs: Vec<String> = s
        .languages
        .iter()
        .map(|(l, n)| format!("{l} {n}"))
        .collect();
    println!("languages      {}", langs.join(", "));
    println!("ingest runs    {}", s.runs);
    Ok(Finished::Ok)
}
