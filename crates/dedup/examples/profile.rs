//! The dedup stages alone over a directory of plain-text articles (first line the
//! title), one thread, for profiling with callgrind or `time`: tokens, repeats, story
//! features, MinHash, exact key, then story assignment in file order.
//!
//! `cargo run --release -p stancemap-dedup --example profile -- DIR`

use std::path::PathBuf;

use stancemap_dedup::{
    exact_key, find_repeats_in, DocTokens, MinHasher, StoryClusterer, StoryFeatures,
};

fn main() {
    let dir = PathBuf::from(std::env::args().nth(1).expect("usage: profile DIR"));
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("readable directory")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    let stop = |w: &str| matches!(w, "the" | "and" | "of" | "in" | "on" | "a" | "to" | "for");
    let minhash = MinHasher::default();
    let mut clusterer = StoryClusterer::new();
    let (mut bytes, mut checksum) = (0usize, 0u64);
    for path in &paths {
        let Ok(raw) = std::fs::read_to_string(path) else {
            continue;
        };
        let (title, text) = raw.split_once('\n').unwrap_or(("", &raw));
        bytes += text.len();
        let tokens = DocTokens::new(text);
        let repeats = find_repeats_in(&tokens);
        let features = StoryFeatures::from_tokens(&DocTokens::new(title), &tokens, &stop);
        let signature = minhash.signature_of(&tokens);
        let key = exact_key(text);
        let story = clusterer.assign(&features, None);
        checksum = checksum
            .wrapping_add(repeats.len() as u64 + u64::from(signature[0]) + key.len() as u64)
            .wrapping_add(story.len() as u64);
    }
    println!(
        "{} documents, {:.1} MB, {} stories, checksum {checksum}",
        paths.len(),
        bytes as f64 / 1e6,
        clusterer.story_count()
    );
}
