//! The `stancemap-export/1` JSON writer.

use std::io::Write;

use serde::Serialize;
use stancemap_ledger::Ledger;
use stancemap_model::{Act, ClaimRecord, Document, Repeat, SourceFormat, Span};

use crate::ReportError;

pub const EXPORT_FORMAT: &str = "stancemap-export/1";

/// What the export writes after the documents: every stored claim and the ledger built
/// from them.
#[derive(Debug, Clone, Copy)]
pub struct LedgerArrays<'a> {
    pub claims: &'a [ClaimRecord],
    pub ledger: &'a Ledger,
}

/// One `claims[]` record: the EXPORT.md fields in its order, then the extra fields the
/// claims stage records (`item`, `with`, `negated`, `counted`, `cue`).
#[derive(Debug, Serialize)]
pub struct ExportClaim<'c> {
    pub id: &'c str,
    pub doc: &'c str,
    pub sentence: &'c str,
    pub start: usize,
    pub end: usize,
    pub party: &'c str,
    pub speaker: Option<&'c str>,
    pub act: Act,
    pub topic: Option<&'c str>,
    pub target: Option<&'c str>,
    pub conditions: &'c [String],
    pub attributed_to: Option<&'c str>,
    pub confidence: f32,
    pub item: &'c str,
    pub with: &'c [String],
    pub negated: bool,
    pub counted: bool,
    pub cue: Span,
}

impl<'c> From<&'c ClaimRecord> for ExportClaim<'c> {
    fn from(c: &'c ClaimRecord) -> Self {
        ExportClaim {
            id: &c.id,
            doc: &c.doc,
            sentence: &c.sentence,
            start: c.start,
            end: c.end,
            party: &c.party,
            speaker: c.speaker.as_deref(),
            act: c.act,
            topic: c.topic.as_deref(),
            target: c.target.as_deref(),
            conditions: &c.conditions,
            attributed_to: c.attributed_to.as_deref(),
            confidence: c.confidence,
            item: &c.item,
            with: &c.with,
            negated: c.negated,
            counted: c.counted,
            cue: c.cue,
        }
    }
}

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

    /// Close the documents array, write the entities, the claims and the ledger arrays,
    /// flush; returns the writer.
    pub fn finish(
        mut self,
        entities: &[ExportEntity],
        ledger: LedgerArrays<'_>,
    ) -> Result<W, ReportError> {
        let close = if self.documents == 0 { "]" } else { "\n  ]" };
        self.out.write_all(close.as_bytes())?;
        self.array("entities", entities.iter())?;
        self.array("claims", ledger.claims.iter().map(ExportClaim::from))?;
        let l = ledger.ledger;
        self.array("positions", l.positions.iter())?;
        self.array("agreements", l.agreements.iter())?;
        self.array("meetings", l.meetings.iter())?;
        self.array("contradictions", l.contradictions.iter())?;
        self.out.write_all(b"\n}\n")?;
        self.out.flush()?;
        Ok(self.out)
    }

    /// `,\n  "key": [` then one record per line, then `]`.
    fn array<T: Serialize>(
        &mut self,
        key: &str,
        items: impl Iterator<Item = T>,
    ) -> Result<(), ReportError> {
        write!(self.out, ",\n  \"{key}\": [")?;
        let mut empty = true;
        for item in items {
            let sep = if empty { "\n    " } else { ",\n    " };
            self.out.write_all(sep.as_bytes())?;
            serde_json::to_writer(&mut self.out, &item)?;
            empty = false;
        }
        self.out.write_all(if empty { b"]" } else { b"\n  ]" })?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use stancemap_model::Sentence;

    /// The arrays written after the entities: a reader always finds every key, empty
    /// when the store holds no claims yet.
    const LEDGER_ARRAYS: [&str; 5] = [
        "claims",
        "positions",
        "agreements",
        "meetings",
        "contradictions",
    ];

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

    fn no_ledger() -> LedgerArrays<'static> {
        static EMPTY: std::sync::OnceLock<Ledger> = std::sync::OnceLock::new();
        LedgerArrays {
            claims: &[],
            ledger: EMPTY.get_or_init(Ledger::default),
        }
    }

    fn export(docs: &[Document]) -> String {
        let mut w = JsonExport::begin(Vec::new()).unwrap();
        for d in docs {
            w.document(d).unwrap();
        }
        String::from_utf8(w.finish(&[], no_ledger()).unwrap()).unwrap()
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
        let out = String::from_utf8(w.finish(&[entity], no_ledger()).unwrap()).unwrap();
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["entities"][0]["aliases"][0], "Muscat");
        assert_eq!(v["entities"][0]["party"], "OMN");
    }

    #[test]
    fn claims_and_ledger_arrays_carry_every_field() {
        let (claims, ledger) = (crate::fixtures::claims(), crate::fixtures::ledger());
        let mut w = JsonExport::begin(Vec::new()).unwrap();
        w.document(&sample()).unwrap();
        let arrays = LedgerArrays {
            claims: &claims,
            ledger: &ledger,
        };
        let out = String::from_utf8(w.finish(&[], arrays).unwrap()).unwrap();
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        let c = &v["claims"][0];
        let keys: Vec<&str> = c.as_object().unwrap().keys().map(String::as_str).collect();
        for key in [
            "id",
            "doc",
            "sentence",
            "start",
            "end",
            "party",
            "speaker",
            "act",
            "topic",
            "target",
            "conditions",
            "attributed_to",
            "confidence",
            "item",
            "with",
            "negated",
            "counted",
            "cue",
        ] {
            assert!(keys.contains(&key), "claims[] lacks {key}");
        }
        assert_eq!(c["act"], "demand");
        assert_eq!(c["target"], "ELN");
        assert_eq!(c["cue"]["start"], 108);
        assert_eq!(v["claims"].as_array().unwrap().len(), claims.len());
        let p = &v["positions"][0];
        assert_eq!(
            (p["party"].as_str(), p["stance"].as_str()),
            (Some("COL"), Some("demand"))
        );
        assert_eq!(p["sources"], 1);
        assert_eq!(v["positions"][1]["history"][0]["claim"], "c-3");
        assert_eq!(v["agreements"][0]["parties"][1], "ELN");
        assert_eq!(v["meetings"][0]["place"], "Havana");
        assert_eq!(v["contradictions"][0]["values"][1]["docs"][0], "d-3");
        // The claim sentence survives verbatim, hostile characters included.
        assert_eq!(v["claims"][1]["sentence"], crate::fixtures::HOSTILE);
    }

    #[test]
    fn empty_export_is_valid_json() {
        let v: serde_json::Value = serde_json::from_str(&export(&[])).unwrap();
        assert!(v["documents"].as_array().unwrap().is_empty());
    }
}
