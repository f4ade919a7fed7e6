//! Liveness, readiness and the landing page.

use crate::AppState;
use crate::html::page;
use async_trait::async_trait;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

/// What `/readyz` checks: the database answers.
#[async_trait]
pub trait Readiness: Send + Sync {
    async fn check(&self) -> Result<(), String>;
}

pub async fn healthz() -> &'static str {
    "ok\n"
}

pub async fn readyz(State(s): State<AppState>) -> Response {
    match s.readiness.check().await {
        Ok(()) => (StatusCode::OK, "ready\n").into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "readiness check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "not ready: database unavailable\n",
            )
                .into_response()
        }
    }
}

pub async fn index() -> Html<String> {
    page(
        "Regain",
        "<h1>Regain</h1><p>Access recovery and second-factor server.</p>\
         <p>Administration console: <a href=\"/admin\">/admin</a> · your own methods: \
         <a href=\"/me\">/me</a>. Health: <a href=\"/healthz\">/healthz</a> · readiness: \
         <a href=\"/readyz\">/readyz</a>.</p>",
    )
}

pub async fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        page(
            "Not found",
            "<h1>Not found</h1><p>There is nothing at this address.</p>",
        ),
    )
        .into_response()
}
