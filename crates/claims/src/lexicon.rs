//! The act lexicon (`data/acts.toml`) and the grammar words (`data/claims.toml`): loading,
//! verb inflection, and the cue automaton.

use std::collections::BTreeMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::Deserialize;
use stancemap_model::Act;

use crate::tokens::{on_word_boundaries, phrase_words, PhraseSet, Tok};
use crate::ClaimsError;

/// How a cue word relates to its agent and item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CueKind {
    Verb,
    Noun,
    Adjective,
    /// "must", "should", "it is necessary that": the speaker of the sentence demands
    /// the item of the party named before the cue.
    Modal,
}

/// What one matched cue phrase means.
#[derive(Debug, Clone, PartialEq)]
pub struct CueSense {
    pub act: Act,
    pub kind: CueKind,
    /// Needs two or more parties; with one party it becomes `single_act`.
    pub joint: bool,
    pub single_act: Act,
    /// Words that must follow the matched head, each after a gap of 0..=3 words
    /// ("reached * agreement").
    pub tail: Vec<Vec<String>>,
    /// A verb form that can be a past participle ("proposed", "sought"): only such a
    /// form after an auxiliary makes a passive.
    pub participle: bool,
    /// `act = "none"`: a look-alike phrase that states no act.
    pub ignore: bool,
}

#[derive(Deserialize)]
struct ActsFile {
    #[serde(default)]
    cue: Vec<RawCue>,
}

#[derive(Deserialize)]
struct RawCue {
    act: String,
    kind: CueKind,
    #[serde(default)]
    joint: bool,
    single_act: Option<String>,
    phrases: Vec<String>,
}

/// Closed-class words of `data/claims.toml` (documented there).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Grammar {
    #[serde(default)]
    pub negators: Vec<String>,
    pub negation_window: Option<usize>,
    #[serde(default)]
    pub refusal_verbs: Vec<String>,
    #[serde(default)]
    pub subject_blockers: Vec<String>,
    #[serde(default)]
    pub agent_prepositions: Vec<String>,
    #[serde(default)]
    pub passive_auxiliaries: Vec<String>,
    #[serde(default)]
    pub linking_words: Vec<String>,
    #[serde(default)]
    pub noun_complements: Vec<String>,
    #[serde(default)]
    pub clause_breaks: Vec<String>,
    #[serde(default)]
    pub condition_markers: Vec<String>,
    #[serde(default)]
    pub list_separators: Vec<String>,
    #[serde(default)]
    pub hedges: Vec<String>,
    #[serde(default)]
    pub source_nouns: Vec<String>,
    #[serde(default)]
    pub reporting_verbs: Vec<String>,
    #[serde(default)]
    pub verb_only_reporting: Vec<String>,
    #[serde(default)]
    pub unasserted_heads: Vec<String>,
    #[serde(default)]
    pub anaphors: Vec<String>,
    #[serde(default)]
    pub named_anaphors: Vec<String>,
    #[serde(default)]
    pub pronoun_subjects: Vec<String>,
    #[serde(default)]
    pub side_nouns: Vec<String>,
    #[serde(default)]
    pub pair_subjects: Vec<String>,
    #[serde(default)]
    pub assertive_verbs: Vec<String>,
    #[serde(default)]
    pub outcome_heads: Vec<String>,
    #[serde(default)]
    pub past_auxiliaries: Vec<String>,
    #[serde(default)]
    pub self_sources: Vec<String>,
    #[serde(default)]
    pub modal_auxiliaries: Vec<String>,
    #[serde(default)]
    pub backshift_auxiliaries: Vec<String>,
}

