//! Claim extraction from one sentence, from the act cue outward.
//!
//! Order of work per sentence: find the act cues; per cue find the agent (active subject,
//! passive "by" agent, possessor of an act noun, sentence subject for evaluative
//! adjectives, else the sentence's speaker), the item the cue governs (right of it, left
//! of it for passives), negation before the cue, conditions inside the item, hedges in the
//! sentence; split the item into enumeration chunks and make one claim per topic found.

use stancemap_actors::EntityKind;
use stancemap_model::{hash_hex, Act, Span};

use crate::lexicon::{CueHit, CueKind, WordLists};
use crate::tokens::{fold_hash, same_word, token_at, tokenize_into, Tok};
use crate::{Claim, ClaimsConfig, DocInput};

/// Base confidence by cue kind: verbs state an act, nouns and evaluative adjectives
/// describe one and attach to their agent less reliably.
const VERB_CONFIDENCE: f32 = 0.85;
const NOUN_CONFIDENCE: f32 = 0.75;
const ADJECTIVE_CONFIDENCE: f32 = 0.7;
/// Multipliers: agent found by a fallback (speaker, previous claim), negation, hedging,
/// topic taken from the previous sentence.
const FALLBACK_AGENT: f32 = 0.85;
const NEGATED: f32 = 0.9;
const HEDGED: f32 = 0.7;
const INHERITED_TOPIC: f32 = 0.85;
/// Words an act noun may be separated from its possessor by ("Iran's new nuclear offer").
const NOUN_MODIFIER_GAP: usize = 3;
/// Tokens after an act noun searched for a linking word ("… list of demands includes").
const LINKING_WINDOW: usize = 8;
/// Tokens after "by"/"from" searched for the agent mention ("by former US President X").
const AGENT_PHRASE_WINDOW: usize = 6;

/// Entity index of a mention the extractor made itself ("Chinese negotiators").
pub(crate) const SYNTHETIC: usize = usize::MAX;

/// A mention inside the sentence, with what the extractor needs of its entity.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ment<'a> {
    pub start: usize,
    pub end: usize,
    pub entity: usize,
    pub party: Option<&'a str>,
    pub kind: EntityKind,
}

/// Per-document context shared by the sentences.
pub(crate) struct DocCtx<'a> {
    pub cfg: &'a ClaimsConfig,
    pub input: &'a DocInput<'a>,
    /// Local entity indices of heads of state or government.
    pub leaders: Vec<bool>,
    /// Topics of the last sentence that had claims (for anaphors).
    pub prev_topics: Vec<usize>,
    /// When set, the previous sentence had no claims: its topics are computed from this
    /// span only if an anaphor asks for them (most sentences never need them).
    pub prev_sentence: Option<Span>,
    /// Party of the last claim, for pronoun subjects.
    pub prev_party: Option<(String, Option<usize>)>,
    /// The previous paragraph's last party: until a sentence of this paragraph names
    /// one, a pronoun opening a clause ("It also insisted …") continues it.
    pub opening_party: Option<(String, Option<usize>)>,
    pub last_paragraph: Option<u32>,
    /// The two parties that clearly lead the document's mentions, if any: the parties
    /// of an agreement reported without naming them ("a swap deal was reached").
    pub pair: Option<(String, String)>,
    /// The two most mentioned parties when they lead at all: for an explicit pair
    /// subject ("the parties agreed") that nothing before resolves.
    pub loose_pair: Option<(String, String)>,
    /// The previous sentence, whose distinct parties (not as places) an unresolved
    /// pair subject falls back on: found from its span only then
    /// ([`prev_sentence_parties`]), as almost no sentence asks.
    pub prev_parties_span: Option<Span>,
    /// Per cue: where its item must stop (the next coordinated predicate, "… and said
    /// it opposed …"), and the agent it inherits as such a predicate.
    pub item_stop: Option<usize>,
    pub coordinated_agent: Option<(Vec<String>, Option<usize>)>,
    /// Parties of the last joint act or meeting: what "the two sides" means next.
    pub prev_joint: Option<Vec<String>>,
    /// For a sentence inside a quote whose speaker is named after it ("“… .” the
    /// minister said."): that speaker's party and entity.
    pub quote_speaker: Option<(String, Option<usize>)>,
}

/// One sentence prepared for extraction.
pub(crate) struct Sent<'a> {
    pub text: &'a str,
    pub span: Span,
    pub toks: Vec<Tok>,
    pub ments: Vec<Ment<'a>>,
    /// Clause break positions (start, end) in bytes.
    pub breaks: Vec<(usize, usize)>,
    /// Commas where an item stops although the clause goes on ([`item_limits`]): a
    /// trailing attribution (", officials said after the talks") or a coordinated
    /// clause with a subject of its own (", and the US side promised …"). Found on
    /// first use ([`Sent::item_limits`]): only items read them, and about half the
    /// sentences have no act cue.
    item_limits: std::cell::OnceCell<Vec<usize>>,
    words: &'a WordLists,
    /// Quoted regions.
    pub quotes: Vec<(usize, usize)>,
    /// Can the sentence hold a quote mark at all (`may_quote`, answered by the tokenizer)?
    pub quotable: bool,
    /// "Oman-brokered": (mention start, end of the glued mediation phrase). The mention
    /// is a mediator, not a side, and the participle is no act of its own.
    pub mediated: Vec<(usize, usize)>,
    /// Does the sentence contain a meeting cue (computed once: meetings and duration
    /// facts both need it)?
    pub meeting_cue: bool,
    /// The phrase-list hits of the sentence (one automaton pass, [`crate::scan`]).
    pub hits: crate::scan::SentHits,
    /// Topic cue hits of the whole sentence: every item and chunk of the sentence is
    /// answered from them.
    topic_scan: crate::topics::TopicScan,
    /// Duration phrases (first token, unit token, minutes), found on first use: meetings,
    /// meeting durations and topic durations all read them.
    durations: std::cell::OnceCell<Vec<(usize, usize, u64)>>,
}

impl<'a> Sent<'a> {
    /// The mentions lying wholly inside `start..end` (an item or a chunk).
    fn ments_within(&self, start: usize, end: usize) -> impl Iterator<Item = &Ment<'a>> {
        self.ments
            .iter()
            .filter(move |m| m.start >= start && m.end <= end)
    }

    pub fn new(ctx: &DocCtx<'a>, span: Span) -> Self {
        let text = ctx.input.text;
        let mut toks = SPARE_TOKS.with_borrow_mut(std::mem::take);
        let quotable = tokenize_into(text, span.start, span.end, &mut toks);
        ctx.cfg.set_index.mark(&mut toks);
        let actors = ctx.input.actors;
        let first = actors
            .mentions
            .partition_point(|m| m.span.start < span.start);
        let ments = actors.mentions[first..]
            .iter()
            .take_while(|m| m.span.end <= span.end)
            .filter_map(|m| {
                let e = actors.entities.get(m.entity)?;
                Some(Ment {
                    start: m.span.start,
                    end: m.span.end,
                    entity: m.entity,
                    party: e.party.as_deref(),
                    kind: e.kind,
                })
            })
            .collect();
        let mut ments: Vec<Ment<'a>> = ments;
        ments.extend(demonym_sides(ctx, text, &toks, &ments));
        ments.sort_by_key(|m| (m.start, m.end, m.entity));
        let mut hits = ctx.cfg.scanner.scan(text, span.start, span.end);
        let topic_scan = crate::topics::TopicScan::from_hits(
            std::mem::take(&mut hits.topic_cues),
            std::mem::take(&mut hits.topic_combos),
        );
        let mut breaks: Vec<(usize, usize)> =
            hits.clause_breaks.iter().map(|h| (h.0, h.1)).collect();
        // ", but only if …" continues the clause as its condition.
        let conditions = &ctx.cfg.lexicon.words().condition_markers;
        breaks.retain(|b| {
            let next = token_at(&toks, b.1);
            let only = toks
                .get(next)
                .is_some_and(|t| same_word(t.text(text), "only"));
            !(only && conditions.any_at(text, &toks, next))
        });
        let quotes = if quotable {
            find_quotes(text, span)
        } else {
            Vec::new()
        };
        let mediated = ments
            .iter()
            .filter(|m| m.party.is_some())
            .filter_map(|m| {
                let len = ctx.cfg.facts.glued_mediation_at(text, m.end)?;
                Some((m.start, m.end + len))
            })
            .collect();
        let meeting_cue = hits
            .meeting_cues
            .iter()
            .any(|h| crate::tokens::on_word_boundaries(text, h.0, h.1));
        Sent {
            text,
            span,
            toks,
            ments,
            breaks,
            item_limits: std::cell::OnceCell::new(),
            words: ctx.cfg.lexicon.words(),
            quotes,
            quotable,
            mediated,
            meeting_cue,
            hits,
            topic_scan,
            durations: std::cell::OnceCell::new(),
        }
    }

    /// The commas where an item stops (see the field), computed once.
    fn item_limits(&self) -> &[usize] {
        self.item_limits
            .get_or_init(|| item_limits(self.text, &self.toks, &self.ments, self.words))
    }

    /// The sentence's duration phrases, computed once.
    pub fn raw_durations(&self, ctx: &DocCtx) -> &[(usize, usize, u64)] {
        self.durations
            .get_or_init(|| crate::meetings::find_raw_durations(ctx, self))
    }

    /// Can any stretch of the sentence name a topic ([`Sent::topic_in`])?
    pub fn names_a_topic(&self) -> bool {
        !self.topic_scan.is_empty()
    }

    /// The leftmost topic in `text[start..end]` (inside this sentence).
    pub fn topic_in(
        &self,
        ctx: &DocCtx,
        start: usize,
        end: usize,
    ) -> Option<crate::topics::TopicHit> {
        ctx.cfg
            .topics
            .leftmost_in(&self.topic_scan, self.text, start, end)
    }

    /// The clause around byte `pos`: between the clause breaks before and after it.
    fn clause(&self, pos: usize) -> (usize, usize) {
        let start = self
            .breaks
            .iter()
            .filter(|b| b.1 <= pos)
            .map(|b| b.1)
            .max()
            .unwrap_or(self.span.start);
        let end = self
            .breaks
            .iter()
            .filter(|b| b.0 >= pos)
            .map(|b| b.0)
            .min()
            .unwrap_or(self.span.end);
        (start, end)
    }

    fn in_quote(&self, pos: usize) -> bool {
        self.quotes.iter().any(|q| q.0 <= pos && pos < q.1)
    }

    fn word(&self, i: usize) -> &'a str {
        self.toks[i].text(self.text)
    }

    /// Is the token before the mention a preposition that makes it an object?
    fn blocked(&self, m: &Ment, words: &WordLists) -> bool {
        let i = token_at(&self.toks, m.start);
        let mut j = i;
        // "to the Kremlin": skip one article.
        if j > 0 && is_article(self.word(j - 1)) {
            j -= 1;
        }
        words.subject_blockers.ends_before(self.text, &self.toks, j)
    }
}

thread_local! {
    /// The token buffer of the last sentence dropped: the next sentence tokenizes into
    /// it instead of allocating its own.
    static SPARE_TOKS: std::cell::RefCell<Vec<Tok>> = const { std::cell::RefCell::new(Vec::new()) };
}

impl Drop for Sent<'_> {
    /// The token buffer and the hit lists go back to this thread's spares.
    fn drop(&mut self) {
        SPARE_TOKS.with_borrow_mut(|spare| {
            if spare.capacity() < self.toks.capacity() {
                *spare = std::mem::take(&mut self.toks);
            }
        });
        crate::scan::recycle(&mut self.hits, self.topic_scan.take_hits());
    }
}

/// Words between a comma and the reporting verb of a trailing attribution
/// (", two diplomats briefed on the talks said").
const ATTRIBUTION_SUBJECT_WORDS: usize = 8;

/// Commas after which an item does not go on (see [`Sent::item_limits`]). Topics named
/// there belong to the attribution or to the other clause, not to the cue's item.
fn item_limits(text: &str, toks: &[Tok], ments: &[Ment], words: &WordLists) -> Vec<usize> {
    // A comma is a one-byte punctuation token: tested without slicing the text.
    let is_comma = |t: &Tok| !t.word && t.end == t.start + 1 && text.as_bytes()[t.start] == b',';
    (0..toks.len())
        .filter(|&i| is_comma(&toks[i]))
        .filter(|&i| {
            trailing_attribution(text, toks, i, words)
                || new_subject_clause(text, toks, ments, i, words)
        })
        .map(|i| toks[i].start)
        .collect()
}

