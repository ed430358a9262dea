//! Claims: from every sentence, who demands, proposes, accepts, rejects, accuses,
//! threatens, agrees or meets — on which topic, with which conditions, reported by whom.
//! Plus the meetings and rounds a sentence reports and the facts sources may disagree on
//! (who mediated).
//!
//! Pure: [`extract`] takes one document's text, sentences, repeats and actors and returns
//! values; no IO. The caller reads user vocabulary files and hands their text to
//! [`ClaimsConfig::add_acts_toml`], [`ClaimsConfig::add_topics_toml`], ….
//!
//! # Design decisions
//! - **From the act cue outward.** A claim needs an act cue (`data/acts.toml`: verbs,
//!   nouns, evaluative adjectives) and an agent that is a party; a topic word alone is
//!   never a claim. The topic is looked for only in the item the cue governs.
//! - **Attribution** (in order): a passive "by"/"from" agent right after the cue ("a
//!   truce proposed by Egypt"); for verbs, the nearest party mention before the cue in its
//!   clause that is not the object of a preposition ("demanded a proposal *from* Iran")
//!   and not a place ("talks *in* Doha") or a mediator glued to a mediation participle
//!   ("an *Oman*-brokered truce": a fact, not a side; the participle is no cue), or,
//!   across ", who", the mention the relative clause hangs on; for act nouns, the
//!   possessor or party modifier before the noun ("Iran's list of demands", "the U.S.
//!   proposal") or the "by"/"from" phrase after it;
//!   for evaluative adjectives ("unacceptable"), the subject of the sentence. Without an
//!   agent in the clause: the party named by "according to X", the mention next to a
//!   reporting verb ("…, he wrote", "X said"), or — when the clause has a pronoun subject
//!   ("it", "they") — the party of the previous claim in the paragraph. Coordinated
//!   mentions ("Qatar and Egypt", a resolved "both sides") give several parties.
//! - **Joint acts.** `agree`/`meet` cues marked `joint` need two or more parties; then the
//!   claim's `with` lists the others and the ledger makes an agreement of it. With one
//!   party the cue means `single_act` ("Iran agreed to the plan" is an acceptance).
//! - **Negation** (a negator at most `negation_window` words before the cue, within its
//!   clause; "refused to accept" negates "accept"): demand/accept → reject, reject →
//!   accept, a negated proposal, joint agreement, meeting, accusation or threat states no
//!   position and is dropped.
//! - **Unasserted text.** An if-, unless- or whether-clause, a denied or rumoured
//!   that-clause ("denied on Friday that it had met …", `unasserted_heads`) and a
//!   sentence ending in "?" outside quotes give no claims.
//! - **Items and conditions.** The item runs from the cue to the end of its clause
//!   (passives: from the clause start or the previous cue to the cue); after an act noun
//!   it starts after a linking word ("… includes"). A condition marker ("until", "only
//!   if", "on condition that") cuts the item: the rest is kept as the condition's text
//!   and never searched for topics.
//! - **Enumerations.** The item is split at list separators outside parentheses; each
//!   chunk gives its leftmost topic (the head of a noun phrase comes first), and each
//!   distinct topic becomes its own claim. An item with no topic but an anaphor ("the
//!   idea", "such a meeting", "these demands") takes the topics of the previous
//!   sentence's claims; otherwise the claim is kept with topic `None` (it is in the claims
//!   and the PLOVER export, not in the matrix).
//! - **Hedging.** A hedge word ("reportedly") or a source phrase ("sources in Moscow told
//!   Reuters", "according to reports") lowers the confidence and fills `attributed_to`.
//! - **Repeats.** Sentences inside a repeated passage produce nothing: the first copy
//!   already did. Duplicate documents are marked by the caller (`counted`).
//! - **Ids** are hashes of the document id, the cue offset, the act, the party and the
//!   topic: stable across runs.
//!
//! # Thresholds
//! | value | where | why |
//! |---|---|---|
//! | confidence 0.85 / 0.75 / 0.7 | verb / noun / adjective cue | a verb states an act; a noun or an evaluation describes it and attaches to its agent less surely |
//! | × 0.85 | agent from a fallback | the speaker of a sentence usually, not always, owns its claims |
//! | × 0.9 negated, × 0.7 hedged, × 0.85 topic from the previous sentence | `extract.rs` | each adds a step of inference |
//! | negation window 3 words | `data/claims.toml` | "does not want", "will never accept", "has not yet agreed to" |
//! | ≤ 3 modifier words between possessor and act noun | `NOUN_MODIFIER_GAP` | "Iran's new nuclear offer"; longer is another phrase |
//! | linking word ≤ 8 words after an act noun | `LINKING_WINDOW` | "Ukraine's stance for the meeting includes …" |
//! | "by"/"from" agent ≤ 6 words after the preposition | `AGENT_PHRASE_WINDOW` | "by former US President X" |
//!
//! # Known limits
//! - No parser: clause boundaries come from punctuation and conjunction lists, so long
//!   sentences with several subjects can attach a cue to the wrong party.
//! - "urge X to do Y" gives Y to X's side, not to the one urging.
//! - Quotes are attributed through the reporting verb of the same sentence only; a
//!   multi-sentence quote's later sentences have no speaker unless they start with a
//!   pronoun after a claim.

