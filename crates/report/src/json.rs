//! The `stancemap-export/1` JSON writer.

use std::io::Write;

use serde::Serialize;
use stancemap_model::{Document, Repeat, SourceFormat};

use crate::ReportError;

pub const EXPORT_FORMAT: &str = "stancemap-export/1";

/// Arrays of the export that later stages fill; written empty until they exist, so a
/// reader of the format always finds every key.
const LEDGER_ARRAYS: [&str; 5] = [
    "claims",
    "positions",
    "agreements",
    "meetings",
    "contradictions",
];

/// One `documents[]` record: the fields EXPORT.md lists, plus metadata it allows.
#[derive(Debug, Serialize)]
pub struct ExportDocument<'d> {
    pub id: &'d str,
    pub source: &'d str,
    pub title: &'d str,
    pub published: Option<&'d str>,
    pub language: &'d str,
    pub text: &'d str,
    pub removed: &'d [String],
    pub duplicate_of: Option<&'d str>,
    pub repeats: &'d [Repeat],
    pub story: Option<&'d str>,
    pub format: SourceFormat,
    pub author: Option<&'d str>,
    pub url: Option<&'d str>,
    pub outlet: Option<&'d str>,
    pub sentences: usize,
}

impl<'d> From<&'d Document> for ExportDocument<'d> {
    fn from(d: &'d Document) -> Self {
        ExportDocument {
            id: &d.id,
            source: &d.source,
            title: &d.title,
            published: d.published.as_deref(),
            language: &d.language,
            text: &d.text,
            removed: &d.removed,
            duplicate_of: d.duplicate_of.as_deref(),
            repeats: &d.repeats,
            story: d.story.as_deref(),
            format: d.format,
            author: d.author.as_deref(),
            url: d.url.as_deref(),
            outlet: d.outlet.as_deref(),
            sentences: d.sentences.len(),
        }
    }
}

/// One `entities[]` record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExportEntity {
    pub id: String,
    pub name: String,
    /// person | state | organisation | group | place
    pub kind: String,
    pub party: Option<String>,
    /// Every surface form seen, sorted.
    pub aliases: Vec<String>,
    pub roles: Vec<ExportRole>,
    /// Mentions in stored documents.
    pub mentions: u64,
}

/// A role as reported, with the documents reporting it (in ingest order).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExportRole {
    pub role: String,
    pub docs: Vec<String>,
}

/// Streams the export: `begin`, then `document` per document, then `finish`.
pub struct JsonExport<W: Write> {
    out: W,
    documents: usize,
}

impl<W: Write> JsonExport<W> {
    pub fn begin(mut out: W) -> Result<Self, ReportError> {
        write!(
            out,
            "{{\n  \"format\": \"{EXPORT_FORMAT}\",\n  \"documents\": ["
        )?;
        Ok(JsonExport { out, documents: 0 })
    }

    pub fn document(&mut self, doc: &Document) -> Result<(), ReportError> {
        let sep = if self.documents == 0 {
            "\n    "
        } else {
            ",\n    "
        };
        self.out.write_all(sep.as_bytes())?;
        serde_json::to_writer(&mut self.out, &ExportDocument::from(doc))?;
        self.documents += 1;
        Ok(())
    }

    /// Close the documents array, write the entities and the ledger arrays, flush;
    /// returns the writer.
    pub fn finish(mut self, entities: &[ExportEntity]) -> Result<W, ReportError> {
        let close = if self.documents == 0 { "]" } else { "\n  ]" };
        self.out.write_all(close.as_bytes())?;
        self.out.write_all(b",\n  \"entities\": [")?;
        for (i, entity) in entities.iter().enumerate() {
            let sep = if i == 0 { "\n    " } else { ",\n    " };
            self.out.write_all(sep.as_bytes())?;
            serde_json::to_writer(&mut self.out, entity)?;
        }
        self.out
            .write_all(if entities.is_empty() { b"]" } else { b"\n  ]" })?;
        for key in LEDGER_ARRAYS {
            write!(self.out, ",\n  \"{key}\": []")?;
        }
        self.out.write_all(b"\n}\n")?;
        self.out.flush()?;
        Ok(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use stancemap_model::{Sentence, Span};

    fn sample() -> Document {
        let text = "Envoys met in Muscat.\n\nNo deal yet, \u{201C}but progress,\u{201D} one said.";
        Document {
            id: "d-0123456789abcdef".into(),
            source: "wire/muscat.txt".into(),
            format: SourceFormat::Text,
            title: "Envoys met in Muscat.".into(),
            published: Some("2026-04-12".into()),
            author: None,
            url: None,
            outlet: Some("Gulf Wire".into()),
            language: "en".into(),
            text: text.into(),
            removed: vec!["Advertisement".into()],
            duplicate_of: None,
            repeats: vec![],
            story: Some("s-1".into()),
            sentences: vec![Sentence {
                span: Span::new(0, 21),
                paragraph: 0,
            }],
            diagnostics: vec![],
        }
    }

    fn export(docs: &[Document]) -> String {
        let mut w = JsonExport::begin(Vec::new()).unwrap();
        for d in docs {
            w.document(d).unwrap();
        }
        String::from_utf8(w.finish(&[]).unwrap()).unwrap()
    }

    #[test]
    fn export_has_every_key_and_round_trips_text() {
        let doc = sample();
        let out = export(&[doc.clone(), doc.clone()]);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["format"], EXPORT_FORMAT);
        assert_eq!(v["documents"].as_array().unwrap().len(), 2);
        assert_eq!(v["documents"][0]["text"], doc.text.as_str());
        for key in LEDGER_ARRAYS.iter().chain(&["entities"]) {
            assert!(v[key].as_array().unwrap().is_empty(), "{key}");
        }
        insta::assert_snapshot!(out);
    }

    #[test]
    fn entities_are_written_after_documents() {
        let entity = ExportEntity {
            id: "e-omn".into(),
            name: "Oman".into(),
            kind: "state".into(),
            party: Some("OMN".into()),
            aliases: vec!["Muscat".into(), "Oman".into()],
            roles: vec![],
            mentions: 3,
        };
        let mut w = JsonExport::begin(Vec::new()).unwrap();
        w.document(&sample()).unwrap();
        let out = String::from_utf8(w.finish(&[entity]).unwrap()).unwrap();
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["entities"][0]["aliases"][0], "Muscat");
        assert_eq!(v["entities"][0]["party"], "OMN");
    }

    #[test]
    fn empty_export_is_valid_json() {
        let v: serde_json::Value = serde_json::from_str(&export(&[])).unwrap();
        assert!(v["documents"].as_array().unwrap().is_empty());
    }
}
