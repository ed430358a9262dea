//! The write transaction: one ingest batch.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;

use rusqlite::{OptionalExtension, Transaction};
use stancemap_model::Document;

use crate::bands::{distinct, PendingBands, WrittenKeys, MAX_PENDING_ROWS};
use crate::codec::{self, band_key_to_sql, encode_signature, format_name, to_i64, to_json};
use crate::error::StoreError;
use crate::{Ctx, IngestRun};

/// A write transaction (`BEGIN IMMEDIATE`). Dropping it without [`Tx::commit`] rolls back
/// everything done through it.
pub struct Tx<'s> {
    pub(crate) tx: Transaction<'s>,
    pub(crate) ctx: &'s Ctx,
    /// Band rows of this transaction not written yet (see `bands.rs`).
    pending_bands: RefCell<PendingBands>,
    /// Did `lsh_bands` hold rows before this transaction (known after the first
    /// lookup)? If not, only keys this transaction wrote out and forgot can be there
    /// for documents not in `pending_bands` (`written_keys`), and lookups ask SQLite
    /// about those alone.
    stored_bands: Cell<Option<bool>>,
    written_keys: RefCell<WrittenKeys>,
    /// [`MAX_PENDING_ROWS`], lowered by tests.
    band_limit: usize,
    /// `seq` of the first document this transaction stored and did not index yet: it
    /// and every later one are added to the full-text index by [`Tx::index_text`]
    /// (after each chunk of a batch, and at commit), in one statement.
    first_new_seq: Cell<Option<i64>>,
    /// The document stored last: its mentions, roles and ledger records come right
    /// after it, and find their `seq` (and the text their sentences are cut from) here
    /// instead of through the text index of `documents(id)`.
    last_stored: RefCell<Option<LastStored>>,
}

/// The serialised columns of a `documents` row (JSON lists and BLOBs).
#[derive(Debug, Clone, Copy)]
pub(crate) struct DocColumns<'a> {
    pub(crate) removed: &'a str,
    pub(crate) repeats: &'a str,
    pub(crate) diagnostics: &'a str,
    pub(crate) sentence_spans: &'a [u8],
    pub(crate) signature: &'a [u8],
}

/// See [`Tx::last_stored`].
#[derive(Debug)]
pub(crate) struct LastStored {
    pub(crate) id: String,
    pub(crate) seq: i64,
    pub(crate) text: String,
}

impl std::fmt::Debug for Tx<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tx").field("path", &self.ctx.path).finish()
    }
}

const INSERT_DOCUMENT: &str = "INSERT INTO documents \
     (id, source, format, title, published, author, url, outlet, language, text, \
      removed, duplicate_of, repeats, story, diagnostics, exact_key, signature, \
      sentence_spans) \
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)";

// A document may list the same band key twice (two bands hashing alike): keep one row
// (`OR IGNORE` works row by row, also inside one multi-row statement).
const INSERT_BAND: &str = "INSERT OR IGNORE INTO lsh_bands (band_key, seq)";

/// Rows per multi-row `INSERT … VALUES (…), (…), …` statement. A document writes ~60
/// band rows, ~55 mention rows and ~17 claim rows; one statement execution per row
/// cost more in binding, stepping and resetting than the b-tree insert itself. 16 rows
/// of up to 7 values stay far below SQLite's parameter limit; the rest of a document's
/// rows (fewer than 16) go through the one-row statement, so each table needs only two
/// cached statements.
const ROWS_PER_INSERT: usize = 16;

/// `head VALUES (?, …), (?, …), …` with `rows` groups of `width` parameters.
fn values_sql(head: &str, width: usize, rows: usize) -> String {
    let group = format!("({})", vec!["?"; width].join(", "));
    format!("{head} VALUES {}", vec![group; rows].join(", "))
}

