//! Throughput of `tag_document` with the default gazetteer on the generated corpus:
//! `stancemap-corpusgen` recombines template articles (the fixture articles written for
//! these tests, plus the repository's example corpus when present) into 400 noisy
//! articles of 2-9 KB with name variants, boilerplate, duplicates and Title-Case copies.
//! Sentences are split beforehand: only actor tagging is timed.
//! Run: `cargo bench -p stancemap-actors`.
//!
//! The bench uses the allocator of the `stancemap` binary (mimalloc), so it measures
//! tagging as ingest runs it; with the system allocator tagging is ~10 % slower.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use stancemap_actors::{tag_document, ActorConfig};
use stancemap_corpusgen::{generate, GenOptions};
use stancemap_segment::Segmenter;

const FIXTURES: &[&str] = &[
    include_str!("../tests/fixtures/iran_nuclear.txt"),
    include_str!("../tests/fixtures/sudan_ceasefire.txt"),
    include_str!("../tests/fixtures/gaza_hostages.txt"),
    include_str!("../tests/fixtures/eu_tariffs.txt"),
    include_str!("../tests/fixtures/port_strike.txt"),
];

fn templates() -> Vec<String> {
    let mut out: Vec<String> = FIXTURES.iter().map(|s| s.to_string()).collect();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/corpus");
    if let Ok(entries) = std::fs::read_dir(dir) {
        let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        let plain = paths
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "txt"));
        out.extend(plain.filter_map(|p| std::fs::read_to_string(p).ok()));
    }
    out
}

fn bench(c: &mut Criterion) {
    let cfg = ActorConfig::default();
    cfg.finish();
    let seg = Segmenter::default();
    let templates = templates();
    let opts = GenOptions {
        articles: 400,
        ..GenOptions::default()
    };
    let docs: Vec<(String, Vec<_>)> = generate(&templates, &opts)
        .map(|a| {
            let s = seg.split(&a.content);
            (a.content, s)
        })
        .collect();
    let bytes: usize = docs.iter().map(|(t, _)| t.len()).sum();
    let mut g = c.benchmark_group("actors");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(20);
    g.bench_function("tag_document", |b| {
        b.iter(|| {
            docs.iter()
                .map(|(t, s)| tag_document(&cfg, t, s).mentions.len())
                .sum::<usize>()
        })
    });
    g.finish();
    // Start-up cost: parse the embedded TOML and build the automaton (once per run).
    let mut g = c.benchmark_group("actors_config");
    g.sample_size(10);
    g.bench_function("default_and_finish", |b| {
        b.iter(|| {
            let cfg = ActorConfig::default();
            cfg.finish();
            cfg.gazetteer().len()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
