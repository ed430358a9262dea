//! The topic taxonomy (`data/topics.toml`): cues, combos, the leaders' refinement, and the
//! matcher that finds the leftmost topic of an item chunk.

use aho_corasick::MatchKind;
use serde::Deserialize;

use crate::lexicon::LazyAutomaton;
use crate::ClaimsError;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TopicsFile {
    #[serde(default)]
    replace: bool,
    #[serde(default)]
    topic: Vec<RawTopic>,
    refine: Option<Refine>,
    third_party_forces: Option<ThirdPartyForces>,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct RawTopic {
    id: String,
    label: Option<String>,
    #[serde(default)]
    cues: Vec<String>,
    #[serde(default)]
    combos: Vec<Vec<String>>,
}

/// Turn a `from` item into `to` when a leader is named in it.
#[derive(Debug, Deserialize, Clone, Default)]
#[serde(deny_unknown_fields)]
pub struct Refine {
    pub from: String,
    pub to: String,
    #[serde(default)]
    pub leader_titles: Vec<String>,
}

/// Turn a `from` item into `to` when the forces it names belong to a party that is not
/// one of the document's two leading parties ("the withdrawal of Eritrean troops" in
/// talks between Ethiopia and the TPLF is about foreign troops).
#[derive(Debug, Deserialize, Clone, Default)]
#[serde(deny_unknown_fields)]
pub struct ThirdPartyForces {
    pub from: String,
    pub to: String,
    /// Nouns for armed forces, right after the party's mention ("Eritrean troops").
    #[serde(default)]
    pub force_nouns: Vec<String>,
}

/// One topic of the taxonomy.
#[derive(Debug, Clone)]
pub struct Topic {
    pub id: String,
    pub label: String,
}

#[derive(Debug, Clone)]
struct Cue {
    topic: usize,
    prefix: bool,
    /// Used only when the chunk has no other topic cue.
    weak: bool,
}

/// A combo group word: which topic, which combo of it, which group of the combo.
#[derive(Debug, Clone)]
struct ComboWord {
    topic: usize,
    combo: usize,
    group: usize,
    prefix: bool,
}

/// The taxonomy with its compiled matchers.
#[derive(Debug, Clone, Default)]
pub struct Taxonomy {
    raw: Vec<RawTopic>,
    topics: Vec<Topic>,
    pub refine: Option<Refine>,
    pub third_party_forces: Option<ThirdPartyForces>,
    cue_automaton: LazyAutomaton,
    cues: Vec<Cue>,
    /// The automata's patterns, in their order (for the combined automaton of
    /// [`crate::scan`]).
    cue_patterns: Vec<String>,
    combo_patterns: Vec<String>,
    combo_automaton: LazyAutomaton,
    combo_words: Vec<ComboWord>,
    /// Per topic, per combo: the number of groups.
    combo_sizes: Vec<Vec<usize>>,
    /// Per topic: the one-word cues and combo words a count's noun may be
    /// ([`Taxonomy::names_topic`]), indexed once instead of re-split per token.
    count_nouns: Vec<CountNouns>,
}

/// The words of one topic that name it alone: exact words by fold key (text compared
/// on a key match), and the prefixes of `word*` patterns.
#[derive(Debug, Clone, Default)]
struct CountNouns {
    exact: rustc_hash::FxHashMap<u64, Vec<String>>,
    prefixes: Vec<String>,
}

impl CountNouns {
    /// The words [`Taxonomy::names_topic`] used to derive per call: cues and combo
    /// alternatives (split at '|', not trimmed), '~' dropped, words with a space left out.
    fn of(raw: &RawTopic) -> Self {
        let combo_words = raw.combos.iter().flatten().flat_map(|g| g.split('|'));
        let mut nouns = CountNouns::default();
        for c in raw.cues.iter().map(String::as_str).chain(combo_words) {
            let c = c.trim_start_matches('~');
            if c.contains(' ') {
                continue;
            }
            match c.strip_suffix('*') {
                Some(prefix) => nouns.prefixes.push(prefix.to_string()),
                None => nouns
                    .exact
                    .entry(crate::tokens::fold_hash(c))
                    .or_default()
                    .push(c.to_string()),
            }
        }
        nouns
    }

    /// `key` is the [`crate::tokens::fold_hash`] of `word`: words equal ignoring ASCII
    /// case have equal keys.
    fn names(&self, word: &str, key: u64) -> bool {
        self.exact
            .get(&key)
            .is_some_and(|words| words.iter().any(|c| word.eq_ignore_ascii_case(c)))
            || self
                .prefixes
                .iter()
                .any(|p| word.len() > p.len() && starts_with_ci(word, p))
    }
}

/// A topic found in a chunk: the topic index and where its cue starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TopicHit {
    pub topic: usize,
    pub start: usize,
    /// Found by a weak cue (no other cue in the chunk).
    pub weak: bool,
}