/// ", Omani officials said after the round.": a reporting verb within a few words of
/// the comma, no other comma between, and no content ("that", a quote) after it.
fn trailing_attribution(text: &str, toks: &[Tok], comma: usize, words: &WordLists) -> bool {
    let limit = (comma + 2 + ATTRIBUTION_SUBJECT_WORDS).min(toks.len());
    let Some(verb) = (comma + 2..limit)
        .take_while(|&j| toks[j - 1].text(text) != ",")
        .find(|&j| {
            // "the United States": a name's word is no reporting verb. (The phrase test
            // first: its set bit rejects most words before the text is read.)
            words.reporting_verbs.any_at(text, toks, j)
                && toks[j].text(text).starts_with(|c: char| c.is_lowercase())
        })
    else {
        return false;
    };
    let rest = &toks[verb + 1..];
    !rest
        .iter()
        .any(|t| same_word(t.text(text), "that") || matches!(t.text(text), "\"" | "“" | "”" | "«"))
}

/// Modals that make a coordinated clause of a deal report a commitment.
const COMMITMENT_MODALS: [&str; 2] = ["will", "would"];

/// "X and Y agreed that the Front will hand over its weapons": a commitment ("will hand
/// over", an offer cue opening with a modal) after an agreement or acceptance by the same
/// party in the sentence is what it agreed to: an acceptance, not a fresh offer, and
/// nothing of its own when that agreement already names the topic.
fn agreed_commitments(ctx: &DocCtx, sent: &Sent, out: &mut Vec<Claim>) {
    let words = ctx.cfg.lexicon.words();
    let mut k = 0;
    while k < out.len() {
        let c = &out[k];
        let agreed_by = |a: &&Claim| {
            matches!(a.act, Act::Agree | Act::Accept)
                && a.cue.end <= c.cue.start
                && (a.party == c.party || a.with.contains(&c.party))
        };
        let commitment = c.act == Act::Propose && opens_with_modal(sent, c.cue.start, words);
        let mut agreements = out[..k].iter().filter(agreed_by).peekable();
        if !commitment || agreements.peek().is_none() {
            k += 1;
        } else if agreements.any(|a| a.topic == c.topic) {
            out.remove(k);
        } else {
            set_act(ctx, &mut out[k], Act::Accept);
            k += 1;
        }
    }
}

/// Does the cue at `cue_start` open with a modal ("will release", "would not leave")?
fn opens_with_modal(sent: &Sent, cue_start: usize, words: &WordLists) -> bool {
    let first = token_at(&sent.toks, cue_start);
    words
        .modal_auxiliaries
        .at_len(sent.text, &sent.toks, first, 1)
}

/// "Hamas agreed to free ten hostages, and Israel will release 300 prisoners": in a deal
/// report, the other party's coordinated "will …" is its side of the bargain, so an
/// acceptance of what it commits to. An offer cue there ("will release") becomes that
/// acceptance; otherwise one is made, only with a topic, never negated, and never for a
/// party that already has a claim in that clause. Only after an acceptance or agreement
/// in the same sentence.
fn deal_commitments(ctx: &mut DocCtx, sent: &Sent, out: &mut Vec<Claim>) {
    let mut made = Vec::new();
    for &limit in sent.item_limits() {
        let Some(deal) = out
            .iter()
            .find(|c| c.cue.end <= limit && matches!(c.act, Act::Agree | Act::Accept))
            .map(|c| (c.attributed_to.clone(), c.confidence))
        else {
            continue;
        };
        let Some((party, modal)) = committed_party(sent, limit) else {
            continue;
        };
        accept_offer_at(ctx, out, &party, sent.toks[modal].start);
        let (_, clause_end) = sent.clause(sent.toks[modal].end);
        let clause_end = sent
            .item_limits()
            .iter()
            .copied()
            .find(|&l| l > limit)
            .map_or(clause_end, |l| l.min(clause_end));
        let taken = |c: &Claim| c.party == party && c.cue.start > limit && c.cue.start < clause_end;
        if out.iter().chain(&made).any(taken) || is_negated_after(ctx, sent, modal) {
            continue;
        }
        let item_start = sent.toks.get(modal + 1).map_or(clause_end, |t| t.start);
        for (topic, (cs, ce), inherited) in item_topics(ctx, sent, item_start, clause_end) {
            let (Some(topic), false) = (topic, inherited) else {
                continue;
            };
            let topic_id = ctx.cfg.topics.id(topic).to_string();
            let cue = Span::new(sent.toks[modal].start, sent.toks[modal].end);
            made.push(Claim {
                id: claim_id(
                    ctx.input.doc_id,
                    cue.start,
                    Act::Accept,
                    &party,
                    Some(&topic_id),
                ),
                sentence: sent.span,
                cue,
                act: Act::Accept,
                party: party.clone(),
                speaker: None,
                topic: Some(topic_id),
                item: Span::new(cs, ce),
                target: None,
                with: Vec::new(),
                conditions: Vec::new(),
                attributed_to: deal.0.clone(),
                negated: false,
                confidence: deal.1 * FALLBACK_AGENT,
            });
        }
    }
    out.extend(made);
}

/// A claim read as another act: its id names the act, so it changes too.
fn set_act(ctx: &DocCtx, c: &mut Claim, act: Act) {
    c.act = act;
    c.id = claim_id(
        ctx.input.doc_id,
        c.cue.start,
        act,
        &c.party,
        c.topic.as_deref(),
    );
}

/// The party's offer cue at the modal ("Israel will release …") read as its acceptance.
fn accept_offer_at(ctx: &DocCtx, out: &mut [Claim], party: &str, modal_start: usize) {
    for c in out.iter_mut() {
        if c.party == party && c.act == Act::Propose && c.cue.start == modal_start {
            set_act(ctx, c, Act::Accept);
        }
    }
}

/// ", and the United States will halt …": the party of the clause's subject and the
/// token index of its modal.
fn committed_party(sent: &Sent, comma_start: usize) -> Option<(String, usize)> {
    let comma = token_at(&sent.toks, comma_start);
    let m = party_subject_at(sent.text, &sent.toks, &sent.ments, comma + 2)?;
    let modal = token_at(&sent.toks, m.end);
    let word = sent.toks.get(modal)?.text(sent.text);
    COMMITMENT_MODALS
        .iter()
        .any(|w| same_word(word, w))
        .then(|| (m.party.unwrap_or_default().to_string(), modal))
}

/// A side's mention starting at token `i`, or right after an article there ("the
/// American side", "the United States").
fn party_subject_at<'m, 'a>(
    text: &str,
    toks: &[Tok],
    ments: &'m [Ment<'a>],
    i: usize,
) -> Option<&'m Ment<'a>> {
    let starts = |j: usize| toks.get(j).map(|t| t.start);
    let at = |j: usize| {
        let start = starts(j)?;
        ments.iter().find(|m| m.start == start && m.party.is_some())
    };
    at(i).or_else(|| {
        toks.get(i)
            .filter(|t| is_article(t.text(text)))
            .and_then(|_| at(i + 1))
    })
}

/// "will not", "would never": a negator (data/claims.toml) right after the modal.
fn is_negated_after(ctx: &DocCtx, sent: &Sent, modal: usize) -> bool {
    let words = ctx.cfg.lexicon.words();
    words.negators.any_at(sent.text, &sent.toks, modal + 1)
}

/// ", and the American side promised …", ", but both sides agreed …": a conjunction
/// whose subject is a side or the pair, followed by a lower-case word (its verb), not a
/// possessive or another list item.
fn new_subject_clause(
    text: &str,
    toks: &[Tok],
    ments: &[Ment],
    comma: usize,
    words: &WordLists,
) -> bool {
    let Some(conj) = toks.get(comma + 1) else {
        return false;
    };
    if !["and", "but", "while"]
        .iter()
        .any(|w| same_word(conj.text(text), w))
    {
        return false;
    }
    let i = comma + 2;
    let subject_end = if let Some(len) = words.pair_subjects.at(text, toks, i) {
        i + len
    } else {
        let Some(m) = party_subject_at(text, toks, ments, i) else {
            return false;
        };
        token_at(toks, m.end)
    };
    toks.get(subject_end).is_some_and(|t| {
        let w = t.text(text);
        w.chars().next().is_some_and(char::is_lowercase)
            && !["and", "or", "s"].iter().any(|x| same_word(w, x))
    })
}

/// "Chinese negotiators", "Armenian and Azerbaijani officials": a demonym before a side
/// noun names that side. Made only where the actor stage has no mention.
fn demonym_sides<'a>(ctx: &DocCtx<'a>, text: &str, toks: &[Tok], ments: &[Ment]) -> Vec<Ment<'a>> {
    let words = ctx.cfg.lexicon.words();
    let demonyms = &ctx.cfg.demonyms;
    // The demonym at token `i` (two words first: "North Korean" before "Korean"), with
    // its length in tokens.
    let party_of = |i: usize| -> Option<(&'a str, usize)> {
        let t = toks.get(i)?;
        // Demonyms are capitalised: a lower-case ASCII first byte (most words) is
        // rejected before the hash lookup.
        let first = text.as_bytes().get(t.start).copied().unwrap_or(b' ');
        if (first.is_ascii() && !first.is_ascii_uppercase())
            || !ctx.cfg.demonym_first_keys.contains(&t.key)
            || !text[t.start..].starts_with(|c: char| c.is_uppercase())
        {
            return None;
        }
        let head = t.text(text);
        let two = toks
            .get(i + 1)
            .filter(|_| ctx.cfg.demonym_heads.contains(head))
            .and_then(|u| {
                let key = format!("{head} {}", u.text(text));
                demonyms.get(key.as_str()).map(|p| (p.as_str(), 2))
            });
        let (party, len) = two.or_else(|| demonyms.get(t.text(text)).map(|p| (p.as_str(), 1)))?;
        let end = toks[i + len - 1].end;
        let covered = ments.iter().any(|m| m.start <= t.start && end <= m.end);
        (!covered).then_some((party, len))
    };
    let side_noun_at = |i: usize| words.side_nouns.at(text, toks, i);
    // The first test of `party_of`, here without a call: most tokens are lower-case
    // words or punctuation.
    let no_capital = |t: &Tok| {
        text.as_bytes()
            .get(t.start)
            .is_some_and(|b| b.is_ascii() && !b.is_ascii_uppercase())
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if no_capital(&toks[i]) {
            i += 1;
            continue;
        }
        let Some((party, len)) = party_of(i) else {
            i += 1;
            continue;
        };
        let mut j = i + len;
        // "Armenian and Azerbaijani officials": the first demonym shares the noun.
        let mut shares = false;
        let and_next = toks.get(j).is_some_and(|t| same_word(t.text(text), "and"));
        if let Some((_, second)) = party_of(j + 1).filter(|_| and_next) {
            shares = true;
            j += 1 + second;
        }
        let Some(noun) = side_noun_at(j) else {
            i += len;
            continue;
        };
        let end = if shares {
            toks[i + len - 1].end
        } else {
            toks[j + noun - 1].end
        };
        out.push(Ment {
            start: toks[i].start,
            end,
            entity: SYNTHETIC,
            party: Some(party),
            kind: EntityKind::Organisation,
        });
        i += len;
    }
    out
}

fn is_article(w: &str) -> bool {
    ["the", "a", "an"].iter().any(|a| w.eq_ignore_ascii_case(a))
}

/// Regions between matching quote marks (“…”, "…", «…»); the caller tests
/// [`Sent::quotable`] first.
fn find_quotes(text: &str, span: Span) -> Vec<(usize, usize)> {
    use crate::QuoteMark::{Close, Open, Straight};
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    for (i, mark) in crate::quote_marks(&text[span.start..span.end]) {
        let pos = span.start + i;
        match (mark, open) {
            (Open, _) => open = Some(pos),
            (Close, Some(s)) => {
                out.push((s, pos));
                open = None;
            }
            (Straight, None) => open = Some(pos),
            (Straight, Some(s)) => {
                out.push((s, pos));
                open = None;
            }
            (Close, None) => {}
        }
    }
    out
}

