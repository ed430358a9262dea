//! Helpers every part of the ledger shares: what is known about a document, how a
//! confidence is sanitised and combined, how the most supported surface form is chosen.

use std::collections::{BTreeMap, BTreeSet};

use stancemap_model::text::match_key;
use stancemap_model::{Act, ClaimRecord, DocMeta};

/// What the ledger needs of one document.
#[derive(Debug, Clone)]
pub(crate) struct DocInfo {
    /// Position in ingest order.
    pub order: usize,
    pub story: Option<String>,
    pub published: Option<String>,
    pub duplicate: bool,
}

/// Documents by id. A record whose document is unknown gets no story, no date, the
/// last ingest position, and is counted only if the record says so.
#[derive(Debug, Default)]
pub(crate) struct DocIndex {
    docs: BTreeMap<String, DocInfo>,
}

impl DocIndex {
    pub fn new(documents: &[DocMeta]) -> Self {
        let mut docs = BTreeMap::new();
        for (order, d) in documents.iter().enumerate() {
            // The first record of an id wins: a repeated id is a store quirk, not a new doc.
            docs.entry(d.id.clone()).or_insert_with(|| DocInfo {
                order,
                story: d.story.clone(),
                published: d.published.clone().filter(|p| !p.trim().is_empty()),
                duplicate: d.duplicate_of.is_some(),
            });
        }
        DocIndex { docs }
    }

    pub fn story(&self, doc: &str) -> Option<String> {
        self.docs.get(doc).and_then(|d| d.story.clone())
    }

    pub fn published(&self, doc: &str) -> Option<&str> {
        self.docs.get(doc).and_then(|d| d.published.as_deref())
    }

    pub fn order(&self, doc: &str) -> usize {
        self.docs.get(doc).map_or(usize::MAX, |d| d.order)
    }

    /// A record counts as a source when it says so and its document is no duplicate.
    pub fn counted(&self, doc: &str, record_counted: bool) -> bool {
        record_counted && !self.docs.get(doc).is_some_and(|d| d.duplicate)
    }

    /// Sort document ids by ingest order (then id, for unknown documents).
    pub fn sort_docs(&self, docs: &mut [String]) {
        docs.sort_by(|a, b| self.order(a).cmp(&self.order(b)).then_with(|| a.cmp(b)));
    }
}

/// Claims that are the object of an answer of the same party in the same sentence: their
/// act cue lies inside the item of an accept or reject claim ("Kallas said, rejecting
/// [Azerbaijani calls for the observers to leave]"; "[The amnesty demand] was dismissed
/// by Kalala"). The inner act is what the party answered, not its own stance (the claims
/// stage gave it the party of the sentence's subject), so positions and stance
/// contradictions skip it. Other outer acts are left alone: a demand or proposal whose
/// long item runs over the party's next own act ("urged Trump to be tougher, suggesting
/// more sanctions") would lose a real stance, and an accusation's item holds the party's
/// own verdict ("accused the Kremlin of [unacceptable demands]"). A claim whose item also
/// holds the other's cue is kept.
pub(crate) fn nested_claims(claims: &[ClaimRecord]) -> BTreeSet<&str> {
    let mut by_sentence: BTreeMap<(&str, usize, &str), Vec<&ClaimRecord>> = BTreeMap::new();
    for c in claims {
        by_sentence
            .entry((c.doc.as_str(), c.start, c.party.as_str()))
            .or_default()
            .push(c);
    }
    let mut out = BTreeSet::new();
    for group in by_sentence.values().filter(|g| g.len() > 1) {
        for inner in group {
            let nested = group.iter().any(|outer| {
                outer.id != inner.id
                    && answers_another_act(outer.act)
                    && cue_inside_item(inner, outer)
                    && !cue_inside_item(outer, inner)
            });
            if nested {
                out.insert(inner.id.as_str());
            }
        }
    }
    out
}

/// Acts that answer another party's act, whose item may hold that act.
fn answers_another_act(act: Act) -> bool {
    matches!(act, Act::Accept | Act::Reject)
}

/// Does `inner`'s act cue lie inside (an occurrence of) `outer`'s item in their sentence?
fn cue_inside_item(inner: &ClaimRecord, outer: &ClaimRecord) -> bool {
    let item = outer.item.trim();
    let (Some(cue_start), Some(cue_end)) = (
        inner.cue.start.checked_sub(outer.start),
        inner.cue.end.checked_sub(outer.start),
    ) else {
        return false;
    };
    !item.is_empty()
        && cue_start < cue_end
        && outer
            .sentence
            .match_indices(item)
            .any(|(at, _)| at <= cue_start && cue_end <= at + item.len())
}

/// A confidence as a usable number: non-finite values count as 0, others clamp to 0..=1.
pub(crate) fn sane(confidence: f32) -> f32 {
    if confidence.is_finite() {
        confidence.clamp(0.0, 1.0)
    } else {
        0.0
    }
}

/// Noisy-or: the chance that at least one of independent sources is right.
pub(crate) fn noisy_or(weights: impl IntoIterator<Item = f32>) -> f32 {
    1.0 - weights
        .into_iter()
        .fold(1.0_f32, |miss, w| miss * (1.0 - sane(w)))
}

