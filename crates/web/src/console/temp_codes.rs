//! The temporary-code section of the user page: generate (once or multiple uses, preset or
//! chosen expiry), the one-time result page with the talking points, replace and revoke.

use super::context::{AdminCtx, Nav};
use super::form::urlencode;
use super::pages::{error_page, render};
use crate::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use regain_core::admin::Permission;
use regain_core::service::{Expiry, ServiceError, TempCodeStatus};
use regain_core::temp_code::{PRESETS, TempCode, Uses};
use std::collections::HashMap;

/// What the user page shows in its temporary-code section.
pub struct Section {
    pub enabled: bool,
    pub can_manage: bool,
    pub active: Option<ActiveCode>,
    pub last_ended: Option<String>,
    /// `(key, label)` of the presets within the caller's cap.
    pub presets: Vec<(&'static str, &'static str)>,
    pub cap: String,
    pub time_zone: String,
    /// Zone names for the select (the administrator's own is `time_zone`).
    pub zones: Vec<String>,
    /// The user still has a push device or phone: the stolen-device advice applies.
    pub has_device: bool,
}

pub struct ActiveCode {
    pub uses: &'static str,
    pub expires: String,
    pub use_count: u32,
    pub created_by: String,
}

/// Why a code ended, in words.
fn ended(c: &TempCode, tz: &str) -> String {
    let when = c
        .ended_at
        .map(|t| crate::zone::display(t, tz))
        .unwrap_or_default();
    let why = match c.end_reason.as_deref().unwrap_or("") {
        "revoked" => "revoked by an administrator".to_owned(),
        "replaced" => "replaced by a new code".to_owned(),
        "used" => "used (it was valid once)".to_owned(),
        r if r.starts_with("normal_factor_used:") => format!(
            "deleted automatically: the user signed in with their {}",
            match &r["normal_factor_used:".len()..] {
                "push" => "push authenticator",
                "sms" => "SMS code",
                _ => "OTP token",
            }
        ),
        r if r.starts_with("method_enrolled:") => format!(
            "deleted automatically: the user enrolled a {}",
            match &r["method_enrolled:".len()..] {
                "push_device" => "push authenticator",
                "phone_number" => "phone number",
                _ => "OTP token",
            }
        ),
        other => other.to_owned(),
    };
    format!("The last code was {why} ({when}).")
}

pub fn section(ctx: &AdminCtx, st: &TempCodeStatus, tz: &str, has_device: bool) -> Section {
    Section {
        enabled: st.enabled,
        can_manage: ctx.allows(Permission::ManageTemporaryCodes),
        active: st.active.as_ref().map(|c| ActiveCode {
            uses: c.uses.label(),
            expires: crate::zone::display(c.expires_at, tz),
            use_count: c.use_count,
            created_by: c.created_by.clone(),
        }),
        last_ended: st.last_ended.as_ref().map(|c| ended(c, tz)),
        presets: PRESETS
            .iter()
            .filter(|(_, _, d)| *d <= st.cap)
            .map(|(k, l, _)| (*k, *l))
            .collect(),
        cap: regain_core::time::format_duration(st.cap),
        time_zone: tz.to_owned(),
        zones: if ctx.allows(Permission::ManageTemporaryCodes) {
            crate::zone::available()
        } else {
            Vec::new()
        },
        has_device,
    }
}

#[derive(Template)]
#[template(path = "console/temp_code.html")]
struct ResultPage {
    nav: Nav,
    username: String,
    formatted: String,
    uses: &'static str,
    multiple: bool,
    expires: String,
    replaced: bool,
}

fn expiry(f: &HashMap<String, String>, tz: &str) -> Result<Expiry, ServiceError> {
    match f.get("expires").map(String::as_str).unwrap_or("") {
        "custom" => crate::zone::parse_local(f.get("expires_at").map_or("", String::as_str), tz)
            .map(Expiry::At)
            .map_err(|m| ServiceError::invalid("expires_at", m)),
        key => PRESETS
            .iter()
            .find(|(k, _, _)| *k == key)
            .map(|(_, _, d)| Expiry::In(*d))
            .ok_or_else(|| ServiceError::invalid("expires", "choose an expiry")),
    }
}

/// Generate or replace (`replace=1`): the result page is the only place the code ever appears.
pub async fn issue(
    State(s): State<AppState>,
    ctx: AdminCtx,
    uri: axum::http::Uri,
    headers: axum::http::HeaderMap,
    Path(username): Path<String>,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    if let Some(r) = ctx.csrf_refusal(f.get("csrf")) {
        return r;
    }
    // The administrator's zone: chosen on the form (and remembered), else as before.
    let chosen = f.get("tz").and_then(|z| crate::zone::valid(z));
    let tz = chosen
        .clone()
        .unwrap_or_else(|| crate::zone::for_request(&headers, &s.config.time_zone));
    let replace = f.get("replace").map(String::as_str) == Some("1");
    let Some(uses) = f.get("uses").and_then(|u| Uses::parse(u)) else {
        return error_page(
            &ctx,
            &ServiceError::invalid("uses", "choose Use once or Use multiple times"),
        );
    };
    let expiry = match expiry(&f, &tz) {
        Ok(e) => e,
        Err(e) => return error_page(&ctx, &e),
    };
    match s
        .services
        .generate_temporary_code(&ctx.caller, &username, uses, expiry, replace)
        .await
    {
        Ok(issued) => {
            let mut res = render(
                StatusCode::OK,
                &ResultPage {
                    nav: ctx.nav("users"),
                    username: issued.username,
                    formatted: issued.formatted,
                    uses: issued.uses.label(),
                    multiple: issued.uses == Uses::Multiple,
                    expires: crate::zone::display(issued.expires_at, &tz),
                    replaced: replace,
                },
            );
            if let Some(z) = chosen
                && let Ok(v) = format!(
                    "{}={z}; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=31536000",
                    crate::zone::ZONE_COOKIE
                )
                .parse()
            {
                res.headers_mut().append(axum::http::header::SET_COOKIE, v);
            }
            res
        }
        Err(e) => super::pages::refused(&ctx, &e, &uri, &super::form::of_map(&f)),
    }
}

pub async fn revoke(
    State(s): State<AppState>,
    ctx: AdminCtx,
    Path(username): Path<String>,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    if let Some(r) = ctx.csrf_refusal(f.get("csrf")) {
        return r;
    }
    if f.get("confirm").map(String::as_str) != Some("yes") {
        return error_page(
            &ctx,
            &ServiceError::invalid("confirm", "tick the confirmation box to revoke the code"),
        );
    }
    match s
        .services
        .revoke_temporary_code(&ctx.caller, &username)
        .await
    {
        Ok(_) => Redirect::to(&format!(
            "/admin/users/{}?done=tempcode_revoked",
            urlencode(&username)
        ))
        .into_response(),
        Err(e) => error_page(&ctx, &e),
    }
}
