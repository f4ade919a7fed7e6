//! The device API (`/device/v1`) the push authenticator talks to: enrol from a one-time link,
//! fetch pending pushes (long-poll), answer one. Every request after enrollment is signed with
//! the device's Ed25519 key (headers `X-Regain-Device`, `X-Regain-Time`, `X-Regain-Signature`
//! over method, path, time and the body's SHA-256), so a stolen link or a replayed request
//! gains nothing.

mod waiters;

pub use waiters::PushWaiters;

use crate::{AppState, ClientAddr};
use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use regain_core::methods::AuthMethod;
use regain_core::push::{Decision, PushChallenge};
use regain_core::service::ServiceError;
use serde::Deserialize;
use serde_json::json;
use sha2::{Digest, Sha256};
use std::time::{Duration, Instant};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/device/v1/enroll", post(enroll))
        .route("/device/v1/pushes", get(pushes))
        .route("/device/v1/pushes/{id}", post(answer))
}

fn error(status: StatusCode, code: &str, message: &str) -> Response {
    (status, Json(json!({"error": code, "message": message}))).into_response()
}

/// A failed service call, in the status of the one mapping ([`crate::service_errors`]).
fn failure(e: &ServiceError) -> Response {
    crate::service_errors::json_failure(e, "device API", None)
}

/// The signed-in device, or the response refusing the request.
async fn device_of(
    s: &AppState,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<AuthMethod, Response> {
    let unauthorised = || {
        error(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "sign the request with the device key (X-Regain-Device, X-Regain-Time, X-Regain-Signature) and check the device clock",
        )
    };
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let (Some(device), Some(time), Some(signature)) = (
        header("x-regain-device"),
        header("x-regain-time").and_then(|t| t.parse::<i64>().ok()),
        header("x-regain-signature"),
    ) else {
        return Err(unauthorised());
    };
    let path = uri.path_and_query().map_or("/", |p| p.as_str());
    let digest = hex::encode(Sha256::digest(body));
    match s
        .services
        .authenticate_device(device, method.as_str(), path, time, &digest, signature)
        .await
    {
        Ok(Some(m)) => Ok(m),
        Ok(None) => Err(unauthorised()),
        Err(e) => Err(failure(&e)),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EnrollRequest {
    /// The token from the enrollment link.
    token: String,
    /// The device's Ed25519 public key, base64.
    public_key: String,
    /// Signature over the enrollment message (token and public key), base64.
    signature: String,
    /// A name for the device, shown to the user and administrators.
    label: Option<String>,
}

async fn enroll(
    State(s): State<AppState>,
    peer: ClientAddr,
    body: Result<Json<EnrollRequest>, axum::extract::rejection::JsonRejection>,
) -> Response {
    let Ok(Json(req)) = body else {
        return error(
            StatusCode::BAD_REQUEST,
            "invalid",
            "send JSON {\"token\", \"public_key\", \"signature\"[, \"label\"]}",
        );
    };
    let source = peer.render();
    match s
        .services
        .enroll_push_device(
            &req.token,
            &req.public_key,
            &req.signature,
            req.label.as_deref().unwrap_or(""),
            source.as_deref(),
        )
        .await
    {
        Ok(e) => {
            let period = match e.otp.kind {
                regain_core::otp::OtpKind::Totp { period } => period,
                regain_core::otp::OtpKind::Hotp => 0,
            };
            Json(json!({
                "device_id": e.method_id,
                "username": e.username,
                "offline_code": {
                    "seed_base32": e.offline_seed_base32,
                    "algorithm": e.otp.algorithm.key(),
                    "digits": e.otp.digits,
                    "period": period,
                },
            }))
            .into_response()
        }
        Err(e @ ServiceError::NotFound { .. }) => crate::service_errors::json_failure(
            &e,
            "device API",
            Some("this enrollment link is unknown, used or expired; ask for a new one".to_owned()),
        ),
        Err(e) => failure(&e),
    }
}

fn push_json(p: &PushChallenge) -> serde_json::Value {
    // Never the number nor candidates: the user types the number the sign-in page shows; the
    // app only learns how many digits to ask for.
    json!({
        "id": p.id,
        "number_digits": p.number.to_string().len(),
        "workflow": p.context.workflow.key(),
        "client": p.context.client,
        "source": p.context.source,
        "device": p.context.device,
        "time": p.created_at.to_rfc3339(),
        "expires_at": p.expires_at.to_rfc3339(),
    })
}

async fn pushes(
    State(s): State<AppState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    q: Result<Query<crate::api::WaitQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let Some(wait) = crate::api::wait_of(q) else {
        return crate::api::bad_wait();
    };
    let device = match device_of(&s, &method, &uri, &headers, b"").await {
        Ok(d) => d,
        Err(r) => return r,
    };
    let deadline = Instant::now() + wait;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        // The pushes, or (none yet) a wait for an announcement on this or another node, a
        // second at most between two reads of the database.
        let found = s
            .push_waiters
            .check_then_wait(
                device.id.as_str(),
                left.min(Duration::from_secs(1)),
                async {
                    match s.services.device_pushes(&device).await {
                        Ok(list) if list.is_empty() && !left.is_zero() => None,
                        other => Some(other),
                    }
                },
            )
            .await;
        match found {
            Some(Ok(list)) => {
                return Json(json!({"pushes": list.iter().map(push_json).collect::<Vec<_>>()}))
                    .into_response();
            }
            Some(Err(e)) => return failure(&e),
            None => {}
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AnswerRequest {
    decision: String,
    /// The number the user typed (required to approve). A JSON number: `12` or `12.0` (both
    /// are the integer 12 to JSON Schema), never a fraction.
    number: Option<serde_json::Number>,
    /// Signature over push id, number and decision, base64.
    signature: String,
}

/// The typed number as the integer it is (`12.0` is 12), `None` for a fraction or one out of
/// range.
fn typed_number(n: &serde_json::Number) -> Option<u32> {
    if let Some(i) = n.as_u64() {
        return u32::try_from(i).ok();
    }
    let f = n.as_f64()?;
    (f.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&f)).then_some(f as u32)
}

async fn answer(
    State(s): State<AppState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let device = match device_of(&s, &method, &uri, &headers, &body).await {
        Ok(d) => d,
        Err(r) => return r,
    };
    let Ok(req) = serde_json::from_slice::<AnswerRequest>(&body) else {
        return error(
            StatusCode::BAD_REQUEST,
            "invalid",
            "send JSON {\"decision\": \"approve\"|\"deny\", \"number\", \"signature\"}",
        );
    };
    let number = match req.number.as_ref().map(typed_number) {
        None => None,
        Some(Some(n)) => Some(n),
        Some(None) => {
            return error(
                StatusCode::BAD_REQUEST,
                "invalid",
                "number: the digits the user typed, a whole number",
            );
        }
    };
    let Some(decision) = Decision::parse(&req.decision) else {
        return error(
            StatusCode::BAD_REQUEST,
            "invalid",
            "decision: use approve or deny",
        );
    };
    match s
        .services
        .answer_push(&device, &id, number, decision, &req.signature)
        .await
    {
        Ok(state) => Json(json!({"state": state.key()})).into_response(),
        Err(e) => failure(&e),
    }
}
