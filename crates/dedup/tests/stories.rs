//! Story clustering on fixtures of five negotiations and on the seeds.

mod common;

use std::collections::BTreeMap;

use common::{clean_minimally, fixture, is_stopword, seeds};
use stancemap_dedup::{StoryClusterer, StoryFeatures};

/// Fixture files: line 1 the date, line 2 the title, then the text.
fn story_fixture(name: &str) -> (String, String, String) {
    let raw = fixture(&format!("stories/{name}.txt"));
    let mut lines = raw.lines();
    let date = lines.next().unwrap_or_default().to_string();
    let title = lines.next().unwrap_or_default().to_string();
    let text = clean_minimally(&lines.collect::<Vec<_>>().join("\n"));
    (date, title, text)
}

/// Fed in an interleaved, date-ordered sequence, as a real feed would arrive.
const ORDER: &[&str] = &[
    "sudan_1",
    "sudan_2",
    "port_1",
    "port_2",
    "hostage_1",
    "port_3",
    "hostage_2",
    "hostage_3",
    "tariff_1",
    "nuclear_1",
    "nuclear_2",
    "tariff_2",
    "nuclear_3",
    "tariff_3",
];

fn assign_all(order: &[&str]) -> BTreeMap<String, String> {
    let mut clusterer = StoryClusterer::new();
    let mut stories = BTreeMap::new();
    for name in order {
        let (date, title, text) = story_fixture(name);
        let features = StoryFeatures::from_document(&title, &text, &is_stopword);
        stories.insert(name.to_string(), clusterer.assign(&features, Some(&date)));
    }
    stories
}

fn thread_of(name: &str) -> &str {
    name.split('_').next().unwrap_or(name)
}

fn check_partition(stories: &BTreeMap<String, String>) {
    for (a, sa) in stories {
        for (b, sb) in stories {
            let same_thread = thread_of(a) == thread_of(b);
            assert_eq!(
                same_thread,
                sa == sb,
                "{a} in {sa}, {b} in {sb}: {stories:#?}"
            );
        }
    }
}

#[test]
fn each_negotiation_is_one_story_and_different_ones_differ() {
    let stories = assign_all(ORDER);
    check_partition(&stories);
    insta::assert_debug_snapshot!(stories);
}

#[test]
fn partition_holds_in_another_order_without_dates() {
    let mut clusterer = StoryClusterer::new();
    let mut stories = BTreeMap::new();
    for name in ORDER.iter().rev() {
        let (_, title, text) = story_fixture(name);
        let features = StoryFeatures::from_document(&title, &text, &is_stopword);
        stories.insert(name.to_string(), clusterer.assign(&features, None));
    }
    check_partition(&stories);
}

#[test]
fn ids_are_created_in_order_and_state_round_trips() {
    let mut clusterer = StoryClusterer::new();
    let features = |name: &str| {
        let (_, title, text) = story_fixture(name);
        StoryFeatures::from_document(&title, &text, &is_stopword)
    };
    assert_eq!(
        clusterer.assign(&features("port_1"), Some("2024-09-20")),
        "s-1"
    );
    assert_eq!(
        clusterer.assign(&features("tariff_1"), Some("2025-04-03")),
        "s-2"
    );
    // Persist and reload between runs, as the store does.
    let json = serde_json::to_string(&clusterer).expect("serialise");
    let mut reloaded: StoryClusterer = serde_json::from_str(&json).expect("deserialise");
    assert_eq!(
        reloaded.assign(&features("port_2"), Some("2024-10-04")),
        "s-1"
    );
    assert_eq!(
        reloaded.assign(&features("sudan_1"), Some("2023-05-11")),
        "s-3"
    );
    // Same input, same output: a fresh run gives the same ids.
    let mut again = StoryClusterer::new();
    let ids: Vec<String> = ["port_1", "tariff_1", "port_2", "sudan_1"]
        .iter()
        .map(|n| again.assign(&features(n), None))
        .collect();
    assert_eq!(ids, ["s-1", "s-2", "s-1", "s-3"]);
}

#[test]
fn a_long_silence_needs_a_stronger_match() {
    let features = |name: &str| {
        let (_, title, text) = story_fixture(name);
        StoryFeatures::from_document(&title, &text, &is_stopword)
    };
    let mut clusterer = StoryClusterer::new();
    clusterer.assign(&features("tariff_1"), Some("2025-04-03"));
    let soon = clusterer.scores(&features("tariff_2"), Some("2025-04-10"));
    let undated = clusterer.scores(&features("tariff_2"), None);
    let years_later = clusterer.scores(&features("tariff_2"), Some("2029-04-10"));
    assert!(
        soon[0].1 >= stancemap_dedup::NEW_STORY_SIMILARITY,
        "{soon:?}"
    );
    assert!(soon[0].1 < undated[0].1 && years_later[0].1 < soon[0].1);
    // Never below half: a strong match still joins after a long pause.
    assert!(years_later[0].1 >= undated[0].1 * 0.5 - 1e-12);
}

#[test]
fn all_seed_articles_share_one_story() {
    let Some(seeds) = seeds() else { return };
    let mut clusterer = StoryClusterer::new();
    let ids: Vec<String> = seeds
        .iter()
        .map(|(_, raw)| {
            let text = clean_minimally(raw);
            let title = text.lines().next().unwrap_or_default().to_string();
            let features = StoryFeatures::from_document(&title, &text, &is_stopword);
            clusterer.assign(&features, None)
        })
        .collect();
    assert!(ids.iter().all(|id| id == "s-1"), "{ids:?}");
}
