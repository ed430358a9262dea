//! The router over a temporary store built from the example corpus
//! (`examples/corpus`, annotated in `examples/gold.json`), driven without a socket.

use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use serde_json::Value;
use stancemap_ingest::{read_paths, ReadOptions};
use stancemap_pipeline::Config;
use stancemap_server::{records, router, AppState};
use stancemap_store::Store;
use tower::ServiceExt;

const TOKEN: &str = "test-token-5b1c9e";

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A store holding the example corpus, and a router over it with `token`.
fn app(token: Option<&str>) -> (tempfile::TempDir, Router) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("examples.db");
    let cfg = Config::default();
    let mut store = Store::open(&db).unwrap();
    let items = read_paths(&[repo().join("examples/corpus")], &ReadOptions::default());
    let ingested = records::ingest(
        &mut store,
        &cfg,
        items,
        64,
        "2026-11-22T00:00:00Z".into(),
        |_| {},
    )
    .unwrap();
    assert!(ingested.summary.stored >= 10, "{:?}", ingested.summary);
    let state = AppState::new(
        db,
        token.map(str::to_string),
        cfg,
        ReadOptions::default(),
        true,
    );
    (dir, router(state))
}

async fn send(app: &Router, req: Request<Body>) -> (StatusCode, Value) {
    let response = app.clone().oneshot(req).await.unwrap();
    let status = response.status();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    let value = serde_json::from_slice(&bytes)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into()));
    (status, value)
}

async fn get(app: &Router, uri: &str) -> (StatusCode, Value) {
    send(app, Request::get(uri).body(Body::empty()).unwrap()).await
}

fn post(uri: &str, token: Option<&str>, content_type: &str, body: &str) -> Request<Body> {
    let mut req = Request::post(uri).header(header::CONTENT_TYPE, content_type);
    if let Some(t) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    req.body(Body::from(body.to_string())).unwrap()
}

