//! Users: search and paging, details with lockout state and Unlock, policy change.

use super::context::{AdminCtx, Nav, flash};
use super::form::urlencode;
use super::pages::{error_page, render};
use crate::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use regain_core::admin::Permission;
use regain_core::methods::MethodState;
use regain_core::policy::{SecondFactor, Workflow};
use regain_core::ports::{more_follow, total_text};
use regain_core::user::USER_COUNT_LIMIT;
use std::collections::HashMap;

pub const PAGE_SIZE: u32 = 25;

struct Row {
    username: String,
    display_name: String,
    active: bool,
    directory: String,
}

#[derive(Template)]
#[template(path = "console/users.html")]
struct UsersPage {
    nav: Nav,
    query: String,
    users: Vec<Row>,
    shown: String,
    prev: Option<String>,
    next: Option<String>,
}

fn page_href(q: &str, page: u32) -> String {
    format!("/admin/users?q={}&page={page}", urlencode(q))
}

pub async fn list(
    State(s): State<AppState>,
    ctx: AdminCtx,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let query = q
        .get("q")
        .map(|v| v.trim().chars().take(100).collect::<String>())
        .unwrap_or_default();
    let page = q
        .get("page")
        .and_then(|p| p.parse::<u32>().ok())
        .unwrap_or(1)
        .clamp(1, 100_000);
    let offset = (page - 1) * PAGE_SIZE;
    let result = match s
        .services
        .list_users(&ctx.caller, &query, PAGE_SIZE, offset)
        .await
    {
        Ok(r) => r,
        Err(e) => return error_page(&ctx, &e),
    };
    let first = if result.items.is_empty() {
        0
    } else {
        offset + 1
    };
    let last = offset + result.items.len() as u32;
    let of = total_text(result.total, USER_COUNT_LIMIT);
    let shown = if result.items.is_empty() {
        format!("{of} users")
    } else {
        format!("Showing {first}–{last} of {of} users")
    };
    let more = more_follow(
        result.total,
        USER_COUNT_LIMIT,
        u64::from(offset),
        result.items.len() as u64,
        u64::from(PAGE_SIZE),
    );
    let users = result
        .items
        .into_iter()
        .map(|u| Row {
            username: u.username.to_string(),
            display_name: u.display_name,
            active: u.state == regain_core::user::UserState::Active,
            directory: u.directory_ref,
        })
        .collect();
    render(
        StatusCode::OK,
        &UsersPage {
            nav: ctx.nav("users"),
            prev: (page > 1).then(|| page_href(&query, page - 1)),
            next: more.then(|| page_href(&query, page + 1)),
            query,
            users,
            shown,
        },
    )
}

struct MethodRow {
    id: String,
    kind: &'static str,
    label: String,
    state: &'static str,
    active: bool,
    created: String,
    last_used: Option<String>,
    last_warning: bool,
}

struct Account {
    locked_until: Option<String>,
    password: String,
    disabled: bool,
    logon_hours: String,
}

#[derive(Template)]
#[template(path = "console/user.html")]
struct UserPage {
    nav: Nav,
    username: String,
    display_name: String,
    active: bool,
    directory: String,
    admin_role: String,
    created: String,
    account: Option<Account>,
    can_unlock: bool,
    can_delete_methods: bool,
    proofing_pending: bool,
    methods: Vec<MethodRow>,
    can_change_policy: bool,
    policy: String,
    policies: Vec<String>,
    eligibility: String,
    /// Absent when the user is not eligible (the reference: the section is absent).
    tempcode: Option<super::temp_codes::Section>,
    /// The user's policy enables order signing: deleting an enrollment stops it until proofing.
    signs_orders: bool,
    /// Security questions: enrolled on DATE with N answers, declined on DATE, or not enrolled.
    answers: String,
    has_answers: bool,
    /// The address of the user's notices ("" for none) and their language.
    email: String,
    language: String,
    can_set_email: bool,
}

