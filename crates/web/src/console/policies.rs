//! User policies: list, create, and edit everything the policy model holds, in sections
//! (workflows and factors; enrollment; self-service password reset; lockout). A refused value
//! brings the page back with the message next to its field and every entry kept.

use super::context::{AdminCtx, Nav};
use super::form::{first, pairs, urlencode};
use super::pages::{error_page, render};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, RawForm, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use regain_core::policy::{Factor, SecondFactor, UserPolicy, Workflow};
use regain_core::service::ServiceError;
use regain_core::time::format_duration;
use std::collections::HashMap;

#[derive(Template)]
#[template(path = "console/policies.html")]
struct PoliciesPage {
    nav: Nav,
    policies: Vec<(String, String, String)>,
    new_name: String,
    error: Option<String>,
}

async fn list_page(s: &AppState, ctx: &AdminCtx) -> Result<PoliciesPage, Response> {
    let list = s
        .services
        .list_policies(&ctx.caller)
        .await
        .map_err(|e| error_page(ctx, &e))?;
    let policies = list
        .into_iter()
        .map(|p| {
            let on: Vec<&str> = p
                .workflows
                .iter()
                .filter(|(_, r)| r.enabled)
                .map(|(w, _)| workflow_label(*w))
                .collect();
            let tc = if p.temporary_code_eligible() {
                "eligible"
            } else {
                "not eligible"
            };
            (
                p.name,
                if on.is_empty() {
                    "none".into()
                } else {
                    on.join(", ")
                },
                tc.into(),
            )
        })
        .collect();
    Ok(PoliciesPage {
        nav: ctx.nav("policies"),
        policies,
        new_name: String::new(),
        error: None,
    })
}

pub async fn list(State(s): State<AppState>, ctx: AdminCtx) -> Response {
    match list_page(&s, &ctx).await {
        Ok(p) => render(StatusCode::OK, &p),
        Err(r) => r,
    }
}

pub async fn create(State(s): State<AppState>, ctx: AdminCtx, RawForm(raw): RawForm) -> Response {
    let f = pairs(&raw);
    if let Some(r) = ctx.csrf_refusal(first(&f, "csrf")) {
        return r;
    }
    let name = first(&f, "name").cloned().unwrap_or_default();
    let copy_of = first(&f, "copy_of").filter(|v| !v.is_empty()).cloned();
    match s
        .services
        .create_policy(&ctx.caller, &name, copy_of.as_deref())
        .await
    {
        Ok(p) => Redirect::to(&format!(
            "/admin/policies/{}?done=created",
            urlencode(&p.name)
        ))
        .into_response(),
        Err(e @ (ServiceError::Invalid { .. } | ServiceError::AlreadyExists { .. })) => {
            match list_page(&s, &ctx).await {
                Ok(mut p) => {
                    p.new_name = name;
                    p.error = Some(match &e {
                        ServiceError::Invalid { message, .. } => message.clone(),
                        other => other.to_string(),
                    });
                    render(crate::service_errors::status_of(&e), &p)
                }
                Err(r) => r,
            }
        }
        Err(e) => error_page(&ctx, &e),
    }
}

fn workflow_label(w: Workflow) -> &'static str {
    match w {
        Workflow::RemoteAccess => "Remote access (VPN)",
        Workflow::WorkstationLogin => "Workstation login",
        Workflow::OrderSigning => "Order signing",
        Workflow::EmergencyAccess => "Emergency access by security questions",
        Workflow::SelfService => "Self-service",
    }
}

fn factor_label(f: Factor) -> &'static str {
    match f {
        Factor::Push => "Push",
        Factor::Sms => "SMS code (restricted authenticator: offer another factor too)",
        Factor::Otp => "OTP token",
        Factor::TemporaryCode => "Temporary code",
        Factor::SecurityQuestions => "Security questions",
    }
}

pub struct WfRow {
    key: &'static str,
    label: &'static str,
    enabled: bool,
    second_factor: bool,
    /// (key, label, checked) for every factor the workflow can accept.
    factors: Vec<(&'static str, &'static str, bool)>,
}

