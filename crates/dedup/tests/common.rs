//! Helpers shared by the integration tests (included with `mod common;`).
#![allow(dead_code)]

use std::path::{Path, PathBuf};

pub fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The seed articles in `../shared/seeds` (sorted by file name), or `None` with a note
/// when the shared folder is not there.
pub fn seeds() -> Option<Vec<(String, String)>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("note: {} not found, skipping seed test", dir.display());
        return None;
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    let seeds = files
        .into_iter()
        .filter_map(|p| {
            let name = p.file_name()?.to_string_lossy().into_owned();
            Some((name, std::fs::read_to_string(&p).ok()?))
        })
        .collect();
    Some(seeds)
}

/// Minimal cleaning: lines trimmed, blank lines dropped, joined by a blank line.
pub fn clean_minimally(raw: &str) -> String {
    raw.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Function words only, as a stand-in for the clean crate's stopword list.
pub fn is_stopword(word: &str) -> bool {
    const STOP: &[&str] = &[
        "a", "an", "the", "and", "or", "but", "of", "in", "on", "at", "to", "for", "with", "by",
        "from", "as", "is", "are", "was", "were", "be", "been", "has", "have", "had", "it", "its",
        "this", "that", "these", "those", "will", "would", "could", "should", "can", "may", "not",
        "no", "he", "she", "they", "them", "their", "his", "her", "we", "our", "you", "who",
        "which", "what", "when", "after", "before", "than", "then", "also", "said", "says", "told",
        "more", "most", "some", "any", "all", "both", "into", "over", "under", "about", "still",
        "so", "if", "do", "does", "did", "there", "here", "up", "out", "one", "two", "new", "on",
        "while", "since", "until", "only", "other", "such", "own", "same", "very", "just", "again",
        "further", "once", "each", "few", "on", "off", "own", "i", "me", "my", "us", "am", "being",
        "because", "until", "how", "why", "where", "whom", "whose", "however", "although",
        "though", "yet", "even",
    ];
    STOP.contains(&word)
}
