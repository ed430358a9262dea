//! The ledger at the IO edge: read everything it is computed from out of the store,
//! then run the pure `stancemap_ledger::build`.

use stancemap_ledger::{Ledger, LedgerConfig, LedgerInput, RoleReport};
use stancemap_store::{ClaimFilter, Store};

use super::entities;
use crate::error::ServerError;

/// Documents, claims, meeting reports, facts, role reports and entity names, in the
/// store's ingest order.
pub fn load_input(store: &Store) -> Result<LedgerInput, ServerError> {
    let roles = store
        .role_facts()?
        .into_iter()
        .map(|f| RoleReport {
            entity: f.entity,
            role: f.role,
            doc: f.doc,
        })
        .collect();
    let entity_names = entities::load(store, None)?
        .into_iter()
        .map(|e| (e.id, e.name))
        .collect();
    Ok(LedgerInput {
        documents: store.doc_metas()?,
        claims: store.claims(&ClaimFilter::default())?,
        meetings: store.meetings()?,
        facts: store.facts()?,
        roles,
        entity_names,
    })
}

/// The input and the ledger built from it with the default configuration (callers
/// usually need both: the ledger cites claims and documents by id).
pub fn load(store: &Store) -> Result<(LedgerInput, Ledger), ServerError> {
    let input = load_input(store)?;
    let ledger = stancemap_ledger::build(&LedgerConfig::default(), &input);
    Ok((input, ledger))
}
