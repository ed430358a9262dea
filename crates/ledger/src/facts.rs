//! Contradictions between facts that sources state differently: who mediated, how many
//! were freed, how long a truce or a meeting lasted, and on which day a round was held.
//! The rules are in the crate docs ("Contradictions").

use std::collections::{BTreeMap, BTreeSet};

use stancemap_model::text::match_key;
use stancemap_model::FactRecord;

use crate::common::{most_frequent, DocIndex};
use crate::contradictions::{conflicting_groups, display_name, values_of, ValueGroup};
use crate::meetings::{day_number, resolved_date, Cluster, RoundRule};
use crate::{Contradiction, ContradictionTunables, DurationBound, LedgerConfig, LedgerInput};

/// The subject the claims stage gives every duration of a meeting (one per story: it
/// cannot tell rounds apart; the ledger does, through the merged meetings).
const MEETING_SUBJECT: &str = "meeting";
const DURATION: &str = "duration";
const DAY_MINUTES: u64 = 24 * 60;

fn is_meeting_duration(f: &FactRecord) -> bool {
    f.subject == MEETING_SUBJECT && f.attribute == DURATION
}

/// Minutes of a duration key ("180min").
fn minutes(key: &str) -> Option<u64> {
    key.trim().strip_suffix("min")?.parse().ok()
}

/// The rule that merges dated meeting reports into rounds, from the tunables and the
/// stated meeting durations (a round of more than a day is never merged across dates).
pub(crate) fn round_rule(cfg: &LedgerConfig, facts: &[FactRecord]) -> RoundRule {
    RoundRule {
        window_days: i64::try_from(cfg.contradictions.round_date_window_days).unwrap_or(0),
        long_durations: facts
            .iter()
            .filter(|f| is_meeting_duration(f) && minutes(&f.key).is_some_and(|m| m > DAY_MINUTES))
            .map(|f| (f.doc.clone(), f.start))
            .collect(),
    }
}

/// Fact contradictions of the counted documents: meeting durations per round, every
/// other fact per (story, subject, attribute).
pub(crate) fn fact_contradictions(
    cfg: &LedgerConfig,
    docs: &DocIndex,
    input: &LedgerInput,
    meetings: &[Cluster],
) -> Vec<Contradiction> {
    let mut facts: Vec<&FactRecord> = input
        .facts
        .iter()
        .filter(|f| docs.counted(&f.doc, f.counted) && !f.key.trim().is_empty())
        .collect();
    facts.sort_by(|a, b| {
        (docs.order(&a.doc), a.start, &a.key, &a.value).cmp(&(
            docs.order(&b.doc),
            b.start,
            &b.key,
            &b.value,
        ))
    });
    let (durations, others): (Vec<&FactRecord>, Vec<&FactRecord>) =
        facts.into_iter().partition(|f| is_meeting_duration(f));
    let mut out = stated_fact_contradictions(docs, input, &others);
    out.extend(meeting_duration_contradictions(
        cfg, docs, &durations, meetings,
    ));
    out
}

/// Two keys conflict unless equal or one refines the other: "mediated:OMN" says more
/// than "mediated" (Oman-brokered indirect talks), "mediated:QAT" and "mediated:EGY" or
/// "direct" and "mediated" disagree.
fn keys_conflict(a: &str, b: &str) -> bool {
    let refines = |specific: &str, vague: &str| {
        specific
            .strip_prefix(vague)
            .is_some_and(|rest| rest.starts_with(':'))
    };
    a != b && !refines(a, b) && !refines(b, a)
}

/// Dates of the documents stating a value: publication dates, `None` for undated ones.
type Dates<'a> = BTreeSet<Option<&'a str>>;

/// A value stated at some date can contradict one stated at the same date; an undated
/// report may be from any date. Different dates are a change (a new offer, a second
/// mediator), not a disagreement.
fn dates_overlap(a: &Dates, b: &Dates) -> bool {
    a.contains(&None) || b.contains(&None) || !a.is_disjoint(b)
}

