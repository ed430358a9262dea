//! Transactions, concurrent writers and snapshot reads on a file store.

mod common;

use std::sync::{Arc, Barrier};

use common::{dedup_keys, insert_all, small_doc};
use stancemap_model::Document;
use stancemap_store::{Store, StoreError};

#[test]
fn dropped_transaction_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("s.db")).unwrap();
    {
        let tx = store.transaction().unwrap();
        let doc = small_doc("drop", 1);
        let (exact, sig, bands) = dedup_keys(&doc, 1);
        tx.insert_document(&doc, &exact, &sig, &bands).unwrap();
        tx.save_state("stories", "{}").unwrap();
        tx.record_run(&Default::default()).unwrap();
        assert!(tx.has_document(&doc.id).unwrap());
    } // dropped: rolled back
    assert_eq!(store.stats().unwrap(), Default::default());
    let tx = store.transaction().unwrap();
    assert_eq!(tx.load_state("stories").unwrap(), None);
    assert!(tx.near_candidates(&[1]).unwrap().is_empty());
}

/// A batch that fails halfway is abandoned as a whole; the batches committed before it
/// are intact.
#[test]
fn failed_batch_keeps_earlier_commits() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    let mut store = Store::open(&path).unwrap();
    let first: Vec<Document> = (0..5).map(|n| small_doc("ok", n)).collect();
    insert_all(&mut store, &first);

    let result = (|| -> Result<(), StoreError> {
        let tx = store.transaction()?;
        for n in 0..5 {
            tx.insert_document(&small_doc("bad", n), "k", &[], &[9])?;
        }
        let mut broken = small_doc("bad", 99);
        broken.duplicate_of = Some("d-not-stored-here".into());
        tx.insert_document(&broken, "k", &[], &[])?; // fails: the ? drops tx
        tx.commit()
    })();
    assert!(matches!(result, Err(StoreError::UnknownReference { .. })));
    drop(store);

    let store = Store::open(&path).unwrap();
    let ids: Vec<String> = first.iter().map(|d| d.id.clone()).collect();
    assert_eq!(store.document_ids().unwrap(), ids);
}

#[test]
fn two_writers_on_one_file_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = Arc::new(dir.path().join("shared.db"));
    let start = Arc::new(Barrier::new(2));
    let writers: Vec<_> = ["alpha", "beta"]
        .into_iter()
        .map(|tag| {
            let (path, start) = (Arc::clone(&path), Arc::clone(&start));
            std::thread::spawn(move || -> Result<(), StoreError> {
                start.wait(); // open at the same moment: the creation race is part of the test
                let mut store = Store::open(&path)?;
                // Small batches interleave the two writers many times.
                for batch in 0..20 {
                    let tx = store.transaction()?;
                    for n in batch * 10..batch * 10 + 10 {
                        let doc = small_doc(tag, n);
                        let (exact, sig, bands) = dedup_keys(&doc, n as u64);
                        assert!(tx.insert_document(&doc, &exact, &sig, &bands)?);
                    }
                    tx.commit()?;
                }
                Ok(())
            })
        })
        .collect();
    for w in writers {
        w.join().expect("writer thread").expect("writer");
    }
    let store = Store::open(&path).unwrap();
    let stats = store.stats().unwrap();
    assert_eq!(stats.documents, 400);
    let ids = store.document_ids().unwrap();
    for tag in ["alpha", "beta"] {
        for n in 0..200 {
            let doc = small_doc(tag, n);
            assert!(ids.contains(&doc.id), "{tag} {n} missing");
        }
    }
    let mut count = 0;
    store
        .for_each_document(|d| {
            assert_eq!(d.sentences, common::sentences_of(&d.text));
            count += 1;
            Ok(())
        })
        .unwrap();
    assert_eq!(count, 400);
}

/// Uncommitted writes are invisible to another connection, and a reader that started
/// before a commit keeps its snapshot until it finishes.
#[test]
fn readers_see_consistent_snapshots() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("snap.db");
    let mut writer = Store::open(&path).unwrap();
    let reader = Store::open(&path).unwrap();
    let first: Vec<Document> = (0..3).map(|n| small_doc("snap", n)).collect();
    insert_all(&mut writer, &first);

    let tx = writer.transaction().unwrap();
    let late = small_doc("snap", 50);
    tx.insert_document(&late, "k", &[], &[]).unwrap();
    assert_eq!(
        reader.stats().unwrap().documents,
        3,
        "uncommitted write is invisible"
    );
    assert_eq!(reader.document(&late.id).unwrap(), None);
    tx.commit().unwrap();
    assert_eq!(reader.stats().unwrap().documents, 4);

    // Commit more documents while the reader is in the middle of streaming.
    let mut streamed = Vec::new();
    let mut committed_meanwhile = false;
    reader
        .for_each_document(|d| {
            if !committed_meanwhile {
                let more: Vec<Document> = (60..65).map(|n| small_doc("snap", n)).collect();
                insert_all(&mut writer, &more);
                committed_meanwhile = true;
            }
            streamed.push(d.id);
            Ok(())
        })
        .unwrap();
    assert!(committed_meanwhile);
    assert_eq!(
        streamed.len(),
        4,
        "the stream keeps the snapshot it started with"
    );
    assert_eq!(reader.document_ids().unwrap().len(), 9);
}

