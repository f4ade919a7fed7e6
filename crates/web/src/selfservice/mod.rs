//! Self-service pages at `/me`: users sign in (password, then a code from a method they
//! already have) and enrol a push device, an authenticator app or a phone, as their policy
//! allows. Server-rendered, no JavaScript; the session is separate from the console's (own
//! cookie, own token purpose), and every action is authorised by the core services for the
//! user's own account only.

mod auth;
mod methods;
mod questions;

use crate::console::context_cookie as cookie;
use crate::{AppState, ClientAddr};
use askama::Template;
use axum::Router;
use axum::extract::FromRequestParts;
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{Html, IntoResponse, Redirect, Response};
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
}

/// The signed-in user.
pub struct SelfCtx {
    pub caller: Caller,
    pub token: String,
    pub csrf: String,
    pub username: String,
}

impl FromRequestParts<AppState> for SelfCtx {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
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
            }),
            Ok(None) => Err(to_login()),
            Err(e) => Err(failure(&e)),
        }
    }
}

/// What the layout needs.
pub struct Me {
    pub username: String,
    pub csrf: String,
    pub flash_ok: Option<String>,
    pub flash_error: Option<String>,
}

impl SelfCtx {
    pub fn me(&self) -> Me {
        Me {
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
            (
                StatusCode::FORBIDDEN,
                Html("<!doctype html><title>Expired form</title><p>This form has expired or did not come from this site. Go back, reload the page and try again.</p>"),
            )
                .into_response()
        })
    }
}

pub fn render<T: Template>(status: StatusCode, t: &T) -> Response {
    match t.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template rendering failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "internal error\n").into_response()
        }
    }
}

/// A service call failed (the database, directory or SMS gateway, mostly; a refusal the user
/// can act on is shown on its page instead): nothing was changed. The status is the one
/// mapping's ([`crate::service_errors`]); the page names no detail.
pub fn failure(e: &ServiceError) -> Response {
    tracing::error!(error = %e, "self-service request failed");
    (
        crate::service_errors::status_of(e),
        Html("<!doctype html><title>Unavailable</title><p>Regain cannot complete this right now. Nothing was changed. Try again in a minute.</p>"),
    )
        .into_response()
}
