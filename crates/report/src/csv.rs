//! The CSV export of documents (one row per document, RFC 4180 quoting).

use std::io::Write;

use stancemap_model::Document;

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
}
