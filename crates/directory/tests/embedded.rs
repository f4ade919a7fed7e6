//! The embedded directory on a real SQLite store with a manual clock (no sleeps).

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use regain_core::directory::{AuthFailure, AuthOutcome, Directory, DirectoryError};
use regain_core::ids::NodeId;
use regain_core::lockout::LockoutPolicy;
use regain_core::logon_hours::LogonHours;
use regain_core::password_policy::{PasswordPolicy, PasswordRejection};
use regain_core::ports::ManualClock;
use regain_core::time::Timestamp;
use regain_crypto::{KeyMaterial, KeyedHasher};
use regain_directory::{EmbeddedDirectory, EmbeddedDirectoryConfig, HashPool};
use regain_store::{AuditSigner, Db};
use secrecy::SecretString;
use std::sync::Arc;
use std::time::Duration;

const MIN: Duration = Duration::from_secs(60);

struct Env {
    dir: EmbeddedDirectory,
    clock: Arc<ManualClock>,
    _tmp: tempfile::TempDir,
}

fn pw(s: &str) -> SecretString {
    SecretString::from(s.to_owned())
}

async fn env() -> Env {
    let tmp = tempfile::tempdir().unwrap();
    let mac = KeyedHasher::new(Arc::new(KeyMaterial::random().unwrap()));
    let db = Db::connect(
        &format!("sqlite://{}", tmp.path().join("d.db").display()),
        AuditSigner {
            node: NodeId::parse("n").unwrap(),
            mac: Arc::new(mac),
        },
    )
    .await
    .unwrap();
    db.migrate().await.unwrap();
    // Monday 2026-11-23 10:00 UTC.
    let clock = Arc::new(ManualClock::at(
        Timestamp::parse_rfc3339("2026-11-23T10:00:00Z").unwrap(),
    ));
    let config = EmbeddedDirectoryConfig {
        password_policy: PasswordPolicy {
            min_length: 10,
            complexity_classes: 3,
            history: 3,
            min_age: Duration::from_secs(86_400),
            max_age: Duration::from_secs(90 * 86_400),
            strict: false,
        },
        lockout: LockoutPolicy {
            threshold: 3,
            window: 10 * MIN,
            duration: 15 * MIN,
        },
    };
    let dir = EmbeddedDirectory::new(Arc::new(db), clock.clone(), config, HashPool::new(2));
    dir.provisioning()
        .unwrap()
        .create("alice", "Alice", Some(&pw("Initial-Pass-1")))
        .await
        .unwrap();
    Env {
        dir,
        clock,
        _tmp: tmp,
    }
}

async fn auth(e: &Env, p: &str) -> AuthOutcome {
    e.dir.authenticate("alice", &pw(p)).await.unwrap()
}

#[tokio::test]
async fn correct_password_authenticates_and_wrong_one_is_bad_credentials() {
    let e = env().await;
    assert_eq!(auth(&e, "Initial-Pass-1").await, AuthOutcome::Authenticated);
    assert_eq!(
        auth(&e, "initial-pass-1").await,
        AuthOutcome::Failed(AuthFailure::BadCredentials)
    );
    let unknown = e.dir.authenticate("nobody", &pw("x")).await.unwrap();
    assert_eq!(unknown, AuthOutcome::Failed(AuthFailure::BadCredentials));
}

#[tokio::test]
async fn lockout_at_threshold_releases_after_duration() {
    let e = env().await;
    assert_eq!(
        auth(&e, "wrong-1").await,
        AuthOutcome::Failed(AuthFailure::BadCredentials)
    );
    assert_eq!(
        auth(&e, "wrong-2").await,
        AuthOutcome::Failed(AuthFailure::BadCredentials)
    );
    let third = auth(&e, "wrong-3").await;
    assert!(
        matches!(third, AuthOutcome::Failed(AuthFailure::Locked { .. })),
        "{third:?}"
    );
    // Locked: even the right password is refused, and the state says so.
    assert!(matches!(
        auth(&e, "Initial-Pass-1").await,
        AuthOutcome::Failed(AuthFailure::Locked { .. })
    ));
    assert!(
        e.dir
            .account("alice")
            .await
            .unwrap()
            .unwrap()
            .locked_until
            .is_some()
    );
    e.clock.advance(15 * MIN - Duration::from_secs(1));
    assert!(matches!(
        auth(&e, "Initial-Pass-1").await,
        AuthOutcome::Failed(AuthFailure::Locked { .. })
    ));
    e.clock.advance(Duration::from_secs(1));
    assert_eq!(auth(&e, "Initial-Pass-1").await, AuthOutcome::Authenticated);
    assert!(
        e.dir
            .account("alice")
            .await
            .unwrap()
            .unwrap()
            .locked_until
            .is_none()
    );
}

