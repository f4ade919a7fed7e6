//! The repository contract for second factors (methods, OTP counters) and the authentication
//! API (transactions, clients, SMS codes): every test runs against SQLite and against
//! PostgreSQL. Pushes and temporary codes: `contract_push_temp_codes.rs`.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use regain_core::audit::AuditAction;
use regain_core::ids::UserId;
use regain_core::ports::*;
use regain_core::time::Timestamp;
use support::{
    Fresh, add_vpn_client, audit_count, awaiting, default_policy, ev, how_many, race, user,
};

mod methods {
    use super::*;
    use regain_core::methods::{AuthMethod, MethodKind, MethodParams, MethodState};
    use regain_core::otp::OtpParams;

    fn token(id: &str, user: UserId, serial: Option<&str>) -> AuthMethod {
        AuthMethod {
            id: id.into(),
            user_id: user,
            kind: MethodKind::OtpToken,
            label: "Phone app".into(),
            state: MethodState::Pending,
            params: MethodParams::Otp(OtpParams::totp()),
            sealed_secret: Some(vec![1, 2, 3]),
            serial: serial.map(Into::into),
            last_counter: None,
            created_at: Timestamp(10),
            confirmed_at: None,
            last_used_at: None,
        }
    }

    /// Security requirement 20: an OTP counter is accepted once, even by 20 concurrent requests
    /// (as two nodes would send them).
    pub async fn otp_counters_are_consumed_once_and_only_forwards(f: Fresh) {
        let p = default_policy(&f.db).await;
        let u =
            f.db.create_user(&user("olga", "Olga", p), &ev(AuditAction::UserAdd, "olga"))
                .await
                .unwrap();
        f.db.add_method(
            &token("m1", u.id, Some("SN-1")),
            &ev(AuditAction::MethodEnroll, "olga"),
        )
        .await
        .unwrap();
        assert!(
            !f.db
                .consume_counter(&"m1".into(), 5, Timestamp(20))
                .await
                .unwrap(),
            "a pending method cannot be used"
        );
        assert!(
            f.db.activate_method(
                &"m1".into(),
                Some(100),
                Timestamp(20),
                &ev(AuditAction::MethodEnrollConfirm, "olga")
            )
            .await
            .unwrap()
        );
        assert!(
            !f.db
                .activate_method(
                    &"m1".into(),
                    Some(101),
                    Timestamp(20),
                    &ev(AuditAction::MethodEnrollConfirm, "olga")
                )
                .await
                .unwrap(),
            "confirmed once"
        );
        let outcomes = race(&f.db, 20, |db, _| async move {
            db.consume_counter(&"m1".into(), 101, Timestamp(30))
                .await
                .unwrap()
        })
        .await;
        assert_eq!(how_many(&outcomes, true), 1);
        assert!(
            !f.db
                .consume_counter(&"m1".into(), 100, Timestamp(31))
                .await
                .unwrap(),
            "never backwards"
        );
        assert!(
            f.db.consume_counter(&"m1".into(), 102, Timestamp(31))
                .await
                .unwrap()
        );
        let m = f.db.method(&"m1".into()).await.unwrap().unwrap();
        assert_eq!(
            (m.state, m.last_counter, m.last_used_at),
            (MethodState::Active, Some(102), Some(Timestamp(31)))
        );
        let dup =
            f.db.add_method(
                &token("m2", u.id, Some("SN-1")),
                &ev(AuditAction::MethodEnroll, "olga"),
            )
            .await;
        assert!(
            matches!(dup, Err(StoreError::Conflict(_))),
            "serial numbers are unique"
        );
        f.db.add_method(
            &token("m3", u.id, None),
            &ev(AuditAction::MethodEnroll, "olga"),
        )
        .await
        .unwrap();
        assert_eq!(f.db.methods_of(u.id).await.unwrap().len(), 2);
        assert!(
            f.db.delete_method(&"m1".into(), &ev(AuditAction::MethodDelete, "olga"))
                .await
                .unwrap()
        );
        assert!(
            !f.db
                .delete_method(&"m1".into(), &ev(AuditAction::MethodDelete, "olga"))
                .await
                .unwrap()
        );
        assert!(f.db.method(&"m1".into()).await.unwrap().is_none());
    }

