//! Settings (gear menu): temporary codes on/off and their longest lifetime, self-service on/off
//! and mode. Each change is authorised separately: toggling temporary codes needs its own
//! permission.

use super::context::{AdminCtx, Nav, flash};
use super::pages::{error_page, render};
use crate::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use regain_core::admin::Permission;
use regain_core::service::ServiceError;
use regain_core::settings::EnterpriseSettings;
use regain_core::time::format_duration;
use std::collections::HashMap;

#[derive(Template)]
#[template(path = "console/settings.html")]
struct SettingsPage {
    nav: Nav,
    allow_temporary_codes: bool,
    max_lifetime: String,
    digits: String,
    max_error: Option<String>,
    self_service_enabled: bool,
    mode: String,
    can_toggle: bool,
    can_manage: bool,
}

fn page(ctx: &AdminCtx, s: &EnterpriseSettings) -> SettingsPage {
    SettingsPage {
        nav: ctx.nav("settings"),
        allow_temporary_codes: s.allow_temporary_codes,
        max_lifetime: format_duration(s.temporary_code_max_lifetime),
        digits: s.temporary_code_digits.to_string(),
        max_error: None,
        self_service_enabled: s.self_service_enabled,
        mode: s.self_service_mode.key().into(),
        can_toggle: ctx.allows(Permission::ToggleTemporaryCodes),
        can_manage: ctx.allows(Permission::ManageSettings),
    }
}

pub async fn show(
    State(s): State<AppState>,
    ctx: AdminCtx,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    match s.services.show_settings(&ctx.caller).await {
        Ok(current) => {
            let mut p = page(&ctx, &current);
            p.nav.flash_ok = flash(q.get("done"));
            render(StatusCode::OK, &p)
        }
        Err(e) => error_page(&ctx, &e),
    }
}

pub async fn save(
    State(s): State<AppState>,
    ctx: AdminCtx,
    uri: axum::http::Uri,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    if let Some(r) = ctx.csrf_refusal(f.get("csrf")) {
        return r;
    }
    let current = match s.services.show_settings(&ctx.caller).await {
        Ok(c) => c,
        Err(e) => return error_page(&ctx, &e),
    };
    // The form holds every field the page showed as editable; checkboxes are absent when
    // unchecked. Only values that differ become changes, and each is authorised by the service,
    // so a forged field for a permission the admin lacks is refused, not ignored.
    let mut wanted: Vec<(String, String)> = Vec::new();
    let checkbox = |name: &str| f.get(name).is_some_and(|v| v == "true");
    if ctx.allows(Permission::ToggleTemporaryCodes) || f.contains_key("allow_temporary_codes") {
        wanted.push((
            "allow_temporary_codes".into(),
            checkbox("allow_temporary_codes").to_string(),
        ));
    }
    if ctx.allows(Permission::ManageSettings)
        || f.contains_key("temporary_code_max_lifetime")
        || f.contains_key("self_service_mode")
    {
        if let Some(v) = f.get("temporary_code_max_lifetime") {
            wanted.push(("temporary_code_max_lifetime".into(), v.trim().to_owned()));
        }
        if let Some(v) = f.get("temporary_code_digits") {
            wanted.push(("temporary_code_digits".into(), v.trim().to_owned()));
        }
        wanted.push((
            "self_service_enabled".into(),
            checkbox("self_service_enabled").to_string(),
        ));
        if let Some(v) = f.get("self_service_mode") {
            wanted.push(("self_service_mode".into(), v.clone()));
        }
    }
    let before: HashMap<&str, String> = current.entries().into_iter().collect();
    let changes: Vec<(String, String)> = match current.set_many(&wanted) {
        Ok(next) => next
            .entries()
            .into_iter()
            .filter(|(k, v)| before.get(k) != Some(v))
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
        Err(e) => return invalid(&ctx, &current, &f, &e.into()),
    };
    if changes.is_empty() {
        return Redirect::to("/admin/settings?done=unchanged").into_response();
    }
    match s.services.set_settings(&ctx.caller, &changes).await {
        Ok(_) => Redirect::to("/admin/settings?done=settings").into_response(),
        Err(e @ ServiceError::Invalid { .. }) => invalid(&ctx, &current, &f, &e),
        Err(e @ ServiceError::Denied(_)) => error_page(&ctx, &e),
        Err(e) => super::pages::refused(&ctx, &e, &uri, &super::form::of_map(&f)),
    }
}

/// The page again, with what the admin typed and the message next to the field.
fn invalid(
    ctx: &AdminCtx,
    current: &EnterpriseSettings,
    f: &HashMap<String, String>,
    e: &ServiceError,
) -> Response {
    let mut p = page(ctx, current);
    if let Some(v) = f.get("temporary_code_max_lifetime") {
        p.max_lifetime = v.clone();
    }
    if let Some(v) = f.get("temporary_code_digits") {
        p.digits = v.clone();
    }
    p.allow_temporary_codes = f.get("allow_temporary_codes").is_some_and(|v| v == "true");
    p.self_service_enabled = f.get("self_service_enabled").is_some_and(|v| v == "true");
    if let Some(m) = f.get("self_service_mode") {
        p.mode = m.clone();
    }
    p.max_error = Some(match e {
        ServiceError::Invalid { message, .. } => message.clone(),
        other => other.to_string(),
    });
    p.nav.flash_error = Some("Nothing was saved: correct the field marked below.".into());
    render(crate::service_errors::status_of(e), &p)
}
