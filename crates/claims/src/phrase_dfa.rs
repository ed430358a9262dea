//! A compact Aho–Corasick DFA for the phrase lists of [`crate::scan`]: every occurrence
//! of every pattern (overlapping), ASCII case-insensitive, in the order the
//! `aho-corasick` crate's overlapping search reports them (by end, then longest first,
//! then lowest pattern index).
//!
//! Why not the crate's own automata: its contiguous NFA follows failure links and walks
//! sparse transitions at every byte (~50 instructions a byte on news text, the largest
//! single cost of the claims stage), and its DFA of these ~1 600 patterns takes 2.4 MB
//! (one class per distinct byte including both cases, 4-byte premultiplied ids). Here the
//! alphabet is folded first (ASCII upper case shares the lower-case class, every byte no
//! pattern has is one class), so the table is a fraction of that size and one byte costs
//! a class lookup, a table lookup and a flag test.

use crate::ClaimsError;

/// Set in a transition when the state it leads to reports matches.
const MATCH: u32 = 1 << 31;

/// The compiled automaton.
#[derive(Debug, Clone)]
pub(crate) struct PhraseDfa {
    /// Byte → class (0: a byte no pattern contains).
    classes: [u8; 256],
    /// Classes per state.
    stride: usize,
    /// Per state and class: the next state's row offset (state × stride), | [`MATCH`].
    trans: Vec<u32>,
    /// Per state: its matches as a range of `match_ids` (own patterns, then those of
    /// its failure state: longest first).
    match_ranges: Vec<(u32, u32)>,
    match_ids: Vec<u32>,
    /// Pattern lengths in bytes.
    lens: Vec<u32>,
}

impl PhraseDfa {
    pub fn new(patterns: &[&str]) -> Result<Self, ClaimsError> {
        let classes = byte_classes(patterns);
        let stride = usize::from(classes.iter().copied().max().unwrap_or(0)) + 1;
        let trie = Trie::build(patterns, &classes, stride)?;
        Ok(trie.into_dfa(classes, stride, patterns))
    }

    /// Every match in `hay` as (start, end, pattern), offsets relative to `hay`.
    pub fn for_each_match(&self, hay: &[u8], mut found: impl FnMut(usize, usize, usize)) {
        let mut report = |state: usize, end: usize| {
            let (from, to) = self.match_ranges[state / self.stride];
            for &id in &self.match_ids[from as usize..to as usize] {
                let len = self.lens[id as usize] as usize;
                found(end - len, end, id as usize);
            }
        };
        if self.match_ranges.first().is_some_and(|r| r.0 < r.1) {
            report(0, 0);
        }
        let mut state = 0usize;
        for (i, &b) in hay.iter().enumerate() {
            let next = self.trans[state + usize::from(self.classes[usize::from(b)])];
            state = (next & !MATCH) as usize;
            if next & MATCH != 0 {
                report(state, i + 1);
            }
        }
    }

    /// Bytes of the transition table (for the design note's numbers).
    #[cfg(test)]
    pub fn table_bytes(&self) -> usize {
        self.trans.len() * std::mem::size_of::<u32>()
    }
}

/// Folded byte classes: each byte some pattern contains (ASCII letters folded to lower
/// case) gets its own class, upper-case letters share their lower-case letter's class,
/// and every other byte is class 0.
fn byte_classes(patterns: &[&str]) -> [u8; 256] {
    let mut used = [false; 256];
    for p in patterns {
        for &b in p.as_bytes() {
            used[usize::from(b.to_ascii_lowercase())] = true;
        }
    }
    let mut classes = [0u8; 256];
    let mut next = 1u16;
    for b in 0..=255u8 {
        if used[usize::from(b)] && !b.is_ascii_uppercase() {
            // At most 256 - 26 distinct folded bytes: the class fits a byte.
            classes[usize::from(b)] = next as u8;
            next += 1;
        }
    }
    for b in b'A'..=b'Z' {
        classes[usize::from(b)] = classes[usize::from(b.to_ascii_lowercase())];
    }
    classes
}

/// The trie of the patterns as a dense table, before failure links.
struct Trie {
    /// Per state and class: the child state, or [`NONE`].
    children: Vec<u32>,
    /// Per state: the patterns ending there, in pattern order.
    own: Vec<Vec<u32>>,
}

const NONE: u32 = u32::MAX;

