//! The repository contract of the audit log, on SQLite and on PostgreSQL: its filters, and its
//! chain (security requirement 48): an edited or deleted record is found and named, and the
//! chain stays one sequence under concurrent writers of two nodes and of two processes with one
//! node's name.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use regain_core::audit::{
    Actor, AuditAction, AuditEvent, AuditFilter, ChainBreak, Outcome, verify_store,
};
use regain_core::ports::*;
use regain_core::time::Timestamp;
use std::sync::Arc;
use support::{Fresh, default_policy, ev, user};

async fn audit_list_filters(f: Fresh) {
    for (i, (actor, action, target)) in [
        ("os:a", AuditAction::UserAdd, "u1"),
        ("os:b", AuditAction::UserAdd, "u2"),
        ("os:a", AuditAction::RoleCreate, "r1"),
    ]
    .iter()
    .enumerate()
    {
        let mut e = AuditEvent::new(
            Timestamp(10_000 + i as i64 * 1000),
            &Actor::System,
            *action,
            Outcome::Success,
        )
        .target(target);
        e.actor = (*actor).into();
        f.db.append_audit(&e).await.unwrap();
    }
    let q = |actor: Option<&str>,
             action: Option<&str>,
             target: Option<&str>,
             since: Option<i64>,
             until: Option<i64>| AuditFilter {
        actor: actor.map(Into::into),
        action: action.map(Into::into),
        target: target.map(Into::into),
        since: since.map(Timestamp),
        until: until.map(Timestamp),
        limit: 50,
        offset: 0,
    };
    assert_eq!(
        f.db.list_audit(&q(Some("os:a"), None, None, None, None))
            .await
            .unwrap()
            .total,
        2
    );
    assert_eq!(
        f.db.list_audit(&q(None, Some("user.add"), None, None, None))
            .await
            .unwrap()
            .total,
        2
    );
    assert_eq!(
        f.db.list_audit(&q(Some("os:a"), Some("user.add"), Some("u1"), None, None))
            .await
            .unwrap()
            .total,
        1
    );
    let window =
        f.db.list_audit(&q(None, None, None, Some(11_000), Some(12_000)))
            .await
            .unwrap();
    assert_eq!(window.total, 1);
    assert_eq!(window.items[0].event.target.as_deref(), Some("u2"));
    let newest_first =
        f.db.list_audit(&q(None, None, None, Some(10_000), None))
            .await
            .unwrap();
    assert_eq!(newest_first.items[0].event.target.as_deref(), Some("r1"));
}

/// Security requirement 48: the verifier detects an edited record and names it.
async fn audit_chain_verifies_and_names_a_modified_row(f: Fresh) {
    let p = default_policy(&f.db).await;
    for n in ["u1", "u2", "u3"] {
        f.db.create_user(&user(n, n, p), &ev(AuditAction::UserAdd, n))
            .await
            .unwrap();
    }
    assert_eq!(verify_store(&f.db, &f.mac).await.unwrap(), Ok(4));
    let victim =
        f.db.list_audit(&AuditFilter {
            target: Some("u2".into()),
            limit: 1,
            ..Default::default()
        })
        .await
        .unwrap()
        .items[0]
            .id;
    sqlx::query("UPDATE audit_log SET actor = 'os:someone-else' WHERE id = $1")
        .bind(victim)
        .execute(&f.sqlx_pool().await)
        .await
        .unwrap();
    let broken = verify_store(&f.db, &f.mac).await.unwrap().unwrap_err();
    assert_eq!(broken.record_id(), Some(victim), "{broken}");
    assert!(matches!(broken, ChainBreak::Modified { .. }));
}

/// Security requirement 48: deletion of the newest or of a middle record is detected.
async fn audit_chain_detects_deleted_rows(f: Fresh) {
    for i in 0..4 {
        f.db.append_audit(&ev(AuditAction::UserAdd, &format!("t{i}")))
            .await
            .unwrap();
    }
    let pool = f.sqlx_pool().await;
    // The newest record: noticed through the chain head.
    sqlx::query("DELETE FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log)")
        .execute(&pool)
        .await
        .unwrap();
    assert!(matches!(
        verify_store(&f.db, &f.mac).await.unwrap(),
        Err(ChainBreak::Truncated { .. })
    ));
    // One in the middle: the next record is named.
    sqlx::query("DELETE FROM audit_log WHERE seq = 2")
        .execute(&pool)
        .await
        .unwrap();
    assert!(matches!(
        verify_store(&f.db, &f.mac).await.unwrap(),
        Err(ChainBreak::Missing {
            expected: 2,
            found: 3,
            ..
        })
    ));
}

async fn audit_chain_survives_concurrent_writers_on_two_nodes(f: Fresh) {
    let a = Arc::new(f.db.clone());
    let b = Arc::new(f.node("node-b").await);
    let mut tasks = Vec::new();
    for i in 0..20 {
        let db = if i % 2 == 0 { a.clone() } else { b.clone() };
        tasks.push(tokio::spawn(async move {
            db.append_audit(&ev(AuditAction::UserAdd, &format!("t{i}")))
                .await
        }));
    }
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    // 1 seed record + 20.
    assert_eq!(verify_store(&f.db, &f.mac).await.unwrap(), Ok(21));
    let heads = f.db.audit_heads().await.unwrap();
    assert_eq!(
        heads
            .iter()
            .map(|h| (h.node.as_str(), h.seq))
            .collect::<Vec<_>>(),
        [("node-a", 11), ("node-b", 10)]
    );
}

/// Two processes under one node's name (the server and the CLI with the same configuration):
/// each remembers the head it last wrote (PostgreSQL), so the other's appends make it stale;
/// its next append reads the head again instead of failing or forking the chain, also when
/// both append at once.
async fn audit_chain_survives_two_processes_with_one_node_name(f: Fresh) {
    let a = Arc::new(f.db.clone());
    let cli = Arc::new(f.node("node-a").await);
    for (i, db) in [&a, &cli, &a, &cli, &a].into_iter().enumerate() {
        db.append_audit(&ev(AuditAction::UserAdd, &format!("s{i}")))
            .await
            .unwrap();
    }
    let mut tasks = Vec::new();
    for i in 0..20 {
        let db = if i % 2 == 0 { a.clone() } else { cli.clone() };
        tasks.push(tokio::spawn(async move {
            db.append_audit(&ev(AuditAction::UserAdd, &format!("t{i}")))
                .await
        }));
    }
    let failed = futures_failed(tasks).await;
    // A lost race may be refused as contended (the caller retries), never written twice.
    let written = 20 - failed;
    assert!(failed <= 2, "{failed} of 20 appends failed");
    assert_eq!(
        verify_store(&f.db, &f.mac).await.unwrap(),
        Ok(1 + 5 + written as u64)
    );
}

async fn futures_failed(
    tasks: Vec<tokio::task::JoinHandle<Result<regain_core::audit::AuditRecord, StoreError>>>,
) -> usize {
    let mut failed = 0;
    for t in tasks {
        if t.await.unwrap().is_err() {
            failed += 1;
        }
    }
    failed
}

contract!(
    audit_list_filters,
    audit_chain_verifies_and_names_a_modified_row,
    audit_chain_detects_deleted_rows,
    audit_chain_survives_concurrent_writers_on_two_nodes,
    audit_chain_survives_two_processes_with_one_node_name,
);
