//! `/metrics`: on its own listener (open to whoever reaches it: loopback by default), or on
//! the main listener behind a bearer token.

use crate::AppState;
use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;

/// Read from the database at each scrape (the same figure on every node); `None` while the
/// database does not answer.
async fn temp_codes_active(s: &AppState) -> Option<u64> {
    let now = s.services.clock.now();
    match s.services.store.count_active_temp_codes(now).await {
        Ok(n) => Some(n),
        Err(e) => {
            tracing::warn!(error = %e, "metrics: cannot count the active temporary codes");
            None
        }
    }
}

pub async fn render(State(s): State<AppState>) -> impl IntoResponse {
    match s.services.store.outbox_counts().await {
        Ok(c) => s.metrics.set_outbox(c),
        Err(e) => tracing::warn!(error = %e, "metrics: cannot count the notification outbox"),
    }
    (
        [(CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")],
        s.metrics.render(temp_codes_active(&s).await),
    )
}

/// `/metrics` on the main listener: only with the configured bearer token (compared in
/// constant time). Without a configured token it does not exist here.
pub async fn render_with_token(
    State(s): State<AppState>,
    headers: axum::http::HeaderMap,
) -> axum::response::Response {
    use axum::http::StatusCode;
    let Some(expected) = &s.config.metrics_token else {
        return crate::health::not_found().await.into_response();
    };
    let given = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    if !regain_crypto::constant_time_eq(given.trim().as_bytes(), expected.as_bytes()) {
        return (
            StatusCode::UNAUTHORIZED,
            [(
                axum::http::header::WWW_AUTHENTICATE,
                "Bearer realm=\"metrics\"",
            )],
            "metrics need the bearer token from metrics.token\n",
        )
            .into_response();
    }
    render(State(s)).await.into_response()
}