fn gold_parties() -> Vec<String> {
    let text = std::fs::read_to_string(repo().join("examples/gold.json")).unwrap();
    let gold: Value = serde_json::from_str(&text).unwrap();
    let mut parties: Vec<String> = gold["positions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["party"].as_str().map(str::to_string))
        .collect();
    parties.sort();
    parties.dedup();
    parties
}

#[tokio::test]
async fn positions_include_the_gold_parties_and_filter() {
    let (_dir, app) = app(None);
    let (status, body) = get(&app, "/api/positions").await;
    assert_eq!(status, StatusCode::OK);
    let positions = body["positions"].as_array().unwrap();
    let found: Vec<&str> = positions
        .iter()
        .filter_map(|p| p["party"].as_str())
        .collect();
    let gold = gold_parties();
    let covered = gold.iter().filter(|g| found.contains(&g.as_str())).count();
    assert!(
        covered * 2 >= gold.len(),
        "gold parties {gold:?}, found {found:?}"
    );
    assert!(positions.iter().all(|p| p["agreed"].is_boolean()));
    let (_, irn) = get(&app, "/api/positions?party=irn").await;
    let irn = irn["positions"].as_array().unwrap();
    assert!(!irn.is_empty());
    assert!(
        irn.iter().all(|p| p["party"] == "IRN"),
        "case-insensitive party"
    );
}

#[tokio::test]
async fn claims_are_paginated_and_cite_their_documents() {
    let (_dir, app) = app(None);
    let (_, all) = get(&app, "/api/claims?limit=1000").await;
    let total = all["total"].as_u64().unwrap();
    assert!(total >= 10, "{total}");
    let (status, page) = get(&app, "/api/claims?offset=2&limit=3").await;
    assert_eq!(status, StatusCode::OK);
    let claims = page["claims"].as_array().unwrap();
    assert_eq!(claims.len(), 3);
    assert_eq!(claims[0]["id"], all["claims"][2]["id"]);
    for c in claims {
        let joined: String = c["parts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["text"].as_str().unwrap())
            .collect();
        assert_eq!(
            joined,
            c["sentence"].as_str().unwrap(),
            "parts keep the sentence"
        );
        assert!(c["document"]["title"].is_string());
    }
    let (status, err) = get(&app, "/api/claims?limit=5000").await;
    assert_eq!(
        (status, err["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("bad-request"))
    );
    let (status, err) = get(&app, "/api/claims?offset=minus-one").await;
    assert_eq!(
        (status, err["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("bad-request"))
    );
}

#[tokio::test]
async fn every_read_endpoint_answers_json() {
    let (_dir, app) = app(None);
    for (uri, key) in [
        ("/api/agreements", "agreements"),
        ("/api/meetings", "meetings"),
        ("/api/contradictions", "contradictions"),
        ("/api/actors", "actors"),
        ("/api/actors?story=s-1", "actors"),
        ("/api/stories", "stories"),
    ] {
        let (status, body) = get(&app, uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}: {body}");
        assert!(body[key].is_array(), "{uri}: {body}");
    }
    let (_, stories) = get(&app, "/api/stories").await;
    assert!(stories["stories"].as_array().unwrap().len() >= 2);
    let (_, actors) = get(&app, "/api/actors").await;
    assert!(actors["actors"][0]["aliases"].is_array());
    let (status, spec) = get(&app, "/api/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(spec["openapi"], "3.1.0");
    for path in [
        "/api/positions",
        "/api/claims",
        "/api/agreements",
        "/api/meetings",
        "/api/contradictions",
        "/api/actors",
        "/api/stories",
        "/api/stats",
        "/api/documents/{id}",
        "/api/documents",
        "/api/search",
    ] {
        assert!(spec["paths"][path].is_object(), "openapi lacks {path}");
    }
}

#[tokio::test]
async fn documents_come_with_text_and_spans() {
    let (_dir, app) = app(None);
    let (_, claims) = get(&app, "/api/claims?limit=1").await;
    let id = claims["claims"][0]["doc"].as_str().unwrap().to_string();
    let (status, doc) = get(&app, &format!("/api/documents/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    let text = doc["text"].as_str().unwrap();
    let utf16: Vec<u16> = text.encode_utf16().collect();
    let claims = doc["claims"].as_array().unwrap();
    assert!(!claims.is_empty());
    for c in claims {
        let (a, b) = (
            c["span"]["u16_start"].as_u64().unwrap() as usize,
            c["span"]["u16_end"].as_u64().unwrap() as usize,
        );
        let (s, e) = (
            c["span"]["start"].as_u64().unwrap() as usize,
            c["span"]["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(String::from_utf16_lossy(&utf16[a..b]), text[s..e]);
    }
    assert!(!doc["mentions"].as_array().unwrap().is_empty());
    let (status, err) = get(&app, "/api/documents/d-0000000000000000").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(err["code"], "not-found");
    assert!(err["message"].is_string());
}

#[tokio::test]
async fn errors_have_codes() {
    let (_dir, app) = app(Some(TOKEN));
    let (status, err) = get(&app, "/api/nothing-here").await;
    assert_eq!(
        (status, err["code"].as_str()),
        (StatusCode::NOT_FOUND, Some("not-found"))
    );
    let (status, err) = get(&app, "/api/search").await;
    assert_eq!(
        (status, err["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("bad-request"))
    );
    let req = Request::delete("/api/positions")
        .body(Body::empty())
        .unwrap();
    let (status, err) = send(&app, req).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(err["code"], "method-not-allowed");
    let req = post(
        "/api/documents",
        Some(TOKEN),
        "application/json",
        "{\"title\": ",
    );
    let (status, err) = send(&app, req).await;
    assert_eq!(
        (status, err["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("bad-json"))
    );
    let big = "x".repeat(stancemap_server::MAX_BODY_BYTES + 10);
    let (status, err) = send(
        &app,
        post("/api/documents", Some(TOKEN), "text/plain", &big),
    )
    .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(err["code"], "too-large");
    let (status, err) = send(&app, post("/api/documents", Some(TOKEN), "text/plain", "")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    assert_eq!(err["code"], "nothing-stored");
    let req = Request::get("/api/stats")
        .header(header::HOST, "rebound.example:8080")
        .body(Body::empty())
        .unwrap();
    let (status, err) = send(&app, req).await;
    assert_eq!(
        (status, err["code"].as_str()),
        (StatusCode::MISDIRECTED_REQUEST, Some("bad-host"))
    );
}

const ARTICLE: &str = "Dockworkers Reject Port Authority Offer\n\n\
Rotterdam, 3 March 2026. The dockworkers' union rejected the port authority's offer of a \
two percent wage increase on Tuesday, a spokeswoman said.\n\n\
The union demanded a four-year job security guarantee before talks resume in The Hague.";

#[tokio::test]
async fn writes_need_the_token() {
    let (_dir, app) = app(Some(TOKEN));
    let (status, err) = send(&app, post("/api/documents", None, "text/plain", ARTICLE)).await;
    assert_eq!(
        (status, err["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("unauthorized"))
    );
    let wrong = post(
        "/api/documents",
        Some("test-token-5b1c9f"),
        "text/plain",
        ARTICLE,
    );
    let (status, _) = send(&app, wrong).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (_, before) = get(&app, "/api/stats").await;

    let ok = post(
        "/api/documents?source=port.txt",
        Some(TOKEN),
        "text/plain",
        ARTICLE,
    );
    let (status, stored) = send(&app, ok).await;
    assert_eq!(status, StatusCode::CREATED, "{stored}");
    let id = stored["stored"][0]["id"].as_str().unwrap().to_string();
    let (_, after) = get(&app, "/api/stats").await;
    assert_eq!(
        after["documents"],
        before["documents"].as_u64().unwrap() + 1
    );
    assert_ne!(after["version"], before["version"]);
    let (_, found) = get(&app, "/api/search?q=dockworkers+rotterdam").await;
    assert_eq!(found["hits"][0]["id"], id.as_str(), "{found}");
    let (_, doc) = get(&app, &format!("/api/documents/{id}")).await;
    assert!(doc["text"].as_str().unwrap().contains("job security"));

    // The ledger follows the write: rebuilt in the background, the previous one served
    // meanwhile; the version says which state a client sees.
    let mut converged = false;
    for _ in 0..600 {
        let (_, positions) = get(&app, "/api/positions").await;
        if positions["version"] == after["version"] {
            converged = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(converged, "the ledger never caught up with the write");
    let (_, claims) = get(&app, &format!("/api/claims?doc={id}")).await;
    assert_eq!(claims["version"], after["version"]);

    // The same article again changes nothing.
    let again = post(
        "/api/documents?source=port.txt",
        Some(TOKEN),
        "text/plain",
        ARTICLE,
    );
    let (status, body) = send(&app, again).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["already_present"][0], id.as_str());
}

#[tokio::test]
async fn without_a_token_writes_are_disabled() {
    let (_dir, app) = app(None);
    let req = post("/api/documents", Some("anything"), "text/plain", ARTICLE);
    let (status, err) = send(&app, req).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(err["code"], "writes-disabled");
}

#[tokio::test]
async fn article_markup_comes_back_as_plain_strings() {
    let (_dir, app) = app(Some(TOKEN));
    let script = "<script>alert(1)</script>";
    let img = "<img src=x onerror=alert(1)>";
    let article = serde_json::json!({
        "title": format!("Truce talks {script} {img}"),
        "url": "https://example.org/hostile-truce",
        "date_publish": "2026-04-02",
        "source_domain": "example.org",
        "maintext": format!(
            "Negotiators met in Nicosia on Monday to discuss a truce. {script} The rebels \
             demanded a prisoner exchange {img} before any ceasefire, a mediator said."
        ),
    });
    let req = post(
        "/api/documents",
        Some(TOKEN),
        "application/json",
        &article.to_string(),
    );
    let (status, stored) = send(&app, req).await;
    assert_eq!(status, StatusCode::CREATED, "{stored}");
    let id = stored["stored"][0]["id"].as_str().unwrap().to_string();
    let (_, doc) = get(&app, &format!("/api/documents/{id}")).await;
    let title = doc["title"].as_str().unwrap();
    assert!(title.contains(script) && title.contains(img), "{title}");
    let text = doc["text"].as_str().unwrap();
    assert!(text.contains(script) && text.contains(img), "{text}");
    let (_, found) = get(&app, "/api/search?q=nicosia").await;
    assert_eq!(found["hits"][0]["title"].as_str(), Some(title));
}

#[tokio::test]
async fn the_dashboard_is_served_with_a_strict_policy() {
    let (_dir, app) = app(None);
    let response = app
        .clone()
        .oneshot(Request::get("/").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let csp = response.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .to_string();
    assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"));
    let html = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    let html = String::from_utf8(html.to_vec()).unwrap();
    assert!(html.contains("/app.js"));
    assert!(!html.contains("<script>"), "no inline script");
    let (status, js) = get(&app, "/app.js").await;
    assert_eq!(status, StatusCode::OK);
    assert!(js.as_str().unwrap().contains("createTextNode"));
}

/// The dashboard never turns API strings into markup: no HTML-parsing sink anywhere in
/// its code (comment lines are skipped: the header states the rule by naming them).
#[test]
fn dashboard_script_uses_no_html_sinks() {
    let js = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/app.js"))
        .unwrap();
    let code: String = js
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    for sink in [
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "createContextualFragment",
        "DOMParser",
        "eval(",
        "new Function",
    ] {
        assert!(!code.contains(sink), "app.js uses {sink}");
    }
    assert!(
        js.contains("never with innerHTML"),
        "the rule is stated at the top"
    );
}

/// The check on the seeds (`../shared/seeds` beside the repository): the
/// positions include Ukraine on the ceasefire. Skipped with a note when they are absent.
#[tokio::test]
async fn seeds_positions_include_ukraine_on_the_ceasefire() {
    let seeds = repo().join("../shared/seeds");
    if !seeds.is_dir() {
        eprintln!("note: {} not found, seeds check skipped", seeds.display());
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("seeds.db");
    let cfg = Config::default();
    let mut store = Store::open(&db).unwrap();
    let items = read_paths(&[seeds], &ReadOptions::default());
    records::ingest(&mut store, &cfg, items, 64, "seeds".into(), |_| {}).unwrap();
    let app = router(AppState::new(db, None, cfg, ReadOptions::default(), true));
    let (status, body) = get(&app, "/api/positions?party=UKR&topic=ceasefire").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!body["positions"].as_array().unwrap().is_empty(), "{body}");
}
