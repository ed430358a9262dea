//! `stancemap serve`: a JSON API and a dashboard over a store, and the store edge the CLI
//! shares ([`records`]: the store as the pipeline's corpus, one ingest batch per
//! transaction, the ledger and entities read back from stored records).
//!
//! # Design decisions
//! - **axum on tokio; SQLite off the async threads.** rusqlite blocks, so every store
//!   access runs in `spawn_blocking` on a connection from a small pool ([`state`]). The
//!   store is in WAL mode: reads see a snapshot and keep working while an ingest writes.
//! - **The ledger is cached, not stored.** It is computed from the stored records (as the
//!   CLI does) and kept with the store's [`stancemap_store::ChangeMarker`] (last document,
//!   last ingest run). After a change the first request ever waits for a build;
//!   afterwards readers get the previous view at once while one background thread builds
//!   the next (a rebuild behind every commit made all readers wait seconds under
//!   ingest). That thread runs [`REBUILD_NICE`] = 10 nice values below the server
//!   (Linux): under load it gets the CPU the requests leave, so the view may lag a few
//!   seconds more, but the rebuild (a second or two of CPU per 2 000 articles) no longer
//!   takes a core from the requests. Answers carry the `version` they show,
//!   `/api/stats` the store's: clients compare them. A POST starts the rebuild at once.
//! - **A rebuild redoes only the stories a commit touched.** The store only grows
//!   (documents with their records, one commit at a time) and every part of the ledger
//!   lives inside one story, so the server keeps the ledger per story
//!   (`stancemap_ledger::StoryLedgers`) and after a commit rebuilds the stories of the
//!   new documents (and those whose entity names changed); the rest is reused. The
//!   records are still read back in full (the store's read API has no "since"), once
//!   per table. A test checks the view kept across commits against one built from
//!   scratch, byte for byte.
//! - **Conditional GETs.** Every answer computed from one store state carries an `ETag`
//!   (the `version` plus this server instance's start time) and `Cache-Control:
//!   no-cache`; `If-None-Match` with that tag gets `304 Not Modified` and no body
//!   (`src/etag.rs`). The dashboard's `fetch` revalidates, so its refresh after every
//!   write costs 304s while the ledger has not changed.
//! - **Posted articles are processed beside the reads, not instead of them.** `POST
//!   /api/documents` reads, processes and links on its own pool of half the cores (at
//!   least one thread) at [`REBUILD_NICE`] below the server, one post at a time; at most
//!   [`MAX_QUEUED_WRITES`] posts run or wait, further ones get 503 `busy` (a waiting post
//!   holds a request slot that a reader could use).
//! - **Requests do no per-request work they can share.** The positions and claims answers
//!   are prepared once per view (`src/prepared.rs`): every position and claim serialised
//!   once into one buffer, indexed by party, topic, story and document, so a request
//!   picks indices and copies byte ranges into one body (the unfiltered positions body is
//!   shared, not copied). The change marker (two primary-key maxima) is read at most once
//!   per [`MARKER_FRESH_MS`] = 5 ms: one request claims the read (an atomic timestamp),
//!   the others take the cached view without a store round trip, so a write by another
//!   process is noticed at most 5 ms later (a write through this server resets the
//!   window). What remains per request is mostly the kernel copying the body to the
//!   socket (a 560 KB positions body for 2 000 articles).
//! - **Writes need a token.** `POST /api/documents` needs `Authorization: Bearer <token>`;
//!   without a configured token writes are refused (403 `writes-disabled`); a missing or
//!   wrong token is 401. Tokens are compared in constant time. One ingest at a time per
//!   server (SQLite has one writer anyway; queuing here keeps the busy timeout for other
//!   processes).
//! - **Loopback by default**, and then the `Host` header must name the loopback
//!   (`localhost`, `127.0.0.1`, `[::1]`): a web page that rebinds its DNS name to
//!   127.0.0.1 cannot read the API through the analyst's browser.
//! - **Text only.** The API returns article text as JSON strings; highlights are given as
//!   parts (`{text, mark}`) or UTF-16 offsets, never as markup. The dashboard inserts every
//!   article string with `textContent`/`createTextNode`, and every response carries a
//!   Content-Security-Policy without inline scripts, so even a mistake there cannot run a
//!   script from an article.
//! - **Errors** are JSON `{"code", "message"}` with a stable code (see [`ApiError`]);
//!   internal failures are logged in full and answered without file paths.
//! - **Static assets** (dashboard HTML/CSS/JS, the OpenAPI document) are compiled in with
//!   `include_str!`: no files beside the binary, no CDN, no build step.
//!
//! # Limits (and why these values)
//! - [`MAX_BODY_BYTES`] = 8 MiB: a long article as HTML is a few hundred KiB; 8 MiB
//!   admits a JSON-lines batch of a few thousand articles yet bounds one request's memory.
//! - [`REQUEST_TIMEOUT`] = 30 s: the same budget as the store's busy timeout; building the
//!   ledger of 100k claims takes a few seconds, an ingest of a posted batch less.
//! - [`MAX_CONCURRENT_REQUESTS`] = 64: more than the blocking pool can serve usefully on
//!   a laptop's cores; further requests wait (inside the timeout) instead of piling up
//!   connections and memory.
//! - [`POOL_IDLE`] = 8 idle connections kept: each may hold up to 64 MiB of page cache;
//!   eight cover the parallelism of a laptop, more are opened on demand and closed after.
//! - Claims page: default [`DEFAULT_PAGE`] = 100, at most [`MAX_PAGE`] = 1000 (a page a
//!   browser renders quickly); search: default 20, at most 100 hits.

