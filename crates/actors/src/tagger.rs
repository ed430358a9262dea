//! One document: automaton hits → mentions and party cues → discovered people →
//! surname and spelling-variant aliases → coreference → [`DocActors`].

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::sync::Arc;

use stancemap_model::{Sentence, Span};

use crate::matcher::{Compiled, Form, SurfaceRef};
use crate::surface_trie::Hit;
use crate::tokens::{token_at_or_after, tokenize_into, Token, TokenIndex};
use crate::translit::{
    first_names_compatible, key_initial, name_key, name_key_into, possible_key_initials,
    surname_keys_match,
};
use crate::{coref, discover};
use crate::{ActorConfig, DocActors, EntityKind, LocalEntity, Mention, MentionSource, RoleMention};

/// Shorter sentences (datelines, short headlines) are never judged Title Case.
const TITLE_CASE_MIN_WORDS: usize = 5;
/// A lower-case word this long is a content word: its sentence is not Title Case.
const TITLE_CASE_CONTENT_LEN: usize = 4;
/// Letters from which a word in capitals is not a name word (see `is_caps_word`).
const CAPS_WORD_MIN: usize = 3;

/// What a token is covered by, after the automaton pass.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cover {
    Free,
    /// Part of a mention of this local entity.
    Entity(u32),
    /// A demonym (with its party, `None` when ambiguous).
    Demonym(Option<u32>),
    /// A title (index into `titles`).
    Title(u32),
    /// An implicit gazetteer surname, decided later (index into `pending_surnames`).
    Surname(u32),
}

/// A side cue: some text that names or implies a party.
#[derive(Debug, Clone)]
pub struct Cue {
    pub span: Span,
    /// Shared with the compiled gazetteer: cues are made for most mentions, so they do
    /// not allocate.
    pub party: Arc<str>,
}

/// A title found by the automaton. Copy: discovery looks at every title hit, and a
/// copied title string per hit was an allocation each.
#[derive(Debug, Clone, Copy)]
pub struct TitleHit {
    pub span: Span,
    pub tok_lo: usize,
    pub tok_hi: usize,
    /// The automaton pattern (its lower-case title in `Compiled::meta`).
    pub pattern: u32,
}

impl TitleHit {
    /// The lower-case title this hit stands for.
    pub fn title<'c>(&self, c: &'c Compiled) -> &'c str {
        c.meta[self.pattern as usize]
            .title
            .as_deref()
            .unwrap_or_default()
    }
}

#[derive(Debug, Clone)]
pub struct PendingSurname {
    pub candidates: Vec<u32>,
}

/// A person of this document, for alias matching.
#[derive(Debug, Clone)]
pub struct DocPerson {
    pub entity: usize,
    pub first: Option<Arc<str>>,
    pub surname_key: Arc<str>,
}

/// Read-only inputs of one document.
pub struct Ctx<'a> {
    pub text: &'a str,
    pub c: &'a Compiled,
    pub toks: Vec<Token>,
    /// Sentence spans with their paragraph, in order.
    pub sents: Vec<Sentence>,
    /// Per token, computed on first use: 0 not yet known, 1 a capitalised word that is
    /// not a name stop word, 2 not.
    pub name_word: Vec<Cell<u8>>,
    /// Byte spans of "both sides"-phrases found by the automaton.
    pub pair_hits: Vec<Span>,
    /// Per sentence: written in Title Case.
    /// Per sentence, computed on first use: 0 not yet known, 1 Title Case, 2 not.
    pub title_case: Vec<Cell<u8>>,
    /// Indices of capitalised word tokens (the only possible names).
    pub caps: Vec<usize>,
    /// Indices of "he"/"she" tokens.
    pub pronouns: Vec<usize>,
    /// Indices of tokens right after a "the"/"The" word (possible descriptions).
    pub after_the: Vec<usize>,
    /// Indices of "who" tokens, any case (possible relative leaders).
    pub whos: Vec<usize>,
    /// Indices of words in capitals of acronym length (possible acronyms).
    pub acronyms: Vec<usize>,
}

/// Everything built up for one document.
#[derive(Default)]
pub struct DocState {
    pub entities: Vec<LocalEntity>,
    /// Per gazetteer entity: its local entity, `u32::MAX` when not mentioned (a
    /// per-thread table indexed by gazetteer entity: one load per automaton hit instead
    /// of a map search; entries are cleared after the document via `gaz_of`).
    pub gaz_index: Vec<u32>,
    /// Per local entity: its gazetteer entity, if any.
    pub gaz_of: Vec<Option<u32>>,
    pub persons: Vec<DocPerson>,
    pub mentions: Vec<Mention>,
    pub roles: Vec<RoleMention>,
    pub cover: Vec<Cover>,
    pub cues: Vec<Cue>,
    pub titles: Vec<TitleHit>,
    pub pending_surnames: Vec<PendingSurname>,
    /// Party votes of non-gazetteer entities: (party, weight).
    pub party_votes: BTreeMap<usize, BTreeMap<String, u32>>,
    /// Roles whose one-word name is resolved after the surname pass.
    pub pending_roles: Vec<discover::PendingRole>,
    /// Roles whose side is decided after the surname pass.
    pub unresolved_sides: Vec<discover::UnresolvedSide>,
    /// Demonyms shared by several sides: (token range, candidate gazetteer entities).
    pub ambiguous_demonyms: Vec<(Span, usize, usize, Vec<u32>)>,
}