mod extract;
mod facts;
mod lexicon;
mod meetings;
mod phrase_dfa;
mod scan;
mod tokens;
mod topics;

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use stancemap_actors::{DocActors, GazEntity};
use stancemap_model::{Act, ClaimRecord, FactRecord, MeetingRecord, Repeat, Sentence, Span};

pub use lexicon::{inflect, CueKind, Lexicon};
pub use topics::{Taxonomy, Topic};

/// The default act lexicon, embedded at build time.
pub const DEFAULT_ACTS: &str = include_str!("../../../data/acts.toml");
/// The default grammar words, embedded at build time.
pub const DEFAULT_GRAMMAR: &str = include_str!("../../../data/claims.toml");
/// The default topic taxonomy (ids of shared/spec/TOPICS.md), embedded at build time.
pub const DEFAULT_TOPICS: &str = include_str!("../../../data/topics.toml");
/// The default meeting and fact vocabulary, embedded at build time.
pub const DEFAULT_FACTS: &str = include_str!("../../../data/facts.toml");

/// Everything that can go wrong loading vocabulary.
#[derive(Debug, thiserror::Error)]
pub enum ClaimsError {
    #[error("cannot parse TOML: {0}")]
    Toml(#[from] toml::de::Error),
    #[error("unknown act {0:?} (expected one of demand, propose, accept, reject, accuse, threaten, agree, meet)")]
    UnknownAct(String),
    #[error("cannot compile the phrase automaton: {0}")]
    Automaton(String),
    #[error("default data file {file}: {source}")]
    Default {
        file: &'static str,
        #[source]
        source: Box<ClaimsError>,
    },
}

/// Act lexicon, grammar words, topics and fact vocabulary, compiled.
#[derive(Debug, Clone)]
pub struct ClaimsConfig {
    pub(crate) lexicon: Lexicon,
    pub(crate) topics: Taxonomy,
    pub(crate) facts: facts::FactRules,
    /// Gazetteer ids of heads of state or government (for the leaders refinement).
    pub(crate) leader_ids: BTreeSet<String>,
    /// Leader titles of the taxonomy's refinement, split into words.
    pub(crate) leader_titles: tokens::PhraseSet,
    /// Demonym as written ("Chinese") → party, from the gazetteer; demonyms shared by
    /// two parties are left out.
    pub(crate) demonyms: rustc_hash::FxHashMap<String, String>,
    /// First words of the demonyms of two or more words ("North" of "North Korean"):
    /// only after one of them is a two-word key worth building.
    pub(crate) demonym_heads: rustc_hash::FxHashSet<String>,
    /// Fold keys of the words a demonym can start with (a one-word demonym, or the first
    /// word of a longer one): a capitalised token whose key is not here is no demonym,
    /// without hashing its text.
    pub(crate) demonym_first_keys: rustc_hash::FxHashSet<u64>,
    /// State party → its capital (the first metonym of a gazetteer state): where talks
    /// "in the Omani capital" were held.
    pub(crate) capitals: rustc_hash::FxHashMap<String, String>,
    /// Transliteration key of each gazetteer place and capital ([`place_key`]) → its
    /// name: a meeting place the tagger did not know ("Djeddah") is named as the
    /// gazetteer names it ("Jeddah").
    pub(crate) place_keys: rustc_hash::FxHashMap<String, String>,
    /// Every phrase list matched on the text, in one automaton: one pass per sentence
    /// (rebuilt whenever a vocabulary changes).
    pub(crate) scanner: scan::Scanner,
    /// Which phrase sets each word may start a phrase of: a sentence's tokens are
    /// marked once, then every phrase test rejects a word by one bit.
    pub(crate) set_index: tokens::SetIndex,
}

impl Default for ClaimsConfig {
    /// The embedded defaults. They are tested to load, so this cannot fail at run time.
    fn default() -> Self {
        Self::try_default().unwrap_or_else(|e| panic!("embedded claims data is invalid: {e}"))
    }
}

impl ClaimsConfig {
    pub fn try_default() -> Result<Self, ClaimsError> {
        let wrap = |file: &'static str| {
            move |e: ClaimsError| ClaimsError::Default {
                file,
                source: Box::new(e),
            }
        };
        let mut lexicon = Lexicon::empty();
        lexicon
            .add_acts_toml(DEFAULT_ACTS)
            .map_err(wrap("acts.toml"))?;
        lexicon
            .add_grammar_toml(DEFAULT_GRAMMAR)
            .map_err(wrap("claims.toml"))?;
        lexicon.compile()?;
        let mut topics = Taxonomy::default();
        topics
            .add_toml(DEFAULT_TOPICS)
            .map_err(wrap("topics.toml"))?;
        let mut facts = facts::FactRules::default();
        facts.add_toml(DEFAULT_FACTS).map_err(wrap("facts.toml"))?;
        let scanner = build_scanner(&lexicon, &topics, &facts)?;
        let mut cfg = ClaimsConfig {
            lexicon,
            topics,
            facts,
            scanner,
            set_index: tokens::SetIndex::default(),
            leader_ids: BTreeSet::new(),
            leader_titles: tokens::PhraseSet::default(),
            demonyms: rustc_hash::FxHashMap::default(),
            capitals: rustc_hash::FxHashMap::default(),
            place_keys: rustc_hash::FxHashMap::default(),
            demonym_heads: rustc_hash::FxHashSet::default(),
            demonym_first_keys: rustc_hash::FxHashSet::default(),
        };
        cfg.refresh_titles();
        cfg.index_phrase_sets();
        Ok(cfg)
    }

