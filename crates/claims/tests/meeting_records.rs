//! Meeting records: a meeting asked about, denied or rumoured is no meeting; a stated or
//! planned one is.

mod common;

/// The number of meeting records the claims stage makes of `text`.
fn meetings_in(text: &str) -> usize {
    common::Reader::with_defaults()
        .read("d-meetings", text, "2026-05-06")
        .meetings
        .len()
}

#[test]
fn denied_meeting_is_no_meeting() {
    let text = "Kyiv denied on Monday that its envoys had met Russian negotiators in Istanbul.";
    assert_eq!(meetings_in(text), 0);
}

#[test]
fn rumoured_meeting_is_no_meeting() {
    let text =
        "Rumours that Serbian and Kosovar officials had met in Brussels on Sunday spread fast.";
    assert_eq!(meetings_in(text), 0);
}

#[test]
fn question_about_a_meeting_is_no_meeting() {
    let text = "Will Iran and the United States meet in Oman next week?";
    assert_eq!(meetings_in(text), 0);
}

#[test]
fn denial_elsewhere_in_the_sentence_keeps_the_meeting() {
    let text = "The two delegations met in Istanbul on Monday, and Kyiv denied that it had shelled the plant.";
    assert_eq!(meetings_in(text), 1);
}

#[test]
fn planned_meeting_is_a_meeting() {
    let text = "Iran and the United States will meet in Oman next week, officials said.";
    assert_eq!(meetings_in(text), 1);
}

/// Place and ISO date of the first meeting record of `text` (published Wednesday
/// 2026-05-06).
fn first_meeting(text: &str) -> (Option<String>, Option<String>) {
    let out = common::Reader::with_defaults().read("d-meetings", text, "2026-05-06");
    let m = out.meetings.first().expect("a meeting record");
    (m.place.clone(), m.date.clone())
}

#[test]
fn demonym_capital_is_the_place() {
    let text = "Talks between Hamas and Israel resumed in the Qatari capital on Monday.";
    assert_eq!(first_meeting(text).0.as_deref(), Some("Doha"));
    // A capital named in passing ("the Qatari capital's role") places nothing.
    let text =
        "Talks between Hamas and Israel resumed on Monday, with the Qatari capital's role unclear.";
    assert_eq!(first_meeting(text).0, None);
    // Of two located places the first: the later one belongs to a relative clause.
    let text = "The sides ended two days of talks in the Qatari capital to review the truce \
                that ended the war in Gaza.";
    assert_eq!(first_meeting(text).0.as_deref(), Some("Doha"));
    let text = "The sides ended two days of talks in Geneva, far from the Qatari capital.";
    assert_eq!(first_meeting(text).0.as_deref(), Some("Geneva"));
}

#[test]
fn place_after_in_wins_over_a_place_merely_named() {
    let text = "Access to Fordow dominated the talks in Vienna on Monday.";
    assert_eq!(first_meeting(text).0.as_deref(), Some("Vienna"));
}

#[test]
fn a_place_the_gazetteer_does_not_know_after_in_or_before_the_meeting_word() {
    let text = "The delegations met on Monday at the UN base in Naqoura, near the border.";
    assert_eq!(first_meeting(text).0.as_deref(), Some("Naqoura"));
    let text = "Monday's Panmunjom meeting lasted two hours, a South Korean official said.";
    assert_eq!(first_meeting(text).0.as_deref(), Some("Panmunjom"));
    // Before a known place named elsewhere in the sentence.
    let text = "Monday's Naqoura meeting dealt with positions north of Beirut.";
    assert_eq!(first_meeting(text).0.as_deref(), Some("Naqoura"));
    // Not a time, a mediator compound, a sentence start or a Title-Case line.
    let text = "The sides will meet again in March, after three days of Chinese-brokered talks.";
    assert_eq!(first_meeting(text).0, None);
    let text = "\"Direct talks are a trap,\" the envoy said of the meeting on Monday.";
    assert_eq!(first_meeting(text).0, None);
    let text = "Envoys Prepare New Peace Talks On Monday";
    assert_eq!(first_meeting(text).0, None);
}

#[test]
fn an_unknown_place_is_named_as_the_gazetteer_names_its_spelling() {
    // A French spelling of a gazetteer city, and an Arabic article before a name.
    let text = "The delegations met on Monday in Djeddah for a third round.";
    assert_eq!(first_meeting(text).0.as_deref(), Some("Jeddah"));
    let text = "The meeting in Al-Naqoura lasted six hours on Monday.";
    assert_eq!(first_meeting(text).0.as_deref(), Some("Naqoura"));
    // A hyphenated name whose first part is no short article stays whole.
    let text = "The delegations met on Monday in Sharm-Sheikh for a third round.";
    assert_eq!(first_meeting(text).0.as_deref(), Some("Sharm-Sheikh"));
}