impl Taxonomy {
    /// Add or replace topics (format of `data/topics.toml`). A topic id listed again
    /// gets the new cues added to its old ones.
    pub fn add_toml(&mut self, toml_text: &str) -> Result<(), ClaimsError> {
        let file: TopicsFile = toml::from_str(toml_text)?;
        if file.replace {
            self.raw.clear();
            self.refine = None;
            self.third_party_forces = None;
        }
        for t in file.topic {
            match self.raw.iter_mut().find(|r| r.id == t.id) {
                Some(old) => {
                    old.cues.extend(t.cues);
                    old.combos.extend(t.combos);
                    if t.label.is_some() {
                        old.label = t.label;
                    }
                }
                None => self.raw.push(t),
            }
        }
        if file.refine.is_some() {
            self.refine = file.refine;
        }
        if file.third_party_forces.is_some() {
            self.third_party_forces = file.third_party_forces;
        }
        self.compile()
    }

    pub fn topics(&self) -> &[Topic] {
        &self.topics
    }

    pub fn id(&self, topic: usize) -> &str {
        &self.topics[topic].id
    }

    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.topics.iter().position(|t| t.id == id)
    }

    fn compile(&mut self) -> Result<(), ClaimsError> {
        self.topics = self
            .raw
            .iter()
            .map(|r| Topic {
                id: r.id.clone(),
                label: r.label.clone().unwrap_or_else(|| r.id.clone()),
            })
            .collect();
        let mut patterns = Vec::new();
        self.cues.clear();
        for (topic, raw) in self.raw.iter().enumerate() {
            for cue in &raw.cues {
                let (cue, weak) = match cue.strip_prefix('~') {
                    Some(rest) => (rest, true),
                    None => (cue.as_str(), false),
                };
                let (text, prefix) = split_prefix(cue);
                patterns.push(text.to_lowercase());
                self.cues.push(Cue {
                    topic,
                    prefix,
                    weak,
                });
            }
        }
        self.cue_automaton = LazyAutomaton::new(patterns.clone(), MatchKind::LeftmostLongest, true);
        self.cue_patterns = patterns;
        let mut combo_patterns = Vec::new();
        self.combo_words.clear();
        self.combo_sizes = vec![Vec::new(); self.raw.len()];
        for (topic, raw) in self.raw.iter().enumerate() {
            for (combo, groups) in raw.combos.iter().enumerate() {
                self.combo_sizes[topic].push(groups.len());
                for (group, alternatives) in groups.iter().enumerate() {
                    for word in alternatives.split('|') {
                        let (text, prefix) = split_prefix(word.trim());
                        combo_patterns.push(text.to_lowercase());
                        self.combo_words.push(ComboWord {
                            topic,
                            combo,
                            group,
                            prefix,
                        });
                    }
                }
            }
        }
        self.combo_automaton =
            LazyAutomaton::new(combo_patterns.clone(), MatchKind::Standard, true);
        self.combo_patterns = combo_patterns;
        self.count_nouns = self.raw.iter().map(CountNouns::of).collect();
        Ok(())
    }

    /// Is `word` one of the topic's one-word cues or combo words ("soldiers" of
    /// prisoner_exchange's "release … soldier*")? A count's noun must be.
    pub fn names_topic(&self, topic: usize, word: &str) -> bool {
        self.names_topic_keyed(topic, word, crate::tokens::fold_hash(word))
    }

    /// [`Taxonomy::names_topic`] for a token whose fold key is known (`Tok::key`).
    pub(crate) fn names_topic_keyed(&self, topic: usize, word: &str, key: u64) -> bool {
        self.count_nouns
            .get(topic)
            .is_some_and(|nouns| nouns.names(word, key))
    }

    /// Cue and combo-word patterns, in the order of their automata (and their indices).
    pub(crate) fn patterns(&self) -> (&[String], &[String]) {
        (&self.cue_patterns, &self.combo_patterns)
    }

    /// The leftmost topic whose cue (or combo) occurs in `text[start..end]`.
    pub fn leftmost(&self, text: &str, start: usize, end: usize) -> Option<TopicHit> {
        self.leftmost_in(&self.scan(text, start, end), text, start, end)
    }

    /// Every cue and combo word in `text[start..end]`, found once: a sentence is scanned
    /// once and its items and chunks are answered from the hits.
    pub fn scan(&self, text: &str, start: usize, end: usize) -> TopicScan {
        let span = &text[start..end];
        let cues = self
            .cue_automaton
            .get()
            .map(|ac| {
                ac.find_iter(span)
                    .map(|m| (start + m.start(), start + m.end(), m.pattern().as_usize()))
                    .collect()
            })
            .unwrap_or_default();
        let combos = self
            .combo_automaton
            .get()
            .map(|ac| {
                ac.find_overlapping_iter(span)
                    .map(|m| (start + m.start(), start + m.end(), m.pattern().as_usize()))
                    .collect()
            })
            .unwrap_or_default();
        TopicScan { cues, combos }
    }

    /// The leftmost topic in `text[start..end]` from a scan covering that range.
    pub fn leftmost_in(
        &self,
        scan: &TopicScan,
        text: &str,
        start: usize,
        end: usize,
    ) -> Option<TopicHit> {
        let mut weak_hit = None;
        let mut cue = None;
        for &(s, e, idx) in scan.cues.iter().filter(|h| h.0 >= start && h.1 <= end) {
            let c = &self.cues[idx];
            if !accept(text, s, e, end, c.prefix) {
                continue;
            }
            // "the mediators' ceasefire plan": a possessor is not the head of the
            // phrase; like a weak cue it counts only when nothing else does.
            let weak = c.weak || is_possessor(text, e);
            let hit = TopicHit {
                topic: c.topic,
                start: s,
                weak,
            };
            if !weak {
                cue = Some(hit);
                break;
            }
            weak_hit.get_or_insert(hit);
        }
        let cue = cue.or(weak_hit);
        let combo = self.leftmost_combo(scan, text, start, end);
        match (cue, combo) {
            (Some(a), Some(b)) if a.weak => Some(b),
            // A combo starting where a cue starts is the more specific reading ("control
            // of all the weapons": the weapons, not land).
            (Some(a), Some(b)) => Some(if b.start <= a.start { b } else { a }),
            (a, b) => a.or(b),
        }
    }

    fn leftmost_combo(
        &self,
        scan: &TopicScan,
        text: &str,
        start: usize,
        end: usize,
    ) -> Option<TopicHit> {
        // (topic, combo) → (groups seen as a bit set, first position)
        let mut seen: Vec<((usize, usize), u64, usize)> = Vec::new();
        for &(s, e, idx) in scan.combos.iter().filter(|h| h.0 >= start && h.1 <= end) {
            let w = &self.combo_words[idx];
            if !accept(text, s, e, end, w.prefix) || w.group >= 64 {
                continue;
            }
            let key = (w.topic, w.combo);
            match seen.iter_mut().find(|(k, _, _)| *k == key) {
                Some((_, bits, first)) => {
                    *bits |= 1 << w.group;
                    *first = (*first).min(s);
                }
                None => seen.push((key, 1 << w.group, s)),
            }
        }
        seen.into_iter()
            .filter(|((topic, combo), bits, _)| {
                bits.count_ones() as usize == self.combo_sizes[*topic][*combo]
            })
            .map(|((topic, _), _, first)| TopicHit {
                topic,
                start: first,
                weak: false,
            })
            .min_by_key(|h| (h.start, h.topic))
    }
}

