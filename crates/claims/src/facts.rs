//! Meeting vocabulary and reported facts (`data/facts.toml`): who mediated, stated in a
//! way other sources may contradict.

use serde::Deserialize;

use crate::extract::{DocCtx, Sent};
use crate::tokens::{on_word_boundaries, phrase_words, PhraseSet};
use crate::{ClaimsError, Fact};

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct FactsFile {
    #[serde(default)]
    meeting_cues: Vec<String>,
    #[serde(default)]
    venue_heads: Vec<String>,
    #[serde(default)]
    weekdays: Vec<String>,
    #[serde(default)]
    months: Vec<String>,
    #[serde(default)]
    relative_times: Vec<String>,
    #[serde(default)]
    future_markers: Vec<String>,
    #[serde(default)]
    past_forms: Vec<String>,
    #[serde(default)]
    duration_leads: Vec<String>,
    #[serde(default)]
    duration_qualifiers: Vec<String>,
    #[serde(default)]
    numbers: std::collections::BTreeMap<String, u64>,
    #[serde(default)]
    unit_minutes: std::collections::BTreeMap<String, u64>,
    #[serde(default)]
    outcome_cues: Vec<String>,
    #[serde(default)]
    fact: Vec<FactRule>,
}

/// One fact pattern of the data file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FactRule {
    pub attribute: String,
    pub subject: String,
    pub key: String,
    #[serde(default)]
    pub party_slot: bool,
    /// The key when a negator stands right before the phrase ("did not meet
    /// face-to-face" is no direct meeting); without it a negated phrase states nothing.
    #[serde(default)]
    pub negated_key: Option<String>,
    pub phrases: Vec<String>,
}

/// The vocabulary of `data/facts.toml`, phrases split into words.
#[derive(Debug, Clone, Default)]
pub struct FactRules {
    pub meeting_cues: PhraseSet,
    /// As written (capitalised), split into words.
    pub venue_heads: PhraseSet,
    pub weekdays: Vec<String>,
    pub months: Vec<String>,
    /// Fold keys of the weekdays, the months and "mid-" + month: an ASCII token whose
    /// key is not here is no weekday or month, without lower-casing it.
    pub time_word_keys: rustc_hash::FxHashSet<u64>,
    pub relative_times: PhraseSet,
    pub future_markers: PhraseSet,
    /// Irregular past forms ("met", "held"); regular ones end in "-ed".
    pub past_forms: Vec<String>,
    pub duration_leads: Vec<String>,
    pub duration_qualifiers: PhraseSet,
    /// Number words with their values, longest phrase first.
    pub number_values: Vec<(Vec<String>, u64)>,
    /// Unit word → minutes.
    pub unit_minutes: std::collections::BTreeMap<String, u64>,
    /// Unit words by [`crate::tokens::fold_hash`]: a token is tested by its key.
    pub unit_keys: rustc_hash::FxHashMap<u64, Vec<(String, u64)>>,
    /// One bit per unit key (its top six bits): every token of every sentence is tested
    /// for a unit, and this rejects almost all of them before the map lookup.
    pub unit_bloom: u64,
    /// Per entry of `number_values`: the key of its last word.
    pub number_last_keys: Vec<u64>,
    pub outcome_cues: PhraseSet,
    pub facts: Vec<FactRule>,
    meeting_phrases: Vec<String>,
    /// Per fact phrase (searched by [`crate::scan`]): its rule index and the phrase in
    /// lower case.
    phrase_owner: Vec<(usize, String)>,
    /// The fact phrases in the order of `phrase_owner` (for [`crate::scan`]).
    fact_patterns: Vec<String>,
}

fn add_words(to: &mut PhraseSet, from: Vec<String>) {
    to.extend(from.iter().map(|p| phrase_words(p)));
}

fn add_plain(to: &mut Vec<String>, from: Vec<String>) {
    for w in from {
        let w = w.to_lowercase();
        if !to.contains(&w) {
            to.push(w);
        }
    }
}

