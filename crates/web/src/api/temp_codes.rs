//! Temporary codes for helpdesk integrations: an admin-scoped credential (`regain client add
//! NAME --admin USER`) acts for that administrator, whose role is checked on every request
//! exactly as in the console.

use super::{Client, error};
use crate::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use regain_core::service::{Caller, Expiry};
use regain_core::temp_code::{TempCode, Uses};
use regain_core::time::{Timestamp, parse_duration};
use serde::Deserialize;
use serde_json::json;

async fn admin(s: &AppState, c: &Client) -> Result<Caller, Response> {
    match s.services.api_admin_caller(&c.0).await {
        Ok(Some(caller)) => Ok(caller),
        Ok(None) => Err(error(
            StatusCode::FORBIDDEN,
            "forbidden",
            "this credential does not act for an administrator (register one with regain client add NAME --admin USER)",
        )),
        Err(e) => Err(super::failure(&e)),
    }
}

fn code_json(c: &TempCode) -> serde_json::Value {
    json!({
        "uses": c.uses.key(),
        "state": c.state.key(),
        "created_by": c.created_by,
        "created_at": c.created_at.to_rfc3339(),
        "expires_at": c.expires_at.to_rfc3339(),
        "use_count": c.use_count,
        "ended_at": c.ended_at.map(Timestamp::to_rfc3339),
        "end_reason": c.end_reason,
    })
}

pub async fn show(State(s): State<AppState>, c: Client, Path(username): Path<String>) -> Response {
    let caller = match admin(&s, &c).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    match s.services.temporary_code_status(&caller, &username).await {
        Ok(st) => Json(json!({
            "eligible": st.eligible,
            "enabled": st.enabled,
            "active": st.active.as_ref().map(code_json),
            "last_ended": st.last_ended.as_ref().map(code_json),
        }))
        .into_response(),
        Err(e) => super::failure(&e),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenerateRequest {
    uses: String,
    /// A duration: `1h`, `8h`, `24h`, `3d`, `7d`, `14d`, `90m`...
    expires_in: Option<String>,
    /// Or a moment (RFC 3339, with its offset).
    expires_at: Option<String>,
}

async fn issue(
    s: AppState,
    c: Client,
    username: String,
    body: Result<Json<GenerateRequest>, axum::extract::rejection::JsonRejection>,
    replace: bool,
) -> Response {
    let caller = match admin(&s, &c).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let Ok(Json(req)) = body else {
        return error(
            StatusCode::BAD_REQUEST,
            "invalid",
            "send JSON {\"uses\": \"once\"|\"multiple\", \"expires_in\": \"24h\"} or {..., \"expires_at\": \"2026-12-01T17:00:00+01:00\"}",
        );
    };
    let Some(uses) = Uses::parse(&req.uses) else {
        return error(
            StatusCode::BAD_REQUEST,
            "invalid",
            "uses: use once or multiple",
        );
    };
    let expiry = match (req.expires_in, req.expires_at) {
        (Some(d), None) => match parse_duration(&d) {
            Ok(d) => Expiry::In(d),
            Err(m) => {
                return error(
                    StatusCode::BAD_REQUEST,
                    "invalid",
                    &format!("expires_in: {m}"),
                );
            }
        },
        // RFC 3339 with its offset (`Z` or `+01:00`), as the document says.
        (None, Some(t)) => match t.trim().parse::<jiff::Timestamp>() {
            Ok(t) => Expiry::At(Timestamp::from_millis(t.as_millisecond())),
            Err(_) => {
                return error(
                    StatusCode::BAD_REQUEST,
                    "invalid",
                    &format!(
                        "expires_at: {t:?} is not a moment: use RFC 3339 with its offset, e.g. 2026-12-01T17:00:00+01:00"
                    ),
                );
            }
        },
        _ => {
            return error(
                StatusCode::BAD_REQUEST,
                "invalid",
                "give exactly one of expires_in and expires_at",
            );
        }
    };
    match s
        .services
        .generate_temporary_code(&caller, &username, uses, expiry, replace)
        .await
    {
        Ok(issued) => (
            StatusCode::CREATED,
            Json(json!({
                "username": issued.username,
                "code": issued.code,
                "formatted": issued.formatted,
                "uses": issued.uses.key(),
                "expires_at": issued.expires_at.to_rfc3339(),
                "note": "shown once: it cannot be retrieved again",
            })),
        )
            .into_response(),
        Err(e) => super::failure(&e),
    }
}

pub async fn generate(
    State(s): State<AppState>,
    c: Client,
    Path(username): Path<String>,
    body: Result<Json<GenerateRequest>, axum::extract::rejection::JsonRejection>,
) -> Response {
    issue(s, c, username, body, false).await
}

pub async fn replace(
    State(s): State<AppState>,
    c: Client,
    Path(username): Path<String>,
    body: Result<Json<GenerateRequest>, axum::extract::rejection::JsonRejection>,
) -> Response {
    issue(s, c, username, body, true).await
}

pub async fn revoke(
    State(s): State<AppState>,
    c: Client,
    Path(username): Path<String>,
) -> Response {
    let caller = match admin(&s, &c).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    match s.services.revoke_temporary_code(&caller, &username).await {
        Ok(true) => Json(json!({"revoked": true})).into_response(),
        Ok(false) => error(
            StatusCode::NOT_FOUND,
            "not_found",
            "the user has no active temporary code",
        ),
        Err(e) => super::failure(&e),
    }
}
