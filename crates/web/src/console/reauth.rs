//! Re-authentication for sensitive actions (security requirement 47). When a service answers
//! `ReauthRequired`, the console shows a code form that carries the original form's fields;
//! once the code is right it answers `307 Temporary Redirect` to the original action, so the
//! browser repeats the same POST (same fields, same form token) and the action continues. No
//! JavaScript, and nothing changes until the code is confirmed.

use super::AdminCtx;
use super::context::Nav;
use super::pages::{failure, render};
use crate::AppState;
use askama::Template;
use axum::extract::{RawForm, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

/// Fields of the re-authentication form itself; never carried over.
const OWN_FIELDS: [&str; 3] = ["csrf", "reauth_next", "reauth_code"];

#[derive(Template)]
#[template(path = "console/reauth.html")]
struct ReauthPage {
    nav: Nav,
    next: String,
    fields: Vec<(String, String)>,
    error: Option<String>,
}

/// Whether `next` is a console action this form may continue to: a path under `/admin/`, never
/// another host or a path that leaves the console.
fn is_console_action(next: &str) -> bool {
    next.starts_with("/admin/")
        && !next.contains("//")
        && !next.contains("..")
        && !next.contains('\\')
        && next
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/-_.%".contains(c))
}

/// The code form for `action`, carrying `fields` (the original form's, without its token).
pub fn ask(
    ctx: &AdminCtx,
    action: &str,
    fields: &[(String, String)],
    error: Option<String>,
) -> Response {
    let fields: Vec<(String, String)> = fields
        .iter()
        .filter(|(k, _)| !OWN_FIELDS.contains(&k.as_str()))
        .cloned()
        .collect();
    render(
        if error.is_some() {
            StatusCode::UNAUTHORIZED
        } else {
            StatusCode::FORBIDDEN
        },
        &ReauthPage {
            nav: ctx.nav(""),
            next: action.to_owned(),
            fields,
            error,
        },
    )
}

pub async fn confirm(State(s): State<AppState>, ctx: AdminCtx, RawForm(raw): RawForm) -> Response {
    let f = super::form::pairs(&raw);
    let get = |k: &str| f.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    if let Some(r) = ctx.csrf_refusal(get("csrf").as_ref()) {
        return r;
    }
    let next = get("reauth_next").unwrap_or_default();
    if !is_console_action(&next) {
        return (
            StatusCode::BAD_REQUEST,
            "the form names no console action to continue",
        )
            .into_response();
    }
    let code = get("reauth_code").unwrap_or_default();
    match s
        .services
        .reauthenticate(&ctx.token, &ctx.caller, &code)
        .await
    {
        // The browser repeats the original POST, fields and form token included.
        Ok(true) => (StatusCode::TEMPORARY_REDIRECT, [(header::LOCATION, next)]).into_response(),
        Ok(false) => ask(
            &ctx,
            &next,
            &f,
            Some(
                "That code is not right. Enter the current code from your authenticator app."
                    .into(),
            ),
        ),
        Err(e) => failure(&e),
    }
}

#[cfg(test)]
mod tests {
    use super::is_console_action;

    #[test]
    fn only_console_actions_are_continued() {
        assert!(is_console_action("/admin/roles/Helpdesk%20staff"));
        assert!(is_console_action("/admin/users/alice/tempcode"));
        for bad in [
            "https://evil.example/admin/x",
            "//evil.example/admin/",
            "/admin/../setup/x",
            "/adminx",
            "/admin/a\\b",
            "/admin/a?x=1",
            "/admin/\r\nSet-Cookie",
        ] {
            assert!(!is_console_action(bad), "{bad}");
        }
    }
}
