//! Golden tests: hand-written noisy articles full of segmentation traps, with the
//! sentence list reviewed and frozen as insta snapshots.

use std::path::Path;

use stancemap_segment::Segmenter;

/// One line per sentence: `[paragraph] start..end | text`.
fn render(text: &str) -> String {
    Segmenter::default()
        .split(text)
        .iter()
        .map(|s| {
            format!(
                "[{}] {}..{} | {}",
                s.paragraph,
                s.span.start,
                s.span.end,
                s.span.slice(text)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("fixture {path:?}: {e}"))
}

#[test]
fn golden_hostage_deal() {
    insta::assert_snapshot!(render(&fixture("hostage_deal.txt")));
}

#[test]
fn golden_tariff_talks() {
    insta::assert_snapshot!(render(&fixture("tariff_talks.txt")));
}

#[test]
fn golden_labour_contract() {
    insta::assert_snapshot!(render(&fixture("labour_contract.txt")));
}

#[test]
fn golden_nuclear_talks_machine_translated() {
    insta::assert_snapshot!(render(&fixture("nuclear_talks_mt.txt")));
}

/// The shared seed articles (real, noisy) are not copied into the repository; when
/// they are present we only check that every line yields well-formed sentences.
#[test]
fn shared_seed_articles_segment_cleanly() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        println!("note: {dir:?} not present, skipping the seed check");
        return;
    };
    let seg = Segmenter::default();
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let sentences = seg.split(&text);
        let lines = text.lines().filter(|l| !l.trim().is_empty()).count();
        assert!(
            sentences.len() >= lines,
            "{path:?}: every non-blank line has a sentence"
        );
        for s in &sentences {
            let slice = s.span.slice(&text);
            assert!(
                !slice.is_empty() && slice.trim() == slice,
                "{path:?}: {slice:?}"
            );
        }
        println!("{path:?}: {lines} lines, {} sentences", sentences.len());
    }
}
