//! Behaviour of the corpus generator on a small, fixed, invented template set.

use std::collections::BTreeSet;

use proptest::prelude::*;
use stancemap_corpusgen::{
    article_kind, generate, generate_with, ArticleKind, GenOptions, Vocabulary,
};

/// Four invented articles about different negotiations, one paragraph per line.
fn templates() -> Vec<String> {
    [
        "Sudan Truce Talks Stall As Hemedti Envoys Walk Out
Delegations of the army and the Rapid Support Forces met again in Jeddah on Thursday, mediators said, but the session broke up after three hours.
Envoys of Hemedti demanded guarantees for humanitarian corridors before any ceasefire, while the army insisted on a withdrawal from residential areas first.
“We came to talk about aid, not about surrender,” one RSF negotiator told reporters outside the hotel.
Saudi and U.S. officials said they would present a revised proposal within a week. Burhan’s office did not comment.
Aid agencies warned that 25 million people need help and that the rainy season will cut roads to Darfur by July.",
        "Tariff Deadline Looms For Steel Talks In Geneva
Trade officials from the European Union and the United States resumed talks in Geneva on Monday, three days before a 25 percent levy on steel is due to take effect.
The EU demanded that existing quotas be restored, saying the new tariffs break a 2021 agreement. Washington said the deal had expired.
Industry groups on both sides warned that 40,000 jobs were at risk if no agreement was found by Friday.
A spokesman for the Commission said the meeting was “frank and useful” but declined to give details of the proposal on the table.",
        "Iran, US Hold Indirect Nuclear Round In Muscat
Foreign Minister Araghchi and the U.S. envoy held a second indirect round in Muscat on Saturday, with Omani officials carrying messages between the rooms.
Tehran rejected any demand to dismantle its enrichment facilities and said sanctions relief must come first, Araghchi told state television.
The U.S. side wants enrichment capped at 3.67 percent and inspectors back at all sites, according to two officials familiar with the talks.
Both sides said the meeting was constructive and agreed to meet again in Geneva next week.",
        "Dockworkers And Port Operators Return To Bargaining Table
The union and the port employers will resume contract talks on Wednesday under a federal mediator, ending a two-week standoff.
The union demanded a 60 percent raise over six years and a ban on automated cranes; the employers offered 40 percent and rejected the ban.
“Every crane they install is a job they take,” the union president said at a rally on Sunday.
Economists warned that a strike would cost the economy several billion dollars a day and snarl supply chains before the holidays.",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

fn opts(seed: u64, articles: usize) -> GenOptions {
    GenOptions {
        seed,
        articles,
        html_share: 0.3,
        duplicate_share: 0.2,
        title_case_share: 0.1,
    }
}

#[test]
fn same_options_same_output_different_seed_different_output() {
    let t = templates();
    let a: Vec<_> = generate(&t, &opts(7, 30)).collect();
    let b: Vec<_> = generate(&t, &opts(7, 30)).collect();
    let c: Vec<_> = generate(&t, &opts(8, 30)).collect();
    assert_eq!(a, b);
    assert_eq!(a.len(), 30);
    assert_ne!(a, c);
    assert_ne!(a[0].content, c[0].content);
}

#[test]
fn names_are_sequential_with_format_extension() {
    let t = templates();
    for (i, art) in generate(&t, &opts(1, 50)).enumerate() {
        let html = art.content.starts_with("<!DOCTYPE html>");
        let ext = if html { "html" } else { "txt" };
        assert_eq!(art.name, format!("a{i:06}.{ext}"));
    }
}

#[test]
fn requested_shares_roughly_hold() {
    let t = templates();
    let o = opts(11, 2000);
    let arts: Vec<_> = generate(&t, &o).collect();
    let n = arts.len() as f64;
    let html = arts.iter().filter(|a| a.name.ends_with(".html")).count() as f64 / n;
    let dups = (0..arts.len())
        .filter(|&i| article_kind(&o, i) != ArticleKind::Fresh)
        .count() as f64
        / n;
    // Title Case: most words capitalised in the first paragraph line of text articles.
    let title = arts
        .iter()
        .filter(|a| a.name.ends_with(".txt"))
        .filter(|a| {
            let body = a.content.lines().find(|l| l.len() > 100).unwrap_or("");
            body.split(' ').all(|w| !w.starts_with(char::is_lowercase))
        })
        .count() as f64
        / arts.iter().filter(|a| a.name.ends_with(".txt")).count() as f64;
    assert!((html - 0.3).abs() < 0.04, "html share {html}");
    assert!((dups - 0.2).abs() < 0.03, "duplicate share {dups}");
    assert!((title - 0.1).abs() < 0.03, "title case share {title}");
}

#[test]
fn zero_shares_give_plain_fresh_articles() {
    let t = templates();
    let o = GenOptions {
        seed: 5,
        articles: 200,
        html_share: 0.0,
        duplicate_share: 0.0,
        title_case_share: 0.0,
    };
    let arts: Vec<_> = generate(&t, &o).collect();
    assert!(arts.iter().all(|a| a.name.ends_with(".txt")));
    assert!((0..200).all(|i| article_kind(&o, i) == ArticleKind::Fresh));
    let distinct: BTreeSet<&str> = arts.iter().map(|a| a.content.as_str()).collect();
    assert_eq!(distinct.len(), arts.len(), "no accidental duplicates");
}

#[test]
fn exact_duplicates_are_byte_identical_near_duplicates_are_close() {
    let t = templates();
    let o = opts(3, 300);
    let arts: Vec<_> = generate(&t, &o).collect();
    let (mut exact, mut near) = (0, 0);
    for (i, art) in arts.iter().enumerate() {
        match article_kind(&o, i) {
            ArticleKind::Fresh => {}
            ArticleKind::ExactDuplicate { of } => {
                assert!(of < i && article_kind(&o, of) == ArticleKind::Fresh);
                assert_eq!(art.content, arts[of].content);
                exact += 1;
            }
            ArticleKind::NearDuplicate { of } => {
                assert!(of < i);
                assert_ne!(art.content, arts[of].content);
                near += 1;
            }
        }
    }
    assert!(exact > 10 && near > 10, "exact {exact}, near {near}");
}

#[test]
fn near_duplicates_keep_most_lines_in_plain_style() {
    let t = templates();
    let o = GenOptions {
        seed: 9,
        articles: 200,
        html_share: 0.0,
        duplicate_share: 0.5,
        title_case_share: 0.0,
    };
    let arts: Vec<_> = generate(&t, &o).collect();
    let mut checked = 0;
    for (i, art) in arts.iter().enumerate() {
        let ArticleKind::NearDuplicate { of } = article_kind(&o, i) else {
            continue;
        };
        let mine: BTreeSet<&str> = art.content.lines().filter(|l| !l.is_empty()).collect();
        let theirs: BTreeSet<&str> = arts[of].content.lines().filter(|l| !l.is_empty()).collect();
        let shared = mine.intersection(&theirs).count();
        assert!(
            shared * 2 >= theirs.len(),
            "article {i} shares {shared}/{}",
            theirs.len()
        );
        let first_mine = art.content.lines().next();
        assert_ne!(
            first_mine,
            arts[of].content.lines().next(),
            "headline edited"
        );
        checked += 1;
    }
    assert!(checked > 20);
}

#[test]
fn text_lengths_are_in_range_and_text_is_clean() {
    let t = templates();
    let arts: Vec<_> = generate(&t, &opts(21, 500)).collect();
    let mut lengths = Vec::new();
    for a in &arts {
        assert!(!a.content.contains('\u{FFFD}') && !a.content.contains('\r'));
        assert!(a.content.chars().all(|c| c == '\n' || !c.is_control()));
        if a.name.ends_with(".txt") {
            assert!(
                (2000..=9000).contains(&a.content.len()),
                "{}: {}",
                a.name,
                a.content.len()
            );
            lengths.push(a.content.len());
        } else {
            assert!(a.content.trim_end().ends_with("</html>"));
        }
    }
    lengths.sort_unstable();
    let median = lengths[lengths.len() / 2];
    assert!((3000..=6000).contains(&median), "median {median}");
}

#[test]
fn boilerplate_and_name_variants_appear() {
    let t = templates();
    let vocab = Vocabulary::embedded();
    let arts: Vec<_> = generate(&t, &opts(2, 300)).collect();
    let has_boiler = arts
        .iter()
        .filter(|a| vocab.lines.iter().any(|l| a.content.contains(l.as_str())))
        .count();
    assert!(
        has_boiler > 50,
        "{has_boiler} articles with boilerplate lines"
    );
    let related = arts
        .iter()
        .filter(|a| a.content.contains(":") && a.content.contains("\n- "))
        .count();
    assert!(
        related > 20,
        "{related} articles with related-headline lists"
    );
    let spellings: BTreeSet<&str> = ["Araghchi", "Araqchi", "Araghtschi", "Arakchi"]
        .into_iter()
        .filter(|form| arts.iter().any(|a| a.content.contains(form)))
        .collect();
    assert!(spellings.len() >= 3, "{spellings:?}");
}

#[test]
fn some_articles_repeat_passages_inside_themselves() {
    let t = templates();
    let o = GenOptions {
        duplicate_share: 0.0,
        ..opts(6, 400)
    };
    let arts: Vec<_> = generate(&t, &o)
        .filter(|a| a.name.ends_with(".txt"))
        .collect();
    let first_line_twice = arts
        .iter()
        .filter(|a| {
            let mut lines = a.content.lines().filter(|l| !l.is_empty());
            let first = lines.next();
            lines.next() == first
        })
        .count();
    assert!(
        first_line_twice > 10,
        "{first_line_twice} repeated headlines"
    );
    let retyped = arts
        .iter()
        .filter(|a| {
            let lines: Vec<&str> = a.content.lines().filter(|l| l.len() > 60).collect();
            lines.iter().enumerate().any(|(i, l)| {
                let key = l.to_lowercase();
                lines[..i].iter().any(|m| m.to_lowercase() == key && m != l)
            })
        })
        .count();
    assert!(
        retyped > 5,
        "{retyped} articles with a re-typed second copy"
    );
}

#[test]
fn custom_vocabulary_is_used() {
    let t = templates();
    let mut vocab = Vocabulary::default();
    vocab
        .extend_from_toml("lines = [\"PAYWALL-MARKER\"]\nsites = [\"Site\"]")
        .unwrap();
    let arts: Vec<_> = generate_with(&t, &opts(4, 100), vocab).collect();
    assert!(arts.iter().any(|a| a.content.contains("PAYWALL-MARKER")));
    assert!(!arts.iter().any(|a| a.content.contains("Advertisement")));
}

#[test]
fn degenerate_templates() {
    let none: Vec<String> = Vec::new();
    assert_eq!(generate(&none, &opts(1, 10)).count(), 0);
    let blank = vec!["   \n\n".to_string()];
    assert_eq!(generate(&blank, &opts(1, 10)).count(), 0);
    let headline_only = vec!["Short headline about a truce".to_string()];
    let arts: Vec<_> = generate(&headline_only, &opts(1, 5)).collect();
    assert_eq!(arts.len(), 5);
    let huge = vec![format!("Headline\n{}", "word ".repeat(5000))];
    for a in generate(&huge, &opts(1, 20)).filter(|a| a.name.ends_with(".txt")) {
        assert!(a.content.len() <= 9000, "{}", a.content.len());
    }
}

#[test]
fn generation_streams_without_building_the_corpus() {
    let t = templates();
    let o = GenOptions {
        articles: usize::MAX,
        ..GenOptions::default()
    };
    assert_eq!(generate(&t, &o).take(3).count(), 3);
}

#[test]
fn snapshot_of_the_first_article() {
    let t = templates();
    let first = generate(&t, &GenOptions::default()).next().unwrap();
    insta::assert_snapshot!(format!("{}\n---\n{}", first.name, first.content));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_seed_gives_in_range_text(seed in any::<u64>(), index in 0usize..50) {
        let t = templates();
        let o = GenOptions { seed, articles: index + 1, ..GenOptions::default() };
        let art = generate(&t, &o).last().unwrap();
        if art.name.ends_with(".txt") {
            prop_assert!((2000..=9000).contains(&art.content.len()));
        }
    }
}
