//! End-to-end tests of the views: `positions`, `claims`, `brief`, `export --format
//! plover|claims-csv` and `eval`, on articles ingested into a temporary store and on a
//! store whose ledger records are written by hand (so the views are checked against
//! known content whatever the extractor finds).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;
use stancemap_model::{
    Act, ClaimRecord, Document, FactRecord, MeetingRecord, Sentence, SourceFormat, Span,
};
use stancemap_store::Store;

fn stancemap() -> Command {
    let mut cmd = Command::cargo_bin("stancemap").unwrap();
    cmd.env_remove("STANCEMAP_DB").env_remove("NO_COLOR");
    cmd
}

fn run(db: &Path, args: &[&str]) -> Output {
    stancemap().arg("--db").arg(db).args(args).output().unwrap()
}

fn ok(db: &Path, args: &[&str]) -> String {
    let out = run(db, args);
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Articles written for this test: a dock labour dispute and a hostage deal, with the
/// usual noise (Title Case headline, boilerplate, a repeated paragraph).
const ARTICLES: [(&str, &str); 3] = [
    (
        "harbour_strike_day1.txt",
        "Dockers Reject Pay Offer As Harbour Strike Enters Second Week\n\n\
         Advertisement\n\n\
         The Coastal Dock Workers Union rejected the port operator's offer of a 4 percent \
         raise on Tuesday, saying it would not end the strike until wages match inflation.\n\n\
         The operator, Meridian Terminals, proposed a two-year contract with a one-off \
         bonus and said the door to talks remained open.\n\n\
         Share this article\n",
    ),
    (
        "harbour_strike_day3.txt",
        "Mediator Brings Union And Port Operator Back To The Table\n\n\
         Negotiators for the union and Meridian Terminals met in Portsmouth on Thursday \
         for six hours under a government mediator.\n\n\
         The union demanded an 8 percent raise and a cap on overtime shifts.\n\n\
         Both sides agreed to suspend picketing at the grain berth while talks continue.\n",
    ),
    (
        "hostage_talks.txt",
        "Qatar-brokered hostage talks resume in Doha\n\n\
         Hamas demanded the release of 300 prisoners in exchange for the remaining hostages, \
         officials familiar with the talks said.\n\n\
         Israel rejected a full ceasefire as a precondition but accepted a six-day pause \
         in fighting to allow the exchange.\n\n\
         Israel rejected a full ceasefire as a precondition but accepted a six-day pause \
         in fighting to allow the exchange.\n",
    ),
];

fn ingest_articles(dir: &Path) -> PathBuf {
    let inputs = dir.join("in");
    std::fs::create_dir_all(&inputs).unwrap();
    for (name, text) in ARTICLES {
        std::fs::write(inputs.join(name), text).unwrap();
    }
    let db = dir.join("views.db");
    ok(&db, &["ingest", "-q", inputs.to_str().unwrap()]);
    db
}

fn export(db: &Path) -> Value {
    serde_json::from_str(&ok(db, &["export", "--format", "json"])).unwrap()
}

fn arr<'v>(v: &'v Value, key: &str) -> &'v Vec<Value> {
    v[key].as_array().unwrap()
}

