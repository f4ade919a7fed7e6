//! The audit log: appended inside the transaction of the change it records, chained per node.
//! A record that causes a notice writes it here too, so the notice stands exactly when the
//! change does.

use crate::engine::map_sqlite;
use crate::{Db, map_err};
use async_trait::async_trait;
use regain_core::audit::{
    AuditEvent, AuditFilter, AuditRecord, ChainHead, ChainMac, GENESIS, Outcome, head_bytes, link,
};
use regain_core::ids::NodeId;
use regain_core::notifications::trigger_of;
use regain_core::ports::{AuditRepo, Page, StoreError};
use regain_core::time::Timestamp;
use rusqlite::OptionalExtension;
use sqlx::any::AnyRow;
use sqlx::{Any, AnyPool, Row, Transaction};
use std::sync::Arc;

pub(crate) const READ_HEAD: &str = "SELECT seq, hash FROM audit_heads WHERE node = $1";
macro_rules! insert_record {
    () => {
        "INSERT INTO audit_log (node, seq, at, actor, action, target, source, outcome, details, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
    };
}
const INSERT_RECORD: &str = concat!(insert_record!(), " RETURNING id");
const INSERT_RECORD_PLAIN: &str = insert_record!();
/// Moves the head only from where this append read it (a lost race is `Contended`), with the
/// head's keyed hash.
pub(crate) const MOVE_HEAD: &str =
    "UPDATE audit_heads SET seq = $1, hash = $2, mac = $3 WHERE node = $4 AND seq = $5";
const INSERT_HEAD: &str = "INSERT INTO audit_heads (node, seq, hash, mac) VALUES ($1, $2, $3, $4)";

/// Audit records this process could not write, and the last one's action and target: the
/// outbox worker tells subscribers (in a transaction of its own, the failed one being gone).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFailures {
    pub count: u64,
    pub last_action: String,
    pub last_target: String,
}

static AUDIT_FAILURES: std::sync::Mutex<Option<AuditFailures>> = std::sync::Mutex::new(None);

fn note_failure(e: &AuditEvent) {
    if let Ok(mut f) = AUDIT_FAILURES.lock() {
        let f = f.get_or_insert_with(AuditFailures::default);
        f.count += 1;
        f.last_action.clone_from(&e.action);
        f.last_target = e.target.clone().unwrap_or_default();
    }
}

/// The audit records this process could not write so far.
pub fn audit_failures() -> AuditFailures {
    AUDIT_FAILURES
        .lock()
        .ok()
        .and_then(|f| f.clone())
        .unwrap_or_default()
}

/// Which chain this process appends to and the key that links it.
#[derive(Clone)]
pub struct AuditSigner {
    pub node: NodeId,
    pub mac: Arc<dyn ChainMac>,
}

impl AuditSigner {
    /// The keyed hash of this node's head at (`seq`, `hash`).
    pub(crate) fn head_mac(&self, seq: i64, hash: &str) -> String {
        self.mac.mac_hex(&head_bytes(self.node.as_str(), seq, hash))
    }

    /// Creates this node's head row if there is none, and signs it if it was written before
    /// heads were signed (trusting it as it stands when this node first starts after the
    /// upgrade).
    pub(crate) async fn ensure_head(&self, pool: &AnyPool) -> Result<(), StoreError> {
        let node = self.node.as_str().to_owned();
        sqlx::query("INSERT INTO audit_heads (node, seq, hash, mac) VALUES ($1, 0, $2, $3) ON CONFLICT (node) DO NOTHING")
            .bind(node.clone())
            .bind(GENESIS)
            .bind(self.head_mac(0, GENESIS))
            .execute(pool)
            .await
            .map_err(map_err("audit chain head"))?;
        let unsigned =
            sqlx::query("SELECT seq, hash FROM audit_heads WHERE node = $1 AND mac IS NULL")
                .bind(node.clone())
                .fetch_optional(pool)
                .await
                .map_err(map_err("audit chain head"))?;
        if let Some(row) = unsigned {
            let seq: i64 = row.try_get("seq").map_err(map_err("audit chain head"))?;
            let hash: String = row.try_get("hash").map_err(map_err("audit chain head"))?;
            sqlx::query(
                "UPDATE audit_heads SET mac = $1 WHERE node = $2 AND seq = $3 AND mac IS NULL",
            )
            .bind(self.head_mac(seq, &hash))
            .bind(node)
            .bind(seq)
            .execute(pool)
            .await
            .map_err(map_err("audit chain head"))?;
        }
        Ok(())
    }
}

