//! Meetings: reports of the same meeting merged.
//!
//! Merge rule, in three passes over the reports (sorted by ingest order and offset):
//! 1. reports with a resolved `date` merge when story, place (by `match_key`) and date
//!    are equal;
//! 2. an undated report with a `when` text joins a dated meeting of the same story and
//!    place when one of that meeting's `when` texts is compatible (the words of one are
//!    a subset of the words of the other: "Monday" ~ "on Monday"), and only when exactly
//!    one dated meeting qualifies; otherwise it merges with the first undated meeting of the same
//!    story and place whose `when` words are compatible;
//! 3. an undated report without any `when` joins the meeting at the same story and place
//!    when there is exactly one; otherwise all such reports form one "date unknown"
//!    meeting of that place (joining one of several rounds would be a guess).
//!
//! Reports that name no place are handled after all placed ones: each joins the only
//! placed meeting of its story that it fits (same date; else compatible `when`; else the
//! story's only meeting), and otherwise goes through the same passes with an empty place.
//!
//! Last, dated meetings of one story and place at most `round_date_window_days` apart
//! merge into one round reported with different dates ([`RoundRule`],
//! `merge_rounds_reported_days_apart`); the ledger reports those dates as a contradiction.
//!
//! Cost: a report is compared only with the meetings of its place (a placeless report:
//! with the placed meetings of its story), each meeting keeps the distinct `when` word
//! sets of its reports, and rounds are looked for among the dated meetings of one place
//! whose dates are within the window. Before, every report was compared with every
//! meeting and the `when` words of all their reports re-derived: quadratic in the reports
//! of a big story (93 % of a ledger rebuild of 5 000 generated articles).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use stancemap_model::text::{match_key, words};
use stancemap_model::MeetingRecord;

use crate::common::{most_frequent, DocIndex};
use crate::Meeting;

/// (story, place by `match_key`; empty when the reports name no place).
pub(crate) type PlaceKey = (Option<String>, String);

/// One meeting: the reports merged into it.
pub(crate) struct Cluster<'a> {
    pub place: PlaceKey,
    /// The resolved date (for a round merged over reports a day apart: the date most
    /// documents give, ties: the first reported).
    pub date: Option<String>,
    /// For undated clusters: the `when` words the cluster was made for (None = no when).
    undated_when: Option<BTreeSet<String>>,
    pub records: Vec<&'a MeetingRecord>,
    /// The distinct non-empty `when` word sets of `records`, kept as records join: the
    /// merge tests ask "does any report of this meeting have a compatible `when`?" once
    /// per new report, and re-deriving the words of every report of a big meeting each
    /// time made the clustering quadratic in the reports.
    when_sets: Vec<BTreeSet<String>>,
}

impl<'a> Cluster<'a> {
    fn new(place: PlaceKey, date: Option<String>, undated_when: Option<BTreeSet<String>>) -> Self {
        Cluster {
            place,
            date,
            undated_when,
            records: Vec::new(),
            when_sets: Vec::new(),
        }
    }

    fn push(&mut self, r: &'a MeetingRecord) {
        if let Some(when) = r.when.as_deref() {
            let words = when_words(when);
            if !words.is_empty() && !self.when_sets.contains(&words) {
                self.when_sets.push(words);
            }
        }
        self.records.push(r);
    }

    /// Does a report of this meeting give a `when` compatible with `when`?
    fn has_compatible_when(&self, when: &BTreeSet<String>) -> bool {
        self.when_sets.iter().any(|w| compatible_when(w, when))
    }

    fn is_placed(&self) -> bool {
        !self.place.1.is_empty()
    }

    fn is_date_unknown(&self) -> bool {
        self.date.is_none() && self.undated_when.is_none()
    }
}

/// The clusters being built, with indexes so that a report is compared only with the
/// meetings of its own place (or, for a placeless report, the placed meetings of its
/// story), never with every cluster. Each index lists clusters in creation order, so
/// "the first cluster that…" is the same cluster a scan of all clusters finds.
#[derive(Default)]
struct Clusters<'a> {
    list: Vec<Cluster<'a>>,
    by_place: HashMap<PlaceKey, Vec<usize>>,
    /// Dated clusters by (place, date): at most one each (see `add_dated`).
    dated: HashMap<(PlaceKey, String), usize>,
    /// Clusters with a place, by story.
    placed_by_story: HashMap<Option<String>, Vec<usize>>,
}

