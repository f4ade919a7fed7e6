//! Application passwords on `/me` (F-S8) through the router: a user adds, edits and deletes
//! entries; a planted password never shows on any page (theirs, the console's user and audit
//! pages for a superadministrator) nor in the database file; a stale session's change is
//! refused with what to do and changes nothing; another user's entry is out of reach.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use axum::http::StatusCode;
use regain_core::ports::AuditRepo;
use regain_core::service::Caller;
use std::time::Duration;
use support::console::{Console, PW, cookie_pair, field};

const PLANTED: &str = "Planted-App-Secret-4711";

async fn me_session(c: &Console, user: &str) -> String {
    let page = c.get("/me/login", "").await;
    let pre = cookie_pair(&page.cookies, "__Host-regain-me-pre");
    let res = c
        .post(
            "/me/login",
            &pre,
            &[
                ("csrf", &field(&page.body, "csrf")),
                ("username", user),
                ("password", PW),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    cookie_pair(&res.cookies, "__Host-regain-me")
}

fn first_id(body: &str) -> String {
    body.split("href=\"/me/apps/")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn a_user_keeps_application_passwords_that_no_page_shows() {
    let c = Console::new().await;
    let op = Caller::operator("test");
    c.env
        .services
        .set_policy(
            &op,
            "Default",
            &[("enrollment.remote".into(), "password".into())],
        )
        .await
        .unwrap();
    c.user("ada", Some(("Superadministrator", &[]))).await;
    for u in ["rita", "otto"] {
        c.user(u, None).await;
    }
    let me = me_session(&c, "rita").await;
    let list = c.get("/me/apps", &me).await;
    assert!(list.body.contains("id=\"no-apps\""), "{}", list.body);
    let csrf = field(&list.body, "csrf");
    let added = c
        .post(
            "/me/apps",
            &me,
            &[
                ("csrf", &csrf),
                ("name", "CRM"),
                ("address", "https://crm.example.test"),
                ("login", "rita.m"),
                ("password", PLANTED),
            ],
        )
        .await;
    assert_eq!(added.location, "/me/apps?done=saved");
    let list = c.get("/me/apps?done=saved", &me).await;
    assert!(list.body.contains("rita.m") && list.body.contains("is saved"));
    let id = first_id(&list.body);
    // A refusal names the field and keeps what was typed (never the password).
    let refused = c
        .post(
            "/me/apps",
            &me,
            &[
                ("csrf", &csrf),
                ("name", ""),
                ("login", "kept.login"),
                ("password", "Another-Secret"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("Enter the application&#39;s name"),
        "{}",
        refused.body
    );
    assert!(refused.body.contains("kept.login") && !refused.body.contains("Another-Secret"));
    // Editing without a new password keeps it.
    let edit = c.get(&format!("/me/apps/{id}"), &me).await;
    assert!(edit.body.contains("value=\"CRM\"") && !edit.body.contains(PLANTED));
    let saved = c
        .post(
            &format!("/me/apps/{id}"),
            &me,
            &[("csrf", &csrf), ("name", "CRM (EU)"), ("login", "rita.m")],
        )
        .await;
    assert_eq!(saved.location, "/me/apps?done=saved");

    // Another user reaches none of it.
    let otto = me_session(&c, "otto").await;
    let theirs = c.get(&format!("/me/apps/{id}"), &otto).await;
    assert_eq!(theirs.location, "/me/apps");
    let otto_csrf = field(&c.get("/me/apps", &otto).await.body, "csrf");
    let gone = c
        .post(
            &format!("/me/apps/{id}/delete"),
            &otto,
            &[("csrf", &otto_csrf)],
        )
        .await;
    assert_eq!(gone.location, "/me/apps");
    assert!(c.get("/me/apps", &me).await.body.contains("CRM (EU)"));

    // Nowhere in clear: not on the console's pages for a superadministrator, not in the
    // database's files.
    let (admin, _) = c.sign_in("ada", PW).await.unwrap();
    for path in [
        "/admin/users/rita",
        "/admin/audit",
        "/admin/audit?target=rita",
    ] {
        let page = c.get(path, &admin).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert!(!page.body.contains(PLANTED), "{path}");
    }
    let audit = c.get("/admin/audit?target=rita", &admin).await;
    assert!(audit.body.contains("app_password.add"), "{}", audit.body);
    let path = c.env.url.trim_start_matches("sqlite://").to_owned();
    let mut bytes = std::fs::read(&path).unwrap();
    bytes.extend(std::fs::read(format!("{path}-wal")).unwrap_or_default());
    assert!(!String::from_utf8_lossy(&bytes).contains(PLANTED));

    // Six minutes after signing in: a change is refused with what to do, nothing changes.
    c.env.clock.advance(Duration::from_secs(6 * 60));
    let stale = c
        .post(&format!("/me/apps/{id}/delete"), &me, &[("csrf", &csrf)])
        .await;
    assert_eq!(stale.status, StatusCode::FORBIDDEN, "{}", stale.body);
    assert!(stale.body.contains("fresh sign-in"), "{}", stale.body);
    assert!(c.get("/me/apps", &me).await.body.contains("CRM (EU)"));
    let again = me_session(&c, "rita").await;
    let csrf = field(&c.get("/me/apps", &again).await.body, "csrf");
    let deleted = c
        .post(&format!("/me/apps/{id}/delete"), &again, &[("csrf", &csrf)])
        .await;
    assert_eq!(deleted.location, "/me/apps?done=deleted");
    assert!(
        c.get("/me/apps", &again)
            .await
            .body
            .contains("id=\"no-apps\"")
    );
}

/// The password help app, after the challenge (F-S8): the list, each password shown on request
/// for 60 seconds, every reveal audited without the value; only where the policy asks no more
/// answers for viewing than the challenge took.
#[tokio::test]
async fn password_help_shows_an_application_password_on_request_after_the_questions() {
    use support::reset::{allow_reset, answered, enrol_answers, self_caller};
    let c = Console::new().await;
    let op = Caller::operator("test");
    let s = &c.env.services;
    allow_reset(&c, &[("sspr.questions_for_app_passwords", "2")]).await;
    c.user("rita", None).await;
    enrol_answers(&c, "rita", |n| format!("answer {n}")).await;
    let rita = self_caller(&c, "rita");
    s.add_app_password(
        &rita,
        &regain_core::app_passwords::AppPasswordInput {
            name: "CRM",
            address: "https://crm.example.test",
            login: "rita.m",
            password: PLANTED,
        },
    )
    .await
    .unwrap()
    .unwrap();

    // Through the challenge.
    let proven = || async {
        let (cookie, res) = answered(&c, "rita", |id| format!("answer {id}")).await;
        assert_eq!(res.location, "/sso/ssresetinit", "{}", res.body);
        cookie
    };
    let cookie = proven().await;
    let reset = c.get("/sso/ssresetinit", &cookie).await;
    assert!(reset.body.contains("id=\"view-apps\""), "{}", reset.body);
    let list = c.get("/sso/ssresetinit?view=apps", &cookie).await;
    assert!(list.body.contains("rita.m") && !list.body.contains(PLANTED));
    assert!(!list.body.contains("http-equiv=\"refresh\""));
    let id = list
        .body
        .split("name=\"id\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_owned();
    let shown = c
        .post(
            "/sso/ssreset",
            &cookie,
            &[
                ("csrf", &field(&list.body, "csrf")),
                ("action", "reveal"),
                ("id", &id),
            ],
        )
        .await;
    assert!(
        shown
            .body
            .contains(&format!("<code id=\"revealed-password\">{PLANTED}</code>")),
        "{}",
        shown.body
    );
    assert!(
        shown
            .body
            .contains("http-equiv=\"refresh\" content=\"60;url=/sso/ssresetinit?view=apps\"")
    );
    let audit = c
        .env
        .db
        .list_audit(&regain_core::audit::AuditFilter {
            action: Some("app_password.reveal".into()),
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(audit.items.len(), 1);
    assert!(!format!("{:?}", audit.items[0].event).contains(PLANTED));
    // The reset session is not used up by looking: the password can still be reset.
    assert!(
        c.get("/sso/ssresetinit", &cookie)
            .await
            .body
            .contains("id=\"set-password\"")
    );

    // A policy that asks more answers for viewing than the challenge takes: no list.
    s.set_policy(
        &op,
        "Default",
        &[("sspr.questions_for_app_passwords".into(), "3".into())],
    )
    .await
    .unwrap();
    let cookie = proven().await;
    assert!(
        !c.get("/sso/ssresetinit", &cookie)
            .await
            .body
            .contains("id=\"view-apps\"")
    );
    let list = c.get("/sso/ssresetinit?view=apps", &cookie).await;
    assert_eq!(list.location, "/sso/ssresetinit");
}