/// The form's values, from a stored policy or from what the administrator submitted.
pub struct PolicyForm {
    new_name: String,
    workflows: Vec<WfRow>,
    may_enroll: bool,
    may_delay: bool,
    remote: String,
    allow_reset: bool,
    q_enroll: String,
    q_answer: String,
    prompt: String,
    reauth: bool,
    q_app: String,
    threshold: String,
    window: String,
    duration: String,
    filter_id: String,
    class: String,
    errors: HashMap<String, String>,
}

impl PolicyForm {
    fn err(&self, field: &str) -> Option<&String> {
        self.errors.get(field)
    }

    fn wf_err(&self, wf: &str) -> Option<&String> {
        self.errors
            .iter()
            .find(|(k, _)| k.starts_with(&format!("workflows.{wf}.")))
            .map(|(_, v)| v)
    }

    fn of_policy(p: &UserPolicy) -> PolicyForm {
        PolicyForm {
            new_name: p.name.clone(),
            workflows: Workflow::ALL
                .into_iter()
                .map(|w| {
                    let rule = p.workflows.get(&w);
                    WfRow {
                        key: w.key(),
                        label: workflow_label(w),
                        enabled: rule.is_some_and(|r| r.enabled),
                        second_factor: rule
                            .is_some_and(|r| r.second_factor == SecondFactor::Required),
                        factors: w
                            .permitted_factors()
                            .iter()
                            .map(|f| {
                                (
                                    f.key(),
                                    factor_label(*f),
                                    rule.is_some_and(|r| r.accepted_factors.contains(f)),
                                )
                            })
                            .collect(),
                    }
                })
                .collect(),
            may_enroll: p.enrollment.may_enroll,
            may_delay: p.enrollment.may_delay,
            remote: p.enrollment.remote.key().into(),
            allow_reset: p.self_service.allow_reset,
            q_enroll: p.self_service.questions_to_enroll.to_string(),
            q_answer: p.self_service.questions_to_answer.to_string(),
            prompt: p.self_service.enrollment_prompt.key().into(),
            reauth: p.self_service.reauthenticate_after_reset,
            q_app: p.self_service.questions_for_app_passwords.to_string(),
            threshold: p.lockout.threshold.to_string(),
            window: format_duration(p.lockout.window),
            duration: format_duration(p.lockout.duration),
            filter_id: p.radius.filter_id.clone(),
            class: p.radius.class.clone(),
            errors: HashMap::new(),
        }
    }

    fn of_submission(f: &[(String, String)]) -> PolicyForm {
        let text = |k: &str| first(f, k).cloned().unwrap_or_default();
        let checked = |k: &str| first(f, k).is_some_and(|v| v == "true");
        PolicyForm {
            new_name: text("name"),
            workflows: Workflow::ALL
                .into_iter()
                .map(|w| {
                    let fk = format!("{}.factor", w.key());
                    WfRow {
                        key: w.key(),
                        label: workflow_label(w),
                        enabled: checked(&format!("{}.enabled", w.key())),
                        second_factor: checked(&format!("{}.second_factor", w.key())),
                        factors: w
                            .permitted_factors()
                            .iter()
                            .map(|fa| {
                                (
                                    fa.key(),
                                    factor_label(*fa),
                                    f.iter().any(|(k, v)| *k == fk && v == fa.key()),
                                )
                            })
                            .collect(),
                    }
                })
                .collect(),
            may_enroll: checked("enrollment.may_enroll"),
            may_delay: checked("enrollment.may_delay"),
            remote: text("enrollment.remote"),
            allow_reset: checked("sspr.allow_reset"),
            q_enroll: text("sspr.questions_to_enroll"),
            q_answer: text("sspr.questions_to_answer"),
            prompt: text("sspr.enrollment_prompt"),
            reauth: checked("sspr.reauthenticate_after_reset"),
            q_app: text("sspr.questions_for_app_passwords"),
            threshold: text("lockout.threshold"),
            window: text("lockout.window"),
            duration: text("lockout.duration"),
            filter_id: text("radius.filter_id"),
            class: text("radius.class"),
            errors: HashMap::new(),
        }
    }

