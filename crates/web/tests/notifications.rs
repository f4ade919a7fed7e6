//! Notifications against the real mail server (Exim from Debian, `scripts/mail/exim`): every
//! event tells its recipient exactly once, in their language, through SMTP; the protected
//! ports take mail only with TLS and the login; a message never holds a code or password.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use regain_core::audit::Actor;
use regain_core::ids::NodeId;
use regain_core::notifications::{NoticeEvent, NoticeTexts, RetryPolicy};
use regain_core::ports::Clock;
use regain_core::service::{Authority, Caller, NoticeDelivery, SecondFactor};
use regain_core::temp_code::Uses;
use regain_web::i18n::{Lang, NoticeBundle};
use secrecy::SecretString;
use std::sync::Arc;
use std::time::Duration;
use support::mail::{self, Mail};
use support::temp_codes::{self, DAY, T};

fn delivery(t: &T, smtp: &regain_notify::SmtpConfig) -> NoticeDelivery {
    let mailer = regain_notify::SmtpMailer::new(smtp).unwrap();
    let s = &t.c.env.services;
    NoticeDelivery {
        store: s.store.clone(),
        sender: Arc::new(
            regain_notify::NoticeDispatch::new(
                Some(Arc::new(mailer)),
                None,
                Duration::from_secs(10),
                false,
            )
            .unwrap(),
        ),
        texts: Arc::new(NoticeBundle { default: Lang::En }),
        clock: s.clock.clone(),
        telemetry: s.telemetry.clone(),
        node: NodeId::parse("mail-test").unwrap(),
        retry: RetryPolicy::default(),
        batch: 50,
    }
}

/// Delivers everything due; the number sent.
async fn deliver_all(d: &NoticeDelivery) -> u32 {
    let mut sent = 0;
    loop {
        let r = d.deliver_due().await.unwrap();
        assert_eq!(r.retried + r.failed, 0, "a notice could not be sent: {r:?}");
        sent += r.sent;
        if r.claimed() == 0 {
            return sent;
        }
    }
}

fn subject(event: NoticeEvent, lang: Lang, user: &str) -> String {
    NoticeBundle { default: lang }
        .render(event, None, &[("user".into(), user.into())])
        .subject
}

fn count(mails: &[Mail], subject: &str) -> usize {
    mails.iter().filter(|m| m.subject == subject).count()
}

fn last_sms_code(t: &T) -> String {
    let (_, text) = t.c.env.sms.messages().last().cloned().expect("no SMS sent");
    text.split_whitespace().next().unwrap().to_owned()
}

fn otp_now(t: &T, seed_b32: &str) -> String {
    let seed = regain_crypto::base32_decode(seed_b32).unwrap();
    let step = regain_core::otp::totp_step(t.c.env.clock.now(), 30);
    regain_crypto::hotp(&seed, step, regain_core::otp::OtpAlgorithm::Sha1, 6)
}

fn self_caller(user: &str) -> Caller {
    Caller {
        actor: Actor::User(user.into()),
        source: None,
        authority: Authority::SelfService {
            username: user.into(),
            second_factor: SecondFactor::ConfirmedAt(None),
            signed_in_at: None,
        },
    }
}

