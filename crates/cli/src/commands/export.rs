//! `stancemap export`: the store as `stancemap-export/1` JSON, CSV of documents or of
//! claims, or PLOVER event lines.

use std::collections::BTreeMap;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use stancemap_report::{write_plover, ClaimsCsv, CsvExport, JsonExport, LedgerArrays};
use stancemap_store::{Store, StoreError};

use super::{open_store, Global};
use crate::exit::Finished;
use crate::{entities, ledger};

#[derive(clap::ValueEnum, Clone, Copy)]
pub enum Format {
    /// The whole ledger, `stancemap-export/1` (see shared/spec/EXPORT.md).
    Json,
    /// One row per document.
    Csv,
    /// One row per claim, with its verbatim sentence and document source.
    ClaimsCsv,
    /// PLOVER-style event records, one JSON line per claim of a non-duplicate document.
    Plover,
}

/// Write the store as JSON (`stancemap-export/1`), CSV, or PLOVER event lines.
#[derive(clap::Args)]
#[command(after_help = "Examples:
  stancemap export --format json -o ledger.json
  stancemap --db talks.db export --format csv > documents.csv
  stancemap export --format claims-csv -o claims.csv
  stancemap export --format plover > events.jsonl")]
pub struct Args {
    #[arg(long, value_enum, default_value = "json")]
    format: Format,
    /// Write here instead of stdout (written to a temporary file, then renamed).
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub fn run(global: &Global, args: Args) -> anyhow::Result<Finished> {
    let store = open_store(&global.db)?;
    match &args.output {
        None => {
            let stdout = std::io::stdout();
            write_export(&store, args.format, BufWriter::new(stdout.lock()))?;
        }
        Some(path) => write_atomically(path, |out| write_export(&store, args.format, out))?,
    }
    Ok(Finished::Ok)
}

/// Write a file through a temporary file in the same directory, renamed at the end, so
/// a failed run never leaves a half-written file behind.
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(BufWriter<&std::fs::File>) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let tmp = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("cannot create a file in {}", dir.display()))?;
    write(BufWriter::new(tmp.as_file()))?;
    tmp.persist(path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

/// Write the export in `format` to `out` (also used by `eval`, which scores the JSON
/// export built in memory).
pub fn write_export<W: Write>(store: &Store, format: Format, out: W) -> anyhow::Result<()> {
    match format {
        Format::Json => {
            let entities = entities::load(store, None)?;
            let (input, ledger) = ledger::load(store)?;
            let mut w = JsonExport::begin(out)?;
            store
                .for_each_document(|d| w.document(&d).map_err(StoreError::callback))
                .map_err(writer_failure)?;
            let arrays = LedgerArrays {
                claims: &input.claims,
                ledger: &ledger,
            };
            w.finish(&entities, arrays)?;
        }
        Format::Csv => {
            let mut w = CsvExport::begin(out)?;
            store
                .for_each_document(|d| w.document(&d).map_err(StoreError::callback))
                .map_err(writer_failure)?;
            w.finish()?;
        }
        Format::ClaimsCsv => {
            let input = ledger::load_input(store)?;
            let sources: BTreeMap<&str, &str> = input
                .documents
                .iter()
                .map(|d| (d.id.as_str(), d.source.as_str()))
                .collect();
            let mut w = ClaimsCsv::begin(out)?;
            for c in &input.claims {
                w.claim(c, sources.get(c.doc.as_str()).copied().unwrap_or(""))?;
            }
            w.finish()?;
        }
        Format::Plover => {
            let input = ledger::load_input(store)?;
            write_plover(out, &input.claims, &input.documents)?;
        }
    }
    Ok(())
}

/// A writer failure travels through the store's callback as `StoreError::Callback`; take it
/// out again so it is reported (and exits) as an output failure, not a store failure.
fn writer_failure(e: StoreError) -> anyhow::Error {
    match e {
        StoreError::Callback(inner) => anyhow::anyhow!(inner),
        other => other.into(),
    }
}
