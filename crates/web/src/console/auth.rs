//! Sign-in and sign-out. The sign-in form is protected against login CSRF by a double-submit
//! token (cookie and field must match); a new session id is issued at every sign-in.

use super::AdminCtx;
use super::context::SESSION_COOKIE;
use super::pages::{failure, render};
use crate::{AppState, ClientAddr};
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use regain_core::ports::Secrets;
use regain_core::service::SignIn;
use secrecy::SecretString;
use std::collections::HashMap;

const PRE_COOKIE: &str = "__Host-regain-pre";

#[derive(Template)]
#[template(path = "console/login.html")]
struct LoginPage {
    csrf: String,
    /// Set on the second step: the pending sign-in awaiting its code.
    pending: Option<String>,
    /// Set when the administrator enrols their first OTP token during sign-in.
    enroll: Option<Enroll>,
    username: String,
    error: Option<String>,
    notice: Option<String>,
}

/// The token to add to an authenticator app, shown once during sign-in.
struct Enroll {
    pending: String,
    qr: String,
    seed: String,
}

fn login_page(
    status: StatusCode,
    secrets: &dyn Secrets,
    username: String,
    error: Option<String>,
    notice: Option<String>,
    pending: Option<String>,
) -> Response {
    login_page_with(status, secrets, username, error, notice, pending, None)
}

fn login_page_with(
    status: StatusCode,
    secrets: &dyn Secrets,
    username: String,
    error: Option<String>,
    notice: Option<String>,
    pending: Option<String>,
    enroll: Option<Enroll>,
) -> Response {
    let csrf = secrets.random_token();
    let res = render(
        status,
        &LoginPage {
            pending,
            enroll,
            csrf: csrf.clone(),
            username,
            error,
            notice,
        },
    );
    crate::session_cookies::with_form_token(res, PRE_COOKIE, &csrf)
}

/// The enrollment step of a sign-in: the new token as a QR code and as text, and its first code.
fn enroll_page(
    status: StatusCode,
    secrets: &dyn Secrets,
    error: Option<String>,
    pending: String,
    seed_base32: String,
    otpauth_uri: &str,
) -> Response {
    login_page_with(
        status,
        secrets,
        String::new(),
        error,
        Some("Password accepted. The console needs a second factor: add this token to your authenticator app, then enter the code it shows.".into()),
        None,
        Some(Enroll {
            pending,
            qr: crate::qr::svg(otpauth_uri).unwrap_or_default(),
            seed: seed_base32,
        }),
    )
}

pub async fn show(
    State(s): State<AppState>,
    headers: HeaderMap,
    q: axum::extract::Query<HashMap<String, String>>,
) -> Response {
    let notice = q
        .get("signed_out")
        .map(|_| "You are signed out.".to_owned());
    let _ = headers;
    login_page(
        StatusCode::OK,
        s.services.secrets.as_ref(),
        String::new(),
        None,
        notice,
        None,
    )
}

pub async fn submit(
    State(s): State<AppState>,
    headers: HeaderMap,
    client: ClientAddr,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    let username = f.get("username").cloned().unwrap_or_default();
    let csrf_ok = crate::session_cookies::form_token_matches(&headers, PRE_COOKIE, f.get("csrf"));
    if !csrf_ok {
        return login_page(
            StatusCode::FORBIDDEN,
            s.services.secrets.as_ref(),
            username,
            Some("The sign-in form expired. Please try again.".into()),
            None,
            None,
        );
    }
    let password = SecretString::from(f.get("password").cloned().unwrap_or_default());
    match s.services.sign_in(&username, &password, client.render().as_deref()).await {
        Ok(SignIn::Done(session)) => signed_in(&session.token),
        Ok(SignIn::CodeRequired { pending }) => login_page(
            StatusCode::OK,
            s.services.secrets.as_ref(),
            username,
            None,
            Some("Password accepted. Enter the code your authenticator app shows now.".into()),
            Some(pending),
        ),
        Ok(SignIn::EnrollmentRequired {
            pending,
            seed_base32,
            otpauth_uri,
        }) => enroll_page(
            StatusCode::OK,
            s.services.secrets.as_ref(),
            None,
            pending,
            seed_base32,
            &otpauth_uri,
        ),
        // One message for every reason: the page never tells whether a user exists.
        Ok(SignIn::Refused) => login_page(
            StatusCode::UNAUTHORIZED,
            s.services.secrets.as_ref(),
            username,
            Some("Sign-in failed: the user name or password is wrong, the account is locked, or it may not use the console.".into()),
            None, None),
        Err(e) => failure(&e),
    }
}

