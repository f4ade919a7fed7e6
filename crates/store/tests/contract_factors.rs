//! The repository contract for second factors and the authentication API: every test runs
//! against SQLite and against PostgreSQL.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use regain_core::ids::UserId;
use regain_core::ports::*;
use regain_core::time::Timestamp;
use std::sync::Arc;
use support::{Fresh, default_policy, ev, user};

/// Runs `f(db, i)` for every `i` in `0..n` at once; what each returned, in order.
async fn race<T, Fut>(
    db: &regain_store::Db,
    n: usize,
    f: impl Fn(Arc<regain_store::Db>, usize) -> Fut,
) -> Vec<T>
where
    T: Send + 'static,
    Fut: std::future::Future<Output = T> + Send + 'static,
{
    let db = Arc::new(db.clone());
    let tasks: Vec<_> = (0..n).map(|i| tokio::spawn(f(db.clone(), i))).collect();
    let mut out = Vec::with_capacity(n);
    for t in tasks {
        out.push(t.await.unwrap());
    }
    out
}

/// How many of the racers came out with `v`.
fn how_many<T: PartialEq>(outcomes: &[T], v: T) -> usize {
    outcomes.iter().filter(|o| **o == v).count()
}

/// How many audit records `action` has.
async fn audit_count(db: &regain_store::Db, action: &str) -> u64 {
    db.list_audit(&regain_core::audit::AuditFilter {
        action: Some(action.into()),
        ..Default::default()
    })
    .await
    .unwrap()
    .total
}

/// The API client "VPN" (id `c1`, credential hash `h`).
async fn add_vpn_client(db: &regain_store::Db) {
    let client = regain_core::api::ApiClient {
        id: "c1".into(),
        name: "VPN".into(),
        secret_hash: "h".into(),
        trusted: true,
        admin: None,
        created_at: Timestamp(1),
        revoked_at: None,
    };
    db.add_client(&client, &ev("client.add", "VPN"))
        .await
        .unwrap();
}

