//! The gazetteer automaton: every surface as a byte trie, walked from the places where a
//! hit can begin, giving exactly the hits of an unanchored leftmost-longest Aho–Corasick
//! scan over every byte of the text.
//!
//! Why not a scan of every byte: the tagger tokenises the document anyway, and a hit the
//! tagger keeps starts where no letter or digit is glued before it, which is a word start
//! or a start after an inner hyphen ("pro-Kremlin"). A walk from each such place costs a
//! lookup or two for most words, in a trie of a few hundred KB, where the scan cost a table
//! lookup per byte in a 16 MB DFA (most L1 misses of tagging) and half a second to build
//! (built per process: every CLI call and test paid it). The trie builds in milliseconds.
//!
//! Why the hits are still those of the scan: the scan also finds surfaces glued inside a
//! word and drops them afterwards for their boundaries; such a hit matters only when it
//! hides a hit that would be kept, i.e. when it ends past the end of its word. A surface
//! that starts inside a word and crosses its end must begin with the word's tail followed
//! by the byte after the word ("breathe Kremlin" holds "the Kremlin"). A reverse trie of
//! those beginnings (a surface's first letters-and-digits run plus the next byte) flags
//! the few words where that can happen, and inside them every position is walked, so the
//! scan's greedy order is replayed exactly. Surfaces starting with a character that is not a
//! letter or digit are walked from every position holding their first byte. The
//! equivalence is tested against the `aho-corasick` crate's leftmost-longest search on
//! texts glued from the default surfaces (`tests` below).
//!
//! Two 8 KB bit filters keep most words off the tries: a run of letters and digits is
//! walked only when it is the first run of some surface (by its first three bytes and its
//! length, from one four-byte load: about a quarter of the words of news text, mostly
//! names, "the" and titles), and its tail is looked up in the reverse trie only when the
//! four bytes around its end (its last byte, the next one and two more) are those of a
//! surface crossing a word end (a few percent of the words; an exact bit by the last and
//! next byte for the surfaces with fewer bytes after their first run).
//!
//! A word that passes the first filter is then looked up exactly in a table of the first
//! runs (`FirstRuns`, by its first eight bytes and its length), which gives the trie node
//! after the whole run: the walk starts there, after the word, instead of stepping through
//! it byte by byte, and a word the filter let through by a hash collision costs no walk.
//! Occurrences that would end inside the run are not looked for: they fail the boundary
//! check and, outside the words walked position by position, hide nothing.
//!
//! The trie itself: nodes numbered depth first, so the only child of a node (most nodes
//! below the first letters) is the next node and a name is walked through consecutive
//! memory; nodes with more than `SPARSE_EDGES` children ("the ", "The ", the first
//! letters) have a dense row of 256 children, the others a short sorted edge list.

use crate::tokens::{TokKind, Token};

const NONE: u32 = u32::MAX;

/// A byte trie: a dense root, dense rows for the few wide nodes, sorted edge lists for
/// the rest. Nodes are numbered depth first, so a node's only child is the next node:
/// most nodes below the first letters spell one name, and walking such a chain reads one
/// node after the other (no edge arrays, consecutive memory).
#[derive(Debug, Clone)]
struct ByteTrie {
    /// Child of the root per byte (`NONE` for none).
    root: Box<[u32; 256]>,
    nodes: Vec<Node>,
    /// Edges of nodes with a few children: `edge_bytes` sorted per node, `edge_to` alike.
    edge_bytes: Vec<u8>,
    edge_to: Vec<u32>,
    /// Child per byte of the nodes with more than `SPARSE_EDGES` children ("the ", "The ",
    /// the first letters): one load instead of a search where most walks pass.
    dense: Vec<[u32; 256]>,
}

#[derive(Debug, Clone, Copy)]
struct Node {
    /// Pattern ending here (`NONE` for none).
    value: u32,
    /// Per `edges`: 0 none; 1 the next node, by `byte`; up to `SPARSE_EDGES` the edges at
    /// `at` in `edge_bytes`/`edge_to`; more: the dense row `at`.
    at: u32,
    edges: u16,
    byte: u8,
}

/// Nodes with more children than this get a dense row (1 KB each; a few dozen nodes).
const SPARSE_EDGES: usize = 12;