/// The agent of a cue: the parties (several when coordinated), the speaking entity,
/// and whether a fallback found it.
struct Agent {
    parties: Vec<String>,
    speaker: Option<usize>,
    fallback: bool,
    /// Where the agent's first mention starts (0 when it came from elsewhere).
    start: usize,
}

impl Agent {
    fn of(ments: &[&Ment], fallback: bool) -> Agent {
        let mut parties: Vec<String> = Vec::new();
        for m in ments {
            if let Some(p) = m.party {
                if !parties.iter().any(|x| x == p) {
                    parties.push(p.to_string());
                }
            }
        }
        let speaker = ments
            .iter()
            .find(|m| m.kind == EntityKind::Person)
            .or(ments.first())
            .map(|m| m.entity)
            .filter(|&e| e != SYNTHETIC);
        Agent {
            parties,
            speaker,
            fallback,
            start: ments.iter().map(|m| m.start).min().unwrap_or(0),
        }
    }
}

/// Where the item of a cue is.
#[derive(Clone, Copy)]
enum Side {
    Right(usize),
    /// Before the cue, from the previous claim's cue (or the clause start).
    Left(usize),
    /// Before the cue, from the clause start.
    LeftWide,
}

/// Claims of one sentence.
pub(crate) fn sentence_claims<'a>(
    ctx: &mut DocCtx<'a>,
    sent: &Sent<'a>,
    paragraph: u32,
) -> Vec<Claim> {
    if ctx.last_paragraph != Some(paragraph) {
        ctx.opening_party = ctx.prev_party.take();
        ctx.last_paragraph = Some(paragraph);
    }
    let words = ctx.cfg.lexicon.words();
    let mut cues: Vec<CueHit> =
        ctx.cfg
            .lexicon
            .cues_from_hits(&sent.hits.act_cues, sent.text, &sent.toks);
    cues.retain(|c| !c.sense.ignore && !in_mediator_compound(sent, c));
    if !cues.is_empty() {
        let hypothetical = hypothetical_ranges(sent, words);
        cues.retain(|c| !hypothetical.iter().any(|r| r.0 <= c.start && c.start < r.1));
    }
    if cues.is_empty() {
        no_claims_in(ctx, sent, words);
        ctx.prev_parties_span = Some(sent.span);
        return Vec::new();
    }
    let refused = refusals(sent, &cues, words);
    let hedge = hedge(sent, words);
    let mut out: Vec<Claim> = Vec::new();
    let mut prev_cue_end = sent.span.start;
    let mut k = 0;
    while k < cues.len() {
        // Hits on the same words are alternative senses ("demands" as verb or noun),
        // in order of preference: the first that makes claims is taken.
        let group_end = (k..cues.len())
            .find(|&j| cues[j].start != cues[k].start)
            .unwrap_or(cues.len());
        let mut group: Vec<usize> = (k..group_end).collect();
        if precedes_reporting_verb(sent, &cues[k], words) {
            // "Brokers said …": the cue word is the reporting verb's subject.
            group.retain(|&j| cues[j].sense.kind != CueKind::Verb);
        }
        match noun_context(sent, cues[k].start) {
            // After a determiner a word is a noun ("a sign that …"), never a verb.
            NounContext::Certain => group.retain(|&j| cues[j].sense.kind != CueKind::Verb),
            NounContext::Likely => group.sort_by_key(|&j| cues[j].sense.kind != CueKind::Noun),
            NounContext::None => {}
        }
        for j in group {
            if refused.skip.contains(&j) {
                break;
            }
            let cue = &cues[j];
            ctx.item_stop = cues[group_end..]
                .iter()
                .find(|c| is_coordinated_predicate(sent, c.start))
                .map(|c| c.start);
            ctx.coordinated_agent = out
                .last()
                .filter(|_| is_coordinated_predicate(sent, cue.start))
                .map(|c: &Claim| {
                    let mut parties = vec![c.party.clone()];
                    parties.extend(c.with.iter().cloned());
                    (parties, c.speaker)
                });
            let negated = refused.negate.contains(&j) || negated_at(sent, cue.start, words);
            if !out.is_empty() {
                // An anaphor later in the sentence refers to the claims before it.
                ctx.prev_topics = topics_of(ctx, &out);
                ctx.prev_sentence = None;
            }
            let made = cue_claims(ctx, sent, cue, negated, &hedge, prev_cue_end);
            if made.is_empty() {
                continue;
            }
            prev_cue_end = cue.end;
            for claim in made {
                push_best(&mut out, claim);
            }
            break;
        }
        k = group_end;
    }
    agreed_commitments(ctx, sent, &mut out);
    deal_commitments(ctx, sent, &mut out);
    if !out.is_empty() {
        ctx.prev_topics = topics_of(ctx, &out);
        ctx.prev_sentence = None;
        let last = &out[out.len() - 1];
        ctx.prev_party = Some((last.party.clone(), last.speaker));
    } else {
        no_claims_in(ctx, sent, words);
    }
    ctx.prev_parties_span = Some(sent.span);
    out
}

/// "Brokers said", "Backers say": a word right before a reporting verb that is never a
/// noun is that verb's subject, so not a verb itself.
fn precedes_reporting_verb(sent: &Sent, cue: &CueHit, words: &WordLists) -> bool {
    let next = token_at(&sent.toks, cue.end);
    next < sent.toks.len()
        && words
            .verb_only_reporting
            .at_len(sent.text, &sent.toks, next, 1)
}

/// "Oman-brokered": the participle of a mediation compound reports who mediated (a
/// fact), not a proposal.
fn in_mediator_compound(sent: &Sent, cue: &CueHit) -> bool {
    sent.mediated
        .iter()
        .any(|&(m, end)| m < cue.start && cue.start < end)
}

/// The distinct parties the previous sentence names (see [`DocCtx::prev_parties_span`]).
fn prev_sentence_parties<'a>(ctx: &DocCtx<'a>) -> Vec<&'a str> {
    ctx.prev_parties_span
        .map(|span| sentence_parties(&Sent::new(ctx, span)))
        .unwrap_or_default()
}

/// The distinct parties a sentence names, places left out (borrowed).
fn sentence_parties<'a>(sent: &Sent<'a>) -> Vec<&'a str> {
    let mut out: Vec<&'a str> = Vec::new();
    for m in &sent.ments {
        if let Some(p) = m.party.filter(|_| !is_setting(sent, m)) {
            if !out.contains(&p) {
                out.push(p);
            }
        }
    }
    out
}

/// Remember what a sentence without claims offers the next one: its topics (for an
/// anaphor) and its subject (for "the group" or "it").
fn no_claims_in(ctx: &mut DocCtx, sent: &Sent, words: &WordLists) {
    ctx.prev_sentence = Some(sent.span);
    if let Some(a) = sentence_subject(sent, sent.span.end, words) {
        // "Hamas met the mediators. The group is also calling for …"
        ctx.prev_party = a.parties.first().map(|p| (p.clone(), a.speaker));
    }
}

fn topics_of(ctx: &DocCtx, claims: &[Claim]) -> Vec<usize> {
    let mut v: Vec<usize> = claims
        .iter()
        .filter_map(|c| c.topic.as_deref())
        .filter_map(|t| ctx.cfg.topics.index_of(t))
        .collect();
    v.dedup();
    v
}

fn sentence_topics(ctx: &DocCtx, span: Span) -> Vec<usize> {
    earlier_chunks(ctx, span)
        .into_iter()
        .filter_map(|(s, e)| leftmost_topic_in(ctx, s, e))
        .map(|h| h.topic)
        .fold(Vec::new(), |mut v, t| {
            if !v.contains(&t) {
                v.push(t);
            }
            v
        })
}

/// Keep one claim per (party, act, topic) in a sentence: the most confident.
fn push_best(out: &mut Vec<Claim>, claim: Claim) {
    let same = out
        .iter_mut()
        .find(|c| c.party == claim.party && c.act == claim.act && c.topic == claim.topic);
    match same {
        Some(old) if old.confidence >= claim.confidence => {}
        Some(old) => *old = claim,
        None => out.push(claim),
    }
}

/// "… and also insisted": a cue right after "and" (or ", and", "and also") continues the
/// subject of the cue before it.
fn is_coordinated_predicate(sent: &Sent, pos: usize) -> bool {
    let i = token_at(&sent.toks, pos);
    // Compared in place: no lower-cased copy per test (this runs for every cue).
    let is = |k: usize, w: &str| sent.word(k).eq_ignore_ascii_case(w);
    (i > 0 && (is(i - 1, "and") || is(i - 1, "but")))
        || (i > 1
            && is(i - 2, "and")
            && ["also", "then", "later", "repeatedly"]
                .iter()
                .any(|w| is(i - 1, w)))
}

/// Determiners and the possessive "s": the word after them (or after their modifiers) is
/// a noun.
const DETERMINERS: [&str; 13] = [
    "a", "an", "the", "its", "their", "his", "her", "our", "s", "this", "that", "these", "those",
];

/// The possessive "s" and the possessive determiners.
const POSSESSIVES: [&str; 6] = ["s", "its", "their", "his", "her", "our"];

/// A determiner or possessive right before a word makes it a noun ("the demands",
/// "Iran's offer").
fn noun_context(sent: &Sent, pos: usize) -> NounContext {
    let i = token_at(&sent.toks, pos);
    let is = |k: usize, w: &str| sent.word(k).eq_ignore_ascii_case(w);
    if i >= 1 && (DETERMINERS.iter().any(|d| is(i - 1, d)) || is(i - 1, "new")) {
        return NounContext::Certain;
    }
    // "Iran's stringent conditions", "its ceasefire offer": a possessive a word or two
    // before.
    let possessive = (2..=NOUN_MODIFIER_GAP + 1).any(|back| {
        i >= back
            && POSSESSIVES.iter().any(|p| is(i - back, p))
            && (i - back + 1..i).all(|k| {
                sent.toks[k].word
                    && sent
                        .word(k)
                        .chars()
                        .all(|c| c.is_lowercase() || c.is_ascii_digit())
            })
    });
    if possessive {
        NounContext::Likely
    } else {
        NounContext::None
    }
}

/// How sure the words before a cue make it a noun.
#[derive(PartialEq)]
enum NounContext {
    /// Right after a determiner: never a verb.
    Certain,
    /// After a possessive and modifiers: try the noun sense first.
    Likely,
    None,
}

/// Words between a denial or rumour word and its "that" ("denied on Friday that").
const UNASSERTED_THAT_WINDOW: usize = 5;

/// "If X cannot agree to a truce, …", "… only work if both sides agree": an if-, unless-
/// or whether-clause anywhere states a hypothetical or a condition, not a position; so
/// does a question ("Will Iran accept …?") and a denied or rumoured that-clause.
/// Returns the ranges (clauses to the next comma).
fn hypothetical_ranges(sent: &Sent, words: &WordLists) -> Vec<(usize, usize)> {
    const MARKERS: [&str; 3] = ["if", "unless", "whether"];
    if is_question(sent) {
        return vec![(sent.span.start, sent.span.end)];
    }
    let keys = MARKERS.map(fold_hash);
    let mut out = unasserted_ranges(sent, words);
    for t in &sent.toks {
        // Whatever is said inside an if-clause is a condition or a hypothesis ("… can
        // only work if both sides agree to stop fighting"), never a position.
        if !keys.contains(&t.key) {
            continue;
        }
        let w = t.text(sent.text);
        if !MARKERS.iter().any(|h| same_word(w, h)) {
            continue;
        }
        let end = sent.text[t.end..sent.span.end]
            .find(',')
            .map_or(sent.span.end, |k| t.end + k);
        out.push((t.start, end));
    }
    out
}

/// "Will they meet in Geneva?", "denied that its envoys had met … in Istanbul": a
/// meeting asked about, denied or rumoured is no meeting. True when the sentence is a
/// question or every meeting cue lies in a denied or rumoured that-clause.
pub(crate) fn meeting_unasserted(ctx: &DocCtx, sent: &Sent) -> bool {
    if is_question(sent) {
        return true;
    }
    let ranges = unasserted_ranges(sent, ctx.cfg.lexicon.words());
    if ranges.is_empty() {
        return false;
    }
    let cues = &ctx.cfg.facts.meeting_cues;
    (0..sent.toks.len())
        .filter(|&i| cues.any_at(sent.text, &sent.toks, i))
        .all(|i| {
            let at = sent.toks[i].start;
            ranges.iter().any(|r| r.0 <= at && at < r.1)
        })
}