/// Per-thread buffers reused from one document to the next: the token vectors and the
/// per-token tables are the largest allocations of a document (tens of KB), and their
/// malloc/free showed up at ~8 % of tagging time.
#[derive(Default)]
struct Scratch {
    index: TokenIndex,
    name_word: Vec<Cell<u8>>,
    cover: Vec<Cover>,
    gaz_index: Vec<u32>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Tag one document. `sentences` are the segmenter's sentences of `text`; when empty,
/// every line is taken as one sentence.
pub fn tag_document(cfg: &ActorConfig, text: &str, sentences: &[Sentence]) -> DocActors {
    let c = cfg.compiled();
    let mut scratch = SCRATCH.with(|s| std::mem::take(&mut *s.borrow_mut()));
    tokenize_into(text, &mut scratch.index);
    let sents = if sentences.is_empty() {
        lines_as_sentences(text)
    } else {
        sentences.to_vec()
    };
    let n = scratch.index.toks.len();
    reset(&mut scratch.name_word, n, Cell::new(0u8));
    reset(&mut scratch.cover, n, Cover::Free);
    let title_case = vec![Cell::new(0u8); sents.len()];
    let index = std::mem::take(&mut scratch.index);
    let mut ctx = Ctx {
        text,
        c,
        toks: index.toks,
        sents,
        name_word: std::mem::take(&mut scratch.name_word),
        pair_hits: Vec::new(),
        title_case,
        caps: index.caps,
        pronouns: index.pronouns,
        after_the: index.after_the,
        whos: index.whos,
        acronyms: index.acronyms,
    };
    // Capacities from the bench corpus (about one mention per 40 tokens, 10-30 entities
    // per article): growing these vectors one doubling at a time was ~4 % of tagging.
    let mut gaz_index = std::mem::take(&mut scratch.gaz_index);
    // Clean from the previous document (see below); sized for this configuration.
    gaz_index.resize(c.entities.len(), u32::MAX);
    let mut st = DocState {
        cover: std::mem::take(&mut scratch.cover),
        gaz_index,
        entities: Vec::with_capacity(32),
        gaz_of: Vec::with_capacity(32),
        persons: Vec::with_capacity(32),
        mentions: Vec::with_capacity(n / 32 + 8),
        cues: Vec::with_capacity(n / 32 + 8),
        ..DocState::default()
    };
    scan_automaton(&mut ctx, &mut st);
    settle_ambiguous_demonyms(&ctx, &mut st);
    crate::org_names::resolve(&ctx, &mut st);
    discover::discover_people(&ctx, &mut st);
    resolve_gazetteer_full_names(&ctx, &mut st);
    resolve_surnames(&ctx, &mut st);
    extend_first_names(&ctx, &mut st);
    discover::fill_unresolved_sides(&ctx, &mut st);
    crate::org_names::group_descriptions(&ctx, &mut st);
    coref::resolve(&ctx, &mut st);
    let cover = std::mem::take(&mut st.cover);
    let mut gaz_index = std::mem::take(&mut st.gaz_index);
    for g in st.gaz_of.iter().flatten() {
        gaz_index[*g as usize] = u32::MAX;
    }
    let out = st.finish(&ctx);
    let reused = Scratch {
        index: TokenIndex {
            toks: ctx.toks,
            caps: ctx.caps,
            pronouns: ctx.pronouns,
            after_the: ctx.after_the,
            whos: ctx.whos,
            acronyms: ctx.acronyms,
        },
        name_word: ctx.name_word,
        cover,
        gaz_index,
    };
    SCRATCH.with(|s| *s.borrow_mut() = reused);
    out
}

/// Clear `v` and fill it with `n` copies of `value`, keeping its allocation.
fn reset<T: Clone>(v: &mut Vec<T>, n: usize, value: T) {
    v.clear();
    v.resize(n, value);
}

/// Is this capitalised word outside the name stop list? Lower-cases into a stack buffer
/// (ASCII) so the check does not allocate.
fn is_capitalised_non_stopword(word: &str, c: &Compiled) -> bool {
    if word.len() > c.longest_stopword {
        return true;
    }
    // Most names share no (length, first letter) with any stop word: skip the lookup.
    let first = word.as_bytes()[0].to_ascii_lowercase();
    if first.is_ascii_lowercase() && c.stop_shape[word.len()] & (1 << (first - b'a')) == 0 {
        return true;
    }
    !crate::patterns::contains_lower(&c.stopword_set, word)
}

/// Is the sentence `s` written in Title Case? See [`Ctx::in_title_case`].
fn sentence_in_title_case(text: &str, toks: &[Token], s: Span) -> bool {
    let lo = token_at_or_after(toks, s.start);
    let (mut words, mut content_lower) = (0usize, false);
    for t in toks[lo..].iter().take_while(|t| t.start() < s.end) {
        if !t.is_word() {
            continue;
        }
        words += 1;
        if !t.cap {
            let w = t.text(text);
            content_lower = if w.is_ascii() {
                w.len() >= TITLE_CASE_CONTENT_LEN && w.bytes().all(|b| b.is_ascii_alphabetic())
            } else {
                w.chars().nth(TITLE_CASE_CONTENT_LEN - 1).is_some()
                    && w.chars().all(char::is_alphabetic)
            };
            if content_lower {
                // One lower-case content word decides: not Title Case.
                break;
            }
        }
    }
    words >= TITLE_CASE_MIN_WORDS && !content_lower
}

fn lines_as_sentences(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut pos = 0;
    for (i, line) in text.split('\n').enumerate() {
        let trimmed = line.trim();
        if !trimmed.is_empty() {
            let start = pos + (line.len() - line.trim_start().len());
            out.push(Sentence {
                span: Span::new(start, start + trimmed.len()),
                paragraph: i as u32,
            });
        }
        pos += line.len() + 1;
    }
    out
}

impl Ctx<'_> {
    pub fn word(&self, i: usize) -> &str {
        self.toks[i].text(self.text)
    }

