//! The ledger: stored claims, meeting reports and facts of a corpus aggregated into what
//! an analyst keeps by hand: the position matrix (story × party × topic → stance), the
//! agreements, the meetings and rounds, and the contradictions between sources.
//!
//! Pure: [`build`] takes a [`LedgerInput`] (read from the store at the edge) and returns a
//! [`Ledger`]; no IO. Output order is deterministic (sorted, never hash-map order).

use serde::Serialize;
use stancemap_model::{ClaimRecord, DocMeta, FactRecord, MeetingRecord, Stance};

/// A role as one document reports it (the actors stage's role facts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleReport {
    pub entity: String,
    pub role: String,
    pub doc: String,
}

/// Everything the ledger is computed from.
#[derive(Debug, Clone, Default)]
pub struct LedgerInput {
    /// Every stored document, in ingest order.
    pub documents: Vec<DocMeta>,
    /// Every stored claim, in ingest order (document, then position).
    pub claims: Vec<ClaimRecord>,
    pub meetings: Vec<MeetingRecord>,
    pub facts: Vec<FactRecord>,
    pub roles: Vec<RoleReport>,
    /// Display names of entities by id (for summaries and contradiction subjects).
    pub entity_names: std::collections::BTreeMap<String, String>,
}

/// `positions[]` of the export.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Position {
    pub story: Option<String>,
    pub party: String,
    pub topic: String,
    pub stance: Stance,
    pub summary: String,
    pub conditions: Vec<String>,
    /// Evidence claim ids, strongest first.
    pub claims: Vec<String>,
    /// Distinct counted documents (duplicates and repeats add nothing).
    pub sources: usize,
    pub confidence: f32,
    /// Stance over time when dates are known, oldest first.
    pub history: Vec<StanceAt>,
}

/// A stance a party held at a date, with the claim that shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StanceAt {
    pub date: String,
    pub stance: Stance,
    pub claim: String,
}

/// `agreements[]` of the export.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Agreement {
    pub story: Option<String>,
    pub parties: Vec<String>,
    pub topic: Option<String>,
    pub summary: String,
    pub claims: Vec<String>,
    pub sources: usize,
}

/// `meetings[]` of the export: one meeting or round, merged over the reports of it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Meeting {
    pub story: Option<String>,
    pub place: Option<String>,
    pub venue: Option<String>,
    pub date: Option<String>,
    pub when: Option<String>,
    pub parties: Vec<String>,
    pub duration: Option<String>,
    pub outcome: Option<String>,
    pub claims: Vec<String>,
    pub sources: usize,
}

/// `contradictions[]` of the export.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Contradiction {
    pub story: Option<String>,
    /// An entity id, a topic id, or a meeting reference.
    pub subject: String,
    /// A display name for the subject.
    pub subject_name: String,
    pub attribute: String,
    pub values: Vec<ContradictionValue>,
}

/// One side of a contradiction: a value and the documents that state it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ContradictionValue {
    pub value: String,
    pub docs: Vec<String>,
}

/// The aggregated ledger.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Ledger {
    pub positions: Vec<Position>,
    pub agreements: Vec<Agreement>,
    pub meetings: Vec<Meeting>,
    pub contradictions: Vec<Contradiction>,
}

/// Aggregate the input into the ledger.
pub fn build(_input: &LedgerInput) -> Ledger {
    Ledger::default()
}
