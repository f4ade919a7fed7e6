//! Self-service pages at `/me`: users sign in (password, then a code from a method they
//! already have) and enrol a push device, an authenticator app or a phone, as their policy
//! allows. Server-rendered, no JavaScript; the session is separate from the console's (own
//! cookie, own token purpose), and every action is authorised by the core services for the
//! user's own account only. Every text is translated (the languages of the password help
//! app, [`crate::i18n`]).

mod apps;
mod auth;
mod methods;
mod questions;

use crate::console::context_cookie as cookie;
use crate::i18n::Tr;
use crate::i18n::page::Page;
use crate::{AppState, ClientAddr};
use askama::Template;
use axum::Router;
use axum::extract::FromRequestParts;
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use regain_core::service::{Caller, ServiceError};

/// `__Host-` pins the cookie to this host, path `/`, and HTTPS.
pub const SELF_COOKIE: &str = "__Host-regain-me";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/me", get(methods::home))
        .route("/me/login", get(auth::show).post(auth::submit))
        .route("/me/login/code", post(auth::submit_code))
        .route("/me/logout", post(auth::logout))
        .route("/me/otp", post(methods::otp_start))
        .route("/me/otp/confirm", post(methods::otp_confirm))
        .route("/me/phone", post(methods::phone_start))
        .route("/me/phone/confirm", post(methods::phone_confirm))
        .route("/me/push", post(methods::push_start))
        .route(
            "/me/questions",
            get(questions::show).post(questions::submit),
        )
        .route("/me/questions/later", post(questions::later))
        .route("/me/apps", get(apps::show).post(apps::add))
        .route("/me/apps/{id}", get(apps::edit).post(apps::update))
        .route("/me/apps/{id}/delete", post(apps::delete))
}

/// The signed-in user, and the request's language.
pub struct SelfCtx {
    pub caller: Caller,
    pub token: String,
    pub csrf: String,
    pub username: String,
    pub page: Page,
}

/// The language of a page without a session (the sign-in page).
pub struct MePage(pub Page);

impl FromRequestParts<AppState> for MePage {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<MePage, Response> {
        Ok(MePage(Page::of_request(state, parts, "/me/login")))
    }
}

impl FromRequestParts<AppState> for SelfCtx {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let page = Page::of_request(state, parts, "/me");
        let to_login = || Redirect::to("/me/login").into_response();
        let Some(token) = cookie(&parts.headers, SELF_COOKIE).map(str::to_owned) else {
            return Err(to_login());
        };
        let client = ClientAddr::from_request_parts(parts, state)
            .await
            .unwrap_or(ClientAddr(None));
        match state
            .services
            .self_session_caller(&token, client.render().as_deref())
            .await
        {
            Ok(Some((caller, session))) => Ok(SelfCtx {
                username: session.username,
                csrf: session.csrf_token,
                token,
                caller,
                page,
            }),
            Ok(None) => Err(to_login()),
            Err(e) => Err(failure(&page, &e)),
        }
    }
}

/// What the layout needs.
pub struct Me {
    pub tr: Tr,
    pub page: Page,
    pub username: String,
    pub csrf: String,
    pub flash_ok: Option<String>,
    pub flash_error: Option<String>,
}

impl SelfCtx {
    pub fn me(&self) -> Me {
        Me {
            tr: self.page.tr,
            page: self.page.clone(),
            username: self.username.clone(),
            csrf: self.csrf.clone(),
            flash_ok: None,
            flash_error: None,
        }
    }

    /// The refusal when the form's token is not the session's (constant-time comparison).
    pub fn csrf_refusal(&self, submitted: Option<&String>) -> Option<Response> {
        let ok = submitted
            .is_some_and(|s| regain_crypto::constant_time_eq(s.as_bytes(), self.csrf.as_bytes()));
        (!ok).then(|| {
            message(
                &self.page,
                StatusCode::FORBIDDEN,
                "me-expired-title",
                "me-expired-text",
            )
        })
    }

    /// The refusal of a form that changes something: a token that is not the session's, or a
    /// policy that opens nothing before the security questions are enrolled.
    pub async fn post_refusal(
        &self,
        s: &AppState,
        form: &std::collections::HashMap<String, String>,
    ) -> Option<Response> {
        if let Some(r) = self.csrf_refusal(form.get("csrf")) {
            return Some(r);
        }
        questions::must_enrol_first(s, self).await
    }

    /// Renders one of the signed-in pages.
    pub fn render<T: Template>(&self, status: StatusCode, t: &T) -> Response {
        self.page.render(status, t)
    }
}

#[derive(Template)]
#[template(path = "me/message.html")]
struct MessagePage<'a> {
    page: &'a Page,
    title: String,
    text: String,
}

/// A page with a title and a text, and a link back to the user's methods.
fn message(page: &Page, status: StatusCode, title_key: &str, text_key: &str) -> Response {
    page.render(
        status,
        &MessagePage {
            page,
            title: page.tr.t(title_key),
            text: page.tr.t(text_key),
        },
    )
}

/// A service call failed (the database, directory or SMS gateway, mostly; a refusal the user
/// can act on is shown on its page instead): nothing was changed. The status is the one
/// mapping's ([`crate::service_errors`]); the page names no detail.
pub fn failure(page: &Page, e: &ServiceError) -> Response {
    tracing::error!(error = %e, "self-service request failed");
    message(
        page,
        crate::service_errors::status_of(e),
        "me-unavailable-title",
        "me-unavailable-text",
    )
}