impl<'a> Clusters<'a> {
    fn at_place(&self, place: &PlaceKey) -> &[usize] {
        self.by_place.get(place).map_or(&[], Vec::as_slice)
    }

    fn placed_in_story(&self, story: &Option<String>) -> &[usize] {
        self.placed_by_story.get(story).map_or(&[], Vec::as_slice)
    }

    fn open(&mut self, mut cluster: Cluster<'a>, r: &'a MeetingRecord) {
        let i = self.list.len();
        cluster.push(r);
        self.by_place
            .entry(cluster.place.clone())
            .or_default()
            .push(i);
        if let Some(date) = &cluster.date {
            self.dated.insert((cluster.place.clone(), date.clone()), i);
        }
        if cluster.is_placed() {
            self.placed_by_story
                .entry(cluster.place.0.clone())
                .or_default()
                .push(i);
        }
        self.list.push(cluster);
    }
}

/// The meetings of the merged clusters, sorted (module docs).
pub(crate) fn build_meetings(docs: &DocIndex, clusters: &[Cluster]) -> Vec<Meeting> {
    let mut meetings: Vec<Meeting> = clusters.iter().map(|c| meeting_of(docs, c)).collect();
    meetings.sort_by(meeting_order);
    meetings
}

/// The order of `Ledger::meetings`: by date (undated last), story, place, `when`.
pub(crate) fn meeting_order(a: &Meeting, b: &Meeting) -> std::cmp::Ordering {
    (
        a.date.is_none(),
        &a.date,
        &a.story,
        &a.place,
        &a.when,
        &a.claims,
    )
        .cmp(&(
            b.date.is_none(),
            &b.date,
            &b.story,
            &b.place,
            &b.when,
            &b.claims,
        ))
}

/// Merge the meeting reports into clusters (module docs), in a deterministic order:
/// by the ingest order of their first report.
pub(crate) fn cluster_meetings<'a>(
    docs: &DocIndex,
    rounds: &RoundRule,
    records: &'a [MeetingRecord],
) -> Vec<Cluster<'a>> {
    let mut sorted: Vec<(PlaceKey, &MeetingRecord)> = records
        .iter()
        .map(|r| {
            let place = r.place.as_deref().map(match_key).unwrap_or_default();
            ((docs.story(&r.doc), place), r)
        })
        .collect();
    sorted.sort_by_cached_key(|(_, r)| (docs.order(&r.doc), r.start, r.id.as_str()));
    let (placed, placeless): (Vec<_>, Vec<_>) = sorted
        .into_iter()
        .partition(|(place, _)| !place.1.is_empty());
    let mut clusters = Clusters::default();
    for pass in [Pass::Dated, Pass::UndatedWithWhen, Pass::Vague] {
        for (place, r) in placed.iter().filter(|(_, r)| Pass::of(r) == pass) {
            pass.add(&mut clusters, place.clone(), r);
        }
    }
    // Reports that name no place come last: they join the one placed meeting they fit,
    // else they are merged among themselves by the same passes.
    for pass in [Pass::Dated, Pass::UndatedWithWhen, Pass::Vague] {
        for (place, r) in placeless.iter().filter(|(_, r)| Pass::of(r) == pass) {
            match single_placed_fit(&clusters, &place.0, r) {
                Some(i) => clusters.list[i].push(r),
                None => pass.add(&mut clusters, place.clone(), r),
            }
        }
    }
    let mut clusters = clusters.list;
    merge_rounds_reported_days_apart(docs, rounds, &mut clusters);
    clusters
}

/// The three merge passes of the module docs, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pass {
    Dated,
    UndatedWithWhen,
    Vague,
}

impl Pass {
    fn of(r: &MeetingRecord) -> Pass {
        match (resolved_date(r), has_when(r)) {
            (Some(_), _) => Pass::Dated,
            (None, true) => Pass::UndatedWithWhen,
            (None, false) => Pass::Vague,
        }
    }

