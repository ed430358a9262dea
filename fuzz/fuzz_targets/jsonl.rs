#![no_main]
//! Arbitrary bytes through the JSON lines path (per-line decode, serde_json, records,
//! embedded `html` fields). Must never panic.

use libfuzzer_sys::fuzz_target;
use stancemap_ingest::{parse_bytes, ReadOptions};

fuzz_target!(|data: &[u8]| {
    let _ = parse_bytes("fuzz.jsonl", data, &ReadOptions::default());
});
