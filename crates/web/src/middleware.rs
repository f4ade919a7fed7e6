//! Cross-cutting request handling: request ids, access logs and metrics (`observe`), and the
//! guard that adds security headers, refuses oversized bodies and cross-site form posts.

use crate::AppState;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::time::Instant;

#[derive(Clone, Debug)]
pub struct RequestId(pub String);

pub async fn observe(State(s): State<AppState>, mut req: Request, next: Next) -> Response {
    let id = req
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .filter(|v| v.len() <= 64 && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        .map(str::to_owned)
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    req.extensions_mut().insert(RequestId(id.clone()));
    let method = req.method().clone();
    // Paths can carry secrets (setup links): log the route shape, not the token.
    let path = redact_path(req.uri().path());
    let started = Instant::now();
    let mut res = next.run(req).await;
    let elapsed = started.elapsed();
    s.metrics
        .record(&method, &path, res.status().as_u16(), elapsed);
    tracing::info!(
        request_id = %id,
        method = %method,
        path = %path,
        status = res.status().as_u16(),
        elapsed_ms = elapsed.as_millis() as u64,
        "request"
    );
    if let Ok(v) = HeaderValue::from_str(&id) {
        res.headers_mut().insert("x-request-id", v);
    }
    res
}

fn redact_path(path: &str) -> String {
    match path.strip_prefix("/setup/") {
        Some(_) => "/setup/[token]".into(),
        None => path.chars().take(200).collect(),
    }
}

pub async fn guard(State(s): State<AppState>, req: Request, next: Next) -> Response {
    let too_big = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok())
        .is_some_and(|n| n > s.config.body_limit);
    let mut res = if too_big {
        (StatusCode::PAYLOAD_TOO_LARGE, "request body too large\n").into_response()
    } else if is_cross_site_write(&req) {
        (StatusCode::FORBIDDEN, "cross-site request refused\n").into_response()
    } else {
        next.run(req).await
    };
    let h = res.headers_mut();
    let set = |h: &mut axum::http::HeaderMap, k: &'static str, v: &'static str| {
        h.entry(k).or_insert(HeaderValue::from_static(v));
    };
    set(
        h,
        "content-security-policy",
        "default-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'",
    );
    set(h, "x-content-type-options", "nosniff");
    set(h, "x-frame-options", "DENY");
    set(h, "referrer-policy", "no-referrer");
    set(
        h,
        "permissions-policy",
        "camera=(), microphone=(), geolocation=()",
    );
    set(h, "cache-control", "no-store");
    if s.config.tls {
        set(h, "strict-transport-security", "max-age=31536000");
    }
    res
}

/// Browsers say where a request comes from; a state-changing request from another site is a
/// cross-site request forgery attempt.
fn is_cross_site_write(req: &Request<Body>) -> bool {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return false;
    }
    let h = req.headers();
    if let Some(site) = h.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return !matches!(site, "same-origin" | "none");
    }
    let Some(origin) = h.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    // HTTP/2 carries the host in the URI's authority rather than a Host header.
    let host = h
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .or_else(|| req.uri().authority().map(|a| a.as_str()));
    let origin_host = origin.split("://").nth(1).unwrap_or("");
    // An Origin we cannot compare is treated as foreign: fail closed.
    host != Some(origin_host)
}
