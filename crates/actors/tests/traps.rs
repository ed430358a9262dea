//! One small text per pattern and per alias rule, including the negative cases, with
//! hard assertions on what matters and a golden snapshot of each group for review.
//! Every text is written for these tests.

mod common;

use common::{config, entity_with_surface, party_of, render, roles_of as role_of, tag};
use stancemap_actors::{DocActors, EntityKind, EntityRegistry};

const PATTERNS: &[(&str, &str)] = &[
    (
        "demonym title name",
        "Chilean Trade Minister Ana Lobos said the copper quota was not negotiable.",
    ),
    (
        "name, country's title",
        "Kazem Gharibabadi, Iran's deputy foreign minister, said the draft was unbalanced.",
    ),
    (
        "title name, side from context",
        "The Qatari delegation arrived late, and the team was led by presidential aide Khalid Al-Mansouri.",
    ),
    (
        "name, a demonym descriptor",
        "The ceasefire will not hold, said Leila Haddad, an Egyptian journalist based in Cairo.",
    ),
    (
        "country envoy name",
        "Oman envoy Badr Albusaidi carried the message to the Americans.",
    ),
    (
        "name - adviser to person",
        "Mahmoud Vaezi \u{2014} a senior adviser to Benjamin Netanyahu \u{2014} denied the report.",
    ),
    (
        "title alone with a title party",
        "The United States will not lift sanctions, Secretary of State Lena Morrow told Iranian negotiators.",
    ),
    (
        "former qualifier",
        "Former US President Walter Brandt urged restraint.",
    ),
    (
        "metonym modifier",
        "Kremlin spokesman Yuri Danilov said Moscow would study the text.",
    ),
];

#[test]
fn news_patterns_find_people_with_sides_and_roles() {
    let cfg = config();
    let tagged: Vec<DocActors> = PATTERNS.iter().map(|(_, t)| tag(&cfg, t)).collect();
    assert_eq!(party_of(&tagged[0], "Ana Lobos").as_deref(), Some("CHL"));
    assert_eq!(role_of(&tagged[0], "Ana Lobos"), ["Trade Minister"]);
    assert_eq!(
        party_of(&tagged[1], "Kazem Gharibabadi").as_deref(),
        Some("IRN")
    );
    assert_eq!(
        role_of(&tagged[1], "Kazem Gharibabadi"),
        ["deputy foreign minister"]
    );
    assert_eq!(
        party_of(&tagged[2], "Khalid Al-Mansouri").as_deref(),
        Some("QAT")
    );
    assert_eq!(party_of(&tagged[3], "Leila Haddad").as_deref(), Some("EGY"));
    assert_eq!(
        party_of(&tagged[4], "Badr Albusaidi").as_deref(),
        Some("OMN")
    );
    assert_eq!(
        party_of(&tagged[5], "Mahmoud Vaezi").as_deref(),
        Some("ISR")
    );
    assert_eq!(party_of(&tagged[6], "Lena Morrow").as_deref(), Some("USA"));
    assert_eq!(
        role_of(&tagged[7], "Walter Brandt"),
        ["Former US President"]
    );
    assert_eq!(
        party_of(&tagged[8], "Yuri Danilov"),
        None,
        "no RUS in the test gazetteer"
    );
    let shown: Vec<String> = PATTERNS
        .iter()
        .zip(&tagged)
        .map(|((name, text), doc)| format!("## {name}\n{text}\n{}", render(doc)))
        .collect();
    insta::assert_snapshot!("patterns", shown.join("\n"));
}

const ALIASES: &str = "Iranian Foreign Minister Abbas Araghchi met the Omani mediators. \
Araqchi said the talks were useful. Later Araghtschi, in a German-language interview, \
repeated it.\n\nSudan's army chief Abdel Fattah al-Burhan flew to Jeddah. Burhane, as a French \
wire spelled it, met US envoy Tom Perriello. Hemeti, the RSF commander, stayed away, \
while Hemedti's brother Abdelrahim Dagalo was seen in Nairobi.\n\nEU trade commissioner \
Maroš Šefčovič spoke first; Sefcovic later said the offer stood.";

#[test]
fn alias_rules_merge_spelling_variants() {
    let cfg = config();
    let doc = tag(&cfg, ALIASES);
    let araghchi = entity_with_surface(&doc, "Abbas Araghchi");
    for variant in ["Araqchi", "Araghtschi"] {
        assert_eq!(entity_with_surface(&doc, variant), araghchi, "{variant}");
    }
    let burhan = entity_with_surface(&doc, "Abdel Fattah al-Burhan");
    assert_eq!(entity_with_surface(&doc, "Burhane"), burhan);
    let dagalo = entity_with_surface(&doc, "Hemedti");
    assert_eq!(entity_with_surface(&doc, "Hemeti"), dagalo);
    let sefcovic = entity_with_surface(&doc, "Maroš Šefčovič");
    assert_eq!(entity_with_surface(&doc, "Sefcovic"), sefcovic);
    assert_eq!(sefcovic[0].party.as_deref(), Some("EU"));
    let brother = entity_with_surface(&doc, "Abdelrahim Dagalo");
    assert_eq!(brother.len(), 1);
    assert_ne!(
        brother, dagalo,
        "a different first name is a different person"
    );
    insta::assert_snapshot!("aliases", render(&doc));
}

