//! Conditional GETs: every answer computed from one state of the store carries an
//! `ETag` naming that state, and a request whose `If-None-Match` names it gets `304 Not
//! Modified` without a body. The dashboard polls and refreshes after every write; while
//! the ledger is rebuilt in the background it would fetch the same 560 KB positions body
//! again and again, and now gets 304s instead.
//!
//! The tag is the view's `version` (the store's change marker) plus this server
//! instance's start time: a restarted server (perhaps another build, with other ledger
//! rules) never confirms a body cached from the previous one. Answers also carry
//! `Cache-Control: no-cache`, so a browser revalidates each time instead of guessing
//! that a cached answer is still fresh.

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;

/// The entity tag of one store state as this server instance answers it.
#[derive(Debug, Clone)]
pub(crate) struct ETag(HeaderValue);

impl ETag {
    /// `version`: the store state (`last document.last run`); `instance`: what tells
    /// this server process from another (its start time).
    pub fn new(version: &str, instance: u64) -> ETag {
        let tag = format!("\"{version}-{instance:x}\"");
        // Digits, dots, a dash and quotes only: always a valid header value.
        ETag(HeaderValue::from_str(&tag).unwrap_or_else(|_| HeaderValue::from_static("\"\"")))
    }

    /// Does the request's `If-None-Match` name this tag (or `*`)? Weak comparison, as
    /// RFC 9110 asks for `If-None-Match`: `W/` prefixes are ignored.
    pub fn matches(&self, request: &HeaderMap) -> bool {
        let ours = self.0.as_bytes();
        request
            .get_all(header::IF_NONE_MATCH)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .any(|t| t == "*" || t.trim_start_matches("W/").as_bytes() == ours)
    }

    /// `304 Not Modified` when the client has this state already, else `answer()` with
    /// the tag added (only to successful answers: an error is not a cacheable state).
    pub fn answer(
        &self,
        request: &HeaderMap,
        answer: impl FnOnce() -> Result<Response, ApiError>,
    ) -> Result<Response, ApiError> {
        if self.matches(request) {
            let mut not_modified = StatusCode::NOT_MODIFIED.into_response();
            self.tag(&mut not_modified);
            return Ok(not_modified);
        }
        let mut response = answer()?;
        if response.status() == StatusCode::OK {
            self.tag(&mut response);
        }
        Ok(response)
    }

    fn tag(&self, response: &mut Response) {
        let h = response.headers_mut();
        h.insert(header::ETAG, self.0.clone());
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asking(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append(header::IF_NONE_MATCH, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn tags_match_exactly_weakly_or_by_star() {
        let tag = ETag::new("12.3", 0xabc);
        assert_eq!(tag.0, "\"12.3-abc\"");
        assert!(tag.matches(&asking(&["\"12.3-abc\""])));
        assert!(tag.matches(&asking(&["W/\"12.3-abc\""])));
        assert!(tag.matches(&asking(&["\"1.1-abc\", \"12.3-abc\""])));
        assert!(tag.matches(&asking(&["\"x\"", "\"12.3-abc\""])));
        assert!(tag.matches(&asking(&["*"])));
        assert!(!tag.matches(&asking(&[])));
        assert!(!tag.matches(&asking(&["\"12.3-abd\""])));
        assert!(!tag.matches(&asking(&["\"12.3\""])));
    }

    #[test]
    fn a_match_is_304_without_body_and_errors_carry_no_tag() {
        let tag = ETag::new("1.1", 1);
        let hit = tag
            .answer(&asking(&["\"1.1-1\""]), || unreachable!())
            .unwrap();
        assert_eq!(hit.status(), StatusCode::NOT_MODIFIED);
        assert_eq!(hit.headers()[header::ETAG], "\"1.1-1\"");
        let miss = tag
            .answer(&asking(&["\"0.0-1\""]), || {
                Ok(StatusCode::OK.into_response())
            })
            .unwrap();
        assert_eq!(miss.headers()[header::ETAG], "\"1.1-1\"");
        assert_eq!(miss.headers()[header::CACHE_CONTROL], "no-cache");
        let error = tag
            .answer(&HeaderMap::new(), || {
                Ok(StatusCode::BAD_REQUEST.into_response())
            })
            .unwrap();
        assert!(error.headers().get(header::ETAG).is_none());
    }
}
