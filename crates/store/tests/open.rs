//! Opening stores: creation, migrations, refusing files that are not ours.

mod common;

use std::path::Path;

use common::{dedup_keys, insert_all, small_doc};
use rusqlite::Connection;
use stancemap_model::Document;
use stancemap_store::{Store, StoreError, APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION};

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).expect("read test file")
}

/// A store file at schema `version` as an older build left it: migrations 1..=version
/// and the given documents' rows (text, keys, signature, story). Returns the connection
/// so a test can add the rows of that version's layout.
fn store_at_version(
    path: &Path,
    version: usize,
    docs: &[&Document],
    story: Option<&str>,
) -> Connection {
    let conn = Connection::open(path).unwrap();
    conn.pragma_update(None, "application_id", APPLICATION_ID)
        .unwrap();
    for m in &MIGRATIONS[..version] {
        conn.execute_batch(m.sql).unwrap();
    }
    conn.pragma_update(None, "user_version", version as i64)
        .unwrap();
    for (i, doc) in docs.iter().enumerate() {
        let (exact, sig, _) = dedup_keys(doc, i as u64);
        let sig: Vec<u8> = sig.iter().flat_map(|v| v.to_le_bytes()).collect();
        conn.execute(
            "INSERT INTO documents (id, source, format, title, language, text, exact_key, signature, story) \
             VALUES (?1, ?2, 'text', ?3, ?4, ?5, ?6, ?7, ?8)",
            rusqlite::params![doc.id, doc.source, doc.title, doc.language, doc.text, exact, sig, story],
        )
        .unwrap();
    }
    conn
}

#[test]
fn open_creates_a_wal_store_at_the_latest_version_and_reopens_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("corpus.stancemap");
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    insert_all(&mut store, &[small_doc("reopen", 1)]);
    drop(store);

    let conn = Connection::open(&path).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let app: i32 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .unwrap();
    assert_eq!(app, APPLICATION_ID);
    drop(conn);

    let store = Store::open(&path).unwrap();
    assert_eq!(store.document_ids().unwrap().len(), 1);
}

/// A store written by an older build (only migration 1 applied) is migrated on open and
/// keeps its documents.
#[test]
fn older_store_is_migrated_and_keeps_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let doc = small_doc("old", 1);
    {
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "application_id", APPLICATION_ID)
            .unwrap();
        conn.execute_batch(MIGRATIONS[0].sql).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        let (exact, sig, _) = dedup_keys(&doc, 0);
        conn.execute(
            "INSERT INTO documents (id, source, format, title, language, text, exact_key, signature) \
             VALUES (?1, ?2, 'text', ?3, ?4, ?5, ?6, ?7)",
            rusqlite::params![doc.id, doc.source, doc.title, doc.language, doc.text, exact, sig.iter().flat_map(|v| v.to_le_bytes()).collect::<Vec<u8>>()],
        )
        .unwrap();
        let no_state = conn.prepare("SELECT * FROM state");
        assert!(no_state.is_err(), "version 1 has no state table");
    }
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let back = store.document(&doc.id).unwrap().unwrap();
    assert_eq!(back.text, doc.text);
    assert!(back.sentences.is_empty());
    let tx = store.transaction().unwrap();
    tx.save_state("k", "[]").unwrap();
    tx.commit().unwrap();
}

/// Mention and role rows written by a version-5 store (keyed by the text id) are kept
/// when migration 0007 re-keys them by `seq`, and the read side sees them.
#[test]
fn version_5_mentions_and_roles_survive_the_rekeying() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v5.db");
    let docs = [small_doc("first", 1), small_doc("second", 2)];
    {
        let conn = store_at_version(&path, 5, &[&docs[0], &docs[1]], Some("s-1"));
        for doc in &docs {
            conn.execute(
                "INSERT INTO mentions (doc, start, \"end\", entity, surface, source, confidence) \
                 VALUES (?1, 0, 5, 'e-qat', 'Qatar', 'gazetteer', 0.95)",
                [&doc.id],
            )
            .unwrap();
            conn.execute(
                "INSERT INTO roles (doc, start, \"end\", entity, role, party) \
                 VALUES (?1, 6, 13, 'e-ana-ruiz', 'mediator', 'QAT')",
                [&doc.id],
            )
            .unwrap();
        }
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let counts = store.mention_counts(Some("s-1")).unwrap();
    assert_eq!(counts.len(), 1);
    assert_eq!(
        (
            counts[0].entity.as_str(),
            counts[0].mentions,
            counts[0].documents
        ),
        ("e-qat", 2, 2)
    );
    let facts = store.role_facts().unwrap();
    let in_order: Vec<&str> = facts.iter().map(|f| f.doc.as_str()).collect();
    assert_eq!(in_order, [docs[0].id.as_str(), docs[1].id.as_str()]);
}

