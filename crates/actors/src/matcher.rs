//! The compiled form of a config: one automaton over every gazetteer surface and every
//! title (`surface_trie`), plus the tables the tagger needs per pattern.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use rustc_hash::FxHashSet;

use crate::gazetteer::GazEntity;
use crate::patterns::{Patterns, WordSet};
use crate::surface_trie::SurfaceTrie;
use crate::translit::name_key;
use crate::EntityKind;

/// How a surface relates to its entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Form {
    Name,
    Alias,
    Metonym,
    Demonym,
    /// Last word of a person's name, not listed as an alias: accepted under conditions.
    Surname,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct SurfaceRef {
    pub entity: u32,
    pub form: Form,
}

/// What one automaton pattern stands for.
#[derive(Debug, Clone, Default)]
pub struct PatternMeta {
    /// Gazetteer surfaces with this exact text (usually one).
    pub surfaces: Vec<SurfaceRef>,
    /// The lower-case title, when the pattern is a title.
    pub title: Option<String>,
    /// Listed in `ambiguous_names`.
    pub ambiguous: bool,
    /// A "both sides" phrase.
    pub pair: bool,
}

/// A gazetteer person's name split for alias matching.
#[derive(Debug, Clone)]
pub struct PersonName {
    pub entity: u32,
    pub first: Option<Arc<str>>,
    pub surname_key: Arc<str>,
}

#[derive(Debug, Clone)]
pub struct Compiled {
    pub automaton: SurfaceTrie,
    /// The automaton's patterns (pattern `p` is `keys[p]`, sorted): tests compare the
    /// automaton's hits with a reference search over them.
    #[cfg(test)]
    pub keys: Vec<String>,
    pub meta: Vec<PatternMeta>,
    /// Sorted by entity.
    pub persons: Vec<PersonName>,
    /// Indexes into `persons` (ascending) by [`key_bucket`] of the surname key: only
    /// keys in the same bucket can match (see `surname_keys_match`).
    pub persons_by_bucket: BTreeMap<[u8; 3], Vec<usize>>,
    /// First bytes of the buckets: a word whose key starts otherwise matches no
    /// gazetteer person.
    pub person_key_initials: [bool; 256],
    /// Gazetteer persons whose implicit surname may stand alone (unique, ≥ 4 letters).
    pub standalone_surname: BTreeSet<u32>,
    pub entities: Vec<GazEntity>,
    /// Length in bytes of the longest name stop word (longer words need no lookup).
    pub longest_stopword: usize,
    /// Per byte length (up to `longest_stopword`): bit `i` set when some name stop word
    /// of that length starts with letter `a + i` (non-letter starts set every bit).
    pub stop_shape: Vec<u32>,
    /// The name stop words in a hash set: looked up for most capitalised words, where the
    /// ordered set's string comparisons cost ~3 % of tagging.
    pub stopword_set: WordSet,
    /// `locative_prepositions` in a hash set: looked up before every mention.
    pub locative_set: WordSet,
    /// Byte length of the longest locative preposition.
    pub longest_locative: usize,
    /// `person_heads`, `side_heads` and `qualifiers` in hash sets: looked up after every
    /// side cue and left of every title, where the ordered sets' string comparisons
    /// (a `memcmp` call each) were ~5 % of tagging.
    pub person_head_set: FxHashSet<String>,
    pub side_head_set: FxHashSet<String>,
    pub qualifier_set: WordSet,
    /// The first words of `person_heads` and `side_heads`: a description's head can only
    /// start with one (one lookup per side cue instead of four phrase lookups).
    pub head_first_words: FxHashSet<String>,
    /// Per gazetteer entity: its party, shared.
    pub party_arc: Vec<Option<Arc<str>>>,
    /// Organisation and group names by their capitalised words, any order.
    pub word_bags: crate::org_names::WordBags,
    /// Per gazetteer entity: initials and head words of its names.
    pub entity_names: crate::org_names::EntityNames,
    pub patterns: Patterns,
}

/// Minimum key length of an implicit surname that may stand on its own: shorter ones
/// ("Li", "Kim", "Ali") are shared by too many people to name one.
const STANDALONE_SURNAME_MIN_KEY: usize = 4;

