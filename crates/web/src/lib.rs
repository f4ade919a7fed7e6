//! Regain's HTTP adapter: the only crate that knows HTTP. Today it serves health, readiness and
//! metrics endpoints and the one-time setup page for the first administrator; the admin console,
//! the self-service app and the JSON API plug into the same router later.
//!
//! `app()` builds the router without binding a socket, so tests drive it with `oneshot`.

pub mod api;
mod client_addr;
pub mod console;
pub mod device;
mod health;
mod html;
pub mod i18n;
mod metrics;
mod middleware;
mod push_link;
pub mod qr;
mod selfservice;
mod service_errors;
mod session_cookies;
mod setup;
mod sso;
pub mod zone;

pub use client_addr::{ClientAddr, TrustedProxies};
pub use device::PushWaiters;
pub use health::Readiness;
pub use metrics::{MeasuredDirectory, Metrics, PoolGauge, PoolUse};
pub use middleware::RequestId;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use regain_core::service::Services;
use std::sync::Arc;

#[derive(Clone)]
pub struct WebConfig {
    /// Largest request body accepted, in bytes.
    pub body_limit: usize,
    /// Whether responses go out over TLS (ours or a proxy's): enables HSTS.
    pub tls: bool,
    pub trusted_proxies: TrustedProxies,
    /// The address users reach this server at (links in QR codes), without a trailing slash.
    /// `None`: the scheme and `Host` of the request that shows the link.
    pub public_url: Option<String>,
    /// The time zone administrators work in (IANA name).
    pub time_zone: String,
    /// The bearer token that opens `/metrics` on this router; `None`: it is not served here
    /// (only by [`metrics_app`], on a separate listener).
    pub metrics_token: Option<String>,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            body_limit: 64 * 1024,
            tls: true,
            trusted_proxies: TrustedProxies::default(),
            public_url: None,
            time_zone: "UTC".to_owned(),
            metrics_token: None,
        }
    }
}

/// What every handler shares. Cloned for each request (and each middleware layer), so it is one
/// `Arc`: cloning the parts themselves cost a dozen atomic increments per clone, on counters
/// every core shares.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

/// The parts, and what the front end keeps for itself.
struct Shared {
    parts: AppParts,
    /// The audit page's background chain verification.
    chain_check: Arc<console::chain_check::ChainCheck>,
}

impl From<AppParts> for AppState {
    fn from(parts: AppParts) -> AppState {
        AppState(Arc::new(Shared {
            parts,
            chain_check: Arc::default(),
        }))
    }
}

impl AppState {
    pub(crate) fn chain_check(&self) -> &Arc<console::chain_check::ChainCheck> {
        &self.0.chain_check
    }
}

impl std::ops::Deref for AppState {
    type Target = AppParts;
    fn deref(&self) -> &AppParts {
        &self.0.parts
    }
}

pub struct AppParts {
    pub services: Services,
    pub readiness: Arc<dyn Readiness>,
    pub metrics: Arc<Metrics>,
    pub config: WebConfig,
    /// Wakes devices' long-polls when a push is sent (the same object is the services' push
    /// channel).
    pub push_waiters: Arc<PushWaiters>,
}

async fn static_css() -> impl axum::response::IntoResponse {
    (
        [
            (axum::http::header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (axum::http::header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../static/console.css"),
    )
}

/// The base URL for links shown to the user: the configured public URL, else the scheme and
/// host this request came to (host characters checked, so a forged header cannot inject markup).
/// HTTP/2 carries the host in the URI's authority rather than a `Host` header.
pub fn public_base(
    config: &WebConfig,
    uri: &axum::http::Uri,
    headers: &axum::http::HeaderMap,
) -> String {
    if let Some(u) = &config.public_url {
        return u.clone();
    }
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .or_else(|| uri.authority().map(|a| a.as_str()))
        .filter(|h| {
            !h.is_empty()
                && h.len() <= 255
                && h.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-.:[]".contains(c))
        })
        .unwrap_or("localhost");
    let scheme = if config.tls { "https" } else { "http" };
    format!("{scheme}://{host}")
}

/// `/metrics` alone, without a token: for a separate listener that only the monitoring system
/// reaches (loopback by default).
pub fn metrics_app(state: AppState) -> Router {
    Router::new()
        .route("/metrics", get(metrics::render))
        .fallback(health::not_found)
        .with_state(state)
}

pub fn app(state: AppState) -> Router {
    let limit = state.config.body_limit;
    Router::new()
        .route("/", get(health::index))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(metrics::render_with_token))
        .route("/setup/{token}", get(setup::show).post(setup::submit))
        .route("/push/enroll", get(push_link::show))
        .route("/static/console.css", get(static_css))
        .merge(console::routes())
        .merge(api::routes())
        .merge(device::routes())
        .merge(selfservice::routes())
        .merge(sso::routes())
        .fallback(health::not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::observe,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::guard,
        ))
        .layer(DefaultBodyLimit::max(limit))
        .with_state(state)
}
