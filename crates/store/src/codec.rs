//! Conversions between model values and SQLite column values. Everything read back is
//! checked: a value that does not decode is [`StoreError::Corrupt`], never a panic.

use std::path::Path;

use rusqlite::Row;
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use stancemap_model::{Document, Sentence, SourceFormat, Span};

use crate::error::StoreError;

/// Column list of `documents` in the order [`DocRow::from_row`] reads it.
pub(crate) const DOC_COLUMNS: &str = "id, source, format, title, published, author, url, \
     outlet, language, text, removed, duplicate_of, repeats, story, diagnostics, sentence_spans";

pub(crate) fn format_name(format: SourceFormat) -> &'static str {
    match format {
        SourceFormat::Text => "text",
        SourceFormat::Html => "html",
        SourceFormat::Jsonl => "jsonl",
    }
}

fn parse_format(path: &Path, name: &str) -> Result<SourceFormat, StoreError> {
    match name {
        "text" => Ok(SourceFormat::Text),
        "html" => Ok(SourceFormat::Html),
        "jsonl" => Ok(SourceFormat::Jsonl),
        other => Err(StoreError::corrupt(
            path,
            format!("unknown format {other:?}"),
        )),
    }
}

/// SQLite integers are `i64`; offsets and counts are unsigned on the Rust side.
pub(crate) fn to_i64<T: TryInto<i64> + Copy + std::fmt::Display>(
    path: &Path,
    what: &str,
    value: T,
) -> Result<i64, StoreError> {
    value
        .try_into()
        .map_err(|_| StoreError::invalid(path, what, format!("{value} does not fit in i64")))
}

pub(crate) fn from_i64<T: TryFrom<i64>>(
    path: &Path,
    what: &str,
    value: i64,
) -> Result<T, StoreError> {
    T::try_from(value)
        .map_err(|_| StoreError::corrupt(path, format!("{what} = {value} is out of range")))
}

/// Band keys are `u64` hashes; SQLite stores them bit-for-bit as `i64` (negative values
/// are fine, only equality matters).
pub(crate) fn band_key_to_sql(key: u64) -> i64 {
    i64::from_ne_bytes(key.to_ne_bytes())
}

/// MinHash signature as a BLOB of little-endian `u32`s: compact (4 bytes per value) and
/// readable from any language without a JSON parser.
pub(crate) fn encode_signature(signature: &[u32]) -> Vec<u8> {
    signature.iter().flat_map(|v| v.to_le_bytes()).collect()
}

pub(crate) fn decode_signature(
    path: &Path,
    doc: &str,
    blob: &[u8],
) -> Result<Vec<u32>, StoreError> {
    let chunks = blob.chunks_exact(4);
    if !chunks.remainder().is_empty() {
        return Err(StoreError::corrupt(
            path,
            format!(
                "signature of {doc} has {} bytes, not a multiple of 4",
                blob.len()
            ),
        ));
    }
    Ok(chunks
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect())
}

pub(crate) fn to_json<T: Serialize + ?Sized>(
    path: &Path,
    what: &str,
    value: &T,
) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| StoreError::invalid(path, what, e.to_string()))
}

pub(crate) fn from_json<T: DeserializeOwned>(
    path: &Path,
    what: &str,
    doc: &str,
    json: &str,
) -> Result<T, StoreError> {
    serde_json::from_str(json)
        .map_err(|e| StoreError::corrupt(path, format!("column {what} of {doc} is not valid: {e}")))
}

/// One skipped source of an ingest run, as stored in `ingest_runs.skipped`.
#[derive(Serialize, Deserialize)]
pub(crate) struct SkippedJson {
    pub source: String,
    pub code: String,
    pub message: String,
}

pub(crate) fn skipped_to_json(
    path: &Path,
    skipped: &[(String, String, String)],
) -> Result<String, StoreError> {
    let rows: Vec<SkippedJson> = skipped
        .iter()
        .map(|(source, code, message)| SkippedJson {
            source: source.clone(),
            code: code.clone(),
            message: message.clone(),
        })
        .collect();
    to_json(path, "skipped", &rows)
}

pub(crate) fn skipped_from_json(
    path: &Path,
    run: i64,
    json: &str,
) -> Result<Vec<(String, String, String)>, StoreError> {
    let rows: Vec<SkippedJson> = from_json(path, "skipped", &format!("run {run}"), json)?;
    Ok(rows
        .into_iter()
        .map(|s| (s.source, s.code, s.message))
        .collect())
}

/// A `documents` row as stored, before its JSON columns are decoded.
pub(crate) struct DocRow {
    id: String,
    source: String,
    format: String,
    title: String,
    published: Option<String>,
    author: Option<String>,
    url: Option<String>,
    outlet: Option<String>,
    language: String,
    text: String,
    removed: String,
    duplicate_of: Option<String>,
    repeats: String,
    story: Option<String>,
    diagnostics: String,
    sentence_spans: Vec<u8>,
}

impl DocRow {
    /// Read the [`DOC_COLUMNS`] of `row`, starting at column 0.
    pub(crate) fn from_row(row: &Row<'_>) -> rusqlite::Result<DocRow> {
        Ok(DocRow {
            id: row.get(0)?,
            source: row.get(1)?,
            format: row.get(2)?,
            title: row.get(3)?,
            published: row.get(4)?,
            author: row.get(5)?,
            url: row.get(6)?,
            outlet: row.get(7)?,
            language: row.get(8)?,
            text: row.get(9)?,
            removed: row.get(10)?,
            duplicate_of: row.get(11)?,
            repeats: row.get(12)?,
            story: row.get(13)?,
            diagnostics: row.get(14)?,
            sentence_spans: row.get(15)?,
        })
    }