/// A sentence that ends in a question mark outside quotes asks; it states nothing.
fn is_question(sent: &Sent) -> bool {
    let text = sent.text[sent.span.start..sent.span.end].trim_end();
    text.ends_with('?') && sent.quotes.is_empty()
}

/// "denied on Friday that it had accepted …", "Rumours that X had met Y …": the denial or
/// rumour word and its that-clause, to the next comma or the end of the clause. Looks
/// back from each "that" (a key compare per token), so sentences without one cost nothing.
fn unasserted_ranges(sent: &Sent, words: &WordLists) -> Vec<(usize, usize)> {
    let that_key = fold_hash("that");
    let mut out = Vec::new();
    for (that, t) in sent.toks.iter().enumerate() {
        if t.key != that_key || !same_word(t.text(sent.text), "that") {
            continue;
        }
        let lo = that.saturating_sub(UNASSERTED_THAT_WINDOW + 1);
        let head = (lo..that)
            .rev()
            .take_while(|&j| sent.word(j) != ",")
            .find(|&j| words.unasserted_heads.at_len(sent.text, &sent.toks, j, 1));
        let Some(head) = head else { continue };
        let from = t.end;
        let (_, clause_end) = sent.clause(from);
        let end = sent.text[from..clause_end]
            .find(',')
            .map_or(clause_end, |k| from + k);
        out.push((sent.toks[head].start, end));
    }
    out
}

#[derive(Default)]
struct Refusals {
    skip: Vec<usize>,
    negate: Vec<usize>,
}

/// "refused to accept": the refusal verb is not a claim itself, it negates the next cue.
fn refusals(sent: &Sent, cues: &[CueHit], words: &WordLists) -> Refusals {
    let mut r = Refusals::default();
    for (k, cue) in cues.iter().enumerate() {
        let i = token_at(&sent.toks, cue.start);
        let is_refusal = words.refusal_verbs.any_at(sent.text, &sent.toks, i);
        let Some(next) = cues.get(k + 1) else {
            continue;
        };
        let j = token_at(&sent.toks, next.start);
        let gap_is_to = j == i + 2 && same_word(sent.word(i + 1), "to");
        if is_refusal && gap_is_to {
            r.skip.push(k);
            r.negate.push(k + 1);
        }
    }
    r
}

/// A negator within the window before byte `at` (a cue, a fact phrase), inside its
/// clause ("does not want", "did not meet face-to-face").
pub(crate) fn negated_at(sent: &Sent, at: usize, words: &WordLists) -> bool {
    let i = token_at(&sent.toks, at);
    let (clause_start, _) = sent.clause(at);
    let lo = i.saturating_sub(words.negation_window + 1);
    (lo..i)
        .filter(|&j| sent.toks[j].start >= clause_start)
        .any(|j| {
            words
                .negators
                .at(sent.text, &sent.toks, j)
                .is_some_and(|len| j + len <= i)
        })
}

/// A hedge of the sentence: whether it is second-hand, and who reports it.
#[derive(Default, Clone)]
struct Hedge {
    hedged: bool,
    source: Option<String>,
    /// "according to X" naming a party actor: the speaker, not a hedge.
    speaker: Option<usize>,
}

fn hedge(sent: &Sent, words: &WordLists) -> Hedge {
    let mut h = Hedge::default();
    let according_key = fold_hash("according");
    for i in 0..sent.toks.len() {
        let according = sent.toks[i].key == according_key
            && same_word(sent.word(i), "according")
            && sent
                .toks
                .get(i + 1)
                .is_some_and(|t| same_word(t.text(sent.text), "to"));
        // "according to him": the person already speaking, not a second-hand source.
        let self_source = according && words.self_sources.at_len(sent.text, &sent.toks, i + 2, 1);
        if according && !self_source {
            let (s, e) = phrase_to_comma(sent, i + 2);
            let named = sent
                .ments
                .iter()
                .position(|m| m.start >= s && m.end <= e && m.party.is_some());
            // "according to a memo shared among envoys in Doha": a place is where the
            // source is, not who speaks.
            let named = named.filter(|&k| !is_location(sent, &sent.ments[k]));
            match named {
                Some(m) => h.speaker = Some(m),
                None if e > s => {
                    h.hedged = true;
                    h.source = Some(sent.text[s..e].to_string());
                }
                None => {}
            }
        }
        if words.hedges.any_at(sent.text, &sent.toks, i) {
            h.hedged = true;
        }
        let source_here = words.source_nouns.at(sent.text, &sent.toks, i);
        if let (Some(p), None) = (source_here, &h.source) {
            h.source = source_phrase(sent, i, p, words);
            h.hedged |= h.source.is_some();
        }
    }
    h
}

/// The words from token `i` up to the next comma or clause break (at most 8 words).
fn phrase_to_comma(sent: &Sent, i: usize) -> (usize, usize) {
    let Some(first) = sent.toks.get(i) else {
        return (0, 0);
    };
    let mut end = first.start;
    for t in sent.toks[i..].iter().take(8) {
        let w = t.text(sent.text);
        if !t.word && w != "." && w != "’" && w != "'" {
            break;
        }
        end = t.end;
    }
    (first.start, end)
}

/// "sources in Moscow told Reuters" → "sources in Moscow (Reuters)": the source noun
/// phrase up to a reporting verb, plus the outlet told.
fn source_phrase(sent: &Sent, i: usize, len: usize, words: &WordLists) -> Option<String> {
    // Include the modifiers before the noun ("a senior Qatari official").
    let mut first = i;
    while first > 0 && i - first < 3 && sent.toks[first - 1].word {
        first -= 1;
    }
    let start = sent.toks[first].start;
    let limit = (i + len + 8).min(sent.toks.len());
    let verb =
        (i + len..limit).find(|&j| words.reporting_verbs.any_at(sent.text, &sent.toks, j))?;
    let who = sent.text[start..sent.toks[verb - 1].end].trim_end_matches([',', ' ']);
    // The outlet is who was told: "told Reuters", "reported … to Reuters".
    let told = ["told", "tells", "tell"]
        .iter()
        .any(|w| same_word(sent.word(verb), w));
    let outlet = (verb + 1..(verb + 5).min(sent.toks.len()))
        .find(|&j| told && j == verb + 1 || j > verb + 1 && same_word(sent.word(j - 1), "to"))
        .map(|j| sent.word(j))
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase));
    Some(match outlet {
        Some(o) => format!("{who} ({o})"),
        None => who.to_string(),
    })
}

/// Claims made by one cue (several when the item enumerates several topics).
fn cue_claims(
    ctx: &mut DocCtx,
    sent: &Sent,
    cue: &CueHit,
    negated: bool,
    hedge: &Hedge,
    prev_cue_end: usize,
) -> Vec<Claim> {
    let words = ctx.cfg.lexicon.words();
    let Some((agent, side)) = find_agent(ctx, sent, cue, words, hedge, prev_cue_end) else {
        return Vec::new();
    };
    let parties = agent.parties.clone();
    let Some(first_party) = parties.first().cloned() else {
        return Vec::new();
    };
    let joint = cue.sense.joint && parties.len() >= 2;
    let base_act = if cue.sense.joint && !joint {
        cue.sense.single_act
    } else {
        cue.sense.act
    };
    let Some(act) = negate(base_act, negated, joint) else {
        return Vec::new();
    };
    let (item_start, mut item_end) = item_bounds(sent, cue, side, words);
    if let (Side::Right(_), Some(stop)) = (side, ctx.item_stop) {
        if stop > item_start {
            item_end = item_end.min(trim_connective(sent, stop));
        }
    }
    if act == Act::Demand && asserts_a_past_fact(sent, cue, item_start, item_end, words) {
        return Vec::new();
    }
    let full_item_end = item_end;
    let (item_end, conditions) = split_conditions(sent, item_start, item_end, words);
    let has_words = item_start < item_end
        && sent.text[item_start..item_end]
            .chars()
            .any(char::is_alphanumeric);
    if !has_words {
        return Vec::new();
    }
    let mut confidence = match cue.sense.kind {
        CueKind::Verb => VERB_CONFIDENCE,
        CueKind::Noun => NOUN_CONFIDENCE,
        CueKind::Adjective | CueKind::Modal => ADJECTIVE_CONFIDENCE,
    };
    if agent.fallback {
        confidence *= FALLBACK_AGENT;
    }
    if negated {
        confidence *= NEGATED;
    }
    if hedge.hedged {
        confidence *= HEDGED;
    }
    let speaker = agent.speaker;
    let with: Vec<String> = if joint {
        parties[1..].to_vec()
    } else {
        Vec::new()
    };
    let mut topics = item_topics(ctx, sent, item_start, item_end);
    if let (Side::Left(_), [(None, _, false)]) = (side, topics.as_slice()) {
        // A passive whose near item names no topic: the whole subject ("a plan drawn
        // up by Qatar … was rejected by Israel"), else what follows the agent ("drawn
        // up by Qatar to free 30 hostages").
        let (ws, we) = item_bounds(sent, cue, Side::LeftWide, words);
        let wide = item_topics(ctx, sent, ws, we);
        let after_agent = past_agent_phrase(sent, token_at(&sent.toks, cue.end), words)
            .map(|s| {
                let (_, ce) = sent.clause(s);
                item_topics(ctx, sent, s, ce)
            })
            .unwrap_or_default();
        if wide.iter().any(|t| t.0.is_some()) {
            topics = wide;
        } else if after_agent.iter().any(|t| t.0.is_some()) {
            topics = after_agent;
        }
    }
    // "Dar said nine soldiers must come home": a modal's subject that names no party is
    // part of what is demanded.
    if let (CueKind::Modal, [(None, _, false)]) = (cue.sense.kind, topics.as_slice()) {
        let (clause_start, _) = sent.clause(cue.start);
        let ci = token_at(&sent.toks, cue.start);
        // After the reporting verb, if any: "X said [nine soldiers] must …".
        let subject_start = reporting_verb_before(sent, ci, words)
            .and_then(|j| sent.toks.get(j + 1))
            .map_or(clause_start, |t| t.start.max(clause_start));
        let with_subject = item_topics(ctx, sent, subject_start, item_end);
        if with_subject.iter().any(|t| t.0.is_some() && !t.2) {
            topics = with_subject;
        }
    }
    if let (CueKind::Noun, [(None, (s, e), false)]) = (cue.sense.kind, topics.as_slice()) {
        if let Some(topic) = premodifier_topic(ctx, sent, cue.start) {
            topics = vec![(Some(topic), (*s, *e), false)];
        }
    }
    // "will not sign any agreement as long as the group holds hostages": a refusal whose
    // item names no topic is a demand about what its condition names.
    let mut act = act;
    if let (Act::Reject, [(None, _, false)]) = (act, topics.as_slice()) {
        let in_condition = item_topics(ctx, sent, item_end, full_item_end);
        if in_condition.iter().any(|t| t.0.is_some()) {
            topics = in_condition;
            act = Act::Demand;
        }
    }
    if act == Act::Meet {
        // A meeting is about talks unless its item names another topic.
        let talks = ctx.cfg.topics.index_of("talks");
        for t in &mut topics {
            if t.0.is_none() {
                t.0 = talks;
            }
        }
    }
    let modal_target = (cue.sense.kind == CueKind::Modal)
        .then(|| modal_subject(sent, cue.start, &first_party))
        .flatten();
    let mut out = Vec::new();
    for (topic, (cs, ce), inherited) in topics {
        let target = modal_target.clone().or_else(|| {
            target_in(
                sent,
                cs.min(item_start),
                item_end.max(ce),
                &first_party,
                &with,
            )
        });
        let topic_id = topic.map(|t| ctx.cfg.topics.id(t).to_string());
        let item = Span::new(cs, ce);
        out.push(Claim {
            id: claim_id(
                ctx.input.doc_id,
                cue.start,
                act,
                &first_party,
                topic_id.as_deref(),
            ),
            sentence: sent.span,
            cue: Span::new(cue.start, cue.end),
            act,
            party: first_party.clone(),
            speaker,
            topic: topic_id,
            item,
            target,
            with: with.clone(),
            conditions: conditions.clone(),
            attributed_to: hedge.hedged.then(|| hedge.source.clone()).flatten(),
            negated,
            confidence: if inherited {
                confidence * INHERITED_TOPIC
            } else {
                confidence
            },
        });
    }
    out
}