impl ByteTrie {
    /// A trie of `(key, value)`; a key given twice keeps its last value.
    fn build<'k>(entries: impl Iterator<Item = (&'k [u8], u32)>) -> Self {
        // Built as child maps first, then numbered depth first and flattened.
        let mut children: Vec<Vec<(u8, u32)>> = vec![Vec::new()];
        let mut values: Vec<u32> = vec![NONE];
        for (key, value) in entries {
            let mut node = 0usize;
            for &b in key {
                node = match children[node].iter().find(|(x, _)| *x == b) {
                    Some(&(_, to)) => to as usize,
                    None => {
                        let to = children.len();
                        children[node].push((b, to as u32));
                        children.push(Vec::new());
                        values.push(NONE);
                        to
                    }
                };
            }
            values[node] = value;
        }
        for edges in &mut children {
            edges.sort_unstable();
        }
        let order = depth_first(&children);
        let mut new_id = vec![NONE; children.len()];
        for (new, &old) in order.iter().enumerate() {
            new_id[old as usize] = new as u32;
        }
        let mut trie = ByteTrie {
            root: Box::new([NONE; 256]),
            nodes: Vec::with_capacity(order.len()),
            edge_bytes: Vec::new(),
            edge_to: Vec::new(),
            dense: Vec::new(),
        };
        for &(b, to) in &children[0] {
            trie.root[usize::from(b)] = new_id[to as usize];
        }
        let mut edges = Vec::new();
        for &old in &order {
            edges.clear();
            edges.extend(
                children[old as usize]
                    .iter()
                    .map(|&(b, to)| (b, new_id[to as usize])),
            );
            let node = trie.flat_node(values[old as usize], &edges);
            trie.nodes.push(node);
        }
        trie
    }

    /// The node holding `value` and `edges` (children already renumbered).
    fn flat_node(&mut self, value: u32, edges: &[(u8, u32)]) -> Node {
        let mut node = Node {
            value,
            at: 0,
            edges: edges.len() as u16,
            byte: 0,
        };
        match edges.len() {
            0 => {}
            1 => node.byte = edges[0].0,
            n if n <= SPARSE_EDGES => {
                node.at = self.edge_bytes.len() as u32;
                self.edge_bytes.extend(edges.iter().map(|e| e.0));
                self.edge_to.extend(edges.iter().map(|e| e.1));
            }
            _ => {
                let mut row = [NONE; 256];
                for &(b, to) in edges {
                    row[usize::from(b)] = to;
                }
                node.at = self.dense.len() as u32;
                self.dense.push(row);
            }
        }
        node
    }

    #[inline(always)]
    fn child(&self, node: u32, b: u8) -> u32 {
        self.child_of(self.nodes[node as usize], node, b)
    }

    /// The child by `b` of `node`, whose fields are `n`.
    #[inline(always)]
    fn child_of(&self, n: Node, node: u32, b: u8) -> u32 {
        match usize::from(n.edges) {
            // Depth-first numbering: the only child is the next node.
            1 => {
                if n.byte == b {
                    node + 1
                } else {
                    NONE
                }
            }
            0 => NONE,
            len if len <= SPARSE_EDGES => {
                let lo = n.at as usize;
                let bytes = &self.edge_bytes[lo..lo + len];
                bytes
                    .iter()
                    .position(|&x| x == b)
                    .map_or(NONE, |i| self.edge_to[lo + i])
            }
            _ => self.dense[n.at as usize][usize::from(b)],
        }
    }

    /// The longest key that `hay[at..]` starts with: its end and value.
    #[inline]
    fn longest_at(&self, hay: &[u8], at: usize) -> Option<(usize, u32)> {
        self.longest_from(self.root[usize::from(hay[at])], hay, at + 1)
    }

    /// The longest key through `node`, reached with the text read up to byte `i`
    /// (`NONE` for no node): its end and value.
    #[inline]
    fn longest_from(&self, mut node: u32, hay: &[u8], mut i: usize) -> Option<(usize, u32)> {
        let mut best = None;
        while let Some(&n) = self.nodes.get(node as usize) {
            if n.value != NONE {
                best = Some((i, n.value));
            }
            let Some(&b) = hay.get(i) else { break };
            node = self.child_of(n, node, b);
            i += 1;
        }
        best
    }

    /// The node reached from the root by `bytes` (non-empty; `NONE` if the trie has no
    /// such path).
    fn node_of(&self, bytes: &[u8]) -> u32 {
        match bytes.split_first() {
            Some((&b, rest)) => self.walk(self.root[usize::from(b)], rest),
            None => NONE,
        }
    }

    /// The node reached from `node` by `bytes` (`NONE` if the trie has no such path).
    fn walk(&self, mut node: u32, bytes: &[u8]) -> u32 {
        for &b in bytes {
            if node == NONE {
                break;
            }
            node = self.child(node, b);
        }
        node
    }
}

