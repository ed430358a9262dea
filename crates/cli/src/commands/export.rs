//! `stancemap export`: the store as `stancemap-export/1` JSON or as CSV.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use stancemap_report::{CsvExport, JsonExport};
use stancemap_store::{Store, StoreError};

use super::{open_store, Global};
use crate::entities;
use crate::exit::Finished;

#[derive(clap::ValueEnum, Clone, Copy)]
pub enum Format {
    /// The whole ledger, `stancemap-export/1` (see shared/spec/EXPORT.md).
    Json,
    /// One row per document.
    Csv,
}

/// Write the store as JSON (`stancemap-export/1`) or CSV.
#[derive(clap::Args)]
#[command(after_help = "Examples:
  stancemap export --format json -o ledger.json
  stancemap --db talks.db export --format csv > documents.csv")]
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
        Some(path) => write_to_file(&store, args.format, path)?,
    }
    Ok(Finished::Ok)
}

fn write_to_file(store: &Store, format: Format, path: &Path) -> anyhow::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let tmp = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("cannot create a file in {}", dir.display()))?;
    write_export(store, format, BufWriter::new(tmp.as_file()))?;
    tmp.persist(path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

fn write_export<W: Write>(store: &Store, format: Format, out: W) -> anyhow::Result<()> {
    match format {
        Format::Json => {
            let entities = entities::load(store, None)?;
            let mut w = JsonExport::begin(out)?;
            store
                .for_each_document(|d| w.document(&d).map_err(StoreError::callback))
                .map_err(writer_failure)?;
            w.finish(&entities)?;
        }
        Format::Csv => {
            let mut w = CsvExport::begin(out)?;
            store
                .for_each_document(|d| w.document(&d).map_err(StoreError::callback))
                .map_err(writer_failure)?;
            w.finish()?;
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
