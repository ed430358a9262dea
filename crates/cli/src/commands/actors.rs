//! `stancemap actors`: the people, states and organisations found, with their sides.

use super::{open_store, Global};
use crate::entities;
use crate::exit::Finished;

/// List the actors found (people, states, organisations, groups) with their side,
/// mention counts, spellings and reported roles.
#[derive(clap::Args)]
#[command(after_help = "Examples:
  stancemap actors
  stancemap actors --party IRN
  stancemap actors --story s-2 --kind person")]
pub struct Args {
    /// Only actors speaking for this party (ISO-3 or organisation code, e.g. UKR, EU).
    #[arg(long)]
    party: Option<String>,
    /// Only actors mentioned in this story (e.g. s-1).
    #[arg(long)]
    story: Option<String>,
    /// Only this kind: person, state, organisation, group, place.
    #[arg(long)]
    kind: Option<String>,
}

pub fn run(global: &Global, args: Args) -> anyhow::Result<Finished> {
    let store = open_store(&global.db)?;
    let mut list = entities::load(&store, args.story.as_deref())?;
    list.retain(|e| {
        let party_ok = args.party.as_deref().is_none_or(|p| {
            e.party
                .as_deref()
                .is_some_and(|q| q.eq_ignore_ascii_case(p))
        });
        party_ok && args.kind.as_deref().is_none_or(|k| e.kind == k)
    });
    list.sort_by(|a, b| b.mentions.cmp(&a.mentions).then(a.id.cmp(&b.id)));
    for e in &list {
        let party = e.party.as_deref().unwrap_or("-");
        println!(
            "{:<28} {:<12} {:<8} {:>5}  {}",
            e.name, e.kind, party, e.mentions, e.id
        );
        let others: Vec<&str> = e
            .aliases
            .iter()
            .map(String::as_str)
            .filter(|a| *a != e.name)
            .collect();
        if !others.is_empty() {
            println!("{:30}also: {}", "", others.join(", "));
        }
        for role in &e.roles {
            println!("{:30}role: {} ({} doc(s))", "", role.role, role.docs.len());
        }
    }
    if !global.quiet {
        eprintln!("{} actor(s)", list.len());
    }
    Ok(Finished::Ok)
}
