//! Security questions: the default set, add, edit, delete, mark mandatory.

use super::context::{AdminCtx, Nav};
use super::pages::{error_page, render};
use crate::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use regain_core::ids::QuestionId;
use regain_core::questions::SecurityQuestion;
use regain_core::service::ServiceError;
use std::collections::HashMap;

#[derive(Template)]
#[template(path = "console/questions.html")]
struct QuestionsPage {
    nav: Nav,
    questions: Vec<SecurityQuestion>,
    new_text: String,
    new_mandatory: bool,
    error: Option<String>,
}

async fn page(s: &AppState, ctx: &AdminCtx) -> Result<QuestionsPage, Response> {
    let questions = s
        .services
        .list_questions(&ctx.caller)
        .await
        .map_err(|e| error_page(ctx, &e))?;
    Ok(QuestionsPage {
        nav: ctx.nav("questions"),
        questions,
        new_text: String::new(),
        new_mandatory: false,
        error: None,
    })
}

fn done(code: Option<&String>) -> Option<String> {
    Some(
        match code?.as_str() {
            "added" => "Question added.",
            "saved" => "Question saved.",
            "deleted" => "Question deleted.",
            _ => return None,
        }
        .into(),
    )
}

pub async fn list(
    State(s): State<AppState>,
    ctx: AdminCtx,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    match page(&s, &ctx).await {
        Ok(mut p) => {
            p.nav.flash_ok = done(q.get("done"));
            render(StatusCode::OK, &p)
        }
        Err(r) => r,
    }
}

async fn with_error(
    s: &AppState,
    ctx: &AdminCtx,
    text: String,
    mandatory: bool,
    e: &ServiceError,
) -> Response {
    match page(s, ctx).await {
        Ok(mut p) => {
            p.new_text = text;
            p.new_mandatory = mandatory;
            p.error = Some(match e {
                ServiceError::Invalid { message, .. } => message.clone(),
                other => other.to_string(),
            });
            p.nav.flash_error = Some("Nothing was saved: correct the field marked below.".into());
            render(crate::service_errors::status_of(e), &p)
        }
        Err(r) => r,
    }
}

pub async fn add(
    State(s): State<AppState>,
    ctx: AdminCtx,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    if let Some(r) = ctx.csrf_refusal(f.get("csrf")) {
        return r;
    }
    let text = f.get("text").cloned().unwrap_or_default();
    let mandatory = f.get("mandatory").is_some_and(|v| v == "true");
    match s.services.add_question(&ctx.caller, &text, mandatory).await {
        Ok(_) => Redirect::to("/admin/questions?done=added").into_response(),
        Err(e @ (ServiceError::Invalid { .. } | ServiceError::AlreadyExists { .. })) => {
            with_error(&s, &ctx, text, mandatory, &e).await
        }
        Err(e) => error_page(&ctx, &e),
    }
}

pub async fn update(
    State(s): State<AppState>,
    ctx: AdminCtx,
    Path(id): Path<i64>,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    if let Some(r) = ctx.csrf_refusal(f.get("csrf")) {
        return r;
    }
    let text = f.get("text").cloned().unwrap_or_default();
    let mandatory = f.get("mandatory").is_some_and(|v| v == "true");
    match s
        .services
        .update_question(&ctx.caller, QuestionId(id), &text, mandatory)
        .await
    {
        Ok(()) => Redirect::to("/admin/questions?done=saved").into_response(),
        Err(e @ (ServiceError::Invalid { .. } | ServiceError::AlreadyExists { .. })) => {
            with_error(&s, &ctx, text, mandatory, &e).await
        }
        Err(e) => error_page(&ctx, &e),
    }
}

pub async fn delete(
    State(s): State<AppState>,
    ctx: AdminCtx,
    Path(id): Path<i64>,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    if let Some(r) = ctx.csrf_refusal(f.get("csrf")) {
        return r;
    }
    match s
        .services
        .delete_question(&ctx.caller, QuestionId(id))
        .await
    {
        Ok(()) => Redirect::to("/admin/questions?done=deleted").into_response(),
        Err(e) => error_page(&ctx, &e),
    }
}
