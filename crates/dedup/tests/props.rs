//! Property tests: repeat spans are well formed; Jaccard estimates are accurate.

use std::collections::BTreeSet;

use proptest::prelude::*;
use proptest::test_runner::RngSeed;
use stancemap_dedup::{find_repeats, MinHasher};
use stancemap_model::text::{match_key, words};

/// Paragraph building blocks: sentences about several negotiations, some short lines,
/// some non-ASCII so byte offsets and char boundaries are exercised.
const PARAGRAPHS: &[&str] = &[
    "The union rejected the employers' offer of 3 percent and called a strike for Monday.",
    "Mediators in Doha said the hostage talks had made «real progress» overnight.",
    "Iran will keep enriching uranium, its negotiator said after the session in Muscat.",
    "Brussels prepared countermeasures on 26 billion euros of goods — bourbon included.",
    "Advertisement",
    "Read more",
    "Die Gespräche in Genf wurden am Dienstag ohne Einigung vertagt, hieß es.",
    "The army and the RSF accused each other of violating the truce in Omdurman.",
    "Talks resume",
    "Ministers from both countries initialled the draft treaty text in Washington.",
];

fn paragraph() -> impl Strategy<Value = String> {
    (0..PARAGRAPHS.len(), any::<bool>()).prop_map(|(i, shout)| {
        let p = PARAGRAPHS[i];
        if shout {
            title_case(p)
        } else {
            p.to_string()
        }
    })
}

fn title_case(text: &str) -> String {
    text.split(' ')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().chain(c).collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn document() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(paragraph(), 0..14),
        any::<bool>(),
        "[ \t]{0,2}",
    )
        .prop_map(|(paras, double, pad)| {
            let mut all = paras.clone();
            if double {
                all.extend(paras.iter().map(|p| title_case(p)));
            }
            all.iter()
                .map(|p| format!("{pad}{p}"))
                .collect::<Vec<_>>()
                .join("\n\n")
        })
}

