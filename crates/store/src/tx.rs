//! The write transaction: one ingest batch.

use std::collections::BTreeMap;

use rusqlite::{OptionalExtension, Transaction};
use stancemap_model::Document;

use crate::codec::{self, band_key_to_sql, encode_signature, format_name, to_i64, to_json};
use crate::error::StoreError;
use crate::{Ctx, IngestRun};

/// A write transaction (`BEGIN IMMEDIATE`). Dropping it without [`Tx::commit`] rolls back
/// everything done through it.
pub struct Tx<'s> {
    pub(crate) tx: Transaction<'s>,
    pub(crate) ctx: &'s Ctx,
}

impl std::fmt::Debug for Tx<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tx").field("path", &self.ctx.path).finish()
    }
}

const INSERT_DOCUMENT: &str = "INSERT INTO documents \
     (id, source, format, title, published, author, url, outlet, language, text, \
      removed, duplicate_of, repeats, story, diagnostics, exact_key, signature) \
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)";

const INSERT_SENTENCE: &str =
    "INSERT INTO sentences (seq, idx, start, \"end\", paragraph) VALUES (?1, ?2, ?3, ?4, ?5)";

// A document may list the same band key twice (two bands hashing alike): keep one row.
const INSERT_BAND: &str =
    "INSERT INTO lsh_bands (band_key, seq) VALUES (?1, ?2) ON CONFLICT DO NOTHING";

/// Members of a set of bands: one statement for all band keys of a document (the
/// `IN` list is a series of index seeks inside SQLite), instead of one statement
/// execution per band, which cost more in binding and stepping than the seek itself.
fn band_members_sql(keys: usize) -> String {
    let mut sql = String::from("SELECT seq FROM lsh_bands WHERE band_key IN (");
    for i in 1..=keys {
        if i > 1 {
            sql.push_str(", ");
        }
        sql.push('?');
        sql.push_str(&i.to_string());
    }
    sql.push(')');
    sql
}
// By `seq` (the rowid): an integer seek instead of a text-index search.
const ID_AND_SIGNATURE_OF: &str = "SELECT id, signature FROM documents WHERE seq = ?1";

/// The most near-duplicate candidates one lookup returns (see [`Tx::near_candidates`]).
pub const MAX_NEAR_CANDIDATES: usize = 16;

impl<'s> Tx<'s> {
    pub(crate) fn new(tx: Transaction<'s>, ctx: &'s Ctx) -> Self {
        Tx { tx, ctx }
    }

    /// Is a document with this id stored (including earlier in this transaction)?
    pub fn has_document(&self, id: &str) -> Result<bool, StoreError> {
        let sql = self.ctx.sql();
        let mut stmt = self
            .tx
            .prepare_cached("SELECT 1 FROM documents WHERE id = ?1")
            .map_err(&sql)?;
        stmt.exists([id]).map_err(&sql)
    }

    /// A stored document (including one inserted earlier in this transaction).
    pub fn document(&self, id: &str) -> Result<Option<Document>, StoreError> {
        crate::read_document(&self.tx, self.ctx, id)
    }

    /// The id of the earliest stored document with this exact-duplicate key.
    pub fn find_exact(&self, exact_key: &str) -> Result<Option<String>, StoreError> {
        let sql = self.ctx.sql();
        let mut stmt = self
            .tx
            .prepare_cached("SELECT id FROM documents WHERE exact_key = ?1 ORDER BY seq LIMIT 1")
            .map_err(&sql)?;
        stmt.query_row([exact_key], |r| r.get(0))
            .optional()
            .map_err(&sql)
    }

