//! One automaton pass per sentence for every phrase list the stage matches on the text:
//! act cues, clause breaks, list separators, topic cues and combo words, meeting cues and
//! fact phrases.
//!
//! Each list used to have its own automaton and its own scan of the sentence (seven
//! passes). Here all patterns live in one automaton searched once with overlapping
//! semantics (every occurrence of every pattern); each list's hits are then derived
//! from that one hit list:
//! - lists searched leftmost-longest before (act cues, clause breaks, topic cues, list
//!   separators) take the greedy leftmost-longest selection of their own hits, which is
//!   exactly what a leftmost-longest search of that list alone reports (leftmost start,
//!   then longest, then the lowest pattern index; the next match starts at or after the
//!   end of the one taken);
//! - lists searched with overlapping semantics (topic combo words, meeting cues, fact
//!   phrases) keep their hits in the order of the pass, which restricted to one list is
//!   the order that list's own automaton reports (by end position, then longest first).
//!
//! `tests` checks both against the per-list automata on real text. The act-cue, topic,
//! clause-break and separator automata of their own exist only for the public
//! single-list searches (`Lexicon::cues`, `Taxonomy::leftmost`, `WordLists`) and are
//! built on first use (`lexicon::LazyAutomaton`); an earlier sentence's chunks and
//! topics (asked for by an anaphor, rarely) are found with this automaton too, one pass
//! over the sentence for its separators and one over each chunk for its topics.

use crate::phrase_dfa::PhraseDfa;
use crate::ClaimsError;

/// Which list a pattern of the combined automaton comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum List {
    ActCues,
    ClauseBreaks,
    Separators,
    TopicCues,
    TopicCombos,
    MeetingCues,
    FactPhrases,
}

const LISTS: usize = 7;

/// The combined automaton and, per pattern, its list and its index in that list.
#[derive(Debug, Clone)]
pub(crate) struct Scanner {
    automaton: PhraseDfa,
    owner: Vec<(List, u32)>,
}

/// One hit: byte offsets (absolute) and the pattern's index in its own list.
pub(crate) type Hit = (usize, usize, usize);

/// The hits of one sentence, by list.
#[derive(Debug, Clone, Default)]
pub(crate) struct SentHits {
    /// Leftmost-longest selections.
    pub act_cues: Vec<Hit>,
    pub clause_breaks: Vec<Hit>,
    pub topic_cues: Vec<Hit>,
    /// Every separator occurrence, by start then longest first: an item's chunks take
    /// the leftmost-longest selection inside the item ([`leftmost_longest_in`]).
    pub separators: Vec<Hit>,
    /// In the order of the overlapping pass.
    pub topic_combos: Vec<Hit>,
    pub meeting_cues: Vec<Hit>,
    pub fact_phrases: Vec<Hit>,
}

impl Scanner {
    /// Compile the lists (each list's patterns in its own order; lower case or not, the
    /// search is ASCII case-insensitive like the per-list automata).
    pub fn new(lists: [(List, &[String]); LISTS]) -> Result<Self, ClaimsError> {
        let mut patterns: Vec<&str> = Vec::new();
        let mut owner = Vec::new();
        for (list, pats) in lists {
            for (i, p) in pats.iter().enumerate() {
                patterns.push(p);
                owner.push((list, i as u32));
            }
        }
        // Our own compact DFA ([`crate::phrase_dfa`]), not the crate's: its contiguous NFA
        // costs ~50 instructions a byte here, its DFA of these ~1 600 patterns takes
        // 2.4 MB and missed the cache. (No prefilter either way: clause breaks and
        // separators start with a space or a comma.)
        let automaton = PhraseDfa::new(&patterns)?;
        Ok(Scanner { automaton, owner })
    }

    /// Every list's hits in `text[start..end]`.
    pub fn scan(&self, text: &str, start: usize, end: usize) -> SentHits {
        let mut raw = SPARE_LISTS.with_borrow_mut(std::mem::take);
        self.hits_by_list(text, start, end, &mut raw);
        let [act, breaks, mut separators, topic_cues, combos, meeting, facts] = raw;
        sort_leftmost_longest(&mut separators);
        SentHits {
            act_cues: leftmost_longest(act),
            clause_breaks: leftmost_longest(breaks),
            topic_cues: leftmost_longest(topic_cues),
            separators,
            topic_combos: combos,
            meeting_cues: meeting,
            fact_phrases: facts,
        }
    }
}

