//! `stancemap claims`: the claims with their verbatim sentences.

use stancemap_report::render_claims;
use stancemap_store::ClaimFilter;

use super::positions::use_color;
use super::{open_store, Global};
use crate::exit::Finished;

/// List claims with their verbatim source sentences.
///
/// Who demanded, proposed, accepted, rejected, accused, threatened, agreed or met, each
/// with the sentence it comes from quoted verbatim, the topic, target, conditions,
/// attribution, confidence and source document, in ingest order.
#[derive(clap::Args)]
#[command(after_help = "Examples:
  stancemap claims --party RUS --topic ceasefire
  stancemap claims --story s-1 --limit 20
  stancemap claims --doc d-3f2a0c1b9e8d7f60")]
pub struct Args {
    #[command(flatten)]
    filter: super::positions::LedgerFilter,
    /// Only claims of this document (its id, `d-…`).
    #[arg(long)]
    doc: Option<String>,
    /// Show at most this many claims (in ingest order).
    #[arg(long, value_name = "N")]
    limit: Option<usize>,
    /// No colours, even on a terminal (NO_COLOR in the environment does the same).
    #[arg(long)]
    no_color: bool,
}

pub fn run(global: &Global, args: Args) -> anyhow::Result<Finished> {
    let store = open_store(&global.db)?;
    let filter = ClaimFilter {
        // Party codes are upper case (UKR, HAMAS): accept them typed in any case.
        party: args.filter.party.map(|p| p.to_uppercase()),
        topic: args.filter.topic,
        story: args.filter.story,
        doc: args.doc,
    };
    let claims = store.claims(&filter)?;
    let shown = &claims[..args.limit.unwrap_or(claims.len()).min(claims.len())];
    let docs = store.doc_metas()?;
    print!("{}", render_claims(shown, &docs, use_color(args.no_color)));
    if !global.quiet {
        if shown.len() < claims.len() {
            eprintln!("{} of {} claim(s)", shown.len(), claims.len());
        } else {
            eprintln!("{} claim(s)", claims.len());
        }
    }
    Ok(Finished::Ok)
}
