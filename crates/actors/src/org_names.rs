//! Organisation names the gazetteer does not list as written, resolved from the document
//! itself:
//! - **Acronyms in context.** A word in capitals ("RSF", "SAF") that no gazetteer surface
//!   covers is the organisation, group or state mentioned in the same document whose name
//!   or alias has those initials ("Rapid Support Forces"). An acronym in brackets right
//!   after a mention ("Forces of Rapid Support (FSR)", kept from a French original) is
//!   that mention's entity whatever its letters. Short acronyms are ambiguous across the
//!   world ("RSF" is also Reporters Without Borders), so the gazetteer cannot list them;
//!   inside one document the initials of a name mentioned there rarely are.
//! - **Reordered names.** Machine translation often keeps the word order of the source
//!   language: "Forces of Rapid Support", "Movement of the Islamic Resistance". A run of
//!   capitalised words joined by short connectors whose capitalised words are exactly
//!   those of one organisation or group alias (any order) is that entity.
//! - **Translated names with a reordered acronym.** "Popular Front for the Liberation of
//!   Tigray (FPLT)": the bracketed acronym has the letters of an acronym alias of exactly
//!   one organisation or group ("TPLF") in another order, and the capitalised words
//!   before it are those of one of its longer aliases in any order, one of three or
//!   more translated otherwise ("Popular" for "People's"). Either alone decides nothing.
//!
//! - **Descriptions.** "the army", "Army officials", "the union": the last word of an
//!   organisation or group alias ("Sudan's army", "Dock Workers' Union") after "the", or
//!   capitalised at a sentence start, stands for that entity when it is the only one
//!   mentioned in the document with that head word (a coreference mention: not an alias).
//!   A head word no mentioned organisation has may stand for the one organisation or
//!   group with that head of a party the document mentions ("the junta" where the text
//!   names Myanmar but not its military); two such candidates decide nothing.
//!
//! All run after the automaton pass and before discovery, so the entities found here are
//! side cues for the people around them.

use std::collections::BTreeMap;

use stancemap_model::Span;

use crate::tagger::{Cover, Ctx, DocState};
use crate::{EntityKind, MentionSource};

/// Letters of an acronym the document may define.
pub(crate) const ACRONYM_LETTERS: std::ops::RangeInclusive<usize> = 2..=6;
/// Confidence of a mention found by its initials or a reordered name.
const CONFIDENCE: f32 = 0.8;
/// Lower-case words that may join the capitalised words of a reordered name.
const CONNECTORS: &[&str] = &[
    "of", "for", "the", "and", "de", "des", "du", "la", "le", "el",
];

/// Word bags of multi-word organisation and group aliases: the sorted, lower-cased
/// capitalised words → the gazetteer entity (`None` when two entities share a bag).
pub type WordBags = BTreeMap<String, Option<u32>>;

/// File `value` under `key`, or mark the key ambiguous (`None`) when another value is
/// already there: a name two entities share names neither.
fn insert_unique<V: PartialEq + Copy>(
    map: &mut BTreeMap<String, Option<V>>,
    key: String,
    value: V,
) {
    map.entry(key)
        .and_modify(|v| {
            if *v != Some(value) {
                *v = None;
            }
        })
        .or_insert(Some(value));
}

/// Built once per configuration from the gazetteer.
pub fn word_bags(entities: &[crate::gazetteer::GazEntity]) -> WordBags {
    let mut bags = WordBags::new();
    for (i, e) in entities.iter().enumerate() {
        if !matches!(e.kind, EntityKind::Organisation | EntityKind::Group) {
            continue;
        }
        for alias in std::iter::once(&e.name).chain(&e.aliases) {
            let Some(bag) = bag_of(alias.split_whitespace()) else {
                continue;
            };
            insert_unique(&mut bags, bag, i as u32);
        }
    }
    bags
}

