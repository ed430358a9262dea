//! The position matrix: one stance per (story, party, topic) by the weight of evidence.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

use stancemap_model::{Act, ClaimRecord, Stance};

use crate::common::{
    distinct_texts, most_supported, noisy_or, round3, sane, trim_words, DocIndex, Surface,
};
use crate::{LedgerConfig, Position, PositionTunables, StanceAt};

/// One claim as evidence for one party's cell (an `agree` claim is evidence for each of
/// its parties).
#[derive(Debug, Clone)]
pub(crate) struct Evidence<'a> {
    pub claim: &'a ClaimRecord,
    pub stance: Stance,
    /// Confidence after the hedge and negation discounts.
    pub weight: f32,
    /// (document ingest order, sentence offset): the corpus position of the claim.
    pub rank: (usize, usize),
    pub date: Option<&'a str>,
}

type CellKey = (Option<String>, String, String);

/// Is the stance on the "for" side (demand, propose, accept) or against it (reject)?
pub(crate) fn is_for(stance: Stance) -> bool {
    stance != Stance::Reject
}

/// The evidence weight of a claim: its confidence, discounted when hedged or negated.
pub(crate) fn claim_weight(t: &PositionTunables, c: &ClaimRecord) -> f32 {
    let mut w = sane(c.confidence);
    if c.attributed_to.is_some() {
        w *= t.hedged_weight;
    }
    if c.negated {
        w *= t.negated_weight;
    }
    w
}

/// A claim's weight as evidence of its party's own stance: an agreement's implied
/// acceptance weighs less than a stated stance.
fn stance_weight(t: &PositionTunables, c: &ClaimRecord) -> f32 {
    let w = claim_weight(t, c);
    if c.act == stancemap_model::Act::Agree && !c.with.is_empty() {
        w * t.agreement_weight
    } else {
        w
    }
}

pub(crate) fn build_positions(
    cfg: &LedgerConfig,
    docs: &DocIndex,
    claims: &[ClaimRecord],
    nested: &BTreeSet<&str>,
) -> Vec<Position> {
    let mut cells: BTreeMap<CellKey, Vec<Evidence>> = BTreeMap::new();
    for claim in claims {
        let (Some(topic), Some(stance)) = (&claim.topic, claim.act.stance()) else {
            continue;
        };
        if !docs.counted(&claim.doc, claim.counted) || nested.contains(claim.id.as_str()) {
            continue;
        }
        let ev = Evidence {
            claim,
            stance,
            weight: stance_weight(&cfg.positions, claim),
            rank: (docs.order(&claim.doc), claim.start),
            date: docs.published(&claim.doc),
        };
        for party in stance_parties(claim) {
            let key = (docs.story(&claim.doc), party.to_string(), topic.clone());
            cells.entry(key).or_default().push(ev.clone());
        }
    }
    cells
        .into_iter()
        .filter_map(|(key, mut evidence)| {
            sort_strongest_first(&mut evidence);
            position_of(&cfg.positions, key, &evidence)
        })
        .collect()
}

/// The parties a claim gives a stance to: its party, and for a joint agreement every
/// party it names (each of them accepts the item).
fn stance_parties(claim: &ClaimRecord) -> Vec<&str> {
    let mut parties: BTreeSet<&str> = BTreeSet::new();
    parties.insert(claim.party.as_str());
    if claim.act == Act::Agree {
        parties.extend(claim.with.iter().map(String::as_str));
    }
    parties
        .into_iter()
        .filter(|p| !p.trim().is_empty())
        .collect()
}