/// `username`'s remote-access transaction through the VPN client, awaiting an OTP or SMS code
/// until `expires_at`.
fn awaiting(id: &str, username: &str, expires_at: i64) -> regain_core::api::Transaction {
    use regain_core::api::{Transaction, TxState};
    use regain_core::policy::{Factor, Workflow};
    Transaction {
        id: id.into(),
        client_id: "c1".into(),
        username: username.into(),
        workflow: Workflow::RemoteAccess,
        state: TxState::AwaitingSecondFactor,
        acceptable: vec![Factor::Otp, Factor::Sms],
        reason: None,
        source: Some("198.51.100.7".into()),
        device: None,
        created_at: Timestamp(100),
        expires_at: Timestamp(expires_at),
        finished_at: None,
    }
}

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
            f.db.create_user(&user("olga", "Olga", p), &ev("user.add", "olga"))
                .await
                .unwrap();
        f.db.add_method(&token("m1", u.id, Some("SN-1")), &ev("method.add", "olga"))
            .await
            .unwrap();
        assert!(
            !f.db.consume_counter("m1", 5, Timestamp(20)).await.unwrap(),
            "a pending method cannot be used"
        );
        assert!(
            f.db.activate_method(
                "m1",
                Some(100),
                Timestamp(20),
                &ev("method.confirm", "olga")
            )
            .await
            .unwrap()
        );
        assert!(
            !f.db
                .activate_method(
                    "m1",
                    Some(101),
                    Timestamp(20),
                    &ev("method.confirm", "olga")
                )
                .await
                .unwrap(),
            "confirmed once"
        );
        let outcomes = race(&f.db, 20, |db, _| async move {
            db.consume_counter("m1", 101, Timestamp(30)).await.unwrap()
        })
        .await;
        assert_eq!(how_many(&outcomes, true), 1);
        assert!(
            !f.db
                .consume_counter("m1", 100, Timestamp(31))
                .await
                .unwrap(),
            "never backwards"
        );
        assert!(
            f.db.consume_counter("m1", 102, Timestamp(31))
                .await
                .unwrap()
        );
        let m = f.db.method("m1").await.unwrap().unwrap();
        assert_eq!(
            (m.state, m.last_counter, m.last_used_at),
            (MethodState::Active, Some(102), Some(Timestamp(31)))
        );
        let dup =
            f.db.add_method(&token("m2", u.id, Some("SN-1")), &ev("method.add", "olga"))
                .await;
        assert!(
            matches!(dup, Err(StoreError::Conflict(_))),
            "serial numbers are unique"
        );
        f.db.add_method(&token("m3", u.id, None), &ev("method.add", "olga"))
            .await
            .unwrap();
        assert_eq!(f.db.methods_of(u.id).await.unwrap().len(), 2);
        assert!(
            f.db.delete_method("m1", &ev("method.delete", "olga"))
                .await
                .unwrap()
        );
        assert!(
            !f.db
                .delete_method("m1", &ev("method.delete", "olga"))
                .await
                .unwrap()
        );
        assert!(f.db.method("m1").await.unwrap().is_none());
    }

    /// Security requirement 20 with the decision: accepting a transaction with an OTP code uses
    /// up the code, finishes the transaction and writes the audit record together, or writes
    /// nothing (a replayed code; a transaction already decided keeps the code usable).
    pub async fn otp_acceptance_uses_the_code_with_the_decision(f: Fresh) {
        use regain_core::api::TxState;
        let p = default_policy(&f.db).await;
        let u =
            f.db.create_user(&user("omar", "Omar", p), &ev("user.add", "omar"))
                .await
                .unwrap();
        f.db.add_method(&token("m1", u.id, None), &ev("method.add", "omar"))
            .await
            .unwrap();
        f.db.activate_method(
            "m1",
            Some(100),
            Timestamp(20),
            &ev("method.confirm", "omar"),
        )
        .await
        .unwrap();
        add_vpn_client(&f.db).await;
        let tx = |id: &str| awaiting(id, "omar", 10_000);
        for id in ["t1", "t2", "t3"] {
            f.db.add_transaction(&tx(id)).await.unwrap();
        }
        let accepted = |id: &str| ev("test.accepted", id);
        let count = async |action: &str| audit_count(&f.db, action).await;
        // 20 concurrent acceptances of one code for one transaction: one wins.
        let outcomes = race(&f.db, 20, |db, _| {
            let audit = accepted("t1");
            async move {
                db.accept_consuming("t1", "m1", 101, Timestamp(500), &audit)
                    .await
                    .unwrap()
            }
        })
        .await;
        assert_eq!(how_many(&outcomes, Consumed::Accepted), 1, "{outcomes:?}");
        assert!(outcomes.iter().all(|o| *o != Consumed::AlreadyDecided));
        assert_eq!(
            f.db.transaction("t1").await.unwrap().unwrap().state,
            TxState::Accepted
        );
        assert_eq!(
            f.db.method("m1").await.unwrap().unwrap().last_counter,
            Some(101)
        );
        assert_eq!(count("test.accepted").await, 1);
        // The same code for another transaction: replayed, t2 stays open, nothing recorded.
        assert_eq!(
            f.db.accept_consuming("t2", "m1", 101, Timestamp(600), &accepted("t2"))
                .await
                .unwrap(),
            Consumed::Replayed
        );
        assert_eq!(
            f.db.transaction("t2").await.unwrap().unwrap().state,
            TxState::AwaitingSecondFactor
        );
        assert_eq!(count("test.accepted").await, 1);
        // A transaction decided already: the new code is not used up and stays good.
        assert!(
            f.db.finish_transaction("t3", TxState::Rejected, Some("push_denied"), Timestamp(700))
                .await
                .unwrap()
        );
        assert_eq!(
            f.db.accept_consuming("t3", "m1", 102, Timestamp(800), &accepted("t3"))
                .await
                .unwrap(),
            Consumed::AlreadyDecided
        );
        assert_eq!(
            f.db.method("m1").await.unwrap().unwrap().last_counter,
            Some(101)
        );
        assert_eq!(count("test.accepted").await, 1);
        assert_eq!(
            f.db.accept_consuming("t2", "m1", 102, Timestamp(900), &accepted("t2"))
                .await
                .unwrap(),
            Consumed::Accepted
        );
        assert_eq!(count("test.accepted").await, 2);
    }
}
use methods::{
    otp_acceptance_uses_the_code_with_the_decision,
    otp_counters_are_consumed_once_and_only_forwards,
};

