//! Rendering helpers shared by the console pages: templates to responses, and service errors to
//! the right status and page.

use super::context::{AdminCtx, Nav};
use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use regain_core::admin::Permission;
use regain_core::service::ServiceError;

pub fn render<T: Template>(status: StatusCode, t: &T) -> Response {
    match t.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template rendering failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "internal error\n").into_response()
        }
    }
}

#[derive(Template)]
#[template(path = "console/error.html")]
struct ErrorPage {
    nav: Nav,
    heading: String,
    message: String,
}

/// What a sensitive form gets when its service call failed: the re-authentication step when a
/// fresh second factor is needed (carrying the form, so the action continues afterwards),
/// otherwise [`error_page`].
pub fn refused(
    ctx: &AdminCtx,
    e: &ServiceError,
    action: &axum::http::Uri,
    form: &[(String, String)],
) -> Response {
    match e {
        ServiceError::ReauthRequired => super::reauth::ask(ctx, action.path(), form, None),
        other => error_page(ctx, other),
    }
}

/// A full console page for a refusal or a missing object.
pub fn error_page(ctx: &AdminCtx, e: &ServiceError) -> Response {
    if crate::service_errors::is_server_fault(e) {
        return failure(e);
    }
    let status = crate::service_errors::status_of(e);
    let heading = match e {
        ServiceError::ReauthRequired => "Confirm it is you",
        _ => match status {
            StatusCode::FORBIDDEN => "Not allowed",
            StatusCode::NOT_FOUND => "Not found",
            _ => "Cannot do that",
        },
    };
    let message = match e {
        ServiceError::Denied(p) => {
            format!("Your administrator role does not include “{}”.", p.label())
        }
        ServiceError::Forbidden(r) => format!("{}.", capitalised(&r.to_string())),
        other => other.to_string(),
    };
    render(
        status,
        &ErrorPage {
            nav: ctx.nav(""),
            heading: heading.into(),
            message,
        },
    )
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// The database or directory failed: nothing was changed; say so without internal detail (the
/// status is the one mapping's, [`crate::service_errors`]).
pub fn failure(e: &ServiceError) -> Response {
    tracing::error!(error = %e, "console request failed");
    (
        crate::service_errors::status_of(e),
        Html("<!doctype html><title>Unavailable</title><p>Regain cannot reach its database or directory right now. Nothing was changed. Try again in a minute.</p>"),
    )
        .into_response()
}

pub fn csrf_refused() -> Response {
    (StatusCode::FORBIDDEN, Html("<!doctype html><title>Expired form</title><p>This form has expired or did not come from this console. Go back, reload the page and try again.</p>")).into_response()
}

/// `/admin`: the first section this administrator may use.
pub async fn home(ctx: AdminCtx) -> Response {
    let target = [
        (Permission::ViewUsers, "/admin/users"),
        (Permission::ManagePolicies, "/admin/policies"),
        (Permission::ManageRoles, "/admin/roles"),
        (Permission::ManageSecurityQuestions, "/admin/questions"),
        (Permission::ReadAuditLog, "/admin/audit"),
        (Permission::ManageSettings, "/admin/settings"),
        (Permission::ToggleTemporaryCodes, "/admin/settings"),
    ]
    .into_iter()
    .find(|(p, _)| ctx.allows(*p))
    .map(|(_, path)| path);
    match target {
        Some(path) => Redirect::to(path).into_response(),
        None => error_page(&ctx, &ServiceError::Denied(Permission::ViewUsers)),
    }
}
