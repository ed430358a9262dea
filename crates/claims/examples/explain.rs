//! Show what the extractor makes of a text: mentions, claims, meetings and facts.
//!
//! `cargo run -p stancemap-claims --example explain -- "Hamas rejected the truce."`

use stancemap_actors::{tag_document, ActorConfig};
use stancemap_claims::{extract, ClaimsConfig, DocInput};
use stancemap_segment::Segmenter;

fn main() {
    let text: String = std::env::args().skip(1).collect::<Vec<_>>().join(" ");
    let actors = ActorConfig::default();
    let mut cfg = ClaimsConfig::default();
    cfg.set_gazetteer(actors.gazetteer());
    let sentences = Segmenter::default().split(&text);
    let tagged = tag_document(&actors, &text, &sentences);
    for m in &tagged.mentions {
        let e = &tagged.entities[m.entity];
        println!(
            "mention {:?} -> {} ({:?}, {:?})",
            &text[m.span.start..m.span.end],
            e.name,
            e.party,
            e.kind
        );
    }
    let found = extract(
        &cfg,
        &DocInput {
            doc_id: "d-explain",
            text: &text,
            sentences: &sentences,
            repeats: &[],
            published: Some("2026-05-06"),
            actors: &tagged,
        },
    );
    for c in &found.claims {
        println!(
            "claim {} {} {:?} cue={:?} item={:?} with={:?} target={:?} cond={:?} att={:?} conf={:.2}",
            c.party,
            c.act.name(),
            c.topic,
            &text[c.cue.start..c.cue.end],
            &text[c.item.start..c.item.end],
            c.with,
            c.target,
            c.conditions,
            c.attributed_to,
            c.confidence
        );
    }
    for m in &found.meetings {
        println!("meeting {m:?}");
    }
    for f in &found.facts {
        println!("fact {f:?}");
    }
}
