//! OTP tokens through the services on a real store: enrollment confirmed by a first code,
//! verification, replay refusal, policies that forbid enrolling, deleting an enrollment.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use regain_core::audit::AuditFilter;
use regain_core::methods::MethodState;
use regain_core::otp::{OtpParams, totp_step};
use regain_core::ports::{AuditRepo, Clock};
use regain_core::second_factor::FactorReason;
use regain_core::service::{Caller, NewUser, OtpOutcome, ServiceError};
use regain_crypto::{base32_decode, hotp};
use std::time::Duration;

async fn enrolled(e: &support::Env, user: &str) -> (String, Vec<u8>) {
    let op = Caller::operator("test");
    e.services
        .add_user(
            &op,
            NewUser {
                username: user.into(),
                display_name: user.into(),
                policy: None,
                password: None,
            },
        )
        .await
        .unwrap();
    let en = e
        .services
        .begin_otp_enrollment(&op, user, "Phone")
        .await
        .unwrap();
    let seed = base32_decode(&en.seed_base32).unwrap();
    assert_eq!(seed.len(), 20, "160-bit seed");
    assert!(en.otpauth_uri.starts_with("otpauth://totp/Regain:"));
    (en.method_id.to_string(), seed)
}

fn code_at(e: &support::Env, seed: &[u8], offset_steps: i64) -> String {
    let step = totp_step(e.clock.now(), 30) as i64 + offset_steps;
    hotp(seed, step as u64, OtpParams::totp().algorithm, 6)
}

#[tokio::test]
async fn enrollment_needs_a_first_code_then_codes_work_once() {
    let e = support::env().await;
    let op = Caller::operator("test");
    let (id, seed) = enrolled(&e, "alice").await;
    // Pending: not usable yet.
    assert!(matches!(
        e.services
            .verify_otp("alice", &code_at(&e, &seed, 0), None)
            .await
            .unwrap(),
        OtpOutcome::Rejected {
            reason: FactorReason::NoOtpToken
        }
    ));
    let wrong = e
        .services
        .confirm_otp_enrollment(&op, "alice", &id, "000000")
        .await;
    assert!(matches!(wrong, Err(ServiceError::Invalid { .. })));
    e.services
        .confirm_otp_enrollment(&op, "alice", &id, &code_at(&e, &seed, 0))
        .await
        .unwrap();
    assert!(
        matches!(
            e.services
                .verify_otp("alice", &code_at(&e, &seed, 0), None)
                .await
                .unwrap(),
            OtpOutcome::Rejected {
                reason: FactorReason::Replayed
            }
        ),
        "the confirming code is used up"
    );
    e.clock.advance(Duration::from_secs(30));
    let c = code_at(&e, &seed, 0);
    assert!(matches!(
        e.services.verify_otp("alice", &c, None).await.unwrap(),
        OtpOutcome::Accepted { .. }
    ));
    assert!(matches!(
        e.services.verify_otp("alice", &c, None).await.unwrap(),
        OtpOutcome::Rejected {
            reason: FactorReason::Replayed
        }
    ));
    assert!(matches!(
        e.services
            .verify_otp("alice", "123456", None)
            .await
            .unwrap(),
        OtpOutcome::Rejected { .. }
    ));
    assert!(matches!(
        e.services.verify_otp("nobody", &c, None).await.unwrap(),
        OtpOutcome::Rejected { .. }
    ));
    // Drift: the next step is accepted, two steps ahead is not.
    assert!(matches!(
        e.services
            .verify_otp("alice", &code_at(&e, &seed, 2), None)
            .await
            .unwrap(),
        OtpOutcome::Rejected { .. }
    ));
    assert!(matches!(
        e.services
            .verify_otp("alice", &code_at(&e, &seed, 1), None)
            .await
            .unwrap(),
        OtpOutcome::Accepted { .. }
    ));
}