    /// Add act cues (format of `data/acts.toml`) and/or grammar words (format of
    /// `data/claims.toml`) from one user file.
    pub fn add_acts_toml(&mut self, toml_text: &str) -> Result<(), ClaimsError> {
        let value: toml::Table = toml::from_str(toml_text)?;
        if value.contains_key("cue") {
            self.lexicon.add_acts_toml(toml_text)?;
        }
        let grammar: toml::Table = value.into_iter().filter(|(k, _)| k != "cue").collect();
        if !grammar.is_empty() {
            self.lexicon.add_grammar(grammar.try_into()?);
        }
        self.lexicon.compile()?;
        self.rebuild_scanner()
    }

    /// Add or replace topics (format of `data/topics.toml`).
    pub fn add_topics_toml(&mut self, toml_text: &str) -> Result<(), ClaimsError> {
        self.topics.add_toml(toml_text)?;
        self.refresh_titles();
        self.rebuild_scanner()
    }

    /// Add meeting and fact vocabulary (format of `data/facts.toml`).
    pub fn add_facts_toml(&mut self, toml_text: &str) -> Result<(), ClaimsError> {
        self.facts.add_toml(toml_text)?;
        self.rebuild_scanner()
    }

    /// After a vocabulary change: the combined automaton and the phrase-set index.
    fn rebuild_scanner(&mut self) -> Result<(), ClaimsError> {
        self.scanner = build_scanner(&self.lexicon, &self.topics, &self.facts)?;
        self.index_phrase_sets();
        Ok(())
    }