#[tokio::test]
async fn req11_each_event_tells_its_recipient_once_in_their_language() {
    let t = temp_codes::setup().await;
    let s = &t.c.env.services;
    let op = &t.op;
    let tag = mail::tag();
    let nina = format!("nina-{tag}@example.org");
    let omar = format!("omar-{tag}@example.org");
    let ops = format!("ops-{tag}@example.org");
    s.set_user_contact(op, "nina", Some(&nina), Some("de"))
        .await
        .unwrap();
    s.set_user_contact(op, "omar", Some(&omar), Some("fr"))
        .await
        .unwrap();
    t.c.user("pia", None).await;
    for e in NoticeEvent::SUBSCRIBABLE {
        s.subscribe(op, e.key(), "email", &ops, "").await.unwrap();
    }

    // nina: an unlock, a temporary code issued, used and revoked, a new method, a new
    // password, and (for the subscribers) a lockout.
    s.unlock_user(op, "nina").await.unwrap();
    let code = t.issue("nina", Uses::Multiple, DAY).await;
    let v = t.sign_in_with_code("nina", "remote_access", &code).await;
    assert_eq!(v["state"], "accepted", "{v}");
    assert!(s.revoke_temporary_code(op, "nina").await.unwrap());
    let en = s
        .begin_otp_enrollment(op, "nina", "Phone app")
        .await
        .unwrap();
    let otp = otp_now(&t, &en.seed_base32);
    s.confirm_otp_enrollment(op, "nina", en.method_id.as_str(), &otp)
        .await
        .unwrap();
    s.reset_password(
        op,
        "nina",
        &SecretString::from("Brand-New-Pass-42".to_owned()),
        false,
    )
    .await
    .unwrap();
    for _ in 0..12 {
        let _ = s.verify_otp("nina", "000000", Some("192.0.2.9")).await;
    }

    // omar: a phone, then another number; and he puts off his security questions.
    let (id, _) = s
        .begin_phone_enrollment(op, "omar", "+41791234567")
        .await
        .unwrap();
    s.confirm_phone_enrollment(op, "omar", &id, &last_sms_code(&t))
        .await
        .unwrap();
    t.c.env.clock.advance(Duration::from_secs(120));
    let (id, _) = s
        .begin_phone_enrollment(op, "omar", "+41797654321")
        .await
        .unwrap();
    s.confirm_phone_enrollment(op, "omar", &id, &last_sms_code(&t))
        .await
        .unwrap();
    s.decline_answer_enrollment(&self_caller("omar"))
        .await
        .unwrap();
    s.decline_answer_enrollment(&self_caller("omar"))
        .await
        .unwrap();

    // pia: pushes past the limit (possible push bombing), twice.
    t.push_device("pia").await;
    let mut refused = 0;
    for _ in 0..(regain_core::push::PUSH_LIMIT + 2) {
        let tx = t.start("pia", "remote_access").await;
        let id = tx["transaction_id"].as_str().unwrap().to_owned();
        let (st, _) = t
            .api(
                "POST",
                &format!("/api/v1/transactions/{id}/push"),
                &t.client,
                None,
            )
            .await;
        if st != axum::http::StatusCode::OK {
            refused += 1;
        }
    }
    assert_eq!(refused, 2, "the pushes past the limit are refused");

    // An audit record that cannot be written (a trigger refuses it, as a full disk would): the
    // change fails closed, and the worker's check queues the notice in a transaction of its own.
    let db = sqlx::SqlitePool::connect(&t.c.env.url).await.unwrap();
    sqlx::query(
        "CREATE TRIGGER refuse BEFORE INSERT ON audit_log WHEN NEW.action = 'user.unlock' AND NEW.target = 'olaf'
         BEGIN SELECT RAISE(ABORT, 'disk full'); END",
    )
    .execute(&db)
    .await
    .unwrap();
    let before = regain_store::audit_failures().count;
    assert!(s.unlock_user(op, "olaf").await.is_err());
    let failed = regain_store::audit_failures();
    assert!(failed.count > before);
    assert_eq!(
        (failed.last_action.as_str(), failed.last_target.as_str()),
        ("user.unlock", "olaf")
    );
    s.notice_audit_failure(&failed.last_target, &failed.last_action)
        .await
        .unwrap();
    sqlx::query("DROP TRIGGER refuse")
        .execute(&db)
        .await
        .unwrap();

    let d = delivery(&t, &mail::plain());
    deliver_all(&d).await;

    let to_nina = mail::wait_for(&nina, 6);
    let de = |e| subject(e, Lang::De, "nina");
    for e in [
        NoticeEvent::AccountUnlocked,
        NoticeEvent::TempCodeIssued,
        NoticeEvent::TempCodeUsed,
        NoticeEvent::TempCodeRevoked,
        NoticeEvent::MethodEnrolled,
        NoticeEvent::PasswordChanged,
    ] {
        assert_eq!(
            count(&to_nina, &de(e)),
            1,
            "{e:?} to nina: {:#?}",
            to_nina.iter().map(|m| &m.subject).collect::<Vec<_>>()
        );
    }
    assert_eq!(to_nina.len(), 6, "{to_nina:#?}");
    assert!(
        to_nina
            .iter()
            .any(|m| m.subject == "Ihr Konto wurde entsperrt")
    );
    let issued = to_nina
        .iter()
        .find(|m| m.subject == de(NoticeEvent::TempCodeIssued))
        .unwrap();
    assert!(issued.body.starts_with("Hallo nina"), "{}", issued.body);
    // Never the code, the OTP code or the password, in any message; each names its notice.
    for m in &to_nina {
        assert!(m.raw.contains("Message-ID: <regain-notice-"), "{}", m.raw);
        for secret in [code.as_str(), otp.as_str(), "Brand-New-Pass-42"] {
            assert!(!m.raw.contains(secret), "{secret} in {}", m.raw);
        }
    }

    // omar, in French: two phones confirmed (two new methods), one of them a changed number.
    let to_omar = mail::wait_for(&omar, 3);
    let fr = |e| subject(e, Lang::Fr, "omar");
    assert_eq!(
        count(&to_omar, &fr(NoticeEvent::PhoneChanged)),
        1,
        "{to_omar:#?}"
    );
    assert_eq!(
        count(&to_omar, &fr(NoticeEvent::MethodEnrolled)),
        2,
        "{to_omar:#?}"
    );
    assert_eq!(to_omar.len(), 3);
    let changed = to_omar
        .iter()
        .find(|m| m.subject == fr(NoticeEvent::PhoneChanged))
        .unwrap();
    assert!(
        changed.body.contains("21"),
        "the new number, masked: {}",
        changed.body
    );
    assert!(!changed.body.contains("+41797654321"), "{}", changed.body);
    // The old number heard of it too (by SMS).
    assert!(
        t.c.env
            .sms
            .messages()
            .iter()
            .any(|(to, text)| to == "+41791234567" && text.contains("changed")),
        "{:?}",
        t.c.env.sms.messages()
    );

    // The subscribers, in the default language: one lockout, one declined enrollment (twice
    // declined within the quiet window), one push limit (reached twice), the audit failure.
    let to_ops = mail::wait_for(&ops, 4);
    let en = |e, u| subject(e, Lang::En, u);
    assert_eq!(
        count(&to_ops, &en(NoticeEvent::LockedOut, "nina")),
        1,
        "{to_ops:#?}"
    );
    assert_eq!(
        count(&to_ops, &en(NoticeEvent::EnrollmentDeclined, "omar")),
        1,
        "{to_ops:#?}"
    );
    assert_eq!(
        count(&to_ops, &en(NoticeEvent::PushLimit, "pia")),
        1,
        "{to_ops:#?}"
    );
    let audit = to_ops
        .iter()
        .find(|m| m.subject == en(NoticeEvent::AuditWriteFailed, "olaf"))
        .expect("the audit write failure");
    assert!(
        audit.body.contains("action user.unlock, user olaf"),
        "{}",
        audit.body
    );
    assert_eq!(to_ops.len(), 4, "{to_ops:#?}");
    assert_eq!(deliver_all(&d).await, 0, "nothing is sent twice");
}