/// This node's audit chain during one batch of the SQLite hot path's writer (see
/// [`crate::engine`]): records link to the batch's tail without reading or moving
/// `audit_heads` each time; the batch stores the head once, just before it commits. Every
/// record of a batch commits with it or none does, so the stored head never points past a
/// record that is not there; a job rolled back alone takes its records with it and the tail
/// goes back to the last job that stands.
#[derive(Default)]
pub(crate) struct BatchChain {
    /// The head as `audit_heads` holds it: `None` until read this batch, `Some(None)` when the
    /// node has no row yet.
    stored: Option<Option<(i64, String)>>,
    /// The head after the last job that stands.
    kept: Option<(i64, String)>,
    /// The head after the latest record (of the job running now).
    current: Option<(i64, String)>,
}

impl BatchChain {
    /// Forgets what it read: the next batch reads the head again (the sqlx writer may have
    /// appended in between).
    pub(crate) fn reset(&mut self) {
        *self = Self::default();
    }

    /// Appends `e` after the tail, inside the batch's transaction.
    pub(crate) fn append(
        &mut self,
        conn: &rusqlite::Connection,
        signer: &AuditSigner,
        e: &AuditEvent,
    ) -> Result<AuditRecord, StoreError> {
        let node = signer.node.as_str();
        let tail = match &self.current {
            Some(t) => t.clone(),
            None => {
                let stored = conn
                    .prepare_cached(READ_HEAD)
                    .and_then(|mut s| {
                        s.query_row([node], |r| {
                            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
                        })
                        .optional()
                    })
                    .map_err(map_sqlite("audit chain head"))?;
                let tail = stored.clone().unwrap_or((0, GENESIS.to_owned()));
                self.stored = Some(stored);
                self.kept = Some(tail.clone());
                tail
            }
        };
        let head = ChainHead {
            node: node.to_owned(),
            seq: tail.0,
            hash: tail.1,
            mac: None,
        };
        let (seq, prev_hash, hash) = link(signer.mac.as_ref(), &signer.node, Some(&head), e);
        let details = serde_json::to_string(&e.details)
            .map_err(|err| StoreError::Corrupt(format!("audit details: {err}")))?;
        // The row id from the connection, not `RETURNING`: SQLite runs a `RETURNING` clause
        // through a temporary table, which cost more than the insert. This connection is
        // the writer's alone, so the last inserted row is this one.
        let id: i64 = conn
            .prepare_cached(INSERT_RECORD_PLAIN)
            .and_then(|mut s| {
                s.execute(rusqlite::params![
                    node,
                    seq,
                    e.at.as_millis(),
                    e.actor,
                    e.action,
                    e.target,
                    e.source,
                    e.outcome.key(),
                    details,
                    prev_hash,
                    hash
                ])
            })
            .map(|_| conn.last_insert_rowid())
            .map_err(|err| {
                note_failure(e);
                map_sqlite("audit record")(err)
            })?;
        if let Some(t) = trigger_of(e) {
            let (sql, params) = crate::notices::statement(&t, e.at);
            conn.prepare_cached(sql)
                .and_then(|mut s| s.execute(rusqlite::params_from_iter(params)))
                .map_err(map_sqlite("notification outbox"))?;
        }
        self.current = Some((seq, hash.clone()));
        Ok(AuditRecord {
            id,
            node: node.to_owned(),
            seq,
            event: e.clone(),
            prev_hash,
            hash,
        })
    }

    /// The running job's changes stand.
    pub(crate) fn keep(&mut self) {
        self.kept.clone_from(&self.current);
    }

    /// The running job's changes were rolled back.
    pub(crate) fn undo(&mut self) {
        self.current.clone_from(&self.kept);
    }

