//! The one-time setup page where the first administrator chooses a password. The token in the
//! link is the credential: it is stored only as a keyed hash and is used up on success.

use crate::html::{escape, page};
use crate::{AppState, ClientAddr};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use regain_core::service::ServiceError;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

const INVALID: &str = "<h1>Link not valid</h1><p>This setup link is invalid, already used, or expired. \
    Ask an operator to create a new one with <code>regain user setup-link NAME</code>.</p>";

fn form(username: &str, error: Option<&str>) -> String {
    let error = error
        .map(|e| {
            format!(
                "<p class=\"error\" role=\"alert\" id=\"err\">{}</p>",
                escape(e)
            )
        })
        .unwrap_or_default();
    format!(
        "<h1>Choose your password</h1><p>You are setting the password of <strong>{}</strong>.</p>{error}\
         <form method=\"post\"><label for=\"password\">New password</label>\
         <input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"new-password\" required aria-describedby=\"err\">\
         <label for=\"confirm\">Repeat it</label>\
         <input id=\"confirm\" name=\"confirm\" type=\"password\" autocomplete=\"new-password\" required>\
         <button type=\"submit\">Set password</button></form>",
        escape(username)
    )
}

pub async fn show(State(s): State<AppState>, Path(token): Path<String>) -> Response {
    match s.services.setup_link_subject(&token).await {
        Ok(Some(user)) => page("Set your password", &form(&user, None)).into_response(),
        Ok(None) => (StatusCode::NOT_FOUND, page("Link not valid", INVALID)).into_response(),
        Err(e) => unavailable(e),
    }
}

#[derive(Deserialize)]
pub struct SetupForm {
    password: String,
    confirm: String,
}

pub async fn submit(
    State(s): State<AppState>,
    Path(token): Path<String>,
    client: ClientAddr,
    Form(f): Form<SetupForm>,
) -> Response {
    let user = match s.services.setup_link_subject(&token).await {
        Ok(Some(u)) => u,
        Ok(None) => {
            return (StatusCode::NOT_FOUND, page("Link not valid", INVALID)).into_response();
        }
        Err(e) => return unavailable(e),
    };
    let password = SecretString::from(f.password);
    if password.expose_secret() != f.confirm {
        return (
            StatusCode::UNPROCESSABLE_ENTITY,
            page(
                "Set your password",
                &form(
                    &user,
                    Some("The two passwords differ: type the same password twice."),
                ),
            ),
        )
            .into_response();
    }
    match s.services.complete_setup(&token, &password, client.render().as_deref()).await {
        Ok(name) => page(
            "Password set",
            &format!(
                "<h1>Password set</h1><p class=\"ok\">The password of <strong>{}</strong> is set. This link no longer works.</p>",
                escape(&name)
            ),
        )
        .into_response(),
        Err(e) if e.is_user_error() => {
            (StatusCode::UNPROCESSABLE_ENTITY, page("Set your password", &form(&user, Some(&e.to_string())))).into_response()
        }
        Err(e) => unavailable(e),
    }
}

fn unavailable(e: ServiceError) -> Response {
    tracing::error!(error = %e, "setup page failed");
    (
        StatusCode::SERVICE_UNAVAILABLE,
        page(
            "Unavailable",
            "<h1>Temporarily unavailable</h1><p>Try again in a minute.</p>",
        ),
    )
        .into_response()
}
