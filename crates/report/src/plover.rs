//! PLOVER-style event records: one JSON line per counted claim.
//!
//! Field names follow the "JSON Data Fields" chapter of the PLOVER manual (draft 0.7b1):
//! `id`, `date`, `event` (a list of categories), `source` and `recipient` (lists of actor
//! objects with a `code`), `event_text` (a list of texts), `quad_code`, `mode`,
//! `context`, `text_info` (`start`/`end` offsets), `cite_info` (`citation`, `url`,
//! `title`, `publication`, `coder`, `codebook`). stancemap adds `event_type` (the single
//! category, for convenience), `topic`, `doc`, `start`, `end`, `negated` and `confidence`.
//! PLOVER's `source` is the *acting* side; the document the event comes from is in
//! `cite_info.citation` (its file name or URL) and `doc` (its id).

use std::collections::BTreeMap;
use std::io::Write;

use serde::Serialize;
use stancemap_model::{Act, ClaimRecord, DocMeta};

use crate::ReportError;

/// The PLOVER category of an act (see the crate docs for why each one).
pub fn plover_category(act: Act) -> &'static str {
    match act {
        // The mapping the project's issue fixes (demand → REQUEST). PLOVER draft 0.7b1
        // itself has DEMAND and codes no requests; see the crate docs.
        Act::Demand => "REQUEST",
        // PLOVER has no PROPOSE: AGREE covers "agree to, offer, promise, or otherwise
        // indicate willingness to cooperate", which is what a proposal on the table is.
        Act::Propose => "AGREE",
        Act::Accept | Act::Agree => "AGREE",
        Act::Reject => "REJECT",
        // ACCUSE (draft 0.7) merges the older DISAPPROVE and INVESTIGATE categories.
        Act::Accuse => "ACCUSE",
        Act::Threaten => "THREATEN",
        // CONSULT: "all consultations and meetings".
        Act::Meet => "CONSULT",
    }
}

/// The PLOVER quad category: 1 verbal cooperation, 3 verbal conflict (every act stancemap
/// extracts is verbal).
pub fn quad_code(category: &str) -> u8 {
    match category {
        "AGREE" | "CONSULT" | "SUPPORT" | "CONCEDE" => 1,
        "COOPERATE" | "AID" | "RETREAT" | "INVESTIGATE" => 2,
        "REQUEST" | "DEMAND" | "ACCUSE" | "DISAPPROVE" | "REJECT" | "THREATEN" | "SANCTION" => 3,
        _ => 4,
    }
}

/// An actor object: the party code and, when known, the speaker's registry id.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PloverActor {
    pub code: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identifier_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PloverTextInfo {
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PloverCiteInfo {
    /// The document's source: file name as given, or URL.
    pub citation: String,
    pub url: Option<String>,
    pub title: Option<String>,
    /// The outlet.
    pub publication: Option<String>,
    pub coder: &'static str,
    pub codebook: &'static str,
}

/// One PLOVER event record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PloverEvent {
    /// `<claim id>` : claim ids are already unique and stable.
    pub id: String,
    /// The document's publication date (`null` when unknown).
    pub date: Option<String>,
    pub event: Vec<&'static str>,
    pub event_type: &'static str,
    pub quad_code: u8,
    /// No mode is derived (the claim records carry nothing PLOVER's modes distinguish).
    pub mode: Option<String>,
    /// PLOVER contexts; `negation` is never set because the claims stage already resolved
    /// a negated act into its result (a negated acceptance is a REJECT), see `negated`.
    pub context: Vec<String>,
    /// The sentence negated the cue ("will not accept"); `event` is the resulting act.
    pub negated: bool,
    /// The acting party, plus the other parties of a joint act (PLOVER codes every
    /// participant of a meeting or agreement as a source).
    pub source: Vec<PloverActor>,
    pub recipient: Vec<PloverActor>,
    pub topic: Option<String>,
    pub event_text: Vec<String>,
    pub text_info: PloverTextInfo,
    pub doc: String,
    pub start: usize,
    pub end: usize,
    pub cite_info: PloverCiteInfo,
    pub confidence: f32,
}

/// The event of one claim, or `None` for a claim of a duplicate document (`counted:
/// false`): event data are counted, and a duplicate would count the same report twice.
pub fn plover_event(claim: &ClaimRecord, doc: Option<&DocMeta>) -> Option<PloverEvent> {
    if !claim.counted {
        return None;
    }
    let category = plover_category(claim.act);
    let mut source = vec![PloverActor {
        code: claim.party.clone(),
        identifier_id: claim.speaker.clone(),
    }];
    source.extend(claim.with.iter().map(|p| PloverActor {
        code: p.clone(),
        identifier_id: None,
    }));
    let recipient = claim
        .target
        .iter()
        .map(|t| PloverActor {
            code: t.clone(),
            identifier_id: None,
        })
        .collect();
    Some(PloverEvent {
        id: claim.id.clone(),
        date: doc.and_then(|d| d.published.clone()),
        event: vec![category],
        event_type: category,
        quad_code: quad_code(category),
        mode: None,
        context: Vec::new(),
        negated: claim.negated,
        source,
        recipient,
        topic: claim.topic.clone(),
        event_text: vec![claim.sentence.clone()],
        text_info: PloverTextInfo {
            start: claim.start,
            end: claim.end,
        },
        doc: claim.doc.clone(),
        start: claim.start,
        end: claim.end,
        cite_info: cite_info(claim, doc),
        confidence: claim.confidence,
    })
}

