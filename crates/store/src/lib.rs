//! The embedded store of stancemap: one SQLite file holding the cleaned documents, their
//! sentences, the dedup bookkeeping (exact keys, MinHash signatures, LSH band keys), small
//! JSON state blobs and a log of ingest runs. This crate is an IO edge; the stages stay pure.
//!
//! # Why SQLite
//! - Embedded: a single file, no server to install, copied and backed up like any file.
//! - WAL journal: readers (report, export, a dashboard) never block the writer and always
//!   see a consistent snapshot; writers queue on the write lock instead of corrupting.
//! - Growth: FTS5 gives full-text search without another index engine (migrations 0009, 0010).
//! - Openness: pandas, DuckDB, Datasette and the `sqlite3` shell open the file directly.
//!
//! # Schema (version [`SCHEMA_VERSION`])
//! - `documents`: one row per document, every field of [`Document`] (the sentences as
//!   one BLOB, see `sentence_spans` below).
//!   `seq INTEGER PRIMARY KEY AUTOINCREMENT` is the ingest order (never reused);
//!   `id TEXT UNIQUE` is the content-hash id all other tables refer to. `removed`,
//!   `repeats`, `diagnostics` are JSON arrays (checked with `json_valid`). `format` is
//!   `text`/`html`/`jsonl`. `exact_key` (indexed) and `signature` (BLOB of little-endian
//!   `u32`) are the dedup keys. `duplicate_of` references `documents(id)`; partial indexes
//!   on `duplicate_of` and `story` serve the duplicate and story views.
//! - `documents.sentence_spans` (migration 0011; before it, a `sentences` table with a
//!   row per sentence): the document's sentences as one BLOB, 12 bytes per sentence in
//!   order, little-endian `u32` start, end (byte offsets into `text`) and paragraph.
//!   Sentences are only ever read with their document, so a row each (~36 per document,
//!   each a b-tree insert and a foreign-key check) bought nothing.
//! - `lsh_bands(band_key, seq)`, primary key `(band_key, seq)` (integer `seq` since
//!   migration 0004, no foreign key since 0008: rows are written in key order at commit,
//!   and a per-row check against `documents` was a random seek; [`Store::check_integrity`]
//!   checks them instead), WITHOUT ROWID: the band key
//!   leads the key, so a candidate lookup is an index search, sub-linear in the corpus.
//!   Band rows of the open transaction wait in memory (`bands.rs`, at most 2²⁰ rows,
//!   ~50 MB) and are looked up there; a store without band rows skips the SQL lookup.
//!   `u64` keys are stored bit-for-bit as `i64`. There is deliberately no index on `doc`:
//!   nothing deletes documents yet, and that second b-tree doubled the insert time of
//!   100k documents (measured 19 s → 9 s without it). The migration that adds deletion
//!   adds the index. A document's candidate lookup is one statement with all its band
//!   keys in an `IN` list (64 seeks inside SQLite instead of 64 statement executions),
//!   and candidate signatures are read by `seq` (rowid) rather than by the text id.
//! - `record_lists(seq, claims, meetings, facts)` (migration 0013; before it, tables
//!   `claims`, `meetings` and `facts` with a row per record, from migration 0006): the
//!   claims stage's records of a document as three JSON arrays, in document order, one
//!   row per document that has any. Records are only read in ingest order, all of them or
//!   those of one story or document, so ~24 rows per document (each a b-tree insert, a
//!   foreign-key check, a `json_valid` CHECK and, for claims, a `(party, topic)` index
//!   entry) bought nothing; the views' party and topic filters run as the lists are read.
//!   A record is the JSON of its model type, so a new record field needs no migration. A
//!   claim's or meeting's `sentence` is stored as `""` when it is `text[start..end]` of its
//!   document (always, for the claims stage's records) and cut from the text again on
//!   load: it was ~40 % of every record. No `json_valid` CHECK: the store writes the
//!   arrays with serde_json and a list that does not parse is reported as corrupt.
//! - `mention_lists(seq, mentions)` (migration 0012; before it, a `mentions` table with
//!   a row per mention; its `json_valid` CHECK dropped in 0013): a document's mentions as
//!   one JSON array of `[start, end, entity, surface, source, "confidence"]`, sorted by
//!   (start, entity), one per (start, entity). Mentions are read per document or counted
//!   per entity over a full scan, so a row (and an entity-index entry) per mention, ~57
//!   per document, bought nothing.
//! - `roles(seq, start, "end", entity, role, party)`, keyed by the document's integer
//!   `seq` first (since migration 0007), with an index on `entity`.
//! - Band and role rows are written with
//!   multi-row `INSERT`s of 16 rows (one statement execution per row cost more than the
//!   b-tree work). The rows that follow a document find its `seq` and text in memory
//!   (the transaction remembers the document it stored last), not through the text index
//!   of `documents(id)`.
//! - [`EncodedDoc`]: a document's JSON columns, mention list and record lists
//!   serialised ahead of linking (an ingest batch does it on the worker threads that
//!   process documents); [`Tx::insert_encoded`] only splices in what linking decides
//!   (registry ids of mentions and speakers, `counted`) and writes the same bytes as the
//!   plain inserts. The linking thread is the one serial part of an ingest, so every
//!   instruction moved off it shortens the batch.
//! - `documents_fts` (migration 0009): an FTS5 index over `title` and `text` with external
//!   content (`documents`, rowid = `seq`; no second copy of the text), tokenizer
//!   `unicode61 remove_diacritics 2` (case and accents ignored). Since migration 0010
//!   documents are indexed in groups with one `INSERT … SELECT` each (an insert
//!   trigger per document made FTS5 flush a tiny segment at every statement savepoint:
//!   8–12 % of ingest CPU): [`Tx::index_text`] indexes those stored since the last
//!   call; an ingest batch calls it after each linked chunk (256 documents), so the
//!   tokenizing overlaps the processing of the next chunk instead of running alone at
//!   commit, and [`Tx::commit`] indexes the rest. Search results do not depend on the
//!   grouping (same ranks, scores and snippets; a store is ~1 % larger from the extra
//!   segments). Delete and update triggers keep the index in step when rows change.
//!   [`Store::search`] quotes every word of the user's text ([`fts_query`]), so search
//!   text is never FTS syntax, and returns snippets as plain-text parts.
//! - `state(key, json)`: named JSON blobs (e.g. the story clusterer's state).
//! - `ingest_runs(run, started, files, ingested, already_present, duplicates, skipped)`.
//!   The caller passes `started`: the store never reads the clock.
//!
//! The full SQL is in `migrations/` and snapshotted in `tests/snapshots/` so every schema
//! change shows up in review.
//!
//! # Migrations
//! `migrations/NNNN_name.sql`, listed in [`MIGRATIONS`]. `PRAGMA user_version` holds the
//! number of applied scripts. [`Store::open`] applies the missing ones in one IMMEDIATE
//! transaction (all or nothing, at most one process migrates), checks foreign keys before
//! committing, and marks the file with `PRAGMA application_id` ([`APPLICATION_ID`]).
//! **Never edit a released migration; add a new one.** A store with a higher version than
//! this build knows is refused ([`StoreError::NewerSchema`]) and left untouched; so is a
//! file that is not SQLite ([`StoreError::NotADatabase`], checked from the 16-byte header
//! before SQLite touches the file) and an SQLite file of another program
//! ([`StoreError::ForeignDatabase`]). Later tables (actors, mentions, claims, positions)
//! arrive as new migrations; a PostgreSQL store would implement the same operations.
//!
//! # Transactions
//! [`Store::transaction`] starts `BEGIN IMMEDIATE`: one ingest batch is one transaction
//! that takes the write lock up front, so two writers queue instead of deadlocking on a
//! lock upgrade. Dropping a [`Tx`] without [`Tx::commit`] rolls it back. Reads on
//! [`Store`] that span several statements ([`Store::stats`], [`Store::for_each_document`])
//! run inside one read transaction, i.e. on one snapshot.
//!
//! # Settings and thresholds
//! - busy timeout [`BUSY_TIMEOUT`] = 30 s (override with [`Store::open_with`]): a batch of
//!   100k documents commits in a few seconds, so 30 s lets a second writer wait out a big
//!   batch of another process, yet an abandoned lock still ends in a clear
//!   [`StoreError::Busy`] instead of a hang. Switching a new file to WAL is retried every
//!   5 ms within the same budget, because SQLite answers BUSY there without waiting.
//! - `synchronous = NORMAL`: with WAL this never corrupts the file and survives an
//!   application crash; a power cut may lose the last commits, which re-ingest restores
//!   (ids are content hashes, inserts are idempotent). `FULL` would fsync every commit.
//! - page cache [`PAGE_CACHE_KIB`] = 64 MiB per connection (SQLite's default is 2 MiB): a
//!   batch inserts band keys at random places of the `lsh_bands` b-tree; with 2 MiB the
//!   pages are evicted and re-read all the time (100k documents: 8.6 s → 5.7 s, debug
//!   build). It is an upper bound, allocated only as pages are read.
//! - statement cache [`STATEMENT_CACHE`] = 64: more than the ~15 distinct statements, so
//!   hot inserts are never re-prepared.
//! - `foreign_keys = ON` on every connection (SQLite's default is off), switched on after
//!   migrating because a migration that rebuilds a table needs it off; the migration runs
//!   `PRAGMA foreign_key_check` before it commits instead.
//!
//! # Growth
//! Actors, mentions, claims and positions become new migrations that reference
//! `documents(seq)`; they cite sentences by byte span. A PostgreSQL store would keep the
//! same operations (the [`Store`]/[`Tx`] method set) over the same table layout; the SQL here
//! sticks to what both engines share, except `json_valid`/`json_array_length`
//! (PostgreSQL: `jsonb` columns) and `WITHOUT ROWID` (PostgreSQL: plain tables).

