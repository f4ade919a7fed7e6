//! The router driven in-process with `oneshot`: no sockets, no sleeps.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use async_trait::async_trait;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use regain_core::audit::AuditFilter;
use regain_core::ports::AuditRepo;
use regain_web::{AppParts, AppState, Metrics, Readiness, WebConfig, app};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use tower::ServiceExt;

struct Switch(AtomicBool);

#[async_trait]
impl Readiness for Switch {
    async fn check(&self) -> Result<(), String> {
        if self.0.load(Ordering::SeqCst) {
            Ok(())
        } else {
            Err("database down".into())
        }
    }
}

async fn state(e: &support::Env, ready: Arc<Switch>) -> AppState {
    AppState::from(AppParts {
        services: e.services.clone(),
        readiness: ready,
        metrics: Arc::new(Metrics::new().unwrap()),
        config: WebConfig::default(),
        push_waiters: e.push_waiters.clone(),
    })
}

async fn send(st: &AppState, req: Request<Body>) -> (StatusCode, axum::http::HeaderMap, String) {
    let res = app(st.clone()).oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let body = res.into_body().collect().await.unwrap().to_bytes();
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

fn get(path: &str) -> Request<Body> {
    Request::get(path).body(Body::empty()).unwrap()
}

fn post_form(path: &str, body: &str) -> Request<Body> {
    Request::post(path)
        .header("content-type", "application/x-www-form-urlencoded")
        .header("host", "regain.test")
        .header("origin", "https://regain.test")
        .body(Body::from(body.to_owned()))
        .unwrap()
}

#[tokio::test]
async fn readiness_follows_the_database() {
    let e = support::env().await;
    let ready = Arc::new(Switch(AtomicBool::new(true)));
    let st = state(&e, ready.clone()).await;
    assert_eq!(send(&st, get("/healthz")).await.0, StatusCode::OK);
    assert_eq!(send(&st, get("/readyz")).await.0, StatusCode::OK);
    ready.0.store(false, Ordering::SeqCst);
    let (status, _, body) = send(&st, get("/readyz")).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        !body.contains("database down"),
        "internal detail leaked: {body}"
    );
    assert_eq!(
        send(&st, get("/healthz")).await.0,
        StatusCode::OK,
        "liveness does not depend on the database"
    );
}

#[tokio::test]
async fn every_response_carries_security_headers_and_a_request_id() {
    let e = support::env().await;
    let st = state(&e, Arc::new(Switch(AtomicBool::new(true)))).await;
    for path in ["/", "/healthz", "/nope", "/setup/invalid"] {
        let (_, h, _) = send(&st, get(path)).await;
        for name in [
            "content-security-policy",
            "x-content-type-options",
            "x-frame-options",
            "referrer-policy",
            "strict-transport-security",
            "cache-control",
            "x-request-id",
        ] {
            assert!(h.contains_key(name), "{path}: {name} missing");
        }
    }
    let req = Request::get("/healthz")
        .header("x-request-id", "abc-123")
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&st, req).await.1["x-request-id"], "abc-123");
    let req = Request::get("/healthz")
        .header("x-request-id", "bad id;drop")
        .body(Body::empty())
        .unwrap();
    assert_ne!(send(&st, req).await.1["x-request-id"], "bad id");
}

const METRICS_TOKEN: &str = "metrics-token-0123456789abcdef";

async fn metrics_of(router: axum::Router, token: Option<&str>) -> (StatusCode, String) {
    let mut req = Request::get("/metrics");
    if let Some(t) = token {
        req = req.header("authorization", format!("Bearer {t}"));
    }
    let res = router
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let body = res.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&body).into_owned())
}

