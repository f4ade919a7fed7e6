//! Mode "questions and push" of the password help app (F-S7): after the answers, a push with
//! number matching to the user's device; approving with the number shown proves the identity,
//! a denial or a wrong number ends the attempt and counts as a failure; the push app's offline
//! code stands in for the push; a user without a push device is sent to the helpdesk.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use regain_core::audit::Actor;
use regain_core::ids::QuestionId;
use regain_core::otp::{OtpAlgorithm, totp_step};
use regain_core::ports::{Clock, SignInRepo, UserRepo};
use regain_core::push::Decision;
use regain_core::service::{Authority, Caller, SecondFactor};
use regain_core::user::Username;
use regain_web::{AppState, app};
use secrecy::SecretString;
use support::push::{Device, Setup, setup};
use tower::ServiceExt;

struct Res {
    status: StatusCode,
    location: String,
    cookies: Vec<String>,
    body: String,
}

async fn web(st: &AppState, method: &str, path: &str, cookie: &str, form: &[(&str, &str)]) -> Res {
    let body: Vec<String> = form
        .iter()
        .map(|(k, v)| format!("{k}={}", support::console::enc(v)))
        .collect();
    let req = Request::builder()
        .method(method)
        .uri(path)
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body.join("&")))
        .unwrap();
    let res = app(st.clone()).oneshot(req).await.unwrap();
    let status = res.status();
    let location = res
        .headers()
        .get(header::LOCATION)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let cookies = res
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect();
    let body =
        String::from_utf8_lossy(&res.into_body().collect().await.unwrap().to_bytes()).into_owned();
    Res {
        status,
        location,
        cookies,
        body,
    }
}

