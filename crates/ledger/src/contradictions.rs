//! Contradictions between counted documents of one story: roles of a person, reported
//! facts, and stances reported both ways at the same date.

use std::collections::{BTreeMap, BTreeSet};

use stancemap_model::text::{match_key, words};
use stancemap_model::{ClaimRecord, Stance};

use crate::common::{most_frequent, sane, DocIndex};
use crate::meetings::Cluster;
use crate::roles::RoleKey;
use crate::{Contradiction, ContradictionTunables, ContradictionValue, LedgerConfig, LedgerInput};

pub(crate) fn build_contradictions(
    cfg: &LedgerConfig,
    docs: &DocIndex,
    input: &LedgerInput,
    meetings: &[Cluster],
    nested: &BTreeSet<&str>,
) -> Vec<Contradiction> {
    let mut out = role_contradictions(cfg, docs, input);
    out.extend(crate::facts::fact_contradictions(
        cfg, docs, input, meetings,
    ));
    out.extend(crate::facts::meeting_date_contradictions(docs, meetings));
    out.extend(stance_contradictions(cfg, docs, &input.claims, nested));
    out.sort_by(|a, b| {
        (
            &a.story,
            &a.subject,
            &a.attribute,
            &a.subject_name,
            value_docs(a),
        )
            .cmp(&(
                &b.story,
                &b.subject,
                &b.attribute,
                &b.subject_name,
                value_docs(b),
            ))
    });
    out
}

fn value_docs(c: &Contradiction) -> Vec<&str> {
    c.values
        .iter()
        .flat_map(|v| v.docs.iter().map(String::as_str))
        .collect()
}

/// Surface forms and documents of one value, collected in ingest order.
#[derive(Default)]
pub(crate) struct ValueGroup<'a> {
    surfaces: Vec<&'a str>,
    docs: Vec<String>,
    first: usize,
}

impl<'a> ValueGroup<'a> {
    pub(crate) fn add(&mut self, docs: &DocIndex, surface: &'a str, doc: &str) {
        if self.surfaces.is_empty() {
            self.first = docs.order(doc);
        }
        self.first = self.first.min(docs.order(doc));
        self.surfaces.push(surface);
        if !self.docs.iter().any(|d| d == doc) {
            self.docs.push(doc.to_string());
        }
    }

    /// Take over the documents of a vaguer report of the same value. Its surfaces are
    /// not taken: the value keeps the wording of the precise reports.
    fn absorb(&mut self, other: ValueGroup<'a>) {
        self.first = self.first.min(other.first);
        for doc in other.docs {
            if !self.docs.contains(&doc) {
                self.docs.push(doc);
            }
        }
    }

    fn into_value(mut self, docs: &DocIndex) -> ContradictionValue {
        docs.sort_docs(&mut self.docs);
        ContradictionValue {
            value: most_frequent(self.surfaces.iter().copied()).unwrap_or_default(),
            docs: self.docs,
        }
    }
}

/// Values ordered by their first document in ingest order, then text.
pub(crate) fn values_of(docs: &DocIndex, groups: Vec<ValueGroup>) -> Vec<ContradictionValue> {
    let mut groups = groups;
    groups.sort_by(|a, b| {
        a.first
            .cmp(&b.first)
            .then_with(|| a.surfaces.cmp(&b.surfaces))
    });
    groups.into_iter().map(|g| g.into_value(docs)).collect()
}

pub(crate) fn display_name(input: &LedgerInput, subject: &str) -> String {
    if let Some(name) = input.entity_names.get(subject) {
        return name.clone();
    }
    match subject.strip_prefix("meeting:") {
        Some(place) => format!("meeting in {place}"),
        None => subject.to_string(),
    }
}