/// Members of a set of bands: one statement for all band keys of a document (the
/// `IN` list is a series of index seeks inside SQLite), instead of one statement
/// execution per band, which cost more in binding and stepping than the seek itself.
/// Rows of documents before `seq` ?(keys + 1) only: later ones are in memory (`bands.rs`).
fn band_members_sql(keys: usize) -> String {
    let mut sql = String::from("SELECT seq FROM lsh_bands WHERE band_key IN (");
    for i in 1..=keys {
        if i > 1 {
            sql.push_str(", ");
        }
        sql.push('?');
        sql.push_str(&i.to_string());
    }
    sql.push_str(") AND seq < ?");
    sql.push_str(&(keys + 1).to_string());
    sql
}
// By `seq` (the rowid): an integer seek instead of a text-index search.
const ID_AND_SIGNATURE_OF: &str = "SELECT id, signature FROM documents WHERE seq = ?1";

/// The most near-duplicate candidates one lookup returns (see [`Tx::near_candidates`]).
pub const MAX_NEAR_CANDIDATES: usize = 16;

impl<'s> Tx<'s> {
    pub(crate) fn new(tx: Transaction<'s>, ctx: &'s Ctx) -> Self {
        Tx {
            tx,
            ctx,
            pending_bands: RefCell::new(PendingBands::default()),
            stored_bands: Cell::new(None),
            written_keys: RefCell::new(WrittenKeys::default()),
            band_limit: MAX_PENDING_ROWS,
            first_new_seq: Cell::new(None),
            last_stored: RefCell::new(None),
        }
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
        let shared = self.shared_bands(band_keys)?;
        let mut ranked: Vec<(i64, u32)> = shared.into_iter().collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked.truncate(MAX_NEAR_CANDIDATES);
        ranked.sort_by_key(|c| c.0);
        ranked
            .into_iter()
            .map(|(seq, _)| self.id_and_signature(seq))
            .collect()
    }

    /// Per document (`seq`, in ingest order), how many of `band_keys` it has. SQLite
    /// answers for documents before the first one `pending_bands` holds, the map for
    /// the rest, so no (key, seq) is counted twice.
    fn shared_bands(&self, band_keys: &[u64]) -> Result<BTreeMap<i64, u32>, StoreError> {
        let mut shared: BTreeMap<i64, u32> = BTreeMap::new();
        if self.had_stored_bands()? {
            self.count_stored_band_members(band_keys, &mut shared)?;
        } else {
            let written = self.written_keys.borrow();
            let maybe: Vec<u64> = distinct(band_keys)
                .into_iter()
                .filter(|&k| written.may_contain(k))
                .collect();
            drop(written);
            for key in maybe {
                self.count_stored_band_members(&[key], &mut shared)?;
            }
        }
        let pending = self.pending_bands.borrow();
        for key in distinct(band_keys) {
            pending.for_each_seq(key, |seq| *shared.entry(seq).or_default() += 1);
        }
        drop(pending);
        Ok(shared)
    }

    /// Count, per stored document, the band keys of `band_keys` it shares (an `IN` list
    /// matches each row once, however often a key is repeated).
    fn count_stored_band_members(
        &self,
        band_keys: &[u64],
        shared: &mut BTreeMap<i64, u32>,
    ) -> Result<(), StoreError> {
        let sql = self.ctx.sql();
        let mut stmt = self
            .tx
            .prepare_cached(&band_members_sql(band_keys.len()))
            .map_err(&sql)?;
        let in_memory_from = self.pending_bands.borrow().first_seq().unwrap_or(i64::MAX);
        let keys = band_keys.iter().map(|&k| band_key_to_sql(k));
        let params = keys.chain(std::iter::once(in_memory_from));
        let mut rows = stmt
            .query(rusqlite::params_from_iter(params))
            .map_err(&sql)?;
        while let Some(row) = rows.next().map_err(&sql)? {
            *shared.entry(row.get(0).map_err(&sql)?).or_default() += 1;
        }
        Ok(())
    }

    fn had_stored_bands(&self) -> Result<bool, StoreError> {
        if let Some(known) = self.stored_bands.get() {
            return Ok(known);
        }
        let sql = self.ctx.sql();
        let any: bool = self
            .tx
            .query_row("SELECT EXISTS (SELECT 1 FROM lsh_bands)", [], |r| r.get(0))
            .map_err(&sql)?;
        self.stored_bands.set(Some(any));
        Ok(any)
    }

