//! Claims, meeting reports and facts: written with a document, read back in ingest order
//! by the ledger and the views. Each row keeps the indexed columns the views filter on
//! and the whole record as JSON (the claims stage owns the record's meaning).

use rusqlite::OptionalExtension;
use serde::de::DeserializeOwned;
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

const INSERT_CLAIM: &str =
    "INSERT OR IGNORE INTO claims (seq, ord, id, party, act, topic, record) \
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
const INSERT_MEETING: &str =
    "INSERT OR IGNORE INTO meetings (seq, ord, record) VALUES (?1, ?2, ?3)";
const INSERT_FACT: &str = "INSERT OR IGNORE INTO facts (seq, ord, subject, attribute, record) \
     VALUES (?1, ?2, ?3, ?4, ?5)";

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
        let seq = self.document_seq(doc)?;
        let path = &self.ctx.path;
        let sql = self.ctx.sql();
        let mut stmt = self.tx.prepare_cached(INSERT_CLAIM).map_err(&sql)?;
        for (ord, c) in claims.iter().enumerate() {
            let record = to_json(path, "claim", c)?;
            let ord = to_i64(path, "claim number", ord)?;
            stmt.execute(rusqlite::params![
                seq,
                ord,
                c.id,
                c.party,
                c.act.name(),
                c.topic,
                record
            ])
            .map_err(&sql)?;
        }
        let mut stmt = self.tx.prepare_cached(INSERT_MEETING).map_err(&sql)?;
        for (ord, m) in meetings.iter().enumerate() {
            let record = to_json(path, "meeting", m)?;
            let ord = to_i64(path, "meeting number", ord)?;
            stmt.execute(rusqlite::params![seq, ord, record])
                .map_err(&sql)?;
        }
        let mut stmt = self.tx.prepare_cached(INSERT_FACT).map_err(&sql)?;
        for (ord, f) in facts.iter().enumerate() {
            let record = to_json(path, "fact", f)?;
            let ord = to_i64(path, "fact number", ord)?;
            stmt.execute(rusqlite::params![seq, ord, f.subject, f.attribute, record])
                .map_err(&sql)?;
        }
        Ok(())
    }

    fn document_seq(&self, doc: &str) -> Result<i64, StoreError> {
        let sql = self.ctx.sql();
        let mut stmt = self
            .tx
            .prepare_cached("SELECT seq FROM documents WHERE id = ?1")
            .map_err(&sql)?;
        stmt.query_row([doc], |r| r.get(0))
            .optional()
            .map_err(&sql)?
            .ok_or_else(|| StoreError::UnknownReference {
                path: self.ctx.path.clone(),
                id: doc.to_string(),
                field: "ledger records",
                target: doc.to_string(),
            })
    }
}

impl Store {
    /// Claims matching `filter`, in ingest order (document, then position).
    pub fn claims(&self, filter: &ClaimFilter) -> Result<Vec<ClaimRecord>, StoreError> {
        self.records(
            "SELECT d.id, c.record FROM claims AS c JOIN documents AS d ON d.seq = c.seq \
             WHERE (?1 IS NULL OR c.party = ?1) AND (?2 IS NULL OR c.topic = ?2) \
             AND (?3 IS NULL OR d.story = ?3) AND (?4 IS NULL OR d.id = ?4) \
             ORDER BY c.seq, c.ord",
            rusqlite::params![filter.party, filter.topic, filter.story, filter.doc],
        )
    }

    /// Every meeting report, in ingest order.
    pub fn meetings(&self) -> Result<Vec<MeetingRecord>, StoreError> {
        self.records(
            "SELECT d.id, m.record FROM meetings AS m JOIN documents AS d ON d.seq = m.seq \
             ORDER BY m.seq, m.ord",
            [],
        )
    }

    /// Every fact, in ingest order.
    pub fn facts(&self) -> Result<Vec<FactRecord>, StoreError> {
        self.records(
            "SELECT d.id, f.record FROM facts AS f JOIN documents AS d ON d.seq = f.seq \
             ORDER BY f.seq, f.ord",
            [],
        )
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

    fn records<T: DeserializeOwned>(
        &self,
        query: &str,
        params: impl rusqlite::Params,
    ) -> Result<Vec<T>, StoreError> {
        let sql = self.ctx.sql();
        let mut stmt = self.conn.prepare_cached(query).map_err(&sql)?;
        let rows = stmt
            .query_map(params, |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })
            .map_err(&sql)?;
        rows.map(|r| {
            let (doc, json) = r.map_err(&sql)?;
            from_json(&self.ctx.path, "record", &doc, &json)
        })
        .collect()
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
