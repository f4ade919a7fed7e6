//! What every page of the app shares: the language (and its links), the base of every link
//! (the configured public URL, never the `Host` header), the reset session's cookie, the
//! message page, and the translated question texts.

use crate::i18n::{LANG_COOKIE, Lang, Tr};
use crate::{AppState, ClientAddr};
use askama::Template;
use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use regain_core::password_reset::ResetSession;
use std::collections::HashMap;

/// The reset session: `__Host-` pins it to this host, path `/` and HTTPS.
pub const RESET_COOKIE: &str = "__Host-regain-sspr";
/// The start form's double-submit token (there is no session yet).
pub const PRE_COOKIE: &str = "__Host-regain-sspr-pre";

/// A link to another language of the same page.
pub struct LangLink {
    pub code: &'static str,
    pub name: &'static str,
    pub href: String,
    pub current: bool,
}

/// The parts of every page.
pub struct Page {
    pub tr: Tr,
    pub langs: Vec<LangLink>,
    /// The configured public URL (without a trailing slash), or empty: links are then relative
    /// to this host's root, still never taken from the `Host` header.
    pub base: String,
    /// Set when the visitor chose a language with a link: remembered in a cookie.
    chosen: Option<Lang>,
}

/// The base of every link and redirect.
pub fn base(s: &AppState) -> String {
    s.config.public_url.clone().unwrap_or_default()
}

pub fn url(s: &AppState, path: &str) -> String {
    format!("{}{path}", base(s))
}

impl Page {
    /// The page at `path` (for its language links), in the language the request asks for:
    /// `?lang=` (a language link, remembered), the cookie, `Accept-Language`, else English.
    pub fn new(
        s: &AppState,
        headers: &HeaderMap,
        query: &HashMap<String, String>,
        path: &str,
    ) -> Page {
        let chosen = query.get("lang").and_then(|c| Lang::from_code(c));
        let lang = chosen.unwrap_or_else(|| crate::i18n::choose(headers));
        let base = base(s);
        let langs = Lang::ALL
            .into_iter()
            .map(|l| LangLink {
                code: l.code(),
                name: l.native_name(),
                href: format!("{base}{path}?lang={}", l.code()),
                current: l == lang,
            })
            .collect();
        Page {
            tr: Tr::new(lang),
            langs,
            base,
            chosen,
        }
    }

    /// Renders `t` with `status`; remembers a language chosen by a link; never cached.
    pub fn render<T: Template>(&self, status: StatusCode, t: &T) -> Response {
        let mut res = match t.render() {
            Ok(html) => (status, Html(html)).into_response(),
            Err(e) => {
                tracing::error!(error = %e, "template rendering failed");
                return (StatusCode::INTERNAL_SERVER_ERROR, "internal error\n").into_response();
            }
        };
        if let Some(l) = self.chosen
            && let Ok(v) = format!(
                "{LANG_COOKIE}={}; Path=/; Secure; SameSite=Lax; Max-Age=31536000",
                l.code()
            )
            .parse()
        {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
        res
    }

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
        let query = Query::<HashMap<String, String>>::from_request_parts(parts, state)
            .await
            .map(|q| q.0)
            .unwrap_or_default();
        let client = ClientAddr::from_request_parts(parts, state)
            .await
            .unwrap_or(ClientAddr(None));
        Ctx {
            page: Page::new(state, &parts.headers, &query, parts.uri.path()),
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
