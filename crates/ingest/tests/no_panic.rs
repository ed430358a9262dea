//! Whatever the bytes, every format path returns items and never panics; every skip
//! carries a known code and names its source.

use proptest::prelude::*;
use stancemap_ingest::{
    normalise_date, parse_bytes, parse_html, ReadItem, ReadOptions, Vocabulary,
};

const CODES: [&str; 6] = [
    "binary",
    "empty",
    "too-large",
    "unreadable",
    "bad-json",
    "no-text",
];
const NAMES: [&str; 7] = [
    "a.txt", "a.html", "a.jsonl", "a.json", "noext", "a.htm", "-",
];

fn check(name: &str, bytes: &[u8]) {
    let opts = ReadOptions {
        max_bytes: 4096,
        ..Default::default()
    };
    for item in parse_bytes(name, bytes, &opts) {
        match item {
            ReadItem::Skipped(s) => {
                assert!(CODES.contains(&s.diagnostic.code.as_str()), "{s:?}");
                assert!(s.source.starts_with(name), "{s:?}");
            }
            ReadItem::Article(a) => assert!(!a.body.trim().is_empty()),
        }
    }
}

fn is_iso_date(date: &str) -> bool {
    date.len() == 10
        && date.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        })
}

/// Byte soup biased towards markup and JSON punctuation so parsers go deep.
fn markupish() -> impl Strategy<Value = Vec<u8>> {
    let atoms = prop_oneof![
        Just(b"<p>".to_vec()),
        Just(b"</p>".to_vec()),
        Just(b"<div class=\"share\">".to_vec()),
        Just(b"<article>".to_vec()),
        Just(b"<script type=\"application/ld+json\">{\"@graph\":[".to_vec()),
        Just(b"<meta charset=windows-1252>".to_vec()),
        Just(b"<a href=x>".to_vec()),
        Just(b"{\"text\":\"".to_vec()),
        Just(b"\"}\n".to_vec()),
        Just(b"\r\n".to_vec()),
        Just(b"&amp;&#x0;&#99999999;".to_vec()),
        Just(vec![0xEF, 0xBB, 0xBF]),
        Just(vec![0xFF, 0xFE]),
        any::<Vec<u8>>(),
        "[a-zA-Z .,]{0,20}".prop_map(String::into_bytes),
    ];
    prop::collection::vec(atoms, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in any::<Vec<u8>>()) {
        for name in NAMES {
            check(name, &bytes);
        }
    }

    #[test]
    fn markup_soup_never_panics(bytes in markupish()) {
        for name in NAMES {
            check(name, &bytes);
        }
    }

    #[test]
    fn dates_never_panic_and_are_iso(raw in "\\PC{0,30}", digits in "[0-9]{4}[-/.][0-9]{1,2}[-/.][0-9]{1,4}.{0,3}") {
        let months = &Vocabulary::default().months;
        for input in [raw.as_str(), digits.as_str()] {
            if let Some(date) = normalise_date(input, months) {
                prop_assert!(is_iso_date(&date), "{}", date);
            }
        }
    }

    #[test]
    fn parse_html_is_deterministic(bytes in markupish()) {
        let text = String::from_utf8_lossy(&bytes);
        prop_assert_eq!(parse_html("x.html", &text), parse_html("x.html", &text));
    }
}
