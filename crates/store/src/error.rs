//! The one error type of the store, and the mapping from SQLite result codes to it.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::ErrorCode;

/// Everything that can go wrong in the store. Every variant that concerns a database file
/// names its path (`:memory:` for an in-memory store) and the reason.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file exists but is not an SQLite database. It was not modified.
    #[error("{}: not a stancemap store: {reason} (the file was left untouched)", .path.display())]
    NotADatabase { path: PathBuf, reason: String },

    /// An SQLite database of some other program (it has tables but no stancemap marks).
    #[error("{}: an SQLite database of another application: {reason} (left untouched)", .path.display())]
    ForeignDatabase { path: PathBuf, reason: String },

    /// The store was written by a newer stancemap. It was not modified.
    #[error(
        "{}: store schema version {found} is newer than this stancemap supports ({supported}); \
         upgrade stancemap (the store was left untouched)",
        .path.display()
    )]
    NewerSchema {
        path: PathBuf,
        found: u32,
        supported: u32,
    },

    /// The directory that should hold the store does not exist (it is not created, so a
    /// typo in a path does not silently scatter stores around).
    #[error("{}: cannot create the store: directory {} does not exist", .path.display(), .dir.display())]
    MissingDirectory { path: PathBuf, dir: PathBuf },

    /// Another writer held the store longer than the busy timeout.
    #[error(
        "{}: the store is busy: another process kept it locked for more than {timeout_ms} ms",
        .path.display()
    )]
    Busy { path: PathBuf, timeout_ms: u128 },

    /// Stored data that does not decode (bad JSON column, negative offset, odd-length
    /// signature, damaged file).
    #[error("{}: the store is corrupt: {reason}", .path.display())]
    Corrupt { path: PathBuf, reason: String },

    /// A migration script failed; nothing of that run was applied.
    #[error(
        "{}: migration {version:04}_{name} failed, the store stays at its previous version: {source}",
        .path.display()
    )]
    Migration {
        path: PathBuf,
        version: u32,
        name: &'static str,
        #[source]
        source: rusqlite::Error,
    },

    /// A document points at another document that is not stored.
    #[error(
        "{}: document {id} has {field} = {target}, but no document {target} is stored",
        .path.display()
    )]
    UnknownReference {
        path: PathBuf,
        id: String,
        field: &'static str,
        target: String,
    },

    /// A value handed to the store that it cannot keep (e.g. `save_state` with text that
    /// is not JSON, a count above `i64::MAX`).
    #[error("{}: invalid value for {what}: {reason}", .path.display())]
    InvalidValue {
        path: PathBuf,
        what: String,
        reason: String,
    },

    /// Reading file metadata before opening failed.
    #[error("{}: {source}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// Any other SQLite failure.
    #[error("{}: SQLite error: {source}", .path.display())]
    Sqlite {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },

    /// The caller's callback (e.g. in [`crate::Store::for_each_document`]) failed.
    #[error("{0}")]
    Callback(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl StoreError {
    /// Wrap an error of the caller's own callback.
    pub fn callback(error: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        StoreError::Callback(error.into())
    }

    pub(crate) fn corrupt(path: &Path, reason: impl Into<String>) -> Self {
        StoreError::Corrupt {
            path: path.to_path_buf(),
            reason: reason.into(),
        }
    }

    pub(crate) fn invalid(path: &Path, what: impl Into<String>, reason: impl Into<String>) -> Self {
        StoreError::InvalidValue {
            path: path.to_path_buf(),
            what: what.into(),
            reason: reason.into(),
        }
    }
}

/// Classify an SQLite error: lock time-outs, non-databases and damaged files get their
/// own variants because the caller reacts differently (retry, fix the path, restore).
pub(crate) fn classify(path: &Path, busy_timeout: Duration, error: rusqlite::Error) -> StoreError {
    let path = path.to_path_buf();
    match error.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy {
            path,
            timeout_ms: busy_timeout.as_millis(),
        },
        Some(ErrorCode::NotADatabase) => StoreError::NotADatabase {
            path,
            reason: error.to_string(),
        },
        Some(ErrorCode::DatabaseCorrupt) => StoreError::Corrupt {
            path,
            reason: error.to_string(),
        },
        _ => StoreError::Sqlite {
            path,
            source: error,
        },
    }
}
