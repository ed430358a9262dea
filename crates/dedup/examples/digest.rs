//! One line per document of everything the dedup stages return (repeats, story
//! features with their exact weights, MinHash signature, exact key, story), then the
//! clusterer's saved state: two builds whose digests of a directory are equal give the
//! same dedup output on it. Dates are made up (a day every 7 documents) so that time
//! decay is exercised.
//!
//! `cargo run --release -p stancemap-dedup --example digest -- DIR > digest.txt`

mod common;

use std::hash::Hasher;

use stancemap_dedup::{
    exact_key, find_repeats_in, DocTokens, MinHasher, StoryClusterer, StoryFeatures,
};
use xxhash_rust::xxh3::Xxh3;

fn main() {
    let paths = common::txt_paths("usage: digest DIR");
    let stop = common::stop;
    let minhash = MinHasher::default();
    let mut clusterer = StoryClusterer::new();
    for (n, path) in paths.iter().enumerate() {
        let Ok(raw) = std::fs::read_to_string(path) else {
            continue;
        };
        let (title, text) = raw.split_once('\n').unwrap_or(("", &raw));
        let tokens = DocTokens::new(text);
        let repeats = find_repeats_in(&tokens);
        let features = StoryFeatures::from_tokens(&DocTokens::new(title), &tokens, &stop);
        let signature = minhash.signature_of(&tokens);
        let key = exact_key(text);
        let day = 19_000 + n / 7;
        let date = format!("2022-{:02}-{:02}", 1 + (day / 28) % 12, 1 + day % 28);
        let story = clusterer.assign(&features, Some(&date));
        let mut h = Xxh3::new();
        for (term, weight) in features.terms() {
            h.write(term.as_bytes());
            h.write_u64(weight.to_bits());
        }
        let features_hash = h.finish();
        let mut h = Xxh3::new();
        signature.iter().for_each(|v| h.write_u32(*v));
        println!(
            "{} {story} {key} sig={:016x} feat={features_hash:016x} terms={} repeats={:?}",
            path.file_name()
                .and_then(|f| f.to_str())
                .unwrap_or_default(),
            h.finish(),
            features.terms().len(),
            repeats
                .iter()
                .map(|r| (r.start, r.end, r.of_start, r.of_end))
                .collect::<Vec<_>>()
        );
    }
    let state = serde_json::to_string(&clusterer).expect("state serialises");
    println!("state {} bytes xxh3 {:016x}", state.len(), {
        let mut h = Xxh3::new();
        h.write(state.as_bytes());
        h.finish()
    });
    let reloaded: StoryClusterer = serde_json::from_str(&state).expect("state loads");
    println!(
        "reloaded state equal: {}",
        serde_json::to_string(&reloaded).expect("state serialises") == state
    );
}