/// The nodes below the root of `children` in depth-first order, children by byte (so a
/// node with one child is followed by it). The root itself (node 0) comes first.
fn depth_first(children: &[Vec<(u8, u32)>]) -> Vec<u32> {
    let mut order = Vec::with_capacity(children.len());
    let mut stack = vec![0u32];
    while let Some(node) = stack.pop() {
        order.push(node);
        // Pushed in reverse so the smallest byte is visited first.
        stack.extend(children[node as usize].iter().rev().map(|e| e.1));
    }
    order
}

/// A set of short byte strings packed into `u64` keys, hashed into 2^16 bits (8 KB,
/// stays in L1): a test that rejects most words before any trie walk. False positives
/// only cost a walk.
#[derive(Debug, Clone)]
struct GramFilter {
    bits: Box<[u64; 1024]>,
}

impl GramFilter {
    fn new() -> Self {
        GramFilter {
            bits: Box::new([0; 1024]),
        }
    }

    #[inline]
    fn slot(key: u64) -> usize {
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 48) as usize
    }

    fn insert(&mut self, key: u64) {
        let i = Self::slot(key);
        self.bits[i / 64] |= 1 << (i % 64);
    }

    #[inline]
    fn contains(&self, key: u64) -> bool {
        let i = Self::slot(key);
        self.bits[i / 64] & (1 << (i % 64)) != 0
    }
}

/// The key of a run by its first three bytes (0 for missing ones) and its length.
#[inline]
fn head_key(run: &[u8]) -> u64 {
    let [a, b, c] = head3(run);
    u64::from(a) | u64::from(b) << 8 | u64::from(c) << 16 | (run.len().min(255) as u64) << 24
}

/// `head_key` of the run `hay[from..to]`, from one load of four bytes where the text
/// has them.
#[inline(always)]
fn head_key_at(hay: &[u8], from: usize, to: usize) -> u64 {
    let Some(&[a, b, c, d]) = hay.get(from..from + 4).and_then(|w| w.first_chunk::<4>()) else {
        return head_key(&hay[from..to]);
    };
    let len = to - from;
    let head = u32::from_le_bytes([a, b, c, d]) & HEAD_MASK[len.min(3)];
    u64::from(head) | (len.min(255) as u64) << 24
}

/// The bytes of a run's first four that `head_key` keeps, by the run's length (up to 3).
const HEAD_MASK: [u32; 4] = [0, 0xFF, 0xFFFF, 0xFF_FFFF];

/// The first three bytes of `s` (0 for missing ones).
#[inline]
fn head3(s: &[u8]) -> [u8; 3] {
    match *s {
        [] => [0; 3],
        [a] => [a, 0, 0],
        [a, b] => [a, b, 0],
        [a, b, c, ..] => [a, b, c],
    }
}

/// The first runs of letters and digits of the surfaces, each with the trie node it leads
/// to: a word of the text is looked up once (by its first eight bytes and its length) and
/// the walk starts after it, instead of stepping through the word byte by byte. Exact, so
/// a word that only looks like a first run to the bit filter costs no walk at all.
#[derive(Debug, Clone)]
struct FirstRuns {
    /// Open addressing, a power of two at least twice the number of runs; `len == 0` is
    /// an empty slot.
    slots: Vec<RunSlot>,
    shift: u32,
}

#[derive(Debug, Clone, Copy, Default)]
struct RunSlot {
    /// The first `RUN_HEAD` bytes of the run (fewer for a shorter run, zero-padded),
    /// little-endian.
    head: u64,
    /// The run's length in bytes (0: empty slot).
    len: u32,
    /// The trie node reached by the head bytes.
    node: u32,
}

/// Bytes of a run held in its slot; the rest of a longer run is walked in the trie.
const RUN_HEAD: usize = 8;