    /// Every setting as `key=value` changes for the service (which applies all or none).
    fn changes(&self, f: &[(String, String)]) -> Vec<(String, String)> {
        let mut out = vec![("name".to_owned(), self.new_name.clone())];
        for w in &self.workflows {
            out.push((format!("{}.enabled", w.key), w.enabled.to_string()));
            out.push((
                format!("{}.second_factor", w.key),
                w.second_factor.to_string(),
            ));
            // Submitted factor keys go through as typed, so an unknown one is reported, not dropped.
            let fk = format!("{}.factor", w.key);
            let chosen: Vec<&str> = f
                .iter()
                .filter(|(k, _)| *k == fk)
                .map(|(_, v)| v.as_str())
                .collect();
            out.push((format!("{}.factors", w.key), chosen.join(",")));
        }
        let b = |v: bool| v.to_string();
        out.extend([
            ("enrollment.may_enroll".into(), b(self.may_enroll)),
            ("enrollment.may_delay".into(), b(self.may_delay)),
            ("enrollment.remote".into(), self.remote.clone()),
            ("sspr.allow_reset".into(), b(self.allow_reset)),
            ("sspr.questions_to_enroll".into(), self.q_enroll.clone()),
            ("sspr.questions_to_answer".into(), self.q_answer.clone()),
            ("sspr.enrollment_prompt".into(), self.prompt.clone()),
            ("sspr.reauthenticate_after_reset".into(), b(self.reauth)),
            (
                "sspr.questions_for_app_passwords".into(),
                self.q_app.clone(),
            ),
            ("lockout.threshold".into(), self.threshold.clone()),
            ("lockout.window".into(), self.window.clone()),
            ("lockout.duration".into(), self.duration.clone()),
            ("radius.filter_id".into(), self.filter_id.clone()),
            ("radius.class".into(), self.class.clone()),
        ]);
        out
    }
}

#[derive(Template)]
#[template(path = "console/policy.html")]
struct PolicyPage {
    nav: Nav,
    name: String,
    f: PolicyForm,
}

pub async fn edit(
    State(s): State<AppState>,
    ctx: AdminCtx,
    Path(name): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    match s.services.show_policy(&ctx.caller, &name).await {
        Ok(p) => {
            let mut nav = ctx.nav("policies");
            nav.flash_ok = match q.get("done").map(String::as_str) {
                Some("created") => {
                    Some("Policy created with safe defaults. Adjust it below.".into())
                }
                Some("saved") => Some("Policy saved.".into()),
                _ => None,
            };
            render(
                StatusCode::OK,
                &PolicyPage {
                    nav,
                    name: p.name.clone(),
                    f: PolicyForm::of_policy(&p),
                },
            )
        }
        Err(e) => error_page(&ctx, &e),
    }
}

pub async fn save(
    State(s): State<AppState>,
    ctx: AdminCtx,
    Path(name): Path<String>,
    RawForm(raw): RawForm,
) -> Response {
    let f = pairs(&raw);
    if let Some(r) = ctx.csrf_refusal(first(&f, "csrf")) {
        return r;
    }
    let mut form = PolicyForm::of_submission(&f);
    match s
        .services
        .set_policy(&ctx.caller, &name, &form.changes(&f))
        .await
    {
        Ok(p) => Redirect::to(&format!(
            "/admin/policies/{}?done=saved",
            urlencode(&p.name)
        ))
        .into_response(),
        Err(ServiceError::Invalid { field, message }) => {
            // `set` names a workflow field by its key; `validate` prefixes "workflows.".
            let field = match field.split_once('.') {
                Some((w, _)) if Workflow::parse(w).is_some() => format!("workflows.{field}"),
                _ => field,
            };
            form.errors.insert(field, message);
            let mut nav = ctx.nav("policies");
            nav.flash_error = Some("Nothing was saved: correct the field marked below.".into());
            render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &PolicyPage { nav, name, f: form },
            )
        }
        Err(e @ ServiceError::AlreadyExists { .. }) => {
            form.errors.insert("name".into(), e.to_string());
            render(
                crate::service_errors::status_of(&e),
                &PolicyPage {
                    nav: ctx.nav("policies"),
                    name,
                    f: form,
                },
            )
        }
        Err(e) => error_page(&ctx, &e),
    }
}
