//! The authentication API (`/api/v1`, JSON) for VPN gateway adapters, workstation agents and
//! integrations. Clients authenticate with a registered credential (`Authorization: Bearer`).
//! Untrusted clients learn only accepted / rejected; trusted ones also get the reason code.

use crate::{AppState, ClientAddr};
use axum::Json;
use axum::Router;
use axum::extract::rejection::QueryRejection;
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use regain_core::policy::Workflow;
use regain_core::push::{PushSend, PushState};
use regain_core::service::{ServiceError, TxView};
use regain_core::signin::{ApiClient, TxState};
use regain_core::sms::SmsSend;
use secrecy::SecretString;
use serde::Deserialize;
use serde_json::json;
use std::time::{Duration, Instant};

/// The longest a status request is held open.
const MAX_WAIT: Duration = Duration::from_secs(30);

mod security_questions;
mod temp_codes;

/// The OpenAPI document, checked into the repository and served as is.
pub const OPENAPI: &str = include_str!("../../openapi/v1.json");

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/openapi.json", get(openapi))
        .route("/api/v1/transactions", post(start))
        .route("/api/v1/transactions/{id}", get(status))
        .route("/api/v1/transactions/{id}/otp", post(otp))
        .route("/api/v1/transactions/{id}/sms", post(sms_send))
        .route("/api/v1/transactions/{id}/sms_code", post(sms_code))
        .route("/api/v1/transactions/{id}/push", post(push_send))
        .route("/api/v1/transactions/{id}/offline_code", post(offline_code))
        .route(
            "/api/v1/transactions/{id}/temporary_code",
            post(temporary_code),
        )
        .route(
            "/api/v1/transactions/{id}/security_questions",
            get(security_questions::questions),
        )
        .route(
            "/api/v1/transactions/{id}/security_answers",
            post(security_questions::answers),
        )
        .route(
            "/api/v1/users/{username}/temporary_code",
            get(temp_codes::show)
                .post(temp_codes::generate)
                .put(temp_codes::replace)
                .delete(temp_codes::revoke),
        )
}

async fn openapi() -> Response {
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        OPENAPI,
    )
        .into_response()
}

pub(crate) fn error(status: StatusCode, code: &str, message: &str) -> Response {
    (status, Json(json!({"error": code, "message": message}))).into_response()
}

/// A failed service call, in the status of the one mapping ([`crate::service_errors`]).
pub(crate) fn failure(e: &ServiceError) -> Response {
    let message = match e {
        ServiceError::Denied(p) => Some(format!(
            "the administrator this credential acts for lacks the permission \"{}\"",
            p.label()
        )),
        _ => None,
    };
    crate::service_errors::json_failure(e, "API", message)
}

/// The calling client, from its bearer credential.
pub struct Client(pub ApiClient);

impl FromRequestParts<AppState> for Client {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let unauthorised = || {
            error(
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "send the client credential as Authorization: Bearer <credential>",
            )
        };
        let credential = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .ok_or_else(unauthorised)?;
        match state.services.api_client(credential).await {
            Ok(Some(c)) => Ok(Client(c)),
            Ok(None) => Err(unauthorised()),
            Err(e) => Err(failure(&e)),
        }
    }
}

