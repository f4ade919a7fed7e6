//! Temporary codes end to end through the public interfaces: the console (forms, as a browser
//! posts them), the authentication API (sign-ins with the code) and the admin-scoped API. One
//! test per FAQ entry of the reference document, named after it, then the security
//! requirements (1–10) and a model test of random operation sequences.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use http_body_util::BodyExt;
use regain_core::admin::Permission;
use regain_core::ports::{Clock, TempCodeRepo, UserRepo};
use regain_core::push::{Decision, answer_message, enroll_message, request_message};
use regain_core::service::{Caller, Expiry};
use regain_core::tempcode::Uses;
use regain_web::app;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::time::Duration;
use support::console::{Console, PW, field};
use tower::ServiceExt;

const DAY: Duration = Duration::from_secs(86_400);

struct T {
    c: Console,
    client: String,
    op: Caller,
}

async fn setup() -> T {
    let c = Console::new().await;
    let op = Caller::operator("test");
    let s = &c.env.services;
    s.set_settings(&op, &[("allow_temporary_codes".into(), "true".into())])
        .await
        .unwrap();
    s.set_policy(
        &op,
        "Default",
        &[
            ("order_signing.enabled".into(), "true".into()),
            ("order_signing.second_factor".into(), "true".into()),
            ("order_signing.factors".into(), "push,otp".into()),
        ],
    )
    .await
    .unwrap();
    s.create_policy(&op, "Office only", None).await.unwrap();
    s.set_policy(
        &op,
        "Office only",
        &[
            ("remote_access.enabled".into(), "false".into()),
            ("workstation_login.second_factor".into(), "false".into()),
        ],
    )
    .await
    .unwrap();
    s.create_policy(&op, "Contractors", None).await.unwrap();
    s.set_policy(
        &op,
        "Contractors",
        &[
            ("remote_access.factors".into(), "temporary_code".into()),
            ("workstation_login.enabled".into(), "false".into()),
            ("enrollment.may_enroll".into(), "false".into()),
            ("enrollment.remote".into(), "not_allowed".into()),
        ],
    )
    .await
    .unwrap();
    c.user(
        "helpdesk",
        Some((
            "Helpdesk",
            &[
                Permission::ViewUsers,
                Permission::ManageTemporaryCodes,
                Permission::DeleteEnrollments,
            ],
        )),
    )
    .await;
    s.set_role_tempcode_limit(&op, "Helpdesk", Some(DAY))
        .await
        .unwrap();
    c.user("viewer", Some(("Viewer", &[Permission::ViewUsers])))
        .await;
    for u in ["nina", "omar", "carl", "olaf"] {
        c.user(u, None).await;
    }
    s.set_user_policy(&op, "carl", "Contractors").await.unwrap();
    s.set_user_policy(&op, "olaf", "Office only").await.unwrap();
    let (_, client) = s.register_client(&op, "vpn", true).await.unwrap();
    T { c, client, op }
}

impl T {
    async fn api(
        &self,
        method: &str,
        path: &str,
        token: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut req = Request::builder()
            .method(method)
            .uri(path)
            .header(header::AUTHORIZATION, format!("Bearer {token}"));
        if body.is_some() {
            req = req.header(header::CONTENT_TYPE, "application/json");
        }
        let res = app(self.c.state.clone())
            .oneshot(
                req.body(body.map(|b| Body::from(b.to_string())).unwrap_or_default())
                    .unwrap(),
            )
            .await
            .unwrap();
        let status = res.status();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        (
            status,
            serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        )
    }

    async fn start(&self, user: &str, workflow: &str) -> Value {
        self.api(
            "POST",
            "/api/v1/transactions",
            &self.client,
            Some(json!({"username": user, "password": PW, "workflow": workflow})),
        )
        .await
        .1
    }

    /// Signs in with password and temporary code; returns the final transaction view.
    async fn sign_in_with_code(&self, user: &str, workflow: &str, code: &str) -> Value {
        let v = self.start(user, workflow).await;
        let Some(id) = v["transaction_id"].as_str() else {
            return v;
        };
        self.api(
            "POST",
            &format!("/api/v1/transactions/{id}/temporary_code"),
            &self.client,
            Some(json!({"code": code})),
        )
        .await
        .1
    }