    pub(crate) fn into_document(self, path: &Path) -> Result<Document, StoreError> {
        let id = self.id;
        Ok(Document {
            sentences: decode_sentence_spans(path, &id, &self.sentence_spans)?,
            format: parse_format(path, &self.format)?,
            removed: from_json(path, "removed", &id, &self.removed)?,
            repeats: from_json(path, "repeats", &id, &self.repeats)?,
            diagnostics: from_json(path, "diagnostics", &id, &self.diagnostics)?,
            source: self.source,
            title: self.title,
            published: self.published,
            author: self.author,
            url: self.url,
            outlet: self.outlet,
            language: self.language,
            text: self.text,
            duplicate_of: self.duplicate_of,
            story: self.story,
            id,
        })
    }
}

/// Bytes per sentence in `documents.sentence_spans` (migration 0011): little-endian
/// `u32` start, end and paragraph.
const SENTENCE_SPAN_BYTES: usize = 12;

/// A document's sentences as the `sentence_spans` BLOB. Offsets beyond `u32` (a text
/// over 4 GiB) are refused rather than cut.
pub(crate) fn encode_sentence_spans(
    path: &Path,
    sentences: &[Sentence],
) -> Result<Vec<u8>, StoreError> {
    let mut blob = Vec::with_capacity(sentences.len() * SENTENCE_SPAN_BYTES);
    for s in sentences {
        for (what, value) in [
            ("sentence start", s.span.start),
            ("sentence end", s.span.end),
        ] {
            let value = u32::try_from(value).map_err(|_| {
                StoreError::invalid(path, what, format!("{value} does not fit in u32"))
            })?;
            blob.extend_from_slice(&value.to_le_bytes());
        }
        blob.extend_from_slice(&s.paragraph.to_le_bytes());
    }
    Ok(blob)
}

/// Read back [`encode_sentence_spans`]; a blob of the wrong length or a span that ends
/// before it starts is [`StoreError::Corrupt`].
pub(crate) fn decode_sentence_spans(
    path: &Path,
    doc: &str,
    blob: &[u8],
) -> Result<Vec<Sentence>, StoreError> {
    let spans = blob.chunks_exact(SENTENCE_SPAN_BYTES);
    if !spans.remainder().is_empty() {
        return Err(StoreError::corrupt(
            path,
            format!(
                "sentence spans of {doc} have {} bytes, not a multiple of {SENTENCE_SPAN_BYTES}",
                blob.len()
            ),
        ));
    }
    spans
        .map(|b| {
            let [start, end, paragraph] =
                [0, 4, 8].map(|at| u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]));
            if end < start {
                return Err(StoreError::corrupt(
                    path,
                    format!("sentence {start}..{end} of {doc} ends before it starts"),
                ));
            }
            Ok(Sentence {
                span: Span {
                    start: start as usize,
                    end: end as usize,
                },
                paragraph,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_round_trips_little_endian() {
        let sig = [0u32, 1, 0xDEAD_BEEF, u32::MAX];
        let blob = encode_signature(&sig);
        assert_eq!(&blob[8..12], &[0xEF, 0xBE, 0xAD, 0xDE]);
        assert_eq!(decode_signature(Path::new("x"), "d", &blob).unwrap(), sig);
    }

    #[test]
    fn odd_signature_blob_is_corrupt_not_a_panic() {
        let err = decode_signature(Path::new("s.db"), "d-1", &[1, 2, 3, 4, 5]).unwrap_err();
        assert!(matches!(err, StoreError::Corrupt { .. }), "{err}");
        assert!(err.to_string().contains("s.db") && err.to_string().contains("d-1"));
    }

    #[test]
    fn band_keys_keep_all_64_bits() {
        for key in [0u64, 1, u64::MAX, 1 << 63, 0x8000_0000_0000_0001] {
            let stored = band_key_to_sql(key);
            assert_eq!(u64::from_ne_bytes(stored.to_ne_bytes()), key);
        }
    }

    #[test]
    fn format_names_round_trip() {
        for f in [SourceFormat::Text, SourceFormat::Html, SourceFormat::Jsonl] {
            assert_eq!(parse_format(Path::new("x"), format_name(f)).unwrap(), f);
        }
        assert!(parse_format(Path::new("x"), "pdf").is_err());
    }

    #[test]
    fn sentence_spans_round_trip_and_bad_blobs_are_corrupt() {
        let path = Path::new("x");
        let sentences = vec![
            Sentence {
                span: Span { start: 0, end: 3 },
                paragraph: 0,
            },
            Sentence {
                span: Span {
                    start: 4,
                    end: 70_000,
                },
                paragraph: u32::MAX,
            },
        ];
        let blob = encode_sentence_spans(path, &sentences).unwrap();
        assert_eq!(blob.len(), 24);
        assert_eq!(&blob[16..20], &70_000u32.to_le_bytes());
        assert_eq!(decode_sentence_spans(path, "d", &blob).unwrap(), sentences);
        assert!(decode_sentence_spans(path, "d", &blob[..13]).is_err());
        let backwards = [5u32, 3, 0].map(u32::to_le_bytes).concat();
        assert!(decode_sentence_spans(path, "d", &backwards).is_err());
    }
}