/// Every claim is verbatim at its byte offsets, every id a view cites exists.
fn assert_export_consistent(v: &Value) {
    let docs: BTreeMap<&str, &str> = arr(v, "documents")
        .iter()
        .map(|d| (d["id"].as_str().unwrap(), d["text"].as_str().unwrap()))
        .collect();
    let mut ids = BTreeSet::new();
    for c in arr(v, "claims") {
        let text = docs[c["doc"].as_str().unwrap()];
        let (s, e) = (
            c["start"].as_u64().unwrap() as usize,
            c["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[s..e], c["sentence"].as_str().unwrap(), "{c}");
        for key in [
            "party",
            "act",
            "confidence",
            "item",
            "with",
            "negated",
            "counted",
            "cue",
        ] {
            assert!(!c[key].is_null(), "claim lacks {key}: {c}");
        }
        ids.insert(c["id"].as_str().unwrap().to_string());
    }
    for key in ["positions", "agreements"] {
        for p in arr(v, key) {
            for id in p["claims"].as_array().unwrap() {
                assert!(
                    ids.contains(id.as_str().unwrap()),
                    "{key} cites unknown {id}"
                );
            }
        }
    }
    for p in arr(v, "positions") {
        let stance = p["stance"].as_str().unwrap();
        assert!(
            ["demand", "propose", "accept", "reject"].contains(&stance),
            "{p}"
        );
        assert!(p["sources"].as_u64().unwrap() >= 1, "{p}");
    }
}

fn footnotes_defined(md: &str) {
    let mut i = 0;
    while let Some(at) = md[i..].find("[^") {
        let start = i + at;
        let end = start + md[start..].find(']').unwrap();
        let note = &md[start..=end];
        assert!(md.contains(&format!("\n{note}: ")), "{note} is not defined");
        i = end;
    }
}

#[test]
fn views_on_ingested_articles_are_consistent() {
    let dir = tempfile::tempdir().unwrap();
    let db = ingest_articles(dir.path());
    let v = export(&db);
    assert_eq!(arr(&v, "documents").len(), 3);
    assert_export_consistent(&v);
    let claims = arr(&v, "claims");

    // positions: one line per party per story, a legend, no colour when piped
    let table = ok(&db, &["positions"]);
    assert!(
        !table.contains('\x1b'),
        "no colour when stdout is not a terminal"
    );
    for p in arr(&v, "positions") {
        assert!(table.contains(p["party"].as_str().unwrap()), "{table}");
        assert!(table.contains(p["topic"].as_str().unwrap()), "{table}");
    }
    if arr(&v, "positions").is_empty() {
        assert_eq!(table, "no positions found\n");
    } else {
        assert!(
            table.contains("legend: demand propose accept reject"),
            "{table}"
        );
    }

    // claims: every claim listed with its sentence, --limit honoured
    let listed = ok(&db, &["claims"]);
    for c in claims {
        assert!(listed.contains(c["id"].as_str().unwrap()));
        let sentence: Vec<&str> = c["sentence"].as_str().unwrap().split_whitespace().collect();
        assert!(listed.contains(&sentence.join(" ")), "{listed}");
    }
    let limited = ok(&db, &["claims", "--limit", "1"]);
    assert!(limited.matches("\n    \u{201C}").count() <= 1, "{limited}");

    // plover: one parseable line per counted claim, acts mapped
    let plover = ok(&db, &["export", "--format", "plover"]);
    let counted = claims.iter().filter(|c| c["counted"] == true).count();
    assert_eq!(plover.lines().count(), counted);
    let ids: BTreeSet<&str> = claims.iter().map(|c| c["id"].as_str().unwrap()).collect();
    for line in plover.lines() {
        let e: Value = serde_json::from_str(line).unwrap();
        assert!(ids.contains(e["id"].as_str().unwrap()));
        let allowed = [
            "REQUEST", "AGREE", "REJECT", "CONSULT", "ACCUSE", "THREATEN",
        ];
        assert!(allowed.contains(&e["event_type"].as_str().unwrap()), "{e}");
        assert_eq!(
            e["event_text"][0],
            claims.iter().find(|c| c["id"] == e["id"]).unwrap()["sentence"]
        );
    }

    // brief: Markdown with every footnote defined; a second run gives the same text
    let brief = ok(&db, &["brief"]);
    assert!(brief.starts_with("# Negotiation briefing\n"), "{brief}");
    footnotes_defined(&brief);
    assert_eq!(brief, ok(&db, &["brief"]), "deterministic");
    let file = dir.path().join("brief.md");
    ok(&db, &["brief", "-o", file.to_str().unwrap()]);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), brief);
}

/// Hand-made documents and ledger records, stored through the store's API.
fn hand_made_store(path: &Path) {
    let mut store = Store::open(path).unwrap();
    let tx = store.transaction().unwrap();
    let docs = [
        (
            "d-00000000000000a1",
            "wires/lagos-0301.txt",
            Some("Gulf of Guinea Wire"),
            "Union rejects wage offer\n\nThe Maritime Workers Union rejected the *final* offer | calling it `an insult` <b>again</b>.\n\nThe ministry demanded an end to the strike before any new round.",
        ),
        (
            "d-00000000000000a2",
            "https://portnews.example/2026/03/02/talks",
            None,
            "Talks in Abuja\n\nUnion leaders and the labour ministry met in Abuja on Monday for four hours.\n\nChief negotiator Ada Obi said the union wants a 12 percent raise.",
        ),
    ];
    for (id, source, outlet, text) in docs {
        let doc = document(id, source, outlet, text);
        tx.insert_document(&doc, id, &[1, 2, 3], &[]).unwrap();
        let (claims, meetings, facts) = records(&doc);
        tx.insert_ledger_records(id, &claims, &meetings, &facts)
            .unwrap();
    }
    tx.commit().unwrap();
}

