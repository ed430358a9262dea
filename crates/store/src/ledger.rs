//! Claims, meeting reports and facts: written with a document, read back in ingest order
//! by the ledger and the views. Each row keeps the indexed columns the views filter on
//! and the whole record as JSON (the claims stage owns the record's meaning), minus the
//! cited sentence when the document's text holds it (see [`stored_json`]).

use std::path::Path;

use serde::{de::DeserializeOwned, Serialize};
use stancemap_model::{ClaimRecord, DocMeta, FactRecord, MeetingRecord};

use crate::codec::{from_json, to_i64, to_json};
use crate::error::StoreError;
use crate::{Store, Tx};

/// Which claims to read; `None` fields match everything.
#[derive(Debug, Clone, Default)]
pub struct ClaimFilter {
    pub party: Option<String>,
    pub topic: Option<String>,
    pub story: Option<String>,
    pub doc: Option<String>,
}

const INSERT_CLAIM: &str = "INSERT OR IGNORE INTO claims (seq, ord, id, party, act, topic, record)";
const INSERT_MEETING: &str = "INSERT OR IGNORE INTO meetings (seq, ord, record)";
const INSERT_FACT: &str = "INSERT OR IGNORE INTO facts (seq, ord, subject, attribute, record)";

/// A record that cites a sentence of its document by byte span and carries its text.
trait CitesSentence: Clone {
    fn sentence_mut(&mut self) -> &mut String;
    fn span(&self) -> (usize, usize);
}

impl CitesSentence for ClaimRecord {
    fn sentence_mut(&mut self) -> &mut String {
        &mut self.sentence
    }
    fn span(&self) -> (usize, usize) {
        (self.start, self.end)
    }
}

impl CitesSentence for MeetingRecord {
    fn sentence_mut(&mut self) -> &mut String {
        &mut self.sentence
    }
    fn span(&self) -> (usize, usize) {
        (self.start, self.end)
    }
}

/// The JSON stored for a record. Its sentence is left out (stored as `""`) when it is
/// exactly `text[start..end]` of the document, as the claims stage guarantees: the
/// loaders cut it from the text again. This halves the claim rows (the sentence was
/// about 40 % of a record, ~17 records per document). A sentence that is not that slice
/// is kept as it is, so a record always reads back as it was written.
fn stored_json<T: CitesSentence + Serialize>(
    path: &Path,
    what: &str,
    record: &T,
    text: &str,
) -> Result<String, StoreError> {
    let (start, end) = record.span();
    let mut record = record.clone();
    let sentence = record.sentence_mut();
    if !sentence.is_empty() && text.get(start..end) == Some(sentence.as_str()) {
        sentence.clear();
    }
    to_json(path, what, &record)
}

/// Undo [`stored_json`]: an empty sentence over a non-empty span is `text[start..end]`.
fn restore_sentence<T: CitesSentence>(
    path: &Path,
    doc: &str,
    record: &mut T,
    text: &str,
) -> Result<(), StoreError> {
    let (start, end) = record.span();
    let sentence = record.sentence_mut();
    if !sentence.is_empty() || start >= end {
        return Ok(());
    }
    let cut = text.get(start..end).ok_or_else(|| {
        StoreError::corrupt(
            path,
            format!("record of {doc} cites {start}..{end}, not a span of its text"),
        )
    })?;
    sentence.push_str(cut);
    Ok(())
}

