//! The SMS webhook against a local receiver that misbehaves on purpose (security requirement 25:
//! gateway faults fail closed, are retried with bounds, and are reported).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use axum::Router;
use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use regain_core::sms::{GatewayError, PhoneNumber, SmsGateway};
use regain_notify::{WebhookSms, signature};
use secrecy::SecretString;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

const SECRET: &str = "webhook-secret-0123456789";

#[derive(Clone, Copy)]
enum Behaviour {
    FailFirst(usize),
    AlwaysStatus(u16),
    Slow,
}

/// A receiver on a free loopback port; returns its URL and the call counter.
async fn receiver(b: Behaviour) -> (String, Arc<AtomicUsize>, Arc<std::sync::Mutex<Vec<String>>>) {
    let calls = Arc::new(AtomicUsize::new(0));
    let bodies = Arc::new(std::sync::Mutex::new(Vec::new()));
    let (c, bs) = (calls.clone(), bodies.clone());
    let app = Router::new().route(
        "/sms",
        post(move |headers: HeaderMap, body: Bytes| {
            let (c, bs) = (c.clone(), bs.clone());
            async move {
                let n = c.fetch_add(1, Ordering::SeqCst);
                let ts = headers["x-regain-timestamp"].to_str().unwrap().to_owned();
                let sig = headers["x-regain-signature"].to_str().unwrap().to_owned();
                if sig != format!("sha256={}", signature(SECRET.as_bytes(), &ts, &body)) {
                    return StatusCode::UNAUTHORIZED;
                }
                bs.lock()
                    .unwrap()
                    .push(String::from_utf8(body.to_vec()).unwrap());
                match b {
                    Behaviour::FailFirst(k) if n < k => StatusCode::SERVICE_UNAVAILABLE,
                    Behaviour::FailFirst(_) => StatusCode::OK,
                    Behaviour::AlwaysStatus(s) => StatusCode::from_u16(s).unwrap(),
                    Behaviour::Slow => {
                        tokio::time::sleep(Duration::from_secs(3)).await;
                        StatusCode::OK
                    }
                }
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}/sms"), calls, bodies)
}

fn gateway(url: &str, timeout_ms: u64, retries: u32) -> WebhookSms {
    WebhookSms::new(
        url,
        SecretString::from(SECRET.to_owned()),
        Duration::from_millis(timeout_ms),
        retries,
        true,
    )
    .unwrap()
}

fn number() -> PhoneNumber {
    PhoneNumber::parse("+41791234567").unwrap()
}

#[tokio::test]
async fn a_signed_message_is_delivered() {
    let (url, calls, bodies) = receiver(Behaviour::FailFirst(0)).await;
    gateway(&url, 2000, 2)
        .send(&number(), "123456 is your code")
        .await
        .unwrap();
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    let body: serde_json::Value = serde_json::from_str(&bodies.lock().unwrap()[0]).unwrap();
    assert_eq!(
        (body["to"].as_str(), body["text"].as_str()),
        (Some("+41791234567"), Some("123456 is your code"))
    );
}

#[tokio::test]
async fn req25_server_errors_are_retried_within_bounds() {
    let (url, calls, _) = receiver(Behaviour::FailFirst(2)).await;
    gateway(&url, 2000, 2).send(&number(), "x").await.unwrap();
    assert_eq!(calls.load(Ordering::SeqCst), 3);
    let (url, calls, _) = receiver(Behaviour::AlwaysStatus(503)).await;
    let e = gateway(&url, 2000, 2)
        .send(&number(), "x")
        .await
        .unwrap_err();
    assert_eq!(
        e,
        GatewayError::Refused("HTTP 503 Service Unavailable".into())
    );
    assert_eq!(calls.load(Ordering::SeqCst), 3, "bounded");
}

#[tokio::test]
async fn req25_a_refusal_is_final_and_a_timeout_is_reported() {
    let (url, calls, _) = receiver(Behaviour::AlwaysStatus(400)).await;
    assert!(matches!(
        gateway(&url, 2000, 3).send(&number(), "x").await,
        Err(GatewayError::Refused(_))
    ));
    assert_eq!(calls.load(Ordering::SeqCst), 1, "4xx is not retried");
    let (url, calls, _) = receiver(Behaviour::Slow).await;
    assert_eq!(
        gateway(&url, 200, 1).send(&number(), "x").await,
        Err(GatewayError::Timeout)
    );
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn unreachable_and_misconfigured_gateways_are_clear_errors() {
    let free = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let e = gateway(&format!("http://{free}/sms"), 500, 1)
        .send(&number(), "x")
        .await
        .unwrap_err();
    assert!(matches!(e, GatewayError::Unreachable(_)), "{e:?}");
    let secret = || SecretString::from(SECRET.to_owned());
    assert!(
        WebhookSms::new(
            "http://sms.example/hook",
            secret(),
            Duration::from_secs(1),
            1,
            false
        )
        .unwrap_err()
        .0
        .contains("https://")
    );
    assert!(
        WebhookSms::new(
            "https://sms.example/hook",
            SecretString::from("short".to_owned()),
            Duration::from_secs(1),
            1,
            false
        )
        .unwrap_err()
        .0
        .contains("16 characters")
    );
    assert!(WebhookSms::new("not a url", secret(), Duration::from_secs(1), 1, false).is_err());
}