const NEGATIVES: &[(&str, &str)] = &[
    (
        "us the pronoun",
        "Let us be clear: the talks are over, he told us.",
    ),
    (
        "turkey the bird",
        "Recipe: roast turkey with sage and lemon.",
    ),
    (
        "Jordan the first name",
        "Jordan Bardella, a French politician, criticised the deal.",
    ),
    (
        "Israel the first name",
        "Defence Minister Israel Katz visited the border.",
    ),
    (
        "Zelenko is not Zensky",
        "Ukrainian President Volodymyr Zelensky spoke. Zensky, as one outlet wrote, \
         thanked the mediators. Tom Zelenko, a contractor, disagreed.",
    ),
    (
        "two first names, one surname",
        "Hamas leader Yahya Sinwar approved the plan. Mohammed Sinwar objected.",
    ),
    (
        "Title Case headline",
        "Sudan Army Chief Rejects Truce As Envoy Heads To Jeddah For Talks",
    ),
];

#[test]
fn negative_cases_stay_negative() {
    let cfg = config();
    let tagged: Vec<DocActors> = NEGATIVES.iter().map(|(_, t)| tag(&cfg, t)).collect();
    assert!(tagged[0].entities.is_empty(), "{}", render(&tagged[0]));
    assert!(tagged[1].entities.is_empty(), "{}", render(&tagged[1]));
    assert!(
        tagged[2]
            .entities
            .iter()
            .all(|e| e.kind == EntityKind::Person),
        "Jordan is no state here: {}",
        render(&tagged[2])
    );
    assert!(
        tagged[3]
            .entities
            .iter()
            .all(|e| e.gazetteer_id.as_deref() != Some("ISR")),
        "{}",
        render(&tagged[3])
    );
    assert_eq!(entity_with_surface(&tagged[3], "Israel Katz").len(), 1);
    let z = &tagged[4];
    assert_eq!(
        entity_with_surface(z, "Zensky"),
        entity_with_surface(z, "Volodymyr Zelensky"),
        "{}",
        render(z)
    );
    assert!(
        z.entities
            .iter()
            .all(|e| !e.surfaces.iter().any(|s| s.contains("Zelenko"))
                || !e.surfaces.iter().any(|s| s.contains("Zelensky"))),
        "{}",
        render(z)
    );
    let s = &tagged[5];
    assert_ne!(
        entity_with_surface(s, "Yahya Sinwar"),
        entity_with_surface(s, "Mohammed Sinwar")
    );
    assert!(
        tagged[6]
            .entities
            .iter()
            .all(|e| e.kind != EntityKind::Person),
        "no people discovered from a Title-Case headline: {}",
        render(&tagged[6])
    );
    let shown: Vec<String> = NEGATIVES
        .iter()
        .zip(&tagged)
        .map(|((name, text), doc)| format!("## {name}\n{text}\n{}", render(doc)))
        .collect();
    insta::assert_snapshot!("negatives", shown.join("\n"));
}

#[test]
fn coreference_to_sides() {
    let cfg = config();
    let text = "Iranian Foreign Minister Abbas Araghchi arrived in Muscat. The Iranian \
                foreign minister said the Iranian side wanted guarantees. He left early. \
                Washington's delegation stayed. Both sides will meet again.";
    let doc = tag(&cfg, text);
    let coref: Vec<(String, String)> = doc
        .mentions
        .iter()
        .filter(|m| m.source == stancemap_actors::MentionSource::Coreference)
        .map(|m| (m.surface.clone(), doc.entities[m.entity].name.clone()))
        .collect();
    let has = |s: &str, e: &str| coref.iter().any(|(a, b)| a == s && b == e);
    assert!(
        has("The Iranian foreign minister", "Abbas Araghchi"),
        "{coref:?}"
    );
    assert!(has("the Iranian side", "Iran"), "{coref:?}");
    assert!(has("He", "Abbas Araghchi"), "{coref:?}");
    assert!(has("Washington's delegation", "United States"), "{coref:?}");
    assert!(
        has("Both sides", "Iran") && has("Both sides", "United States"),
        "{coref:?}"
    );
}

#[test]
fn a_short_alias_does_not_merge_across_stories() {
    let cfg = config();
    let mut reg = EntityRegistry::default();
    let a = tag(&cfg, "Chilean Trade Minister Ana Lobos rejected the quota.");
    let b = tag(
        &cfg,
        "Peruvian negotiator Carlos Lobos, a trade official, accepted it.",
    );
    let ids_a = reg.resolve(Some("s-1"), &a);
    let ids_b = reg.resolve(Some("s-2"), &b);
    assert_ne!(ids_a, ids_b);
    let c = tag(
        &cfg,
        "Chilean Trade Minister Ana Lobos spoke again on Monday.",
    );
    assert_eq!(
        reg.resolve(Some("s-3"), &c),
        ids_a,
        "full-name match across stories"
    );
}

#[test]
fn a_gazetteer_person_spelled_another_way_is_found_by_first_name_and_surname_key() {
    let cfg = config();
    // No title, no pattern: only the two names tie the variant to the gazetteer person,
    // and the later bare surname follows.
    let doc = tag(
        &cfg,
        "The talks with Raphael Grosi ended late. Grosi left without a statement.",
    );
    let grossi = entity_with_surface(&doc, "Raphael Grosi");
    assert_eq!(grossi.len(), 1, "{}", render(&doc));
    assert_eq!(grossi[0].party.as_deref(), Some("IAEA"), "{}", render(&doc));
    assert_eq!(
        entity_with_surface(&doc, "Grosi"),
        grossi,
        "{}",
        render(&doc)
    );
    // Another first name with the same surname key is somebody else.
    let other = tag(&cfg, "The talks with Marco Grosi ended late.");
    assert!(
        other
            .entities
            .iter()
            .all(|e| e.party.as_deref() != Some("IAEA")),
        "{}",
        render(&other)
    );
}