    /// Index of the sentence containing byte `pos` (the last one starting at or before).
    pub fn sentence_of(&self, pos: usize) -> Option<usize> {
        let i = self.sents.partition_point(|s| s.span.start <= pos);
        (i > 0).then(|| i - 1)
    }

    /// Index of the sentence that starts exactly at byte `pos`, if one does.
    pub fn sentence_starting_at(&self, pos: usize) -> Option<usize> {
        self.sentence_of(pos)
            .filter(|&i| self.sents[i].span.start == pos)
    }

    /// Is the sentence around `pos` written in Title Case? Yes when it has at least
    /// [`TITLE_CASE_MIN_WORDS`] words and no lower-case word of
    /// [`TITLE_CASE_CONTENT_LEN`] letters or more: real sentences always have some
    /// lower-case content word ("sent", "talks"), however many names they carry, while
    /// Title Case leaves only short function words ("as", "on", "for") in lower case.
    pub fn in_title_case(&self, pos: usize) -> bool {
        let Some(i) = self.sentence_of(pos) else {
            return false;
        };
        let cell = &self.title_case[i];
        if cell.get() == 0 {
            let yes = sentence_in_title_case(self.text, &self.toks, self.sents[i].span);
            cell.set(if yes { 1 } else { 2 });
        }
        cell.get() == 1
    }

    /// A capitalised word that may be part of a name.
    pub fn is_name_word(&self, i: usize) -> bool {
        let cell = &self.name_word[i];
        match cell.get() {
            1 => true,
            2 => false,
            _ => {
                let t = &self.toks[i];
                let w = t.text(self.text);
                let yes = t.is_word()
                    && if t.cap {
                        is_capitalised_non_stopword(w, self.c) && !is_caps_word(w)
                    } else {
                        particle_prefix(w, self.c).is_some()
                    };
                cell.set(if yes { 1 } else { 2 });
                yes
            }
        }
    }

    pub fn entity_party(&self, entity: u32) -> Option<&str> {
        self.c.entities.get(entity as usize)?.party.as_deref()
    }
}

/// Is `text[start..end]` a whole word (no alphanumeric character glued on either side)?
pub(crate) fn on_word_boundaries(text: &str, start: usize, end: usize) -> bool {
    // An ASCII neighbour (nearly always a space or punctuation) is decided by its byte.
    let bytes = text.as_bytes();
    let glued_before = match start.checked_sub(1).map(|i| bytes[i]) {
        None => false,
        Some(b) if b.is_ascii() => b.is_ascii_alphanumeric(),
        Some(_) => text[..start]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric),
    };
    let glued_after = match bytes.get(end) {
        None => false,
        Some(b) if b.is_ascii() => b.is_ascii_alphanumeric(),
        Some(_) => text[end..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric),
    };
    !glued_before && !glued_after
}

fn scan_automaton(ctx: &mut Ctx, st: &mut DocState) {
    let mut pair_hits = std::mem::take(&mut ctx.pair_hits);
    let ctx_ref: &Ctx = ctx;
    let on_hit = |hit| record_hit(ctx_ref, st, &mut pair_hits, hit);
    ctx_ref
        .c
        .automaton
        .for_each_match(ctx_ref.text, &ctx_ref.toks, on_hit);
    ctx.pair_hits = pair_hits;
}

