//! Load benchmark: many concurrent clients on `GET /api/positions` and `GET /api/claims`
//! while an ingest writes to the same store.
//!
//! ```sh
//! # the honest one: only the clients in this process, the server in another
//! cargo run --release -p stancemap-server --example load -- connect ADDR [CLIENTS] [SECONDS] [SERVER_PID]
//! # all in one process (server, clients, ingest)
//! cargo run --release -p stancemap-server --example load -- [ARTICLES] [CLIENTS] [SECONDS] [INGEST]
//! ```
//! `connect` mode drives a running `stancemap serve` at ADDR (start the ingest in a third
//! process yourself); with SERVER_PID it also reports the server's CPU time (user and
//! system, from `/proc`) over the run and per request, and its own.
//!
//! In-process defaults: 2000 articles stored first, 100 clients, 10 s, 500 more articles ingested
//! during the run (by another connection, as `stancemap ingest` in another process would,
//! in batches of 50). The corpus is `crates/corpusgen` over the example corpus (seed 42;
//! the articles ingested during the run use seed 7). Each client keeps one HTTP/1.1
//! connection and alternates positions and a page of 100 claims (offsets cycling through
//! the first 2000 claims). Prints requests/s, p50/p90/p99/max latency per endpoint and the
//! error count (any status but 200, or a broken connection).

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use stancemap_corpusgen::{generate, GenOptions};
use stancemap_ingest::{parse_bytes, read_paths, ReadItem, ReadOptions};
use stancemap_pipeline::Config;
use stancemap_server::{records, router, AppState};
use stancemap_store::Store;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

/// Articles per ingest transaction during the run.
const INGEST_BATCH: usize = 50;

fn arg(n: usize, default: usize) -> usize {
    std::env::args()
        .nth(n)
        .and_then(|a| a.parse().ok())
        .unwrap_or(default)
}

fn main() {
    if std::env::args().nth(1).as_deref() == Some("connect") {
        connect_mode();
        return;
    }
    let (articles, clients, seconds, more) = (arg(1, 2000), arg(2, 100), arg(3, 10), arg(4, 500));
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("load.db");
    let templates = templates();
    let started = Instant::now();
    ingest(&db, &templates, 42, articles, articles);
    eprintln!(
        "stored {articles} generated articles in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(run(db, templates, clients, seconds, more));
}

/// `connect ADDR [CLIENTS] [SECONDS] [SERVER_PID]`: only the clients, against a server
/// running in another process.
fn connect_mode() {
    let addr: std::net::SocketAddr = std::env::args()
        .nth(2)
        .and_then(|a| a.parse().ok())
        .expect("connect ADDR: give the server's address, e.g. 127.0.0.1:8080");
    let (clients, seconds) = (arg(3, 100), arg(4, 10));
    let server = std::env::args().nth(5).and_then(|a| a.parse::<u32>().ok());
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let before = (server.and_then(cpu_ticks), cpu_ticks_self());
    let results = rt.block_on(drive(addr, clients, seconds));
    let after = (server.and_then(cpu_ticks), cpu_ticks_self());
    println!("{clients} clients, {seconds} s, server {addr} in another process");
    report(&results, seconds);
    let requests = results.len().max(1) as f64;
    if let (Some(a), Some(b)) = (before.0, after.0) {
        let secs = ticks_to_secs(b.saturating_sub(a));
        println!(
            "server CPU {secs:.2} s over the run ({:.0} % of one core), {:.3} ms per request",
            secs / seconds as f64 * 100.0,
            secs / requests * 1e3
        );
    }
    if let (Some(a), Some(b)) = (before.1, after.1) {
        let secs = ticks_to_secs(b.saturating_sub(a));
        println!(
            "load generator CPU {secs:.2} s ({:.3} ms per request)",
            secs / requests * 1e3
        );
    }
}

/// utime + stime of a process in clock ticks (Linux `/proc/PID/stat`).
fn cpu_ticks(pid: u32) -> Option<u64> {
    stat_ticks(&std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?)
}

fn cpu_ticks_self() -> Option<u64> {
    stat_ticks(&std::fs::read_to_string("/proc/self/stat").ok()?)
}

fn stat_ticks(stat: &str) -> Option<u64> {
    // Fields after the command name (which may hold spaces) start at field 3.
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    Some(f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?)
}

/// Linux reports in USER_HZ, 100 on every common configuration.
fn ticks_to_secs(ticks: u64) -> f64 {
    ticks as f64 / 100.0
}

fn templates() -> Vec<String> {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/corpus");
    read_paths(&[corpus], &ReadOptions::default())
        .filter_map(|item| match item {
            ReadItem::Article(a) => Some(a.body),
            ReadItem::Skipped(_) => None,
        })
        .collect()
}

/// Ingest `count` generated articles (seed `seed`) in batches of `batch`.
fn ingest(db: &Path, templates: &[String], seed: u64, count: usize, batch: usize) {
    let opts = GenOptions {
        seed,
        articles: count,
        ..GenOptions::default()
    };
    let cfg = Config::default();
    let mut store = Store::open(db).expect("store");
    let read = ReadOptions::default();
    let all: Vec<_> = generate(templates, &opts).collect();
    for chunk in all.chunks(batch.max(1)) {
        let items: Vec<ReadItem> = chunk
            .iter()
            .flat_map(|a| parse_bytes(&format!("s{seed}-{}", a.name), a.content.as_bytes(), &read))
            .collect();
        records::ingest(
            &mut store,
            &cfg,
            items.into_iter(),
            256,
            "load".into(),
            |_| {},
        )
        .expect("ingest");
    }
}

async fn run(
    db: std::path::PathBuf,
    templates: Vec<String>,
    clients: usize,
    seconds: usize,
    more: usize,
) {
    let state = AppState::new(
        db.clone(),
        None,
        Config::default(),
        ReadOptions::default(),
        true,
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, router(state)).await });
    // Warm the ledger cache once, as a dashboard would.
    let warm = Instant::now();
    let mut conn = Conn::open(addr).await;
    let _ = conn.get("/api/positions").await;
    eprintln!(
        "first /api/positions (ledger built): {:.0} ms",
        warm.elapsed().as_secs_f64() * 1e3
    );

    let writer = std::thread::spawn(move || {
        let t = Instant::now();
        ingest(&db, &templates, 7, more, INGEST_BATCH);
        t.elapsed()
    });
    let results = drive(addr, clients, seconds).await;
    let ingest_time = writer.join().expect("writer");
    println!(
        "{clients} clients, {seconds} s, {more} articles ingested meanwhile in {:.1} s",
        ingest_time.as_secs_f64()
    );
    report(&results, seconds);
}

