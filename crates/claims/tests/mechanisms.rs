//! Data-driven golden tests: one TOML file per extraction mechanism in `tests/cases/`
//! (format in `tests/cases/README.md`). Every case runs through the real segmenter,
//! actor tagger and claim extractor with the default vocabulary.
//!
//! Cases the extractor does not yet get right are listed in
//! `tests/cases/known_failures.txt` (`file: case name`). The test fails when a case
//! that is not listed fails (a regression) AND when a listed case passes (the list must
//! shrink as the extractor improves), so the list is always the exact set of failures.

use std::collections::BTreeSet;
use std::path::Path;

use serde::Deserialize;
use stancemap_claims::Claim;

mod common;

#[derive(Deserialize)]
struct CaseFile {
    case: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    text: String,
    #[serde(default)]
    expect: Vec<Expect>,
    #[serde(default)]
    forbid: Vec<Forbid>,
}

#[derive(Deserialize)]
struct Expect {
    party: String,
    act: String,
    topic: String,
    target: Option<String>,
    #[serde(default)]
    with: Vec<String>,
    conditions_contains: Option<String>,
    attributed_to_contains: Option<String>,
    /// `true`: below an unhedged claim's confidence; `false`: at it, with no source.
    hedged: Option<bool>,
}

#[derive(Deserialize)]
struct Forbid {
    party: String,
    act: String,
    topic: String,
}

/// Confidence of an unhedged verb claim: a hedged one must be below it.
const UNHEDGED_VERB_CONFIDENCE: f32 = 0.85;

fn topic_matches(want: &str, got: Option<&str>) -> bool {
    match (want, got) {
        ("*", _) => true,
        ("", None) => true,
        (w, Some(g)) => w == g,
        _ => false,
    }
}

fn expect_met(e: &Expect, c: &Claim) -> bool {
    let parties: Vec<&str> = std::iter::once(c.party.as_str())
        .chain(c.with.iter().map(String::as_str))
        .collect();
    parties.contains(&e.party.as_str())
        && c.act.name() == e.act
        && topic_matches(&e.topic, c.topic.as_deref())
        && e.target
            .as_ref()
            .is_none_or(|t| c.target.as_ref() == Some(t))
        && e.with.iter().all(|w| parties.contains(&w.as_str()))
        && e.conditions_contains
            .as_ref()
            .is_none_or(|s| c.conditions.iter().any(|x| x.contains(s.as_str())))
        && e.attributed_to_contains.as_ref().is_none_or(|s| {
            c.attributed_to
                .as_ref()
                .is_some_and(|a| a.contains(s.as_str()))
        })
        && match e.hedged {
            Some(true) => c.confidence < UNHEDGED_VERB_CONFIDENCE,
            Some(false) => c.confidence >= UNHEDGED_VERB_CONFIDENCE && c.attributed_to.is_none(),
            None => true,
        }
}

fn forbidden(f: &Forbid, c: &Claim) -> bool {
    let parties: Vec<&str> = std::iter::once(c.party.as_str())
        .chain(c.with.iter().map(String::as_str))
        .collect();
    (f.party == "*" || parties.contains(&f.party.as_str()))
        && (f.act == "*" || c.act.name() == f.act)
        && topic_matches(&f.topic, c.topic.as_deref())
}

fn describe(c: &Claim) -> String {
    format!(
        "{} {} {:?} with={:?} target={:?} cond={:?} att={:?} conf={:.2}",
        c.party,
        c.act.name(),
        c.topic,
        c.with,
        c.target,
        c.conditions,
        c.attributed_to,
        c.confidence
    )
}

/// Run one case; `Err` explains what went wrong.
fn run_case(reader: &common::Reader, case: &Case) -> Result<(), String> {
    let found = reader.read("d-case", &case.text, "2026-05-06");
    let mut problems = Vec::new();
    for e in &case.expect {
        if !found.claims.iter().any(|c| expect_met(e, c)) {
            problems.push(format!("missing {} {} {:?}", e.party, e.act, e.topic));
        }
    }
    for f in &case.forbid {
        if let Some(c) = found.claims.iter().find(|c| forbidden(f, c)) {
            problems.push(format!(
                "forbidden {} {} {} matched: {}",
                f.party,
                f.act,
                f.topic,
                describe(c)
            ));
        }
    }
    if problems.is_empty() {
        return Ok(());
    }
    let got: Vec<String> = found.claims.iter().map(describe).collect();
    Err(format!("{}\n      got: {:#?}", problems.join("; "), got))
}

#[test]
fn mechanism_cases() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let known: BTreeSet<String> = std::fs::read_to_string(dir.join("known_failures.txt"))
        .unwrap_or_default()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect();
    let reader = common::Reader::with_defaults();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("cases dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let (mut total, mut passed) = (0, 0);
    let mut regressions = Vec::new();
    let mut now_passing = Vec::new();
    let mut seen = BTreeSet::new();
    for path in files {
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        let file: CaseFile =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let (mut file_total, mut file_passed) = (0, 0);
        for case in &file.case {
            let key = format!("{stem}: {}", case.name);
            seen.insert(key.clone());
            let result = run_case(&reader, case);
            file_total += 1;
            match (result, known.contains(&key)) {
                (Ok(()), false) => file_passed += 1,
                (Ok(()), true) => {
                    file_passed += 1;
                    now_passing.push(key);
                }
                (Err(_), true) => {}
                (Err(why), false) => regressions.push(format!("{key}\n    {why}")),
            }
        }
        println!("{stem}: {file_passed}/{file_total} cases pass");
        total += file_total;
        passed += file_passed;
    }
    println!("all mechanisms: {passed}/{total} cases pass");
    let stale: Vec<&String> = known.iter().filter(|k| !seen.contains(*k)).collect();
    assert!(
        stale.is_empty(),
        "known_failures.txt names cases that do not exist: {stale:#?}"
    );
    assert!(
        regressions.is_empty(),
        "{} case(s) fail that are not in known_failures.txt:\n{}",
        regressions.len(),
        regressions.join("\n")
    );
    assert!(
        now_passing.is_empty(),
        "these cases pass now: remove them from known_failures.txt: {now_passing:#?}"
    );
}
