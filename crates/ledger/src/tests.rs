//! Rule tests of `build` on hand-built records (texts written for these tests), an insta
//! snapshot of a small ledger, and property tests.

use std::collections::BTreeMap;

use proptest::prelude::*;
use stancemap_model::{Act, ClaimRecord, DocMeta, FactRecord, Span, Stance};

use crate::meetings::tests::rec as meeting;
use crate::*;

fn doc(id: &str, story: &str, published: Option<&str>) -> DocMeta {
    DocMeta {
        id: id.into(),
        source: format!("{id}.txt"),
        title: format!("Title of {id}"),
        outlet: None,
        published: published.map(Into::into),
        story: Some(story.into()),
        duplicate_of: None,
    }
}

fn dup(id: &str, of: &str, story: &str) -> DocMeta {
    DocMeta {
        duplicate_of: Some(of.into()),
        ..doc(id, story, None)
    }
}

fn claim(
    id: &str,
    doc: &str,
    party: &str,
    act: Act,
    topic: &str,
    item: &str,
    conf: f32,
) -> ClaimRecord {
    ClaimRecord {
        id: id.into(),
        doc: doc.into(),
        sentence: format!("{party} {} {item}.", act.name()),
        start: id.len() * 7,
        end: id.len() * 7 + 40,
        cue: Span::new(0, 3),
        party: party.into(),
        speaker: None,
        act,
        topic: Some(topic.into()),
        item: item.into(),
        target: None,
        with: vec![],
        conditions: vec![],
        attributed_to: None,
        negated: false,
        confidence: conf,
        counted: true,
    }
}

fn fact(doc: &str, subject: &str, attribute: &str, value: &str, key: &str) -> FactRecord {
    FactRecord {
        doc: doc.into(),
        subject: subject.into(),
        attribute: attribute.into(),
        value: value.into(),
        key: key.into(),
        start: 0,
        end: 5,
        counted: true,
    }
}

fn role(entity: &str, role: &str, doc: &str) -> RoleReport {
    RoleReport {
        entity: entity.into(),
        role: role.into(),
        doc: doc.into(),
    }
}

/// Every test input also checks that the ledger built story by story is the same.
fn run(input: &LedgerInput) -> Ledger {
    let ledger = build(&LedgerConfig::default(), input);
    let by_story = crate::build_by_story(&LedgerConfig::default(), input);
    assert_eq!(by_story, ledger, "the ledger built story by story differs");
    ledger
}

fn three_docs() -> Vec<DocMeta> {
    vec![
        doc("d1", "s-1", Some("2026-02-01")),
        doc("d2", "s-1", Some("2026-02-01")),
        doc("d3", "s-1", Some("2026-02-09")),
    ]
}

// ---------------------------------------------------------------- positions

#[test]
fn one_position_per_cell_with_sources_summary_and_conditions() {
    let mut c2 = claim(
        "c-2",
        "d2",
        "ISR",
        Act::Demand,
        "hostages",
        "the release of all captives",
        0.8,
    );
    c2.conditions = vec!["before any truce".into()];
    let input = LedgerInput {
        documents: three_docs(),
        claims: vec![
            claim(
                "c-1",
                "d1",
                "ISR",
                Act::Demand,
                "hostages",
                "release of all captives held in Gaza",
                0.7,
            ),
            c2,
            claim(
                "c-3",
                "d3",
                "ISR",
                Act::Demand,
                "hostages",
                "The release of all captives",
                0.9,
            ),
        ],
        ..Default::default()
    };
    let ledger = run(&input);
    assert_eq!(ledger.positions.len(), 1);
    let p = &ledger.positions[0];
    assert_eq!(
        (p.party.as_str(), p.topic.as_str(), p.stance),
        ("ISR", "hostages", Stance::Demand)
    );
    assert_eq!(p.sources, 3);
    assert_eq!(p.claims, vec!["c-3", "c-2", "c-1"]);
    assert_eq!(p.summary, "The release of all captives");
    assert_eq!(p.conditions, vec!["before any truce"]);
    assert!(p.confidence > 0.95, "{}", p.confidence);
    assert_eq!(p.story.as_deref(), Some("s-1"));
}

#[test]
fn duplicates_and_uncounted_claims_add_no_source() {
    let mut uncounted = claim(
        "c-3",
        "d2",
        "USA",
        Act::Propose,
        "trade",
        "a 10 percent tariff cap",
        0.9,
    );
    uncounted.counted = false;
    let input = LedgerInput {
        documents: vec![
            doc("d1", "s-1", None),
            dup("d9", "d1", "s-1"),
            doc("d2", "s-1", None),
        ],
        claims: vec![
            claim(
                "c-1",
                "d1",
                "USA",
                Act::Propose,
                "trade",
                "a 10 percent tariff cap",
                0.8,
            ),
            claim(
                "c-2",
                "d9",
                "USA",
                Act::Propose,
                "trade",
                "a 10 percent tariff cap",
                0.8,
            ),
            uncounted,
        ],
        ..Default::default()
    };
    let p = &run(&input).positions[0];
    assert_eq!(p.sources, 1);
    assert_eq!(p.claims, vec!["c-1"]);
    assert!((p.confidence - 0.8).abs() < 1e-6);
}

#[test]
fn weakly_supported_cells_are_not_reported() {
    let mut hedged = claim(
        "c-1",
        "d1",
        "IRN",
        Act::Accept,
        "nuclear_program",
        "a cap on enrichment",
        // What the claims stage gives a hedged claim whose agent came from a fallback
        // (0.85 × 0.7 × 0.85): hedging is already in the confidence.
        0.45,
    );
    hedged.attributed_to = Some("unnamed diplomats".into());
    let low = claim(
        "c-2",
        "d2",
        "IRN",
        Act::Reject,
        "sanctions",
        "new sanctions",
        0.4,
    );
    let input = LedgerInput {
        documents: three_docs(),
        claims: vec![hedged.clone(), low.clone()],
        ..Default::default()
    };
    assert!(run(&input).positions.is_empty());
    // Two independent weak documents together are enough.
    let mut second = hedged.clone();
    second.id = "c-3".into();
    second.doc = "d3".into();
    let input = LedgerInput {
        documents: three_docs(),
        claims: vec![hedged, second],
        ..Default::default()
    };
    assert_eq!(run(&input).positions.len(), 1);
}

