//! The repository contract for push challenges and temporary codes: every test runs against
//! SQLite and against PostgreSQL.

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

mod pushes {
    use super::*;
    use regain_core::policy::Workflow;
    use regain_core::push::{PushChallenge, PushContext, PushState};

    pub(super) fn push(id: &str, tx: &str, user: UserId, at: i64) -> PushChallenge {
        PushChallenge {
            id: id.into(),
            transaction_id: tx.into(),
            user_id: user,
            method_id: "dev1".into(),
            number: 42,
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
            f.db.create_user(&user("pia", "Pia", p), &ev(AuditAction::UserAdd, "pia"))
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
        assert!(f.db.push(&"p3".into()).await.unwrap().is_none());
        assert!(
            f.db.add_push(&push("p3", "t2", u.id, 2_000), 3, Timestamp(1_001))
                .await
                .unwrap(),
            "older pushes left the window"
        );
        assert_eq!(
            f.db.push(&"p0".into()).await.unwrap().unwrap(),
            push("p0", "t1", u.id, 1_000)
        );
        assert_eq!(
            f.db.push_of_transaction(&"t1".into())
                .await
                .unwrap()
                .unwrap()
                .id,
            "p2"
        );
        assert_eq!(
            f.db.pending_pushes(&"dev1".into(), Timestamp(3_000))
                .await
                .unwrap()
                .len(),
            4
        );
        assert_eq!(
            f.db.pending_pushes(&"dev1".into(), Timestamp(61_001))
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
            db.answer_push(
                &"p3".into(),
                state,
                Timestamp(3_000),
                &ev(AuditAction::AuthPushAnswer, "p3"),
            )
            .await
            .unwrap()
        })
        .await;
        assert_eq!(how_many(&outcomes, true), 1, "one answer decides");
        assert_eq!(
            audit_count(&f.db, AuditAction::AuthPushAnswer.key()).await,
            1,
            "the deciding answer alone is audited"
        );
        let p3 = f.db.push(&"p3".into()).await.unwrap().unwrap();
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
                    &"p0".into(),
                    PushState::Approved,
                    Timestamp(61_000),
                    &ev(AuditAction::AuthPushAnswer, "p0")
                )
                .await
                .unwrap(),
            "too late to approve"
        );
        assert!(
            f.db.answer_push(
                &"p0".into(),
                PushState::Expired,
                Timestamp(61_000),
                &ev(AuditAction::AuthPushAnswer, "p0")
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
        use regain_core::signin::TxState;
        let p = default_policy(&f.db).await;
        let u =
            f.db.create_user(&user("pete", "Pete", p), &ev(AuditAction::UserAdd, "pete"))
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
        let read = f.db.push_answer_state(&"p1".into()).await.unwrap().unwrap();
        assert_eq!(
            (
                read.push.id.as_str(),
                read.state.transaction.id.as_str(),
                read.state.user.map(|u| u.id),
                read.client_name.as_deref(),
            ),
            ("p1", "t1", Some(u.id), Some("VPN"))
        );
        assert!(
            f.db.push_answer_state(&"nope".into())
                .await
                .unwrap()
                .is_none()
        );
        let decision = |t: &str| TxDecision {
            transaction_id: t.into(),
            state: TxState::Accepted,
            reason: None,
            audit: Some(ev(AuditAction::AuthSecondFactor, t)),
        };
        let count = async |action: &str| audit_count(&f.db, action).await;
        let outcomes = race(&f.db, 20, |db, _| {
            let d = decision("t1");
            async move {
                db.answer_push_deciding(
                    &"p1".into(),
                    PushState::Approved,
                    Timestamp(2_000),
                    &ev(AuditAction::AuthPushAnswer, "p1"),
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
            f.db.push(&"p1".into()).await.unwrap().unwrap().state,
            PushState::Approved
        );
        let t1 = f.db.transaction(&"t1".into()).await.unwrap().unwrap();
        assert_eq!(
            (t1.state, t1.finished_at),
            (TxState::Accepted, Some(Timestamp(2_000)))
        );
        assert_eq!(
            (
                count(AuditAction::AuthPushAnswer.key()).await,
                count(AuditAction::AuthSecondFactor.key()).await
            ),
            (1, 1)
        );

        // t2 decided by another factor first: the answer is kept, the decision is not touched.
        assert!(
            f.db.finish_transaction(
                &"t2".into(),
                TxState::Rejected,
                Some("locked_out"),
                Timestamp(2_500)
            )
            .await
            .unwrap()
        );
        assert_eq!(
            f.db.answer_push_deciding(
                &"p2".into(),
                PushState::Approved,
                Timestamp(3_000),
                &ev(AuditAction::AuthPushAnswer, "p2"),
                Some(&decision("t2")),
            )
            .await
            .unwrap(),
            PushDecided::AnsweredOnly
        );
        let t2 = f.db.transaction(&"t2".into()).await.unwrap().unwrap();
        assert_eq!(
            (t2.state, t2.reason.as_deref()),
            (TxState::Rejected, Some("locked_out"))
        );
        assert_eq!(
            (
                count(AuditAction::AuthPushAnswer.key()).await,
                count(AuditAction::AuthSecondFactor.key()).await
            ),
            (2, 1)
        );
    }
}
use pushes::{a_push_answer_carries_its_decision, pushes_are_limited_and_answered_once};

mod temp_codes {
    use super::*;
    use regain_core::temp_code::{CodeState, TempCode, Uses};

    pub(super) fn code(id: &str, user: UserId, uses: Uses, at: i64) -> TempCode {
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
            f.db.create_user(&user("tess", "Tess", p), &ev(AuditAction::UserAdd, "tess"))
                .await
                .unwrap();
        f.db.issue_temp_code(
            &code("c1", u.id, Uses::Once, 1_000),
            false,
            &ev(AuditAction::TempcodeGenerate, "tess"),
        )
        .await
        .unwrap();
        assert!(matches!(
            f.db.issue_temp_code(
                &code("c2", u.id, Uses::Once, 1_000),
                false,
                &ev(AuditAction::TempcodeGenerate, "tess")
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
            &ev(AuditAction::TempcodeGenerate, "tess"),
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
                &ev(AuditAction::TempcodeReplace, "tess")
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
                &ev(AuditAction::TempcodeRevoke, "tess")
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
                    &ev(AuditAction::TempcodeRevoke, "tess")
                )
                .await
                .unwrap(),
            "nothing left to end"
        );
        assert!(matches!(
            f.db.issue_temp_code(
                &code("c5", u.id, Uses::Once, 7_000),
                true,
                &ev(AuditAction::TempcodeReplace, "tess")
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
use temp_codes::temporary_codes_one_active_single_use_once;

mod snapshots {
    use super::*;
    use regain_core::lockout::LockoutChange;
    use regain_core::methods::{AuthMethod, MethodKind, MethodParams, MethodState};
    use regain_core::otp::OtpParams;
    use regain_core::policy::Factor;
    use regain_core::temp_code::Uses;

    fn token(id: &str, user: UserId, at: i64) -> AuthMethod {
        AuthMethod {
            id: id.into(),
            user_id: user,
            kind: MethodKind::OtpToken,
            label: "Phone app".into(),
            state: MethodState::Active,
            params: MethodParams::Otp(OtpParams::totp()),
            sealed_secret: Some(vec![1, 2, 3]),
            serial: None,
            last_counter: Some(7),
            created_at: Timestamp(at),
            confirmed_at: Some(Timestamp(at)),
            last_used_at: None,
        }
    }

    /// The state a second factor is decided on comes from one read (SQLite: the writer's warm
    /// connection; PostgreSQL: two joined statements): it says what each repository says, row
    /// by row, with and without the rows a join may miss (no methods, lockout, code or push).
    pub async fn factor_state_agrees_with_the_repositories(f: Fresh) {
        let p = default_policy(&f.db).await;
        let u =
            f.db.create_user(&user("sam", "Sam", p), &ev(AuditAction::UserAdd, "sam"))
                .await
                .unwrap();
        add_vpn_client(&f.db).await;
        let mut t1 = awaiting("t1", "sam", 1_000_000);
        t1.acceptable = vec![Factor::Push, Factor::Otp];
        f.db.add_transaction(&t1).await.unwrap();

        let bare = f.db.factor_state(&"t1".into()).await.unwrap().unwrap();
        assert_eq!(bare.transaction, t1);
        assert_eq!(bare.user.as_ref().map(|u| u.id), Some(u.id));
        assert_eq!(bare.policy.as_ref().map(|p| p.id), Some(p));
        assert!(bare.methods.is_empty() && bare.push.is_none() && !bare.temp_code_active);
        assert_eq!(bare.lockout, Default::default());

        for (id, at) in [("mb", 20), ("ma", 10)] {
            f.db.add_method(&token(id, u.id, at), &ev(AuditAction::MethodEnroll, "sam"))
                .await
                .unwrap();
        }
        let policy = bare.policy.clone().unwrap();
        f.db.change_user_lockout(
            u.id,
            LockoutChange::Attempt {
                policy: policy.lockout,
                now: Timestamp(500),
                flow: None,
            },
        )
        .await
        .unwrap();
        f.db.issue_temp_code(
            &super::temp_codes::code("c1", u.id, Uses::Once, 1_000),
            false,
            &ev(AuditAction::TempcodeGenerate, "sam"),
        )
        .await
        .unwrap();
        for (id, at) in [("p1", 1_000), ("p2", 2_000)] {
            f.db.add_push(&super::pushes::push(id, "t1", u.id, at), 5, Timestamp(0))
                .await
                .unwrap();
        }

        let s = f.db.factor_state(&"t1".into()).await.unwrap().unwrap();
        assert_eq!(s.methods, f.db.methods_of(u.id).await.unwrap());
        assert_eq!(
            s.methods.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(),
            ["ma", "mb"]
        );
        assert_eq!(s.lockout, f.db.user_lockout(u.id).await.unwrap());
        assert_eq!(s.lockout.failures, 1);
        assert!(s.temp_code_active);
        assert_eq!(
            s.push,
            f.db.push_of_transaction(&"t1".into()).await.unwrap()
        );
        assert_eq!(s.push.as_ref().map(|p| p.id.as_str()), Some("p2"));
        assert_eq!(s.policy, f.db.policy_by_id(p).await.unwrap());

        let answer = f.db.push_answer_state(&"p1".into()).await.unwrap().unwrap();
        assert_eq!(answer.push.id.as_str(), "p1");
        assert_eq!(
            (
                answer.state.push,
                answer.state.methods,
                answer.state.lockout
            ),
            (s.push, s.methods, s.lockout)
        );
        assert_eq!(answer.client_name.as_deref(), Some("VPN"));
    }
}
use snapshots::factor_state_agrees_with_the_repositories;

contract!(
    pushes_are_limited_and_answered_once,
    a_push_answer_carries_its_decision,
    temporary_codes_one_active_single_use_once,
    factor_state_agrees_with_the_repositories,
);
