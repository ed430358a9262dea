//! Schema migrations: ordered SQL scripts, the schema version in `PRAGMA user_version`.
//!
//! Rule: a released migration is never edited. A schema change is a new file
//! `migrations/NNNN_name.sql` appended to [`MIGRATIONS`]; version N means "scripts 1..=N
//! applied".

use rusqlite::{Connection, TransactionBehavior};

use crate::error::StoreError;
use crate::Ctx;

/// One schema step.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    /// The schema version this script produces (1-based, consecutive).
    pub version: u32,
    pub name: &'static str,
    pub sql: &'static str,
}

/// Every migration, in order. Append only.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "documents",
        sql: include_str!("../migrations/0001_documents.sql"),
    },
    Migration {
        version: 2,
        name: "state_and_runs",
        sql: include_str!("../migrations/0002_state_and_runs.sql"),
    },
    Migration {
        version: 3,
        name: "actors",
        sql: include_str!("../migrations/0003_actors.sql"),
    },
    Migration {
        version: 4,
        name: "bands_by_seq",
        sql: include_str!("../migrations/0004_bands_by_seq.sql"),
    },
    Migration {
        version: 5,
        name: "sentences_by_seq",
        sql: include_str!("../migrations/0005_sentences_by_seq.sql"),
    },
    Migration {
        version: 6,
        name: "ledger_records",
        sql: include_str!("../migrations/0006_ledger_records.sql"),
    },
    Migration {
        version: 7,
        name: "actors_by_seq",
        sql: include_str!("../migrations/0007_actors_by_seq.sql"),
    },
    Migration {
        version: 8,
        name: "bands_without_fk",
        sql: include_str!("../migrations/0008_bands_without_fk.sql"),
    },
    Migration {
        version: 9,
        name: "documents_fts",
        sql: include_str!("../migrations/0009_documents_fts.sql"),
    },
    Migration {
        version: 10,
        name: "fts_at_commit",
        sql: include_str!("../migrations/0010_fts_at_commit.sql"),
    },
    Migration {
        version: 11,
        name: "sentence_spans",
        sql: include_str!("../migrations/0011_sentence_spans.sql"),
    },
    Migration {
        version: 12,
        name: "mention_lists",
        sql: include_str!("../migrations/0012_mention_lists.sql"),
    },
    Migration {
        version: 13,
        name: "record_lists",
        sql: include_str!("../migrations/0013_record_lists.sql"),
    },
];

/// The schema version this build writes and reads.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// `PRAGMA application_id` of a stancemap store ("STMP"): lets `file(1)` and this crate
/// tell a stancemap store from any other SQLite database.
pub const APPLICATION_ID: i32 = 0x5354_4D50;

pub(crate) fn user_version(conn: &Connection, ctx: &Ctx) -> Result<u32, StoreError> {
    let v: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(ctx.sql())?;
    u32::try_from(v).map_err(|_| StoreError::corrupt(&ctx.path, format!("user_version {v}")))
}

/// Refuse, without writing anything, a store whose schema is newer than `supported`.
pub(crate) fn check_not_newer(
    conn: &Connection,
    ctx: &Ctx,
    supported: u32,
) -> Result<(), StoreError> {
    let found = user_version(conn, ctx)?;
    if found > supported {
        return Err(StoreError::NewerSchema {
            path: ctx.path.clone(),
            found,
            supported,
        });
    }
    Ok(())
}

/// Apply the missing `migrations` in one IMMEDIATE transaction (all or nothing). The
/// version is re-read under the write lock, so two processes opening a fresh store at
/// the same time migrate it exactly once.
pub(crate) fn migrate(
    conn: &mut Connection,
    ctx: &Ctx,
    migrations: &[Migration],
) -> Result<(), StoreError> {
    let latest = migrations.last().map_or(0, |m| m.version);
    if user_version(conn, ctx)? == latest {
        return Ok(()); // the common case: no write lock taken at all
    }
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(ctx.sql())?;
    let current = user_version(&tx, ctx)?;
    check_not_newer(&tx, ctx, latest)?;
    check_ours(&tx, ctx, current)?;
    if current == 0 {
        tx.pragma_update(None, "application_id", APPLICATION_ID)
            .map_err(ctx.sql())?;
    }
    for m in migrations.iter().filter(|m| m.version > current) {
        tx.execute_batch(m.sql)
            .map_err(|source| StoreError::Migration {
                path: ctx.path.clone(),
                version: m.version,
                name: m.name,
                source,
            })?;
        tx.pragma_update(None, "user_version", m.version)
            .map_err(ctx.sql())?;
    }
    check_foreign_keys(&tx, ctx)?;
    tx.commit().map_err(ctx.sql())
}