/// Tokens after an assertive cue searched for its "that", and after "that" for the
/// clause's first auxiliary.
const THAT_WINDOW: usize = 4;
const AUXILIARY_WINDOW: usize = 12;

/// "insisted on Wednesday that the deal was reached bilaterally": an assertive demand
/// cue whose that-clause is in the past states a fact ("had to" is an obligation, and a
/// modal first makes it a demand: "insisted that Israel must withdraw").
fn asserts_a_past_fact(
    sent: &Sent,
    cue: &CueHit,
    item_start: usize,
    item_end: usize,
    words: &WordLists,
) -> bool {
    let ci = token_at(&sent.toks, cue.start);
    if !words.assertive_verbs.any_at(sent.text, &sent.toks, ci) {
        return false;
    }
    let from = token_at(&sent.toks, item_start);
    let end = token_at(&sent.toks, item_end);
    let Some(that) = (from.saturating_sub(1)..(from + THAT_WINDOW).min(end))
        .find(|&j| same_word(sent.word(j), "that"))
    else {
        return false;
    };
    for j in that + 1..(that + 1 + AUXILIARY_WINDOW).min(end) {
        let w = sent.word(j);
        if [
            "will", "would", "must", "should", "can", "could", "may", "be",
        ]
        .iter()
        .any(|m| same_word(w, m))
        {
            return false;
        }
        if words.past_auxiliaries.at_len(sent.text, &sent.toks, j, 1) {
            let obligation = j + 1 < sent.toks.len() && same_word(sent.word(j + 1), "to");
            return !obligation;
        }
    }
    false
}

/// End of the item before a coordinated predicate: drop the "and"/"and also" before it.
fn trim_connective(sent: &Sent, stop: usize) -> usize {
    let mut i = token_at(&sent.toks, stop);
    while i > 0
        && ["and", "also", "but", "then", ","]
            .iter()
            .any(|w| same_word(sent.word(i - 1), w))
    {
        i -= 1;
    }
    sent.toks.get(i).map_or(stop, |t| t.start)
}

/// The act a negated cue expresses: not wanting or not accepting something rejects it;
/// not rejecting it is a (weak) acceptance; a negated proposal, agreement, meeting,
/// accusation or threat states no position.
fn negate(act: Act, negated: bool, joint: bool) -> Option<Act> {
    if !negated {
        return Some(act);
    }
    match act {
        Act::Demand | Act::Accept => Some(Act::Reject),
        Act::Agree if !joint => Some(Act::Reject),
        Act::Reject => Some(Act::Accept),
        _ => None,
    }
}

pub(crate) fn claim_id(
    doc: &str,
    cue_start: usize,
    act: Act,
    party: &str,
    topic: Option<&str>,
) -> String {
    // Built by hand, the offset's digits included: `format!` and `to_string` cost more
    // than the hash (~2 000 instructions a claim before).
    let mut key = Vec::with_capacity(doc.len() + party.len() + 48);
    key.extend_from_slice(doc.as_bytes());
    key.push(0);
    push_decimal(&mut key, cue_start);
    for part in [act.name(), party, topic.unwrap_or("")] {
        key.push(0);
        key.extend_from_slice(part.as_bytes());
    }
    let hex = hash_hex(&key);
    let mut id = String::with_capacity(2 + hex.len());
    id.push_str("c-");
    id.push_str(&hex);
    id
}

/// Append the decimal digits of `n` (as `n.to_string()` spells it).
fn push_decimal(out: &mut Vec<u8>, mut n: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
}

/// Find the agent of the cue and the side its item is on.
fn find_agent(
    ctx: &DocCtx,
    sent: &Sent,
    cue: &CueHit,
    words: &WordLists,
    hedge: &Hedge,
    prev_cue_end: usize,
) -> Option<(Agent, Side)> {
    let ci = token_at(&sent.toks, cue.start);
    let after = token_at(&sent.toks, cue.end);
    if cue.sense.kind != CueKind::Modal && relative_to_non_party(sent, cue.start) {
        return None;
    }
    match cue.sense.kind {
        CueKind::Verb => {
            if let Some((parties, speaker)) = ctx.coordinated_agent.clone() {
                let agent = Agent {
                    parties,
                    speaker,
                    fallback: false,
                    start: 0,
                };
                return Some((agent, Side::Right(after)));
            }
            if let Some(agent) = reporter_of_coordinated(sent, ci, words) {
                return Some((agent, Side::Right(after)));
            }
            // A verb's agent phrase is "by" only: "demanded from the UN" names the target;
            // an act noun before the "by" has it ("rejected calls by X for …").
            let passive_by = by_agent(sent, after, words).filter(|_| {
                (after..(after + BY_GAP + 1).min(sent.toks.len()))
                    .find(|&j| same_word(sent.word(j), "by"))
                    .is_some_and(|by| !act_noun_between(sent, after, by))
            });
            if let Some(agent) = passive_by {
                return Some((agent, Side::Left(prev_cue_end)));
            }
            if cue.sense.participle && is_passive(sent, ci, words) {
                return None;
            }
            let participial = is_participial_adjunct(sent, ci);
            let agent = if participial {
                sentence_subject(sent, cue.start, words)
            } else {
                left_subject(sent, cue.start, words)
            };
            // "urged Iran to seek …": an infinitive whose subject sits inside the object
            // of the previous cue is that cue's content, not a claim of its own.
            let infinitive = ci > 0 && same_word(sent.word(ci - 1), "to");
            let inside_object = agent.as_ref().is_some_and(|a| a.start >= prev_cue_end);
            if infinitive && prev_cue_end > sent.clause(cue.start).0 && inside_object {
                return None;
            }
            // "the Thai side agreed to …, and both sides agreed that …": a pair phrase
            // nearer the cue than the mention found is the subject.
            let pair_nearer = |a: &Agent| {
                (ci.saturating_sub(4)..ci).any(|j| {
                    sent.toks[j].start > a.start
                        && words.pair_subjects.any_at(sent.text, &sent.toks, j)
                })
            };
            let agent = match agent {
                Some(a) if pair_nearer(&a) => pair_subject(ctx, sent, ci, cue, words).or(Some(a)),
                other => other,
            };
            let agent = agent
                .or_else(|| pair_subject(ctx, sent, ci, cue, words))
                .or_else(|| fallback_agent(ctx, sent, cue.start, hedge))?;
            Some((agent, Side::Right(after)))
        }
        CueKind::Noun => {
            let right = by_agent(sent, after, words);
            let agent = possessor(sent, ci, words)
                .or(right)
                .or_else(|| object_of_verb_subject(sent, ci, words))
                .or_else(|| unnamed_pair(ctx, sent, ci, cue))?;
            Some((agent, Side::Right(after)))
        }
        CueKind::Adjective => {
            let agent = sentence_subject(sent, cue.start, words)
                .or_else(|| fallback_agent(ctx, sent, cue.start, hedge))?;
            Some((agent, Side::Right(after)))
        }
        CueKind::Modal => {
            // Only reported speech: "X must go," the minister said. The writer's own
            // "must" is no party's claim.
            let agent = hedge
                .speaker
                .and_then(|i| sent.ments.get(i))
                .or_else(|| speaker_of(sent, words))
                .map(|m| Agent::of(&[m], false))
                .or_else(|| quote_speaker(ctx))?;
            Some((agent, Side::Right(after)))
        }
    }
}

/// "X said that the army would stay … and rejected Y": a past-tense cue coordinated
/// after a reported clause whose verb follows a modal ("would stay", not "stayed") shares
/// the reporter's subject; the reported clause's subject would need a bare form.
fn reporter_of_coordinated(sent: &Sent, ci: usize, words: &WordLists) -> Option<Agent> {
    let cue_word = sent.word(ci);
    if !is_coordinated_predicate(sent, sent.toks[ci].start)
        || !ends_with_ignore_ascii_case(cue_word, "ed")
    {
        return None;
    }
    let reporting = reporting_verb_before(sent, ci, words)?;
    let modal_between = (reporting + 1..ci).any(|j| {
        words.modal_auxiliaries.at_len(sent.text, &sent.toks, j, 1)
            || words
                .backshift_auxiliaries
                .at_len(sent.text, &sent.toks, j, 1)
    });
    if !modal_between {
        return None;
    }
    sentence_subject(sent, sent.toks[reporting].start, words)
}

/// The nearest reporting verb ("said", "told") before token `ci`.
fn reporting_verb_before(sent: &Sent, ci: usize, words: &WordLists) -> Option<usize> {
    (0..ci)
        .rev()
        .find(|&j| words.verb_only_reporting.any_at(sent.text, &sent.toks, j))
}

/// The speaker of the quote this sentence belongs to, named in a later sentence.
fn quote_speaker(ctx: &DocCtx) -> Option<Agent> {
    let (party, speaker) = ctx.quote_speaker.clone()?;
    Some(Agent {
        parties: vec![party],
        speaker,
        fallback: true,
        start: 0,
    })
}

/// "Hamas's response includes a demand for …", "Iran made an offer": an act noun that is
/// the object of another verb belongs to that verb's subject.
fn object_of_verb_subject(sent: &Sent, ci: usize, words: &WordLists) -> Option<Agent> {
    let article = ci >= 2 && ["a", "an"].iter().any(|a| same_word(sent.word(ci - 1), a));
    let verb_before = ci >= 2 && {
        let w = sent.word(ci - 2);
        sent.toks[ci - 2].word && w.chars().all(|c| c.is_lowercase())
    };
    if !(article && verb_before) {
        return None;
    }
    left_subject(sent, sent.toks[ci].start, words)
}

/// "a prisoner-swap agreement was reached": a joint act noun with a verb of concluding
/// nearby and no party named goes to the document's two leading parties.
fn unnamed_pair(ctx: &DocCtx, sent: &Sent, ci: usize, cue: &CueHit) -> Option<Agent> {
    const CONCLUDING: [&str; 8] = [
        "reached",
        "agreed",
        "signed",
        "struck",
        "sealed",
        "concluded",
        "clinched",
        "finalised",
    ];
    if !cue.sense.joint {
        return None;
    }
    let lo = ci.saturating_sub(4);
    let hi = (ci + 5).min(sent.toks.len());
    let concluded = (lo..hi).any(|j| CONCLUDING.iter().any(|w| same_word(sent.word(j), w)));
    // "The four-year deal gives dock workers …": the deal just reported, as the subject
    // of a linking verb, belongs to the parties of the last joint act.
    let words = ctx.cfg.lexicon.words();
    let subject_deal = (ci..hi).any(|j| words.linking_words.any_at(sent.text, &sent.toks, j))
        && (lo..ci).any(|j| same_word(sent.word(j), "the"));
    let parties = if concluded {
        ctx.pair
            .clone()
            .map(|(a, b)| vec![a, b])
            .or_else(|| ctx.prev_joint.clone())
    } else if subject_deal {
        ctx.prev_joint.clone()
    } else {
        None
    }?;
    Some(Agent {
        parties,
        speaker: None,
        fallback: true,
        start: 0,
    })
}

/// Does an act cue start in tokens `from..to` ("calls" in "rejected calls by X")?
fn act_noun_between(sent: &Sent, from: usize, to: usize) -> bool {
    let (Some(lo), Some(hi)) = (sent.toks.get(from), sent.toks.get(to)) else {
        return false;
    };
    sent.hits
        .act_cues
        .iter()
        .any(|&(start, _, _)| start >= lo.start && start < hi.start)
}

/// Tokens allowed between a passive verb and its "by" ("offered to Pyongyang by …").
const BY_GAP: usize = 3;

/// "Negotiators reached a deal", "the two sides agreed": a subject that stands for the
/// pair goes to the parties of the previous joint act or meeting, else to the
/// document's two leading parties.
fn pair_subject(
    ctx: &DocCtx,
    sent: &Sent,
    ci: usize,
    cue: &CueHit,
    words: &WordLists,
) -> Option<Agent> {
    // Only a joint act ("agreed", "met") says "both of them"; "the negotiators want …"
    // could be either side.
    if !cue.sense.joint {
        return None;
    }
    let (clause_start, _) = sent.clause(sent.toks.get(ci)?.start);
    let first = token_at(&sent.toks, clause_start);
    let named = (first.max(ci.saturating_sub(4))..ci)
        .any(|j| words.pair_subjects.any_at(sent.text, &sent.toks, j));
    if !named {
        return None;
    }
    let parties = ctx
        .prev_joint
        .clone()
        .or_else(|| ctx.pair.clone().map(|(a, b)| vec![a, b]))
        .or_else(|| {
            let named = prev_sentence_parties(ctx);
            (named.len() == 2).then(|| named.iter().map(|p| p.to_string()).collect())
        })
        .or_else(|| ctx.loose_pair.clone().map(|(a, b)| vec![a, b]))?;
    Some(Agent {
        parties,
        speaker: None,
        fallback: true,
        start: 0,
    })
}

