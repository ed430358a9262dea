//! Light coreference to sides: definite descriptions, "both sides" phrases and pronouns.
//! Every mention made here has source `Coreference` and a low confidence.

use std::collections::BTreeMap;

use stancemap_model::Span;

use crate::tagger::{Cover, Ctx, DocState};
use crate::tokens::token_at_or_after;
use crate::{EntityKind, MentionSource};

/// Confidence of a definite description ("the Iranian president") and of a pronoun.
const DESCRIPTION_CONFIDENCE: f32 = 0.6;
const PRONOUN_CONFIDENCE: f32 = 0.45;
/// "Both sides" resolves only when the second party has at least this many mentions and
/// the third has at most half as many as the second: otherwise "the two main parties"
/// is a guess.
const PAIR_MIN_MENTIONS: usize = 2;

pub fn resolve(ctx: &Ctx, st: &mut DocState) {
    crate::discover::attach_pending_roles(st);
    definite_descriptions(ctx, st);
    both_sides(ctx, st);
    pronouns(ctx, st);
}

/// "the Ukrainian president", "Sudan's army chief", "the Russian side", "Kyiv's
/// delegation": a side cue directly followed by a person head or a side head.
fn definite_descriptions(ctx: &Ctx, st: &mut DocState) {
    // Only tokens where a side cue starts can open a description.
    let mut starts: Vec<usize> = st
        .cues
        .iter()
        .map(|c| token_at_or_after(&ctx.toks, c.span.start))
        .collect();
    starts.sort_unstable();
    starts.dedup();
    let mut done = 0;
    for k in starts {
        if k < done || k >= ctx.toks.len() {
            continue;
        }
        let Some((cue_lo, head_from)) = side_cue_at(ctx, st, k) else {
            continue;
        };
        if let Some((head_hi, is_person)) = head_after(ctx, st, head_from) {
            // The party is copied only here: most cues open no description.
            let Some(party) = cue_party(ctx, st, k).map(str::to_string) else {
                continue;
            };
            let start = article_start(ctx, cue_lo);
            let span = Span::new(start, ctx.toks[head_hi - 1].end());
            let target = if is_person {
                last_person_of(st, &party, span.start).or_else(|| side_entity(ctx, st, &party, k))
            } else {
                side_entity(ctx, st, &party, k)
            };
            if let Some(entity) = target {
                add_coref(ctx, st, entity, span, DESCRIPTION_CONFIDENCE);
            }
            done = head_hi;
        }
    }
}

/// A side cue starting at token `k`: a demonym, or `X 's` for an entity with a party.
/// Returns the first token of the cue and the token after it.
fn side_cue_at(ctx: &Ctx, st: &DocState, k: usize) -> Option<(usize, usize)> {
    let cover = st.cover[k];
    if k > 0 && st.cover[k - 1] == cover {
        return None; // not the first token of this cue
    }
    cue_party(ctx, st, k)?;
    let mut hi = k;
    while hi < ctx.toks.len() && st.cover[hi] == cover {
        hi += 1;
    }
    match cover {
        Cover::Demonym(_) => Some((k, hi)),
        _ => {
            let possessive =
                hi + 1 < ctx.toks.len() && ctx.toks[hi].is_punct('\'') && ctx.word(hi + 1) == "s";
            possessive.then_some((k, hi + 2))
        }
    }
}

/// The party of the side cue at token `k`: a demonym's, or a non-person entity's.
fn cue_party<'s>(ctx: &'s Ctx, st: &'s DocState, k: usize) -> Option<&'s str> {
    match st.cover[k] {
        Cover::Demonym(Some(g)) => ctx.entity_party(g),
        Cover::Entity(e) if st.entities[e as usize].kind != EntityKind::Person => {
            st.entities[e as usize].party.as_deref()
        }
        _ => None,
    }
}

/// A person or side head starting at token `from` (one or two words, lower case or
/// title). Returns the end token and whether it is a person head. A head followed by a
/// name is a title, already handled by discovery.
fn head_after(ctx: &Ctx, st: &DocState, from: usize) -> Option<(usize, bool)> {
    // Words are separated by white space only, so a head phrase at `from` starts with the
    // word at `from`: most side cues are followed by no head's first word.
    let starts_head = ctx.toks.get(from).is_some_and(|t| t.is_word())
        && ctx.c.head_first_words.contains(ctx.word(from));
    if !starts_head {
        return None;
    }
    for len in [2usize, 1] {
        let hi = from + len;
        if hi > ctx.toks.len() || !(from..hi).all(|i| ctx.toks[i].is_word()) {
            continue;
        }
        // Heads are matched as written, in lower case ("the Iranian side").
        let phrase = &ctx.text[ctx.toks[from].start()..ctx.toks[hi - 1].end()];
        let followed_by_name = hi < ctx.toks.len()
            && ctx.toks[hi].cap
            && matches!(st.cover[hi], Cover::Entity(_) | Cover::Free);
        if ctx.c.person_head_set.contains(phrase) && !followed_by_name {
            return Some((hi, true));
        }
        if ctx.c.side_head_set.contains(phrase) {
            return Some((hi, false));
        }
    }
    None
}

