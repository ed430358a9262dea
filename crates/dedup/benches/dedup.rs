//! Throughput of the three mechanisms on synthetic text.
//!
//! Run: `cargo bench -p stancemap-dedup`. Reports bytes/s for signatures and repeats,
//! elements (documents)/s for story assignment.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use stancemap_dedup::{find_repeats, MinHasher, StoryClusterer, StoryFeatures};
use std::hint::black_box;

const WORDS: &[&str] = &[
    "negotiators",
    "ceasefire",
    "tariff",
    "union",
    "wage",
    "offer",
    "envoy",
    "delegation",
    "hostages",
    "release",
    "enrichment",
    "inspectors",
    "sanctions",
    "port",
    "strike",
    "mediator",
    "proposal",
    "rejected",
    "accepted",
    "demanded",
    "round",
    "talks",
    "Geneva",
    "Doha",
    "Vienna",
    "Muscat",
    "Brussels",
    "Khartoum",
    "minister",
    "agreement",
    "draft",
    "the",
    "of",
    "and",
    "in",
    "a",
    "to",
    "on",
    "said",
    "would",
    "not",
    "with",
    "for",
];

/// Deterministic pseudo-random article: `paragraphs` paragraphs of ~60 words.
fn synthetic_article(seed: u64, paragraphs: usize) -> String {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut out = String::new();
    for p in 0..paragraphs {
        if p > 0 {
            out.push_str("\n\n");
        }
        for w in 0..60 {
            if w > 0 {
                out.push(' ');
            }
            out.push_str(WORDS[(next() % WORDS.len() as u64) as usize]);
        }
        out.push('.');
    }
    out
}

fn stop(w: &str) -> bool {
    matches!(
        w,
        "the" | "of" | "and" | "in" | "a" | "to" | "on" | "would" | "not" | "with" | "for"
    )
}

fn bench_signature(c: &mut Criterion) {
    let hasher = MinHasher::default();
    let text = synthetic_article(1, 200);
    let mut group = c.benchmark_group("minhash");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("signature_256perm", |b| {
        b.iter(|| hasher.signature(black_box(&text)))
    });
    // Tokenising and shingle hashing alone, to show what the permutations cost.
    let one = MinHasher::new(1, 1, 3);
    group.bench_function("signature_1perm", |b| {
        b.iter(|| one.signature(black_box(&text)))
    });
    group.finish();
}

fn bench_repeats(c: &mut Criterion) {
    // A 15-paragraph article followed by its copy in upper case.
    let single: Vec<String> = (0..5).map(|i| thread_article(i * 200 + 3).1).collect();
    let single = single.join("\n\n");
    let doubled = format!("{single}\n\n{}", single.to_uppercase());
    let mut group = c.benchmark_group("repeats");
    group.throughput(Throughput::Bytes(doubled.len() as u64));
    group.bench_function("find_repeats_doubled_15_paragraphs", |b| {
        b.iter(|| find_repeats(black_box(&doubled)))
    });
    group.finish();
}

/// A pseudo-word from a number: "ba", "ke", "mo"… syllables, deterministic.
fn pseudo_word(n: u64) -> String {
    const SYL: &[&str] = &[
        "ba", "ke", "mo", "ti", "ru", "sa", "ne", "lo", "vi", "da", "po", "gu", "fa", "zo", "hi",
        "wu", "ja", "ko", "mi", "tu", "re", "yo", "bi", "nu",
    ];
    let mut n = n + 1;
    let mut w = String::new();
    while n > 0 {
        w.push_str(SYL[(n % SYL.len() as u64) as usize]);
        n /= SYL.len() as u64;
    }
    w
}

/// A synthetic article of one of 200 threads: each thread has its own names and its own
/// 40 topic words (pseudo-words), mixed with shared negotiation vocabulary, so
/// the clusterer faces a realistic number of stories.
fn thread_article(i: u64) -> (String, String) {
    let thread = i % 200;
    let mut state = (i + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let names = format!(
        "Party{thread} and Envoy{t2} met Minister{t3} in City{t4}.",
        t2 = thread * 7 % 211,
        t3 = thread * 13 % 223,
        t4 = thread * 17 % 227,
    );
    let mut paragraphs = vec![names.clone()];
    for _ in 0..3 {
        let words: Vec<String> = (0..60)
            .map(|_| {
                let r = next();
                if r % 100 < 15 {
                    WORDS[(r / 100 % WORDS.len() as u64) as usize].to_string()
                } else {
                    pseudo_word(thread * 40 + r / 100 % 40)
                }
            })
            .collect();
        paragraphs.push(format!("{}.", words.join(" ")));
    }
    let title = format!("Talks between Party{thread} and Group{thread} resume");
    (title, paragraphs.join("\n\n"))
}

fn bench_clusterer(c: &mut Criterion) {
    let docs: Vec<StoryFeatures> = (0..3000)
        .map(|i| {
            let (title, text) = thread_article(i);
            StoryFeatures::from_document(&title, &text, &stop)
        })
        .collect();
    let mut group = c.benchmark_group("stories");
    group.sample_size(10);
    group.throughput(Throughput::Elements(docs.len() as u64));
    group.bench_function("assign_3000_docs_200_threads", |b| {
        b.iter(|| {
            let mut clusterer = StoryClusterer::new();
            for f in &docs {
                black_box(clusterer.assign(f, Some("2025-05-01")));
            }
            clusterer.story_count()
        })
    });
    group.finish();
    let mut clusterer = StoryClusterer::new();
    for f in &docs {
        clusterer.assign(f, Some("2025-05-01"));
    }
    let state = serde_json::to_string(&clusterer)
        .map(|s| s.len())
        .unwrap_or(0);
    eprintln!(
        "stories: {} stories for 200 threads, state {} KB as JSON",
        clusterer.story_count(),
        state / 1024
    );
}

fn bench_features(c: &mut Criterion) {
    let (title, text) = thread_article(7);
    let mut group = c.benchmark_group("features");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("from_document", |b| {
        b.iter(|| StoryFeatures::from_document(black_box(&title), black_box(&text), &stop))
    });
    group.finish();
}

criterion_group!(
    benches,
    bench_signature,
    bench_repeats,
    bench_features,
    bench_clusterer
);
criterion_main!(benches);
