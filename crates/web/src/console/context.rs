//! Who is signed in: the session cookie resolved to a `Caller`, the form token, and what the
//! navigation may show. Without a valid session, console pages redirect to the sign-in page.

use crate::{AppState, ClientAddr};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use regain_core::admin::Permission;
use regain_core::service::{Authority, Caller};

/// `__Host-` pins the cookie to this host, path `/`, and HTTPS.
pub const SESSION_COOKIE: &str = "__Host-regain";

pub struct AdminCtx {
    pub caller: Caller,
    pub token: String,
    pub csrf: String,
    pub username: String,
    pub role: String,
}

pub fn cookie<'a>(parts: &'a axum::http::HeaderMap, name: &str) -> Option<&'a str> {
    parts
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

impl FromRequestParts<AppState> for AdminCtx {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let to_login = || Redirect::to("/admin/login").into_response();
        let Some(token) = cookie(&parts.headers, SESSION_COOKIE).map(str::to_owned) else {
            return Err(to_login());
        };
        let client = ClientAddr::from_request_parts(parts, state)
            .await
            .unwrap_or(ClientAddr(None));
        match state
            .services
            .session_caller(&token, client.render().as_deref())
            .await
        {
            Ok(Some((caller, session))) => {
                let role = match &caller.authority {
                    Authority::Admin { role, .. } => role.name.clone(),
                    Authority::Operator => "operator".into(),
                    Authority::SelfService { .. } => "self-service".into(),
                };
                Ok(AdminCtx {
                    username: session.username,
                    csrf: session.csrf_token,
                    token,
                    role,
                    caller,
                })
            }
            Ok(None) => Err(to_login()),
            Err(e) => Err(super::pages::failure(&e)),
        }
    }
}

/// What the layout needs: who, the form token, which sections to show, and a message.
pub struct Nav {
    pub username: String,
    pub role: String,
    pub csrf: String,
    pub active: &'static str,
    pub can_users: bool,
    pub can_policies: bool,
    pub can_roles: bool,
    pub can_questions: bool,
    pub can_notifications: bool,
    pub can_audit: bool,
    pub can_settings: bool,
    pub flash_ok: Option<String>,
    pub flash_error: Option<String>,
}

impl AdminCtx {
    pub fn allows(&self, p: Permission) -> bool {
        self.caller.allows(p)
    }

    pub fn nav(&self, active: &'static str) -> Nav {
        Nav {
            username: self.username.clone(),
            role: self.role.clone(),
            csrf: self.csrf.clone(),
            active,
            can_users: self.allows(Permission::ViewUsers),
            can_policies: self.allows(Permission::ManagePolicies),
            can_roles: self.allows(Permission::ManageRoles),
            can_questions: self.allows(Permission::ManageSecurityQuestions),
            can_notifications: self.allows(Permission::ManageNotifications),
            can_audit: self.allows(Permission::ReadAuditLog),
            can_settings: self.allows(Permission::ManageSettings)
                || self.allows(Permission::ToggleTemporaryCodes),
            flash_ok: None,
            flash_error: None,
        }
    }

    /// The refusal to send when the form's token is not the session's (compared in constant
    /// time); `None` when it matches.
    pub fn csrf_refusal(&self, submitted: Option<&String>) -> Option<Response> {
        let ok = submitted
            .is_some_and(|s| regain_crypto::constant_time_eq(s.as_bytes(), self.csrf.as_bytes()));
        (!ok).then(super::pages::csrf_refused)
    }
}

/// Messages shown after a redirect, chosen from a fixed list so a link cannot make the console
/// display arbitrary text.
pub fn flash(code: Option<&String>) -> Option<String> {
    let msg = match code?.as_str() {
        "unlocked" => "The account is unlocked.",
        "answers_cleared" => {
            "The security answers are cleared: the user enrols new ones as their policy prompts."
        }
        "policy" => "The user policy is changed.",
        "email" => "The address for the user's notices is saved.",
        "settings" => "Settings saved.",
        "unchanged" => "Nothing to save: no setting was changed.",
        "assigned" => "The administrator's role is set.",
        "proofed" => {
            "Identity proofing recorded: the user may sign orders again once they have a factor for it."
        }
        "tempcode_revoked" => "The temporary code is revoked: it stops working now.",
        "method_deleted" => {
            "The enrollment is deleted. The user must enrol again to use that method."
        }
        "method_deleted_password_only" => {
            "The enrollment is deleted. The user has no second factor left: remote access is password-only until they enrol again."
        }
        _ => return None,
    };
    Some(msg.to_owned())
}
