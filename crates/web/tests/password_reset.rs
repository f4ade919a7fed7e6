//! The self-service password help app (`/sso/...`) through the router, on the embedded
//! directory: enrolling answers on `/me`, the reset end to end, the sticky draw, the decoy
//! challenge of names without answers (security requirement 39), the shared lockout, the rate
//! limits, the gate (logon hours, disabled accounts), "unlock only", and the reverse-proxy table.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use axum::http::StatusCode;
use regain_core::ports::{AuditRepo, SignInRepo, UserRepo};
use regain_core::service::Caller;
use regain_core::user::Username;
use secrecy::SecretString;
use support::console::{Console, PW, cookie_pair, field};
use support::reset_pages::{
    NEW_PW, answer, app, askama_escape, asked, challenge, enrol, form_request, get_request,
    identify, masked, right_answers, wrong_answers,
};

#[tokio::test]
async fn a_user_enrols_answers_then_resets_a_forgotten_password_and_signs_in_with_it() {
    let c = app().await;
    let earlier = enrol(&c, "rita").await;
    let (cookie, page) = challenge(&c, "rita").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_eq!(asked(&page.body).len(), 2, "the policy asks 2");
    // Reloading asks the same questions (the sticky draw).
    let again = c.get("/sso/sschallenge", &cookie).await;
    assert_eq!(asked(&again.body), asked(&page.body));

    let ok = answer(&c, &cookie, &page, &right_answers("rita", &page)).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    assert_eq!(ok.location, "/sso/ssresetinit");
    let form = c.get("/sso/ssresetinit", &cookie).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert!(form.body.contains("Choose a new password for rita"));
    assert!(!form.body.contains("unlock-only"), "not locked");
    let csrf = field(&form.body, "csrf");

    // Two different entries; then a common password (Regain's own screening first).
    let post = |new: &'static str, again: &'static str| {
        let csrf = csrf.clone();
        let cookie = cookie.clone();
        let c = &c;
        async move {
            c.post(
                "/sso/ssreset",
                &cookie,
                &[
                    ("csrf", &csrf),
                    ("action", "reset"),
                    ("new", new),
                    ("again", again),
                ],
            )
            .await
        }
    };
    let mismatch = post(NEW_PW, "something else").await;
    assert_eq!(mismatch.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(mismatch.body.contains("The two passwords are not the same"));
    let common = post("qwerty123456", "qwerty123456").await;
    assert_eq!(common.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        common.body.contains("most common passwords"),
        "{}",
        common.body
    );
    let done = post(NEW_PW, NEW_PW).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert!(done.body.contains("Your password was changed"));
    let me = cookie_pair(&done.cookies, "__Host-regain-me");
    assert_eq!(
        c.get("/me", &me).await.status,
        StatusCode::OK,
        "signed in to /me"
    );
    // Her other sessions ended with the change; a message told her, without the password.
    let old_session = c.get("/me", &earlier).await;
    assert_eq!(
        old_session.location, "/me/login",
        "the earlier /me session is gone"
    );
    let audit = c
        .env
        .db
        .list_audit(&regain_core::audit::AuditFilter {
            action: Some("sspr.notice".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(audit.total, 1, "the change was told (or why not: no phone)");
    assert!(
        c.env
            .sms
            .messages()
            .iter()
            .all(|(_, text)| !text.contains(NEW_PW)),
        "never the password in a message"
    );

    // The directory has the new password, not the old one.
    let dir = &c.env.services.directory;
    let new = SecretString::from(NEW_PW.to_owned());
    let old = SecretString::from(PW.to_owned());
    use regain_core::directory::AuthOutcome;
    assert_eq!(
        dir.authenticate("rita", &new).await.unwrap(),
        AuthOutcome::Authenticated
    );
    assert_ne!(
        dir.authenticate("rita", &old).await.unwrap(),
        AuthOutcome::Authenticated
    );
    // The reset session was single use.
    let after = c.get("/sso/ssresetinit", &cookie).await;
    assert!(
        after.body.contains("This page has expired"),
        "{}",
        after.body
    );
}

#[tokio::test]
async fn req39_a_name_without_answers_gets_the_same_pages_and_locks_after_as_many_tries() {
    let c = app().await;
    enrol(&c, "rita").await;
    // nina exists but enrolled nothing; "nobody" does not exist.
    let mut pages = Vec::new();
    for name in ["rita", "nina", "nobody"] {
        let (res, _) = identify(&c, name).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{name}");
        assert_eq!(res.location, "/sso/sschallenge", "{name}");
        let names: Vec<&str> = res
            .cookies
            .iter()
            .map(|c| c.split('=').next().unwrap())
            .collect();
        assert_eq!(names, ["__Host-regain-sspr"], "{name}");
        let cookie = cookie_pair(&res.cookies, "__Host-regain-sspr");
        let page = c.get("/sso/sschallenge", &cookie).await;
        assert_eq!(page.status, StatusCode::OK);
        assert_eq!(asked(&page.body).len(), 2, "{name}");
        pages.push((name, cookie, page));
    }
    let first = masked(&pages[0].2.body, pages[0].0);
    for (name, _, page) in &pages[1..] {
        assert_eq!(masked(&page.body, name), first, "{name}'s challenge page");
    }
    // A decoy's questions are the same on every visit.
    let (_, again) = challenge(&c, "nobody").await;
    assert_eq!(asked(&again.body), asked(&pages[2].2.body));

    // Wrong answers: the same refusal for all three, then the same lock after 5 (the policy's
    // threshold, also the default policy's).
    for round in 1..=5 {
        let mut bodies = Vec::new();
        for (name, cookie, page) in &pages {
            let res = answer(&c, cookie, page, &wrong_answers(page)).await;
            bodies.push((name, res));
        }
        for (name, res) in &bodies {
            if round < 5 {
                assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{name} round {round}");
                assert!(res.body.contains("Your answers were not accepted"));
            } else {
                assert_eq!(res.status, StatusCode::FORBIDDEN, "{name} round {round}");
                assert!(res.body.contains("Password help is locked for now"));
            }
            assert_eq!(
                masked(&res.body, name),
                masked(&bodies[0].1.body, bodies[0].0),
                "{name} round {round}"
            );
        }
    }
    // Locked: even the right answers are refused now (the attempt is taken first).
    let (cookie, page) = challenge(&c, "rita").await;
    let res = answer(&c, &cookie, &page, &right_answers("rita", &page)).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    // The lock is rita's own second-factor lockout (shared with emergency access).
    let rita = c
        .env
        .db
        .user_by_name(&Username::parse("rita").unwrap())
        .await
        .unwrap()
        .unwrap();
    let lockout = c.env.db.user_lockout(rita.id).await.unwrap();
    assert!(lockout.is_locked(regain_core::ports::Clock::now(c.env.clock.as_ref())));
}

#[tokio::test]
async fn the_draw_stays_the_same_in_a_new_browser_until_answered() {
    let c = app().await;
    enrol(&c, "rita").await;
    let (_, first) = challenge(&c, "rita").await;
    for _ in 0..5 {
        let (_, page) = challenge(&c, "rita").await;
        assert_eq!(asked(&page.body), asked(&first.body));
    }
}

#[tokio::test]
async fn self_service_off_tells_every_name_the_same_after_it_is_given() {
    let c = app().await;
    let op = Caller::operator("test");
    c.env
        .services
        .set_settings(&op, &[("self_service_enabled".into(), "false".into())])
        .await
        .unwrap();
    let mut bodies = Vec::new();
    for name in ["rita", "nobody"] {
        let (res, _) = identify(&c, name).await;
        assert_eq!(res.status, StatusCode::OK);
        assert!(res.body.contains("Password help is not available"));
        assert!(
            res.cookies
                .iter()
                .all(|k| !k.starts_with("__Host-regain-sspr="))
        );
        bodies.push(masked(&res.body, name));
    }
    assert_eq!(bodies[0], bodies[1]);
}

#[tokio::test]
async fn requests_for_one_name_are_limited_on_every_node() {
    let c = app().await;
    for n in 1..=20 {
        let (res, _) = identify(&c, "nobody").await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "request {n}");
    }
    let (res, _) = identify(&c, "NoBody").await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS, "{}", res.body);
    assert!(res.body.contains("Too many attempts"));
    // Another name is not affected.
    let (res, _) = identify(&c, "rita").await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_locked_account_may_be_only_unlocked_and_closed_logon_hours_are_never_bypassed() {
    let c = app().await;
    enrol(&c, "rita").await;
    support::console::lock(&c, "rita").await;
    assert!(support::console::locked(&c, "rita").await);
    let (cookie, page) = challenge(&c, "rita").await;
    let ok = answer(&c, &cookie, &page, &right_answers("rita", &page)).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let form = c.get("/sso/ssresetinit", &cookie).await;
    assert!(
        form.body.contains("Your account is locked"),
        "{}",
        form.body
    );
    let csrf = field(&form.body, "csrf");
    let res = c
        .post(
            "/sso/ssreset",
            &cookie,
            &[("csrf", &csrf), ("action", "unlock")],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(res.body.contains("Your account is unlocked"));
    assert!(!support::console::locked(&c, "rita").await);
    use regain_core::directory::AuthOutcome;
    let old = SecretString::from(PW.to_owned());
    assert_eq!(
        c.env
            .services
            .directory
            .authenticate("rita", &old)
            .await
            .unwrap(),
        AuthOutcome::Authenticated,
        "the password is unchanged"
    );

    // Logon hours that forbid now: the gate says so, nothing is changed.
    c.env
        .services
        .directory
        .provisioning()
        .unwrap()
        .set_logon_hours("rita", regain_core::logon_hours::LogonHours::never())
        .await
        .unwrap();
    let (cookie, page) = challenge(&c, "rita").await;
    let ok = answer(&c, &cookie, &page, &right_answers("rita", &page)).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    let gate = c.get("/sso/ssresetinit", &cookie).await;
    assert_eq!(gate.status, StatusCode::FORBIDDEN);
    assert!(gate.body.contains("You cannot sign in at this time"));
}

#[tokio::test]
async fn only_the_reference_table_is_served_under_sso() {
    let c = app().await;
    for path in [
        "/sso/passwordhelp",
        "/sso/sschallengeinit",
        "/sso/sslogin",
        "/sso/css/sspw/sspw-common.css",
    ] {
        let res = c
            .send(
                axum::http::Request::put(path)
                    .body(axum::body::Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(res.status, StatusCode::METHOD_NOT_ALLOWED, "PUT {path}");
    }
    for path in ["/sso/", "/sso/admin", "/sso/passwordhelp/x", "/sso/js/../x"] {
        assert_eq!(
            c.get(path, "").await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    assert_eq!(
        c.get("/sso/css/sspw/sspw-common.css?v=1", "").await.status,
        StatusCode::NOT_FOUND,
        "no query string on stylesheets"
    );
    assert_eq!(
        c.get("/sso/css/sspw/sspw-common.css", "").await.status,
        StatusCode::OK
    );
    // Every page: a CSP without inline script or style, never cached.
    use tower::ServiceExt;
    for path in ["/sso/passwordhelp", "/sso/sschallenge", "/sso/ssresetinit"] {
        let res = regain_web::app(c.state.clone())
            .oneshot(
                axum::http::Request::get(path)
                    .body(axum::body::Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        let h = res.headers();
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
        assert!(csp.contains("script-src 'self'"), "{path}: {csp}");
        assert_eq!(h["cache-control"], "no-store", "{path}");
    }
}

#[tokio::test]
async fn every_language_renders_the_start_and_challenge_pages() {
    let c = app().await;
    for lang in regain_web::i18n::Lang::ALL {
        let tr = regain_web::i18n::Tr::new(lang);
        let page = c
            .send(
                axum::http::Request::get("/sso/passwordhelp")
                    .header(
                        "accept-language",
                        format!("{};q=0.9, en;q=0.1", lang.code()),
                    )
                    .body(axum::body::Body::empty())
                    .unwrap(),
            )
            .await;
        assert!(
            page.body
                .contains(&format!("<html lang=\"{}\">", lang.code())),
            "{}",
            lang.code()
        );
        assert!(page.body.contains(&askama_escape(&tr.t("start-title"))));
        // A language link remembers the choice.
        let chosen = c
            .get(&format!("/sso/passwordhelp?lang={}", lang.code()), "")
            .await;
        assert!(
            chosen
                .cookies
                .iter()
                .any(|k| k.starts_with(&format!("regain-lang={}", lang.code()))),
            "{:?}",
            chosen.cookies
        );
    }
}

/// F-S10: every step on the other of two servers sharing one PostgreSQL database: the session,
/// the sticky draw, the answers, the reset.
#[tokio::test]
async fn the_steps_alternate_between_two_servers_on_postgresql() {
    let c = Console::on_postgres().await;
    let op = Caller::operator("test");
    let s = &c.env.services;
    let changes: Vec<(String, String)> = [
        ("enrollment.remote", "password"),
        ("sspr.allow_reset", "true"),
        ("sspr.questions_to_enroll", "3"),
        ("sspr.questions_to_answer", "2"),
        ("sspr.enrollment_prompt", "may_delay"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    s.set_policy(&op, "Default", &changes).await.unwrap();
    s.set_settings(&op, &[("self_service_enabled".into(), "true".into())])
        .await
        .unwrap();
    c.user("rita", None).await;
    enrol(&c, "rita").await;
    let b = c.second_server().await;
    let a = c.state.clone();

    let start = c.send_to(&a, get_request("/sso/passwordhelp", "")).await;
    let pre = cookie_pair(&start.cookies, "__Host-regain-sspr-pre");
    let res = c
        .send_to(
            &b,
            form_request(
                "/sso/sschallengeinit",
                &pre,
                &[("csrf", &field(&start.body, "csrf")), ("username", "rita")],
            ),
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let cookie = cookie_pair(&res.cookies, "__Host-regain-sspr");
    let on_a = c
        .send_to(&a, get_request("/sso/sschallenge", &cookie))
        .await;
    let on_b = c
        .send_to(&b, get_request("/sso/sschallenge", &cookie))
        .await;
    assert_eq!(on_a.status, StatusCode::OK, "{}", on_a.body);
    assert_eq!(
        asked(&on_a.body),
        asked(&on_b.body),
        "the same draw on both"
    );
    let answers = right_answers("rita", &on_b);
    let mut form: Vec<(&str, &str)> = vec![("csrf", "")];
    let csrf = field(&on_b.body, "csrf");
    form[0].1 = &csrf;
    let names: Vec<String> = answers.iter().map(|(id, _)| format!("a-{id}")).collect();
    for (n, (_, a)) in names.iter().zip(&answers) {
        form.push((n, a));
    }
    let ok = c
        .send_to(&a, form_request("/sso/sschallenge", &cookie, &form))
        .await;
    assert_eq!(ok.location, "/sso/ssresetinit", "{}", ok.body);
    let page = c
        .send_to(&b, get_request("/sso/ssresetinit", &cookie))
        .await;
    assert!(page.body.contains("Choose a new password for rita"));
    let done = c
        .send_to(
            &a,
            form_request(
                "/sso/ssreset",
                &cookie,
                &[
                    ("csrf", &field(&page.body, "csrf")),
                    ("action", "reset"),
                    ("new", NEW_PW),
                    ("again", NEW_PW),
                ],
            ),
        )
        .await;
    assert!(
        done.body.contains("Your password was changed"),
        "{}",
        done.body
    );
    // Single use on either server.
    let again = c
        .send_to(&b, get_request("/sso/ssresetinit", &cookie))
        .await;
    assert!(again.body.contains("This page has expired"));
    assert_eq!(
        regain_core::audit::verify_store(&c.env.db, &c.env.mac)
            .await
            .unwrap()
            .map(|_| ()),
        Ok(())
    );
}