mod actors;
mod bands;
mod codec;
mod encoded;
mod error;
mod ledger;
mod migrations;
mod search;
#[cfg(test)]
mod test_support;
mod tx;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use serde::{Deserialize, Serialize};
use stancemap_model::Document;

pub use actors::{MentionCount, MentionRow, RoleFact, RoleRow, StoredMention};
pub use encoded::{EncodedDoc, LocalMention, LocalRecords};
pub use error::StoreError;
pub use ledger::ClaimFilter;
pub use migrations::{Migration, APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION};
pub use search::{fts_query, ChangeMarker, SearchHit, SnippetPart, MAX_QUERY_TERMS};
pub use tx::{Tx, MAX_NEAR_CANDIDATES};

use codec::{DocRow, DOC_COLUMNS};

/// How long a connection waits for another writer's lock before giving up (see crate docs).
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// Prepared-statement cache capacity per connection (see crate docs).
pub const STATEMENT_CACHE: usize = 64;

/// Page cache per connection, KiB (see crate docs).
pub const PAGE_CACHE_KIB: i64 = 64 * 1024;

/// The first 16 bytes of every SQLite 3 database file.
const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// Counts over the whole store.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    pub documents: u64,
    /// Documents with `duplicate_of` set.
    pub duplicates: u64,
    /// Documents with at least one repeated passage.
    pub with_repeats: u64,
    /// Distinct story ids.
    pub stories: u64,
    pub sentences: u64,
    /// Boilerplate lines removed, summed over documents.
    pub removed_lines: u64,
    /// `(language, documents)`, most documents first, ties by language code.
    pub languages: Vec<(String, u64)>,
    /// Ingest runs recorded.
    pub runs: u64,
}

