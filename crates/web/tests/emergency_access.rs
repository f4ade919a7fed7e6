//! Emergency access by security questions (F-S5) through the authentication API: the
//! transaction offers `security_questions`, the questions are the reset app's sticky draw, the
//! answers complete it; wrong sets count on the same lockout as the password help app, so
//! failures spread over both lock both; untrusted clients learn no reason.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use regain_core::ports::AuditRepo;
use regain_core::service::Caller;
use serde_json::{Value, json};
use support::console::{Console, PW};

struct Setup {
    c: Console,
    trusted: String,
    untrusted: String,
}

/// rita has 3 answers ("answer N of rita" for questions 1 to 3), 2 are asked; carl has none.
/// The Default policy allows emergency access by questions, the reset, and locks after 4.
async fn setup() -> Setup {
    let c = Console::new().await;
    let op = Caller::operator("test");
    let s = &c.env.services;
    support::reset::allow_reset(
        &c,
        &[
            ("emergency_access.enabled", "true"),
            ("emergency_access.second_factor", "true"),
            ("emergency_access.factors", "security_questions"),
            ("lockout.threshold", "4"),
        ],
    )
    .await;
    for u in ["rita", "carl"] {
        c.user(u, None).await;
    }
    support::reset::enrol_answers(&c, "rita", |n| format!("answer {n} of rita")).await;
    let (_, trusted) = s.register_client(&op, "agent", true).await.unwrap();
    let (_, untrusted) = s.register_client(&op, "kiosk", false).await.unwrap();
    Setup {
        c,
        trusted,
        untrusted,
    }
}

async fn api(
    c: &Console,
    method: &str,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut req = Request::builder()
        .method(method)
        .uri(path)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header("accept-language", "de-CH, de;q=0.9");
    if body.is_some() {
        req = req.header(header::CONTENT_TYPE, "application/json");
    }
    let res = c
        .send(
            req.body(body.map(|b| Body::from(b.to_string())).unwrap_or_default())
                .unwrap(),
        )
        .await;
    (
        res.status,
        serde_json::from_str(&res.body).unwrap_or(Value::Null),
    )
}