/// What the document-context passes need of each gazetteer entity, computed once per
/// configuration: per document these were recomputed from the alias strings for every
/// acronym and every organisation mentioned (~20 % of tagging).
#[derive(Debug, Clone, Default)]
pub struct EntityNames {
    /// Per gazetteer entity (not persons): the initials of each name or alias that can
    /// match an acronym (see [`initials_of`]).
    pub initials: Vec<Vec<Box<str>>>,
    /// Per organisation or group: the lower-cased head word (last word, letters only) of
    /// each name or alias of two words or more.
    pub heads: Vec<Vec<Box<str>>>,
    /// Per entity (not persons): its aliases written as an acronym in capitals of three
    /// to five ASCII letters ("ELN", "NATO"), for the same word in mixed case ("Eln").
    pub acronyms: Vec<Vec<Box<str>>>,
    /// Those acronyms by their letters sorted ("TPLF" under "FLPT"): a translation
    /// reorders an acronym with the words of its name ("FPLT", "OTAN").
    pub acronym_anagrams: BTreeMap<Box<str>, Vec<u32>>,
    /// Per party: the head words of its organisations and groups with their gazetteer
    /// entity ("military" → the Myanmar military): "the military" in a document that
    /// mentions the party but not the organisation itself.
    pub heads_by_party: BTreeMap<String, Vec<(Box<str>, u32)>>,
}

impl EntityNames {
    pub fn build(entities: &[crate::gazetteer::GazEntity]) -> Self {
        fn names(e: &crate::gazetteer::GazEntity) -> impl Iterator<Item = &String> {
            std::iter::once(&e.name).chain(&e.aliases)
        }
        let initials = entities
            .iter()
            .map(|e| match e.kind {
                EntityKind::Person => Vec::new(),
                _ => names(e).filter_map(|n| initials_of(n)).collect(),
            })
            .collect();
        let heads = entities
            .iter()
            .map(|e| match e.kind {
                EntityKind::Organisation | EntityKind::Group => {
                    names(e).filter_map(|n| head_of(n)).collect()
                }
                _ => Vec::new(),
            })
            .collect();
        let acronyms: Vec<Vec<Box<str>>> = entities
            .iter()
            .map(|e| match e.kind {
                EntityKind::Person => Vec::new(),
                _ => names(e)
                    .filter(|n| {
                        (3..=5).contains(&n.len()) && n.bytes().all(|b| b.is_ascii_uppercase())
                    })
                    .map(|n| n.as_str().into())
                    .collect(),
            })
            .collect();
        let mut acronym_anagrams: BTreeMap<Box<str>, Vec<u32>> = BTreeMap::new();
        for (g, list) in acronyms.iter().enumerate() {
            for acronym in list {
                let entry = acronym_anagrams.entry(sorted_letters(acronym)).or_default();
                if !entry.contains(&(g as u32)) {
                    entry.push(g as u32);
                }
            }
        }
        let mut heads_by_party: BTreeMap<String, Vec<(Box<str>, u32)>> = BTreeMap::new();
        for (g, (e, list)) in entities.iter().zip(&heads).enumerate() {
            let Some(party) = &e.party else { continue };
            let list: &Vec<Box<str>> = list;
            let entry = heads_by_party.entry(party.clone()).or_default();
            for head in list {
                if !entry.iter().any(|(h, x)| h == head && *x == g as u32) {
                    entry.push((head.clone(), g as u32));
                }
            }
        }
        // A head two organisations of one party share names neither: dropped here once
        // instead of being found ambiguous in every document.
        for entry in heads_by_party.values_mut() {
            let shared: Vec<Box<str>> = entry
                .iter()
                .filter(|(h, g)| entry.iter().any(|(h2, g2)| h2 == h && g2 != g))
                .map(|(h, _)| h.clone())
                .collect();
            entry.retain(|(h, _)| !shared.contains(h));
        }
        EntityNames {
            initials,
            heads,
            acronyms,
            acronym_anagrams,
            heads_by_party,
        }
    }
}

fn sorted_letters(acronym: &str) -> Box<str> {
    let mut letters: Vec<u8> = acronym.bytes().collect();
    letters.sort_unstable();
    String::from_utf8_lossy(&letters).into()
}

/// The lower-cased last word (letters only) of a name of two words or more.
fn head_of(alias: &str) -> Option<Box<str>> {
    let mut words = alias.split_whitespace();
    let (Some(last), Some(_)) = (words.next_back(), words.next()) else {
        return None;
    };
    let head: String = last.chars().filter(|c| c.is_alphabetic()).collect();
    Some(head.to_lowercase().into())
}

