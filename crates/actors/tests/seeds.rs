//! The five real seed articles in /work/shared (read, never copied): every gold surface
//! must be an alias of ONE resolved entity with the right party. Skipped with a note
//! when /work/shared is absent.

use std::collections::BTreeMap;
use std::path::Path;

use stancemap_actors::{tag_document, ActorConfig, EntityRegistry, GlobalEntity};
use stancemap_clean::{clean, CleanConfig};
use stancemap_model::RawArticle;
use stancemap_segment::Segmenter;

/// `../shared` beside the repository (CI and developers put it there).
const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared");

fn norm(s: &str) -> String {
    stancemap_model::text::match_key(s)
}

/// The scorer's two entity measures (see /work/shared/eval/score.py).
fn score(gold: &serde_json::Value, ents: &[GlobalEntity]) -> (f64, f64, Vec<String>) {
    let mut index: BTreeMap<String, Vec<&GlobalEntity>> = BTreeMap::new();
    for e in ents {
        for s in std::iter::once(&e.name).chain(&e.aliases) {
            index.entry(norm(s)).or_default().push(e);
        }
    }
    let (mut hit, mut total, mut merged) = (0, 0, 0);
    let mut misses = Vec::new();
    let gents = gold["entities"].as_array().cloned().unwrap_or_default();
    for ge in &gents {
        let party = ge["party"].as_str().unwrap_or_default();
        let mut owners = std::collections::BTreeSet::new();
        for s in ge["surfaces"].as_array().into_iter().flatten() {
            let s = s.as_str().unwrap_or_default();
            total += 1;
            let cands: Vec<&&GlobalEntity> = index
                .get(&norm(s))
                .into_iter()
                .flatten()
                .filter(|e| e.party.as_deref() == Some(party))
                .collect();
            match cands.first() {
                Some(e) => {
                    hit += 1;
                    owners.insert(e.id.clone());
                }
                None => misses.push(format!("{s} ({party})")),
            }
        }
        if owners.len() == 1 {
            merged += 1;
        } else {
            misses.push(format!("{} split over {owners:?}", ge["name"]));
        }
    }
    (
        hit as f64 / total.max(1) as f64,
        merged as f64 / gents.len().max(1) as f64,
        misses,
    )
}

/// Run the seeds through `cfg` and score the registry's entities.
fn run_seeds(cfg: &ActorConfig) -> Option<(f64, f64, Vec<String>)> {
    let seeds = Path::new(SHARED).join("seeds");
    let gold_path = Path::new(SHARED).join("eval/seeds.gold.json");
    if !seeds.is_dir() || !gold_path.is_file() {
        println!("note: {SHARED} not present, seeds test skipped");
        return None;
    }
    let gold: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&gold_path).expect("gold readable"))
            .expect("gold is JSON");
    let clean_cfg = CleanConfig::default();
    let segmenter = Segmenter::default();
    let mut registry = EntityRegistry::default();
    let mut names: Vec<_> = std::fs::read_dir(&seeds)
        .expect("seeds readable")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    names.sort();
    for path in names {
        let body = std::fs::read_to_string(&path).expect("seed is UTF-8");
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let cleaned = clean(&clean_cfg, &RawArticle::text(name, body), None);
        let sentences = segmenter.split(&cleaned.text);
        let doc = tag_document(cfg, &cleaned.text, &sentences);
        registry.resolve(Some("s-1"), &doc);
    }
    let ents = registry.entities();
    // For checking against the reference scorer: STANCEMAP_ACTORS_DUMP=e.json writes the
    // entities in the export's shape (`python3 score.py gold.json e.json`).
    if let Ok(path) = std::env::var("STANCEMAP_ACTORS_DUMP") {
        let export = serde_json::json!({ "documents": [], "entities": ents });
        std::fs::write(path, export.to_string()).expect("dump writable");
    }
    Some(score(&gold, &ents))
}

/// The mechanism alone: the default gazetteer WITHOUT its people file, so every person
/// must be discovered from the text. Reported, with a lower bar than the full run.
#[test]
fn seeds_people_discovered_without_people_gazetteer() {
    let mut cfg = ActorConfig::patterns_only().expect("patterns load");
    for (file, text) in stancemap_actors::DEFAULT_GAZETTEER {
        if *file != "people.toml" {
            cfg.add_gazetteer_toml(text)
                .expect("default gazetteer loads");
        }
    }
    let Some((resolved, merged, misses)) = run_seeds(&cfg) else {
        return;
    };
    println!("without people.toml: entity_surfaces_resolved = {resolved:.3}, entities_merged_into_one = {merged:.3}");
    for m in &misses {
        println!("miss: {m}");
    }
    // The bar for articles about negotiations the gazetteer does not know.
    assert!(
        resolved >= 0.8 && merged >= 0.8,
        "{resolved:.3} / {merged:.3}: {misses:?}"
    );
}

#[test]
fn seeds_entities_resolve() {
    let Some((resolved, merged, misses)) = run_seeds(&ActorConfig::default()) else {
        return;
    };
    println!("entity_surfaces_resolved = {resolved:.3}, entities_merged_into_one = {merged:.3}");
    for m in &misses {
        println!("miss: {m}");
    }
    assert!(
        resolved >= 0.95,
        "entity_surfaces_resolved {resolved:.3} < 0.95: {misses:?}"
    );
    assert!(
        merged >= 0.9,
        "entities_merged_into_one {merged:.3} < 0.9: {misses:?}"
    );
}
