//! Throughput of `Segmenter::split` on article-like text (target: ≥ 100 MB/s per core).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use stancemap_segment::Segmenter;

/// About 1 MB of invented news paragraphs mixing plain sentences with every trap the
/// segmenter checks (abbreviations, initials, decimals, quotes, bullets, URLs).
fn corpus() -> String {
    let paragraphs = [
        "Ceasefire Talks Resume In Cairo After Two-Week Pause",
        "Negotiators from the U.S., Egypt and Qatar met on Tuesday at 9 a.m. local time. The session lasted 3.5 hours, officials said, and ended without a statement.",
        "“We are closer than we were a week ago,” a senior official said. “But closer is not done.” Sen. Dana Whitfield called the plan realistic; Lt. Gen. Ruiz was less sure.",
        "- a pause in air operations of 10 hours a day;",
        "1. Withdrawal from populated areas by Jan. 15 under Resolution No. 2.",
        "The union wants a 77% raise over six years... Employers offered 50 percent and a freeze until 2031?! President Harold J. Dagget said the offer was \"an insult.\"",
        "Analysts at Meridian Capital Ltd. expect a partial deal worth $1.2 billion. Read more at www.example-trade.eu/analysis or write to desk@example-trade.eu for details.",
        "Tehran says it will only discuss the nuclear file, e.g. enrichment levels, i.e. the 3.67 percent cap. The I.A.E.A. says stocks grew (see Art. 4 of the annex).",
    ];
    let mut text = String::new();
    while text.len() < 1_000_000 {
        for p in paragraphs {
            text.push_str(p);
            text.push_str("\n\n");
        }
    }
    text
}

fn bench_split(c: &mut Criterion) {
    let text = corpus();
    let seg = Segmenter::default();
    let mut group = c.benchmark_group("segment");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("split_1mb_article_text", |b| {
        b.iter(|| std::hint::black_box(seg.split(std::hint::black_box(&text))))
    });
    group.finish();
}

criterion_group!(benches, bench_split);
criterion_main!(benches);