impl FirstRuns {
    fn build(trie: &ByteTrie, runs: &[&[u8]]) -> Self {
        let wanted = (runs.len() * 2).next_power_of_two().max(16);
        let mut table = FirstRuns {
            slots: vec![RunSlot::default(); wanted],
            shift: 64 - wanted.trailing_zeros(),
        };
        for run in runs {
            let head = &run[..run.len().min(RUN_HEAD)];
            let slot = RunSlot {
                head: head_u64(head),
                len: run.len() as u32,
                node: trie.node_of(head),
            };
            table.insert(slot);
        }
        table
    }

    #[inline(always)]
    fn slot_of(&self, head: u64, len: usize) -> usize {
        let key = head ^ (len as u64).wrapping_mul(0xD6E8_FEB8_6659_FD93);
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    fn insert(&mut self, slot: RunSlot) {
        let mask = self.slots.len() - 1;
        let mut i = self.slot_of(slot.head, slot.len as usize);
        loop {
            let s = &mut self.slots[i];
            if s.len == 0 {
                *s = slot;
                return;
            }
            if s.head == slot.head && s.len == slot.len {
                return; // the same head bytes lead to the same node
            }
            i = (i + 1) & mask;
        }
    }

    /// The trie node after the run `hay[from..to]` when it is the first run of a surface,
    /// else `NONE`.
    #[inline(always)]
    fn node_after(&self, trie: &ByteTrie, hay: &[u8], from: usize, to: usize) -> u32 {
        let len = to - from;
        let head = head_at(hay, from, len);
        let mask = self.slots.len() - 1;
        let mut i = self.slot_of(head, len);
        loop {
            let s = self.slots[i];
            if s.len == 0 {
                return NONE;
            }
            if s.head == head && s.len as usize == len {
                if len <= RUN_HEAD {
                    return s.node;
                }
                return trie.walk(s.node, &hay[from + RUN_HEAD..to]);
            }
            i = (i + 1) & mask;
        }
    }
}

/// Up to eight bytes as a little-endian `u64`, zero-padded.
fn head_u64(bytes: &[u8]) -> u64 {
    let mut b = [0u8; RUN_HEAD];
    let n = bytes.len().min(RUN_HEAD);
    b[..n].copy_from_slice(&bytes[..n]);
    u64::from_le_bytes(b)
}

/// `head_u64` of the first `min(len, 8)` bytes at `from`, from one load of eight bytes
/// where the text has them.
#[inline(always)]
fn head_at(hay: &[u8], from: usize, len: usize) -> u64 {
    let n = len.min(RUN_HEAD);
    match hay
        .get(from..from + RUN_HEAD)
        .and_then(|w| w.first_chunk::<RUN_HEAD>())
    {
        Some(&w) if n == RUN_HEAD => u64::from_le_bytes(w),
        Some(&w) => u64::from_le_bytes(w) & ((1u64 << (8 * n)) - 1),
        None => head_u64(&hay[from..from + n]),
    }
}

/// The surfaces of a config, searched from the tokens of a document.
#[derive(Debug, Clone)]
pub struct SurfaceTrie {
    /// Every surface, valued by its pattern number.
    surfaces: ByteTrie,
    /// The first runs of letters and digits of the surfaces ("the" of "the Kremlin"): a run
    /// of the text can begin a hit that is kept only if it is one of them (see `run`).
    first_runs: GramFilter,
    /// The same runs exactly, with the trie node each leads to.
    run_nodes: FirstRuns,
    /// Reversed beginnings of the surfaces that contain a character that is not a letter
    /// or digit after a first run of letters/digits: that run plus the next byte.
    crossing: ByteTrie,
    /// The bytes around a word end that such a surface can cross (see `CrossWindows`).
    cross_windows: CrossWindows,
    /// Bytes that begin a surface whose first character is not a letter or digit.
    odd_start: [bool; 256],
    any_odd_start: bool,
}

impl SurfaceTrie {
    /// `keys[p]` is pattern `p`. Keys must be non-empty.
    pub fn build(keys: &[String]) -> Self {
        let surfaces = ByteTrie::build(
            keys.iter()
                .enumerate()
                .map(|(p, k)| (k.as_bytes(), p as u32)),
        );
        let mut odd_start = [false; 256];
        let mut beginnings: Vec<Vec<u8>> = Vec::new();
        let mut first_runs = GramFilter::new();
        let mut cross_windows = CrossWindows::new();
        let mut runs: Vec<&[u8]> = Vec::new();
        for key in keys {
            let run = first_run_len(key);
            let bytes = key.as_bytes();
            first_runs.insert(head_key(&bytes[..run]));
            if run > 0 {
                runs.push(&bytes[..run]);
            }
            if run == 0 {
                if let Some(&b) = key.as_bytes().first() {
                    odd_start[usize::from(b)] = true;
                }
            } else if run < key.len() {
                cross_windows.insert(bytes, run);
                let mut rev = key.as_bytes()[..=run].to_vec();
                rev.reverse();
                beginnings.push(rev);
            }
        }
        beginnings.sort_unstable();
        beginnings.dedup();
        let crossing = ByteTrie::build(beginnings.iter().map(|b| (b.as_slice(), 0)));
        SurfaceTrie {
            run_nodes: FirstRuns::build(&surfaces, &runs),
            surfaces,
            first_runs,
            crossing,
            cross_windows,
            any_odd_start: odd_start.iter().any(|&b| b),
            odd_start,
        }
    }

