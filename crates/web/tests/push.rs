//! Push with number matching end to end through the router: a device enrols from a one-time
//! link with its own Ed25519 key, fetches pushes over the signed device API (long-poll), and
//! answers; approve with the right number, a wrong number, deny, timeout, the push-bombing
//! limit, forged and stale signatures, the offline code, and the domain events.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use axum::http::StatusCode;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use regain_core::events::DomainEvent;
use regain_core::otp::{OtpAlgorithm, totp_step};
use regain_core::policy::{Factor, Workflow};
use regain_core::ports::{Clock, PushRepo};
use regain_core::push::{Decision, PushState, answer_message, enroll_message};
use regain_core::service::{Caller, NewUser};
use regain_core::telemetry::{PushSent, Told, Verdict};
use regain_crypto::DeviceKey;
use secrecy::SecretString;
use serde_json::json;
use std::sync::Arc;
use std::time::Duration;
use support::push::{Device, PW, send, setup};
#[tokio::test]
async fn approve_with_the_right_number_accepts_and_the_device_sees_the_context() {
    let s = setup().await;
    let d = s.enroll("pat").await;
    let tx = s.start("pat", "remote_access").await;
    let (st, sent) = s.push(&tx).await;
    assert_eq!(st, StatusCode::OK, "{sent}");
    let number = u32::try_from(sent["number"].as_u64().unwrap()).unwrap();
    assert!((10..=99).contains(&number));
    // Asking again while it is pending gives the same number, no second push.
    assert_eq!(s.push(&tx).await.1["number"], sent["number"]);
    assert_eq!(s.status(&tx).await["push"], "pending");

    let pushes = s.pending(&d).await;
    assert_eq!(pushes.len(), 1);
    let p = &pushes[0];
    // Issue 14, point 6: the device learns neither the number nor candidates to pick from,
    // only how many digits to ask the user for.
    assert!(
        p.get("number").is_none() && p.get("candidates").is_none(),
        "the device is told the answer: {p}"
    );
    assert_eq!(p["number_digits"], 2);
    assert_eq!(p["workflow"], "remote_access");
    assert_eq!(p["client"], "vpn-gateway");
    assert_eq!(p["source"], "198.51.100.7");
    assert_eq!(p["device"], "WS-0042");
    assert!(p["time"].as_str().unwrap().starts_with("2026-11-23T"));

    let (st, v) = s
        .answer(
            &d,
            p["id"].as_str().unwrap(),
            Some(number),
            Decision::Approve,
        )
        .await;
    assert_eq!(
        (st, v["state"].clone()),
        (StatusCode::OK, json!("approved"))
    );
    let v = s.status(&tx).await;
    assert_eq!(v["state"], "accepted", "{v}");
    assert_eq!(v["push"], "approved");
    assert!(s.pending(&d).await.is_empty());
    // Answering again changes nothing.
    let (_, v) = s
        .answer(&d, p["id"].as_str().unwrap(), Some(number), Decision::Deny)
        .await;
    assert_eq!(v["state"], "approved");
    assert_eq!(s.status(&tx).await["state"], "accepted");
    assert!(
        s.audit_reasons("auth.push_answer")
            .await
            .contains(&"approved".to_owned())
    );

    let events = s.env.events.take();
    assert!(
        matches!(
            &events[..],
            [
                DomainEvent::MethodEnrolled { username, .. },
                DomainEvent::AuthenticatedWithNormalFactor { factor: Factor::Push, method_id, .. },
            ] if username == "pat" && *method_id == d.id
        ),
        "{events:?}"
    );
    // Issue 15, point 8: one push sent, answered approved, one accepted decision.
    assert_eq!(
        s.env.telemetry.take(),
        [
            Told::PushSent(PushSent::Sent),
            Told::PushAnswered(PushState::Approved),
            Told::SecondFactor(Workflow::RemoteAccess, Factor::Push, Verdict::Accepted),
        ]
    );
}