thread_local! {
    /// The hit lists of the last sentence dropped ([`recycle`]): the next sentence's scan
    /// fills them instead of allocating and growing seven new ones.
    static SPARE_LISTS: std::cell::RefCell<[Vec<Hit>; LISTS]> = const {
        std::cell::RefCell::new([const { Vec::new() }; LISTS])
    };
}

impl Scanner {
    /// Every hit of `text[start..end]` in the order of the pass, split by list into
    /// `raw` (cleared first).
    fn hits_by_list(&self, text: &str, start: usize, end: usize, raw: &mut [Vec<Hit>; LISTS]) {
        for list in raw.iter_mut() {
            list.clear();
        }
        self.automaton
            .for_each_match(&text.as_bytes()[start..end], |s, e, pattern| {
                let (list, index) = self.owner[pattern];
                raw[list as usize].push((start + s, start + e, index as usize));
            });
    }
}

/// Give a sentence's hit lists back (when the sentence is dropped) for the next scan;
/// `topics` are the topic cue and combo lists the sentence took out of its hits.
pub(crate) fn recycle(hits: &mut SentHits, topics: (Vec<Hit>, Vec<Hit>)) {
    let lists = [
        std::mem::take(&mut hits.act_cues),
        std::mem::take(&mut hits.clause_breaks),
        std::mem::take(&mut hits.separators),
        topics.0,
        topics.1,
        std::mem::take(&mut hits.meeting_cues),
        std::mem::take(&mut hits.fact_phrases),
    ];
    SPARE_LISTS.with_borrow_mut(|spare| {
        for (slot, list) in spare.iter_mut().zip(lists) {
            if slot.capacity() < list.capacity() {
                *slot = list;
            }
        }
    });
}

/// Start first, then longest, then the lowest pattern index: the preference of a
/// leftmost-longest search.
fn sort_leftmost_longest(hits: &mut [Hit]) {
    hits.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
}

/// The non-overlapping leftmost-longest selection of a list's overlapping hits.
fn leftmost_longest(mut hits: Vec<Hit>) -> Vec<Hit> {
    if hits.len() < 2 {
        return hits;
    }
    sort_leftmost_longest(&mut hits);
    let mut at = 0;
    hits.retain(|h| {
        let take = h.0 >= at;
        if take {
            at = h.1;
        }
        take
    });
    hits
}