/// "proposed by Egypt", "calls from Doha and Cairo": the agent after a preposition.
fn by_agent(sent: &Sent, after: usize, words: &WordLists) -> Option<Agent> {
    let found = (after..(after + BY_GAP + 1).min(sent.toks.len())).find_map(|j| {
        let len = words.agent_prepositions.at(sent.text, &sent.toks, j)?;
        // Only "by" may come after a gap; "from" right after the cue.
        (j == after || same_word(sent.word(j), "by")).then_some((j, len))
    });
    let (at, len) = found?;
    let after = at;
    let from = sent.toks.get(after + len)?.start;
    let limit = sent
        .toks
        .get(after + len + AGENT_PHRASE_WINDOW)
        .map_or(sent.span.end, |t| t.start);
    let (_, clause_end) = sent.clause(from);
    let first = sent
        .ments
        .iter()
        .find(|m| m.start >= from && m.start < limit.min(clause_end) && m.party.is_some())?;
    Some(Agent::of(&coordinated(sent, first), false))
}

/// "…, suggesting higher tariffs": an -ing verb right after a comma or dash belongs to
/// the subject of the sentence, not to the nearest mention.
fn is_participial_adjunct(sent: &Sent, ci: usize) -> bool {
    ci > 0
        && ends_with_ignore_ascii_case(sent.word(ci), "ing")
        && matches!(sent.word(ci - 1), "," | "—" | "–" | "-")
}

fn is_passive(sent: &Sent, ci: usize, words: &WordLists) -> bool {
    (ci.saturating_sub(2)..ci).any(|j| words.passive_auxiliaries.any_at(sent.text, &sent.toks, j))
}

/// The nearest unblocked party mention before the cue in its clause (a relative clause
/// ", who …" takes the mention right before it).
fn left_subject(sent: &Sent, pos: usize, words: &WordLists) -> Option<Agent> {
    let (clause_start, _) = sent.clause(pos);
    let candidates = |lo: usize| {
        sent.ments
            .iter()
            .rev()
            .filter(move |m| m.end <= pos && m.start >= lo)
            .filter(|m| m.party.is_some() && !is_setting(sent, m))
    };
    let found = candidates(clause_start).find(|m| !sent.blocked(m, words));
    // "X urged Y to talk and said it opposed …": a pronoun subject between the nearest
    // mention and the cue stands for the sentence's subject, not for that mention.
    let pronoun_between = found.is_some_and(|m| {
        let (a, b) = (token_at(&sent.toks, m.end), token_at(&sent.toks, pos));
        (a.max(b.saturating_sub(4))..b)
            .any(|i| words.pronoun_subjects.at_len(sent.text, &sent.toks, i, 1))
    });
    if pronoun_between {
        return sentence_subject(sent, pos, words);
    }
    let found = found.or_else(|| {
        let relative = sent
            .breaks
            .iter()
            .find(|b| b.1 == clause_start)
            .is_some_and(|b| {
                sent.text[b.0..b.1].contains("who") || sent.text[b.0..b.1].contains("which")
            });
        if !relative {
            return None;
        }
        let (outer_start, _) = sent.clause(clause_start.saturating_sub(1));
        candidates(outer_start).find(|m| !sent.blocked(m, words))
    })?;
    Some(Agent::of(&coordinated(sent, found), false))
}

/// Tokens a cue may stand after its relative pronoun ("who have since blocked").
const RELATIVE_GAP: usize = 3;

/// Is the cue at `pos` the verb of a relative clause ("who"/"which") whose antecedent
/// names no party ("sanctions against commanders who block aid")? Then nobody in the
/// sentence is the one acting: not the speaker, not a mention further left.
fn relative_to_non_party(sent: &Sent, pos: usize) -> bool {
    let cue = token_at(&sent.toks, pos);
    let Some(rel) = (cue.saturating_sub(RELATIVE_GAP)..cue)
        .rev()
        .find(|&i| matches!(sent.word(i), "who" | "which"))
    else {
        return false;
    };
    let mut ante = rel;
    while ante > 0 && !sent.toks[ante - 1].word {
        ante -= 1; // over a comma: "Hamas, which rejected ..."
    }
    let Some(t) = ante.checked_sub(1).map(|i| &sent.toks[i]) else {
        return false;
    };
    !sent
        .ments
        .iter()
        .any(|m| m.party.is_some() && m.start <= t.start && t.end <= m.end)
}

/// The first unblocked party mention of the sentence before `pos`.
fn sentence_subject(sent: &Sent, pos: usize, words: &WordLists) -> Option<Agent> {
    // "It wants Washington to …": the subject is the pronoun; the first mention is its
    // object. The caller's fallback resolves the pronoun.
    let opens_with_pronoun = sent.toks.first().is_some_and(|t| {
        let w = t.text(sent.text);
        w.chars().next().is_some_and(char::is_uppercase)
            && words.pronoun_subjects.at_len(sent.text, &sent.toks, 0, 1)
    });
    if opens_with_pronoun {
        return None;
    }
    let first = sent
        .ments
        .iter()
        .filter(|m| m.end <= pos && m.party.is_some())
        .find(|m| !sent.blocked(m, words) && !is_setting(sent, m))?;
    Some(Agent::of(&coordinated(sent, first), false))
}

/// A state or city used as a location ("talks in Doha") or a mediator named in a
/// compound ("an Oman-brokered truce") is where or through whom the act happens, not a
/// side taking it.
fn is_setting(sent: &Sent, m: &Ment) -> bool {
    if m.kind == EntityKind::Place || sent.mediated.iter().any(|c| c.0 == m.start) {
        return true;
    }
    if m.kind == EntityKind::Person {
        return false;
    }
    let i = token_at(&sent.toks, m.start);
    i > 0
        && ["in", "at", "to", "near", "into", "via"]
            .iter()
            .any(|p| same_word(sent.word(i - 1), p))
}

/// A place, or a mention right after "in", "at" or "near" ("envoys in Doha"); narrower
/// than [`is_setting`], which also counts "to" ("according to Qatar" names a speaker).
fn is_location(sent: &Sent, m: &Ment) -> bool {
    let i = token_at(&sent.toks, m.start);
    m.kind == EntityKind::Place
        || i > 0
            && ["in", "at", "near"]
                .iter()
                .any(|p| same_word(sent.word(i - 1), p))
}

/// "Iran's list of demands", "the U.S. proposal": the possessor or party modifier of an
/// act noun, at most a few modifier words before it.
fn possessor(sent: &Sent, ci: usize, words: &WordLists) -> Option<Agent> {
    let lo = ci.saturating_sub(NOUN_MODIFIER_GAP + 3);
    let cue_start = sent.toks.get(ci)?.start;
    let m = sent
        .ments
        .iter()
        .rev()
        .filter(|m| m.end <= cue_start && m.party.is_some())
        .find(|m| token_at(&sent.toks, m.start) >= lo)?;
    // Everything between the mention (plus "'s") and the noun must be modifiers.
    let mut j = token_at(&sent.toks, m.end);
    let possessive = j < sent.toks.len() && is_apostrophe(sent.word(j));
    if j + 1 < sent.toks.len() && is_apostrophe(sent.word(j)) && same_word(sent.word(j + 1), "s") {
        j += 2;
    } else if possessive {
        j += 1;
    }
    // "ends in Muscat with a deal", "an Oman-brokered deal": a venue or a mediator does
    // not own the act noun ("to Iran's offer" still does: the possessive decides).
    if !possessive && is_setting(sent, m) {
        return None;
    }
    let gap = ci.saturating_sub(j);
    // A preposition in between starts another phrase ("Muscat with a deal").
    let modifiers_only = (j..ci).all(|k| {
        let w = sent.word(k);
        let preposition = words.subject_blockers.at_len(sent.text, &sent.toks, k, 1);
        sent.toks[k].word && !is_article(w) && !preposition || w == "-" || w == "and"
    });
    (gap <= NOUN_MODIFIER_GAP && modifiers_only).then(|| Agent::of(&coordinated(sent, m), false))
}

/// Words a possessed noun phrase may take ("federal government").
const POSSESSED_NOUN_MAX_WORDS: usize = 3;

/// The text after the lower-case words of a possessed noun phrase (at most
/// [`POSSESSED_NOUN_MAX_WORDS`], never a coordinator).
fn skip_possessed_noun(rest: &str) -> &str {
    let mut tail = rest;
    for _ in 0..POSSESSED_NOUN_MAX_WORDS {
        let Some((word, after)) = tail.split_once(' ') else {
            break;
        };
        let noun = word.chars().all(|c| c.is_lowercase()) && !["and", "or", "as"].contains(&word);
        if !noun {
            break;
        }
        tail = after;
    }
    tail
}

fn is_apostrophe(w: &str) -> bool {
    w == "'" || w == "’"
}

/// The mention plus the mentions coordinated with it ("Qatar and Egypt", "both sides").
fn coordinated<'s, 'a>(sent: &'s Sent<'a>, head: &'s Ment<'a>) -> Vec<&'s Ment<'a>> {
    let mut out = vec![head];
    let idx = sent
        .ments
        .iter()
        .position(|m| std::ptr::eq(m, head))
        .unwrap_or(0);
    // Same span: a pair phrase resolved to two sides.
    for m in &sent.ments {
        if !std::ptr::eq(m, head) && m.start == head.start && m.end == head.end {
            out.push(m);
        }
    }
    let joined = |a: &Ment, b: &Ment| {
        if b.start < a.end {
            return a.start == b.start && a.end == b.end;
        }
        let between = sent.text[a.end..b.start].trim();
        // "Colombia's government and the ELN", "Ethiopia's federal government and the
        // TPLF": a possessive with its head noun and modifiers.
        let between = ["'s ", "’s "]
            .iter()
            .find_map(|p| between.strip_prefix(p))
            .map_or(between, skip_possessed_noun);
        let between = between.trim_start_matches([',', ' ']).trim();
        between.is_empty()
            // "the National Liberation Army (ELN)": the bracketed short name.
            || between == "("
            || ["and", "and the", "as well as", "as well as the", ",", "or"]
                .iter()
                .any(|w| between.eq_ignore_ascii_case(w))
    };
    let mut left = idx;
    while left > 0 && joined(&sent.ments[left - 1], &sent.ments[left]) {
        left -= 1;
        out.push(&sent.ments[left]);
    }
    let mut right = idx;
    while right + 1 < sent.ments.len() && joined(&sent.ments[right], &sent.ments[right + 1]) {
        right += 1;
        out.push(&sent.ments[right]);
    }
    out.sort_by_key(|m| (m.start, m.entity));
    out
}

/// No agent in the clause: the person quoted or reporting ("…, he wrote", "according
/// to X"), else the party of the previous claim when the clause starts with a pronoun.
fn fallback_agent(ctx: &DocCtx, sent: &Sent, pos: usize, hedge: &Hedge) -> Option<Agent> {
    let words = ctx.cfg.lexicon.words();
    if let Some(m) = hedge.speaker.and_then(|i| sent.ments.get(i)) {
        return Some(Agent::of(&[m], true));
    }
    if let Some(m) = speaker_of(sent, words) {
        return Some(Agent::of(&[m], true));
    }
    if let Some(agent) = quote_speaker(ctx) {
        return Some(agent);
    }
    // "China urged … and said it opposed …": a clause after a coordinating break has the
    // sentence's subject.
    let (clause_start, _) = sent.clause(pos);
    if clause_start > sent.span.start {
        if let Some(agent) = sentence_subject(sent, clause_start, words) {
            return Some(Agent {
                fallback: true,
                ..agent
            });
        }
    }
    // "It will not accept …" after a sentence with a claim: the same party.
    let (clause_start, _) = sent.clause(pos);
    let ci = token_at(&sent.toks, pos);
    let first = token_at(&sent.toks, clause_start);
    let pronoun = (first..ci).any(|i| words.pronoun_subjects.any_at(sent.text, &sent.toks, i));
    // Across a paragraph break only a pronoun proper opening the clause ("It also
    // insisted …", "We are not going to …") continues the last party: a description
    // ("the employers") or a possessive ("their offer") may be the other side's.
    let bare_pronoun = || {
        (first..ci)
            .find(|&i| sent.toks[i].word)
            .is_some_and(|i| words.pronoun_subjects.at_len(sent.text, &sent.toks, i, 1))
    };
    let (party, speaker) = ctx
        .prev_party
        .clone()
        .or_else(|| ctx.opening_party.clone().filter(|_| bare_pronoun()))
        .filter(|_| pronoun)?;
    Some(Agent {
        parties: vec![party],
        speaker,
        fallback: true,
        start: 0,
    })
}

