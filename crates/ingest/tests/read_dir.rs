//! read_paths over a directory of good and bad files, and over the shared seeds.

use std::fs;
use std::path::PathBuf;

use stancemap_ingest::{read_paths, ReadItem, ReadOptions};
use stancemap_model::SourceFormat;

fn summarise(items: &[ReadItem], root: &std::path::Path) -> Vec<String> {
    let rel = |s: &str| s.replace(&root.display().to_string(), "<dir>");
    items
        .iter()
        .map(|i| match i {
            ReadItem::Article(a) => format!("article {:?} {}", a.format, rel(&a.source)),
            ReadItem::Skipped(s) => format!("skipped {} {}", s.diagnostic.code, rel(&s.source)),
        })
        .collect()
}

#[test]
fn mixed_directory_in_sorted_order() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("b_sub/deeper")).unwrap();
    fs::create_dir_all(root.join(".cache")).unwrap();
    fs::write(
        root.join("a_talks.txt"),
        "Union and employers meet again.\n",
    )
    .unwrap();
    fs::write(
        root.join("b_sub/deeper/page.html"),
        "<html><body><p>Envoys met.</p></body></html>",
    )
    .unwrap();
    fs::write(root.join("b_sub/empty.txt"), " \n \n").unwrap();
    fs::write(
        root.join("c_image.txt"),
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    )
    .unwrap();
    fs::write(
        root.join("d_feed.jsonl"),
        "{\"text\":\"Deal reached.\",\"title\":\"T\"}\n\n{oops}\n{\"title\":\"no body\"}\n",
    )
    .unwrap();
    fs::write(root.join("e_big.txt"), "x".repeat(200)).unwrap();
    fs::write(root.join(".hidden.txt"), "secret").unwrap();
    fs::write(root.join(".cache/x.txt"), "cached").unwrap();
    let missing = root.join("zz_missing.txt");

    let opts = ReadOptions {
        max_bytes: 100,
        ..Default::default()
    };
    let items: Vec<ReadItem> = read_paths(&[root.to_path_buf(), missing], &opts).collect();
    assert_eq!(
        summarise(&items, root),
        [
            "article Text <dir>/a_talks.txt",
            "article Html <dir>/b_sub/deeper/page.html",
            "skipped empty <dir>/b_sub/empty.txt",
            "skipped binary <dir>/c_image.txt",
            "article Jsonl <dir>/d_feed.jsonl#L1",
            "skipped bad-json <dir>/d_feed.jsonl#L3",
            "skipped no-text <dir>/d_feed.jsonl#L4",
            "skipped too-large <dir>/e_big.txt",
            "skipped unreadable <dir>/zz_missing.txt",
        ]
    );
    let ReadItem::Skipped(big) = &items[7] else {
        panic!()
    };
    assert!(big
        .diagnostic
        .message
        .contains("200 bytes; the limit is 100 bytes"));
    let ReadItem::Skipped(missing) = &items[8] else {
        panic!()
    };
    assert!(missing
        .diagnostic
        .message
        .contains("zz_missing.txt: unreadable:"));
}

#[test]
fn long_jsonl_line_is_skipped_and_stream_continues() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("feed.ndjson");
    let long = format!("{{\"text\":\"{}\"}}", "y".repeat(500));
    fs::write(
        &path,
        format!("{{\"text\":\"a\"}}\r\n{long}\n{{\"text\":\"b\"}}"),
    )
    .unwrap();
    let opts = ReadOptions {
        max_bytes: 100,
        ..Default::default()
    };
    let items: Vec<ReadItem> = read_paths(&[path], &opts).collect();
    let got = summarise(&items, dir.path());
    assert_eq!(
        got,
        [
            "article Jsonl <dir>/feed.ndjson#L1",
            "skipped too-large <dir>/feed.ndjson#L2",
            "article Jsonl <dir>/feed.ndjson#L3",
        ]
    );
}

#[cfg(unix)]
#[test]
fn symlink_loop_is_safe() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.txt"), "Text").unwrap();
    std::os::unix::fs::symlink(dir.path(), dir.path().join("loop")).unwrap();
    std::os::unix::fs::symlink(dir.path().join("a.txt"), dir.path().join("b.txt")).unwrap();
    let items: Vec<ReadItem> =
        read_paths(&[dir.path().to_path_buf()], &ReadOptions::default()).collect();
    assert_eq!(
        summarise(&items, dir.path()),
        ["article Text <dir>/a.txt", "article Text <dir>/b.txt"]
    );
}

/// The shared seeds (noisy real articles) must all read as text articles. Skipped when
/// /work/shared is not there (CI, other machines).
#[test]
fn shared_seeds_read_as_text() {
    let seeds = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    if !seeds.is_dir() {
        println!("note: {} not found, skipping", seeds.display());
        return;
    }
    let items: Vec<ReadItem> = read_paths(&[seeds], &ReadOptions::default()).collect();
    assert!(!items.is_empty());
    for item in &items {
        match item {
            ReadItem::Article(a) => {
                assert_eq!(a.format, SourceFormat::Text);
                assert!(!a.body.contains('\r'));
                assert!(a.body.len() > 500, "{}", a.source);
            }
            ReadItem::Skipped(s) => panic!("seed skipped: {s:?}"),
        }
    }
}
