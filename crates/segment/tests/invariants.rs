//! Property tests: the span guarantees of `Segmenter::split` hold for any input.

use proptest::prelude::*;
use stancemap_model::Sentence;
use stancemap_segment::Segmenter;

/// Checks every promise of `split` and returns a description of the first violation.
fn check_invariants(text: &str, sentences: &[Sentence]) -> Result<(), String> {
    let mut covered_to = 0usize;
    let mut last_paragraph: Option<u32> = None;
    for s in sentences {
        let (start, end) = (s.span.start, s.span.end);
        if start >= end {
            return Err(format!("empty span {start}..{end}"));
        }
        if start < covered_to {
            return Err(format!("span {start}..{end} overlaps or goes back"));
        }
        if !text.is_char_boundary(start) || !text.is_char_boundary(end) || end > text.len() {
            return Err(format!("span {start}..{end} not on char boundaries"));
        }
        let slice = &text[start..end];
        if slice.trim() != slice {
            return Err(format!("span {slice:?} not trimmed"));
        }
        if slice.contains('\n') {
            return Err(format!("span {slice:?} crosses a line break"));
        }
        let gap = &text[covered_to..start];
        if !gap.chars().all(char::is_whitespace) {
            return Err(format!("non-space text {gap:?} left out"));
        }
        if let Some(p) = last_paragraph {
            let new_line = text[covered_to..start].contains('\n');
            let expected = if new_line { p + 1 } else { p };
            if s.paragraph != expected {
                return Err(format!("paragraph {} after {p}", s.paragraph));
            }
        } else if s.paragraph != 0 {
            return Err("first paragraph is not 0".into());
        }
        last_paragraph = Some(s.paragraph);
        covered_to = end;
    }
    let tail = &text[covered_to..];
    if !tail.chars().all(char::is_whitespace) {
        return Err(format!("non-space tail {tail:?} left out"));
    }
    Ok(())
}

/// Article-like text built from pieces that exercise every rule.
fn article_like() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "The talks resumed.",
        " Sen. Okafor said",
        " the U.S. ",
        "The",
        " at 10 a.m. ",
        " Jan. 5 ",
        " No. 7",
        "“We agree,” he said.",
        " (see Art. 5).",
        " 3.5 percent",
        " J. R. Haddad",
        "...",
        "…",
        "?!",
        "\"",
        "”",
        " ",
        "\n",
        "\n\n",
        "- ",
        "1. ",
        "• ",
        " www.example.org.",
        "\u{00A0}",
        "。",
        "Mr.",
        ".",
        "e.g.",
        " however",
        "However ",
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn invariants_hold_for_arbitrary_strings(text in "\\PC*|[ .!?\\n\"”“'()a-zA-Z0-9…。\u{00A0}\u{2028}]*") {
        let sentences = Segmenter::default().split(&text);
        prop_assert_eq!(check_invariants(&text, &sentences), Ok(()));
    }

    #[test]
    fn invariants_hold_for_article_like_text(text in article_like()) {
        let sentences = Segmenter::default().split(&text);
        prop_assert_eq!(check_invariants(&text, &sentences), Ok(()));
    }

    #[test]
    fn split_is_deterministic(text in article_like()) {
        let seg = Segmenter::default();
        prop_assert_eq!(seg.split(&text), seg.split(&text));
    }

    /// Splitting each line separately gives the same sentences (shifted): no decision
    /// looks across a line break.
    #[test]
    fn lines_are_independent(text in article_like()) {
        let seg = Segmenter::default();
        let whole: Vec<&str> = seg.split(&text).iter().map(|s| s.span.slice(&text)).collect();
        let mut by_line: Vec<&str> = Vec::new();
        for line in text.split('\n') {
            by_line.extend(seg.split(line).iter().map(|s| s.span.slice(line)));
        }
        prop_assert_eq!(whole, by_line);
    }
}

#[test]
fn checker_rejects_a_bad_segmentation() {
    let text = "One. Two.";
    let bad = [Sentence {
        span: stancemap_model::Span::new(0, 4),
        paragraph: 0,
    }];
    assert!(
        check_invariants(text, &bad).is_err(),
        "\"Two.\" is not covered"
    );
}