/// One automaton hit: a "both sides" phrase, a title or a gazetteer surface.
fn record_hit(ctx: &Ctx, st: &mut DocState, pair_hits: &mut Vec<Span>, hit: Hit) {
    let span = Span::new(hit.start, hit.end);
    if !on_word_boundaries(ctx.text, span.start, span.end) {
        return;
    }
    let pattern = hit.pattern;
    let meta = &ctx.c.meta[pattern];
    if meta.pair {
        pair_hits.push(span);
        return;
    }
    let (tok_lo, tok_hi) = hit_tokens(&ctx.toks, hit);
    if meta.surfaces.is_empty() {
        if meta.title.is_some() {
            let idx = st.titles.len();
            st.titles.push(TitleHit {
                span,
                tok_lo,
                tok_hi,
                pattern: pattern as u32,
            });
            st.cover_range(tok_lo, tok_hi, Cover::Title(idx as u32));
        }
        return;
    }
    if meta.ambiguous && glued_to_longer_name(ctx, tok_lo, tok_hi) {
        return;
    }
    record_surface_hit(
        ctx,
        st,
        span,
        tok_lo,
        tok_hi,
        &meta.surfaces,
        meta.ambiguous,
    );
}

/// The tokens of a hit: from the first token starting at or after its start (the token
/// it was found from, or the next one when it starts inside that token, after an inner
/// hyphen) to the first starting at or after its end (at least the first).
fn hit_tokens(toks: &[Token], hit: Hit) -> (usize, usize) {
    let from = hit.token;
    let lo = if toks[from].start() < hit.start {
        from + 1
    } else {
        from
    };
    let hi = lo
        + toks[lo..]
            .iter()
            .take_while(|t| t.start() < hit.end)
            .count();
    (lo, hi)
}

/// A demonym shared by several sides ("Sudanese" for Sudan and South Sudan) takes the side
/// of the one candidate that is itself mentioned in the document, if exactly one is.
fn settle_ambiguous_demonyms(ctx: &Ctx, st: &mut DocState) {
    for (span, lo, hi, cands) in std::mem::take(&mut st.ambiguous_demonyms) {
        let present: Vec<u32> = cands
            .iter()
            .copied()
            .filter(|&g| st.gaz_index[g as usize] != u32::MAX)
            .collect();
        let [g] = present[..] else { continue };
        if let Some(party) = ctx.c.party_arc[g as usize].clone() {
            st.cues.push(Cue { span, party });
        }
        st.cover_range(lo, hi, Cover::Demonym(Some(g)));
    }
}

/// A capitalised non-stop-word right before or after: "Michael Jordan", "Israel Katz".
fn glued_to_longer_name(ctx: &Ctx, lo: usize, hi: usize) -> bool {
    let free_name = |i: usize| ctx.is_name_word(i);
    (lo > 0 && free_name(lo - 1)) || (hi < ctx.toks.len() && free_name(hi))
}

fn record_surface_hit(
    ctx: &Ctx,
    st: &mut DocState,
    span: Span,
    lo: usize,
    hi: usize,
    surfaces: &[SurfaceRef],
    ambiguous: bool,
) {
    // No allocation in the common case: most surfaces belong to one entity.
    let explicit = || surfaces.iter().filter(|s| s.form != Form::Surname);
    if explicit().next().is_none() {
        let idx = st.pending_surnames.len();
        st.pending_surnames.push(PendingSurname {
            candidates: surfaces.iter().map(|s| s.entity).collect(),
        });
        st.cover_range(lo, hi, Cover::Surname(idx as u32));
        return;
    }
    let first_party = explicit().next().and_then(|s| ctx.entity_party(s.entity));
    let one_party = explicit().all(|s| ctx.entity_party(s.entity) == first_party);
    let best = explicit().min_by_key(|s| (s.form, s.entity)).copied();
    let Some(best) = best else { return };
    if best.form == Form::Demonym {
        if !one_party {
            let cands = explicit().map(|s| s.entity).collect();
            st.ambiguous_demonyms.push((span, lo, hi, cands));
        }
        let party = one_party.then_some(best.entity);
        if let Some(party) = party.and_then(|e| ctx.c.party_arc[e as usize].clone()) {
            st.cues.push(Cue { span, party });
        }
        st.cover_range(lo, hi, Cover::Demonym(party));
        return;
    }
    let same_entity = explicit().all(|s| s.entity == best.entity);
    if !same_entity && !one_party {
        return; // two entities of different sides share this surface: say nothing
    }
    let (source, confidence) = match (best.form, ambiguous) {
        (_, true) => (MentionSource::Gazetteer, 0.6),
        (Form::Metonym, _) => (MentionSource::Metonym, 0.85),
        _ => (MentionSource::Gazetteer, 0.95),
    };
    let entity = st.gaz_entity(ctx, best.entity);
    st.add_mention(ctx, entity, span, lo, hi, source, confidence);
}

impl DocState {
    pub fn cover_range(&mut self, lo: usize, hi: usize, cover: Cover) {
        for c in &mut self.cover[lo..hi] {
            *c = cover;
        }
    }

