//! Count before compare (security requirements 13 and 15), through the services on a real
//! store, SQLite and PostgreSQL: guesses in flight never reach the secret more than the lockout
//! threshold allows, and a lock ends every flow that was in progress for good.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use regain_core::otp::{OtpAlgorithm, OtpCodes, OtpParams, totp_step};
use regain_core::policy::{Factor, Workflow};
use regain_core::ports::Clock;
use regain_core::second_factor::FactorReason;
use regain_core::service::{Caller, NewUser, SelfSignIn, Services, SignIn};
use regain_core::signin::{ApiClient, TxState};
use regain_core::telemetry::{Told, Verdict};
use regain_crypto::{base32_decode, hotp};
use secrecy::SecretString;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

const PW: &str = "Correct-Horse-7-Battery";
const THRESHOLD: u32 = 5;
/// Past the policy's 2-minute lock, within a flow's 5 minutes.
const LOCK_ENDED: Duration = Duration::from_secs(150);

/// The OTP port, counting every code it computes: a TOTP check computes one code per step of
/// its window (three), so comparisons = calls / 3.
#[derive(Default)]
struct CountingOtp(AtomicUsize);

impl OtpCodes for CountingOtp {
    fn code(&self, seed: &[u8], counter: u64, algorithm: OtpAlgorithm, digits: u8) -> String {
        self.0.fetch_add(1, Ordering::SeqCst);
        regain_crypto::HmacOtp.code(seed, counter, algorithm, digits)
    }
}

const CODES_PER_CHECK: usize = 3;

struct T {
    e: support::Env,
    otp: Arc<CountingOtp>,
    client: ApiClient,
    seed: Vec<u8>,
}

impl T {
    async fn new(postgres: bool) -> T {
        let url = if postgres {
            Some(support::pg_database().await)
        } else {
            None
        };
        let otp = Arc::new(CountingOtp::default());
        let e = support::env_with(url, otp.clone()).await;
        let op = Caller::operator("test");
        let s = &e.services;
        s.add_user(
            &op,
            NewUser {
                username: "rita".into(),
                display_name: "Rita".into(),
                policy: None,
                password: Some(SecretString::from(PW)),
            },
        )
        .await
        .unwrap();
        s.set_policy(
            &op,
            "Default",
            &[
                ("lockout.threshold".into(), THRESHOLD.to_string()),
                // Shorter than a transaction's and a code step's 5 minutes, so a flow can
                // outlive the lock.
                ("lockout.duration".into(), "2m".into()),
                ("remote_access.factors".into(), "otp".into()),
            ],
        )
        .await
        .unwrap();
        let en = s.begin_otp_enrollment(&op, "rita", "Phone").await.unwrap();
        let seed = base32_decode(&en.seed_base32).unwrap();
        let t = T {
            e,
            otp,
            client: ApiClient {
                id: String::new().into(),
                name: String::new(),
                secret_hash: String::new(),
                trusted: true,
                admin: None,
                created_at: regain_core::time::Timestamp(0),
                revoked_at: None,
            },
            seed,
        };
        let code = t.code(0);
        t.s()
            .confirm_otp_enrollment(&op, "rita", en.method_id.as_str(), &code)
            .await
            .unwrap();
        // The confirming code was used: the next one is a step later.
        t.e.clock.advance(Duration::from_secs(30));
        let (_, credential) = t.s().register_client(&op, "vpn", true).await.unwrap();
        let client = t.s().api_client(&credential).await.unwrap().unwrap();
        T { client, ..t }
    }

    fn s(&self) -> &Services {
        &self.e.services
    }

    fn code(&self, offset: i64) -> String {
        let step = totp_step(self.e.clock.now(), 30) as i64 + offset;
        hotp(&self.seed, step as u64, OtpParams::totp().algorithm, 6)
    }

    /// A code that is not right now, nor a step either side.
    fn wrong(&self) -> String {
        let right: Vec<String> = (-1..=1).map(|o| self.code(o)).collect();
        (0..)
            .map(|i| format!("{:06}", 100_000 + i))
            .find(|c| !right.contains(c))
            .unwrap()
    }

