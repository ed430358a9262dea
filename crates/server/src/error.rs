//! The crate's error type ([`ServerError`]: failures of the server and of the store
//! edge) and the API's error answer ([`ApiError`]: a status and a stable code).

use std::net::SocketAddr;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use stancemap_pipeline::LinkerStateError;
use stancemap_store::StoreError;

/// Failures of the server and of reading or writing the store.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("store: {0}")]
    Store(#[from] StoreError),
    /// The stored story or entity state does not decode.
    #[error("the stored pipeline state is unreadable: {0}")]
    State(#[from] LinkerStateError),
    #[error("the stored entity registry is unreadable: {0}")]
    Registry(#[source] serde_json::Error),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
    #[error("the server failed: {0}")]
    Io(#[from] std::io::Error),
    #[error("cannot serialise an answer: {0}")]
    Json(#[source] serde_json::Error),
    /// A blocking task (store work) panicked or was cancelled.
    #[error("a store task did not finish: {0}")]
    Task(String),
}

impl From<stancemap_pipeline::BatchError<StoreError>> for ServerError {
    /// Unwrap the batch error so a store failure stays a [`StoreError`] in the chain
    /// (the CLI maps that to its store exit code).
    fn from(e: stancemap_pipeline::BatchError<StoreError>) -> Self {
        match e {
            stancemap_pipeline::BatchError::Corpus(e) => ServerError::Store(e),
            stancemap_pipeline::BatchError::State(e) => ServerError::State(e),
        }
    }
}

/// An API error: the HTTP status and a JSON body `{"code": …, "message": …}`. Codes are
/// stable (clients switch on them); messages are for people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    code: &'a str,
    message: &'a str,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
        }
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, "bad-request", message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::NOT_FOUND, "not-found", message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            code: self.code,
            message: &self.message,
        };
        (self.status, axum::Json(body)).into_response()
    }
}

impl From<ServerError> for ApiError {
    /// Internal failures are logged in full on the server and answered with a short
    /// message: the details name files on the server's disk.
    fn from(e: ServerError) -> Self {
        eprintln!("stancemap serve: {e}");
        match e {
            ServerError::Store(StoreError::Busy { .. }) => ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "store-busy",
                "the store is locked by another writer; try again",
            ),
            ServerError::Store(_) | ServerError::State(_) | ServerError::Registry(_) => {
                ApiError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "store-error",
                    "the store could not be read or written (see the server log)",
                )
            }
            _ => ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "the server failed (see the server log)",
            ),
        }
    }
}
