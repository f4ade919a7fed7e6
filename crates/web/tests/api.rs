//! The authentication API end to end through the router: clients, workflows × factors,
//! replay, lockout, expiry, generic answers for untrusted clients, and a transaction continued
//! by a fresh server on the same database.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use regain_core::audit::AuditAction;
use regain_core::ids::NodeId;
use regain_core::methods::{AuthMethod, MethodKind, MethodParams, MethodState};
use regain_core::otp::{OtpParams, totp_step};
use regain_core::ports::{AuditRepo, AuthMethodRepo, Clock, UserRepo};
use regain_core::service::{Caller, NewUser, Services};
use regain_core::user::Username;
use regain_web::{AppParts, AppState, Metrics, Readiness, WebConfig, app};
use secrecy::SecretString;
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;
use tower::ServiceExt;

struct Ready;
#[async_trait::async_trait]
impl Readiness for Ready {
    async fn check(&self) -> Result<(), String> {
        Ok(())
    }
}

const PW: &str = "Api-Password-42";

fn state(services: &Services) -> AppState {
    AppState::from(AppParts {
        services: services.clone(),
        readiness: Arc::new(Ready),
        metrics: Arc::new(Metrics::new().unwrap()),
        config: WebConfig::default(),
        push_waiters: Arc::new(regain_web::PushWaiters::default()),
    })
}

