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

/// 0x01 in every byte of a word.
pub(crate) const ONES: u64 = 0x0101_0101_0101_0101;
/// The high bit of every byte of a word.
pub(crate) const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `word` (eight ASCII bytes) whose value is in
/// `lo..=hi` (`hi` < 0x80): with the high bit set first, subtracting `lo` from each
/// byte cannot borrow from the next, and leaves the high bit set exactly when the
/// byte is at least `lo`.
pub(crate) const fn bytes_in(word: u64, lo: u8, hi: u8) -> u64 {
    let biased = word | HIGH;
    let at_least_lo = biased - ONES * lo as u64;
    let above_hi = biased - ONES * (hi as u64 + 1);
    at_least_lo & !above_hi & HIGH
}

/// High bits of the white-space bytes (those of `char::is_whitespace` in ASCII: tab,
/// line feed, vertical tab, form feed, carriage return, space).
const fn white_bytes(word: u64) -> u64 {
    bytes_in(word, b'\t', b'\r') | bytes_in(word, b' ', b' ')
}

/// Eight ASCII bytes as [`ASCII_KEY`] maps them, except white space: upper-case letters
/// lower-cased (+0x20, which never carries), '`' turned into an apostrophe.
const fn lower_ascii(word: u64) -> u64 {
    let lowered = word + (bytes_in(word, b'A', b'Z') >> 2);
    lowered ^ ((bytes_in(word, b'`', b'`') >> 7) * (b'`' ^ b'\'') as u64)
}

/// `word` with the bytes marked in `white` (high bits) replaced by spaces.
const fn spaced(word: u64, white: u64) -> u64 {
    let white_bytes = (white >> 7) * 0xFF;
    (word & !white_bytes) | (white_bytes & (ONES * b' ' as u64))
}

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

/// Room for two chunks and an 8-byte store: below [`STREAM_CHUNK`] bytes wait between
/// writes, and one write adds at most a chunk and a space (an ASCII piece, whose 8-byte
/// stores may reach one byte past what they keep) or a space and a lower-cased
/// character of up to three chars of four bytes.
const BUF_LEN: usize = 2 * STREAM_CHUNK + 16;

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
    /// A run of ASCII bytes, a piece of at most [`STREAM_CHUNK`] bytes at a time. Eight
    /// bytes at a time where that is a plain copy (see [`KeyStream::push_eight`]), else
    /// a table lookup and a store per byte; the state lives in locals during the loop.
    fn push_ascii_run(&mut self, run: &[u8]) {
        for piece in run.chunks(STREAM_CHUNK) {
            let mut eights = piece.chunks_exact(8);
            for eight in &mut eights {
                let mut word = [0u8; 8];
                word.copy_from_slice(eight);
                if !self.push_eight(u64::from_le_bytes(word)) {
                    self.push_bytes_one_by_one(eight);
                }
            }
            self.push_bytes_one_by_one(eights.remainder());
            if self.len >= STREAM_CHUNK {
                self.flush();
            }
        }
    }

    /// Eight ASCII bytes (little-endian in `word`) in one step when their white space
    /// needs no collapsing: every white byte is alone (no two in a row, none right
    /// after a pending space) and the key has started. Then the key of the eight bytes
    /// is the bytes lower-cased with each white byte turned into a space (a trailing
    /// one becomes the pending space), a few word-wide operations instead of a loop.
    /// `false`, having done nothing, otherwise (a paragraph break, the text's start).
    fn push_eight(&mut self, word: u64) -> bool {
        let white = white_bytes(word);
        let first_white = white & 0x80 != 0;
        let runs_of_white = white & (white << 8) != 0;
        if !self.started || runs_of_white || (self.pending_space && first_white) {
            return false;
        }
        if self.pending_space {
            self.buf[self.len] = b' ';
            self.len += 1;
        }
        let key = spaced(lower_ascii(word), white);
        self.buf[self.len..self.len + 8].copy_from_slice(&key.to_le_bytes());
        // A white last byte is kept back as the pending space, like in the byte loop.
        self.pending_space = white >> 63 != 0;
        self.len += 8 - usize::from(self.pending_space);
        true
    }

    /// ASCII bytes through the table, one at a time.
    fn push_bytes_one_by_one(&mut self, bytes: &[u8]) {
        let (mut len, mut pending, mut started) = (self.len, self.pending_space, self.started);
        let buf = &mut self.buf;
        for &b in bytes {
            let k = ASCII_KEY[usize::from(b & 0x7F)];
            if k == WHITE {
                pending = started;
                continue;
            }
            if pending {
                buf[len] = b' ';
                len += 1;
                pending = false;
            }
            buf[len] = k;
            len += 1;
            started = true;
        }
        (self.len, self.pending_space, self.started) = (len, pending, started);
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

    #[test]
    fn word_wide_key_equals_the_table() {
        for b in 0u8..128 {
            let word = u64::from_le_bytes([b; 8]);
            let white = white_bytes(word) == HIGH;
            assert_eq!(white, ASCII_KEY[usize::from(b)] == WHITE, "{b}");
            assert!(white || white_bytes(word) == 0, "{b}");
            if !white {
                let key = lower_ascii(word).to_le_bytes();
                assert_eq!(key, [ASCII_KEY[usize::from(b)]; 8], "{b}");
            }
        }
    }

    proptest! {
        /// Word-like text, where most 8-byte steps take the word-wide path.
        #[test]
        fn word_wide_key_equals_hash_of_match_key(text in "([a-zA-Z0-9`'.,]{1,9}( |\n|\t|\r\n|  |\n\n)){0,40}") {
            let expected = format!("{:032x}", xxh3_128(match_key(&text).as_bytes()));
            prop_assert_eq!(exact_key(&text), expected);
        }

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
