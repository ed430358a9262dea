//! Full-text search over documents (the FTS5 index of migration 0009) and the change
//! marker readers use to tell whether the store changed since they last looked.

use serde::{Deserialize, Serialize};

use crate::codec::{from_i64, to_i64};
use crate::error::StoreError;
use crate::Store;

/// At most this many words of a query are used: a search box, not a document; more
/// words only make the index intersect more lists for the same answer.
pub const MAX_QUERY_TERMS: usize = 16;

/// Words of context a snippet shows around the hits: about one line of a result list.
const SNIPPET_WORDS: i64 = 16;

/// Marks SQLite puts around a hit in a snippet. Control characters never survive the
/// cleaning stage, so they cannot collide with article text; they are turned into
/// [`SnippetPart`]s before anything leaves the store.
const HIT_OPEN: char = '\u{1}';
const HIT_CLOSE: char = '\u{2}';

/// One document found by [`Store::search`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    pub id: String,
    pub title: String,
    pub outlet: Option<String>,
    pub published: Option<String>,
    /// A passage around the best hits, cut into plain-text parts; `hit` marks matched
    /// words. Parts are text, never markup: a view highlights them itself.
    pub snippet: Vec<SnippetPart>,
}

/// A piece of a search snippet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnippetPart {
    pub text: String,
    pub hit: bool,
}

/// What changes whenever something is written: the last document and the last ingest
/// run. Cheap to read (two primary-key maxima), so a cache can check it per request.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ChangeMarker {
    pub last_document: u64,
    pub last_run: u64,
}

