//! The repository contract of notifications, on SQLite (the hot path's writer) and on
//! PostgreSQL: a notice stands exactly when the record that causes it does; subscribers hear of
//! a lockout once; claims are exclusive between nodes; failures are retried, then given up with
//! an audit record.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use regain_core::audit::{AuditAction, Outcome};
use regain_core::ids::NodeId;
use regain_core::lockout::{LockoutChange, LockoutPolicy};
use regain_core::notifications::{
    Channel, NewSubscription, NoticeEvent, NotificationRepo, OutboxState,
};
use regain_core::ports::*;
use regain_core::time::Timestamp;
use std::collections::HashSet;
use std::time::Duration;
use support::{Fresh, audit_count, default_policy, ev, user};

async fn a_notice_stands_with_its_record(f: Fresh) {
    let p = default_policy(&f.db).await;
    let ada =
        f.db.create_user(&user("ada", "Ada", p), &ev(AuditAction::UserAdd, "ada"))
            .await
            .unwrap();
    f.db.create_user(&user("bob", "Bob", p), &ev(AuditAction::UserAdd, "bob"))
        .await
        .unwrap();
    f.db.set_contact_email(
        ada.id,
        Some("ada@example.org"),
        &ev(AuditAction::UserSetEmail, "ada"),
    )
    .await
    .unwrap();
    f.db.set_contact_language(ada.id, "da").await.unwrap();
    // A change that stands tells the user; a refusal, or a user without an address, nobody.
    f.db.append_audit(&ev(AuditAction::UserUnlock, "ada"))
        .await
        .unwrap();
    let mut refused = ev(AuditAction::UserUnlock, "ada");
    refused.outcome = Outcome::Denied;
    f.db.append_audit(&refused).await.unwrap();
    f.db.append_audit(&ev(AuditAction::UserUnlock, "bob"))
        .await
        .unwrap();
    let out = f.db.outbox(None, 10).await.unwrap();
    assert_eq!(out.len(), 1, "{out:?}");
    let n = &out[0];
    assert_eq!(
        (n.event, n.channel, n.address.as_str(), n.username.as_str()),
        (
            NoticeEvent::AccountUnlocked,
            Channel::Email,
            "ada@example.org",
            "ada"
        )
    );
    assert_eq!(n.language.as_deref(), Some("da"));
    assert_eq!(n.state, OutboxState::Pending);

    // Subscribers hear of the lockout when it begins, once.
    f.db.add_subscription(
        &NewSubscription::parse("locked_out", "email", "ops@example.org", "").unwrap(),
        "os:tester",
        &ev(AuditAction::NotificationSubscribe, "locked_out"),
    )
    .await
    .unwrap();
    let policy = LockoutPolicy {
        threshold: 3,
        ..LockoutPolicy::default()
    };
    for i in 0..6 {
        f.db.change_user_lockout(
            ada.id,
            LockoutChange::Attempt {
                policy,
                now: Timestamp(10_000 + i),
                flow: None,
            },
        )
        .await
        .unwrap();
    }
    let locked: Vec<_> =
        f.db.outbox(None, 10)
            .await
            .unwrap()
            .into_iter()
            .filter(|e| e.event == NoticeEvent::LockedOut)
            .collect();
    assert_eq!(locked.len(), 1, "{locked:?}");
    assert_eq!(
        (locked[0].address.as_str(), locked[0].username.as_str()),
        ("ops@example.org", "ada")
    );
    assert_eq!(f.db.outbox_counts().await.unwrap().pending, 2);
}

async fn claims_are_exclusive_between_nodes(f: Fresh) {
    let now = Timestamp(100_000);
    for i in 0..40 {
        f.db.enqueue_test(
            Channel::Email,
            &format!("t{i}@example.org"),
            now,
            &ev(AuditAction::NotificationTest, "t"),
        )
        .await
        .unwrap();
    }
    let other = f.node("node-b").await;
    let mut seen = HashSet::new();
    let mut total = 0;
    let (node_a, node_b) = (
        NodeId::parse("node-a").unwrap(),
        NodeId::parse("node-b").unwrap(),
    );
    for _ in 0..4 {
        let (a, b) = tokio::join!(
            f.db.claim_notices(&node_a, now, Duration::from_secs(60), 7),
            other.claim_notices(&node_b, now, Duration::from_secs(60), 7),
        );
        for e in a.unwrap().into_iter().chain(b.unwrap()) {
            assert!(seen.insert(e.id), "notice {} claimed twice", e.id);
            assert_eq!(e.attempts, 1);
            total += 1;
        }
    }
    assert_eq!(total, 40, "four rounds of two claims of 7 take all 40");
    let rest =
        f.db.claim_notices(
            &NodeId::parse("node-a").unwrap(),
            now,
            Duration::from_secs(60),
            100,
        )
        .await
        .unwrap();
    for e in &rest {
        assert!(seen.insert(e.id), "notice {} claimed twice", e.id);
    }
    assert_eq!(seen.len(), 40);
    // Claimed notices wait for their lease; a node that restarts ends its own claims.
    assert!(
        f.db.claim_notices(
            &NodeId::parse("node-c").unwrap(),
            now,
            Duration::from_secs(60),
            100
        )
        .await
        .unwrap()
        .is_empty()
    );
    let released =
        f.db.release_claims(&NodeId::parse("node-a").unwrap())
            .await
            .unwrap();
    assert!(released > 0);
    let again =
        f.db.claim_notices(
            &NodeId::parse("node-c").unwrap(),
            now,
            Duration::from_secs(60),
            100,
        )
        .await
        .unwrap();
    assert_eq!(again.len() as u64, released);
    // After the lease any node may claim what is left.
    let later = now.plus(Duration::from_secs(61));
    assert_eq!(
        f.db.claim_notices(
            &NodeId::parse("node-d").unwrap(),
            later,
            Duration::from_secs(60),
            100
        )
        .await
        .unwrap()
        .len(),
        40
    );
}