fn document(id: &str, source: &str, outlet: Option<&str>, text: &str) -> Document {
    let mut sentences = Vec::new();
    let mut start = 0;
    for (i, para) in text.split("\n\n").enumerate() {
        sentences.push(Sentence {
            span: Span::new(start, start + para.len()),
            paragraph: i as u32,
        });
        start += para.len() + 2;
    }
    Document {
        id: id.into(),
        source: source.into(),
        format: SourceFormat::Text,
        title: text.lines().next().unwrap().into(),
        published: Some("2026-03-02".into()),
        author: None,
        url: None,
        outlet: outlet.map(Into::into),
        language: "en".into(),
        text: text.into(),
        removed: vec![],
        duplicate_of: None,
        repeats: vec![],
        story: Some("s-1".into()),
        sentences,
        diagnostics: vec![],
    }
}

fn claim(doc: &Document, n: usize, party: &str, act: Act, topic: &str) -> ClaimRecord {
    let span = doc.sentences[n].span;
    ClaimRecord {
        id: format!("c-{}{n}", &doc.id[2..]),
        doc: doc.id.clone(),
        sentence: span.slice(&doc.text).into(),
        start: span.start,
        end: span.end,
        cue: Span::new(span.start, span.start + 3),
        party: party.into(),
        speaker: None,
        act,
        topic: Some(topic.into()),
        item: "the item".into(),
        target: None,
        with: vec![],
        conditions: vec![],
        attributed_to: None,
        negated: false,
        confidence: 0.9,
        counted: true,
    }
}

fn records(doc: &Document) -> (Vec<ClaimRecord>, Vec<MeetingRecord>, Vec<FactRecord>) {
    if doc.id.ends_with("a1") {
        let mut demand = claim(doc, 2, "GOV", Act::Demand, "talks");
        demand.target = Some("MWU".into());
        let claims = vec![claim(doc, 1, "MWU", Act::Reject, "talks"), demand];
        return (claims, vec![], vec![fact(doc, 2, "two hours", "120min")]);
    }
    let mut meet = claim(doc, 1, "MWU", Act::Meet, "talks");
    meet.with = vec!["GOV".into()];
    let span = doc.sentences[1].span;
    let meeting = MeetingRecord {
        id: meet.id.clone(),
        doc: doc.id.clone(),
        sentence: meet.sentence.clone(),
        start: span.start,
        end: span.end,
        place: Some("Abuja".into()),
        venue: None,
        when: Some("on Monday".into()),
        date: Some("2026-03-02".into()),
        parties: vec!["GOV".into(), "MWU".into()],
        duration: Some("four hours".into()),
        outcome: None,
        counted: true,
    };
    let claims = vec![meet, claim(doc, 2, "MWU", Act::Demand, "wages")];
    (
        claims,
        vec![meeting],
        vec![fact(doc, 1, "four hours", "240min")],
    )
}

/// A duration of the Abuja meeting as one document states it.
fn fact(doc: &Document, n: usize, value: &str, key: &str) -> FactRecord {
    let span = doc.sentences[n].span;
    FactRecord {
        doc: doc.id.clone(),
        subject: "meeting:abuja".into(),
        attribute: "duration".into(),
        value: value.into(),
        key: key.into(),
        start: span.start,
        end: span.end,
        counted: true,
    }
}

