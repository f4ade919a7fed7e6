//! A database transaction whose change is recorded in this node's audit chain: the records are
//! written in the same transaction, so a change stands exactly when its record does.
//!
//! The chain is a sequence: two transactions of one node must not both link to the same head.
//! On both engines the records wait until commit, and the append (move the head, insert the
//! records) and the commit run under this process's chain lock. On SQLite the transaction also
//! takes the database's write lock at its start, and the head is read from the database (the
//! hot path's writer moves it too). On PostgreSQL taking the head's row at the start was a
//! convoy: every audited write of a node queued on it for its whole transaction, through all
//! its statements' round trips, and under load most of a sign-in's time was that wait (`cargo
//! bench -p regain --bench verify_load`: 15 ms of a 150 ms verification at 64 connections). So
//! there only the append and the commit run under the lock, from a head the process remembers.
//! The head's move keeps its guard (`WHERE seq = `the remembered one): another process with
//! this node's name (the CLI) moving it in between only makes this append read it again.

use crate::{Backend, Db, map_err};
use regain_core::audit::{AuditEvent, AuditRecord, ChainHead, link};
use regain_core::notifications::trigger_of;
use regain_core::ports::StoreError;
use sqlx::{Any, AnyConnection, Row, Transaction};
use std::ops::{Deref, DerefMut};

/// How often an append reads the head again after another process moved it.
const HEAD_RETRIES: usize = 3;

/// This process's view of its chain's head on PostgreSQL: `None` until read, and after any
/// append that did not commit (the next one reads it from the database again).
pub(crate) type HeadCache = tokio::sync::Mutex<Option<ChainHead>>;

pub(crate) struct AuditedTx<'a> {
    tx: Transaction<'static, Any>,
    db: &'a Db,
    /// The events to append at commit, in order.
    pending: Vec<AuditEvent>,
    /// Opened without the chain (a change that records nothing, such as a lockout's count).
    unaudited: bool,
}

impl Deref for AuditedTx<'_> {
    type Target = AnyConnection;
    fn deref(&self) -> &AnyConnection {
        &self.tx
    }
}

impl DerefMut for AuditedTx<'_> {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        &mut self.tx
    }
}

impl Db {
    /// Starts a transaction that may append to the audit chain (see the module's comment for
    /// how each backend keeps the chain a sequence).
    pub(crate) async fn begin_audited(&self) -> Result<AuditedTx<'_>, StoreError> {
        if !self.head_ready() {
            self.signer.ensure_head(self.writer()).await?;
            self.set_head_ready();
        }
        let mut tx = self
            .writer()
            .begin()
            .await
            .map_err(map_err("transaction"))?;
        if self.backend == Backend::Sqlite {
            sqlx::query("UPDATE audit_heads SET seq = seq WHERE node = $1")
                .bind(self.signer.node.as_str().to_owned())
                .execute(&mut *tx)
                .await
                .map_err(map_err("audit chain lock"))?;
        }
        Ok(AuditedTx {
            tx,
            db: self,
            pending: Vec::new(),
            unaudited: false,
        })
    }

    /// Starts a transaction for a change that records nothing in the audit chain (a lockout's
    /// count: its audit record, if any, is the caller's own): no chain lock, so it costs what a
    /// plain transaction costs. An append to it is refused.
    pub(crate) async fn begin_unaudited(&self) -> Result<AuditedTx<'_>, StoreError> {
        let tx = self
            .writer()
            .begin()
            .await
            .map_err(map_err("transaction"))?;
        Ok(AuditedTx {
            tx,
            db: self,
            pending: Vec::new(),
            unaudited: true,
        })
    }
}