/// One ingest run, as logged by [`Tx::record_run`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IngestRun {
    /// When the run started, as the caller formats it (the store never reads the clock).
    pub started: String,
    pub files: u64,
    pub ingested: u64,
    pub already_present: u64,
    pub duplicates: u64,
    /// `(source, code, message)` of every source that was skipped.
    pub skipped: Vec<(String, String, String)>,
}

/// How [`Store::open_with`] opens a store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenOptions {
    /// How long to wait for another writer's lock before [`StoreError::Busy`].
    pub busy_timeout: Duration,
}

impl Default for OpenOptions {
    fn default() -> Self {
        OpenOptions {
            busy_timeout: BUSY_TIMEOUT,
        }
    }
}

/// Where a connection points and how long it waits, for error messages.
#[derive(Debug, Clone)]
pub(crate) struct Ctx {
    path: PathBuf,
    busy_timeout: Duration,
}

impl Ctx {
    /// Map an SQLite error to a [`StoreError`] naming this store.
    fn sql(&self) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
        |e| error::classify(&self.path, self.busy_timeout, e)
    }
}

/// An open store. One per thread: writers in other threads or processes open their own.
pub struct Store {
    pub(crate) conn: Connection,
    pub(crate) ctx: Ctx,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.ctx.path)
            .finish()
    }
}

