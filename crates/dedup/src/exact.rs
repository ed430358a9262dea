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
    let mut key = KeyStream::default();
    for c in text.chars() {
        // ASCII (nearly every character) needs neither the folding table nor Unicode
        // case mapping: only '`' folds, to an apostrophe.
        if c.is_ascii() {
            key.push_ascii(if c == '`' { b'\'' } else { c as u8 });
        } else {
            key.push_char(fold_char(c));
        }
    }
    key.finish()
}

/// The match key streamed into the hasher a buffer at a time, with the same folding as
/// `match_key`: a space is written only between two non-space runs.
struct KeyStream {
    hasher: Xxh3,
    buf: Vec<u8>,
    started: bool,
    pending_space: bool,
}

impl Default for KeyStream {
    fn default() -> Self {
        KeyStream {
            hasher: Xxh3::new(),
            buf: Vec::with_capacity(STREAM_CHUNK + 8),
            started: false,
            pending_space: false,
        }
    }
}

impl KeyStream {
    fn push_ascii(&mut self, b: u8) {
        // `char::is_whitespace` on ASCII: tab, line feed, vertical tab, form feed,
        // carriage return, space.
        if matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ') {
            self.pending_space = self.started;
            return;
        }
        self.space_if_pending();
        self.buf.push(b.to_ascii_lowercase());
        self.written();
    }

    /// A folded non-ASCII character.
    fn push_char(&mut self, c: char) {
        if c.is_whitespace() {
            self.pending_space = self.started;
            return;
        }
        self.space_if_pending();
        for l in c.to_lowercase() {
            self.buf
                .extend_from_slice(l.encode_utf8(&mut [0; 4]).as_bytes());
        }
        self.written();
    }

    fn space_if_pending(&mut self) {
        if self.pending_space {
            self.buf.push(b' ');
            self.pending_space = false;
        }
    }

    fn written(&mut self) {
        self.started = true;
        if self.buf.len() >= STREAM_CHUNK {
            self.hasher.update(&self.buf);
            self.buf.clear();
        }
    }

    fn finish(mut self) -> String {
        self.hasher.update(&self.buf);
        format!("{:032x}", self.hasher.digest128())
    }
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
        fn ascii_key_equals_hash_of_match_key(text in "[a-zA-Z0-9 '`\\-.,\n\t\r\x0B\x0C]{0,80}") {
            let expected = format!("{:032x}", xxh3_128(match_key(&text).as_bytes()));
            prop_assert_eq!(exact_key(&text), expected);
        }

        #[test]
        fn streamed_key_equals_hash_of_match_key(text in "[a-zA-Z0-9 '`\\-.,\u{2019}\u{2014}\u{C9}\u{130}\u{A0}\n\t]{0,80}") {
            let expected = format!("{:032x}", xxh3_128(match_key(&text).as_bytes()));
            prop_assert_eq!(exact_key(&text), expected);
        }
    }
}