/// Sentence rows of a version-10 store become the `sentence_spans` BLOB of their
/// document (migration 0011): same spans, same order, big offsets and paragraphs intact,
/// and a document without sentences gets an empty list.
#[test]
fn version_10_sentence_rows_become_sentence_spans() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v10.db");
    let mut with = small_doc("spans", 1);
    with.sentences.push(stancemap_model::Sentence {
        span: stancemap_model::Span::new(70_000, 4_000_000_000),
        paragraph: 300_000,
    });
    let without = small_doc("spans", 2);
    {
        let conn = store_at_version(&path, 10, &[&with, &without], None);
        // Rows in reverse order: the migration orders them by `idx`.
        for (idx, s) in with.sentences.iter().enumerate().rev() {
            conn.execute(
                "INSERT INTO sentences (seq, idx, start, \"end\", paragraph) VALUES (1, ?1, ?2, ?3, ?4)",
                rusqlite::params![idx as i64, s.span.start as i64, s.span.end as i64, s.paragraph],
            )
            .unwrap();
        }
    }
    assert!(with.sentences.len() > 1 && !without.sentences.is_empty());
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let back = store.document(&with.id).unwrap().unwrap();
    assert_eq!(back.sentences, with.sentences);
    let back = store.document(&without.id).unwrap().unwrap();
    assert!(back.sentences.is_empty());
    assert_eq!(
        store.stats().unwrap().sentences,
        with.sentences.len() as u64
    );
    store.check_integrity().unwrap();
}

/// Mention rows of a version-11 store become one `mention_lists` row per document
/// (migration 0012): in (start, entity) order, with every confidence bit for bit (an
/// `f32` widened, a plain double, tiny and whole numbers), strings with quotes intact.
#[test]
fn version_11_mention_rows_become_mention_lists() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v11.db");
    let docs = [small_doc("mentions", 1), small_doc("mentions", 2)];
    let rows: [(i64, i64, &str, &str, f64); 5] = [
        (40, 45, "e-qat", "Qatar", f64::from(0.95f32)),
        (0, 4, "e-usa", "the \"US\"", 0.8),
        (0, 4, "e-irn", "Iran\\Tehran", 1.0),
        (7, 9, "e-x", "x", 1e-7),
        (7, 9, "e-w", "w", f64::from(0.7f32)),
    ];
    {
        let refs: Vec<&Document> = docs.iter().collect();
        let conn = store_at_version(&path, 11, &refs, Some("s-1"));
        for (start, end, entity, surface, confidence) in rows {
            conn.execute(
                "INSERT INTO mentions (seq, start, \"end\", entity, surface, source, confidence) \
                 VALUES (1, ?1, ?2, ?3, ?4, 'gazetteer', ?5)",
                rusqlite::params![start, end, entity, surface, confidence],
            )
            .unwrap();
        }
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let back = store.document_mentions(&docs[0].id).unwrap();
    let got: Vec<(usize, &str, &str, u64)> = back
        .iter()
        .map(|m| {
            (
                m.start,
                m.entity.as_str(),
                m.surface.as_str(),
                m.confidence.to_bits(),
            )
        })
        .collect();
    let mut want: Vec<(usize, &str, &str, u64)> = rows
        .iter()
        .map(|&(start, _, entity, surface, c)| (start as usize, entity, surface, c.to_bits()))
        .collect();
    want.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    assert_eq!(got, want);
    assert!(store.document_mentions(&docs[1].id).unwrap().is_empty());
    let counts = store.mention_counts(None).unwrap();
    assert_eq!(counts.len(), 5);
    assert!(counts.iter().all(|c| (c.mentions, c.documents) == (1, 1)));
    let ids: Vec<&str> = counts.iter().map(|c| c.entity.as_str()).collect();
    assert_eq!(ids, ["e-irn", "e-qat", "e-usa", "e-w", "e-x"]);
    store.check_integrity().unwrap();
}

