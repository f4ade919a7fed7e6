//! Console sign-in, sessions and sign-out, through the router as a browser uses them.

// Test code: a failed unwrap is a failed test.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    unused_imports
)]

mod support;

use async_trait::async_trait;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use regain_core::admin::Permission;
use regain_core::audit::AuditFilter;
use regain_core::directory::AuthOutcome;
use regain_core::ports::{AuditRepo, PolicyRepo, QuestionRepo, RoleRepo, SettingsRepo};
use regain_core::service::{Caller, NewUser};
use regain_web::{AppState, Metrics, Readiness, WebConfig, app};
use secrecy::SecretString;
use std::sync::Arc;
use support::console::*;
use tower::ServiceExt;

/// Security requirement 47: session cookie flags, rotation at sign-in, server-side sign-out.
#[tokio::test]
async fn req47_sign_in_sets_a_hardened_rotating_cookie_and_sign_out_ends_the_session() {
    let c = Console::new().await;
    c.user("ada", Some(("Superadministrator", &[]))).await;
    // The first sign-in enrols ada's token; from then on the password leads to the code step.
    let (earlier, _) = c.sign_in("ada", PW).await.unwrap();
    c.env.clock.advance(std::time::Duration::from_secs(30));
    let page = c.get("/admin/login", "").await;
    let csrf = field(&page.body, "csrf");
    let pre = cookie_pair(&page.cookies, "__Host-regain-pre");
    let step = c
        .post(
            "/admin/login",
            &pre,
            &[("csrf", &csrf), ("username", "ada"), ("password", PW)],
        )
        .await;
    assert_eq!(step.status, StatusCode::OK, "{}", step.body);
    assert!(
        !step.cookies.iter().any(|c| c.starts_with("__Host-regain=")),
        "a session after the password alone"
    );
    let res = c
        .post(
            "/admin/login/code",
            &cookie_pair(&step.cookies, "__Host-regain-pre"),
            &[
                ("csrf", &field(&step.body, "csrf")),
                ("pending", &field(&step.body, "pending")),
                ("code", &c.code_of("ada")),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(res.location, "/admin");
    let set = res
        .cookies
        .iter()
        .find(|c| c.starts_with("__Host-regain="))
        .unwrap();
    for flag in ["Path=/", "Secure", "HttpOnly", "SameSite=Strict"] {
        assert!(set.contains(flag), "{flag} missing: {set}");
    }
    assert_ne!(earlier, cookie_pair(&res.cookies, "__Host-regain"));
    let first = cookie_pair(&res.cookies, "__Host-regain");
    c.env.clock.advance(std::time::Duration::from_secs(30));
    let (second, csrf2) = c.sign_in_with_code("ada").await;
    assert_ne!(first, second, "a new session id at every sign-in");
    assert!(first.len() > 40, "at least 128 bits");
    assert_eq!(c.get("/admin/users", &second).await.status, StatusCode::OK);
    let out = c.post("/admin/logout", &second, &[("csrf", &csrf2)]).await;
    assert_eq!(out.location, "/admin/login?signed_out=1");
    let replay = c.get("/admin/users", &second).await;
    assert_eq!(
        (replay.status, replay.location.as_str()),
        (StatusCode::SEE_OTHER, "/admin/login"),
        "the old cookie no longer works"
    );
    assert_eq!(
        c.get("/admin/users", &first).await.status,
        StatusCode::OK,
        "other sessions are unaffected"
    );
}

#[tokio::test]
async fn idle_sessions_expire() {
    let c = Console::new().await;
    c.user("ada", Some(("Superadministrator", &[]))).await;
    let (cookie, _) = c.sign_in("ada", PW).await.unwrap();
    c.env.clock.advance(regain_core::session::IDLE_TIMEOUT);
    assert_eq!(
        c.get("/admin/users", &cookie).await.status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn failed_sign_ins_look_the_same_whatever_the_reason_and_are_audited_precisely() {
    let c = Console::new().await;
    c.user("ada", Some(("Superadministrator", &[]))).await;
    c.user("plainuser", None).await;
    let mut bodies = Vec::new();
    for (user, pw) in [("ada", "Wrong-Pass-42"), ("ghost", PW), ("plainuser", PW)] {
        let res = c.sign_in(user, pw).await.expect_err("sign-in should fail");
        assert_eq!(res.status, StatusCode::UNAUTHORIZED);
        assert!(res.body.contains("Sign-in failed"));
        assert!(
            res.body.contains(&format!("value=\"{user}\"")),
            "user name kept"
        );
        bodies.push(
            res.body
                .replace(user, "USER")
                .split("name=\"csrf\"")
                .next()
                .unwrap()
                .to_owned(),
        );
    }
    assert!(
        bodies.windows(2).all(|w| w[0] == w[1]),
        "responses differ by reason"
    );
    let log = c
        .env
        .db
        .list_audit(&AuditFilter {
            action: Some("admin.sign_in".into()),
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    let reasons: Vec<String> = log
        .items
        .iter()
        .flat_map(|r| {
            r.event
                .details
                .iter()
                .filter(|(k, _)| k == "reason")
                .map(|(_, v)| v.clone())
        })
        .collect();
    for r in ["bad_credentials", "not_an_administrator"] {
        assert!(reasons.contains(&r.to_owned()), "{r} not in {reasons:?}");
    }
}

#[tokio::test]
async fn sign_in_without_the_form_token_is_refused() {
    let c = Console::new().await;
    c.user("ada", Some(("Superadministrator", &[]))).await;
    let res = c
        .post(
            "/admin/login",
            "",
            &[("csrf", "x"), ("username", "ada"), ("password", PW)],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert!(res.cookies.iter().all(|c| !c.starts_with("__Host-regain=")));
}

#[tokio::test]
async fn console_pages_need_a_session() {
    let c = Console::new().await;
    for path in [
        "/admin",
        "/admin/users",
        "/admin/users/x",
        "/admin/settings",
    ] {
        let r = c.get(path, "").await;
        assert_eq!(
            (r.status, r.location.as_str()),
            (StatusCode::SEE_OTHER, "/admin/login"),
            "{path}"
        );
    }
    let r = c
        .post(
            "/admin/users/x/unlock",
            "__Host-regain=forged",
            &[("csrf", "x")],
        )
        .await;
    assert_eq!(r.location, "/admin/login");
}

/// Security requirement 47 (MFA for the console): an administrator with an OTP token must enter
/// a code after the password; the pending step is single use.
#[tokio::test]
async fn req47_administrators_with_a_token_sign_in_with_a_code() {
    let c = Console::new().await;
    c.user("ada", Some(("Superadministrator", &[]))).await;
    let op = Caller::operator("test");
    let en = c
        .env
        .services
        .begin_otp_enrollment(&op, "ada", "Phone")
        .await
        .unwrap();
    let seed = regain_crypto::base32_decode(&en.seed_base32).unwrap();
    let code_at = |c: &Console, offset: u64| {
        let step =
            regain_core::otp::totp_step(regain_core::ports::Clock::now(c.env.clock.as_ref()), 30)
                + offset;
        regain_crypto::hotp(&seed, step, regain_core::otp::OtpAlgorithm::Sha1, 6)
    };
    c.env
        .services
        .confirm_otp_enrollment(&op, "ada", en.method_id.as_str(), &code_at(&c, 0))
        .await
        .unwrap();
    c.env.clock.advance(std::time::Duration::from_secs(30));
    let page = c.get("/admin/login", "").await;
    let pre = cookie_pair(&page.cookies, "__Host-regain-pre");
    let step1 = c
        .post(
            "/admin/login",
            &pre,
            &[
                ("csrf", &field(&page.body, "csrf")),
                ("username", "ada"),
                ("password", PW),
            ],
        )
        .await;
    assert_eq!(step1.status, StatusCode::OK);
    assert!(
        step1
            .cookies
            .iter()
            .all(|k| !k.starts_with("__Host-regain=")),
        "no session before the code"
    );
    let pending = field(&step1.body, "pending");
    let pre = cookie_pair(&step1.cookies, "__Host-regain-pre");
    let wrong = c
        .post(
            "/admin/login/code",
            &pre,
            &[
                ("csrf", &field(&step1.body, "csrf")),
                ("pending", &pending),
                ("code", "000000"),
            ],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(wrong.body.contains("That code is not right"));
    let pre = cookie_pair(&wrong.cookies, "__Host-regain-pre");
    let ok = c
        .post(
            "/admin/login/code",
            &pre,
            &[
                ("csrf", &field(&wrong.body, "csrf")),
                ("pending", &pending),
                ("code", &code_at(&c, 0)),
            ],
        )
        .await;
    assert_eq!(
        (ok.status, ok.location.as_str()),
        (StatusCode::SEE_OTHER, "/admin")
    );
    let session = cookie_pair(&ok.cookies, "__Host-regain");
    assert_eq!(c.get("/admin/users", &session).await.status, StatusCode::OK);
    // The pending step cannot be used again.
    let again = c
        .post(
            "/admin/login/code",
            "__Host-regain-pre=t",
            &[
                ("csrf", "t"),
                ("pending", &pending),
                ("code", &code_at(&c, 1)),
            ],
        )
        .await;
    assert_eq!(again.status, StatusCode::UNAUTHORIZED);
    assert!(again.body.contains("start again"));
}

/// Security requirement 47 (issue 14, point 5): the console never accepts a password alone. An
/// administrator without a second factor enrols one right after the password, before any page
/// opens; a wrong first code keeps the step open; the token is then active.
#[tokio::test]
async fn req47_the_console_never_accepts_a_password_alone() {
    let c = Console::new().await;
    c.user("ada", Some(("Superadministrator", &[]))).await;
    let page = c.get("/admin/login", "").await;
    let step = c
        .post(
            "/admin/login",
            &cookie_pair(&page.cookies, "__Host-regain-pre"),
            &[
                ("csrf", &field(&page.body, "csrf")),
                ("username", "ada"),
                ("password", PW),
            ],
        )
        .await;
    assert_eq!(step.status, StatusCode::OK);
    assert!(step.body.contains("/admin/login/enroll") && step.body.contains("<svg"));
    assert!(!step.cookies.iter().any(|c| c.starts_with("__Host-regain=")));
    let wrong = c
        .post(
            "/admin/login/enroll",
            &cookie_pair(&step.cookies, "__Host-regain-pre"),
            &[
                ("csrf", &field(&step.body, "csrf")),
                ("pending", &field(&step.body, "pending")),
                ("code", "000000"),
            ],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(wrong.body.contains("That code is not right") && wrong.body.contains("id=\"seed\""));
    assert!(
        !wrong
            .cookies
            .iter()
            .any(|c| c.starts_with("__Host-regain="))
    );
    // Through the same step, now with the app's code.
    let (cookie, _) = c.sign_in("ada", PW).await.unwrap();
    assert_eq!(c.get("/admin/users", &cookie).await.status, StatusCode::OK);
    let methods = c
        .env
        .services
        .list_methods(&Caller::operator("test"), "ada")
        .await
        .unwrap();
    assert!(
        methods
            .iter()
            .any(|m| m.kind == regain_core::methods::MethodKind::OtpToken
                && m.state == regain_core::methods::MethodState::Active),
        "{methods:?}"
    );
}

/// Security requirement 47 (issue 14, point 5): a sensitive action (here: creating a role)
/// more than 5 minutes after the last code asks for a code first, changes nothing until then,
/// and continues by itself once the code is right (the browser repeats the POST on a 307).
#[tokio::test]
async fn req47_sensitive_actions_ask_for_a_recent_code_and_then_continue() {
    let c = Console::new().await;
    c.user("ada", Some(("Superadministrator", &[]))).await;
    let (cookie, csrf) = c.sign_in("ada", PW).await.unwrap();
    let created = c
        .post(
            "/admin/roles",
            &cookie,
            &[("csrf", &csrf), ("name", "Fresh")],
        )
        .await;
    assert_eq!(
        created.status,
        StatusCode::SEE_OTHER,
        "within 5 minutes: no question"
    );
    c.env.clock.advance(std::time::Duration::from_secs(6 * 60));
    let form = [("csrf", csrf.as_str()), ("name", "Night shift")];
    let asked = c.post("/admin/roles", &cookie, &form).await;
    assert_eq!(asked.status, StatusCode::FORBIDDEN);
    assert!(asked.body.contains("Confirm it is you"), "{}", asked.body);
    assert!(
        asked.body.contains("name=\"name\" value=\"Night shift\""),
        "{}",
        asked.body
    );
    assert!(
        c.env
            .services
            .store
            .role_by_name("Night shift")
            .await
            .unwrap()
            .is_none(),
        "changed before the code"
    );
    let reauth = |code: String| {
        let c = &c;
        let cookie = cookie.clone();
        let csrf = csrf.clone();
        async move {
            c.post(
                "/admin/reauth",
                &cookie,
                &[
                    ("csrf", csrf.as_str()),
                    ("reauth_next", "/admin/roles"),
                    ("name", "Night shift"),
                    ("reauth_code", code.as_str()),
                ],
            )
            .await
        }
    };
    let wrong = reauth("000000".into()).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(wrong.body.contains("That code is not right"));
    let ok = reauth(c.code_of("ada")).await;
    assert_eq!(ok.status, StatusCode::TEMPORARY_REDIRECT, "{}", ok.body);
    assert_eq!(ok.location, "/admin/roles");
    // What the browser does with a 307: the same POST, same fields, to the action.
    let done = c
        .post(
            &ok.location,
            &cookie,
            &[
                ("csrf", csrf.as_str()),
                ("reauth_next", "/admin/roles"),
                ("name", "Night shift"),
                ("reauth_code", "ignored"),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert!(
        c.env
            .services
            .store
            .role_by_name("Night shift")
            .await
            .unwrap()
            .is_some()
    );
    // A redirect off the console is never offered.
    let off = c
        .post(
            "/admin/reauth",
            &cookie,
            &[
                ("csrf", csrf.as_str()),
                ("reauth_next", "https://evil.example/"),
                ("reauth_code", "123456"),
            ],
        )
        .await;
    assert_eq!(off.status, StatusCode::BAD_REQUEST);
}
