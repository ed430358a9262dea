//! Throughput of claim extraction with the default vocabulary on the generated corpus:
//! `stancemap-corpusgen` recombines template articles (the fixture negotiations and the
//! example corpus of this repository) into 400 noisy articles. Sentences and actors are
//! computed beforehand: only `extract` is timed. The setup asserts that the corpus yields
//! claims, so a broken extractor cannot look fast.
//! Run: `cargo bench -p stancemap-claims`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use stancemap_actors::{tag_document, ActorConfig, DocActors};
use stancemap_claims::{extract, ClaimsConfig, DocInput};
use stancemap_corpusgen::{generate, GenOptions};
use stancemap_model::Sentence;
use stancemap_segment::Segmenter;

fn text_files(dir: &std::path::Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            text_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "txt") {
            out.extend(std::fs::read_to_string(&p).ok());
        }
    }
}

fn templates() -> Vec<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut out = Vec::new();
    text_files(&root.join("fixtures/negotiations"), &mut out);
    text_files(&root.join("examples/corpus"), &mut out);
    assert!(!out.is_empty(), "no template articles found");
    out
}

fn bench(c: &mut Criterion) {
    let actors = ActorConfig::default();
    let mut cfg = ClaimsConfig::default();
    cfg.set_gazetteer(actors.gazetteer());
    let seg = Segmenter::default();
    let opts = GenOptions {
        articles: 400,
        ..GenOptions::default()
    };
    let docs: Vec<(String, Vec<Sentence>, DocActors)> = generate(&templates(), &opts)
        .map(|a| {
            let s = seg.split(&a.content);
            let t = tag_document(&actors, &a.content, &s);
            (a.content, s, t)
        })
        .collect();
    let run = || {
        docs.iter()
            .map(|(text, sentences, tagged)| {
                let input = DocInput {
                    doc_id: "d-bench",
                    text,
                    sentences,
                    repeats: &[],
                    published: Some("2026-05-06"),
                    actors: tagged,
                };
                extract(&cfg, &input).claims.len()
            })
            .sum::<usize>()
    };
    assert!(run() > docs.len(), "the generated corpus must yield claims");
    let bytes: usize = docs.iter().map(|(t, _, _)| t.len()).sum();
    let mut g = c.benchmark_group("claims");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(20);
    g.bench_function("extract", |b| b.iter(run));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
