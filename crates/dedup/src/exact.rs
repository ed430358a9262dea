//! Exact duplicates: a hash of the normalised text.

use stancemap_model::text::match_key;
use xxhash_rust::xxh3::xxh3_128;

/// Exact-duplicate key: 32 hex digits of the XXH3-128 hash of
/// [`match_key`]`(text)`. Texts that differ only in case, quotes, dashes or spacing get
/// the same key; 128 bits so that 100k+ documents never collide by accident.
pub fn exact_key(text: &str) -> String {
    format!("{:032x}", xxh3_128(match_key(text).as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_normalised_text_same_key() {
        let a = exact_key("Tariff talks resume \u{2014} \u{201C}soon\u{201D}.\n\nMore  text");
        let b = exact_key("tariff TALKS resume - \"soon\".\nmore text ");
        assert_eq!(a, b);
        assert_eq!(a.len(), 32);
        assert_ne!(a, exact_key("Tariff talks resumed - \"soon\". More text"));
    }
}