    /// The local entity for gazetteer entity `g`, created on first use.
    pub fn gaz_entity(&mut self, ctx: &Ctx, g: u32) -> usize {
        if let Some(&i) = self.gaz_index.get(g as usize).filter(|&&i| i != u32::MAX) {
            return i as usize;
        }
        let e = &ctx.c.entities[g as usize];
        let idx = self.entities.len();
        self.entities.push(LocalEntity {
            gazetteer_id: Some(e.id.clone()),
            name: e.name.clone(),
            kind: e.kind,
            party: e.party.clone(),
            surfaces: Vec::new(),
        });
        self.gaz_index[g as usize] = idx as u32;
        self.gaz_of.push(Some(g));
        if e.kind == EntityKind::Person {
            // The compiled person names include the canonical name: shared, not copied.
            let from = ctx.c.persons.partition_point(|p| p.entity < g);
            for p in ctx.c.persons[from..].iter().take_while(|p| p.entity == g) {
                self.persons.push(DocPerson {
                    entity: idx,
                    first: p.first.clone(),
                    surname_key: p.surname_key.clone(),
                });
            }
        }
        idx
    }

    /// A new person found in the text (not in the gazetteer).
    pub fn new_person(&mut self, name: &str, first: Option<String>, surname: &str) -> usize {
        let idx = self.entities.len();
        self.entities.push(LocalEntity {
            gazetteer_id: None,
            name: name.to_string(),
            kind: EntityKind::Person,
            party: None,
            surfaces: Vec::new(),
        });
        self.gaz_of.push(None);
        self.persons.push(DocPerson {
            entity: idx,
            first: first.map(Arc::from),
            surname_key: Arc::from(name_key(surname)),
        });
        idx
    }

    #[allow(clippy::too_many_arguments)]
    pub fn add_mention(
        &mut self,
        ctx: &Ctx,
        entity: usize,
        span: Span,
        lo: usize,
        hi: usize,
        source: MentionSource,
        confidence: f32,
    ) {
        self.mentions.push(Mention {
            entity,
            span,
            surface: span.slice(ctx.text).to_string(),
            confidence,
            source,
        });
        if lo < hi {
            self.cover_range(lo, hi, Cover::Entity(entity as u32));
        }
        let is_place_here =
            self.entities[entity].kind != EntityKind::Person && after_locative(ctx, lo);
        if !is_place_here {
            if let Some(party) = self.party_arc(ctx, entity) {
                self.cues.push(Cue { span, party });
            }
        }
    }

    /// The party of a local entity as a shared string (no allocation for gazetteer ones).
    fn party_arc(&self, ctx: &Ctx, entity: usize) -> Option<Arc<str>> {
        match self.gaz_of[entity] {
            Some(g) => ctx.c.party_arc[g as usize].clone(),
            None => self.entities[entity].party.as_deref().map(Arc::from),
        }
    }

    /// Vote for the party of a non-gazetteer entity (weight 2 for explicit cues).
    pub fn vote_party(&mut self, entity: usize, party: &str, weight: u32) {
        if self.entities[entity].gazetteer_id.is_some() {
            return;
        }
        *self
            .party_votes
            .entry(entity)
            .or_default()
            .entry(party.to_string())
            .or_default() += weight;
        let votes = &self.party_votes[&entity];
        let best = votes
            .iter()
            .max_by_key(|(p, v)| (**v, std::cmp::Reverse(*p)));
        self.entities[entity].party = best.map(|(p, _)| p.clone());
    }

    /// The local entity a token belongs to, if any.
    pub fn entity_at(&self, tok: usize) -> Option<usize> {
        match self.cover.get(tok) {
            Some(Cover::Entity(e)) => Some(*e as usize),
            _ => None,
        }
    }

    /// Last mention of `entity` that starts before `pos`.
    fn last_mention_before(&self, entity: usize, pos: usize) -> Option<usize> {
        self.mentions
            .iter()
            .filter(|m| m.entity == entity && m.span.start < pos)
            .map(|m| m.span.start)
            .max()
    }

    fn finish(mut self, ctx: &Ctx) -> DocActors {
        self.mentions.sort_by(|a, b| {
            (a.span.start, a.span.end, a.entity).cmp(&(b.span.start, b.span.end, b.entity))
        });
        self.mentions
            .dedup_by(|b, a| a.span == b.span && a.entity == b.entity);
        for m in &self.mentions {
            let surfaces = &mut self.entities[m.entity].surfaces;
            if m.source == MentionSource::Coreference {
                continue;
            }
            let bare = strip_article(&m.surface);
            for s in [m.surface.as_str(), bare] {
                if !surfaces.iter().any(|x| x == s) {
                    surfaces.push(s.to_string());
                }
            }
        }
        for e in &mut self.entities {
            if let Some(best) = best_full_name(e, ctx) {
                e.name = best;
            }
        }
        self.roles.sort_by_key(|r| (r.span.start, r.entity));
        self.drop_unmentioned();
        DocActors {
            entities: self.entities,
            mentions: self.mentions,
            roles: self.roles,
        }
    }

