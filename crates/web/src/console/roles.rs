//! Administrator roles: list, create, edit permissions (grouped as administrators expect) and
//! the temporary-code limit, assign administrators.

use super::context::{AdminCtx, Nav, flash};
use super::form::{first, pairs, urlencode};
use super::pages::{error_page, render};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, RawForm, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use regain_core::admin::{Permission, PermissionGroup, Role};
use regain_core::service::ServiceError;
use regain_core::time::{format_duration, parse_duration};
use std::collections::{BTreeSet, HashMap};

struct RoleRow {
    name: String,
    builtin: bool,
    permissions: String,
    limit: String,
}

#[derive(Template)]
#[template(path = "console/roles.html")]
struct RolesPage {
    nav: Nav,
    roles: Vec<RoleRow>,
    admins: Vec<(String, String)>,
    new_name: String,
    create_error: Option<String>,
    assign_user: String,
    assign_error: Option<String>,
}

async fn roles_page(s: &AppState, ctx: &AdminCtx) -> Result<RolesPage, Response> {
    let roles = s
        .services
        .list_roles(&ctx.caller)
        .await
        .map_err(|e| error_page(ctx, &e))?;
    let admins = s
        .services
        .list_admins(&ctx.caller)
        .await
        .map_err(|e| error_page(ctx, &e))?;
    Ok(RolesPage {
        nav: ctx.nav("roles"),
        roles: roles
            .into_iter()
            .map(|r| RoleRow {
                permissions: if r.builtin {
                    "every permission".into()
                } else if r.permissions.is_empty() {
                    "none".into()
                } else {
                    r.permissions
                        .iter()
                        .map(|p| p.label())
                        .collect::<Vec<_>>()
                        .join(", ")
                },
                limit: r
                    .limits
                    .max_temporary_code_lifetime
                    .map(format_duration)
                    .unwrap_or_else(|| "enterprise maximum".into()),
                name: r.name,
                builtin: r.builtin,
            })
            .collect(),
        admins,
        new_name: String::new(),
        create_error: None,
        assign_user: String::new(),
        assign_error: None,
    })
}

pub async fn list(
    State(s): State<AppState>,
    ctx: AdminCtx,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    match roles_page(&s, &ctx).await {
        Ok(mut p) => {
            p.nav.flash_ok = flash(q.get("done"));
            render(StatusCode::OK, &p)
        }
        Err(r) => r,
    }
}

pub async fn create(
    State(s): State<AppState>,
    ctx: AdminCtx,
    uri: axum::http::Uri,
    RawForm(raw): RawForm,
) -> Response {
    let f = pairs(&raw);
    if let Some(r) = ctx.csrf_refusal(first(&f, "csrf")) {
        return r;
    }
    let name = first(&f, "name").cloned().unwrap_or_default();
    match s.services.create_role(&ctx.caller, &name).await {
        Ok(role) => Redirect::to(&format!(
            "/admin/roles/{}?done=role_created",
            urlencode(&role.name)
        ))
        .into_response(),
        Err(e @ (ServiceError::Invalid { .. } | ServiceError::AlreadyExists { .. })) => {
            match roles_page(&s, &ctx).await {
                Ok(mut p) => {
                    p.new_name = name;
                    p.create_error = Some(e.to_string());
                    render(crate::service_errors::status_of(&e), &p)
                }
                Err(r) => r,
            }
        }
        Err(e) => super::pages::refused(&ctx, &e, &uri, &f),
    }
}

pub async fn assign(
    State(s): State<AppState>,
    ctx: AdminCtx,
    uri: axum::http::Uri,
    RawForm(raw): RawForm,
) -> Response {
    let f = pairs(&raw);
    if let Some(r) = ctx.csrf_refusal(first(&f, "csrf")) {
        return r;
    }
    let user = first(&f, "username").cloned().unwrap_or_default();
    let role = first(&f, "role").cloned().unwrap_or_default();
    match s
        .services
        .assign_role(&ctx.caller, &role, user.trim())
        .await
    {
        Ok(()) => Redirect::to("/admin/roles?done=assigned").into_response(),
        Err(e @ (ServiceError::Invalid { .. } | ServiceError::NotFound { .. })) => {
            match roles_page(&s, &ctx).await {
                Ok(mut p) => {
                    p.assign_user = user;
                    p.assign_error = Some(e.to_string());
                    render(crate::service_errors::status_of(&e), &p)
                }
                Err(r) => r,
            }
        }
        Err(e) => super::pages::refused(&ctx, &e, &uri, &f),
    }
}