/// A user's search text as an FTS5 query: every word quoted (so `"`, `*`, `NEAR`, `-`,
/// column filters and unbalanced brackets are words, never syntax), all of them required.
/// `None` when the text has no word.
pub fn fts_query(text: &str) -> Option<String> {
    let terms: Vec<String> = text
        .split_whitespace()
        .take(MAX_QUERY_TERMS)
        .map(|t| format!("\"{}\"", t.replace('"', "\"\"")))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

impl Store {
    /// Documents whose title or text contain every word of `text` (case and accents
    /// ignored), best match first (BM25), then ingest order; at most `limit`.
    pub fn search(&self, text: &str, limit: usize) -> Result<Vec<SearchHit>, StoreError> {
        let Some(query) = fts_query(text) else {
            return Ok(Vec::new());
        };
        let limit = to_i64(&self.ctx.path, "search limit", limit)?;
        let sql = self.ctx.sql();
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT d.id, d.title, d.outlet, d.published, \
                        snippet(documents_fts, -1, char(1), char(2), '…', ?3) \
                 FROM documents_fts JOIN documents AS d ON d.seq = documents_fts.rowid \
                 WHERE documents_fts MATCH ?1 \
                 ORDER BY documents_fts.rank, d.seq LIMIT ?2",
            )
            .map_err(&sql)?;
        let rows = stmt
            .query_map(rusqlite::params![query, limit, SNIPPET_WORDS], |r| {
                Ok(SearchHit {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    outlet: r.get(2)?,
                    published: r.get(3)?,
                    snippet: snippet_parts(&r.get::<_, String>(4)?),
                })
            })
            .map_err(&sql)?;
        rows.map(|r| r.map_err(&sql)).collect()
    }

    /// The current [`ChangeMarker`].
    pub fn change_marker(&self) -> Result<ChangeMarker, StoreError> {
        let sql = self.ctx.sql();
        let (doc, run): (i64, i64) = self
            .conn
            .query_row(
                "SELECT (SELECT coalesce(max(seq), 0) FROM documents), \
                        (SELECT coalesce(max(run), 0) FROM ingest_runs)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(&sql)?;
        Ok(ChangeMarker {
            last_document: from_i64(&self.ctx.path, "last document", doc)?,
            last_run: from_i64(&self.ctx.path, "last run", run)?,
        })
    }
}

/// Split SQLite's marked snippet into text parts (marks removed).
fn snippet_parts(marked: &str) -> Vec<SnippetPart> {
    let mut parts = Vec::new();
    let mut hit = false;
    for piece in marked.split([HIT_OPEN, HIT_CLOSE]) {
        if !piece.is_empty() {
            parts.push(SnippetPart {
                text: piece.to_string(),
                hit,
            });
        }
        hit = !hit;
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store_with(docs: &[(&str, &str)]) -> Store {
        let mut store = Store::open_in_memory().unwrap();
        let tx = store.transaction().unwrap();
        for (i, (id, text)) in docs.iter().enumerate() {
            let doc = crate::test_support::doc(id, "s-1", text);
            tx.insert_document(&doc, id, &[i as u32], &[]).unwrap();
        }
        tx.commit().unwrap();
        store
    }

    #[test]
    fn query_words_are_quoted_never_syntax() {
        assert_eq!(fts_query("  "), None);
        assert_eq!(
            fts_query("wage NEAR(\"offer\" -strike"),
            Some(r#""wage" "NEAR(""offer""" "-strike""#.into())
        );
        let many = "w ".repeat(40);
        assert_eq!(
            fts_query(&many).unwrap().matches('"').count(),
            2 * MAX_QUERY_TERMS
        );
    }

    #[test]
    fn search_finds_every_word_ignoring_case_and_accents() {
        let store = store_with(&[
            (
                "d-1",
                "The dockworkers' union rejected the wage offer in Rotterdam.",
            ),
            (
                "d-2",
                "Tariff talks in Genève ended without a deal on steel.",
            ),
            (
                "d-3",
                "The union said the wage talks would resume on Monday.",
            ),
        ]);
        let ids = |q: &str| -> Vec<String> {
            store
                .search(q, 10)
                .unwrap()
                .into_iter()
                .map(|h| h.id)
                .collect()
        };
        assert_eq!(ids("geneve"), ["d-2"]);
        assert_eq!(ids("UNION wage").len(), 2);
        assert_eq!(ids("union rotterdam"), ["d-1"]);
        assert!(ids("\"unbalanced (").is_empty(), "no syntax error");
        assert_eq!(store.search("union", 1).unwrap().len(), 1);
    }

    #[test]
    fn snippets_mark_hits_as_parts() {
        let store = store_with(&[("d-1", "Negotiators agreed on a prisoner exchange.")]);
        let hit = &store.search("prisoner", 5).unwrap()[0];
        let marked: Vec<_> = hit.snippet.iter().filter(|p| p.hit).collect();
        assert_eq!(marked.len(), 1);
        assert_eq!(marked[0].text, "prisoner");
        let joined: String = hit.snippet.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(joined, "Negotiators agreed on a prisoner exchange.");
    }

    /// Documents are indexed when their transaction commits (migration 0010): those of
    /// a rolled-back transaction never are, those of every committed batch are, and the
    /// index matches the documents (FTS5's own integrity check).
    #[test]
    fn each_committed_batch_is_indexed_and_a_rolled_back_one_is_not() {
        let mut store = store_with(&[("d-1", "Envoys met in Muscat on Sunday.")]);
        {
            let tx = store.transaction().unwrap();
            let doc = crate::test_support::doc("d-2", "s-1", "Envoys flew to Oslo.");
            tx.insert_document(&doc, "d-2", &[2], &[]).unwrap();
        } // dropped: rolled back
        let tx = store.transaction().unwrap();
        let doc = crate::test_support::doc("d-3", "s-1", "Envoys flew to Nairobi.");
        tx.insert_document(&doc, "d-3", &[3], &[]).unwrap();
        tx.commit().unwrap();
        let ids = |q: &str| -> Vec<String> {
            let mut ids: Vec<String> = store
                .search(q, 10)
                .unwrap()
                .into_iter()
                .map(|h| h.id)
                .collect();
            ids.sort(); // BM25 order is not what this test is about
            ids
        };
        assert_eq!(ids("envoys"), ["d-1", "d-3"]);
        assert!(ids("oslo").is_empty());
        assert_eq!(ids("nairobi"), ["d-3"]);
        store
            .conn
            .execute(
                "INSERT INTO documents_fts (documents_fts) VALUES ('integrity-check')",
                [],
            )
            .unwrap();
    }

    #[test]
    fn change_marker_moves_with_writes() {
        let mut store = Store::open_in_memory().unwrap();
        assert_eq!(store.change_marker().unwrap(), ChangeMarker::default());
        let tx = store.transaction().unwrap();
        let doc = crate::test_support::doc("d-9", "s-1", "Talks resumed.");
        tx.insert_document(&doc, "d-9", &[1], &[]).unwrap();
        tx.commit().unwrap();
        assert_eq!(store.change_marker().unwrap().last_document, 1);
    }
}
