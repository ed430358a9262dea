//! Claims, meeting reports and reported facts as they are stored and read back by the
//! ledger: the records that connect the claims stage (which finds them in one document)
//! to the ledger (which aggregates them over a corpus).
//!
//! Design decisions:
//! - A record names its document by id and its evidence by the byte span of a whole
//!   sentence, so every statement of the ledger can be footnoted with a verbatim quote.
//! - Parties are plain strings (ISO 3166-1 alpha-3 for states, short upper-case ids for
//!   organisations and groups); entities are corpus-wide registry ids (`e-…`).
//! - Records carry `counted`: `false` for records of duplicate documents, which are
//!   kept (an analyst may look at them) but never count as an extra source.

use serde::{Deserialize, Serialize};

use crate::Span;

/// What a party does in a claim. The names are those of `spec/EXPORT.md`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Act {
    Demand,
    Propose,
    Accept,
    Reject,
    Accuse,
    Threaten,
    Agree,
    Meet,
}

impl Act {
    pub const ALL: [Act; 8] = [
        Act::Demand,
        Act::Propose,
        Act::Accept,
        Act::Reject,
        Act::Accuse,
        Act::Threaten,
        Act::Agree,
        Act::Meet,
    ];

    /// The lower-case name used in data files, the store and the export.
    pub fn name(self) -> &'static str {
        match self {
            Act::Demand => "demand",
            Act::Propose => "propose",
            Act::Accept => "accept",
            Act::Reject => "reject",
            Act::Accuse => "accuse",
            Act::Threaten => "threaten",
            Act::Agree => "agree",
            Act::Meet => "meet",
        }
    }

    pub fn parse(name: &str) -> Option<Act> {
        Act::ALL.into_iter().find(|a| a.name() == name)
    }

    /// The position-matrix stance the act expresses for its party. A joint agreement
    /// means each party accepts the item; accusations, threats and meetings are events,
    /// not stances on an agenda item.
    pub fn stance(self) -> Option<Stance> {
        match self {
            Act::Demand => Some(Stance::Demand),
            Act::Propose => Some(Stance::Propose),
            Act::Accept | Act::Agree => Some(Stance::Accept),
            Act::Reject => Some(Stance::Reject),
            Act::Accuse | Act::Threaten | Act::Meet => None,
        }
    }
}

/// A party's stance on a topic (`spec/TOPICS.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stance {
    Demand,
    Propose,
    Accept,
    Reject,
}

impl Stance {
    pub const ALL: [Stance; 4] = [
        Stance::Demand,
        Stance::Propose,
        Stance::Accept,
        Stance::Reject,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Stance::Demand => "demand",
            Stance::Propose => "propose",
            Stance::Accept => "accept",
            Stance::Reject => "reject",
        }
    }

    pub fn parse(name: &str) -> Option<Stance> {
        Stance::ALL.into_iter().find(|s| s.name() == name)
    }
}

/// One claim: a party's act on an item, evidenced by one sentence of one document.
/// This is `claims[]` of the export plus the fields the ledger needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClaimRecord {
    /// `c-` + 16 hex digits, derived from the document id, the cue position and the item.
    pub id: String,
    pub doc: String,
    /// The whole sentence, verbatim: `text[start..end]` of the document.
    pub sentence: String,
    pub start: usize,
    pub end: usize,
    /// The act cue inside the sentence ("rejected", "list of demands").
    pub cue: Span,
    /// The side the claim is attributed to.
    pub party: String,
    /// Registry id of the person or body who said or did it, when known.
    pub speaker: Option<String>,
    pub act: Act,
    /// A topic id of the taxonomy, or `None` when the item fits no topic.
    pub topic: Option<String>,
    /// The item the act is about, verbatim from the sentence ("a 30-day truce").
    pub item: String,
    /// The party addressed, when one is named in the item ("demanded … from Russia").
    pub target: Option<String>,
    /// Other parties of a joint act (`agree`, `meet`), sorted.
    pub with: Vec<String>,
    /// Conditions as written ("until Kyiv withdraws its forces").
    pub conditions: Vec<String>,
    /// Who reports it when the sentence hedges ("Reuters", "sources in Moscow").
    pub attributed_to: Option<String>,
    /// The act was negated in the text ("will not agree to"): `act` is already the
    /// resulting act (a negated acceptance is a rejection).
    pub negated: bool,
    pub confidence: f32,
    /// `false` when the document duplicates another: shown, never counted as a source.
    pub counted: bool,
}

/// A report of a meeting or negotiation round in one sentence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeetingRecord {
    /// `c-` + 16 hex digits (the id of the `meet` claim of the same sentence, when the
    /// sentence names who met).
    pub id: String,
    pub doc: String,
    pub sentence: String,
    pub start: usize,
    pub end: usize,
    pub place: Option<String>,
    pub venue: Option<String>,
    /// The time expression as written ("on Monday", "mid-May").
    pub when: Option<String>,
    /// ISO date when `when` could be resolved (against the publication date if needed).
    pub date: Option<String>,
    /// Parties taking part, sorted.
    pub parties: Vec<String>,
    /// Duration as written ("less than two hours").
    pub duration: Option<String>,
    /// Outcome words as written ("ended without a deal").
    pub outcome: Option<String>,
    pub counted: bool,
}

/// A fact a source states about a subject that other sources may state differently:
/// who mediated the talks, how long a round lasted, how many prisoners were freed.
/// Role facts of people are kept apart (the actors stage records them).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FactRecord {
    pub doc: String,
    /// An entity id (`e-…`), a topic id, or `meeting:<place>`.
    pub subject: String,
    /// `mediation`, `duration`, `count:<thing>`, … (see the facts data file).
    pub attribute: String,
    /// The value as written, lower-cased only where the data file says so.
    pub value: String,
    /// A normalised value used for comparison (`direct`, `mediated:USA`, `120min`).
    pub key: String,
    pub start: usize,
    pub end: usize,
    pub counted: bool,
}

/// What the ledger needs to know about a stored document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocMeta {
    pub id: String,
    pub source: String,
    pub title: String,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub story: Option<String>,
    pub duplicate_of: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn act_names_round_trip_and_match_serde() {
        for act in Act::ALL {
            assert_eq!(Act::parse(act.name()), Some(act));
            let json = serde_json::to_string(&act).unwrap();
            assert_eq!(json, format!("\"{}\"", act.name()));
        }
        assert_eq!(Act::parse("demands"), None);
    }

    #[test]
    fn only_agenda_acts_have_stances() {
        assert_eq!(Act::Agree.stance(), Some(Stance::Accept));
        assert_eq!(Act::Meet.stance(), None);
        assert_eq!(Act::Reject.stance(), Some(Stance::Reject));
        for s in Stance::ALL {
            assert_eq!(Stance::parse(s.name()), Some(s));
        }
    }
}
