//! Shared server state: the store path and a small connection pool, the cached ledger,
//! the write token and the pipeline configuration for posted articles.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use stancemap_ingest::ReadOptions;
use stancemap_ledger::{Ledger, LedgerInput};
use stancemap_model::DocMeta;
use stancemap_pipeline::Config;
use stancemap_report::ExportEntity;
use stancemap_store::{ChangeMarker, Store};
use tokio::sync::Semaphore;

use crate::auth::Token;
use crate::error::{ApiError, ServerError};
use crate::{records, MAX_CONCURRENT_REQUESTS, POOL_IDLE};

/// Cheap to clone: everything is behind one `Arc`.
#[derive(Clone)]
pub struct AppState {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub db: PathBuf,
    pub token: Option<Token>,
    pub pipeline: Config,
    pub read: ReadOptions,
    /// Only loopback `Host` headers are accepted (the server listens on loopback).
    pub loopback_only: bool,
    pub slots: Semaphore,
    /// One ingest at a time in this server.
    pub write: tokio::sync::Mutex<()>,
    pool: Mutex<Vec<Store>>,
    ledger: LedgerCache,
}

/// The ledger and what views need beside it, computed from one state of the store.
pub(crate) struct LedgerView {
    pub marker: ChangeMarker,
    pub input: LedgerInput,
    pub ledger: Ledger,
    pub entities: Vec<ExportEntity>,
    /// Document id → index into `input.documents`.
    pub doc_index: BTreeMap<String, usize>,
}

impl LedgerView {
    pub fn doc(&self, id: &str) -> Option<&DocMeta> {
        self.doc_index
            .get(id)
            .and_then(|&i| self.input.documents.get(i))
    }
}

#[derive(Default)]
struct LedgerCache {
    current: Mutex<Option<Arc<LedgerView>>>,
    /// Held while a new view is built, so concurrent misses build it once.
    building: Mutex<()>,
}

/// A poisoned lock only means another request panicked while holding it; the data
/// (a cache slot, a pool) is still usable.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl AppState {
    /// `token`: writes need it; `None` refuses writes. `loopback_only`: accept only
    /// loopback `Host` headers (set when listening on a loopback address).
    pub fn new(
        db: PathBuf,
        token: Option<String>,
        pipeline: Config,
        read: ReadOptions,
        loopback_only: bool,
    ) -> AppState {
        AppState {
            inner: Arc::new(Inner {
                db,
                token: token.map(Token::new),
                pipeline,
                read,
                loopback_only,
                slots: Semaphore::new(MAX_CONCURRENT_REQUESTS),
                write: tokio::sync::Mutex::new(()),
                pool: Mutex::new(Vec::new()),
                ledger: LedgerCache::default(),
            }),
        }
    }

    /// Run `f` on a pooled store connection in the blocking pool.
    pub(crate) async fn with_store<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store, &Inner) -> Result<T, ApiError> + Send + 'static,
    {
        let state = self.clone();
        tokio::task::spawn_blocking(move || {
            let inner = &state.inner;
            let mut store = inner.take_store()?;
            let out = f(&mut store, inner);
            inner.give_back(store);
            out
        })
        .await
        .map_err(|e| ApiError::from(ServerError::Task(e.to_string())))?
    }

    /// The current ledger view (see [`Inner::ledger_view`]).
    pub(crate) async fn ledger(&self) -> Result<Arc<LedgerView>, ApiError> {
        self.with_store(|store, inner| inner.ledger_view(store).map_err(ApiError::from))
            .await
    }
}

impl Inner {
    fn take_store(&self) -> Result<Store, ServerError> {
        if let Some(store) = lock(&self.pool).pop() {
            return Ok(store);
        }
        Ok(Store::open(&self.db)?)
    }

    fn give_back(&self, store: Store) {
        let mut pool = lock(&self.pool);
        if pool.len() < POOL_IDLE {
            pool.push(store);
        }
    }

    /// The cached view while the store has not changed; else one caller rebuilds it.
    pub fn ledger_view(&self, store: &Store) -> Result<Arc<LedgerView>, ServerError> {
        let marker = store.change_marker()?;
        if let Some(view) = self.cached(marker) {
            return Ok(view);
        }
        let _building = lock(&self.ledger.building);
        if let Some(view) = self.cached(marker) {
            return Ok(view); // built by the request we waited for
        }
        let view = Arc::new(build_view(store, marker)?);
        *lock(&self.ledger.current) = Some(Arc::clone(&view));
        Ok(view)
    }

    fn cached(&self, marker: ChangeMarker) -> Option<Arc<LedgerView>> {
        lock(&self.ledger.current)
            .as_ref()
            .filter(|v| v.marker == marker)
            .cloned()
    }

    /// Forget the cached ledger (after a write).
    pub fn invalidate_ledger(&self) {
        *lock(&self.ledger.current) = None;
    }
}

/// Read the store and build the ledger. The marker was read first: if a write lands in
/// between, the view holds newer data under an older marker and is rebuilt on the next
/// request, never the other way round.
fn build_view(store: &Store, marker: ChangeMarker) -> Result<LedgerView, ServerError> {
    let (input, ledger) = records::ledger::load(store)?;
    let entities = records::entities::load(store, None)?;
    let doc_index = input
        .documents
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.clone(), i))
        .collect();
    Ok(LedgerView {
        marker,
        input,
        ledger,
        entities,
        doc_index,
    })
}
