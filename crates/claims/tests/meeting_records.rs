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
