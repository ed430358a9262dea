//! The `/api` handlers. Reads take the cached ledger view or a pooled connection; the
//! one write (`POST /api/documents`) checks the token, runs the CLI's readers and
//! pipeline in one transaction, and clears the cache.

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use stancemap_ingest::{parse_bytes, ReadItem};
use stancemap_pipeline::DEFAULT_CHUNK;
use stancemap_store::{ClaimFilter, Store};

use crate::error::ApiError;
use crate::etag::ETag;
use crate::prepared::Filter;
use crate::state::{AppState, Inner};
use crate::ServerError;
use crate::{auth, records, views, DEFAULT_PAGE, MAX_PAGE};

/// Search hits by default and at most.
const DEFAULT_HITS: usize = 20;
const MAX_HITS: usize = 100;

/// Longest name a client may give a posted article (`?source=`).
const MAX_SOURCE_NAME: usize = 100;

type ApiResult = Result<Response, ApiError>;

/// Serialise `value` as the JSON body of a response.
fn json(status: StatusCode, value: &impl Serialize) -> ApiResult {
    let body = serde_json::to_vec(value).map_err(|e| {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            format!("cannot serialise the answer: {e}"),
        )
    })?;
    Ok((status, [(header::CONTENT_TYPE, "application/json")], body).into_response())
}

fn ok(value: &impl Serialize) -> ApiResult {
    json(StatusCode::OK, value)
}

/// Query parameters, with a JSON 400 instead of axum's plain-text rejection.
fn query<T>(q: Result<Query<T>, QueryRejection>) -> Result<T, ApiError> {
    q.map(|Query(v)| v)
        .map_err(|e| ApiError::bad_request(format!("bad query parameters: {}", e.body_text())))
}

/// An empty parameter (`?party=`) means "no filter": that is what a cleared form sends.
fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct LedgerQuery {
    party: Option<String>,
    topic: Option<String>,
    story: Option<String>,
}

impl LedgerQuery {
    fn party_ok(&self, party: &str) -> bool {
        given(&self.party).is_none_or(|p| party.eq_ignore_ascii_case(p))
    }
    fn topic_ok(&self, topic: Option<&str>) -> bool {
        given(&self.topic).is_none_or(|t| topic == Some(t))
    }
    fn story_ok(&self, story: Option<&str>) -> bool {
        given(&self.story).is_none_or(|s| story == Some(s))
    }
    fn filter(&self) -> Filter<'_> {
        Filter {
            party: given(&self.party),
            topic: given(&self.topic),
            story: given(&self.story),
            doc: None,
        }
    }
    /// For joint records (agreements, meetings): one of the parties matches.
    fn any_party_ok(&self, parties: &[String]) -> bool {
        given(&self.party).is_none() || parties.iter().any(|p| self.party_ok(p))
    }
}

pub(crate) async fn positions(
    State(state): State<AppState>,
    headers: HeaderMap,
    q: Result<Query<LedgerQuery>, QueryRejection>,
) -> ApiResult {
    let q = query(q)?;
    let view = state.ledger().await?;
    view.etag.answer(&headers, || {
        Ok(json_bytes(
            StatusCode::OK,
            view.prepared.positions(&view, q.filter()),
        ))
    })
}

