//! Shared server state: the store path and a small connection pool, the cached ledger,
//! the write token and the pipeline configuration for posted articles.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::Instant;

use stancemap_ingest::ReadOptions;
use stancemap_ledger::{Ledger, LedgerConfig, LedgerInput, StoryKey, StoryLedgers};
use stancemap_model::DocMeta;
use stancemap_pipeline::Config;
use stancemap_report::ExportEntity;
use stancemap_store::{ChangeMarker, Store};
use tokio::sync::Semaphore;

use crate::auth::Token;
use crate::error::{ApiError, ServerError};
use crate::etag::ETag;
use crate::prepared::Prepared;
use crate::{records, MARKER_FRESH_MS, MAX_CONCURRENT_REQUESTS, MAX_QUEUED_WRITES, POOL_IDLE};

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
    /// Posts running or waiting for `write`.
    queued_writes: AtomicUsize,
    /// Where posted articles are processed (made on the first post).
    ingest_pool: OnceLock<Result<rayon::ThreadPool, String>>,
    pool: Mutex<Vec<Store>>,
    ledger: LedgerCache,
    /// What tells this server process from another in entity tags (its start time).
    pub instance: u64,
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
    /// The entity tag of every answer computed from this view.
    pub etag: ETag,
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
    /// Held while a view is built, so concurrent builds do not pile up; holds what the
    /// next build reuses of the last one.
    building: Mutex<Kept>,
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

/// What a build reuses of the last one: the ledger of every story. The store only grows
/// (documents and their records are appended, one commit at a time), so a new state is
/// the last one plus new documents, and only their stories need a new ledger.
#[derive(Default)]
pub(crate) struct Kept {
    stories: StoryLedgers,
    /// The number of documents the kept ledgers were built from, and the first and last
    /// of their ids (to notice a store that is not the last one grown).
    documents: usize,
    ends: Option<(String, String)>,
}

impl Kept {
    /// The stories of the documents added since the last build; `None` when the store is
    /// not the last one grown (first build, or a store file replaced): every story then.
    fn changed_stories(&self, documents: &[DocMeta]) -> Option<BTreeSet<StoryKey>> {
        let kept = documents.get(..self.documents)?;
        if self.documents == 0 || ends_of(kept) != self.ends {
            return None;
        }
        let added = documents.get(self.documents..).unwrap_or_default();
        Some(added.iter().map(|d| d.story.clone()).collect())
    }

    /// Bring the kept ledgers up to `input` and return the whole ledger.
    fn update(&mut self, input: &LedgerInput) -> Ledger {
        let changed = self.changed_stories(&input.documents);
        self.stories
            .update(&LedgerConfig::default(), input, changed.as_ref());
        self.documents = input.documents.len();
        self.ends = ends_of(&input.documents);
        self.stories.ledger()
    }
}

fn ends_of(documents: &[DocMeta]) -> Option<(String, String)> {
    Some((documents.first()?.id.clone(), documents.last()?.id.clone()))
}

/// `last document.last run`: changes whenever something is written.
pub(crate) fn version_of(m: ChangeMarker) -> String {
    format!("{}.{}", m.last_document, m.last_run)
}

/// This process's start time in ms since the Unix epoch (0 if the clock is before it).
fn instance_id() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
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
                queued_writes: AtomicUsize::new(0),
                ingest_pool: OnceLock::new(),
                pool: Mutex::new(Vec::new()),
                ledger: LedgerCache::default(),
                instance: instance_id(),
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

    /// A place among the posts running or waiting, if fewer than [`MAX_QUEUED_WRITES`]
    /// hold one; it is given back when the guard is dropped.
    pub(crate) fn queue_write(&self) -> Option<QueuedWrite> {
        let queued = &self.inner.queued_writes;
        let before = queued.fetch_add(1, Ordering::AcqRel);
        let guard = QueuedWrite(Arc::clone(&self.inner));
        (before < MAX_QUEUED_WRITES).then_some(guard)
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

/// The ingest pool, or the global one when it could not be made.
pub(crate) struct IngestPool<'a>(Option<&'a rayon::ThreadPool>);

impl IngestPool<'_> {
    pub fn install<R: Send>(&self, op: impl FnOnce() -> R + Send) -> R {
        match self.0 {
            Some(pool) => pool.install(op),
            None => op(),
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

/// A post's place in the write queue (see [`AppState::queue_write`]).
pub(crate) struct QueuedWrite(Arc<Inner>);

impl Drop for QueuedWrite {
    fn drop(&mut self) {
        self.0.queued_writes.fetch_sub(1, Ordering::AcqRel);
    }
}

impl Inner {
    /// The pool posted articles are read, processed and linked on: half the cores (at
    /// least one), each thread [`crate::REBUILD_NICE`] nice values below the server. If
    /// it cannot be made, the global pool does the work (at normal priority).
    pub fn ingest_pool(&self) -> IngestPool<'_> {
        let made = self.ingest_pool.get_or_init(|| {
            let cores = std::thread::available_parallelism().map_or(1, usize::from);
            rayon::ThreadPoolBuilder::new()
                .num_threads((cores / 2).max(1))
                .thread_name(|i| format!("ingest-{i}"))
                .start_handler(|_| yield_to_requests())
                .build()
                .map_err(|e| e.to_string())
        });
        IngestPool(made.as_ref().ok())
    }

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
        let mut kept = lock(&self.ledger.building);
        let marker = store.change_marker()?;
        if let Some(view) = self.cached().filter(|v| v.marker == marker) {
            return Ok(view);
        }
        let previous = self.cached();
        let view = build_view(store, marker, self.instance, &mut kept, previous.as_deref())?;
        let view = Arc::new(view);
        *lock(&self.ledger.current) = Some(Arc::clone(&view));
        Ok(view)
    }
}