#[tokio::test]
async fn a_subscription_for_one_user_hears_only_of_that_user() {
    let t = temp_codes::setup().await;
    let s = &t.c.env.services;
    let tag = mail::tag();
    let watcher = format!("watch-{tag}@example.org");
    s.subscribe(&t.op, "locked_out", "email", &watcher, "Omar")
        .await
        .unwrap();
    for user in ["nina", "omar"] {
        for _ in 0..12 {
            let _ = s.verify_otp(user, "000000", None).await;
        }
    }
    deliver_all(&delivery(&t, &mail::plain())).await;
    let got = mail::wait_for(&watcher, 1);
    assert_eq!(got.len(), 1, "{got:#?}");
    assert_eq!(
        got[0].subject,
        subject(NoticeEvent::LockedOut, Lang::En, "omar")
    );
}

#[tokio::test]
async fn the_protected_ports_take_mail_only_with_tls_and_the_login() {
    let t = temp_codes::setup().await;
    let tag = mail::tag();
    let to = format!("tls-{tag}@example.org");
    let ca = std::path::PathBuf::from(mail::var("SMTP_CA"));
    let login = |port: &str, security, password: &str| regain_notify::SmtpConfig {
        port: mail::var(port).parse().unwrap(),
        security,
        username: Some(mail::var("SMTP_LOGIN")),
        password: Some(SecretString::from(password.to_owned())),
        ca_file: Some(ca.clone()),
        // The certificate names localhost.
        host: "localhost".into(),
        ..mail::plain()
    };
    let password = mail::var("SMTP_PASSWORD");
    for cfg in [
        login(
            "SMTP_STARTTLS_PORT",
            regain_notify::SmtpSecurity::StartTls,
            &password,
        ),
        login("SMTP_TLS_PORT", regain_notify::SmtpSecurity::Tls, &password),
    ] {
        t.c.env
            .services
            .send_test_notice(&t.op, "email", &to)
            .await
            .unwrap();
        assert_eq!(
            deliver_all(&delivery(&t, &cfg)).await,
            1,
            "{:?}",
            cfg.security
        );
    }
    let got = mail::wait_for(&to, 2);
    assert_eq!(got.len(), 2, "{got:#?}");
    assert!(got.iter().all(|m| m.subject == "Regain: test message"));

    // A wrong password, or a server whose certificate is not trusted: refused, kept for a
    // retry, the reason on record.
    for cfg in [
        login(
            "SMTP_STARTTLS_PORT",
            regain_notify::SmtpSecurity::StartTls,
            "wrong",
        ),
        regain_notify::SmtpConfig {
            ca_file: None,
            ..login("SMTP_TLS_PORT", regain_notify::SmtpSecurity::Tls, &password)
        },
    ] {
        let id =
            t.c.env
                .services
                .send_test_notice(&t.op, "email", &to)
                .await
                .unwrap();
        let r = delivery(&t, &cfg).deliver_due().await.unwrap();
        assert_eq!((r.sent, r.retried), (0, 1), "{:?}", cfg.port);
        let entry = regain_core::notifications::NotificationRepo::outbox(&t.c.env.db, None, 10)
            .await
            .unwrap()
            .into_iter()
            .find(|e| e.id == id)
            .unwrap();
        assert_eq!(
            entry.state,
            regain_core::notifications::OutboxState::Pending
        );
        assert!(entry.last_error.is_some_and(|e| e.contains("SMTP")), "{id}");
    }
    assert_eq!(mail::delivered_to(&to).len(), 2);
}