impl Trie {
    fn build(patterns: &[&str], classes: &[u8; 256], stride: usize) -> Result<Self, ClaimsError> {
        let mut trie = Trie {
            children: vec![NONE; stride],
            own: vec![Vec::new()],
        };
        for (id, p) in patterns.iter().enumerate() {
            let mut state = 0usize;
            for &b in p.as_bytes() {
                let slot = state * stride + usize::from(classes[usize::from(b)]);
                if trie.children[slot] == NONE {
                    let new = trie.own.len();
                    // Row offsets must leave the MATCH bit free.
                    if (new + 1) * stride >= MATCH as usize {
                        return Err(ClaimsError::Automaton("too many phrase states".to_string()));
                    }
                    trie.children[slot] = new as u32;
                    trie.children.extend(std::iter::repeat_n(NONE, stride));
                    trie.own.push(Vec::new());
                }
                state = trie.children[slot] as usize;
            }
            trie.own[state].push(id as u32);
        }
        Ok(trie)
    }

    /// Failure links in breadth-first order turn the trie into a complete DFA; each
    /// state's matches are its own patterns followed by its failure state's.
    fn into_dfa(self, classes: [u8; 256], stride: usize, patterns: &[&str]) -> PhraseDfa {
        let states = self.own.len();
        let mut trans = vec![0u32; states * stride];
        let mut outs: Vec<Vec<u32>> = vec![Vec::new(); states];
        let mut fail = vec![0usize; states];
        outs[0] = self.own[0].clone();
        let mut queue = std::collections::VecDeque::new();
        for (slot, &child) in trans.iter_mut().zip(&self.children[..stride]) {
            if child == NONE {
                *slot = 0;
            } else {
                *slot = child;
                queue.push_back(child as usize);
            }
        }
        // Root children fail to the root.
        for &s in &queue {
            outs[s] = self.own[s].iter().chain(&outs[0]).copied().collect();
        }
        while let Some(s) = queue.pop_front() {
            for c in 0..stride {
                let child = self.children[s * stride + c];
                let via_fail = trans[fail[s] * stride + c];
                if child == NONE {
                    trans[s * stride + c] = via_fail;
                    continue;
                }
                let t = child as usize;
                fail[t] = via_fail as usize;
                outs[t] = self.own[t].iter().chain(&outs[fail[t]]).copied().collect();
                trans[s * stride + c] = child;
                queue.push_back(t);
            }
        }
        let mut match_ranges = Vec::with_capacity(states);
        let mut match_ids = Vec::new();
        for out in &outs {
            let from = match_ids.len() as u32;
            match_ids.extend(out);
            match_ranges.push((from, match_ids.len() as u32));
        }
        // Premultiply and flag: the search loop needs no multiplication and no lookup
        // of the match list for states without matches.
        for t in &mut trans {
            let target = *t as usize;
            *t = (target * stride) as u32 | if outs[target].is_empty() { 0 } else { MATCH };
        }
        PhraseDfa {
            classes,
            stride,
            trans,
            match_ranges,
            match_ids,
            lens: patterns.iter().map(|p| p.len() as u32).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::{AhoCorasickBuilder, MatchKind};

    fn reference(patterns: &[&str], hay: &str) -> Vec<(usize, usize, usize)> {
        AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .ascii_case_insensitive(true)
            .build(patterns)
            .unwrap()
            .find_overlapping_iter(hay)
            .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
            .collect()
    }

    fn ours(patterns: &[&str], hay: &str) -> Vec<(usize, usize, usize)> {
        let dfa = PhraseDfa::new(patterns).unwrap();
        let mut out = Vec::new();
        dfa.for_each_match(hay.as_bytes(), |s, e, p| out.push((s, e, p)));
        out
    }

    #[test]
    fn overlapping_matches_in_the_crates_order() {
        let patterns = [
            "talks", "alks", "Talk", "talks", ", and ", " and ", "’s", "x", "agree to", "to",
        ];
        for hay in [
            "Peace TALKS, and talks and stalks; Iran’s agree to x",
            "",
            "tttalkss’’s",
            "AND and , and ,, and",
        ] {
            assert_eq!(ours(&patterns, hay), reference(&patterns, hay), "{hay:?}");
        }
    }

    #[test]
    fn an_empty_pattern_matches_everywhere_like_the_crates() {
        let patterns = ["", "ab", "b"];
        for hay in ["", "ab", "xaby"] {
            assert_eq!(ours(&patterns, hay), reference(&patterns, hay), "{hay:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_text_any_patterns(
            patterns in proptest::collection::vec("[abAB ,’]{1,4}", 1..8),
            hay in "[abcAB ,’]{0,30}",
        ) {
            let pats: Vec<&str> = patterns.iter().map(String::as_str).collect();
            proptest::prop_assert_eq!(ours(&pats, &hay), reference(&pats, &hay));
        }
    }
}