    fn index_phrase_sets(&mut self) {
        let mut index = tokens::SetIndex::default();
        if let Some(words) = self.lexicon.words_mut() {
            for set in words.phrase_sets_mut() {
                index.add(set);
            }
        }
        for set in self.facts.phrase_sets_mut() {
            index.add(set);
        }
        index.add(&mut self.leader_titles);
        self.set_index = index;
    }

    /// Learn from the gazetteer who leads a state (heads of state or government, not
    /// deputies: their items about talks become leaders' meetings) and which demonym
    /// names which side ("Chinese negotiators"), and each state's capital.
    pub fn set_gazetteer(&mut self, gazetteer: &[GazEntity]) {
        let mut demonyms: std::collections::BTreeMap<String, Option<String>> = Default::default();
        for e in gazetteer {
            let Some(party) = &e.party else { continue };
            for d in &e.demonyms {
                let slot = demonyms
                    .entry(d.clone())
                    .or_insert_with(|| Some(party.clone()));
                if slot.as_ref() != Some(party) {
                    *slot = None;
                }
            }
        }
        self.demonyms = demonyms
            .into_iter()
            .filter_map(|(d, p)| Some((d, p?)))
            .collect();
        self.demonym_heads = self
            .demonyms
            .keys()
            .filter_map(|d| d.split_once(' ').map(|(head, _)| head.to_string()))
            .collect();
        self.demonym_first_keys = self
            .demonyms
            .keys()
            .map(|d| tokens::fold_hash(d.split_once(' ').map_or(d.as_str(), |(head, _)| head)))
            .collect();
        self.capitals = gazetteer
            .iter()
            .filter(|e| e.kind == stancemap_actors::EntityKind::State)
            .filter_map(|e| Some((e.party.clone()?, e.metonyms.first()?.clone())))
            .collect();
        self.place_keys = gazetteer
            .iter()
            .filter(|e| e.kind == stancemap_actors::EntityKind::Place)
            .flat_map(|e| {
                e.aliases
                    .iter()
                    .map(move |a| (place_key(a), e.name.clone()))
            })
            .chain(self.capitals.values().map(|c| (place_key(c), c.clone())))
            .filter(|(k, _)| !k.is_empty())
            .collect();
        self.leader_ids = gazetteer
            .iter()
            .filter(|e| {
                e.roles
                    .iter()
                    .any(|r| is_leader_title(&self.leader_titles, &r.role))
            })
            .map(|e| e.id.clone())
            .collect();
    }

    pub fn taxonomy(&self) -> &Taxonomy {
        &self.topics
    }

    fn refresh_titles(&mut self) {
        self.leader_titles = tokens::PhraseSet::new(
            self.topics
                .refine
                .iter()
                .flat_map(|r| r.leader_titles.iter())
                .map(|t| tokens::phrase_words(t)),
        );
    }
}

/// The combined automaton of every phrase list matched on the text ([`scan`]).
fn build_scanner(
    lexicon: &Lexicon,
    topics: &Taxonomy,
    facts: &facts::FactRules,
) -> Result<scan::Scanner, ClaimsError> {
    use scan::List;
    let grammar = lexicon.grammar();
    let (topic_cues, topic_combos) = topics.patterns();
    let (meeting_cues, fact_phrases) = facts.patterns();
    scan::Scanner::new([
        (List::ActCues, lexicon.cue_patterns()),
        (List::ClauseBreaks, &grammar.clause_breaks),
        (List::Separators, &grammar.list_separators),
        (List::TopicCues, topic_cues),
        (List::TopicCombos, topic_combos),
        (List::MeetingCues, meeting_cues),
        (List::FactPhrases, fact_phrases),
    ])
}

