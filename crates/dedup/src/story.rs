//! Story clustering: single-pass assignment of documents to negotiation threads.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use stancemap_model::text::words;

use crate::vocab::{lower_word, Vocab};

/// Weight of one occurrence of a name relative to a content word: who negotiates
/// (parties, mediators, places) identifies a thread better than topic words, which
/// every negotiation shares ("talks", "demands", "ceasefire").
pub const NAME_WEIGHT: f64 = 2.0;
/// Multiplier for terms of the title: the headline states what the article is about.
pub const TITLE_BOOST: f64 = 2.0;
/// Cosine similarity (after time decay) below which a document starts a new story.
/// On the fixtures (five negotiations, fed in two orders) a document measured
/// 0.165–0.51 against its own thread's story and at most 0.108 against another
/// thread's (shared "Washington", "tariff"-like vocabulary); the seed articles measured
/// 0.28–0.32 against their story. 0.14 sits in the gap, slightly nearer the low side
/// because a missed join (one thread split into two stories) is worse for the ledger
/// than a rare false join.
pub const NEW_STORY_SIMILARITY: f64 = 0.14;
/// Half-life, in days, of a story's pull: rounds of talks weeks apart still join (a
/// 3-week gap keeps 86 % of the similarity), a thread silent for half a year needs a
/// much stronger match (a 6-month gap keeps 53 %). See [`time_factor`].
pub const DECAY_HALF_LIFE_DAYS: f64 = 45.0;
/// Terms kept per story centroid: enough for the names and key topic words of a
/// thread (a member document has 60–150 terms, its top 64 carry most of its weight),
/// small enough that a story costs about 1 KB of JSON state.
pub const CENTROID_TERMS: usize = 64;
/// Centroid weights are rounded to this many decimals: far below any similarity
/// difference that matters, and the JSON state gets about 40 % smaller.
const WEIGHT_DECIMALS: i32 = 4;
/// Document-frequency entries kept; beyond this the rarest are pruned (a pruned term
/// just looks new again, i.e. gets a high IDF, which is what a rare term deserves).
pub const MAX_DF_TERMS: usize = 100_000;
/// Only stories sharing one of a document's heaviest terms are scored: a story sharing
/// none of them cannot reach [`NEW_STORY_SIMILARITY`] in practice.
pub const CANDIDATE_TERMS: usize = 24;
/// A line where at least this share of words (of 4+ words) is capitalised is in Title
/// Case: capitals there say nothing about names, so no names are taken from it.
pub const TITLE_CASE_SHARE: f64 = 0.6;

/// The sparse weighted term vector of a document (before IDF): content-word stems and
/// names (`@` + lower-cased name, multi-word names also as one term), with sublinear
/// term frequency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoryFeatures {
    terms: BTreeMap<String, f64>,
}

impl StoryFeatures {
    /// Features of a cleaned document; `is_stopword` is asked lower-cased words.
    pub fn from_document(title: &str, text: &str, is_stopword: &dyn Fn(&str) -> bool) -> Self {
        static VOCAB: OnceLock<Vocab> = OnceLock::new();
        Self::from_document_with(VOCAB.get_or_init(Vocab::default), title, text, is_stopword)
    }

    /// [`StoryFeatures::from_document`] with a user's vocabulary (stemming).
    pub fn from_document_with(
        vocab: &Vocab,
        title: &str,
        text: &str,
        is_stopword: &dyn Fn(&str) -> bool,
    ) -> Self {
        let mut counts = BTreeMap::new();
        let mut collector = TermCollector {
            vocab,
            is_stopword,
            counts: &mut counts,
        };
        for line in title.lines() {
            collector.add_line(line, TITLE_BOOST);
        }
        for line in text.lines() {
            collector.add_line(line, 1.0);
        }
        let terms = counts
            .into_iter()
            .map(|(term, count)| (term, (1.0 + count).ln()))
            .collect();
        StoryFeatures { terms }
    }

    /// The weighted terms, sorted by term.
    pub fn terms(&self) -> &BTreeMap<String, f64> {
        &self.terms
    }
}

struct TermCollector<'a> {
    vocab: &'a Vocab,
    is_stopword: &'a dyn Fn(&str) -> bool,
    counts: &'a mut BTreeMap<String, f64>,
}