#[test]
fn compatible_stances_keep_the_strongest_and_reject_needs_the_weight() {
    // Demand and accept on talks are the same side: the cell is a demand, with all the
    // same-side claims as evidence.
    let input = LedgerInput {
        documents: three_docs(),
        claims: vec![
            claim(
                "c-1",
                "d1",
                "UAW",
                Act::Demand,
                "talks",
                "a return to the table",
                0.8,
            ),
            claim(
                "c-2",
                "d2",
                "UAW",
                Act::Demand,
                "talks",
                "a return to the table",
                0.7,
            ),
            claim(
                "c-3",
                "d3",
                "UAW",
                Act::Accept,
                "talks",
                "a new round next week",
                0.9,
            ),
        ],
        ..Default::default()
    };
    let p = &run(&input).positions[0];
    assert_eq!(p.stance, Stance::Demand);
    assert_eq!(p.sources, 2);
    assert_eq!(p.claims, vec!["c-1", "c-2", "c-3"]);
    assert!((p.confidence - 0.994).abs() < 1e-3);

    // Accept vs reject (undated, so no side supersedes the other): the side with more
    // documents wins, its confidence is shared.
    let undated = vec![
        doc("d1", "s-1", None),
        doc("d2", "s-1", None),
        doc("d3", "s-1", None),
    ];
    let input = LedgerInput {
        documents: undated.clone(),
        claims: vec![
            claim(
                "c-1",
                "d1",
                "HAMAS",
                Act::Reject,
                "ceasefire",
                "the phased truce",
                0.8,
            ),
            claim(
                "c-2",
                "d2",
                "HAMAS",
                Act::Reject,
                "ceasefire",
                "the phased truce",
                0.8,
            ),
            claim(
                "c-3",
                "d3",
                "HAMAS",
                Act::Accept,
                "ceasefire",
                "the phased truce",
                0.8,
            ),
        ],
        ..Default::default()
    };
    let p = &run(&input).positions[0];
    assert_eq!(p.stance, Stance::Reject);
    assert_eq!(p.claims, vec!["c-1", "c-2"]);
    assert!((p.confidence - 0.96 * 1.6 / 2.4).abs() < 1e-3);
    // With dates, the later acceptance supersedes the older rejections.
    let dated = LedgerInput {
        documents: three_docs(),
        ..input
    };
    let p = &run(&dated).positions[0];
    assert_eq!(p.stance, Stance::Accept);
    assert_eq!(p.claims, vec!["c-3"]);
    assert_eq!(p.history.len(), 2);
}

#[test]
fn history_shows_a_change_over_time_and_it_is_no_contradiction() {
    let input = LedgerInput {
        documents: three_docs(),
        claims: vec![
            claim(
                "c-1",
                "d1",
                "RUS",
                Act::Reject,
                "energy",
                "a pause in strikes on power plants",
                0.8,
            ),
            claim(
                "c-3",
                "d3",
                "RUS",
                Act::Accept,
                "energy",
                "a pause in strikes on power plants",
                0.9,
            ),
        ],
        ..Default::default()
    };
    let ledger = run(&input);
    let p = &ledger.positions[0];
    let history: Vec<(&str, Stance)> = p
        .history
        .iter()
        .map(|h| (h.date.as_str(), h.stance))
        .collect();
    assert_eq!(
        history,
        vec![
            ("2026-02-01", Stance::Reject),
            ("2026-02-09", Stance::Accept)
        ]
    );
    assert_eq!(p.stance, Stance::Accept);
    assert!(ledger.contradictions.is_empty());
}

#[test]
fn joint_agreement_gives_each_party_a_position_and_one_agreement() {
    let mut a = claim(
        "c-1",
        "d1",
        "SDN",
        Act::Agree,
        "humanitarian_aid",
        "two aid corridors from Port Sudan",
        0.8,
    );
    a.with = vec!["RSF".into()];
    let mut b = claim(
        "c-2",
        "d2",
        "RSF",
        Act::Agree,
        "humanitarian_aid",
        "two aid corridors",
        0.7,
    );
    b.with = vec!["SDN".into()];
    let alone = claim(
        "c-3",
        "d3",
        "SDN",
        Act::Agree,
        "ceasefire",
        "a week-long truce",
        0.9,
    );
    let input = LedgerInput {
        documents: three_docs(),
        claims: vec![a, b, alone],
        ..Default::default()
    };
    let ledger = run(&input);
    assert_eq!(
        ledger.agreements.len(),
        1,
        "a lone party agreeing is no joint act"
    );
    let ag = &ledger.agreements[0];
    assert_eq!(ag.parties, vec!["RSF", "SDN"]);
    assert_eq!(ag.topic.as_deref(), Some("humanitarian_aid"));
    assert_eq!(ag.claims, vec!["c-1", "c-2"]);
    assert_eq!(ag.sources, 2);
    assert_eq!(ag.summary, "two aid corridors from Port Sudan");
    let cells: Vec<(&str, &str, Stance)> = ledger
        .positions
        .iter()
        .map(|p| (p.party.as_str(), p.topic.as_str(), p.stance))
        .collect();
    assert_eq!(
        cells,
        vec![
            ("RSF", "humanitarian_aid", Stance::Accept),
            ("SDN", "ceasefire", Stance::Accept),
            ("SDN", "humanitarian_aid", Stance::Accept),
        ]
    );
}

#[test]
fn claims_without_topic_or_stance_make_no_position() {
    let mut no_topic = claim("c-1", "d1", "USA", Act::Demand, "trade", "something", 0.9);
    no_topic.topic = None;
    let accuse = claim(
        "c-2",
        "d2",
        "CHN",
        Act::Accuse,
        "trade",
        "unfair subsidies",
        0.9,
    );
    let input = LedgerInput {
        documents: three_docs(),
        claims: vec![no_topic, accuse],
        ..Default::default()
    };
    let ledger = run(&input);
    assert!(ledger.positions.is_empty());
    assert!(ledger.contradictions.is_empty());
}