#[tokio::test]
async fn failures_outside_the_window_do_not_lock() {
    let e = env().await;
    auth(&e, "wrong-1").await;
    auth(&e, "wrong-2").await;
    e.clock.advance(11 * MIN);
    assert_eq!(
        auth(&e, "wrong-3").await,
        AuthOutcome::Failed(AuthFailure::BadCredentials)
    );
    assert_eq!(auth(&e, "Initial-Pass-1").await, AuthOutcome::Authenticated);
}

#[tokio::test]
async fn admin_unlock_releases_at_once() {
    let e = env().await;
    for i in 0..3 {
        auth(&e, &format!("wrong-{i}")).await;
    }
    assert!(matches!(
        auth(&e, "Initial-Pass-1").await,
        AuthOutcome::Failed(AuthFailure::Locked { .. })
    ));
    e.dir.unlock("alice").await.unwrap();
    assert_eq!(auth(&e, "Initial-Pass-1").await, AuthOutcome::Authenticated);
    assert!(matches!(
        e.dir.unlock("nobody").await,
        Err(DirectoryError::NoSuchAccount(_))
    ));
}

#[tokio::test]
async fn password_changes_are_refused_with_distinct_reasons() {
    let e = env().await;
    let change = |old: &'static str, new: &'static str| {
        let e = &e;
        async move { e.dir.change_password("alice", &pw(old), &pw(new)).await }
    };
    // Minimum age: the password was set moments ago.
    assert!(matches!(
        change("Initial-Pass-1", "Brand-New-Pass-2").await,
        Err(DirectoryError::Rejected(PasswordRejection::TooYoung { .. }))
    ));
    e.clock.advance(Duration::from_secs(86_400));
    assert_eq!(
        change("Initial-Pass-1", "Sh0rt!").await,
        Err(DirectoryError::Rejected(PasswordRejection::TooShort {
            min: 10
        }))
    );
    assert_eq!(
        change("Initial-Pass-1", "alllowercase12").await,
        Err(DirectoryError::Rejected(PasswordRejection::NotComplex {
            required: 3
        }))
    );
    assert_eq!(
        change("Initial-Pass-1", "Initial-Pass-1").await,
        Err(DirectoryError::Rejected(PasswordRejection::InHistory {
            history: 3
        }))
    );
    assert_eq!(
        change("Wrong-Old-Pass-1", "Brand-New-Pass-2").await,
        Err(DirectoryError::WrongOldPassword)
    );
    change("Initial-Pass-1", "Brand-New-Pass-2").await.unwrap();
    assert_eq!(
        auth(&e, "Brand-New-Pass-2").await,
        AuthOutcome::Authenticated
    );
    // The previous password is now in history.
    e.clock.advance(Duration::from_secs(86_400));
    assert_eq!(
        change("Brand-New-Pass-2", "Initial-Pass-1").await,
        Err(DirectoryError::Rejected(PasswordRejection::InHistory {
            history: 3
        }))
    );
}

#[tokio::test]
async fn admin_reset_skips_minimum_age_unlocks_and_can_force_a_change() {
    let e = env().await;
    for i in 0..3 {
        auth(&e, &format!("wrong-{i}")).await;
    }
    e.dir
        .admin_reset("alice", &pw("Reset-By-Admin-3"), true)
        .await
        .unwrap();
    assert_eq!(
        auth(&e, "Reset-By-Admin-3").await,
        AuthOutcome::Failed(AuthFailure::MustChangePassword)
    );
    assert_eq!(
        e.dir.admin_reset("alice", &pw("short"), false).await,
        Err(DirectoryError::Rejected(PasswordRejection::TooShort {
            min: 10
        }))
    );
}

