//! Agreements: joint `agree` claims grouped by (story, set of parties, topic).

use std::collections::{BTreeMap, BTreeSet};

use stancemap_model::{Act, ClaimRecord};

use crate::common::{most_supported, noisy_or, trim_words, DocIndex, Surface};
use crate::positions::{claim_weight, sort_strongest_first, Evidence};
use crate::{Agreement, LedgerConfig};

type GroupKey = (Option<String>, Vec<String>, Option<String>);

pub(crate) fn build_agreements(
    cfg: &LedgerConfig,
    docs: &DocIndex,
    claims: &[ClaimRecord],
) -> Vec<Agreement> {
    let mut groups: BTreeMap<GroupKey, Vec<Evidence>> = BTreeMap::new();
    for claim in claims {
        if claim.act != Act::Agree || !docs.counted(&claim.doc, claim.counted) {
            continue;
        }
        let parties = joint_parties(claim);
        // One party alone agreeing to something is an acceptance (a position), not a
        // joint act.
        if parties.len() < 2 {
            continue;
        }
        let ev = Evidence {
            claim,
            stance: stancemap_model::Stance::Accept,
            weight: claim_weight(&cfg.positions, claim),
            rank: (docs.order(&claim.doc), claim.start),
            date: docs.published(&claim.doc),
        };
        let key = (docs.story(&claim.doc), parties, claim.topic.clone());
        groups.entry(key).or_default().push(ev);
    }
    groups
        .into_iter()
        .filter_map(|(key, mut evidence)| {
            sort_strongest_first(&mut evidence);
            agreement_of(cfg, key, &evidence)
        })
        .collect()
}

/// The claim's party and its `with` parties, sorted, without duplicates or blanks.
fn joint_parties(claim: &ClaimRecord) -> Vec<String> {
    std::iter::once(&claim.party)
        .chain(claim.with.iter())
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

fn agreement_of(cfg: &LedgerConfig, key: GroupKey, evidence: &[Evidence]) -> Option<Agreement> {
    let mut per_doc: BTreeMap<&str, f32> = BTreeMap::new();
    for e in evidence {
        let w = per_doc.entry(e.claim.doc.as_str()).or_insert(0.0);
        *w = w.max(e.weight);
    }
    if noisy_or(per_doc.values().copied()) < cfg.agreements.min_confidence {
        return None;
    }
    let summary = most_supported(evidence.iter().map(|e| Surface {
        text: &e.claim.item,
        doc: &e.claim.doc,
        weight: e.weight,
        rank: e.rank,
    }))
    .map(|s| trim_words(&s, cfg.positions.summary_max_words))
    .unwrap_or_default();
    let (story, parties, topic) = key;
    Some(Agreement {
        story,
        parties,
        topic,
        summary,
        claims: evidence.iter().map(|e| e.claim.id.clone()).collect(),
        sources: per_doc.len(),
    })
}
