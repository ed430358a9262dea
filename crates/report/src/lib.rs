//! Views of the ledger: the exports (`stancemap-export/1` JSON, CSV of documents and of
//! claims, PLOVER event lines), the terminal position matrix and claim list, the Markdown
//! briefing, and the evaluation against a gold file. Pure: values in, text or bytes out;
//! writers take any `io::Write` and never open files themselves.
//!
//! Design decisions:
//! - **Streaming JSON.** Documents are handed over one at a time (the store reads them in
//!   ingest order), so exporting 100k documents holds one in memory; claims and the
//!   ledger come after them, one record per line. `claims[]` carries the EXPORT.md fields
//!   in its order plus `item`, `with`, `negated`, `counted` and `cue`; the ledger arrays
//!   are the ledger crate's types as they serialise.
//! - **PLOVER mapping** (`--format plover`, see [`plover`]): field names of the PLOVER
//!   manual (draft 0.7b1, "JSON Data Fields"). Acts map to PLOVER categories as follows:
//!   demand → `REQUEST` (the mapping the project's claims issue fixes; note that PLOVER
//!   draft 0.7b1 itself names this category `DEMAND` and codes no requests — a consumer
//!   expecting the manual's names can map `REQUEST` to `DEMAND`); reject → `REJECT`; accept and agree →
//!   `AGREE`; propose → `AGREE`, because PLOVER has no PROPOSE and its AGREE covers
//!   "agree to, offer, promise, or otherwise indicate willingness to cooperate"; meet →
//!   `CONSULT` ("all consultations and meetings"; every participant is a source actor);
//!   accuse → `ACCUSE` (draft 0.7 merged DISAPPROVE and INVESTIGATE into it); threaten
//!   → `THREATEN`. No `mode` is derived. Negation is not put in `context` (PLOVER says
//!   negated events may be dropped) because the claims stage already turned a negated
//!   act into its result; the `negated` field says the cue was negated. Claims of
//!   duplicate documents (`counted: false`) give no event: event data are counted.
//! - **Markdown escaping**: article text is untrusted. [`escape_markdown`] collapses
//!   line breaks (a quote cannot leave its table cell or footnote), drops control
//!   characters, turns `& < >` into entities (no raw HTML) and backslash-escapes every
//!   character that opens inline Markdown syntax.
//! - **Terminal text** is sanitised too: control characters (escape sequences in a
//!   hostile page) are dropped before anything is printed. Colour is the caller's choice.
//! - **Thresholds**: a Markdown matrix has at most [`MAX_MATRIX_TOPICS`] = 6 topic
//!   columns (wider tables wrap badly in every viewer; a long table is used instead); a
//!   statement cites at most [`MAX_CITES`] = 3 sources (strongest first; more clutters
//!   more than it helps checking); a terminal matrix is at most [`MAX_MATRIX_WIDTH`] =
//!   100 columns (fits a common terminal and a pager).
//! - **Evaluation** ([`eval::score`]) is a line-by-line port of `shared/eval/score.py`:
//!   same measure names, the same `norm`, the same matching rules (including Python's
//!   slice clamping for offsets and its `str`/`repr` in the text report), so the
//!   `eval` command prints what the script prints on the same export.
//! - Deterministic: every view sorts (parties, topics, stories in natural order) or
//!   keeps the store's ingest order; nothing iterates a hash map.

mod csv;
pub mod eval;
#[cfg(test)]
mod fixtures;
mod json;
mod markdown;
pub mod plover;
mod terminal;

pub use csv::{ClaimsCsv, CsvExport};
pub use json::{
    ExportClaim, ExportDocument, ExportEntity, ExportRole, JsonExport, LedgerArrays, EXPORT_FORMAT,
};
pub use markdown::{
    escape_markdown, render_brief, story_rank, BriefInput, Evidence, MAX_CITES, MAX_MATRIX_TOPICS,
};
pub use plover::write_plover;
pub use terminal::{render_claims, render_positions, sanitize, MAX_MATRIX_WIDTH};

/// Failures of an export writer.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("cannot write the export: {0}")]
    Io(#[from] std::io::Error),
    #[error("cannot serialise the export: {0}")]
    Json(#[from] serde_json::Error),
}