    /// Every leftmost-longest, non-overlapping occurrence of a surface in `text`, in order,
    /// as a [`Hit`]: the hits of an unanchored leftmost-longest scan of the whole text
    /// (see the module docs). `toks` are the tokens of `text`.
    pub fn for_each_match(&self, text: &str, toks: &[Token], mut found: impl FnMut(Hit)) {
        let hay = text.as_bytes();
        let mut scan = Greedy {
            trie: &self.surfaces,
            hay,
            at: 0,
            token: 0,
        };
        for (i, t) in toks.iter().enumerate() {
            scan.token = i;
            match t.kind {
                TokKind::Word if !t.joined => {
                    self.run(&mut scan, t.start(), t.end(), &mut found);
                }
                TokKind::Word => self.joined_word(&mut scan, text, t, &mut found),
                TokKind::Punct(_)
                    if self.any_odd_start && self.odd_start[usize::from(hay[t.start()])] =>
                {
                    scan.try_at(t.start(), &mut found);
                }
                _ => {}
            }
        }
    }

    /// One run of letters and digits `[from, to)`: its start, and every position inside
    /// it when a surface may start inside and cross its end.
    ///
    /// At the start, a hit that is kept (or that ends past the run) needs a surface whose
    /// first run is this whole run; a shorter surface ending inside the run ("Russian" in
    /// "Russians") is dropped for its boundary and hides nothing outside the run. So
    /// unless the run is walked position by position, a run that is no surface's first
    /// run needs no walk.
    #[inline(always)]
    fn run(&self, scan: &mut Greedy, from: usize, to: usize, found: &mut impl FnMut(Hit)) {
        if self.may_cross(scan.hay, from, to) {
            scan.try_at(from, found);
            for inner in from + 1..to {
                if !is_continuation(scan.hay[inner]) {
                    scan.try_at(inner, found);
                }
            }
        } else if self.first_runs.contains(head_key_at(scan.hay, from, to)) {
            // Hits ending inside the run are dropped for their boundary, so the walk
            // may start after the run.
            let node = self.run_nodes.node_after(scan.trie, scan.hay, from, to);
            if node != NONE {
                scan.try_from(from, node, to, found);
            }
        }
    }

    /// A word with inner hyphens: each run, and the hyphens themselves when a surface may
    /// start with one.
    #[cold]
    fn joined_word(&self, scan: &mut Greedy, text: &str, t: &Token, found: &mut impl FnMut(Hit)) {
        let mut run_start = t.start();
        for (i, c) in text[t.start()..t.end()].char_indices() {
            if c.is_alphanumeric() {
                continue;
            }
            let at = t.start() + i;
            if run_start < at {
                self.run(scan, run_start, at, found);
            }
            if self.odd_start[usize::from(scan.hay[at])] {
                scan.try_at(at, found);
            }
            run_start = at + c.len_utf8();
        }
        if run_start < t.end() {
            self.run(scan, run_start, t.end(), found);
        }
    }