mod api_and_sms {
    use super::*;
    use regain_core::api::TxState;

    /// Transactions reach exactly one final result, even with 20 concurrent finishers; an expired
    /// one can only be rejected; clients are found by credential hash until revoked.
    pub async fn transactions_finish_once_and_clients_revoke(f: Fresh) {
        let p = default_policy(&f.db).await;
        let u =
            f.db.create_user(&user("tara", "Tara", p), &ev("user.add", "tara"))
                .await
                .unwrap();
        add_vpn_client(&f.db).await;
        assert_eq!(
            f.db.client_by_secret("h").await.unwrap().unwrap().name,
            "VPN"
        );
        assert_eq!(f.db.client_by_id("c1").await.unwrap().unwrap().name, "VPN");
        assert!(f.db.client_by_id("nope").await.unwrap().is_none());
        let tx = |id: &str| awaiting(id, "tara", 1_000);
        f.db.add_transaction(&tx("t1")).await.unwrap();
        assert_eq!(f.db.transaction("t1").await.unwrap().unwrap(), tx("t1"));
        let outcomes = race(&f.db, 20, |db, i| async move {
            let state = if i % 2 == 0 {
                TxState::Accepted
            } else {
                TxState::Rejected
            };
            db.finish_transaction("t1", state, None, Timestamp(500))
                .await
                .unwrap()
        })
        .await;
        assert_eq!(how_many(&outcomes, true), 1);
        f.db.add_transaction(&tx("t2")).await.unwrap();
        assert!(
            !f.db
                .finish_transaction("t2", TxState::Accepted, None, Timestamp(1_000))
                .await
                .unwrap(),
            "expired: never accepted"
        );
        assert!(
            f.db.finish_transaction(
                "t2",
                TxState::Rejected,
                Some("transaction_expired"),
                Timestamp(1_000)
            )
            .await
            .unwrap()
        );
        assert_eq!(
            f.db.transaction("t2")
                .await
                .unwrap()
                .unwrap()
                .reason
                .as_deref(),
            Some("transaction_expired")
        );
        // Per-user lockout: compare-and-swap, first insert and then updates.
        let (s0, v0) = f.db.user_lockout(u.id).await.unwrap();
        assert_eq!((s0, v0), (regain_core::lockout::LockoutState::default(), 0));
        let next = regain_core::lockout::LockoutState {
            failures: 1,
            window_start: Some(Timestamp(5)),
            locked_until: None,
        };
        assert!(f.db.swap_user_lockout(u.id, 0, &next).await.unwrap());
        assert!(
            !f.db.swap_user_lockout(u.id, 0, &next).await.unwrap(),
            "a second first-insert loses"
        );
        assert_eq!(f.db.user_lockout(u.id).await.unwrap(), (next, 1));
        assert!(
            f.db.revoke_client("vpn", Timestamp(2), &ev("client.revoke", "VPN"))
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
            f.db.record_proofing(u.id, &ev("user.identity_proofed", "tara"))
                .await
                .unwrap()
        );
        assert!(!f.db.proofing_required(u.id).await.unwrap());
    }