/// A claim of one sentence at offset 100 of its document: cue and item found in it.
fn claim_in(id: &str, party: &str, act: Act, sentence: &str, cue: &str, item: &str) -> ClaimRecord {
    let at = sentence.find(cue).expect("cue in sentence") + 100;
    ClaimRecord {
        sentence: sentence.into(),
        start: 100,
        end: 100 + sentence.len(),
        cue: Span::new(at, at + cue.len()),
        ..claim(id, "d1", party, act, "foreign_troops", item, 0.85)
    }
}

#[test]
fn an_act_inside_what_the_party_rejects_is_not_its_own_stance() {
    let sentence =
        "Kallas said the mission stays, rejecting Azerbaijani calls for the observers to leave.";
    let reject = claim_in(
        "c-1",
        "EU",
        Act::Reject,
        sentence,
        "rejecting",
        "Azerbaijani calls for the observers to leave",
    );
    let demand = claim_in(
        "c-2",
        "EU",
        Act::Demand,
        sentence,
        "calls for",
        "the observers to leave",
    );
    let input = LedgerInput {
        documents: vec![doc("d1", "s-1", None)],
        claims: vec![reject.clone(), demand.clone()],
        ..Default::default()
    };
    let ledger = run(&input);
    assert_eq!(ledger.positions.len(), 1, "{:#?}", ledger.positions);
    assert_eq!(ledger.positions[0].stance, Stance::Reject);
    assert_eq!(ledger.positions[0].claims, vec!["c-1"]);
    // Another party's act inside the item is that party's: kept.
    let theirs = ClaimRecord {
        party: "AZE".into(),
        ..demand.clone()
    };
    let ledger = run(&LedgerInput {
        claims: vec![reject, theirs],
        ..input.clone()
    });
    assert_eq!(ledger.positions.len(), 2);
    // A demand whose long item runs over the party's own proposal keeps both.
    let sentence = "Kyiv urged Washington to be tougher, suggesting more sanctions.";
    let urge = claim_in(
        "c-3",
        "UKR",
        Act::Demand,
        sentence,
        "urged",
        "Washington to be tougher, suggesting more sanctions",
    );
    let suggest = claim_in(
        "c-4",
        "UKR",
        Act::Propose,
        sentence,
        "suggesting",
        "more sanctions",
    );
    let ledger = run(&LedgerInput {
        claims: vec![urge, suggest],
        ..input
    });
    let cell = &ledger.positions[0];
    assert_eq!(cell.claims.len(), 2, "{cell:#?}");
}

// ----------------------------------------------------------- contradictions

