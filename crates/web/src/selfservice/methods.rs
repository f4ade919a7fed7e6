//! The user's own methods: the list, and enrolling a push device (link + QR), an authenticator
//! app (QR + first code) and a phone (SMS code).

use super::{Me, SelfCtx, failure, render};
use crate::AppState;
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use regain_core::methods::MethodState;
use regain_core::service::ServiceError;
use std::collections::HashMap;

struct Row {
    kind: &'static str,
    label: String,
    state: &'static str,
    created: String,
    last_used: String,
}

#[derive(Template)]
#[template(path = "me/home.html")]
struct Home {
    me: Me,
    methods: Vec<Row>,
    may_enroll: bool,
    number: String,
    number_error: Option<String>,
}

#[derive(Template)]
#[template(path = "me/otp.html")]
struct OtpPage {
    me: Me,
    qr: String,
    seed: String,
    method_id: String,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "me/phone.html")]
struct PhonePage {
    me: Me,
    masked: String,
    method_id: String,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "me/push.html")]
struct PushPage {
    me: Me,
    qr: String,
    link: String,
    expires: String,
}

fn minute(t: regain_core::time::Timestamp) -> String {
    t.to_rfc3339()
        .chars()
        .take(16)
        .collect::<String>()
        .replace('T', " ")
        + " UTC"
}

/// A refusal the user can act on: shown on the page; anything else is a failure.
fn user_error(e: &ServiceError) -> Option<String> {
    match e {
        ServiceError::Invalid { message, .. } => Some(message.clone()),
        ServiceError::Denied(_) => Some("You may not do that here; ask your helpdesk.".into()),
        ServiceError::ReauthRequired => Some(
            "Changing your phone number needs a fresh code: sign out, sign in again with a code from your app or your current phone, then change it within 5 minutes.".into(),
        ),
        ServiceError::NotFound { .. } => {
            Some("That enrollment is no longer pending: start again.".into())
        }
        _ => None,
    }
}

async fn home_page(
    s: &AppState,
    ctx: &SelfCtx,
    me: Me,
    number: String,
    number_error: Option<String>,
) -> Response {
    let svc = &s.services;
    let (methods, may_enroll) = match (
        svc.list_methods(&ctx.caller, &ctx.username).await,
        svc.may_enroll(&ctx.caller, &ctx.username).await,
    ) {
        (Ok(m), Ok(may)) => (m, may),
        (Err(e), _) | (_, Err(e)) => return failure(&e),
    };
    let rows = methods
        .iter()
        .map(|m| Row {
            kind: m.kind.label(),
            label: m.label.clone(),
            state: if m.state == MethodState::Active {
                "active"
            } else {
                "waiting for confirmation"
            },
            created: minute(m.created_at),
            last_used: m.last_used_at.map_or_else(|| "never".to_owned(), minute),
        })
        .collect();
    let status = if number_error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    render(
        status,
        &Home {
            me,
            methods: rows,
            may_enroll,
            number,
            number_error,
        },
    )
}

pub async fn home(
    State(s): State<AppState>,
    ctx: SelfCtx,
    q: axum::extract::Query<HashMap<String, String>>,
) -> Response {
    let mut me = ctx.me();
    me.flash_ok = match q.get("done").map(String::as_str) {
        Some("otp") => Some("Your authenticator app is ready to use.".into()),
        Some("phone") => Some("Your phone can now receive sign-in codes.".into()),
        Some("questions") => Some("Your security questions are saved.".into()),
        _ => None,
    };
    match super::questions::prompt(&s, &ctx).await {
        Ok(Some(to_enrollment)) if me.flash_ok.is_none() => return to_enrollment,
        Ok(_) => {}
        Err(e) => return failure(&e),
    }
    home_page(&s, &ctx, me, String::new(), None).await
}

pub async fn otp_start(
    State(s): State<AppState>,
    ctx: SelfCtx,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    if let Some(r) = ctx.csrf_refusal(f.get("csrf")) {
        return r;
    }
    if let Some(r) = super::questions::must_enrol_first(&s, &ctx).await {
        return r;
    }
    let label = f.get("label").cloned().unwrap_or_default();
    match s
        .services
        .begin_otp_enrollment(&ctx.caller, &ctx.username, &label)
        .await
    {
        Ok(e) => render(
            StatusCode::OK,
            &OtpPage {
                me: ctx.me(),
                qr: crate::qr::svg(&e.otpauth_uri).unwrap_or_default(),
                seed: e.seed_base32,
                method_id: e.method_id.to_string(),
                error: None,
            },
        ),
        Err(e) => match user_error(&e) {
            Some(msg) => {
                let mut me = ctx.me();
                me.flash_error = Some(msg);
                home_page(&s, &ctx, me, String::new(), None).await
            }
            None => failure(&e),
        },
    }
}