/// The first letters of the capitalised words of `name` when there are at least two and
/// all are ASCII: an acronym (ASCII capitals) matches the name exactly when it equals
/// them (the rule of [`initials_are`]).
fn initials_of(name: &str) -> Option<Box<str>> {
    let mut out = String::new();
    for w in name.split_whitespace() {
        let Some(first) = w.chars().next().filter(|c| c.is_uppercase()) else {
            continue;
        };
        if !first.is_ascii() {
            return None;
        }
        out.push(first);
    }
    (out.len() >= 2).then(|| out.into())
}

/// The words that start with a capital letter.
fn capitalised<'a>(words: impl Iterator<Item = &'a str>) -> impl Iterator<Item = &'a str> {
    words.filter(|w| w.chars().next().is_some_and(char::is_uppercase))
}

/// The bag of a name's capitalised words, when it has at least two.
fn bag_of<'a>(words: impl Iterator<Item = &'a str>) -> Option<String> {
    let mut caps: Vec<String> = capitalised(words).map(str::to_lowercase).collect();
    if caps.len() < 2 {
        return None;
    }
    caps.sort();
    Some(caps.join(" "))
}

pub fn resolve(ctx: &Ctx, st: &mut DocState) {
    translated_names(ctx, st);
    reordered_names(ctx, st);
    acronyms(ctx, st);
    mixed_case_acronyms(ctx, st);
    descriptions(ctx, st, Heads::NameHeads);
}

/// Confidence of an acronym written in mixed case.
const MIXED_CASE_ACRONYM_CONFIDENCE: f32 = 0.7;

/// "the National Liberation Army (Eln)", "Nato": a free capitalised word of three to
/// five letters, the rest lower case, that is an acronym alias ("ELN") of an entity the
/// document already mentions, in another case (translations and British style write
/// acronyms so). Only entities of this document: alone, "Eln" or "Nato" decides nothing.
fn mixed_case_acronyms(ctx: &Ctx, st: &mut DocState) {
    let mentioned: Vec<(usize, u32)> = st
        .gaz_of
        .iter()
        .enumerate()
        .filter_map(|(e, g)| g.map(|g| (e, g)))
        .filter(|&(_, g)| !ctx.c.entity_names.acronyms[g as usize].is_empty())
        .collect();
    if mentioned.is_empty() {
        return;
    }
    for &k in &ctx.caps {
        let tok = ctx.toks[k];
        let word = ctx.word(k);
        let shape =
            (3..=5).contains(&word.len()) && word.bytes().skip(1).all(|b| b.is_ascii_lowercase());
        if !shape || st.cover[k] != Cover::Free || !tok.is_word() || !ctx.is_name_word(k) {
            continue;
        }
        let owner = mentioned.iter().find(|&&(_, g)| {
            ctx.c.entity_names.acronyms[g as usize]
                .iter()
                .any(|a| a.eq_ignore_ascii_case(word))
        });
        if let Some(&(entity, _)) = owner {
            add_word_alias(ctx, st, entity, k, MIXED_CASE_ACRONYM_CONFIDENCE);
        }
    }
}

/// Confidence of a description ("the army"), as for the other definite descriptions.
const DESCRIPTION_CONFIDENCE: f32 = 0.6;

fn descriptions(ctx: &Ctx, st: &mut DocState, kind: Heads) {
    let heads = head_words(ctx, st, kind);
    if heads.is_empty() {
        return;
    }
    let shapes = HeadShapes::of(&heads);
    // A description is a word after "the"/"The" or a capitalised word opening a
    // sentence (see `description_at`), of the shape of some head: those lists (a
    // fraction of the capitalised words, which are a third of all words), filtered by
    // shape, then visited in text order (the order entities are created in).
    let bytes = ctx.text.as_bytes();
    let mut candidates: Vec<usize> = ctx
        .after_the
        .iter()
        .copied()
        .chain(capitalised_sentence_starts(ctx))
        .filter(|&k| shapes.may_match(bytes, ctx.toks[k].start(), ctx.toks[k].end()))
        .collect();
    candidates.sort_unstable();
    candidates.dedup();
    for k in candidates {
        description_at(ctx, st, &heads, k);
    }
}

/// The capitalised words that open a sentence.
fn capitalised_sentence_starts<'a>(ctx: &'a Ctx) -> impl Iterator<Item = usize> + 'a {
    ctx.sents.iter().filter_map(|s| {
        let k = crate::tokens::token_at_or_after(&ctx.toks, s.span.start);
        let t = ctx.toks.get(k)?;
        (t.start() == s.span.start && t.cap).then_some(k)
    })
}

