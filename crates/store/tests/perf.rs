//! Throughput measurement, ignored by default (it prints numbers, it asserts none about
//! time). Run: `cargo test -p stancemap-store --release --test perf -- --ignored --nocapture`

mod common;

use std::time::Instant;

use stancemap_model::Document;
use stancemap_store::Store;

const DOCS: usize = 100_000;
/// Sizes of the dedup crate's defaults: 128 MinHash values in 16 bands of 8.
const SIGNATURE_LEN: u32 = 128;
const BANDS: u64 = 16;

#[test]
#[ignore = "measurement: run with --ignored --nocapture"]
fn insert_100k_small_documents_in_one_transaction() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("perf.db");
    let mut store = Store::open(&path).unwrap();
    let docs: Vec<Document> = (0..DOCS).map(|n| common::small_doc("perf", n)).collect();
    let text_bytes: usize = docs.iter().map(|d| d.text.len()).sum();

    let started = Instant::now();
    let tx = store.transaction().unwrap();
    for (n, doc) in docs.iter().enumerate() {
        let n = n as u64;
        let sig: Vec<u32> = (0..SIGNATURE_LEN)
            .map(|i| (n as u32).wrapping_mul(2_654_435_761) ^ i)
            .collect();
        // ~1 in 50 documents shares a band with a neighbour, like a corpus with some near-duplicates.
        let bands: Vec<u64> = (0..BANDS)
            .map(|b| (n / 50 * 1_000 + b).wrapping_mul(0x9E37_79B9_7F4A_7C15))
            .collect();
        tx.insert_document(doc, &format!("key {n}"), &sig, &bands)
            .unwrap();
    }
    tx.commit().unwrap();
    let secs = started.elapsed().as_secs_f64();
    let file_mb = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0) as f64 / 1e6;
    println!(
        "insert: {DOCS} docs, {:.1} MB text in {secs:.2} s = {:.0} docs/s, {:.2} MB/s of text; db file {file_mb:.0} MB",
        text_bytes as f64 / 1e6,
        DOCS as f64 / secs,
        text_bytes as f64 / 1e6 / secs
    );

    let started = Instant::now();
    let tx = store.transaction().unwrap();
    let mut found = 0;
    for n in (0..DOCS as u64).step_by(100) {
        let bands: Vec<u64> = (0..BANDS)
            .map(|b| (n / 50 * 1_000 + b).wrapping_mul(0x9E37_79B9_7F4A_7C15))
            .collect();
        found += tx.near_candidates(&bands).unwrap().len();
        assert!(tx.find_exact(&format!("key {n}")).unwrap().is_some());
    }
    drop(tx);
    let lookups = DOCS / 100;
    println!(
        "lookup: {lookups} near_candidates + find_exact in {:.3} s ({found} candidates)",
        started.elapsed().as_secs_f64()
    );

    let started = Instant::now();
    let mut streamed = 0usize;
    store
        .for_each_document(|d| {
            streamed += d.text.len();
            Ok(())
        })
        .unwrap();
    let secs = started.elapsed().as_secs_f64();
    println!(
        "stream: {DOCS} docs in {secs:.2} s = {:.0} docs/s",
        DOCS as f64 / secs
    );
    assert_eq!(streamed, text_bytes);
}