#[tokio::test]
async fn req26_a_wrong_number_or_no_number_denies_counts_as_a_failure_and_is_audited() {
    let s = setup().await;
    let d = s.enroll("pat").await;
    let tx = s.start("pat", "order_signing").await;
    let number = s.push(&tx).await.1["number"].as_u64().unwrap();
    let p = s.pending(&d).await.remove(0);
    let wrong = if number == 99 { 10 } else { number + 1 };
    let (_, v) = s
        .answer(
            &d,
            p["id"].as_str().unwrap(),
            Some(u32::try_from(wrong).unwrap()),
            Decision::Approve,
        )
        .await;
    assert_eq!(v["state"], "wrong_number");
    let v = s.status(&tx).await;
    assert_eq!(
        (v["state"].as_str(), v["reason"].as_str()),
        (Some("rejected"), Some("push_wrong_number"))
    );
    assert!(
        s.audit_reasons("auth.push_answer")
            .await
            .contains(&"push_wrong_number".to_owned())
    );
    assert!(
        s.audit_reasons("auth.second_factor")
            .await
            .contains(&"push_wrong_number".to_owned())
    );
    assert!(
        !s.env
            .events
            .take()
            .iter()
            .any(|e| matches!(e, DomainEvent::AuthenticatedWithNormalFactor { .. })),
        "no sign-in event for a denied push"
    );
    assert_eq!(
        s.failures("pat").await,
        1,
        "a wrong number counts as a failure"
    );

    // Approving without a number is a wrong number too.
    let tx = s.start("pat", "order_signing").await;
    s.push(&tx).await;
    let p = s.pending(&d).await.remove(0);
    let (_, v) = s
        .answer(&d, p["id"].as_str().unwrap(), None, Decision::Approve)
        .await;
    assert_eq!(v["state"], "wrong_number");
    assert_eq!(s.status(&tx).await["reason"], "push_wrong_number");
    assert_eq!(s.failures("pat").await, 2);
    // A plain deny is the user saying "not me": no failure counted.
    let tx = s.start("pat", "order_signing").await;
    s.push(&tx).await;
    let p = s.pending(&d).await.remove(0);
    s.answer(&d, p["id"].as_str().unwrap(), None, Decision::Deny)
        .await;
    assert_eq!(s.failures("pat").await, 2);
}

#[tokio::test]
async fn deny_rejects_and_untrusted_clients_get_no_reason() {
    let s = setup().await;
    let d = s.enroll("pat").await;
    let (_, v) = s
        .api_as(
            &s.untrusted,
            "POST",
            "/api/v1/transactions",
            Some(json!({"username": "pat", "password": PW, "workflow": "remote_access"})),
        )
        .await;
    let tx = v["transaction_id"].as_str().unwrap().to_owned();
    let (st, _) = s
        .api_as(
            &s.untrusted,
            "POST",
            &format!("/api/v1/transactions/{tx}/push"),
            None,
        )
        .await;
    assert_eq!(st, StatusCode::OK);
    let p = s.pending(&d).await.remove(0);
    let (_, v) = s
        .answer(&d, p["id"].as_str().unwrap(), None, Decision::Deny)
        .await;
    assert_eq!(v["state"], "denied");
    let (_, v) = s
        .api_as(
            &s.untrusted,
            "GET",
            &format!("/api/v1/transactions/{tx}"),
            None,
        )
        .await;
    assert_eq!(v["state"], "rejected");
    assert!(v.get("reason").is_none(), "{v}");
    assert!(
        s.audit_reasons("auth.second_factor")
            .await
            .contains(&"push_denied".to_owned())
    );
}

#[tokio::test]
async fn req28_an_unanswered_push_times_out_and_ends_the_transaction() {
    let s = setup().await;
    let d = s.enroll("pat").await;
    let tx = s.start("pat", "remote_access").await;
    let number = s.push(&tx).await.1["number"].as_u64().unwrap();
    let p = s.pending(&d).await.remove(0);
    s.env.clock.advance(Duration::from_secs(61));
    assert!(
        s.pending(&d).await.is_empty(),
        "expired pushes are not offered"
    );
    let v = s.status(&tx).await;
    assert_eq!(
        (v["state"].as_str(), v["reason"].as_str()),
        (Some("rejected"), Some("push_timeout")),
        "{v}"
    );
    assert_eq!(v["push"], "expired");
    // A late approval changes nothing.
    let (_, v) = s
        .answer(
            &d,
            p["id"].as_str().unwrap(),
            Some(u32::try_from(number).unwrap()),
            Decision::Approve,
        )
        .await;
    assert_eq!(v["state"], "expired");
    assert_eq!(s.status(&tx).await["state"], "rejected");
    assert!(
        s.audit_reasons("auth.push_answer")
            .await
            .contains(&"push_timeout".to_owned())
    );
}

