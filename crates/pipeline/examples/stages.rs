//! Where the per-document CPU goes: runs each pure stage of `process` over a directory of
//! articles on one thread and prints seconds and MB/s per stage (MB = 10⁶ bytes of input
//! body). Complements `stancemap bench` (end to end, two threads, with SQLite) and the
//! criterion benches (one stage on fixed text).
//!
//! `cargo run --release -p stancemap-pipeline --example stages -- DIR [ROUNDS]`
//! (e.g. a corpus from `stancemap gen-corpus --articles 2000 DIR`).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use stancemap_actors::tag_document;
use stancemap_claims::{extract, DocInput};
use stancemap_clean::{finish, prepare, CaseStats, Prepared};
use stancemap_dedup::{exact_key, find_repeats_in, DocTokens, StoryFeatures};
use stancemap_ingest::{read_paths, ReadItem, ReadOptions};
use stancemap_model::RawArticle;
use stancemap_pipeline::Config;

#[derive(Default)]
struct Timings(Vec<(&'static str, Duration)>);

impl Timings {
    fn time<T>(&mut self, stage: &'static str, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let out = f();
        let spent = start.elapsed();
        match self.0.iter_mut().find(|(name, _)| *name == stage) {
            Some((_, total)) => *total += spent,
            None => self.0.push((stage, spent)),
        }
        out
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().expect("usage: stages DIR [ROUNDS]"));
    let rounds: usize = args
        .next()
        .map_or(1, |r| r.parse().expect("ROUNDS is a number"));
    let articles: Vec<RawArticle> = read_paths(&[dir], &ReadOptions::default())
        .filter_map(|item| match item {
            ReadItem::Article(article) => Some(article),
            ReadItem::Skipped(_) => None,
        })
        .collect();
    let bytes: usize = articles.iter().map(|a| a.body.len()).sum();
    let cfg = Config::default();
    // Warm-up outside the timers: automata built lazily on first use (the gazetteer's,
    // ~0.5 G instructions) are a once-per-run cost, not per-document work.
    run_stages(
        &cfg,
        &articles[..articles.len().min(1)],
        &mut Timings::default(),
    );
    let mut t = Timings::default();
    for _ in 0..rounds {
        run_stages(&cfg, &articles, &mut t);
    }
    let mb = (bytes * rounds) as f64 / 1e6;
    let total: f64 = t.0.iter().map(|(_, d)| d.as_secs_f64()).sum();
    println!(
        "{} articles, {:.1} MB × {rounds} round(s), one thread",
        articles.len(),
        bytes as f64 / 1e6
    );
    for (stage, spent) in &t.0 {
        let s = spent.as_secs_f64();
        println!(
            "{stage:<16} {s:8.3} s {:6.1} % {:8.1} MB/s",
            100.0 * s / total,
            mb / s
        );
    }
    println!(
        "{:<16} {total:8.3} s {:6.1} % {:8.1} MB/s",
        "all stages",
        100.0,
        mb / total
    );
}

fn run_stages(cfg: &Config, articles: &[RawArticle], t: &mut Timings) {
    // As the batch does: every article scanned once (`prepare`, part of cleaning), the
    // corpus case statistics counted from the scans, then each article finished.
    let prepared: Vec<Prepared> = articles
        .iter()
        .map(|a| t.time("clean", || prepare(&cfg.clean, a)))
        .collect();
    let mut case = CaseStats::new();
    t.time("case stats", || {
        prepared.iter().for_each(|p| case.observe_prepared(p))
    });
    for (article, prepared) in articles.iter().zip(prepared) {
        let cleaned = t.time("clean", || {
            finish(&cfg.clean, article, prepared, Some(&case))
        });
        let sentences = t.time("segment", || cfg.segmenter.split(&cleaned.text));
        let (text_tokens, title_tokens) = t.time("dedup tokens", || {
            (
                DocTokens::new(&cleaned.text),
                DocTokens::new(&cleaned.title),
            )
        });
        let repeats = t.time("repeats", || find_repeats_in(&text_tokens));
        let actors = t.time("actors", || {
            tag_document(&cfg.actors, &cleaned.text, &sentences)
        });
        let is_stopword = cfg.clean.stopword_test(&cleaned.language);
        t.time("story features", || {
            StoryFeatures::from_tokens(&title_tokens, &text_tokens, &is_stopword)
        });
        t.time("claims", || {
            extract(
                &cfg.claims,
                &DocInput {
                    doc_id: "bench",
                    text: &cleaned.text,
                    sentences: &sentences,
                    repeats: &repeats,
                    published: article.published.as_deref(),
                    actors: &actors,
                },
            )
        });
        t.time("exact key", || exact_key(&cleaned.text));
        t.time("minhash", || cfg.minhash.signature_of(&text_tokens));
    }
}