#[tokio::test]
async fn a_policy_that_forbids_enrolling_is_obeyed() {
    let e = support::env().await;
    let op = Caller::operator("test");
    e.services
        .create_policy(&op, "Contractors", None)
        .await
        .unwrap();
    e.services
        .set_policy(
            &op,
            "Contractors",
            &[("enrollment.may_enroll".into(), "false".into())],
        )
        .await
        .unwrap();
    e.services
        .add_user(
            &op,
            NewUser {
                username: "carol".into(),
                display_name: "Carol".into(),
                policy: Some("Contractors".into()),
                password: None,
            },
        )
        .await
        .unwrap();
    let r = e.services.begin_otp_enrollment(&op, "carol", "").await;
    assert!(
        matches!(&r, Err(ServiceError::Invalid { field, .. }) if field == "enrollment"),
        "{:?}",
        r.err()
    );
    assert!(
        e.services
            .list_methods(&op, "carol")
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn deleting_the_last_factor_warns_when_the_user_may_delay() {
    let e = support::env().await;
    let op = Caller::operator("test");
    e.services
        .set_policy(
            &op,
            "Default",
            &[("enrollment.may_delay".into(), "true".into())],
        )
        .await
        .unwrap();
    let (id, seed) = enrolled(&e, "bob").await;
    e.services
        .confirm_otp_enrollment(&op, "bob", &id, &code_at(&e, &seed, 0))
        .await
        .unwrap();
    assert_eq!(
        e.services.list_methods(&op, "bob").await.unwrap()[0].state,
        MethodState::Active
    );
    let d = e.services.delete_enrollment(&op, "bob", &id).await.unwrap();
    assert!(d.now_password_only);
    assert!(
        e.services
            .list_methods(&op, "bob")
            .await
            .unwrap()
            .is_empty()
    );
    assert!(matches!(
        e.services.delete_enrollment(&op, "bob", &id).await,
        Err(ServiceError::NotFound { .. })
    ));
    e.clock.advance(Duration::from_secs(60));
    assert!(
        matches!(
            e.services
                .verify_otp("bob", &code_at(&e, &seed, 0), None)
                .await
                .unwrap(),
            OtpOutcome::Rejected {
                reason: FactorReason::NoOtpToken
            }
        ),
        "a deleted token never works again"
    );
}

/// Security requirements 21 and 48: seeds are encrypted at rest and never reach the audit log.
#[tokio::test]
async fn req21_req48_seeds_are_not_in_the_database_or_the_audit_log_in_clear() {
    let e = support::env().await;
    let (id, seed) = enrolled(&e, "dora").await;
    e.services
        .confirm_otp_enrollment(
            &Caller::operator("test"),
            "dora",
            &id,
            &code_at(&e, &seed, 0),
        )
        .await
        .unwrap();
    let hex: String = seed.iter().map(|b| format!("{b:02x}")).collect();
    let b32 = regain_crypto::base32_encode(&seed);
    let log =
        e.db.list_audit(&AuditFilter {
            limit: 1000,
            ..Default::default()
        })
        .await
        .unwrap();
    let dump = serde_json::to_string(&log.items).unwrap();
    assert!(!dump.contains(&hex) && !dump.contains(&b32));
    let path = e.url.trim_start_matches("sqlite://").to_owned();
    let mut bytes = std::fs::read(&path).unwrap();
    bytes.extend(std::fs::read(format!("{path}-wal")).unwrap_or_default());
    assert!(
        !bytes.windows(seed.len()).any(|w| w == seed.as_slice()),
        "raw seed bytes found in the database files"
    );
    assert!(!String::from_utf8_lossy(&bytes).contains(&b32));
}

#[tokio::test]
async fn hardware_tokens_import_from_csv_all_or_nothing() {
    let e = support::env().await;
    let op = Caller::operator("test");
    for u in ["hw1", "hw2"] {
        e.services
            .add_user(
                &op,
                NewUser {
                    username: u.into(),
                    display_name: u.into(),
                    policy: None,
                    password: None,
                },
            )
            .await
            .unwrap();
    }
    let seed_hex = "3132333435363738393031323334353637383930";
    // A bad line (unknown user) stores nothing, and says which line.
    let bad = format!("serial,username,seed\nSN-1,hw1,{seed_hex},hotp\nSN-2,ghost,{seed_hex}\n");
    let err = e.services.import_otp_tokens(&op, &bad).await.unwrap_err();
    assert!(
        err.to_string().contains("line 3") && err.to_string().contains("ghost"),
        "{err}"
    );
    assert!(
        e.services
            .list_methods(&op, "hw1")
            .await
            .unwrap()
            .is_empty()
    );
    for (csv, needle) in [
        (
            format!("SN-1,hw1,{seed_hex}\nSN-1,hw2,{seed_hex}"),
            "appears twice",
        ),
        ("SN-3,hw1,00ff".to_owned(), "at least 16 bytes"),
        (format!("SN-4,hw1,{seed_hex},totp,md5"), "algorithm"),
        ("SN-5,hw1,zz".to_owned(), "not hex"),
    ] {
        let err = e
            .services
            .import_otp_tokens(&op, &csv)
            .await
            .unwrap_err()
            .to_string();
        assert!(err.contains(needle), "{csv}: {err}");
    }
    let good = format!(
        "SN-1,hw1,{seed_hex},hotp\nSN-2,hw2,base32:GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ,totp,sha1,8,60\n"
    );
    assert_eq!(e.services.import_otp_tokens(&op, &good).await.unwrap(), 2);
    // RFC 4226 counter 0 of this seed.
    assert!(matches!(
        e.services.verify_otp("hw1", "755224", None).await.unwrap(),
        OtpOutcome::Accepted { .. }
    ));
    assert!(matches!(
        e.services.verify_otp("hw1", "755224", None).await.unwrap(),
        OtpOutcome::Rejected {
            reason: FactorReason::Replayed
        }
    ));
    assert!(matches!(
        e.services.verify_otp("hw1", "287082", None).await.unwrap(),
        OtpOutcome::Accepted { .. }
    ));
    let again = e
        .services
        .import_otp_tokens(&op, &format!("SN-9,hw2,{seed_hex}\nSN-1,hw2,{seed_hex}"))
        .await;
    assert!(
        matches!(again, Err(ServiceError::AlreadyExists { .. })),
        "serials are unique"
    );
    assert_eq!(
        e.services.list_methods(&op, "hw2").await.unwrap().len(),
        1,
        "SN-9 was not stored either"
    );
}

/// Security requirement 13: guessing an enrollment code counts towards the lockout.
#[tokio::test]
async fn req13_wrong_enrollment_codes_lock_the_user_out() {
    let e = support::env().await;
    let op = Caller::operator("test");
    let (id, seed) = enrolled(&e, "gus").await;
    for _ in 0..5 {
        assert!(
            e.services
                .confirm_otp_enrollment(&op, "gus", &id, "000000")
                .await
                .is_err()
        );
    }
    let right = code_at(&e, &seed, 0);
    let locked = e
        .services
        .confirm_otp_enrollment(&op, "gus", &id, &right)
        .await
        .unwrap_err();
    assert!(
        locked.to_string().contains("too many wrong codes"),
        "{locked}"
    );
    e.clock.advance(Duration::from_secs(16 * 60));
    e.services
        .confirm_otp_enrollment(&op, "gus", &id, &code_at(&e, &seed, 0))
        .await
        .unwrap();
}