impl Grammar {
    fn merge(&mut self, other: Grammar) {
        let lists = [
            (&mut self.negators, other.negators),
            (&mut self.assertive_verbs, other.assertive_verbs),
            (&mut self.outcome_heads, other.outcome_heads),
            (&mut self.past_auxiliaries, other.past_auxiliaries),
            (&mut self.self_sources, other.self_sources),
            (&mut self.modal_auxiliaries, other.modal_auxiliaries),
            (&mut self.backshift_auxiliaries, other.backshift_auxiliaries),
            (&mut self.refusal_verbs, other.refusal_verbs),
            (&mut self.subject_blockers, other.subject_blockers),
            (&mut self.agent_prepositions, other.agent_prepositions),
            (&mut self.passive_auxiliaries, other.passive_auxiliaries),
            (&mut self.linking_words, other.linking_words),
            (&mut self.noun_complements, other.noun_complements),
            (&mut self.clause_breaks, other.clause_breaks),
            (&mut self.condition_markers, other.condition_markers),
            (&mut self.list_separators, other.list_separators),
            (&mut self.hedges, other.hedges),
            (&mut self.source_nouns, other.source_nouns),
            (&mut self.reporting_verbs, other.reporting_verbs),
            (&mut self.verb_only_reporting, other.verb_only_reporting),
            (&mut self.unasserted_heads, other.unasserted_heads),
            (&mut self.anaphors, other.anaphors),
            (&mut self.named_anaphors, other.named_anaphors),
            (&mut self.pronoun_subjects, other.pronoun_subjects),
            (&mut self.side_nouns, other.side_nouns),
            (&mut self.pair_subjects, other.pair_subjects),
        ];
        for (mine, theirs) in lists {
            for w in theirs {
                if !mine.contains(&w) {
                    mine.push(w);
                }
            }
        }
        if other.negation_window.is_some() {
            self.negation_window = other.negation_window;
        }
    }
}

/// Grammar word lists pre-split into token words, for [`crate::tokens::phrase_at`].
#[derive(Debug, Clone, Default)]
pub struct WordLists {
    pub negators: PhraseSet,
    pub negation_window: usize,
    pub refusal_verbs: PhraseSet,
    pub subject_blockers: PhraseSet,
    pub agent_prepositions: PhraseSet,
    pub passive_auxiliaries: PhraseSet,
    pub linking_words: PhraseSet,
    pub noun_complements: PhraseSet,
    pub condition_markers: PhraseSet,
    pub hedges: PhraseSet,
    pub source_nouns: PhraseSet,
    pub reporting_verbs: PhraseSet,
    pub verb_only_reporting: PhraseSet,
    pub unasserted_heads: PhraseSet,
    pub anaphors: PhraseSet,
    pub named_anaphors: PhraseSet,
    pub pronoun_subjects: PhraseSet,
    pub side_nouns: PhraseSet,
    pub pair_subjects: PhraseSet,
    pub assertive_verbs: PhraseSet,
    pub past_auxiliaries: PhraseSet,
    pub outcome_heads: PhraseSet,
    pub self_sources: PhraseSet,
    pub modal_auxiliaries: PhraseSet,
    pub backshift_auxiliaries: PhraseSet,
    /// Matched on the text (they may start with ", "), case-insensitively.
    pub clause_breaks: LazyAutomaton,
    pub list_separators: LazyAutomaton,
}

/// An automaton finding every listed string (ASCII case-insensitive, leftmost-longest).
/// No prefilter: these lists start with a space or a comma, so a prefilter would stop at
/// every word and restart the automaton there, which costs more than the plain scan.
fn text_automaton(list: &[String]) -> LazyAutomaton {
    LazyAutomaton::new(list.to_vec(), MatchKind::LeftmostLongest, false)
}

/// The automaton of one phrase list (ASCII case-insensitive), built on first use.
///
/// The stage reads every sentence, and an anaphor's earlier sentence, with the combined
/// automaton of [`crate::scan`]; these per-list automata only serve the public
/// single-list searches ([`Lexicon::cues`], [`crate::Taxonomy::leftmost`], `chunks`
/// without hits), so an ingest never builds them. Built eagerly they were ~80 M
/// instructions, three quarters of the config build of every process. A list the
/// builder refuses matches nothing (the combined automaton, built eagerly from the same
/// patterns, reports a list too large when the config is built).
#[derive(Debug, Clone, Default)]
pub struct LazyAutomaton {
    patterns: Vec<String>,
    kind: MatchKind,
    prefilter: bool,
    built: std::sync::OnceLock<Option<AhoCorasick>>,
}

