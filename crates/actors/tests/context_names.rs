//! Names resolved from the document itself: acronyms defined by a name mentioned nearby,
//! reordered (machine-translated) organisation names, "the army"-style descriptions,
//! particle-prefixed surnames, datelines in capitals, and the delegation-leader
//! patterns. Each case has its negative. Every text is written for these tests.

mod common;

use common::{config, entity_with_surface, party_of, render, roles_of, tag};
use stancemap_actors::{ActorConfig, MentionSource};

const EXTRA: &str = r#"
[[entity]]
id = "PDF"
name = "Popular Defence Forces"
kind = "group"
party = "PDF"
aliases = ["Popular Defence Forces"]

[[entity]]
id = "SAF"
name = "Sudanese Armed Forces"
kind = "organisation"
party = "SDN"
aliases = ["Sudanese Armed Forces", "Sudan's army"]
"#;

fn cfg() -> ActorConfig {
    let mut cfg = config();
    cfg.add_gazetteer_toml(EXTRA).expect("extra entities load");
    cfg
}

#[test]
fn an_acronym_is_the_entity_whose_initials_it_spells_in_the_same_document() {
    let cfg = cfg();
    let doc = tag(
        &cfg,
        "Fighters of the Popular Defence Forces entered the town on Monday. The PDF said it \
         would hold its positions until the talks resume.",
    );
    assert_eq!(
        entity_with_surface(&doc, "PDF"),
        entity_with_surface(&doc, "Popular Defence Forces"),
        "{}",
        render(&doc)
    );
    let alone = tag(
        &cfg,
        "The PDF version of the report was leaked to reporters on Monday.",
    );
    assert!(
        entity_with_surface(&alone, "PDF").is_empty(),
        "{}",
        render(&alone)
    );
}

#[test]
fn a_reordered_name_and_its_bracketed_acronym_are_the_entity() {
    let cfg = cfg();
    let doc = tag(
        &cfg,
        "The Forces of Popular Defence (FDP) said on Tuesday that they reject the plan.",
    );
    assert_eq!(
        party_of(&doc, "Forces of Popular Defence").as_deref(),
        Some("PDF")
    );
    assert_eq!(party_of(&doc, "FDP").as_deref(), Some("PDF"));
    let other = tag(
        &cfg,
        "The Ministry of Defence said the new forces were ready.",
    );
    assert!(other.entities.is_empty(), "{}", render(&other));
}

#[test]
fn the_army_is_the_only_army_mentioned() {
    let cfg = cfg();
    let doc = tag(
        &cfg,
        "The Sudanese Armed Forces shelled the town overnight. Army officials said the army \
         would not withdraw.",
    );
    let saf = doc
        .entities
        .iter()
        .position(|e| e.name == "Sudanese Armed Forces");
    let described: Vec<&str> = doc
        .mentions
        .iter()
        .filter(|m| m.source == MentionSource::Coreference && Some(m.entity) == saf)
        .map(|m| m.surface.as_str())
        .collect();
    assert_eq!(described, ["Army", "the army"], "{}", render(&doc));
    // Descriptions are not aliases.
    assert!(entity_with_surface(&doc, "the army").is_empty());
    let two = tag(
        &cfg,
        "The Sudanese Armed Forces and the Popular Defence Forces clashed again. Both said \
         the forces would stay.",
    );
    assert!(
        two.mentions.iter().all(|m| m.surface != "the forces"),
        "two entities end in 'Forces': {}",
        render(&two)
    );
}

#[test]
fn particle_prefixed_surnames_and_capital_datelines() {
    let cfg = cfg();
    let doc = tag(
        &cfg,
        "Faisal al-Otaibi, Saudi Arabia's deputy foreign minister, told reporters the \
         convoys would move.",
    );
    assert_eq!(party_of(&doc, "Faisal al-Otaibi").as_deref(), Some("SAU"));
    assert_eq!(
        roles_of(&doc, "Faisal al-Otaibi"),
        ["deputy foreign minister"]
    );
    let dateline = tag(
        &cfg,
        "PORT SUDAN — Sudan's army chief, Lt. Gen. Kamal Ismail, said on Monday the talks \
         would go on.",
    );
    assert!(
        dateline.entities.iter().all(|e| !e.name.contains("PORT")),
        "{}",
        render(&dateline)
    );
    assert_eq!(party_of(&dateline, "Kamal Ismail").as_deref(), Some("SDN"));
}