/// With the lock held by another connection, a writer waits; the wait ends once the
/// holder commits, and both batches are kept.
#[test]
fn writer_waits_for_the_lock_instead_of_failing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wait.db");
    let mut holder = Store::open(&path).unwrap();
    let tx = holder.transaction().unwrap();
    tx.insert_document(&small_doc("wait", 1), "k", &[], &[])
        .unwrap();

    let waiter_path = path.clone();
    let waiter = std::thread::spawn(move || -> Result<(), StoreError> {
        let mut store = Store::open(&waiter_path)?;
        insert_all(&mut store, &[small_doc("wait", 2)]);
        Ok(())
    });
    // Whatever the scheduling, the waiter cannot finish before this commit: it needs the
    // write lock this transaction holds.
    std::thread::sleep(std::time::Duration::from_millis(200));
    assert!(
        !waiter.is_finished(),
        "waiter must be blocked on the write lock"
    );
    tx.commit().unwrap();
    waiter.join().unwrap().unwrap();
    assert_eq!(holder.stats().unwrap().documents, 2);
}

/// Several processes starting on a store that does not exist yet: exactly one creates and
/// migrates it, the others wait and then use it.
#[test]
fn simultaneous_first_opens_agree_on_one_schema() {
    let dir = tempfile::tempdir().unwrap();
    for round in 0..10 {
        let path = Arc::new(dir.path().join(format!("fresh-{round}.db")));
        let start = Arc::new(Barrier::new(4));
        let openers: Vec<_> = (0..4)
            .map(|_| {
                let (path, start) = (Arc::clone(&path), Arc::clone(&start));
                std::thread::spawn(move || {
                    start.wait();
                    Store::open(&path).and_then(|s| s.schema_version())
                })
            })
            .collect();
        for o in openers {
            let version = o.join().expect("opener thread").expect("open");
            assert_eq!(version, stancemap_store::SCHEMA_VERSION);
        }
    }
}

/// A writer that cannot get the lock within its busy timeout gets `Busy`, naming the
/// store, and the holder's batch is unaffected.
#[test]
fn lock_held_past_the_timeout_is_busy() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("busy.db");
    let mut holder = Store::open(&path).unwrap();
    let tx = holder.transaction().unwrap();
    tx.insert_document(&small_doc("busy", 1), "k", &[], &[])
        .unwrap();

    let impatient = stancemap_store::OpenOptions {
        busy_timeout: std::time::Duration::from_millis(50),
    };
    let mut other = Store::open_with(&path, &impatient).unwrap();
    let err = other.transaction().unwrap_err();
    assert!(matches!(err, StoreError::Busy { .. }), "{err:?}");
    assert!(err.to_string().contains("busy.db"), "{err}");
    tx.commit().unwrap();
    assert_eq!(other.stats().unwrap().documents, 1);
}

/// Environment variable that turns the test binary into the crashing writer below.
const CRASH_CHILD: &str = "STANCEMAP_STORE_CRASH_CHILD";

/// A writer process that dies in the middle of a batch (no commit, no rollback, no
/// destructors) loses only that batch: earlier commits survive and the file is intact.
#[test]
fn killed_writer_loses_only_its_open_batch() {
    if let Ok(path) = std::env::var(CRASH_CHILD) {
        crash_mid_batch(std::path::Path::new(&path));
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crash.db");
    let status = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "killed_writer_loses_only_its_open_batch",
            "--nocapture",
        ])
        .env(CRASH_CHILD, &path)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(!status.success(), "the child must die mid-batch");
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(
            status.signal(),
            Some(6),
            "died by abort(), not by a failed step: {status}"
        );
    }

    let store = Store::open(&path).unwrap();
    store.check_integrity().unwrap();
    let committed: Vec<String> = (0..5).map(|n| small_doc("crash-ok", n).id).collect();
    assert_eq!(store.document_ids().unwrap(), committed);
    assert_eq!(store.stats().unwrap().sentences, {
        let n: usize = (0..5)
            .map(|n| small_doc("crash-ok", n).sentences.len())
            .sum();
        n as u64
    });
}

fn crash_mid_batch(path: &std::path::Path) -> ! {
    let mut store = Store::open(path).expect("child open");
    insert_all(
        &mut store,
        &(0..5).map(|n| small_doc("crash-ok", n)).collect::<Vec<_>>(),
    );
    let tx = store.transaction().expect("child begin");
    for n in 0..500 {
        let doc = small_doc("crash-lost", n);
        let (exact, sig, bands) = dedup_keys(&doc, n as u64);
        tx.insert_document(&doc, &exact, &sig, &bands)
            .expect("child insert");
    }
    std::process::abort();
}
