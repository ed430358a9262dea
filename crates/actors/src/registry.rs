//! Cross-document resolution: the same person across documents and spellings.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::translit::{first_names_compatible, name_key, surname_keys_match};
use crate::{DocActors, EntityKind, LocalEntity};

/// A resolved entity across documents, as the export lists it.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct GlobalEntity {
    /// "e-" + lower-case gazetteer id, or "e-" + a slug of the name.
    pub id: String,
    pub name: String,
    pub kind: EntityKind,
    pub party: Option<String>,
    /// Every surface form seen, sorted.
    pub aliases: Vec<String>,
}

/// What the registry keeps per entity.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
struct Record {
    name: String,
    kind: EntityKind,
    /// Gazetteer entities keep their party; others take the majority of `party_votes`.
    fixed_party: Option<String>,
    gazetteer: bool,
    party_votes: BTreeMap<String, u32>,
    /// Order in which parties were first seen, to break vote ties by first seen.
    party_order: Vec<String>,
    aliases: BTreeSet<String>,
    stories: BTreeSet<String>,
    /// Person name parts (first name as written, surname key).
    first: Option<String>,
    surname_key: Option<String>,
}

/// Cross-document entity state. Serialisable: the store keeps it between runs.
#[derive(Serialize, Deserialize, Default, Clone, Debug, PartialEq)]
pub struct EntityRegistry {
    entities: BTreeMap<String, Record>,
}

impl EntityRegistry {
    /// Map each local entity of a document (in a story) to a global entity id, creating
    /// or extending global entities. The result is parallel to `doc.entities`.
    pub fn resolve(&mut self, story: Option<&str>, doc: &DocActors) -> Vec<String> {
        doc.entities
            .iter()
            .map(|local| {
                let id = self
                    .find(story, local)
                    .unwrap_or_else(|| self.create(local));
                self.absorb(&id, story, local);
                id
            })
            .collect()
    }

    /// All entities, ordered by id. A person's aliases also hold the surname of each
    /// full name seen ("Lavrov" from "Sergei Lavrov"), when no other person in the
    /// registry has that surname: it is how later text refers to them.
    pub fn entities(&self) -> Vec<GlobalEntity> {
        let owners = surname_owners(&self.entities);
        self.entities
            .iter()
            .map(|(id, r)| {
                let mut aliases = r.aliases.clone();
                if r.kind == EntityKind::Person {
                    for s in r.aliases.iter().filter_map(|a| surname_of(a)) {
                        if owners.get(s).is_some_and(|o| o.len() == 1) {
                            aliases.insert(s.to_string());
                        }
                    }
                }
                GlobalEntity {
                    id: id.clone(),
                    name: r.name.clone(),
                    kind: r.kind,
                    party: r.fixed_party.clone().or_else(|| majority(r)),
                    aliases: aliases.into_iter().collect(),
                }
            })
            .collect()
    }

    fn find(&self, story: Option<&str>, local: &LocalEntity) -> Option<String> {
        if let Some(g) = &local.gazetteer_id {
            let id = gazetteer_global_id(g);
            return self.entities.contains_key(&id).then_some(id);
        }
        if local.kind != EntityKind::Person {
            let key = name_key_of(&local.name);
            return self
                .entities
                .iter()
                .find(|(_, r)| r.kind == local.kind && name_key_of(&r.name) == key)
                .map(|(id, _)| id.clone());
        }
        let (first, surname) = person_parts(&local.name)?;
        let key = name_key(surname);
        self.entities
            .iter()
            .filter(|(_, r)| r.kind == EntityKind::Person)
            .filter(|(_, r)| {
                r.surname_key
                    .as_deref()
                    .is_some_and(|k| surname_keys_match(&key, k))
            })
            .filter(|(_, r)| self.compatible(r, story, first))
            .max_by_key(|(id, r)| {
                (
                    r.surname_key.as_deref() == Some(key.as_str()),
                    std::cmp::Reverse(*id),
                )
            })
            .map(|(id, _)| id.clone())
    }

