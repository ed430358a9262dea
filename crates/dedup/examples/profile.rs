//! The dedup stages alone over a directory of plain-text articles (first line the
//! title), one thread, for profiling with callgrind or `time`: tokens, repeats, story
//! features, MinHash, exact key, then story assignment in file order.
//!
//! `cargo run --release -p stancemap-dedup --example profile -- DIR`

mod common;

use stancemap_dedup::{
    exact_key, find_repeats_in, DocTokens, MinHasher, StoryClusterer, StoryFeatures,
};

fn main() {
    let paths = common::txt_paths("usage: profile DIR");
    let stop = common::stop;
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