    /// The console as `admin`: the user page.
    async fn page(&self, admin: &str, user: &str) -> (String, String, String) {
        let (cookie, _) = self.c.sign_in(admin, PW).await.unwrap();
        let page = self.c.get(&format!("/admin/users/{user}"), &cookie).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let csrf = field(&page.body, "csrf");
        (cookie, csrf, page.body)
    }

    /// Generates (or replaces) through the console form; returns the result page.
    async fn console_issue(
        &self,
        admin: &str,
        user: &str,
        uses: &str,
        expires: &str,
    ) -> support::console::Res {
        let (cookie, csrf, body) = self.page(admin, user).await;
        let replace = if body.contains("id=\"replace-code\"") {
            "1"
        } else {
            "0"
        };
        self.c
            .post(
                &format!("/admin/users/{user}/tempcode"),
                &cookie,
                &[
                    ("csrf", &csrf),
                    ("uses", uses),
                    ("expires", expires),
                    ("replace", replace),
                ],
            )
            .await
    }

    async fn issue(&self, user: &str, uses: Uses, d: Duration) -> String {
        self.c
            .env
            .services
            .generate_temporary_code(&self.op, user, uses, Expiry::In(d), false)
            .await
            .unwrap()
            .code
    }

    async fn active(&self, user: &str) -> bool {
        let u = self
            .c
            .env
            .db
            .user_by_name(&regain_core::user::Username::parse(user).unwrap())
            .await
            .unwrap()
            .unwrap();
        self.c
            .env
            .db
            .active_temp_code(u.id)
            .await
            .unwrap()
            .is_some_and(|c| c.is_valid(self.c.env.clock.now()))
    }

    /// Enrols a push device for `user` (operator link) and returns its key and id.
    async fn push_device(&self, user: &str) -> (regain_crypto::DeviceKey, String) {
        let link = self
            .c
            .env
            .services
            .begin_push_enrollment(&self.op, user)
            .await
            .unwrap();
        let key = regain_crypto::DeviceKey::generate().unwrap();
        let pk = B64.encode(key.public_key());
        let sig = B64.encode(key.sign(&enroll_message(&link.token, &pk)));
        let e = self
            .c
            .env
            .services
            .enroll_push_device(&link.token, &pk, &sig, "phone", None)
            .await
            .unwrap();
        (key, e.method_id)
    }

    /// Signs in with a push approved by the device (right number); returns the final state.
    async fn sign_in_with_push(
        &self,
        user: &str,
        workflow: &str,
        key: &regain_crypto::DeviceKey,
        device: &str,
    ) -> Value {
        let v = self.start(user, workflow).await;
        let Some(tx) = v["transaction_id"].as_str() else {
            return v;
        };
        let (st, sent) = self
            .api(
                "POST",
                &format!("/api/v1/transactions/{tx}/push"),
                &self.client,
                None,
            )
            .await;
        if st != StatusCode::OK {
            return sent;
        }
        let number = u8::try_from(sent["number"].as_u64().unwrap()).unwrap();
        let dev = self
            .c
            .env
            .services
            .store
            .method(device)
            .await
            .unwrap()
            .unwrap();
        let push = self
            .c
            .env
            .services
            .device_pushes(&dev)
            .await
            .unwrap()
            .remove(0);
        let body = json!({"decision": "approve", "number": number,
            "signature": B64.encode(key.sign(&answer_message(&push.id, Some(number), Decision::Approve)))});
        let path = format!("/device/v1/pushes/{}", push.id);
        let now = self.c.env.clock.now().as_millis() / 1000;
        let digest = hex::encode(Sha256::digest(body.to_string().as_bytes()));
        let req = Request::post(&path)
            .header("content-type", "application/json")
            .header("x-regain-device", device)
            .header("x-regain-time", now.to_string())
            .header(
                "x-regain-signature",
                B64.encode(key.sign(&request_message("POST", &path, now, &digest))),
            )
            .body(Body::from(body.to_string()))
            .unwrap();
        let res = app(self.c.state.clone()).oneshot(req).await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        self.api(
            "GET",
            &format!("/api/v1/transactions/{tx}"),
            &self.client,
            None,
        )
        .await
        .1
    }
}

