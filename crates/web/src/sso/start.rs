//! The start page and the name it asks for. Every name gets the same answer: a reset session
//! and the way to its questions (or, when the enterprise turned the app off, the same notice
//! for everyone).

use super::page::{Ctx, PRE_COOKIE, Page, set_session_cookie};
use crate::AppState;
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use regain_core::service::Identified;
use std::collections::HashMap;

#[derive(Template)]
#[template(path = "sso/start.html")]
struct StartPage<'a> {
    page: &'a Page,
    csrf: String,
    error: Option<String>,
}

fn start_page(s: &AppState, page: &Page, status: StatusCode, error: Option<String>) -> Response {
    let csrf = s.services.secrets.random_token();
    let res = page.render(
        status,
        &StartPage {
            page,
            csrf: csrf.clone(),
            error,
        },
    );
    crate::session_cookies::with_form_token(res, PRE_COOKIE, &csrf)
}

pub async fn show(State(s): State<AppState>, ctx: Ctx) -> Response {
    start_page(&s, &ctx.page, StatusCode::OK, None)
}

/// The reference allows POST here too: the same page.
pub async fn show_post(State(s): State<AppState>, ctx: Ctx) -> Response {
    start_page(&s, &ctx.page, StatusCode::OK, None)
}

pub async fn to_start(State(s): State<AppState>) -> Response {
    Redirect::to(&super::page::url(&s, "/sso/passwordhelp")).into_response()
}

pub async fn identify(
    State(s): State<AppState>,
    ctx: Ctx,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    let page = &ctx.page;
    if !crate::session_cookies::form_token_matches(&ctx.headers, PRE_COOKIE, f.get("csrf")) {
        return start_page(
            &s,
            page,
            StatusCode::FORBIDDEN,
            Some(page.tr.t("expired-form")),
        );
    }
    let name = f.get("username").map(|n| n.trim()).unwrap_or_default();
    if name.is_empty() || name.chars().count() > 256 {
        return start_page(
            &s,
            page,
            StatusCode::BAD_REQUEST,
            Some(page.tr.t("start-empty-name")),
        );
    }
    match s.services.reset_identify(name, ctx.source.as_deref()).await {
        Ok(Identified::Started(start)) => {
            let mut res = Redirect::to(&super::page::url(&s, "/sso/sschallenge")).into_response();
            set_session_cookie(&mut res, &start.token);
            res
        }
        Ok(Identified::Unavailable) => page.message(
            StatusCode::OK,
            "unavailable-title",
            "unavailable-text",
            None,
        ),
        Ok(Identified::RateLimited) => page.message(
            StatusCode::TOO_MANY_REQUESTS,
            "rate-title",
            "rate-text",
            None,
        ),
        Err(e) => page.failure(&e),
    }
}