/// The cue and combo-word hits of one stretch of text (byte offsets, pattern index).
#[derive(Debug, Clone, Default)]
pub struct TopicScan {
    cues: Vec<(usize, usize, usize)>,
    combos: Vec<(usize, usize, usize)>,
}

impl TopicScan {
    /// From the hits of the combined pass ([`crate::scan::SentHits`]): the cue hits
    /// leftmost-longest, the combo-word hits overlapping, as [`Taxonomy::scan`] finds them.
    pub(crate) fn from_hits(
        cues: Vec<(usize, usize, usize)>,
        combos: Vec<(usize, usize, usize)>,
    ) -> Self {
        TopicScan { cues, combos }
    }

    /// No topic cue or combo word anywhere: no stretch of the sentence names a topic.
    pub(crate) fn is_empty(&self) -> bool {
        self.cues.is_empty() && self.combos.is_empty()
    }

    /// The hit lists back (emptied here), for [`crate::scan::recycle`].
    pub(crate) fn take_hits(&mut self) -> (Vec<crate::scan::Hit>, Vec<crate::scan::Hit>) {
        (
            std::mem::take(&mut self.cues),
            std::mem::take(&mut self.combos),
        )
    }
}

fn split_prefix(cue: &str) -> (&str, bool) {
    match cue.strip_suffix('*') {
        Some(stem) => (stem, true),
        None => (cue, false),
    }
}