impl TermCollector<'_> {
    fn add_line(&mut self, line: &str, boost: f64) {
        let tokens: Vec<(usize, &str)> = words(line).collect();
        let names_allowed = !is_title_case(&tokens);
        let mut name_run: Vec<String> = Vec::new();
        let mut prev_end = 0;
        for &(start, word) in &tokens {
            let lower = lower_word(word);
            let stop = (self.is_stopword)(&lower);
            if !stop && lower.chars().count() >= 3 && !is_number(&lower) {
                *self.counts.entry(self.vocab.stem(&lower)).or_default() += boost;
            }
            let is_name = names_allowed
                && !stop
                && !self.vocab.is_not_name(&lower)
                && starts_upper(word)
                && !sentence_initial(line, start);
            let adjacent = line[prev_end..start].trim().is_empty();
            if !(is_name && adjacent) {
                self.flush_names(&mut name_run, boost);
            }
            if is_name {
                name_run.push(lower.strip_suffix("'s").unwrap_or(&lower).to_string());
            }
            prev_end = start + word.len();
        }
        self.flush_names(&mut name_run, boost);
    }

    /// Each part of a run of adjacent names is a name term; a multi-word run is one
    /// more term ("@vladimir", "@putin", "@vladimir putin").
    fn flush_names(&mut self, run: &mut Vec<String>, boost: f64) {
        for part in run.iter() {
            *self.counts.entry(format!("@{part}")).or_default() += NAME_WEIGHT * boost;
        }
        if run.len() > 1 {
            *self
                .counts
                .entry(format!("@{}", run.join(" ")))
                .or_default() += NAME_WEIGHT * boost;
        }
        run.clear();
    }
}

fn is_number(lower: &str) -> bool {
    lower.chars().all(|c| c.is_ascii_digit())
}

fn starts_upper(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// Is the word at `start` the first of its sentence (line start, or after `.!?:`
/// possibly followed by quotes or brackets)?
fn sentence_initial(line: &str, start: usize) -> bool {
    let before = line[..start].trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '"' | '\'' | '(' | '[' | '\u{201C}' | '\u{2018}')
    });
    before.is_empty() || before.ends_with(['.', '!', '?', ':', '-', '\u{2014}', '\u{2013}'])
}

fn is_title_case(tokens: &[(usize, &str)]) -> bool {
    let alphabetic: Vec<&str> = tokens
        .iter()
        .map(|(_, w)| *w)
        .filter(|w| w.chars().next().is_some_and(char::is_alphabetic))
        .collect();
    if alphabetic.len() < 4 {
        return false;
    }
    let upper = alphabetic.iter().filter(|w| starts_upper(w)).count();
    upper as f64 >= TITLE_CASE_SHARE * alphabetic.len() as f64
}

/// One story: a decayed sum of its members' vectors, truncated.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Story {
    id: String,
    centroid: BTreeMap<String, f32>,
    members: u32,
    /// Latest known publication day (days since 1970-01-01).
    last_day: Option<i32>,
}

/// Single-pass story clusterer; its state is persisted by the store as JSON.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct StoryClusterer {
    docs: u64,
    /// Document frequencies. A hash map because every document looks up hundreds of
    /// terms in up to `MAX_DF_TERMS`; serialised sorted, so the saved state is
    /// deterministic.
    #[serde(serialize_with = "serialize_sorted")]
    df: HashMap<String, u32>,
    stories: Vec<Story>,
    /// term → indices of stories whose centroid has (or had) the term. Derived data,
    /// rebuilt after loading.
    #[serde(skip)]
    index: Option<HashMap<String, Vec<usize>>>,
}

impl StoryClusterer {
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of stories created so far.
    pub fn story_count(&self) -> usize {
        self.stories.len()
    }

    /// Assign a story id ("s-1", "s-2", … in order of creation) and update the state.
    /// `published` is an ISO date `YYYY-MM-DD`; anything else counts as unknown.
    pub fn assign(&mut self, features: &StoryFeatures, published: Option<&str>) -> String {
        let day = published.and_then(parse_day);
        self.count_document(features);
        let vector = self.weigh(features);
        let best = self.best_story(&vector, day);
        let index = match best {
            Some((index, similarity)) if similarity >= NEW_STORY_SIMILARITY => {
                self.join(index, &vector, day);
                index
            }
            _ => self.create(&vector, day),
        };
        self.stories[index].id.clone()
    }

    /// Read-only explanation: each story's similarity (cosine × [`time_factor`]) to a
    /// document, in creation order, as [`StoryClusterer::assign`] would see it (up to
    /// the document's own contribution to the document frequencies).
    pub fn scores(&self, features: &StoryFeatures, published: Option<&str>) -> Vec<(String, f64)> {
        let day = published.and_then(parse_day);
        let vector = self.weigh(features);
        let document: HashMap<&str, f64> = vector.iter().map(|(t, w)| (t.as_str(), *w)).collect();
        self.stories
            .iter()
            .map(|s| {
                let similarity = cosine(&document, &s.centroid) * time_factor(s.last_day, day);
                (s.id.clone(), similarity)
            })
            .collect()
    }

