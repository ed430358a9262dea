//! Invariants of `clean` on arbitrary input.

use proptest::prelude::*;
use stancemap_clean::{clean, normalize_line, CleanConfig};
use stancemap_model::RawArticle;

/// Lines built from article-ish pieces, boilerplate, markers and odd characters.
fn line_strategy() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("The envoys met in Doha on Sunday and agreed to continue the talks.".to_string()),
        Just("Advertisement".to_string()),
        Just("- Ieri 18:40 ".to_string()),
        Just("Talks Will Resume On Monday In Geneva With The Mediators".to_string()),
        Just("\u{201C}We will not sign,\u{201D} she said.".to_string()),
        Just("cease -fire".to_string()),
        Just("\u{00A0}\u{200B}\u{00AD}\t".to_string()),
        "[a-zA-Z ]{0,40}",
        any::<String>(),
    ];
    prop::collection::vec(piece, 0..5).prop_map(|v| v.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn clean_never_panics_and_keeps_normalised_input_lines_in_order(
        lines in prop::collection::vec(line_strategy(), 0..12)
    ) {
        let cfg = CleanConfig::default();
        let body = lines.join("\n");
        let c = clean(&cfg, &RawArticle::text("p.txt", body.clone()), None);
        prop_assert_eq!(c.text.trim(), c.text.as_str());
        // Every kept paragraph is a normalised input line (up to case, which Title-Case
        // restoration changes), in input order.
        let inputs: Vec<String> = body.lines().map(|l| normalize_line(l).to_lowercase()).collect();
        let mut next = 0;
        if !c.text.is_empty() {
            for p in c.text.split("\n\n") {
                prop_assert!(!p.is_empty());
                let key = p.to_lowercase();
                let found = inputs[next..].iter().position(|l| *l == key);
                prop_assert!(found.is_some(), "paragraph not an input line in order: {:?}", p);
                next += found.unwrap_or(0) + 1;
            }
        }
    }

    #[test]
    fn normalize_is_idempotent_and_clean(s in any::<String>()) {
        let once = normalize_line(&s);
        prop_assert_eq!(normalize_line(&once), once.clone());
        prop_assert!(!once.contains("  "));
        let bad = ['\u{00A0}', '\u{200B}', '\u{00AD}', '\t', '\n'];
        prop_assert!(!once.contains(bad), "unnormalised character left");
        prop_assert_eq!(once.trim(), once.as_str());
    }

    #[test]
    fn removed_plus_kept_accounts_for_every_line(
        lines in prop::collection::vec(line_strategy(), 0..12)
    ) {
        let cfg = CleanConfig::default();
        let body = lines.join("\n");
        let c = clean(&cfg, &RawArticle::text("p.txt", body.clone()), None);
        let non_empty = body.lines().filter(|l| !normalize_line(l).is_empty()).count();
        let kept = if c.text.is_empty() { 0 } else { c.text.split("\n\n").count() };
        prop_assert_eq!(kept + c.removed.len(), non_empty);
    }
}