#[test]
fn newer_schema_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.db");
    {
        let mut store = Store::open(&path).unwrap();
        insert_all(&mut store, &[small_doc("future", 1)]);
    }
    {
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 5)
            .unwrap();
        conn.pragma_update(None, "wal_checkpoint", "TRUNCATE")
            .unwrap();
    }
    let before = read(&path);
    let err = Store::open(&path).unwrap_err();
    match &err {
        StoreError::NewerSchema {
            found, supported, ..
        } => {
            assert_eq!((*found, *supported), (SCHEMA_VERSION + 5, SCHEMA_VERSION));
        }
        other => panic!("expected NewerSchema, got {other:?}"),
    }
    assert!(err.to_string().contains("future.db"), "{err}");
    assert_eq!(read(&path), before, "refused store must not change");
}

#[test]
fn text_file_is_not_a_database_and_is_not_modified() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("article.txt");
    let article =
        "Ceasefire Talks Stall As Both Sides Harden Demands\n\nMediators said on Friday...\n";
    std::fs::write(&path, article).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::NotADatabase { .. }), "{err:?}");
    assert!(err.to_string().contains("article.txt"), "{err}");
    assert_eq!(read(&path), article.as_bytes());
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no -wal/-shm files next to it");
}

#[test]
fn random_bytes_are_not_a_database_and_are_not_modified() {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in [
        (
            "noise.db",
            (0..4096u32)
                .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
                .collect::<Vec<u8>>(),
        ),
        ("short.db", b"SQLite".to_vec()),
        (
            "gzip.db",
            vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6, 7, 8],
        ),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).unwrap();
        let err = Store::open(&path).unwrap_err();
        assert!(
            matches!(err, StoreError::NotADatabase { .. }),
            "{name}: {err:?}"
        );
        assert!(err.to_string().contains(name), "{err}");
        assert_eq!(read(&path), bytes);
    }
}

/// A file with a valid SQLite header but garbage after it is caught by SQLite itself.
#[test]
fn damaged_database_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("damaged.db");
    let mut bytes = b"SQLite format 3\0".to_vec();
    bytes.extend((0..8192u32).map(|i| (i * 31 % 251) as u8));
    std::fs::write(&path, &bytes).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(err.to_string().contains("damaged.db"), "{err}");
    assert!(
        matches!(
            err,
            StoreError::NotADatabase { .. } | StoreError::Corrupt { .. }
        ),
        "{err:?}"
    );
}

#[test]
fn missing_directory_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no-such-dir").join("store.db");
    let err = Store::open(&path).unwrap_err();
    assert!(
        matches!(err, StoreError::MissingDirectory { .. }),
        "{err:?}"
    );
    let msg = err.to_string();
    assert!(
        msg.contains("no-such-dir") && msg.contains("does not exist"),
        "{msg}"
    );
    assert!(
        !path.parent().unwrap().exists(),
        "the directory is not created"
    );
}

#[test]
fn a_directory_is_not_a_database() {
    let dir = tempfile::tempdir().unwrap();
    let err = Store::open(dir.path()).unwrap_err();
    assert!(matches!(err, StoreError::NotADatabase { .. }), "{err:?}");
}

#[test]
fn other_applications_sqlite_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("browser-history.sqlite");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE visits (url TEXT); INSERT INTO visits VALUES ('x');")
            .unwrap();
    }
    let before = read(&path);
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::ForeignDatabase { .. }), "{err:?}");
    assert_eq!(read(&path), before);

    let versioned = dir.path().join("other-app.sqlite");
    {
        let conn = Connection::open(&versioned).unwrap();
        conn.execute_batch("CREATE TABLE t (x); PRAGMA user_version = 1;")
            .unwrap();
    }
    let err = Store::open(&versioned).unwrap_err();
    assert!(matches!(err, StoreError::ForeignDatabase { .. }), "{err:?}");
}

#[test]
fn empty_file_becomes_a_store() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("touched.db");
    std::fs::write(&path, b"").unwrap();
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
}

#[test]
fn schema_snapshot() {
    let store = Store::open_in_memory().unwrap();
    let schema = store.schema_sql().unwrap().join(";\n\n") + ";\n";
    insta::assert_snapshot!(schema);
}

/// Band rows have no foreign key (migration 0008): the integrity check still finds one
/// that names no document.
#[test]
fn integrity_check_reports_orphan_band_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("orphan.db");
    {
        let mut store = Store::open(&path).unwrap();
        insert_all(&mut store, &[small_doc("orphan", 1)]);
        store.check_integrity().unwrap();
    }
    let conn = Connection::open(&path).unwrap();
    conn.execute("INSERT INTO lsh_bands (band_key, seq) VALUES (7, 4242)", [])
        .unwrap();
    drop(conn);
    let err = Store::open(&path).unwrap().check_integrity().unwrap_err();
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err:?}");
    assert!(err.to_string().contains("lsh_bands"), "{err}");
}