    fn count_document(&mut self, features: &StoryFeatures) {
        self.docs += 1;
        for term in features.terms.keys() {
            *self.df.entry(term.clone()).or_default() += 1;
        }
        if self.df.len() > MAX_DF_TERMS {
            self.prune_df();
        }
    }

    /// Drop the rarest entries until the vocabulary is back under 90 % of the cap.
    fn prune_df(&mut self) {
        let target = MAX_DF_TERMS * 9 / 10;
        let mut floor = 1;
        while self.df.len() > target {
            self.df.retain(|_, df| *df > floor);
            floor += 1;
        }
    }

    /// TF-IDF vector, L2-normalised, sorted by term.
    fn weigh(&self, features: &StoryFeatures) -> Vec<(String, f64)> {
        let n = self.docs.max(1) as f64;
        let mut vector: Vec<(String, f64)> = features
            .terms
            .iter()
            .map(|(term, tf)| {
                let df = f64::from(self.df.get(term).copied().unwrap_or(1).max(1));
                (term.clone(), tf * (1.0 + n / df).ln())
            })
            .collect();
        let norm = vector.iter().map(|(_, w)| w * w).sum::<f64>().sqrt();
        if norm > 0.0 {
            vector.iter_mut().for_each(|(_, w)| *w /= norm);
        }
        vector
    }

    /// The most similar story (time decay applied); ties go to the older story.
    fn best_story(&mut self, vector: &[(String, f64)], day: Option<i32>) -> Option<(usize, f64)> {
        let mut best: Option<(usize, f64)> = None;
        // A hash map of the document once, so each candidate costs one lookup per
        // centroid term (at most CENTROID_TERMS) instead of a tree walk per document term.
        let document: HashMap<&str, f64> = vector.iter().map(|(t, w)| (t.as_str(), *w)).collect();
        for index in self.candidates(vector) {
            let story = &self.stories[index];
            let similarity = cosine(&document, &story.centroid) * time_factor(story.last_day, day);
            if best.is_none_or(|(_, b)| similarity > b) {
                best = Some((index, similarity));
            }
        }
        best
    }

    /// Stories sharing one of the document's heaviest terms, ascending.
    fn candidates(&mut self, vector: &[(String, f64)]) -> BTreeSet<usize> {
        let mut heaviest: Vec<&(String, f64)> = vector.iter().collect();
        heaviest.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let index = self.index();
        heaviest
            .into_iter()
            .take(CANDIDATE_TERMS)
            .filter_map(|(term, _)| index.get(term))
            .flatten()
            .copied()
            .collect()
    }

    fn index(&mut self) -> &HashMap<String, Vec<usize>> {
        let stories = &self.stories;
        self.index.get_or_insert_with(|| {
            let mut index: HashMap<String, Vec<usize>> = HashMap::new();
            for (i, story) in stories.iter().enumerate() {
                for term in story.centroid.keys() {
                    index.entry(term.clone()).or_default().push(i);
                }
            }
            index
        })
    }

    fn join(&mut self, index: usize, vector: &[(String, f64)], day: Option<i32>) {
        let story = &mut self.stories[index];
        // Older members fade when the new one is later, so the centroid follows the
        // thread as it moves on (new rounds, new names).
        let fade = match (story.last_day, day) {
            (Some(last), Some(now)) if now > last => {
                0.5f64.powf(f64::from(now - last) / DECAY_HALF_LIFE_DAYS)
            }
            _ => 1.0,
        };
        for weight in story.centroid.values_mut() {
            *weight = (f64::from(*weight) * fade) as f32;
        }
        for (term, w) in vector {
            *story.centroid.entry(term.clone()).or_default() += *w as f32;
        }
        truncate_centroid(&mut story.centroid);
        story.members += 1;
        story.last_day = match (story.last_day, day) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        self.add_to_index(index);
    }

    fn create(&mut self, vector: &[(String, f64)], day: Option<i32>) -> usize {
        let mut centroid: BTreeMap<String, f32> =
            vector.iter().map(|(t, w)| (t.clone(), *w as f32)).collect();
        truncate_centroid(&mut centroid);
        let index = self.stories.len();
        self.stories.push(Story {
            id: format!("s-{}", index + 1),
            centroid,
            members: 1,
            last_day: day,
        });
        self.add_to_index(index);
        index
    }

    fn add_to_index(&mut self, story: usize) {
        // When the index is not built yet it is built from all stories on first use.
        let Some(index) = self.index.as_mut() else {
            return;
        };
        for term in self.stories[story].centroid.keys() {
            let postings = index.entry(term.clone()).or_default();
            if !postings.contains(&story) {
                postings.push(story);
            }
        }
    }
}

