//! The push tests' harness: signing and transaction policies, users `pat` (signers) and `cody`
//! (contractors), a trusted and an untrusted client, and helpers that play the device and the
//! VPN gateway over the router.

#![allow(
    dead_code,
    unused_imports,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use http_body_util::BodyExt;
use regain_core::audit::AuditFilter;
use regain_core::events::DomainEvent;
use regain_core::otp::{OtpAlgorithm, totp_step};
use regain_core::policy::Factor;
use regain_core::ports::{AuditRepo, Clock, PushRepo, SignInRepo, UserRepo};
use regain_core::push::{Decision, answer_message, enroll_message, request_message};
use regain_core::service::{Caller, NewUser};
use regain_crypto::DeviceKey;
use regain_web::{AppParts, AppState, Metrics, Readiness, WebConfig, app};
use secrecy::SecretString;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::sync::Arc;
use std::time::Duration;
use tower::ServiceExt;

pub struct Ready;
#[async_trait::async_trait]
impl Readiness for Ready {
    async fn check(&self) -> Result<(), String> {
        Ok(())
    }
}

pub const PW: &str = "Push-Password-42";

pub struct Setup {
    pub env: super::Env,
    pub state: AppState,
    pub client: String,
    pub untrusted: String,
}

pub struct Device {
    pub key: DeviceKey,
    pub id: String,
    pub seed: Vec<u8>,
}