    /// Entities whose every mention was taken over (by a namesake, or a coreference-only
    /// side) are dropped, and indices renumbered: an entity is listed only with evidence.
    fn drop_unmentioned(&mut self) {
        let mut used = vec![false; self.entities.len()];
        for m in &self.mentions {
            used[m.entity] = true;
        }
        for r in &self.roles {
            used[r.entity] = true;
        }
        if used.iter().all(|u| *u) {
            return;
        }
        let mut new_index = vec![usize::MAX; used.len()];
        let mut next = 0;
        for (i, u) in used.iter().enumerate() {
            if *u {
                new_index[i] = next;
                next += 1;
            }
        }
        let mut i = 0;
        self.entities.retain(|_| {
            i += 1;
            used[i - 1]
        });
        for m in &mut self.mentions {
            m.entity = new_index[m.entity];
        }
        for r in &mut self.roles {
            r.entity = new_index[r.entity];
        }
    }
}

/// Is token `lo` preceded by a locative preposition ("to Doha")?
fn after_locative(ctx: &Ctx, lo: usize) -> bool {
    if lo == 0 || lo > ctx.toks.len() || !ctx.toks[lo - 1].is_word() {
        return false;
    }
    // Prepositions are short: a longer ASCII word needs no lookup (lower-casing keeps
    // its length; other words may change length when lower-cased).
    let word = ctx.word(lo - 1);
    if word.len() > ctx.c.longest_locative && word.is_ascii() {
        return false;
    }
    crate::patterns::contains_lower(&ctx.c.locative_set, word)
}

/// "the Kremlin" → "Kremlin" (both are kept as surfaces).
fn strip_article(s: &str) -> &str {
    s.strip_prefix("the ")
        .or_else(|| s.strip_prefix("The "))
        .unwrap_or(s)
}

/// For a discovered person: the longest surface (most words) seen; gazetteer names stay.
fn best_full_name(e: &LocalEntity, _ctx: &Ctx) -> Option<String> {
    if e.gazetteer_id.is_some() || e.kind != EntityKind::Person {
        return None;
    }
    e.surfaces
        .iter()
        .max_by_key(|s| (s.split_whitespace().count(), std::cmp::Reverse(s.len())))
        .filter(|s| s.split_whitespace().count() > e.name.split_whitespace().count())
        .cloned()
}

/// A free "First Surname" pair that spells a gazetteer person another way ("Dzheikhun
/// Bairamov" for "Jeyhun Bayramov"): both words must match, the surname by its
/// transliteration key and the first name as compatible, so a surname alone never pulls
/// in a gazetteer person (that needs the standalone rule). Runs before surname
/// resolution, so later bare surnames ("Bairamov said") attach to the person.
fn resolve_gazetteer_full_names(ctx: &Ctx, st: &mut DocState) {
    let mut key_buf = Vec::new();
    for pair in ctx.caps.windows(2) {
        let (first, last) = (pair[0], pair[1]);
        // Cheapest tests first: this runs for every pair of adjacent capitalised words.
        let adjacent_free =
            last == first + 1 && st.cover[first] == Cover::Free && st.cover[last] == Cover::Free;
        if !adjacent_free {
            continue;
        }
        let (ft, lt) = (ctx.toks[first], ctx.toks[last]);
        if !ctx.text.as_bytes()[ft.end()..lt.start()]
            .iter()
            .all(|&b| b == b' ')
        {
            continue;
        }
        // A surname key that starts like no gazetteer person's cannot match one.
        let initial = key_initial(ctx.word(last));
        if initial.is_some_and(|b| !ctx.c.person_key_initials[usize::from(b)]) {
            continue;
        }
        if !free_name_word(ctx, st, first) || !free_name_word(ctx, st, last) {
            continue;
        }
        name_key_into(ctx.word(last), &mut key_buf);
        let key = std::str::from_utf8(&key_buf).unwrap_or_default();
        let Some(entity) = discover::matching_gazetteer_person(ctx, st, key, Some(ctx.word(first)))
        else {
            continue;
        };
        let span = Span::new(ft.start(), lt.end());
        st.add_mention(
            ctx,
            entity,
            span,
            first,
            last + 1,
            MentionSource::Alias,
            0.7,
        );
    }
}

/// An uncovered, capitalised name word of at least three letters, not in capitals.
fn free_name_word(ctx: &Ctx, st: &DocState, i: usize) -> bool {
    let t = &ctx.toks[i];
    let word = ctx.word(i);
    st.cover[i] == Cover::Free
        && t.is_word()
        && t.cap
        && has_three_chars(word)
        && !is_all_caps(word)
        && ctx.is_name_word(i)
}