#[test]
fn views_show_hand_made_records() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hand.db");
    hand_made_store(&db);

    let v = export(&db);
    assert_export_consistent(&v);
    assert_eq!(arr(&v, "claims").len(), 4);
    assert_eq!(v["claims"][0]["act"], "reject");
    assert_eq!(v["claims"][0]["topic"], "talks");
    assert!(v["claims"][0]["sentence"]
        .as_str()
        .unwrap()
        .contains("<b>again</b>"));

    let plover = ok(&db, &["export", "--format", "plover"]);
    let events: Vec<Value> = plover
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let types: Vec<&str> = events
        .iter()
        .map(|e| e["event_type"].as_str().unwrap())
        .collect();
    assert_eq!(types, ["REJECT", "REQUEST", "CONSULT", "REQUEST"]);
    assert_eq!(events[1]["recipient"][0]["code"], "MWU");
    assert_eq!(
        events[2]["source"].as_array().unwrap().len(),
        2,
        "both sides of a meeting"
    );
    assert_eq!(events[0]["date"], "2026-03-02");
    assert_eq!(events[0]["cite_info"]["publication"], "Gulf of Guinea Wire");
    assert_eq!(
        events[3]["cite_info"]["url"],
        "https://portnews.example/2026/03/02/talks"
    );

    let csv = ok(&db, &["export", "--format", "claims-csv"]);
    assert_eq!(csv.lines().count(), 5, "header and four claims: {csv}");
    assert!(
        csv.contains(",The Maritime Workers Union rejected the *final* offer | calling it `an insult` <b>again</b>.,wires/lagos-0301.txt\r\n"),
        "{csv}"
    );

    let listed = ok(&db, &["claims", "--party", "mwu", "--topic", "talks"]);
    assert_eq!(
        listed.matches("\n    \u{201C}").count(),
        2,
        "reject and meet: {listed}"
    );
    assert!(
        listed.contains(
            "MWU reject talks  conf 0.90  Gulf of Guinea Wire (wires/lagos-0301.txt), 2026-03-02"
        ),
        "{listed}"
    );
    let one_doc = ok(&db, &["claims", "--doc", "d-00000000000000a2"]);
    assert!(
        one_doc.contains("with: GOV") && !one_doc.contains("Lagos"),
        "{one_doc}"
    );

    let table = ok(&db, &["positions"]);
    let ledger_positions = arr(&v, "positions");
    for p in ledger_positions {
        let cell = format!("{} {}", p["stance"].as_str().unwrap(), p["sources"]);
        assert!(table.contains(&cell), "{cell} missing in\n{table}");
    }
    let only = ok(&db, &["positions", "--party", "gov"]);
    assert!(!only.contains("MWU"), "{only}");
    let coloured = stancemap()
        .arg("--db")
        .arg(&db)
        .args(["positions", "--no-color"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&coloured.stdout).contains('\x1b'));

    let brief = ok(&db, &["brief", "--story", "s-1"]);
    footnotes_defined(&brief);
    assert!(
        !brief.contains("<b>"),
        "raw HTML from an article must not pass: {brief}"
    );
    assert!(
        brief
            .contains("\\*final\\* offer \\| calling it \\`an insult\\` &lt;b&gt;again&lt;/b&gt;."),
        "{brief}"
    );
    assert!(
        brief.contains("| 2026-03-02 | Abuja |"),
        "the meeting is in the table: {brief}"
    );
    assert!(brief.contains("“Union leaders and the labour ministry met in Abuja on Monday for four hours.” — https://portnews.example/2026/03/02/talks, 2026-03-02"), "{brief}");
    let other = ok(&db, &["brief", "--story", "s-7"]);
    assert!(!other.contains("[^"), "{other}");
}

