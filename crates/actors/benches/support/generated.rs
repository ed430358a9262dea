//! The generated corpus the actors bench and the `tag_generated` example tag:
//! `stancemap-corpusgen` recombines template articles (the fixture articles written for
//! these tests, plus the repository's example corpus when present) into noisy articles
//! of 2-9 KB with name variants, boilerplate, duplicates and Title-Case copies, each
//! split into sentences beforehand so that only tagging is timed.

use stancemap_corpusgen::{generate, GenOptions};
use stancemap_model::Sentence;
use stancemap_segment::Segmenter;

const FIXTURES: &[&str] = &[
    include_str!("../../tests/fixtures/iran_nuclear.txt"),
    include_str!("../../tests/fixtures/sudan_ceasefire.txt"),
    include_str!("../../tests/fixtures/gaza_hostages.txt"),
    include_str!("../../tests/fixtures/eu_tariffs.txt"),
    include_str!("../../tests/fixtures/port_strike.txt"),
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

/// `articles` generated articles with their sentences.
pub fn generated_docs(articles: usize) -> Vec<(String, Vec<Sentence>)> {
    let seg = Segmenter::default();
    let opts = GenOptions {
        articles,
        ..GenOptions::default()
    };
    generate(&templates(), &opts)
        .map(|a| {
            let s = seg.split(&a.content);
            (a.content, s)
        })
        .collect()
}
