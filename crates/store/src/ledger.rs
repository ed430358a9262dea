//! Claims, meeting reports and facts: written with a document, read back in ingest order
//! by the ledger and the views. A document's records are one row of `record_lists`
//! (migration 0013): three JSON arrays of the records (the claims stage owns the
//! record's meaning), each record minus the cited sentence when the document's text
//! holds it (see [`stored_json`]). The views' party and topic filters are applied as the
//! lists are read.

use std::path::Path;

use serde::{de::DeserializeOwned, Serialize};
use stancemap_model::{ClaimRecord, DocMeta, FactRecord, MeetingRecord};

use crate::codec::{from_json, to_json};
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

const INSERT_RECORDS: &str = "INSERT INTO record_lists (seq, claims, meetings, facts) \
     VALUES (?1, ?2, ?3, ?4) ON CONFLICT (seq) DO NOTHING";

/// A record that cites a sentence of its document by byte span and carries its text.
pub(crate) trait CitesSentence: Clone {
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

/// The JSON array stored for a document's records. A record's sentence is left out
/// (stored as `""`) when it is exactly `text[start..end]` of the document, as the claims
/// stage guarantees: the loaders cut it from the text again. This halves the claim
/// records (the sentence was about 40 % of a record, ~17 records per document). A
/// sentence that is not that slice is kept as it is, so a record always reads back as it
/// was written.
fn stored_json<T: CitesSentence + Serialize>(
    path: &Path,
    what: &str,
    records: &[T],
    text: &str,
) -> Result<String, StoreError> {
    let without_sentences: Vec<T> = records
        .iter()
        .map(|record| without_sentence(record, text))
        .collect();
    to_json(path, what, &without_sentences)
}

/// A copy of `record` as [`stored_json`] stores it: the sentence left out when it is
/// `text[start..end]`.
pub(crate) fn without_sentence<T: CitesSentence>(record: &T, text: &str) -> T {
    let (start, end) = record.span();
    let mut record = record.clone();
    let sentence = record.sentence_mut();
    if !sentence.is_empty() && text.get(start..end) == Some(sentence.as_str()) {
        sentence.clear();
    }
    record
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
    /// [`Tx::insert_document`], as one `record_lists` row. Records of a document that is
    /// not stored are refused; a second call for the same document changes nothing.
    pub fn insert_ledger_records(
        &self,
        doc: &str,
        claims: &[ClaimRecord],
        meetings: &[MeetingRecord],
        facts: &[FactRecord],
    ) -> Result<(), StoreError> {
        if claims.is_empty() && meetings.is_empty() && facts.is_empty() {
            return Ok(());
        }
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
        let claims = stored_json(path, "claims", claims, text)?;
        let meetings = stored_json(path, "meetings", meetings, text)?;
        let facts = to_json(path, "facts", facts)?;
        drop(stored);
        self.insert_record_lists(seq, &claims, &meetings, &facts)
    }

    /// Insert the `record_lists` row of document `seq` (nothing if it has one).
    pub(crate) fn insert_record_lists(
        &self,
        seq: i64,
        claims: &str,
        meetings: &str,
        facts: &str,
    ) -> Result<(), StoreError> {
        let sql = self.ctx.sql();
        let mut stmt = self.tx.prepare_cached(INSERT_RECORDS).map_err(&sql)?;
        stmt.execute(rusqlite::params![seq, claims, meetings, facts])
            .map_err(&sql)?;
        Ok(())
    }
}

impl Store {
    /// Claims matching `filter`, in ingest order (document, then position).
    pub fn claims(&self, filter: &ClaimFilter) -> Result<Vec<ClaimRecord>, StoreError> {
        let mut claims: Vec<ClaimRecord> = self.records(
            "SELECT d.id, r.claims, d.text FROM record_lists AS r \
             JOIN documents AS d ON d.seq = r.seq \
             WHERE (?1 IS NULL OR d.story = ?1) AND (?2 IS NULL OR d.id = ?2) \
             ORDER BY r.seq",
            rusqlite::params![filter.story, filter.doc],
        )?;
        let wanted = |want: &Option<String>, got: Option<&str>| {
            want.as_deref().is_none_or(|w| Some(w) == got)
        };
        claims.retain(|c| {
            wanted(&filter.party, Some(c.party.as_str()))
                && wanted(&filter.topic, c.topic.as_deref())
        });
        Ok(claims)
    }

    /// Every meeting report, in ingest order.
    pub fn meetings(&self) -> Result<Vec<MeetingRecord>, StoreError> {
        self.records(
            "SELECT d.id, r.meetings, d.text FROM record_lists AS r \
             JOIN documents AS d ON d.seq = r.seq ORDER BY r.seq",
            [],
        )
    }

    /// Every fact, in ingest order.
    pub fn facts(&self) -> Result<Vec<FactRecord>, StoreError> {
        let sql = self.ctx.sql();
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT d.id, r.facts FROM record_lists AS r \
                 JOIN documents AS d ON d.seq = r.seq ORDER BY r.seq",
            )
            .map_err(&sql)?;
        let mut rows = stmt.query([]).map_err(&sql)?;
        let mut out = Vec::new();
        while let Some(row) = rows.next().map_err(&sql)? {
            let doc: &str = row_str(row, 0, &self.ctx.path)?;
            let json: &str = row_str(row, 1, &self.ctx.path)?;
            let facts: Vec<FactRecord> = from_json(&self.ctx.path, "facts", doc, json)?;
            out.extend(facts);
        }
        Ok(out)
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

    /// Records citing sentences, from `query` (columns: document id, a JSON list of
    /// records, the document's text), with their sentences cut from the text again (see
    /// [`stored_json`]).
    fn records<T: DeserializeOwned + CitesSentence>(
        &self,
        query: &str,
        params: impl rusqlite::Params,
    ) -> Result<Vec<T>, StoreError> {
        let sql = self.ctx.sql();
        let path = &self.ctx.path;
        let mut stmt = self.conn.prepare_cached(query).map_err(&sql)?;
        let mut out = Vec::new();
        let mut rows = stmt.query(params).map_err(&sql)?;
        while let Some(row) = rows.next().map_err(&sql)? {
            let doc = row_str(row, 0, path)?;
            let json = row_str(row, 1, path)?;
            let records: Vec<T> = from_json(path, "records", doc, json)?;
            if records.is_empty() {
                continue;
            }
            let text = row_str(row, 2, path)?;
            for mut record in records {
                restore_sentence(path, doc, &mut record, text)?;
                out.push(record);
            }
        }
        Ok(out)
    }
}

/// A text column borrowed from the row (no copy of a document's text per row).
fn row_str<'r>(row: &'r rusqlite::Row<'_>, at: usize, path: &Path) -> Result<&'r str, StoreError> {
    let value = row
        .get_ref(at)
        .map_err(|e| StoreError::corrupt(path, e.to_string()))?;
    value
        .as_str()
        .map_err(|e| StoreError::corrupt(path, format!("column {at}: {e}")))
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
            .prepare(
                "SELECT json_extract(value, '$.sentence') FROM record_lists, json_each(claims)",
            )
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