#[tokio::test]
async fn req27_pushes_per_user_are_limited_against_push_bombing() {
    let s = setup().await;
    let d = s.enroll("pat").await;
    for i in 0..5 {
        let tx = s.start("pat", "remote_access").await;
        assert_eq!(s.push(&tx).await.0, StatusCode::OK, "push {i}");
    }
    let tx = s.start("pat", "remote_access").await;
    let (st, v) = s.push(&tx).await;
    assert_eq!(
        (st, v["error"].as_str()),
        (StatusCode::TOO_MANY_REQUESTS, Some("push_limit"))
    );
    assert!(
        s.audit_reasons("auth.push")
            .await
            .contains(&"push_limit".to_owned())
    );
    let told = s.env.telemetry.take();
    assert_eq!(told.len(), 6, "{told:?}");
    assert_eq!(told.last(), Some(&Told::PushSent(PushSent::Limited)));
    // The limit is a sliding window of 15 minutes.
    s.env.clock.advance(Duration::from_secs(15 * 60 + 1));
    let tx = s.start("pat", "remote_access").await;
    let number = u32::try_from(s.push(&tx).await.1["number"].as_u64().unwrap()).unwrap();
    // ... and counts only pushes since the user's last approval.
    for _ in 0..4 {
        let tx = s.start("pat", "remote_access").await;
        assert_eq!(s.push(&tx).await.0, StatusCode::OK);
    }
    let blocked = s.start("pat", "remote_access").await;
    assert_eq!(s.push(&blocked).await.0, StatusCode::TOO_MANY_REQUESTS);
    let id = s
        .env
        .db
        .push_of_transaction(&tx.as_str().into())
        .await
        .unwrap()
        .unwrap()
        .id;
    let (_, v) = s
        .answer(&d, id.as_str(), Some(number), Decision::Approve)
        .await;
    assert_eq!(v["state"], "approved");
    assert_eq!(
        s.push(&blocked).await.0,
        StatusCode::OK,
        "an approval resets the count"
    );
}