async fn call(
    st: &AppState,
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

struct Setup {
    env: support::Env,
    trusted: String,
    untrusted: String,
    seed: Vec<u8>,
}

async fn setup() -> Setup {
    let env = support::env().await;
    let op = Caller::operator("test");
    let s = &env.services;
    s.set_policy(&op, "Default", &[("lockout.threshold".into(), "3".into())])
        .await
        .unwrap();
    s.create_policy(&op, "Signers", Some("Default"))
        .await
        .unwrap();
    support::enable_order_signing(s, "Signers").await;
    for (u, p) in [
        ("alice", "Signers"),
        ("sam", "Signers"),
        ("nofactor", "Default"),
    ] {
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
    let en = s.begin_otp_enrollment(&op, "alice", "Phone").await.unwrap();
    let seed = regain_crypto::base32_decode(&en.seed_base32).unwrap();
    let code = regain_crypto::hotp(
        &seed,
        totp_step(env.clock.now(), 30),
        OtpParams::totp().algorithm,
        6,
    );
    s.confirm_otp_enrollment(&op, "alice", en.method_id.as_str(), &code)
        .await
        .unwrap();
    // sam has only a phone number (SMS), which order signing never accepts.
    let sam = env
        .db
        .user_by_name(&Username::parse("sam").unwrap())
        .await
        .unwrap()
        .unwrap();
    let phone = AuthMethod {
        id: "phone-sam".into(),
        user_id: sam.id,
        kind: MethodKind::PhoneNumber,
        label: "+41 •• ••• •• 12".into(),
        state: MethodState::Active,
        params: MethodParams::Otp(OtpParams::totp()),
        sealed_secret: None,
        serial: None,
        last_counter: None,
        created_at: env.clock.now(),
        confirmed_at: Some(env.clock.now()),
        last_used_at: None,
    };
    env.db
        .add_method(
            &phone,
            &regain_core::audit::AuditEvent::new(
                env.clock.now(),
                &regain_core::audit::Actor::System,
                AuditAction::MethodEnroll,
                regain_core::audit::Outcome::Success,
            ),
        )
        .await
        .unwrap();
    let (_, trusted) = s.register_client(&op, "vpn-gateway", true).await.unwrap();
    let (_, untrusted) = s
        .register_client(&op, "partner-portal", false)
        .await
        .unwrap();
    Setup {
        env,
        trusted,
        untrusted,
        seed,
    }
}

impl Setup {
    fn code(&self, offset: i64) -> String {
        let step = totp_step(self.env.clock.now(), 30) as i64 + offset;
        regain_crypto::hotp(&self.seed, step as u64, OtpParams::totp().algorithm, 6)
    }

    async fn start(
        &self,
        token: &str,
        user: &str,
        password: &str,
        workflow: &str,
    ) -> (StatusCode, Value) {
        call(&state(&self.env.services), "POST", "/api/v1/transactions", token, Some(json!({"username": user, "password": password, "workflow": workflow, "client_ip": "198.51.100.7"}))).await
    }

    async fn otp(&self, token: &str, id: &str, code: &str) -> Value {
        call(
            &state(&self.env.services),
            "POST",
            &format!("/api/v1/transactions/{id}/otp"),
            token,
            Some(json!({"code": code})),
        )
        .await
        .1
    }
}

#[tokio::test]
async fn clients_must_present_a_valid_credential() {
    let s = setup().await;
    let (status, body) = s
        .start("not-a-credential", "alice", PW, "remote_access")
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error"], "unauthorized");
    s.env
        .services
        .revoke_client(&Caller::operator("test"), "vpn-gateway")
        .await
        .unwrap();
    assert_eq!(
        s.start(&s.trusted, "alice", PW, "remote_access").await.0,
        StatusCode::UNAUTHORIZED,
        "revoked at once"
    );
}

#[tokio::test]
async fn password_then_otp_for_remote_access_reaches_one_final_result() {
    let s = setup().await;
    let (status, t) = s.start(&s.trusted, "alice", PW, "remote_access").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(t["state"], "awaiting_second_factor");
    assert_eq!(t["methods"], json!(["otp"]));
    let id = t["transaction_id"].as_str().unwrap();
    let wrong = s.otp(&s.trusted, id, "000000").await;
    assert_eq!(
        (wrong["state"].as_str(), wrong["reason"].as_str()),
        (Some("awaiting_second_factor"), Some("wrong_code"))
    );
    s.env.clock.advance(Duration::from_secs(30));
    let code = s.code(0);
    assert_eq!(s.otp(&s.trusted, id, &code).await["state"], "accepted");
    assert_eq!(
        s.otp(&s.trusted, id, &s.code(1)).await["state"],
        "accepted",
        "final: a later submission changes nothing"
    );
    // The same code in a new transaction is a replay.
    let t2 = s.start(&s.trusted, "alice", PW, "remote_access").await.1;
    let r = s
        .otp(&s.trusted, t2["transaction_id"].as_str().unwrap(), &code)
        .await;
    assert_eq!(r["reason"], "replayed");
    // Another client cannot see or complete this client's transaction.
    let (status, _) = call(
        &state(&s.env.services),
        "GET",
        &format!("/api/v1/transactions/{id}"),
        &s.untrusted,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn workflow_and_factor_matrix() {
    let s = setup().await;
    let cases = [
        ("alice", PW, "remote_access", "awaiting_second_factor", None),
        (
            "alice",
            PW,
            "workstation_login",
            "awaiting_second_factor",
            None,
        ),
        ("alice", PW, "order_signing", "awaiting_second_factor", None),
        (
            "alice",
            PW,
            "emergency_access",
            "rejected",
            Some("workflow_not_enabled"),
        ),
        (
            "alice",
            "wrong",
            "remote_access",
            "rejected",
            Some("bad_credentials"),
        ),
        (
            "sam",
            PW,
            "order_signing",
            "rejected",
            Some("no_usable_factor"),
        ),
        ("sam", PW, "remote_access", "awaiting_second_factor", None),
        (
            "nofactor",
            PW,
            "remote_access",
            "rejected",
            Some("no_usable_factor"),
        ),
        (
            "ghost",
            PW,
            "remote_access",
            "rejected",
            Some("unknown_user"),
        ),
    ];
    for (user, pw, wf, state, reason) in cases {
        let (status, t) = s.start(&s.trusted, user, pw, wf).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(t["state"], state, "{user} {wf}: {t}");
        assert_eq!(t["reason"].as_str(), reason, "{user} {wf}: {t}");
    }
    let (status, body) = s.start(&s.trusted, "alice", PW, "teleport").await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid"))
    );
}

#[tokio::test]
async fn untrusted_clients_get_no_reasons() {
    let s = setup().await;
    for (user, pw) in [("alice", "wrong"), ("ghost", PW), ("sam", PW)] {
        let t = s.start(&s.untrusted, user, pw, "order_signing").await.1;
        assert_eq!(t, json!({"state": "rejected", "methods": []}), "{user}");
    }
}

#[tokio::test]
async fn lockout_after_the_threshold_ends_the_transaction_and_blocks_new_ones() {
    let s = setup().await;
    let id = s.start(&s.trusted, "alice", PW, "remote_access").await.1["transaction_id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        s.otp(&s.trusted, &id, "111111").await["state"],
        "awaiting_second_factor"
    );
    assert_eq!(
        s.otp(&s.trusted, &id, "222222").await["state"],
        "awaiting_second_factor"
    );
    let third = s.otp(&s.trusted, &id, "333333").await;
    assert_eq!(
        (third["state"].as_str(), third["reason"].as_str()),
        (Some("rejected"), Some("locked_out"))
    );
    assert_eq!(
        s.otp(&s.trusted, &id, &s.code(0)).await["state"],
        "rejected",
        "a right code after the lockout does not revive it"
    );
    let again = s.start(&s.trusted, "alice", PW, "remote_access").await.1;
    assert_eq!(again["reason"], "locked_out");
    s.env.clock.advance(Duration::from_secs(16 * 60));
    assert_eq!(
        s.start(&s.trusted, "alice", PW, "remote_access").await.1["state"],
        "awaiting_second_factor",
        "released after the lockout duration"
    );
}

#[tokio::test]
async fn transactions_expire() {
    let s = setup().await;
    let id = s.start(&s.trusted, "alice", PW, "remote_access").await.1["transaction_id"]
        .as_str()
        .unwrap()
        .to_owned();
    s.env
        .clock
        .advance(regain_core::signin::TRANSACTION_LIFETIME);
    let r = s.otp(&s.trusted, &id, &s.code(0)).await;
    assert_eq!(
        (r["state"].as_str(), r["reason"].as_str()),
        (Some("rejected"), Some("transaction_expired"))
    );
}

#[tokio::test]
async fn a_transaction_started_on_one_server_is_completed_by_another() {
    let s = setup().await;
    let id = s.start(&s.trusted, "alice", PW, "remote_access").await.1["transaction_id"]
        .as_str()
        .unwrap()
        .to_owned();
    // A second server process: its own connection pool and node id, the same database and keys.
    let db2 = regain_store::Db::connect(
        &s.env.url,
        regain_store::AuditSigner {
            node: NodeId::parse("node-2").unwrap(),
            mac: Arc::new(s.env.mac.clone()),
        },
    )
    .await
    .unwrap();
    let mut services2 = s.env.services.clone();
    services2.store = Arc::new(db2);
    s.env.clock.advance(Duration::from_secs(30));
    let (_, r) = call(
        &state(&services2),
        "POST",
        &format!("/api/v1/transactions/{id}/otp"),
        &s.trusted,
        Some(json!({"code": s.code(0)})),
    )
    .await;
    assert_eq!(r["state"], "accepted");
    let (_, r) = call(
        &state(&s.env.services),
        "GET",
        &format!("/api/v1/transactions/{id}"),
        &s.trusted,
        None,
    )
    .await;
    assert_eq!(r["state"], "accepted");
    assert_eq!(
        regain_core::audit::verify_store(&s.env.db, &s.env.mac)
            .await
            .unwrap()
            .map(|_| ()),
        Ok(())
    );
}

#[tokio::test]
async fn the_openapi_document_describes_every_api_route() {
    let doc: Value = serde_json::from_str(regain_web::api::OPENAPI).unwrap();
    let paths = doc["paths"].as_object().unwrap();
    for p in [
        "/api/v1/openapi.json",
        "/api/v1/transactions",
        "/api/v1/transactions/{id}",
        "/api/v1/transactions/{id}/otp",
    ] {
        assert!(paths.contains_key(p), "{p} undocumented");
    }
    // Every "/api/v1..." and "/device/v1..." string literal in the routers is a route, and each
    // must be documented.
    let literals: Vec<&str> = [
        include_str!("../src/api/mod.rs"),
        include_str!("../src/device/mod.rs"),
    ]
    .iter()
    .flat_map(|src| src.split('"'))
    .filter(|t| t.starts_with("/api/v1") || t.starts_with("/device/v1"))
    .collect();
    for r in &literals {
        assert!(
            paths.contains_key(*r),
            "route {r} is not in the OpenAPI document"
        );
    }
    let routes = literals.len();
    assert_eq!(
        routes,
        paths.len(),
        "a route was added without documenting it"
    );
    let s = setup().await;
    let (status, served) = call(
        &state(&s.env.services),
        "GET",
        "/api/v1/openapi.json",
        "",
        None,
    )
    .await;
    assert_eq!((status, served), (StatusCode::OK, doc));
}

fn last_code(e: &support::Env) -> String {
    let (_, text) = e.sms.messages().last().cloned().expect("no SMS sent");
    text.split_whitespace().next().unwrap().to_owned()
}

async fn with_phone(s: &Setup, user: &str) {
    let op = Caller::operator("test");
    s.env
        .services
        .add_user(
            &op,
            NewUser {
                username: user.into(),
                display_name: user.into(),
                policy: None,
                password: Some(SecretString::from(PW.to_owned())),
            },
        )
        .await
        .unwrap();
    let (id, masked) = s
        .env
        .services
        .begin_phone_enrollment(&op, user, "+41 79 555 12 34")
        .await
        .unwrap();
    assert_eq!(masked, "+41 •••••••34");
    assert!(
        s.env
            .services
            .confirm_phone_enrollment(&op, user, &id, "000000")
            .await
            .is_err()
    );
    s.env
        .services
        .confirm_phone_enrollment(&op, user, &id, &last_code(&s.env))
        .await
        .unwrap();
}

/// Security requirements 22 and 23: SMS codes are single use and bound to their transaction,
/// resends wait 30 s, sends are limited per user, and the code never reaches the audit log.
#[tokio::test]
async fn req22_req23_sms_codes_for_remote_access() {
    let s = setup().await;
    with_phone(&s, "pat").await;
    s.env.clock.advance(Duration::from_secs(60));
    let st = state(&s.env.services);
    let t = s.start(&s.trusted, "pat", PW, "remote_access").await.1;
    assert_eq!(t["methods"], json!(["sms"]));
    let id = t["transaction_id"].as_str().unwrap().to_owned();
    let (status, sent) = call(
        &st,
        "POST",
        &format!("/api/v1/transactions/{id}/sms"),
        &s.trusted,
        None,
    )
    .await;
    assert_eq!(
        (status, sent["sent_to"].as_str()),
        (StatusCode::OK, Some("+41 •••••••34"))
    );
    let first = last_code(&s.env);
    let (status, again) = call(
        &st,
        "POST",
        &format!("/api/v1/transactions/{id}/sms"),
        &s.trusted,
        None,
    )
    .await;
    assert_eq!(
        (status, again["error"].as_str()),
        (StatusCode::TOO_MANY_REQUESTS, Some("sms_resend_too_soon"))
    );
    // A code of another transaction does not work here.
    let other = s.start(&s.trusted, "pat", PW, "remote_access").await.1["transaction_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = call(
        &st,
        "POST",
        &format!("/api/v1/transactions/{other}/sms_code"),
        &s.trusted,
        Some(json!({"code": first})),
    )
    .await
    .1;
    assert_eq!(r["reason"], "wrong_code");
    let r = call(
        &st,
        "POST",
        &format!("/api/v1/transactions/{id}/sms_code"),
        &s.trusted,
        Some(json!({"code": first})),
    )
    .await
    .1;
    assert_eq!(r["state"], "accepted");
    let log = s
        .env
        .db
        .list_audit(&regain_core::audit::AuditFilter {
            limit: 1000,
            ..Default::default()
        })
        .await
        .unwrap();
    let dump = serde_json::to_string(&log.items).unwrap();
    assert!(
        !dump.contains(&first) && !dump.contains("+41795551234"),
        "SMS code or full number in the audit log"
    );
    // Limits: at most 5 sends per user per hour.
    let mut refused = None;
    for _ in 0..6 {
        s.env.clock.advance(Duration::from_secs(31));
        let t = s.start(&s.trusted, "pat", PW, "remote_access").await.1;
        let tid = t["transaction_id"].as_str().unwrap().to_owned();
        let (status, body) = call(
            &st,
            "POST",
            &format!("/api/v1/transactions/{tid}/sms"),
            &s.trusted,
            None,
        )
        .await;
        if status != StatusCode::OK {
            refused = body["error"].as_str().map(str::to_owned);
            break;
        }
    }
    assert_eq!(refused.as_deref(), Some("sms_limit_user"));
    assert!(
        s.env.sms.messages().len() <= 7,
        "no SMS sent after the limit"
    );
}

#[tokio::test]
async fn order_signing_refuses_sms_even_if_asked_directly() {
    let s = setup().await;
    // alice has OTP; her order-signing transaction offers only OTP, and an SMS code is refused.
    let t = s.start(&s.trusted, "alice", PW, "order_signing").await.1;
    assert_eq!(t["methods"], json!(["otp"]));
    let id = t["transaction_id"].as_str().unwrap();
    let st = state(&s.env.services);
    let (status, _) = call(
        &st,
        "POST",
        &format!("/api/v1/transactions/{id}/sms"),
        &s.trusted,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    let r = call(
        &st,
        "POST",
        &format!("/api/v1/transactions/{id}/sms_code"),
        &s.trusted,
        Some(json!({"code": "123456"})),
    )
    .await
    .1;
    assert_eq!(
        (r["state"].as_str(), r["reason"].as_str()),
        (Some("rejected"), Some("factor_not_accepted"))
    );
}

#[tokio::test]
async fn after_a_deleted_enrollment_order_signing_waits_for_identity_proofing() {
    let s = setup().await;
    let op = Caller::operator("test");
    assert_eq!(
        s.start(&s.trusted, "alice", PW, "order_signing").await.1["state"],
        "awaiting_second_factor"
    );
    let old = s.env.services.list_methods(&op, "alice").await.unwrap()[0]
        .id
        .clone();
    s.env
        .services
        .delete_enrollment(&op, "alice", old.as_str())
        .await
        .unwrap();
    let en = s
        .env
        .services
        .begin_otp_enrollment(&op, "alice", "New phone")
        .await
        .unwrap();
    let seed = regain_crypto::base32_decode(&en.seed_base32).unwrap();
    let code = regain_crypto::hotp(
        &seed,
        totp_step(s.env.clock.now(), 30),
        OtpParams::totp().algorithm,
        6,
    );
    s.env
        .services
        .confirm_otp_enrollment(&op, "alice", en.method_id.as_str(), &code)
        .await
        .unwrap();
    let signing = s.start(&s.trusted, "alice", PW, "order_signing").await.1;
    assert_eq!(
        (signing["state"].as_str(), signing["reason"].as_str()),
        (Some("rejected"), Some("identity_proofing_required"))
    );
    assert_eq!(
        s.start(&s.trusted, "alice", PW, "remote_access").await.1["state"],
        "awaiting_second_factor",
        "remote access is not affected"
    );
    assert_eq!(
        s.start(&s.trusted, "alice", "wrong", "order_signing")
            .await
            .1["reason"],
        "bad_credentials",
        "the password is checked first"
    );
    assert!(
        s.env
            .services
            .record_identity_proofing(&op, "alice", " ")
            .await
            .is_err(),
        "a note is required"
    );
    assert!(
        s.env
            .services
            .record_identity_proofing(&op, "alice", "passport seen at the front desk")
            .await
            .unwrap()
    );
    assert_eq!(
        s.start(&s.trusted, "alice", PW, "order_signing").await.1["state"],
        "awaiting_second_factor"
    );
    assert!(
        !s.env
            .services
            .record_identity_proofing(&op, "alice", "again")
            .await
            .unwrap()
    );
}

/// F-S12: an accepted sign-in tells the workstation agent to open the security questions'
/// enrollment when the user's policy prompts and the user has none; not once they enrolled.
#[tokio::test]
async fn an_accepted_sign_in_says_when_security_questions_are_to_be_enrolled() {
    let s = setup().await;
    let op = Caller::operator("test");
    s.env
        .services
        .set_policy(
            &op,
            "Signers",
            &[
                ("sspr.allow_reset".into(), "true".into()),
                ("sspr.enrollment_prompt".into(), "must".into()),
                ("sspr.questions_to_enroll".into(), "2".into()),
                ("sspr.questions_to_answer".into(), "2".into()),
            ],
        )
        .await
        .unwrap();
    let signed_in = async |offset: i64| {
        let t = s.start(&s.trusted, "alice", PW, "remote_access").await.1;
        let id = t["transaction_id"].as_str().unwrap().to_owned();
        s.env.clock.advance(Duration::from_secs(30));
        let done = s.otp(&s.trusted, &id, &s.code(offset)).await;
        assert_eq!(done["state"], "accepted", "{done}");
        let status = call(
            &state(&s.env.services),
            "GET",
            &format!("/api/v1/transactions/{id}"),
            &s.trusted,
            None,
        )
        .await
        .1;
        (done, status)
    };
    let (done, status) = signed_in(0).await;
    let want = json!({"enrollment": "must", "url": "/sso/ssenrollinit"});
    assert_eq!(done["security_questions"], want, "{done}");
    assert_eq!(status["security_questions"], want, "{status}");
    let me = Caller {
        actor: regain_core::audit::Actor::User("alice".into()),
        source: None,
        authority: regain_core::service::Authority::SelfService {
            username: "alice".into(),
            second_factor: regain_core::service::SecondFactor::ConfirmedAt(None),
            signed_in_at: None,
        },
    };
    s.env
        .services
        .enroll_answers(
            &me,
            &[
                (
                    regain_core::ids::QuestionId(1),
                    SecretString::from("first answer".to_owned()),
                ),
                (
                    regain_core::ids::QuestionId(2),
                    SecretString::from("second answer".to_owned()),
                ),
            ],
        )
        .await
        .unwrap()
        .unwrap();
    let (done, status) = signed_in(0).await;
    assert!(done.get("security_questions").is_none(), "{done}");
    assert!(status.get("security_questions").is_none(), "{status}");
}