#[test]
fn delegation_leaders_take_the_side_they_lead() {
    let cfg = cfg();
    let led = tag(
        &cfg,
        "The Qatari delegation, led by Maj. Gen. Hamad Nasser, asked that the Egyptian side \
         withdraw its objections.",
    );
    assert_eq!(
        party_of(&led, "Hamad Nasser").as_deref(),
        Some("QAT"),
        "{}",
        render(&led)
    );
    let heads = tag(
        &cfg,
        "Omar Taha, who heads the Egyptian team, said the text was ready for the Qatari side.",
    );
    assert_eq!(party_of(&heads, "Omar Taha").as_deref(), Some("EGY"));
    let untitled = tag(
        &cfg,
        "The Qatari delegation, headed by Salem Nasser, asked for another day of talks.",
    );
    assert_eq!(
        party_of(&untitled, "Salem Nasser").as_deref(),
        Some("QAT"),
        "{}",
        render(&untitled)
    );
    // One capitalised word after "led by" is no name; "escorted by" leads nothing.
    let one_word = tag(
        &cfg,
        "The Qatari delegation, led by Salem, asked for another day of talks.",
    );
    assert!(entity_with_surface(&one_word, "Salem").is_empty());
    let escorted = tag(
        &cfg,
        "The Qatari delegation, escorted by Salem Nasser, asked for another day of talks.",
    );
    assert!(
        entity_with_surface(&escorted, "Salem Nasser").is_empty(),
        "{}",
        render(&escorted)
    );
    let met = tag(
        &cfg,
        "Omar Taha, who met the Egyptian team, said the text was ready.",
    );
    assert!(
        entity_with_surface(&met, "Omar Taha").is_empty(),
        "{}",
        render(&met)
    );
}

#[test]
fn a_title_with_its_name_set_off_by_commas() {
    let cfg = cfg();
    let doc = tag(
        &cfg,
        "The UN's envoy for Sudan, Grace Wanjiru, proposed a pause in the fighting.",
    );
    assert_eq!(party_of(&doc, "Grace Wanjiru").as_deref(), Some("UN"));
    assert_eq!(roles_of(&doc, "Grace Wanjiru"), ["envoy"]);
    // An "of" phrase: its words before the side belong to the role, the side is the
    // cue; a form of address before the name is skipped.
    let of_side = tag(
        &cfg,
        "The mediator of the UN, Mister Grace Wanjiru, proposed a pause in the fighting.",
    );
    assert_eq!(party_of(&of_side, "Grace Wanjiru").as_deref(), Some("UN"));
    assert_eq!(roles_of(&of_side, "Grace Wanjiru"), ["mediator"]);
    let of_role = tag(
        &cfg,
        "The chief of the delegation of the UN, Grace Wanjiru, proposed a pause. The minister \
         of the Interior, Ahmed Saleh, said nothing.",
    );
    assert_eq!(
        roles_of(&of_role, "Grace Wanjiru"),
        ["chief of the delegation"]
    );
    assert_eq!(party_of(&of_role, "Grace Wanjiru").as_deref(), Some("UN"));
    assert_eq!(
        roles_of(&of_role, "Ahmed Saleh"),
        ["minister of the Interior"]
    );
    let list = tag(
        &cfg,
        "She spoke to the envoy on Monday, Ahmed Saleh and two aides said afterwards.",
    );
    assert!(
        roles_of(&list, "Ahmed Saleh").is_empty(),
        "{}",
        render(&list)
    );
}

#[test]
fn a_paragraph_opening_pronoun_continues_the_previous_paragraph() {
    let cfg = cfg();
    let doc = tag(
        &cfg,
        "Qatar's foreign minister, Hamad Nasser, spoke first on Monday.\n\nHe also demanded \
         that the prisoners be freed.\n\nThe talks resumed after lunch. Later she left.",
    );
    let nasser = doc.entities.iter().position(|e| e.name == "Hamad Nasser");
    let pronouns: Vec<(&str, Option<usize>)> = doc
        .mentions
        .iter()
        .filter(|m| m.source == MentionSource::Coreference)
        .filter(|m| matches!(m.surface.to_lowercase().as_str(), "he" | "she"))
        .map(|m| (m.surface.as_str(), Some(m.entity)))
        .collect();
    // "He" opens the next paragraph: Nasser. "she" sits mid-paragraph two paragraphs
    // later with no person in between: nobody.
    assert_eq!(pronouns, [("He", nasser)], "{}", render(&doc));
}