impl Store {
    /// Open (or create) the store at `path` and migrate it to [`SCHEMA_VERSION`].
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        Store::open_with(path, &OpenOptions::default())
    }

    /// [`Store::open`] with explicit options (e.g. a CLI `--wait` flag).
    pub fn open_with(path: &Path, options: &OpenOptions) -> Result<Store, StoreError> {
        let ctx = Ctx {
            path: path.to_path_buf(),
            busy_timeout: options.busy_timeout,
        };
        check_directory(path)?;
        check_header(path)?;
        // No SQLITE_OPEN_URI: a file named `file:…` is a file, not a URI.
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(ctx.sql())?;
        Store::init(conn, ctx, true)
    }

    /// A private store in memory (tests, one-shot runs).
    pub fn open_in_memory() -> Result<Store, StoreError> {
        let ctx = Ctx {
            path: PathBuf::from(":memory:"),
            busy_timeout: BUSY_TIMEOUT,
        };
        let conn = Connection::open_in_memory().map_err(ctx.sql())?;
        Store::init(conn, ctx, false)
    }

    /// Settings and migrations. Everything that could refuse the file runs before the
    /// first write, so a refused file is left byte-for-byte untouched.
    fn init(mut conn: Connection, ctx: Ctx, on_disk: bool) -> Result<Store, StoreError> {
        conn.busy_timeout(ctx.busy_timeout).map_err(ctx.sql())?;
        refuse_unusable(&conn, &ctx)?;
        if on_disk {
            enable_wal(&conn, &ctx)?;
        }
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(ctx.sql())?;
        // Negative cache_size is in KiB (SQLite's convention).
        conn.pragma_update(None, "cache_size", -PAGE_CACHE_KIB)
            .map_err(ctx.sql())?;
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        migrations::migrate(&mut conn, &ctx, MIGRATIONS)?;
        // After migrating: schema changes may rebuild tables, which needs FKs off.
        conn.pragma_update(None, "foreign_keys", true)
            .map_err(ctx.sql())?;
        Ok(Store { conn, ctx })
    }

    /// The path the store was opened from (`:memory:` for an in-memory store).
    pub fn path(&self) -> &Path {
        &self.ctx.path
    }

    /// Start a write transaction (`BEGIN IMMEDIATE`, waits up to the busy timeout).
    pub fn transaction(&mut self) -> Result<Tx<'_>, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(self.ctx.sql())?;
        Ok(Tx::new(tx, &self.ctx))
    }

    /// The schema version of the open store (`PRAGMA user_version`).
    pub fn schema_version(&self) -> Result<u32, StoreError> {
        migrations::user_version(&self.conn, &self.ctx)
    }

    /// Counts over the whole store, read from one snapshot.
    pub fn stats(&self) -> Result<Stats, StoreError> {
        let sql = self.ctx.sql();
        let snapshot = self.conn.unchecked_transaction().map_err(&sql)?;
        let (documents, duplicates, with_repeats, stories, removed_lines, sentences) = snapshot
            .query_row(
                "SELECT count(*), count(duplicate_of), \
                        coalesce(sum(json_array_length(repeats) > 0), 0), \
                        count(DISTINCT story), \
                        coalesce(sum(json_array_length(removed)), 0), \
                        coalesce(sum(length(sentence_spans) / 12), 0) \
                 FROM documents",
                [],
                |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get::<_, i64>(5)?,
                    ))
                },
            )
            .map_err(&sql)?;
        let runs = count(&snapshot, "SELECT count(*) FROM ingest_runs", &self.ctx)?;
        let languages = self.languages(&snapshot)?;
        let path = &self.ctx.path;
        Ok(Stats {
            documents: codec::from_i64(path, "documents", documents)?,
            duplicates: codec::from_i64(path, "duplicates", duplicates)?,
            with_repeats: codec::from_i64(path, "with_repeats", with_repeats)?,
            stories: codec::from_i64(path, "stories", stories)?,
            sentences: codec::from_i64(path, "sentences", sentences)?,
            removed_lines: codec::from_i64(path, "removed_lines", removed_lines)?,
            languages,
            runs,
        })
    }

    fn languages(&self, conn: &Connection) -> Result<Vec<(String, u64)>, StoreError> {
        let sql = self.ctx.sql();
        let mut stmt = conn
            .prepare_cached(
                "SELECT language, count(*) AS n FROM documents \
                 GROUP BY language ORDER BY n DESC, language",
            )
            .map_err(&sql)?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
            .map_err(&sql)?;
        rows.map(|row| {
            let (lang, n) = row.map_err(&sql)?;
            Ok((lang, codec::from_i64(&self.ctx.path, "language count", n)?))
        })
        .collect()
    }

    /// One document with its sentences, or `None` if no document has this id.
    pub fn document(&self, id: &str) -> Result<Option<Document>, StoreError> {
        read_document(&self.conn, &self.ctx, id)
    }

    /// All document ids in ingest order.
    pub fn document_ids(&self) -> Result<Vec<String>, StoreError> {
        let sql = self.ctx.sql();
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id FROM documents ORDER BY seq")
            .map_err(&sql)?;
        let rows = stmt.query_map([], |r| r.get(0)).map_err(&sql)?;
        rows.map(|r| r.map_err(&sql)).collect()
    }

    /// Streams documents in ingest order without loading all of them: one row (and its
    /// sentences) at a time, from one snapshot. Stops at the first error `f` returns.
    pub fn for_each_document(
        &self,
        mut f: impl FnMut(Document) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let sql = self.ctx.sql();
        let snapshot = self.conn.unchecked_transaction().map_err(&sql)?;
        let mut stmt = snapshot
            .prepare_cached(&format!("SELECT {DOC_COLUMNS} FROM documents ORDER BY seq"))
            .map_err(&sql)?;
        let mut rows = stmt.query([]).map_err(&sql)?;
        while let Some(row) = rows.next().map_err(&sql)? {
            let doc = DocRow::from_row(row).map_err(&sql)?;
            f(doc.into_document(&self.ctx.path)?)?;
        }
        Ok(())
    }

    /// The logged ingest runs, oldest first.
    pub fn runs(&self) -> Result<Vec<IngestRun>, StoreError> {
        let sql = self.ctx.sql();
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT run, started, files, ingested, already_present, duplicates, skipped \
                 FROM ingest_runs ORDER BY run",
            )
            .map_err(&sql)?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    [r.get::<_, i64>(2)?, r.get(3)?, r.get(4)?, r.get(5)?],
                    r.get::<_, String>(6)?,
                ))
            })
            .map_err(&sql)?;
        let path = &self.ctx.path;
        rows.map(|row| {
            let (run, started, [files, ingested, present, dups], skipped) = row.map_err(&sql)?;
            Ok(IngestRun {
                started,
                files: codec::from_i64(path, "files", files)?,
                ingested: codec::from_i64(path, "ingested", ingested)?,
                already_present: codec::from_i64(path, "already_present", present)?,
                duplicates: codec::from_i64(path, "duplicates", dups)?,
                skipped: codec::skipped_from_json(path, run, &skipped)?,
            })
        })
        .collect()
    }

    /// Full consistency check (`PRAGMA integrity_check`, `foreign_key_check`, band rows
    /// naming a stored document): slow on
    /// big stores (reads every page), meant for a `doctor` command and for tests.
    pub fn check_integrity(&self) -> Result<(), StoreError> {
        let sql = self.ctx.sql();
        let mut stmt = self.conn.prepare("PRAGMA integrity_check").map_err(&sql)?;
        let problems: Vec<String> = stmt
            .query_map([], |r| r.get(0))
            .map_err(&sql)?
            .collect::<Result<_, _>>()
            .map_err(&sql)?;
        if problems != ["ok"] {
            return Err(StoreError::corrupt(&self.ctx.path, problems.join("; ")));
        }
        let mut stmt = self
            .conn
            .prepare("PRAGMA foreign_key_check")
            .map_err(&sql)?;
        let dangling: Vec<String> = stmt
            .query_map([], |r| r.get(0))
            .map_err(&sql)?
            .collect::<Result<_, _>>()
            .map_err(&sql)?;
        if let Some(table) = dangling.first() {
            return Err(StoreError::corrupt(
                &self.ctx.path,
                format!(
                    "{} rows with dangling references, first in {table}",
                    dangling.len()
                ),
            ));
        }
        // Band rows carry no foreign key (migration 0008): check them here instead.
        let orphan_bands: i64 = self
            .conn
            .query_row(
                "SELECT count(*) FROM lsh_bands AS b \
                 WHERE NOT EXISTS (SELECT 1 FROM documents AS d WHERE d.seq = b.seq)",
                [],
                |r| r.get(0),
            )
            .map_err(&sql)?;
        if orphan_bands > 0 {
            return Err(StoreError::corrupt(
                &self.ctx.path,
                format!("{orphan_bands} lsh_bands rows name no stored document"),
            ));
        }
        Ok(())
    }

    /// The `CREATE` statements of the schema, ordered by object name (for review).
    pub fn schema_sql(&self) -> Result<Vec<String>, StoreError> {
        let sql = self.ctx.sql();
        let mut stmt = self
            .conn
            .prepare("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name")
            .map_err(&sql)?;
        let rows = stmt.query_map([], |r| r.get(0)).map_err(&sql)?;
        rows.map(|r| r.map_err(&sql)).collect()
    }
}