    fn add<'a>(self, clusters: &mut Clusters<'a>, place: PlaceKey, r: &'a MeetingRecord) {
        match self {
            Pass::Dated => add_dated(clusters, place, r),
            Pass::UndatedWithWhen => add_undated_with_when(clusters, place, r),
            Pass::Vague => add_undated_without_when(clusters, place, r),
        }
    }
}

/// The only meeting with a place in the story that a placeless report fits: the same
/// date; else, for an undated report, a compatible `when`; else, for a report with
/// neither, the story's only placed meeting. `None` when no or several meetings fit.
fn single_placed_fit(
    clusters: &Clusters,
    story: &Option<String>,
    r: &MeetingRecord,
) -> Option<usize> {
    let placed = clusters.placed_in_story(story);
    let cluster = |i: &usize| &clusters.list[*i];
    let mut fits: Box<dyn Iterator<Item = usize>> = match (
        resolved_date(r),
        r.when.as_deref().filter(|w| !w.trim().is_empty()),
    ) {
        (Some(date), _) => Box::new(
            placed
                .iter()
                .filter(move |i| cluster(i).date.as_deref() == Some(date))
                .copied(),
        ),
        (None, Some(when)) => {
            let when = when_words(when);
            Box::new(
                placed
                    .iter()
                    .filter(move |i| cluster(i).has_compatible_when(&when))
                    .copied(),
            )
        }
        (None, None) => Box::new(placed.iter().copied()),
    };
    match (fits.next(), fits.next()) {
        (Some(only), None) => Some(only),
        _ => None,
    }
}

pub(crate) fn resolved_date(r: &MeetingRecord) -> Option<&str> {
    r.date.as_deref().map(str::trim).filter(|d| !d.is_empty())
}

fn has_when(r: &MeetingRecord) -> bool {
    r.when.as_deref().is_some_and(|w| !w.trim().is_empty())
}

fn when_words(when: &str) -> BTreeSet<String> {
    let key = match_key(when);
    words(&key).map(|(_, w)| w.to_string()).collect()
}

fn compatible_when(a: &BTreeSet<String>, b: &BTreeSet<String>) -> bool {
    !a.is_empty() && !b.is_empty() && (a.is_subset(b) || b.is_subset(a))
}

/// Only `add_dated` opens dated clusters, and only when none has the place and date:
/// so `Clusters::dated` holds the one dated cluster of each (place, date).
fn add_dated<'a>(clusters: &mut Clusters<'a>, place: PlaceKey, r: &'a MeetingRecord) {
    let key = (place, resolved_date(r).unwrap_or_default().to_string());
    match clusters.dated.get(&key) {
        Some(&i) => clusters.list[i].push(r),
        None => {
            let (place, date) = key;
            clusters.open(Cluster::new(place, Some(date), None), r)
        }
    }
}

fn add_undated_with_when<'a>(clusters: &mut Clusters<'a>, place: PlaceKey, r: &'a MeetingRecord) {
    let when = when_words(r.when.as_deref().unwrap_or_default());
    let here = clusters.at_place(&place);
    let mut dated = here
        .iter()
        .copied()
        .filter(|&i| clusters.list[i].date.is_some())
        .filter(|&i| clusters.list[i].has_compatible_when(&when));
    if let (Some(only), None) = (dated.next(), dated.next()) {
        clusters.list[only].push(r);
        return;
    }
    let same = here.iter().copied().find(|&i| {
        let c = &clusters.list[i];
        c.date.is_none()
            && c.undated_when
                .as_ref()
                .is_some_and(|w| compatible_when(w, &when))
    });
    match same {
        Some(i) => clusters.list[i].push(r),
        None => clusters.open(Cluster::new(place, None, Some(when)), r),
    }
}

fn add_undated_without_when<'a>(
    clusters: &mut Clusters<'a>,
    place: PlaceKey,
    r: &'a MeetingRecord,
) {
    let here = clusters.at_place(&place);
    let mut known = here
        .iter()
        .copied()
        .filter(|&i| !clusters.list[i].is_date_unknown());
    let only_known = match (known.next(), known.next()) {
        (Some(only), None) => Some(only),
        _ => None,
    };
    let unknown = here
        .iter()
        .copied()
        .find(|&i| clusters.list[i].is_date_unknown());
    match (only_known, unknown) {
        (_, Some(i)) => clusters.list[i].push(r),
        (Some(only), None) => clusters.list[only].push(r),
        (None, None) => clusters.open(Cluster::new(place, None, None), r),
    }
}

