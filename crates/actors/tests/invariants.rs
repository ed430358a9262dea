//! Properties that hold for any input text: no panic, spans on char boundaries and equal
//! to their surfaces, indices in range, deterministic output.

mod common;

use std::sync::OnceLock;

use proptest::prelude::*;
use stancemap_actors::{tag_document, ActorConfig, EntityRegistry};

/// Both configs are built once: the small test gazetteer and the embedded default.
fn configs() -> &'static [ActorConfig; 2] {
    static CONFIGS: OnceLock<[ActorConfig; 2]> = OnceLock::new();
    CONFIGS.get_or_init(|| [common::config(), ActorConfig::default()])
}

/// Text built from name-like pieces, titles, punctuation and odd characters, so the
/// patterns actually fire on random input.
fn noisy_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("Iranian Foreign Minister Abbas Araghchi".to_string()),
        Just("Araqchi".to_string()),
        Just("the Iranian side".to_string()),
        Just(", a Qatari envoy".to_string()),
        Just("Sudan's army chief".to_string()),
        Just(" — a senior adviser to ".to_string()),
        Just("He".to_string()),
        Just("both sides".to_string()),
        Just("U.S.".to_string()),
        Just("\n\n".to_string()),
        Just("’s".to_string()),
        "[A-Z][a-zà-ž]{1,8}",
        "[a-z]{1,6}",
        "[ .,;:'’\"()\\-—]{1,3}",
        any::<char>().prop_map(|c| c.to_string()),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn tagging_any_text_is_safe_and_consistent(text in noisy_text(), which in 0usize..2) {
        let cfg = &configs()[which];
        let sentences = stancemap_segment::Segmenter::default().split(&text);
        let doc = tag_document(cfg, &text, &sentences);
        for m in &doc.mentions {
            prop_assert!(m.entity < doc.entities.len());
            prop_assert!(text.is_char_boundary(m.span.start) && text.is_char_boundary(m.span.end));
            prop_assert_eq!(m.span.slice(&text), m.surface.as_str());
            prop_assert!(m.confidence > 0.0 && m.confidence <= 1.0);
        }
        for r in &doc.roles {
            prop_assert!(r.entity < doc.entities.len());
            prop_assert_eq!(r.span.slice(&text), r.role.as_str());
        }
        for w in doc.mentions.windows(2) {
            prop_assert!(w[0].span.start <= w[1].span.start);
        }
        // Tagging reuses per-thread buffers: a longer document in between must not leak
        // into the next result.
        let other = format!("{text} Iranian Foreign Minister Abbas Araghchi met envoys.\n{text}");
        let _ = tag_document(cfg, &other, &[]);
        let again = tag_document(cfg, &text, &sentences);
        prop_assert_eq!(&doc, &again);
        // Without sentences (lines are sentences) it must not panic either.
        let _ = tag_document(cfg, &text, &[]);
        let mut reg = EntityRegistry::default();
        let ids = reg.resolve(Some("s-1"), &doc);
        prop_assert_eq!(ids.len(), doc.entities.len());
    }
}