/// Migrations run with foreign keys off (table rebuilds need that), so check them
/// before committing: a migration must never leave dangling references behind.
fn check_foreign_keys(conn: &Connection, ctx: &Ctx) -> Result<(), StoreError> {
    let mut stmt = conn
        .prepare("PRAGMA foreign_key_check")
        .map_err(ctx.sql())?;
    let mut rows = stmt.query([]).map_err(ctx.sql())?;
    match rows.next().map_err(ctx.sql())? {
        None => Ok(()),
        Some(row) => {
            let table: String = row.get(0).map_err(ctx.sql())?;
            Err(StoreError::corrupt(
                &ctx.path,
                format!("after migrating, table {table} has rows with dangling references"),
            ))
        }
    }
}

/// A version-0 file must be empty, and a versioned one must carry our application id:
/// otherwise it is somebody else's database and migrating it would damage it.
pub(crate) fn check_ours(conn: &Connection, ctx: &Ctx, version: u32) -> Result<(), StoreError> {
    let app_id: i32 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .map_err(ctx.sql())?;
    let objects: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
        .map_err(ctx.sql())?;
    let foreign = |reason: String| StoreError::ForeignDatabase {
        path: ctx.path.clone(),
        reason,
    };
    if version == 0 && objects > 0 {
        return Err(foreign(format!(
            "it has {objects} schema objects but no stancemap schema version"
        )));
    }
    if version > 0 && app_id != APPLICATION_ID {
        return Err(foreign(format!(
            "application_id is {app_id:#x}, a stancemap store has {APPLICATION_ID:#x}"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_consecutive_and_named_like_their_files() {
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert_eq!(
                m.version as usize,
                i + 1,
                "migration {} out of order",
                m.name
            );
            assert!(!m.sql.trim().is_empty());
        }
        assert_eq!(SCHEMA_VERSION, 13);
    }

    fn ctx() -> Ctx {
        Ctx {
            path: "test.db".into(),
            busy_timeout: crate::BUSY_TIMEOUT,
        }
    }

    const STEPS: &[Migration] = &[
        Migration {
            version: 1,
            name: "a",
            sql: "CREATE TABLE a (x INTEGER);",
        },
        Migration {
            version: 2,
            name: "b",
            sql: "CREATE TABLE b (y INTEGER); INSERT INTO b VALUES (1);",
        },
        // Fails halfway: c is created, then the bad statement aborts the script.
        Migration {
            version: 3,
            name: "broken",
            sql: "CREATE TABLE c (z); INSERT INTO no_such_table VALUES (1);",
        },
    ];

    fn tables(conn: &Connection) -> Vec<String> {
        let mut stmt = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .expect("prepare");
        let rows = stmt.query_map([], |r| r.get(0)).expect("query");
        rows.map(|r| r.expect("row")).collect()
    }

    #[test]
    fn missing_steps_are_applied_in_order_and_set_the_version() {
        let mut conn = Connection::open_in_memory().expect("open");
        migrate(&mut conn, &ctx(), &STEPS[..1]).expect("to 1");
        assert_eq!(user_version(&conn, &ctx()).expect("version"), 1);
        migrate(&mut conn, &ctx(), &STEPS[..2]).expect("to 2");
        assert_eq!(user_version(&conn, &ctx()).expect("version"), 2);
        assert_eq!(tables(&conn), ["a", "b"]);
        migrate(&mut conn, &ctx(), &STEPS[..2]).expect("already there: no-op");
    }

    #[test]
    fn a_failing_step_rolls_back_every_step_of_the_run() {
        let mut conn = Connection::open_in_memory().expect("open");
        let err = migrate(&mut conn, &ctx(), STEPS).expect_err("step 3 fails");
        assert!(err.to_string().contains("0003_broken"), "{err}");
        assert_eq!(user_version(&conn, &ctx()).expect("version"), 0);
        assert!(tables(&conn).is_empty(), "steps 1 and 2 rolled back too");
    }

    #[test]
    fn newer_store_is_refused_by_migrate_too() {
        let mut conn = Connection::open_in_memory().expect("open");
        migrate(&mut conn, &ctx(), &STEPS[..2]).expect("to 2");
        let err = migrate(&mut conn, &ctx(), &STEPS[..1]).expect_err("newer");
        assert!(matches!(
            err,
            StoreError::NewerSchema {
                found: 2,
                supported: 1,
                ..
            }
        ));
    }

    #[test]
    fn every_migration_file_is_listed() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .expect("migrations dir")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".sql"))
            .collect();
        files.sort();
        let listed: Vec<String> = MIGRATIONS
            .iter()
            .map(|m| format!("{:04}_{}.sql", m.version, m.name))
            .collect();
        assert_eq!(files, listed);
    }
}