    /// Moves `audit_heads` to the tail, in the batch's transaction, before it commits (nothing
    /// when the batch appended nothing); then forgets the batch.
    pub(crate) fn store(
        &mut self,
        conn: &rusqlite::Connection,
        signer: &AuditSigner,
    ) -> Result<(), StoreError> {
        let stored = self.stored.take();
        let kept = self.kept.take();
        self.current = None;
        let head_err = map_sqlite("audit chain head");
        let node = signer.node.as_str();
        match (stored, kept) {
            (Some(None), Some((seq, hash))) if seq > 0 => {
                let mac = signer.head_mac(seq, &hash);
                conn.prepare_cached(INSERT_HEAD)
                    .and_then(|mut s| s.execute(rusqlite::params![node, seq, hash, mac]))
                    .map_err(&head_err)?;
            }
            (Some(Some((from, _))), Some((seq, hash))) if seq != from => {
                let mac = signer.head_mac(seq, &hash);
                let moved = conn
                    .prepare_cached(MOVE_HEAD)
                    .and_then(|mut s| s.execute(rusqlite::params![seq, hash, mac, node, from]))
                    .map_err(&head_err)?;
                if moved != 1 {
                    return Err(StoreError::Contended("audit chain".into()));
                }
            }
            _ => {}
        }
        Ok(())
    }
}

fn record_of(row: &AnyRow) -> Result<AuditRecord, StoreError> {
    let m = map_err("audit record");
    let details: String = row.try_get("details").map_err(&m)?;
    let outcome: String = row.try_get("outcome").map_err(&m)?;
    Ok(AuditRecord {
        id: row.try_get("id").map_err(&m)?,
        node: row.try_get("node").map_err(&m)?,
        seq: row.try_get("seq").map_err(&m)?,
        event: AuditEvent {
            at: Timestamp(row.try_get("at").map_err(&m)?),
            actor: row.try_get("actor").map_err(&m)?,
            action: row.try_get("action").map_err(&m)?,
            target: row.try_get("target").map_err(&m)?,
            source: row.try_get("source").map_err(&m)?,
            // An unknown outcome or unreadable details are kept visible (and fail the chain
            // check) rather than dropped.
            outcome: Outcome::parse(&outcome).unwrap_or(Outcome::Failure),
            details: serde_json::from_str(&details)
                .unwrap_or_else(|_| vec![("unreadable_details".into(), details.clone())]),
        },
        prev_hash: row.try_get("prev_hash").map_err(&m)?,
        hash: row.try_get("hash").map_err(&m)?,
    })
}

/// Inserts the record of `e` at `seq` of `node`'s chain; its id.
pub(crate) async fn insert_record(
    db_tx: &mut Transaction<'static, Any>,
    node: &str,
    seq: i64,
    e: &AuditEvent,
    prev_hash: &str,
    hash: &str,
) -> Result<i64, StoreError> {
    let details = serde_json::to_string(&e.details)
        .map_err(|err| StoreError::Corrupt(format!("audit details: {err}")))?;
    sqlx::query_scalar(INSERT_RECORD)
        .bind(node.to_owned())
        .bind(seq)
        .bind(e.at.as_millis())
        .bind(e.actor.clone())
        .bind(e.action.clone())
        .bind(e.target.clone())
        .bind(e.source.clone())
        .bind(e.outcome.key())
        .bind(details)
        .bind(prev_hash.to_owned())
        .bind(hash.to_owned())
        .fetch_one(&mut **db_tx)
        .await
        .map_err(|err| {
            note_failure(e);
            map_err("audit record")(err)
        })
}

const COLUMNS: &str =
    "id, node, seq, at, actor, action, target, source, outcome, details, prev_hash, hash";

#[async_trait]
impl AuditRepo for Db {
    async fn append_audit(&self, e: &AuditEvent) -> Result<AuditRecord, StoreError> {
        if let Some(engine) = self.engine() {
            let e = e.clone();
            return engine.write(move |w| w.append_audit(&e)).await;
        }
        let mut db_tx = self.begin_audited().await?;
        db_tx.append(e).await?;
        db_tx
            .commit("audit record")
            .await?
            .pop()
            .ok_or_else(|| StoreError::Corrupt("an audit record was not written".into()))
    }