    async fn start(&self) -> String {
        let v = self
            .s()
            .start_transaction(
                &self.client,
                "rita",
                &SecretString::from(PW),
                Workflow::RemoteAccess,
                None,
                None,
            )
            .await
            .unwrap();
        assert_eq!(v.state, TxState::AwaitingSecondFactor, "{v:?}");
        v.id.unwrap().to_string()
    }

    fn comparisons(&self) -> usize {
        self.otp.0.load(Ordering::SeqCst) / CODES_PER_CHECK
    }

    /// Locks rita out: `THRESHOLD` wrong codes on a sign-in of its own.
    async fn lock_by_guessing(&self) {
        let guessing = self.start().await;
        let wrong = self.wrong();
        for _ in 0..THRESHOLD {
            self.s()
                .submit_otp(&self.client, &guessing, &wrong)
                .await
                .unwrap();
        }
    }

    async fn unlock(&self) {
        self.s()
            .unlock_user(&Caller::operator("test"), "rita")
            .await
            .unwrap();
    }
}

/// Security requirements 13 and 15: 200 submissions at once across 20 transactions of one user:
/// the code is compared at most `threshold` times (counted through the OTP port), and the right
/// code, sent while the others are still in flight once the threshold is reached, is refused
/// and ends its transaction as locked out.
async fn race(postgres: bool) {
    let t = Arc::new(T::new(postgres).await);
    let mut ids = Vec::new();
    for _ in 0..20 {
        ids.push(t.start().await);
    }
    t.otp.0.store(0, Ordering::SeqCst);
    t.e.telemetry.take();
    let wrong = t.wrong();
    let right = t.code(0);
    let gate = Arc::new(tokio::sync::Barrier::new(200));
    let mut tasks = Vec::new();
    for i in 0..199 {
        let (t, gate, id, wrong) = (t.clone(), gate.clone(), ids[i % 20].clone(), wrong.clone());
        tasks.push(tokio::spawn(async move {
            gate.wait().await;
            t.s().submit_otp(&t.client, &id, &wrong).await.unwrap()
        }));
    }
    let right_tx = ids[7].clone();
    let right_task = {
        let (t, gate, id, right) = (t.clone(), gate.clone(), right_tx.clone(), right.clone());
        let user = t.e.db.clone();
        tokio::spawn(async move {
            gate.wait().await;
            // Once the threshold is reached (the lock is set by the attempt that reaches it),
            // with the rest still in flight.
            let rita = {
                use regain_core::ports::UserRepo;
                let name = regain_core::user::Username::parse("rita").unwrap();
                user.user_by_name(&name).await.unwrap().unwrap()
            };
            loop {
                use regain_core::ports::SignInRepo;
                if user.user_lockout(rita.id).await.unwrap().failures >= THRESHOLD {
                    break;
                }
                tokio::task::yield_now().await;
            }
            t.s().submit_otp(&t.client, &id, &right).await.unwrap()
        })
    };
    for task in tasks {
        let v = task.await.unwrap();
        assert_ne!(v.state, TxState::Accepted, "{v:?}");
    }
    let v = right_task.await.unwrap();
    assert_eq!(
        (v.state, v.reason.as_deref()),
        (TxState::Rejected, Some("locked_out")),
        "the right code once the threshold was reached"
    );
    // Issue 15, point 8: the operators' counters saw one lockout begin, however many guesses
    // raced, and only the decisions that were made (wrong codes, then locked out).
    let told = t.e.telemetry.take();
    let otp = |v| Told::SecondFactor(Workflow::RemoteAccess, Factor::Otp, v);
    let wrong_code = otp(Verdict::Retry(FactorReason::WrongCode));
    let locked = otp(Verdict::Rejected(FactorReason::LockedOut));
    assert_eq!(
        told.iter().filter(|x| **x == Told::LockoutBegan).count(),
        1,
        "{told:?}"
    );
    assert!(
        told.iter().filter(|x| **x == wrong_code).count() <= THRESHOLD as usize,
        "{told:?}"
    );
    assert!(told.contains(&locked), "{told:?}");
    assert!(
        told.iter()
            .all(|x| *x == Told::LockoutBegan || *x == wrong_code || *x == locked),
        "{told:?}"
    );
    assert!(
        t.comparisons() <= THRESHOLD as usize,
        "{} comparisons with a threshold of {THRESHOLD}",
        t.comparisons()
    );
    // Every transaction is dead now, and stays dead after the lock: the right code on any of
    // them after the lock's end, even after an administrator's unlock, is refused uncompared.
    t.e.clock.advance(LOCK_ENDED);
    t.unlock().await;
    let before = t.comparisons();
    for id in &ids {
        let v = t.s().submit_otp(&t.client, id, &t.code(0)).await.unwrap();
        assert_eq!(
            (v.state, v.reason.as_deref()),
            (TxState::Rejected, Some("locked_out")),
            "{id}"
        );
    }
    assert_eq!(t.comparisons(), before, "a dead flow compared a code");
    // A new sign-in works.
    let id = t.start().await;
    let v = t.s().submit_otp(&t.client, &id, &t.code(0)).await.unwrap();
    assert_eq!(v.state, TxState::Accepted, "{v:?}");
    assert_eq!(t.e.telemetry.take().last(), Some(&otp(Verdict::Accepted)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn req13_concurrent_guesses_are_compared_at_most_threshold_times_sqlite() {
    race(false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn req13_concurrent_guesses_are_compared_at_most_threshold_times_postgres() {
    race(true).await;
}

/// Security requirement 15: an API transaction open when the user is locked (by guesses on
/// another transaction) is dead: not revived by the lock's end.
#[tokio::test]
async fn req15_a_lock_ends_open_transactions_for_good() {
    let t = T::new(false).await;
    let open = t.start().await;
    t.lock_by_guessing().await;
    t.e.clock.advance(LOCK_ENDED);
    let v = t
        .s()
        .submit_otp(&t.client, &open, &t.code(0))
        .await
        .unwrap();
    assert_eq!(
        (v.state, v.reason.as_deref()),
        (TxState::Rejected, Some("locked_out"))
    );
    let v = t.s().transaction_status(&t.client, &open).await.unwrap();
    assert_eq!(v.state, TxState::Rejected);
}

/// Security requirement 15: a console code step (after the password) and a `/me` code step
/// pending when the user is locked are dead, even after the lock ends or is unlocked.
#[tokio::test]
async fn req15_a_lock_ends_pending_code_steps_for_good() {
    let t = T::new(false).await;
    t.s()
        .assign_role(&Caller::operator("test"), "Superadministrator", "rita")
        .await
        .unwrap();
    let pw = SecretString::from(PW);
    let SignIn::CodeRequired { pending: console } = t.s().sign_in("rita", &pw, None).await.unwrap()
    else {
        panic!("no console code step");
    };
    let SelfSignIn::CodeRequired { pending: me, .. } =
        t.s().self_sign_in("rita", &pw, None).await.unwrap()
    else {
        panic!("no /me code step");
    };
    // Locked by guesses elsewhere (an API transaction).
    t.lock_by_guessing().await;
    t.e.clock.advance(LOCK_ENDED);
    t.unlock().await;
    let before = t.comparisons();
    assert!(matches!(
        t.s()
            .sign_in_code(&console, &t.code(0), None)
            .await
            .unwrap(),
        SignIn::Refused
    ));
    assert!(matches!(
        t.s()
            .self_sign_in_code(&me, &t.code(0), None)
            .await
            .unwrap(),
        SelfSignIn::Refused
    ));
    assert_eq!(t.comparisons(), before, "a dead step compared a code");
    // A fresh sign-in works.
    let SignIn::CodeRequired { pending } = t.s().sign_in("rita", &pw, None).await.unwrap() else {
        panic!("no console code step");
    };
    assert!(matches!(
        t.s()
            .sign_in_code(&pending, &t.code(0), None)
            .await
            .unwrap(),
        SignIn::Done(_)
    ));
}

/// Security requirement 13: the console's code step counts before it compares, so its guesses
/// lock after exactly the threshold and the right code after that is refused.
#[tokio::test]
async fn req13_the_console_code_step_locks_after_exactly_the_threshold() {
    let t = T::new(false).await;
    t.s()
        .assign_role(&Caller::operator("test"), "Superadministrator", "rita")
        .await
        .unwrap();
    let SignIn::CodeRequired { pending } = t
        .s()
        .sign_in("rita", &SecretString::from(PW), None)
        .await
        .unwrap()
    else {
        panic!("no code step");
    };
    let wrong = t.wrong();
    for i in 1..THRESHOLD {
        assert!(
            matches!(
                t.s().sign_in_code(&pending, &wrong, None).await.unwrap(),
                SignIn::CodeRequired { .. }
            ),
            "guess {i}"
        );
    }
    assert!(matches!(
        t.s().sign_in_code(&pending, &wrong, None).await.unwrap(),
        SignIn::Refused
    ));
    let before = t.comparisons();
    assert!(matches!(
        t.s()
            .sign_in_code(&pending, &t.code(0), None)
            .await
            .unwrap(),
        SignIn::Refused
    ));
    assert_eq!(t.comparisons(), before);
}

/// Security requirement 13: the CLI's `regain otp verify` path counts its guesses too.
#[tokio::test]
async fn req13_otp_verification_counts_before_it_compares() {
    let t = T::new(false).await;
    let wrong = t.wrong();
    for _ in 0..THRESHOLD {
        t.s().verify_otp("rita", &wrong, None).await.unwrap();
    }
    let before = t.comparisons();
    assert!(matches!(
        t.s().verify_otp("rita", &t.code(0), None).await.unwrap(),
        regain_core::service::OtpOutcome::Rejected {
            reason: regain_core::second_factor::FactorReason::LockedOut
        }
    ));
    assert_eq!(t.comparisons(), before);
}

/// Security requirement 14: issuing a new temporary code does not reset the failure counter:
/// threshold − 1 wrong codes, a code issued by the helpdesk, one more wrong code: locked.
#[tokio::test]
async fn req14_issuing_a_temporary_code_does_not_reset_the_count() {
    let t = T::new(false).await;
    let op = Caller::operator("test");
    t.s()
        .set_settings(&op, &[("allow_temporary_codes".into(), "true".into())])
        .await
        .unwrap();
    let tx = t.start().await;
    let wrong = t.wrong();
    for _ in 1..THRESHOLD {
        t.s().submit_otp(&t.client, &tx, &wrong).await.unwrap();
    }
    t.s()
        .generate_temporary_code(
            &op,
            "rita",
            regain_core::temp_code::Uses::Once,
            regain_core::service::Expiry::In(Duration::from_secs(3600)),
            false,
        )
        .await
        .unwrap();
    let v = t.s().submit_otp(&t.client, &tx, &wrong).await.unwrap();
    assert_eq!(
        (v.state, v.reason.as_deref()),
        (TxState::Rejected, Some("locked_out"))
    );
}

/// Security requirement 14: sending a new SMS code does not reset the failure counter either.
#[tokio::test]
async fn req14_a_new_sms_code_does_not_reset_the_count() {
    let t = T::new(false).await;
    let op = Caller::operator("test");
    t.s()
        .set_policy(
            &op,
            "Default",
            &[("remote_access.factors".into(), "otp,sms".into())],
        )
        .await
        .unwrap();
    let (id, _) = t
        .s()
        .begin_phone_enrollment(&op, "rita", "+41795550000")
        .await
        .unwrap();
    let (_, text) = t.e.sms.messages().last().unwrap().clone();
    let code: String = text.chars().filter(char::is_ascii_digit).take(6).collect();
    t.s()
        .confirm_phone_enrollment(&op, "rita", &id, &code)
        .await
        .unwrap();
    // Past the 30-second resend pause after the confirmation code.
    t.e.clock.advance(Duration::from_secs(31));
    let tx = t.start().await;
    let wrong = t.wrong();
    for _ in 1..THRESHOLD {
        t.s().submit_otp(&t.client, &tx, &wrong).await.unwrap();
    }
    let sent = t
        .s()
        .send_sms_for_transaction(&t.client, &tx)
        .await
        .unwrap();
    assert!(
        matches!(sent, regain_core::sms::SmsSend::Sent { .. }),
        "{sent:?}"
    );
    let v = t.s().submit_otp(&t.client, &tx, &wrong).await.unwrap();
    assert_eq!(
        (v.state, v.reason.as_deref()),
        (TxState::Rejected, Some("locked_out"))
    );
}