    /// Security requirement 20 with the decision: accepting a transaction with an OTP code uses
    /// up the code, finishes the transaction and writes the audit record together, or writes
    /// nothing (a replayed code; a transaction already decided keeps the code usable).
    pub async fn otp_acceptance_uses_the_code_with_the_decision(f: Fresh) {
        use regain_core::signin::TxState;
        let p = default_policy(&f.db).await;
        let u =
            f.db.create_user(&user("omar", "Omar", p), &ev(AuditAction::UserAdd, "omar"))
                .await
                .unwrap();
        f.db.add_method(
            &token("m1", u.id, None),
            &ev(AuditAction::MethodEnroll, "omar"),
        )
        .await
        .unwrap();
        f.db.activate_method(
            &"m1".into(),
            Some(100),
            Timestamp(20),
            &ev(AuditAction::MethodEnrollConfirm, "omar"),
        )
        .await
        .unwrap();
        add_vpn_client(&f.db).await;
        let tx = |id: &str| awaiting(id, "omar", 10_000);
        for id in ["t1", "t2", "t3"] {
            f.db.add_transaction(&tx(id)).await.unwrap();
        }
        let accepted = |id: &str| ev(AuditAction::AuthSecondFactor, id);
        let count = async |action: &str| audit_count(&f.db, action).await;
        // An attempt counted before the code is compared; the acceptance clears it.
        use regain_core::lockout::{LockoutChange, LockoutPolicy, LockoutState};
        let attempt = LockoutChange::Attempt {
            policy: LockoutPolicy::default(),
            now: Timestamp(400),
            flow: Some(0),
        };
        f.db.change_user_lockout(u.id, attempt).await.unwrap();
        assert_eq!(f.db.user_lockout(u.id).await.unwrap().failures, 1);
        // 20 concurrent acceptances of one code for one transaction: one wins.
        let uid = u.id;
        let outcomes = race(&f.db, 20, |db, _| {
            let audit = accepted("t1");
            async move {
                db.accept_consuming(
                    &"t1".into(),
                    &"m1".into(),
                    101,
                    Timestamp(500),
                    &audit,
                    Some(uid),
                )
                .await
                .unwrap()
            }
        })
        .await;
        assert_eq!(
            f.db.user_lockout(u.id).await.unwrap(),
            LockoutState::default(),
            "cleared in the accepting write"
        );
        assert_eq!(how_many(&outcomes, Consumed::Accepted), 1, "{outcomes:?}");
        assert!(outcomes.iter().all(|o| *o != Consumed::AlreadyDecided));
        assert_eq!(
            f.db.transaction(&"t1".into()).await.unwrap().unwrap().state,
            TxState::Accepted
        );
        assert_eq!(
            f.db.method(&"m1".into())
                .await
                .unwrap()
                .unwrap()
                .last_counter,
            Some(101)
        );
        assert_eq!(count(AuditAction::AuthSecondFactor.key()).await, 1);
        // The same code for another transaction: replayed, t2 stays open, nothing recorded.
        assert_eq!(
            f.db.accept_consuming(
                &"t2".into(),
                &"m1".into(),
                101,
                Timestamp(600),
                &accepted("t2"),
                None
            )
            .await
            .unwrap(),
            Consumed::Replayed
        );
        assert_eq!(
            f.db.transaction(&"t2".into()).await.unwrap().unwrap().state,
            TxState::AwaitingSecondFactor
        );
        assert_eq!(count(AuditAction::AuthSecondFactor.key()).await, 1);
        // A transaction decided already: the new code is not used up and stays good.
        assert!(
            f.db.finish_transaction(
                &"t3".into(),
                TxState::Rejected,
                Some("push_denied"),
                Timestamp(700)
            )
            .await
            .unwrap()
        );
        assert_eq!(
            f.db.accept_consuming(
                &"t3".into(),
                &"m1".into(),
                102,
                Timestamp(800),
                &accepted("t3"),
                None
            )
            .await
            .unwrap(),
            Consumed::AlreadyDecided
        );
        assert_eq!(
            f.db.method(&"m1".into())
                .await
                .unwrap()
                .unwrap()
                .last_counter,
            Some(101)
        );
        assert_eq!(count(AuditAction::AuthSecondFactor.key()).await, 1);
        assert_eq!(
            f.db.accept_consuming(
                &"t2".into(),
                &"m1".into(),
                102,
                Timestamp(900),
                &accepted("t2"),
                None
            )
            .await
            .unwrap(),
            Consumed::Accepted
        );
        assert_eq!(count(AuditAction::AuthSecondFactor.key()).await, 2);
    }
}
use methods::{
    otp_acceptance_uses_the_code_with_the_decision,
    otp_counters_are_consumed_once_and_only_forwards,
};

mod api_and_sms {
    use super::*;
    use regain_core::signin::TxState;