fn config(cases: u32) -> ProptestConfig {
    // A fixed seed keeps the statistical test deterministic (it is a property of the
    // fixed hash family on these generated pairs, not a coin toss per CI run).
    ProptestConfig {
        cases,
        rng_seed: RngSeed::Fixed(20_261_122),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn repeats_are_valid_ordered_spans(text in document()) {
        let reps = find_repeats(&text);
        let mut last_end = 0;
        for r in &reps {
            for pos in [r.start, r.end, r.of_start, r.of_end] {
                prop_assert!(pos <= text.len() && text.is_char_boundary(pos));
            }
            prop_assert!(r.of_start < r.of_end && r.of_end <= r.start && r.start < r.end);
            prop_assert!(r.start >= last_end, "overlapping or unsorted: {:?}", reps);
            last_end = r.end;
        }
    }

    #[test]
    fn doubled_documents_are_found(paras in prop::collection::vec(0..4usize, 3..6)) {
        // Distinct long paragraphs, then the same again in Title Case.
        let mut seen = BTreeSet::new();
        let first: Vec<&str> = paras.iter().filter(|i| seen.insert(**i)).map(|&i| PARAGRAPHS[i]).collect();
        prop_assume!(first.len() >= 2);
        let second: Vec<String> = first.iter().map(|p| title_case(p)).collect();
        let text = format!("{}\n\n{}", first.join("\n\n"), second.join("\n\n"));
        let reps = find_repeats(&text);
        prop_assert_eq!(reps.len(), 1);
        prop_assert_eq!(reps[0].end, text.len());
    }
}

const VOCAB: &[&str] = &[
    "talks",
    "ceasefire",
    "hostages",
    "union",
    "wage",
    "tariff",
    "envoy",
    "uranium",
    "truce",
    "offer",
    "strike",
    "port",
    "delegation",
    "minister",
    "draft",
    "treaty",
    "prisoners",
    "sanctions",
    "Geneva",
    "Doha",
    "Muscat",
    "Jeddah",
    "Brussels",
    "said",
    "would",
    "the",
    "of",
    "and",
    "a",
    "in",
    "to",
    "on",
    "demand",
    "reject",
    "accept",
    "round",
    "border",
];

/// The exact Jaccard similarity of 3-word shingle sets, computed independently.
fn true_jaccard(a: &str, b: &str) -> f64 {
    let shingles = |t: &str| -> BTreeSet<String> {
        let key = match_key(t);
        let ws: Vec<&str> = words(&key).map(|(_, w)| w).collect();
        if ws.len() < 3 {
            return std::iter::once(ws.join(" "))
                .filter(|s| !s.is_empty())
                .collect();
        }
        ws.windows(3).map(|w| w.join(" ")).collect()
    };
    let (sa, sb) = (shingles(a), shingles(b));
    let union = sa.union(&sb).count();
    if union == 0 {
        return 1.0;
    }
    sa.intersection(&sb).count() as f64 / union as f64
}

/// A text and an edited copy: some words replaced, a few inserted.
fn text_pair() -> impl Strategy<Value = (String, String)> {
    (
        prop::collection::vec(0..VOCAB.len(), 30..200),
        prop::collection::vec(
            (any::<prop::sample::Index>(), 0..VOCAB.len(), any::<bool>()),
            0..60,
        ),
    )
        .prop_map(|(base, edits)| {
            let a: Vec<&str> = base.iter().map(|&i| VOCAB[i]).collect();
            let mut b = a.clone();
            for (at, word, insert) in edits {
                let pos = at.index(b.len());
                if insert {
                    b.insert(pos, VOCAB[word]);
                } else {
                    b[pos] = VOCAB[word];
                }
            }
            (a.join(" "), b.join(" "))
        })
}

proptest! {
    // With 256 permutations |error| > 0.1 happens for about 0.1 % of pairs (≥ 3.2σ);
    // 100 cases under a fixed seed keep this deterministic. The unbiasedness test below
    // checks the distribution itself.
    #![proptest_config(config(100))]

    #[test]
    fn jaccard_estimate_is_within_a_tenth((a, b) in text_pair()) {
        let m = MinHasher::default();
        let estimate = m.estimate_jaccard(&m.signature(&a), &m.signature(&b));
        let truth = true_jaccard(&a, &b);
        prop_assert!((estimate - truth).abs() <= 0.1, "estimate {} truth {}", estimate, truth);
    }
}

/// The estimator is unbiased with the binomial variance J(1−J)/256: over 400 generated
/// pairs the standardised error has mean ≈ 0 and variance ≈ 1 (2000 pairs measured
/// mean −0.03, variance 0.99, worst 3.8σ). This is the statistical guarantee behind
/// the ±0.1 property above (0.1 is ≥ 3.2σ at any J).
#[test]
fn jaccard_estimate_is_unbiased_with_binomial_variance() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::new(config(400));
    let m = MinHasher::default();
    let mut zs = Vec::new();
    for _ in 0..400 {
        let Ok(tree) = text_pair().new_tree(&mut runner) else {
            continue;
        };
        let (a, b) = tree.current();
        let truth = true_jaccard(&a, &b);
        if truth <= 0.0 || truth >= 1.0 {
            continue;
        }
        let estimate = m.estimate_jaccard(&m.signature(&a), &m.signature(&b));
        zs.push((estimate - truth) / (truth * (1.0 - truth) / 256.0).sqrt());
    }
    let n = zs.len() as f64;
    let mean = zs.iter().sum::<f64>() / n;
    let var = zs.iter().map(|z| (z - mean).powi(2)).sum::<f64>() / n;
    assert!(
        n > 300.0 && mean.abs() < 0.2 && (0.75..1.3).contains(&var),
        "n {n} mean {mean} var {var}"
    );
}
