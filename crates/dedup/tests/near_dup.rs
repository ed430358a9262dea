//! Near duplicates on fixtures: the same wire story in two outlets versus another
//! article about the same talks.

mod common;

use common::fixture;
use stancemap_dedup::{exact_key, MinHasher, NearDupIndex, NEAR_DUPLICATE_JACCARD};

fn shares_a_band(m: &MinHasher, a: &[u32], b: &[u32]) -> bool {
    let (ka, kb) = (m.band_keys(a), m.band_keys(b));
    ka.iter().any(|k| kb.contains(k))
}

#[test]
fn wire_copy_in_another_outlet_is_a_near_duplicate() {
    let m = MinHasher::default();
    let a = m.signature(&fixture("wire_a.txt"));
    let b = m.signature(&fixture("wire_b.txt"));
    let j = m.estimate_jaccard(&a, &b);
    eprintln!("wire copy: estimated Jaccard {j:.3}");
    assert!(j >= NEAR_DUPLICATE_JACCARD + 0.1, "{j}");
    assert!(shares_a_band(&m, &a, &b));
    assert!(m.is_near_duplicate(&a, &b));
    assert_ne!(
        exact_key(&fixture("wire_a.txt")),
        exact_key(&fixture("wire_b.txt"))
    );
}

#[test]
fn another_article_about_the_same_talks_is_not() {
    let m = MinHasher::default();
    let a = m.signature(&fixture("wire_a.txt"));
    let other = m.signature(&fixture("wire_other.txt"));
    let j = m.estimate_jaccard(&a, &other);
    eprintln!("same talks, other article: estimated Jaccard {j:.3}");
    assert!(j < 0.15, "{j}");
    assert!(!m.is_near_duplicate(&a, &other));
}

#[test]
fn story_fixtures_are_not_near_duplicates_of_each_other() {
    let m = MinHasher::default();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/stories");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("dir")
        .map(|e| e.expect("entry").path())
        .collect();
    paths.sort();
    let sigs: Vec<Vec<u32>> = paths
        .iter()
        .map(|p| m.signature(&std::fs::read_to_string(p).expect("read")))
        .collect();
    for i in 0..sigs.len() {
        for j in i + 1..sigs.len() {
            assert!(
                !m.is_near_duplicate(&sigs[i], &sigs[j]),
                "{:?} {:?}",
                paths[i],
                paths[j]
            );
        }
    }
}

#[test]
fn signature_is_stable_across_runs_and_machines() {
    let m = MinHasher::default();
    let sig = m.signature(
        "Negotiators for the dockers' union and the port employers met again on Tuesday.",
    );
    insta::assert_debug_snapshot!((&sig[..16], m.band_keys(&sig)[..4].to_vec()));
}

#[test]
fn seed_articles_are_not_near_duplicates_of_each_other() {
    let Some(seeds) = common::seeds() else { return };
    let m = MinHasher::default();
    let sigs: Vec<(String, Vec<u32>)> = seeds
        .iter()
        .map(|(name, raw)| (name.clone(), m.signature(raw)))
        .collect();
    for (i, (na, a)) in sigs.iter().enumerate() {
        for (nb, b) in &sigs[i + 1..] {
            let j = m.estimate_jaccard(a, b);
            eprintln!("{na} ~ {nb}: {j:.3}");
            assert!(!m.is_near_duplicate(a, b), "{na} ~ {nb}: {j}");
        }
    }
}

#[test]
fn index_points_a_copy_to_its_original_only() {
    let m = MinHasher::default();
    let mut index = NearDupIndex::new(m.clone());
    assert_eq!(
        index.find_or_insert("d-a", m.signature(&fixture("wire_a.txt"))),
        None
    );
    assert_eq!(
        index.find_or_insert("d-other", m.signature(&fixture("wire_other.txt"))),
        None
    );
    assert_eq!(
        index.find_or_insert("d-b", m.signature(&fixture("wire_b.txt"))),
        Some("d-a".to_string())
    );
}
