//! Pushes announced between nodes over PostgreSQL's LISTEN/NOTIFY (F-S10): what one node's
//! `announce_push` says, another node's `listen_pushes` hears, and nothing is announced on
//! SQLite (one node).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::time::Duration;
use support::{Kind, fresh};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_push_announced_on_one_node_is_heard_on_another() {
    let f = fresh(Kind::Postgres).await;
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let listener = tokio::spawn(regain_store::listen_pushes(f.db.clone(), move |id| {
        let _ = tx.send(id.to_owned());
    }));
    let other = f.node("node-b").await;
    // Until the listener has its LISTEN in place, announcements go unheard: announce until one
    // arrives, then check the next one arrives too, with its device id.
    let mut heard = None;
    for _ in 0..50 {
        other.announce_push("m-first").await.unwrap();
        if let Ok(Some(id)) = tokio::time::timeout(Duration::from_millis(100), rx.recv()).await {
            heard = Some(id);
            break;
        }
    }
    assert_eq!(heard.as_deref(), Some("m-first"));
    while rx.try_recv().is_ok() {}
    other.announce_push("m-device-2").await.unwrap();
    let id = tokio::time::timeout(Duration::from_secs(5), rx.recv())
        .await
        .expect("the announcement was not heard")
        .unwrap();
    assert_eq!(id, "m-device-2");
    listener.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_announces_nothing_and_does_not_fail() {
    let f = fresh(Kind::Sqlite).await;
    f.db.announce_push("m-any").await.unwrap();
}
