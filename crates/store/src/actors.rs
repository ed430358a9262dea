//! Mentions of entities and role facts: written with a document, read by the export and
//! the `actors` command. The store keeps plain values (a mention list per document, a row
//! per role fact); the actors crate owns their meaning.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use rusqlite::OptionalExtension;
use serde::Serialize;

use crate::codec::{from_json, to_i64, to_json};
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

const INSERT_ROLE: &str = "INSERT OR IGNORE INTO roles (seq, start, \"end\", entity, role, party)";

impl Tx<'_> {
    /// Store the mentions of a document (already stored with [`Tx::insert_document`]):
    /// one `mention_lists` row, sorted by (start, entity), the first of several mentions
    /// at one start of one entity kept. A second call for the same document merges its
    /// mentions into the stored list, the stored ones first.
    pub fn insert_mentions(&self, doc: &str, rows: &[MentionRow<'_>]) -> Result<(), StoreError> {
        if rows.is_empty() {
            return Ok(());
        }
        let seq = self.stored_seq(doc, "mentions")?;
        let json = mention_list_json(&self.ctx.path, rows.iter().map(Listed::from).collect())?;
        if !self.insert_mention_list(seq, &json)? {
            self.merge_mentions(seq, doc, rows)?;
        }
        Ok(())
    }

    /// Insert the mention list of document `seq`; `false` (nothing written) when it
    /// has one already.
    pub(crate) fn insert_mention_list(&self, seq: i64, json: &str) -> Result<bool, StoreError> {
        let sql = self.ctx.sql();
        let mut stmt = self
            .tx
            .prepare_cached(
                "INSERT INTO mention_lists (seq, mentions) VALUES (?1, ?2) \
                 ON CONFLICT (seq) DO NOTHING",
            )
            .map_err(&sql)?;
        Ok(stmt.execute(rusqlite::params![seq, json]).map_err(&sql)? > 0)
    }

    /// [`Tx::insert_mentions`] for a document that already has a mention list.
    fn merge_mentions(
        &self,
        seq: i64,
        doc: &str,
        rows: &[MentionRow<'_>],
    ) -> Result<(), StoreError> {
        let sql = self.ctx.sql();
        let stored: String = self
            .tx
            .query_row(
                "SELECT mentions FROM mention_lists WHERE seq = ?1",
                [seq],
                |r| r.get(0),
            )
            .map_err(&sql)?;
        let stored = parse_mention_list(&self.ctx.path, doc, &stored)?;
        let merged = stored
            .iter()
            .map(Listed::from)
            .chain(rows.iter().map(Listed::from))
            .collect();
        let json = mention_list_json(&self.ctx.path, merged)?;
        self.tx
            .execute(
                "UPDATE mention_lists SET mentions = ?2 WHERE seq = ?1",
                rusqlite::params![seq, json],
            )
            .map_err(&sql)?;
        Ok(())
    }

    /// Store the role facts of a document.
    pub fn insert_roles(&self, doc: &str, rows: &[RoleRow<'_>]) -> Result<(), StoreError> {
        if rows.is_empty() {
            return Ok(());
        }
        let seq = self.stored_seq(doc, "roles")?;
        self.insert_role_rows(seq, rows)
    }

    /// Insert role rows of document `seq`.
    pub(crate) fn insert_role_rows(
        &self,
        seq: i64,
        rows: &[RoleRow<'_>],
    ) -> Result<(), StoreError> {
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

/// The `mention_lists.mentions` JSON of `rows` (see migration 0012): sorted by (start,
/// entity) with the first row of each (start, entity) kept, as the old table's primary
/// key and `INSERT OR IGNORE` kept them.
fn mention_list_json(path: &Path, mut rows: Vec<Listed<'_>>) -> Result<String, StoreError> {
    rows.sort_by(|a, b| a.start.cmp(&b.start).then_with(|| a.entity.cmp(b.entity)));
    rows.dedup_by(|later, first| later.start == first.start && later.entity == first.entity);
    to_json(path, "mentions", &rows)
}

/// A mention list entry serialised but for its entity (see `encoded.rs`).
pub(crate) struct MentionHead<'a> {
    pub(crate) start: usize,
    pub(crate) entity: &'a str,
    /// `[start,end,`
    pub(crate) head: &'a str,
    /// `,"surface","source","confidence"]`
    pub(crate) tail: &'a str,
}

/// The JSON of [`mention_list_json`] from entries serialised ahead: the same order and
/// the same first entry of each (start, entity).
pub(crate) fn mention_list_json_to(mut rows: Vec<MentionHead<'_>>) -> String {
    rows.sort_by(|a, b| a.start.cmp(&b.start).then_with(|| a.entity.cmp(b.entity)));
    rows.dedup_by(|later, first| later.start == first.start && later.entity == first.entity);
    let bytes: usize = rows
        .iter()
        .map(|r| r.head.len() + r.entity.len() + r.tail.len() + 3)
        .sum();
    let mut out = String::with_capacity(bytes + 2);
    out.push('[');
    for (i, row) in rows.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(row.head);
        crate::encoded::push_json_string(&mut out, row.entity);
        out.push_str(row.tail);
    }
    out.push(']');
    out
}

/// One entry of a mention list, serialised as
/// `[start, end, entity, surface, source, "confidence"]`.
struct Listed<'a> {
    start: usize,
    end: usize,
    entity: &'a str,
    surface: &'a str,
    source: &'a str,
    confidence: f64,
}

impl<'a> From<&MentionRow<'a>> for Listed<'a> {
    fn from(m: &MentionRow<'a>) -> Self {
        Listed {
            start: m.start,
            end: m.end,
            entity: m.entity,
            surface: m.surface,
            source: m.source,
            confidence: f64::from(m.confidence),
        }
    }
}

impl<'a> From<&'a StoredMention> for Listed<'a> {
    fn from(m: &'a StoredMention) -> Self {
        Listed {
            start: m.start,
            end: m.end,
            entity: &m.entity,
            surface: &m.surface,
            source: &m.source,
            confidence: m.confidence,
        }
    }
}

