//! The story clusterer: single-pass assignment of documents to stories (see the crate
//! docs for the mechanism and its thresholds).
//!
//! It runs in the linking thread, once per document in input order, so its cost limits
//! how much the parallel stages can gain. Terms are therefore interned once (a `u32` id
//! per distinct term): document frequencies are a vector indexed by id, the inverted
//! index is a vector of postings by id, and a candidate story is scored against the
//! document's weights laid out by id (one indexed load per centroid term instead of a
//! hash of its spelling). Centroids stay sorted by spelling and their norms are computed
//! in that order when they change, so every sum is taken in the same order as when
//! centroids were maps of strings: the same similarities to the bit, the same stories.
//! The saved state is unchanged (the same JSON: spellings, not ids).

use std::collections::BTreeMap;

use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::fx::FxHashMap;
use crate::story::{
    parse_day, time_factor, StoryFeatures, CANDIDATE_TERMS, CENTROID_TERMS, DECAY_HALF_LIFE_DAYS,
    MAX_DF_TERMS, NEW_STORY_SIMILARITY,
};

/// Centroid weights are rounded to this many decimals: far below any similarity
/// difference that matters, and the JSON state gets about 40 % smaller.
const WEIGHT_DECIMALS: i32 = 4;

/// A term's number in the clusterer's interner.
type TermId = u32;

/// Term spellings, each interned once.
#[derive(Debug, Clone, Default)]
struct Terms {
    ids: FxHashMap<Box<str>, TermId>,
    spellings: Vec<Box<str>>,
}

impl Terms {
    fn get(&self, term: &str) -> Option<TermId> {
        self.ids.get(term).copied()
    }

    fn intern(&mut self, term: &str) -> TermId {
        if let Some(id) = self.get(term) {
            return id;
        }
        // Far fewer than 4 billion terms are ever kept (see `StoryClusterer::compact`).
        let id = TermId::try_from(self.spellings.len()).unwrap_or(TermId::MAX);
        self.spellings.push(term.into());
        self.ids.insert(term.into(), id);
        id
    }

    fn spelling(&self, id: TermId) -> &str {
        self.spellings.get(id as usize).map_or("", |s| s)
    }

    fn len(&self) -> usize {
        self.spellings.len()
    }
}

/// One story: a decayed sum of its members' vectors, truncated.
#[derive(Debug, Clone)]
struct Story {
    id: String,
    /// Terms and weights, sorted by the terms' spellings.
    centroid: Vec<(TermId, f32)>,
    /// L2 norm of the centroid, summed in centroid order.
    norm: f64,
    members: u32,
    /// Latest known publication day (days since 1970-01-01).
    last_day: Option<i32>,
}

/// A document's weighted term: its id, spelling and TF-IDF weight.
#[derive(Debug, Clone, Copy)]
struct Weighted<'f> {
    id: TermId,
    term: &'f str,
    weight: f64,
}