    /// Does the run `[from, to)` end with the beginning of a surface that continues past
    /// it? (A proper tail of the run, followed by the byte after it.) Only when the bytes
    /// around the run's end are those of such a surface (`cross_windows`) is the reversed
    /// trie walked.
    #[inline(always)]
    fn may_cross(&self, hay: &[u8], from: usize, to: usize) -> bool {
        if to - from < 2 || !self.cross_windows.may_hold(hay, to) {
            return false;
        }
        let Some(&next) = hay.get(to) else {
            return false;
        };
        let mut node = self.crossing.root[usize::from(next)];
        let mut i = to;
        // Proper tails only: the walk stops before the run's first byte.
        while node != NONE && i > from + 1 {
            i -= 1;
            node = self.crossing.child(node, hay[i]);
            if node != NONE && self.crossing.nodes[node as usize].value != NONE {
                return true;
            }
        }
        false
    }
}

/// Where a surface can cross the end of a word, by the bytes around that end: a
/// necessary condition checked before the reversed trie is walked.
///
/// A surface starting inside a word and crossing its end holds the word's last byte, the
/// byte after the word and what follows; when at least two bytes follow, those four bytes
/// of the text are one of the surfaces' windows (a probe of an 8 KB filter, passed by a
/// few percent of the words). Surfaces with less after the byte are found by the last
/// byte and the next one (an exact bit).
#[derive(Debug, Clone)]
struct CrossWindows {
    /// Bit `last << 8 | next` for the beginnings followed by fewer than two bytes.
    short: Box<[u64; 1024]>,
    /// `last, next, two bytes more` as a little-endian `u32`.
    windows: GramFilter,
}

impl CrossWindows {
    fn new() -> Self {
        CrossWindows {
            short: Box::new([0; 1024]),
            windows: GramFilter::new(),
        }
    }

    /// A surface whose first run of letters/digits ends before byte `run`.
    fn insert(&mut self, key: &[u8], run: usize) {
        match key.get(run - 1..run + 3) {
            Some(window) => self.windows.insert(u64::from(window_key(window))),
            None => {
                let i = Self::pair(key[run - 1], key[run]);
                self.short[i / 64] |= 1 << (i % 64);
            }
        }
    }

    #[inline(always)]
    fn pair(last: u8, next: u8) -> usize {
        usize::from(last) << 8 | usize::from(next)
    }

    /// Can a surface cross the end `to` of a word (at least one byte long)?
    #[inline(always)]
    fn may_hold(&self, hay: &[u8], to: usize) -> bool {
        let (Some(&last), Some(&next)) = (hay.get(to.wrapping_sub(1)), hay.get(to)) else {
            return false;
        };
        let i = Self::pair(last, next);
        if self.short[i / 64] & (1 << (i % 64)) != 0 {
            return true;
        }
        // Near the end of the text: no window, the walk decides.
        hay.get(to - 1..to + 3)
            .is_none_or(|w| self.windows.contains(u64::from(window_key(w))))
    }
}

/// Four bytes as a little-endian `u32`.
#[inline(always)]
fn window_key(w: &[u8]) -> u32 {
    match w.first_chunk::<4>() {
        Some(&bytes) => u32::from_le_bytes(bytes),
        None => 0,
    }
}

/// One occurrence of a surface: bytes `start..end` of the text, its pattern, and the
/// token it was found from (the hit starts at that token's start or inside it), so
/// the caller finds its tokens without searching.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub pattern: usize,
    pub token: usize,
}

/// The scan's greedy state: the end of the last occurrence taken, and the token walked.
struct Greedy<'a> {
    trie: &'a ByteTrie,
    hay: &'a [u8],
    at: usize,
    token: usize,
}

impl Greedy<'_> {
    /// Take the longest occurrence starting at `pos`, unless the last one covers `pos`.
    #[inline]
    fn try_at(&mut self, pos: usize, found: &mut impl FnMut(Hit)) {
        if pos < self.at {
            return;
        }
        let longest = self.trie.longest_at(self.hay, pos);
        self.take(pos, longest, found);
    }

    /// As `try_at`, for a walk from `pos` already at `node` after the text up to `i`
    /// (occurrences ending before `i` are not looked for).
    #[inline]
    fn try_from(&mut self, pos: usize, node: u32, i: usize, found: &mut impl FnMut(Hit)) {
        if pos < self.at {
            return;
        }
        let longest = self.trie.longest_from(node, self.hay, i);
        self.take(pos, longest, found);
    }

    #[inline(always)]
    fn take(&mut self, pos: usize, longest: Option<(usize, u32)>, found: &mut impl FnMut(Hit)) {
        if let Some((end, pattern)) = longest {
            found(Hit {
                start: pos,
                end,
                pattern: pattern as usize,
                token: self.token,
            });
            self.at = end;
        }
    }
}

