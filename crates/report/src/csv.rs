//! The CSV export of documents (one row per document, RFC 4180 quoting).

use std::io::Write;

use stancemap_model::{ClaimRecord, Document};

use crate::ReportError;

const HEADER: [&str; 12] = [
    "id",
    "source",
    "title",
    "published",
    "language",
    "story",
    "duplicate_of",
    "repeats",
    "removed_lines",
    "sentences",
    "chars",
    "outlet",
];

/// Streams documents as CSV rows after a header line.
pub struct CsvExport<W: Write> {
    out: W,
}

impl<W: Write> CsvExport<W> {
    pub fn begin(mut out: W) -> Result<Self, ReportError> {
        write_row(&mut out, HEADER.iter().map(|h| h.to_string()))?;
        Ok(CsvExport { out })
    }

    pub fn document(&mut self, d: &Document) -> Result<(), ReportError> {
        let fields = [
            d.id.clone(),
            d.source.clone(),
            d.title.clone(),
            d.published.clone().unwrap_or_default(),
            d.language.clone(),
            d.story.clone().unwrap_or_default(),
            d.duplicate_of.clone().unwrap_or_default(),
            d.repeats.len().to_string(),
            d.removed.len().to_string(),
            d.sentences.len().to_string(),
            d.text.chars().count().to_string(),
            d.outlet.clone().unwrap_or_default(),
        ];
        write_row(&mut self.out, fields.into_iter())
    }

    pub fn finish(mut self) -> Result<W, ReportError> {
        self.out.flush()?;
        Ok(self.out)
    }
}

const CLAIM_HEADER: [&str; 18] = [
    "id",
    "doc",
    "party",
    "act",
    "topic",
    "target",
    "with",
    "speaker",
    "item",
    "conditions",
    "attributed_to",
    "negated",
    "confidence",
    "counted",
    "start",
    "end",
    "sentence",
    "source",
];

/// Writes claims as CSV rows, one per claim (lists joined with `; `), with the source
/// of the claim's document looked up by the caller.
pub struct ClaimsCsv<W: Write> {
    out: W,
}

impl<W: Write> ClaimsCsv<W> {
    pub fn begin(mut out: W) -> Result<Self, ReportError> {
        write_row(&mut out, CLAIM_HEADER.iter().map(|h| h.to_string()))?;
        Ok(ClaimsCsv { out })
    }

    /// One row; `source` is the document's source (file name or URL).
    pub fn claim(&mut self, c: &ClaimRecord, source: &str) -> Result<(), ReportError> {
        let fields = [
            c.id.clone(),
            c.doc.clone(),
            c.party.clone(),
            c.act.name().to_string(),
            c.topic.clone().unwrap_or_default(),
            c.target.clone().unwrap_or_default(),
            c.with.join("; "),
            c.speaker.clone().unwrap_or_default(),
            c.item.clone(),
            c.conditions.join("; "),
            c.attributed_to.clone().unwrap_or_default(),
            c.negated.to_string(),
            format!("{:.2}", c.confidence),
            c.counted.to_string(),
            c.start.to_string(),
            c.end.to_string(),
            c.sentence.clone(),
            source.to_string(),
        ];
        write_row(&mut self.out, fields.into_iter())
    }

    pub fn finish(mut self) -> Result<W, ReportError> {
        self.out.flush()?;
        Ok(self.out)
    }
}

fn write_row(
    out: &mut impl Write,
    fields: impl Iterator<Item = String>,
) -> Result<(), ReportError> {
    let row: Vec<String> = fields.map(|f| quote(&f)).collect();
    out.write_all(row.join(",").as_bytes())?;
    out.write_all(b"\r\n")?;
    Ok(())
}

/// Quote a field when it holds a comma, quote or line break; double inner quotes.
fn quote(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_when_needed() {
        assert_eq!(quote("plain"), "plain");
        assert_eq!(quote("a, b"), "\"a, b\"");
        assert_eq!(quote("say \"no\""), "\"say \"\"no\"\"\"");
        assert_eq!(quote("two\nlines"), "\"two\nlines\"");
    }

    #[test]
    fn claims_rows_quote_sentences_and_join_lists() {
        let claims = crate::fixtures::claims();
        let mut w = ClaimsCsv::begin(Vec::new()).unwrap();
        w.claim(&claims[2], "wire, two.txt").unwrap();
        let out = String::from_utf8(w.finish().unwrap()).unwrap();
        let lines: Vec<&str> = out.split("\r\n").collect();
        assert_eq!(lines[0].split(',').count(), CLAIM_HEADER.len());
        assert!(lines[1].starts_with("c-3,d-2,COL,propose,hostages,,,,the item,under Red Cross supervision,,false,0.80,true,"), "{}", lines[1]);
        assert!(lines[1].ends_with(",\"wire, two.txt\""), "{}", lines[1]);
    }
}