#[test]
fn past_verb_before_the_day_makes_it_past_despite_a_later_will() {
    let text = "The sides agreed on Monday in Geneva that experts will meet again.";
    assert_eq!(first_meeting(text).1.as_deref(), Some("2026-05-04"));
    let text = "The sides will meet in Geneva on Monday.";
    assert_eq!(first_meeting(text).1.as_deref(), Some("2026-05-11"));
}

/// (attribute, value) of the count facts of `text`.
fn counts_in(text: &str) -> Vec<(String, String)> {
    let out = common::Reader::with_defaults().read("d-counts", text, "2026-05-06");
    out.facts
        .iter()
        .filter(|f| f.attribute.starts_with("count:"))
        .map(|f| (f.attribute.clone(), f.value.clone()))
        .collect()
}

#[test]
fn count_before_the_cue_and_before_a_later_topic_word() {
    let text = "Egypt proposed freeing ten living hostages in the first phase.";
    assert_eq!(
        counts_in(text),
        [(
            "count:hostages".to_string(),
            "ten living hostages".to_string()
        )]
    );
    // The cue is "release … soldiers" (a combo): the number stands before "soldiers".
    let text = "Armenia demands the release of 32 soldiers captured in the May fighting.";
    assert_eq!(
        counts_in(text),
        [("count:soldiers".to_string(), "32 soldiers".to_string())]
    );
    // A number before a word that does not name the topic is no count of it.
    let text = "Armenia demands the release of prisoners within 30 days.";
    assert!(counts_in(text).is_empty());
}

#[test]
fn count_with_a_demonym_between_number_and_noun() {
    let text = "Israel agreed to release six Lebanese detainees before the end of the year.";
    assert_eq!(
        counts_in(text),
        [(
            "count:detainees".to_string(),
            "six Lebanese detainees".to_string()
        )]
    );
    // A capitalised word that is no demonym is not a modifier of the count.
    let text = "Israel agreed to release six Hezbollah detainees before the end of the year.";
    assert!(counts_in(text).is_empty());
}

/// (value, key) of the mediation facts of `text`.
fn mediation_in(text: &str) -> Vec<(String, String)> {
    let out = common::Reader::with_defaults().read("d-mediation", text, "2026-05-06");
    out.facts
        .iter()
        .filter(|f| f.attribute == "mediation")
        .map(|f| (f.value.clone(), f.key.clone()))
        .collect()
}

fn pair(value: &str, key: &str) -> (String, String) {
    (value.to_string(), key.to_string())
}

#[test]
fn a_demonym_before_mediation_names_the_mediator() {
    let text = "The two foreign ministers met in Almaty under Kazakh mediation on Tuesday.";
    assert_eq!(
        mediation_in(text),
        [pair("Kazakh mediation", "mediated:KAZ")]
    );
    // "mediation" after a word that names no party is no fact.
    let text = "The two foreign ministers asked for mediation on Tuesday.";
    assert_eq!(mediation_in(text), []);
}

#[test]
fn a_negated_direct_meeting_is_a_mediated_one() {
    let text = "The two leaders met face-to-face in Brussels for the first time in a year.";
    assert_eq!(mediation_in(text), [pair("met face-to-face", "direct")]);
    let text = "The two leaders did not meet face-to-face, the spokeswoman said.";
    assert_eq!(mediation_in(text), [pair("meet face-to-face", "mediated")]);
    // A negator in another clause does not reach the phrase.
    let text = "Nobody could say why, but the delegations did meet face-to-face on Sunday.";
    assert_eq!(mediation_in(text), [pair("meet face-to-face", "direct")]);
}

#[test]
fn strictly_bilateral_talks_are_direct_and_the_mediation_of_names_a_mediator() {
    let text = "New Delhi stressed that the talks in Riyadh had been strictly bilateral.";
    assert_eq!(mediation_in(text), [pair("strictly bilateral", "direct")]);
    let text = "The meeting was made possible by the mediation of the United States, Dar said.";
    assert_eq!(
        mediation_in(text),
        [pair("the mediation of the United States", "mediated:USA")]
    );
    // "bilateral" alone says nothing about a mediator (bilateral trade, bilateral ties).
    let text = "The two ministers discussed bilateral trade in Riyadh.";
    assert_eq!(mediation_in(text), []);
}
