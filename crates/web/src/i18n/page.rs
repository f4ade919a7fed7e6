//! The parts of every translated page (`/sso` and `/me`): the language chosen for the request,
//! the links to the same page in the other languages, the base of every link (the configured
//! public URL, never the `Host` header), and rendering that remembers a language chosen by a
//! link in a cookie.

use crate::AppState;
use crate::i18n::{LANG_COOKIE, Lang, Tr};
use askama::Template;
use axum::extract::Query;
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use std::collections::HashMap;

/// A link to another language of the same page.
#[derive(Debug, Clone)]
pub struct LangLink {
    pub code: &'static str,
    pub name: &'static str,
    pub href: String,
    pub current: bool,
}

/// The parts of every page.
#[derive(Debug, Clone)]
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

    /// The page of this request: its path, its `?lang=`, its cookie and `Accept-Language`.
    /// A form's answer (a POST) links its languages to `fallback` instead, as the form's own
    /// address only answers POST.
    pub fn of_request(s: &AppState, parts: &Parts, fallback: &str) -> Page {
        let query = Query::<HashMap<String, String>>::try_from_uri(&parts.uri)
            .map(|q| q.0)
            .unwrap_or_default();
        let path = if parts.method == Method::GET {
            parts.uri.path()
        } else {
            fallback
        };
        Page::new(s, &parts.headers, &query, path)
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
}