/// Include a directly preceding "the"/"The" in the description.
fn article_start(ctx: &Ctx, lo: usize) -> usize {
    if lo > 0 && ctx.word(lo - 1).eq_ignore_ascii_case("the") {
        ctx.toks[lo - 1].start()
    } else {
        ctx.toks[lo].start()
    }
}

/// The person of `party` mentioned last before `pos`.
fn last_person_of(st: &DocState, party: &str, pos: usize) -> Option<usize> {
    st.mentions
        .iter()
        .filter(|m| m.span.start < pos)
        .filter(|m| {
            let e = &st.entities[m.entity];
            e.kind == EntityKind::Person && e.party.as_deref() == Some(party)
        })
        .max_by_key(|m| m.span.start)
        .map(|m| m.entity)
}

/// The local entity standing for a side: a state/organisation/group of that party in the
/// document, else the gazetteer entity behind the demonym at token `k`.
fn side_entity(ctx: &Ctx, st: &mut DocState, party: &str, k: usize) -> Option<usize> {
    let existing = st.entities.iter().position(|e| {
        e.kind != EntityKind::Person
            && e.kind != EntityKind::Place
            && e.party.as_deref() == Some(party)
    });
    if existing.is_some() {
        return existing;
    }
    match st.cover[k] {
        Cover::Demonym(Some(g)) => Some(st.gaz_entity(ctx, g)),
        Cover::Entity(e) => Some(e as usize),
        _ => None,
    }
}

fn add_coref(ctx: &Ctx, st: &mut DocState, entity: usize, span: Span, confidence: f32) {
    st.mentions.push(crate::Mention {
        entity,
        span,
        surface: span.slice(ctx.text).to_string(),
        confidence,
        source: MentionSource::Coreference,
    });
}

/// "both sides", "the two countries" → the two leading parties, when clear.
fn both_sides(ctx: &Ctx, st: &mut DocState) {
    let mut found = ctx.pair_hits.clone();
    if found.is_empty() {
        return;
    }
    let Some((a, b)) = leading_pair(st) else {
        return;
    };
    found.sort();
    found.dedup();
    for span in found {
        add_coref(ctx, st, a, span, DESCRIPTION_CONFIDENCE);
        add_coref(ctx, st, b, span, DESCRIPTION_CONFIDENCE);
    }
}

/// The side entities of the two most mentioned parties, if they clearly lead.
fn leading_pair(st: &DocState) -> Option<(usize, usize)> {
    // Mentions counted per entity first (an index), then per party: a string-keyed map
    // entry per mention cost more than the rest of the pass.
    let mut per_entity = vec![0usize; st.entities.len()];
    for m in &st.mentions {
        per_entity[m.entity] += 1;
    }
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for (e, n) in per_entity.into_iter().enumerate() {
        if let Some(p) = st.entities[e].party.as_deref().filter(|_| n > 0) {
            *counts.entry(p).or_default() += n;
        }
    }
    let mut ranked: Vec<(&str, usize)> = counts.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let second = ranked.get(1)?.1;
    let third = ranked.get(2).map_or(0, |x| x.1);
    if second < PAIR_MIN_MENTIONS || third * 2 > second {
        return None;
    }
    let side = |p: &str| {
        st.entities
            .iter()
            .position(|e| e.kind != EntityKind::Person && e.party.as_deref() == Some(p))
    };
    Some((side(ranked[0].0)?, side(ranked[1].0)?))
}

/// "he"/"she" → the last person mentioned before it in the same paragraph.
fn pronouns(ctx: &Ctx, st: &mut DocState) {
    if st.persons.is_empty() || ctx.pronouns.is_empty() {
        return;
    }
    let mut persons_at: Vec<(usize, usize)> = st
        .mentions
        .iter()
        .filter(|m| m.source != MentionSource::Coreference)
        .filter(|m| st.entities[m.entity].kind == EntityKind::Person)
        .map(|m| (m.span.start, m.entity))
        .collect();
    persons_at.sort_unstable();
    let paragraph = |pos: usize| ctx.sentence_of(pos).map(|i| ctx.sents[i].paragraph);
    let mut found = Vec::new();
    for &k in &ctx.pronouns {
        let t = ctx.toks[k];
        let before = persons_at.partition_point(|(start, _)| *start < t.start());
        let Some(&(start, entity)) = before.checked_sub(1).map(|i| &persons_at[i]) else {
            continue;
        };
        let (here, there) = (paragraph(t.start()), paragraph(start));
        // A paragraph that opens with "He said ..." continues with the person the previous
        // paragraph ended on (news paragraphs are short; quotes run over several).
        let continues = opens_paragraph(ctx, t.start())
            && matches!((here, there), (Some(h), Some(p)) if h == p + 1);
        if here == there || continues {
            found.push((entity, Span::new(t.start(), t.end())));
        }
    }
    for (e, span) in found {
        add_coref(ctx, st, e, span, PRONOUN_CONFIDENCE);
    }
}

/// Is `pos` the first byte of the first sentence of its paragraph?
fn opens_paragraph(ctx: &Ctx, pos: usize) -> bool {
    ctx.sentence_starting_at(pos)
        .is_some_and(|i| i == 0 || ctx.sents[i - 1].paragraph != ctx.sents[i].paragraph)
}
