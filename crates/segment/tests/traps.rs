//! One test per segmentation trap, each with positive and negative cases.
//! All example text is invented for these tests.

use stancemap_segment::Segmenter;

fn sentences(text: &str) -> Vec<String> {
    Segmenter::default()
        .split(text)
        .iter()
        .map(|s| s.span.slice(text).to_string())
        .collect()
}

fn assert_split(text: &str, expected: &[&str]) {
    assert_eq!(sentences(text), expected, "text: {text:?}");
}

#[test]
fn plain_sentences_split() {
    assert_split(
        "The union rejected the offer. Management walked out! Will they return?",
        &[
            "The union rejected the offer.",
            "Management walked out!",
            "Will they return?",
        ],
    );
}

#[test]
fn titles_before_names_never_split() {
    assert_split(
        "Talks were led by Sen. Maria Okafor and Lt. Gen. Tomas Ruiz. Mr. and Mrs. Haddad attended.",
        &[
            "Talks were led by Sen. Maria Okafor and Lt. Gen. Tomas Ruiz.",
            "Mr. and Mrs. Haddad attended.",
        ],
    );
    assert_split(
        "Dr. Ines Varga, Prof. Kim and Gov. Reyes spoke; Col. Amadou and Rep. Lee did not.",
        &["Dr. Ines Varga, Prof. Kim and Gov. Reyes spoke; Col. Amadou and Rep. Lee did not."],
    );
}

#[test]
fn country_initialisms_split_only_before_a_sentence_start() {
    assert_split(
        "The plan was drafted in the U.S. The envoy flew to Doha.",
        &[
            "The plan was drafted in the U.S.",
            "The envoy flew to Doha.",
        ],
    );
    assert_split(
        "Mediators from the U.N. and E.U. met U.S. President Alvarez and U.K. officials.",
        &["Mediators from the U.N. and E.U. met U.S. President Alvarez and U.K. officials."],
    );
    assert_split(
        "Aid arrived via the U.N. However, fuel did not.",
        &["Aid arrived via the U.N.", "However, fuel did not."],
    );
}

#[test]
fn times_of_day() {
    assert_split(
        "The vote closed at 10 a.m. The talks resumed at noon.",
        &["The vote closed at 10 a.m.", "The talks resumed at noon."],
    );
    assert_split(
        "The vote closed at 10 a.m. on Tuesday and at 4 p.m. Negotiators left.",
        &["The vote closed at 10 a.m. on Tuesday and at 4 p.m. Negotiators left."],
    );
}

#[test]
fn company_forms_and_lists() {
    assert_split(
        "Steel tariffs hit Northfield Steel Co. and Baltic Freight Ltd. They warned of layoffs.",
        &[
            "Steel tariffs hit Northfield Steel Co. and Baltic Freight Ltd.",
            "They warned of layoffs.",
        ],
    );
    assert_split(
        "Ports, rail, grain etc. were on the table. Fisheries, e.g. quotas, i.e. catch limits, were not.",
        &[
            "Ports, rail, grain etc. were on the table.",
            "Fisheries, e.g. quotas, i.e. catch limits, were not.",
        ],
    );
    assert_split(
        "The study by Haas et al. found gaps. The report vs. the memo differed.",
        &[
            "The study by Haas et al. found gaps.",
            "The report vs. the memo differed.",
        ],
    );
}

#[test]
fn months_and_numbered_markers_before_numbers() {
    assert_split(
        "The truce began on Jan. 19 and Resolution No. 5 took effect Sept. 3. Fighting stopped.",
        &[
            "The truce began on Jan. 19 and Resolution No. 5 took effect Sept. 3.",
            "Fighting stopped.",
        ],
    );
    // Without a number after it, a month abbreviation ends a sentence like any word.
    assert_split(
        "The deadline is in Dec. The unions disagree.",
        &["The deadline is in Dec.", "The unions disagree."],
    );
}

#[test]
fn initials_are_not_boundaries() {
    assert_split(
        "President Franklin D. Roosevelt and J. R. Haddad were cited. A. Mensah declined.",
        &[
            "President Franklin D. Roosevelt and J. R. Haddad were cited.",
            "A. Mensah declined.",
        ],
    );
    assert_split(
        "The fallback is Plan B. The mediators prefer Plan A.",
        &["The fallback is Plan B.", "The mediators prefer Plan A."],
    );
}

#[test]
fn decimals_numbers_urls_and_emails() {
    assert_split(
        "Wages rise 3.5 percent, worth $1.2 billion. See www.example.org/talks or mail press@union.example.com for details. Done.",
        &[
            "Wages rise 3.5 percent, worth $1.2 billion.",
            "See www.example.org/talks or mail press@union.example.com for details.",
            "Done.",
        ],
    );
    assert_split(
        "The U.S.-brokered deal covers 2.4 million barrels.",
        &["The U.S.-brokered deal covers 2.4 million barrels."],
    );
}

#[test]
fn ellipses_and_exclamation_runs() {
    assert_split(
        "They waited... and waited. Nothing... The mood soured… Really?! Yes!!! Fine.",
        &[
            "They waited... and waited.",
            "Nothing...",
            "The mood soured…",
            "Really?!",
            "Yes!!!",
            "Fine.",
        ],
    );
}