impl LazyAutomaton {
    pub(crate) fn new(patterns: Vec<String>, kind: MatchKind, prefilter: bool) -> Self {
        LazyAutomaton {
            patterns,
            kind,
            prefilter,
            built: std::sync::OnceLock::new(),
        }
    }

    /// The automaton, built now if this is its first use.
    pub fn get(&self) -> Option<&AhoCorasick> {
        self.built
            .get_or_init(|| {
                AhoCorasickBuilder::new()
                    .kind(Some(aho_corasick::AhoCorasickKind::DFA))
                    .prefilter(self.prefilter)
                    .match_kind(self.kind)
                    .ascii_case_insensitive(true)
                    .build(&self.patterns)
                    .ok()
            })
            .as_ref()
    }
}

fn split_all(list: &[String]) -> PhraseSet {
    PhraseSet::new(list.iter().map(|p| phrase_words(p)))
}

impl WordLists {
    /// Every phrase set of the lists (for [`crate::tokens::SetIndex`]).
    pub(crate) fn phrase_sets_mut(&mut self) -> [&mut PhraseSet; 24] {
        [
            &mut self.negators,
            &mut self.refusal_verbs,
            &mut self.subject_blockers,
            &mut self.agent_prepositions,
            &mut self.passive_auxiliaries,
            &mut self.linking_words,
            &mut self.noun_complements,
            &mut self.condition_markers,
            &mut self.hedges,
            &mut self.source_nouns,
            &mut self.reporting_verbs,
            &mut self.verb_only_reporting,
            &mut self.unasserted_heads,
            &mut self.anaphors,
            &mut self.named_anaphors,
            &mut self.pronoun_subjects,
            &mut self.side_nouns,
            &mut self.pair_subjects,
            &mut self.assertive_verbs,
            &mut self.past_auxiliaries,
            &mut self.outcome_heads,
            &mut self.self_sources,
            &mut self.modal_auxiliaries,
            &mut self.backshift_auxiliaries,
        ]
    }

    fn from_grammar(g: &Grammar) -> Self {
        WordLists {
            negators: split_all(&g.negators),
            negation_window: g.negation_window.unwrap_or(3),
            refusal_verbs: split_all(&g.refusal_verbs),
            subject_blockers: split_all(&g.subject_blockers),
            agent_prepositions: split_all(&g.agent_prepositions),
            passive_auxiliaries: split_all(&g.passive_auxiliaries),
            linking_words: split_all(&g.linking_words),
            noun_complements: split_all(&g.noun_complements),
            condition_markers: split_all(&g.condition_markers),
            hedges: split_all(&g.hedges),
            source_nouns: split_all(&g.source_nouns),
            reporting_verbs: split_all(&g.reporting_verbs),
            verb_only_reporting: split_all(&g.verb_only_reporting),
            unasserted_heads: split_all(&g.unasserted_heads),
            anaphors: split_all(&g.anaphors),
            named_anaphors: split_all(&g.named_anaphors),
            pronoun_subjects: split_all(&g.pronoun_subjects),
            side_nouns: split_all(&g.side_nouns),
            pair_subjects: split_all(&g.pair_subjects),
            assertive_verbs: split_all(&g.assertive_verbs),
            outcome_heads: split_all(&g.outcome_heads),
            past_auxiliaries: split_all(&g.past_auxiliaries),
            self_sources: split_all(&g.self_sources),
            modal_auxiliaries: split_all(&g.modal_auxiliaries),
            backshift_auxiliaries: split_all(&g.backshift_auxiliaries),
            clause_breaks: text_automaton(&g.clause_breaks),
            list_separators: text_automaton(&g.list_separators),
        }
    }
}

