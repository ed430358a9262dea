//! Throughput of `tag_document` with the default gazetteer on 400 articles of the
//! generated corpus (`benches/support/generated.rs`). Sentences are split beforehand:
//! only actor tagging is timed.
//! Run: `cargo bench -p stancemap-actors`.
//!
//! The bench uses the allocator of the `stancemap` binary (mimalloc), so it measures
//! tagging as ingest runs it; with the system allocator tagging is ~10 % slower.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "support/generated.rs"]
mod generated;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use stancemap_actors::{tag_document, ActorConfig};

fn bench(c: &mut Criterion) {
    let cfg = ActorConfig::default();
    cfg.finish();
    let docs = generated::generated_docs(400);
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
