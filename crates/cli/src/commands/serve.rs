//! `stancemap serve`: the HTTP API and the dashboard over the store.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use stancemap_ingest::ReadOptions;
use stancemap_server::{ServerConfig, DEFAULT_ADDR};

use super::{build_config, open_store, read_options, Global, RuleFiles};
use crate::exit::{Finished, UsageError};

/// Serve the JSON API (/api/…, described at /api/openapi.json) and the dashboard (/).
///
/// Listens on the loopback only unless --addr names another address. Reads need no
/// token. Writes (POST /api/documents) need `Authorization: Bearer <token>` with the
/// token from --token-file or STANCEMAP_TOKEN; without one, writes are refused.
/// Stops cleanly on Ctrl-C or SIGTERM.
#[derive(clap::Args)]
#[command(after_help = "Examples:
  stancemap serve                                  # http://127.0.0.1:8080/
  STANCEMAP_TOKEN=$(cat ~/.stancemap-token) stancemap --db talks.db serve
  stancemap serve --addr 127.0.0.1:9000 --token-file token.txt
  curl -s localhost:8080/api/positions?party=UKR
  curl -s -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: text/html' \\
       --data-binary @page.html localhost:8080/api/documents")]
pub struct Args {
    /// Address to listen on. Only the loopback by default; give another address only on
    /// a network you trust (there is no TLS).
    #[arg(long, default_value = DEFAULT_ADDR)]
    addr: SocketAddr,
    /// File holding the write token (first line). Overrides STANCEMAP_TOKEN.
    #[arg(long, value_name = "FILE")]
    token_file: Option<PathBuf>,
    /// Skip posted articles larger than this many bytes (requests are capped at 8 MiB).
    #[arg(long, default_value_t = ReadOptions::default().max_bytes)]
    max_bytes: u64,
    #[command(flatten)]
    rules: RuleFiles,
}

pub fn run(global: &Global, args: Args) -> anyhow::Result<Finished> {
    let token = write_token(args.token_file.as_deref())?;
    let pipeline = build_config(&args.rules)?;
    let read = read_options(&args.rules, args.max_bytes)?;
    // Open (and migrate) once up front: a bad store fails now, with the store exit code.
    drop(open_store(&global.db)?);
    if !args.addr.ip().is_loopback() {
        eprintln!(
            "stancemap serve: warning: listening on {} (not the loopback): anyone who can \
             reach it can read the store",
            args.addr
        );
    }
    if token.is_none() && !global.quiet {
        eprintln!(
            "stancemap serve: no write token (STANCEMAP_TOKEN or --token-file): writes are refused"
        );
    }
    stancemap_server::run(ServerConfig {
        db: global.db.clone(),
        addr: args.addr,
        token,
        pipeline,
        read,
    })?;
    Ok(Finished::Ok)
}

/// The token from the file (first line), else from STANCEMAP_TOKEN; blank means none.
fn write_token(file: Option<&Path>) -> anyhow::Result<Option<String>> {
    let raw = match file {
        Some(path) => std::fs::read_to_string(path).map_err(|e| {
            UsageError(format!(
                "cannot read the token file {}: {e}",
                path.display()
            ))
        })?,
        None => std::env::var("STANCEMAP_TOKEN").unwrap_or_default(),
    };
    let token = raw.lines().next().unwrap_or("").trim().to_string();
    if token.is_empty() && file.is_some() {
        return Err(UsageError("the token file is empty".into()).into());
    }
    Ok((!token.is_empty()).then_some(token))
}
