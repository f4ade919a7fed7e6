//! What every page of the app shares besides the translated page parts ([`Page`]): the reset
//! session's cookie, the message page, the request context.

use crate::{AppState, ClientAddr};
use askama::Template;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use regain_core::password_reset::ResetSession;
use std::collections::HashMap;

/// The reset session: `__Host-` pins it to this host, path `/` and HTTPS.
pub const RESET_COOKIE: &str = "__Host-regain-sspr";
/// The start form's double-submit token (there is no session yet).
pub const PRE_COOKIE: &str = "__Host-regain-sspr-pre";

pub use crate::i18n::page::{Page, url};

/// The app's own pages.
impl Page {
    /// A page with a title, a text and optionally a button.
    pub fn message(
        &self,
        status: StatusCode,
        title_key: &str,
        text_key: &str,
        action: Option<(String, String)>,
    ) -> Response {
        self.render(
            status,
            &MessagePage {
                page: self,
                title: self.tr.t(title_key),
                text: self.tr.t(text_key),
                action,
            },
        )
    }

    /// The session ended, expired or never was: start again.
    pub fn ended(&self) -> Response {
        self.message(StatusCode::OK, "ended-title", "ended-text", None)
    }

    /// A service call failed (database, directory): nothing was changed.
    pub fn failure(&self, e: &regain_core::service::ServiceError) -> Response {
        tracing::error!(error = %e, "password help request failed");
        self.message(
            crate::service_errors::status_of(e),
            "unavailable-title",
            "unavailable-error",
            None,
        )
    }
}

#[derive(Template)]
#[template(path = "sso/message.html")]
struct MessagePage<'a> {
    page: &'a Page,
    title: String,
    text: String,
    action: Option<(String, String)>,
}

/// The request's page parts, the query it came with and the client's address.
pub struct Ctx {
    pub page: Page,
    pub source: Option<String>,
    pub headers: HeaderMap,
}

impl Ctx {
    pub async fn of(parts: &mut Parts, state: &AppState) -> Ctx {
        let client = ClientAddr::from_request_parts(parts, state)
            .await
            .unwrap_or(ClientAddr(None));
        Ctx {
            // Every endpoint of the table answers GET as well.
            page: Page::of_request(state, parts, parts.uri.path()),
            source: client.render(),
            headers: parts.headers.clone(),
        }
    }

    /// The reset session of the cookie, if it is still valid.
    pub async fn session(
        &self,
        s: &AppState,
    ) -> Result<Option<ResetSession>, regain_core::service::ServiceError> {
        let Some(token) = crate::console::context_cookie(&self.headers, RESET_COOKIE) else {
            return Ok(None);
        };
        s.services.reset_session(token).await
    }
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Ctx, Response> {
        Ok(Ctx::of(parts, state).await)
    }
}

/// Whether a form's token is the session's (constant time).
pub fn csrf_ok(session: &ResetSession, form: &HashMap<String, String>) -> bool {
    form.get("csrf").is_some_and(|c| {
        regain_crypto::constant_time_eq(c.as_bytes(), session.csrf_token.as_bytes())
    })
}

/// Sets the reset session's cookie.
pub fn set_session_cookie(res: &mut Response, token: &str) {
    crate::session_cookies::set(res, RESET_COOKIE, token);
}

/// Clears the reset session's cookie (the session ended).
pub fn clear_session_cookie(res: &mut Response) {
    crate::session_cookies::clear(res, RESET_COOKIE);
}