/// The act lexicon and grammar words, plus the compiled cue automaton.
#[derive(Debug, Clone)]
pub struct Lexicon {
    /// Surface head phrase (lower case) → sense. A later entry for the same surface wins.
    /// A surface may be both a verb and a noun ("demands", "offer"): one sense per kind.
    senses: BTreeMap<String, Vec<CueSense>>,
    grammar: Grammar,
    compiled: Option<Compiled>,
}

#[derive(Debug, Clone)]
struct Compiled {
    automaton: LazyAutomaton,
    /// The automaton's patterns, in its order (for the combined automaton of
    /// [`crate::scan`]).
    patterns: Vec<String>,
    senses: Vec<Vec<CueSense>>,
    words: WordLists,
}

/// One act cue found in a sentence; the sense is borrowed from the lexicon (no copy of
/// its tail words per hit).
#[derive(Debug, Clone, PartialEq)]
pub struct CueHit<'l> {
    pub start: usize,
    pub end: usize,
    pub sense: &'l CueSense,
}

impl Lexicon {
    pub fn empty() -> Self {
        Lexicon {
            senses: BTreeMap::new(),
            grammar: Grammar::default(),
            compiled: None,
        }
    }

    /// Add cue entries (format of `data/acts.toml`).
    pub fn add_acts_toml(&mut self, toml_text: &str) -> Result<(), ClaimsError> {
        let file: ActsFile = toml::from_str(toml_text)?;
        for raw in file.cue {
            let ignore = raw.act == "none";
            let act = if ignore {
                Act::Demand
            } else {
                parse_act(&raw.act)?
            };
            let single_act = match &raw.single_act {
                Some(name) => parse_act(name)?,
                None if raw.joint => Act::Accept,
                None => act,
            };
            let sense = CueSense {
                act,
                kind: raw.kind,
                joint: raw.joint,
                single_act,
                tail: Vec::new(),
                participle: false,
                ignore,
            };
            for phrase in &raw.phrases {
                add_phrase(&mut self.senses, phrase, &sense);
            }
        }
        self.compiled = None;
        Ok(())
    }

    /// Add grammar words (format of `data/claims.toml`); lists are merged.
    pub fn add_grammar_toml(&mut self, toml_text: &str) -> Result<(), ClaimsError> {
        self.add_grammar(toml::from_str(toml_text)?);
        Ok(())
    }

    /// Merge grammar words already parsed.
    pub fn add_grammar(&mut self, g: Grammar) {
        self.grammar.merge(g);
        self.compiled = None;
    }

    /// Compile the automaton; must be called after the last change (the config does it).
    pub fn compile(&mut self) -> Result<(), ClaimsError> {
        let mut patterns = Vec::with_capacity(self.senses.len());
        let mut senses = Vec::with_capacity(self.senses.len());
        for (surface, sense) in &self.senses {
            patterns.push(surface.clone());
            senses.push(sense.clone());
        }
        let automaton = LazyAutomaton::new(patterns.clone(), MatchKind::LeftmostLongest, true);
        self.compiled = Some(Compiled {
            automaton,
            patterns,
            senses,
            words: WordLists::from_grammar(&self.grammar),
        });
        Ok(())
    }

    /// The cue patterns in automaton order (empty before [`Lexicon::compile`]).
    pub(crate) fn cue_patterns(&self) -> &[String] {
        self.compiled.as_ref().map_or(&[], |c| &c.patterns)
    }

    /// The grammar words as loaded (clause breaks and list separators are matched on
    /// the text by [`crate::scan`]).
    pub(crate) fn grammar(&self) -> &Grammar {
        &self.grammar
    }

    pub(crate) fn words_mut(&mut self) -> Option<&mut WordLists> {
        self.compiled.as_mut().map(|c| &mut c.words)
    }

