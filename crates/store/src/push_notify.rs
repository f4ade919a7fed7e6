//! Pushes announced to every node: a node that stores a push says so on PostgreSQL's
//! `LISTEN/NOTIFY` channel, and every node's listener wakes the device's long-poll it holds, at
//! once instead of at the poll's next database re-read (F-S10: a device may wait on any node).
//! On SQLite there is one node, and the in-process waiters are enough.

use crate::{Backend, Db, map_err};
use regain_core::ports::StoreError;
use std::time::Duration;

/// The channel's name.
pub const PUSH_CHANNEL: &str = "regain_push";

impl Db {
    /// Tells every node that the device `method_id` has a new push (PostgreSQL); nothing on
    /// SQLite. The push is committed already: a listener that wakes reads it.
    pub async fn announce_push(&self, method_id: &str) -> Result<(), StoreError> {
        if self.backend() != Backend::Postgres {
            return Ok(());
        }
        // `pg_notify` returns `void`, which the Any driver cannot read: wrapped in a count.
        sqlx::query("SELECT COUNT(*) FROM (SELECT pg_notify($1, $2)) AS announced")
            .bind(PUSH_CHANNEL)
            .bind(method_id.to_owned())
            .execute(self.writer())
            .await
            .map_err(map_err("push announcement"))?;
        Ok(())
    }
}

/// Listens on the channel of `db`'s database for the rest of the process, calling `on_push`
/// with each announced device id; reconnects by itself (a restarted database, or the new
/// primary after a failover), with a log line per failure. A device missed meanwhile still
/// gets its push at its poll's next re-read of the database.
pub async fn listen_pushes(db: Db, on_push: impl Fn(&str) + Send + 'static) {
    let mut backoff = Duration::from_millis(200);
    loop {
        match sqlx::postgres::PgListener::connect(&db.single_host_url()).await {
            Ok(mut l) => match l.listen(PUSH_CHANNEL).await {
                Ok(()) => {
                    backoff = Duration::from_millis(200);
                    loop {
                        match l.recv().await {
                            Ok(n) => on_push(n.payload()),
                            Err(e) => {
                                tracing::warn!(error = %e, "push announcements: the connection was lost; reconnecting");
                                break;
                            }
                        }
                    }
                }
                Err(e) => tracing::warn!(error = %e, "push announcements: LISTEN failed"),
            },
            Err(e) => tracing::warn!(error = %e, "push announcements: cannot connect"),
        }
        tokio::time::sleep(backoff).await;
        backoff = (backoff * 2).min(Duration::from_secs(5));
    }
}
