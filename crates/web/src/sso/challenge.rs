//! The security questions of a reset session and the answers to them. The page is the same for
//! every name (a decoy's questions look like anyone's); a wrong set gets one message, whatever
//! was wrong.

use super::page::{Ctx, Page, clear_session_cookie, csrf_ok, url};
use crate::AppState;
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use regain_core::ids::QuestionId;
use regain_core::password_reset::{ResetSession, ResetStage};
use regain_core::service::Answered;
use secrecy::SecretString;
use std::collections::HashMap;

pub struct Question {
    pub id: i64,
    pub text: String,
}

#[derive(Template)]
#[template(path = "sso/challenge.html")]
struct ChallengePage<'a> {
    page: &'a Page,
    csrf: String,
    questions: Vec<Question>,
    error: Option<String>,
}

/// Where a session past its challenge goes.
pub fn onward(s: &AppState, session: &ResetSession) -> Option<Response> {
    let path = match session.stage {
        ResetStage::Challenge => return None,
        ResetStage::Push | ResetStage::Proven | ResetStage::Changing => "/sso/ssresetinit",
    };
    Some(Redirect::to(&url(s, path)).into_response())
}

async fn challenge_page(
    s: &AppState,
    page: &Page,
    session: &ResetSession,
    status: StatusCode,
    error: Option<String>,
) -> Response {
    let questions = match s.services.reset_questions(session).await {
        Ok(q) => q,
        Err(e) => return page.failure(&e),
    };
    page.render(
        status,
        &ChallengePage {
            page,
            csrf: session.csrf_token.clone(),
            questions: questions
                .iter()
                .map(|q| Question {
                    id: q.id.0,
                    text: page.tr.question(q),
                })
                .collect(),
            error,
        },
    )
}

pub async fn show(State(s): State<AppState>, ctx: Ctx) -> Response {
    let session = match ctx.session(&s).await {
        Ok(Some(session)) => session,
        Ok(None) => return ctx.page.ended(),
        Err(e) => return ctx.page.failure(&e),
    };
    if let Some(r) = onward(&s, &session) {
        return r;
    }
    challenge_page(&s, &ctx.page, &session, StatusCode::OK, None).await
}

pub async fn answer(
    State(s): State<AppState>,
    ctx: Ctx,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    let page = &ctx.page;
    let session = match ctx.session(&s).await {
        Ok(Some(session)) => session,
        Ok(None) => return page.ended(),
        Err(e) => return page.failure(&e),
    };
    if !csrf_ok(&session, &f) {
        return page.message(StatusCode::FORBIDDEN, "ended-title", "expired-form", None);
    }
    if let Some(r) = onward(&s, &session) {
        return r;
    }
    let answers: Vec<(QuestionId, SecretString)> = f
        .iter()
        .filter_map(|(k, v)| {
            let id = k.strip_prefix("a-")?.parse().ok()?;
            Some((QuestionId(id), SecretString::from(v.clone())))
        })
        .collect();
    match s
        .services
        .reset_answer(&session, &answers, ctx.source.as_deref())
        .await
    {
        Ok(Answered::Accepted) => Redirect::to(&url(&s, "/sso/ssresetinit")).into_response(),
        Ok(Answered::NotAccepted) => {
            challenge_page(
                &s,
                page,
                &session,
                StatusCode::UNAUTHORIZED,
                Some(page.tr.t("challenge-not-accepted")),
            )
            .await
        }
        Ok(Answered::Locked) => {
            let mut res = page.message(StatusCode::FORBIDDEN, "locked-title", "locked-text", None);
            clear_session_cookie(&mut res);
            res
        }
        Ok(Answered::RateLimited) => page.message(
            StatusCode::TOO_MANY_REQUESTS,
            "rate-title",
            "rate-text",
            None,
        ),
        Ok(Answered::SessionEnded) => page.ended(),
        Err(e) => page.failure(&e),
    }
}