impl FactRules {
    /// Is this token a weekday or a month? Its fold key rules out most words without
    /// reading them (a non-ASCII word may fold to one, so it is always compared).
    pub(crate) fn names_a_day_or_month(&self, word: &str, key: u64) -> bool {
        (!word.is_ascii() || self.time_word_keys.contains(&key))
            && self
                .weekdays
                .iter()
                .chain(&self.months)
                .any(|x| crate::tokens::same_word(word, x))
    }

    pub fn add_toml(&mut self, toml_text: &str) -> Result<(), ClaimsError> {
        let f: FactsFile = toml::from_str(toml_text)?;
        self.meeting_phrases
            .extend(f.meeting_cues.iter().map(|c| c.to_lowercase()));
        add_words(&mut self.meeting_cues, f.meeting_cues);
        add_words(&mut self.venue_heads, f.venue_heads);
        add_plain(&mut self.weekdays, f.weekdays);
        add_plain(&mut self.months, f.months);
        self.time_word_keys = self
            .weekdays
            .iter()
            .cloned()
            .chain(
                self.months
                    .iter()
                    .flat_map(|m| [m.clone(), format!("mid-{m}")]),
            )
            .map(|w| crate::tokens::fold_hash(&w))
            .collect();
        add_words(&mut self.relative_times, f.relative_times);
        add_words(&mut self.future_markers, f.future_markers);
        add_plain(&mut self.past_forms, f.past_forms);
        add_plain(&mut self.duration_leads, f.duration_leads);
        add_words(&mut self.duration_qualifiers, f.duration_qualifiers);
        for (word, value) in f.numbers {
            let w = phrase_words(&word);
            self.number_values.retain(|(old, _)| *old != w);
            self.number_values.push((w, value));
        }
        self.number_values
            .sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        for (unit, minutes) in f.unit_minutes {
            self.unit_minutes.insert(unit.to_lowercase(), minutes);
        }
        self.unit_keys.clear();
        for (unit, minutes) in &self.unit_minutes {
            self.unit_keys
                .entry(crate::tokens::fold_hash(unit))
                .or_default()
                .push((unit.clone(), *minutes));
        }
        self.unit_bloom = self
            .unit_keys
            .keys()
            .fold(0, |bits, &key| bits | 1 << (key >> 58));
        self.number_last_keys = self
            .number_values
            .iter()
            .map(|(p, _)| p.last().map_or(0, |w| crate::tokens::fold_hash(w)))
            .collect();
        add_words(&mut self.outcome_cues, f.outcome_cues);
        self.facts.extend(f.fact);
        self.compile()
    }

    fn compile(&mut self) -> Result<(), ClaimsError> {
        self.phrase_owner = self
            .facts
            .iter()
            .enumerate()
            .flat_map(|(i, r)| r.phrases.iter().map(move |p| (i, p.to_lowercase())))
            .collect();
        // "* mediation" is searched as "mediation"; the party before it is checked after.
        self.fact_patterns = self
            .phrase_owner
            .iter()
            .map(|(_, p)| p.strip_prefix(PARTY_BEFORE).unwrap_or(p).to_string())
            .collect();
        Ok(())
    }

    /// "Oman-brokered": the length of a glued mediation phrase ("-brokered", a phrase
    /// of a `mediation` fact starting with "-") at byte `at`, ending on a word boundary.
    /// The party glued before it is the mediator of what follows, not a side.
    pub(crate) fn glued_mediation_at(&self, text: &str, at: usize) -> Option<usize> {
        let rest = text.get(at..)?;
        if !rest.starts_with('-') {
            return None;
        }
        self.facts
            .iter()
            .filter(|r| r.attribute == "mediation" && r.party_slot)
            .flat_map(|r| r.phrases.iter())
            .filter(|p| p.starts_with('-'))
            .filter(|p| {
                rest.get(..p.len())
                    .is_some_and(|head| head.eq_ignore_ascii_case(p))
                    && on_word_boundaries(text, at + 1, at + p.len())
            })
            .map(String::len)
            .max()
    }

