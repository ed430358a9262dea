//! Golden snapshots of the claims stage's output on fixture articles written for this
//! project: every claim (party, act, topic, item, conditions, attribution), meeting and
//! fact. A change to the extractor that moves them shows up in review (`INSTA_UPDATE=always`
//! to accept, then read the diff).

mod common;

fn reading(text: &str, published: &str) -> String {
    let found = common::Reader::with_defaults().read("d-fixture", text, published);
    let mut out = String::new();
    for c in &found.claims {
        out.push_str(&format!(
            "claim {} {} {} | {} | cond={:?} att={:?} with={:?} target={:?}\n",
            c.party,
            c.act.name(),
            c.topic.as_deref().unwrap_or("-"),
            text[c.item.start..c.item.end].trim(),
            c.conditions,
            c.attributed_to,
            c.with,
            c.target,
        ));
    }
    for m in &found.meetings {
        out.push_str(&format!(
            "meeting place={:?} venue={:?} when={:?} date={:?} parties={:?} duration={:?} outcome={:?}\n",
            m.place, m.venue, m.when, m.date, m.parties, m.duration, m.outcome
        ));
    }
    for f in &found.facts {
        out.push_str(&format!(
            "fact {} {} = {:?} ({})\n",
            f.subject, f.attribute, f.value, f.key
        ));
    }
    out
}

#[test]
fn hostage_talks_article() {
    let text = include_str!(
        "../../../fixtures/negotiations/gaza_hostages_ceasefire/articles/01_doha_round_opens.txt"
    );
    insta::assert_snapshot!(reading(text, "2026-03-09"));
}

#[test]
fn tariff_talks_article() {
    let text = include_str!(
        "../../../fixtures/negotiations/us_china_tariffs/articles/01_geneva_truce_extended.txt"
    );
    insta::assert_snapshot!(reading(text, "2026-07-14"));
}
