//! `stancemap demo`: ingest the built-in example corpus and show what was found.

use std::collections::BTreeMap;
use std::path::PathBuf;

use stancemap_ingest::{parse_bytes, ReadItem, ReadOptions};
use stancemap_model::Document;
use stancemap_store::Store;

use super::{build_config, ingest_items, open_store, print_summary, Global, RuleFiles};
use crate::entities;
use crate::exit::Finished;

include!(concat!(env!("OUT_DIR"), "/example_corpus.rs"));

/// Ingest the built-in example corpus into a temporary store and print what was found.
#[derive(clap::Args)]
#[command(after_help = "Examples:
  stancemap demo
  stancemap demo --keep demo.db && stancemap --db demo.db export -o demo.json")]
pub struct Args {
    /// Keep the store at this path instead of a temporary one.
    #[arg(long, value_name = "DB")]
    keep: Option<PathBuf>,
}

/// The example corpus as reader items, through the same readers as files on disk.
pub fn example_items() -> impl Iterator<Item = ReadItem> {
    let opts = ReadOptions::default();
    EXAMPLE_CORPUS
        .iter()
        .flat_map(move |(name, bytes)| parse_bytes(name, bytes, &opts))
}

pub fn run(global: &Global, args: Args) -> anyhow::Result<Finished> {
    let tmp = tempfile::tempdir()?;
    let db = args.keep.unwrap_or_else(|| tmp.path().join("demo.db"));
    let cfg = build_config(&RuleFiles::default())?;
    let mut store = open_store(&db)?;
    let summary = ingest_items(&mut store, &cfg, example_items(), global.quiet)?;
    print_summary(&summary, global.quiet);
    print_documents(&store)?;
    print_actors(&store)?;
    print_ledger(&store)?;
    println!();
    println!("store: {}", db.display());
    Ok(Finished::Ok)
}

fn print_documents(store: &Store) -> anyhow::Result<()> {
    let mut by_story: BTreeMap<(usize, String), Vec<Document>> = BTreeMap::new();
    store.for_each_document(|d| {
        let story = d.story.clone().unwrap_or_else(|| "-".into());
        let key = (story_number(&story), story);
        by_story.entry(key).or_default().push(d);
        Ok(())
    })?;
    for ((_, story), docs) in &by_story {
        println!("\nstory {story}: {} document(s)", docs.len());
        for d in docs {
            print_document(d);
        }
    }
    Ok(())
}

/// The position matrix, then what was agreed and where sources disagree.
fn print_ledger(store: &Store) -> anyhow::Result<()> {
    let (input, ledger) = crate::ledger::load(store)?;
    println!(
        "\npositions ({} claims; every cell cites its sentences: stancemap claims, stancemap brief):",
        input.claims.len()
    );
    let color = super::positions::use_color(false);
    print!(
        "{}",
        stancemap_report::render_positions(&ledger.positions, color)
    );
    println!("\nagreements:");
    for a in &ledger.agreements {
        let topic = a.topic.as_deref().unwrap_or("-");
        println!(
            "  {:<10} {:<20} {}",
            a.parties.join("+"),
            topic,
            shorten(&a.summary, 60)
        );
    }
    println!("\ncontradictions between sources:");
    for c in &ledger.contradictions {
        let values: Vec<String> = c
            .values
            .iter()
            .map(|v| format!("{:?} ({} doc)", v.value, v.docs.len()))
            .collect();
        println!(
            "  {} {}: {}",
            shorten(&c.subject_name, 30),
            c.attribute,
            values.join(" vs ")
        );
    }
    Ok(())
}

/// The most mentioned actors, with side and every spelling seen.
fn print_actors(store: &Store) -> anyhow::Result<()> {
    let mut actors = entities::load(store, None)?;
    actors.sort_by(|a, b| b.mentions.cmp(&a.mentions).then(a.id.cmp(&b.id)));
    println!("\nmost mentioned actors (all: stancemap actors):");
    for e in actors.iter().take(DEMO_ACTORS) {
        let party = e.party.as_deref().unwrap_or("-");
        let spellings = e.aliases.join(", ");
        println!(
            "  {:<26} {:<6} {:>4}  {}",
            e.name,
            party,
            e.mentions,
            shorten(&spellings, 70)
        );
    }
    Ok(())
}

/// How many actors the demo lists.
const DEMO_ACTORS: usize = 12;

fn story_number(story: &str) -> usize {
    story
        .strip_prefix("s-")
        .and_then(|n| n.parse().ok())
        .unwrap_or(usize::MAX)
}

fn print_document(d: &Document) {
    let mut notes = vec![
        d.language.clone(),
        format!("{} sentences", d.sentences.len()),
    ];
    if !d.removed.is_empty() {
        notes.push(format!("{} boilerplate line(s) removed", d.removed.len()));
    }
    if !d.repeats.is_empty() {
        let bytes: usize = d.repeats.iter().map(|r| r.end - r.start).sum();
        notes.push(format!("repeats itself ({bytes} bytes)"));
    }
    if let Some(original) = &d.duplicate_of {
        notes.push(format!("duplicate of {original}"));
    }
    println!("  {} {:<34} {}", d.id, d.source, shorten(&d.title, 60));
    println!("  {:18} {}", "", notes.join(", "));
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max - 1).collect();
    format!("{cut}…")
}