    /// Documents sharing at least one LSH band key with `band_keys`, with their MinHash
    /// signatures, in ingest order, each once. At most [`MAX_NEAR_CANDIDATES`] are
    /// returned: those sharing the most bands (the most similar, as the band count grows
    /// with Jaccard similarity), earlier documents first among equals. The cap keeps a
    /// lookup cheap when a bucket is crowded (a wire story copied by hundreds of outlets).
    pub fn near_candidates(
        &self,
        band_keys: &[u64],
    ) -> Result<Vec<(String, Vec<u32>)>, StoreError> {
        if band_keys.is_empty() {
            return Ok(Vec::new());
        }
        let sql = self.ctx.sql();
        let mut stmt = self
            .tx
            .prepare_cached(&band_members_sql(band_keys.len()))
            .map_err(&sql)?;
        // seq -> shared bands; ordered by seq (ingest order).
        let mut shared: BTreeMap<i64, u32> = BTreeMap::new();
        let keys = band_keys.iter().map(|&k| band_key_to_sql(k));
        let mut rows = stmt.query(rusqlite::params_from_iter(keys)).map_err(&sql)?;
        while let Some(row) = rows.next().map_err(&sql)? {
            *shared.entry(row.get(0).map_err(&sql)?).or_default() += 1;
        }
        let mut ranked: Vec<(i64, u32)> = shared.into_iter().collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked.truncate(MAX_NEAR_CANDIDATES);
        ranked.sort_by_key(|c| c.0);
        ranked
            .into_iter()
            .map(|(seq, _)| self.id_and_signature(seq))
            .collect()
    }

    fn id_and_signature(&self, seq: i64) -> Result<(String, Vec<u32>), StoreError> {
        let sql = self.ctx.sql();
        let mut stmt = self.tx.prepare_cached(ID_AND_SIGNATURE_OF).map_err(&sql)?;
        let mut rows = stmt.query([seq]).map_err(&sql)?;
        let row = rows.next().map_err(&sql)?.ok_or_else(|| {
            StoreError::corrupt(
                &self.ctx.path,
                format!("band row for missing document #{seq}"),
            )
        })?;
        let id: String = row.get(0).map_err(&sql)?;
        let blob =
            row.get_ref(1).map_err(&sql)?.as_blob().map_err(|e| {
                StoreError::corrupt(&self.ctx.path, format!("signature of {id}: {e}"))
            })?;
        let signature = codec::decode_signature(&self.ctx.path, &id, blob)?;
        Ok((id, signature))
    }

    /// Store a document with its sentences and dedup keys. Returns `false`, changing
    /// nothing, when a document with this id is already stored (re-ingest is a no-op).
    /// A `duplicate_of` naming a document that is not stored is refused
    /// ([`StoreError::UnknownReference`]).
    pub fn insert_document(
        &self,
        doc: &Document,
        exact_key: &str,
        signature: &[u32],
        band_keys: &[u64],
    ) -> Result<bool, StoreError> {
        if self.has_document(&doc.id)? {
            return Ok(false);
        }
        self.check_duplicate_of(doc)?;
        self.insert_document_row(doc, exact_key, signature)?;
        // `seq` is the rowid alias: the row just inserted.
        let seq = self.tx.last_insert_rowid();
        self.insert_sentences(seq, doc)?;
        self.insert_bands(seq, band_keys)?;
        Ok(true)
    }

    fn check_duplicate_of(&self, doc: &Document) -> Result<(), StoreError> {
        match &doc.duplicate_of {
            Some(target) if !self.has_document(target)? => Err(StoreError::UnknownReference {
                path: self.ctx.path.clone(),
                id: doc.id.clone(),
                field: "duplicate_of",
                target: target.clone(),
            }),
            _ => Ok(()),
        }
    }

