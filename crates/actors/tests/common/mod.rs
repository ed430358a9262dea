//! Shared helpers for the integration tests.
#![allow(dead_code)]

use std::fmt::Write;

use stancemap_actors::{tag_document, ActorConfig, DocActors};
use stancemap_segment::Segmenter;

pub const SMALL_GAZETTEER: &str = include_str!("../fixtures/gazetteer_small.toml");

/// Default patterns plus the small test gazetteer (independent of the default data).
pub fn config() -> ActorConfig {
    let mut cfg = ActorConfig::patterns_only().expect("patterns load");
    cfg.add_gazetteer_toml(SMALL_GAZETTEER)
        .expect("test gazetteer loads");
    cfg
}

pub fn tag(cfg: &ActorConfig, text: &str) -> DocActors {
    let sentences = Segmenter::default().split(text);
    tag_document(cfg, text, &sentences)
}

/// A compact, reviewable rendering of what was found.
pub fn render(doc: &DocActors) -> String {
    let mut out = String::new();
    for (i, e) in doc.entities.iter().enumerate() {
        let _ = writeln!(
            out,
            "E{i} {} [{:?} {}{}] = {}",
            e.name,
            e.kind,
            e.party.as_deref().unwrap_or("-"),
            e.gazetteer_id
                .as_deref()
                .map(|g| format!(" gaz:{g}"))
                .unwrap_or_default(),
            e.surfaces.join(" | ")
        );
    }
    for r in &doc.roles {
        let _ = writeln!(
            out,
            "ROLE E{} {:?} ({})",
            r.entity,
            r.role,
            r.party.as_deref().unwrap_or("-")
        );
    }
    for m in &doc.mentions {
        let _ = writeln!(
            out,
            "M {}..{} {:?} -> E{} {:?} {:.2}",
            m.span.start, m.span.end, m.surface, m.entity, m.source, m.confidence
        );
    }
    out
}

/// The entity with this surface, if exactly one has it.
pub fn entity_with_surface<'d>(
    doc: &'d DocActors,
    surface: &str,
) -> Vec<&'d stancemap_actors::LocalEntity> {
    doc.entities
        .iter()
        .filter(|e| e.surfaces.iter().any(|s| s == surface))
        .collect()
}

/// The party of the one entity with this surface (panics with the rendering when not
/// exactly one has it).
pub fn party_of(doc: &DocActors, surface: &str) -> Option<String> {
    let found = entity_with_surface(doc, surface);
    assert_eq!(
        found.len(),
        1,
        "one entity has {surface:?}:\n{}",
        render(doc)
    );
    found[0].party.clone()
}

/// The roles found for the entity with this surface.
pub fn roles_of(doc: &DocActors, surface: &str) -> Vec<String> {
    let idx = doc
        .entities
        .iter()
        .position(|e| e.surfaces.iter().any(|s| s == surface));
    doc.roles
        .iter()
        .filter(|r| Some(r.entity) == idx)
        .map(|r| r.role.clone())
        .collect()
}