/// What decides that two dated meetings at one place are one round whose date sources
/// report differently.
#[derive(Debug, Default)]
pub(crate) struct RoundRule {
    /// Dates at most this many days apart may be one round
    /// (`contradictions.round_date_window_days`; 0 = never merge).
    pub window_days: i64,
    /// (document, byte offset) of every stated meeting duration longer than a day: a
    /// report whose sentence holds one describes a multi-day round, whose days differ
    /// by nature.
    pub long_durations: Vec<(String, usize)>,
}

impl RoundRule {
    fn multi_day(&self, r: &MeetingRecord) -> bool {
        self.long_durations
            .iter()
            .any(|(doc, at)| doc == &r.doc && (r.start..r.end).contains(at))
    }
}

/// Dated meetings of one story and place whose dates are at most the window apart are
/// one round reported with different dates (a time zone, a wrong weekday, "yesterday"
/// read against another day) when their parties agree (one set contains the other, both
/// named), no document reports both dates and no report says the round lasted more
/// than a day. They merge; the date is the one most documents give.
fn merge_rounds_reported_days_apart(
    docs: &DocIndex,
    rule: &RoundRule,
    clusters: &mut Vec<Cluster>,
) {
    if rule.window_days <= 0 {
        return;
    }
    // Only dated meetings of one (named) place can merge, so each place is compared
    // within itself; the clusters keep their order, as when every pair was compared.
    let mut by_place: BTreeMap<&PlaceKey, Vec<usize>> = BTreeMap::new();
    for (i, c) in clusters.iter().enumerate() {
        if c.is_placed() && c.date.is_some() {
            by_place.entry(&c.place).or_default().push(i);
        }
    }
    let groups: Vec<Vec<usize>> = by_place.into_values().collect();
    let mut removed = vec![false; clusters.len()];
    for group in &groups {
        merge_rounds_within(docs, rule, clusters, group, &mut removed);
    }
    let mut at = 0;
    clusters.retain(|_| {
        at += 1;
        !removed[at - 1]
    });
}

/// The pairwise merge over the clusters of one place (in order): each cluster takes in
/// every later one that is the same round.
fn merge_rounds_within(
    docs: &DocIndex,
    rule: &RoundRule,
    clusters: &mut [Cluster],
    group: &[usize],
    removed: &mut [bool],
) {
    for (at, &i) in group.iter().enumerate() {
        if removed[i] {
            continue;
        }
        let mut merged = false;
        for &j in &group[at + 1..] {
            if removed[j]
                || !dates_within_window(rule, &clusters[i], &clusters[j])
                || !one_round_days_apart(rule, &clusters[i], &clusters[j])
            {
                continue;
            }
            removed[j] = true;
            let other = std::mem::take(&mut clusters[j].records);
            for r in other {
                clusters[i].push(r);
            }
            merged = true;
        }
        if merged {
            let c = &mut clusters[i];
            c.records
                .sort_by_cached_key(|r| (docs.order(&r.doc), r.start, r.id.as_str()));
            c.date = date_most_documents_give(&c.records);
        }
    }
}

/// A cheap necessary condition of [`one_round_days_apart`]: a cluster's date is one of
/// its reports' dates, so two clusters whose dates are further apart than the window
/// (or not ISO dates) are never one round.
fn dates_within_window(rule: &RoundRule, a: &Cluster, b: &Cluster) -> bool {
    let day = |c: &Cluster| c.date.as_deref().and_then(day_number);
    match (day(a), day(b)) {
        (Some(x), Some(y)) => (x - y).abs() <= rule.window_days,
        _ => false,
    }
}