#[test]
fn eval_rejects_a_bad_gold_file_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("e.db");
    let gold = dir.path().join("gold.json");
    std::fs::write(&gold, "{ not json").unwrap();
    let out = run(&db, &["eval", "--gold", gold.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let missing = run(&db, &["eval", "--gold", "/nonexistent/gold.json"]);
    assert_eq!(missing.status.code(), Some(2));
}

/// `stancemap eval` on the example corpus prints what score.py prints on the export.
#[test]
fn eval_matches_score_py_on_the_example_corpus() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let gold = root.join("examples/gold.json");
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ex.db");
    ok(
        &db,
        &[
            "ingest",
            "-q",
            root.join("examples/corpus").to_str().unwrap(),
        ],
    );
    let text = ok(&db, &["eval", "--gold", gold.to_str().unwrap()]);
    let json: Value = serde_json::from_str(&ok(
        &db,
        &["eval", "--gold", gold.to_str().unwrap(), "--json"],
    ))
    .unwrap();
    assert!(text.starts_with("documents_found: 16/16\n"), "{text}");
    assert!(
        text.lines()
            .last()
            .unwrap()
            .starts_with("score: positions_f1="),
        "{text}"
    );
    assert_eq!(json["documents_found"], "16/16");
    assert_eq!(
        json.as_object().unwrap().len(),
        18,
        "every measure of score.py"
    );

    let score = root.join("../shared/eval/score.py");
    let python = std::process::Command::new("python3")
        .arg("--version")
        .output();
    if !score.is_file() || python.is_err() {
        eprintln!("note: python3 or ../shared/eval/score.py not found; the comparison with score.py did not run");
        return;
    }
    let export = dir.path().join("export.json");
    ok(&db, &["export", "-o", export.to_str().unwrap()]);
    for extra in [None, Some("--json")] {
        let mut cmd = std::process::Command::new("python3");
        cmd.arg(&score).arg(&gold).arg(&export).args(extra);
        let py = cmd.output().unwrap();
        assert!(
            py.status.success(),
            "{}",
            String::from_utf8_lossy(&py.stderr)
        );
        let py = String::from_utf8(py.stdout).unwrap();
        match extra {
            None => assert_eq!(text, py, "text output differs from score.py"),
            Some(_) => assert_eq!(json, serde_json::from_str::<Value>(&py).unwrap()),
        }
    }
}

/// A gold file for the hand-made store: hits, misses, a wrong stance, an optional item.
const HAND_GOLD: &str = r#"{
  "schema": "stancemap-gold/1",
  "documents": ["lagos-0301.txt", "https://portnews.example/2026/03/02/talks", "absent.txt"],
  "cleaning": {
    "boilerplate": [{"doc": "lagos-0301.txt", "line": "Subscribe now"}],
    "content": [{"doc": "talks", "line_starts": "Union leaders and the labour ministry"}]
  },
  "stories": [["lagos-0301.txt", "https://portnews.example/2026/03/02/talks"]],
  "entities": [{"party": "MWU", "surfaces": ["Maritime Workers Union"]}],
  "positions": [
    {"party": "GOV", "topic": ["talks"], "stance": ["demand"]},
    {"party": "MWU", "topic": "talks", "stance": ["accept"]},
    {"party": "MWU", "topic": ["wages", "pay"], "stance": ["demand", "reject"]},
    {"party": "GOV", "topic": "wages", "stance": "propose", "optional": true}
  ],
  "agreements": [{"parties": ["GOV", "MWU"], "topic": ["talks"]}],
  "contradictions": [{"values": [["four hours"], ["two hours", "2 hours"]]}]
}"#;

/// `eval` and score.py agree on a store with claims, positions and a meeting.
#[test]
fn eval_matches_score_py_on_hand_made_records() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hand.db");
    hand_made_store(&db);
    let gold = dir.path().join("gold.json");
    std::fs::write(&gold, HAND_GOLD).unwrap();
    let text = ok(&db, &["eval", "--gold", gold.to_str().unwrap()]);
    eprintln!("{text}");
    assert!(text.starts_with("documents_found: 2/3\n"), "{text}");
    assert!(
        text.contains("\nclaims: 4\nclaims_with_valid_evidence: 1.000\n"),
        "{text}"
    );
    assert!(text.contains("\nstory_pairs: 1.000\n"), "{text}");
    let score = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/eval/score.py");
    if !score.is_file()
        || std::process::Command::new("python3")
            .arg("--version")
            .output()
            .is_err()
    {
        eprintln!("note: python3 or ../shared/eval/score.py not found; the comparison with score.py did not run");
        return;
    }
    let export = dir.path().join("export.json");
    ok(&db, &["export", "-o", export.to_str().unwrap()]);
    let py = std::process::Command::new("python3")
        .arg(&score)
        .arg(&gold)
        .arg(&export)
        .output()
        .unwrap();
    assert_eq!(text, String::from_utf8(py.stdout).unwrap());
    let json = ok(&db, &["eval", "--gold", gold.to_str().unwrap(), "--json"]);
    let py = std::process::Command::new("python3")
        .arg(&score)
        .arg(&gold)
        .arg(&export)
        .arg("--json")
        .output()
        .unwrap();
    assert_eq!(
        json,
        String::from_utf8(py.stdout).unwrap(),
        "byte-identical JSON"
    );
}