/// Sentences a quote may run over before its speaker is named.
const QUOTE_LOOKAHEAD: usize = 3;

/// The speaker named after a quote that starts in sentence `index` ("“… . …,” Netanyahu
/// told the cabinet."): the first later sentence of the paragraph that closes the quote.
pub(crate) fn speaker_ahead(
    ctx: &DocCtx,
    sentences: &[stancemap_model::Sentence],
    index: usize,
) -> Option<(String, Option<usize>)> {
    let paragraph = sentences.get(index)?.paragraph;
    let words = ctx.cfg.lexicon.words();
    for s in sentences.iter().skip(index + 1).take(QUOTE_LOOKAHEAD) {
        if s.paragraph != paragraph {
            return None;
        }
        let text = &ctx.input.text[s.span.start..s.span.end];
        if !text.contains(['”', '"', '»']) {
            continue;
        }
        let sent = Sent::new(ctx, s.span);
        let m = speaker_of(&sent, words)?;
        let party = m.party?.to_string();
        let entity = (m.entity != SYNTHETIC).then_some(m.entity);
        return Some((party, entity));
    }
    None
}

/// The mention next to a reporting verb ("X said", "said X", ", he wrote").
fn speaker_of<'s, 'a>(sent: &'s Sent<'a>, words: &WordLists) -> Option<&'s Ment<'a>> {
    for (i, _) in sent.toks.iter().enumerate() {
        let Some(p) = words.reporting_verbs.at(sent.text, &sent.toks, i) else {
            continue;
        };
        let verb_start = sent.toks[i].start;
        let verb_end = sent.toks[i + p - 1].end;
        // "the United States": a name's last word is no reporting verb.
        if sent
            .ments
            .iter()
            .any(|m| m.start < verb_start && verb_start < m.end)
        {
            continue;
        }
        // A mention inside the quote, or before the quote's closing mark, is what was
        // said, not who said it ("… Ukraine halts mobilisation," stated X).
        let before = sent.ments.iter().rev().find(|m| {
            m.end <= verb_start
                && m.party.is_some()
                && verb_start - m.end <= 40
                && !sent.in_quote(m.start)
                && !is_setting(sent, m)
                && !sent.text[m.end..verb_start].contains(['”', '"', '»'])
        });
        if let Some(m) = before {
            return Some(m);
        }
        // The speaker follows the verb only in inverted attribution ("…," said X;
        // "…, according to X"); in "X now says Iran must …" what follows is the content.
        let inverted = p > 1
            || i == 0
            || sent.toks[i - 1]
                .text(sent.text)
                .chars()
                .all(|c| !c.is_alphanumeric());
        if !inverted {
            continue;
        }
        // "said Russian UN Ambassador X": the person, not the body in their title.
        let after: Vec<&Ment> = sent
            .ments
            .iter()
            .filter(|m| m.start >= verb_end && m.party.is_some() && m.start - verb_end <= 45)
            .take_while(|m| only_title_words(sent, verb_end, m.start, words))
            .collect();
        let person = after.iter().find(|m| m.kind == EntityKind::Person);
        if let Some(m) = person.or(after.first()) {
            return Some(m);
        }
    }
    None
}

/// Between a reporting verb and its speaker only a title may stand ("said Russian UN
/// Ambassador X", "told the Qatari envoy"), not a clause ("said it opposed …").
fn only_title_words(sent: &Sent, from: usize, to: usize, words: &WordLists) -> bool {
    const LINKS: [&str; 6] = ["of", "for", "to", "senior", "chief", "top"];
    let first = token_at(&sent.toks, from);
    let last = token_at(&sent.toks, to);
    (first..last).all(|k| {
        let w = sent.word(k);
        let title_word = w.chars().next().is_some_and(char::is_uppercase)
            || is_article(w)
            || LINKS.iter().any(|l| same_word(w, l))
            || words.side_nouns.contains_word(w);
        sent.toks[k].word && title_word
    })
}

/// Byte bounds of the item a cue governs.
fn item_bounds(sent: &Sent, cue: &CueHit, side: Side, words: &WordLists) -> (usize, usize) {
    match side {
        Side::Left(prev_cue_end) => {
            let (clause_start, _) = sent.clause(cue.start);
            (clause_start.max(prev_cue_end).min(cue.start), cue.start)
        }
        Side::LeftWide => {
            let (clause_start, _) = sent.clause(cue.start);
            (clause_start.min(cue.start), cue.start)
        }
        Side::Right(after) => {
            let (_, clause_end) = sent.clause(cue.end);
            let clause_end = sent
                .item_limits()
                .iter()
                .copied()
                .find(|&l| l >= cue.end)
                .map_or(clause_end, |l| l.min(clause_end));
            let mut start = sent.toks.get(after).map_or(cue.end, |t| t.start);
            if let Some(verb) = commitment_verb(sent, cue, words) {
                start = verb;
            }
            if cue.sense.kind == CueKind::Noun {
                start = past_agent_phrase(sent, after, words).unwrap_or(start);
                let limit = (after + LINKING_WINDOW).min(sent.toks.len());
                if let Some(j) =
                    (after..limit).find(|&j| words.linking_words.any_at(sent.text, &sent.toks, j))
                {
                    let len = words
                        .linking_words
                        .at(sent.text, &sent.toks, j)
                        .unwrap_or(1);
                    start = sent.toks.get(j + len).map_or(clause_end, |t| t.start);
                } else if !ends_with_complement(sent, cue, words)
                    && !starts_with_complement(sent, start, words)
                {
                    // "Iran's conditions rendered the plan void": the noun is the
                    // subject of another verb, not an act with an item.
                    return (clause_end, clause_end);
                }
            }
            (start.min(clause_end), clause_end)
        }
    }
}

/// "will release the soldiers", "would not leave the positions": a cue that opens with a
/// modal states a commitment whose verb is content, so the item starts at that verb
/// (after the modal and a negator), and the verb's own topic counts.
fn commitment_verb(sent: &Sent, cue: &CueHit, words: &WordLists) -> Option<usize> {
    if cue.sense.kind != CueKind::Verb || !opens_with_modal(sent, cue.start, words) {
        return None;
    }
    let mut verb = token_at(&sent.toks, cue.start) + 1;
    while let Some(len) = words.negators.at(sent.text, &sent.toks, verb) {
        verb += len;
    }
    let t = sent.toks.get(verb)?;
    (t.start < cue.end).then_some(t.start)
}

/// "rejection of", "support for": the cue phrase itself ends with its complement.
fn ends_with_complement(sent: &Sent, cue: &CueHit, words: &WordLists) -> bool {
    let last = token_at(&sent.toks, cue.end).saturating_sub(1);
    words
        .noun_complements
        .at_len(sent.text, &sent.toks, last, 1)
}

fn starts_with_complement(sent: &Sent, start: usize, words: &WordLists) -> bool {
    let i = token_at(&sent.toks, start);
    words.noun_complements.any_at(sent.text, &sent.toks, i)
}

/// After "calls from Turkey and the US for …", the item starts after the agents.
fn past_agent_phrase(sent: &Sent, after: usize, words: &WordLists) -> Option<usize> {
    let (at, len) = (after..(after + BY_GAP + 1).min(sent.toks.len())).find_map(|j| {
        words
            .agent_prepositions
            .at(sent.text, &sent.toks, j)
            .map(|p| (j, p))
    })?;
    let from = sent.toks.get(at + len)?.start;
    let first = sent
        .ments
        .iter()
        .find(|m| m.start >= from && m.party.is_some())?;
    let last = coordinated(sent, first).iter().map(|m| m.end).max()?;
    let j = token_at(&sent.toks, last);
    sent.toks.get(j).map(|t| t.start)
}

/// Cut a condition off the item: "a truce until Hamas frees the hostages" → item "a
/// truce", condition "until Hamas frees the hostages".
fn split_conditions(
    sent: &Sent,
    start: usize,
    end: usize,
    words: &WordLists,
) -> (usize, Vec<String>) {
    let first = token_at(&sent.toks, start);
    let last = token_at(&sent.toks, end);
    for i in first..last {
        if words.condition_markers.any_at(sent.text, &sent.toks, i) {
            let cs = sent.toks[i].start;
            let ce = condition_end(sent.text, cs, end);
            let text = sent.text[cs..ce]
                .trim_end_matches([',', '.', ' ', ';', ':'])
                .to_string();
            let item_end = sent.text[..cs]
                .trim_end_matches([' ', ',', '—', '-'])
                .len()
                .max(start);
            return (item_end, vec![text]);
        }
    }
    (end, Vec::new())
}

/// A condition ends at the item end or at a dash or parenthesis that closes an aside.
fn condition_end(text: &str, start: usize, end: usize) -> usize {
    text[start..end]
        .find(['—', '(', ')', '–'])
        .map_or(end, |i| start + i)
}

/// Enumeration chunks of `text[start..end]` (list separators outside quotes and
/// parentheses). `separators`: the sentence's separator hits when `start..end` lies in a
/// scanned sentence ([`crate::scan::SentHits::separators`]); else the text is searched.
fn chunks(
    text: &str,
    start: usize,
    end: usize,
    words: &WordLists,
    separators: Option<&[crate::scan::Hit]>,
) -> Vec<(usize, usize)> {
    if start >= end {
        return Vec::new();
    }
    let chunk = &text[start..end];
    let found: Vec<(usize, usize)> = match (separators, words.list_separators.get()) {
        (Some(hits), _) => crate::scan::leftmost_longest_in(hits, start, end)
            .into_iter()
            .map(|h| (h.0 - start, h.1 - start))
            .collect(),
        (None, Some(ac)) => ac.find_iter(chunk).map(|m| (m.start(), m.end())).collect(),
        (None, None) => Vec::new(),
    };
    let cuts: Vec<(usize, usize)> = found
        .into_iter()
        .filter(|&(s, _)| depth_at(chunk, s) == 0)
        .filter(|&(s, e)| !joins_a_pair(chunk, s, e))
        .collect();
    // The cue's own preposition ("insisted ON"): repeated after a separator it opens a
    // parallel item ("… and on an end to …"), not a continuation.
    let lead = text[..start].split_whitespace().next_back().unwrap_or("");
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut at = 0;
    for (s, e) in cuts {
        if s > at {
            push_chunk(text, &mut out, (start + at, start + s), lead);
        }
        at = e;
    }
    if at < chunk.len() {
        push_chunk(text, &mut out, (start + at, end), lead);
    }
    out
}

/// Add a chunk; one that starts with a preposition ("… access for aid across front lines
/// and across the border") continues the chunk before it rather than listing a new item.
fn push_chunk(text: &str, out: &mut Vec<(usize, usize)>, chunk: (usize, usize), lead: &str) {
    const CONTINUATIONS: [&str; 12] = [
        "across", "in", "from", "at", "on", "with", "by", "into", "through", "along", "near", "via",
    ];
    let first = text[chunk.0..chunk.1]
        .split_whitespace()
        .next()
        .unwrap_or("");
    let continues = CONTINUATIONS.iter().any(|p| first.eq_ignore_ascii_case(p))
        && !first.eq_ignore_ascii_case(lead);
    match out.last_mut() {
        Some(last) if continues => last.1 = chunk.1,
        _ => out.push(chunk),
    }
}