struct PermItem {
    key: &'static str,
    label: &'static str,
    granted: bool,
}

struct Group {
    title: &'static str,
    items: Vec<PermItem>,
}

#[derive(Template)]
#[template(path = "console/role.html")]
struct RolePage {
    nav: Nav,
    name: String,
    groups: Vec<Group>,
    limit: String,
    limit_error: Option<String>,
}

fn role_page(
    ctx: &AdminCtx,
    role: &Role,
    granted: &BTreeSet<Permission>,
    limit: String,
) -> RolePage {
    let groups = [
        (PermissionGroup::Properties, "Properties"),
        (PermissionGroup::Users, "Users"),
        (PermissionGroup::Administration, "Administration"),
    ]
    .into_iter()
    .map(|(g, title)| Group {
        title,
        items: Permission::ALL
            .into_iter()
            .filter(|p| p.group() == g)
            .map(|p| PermItem {
                key: p.key(),
                label: p.label(),
                granted: granted.contains(&p),
            })
            .collect(),
    })
    .collect();
    RolePage {
        nav: ctx.nav("roles"),
        name: role.name.clone(),
        groups,
        limit,
        limit_error: None,
    }
}

async fn find(s: &AppState, ctx: &AdminCtx, name: &str) -> Result<Role, Response> {
    let roles = s
        .services
        .list_roles(&ctx.caller)
        .await
        .map_err(|e| error_page(ctx, &e))?;
    roles
        .into_iter()
        .find(|r| r.name.eq_ignore_ascii_case(name) && !r.builtin)
        .ok_or_else(|| {
            error_page(
                ctx,
                &ServiceError::NotFound {
                    what: "editable role",
                    name: name.to_owned(),
                },
            )
        })
}

pub async fn edit(
    State(s): State<AppState>,
    ctx: AdminCtx,
    Path(name): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let role = match find(&s, &ctx, &name).await {
        Ok(r) => r,
        Err(r) => return r,
    };
    let limit = role
        .limits
        .max_temporary_code_lifetime
        .map(format_duration)
        .unwrap_or_default();
    let mut page = role_page(&ctx, &role, &role.permissions, limit);
    page.nav.flash_ok = match q.get("done").map(String::as_str) {
        Some("role_created") => Some("Role created. Grant its permissions below.".into()),
        Some("role_saved") => Some("Role saved.".into()),
        _ => None,
    };
    render(StatusCode::OK, &page)
}

pub async fn save(
    State(s): State<AppState>,
    ctx: AdminCtx,
    uri: axum::http::Uri,
    Path(name): Path<String>,
    RawForm(raw): RawForm,
) -> Response {
    let f = pairs(&raw);
    if let Some(r) = ctx.csrf_refusal(first(&f, "csrf")) {
        return r;
    }
    let role = match find(&s, &ctx, &name).await {
        Ok(r) => r,
        Err(r) => return r,
    };
    let mut granted = BTreeSet::new();
    for (k, v) in &f {
        if k == "perm" {
            match Permission::parse(v) {
                Ok(p) => {
                    granted.insert(p);
                }
                Err(m) => return error_page(&ctx, &ServiceError::invalid("perm", m)),
            }
        }
    }
    let limit_text = first(&f, "limit")
        .map(|v| v.trim().to_owned())
        .unwrap_or_default();
    let limit = if limit_text.is_empty() {
        Ok(None)
    } else {
        parse_duration(&limit_text).map(Some)
    };
    let result = match limit {
        Ok(limit) => s
            .services
            .update_role(&ctx.caller, &role.name, &granted, limit)
            .await
            .map(drop),
        Err(m) => Err(ServiceError::invalid("limit", m)),
    };
    match result {
        Ok(()) => Redirect::to(&format!(
            "/admin/roles/{}?done=role_saved",
            urlencode(&role.name)
        ))
        .into_response(),
        Err(ServiceError::Invalid { message, .. }) => {
            let mut page = role_page(&ctx, &role, &granted, limit_text);
            page.limit_error = Some(message);
            page.nav.flash_error =
                Some("Nothing was saved: correct the field marked below.".into());
            render(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(e) => super::pages::refused(&ctx, &e, &uri, &f),
    }
}
