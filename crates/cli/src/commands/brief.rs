//! `stancemap brief`: a Markdown briefing of the ledger, every statement footnoted to
//! its source sentence.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;

use stancemap_ledger::{Contradiction, LedgerInput};
use stancemap_model::Document;
use stancemap_report::{render_brief, BriefInput, Evidence};
use stancemap_store::Store;

use super::export::write_atomically;
use super::{open_store, Global};
use crate::exit::Finished;
use crate::ledger;

/// Write a Markdown briefing with every statement footnoted to its source.
///
/// Per story: the position matrix, what is agreed, where the sides are furthest apart,
/// the rounds and meetings, and the contradictions between sources; every statement is
/// footnoted to its source sentence, quoted verbatim with outlet, source and date.
#[derive(clap::Args)]
#[command(after_help = "Examples:
  stancemap brief -o briefing.md
  stancemap brief --story s-2 | pandoc -o s2.html")]
pub struct Args {
    /// Only this story (e.g. s-1).
    #[arg(long)]
    story: Option<String>,
    /// Write here instead of stdout (written to a temporary file, then renamed).
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub fn run(global: &Global, args: Args) -> anyhow::Result<Finished> {
    let store = open_store(&global.db)?;
    let (input, ledger) = ledger::load(&store)?;
    let evidence = evidence(&input);
    let fact_sentences = fact_sentences(&store, &input, &ledger.contradictions)?;
    let markdown = render_brief(&BriefInput {
        ledger: &ledger,
        documents: &input.documents,
        evidence: &evidence,
        fact_sentences: &fact_sentences,
        story: args.story.as_deref(),
    });
    match &args.output {
        None => std::io::stdout().lock().write_all(markdown.as_bytes())?,
        Some(path) => write_atomically(path, |mut out| {
            out.write_all(markdown.as_bytes())?;
            out.flush()?;
            Ok(())
        })?,
    }
    Ok(Finished::Ok)
}

/// The sentence of every claim and meeting report, by id (a meeting's id is the id of
/// its `meet` claim when there is one: the claim's entry is kept).
fn evidence(input: &LedgerInput) -> BTreeMap<String, Evidence> {
    let mut map = BTreeMap::new();
    for c in &input.claims {
        map.entry(c.id.clone()).or_insert_with(|| Evidence {
            doc: c.doc.clone(),
            sentence: c.sentence.clone(),
        });
    }
    for m in &input.meetings {
        map.entry(m.id.clone()).or_insert_with(|| Evidence {
            doc: m.doc.clone(),
            sentence: m.sentence.clone(),
        });
    }
    map
}

/// For every document stating a contradiction value, the sentence holding the fact:
/// `(subject, attribute, doc)` → sentence. Documents are read once each.
fn fact_sentences(
    store: &Store,
    input: &LedgerInput,
    contradictions: &[Contradiction],
) -> anyhow::Result<BTreeMap<(String, String, String), String>> {
    let mut docs: BTreeMap<String, Option<Document>> = BTreeMap::new();
    let mut out = BTreeMap::new();
    for c in contradictions {
        for doc in c.values.iter().flat_map(|v| &v.docs) {
            let key = (c.subject.clone(), c.attribute.clone(), doc.clone());
            let Some(fact) = input
                .facts
                .iter()
                .find(|f| f.doc == *doc && f.subject == c.subject && f.attribute == c.attribute)
            else {
                continue;
            };
            if !docs.contains_key(doc) {
                docs.insert(doc.clone(), store.document(doc)?);
            }
            if let Some(Some(d)) = docs.get(doc) {
                if let Some(s) = sentence_at(d, fact.start, fact.end) {
                    out.insert(key, s);
                }
            }
        }
    }
    Ok(out)
}

/// The sentence containing byte `start`, else the `start..end` slice itself.
fn sentence_at(doc: &Document, start: usize, end: usize) -> Option<String> {
    doc.sentences
        .iter()
        .find(|s| s.span.start <= start && start < s.span.end)
        .and_then(|s| doc.text.get(s.span.start..s.span.end))
        .or_else(|| doc.text.get(start..end))
        .map(str::to_string)
}
