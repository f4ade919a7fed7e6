//! The repository contract of the self-service reset: security answers, reset sessions, the
//! sticky draw, the lockout of names without a user and the rate windows. Every test runs
//! against SQLite and against PostgreSQL; the races check that concurrent requests (on one node
//! or several sharing the database) never both win.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use regain_core::audit::AuditAction;
use regain_core::ids::QuestionId;
use regain_core::lockout::{LockoutChange, LockoutPolicy};
use regain_core::password_reset::{RESET_IDLE_TIMEOUT, ResetSession, ResetStage, StoredDraw};
use regain_core::ports::*;
use regain_core::time::Timestamp;
use std::time::Duration;
use support::{Fresh, audit_count, default_policy, ev, how_many, race, user};

async fn answers_are_replaced_cleared_and_declined_with_their_audit(f: Fresh) {
    let p = default_policy(&f.db).await;
    let u =
        f.db.create_user(&user("ada", "Ada", p), &ev(AuditAction::UserAdd, "ada"))
            .await
            .unwrap();
    assert_eq!(
        f.db.answer_enrollment(u.id).await.unwrap(),
        AnswerEnrollment::default()
    );
    let qs = f.db.list_questions().await.unwrap();
    let three: Vec<(QuestionId, String)> = qs[..3]
        .iter()
        .map(|q| (q.id, format!("$argon2id$hash-{}", q.id)))
        .collect();
    f.db.replace_security_answers(
        u.id,
        &three,
        Timestamp(10_000),
        &ev(AuditAction::SsprAnswersEnroll, "ada"),
    )
    .await
    .unwrap();
    assert_eq!(f.db.security_answers(u.id).await.unwrap(), three);
    let e = f.db.answer_enrollment(u.id).await.unwrap();
    assert_eq!((e.enrolled_at, e.answers), (Some(Timestamp(10_000)), 3));

    // Replacing keeps only the new set; a decline is recorded beside it.
    f.db.replace_security_answers(
        u.id,
        &three[1..],
        Timestamp(20_000),
        &ev(AuditAction::SsprAnswersEnroll, "ada"),
    )
    .await
    .unwrap();
    assert_eq!(f.db.security_answers(u.id).await.unwrap(), three[1..]);
    f.db.decline_answer_enrollment(
        u.id,
        Timestamp(30_000),
        &ev(AuditAction::SsprEnrollmentDeclined, "ada"),
    )
    .await
    .unwrap();
    let e = f.db.answer_enrollment(u.id).await.unwrap();
    assert_eq!(
        (e.enrolled_at, e.answers, e.declined_at),
        (Some(Timestamp(20_000)), 2, Some(Timestamp(30_000)))
    );
    // Deleting a question deletes its answers.
    f.db.delete_question(three[1].0, &ev(AuditAction::QuestionDelete, "q"))
        .await
        .unwrap();
    assert_eq!(f.db.security_answers(u.id).await.unwrap(), three[2..]);
    assert!(
        f.db.clear_security_answers(u.id, &ev(AuditAction::SsprAnswersClear, "ada"))
            .await
            .unwrap()
    );
    assert!(f.db.security_answers(u.id).await.unwrap().is_empty());
    assert!(
        !f.db
            .clear_security_answers(u.id, &ev(AuditAction::SsprAnswersClear, "ada"))
            .await
            .unwrap(),
        "nothing left to clear"
    );
    assert_eq!(audit_count(&f.db, "sspr.answers_enroll").await, 2);
    assert_eq!(audit_count(&f.db, "sspr.enrollment_declined").await, 1);
    assert_eq!(audit_count(&f.db, "sspr.answers_clear").await, 1);
}

fn session(id: &str, at: i64) -> ResetSession {
    ResetSession {
        id_hash: id.into(),
        name_key: "k-ada".into(),
        username: "ada".into(),
        csrf_token: "csrf".into(),
        stage: ResetStage::Challenge,
        lock_epoch: 2,
        transaction_id: None,
        source: Some("192.0.2.7".into()),
        created_at: Timestamp(at),
        last_seen: Timestamp(at),
    }
}