/// A place name's transliteration key: its words' [`stancemap_actors::translit::name_key`]s, without
/// a leading article glued by a hyphen ("Al-Naqoura" and "Naqoura", "Djeddah" and
/// "Jeddah" share a key).
pub(crate) fn place_key(name: &str) -> String {
    let name = strip_place_article(name);
    name.split_whitespace()
        .map(stancemap_actors::translit::name_key)
        .filter(|k| !k.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// "Al-Naqoura" → "Naqoura": a prefix of at most three letters glued by a hyphen to a
/// capitalised word is an article (Arabic "al-", "el-", "ad-"), not part of the name.
pub(crate) fn strip_place_article(name: &str) -> &str {
    match name.split_once('-') {
        Some((article, rest))
            if (1..=3).contains(&article.len())
                && article.chars().all(char::is_alphabetic)
                && rest.starts_with(|c: char| c.is_uppercase()) =>
        {
            rest
        }
        _ => name,
    }
}

/// Does a role name a head of state or government ("President of Iran", not "Vice
/// President" or "Deputy Prime Minister")?
fn is_leader_title(titles: &tokens::PhraseSet, role: &str) -> bool {
    let lower = role.to_lowercase();
    let toks = tokens::tokenize(&lower, 0, lower.len());
    let deputy = toks.iter().any(|t| {
        matches!(
            t.text(&lower),
            "vice" | "deputy" | "former" | "ex" | "acting"
        )
    });
    !deputy && (0..toks.len()).any(|i| titles.any_at(&lower, &toks, i))
}

/// One document as the claims stage sees it.
#[derive(Debug, Clone, Copy)]
pub struct DocInput<'a> {
    pub doc_id: &'a str,
    pub text: &'a str,
    pub sentences: &'a [Sentence],
    pub repeats: &'a [Repeat],
    /// ISO date of publication, to resolve "on Monday".
    pub published: Option<&'a str>,
    pub actors: &'a DocActors,
}

/// A claim found in one document; the speaker is an index into the document's
/// [`DocActors::entities`] (the linker maps it to a corpus-wide id).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    pub id: String,
    pub sentence: Span,
    pub cue: Span,
    pub act: Act,
    pub party: String,
    pub speaker: Option<usize>,
    pub topic: Option<String>,
    pub item: Span,
    pub target: Option<String>,
    pub with: Vec<String>,
    pub conditions: Vec<String>,
    pub attributed_to: Option<String>,
    pub negated: bool,
    pub confidence: f32,
}

/// A meeting or round reported in one sentence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Meeting {
    pub id: String,
    pub sentence: Span,
    pub place: Option<String>,
    pub venue: Option<String>,
    pub when: Option<String>,
    pub date: Option<String>,
    pub parties: Vec<String>,
    pub duration: Option<String>,
    pub outcome: Option<String>,
}

/// A fact stated in one sentence (see [`FactRecord`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fact {
    pub subject: String,
    pub attribute: String,
    pub value: String,
    pub key: String,
    pub span: Span,
}

/// Everything the claims stage found in one document.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DocClaims {
    pub claims: Vec<Claim>,
    pub meetings: Vec<Meeting>,
    pub facts: Vec<Fact>,
}

/// Extract the claims, meetings and facts of one document.
pub fn extract(cfg: &ClaimsConfig, input: &DocInput) -> DocClaims {
    let mut ctx = extract::DocCtx {
        cfg,
        input,
        leaders: leaders_of(cfg, input.actors),
        prev_topics: Vec::new(),
        prev_sentence: None,
        prev_party: None,
        opening_party: None,
        last_paragraph: None,
        pair: leading_pair(input.actors),
        loose_pair: loose_pair(input.actors),
        prev_parties_span: None,
        item_stop: None,
        coordinated_agent: None,
        prev_joint: None,
        quote_speaker: None,
    };
    let mut out = DocClaims::default();
    for (index, s) in input.sentences.iter().enumerate() {
        if input.repeats.iter().any(|r| r.covers(s.span.start)) {
            continue;
        }
        let sent = extract::Sent::new(&ctx, s.span);
        let text = &input.text[s.span.start..s.span.end];
        let quotes = if sent.quotable {
            QuoteCounts::of(text)
        } else {
            QuoteCounts::default()
        };
        ctx.quote_speaker = if sent.quotable && quotes.opens(text) {
            extract::speaker_ahead(&ctx, input.sentences, index)
        } else if sent.quotable && quotes.closes() {
            ctx.quote_speaker.take()
        } else {
            None
        };
        let claims = extract::sentence_claims(&mut ctx, &sent, s.paragraph);
        if let Some(c) = claims.iter().rev().find(|c| !c.with.is_empty()) {
            let mut parties = vec![c.party.clone()];
            parties.extend(c.with.iter().cloned());
            ctx.prev_joint = Some(parties);
        }
        if let Some(m) = meetings::meeting_in(&ctx, &sent, &claims) {
            if m.parties.len() >= 2 {
                ctx.prev_joint = Some(m.parties.clone());
            }
            out.meetings.push(m);
        }
        out.facts.extend(facts::facts_in(&ctx, &sent));
        out.facts.extend(facts::count_facts(&ctx, &sent, &claims));
        out.claims.extend(claims);
    }
    facts::keep_single_counts(&mut out.facts);
    out
}

