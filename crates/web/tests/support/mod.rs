//! Services on a real SQLite store and the embedded directory, with a manual clock: the core
//! tests' harness (`crates/core/tests/support/services.rs`, included), with the device API's
//! push waiters wired in.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![allow(dead_code)]

pub mod console;
pub mod mail;
pub mod push;
pub mod reset;
pub mod reset_pages;
pub mod temp_codes;

#[path = "../../../core/tests/support/services.rs"]
mod services;

pub use services::{enable_order_signing, pg_database};
use std::sync::Arc;

pub struct Env {
    pub services: regain_core::service::Services,
    pub db: regain_store::Db,
    pub clock: Arc<regain_core::ports::ManualClock>,
    pub mac: regain_crypto::KeyedHasher,
    pub url: String,
    pub sms: Arc<regain_notify::MemoryOutbox>,
    pub push_waiters: Arc<regain_web::PushWaiters>,
    pub events: Arc<regain_core::events::RecordedEvents>,
    pub telemetry: Arc<regain_core::telemetry::RecordedTelemetry>,
    _tmp: tempfile::TempDir,
}

pub async fn env() -> Env {
    env_with(None, Arc::new(regain_crypto::HmacOtp)).await
}

/// As [`env`], on `url` (a PostgreSQL database) instead of a new SQLite file, with `otp` as
/// the OTP port.
pub async fn env_with(url: Option<String>, otp: Arc<dyn regain_core::otp::OtpCodes>) -> Env {
    let push_waiters = Arc::new(regain_web::PushWaiters::default());
    let e = services::env_pushing(url, otp, push_waiters.clone()).await;
    Env {
        services: e.services,
        db: e.db,
        clock: e.clock,
        mac: e.mac,
        url: e.url,
        sms: e.sms,
        push_waiters,
        events: e.events,
        telemetry: e.telemetry,
        _tmp: e._tmp,
    }
}