/// Issue 14, point 11: `/metrics` is never open to anyone on the main listener: without a
/// configured token it is not there, with one it needs that token; the separate metrics router
/// (a loopback listener by default) serves Prometheus text.
#[tokio::test]
async fn metrics_are_prometheus_text_and_not_open_to_anyone() {
    let e = support::env().await;
    let st = state(&e, Arc::new(Switch(AtomicBool::new(true)))).await;
    send(&st, get("/healthz")).await;
    send(&st, get("/missing")).await;
    assert_eq!(send(&st, get("/metrics")).await.0, StatusCode::NOT_FOUND);
    let res = regain_web::metrics_app(st.clone())
        .oneshot(get("/metrics"))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain; version=0.0.4")
    );
    let body = res.into_body().collect().await.unwrap().to_bytes();
    let body = String::from_utf8_lossy(&body);
    assert!(body.contains("# TYPE regain_http_requests_total counter"));
    for series in [
        "regain_http_requests_total{method=\"GET\",route=\"health\",status=\"2xx\"} 1",
        "regain_http_requests_total{method=\"GET\",route=\"other\",status=\"4xx\"} 1",
        "regain_http_requests_total{method=\"GET\",route=\"metrics\",status=\"4xx\"} 1",
        "regain_http_request_duration_seconds_count{route=\"health\"} 1",
        // Read from the database at the scrape.
        "regain_temporary_codes_active 0",
    ] {
        assert!(body.contains(series), "{series}:\n{body}");
    }
    // With a token configured, the main router serves it to that token only.
    let with_token = AppState::from(AppParts {
        services: e.services.clone(),
        readiness: Arc::new(Switch(AtomicBool::new(true))),
        metrics: Arc::new(Metrics::new().unwrap()),
        config: WebConfig {
            metrics_token: Some(METRICS_TOKEN.into()),
            ..WebConfig::default()
        },
        push_waiters: e.push_waiters.clone(),
    });
    for (token, status) in [
        (None, StatusCode::UNAUTHORIZED),
        (Some("wrong"), StatusCode::UNAUTHORIZED),
        (Some(&METRICS_TOKEN[..20]), StatusCode::UNAUTHORIZED),
        (Some(METRICS_TOKEN), StatusCode::OK),
    ] {
        let (got, body) = metrics_of(app(with_token.clone()), token).await;
        assert_eq!(got, status, "{token:?}: {body}");
        assert_eq!(body.contains("regain_build_info"), status == StatusCode::OK);
    }
}

#[tokio::test]
async fn oversized_bodies_and_cross_site_posts_are_refused() {
    let e = support::env().await;
    let st = state(&e, Arc::new(Switch(AtomicBool::new(true)))).await;
    let big = "a=".to_owned() + &"x".repeat(70 * 1024);
    let (status, _, _) = send(&st, post_form("/setup/x", &big)).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    let req = Request::post("/setup/x")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("host", "regain.test")
        .header("origin", "https://evil.example")
        .body(Body::from("password=a&confirm=a"))
        .unwrap();
    assert_eq!(send(&st, req).await.0, StatusCode::FORBIDDEN);
    let req = Request::post("/setup/x")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "cross-site")
        .body(Body::from("password=a&confirm=a"))
        .unwrap();
    assert_eq!(send(&st, req).await.0, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn setup_link_sets_the_password_once_and_survives_a_refused_password() {
    let e = support::env().await;
    let st = state(&e, Arc::new(Switch(AtomicBool::new(true)))).await;
    let link = e
        .services
        .bootstrap("admin")
        .await
        .unwrap()
        .expect("first start creates the admin");
    assert!(
        e.services.bootstrap("admin").await.unwrap().is_none(),
        "only once"
    );
    let path = format!("/setup/{}", link.token);
    let (status, _, body) = send(&st, get(&path)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        body.contains("<strong>admin</strong>") && body.contains("autocomplete=\"new-password\"")
    );
    let (status, _, body) = send(
        &st,
        post_form(&path, "password=Good-Password-42&confirm=Other-Password-42"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("The two passwords differ"));
    let (status, _, body) = send(&st, post_form(&path, "password=short&confirm=short")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("too short"), "{body}");
    let (status, _, body) = send(
        &st,
        post_form(&path, "password=Good-Password-42&confirm=Good-Password-42"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.contains("password of <strong>admin</strong> is set"));
    assert_eq!(send(&st, get(&path)).await.0, StatusCode::NOT_FOUND);
    let (status, _, _) = send(
        &st,
        post_form(
            &path,
            "password=Other-Password-42&confirm=Other-Password-42",
        ),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "a used link cannot set the password again"
    );
    let outcome = e
        .services
        .directory
        .authenticate(
            "admin",
            &secrecy::SecretString::from("Good-Password-42".to_owned()),
        )
        .await
        .unwrap();
    assert_eq!(outcome, regain_core::directory::AuthOutcome::Authenticated);
    // Neither the token nor the password is in the audit log.
    let log =
        e.db.list_audit(&AuditFilter {
            limit: 1000,
            ..Default::default()
        })
        .await
        .unwrap();
    let dump = serde_json::to_string(&log.items).unwrap();
    assert!(!dump.contains(&link.token) && !dump.contains("Good-Password-42"));
    assert!(dump.contains("user.setup_complete"));
}

#[tokio::test]
async fn setup_links_expire_after_a_day() {
    let e = support::env().await;
    let st = state(&e, Arc::new(Switch(AtomicBool::new(true)))).await;
    let link = e.services.bootstrap("admin").await.unwrap().unwrap();
    e.clock.advance(regain_core::service::SETUP_LINK_LIFETIME);
    assert_eq!(
        send(&st, get(&format!("/setup/{}", link.token))).await.0,
        StatusCode::NOT_FOUND
    );
}