    async fn list_audit(&self, f: &AuditFilter) -> Result<Page<AuditRecord>, StoreError> {
        let mut clauses: Vec<String> = Vec::new();
        let mut texts: Vec<String> = Vec::new();
        let mut n = 0;
        let mut text_clause = |col: &str, v: &Option<String>, clauses: &mut Vec<String>| {
            if let Some(v) = v {
                n += 1;
                clauses.push(format!("{col} = ${n}"));
                texts.push(v.clone());
            }
        };
        text_clause("actor", &f.actor, &mut clauses);
        text_clause("target", &f.target, &mut clauses);
        text_clause("action", &f.action, &mut clauses);
        let mut times = Vec::new();
        if let Some(t) = f.since {
            clauses.push(format!("at >= ${}", texts.len() + times.len() + 1));
            times.push(t.as_millis());
        }
        if let Some(t) = f.until {
            clauses.push(format!("at < ${}", texts.len() + times.len() + 1));
            times.push(t.as_millis());
        }
        let where_sql = if clauses.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", clauses.join(" AND "))
        };
        // Counted up to the limit and one more (see AUDIT_COUNT_LIMIT).
        let count_sql = format!(
            "SELECT COUNT(*) FROM (SELECT 1 FROM audit_log {where_sql} LIMIT {}) AS matched",
            regain_core::audit::AUDIT_COUNT_LIMIT + 1
        );
        let mut q = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(count_sql));
        for t in &texts {
            q = q.bind(t.clone());
        }
        for t in &times {
            q = q.bind(*t);
        }
        let total = q
            .fetch_one(self.pool())
            .await
            .map_err(map_err("audit log"))?;
        let next = texts.len() + times.len();
        let list_sql = format!(
            "SELECT {COLUMNS} FROM audit_log {where_sql} ORDER BY at DESC, id DESC LIMIT ${} OFFSET ${}",
            next + 1,
            next + 2
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(list_sql));
        for t in &texts {
            q = q.bind(t.clone());
        }
        for t in &times {
            q = q.bind(*t);
        }
        let limit = if f.limit == 0 {
            100
        } else {
            f.limit.min(10_000)
        };
        let rows = q
            .bind(i64::from(limit))
            .bind(i64::from(f.offset))
            .fetch_all(self.pool())
            .await
            .map_err(map_err("audit log"))?;
        let items = rows.iter().map(record_of).collect::<Result<_, _>>()?;
        Ok(Page {
            items,
            total: total as u64,
        })
    }

    async fn audit_chain_page(
        &self,
        after: Option<(String, i64)>,
        limit: u32,
    ) -> Result<Vec<AuditRecord>, StoreError> {
        let (node, seq) = after.unwrap_or_default();
        let sql = format!(
            // A row value, not `node > $1 OR (node = $1 AND seq > $2)`: both engines start the
            // (node, seq) index's range at it, where the OR made each page scan from the
            // start (a 200,000-record chain took 3 s, growing with the square of its length).
            "SELECT {COLUMNS} FROM audit_log WHERE (node, seq) > ($1, $2) ORDER BY node, seq LIMIT $3"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(node)
            .bind(seq)
            .bind(i64::from(limit))
            .fetch_all(self.pool())
            .await
            .map_err(map_err("audit log"))?;
        rows.iter().map(record_of).collect()
    }

    async fn audit_heads(&self) -> Result<Vec<ChainHead>, StoreError> {
        let rows = sqlx::query("SELECT node, seq, hash, mac FROM audit_heads ORDER BY node")
            .fetch_all(self.pool())
            .await
            .map_err(map_err("audit chain heads"))?;
        rows.iter()
            .map(|r| {
                let m = map_err("audit chain heads");
                Ok(ChainHead {
                    node: r.try_get("node").map_err(&m)?,
                    seq: r.try_get("seq").map_err(&m)?,
                    hash: r.try_get("hash").map_err(&m)?,
                    mac: r.try_get("mac").map_err(&m)?,
                })
            })
            .collect()
    }
}
