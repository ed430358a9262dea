//! Answers prepared once per ledger view: every claim and position serialised once,
//! joined into one buffer, with indexes by filter value. A request then picks indices
//! and copies byte ranges into one body; nothing is serialised per request.

use std::collections::BTreeMap;

use axum::body::Bytes;
use stancemap_ledger::Position;
use stancemap_model::ClaimRecord;

use crate::error::ServerError;
use crate::state::LedgerView;
use crate::views;

/// What `/api/positions` and `/api/claims` may be filtered by (blank parameters already
/// dropped). Parties match without regard to ASCII case, the rest exactly.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Filter<'a> {
    pub party: Option<&'a str>,
    pub topic: Option<&'a str>,
    pub story: Option<&'a str>,
    /// Claims only.
    pub doc: Option<&'a str>,
}

/// The prepared answers of one view.
pub(crate) struct Prepared {
    /// The unfiltered `GET /api/positions` body.
    positions_body: Bytes,
    positions: Joined,
    position_index: PositionIndex,
    /// Each claim as its `/api/claims` JSON object.
    claims: Joined,
    claim_index: ClaimIndex,
}

impl Prepared {
    /// Nothing prepared yet (while a view is being built).
    pub fn empty() -> Prepared {
        Prepared {
            positions_body: Bytes::new(),
            positions: Joined::empty(),
            position_index: PositionIndex::default(),
            claims: Joined::empty(),
            claim_index: ClaimIndex::default(),
        }
    }

    /// The answers of `view`. The claims of `previous` (the last view) are reused when
    /// they begin the claims of `view`: the store only appends, and a claim's answer
    /// depends only on the claim and its document, both unchanged once stored.
    pub fn new(view: &LedgerView, previous: Option<&LedgerView>) -> Result<Prepared, ServerError> {
        let l = &view.ledger;
        // Through a `Value`, as `json!` serialises nested values: the same bytes (key
        // order included) as a body built with `json!` from the positions.
        let positions = Joined::new(l.positions.iter().map(|p| {
            serde_json::to_value(views::position_view(p, &l.agreements))
                .and_then(|v| serde_json::to_string(&v))
        }))?;
        let claim_json = |c| serde_json::to_string(&views::claim_view(view, c));
        let all = &view.input.claims;
        let claims = match previous.and_then(|old| claims_kept(old, view)) {
            Some((old, kept)) => old.extended(all[kept..].iter().map(claim_json))?,
            None => Joined::new(all.iter().map(claim_json))?,
        };
        let mut prepared = Prepared {
            positions_body: Bytes::new(),
            position_index: PositionIndex::new(&l.positions),
            positions,
            claim_index: ClaimIndex::new(&view.input.claims, |c| {
                view.doc(&c.doc).and_then(|d| d.story.as_deref())
            }),
            claims,
        };
        prepared.positions_body = prepared.positions_page(view, Filter::default());
        Ok(prepared)
    }

    /// The `GET /api/positions` body: `{"positions": [...], "version": ...}` (the key
    /// order `json!` gives).
    pub fn positions(&self, view: &LedgerView, f: Filter<'_>) -> Bytes {
        if f.party.is_none() && f.topic.is_none() && f.story.is_none() {
            return self.positions_body.clone();
        }
        self.positions_page(view, f)
    }

    fn positions_page(&self, view: &LedgerView, f: Filter<'_>) -> Bytes {
        let all = &view.ledger.positions;
        let index = &self.position_index;
        let candidates = fewest([
            f.party.map(|p| index.party.get(&party_key(p))),
            f.topic.map(|t| index.topic.get(t)),
            f.story.map(|s| index.story.get(s)),
        ]);
        let keep = |p: &Position| {
            f.party.is_none_or(|q| p.party.eq_ignore_ascii_case(q))
                && f.topic.is_none_or(|t| p.topic == t)
                && f.story.is_none_or(|s| p.story.as_deref() == Some(s))
        };
        let picked = match candidates {
            None => Picked::Range(0, self.positions.len()),
            Some(list) => Picked::List(
                list.iter()
                    .copied()
                    .filter(|&i| all.get(i as usize).is_some_and(keep))
                    .collect(),
            ),
        };
        let tail = format!(
            "],\"version\":{}}}",
            serde_json::Value::from(view.version())
        );
        self.positions.body("{\"positions\":[", &picked, &tail)
    }

