//! Mentions of entities and role facts: written with a document, read by the export and
//! the `actors` command. The store keeps plain rows; the actors crate owns their meaning.

use rusqlite::OptionalExtension;

use crate::codec::{from_i64, to_i64};
use crate::error::StoreError;
use crate::{Store, Tx};

/// One mention row: an entity (registry id) at a byte span of a document.
#[derive(Debug, Clone, PartialEq)]
pub struct MentionRow<'a> {
    pub entity: &'a str,
    pub start: usize,
    pub end: usize,
    pub surface: &'a str,
    /// How it was found: gazetteer, metonym, pattern, alias, coreference.
    pub source: &'a str,
    pub confidence: f32,
}

/// One role fact: "Defense Minister" said of an entity at a span of a document.
#[derive(Debug, Clone, PartialEq)]
pub struct RoleRow<'a> {
    pub entity: &'a str,
    pub role: &'a str,
    pub party: Option<&'a str>,
    pub start: usize,
    pub end: usize,
}

/// A role as reported, with the documents that report it (ordered by role, then doc).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleFact {
    pub entity: String,
    pub role: String,
    pub doc: String,
}

/// How often an entity is mentioned: mentions and distinct documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MentionCount {
    pub entity: String,
    pub mentions: u64,
    pub documents: u64,
}

/// One stored mention of an entity in a document (read side of [`MentionRow`]).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct StoredMention {
    pub start: usize,
    pub end: usize,
    pub entity: String,
    pub surface: String,
    pub source: String,
    pub confidence: f64,
}

const INSERT_MENTION: &str = "INSERT OR IGNORE INTO mentions \
     (seq, start, \"end\", entity, surface, source, confidence)";
const INSERT_ROLE: &str = "INSERT OR IGNORE INTO roles (seq, start, \"end\", entity, role, party)";