/// The leftmost-longest selection among `sorted` (as [`SentHits::separators`]) of the
/// hits inside `start..end`: what a leftmost-longest search of `text[start..end]` finds.
pub(crate) fn leftmost_longest_in(sorted: &[Hit], start: usize, end: usize) -> Vec<Hit> {
    let first = sorted.partition_point(|h| h.0 < start);
    let mut at = start;
    let mut out = Vec::new();
    for &h in &sorted[first..] {
        if h.0 >= end {
            break;
        }
        if h.0 >= at && h.1 <= end {
            out.push(h);
            at = h.1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

    fn automaton(pats: &[&str], kind: MatchKind) -> AhoCorasick {
        AhoCorasickBuilder::new()
            .match_kind(kind)
            .ascii_case_insensitive(true)
            .build(pats)
            .unwrap()
    }

    #[test]
    fn selections_match_the_per_list_searches() {
        let a: Vec<String> = ["agree", "agree to", "Agree", "to", "reach"]
            .map(String::from)
            .to_vec();
        let b: Vec<String> = [", ", ", and ", " and ", ";"].map(String::from).to_vec();
        let c: Vec<String> = ["talks", "talk", "alks"].map(String::from).to_vec();
        let none: Vec<String> = Vec::new();
        let scanner = Scanner::new([
            (List::ActCues, &a),
            (List::ClauseBreaks, &none),
            (List::Separators, &b),
            (List::TopicCues, &none),
            (List::TopicCombos, &none),
            (List::MeetingCues, &c),
            (List::FactPhrases, &none),
        ])
        .unwrap();
        let text = "They AGREE TO talks, and agree; to reach agreement, and talk and talks.";
        let hits = scanner.scan(text, 0, text.len());
        let ll = automaton(
            &a.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
            MatchKind::LeftmostLongest,
        );
        let want: Vec<Hit> = ll
            .find_iter(text)
            .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
            .collect();
        assert_eq!(hits.act_cues, want);
        let ov = automaton(
            &c.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
            MatchKind::Standard,
        );
        let want: Vec<Hit> = ov
            .find_overlapping_iter(text)
            .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
            .collect();
        assert_eq!(hits.meeting_cues, want);
        let sep = automaton(
            &b.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
            MatchKind::LeftmostLongest,
        );
        for (s, e) in [(0, text.len()), (10, 40), (19, 30), (5, 6)] {
            let want: Vec<Hit> = sep
                .find_iter(&text[s..e])
                .map(|m| (s + m.start(), s + m.end(), m.pattern().as_usize()))
                .collect();
            assert_eq!(
                leftmost_longest_in(&hits.separators, s, e),
                want,
                "{s}..{e}"
            );
        }
    }

    fn texts(dir: &std::path::Path, out: &mut Vec<String>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for p in paths {
            if p.is_dir() {
                texts(&p, out);
            } else if p.extension().is_some_and(|e| e == "txt") {
                out.extend(std::fs::read_to_string(&p).ok());
            }
        }
    }

    /// One list's own automaton and how it was searched.
    struct PerList(AhoCorasick, MatchKind);

    impl PerList {
        fn new(pats: &[String], kind: MatchKind) -> Self {
            PerList(
                automaton(&pats.iter().map(|p| p.as_str()).collect::<Vec<_>>(), kind),
                kind,
            )
        }

        fn hits(&self, text: &str, s: usize, e: usize) -> Vec<Hit> {
            let hay = &text[s..e];
            let found: Box<dyn Iterator<Item = aho_corasick::Match>> = match self.1 {
                MatchKind::Standard => Box::new(self.0.find_overlapping_iter(hay)),
                _ => Box::new(self.0.find_iter(hay)),
            };
            found
                .map(|m| (s + m.start(), s + m.end(), m.pattern().as_usize()))
                .collect()
        }
    }

    /// Every line of the repository's articles, scanned once by the combined automaton
    /// and once per list by that list's own automaton: the same hits.
    #[test]
    fn the_default_vocabulary_on_real_text_gives_the_per_list_hits() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut docs = Vec::new();
        texts(&root.join("fixtures/negotiations"), &mut docs);
        texts(&root.join("examples/corpus"), &mut docs);
        assert!(!docs.is_empty());
        let cfg = crate::ClaimsConfig::default();
        let g = cfg.lexicon.grammar();
        let (topic_cues, combos) = cfg.topics.patterns();
        let (meeting, facts) = cfg.facts.patterns();
        let (ll, std) = (MatchKind::LeftmostLongest, MatchKind::Standard);
        let act = PerList::new(cfg.lexicon.cue_patterns(), ll);
        let breaks = PerList::new(&g.clause_breaks, ll);
        let separators = PerList::new(&g.list_separators, ll);
        let topic_cues = PerList::new(topic_cues, ll);
        let combos = PerList::new(combos, std);
        let meeting = PerList::new(meeting, std);
        let facts = PerList::new(facts, std);
        for doc in &docs {
            let mut at = 0;
            for line in doc.split_inclusive('\n') {
                let (s, e) = (at, at + line.trim_end().len());
                at += line.len();
                let hits = cfg.scanner.scan(doc, s, e);
                assert_eq!(hits.act_cues, act.hits(doc, s, e));
                assert_eq!(hits.clause_breaks, breaks.hits(doc, s, e));
                assert_eq!(hits.topic_cues, topic_cues.hits(doc, s, e));
                assert_eq!(hits.topic_combos, combos.hits(doc, s, e));
                assert_eq!(hits.meeting_cues, meeting.hits(doc, s, e));
                assert_eq!(hits.fact_phrases, facts.hits(doc, s, e));
                // Items: every stretch between two hit boundaries.
                let mut bounds: Vec<usize> =
                    hits.separators.iter().flat_map(|h| [h.0, h.1]).collect();
                bounds.extend([s, e, (s + e) / 2]);
                bounds.retain(|&b| doc.is_char_boundary(b));
                for &a in &bounds {
                    for &b in bounds.iter().filter(|&&b| b > a).take(4) {
                        let want = separators.hits(doc, a, b);
                        assert_eq!(leftmost_longest_in(&hits.separators, a, b), want);
                    }
                }
            }
        }
    }

    /// The default vocabulary's table stays small enough for the cache (the numbers of
    /// the design note: `cargo test -p stancemap-claims table_size -- --nocapture`).
    #[test]
    fn table_size_of_the_default_vocabulary() {
        let cfg = crate::ClaimsConfig::default();
        let bytes = cfg.scanner.automaton.table_bytes();
        println!(
            "{} patterns, {bytes} bytes of transitions",
            cfg.scanner.owner.len()
        );
        assert!(bytes < 2 << 20, "{bytes}");
    }
}