/// Rows edited by hand (sqlite3 shell, Datasette) into shapes the model cannot hold are
/// reported as `Corrupt`, naming the document and the column.
#[test]
fn hand_edited_rows_are_corrupt_not_panics() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("edited.db");
    let doc = small_doc("edit", 1);
    {
        let mut store = Store::open(&path).unwrap();
        insert_all(&mut store, std::slice::from_ref(&doc));
    }
    let conn = Connection::open(&path).unwrap();
    conn.execute(
        "UPDATE documents SET repeats = '[{\"from\": 3}]' WHERE id = ?1",
        [&doc.id],
    )
    .unwrap();
    let store = Store::open(&path).unwrap();
    let err = store.document(&doc.id).unwrap_err();
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(msg.contains("repeats") && msg.contains(&doc.id), "{msg}");
    let streamed = store.for_each_document(|_| Ok(()));
    assert!(matches!(streamed, Err(StoreError::Corrupt { .. })));

    conn.execute(
        "UPDATE documents SET repeats = '[]', signature = x'010203' WHERE id = ?1",
        [&doc.id],
    )
    .unwrap();
    let mut store = Store::open(&path).unwrap();
    assert!(store.document(&doc.id).unwrap().is_some());
    let tx = store.transaction().unwrap();
    let (_, _, bands) = dedup_keys(&doc, 0);
    let err = tx.near_candidates(&bands).unwrap_err();
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err:?}");
}

/// The schema keeps its promises even against raw SQL: JSON columns must be JSON and
/// sentence spans whole 12-byte records.
#[test]
fn checks_guard_the_columns_against_raw_sql() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("checks.db");
    let doc = small_doc("chk", 1);
    {
        let mut store = Store::open(&path).unwrap();
        insert_all(&mut store, std::slice::from_ref(&doc));
    }
    let conn = Connection::open(&path).unwrap();
    let bad_json = conn.execute(
        "UPDATE documents SET removed = 'not json' WHERE id = ?1",
        [&doc.id],
    );
    assert!(bad_json.is_err());
    let bad_format = conn.execute(
        "UPDATE documents SET format = 'pdf' WHERE id = ?1",
        [&doc.id],
    );
    assert!(bad_format.is_err());
    let torn_spans = conn.execute(
        "UPDATE documents SET sentence_spans = x'0102030405' WHERE id = ?1",
        [&doc.id],
    );
    assert!(torn_spans.is_err(), "sentence spans are 12 bytes each");
    let text_spans = conn.execute(
        "UPDATE documents SET sentence_spans = 'abcdefghijkl' WHERE id = ?1",
        [&doc.id],
    );
    assert!(text_spans.is_err(), "sentence spans are a BLOB");
}

/// A store written before migration 0009 gets its documents indexed for search when it
/// is opened by this build, and documents inserted afterwards are indexed too.
#[test]
fn migration_9_indexes_documents_stored_before_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v8.db");
    let old = small_doc("fts", 1);
    {
        // What a version-8 store looks like: migrations 1..=8, a document row.
        store_at_version(&path, 8, &[&old], None);
    }
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let word = old.text.split_whitespace().nth(2).unwrap().to_string();
    let hits = store.search(&word, 10).unwrap();
    assert!(hits.iter().any(|h| h.id == old.id), "{word}: {hits:?}");
    let new = small_doc("fts", 2);
    insert_all(&mut store, std::slice::from_ref(&new));
    let tag = "fts-2";
    assert_eq!(store.search(tag, 10).unwrap()[0].id, new.id);
    store.check_integrity().unwrap();
}

