//! Identity proven: the new password (or "unlock only"), or the reason the person must call the
//! helpdesk. The gate is the core's; this page only says what it decided.

use super::page::{Ctx, Page, clear_session_cookie, csrf_ok};
use crate::AppState;
use crate::i18n::Tr;
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use regain_core::password_policy::PasswordRejection;
use regain_core::password_reset::{HelpdeskReason, ResetGate, ResetSession, ResetStage};
use regain_core::service::{NotReset, ProvenStep, ResetDone};
use secrecy::SecretString;
use std::collections::HashMap;

#[derive(Template)]
#[template(path = "sso/reset.html")]
struct ResetPage<'a> {
    page: &'a Page,
    csrf: String,
    intro: String,
    username: String,
    locked: bool,
    /// The user may view their application passwords from here.
    apps: bool,
    error: Option<String>,
}

struct AppRow {
    id: String,
    name: String,
    address: String,
    login: String,
}

#[derive(Template)]
#[template(path = "sso/apps.html")]
struct AppsPage<'a> {
    page: &'a Page,
    csrf: String,
    entries: Vec<AppRow>,
    /// The entry shown, with its password, for 60 seconds (the page then reloads without it).
    revealed: Option<(String, String)>,
}

/// The translated message of a refused password, with the rule's number where it has one.
pub fn rejection_text(tr: &Tr, r: &PasswordRejection) -> String {
    match r {
        PasswordRejection::TooShort { min: 0 } => tr.t("pw-too-short-unknown"),
        PasswordRejection::TooShort { min } => tr.tn("pw-too-short", "min", u64::from(*min)),
        PasswordRejection::TooLong { max } => tr.tn("pw-too-long", "max", u64::from(*max)),
        PasswordRejection::NotComplex { required } => {
            tr.tn("pw-not-complex", "required", u64::from(*required))
        }
        PasswordRejection::InHistory { history: 0 } => tr.t("pw-in-history-unknown"),
        PasswordRejection::InHistory { history } => {
            tr.tn("pw-in-history", "history", u64::from(*history))
        }
        PasswordRejection::TooYoung { .. } => tr.t("pw-too-young"),
        PasswordRejection::ContainsUsername => tr.t("pw-contains-name"),
        PasswordRejection::Common => tr.t("pw-common"),
    }
}

fn helpdesk_key(reason: HelpdeskReason) -> &'static str {
    match reason {
        HelpdeskReason::AccountDisabled | HelpdeskReason::UserDisabled => "helpdesk-disabled",
        HelpdeskReason::NoPushDevice => "helpdesk-no-push",
        HelpdeskReason::ResetNotAllowed
        | HelpdeskReason::NoDirectoryAccount
        | HelpdeskReason::PushNotOffered => "helpdesk-text",
    }
}

/// The page that stands in for the form when the gate does not let the person on; `None` when
/// the form may be shown.
fn refusal(page: &Page, step: ProvenStep) -> Option<Response> {
    Some(match step {
        ProvenStep::Gate(ResetGate::Proceed { .. }) => return None,
        ProvenStep::Gate(ResetGate::OutsideLogonHours) => {
            page.message(StatusCode::FORBIDDEN, "hours-title", "hours-text", None)
        }
        ProvenStep::Gate(ResetGate::ContactHelpdesk(r)) => page.message(
            StatusCode::FORBIDDEN,
            "helpdesk-title",
            helpdesk_key(r),
            None,
        ),
        // The push step comes first; a form posted before it is decided goes back to it.
        ProvenStep::Push => {
            Redirect::to(&format!("{}/sso/ssacceptnumber", page.base)).into_response()
        }
    })
}

fn reset_page(
    page: &Page,
    session: &ResetSession,
    (locked, apps): (bool, bool),
    status: StatusCode,
    error: Option<String>,
) -> Response {
    page.render(
        status,
        &ResetPage {
            page,
            csrf: session.csrf_token.clone(),
            intro: page.tr.t1("reset-intro", "username", &session.username),
            username: session.username.clone(),
            locked,
            apps,
            error,
        },
    )
}

/// A session that may be at this step, or the page to show instead.
async fn proven(s: &AppState, ctx: &Ctx) -> Result<(ResetSession, bool), Response> {
    let page = &ctx.page;
    let session = match ctx.session(s).await {
        Ok(Some(session)) => session,
        Ok(None) => return Err(page.ended()),
        Err(e) => return Err(page.failure(&e)),
    };
    match session.stage {
        ResetStage::Challenge => {
            return Err(Redirect::to(&super::page::url(s, "/sso/sschallenge")).into_response());
        }
        ResetStage::Changing => return Err(page.ended()),
        ResetStage::Push | ResetStage::Proven => {}
    }
    let step = match s.services.reset_next(&session).await {
        Ok(step) => step,
        Err(e) => return Err(page.failure(&e)),
    };
    if let Some(r) = refusal(page, step) {
        return Err(r);
    }
    let locked = step == ProvenStep::Gate(ResetGate::Proceed { locked: true });
    // Proven: this person's notices come in the language of these pages from now on.
    if let Err(e) = s
        .services
        .remember_language(&session.username, page.tr.lang.code())
        .await
    {
        tracing::warn!(error = %e, "cannot remember the user's language for their notices");
    }
    Ok((session, locked))
}