async fn failures_are_retried_then_given_up_with_a_record(f: Fresh) {
    let node = NodeId::parse("node-a").unwrap();
    let now = Timestamp(100_000);
    let id =
        f.db.enqueue_test(
            Channel::Email,
            "ops@example.org",
            now,
            &ev(AuditAction::NotificationTest, "t"),
        )
        .await
        .unwrap();
    let lease = Duration::from_secs(60);
    assert_eq!(
        f.db.claim_notices(&node, now, lease, 10)
            .await
            .unwrap()
            .len(),
        1
    );
    // Another node's word on it changes nothing.
    let other = NodeId::parse("node-b").unwrap();
    assert!(!f.db.notice_sent(id, &other, now).await.unwrap());
    let retry_at = now.plus(Duration::from_secs(30));
    let record = ev(AuditAction::NotificationFailed, "t");
    assert!(
        f.db.notice_failed(id, &node, "421 try later", Some(retry_at), &record)
            .await
            .unwrap()
    );
    assert!(
        f.db.claim_notices(&node, now, lease, 10)
            .await
            .unwrap()
            .is_empty()
    );
    let e = &f.db.outbox(None, 10).await.unwrap()[0];
    assert_eq!(
        (e.state, e.last_error.as_deref(), e.next_attempt_at),
        (OutboxState::Pending, Some("421 try later"), retry_at)
    );
    let second =
        f.db.claim_notices(&node, retry_at, lease, 10)
            .await
            .unwrap();
    assert_eq!(second[0].attempts, 2);
    assert_eq!(audit_count(&f.db, "notification.failed").await, 0);
    assert!(
        f.db.notice_failed(id, &node, "550 no such user", None, &record)
            .await
            .unwrap()
    );
    let e = &f.db.outbox(Some(OutboxState::Failed), 10).await.unwrap()[0];
    assert_eq!(e.last_error.as_deref(), Some("550 no such user"));
    assert_eq!(audit_count(&f.db, "notification.failed").await, 1);
    assert_eq!(f.db.outbox_counts().await.unwrap().failed, 1);
    assert!(
        f.db.claim_notices(&node, retry_at.plus(Duration::from_secs(3600)), lease, 10)
            .await
            .unwrap()
            .is_empty(),
        "a notice given up on stays given up"
    );
    // Kept a while, then purged; a pending one always stays.
    let pending =
        f.db.enqueue_test(
            Channel::Email,
            "ops@example.org",
            now,
            &ev(AuditAction::NotificationTest, "t"),
        )
        .await
        .unwrap();
    assert_eq!(f.db.purge_notices(now, now).await.unwrap(), 0);
    let later = now.plus(Duration::from_secs(1));
    assert_eq!(f.db.purge_notices(later, later).await.unwrap(), 1);
    let left = f.db.outbox(None, 10).await.unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].id, pending);
}

async fn subscriptions_are_unique_and_name_their_user(f: Fresh) {
    let p = default_policy(&f.db).await;
    f.db.create_user(&user("Carl", "Carl", p), &ev(AuditAction::UserAdd, "Carl"))
        .await
        .unwrap();
    let s = NewSubscription::parse(
        "push_limit",
        "webhook",
        "https://hooks.example.org/r",
        "Carl",
    )
    .unwrap();
    let added =
        f.db.add_subscription(
            &s,
            "os:tester",
            &ev(AuditAction::NotificationSubscribe, "push_limit"),
        )
        .await
        .unwrap();
    let again =
        f.db.add_subscription(
            &s,
            "os:tester",
            &ev(AuditAction::NotificationSubscribe, "push_limit"),
        )
        .await;
    assert!(matches!(again, Err(StoreError::Conflict(_))), "{again:?}");
    let list = f.db.subscriptions().await.unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].username.as_deref(), Some("Carl"));
    assert_eq!(list[0].id, added.id);
    assert_eq!(audit_count(&f.db, "notification.subscribe").await, 1);
    assert!(
        f.db.delete_subscription(added.id, &ev(AuditAction::NotificationUnsubscribe, "x"))
            .await
            .unwrap()
    );
    assert!(
        !f.db
            .delete_subscription(added.id, &ev(AuditAction::NotificationUnsubscribe, "x"))
            .await
            .unwrap()
    );
    assert_eq!(audit_count(&f.db, "notification.unsubscribe").await, 1);
}

contract!(
    a_notice_stands_with_its_record,
    claims_are_exclusive_between_nodes,
    failures_are_retried_then_given_up_with_a_record,
    subscriptions_are_unique_and_name_their_user,
);
