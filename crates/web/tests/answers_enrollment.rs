//! Security answers on `/me` and in the console: what the console shows of an enrollment and
//! how a helpdesk clears it, a policy that requires the questions before anything else, and
//! how answers are stored and replaced (security requirement 40).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use axum::http::StatusCode;
use regain_core::service::Caller;
use secrecy::SecretString;
use support::console::{PW, field};
use support::reset_pages::{answer, app, challenge, enrol, me_session, right_answers};

#[tokio::test]
async fn the_console_shows_the_enrollment_and_a_helpdesk_clears_the_answers() {
    use regain_core::admin::Permission;
    let c = app().await;
    c.user(
        "hd",
        Some((
            "Helpdesk",
            &[Permission::ViewUsers, Permission::DeleteEnrollments],
        )),
    )
    .await;
    let (session, csrf) = c.sign_in("hd", PW).await.unwrap();
    let page = c.get("/admin/users/rita", &session).await;
    assert!(page.body.contains("Not enrolled."), "{}", page.body);
    enrol(&c, "rita").await;
    let page = c.get("/admin/users/rita", &session).await;
    assert!(page.body.contains("with 3 answers"), "{}", page.body);
    // Signed in just now with a code: within the 5 minutes, no re-authentication needed.
    let res = c
        .post(
            "/admin/users/rita/answers/clear",
            &session,
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(res.location, "/admin/users/rita?done=answers_cleared");
    let page = c.get("/admin/users/rita", &session).await;
    assert!(page.body.contains("Not enrolled."));
    // A name without answers now: the challenge is a decoy, and never accepted.
    let (cookie, page) = challenge(&c, "rita").await;
    let res = answer(&c, &cookie, &page, &right_answers("rita", &page)).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    // Declining later is recorded and announced.
    let me = me_session(&c, "rita").await;
    let form = c.get("/me/questions", &me).await;
    let later = c
        .post(
            "/me/questions/later",
            &me,
            &[("csrf", &field(&form.body, "csrf"))],
        )
        .await;
    assert_eq!(later.location, "/me");
    assert!(c.env.events.take().iter().any(|e| matches!(
        e,
        regain_core::events::DomainEvent::SecurityQuestionsDeclined { username, .. } if username == "rita"
    )));
    let page = c.get("/admin/users/rita", &session).await;
    assert!(page.body.contains("Declined on"), "{}", page.body);
    assert_eq!(
        c.get("/me", &me).await.status,
        StatusCode::OK,
        "not asked again in this session"
    );
    // "Later" lasts until the next sign-in, which asks again.
    c.env.clock.advance(std::time::Duration::from_secs(60));
    let next = me_session(&c, "rita").await;
    assert_eq!(c.get("/me", &next).await.location, "/me/questions");
    assert_eq!(c.get("/me", &me).await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_policy_that_says_must_opens_nothing_else_until_the_questions_are_enrolled() {
    let c = app().await;
    let op = Caller::operator("test");
    let s = &c.env.services;
    s.create_policy(&op, "Strict", Some("Default"))
        .await
        .unwrap();
    s.set_policy(
        &op,
        "Strict",
        &[("sspr.enrollment_prompt".into(), "must".into())],
    )
    .await
    .unwrap();
    s.set_user_policy(&op, "nina", "Strict").await.unwrap();
    let me = me_session(&c, "nina").await;
    let page = c.get("/me/questions", &me).await;
    assert!(
        !page.body.contains("id=\"enroll-later\""),
        "no Later button"
    );
    let csrf = field(&page.body, "csrf");
    for path in ["/me/push", "/me/otp", "/me/phone"] {
        let res = c.post(path, &me, &[("csrf", &csrf)]).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{path}: {}", res.body);
        assert_eq!(res.location, "/me/questions", "{path}");
    }
    let later = c.post("/me/questions/later", &me, &[("csrf", &csrf)]).await;
    assert_eq!(later.location, "/me/questions", "Later is refused");
}

/// Security requirement 40: answers are normalised and stored only as argon2id hashes, each
/// with its own salt (nothing of them in the database file in clear); replacing them needs a
/// fresh proof: a second factor confirmed in the last 5 minutes, or, for a user who has no
/// second factor, a sign-in with the password that recent.
#[tokio::test]
async fn req40_answers_are_stored_only_as_hashes_and_replacing_them_needs_a_fresh_proof() {
    use regain_core::ids::QuestionId;
    use regain_core::ports::Clock;
    use regain_core::service::{Authority, SecondFactor, ServiceError};
    use std::time::Duration;
    let c = app().await;
    let me = enrol(&c, "rita").await;
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&c.env.url).await.unwrap();
    let hashes: Vec<String> = sqlx::query_scalar("SELECT answer_hash FROM security_answers")
        .fetch_all(&pool)
        .await
        .unwrap();
    pool.close().await;
    assert_eq!(hashes.len(), 3);
    for h in &hashes {
        assert!(h.starts_with("$argon2id$"), "{h}");
    }
    let salts: std::collections::BTreeSet<&str> = hashes
        .iter()
        .map(|h| h.split('$').nth(4).unwrap())
        .collect();
    assert_eq!(salts.len(), 3, "a salt per answer: {hashes:?}");
    // Nothing of an answer anywhere in the database's files, as typed or normalised.
    let path = c.env.url.trim_start_matches("sqlite://").to_owned();
    let mut bytes = std::fs::read(&path).unwrap();
    bytes.extend(std::fs::read(format!("{path}-wal")).unwrap_or_default());
    let haystack = String::from_utf8_lossy(&bytes).to_lowercase();
    for n in 1..=3 {
        assert!(
            !haystack.contains(&format!("answer {n} of rita")),
            "answer {n}"
        );
    }

    // rita has only a password: replacing her answers right after signing in works...
    let form = c.get("/me/questions", &me).await;
    let replace = |me: String, csrf: String| {
        let c = &c;
        async move {
            let answers: Vec<String> = (1..=3).map(|n| format!("new answer {n}")).collect();
            let mut f: Vec<(String, String)> = vec![("csrf".into(), csrf)];
            for n in 1..=3 {
                f.push((format!("q-{n}"), n.to_string()));
                f.push((format!("a-{n}"), answers[n - 1].clone()));
            }
            let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            c.post("/me/questions", &me, &f).await
        }
    };
    let res = replace(me.clone(), field(&form.body, "csrf")).await;
    assert_eq!(res.location, "/me?done=questions", "{}", res.body);
    // ... and 6 minutes later, in the same session, is refused until she signs in again.
    c.env.clock.advance(Duration::from_secs(6 * 60));
    let form = c.get("/me/questions", &me).await;
    let res = replace(me.clone(), field(&form.body, "csrf")).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("sign in again"), "{}", res.body);
    let again = me_session(&c, "rita").await;
    let form = c.get("/me/questions", &again).await;
    let res = replace(again, field(&form.body, "csrf")).await;
    assert_eq!(res.location, "/me?done=questions", "{}", res.body);

    // A user with a second factor needs it confirmed recently; the sign-in alone is not enough.
    let op = Caller::operator("test");
    let s = &c.env.services;
    let (id, _) = s
        .begin_phone_enrollment(&op, "rita", "+41795550000")
        .await
        .unwrap();
    let (_, text) = c.env.sms.messages().last().unwrap().clone();
    let code: String = text.chars().filter(char::is_ascii_digit).take(6).collect();
    s.confirm_phone_enrollment(&op, "rita", &id, &code)
        .await
        .unwrap();
    let now = c.env.clock.now();
    let rita = |factor: Option<regain_core::time::Timestamp>| Caller {
        actor: regain_core::audit::Actor::User("rita".into()),
        source: None,
        authority: Authority::SelfService {
            username: "rita".into(),
            second_factor: SecondFactor::ConfirmedAt(factor),
            signed_in_at: Some(now),
        },
    };
    let answers: Vec<(QuestionId, SecretString)> = (1..=3)
        .map(|n| {
            (
                QuestionId(n),
                SecretString::from(format!("third answer {n}")),
            )
        })
        .collect();
    assert!(matches!(
        s.enroll_answers(&rita(None), &answers).await,
        Err(ServiceError::ReauthRequired)
    ));
    let stale = now;
    c.env.clock.advance(Duration::from_secs(6 * 60));
    assert!(matches!(
        s.enroll_answers(&rita(Some(stale)), &answers).await,
        Err(ServiceError::ReauthRequired)
    ));
    s.enroll_answers(&rita(Some(c.env.clock.now())), &answers)
        .await
        .unwrap()
        .unwrap();
}
