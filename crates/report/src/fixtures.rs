//! Hand-written sample data for the unit and snapshot tests: one story of talks between a
//! government (COL) and an armed group (ELN), with a hostile sentence among the quotes.

use stancemap_ledger::{
    Agreement, Contradiction, ContradictionValue, Ledger, Meeting, Position, StanceAt,
};
use stancemap_model::{Act, ClaimRecord, DocMeta, Span, Stance};

pub fn docs() -> Vec<DocMeta> {
    let meta = |id: &str, source: &str, outlet: Option<&str>, published: Option<&str>| DocMeta {
        id: id.into(),
        source: source.into(),
        title: format!("Talks report {id}"),
        outlet: outlet.map(Into::into),
        published: published.map(Into::into),
        story: Some("s-1".into()),
        duplicate_of: None,
    };
    vec![
        meta(
            "d-1",
            "wires/bogota-0412.txt",
            Some("Andes Wire"),
            Some("2026-04-12"),
        ),
        meta(
            "d-2",
            "https://www.caribepost.example/2026/04/13/eln-talks",
            Some("Caribe | Post"),
            Some("2026-04-13"),
        ),
        meta("d-3", "feeds/havana.jsonl#L3", None, None),
    ]
}

pub fn claim(
    id: &str,
    doc: &str,
    party: &str,
    act: Act,
    topic: Option<&str>,
    s: &str,
) -> ClaimRecord {
    ClaimRecord {
        id: id.into(),
        doc: doc.into(),
        sentence: s.into(),
        start: 100,
        end: 100 + s.len(),
        cue: Span::new(108, 116),
        party: party.into(),
        speaker: None,
        act,
        topic: topic.map(Into::into),
        item: "the item".into(),
        target: None,
        with: vec![],
        conditions: vec![],
        attributed_to: None,
        negated: false,
        confidence: 0.8,
        counted: true,
    }
}

pub const HOSTILE: &str = "The ELN rejected the *bilateral* ceasefire | calling it a `trap` \
<script>alert(1)</script> [click](http://x.example) #1 \\ end";

pub fn claims() -> Vec<ClaimRecord> {
    let mut demand = claim(
        "c-1",
        "d-1",
        "COL",
        Act::Demand,
        Some("ceasefire"),
        "Bogot\u{e1} Demanded A Bilateral Ceasefire Before Any Further Round, The Negotiator Said.",
    );
    demand.target = Some("ELN".into());
    demand.speaker = Some("e-cuevas".into());
    let mut reject = claim("c-2", "d-2", "ELN", Act::Reject, Some("ceasefire"), HOSTILE);
    reject.negated = true;
    reject.attributed_to = Some("sources in Havana".into());
    let mut propose = claim(
        "c-3",
        "d-2",
        "COL",
        Act::Propose,
        Some("hostages"),
        "Colombia proposed a phased release of the remaining hostages under Red Cross supervision.",
    );
    propose.conditions = vec!["under Red Cross supervision".into()];
    let mut agree = claim(
        "c-4",
        "d-3",
        "COL",
        Act::Agree,
        Some("hostages"),
        "Both sides agreed to free all hostages held since January, negotiators said.",
    );
    agree.with = vec!["ELN".into()];
    let mut meet = claim(
        "c-5",
        "d-3",
        "COL",
        Act::Meet,
        Some("talks"),
        "Delegations of the government and the ELN met in Havana on Tuesday.",
    );
    meet.with = vec!["ELN".into()];
    let mut accuse = claim(
        "c-6",
        "d-1",
        "ELN",
        Act::Accuse,
        None,
        "The ELN accused the army of violating the truce in Arauca.",
    );
    accuse.target = Some("COL".into());
    let mut dup = claim(
        "c-7",
        "d-1",
        "ELN",
        Act::Threaten,
        Some("talks"),
        "The ELN threatened to walk out of the talks.",
    );
    dup.counted = false;
    vec![demand, reject, propose, agree, meet, accuse, dup]
}

fn position(party: &str, topic: &str, stance: Stance, claims: &[&str]) -> Position {
    Position {
        story: Some("s-1".into()),
        party: party.into(),
        topic: topic.into(),
        stance,
        summary: format!("{} on {topic}", stance.name()),
        conditions: vec![],
        claims: claims.iter().map(|c| c.to_string()).collect(),
        sources: claims.len(),
        confidence: 0.8,
        history: vec![],
    }
}

pub fn ledger() -> Ledger {
    let mut propose = position("COL", "hostages", Stance::Propose, &["c-3"]);
    propose.conditions = vec!["under Red Cross supervision".into()];
    propose.history = vec![StanceAt {
        date: "2026-04-13".into(),
        stance: Stance::Propose,
        claim: "c-3".into(),
    }];
    Ledger {
        positions: vec![
            position("COL", "ceasefire", Stance::Demand, &["c-1"]),
            propose,
            position("ELN", "ceasefire", Stance::Reject, &["c-2"]),
            position("ELN", "hostages", Stance::Accept, &["c-4"]),
        ],
        agreements: vec![Agreement {
            story: Some("s-1".into()),
            parties: vec!["COL".into(), "ELN".into()],
            topic: Some("hostages".into()),
            summary: "free all hostages held since January".into(),
            claims: vec!["c-4".into()],
            sources: 1,
        }],
        meetings: vec![Meeting {
            story: Some("s-1".into()),
            place: Some("Havana".into()),
            venue: None,
            date: Some("2026-04-14".into()),
            when: Some("on Tuesday".into()),
            parties: vec!["COL".into(), "ELN".into()],
            duration: None,
            outcome: Some("ended without a deal".into()),
            claims: vec!["c-5".into()],
            sources: 1,
        }],
        contradictions: vec![Contradiction {
            story: Some("s-1".into()),
            subject: "e-cuevas".into(),
            subject_name: "Vera Cuevas".into(),
            attribute: "role".into(),
            values: vec![
                ContradictionValue {
                    value: "chief negotiator".into(),
                    docs: vec!["d-1".into(), "d-2".into()],
                },
                ContradictionValue {
                    value: "interior minister".into(),
                    docs: vec!["d-3".into()],
                },
            ],
        }],
    }
}