    /// Every phrase set of the vocabulary (for [`crate::tokens::SetIndex`]).
    pub(crate) fn phrase_sets_mut(&mut self) -> [&mut PhraseSet; 6] {
        [
            &mut self.meeting_cues,
            &mut self.venue_heads,
            &mut self.relative_times,
            &mut self.future_markers,
            &mut self.duration_qualifiers,
            &mut self.outcome_cues,
        ]
    }

    /// Meeting-cue and fact patterns (searched by [`crate::scan`]).
    pub(crate) fn patterns(&self) -> (&[String], &[String]) {
        (&self.meeting_phrases, &self.fact_patterns)
    }
}

/// Facts stated in one sentence.
pub(crate) fn facts_in(ctx: &DocCtx, sent: &Sent) -> Vec<Fact> {
    let rules = &ctx.cfg.facts;
    let mut out = Vec::new();
    // Overlapping hits: "-brokered" and "brokered by" may both be worth a look.
    for &(s, e, pattern) in &sent.hits.fact_phrases {
        let Some((rule, needle)) = rules.phrase_owner.get(pattern) else {
            continue;
        };
        let rule = &rules.facts[*rule];
        let negated = rule.negated_key.is_some()
            && crate::extract::negated_at(sent, s, ctx.cfg.lexicon.words());
        if let Some(fact) = fact_at(ctx, sent, rule, needle, s, e, negated) {
            out.push(fact);
        }
    }
    out.extend(duration_facts(ctx, sent));
    out.extend(topic_durations(ctx, sent));
    out.sort_by_key(|f| f.span);
    out.dedup_by(|a, b| a.span.start < b.span.end && b.span.start < a.span.end);
    out
}

/// Tokens between a meeting word and a duration that is about that meeting.
const MEETING_DURATION_WINDOW: usize = 40;

/// "The round lasted three days": in a sentence reporting a meeting, each duration is a
/// fact about the meeting, compared in minutes.
fn duration_facts(ctx: &DocCtx, sent: &Sent) -> Vec<Fact> {
    if !sent.meeting_cue {
        return Vec::new();
    }
    // One subject per story: outlets name the place of a round inconsistently (or not
    // at all), so durations are compared across the story's reports. Known cost: two
    // rounds of different length in one story are reported as a contradiction.
    let subject = "meeting".to_string();
    let toks = &sent.toks;
    let cue_at: Vec<usize> = (0..toks.len())
        .filter(|&i| ctx.cfg.facts.meeting_cues.any_at(sent.text, toks, i))
        .collect();
    // The duration must sit next to the meeting words ("talks lasted three hours"), not
    // elsewhere in the sentence ("… a truce for a week").
    let near_cue = |d: &crate::meetings::Duration| {
        let i = crate::tokens::token_at(toks, d.span.start);
        cue_at
            .iter()
            .any(|&c| c.abs_diff(i) <= MEETING_DURATION_WINDOW)
    };
    crate::meetings::durations(ctx, sent)
        .into_iter()
        .filter(near_cue)
        .map(|d| Fact {
            subject: subject.clone(),
            attribute: "duration".to_string(),
            value: sent.text[d.span.start..d.span.end].to_string(),
            key: format!("{}min", d.minutes),
            span: d.span,
        })
        .collect()
}

/// The party named right before byte `at`, across spaces: a mention, or a demonym the
/// actor stage leaves untagged before a noun that is no side ("Qatari mediation").
fn party_right_before<'a>(
    ctx: &DocCtx<'a>,
    sent: &Sent<'a>,
    at: usize,
) -> Option<(usize, &'a str)> {
    let only_spaces =
        |from: usize| from < at && sent.text[from..at].bytes().all(|b| b.is_ascii_whitespace());
    if let Some(m) = sent
        .ments
        .iter()
        .find(|m| m.party.is_some() && only_spaces(m.end))
    {
        return Some((m.start, m.party?));
    }
    let i = crate::tokens::token_at(&sent.toks, at).checked_sub(1)?;
    let t = sent.toks.get(i)?;
    let party = ctx.cfg.demonyms.get(t.text(sent.text))?;
    only_spaces(t.end).then_some((t.start, party.as_str()))
}