/// Claim, meeting and fact rows of a version-12 store become one `record_lists` row per
/// document (migration 0013): the records read back as they were, in document order
/// (rows inserted out of order are put in `ord` order), sentences cut from the text
/// again, filters by party, topic, story and document still apply; a document with
/// only facts gets empty claim and meeting lists; mention lists lose only their CHECK.
#[test]
fn version_12_record_rows_become_record_lists() {
    use stancemap_model::{Act, ClaimRecord, FactRecord, MeetingRecord, Span};
    use stancemap_store::ClaimFilter;

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v12.db");
    let docs = [small_doc("records", 1), small_doc("records", 2)];
    let claim = |id: &str, doc: &Document, party: &str, topic: Option<&str>| ClaimRecord {
        id: id.into(),
        doc: doc.id.clone(),
        sentence: doc.text[0..20].to_string(),
        start: 0,
        end: 20,
        cue: Span::new(3, 8),
        party: party.into(),
        speaker: Some("e-ana \"the envoy\"".into()),
        act: Act::Reject,
        topic: topic.map(Into::into),
        item: "the offer".into(),
        target: None,
        with: vec!["QAT".into()],
        conditions: vec!["until Friday".into()],
        attributed_to: None,
        negated: true,
        confidence: 0.7,
        counted: true,
    };
    let claims = [
        claim("c-1", &docs[0], "ISR", Some("hostages")),
        claim("c-2", &docs[0], "HAMAS", None),
        claim("c-3", &docs[0], "ISR", Some("truce")),
    ];
    let meeting = MeetingRecord {
        id: "c-9".into(),
        doc: docs[0].id.clone(),
        sentence: "not a slice of the text".into(),
        start: 0,
        end: 20,
        place: Some("Doha".into()),
        venue: None,
        when: Some("on Monday".into()),
        date: Some("2026-03-02".into()),
        parties: vec!["ISR".into(), "QAT".into()],
        duration: None,
        outcome: None,
        counted: false,
    };
    let fact = |doc: &Document, value: &str| FactRecord {
        doc: doc.id.clone(),
        subject: "meeting:doha".into(),
        attribute: "duration".into(),
        value: value.into(),
        key: "120min".into(),
        start: 0,
        end: 20,
        counted: true,
    };
    let facts = [fact(&docs[0], "two hours"), fact(&docs[1], "2 hours")];
    {
        let refs: Vec<&Document> = docs.iter().collect();
        let conn = store_at_version(&path, 12, &refs, Some("s-1"));
        // As the version-12 store wrote them: sentences equal to the text slice as "".
        for (ord, c) in claims.iter().enumerate().rev() {
            let mut stored = c.clone();
            stored.sentence.clear();
            conn.execute(
                "INSERT INTO claims (seq, ord, id, party, act, topic, record) \
                 VALUES (1, ?1, ?2, ?3, 'reject', ?4, ?5)",
                rusqlite::params![
                    ord as i64,
                    c.id,
                    c.party,
                    c.topic,
                    serde_json::to_string(&stored).unwrap()
                ],
            )
            .unwrap();
        }
        conn.execute(
            "INSERT INTO meetings (seq, ord, record) VALUES (1, 0, ?1)",
            [serde_json::to_string(&meeting).unwrap()],
        )
        .unwrap();
        for (seq, f) in [(1, &facts[0]), (2, &facts[1])] {
            conn.execute(
                "INSERT INTO facts (seq, ord, subject, attribute, record) VALUES (?1, 0, ?2, ?3, ?4)",
                rusqlite::params![seq, f.subject, f.attribute, serde_json::to_string(f).unwrap()],
            )
            .unwrap();
        }
        conn.execute(
            "INSERT INTO mention_lists (seq, mentions) VALUES (2, ?1)",
            [r#"[[0,4,"e-usa","the \"US\"","gazetteer","0.8"]]"#],
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(store.claims(&ClaimFilter::default()).unwrap(), claims);
    assert_eq!(store.meetings().unwrap(), [meeting]);
    assert_eq!(store.facts().unwrap(), facts);
    let isr = ClaimFilter {
        party: Some("ISR".into()),
        ..ClaimFilter::default()
    };
    let ids = |f: &ClaimFilter| -> Vec<String> {
        store.claims(f).unwrap().into_iter().map(|c| c.id).collect()
    };
    assert_eq!(ids(&isr), ["c-1", "c-3"]);
    let truce = ClaimFilter {
        topic: Some("truce".into()),
        ..isr.clone()
    };
    assert_eq!(ids(&truce), ["c-3"]);
    let other_doc = ClaimFilter {
        doc: Some(docs[1].id.clone()),
        ..ClaimFilter::default()
    };
    assert!(ids(&other_doc).is_empty());
    let other_story = ClaimFilter {
        story: Some("s-2".into()),
        ..ClaimFilter::default()
    };
    assert!(ids(&other_story).is_empty());
    let mentions = store.document_mentions(&docs[1].id).unwrap();
    assert_eq!(mentions.len(), 1);
    assert_eq!(mentions[0].surface, "the \"US\"");
    store.check_integrity().unwrap();
}