/// Byte length of the leading run of letters and digits of `s`.
fn first_run_len(s: &str) -> usize {
    s.char_indices()
        .find(|(_, c)| !c.is_alphanumeric())
        .map_or(s.len(), |(i, _)| i)
}

fn is_continuation(b: u8) -> bool {
    b & 0xC0 == 0x80
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tagger::on_word_boundaries;
    use crate::tokens::tokenize;
    use aho_corasick::{AhoCorasick, MatchKind};

    type Hit = (usize, usize, usize);

    /// The hits on word boundaries (the only ones the tagger keeps) of the trie and of the
    /// crate's leftmost-longest scan.
    fn kept_hits(trie: &SurfaceTrie, ac: &AhoCorasick, text: &str) -> (Vec<Hit>, Vec<Hit>) {
        let mut ours = Vec::new();
        let toks = tokenize(text);
        trie.for_each_match(text, &toks, |h| {
            // The token a hit is found from holds its first byte.
            let t = toks[h.token];
            assert!(t.start() <= h.start && h.start < t.end().max(t.start() + 1));
            if on_word_boundaries(text, h.start, h.end) {
                ours.push((h.start, h.end, h.pattern));
            }
        });
        let theirs = ac
            .find_iter(text)
            .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
            .filter(|&(s, e, _)| on_word_boundaries(text, s, e))
            .collect();
        (ours, theirs)
    }

    pub(crate) fn reference(keys: &[String]) -> AhoCorasick {
        AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(keys)
            .expect("automaton")
    }

    #[test]
    fn same_hits_as_a_byte_scan() {
        let keys: Vec<String> = [
            "the Kremlin",
            "Kremlin",
            "Foreign Minister",
            "Minister",
            "US",
            "U.S.",
            "Russian",
            "Russia",
            "Côte d’Ivoire",
            "al-Burhan",
            "Burhan",
            "chief negotiator",
            "negotiator",
            "-x",
            "’s",
        ]
        .iter()
        .map(|k| k.to_string())
        .collect();
        let (trie, ac) = (SurfaceTrie::build(&keys), reference(&keys));
        for text in [
            "They breathe Kremlin air, said the Foreign Ministers of the US and U.S. allies.",
            "pro-Russian and Russia-backed forces; al-Burhan met Burhan's men in Côte d’Ivoire.",
            "a mischief negotiator, the chief negotiator, USU.S. a-x b -x Kremlin’s",
            "Kremlin",
            "xKremlin Kremlinx",
            "Russians, Russia",
        ] {
            let (ours, theirs) = kept_hits(&trie, &ac, text);
            assert_eq!(ours, theirs, "{text}");
        }
    }

    /// Texts glued together from the default surfaces with every kind of joint (none, a
    /// letter, a hyphen, an apostrophe, punctuation, a space, a line break).
    #[test]
    fn same_hits_as_a_byte_scan_on_default_surfaces() {
        let cfg = crate::ActorConfig::default();
        let c = cfg.compiled();
        let keys = &c.keys;
        let ac = reference(keys);
        const JOINTS: [&str; 10] = [
            "",
            " ",
            "x",
            "-",
            "\u{2019}s ",
            ", ",
            "\n",
            "é",
            "s ",
            "the ",
        ];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let mut kept = 0;
        for _ in 0..5000 {
            let mut text = String::new();
            for _ in 0..12 {
                let key = &keys[next(keys.len())];
                // Sometimes only the tail or the head of a surface.
                let cut = match next(4) {
                    0 => key.char_indices().nth(1).map_or(0, |(i, _)| i),
                    1 => key.len() - key.chars().last().map_or(0, char::len_utf8),
                    _ => usize::MAX,
                };
                match cut {
                    usize::MAX => text.push_str(key),
                    i if next(2) == 0 => text.push_str(&key[i..]),
                    i => text.push_str(&key[..i]),
                }
                text.push_str(JOINTS[next(JOINTS.len())]);
            }
            let (ours, theirs) = kept_hits(&c.automaton, &ac, &text);
            assert_eq!(ours, theirs, "{text}");
            kept += ours.len();
        }
        assert!(kept > 10_000, "{kept} hits only");
    }
}