/// A fact phrase starting with this takes the party mention right before it, across
/// spaces ("Kazakh mediation", "under Qatari mediation").
const PARTY_BEFORE: &str = "* ";

/// The fact at a phrase hit, with the party slot filled when the rule has one. A negated
/// phrase gives the rule's `negated_key` (no party: "not mediated by Qatar" names none).
fn fact_at(
    ctx: &DocCtx,
    sent: &Sent,
    rule: &FactRule,
    needle: &str,
    s: usize,
    e: usize,
    negated: bool,
) -> Option<Fact> {
    let glued = needle.starts_with('-');
    if !glued && !on_word_boundaries(sent.text, s, e) {
        return None;
    }
    let (span_start, span_end, party) = if !rule.party_slot {
        (s, e, None)
    } else if glued {
        let m = sent
            .ments
            .iter()
            .find(|m| m.end == s && m.party.is_some())?;
        (m.start, e, m.party)
    } else if needle.starts_with(PARTY_BEFORE) {
        let (start, party) = party_right_before(ctx, sent, s)?;
        (start, e, Some(party))
    } else {
        let m = sent
            .ments
            .iter()
            .find(|m| m.start >= e && m.start <= e + 12 && m.party.is_some());
        match m {
            Some(m) => (s, m.end, m.party),
            None => (s, e, None),
        }
    };
    let key = match (negated, &rule.negated_key, party) {
        (true, Some(k), _) => k.clone(),
        (_, _, Some(p)) => format!("{}:{p}", rule.key),
        _ => rule.key.clone(),
    };
    Some(Fact {
        subject: rule.subject.clone(),
        attribute: rule.attribute.clone(),
        value: sent.text[span_start..span_end].to_string(),
        key,
        span: stancemap_model::Span::new(span_start, span_end),
    })
}

/// Modifier words allowed between a number and the counted noun ("ten living hostages").
const COUNT_MODIFIERS: usize = 2;

/// "Egypt proposed freeing ten living hostages": a number before the topic word of a
/// claim's item is a count that other outlets may give differently. Subject: the topic;
/// attribute `count:<noun>`; key: the number.
pub(crate) fn count_facts(ctx: &DocCtx, sent: &Sent, claims: &[crate::Claim]) -> Vec<Fact> {
    let mut out = Vec::new();
    for c in claims {
        let Some(topic) = c.topic.as_deref() else {
            continue;
        };
        let Some(hit) = sent.topic_in(ctx, c.item.start, c.item.end) else {
            continue;
        };
        let k = crate::tokens::token_at(&sent.toks, hit.start);
        // The number stands before the cue ("ten living hostages"), or, for a cue that
        // is not the counted noun ("the release of 18 soldiers"), before a later word
        // of the item that names the topic.
        let last_item_tok = crate::tokens::token_at(&sent.toks, c.item.end);
        let topic_index = ctx.cfg.topics.index_of(topic);
        let Some((k, (start_tok, n))) = std::iter::once(k)
            .chain((k + 1..last_item_tok).filter(|&j| {
                let tok = &sent.toks[j];
                topic_index.is_some_and(|t| {
                    ctx.cfg
                        .topics
                        .names_topic_keyed(t, tok.text(sent.text), tok.key)
                })
            }))
            .find_map(|k| number_before_noun(ctx, sent, k).map(|found| (k, found)))
        else {
            continue;
        };
        let Some(noun) = sent.toks.get(k).map(|t| t.text(sent.text).to_lowercase()) else {
            continue;
        };
        // "a truce": the article is no count.
        if n < 2 {
            continue;
        }
        // "600 aid trucks": the counted thing may run one word past the topic cue.
        let plural_next = sent.toks.get(k + 1).is_some_and(|t| {
            let w = t.text(sent.text);
            t.word && w.len() > 3 && w.ends_with('s') && w.chars().all(char::is_lowercase)
        });
        let last = if plural_next { k + 1 } else { k };
        let span = stancemap_model::Span::new(sent.toks[start_tok].start, sent.toks[last].end);
        out.push(Fact {
            subject: topic.to_string(),
            attribute: format!("count:{noun}"),
            value: sent.text[span.start..span.end].to_string(),
            key: n.to_string(),
            span,
        });
    }
    out
}