/// `clients` closed-loop clients for `seconds`; every sample.
async fn drive(addr: std::net::SocketAddr, clients: usize, seconds: usize) -> Vec<Sample> {
    let deadline = Instant::now() + Duration::from_secs(seconds as u64);
    let results = Arc::new(std::sync::Mutex::new(Vec::new()));
    let mut tasks = Vec::new();
    for c in 0..clients {
        let results = Arc::clone(&results);
        tasks.push(tokio::spawn(async move {
            let mut local = client(addr, c, deadline).await;
            results.lock().expect("results").append(&mut local);
        }));
    }
    for t in tasks {
        t.await.expect("client");
    }
    let results = std::mem::take(&mut *results.lock().expect("results"));
    results
}

/// (endpoint index, latency, ok)
type Sample = (usize, Duration, bool);

async fn client(addr: std::net::SocketAddr, id: usize, deadline: Instant) -> Vec<Sample> {
    let mut samples = Vec::new();
    let mut conn = Conn::open(addr).await;
    let mut n = id;
    while Instant::now() < deadline {
        let (kind, path) = if n % 2 == 0 {
            (0, "/api/positions".to_string())
        } else {
            (
                1,
                format!("/api/claims?offset={}&limit=100", (n * 100) % 2000),
            )
        };
        n += 1;
        let t = Instant::now();
        let ok = match conn.get(&path).await {
            Some(status) => status == 200,
            None => {
                conn = Conn::open(addr).await;
                false
            }
        };
        samples.push((kind, t.elapsed(), ok));
    }
    samples
}

struct Conn {
    reader: BufReader<TcpStream>,
}

impl Conn {
    async fn open(addr: std::net::SocketAddr) -> Conn {
        let stream = TcpStream::connect(addr).await.expect("connect");
        Conn {
            reader: BufReader::new(stream),
        }
    }

    /// One keep-alive GET; the status, or `None` when the connection broke.
    async fn get(&mut self, path: &str) -> Option<u16> {
        let req = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        self.reader.get_mut().write_all(req.as_bytes()).await.ok()?;
        let mut line = String::new();
        self.reader.read_line(&mut line).await.ok()?;
        let status = line.split_whitespace().nth(1)?.parse().ok()?;
        let mut length = 0usize;
        loop {
            line.clear();
            if self.reader.read_line(&mut line).await.ok()? == 0 {
                return None;
            }
            if line == "\r\n" {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse().ok()?;
                }
            }
        }
        let mut body = vec![0; length];
        self.reader.read_exact(&mut body).await.ok()?;
        Some(status)
    }
}

fn report(samples: &[Sample], seconds: usize) {
    println!("| endpoint | requests | req/s | p50 ms | p90 ms | p99 ms | max ms | errors |");
    println!("|---|---|---|---|---|---|---|---|");
    for (kind, name) in [
        (Some(0), "GET /api/positions"),
        (Some(1), "GET /api/claims (100)"),
        (None, "both"),
    ] {
        let of_kind = |s: &&Sample| kind.is_none_or(|k| s.0 == k);
        let mut times: Vec<Duration> = samples.iter().filter(of_kind).map(|s| s.1).collect();
        let errors = samples.iter().filter(of_kind).filter(|s| !s.2).count();
        times.sort();
        let pct = |p: f64| {
            let i = ((times.len() as f64 * p).ceil() as usize).clamp(1, times.len().max(1)) - 1;
            times.get(i).map_or(0.0, |d| d.as_secs_f64() * 1e3)
        };
        println!(
            "| {name} | {} | {:.0} | {:.1} | {:.1} | {:.1} | {:.1} | {errors} |",
            times.len(),
            times.len() as f64 / seconds as f64,
            pct(0.5),
            pct(0.9),
            pct(0.99),
            pct(1.0)
        );
    }
}