fn serialize_sorted<S: serde::Serializer>(
    map: &HashMap<String, u32>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let sorted: BTreeMap<&String, &u32> = map.iter().collect();
    sorted.serialize(serializer)
}

/// Keep the [`CENTROID_TERMS`] heaviest terms (ties: alphabetical), weights rounded.
fn truncate_centroid(centroid: &mut BTreeMap<String, f32>) {
    let scale = 10f32.powi(WEIGHT_DECIMALS);
    centroid
        .values_mut()
        .for_each(|w| *w = (*w * scale).round() / scale);
    centroid.retain(|_, w| *w > 0.0);
    if centroid.len() <= CENTROID_TERMS {
        return;
    }
    let mut ranked: Vec<(String, f32)> = std::mem::take(centroid).into_iter().collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    ranked.truncate(CENTROID_TERMS);
    centroid.extend(ranked);
}

fn cosine(document: &HashMap<&str, f64>, centroid: &BTreeMap<String, f32>) -> f64 {
    let norm = centroid
        .values()
        .map(|w| f64::from(*w) * f64::from(*w))
        .sum::<f64>()
        .sqrt();
    if norm == 0.0 {
        return 0.0;
    }
    let dot: f64 = centroid
        .iter()
        .filter_map(|(t, c)| document.get(t.as_str()).map(|w| w * f64::from(*c)))
        .sum();
    dot / norm
}

/// Multiplier on a story's similarity for a document `Δ` days away from the story's
/// latest member: `0.5 + 0.5 · 2^(−Δ/half-life)`. It never falls below one half, so a
/// thread resuming after a long pause still joins on a strong match. Unknown dates: 1.
pub fn time_factor(story_day: Option<i32>, doc_day: Option<i32>) -> f64 {
    match (story_day, doc_day) {
        (Some(s), Some(d)) => {
            let gap = f64::from((d - s).abs());
            0.5 + 0.5 * 0.5f64.powf(gap / DECAY_HALF_LIFE_DAYS)
        }
        _ => 1.0,
    }
}

/// Days since 1970-01-01 of an ISO `YYYY-MM-DD` date (a longer ISO timestamp is cut to
/// its date); `None` when it is not a valid date.
pub fn parse_day(date: &str) -> Option<i32> {
    let date = date.trim().get(..10)?;
    let mut parts = date.splitn(3, '-');
    let year: i32 = parts.next()?.parse().ok()?;
    let month: u32 = parts.next()?.parse().ok()?;
    let day: u32 = parts.next()?.parse().ok()?;
    if !(1..=12).contains(&month) || !(1..=days_in_month(year, month)).contains(&day) {
        return None;
    }
    Some(days_from_civil(year, month, day))
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Howard Hinnant's days-from-civil algorithm.
fn days_from_civil(year: i32, month: u32, day: u32) -> i32 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = month as i32;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + day as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stop(w: &str) -> bool {
        matches!(
            w,
            "the" | "and" | "of" | "in" | "on" | "a" | "to" | "for" | "with"
        )
    }

    #[test]
    fn dates_parse_to_days() {
        assert_eq!(parse_day("1970-01-01"), Some(0));
        assert_eq!(parse_day("2024-03-01"), Some(19_783));
        assert_eq!(parse_day("2024-02-30"), None);
        assert_eq!(parse_day("yesterday"), None);
        assert_eq!(parse_day("2025-06-02T10:00:00Z"), parse_day("2025-06-02"));
    }

    #[test]
    fn names_are_weighted_and_multiword_names_kept() {
        let f = StoryFeatures::from_document(
            "",
            "Talks resumed as envoy Steve Witkoff met the delegation in Muscat.",
            &stop,
        );
        let terms = f.terms();
        assert!(terms.contains_key("@steve witkoff"));
        assert!(terms.contains_key("@muscat"));
        // "Talks" opens the sentence: not a name.
        assert!(!terms.contains_key("@talks"));
        assert!(terms["@muscat"] > terms["muscat"]);
    }

    #[test]
    fn title_case_lines_give_no_names() {
        let f = StoryFeatures::from_document(
            "",
            "Negotiators Say The Wage Offer Remains Too Low For Dock Workers",
            &stop,
        );
        assert!(f.terms().keys().all(|t| !t.starts_with('@')));
    }

    #[test]
    fn time_factor_halves_towards_one_half() {
        assert_eq!(time_factor(None, Some(3)), 1.0);
        assert!((time_factor(Some(0), Some(45)) - 0.75).abs() < 1e-9);
        assert!(time_factor(Some(0), Some(365)) > 0.5);
    }
}
