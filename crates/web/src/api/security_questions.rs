//! Emergency access by security questions through the API: the questions of a transaction
//! that offers `security_questions` (the reset app's sticky draw, in the language the client
//! asks for with `Accept-Language`), and the answers that complete it. The core decides; this
//! translates.

use super::{Client, error, failure, view};
use crate::AppState;
use crate::i18n::Tr;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use regain_core::ids::QuestionId;
use secrecy::SecretString;
use serde::Deserialize;
use serde_json::json;

/// The questions, in the order to ask them; the same until answered or the lockout ends.
pub async fn questions(
    State(s): State<AppState>,
    Client(c): Client,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let tr = Tr::new(crate::i18n::choose(&headers));
    match s.services.transaction_questions(&c, &id).await {
        Ok(qs) => Json(json!({
            "language": tr.lang.code(),
            "questions": qs
                .iter()
                .map(|q| json!({"question_id": q.id.0, "text": tr.question(q)}))
                .collect::<Vec<_>>(),
        }))
        .into_response(),
        Err(e) => failure(&e),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswersRequest {
    answers: Vec<Answer>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    /// A JSON number: `3` and `3.0` are the same integer to JSON Schema.
    question_id: serde_json::Number,
    answer: String,
}

/// The question's id, if the number is a whole one in range.
fn question_id(n: &serde_json::Number) -> Option<QuestionId> {
    n.as_i64()
        .or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                .map(|f| f as i64)
        })
        .map(QuestionId)
}

/// The answers to every question asked, judged together.
pub async fn answers(
    State(s): State<AppState>,
    Client(c): Client,
    Path(id): Path<String>,
    body: Result<Json<AnswersRequest>, axum::extract::rejection::JsonRejection>,
) -> Response {
    let Ok(Json(req)) = body else {
        return error(
            StatusCode::BAD_REQUEST,
            "invalid",
            "send JSON {\"answers\": [{\"question_id\": 3, \"answer\": \"...\"}]} with an answer to every question asked",
        );
    };
    if req.answers.len() > 20 || req.answers.iter().any(|a| a.answer.chars().count() > 1000) {
        return error(
            StatusCode::BAD_REQUEST,
            "invalid",
            "answers: at most 20, each at most 1000 characters",
        );
    }
    let Some(answers) = req
        .answers
        .into_iter()
        .map(|a| Some((question_id(&a.question_id)?, SecretString::from(a.answer))))
        .collect::<Option<Vec<(QuestionId, SecretString)>>>()
    else {
        return error(
            StatusCode::BAD_REQUEST,
            "invalid",
            "question_id: give the whole number the questions listed",
        );
    };
    match s.services.submit_security_answers(&c, &id, &answers).await {
        Ok(v) => view(v),
        Err(e) => failure(&e),
    }
}