impl Serialize for Listed<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let confidence = Decimal(self.confidence);
        (
            self.start,
            self.end,
            self.entity,
            self.surface,
            self.source,
            confidence,
        )
            .serialize(s)
    }
}

/// A float as a JSON string of its shortest exact decimal form (parsed back exactly by
/// `str::parse`, where JSON number parsers may be off by one unit in the last place).
struct Decimal(f64);

impl Serialize for Decimal {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

/// Read a mention list back (the order is the stored one: by start, then entity).
fn parse_mention_list(
    path: &Path,
    doc: &str,
    json: &str,
) -> Result<Vec<StoredMention>, StoreError> {
    type Entry = (usize, usize, String, String, String, String);
    let entries: Vec<Entry> = from_json(path, "mentions", doc, json)?;
    entries
        .into_iter()
        .map(|(start, end, entity, surface, source, confidence)| {
            let confidence = confidence.parse().map_err(|_| {
                StoreError::corrupt(
                    path,
                    format!("mention confidence {confidence:?} of {doc} is not a number"),
                )
            })?;
            Ok(StoredMention {
                start,
                end,
                entity,
                surface,
                source,
                confidence,
            })
        })
        .collect()
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
                "SELECT m.mentions FROM mention_lists AS m \
                 JOIN documents AS d ON d.seq = m.seq WHERE d.id = ?1",
            )
            .map_err(&sql)?;
        let json: Option<String> = stmt
            .query_row([doc], |r| r.get(0))
            .optional()
            .map_err(&sql)?;
        match json {
            Some(json) => parse_mention_list(&self.ctx.path, doc, &json),
            None => Ok(Vec::new()),
        }
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
    /// then by id. Counted from the mention lists of one snapshot.
    pub fn mention_counts(&self, story: Option<&str>) -> Result<Vec<MentionCount>, StoreError> {
        let sql = self.ctx.sql();
        let snapshot = self.conn.unchecked_transaction().map_err(&sql)?;
        let mut stmt = snapshot
            .prepare_cached(
                "SELECT d.id, m.mentions FROM mention_lists AS m \
                 JOIN documents AS d ON d.seq = m.seq \
                 WHERE ?1 IS NULL OR d.story = ?1",
            )
            .map_err(&sql)?;
        let mut rows = stmt.query([story]).map_err(&sql)?;
        let mut counts: BTreeMap<String, (u64, u64)> = BTreeMap::new();
        while let Some(row) = rows.next().map_err(&sql)? {
            let doc: String = row.get(0).map_err(&sql)?;
            let json: &str = row.get_ref(1).map_err(&sql)?.as_str().map_err(|e| {
                StoreError::corrupt(&self.ctx.path, format!("mentions of {doc}: {e}"))
            })?;
            count_mentions(&mut counts, parse_mention_list(&self.ctx.path, &doc, json)?);
        }
        let mut counts: Vec<MentionCount> = counts
            .into_iter()
            .map(|(entity, (mentions, documents))| MentionCount {
                entity,
                mentions,
                documents,
            })
            .collect();
        // Stable: entities of equal count stay in id order.
        counts.sort_by_key(|c| std::cmp::Reverse(c.mentions));
        Ok(counts)
    }
}

/// Add one document's mentions to `counts` (entity -> (mentions, documents)).
fn count_mentions(counts: &mut BTreeMap<String, (u64, u64)>, mentions: Vec<StoredMention>) {
    let mut seen: BTreeSet<String> = BTreeSet::new();
    for m in mentions {
        let entry = counts.entry(m.entity.clone()).or_default();
        entry.0 += 1;
        if seen.insert(m.entity) {
            entry.1 += 1;
        }
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

    /// A second call for the same document merges into its list: the earlier mention of
    /// an entity at a start stays, new ones are added in (start, entity) order.
    #[test]
    fn mentions_of_a_second_call_are_merged_in() {
        let mut store = Store::open_in_memory().unwrap();
        let tx = store.transaction().unwrap();
        tx.insert_document(&doc("d-1", "s-1"), "d-1", &[1], &[])
            .unwrap();
        let at = |start, entity, surface| MentionRow {
            entity,
            start,
            end: start + 4,
            surface,
            source: "gazetteer",
            confidence: 0.9,
        };
        tx.insert_mentions("d-1", &[at(30, "e-b", "first"), at(10, "e-a", "a")])
            .unwrap();
        tx.insert_mentions("d-1", &[at(30, "e-b", "second"), at(20, "e-c", "c")])
            .unwrap();
        tx.commit().unwrap();
        let got: Vec<(usize, String, String)> = store
            .document_mentions("d-1")
            .unwrap()
            .into_iter()
            .map(|m| (m.start, m.entity, m.surface))
            .collect();
        let want = [(10, "e-a", "a"), (20, "e-c", "c"), (30, "e-b", "first")]
            .map(|(s, e, f)| (s, e.to_string(), f.to_string()));
        assert_eq!(got, want);
        assert_eq!(
            store.document_mentions("d-1").unwrap()[0].confidence,
            f64::from(0.9f32)
        );
    }
}
