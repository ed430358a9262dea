//! The ledger at the IO edge: read everything it is computed from out of the store,
//! then run the pure `stancemap_ledger` build (story by story: the same ledger as
//! `stancemap_ledger::build`, faster on a corpus of many stories).

use std::collections::BTreeSet;

use stancemap_ledger::{Ledger, LedgerConfig, LedgerInput, RoleReport};
use stancemap_report::ExportEntity;
use stancemap_store::{ClaimFilter, RoleFact, Store};

use super::entities;
use crate::error::ServerError;

/// Documents, claims, meeting reports, facts, role reports and entity names, in the
/// store's ingest order.
pub fn load_input(store: &Store) -> Result<LedgerInput, ServerError> {
    let role_facts = store.role_facts()?;
    let entities = entities::load_with_roles(store, None, &role_facts)?;
    Ok(LedgerInput {
        documents: store.doc_metas()?,
        claims: store.claims(&ClaimFilter::default())?,
        meetings: store.meetings()?,
        facts: store.facts()?,
        roles: role_reports(role_facts),
        entity_names: entity_names(&entities),
    })
}

/// The input and the ledger built from it with the default configuration (callers
/// usually need both: the ledger cites claims and documents by id).
pub fn load(store: &Store) -> Result<(LedgerInput, Ledger), ServerError> {
    let input = load_input(store)?;
    let ledger = stancemap_ledger::build_by_story(&LedgerConfig::default(), &input);
    Ok((input, ledger))
}

/// What the server's view reads: the ledger input and the entities, every table read
/// once (the entities and the ledger share the role facts). The documents are read
/// first; records of a document not among them were committed after that read (the
/// reads are separate snapshots) and are left for the next view, so a view holds one
/// state of the store and the documents it adds to the last view bring all their
/// records (what the incremental rebuild relies on).
pub fn load_view_input(store: &Store) -> Result<(LedgerInput, Vec<ExportEntity>), ServerError> {
    let documents = store.doc_metas()?;
    let known: BTreeSet<&str> = documents.iter().map(|d| d.id.as_str()).collect();
    let mut claims = store.claims(&ClaimFilter::default())?;
    claims.retain(|c| known.contains(c.doc.as_str()));
    let mut meetings = store.meetings()?;
    meetings.retain(|m| known.contains(m.doc.as_str()));
    let mut facts = store.facts()?;
    facts.retain(|f| known.contains(f.doc.as_str()));
    let mut role_facts = store.role_facts()?;
    role_facts.retain(|r| known.contains(r.doc.as_str()));
    let entities = entities::load_with_roles(store, None, &role_facts)?;
    drop(known);
    let input = LedgerInput {
        documents,
        claims,
        meetings,
        facts,
        roles: role_reports(role_facts),
        entity_names: entity_names(&entities),
    };
    Ok((input, entities))
}

fn role_reports(facts: Vec<RoleFact>) -> Vec<RoleReport> {
    facts
        .into_iter()
        .map(|f| RoleReport {
            entity: f.entity,
            role: f.role,
            doc: f.doc,
        })
        .collect()
}

fn entity_names(entities: &[ExportEntity]) -> std::collections::BTreeMap<String, String> {
    entities
        .iter()
        .map(|e| (e.id.clone(), e.name.clone()))
        .collect()
}
