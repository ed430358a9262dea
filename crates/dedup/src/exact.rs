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
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        // Runs of ASCII (nearly all text) go byte by byte through a table, without
        // decoding characters; a non-ASCII character is decoded and folded on its own.
        let run = ascii_prefix_len(&bytes[at..]);
        key.push_ascii_run(&bytes[at..at + run]);
        at += run;
        let Some(c) = text.get(at..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        key.push_char(fold_char(c));
        at += c.len_utf8();
    }
    key.finish()
}

/// Length of the ASCII prefix of `bytes`, eight bytes per step.
pub(crate) fn ascii_prefix_len(bytes: &[u8]) -> usize {
    let mut words = bytes.chunks_exact(8);
    let mut len = 0;
    for word in &mut words {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(word);
        let high_bits = u64::from_le_bytes(eight) & 0x8080_8080_8080_8080;
        if high_bits != 0 {
            // Little-endian: the lowest set bit is the first non-ASCII byte.
            return len + (high_bits.trailing_zeros() / 8) as usize;
        }
        len += 8;
    }
    len + words
        .remainder()
        .iter()
        .position(|b| !b.is_ascii())
        .unwrap_or(words.remainder().len())
}

/// Key byte of each ASCII byte: lower-cased, '`' folded to an apostrophe (as in
/// `fold_char`); [`WHITE`] for the white space of `char::is_whitespace` (tab, line
/// feed, vertical tab, form feed, carriage return, space).
const ASCII_KEY: [u8; 128] = ascii_key_table();

const fn ascii_key_table() -> [u8; 128] {
    let mut table = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let byte = b as u8;
        table[b] = match byte {
            b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ' => WHITE,
            b'`' => b'\'',
            _ => byte.to_ascii_lowercase(),
        };
        b += 1;
    }
    table
}

/// The table's mark for white space (0x80 is never an ASCII key byte).
const WHITE: u8 = 0x80;

/// The match key streamed into the hasher a buffer at a time, with the same folding as
/// `match_key`: a space is written only between two non-space runs.
struct KeyStream {
    hasher: Xxh3,
    buf: Box<[u8; BUF_LEN]>,
    /// Bytes of `buf` in use (always below [`STREAM_CHUNK`] between calls).
    len: usize,
    started: bool,
    pending_space: bool,
}

/// Room for two chunks: below [`STREAM_CHUNK`] bytes wait between writes, and one write
/// adds at most a chunk and a space (an ASCII piece) or a space and a lower-cased
/// character of up to three chars of four bytes.
const BUF_LEN: usize = 2 * STREAM_CHUNK;
/// Masks an index into the buffer (a power of two long).
const BUF_MASK: usize = BUF_LEN - 1;

impl Default for KeyStream {
    fn default() -> Self {
        KeyStream {
            hasher: Xxh3::new(),
            buf: Box::new([0; BUF_LEN]),
            len: 0,
            started: false,
            pending_space: false,
        }
    }
}

impl KeyStream {
    /// A run of ASCII bytes: a table lookup and a store per byte, into a fixed buffer,
    /// a piece of at most [`STREAM_CHUNK`] bytes at a time. A piece writes at most one
    /// byte more than it reads (a pending space), and the buffer holds twice a piece,
    /// so no store needs a bounds check (indices are masked) and the state lives in
    /// registers during the loop.
    fn push_ascii_run(&mut self, run: &[u8]) {
        for piece in run.chunks(STREAM_CHUNK) {
            let (mut len, mut pending, mut started) = (self.len, self.pending_space, self.started);
            let buf = &mut self.buf;
            for &b in piece {
                let k = ASCII_KEY[usize::from(b & 0x7F)];
                if k == WHITE {
                    pending = started;
                    continue;
                }
                if pending {
                    buf[len & BUF_MASK] = b' ';
                    len += 1;
                    pending = false;
                }
                buf[len & BUF_MASK] = k;
                len += 1;
                started = true;
            }
            (self.len, self.pending_space, self.started) = (len, pending, started);
            if self.len >= STREAM_CHUNK {
                self.flush();
            }
        }
    }

    /// A folded non-ASCII character.
    fn push_char(&mut self, c: char) {
        if c.is_whitespace() {
            self.pending_space = self.started;
            return;
        }
        if self.pending_space {
            self.push_bytes(b" ");
            self.pending_space = false;
        }
        for l in c.to_lowercase() {
            self.push_bytes(l.encode_utf8(&mut [0; 4]).as_bytes());
        }
        self.started = true;
    }

    fn push_bytes(&mut self, bytes: &[u8]) {
        if self.len + bytes.len() > BUF_LEN {
            self.flush();
        }
        self.buf[self.len..self.len + bytes.len()].copy_from_slice(bytes);
        self.len += bytes.len();
        if self.len >= STREAM_CHUNK {
            self.flush();
        }
    }

    fn flush(&mut self) {
        self.hasher.update(&self.buf[..self.len]);
        self.len = 0;
    }

    fn finish(mut self) -> String {
        self.flush();
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
        fn ascii_prefix_is_found_word_by_word(text in "[a-z \u{E9}\u{2019}]{0,40}") {
            let bytes = text.as_bytes();
            let expected = bytes.iter().position(|b| !b.is_ascii()).unwrap_or(bytes.len());
            prop_assert_eq!(ascii_prefix_len(bytes), expected);
        }

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