/// Single-pass story clusterer; its state is persisted by the store as JSON.
#[derive(Debug, Clone, Default)]
pub struct StoryClusterer {
    docs: u64,
    terms: Terms,
    /// Document frequency by term id; 0 means no entry (never counted, or pruned).
    df: Vec<u32>,
    /// Number of non-zero entries of `df`.
    df_terms: usize,
    stories: Vec<Story>,
    /// Term id → indices of stories whose centroid has (or had) the term. Derived
    /// data, rebuilt after loading.
    index: Option<Vec<Vec<usize>>>,
    /// The weights of the document being scored by term id, NaN for terms it lacks
    /// (scratch, reset after each document).
    by_id: Vec<f64>,
    /// Stories already taken as candidates of the document being scored (scratch).
    seen: Vec<bool>,
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
        let ids = self.count_document(features);
        let vector = self.weigh(features, &ids);
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
        let ids: Vec<Option<TermId>> = features.terms().map(|(t, _)| self.terms.get(t)).collect();
        let weights = self.tf_idf(features, |i| ids[i].map_or(1, |id| self.df_of(id)));
        let mut by_id = vec![f64::NAN; self.terms.len()];
        for (id, weight) in ids.iter().zip(weights) {
            if let Some(id) = id {
                by_id[*id as usize] = weight;
            }
        }
        self.stories
            .iter()
            .map(|s| {
                let similarity = cosine(&by_id, s) * time_factor(s.last_day, day);
                (s.id.clone(), similarity)
            })
            .collect()
    }

    /// Count the document's terms in the document frequencies; their ids in term order.
    fn count_document(&mut self, features: &StoryFeatures) -> Vec<TermId> {
        self.docs += 1;
        let ids: Vec<TermId> = features
            .terms()
            .map(|(term, _)| {
                let id = self.terms.intern(term);
                self.count_term(id);
                id
            })
            .collect();
        if self.df_terms <= MAX_DF_TERMS {
            return ids;
        }
        self.prune_df();
        self.compact();
        // Ids changed; pruned terms of this document come back without a frequency.
        features
            .terms()
            .map(|(t, _)| self.terms.intern(t))
            .collect()
    }

    fn count_term(&mut self, id: TermId) {
        let slot = id as usize;
        if slot >= self.df.len() {
            self.df.resize(slot + 1, 0);
        }
        if self.df[slot] == 0 {
            self.df_terms += 1;
        }
        self.df[slot] += 1;
    }

    /// Document frequency of a term (a pruned or unseen term counts as 1).
    fn df_of(&self, id: TermId) -> u32 {
        match self.df.get(id as usize) {
            Some(&df) if df > 0 => df,
            _ => 1,
        }
    }

    /// Drop the rarest entries until the vocabulary is back under 90 % of the cap.
    fn prune_df(&mut self) {
        let target = MAX_DF_TERMS * 9 / 10;
        let mut floor = 1;
        while self.df_terms > target {
            for df in self.df.iter_mut().filter(|df| **df != 0 && **df <= floor) {
                *df = 0;
                self.df_terms -= 1;
            }
            floor += 1;
        }
    }

    /// Forget the spellings nothing refers to any more (no frequency, in no centroid,
    /// in no postings), so the interner stays as bounded as the document frequencies.
    /// Only ids change: every order here is by spelling.
    fn compact(&mut self) {
        let mut keep = vec![false; self.terms.len()];
        for (id, df) in self.df.iter().enumerate() {
            keep[id] |= *df > 0;
        }
        for story in &self.stories {
            for &(id, _) in &story.centroid {
                keep[id as usize] = true;
            }
        }
        if let Some(index) = &self.index {
            for (id, postings) in index.iter().enumerate() {
                keep[id] |= !postings.is_empty();
            }
        }
        let mut terms = Terms::default();
        let new_ids: Vec<Option<TermId>> = (0..keep.len())
            .map(|old| keep[old].then(|| terms.intern(self.terms.spelling(old as TermId))))
            .collect();
        let remap = |old: TermId| new_ids[old as usize].unwrap_or(TermId::MAX);
        let mut df = vec![0; terms.len()];
        for (old, count) in self.df.iter().enumerate() {
            if let Some(new) = new_ids[old] {
                df[new as usize] = *count;
            }
        }
        for story in &mut self.stories {
            story
                .centroid
                .iter_mut()
                .for_each(|(id, _)| *id = remap(*id));
        }
        if let Some(index) = self.index.as_mut() {
            let mut postings_by_new = vec![Vec::new(); terms.len()];
            for (old, postings) in index.iter_mut().enumerate() {
                if let Some(new) = new_ids[old] {
                    postings_by_new[new as usize] = std::mem::take(postings);
                }
            }
            *index = postings_by_new;
        }
        self.terms = terms;
        self.df = df;
        self.by_id.clear();
    }

    /// TF-IDF vector of the document's terms (ids from [`Self::count_document`]),
    /// L2-normalised, in term order.
    fn weigh<'f>(&self, features: &'f StoryFeatures, ids: &[TermId]) -> Vec<Weighted<'f>> {
        let weights = self.tf_idf(features, |i| self.df_of(ids[i]));
        features
            .terms()
            .zip(ids)
            .zip(weights)
            .map(|(((term, _), &id), weight)| Weighted { id, term, weight })
            .collect()
    }

    /// TF-IDF weights in term order, L2-normalised, with the document frequency of the
    /// `i`-th term given.
    fn tf_idf(&self, features: &StoryFeatures, df: impl Fn(usize) -> u32) -> Vec<f64> {
        let mut idf = Idf::new(self.docs.max(1) as f64);
        let mut weights: Vec<f64> = features
            .terms()
            .enumerate()
            .map(|(i, (_, tf))| tf * idf.of(df(i).max(1)))
            .collect();
        let norm = weights.iter().map(|w| w * w).sum::<f64>().sqrt();
        if norm > 0.0 {
            weights.iter_mut().for_each(|w| *w /= norm);
        }
        weights
    }

    /// The most similar story (time decay applied); ties go to the older story.
    fn best_story(&mut self, vector: &[Weighted<'_>], day: Option<i32>) -> Option<(usize, f64)> {
        let candidates = self.candidates(vector);
        if self.by_id.len() < self.terms.len() {
            self.by_id.resize(self.terms.len(), f64::NAN);
        }
        for w in vector {
            self.by_id[w.id as usize] = w.weight;
        }
        let mut best: Option<(usize, f64)> = None;
        for index in candidates {
            let story = &self.stories[index];
            let similarity = cosine(&self.by_id, story) * time_factor(story.last_day, day);
            if best.is_none_or(|(_, b)| similarity > b) {
                best = Some((index, similarity));
            }
        }
        for w in vector {
            self.by_id[w.id as usize] = f64::NAN;
        }
        best
    }

    /// Stories sharing one of the document's heaviest terms, ascending, each once.
    fn candidates(&mut self, vector: &[Weighted<'_>]) -> Vec<usize> {
        // Heaviest first (`f64::total_cmp` as an integer key), ties to the earlier term:
        // the vector is in term order, so its positions order like the spellings.
        let mut heaviest: Vec<(i64, u32)> = vector
            .iter()
            .enumerate()
            .map(|(position, w)| (!total_order_key(w.weight), position as u32))
            .collect();
        // Only the set of the CANDIDATE_TERMS heaviest matters (the result is a set), and
        // terms are distinct: select them instead of sorting all.
        if heaviest.len() > CANDIDATE_TERMS {
            heaviest.select_nth_unstable(CANDIDATE_TERMS);
            heaviest.truncate(CANDIDATE_TERMS);
        }
        let mut seen = std::mem::take(&mut self.seen);
        seen.resize(self.stories.len(), false);
        let index = self.index();
        let mut candidates = Vec::new();
        for (_, position) in heaviest {
            let id = vector[position as usize].id as usize;
            for &story in index.get(id).map_or(&[][..], Vec::as_slice) {
                if !seen[story] {
                    seen[story] = true;
                    candidates.push(story);
                }
            }
        }
        candidates.iter().for_each(|&story| seen[story] = false);
        self.seen = seen;
        candidates.sort_unstable();
        candidates
    }

    fn index(&mut self) -> &Vec<Vec<usize>> {
        let stories = &self.stories;
        let terms = self.terms.len();
        self.index.get_or_insert_with(|| {
            let mut index = vec![Vec::new(); terms];
            for (i, story) in stories.iter().enumerate() {
                for &(id, _) in &story.centroid {
                    index[id as usize].push(i);
                }
            }
            index
        })
    }

    fn join(&mut self, index: usize, vector: &[Weighted<'_>], day: Option<i32>) {
        let story = &mut self.stories[index];
        // Older members fade when the new one is later, so the centroid follows the
        // thread as it moves on (new rounds, new names).
        let fade = match (story.last_day, day) {
            (Some(last), Some(now)) if now > last => {
                0.5f64.powf(f64::from(now - last) / DECAY_HALF_LIFE_DAYS)
            }
            _ => 1.0,
        };
        let old = std::mem::take(&mut story.centroid);
        let merged = merge_faded(&self.terms, &old, fade, vector);
        let (centroid, norm) = finish_centroid(merged);
        story.centroid = centroid;
        story.norm = norm;
        story.members += 1;
        story.last_day = match (story.last_day, day) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        self.add_to_index(index);
    }

    fn create(&mut self, vector: &[Weighted<'_>], day: Option<i32>) -> usize {
        let terms = vector.iter().map(|w| (w.id, w.weight as f32)).collect();
        let (centroid, norm) = finish_centroid(terms);
        let index = self.stories.len();
        self.stories.push(Story {
            id: format!("s-{}", index + 1),
            centroid,
            norm,
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
        if index.len() < self.terms.len() {
            index.resize(self.terms.len(), Vec::new());
        }
        for &(id, _) in &self.stories[story].centroid {
            let postings = &mut index[id as usize];
            if !postings.contains(&story) {
                postings.push(story);
            }
        }
    }

    /// The state from its saved form.
    fn from_saved(saved: SavedClusterer) -> Self {
        let mut clusterer = StoryClusterer {
            docs: saved.docs,
            ..Self::default()
        };
        for (term, df) in &saved.df {
            let id = clusterer.terms.intern(term);
            let slot = id as usize;
            clusterer.df.resize(slot + 1, 0);
            if *df > 0 && clusterer.df[slot] == 0 {
                clusterer.df_terms += 1;
            }
            clusterer.df[slot] = *df;
        }
        for story in saved.stories {
            // A map iterates in spelling order: the order centroids are kept in.
            let centroid: Vec<(TermId, f32)> = story
                .centroid
                .iter()
                .map(|(term, w)| (clusterer.terms.intern(term), *w))
                .collect();
            clusterer.stories.push(Story {
                id: story.id,
                norm: norm_of(&centroid),
                centroid,
                members: story.members,
                last_day: story.last_day,
            });
        }
        clusterer
    }
}

/// A story's centroid faded by `fade`, plus a member's `vector`, as a list sorted by
/// spelling (both inputs are, so this is a merge).
fn merge_faded(
    terms: &Terms,
    old: &[(TermId, f32)],
    fade: f64,
    vector: &[Weighted<'_>],
) -> Vec<(TermId, f32)> {
    let mut merged = Vec::with_capacity(old.len() + vector.len());
    let faded = |w: f32| (f64::from(w) * fade) as f32;
    let (mut i, mut j) = (0, 0);
    while i < old.len() && j < vector.len() {
        let (id, w) = old[i];
        let new = &vector[j];
        match terms.spelling(id).cmp(new.term) {
            std::cmp::Ordering::Less => {
                merged.push((id, faded(w)));
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                merged.push((new.id, new.weight as f32));
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                merged.push((id, faded(w) + new.weight as f32));
                i += 1;
                j += 1;
            }
        }
    }
    merged.extend(old[i..].iter().map(|&(id, w)| (id, faded(w))));
    merged.extend(vector[j..].iter().map(|w| (w.id, w.weight as f32)));
    merged
}

/// Weights rounded, zero weights dropped, and the [`CENTROID_TERMS`] heaviest terms kept
/// (ties: alphabetical), sorted by spelling, with their norm. `merged` is sorted by
/// spelling and has each term once.
fn finish_centroid(mut merged: Vec<(TermId, f32)>) -> (Vec<(TermId, f32)>, f64) {
    let scale = 10f32.powi(WEIGHT_DECIMALS);
    merged
        .iter_mut()
        .for_each(|(_, w)| *w = (*w * scale).round() / scale);
    merged.retain(|(_, w)| *w > 0.0);
    if merged.len() > CENTROID_TERMS {
        // Terms are distinct, so this is a total order and the heaviest CENTROID_TERMS
        // are one set: selecting them (linear) keeps exactly what sorting would. The
        // list is in spelling order, so a term's position stands for its spelling (ties
        // alphabetical) and restores the order of the kept ones.
        let mut ranked: Vec<(i64, u32)> = merged
            .iter()
            .enumerate()
            .map(|(position, (_, w))| (!total_order_key(f64::from(*w)), position as u32))
            .collect();
        ranked.select_nth_unstable(CENTROID_TERMS);
        ranked.truncate(CENTROID_TERMS);
        ranked.sort_unstable_by_key(|&(_, position)| position);
        merged = ranked
            .into_iter()
            .map(|(_, position)| merged[position as usize])
            .collect();
    }
    let norm = norm_of(&merged);
    (merged, norm)
}

/// `ln(1 + n/df)` for one document's `n`, computed once per small `df` (the same
/// expression, so the same bits): most of a document's terms share a few small
/// frequencies, and the logarithm was the clusterer's largest cost per term.
struct Idf {
    n: f64,
    /// By `df`; NaN until computed.
    small: [f64; 64],
}

impl Idf {
    fn new(n: f64) -> Self {
        Idf {
            n,
            small: [f64::NAN; 64],
        }
    }

    fn of(&mut self, df: u32) -> f64 {
        let compute = |df: u32| (1.0 + self.n / f64::from(df)).ln();
        let Some(slot) = self.small.get_mut(df as usize) else {
            return compute(df);
        };
        if slot.is_nan() {
            *slot = compute(df);
        }
        *slot
    }
}

/// An integer that orders like [`f64::total_cmp`] (its own definition), so that
/// selections compare plain integers.
fn total_order_key(x: f64) -> i64 {
    let bits = x.to_bits() as i64;
    bits ^ (((bits >> 63) as u64) >> 1) as i64
}

/// L2 norm of a centroid, summed in its order.
fn norm_of(centroid: &[(TermId, f32)]) -> f64 {
    centroid
        .iter()
        .map(|(_, w)| f64::from(*w) * f64::from(*w))
        .sum::<f64>()
        .sqrt()
}

/// Cosine of a document (weights by term id, NaN where it lacks the term) and a story.
fn cosine(document: &[f64], story: &Story) -> f64 {
    if story.norm == 0.0 {
        return 0.0;
    }
    let dot: f64 = story
        .centroid
        .iter()
        .filter_map(|&(id, c)| {
            let w = document.get(id as usize).copied().unwrap_or(f64::NAN);
            (!w.is_nan()).then(|| w * f64::from(c))
        })
        .sum();
    dot / story.norm
}

/// The saved form of the state (spellings, not ids), as the store keeps it.
#[derive(Deserialize)]
struct SavedClusterer {
    docs: u64,
    df: FxHashMap<String, u32>,
    stories: Vec<SavedStory>,
}

#[derive(Deserialize)]
struct SavedStory {
    id: String,
    centroid: BTreeMap<String, f32>,
    members: u32,
    last_day: Option<i32>,
}

impl<'de> Deserialize<'de> for StoryClusterer {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        SavedClusterer::deserialize(deserializer).map(Self::from_saved)
    }
}

impl Serialize for StoryClusterer {
    /// `{"docs": …, "df": {term: df, …}, "stories": [{"id", "centroid": {term: weight},
    /// "members", "last_day"}]}`, maps sorted by term: deterministic.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut state = serializer.serialize_struct("StoryClusterer", 3)?;
        state.serialize_field("docs", &self.docs)?;
        state.serialize_field("df", &SortedDf(self))?;
        let stories: Vec<StoryRef<'_>> = self
            .stories
            .iter()
            .map(|story| StoryRef {
                terms: &self.terms,
                story,
            })
            .collect();
        state.serialize_field("stories", &stories)?;
        state.end()
    }
}

/// The document frequencies as a map sorted by term.
struct SortedDf<'c>(&'c StoryClusterer);

impl Serialize for SortedDf<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let c = self.0;
        let mut entries: Vec<(&str, u32)> =
            c.df.iter()
                .enumerate()
                .filter(|(_, df)| **df > 0)
                .map(|(id, df)| (c.terms.spelling(id as TermId), *df))
                .collect();
        entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let mut map = serializer.serialize_map(Some(entries.len()))?;
        for (term, df) in entries {
            map.serialize_entry(term, &df)?;
        }
        map.end()
    }
}

struct StoryRef<'c> {
    terms: &'c Terms,
    story: &'c Story,
}