pub async fn logout(
    State(s): State<AppState>,
    ctx: AdminCtx,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    if let Some(r) = ctx.csrf_refusal(f.get("csrf")) {
        return r;
    }
    if let Err(e) = s.services.sign_out(&ctx.token, &ctx.caller).await {
        return failure(&e);
    }
    crate::session_cookies::signed_out("/admin/login?signed_out=1", SESSION_COOKIE)
}

/// The second step: the code for a pending sign-in.
pub async fn submit_code(
    State(s): State<AppState>,
    headers: HeaderMap,
    client: ClientAddr,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    let Some((pending, code)) = step_form(&headers, &f) else {
        return start_again(
            &s,
            StatusCode::FORBIDDEN,
            "The sign-in form expired. Please start again.",
        );
    };
    match s
        .services
        .sign_in_code(&pending, &code, client.render().as_deref())
        .await
    {
        Ok(SignIn::Done(session)) => signed_in(&session.token),
        Ok(SignIn::CodeRequired { pending }) => login_page(
            StatusCode::UNAUTHORIZED,
            s.services.secrets.as_ref(),
            String::new(),
            Some(
                "That code is not right. Enter the current code from your authenticator app."
                    .into(),
            ),
            None,
            Some(pending),
        ),
        Ok(SignIn::Refused | SignIn::EnrollmentRequired { .. }) => start_again(
            &s,
            StatusCode::UNAUTHORIZED,
            "Sign-in failed: start again with your user name and password.",
        ),
        Err(e) => failure(&e),
    }
}

/// The enrollment step: the first code of the token just added to the app.
pub async fn submit_enroll(
    State(s): State<AppState>,
    headers: HeaderMap,
    client: ClientAddr,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    let Some((pending, code)) = step_form(&headers, &f) else {
        return start_again(
            &s,
            StatusCode::FORBIDDEN,
            "The sign-in form expired. Please start again.",
        );
    };
    match s
        .services
        .sign_in_enroll(&pending, &code, client.render().as_deref())
        .await
    {
        Ok(SignIn::Done(session)) => signed_in(&session.token),
        Ok(SignIn::EnrollmentRequired {
            pending,
            seed_base32,
            otpauth_uri,
        }) => enroll_page(
            StatusCode::UNAUTHORIZED,
            s.services.secrets.as_ref(),
            Some("That code is not right. Check that the app shows the token you just added and that its clock is correct, then enter the current code.".into()),
            pending,
            seed_base32,
            &otpauth_uri,
        ),
        Ok(SignIn::Refused | SignIn::CodeRequired { .. }) => start_again(
            &s,
            StatusCode::UNAUTHORIZED,
            "Sign-in failed: start again with your user name and password.",
        ),
        Err(e) => failure(&e),
    }
}

/// A later step's form (code or enrollment): its pending sign-in and code, when its form token
/// matches the sign-in cookie's; `None` when it does not (the form expired).
fn step_form(headers: &HeaderMap, f: &HashMap<String, String>) -> Option<(String, String)> {
    crate::session_cookies::form_token_matches(headers, PRE_COOKIE, f.get("csrf")).then(|| {
        let field = |k: &str| f.get(k).cloned().unwrap_or_default();
        (field("pending"), field("code"))
    })
}

/// The first sign-in page again, with why the step before ended.
fn start_again(s: &AppState, status: StatusCode, why: &str) -> Response {
    login_page(
        status,
        s.services.secrets.as_ref(),
        String::new(),
        Some(why.to_owned()),
        None,
        None,
    )
}

/// The redirect into the console with the new session cookie (and the sign-in form's token gone).
fn signed_in(token: &str) -> Response {
    crate::session_cookies::signed_in("/admin", SESSION_COOKIE, token, PRE_COOKIE)
}