    pub fn words(&self) -> &WordLists {
        static EMPTY: std::sync::OnceLock<WordLists> = std::sync::OnceLock::new();
        match &self.compiled {
            Some(c) => &c.words,
            None => EMPTY.get_or_init(WordLists::default),
        }
    }

    /// Act cues in `text[start..end]`, on word boundaries, with their tails present.
    pub fn cues(&self, text: &str, start: usize, end: usize, toks: &[Tok]) -> Vec<CueHit<'_>> {
        let Some(ac) = self.compiled.as_ref().and_then(|c| c.automaton.get()) else {
            return Vec::new();
        };
        let hits: Vec<crate::scan::Hit> = ac
            .find_iter(&text[start..end])
            .map(|m| (start + m.start(), start + m.end(), m.pattern().as_usize()))
            .collect();
        self.cues_from_hits(&hits, text, toks)
    }

    /// [`Lexicon::cues`] from the leftmost-longest hits of the cue patterns (byte
    /// offsets and pattern index, as [`crate::scan::SentHits::act_cues`]).
    pub(crate) fn cues_from_hits(
        &self,
        hits: &[crate::scan::Hit],
        text: &str,
        toks: &[Tok],
    ) -> Vec<CueHit<'_>> {
        let Some(c) = &self.compiled else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for &(s, e, pattern) in hits {
            if !on_word_boundaries(text, s, e) {
                continue;
            }
            let Some(senses) = c.senses.get(pattern) else {
                continue;
            };
            for sense in senses {
                let Some(full_end) = tail_end(text, toks, e, &sense.tail) else {
                    continue;
                };
                out.push(CueHit {
                    start: s,
                    end: full_end,
                    sense,
                });
            }
        }
        out
    }
}

fn parse_act(name: &str) -> Result<Act, ClaimsError> {
    Act::parse(name).ok_or_else(|| ClaimsError::UnknownAct(name.to_string()))
}

/// Where the tail words of a gapped cue end ("reached a new agreement"), or `None` when a
/// tail word does not follow within 3 words.
fn tail_end(text: &str, toks: &[Tok], head_end: usize, tail: &[Vec<String>]) -> Option<usize> {
    const MAX_GAP: usize = 3;
    let mut end = head_end;
    for part in tail {
        let from = crate::tokens::token_at(toks, end);
        let found = (from..toks.len().min(from + MAX_GAP + 1))
            .find(|&i| crate::tokens::phrase_at(text, toks, i, part))?;
        end = toks[found + part.len() - 1].end;
    }
    Some(end)
}

/// Register one phrase of the data file: inflect a verb's first word, split gaps.
fn add_phrase(senses: &mut BTreeMap<String, Vec<CueSense>>, phrase: &str, sense: &CueSense) {
    let mut parts = phrase.split(" * ").map(str::trim);
    let head = parts.next().unwrap_or_default().to_lowercase();
    let tail: Vec<Vec<String>> = parts.map(phrase_words).collect();
    for (surface, participle) in surfaces(&head, sense.kind) {
        let sense = CueSense {
            tail: tail.clone(),
            participle,
            ..sense.clone()
        };
        let list = senses.entry(surface).or_default();
        // A later entry of the same kind and tail replaces the earlier one; kinds and
        // tails ("held * talks", "held * round") are kept apart.
        list.retain(|old| old.kind != sense.kind || old.tail != sense.tail);
        list.push(sense);
        list.sort_by_key(|s| s.kind != CueKind::Verb);
    }
}

/// The surface forms of a head phrase (verbs get their first word inflected), each
/// with whether that form can be a past participle: every form but the base, the -s
/// form and the -ing form.
fn surfaces(head: &str, kind: CueKind) -> Vec<(String, bool)> {
    let (first, rest) = match head.split_once(' ') {
        Some((f, r)) => (f, format!(" {r}")),
        None => (head, String::new()),
    };
    let forms: Vec<String> = if first.contains('|') {
        first.split('|').map(str::to_string).collect()
    } else if kind == CueKind::Verb {
        inflect(first)
    } else {
        vec![first.to_string()]
    };
    let verb = kind == CueKind::Verb;
    forms
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let participle = verb && i >= 2 && !f.ends_with("ing");
            (format!("{f}{rest}"), participle)
        })
        .collect()
}