/// Capitalised words that are not covered yet may be a surname of a person of this
/// document (or an implicit gazetteer surname): attach them.
fn resolve_surnames(ctx: &Ctx, st: &mut DocState) {
    // Key initials of the document's persons: a word whose key starts otherwise cannot
    // match (surname_keys_match needs the same first letter), so its key is not computed.
    let mut initials = [false; 256];
    for p in &st.persons {
        if let Some(&b) = p.surname_key.as_bytes().first() {
            initials[usize::from(b)] = true;
        }
        // First names too: "Vorawit said" (Thai news refers to people by first name).
        if let Some(b) = p.first.as_deref().and_then(key_initial) {
            initials[usize::from(b)] = true;
        }
    }
    // Per first letter of an ASCII word: may its key start like a person's? Decided
    // once per document instead of folding the start of every capitalised word.
    let mut letter_may_match = [false; 26];
    for (l, may) in (b'a'..=b'z').zip(letter_may_match.iter_mut()) {
        *may = possible_key_initials(l)
            .iter()
            .any(|&b| initials[usize::from(b)]);
    }
    let mut key_buf = Vec::new();
    for &i in &ctx.caps {
        let pending = match st.cover[i] {
            Cover::Free => None,
            Cover::Surname(p) => Some(p as usize),
            _ => continue,
        };
        let t = &ctx.toks[i];
        if !t.is_word() {
            continue;
        }
        if pending.is_none() {
            // Cheapest checks first: this runs for every uncovered word.
            let word = t.text(ctx.text);
            let first = word.as_bytes()[0].to_ascii_lowercase();
            let letter_rules_out = first.is_ascii_lowercase()
                && !letter_may_match[usize::from(first - b'a')]
                && word.is_ascii();
            let may_match = t.cap
                && !letter_rules_out
                && key_initial(word).is_none_or(|b| initials[usize::from(b)]);
            if !may_match || !has_three_chars(word) || is_all_caps(word) || !ctx.is_name_word(i) {
                continue;
            }
        }
        resolve_one_surname(ctx, st, i, pending, &mut key_buf);
    }
}

/// A word written in capitals, at least [`CAPS_WORD_MIN`] letters long ("PORT SUDAN",
/// "RSF"): a dateline, a headline or an acronym, never part of a person's name as news
/// writes names in running text.
fn is_caps_word(word: &str) -> bool {
    if word.is_ascii() {
        let letters = word.bytes().filter(u8::is_ascii_alphabetic).count();
        return letters >= CAPS_WORD_MIN && !word.bytes().any(|b| b.is_ascii_lowercase());
    }
    word.chars()
        .filter(|c| c.is_alphabetic())
        .nth(CAPS_WORD_MIN - 1)
        .is_some()
        && is_all_caps(word)
}

/// The length of a name particle glued by a hyphen to a capitalised name ("al-Otaibi",
/// "el-Sisi", "bin-Zayed"): such a word is a name word, and its surname key is taken
/// after the hyphen.
pub(crate) fn particle_prefix(word: &str, c: &Compiled) -> Option<usize> {
    let (particle, rest) = word.split_once('-')?;
    let capital_next = rest.chars().next().is_some_and(char::is_uppercase);
    (capital_next && c.patterns.particles.contains(particle)).then_some(particle.len() + 1)
}

/// At least three characters (a byte length test for ASCII words).
fn has_three_chars(word: &str) -> bool {
    if word.is_ascii() {
        word.len() >= 3
    } else {
        word.chars().nth(2).is_some()
    }
}

fn is_all_caps(word: &str) -> bool {
    if word.is_ascii() {
        return !word.bytes().any(|b| b.is_ascii_lowercase());
    }
    word.chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase)
}

fn resolve_one_surname(
    ctx: &Ctx,
    st: &mut DocState,
    i: usize,
    pending: Option<usize>,
    key_buf: &mut Vec<u8>,
) {
    let t = ctx.toks[i];
    name_key_into(ctx.word(i), key_buf);
    let key = std::str::from_utf8(key_buf).unwrap_or_default();
    let span = Span::new(t.start(), t.end());
    if let Some((entity, exact)) = best_doc_person(st, key, t.start()) {
        if different_first_name(ctx, st, i, entity) {
            return add_namesake(ctx, st, i, entity);
        }
        let conf = if exact { 0.85 } else { 0.7 };
        st.add_mention(ctx, entity, span, i, i + 1, MentionSource::Alias, conf);
        return;
    }
    if pending.is_none() {
        if let Some(entity) = person_by_first_name(ctx, st, i) {
            st.add_mention(ctx, entity, span, i, i + 1, MentionSource::Alias, 0.6);
            return;
        }
    }
    let Some(p) = pending else { return };
    let cands = st.pending_surnames[p].candidates.clone();
    let standalone = cands.len() == 1 && ctx.c.standalone_surname.contains(&cands[0]);
    if standalone {
        let entity = st.gaz_entity(ctx, cands[0]);
        st.add_mention(ctx, entity, span, i, i + 1, MentionSource::Alias, 0.75);
    }
}

