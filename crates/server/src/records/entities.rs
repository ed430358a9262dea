//! Corpus-wide entities for the views: the entity registry's state joined with the
//! stored role facts and mention counts.

use std::collections::BTreeMap;

use stancemap_actors::EntityRegistry;
use stancemap_pipeline::ENTITY_STATE_KEY;
use stancemap_report::{ExportEntity, ExportRole};
use stancemap_store::{RoleFact, Store};

use crate::error::ServerError;

/// Every entity the registry knows, ordered by id, with roles and mention counts.
/// `story` restricts the mention counts (and the list) to one story.
pub fn load(store: &Store, story: Option<&str>) -> Result<Vec<ExportEntity>, ServerError> {
    load_with_roles(store, story, &store.role_facts()?)
}

/// [`load`] with the role facts already read (the ledger input reads them too).
pub fn load_with_roles(
    store: &Store,
    story: Option<&str>,
    role_facts: &[RoleFact],
) -> Result<Vec<ExportEntity>, ServerError> {
    let Some(json) = store.state(ENTITY_STATE_KEY)? else {
        return Ok(Vec::new());
    };
    let registry: EntityRegistry = serde_json::from_str(&json).map_err(ServerError::Registry)?;
    let mut roles = roles_by_entity(role_facts);
    let counts: BTreeMap<String, u64> = store
        .mention_counts(story)?
        .into_iter()
        .map(|c| (c.entity, c.mentions))
        .collect();
    let mut out = Vec::new();
    for e in registry.entities() {
        let mentions = counts.get(&e.id).copied().unwrap_or(0);
        if story.is_some() && mentions == 0 {
            continue;
        }
        out.push(ExportEntity {
            kind: serde_json::to_value(e.kind)
                .map_err(ServerError::Registry)?
                .as_str()
                .unwrap_or("unknown")
                .to_string(),
            roles: roles.remove(&e.id).unwrap_or_default(),
            id: e.id,
            name: e.name,
            party: e.party,
            aliases: e.aliases,
            mentions,
        });
    }
    Ok(out)
}

/// Role facts grouped per entity, then per role as written, documents in ingest order.
fn roles_by_entity(role_facts: &[RoleFact]) -> BTreeMap<String, Vec<ExportRole>> {
    let mut grouped: BTreeMap<String, Vec<ExportRole>> = BTreeMap::new();
    for fact in role_facts {
        let roles = grouped.entry(fact.entity.clone()).or_default();
        match roles.last_mut() {
            Some(last) if last.role == fact.role => last.docs.push(fact.doc.clone()),
            _ => roles.push(ExportRole {
                role: fact.role.clone(),
                docs: vec![fact.doc.clone()],
            }),
        }
    }
    grouped
}
