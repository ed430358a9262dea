//! `stancemap positions`: the position matrix (story × party × topic → stance) in the
//! terminal.

use std::io::IsTerminal;

use stancemap_report::render_positions;

use super::{open_store, Global};
use crate::exit::Finished;
use crate::ledger;

/// Show the position matrix: who wants what, per story.
///
/// Per story a matrix with parties as rows and topics as columns, each cell the stance
/// (demand, propose, accept, reject) and the number of distinct source documents (`*`:
/// with conditions); a long table when the matrix is too wide. Coloured per stance on a
/// terminal.
#[derive(clap::Args)]
#[command(after_help = "Examples:
  stancemap positions
  stancemap positions --story s-2
  stancemap positions --party IRN --topic sanctions
  stancemap positions --no-color | less")]
pub struct Args {
    #[command(flatten)]
    filter: LedgerFilter,
    /// No colours, even on a terminal (NO_COLOR in the environment does the same).
    #[arg(long)]
    no_color: bool,
}

/// Colour only on a terminal, never with `--no-color` or a non-empty NO_COLOR.
/// The filters `positions` and `claims` share.
#[derive(clap::Args)]
pub struct LedgerFilter {
    /// Only this party (ISO-3 or organisation code, e.g. UKR, EU; case-insensitive).
    #[arg(long)]
    pub party: Option<String>,
    /// Only this topic id (e.g. ceasefire, prisoner_exchange).
    #[arg(long)]
    pub topic: Option<String>,
    /// Only this story (e.g. s-1).
    #[arg(long)]
    pub story: Option<String>,
}

pub fn use_color(no_color: bool) -> bool {
    let env_off = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    !no_color && !env_off && std::io::stdout().is_terminal()
}

pub fn run(global: &Global, args: Args) -> anyhow::Result<Finished> {
    let store = open_store(&global.db)?;
    let (_, ledger) = ledger::load(&store)?;
    let mut positions = ledger.positions;
    positions.retain(|p| {
        let f = &args.filter;
        f.party
            .as_deref()
            .is_none_or(|x| p.party.eq_ignore_ascii_case(x))
            && f.topic.as_deref().is_none_or(|t| p.topic == t)
            && f.story
                .as_deref()
                .is_none_or(|s| p.story.as_deref() == Some(s))
    });
    print!("{}", render_positions(&positions, use_color(args.no_color)));
    if !global.quiet {
        eprintln!("{} position(s)", positions.len());
    }
    Ok(Finished::Ok)
}