/// Strongest first: weight; on equal weight a claim from a document not yet listed
/// comes first (distinct sources before second claims of one source); then ingest order
/// and offset; then the id, so the order never depends on the input order.
pub(crate) fn sort_strongest_first(evidence: &mut [Evidence]) {
    evidence.sort_by(|a, b| {
        a.rank
            .cmp(&b.rank)
            .then_with(|| a.claim.id.cmp(&b.claim.id))
    });
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    let within_doc: Vec<usize> = evidence
        .iter()
        .map(|e| {
            let n = seen.entry(e.claim.doc.as_str()).or_insert(0);
            *n += 1;
            *n
        })
        .collect();
    let mut indexed: Vec<(usize, Evidence)> = within_doc
        .into_iter()
        .zip(evidence.iter().cloned())
        .collect();
    indexed.sort_by(|(na, a), (nb, b)| {
        b.weight
            .total_cmp(&a.weight)
            .then(na.cmp(nb))
            .then(a.rank.cmp(&b.rank))
            .then_with(|| a.claim.id.cmp(&b.claim.id))
    });
    for (slot, (_, e)) in evidence.iter_mut().zip(indexed) {
        *slot = e;
    }
}

/// Sum over distinct documents of the strongest weight each gives to evidence matching
/// `keep`. Summed in document-id order, so the float result is order-independent.
fn doc_weight_sum(evidence: &[Evidence], keep: impl Fn(Stance) -> bool) -> f32 {
    per_doc_max(evidence, keep).values().sum()
}

fn per_doc_max<'a>(
    evidence: &[Evidence<'a>],
    keep: impl Fn(Stance) -> bool,
) -> BTreeMap<&'a str, f32> {
    let mut best: BTreeMap<&str, f32> = BTreeMap::new();
    for e in evidence.iter().filter(|e| keep(e.stance)) {
        let w = best.entry(e.claim.doc.as_str()).or_insert(0.0);
        *w = w.max(e.weight);
    }
    best
}

fn strongest(evidence: &[Evidence], keep: impl Fn(Stance) -> bool) -> f32 {
    evidence
        .iter()
        .filter(|e| keep(e.stance))
        .map(|e| e.weight)
        .fold(0.0, f32::max)
}

/// The latest publication date of evidence matching `keep` (ISO dates sort as text).
fn latest_date<'a>(evidence: &[Evidence<'a>], keep: impl Fn(Stance) -> bool) -> Option<&'a str> {
    evidence
        .iter()
        .filter(|e| keep(e.stance))
        .filter_map(|e| e.date)
        .max()
}

/// The stance the evidence supports, with the share of the weight it has against the
/// stance that contradicts it.
///
/// First the side (for = demand/propose/accept, against = reject) by summed per-document
/// weight; a tie goes to the side with the strongest single claim, then to the side with
/// the latest dated evidence (a party's latest word), then to "for". Then, within the
/// side, the stance with the largest summed per-document weight; ties go to the strongest
/// single claim, then to the order demand, propose, accept (a party's own initiative is
/// what an analyst writes down first).
///
/// The share is `W(accept) / (W(accept) + W(reject))` for accept and the reverse for
/// reject: only accept and reject exclude each other. A demand or proposal next to a
/// rejection in one topic is the normal shape of a negotiating position (demand one
/// thing, reject another: "insists on enrichment, rejects zero enrichment"), so their
/// share is 1.
pub(crate) fn choose_stance(evidence: &[Evidence]) -> Option<(Stance, f32)> {
    let w_for = doc_weight_sum(evidence, is_for);
    let w_against = doc_weight_sum(evidence, |s| !is_for(s));
    if evidence.is_empty() {
        return None;
    }
    let side_for = w_for
        .total_cmp(&w_against)
        .then_with(|| strongest(evidence, is_for).total_cmp(&strongest(evidence, |s| !is_for(s))))
        .then_with(|| latest_date(evidence, is_for).cmp(&latest_date(evidence, |s| !is_for(s))))
        != Ordering::Less;
    let w_accept = doc_weight_sum(evidence, |s| s == Stance::Accept);
    // `own` is one of the two terms, so the share is within 0..=1.
    let share_of = |own: f32| {
        let opposed = w_accept + w_against;
        if opposed > 0.0 {
            own / opposed
        } else {
            0.0
        }
    };
    if !side_for {
        return Some((Stance::Reject, share_of(w_against)));
    }
    let stance = [Stance::Demand, Stance::Propose, Stance::Accept]
        .into_iter()
        .filter(|s| evidence.iter().any(|e| e.stance == *s))
        .max_by(|a, b| {
            doc_weight_sum(evidence, |s| s == *a)
                .total_cmp(&doc_weight_sum(evidence, |s| s == *b))
                .then_with(|| {
                    strongest(evidence, |s| s == *a).total_cmp(&strongest(evidence, |s| s == *b))
                })
                // Earlier in the list wins a full tie: max_by keeps the last maximum,
                // so compare the reversed enum order.
                .then_with(|| b.cmp(a))
        })?;
    let share = if stance == Stance::Accept {
        share_of(w_accept)
    } else {
        1.0
    };
    Some((stance, share))
}