    /// Transactions reach exactly one final result, even with 20 concurrent finishers; an expired
    /// one can only be rejected; clients are found by credential hash until revoked.
    pub async fn transactions_finish_once_and_clients_revoke(f: Fresh) {
        let p = default_policy(&f.db).await;
        let u =
            f.db.create_user(&user("tara", "Tara", p), &ev(AuditAction::UserAdd, "tara"))
                .await
                .unwrap();
        add_vpn_client(&f.db).await;
        assert_eq!(
            f.db.client_by_secret("h").await.unwrap().unwrap().name,
            "VPN"
        );
        assert_eq!(
            f.db.client_by_id(&"c1".into()).await.unwrap().unwrap().name,
            "VPN"
        );
        assert!(f.db.client_by_id(&"nope".into()).await.unwrap().is_none());
        let tx = |id: &str| awaiting(id, "tara", 1_000);
        f.db.add_transaction(&tx("t1")).await.unwrap();
        assert_eq!(
            f.db.transaction(&"t1".into()).await.unwrap().unwrap(),
            tx("t1")
        );
        let outcomes = race(&f.db, 20, |db, i| async move {
            let state = if i % 2 == 0 {
                TxState::Accepted
            } else {
                TxState::Rejected
            };
            db.finish_transaction(&"t1".into(), state, None, Timestamp(500))
                .await
                .unwrap()
        })
        .await;
        assert_eq!(how_many(&outcomes, true), 1);
        f.db.add_transaction(&tx("t2")).await.unwrap();
        assert!(
            !f.db
                .finish_transaction(&"t2".into(), TxState::Accepted, None, Timestamp(1_000))
                .await
                .unwrap(),
            "expired: never accepted"
        );
        assert!(
            f.db.finish_transaction(
                &"t2".into(),
                TxState::Rejected,
                Some("transaction_expired"),
                Timestamp(1_000)
            )
            .await
            .unwrap()
        );
        assert_eq!(
            f.db.transaction(&"t2".into())
                .await
                .unwrap()
                .unwrap()
                .reason
                .as_deref(),
            Some("transaction_expired")
        );
        // Per-user lockout: an attempt is taken in one step, and a success clears it.
        use regain_core::lockout::{LockoutChange, LockoutState};
        assert_eq!(
            f.db.user_lockout(u.id).await.unwrap(),
            LockoutState::default()
        );
        let attempt = LockoutChange::Attempt {
            policy: regain_core::lockout::LockoutPolicy::default(),
            now: Timestamp(5),
            flow: None,
        };
        let a = f.db.change_user_lockout(u.id, attempt).await.unwrap();
        assert_eq!((a.after.failures, a.refused), (1, None));
        assert_eq!(f.db.user_lockout(u.id).await.unwrap(), a.after);
        let c =
            f.db.change_user_lockout(u.id, LockoutChange::Clear)
                .await
                .unwrap();
        assert_eq!((c.before, c.after), (a.after, LockoutState::default()));
        assert_eq!(
            f.db.user_lockout(u.id).await.unwrap(),
            LockoutState::default()
        );
        assert!(
            f.db.revoke_client("vpn", Timestamp(2), &ev(AuditAction::ClientRevoke, "VPN"))
                .await
                .unwrap()
        );
        assert!(f.db.client_by_secret("h").await.unwrap().is_none());
        // Identity proofing marks.
        assert!(!f.db.proofing_required(u.id).await.unwrap());
        f.db.require_proofing(u.id, Timestamp(3)).await.unwrap();
        f.db.require_proofing(u.id, Timestamp(4)).await.unwrap();
        assert!(f.db.proofing_required(u.id).await.unwrap());
        assert!(
            f.db.record_proofing(u.id, &ev(AuditAction::UserIdentityProofed, "tara"))
                .await
                .unwrap()
        );
        assert!(!f.db.proofing_required(u.id).await.unwrap());
    }

    /// The state a second factor is decided on shows the user's policy as it is now, and the
    /// client's name: the SQLite hot path caches both on its writer thread (ADR 0008) and must
    /// drop them as soon as another connection (here the pool's writer) changed a policy.
    pub async fn factor_state_follows_policy_changes(f: Fresh) {
        let p = default_policy(&f.db).await;
        f.db.create_user(&user("tara", "Tara", p), &ev(AuditAction::UserAdd, "tara"))
            .await
            .unwrap();
        add_vpn_client(&f.db).await;
        f.db.add_transaction(&awaiting("t1", "tara", 1_000_000))
            .await
            .unwrap();
        let threshold =
            |s: &regain_core::signin::FactorState| s.policy.as_ref().unwrap().lockout.threshold;
        let before = f.db.factor_state(&"t1".into()).await.unwrap().unwrap();
        let mut policy = before.policy.clone().unwrap();
        for t in [threshold(&before) + 3, threshold(&before) + 7] {
            policy.lockout.threshold = t;
            f.db.update_policy(&policy, &ev(AuditAction::PolicyUpdate, "Default"))
                .await
                .unwrap();
            for _ in 0..2 {
                let now = f.db.factor_state(&"t1".into()).await.unwrap().unwrap();
                assert_eq!(threshold(&now), t, "a stale policy");
            }
        }
        let answer = f.db.push_answer_state(&"nope".into()).await.unwrap();
        assert!(answer.is_none());
    }

