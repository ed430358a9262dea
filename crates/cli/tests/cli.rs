//! End-to-end tests: run the real binary on temporary stores.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;

fn stancemap() -> Command {
    let mut cmd = Command::cargo_bin("stancemap").unwrap();
    cmd.env_remove("STANCEMAP_DB");
    cmd
}

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/corpus")
}

fn run(args: &[&str]) -> Output {
    stancemap().args(args).output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `stancemap --db DB ingest -q PATH`
fn ingest_quiet(db: &Path, path: &Path) -> Output {
    run(&[
        "--db",
        db.to_str().unwrap(),
        "ingest",
        "-q",
        path.to_str().unwrap(),
    ])
}

fn stats(db: &Path) -> Value {
    let out = run(&["--db", db.to_str().unwrap(), "stats", "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn export_json(db: &Path) -> Value {
    let out = run(&["--db", db.to_str().unwrap(), "export", "--format", "json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn example_file_count() -> usize {
    std::fs::read_dir(examples()).unwrap().count()
}

#[test]
fn demo_runs_and_reports_stories() {
    let out = run(&["demo", "--quiet"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("story s-1"), "{stdout}");
    assert!(stdout.contains("story s-2"), "{stdout}");
}

#[test]
fn ingest_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let ex = examples();
    let first = run(&["--db", db.to_str().unwrap(), "ingest", ex.to_str().unwrap()]);
    assert!(first.status.success(), "{}", text(&first.stderr));
    let before = stats(&db);
    assert!(before["documents"].as_u64().unwrap() >= 12);
    let again = run(&["ingest", ex.to_str().unwrap(), "--db", db.to_str().unwrap()]);
    assert!(again.status.success(), "{}", text(&again.stderr));
    assert!(text(&again.stderr).contains("ingested 0 new document(s)"));
    assert_eq!(stats(&db)["documents"], before["documents"]);
}

#[test]
fn db_comes_from_env_too() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("env.db");
    let ex = examples();
    let out = stancemap()
        .env("STANCEMAP_DB", &db)
        .args(["ingest", "-q", ex.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(db.exists());
}

#[test]
fn export_is_deterministic_and_offsets_are_valid() {
    let dir = tempfile::tempdir().unwrap();
    let ex = examples();
    let mut exports = Vec::new();
    for name in ["a.db", "b.db"] {
        let db = dir.path().join(name);
        let out = ingest_quiet(&db, &ex);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let o = run(&["--db", db.to_str().unwrap(), "export"]);
        exports.push(o.stdout);
    }
    assert_eq!(
        exports[0], exports[1],
        "same input must give the same export"
    );
    let v: Value = serde_json::from_slice(&exports[0]).unwrap();
    assert_eq!(v["format"], "stancemap-export/1");
    for key in [
        "entities",
        "claims",
        "positions",
        "agreements",
        "meetings",
        "contradictions",
    ] {
        assert!(v[key].is_array(), "{key}");
    }
    for d in v["documents"].as_array().unwrap() {
        let t = d["text"].as_str().unwrap();
        for r in d["repeats"].as_array().unwrap() {
            let (s, e) = (
                r["start"].as_u64().unwrap() as usize,
                r["end"].as_u64().unwrap() as usize,
            );
            assert!(s < e && e <= t.len() && t.is_char_boundary(s) && t.is_char_boundary(e));
        }
        assert!(d["story"].as_str().unwrap().starts_with("s-"));
    }
}

#[test]
fn csv_export_has_a_row_per_document() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let ex = examples();
    ingest_quiet(&db, &ex);
    let csv = dir.path().join("docs.csv");
    let out = run(&[
        "--db",
        db.to_str().unwrap(),
        "export",
        "--format",
        "csv",
        "-o",
        csv.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let body = std::fs::read_to_string(&csv).unwrap();
    assert!(body.starts_with("id,source,title,"));
    let docs = stats(&db)["documents"].as_u64().unwrap() as usize;
    let rows = body.split("\r\n").filter(|l| l.starts_with("d-")).count();
    assert_eq!(rows, docs);
}

#[test]
fn bad_inputs_are_skipped_with_reasons_and_nothing_is_lost() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("bad.db");
    let ex = examples();
    ingest_quiet(&db, &ex);
    let before = stats(&db)["documents"].as_u64().unwrap();

    let bad = dir.path().join("bad");
    std::fs::create_dir(&bad).unwrap();
    std::fs::write(
        bad.join("blob.bin"),
        [0u8, 159, 146, 150, 0, 0, 7, 1, 2, 3].repeat(200),
    )
    .unwrap();
    std::fs::write(bad.join("empty.txt"), "  \n\n ").unwrap();
    std::fs::write(bad.join("broken.jsonl"), "{\"title\": \"Port strike talks\", \"maintext\": \"Dockworkers and the employers' association met again on Tuesday and agreed to keep talking.\"}\n{not json\n").unwrap();
    std::fs::write(
        bad.join("latin1.txt"),
        b"Negotiators in Gen\xe8ve said the caf\xe9 talks would resume on Monday after a pause.\n",
    )
    .unwrap();
    std::fs::write(bad.join("unclosed.html"), "<html><body><article><p>Union leaders rejected the offer of a 2 percent raise on Friday, saying it did not cover inflation.<p>Talks continue<div>").unwrap();
    let missing = dir.path().join("does-not-exist.txt");

    let out = run(&[
        "--db",
        db.to_str().unwrap(),
        "ingest",
        bad.to_str().unwrap(),
        missing.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    for needle in [
        "blob.bin",
        "empty.txt",
        "broken.jsonl",
        "does-not-exist.txt",
    ] {
        assert!(err.contains(needle), "stderr should name {needle}: {err}");
    }
    let after = stats(&db)["documents"].as_u64().unwrap();
    assert_eq!(
        after,
        before + 3,
        "jsonl good line, latin-1 text and malformed html are stored"
    );
}

#[test]
fn oversized_input_is_skipped_without_reading_it_whole() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("big.db");
    let big = dir.path().join("one-line.txt");
    std::fs::write(&big, "talks ".repeat(20_000_000)).unwrap();
    let out = run(&[
        "--db",
        db.to_str().unwrap(),
        "ingest",
        big.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("one-line.txt") && err.contains("too-large"),
        "{err}"
    );
}

#[test]
fn not_a_database_is_a_store_error_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("notes.db");
    std::fs::write(&db, "these are my notes, not a database\n".repeat(100)).unwrap();
    let before = std::fs::read(&db).unwrap();
    let out = run(&["--db", db.to_str().unwrap(), "stats"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(text(&out.stderr).contains("notes.db"));
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(run(&["ingest"]).status.code(), Some(2));
    assert_eq!(run(&["export", "--format", "xml"]).status.code(), Some(2));
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("rules.toml");
    std::fs::write(&rules, "this is = = not toml").unwrap();
    let db = dir.path().join("u.db");
    let ex = examples();
    let out = run(&[
        "--db",
        db.to_str().unwrap(),
        "ingest",
        ex.to_str().unwrap(),
        "--boilerplate",
        rules.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
}

#[test]
fn concurrent_writers_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shared.db");
    let ex = examples();
    let children: Vec<_> = (0..2)
        .map(|_| {
            std::process::Command::new(assert_cmd::cargo::cargo_bin("stancemap"))
                .args([
                    "--db",
                    db.to_str().unwrap(),
                    "ingest",
                    "-q",
                    ex.to_str().unwrap(),
                ])
                .spawn()
                .unwrap()
        })
        .collect();
    for mut c in children {
        assert!(c.wait().unwrap().success());
    }
    let single = dir.path().join("single.db");
    ingest_quiet(&single, &ex);
    assert_eq!(stats(&db)["documents"], stats(&single)["documents"]);
    assert!(example_file_count() >= 12);
}

#[test]
fn actors_lists_people_with_sides_and_spellings() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    ingest_quiet(&db, &examples());
    let out = run(&[
        "--db",
        db.to_str().unwrap(),
        "actors",
        "--party",
        "IRN",
        "--kind",
        "person",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let listing = text(&out.stdout);
    assert!(listing.contains("Araghchi"), "{listing}");
    assert!(
        listing.contains("Araghtschi"),
        "a transliteration is an alias: {listing}"
    );
    assert!(!listing.contains(" USA "), "only Iran's people: {listing}");
    let v = export_json(&db);
    let entities = v["entities"].as_array().unwrap();
    assert!(entities
        .iter()
        .any(|e| e["id"] == "e-omn" && e["party"] == "OMN"));
}

#[test]
fn a_user_gazetteer_adds_entities() {
    let dir = tempfile::tempdir().unwrap();
    let gaz = dir.path().join("union.toml");
    std::fs::write(
        &gaz,
        "[[entity]]\nid = \"DOCKU\"\nname = \"Dockworkers Union\"\nkind = \"organisation\"\n\
         party = \"DOCKU\"\naliases = [\"Dockworkers Union\"]\n",
    )
    .unwrap();
    let article = dir.path().join("port.txt");
    std::fs::write(
        &article,
        "Port talks resume\nThe Dockworkers Union rejected the employers' offer on Monday.\n",
    )
    .unwrap();
    let db = dir.path().join("g.db");
    let (db_s, gaz_s) = (db.to_str().unwrap(), gaz.to_str().unwrap());
    let out = run(&[
        "--db",
        db_s,
        "ingest",
        article.to_str().unwrap(),
        "--gazetteer",
        gaz_s,
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v = export_json(&db);
    let found = v["entities"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["party"] == "DOCKU");
    assert!(found, "{:#}", v["entities"]);
}

#[test]
fn a_directory_of_thousands_of_files() {
    let dir = tempfile::tempdir().unwrap();
    let many = dir.path().join("many");
    for i in 0..2500 {
        let sub = many.join(format!("{:02}", i % 25));
        std::fs::create_dir_all(&sub).unwrap();
        let body = format!(
            "Round {i} of the port talks\nNegotiators met for round {i} on day {} and \
             agreed to exchange proposal number {} before the next session.\n",
            i % 30,
            i * 7
        );
        std::fs::write(sub.join(format!("{i:05}.txt")), body).unwrap();
    }
    let db = dir.path().join("many.db");
    let out = ingest_quiet(&db, &many);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(stats(&db)["documents"], 2500);
}

#[test]
fn stdin_is_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("stdin.db");
    let out = stancemap()
        .args(["--db", db.to_str().unwrap(), "ingest", "-"])
        .write_stdin("Wage talks resume\nThe union and the port employers met on Monday. Both sides said the talks were useful.\n")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v = export_json(&db);
    assert_eq!(v["documents"][0]["source"], "-");
    assert_eq!(v["documents"][0]["title"], "Wage talks resume");
}

/// The acceptance check of the foundation issue, run when `../shared` is beside the repo.
#[test]
fn seeds_score() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    let (seeds, gold, score) = (
        root.join("seeds"),
        root.join("eval/seeds.gold.json"),
        root.join("eval/score.py"),
    );
    if !seeds.is_dir() || !gold.is_file() {
        eprintln!("note: ../shared not found; the seeds acceptance test did not run");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("seeds.db");
    let out = run(&[
        "--db",
        db.to_str().unwrap(),
        "ingest",
        seeds.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let export = dir.path().join("e.json");
    let out = run(&[
        "--db",
        db.to_str().unwrap(),
        "export",
        "-o",
        export.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    let out = std::process::Command::new("python3")
        .arg(&score)
        .arg(&gold)
        .arg(&export)
        .arg("--json")
        .output()
        .expect("python3 runs score.py");
    let s: Value = serde_json::from_slice(&out.stdout).unwrap();
    eprintln!("{s:#}");
    assert_eq!(s["documents_found"], "5/5");
    assert!(s["boilerplate_removed"].as_f64().unwrap() >= 0.9);
    // One gold item ("“Merezhko continued,") starts with the closing quote of the paragraph
    // before it, so score.py's substring test cannot pass on any text that keeps a line
    // break between paragraphs: the unmodified seed file itself scores 0.8. We assert 0.8
    // here and check every content item with its leading quote taken off below.
    assert!(s["content_kept"].as_f64().unwrap() >= 0.8);
    assert_eq!(s["repeats_found"].as_f64().unwrap(), 1.0);
    assert_eq!(s["story_pairs"].as_f64().unwrap(), 1.0);
    assert_every_content_line_kept(&gold, &export);
    assert!(s["entity_surfaces_resolved"].as_f64().unwrap() >= 0.95);
    assert!(s["entities_merged_into_one"].as_f64().unwrap() >= 0.9);
    // Claims and the ledger (issue: claims and positions).
    let f1 = s["positions_f1"].as_f64().unwrap();
    let recall = s["positions_recall"].as_f64().unwrap();
    let precision = s["positions_precision"].as_f64().unwrap();
    assert!(f1 >= 0.8 && recall >= 0.75 && precision >= 0.75, "{s}");
    assert_eq!(s["agreements_found"].as_f64().unwrap(), 1.0, "{s}");
    assert!(s["contradictions_found"].as_f64().unwrap() >= 0.67, "{s}");
    assert_eq!(
        s["claims_with_valid_evidence"].as_f64().unwrap(),
        1.0,
        "{s}"
    );
}

/// The same foundation measures on our own example corpus and its gold file.
#[test]
fn examples_score() {
    let score = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/eval/score.py");
    if !score.is_file() {
        eprintln!("note: ../shared/eval/score.py not found; the examples score test did not run");
        return;
    }
    let gold = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/gold.json");
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ex.db");
    let ex = examples();
    ingest_quiet(&db, &ex);
    let export = dir.path().join("e.json");
    run(&[
        "--db",
        db.to_str().unwrap(),
        "export",
        "-o",
        export.to_str().unwrap(),
    ]);
    let out = std::process::Command::new("python3")
        .args([
            score.as_os_str(),
            gold.as_os_str(),
            export.as_os_str(),
            "--json".as_ref(),
        ])
        .output()
        .unwrap();
    let s: Value = serde_json::from_slice(&out.stdout).unwrap();
    eprintln!("{s:#}");
    assert_eq!(s["documents_found"], "16/16");
    assert!(s["entity_surfaces_resolved"].as_f64().unwrap() >= 0.8);
    assert!(s["entities_merged_into_one"].as_f64().unwrap() >= 0.9);
    assert!(s["boilerplate_removed"].as_f64().unwrap() >= 0.9);
    assert_eq!(s["content_kept"].as_f64().unwrap(), 1.0);
    assert_eq!(s["repeats_found"].as_f64().unwrap(), 1.0);
    assert_eq!(s["story_pairs"].as_f64().unwrap(), 1.0);
    // Claims and the ledger: regression floors under the measured 0.78 / 1.0 / 0.67 / 1.0.
    assert!(s["positions_f1"].as_f64().unwrap() >= 0.7, "{s}");
    assert_eq!(s["agreements_found"].as_f64().unwrap(), 1.0, "{s}");
    assert!(s["contradictions_found"].as_f64().unwrap() >= 0.5, "{s}");
    assert_eq!(
        s["claims_with_valid_evidence"].as_f64().unwrap(),
        1.0,
        "{s}"
    );
}

/// score.py's `norm`: fold curly quotes, collapse white space, lower-case.
fn norm(s: &str) -> String {
    let folded = s
        .replace('\u{2019}', "'")
        .replace(['\u{201C}', '\u{201D}'], "\"");
    folded
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn assert_every_content_line_kept(gold: &Path, export: &Path) {
    let gold: Value = serde_json::from_str(&std::fs::read_to_string(gold).unwrap()).unwrap();
    let export: Value = serde_json::from_str(&std::fs::read_to_string(export).unwrap()).unwrap();
    for item in gold["cleaning"]["content"].as_array().unwrap() {
        let name = item["doc"].as_str().unwrap();
        let doc = export["documents"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["source"].as_str().unwrap().ends_with(name))
            .unwrap();
        let start = norm(item["line_starts"].as_str().unwrap());
        let start = start.trim_start_matches('"');
        assert!(
            norm(doc["text"].as_str().unwrap()).contains(start),
            "{name}: lost {start}"
        );
    }
}