impl Tx<'_> {
    /// Store the claims, meeting reports and facts of a document already stored with
    /// [`Tx::insert_document`]. Rows of a document that is not stored are refused.
    pub fn insert_ledger_records(
        &self,
        doc: &str,
        claims: &[ClaimRecord],
        meetings: &[MeetingRecord],
        facts: &[FactRecord],
    ) -> Result<(), StoreError> {
        let stored = self
            .seq_and_text_of(doc)?
            .ok_or_else(|| StoreError::UnknownReference {
                path: self.ctx.path.clone(),
                id: doc.to_string(),
                field: "ledger records",
                target: doc.to_string(),
            })?;
        let (seq, text) = (stored.seq, stored.text.as_str());
        let path = &self.ctx.path;
        let sql = self.ctx.sql();
        let claim_rows = numbered(path, claims, |c| stored_json(path, "claim", c, text))?;
        self.insert_rows(INSERT_CLAIM, 7, &claim_rows, |stmt, at, (ord, c, json)| {
            stmt.raw_bind_parameter(at, seq).map_err(&sql)?;
            stmt.raw_bind_parameter(at + 1, ord).map_err(&sql)?;
            stmt.raw_bind_parameter(at + 2, &c.id).map_err(&sql)?;
            stmt.raw_bind_parameter(at + 3, &c.party).map_err(&sql)?;
            stmt.raw_bind_parameter(at + 4, c.act.name())
                .map_err(&sql)?;
            stmt.raw_bind_parameter(at + 5, &c.topic).map_err(&sql)?;
            stmt.raw_bind_parameter(at + 6, json).map_err(&sql)
        })?;
        let meeting_rows = numbered(path, meetings, |m| stored_json(path, "meeting", m, text))?;
        self.insert_rows(
            INSERT_MEETING,
            3,
            &meeting_rows,
            |stmt, at, (ord, _, json)| {
                stmt.raw_bind_parameter(at, seq).map_err(&sql)?;
                stmt.raw_bind_parameter(at + 1, ord).map_err(&sql)?;
                stmt.raw_bind_parameter(at + 2, json).map_err(&sql)
            },
        )?;
        let fact_rows = numbered(path, facts, |f| to_json(path, "fact", f))?;
        self.insert_rows(INSERT_FACT, 5, &fact_rows, |stmt, at, (ord, f, json)| {
            stmt.raw_bind_parameter(at, seq).map_err(&sql)?;
            stmt.raw_bind_parameter(at + 1, ord).map_err(&sql)?;
            stmt.raw_bind_parameter(at + 2, &f.subject).map_err(&sql)?;
            stmt.raw_bind_parameter(at + 3, &f.attribute)
                .map_err(&sql)?;
            stmt.raw_bind_parameter(at + 4, json).map_err(&sql)
        })
    }
}

/// `(position, record, stored JSON)` of each record, ready to bind.
fn numbered<'r, T>(
    path: &Path,
    records: &'r [T],
    json: impl Fn(&T) -> Result<String, StoreError>,
) -> Result<Vec<(i64, &'r T, String)>, StoreError> {
    records
        .iter()
        .enumerate()
        .map(|(ord, r)| Ok((to_i64(path, "record number", ord)?, r, json(r)?)))
        .collect()
}

impl Store {
    /// Claims matching `filter`, in ingest order (document, then position).
    pub fn claims(&self, filter: &ClaimFilter) -> Result<Vec<ClaimRecord>, StoreError> {
        self.records(
            "SELECT d.id, c.seq, c.record FROM claims AS c JOIN documents AS d ON d.seq = c.seq \
             WHERE (?1 IS NULL OR c.party = ?1) AND (?2 IS NULL OR c.topic = ?2) \
             AND (?3 IS NULL OR d.story = ?3) AND (?4 IS NULL OR d.id = ?4) \
             ORDER BY c.seq, c.ord",
            rusqlite::params![filter.party, filter.topic, filter.story, filter.doc],
        )
    }

    /// Every meeting report, in ingest order.
    pub fn meetings(&self) -> Result<Vec<MeetingRecord>, StoreError> {
        self.records(
            "SELECT d.id, m.seq, m.record FROM meetings AS m JOIN documents AS d ON d.seq = m.seq \
             ORDER BY m.seq, m.ord",
            [],
        )
    }