fn count(conn: &Connection, query: &str, ctx: &Ctx) -> Result<u64, StoreError> {
    let n: i64 = conn.query_row(query, [], |r| r.get(0)).map_err(ctx.sql())?;
    codec::from_i64(&ctx.path, query, n)
}

pub(crate) fn read_document(
    conn: &Connection,
    ctx: &Ctx,
    id: &str,
) -> Result<Option<Document>, StoreError> {
    let sql = ctx.sql();
    let mut stmt = conn
        .prepare_cached(&format!(
            "SELECT {DOC_COLUMNS} FROM documents WHERE id = ?1"
        ))
        .map_err(&sql)?;
    let mut rows = stmt.query([id]).map_err(&sql)?;
    let Some(row) = rows.next().map_err(&sql)? else {
        return Ok(None);
    };
    let doc = DocRow::from_row(row).map_err(&sql)?;
    doc.into_document(&ctx.path).map(Some)
}

/// Refuse a path whose directory is missing, with a message that says so (SQLite would
/// only say "unable to open database file").
fn check_directory(path: &Path) -> Result<(), StoreError> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => return Ok(()), // a bare file name: the current directory
    };
    if dir.is_dir() {
        return Ok(());
    }
    Err(StoreError::MissingDirectory {
        path: path.to_path_buf(),
        dir: dir.to_path_buf(),
    })
}