/// "Vorawit said" where "Vorawit Chaiyasit" is a person of the document: a lone word that
/// is exactly the first name of one person (and no surname, tested before) refers to
/// that person, as Thai, Indonesian or Icelandic names are used. Not when another name
/// word follows ("Vorawit Somsak" is someone else) or two persons share the first name.
fn person_by_first_name(ctx: &Ctx, st: &DocState, i: usize) -> Option<usize> {
    let word = ctx.word(i);
    if ctx
        .toks
        .get(i + 1)
        .is_some_and(|t| t.cap && ctx.is_name_word(i + 1))
    {
        return None;
    }
    let mut owners = st
        .persons
        .iter()
        .filter(|p| {
            p.first
                .as_deref()
                .is_some_and(|f| f.eq_ignore_ascii_case(word))
        })
        .map(|p| p.entity);
    let entity = owners.next()?;
    owners.all(|e| e == entity).then_some(entity)
}

/// The document person whose surname matches `key`: equal keys before fuzzy ones, then the
/// one mentioned last before `pos` (news refers back to the latest namesake), then the
/// first one met.
fn best_doc_person(st: &DocState, key: &str, pos: usize) -> Option<(usize, bool)> {
    let mut best: Option<(bool, Option<usize>, usize)> = None;
    for p in &st.persons {
        if !surname_keys_match(key, &p.surname_key) {
            continue;
        }
        let exact = *key == *p.surname_key;
        let cand = (exact, st.last_mention_before(p.entity, pos), p.entity);
        let better = match best {
            None => true,
            Some((be, bl, _)) => (exact, cand.1) > (be, bl),
        };
        if better {
            best = Some(cand);
        }
    }
    best.map(|(exact, _, e)| (e, exact))
}

/// Is the surname at `i` preceded by a first name that does not fit `entity`?
fn different_first_name(ctx: &Ctx, st: &DocState, i: usize, entity: usize) -> bool {
    if i == 0 || st.cover[i - 1] != Cover::Free || !ctx.is_name_word(i - 1) {
        return false;
    }
    let prev = ctx.word(i - 1);
    let firsts: Vec<&str> = st
        .persons
        .iter()
        .filter(|p| p.entity == entity)
        .filter_map(|p| p.first.as_deref())
        .collect();
    !firsts.is_empty() && !firsts.iter().any(|f| first_names_compatible(f, prev))
}

/// "Hunter Biden" where "Joe Biden" is known: a different person with the same surname.
/// Without a better cue the namesake takes the side of the known one: in negotiation news
/// namesakes are mostly relatives on the same side (brothers in one movement, a ruling
/// family); the nearest context cue is the fallback.
fn add_namesake(ctx: &Ctx, st: &mut DocState, i: usize, relative: usize) {
    let (first, last) = (ctx.toks[i - 1], ctx.toks[i]);
    let span = Span::new(first.start(), last.end());
    let name = span.slice(ctx.text).to_string();
    let entity = st.new_person(&name, Some(ctx.word(i - 1).to_string()), ctx.word(i));
    let party = st.entities[relative]
        .party
        .clone()
        .or_else(|| discover::context_party(ctx, st, span, None, false));
    if let Some(party) = party {
        st.vote_party(entity, &party, 1);
    }
    st.add_mention(ctx, entity, span, i - 1, i + 1, MentionSource::Pattern, 0.6);
}

/// "Volodymyr Zelensky" where only "Zelensky" is a surface: take the compatible first name
/// into the mention, so the full form becomes a surface too. An incompatible first name
/// before a one-word surname makes a namesake (a different person).
fn extend_first_names(ctx: &Ctx, st: &mut DocState) {
    let mut replaced = Vec::new();
    for m in 0..st.mentions.len() {
        let mention = &st.mentions[m];
        let entity = mention.entity;
        if st.entities[entity].kind != EntityKind::Person {
            continue;
        }
        let lo = token_at_or_after(&ctx.toks, mention.span.start);
        if lo == 0 || st.cover[lo - 1] != Cover::Free || !ctx.is_name_word(lo - 1) {
            continue;
        }
        if mention.surface.split_whitespace().count() > 1 {
            continue;
        }
        let prev = ctx.word(lo - 1);
        let fits = st.persons.iter().filter(|p| p.entity == entity).any(|p| {
            p.first
                .as_deref()
                .is_some_and(|f| first_names_compatible(f, prev))
        });
        let known_first = st
            .persons
            .iter()
            .any(|p| p.entity == entity && p.first.is_some());
        let one_token = ctx.toks[lo].end() == mention.span.end;
        if fits {
            let start = ctx.toks[lo - 1].start();
            let mention = &mut st.mentions[m];
            mention.span.start = start;
            mention.surface = mention.span.slice(ctx.text).to_string();
            st.cover[lo - 1] = Cover::Entity(entity as u32);
        } else if known_first && one_token {
            // "Abdelrahim Dagalo" next to a known "Mohamed Hamdan Dagalo": a namesake.
            replaced.push(m);
            add_namesake(ctx, st, lo, entity);
        }
    }
    for m in replaced.into_iter().rev() {
        st.mentions.remove(m);
    }
}