/// Can `s` hold a quote mark (", or the lead byte of “ ” « »)? Most sentences quote
/// nothing: the answer (`Sent::quotable`) spares them the character scans of the quote
/// rules. The tokenizer gives it as it reads the sentence (`tokens::tokenize_into`);
/// this byte scan is the reference it is tested against.
#[cfg(test)]
pub(crate) fn may_quote(s: &str) -> bool {
    s.as_bytes().chunks(16).any(|block| {
        block.iter().fold(false, |hit, &b| {
            hit | (b == b'"') | (b == 0xE2) | (b == 0xC2)
        })
    })
}

/// A quote mark: opening (“ «), closing (” ») or straight (").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum QuoteMark {
    Open,
    Close,
    Straight,
}

/// The quote marks of `s` with their byte offsets, found by their UTF-8 bytes (“ and ”
/// are E2 80 9C/9D, « and » C2 AB/BB) without decoding a char.
pub(crate) fn quote_marks(s: &str) -> impl Iterator<Item = (usize, QuoteMark)> + '_ {
    let b = s.as_bytes();
    b.iter().enumerate().filter_map(move |(i, &c)| {
        let mark = match c {
            b'"' => QuoteMark::Straight,
            0xE2 => match b.get(i + 1..i + 3) {
                Some([0x80, 0x9C]) => QuoteMark::Open,
                Some([0x80, 0x9D]) => QuoteMark::Close,
                _ => return None,
            },
            0xC2 => match b.get(i + 1) {
                Some(0xAB) => QuoteMark::Open,
                Some(0xBB) => QuoteMark::Close,
                _ => return None,
            },
            _ => return None,
        };
        Some((i, mark))
    })
}

/// How many opening, closing and straight quote marks a sentence has (one pass).
#[derive(Debug, Default, Clone, Copy)]
struct QuoteCounts {
    open: usize,
    close: usize,
    straight: usize,
}

impl QuoteCounts {
    fn of(s: &str) -> Self {
        let mut n = QuoteCounts::default();
        for (_, mark) in quote_marks(s) {
            match mark {
                QuoteMark::Open => n.open += 1,
                QuoteMark::Close => n.close += 1,
                QuoteMark::Straight => n.straight += 1,
            }
        }
        n
    }

    /// A sentence that opens a quote it does not close (“We will never accept it.).
    fn opens(&self, s: &str) -> bool {
        self.open > self.close
            || (self.open == 0 && self.straight % 2 == 1 && s.trim_start().starts_with('"'))
    }

    /// A sentence that closes a quote opened before (“… .” he said.).
    fn closes(&self) -> bool {
        self.close > self.open || (self.open == 0 && self.close == 0 && self.straight % 2 == 1)
    }
}

/// Mentions the second party needs, and how far the third must trail it, for the two
/// to clearly lead a document (same rule as the actors' "both sides" coreference).
const PAIR_MIN_MENTIONS: usize = 2;

/// The two most mentioned parties of a document, when they clearly lead.
fn leading_pair(actors: &DocActors) -> Option<(String, String)> {
    ranked_pair(actors, PAIR_MIN_MENTIONS, |second, third| {
        third * 2 <= second
    })
}

/// The two most mentioned parties when the second is still ahead of the third: what an
/// explicit "the parties agreed …" refers to when no joint act named them before.
fn loose_pair(actors: &DocActors) -> Option<(String, String)> {
    ranked_pair(actors, 1, |second, third| third < second)
}