pub async fn otp_confirm(
    State(s): State<AppState>,
    ctx: SelfCtx,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    if let Some(r) = ctx.csrf_refusal(f.get("csrf")) {
        return r;
    }
    if let Some(r) = super::questions::must_enrol_first(&s, &ctx).await {
        return r;
    }
    let method = f.get("method").cloned().unwrap_or_default();
    let code = f.get("code").cloned().unwrap_or_default();
    match s
        .services
        .confirm_otp_enrollment(&ctx.caller, &ctx.username, &method, code.trim())
        .await
    {
        Ok(()) => Redirect::to("/me?done=otp").into_response(),
        Err(e) => match user_error(&e) {
            // The QR code is not shown again (the seed is never kept in a page or cookie):
            // a wrong code is retried with the app already set up.
            Some(msg) => render(
                crate::service_errors::status_of(&e),
                &OtpPage {
                    me: ctx.me(),
                    qr: String::new(),
                    seed: "(shown only on the first page; start again if you did not save it)"
                        .into(),
                    method_id: method,
                    error: Some(msg),
                },
            ),
            None => failure(&e),
        },
    }
}

pub async fn phone_start(
    State(s): State<AppState>,
    ctx: SelfCtx,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    if let Some(r) = ctx.csrf_refusal(f.get("csrf")) {
        return r;
    }
    if let Some(r) = super::questions::must_enrol_first(&s, &ctx).await {
        return r;
    }
    let number = f.get("number").cloned().unwrap_or_default();
    match s
        .services
        .begin_phone_enrollment(&ctx.caller, &ctx.username, &number)
        .await
    {
        Ok((method_id, masked)) => render(
            StatusCode::OK,
            &PhonePage {
                me: ctx.me(),
                masked,
                method_id,
                error: None,
            },
        ),
        Err(e) => match user_error(&e) {
            Some(msg) => home_page(&s, &ctx, ctx.me(), number, Some(msg)).await,
            None => failure(&e),
        },
    }
}

pub async fn phone_confirm(
    State(s): State<AppState>,
    ctx: SelfCtx,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    if let Some(r) = ctx.csrf_refusal(f.get("csrf")) {
        return r;
    }
    if let Some(r) = super::questions::must_enrol_first(&s, &ctx).await {
        return r;
    }
    let method = f.get("method").cloned().unwrap_or_default();
    let code = f.get("code").cloned().unwrap_or_default();
    match s
        .services
        .confirm_phone_enrollment(&ctx.caller, &ctx.username, &method, code.trim())
        .await
    {
        Ok(()) => Redirect::to("/me?done=phone").into_response(),
        Err(e) => match user_error(&e) {
            Some(msg) => render(
                crate::service_errors::status_of(&e),
                &PhonePage {
                    me: ctx.me(),
                    masked: f
                        .get("masked")
                        .map(|m| m.chars().take(40).collect())
                        .unwrap_or_default(),
                    method_id: method,
                    error: Some(msg),
                },
            ),
            None => failure(&e),
        },
    }
}

pub async fn push_start(
    State(s): State<AppState>,
    uri: axum::http::Uri,
    headers: axum::http::HeaderMap,
    ctx: SelfCtx,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    if let Some(r) = ctx.csrf_refusal(f.get("csrf")) {
        return r;
    }
    if let Some(r) = super::questions::must_enrol_first(&s, &ctx).await {
        return r;
    }
    match s
        .services
        .begin_push_enrollment(&ctx.caller, &ctx.username)
        .await
    {
        Ok(l) => {
            let base = crate::public_base(&s.config, &uri, &headers);
            let link = format!("{base}/push/enroll#{}", l.token);
            render(
                StatusCode::OK,
                &PushPage {
                    me: ctx.me(),
                    qr: crate::qr::svg(&link).unwrap_or_default(),
                    link,
                    expires: minute(l.expires_at),
                },
            )
        }
        Err(e) => match user_error(&e) {
            Some(msg) => {
                let mut me = ctx.me();
                me.flash_error = Some(msg);
                home_page(&s, &ctx, me, String::new(), None).await
            }
            None => failure(&e),
        },
    }
}