    /// The `GET /api/claims` body: the page `offset..offset + limit` of the matching
    /// claims, with their total.
    pub fn claims(&self, view: &LedgerView, f: Filter<'_>, offset: usize, limit: usize) -> Bytes {
        let index = &self.claim_index;
        let candidates = fewest([
            f.party.map(|p| index.party.get(&party_key(p))),
            f.topic.map(|t| index.topic.get(t)),
            f.story.map(|s| index.story.get(s)),
            f.doc.map(|d| index.doc.get(d)),
        ]);
        let (total, picked) = match candidates {
            None => {
                let n = self.claims.len();
                let from = offset.min(n);
                (n, Picked::Range(from, offset.saturating_add(limit).min(n)))
            }
            Some(list) => {
                let matching: Vec<u32> = list
                    .iter()
                    .copied()
                    .filter(|&i| claim_matches(view, f, i as usize))
                    .collect();
                let page = matching.iter().copied().skip(offset).take(limit).collect();
                (matching.len(), Picked::List(page))
            }
        };
        let head = format!(
            "{{\"version\":\"{}\",\"total\":{total},\"offset\":{offset},\"limit\":{limit},\"claims\":[",
            view.version()
        );
        self.claims.body(&head, &picked, "]}")
    }
}

/// The prepared claims of `old` and how many of them begin the claims of `new` (all of
/// `old`'s, or none: `None`). The first and last kept claim must be the same claims;
/// anything else (a store replaced, a view without prepared answers) starts afresh.
fn claims_kept<'a>(old: &'a LedgerView, new: &LedgerView) -> Option<(&'a Joined, usize)> {
    let (before, now) = (&old.input.claims, &new.input.claims);
    let n = before.len();
    let same = |i: usize| now.get(i).map(|c| &c.id) == before.get(i).map(|c| &c.id);
    let prepared = &old.prepared.claims;
    (n > 0 && prepared.len() == n && same(0) && same(n - 1)).then_some((prepared, n))
}

fn claim_matches(view: &LedgerView, f: Filter<'_>, i: usize) -> bool {
    let Some(c) = view.input.claims.get(i) else {
        return false;
    };
    // The story needs a document lookup: only when a story is asked for.
    let story_ok = || {
        f.story
            .is_none_or(|s| view.doc(&c.doc).and_then(|d| d.story.as_deref()) == Some(s))
    };
    f.party.is_none_or(|p| c.party.eq_ignore_ascii_case(p))
        && f.topic.is_none_or(|t| c.topic.as_deref() == Some(t))
        && f.doc.is_none_or(|d| c.doc == d)
        && story_ok()
}

/// Items (claims or positions) serialised and joined by commas, so a run of consecutive
/// items is one slice: `items[starts[i]..starts[j] - 1]` holds items `i..j`.
pub(crate) struct Joined {
    items: Bytes,
    /// Where each item starts, and one past the end (`items.len() + 1`).
    starts: Vec<usize>,
}

impl Joined {
    fn empty() -> Joined {
        Joined {
            items: Bytes::new(),
            starts: vec![1],
        }
    }

    pub fn new(
        items: impl IntoIterator<Item = Result<String, serde_json::Error>>,
    ) -> Result<Joined, ServerError> {
        Joined::append(Vec::new(), Vec::new(), items)
    }

    /// These items followed by more.
    pub fn extended(
        &self,
        more: impl IntoIterator<Item = Result<String, serde_json::Error>>,
    ) -> Result<Joined, ServerError> {
        let kept = self.len();
        let mut buf = Vec::with_capacity(self.items.len() + self.items.len() / 8);
        buf.extend_from_slice(self.run(0, kept));
        Joined::append(buf, self.starts[..kept].to_vec(), more)
    }

    /// `buf` holds the items starting at `starts`; add `items` after them.
    fn append(
        mut buf: Vec<u8>,
        mut starts: Vec<usize>,
        items: impl IntoIterator<Item = Result<String, serde_json::Error>>,
    ) -> Result<Joined, ServerError> {
        for item in items {
            if !starts.is_empty() {
                buf.push(b',');
            }
            starts.push(buf.len());
            buf.extend_from_slice(item.map_err(ServerError::Json)?.as_bytes());
        }
        starts.push(buf.len() + 1);
        Ok(Joined {
            items: Bytes::from(buf),
            starts,
        })
    }

    pub fn len(&self) -> usize {
        self.starts.len() - 1
    }

    /// Items `from..to`, comma-joined (empty when the range is).
    fn run(&self, from: usize, to: usize) -> &[u8] {
        if from >= to {
            return &[];
        }
        &self.items[self.starts[from]..self.starts[to] - 1]
    }

    /// A JSON body: `head`, the listed items comma-joined, `tail`; one allocation.
    pub fn body(&self, head: &str, picked: &Picked, tail: &str) -> Bytes {
        let runs = picked.runs();
        let size: usize = runs
            .iter()
            .map(|&(a, b)| self.run(a, b).len() + 1)
            .sum::<usize>()
            + head.len()
            + tail.len();
        let mut out = Vec::with_capacity(size);
        out.extend_from_slice(head.as_bytes());
        for (n, &(a, b)) in runs.iter().enumerate() {
            if n > 0 {
                out.push(b',');
            }
            out.extend_from_slice(self.run(a, b));
        }
        out.extend_from_slice(tail.as_bytes());
        Bytes::from(out)
    }
}