#[test]
fn a_speakers_side_is_not_taken_from_what_they_say() {
    let cfg = cfg();
    // Every side named in the paragraph is inside the quote: the spokesman gets none
    // from it, but "the Peruvian government" elsewhere gives his title's side.
    let doc = tag(
        &cfg,
        "The Egyptian government rejected the claims on Friday.\n\n\"Israel and Qatar were \
         told everything in advance,\" government spokesman Rodrigo Salcedo told reporters.",
    );
    assert_eq!(
        party_of(&doc, "Rodrigo Salcedo").as_deref(),
        Some("EGY"),
        "{}",
        render(&doc)
    );
    // Two governments named that way decide nothing.
    let doc = tag(
        &cfg,
        "The Egyptian government and the Omani government met on Friday.\n\n\"Israel \
         was told everything,\" government spokesman Rodrigo Salcedo said.",
    );
    assert_eq!(party_of(&doc, "Rodrigo Salcedo"), None, "{}", render(&doc));
}

#[test]
fn a_lone_first_name_is_the_one_person_with_it() {
    let cfg = cfg();
    let doc = tag(
        &cfg,
        "Thai Deputy Foreign Minister Sompong Rattanakul led the team. Sompong said the \
         border commission would meet again.",
    );
    let sompong = entity_with_surface(&doc, "Sompong Rattanakul");
    assert_eq!(
        sompong,
        entity_with_surface(&doc, "Sompong"),
        "{}",
        render(&doc)
    );
    // Two people with that first name: the lone word is neither.
    let doc = tag(
        &cfg,
        "Thai Deputy Foreign Minister Sompong Rattanakul met army chief Sompong Chaiwan. \
         Sompong said the border commission would meet again.",
    );
    assert!(
        entity_with_surface(&doc, "Sompong").is_empty(),
        "{}",
        render(&doc)
    );
}

#[test]
fn an_acronym_in_mixed_case_is_the_entity_the_document_mentions() {
    let mut cfg = config();
    cfg.add_gazetteer_toml(
        r#"
[[entity]]
id = "ELN"
name = "National Liberation Army"
kind = "group"
party = "ELN"
aliases = ["National Liberation Army", "ELN"]
"#,
    )
    .expect("extra entity loads");
    let doc = tag(
        &cfg,
        "The National Liberation Army (Eln) said on Sunday that the Eln accepts the truce.",
    );
    assert_eq!(
        entity_with_surface(&doc, "Eln"),
        entity_with_surface(&doc, "National Liberation Army"),
        "{}",
        render(&doc)
    );
    // Not mentioned otherwise: a word that only looks like the acronym decides nothing.
    let alone = tag(&cfg, "Residents of Eln said the road was closed on Sunday.");
    assert!(
        entity_with_surface(&alone, "Eln").is_empty(),
        "{}",
        render(&alone)
    );
}

#[test]
fn a_delegation_named_only_by_its_noun_is_the_side_the_document_puts_before_it() {
    let cfg = cfg();
    let doc = tag(
        &cfg,
        "Egypt's government and the rebels agreed on a truce on Monday.\n\nThe government \
         delegation, led by Senator Laila Farouk, asked for more time.",
    );
    assert_eq!(
        party_of(&doc, "Laila Farouk").as_deref(),
        Some("EGY"),
        "{}",
        render(&doc)
    );
    let doc = tag(
        &cfg,
        "Egypt's government and Qatar's government met on Monday.\n\nThe government \
         delegation, led by Senator Laila Farouk, asked for more time.",
    );
    assert_ne!(
        party_of(&doc, "Laila Farouk").as_deref(),
        Some("EGY"),
        "{}",
        render(&doc)
    );
}