/// Role reports of one person (per story) grouped by normalised office; the groups that
/// conflict with at least one other group form the contradiction.
fn role_contradictions(
    cfg: &LedgerConfig,
    docs: &DocIndex,
    input: &LedgerInput,
) -> Vec<Contradiction> {
    let mut people: BTreeMap<(Option<String>, &str), BTreeMap<RoleKey, ValueGroup>> =
        BTreeMap::new();
    let mut reports: Vec<_> = input.roles.iter().collect();
    reports.sort_by(|a, b| {
        (docs.order(&a.doc), &a.doc, &a.role).cmp(&(docs.order(&b.doc), &b.doc, &b.role))
    });
    for r in reports {
        if !docs.counted(&r.doc, true) {
            continue;
        }
        let key = cfg.roles.parse(&r.role);
        if key.offices.is_empty() {
            continue;
        }
        people
            .entry((docs.story(&r.doc), r.entity.as_str()))
            .or_default()
            .entry(key)
            .or_default()
            .add(docs, r.role.trim(), &r.doc);
    }
    let mut out = Vec::new();
    for ((story, entity), groups) in people {
        let chosen = conflicting_role_groups(cfg, groups);
        if chosen.len() < 2 {
            continue;
        }
        out.push(Contradiction {
            story,
            subject: entity.to_string(),
            subject_name: display_name(input, entity),
            attribute: "role".to_string(),
            values: values_of(docs, chosen),
        });
    }
    out
}

/// The role groups of one person that conflict with some other group (see
/// [`conflicting_groups`] for how a vaguer report joins a precise one).
fn conflicting_role_groups<'a>(
    cfg: &LedgerConfig,
    groups: BTreeMap<RoleKey, ValueGroup<'a>>,
) -> Vec<ValueGroup<'a>> {
    let keys: Vec<RoleKey> = groups.keys().cloned().collect();
    let docs: Vec<BTreeSet<String>> = groups
        .values()
        .map(|g| g.docs.iter().cloned().collect())
        .collect();
    // Posts of classes that exclude each other count only when each side has a document
    // of its own (see `RoleVocab::class_conflict`).
    let own_sources =
        |i: usize, j: usize| !docs[i].is_subset(&docs[j]) && !docs[j].is_subset(&docs[i]);
    conflicting_groups(
        groups.into_values().collect(),
        |i, j| {
            cfg.roles.conflict(&keys[i], &keys[j])
                || (cfg.roles.class_conflict(&keys[i], &keys[j]) && own_sources(i, j))
        },
        |i| keys[i].specificity(),
    )
}

/// The groups that conflict with some other group. A vaguer group ("Minister") that is
/// compatible with exactly one of them, that one is more specific (states more:
/// "foreign minister"), and it conflicts with nothing that one does not also conflict
/// with, is a less precise report of the same thing: its documents join that group
/// instead of standing as a third value.
pub(crate) fn conflicting_groups<'a>(
    groups: Vec<ValueGroup<'a>>,
    conflict: impl Fn(usize, usize) -> bool,
    specificity: impl Fn(usize) -> usize,
) -> Vec<ValueGroup<'a>> {
    let n = groups.len();
    let partners: Vec<BTreeSet<usize>> = (0..n)
        .map(|i| (0..n).filter(|&j| conflict(i, j)).collect())
        .collect();
    let in_conflict: Vec<usize> = (0..n).filter(|&i| !partners[i].is_empty()).collect();
    // fold[i] = Some(j): group i joins group j.
    let fold: Vec<Option<usize>> = (0..n)
        .map(|i| {
            let compatible: Vec<usize> = in_conflict
                .iter()
                .copied()
                .filter(|&j| j != i && !partners[i].contains(&j))
                .collect();
            match compatible[..] {
                [j] if partners[i].is_subset(&partners[j])
                    && !partners[i].is_empty()
                    && specificity(j) > specificity(i) =>
                {
                    Some(j)
                }
                _ => None,
            }
        })
        .collect();
    let mut slots: Vec<Option<ValueGroup<'a>>> = groups.into_iter().map(Some).collect();
    for (i, target) in fold.iter().enumerate() {
        // Only fold into a group that is itself kept (no chains).
        if let Some(j) = target.filter(|&j| fold[j].is_none()) {
            if let Some(vague) = slots[i].take() {
                if let Some(precise) = slots[j].as_mut() {
                    precise.absorb(vague);
                }
            }
        }
    }
    in_conflict
        .into_iter()
        .filter_map(|i| slots[i].take())
        .collect()
}

/// The content words of an item: folded, at least `shared_word_min_chars` characters,
/// not a function word of the configuration.
fn item_words(t: &ContradictionTunables, item: &str) -> BTreeSet<String> {
    let key = match_key(item);
    words(&key)
        .map(|(_, w)| w)
        .filter(|w| w.chars().count() >= t.shared_word_min_chars)
        .filter(|w| !t.function_words.iter().any(|f| f == w))
        .map(str::to_string)
        .collect()
}

