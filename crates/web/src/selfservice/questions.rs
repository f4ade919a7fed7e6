//! Enrolling security questions on `/me` (F-S3, F-S12): the policy's number of questions from
//! the administrators' set, mandatory ones preselected; a "Later" button where the policy lets
//! the user put it off. The texts are translated like the password help app's.

use super::{Me, SelfCtx, failure};
use crate::AppState;
use crate::i18n::Tr;
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use regain_core::ids::QuestionId;
use regain_core::questions::SecurityQuestion;
use regain_core::security_answers::AnswerRefusal;
use regain_core::service::{AnswerForm, EnrollmentNeed, ServiceError};
use secrecy::SecretString;
use std::collections::HashMap;

struct Opt {
    id: i64,
    text: String,
    mandatory: bool,
    selected: bool,
}

struct Slot {
    n: usize,
    legend: String,
    answer_label: String,
    options: Vec<Opt>,
}

#[derive(Template)]
#[template(path = "me/questions.html")]
struct QuestionsPage {
    me: Me,
    tr: Tr,
    offered: bool,
    intro: String,
    state: String,
    must: bool,
    may_delay: bool,
    slots: Vec<Slot>,
    error: Option<String>,
}

fn day(t: regain_core::time::Timestamp) -> String {
    t.to_rfc3339().chars().take(10).collect()
}

/// The translated refusal, naming the question it is about.
fn refusal_text(tr: &Tr, form: &AnswerForm, r: &AnswerRefusal) -> String {
    let q = |id: &QuestionId| {
        form.questions
            .iter()
            .find(|q| q.id == *id)
            .map(|q| tr.question(q))
            .unwrap_or_default()
    };
    match r {
        AnswerRefusal::WrongCount { expected, .. } => {
            tr.tn("answers-wrong-count", "expected", *expected as u64)
        }
        AnswerRefusal::UnknownQuestion(_) => tr.t("answers-unknown-question"),
        AnswerRefusal::MandatoryMissing(id)
        | AnswerRefusal::TooShort(id)
        | AnswerRefusal::TooLong(id)
        | AnswerRefusal::SameAsAnother(id)
        | AnswerRefusal::IsUserName(id)
        | AnswerRefusal::IsPassword(id) => tr.t1(&r.code().replace('_', "-"), "question", q(id)),
    }
}

fn page(
    ctx: &SelfCtx,
    tr: Tr,
    form: &AnswerForm,
    need: EnrollmentNeed,
    chosen: &[Option<i64>],
    error: Option<String>,
) -> Response {
    let mandatory: Vec<&SecurityQuestion> = form.questions.iter().filter(|q| q.mandatory).collect();
    let slots = (0..form.count)
        .map(|n| {
            // Preselect: what the user chose, else the mandatory questions first, then in order.
            let pick = chosen
                .get(n)
                .copied()
                .flatten()
                .or_else(|| mandatory.get(n).map(|q| q.id.0))
                .or_else(|| form.questions.get(n).map(|q| q.id.0));
            Slot {
                n: n + 1,
                legend: tr.tn("enroll-question", "n", (n + 1) as u64),
                answer_label: tr.tn("enroll-answer", "n", (n + 1) as u64),
                options: form
                    .questions
                    .iter()
                    .map(|q| Opt {
                        id: q.id.0,
                        text: tr.question(q),
                        mandatory: q.mandatory,
                        selected: Some(q.id.0) == pick,
                    })
                    .collect(),
            }
        })
        .collect();
    let state = match (form.enrollment.enrolled_at, form.enrollment.declined_at) {
        (Some(at), _) if form.enrollment.answers > 0 => {
            tr.t1("enroll-state-enrolled", "date", day(at))
        }
        (_, Some(at)) => tr.t1("enroll-state-declined", "date", day(at)),
        _ => tr.t("enroll-state-none"),
    };
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    ctx.render(
        status,
        &QuestionsPage {
            me: ctx.me(),
            tr,
            offered: form.reset_allowed && form.count > 0,
            intro: tr.tn("enroll-intro", "count", form.count as u64),
            state,
            must: need == EnrollmentNeed::Must,
            may_delay: need == EnrollmentNeed::MayDelay,
            slots,
            error,
        },
    )
}

