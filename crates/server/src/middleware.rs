//! What every request goes through: the loopback `Host` check, a concurrency slot, the
//! request timeout, and the security headers on every answer.

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;
use crate::state::AppState;
use crate::REQUEST_TIMEOUT;

/// Scripts, styles and data only from this server; no inline script, no frames, no
/// plugins: an article string that ever reached the DOM as markup could still not run.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
                   img-src 'self' data:; connect-src 'self'; object-src 'none'; \
                   base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

pub(crate) async fn guard(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if state.inner.loopback_only && !host_is_loopback(&req) {
        return ApiError::new(
            StatusCode::MISDIRECTED_REQUEST,
            "bad-host",
            "this server answers only requests addressed to the loopback (localhost)",
        )
        .into_response();
    }
    let work = async {
        // Waiting for a slot counts against the timeout: a queue that does not move
        // ends in a clear error instead of a hung client.
        let _slot = state.inner.slots.acquire().await;
        next.run(req).await
    };
    let mut response = match tokio::time::timeout(REQUEST_TIMEOUT, work).await {
        Ok(response) => response,
        Err(_) => ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "timeout",
            format!(
                "the request took longer than {} s",
                REQUEST_TIMEOUT.as_secs()
            ),
        )
        .into_response(),
    };
    add_security_headers(response.headers_mut());
    response
}

fn add_security_headers(h: &mut axum::http::HeaderMap) {
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
}

/// A request without `Host` (HTTP/1.0, tests) is allowed; one naming another host is
/// not: that is what a DNS-rebinding page sends.
fn host_is_loopback(req: &Request) -> bool {
    let Some(host) = req.headers().get(header::HOST) else {
        return true;
    };
    let Ok(host) = host.to_str() else {
        return false;
    };
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => host.rsplit_once(':').map_or(host, |(h, _)| h),
    };
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_host(host: &str) -> Request {
        Request::builder()
            .header(header::HOST, host)
            .body(axum::body::Body::empty())
            .unwrap()
    }

    #[test]
    fn only_loopback_hosts_pass() {
        for ok in [
            "localhost:8080",
            "127.0.0.1:1",
            "[::1]:8080",
            "LOCALHOST",
            "127.0.0.1",
        ] {
            assert!(host_is_loopback(&with_host(ok)), "{ok}");
        }
        for bad in ["evil.example:8080", "10.0.0.1", "localhost.evil.example"] {
            assert!(!host_is_loopback(&with_host(bad)), "{bad}");
        }
    }
}
