//! The repository contract of pending RADIUS challenges (security requirement 33), on SQLite
//! (the hot path's writer) and on PostgreSQL: a State is taken by exactly one answer, from any
//! node, and not after it expired.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use regain_core::ids::TransactionId;
use regain_core::ports::RadiusChallengeRepo;
use regain_core::radius::PendingChallenge;
use regain_core::time::Timestamp;
use std::sync::Arc;
use support::Fresh;

fn challenge(expires_at: i64) -> PendingChallenge {
    PendingChallenge {
        transaction: TransactionId::new("t-radius-1"),
        client: "vpn".into(),
        username: "bob".into(),
        sms_sent: true,
        push_sent: false,
        expires_at: Timestamp(expires_at),
    }
}

async fn a_state_is_taken_once_across_nodes(f: Fresh) {
    f.db.put_challenge("h1", &challenge(10_000)).await.unwrap();
    let a = Arc::new(f.node("node-a").await);
    let b = Arc::new(f.node("node-b").await);
    let mut tasks = Vec::new();
    for i in 0..20 {
        let db = if i % 2 == 0 { a.clone() } else { b.clone() };
        tasks.push(tokio::spawn(async move {
            db.take_challenge("h1", Timestamp(5_000)).await.unwrap()
        }));
    }
    let mut taken = Vec::new();
    for t in tasks {
        taken.extend(t.await.unwrap());
    }
    assert_eq!(
        taken,
        vec![challenge(10_000)],
        "exactly one answer takes it"
    );
    assert_eq!(
        f.db.take_challenge("h1", Timestamp(5_000)).await.unwrap(),
        None
    );
}

async fn an_expired_state_is_refused_and_gone(f: Fresh) {
    f.db.put_challenge("h2", &challenge(10_000)).await.unwrap();
    assert_eq!(
        f.db.take_challenge("h2", Timestamp(10_000)).await.unwrap(),
        None,
        "expired at its end"
    );
    // Taken out all the same: it cannot be answered later with the clock set back.
    assert_eq!(f.db.take_challenge("h2", Timestamp(1)).await.unwrap(), None);
}

async fn expired_states_are_purged(f: Fresh) {
    f.db.put_challenge("old", &challenge(1_000)).await.unwrap();
    f.db.put_challenge("new", &challenge(9_000)).await.unwrap();
    assert_eq!(f.db.purge_challenges(Timestamp(5_000)).await.unwrap(), 1);
    assert!(
        f.db.take_challenge("new", Timestamp(5_000))
            .await
            .unwrap()
            .is_some()
    );
    // The same State hash twice is refused (a bug or a collision, never an overwrite).
    f.db.put_challenge("dup", &challenge(9_000)).await.unwrap();
    assert!(f.db.put_challenge("dup", &challenge(9_000)).await.is_err());
}

contract!(
    a_state_is_taken_once_across_nodes,
    an_expired_state_is_refused_and_gone,
    expired_states_are_purged,
);
