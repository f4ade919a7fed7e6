//! The temporary-code tests' harness: a console with helpdesk and viewer roles, policies for
//! contractors and office-only users, an API client, and helpers for signing in with codes and
//! pushes.

#![allow(
    dead_code,
    unused_imports,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

use super::console::{Console, PW, field};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use http_body_util::BodyExt;
use regain_core::admin::Permission;
use regain_core::ports::{Clock, TempCodeRepo, UserRepo};
use regain_core::push::{Decision, answer_message, enroll_message, request_message};
use regain_core::service::{Caller, Expiry};
use regain_core::temp_code::Uses;
use regain_web::app;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::time::Duration;
use tower::ServiceExt;

pub const DAY: Duration = Duration::from_secs(86_400);

pub struct T {
    pub c: Console,
    pub client: String,
    pub op: Caller,
}

pub async fn setup() -> T {
    let c = Console::new().await;
    let op = Caller::operator("test");
    let s = &c.env.services;
    s.set_settings(&op, &[("allow_temporary_codes".into(), "true".into())])
        .await
        .unwrap();
    super::enable_order_signing(s, "Default").await;
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
    s.set_role_temp_code_limit(&op, "Helpdesk", Some(DAY))
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
    pub async fn api(
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

    pub async fn start(&self, user: &str, workflow: &str) -> Value {
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
    pub async fn sign_in_with_code(&self, user: &str, workflow: &str, code: &str) -> Value {
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
    pub async fn page(&self, admin: &str, user: &str) -> (String, String, String) {
        let (cookie, _) = self.c.sign_in(admin, PW).await.unwrap();
        let page = self.c.get(&format!("/admin/users/{user}"), &cookie).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let csrf = field(&page.body, "csrf");
        (cookie, csrf, page.body)
    }

    /// Generates (or replaces) through the console form; returns the result page.
    pub async fn console_issue(
        &self,
        admin: &str,
        user: &str,
        uses: &str,
        expires: &str,
    ) -> super::console::Res {
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

    pub async fn issue(&self, user: &str, uses: Uses, d: Duration) -> String {
        self.c
            .env
            .services
            .generate_temporary_code(&self.op, user, uses, Expiry::In(d), false)
            .await
            .unwrap()
            .code
    }

    pub async fn active(&self, user: &str) -> bool {
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
    pub async fn push_device(&self, user: &str) -> (regain_crypto::DeviceKey, String) {
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
        (key, e.method_id.to_string())
    }

    /// Signs in with a push approved by the device (right number); returns the final state.
    pub async fn sign_in_with_push(
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
        let number = u32::try_from(sent["number"].as_u64().unwrap()).unwrap();
        let dev = self
            .c
            .env
            .services
            .store
            .method(&device.into())
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
            "signature": B64.encode(key.sign(&answer_message(push.id.as_str(), Some(number), Decision::Approve)))});
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

pub fn code_on(page: &str) -> String {
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
