//! The cookies of the two sign-in flows (console and self-service): the double-submit token of
//! the sign-in form, the session cookie set on sign-in and cleared on sign-out. All `__Host-`,
//! `Secure`, `HttpOnly`, `SameSite=Strict`.

use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};

fn append(res: &mut Response, cookie: String) {
    if let Ok(v) = cookie.parse() {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
}

/// Sets the session cookie `name` to `token` on `res` (ends with the browser session).
pub fn set(res: &mut Response, name: &str, token: &str) {
    append(
        res,
        format!("{name}={token}; Path=/; Secure; HttpOnly; SameSite=Strict"),
    );
}

pub fn clear(res: &mut Response, name: &str) {
    append(
        res,
        format!("{name}=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0"),
    );
}

/// Sets the sign-in form's double-submit token (valid an hour) on `res`.
pub fn with_form_token(mut res: Response, pre_cookie: &str, token: &str) -> Response {
    append(
        &mut res,
        format!("{pre_cookie}={token}; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=3600"),
    );
    res
}

/// Whether the form's token matches its cookie (constant time; an empty cookie never matches).
pub fn form_token_matches(
    headers: &HeaderMap,
    pre_cookie: &str,
    submitted: Option<&String>,
) -> bool {
    matches!((crate::console::context_cookie(headers, pre_cookie), submitted), (Some(a), Some(b))
        if !a.is_empty() && regain_crypto::constant_time_eq(a.as_bytes(), b.as_bytes()))
}

/// The redirect after a sign-in: the new session cookie set, the form's token gone.
pub fn signed_in(location: &str, session_cookie: &str, token: &str, pre_cookie: &str) -> Response {
    let mut res = Redirect::to(location).into_response();
    set(&mut res, session_cookie, token);
    clear(&mut res, pre_cookie);
    res
}

/// The redirect after a sign-out, the session cookie cleared.
pub fn signed_out(location: &str, session_cookie: &str) -> Response {
    let mut res = Redirect::to(location).into_response();
    clear(&mut res, session_cookie);
    res
}
