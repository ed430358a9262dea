//! The ledger built story by story, and kept per story so that a change rebuilds only
//! the stories it touched.
//!
//! Every part of the ledger lives inside one story: positions and agreements are keyed
//! by story, meetings merge only within a story, contradictions are always between
//! documents of one story, and `nested_claims` and the round rule look at one sentence
//! or document at a time. So the records of each story, aggregated alone against the
//! index of all documents (ingest order, dates, duplicates), give exactly that story's
//! part of [`crate::build`]; the parts, merged in the order `build` sorts by, give its
//! ledger. (Tests check `build_by_story == build` on every ledger test input, and the
//! server checks an incrementally kept ledger against a full build after ingests.)
//!
//! The gain: a store that grows by a few documents per commit rebuilds a few stories
//! instead of all. (Meeting clustering is indexed by place and story either way, see
//! the meetings module, so a whole build is no longer quadratic in the reports.) Entity display names (for contradiction subjects) are corpus-wide and
//! can change with any commit: each story remembers the names it used and is rebuilt
//! when one of them changed.

use std::collections::{BTreeMap, BTreeSet};

use stancemap_model::{ClaimRecord, FactRecord, MeetingRecord};

use crate::common::DocIndex;
use crate::{build_with_docs, Ledger, LedgerConfig, LedgerInput, RoleReport};

/// Which story a record belongs to (`None`: documents without a story).
pub type StoryKey = Option<String>;

/// The ledger of each story, and the entity names each was built with.
#[derive(Debug, Clone, Default)]
pub struct StoryLedgers {
    stories: BTreeMap<StoryKey, StoryPart>,
}

#[derive(Debug, Clone)]
struct StoryPart {
    ledger: Ledger,
    /// The entity display names this story's contradictions could look up.
    names: BTreeMap<String, String>,
}

/// [`crate::build`], story by story (the same ledger, faster on a corpus of many stories).
pub fn build_by_story(cfg: &LedgerConfig, input: &LedgerInput) -> Ledger {
    StoryLedgers::build(cfg, input).ledger()
}

impl StoryLedgers {
    /// Every story of `input`.
    pub fn build(cfg: &LedgerConfig, input: &LedgerInput) -> StoryLedgers {
        let mut kept = StoryLedgers::default();
        kept.update(cfg, input, None);
        kept
    }

    /// Bring the kept ledgers up to `input`, rebuilding only the stories in `changed`
    /// (those whose records changed: the stories of the documents added since) and the
    /// stories whose entity names changed; `None` rebuilds every story. A story with no
    /// records any more is dropped.
    pub fn update(
        &mut self,
        cfg: &LedgerConfig,
        input: &LedgerInput,
        changed: Option<&BTreeSet<StoryKey>>,
    ) {
        let docs = DocIndex::new(&input.documents);
        let parts = split_by_story(&docs, input);
        self.stories.retain(|story, _| parts.contains_key(story));
        for (story, records) in parts {
            let names = names_used(input, &records);
            let fresh = changed.is_some_and(|c| !c.contains(&story))
                && self.stories.get(&story).is_some_and(|p| p.names == names);
            if fresh {
                continue;
            }
            let ledger = build_with_docs(cfg, &docs, &records.to_input(names.clone()));
            self.stories.insert(story, StoryPart { ledger, names });
        }
    }

    /// The stories kept.
    pub fn len(&self) -> usize {
        self.stories.len()
    }

    pub fn is_empty(&self) -> bool {
        self.stories.is_empty()
    }

    /// The whole ledger, in the order [`crate::build`] gives: positions, agreements and
    /// contradictions are sorted by story first (so the parts follow each other in story
    /// order); meetings are sorted by date first and are merged by that order.
    pub fn ledger(&self) -> Ledger {
        let mut out = Ledger::default();
        for part in self.stories.values() {
            let l = &part.ledger;
            out.positions.extend(l.positions.iter().cloned());
            out.agreements.extend(l.agreements.iter().cloned());
            out.meetings.extend(l.meetings.iter().cloned());
            out.contradictions.extend(l.contradictions.iter().cloned());
        }
        // Stable, and every story's meetings are already in this order.
        out.meetings.sort_by(crate::meetings::meeting_order);
        out
    }
}

/// The records of one story, by reference (in input order).
#[derive(Default)]
struct StoryRecords<'a> {
    claims: Vec<&'a ClaimRecord>,
    meetings: Vec<&'a MeetingRecord>,
    facts: Vec<&'a FactRecord>,
    roles: Vec<&'a RoleReport>,
}

impl StoryRecords<'_> {
    /// The story's records as an input of its own (documents left out: the shared
    /// [`DocIndex`] knows them), with the entity names it may show.
    fn to_input(&self, entity_names: BTreeMap<String, String>) -> LedgerInput {
        LedgerInput {
            documents: Vec::new(),
            claims: self.claims.iter().map(|&c| c.clone()).collect(),
            meetings: self.meetings.iter().map(|&m| m.clone()).collect(),
            facts: self.facts.iter().map(|&f| f.clone()).collect(),
            roles: self.roles.iter().map(|&r| r.clone()).collect(),
            entity_names,
        }
    }
}

fn split_by_story<'a>(
    docs: &DocIndex,
    input: &'a LedgerInput,
) -> BTreeMap<StoryKey, StoryRecords<'a>> {
    let mut parts: BTreeMap<StoryKey, StoryRecords<'a>> = BTreeMap::new();
    for c in &input.claims {
        parts.entry(docs.story(&c.doc)).or_default().claims.push(c);
    }
    for m in &input.meetings {
        parts
            .entry(docs.story(&m.doc))
            .or_default()
            .meetings
            .push(m);
    }
    for f in &input.facts {
        parts.entry(docs.story(&f.doc)).or_default().facts.push(f);
    }
    for r in &input.roles {
        parts.entry(docs.story(&r.doc)).or_default().roles.push(r);
    }
    parts
}

/// The entity names a story's contradictions may show: those of the subjects of its
/// role reports and facts (the only subjects looked up by name).
fn names_used(input: &LedgerInput, part: &StoryRecords) -> BTreeMap<String, String> {
    let subjects: BTreeSet<&str> = part
        .roles
        .iter()
        .map(|r| r.entity.as_str())
        .chain(part.facts.iter().map(|f| f.subject.as_str()))
        .collect();
    subjects
        .into_iter()
        .filter_map(|s| Some((s.to_string(), input.entity_names.get(s)?.clone())))
        .collect()
}