fn one_round_days_apart(rule: &RoundRule, a: &Cluster, b: &Cluster) -> bool {
    if a.place != b.place || a.place.1.is_empty() || a.date.is_none() || b.date.is_none() {
        return false;
    }
    let both = || a.records.iter().chain(&b.records);
    let Some(days) = both()
        .filter_map(|r| resolved_date(r))
        .map(day_number)
        .collect::<Option<Vec<i64>>>()
    else {
        return false;
    };
    let (Some(first), Some(last)) = (days.iter().min(), days.iter().max()) else {
        return false;
    };
    let (pa, pb) = (parties_of(a), parties_of(b));
    let docs_a: BTreeSet<&str> = a.records.iter().map(|r| r.doc.as_str()).collect();
    last - first <= rule.window_days
        && !pa.is_empty()
        && !pb.is_empty()
        && (pa.is_subset(&pb) || pb.is_subset(&pa))
        && !b.records.iter().any(|r| docs_a.contains(r.doc.as_str()))
        && !both().any(|r| rule.multi_day(r))
}

fn parties_of<'a>(c: &Cluster<'a>) -> BTreeSet<&'a str> {
    c.records
        .iter()
        .flat_map(|r| r.parties.iter().map(|p| p.trim()))
        .filter(|p| !p.is_empty())
        .collect()
}

/// The date given by the most documents; ties: the first reported (records are in
/// ingest order).
fn date_most_documents_give(records: &[&MeetingRecord]) -> Option<String> {
    let mut by_date: Vec<(&str, BTreeSet<&str>)> = Vec::new();
    for r in records {
        let Some(date) = resolved_date(r) else {
            continue;
        };
        match by_date.iter_mut().find(|(d, _)| *d == date) {
            Some((_, docs)) => {
                docs.insert(r.doc.as_str());
            }
            None => by_date.push((date, BTreeSet::from([r.doc.as_str()]))),
        }
    }
    let most = by_date.iter().map(|(_, d)| d.len()).max()?;
    by_date
        .into_iter()
        .find(|(_, d)| d.len() == most)
        .map(|(date, _)| date.to_string())
}

