//! The user's own methods: the list, and enrolling a push device (link + QR), an authenticator
//! app (QR + first code) and a phone (SMS code).

use super::{Me, SelfCtx, failure};
use crate::AppState;
use crate::i18n::Tr;
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use regain_core::methods::{MethodKind, MethodState};
use regain_core::service::ServiceError;
use std::collections::HashMap;

struct Row {
    kind: String,
    label: String,
    state: String,
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
    /// Shown once, on the first page; never kept in a page or cookie.
    seed: Option<String>,
    method_id: String,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "me/phone.html")]
struct PhonePage {
    me: Me,
    sent: String,
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

/// A refusal the user can act on: shown on the page, translated; anything else is a failure.
/// The services' own texts are English (they serve the CLI and the API too): the page says
/// what the field's refusal means instead.
fn user_error(tr: &Tr, e: &ServiceError) -> Option<String> {
    let key = match e {
        ServiceError::Invalid { field, .. } => match field.as_str() {
            "number" => "me-error-number",
            "sms" => "me-error-sms",
            "code" => "me-error-code",
            "enrollment" => "me-no-enrollment",
            _ => "me-error-invalid",
        },
        ServiceError::Denied(_) => "me-error-denied",
        ServiceError::ReauthRequired => "me-error-reauth",
        ServiceError::NotFound { .. } => "me-error-gone",
        _ => return None,
    };
    Some(tr.t(key))
}

fn kind_text(tr: &Tr, kind: MethodKind) -> String {
    tr.t(match kind {
        MethodKind::OtpToken => "me-kind-otp",
        MethodKind::PushDevice => "me-kind-push",
        MethodKind::PhoneNumber => "me-kind-phone",
    })
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
        (Err(e), _) | (_, Err(e)) => return failure(&ctx.page, &e),
    };
    let tr = ctx.page.tr;
    let rows = methods
        .iter()
        .map(|m| Row {
            kind: kind_text(&tr, m.kind),
            label: m.label.clone(),
            state: tr.t(if m.state == MethodState::Active {
                "me-state-active"
            } else {
                "me-state-pending"
            }),
            created: minute(m.created_at),
            last_used: m.last_used_at.map_or_else(|| tr.t("me-never"), minute),
        })
        .collect();
    let status = if number_error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    ctx.render(
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
        Some("otp") => Some("me-done-otp"),
        Some("phone") => Some("me-done-phone"),
        Some("questions") => Some("enroll-saved"),
        _ => None,
    }
    .map(|k| ctx.page.tr.t(k));
    match super::questions::prompt(&s, &ctx).await {
        Ok(Some(to_enrollment)) if me.flash_ok.is_none() => return to_enrollment,
        Ok(_) => {}
        Err(e) => return failure(&ctx.page, &e),
    }
    home_page(&s, &ctx, me, String::new(), None).await
}

pub async fn otp_start(
    State(s): State<AppState>,
    ctx: SelfCtx,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    if let Some(r) = ctx.post_refusal(&s, &f).await {
        return r;
    }
    // A name left empty becomes the method's kind in the user's language.
    let label = f
        .get("label")
        .map(|l| l.trim().to_owned())
        .filter(|l| !l.is_empty())
        .unwrap_or_else(|| ctx.page.tr.t("me-otp-heading"));
    match s
        .services
        .begin_otp_enrollment(&ctx.caller, &ctx.username, &label)
        .await
    {
        Ok(e) => ctx.render(
            StatusCode::OK,
            &OtpPage {
                me: ctx.me(),
                qr: crate::qr::svg(&e.otpauth_uri).unwrap_or_default(),
                seed: Some(e.seed_base32),
                method_id: e.method_id.to_string(),
                error: None,
            },
        ),
        Err(e) => match user_error(&ctx.page.tr, &e) {
            Some(msg) => {
                let mut me = ctx.me();
                me.flash_error = Some(msg);
                home_page(&s, &ctx, me, String::new(), None).await
            }
            None => failure(&ctx.page, &e),
        },
    }
}

pub async fn otp_confirm(
    State(s): State<AppState>,
    ctx: SelfCtx,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    if let Some(r) = ctx.post_refusal(&s, &f).await {
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
        Err(e) => match user_error(&ctx.page.tr, &e) {
            // The QR code is not shown again (the seed is never kept in a page or cookie):
            // a wrong code is retried with the app already set up.
            Some(msg) => ctx.render(
                crate::service_errors::status_of(&e),
                &OtpPage {
                    me: ctx.me(),
                    qr: String::new(),
                    seed: None,
                    method_id: method,
                    error: Some(msg),
                },
            ),
            None => failure(&ctx.page, &e),
        },
    }
}

pub async fn phone_start(
    State(s): State<AppState>,
    ctx: SelfCtx,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    if let Some(r) = ctx.post_refusal(&s, &f).await {
        return r;
    }
    let number = f.get("number").cloned().unwrap_or_default();
    match s
        .services
        .begin_phone_enrollment(&ctx.caller, &ctx.username, &number)
        .await
    {
        Ok((method_id, masked)) => ctx.render(
            StatusCode::OK,
            &PhonePage {
                me: ctx.me(),
                sent: ctx.page.tr.t1("me-phone-sent", "number", &masked),
                masked,
                method_id,
                error: None,
            },
        ),
        Err(e) => match user_error(&ctx.page.tr, &e) {
            Some(msg) => home_page(&s, &ctx, ctx.me(), number, Some(msg)).await,
            None => failure(&ctx.page, &e),
        },
    }
}

pub async fn phone_confirm(
    State(s): State<AppState>,
    ctx: SelfCtx,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    if let Some(r) = ctx.post_refusal(&s, &f).await {
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
        Err(e) => match user_error(&ctx.page.tr, &e) {
            Some(msg) => {
                let masked: String = f
                    .get("masked")
                    .map(|m| m.chars().take(40).collect())
                    .unwrap_or_default();
                ctx.render(
                    crate::service_errors::status_of(&e),
                    &PhonePage {
                        me: ctx.me(),
                        sent: ctx.page.tr.t1("me-phone-sent", "number", &masked),
                        masked,
                        method_id: method,
                        error: Some(msg),
                    },
                )
            }
            None => failure(&ctx.page, &e),
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
    if let Some(r) = ctx.post_refusal(&s, &f).await {
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
            ctx.render(
                StatusCode::OK,
                &PushPage {
                    me: ctx.me(),
                    qr: crate::qr::svg(&link).unwrap_or_default(),
                    link,
                    expires: minute(l.expires_at),
                },
            )
        }
        Err(e) => match user_error(&ctx.page.tr, &e) {
            Some(msg) => {
                let mut me = ctx.me();
                me.flash_error = Some(msg);
                home_page(&s, &ctx, me, String::new(), None).await
            }
            None => failure(&ctx.page, &e),
        },
    }
}