#[test]
fn the_rebels_are_the_one_group_of_the_document() {
    let cfg = cfg();
    let doc = tag(
        &cfg,
        "Fighters of the Popular Defence Forces entered the town on Monday. The rebels said \
         they would hold it until the talks resume.",
    );
    let rebels: Vec<&str> = doc
        .mentions
        .iter()
        .filter(|m| m.surface == "The rebels")
        .map(|m| doc.entities[m.entity].name.as_str())
        .collect();
    assert_eq!(rebels, ["Popular Defence Forces"], "{}", render(&doc));
    // Two groups in the document: "the rebels" is neither.
    let doc = tag(
        &cfg,
        "The Popular Defence Forces and the Rapid Support Forces clashed on Monday. The \
         rebels said they would hold the town.",
    );
    let groups = doc
        .entities
        .iter()
        .filter(|e| e.kind == stancemap_actors::EntityKind::Group)
        .count();
    assert_eq!(groups, 2, "{}", render(&doc));
    assert!(
        doc.mentions
            .iter()
            .all(|m| m.surface != "rebels" && m.surface != "The rebels"),
        "{}",
        render(&doc)
    );
}

#[test]
fn a_translated_name_with_a_reordered_acronym_is_the_entity() {
    let cfg = ActorConfig::default();
    // "Popular" for "People's": one word translated otherwise, the acronym's letters
    // reordered with the words (TPLF → FPLT).
    let doc = tag(
        &cfg,
        "The federal government and the Popular Front for the Liberation of Tigray (FPLT) \
         ended the talks on Thursday. The FPLT rejected the proposal.",
    );
    assert_eq!(
        party_of(&doc, "Popular Front for the Liberation of Tigray").as_deref(),
        Some("TPLF"),
        "{}",
        render(&doc)
    );
    assert_eq!(
        entity_with_surface(&doc, "FPLT"),
        entity_with_surface(&doc, "Popular Front for the Liberation of Tigray"),
        "{}",
        render(&doc)
    );
    // The letters alone, or the words alone, are not enough.
    let letters_only = tag(
        &cfg,
        "The Fund for Peace and the Law of Territories (FPLT) published a report.",
    );
    assert!(
        entity_with_surface(&letters_only, "FPLT").is_empty(),
        "{}",
        render(&letters_only)
    );
    let words_only = tag(
        &cfg,
        "The Popular Front for the Liberation of Tigray (PFL) published a report.",
    );
    assert!(
        entity_with_surface(&words_only, "PFL").is_empty(),
        "{}",
        render(&words_only)
    );
}

#[test]
fn a_translated_name_before_a_known_acronym_is_that_entity_wherever_it_recurs() {
    let cfg = ActorConfig::default();
    // "De'ang" for "Ta'ang": the acronym is known, the name differs by one word; the
    // organisation inside it ("National Liberation Army") is not what the text names.
    let doc = tag(
        &cfg,
        "The Myanmar military and the De'ang National Liberation Army (TNLA) met on Monday. \
         The De'ang National Liberation Army agreed to withdraw from the town.",
    );
    assert_eq!(
        party_of(&doc, "De'ang National Liberation Army").as_deref(),
        Some("TNLA"),
        "{}",
        render(&doc)
    );
    assert!(
        entity_with_surface(&doc, "National Liberation Army").is_empty(),
        "{}",
        render(&doc)
    );
    // Two words apart from every alias: the name stays unknown.
    let far = tag(
        &cfg,
        "The Shan State Liberation Army (TNLA) met the military on Monday.",
    );
    assert!(
        entity_with_surface(&far, "Shan State Liberation Army").is_empty(),
        "{}",
        render(&far)
    );
}

#[test]
fn ranks_and_burmese_forms_of_address_before_names() {
    let cfg = ActorConfig::default();
    let doc = tag(
        &cfg,
        "Myanmar's military government and the TNLA met in Kunming. The military delegation \
         was led by Lieutenant General Soe Thura Naing, the deputy defence minister. The \
         delegation head, U Soe Thura Naing, thanked China.",
    );
    assert_eq!(
        party_of(&doc, "Soe Thura Naing").as_deref(),
        Some("MMR"),
        "{}",
        render(&doc)
    );
    assert!(
        entity_with_surface(&doc, "U Soe Thura Naing").is_empty(),
        "{}",
        render(&doc)
    );
    // "U.S." is no form of address.
    let us = tag(
        &cfg,
        "The envoy, U.S. diplomat Mark Hale, arrived on Monday.",
    );
    assert!(
        entity_with_surface(&us, "S. Mark Hale").is_empty(),
        "{}",
        render(&us)
    );
}

