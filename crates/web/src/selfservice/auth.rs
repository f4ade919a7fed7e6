//! Signing in to the self-service pages: password, then (for users who have a method) a code
//! from it. The sign-in form carries a double-submit token against login CSRF; every failure
//! gets one message so the page never tells whether a user exists.

use super::{SELF_COOKIE, SelfCtx, failure, render};
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
const REFUSED: &str =
    "Sign-in failed: the user name or password is wrong, or the account is locked or disabled.";

#[derive(Template)]
#[template(path = "me/login.html")]
struct LoginPage {
    csrf: String,
    pending: Option<String>,
    username: String,
    error: Option<String>,
    notice: Option<String>,
}

fn login_page(
    status: StatusCode,
    secrets: &dyn Secrets,
    error: Option<&str>,
    notice: Option<String>,
    pending: Option<String>,
) -> Response {
    let csrf = secrets.random_token();
    let res = render(
        status,
        &LoginPage {
            csrf: csrf.clone(),
            pending,
            username: String::new(),
            error: error.map(str::to_owned),
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
    q: axum::extract::Query<HashMap<String, String>>,
) -> Response {
    let notice = q
        .get("signed_out")
        .map(|_| "You are signed out.".to_owned());
    login_page(
        StatusCode::OK,
        s.services.secrets.as_ref(),
        None,
        notice,
        None,
    )
}

fn outcome(s: &AppState, r: SelfSignIn, retry: bool) -> Response {
    let secrets = s.services.secrets.as_ref();
    match r {
        SelfSignIn::Done(session) => signed_in(&session.token),
        SelfSignIn::CodeRequired {
            pending,
            sms_sent_to,
        } => {
            let notice = match sms_sent_to {
                Some(m) => format!("Password accepted. Enter the code we sent to {m}."),
                None => "Password accepted. Enter the current code from your authenticator app, or the offline code of your push app.".to_owned(),
            };
            if retry {
                login_page(
                    StatusCode::UNAUTHORIZED,
                    secrets,
                    Some("That code is not right. Enter the current code."),
                    None,
                    Some(pending),
                )
            } else {
                login_page(StatusCode::OK, secrets, None, Some(notice), Some(pending))
            }
        }
        SelfSignIn::RemoteEnrollmentNotAllowed => login_page(
            StatusCode::FORBIDDEN,
            secrets,
            Some(
                "You have no sign-in method yet, and your user policy does not allow adding one remotely. Please see your helpdesk in person.",
            ),
            None,
            None,
        ),
        SelfSignIn::TemporaryCodeRequired => login_page(
            StatusCode::FORBIDDEN,
            secrets,
            Some(
                "You have no sign-in method yet. To add one remotely, your policy asks for a temporary code from your helpdesk as well as your password: call them first.",
            ),
            None,
            None,
        ),
        SelfSignIn::Refused if retry => login_page(
            StatusCode::UNAUTHORIZED,
            secrets,
            Some("Sign-in failed: start again with your user name and password."),
            None,
            None,
        ),
        SelfSignIn::Refused => {
            login_page(StatusCode::UNAUTHORIZED, secrets, Some(REFUSED), None, None)
        }
    }
}

pub async fn submit(
    State(s): State<AppState>,
    headers: HeaderMap,
    client: ClientAddr,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    if !pre_ok(&headers, &f) {
        return login_page(
            StatusCode::FORBIDDEN,
            s.services.secrets.as_ref(),
            Some("The sign-in form expired. Please try again."),
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
        Ok(r) => outcome(&s, r, false),
        Err(e) => failure(&e),
    }
}

pub async fn submit_code(
    State(s): State<AppState>,
    headers: HeaderMap,
    client: ClientAddr,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    if !pre_ok(&headers, &f) {
        return login_page(
            StatusCode::FORBIDDEN,
            s.services.secrets.as_ref(),
            Some("The sign-in form expired. Please start again."),
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
        Ok(r) => outcome(&s, r, true),
        Err(e) => failure(&e),
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
        return failure(&e);
    }
    crate::session_cookies::signed_out("/me/login?signed_out=1", SELF_COOKIE)
}

fn signed_in(token: &str) -> Response {
    crate::session_cookies::signed_in("/me", SELF_COOKIE, token, PRE_COOKIE)
}