async fn reset_sessions_expire_move_forward_once_and_end_once(f: Fresh) {
    let t0 = 1_000_000;
    f.db.create_reset_session(&session("s1", t0), &ev(AuditAction::SsprIdentify, "ada"))
        .await
        .unwrap();
    let got =
        f.db.touch_reset_session("s1", Timestamp(t0 + 60_000))
            .await
            .unwrap()
            .unwrap();
    assert_eq!(
        got,
        ResetSession {
            last_seen: Timestamp(t0 + 60_000),
            ..session("s1", t0)
        }
    );
    // Twenty requests at once move it on once.
    let moved = race(&f.db, 20, |db, _| async move {
        db.advance_reset_session("s1", ResetStage::Challenge, ResetStage::Proven, None)
            .await
            .unwrap()
    })
    .await;
    assert_eq!(how_many(&moved, true), 1);
    let push = regain_core::ids::TransactionId::new("t-1");
    assert!(
        f.db.advance_reset_session("s1", ResetStage::Proven, ResetStage::Push, Some(&push))
            .await
            .unwrap()
    );
    let got =
        f.db.touch_reset_session("s1", Timestamp(t0 + 120_000))
            .await
            .unwrap()
            .unwrap();
    assert_eq!(
        (got.stage, got.transaction_id),
        (ResetStage::Push, Some(push))
    );
    let ended = race(&f.db, 10, |db, _| async move {
        db.end_reset_session("s1").await.unwrap()
    })
    .await;
    assert_eq!(how_many(&ended, true), 1, "single use");
    assert!(
        f.db.touch_reset_session("s1", Timestamp(t0 + 130_000))
            .await
            .unwrap()
            .is_none()
    );

    // Ten idle minutes end a session; the purge removes it.
    f.db.create_reset_session(&session("s2", t0), &ev(AuditAction::SsprIdentify, "ada"))
        .await
        .unwrap();
    let idle = Timestamp(t0).plus(RESET_IDLE_TIMEOUT);
    assert!(
        f.db.touch_reset_session("s2", idle)
            .await
            .unwrap()
            .is_none()
    );
    assert!(f.db.purge_reset_state(idle).await.unwrap() >= 1);
    assert_eq!(audit_count(&f.db, "sspr.identify").await, 2);
}

async fn the_first_draw_kept_wins_and_only_a_stale_one_is_replaced(f: Fresh) {
    let now = Timestamp(5_000_000);
    assert!(f.db.challenge_draw("k").await.unwrap().is_none());
    // Ten nodes draw at once: all of them keep the same draw.
    let kept = race(&f.db, 10, move |db, i| async move {
        let draw = StoredDraw {
            questions: vec![QuestionId(i as i64 + 1), QuestionId(20)],
            lock_epoch: 0,
        };
        db.keep_challenge_draw("k", &draw, None, now).await.unwrap()
    })
    .await;
    assert!(kept.iter().all(|d| *d == kept[0]), "{kept:?}");
    assert_eq!(
        f.db.challenge_draw("k").await.unwrap(),
        Some(kept[0].clone())
    );
    // Replacing needs the draw that is kept: a stale expectation changes nothing.
    let newer = StoredDraw {
        questions: vec![QuestionId(7)],
        lock_epoch: 1,
    };
    let wrong = StoredDraw {
        questions: vec![QuestionId(99)],
        lock_epoch: 0,
    };
    assert_eq!(
        f.db.keep_challenge_draw("k", &newer, Some(&wrong), now)
            .await
            .unwrap(),
        kept[0]
    );
    assert_eq!(
        f.db.keep_challenge_draw("k", &newer, Some(&kept[0]), now)
            .await
            .unwrap(),
        newer
    );
    f.db.forget_challenge_draw("k").await.unwrap();
    assert!(f.db.challenge_draw("k").await.unwrap().is_none());
}

async fn a_name_lockout_takes_attempts_atomically(f: Fresh) {
    let policy = LockoutPolicy {
        threshold: 5,
        window: Duration::from_secs(900),
        duration: Duration::from_secs(900),
    };
    let now = Timestamp(9_000_000);
    let taken = race(&f.db, 30, move |db, _| async move {
        db.change_name_lockout(
            "k-nobody",
            LockoutChange::Attempt {
                policy,
                now,
                flow: None,
            },
        )
        .await
        .unwrap()
        .refused
        .is_none()
    })
    .await;
    assert_eq!(how_many(&taken, true), 5, "exactly the threshold");
    let state = f.db.name_lockout("k-nobody").await.unwrap();
    assert!(state.is_locked(now));
    assert_eq!(state.epoch(), 1);
    assert!(!f.db.name_lockout("k-other").await.unwrap().is_locked(now));
    f.db.change_name_lockout("k-nobody", LockoutChange::Clear)
        .await
        .unwrap();
    assert!(!f.db.name_lockout("k-nobody").await.unwrap().is_locked(now));
}

async fn rate_windows_count_every_hit_once_and_start_over(f: Fresh) {
    let window = Duration::from_secs(600);
    let now = Timestamp(600_000 * 100 + 5);
    let mut counts = race(&f.db, 25, move |db, _| async move {
        db.hit_rate_window("addr:192.0.2.7", window, now)
            .await
            .unwrap()
    })
    .await;
    counts.sort_unstable();
    assert_eq!(counts, (1..=25).collect::<Vec<u32>>());
    assert_eq!(
        f.db.hit_rate_window("addr:192.0.2.8", window, now)
            .await
            .unwrap(),
        1,
        "another key"
    );
    let next = now.plus(window);
    assert_eq!(
        f.db.hit_rate_window("addr:192.0.2.7", window, next)
            .await
            .unwrap(),
        1,
        "the next window"
    );
    // A node whose clock lags a window counts into the newer one.
    assert_eq!(
        f.db.hit_rate_window("addr:192.0.2.7", window, now)
            .await
            .unwrap(),
        2
    );
}

contract!(
    answers_are_replaced_cleared_and_declined_with_their_audit,
    reset_sessions_expire_move_forward_once_and_end_once,
    the_first_draw_kept_wins_and_only_a_stale_one_is_replaced,
    a_name_lockout_takes_attempts_atomically,
    rate_windows_count_every_hit_once_and_start_over,
);