fn cite_info(claim: &ClaimRecord, doc: Option<&DocMeta>) -> PloverCiteInfo {
    PloverCiteInfo {
        citation: doc.map_or_else(|| claim.doc.clone(), |d| d.source.clone()),
        url: doc
            .map(|d| d.source.clone())
            .filter(|s| s.starts_with("http://") || s.starts_with("https://")),
        title: doc.map(|d| d.title.clone()),
        publication: doc.and_then(|d| d.outlet.clone()),
        coder: "stancemap",
        codebook: "plover-0.7b1",
    }
}

/// Write one event per counted claim as JSON lines, in claim order; returns how many.
pub fn write_plover<W: Write>(
    mut out: W,
    claims: &[ClaimRecord],
    docs: &[DocMeta],
) -> Result<usize, ReportError> {
    let by_id: BTreeMap<&str, &DocMeta> = docs.iter().map(|d| (d.id.as_str(), d)).collect();
    let mut written = 0;
    for claim in claims {
        let doc = by_id.get(claim.doc.as_str()).copied();
        if let Some(event) = plover_event(claim, doc) {
            serde_json::to_writer(&mut out, &event)?;
            out.write_all(b"\n")?;
            written += 1;
        }
    }
    out.flush()?;
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures;

    #[test]
    fn every_act_has_a_documented_category() {
        let expected = [
            (Act::Demand, "REQUEST", 3),
            (Act::Propose, "AGREE", 1),
            (Act::Accept, "AGREE", 1),
            (Act::Reject, "REJECT", 3),
            (Act::Accuse, "ACCUSE", 3),
            (Act::Threaten, "THREATEN", 3),
            (Act::Agree, "AGREE", 1),
            (Act::Meet, "CONSULT", 1),
        ];
        for (act, category, quad) in expected {
            assert_eq!(plover_category(act), category, "{act:?}");
            assert_eq!(quad_code(category), quad, "{category}");
        }
        assert_eq!(Act::ALL.len(), expected.len());
    }

    #[test]
    fn joint_acts_list_every_party_as_source_and_targets_as_recipients() {
        let docs = fixtures::docs();
        let claims = fixtures::claims();
        let meet = plover_event(&claims[4], Some(&docs[2])).unwrap();
        let codes: Vec<&str> = meet.source.iter().map(|a| a.code.as_str()).collect();
        assert_eq!(codes, ["COL", "ELN"]);
        assert!(meet.recipient.is_empty());
        assert_eq!(meet.date, None, "d-3 has no publication date");
        let demand = plover_event(&claims[0], Some(&docs[0])).unwrap();
        assert_eq!(demand.recipient[0].code, "ELN");
        assert_eq!(demand.source[0].identifier_id.as_deref(), Some("e-cuevas"));
        assert_eq!(demand.date.as_deref(), Some("2026-04-12"));
        assert_eq!(demand.event_text, [claims[0].sentence.clone()]);
        assert_eq!(demand.cite_info.url, None, "a file name is not a URL");
        let reject = plover_event(&claims[1], Some(&docs[1])).unwrap();
        assert!(reject.negated);
        assert!(reject.context.is_empty(), "negation already resolved");
        assert_eq!(
            reject.cite_info.url.as_deref(),
            Some(docs[1].source.as_str())
        );
    }

    #[test]
    fn json_lines_skip_duplicates_and_parse_back() {
        let claims = fixtures::claims();
        let mut out = Vec::new();
        let n = write_plover(&mut out, &claims, &fixtures::docs()).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(n, claims.len() - 1, "c-7 is a duplicate document's claim");
        assert_eq!(lines.len(), n);
        let first: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
        assert_eq!(first["event"][0], "REQUEST");
        assert_eq!(first["event_type"], "REQUEST");
        assert_eq!(first["source"][0]["code"], "COL");
        assert_eq!(first["cite_info"]["citation"], "wires/bogota-0412.txt");
        assert_eq!(first["start"], 100);
        assert_eq!(first["text_info"]["end"], first["end"]);
        let ids: Vec<String> = lines
            .iter()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["id"].to_string())
            .collect();
        assert!(!ids.contains(&"\"c-7\"".to_string()));
    }
}
