//! What the server's ledger rebuild costs, part by part, and after a commit.
//!
//! ```sh
//! cargo run --release -p stancemap-server --example rebuild -- STORE.db [DIR...]
//! ```
//! Times each loader, `ledger::build` against the story-by-story build, and the whole
//! view the server builds (loaders, ledger, entities, prepared answers). With
//! directories of articles, each is then ingested into the store (one commit each: give
//! a copy of the store) and the view is rebuilt after each commit, incrementally (as the
//! server does) and from scratch.

use std::path::PathBuf;
use std::time::Instant;

use stancemap_ingest::{read_paths, ReadOptions};
use stancemap_ledger::LedgerConfig;
use stancemap_pipeline::Config;
use stancemap_server::{records, BenchRebuild};
use stancemap_store::{ClaimFilter, Store};

fn timed<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let t = Instant::now();
    let out = f();
    println!("{what:<36} {:>8.1} ms", t.elapsed().as_secs_f64() * 1e3);
    out
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = PathBuf::from(args.next().expect("give a store path"));
    let mut store = Store::open(&path).expect("open store");
    // Warm the page cache and the statement caches.
    let _ = records::ledger::load_input(&store).expect("load");
    let docs = timed("doc_metas", || store.doc_metas().expect("docs"));
    let claims = timed("claims", || {
        store.claims(&ClaimFilter::default()).expect("claims")
    });
    let meetings = timed("meetings", || store.meetings().expect("meetings"));
    let facts = timed("facts", || store.facts().expect("facts"));
    let roles = timed("role_facts", || store.role_facts().expect("roles"));
    let entities = timed("entities::load", || {
        records::entities::load(&store, None).expect("entities")
    });
    println!(
        "{} documents, {} claims, {} meetings, {} facts, {} roles, {} entities",
        docs.len(),
        claims.len(),
        meetings.len(),
        facts.len(),
        roles.len(),
        entities.len()
    );
    let input = timed("load_input (all loaders)", || {
        records::ledger::load_input(&store).expect("load")
    });
    let cfg = LedgerConfig::default();
    let whole = timed("ledger::build", || stancemap_ledger::build(&cfg, &input));
    let by_story = timed("ledger::build_by_story", || {
        stancemap_ledger::build_by_story(&cfg, &input)
    });
    assert_eq!(whole, by_story, "the story-by-story ledger differs");
    let mut views = BenchRebuild::default();
    timed("view from scratch", || {
        views.build(&store, true).expect("view")
    });
    for dir in args {
        let items = read_paths(&[PathBuf::from(&dir)], &ReadOptions::default());
        timed(&format!("ingest {dir}"), || {
            records::ingest(
                &mut store,
                &Config::default(),
                items,
                256,
                "bench".into(),
                |_| {},
            )
            .expect("ingest")
        });
        timed("  view after it, incremental", || {
            views.build(&store, true).expect("view")
        });
        timed("  view after it, from scratch", || {
            views.build(&store, false).expect("view")
        });
    }
}
