//! The push step (mode "questions and push"): the number to enter in the app, a long poll for
//! the small script and a "Check again" button for browsers without it, and the code that may
//! stand in for the push. The decision is the core's; these handlers only show it.

use super::page::{Ctx, Page, clear_session_cookie, csrf_ok, url};
use crate::AppState;
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use regain_core::password_reset::{ResetSession, ResetStage};
use regain_core::service::PushStep;
use std::collections::HashMap;
use std::time::Duration;

/// The longest a long poll is held (under common proxies' 30-second idle timeouts).
const LONG_POLL: Duration = Duration::from_secs(25);
const POLL_EVERY: Duration = Duration::from_millis(500);

#[derive(Template)]
#[template(path = "sso/push.html")]
struct PushPage<'a> {
    page: &'a Page,
    number: Option<u32>,
}

#[derive(Template)]
#[template(path = "sso/code.html")]
struct CodePage<'a> {
    page: &'a Page,
    csrf: String,
    error: Option<String>,
}

/// The session at its push step, or the page to show instead.
async fn at_push(s: &AppState, ctx: &Ctx) -> Result<ResetSession, Response> {
    match ctx.session(s).await {
        Ok(Some(session)) if session.stage == ResetStage::Push => Ok(session),
        Ok(Some(session)) if session.stage == ResetStage::Challenge => {
            Err(Redirect::to(&url(s, "/sso/sschallenge")).into_response())
        }
        Ok(Some(_)) => Err(Redirect::to(&url(s, "/sso/ssresetinit")).into_response()),
        Ok(None) => Err(ctx.page.ended()),
        Err(e) => Err(ctx.page.failure(&e)),
    }
}

fn failed(page: &Page) -> Response {
    let mut res = page.message(StatusCode::FORBIDDEN, "push-title", "push-denied", None);
    clear_session_cookie(&mut res);
    res
}

fn shown(s: &AppState, page: &Page, step: PushStep) -> Response {
    match step {
        PushStep::Pending { number } => page.render(StatusCode::OK, &PushPage { page, number }),
        PushStep::Approved => Redirect::to(&url(s, "/sso/ssresetinit")).into_response(),
        PushStep::Failed => failed(page),
    }
}

pub async fn show(State(s): State<AppState>, ctx: Ctx) -> Response {
    let session = match at_push(&s, &ctx).await {
        Ok(session) => session,
        Err(r) => return r,
    };
    match s.services.reset_push(&session).await {
        Ok(step) => shown(&s, &ctx.page, step),
        Err(e) => ctx.page.failure(&e),
    }
}

/// `?wait=1`: the script's long poll, answered in JSON as soon as the push is decided (or
/// after [`LONG_POLL`]). Otherwise "Check again": the page for where the step stands.
pub async fn check(
    State(s): State<AppState>,
    ctx: Ctx,
    q: axum::extract::Query<HashMap<String, String>>,
) -> Response {
    let session = match at_push(&s, &ctx).await {
        Ok(session) => session,
        Err(_) if q.contains_key("wait") => return decided_json(),
        Err(r) => return r,
    };
    if !q.contains_key("wait") {
        return match s.services.reset_push(&session).await {
            Ok(PushStep::Pending { .. }) => {
                Redirect::to(&url(&s, "/sso/ssacceptnumber")).into_response()
            }
            Ok(step) => shown(&s, &ctx.page, step),
            Err(e) => ctx.page.failure(&e),
        };
    }
    let until = tokio::time::Instant::now() + LONG_POLL;
    loop {
        match s.services.reset_push(&session).await {
            Ok(PushStep::Pending { .. }) if tokio::time::Instant::now() < until => {
                tokio::time::sleep(POLL_EVERY).await;
            }
            Ok(PushStep::Pending { .. }) => {
                return axum::Json(serde_json::json!({"state": "pending"})).into_response();
            }
            Ok(_) | Err(_) => return decided_json(),
        }
    }
}

/// The script then loads the "Check again" page, which shows whatever was decided.
fn decided_json() -> Response {
    axum::Json(serde_json::json!({"state": "decided"})).into_response()
}

pub async fn code_form(State(s): State<AppState>, ctx: Ctx) -> Response {
    match at_push(&s, &ctx).await {
        Ok(session) => ctx.page.render(
            StatusCode::OK,
            &CodePage {
                page: &ctx.page,
                csrf: session.csrf_token,
                error: None,
            },
        ),
        Err(r) => r,
    }
}

pub async fn code(
    State(s): State<AppState>,
    ctx: Ctx,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    let page = &ctx.page;
    let session = match at_push(&s, &ctx).await {
        Ok(session) => session,
        Err(r) => return r,
    };
    if !csrf_ok(&session, &f) {
        return page.message(StatusCode::FORBIDDEN, "ended-title", "expired-form", None);
    }
    let code: String = f
        .get("code")
        .map(|c| c.chars().filter(|c| !c.is_whitespace()).collect())
        .unwrap_or_default();
    match s.services.reset_push_code(&session, &code).await {
        Ok(PushStep::Pending { .. }) => page.render(
            StatusCode::UNAUTHORIZED,
            &CodePage {
                page,
                csrf: session.csrf_token.clone(),
                error: Some(page.tr.t("code-not-accepted")),
            },
        ),
        Ok(step) => shown(&s, page, step),
        Err(e) => page.failure(&e),
    }
}
