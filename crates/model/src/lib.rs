//! Value types shared by every stage of the stancemap pipeline.
//!
//! Design decisions:
//! - Offsets are **byte** offsets into `Document::text` (UTF-8), half-open `start..end`,
//!   always on `char` boundaries. This is what the export format promises.
//! - Every type here is plain data: no IO, no interior mutability, `serde` for the store
//!   and the export.
//! - Per-document problems are [`Diagnostic`]s carried along with the data, never panics.

use serde::{Deserialize, Serialize};

mod claims;
mod ids;
pub mod text;
pub use claims::{Act, ClaimRecord, DocMeta, FactRecord, MeetingRecord, Stance};
pub use ids::{doc_id, hash_hex};

/// A half-open byte range `start..end` into a document text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        Span { start, end }
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
    /// The slice of `text` this span covers.
    pub fn slice<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }
}

/// How the bytes of an article were laid out when they arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceFormat {
    Text,
    Html,
    Jsonl,
}

/// How bad a per-document problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing, the document is fine ("decoded as windows-1252").
    Info,
    /// Something was repaired or guessed ("invalid UTF-8 replaced at 3 places").
    Warning,
    /// The document (or record) could not be used and was skipped.
    Error,
}

/// A per-document (or per-record) problem, reported as data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable machine-readable code, e.g. `binary`, `empty`, `invalid-utf8`, `bad-json`.
    pub code: String,
    /// Human-readable explanation naming the reason.
    pub message: String,
}

impl Diagnostic {
    pub fn new(severity: Severity, code: &str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            code: code.to_string(),
            message: message.into(),
        }
    }
    pub fn info(code: &str, message: impl Into<String>) -> Self {
        Self::new(Severity::Info, code, message)
    }
    pub fn warning(code: &str, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, message)
    }
    pub fn error(code: &str, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, message)
    }
}

/// One article as a reader produced it: decoded to Unicode, markup already reduced to
/// paragraphs, metadata taken from wherever the format carries it.
///
/// `body` holds one paragraph (or heading, or list item) per line, in reading order.
/// For plain text this is the file as decoded; for HTML it is the main content the
/// extractor kept; for JSON lines it is the `maintext`/`text` field (or extracted `html`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RawArticle {
    /// File name as given on the command line (relative paths stay relative), `-` for
    /// stdin, `file.jsonl#L12` for the 12th line of a JSON lines file, or the article URL
    /// when a JSON record carries one.
    pub source: String,
    pub format: SourceFormat,
    /// Title declared by the format (HTML `<title>`/`og:title`, JSON `title`). For plain
    /// text it is `None`: the cleaner takes the first non-empty line.
    pub title: Option<String>,
    /// Publication date as ISO `YYYY-MM-DD` when the format declares one.
    pub published: Option<String>,
    pub author: Option<String>,
    pub url: Option<String>,
    /// Outlet / site name (`source_domain`, `og:site_name`), when known.
    pub outlet: Option<String>,
    /// Declared language (ISO 639-1), when the format carries one.
    pub language: Option<String>,
    /// Paragraph text, one paragraph per line (see type docs).
    pub body: String,
    /// Lines the reader already dropped as page furniture (HTML navigation, share bars…).
    pub removed: Vec<String>,
    pub diagnostics: Vec<Diagnostic>,
}

impl RawArticle {
    /// A plain-text article with no declared metadata.
    pub fn text(source: impl Into<String>, body: impl Into<String>) -> Self {
        RawArticle {
            source: source.into(),
            format: SourceFormat::Text,
            title: None,
            published: None,
            author: None,
            url: None,
            outlet: None,
            language: None,
            body: body.into(),
            removed: Vec::new(),
            diagnostics: Vec::new(),
        }
    }
}

/// A passage of a document that repeats an earlier passage of the same document
/// (a second translation, a second copy, a headline printed twice).
/// `start..end` is the repeat, `of_start..of_end` the passage it repeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Repeat {
    pub start: usize,
    pub end: usize,
    pub of_start: usize,
    pub of_end: usize,
}

impl Repeat {
    /// Does byte offset `pos` fall inside the repeating (second) passage?
    pub fn covers(&self, pos: usize) -> bool {
        self.start <= pos && pos < self.end
    }
}

/// A sentence of a document text: `span` is a verbatim slice of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    pub span: Span,
    /// Index of the paragraph (line of the cleaned text) the sentence is in.
    pub paragraph: u32,
}

/// A cleaned, stored document. This is `documents[]` of the export plus bookkeeping.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// `d-` + 16 hex digits of a content hash, see [`doc_id`].
    pub id: String,
    pub source: String,
    pub format: SourceFormat,
    pub title: String,
    pub published: Option<String>,
    pub author: Option<String>,
    pub url: Option<String>,
    pub outlet: Option<String>,
    /// ISO 639-1 code, or `und` when undetermined.
    pub language: String,
    /// The cleaned text: paragraphs separated by a blank line (`"\n\n"`).
    pub text: String,
    /// Boilerplate lines taken out, in document order.
    pub removed: Vec<String>,
    /// Id of an earlier document this one duplicates (exactly or nearly).
    pub duplicate_of: Option<String>,
    pub repeats: Vec<Repeat>,
    /// Story cluster id (`s-1`, `s-2`, …), assigned at ingest.
    pub story: Option<String>,
    pub sentences: Vec<Sentence>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Document {
    /// Is the byte offset inside a repeated passage (so it must not count as evidence)?
    pub fn in_repeat(&self, pos: usize) -> bool {
        self.repeats.iter().any(|r| r.covers(pos))
    }
}
