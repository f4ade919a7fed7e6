//! Application passwords on `/me` (F-S8): the list (never the passwords), adding, editing and
//! deleting; each change needs a fresh proof, which the core checks.

use super::{Me, SelfCtx, failure};
use crate::AppState;
use crate::i18n::Tr;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use regain_core::app_passwords::{AppPassword, AppPasswordInput, AppPasswordRefusal};
use regain_core::service::ServiceError;
use std::collections::HashMap;

struct Row {
    id: String,
    name: String,
    address: String,
    login: String,
    updated: String,
}

/// What the add form shows again after a refusal (never the password).
#[derive(Default)]
struct Typed {
    name: String,
    address: String,
    login: String,
}

#[derive(Template)]
#[template(path = "me/apps.html")]
struct AppsPage {
    me: Me,
    entries: Vec<Row>,
    form: Typed,
    editing: Option<Row>,
    error: Option<String>,
}

fn row(e: &AppPassword) -> Row {
    Row {
        id: e.id.clone(),
        name: e.name.clone(),
        address: e.address.clone(),
        login: e.login.clone(),
        updated: e.updated_at.to_rfc3339().chars().take(10).collect(),
    }
}

fn refusal(tr: &Tr, r: AppPasswordRefusal) -> String {
    tr.t(&format!("me-app-{}", r.code()))
}

/// The entry's fields as posted.
struct Posted {
    typed: Typed,
    password: String,
}

impl Posted {
    fn of(f: &HashMap<String, String>) -> Posted {
        let get = |k: &str| f.get(k).cloned().unwrap_or_default();
        Posted {
            typed: Typed {
                name: get("name"),
                address: get("address"),
                login: get("login"),
            },
            password: get("password"),
        }
    }

    fn input(&self) -> AppPasswordInput<'_> {
        AppPasswordInput {
            name: &self.typed.name,
            address: &self.typed.address,
            login: &self.typed.login,
            password: &self.password,
        }
    }
}

async fn page(
    s: &AppState,
    ctx: &SelfCtx,
    status: StatusCode,
    flash: Option<&str>,
    form: Typed,
    editing: Option<String>,
    error: Option<String>,
) -> Response {
    let entries = match s.services.list_app_passwords(&ctx.caller).await {
        Ok(e) => e,
        Err(e) => return failure(&ctx.page, &e),
    };
    let editing = match editing {
        Some(id) => match entries.iter().find(|e| e.id == id) {
            Some(e) => Some(row(e)),
            None => return Redirect::to("/me/apps").into_response(),
        },
        None => None,
    };
    let mut me = ctx.me();
    me.flash_ok = flash.map(|k| ctx.page.tr.t(k));
    ctx.render(
        status,
        &AppsPage {
            me,
            entries: entries.iter().map(row).collect(),
            form,
            editing,
            error,
        },
    )
}

/// A change the core refused: the form again with the reason, or a failure.
async fn refused(
    s: &AppState,
    ctx: &SelfCtx,
    e: &ServiceError,
    form: Typed,
    editing: Option<String>,
) -> Response {
    let key = match e {
        ServiceError::ReauthRequired => "me-apps-reauth",
        ServiceError::NotFound { .. } => return Redirect::to("/me/apps").into_response(),
        _ => return failure(&ctx.page, e),
    };
    let text = ctx.page.tr.t(key);
    page(
        s,
        ctx,
        crate::service_errors::status_of(e),
        None,
        form,
        editing,
        Some(text),
    )
    .await
}

pub async fn show(
    State(s): State<AppState>,
    ctx: SelfCtx,
    q: axum::extract::Query<HashMap<String, String>>,
) -> Response {
    let flash = match q.get("done").map(String::as_str) {
        Some("saved") => Some("me-apps-saved"),
        Some("deleted") => Some("me-apps-deleted"),
        _ => None,
    };
    page(
        &s,
        &ctx,
        StatusCode::OK,
        flash,
        Typed::default(),
        None,
        None,
    )
    .await
}

pub async fn edit(State(s): State<AppState>, ctx: SelfCtx, Path(id): Path<String>) -> Response {
    page(
        &s,
        &ctx,
        StatusCode::OK,
        None,
        Typed::default(),
        Some(id),
        None,
    )
    .await
}

pub async fn add(
    State(s): State<AppState>,
    ctx: SelfCtx,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    if let Some(r) = ctx.post_refusal(&s, &f).await {
        return r;
    }
    let posted = Posted::of(&f);
    match s
        .services
        .add_app_password(&ctx.caller, &posted.input())
        .await
    {
        Ok(Ok(())) => Redirect::to("/me/apps?done=saved").into_response(),
        Ok(Err(r)) => {
            let text = refusal(&ctx.page.tr, r);
            page(
                &s,
                &ctx,
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                posted.typed,
                None,
                Some(text),
            )
            .await
        }
        Err(e) => refused(&s, &ctx, &e, posted.typed, None).await,
    }
}

pub async fn update(
    State(s): State<AppState>,
    ctx: SelfCtx,
    Path(id): Path<String>,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    if let Some(r) = ctx.post_refusal(&s, &f).await {
        return r;
    }
    let posted = Posted::of(&f);
    match s
        .services
        .update_app_password(&ctx.caller, &id, &posted.input())
        .await
    {
        Ok(Ok(())) => Redirect::to("/me/apps?done=saved").into_response(),
        Ok(Err(r)) => {
            let text = refusal(&ctx.page.tr, r);
            page(
                &s,
                &ctx,
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                Typed::default(),
                Some(id),
                Some(text),
            )
            .await
        }
        Err(e) => refused(&s, &ctx, &e, Typed::default(), Some(id)).await,
    }
}

pub async fn delete(
    State(s): State<AppState>,
    ctx: SelfCtx,
    Path(id): Path<String>,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    if let Some(r) = ctx.post_refusal(&s, &f).await {
        return r;
    }
    match s.services.delete_app_password(&ctx.caller, &id).await {
        Ok(()) => Redirect::to("/me/apps?done=deleted").into_response(),
        Err(e) => refused(&s, &ctx, &e, Typed::default(), None).await,
    }
}