/// The application passwords the proven session may see (F-S8), one revealed if given.
async fn apps_page(
    s: &AppState,
    page: &Page,
    session: &ResetSession,
    revealed: Option<(String, String)>,
) -> Response {
    match s.services.reset_app_passwords(session).await {
        Ok(Some(entries)) => page.render(
            StatusCode::OK,
            &AppsPage {
                page,
                csrf: session.csrf_token.clone(),
                entries: entries
                    .iter()
                    .map(|e| AppRow {
                        id: e.id.clone(),
                        name: e.name.clone(),
                        address: e.address.clone(),
                        login: e.login.clone(),
                    })
                    .collect(),
                revealed,
            },
        ),
        Ok(None) => Redirect::to(&format!("{}/sso/ssresetinit", page.base)).into_response(),
        Err(e) => page.failure(&e),
    }
}

/// Whether the page offers the application passwords (a failure to read them only hides the
/// link: the reset itself goes on).
async fn offers_apps(s: &AppState, session: &ResetSession) -> bool {
    match s.services.reset_app_passwords(session).await {
        Ok(a) => a.is_some(),
        Err(e) => {
            tracing::error!(error = %e, "reading application passwords failed");
            false
        }
    }
}

pub async fn show(
    State(s): State<AppState>,
    ctx: Ctx,
    q: axum::extract::Query<HashMap<String, String>>,
) -> Response {
    match proven(&s, &ctx).await {
        Ok((session, _)) if q.get("view").map(String::as_str) == Some("apps") => {
            apps_page(&s, &ctx.page, &session, None).await
        }
        Ok((session, locked)) => {
            let apps = offers_apps(&s, &session).await;
            reset_page(&ctx.page, &session, (locked, apps), StatusCode::OK, None)
        }
        Err(r) => r,
    }
}

pub async fn submit(
    State(s): State<AppState>,
    ctx: Ctx,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    let page = &ctx.page;
    let (session, locked) = match proven(&s, &ctx).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    if !csrf_ok(&session, &f) {
        return page.message(StatusCode::FORBIDDEN, "ended-title", "expired-form", None);
    }
    let source = ctx.source.as_deref();
    if f.get("action").map(String::as_str) == Some("reveal") {
        let id = f.get("id").cloned().unwrap_or_default();
        return match s
            .services
            .reset_reveal_app_password(&session, &id, source)
            .await
        {
            Ok(Some((entry, password))) => {
                use secrecy::ExposeSecret;
                let shown = Some((entry.id, password.expose_secret().to_owned()));
                apps_page(&s, page, &session, shown).await
            }
            Ok(None) => apps_page(&s, page, &session, None).await,
            Err(e) => page.failure(&e),
        };
    }
    if f.get("action").map(String::as_str) == Some("unlock") {
        return match s.services.reset_unlock_only(&session, source).await {
            Ok(true) => {
                let mut res = page.message(StatusCode::OK, "unlocked-title", "unlocked-text", None);
                clear_session_cookie(&mut res);
                res
            }
            Ok(false) => page.ended(),
            Err(e) => page.failure(&e),
        };
    }
    let new = SecretString::from(f.get("new").cloned().unwrap_or_default());
    let again = SecretString::from(f.get("again").cloned().unwrap_or_default());
    let apps = offers_apps(&s, &session).await;
    let refused = |key: String| {
        reset_page(
            page,
            &session,
            (locked, apps),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some(key),
        )
    };
    match s
        .services
        .reset_new_password(&session, &new, &again, source)
        .await
    {
        Ok(Ok(ResetDone::SignedIn(me))) => {
            let mut res = page.message(
                StatusCode::OK,
                "done-title",
                "done-signed-in",
                Some((super::page::url(&s, "/me"), page.tr.t("done-go-to-me"))),
            );
            clear_session_cookie(&mut res);
            crate::session_cookies::set(&mut res, crate::selfservice::SELF_COOKIE, &me.token);
            res
        }
        Ok(Ok(ResetDone::SignInAgain)) => {
            let mut res = page.message(
                StatusCode::OK,
                "done-title",
                "done-sign-in-again",
                Some((
                    super::page::url(&s, "/me/login"),
                    page.tr.t("done-sign-in-link"),
                )),
            );
            clear_session_cookie(&mut res);
            res
        }
        Ok(Err(NotReset::Mismatch)) => refused(page.tr.t("reset-mismatch")),
        Ok(Err(NotReset::Rejected(r))) => refused(rejection_text(&page.tr, &r)),
        Ok(Err(NotReset::Helpdesk)) => page.message(
            StatusCode::FORBIDDEN,
            "helpdesk-title",
            "helpdesk-rights",
            None,
        ),
        Ok(Err(NotReset::Gated(g))) => {
            refusal(page, ProvenStep::Gate(g)).unwrap_or_else(|| page.ended())
        }
        Ok(Err(NotReset::SessionEnded)) => page.ended(),
        Err(e) => page.failure(&e),
    }
}