async fn start(c: &Console, token: &str, user: &str, workflow: &str) -> Value {
    let (status, v) = api(
        c,
        "POST",
        "/api/v1/transactions",
        token,
        Some(json!({"username": user, "password": PW, "workflow": workflow})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    v
}

/// The question ids a transaction asks.
async fn asked(c: &Console, token: &str, id: &str) -> Vec<i64> {
    let (status, v) = api(
        c,
        "GET",
        &format!("/api/v1/transactions/{id}/security_questions"),
        token,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["language"], "de");
    v["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| {
            assert!(!q["text"].as_str().unwrap().is_empty());
            q["question_id"].as_i64().unwrap()
        })
        .collect()
}

async fn answer(c: &Console, token: &str, id: &str, ids: &[i64], right: bool) -> Value {
    let answers: Vec<Value> = ids
        .iter()
        .map(|q| {
            let a = if right {
                format!("  ANSWER {q} of Rita ")
            } else {
                "something else".to_owned()
            };
            json!({"question_id": q, "answer": a})
        })
        .collect();
    let (status, v) = api(
        c,
        "POST",
        &format!("/api/v1/transactions/{id}/security_answers"),
        token,
        Some(json!({ "answers": answers })),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    v
}

/// The password help app: the question ids it asks `name`, and the answer page's status for
/// wrong answers.
async fn reset_app_wrong(c: &Console, name: &str) -> (Vec<i64>, String) {
    let asked = std::sync::Mutex::new(Vec::new());
    let (_, res) = support::reset::answered(c, name, |id| {
        asked.lock().unwrap().push(id.parse().unwrap());
        "wrong".to_owned()
    })
    .await;
    (asked.into_inner().unwrap(), res.body)
}

#[tokio::test]
async fn a_user_signs_in_by_answering_the_questions_of_the_reset_app() {
    let Setup { c, trusted, .. } = setup().await;
    let t = start(&c, &trusted, "rita", "emergency_access").await;
    assert_eq!(t["state"], "awaiting_second_factor", "{t}");
    assert_eq!(t["methods"], json!(["security_questions"]));
    let id = t["transaction_id"].as_str().unwrap().to_owned();
    let ids = asked(&c, &trusted, &id).await;
    assert_eq!(ids.len(), 2);
    // Sticky: the same questions again, and in the password help app too.
    assert_eq!(asked(&c, &trusted, &id).await, ids);
    let (in_app, _) = reset_app_wrong(&c, "rita").await;
    assert_eq!(in_app, ids, "one draw for both");
    // A wrong set: still awaiting, the reason for a trusted client; the draw stays.
    let v = answer(&c, &trusted, &id, &ids, false).await;
    assert_eq!(v["state"], "awaiting_second_factor", "{v}");
    assert_eq!(v["reason"], "wrong_answers");
    assert_eq!(asked(&c, &trusted, &id).await, ids);
    let v = answer(&c, &trusted, &id, &ids, true).await;
    assert_eq!(v["state"], "accepted", "{v}");
    // The transaction is over: no more questions.
    let (status, _) = api(
        &c,
        "GET",
        &format!("/api/v1/transactions/{id}/security_questions"),
        &trusted,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let audit = c
        .env
        .db
        .list_audit(&regain_core::audit::AuditFilter {
            target: Some("rita".into()),
            limit: 50,
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(
        audit.items.iter().any(|e| e
            .event
            .details
            .iter()
            .any(|(k, v)| k == "factor" && v == "security_questions")),
        "the decision is audited with its factor"
    );
}

#[tokio::test]
async fn failures_spread_over_the_reset_app_and_emergency_access_lock_both() {
    let Setup {
        c,
        trusted,
        untrusted,
    } = setup().await;
    // Two wrong sets in the password help app...
    for _ in 0..2 {
        let (_, body) = reset_app_wrong(&c, "rita").await;
        assert!(body.contains("not accepted"), "{body}");
    }
    // ... one through an untrusted client (which learns no reason) ...
    let t = start(&c, &untrusted, "rita", "emergency_access").await;
    let id = t["transaction_id"].as_str().unwrap().to_owned();
    let ids = asked(&c, &untrusted, &id).await;
    let v = answer(&c, &untrusted, &id, &ids, false).await;
    assert_eq!(v["state"], "awaiting_second_factor");
    assert!(v.get("reason").is_none(), "{v}");
    // ... and the fourth locks: the transaction ends, even the right answers are refused.
    let t = start(&c, &trusted, "rita", "emergency_access").await;
    let id = t["transaction_id"].as_str().unwrap().to_owned();
    let ids = asked(&c, &trusted, &id).await;
    let v = answer(&c, &trusted, &id, &ids, false).await;
    assert_eq!(v["state"], "rejected", "{v}");
    assert_eq!(v["reason"], "locked_out");
    let t = start(&c, &trusted, "rita", "emergency_access").await;
    assert_eq!(t["state"], "rejected");
    assert_eq!(t["reason"], "locked_out");
    // The password help app is locked for her too.
    let (_, body) = reset_app_wrong(&c, "rita").await;
    assert!(body.contains("locked for now"), "{body}");
}

#[tokio::test]
async fn questions_are_offered_only_where_the_policy_and_the_user_allow() {
    let Setup { c, trusted, .. } = setup().await;
    // carl has no answers: nothing to offer.
    let t = start(&c, &trusted, "carl", "emergency_access").await;
    assert_eq!(t["state"], "rejected", "{t}");
    assert_eq!(t["reason"], "no_usable_factor");
    // Another workflow never takes questions, nor does its transaction give them out.
    let op = Caller::operator("test");
    c.env
        .services
        .set_policy(
            &op,
            "Default",
            &[(
                "remote_access.factors".into(),
                "otp,security_questions".into(),
            )],
        )
        .await
        .expect_err("remote access never accepts security questions");
    let answers = json!({"answers": [{"question_id": 1, "answer": "x"}]});
    let (status, v) = api(
        &c,
        "POST",
        "/api/v1/transactions/t-nothing/security_answers",
        &trusted,
        Some(answers),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{v}");
    let (status, v) = api(
        &c,
        "POST",
        "/api/v1/transactions/t-nothing/security_answers",
        &trusted,
        Some(json!({"answers": "rex"})),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        v["message"].as_str().unwrap().contains("question_id"),
        "{v}"
    );
}