/// "between sanctions relief and the understanding": the "and" of a "between" pair joins
/// two sides of one item; it does not list two items.
fn joins_a_pair(chunk: &str, s: usize, e: usize) -> bool {
    if !chunk[s..e].trim().eq_ignore_ascii_case("and") {
        return false;
    }
    let before = &chunk[..s];
    let recent = before.rsplit([',', ';']).next().unwrap_or("");
    starts_with_ignore_ascii_case(recent, "between")
        || contains_ignore_ascii_case(recent, "between ")
}

fn starts_with_ignore_ascii_case(s: &str, prefix: &str) -> bool {
    s.as_bytes()
        .get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()))
}

fn ends_with_ignore_ascii_case(s: &str, suffix: &str) -> bool {
    s.len()
        .checked_sub(suffix.len())
        .and_then(|at| s.as_bytes().get(at..))
        .is_some_and(|tail| tail.eq_ignore_ascii_case(suffix.as_bytes()))
}

fn contains_ignore_ascii_case(s: &str, needle: &str) -> bool {
    s.as_bytes()
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// Parenthesis depth at byte `i` of `s`.
fn depth_at(s: &str, i: usize) -> i32 {
    s.as_bytes()[..i].iter().fold(0, |depth, &b| match b {
        b'(' => depth + 1,
        b')' => depth - 1,
        _ => depth,
    })
}

/// One entry per topic of the item: (topic, chunk bounds, inherited?). No topic → one
/// entry with `None` (anaphors first try the previous sentence's topics).
fn item_topics(
    ctx: &DocCtx,
    sent: &Sent,
    start: usize,
    end: usize,
) -> Vec<(Option<usize>, (usize, usize), bool)> {
    let words = ctx.cfg.lexicon.words();
    let mut out: Vec<(Option<usize>, (usize, usize), bool)> = Vec::new();
    for (cs, ce) in chunks(sent.text, start, end, words, Some(&sent.hits.separators)) {
        let Some(hit) = topic_not_an_occasion(ctx, sent, cs, ce) else {
            continue;
        };
        let topic = refine(ctx, sent, hit.topic, cs, ce);
        let topic = third_party_forces(ctx, sent, topic, cs, ce);
        if !out.iter().any(|(t, _, _)| *t == Some(topic)) {
            out.push((Some(topic), (cs, ce), false));
        }
    }
    if !out.is_empty() {
        return out;
    }
    let first = token_at(&sent.toks, start);
    let last = token_at(&sent.toks, end);
    let anaphoric =
        (first..last.min(first + 4)).any(|i| words.anaphors.any_at(sent.text, &sent.toks, i));
    if let Some(topics) = named_anaphor_topics(ctx, sent, first, last) {
        return topics
            .iter()
            .map(|&t| (Some(t), (start, end), true))
            .collect();
    }
    let prev = match ctx.prev_sentence {
        Some(span) if anaphoric => sentence_topics(ctx, span),
        _ => ctx.prev_topics.clone(),
    };
    if anaphoric && !prev.is_empty() {
        return prev
            .iter()
            .map(|&t| (Some(t), (start, end), true))
            .collect();
    }
    vec![(None, (start, end), false)]
}

/// "its 9 percent pay offer to nurses": an act noun whose item names no topic is about
/// what the words between its determiner (or possessive) and the noun name. Only lower-case
/// words and numbers count, at most `NOUN_MODIFIER_GAP` + 2 of them.
fn premodifier_topic(ctx: &DocCtx, sent: &Sent, cue_start: usize) -> Option<usize> {
    let ci = token_at(&sent.toks, cue_start);
    let modifier = |k: usize| {
        sent.toks[k].word
            && sent
                .word(k)
                .chars()
                .all(|c| c.is_lowercase() || c.is_ascii_digit() || c == '-')
    };
    let opener = |k: usize| {
        let w = sent.word(k);
        DETERMINERS.iter().any(|d| w.eq_ignore_ascii_case(d))
    };
    let det = (ci.saturating_sub(NOUN_MODIFIER_GAP + 3)..ci)
        .rev()
        .take_while(|&k| modifier(k) || opener(k))
        .find(|&k| opener(k))?;
    let from = sent.toks.get(det + 1).filter(|_| det + 1 < ci)?.start;
    let hit = sent.topic_in(ctx, from, cue_start)?;
    Some(refine(ctx, sent, hit.topic, from, cue_start))
}

/// "the January deadline", "the Doha proposal": `the` + one capitalised or numeric word +
/// a named anaphor at the item's start refers to the latest earlier sentence of the
/// document with that word in a chunk that has a topic; that chunk's topics.
fn named_anaphor_topics(
    ctx: &DocCtx,
    sent: &Sent,
    first: usize,
    last: usize,
) -> Option<Vec<usize>> {
    let words = ctx.cfg.lexicon.words();
    let at = (first..last.min(first + 2)).find(|&i| {
        i + 2 < sent.toks.len()
            && same_word(sent.word(i), "the")
            && words.named_anaphors.at_len(sent.text, &sent.toks, i + 2, 1)
    })?;
    let name = sent.word(at + 1);
    let named = name
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
    if !named {
        return None;
    }
    let text = ctx.input.text;
    ctx.input
        .sentences
        .iter()
        .rev()
        .filter(|s| s.span.end <= sent.span.start)
        .filter(|s| has_word(&text[s.span.start..s.span.end], name))
        .map(|s| topics_of_chunks_naming(ctx, s.span, name))
        .find(|topics| !topics.is_empty())
}

/// The topics of the chunks of sentence `span` that contain `name` (the rest of the
/// sentence may be about something else: "…, said X, who led the delegation").
fn topics_of_chunks_naming(ctx: &DocCtx, span: Span, name: &str) -> Vec<usize> {
    let text = ctx.input.text;
    let mut out = Vec::new();
    for (s, e) in earlier_chunks(ctx, span) {
        if !has_word(&text[s..e], name) {
            continue;
        }
        if let Some(hit) = leftmost_topic_in(ctx, s, e) {
            if !out.contains(&hit.topic) {
                out.push(hit.topic);
            }
        }
    }
    out
}

/// The enumeration chunks of an earlier sentence (`span`) of the document. Its hits are
/// gone with it: one pass of the combined automaton over it finds the separators the
/// separator list's own automaton would ([`crate::scan`] tests them equal), so that
/// automaton is never built for this.
fn earlier_chunks(ctx: &DocCtx, span: Span) -> Vec<(usize, usize)> {
    let text = ctx.input.text;
    let mut hits = ctx.cfg.scanner.scan(text, span.start, span.end);
    let out = chunks(
        text,
        span.start,
        span.end,
        ctx.cfg.lexicon.words(),
        Some(&hits.separators),
    );
    let topics = (
        std::mem::take(&mut hits.topic_cues),
        std::mem::take(&mut hits.topic_combos),
    );
    crate::scan::recycle(&mut hits, topics);
    out
}

/// [`crate::Taxonomy::leftmost`] of `text[start..end]` (a chunk of an earlier sentence)
/// from one pass of the combined automaton over exactly that range: the same topic and
/// combo hits as the taxonomy's own automata, without building them.
fn leftmost_topic_in(ctx: &DocCtx, start: usize, end: usize) -> Option<crate::topics::TopicHit> {
    let text = ctx.input.text;
    let mut hits = ctx.cfg.scanner.scan(text, start, end);
    let mut scan = crate::topics::TopicScan::from_hits(
        std::mem::take(&mut hits.topic_cues),
        std::mem::take(&mut hits.topic_combos),
    );
    let hit = ctx.cfg.topics.leftmost_in(&scan, text, start, end);
    crate::scan::recycle(&mut hits, scan.take_hits());
    hit
}

/// Does `text` contain `word` as a whole word?
fn has_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// The leftmost topic of `text[start..end]` that is not the occasion named after an
/// outcome head ("the result of the meeting": the next topic, if any).
fn topic_not_an_occasion(
    ctx: &DocCtx,
    sent: &Sent,
    start: usize,
    end: usize,
) -> Option<crate::topics::TopicHit> {
    let words = ctx.cfg.lexicon.words();
    let mut from = start;
    loop {
        let hit = sent.topic_in(ctx, from, end)?;
        let k = token_at(&sent.toks, hit.start);
        let occasion = (1..=4).any(|len| {
            k >= len
                && words
                    .outcome_heads
                    .at_len(sent.text, &sent.toks, k - len, len)
        });
        if !occasion {
            return Some(hit);
        }
        from = sent.toks.get(k)?.end;
    }
}

/// A taxonomy rule's `to` topic when `topic` is its `from` (both ids known).
fn rule_target(
    taxonomy: &crate::topics::Taxonomy,
    from: &str,
    to: &str,
    topic: usize,
) -> Option<usize> {
    let (from, to) = (taxonomy.index_of(from)?, taxonomy.index_of(to)?);
    (topic == from).then_some(to)
}

/// The taxonomy's refinement: a `from` item naming a leader becomes `to`.
fn refine(ctx: &DocCtx, sent: &Sent, topic: usize, start: usize, end: usize) -> usize {
    let taxonomy = &ctx.cfg.topics;
    let Some(rule) = &taxonomy.refine else {
        return topic;
    };
    let Some(to) = rule_target(taxonomy, &rule.from, &rule.to, topic) else {
        return topic;
    };
    let leader_named = sent
        .ments_within(start, end)
        .any(|m| ctx.leaders.get(m.entity).copied().unwrap_or(false));
    let first = token_at(&sent.toks, start);
    let last = token_at(&sent.toks, end);
    let title_named = (first..last).any(|i| ctx.cfg.leader_titles.any_at(sent.text, &sent.toks, i));
    if leader_named || title_named {
        to
    } else {
        topic
    }
}

/// The taxonomy's third-party rule: a `from` item whose forces ("Eritrean troops") belong
/// to a party other than the document's two most mentioned parties becomes `to`. Without
/// two parties ahead of the rest nothing changes.
fn third_party_forces(ctx: &DocCtx, sent: &Sent, topic: usize, start: usize, end: usize) -> usize {
    let taxonomy = &ctx.cfg.topics;
    let pair = ctx.pair.as_ref().or(ctx.loose_pair.as_ref());
    let (Some(rule), Some((a, b))) = (&taxonomy.third_party_forces, pair) else {
        return topic;
    };
    let Some(to) = rule_target(taxonomy, &rule.from, &rule.to, topic) else {
        return topic;
    };
    let third_party_force = sent
        .ments_within(start, end)
        .filter(|m| m.party.is_some_and(|p| p != a && p != b))
        .any(|m| {
            // The noun ends the mention ("Eritrean troops" as a side description) or
            // follows it.
            let last = token_at(&sent.toks, m.end.saturating_sub(1));
            [last, last + 1].iter().any(|&k| {
                sent.toks.get(k).is_some_and(|t| {
                    rule.force_nouns
                        .iter()
                        .any(|n| same_word(t.text(sent.text), n))
                })
            })
        });
    if third_party_force {
        to
    } else {
        topic
    }
}

/// "Israel must withdraw": the party right before a modal is who is asked.
fn modal_subject(sent: &Sent, pos: usize, agent: &str) -> Option<String> {
    let (clause_start, _) = sent.clause(pos);
    sent.ments
        .iter()
        .rev()
        .filter(|m| m.end <= pos && m.start >= clause_start)
        .find_map(|m| m.party)
        .filter(|p| *p != agent)
        .map(str::to_string)
}

/// The first party named in the item other than the agent's own.
fn target_in(
    sent: &Sent,
    start: usize,
    end: usize,
    party: &str,
    with: &[String],
) -> Option<String> {
    sent.ments_within(start, end)
        .filter_map(|m| m.party)
        .find(|p| *p != party && !with.iter().any(|w| w == p))
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The id as `format!` built it before: ids are stored, so they must not change.
    fn reference_id(doc: &str, cue: usize, act: Act, party: &str, topic: Option<&str>) -> String {
        let key = format!(
            "{doc}\0{cue}\0{}\0{party}\0{}",
            act.name(),
            topic.unwrap_or("")
        );
        format!("c-{}", hash_hex(key.as_bytes()))
    }

    #[test]
    fn claim_ids_are_the_formatted_ones() {
        for cue in [0, 7, 10, 99, 1234, 1_000_000, usize::MAX] {
            for topic in [None, Some("ceasefire")] {
                assert_eq!(
                    claim_id("d-0123", cue, Act::Demand, "Iran", topic),
                    reference_id("d-0123", cue, Act::Demand, "Iran", topic)
                );
            }
        }
    }
}