/// A response from an already serialised JSON body.
fn json_bytes(status: StatusCode, body: Bytes) -> Response {
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

#[derive(Debug, Deserialize)]
pub(crate) struct ClaimsQuery {
    #[serde(flatten)]
    ledger: LedgerQuery,
    doc: Option<String>,
    offset: Option<usize>,
    limit: Option<usize>,
}

pub(crate) async fn claims(
    State(state): State<AppState>,
    headers: HeaderMap,
    q: Result<Query<ClaimsQuery>, QueryRejection>,
) -> ApiResult {
    let q = query(q)?;
    let limit = q.limit.unwrap_or(DEFAULT_PAGE);
    if limit == 0 || limit > MAX_PAGE {
        return Err(ApiError::bad_request(format!(
            "limit must be between 1 and {MAX_PAGE}"
        )));
    }
    let offset = q.offset.unwrap_or(0);
    let view = state.ledger().await?;
    let filter = Filter {
        doc: given(&q.doc),
        ..q.ledger.filter()
    };
    view.etag.answer(&headers, || {
        Ok(json_bytes(
            StatusCode::OK,
            view.prepared.claims(&view, filter, offset, limit),
        ))
    })
}

pub(crate) async fn agreements(
    State(state): State<AppState>,
    headers: HeaderMap,
    q: Result<Query<LedgerQuery>, QueryRejection>,
) -> ApiResult {
    let q = query(q)?;
    let view = state.ledger().await?;
    view.etag.answer(&headers, || {
        let list: Vec<_> = view
            .ledger
            .agreements
            .iter()
            .filter(|a| q.story_ok(a.story.as_deref()) && q.topic_ok(a.topic.as_deref()))
            .filter(|a| q.any_party_ok(&a.parties))
            .collect();
        ok(&serde_json::json!({ "agreements": list }))
    })
}

pub(crate) async fn meetings(
    State(state): State<AppState>,
    headers: HeaderMap,
    q: Result<Query<LedgerQuery>, QueryRejection>,
) -> ApiResult {
    let q = query(q)?;
    let view = state.ledger().await?;
    view.etag.answer(&headers, || {
        let list: Vec<_> = view
            .ledger
            .meetings
            .iter()
            .filter(|m| q.story_ok(m.story.as_deref()))
            .filter(|m| q.any_party_ok(&m.parties))
            .collect();
        ok(&serde_json::json!({ "meetings": list }))
    })
}

pub(crate) async fn contradictions(
    State(state): State<AppState>,
    headers: HeaderMap,
    q: Result<Query<LedgerQuery>, QueryRejection>,
) -> ApiResult {
    let q = query(q)?;
    let view = state.ledger().await?;
    view.etag.answer(&headers, || {
        let list: Vec<_> = view
            .ledger
            .contradictions
            .iter()
            .filter(|c| q.story_ok(c.story.as_deref()))
            .map(|c| views::contradiction_view(&view, c))
            .collect();
        ok(&serde_json::json!({ "contradictions": list }))
    })
}

#[derive(Debug, Deserialize)]
pub(crate) struct ActorsQuery {
    party: Option<String>,
    story: Option<String>,
    kind: Option<String>,
}

pub(crate) async fn actors(
    State(state): State<AppState>,
    headers: HeaderMap,
    q: Result<Query<ActorsQuery>, QueryRejection>,
) -> ApiResult {
    let q = query(q)?;
    match given(&q.story) {
        // Mention counts within one story are a different query; not cached, no tag.
        Some(story) => {
            let story = story.to_string();
            let list = state
                .with_store(move |store, _| {
                    records::entities::load(store, Some(&story)).map_err(ApiError::from)
                })
                .await?;
            actors_answer(list, &q)
        }
        None => {
            let view = state.ledger().await?;
            view.etag
                .answer(&headers, || actors_answer(view.entities.clone(), &q))
        }
    }
}

fn actors_answer(mut list: Vec<stancemap_report::ExportEntity>, q: &ActorsQuery) -> ApiResult {
    list.retain(|e| {
        let party_ok = given(&q.party).is_none_or(|p| {
            e.party
                .as_deref()
                .is_some_and(|x| x.eq_ignore_ascii_case(p))
        });
        party_ok && given(&q.kind).is_none_or(|k| e.kind == k)
    });
    list.sort_by(|a, b| b.mentions.cmp(&a.mentions).then(a.id.cmp(&b.id)));
    ok(&serde_json::json!({ "actors": list }))
}

pub(crate) async fn stories(State(state): State<AppState>, headers: HeaderMap) -> ApiResult {
    let view = state.ledger().await?;
    view.etag.answer(&headers, || {
        ok(&serde_json::json!({ "stories": views::stories(&view) }))
    })
}

pub(crate) async fn stats(State(state): State<AppState>, headers: HeaderMap) -> ApiResult {
    state
        .with_store(move |store, inner| {
            // The marker first: the stats read after it are of that state or newer,
            // and a newer state only means a tag that is revalidated once more.
            let marker = store.change_marker().map_err(ServerError::from)?;
            let tag = ETag::new(&crate::state::version_of(marker), inner.instance);
            tag.answer(&headers, || stats_answer(store, marker))
        })
        .await
}

fn stats_answer(store: &Store, marker: stancemap_store::ChangeMarker) -> ApiResult {
    let s = store.stats().map_err(ServerError::from)?;
    let languages: serde_json::Map<String, serde_json::Value> = s
        .languages
        .iter()
        .map(|(lang, n)| (lang.clone(), (*n).into()))
        .collect();
    ok(&serde_json::json!({
        "documents": s.documents, "duplicates": s.duplicates,
        "with_repeats": s.with_repeats, "stories": s.stories,
        "sentences": s.sentences, "removed_lines": s.removed_lines,
        "languages": languages, "ingest_runs": s.runs,
        // Changes whenever something is written: clients refresh when it does.
        "version": crate::state::version_of(marker),
    }))
}

pub(crate) async fn document(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
) -> ApiResult {
    let Path(id) = id.map_err(|e| ApiError::bad_request(e.body_text()))?;
    state
        .with_store(move |store, _| document_json(store, &id))
        .await
}

fn document_json(store: &Store, id: &str) -> ApiResult {
    let read = |e| ApiError::from(ServerError::from(e));
    let Some(doc) = store.document(id).map_err(read)? else {
        return Err(ApiError::not_found(format!("no document with id {id:?}")));
    };
    let filter = ClaimFilter {
        doc: Some(id.to_string()),
        ..ClaimFilter::default()
    };
    let claims = store.claims(&filter).map_err(read)?;
    let mentions = store.document_mentions(id).map_err(read)?;
    ok(&views::document_view(&doc, &claims, &mentions))
}

#[derive(Debug, Deserialize)]
pub(crate) struct SearchQuery {
    q: Option<String>,
    limit: Option<usize>,
}

pub(crate) async fn search(
    State(state): State<AppState>,
    q: Result<Query<SearchQuery>, QueryRejection>,
) -> ApiResult {
    let q = query(q)?;
    let Some(text) = given(&q.q).map(str::to_string) else {
        return Err(ApiError::bad_request("give the search words as ?q="));
    };
    let limit = q.limit.unwrap_or(DEFAULT_HITS).clamp(1, MAX_HITS);
    state
        .with_store(move |store, _| {
            let hits = store
                .search(&text, limit)
                .map_err(|e| ApiError::from(ServerError::from(e)))?;
            ok(&serde_json::json!({ "query": text, "hits": hits }))
        })
        .await
}

#[derive(Debug, Deserialize)]
pub(crate) struct PostQuery {
    source: Option<String>,
}

/// One stored document, as `POST /api/documents` reports it.
#[derive(Debug, Serialize)]
struct StoredDoc {
    id: String,
    title: String,
    story: Option<String>,
    duplicate_of: Option<String>,
    claims: usize,
}

#[derive(Debug, Serialize)]
struct SkippedView {
    source: String,
    code: String,
    message: String,
}

pub(crate) async fn post_documents(
    State(state): State<AppState>,
    headers: HeaderMap,
    q: Result<Query<PostQuery>, QueryRejection>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult {
    auth::check_write(state.inner.token.as_ref(), &headers)?;
    let q = query(q)?;
    let body = body.map_err(|e| {
        let code = if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            "too-large"
        } else {
            "bad-body"
        };
        ApiError::new(e.status(), code, e.body_text())
    })?;
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let (ext, bytes) = article_bytes(content_type, body)?;
    let source = format!("api/{}{ext}", source_name(q.source.as_deref()));
    // Waiting writes hold request slots: past a few, say "busy" instead of letting
    // posts take the slots readers need.
    let Some(_queued) = state.queue_write() else {
        return Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "busy",
            "other posted articles are being stored; try again shortly",
        ));
    };
    let _writer = state.inner.write.lock().await;
    let result = state
        .with_store(move |store, inner| {
            // Reading, processing and linking run on the ingest pool: fewer threads
            // than cores and at a lower priority, so reads keep their CPU.
            inner.ingest_pool().install(|| {
                let items = parse_bytes(&source, &bytes, &inner.read);
                ingest_posted(store, inner, items)
            })
        })
        .await;
    // Readers keep the previous ledger until this rebuild is done.
    state.after_write();
    result
}