/// The shapes (byte length, first letter) of a document's head words: a word of a
/// shape no head has is passed over without comparing it to every head (the heads of
/// the parties a document mentions run to dozens, and most capitalised words and
/// words after "the" have a length some head has).
struct HeadShapes([u64; 64]);

impl HeadShapes {
    fn of(heads: &[(&str, Option<Target>)]) -> Self {
        let mut bits = [0u64; 64];
        for (h, _) in heads {
            if let Some(&first) = h.as_bytes().first() {
                bits[h.len().min(63)] |= 1 << (first.to_ascii_lowercase() & 63);
            }
        }
        HeadShapes(bits)
    }

    /// Can the word `text[start..end]` equal a head up to ASCII case? (Equal words have
    /// equal lengths and equal first bytes once lower-cased; lengths from 63 on share a
    /// slot.)
    #[inline]
    fn may_match(&self, bytes: &[u8], start: usize, end: usize) -> bool {
        let first = bytes[start].to_ascii_lowercase();
        self.0[(end - start).min(63)] & 1 << (first & 63) != 0
    }
}

/// "the army" (token `k` after "the") or "Army officials" (a capitalised `k` at a
/// sentence start): a coreference mention of the one organisation with that head word.
fn description_at(ctx: &Ctx, st: &mut DocState, heads: &[(&str, Option<Target>)], k: usize) {
    let tok = ctx.toks[k];
    if st.cover[k] != Cover::Free {
        return;
    }
    let definite = k > 0 && ctx.toks[k - 1].end() - ctx.toks[k - 1].start() == 3 && {
        matches!(ctx.word(k - 1), "the" | "The")
    };
    if !(definite || tok.cap) || !tok.is_word() {
        return;
    }
    let Some(target) = head_entity(heads, ctx.word(k)) else {
        return;
    };
    if !definite && !starts_sentence(ctx, k) {
        return;
    }
    let entity = match target {
        Target::Local(e) => e,
        Target::Gazetteer(g) => st.gaz_entity(ctx, g),
    };
    let lo = if definite { k - 1 } else { k };
    let span = Span::new(ctx.toks[lo].start(), ctx.toks[k].end());
    st.add_mention(
        ctx,
        entity,
        span,
        k,
        k + 1,
        MentionSource::Coreference,
        DESCRIPTION_CONFIDENCE,
    );
}

/// The entity a head word stands for (compared without allocating: this runs for every
/// candidate word of a document that mentions an organisation). Heads are lower-cased,
/// so at most one equals a word up to ASCII case.
fn head_entity(heads: &[(&str, Option<Target>)], word: &str) -> Option<Target> {
    heads
        .iter()
        .find(|(h, _)| h.len() == word.len() && h.eq_ignore_ascii_case(word))
        .and_then(|(_, e)| *e)
}

/// What a description stands for: a local entity, or a gazetteer organisation of a
/// party the document mentions (made local when the description is found).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Local(usize),
    Gazetteer(u32),
}

/// Lower-cased last words of the aliases of the organisations and groups mentioned in
/// the document, then of those of the parties it mentions → what they stand for (`None`
/// when two share a head).
fn head_words<'c>(ctx: &Ctx<'c>, st: &DocState, kind: Heads) -> Vec<(&'c str, Option<Target>)> {
    let mut heads = HeadList::default();
    for (e, g) in st.gaz_of.iter().enumerate() {
        let Some(g) = g else { continue };
        match kind {
            Heads::NameHeads => {
                for head in &ctx.c.entity_names.heads[*g as usize] {
                    heads.add(head, Target::Local(e));
                }
            }
            Heads::GroupNouns if st.entities[e].kind == EntityKind::Group => {
                for noun in &ctx.c.patterns.group_nouns {
                    heads.add(noun, Target::Local(e));
                }
            }
            Heads::GroupNouns => {}
        }
    }
    if matches!(kind, Heads::NameHeads) {
        // Heads already taken by a mentioned organisation keep it.
        let taken = heads.list.len();
        let mut parties: Vec<&str> = st
            .entities
            .iter()
            .filter_map(|e| e.party.as_deref())
            .collect();
        parties.sort_unstable();
        parties.dedup();
        for party in parties {
            for (head, g) in ctx
                .c
                .entity_names
                .heads_by_party
                .get(party)
                .into_iter()
                .flatten()
            {
                if !heads.is_among_first(head, taken)
                    && st.gaz_index.get(*g as usize) == Some(&u32::MAX)
                {
                    heads.add(head, Target::Gazetteer(*g));
                }
            }
        }
    }
    heads.list
}