/// The same (story, subject, attribute) stated with conflicting keys at one date.
fn stated_fact_contradictions(
    docs: &DocIndex,
    input: &LedgerInput,
    facts: &[&FactRecord],
) -> Vec<Contradiction> {
    type FactKey<'a> = (Option<String>, &'a str, &'a str);
    let mut subjects: BTreeMap<FactKey, BTreeMap<&str, (ValueGroup, Dates)>> = BTreeMap::new();
    for f in facts {
        let (group, dates) = subjects
            .entry((docs.story(&f.doc), f.subject.as_str(), f.attribute.as_str()))
            .or_default()
            .entry(f.key.trim())
            .or_default();
        group.add(docs, f.value.trim(), &f.doc);
        dates.insert(docs.published(&f.doc));
    }
    let mut out = Vec::new();
    for ((story, subject, attribute), by_key) in subjects {
        let keys: Vec<&str> = by_key.keys().copied().collect();
        let (groups, dates): (Vec<ValueGroup>, Vec<Dates>) = by_key.into_values().unzip();
        let chosen = conflicting_groups(
            groups,
            |i, j| keys_conflict(keys[i], keys[j]) && dates_overlap(&dates[i], &dates[j]),
            |i| keys[i].matches(':').count(),
        );
        if chosen.len() < 2 {
            continue;
        }
        out.push(Contradiction {
            story,
            subject: subject.to_string(),
            subject_name: display_name(input, subject),
            attribute: attribute.to_string(),
            values: values_of(docs, chosen),
        });
    }
    out
}

/// Where and when the meeting a duration belongs to took place, as far as known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Anchor<'a> {
    /// Index of the merged meeting.
    meeting: usize,
    place: Option<&'a str>,
    day: Option<i64>,
}

impl Anchor<'_> {
    /// Two meetings in different places, or on dates further apart than one round's
    /// date disagreement, are different rounds. Anything else may be one round seen by
    /// different sources ("Wednesday" and "the night to Thursday").
    fn different_round(&self, other: &Anchor, window_days: i64) -> bool {
        let places = matches!((self.place, other.place), (Some(a), Some(b)) if a != b);
        let days =
            matches!((self.day, other.day), (Some(a), Some(b)) if (a - b).abs() > window_days);
        places || days
    }
}

/// One round's durations.
#[derive(Default)]
struct Round<'a> {
    anchors: Vec<Anchor<'a>>,
    facts: Vec<&'a FactRecord>,
}

/// Durations of a meeting compared per round: a duration belongs to the merged meeting
/// whose report is its sentence; durations of meetings at different places or dates
/// (further apart than `round_date_window_days`) are different rounds and never
/// compared. A duration whose sentence reports no placed or dated meeting joins the
/// first round of its story (in ingest order).
fn meeting_duration_contradictions(
    cfg: &LedgerConfig,
    docs: &DocIndex,
    facts: &[&FactRecord],
    meetings: &[Cluster],
) -> Vec<Contradiction> {
    let window = i64::try_from(cfg.contradictions.round_date_window_days).unwrap_or(0);
    let anchor_of = anchors_by_sentence(meetings);
    let mut stories: BTreeMap<Option<String>, Vec<(Option<Anchor>, &FactRecord)>> = BTreeMap::new();
    for f in facts {
        let anchor = anchor_of(f);
        stories
            .entry(docs.story(&f.doc))
            .or_default()
            .push((anchor, f));
    }
    let mut out = Vec::new();
    for (story, facts) in stories {
        for round in rounds_of(&facts, window) {
            if let Some(c) = round_contradiction(cfg, docs, story.clone(), &round, meetings) {
                out.push(c);
            }
        }
    }
    out
}