    /// Security requirement 22: an SMS code is single use and dies with its scope's other codes.
    pub async fn sms_codes_are_single_use_and_counted(f: Fresh) {
        let p = default_policy(&f.db).await;
        let u =
            f.db.create_user(&user("sid", "Sid", p), &ev("user.add", "sid"))
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
use api_and_sms::{
    sms_codes_are_single_use_and_counted, transactions_finish_once_and_clients_revoke,
};

mod pushes {
    use super::*;
    use regain_core::policy::Workflow;
    use regain_core::push::{PushChallenge, PushContext, PushState};

    fn push(id: &str, tx: &str, user: UserId, at: i64) -> PushChallenge {
        PushChallenge {
            id: id.into(),
            transaction_id: tx.into(),
            user_id: user,
            method_id: "dev1".into(),
            number: 42,
            candidates: [17, 42, 88],
            context: PushContext {
                workflow: Workflow::OrderSigning,
                client: "VPN".into(),
                source: Some("198.51.100.7".into()),
                device: None,
            },
            state: PushState::Pending,
            created_at: Timestamp(at),
            expires_at: Timestamp(at + 60_000),
            answered_at: None,
        }
    }

    /// Push bombing limit and number matching: at most N pushes per window, each answered
    /// exactly once even by 20 concurrent answers, never after its expiry (except as expired).
    pub async fn pushes_are_limited_and_answered_once(f: Fresh) {
        let p = default_policy(&f.db).await;
        let u =
            f.db.create_user(&user("pia", "Pia", p), &ev("user.add", "pia"))
                .await
                .unwrap();
        for i in 0..3 {
            assert!(
                f.db.add_push(
                    &push(&format!("p{i}"), "t1", u.id, 1_000 + i),
                    3,
                    Timestamp(0)
                )
                .await
                .unwrap()
            );
        }
        assert!(
            !f.db
                .add_push(&push("p3", "t1", u.id, 2_000), 3, Timestamp(0))
                .await
                .unwrap(),
            "over the limit"
        );
        assert!(f.db.push("p3").await.unwrap().is_none());
        assert!(
            f.db.add_push(&push("p3", "t2", u.id, 2_000), 3, Timestamp(1_001))
                .await
                .unwrap(),
            "older pushes left the window"
        );
        assert_eq!(
            f.db.push("p0").await.unwrap().unwrap(),
            push("p0", "t1", u.id, 1_000)
        );
        assert_eq!(
            f.db.push_of_transaction("t1").await.unwrap().unwrap().id,
            "p2"
        );
        assert_eq!(
            f.db.pending_pushes("dev1", Timestamp(3_000))
                .await
                .unwrap()
                .len(),
            4
        );
        assert_eq!(
            f.db.pending_pushes("dev1", Timestamp(61_001))
                .await
                .unwrap()
                .len(),
            2,
            "expired pushes are not offered"
        );

        let outcomes = race(&f.db, 20, |db, i| async move {
            let state = if i % 2 == 0 {
                PushState::Approved
            } else {
                PushState::Denied
            };
            db.answer_push("p3", state, Timestamp(3_000), &ev("test.push_answer", "p3"))
                .await
                .unwrap()
        })
        .await;
        assert_eq!(how_many(&outcomes, true), 1, "one answer decides");
        assert_eq!(
            audit_count(&f.db, "test.push_answer").await,
            1,
            "the deciding answer alone is audited"
        );
        let p3 = f.db.push("p3").await.unwrap().unwrap();
        assert_ne!(p3.state, PushState::Pending);
        assert_eq!(p3.answered_at, Some(Timestamp(3_000)));
        // Only pushes since the last approval count towards the limit.
        let approved = p3.state == PushState::Approved;
        assert_eq!(
            f.db.add_push(&push("p4", "t3", u.id, 4_000), 3, Timestamp(0))
                .await
                .unwrap(),
            approved,
            "an approval resets the count, a denial does not"
        );
        assert!(
            !f.db
                .answer_push(
                    "p0",
                    PushState::Approved,
                    Timestamp(61_000),
                    &ev("late", "p0")
                )
                .await
                .unwrap(),
            "too late to approve"
        );
        assert!(
            f.db.answer_push(
                "p0",
                PushState::Expired,
                Timestamp(61_000),
                &ev("expired", "p0")
            )
            .await
            .unwrap(),
            "but it can be closed as expired"
        );
    }

    /// A push answer and the decision it leads to are one write: 20 concurrent answers give one
    /// answer, one decision and their two records; a later answer writes nothing; an answer to a
    /// push whose transaction another factor decided is stored without touching the decision.
    pub async fn a_push_answer_carries_its_decision(f: Fresh) {
        use regain_core::api::TxState;
        let p = default_policy(&f.db).await;
        let u =
            f.db.create_user(&user("pete", "Pete", p), &ev("user.add", "pete"))
                .await
                .unwrap();
        add_vpn_client(&f.db).await;
        for t in ["t1", "t2"] {
            f.db.add_transaction(&awaiting(t, "pete", 100_000))
                .await
                .unwrap();
        }
        for (id, t) in [("p1", "t1"), ("p2", "t2")] {
            assert!(
                f.db.add_push(&push(id, t, u.id, 1_000), 5, Timestamp(0))
                    .await
                    .unwrap()
            );
        }
        // What answering reads: the push, its transaction's state and the client's name.
        let read = f.db.push_answer_state("p1").await.unwrap().unwrap();
        assert_eq!(
            (
                read.push.id.as_str(),
                read.state.transaction.id.as_str(),
                read.state.user.map(|u| u.id),
                read.client_name.as_deref(),
            ),
            ("p1", "t1", Some(u.id), Some("VPN"))
        );
        assert!(f.db.push_answer_state("nope").await.unwrap().is_none());
        let decision = |t: &str| TxDecision {
            transaction_id: t.into(),
            state: TxState::Accepted,
            reason: None,
            audit: Some(ev("test.decision", t)),
        };
        let count = async |action: &str| audit_count(&f.db, action).await;
        let outcomes = race(&f.db, 20, |db, _| {
            let d = decision("t1");
            async move {
                db.answer_push_deciding(
                    "p1",
                    PushState::Approved,
                    Timestamp(2_000),
                    &ev("test.answer", "p1"),
                    Some(&d),
                )
                .await
                .unwrap()
            }
        })
        .await;
        assert_eq!(how_many(&outcomes, PushDecided::Decided), 1);
        assert!(
            outcomes
                .iter()
                .all(|o| matches!(o, PushDecided::Decided | PushDecided::NotPending))
        );
        assert_eq!(
            f.db.push("p1").await.unwrap().unwrap().state,
            PushState::Approved
        );
        let t1 = f.db.transaction("t1").await.unwrap().unwrap();
        assert_eq!(
            (t1.state, t1.finished_at),
            (TxState::Accepted, Some(Timestamp(2_000)))
        );
        assert_eq!(
            (count("test.answer").await, count("test.decision").await),
            (1, 1)
        );

        // t2 decided by another factor first: the answer is kept, the decision is not touched.
        assert!(
            f.db.finish_transaction(
                "t2",
                TxState::Rejected,
                Some("locked_out"),
                Timestamp(2_500)
            )
            .await
            .unwrap()
        );
        assert_eq!(
            f.db.answer_push_deciding(
                "p2",
                PushState::Approved,
                Timestamp(3_000),
                &ev("test.answer", "p2"),
                Some(&decision("t2")),
            )
            .await
            .unwrap(),
            PushDecided::AnsweredOnly
        );
        let t2 = f.db.transaction("t2").await.unwrap().unwrap();
        assert_eq!(
            (t2.state, t2.reason.as_deref()),
            (TxState::Rejected, Some("locked_out"))
        );
        assert_eq!(
            (count("test.answer").await, count("test.decision").await),
            (2, 1)
        );
    }
}
use pushes::{a_push_answer_carries_its_decision, pushes_are_limited_and_answered_once};

mod tempcodes {
    use super::*;
    use regain_core::tempcode::{CodeState, TempCode, Uses};

    fn code(id: &str, user: UserId, uses: Uses, at: i64) -> TempCode {
        TempCode {
            id: id.into(),
            user_id: user,
            salt: format!("salt-{id}"),
            code_hash: format!("hash-{id}"),
            uses,
            state: CodeState::Active,
            created_by: "admin:hugo".into(),
            created_at: Timestamp(at),
            expires_at: Timestamp(at + 3_600_000),
            ended_at: None,
            end_reason: None,
            last_used_at: None,
            use_count: 0,
        }
    }

    /// Security requirement 4 (50 parallel uses, one success) and the one-active-code rule:
    /// a second generate conflicts, replace ends the old code in the same transaction.
    pub async fn temporary_codes_one_active_single_use_once(f: Fresh) {
        let p = default_policy(&f.db).await;
        let u =
            f.db.create_user(&user("tess", "Tess", p), &ev("user.add", "tess"))
                .await
                .unwrap();
        f.db.issue_temp_code(
            &code("c1", u.id, Uses::Once, 1_000),
            false,
            &ev("tempcode.generate", "tess"),
        )
        .await
        .unwrap();
        assert!(matches!(
            f.db.issue_temp_code(
                &code("c2", u.id, Uses::Once, 1_000),
                false,
                &ev("tempcode.generate", "tess")
            )
            .await,
            Err(StoreError::Conflict(_))
        ));
        let outcomes = race(&f.db, 50, |db, _| async move {
            db.use_temp_code("c1", true, Timestamp(2_000))
                .await
                .unwrap()
        })
        .await;
        assert_eq!(
            how_many(&outcomes, true),
            1,
            "a single-use code is used once"
        );
        assert!(f.db.active_temp_code(u.id).await.unwrap().is_none());
        // Multiple use until expiry; replace is atomic; end is recorded once.
        f.db.issue_temp_code(
            &code("c3", u.id, Uses::Multiple, 3_000),
            false,
            &ev("tempcode.generate", "tess"),
        )
        .await
        .unwrap();
        for _ in 0..3 {
            assert!(
                f.db.use_temp_code("c3", false, Timestamp(4_000))
                    .await
                    .unwrap()
            );
        }
        assert!(
            !f.db
                .use_temp_code("c3", false, Timestamp(3_603_000))
                .await
                .unwrap(),
            "expired"
        );
        assert!(matches!(
            f.db.issue_temp_code(
                &code("c4", u.id, Uses::Once, 5_000),
                true,
                &ev("tempcode.replace", "tess")
            )
            .await,
            Ok(())
        ));
        assert!(
            !f.db
                .use_temp_code("c3", false, Timestamp(5_000))
                .await
                .unwrap(),
            "replaced"
        );
        assert_eq!(f.db.active_temp_code(u.id).await.unwrap().unwrap().id, "c4");
        assert!(
            f.db.end_temp_code(
                u.id,
                CodeState::Revoked,
                "revoked",
                Timestamp(6_000),
                &ev("tempcode.revoke", "tess")
            )
            .await
            .unwrap()
        );
        assert!(
            !f.db
                .end_temp_code(
                    u.id,
                    CodeState::Revoked,
                    "revoked",
                    Timestamp(6_000),
                    &ev("tempcode.revoke", "tess")
                )
                .await
                .unwrap(),
            "nothing left to end"
        );
        assert!(matches!(
            f.db.issue_temp_code(
                &code("c5", u.id, Uses::Once, 7_000),
                true,
                &ev("tempcode.replace", "tess")
            )
            .await,
            Err(StoreError::NotFound(_))
        ));
        let all = f.db.temp_codes_of(u.id).await.unwrap();
        assert_eq!(
            all.len(),
            3,
            "c1 used, c3 replaced, c4 revoked; c2 and c5 never stored"
        );
        assert_eq!(
            all.iter().filter(|c| c.state == CodeState::Active).count(),
            0
        );
        let c3 = all.iter().find(|c| c.id == "c3").unwrap();
        assert_eq!((c3.state, c3.use_count), (CodeState::Replaced, 3));
    }
}
use tempcodes::temporary_codes_one_active_single_use_once;

contract!(
    otp_counters_are_consumed_once_and_only_forwards,
    otp_acceptance_uses_the_code_with_the_decision,
    transactions_finish_once_and_clients_revoke,
    sms_codes_are_single_use_and_counted,
    pushes_are_limited_and_answered_once,
    a_push_answer_carries_its_decision,
    temporary_codes_one_active_single_use_once,
);