    /// Inside a story already shared: first names need only be compatible (or missing).
    /// Across stories: both first names present with equal keys (a full-name match).
    fn compatible(&self, r: &Record, story: Option<&str>, first: Option<&str>) -> bool {
        let same_story = story.is_some_and(|s| r.stories.contains(s));
        match (first, r.first.as_deref()) {
            (Some(a), Some(b)) if same_story => first_names_compatible(a, b),
            (Some(a), Some(b)) => name_key(a) == name_key(b),
            _ => same_story,
        }
    }

    fn create(&mut self, local: &LocalEntity) -> String {
        let base = match &local.gazetteer_id {
            Some(g) => gazetteer_global_id(g),
            None => format!("e-{}", slug(&local.name)),
        };
        let mut id = base.clone();
        let mut n = 2;
        while self.entities.contains_key(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        let parts = person_parts(&local.name).filter(|_| local.kind == EntityKind::Person);
        self.entities.insert(
            id.clone(),
            Record {
                name: local.name.clone(),
                kind: local.kind,
                fixed_party: local.gazetteer_id.as_ref().and(local.party.clone()),
                gazetteer: local.gazetteer_id.is_some(),
                party_votes: BTreeMap::new(),
                party_order: Vec::new(),
                aliases: BTreeSet::new(),
                stories: BTreeSet::new(),
                first: parts.and_then(|(f, _)| f.map(str::to_string)),
                surname_key: parts.map(|(_, s)| name_key(s)),
            },
        );
        id
    }

    fn absorb(&mut self, id: &str, story: Option<&str>, local: &LocalEntity) {
        let Some(r) = self.entities.get_mut(id) else {
            return;
        };
        r.aliases.extend(local.surfaces.iter().cloned());
        r.aliases.insert(local.name.clone());
        if let Some(s) = story {
            r.stories.insert(s.to_string());
        }
        if !r.gazetteer {
            better_name(r, &local.name);
            if let Some(p) = &local.party {
                *r.party_votes.entry(p.clone()).or_default() += 1;
                if !r.party_order.contains(p) {
                    r.party_order.push(p.clone());
                }
            }
        }
    }
}

/// Keep the name with the most words (a full name beats a surname); first seen on ties.
fn better_name(r: &mut Record, candidate: &str) {
    let words = |s: &str| s.split_whitespace().count();
    if words(candidate) > words(&r.name) {
        r.name = candidate.to_string();
        if let Some((first, surname)) = person_parts(candidate) {
            r.first = first.map(str::to_string).or(r.first.take());
            r.surname_key = Some(name_key(surname));
        }
    }
}

/// The surname of a multi-word, capitalised person name. Not after a short or lower-case
/// word: "bin Farhan al Saud", "Al Thani" are not referred to by their last word alone.
fn surname_of(name: &str) -> Option<&str> {
    let words: Vec<&str> = name.split_whitespace().collect();
    let (first, last) = (words.first()?, words.last()?);
    let before = words.len().checked_sub(2).map(|i| words[i])?;
    let capitalised = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    let particle_like = !capitalised(before) || before.chars().count() <= 3;
    (capitalised(first) && capitalised(last) && !particle_like).then_some(*last)
}

/// Which person records have each surname (by surname key).
fn surname_owners(entities: &BTreeMap<String, Record>) -> BTreeMap<&str, BTreeSet<&str>> {
    let mut owners: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (id, r) in entities
        .iter()
        .filter(|(_, r)| r.kind == EntityKind::Person)
    {
        for s in r.aliases.iter().filter_map(|a| surname_of(a)) {
            owners.entry(s).or_default().insert(id.as_str());
        }
    }
    owners
}

fn majority(r: &Record) -> Option<String> {
    let top = r.party_votes.values().copied().max()?;
    r.party_order
        .iter()
        .find(|p| r.party_votes.get(*p) == Some(&top))
        .cloned()
}

fn gazetteer_global_id(g: &str) -> String {
    format!("e-{}", g.to_lowercase())
}

/// First name (if any) and surname of a written person name.
fn person_parts(name: &str) -> Option<(Option<&str>, &str)> {
    let words: Vec<&str> = name.split_whitespace().collect();
    let surname = *words.last()?;
    Some(((words.len() >= 2).then(|| words[0]), surname))
}

fn name_key_of(name: &str) -> String {
    name.split_whitespace()
        .map(name_key)
        .collect::<Vec<_>>()
        .join(" ")
}

/// "Keith Kellogg" → "keith-kellogg" (ASCII, lower case, dashes between words).
fn slug(name: &str) -> String {
    let ascii = deunicode::deunicode(name).to_lowercase();
    let parts: Vec<String> = ascii
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect();
    if parts.is_empty() {
        "unnamed".into()
    } else {
        parts.join("-")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(name: &str, party: Option<&str>, surfaces: &[&str]) -> LocalEntity {
        LocalEntity {
            gazetteer_id: None,
            name: name.into(),
            kind: EntityKind::Person,
            party: party.map(str::to_string),
            surfaces: surfaces.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn doc(ents: Vec<LocalEntity>) -> DocActors {
        DocActors {
            entities: ents,
            ..DocActors::default()
        }
    }

    #[test]
    fn spelling_variants_merge_within_a_story() {
        let mut reg = EntityRegistry::default();
        let a = reg.resolve(
            Some("s-1"),
            &doc(vec![person(
                "Abbas Araghchi",
                Some("IRN"),
                &["Abbas Araghchi"],
            )]),
        );
        let b = reg.resolve(
            Some("s-1"),
            &doc(vec![person("Abbas Araqchi", Some("IRN"), &["Araqchi"])]),
        );
        assert_eq!(a, b);
        let ents = reg.entities();
        assert_eq!(ents.len(), 1);
        assert_eq!(
            ents[0].aliases,
            ["Abbas Araghchi", "Abbas Araqchi", "Araghchi", "Araqchi"]
        );
    }

    #[test]
    fn different_first_names_stay_apart() {
        let mut reg = EntityRegistry::default();
        let a = reg.resolve(
            Some("s-1"),
            &doc(vec![person("Yahya Sinwar", Some("HAMAS"), &[])]),
        );
        let b = reg.resolve(
            Some("s-1"),
            &doc(vec![person("Mohammed Sinwar", Some("HAMAS"), &[])]),
        );
        assert_ne!(a, b);
    }

    #[test]
    fn a_surname_alone_does_not_cross_stories() {
        let mut reg = EntityRegistry::default();
        let a = reg.resolve(
            Some("s-1"),
            &doc(vec![person("Maria Lobos", Some("CHL"), &[])]),
        );
        let b = reg.resolve(Some("s-2"), &doc(vec![person("Lobos", Some("PER"), &[])]));
        let c = reg.resolve(Some("s-1"), &doc(vec![person("Lobos", Some("CHL"), &[])]));
        assert_ne!(a, b);
        assert_eq!(a, c);
        let d = reg.resolve(
            Some("s-3"),
            &doc(vec![person("Maria Lobos", Some("CHL"), &[])]),
        );
        assert_eq!(a, d, "a full-name match crosses stories");
    }

    #[test]
    fn party_is_the_majority_and_state_round_trips() {
        let mut reg = EntityRegistry::default();
        for p in ["RUS", "UKR", "UKR"] {
            reg.resolve(
                Some("s-1"),
                &doc(vec![person("Rustem Umerov", Some(p), &[])]),
            );
        }
        assert_eq!(reg.entities()[0].party.as_deref(), Some("UKR"));
        let json = serde_json::to_string(&reg).unwrap();
        let back: EntityRegistry = serde_json::from_str(&json).unwrap();
        assert_eq!(back, reg);
    }
}