/// The stances one document reports on a cell, with the item words of each claim.
type StancesOfDoc = BTreeMap<Stance, Vec<BTreeSet<String>>>;

/// Two items speak about the same thing when the content words of one are all in the
/// other ("the truce" and "a 30-day truce"; not "a temporary truce" and "a permanent
/// truce", which name two different things the party may well treat differently).
fn same_item(a: &BTreeSet<String>, b: &BTreeSet<String>) -> bool {
    !a.is_empty() && !b.is_empty() && (a.is_subset(b) || b.is_subset(a))
}

/// The documents that accept, and those that reject, an item some document on the other
/// side speaks about too. A document holding both stances is on neither side.
fn opposed_documents(
    docs: &DocIndex,
    by_doc: &BTreeMap<&str, StancesOfDoc>,
) -> (Vec<String>, Vec<String>) {
    let side = |s: Stance| -> Vec<(&str, &Vec<BTreeSet<String>>)> {
        by_doc
            .iter()
            .filter(|(_, stances)| stances.len() == 1)
            .filter_map(|(doc, stances)| stances.get(&s).map(|items| (*doc, items)))
            .collect()
    };
    let (accepts, rejects) = (side(Stance::Accept), side(Stance::Reject));
    let meets = |items: &Vec<BTreeSet<String>>, others: &[(&str, &Vec<BTreeSet<String>>)]| {
        items.iter().any(|i| {
            others
                .iter()
                .any(|(_, o)| o.iter().any(|j| same_item(i, j)))
        })
    };
    let keep = |mine: &[(&str, &Vec<BTreeSet<String>>)],
                others: &[(&str, &Vec<BTreeSet<String>>)]| {
        let mut kept: Vec<String> = mine
            .iter()
            .filter(|(_, items)| meets(items, others))
            .map(|(doc, _)| doc.to_string())
            .collect();
        docs.sort_docs(&mut kept);
        kept
    };
    (keep(&accepts, &rejects), keep(&rejects, &accepts))
}

/// Accept (or agree) in some documents and reject in others, for the same story, party
/// and topic at the same publication date (undated documents compared with each other).
/// Conservative: only unhedged, unconditioned claims of at least the configured
/// confidence take part, a document with both kinds of claims is on neither side, and an
/// item of each side must name the same thing (`same_item`).
fn stance_contradictions(
    cfg: &LedgerConfig,
    docs: &DocIndex,
    claims: &[ClaimRecord],
    nested: &BTreeSet<&str>,
) -> Vec<Contradiction> {
    type Cell<'a> = (Option<String>, &'a str, &'a str, Option<&'a str>);
    // Per cell, per document: the stances it reports and the item words of each claim.
    let mut cells: BTreeMap<Cell, BTreeMap<&str, StancesOfDoc>> = BTreeMap::new();
    for c in claims {
        let (Some(topic), Some(stance)) = (c.topic.as_deref(), c.act.stance()) else {
            continue;
        };
        if !matches!(stance, Stance::Accept | Stance::Reject)
            || !docs.counted(&c.doc, c.counted)
            || nested.contains(c.id.as_str())
            || c.attributed_to.is_some()
            || !c.conditions.is_empty()
            || sane(c.confidence) < cfg.contradictions.min_stance_confidence
        {
            continue;
        }
        let cell = (
            docs.story(&c.doc),
            c.party.as_str(),
            topic,
            docs.published(&c.doc),
        );
        cells
            .entry(cell)
            .or_default()
            .entry(c.doc.as_str())
            .or_default()
            .entry(stance)
            .or_default()
            .push(item_words(&cfg.contradictions, &c.item));
    }
    cells
        .into_iter()
        .filter_map(|((story, party, topic, date), by_doc)| {
            let (accept, reject) = opposed_documents(docs, &by_doc);
            if accept.is_empty() || reject.is_empty() {
                return None;
            }
            let when = date.map_or_else(String::new, |d| format!(" ({d})"));
            Some(Contradiction {
                story,
                subject: format!("{party}:{topic}"),
                subject_name: format!("{party} on {topic}{when}"),
                attribute: "stance".to_string(),
                values: vec![
                    ContradictionValue {
                        value: Stance::Accept.name().to_string(),
                        docs: accept,
                    },
                    ContradictionValue {
                        value: Stance::Reject.name().to_string(),
                        docs: reject,
                    },
                ],
            })
        })
        .collect()
}