fn code_on(page: &str) -> String {
    let formatted = page
        .split("id=\"temporary-code\" aria-label=\"Temporary code\">")
        .nth(1)
        .unwrap_or_else(|| panic!("no code on the page:\n{page}"))
        .split('<')
        .next()
        .unwrap()
        .to_owned();
    formatted.replace(' ', "")
}

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

// ---------------------------------------------------------------- security requirements

#[tokio::test]
async fn req1_codes_are_digits_of_the_configured_length_and_differ() {
    let t = setup().await;
    t.c.env
        .services
        .set_settings(&t.op, &[("temporary_code_digits".into(), "10".into())])
        .await
        .unwrap();
    let mut seen = std::collections::HashSet::new();
    for _ in 0..40 {
        let c = t.issue("nina", Uses::Once, DAY).await;
        assert_eq!(c.len(), 10);
        assert!(c.bytes().all(|b| b.is_ascii_digit()));
        assert!(seen.insert(c));
        t.c.env
            .services
            .revoke_temporary_code(&t.op, "nina")
            .await
            .unwrap();
    }
    let e =
        t.c.env
            .services
            .set_settings(&t.op, &[("temporary_code_digits".into(), "6".into())])
            .await
            .unwrap_err();
    assert!(e.to_string().contains("use 8 to 12"), "{e}");
}