/// Head words in the order first added, each with what it stands for (`None` once two
/// targets share it), indexed by word: a document mentioning a few parties collects
/// dozens of heads, and finding each in the list was quadratic.
#[derive(Default)]
struct HeadList<'c> {
    list: Vec<(&'c str, Option<Target>)>,
    index: rustc_hash::FxHashMap<&'c str, usize>,
}

impl<'c> HeadList<'c> {
    fn add(&mut self, head: &'c str, t: Target) {
        match self.index.get(head) {
            Some(&i) => {
                let v = &mut self.list[i].1;
                if *v != Some(t) {
                    *v = None;
                }
            }
            None => {
                self.index.insert(head, self.list.len());
                self.list.push((head, Some(t)));
            }
        }
    }

    /// Is `head` one of the first `n` heads added?
    fn is_among_first(&self, head: &str, n: usize) -> bool {
        self.index.get(head).is_some_and(|&i| i < n)
    }
}

/// Which words stand for an organisation: the last words of its names ("the army"), or
/// the generic nouns of any group ("the rebels").
#[derive(Clone, Copy)]
enum Heads {
    NameHeads,
    GroupNouns,
}

/// "the rebels", "the guerrilla": the one group of the document. Run after people's
/// sides are decided: such a noun next to a person is usually the other side's
/// ("negotiator X rejected the rebels' demand"), so it must not be their side cue.
pub fn group_descriptions(ctx: &Ctx, st: &mut DocState) {
    descriptions(ctx, st, Heads::GroupNouns);
}

fn starts_sentence(ctx: &Ctx, k: usize) -> bool {
    ctx.sentence_starting_at(ctx.toks[k].start()).is_some()
}

fn reordered_names(ctx: &Ctx, st: &mut DocState) {
    // Names start with a capital: only those tokens are visited.
    let mut done = 0;
    for &k in &ctx.caps {
        if k < done {
            continue;
        }
        let (hi, g) = match reordered_at(ctx, st, k) {
            Reordered::Name(hi, g) => (hi, g),
            // Every later start inside this run ends at the same place, also without a
            // connector: skip the run instead of rescanning its suffixes.
            Reordered::NoConnector(hi) => {
                done = hi;
                continue;
            }
            Reordered::No => continue,
        };
        let entity = st.gaz_entity(ctx, g);
        let span = Span::new(ctx.toks[k].start(), ctx.toks[hi - 1].end());
        st.add_mention(ctx, entity, span, k, hi, MentionSource::Alias, CONFIDENCE);
        done = hi;
    }
}

/// What starts at a capitalised token, for [`reordered_names`].
enum Reordered {
    /// A reordered name: its end token and its entity.
    Name(usize, u32),
    /// A run of free capitalised words ending before this token, without a connector.
    NoConnector(usize),
    No,
}

/// A reordered name starting at token `k`.
fn reordered_at(ctx: &Ctx, st: &DocState, k: usize) -> Reordered {
    let capital_free =
        |i: usize| ctx.toks[i].is_word() && ctx.toks[i].cap && st.cover[i] == Cover::Free;
    if !capital_free(k) {
        return Reordered::No;
    }
    let (mut hi, mut connectors) = (k + 1, 0);
    while hi < ctx.toks.len() {
        if capital_free(hi) {
            hi += 1;
        } else if is_connector(ctx, hi) && hi + 1 < ctx.toks.len() && capital_free(hi + 1) {
            connectors += 1;
            hi += 2;
        } else {
            break;
        }
    }
    // Without a connector the words stand in the order the gazetteer would list.
    if connectors == 0 {
        return Reordered::NoConnector(hi);
    }
    let bag = bag_of((k..hi).map(|i| ctx.word(i)));
    match bag.and_then(|b| *ctx.c.word_bags.get(&b)?) {
        Some(g) => Reordered::Name(hi, g),
        None => Reordered::No,
    }
}