fn ingest_posted(store: &mut Store, inner: &Inner, items: Vec<ReadItem>) -> ApiResult {
    let started = crate::clock::now_utc();
    let ingested = records::ingest(
        store,
        &inner.pipeline,
        items.into_iter(),
        DEFAULT_CHUNK,
        started,
        |_| {},
    )?;
    let mut stored = Vec::new();
    for id in &ingested.stored {
        stored.push(stored_doc(store, id)?);
    }
    let skipped: Vec<SkippedView> = ingested
        .summary
        .skipped
        .iter()
        .map(|s| SkippedView {
            source: s.source.clone(),
            code: s.diagnostic.code.clone(),
            message: s.diagnostic.message.clone(),
        })
        .collect();
    if stored.is_empty() && ingested.already_present.is_empty() {
        let why = skipped
            .first()
            .map_or("no article in the body", |s| &s.message);
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "nothing-stored",
            format!("nothing was stored: {why}"),
        ));
    }
    let status = if stored.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    json(
        status,
        &serde_json::json!({
            "stored": stored, "already_present": ingested.already_present,
            "skipped": skipped, "inputs": ingested.summary.inputs,
        }),
    )
}

fn stored_doc(store: &Store, id: &str) -> Result<StoredDoc, ApiError> {
    let read = |e| ApiError::from(ServerError::from(e));
    let doc = store
        .document(id)
        .map_err(read)?
        .ok_or_else(|| ApiError::not_found(format!("document {id} vanished after storing")))?;
    let filter = ClaimFilter {
        doc: Some(id.to_string()),
        ..ClaimFilter::default()
    };
    Ok(StoredDoc {
        claims: store.claims(&filter).map_err(read)?.len(),
        id: doc.id,
        title: doc.title,
        story: doc.story,
        duplicate_of: doc.duplicate_of,
    })
}