#[test]
fn the_junta_is_the_organisation_of_a_mentioned_party_when_only_one_fits() {
    let cfg = ActorConfig::default();
    // The document names Myanmar, not its military: "the junta" is still Myanmar's.
    let doc = tag(
        &cfg,
        "The UN coordinator for Myanmar asked for aid access. The junta rejected the proposal \
         on Monday.",
    );
    let junta = doc
        .mentions
        .iter()
        .find(|m| m.surface == "The junta" || m.surface == "the junta")
        .unwrap_or_else(|| panic!("no mention of the junta:\n{}", render(&doc)));
    assert_eq!(
        doc.entities[junta.entity].party.as_deref(),
        Some("MMR"),
        "{}",
        render(&doc)
    );
    // Without a party that has one, the word names nothing.
    let none = tag(&cfg, "The junta rejected the proposal on Monday.");
    assert!(
        none.mentions.iter().all(|m| !m.surface.contains("junta")),
        "{}",
        render(&none)
    );
}

#[test]
fn the_resistance_is_the_one_group_of_the_document() {
    let cfg = cfg();
    let doc = tag(
        &cfg,
        "The leader of the Popular Defence Forces spoke on Tuesday evening. He said the \
         resistance would keep its weapons while the army stays in the south.",
    );
    let resistance: Vec<&str> = doc
        .mentions
        .iter()
        .filter(|m| m.surface.ends_with("resistance"))
        .map(|m| doc.entities[m.entity].name.as_str())
        .collect();
    assert_eq!(resistance, ["Popular Defence Forces"], "{}", render(&doc));
    // Without "the", or with two groups named, the word is nobody.
    let doc = tag(
        &cfg,
        "The Popular Defence Forces and the Rapid Support Forces praised what they called \
         the resistance. Lawmakers met resistance in Khartoum.",
    );
    assert!(
        doc.mentions
            .iter()
            .all(|m| !m.surface.ends_with("resistance")),
        "{}",
        render(&doc)
    );
}

#[test]
fn a_leader_with_an_appositive_keeps_the_side_led() {
    let cfg = cfg();
    let doc = tag(
        &cfg,
        "Sudan's delegation was led by Omar Khalid Idris, a retired ambassador, and Egypt's by \
         Samir Fawzi Nour, a former ambassador.",
    );
    assert_eq!(party_of(&doc, "Omar Khalid Idris").as_deref(), Some("SDN"));
    assert_eq!(party_of(&doc, "Samir Fawzi Nour").as_deref(), Some("EGY"));
    // Not led by anyone: the appositive's side comes from its context as before.
    let doc = tag(
        &cfg,
        "Omar Khalid Idris, a former ambassador, spoke to Egypt's state television.",
    );
    assert_ne!(party_of(&doc, "Omar Khalid Idris").as_deref(), Some("SDN"));
}

#[test]
fn an_appositive_role_keeps_its_of_phrase_and_a_title_before_it() {
    let cfg = cfg();
    let doc = tag(
        &cfg,
        "The rebels sent Emmanuel Rugira, the movement's head of political affairs. Ahmet \
         Demirel, the deputy interior minister, said nothing.",
    );
    assert_eq!(
        roles_of(&doc, "Emmanuel Rugira"),
        ["head of political affairs"]
    );
    // "deputy" is a title of its own (a member of parliament) but here it belongs to the
    // title after it: one role, not two.
    assert_eq!(
        roles_of(&doc, "Ahmet Demirel"),
        ["deputy interior minister"]
    );
    // A second role after "and" is not part of the first; whom the person serves is no
    // part of the role.
    let two = tag(
        &cfg,
        "Vera Quintana, head of the delegation and minister of the interior, left. Mark Stone, \
         the national security adviser of President Donald Trump, stayed.",
    );
    assert_eq!(roles_of(&two, "Vera Quintana"), ["head of the delegation"]);
    assert_eq!(roles_of(&two, "Mark Stone"), ["national security adviser"]);
}