pub async fn send(
    st: &AppState,
    method: &str,
    path: &str,
    headers: &[(&str, String)],
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut req = Request::builder().method(method).uri(path);
    for (k, v) in headers {
        req = req.header(*k, v);
    }
    if body.is_some() {
        req = req.header(header::CONTENT_TYPE, "application/json");
    }
    let req = req
        .body(body.map(|b| Body::from(b.to_string())).unwrap_or_default())
        .unwrap();
    let res = app(st.clone()).oneshot(req).await.unwrap();
    let status = res.status();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

pub async fn setup() -> Setup {
    let env = super::env().await;
    let op = Caller::operator("test");
    let s = &env.services;
    s.create_policy(&op, "Signers", Some("Default"))
        .await
        .unwrap();
    super::enable_order_signing(s, "Signers").await;
    s.create_policy(&op, "Contractors", Some("Default"))
        .await
        .unwrap();
    s.set_policy(
        &op,
        "Contractors",
        &[("enrollment.may_enroll".into(), "false".into())],
    )
    .await
    .unwrap();
    for (u, p) in [("pat", "Signers"), ("cody", "Contractors")] {
        s.add_user(
            &op,
            NewUser {
                username: u.into(),
                display_name: u.into(),
                policy: Some(p.into()),
                password: Some(SecretString::from(PW.to_owned())),
            },
        )
        .await
        .unwrap();
    }
    let (_, client) = s.register_client(&op, "vpn-gateway", true).await.unwrap();
    let (_, untrusted) = s.register_client(&op, "partner", false).await.unwrap();
    let state = AppState::from(AppParts {
        services: env.services.clone(),
        readiness: Arc::new(Ready),
        metrics: Arc::new(Metrics::new().unwrap()),
        config: WebConfig::default(),
        push_waiters: env.push_waiters.clone(),
    });
    Setup {
        env,
        state,
        client,
        untrusted,
    }
}

impl Setup {
    pub fn now_secs(&self) -> i64 {
        self.env.clock.now().as_millis() / 1000
    }

    pub async fn link(&self, user: &str) -> String {
        self.env
            .services
            .begin_push_enrollment(&Caller::operator("test"), user)
            .await
            .unwrap()
            .token
    }

    pub async fn enroll_with(&self, token: &str, key: &DeviceKey) -> (StatusCode, Value) {
        let pk = B64.encode(key.public_key());
        let sig = B64.encode(key.sign(&enroll_message(token, &pk)));
        send(
            &self.state,
            "POST",
            "/device/v1/enroll",
            &[],
            Some(
                json!({"token": token, "public_key": pk, "signature": sig, "label": "Pat's phone"}),
            ),
        )
        .await
    }

    pub async fn enroll(&self, user: &str) -> Device {
        let key = DeviceKey::generate().unwrap();
        let token = self.link(user).await;
        let (st, v) = self.enroll_with(&token, &key).await;
        assert_eq!(st, StatusCode::OK, "{v}");
        assert_eq!(v["username"], user);
        assert_eq!(v["offline_code"]["digits"], 6);
        let seed = regain_crypto::base32_decode(v["offline_code"]["seed_base32"].as_str().unwrap())
            .unwrap();
        Device {
            key,
            id: v["device_id"].as_str().unwrap().to_owned(),
            seed,
        }
    }

    pub fn signed(
        &self,
        d: &Device,
        method: &str,
        path: &str,
        body: &[u8],
        at: i64,
    ) -> Vec<(&'static str, String)> {
        let digest = hex::encode(Sha256::digest(body));
        let sig = d.key.sign(&request_message(method, path, at, &digest));
        vec![
            ("x-regain-device", d.id.clone()),
            ("x-regain-time", at.to_string()),
            ("x-regain-signature", B64.encode(sig)),
        ]
    }

    pub async fn pending(&self, d: &Device) -> Vec<Value> {
        let path = "/device/v1/pushes";
        let h = self.signed(d, "GET", path, b"", self.now_secs());
        let (st, v) = send(&self.state, "GET", path, &h, None).await;
        assert_eq!(st, StatusCode::OK, "{v}");
        v["pushes"].as_array().unwrap().clone()
    }

    pub async fn answer(
        &self,
        d: &Device,
        push: &str,
        number: Option<u32>,
        decision: Decision,
    ) -> (StatusCode, Value) {
        let sig = B64.encode(d.key.sign(&answer_message(push, number, decision)));
        let body = json!({"decision": decision.key(), "number": number, "signature": sig});
        let path = format!("/device/v1/pushes/{push}");
        let h = self.signed(
            d,
            "POST",
            &path,
            body.to_string().as_bytes(),
            self.now_secs(),
        );
        send(&self.state, "POST", &path, &h, Some(body)).await
    }

    pub async fn api(&self, method: &str, path: &str, body: Option<Value>) -> (StatusCode, Value) {
        self.api_as(&self.client.clone(), method, path, body).await
    }

    pub async fn api_as(
        &self,
        token: &str,
        method: &str,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        send(
            &self.state,
            method,
            path,
            &[("authorization", format!("Bearer {token}"))],
            body,
        )
        .await
    }

    pub async fn start(&self, user: &str, workflow: &str) -> String {
        let (st, v) = self
            .api(
                "POST",
                "/api/v1/transactions",
                Some(
                    json!({"username": user, "password": PW, "workflow": workflow,
                    "client_ip": "198.51.100.7", "device": "WS-0042"}),
                ),
            )
            .await;
        assert_eq!(st, StatusCode::OK, "{v}");
        assert_eq!(v["state"], "awaiting_second_factor", "{v}");
        v["transaction_id"].as_str().unwrap().to_owned()
    }

    pub async fn push(&self, tx: &str) -> (StatusCode, Value) {
        self.api("POST", &format!("/api/v1/transactions/{tx}/push"), None)
            .await
    }

    pub async fn status(&self, tx: &str) -> Value {
        self.api("GET", &format!("/api/v1/transactions/{tx}"), None)
            .await
            .1
    }

    pub async fn failures(&self, user: &str) -> u32 {
        let u = self
            .env
            .db
            .user_by_name(&regain_core::user::Username::parse(user).unwrap())
            .await
            .unwrap()
            .unwrap();
        self.env.db.user_lockout(u.id).await.unwrap().failures
    }

    pub async fn audit_reasons(&self, action: &str) -> Vec<String> {
        self.env
            .db
            .list_audit(&AuditFilter {
                action: Some(action.into()),
                limit: 100,
                ..AuditFilter::default()
            })
            .await
            .unwrap()
            .items
            .iter()
            .filter_map(|r| {
                r.event
                    .details
                    .iter()
                    .find(|(k, _)| k == "reason")
                    .map(|(_, v)| v.clone())
            })
            .collect()
    }
}