/// Round to three decimals so that exported numbers are stable and readable.
pub(crate) fn round3(x: f32) -> f32 {
    (x * 1000.0).round() / 1000.0
}

/// One observation of a surface form: its text, the document, its weight, and its
/// place in the corpus (ingest order, then offset) for tie-breaks.
pub(crate) struct Surface<'a> {
    pub text: &'a str,
    pub doc: &'a str,
    pub weight: f32,
    pub rank: (usize, usize),
}

/// The surface form with the most support: forms are grouped by [`match_key`]; a group
/// wins by distinct documents, then by its strongest weight, then by its earliest
/// occurrence. The group's text is that of its strongest (then earliest) observation.
pub(crate) fn most_supported<'a>(
    surfaces: impl IntoIterator<Item = Surface<'a>>,
) -> Option<String> {
    struct Group<'a> {
        docs: BTreeSet<&'a str>,
        best: f32,
        first: (usize, usize),
        text: &'a str,
        text_rank: (f32, (usize, usize)),
    }
    let mut groups: BTreeMap<String, Group<'a>> = BTreeMap::new();
    for s in surfaces {
        let key = match_key(s.text);
        if key.is_empty() {
            continue;
        }
        let g = groups.entry(key).or_insert_with(|| Group {
            docs: BTreeSet::new(),
            best: f32::MIN,
            first: s.rank,
            text: s.text,
            text_rank: (s.weight, s.rank),
        });
        g.docs.insert(s.doc);
        g.best = g.best.max(s.weight);
        g.first = g.first.min(s.rank);
        let better_text =
            s.weight > g.text_rank.0 || (s.weight == g.text_rank.0 && s.rank < g.text_rank.1);
        if better_text {
            g.text = s.text;
            g.text_rank = (s.weight, s.rank);
        }
    }
    groups
        .into_values()
        .max_by(|a, b| {
            a.docs
                .len()
                .cmp(&b.docs.len())
                .then(a.best.total_cmp(&b.best))
                .then(b.first.cmp(&a.first))
        })
        .map(|g| g.text.trim().to_string())
}

/// The most frequent surface form (by exact text after trimming); ties go to the one
/// seen first. Input order must already be deterministic.
pub(crate) fn most_frequent<'a>(texts: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for t in texts.into_iter().map(str::trim).filter(|t| !t.is_empty()) {
        match counts.iter_mut().find(|(s, _)| *s == t) {
            Some((_, n)) => *n += 1,
            None => counts.push((t, 1)),
        }
    }
    let best = counts.iter().map(|(_, n)| *n).max()?;
    counts
        .into_iter()
        .find(|(_, n)| *n == best)
        .map(|(t, _)| t.to_string())
}

/// Cut a phrase to at most `max_words` words, marking the cut with an ellipsis.
pub(crate) fn trim_words(text: &str, max_words: usize) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() <= max_words {
        return words.join(" ");
    }
    let mut out = words[..max_words].join(" ");
    out.push('\u{2026}');
    out
}

/// Distinct texts by [`match_key`], first surface kept, in input order.
pub(crate) fn distinct_texts<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for t in texts {
        let t = t.trim();
        if !t.is_empty() && seen.insert(match_key(t)) {
            out.push(t.to_string());
        }
    }
    out
}

/// The items in their first-seen order, without repeats (linear: cells can be large).
pub(crate) fn dedup_in_order(items: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut seen = BTreeSet::new();
    items
        .into_iter()
        .filter(|i| seen.insert(i.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn noisy_or_and_sane_handle_odd_values() {
        assert!((noisy_or([0.5, 0.5]) - 0.75).abs() < 1e-6);
        assert_eq!(noisy_or([]), 0.0);
        assert_eq!(sane(f32::NAN), 0.0);
        assert_eq!(sane(7.0), 1.0);
        assert_eq!(noisy_or([f32::INFINITY]), 0.0);
    }

    #[test]
    fn most_supported_prefers_more_documents_then_weight() {
        let s = |text, doc, weight, rank| Surface {
            text,
            doc,
            weight,
            rank: (rank, 0),
        };
        let got = most_supported([
            s("a 60-day truce", "d1", 0.9, 0),
            s("an energy truce", "d2", 0.5, 1),
            s("An Energy  Truce", "d3", 0.6, 2),
            s("an energy truce", "d3", 0.4, 3),
        ]);
        assert_eq!(got.as_deref(), Some("An Energy  Truce"));
        assert_eq!(most_supported(Vec::new()), None);
    }

    #[test]
    fn trim_and_frequency_helpers() {
        assert_eq!(trim_words("one two  three", 2), "one two\u{2026}");
        assert_eq!(trim_words(" one two ", 2), "one two");
        assert_eq!(
            most_frequent(["b", "a", "a", "b", "c"]).as_deref(),
            Some("b")
        );
        assert_eq!(
            distinct_texts(["If Talks Resume", "if talks resume", "", "x"]),
            vec!["If Talks Resume", "x"]
        );
    }
}