pub async fn show(
    State(s): State<AppState>,
    ctx: AdminCtx,
    headers: axum::http::HeaderMap,
    Path(username): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let d = match s.services.show_user(&ctx.caller, &username).await {
        Ok(d) => d,
        Err(e) => return error_page(&ctx, &e),
    };
    let proofing_pending = match s
        .services
        .identity_proofing_pending(&ctx.caller, &username)
        .await
    {
        Ok(p) => p,
        Err(e) => return error_page(&ctx, &e),
    };
    let methods = match s.services.list_methods(&ctx.caller, &username).await {
        Ok(m) => m,
        Err(e) => return error_page(&ctx, &e),
    };
    let active = methods
        .iter()
        .filter(|m| m.state == MethodState::Active)
        .count();
    // Deleting the only active factor of a user who may delay enrolling leaves them password-only.
    let warn_last = active == 1
        && d.policy.enrollment.may_delay
        && d.policy
            .rule(Workflow::RemoteAccess)
            .is_some_and(|r| r.second_factor == SecondFactor::Required);
    let methods: Vec<MethodRow> = methods
        .into_iter()
        .map(|m| MethodRow {
            last_warning: warn_last && m.state == MethodState::Active,
            id: m.id.to_string(),
            kind: m.kind.label(),
            label: m.label,
            state: m.state.key(),
            active: m.state == MethodState::Active,
            created: m.created_at.to_rfc3339(),
            last_used: m.last_used_at.map(|t| t.to_rfc3339()),
        })
        .collect();
    let has_device = methods.iter().any(|m| {
        m.active
            && (m.kind == regain_core::methods::MethodKind::PushDevice.label()
                || m.kind == regain_core::methods::MethodKind::PhoneNumber.label())
    });
    let tempcode = match s
        .services
        .temporary_code_status(&ctx.caller, &username)
        .await
    {
        Ok(st) if st.eligible => Some(super::temp_codes::section(
            &ctx,
            &st,
            &crate::zone::for_request(&headers, &s.config.time_zone),
            has_device,
        )),
        Ok(_) => None,
        Err(e) => return error_page(&ctx, &e),
    };
    let can_change_policy = ctx.allows(Permission::ManagePolicies);
    let policies = if can_change_policy {
        match s.services.list_policies(&ctx.caller).await {
            Ok(ps) => ps.into_iter().map(|p| p.name).collect(),
            Err(e) => return error_page(&ctx, &e),
        }
    } else {
        Vec::new()
    };
    let mut nav = ctx.nav("users");
    nav.flash_ok = flash(q.get("done"));
    let account = d.account.map(|a| Account {
        locked_until: a.locked_until.map(|t| {
            regain_core::directory::describe_lock(t)
                .trim_start_matches("locked until ")
                .to_owned()
        }),
        password: match (a.has_password, a.must_change, a.password_expired) {
            (false, _, _) => "not set".into(),
            (true, true, _) => "set; must be changed at next sign-in".into(),
            (true, false, true) => "expired".into(),
            (true, false, false) => a
                .password_changed_at
                .map(|t| format!("set on {t}"))
                .unwrap_or_else(|| "set".into()),
        },
        disabled: a.disabled,
        logon_hours: if a.logon_hours.is_always() {
            "any time".into()
        } else {
            "restricted".into()
        },
    });
    let signs_orders = d.policy.rule(Workflow::OrderSigning).is_some();
    let enrollment = match s
        .services
        .answer_enrollment_of(&ctx.caller, &username)
        .await
    {
        Ok(e) => e,
        Err(e) => return error_page(&ctx, &e),
    };
    let contact = match s.services.user_contact(&ctx.caller, &username).await {
        Ok(c) => c,
        Err(e) => return error_page(&ctx, &e),
    };
    let answers = match (enrollment.enrolled_at, enrollment.declined_at) {
        (Some(at), _) if enrollment.answers > 0 => {
            format!(
                "Enrolled on {} with {} answers.",
                at.to_rfc3339(),
                enrollment.answers
            )
        }
        (_, Some(at)) => format!("Declined on {} (\"Later\").", at.to_rfc3339()),
        _ => "Not enrolled.".to_owned(),
    };
    render(
        StatusCode::OK,
        &UserPage {
            nav,
            username: d.user.username.to_string(),
            display_name: d.user.display_name.clone(),
            active: d.user.state == regain_core::user::UserState::Active,
            directory: d.user.directory_ref.clone(),
            admin_role: d
                .admin_role
                .map(|r| r.name)
                .unwrap_or_else(|| "none".into()),
            created: d.user.created_at.to_rfc3339(),
            account,
            can_unlock: ctx.allows(Permission::UnlockUsers),
            can_delete_methods: ctx.allows(Permission::DeleteEnrollments),
            proofing_pending,
            methods,
            can_change_policy,
            eligibility: if d.policy.temporary_code_eligible() {
                "Eligible for temporary codes: the policy enables remote access or workstation login with a second factor.".into()
            } else {
                "Not eligible for temporary codes under this policy.".into()
            },
            policy: d.policy.name,
            signs_orders,
            policies,
            tempcode,
            answers,
            has_answers: enrollment.answers > 0,
            email: contact.email.unwrap_or_default(),
            language: contact
                .language
                .and_then(|l| crate::i18n::Lang::from_code(&l))
                .map_or_else(
                    || "the default (the user has not used the self-service pages yet)".to_owned(),
                    |l| l.native_name().to_owned(),
                ),
            can_set_email: ctx.allows(Permission::ManageUsers),
        },
    )
}

