//! The services over a benchmark's database, to create what must go through them (an API
//! client, a user with a password hash) before the server starts.

use regain_core::service::Services;
use regain_core::time::Timestamp;
use regain_crypto::KeyedHasher;
use regain_store::Db;
use std::sync::Arc;

/// Services on `db` with the keys of `mac`, a clock standing at `t0`, and nothing sent out.
pub fn bench_services(db: &Db, mac: &KeyedHasher, t0: Timestamp) -> Services {
    let clock = Arc::new(regain_core::ports::ManualClock::at(t0));
    Services {
        store: Arc::new(db.clone()),
        directory: Arc::new(regain_directory::EmbeddedDirectory::new(
            Arc::new(db.clone()),
            clock.clone(),
            regain_directory::EmbeddedDirectoryConfig::default(),
            regain_directory::HashPool::new(1),
        )),
        clock,
        secrets: Arc::new(mac.clone()),
        audit_mac: Arc::new(mac.clone()),
        code_hashes: Arc::new(
            regain_directory::HashPool::new(2).peppered(mac.derived_secret("temporary_code")),
        ),
        answer_hashes: Arc::new(
            regain_directory::HashPool::new(2).peppered(mac.derived_secret("security_answer")),
        ),
        sealer: Arc::new(mac.field_cipher()),
        otp: Arc::new(regain_crypto::HmacOtp),
        sms: Arc::new(regain_notify::MemoryOutbox::default()),
        signatures: Arc::new(regain_crypto::Ed25519Verifier),
        push: Arc::new(regain_core::push::NoPushChannel),
        events: Arc::new(regain_core::events::NoEvents),
        telemetry: Arc::new(regain_core::telemetry::NoTelemetry),
    }
}
