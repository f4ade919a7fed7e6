//! Prometheus text-format metrics. Labels are bounded (method, status class, route kind): never
//! user names or addresses.

use crate::AppState;
use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Duration;

#[derive(Default)]
pub struct Metrics {
    requests: Mutex<BTreeMap<(String, String), (u64, f64)>>,
}

impl Metrics {
    pub fn record(&self, method: &str, status: u16, elapsed: Duration) {
        let class = format!("{}xx", status / 100);
        if let Ok(mut m) = self.requests.lock() {
            let e = m.entry((method.to_owned(), class)).or_insert((0, 0.0));
            e.0 += 1;
            e.1 += elapsed.as_secs_f64();
        }
    }

    pub fn render(&self) -> String {
        let mut out = String::new();
        out.push_str(
            "# HELP regain_build_info Build information.\n# TYPE regain_build_info gauge\n",
        );
        out.push_str(&format!(
            "regain_build_info{{version=\"{}\"}} 1\n",
            env!("CARGO_PKG_VERSION")
        ));
        out.push_str("# HELP regain_http_requests_total HTTP requests served.\n# TYPE regain_http_requests_total counter\n");
        let snapshot = self.requests.lock().map(|m| m.clone()).unwrap_or_default();
        for ((method, class), (n, _)) in &snapshot {
            out.push_str(&format!(
                "regain_http_requests_total{{method=\"{method}\",status=\"{class}\"}} {n}\n"
            ));
        }
        out.push_str("# HELP regain_http_request_seconds_sum Time spent serving HTTP requests.\n# TYPE regain_http_request_seconds_sum counter\n");
        for ((method, class), (_, secs)) in &snapshot {
            out.push_str(&format!("regain_http_request_seconds_sum{{method=\"{method}\",status=\"{class}\"}} {secs:.6}\n"));
        }
        out
    }
}

pub async fn render(State(s): State<AppState>) -> impl IntoResponse {
    (
        [(CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")],
        s.metrics.render(),
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