/// pat (policy Signers) may reset in mode "questions and push"; pat answers questions 1 and 2
/// with "answer 1" and "answer 2" (both asked).
async fn push_mode() -> Setup {
    let s = setup().await;
    let op = Caller::operator("test");
    let svc = &s.env.services;
    let changes: Vec<(String, String)> = [
        ("sspr.allow_reset", "true"),
        ("sspr.questions_to_enroll", "2"),
        ("sspr.questions_to_answer", "2"),
        ("self_service.enabled", "true"),
        ("self_service.factors", "push,otp"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    for p in ["Signers", "Contractors"] {
        svc.set_policy(&op, p, &changes).await.unwrap();
    }
    svc.set_settings(
        &op,
        &[
            ("self_service_enabled".into(), "true".into()),
            ("self_service_mode".into(), "questions_and_push".into()),
        ],
    )
    .await
    .unwrap();
    for user in ["pat", "cody"] {
        let me = Caller {
            actor: Actor::User(user.into()),
            source: None,
            authority: Authority::SelfService {
                username: user.into(),
                second_factor: SecondFactor::ConfirmedAt(None),
                signed_in_at: None,
            },
        };
        svc.enroll_answers(
            &me,
            &[
                (QuestionId(1), SecretString::from("answer 1".to_owned())),
                (QuestionId(2), SecretString::from("answer 2".to_owned())),
            ],
        )
        .await
        .unwrap()
        .unwrap();
    }
    s
}

fn cookie_pair(set: &[String], name: &str) -> String {
    support::console::cookie_pair(set, name)
}

/// Opens the app for `user` and answers the questions right: the session cookie.
async fn answered(s: &Setup, user: &str) -> (String, Res) {
    let start = web(&s.state, "GET", "/sso/passwordhelp", "", &[]).await;
    let csrf = support::console::field(&start.body, "csrf");
    let pre = cookie_pair(&start.cookies, "__Host-regain-sspr-pre");
    let res = web(
        &s.state,
        "POST",
        "/sso/sschallengeinit",
        &pre,
        &[("csrf", &csrf), ("username", user)],
    )
    .await;
    let cookie = cookie_pair(&res.cookies, "__Host-regain-sspr");
    let page = web(&s.state, "GET", "/sso/sschallenge", &cookie, &[]).await;
    let csrf = support::console::field(&page.body, "csrf");
    let res = web(
        &s.state,
        "POST",
        "/sso/sschallenge",
        &cookie,
        &[("csrf", &csrf), ("a-1", "Answer 1"), ("a-2", "ANSWER  2")],
    )
    .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let next = web(&s.state, "GET", &res.location, &cookie, &[]).await;
    (cookie, next)
}

async fn push_of(s: &Setup, d: &Device) -> String {
    let pending = s.pending(d).await;
    assert_eq!(pending.len(), 1, "{pending:?}");
    let p = &pending[0];
    assert_eq!(p["workflow"], "self_service");
    assert_eq!(p["client"], "Regain password help (built in)");
    p["id"].as_str().unwrap().to_owned()
}

fn shown_number(body: &str) -> u32 {
    let at = body.find("id=\"push-number\"").expect(body);
    let rest = &body[at..];
    let start = rest.find('>').unwrap() + 1;
    let end = rest.find('<').unwrap();
    rest[start..end].trim().parse().unwrap()
}

async fn failures(s: &Setup, user: &str) -> u32 {
    let u = s
        .env
        .db
        .user_by_name(&Username::parse(user).unwrap())
        .await
        .unwrap()
        .unwrap();
    s.env.db.user_lockout(u.id).await.unwrap().failures
}

#[tokio::test]
async fn approving_the_push_with_the_number_shown_proves_the_identity() {
    let s = push_mode().await;
    let d = s.enroll("pat").await;
    let (cookie, page) = answered(&s, "pat").await;
    // The reset form waits for the push.
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.location, "/sso/ssacceptnumber");
    let page = web(&s.state, "GET", "/sso/ssacceptnumber", &cookie, &[]).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let number = shown_number(&page.body);
    assert!(page.body.contains("/sso/js/selfservice.js"));
    assert!(
        page.body.contains("id=\"check-again\""),
        "works without JavaScript"
    );
    // Still pending: "Check again" comes back to the number; the long poll says pending.
    let again = web(&s.state, "GET", "/sso/sscheckpush", &cookie, &[]).await;
    assert_eq!(again.location, "/sso/ssacceptnumber");

    let push = push_of(&s, &d).await;
    let (st, v) = s.answer(&d, &push, Some(number), Decision::Approve).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let poll = web(&s.state, "GET", "/sso/sscheckpush?wait=1", &cookie, &[]).await;
    assert_eq!(poll.body, r#"{"state":"decided"}"#);
    let next = web(&s.state, "GET", "/sso/sscheckpush", &cookie, &[]).await;
    assert_eq!(
        next.location,
        "/sso/ssresetinit",
        "{} {:?} {:?}",
        next.body.split("<main").nth(1).unwrap_or(""),
        s.audit_reasons("auth.second_factor").await,
        s.audit_reasons("sspr.push").await
    );
    let form = web(&s.state, "GET", "/sso/ssresetinit", &cookie, &[]).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert!(form.body.contains("Choose a new password for pat"));
    assert_eq!(failures(&s, "pat").await, 0);
}

#[tokio::test]
async fn a_denial_or_a_wrong_number_ends_the_attempt_and_counts_as_a_failure() {
    let s = push_mode().await;
    let d = s.enroll("pat").await;
    for (decision, wrong) in [(Decision::Deny, false), (Decision::Approve, true)] {
        let (cookie, _) = answered(&s, "pat").await;
        let page = web(&s.state, "GET", "/sso/ssacceptnumber", &cookie, &[]).await;
        let number = shown_number(&page.body);
        let push = push_of(&s, &d).await;
        let typed = if wrong {
            Some((number + 1) % 100)
        } else {
            None
        };
        let _ = s.answer(&d, &push, typed, decision).await;
        let res = web(&s.state, "GET", "/sso/sscheckpush", &cookie, &[]).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.body);
        assert!(res.body.contains("denied or timed out"), "{}", res.body);
        // The session is over: no way round the push to the reset form.
        let form = web(&s.state, "GET", "/sso/ssresetinit", &cookie, &[]).await;
        assert!(form.body.contains("This page has expired"), "{}", form.body);
    }
    // The denied attempt (1), then the attempt with a wrong number (1) and the number itself,
    // a guess of its own (1).
    assert_eq!(failures(&s, "pat").await, 3);
}

#[tokio::test]
async fn the_offline_code_of_the_push_app_stands_in_for_the_push() {
    let s = push_mode().await;
    let d = s.enroll("pat").await;
    let (cookie, _) = answered(&s, "pat").await;
    let form = web(&s.state, "GET", "/sso/ssenteriidtokeninit", &cookie, &[]).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    let csrf = support::console::field(&form.body, "csrf");
    let wrong = web(
        &s.state,
        "POST",
        "/sso/ssenteriidtoken",
        &cookie,
        &[("csrf", &csrf), ("code", "000000")],
    )
    .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED, "{}", wrong.body);
    assert!(wrong.body.contains("That code was not accepted"));
    let code = regain_crypto::hotp(
        &d.seed,
        totp_step(s.env.clock.now(), 30),
        OtpAlgorithm::Sha1,
        6,
    );
    let ok = web(
        &s.state,
        "POST",
        "/sso/ssenteriidtoken",
        &cookie,
        &[("csrf", &csrf), ("code", &code)],
    )
    .await;
    assert_eq!(
        ok.status,
        StatusCode::SEE_OTHER,
        "{:?} {:?}",
        s.audit_reasons("auth.second_factor").await,
        s.audit_reasons("sspr.push").await
    );
    assert_eq!(ok.location, "/sso/ssresetinit");
    let form = web(&s.state, "GET", "/sso/ssresetinit", &cookie, &[]).await;
    assert!(form.body.contains("Choose a new password for pat"));
}

#[tokio::test]
async fn a_user_without_a_push_device_is_sent_to_the_helpdesk_after_the_questions() {
    let s = push_mode().await;
    let (cookie, page) = answered(&s, "cody").await;
    assert_eq!(page.status, StatusCode::FORBIDDEN, "{}", page.body);
    assert!(page.body.contains("no Regain app set up"), "{}", page.body);
    let again = web(&s.state, "GET", "/sso/ssacceptnumber", &cookie, &[]).await;
    assert!(!again.body.contains("push-number"));
}
