//! Stable, content-derived identifiers.

use xxhash_rust::xxh3::xxh3_128;

/// Lower-case hex of the first 64 bits of the XXH3-128 of `bytes`.
pub fn hash_hex(bytes: &[u8]) -> String {
    format!("{:016x}", (xxh3_128(bytes) >> 64) as u64)
}

/// The id of a document: derived from its identity (the URL when the format declares one,
/// else the file *name* without its directory) and its decoded content. So the same file
/// read again, from any working directory or path, gets the same id (re-ingest is a
/// no-op); a changed article is a new document; and the same text published under
/// another name or URL is a new document that the linker marks as a duplicate.
pub fn doc_id(url: Option<&str>, source: &str, body: &str) -> String {
    let identity = url.unwrap_or_else(|| file_name(source));
    let mut key = Vec::with_capacity(body.len() + 64);
    key.extend_from_slice(identity.as_bytes());
    key.push(0);
    key.extend_from_slice(body.as_bytes());
    format!("d-{}", hash_hex(&key))
}

/// The last component of a path-like source ("dir/a.txt" → "a.txt").
fn file_name(source: &str) -> &str {
    source.rsplit(['/', '\\']).next().unwrap_or(source)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_id_is_stable_and_content_sensitive() {
        let a = doc_id(None, "in/doha.txt", "Talks resume in Doha.");
        assert_eq!(
            a,
            doc_id(None, "/elsewhere/doha.txt", "Talks resume in Doha.")
        );
        assert_ne!(a, doc_id(None, "in/doha.txt", "Talks resume in Cairo."));
        assert_ne!(a, doc_id(None, "in/copy.txt", "Talks resume in Doha."));
        let url = Some("https://example.org/a");
        assert_ne!(a, doc_id(url, "in/doha.txt", "Talks resume in Doha."));
        assert_eq!(
            doc_id(url, "x.jsonl#L1", "b"),
            doc_id(url, "y.jsonl#L9", "b")
        );
        assert!(a.starts_with("d-") && a.len() == 18);
    }
}