impl Compiled {
    pub fn build(entities: &[GazEntity], patterns: &Patterns) -> Self {
        let mut table: BTreeMap<String, PatternMeta> = BTreeMap::new();
        for (idx, e) in entities.iter().enumerate() {
            let entity = idx as u32;
            let mut add = |surface: &str, form: Form| {
                for variant in apostrophe_variants(surface) {
                    let meta = table.entry(variant).or_default();
                    let r = SurfaceRef { entity, form };
                    if !meta.surfaces.contains(&r) {
                        meta.surfaces.push(r);
                    }
                }
            };
            add(&e.name, Form::Name);
            e.aliases.iter().for_each(|a| add(a, Form::Alias));
            for m in &e.metonyms {
                add(m, Form::Metonym);
                add(&format!("the {m}"), Form::Metonym);
                add(&format!("The {m}"), Form::Metonym);
            }
            e.demonyms.iter().for_each(|d| add(d, Form::Demonym));
        }
        let persons = person_names(entities, patterns);
        let standalone_surname = add_implicit_surnames(&mut table, entities, patterns);
        for title in &patterns.titles {
            for variant in title_variants(title) {
                table.entry(variant).or_default().title = Some(title.clone());
            }
        }
        for abbreviation in &patterns.title_abbreviations {
            for variant in [capitalise_first(abbreviation), abbreviation.to_uppercase()] {
                table.entry(variant).or_default().title = Some(abbreviation.clone());
            }
        }
        for phrase in &patterns.pair_phrases {
            for variant in [phrase.clone(), capitalise_first(phrase)] {
                table.entry(variant).or_default().pair = true;
            }
        }
        for name in &patterns.ambiguous_names {
            if let Some(meta) = table.get_mut(name) {
                meta.ambiguous = true;
            }
        }
        table.retain(|k, _| !k.trim().is_empty());
        let (keys, meta): (Vec<String>, Vec<PatternMeta>) = table.into_iter().unzip();
        // A trie walked from word starts, not a DFA scanned over every byte: same hits
        // (see `surface_trie`), built in milliseconds instead of half a second.
        let automaton = SurfaceTrie::build(&keys);
        let mut persons_by_bucket: BTreeMap<[u8; 3], Vec<usize>> = BTreeMap::new();
        for (i, p) in persons.iter().enumerate() {
            if let Some(bucket) = key_bucket(&p.surname_key) {
                persons_by_bucket.entry(bucket).or_default().push(i);
            }
        }
        let mut person_key_initials = [false; 256];
        for bucket in persons_by_bucket.keys() {
            person_key_initials[usize::from(bucket[0])] = true;
        }
        let mut shared: BTreeMap<&str, Arc<str>> = BTreeMap::new();
        let party_arc = entities
            .iter()
            .map(|e| {
                let p = e.party.as_deref()?;
                Some(shared.entry(p).or_insert_with(|| Arc::from(p)).clone())
            })
            .collect();
        let longest_stopword = patterns
            .name_stopwords
            .iter()
            .map(String::len)
            .max()
            .unwrap_or(0);
        let mut stop_shape = vec![0u32; longest_stopword + 1];
        for w in &patterns.name_stopwords {
            let first = w.as_bytes().first().copied().unwrap_or(b'a');
            stop_shape[w.len()] |= if first.is_ascii_lowercase() {
                1 << (first - b'a')
            } else {
                u32::MAX
            };
        }
        Compiled {
            stopword_set: patterns.name_stopwords.iter().collect(),
            locative_set: patterns.locative_prepositions.iter().collect(),
            longest_locative: patterns
                .locative_prepositions
                .iter()
                .map(String::len)
                .max()
                .unwrap_or(0),
            person_head_set: patterns.person_heads.iter().cloned().collect(),
            side_head_set: patterns.side_heads.iter().cloned().collect(),
            qualifier_set: patterns.qualifiers.iter().collect(),
            head_first_words: patterns
                .person_heads
                .iter()
                .chain(&patterns.side_heads)
                .filter_map(|h| h.split(char::is_whitespace).next())
                .map(str::to_string)
                .collect(),
            longest_stopword,
            stop_shape,
            party_arc,
            automaton,
            #[cfg(test)]
            keys,
            meta,
            persons,
            persons_by_bucket,
            person_key_initials,
            standalone_surname,
            word_bags: crate::org_names::word_bags(entities),
            entity_names: crate::org_names::EntityNames::build(entities),
            entities: entities.to_vec(),
            patterns: patterns.clone(),
        }
    }
}

/// The bucket of a surname key: first byte, last byte and the byte before it (`0xFF` for
/// one-byte keys, which match only themselves). `surname_keys_match` accepts only equal
/// keys or keys sharing the first letter and the last two, so two matching keys always
/// share a bucket: a lookup visits a handful of gazetteer persons instead of every
/// person with the same initial (that walk, with an edit distance per person, was ~4 %
/// of tagging on the bench corpus).
pub fn key_bucket(key: &str) -> Option<[u8; 3]> {
    let k = key.as_bytes();
    let (&first, &last) = (k.first()?, k.last()?);
    let before_last = if k.len() >= 2 { k[k.len() - 2] } else { 0xFF };
    Some([first, last, before_last])
}