/// A function giving the anchor of the meeting report whose sentence holds a fact.
fn anchors_by_sentence<'m>(
    meetings: &'m [Cluster],
) -> impl Fn(&FactRecord) -> Option<Anchor<'m>> + 'm {
    let mut by_doc: BTreeMap<&str, Vec<(usize, usize, Anchor)>> = BTreeMap::new();
    for (i, c) in meetings.iter().enumerate() {
        let anchor = Anchor {
            meeting: i,
            place: Some(c.place.1.as_str()).filter(|p| !p.is_empty()),
            day: c.date.as_deref().and_then(day_number),
        };
        if anchor.place.is_none() && anchor.day.is_none() {
            continue;
        }
        for r in &c.records {
            by_doc
                .entry(r.doc.as_str())
                .or_default()
                .push((r.start, r.end, anchor));
        }
    }
    move |f: &FactRecord| {
        by_doc.get(f.doc.as_str()).and_then(|sentences| {
            sentences
                .iter()
                .find(|(start, end, _)| (*start..*end).contains(&f.start))
                .map(|(_, _, a)| *a)
        })
    }
}

/// Greedy in ingest order, anchored durations first: a duration joins the first round
/// none of whose meetings is a different round, else opens a new one.
fn rounds_of<'a>(facts: &[(Option<Anchor<'a>>, &'a FactRecord)], window: i64) -> Vec<Round<'a>> {
    let mut rounds: Vec<Round<'a>> = Vec::new();
    let anchored = facts.iter().filter_map(|(a, f)| a.map(|a| (a, *f)));
    for (anchor, f) in anchored {
        let fits = |r: &&mut Round| !r.anchors.iter().any(|a| a.different_round(&anchor, window));
        match rounds.iter_mut().find(fits) {
            Some(r) => {
                r.anchors.push(anchor);
                r.facts.push(f);
            }
            None => rounds.push(Round {
                anchors: vec![anchor],
                facts: vec![f],
            }),
        }
    }
    for (_, f) in facts.iter().filter(|(a, _)| a.is_none()) {
        match rounds.first_mut() {
            Some(r) => r.facts.push(f),
            None => rounds.push(Round {
                anchors: Vec::new(),
                facts: vec![f],
            }),
        }
    }
    rounds
}

/// The bound or estimate a stated duration's first words make of it ("less than two
/// hours"), by the longest phrase of `duration_bounds`.
fn duration_bound(t: &ContradictionTunables, value: &str) -> Option<DurationBound> {
    let key = match_key(value);
    t.duration_bounds
        .iter()
        .map(|(phrase, bound)| (match_key(phrase), *bound))
        .filter(|(phrase, _)| {
            key.strip_prefix(phrase.as_str())
                .is_some_and(|rest| rest.starts_with(' '))
        })
        .max_by_key(|(phrase, _)| phrase.len())
        .map(|(_, bound)| bound)
}

/// The minutes a stated duration allows: its number, or the span its bound gives.
fn allowed_minutes(
    t: &ContradictionTunables,
    key: &str,
    bound: Option<DurationBound>,
) -> Option<(f64, f64)> {
    let m = minutes(key)? as f64;
    let tol = f64::from(t.duration_tolerance);
    const DAY: f64 = DAY_MINUTES as f64;
    Some(match bound {
        // "a day of talks", "two days": calendar days, so any length within the last
        // of them ("a day" and "about seven hours" agree; "two days" and "eleven
        // hours" do not).
        None if m >= DAY && m % DAY == 0.0 => (m - DAY + 1.0, m),
        None => (m, m),
        Some(DurationBound::AtMost) => (0.0, m),
        Some(DurationBound::AtLeast) => (m, f64::INFINITY),
        // "nearly eight hours" is closer to eight than "about eight hours": half the span.
        Some(DurationBound::JustUnder) => (m * (1.0 - tol / 2.0), m),
        Some(DurationBound::JustOver) => (m, m * (1.0 + tol / 2.0)),
        Some(DurationBound::About) => (m * (1.0 - tol), m * (1.0 + tol)),
    })
}