/// The file extension that tells the readers the format, and the bytes to read. A JSON
/// body (one article object, or an array of them) becomes JSON lines, the reader's
/// format; JSON lines pass as they are; HTML and text by their type; anything else is
/// sniffed by the reader.
fn article_bytes(content_type: &str, body: Bytes) -> Result<(&'static str, Vec<u8>), ApiError> {
    let mime = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match mime.as_str() {
        "application/x-ndjson" | "application/jsonl" | "application/x-jsonlines" => {
            Ok((".jsonl", body.to_vec()))
        }
        "application/json" => json_as_lines(&body).map(|b| (".jsonl", b)),
        "text/html" | "application/xhtml+xml" => Ok((".html", body.to_vec())),
        "text/plain" => Ok((".txt", body.to_vec())),
        _ => Ok(("", body.to_vec())),
    }
}

fn json_as_lines(body: &[u8]) -> Result<Vec<u8>, ApiError> {
    let bad = |why: String| ApiError::new(StatusCode::BAD_REQUEST, "bad-json", why);
    let value: serde_json::Value =
        serde_json::from_slice(body).map_err(|e| bad(format!("the body is not JSON: {e}")))?;
    let records = match value {
        serde_json::Value::Object(_) => vec![value],
        serde_json::Value::Array(items) if items.iter().all(|v| v.is_object()) => items,
        _ => {
            return Err(bad(
                "expected an article object or an array of article objects".into(),
            ))
        }
    };
    let mut out = Vec::new();
    for r in &records {
        // Compact serialisation has no raw newline: one record per line.
        serde_json::to_writer(&mut out, r).map_err(|e| bad(e.to_string()))?;
        out.push(b'\n');
    }
    Ok(out)
}

/// A safe name for a posted article: letters, digits, `.`, `_`, `-` (others become
/// `_`), at most [`MAX_SOURCE_NAME`] characters; `post` when none is given.
fn source_name(given: Option<&str>) -> String {
    let name: String = given
        .unwrap_or("post")
        .chars()
        .take(MAX_SOURCE_NAME)
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let name = name.trim_start_matches('.');
    if name.is_empty() {
        "post".into()
    } else {
        name.to_string()
    }
}

pub(crate) async fn unknown_route() -> ApiError {
    ApiError::not_found("no such endpoint (see /api/openapi.json)")
}

pub(crate) async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method-not-allowed",
        "this endpoint does not take that method (see /api/openapi.json)",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_names_are_tamed() {
        assert_eq!(source_name(None), "post");
        assert_eq!(source_name(Some("../../etc/passwd")), "_.._etc_passwd");
        assert_eq!(source_name(Some("...")), "post");
        assert_eq!(source_name(Some("wire 7.html")), "wire_7.html");
    }

    #[test]
    fn json_bodies_become_lines() {
        let one = json_as_lines(br#"{"title": "Port talks", "text": "a\nb"}"#).unwrap();
        assert_eq!(one.iter().filter(|&&b| b == b'\n').count(), 1);
        let two = json_as_lines(br#"[{"text": "x"}, {"text": "y"}]"#).unwrap();
        assert_eq!(two.iter().filter(|&&b| b == b'\n').count(), 2);
        assert_eq!(json_as_lines(b"{oops").unwrap_err().code, "bad-json");
        assert_eq!(json_as_lines(b"[1, 2]").unwrap_err().code, "bad-json");
    }
}
