//! Claims across paragraph breaks: what a paragraph-opening subject refers to.

mod common;

/// (party, act, topic) of the claims of `text`.
fn claims_of(text: &str) -> Vec<(String, String, Option<String>)> {
    common::Reader::with_defaults()
        .read("d-paragraphs", text, "2026-05-06")
        .claims
        .iter()
        .map(|c| (c.party.clone(), c.act.name().to_string(), c.topic.clone()))
        .collect()
}

fn has(claims: &[(String, String, Option<String>)], party: &str, act: &str, topic: &str) -> bool {
    claims
        .iter()
        .any(|(p, a, t)| p == party && a == act && t.as_deref() == Some(topic))
}

#[test]
fn a_pronoun_opening_a_paragraph_continues_the_last_party() {
    let text = "The Rapid Support Forces rejected the army's truce plan on Monday.\n\n\
                It also refused to withdraw its fighters from El Fasher.";
    let claims = claims_of(text);
    assert!(
        has(&claims, "RSF", "reject", "troop_withdrawal"),
        "{claims:?}"
    );
}

#[test]
fn a_description_or_possessive_opening_a_paragraph_does_not() {
    // "The government" may be the other side; "their" is no subject.
    let text = "The Rapid Support Forces rejected the army's truce plan on Monday.\n\n\
                The government insisted on a withdrawal from El Fasher.";
    let claims = claims_of(text);
    assert!(
        !has(&claims, "RSF", "demand", "troop_withdrawal"),
        "{claims:?}"
    );
    let text = "The Rapid Support Forces rejected the army's truce plan on Monday.\n\n\
                According to diplomats, their negotiators proposed a withdrawal from El Fasher.";
    let claims = claims_of(text);
    assert!(
        !has(&claims, "RSF", "propose", "troop_withdrawal"),
        "{claims:?}"
    );
}

#[test]
fn until_the_paragraph_names_a_party_its_pronouns_continue_the_last_one() {
    let text = "The Rapid Support Forces rejected the army's truce plan on Monday.\n\n\
                In a written statement, the council of the movement set out its terms. It \
                insisted on a withdrawal of the army from El Fasher.";
    let claims = claims_of(text);
    assert!(
        has(&claims, "RSF", "demand", "troop_withdrawal"),
        "{claims:?}"
    );
    // A paragraph that names another side first: the pronoun is that side's.
    let text = "The Rapid Support Forces rejected the army's truce plan on Monday.\n\n\
                Sudan's army met the mediators on Tuesday. It insisted on a withdrawal \
                from El Fasher.";
    let claims = claims_of(text);
    assert!(
        has(&claims, "SDN", "demand", "troop_withdrawal"),
        "{claims:?}"
    );
    assert!(
        !has(&claims, "RSF", "demand", "troop_withdrawal"),
        "{claims:?}"
    );
}
