//! Shared server state: the store path and a small connection pool, the cached ledger,
//! the write token and the pipeline configuration for posted articles.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use stancemap_ingest::ReadOptions;
use stancemap_ledger::{Ledger, LedgerInput};
use stancemap_model::DocMeta;
use stancemap_pipeline::Config;
use stancemap_report::ExportEntity;
use stancemap_store::{ChangeMarker, Store};
use tokio::sync::Semaphore;

use crate::auth::Token;
use crate::error::{ApiError, ServerError};
use crate::prepared::Prepared;
use crate::{records, MARKER_FRESH_MS, MAX_CONCURRENT_REQUESTS, POOL_IDLE};

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
    /// `version_of(marker)`.
    version: String,
    /// The positions and claims answers, serialised once per view.
    pub prepared: Prepared,
}

impl LedgerView {
    /// The store state this view was computed from, as `/api/stats` reports it.
    pub fn version(&self) -> &str {
        &self.version
    }

    pub fn doc(&self, id: &str) -> Option<&DocMeta> {
        self.doc_index
            .get(id)
            .and_then(|&i| self.input.documents.get(i))
    }
}

struct LedgerCache {
    current: Mutex<Option<Arc<LedgerView>>>,
    /// Held while a view is built, so concurrent builds do not pile up.
    building: Mutex<()>,
    /// A background rebuild is running (at most one).
    refreshing: AtomicBool,
    /// When a request last claimed the read of the store's change marker, in ms since
    /// `epoch` plus one (0: never, or a write of this server asked for a fresh read).
    /// Within [`MARKER_FRESH_MS`] of it, requests take the cached view without a store
    /// round trip: one marker read per window instead of one per request.
    checked_at: AtomicU64,
    epoch: Instant,
}

impl Default for LedgerCache {
    fn default() -> Self {
        LedgerCache {
            current: Mutex::default(),
            building: Mutex::default(),
            refreshing: AtomicBool::default(),
            checked_at: AtomicU64::new(0),
            epoch: Instant::now(),
        }
    }
}

impl LedgerCache {
    fn now_ms(&self) -> u64 {
        u64::try_from(self.epoch.elapsed().as_millis())
            .unwrap_or(u64::MAX - 1)
            .saturating_add(1)
    }

    /// `true` when this caller should read the change marker: the last read is older
    /// than the window and no other request claimed the read since (compare-exchange, so
    /// under load one request per window reads the marker and the rest do not wait).
    fn claim_marker_read(&self) -> bool {
        let last = self.checked_at.load(Ordering::Acquire);
        let now = self.now_ms();
        if last != 0 && now.saturating_sub(last) < MARKER_FRESH_MS {
            return false;
        }
        self.checked_at
            .compare_exchange(last, now, Ordering::AcqRel, Ordering::Acquire)
            .is_ok()
    }

    /// The next request reads the marker again (after a write of this server).
    fn forget_marker_read(&self) {
        self.checked_at.store(0, Ordering::Release);
    }
}

/// `last document.last run`: changes whenever something is written.
pub(crate) fn version_of(m: ChangeMarker) -> String {
    format!("{}.{}", m.last_document, m.last_run)
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

    /// The ledger view: the cached one while the store has not changed. After a change,
    /// the first request ever waits for the build; later ones get the previous view at
    /// once while one background thread builds the new one (stale for at most one build,
    /// a second or two on a large store; the view's `version` tells clients which state
    /// they see). A rebuild never blocks readers behind it.
    pub(crate) async fn ledger(&self) -> Result<Arc<LedgerView>, ApiError> {
        let inner = &self.inner;
        if !inner.ledger.claim_marker_read() {
            if let Some(view) = inner.cached() {
                return Ok(view);
            }
        }
        let state = self.clone();
        self.with_store(move |store, inner| {
            let marker = store.change_marker().map_err(ServerError::from)?;
            match inner.cached() {
                Some(view) if view.marker == marker => Ok(view),
                Some(stale) => {
                    state.refresh_in_background();
                    Ok(stale)
                }
                None => inner.build_now(store).map_err(ApiError::from),
            }
        })
        .await
    }

    /// After a write of this server: the next request reads the marker again (no window),
    /// and the rebuild starts now.
    pub(crate) fn after_write(&self) {
        self.inner.ledger.forget_marker_read();
        self.refresh_in_background();
    }

    /// Rebuild the view in a background thread (at most one at a time): after a write,
    /// so the next reader finds it fresh or nearly so.
    pub(crate) fn refresh_in_background(&self) {
        let ledger = &self.inner.ledger;
        if ledger.refreshing.swap(true, Ordering::AcqRel) {
            return; // one is running
        }
        let state = self.clone();
        let spawned = std::thread::Builder::new()
            .name("ledger-refresh".into())
            .spawn(move || {
                yield_to_requests();
                let inner = &state.inner;
                let result = inner.take_store().and_then(|store| {
                    let built = inner.build_now(&store);
                    inner.give_back(store);
                    built
                });
                if let Err(e) = result {
                    eprintln!("stancemap serve: rebuilding the ledger failed: {e}");
                }
                inner.ledger.refreshing.store(false, Ordering::Release);
            });
        if spawned.is_err() {
            ledger.refreshing.store(false, Ordering::Release);
        }
    }
}

/// Lower this thread's scheduling priority by [`crate::REBUILD_NICE`] (nice values): a
/// rebuild takes a second or two of CPU, and at equal priority it took a core from the
/// request threads (tail latency) while readers had a complete, if slightly older, view
/// to serve.
fn yield_to_requests() {
    #[cfg(target_os = "linux")]
    {
        use rustix::process::{getpriority_process, setpriority_process};
        // PRIO_PROCESS with a thread id reads and sets that thread's nice value only
        // (Linux). If it cannot be set, the rebuild runs at the server's priority.
        let tid = Some(rustix::thread::gettid());
        let now = getpriority_process(tid).unwrap_or(0);
        let _ = setpriority_process(tid, now.saturating_add(crate::REBUILD_NICE).min(19));
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

    fn cached(&self) -> Option<Arc<LedgerView>> {
        lock(&self.ledger.current).clone()
    }

    /// Build the view of the store as it is now (unless a build that finished while we
    /// waited for the lock already did) and cache it.
    fn build_now(&self, store: &Store) -> Result<Arc<LedgerView>, ServerError> {
        let _building = lock(&self.ledger.building);
        let marker = store.change_marker()?;
        if let Some(view) = self.cached().filter(|v| v.marker == marker) {
            return Ok(view);
        }
        let view = Arc::new(build_view(store, marker)?);
        *lock(&self.ledger.current) = Some(Arc::clone(&view));
        Ok(view)
    }
}

/// Read the store and build the ledger. The marker was read first: if a write lands in
/// between, the view holds newer data under an older marker and is rebuilt on the next
/// request, never the other way round.
pub(crate) fn build_view(store: &Store, marker: ChangeMarker) -> Result<LedgerView, ServerError> {
    let (input, ledger) = records::ledger::load(store)?;
    let entities = records::entities::load(store, None)?;
    let doc_index = input
        .documents
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.clone(), i))
        .collect();
    let mut view = LedgerView {
        marker,
        input,
        ledger,
        entities,
        doc_index,
        version: version_of(marker),
        prepared: Prepared::empty(),
    };
    view.prepared = Prepared::new(&view)?;
    Ok(view)
}
