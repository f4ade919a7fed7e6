//! The console's Notifications page (F-M1): subscriptions with their errors, the test message,
//! the outbox with its states; "Manage notifications" required; every change audited.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use axum::http::StatusCode;
use regain_core::admin::Permission;
use regain_core::audit::AuditFilter;
use regain_core::ids::NodeId;
use regain_core::notifications::NotificationRepo;
use regain_core::ports::AuditRepo;
use std::time::Duration;
use support::console::{Console, PW};

#[tokio::test]
async fn subscriptions_test_messages_and_the_outbox() {
    let c = Console::new().await;
    c.user("ada", Some(("Superadministrator", &[]))).await;
    c.user("omar", None).await;
    let (cookie, csrf) = c.sign_in("ada", PW).await.unwrap();
    let page = c.get("/admin/notifications", &cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("id=\"no-subscriptions\""),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("href=\"/admin/notifications\""),
        "in the navigation"
    );
    for event in [
        "Self-enrollment declined",
        "User locked out",
        "Push limit reached",
        "Audit write failed",
    ] {
        assert!(page.body.contains(event), "{event}");
    }

    // Refused: each field says what was wrong and keeps what was typed; nothing stored.
    for (form, field, says) in [
        (
            [
                ("event", "locked_out"),
                ("channel", "email"),
                ("address", "ops-at-example"),
                ("user", ""),
            ],
            "value=\"ops-at-example\"",
            "is not an email address",
        ),
        (
            [
                ("event", "locked_out"),
                ("channel", "webhook"),
                ("address", "http://hooks.example.org/x"),
                ("user", ""),
            ],
            "value=\"http://hooks.example.org/x\"",
            "use an https:// URL",
        ),
        (
            [
                ("event", "locked_out"),
                ("channel", "email"),
                ("address", "ops@example.org"),
                ("user", "nobody"),
            ],
            "value=\"nobody\"",
            "not found",
        ),
    ] {
        let mut f = vec![("csrf", csrf.as_str())];
        f.extend(form);
        let r = c.post("/admin/notifications", &cookie, &f).await;
        assert!(r.status.is_client_error(), "{:?}: {}", r.status, r.body);
        assert!(r.body.contains(field), "{field}: {}", r.body);
        assert!(r.body.contains(says), "{says}: {}", r.body);
        assert!(r.body.contains("class=\"field-error\""));
    }
    assert!(c.env.db.subscriptions().await.unwrap().is_empty());

    let add = |event: &'static str, user: &'static str| {
        let csrf = csrf.clone();
        let cookie = cookie.clone();
        let c = &c;
        async move {
            c.post(
                "/admin/notifications",
                &cookie,
                &[
                    ("csrf", &csrf),
                    ("event", event),
                    ("channel", "email"),
                    ("address", "ops@example.org"),
                    ("user", user),
                ],
            )
            .await
        }
    };
    assert_eq!(
        add("locked_out", "").await.location,
        "/admin/notifications?done=added"
    );
    assert_eq!(
        add("push_limit", "OMAR").await.location,
        "/admin/notifications?done=added"
    );
    assert_eq!(add("locked_out", "").await.status, StatusCode::CONFLICT);
    let page = c.get("/admin/notifications?done=added", &cookie).await;
    assert!(page.body.contains("Subscription added."));
    assert!(
        page.body.contains("<td>omar</td>"),
        "the user as written: {}",
        page.body
    );
    assert!(page.body.contains("<td>Any user</td>"));

    // A test message: queued, then (by a worker with no mail server) retried with the reason.
    let t = c
        .post(
            "/admin/notifications/test",
            &cookie,
            &[
                ("csrf", &csrf),
                ("channel", "email"),
                ("address", "ops@example.org"),
            ],
        )
        .await;
    assert_eq!(t.location, "/admin/notifications?done=test");
    let page = c.get("/admin/notifications?state=pending", &cookie).await;
    assert!(page.body.contains("1 waiting"), "{}", page.body);
    assert!(page.body.contains("Test message"));
    let s = &c.env.services;
    let worker = regain_core::service::NoticeDelivery {
        store: s.store.clone(),
        sender: std::sync::Arc::new(
            regain_notify::NoticeDispatch::new(None, None, Duration::from_secs(1), false).unwrap(),
        ),
        texts: std::sync::Arc::new(regain_web::i18n::NoticeBundle {
            default: regain_web::i18n::Lang::En,
        }),
        clock: s.clock.clone(),
        telemetry: s.telemetry.clone(),
        node: NodeId::parse("console-test").unwrap(),
        retry: regain_core::notifications::RetryPolicy {
            attempts: 1,
            ..Default::default()
        },
        batch: 10,
    };
    let r = worker.deliver_due().await.unwrap();
    assert_eq!(r.failed, 1);
    let page = c.get("/admin/notifications?state=failed", &cookie).await;
    assert!(page.body.contains("1 failed"), "{}", page.body);
    assert!(
        page.body.contains("no mail server is configured"),
        "{}",
        page.body
    );
    assert!(page.body.contains("gave up"));
    // And in /metrics, read from the database at the scrape.
    let metrics = tower::ServiceExt::oneshot(
        regain_web::metrics_app(c.state.clone()),
        axum::http::Request::get("/metrics")
            .body(axum::body::Body::empty())
            .unwrap(),
    )
    .await
    .unwrap();
    let text = String::from_utf8(
        http_body_util::BodyExt::collect(metrics.into_body())
            .await
            .unwrap()
            .to_bytes()
            .to_vec(),
    )
    .unwrap();
    assert!(
        text.contains(r#"regain_notification_outbox{state="failed"} 1"#),
        "{text}"
    );

    // Removing one.
    let id = c.env.db.subscriptions().await.unwrap()[0].id;
    let del = c
        .post(
            &format!("/admin/notifications/{id}/delete"),
            &cookie,
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(del.location, "/admin/notifications?done=deleted");
    assert_eq!(c.env.db.subscriptions().await.unwrap().len(), 1);

    // Every change is in the audit log; the give-up too, with its reason.
    for action in [
        "notification.subscribe",
        "notification.test",
        "notification.unsubscribe",
        "notification.failed",
    ] {
        let found = c
            .env
            .db
            .list_audit(&AuditFilter {
                action: Some(action.into()),
                limit: 10,
                ..Default::default()
            })
            .await
            .unwrap();
        assert!(found.total >= 1, "{action}");
    }
}

#[tokio::test]
async fn the_page_needs_manage_notifications() {
    let c = Console::new().await;
    c.user(
        "hal",
        Some((
            "Helpdesk",
            &[Permission::ViewUsers, Permission::UnlockUsers],
        )),
    )
    .await;
    let (cookie, csrf) = c.sign_in("hal", PW).await.unwrap();
    let home = c.get("/admin/users", &cookie).await;
    assert!(!home.body.contains("href=\"/admin/notifications\""));
    assert_eq!(
        c.get("/admin/notifications", &cookie).await.status,
        StatusCode::FORBIDDEN
    );
    let r = c
        .post(
            "/admin/notifications",
            &cookie,
            &[
                ("csrf", &csrf),
                ("event", "locked_out"),
                ("channel", "email"),
                ("address", "hal@example.org"),
                ("user", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(c.env.db.subscriptions().await.unwrap().is_empty());
    // Without the form token, refused whoever asks.
    c.user("ada", Some(("Superadministrator", &[]))).await;
    let (cookie, _) = c.sign_in("ada", PW).await.unwrap();
    let r = c
        .post(
            "/admin/notifications/test",
            &cookie,
            &[
                ("csrf", "forged"),
                ("channel", "email"),
                ("address", "x@example.org"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(c.env.db.outbox_counts().await.unwrap().pending, 0);
}

#[tokio::test]
async fn the_user_page_keeps_the_address_of_the_users_notices() {
    let c = Console::new().await;
    c.user("ada", Some(("Superadministrator", &[]))).await;
    c.user("omar", None).await;
    let (cookie, csrf) = c.sign_in("ada", PW).await.unwrap();
    let page = c.get("/admin/users/omar", &cookie).await;
    assert!(
        page.body.contains("<title>omar · Regain</title>"),
        "a plain title"
    );
    assert!(
        page.body.contains("id=\"policy-h\""),
        "the policy section is in the page"
    );
    assert!(page.body.contains("the default (the user has not used"));
    let bad = c
        .post(
            "/admin/users/omar/email",
            &cookie,
            &[("csrf", &csrf), ("email", "omar@")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("is not an email address"), "{}", bad.body);
    let ok = c
        .post(
            "/admin/users/omar/email",
            &cookie,
            &[("csrf", &csrf), ("email", "omar@example.org")],
        )
        .await;
    assert_eq!(ok.location, "/admin/users/omar?done=email");
    let page = c.get("/admin/users/omar?done=email", &cookie).await;
    assert!(
        page.body.contains("value=\"omar@example.org\""),
        "{}",
        page.body
    );
    assert!(page.body.contains("notices is saved."), "{}", page.body);
    let audit = c
        .env
        .db
        .list_audit(&AuditFilter {
            action: Some("user.set_email".into()),
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(audit.total, 1);
}

/// Wrong passwords that lock an account of the embedded directory tell the subscribers too,
/// once per lock.
#[tokio::test]
async fn a_directory_lockout_tells_the_subscribers_once() {
    let c = Console::new().await;
    c.user("dave", None).await;
    c.env
        .services
        .subscribe(
            &regain_core::service::Caller::operator("test"),
            "locked_out",
            "email",
            "ops@example.org",
            "",
        )
        .await
        .unwrap();
    support::console::lock(&c, "dave").await;
    support::console::lock(&c, "dave").await;
    let out = c.env.db.outbox(None, 10).await.unwrap();
    assert_eq!(out.len(), 1, "{out:?}");
    assert_eq!(
        (
            out[0].event,
            out[0].username.as_str(),
            out[0].address.as_str()
        ),
        (
            regain_core::notifications::NoticeEvent::LockedOut,
            "dave",
            "ops@example.org"
        )
    );
}
