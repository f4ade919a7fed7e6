//! `regain serve`: binds the listener (HTTPS by default), prints the first administrator's setup
//! link on first start, and shuts down gracefully on SIGTERM or Ctrl-C.

use crate::Failure;
use crate::config::Effective;
use crate::wiring;
use anyhow::Context;
use async_trait::async_trait;
use regain_store::Db;
use regain_web::{AppParts, AppState, Readiness, TrustedProxies, WebConfig};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

struct DbReadiness(Db);

#[async_trait]
impl Readiness for DbReadiness {
    async fn check(&self) -> Result<(), String> {
        self.0.ping().await.map_err(|e| e.to_string())
    }
}

pub fn init_logging(cfg: &Effective) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(&cfg.raw.log.level));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr);
    // A second initialisation (tests, demo) is harmless: the first subscriber stays.
    let _ = if cfg.raw.log.format == "json" {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
}

/// Runs the server until a shutdown signal. `banner` is printed once listening (the demo's
/// credentials).
pub async fn run(cfg: Effective, banner: Option<String>) -> Result<(), Failure> {
    init_logging(&cfg);
    let _ = rustls::crypto::ring::default_provider().install_default();
    let app = wiring::open(&cfg).await?;
    let setup = app
        .services
        .bootstrap(&cfg.raw.bootstrap.admin_username)
        .await?;
    let state = AppState::from(AppParts {
        services: app.services.clone(),
        readiness: Arc::new(DbReadiness(app.db.clone())),
        metrics: app.metrics.clone(),
        config: WebConfig {
            body_limit: cfg.raw.server.body_limit,
            tls: cfg.tls != crate::config::TlsMode::Off || cfg.raw.server.behind_proxy,
            trusted_proxies: TrustedProxies(cfg.trusted_proxies.clone()),
            public_url: cfg
                .raw
                .server
                .public_url
                .as_ref()
                .map(|_| cfg.public_url.clone()),
            time_zone: cfg.time_zone.clone(),
            metrics_token: cfg.metrics_token.clone(),
        },
        push_waiters: app.push_waiters.clone(),
    });
    if app.db.backend() == regain_store::Backend::Postgres {
        // Other nodes' pushes wake the devices waiting here (LISTEN/NOTIFY).
        let local = app.push_waiters.clone();
        tokio::spawn(regain_store::listen_pushes(app.db.clone(), move |id| {
            local.wake(id)
        }));
    }
    if !cfg.checkpoint_interval.is_zero() {
        // The key is loaded (or generated) now, so a bad key file stops the start with a clear
        // error instead of leaving the chain without checkpoints.
        let key = crate::checkpoints::signing_key(&cfg)?;
        tokio::spawn(crate::checkpoints::run_periodically(
            app.db.clone(),
            crate::checkpoints::Place::of(&cfg),
            key,
            cfg.checkpoint_interval,
        ));
    }
    if !cfg.sync_interval.is_zero() {
        tokio::spawn(sync_directory(
            app.services.clone(),
            cfg.sync_interval,
            cfg.sync_rules.clone(),
            cfg.raw.directory.sync_default_policy.clone(),
        ));
    }
    tokio::spawn(purge_periodically(app.services.clone()));
    crate::radius::start(&app, &cfg).await?;
    if cfg.notifications.deliver {
        let delivery = crate::wiring::notice_delivery(&app, &cfg)?;
        tokio::spawn(crate::notice_worker::run(
            delivery,
            app.services.clone(),
            cfg.notifications.interval,
        ));
    }
    let handle = axum_server::Handle::new();
    tokio::spawn(shutdown_on_signal(handle.clone()));
    // Its own handle: the main handle's address is the one announced.
    let metrics_handle = axum_server::Handle::new();
    if let Some(addr) = cfg.metrics_listen {
        // A separate plain-HTTP listener for the monitoring system only (loopback by default),
        // stopped with the main one. Failing to bind it does not stop the service: it says so.
        let metrics = regain_web::metrics_app(state.clone()).into_make_service();
        let handle = metrics_handle.clone();
        tokio::spawn(async move {
            if let Err(e) = axum_server::bind(addr).handle(handle).serve(metrics).await {
                tracing::error!(address = %addr, error = %e, "cannot serve /metrics on metrics.listen; set metrics.listen to a free address or off");
            }
        });
    }
    let router = regain_web::app(state).into_make_service_with_connect_info::<SocketAddr>();
    let cert = crate::tls::certificate(&cfg)?;
    let scheme = if cert.is_some() { "https" } else { "http" };
    let explicit_url = cfg
        .raw
        .server
        .public_url
        .is_some()
        .then(|| cfg.public_url.clone());
    let announce = {
        let handle = handle.clone();
        async move {
            if let Some(addr) = handle.listening().await {
                println!("regain listening on {scheme}://{addr}");
                // Links use the configured public address, or the one actually bound (port 0
                // picks a free port).
                let base = explicit_url.unwrap_or_else(|| format!("{scheme}://{addr}"));
                if let Some(link) = setup {
                    println!(
                        "First start: created the superadministrator {:?}.",
                        link.username
                    );
                    println!("Open this one-time link within 24 hours to choose its password:");
                    println!("  {}", crate::commands::setup_url_for(&base, &link.token));
                }
                if let Some(b) = banner {
                    println!("{}", b.replace(DEMO_URL_PLACEHOLDER, &base));
                }
            }
        }
    };
    tokio::spawn(announce);
    let served = match cert {
        Some((c, k)) => {
            let tls = axum_server::tls_rustls::RustlsConfig::from_pem_file(&c, &k)
                .await
                .with_context(|| {
                    format!(
                        "loading the TLS certificate {} and key {}",
                        c.display(),
                        k.display()
                    )
                })?;
            axum_server::bind_rustls(cfg.listen, tls)
                .handle(handle)
                .serve(router)
                .await
        }
        None => {
            axum_server::bind(cfg.listen)
                .handle(handle)
                .serve(router)
                .await
        }
    };
    metrics_handle.shutdown();
    served.with_context(|| format!("serving on {}", cfg.listen))?;
    app.db.close().await;
    tracing::info!("stopped");
    Ok(())
}

