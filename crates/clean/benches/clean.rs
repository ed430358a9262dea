//! Throughput of `clean` on typical articles (the hand-written fixtures) and of
//! `normalize_line` alone. Report: MB/s per core (the bench is single-threaded).

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use stancemap_clean::{clean, normalize_line, CaseStats, CleanConfig};
use stancemap_model::RawArticle;

const FIXTURES: [&str; 9] = [
    include_str!("../tests/fixtures/blog_footer.txt"),
    include_str!("../tests/fixtures/foreign_latest_news.txt"),
    include_str!("../tests/fixtures/inline_noise.txt"),
    include_str!("../tests/fixtures/title_case.txt"),
    include_str!("../tests/fixtures/all_good.txt"),
    include_str!("../tests/fixtures/german.txt"),
    include_str!("../tests/fixtures/short_wire.txt"),
    include_str!("../tests/fixtures/related_list.txt"),
    include_str!("../tests/fixtures/live_blog.txt"),
];

fn articles() -> Vec<RawArticle> {
    FIXTURES
        .iter()
        .enumerate()
        .map(|(i, body)| RawArticle::text(format!("f{i}.txt"), *body))
        .collect()
}

fn bench_clean(c: &mut Criterion) {
    let cfg = CleanConfig::default();
    let docs = articles();
    let bytes: usize = docs.iter().map(|d| d.body.len()).sum();
    let mut corpus = CaseStats::new();
    for d in &docs {
        corpus.observe(&d.body);
    }
    let mut group = c.benchmark_group("clean");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("fixtures", |b| {
        b.iter(|| {
            for d in &docs {
                black_box(clean(&cfg, black_box(d), Some(&corpus)));
            }
        })
    });
    group.bench_function("normalize_line", |b| {
        b.iter(|| {
            for d in &docs {
                for line in d.body.lines() {
                    black_box(normalize_line(black_box(line)));
                }
            }
        })
    });
    group.bench_function("case_stats_observe", |b| {
        b.iter(|| {
            let mut stats = CaseStats::new();
            for d in &docs {
                stats.observe(black_box(&d.body));
            }
            black_box(stats)
        })
    });
    group.finish();
}

criterion_group!(benches, bench_clean);
criterion_main!(benches);