#[test]
fn closing_quotes_and_brackets_belong_to_the_sentence() {
    assert_split(
        "He said: \"We will not sign.\" The room fell silent. (Talks resumed later.) Then “No deal.” Next.",
        &[
            "He said: \"We will not sign.\"",
            "The room fell silent.",
            "(Talks resumed later.)",
            "Then “No deal.”",
            "Next.",
        ],
    );
}

#[test]
fn quotes_followed_by_attribution_do_not_split() {
    assert_split(
        "“We are close to a deal,” the mediator said. “Are we?” he asked. “Never!” she replied.",
        &[
            "“We are close to a deal,” the mediator said.",
            "“Are we?” he asked.",
            "“Never!” she replied.",
        ],
    );
}

#[test]
fn lowercase_continuation_after_abbreviation_or_period() {
    assert_split(
        "The talks in St. petersburg-style format and the Inc. model continued.",
        &["The talks in St. petersburg-style format and the Inc. model continued."],
    );
}

#[test]
fn bullets_and_numbered_items_stay_with_their_item() {
    let text = "Demands:\n- A full ceasefire.\n• Release of 40 hostages.\n* Return of displaced families.\n1. Border talks.\n12. A second round. Dates open.";
    assert_split(
        text,
        &[
            "Demands:",
            "- A full ceasefire.",
            "• Release of 40 hostages.",
            "* Return of displaced families.",
            "1. Border talks.",
            "12. A second round.",
            "Dates open.",
        ],
    );
    // A year at line start is not a list marker.
    assert_split(
        "2024. The year closed without a deal.",
        &["2024.", "The year closed without a deal."],
    );
}

#[test]
fn paragraphs_and_headlines() {
    let text = "Ceasefire Holds In Border Town\n\nThe truce held overnight. Shops reopened\n\n\nNo further shelling was reported.";
    let seg = Segmenter::default();
    let got: Vec<(String, u32)> = seg
        .split(text)
        .iter()
        .map(|s| (s.span.slice(text).to_string(), s.paragraph))
        .collect();
    assert_eq!(
        got,
        [
            ("Ceasefire Holds In Border Town".to_string(), 0),
            ("The truce held overnight.".to_string(), 1),
            ("Shops reopened".to_string(), 1),
            ("No further shelling was reported.".to_string(), 2),
        ]
    );
}

#[test]
fn a_single_newline_ends_a_paragraph_even_mid_sentence() {
    assert_split(
        "The envoy said the\nTalks will resume",
        &["The envoy said the", "Talks will resume"],
    );
}

#[test]
fn title_case_copy_still_splits_on_function_words() {
    assert_split(
        "Talks With The U.S. Resume In Geneva. The Envoy Said Gen. Ruiz Will Attend At 9 A.M. Tomorrow.",
        &[
            "Talks With The U.S. Resume In Geneva.",
            "The Envoy Said Gen. Ruiz Will Attend At 9 A.M. Tomorrow.",
        ],
    );
}

#[test]
fn multilingual_abbreviations() {
    assert_split(
        "Laut Art. 5 bzw. Nr. 3 gilt das. M. Barrot et Mme Dupont sont arrivés. Dr. Weber auch.",
        &[
            "Laut Art. 5 bzw. Nr. 3 gilt das.",
            "M. Barrot et Mme Dupont sont arrivés.",
            "Dr. Weber auch.",
        ],
    );
}

#[test]
fn fullwidth_terminators_need_no_space() {
    assert_split(
        "停火协议已签署。谈判将继续！",
        &["停火协议已签署。", "谈判将继续！"],
    );
}

#[test]
fn crlf_and_odd_whitespace_are_trimmed() {
    assert_split(
        "  First point.\u{00A0} Second point. \r\n\tThird\u{2003}",
        &["First point.", "Second point.", "Third"],
    );
}

#[test]
fn empty_and_blank_texts_have_no_sentences() {
    assert!(sentences("").is_empty());
    assert!(sentences(" \n\n \t\r\n").is_empty());
    assert_split("...", &["..."]);
}

#[test]
fn opening_quote_after_an_initial_starts_a_sentence() {
    assert_split(
        "“It is time,” he wrote on X. “Ports are the economy.”",
        &["“It is time,” he wrote on X.", "“Ports are the economy.”"],
    );
    assert_split(
        "The plan came from the U.S. \"We accept it,\" Hamid said.",
        &[
            "The plan came from the U.S.",
            "\"We accept it,\" Hamid said.",
        ],
    );
}

#[test]
fn abbreviations_inside_compounds() {
    assert_split(
        "Gov. Alvarez (D-N.Y.) Urged Both Sides To Settle. The Port Stayed Shut.",
        &[
            "Gov. Alvarez (D-N.Y.) Urged Both Sides To Settle.",
            "The Port Stayed Shut.",
        ],
    );
    assert_split(
        "The talks were chaired by ex-Gen. Moyo. Nobody objected.",
        &[
            "The talks were chaired by ex-Gen. Moyo.",
            "Nobody objected.",
        ],
    );
}
