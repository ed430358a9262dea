//! Cleaning alone over a directory of plain-text articles, on one thread, as a batch
//! does it: `prepare` every article (one scan per line), count the corpus case
//! statistics from what it found, then `finish` every article; with seconds and MB/s of
//! each, and optionally every output as JSON lines (to compare two builds byte for byte).
//!
//! `cargo run --release -p stancemap-clean --example corpus -- DIR [OUT.jsonl]`

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use stancemap_clean::{finish, prepare, CaseStats, CleanConfig};
use stancemap_model::RawArticle;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().expect("usage: corpus DIR [OUT.jsonl]"));
    let out = args.next();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    paths.sort();
    let mut articles = Vec::with_capacity(paths.len());
    for path in &paths {
        let text = std::fs::read_to_string(path)?;
        articles.push(RawArticle::text(path.display().to_string(), text));
    }
    let mb = articles.iter().map(|a| a.body.len()).sum::<usize>() as f64 / 1e6;
    let cfg = CleanConfig::default();
    let start = Instant::now();
    let prepared: Vec<_> = articles.iter().map(|a| prepare(&cfg, a)).collect();
    let prepare_s = start.elapsed().as_secs_f64();
    let start = Instant::now();
    let mut stats = CaseStats::new();
    for p in &prepared {
        stats.observe_prepared(p);
    }
    let case_s = start.elapsed().as_secs_f64();
    let start = Instant::now();
    let cleaned: Vec<_> = articles
        .iter()
        .zip(prepared)
        .map(|(a, p)| finish(&cfg, a, p, Some(&stats)))
        .collect();
    let finish_s = start.elapsed().as_secs_f64();
    println!(
        "{} articles, {mb:.1} MB, {} case words",
        articles.len(),
        stats.len()
    );
    for (step, s) in [
        ("prepare", prepare_s),
        ("case stats", case_s),
        ("finish", finish_s),
    ] {
        println!("{step:<10} {s:8.3} s {:8.1} MB/s", mb / s);
    }
    let all = prepare_s + case_s + finish_s;
    println!("{:<10} {all:8.3} s {:8.1} MB/s", "all", mb / all);
    if let Some(out) = out {
        let mut w = std::io::BufWriter::new(std::fs::File::create(out)?);
        for c in &cleaned {
            serde_json::to_writer(&mut w, c)?;
            writeln!(w)?;
        }
    }
    Ok(())
}
