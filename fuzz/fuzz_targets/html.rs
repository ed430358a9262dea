#![no_main]
//! Arbitrary bytes through the HTML path: decode (BOM, meta charset, chardetng),
//! extraction, metadata. Must never panic.

use libfuzzer_sys::fuzz_target;
use stancemap_ingest::{parse_bytes, ReadOptions};

fuzz_target!(|data: &[u8]| {
    let _ = parse_bytes("fuzz.html", data, &ReadOptions::default());
});
