//! Exact duplicates: a hash of the normalised text.

use stancemap_model::text::fold_char;
use xxhash_rust::xxh3::Xxh3;

/// Bytes of key text hashed at a time: the key is streamed into the hasher instead of
/// being built whole (one small buffer per call, not a copy of the document).
const STREAM_CHUNK: usize = 4096;

/// Exact-duplicate key: 32 hex digits of the XXH3-128 hash of
/// [`match_key`](stancemap_model::text::match_key)`(text)`. Texts that differ only in
/// case, quotes, dashes or spacing get the same key; 128 bits so that 100k+ documents
/// never collide by accident.
pub fn exact_key(text: &str) -> String {
    let mut hasher = Xxh3::new();
    let mut buf = String::with_capacity(STREAM_CHUNK + 8);
    // Same folding as `match_key`: a space is written only between two non-space runs.
    let mut started = false;
    let mut pending_space = false;
    for c in text.chars().map(fold_char) {
        if c.is_whitespace() {
            pending_space = started;
            continue;
        }
        if pending_space {
            buf.push(' ');
            pending_space = false;
        }
        if c.is_ascii() {
            buf.push(c.to_ascii_lowercase());
        } else {
            buf.extend(c.to_lowercase());
        }
        started = true;
        if buf.len() >= STREAM_CHUNK {
            hasher.update(buf.as_bytes());
            buf.clear();
        }
    }
    hasher.update(buf.as_bytes());
    format!("{:032x}", hasher.digest128())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use stancemap_model::text::match_key;
    use xxhash_rust::xxh3::xxh3_128;

    #[test]
    fn same_normalised_text_same_key() {
        let a = exact_key("Tariff talks resume \u{2014} \u{201C}soon\u{201D}.\n\nMore  text");
        let b = exact_key("tariff TALKS resume - \"soon\".\nmore text ");
        assert_eq!(a, b);
        assert_eq!(a.len(), 32);
        assert_ne!(a, exact_key("Tariff talks resumed - \"soon\". More text"));
    }

    #[test]
    fn long_text_streams_like_one_shot() {
        let text = "Envoys \u{2014} Kept TALKING\u{00A0}about İstanbul. ".repeat(400);
        let expected = format!("{:032x}", xxh3_128(match_key(&text).as_bytes()));
        assert_eq!(exact_key(&text), expected);
    }

    proptest! {
        #[test]
        fn streamed_key_equals_hash_of_match_key(text in "[a-zA-Z0-9 '`\\-.,\u{2019}\u{2014}\u{C9}\u{130}\u{A0}\n\t]{0,80}") {
            let expected = format!("{:032x}", xxh3_128(match_key(&text).as_bytes()));
            prop_assert_eq!(exact_key(&text), expected);
        }
    }
}