/// Stands for the server's address in the demo banner until the listener is bound.
pub const DEMO_URL_PLACEHOLDER: &str = "{server}";

async fn shutdown_on_signal(handle: axum_server::Handle<SocketAddr>) {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down: finishing requests in flight (up to 10 s)");
    handle.graceful_shutdown(Some(Duration::from_secs(10)));
}

/// Every ten minutes, removes what can no longer be used: expired console and `/me` sessions,
/// ended reset sessions, old draws, rate windows and lockouts of names. Any node may do it
/// (each delete is a plain conditional statement); a failed round is logged.
async fn purge_periodically(services: regain_core::service::Services) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(600));
    loop {
        tick.tick().await;
        match services.purge_expired().await {
            Ok(0) => {}
            Ok(n) => tracing::debug!(removed = n, "purged expired sessions and reset state"),
            Err(e) => {
                tracing::warn!(error = %e, "purging expired sessions failed; retrying in ten minutes")
            }
        }
    }
}

/// Imports new directory users every `interval` (as `regain directory import`), logging what it
/// did; a failed round is logged and retried at the next one.
async fn sync_directory(
    services: regain_core::service::Services,
    interval: std::time::Duration,
    rules: Vec<regain_core::service::PolicyRule>,
    default_policy: String,
) {
    let caller = regain_core::service::Caller {
        actor: regain_core::audit::Actor::System,
        source: Some("directory-sync".into()),
        authority: regain_core::service::Authority::Operator,
    };
    let mut tick = tokio::time::interval(interval);
    loop {
        tick.tick().await;
        match services
            .import_directory_users(&caller, &rules, &default_policy, false, false)
            .await
        {
            Ok(r) if !r.added.is_empty() || !r.gone.is_empty() => tracing::info!(
                added = r.added.len(),
                gone = r.gone.len(),
                skipped = r.skipped.len(),
                "directory sync"
            ),
            Ok(_) => {}
            Err(e) => {
                tracing::warn!(error = %e, "directory sync failed; retrying at the next interval")
            }
        }
    }
}