/// Base, -s, -ed and -ing forms of a regular English verb ("be" gets its own forms).
pub fn inflect(verb: &str) -> Vec<String> {
    if verb == "be" {
        return ["be", "is", "are", "was", "were", "been", "being"]
            .map(str::to_string)
            .to_vec();
    }
    let consonant_y = verb.ends_with('y')
        && verb.len() > 1
        && !matches!(verb.as_bytes()[verb.len() - 2], b'a' | b'e' | b'o' | b'u');
    let stem_y = &verb[..verb.len().saturating_sub(1)];
    let third = if consonant_y {
        format!("{stem_y}ies")
    } else if ["s", "x", "z", "ch", "sh"]
        .iter()
        .any(|e| verb.ends_with(e))
    {
        format!("{verb}es")
    } else {
        format!("{verb}s")
    };
    let past = if consonant_y {
        format!("{stem_y}ied")
    } else if verb.ends_with('e') {
        format!("{verb}d")
    } else {
        format!("{verb}ed")
    };
    let ing = if let Some(stem) = verb.strip_suffix("ie") {
        format!("{stem}ying")
    } else if verb.ends_with('e') && !verb.ends_with("ee") && verb.len() > 2 {
        format!("{stem_y}ing")
    } else {
        format!("{verb}ing")
    };
    vec![verb.to_string(), third, past, ing]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::tokenize;

    #[test]
    fn regular_verbs_inflect() {
        assert_eq!(
            inflect("insist"),
            ["insist", "insists", "insisted", "insisting"]
        );
        assert_eq!(
            inflect("propose"),
            ["propose", "proposes", "proposed", "proposing"]
        );
        assert_eq!(inflect("deny"), ["deny", "denies", "denied", "denying"]);
        assert_eq!(inflect("push"), ["push", "pushes", "pushed", "pushing"]);
        assert_eq!(inflect("agree"), ["agree", "agrees", "agreed", "agreeing"]);
    }

    fn lexicon() -> Lexicon {
        let mut lex = Lexicon::empty();
        lex.add_acts_toml(
            r#"
[[cue]]
act = "agree"
kind = "verb"
joint = true
phrases = ["reach|reaches|reached * agreement", "agree"]
[[cue]]
act = "accept"
kind = "verb"
phrases = ["agree to"]
"#,
        )
        .unwrap();
        lex.compile().unwrap();
        lex
    }

    fn cue_texts(lex: &Lexicon, s: &str) -> Vec<(String, Act)> {
        let toks = tokenize(s, 0, s.len());
        lex.cues(s, 0, s.len(), &toks)
            .into_iter()
            .map(|h| (s[h.start..h.end].to_string(), h.sense.act))
            .collect()
    }

    #[test]
    fn longest_cue_wins_and_gaps_need_their_tail() {
        let lex = lexicon();
        assert_eq!(
            cue_texts(
                &lex,
                "Cairo Agreed To the plan; they reached a new agreement."
            ),
            [
                ("Agreed To".to_string(), Act::Accept),
                ("reached a new agreement".to_string(), Act::Agree)
            ]
        );
        assert!(cue_texts(&lex, "They reached the coast.").is_empty());
        assert!(cue_texts(&lex, "disagreement").is_empty());
    }

    #[test]
    fn unknown_act_is_an_error() {
        let err = Lexicon::empty()
            .add_acts_toml("[[cue]]\nact = \"ponder\"\nkind = \"verb\"\nphrases = [\"x\"]")
            .unwrap_err();
        assert!(err.to_string().contains("ponder"));
    }
}