    /// Security requirement 22: an SMS code is single use and dies with its scope's other codes.
    pub async fn sms_codes_are_single_use_and_counted(f: Fresh) {
        let p = default_policy(&f.db).await;
        let u =
            f.db.create_user(&user("sid", "Sid", p), &ev(AuditAction::UserAdd, "sid"))
                .await
                .unwrap();
        let code = |id: &str, hash: &str, at: i64| SmsCodeRecord {
            id: id.into(),
            scope: "tx1".into(),
            user_id: u.id,
            number_hash: "n1".into(),
            code_hash: hash.into(),
            created_at: Timestamp(at),
            expires_at: Timestamp(at + 300_000),
        };
        f.db.add_sms_code(&code("a", "old", 1_000)).await.unwrap();
        f.db.add_sms_code(&code("b", "new", 40_000)).await.unwrap();
        assert_eq!(
            f.db.sms_sends(u.id, "n1", Timestamp(0)).await.unwrap(),
            (2, 2, Some(Timestamp(40_000)))
        );
        assert_eq!(
            f.db.sms_sends(u.id, "other", Timestamp(10_000))
                .await
                .unwrap(),
            (1, 0, Some(Timestamp(40_000)))
        );
        assert!(
            !f.db
                .consume_sms_code("tx1", "wrong", Timestamp(50_000))
                .await
                .unwrap()
        );
        assert!(
            !f.db
                .consume_sms_code("tx2", "new", Timestamp(50_000))
                .await
                .unwrap(),
            "bound to its scope"
        );
        let outcomes = race(&f.db, 10, |db, _| async move {
            db.consume_sms_code("tx1", "new", Timestamp(50_000))
                .await
                .unwrap()
        })
        .await;
        assert_eq!(how_many(&outcomes, true), 1);
        assert!(
            !f.db
                .consume_sms_code("tx1", "old", Timestamp(50_000))
                .await
                .unwrap(),
            "older resend used up too"
        );
        f.db.add_sms_code(&SmsCodeRecord {
            scope: "tx3".into(),
            ..code("c", "late", 60_000)
        })
        .await
        .unwrap();
        assert!(
            !f.db
                .consume_sms_code("tx3", "late", Timestamp(360_000))
                .await
                .unwrap(),
            "expired"
        );
    }
}
/// Security requirement 13: attempts are taken atomically on every node. 200 attempts at once
/// on one user through two nodes (two handles on the database), threshold 5: exactly 5 are
/// taken and every other is refused, and the user ends up locked once.
async fn req13_concurrent_attempts_on_two_nodes_take_exactly_the_threshold(f: Fresh) {
    use regain_core::lockout::{LockoutChange, LockoutPolicy};
    let p = default_policy(&f.db).await;
    let u =
        f.db.create_user(&user("rita", "Rita", p), &ev(AuditAction::UserAdd, "rita"))
            .await
            .unwrap();
    let nodes = [
        std::sync::Arc::new(f.db.clone()),
        std::sync::Arc::new(f.node("node-b").await),
    ];
    let policy = LockoutPolicy::default();
    let mut tasks = Vec::new();
    for i in 0..200 {
        let db = nodes[i % 2].clone();
        tasks.push(tokio::spawn(async move {
            let change = LockoutChange::Attempt {
                policy,
                now: Timestamp(1_000 + i as i64),
                flow: Some(0),
            };
            db.change_user_lockout(u.id, change)
                .await
                .unwrap()
                .refused
                .is_none()
        }));
    }
    let mut taken = 0;
    for t in tasks {
        taken += usize::from(t.await.unwrap());
    }
    assert_eq!(taken, policy.threshold as usize);
    let s = f.db.user_lockout(u.id).await.unwrap();
    assert_eq!((s.failures, s.locks), (policy.threshold, 1));
    assert!(s.is_locked(Timestamp(2_000)));
}

use api_and_sms::{
    factor_state_follows_policy_changes, sms_codes_are_single_use_and_counted,
    transactions_finish_once_and_clients_revoke,
};

contract!(
    req13_concurrent_attempts_on_two_nodes_take_exactly_the_threshold,
    otp_counters_are_consumed_once_and_only_forwards,
    otp_acceptance_uses_the_code_with_the_decision,
    transactions_finish_once_and_clients_revoke,
    sms_codes_are_single_use_and_counted,
    factor_state_follows_policy_changes,
);
