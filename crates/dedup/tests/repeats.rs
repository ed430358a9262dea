//! find_repeats on fixtures (snapshots of the repeated passages) and on the seeds.

mod common;

use common::{clean_minimally, fixture, seeds};
use stancemap_dedup::find_repeats;

/// A readable rendering of the repeats: spans plus the first words of each side.
fn describe(text: &str) -> String {
    let mut out = String::new();
    for r in find_repeats(text) {
        let head = |s: &str| s.chars().take(60).collect::<String>();
        out.push_str(&format!(
            "{}..{} repeats {}..{}\n  later:   {:?}\n  earlier: {:?}\n",
            r.start,
            r.end,
            r.of_start,
            r.of_end,
            head(&text[r.start..r.end]),
            head(&text[r.of_start..r.of_end]),
        ));
    }
    if out.is_empty() {
        out.push_str("no repeats\n");
    }
    out
}

#[test]
fn second_translation_in_title_case_is_one_repeat() {
    let text = fixture("repeat_translation.txt");
    let reps = find_repeats(&text);
    assert_eq!(reps.len(), 1, "{reps:?}");
    let second = text.find("Sudan Army And Rsf").expect("fixture");
    assert_eq!(reps[0].start, second);
    assert_eq!(reps[0].end, text.trim_end().len());
    assert_eq!(reps[0].of_start, 0);
    insta::assert_snapshot!(describe(&text));
}

#[test]
fn back_to_back_copy_is_one_repeat() {
    let text = fixture("repeat_copy.txt");
    let reps = find_repeats(&text);
    assert_eq!(reps.len(), 1, "{reps:?}");
    assert!(text[reps[0].start..].starts_with("Port employers table"));
    insta::assert_snapshot!(describe(&text));
}

#[test]
fn headline_twice_and_advertisement_lines() {
    let text = fixture("repeat_headline.txt");
    insta::assert_snapshot!(describe(&text));
    let reps = find_repeats(&text);
    assert_eq!(reps.len(), 1, "only the headline repeats: {reps:?}");
}

#[test]
fn article_repeating_names_has_no_repeats() {
    let text = fixture("normal_names.txt");
    insta::assert_snapshot!(describe(&text));
    assert!(find_repeats(&text).is_empty());
}

#[test]
fn story_fixtures_have_no_repeats() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/stories");
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).expect("fixtures dir") {
        let path = entry.expect("entry").path();
        let text = clean_minimally(&std::fs::read_to_string(&path).expect("fixture"));
        assert!(find_repeats(&text).is_empty(), "{}", path.display());
        checked += 1;
    }
    assert!(checked >= 8);
}

#[test]
fn seed_001_second_half_is_a_repeat_and_others_have_none() {
    let Some(seeds) = seeds() else { return };
    for (name, raw) in seeds {
        let text = clean_minimally(&raw);
        let reps = find_repeats(&text);
        if name.starts_with("001_") {
            let covered: usize = reps.iter().map(|r| r.end - r.start).sum();
            let half = text.len() / 2;
            eprintln!("{name}: {reps:?}, covered {covered} of second half {half}");
            assert!(covered * 10 >= half * 8, "{name}: {reps:?}");
            assert!(
                reps.iter().all(|r| r.start >= half * 9 / 10),
                "{name}: {reps:?}"
            );
        } else {
            assert!(reps.is_empty(), "{name}: {reps:?}");
        }
    }
}

#[test]
fn second_copy_with_merged_paragraphs_and_an_inserted_line_is_still_one_repeat() {
    let text = fixture("repeat_translation.txt");
    let second = text.find("Sudan Army And Rsf").expect("fixture");
    let (first, copy) = text.split_at(second);
    // Merge the copy's second and third paragraphs, and insert a boilerplate line.
    let mut paragraphs: Vec<String> = copy.split("\n\n").map(str::to_string).collect();
    let merged = format!("{} {}", paragraphs[1], paragraphs[2]);
    paragraphs.splice(1..3, [merged]);
    paragraphs.insert(4, "Follow our live coverage on the app".to_string());
    let edited = format!("{first}{}", paragraphs.join("\n\n"));
    let reps = find_repeats(&edited);
    assert_eq!(reps.len(), 1, "{reps:?}");
    assert_eq!(reps[0].start, second);
    assert_eq!(reps[0].end, edited.trim_end().len());
}