fn view(v: TxView) -> Response {
    let mut body = json!({
        "state": v.state.key(),
        "methods": v.acceptable.iter().map(|f| f.key()).collect::<Vec<_>>(),
    });
    if let Some(id) = v.id {
        body["transaction_id"] = json!(id);
    }
    if let Some(r) = v.reason {
        body["reason"] = json!(r);
    }
    if let Some(p) = v.push {
        body["push"] = json!(p.key());
    }
    if let Some(need) = v.security_questions {
        // The workstation agent opens this page (relative to Regain's address).
        body["security_questions"] = json!({"enrollment": need.key(), "url": "/sso/ssenrollinit"});
    }
    Json(body).into_response()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StartRequest {
    username: String,
    password: String,
    workflow: String,
    /// The address of the person signing in, as the client saw it.
    client_ip: Option<String>,
    /// The client's name for the device or gateway (shown in audit and push context).
    device: Option<String>,
}

async fn start(
    State(s): State<AppState>,
    Client(c): Client,
    peer: ClientAddr,
    body: Result<Json<StartRequest>, axum::extract::rejection::JsonRejection>,
) -> Response {
    if c.admin.is_some() {
        return error(
            StatusCode::FORBIDDEN,
            "forbidden",
            "this credential is for administration; sign-ins use an authentication client's credential",
        );
    }
    let Ok(Json(req)) = body else {
        return error(
            StatusCode::BAD_REQUEST,
            "invalid",
            "send JSON {\"username\", \"password\", \"workflow\"[, \"client_ip\", \"device\"]}",
        );
    };
    if req.username.is_empty() {
        return error(
            StatusCode::BAD_REQUEST,
            "invalid",
            "username: give the name the user signs in with",
        );
    }
    let Some(workflow) = Workflow::parse(&req.workflow) else {
        return error(
            StatusCode::BAD_REQUEST,
            "invalid",
            "workflow: use remote_access, workstation_login, order_signing, emergency_access or self_service",
        );
    };
    let source = req
        .client_ip
        .as_deref()
        .map(|ip| ip.chars().take(64).collect::<String>())
        .or_else(|| peer.render());
    match s
        .services
        .start_transaction(
            &c,
            &req.username,
            &SecretString::from(req.password),
            workflow,
            source.as_deref(),
            req.device.as_deref(),
        )
        .await
    {
        Ok(v) => view(v),
        Err(e) => failure(&e),
    }
}

/// `?wait=N`: seconds to hold the request open (0–30), for the API's status and the device's
/// pending pushes.
#[derive(Deserialize)]
pub struct WaitQuery {
    wait: Option<u64>,
}

/// A `wait` that is not a whole number of seconds from 0 to 30.
pub(crate) fn bad_wait() -> Response {
    error(
        StatusCode::BAD_REQUEST,
        "invalid",
        "wait: give whole seconds, 0 to 30",
    )
}

/// How long `?wait=` asks to hold the request (none: not at all); `None` when it is not 0–30.
pub(crate) fn wait_of(q: Result<Query<WaitQuery>, QueryRejection>) -> Option<Duration> {
    let Ok(Query(q)) = q else {
        return None;
    };
    let wait = Duration::from_secs(q.wait.unwrap_or(0));
    (wait <= MAX_WAIT).then_some(wait)
}

/// The transaction's state; with `?wait=N`, held open while a push waits for the user's answer
/// (polling the database, so the answer may arrive at any node).
async fn status(
    State(s): State<AppState>,
    Client(c): Client,
    Path(id): Path<String>,
    q: Result<Query<WaitQuery>, QueryRejection>,
) -> Response {
    let Some(wait) = wait_of(q) else {
        return bad_wait();
    };
    let deadline = Instant::now() + wait;
    loop {
        match s.services.transaction_status(&c, &id).await {
            Ok(v)
                if v.state == TxState::AwaitingSecondFactor
                    && v.push == Some(PushState::Pending)
                    && Instant::now() < deadline =>
            {
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            Ok(v) => return view(v),
            Err(e) => return failure(&e),
        }
    }
}

/// Sends a push to the user's device; the response carries the number to show the user.
async fn push_send(
    State(s): State<AppState>,
    Client(c): Client,
    Path(id): Path<String>,
) -> Response {
    match s.services.send_push(&c, &id).await {
        Ok(PushSend::Sent { number, expires_at }) => Json(json!({
            "number": number,
            "expires_at": expires_at.to_rfc3339(),
        }))
        .into_response(),
        Ok(PushSend::NotSent(reason)) => error(
            StatusCode::TOO_MANY_REQUESTS,
            if c.trusted { reason.code() } else { "not_sent" },
            if c.trusted {
                reason.code()
            } else {
                "no push was sent"
            },
        ),
        Err(e) => failure(&e),
    }
}

/// Completes the transaction with the user's temporary code.
async fn temporary_code(
    State(s): State<AppState>,
    Client(c): Client,
    Path(id): Path<String>,
    body: Result<Json<OtpRequest>, axum::extract::rejection::JsonRejection>,
) -> Response {
    with_code(body, "1234 5678", async |code| {
        s.services.submit_temporary_code(&c, &id, code).await
    })
    .await
}

/// Completes the transaction with the push app's offline code.
async fn offline_code(
    State(s): State<AppState>,
    Client(c): Client,
    Path(id): Path<String>,
    body: Result<Json<OtpRequest>, axum::extract::rejection::JsonRejection>,
) -> Response {
    with_code(body, "123456", async |code| {
        s.services.submit_offline_code(&c, &id, code).await
    })
    .await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OtpRequest {
    code: String,
}

/// Reads a `{"code": ...}` body (or answers 400 showing an `example`), submits the code and
/// answers with the transaction's state.
async fn with_code(
    body: Result<Json<OtpRequest>, axum::extract::rejection::JsonRejection>,
    example: &str,
    submit: impl AsyncFnOnce(&str) -> Result<TxView, ServiceError>,
) -> Response {
    let Ok(Json(req)) = body else {
        return error(
            StatusCode::BAD_REQUEST,
            "invalid",
            &format!("send JSON {{\"code\": \"{example}\"}}"),
        );
    };
    match submit(&req.code).await {
        Ok(v) => view(v),
        Err(e) => failure(&e),
    }
}

async fn otp(
    State(s): State<AppState>,
    Client(c): Client,
    Path(id): Path<String>,
    body: Result<Json<OtpRequest>, axum::extract::rejection::JsonRejection>,
) -> Response {
    with_code(body, "123456", async |code| {
        s.services.submit_otp(&c, &id, code).await
    })
    .await
}

/// Sends the SMS code for a transaction (resend after 30 s, within hourly limits).
async fn sms_send(
    State(s): State<AppState>,
    Client(c): Client,
    Path(id): Path<String>,
) -> Response {
    match s.services.send_sms_for_transaction(&c, &id).await {
        Ok(SmsSend::Sent { to }) => Json(json!({"sent_to": to})).into_response(),
        Ok(SmsSend::NotSent(reason)) => {
            let reason = reason.code();
            let message = if c.trusted {
                reason
            } else {
                "no code was sent"
            };
            error(
                StatusCode::TOO_MANY_REQUESTS,
                if c.trusted { reason } else { "not_sent" },
                message,
            )
        }
        Err(e) => failure(&e),
    }
}

async fn sms_code(
    State(s): State<AppState>,
    Client(c): Client,
    Path(id): Path<String>,
    body: Result<Json<OtpRequest>, axum::extract::rejection::JsonRejection>,
) -> Response {
    with_code(body, "123456", async |code| {
        s.services.submit_sms(&c, &id, code).await
    })
    .await
}