/// Sets (or, empty, removes) the email address of the user's notices.
pub async fn set_email(
    State(s): State<AppState>,
    ctx: AdminCtx,
    Path(username): Path<String>,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    if let Some(r) = ctx.csrf_refusal(f.get("csrf")) {
        return r;
    }
    let email = f.get("email").cloned().unwrap_or_default();
    match s
        .services
        .set_user_contact(&ctx.caller, &username, Some(&email), None)
        .await
    {
        Ok(_) => Redirect::to(&user_href(&username, "email")).into_response(),
        Err(e) => error_page(&ctx, &e),
    }
}

/// Clears the user's security answers (they enrol again as their policy prompts).
pub async fn clear_answers(
    State(s): State<AppState>,
    ctx: AdminCtx,
    uri: axum::http::Uri,
    Path(username): Path<String>,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    if let Some(r) = ctx.csrf_refusal(f.get("csrf")) {
        return r;
    }
    match s.services.clear_answers(&ctx.caller, &username).await {
        Ok(()) => Redirect::to(&user_href(&username, "answers_cleared")).into_response(),
        Err(e) => super::pages::refused(&ctx, &e, &uri, &super::form::of_map(&f)),
    }
}

fn user_href(username: &str, done: &str) -> String {
    format!("/admin/users/{}?done={done}", urlencode(username))
}

pub async fn unlock(
    State(s): State<AppState>,
    ctx: AdminCtx,
    Path(username): Path<String>,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    if let Some(r) = ctx.csrf_refusal(f.get("csrf")) {
        return r;
    }
    match s.services.unlock_user(&ctx.caller, &username).await {
        Ok(()) => Redirect::to(&user_href(&username, "unlocked")).into_response(),
        Err(e) => error_page(&ctx, &e),
    }
}

pub async fn set_policy(
    State(s): State<AppState>,
    ctx: AdminCtx,
    Path(username): Path<String>,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    if let Some(r) = ctx.csrf_refusal(f.get("csrf")) {
        return r;
    }
    let policy = f.get("policy").cloned().unwrap_or_default();
    match s
        .services
        .set_user_policy(&ctx.caller, &username, &policy)
        .await
    {
        Ok(()) => Redirect::to(&user_href(&username, "policy")).into_response(),
        Err(e) => error_page(&ctx, &e),
    }
}

pub async fn delete_method(
    State(s): State<AppState>,
    ctx: AdminCtx,
    uri: axum::http::Uri,
    Path((username, method)): Path<(String, String)>,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    if let Some(r) = ctx.csrf_refusal(f.get("csrf")) {
        return r;
    }
    if f.get("confirm").map(String::as_str) != Some("yes") {
        return error_page(
            &ctx,
            &regain_core::service::ServiceError::invalid(
                "confirm",
                "tick the confirmation box: deleting an enrollment cannot be undone",
            ),
        );
    }
    match s
        .services
        .delete_enrollment(&ctx.caller, &username, &method)
        .await
    {
        Ok(d) => {
            let done = if d.now_password_only {
                "method_deleted_password_only"
            } else {
                "method_deleted"
            };
            Redirect::to(&user_href(&username, done)).into_response()
        }
        Err(e) => super::pages::refused(&ctx, &e, &uri, &super::form::of_map(&f)),
    }
}

pub async fn record_proofing(
    State(s): State<AppState>,
    ctx: AdminCtx,
    Path(username): Path<String>,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    if let Some(r) = ctx.csrf_refusal(f.get("csrf")) {
        return r;
    }
    let note = f.get("note").cloned().unwrap_or_default();
    match s
        .services
        .record_identity_proofing(&ctx.caller, &username, &note)
        .await
    {
        Ok(_) => Redirect::to(&user_href(&username, "proofed")).into_response(),
        Err(e) => error_page(&ctx, &e),
    }
}
