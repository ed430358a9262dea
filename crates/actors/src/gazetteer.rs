//! Gazetteer files: parsing and merging (format in `data/gazetteer/*.toml` headers and
//! the crate docs).

use serde::Deserialize;

use crate::{ActorsError, EntityKind};

/// One dated role of a gazetteer person.
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize)]
pub struct GazRole {
    pub role: String,
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub to: Option<String>,
}

/// One gazetteer entity after merging every file that mentions its id.
#[derive(Debug, Clone, PartialEq)]
pub struct GazEntity {
    pub id: String,
    pub name: String,
    pub kind: EntityKind,
    pub party: Option<String>,
    pub aliases: Vec<String>,
    pub metonyms: Vec<String>,
    pub demonyms: Vec<String>,
    pub roles: Vec<GazRole>,
}

#[derive(Deserialize)]
struct GazFile {
    #[serde(default)]
    entity: Vec<RawEntity>,
}

#[derive(Deserialize)]
struct RawEntity {
    id: String,
    name: Option<String>,
    kind: Option<EntityKind>,
    party: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    metonyms: Vec<String>,
    #[serde(default)]
    demonyms: Vec<String>,
    #[serde(default)]
    roles: Vec<GazRole>,
}

/// Parse one gazetteer file and merge it into `entities`: a known id is extended (lists
/// gain new entries; `name`, `kind` and `party` replace the old values when given), an
/// unknown id needs `name` and `kind`.
pub fn merge_toml(entities: &mut Vec<GazEntity>, toml_text: &str) -> Result<(), ActorsError> {
    let file: GazFile = toml::from_str(toml_text)?;
    for raw in file.entity {
        match entities.iter_mut().find(|e| e.id == raw.id) {
            Some(existing) => extend(existing, raw),
            None => entities.push(create(raw)?),
        }
    }
    Ok(())
}

fn create(raw: RawEntity) -> Result<GazEntity, ActorsError> {
    let missing = |field: &'static str| ActorsError::MissingField {
        id: raw.id.clone(),
        field,
    };
    let name = raw.name.clone().ok_or_else(|| missing("name"))?;
    let kind = raw.kind.ok_or_else(|| missing("kind"))?;
    let mut entity = GazEntity {
        id: raw.id.clone(),
        name,
        kind,
        party: None,
        aliases: Vec::new(),
        metonyms: Vec::new(),
        demonyms: Vec::new(),
        roles: Vec::new(),
    };
    extend(&mut entity, raw);
    Ok(entity)
}

fn extend(entity: &mut GazEntity, raw: RawEntity) {
    if let Some(name) = raw.name {
        entity.name = name;
    }
    if let Some(kind) = raw.kind {
        entity.kind = kind;
    }
    if raw.party.is_some() {
        entity.party = raw.party;
    }
    add_new(&mut entity.aliases, raw.aliases);
    add_new(&mut entity.metonyms, raw.metonyms);
    add_new(&mut entity.demonyms, raw.demonyms);
    for role in raw.roles {
        if !entity.roles.contains(&role) {
            entity.roles.push(role);
        }
    }
}

fn add_new(list: &mut Vec<String>, new: Vec<String>) {
    for item in new {
        let item = item.trim().to_string();
        if !item.is_empty() && !list.contains(&item) {
            list.push(item);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn later_files_extend_known_ids_and_add_new_ones() {
        let mut ents = Vec::new();
        merge_toml(
            &mut ents,
            r#"[[entity]]
id = "SDN"
name = "Sudan"
kind = "state"
party = "SDN"
aliases = ["Sudan"]
metonyms = ["Khartoum"]"#,
        )
        .unwrap();
        merge_toml(
            &mut ents,
            r#"[[entity]]
id = "SDN"
metonyms = ["Port Sudan", "Khartoum"]
[[entity]]
id = "burhan"
name = "Abdel Fattah al-Burhan"
kind = "person"
party = "SDN"
[[entity.roles]]
role = "Chairman of the Sovereignty Council"
from = "2019-08-21""#,
        )
        .unwrap();
        assert_eq!(ents.len(), 2);
        assert_eq!(ents[0].metonyms, ["Khartoum", "Port Sudan"]);
        assert_eq!(ents[1].roles[0].from.as_deref(), Some("2019-08-21"));
    }

    #[test]
    fn a_new_entity_without_kind_is_an_error() {
        let err = merge_toml(&mut Vec::new(), "[[entity]]\nid = \"X\"\nname = \"X\"").unwrap_err();
        assert!(err.to_string().contains("kind"), "{err}");
    }
}