#[tokio::test]
async fn req2_req3_the_code_is_never_stored_shown_again_or_logged() {
    let t = setup().await;
    let r = t.console_issue("helpdesk", "nina", "multiple", "24h").await;
    let code = code_on(&r.body);
    let (_, _, page) = t.page("helpdesk", "nina").await;
    assert!(!page.contains(&code));
    let (_, admin_client) =
        t.c.env
            .services
            .register_client_for(&t.op, "itsm", false, Some("helpdesk"))
            .await
            .unwrap();
    let (st, v) = t
        .api(
            "GET",
            "/api/v1/users/nina/temporary_code",
            &admin_client,
            None,
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(v["active"]["uses"], "multiple");
    assert!(!v.to_string().contains(&code));
    // The database files: no code in clear; two codes never share salt or hash.
    let db_path = t.c.env.url.trim_start_matches("sqlite://").to_owned();
    let dir = std::path::Path::new(&db_path).parent().unwrap();
    for f in std::fs::read_dir(dir).unwrap() {
        let bytes = std::fs::read(f.unwrap().path()).unwrap();
        assert!(
            !bytes.windows(code.len()).any(|w| w == code.as_bytes()),
            "code in clear in the database"
        );
    }
    let audit =
        t.c.env
            .services
            .store
            .list_audit(&regain_core::audit::AuditFilter {
                limit: 1000,
                ..Default::default()
            })
            .await
            .unwrap();
    assert!(
        audit
            .items
            .iter()
            .any(|r| r.event.action == "tempcode.generate")
    );
    assert!(!format!("{:?}", audit.items).contains(&code));
    t.c.env
        .services
        .revoke_temporary_code(&t.op, "nina")
        .await
        .unwrap();
    t.issue("nina", Uses::Once, DAY).await;
    let u =
        t.c.env
            .db
            .user_by_name(&regain_core::user::Username::parse("nina").unwrap())
            .await
            .unwrap()
            .unwrap();
    let codes = t.c.env.db.temp_codes_of(u.id).await.unwrap();
    assert_eq!(codes.len(), 2);
    assert_ne!(codes[0].salt, codes[1].salt);
    assert_ne!(codes[0].code_hash, codes[1].code_hash);
}

#[tokio::test]
async fn req4_fifty_parallel_uses_of_a_single_use_code_give_one_success() {
    let t = setup().await;
    let code = t.issue("nina", Uses::Once, DAY).await;
    let mut txs = Vec::new();
    for _ in 0..50 {
        txs.push(
            t.start("nina", "remote_access").await["transaction_id"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    let t = std::sync::Arc::new(t);
    let mut tasks = Vec::new();
    for tx in txs {
        let (t, code) = (t.clone(), code.clone());
        tasks.push(tokio::spawn(async move {
            t.api(
                "POST",
                &format!("/api/v1/transactions/{tx}/temporary_code"),
                &t.client,
                Some(json!({"code": code})),
            )
            .await
            .1["state"]
                == "accepted"
        }));
    }
    let mut wins = 0;
    for task in tasks {
        wins += usize::from(task.await.unwrap());
    }
    assert_eq!(wins, 1);
}

#[tokio::test]
async fn req5_expiry_is_exact_and_capped_at_fourteen_days() {
    let t = setup().await;
    let code = t
        .issue("nina", Uses::Multiple, Duration::from_secs(3600))
        .await;
    t.c.env.clock.advance(Duration::from_secs(3599));
    assert_eq!(
        t.sign_in_with_code("nina", "remote_access", &code).await["state"],
        "accepted"
    );
    t.c.env.clock.advance(Duration::from_secs(1));
    assert_ne!(
        t.sign_in_with_code("nina", "remote_access", &code).await["state"],
        "accepted"
    );
}

#[tokio::test]
async fn req6_a_code_works_only_for_its_user_and_wrong_codes_count() {
    let t = setup().await;
    let nina = t.issue("nina", Uses::Multiple, DAY).await;
    t.issue("omar", Uses::Multiple, DAY).await;
    let v = t.sign_in_with_code("omar", "remote_access", &nina).await;
    assert_eq!(
        (v["state"].as_str(), v["reason"].as_str()),
        (Some("awaiting_second_factor"), Some("wrong_code"))
    );
    let omar =
        t.c.env
            .db
            .user_by_name(&regain_core::user::Username::parse("omar").unwrap())
            .await
            .unwrap()
            .unwrap();
    use regain_core::ports::ApiRepo;
    assert_eq!(
        t.c.env.db.user_lockout(omar.id).await.unwrap().0.failures,
        1,
        "counted for omar"
    );
}

#[tokio::test]
async fn req7_a_code_is_refused_for_order_signing_and_stays_valid_for_vpn() {
    let t = setup().await;
    let (key, device) = t.push_device("nina").await;
    let _ = (key, device);
    let code = t.issue("nina", Uses::Once, DAY).await;
    let v = t.sign_in_with_code("nina", "order_signing", &code).await;
    assert_eq!(
        (v["state"].as_str(), v["reason"].as_str()),
        (Some("rejected"), Some("tc_scope_violation")),
        "{v}"
    );
    assert!(t.active("nina").await, "still valid");
    let audit = format!(
        "{:?}",
        t.c.env
            .services
            .store
            .list_audit(&regain_core::audit::AuditFilter {
                limit: 1000,
                ..Default::default()
            })
            .await
            .unwrap()
            .items
    );
    assert!(audit.contains("tc_scope_violation"));
    assert_eq!(
        t.sign_in_with_code("nina", "remote_access", &code).await["state"],
        "accepted"
    );
}

#[tokio::test]
async fn req8_a_code_does_not_open_the_console() {
    let t = setup().await;
    t.c.env
        .services
        .assign_role(&t.op, "Viewer", "nina")
        .await
        .unwrap();
    let en =
        t.c.env
            .services
            .begin_otp_enrollment(&t.op, "nina", "app")
            .await
            .unwrap();
    let seed = regain_crypto::base32_decode(&en.seed_base32).unwrap();
    let totp = regain_crypto::hotp(
        &seed,
        regain_core::otp::totp_step(t.c.env.clock.now(), 30),
        regain_core::otp::OtpAlgorithm::Sha1,
        6,
    );
    t.c.env
        .services
        .confirm_otp_enrollment(&t.op, "nina", &en.method_id, &totp)
        .await
        .unwrap();
    let code = t.issue("nina", Uses::Multiple, DAY).await;
    let step =
        t.c.env
            .services
            .sign_in("nina", &secrecy::SecretString::from(PW.to_owned()), None)
            .await
            .unwrap();
    let regain_core::service::SignIn::CodeRequired { pending } = step else {
        panic!("an administrator with a token gets a code step")
    };
    let r =
        t.c.env
            .services
            .sign_in_code(&pending, &code, None)
            .await
            .unwrap();
    assert!(
        !matches!(r, regain_core::service::SignIn::Done(_)),
        "the temporary code does not open the console"
    );
    assert!(t.active("nina").await, "and is not used up by the attempt");
}

#[tokio::test]
async fn req10_helpdesk_cannot_issue_a_code_for_itself() {
    let t = setup().await;
    t.c.env
        .services
        .set_user_policy(&t.op, "helpdesk", "Default")
        .await
        .unwrap();
    let r = t.console_issue("helpdesk", "helpdesk", "once", "1h").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains("cannot issue a temporary code for yourself")
    );
}

#[tokio::test]
async fn switching_temporary_codes_off_stops_existing_codes() {
    let t = setup().await;
    let code = t.issue("nina", Uses::Multiple, DAY).await;
    t.c.env
        .services
        .set_settings(&t.op, &[("allow_temporary_codes".into(), "false".into())])
        .await
        .unwrap();
    let v = t.start("nina", "remote_access").await;
    assert_eq!(v["reason"], "no_usable_factor", "{v}");
    t.c.env
        .services
        .set_settings(&t.op, &[("allow_temporary_codes".into(), "true".into())])
        .await
        .unwrap();
    assert_eq!(
        t.sign_in_with_code("nina", "remote_access", &code).await["state"],
        "accepted"
    );
}

#[tokio::test]
async fn the_admin_api_generates_replaces_and_revokes_with_the_roles_permissions() {
    let t = setup().await;
    let (_, helpdesk) =
        t.c.env
            .services
            .register_client_for(&t.op, "itsm", false, Some("helpdesk"))
            .await
            .unwrap();
    let (_, viewer) =
        t.c.env
            .services
            .register_client_for(&t.op, "report", false, Some("viewer"))
            .await
            .unwrap();
    let path = "/api/v1/users/nina/temporary_code";
    let (st, v) = t
        .api(
            "POST",
            path,
            &helpdesk,
            Some(json!({"uses": "multiple", "expires_in": "24h"})),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let code = v["code"].as_str().unwrap().to_owned();
    assert_eq!(
        t.sign_in_with_code("nina", "workstation_login", &code)
            .await["state"],
        "accepted"
    );
    let (st, v) = t
        .api(
            "POST",
            path,
            &helpdesk,
            Some(json!({"uses": "once", "expires_in": "3d"})),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let (st, v) = t
        .api(
            "PUT",
            path,
            &helpdesk,
            Some(json!({"uses": "once", "expires_in": "2h"})),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    assert_ne!(
        t.sign_in_with_code("nina", "remote_access", &code).await["state"],
        "accepted"
    );
    let (st, _) = t.api("DELETE", path, &viewer, None).await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    assert!(t.active("nina").await);
    let (st, _) = t.api("DELETE", path, &helpdesk, None).await;
    assert_eq!(st, StatusCode::OK);
    assert!(!t.active("nina").await);
    // An authentication client is no admin credential, and vice versa.
    assert_eq!(
        t.api("GET", path, &t.client, None).await.0,
        StatusCode::FORBIDDEN
    );
    let (st, _) = t
        .api(
            "POST",
            "/api/v1/transactions",
            &helpdesk,
            Some(json!({"username": "nina", "password": PW, "workflow": "remote_access"})),
        )
        .await;
    assert_eq!(st, StatusCode::FORBIDDEN);
}

/// Model test: random sequences of generate / replace / revoke / use / expire / normal-factor
/// sign-in / enrollment. After every step, at most one code is valid, and it is the last one
/// issued (if it has not ended).
#[tokio::test]
async fn model_at_most_one_code_is_valid_and_it_is_the_last_issued() {
    let t = setup().await;
    // The model probes old codes after every step: let those failures not lock nina out.
    t.c.env
        .services
        .set_policy(
            &t.op,
            "Default",
            &[("lockout.threshold".into(), "100".into())],
        )
        .await
        .unwrap();
    let (key, device) = t.push_device("nina").await;
    let mut seed: u64 = 0x5eed_1234_abcd_0001;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut issued: Vec<String> = Vec::new();
    // The model: the last issued code and whether it may still work.
    let mut last_valid = false;
    let mut last_once = false;
    for step in 0..120 {
        match next() % 7 {
            0 | 1 => {
                let once = next() % 2 == 0;
                let uses = if once { Uses::Once } else { Uses::Multiple };
                let replace = last_valid;
                let r =
                    t.c.env
                        .services
                        .generate_temporary_code(
                            &t.op,
                            "nina",
                            uses,
                            Expiry::In(Duration::from_secs(3600)),
                            replace,
                        )
                        .await;
                let c = r.unwrap_or_else(|e| panic!("step {step}: {e}")).code;
                issued.push(c);
                last_valid = true;
                last_once = once;
            }
            2 => {
                let had =
                    t.c.env
                        .services
                        .revoke_temporary_code(&t.op, "nina")
                        .await
                        .unwrap();
                assert_eq!(had, last_valid, "step {step}: revoke");
                last_valid = false;
            }
            3 => {
                if let Some(c) = issued.last() {
                    let ok = t.sign_in_with_code("nina", "remote_access", c).await["state"]
                        == "accepted";
                    assert_eq!(ok, last_valid, "step {step}: use of the last code");
                    if ok && last_once {
                        last_valid = false;
                    }
                }
            }
            4 => {
                t.c.env.clock.advance(Duration::from_secs(1800));
                // Codes live an hour; two advances in a row expire the last one. The model
                // learns it from the store's view of time below.
            }
            5 => {
                assert_eq!(
                    t.sign_in_with_push("nina", "remote_access", &key, &device)
                        .await["state"],
                    "accepted"
                );
                last_valid = false;
            }
            _ => {
                t.c.env
                    .services
                    .begin_otp_enrollment(&t.op, "nina", "app")
                    .await
                    .unwrap();
                // A pending enrollment is not an enrollment: nothing changes.
            }
        }
        // Expiry as the model sees it.
        if last_valid && !t.active("nina").await {
            last_valid = false;
        }
        // Every earlier code is refused; the last one only if the model says so.
        let n = issued.len();
        for (i, c) in issued.iter().enumerate().skip(n.saturating_sub(3)) {
            if i + 1 == n {
                continue;
            }
            let v = t.sign_in_with_code("nina", "remote_access", c).await;
            assert_ne!(
                v["state"], "accepted",
                "step {step}: an older code {i} worked"
            );
        }
        assert_eq!(t.active("nina").await, last_valid, "step {step}");
        t.c.env.clock.advance(Duration::from_secs(31));
    }
    assert!(issued.len() > 10, "the sequence issued codes");
}

#[tokio::test]
async fn the_expiry_is_shown_and_read_in_the_administrators_time_zone() {
    let t = setup().await;
    let (cookie, csrf, body) = t.page("helpdesk", "nina").await;
    assert!(
        body.contains("<option value=\"Europe/Zurich\""),
        "a zone select"
    );
    // A chosen date and time is read in the chosen zone (the test clock is 10:00 UTC).
    let r =
        t.c.post(
            "/admin/users/nina/tempcode",
            &cookie,
            &[
                ("csrf", &csrf),
                ("uses", "once"),
                ("expires", "custom"),
                ("expires_at", "2026-11-23T20:00"),
                ("tz", "Europe/Zurich"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(
        r.body
            .contains("Monday 23 November 2026, 20:00 CET (Europe/Zurich)"),
        "{}",
        r.body
    );
    let zone = support::console::cookie_pair(&r.cookies, "__Host-regain-tz");
    assert_eq!(zone, "__Host-regain-tz=Europe/Zurich");
    let u =
        t.c.env
            .db
            .user_by_name(&regain_core::user::Username::parse("nina").unwrap())
            .await
            .unwrap()
            .unwrap();
    let code = t.c.env.db.active_temp_code(u.id).await.unwrap().unwrap();
    assert_eq!(code.expires_at.to_rfc3339(), "2026-11-23T19:00:00.000Z");
    // The choice is remembered for this administrator's browser.
    let page =
        t.c.get("/admin/users/nina", &format!("{cookie}; {zone}"))
            .await;
    assert!(
        page.body.contains("20:00 CET (Europe/Zurich)"),
        "{}",
        page.body
    );
    // An unknown zone is ignored, not trusted.
    let page =
        t.c.get(
            "/admin/users/nina",
            &format!("{cookie}; __Host-regain-tz=Mars/Olympus"),
        )
        .await;
    assert!(
        page.body.contains("(UTC)") || page.body.contains("(Etc/UTC)"),
        "{}",
        page.body
    );
}
