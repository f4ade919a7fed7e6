//! The administration console at `/admin`: server-rendered pages (askama templates checked at
//! compile time), working without JavaScript. Every action is authorised by the core services
//! for the signed-in administrator's role; the pages only hide what the role may not do.

mod audit;
mod auth;
pub(crate) mod chain_check;
mod context;
mod form;
mod notifications;
mod pages;
mod policies;
mod questions;
mod reauth;
mod roles;
mod settings;
mod temp_codes;
mod users;

pub use context::{AdminCtx, SESSION_COOKIE, cookie as context_cookie};

use crate::AppState;
use axum::Router;
use axum::routing::{get, post};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin", get(pages::home))
        .route("/admin/login", get(auth::show).post(auth::submit))
        .route("/admin/login/code", post(auth::submit_code))
        .route("/admin/login/enroll", post(auth::submit_enroll))
        .route("/admin/reauth", post(reauth::confirm))
        .route("/admin/logout", post(auth::logout))
        .route("/admin/users", get(users::list))
        .route("/admin/users/{username}", get(users::show))
        .route("/admin/users/{username}/unlock", post(users::unlock))
        .route(
            "/admin/users/{username}/proofing",
            post(users::record_proofing),
        )
        .route("/admin/users/{username}/policy", post(users::set_policy))
        .route("/admin/users/{username}/email", post(users::set_email))
        .route(
            "/admin/users/{username}/answers/clear",
            post(users::clear_answers),
        )
        .route("/admin/users/{username}/tempcode", post(temp_codes::issue))
        .route(
            "/admin/users/{username}/tempcode/revoke",
            post(temp_codes::revoke),
        )
        .route(
            "/admin/users/{username}/methods/{method}/delete",
            post(users::delete_method),
        )
        .route("/admin/settings", get(settings::show).post(settings::save))
        .route("/admin/audit", get(audit::show))
        .route(
            "/admin/policies",
            get(policies::list).post(policies::create),
        )
        .route(
            "/admin/policies/{name}",
            get(policies::edit).post(policies::save),
        )
        .route(
            "/admin/questions",
            get(questions::list).post(questions::add),
        )
        .route("/admin/questions/{id}", post(questions::update))
        .route("/admin/questions/{id}/delete", post(questions::delete))
        .route(
            "/admin/notifications",
            get(notifications::page).post(notifications::subscribe),
        )
        .route(
            "/admin/notifications/{id}/delete",
            post(notifications::unsubscribe),
        )
        .route("/admin/notifications/test", post(notifications::test))
        .route("/admin/roles", get(roles::list).post(roles::create))
        .route("/admin/roles/assign", post(roles::assign))
        .route("/admin/roles/{name}", get(roles::edit).post(roles::save))
}