impl Serialize for StoryRef<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut state = serializer.serialize_struct("Story", 4)?;
        state.serialize_field("id", &self.story.id)?;
        state.serialize_field("centroid", &CentroidRef(self))?;
        state.serialize_field("members", &self.story.members)?;
        state.serialize_field("last_day", &self.story.last_day)?;
        state.end()
    }
}

struct CentroidRef<'r, 'c>(&'r StoryRef<'c>);

impl Serialize for CentroidRef<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let StoryRef { terms, story } = self.0;
        let mut map = serializer.serialize_map(Some(story.centroid.len()))?;
        for &(id, w) in &story.centroid {
            map.serialize_entry(terms.spelling(id), &w)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn features(text: &str) -> StoryFeatures {
        StoryFeatures::from_document("", text, &|w| matches!(w, "the" | "in" | "of"))
    }

    const TEXTS: &[&str] = &[
        "Envoys of Iran and the United States met in Muscat on enrichment limits.",
        "Dock workers in Rotterdam rejected the port employers' wage offer.",
        "Iran's negotiators said enrichment talks in Muscat would resume.",
        "The longshore union in Rotterdam called a strike over the wage offer.",
    ];

    #[test]
    fn compacting_changes_no_result_and_no_saved_state() {
        let mut plain = StoryClusterer::new();
        let mut compacted = StoryClusterer::new();
        for (i, text) in TEXTS.iter().enumerate() {
            let f = features(text);
            let date = format!("2025-03-{:02}", 10 + i);
            assert_eq!(
                plain.assign(&f, Some(&date)),
                compacted.assign(&f, Some(&date))
            );
            compacted.compact();
            let json = |c: &StoryClusterer| serde_json::to_string(c).expect("serialises");
            assert_eq!(json(&plain), json(&compacted));
        }
    }

    proptest::proptest! {
        #[test]
        fn total_order_key_orders_like_total_cmp(a in proptest::num::f64::ANY, b in proptest::num::f64::ANY) {
            proptest::prop_assert_eq!(total_order_key(a).cmp(&total_order_key(b)), a.total_cmp(&b));
        }
    }

    #[test]
    fn saved_state_reloads_to_the_same_state() {
        let mut clusterer = StoryClusterer::new();
        for text in TEXTS {
            clusterer.assign(&features(text), None);
        }
        let json = serde_json::to_string(&clusterer).expect("serialises");
        let reloaded: StoryClusterer = serde_json::from_str(&json).expect("loads");
        assert_eq!(serde_json::to_string(&reloaded).expect("serialises"), json);
        assert!(json.starts_with("{\"docs\":4,\"df\":{"), "{json}");
    }
}