/// Most words a translated name before its bracketed acronym may take.
const TRANSLATED_NAME_MAX_TOKENS: usize = 10;

/// "Popular Front for the Liberation of Tigray (FPLT)": a name translated word by word,
/// with its acronym reordered the same way. The bracketed acronym has the letters of an
/// organisation's or group's acronym alias in another order, and the capitalised words
/// before it are those of one of its longer aliases in any order, one word translated
/// otherwise ("Popular" for "People's") when there are three or more. Both together
/// name that entity: the name, the acronym and the document's other uses of the
/// acronym become its mentions.
fn translated_names(ctx: &Ctx, st: &mut DocState) {
    // The bracketed word is an acronym: only those tokens are visited.
    for &k in &ctx.acronyms {
        let Some(lo) = bracketed_acronym_name(ctx, st, k) else {
            continue;
        };
        let g = match known_acronym_entity(st, k) {
            // "De'ang National Liberation Army (TNLA)": the acronym is known, the name is
            // one of its aliases with a word translated otherwise.
            Some(g) => alias_nearly_equal(ctx, g, lo, k).then_some(g),
            None => translated_entity(ctx, lo, k),
        };
        let Some(g) = g else {
            continue;
        };
        let entity = st.gaz_entity(ctx, g);
        // The name, wherever the document writes it again.
        let name = &ctx.text[ctx.toks[lo].start()..ctx.toks[k - 2].end()];
        for (at, _) in ctx.text.match_indices(name) {
            let first = crate::tokens::token_at_or_after(&ctx.toks, at);
            let last = crate::tokens::token_at_or_after(&ctx.toks, at + name.len());
            let aligned = ctx.toks.get(first).is_some_and(|t| t.start() == at)
                && last > first
                && ctx.toks[last - 1].end() == at + name.len();
            if aligned {
                replace_with_mention(ctx, st, entity, first, last);
            }
        }
        let acronym = ctx.word(k);
        let uses: Vec<usize> = ctx
            .caps
            .iter()
            .copied()
            .filter(|&i| st.cover[i] == Cover::Free && ctx.word(i) == acronym)
            .collect();
        for i in uses {
            add_word_alias(ctx, st, entity, i, CONFIDENCE);
        }
    }
}

/// The gazetteer organisation or group a bracketed acronym at `k` already names.
fn known_acronym_entity(st: &DocState, k: usize) -> Option<u32> {
    match st.cover[k] {
        Cover::Entity(e) if is_organisation(st, e as usize) => st.gaz_of[e as usize],
        _ => None,
    }
}

fn is_organisation(st: &DocState, e: usize) -> bool {
    matches!(
        st.entities[e].kind,
        EntityKind::Organisation | EntityKind::Group
    )
}

/// Tokens `lo..hi` become one alias mention of `entity`, replacing the mentions inside.
fn replace_with_mention(ctx: &Ctx, st: &mut DocState, entity: usize, lo: usize, hi: usize) {
    let span = Span::new(ctx.toks[lo].start(), ctx.toks[hi - 1].end());
    let outside = |s: &Span| s.start < span.start || s.end > span.end;
    st.mentions.retain(|m| outside(&m.span));
    st.cues.retain(|c| outside(&c.span));
    st.add_mention(ctx, entity, span, lo, hi, MentionSource::Alias, CONFIDENCE);
}