#[tokio::test]
async fn req29_forged_stale_and_foreign_signatures_are_refused() {
    let s = setup().await;
    let d = s.enroll("pat").await;
    let tx = s.start("pat", "remote_access").await;
    let number = u32::try_from(s.push(&tx).await.1["number"].as_u64().unwrap()).unwrap();
    let p = s.pending(&d).await.remove(0);
    let id = p["id"].as_str().unwrap().to_owned();
    let path = "/device/v1/pushes";

    // A request signed by another key, a stale clock, no headers: 401.
    let thief = Device {
        key: DeviceKey::generate().unwrap(),
        id: d.id.clone(),
        seed: Vec::new(),
    };
    for h in [
        s.signed(&thief, "GET", path, b"", s.now_secs()),
        s.signed(&d, "GET", path, b"", s.now_secs() - 600),
        s.signed(&d, "GET", "/device/v1/other", b"", s.now_secs()),
        Vec::new(),
    ] {
        let (st, v) = send(&s.state, "GET", path, &h, None).await;
        assert_eq!(st, StatusCode::UNAUTHORIZED, "{v}");
    }

    // The answer signature must come from the device key and cover number and decision.
    let body = json!({"decision": "approve", "number": number,
        "signature": B64.encode(thief.key.sign(&answer_message(&id, Some(number), Decision::Approve)))});
    let ppath = format!("/device/v1/pushes/{id}");
    let h = s.signed(
        &d,
        "POST",
        &ppath,
        body.to_string().as_bytes(),
        s.now_secs(),
    );
    let (st, v) = send(&s.state, "POST", &ppath, &h, Some(body)).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let body = json!({"decision": "approve", "number": number,
        "signature": B64.encode(d.key.sign(&answer_message(&id, Some(number), Decision::Deny)))});
    let h = s.signed(
        &d,
        "POST",
        &ppath,
        body.to_string().as_bytes(),
        s.now_secs(),
    );
    assert_eq!(
        send(&s.state, "POST", &ppath, &h, Some(body)).await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    // The request signature covers the body: a swapped body is refused.
    let good = json!({"decision": "approve", "number": number,
        "signature": B64.encode(d.key.sign(&answer_message(&id, Some(number), Decision::Approve)))});
    let h = s.signed(&d, "POST", &ppath, b"{}", s.now_secs());
    assert_eq!(
        send(&s.state, "POST", &ppath, &h, Some(good)).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert!(
        s.audit_reasons("auth.push_answer")
            .await
            .contains(&"bad_signature".to_owned())
    );
    assert_eq!(
        s.status(&tx).await["push"],
        "pending",
        "nothing was decided"
    );

    // Another user's device cannot see or answer this push.
    let op = Caller::operator("test");
    s.env
        .services
        .add_user(
            &op,
            NewUser {
                username: "eve".into(),
                display_name: "eve".into(),
                policy: None,
                password: Some(SecretString::from(PW.to_owned())),
            },
        )
        .await
        .unwrap();
    let eve = s.enroll("eve").await;
    assert!(s.pending(&eve).await.is_empty());
    let (st, _) = s.answer(&eve, &id, Some(number), Decision::Approve).await;
    assert_eq!(st, StatusCode::NOT_FOUND);

    // A deleted device is locked out of the device API at once.
    s.env
        .services
        .delete_enrollment(&op, "pat", &d.id)
        .await
        .unwrap();
    let h = s.signed(&d, "GET", path, b"", s.now_secs());
    assert_eq!(
        send(&s.state, "GET", path, &h, None).await.0,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn enrollment_links_are_single_use_expire_and_obey_the_policy() {
    let s = setup().await;
    let token = s.link("pat").await;
    let key = DeviceKey::generate().unwrap();
    // A signature by another key (no proof of possession) does not use the link up.
    let other = DeviceKey::generate().unwrap();
    let pk = B64.encode(key.public_key());
    let (st, v) = send(
        &s.state,
        "POST",
        "/device/v1/enroll",
        &[],
        Some(json!({"token": token, "public_key": pk,
        "signature": B64.encode(other.sign(&enroll_message(&token, &pk)))})),
    )
    .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(v["message"].as_str().unwrap().contains("signature"), "{v}");
    assert_eq!(s.enroll_with(&token, &key).await.0, StatusCode::OK);
    // A used link is gone (issue 15, point 10: 404, as the API document says).
    let (st, v) = s.enroll_with(&token, &DeviceKey::generate().unwrap()).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    assert!(
        v["message"].as_str().unwrap().contains("ask for a new one"),
        "{v}"
    );

    let token = s.link("pat").await;
    s.env.clock.advance(Duration::from_secs(16 * 60));
    assert_eq!(s.enroll_with(&token, &key).await.0, StatusCode::NOT_FOUND);

    let err = s
        .env
        .services
        .begin_push_enrollment(&Caller::operator("test"), "cody")
        .await
        .err()
        .unwrap();
    assert!(err.to_string().contains("does not let cody enrol"), "{err}");
    let (st, _) = send(
        &s.state,
        "POST",
        "/device/v1/enroll",
        &[],
        Some(json!({"token": "x"})),
    )
    .await;
    assert_eq!(st, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_offline_code_completes_a_push_transaction_once() {
    let s = setup().await;
    let d = s.enroll("pat").await;
    let code = regain_crypto::hotp(
        &d.seed,
        totp_step(s.env.clock.now(), 30),
        OtpAlgorithm::Sha1,
        6,
    );
    let tx = s.start("pat", "order_signing").await;
    let (_, v) = s
        .api(
            "POST",
            &format!("/api/v1/transactions/{tx}/offline_code"),
            Some(json!({"code": "000000"})),
        )
        .await;
    assert_eq!(v["state"], "awaiting_second_factor");
    let (_, v) = s
        .api(
            "POST",
            &format!("/api/v1/transactions/{tx}/offline_code"),
            Some(json!({"code": code})),
        )
        .await;
    assert_eq!(v["state"], "accepted", "{v}");
    let tx = s.start("pat", "order_signing").await;
    let (_, v) = s
        .api(
            "POST",
            &format!("/api/v1/transactions/{tx}/offline_code"),
            Some(json!({"code": code})),
        )
        .await;
    assert_eq!(v["state"], "awaiting_second_factor");
    assert_eq!(v["reason"], "replayed");
    // The offline code is not an OTP token: the OTP endpoint does not take it.
    let (_, v) = s
        .api(
            "POST",
            &format!("/api/v1/transactions/{tx}/otp"),
            Some(json!({"code": code})),
        )
        .await;
    assert_eq!(v["reason"], "factor_not_accepted", "{v}");
}

#[tokio::test]
async fn long_polls_wake_on_a_push_and_on_its_answer() {
    let s = Arc::new(setup().await);
    let d = Arc::new(s.enroll("pat").await);
    let tx = s.start("pat", "remote_access").await;
    let poll = {
        let (s, d) = (s.clone(), d.clone());
        tokio::spawn(async move {
            let path = "/device/v1/pushes?wait=20";
            let h = s.signed(&d, "GET", path, b"", s.now_secs());
            let t0 = std::time::Instant::now();
            let (st, v) = send(&s.state, "GET", path, &h, None).await;
            (st, v, t0.elapsed())
        })
    };
    tokio::time::sleep(Duration::from_millis(300)).await;
    let number = u32::try_from(s.push(&tx).await.1["number"].as_u64().unwrap()).unwrap();
    let (st, v, took) = poll.await.unwrap();
    assert_eq!(st, StatusCode::OK);
    assert_eq!(v["pushes"].as_array().unwrap().len(), 1);
    assert!(
        took < Duration::from_secs(5),
        "woken by the push, not the 20 s limit: {took:?}"
    );

    let wait = {
        let (s, tx) = (s.clone(), tx.clone());
        tokio::spawn(async move {
            s.api("GET", &format!("/api/v1/transactions/{tx}?wait=20"), None)
                .await
        })
    };
    tokio::time::sleep(Duration::from_millis(300)).await;
    let id = v["pushes"][0]["id"].as_str().unwrap().to_owned();
    s.answer(&d, &id, Some(number), Decision::Approve).await;
    let (_, v) = wait.await.unwrap();
    assert_eq!(v["state"], "accepted", "{v}");
}

/// Issue 14, point 6: the number has `push.number_digits` digits (2 by default, up to 6); the
/// device is told only how many, and the 6-digit number typed approves.
#[tokio::test]
async fn the_number_has_the_configured_digits_and_is_typed() {
    let s = setup().await;
    s.env
        .services
        .set_settings(
            &regain_core::service::Caller::operator("test"),
            &[("push.number_digits".into(), "6".into())],
        )
        .await
        .unwrap();
    let d = s.enroll("pat").await;
    let tx = s.start("pat", "remote_access").await;
    let number = u32::try_from(s.push(&tx).await.1["number"].as_u64().unwrap()).unwrap();
    assert!((100_000..=999_999).contains(&number), "{number}");
    let p = s.pending(&d).await.remove(0);
    assert_eq!(p["number_digits"], 6);
    let (_, v) = s
        .answer(
            &d,
            p["id"].as_str().unwrap(),
            Some(number),
            Decision::Approve,
        )
        .await;
    assert_eq!(v["state"], "approved");
    assert_eq!(s.status(&tx).await["state"], "accepted");
}

/// Security requirement 14: sending a new push does not reset the failure counter: wrong
/// numbers up to one below the threshold, a new push, one more wrong number: locked out.
#[tokio::test]
async fn req14_a_new_push_does_not_reset_the_count() {
    let s = setup().await;
    let d = s.enroll("pat").await;
    let wrong_answer = async |tx: &str| {
        let number = s.push(tx).await.1["number"].as_u64().unwrap() as u32;
        let p = s.pending(&d).await.remove(0);
        let wrong = if number == 99 { 10 } else { number + 1 };
        s.answer(
            &d,
            p["id"].as_str().unwrap(),
            Some(wrong),
            Decision::Approve,
        )
        .await
    };
    for _ in 0..4 {
        let tx = s.start("pat", "remote_access").await;
        assert_eq!(wrong_answer(&tx).await.1["state"], "wrong_number");
    }
    assert_eq!(s.failures("pat").await, 4);
    let tx = s.start("pat", "remote_access").await;
    let (st, _) = s.push(&tx).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(s.failures("pat").await, 4, "a new push cleared the count");
    let p = s.pending(&d).await.remove(0);
    s.answer(&d, p["id"].as_str().unwrap(), Some(1), Decision::Approve)
        .await;
    let v = s.status(&tx).await;
    assert_eq!(s.failures("pat").await, 5);
    assert_eq!(v["state"], "rejected", "{v}");
    let (_, v) = s
        .api(
            "POST",
            "/api/v1/transactions",
            Some(json!({"username": "pat", "password": PW, "workflow": "remote_access"})),
        )
        .await;
    assert_eq!(
        (v["state"].as_str(), v["reason"].as_str()),
        (Some("rejected"), Some("locked_out")),
        "{v}"
    );
}