async fn need_of(s: &AppState, ctx: &SelfCtx) -> Result<EnrollmentNeed, ServiceError> {
    let user = s.services.self_user(&ctx.caller).await?;
    s.services.enrollment_need_of(&user).await
}

pub async fn show(State(s): State<AppState>, ctx: SelfCtx) -> Response {
    let tr = ctx.page.tr;
    let (form, need) = match (
        s.services.answer_form(&ctx.caller).await,
        need_of(&s, &ctx).await,
    ) {
        (Ok(f), Ok(n)) => (f, n),
        (Err(e), _) | (_, Err(e)) => return failure(&ctx.page, &e),
    };
    page(&ctx, tr, &form, need, &[], None)
}

pub async fn submit(
    State(s): State<AppState>,
    ctx: SelfCtx,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    if let Some(r) = ctx.csrf_refusal(f.get("csrf")) {
        return r;
    }
    let tr = ctx.page.tr;
    let (form, need) = match (
        s.services.answer_form(&ctx.caller).await,
        need_of(&s, &ctx).await,
    ) {
        (Ok(f), Ok(n)) => (f, n),
        (Err(e), _) | (_, Err(e)) => return failure(&ctx.page, &e),
    };
    let chosen: Vec<Option<i64>> = (1..=form.count)
        .map(|n| f.get(&format!("q-{n}")).and_then(|v| v.parse().ok()))
        .collect();
    let answers: Vec<(QuestionId, SecretString)> = (1..=form.count)
        .filter_map(|n| {
            let q = f.get(&format!("q-{n}"))?.parse().ok()?;
            let a = f.get(&format!("a-{n}"))?;
            Some((QuestionId(q), SecretString::from(a.clone())))
        })
        .collect();
    match s.services.enroll_answers(&ctx.caller, &answers).await {
        Ok(Ok(())) => Redirect::to("/me?done=questions").into_response(),
        Ok(Err(r)) => {
            let text = refusal_text(&tr, &form, &r);
            page(&ctx, tr, &form, need, &chosen, Some(text))
        }
        Err(ServiceError::ReauthRequired) => page(
            &ctx,
            tr,
            &form,
            need,
            &chosen,
            Some(tr.t("enroll-change-reauth")),
        ),
        Err(ServiceError::Invalid { .. }) => page(
            &ctx,
            tr,
            &form,
            need,
            &chosen,
            Some(tr.t("enroll-not-offered")),
        ),
        Err(e) => failure(&ctx.page, &e),
    }
}

pub async fn later(
    State(s): State<AppState>,
    ctx: SelfCtx,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    if let Some(r) = ctx.csrf_refusal(f.get("csrf")) {
        return r;
    }
    match s.services.decline_answer_enrollment(&ctx.caller).await {
        Ok(()) => Redirect::to("/me").into_response(),
        Err(ServiceError::Invalid { .. }) => Redirect::to("/me/questions").into_response(),
        Err(e) => failure(&ctx.page, &e),
    }
}

/// Where the home page sends a user whose policy prompts for enrollment: `Some` while the
/// enrollment is due (the core decides: a must; a may-delay not put off in this session).
pub async fn prompt(s: &AppState, ctx: &SelfCtx) -> Result<Option<Response>, ServiceError> {
    let due = s.services.enrollment_due(&ctx.caller).await?;
    Ok(due.then(|| Redirect::to("/me/questions").into_response()))
}

/// "Prompt and must enrol": nothing else on `/me` opens until the questions are enrolled.
pub async fn must_enrol_first(s: &AppState, ctx: &SelfCtx) -> Option<Response> {
    match need_of(s, ctx).await {
        Ok(EnrollmentNeed::Must) => Some(Redirect::to("/me/questions").into_response()),
        Ok(_) => None,
        Err(e) => Some(failure(&ctx.page, &e)),
    }
}
