//! Shared by the dedup examples: the corpus directory and its plain-text articles.

use std::path::PathBuf;

/// The `.txt` files of the directory given as the first argument, sorted (the examples
/// walk them in this order, so their output is deterministic).
pub fn txt_paths(usage: &str) -> Vec<PathBuf> {
    let dir = PathBuf::from(std::env::args().nth(1).expect(usage));
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("readable directory")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    paths
}

/// The stopword test the examples give the story features.
pub fn stop(w: &str) -> bool {
    matches!(w, "the" | "and" | "of" | "in" | "on" | "a" | "to" | "for")
}