/// Items picked for an answer: a range of all items, or a list of indices.
pub(crate) enum Picked {
    Range(usize, usize),
    List(Vec<u32>),
}

impl Picked {
    /// The picked items as runs of consecutive indices (`from..to`).
    fn runs(&self) -> Vec<(usize, usize)> {
        match self {
            Picked::Range(a, b) => vec![(*a, *b)],
            Picked::List(list) => {
                let mut runs: Vec<(usize, usize)> = Vec::new();
                for &i in list {
                    let i = i as usize;
                    match runs.last_mut() {
                        Some(last) if last.1 == i => last.1 = i + 1,
                        _ => runs.push((i, i + 1)),
                    }
                }
                runs
            }
        }
    }
}

/// Item indices (ascending) by one field's value.
#[derive(Default)]
pub(crate) struct Index(BTreeMap<String, Vec<u32>>);

impl Index {
    fn add(&mut self, key: &str, item: usize) {
        // Views hold far fewer than 4 billion items; a larger one is not indexed.
        if let Ok(i) = u32::try_from(item) {
            self.0.entry(key.to_string()).or_default().push(i);
        }
    }

    /// The items with this value (none when no item has it).
    pub fn get(&self, key: &str) -> &[u32] {
        self.0.get(key).map_or(&[], Vec::as_slice)
    }
}

/// The key a party is indexed under: parties are matched without regard to ASCII case.
pub(crate) fn party_key(party: &str) -> String {
    party.to_ascii_lowercase()
}

/// Claims by party (lower case), topic, document and story.
#[derive(Default)]
pub(crate) struct ClaimIndex {
    pub party: Index,
    pub topic: Index,
    pub doc: Index,
    pub story: Index,
}

impl ClaimIndex {
    pub fn new<'a>(
        claims: &[ClaimRecord],
        story_of: impl Fn(&ClaimRecord) -> Option<&'a str>,
    ) -> ClaimIndex {
        let mut index = ClaimIndex::default();
        for (i, c) in claims.iter().enumerate() {
            index.party.add(&party_key(&c.party), i);
            if let Some(topic) = c.topic.as_deref() {
                index.topic.add(topic, i);
            }
            index.doc.add(&c.doc, i);
            if let Some(story) = story_of(c) {
                index.story.add(story, i);
            }
        }
        index
    }
}

/// Positions by party (lower case), topic and story.
#[derive(Default)]
pub(crate) struct PositionIndex {
    pub party: Index,
    pub topic: Index,
    pub story: Index,
}

impl PositionIndex {
    pub fn new(positions: &[Position]) -> PositionIndex {
        let mut index = PositionIndex::default();
        for (i, p) in positions.iter().enumerate() {
            index.party.add(&party_key(&p.party), i);
            index.topic.add(&p.topic, i);
            if let Some(story) = p.story.as_deref() {
                index.story.add(story, i);
            }
        }
        index
    }
}

