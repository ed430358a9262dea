//! Golden tests: one snapshot per fixture article (all written for these tests), plus
//! the registry over all of them.

mod common;

use common::{config, render, tag};
use stancemap_actors::EntityRegistry;

const FIXTURES: &[(&str, &str)] = &[
    ("iran_nuclear", include_str!("fixtures/iran_nuclear.txt")),
    (
        "sudan_ceasefire",
        include_str!("fixtures/sudan_ceasefire.txt"),
    ),
    ("gaza_hostages", include_str!("fixtures/gaza_hostages.txt")),
    ("eu_tariffs", include_str!("fixtures/eu_tariffs.txt")),
    ("port_strike", include_str!("fixtures/port_strike.txt")),
];

#[test]
fn fixtures_golden() {
    let cfg = config();
    for (name, text) in FIXTURES {
        let doc = tag(&cfg, text);
        for m in &doc.mentions {
            assert_eq!(
                m.span.slice(text),
                m.surface,
                "{name}: span and surface agree"
            );
        }
        insta::assert_snapshot!(*name, render(&doc));
    }
}

#[test]
fn registry_over_fixtures_golden() {
    let cfg = config();
    let mut reg = EntityRegistry::default();
    for (i, (_, text)) in FIXTURES.iter().enumerate() {
        let doc = tag(&cfg, text);
        let ids = reg.resolve(Some(&format!("s-{i}")), &doc);
        assert_eq!(ids.len(), doc.entities.len());
    }
    let rendered: Vec<String> = reg
        .entities()
        .iter()
        .map(|e| {
            format!(
                "{} {} [{:?} {}] = {}",
                e.id,
                e.name,
                e.kind,
                e.party.as_deref().unwrap_or("-"),
                e.aliases.join(" | ")
            )
        })
        .collect();
    insta::assert_snapshot!("registry", rendered.join("\n"));
}