fn ranked_pair(
    actors: &DocActors,
    min_second: usize,
    clear: impl Fn(usize, usize) -> bool,
) -> Option<(String, String)> {
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for m in &actors.mentions {
        let party = actors
            .entities
            .get(m.entity)
            .and_then(|e| e.party.as_deref());
        if let Some(p) = party {
            *counts.entry(p).or_default() += 1;
        }
    }
    let mut ranked: Vec<(&str, usize)> = counts.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let second = ranked.get(1)?.1;
    let third = ranked.get(2).map_or(0, |x| x.1);
    (second >= min_second && clear(second, third))
        .then(|| (ranked[0].0.to_string(), ranked[1].0.to_string()))
}

/// Which local entities lead a state: gazetteer leaders and people given a leader's
/// title in this text.
fn leaders_of(cfg: &ClaimsConfig, actors: &DocActors) -> Vec<bool> {
    let mut leaders: Vec<bool> = actors
        .entities
        .iter()
        .map(|e| {
            e.gazetteer_id
                .as_ref()
                .is_some_and(|id| cfg.leader_ids.contains(id))
        })
        .collect();
    for r in &actors.roles {
        if is_leader_title(&cfg.leader_titles, &r.role) {
            if let Some(slot) = leaders.get_mut(r.entity) {
                *slot = true;
            }
        }
    }
    leaders
}

impl DocClaims {
    /// The store's records: `entity_ids[i]` is the corpus-wide id of local entity `i`;
    /// `counted` is false for a duplicate document.
    pub fn records(
        &self,
        doc_id: &str,
        text: &str,
        entity_ids: &[String],
        counted: bool,
    ) -> (Vec<ClaimRecord>, Vec<MeetingRecord>, Vec<FactRecord>) {
        let slice = |s: Span| text.get(s.start..s.end).unwrap_or_default().to_string();
        let claims = self
            .claims
            .iter()
            .map(|c| ClaimRecord {
                id: c.id.clone(),
                doc: doc_id.to_string(),
                sentence: slice(c.sentence),
                start: c.sentence.start,
                end: c.sentence.end,
                cue: c.cue,
                party: c.party.clone(),
                speaker: c.speaker.and_then(|i| entity_ids.get(i).cloned()),
                act: c.act,
                topic: c.topic.clone(),
                item: slice(c.item).trim().to_string(),
                target: c.target.clone(),
                with: c.with.clone(),
                conditions: c.conditions.clone(),
                attributed_to: c.attributed_to.clone(),
                negated: c.negated,
                confidence: c.confidence,
                counted,
            })
            .collect();
        let meetings = self
            .meetings
            .iter()
            .map(|m| MeetingRecord {
                id: m.id.clone(),
                doc: doc_id.to_string(),
                sentence: slice(m.sentence),
                start: m.sentence.start,
                end: m.sentence.end,
                place: m.place.clone(),
                venue: m.venue.clone(),
                when: m.when.clone(),
                date: m.date.clone(),
                parties: m.parties.clone(),
                duration: m.duration.clone(),
                outcome: m.outcome.clone(),
                counted,
            })
            .collect();
        let facts = self
            .facts
            .iter()
            .map(|f| FactRecord {
                doc: doc_id.to_string(),
                subject: f.subject.clone(),
                attribute: f.attribute.clone(),
                value: f.value.clone(),
                key: f.key.clone(),
                start: f.span.start,
                end: f.span.end,
                counted,
            })
            .collect();
        (claims, meetings, facts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The char-by-char answers the byte scan replaced.
    fn reference_marks(s: &str) -> Vec<(usize, QuoteMark)> {
        s.char_indices()
            .filter_map(|(i, c)| match c {
                '“' | '«' => Some((i, QuoteMark::Open)),
                '”' | '»' => Some((i, QuoteMark::Close)),
                '"' => Some((i, QuoteMark::Straight)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn quote_marks_by_bytes_are_the_quote_chars() {
        for s in [
            "“We will never accept it,” he said — « non » \"yes\" ’s",
            "Â« Ã» ¢ “ ” «",
            "",
            "\"",
            "« trailing",
        ] {
            assert_eq!(
                quote_marks(s).collect::<Vec<_>>(),
                reference_marks(s),
                "{s:?}"
            );
        }
    }
}