/// When every claim of the cell is dated and one side's claims are all strictly newer
/// than all of the other side's, the older side is superseded: it is history (a party
/// that moved from reject to accept), not evidence against the current stance.
fn current_evidence<'a>(evidence: &[Evidence<'a>]) -> Vec<Evidence<'a>> {
    let all = || evidence.to_vec();
    if evidence.iter().any(|e| e.date.is_none()) {
        return all();
    }
    let span = |side: bool| {
        let dates = evidence
            .iter()
            .filter(|e| is_for(e.stance) == side)
            .filter_map(|e| e.date);
        (dates.clone().min(), dates.max())
    };
    let ((for_min, for_max), (against_min, against_max)) = (span(true), span(false));
    let newer_side = match (for_min, for_max, against_min, against_max) {
        (Some(_), Some(f_max), Some(a_min), Some(_)) if f_max < a_min => Some(false),
        (Some(f_min), Some(_), Some(_), Some(a_max)) if a_max < f_min => Some(true),
        _ => None,
    };
    match newer_side {
        Some(side) => evidence
            .iter()
            .filter(|e| is_for(e.stance) == side)
            .cloned()
            .collect(),
        None => all(),
    }
}

fn position_of(t: &PositionTunables, key: CellKey, all: &[Evidence]) -> Option<Position> {
    let current = current_evidence(all);
    let evidence = &current[..];
    let (stance, share) = choose_stance(evidence)?;
    let same_side = |s: Stance| is_for(s) == is_for(stance);
    let confidence = round3(noisy_or(per_doc_max(evidence, same_side).into_values()) * share);
    if confidence < t.min_confidence {
        return None;
    }
    let chosen: Vec<&Evidence> = evidence.iter().filter(|e| e.stance == stance).collect();
    let sources = chosen
        .iter()
        .map(|e| e.claim.doc.as_str())
        .collect::<BTreeSet<_>>()
        .len();
    let claims = chosen
        .iter()
        .copied()
        .chain(
            evidence
                .iter()
                .filter(|e| e.stance != stance && same_side(e.stance)),
        )
        .map(|e| e.claim.id.clone());
    let claims = crate::common::dedup_in_order(claims);
    let summary = most_supported(chosen.iter().map(|e| Surface {
        text: &e.claim.item,
        doc: &e.claim.doc,
        weight: e.weight,
        rank: e.rank,
    }))
    .map(|s| trim_words(&s, t.summary_max_words))
    .unwrap_or_default();
    let conditions = distinct_texts(
        chosen
            .iter()
            .flat_map(|e| e.claim.conditions.iter().map(String::as_str)),
    );
    let (story, party, topic) = key;
    Some(Position {
        story,
        party,
        topic,
        stance,
        summary,
        conditions,
        claims,
        sources,
        confidence,
        history: history(all),
    })
}

/// The stance per publication date, oldest first, chosen by the same rule as the cell's
/// stance but over that date's evidence only; the claim is the strongest one of that
/// stance on that date. `evidence` is sorted strongest first.
fn history(evidence: &[Evidence]) -> Vec<StanceAt> {
    let mut by_date: BTreeMap<&str, Vec<Evidence>> = BTreeMap::new();
    for e in evidence {
        if let Some(date) = e.date {
            by_date.entry(date).or_default().push(e.clone());
        }
    }
    by_date
        .into_iter()
        .filter_map(|(date, evs)| {
            let (stance, _) = choose_stance(&evs)?;
            let claim = evs.iter().find(|e| e.stance == stance)?;
            Some(StanceAt {
                date: date.to_string(),
                stance,
                claim: claim.claim.id.clone(),
            })
        })
        .collect()
}