/// A webhook subscriber gets the notice as signed JSON: the signature recomputes with the shared
/// secret over `timestamp.body`, and the body has the event, the user and the text.
#[tokio::test]
async fn a_webhook_gets_the_notice_signed() {
    use axum::routing::post;
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<(axum::http::HeaderMap, Vec<u8>)>();
    let app = axum::Router::new().route(
        "/hook",
        post(
            move |headers: axum::http::HeaderMap, body: axum::body::Bytes| {
                let tx = tx.clone();
                async move {
                    let _ = tx.send((headers, body.to_vec()));
                    "ok"
                }
            },
        ),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    let t = temp_codes::setup().await;
    let s = &t.c.env.services;
    let url = format!("http://127.0.0.1:{}/hook", addr.port());
    s.subscribe(&t.op, "locked_out", "webhook", &url, "")
        .await
        .unwrap();
    for _ in 0..12 {
        let _ = s.verify_otp("nina", "000000", None).await;
    }
    let secret = "a-shared-secret-of-32-characters";
    let d = NoticeDelivery {
        sender: Arc::new(
            regain_notify::NoticeDispatch::new(
                None,
                Some(SecretString::from(secret.to_owned())),
                Duration::from_secs(5),
                true,
            )
            .unwrap(),
        ),
        ..delivery(&t, &mail::plain_or_unused())
    };
    assert_eq!(deliver_all(&d).await, 1);
    let (headers, body) = rx.recv().await.unwrap();
    let ts = headers["x-regain-timestamp"].to_str().unwrap();
    let sig = headers["x-regain-signature"].to_str().unwrap();
    assert_eq!(
        sig,
        format!(
            "sha256={}",
            regain_notify::signature(secret.as_bytes(), ts, &body)
        )
    );
    let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(v["event"], "locked_out");
    assert_eq!(v["user"], "nina");
    assert_eq!(v["subject"], "Regain: nina is locked out");
    assert!(
        v["text"].as_str().unwrap().contains("locked nina out"),
        "{v}"
    );
}

/// A user who proved who they are on password help gets their notices in that page's language.
#[tokio::test]
async fn password_help_remembers_the_language_and_tells_of_the_new_password() {
    use regain_core::ports::UserRepo;
    let c = support::console::Console::new().await;
    c.user("ines", None).await;
    support::reset::allow_reset(&c, &[]).await;
    support::reset::enrol_answers(&c, "ines", |n| format!("answer {n}")).await;
    let ines_id = c
        .env
        .db
        .user_by_name(&regain_core::user::Username::parse("ines").unwrap())
        .await
        .unwrap()
        .unwrap()
        .id;
    let language = async || {
        regain_core::notifications::NotificationRepo::contact(&c.env.db, ines_id)
            .await
            .unwrap()
            .language
    };
    // Wrong answers prove nothing, and remember nothing.
    let (cookie, _) = support::reset::answered(&c, "ines", |_| "wrong".into()).await;
    c.get("/sso/ssresetinit", &format!("{cookie}; regain-lang=it"))
        .await;
    assert_eq!(language().await, None);
    let (cookie, res) = support::reset::answered(&c, "ines", |id| format!("answer {id}")).await;
    assert_eq!(
        res.status,
        axum::http::StatusCode::SEE_OTHER,
        "{}",
        res.body
    );
    let page = c
        .get("/sso/ssresetinit", &format!("{cookie}; regain-lang=it"))
        .await;
    assert_eq!(page.status, axum::http::StatusCode::OK, "{}", page.body);
    assert_eq!(language().await.as_deref(), Some("it"));
    // Her new password: one notice, in Italian, to her address, without the password.
    let op = regain_core::service::Caller::operator("test");
    c.env
        .services
        .set_user_contact(&op, "ines", Some("ines@example.org"), None)
        .await
        .unwrap();
    let csrf = support::console::field(&page.body, "csrf");
    let new = "Another-Long-Pass-77";
    let done = c
        .post(
            "/sso/ssreset",
            &format!("{cookie}; regain-lang=it"),
            &[
                ("csrf", &csrf),
                ("action", "reset"),
                ("new", new),
                ("again", new),
            ],
        )
        .await;
    assert_eq!(done.status, axum::http::StatusCode::OK, "{}", done.body);
    let out = regain_core::notifications::NotificationRepo::outbox(&c.env.db, None, 10)
        .await
        .unwrap();
    let changed: Vec<_> = out
        .iter()
        .filter(|e| e.event == NoticeEvent::PasswordChanged)
        .collect();
    assert_eq!(changed.len(), 1, "{out:?}");
    assert_eq!(
        (changed[0].address.as_str(), changed[0].language.as_deref()),
        ("ines@example.org", Some("it"))
    );
    let m = NoticeBundle { default: Lang::En }.render(
        changed[0].event,
        changed[0].language.as_deref(),
        &regain_core::notifications::args_of(changed[0]),
    );
    assert_eq!(m.subject, "La tua password è stata cambiata");
    assert!(!m.body.contains(new));
}

/// A mailbox the server says does not exist (550) is not retried for hours: the notice is
/// given up on at once, with the server's words, and the give-up is audited.
#[tokio::test]
async fn a_permanent_refusal_is_final_at_once() {
    let t = temp_codes::setup().await;
    let tag = mail::tag();
    let to = format!("refuse-{tag}@example.org");
    let id =
        t.c.env
            .services
            .send_test_notice(&t.op, "email", &to)
            .await
            .unwrap();
    let r = delivery(&t, &mail::plain()).deliver_due().await.unwrap();
    assert_eq!((r.sent, r.retried, r.failed), (0, 0, 1));
    let e = regain_core::notifications::NotificationRepo::outbox(&t.c.env.db, None, 10)
        .await
        .unwrap()
        .into_iter()
        .find(|e| e.id == id)
        .unwrap();
    assert_eq!(e.state, regain_core::notifications::OutboxState::Failed);
    assert_eq!(e.attempts, 1);
    assert!(
        e.last_error
            .as_deref()
            .is_some_and(|m| m.contains("550") || m.contains("no such mailbox")),
        "{:?}",
        e.last_error
    );
}