/// When token `k` is an acronym in brackets after a name it does not already cover (free,
/// or a known organisation's acronym): the name's first token.
fn bracketed_acronym_name(ctx: &Ctx, st: &DocState, k: usize) -> Option<usize> {
    let acronym_free_or_known = st.cover[k] == Cover::Free || known_acronym_entity(st, k).is_some();
    let bracketed = k >= 3
        && is_acronym(ctx, k)
        && acronym_free_or_known
        && ctx.toks[k - 1].is_punct('(')
        && ctx.toks.get(k + 1).is_some_and(|t| t.is_punct(')'));
    if !bracketed || ctx.c.entity_names.acronym_anagrams.is_empty() {
        return None;
    }
    // Free words, places ("of Tigray") and organisation names inside the longer name
    // ("National Liberation Army" in "De'ang National Liberation Army"); "and" joins two
    // names.
    let name_word = |i: usize| {
        let t = ctx.toks[i];
        let free_or_place = match st.cover[i] {
            Cover::Free => true,
            Cover::Entity(e) => {
                st.entities[e as usize].kind == EntityKind::Place || is_organisation(st, e as usize)
            }
            _ => false,
        };
        t.is_word() && free_or_place && (t.cap || (is_connector(ctx, i) && ctx.word(i) != "and"))
    };
    // Pieces glued to the word before ("De'ang", "People's": "'" and "ang" are tokens).
    let glued = |i: usize| i > 0 && ctx.toks[i].start() == ctx.toks[i - 1].end();
    let stop = (k - 1).saturating_sub(TRANSLATED_NAME_MAX_TOKENS);
    let mut lo = k - 1;
    while lo > stop && (name_word(lo - 1) || glued(lo - 1)) {
        lo -= 1;
    }
    // The name starts at a capitalised word.
    while lo < k - 1 && !ctx.toks[lo].cap {
        lo += 1;
    }
    (lo < k - 2).then_some(lo)
}

/// The one entity whose acronym is an anagram of token `k` and whose alias words match
/// the capitalised words of tokens `lo..k-1`.
fn translated_entity(ctx: &Ctx, lo: usize, k: usize) -> Option<u32> {
    let acronym = ctx.word(k);
    let candidates = ctx
        .c
        .entity_names
        .acronym_anagrams
        .get(&*sorted_letters(acronym))?;
    let mut found = None;
    for &g in candidates {
        if alias_nearly_equal(ctx, g, lo, k) {
            if found.is_some_and(|f| f != g) {
                return None;
            }
            found = Some(g);
        }
    }
    found
}

/// Are the capitalised words of tokens `lo..k-1` those of an alias of gazetteer entity
/// `g` ([`words_nearly_equal`])?
fn alias_nearly_equal(ctx: &Ctx, g: u32, lo: usize, k: usize) -> bool {
    // Whitespace words, as the alias is split.
    let text = &ctx.text[ctx.toks[lo].start()..ctx.toks[k - 2].end()];
    let words: Vec<String> = capitalised(text.split_whitespace())
        .map(str::to_lowercase)
        .collect();
    let e = &ctx.c.entities[g as usize];
    std::iter::once(&e.name)
        .chain(&e.aliases)
        .any(|alias| words_nearly_equal(&words, alias))
}

/// Are `words` the capitalised words of `alias` in any order, with at most one word
/// different when there are three or more?
fn words_nearly_equal(words: &[String], alias: &str) -> bool {
    let mut theirs: Vec<String> = capitalised(alias.split_whitespace())
        .map(|w| w.trim_end_matches(['\'', '’', 's']).to_lowercase())
        .collect();
    if theirs.len() != words.len() || theirs.len() < 2 {
        return false;
    }
    let allowed = usize::from(words.len() >= 3);
    let mut missing = 0;
    for w in words {
        let w = w.trim_end_matches(['\'', '’', 's']);
        match theirs.iter().position(|t| t == w) {
            Some(i) => {
                theirs.swap_remove(i);
            }
            None => missing += 1,
        }
    }
    missing <= allowed
}

fn is_connector(ctx: &Ctx, i: usize) -> bool {
    let t = ctx.toks[i];
    // Connectors are two or three letters: longer words need no comparison.
    t.is_word() && !t.cap && t.end() - t.start() <= 3 && CONNECTORS.contains(&ctx.word(i))
}

fn acronyms(ctx: &Ctx, st: &mut DocState) {
    for &k in &ctx.acronyms {
        let len = ctx.toks[k].end() - ctx.toks[k].start();
        if !ACRONYM_LETTERS.contains(&len)
            || st.cover[k] != Cover::Free
            || !is_acronym(ctx, k)
            || in_capitals_run(ctx, k)
        {
            continue;
        }
        let Some(entity) = bracketed_after(ctx, st, k).or_else(|| by_initials(ctx, st, k)) else {
            continue;
        };
        add_word_alias(ctx, st, entity, k, CONFIDENCE);
    }
}

/// A one-word alias mention of `entity` at token `k` (an acronym).
fn add_word_alias(ctx: &Ctx, st: &mut DocState, entity: usize, k: usize, confidence: f32) {
    let span = Span::new(ctx.toks[k].start(), ctx.toks[k].end());
    st.add_mention(
        ctx,
        entity,
        span,
        k,
        k + 1,
        MentionSource::Alias,
        confidence,
    );
}