    /// Every fact, in ingest order.
    pub fn facts(&self) -> Result<Vec<FactRecord>, StoreError> {
        let sql = self.ctx.sql();
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT d.id, f.record FROM facts AS f JOIN documents AS d ON d.seq = f.seq \
                 ORDER BY f.seq, f.ord",
            )
            .map_err(&sql)?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
            .map_err(&sql)?;
        rows.map(|r| {
            let (doc, json) = r.map_err(&sql)?;
            from_json(&self.ctx.path, "record", &doc, &json)
        })
        .collect()
    }

    /// What the ledger needs of every document, in ingest order.
    pub fn doc_metas(&self) -> Result<Vec<DocMeta>, StoreError> {
        let sql = self.ctx.sql();
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, source, title, outlet, published, story, duplicate_of \
                 FROM documents ORDER BY seq",
            )
            .map_err(&sql)?;
        let rows = stmt
            .query_map([], |r| {
                Ok(DocMeta {
                    id: r.get(0)?,
                    source: r.get(1)?,
                    title: r.get(2)?,
                    outlet: r.get(3)?,
                    published: r.get(4)?,
                    story: r.get(5)?,
                    duplicate_of: r.get(6)?,
                })
            })
            .map_err(&sql)?;
        rows.map(|r| r.map_err(&sql)).collect()
    }

    /// Records citing sentences, from `query` (columns: document id, `seq`, JSON), with
    /// their sentences cut from the document text again (see [`stored_json`]). Rows come
    /// in `seq` order, so each document's text is read once.
    fn records<T: DeserializeOwned + CitesSentence>(
        &self,
        query: &str,
        params: impl rusqlite::Params,
    ) -> Result<Vec<T>, StoreError> {
        let sql = self.ctx.sql();
        let path = &self.ctx.path;
        let snapshot = self.conn.unchecked_transaction().map_err(&sql)?;
        let mut stmt = snapshot.prepare_cached(query).map_err(&sql)?;
        let mut text_stmt = snapshot
            .prepare_cached("SELECT text FROM documents WHERE seq = ?1")
            .map_err(&sql)?;
        let mut text: Option<(i64, String)> = None;
        let mut out = Vec::new();
        let mut rows = stmt.query(params).map_err(&sql)?;
        while let Some(row) = rows.next().map_err(&sql)? {
            let doc: String = row.get(0).map_err(&sql)?;
            let seq: i64 = row.get(1).map_err(&sql)?;
            let json: String = row.get(2).map_err(&sql)?;
            let mut record: T = from_json(path, "record", &doc, &json)?;
            if text.as_ref().is_none_or(|(at, _)| *at != seq) {
                let t: String = text_stmt.query_row([seq], |r| r.get(0)).map_err(&sql)?;
                text = Some((seq, t));
            }
            let doc_text = text.as_ref().map_or("", |(_, t)| t.as_str());
            restore_sentence(path, &doc, &mut record, doc_text)?;
            out.push(record);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use stancemap_model::{Act, Document, Span};

    fn doc(id: &str, story: &str) -> Document {
        crate::test_support::doc(id, story, "The union rejected the wage offer.")
    }

    fn claim(id: &str, doc: &str, topic: &str) -> ClaimRecord {
        ClaimRecord {
            id: id.into(),
            doc: doc.into(),
            sentence: "The union rejected the wage offer.".into(),
            start: 0,
            end: 34,
            cue: Span::new(10, 18),
            party: "UNION".into(),
            speaker: None,
            act: Act::Reject,
            topic: Some(topic.into()),
            item: "the wage offer".into(),
            target: None,
            with: vec![],
            conditions: vec![],
            attributed_to: None,
            negated: false,
            confidence: 0.8,
            counted: true,
        }
    }

    #[test]
    fn claims_round_trip_with_filters_and_order() {
        let mut store = Store::open_in_memory().unwrap();
        let tx = store.transaction().unwrap();
        for (id, story) in [("d-1", "s-1"), ("d-2", "s-2")] {
            tx.insert_document(&doc(id, story), id, &[1], &[]).unwrap();
            let claims = [
                claim(&format!("c-{id}a"), id, "wages"),
                claim(&format!("c-{id}b"), id, "pensions"),
            ];
            tx.insert_ledger_records(id, &claims, &[], &[]).unwrap();
            // Idempotent: the same rows again change nothing.
            tx.insert_ledger_records(id, &claims, &[], &[]).unwrap();
        }
        tx.commit().unwrap();
        let all = store.claims(&ClaimFilter::default()).unwrap();
        let ids: Vec<_> = all.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["c-d-1a", "c-d-1b", "c-d-2a", "c-d-2b"]);
        let wages = ClaimFilter {
            topic: Some("wages".into()),
            ..Default::default()
        };
        assert_eq!(store.claims(&wages).unwrap().len(), 2);
        let story2 = ClaimFilter {
            story: Some("s-2".into()),
            topic: Some("pensions".into()),
            ..Default::default()
        };
        let found = store.claims(&story2).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0], claim("c-d-2b", "d-2", "pensions"));
        assert_eq!(store.doc_metas().unwrap()[1].story.as_deref(), Some("s-2"));
    }

    /// A sentence that is the document's `text[start..end]` is not stored twice (it is
    /// cut from the text on load); any other sentence is stored as it is.
    #[test]
    fn sentences_are_cut_from_the_text_unless_they_differ() {
        let mut store = Store::open_in_memory().unwrap();
        let tx = store.transaction().unwrap();
        tx.insert_document(&doc("d-1", "s-1"), "d-1", &[1], &[])
            .unwrap();
        let mut odd = claim("c-2", "d-1", "wages");
        odd.sentence = "Not the text at 0..34.".into();
        let claims = [claim("c-1", "d-1", "wages"), odd];
        tx.insert_ledger_records("d-1", &claims, &[], &[]).unwrap();
        tx.commit().unwrap();
        let stored: Vec<String> = store
            .conn
            .prepare("SELECT json_extract(record, '$.sentence') FROM claims ORDER BY ord")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        assert_eq!(stored, ["", "Not the text at 0..34."]);
        assert_eq!(store.claims(&ClaimFilter::default()).unwrap(), claims);
    }

    #[test]
    fn records_of_an_unknown_document_are_refused() {
        let mut store = Store::open_in_memory().unwrap();
        let tx = store.transaction().unwrap();
        let err = tx
            .insert_ledger_records("d-missing", &[claim("c-1", "d-missing", "wages")], &[], &[])
            .unwrap_err();
        assert!(err.to_string().contains("d-missing"), "{err}");
    }
}