/// Days since 1970-01-01 of an ISO date (`YYYY-MM-DD`), or None when it is not one.
pub(crate) fn day_number(iso: &str) -> Option<i64> {
    let mut parts = iso.trim().splitn(3, '-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next()?.parse().ok()?;
    let d: i64 = parts.next()?.get(..2)?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Days from civil (H. Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

fn meeting_of(docs: &DocIndex, c: &Cluster) -> Meeting {
    let recs = &c.records;
    let field =
        |f: fn(&MeetingRecord) -> Option<&str>| most_frequent(recs.iter().filter_map(|r| f(r)));
    let mut parties: BTreeSet<String> = BTreeSet::new();
    for r in recs {
        parties.extend(
            r.parties
                .iter()
                .map(|p| p.trim().to_string())
                .filter(|p| !p.is_empty()),
        );
    }
    let claims = crate::common::dedup_in_order(recs.iter().map(|r| r.id.clone()));
    let sources = recs
        .iter()
        .filter(|r| docs.counted(&r.doc, r.counted))
        .map(|r| r.doc.as_str())
        .collect::<BTreeSet<_>>()
        .len();
    Meeting {
        story: c.place.0.clone(),
        place: field(|r| r.place.as_deref()),
        venue: most_specific_venue(recs),
        date: c.date.clone(),
        when: field(|r| r.when.as_deref()),
        parties: parties.into_iter().collect(),
        duration: field(|r| r.duration.as_deref()),
        outcome: field(|r| r.outcome.as_deref()),
        claims,
        sources,
    }
}

/// The most specific venue: the one with the most words ("Ciragan Palace, Besiktas"
/// over "the palace"); ties go to the most frequent, then the first reported.
fn most_specific_venue(recs: &[&MeetingRecord]) -> Option<String> {
    let venues: Vec<&str> = recs
        .iter()
        .filter_map(|r| r.venue.as_deref())
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .collect();
    let most_words = venues.iter().map(|v| words(v).count()).max()?;
    most_frequent(
        venues
            .iter()
            .copied()
            .filter(|v| words(v).count() == most_words),
    )
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn rec(
        id: &str,
        doc: &str,
        place: &str,
        when: Option<&str>,
        date: Option<&str>,
    ) -> MeetingRecord {
        MeetingRecord {
            id: id.into(),
            doc: doc.into(),
            sentence: format!("Talks were held in {place}."),
            start: 0,
            end: 10,
            place: Some(place.into()),
            venue: None,
            when: when.map(Into::into),
            date: date.map(Into::into),
            parties: vec![],
            duration: None,
            outcome: None,
            counted: true,
        }
    }

    fn build(records: &[MeetingRecord]) -> Vec<Meeting> {
        let docs = DocIndex::default();
        build_meetings(
            &docs,
            &cluster_meetings(&docs, &RoundRule::default(), records),
        )
    }

    #[test]
    fn same_place_and_date_merge_and_different_dates_stay_apart() {
        let mut a = rec("c-1", "d1", "Doha", Some("on Tuesday"), Some("2026-03-03"));
        a.venue = Some("a hotel".into());
        a.parties = vec!["QAT".into(), "USA".into()];
        let mut b = rec("c-2", "d2", "Doha", Some("Tuesday"), Some("2026-03-03"));
        b.venue = Some("the Sheraton hotel ballroom".into());
        b.parties = vec!["HAMAS".into()];
        let c = rec("c-3", "d3", "Doha", None, Some("2026-03-10"));
        let m = build(&[c, b, a]);
        assert_eq!(m.len(), 2);
        assert_eq!(m[0].date.as_deref(), Some("2026-03-03"));
        assert_eq!(m[0].venue.as_deref(), Some("the Sheraton hotel ballroom"));
        assert_eq!(m[0].parties, vec!["HAMAS", "QAT", "USA"]);
        assert_eq!(m[0].claims, vec!["c-1", "c-2"]);
        assert_eq!(m[0].sources, 2);
        assert_eq!(m[1].claims, vec!["c-3"]);
    }

    #[test]
    fn undated_reports_join_only_a_compatible_dated_meeting() {
        let dated = rec("c-1", "d1", "Geneva", Some("on Friday"), Some("2026-06-05"));
        let friday = rec("c-2", "d2", "geneva", Some("Friday"), None);
        let monday = rec("c-3", "d3", "Geneva", Some("Monday"), None);
        let monday2 = rec("c-4", "d4", "Geneva", Some("on  Monday"), None);
        let m = build(&[dated, friday, monday, monday2]);
        assert_eq!(m.len(), 2, "{m:#?}");
        assert_eq!(m[0].claims, vec!["c-1", "c-2"]);
        assert_eq!(m[1].date, None);
        // "Monday" and "on Monday" are compatible: one undated meeting.
        assert_eq!(m[1].claims, vec!["c-3", "c-4"]);
    }

    #[test]
    fn placeless_reports_join_the_one_placed_meeting_they_fit() {
        let mut nowhere_dated = rec("c-3", "d3", "x", None, Some("2026-02-02"));
        nowhere_dated.place = None;
        let mut nowhere_monday = rec("c-4", "d4", "x", Some("Monday"), None);
        nowhere_monday.place = None;
        let mut nowhere_friday = rec("c-5", "d5", "x", Some("Friday"), None);
        nowhere_friday.place = None;
        let m = build(&[
            nowhere_dated,
            nowhere_monday,
            nowhere_friday,
            rec("c-1", "d1", "Riyadh", Some("on Monday"), Some("2026-02-02")),
            rec("c-2", "d2", "Vienna", Some("Thursday"), Some("2026-02-05")),
        ]);
        let got: Vec<(Option<&str>, Vec<&str>)> = m
            .iter()
            .map(|m| {
                (
                    m.place.as_deref(),
                    m.claims.iter().map(String::as_str).collect(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (Some("Riyadh"), vec!["c-1", "c-3", "c-4"]),
                (Some("Vienna"), vec!["c-2"]),
                (None, vec!["c-5"]),
            ]
        );
    }

    #[test]
    fn undated_report_without_when_joins_the_single_meeting_only() {
        let one = rec("c-1", "d1", "Oslo", Some("Wednesday"), Some("2026-01-07"));
        let vague = rec("c-2", "d2", "Oslo", None, None);
        assert_eq!(build(&[one.clone(), vague.clone()]).len(), 1);
        let two = rec("c-3", "d3", "Oslo", Some("Thursday"), Some("2026-01-15"));
        let m = build(&[one, two, vague]);
        assert_eq!(m.len(), 3);
        assert_eq!(m[2].date, None);
        assert_eq!(m[2].claims, vec!["c-2"]);
    }
}