    fn insert_document_row(
        &self,
        doc: &Document,
        exact_key: &str,
        signature: &[u32],
    ) -> Result<(), StoreError> {
        let path = &self.ctx.path;
        let removed = to_json(path, "removed", &doc.removed)?;
        let repeats = to_json(path, "repeats", &doc.repeats)?;
        let diagnostics = to_json(path, "diagnostics", &doc.diagnostics)?;
        let sql = self.ctx.sql();
        let mut stmt = self.tx.prepare_cached(INSERT_DOCUMENT).map_err(&sql)?;
        stmt.execute(rusqlite::params![
            doc.id,
            doc.source,
            format_name(doc.format),
            doc.title,
            doc.published,
            doc.author,
            doc.url,
            doc.outlet,
            doc.language,
            doc.text,
            removed,
            doc.duplicate_of,
            repeats,
            doc.story,
            diagnostics,
            exact_key,
            encode_signature(signature),
        ])
        .map_err(&sql)?;
        Ok(())
    }

    fn insert_sentences(&self, seq: i64, doc: &Document) -> Result<(), StoreError> {
        let path = &self.ctx.path;
        let sql = self.ctx.sql();
        let mut stmt = self.tx.prepare_cached(INSERT_SENTENCE).map_err(&sql)?;
        for (idx, s) in doc.sentences.iter().enumerate() {
            stmt.execute(rusqlite::params![
                seq,
                to_i64(path, "sentence index", idx)?,
                to_i64(path, "sentence start", s.span.start)?,
                to_i64(path, "sentence end", s.span.end)?,
                s.paragraph,
            ])
            .map_err(&sql)?;
        }
        Ok(())
    }

    fn insert_bands(&self, seq: i64, band_keys: &[u64]) -> Result<(), StoreError> {
        let sql = self.ctx.sql();
        let mut stmt = self.tx.prepare_cached(INSERT_BAND).map_err(&sql)?;
        for &key in band_keys {
            stmt.execute(rusqlite::params![band_key_to_sql(key), seq])
                .map_err(&sql)?;
        }
        Ok(())
    }

    /// A JSON blob saved under `key`, if any.
    pub fn load_state(&self, key: &str) -> Result<Option<String>, StoreError> {
        let sql = self.ctx.sql();
        let mut stmt = self
            .tx
            .prepare_cached("SELECT json FROM state WHERE key = ?1")
            .map_err(&sql)?;
        stmt.query_row([key], |r| r.get(0)).optional().map_err(&sql)
    }

    /// Save (or replace) the JSON blob under `key`. Text that is not JSON is refused.
    pub fn save_state(&self, key: &str, json: &str) -> Result<(), StoreError> {
        serde_json::from_str::<serde::de::IgnoredAny>(json).map_err(|e| {
            StoreError::invalid(
                &self.ctx.path,
                format!("state {key:?}"),
                format!("not JSON: {e}"),
            )
        })?;
        let sql = self.ctx.sql();
        let mut stmt = self
            .tx
            .prepare_cached(
                "INSERT INTO state (key, json) VALUES (?1, ?2) \
                 ON CONFLICT (key) DO UPDATE SET json = excluded.json",
            )
            .map_err(&sql)?;
        stmt.execute([key, json]).map_err(&sql)?;
        Ok(())
    }

    /// Log an ingest run.
    pub fn record_run(&self, run: &IngestRun) -> Result<(), StoreError> {
        let path = &self.ctx.path;
        let skipped = codec::skipped_to_json(path, &run.skipped)?;
        let sql = self.ctx.sql();
        let mut stmt = self
            .tx
            .prepare_cached(
                "INSERT INTO ingest_runs \
                 (started, files, ingested, already_present, duplicates, skipped) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )
            .map_err(&sql)?;
        stmt.execute(rusqlite::params![
            run.started,
            to_i64(path, "files", run.files)?,
            to_i64(path, "ingested", run.ingested)?,
            to_i64(path, "already_present", run.already_present)?,
            to_i64(path, "duplicates", run.duplicates)?,
            skipped,
        ])
        .map_err(&sql)?;
        Ok(())
    }

    /// Make the batch durable and visible to other connections.
    pub fn commit(self) -> Result<(), StoreError> {
        self.tx.commit().map_err(self.ctx.sql())
    }
}