/// The contradiction of one round: durations whose allowed minutes do not meet ("about
/// three hours" and "more than five hours"; not "less than two hours" and "about ninety
/// minutes"). A vaguer statement joins the one precise statement it fits.
fn round_contradiction(
    cfg: &LedgerConfig,
    docs: &DocIndex,
    story: Option<String>,
    round: &Round,
    meetings: &[Cluster],
) -> Option<Contradiction> {
    let t = &cfg.contradictions;
    let mut by_key: BTreeMap<(&str, Option<DurationBound>), ValueGroup> = BTreeMap::new();
    for f in &round.facts {
        by_key
            .entry((f.key.trim(), duration_bound(t, &f.value)))
            .or_default()
            .add(docs, f.value.trim(), &f.doc);
    }
    let keys: Vec<(&str, Option<DurationBound>)> = by_key.keys().copied().collect();
    let spans: Vec<Option<(f64, f64)>> = keys
        .iter()
        .map(|(key, bound)| allowed_minutes(t, key, *bound))
        .collect();
    let conflict = |i: usize, j: usize| match (spans[i], spans[j]) {
        (Some(a), Some(b)) => a.1 < b.0 || b.1 < a.0,
        _ => keys[i].0 != keys[j].0,
    };
    let specificity = |i: usize| match keys[i].1 {
        None => 2,
        Some(DurationBound::AtMost | DurationBound::AtLeast) => 0,
        Some(_) => 1,
    };
    let chosen = conflicting_groups(by_key.into_values().collect(), conflict, specificity);
    if chosen.len() < 2 {
        return None;
    }
    let (subject, subject_name) = round_name(round, meetings);
    Some(Contradiction {
        story,
        subject,
        subject_name,
        attribute: DURATION.to_string(),
        values: values_of(docs, chosen),
    })
}

/// `meeting:<place>` and "meeting in <place> on <date>" when the round's meetings
/// agree on them, else plain "meeting".
fn round_name(round: &Round, meetings: &[Cluster]) -> (String, String) {
    let ids: BTreeSet<usize> = round.anchors.iter().map(|a| a.meeting).collect();
    let records = || {
        ids.iter()
            .filter_map(|&i| meetings.get(i))
            .flat_map(|c| c.records.iter())
    };
    let place = most_frequent(records().filter_map(|r| r.place.as_deref()));
    let dates: BTreeSet<&str> = ids
        .iter()
        .filter_map(|&i| meetings.get(i).and_then(|c| c.date.as_deref()))
        .collect();
    let mut name = MEETING_SUBJECT.to_string();
    let mut subject = MEETING_SUBJECT.to_string();
    if let Some(place) = &place {
        subject = format!("{MEETING_SUBJECT}:{place}");
        name = format!("{name} in {place}");
    }
    if let [date] = dates.into_iter().collect::<Vec<_>>()[..] {
        name = format!("{name} on {date}");
    }
    (subject, name)
}

/// A meeting merged over reports that give different dates (see the meetings module):
/// the dates are a contradiction, each with the counted documents that give it.
pub(crate) fn meeting_date_contradictions(
    docs: &DocIndex,
    meetings: &[Cluster],
) -> Vec<Contradiction> {
    let mut out = Vec::new();
    for c in meetings {
        let mut by_date: BTreeMap<&str, ValueGroup> = BTreeMap::new();
        for r in c.records.iter().filter(|r| docs.counted(&r.doc, r.counted)) {
            if let Some(date) = resolved_date(r) {
                by_date.entry(date).or_default().add(docs, date, &r.doc);
            }
        }
        if by_date.len() < 2 {
            continue;
        }
        let place =
            most_frequent(c.records.iter().filter_map(|r| r.place.as_deref())).unwrap_or_default();
        out.push(Contradiction {
            story: c.place.0.clone(),
            subject: format!("{MEETING_SUBJECT}:{place}"),
            subject_name: format!("{MEETING_SUBJECT} in {place}"),
            attribute: "date".to_string(),
            values: values_of(docs, by_date.into_values().collect()),
        });
    }
    out
}