/// A word of ASCII capitals with at least `min` letters.
fn in_capitals(ctx: &Ctx, k: usize, min: usize) -> bool {
    let w = ctx.word(k);
    ctx.toks[k].is_word() && w.len() >= min && w.bytes().all(|b| b.is_ascii_uppercase())
}

fn is_acronym(ctx: &Ctx, k: usize) -> bool {
    ctx.word(k).len() <= *ACRONYM_LETTERS.end() && in_capitals(ctx, k, *ACRONYM_LETTERS.start())
}

/// A dateline or headline in capitals ("PORT SUDAN", "TALKS RESUME"): not an acronym.
fn in_capitals_run(ctx: &Ctx, k: usize) -> bool {
    (k > 0 && in_capitals(ctx, k - 1, 2)) || (k + 1 < ctx.toks.len() && in_capitals(ctx, k + 1, 2))
}

/// "Name (ACR)": the entity of the mention right before the bracket.
fn bracketed_after(ctx: &Ctx, st: &DocState, k: usize) -> Option<usize> {
    let bracketed = k >= 2
        && ctx.toks[k - 1].is_punct('(')
        && ctx.toks.get(k + 1).is_some_and(|t| t.is_punct(')'));
    if !bracketed {
        return None;
    }
    // Not a place: "... of Tigray (PFL)" ends a longer unknown name.
    match st.cover[k - 2] {
        Cover::Entity(e)
            if !matches!(
                st.entities[e as usize].kind,
                EntityKind::Person | EntityKind::Place
            ) =>
        {
            Some(e as usize)
        }
        _ => None,
    }
}

/// The one non-person entity of the document with these initials.
fn by_initials(ctx: &Ctx, st: &DocState, k: usize) -> Option<usize> {
    let acronym = ctx.word(k);
    let mut found = None;
    for (e, g) in st.gaz_of.iter().enumerate() {
        let Some(g) = g else { continue };
        let initials = &ctx.c.entity_names.initials[*g as usize];
        if initials.iter().any(|i| &**i == acronym) {
            if found.is_some_and(|f| f != e) {
                return None;
            }
            found = Some(e);
        }
    }
    found
}

/// Do the capitalised words of `name` (at least two) start with the letters of
/// `acronym`? The reference rule; [`initials_of`] precomputes it.
#[cfg(test)]
fn initials_are(name: &str, acronym: &str) -> bool {
    let mut letters = acronym.bytes();
    let mut words = 0;
    for w in name.split_whitespace() {
        let Some(first) = w.chars().next().filter(|c| c.is_uppercase()) else {
            continue;
        };
        words += 1;
        if !first.is_ascii() || letters.next() != Some(first as u8) {
            return false;
        }
    }
    words >= 2 && letters.next().is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_count_capitalised_words_only() {
        assert!(initials_are("Rapid Support Forces", "RSF"));
        assert!(initials_are("Dock and Harbour Workers' Union", "DHWU"));
        assert!(!initials_are("Rapid Support Forces", "RS"));
        assert!(!initials_are("Rapid Support Forces", "RSFX"));
        assert!(!initials_are("Hamas", "H"));
    }

    #[test]
    fn precomputed_initials_follow_the_rule() {
        for name in [
            "Rapid Support Forces",
            "Dock and Harbour Workers' Union",
            "Hamas",
            "Émirats Arabes Unis",
            "United Nations Security Council",
        ] {
            for acronym in ["RSF", "DHWU", "H", "EAU", "UNSC", "UN", "RS"] {
                let pre = initials_of(name).is_some_and(|i| &*i == acronym);
                assert_eq!(pre, initials_are(name, acronym), "{name} / {acronym}");
            }
        }
    }

    #[test]
    fn connectors_are_short() {
        // `is_connector` skips the comparison for words over three bytes.
        assert!(CONNECTORS.iter().all(|c| c.len() <= 3));
    }

    #[test]
    fn bags_ignore_order_and_connectors() {
        let a = bag_of("Rapid Support Forces".split_whitespace());
        let b = bag_of("Forces of Rapid Support".split_whitespace());
        assert_eq!(a, b);
        assert_eq!(bag_of("Hamas".split_whitespace()), None);
    }
}