/// Read the store and build the ledger, rebuilding only the stories that changed since
/// `kept` was last updated. The marker was read first: if a write lands in between, the
/// view holds newer data under an older marker and is rebuilt on the next request, never
/// the other way round.
pub(crate) fn build_view(
    store: &Store,
    marker: ChangeMarker,
    instance: u64,
    kept: &mut Kept,
    previous: Option<&LedgerView>,
) -> Result<LedgerView, ServerError> {
    let (input, entities) = records::ledger::load_view_input(store)?;
    let ledger = kept.update(&input);
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
        etag: ETag::new(&version_of(marker), instance),
        prepared: Prepared::empty(),
    };
    view.prepared = Prepared::new(&view, previous)?;
    Ok(view)
}

#[cfg(test)]
mod tests {
    use super::*;
    use stancemap_corpusgen::{generate, GenOptions};
    use stancemap_ingest::{parse_bytes, read_paths, ReadItem};

    fn example_articles() -> Vec<String> {
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/corpus");
        read_paths(&[corpus], &ReadOptions::default())
            .filter_map(|item| match item {
                ReadItem::Article(a) => Some(a.body),
                ReadItem::Skipped(_) => None,
            })
            .collect()
    }

    /// Generated articles `(name, bytes)`.
    fn generated(seed: u64, articles: usize) -> Vec<(String, Vec<u8>)> {
        let opts = GenOptions {
            seed,
            articles,
            ..GenOptions::default()
        };
        generate(&example_articles(), &opts)
            .map(|a| (format!("s{seed}-{}", a.name), a.content.into_bytes()))
            .collect()
    }

    fn ingest(store: &mut Store, batch: &[(String, Vec<u8>)]) {
        let read = ReadOptions::default();
        let items: Vec<ReadItem> = batch
            .iter()
            .flat_map(|(name, bytes)| parse_bytes(name, bytes, &read))
            .collect();
        let cfg = Config::default();
        records::ingest(store, &cfg, items.into_iter(), 64, "t".into(), |_| {}).unwrap();
    }

    /// The view kept up to date commit by commit is the view built from scratch: the
    /// ledger, the entities and the prepared answers.
    fn assert_same_view(store: &Store, kept: &mut Kept, previous: &mut Option<LedgerView>) {
        let marker = store.change_marker().unwrap();
        let incremental = build_view(store, marker, 0, kept, previous.as_ref()).unwrap();
        let full = build_view(store, marker, 0, &mut Kept::default(), None).unwrap();
        assert_eq!(incremental.ledger, full.ledger);
        let direct = records::ledger::load(store).unwrap().1;
        assert_eq!(incremental.ledger, direct, "the CLI's ledger differs");
        assert_eq!(
            serde_json::to_string(&incremental.entities).unwrap(),
            serde_json::to_string(&full.entities).unwrap()
        );
        let all = crate::prepared::Filter::default();
        assert_eq!(
            incremental.prepared.positions(&incremental, all),
            full.prepared.positions(&full, all)
        );
        assert_eq!(
            incremental.prepared.claims(&incremental, all, 0, 1000),
            full.prepared.claims(&full, all, 0, 1000)
        );
        assert_eq!(
            incremental.prepared.claims(&incremental, all, 1000, 1000),
            full.prepared.claims(&full, all, 1000, 1000)
        );
        *previous = Some(incremental);
    }

    #[test]
    fn the_ledger_kept_across_commits_is_the_ledger_built_from_scratch() {
        let mut store = Store::open_in_memory().unwrap();
        let mut kept = Kept::default();
        let mut previous = None;
        let first = generated(42, 90);
        let later = generated(7, 60);
        ingest(&mut store, &first[..60]);
        assert_same_view(&store, &mut kept, &mut previous);
        let stories_before = kept.stories.len();
        ingest(&mut store, &first[60..]);
        assert_same_view(&store, &mut kept, &mut previous);
        // Another seed: new stories, and articles of known ones.
        ingest(&mut store, &later[..30]);
        assert_same_view(&store, &mut kept, &mut previous);
        assert!(kept.stories.len() > stories_before);
        // A re-ingest stores nothing (only an ingest run).
        ingest(&mut store, &later[..30]);
        assert_same_view(&store, &mut kept, &mut previous);
        // A copy under another URL (a new document: a duplicate, or new), a re-ingest
        // and new articles in one commit; corpusgen makes duplicates of its own too.
        let (name, bytes) = &later[0];
        let text = String::from_utf8_lossy(bytes);
        let copy = serde_json::json!({
            "title": "Copy", "url": "https://example.org/copy", "text": text
        });
        let mut mixed = vec![(format!("{name}.jsonl"), format!("{copy}\n").into_bytes())];
        mixed.extend(later[25..].iter().cloned());
        ingest(&mut store, &mixed);
        let docs = store.doc_metas().unwrap();
        assert!(docs.iter().any(|d| d.duplicate_of.is_some()));
        assert_same_view(&store, &mut kept, &mut previous);
    }
}