/// The shortest of the candidate lists of the given filters (`None`: no filter given).
/// Callers still check every candidate against the whole filter.
pub(crate) fn fewest<'a>(lists: impl IntoIterator<Item = Option<&'a [u32]>>) -> Option<&'a [u32]> {
    lists.into_iter().flatten().min_by_key(|l| l.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn joined(items: &[&str]) -> Joined {
        Joined::new(items.iter().map(|s| Ok(s.to_string()))).unwrap()
    }

    #[test]
    fn bodies_join_picked_items_exactly() {
        let j = joined(&["1", "22", "333", "4"]);
        assert_eq!(j.len(), 4);
        let body = |p: &Picked| String::from_utf8(j.body("[", p, "]").to_vec()).unwrap();
        assert_eq!(body(&Picked::Range(0, 4)), "[1,22,333,4]");
        assert_eq!(body(&Picked::Range(1, 3)), "[22,333]");
        assert_eq!(body(&Picked::Range(2, 2)), "[]");
        assert_eq!(body(&Picked::List(vec![0, 2, 3])), "[1,333,4]");
        assert_eq!(body(&Picked::List(vec![])), "[]");
        assert_eq!(body(&Picked::List(vec![1])), "[22]");
    }

    #[test]
    fn extended_items_are_the_items_joined_at_once() {
        let items = ["1", "22", "333", "4"];
        let whole = joined(&items);
        for split in 0..=items.len() {
            let head = joined(&items[..split]);
            let more = items[split..].iter().map(|s| Ok(s.to_string()));
            let grown = head.extended(more).unwrap();
            assert_eq!(grown.items, whole.items, "{split}");
            assert_eq!(grown.starts, whole.starts, "{split}");
        }
    }

    #[test]
    fn no_items_make_an_empty_list() {
        let j = joined(&[]);
        assert_eq!(j.len(), 0);
        assert_eq!(&j.body("[", &Picked::Range(0, 0), "]")[..], b"[]");
    }

    /// A view of the example corpus.
    fn example_view() -> LedgerView {
        use stancemap_ingest::{read_paths, ReadOptions};
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/corpus");
        let mut store = stancemap_store::Store::open_in_memory().unwrap();
        let items = read_paths(&[corpus], &ReadOptions::default());
        let cfg = stancemap_pipeline::Config::default();
        crate::records::ingest(&mut store, &cfg, items, 64, "t".into(), |_| {}).unwrap();
        let marker = store.change_marker().unwrap();
        crate::state::build_view(&store, marker, 0, &mut Default::default(), None).unwrap()
    }

    /// The positions body as the handler built it before bodies were prepared.
    fn positions_as_before(view: &LedgerView, f: Filter<'_>) -> Vec<u8> {
        let l = &view.ledger;
        let positions: Vec<_> = l
            .positions
            .iter()
            .filter(|p| {
                f.party.is_none_or(|q| p.party.eq_ignore_ascii_case(q))
                    && f.topic.is_none_or(|t| p.topic == t)
                    && f.story.is_none_or(|s| p.story.as_deref() == Some(s))
            })
            .map(|p| views::position_view(p, &l.agreements))
            .collect();
        let body = serde_json::json!({ "version": view.version(), "positions": positions });
        serde_json::to_vec(&body).unwrap()
    }

    /// The claims page as the handler built it before bodies were prepared.
    fn claims_as_before(view: &LedgerView, f: Filter<'_>, offset: usize, limit: usize) -> Vec<u8> {
        let mut total = 0;
        let mut page = Vec::new();
        for (i, c) in view.input.claims.iter().enumerate() {
            if claim_matches(view, f, i) {
                if total >= offset && page.len() < limit {
                    page.push(serde_json::to_string(&views::claim_view(view, c)).unwrap());
                }
                total += 1;
            }
        }
        format!(
            "{{\"version\":\"{}\",\"total\":{total},\"offset\":{offset},\"limit\":{limit},\"claims\":[{}]}}",
            view.version(),
            page.join(",")
        )
        .into_bytes()
    }

    /// Every filter value of the view (and a lower-case party, and unknown values).
    fn filters(view: &LedgerView) -> Vec<Filter<'_>> {
        let mut out = vec![Filter::default()];
        let none = Filter::default();
        for p in view.ledger.positions.iter().take(40) {
            out.push(Filter {
                party: Some(&p.party),
                ..none
            });
            out.push(Filter {
                topic: Some(&p.topic),
                ..none
            });
            out.push(Filter {
                story: p.story.as_deref(),
                ..none
            });
            out.push(Filter {
                party: Some(&p.party),
                topic: Some(&p.topic),
                story: p.story.as_deref(),
                doc: None,
            });
        }
        for c in view.input.claims.iter().take(40) {
            out.push(Filter {
                doc: Some(&c.doc),
                ..none
            });
            out.push(Filter {
                doc: Some(&c.doc),
                party: Some(&c.party),
                ..none
            });
        }
        out.push(Filter {
            party: Some("ukr"),
            ..none
        });
        out.push(Filter {
            party: Some("nobody"),
            ..none
        });
        out.push(Filter {
            topic: Some("no such topic"),
            story: Some("s-999"),
            ..none
        });
        out
    }

    #[test]
    fn prepared_answers_are_the_bytes_of_the_answers_built_per_request() {
        let view = example_view();
        assert!(view.input.claims.len() > 100 && !view.ledger.positions.is_empty());
        for f in filters(&view) {
            let body = view.prepared.positions(&view, f);
            assert_eq!(&body[..], &positions_as_before(&view, f)[..], "{f:?}");
            for (offset, limit) in [
                (0, 100),
                (0, 1),
                (3, 7),
                (50, 1000),
                (10_000, 5),
                (usize::MAX, 1000),
            ] {
                let page = view.prepared.claims(&view, f, offset, limit);
                let want = claims_as_before(&view, f, offset, limit);
                assert_eq!(&page[..], &want[..], "{f:?} {offset} {limit}");
            }
        }
    }

    #[test]
    fn the_fewest_candidates_win() {
        let (a, b) = ([1u32, 2, 3], [2u32]);
        assert_eq!(fewest([Some(&a[..]), None, Some(&b[..])]), Some(&b[..]));
        assert_eq!(fewest([None, None]), None);
    }
}