/// A cue hit counts on a word start; a prefix cue may end inside a word, a whole-word cue
/// must end on a boundary. Cues starting with punctuation ("-day pause") need no boundary.
fn accept(text: &str, s: usize, e: usize, limit: usize, prefix: bool) -> bool {
    let first = text[s..].chars().next().is_some_and(char::is_alphanumeric);
    let before_ok = !first
        || !text[..s]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric);
    if !before_ok || e > limit {
        return false;
    }
    prefix || !text[e..].chars().next().is_some_and(char::is_alphanumeric)
}

/// Is the word that the cue match ending at `e` belongs to followed by a possessive
/// apostrophe ("mediators' plan", "the truce's terms")?
fn is_possessor(text: &str, e: usize) -> bool {
    let rest = text.get(e..).unwrap_or("");
    let after_word = rest.trim_start_matches(char::is_alphanumeric);
    after_word.starts_with(['\'', '’'])
}

fn starts_with_ci(word: &str, prefix: &str) -> bool {
    word.get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn taxonomy() -> Taxonomy {
        let mut t = Taxonomy::default();
        t.add_toml(crate::DEFAULT_TOPICS).unwrap();
        t
    }

    fn topic_of(t: &Taxonomy, s: &str) -> Option<String> {
        t.leftmost(s, 0, s.len()).map(|h| t.id(h.topic).to_string())
    }

    #[test]
    fn leftmost_topic_of_a_chunk() {
        let t = taxonomy();
        assert_eq!(
            topic_of(&t, "a truce monitored by peacekeepers").as_deref(),
            Some("ceasefire")
        );
        assert_eq!(
            topic_of(&t, "the demilitarisation of the zone").as_deref(),
            Some("military_limits")
        );
        assert_eq!(topic_of(&t, "a Ceasefire").as_deref(), Some("ceasefire"));
        assert_eq!(topic_of(&t, "better weather"), None);
        // whole-word cues do not match inside words
        assert_eq!(topic_of(&t, "the portrait"), None);
    }

    #[test]
    fn a_combo_starting_with_a_cue_is_the_more_specific_reading() {
        let t = taxonomy();
        let weapons = "the army would take control of all the weapons of the country";
        assert_eq!(topic_of(&t, weapons).as_deref(), Some("military_limits"));
        let land = "the army would take control of the border crossing";
        assert_eq!(topic_of(&t, land).as_deref(), Some("territory"));
    }

    #[test]
    fn combos_need_every_group() {
        let t = taxonomy();
        assert_eq!(
            topic_of(&t, "its army to be limited").as_deref(),
            Some("military_limits")
        );
        assert_eq!(
            topic_of(&t, "recognise the areas as part of its state").as_deref(),
            Some("territory")
        );
        assert_eq!(
            topic_of(&t, "recognise Farsi as an official language").as_deref(),
            Some("language_rights")
        );
    }

    #[test]
    fn user_topics_add_or_replace() {
        let mut t = taxonomy();
        t.add_toml("[[topic]]\nid = \"wages\"\ncues = [\"pay rise*\", \"wage*\"]")
            .unwrap();
        assert_eq!(topic_of(&t, "a 6% pay rise").as_deref(), Some("wages"));
        assert!(t.index_of("ceasefire").is_some());
        t.add_toml("replace = true\n[[topic]]\nid = \"pensions\"\ncues = [\"pension*\"]")
            .unwrap();
        assert_eq!(t.topics().len(), 1);
        assert_eq!(topic_of(&t, "a ceasefire"), None);
    }
}