    fn id_and_signature(&self, seq: i64) -> Result<(String, Vec<u32>), StoreError> {
        if let Some(known) = self.pending_bands.borrow().doc(seq) {
            return Ok(known.clone());
        }
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

    /// Store a document with its sentences (a column of its row) and dedup keys. Returns
    /// `false`, changing nothing, when a document with this id is already stored
    /// (re-ingest is a no-op).
    /// A `duplicate_of` naming a document that is not stored is refused
    /// ([`StoreError::UnknownReference`]).
    pub fn insert_document(
        &self,
        doc: &Document,
        exact_key: &str,
        signature: &[u32],
        band_keys: &[u64],
    ) -> Result<bool, StoreError> {
        let path = &self.ctx.path;
        let removed = to_json(path, "removed", &doc.removed)?;
        let repeats = to_json(path, "repeats", &doc.repeats)?;
        let diagnostics = to_json(path, "diagnostics", &doc.diagnostics)?;
        let sentence_spans = codec::encode_sentence_spans(path, &doc.sentences)?;
        let columns = DocColumns {
            removed: &removed,
            repeats: &repeats,
            diagnostics: &diagnostics,
            sentence_spans: &sentence_spans,
            signature: &encode_signature(signature),
        };
        let seq = self.insert_document_columns(doc, exact_key, signature, band_keys, columns)?;
        if let Some(seq) = seq {
            self.remember_stored(doc, seq);
        }
        Ok(seq.is_some())
    }

    /// [`Tx::insert_document`] with the serialised columns given; the new `seq`, or
    /// `None` when the id was already stored.
    pub(crate) fn insert_document_columns(
        &self,
        doc: &Document,
        exact_key: &str,
        signature: &[u32],
        band_keys: &[u64],
        columns: DocColumns<'_>,
    ) -> Result<Option<i64>, StoreError> {
        if self.has_document(&doc.id)? {
            return Ok(None);
        }
        self.check_duplicate_of(doc)?;
        self.insert_document_row(doc, exact_key, columns)?;
        // `seq` is the rowid alias: the row just inserted.
        let seq = self.tx.last_insert_rowid();
        if self.first_new_seq.get().is_none() {
            self.first_new_seq.set(Some(seq));
        }
        self.insert_bands(seq, &doc.id, signature, band_keys)?;
        Ok(Some(seq))
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
        columns: DocColumns<'_>,
    ) -> Result<(), StoreError> {
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
            columns.removed,
            doc.duplicate_of,
            columns.repeats,
            doc.story,
            columns.diagnostics,
            exact_key,
            columns.signature,
            columns.sentence_spans,
        ])
        .map_err(&sql)?;
        Ok(())
    }

    /// Band rows wait in memory (see `bands.rs`) until commit or until there are
    /// [`MAX_PENDING_ROWS`] of them.
    fn insert_bands(
        &self,
        seq: i64,
        id: &str,
        signature: &[u32],
        band_keys: &[u64],
    ) -> Result<(), StoreError> {
        let full = {
            let mut pending = self.pending_bands.borrow_mut();
            pending.add(seq, id, signature, band_keys);
            pending.len() >= self.band_limit
        };
        if full {
            self.write_pending_bands()?;
        }
        Ok(())
    }

    /// Write the band rows stored since the last call, in key order, and keep them in
    /// memory for lookups, when the store had no band rows before this transaction:
    /// the b-tree is then this batch's own, small enough to stay in the page cache, and
    /// writing a chunk's rows right after it is linked overlaps the processing of the
    /// next chunk instead of adding to the commit. (Into a store with band rows they
    /// are still written at commit, as one ordered merge into the large b-tree.)
    pub fn write_new_band_rows(&self) -> Result<(), StoreError> {
        if self.had_stored_bands()? {
            return Ok(());
        }
        let rows = self.pending_bands.borrow_mut().take_unwritten_sorted();
        self.write_band_rows(&rows)
    }

    /// Write the pending band rows not written yet, in key order, and forget them all
    /// (lookups then ask SQLite about their keys, see `written_keys`).
    fn write_pending_bands(&self) -> Result<(), StoreError> {
        let mut pending = self.pending_bands.borrow_mut();
        // Known before the first write-out: were there rows before this transaction?
        if pending.len() > 0 && !self.had_stored_bands()? {
            let mut written = self.written_keys.borrow_mut();
            pending.keys().for_each(|key| written.insert(key));
        }
        let rows = pending.take_sorted();
        drop(pending);
        self.write_band_rows(&rows)
    }

    fn write_band_rows(&self, rows: &[(u64, i64)]) -> Result<(), StoreError> {
        if rows.is_empty() {
            return Ok(());
        }
        let sql = self.ctx.sql();
        self.insert_rows(INSERT_BAND, 2, rows, |stmt, at, &(key, seq)| {
            stmt.raw_bind_parameter(at, band_key_to_sql(key))
                .map_err(&sql)?;
            stmt.raw_bind_parameter(at + 1, seq).map_err(&sql)
        })?;
        Ok(())
    }

    /// Insert `rows` into the table of `head` (`INSERT … INTO t (columns)`), each row
    /// `width` values, [`ROWS_PER_INSERT`] rows per statement execution. `bind` binds one
    /// row's values at the 1-based parameter indices `at..at + width`.
    pub(crate) fn insert_rows<R>(
        &self,
        head: &str,
        width: usize,
        rows: &[R],
        bind: impl Fn(&mut rusqlite::Statement<'_>, usize, &R) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let sql = self.ctx.sql();
        let mut chunks = rows.chunks_exact(ROWS_PER_INSERT);
        if rows.len() >= ROWS_PER_INSERT {
            let many = values_sql(head, width, ROWS_PER_INSERT);
            let mut stmt = self.tx.prepare_cached(&many).map_err(&sql)?;
            for chunk in &mut chunks {
                for (i, row) in chunk.iter().enumerate() {
                    bind(&mut stmt, 1 + i * width, row)?;
                }
                stmt.raw_execute().map_err(&sql)?;
            }
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let one = values_sql(head, width, 1);
            let mut stmt = self.tx.prepare_cached(&one).map_err(&sql)?;
            for row in rest {
                bind(&mut stmt, 1, row)?;
                stmt.raw_execute().map_err(&sql)?;
            }
        }
        Ok(())
    }

    fn remember_stored(&self, doc: &Document, seq: i64) {
        let mut last = self.last_stored.borrow_mut();
        let last = last.get_or_insert_with(|| LastStored {
            id: String::new(),
            seq,
            text: String::new(),
        });
        last.id.clone_from(&doc.id);
        last.seq = seq;
        last.text.clone_from(&doc.text);
    }

    /// The `seq` and text of a stored document: the one stored last from memory, any
    /// other from the table.
    pub(crate) fn seq_and_text_of(
        &self,
        id: &str,
    ) -> Result<Option<std::cell::Ref<'_, LastStored>>, StoreError> {
        if let Some(found) = self.last_stored_if(id) {
            return Ok(Some(found));
        }
        let sql = self.ctx.sql();
        let mut stmt = self
            .tx
            .prepare_cached("SELECT seq, text FROM documents WHERE id = ?1")
            .map_err(&sql)?;
        let row: Option<(i64, String)> = stmt
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()
            .map_err(&sql)?;
        let Some((seq, text)) = row else {
            return Ok(None);
        };
        *self.last_stored.borrow_mut() = Some(LastStored {
            id: id.to_string(),
            seq,
            text,
        });
        Ok(self.last_stored_if(id))
    }

    fn last_stored_if(&self, id: &str) -> Option<std::cell::Ref<'_, LastStored>> {
        std::cell::Ref::filter_map(self.last_stored.borrow(), |l| {
            l.as_ref().filter(|l| l.id == id)
        })
        .ok()
    }

    /// The `seq` of a stored document (rows of other tables point at it).
    pub(crate) fn seq_of(&self, id: &str) -> Result<Option<i64>, StoreError> {
        if let Some(last) = self.last_stored_if(id) {
            return Ok(Some(last.seq));
        }
        let sql = self.ctx.sql();
        let mut stmt = self
            .tx
            .prepare_cached("SELECT seq FROM documents WHERE id = ?1")
            .map_err(&sql)?;
        stmt.query_row([id], |r| r.get(0)).optional().map_err(&sql)
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
        self.write_pending_bands()?;
        self.index_text()?;
        self.tx.commit().map_err(self.ctx.sql())
    }

    /// Add the documents stored by this transaction and not indexed yet to the
    /// full-text index, all in one statement: FTS5 then collects their words in memory
    /// and writes a few large segments, where one statement per document flushed a tiny
    /// segment each time. [`Tx::commit`] calls it; a batch calls it after each chunk
    /// too, so the indexing overlaps the processing of the next chunk instead of
    /// waiting alone at the end. The write lock is held since `BEGIN IMMEDIATE`, so
    /// every `seq` from the first one not indexed on is ours. (Nothing updates or
    /// deletes a document before it is indexed: the FTS triggers of those would remove
    /// words never indexed.)
    pub fn index_text(&self) -> Result<(), StoreError> {
        let Some(first) = self.first_new_seq.take() else {
            return Ok(());
        };
        self.tx
            .execute(
                "INSERT INTO documents_fts (rowid, title, text) \
                 SELECT seq, title, text FROM documents WHERE seq >= ?1 ORDER BY seq",
                [first],
            )
            .map_err(self.ctx.sql())?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::Store;
    use stancemap_model::{Document, SourceFormat};

    fn doc(n: usize) -> Document {
        Document {
            id: format!("d-{n}"),
            source: format!("{n}.txt"),
            format: SourceFormat::Text,
            title: String::new(),
            published: None,
            author: None,
            url: None,
            outlet: None,
            language: "en".into(),
            text: format!("Talks resumed on day {n}."),
            removed: vec![],
            duplicate_of: None,
            repeats: vec![],
            story: None,
            sentences: vec![],
            diagnostics: vec![],
        }
    }

    /// Band rows written out mid-transaction (the memory bound) and rows still pending
    /// are both found, and all of them are in SQLite after commit.
    #[test]
    fn band_rows_written_out_early_are_still_found() {
        let mut store = Store::open_in_memory().unwrap();
        let mut tx = store.transaction().unwrap();
        tx.band_limit = 4;
        for n in 0..5 {
            tx.insert_document(&doc(n), "k", &[n as u32], &[7, 100 + n as u64])
                .unwrap();
        }
        assert!(
            tx.pending_bands.borrow().len() < 4,
            "written out on the way"
        );
        let ids: Vec<String> = tx
            .near_candidates(&[7])
            .unwrap()
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        assert_eq!(ids, ["d-0", "d-1", "d-2", "d-3", "d-4"]);
        tx.commit().unwrap();
        let rows: i64 = store
            .conn
            .query_row("SELECT count(*) FROM lsh_bands", [], |r| r.get(0))
            .unwrap();
        assert_eq!(rows, 10);
    }

    /// Into a store without band rows, a chunk's rows are written after it and kept in
    /// memory: with rows written out and forgotten before them (the memory bound), each
    /// (key, document) is still counted once, and nothing is written twice.
    #[test]
    fn band_rows_written_after_a_chunk_are_counted_once() {
        let mut store = Store::open_in_memory().unwrap();
        let mut tx = store.transaction().unwrap();
        tx.band_limit = 4;
        for n in 0..2 {
            tx.insert_document(&doc(n), "k", &[n as u32], &[7, 100 + n as u64])
                .unwrap();
        }
        assert_eq!(
            tx.pending_bands.borrow().len(),
            0,
            "written out and forgotten"
        );
        tx.insert_document(&doc(2), "k", &[2], &[7]).unwrap();
        tx.write_new_band_rows().unwrap();
        tx.insert_document(&doc(3), "k", &[3], &[7, 9]).unwrap();
        let shared: Vec<(i64, u32)> = tx.shared_bands(&[7, 9]).unwrap().into_iter().collect();
        assert_eq!(shared, [(1, 1), (2, 1), (3, 1), (4, 2)]);
        tx.write_new_band_rows().unwrap();
        tx.commit().unwrap();
        let rows: i64 = store
            .conn
            .query_row("SELECT count(*) FROM lsh_bands", [], |r| r.get(0))
            .unwrap();
        assert_eq!(rows, 7);
    }
}