/// "Côte d'Ivoire" is also written with a typographic apostrophe.
fn apostrophe_variants(surface: &str) -> Vec<String> {
    let s = surface.trim().to_string();
    if s.contains('\'') {
        vec![s.replace('\'', "\u{2019}"), s]
    } else {
        vec![s]
    }
}

/// "foreign minister" → itself, "Foreign minister", "Foreign Minister".
fn title_variants(title: &str) -> Vec<String> {
    let mut out = vec![
        title.to_string(),
        capitalise_first(title),
        title_case(title),
    ];
    out.sort();
    out.dedup();
    out
}

fn capitalise_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Title Case that leaves short function words alone and capitalises after hyphens
/// ("Secretary-General", "Minister of Foreign Affairs").
fn title_case(s: &str) -> String {
    const SMALL: &[&str] = &["of", "for", "the", "and", "on", "to"];
    s.split(' ')
        .enumerate()
        .map(|(i, w)| {
            if i > 0 && SMALL.contains(&w) {
                w.to_string()
            } else {
                w.split('-')
                    .map(capitalise_first)
                    .collect::<Vec<_>>()
                    .join("-")
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn person_names(entities: &[GazEntity], patterns: &Patterns) -> Vec<PersonName> {
    let mut out = Vec::new();
    for (idx, e) in entities.iter().enumerate() {
        if e.kind != EntityKind::Person {
            continue;
        }
        for full in std::iter::once(&e.name).chain(&e.aliases) {
            if let Some((first, surname)) = split_name(full, patterns) {
                let p = PersonName {
                    entity: idx as u32,
                    first: first.map(Arc::from),
                    surname_key: Arc::from(name_key(surname)),
                };
                let seen = out
                    .iter()
                    .rev()
                    .take_while(|q: &&PersonName| q.entity == p.entity)
                    .any(|q| q.surname_key == p.surname_key && q.first == p.first);
                if !seen {
                    out.push(p);
                }
            }
        }
    }
    out
}

/// First name (when there are two words or more) and surname of a written name.
pub fn split_name<'a>(full: &'a str, patterns: &Patterns) -> Option<(Option<String>, &'a str)> {
    let words: Vec<&str> = full.split_whitespace().collect();
    let surname = *words.last()?;
    let surname = surname.trim_matches(|c: char| !c.is_alphanumeric());
    if surname.is_empty() || !surname.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    let first = (words.len() >= 2)
        .then(|| words[0])
        .filter(|w| !patterns.particles.contains(&w.to_lowercase()))
        .map(str::to_string);
    Some((first, surname))
}

/// Add each gazetteer person's surname (from a multi-word name or alias) as a `Surname`
/// pattern unless the same text is already a surface; returns the persons whose surname
/// may stand alone.
fn add_implicit_surnames(
    table: &mut BTreeMap<String, PatternMeta>,
    entities: &[GazEntity],
    patterns: &Patterns,
) -> BTreeSet<u32> {
    let mut owners: BTreeMap<String, BTreeSet<u32>> = BTreeMap::new();
    for e in entities
        .iter()
        .enumerate()
        .filter(|(_, e)| e.kind == EntityKind::Person)
    {
        for full in std::iter::once(&e.1.name).chain(&e.1.aliases) {
            if let Some((Some(_), surname)) = split_name(full, patterns) {
                owners
                    .entry(surname.to_string())
                    .or_default()
                    .insert(e.0 as u32);
            }
        }
    }
    let mut standalone = BTreeSet::new();
    for (surname, ents) in owners {
        let explicit = table.get(&surname).is_some_and(|m| !m.surfaces.is_empty());
        if explicit || patterns.is_name_stopword(&surname) {
            continue;
        }
        let meta = table.entry(surname.clone()).or_default();
        for &entity in &ents {
            meta.surfaces.push(SurfaceRef {
                entity,
                form: Form::Surname,
            });
        }
        let unique_person = ents.len() == 1;
        if unique_person && name_key(&surname).len() >= STANDALONE_SURNAME_MIN_KEY {
            standalone.extend(ents);
        }
    }
    standalone
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_variants_cover_cases() {
        assert_eq!(
            title_variants("secretary-general"),
            [
                "Secretary-General",
                "Secretary-general",
                "secretary-general"
            ]
        );
        assert!(title_variants("minister of foreign affairs")
            .contains(&"Minister of Foreign Affairs".to_string()));
    }
}