impl Tx<'_> {
    /// Store the mentions of a document (already stored with [`Tx::insert_document`]).
    pub fn insert_mentions(&self, doc: &str, rows: &[MentionRow<'_>]) -> Result<(), StoreError> {
        if rows.is_empty() {
            return Ok(());
        }
        let seq = self.stored_seq(doc, "mentions")?;
        let (path, sql) = (&self.ctx.path, self.ctx.sql());
        self.insert_rows(INSERT_MENTION, 7, rows, |stmt, at, m| {
            stmt.raw_bind_parameter(at, seq).map_err(&sql)?;
            let start = to_i64(path, "mention start", m.start)?;
            stmt.raw_bind_parameter(at + 1, start).map_err(&sql)?;
            let end = to_i64(path, "mention end", m.end)?;
            stmt.raw_bind_parameter(at + 2, end).map_err(&sql)?;
            stmt.raw_bind_parameter(at + 3, m.entity).map_err(&sql)?;
            stmt.raw_bind_parameter(at + 4, m.surface).map_err(&sql)?;
            stmt.raw_bind_parameter(at + 5, m.source).map_err(&sql)?;
            stmt.raw_bind_parameter(at + 6, f64::from(m.confidence))
                .map_err(&sql)
        })
    }

    /// Store the role facts of a document.
    pub fn insert_roles(&self, doc: &str, rows: &[RoleRow<'_>]) -> Result<(), StoreError> {
        if rows.is_empty() {
            return Ok(());
        }
        let seq = self.stored_seq(doc, "roles")?;
        let (path, sql) = (&self.ctx.path, self.ctx.sql());
        self.insert_rows(INSERT_ROLE, 6, rows, |stmt, at, r| {
            stmt.raw_bind_parameter(at, seq).map_err(&sql)?;
            let start = to_i64(path, "role start", r.start)?;
            stmt.raw_bind_parameter(at + 1, start).map_err(&sql)?;
            let end = to_i64(path, "role end", r.end)?;
            stmt.raw_bind_parameter(at + 2, end).map_err(&sql)?;
            stmt.raw_bind_parameter(at + 3, r.entity).map_err(&sql)?;
            stmt.raw_bind_parameter(at + 4, r.role).map_err(&sql)?;
            stmt.raw_bind_parameter(at + 5, r.party).map_err(&sql)
        })
    }

    /// The `seq` of document `doc`, which rows of `table` are about to point at.
    fn stored_seq(&self, doc: &str, table: &'static str) -> Result<i64, StoreError> {
        self.seq_of(doc)?.ok_or_else(|| {
            StoreError::invalid(
                &self.ctx.path,
                format!("{table} of {doc}"),
                "no such document is stored",
            )
        })
    }
}

impl Store {
    /// A state blob saved under `key` (read side of [`Tx::save_state`]).
    pub fn state(&self, key: &str) -> Result<Option<String>, StoreError> {
        let sql = self.ctx.sql();
        let mut stmt = self
            .conn
            .prepare_cached("SELECT json FROM state WHERE key = ?1")
            .map_err(&sql)?;
        stmt.query_row([key], |r| r.get(0)).optional().map_err(&sql)
    }

    /// The mentions of one document, in text order (empty for an unknown document).
    pub fn document_mentions(&self, doc: &str) -> Result<Vec<StoredMention>, StoreError> {
        let sql = self.ctx.sql();
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT m.start, m.\"end\", m.entity, m.surface, m.source, m.confidence \
                 FROM mentions AS m JOIN documents AS d ON d.seq = m.seq \
                 WHERE d.id = ?1 ORDER BY m.start, m.entity",
            )
            .map_err(&sql)?;
        let rows = stmt
            .query_map([doc], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            })
            .map_err(&sql)?;
        let path = &self.ctx.path;
        rows.map(|r| {
            let (start, end, entity, surface, source, confidence) = r.map_err(&sql)?;
            Ok(StoredMention {
                start: from_i64(path, "mention start", start)?,
                end: from_i64(path, "mention end", end)?,
                entity,
                surface,
                source,
                confidence,
            })
        })
        .collect()
    }

    /// Every role fact, ordered by entity, role, document ingest order.
    pub fn role_facts(&self) -> Result<Vec<RoleFact>, StoreError> {
        let sql = self.ctx.sql();
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT r.entity, r.role, d.id FROM roles AS r \
                 JOIN documents AS d ON d.seq = r.seq \
                 GROUP BY r.entity, r.role, r.seq ORDER BY r.entity, r.role, r.seq",
            )
            .map_err(&sql)?;
        let rows = stmt
            .query_map([], |r| {
                Ok(RoleFact {
                    entity: r.get(0)?,
                    role: r.get(1)?,
                    doc: r.get(2)?,
                })
            })
            .map_err(&sql)?;
        rows.map(|r| r.map_err(&sql)).collect()
    }

    /// Mention counts per entity, optionally within one story; most mentioned first,
    /// then by id.
    pub fn mention_counts(&self, story: Option<&str>) -> Result<Vec<MentionCount>, StoreError> {
        let sql = self.ctx.sql();
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT m.entity, COUNT(*), COUNT(DISTINCT m.seq) FROM mentions AS m \
                 JOIN documents AS d ON d.seq = m.seq \
                 WHERE ?1 IS NULL OR d.story = ?1 \
                 GROUP BY m.entity ORDER BY COUNT(*) DESC, m.entity",
            )
            .map_err(&sql)?;
        let rows = stmt
            .query_map([story], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, i64>(2)?,
                ))
            })
            .map_err(&sql)?;
        rows.map(|r| {
            let (entity, mentions, documents) = r.map_err(&sql)?;
            Ok(MentionCount {
                entity,
                mentions: mentions.max(0) as u64,
                documents: documents.max(0) as u64,
            })
        })
        .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use stancemap_model::Document;

    fn doc(id: &str, story: &str) -> Document {
        crate::test_support::doc(
            id,
            story,
            "Envoy Ana Ruiz met Defence Minister Omar Haddad in Doha.",
        )
    }

    #[test]
    fn mentions_and_roles_round_trip() {
        let mut store = Store::open_in_memory().unwrap();
        let tx = store.transaction().unwrap();
        for (id, story) in [("d-1", "s-1"), ("d-2", "s-2")] {
            tx.insert_document(&doc(id, story), id, &[1, 2], &[])
                .unwrap();
            let m = MentionRow {
                entity: "e-haddad",
                start: 36,
                end: 47,
                surface: "Omar Haddad",
                source: "pattern",
                confidence: 0.8,
            };
            tx.insert_mentions(id, &[m.clone(), m]).unwrap();
            let role = RoleRow {
                entity: "e-haddad",
                role: "Defence Minister",
                party: Some("QAT"),
                start: 19,
                end: 35,
            };
            tx.insert_roles(id, &[role]).unwrap();
        }
        tx.save_state("entity-registry", "{}").unwrap();
        tx.commit().unwrap();
        let facts = store.role_facts().unwrap();
        let docs: Vec<&str> = facts.iter().map(|f| f.doc.as_str()).collect();
        assert_eq!(docs, ["d-1", "d-2"]);
        let all = store.mention_counts(None).unwrap();
        assert_eq!(
            (all[0].mentions, all[0].documents),
            (2, 2),
            "duplicate row ignored"
        );
        let one = store.mention_counts(Some("s-2")).unwrap();
        assert_eq!((one[0].mentions, one[0].documents), (1, 1));
        assert_eq!(
            store.state("entity-registry").unwrap().as_deref(),
            Some("{}")
        );
        assert_eq!(store.state("missing").unwrap(), None);
        let mentions = store.document_mentions("d-2").unwrap();
        assert_eq!(mentions.len(), 1);
        assert_eq!((mentions[0].start, mentions[0].end), (36, 47));
        assert_eq!(mentions[0].surface, "Omar Haddad");
        assert!(store.document_mentions("d-missing").unwrap().is_empty());
    }
}
