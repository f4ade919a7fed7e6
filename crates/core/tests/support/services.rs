//! Services on a real SQLite store (or PostgreSQL) and the embedded directory, with a manual
//! clock: the harness of the services' tests here, included by the web crate's tests too (which
//! add the HTTP side), so there is one.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![allow(dead_code)]

use regain_core::ids::NodeId;
use regain_core::ports::ManualClock;
use regain_core::service::Services;
use regain_core::time::Timestamp;
use regain_crypto::{KeyMaterial, KeyedHasher};
use regain_directory::{EmbeddedDirectory, EmbeddedDirectoryConfig, HashPool};
use regain_store::{AuditSigner, Db};
use std::sync::Arc;

pub struct Env {
    pub services: Services,
    pub db: Db,
    pub clock: Arc<ManualClock>,
    pub mac: KeyedHasher,
    pub url: String,
    pub sms: Arc<regain_notify::MemoryOutbox>,
    pub events: Arc<regain_core::events::RecordedEvents>,
    pub telemetry: Arc<regain_core::telemetry::RecordedTelemetry>,
    pub _tmp: tempfile::TempDir,
}

pub async fn env() -> Env {
    env_with(None, Arc::new(regain_crypto::HmacOtp)).await
}

/// A fresh, empty PostgreSQL database in the cluster named by `REGAIN_TEST_PG_URL` (which
/// `scripts/test` starts); its URL. A missing server is a failure, never a skip.
pub async fn pg_database() -> String {
    use sqlx::Connection;
    let admin = std::env::var("REGAIN_TEST_PG_URL").unwrap_or_else(|_| {
        panic!("REGAIN_TEST_PG_URL is not set: run the tests with scripts/test, which starts PostgreSQL")
    });
    let name = format!("regain_w_{}", uuid::Uuid::new_v4().simple());
    let mut conn = sqlx::PgConnection::connect(&admin)
        .await
        .unwrap_or_else(|e| panic!("cannot reach PostgreSQL at {admin}: {e}"));
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut conn)
        .await
        .unwrap();
    let (base, _) = admin.rsplit_once('/').unwrap();
    format!("{base}/{name}")
}

/// As [`env`], on `url` (a PostgreSQL database) instead of a new SQLite file, with `otp` as
/// the OTP port (a counting one, to see how often a code is compared).
pub async fn env_with(url: Option<String>, otp: Arc<dyn regain_core::otp::OtpCodes>) -> Env {
    env_pushing(url, otp, Arc::new(regain_core::push::NoPushChannel)).await
}

/// As [`env_with`], telling `push` of every push sent (the web tests' device long-polls).
pub async fn env_pushing(
    url: Option<String>,
    otp: Arc<dyn regain_core::otp::OtpCodes>,
    push: Arc<dyn regain_core::push::PushChannel>,
) -> Env {
    let tmp = tempfile::tempdir().unwrap();
    let mac = KeyedHasher::new(Arc::new(KeyMaterial::random().unwrap()));
    let url = url.unwrap_or_else(|| format!("sqlite://{}", tmp.path().join("r.db").display()));
    let db = Db::connect(
        &url,
        AuditSigner {
            node: NodeId::parse("t").unwrap(),
            mac: Arc::new(mac.clone()),
        },
    )
    .await
    .unwrap();
    db.migrate().await.unwrap();
    let clock = Arc::new(ManualClock::at(
        Timestamp::parse_rfc3339("2026-11-23T10:00:00Z").unwrap(),
    ));
    db.seed(regain_core::ports::Clock::now(clock.as_ref()))
        .await
        .unwrap();
    let directory = EmbeddedDirectory::new(
        Arc::new(db.clone()),
        clock.clone(),
        EmbeddedDirectoryConfig::default(),
        HashPool::new(2),
    );
    let sms = Arc::new(regain_notify::MemoryOutbox::default());
    let events = Arc::new(regain_core::events::RecordedEvents::default());
    let telemetry = Arc::new(regain_core::telemetry::RecordedTelemetry::default());
    let services = Services {
        store: Arc::new(db.clone()),
        directory: Arc::new(directory),
        clock: clock.clone(),
        secrets: Arc::new(mac.clone()),
        audit_mac: Arc::new(mac.clone()),
        code_hashes: Arc::new(
            regain_directory::HashPool::new(2).peppered(mac.derived_secret("temporary_code")),
        ),
        answer_hashes: Arc::new(
            regain_directory::HashPool::new(2).peppered(mac.derived_secret("security_answer")),
        ),
        sealer: Arc::new(mac.field_cipher()),
        otp,
        sms: sms.clone(),
        signatures: Arc::new(regain_crypto::Ed25519Verifier),
        push,
        events: events.clone(),
        telemetry: telemetry.clone(),
    };
    Env {
        services,
        db,
        clock,
        mac,
        url,
        sms,
        events,
        telemetry,
        _tmp: tmp,
    }
}

/// Lets `policy` sign orders with a second factor: a push or an OTP code, as the product
/// requires for order signing.
pub async fn enable_order_signing(s: &Services, policy: &str) {
    s.set_policy(
        &regain_core::service::Caller::operator("test"),
        policy,
        &[
            ("order_signing.enabled".into(), "true".into()),
            ("order_signing.second_factor".into(), "true".into()),
            ("order_signing.factors".into(), "push,otp".into()),
        ],
    )
    .await
    .unwrap();
}
