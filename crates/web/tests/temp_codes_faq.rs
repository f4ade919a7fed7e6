//! Temporary codes: one test per FAQ entry of the reference document, named after it, through
//! the console (forms, as a browser posts them) and the authentication API.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use axum::http::StatusCode;
use regain_core::service::Expiry;
use regain_core::temp_code::Uses;
use serde_json::json;
use std::time::Duration;
use support::console::{Console, PW, field};
use support::temp_codes::{DAY, code_on, setup};

// ---------------------------------------------------------------- FAQ of the reference

#[tokio::test]
async fn faq_the_temporary_code_section_is_absent_from_the_user_details_page() {
    let t = setup().await;
    let (_, _, body) = t.page("helpdesk", "olaf").await;
    assert!(
        !body.contains("id=\"tempcode\""),
        "absent for an ineligible user"
    );
    let (_, _, body) = t.page("helpdesk", "nina").await;
    assert!(body.contains("id=\"tempcode\""));
    // The server refuses too, with the reason.
    let r = t.console_issue("helpdesk", "olaf", "once", "1h").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("not eligible for a temporary code"),
        "{}",
        r.body
    );
}

#[tokio::test]
async fn faq_the_temporary_code_section_is_present_but_i_cannot_generate_a_code() {
    let t = setup().await;
    let (cookie, csrf, body) = t.page("viewer", "nina").await;
    assert!(body.contains("id=\"tempcode\""));
    assert!(
        !body.contains("id=\"generate-code\""),
        "no Generate for this role"
    );
    let r =
        t.c.post(
            "/admin/users/nina/tempcode",
            &cookie,
            &[("csrf", &csrf), ("uses", "once"), ("expires", "1h")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.body.contains("Generate/revoke temporary codes"));
    assert!(!t.active("nina").await);
}

#[tokio::test]
async fn faq_how_do_i_know_if_a_user_is_eligible_for_a_temporary_code() {
    let t = setup().await;
    let (_, _, body) = t.page("helpdesk", "nina").await;
    assert!(
        body.contains("id=\"generate-code\""),
        "eligible: Generate code is there"
    );
    t.c.env
        .services
        .set_settings(&t.op, &[("allow_temporary_codes".into(), "false".into())])
        .await
        .unwrap();
    let (_, _, body) = t.page("helpdesk", "nina").await;
    assert!(body.contains("Temporary codes are disabled for this enterprise"));
    assert!(!body.contains("id=\"generate-code\""));
    let r = t.console_issue("helpdesk", "nina", "once", "1h").await;
    assert!(
        r.body.contains("disabled for this enterprise"),
        "{}",
        r.body
    );
}

#[tokio::test]
async fn faq_what_do_i_do_if_a_user_reports_theyve_misplaced_their_device() {
    let t = setup().await;
    let r = t.console_issue("helpdesk", "nina", "multiple", "24h").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    for point in [
        "only works for their own account",
        "cannot be used to sign orders",
        "enter the temporary code where the second factor is asked for",
        "(UTC)",
        "Use multiple times",
    ] {
        assert!(r.body.contains(point), "{point} on the result page");
    }
    let code = code_on(&r.body);
    assert_eq!(code.len(), 8);
    // Done: the code is gone from every page.
    let (_, _, body) = t.page("helpdesk", "nina").await;
    assert!(
        !body.contains(&code) && !body.contains(&code[..4]),
        "not shown again"
    );
    assert!(body.contains("id=\"tc-active\""));
    for wf in ["remote_access", "workstation_login", "remote_access"] {
        assert_eq!(
            t.sign_in_with_code("nina", wf, &code).await["state"],
            "accepted",
            "{wf}"
        );
    }
}

#[tokio::test]
async fn faq_what_do_i_do_if_a_user_reports_their_device_is_lost_or_stolen() {
    let t = setup().await;
    let (key, device) = t.push_device("nina").await;
    let (cookie, csrf, body) = t.page("helpdesk", "nina").await;
    assert!(
        body.contains("id=\"tc-stolen-advice\""),
        "the stolen-device advice is shown"
    );
    // Delete the push enrollment first (the reference's order), then issue the code.
    let r =
        t.c.post(
            &format!("/admin/users/nina/methods/{device}/delete"),
            &cookie,
            &[("csrf", &csrf), ("confirm", "yes")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = t.console_issue("helpdesk", "nina", "multiple", "24h").await;
    let code = code_on(&r.body);
    assert_eq!(
        t.sign_in_with_code("nina", "remote_access", &code).await["state"],
        "accepted"
    );
    // The stolen device is useless now.
    let v = t.start("nina", "remote_access").await;
    assert!(
        !v["methods"].as_array().unwrap().contains(&json!("push")),
        "{v}"
    );
    let _ = key;
}

#[tokio::test]
async fn faq_what_happens_when_a_user_finds_their_misplaced_device() {
    let t = setup().await;
    let (key, device) = t.push_device("nina").await;
    let code = t.issue("nina", Uses::Multiple, DAY).await;
    assert!(t.active("nina").await);
    assert_eq!(
        t.sign_in_with_code("nina", "remote_access", &code).await["state"],
        "accepted"
    );
    // She found it and simply uses it: the code is deleted automatically.
    assert_eq!(
        t.sign_in_with_push("nina", "remote_access", &key, &device)
            .await["state"],
        "accepted"
    );
    assert!(!t.active("nina").await);
    let (_, _, body) = t.page("helpdesk", "nina").await;
    assert!(
        body.contains("deleted automatically: the user signed in with their push authenticator"),
        "{body}"
    );
    let v = t.sign_in_with_code("nina", "remote_access", &code).await;
    assert_ne!(v["state"], "accepted", "{v}");
}

#[tokio::test]
async fn faq_what_happens_when_a_user_finds_their_lost_stolen_device() {
    let t = setup().await;
    let (key, device) = t.push_device("nina").await;
    t.c.env
        .services
        .delete_enrollment(&t.op, "nina", &device)
        .await
        .unwrap();
    // No undo: the found device cannot be used.
    let v = t.start("nina", "remote_access").await;
    assert_eq!(v["reason"], "no_usable_factor", "{v}");
    // She signs orders: re-enrolling is not enough, identity proofing is needed.
    let (key2, device2) = t.push_device("nina").await;
    let v = t.start("nina", "order_signing").await;
    assert_eq!(v["reason"], "identity_proofing_required", "{v}");
    t.c.env
        .services
        .record_identity_proofing(&t.op, "nina", "badge checked in person")
        .await
        .unwrap();
    assert_eq!(
        t.sign_in_with_push("nina", "order_signing", &key2, &device2)
            .await["state"],
        "accepted"
    );
    let _ = key;
}

#[tokio::test]
async fn faq_what_happens_when_a_user_replaces_their_lost_stolen_device() {
    let t = setup().await;
    let (_, device) = t.push_device("nina").await;
    t.c.env
        .services
        .delete_enrollment(&t.op, "nina", &device)
        .await
        .unwrap();
    let code = t.issue("nina", Uses::Multiple, DAY).await;
    assert_eq!(
        t.sign_in_with_code("nina", "remote_access", &code).await["state"],
        "accepted"
    );
    // Enrolling the new device deletes the code.
    let (key, device) = t.push_device("nina").await;
    assert!(!t.active("nina").await, "enrolling deleted the code");
    let (_, _, body) = t.page("helpdesk", "nina").await;
    assert!(body.contains("deleted automatically: the user enrolled a push authenticator"));
    assert_eq!(
        t.sign_in_with_push("nina", "remote_access", &key, &device)
            .await["state"],
        "accepted"
    );
    assert_eq!(
        t.start("nina", "order_signing").await["reason"],
        "identity_proofing_required"
    );
}

#[tokio::test]
async fn faq_what_happens_when_the_user_begins_using_push_or_sms_codes_again() {
    let t = setup().await;
    let (id, _) =
        t.c.env
            .services
            .begin_phone_enrollment(&t.op, "omar", "+41795550002")
            .await
            .unwrap();
    let sms = |c: &Console| {
        let (_, text) = c.env.sms.messages().last().unwrap().clone();
        text.chars()
            .filter(char::is_ascii_digit)
            .take(6)
            .collect::<String>()
    };
    t.c.env
        .services
        .confirm_phone_enrollment(&t.op, "omar", &id, &sms(&t.c))
        .await
        .unwrap();
    let code = t.issue("omar", Uses::Multiple, DAY).await;
    t.c.env.clock.advance(Duration::from_secs(31));
    let v = t.start("omar", "remote_access").await;
    let tx = v["transaction_id"].as_str().unwrap();
    t.api(
        "POST",
        &format!("/api/v1/transactions/{tx}/sms"),
        &t.client,
        None,
    )
    .await;
    let (_, v) = t
        .api(
            "POST",
            &format!("/api/v1/transactions/{tx}/sms_code"),
            &t.client,
            Some(json!({"code": sms(&t.c)})),
        )
        .await;
    assert_eq!(v["state"], "accepted", "{v}");
    assert!(!t.active("omar").await, "the SMS sign-in deleted the code");
    assert_ne!(
        t.sign_in_with_code("omar", "remote_access", &code).await["state"],
        "accepted"
    );
}

#[tokio::test]
async fn faq_how_do_i_enroll_a_contractor_for_one_day() {
    let t = setup().await;
    let r = t.console_issue("helpdesk", "carl", "multiple", "24h").await;
    let code = code_on(&r.body);
    assert_eq!(
        t.sign_in_with_code("carl", "remote_access", &code).await["state"],
        "accepted"
    );
    // Contractors may not enrol anything.
    assert!(
        t.c.env
            .services
            .begin_push_enrollment(&t.op, "carl")
            .await
            .is_err()
    );
    // A day later the code has expired.
    t.c.env.clock.advance(DAY);
    let v = t.start("carl", "remote_access").await;
    assert_eq!(v["reason"], "no_usable_factor", "{v}");
    // The helpdesk role cannot issue more than its 24-hour cap, and 14 days is the hard cap.
    let r = t.console_issue("helpdesk", "carl", "multiple", "3d").await;
    assert!(
        r.body.contains("the longest code you may issue lasts 1d"),
        "{}",
        r.body
    );
    let e =
        t.c.env
            .services
            .generate_temporary_code(
                &t.op,
                "carl",
                Uses::Multiple,
                Expiry::In(DAY * 14 + Duration::from_secs(60)),
                false,
            )
            .await
            .unwrap_err();
    assert!(e.to_string().contains("14d"), "{e}");
}

#[tokio::test]
async fn faq_how_do_i_revoke_a_temporary_code() {
    let t = setup().await;
    let code = t.issue("nina", Uses::Multiple, DAY).await;
    let (cookie, csrf, body) = t.page("helpdesk", "nina").await;
    assert!(body.contains("id=\"revoke-code\""));
    let r =
        t.c.post(
            "/admin/users/nina/tempcode/revoke",
            &cookie,
            &[("csrf", &csrf), ("confirm", "yes")],
        )
        .await;
    assert_eq!(r.location, "/admin/users/nina?done=tempcode_revoked");
    assert!(!t.active("nina").await);
    assert_ne!(
        t.sign_in_with_code("nina", "remote_access", &code).await["state"],
        "accepted"
    );
    let (_, _, body) = t.page("helpdesk", "nina").await;
    assert!(body.contains("revoked by an administrator"));
}

#[tokio::test]
async fn faq_what_if_a_user_forgets_their_temporary_code_how_do_i_replace_it() {
    let t = setup().await;
    let old = t.issue("nina", Uses::Multiple, DAY).await;
    let r = t.console_issue("helpdesk", "nina", "once", "8h").await;
    assert!(r.body.contains("New temporary code"), "{}", r.body);
    let new = code_on(&r.body);
    let v = t.sign_in_with_code("nina", "remote_access", &old).await;
    assert_ne!(v["state"], "accepted", "the old code stopped working");
    assert_eq!(
        t.sign_in_with_code("nina", "remote_access", &new).await["state"],
        "accepted"
    );
    // Use once: the second use fails.
    assert_ne!(
        t.sign_in_with_code("nina", "remote_access", &new).await["state"],
        "accepted"
    );
}

#[tokio::test]
async fn faq_how_do_i_enroll_a_remote_person_securely() {
    let t = setup().await;
    // Default policy: remote enrollment needs password and a temporary code.
    let login = |user: &'static str, code: Option<String>| {
        let c = &t.c;
        async move {
            let page = c.get("/me/login", "").await;
            let pre = support::console::cookie_pair(&page.cookies, "__Host-regain-me-pre");
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
            match code {
                None => res,
                Some(code) => {
                    let pre = support::console::cookie_pair(&res.cookies, "__Host-regain-me-pre");
                    c.post(
                        "/me/login/code",
                        &pre,
                        &[
                            ("csrf", &field(&res.body, "csrf")),
                            ("pending", &field(&res.body, "pending")),
                            ("code", &code),
                        ],
                    )
                    .await
                }
            }
        }
    };
    let r = login("nina", None).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.body.contains("temporary code"), "{}", r.body);
    let code = t.issue("nina", Uses::Once, DAY).await;
    let r = login("nina", Some("00000000".into())).await;
    assert_eq!(
        r.status,
        StatusCode::UNAUTHORIZED,
        "a wrong code: {}",
        r.body
    );
    let r = login("nina", Some(code.clone())).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let me = support::console::cookie_pair(&r.cookies, "__Host-regain-me");
    let home = t.c.get("/me", &me).await;
    let push =
        t.c.post("/me/push", &me, &[("csrf", &field(&home.body, "csrf"))])
            .await;
    assert!(push.body.contains("/push/enroll#"));
    // Enrolling deletes the code (and it was single use anyway).
    t.push_device("nina").await;
    assert!(!t.active("nina").await);
}

#[tokio::test]
async fn faq_my_remote_access_users_are_logging_in_with_password_only() {
    let t = setup().await;
    t.c.env
        .services
        .set_policy(
            &t.op,
            "Default",
            &[("enrollment.may_delay".into(), "true".into())],
        )
        .await
        .unwrap();
    let (_, device) = t.push_device("omar").await;
    let (_, _, body) = t.page("helpdesk", "omar").await;
    assert!(body.contains("last second factor and their policy lets them delay enrolling"));
    t.c.env
        .services
        .delete_enrollment(&t.op, "omar", &device)
        .await
        .unwrap();
    assert_eq!(
        t.start("omar", "remote_access").await["state"],
        "accepted",
        "password only"
    );
    // The remedy: a policy where they cannot delay; then only a temporary code gets them in.
    t.c.env
        .services
        .set_policy(
            &t.op,
            "Default",
            &[("enrollment.may_delay".into(), "false".into())],
        )
        .await
        .unwrap();
    assert_eq!(
        t.start("omar", "remote_access").await["reason"],
        "no_usable_factor"
    );
    let code = t.issue("omar", Uses::Multiple, DAY).await;
    assert_eq!(
        t.sign_in_with_code("omar", "remote_access", &code).await["state"],
        "accepted"
    );
}
