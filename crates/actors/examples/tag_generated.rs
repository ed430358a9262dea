//! One pass of `tag_document` over the bench's generated articles (`benches/support`), for profilers:
//! `valgrind --tool=callgrind --toggle-collect='*tag_document*' tag_generated [N]`
//! counts the instructions of tagging only (the automaton is built before, outside
//! `tag_document`). Prints the input size, the mentions found and the time taken.
//! Run: `cargo run --release -p stancemap-actors --example tag_generated -- [ARTICLES]`.

use std::time::Instant;

use stancemap_actors::{tag_document, ActorConfig};
#[path = "../benches/support/generated.rs"]
mod generated;

fn main() {
    let articles: usize = std::env::args()
        .nth(1)
        .map_or(400, |n| n.parse().expect("ARTICLES is a number"));
    let cfg = ActorConfig::default();
    cfg.finish();
    let docs = generated::generated_docs(articles);
    let bytes: usize = docs.iter().map(|(t, _)| t.len()).sum();
    let start = Instant::now();
    let mentions: usize = docs
        .iter()
        .map(|(t, s)| tag_document(&cfg, t, s).mentions.len())
        .sum();
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{} articles, {:.2} MB, {mentions} mentions, {secs:.3} s, {:.1} MB/s",
        docs.len(),
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / secs
    );
}
