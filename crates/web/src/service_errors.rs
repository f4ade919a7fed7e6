//! The one mapping from a service error to HTTP: its status and its stable error code. Every
//! front end (the authentication API, the device API, the console, `/me`) answers a failed
//! service call with this status; each keeps its own body (JSON or a page). A fault of the
//! server itself is logged here and never described to the client.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use regain_core::ports::StoreError;
use regain_core::service::ServiceError;
use serde_json::json;

/// The HTTP status of a service error.
pub(crate) fn status_of(e: &ServiceError) -> StatusCode {
    match e {
        ServiceError::Denied(_) | ServiceError::Forbidden(_) | ServiceError::ReauthRequired => {
            StatusCode::FORBIDDEN
        }
        ServiceError::NotFound { .. } | ServiceError::Store(StoreError::NotFound(_)) => {
            StatusCode::NOT_FOUND
        }
        ServiceError::AlreadyExists { .. } | ServiceError::Store(StoreError::Conflict(_)) => {
            StatusCode::CONFLICT
        }
        // A well-formed request whose values the rules refuse (a bad field, a password the
        // directory's policy rejects).
        ServiceError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
        ServiceError::Directory(_) if e.is_user_error() => StatusCode::UNPROCESSABLE_ENTITY,
        // The database or directory cannot be reached, or another writer came first: worth
        // retrying.
        ServiceError::Directory(_) | ServiceError::Store(_) => StatusCode::SERVICE_UNAVAILABLE,
        ServiceError::Hashing(_) | ServiceError::Crypto(_) | ServiceError::Internal(_) => {
            StatusCode::INTERNAL_SERVER_ERROR
        }
    }
}

/// The stable error code a JSON body carries (`"error"`), one per status.
pub(crate) fn code_of(e: &ServiceError) -> &'static str {
    match status_of(e) {
        StatusCode::FORBIDDEN => "forbidden",
        StatusCode::NOT_FOUND => "not_found",
        StatusCode::CONFLICT => "conflict",
        StatusCode::UNPROCESSABLE_ENTITY => "invalid",
        StatusCode::SERVICE_UNAVAILABLE => "unavailable",
        _ => "internal",
    }
}

/// Whether the error is the server's fault (5xx): logged, and described to nobody.
pub(crate) fn is_server_fault(e: &ServiceError) -> bool {
    status_of(e).is_server_error()
}

/// The message a client may read: the error itself when it is the client's to fix, a generic
/// text when it is the server's (which is logged here with `front_end` naming the caller).
pub(crate) fn public_message(e: &ServiceError, front_end: &str) -> String {
    if is_server_fault(e) {
        tracing::error!(error = %e, front_end, "request failed");
        match status_of(e) {
            StatusCode::SERVICE_UNAVAILABLE => {
                "the service cannot complete the request now; nothing was changed; try again"
            }
            _ => "the server failed to complete the request; nothing was changed",
        }
        .to_owned()
    } else {
        e.to_string()
    }
}

/// The JSON answer of the APIs: `{"error": code, "message": ...}` with the mapped status.
pub(crate) fn json_failure(e: &ServiceError, front_end: &str, message: Option<String>) -> Response {
    let message = match message {
        Some(m) if !is_server_fault(e) => m,
        _ => public_message(e, front_end),
    };
    (
        status_of(e),
        Json(json!({"error": code_of(e), "message": message})),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use regain_core::admin::Permission;
    use regain_core::directory::DirectoryError;
    use regain_core::ports::{CryptoFailure, HashFailure};

    #[test]
    fn every_error_has_one_status_and_code() {
        let cases = [
            (
                ServiceError::Denied(Permission::ManageUsers),
                403,
                "forbidden",
            ),
            (ServiceError::ReauthRequired, 403, "forbidden"),
            (
                ServiceError::NotFound {
                    what: "user",
                    name: "x".into(),
                },
                404,
                "not_found",
            ),
            (
                ServiceError::AlreadyExists {
                    what: "user",
                    name: "x".into(),
                },
                409,
                "conflict",
            ),
            (ServiceError::invalid("f", "m"), 422, "invalid"),
            (
                ServiceError::Store(StoreError::Unavailable("down".into())),
                503,
                "unavailable",
            ),
            (
                ServiceError::Directory(DirectoryError::Unavailable("down".into())),
                503,
                "unavailable",
            ),
            (
                ServiceError::Crypto(CryptoFailure::NoRandomness),
                500,
                "internal",
            ),
            (
                ServiceError::Hashing(HashFailure("x".into())),
                500,
                "internal",
            ),
            (ServiceError::Internal("x"), 500, "internal"),
        ];
        for (e, status, code) in cases {
            assert_eq!(status_of(&e).as_u16(), status, "{e}");
            assert_eq!(code_of(&e), code, "{e}");
        }
    }

    #[test]
    fn a_server_fault_is_never_described() {
        let e = ServiceError::Store(StoreError::Unavailable("secret detail".into()));
        assert!(!public_message(&e, "test").contains("secret detail"));
        let e = ServiceError::invalid("code", "send six digits");
        assert!(public_message(&e, "test").contains("send six digits"));
    }
}
