//! Signing in to the self-service pages: password, then (for users who have a method) a code
//! from it. The sign-in form carries a double-submit token against login CSRF; every failure
//! gets one message so the page never tells whether a user exists.

use super::{MePage, SELF_COOKIE, SelfCtx, failure};
use crate::i18n::page::Page;
use crate::{AppState, ClientAddr};
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use regain_core::ports::Secrets;
use regain_core::service::SelfSignIn;
use secrecy::SecretString;
use std::collections::HashMap;

const PRE_COOKIE: &str = "__Host-regain-me-pre";

#[derive(Template)]
#[template(path = "me/login.html")]
struct LoginPage<'a> {
    page: &'a Page,
    csrf: String,
    pending: Option<String>,
    username: String,
    error: Option<String>,
    notice: Option<String>,
}

/// The sign-in page; `error` and `notice` are translation keys.
fn login_page(
    page: &Page,
    status: StatusCode,
    secrets: &dyn Secrets,
    error: Option<&str>,
    notice: Option<String>,
    pending: Option<String>,
) -> Response {
    let csrf = secrets.random_token();
    let res = page.render(
        status,
        &LoginPage {
            page,
            csrf: csrf.clone(),
            pending,
            username: String::new(),
            error: error.map(|k| page.tr.t(k)),
            notice,
        },
    );
    crate::session_cookies::with_form_token(res, PRE_COOKIE, &csrf)
}

fn pre_ok(headers: &HeaderMap, f: &HashMap<String, String>) -> bool {
    crate::session_cookies::form_token_matches(headers, PRE_COOKIE, f.get("csrf"))
}

pub async fn show(
    State(s): State<AppState>,
    MePage(page): MePage,
    q: axum::extract::Query<HashMap<String, String>>,
) -> Response {
    let notice = q.get("signed_out").map(|_| page.tr.t("me-signed-out"));
    login_page(
        &page,
        StatusCode::OK,
        s.services.secrets.as_ref(),
        None,
        notice,
        None,
    )
}

/// A user who signed in gets their notices in the language of these pages from now on; not
/// remembering it loses only that.
async fn remember_language(s: &AppState, page: &Page, r: &SelfSignIn) {
    if let SelfSignIn::Done(session) = r
        && let Err(e) = s
            .services
            .remember_language(&session.username, page.tr.lang.code())
            .await
    {
        tracing::warn!(error = %e, "cannot remember the user's language for their notices");
    }
}

fn outcome(s: &AppState, page: &Page, r: SelfSignIn, retry: bool) -> Response {
    let secrets = s.services.secrets.as_ref();
    match r {
        SelfSignIn::Done(session) => signed_in(&session.token),
        SelfSignIn::CodeRequired {
            pending,
            sms_sent_to,
        } => {
            let notice = match sms_sent_to {
                Some(m) => page.tr.t1("me-code-sent", "number", m),
                None => page.tr.t("me-code-app"),
            };
            if retry {
                login_page(
                    page,
                    StatusCode::UNAUTHORIZED,
                    secrets,
                    Some("me-code-wrong"),
                    None,
                    Some(pending),
                )
            } else {
                login_page(
                    page,
                    StatusCode::OK,
                    secrets,
                    None,
                    Some(notice),
                    Some(pending),
                )
            }
        }
        SelfSignIn::RemoteEnrollmentNotAllowed => login_page(
            page,
            StatusCode::FORBIDDEN,
            secrets,
            Some("me-no-remote-enrollment"),
            None,
            None,
        ),
        SelfSignIn::TemporaryCodeRequired => login_page(
            page,
            StatusCode::FORBIDDEN,
            secrets,
            Some("me-temporary-code-required"),
            None,
            None,
        ),
        SelfSignIn::Refused if retry => login_page(
            page,
            StatusCode::UNAUTHORIZED,
            secrets,
            Some("me-refused-restart"),
            None,
            None,
        ),
        SelfSignIn::Refused => login_page(
            page,
            StatusCode::UNAUTHORIZED,
            secrets,
            Some("me-refused"),
            None,
            None,
        ),
    }
}

pub async fn submit(
    State(s): State<AppState>,
    headers: HeaderMap,
    client: ClientAddr,
    MePage(page): MePage,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    if !pre_ok(&headers, &f) {
        return login_page(
            &page,
            StatusCode::FORBIDDEN,
            s.services.secrets.as_ref(),
            Some("me-login-expired"),
            None,
            None,
        );
    }
    let username = f.get("username").cloned().unwrap_or_default();
    let password = SecretString::from(f.get("password").cloned().unwrap_or_default());
    match s
        .services
        .self_sign_in(username.trim(), &password, client.render().as_deref())
        .await
    {
        Ok(r) => {
            remember_language(&s, &page, &r).await;
            outcome(&s, &page, r, false)
        }
        Err(e) => failure(&page, &e),
    }
}

pub async fn submit_code(
    State(s): State<AppState>,
    headers: HeaderMap,
    client: ClientAddr,
    MePage(page): MePage,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    if !pre_ok(&headers, &f) {
        return login_page(
            &page,
            StatusCode::FORBIDDEN,
            s.services.secrets.as_ref(),
            Some("me-login-expired"),
            None,
            None,
        );
    }
    let pending = f.get("pending").cloned().unwrap_or_default();
    let code = f.get("code").cloned().unwrap_or_default();
    match s
        .services
        .self_sign_in_code(&pending, code.trim(), client.render().as_deref())
        .await
    {
        Ok(r) => {
            remember_language(&s, &page, &r).await;
            outcome(&s, &page, r, true)
        }
        Err(e) => failure(&page, &e),
    }
}

pub async fn logout(
    State(s): State<AppState>,
    ctx: SelfCtx,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    if let Some(r) = ctx.csrf_refusal(f.get("csrf")) {
        return r;
    }
    if let Err(e) = s.services.self_sign_out(&ctx.token, &ctx.caller).await {
        return failure(&ctx.page, &e);
    }
    crate::session_cookies::signed_out("/me/login?signed_out=1", SELF_COOKIE)
}

fn signed_in(token: &str) -> Response {
    crate::session_cookies::signed_in("/me", SELF_COOKIE, token, PRE_COOKIE)
}