/// "ten living hostages", "six Lebanese detainees": the number at most
/// [`COUNT_MODIFIERS`] lower-case words or demonyms before token `k`: (its first token,
/// its value).
fn number_before_noun(ctx: &DocCtx, sent: &Sent, k: usize) -> Option<(usize, u64)> {
    (0..=COUNT_MODIFIERS).find_map(|skip| {
        let end = k.checked_sub(skip)?;
        let between_lower = (end..k).all(|j| {
            let w = sent.toks[j].text(sent.text);
            sent.toks[j].word
                && (w.chars().all(|ch| ch.is_lowercase() || ch == '-')
                    || ctx.cfg.demonyms.contains_key(w))
        });
        if !between_lower {
            return None;
        }
        crate::meetings::number_before(&ctx.cfg.facts, sent, end)
    })
}

/// A document that gives several numbers for the same count (two phases, two groups)
/// states no single value to compare: its counts for that subject are dropped.
pub(crate) fn keep_single_counts(facts: &mut Vec<Fact>) {
    let is_count = |f: &Fact| f.attribute.starts_with("count:");
    let mut keys: std::collections::BTreeMap<(String, String), std::collections::BTreeSet<String>> =
        std::collections::BTreeMap::new();
    for f in facts.iter().filter(|f| is_count(f)) {
        keys.entry((f.subject.clone(), f.attribute.clone()))
            .or_default()
            .insert(f.key.clone());
    }
    facts.retain(|f| {
        !is_count(f)
            || keys
                .get(&(f.subject.clone(), f.attribute.clone()))
                .is_some_and(|k| k.len() == 1)
    });
    // One fact per (subject, attribute) per document is enough for the comparison.
    let mut seen = std::collections::BTreeSet::new();
    facts.retain(|f| !is_count(f) || seen.insert((f.subject.clone(), f.attribute.clone())));
}

/// "a seven-day truce", "the truce of ten days", "a 90-day tariff pause": a duration
/// bound to a topic word is a fact about that topic (attribute `duration`), so outlets
/// giving the truce different lengths show as a contradiction.
fn topic_durations(ctx: &DocCtx, sent: &Sent) -> Vec<Fact> {
    let toks = &sent.toks;
    let mut out = Vec::new();
    // Without a topic word the durations need not be looked for (a fifth of the
    // sentences; meeting durations are looked for only after a meeting cue).
    if !sent.names_a_topic() {
        return out;
    }
    for &(start, k, minutes) in sent.raw_durations(ctx) {
        let hyphenated = start == k || toks[k].text(sent.text).contains('-');
        // Hyphenated: the topic word follows within two words ("seven-day humanitarian
        // truce"); otherwise "of N days" right after the topic word.
        let hit = if hyphenated {
            let from = toks.get(k + 1).map(|t| t.start);
            let to = toks.get((k + 3).min(toks.len() - 1)).map(|t| t.end);
            from.zip(to)
                .and_then(|(f, t)| sent.topic_in(ctx, f, t))
                .filter(|h| crate::tokens::token_at(toks, h.start) <= k + 2)
        } else {
            let of = start
                .checked_sub(1)
                .filter(|&j| toks[j].text(sent.text).eq_ignore_ascii_case("of"));
            of.and_then(|j| j.checked_sub(3).map(|lo| (lo, j)))
                .and_then(|(lo, j)| sent.topic_in(ctx, toks[lo].start, toks[j - 1].end))
        };
        let Some(hit) = hit.filter(|h| !h.weak) else {
            continue;
        };
        let span = stancemap_model::Span::new(toks[start].start, toks[k].end);
        out.push(Fact {
            subject: ctx.cfg.topics.id(hit.topic).to_string(),
            attribute: "duration".to_string(),
            value: sent.text[span.start..span.end].to_string(),
            key: format!("{minutes}min"),
            span,
        });
    }
    out
}