#[test]
fn conflicting_roles_are_reported_with_the_most_frequent_surface() {
    let docs = vec![
        doc("d1", "s-1", None),
        doc("d2", "s-1", None),
        doc("d3", "s-1", None),
        doc("d4", "s-1", None),
        dup("d5", "d4", "s-1"),
    ];
    let mut names = BTreeMap::new();
    names.insert("e-halvorsen".to_string(), "Ingrid Halvorsen".to_string());
    let input = LedgerInput {
        documents: docs,
        roles: vec![
            role("e-halvorsen", "Defence Minister", "d1"),
            role("e-halvorsen", "defense minister", "d2"),
            role("e-halvorsen", "Defence Minister", "d3"),
            role("e-halvorsen", "head of the delegation", "d3"),
            role("e-halvorsen", "Foreign Minister", "d4"),
            role("e-halvorsen", "Interior Minister", "d5"),
        ],
        entity_names: names,
        ..Default::default()
    };
    let ledger = run(&input);
    assert_eq!(ledger.contradictions.len(), 1);
    let c = &ledger.contradictions[0];
    assert_eq!(c.subject, "e-halvorsen");
    assert_eq!(c.subject_name, "Ingrid Halvorsen");
    assert_eq!(c.attribute, "role");
    let values: Vec<(&str, Vec<&str>)> = c
        .values
        .iter()
        .map(|v| {
            (
                v.value.as_str(),
                v.docs.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        values,
        vec![
            ("Defence Minister", vec!["d1", "d2", "d3"]),
            ("Foreign Minister", vec!["d4"]),
        ]
    );
}

#[test]
fn a_vaguer_role_joins_the_one_it_fits() {
    let docs = (1..=4)
        .map(|i| doc(&format!("d{i}"), "s-1", None))
        .collect();
    let input = LedgerInput {
        documents: docs,
        roles: vec![
            role("e-q", "foreign minister", "d1"),
            role("e-q", "Foreign Minister", "d2"),
            role("e-q", "deputy prime minister", "d3"),
            role("e-q", "Minister", "d4"),
        ],
        ..Default::default()
    };
    let c = &run(&input).contradictions[0];
    let values: Vec<(&str, usize)> = c
        .values
        .iter()
        .map(|v| (v.value.as_str(), v.docs.len()))
        .collect();
    assert_eq!(
        values,
        vec![("foreign minister", 3), ("deputy prime minister", 1)]
    );
    assert_eq!(c.values[0].docs, vec!["d1", "d2", "d4"]);
}

#[test]
fn compatible_roles_make_no_contradiction() {
    let input = LedgerInput {
        documents: three_docs(),
        roles: vec![
            role("e-a", "President", "d1"),
            role("e-a", "Brazilian President", "d2"),
            role("e-a", "President of Brazil", "d3"),
            role("e-b", "presidential aide", "d1"),
            role("e-b", "senior adviser", "d2"),
            role("e-c", "legislator", "d1"),
            role("e-c", "chair of the committee", "d3"),
        ],
        ..Default::default()
    };
    assert!(run(&input).contradictions.is_empty());
}

#[test]
fn former_office_conflicts_with_the_current_one() {
    let input = LedgerInput {
        documents: three_docs(),
        roles: vec![
            role("e-x", "former Brazilian President", "d1"),
            role("e-x", "Brazil's president", "d2"),
            role("e-x", "President", "d3"),
        ],
        ..Default::default()
    };
    let c = &run(&input).contradictions[0];
    assert_eq!(c.subject_name, "e-x");
    assert_eq!(c.values.len(), 2);
    assert_eq!(c.values[0].docs, vec!["d1"]);
    assert_eq!(c.values[1].docs, vec!["d2", "d3"]);
}

#[test]
fn facts_with_different_keys_contradict_and_same_keys_do_not() {
    let input = LedgerInput {
        documents: vec![
            doc("d1", "s-1", None),
            doc("d2", "s-1", None),
            doc("d3", "s-1", None),
            doc("d4", "s-2", None),
        ],
        facts: vec![
            fact(
                "d1",
                "talks",
                "mediation",
                "with Qatari mediation",
                "mediated:QAT",
            ),
            fact("d2", "talks", "mediation", "face to face", "direct"),
            fact("d3", "talks", "mediation", "Qatar-brokered", "mediated:QAT"),
            // Another story: never compared with s-1.
            fact("d4", "talks", "mediation", "directly", "direct:other"),
            fact(
                "d1",
                "meeting:Doha",
                "duration",
                "about four hours",
                "240min",
            ),
            fact("d3", "meeting:Doha", "duration", "four hours", "240min"),
        ],
        ..Default::default()
    };
    let ledger = run(&input);
    assert_eq!(
        ledger.contradictions.len(),
        1,
        "{:#?}",
        ledger.contradictions
    );
    let c = &ledger.contradictions[0];
    assert_eq!(
        (c.subject.as_str(), c.attribute.as_str()),
        ("talks", "mediation")
    );
    assert_eq!(c.values[0].value, "with Qatari mediation");
    assert_eq!(c.values[0].docs, vec!["d1", "d3"]);
    assert_eq!(c.values[1].value, "face to face");
}

#[test]
fn stance_contradiction_needs_the_same_date_and_clear_sides() {
    let docs = vec![
        doc("d1", "s-1", Some("2026-05-01")),
        doc("d2", "s-1", Some("2026-05-01")),
        doc("d3", "s-1", Some("2026-05-20")),
    ];
    let mut hedged = claim(
        "c-4",
        "d2",
        "CAN",
        Act::Accept,
        "trade",
        "the dairy quota",
        0.9,
    );
    hedged.attributed_to = Some("industry sources".into());
    let input = LedgerInput {
        documents: docs.clone(),
        claims: vec![
            claim(
                "c-1",
                "d1",
                "CAN",
                Act::Accept,
                "trade",
                "the dairy quota",
                0.8,
            ),
            claim(
                "c-2",
                "d2",
                "CAN",
                Act::Reject,
                "trade",
                "the dairy quota",
                0.8,
            ),
        ],
        ..Default::default()
    };
    let ledger = run(&input);
    assert_eq!(ledger.contradictions.len(), 1);
    let c = &ledger.contradictions[0];
    assert_eq!(c.attribute, "stance");
    assert_eq!(c.subject, "CAN:trade");
    assert_eq!(c.values[0].docs, vec!["d1"]);
    assert_eq!(c.values[1].docs, vec!["d2"]);
    // Different dates: history, not a contradiction; hedged claims never take part.
    let input = LedgerInput {
        documents: docs,
        claims: vec![
            claim(
                "c-1",
                "d1",
                "CAN",
                Act::Accept,
                "trade",
                "the dairy quota",
                0.8,
            ),
            claim(
                "c-3",
                "d3",
                "CAN",
                Act::Reject,
                "trade",
                "the dairy quota",
                0.8,
            ),
            hedged,
        ],
        ..Default::default()
    };
    assert!(run(&input).contradictions.is_empty());
}

#[test]
fn stance_contradiction_needs_items_about_the_same_thing() {
    let docs = vec![doc("d1", "s-1", None), doc("d2", "s-1", None)];
    let input = LedgerInput {
        documents: docs,
        claims: vec![
            claim(
                "c-1",
                "d1",
                "CAN",
                Act::Accept,
                "trade",
                "to stop the retaliation first",
                0.8,
            ),
            claim(
                "c-2",
                "d2",
                "CAN",
                Act::Reject,
                "trade",
                "the dairy quota with them",
                0.8,
            ),
        ],
        ..Default::default()
    };
    assert!(run(&input).contradictions.is_empty());
}

fn contradiction_values(ledger: &Ledger) -> Vec<(String, Vec<String>)> {
    ledger
        .contradictions
        .iter()
        .map(|c| {
            let values = c.values.iter().map(|v| v.value.clone()).collect();
            (format!("{}/{}", c.subject, c.attribute), values)
        })
        .collect()
}

#[test]
fn a_fact_key_naming_the_mediator_refines_the_plain_one() {
    let docs = vec![doc("d1", "s-1", None), doc("d2", "s-1", None)];
    let facts = |second: (&str, &str)| LedgerInput {
        documents: docs.clone(),
        facts: vec![
            fact("d1", "talks", "mediation", "Oman-brokered", "mediated:OMN"),
            fact("d2", "talks", "mediation", second.0, second.1),
        ],
        ..Default::default()
    };
    // Oman-brokered indirect talks: the same thing said twice.
    assert!(run(&facts(("indirect talks", "mediated")))
        .contradictions
        .is_empty());
    // Two different mediators, or mediated against direct, disagree.
    assert_eq!(
        contradiction_values(&run(&facts(("Qatar-brokered", "mediated:QAT")))),
        vec![(
            "talks/mediation".to_string(),
            vec!["Oman-brokered".to_string(), "Qatar-brokered".to_string()]
        )]
    );
    let mut three = facts(("face-to-face talks", "direct"));
    three.documents.push(doc("d3", "s-1", None));
    three.facts.push(fact(
        "d3",
        "talks",
        "mediation",
        "indirect talks",
        "mediated",
    ));
    let ledger = run(&three);
    assert_eq!(
        ledger.contradictions.len(),
        1,
        "{:#?}",
        ledger.contradictions
    );
    // The plain "mediated" report joins the one that names the mediator.
    let values = &ledger.contradictions[0].values;
    assert_eq!(values.len(), 2);
    assert_eq!(values[0].docs, vec!["d1", "d3"]);
    assert_eq!(values[1].docs, vec!["d2"]);
}

#[test]
fn counts_at_different_dates_are_a_change_not_a_contradiction() {
    let documents = vec![
        doc("d1", "s-1", Some("2026-06-01")),
        doc("d2", "s-1", Some("2026-06-01")),
        doc("d3", "s-1", Some("2026-06-08")),
        doc("d4", "s-1", None),
    ];
    let count = |d: &str, n: &str| fact(d, "hostages", "count:hostages", n, n);
    let run_with = |facts: Vec<FactRecord>| {
        run(&LedgerInput {
            documents: documents.clone(),
            facts,
            ..Default::default()
        })
    };
    assert!(run_with(vec![count("d1", "10"), count("d3", "12")])
        .contradictions
        .is_empty());
    assert_eq!(
        run_with(vec![count("d1", "10"), count("d2", "12")])
            .contradictions
            .len(),
        1
    );
    // An undated report may be from either date.
    assert_eq!(
        run_with(vec![count("d3", "10"), count("d4", "12")])
            .contradictions
            .len(),
        1
    );
}

fn placed_meeting(
    id: &str,
    doc: &str,
    place: &str,
    date: &str,
    parties: &[&str],
) -> stancemap_model::MeetingRecord {
    let mut m = meeting(id, doc, place, Some("on Saturday"), Some(date));
    m.parties = parties.iter().map(|p| p.to_string()).collect();
    m
}

#[test]
fn durations_are_compared_per_round_not_per_story() {
    let documents = vec![
        doc("d1", "s-1", None),
        doc("d2", "s-1", None),
        doc("d3", "s-1", None),
    ];
    let duration = |d: &str, text: &str, key: &str| fact(d, "meeting", "duration", text, key);
    // Two rounds at two places, each reported once: no contradiction.
    let two_rounds = LedgerInput {
        documents: documents.clone(),
        meetings: vec![
            placed_meeting("c-1", "d1", "Rome", "2026-04-18", &["IRN", "USA"]),
            placed_meeting("c-2", "d2", "Muscat", "2026-04-25", &["IRN", "USA"]),
        ],
        facts: vec![
            duration("d1", "about three hours", "180min"),
            duration("d2", "a day", "1440min"),
        ],
        ..Default::default()
    };
    assert!(run(&two_rounds).contradictions.is_empty());
    // The same place a week apart: two rounds as well.
    let mut same_place = two_rounds.clone();
    same_place.meetings[1].place = Some("Rome".into());
    assert!(run(&same_place).contradictions.is_empty());
    // A duration whose sentence reports no meeting is compared with the story's round.
    let mut third = two_rounds.clone();
    third.meetings.pop();
    third.facts[1] = duration("d2", "five hours", "300min");
    third
        .facts
        .push(duration("d3", "more than five hours", "300min"));
    let ledger = run(&third);
    assert_eq!(
        contradiction_values(&ledger),
        vec![(
            "meeting:Rome/duration".to_string(),
            vec!["about three hours".to_string(), "five hours".to_string()]
        )]
    );
    assert_eq!(
        ledger.contradictions[0].subject_name,
        "meeting in Rome on 2026-04-18"
    );
}

#[test]
fn durations_contradict_only_when_the_spans_they_allow_do_not_meet() {
    let documents = vec![
        doc("d1", "s-1", None),
        doc("d2", "s-1", None),
        doc("d3", "s-1", None),
    ];
    let duration = |d: &str, text: &str, key: &str| fact(d, "meeting", "duration", text, key);
    let run_with = |facts: Vec<FactRecord>| {
        run(&LedgerInput {
            documents: documents.clone(),
            facts,
            ..Default::default()
        })
    };
    // A bound and an estimate that agree.
    assert!(run_with(vec![
        duration("d1", "less than two hours", "120min"),
        duration("d2", "about ninety minutes", "90min"),
    ])
    .contradictions
    .is_empty());
    // An estimate is not a free pass: ninety minutes is not two hours.
    assert_eq!(
        run_with(vec![
            duration("d1", "about ninety minutes", "90min"),
            duration("d2", "two hours", "120min"),
        ])
        .contradictions
        .len(),
        1
    );
    // "Nearly" is closer than "about": nearly eight hours is not six hours, but it is
    // seven and a half.
    assert_eq!(
        run_with(vec![
            duration("d1", "nearly eight hours", "480min"),
            duration("d2", "six hours", "360min"),
        ])
        .contradictions
        .len(),
        1
    );
    assert!(run_with(vec![
        duration("d1", "nearly eight hours", "480min"),
        duration("d2", "seven and a half hours", "450min"),
    ])
    .contradictions
    .is_empty());
    // Whole days are calendar days: "a day of talks" fits seven hours, "two days" does
    // not fit eleven hours, and "two days" and "three days" stay apart.
    assert!(run_with(vec![
        duration("d1", "a day", "1440min"),
        duration("d2", "about seven hours", "420min"),
    ])
    .contradictions
    .is_empty());
    for (other, key) in [("eleven hours", "660min"), ("three days", "4320min")] {
        let found = run_with(vec![
            duration("d1", "two days", "2880min"),
            duration("d2", other, key),
        ]);
        assert_eq!(found.contradictions.len(), 1, "two days vs {other}");
    }
    // The estimate joins the plain statement it fits.
    let ledger = run_with(vec![
        duration("d1", "about three hours", "180min"),
        duration("d2", "three hours", "180min"),
        duration("d3", "more than five hours", "300min"),
    ]);
    assert_eq!(
        contradiction_values(&ledger),
        vec![(
            "meeting/duration".to_string(),
            vec![
                "three hours".to_string(),
                "more than five hours".to_string()
            ]
        )]
    );
    assert_eq!(ledger.contradictions[0].values[0].docs, vec!["d1", "d2"]);
}

#[test]
fn a_round_dated_a_day_apart_is_one_meeting_with_a_date_contradiction() {
    let documents = vec![
        doc("d1", "s-1", Some("2026-04-25")),
        doc("d2", "s-1", Some("2026-04-27")),
        doc("d3", "s-1", Some("2026-04-27")),
    ];
    let input = LedgerInput {
        documents: documents.clone(),
        meetings: vec![
            placed_meeting("c-1", "d1", "Muscat", "2026-04-25", &["IRN", "USA"]),
            placed_meeting("c-2", "d2", "Muscat", "2026-04-26", &["IRN", "USA"]),
            placed_meeting("c-3", "d3", "Muscat", "2026-04-26", &["USA"]),
        ],
        ..Default::default()
    };
    let ledger = run(&input);
    assert_eq!(ledger.meetings.len(), 1, "{:#?}", ledger.meetings);
    // Two documents give the 26th.
    assert_eq!(ledger.meetings[0].date.as_deref(), Some("2026-04-26"));
    assert_eq!(ledger.meetings[0].claims, vec!["c-1", "c-2", "c-3"]);
    assert_eq!(
        contradiction_values(&ledger),
        vec![(
            "meeting:Muscat/date".to_string(),
            vec!["2026-04-25".to_string(), "2026-04-26".to_string()]
        )]
    );
    assert_eq!(ledger.contradictions[0].values[1].docs, vec!["d2", "d3"]);
}

#[test]
fn rounds_dated_apart_stay_apart_when_they_may_be_different_days() {
    let documents = vec![doc("d1", "s-1", None), doc("d2", "s-1", None)];
    let two = |a: stancemap_model::MeetingRecord,
               b: stancemap_model::MeetingRecord,
               facts: Vec<FactRecord>| {
        let ledger = run(&LedgerInput {
            documents: documents.clone(),
            meetings: vec![a, b],
            facts,
            ..Default::default()
        });
        (ledger.meetings.len(), ledger.contradictions.len())
    };
    let muscat = |id: &str, d: &str, date: &str, parties: &[&str]| {
        placed_meeting(id, d, "Muscat", date, parties)
    };
    // Two days apart.
    assert_eq!(
        two(
            muscat("c-1", "d1", "2026-04-25", &["IRN"]),
            muscat("c-2", "d2", "2026-04-27", &["IRN"]),
            vec![]
        ),
        (2, 0)
    );
    // Other parties.
    assert_eq!(
        two(
            muscat("c-1", "d1", "2026-04-25", &["IRN"]),
            muscat("c-2", "d2", "2026-04-26", &["USA"]),
            vec![]
        ),
        (2, 0)
    );
    // One document reports both days: a round over two days.
    let mut second_day = muscat("c-2", "d1", "2026-04-26", &["IRN"]);
    second_day.start = 100;
    second_day.end = 140;
    assert_eq!(
        two(
            muscat("c-1", "d1", "2026-04-25", &["IRN"]),
            second_day,
            vec![]
        ),
        (2, 0)
    );
    // A source says the round lasted two days.
    assert_eq!(
        two(
            muscat("c-1", "d1", "2026-04-25", &["IRN"]),
            muscat("c-2", "d2", "2026-04-26", &["IRN"]),
            vec![fact("d2", "meeting", "duration", "two days", "2880min")]
        ),
        (2, 0)
    );
    // A one-day round has one date: "after a day of talks" does not keep them apart.
    assert_eq!(
        two(
            muscat("c-1", "d1", "2026-04-25", &["IRN"]),
            muscat("c-2", "d2", "2026-04-26", &["IRN"]),
            vec![fact("d1", "meeting", "duration", "a day", "1440min")]
        ),
        (1, 1)
    );
    // The control: the same pair without any of these is one round.
    assert_eq!(
        two(
            muscat("c-1", "d1", "2026-04-25", &["IRN"]),
            muscat("c-2", "d2", "2026-04-26", &["IRN"]),
            vec![]
        ),
        (1, 1)
    );
}

#[test]
fn stance_contradiction_needs_one_item_to_name_the_other() {
    let docs = vec![doc("d1", "s-1", None), doc("d2", "s-1", None)];
    let pair = |accepted: &str, rejected: &str| {
        run(&LedgerInput {
            documents: docs.clone(),
            claims: vec![
                claim("c-1", "d1", "ISR", Act::Accept, "ceasefire", accepted, 0.8),
                claim("c-2", "d2", "ISR", Act::Reject, "ceasefire", rejected, 0.8),
            ],
            ..Default::default()
        })
        .contradictions
        .len()
    };
    assert_eq!(pair("a temporary truce", "a permanent truce"), 0);
    assert_eq!(pair("the truce", "the Egyptian 30-day truce"), 1);
}

// ----------------------------------------------------------------- snapshot

fn small_corpus() -> LedgerInput {
    let documents = vec![
        doc("d-a1", "s-1", Some("2026-03-02")),
        doc("d-a2", "s-1", Some("2026-03-02")),
        dup("d-a3", "d-a2", "s-1"),
        doc("d-a4", "s-1", Some("2026-03-09")),
        doc("d-b1", "s-2", None),
    ];
    let mut hamas_cond = claim(
        "c-03",
        "d-a2",
        "HAMAS",
        Act::Propose,
        "hostages",
        "freeing ten captives in a first phase",
        0.75,
    );
    hamas_cond.conditions = vec!["if the army pulls back to the buffer line".into()];
    let mut joint = claim(
        "c-06",
        "d-a4",
        "ISR",
        Act::Agree,
        "prisoner_exchange",
        "a swap of 30 detainees for 3 captives",
        0.85,
    );
    joint.with = vec!["HAMAS".into()];
    let mut hedged = claim(
        "c-07",
        "d-a4",
        "EGY",
        Act::Propose,
        "ceasefire",
        "a 45-day truce",
        0.55,
    );
    hedged.attributed_to = Some("Egyptian state media".into());
    let claims = vec![
        claim(
            "c-01",
            "d-a1",
            "ISR",
            Act::Demand,
            "hostages",
            "the return of every captive",
            0.9,
        ),
        claim(
            "c-02",
            "d-a1",
            "HAMAS",
            Act::Reject,
            "ceasefire",
            "a six-week pause",
            0.8,
        ),
        hamas_cond,
        claim(
            "c-04",
            "d-a3",
            "HAMAS",
            Act::Reject,
            "ceasefire",
            "a six-week pause",
            0.8,
        ),
        claim(
            "c-05",
            "d-a4",
            "HAMAS",
            Act::Accept,
            "ceasefire",
            "the revised six-week pause",
            0.85,
        ),
        joint,
        hedged,
        claim(
            "c-08",
            "d-b1",
            "USW",
            Act::Demand,
            "trade",
            "a four percent raise each year",
            0.8,
        ),
        claim(
            "c-09",
            "d-b1",
            "USW",
            Act::Reject,
            "trade",
            "the two-tier pay scale",
            0.7,
        ),
    ];
    let mut m1 = meeting(
        "c-10",
        "d-a1",
        "Cairo",
        Some("on Sunday"),
        Some("2026-03-01"),
    );
    m1.parties = vec!["EGY".into(), "ISR".into()];
    m1.duration = Some("six hours".into());
    let mut m2 = meeting("c-11", "d-a2", "Cairo", Some("Sunday"), None);
    m2.venue = Some("the intelligence directorate headquarters".into());
    m2.parties = vec!["HAMAS".into()];
    let mut roles = vec![
        role("e-mediator", "Egyptian intelligence chief", "d-a1"),
        role("e-envoy", "special envoy", "d-a1"),
        role("e-envoy", "national security adviser", "d-a4"),
    ];
    roles.push(role("e-envoy", "US envoy", "d-a2"));
    let facts = vec![
        fact("d-a1", "meeting:Cairo", "duration", "six hours", "360min"),
        fact(
            "d-a2",
            "meeting:Cairo",
            "duration",
            "nearly eight hours",
            "480min",
        ),
    ];
    let mut entity_names = BTreeMap::new();
    entity_names.insert("e-envoy".to_string(), "Dana Whitlock".to_string());
    LedgerInput {
        documents,
        claims,
        meetings: vec![m1, m2],
        facts,
        roles,
        entity_names,
    }
}

#[test]
fn snapshot_of_a_small_ledger() {
    insta::assert_json_snapshot!(run(&small_corpus()));
}

// --------------------------------------------------------------- properties

fn arb_claims() -> impl Strategy<Value = Vec<ClaimRecord>> {
    let acts = prop::sample::select(vec![
        Act::Demand,
        Act::Propose,
        Act::Accept,
        Act::Reject,
        Act::Agree,
        Act::Meet,
    ]);
    let parties = prop::sample::select(vec!["UKR", "RUS", "USA"]);
    let topics = prop::sample::select(vec!["ceasefire", "talks", "sanctions"]);
    let docs = prop::sample::select(vec!["d1", "d2", "d3", "d4"]);
    prop::collection::vec(
        (
            acts,
            parties,
            topics,
            docs,
            0u8..=10,
            any::<bool>(),
            any::<bool>(),
        ),
        0..24,
    )
    .prop_map(|rows| {
        rows.into_iter()
            .enumerate()
            .map(|(i, (act, party, topic, doc, conf, hedged, counted))| {
                let mut c = claim(
                    &format!("c-{i:02}"),
                    doc,
                    party,
                    act,
                    topic,
                    &format!("item {}", i % 3),
                    f32::from(conf) / 10.0,
                );
                c.start = i * 50;
                c.counted = counted;
                if hedged {
                    c.attributed_to = Some("officials".into());
                }
                if act == Act::Agree {
                    c.with = vec!["TUR".into()];
                }
                c
            })
            .collect()
    })
}

fn prop_docs() -> Vec<DocMeta> {
    vec![
        doc("d1", "s-1", Some("2026-01-01")),
        doc("d2", "s-1", None),
        dup("d3", "d1", "s-1"),
        doc("d4", "s-1", Some("2026-01-05")),
    ]
}

proptest! {
    #[test]
    fn build_is_deterministic_and_order_independent(claims in arb_claims(), seed in any::<u64>()) {
        let input = LedgerInput { documents: prop_docs(), claims: claims.clone(), ..Default::default() };
        let first = run(&input);
        prop_assert_eq!(&first, &run(&input));
        // Shuffle the claims (a permutation driven by the seed).
        let mut shuffled = claims;
        let n = shuffled.len();
        let mut state = seed | 1;
        for i in (1..n).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let j = (state % (i as u64 + 1)) as usize;
            shuffled.swap(i, j);
        }
        let again = run(&LedgerInput { documents: prop_docs(), claims: shuffled, ..Default::default() });
        prop_assert_eq!(&first.positions, &again.positions);
        prop_assert_eq!(&first.agreements, &again.agreements);
        prop_assert_eq!(&first.contradictions, &again.contradictions);
    }

    #[test]
    fn sources_never_exceed_distinct_counted_documents(claims in arb_claims()) {
        let input = LedgerInput { documents: prop_docs(), claims: claims.clone(), ..Default::default() };
        let ledger = run(&input);
        // d3 is a duplicate: at most d1, d2, d4 can be sources.
        for p in &ledger.positions {
            let counted: std::collections::BTreeSet<&str> = claims
                .iter()
                .filter(|c| c.counted && c.doc != "d3" && p.claims.contains(&c.id))
                .map(|c| c.doc.as_str())
                .collect();
            prop_assert!(p.sources <= counted.len());
            prop_assert!(p.sources >= 1 && p.sources <= 3);
            prop_assert!(p.confidence >= LedgerConfig::default().positions.min_confidence);
            prop_assert!(p.confidence <= 1.0);
        }
        for a in &ledger.agreements {
            prop_assert!(a.sources >= 1 && a.sources <= 3);
        }
    }
}

/// A big story with thousands of meeting reports (the generated corpus puts ~70 % of its
/// documents in one story, with ~5 reports each): every report is merged once, the
/// clusters are those the rules give, and the story-by-story build agrees. Quadratic
/// clustering (every report against every meeting and its reports) took 16 s here in a
/// debug build; 0.4 s indexed.
#[test]
fn many_meeting_reports_in_one_story_cluster_by_place_and_when() {
    let places = ["Rome", "Muscat", "Geneva", "Doha"];
    let whens = [Some("on Monday"), Some("Tuesday"), Some("last week"), None];
    let documents: Vec<DocMeta> = (0..2_000)
        .map(|i| doc(&format!("d{i}"), "s-1", None))
        .collect();
    let mut meetings = Vec::new();
    for i in 0..6_000usize {
        let d = format!("d{}", i / 3);
        let mut m = meeting(
            &format!("c-{i:05}"),
            &d,
            places[i % 4],
            whens[(i / 4) % 4],
            None,
        );
        m.start = (i % 3) * 50;
        if i % 5 == 0 {
            m.place = None;
        }
        if i % 7 == 0 {
            m.date = Some(format!("2026-05-{:02}", 1 + (i / 7) % 28));
            m.parties = vec!["IRN".into(), "USA".into()];
        }
        meetings.push(m);
    }
    let input = LedgerInput {
        documents,
        meetings,
        ..Default::default()
    };
    let ledger = run(&input);
    let reports: usize = ledger.meetings.iter().map(|m| m.claims.len()).sum();
    assert_eq!(reports, 6_000);
    // Every place has its dated meetings (one per date, or one round per few days) and
    // its undated ones by compatible `when`; placeless reports either join the one
    // meeting they fit or gather by themselves.
    assert!(
        ledger.meetings.len() < 300,
        "{} meetings",
        ledger.meetings.len()
    );
    let dated_at_rome = ledger
        .meetings
        .iter()
        .filter(|m| m.place.as_deref() == Some("Rome") && m.date.is_some())
        .count();
    assert!((1..=28).contains(&dated_at_rome), "{dated_at_rome}");
}

fn arb_meetings() -> impl Strategy<Value = Vec<stancemap_model::MeetingRecord>> {
    let places = prop::sample::select(vec![Some("Doha"), Some("Oslo"), None]);
    let whens = prop::sample::select(vec![
        Some("Monday"),
        Some("on Monday"),
        Some("Friday"),
        None,
    ]);
    let dates = prop::sample::select(vec![Some("2026-01-05"), Some("2026-01-09"), None]);
    let docs = prop::sample::select(vec!["d1", "d2", "d3", "d4"]);
    prop::collection::vec((places, whens, dates, docs), 0..16).prop_map(|rows| {
        rows.into_iter()
            .enumerate()
            .map(|(i, (place, when, date, doc))| {
                let mut m = meeting(&format!("c-{i:02}"), doc, place.unwrap_or("x"), when, date);
                m.place = place.map(Into::into);
                m.start = i * 10;
                m
            })
            .collect()
    })
}

proptest! {
    #[test]
    fn meetings_are_order_independent_and_keep_every_report_once(
        records in arb_meetings(),
        rotate in 0usize..16,
    ) {
        let input = LedgerInput { documents: prop_docs(), meetings: records.clone(), ..Default::default() };
        let first = run(&input).meetings;
        let mut reversed = records.clone();
        reversed.reverse();
        let n = reversed.len().max(1);
        reversed.rotate_left(rotate % n);
        let again = run(&LedgerInput { documents: prop_docs(), meetings: reversed, ..Default::default() }).meetings;
        prop_assert_eq!(&first, &again);
        let mut ids: Vec<&str> = first.iter().flat_map(|m| m.claims.iter().map(String::as_str)).collect();
        ids.sort_unstable();
        let mut expected: Vec<&str> = records.iter().map(|r| r.id.as_str()).collect();
        expected.sort_unstable();
        prop_assert_eq!(ids, expected);
        for m in &first {
            prop_assert!(m.sources <= 3, "d3 is a duplicate");
        }
    }
}

/// Not a benchmark (no timing is asserted): checks that a corpus-sized input builds, and
/// prints how long it took. Run with `cargo test -p stancemap-ledger -- --ignored --nocapture`.
#[test]
#[ignore]
fn large_input_builds() {
    let parties = ["UKR", "RUS", "USA", "TUR", "EU", "IRN", "ISR", "HAMAS"];
    let topics = [
        "ceasefire",
        "talks",
        "sanctions",
        "territory",
        "hostages",
        "trade",
    ];
    let acts = [
        Act::Demand,
        Act::Propose,
        Act::Accept,
        Act::Reject,
        Act::Agree,
    ];
    let documents: Vec<DocMeta> = (0..2000)
        .map(|i| {
            let day = 1 + i % 28;
            doc(
                &format!("d{i:04}"),
                &format!("s-{}", i % 5),
                Some(&format!("2026-03-{day:02}")),
            )
        })
        .collect();
    let claims: Vec<ClaimRecord> = (0..60_000)
        .map(|i| {
            let mut c = claim(
                &format!("c-{i:06}"),
                &format!("d{:04}", i % 2000),
                parties[i % parties.len()],
                acts[i % acts.len()],
                topics[(i / 7) % topics.len()],
                &format!("item number {}", i % 13),
                0.3 + (i % 7) as f32 / 10.0,
            );
            if c.act == Act::Agree {
                c.with = vec![parties[(i + 1) % parties.len()].into()];
            }
            c
        })
        .collect();
    let places = ["Doha", "Cairo", "Geneva", "Istanbul", "Muscat"];
    let meetings = (0..8000)
        .map(|i| {
            meeting(
                &format!("m-{i:05}"),
                &format!("d{:04}", i % 2000),
                places[i % places.len()],
                Some(["Monday", "Friday", "on Sunday"][i % 3]),
                (i % 2 == 0).then_some("2026-03-10"),
            )
        })
        .collect();
    let roles = (0..6000)
        .map(|i| {
            role(
                &format!("e-{}", i % 300),
                [
                    "foreign minister",
                    "Defence Minister",
                    "special envoy",
                    "President",
                ][i % 7 % 4],
                &format!("d{:04}", i % 2000),
            )
        })
        .collect();
    let input = LedgerInput {
        documents,
        claims,
        meetings,
        roles,
        ..Default::default()
    };
    let started = std::time::Instant::now();
    let ledger = run(&input);
    println!(
        "built {} positions, {} agreements, {} meetings, {} contradictions in {:?}",
        ledger.positions.len(),
        ledger.agreements.len(),
        ledger.meetings.len(),
        ledger.contradictions.len(),
        started.elapsed()
    );
    assert!(!ledger.positions.is_empty());
}