mod api;
mod assets;
mod auth;
pub mod clock;
mod error;
mod etag;
mod middleware;
mod prepared;
pub mod records;
mod state;
mod views;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use axum::Router;
use stancemap_ingest::ReadOptions;
use stancemap_pipeline::Config;

pub use error::{ApiError, ServerError};
pub use state::AppState;

/// Largest request body accepted (see crate docs).
pub const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;
/// Longest a request may take, waiting for a slot included (see crate docs).
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// Requests served at once; the rest wait (see crate docs).
pub const MAX_CONCURRENT_REQUESTS: usize = 64;
/// How long a read of the store's change marker stands for all requests (see crate docs).
pub const MARKER_FRESH_MS: u64 = 5;
/// How much lower (in nice values) the background ledger rebuild runs than the server
/// (see crate docs).
pub const REBUILD_NICE: i32 = 10;
/// Posts running or waiting to be stored at once; more are answered 503 `busy` (see
/// crate docs).
pub const MAX_QUEUED_WRITES: usize = 4;
/// Idle store connections kept open (see crate docs).
pub const POOL_IDLE: usize = 8;
/// Claims per page by default and at most.
pub const DEFAULT_PAGE: usize = 100;
pub const MAX_PAGE: usize = 1000;

/// The default address: loopback only.
pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";

/// Everything [`serve`] needs.
pub struct ServerConfig {
    pub db: PathBuf,
    pub addr: SocketAddr,
    /// The bearer token for writes; `None` refuses every write.
    pub token: Option<String>,
    /// The pipeline configuration posted articles are processed with.
    pub pipeline: Config,
    pub read: ReadOptions,
}

/// The API and the dashboard as a router (tests drive it without a socket).
pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .route("/api/positions", get(api::positions))
        .route("/api/claims", get(api::claims))
        .route("/api/agreements", get(api::agreements))
        .route("/api/meetings", get(api::meetings))
        .route("/api/contradictions", get(api::contradictions))
        .route("/api/actors", get(api::actors))
        .route("/api/stories", get(api::stories))
        .route("/api/stats", get(api::stats))
        .route("/api/documents", axum::routing::post(api::post_documents))
        .route("/api/documents/{id}", get(api::document))
        .route("/api/search", get(api::search))
        .route("/api/openapi.json", get(assets::openapi));
    api.merge(assets::routes())
        .fallback(api::unknown_route)
        .method_not_allowed_fallback(api::method_not_allowed)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::guard,
        ))
        .with_state(state)
}

/// [`serve`] on a new multi-threaded tokio runtime, for callers without one (the CLI).
pub fn run(cfg: ServerConfig) -> Result<(), ServerError> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(serve(cfg))
}

/// Serve until SIGINT or SIGTERM; requests in flight are finished first.
pub async fn serve(cfg: ServerConfig) -> Result<(), ServerError> {
    let listener = tokio::net::TcpListener::bind(cfg.addr)
        .await
        .map_err(|source| ServerError::Bind {
            addr: cfg.addr,
            source,
        })?;
    let addr = listener.local_addr()?;
    let state = AppState::new(
        cfg.db,
        cfg.token,
        cfg.pipeline,
        cfg.read,
        cfg.addr.ip().is_loopback(),
    );
    eprintln!("stancemap serve: listening on http://{addr}/");
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    eprintln!("stancemap serve: stopped");
    Ok(())
}

/// Resolves on Ctrl-C (SIGINT) or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        // If the handler cannot be installed, never resolve: SIGTERM still works.
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}

/// The view the server caches after each commit, built as the server builds it (for
/// `examples/rebuild.rs`, which times it).
#[doc(hidden)]
#[derive(Default)]
pub struct BenchRebuild {
    kept: state::Kept,
    previous: Option<state::LedgerView>,
}

impl BenchRebuild {
    /// Build the view of the store as it is now: from what the last call kept when
    /// `incremental`, else from scratch (and keep nothing).
    pub fn build(
        &mut self,
        store: &stancemap_store::Store,
        incremental: bool,
    ) -> Result<(), ServerError> {
        let marker = store.change_marker()?;
        if !incremental {
            return state::build_view(store, marker, 0, &mut state::Kept::default(), None)
                .map(drop);
        }
        let view = state::build_view(store, marker, 0, &mut self.kept, self.previous.as_ref())?;
        self.previous = Some(view);
        Ok(())
    }
}
