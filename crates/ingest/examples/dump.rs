//! Print what the reader makes of files, as JSON:
//! `cargo run -p stancemap-ingest --example dump -- FILE_OR_DIR...`
use stancemap_ingest::{read_paths, ReadItem, ReadOptions};

fn main() {
    let paths: Vec<std::path::PathBuf> = std::env::args().skip(1).map(Into::into).collect();
    for item in read_paths(&paths, &ReadOptions::default()) {
        let json = match item {
            ReadItem::Article(a) => serde_json::to_string_pretty(&a),
            ReadItem::Skipped(s) => serde_json::to_string_pretty(&s.diagnostic),
        };
        match json {
            Ok(s) => println!("{s}"),
            Err(e) => eprintln!("{e}"),
        }
    }
}