/// An existing, non-empty file must start with the SQLite magic; checked by reading only,
/// so a mistyped path (an article, a JSON export) is never modified. Empty files are fine:
/// SQLite treats them as a new database.
fn check_header(path: &Path) -> Result<(), StoreError> {
    if path.is_dir() {
        return Err(StoreError::NotADatabase {
            path: path.to_path_buf(),
            reason: "it is a directory".into(),
        });
    }
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(source) => {
            return Err(StoreError::Io {
                path: path.to_path_buf(),
                source,
            })
        }
    };
    let mut head = Vec::with_capacity(SQLITE_MAGIC.len());
    let read = (&mut file)
        .take(SQLITE_MAGIC.len() as u64)
        .read_to_end(&mut head);
    match read {
        Ok(0) => Ok(()),
        Ok(_) if head == SQLITE_MAGIC => Ok(()),
        Ok(n) => Err(StoreError::NotADatabase {
            path: path.to_path_buf(),
            reason: format!(
                "its first {n} bytes are not the SQLite header {:?}",
                String::from_utf8_lossy(&SQLITE_MAGIC[..15])
            ),
        }),
        Err(source) => Err(StoreError::Io {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// Read-only checks before anything is written: a newer schema or another program's
/// database is refused. One read transaction, so the version and the schema objects come
/// from the same snapshot even while another process is migrating the file.
fn refuse_unusable(conn: &Connection, ctx: &Ctx) -> Result<(), StoreError> {
    let snapshot = conn.unchecked_transaction().map_err(ctx.sql())?;
    let version = migrations::user_version(&snapshot, ctx)?;
    migrations::check_not_newer(&snapshot, ctx, SCHEMA_VERSION)?;
    migrations::check_ours(&snapshot, ctx, version)
}

/// Switch to WAL (a no-op when the file already is). Changing the journal mode needs an
/// exclusive lock and SQLite answers BUSY at once instead of calling the busy handler
/// (seen when several processes create the same store at once), so retry here, within
/// the same busy-timeout budget, with a short pause between attempts.
fn enable_wal(conn: &Connection, ctx: &Ctx) -> Result<(), StoreError> {
    let deadline = std::time::Instant::now() + ctx.busy_timeout;
    loop {
        match set_wal(conn, ctx) {
            Err(StoreError::Busy { .. }) if std::time::Instant::now() < deadline => {
                std::thread::sleep(WAL_RETRY_PAUSE);
            }
            other => return other,
        }
    }
}

/// Pause between attempts to switch to WAL: short next to a migration (milliseconds).
const WAL_RETRY_PAUSE: Duration = Duration::from_millis(5);

fn set_wal(conn: &Connection, ctx: &Ctx) -> Result<(), StoreError> {
    let current: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .map_err(ctx.sql())?;
    if current.eq_ignore_ascii_case("wal") {
        return Ok(());
    }
    let mode: String = conn
        .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))
        .map_err(ctx.sql())?;
    if mode.eq_ignore_ascii_case("wal") {
        return Ok(());
    }
    Err(StoreError::invalid(
        &ctx.path,
        "journal_mode",
        format!("the file system refused WAL mode (got {mode:?}); put the store on a local disk"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pragma_i64(store: &Store, name: &str) -> i64 {
        store
            .conn
            .pragma_query_value(None, name, |r| r.get(0))
            .expect("pragma")
    }

    #[test]
    fn every_connection_enforces_foreign_keys() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("fk.db");
        for store in [
            Store::open(&path).expect("open"),
            Store::open_in_memory().expect("mem"),
        ] {
            assert_eq!(pragma_i64(&store, "foreign_keys"), 1);
            let orphan = store.conn.execute(
                "INSERT INTO roles (seq, start, \"end\", entity, role) VALUES (424242, 0, 1, 'e', 'r')",
                [],
            );
            assert!(orphan.is_err(), "a role of a missing document is refused");
        }
    }

    #[test]
    fn file_stores_use_wal_and_normal_sync() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(&dir.path().join("w.db")).expect("open");
        let mode: String = store
            .conn
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .expect("journal_mode");
        assert_eq!(mode, "wal");
        assert_eq!(pragma_i64(&store, "synchronous"), 1, "NORMAL");
        assert_eq!(pragma_i64(&store, "busy_timeout"), 30_000);
    }

    #[test]
    fn header_check_reads_without_writing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("notes.md");
        std::fs::write(&path, "# Tariff talks\n").expect("write");
        assert!(matches!(
            check_header(&path),
            Err(StoreError::NotADatabase { .. })
        ));
        assert!(check_header(&dir.path().join("absent.db")).is_ok());
    }
}
