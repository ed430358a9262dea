//! The write token: parsed from `Authorization: Bearer …` and compared in constant time.

use axum::http::{header, HeaderMap, StatusCode};

use crate::error::ApiError;

/// A configured write token.
pub(crate) struct Token(Vec<u8>);

impl Token {
    pub fn new(token: String) -> Token {
        Token(token.into_bytes())
    }

    /// Constant-time comparison: the time depends on the lengths, never on where the
    /// bytes differ, so a client cannot find the token byte by byte.
    fn matches(&self, given: &[u8]) -> bool {
        let len = self.0.len().max(given.len());
        let mut diff = u8::from(self.0.len() != given.len());
        for i in 0..len {
            let a = self.0.get(i).copied().unwrap_or(0);
            let b = given.get(i).copied().unwrap_or(0);
            diff |= a ^ b;
        }
        std::hint::black_box(diff) == 0
    }
}

/// Allow a write only with the configured token: 403 `writes-disabled` when the server
/// has none, 401 `unauthorized` when the header is missing, malformed or wrong.
pub(crate) fn check_write(token: Option<&Token>, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(token) = token else {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "writes-disabled",
            "this server has no write token (set STANCEMAP_TOKEN or --token-file)",
        ));
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(bearer);
    match given {
        Some(given) if token.matches(given.as_bytes()) => Ok(()),
        _ => Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "writes need the header Authorization: Bearer <token>",
        )),
    }
}

/// The credentials of a `Bearer` authorization value (the scheme is case-insensitive).
fn bearer(value: &str) -> Option<&str> {
    let (scheme, rest) = value.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| rest.trim())
        .filter(|t| !t.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(auth: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::AUTHORIZATION, auth.parse().unwrap());
        h
    }

    #[test]
    fn tokens_match_exactly() {
        let t = Token::new("s3cret-token".into());
        assert!(t.matches(b"s3cret-token"));
        for wrong in [&b""[..], b"s3cret", b"s3cret-tokens", b"S3cret-token"] {
            assert!(!t.matches(wrong), "{wrong:?}");
        }
    }

    #[test]
    fn write_checks_give_the_documented_codes() {
        let t = Token::new("abc".into());
        assert_eq!(
            check_write(None, &headers("Bearer abc")).unwrap_err().code,
            "writes-disabled"
        );
        assert_eq!(
            check_write(Some(&t), &HeaderMap::new()).unwrap_err().status,
            StatusCode::UNAUTHORIZED
        );
        assert!(check_write(Some(&t), &headers("Basic abc")).is_err());
        assert!(check_write(Some(&t), &headers("Bearer abd")).is_err());
        assert!(check_write(Some(&t), &headers("bearer  abc ")).is_ok());
    }
}