impl AuditedTx<'_> {
    /// Records `e` in this transaction, at commit. A notice the record causes is written now,
    /// in the same transaction.
    pub(crate) async fn append(&mut self, e: &AuditEvent) -> Result<(), StoreError> {
        if self.unaudited {
            // A bug, refused rather than a record outside the chain's lock.
            return Err(StoreError::Corrupt(
                "a change opened without the audit chain tried to append to it".into(),
            ));
        }
        if let Some(t) = trigger_of(e) {
            let (sql, params) = crate::notices::statement(&t, e.at);
            crate::sql::bind(sqlx::query(sql), params)
                .execute(&mut *self.tx)
                .await
                .map_err(map_err("notification outbox"))?;
        }
        self.pending.push(e.clone());
        Ok(())
    }

    /// Commits the change with its records; the records as written. `what` names the change
    /// in an error.
    pub(crate) async fn commit(mut self, what: &str) -> Result<Vec<AuditRecord>, StoreError> {
        if self.pending.is_empty() {
            self.tx.commit().await.map_err(map_err(what))?;
            return Ok(Vec::new());
        }
        let mut head = self.db.chain_head().lock().await;
        // Taken: if anything below fails, the next append reads the head again. On SQLite the
        // head is always read (the hot path's writer moves it too), under the write lock this
        // transaction holds since its start.
        let known = head.take().filter(|_| self.db.backend == Backend::Postgres);
        let records = self.append_pending(known).await?;
        self.tx.commit().await.map_err(map_err(what))?;
        if let Some(last) = records
            .last()
            .filter(|_| self.db.backend == Backend::Postgres)
        {
            *head = Some(ChainHead {
                node: last.node.clone(),
                seq: last.seq,
                hash: last.hash.clone(),
                mac: None,
            });
        }
        Ok(records)
    }

    /// Drops the change and anything appended.
    #[cfg(test)]
    pub(crate) async fn rollback(self) -> Result<(), sqlx::Error> {
        self.tx.rollback().await
    }

    /// Moves the head past the pending events and inserts their records, from `known` (or the
    /// head as the database holds it).
    async fn append_pending(
        &mut self,
        mut known: Option<ChainHead>,
    ) -> Result<Vec<AuditRecord>, StoreError> {
        let signer = self.db.signer.clone();
        let node = signer.node.as_str().to_owned();
        for _ in 0..HEAD_RETRIES {
            let from = match known.take() {
                Some(h) => h,
                None => self.read_head(&node).await?,
            };
            let mut links = Vec::with_capacity(self.pending.len());
            let mut prev = from.clone();
            for e in &self.pending {
                let (seq, prev_hash, hash) =
                    link(signer.mac.as_ref(), &signer.node, Some(&prev), e);
                prev = ChainHead {
                    node: node.clone(),
                    seq,
                    hash: hash.clone(),
                    mac: None,
                };
                links.push((seq, prev_hash, hash));
            }
            let moved = sqlx::query(crate::audit::MOVE_HEAD)
                .bind(prev.seq)
                .bind(prev.hash.clone())
                .bind(signer.head_mac(prev.seq, &prev.hash))
                .bind(node.clone())
                .bind(from.seq)
                .execute(&mut *self.tx)
                .await
                .map_err(map_err("audit chain head"))?;
            if moved.rows_affected() != 1 {
                // Moved by another process since we read it: read it again.
                continue;
            }
            let mut records = Vec::with_capacity(links.len());
            for (e, (seq, prev_hash, hash)) in self.pending.iter().zip(links) {
                let id =
                    crate::audit::insert_record(&mut self.tx, &node, seq, e, &prev_hash, &hash)
                        .await?;
                records.push(AuditRecord {
                    id,
                    node: node.clone(),
                    seq,
                    event: e.clone(),
                    prev_hash,
                    hash,
                });
            }
            return Ok(records);
        }
        Err(StoreError::Contended("audit chain".into()))
    }

    async fn read_head(&mut self, node: &str) -> Result<ChainHead, StoreError> {
        let row = sqlx::query(crate::audit::READ_HEAD)
            .bind(node.to_owned())
            .fetch_one(&mut *self.tx)
            .await
            .map_err(map_err("audit chain head"))?;
        Ok(ChainHead {
            node: node.to_owned(),
            seq: row.try_get("seq").map_err(map_err("audit chain head"))?,
            hash: row.try_get("hash").map_err(map_err("audit chain head"))?,
            mac: None,
        })
    }
}