#[tokio::test]
async fn disabled_expired_and_logon_hours_are_reported_precisely() {
    let e = env().await;
    let prov = e.dir.provisioning().unwrap();
    prov.set_disabled("alice", true).await.unwrap();
    assert_eq!(
        auth(&e, "Initial-Pass-1").await,
        AuthOutcome::Failed(AuthFailure::Disabled)
    );
    prov.set_disabled("alice", false).await.unwrap();
    prov.set_logon_hours("alice", LogonHours::parse("sat-sun 00-24").unwrap())
        .await
        .unwrap();
    assert_eq!(
        auth(&e, "Initial-Pass-1").await,
        AuthOutcome::Failed(AuthFailure::OutsideLogonHours)
    );
    prov.set_logon_hours("alice", LogonHours::always())
        .await
        .unwrap();
    e.clock.advance(Duration::from_secs(90 * 86_400));
    assert_eq!(
        auth(&e, "Initial-Pass-1").await,
        AuthOutcome::Failed(AuthFailure::PasswordExpired)
    );
    assert!(
        e.dir
            .account("alice")
            .await
            .unwrap()
            .unwrap()
            .password_expired
    );
}

#[tokio::test]
async fn an_account_without_password_cannot_sign_in_and_duplicates_are_refused() {
    let e = env().await;
    let prov = e.dir.provisioning().unwrap();
    prov.create("bob", "Bob", None).await.unwrap();
    assert_eq!(
        e.dir.authenticate("bob", &pw("")).await.unwrap(),
        AuthOutcome::Failed(AuthFailure::BadCredentials)
    );
    assert!(matches!(
        prov.create("BOB", "Bob", None).await,
        Err(DirectoryError::AlreadyExists(_))
    ));
    assert!(matches!(
        prov.create("carol", "Carol", Some(&pw("weak"))).await,
        Err(DirectoryError::Rejected(_))
    ));
    assert!(
        e.dir.account("carol").await.unwrap().is_none(),
        "a refused creation left an account"
    );
}

/// Security requirement 13: a password is compared only after its attempt was counted, so of 20
/// wrong passwords at once (threshold 3) exactly two are compared and told apart as wrong; every
/// other is refused as locked before any hashing, and so is the right password afterwards.
#[tokio::test]
async fn req13_concurrent_wrong_passwords_are_counted_before_they_are_compared() {
    let e = Arc::new(env().await);
    let mut tasks = Vec::new();
    for i in 0..20 {
        let e = e.clone();
        tasks.push(tokio::spawn(async move {
            e.dir
                .authenticate("alice", &pw(&format!("bad-{i}")))
                .await
                .unwrap()
        }));
    }
    let mut wrong = 0;
    for t in tasks {
        match t.await.unwrap() {
            AuthOutcome::Failed(AuthFailure::BadCredentials) => wrong += 1,
            AuthOutcome::Failed(AuthFailure::Locked { .. }) => {}
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(wrong, 2, "compared as wrong before the lock");
    assert!(matches!(
        auth(&e, "Initial-Pass-1").await,
        AuthOutcome::Failed(AuthFailure::Locked { .. })
    ));
}

/// Security requirement 44: the embedded directory refuses common passwords (the shipped
/// blocklist) and the user's own names, whatever its composition rules say.
#[tokio::test]
async fn req44_common_passwords_and_own_names_are_refused() {
    let e = env().await;
    for (new, code) in [
        ("Usuckballz1", "password_common"),
        ("Alice-in-Chains-9", "password_contains_username"),
    ] {
        match e.dir.admin_reset("alice", &pw(new), false).await {
            Err(DirectoryError::Rejected(r)) => assert_eq!(r.code(), code, "{new}"),
            other => panic!("{new}: {other:?}"),
        }
    }
    e.dir
        .admin_reset("alice", &pw("Ladder-Sunset-Zebra-4"), false)
        .await
        .unwrap();
}
