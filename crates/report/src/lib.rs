//! Views of the ledger: the `stancemap-export/1` JSON export (spec: `shared/spec/EXPORT.md`)
//! and the CSV export of documents.
//!
//! Both writers are *streaming*: the caller hands documents over one at a time (the
//! store reads them in ingest order), so exporting 100k documents holds one in memory.
//! Writers take any `io::Write`; they never open files themselves.

mod csv;
mod json;

pub use csv::CsvExport;
pub use json::{ExportDocument, ExportEntity, ExportRole, JsonExport, EXPORT_FORMAT};

/// Failures of an export writer.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("cannot write the export: {0}")]
    Io(#[from] std::io::Error),
    #[error("cannot serialise the export: {0}")]
    Json(#[from] serde_json::Error),
}
