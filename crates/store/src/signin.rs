//! API clients, transactions (one final result, by a conditional UPDATE) and per-user lockout
//! (compare-and-swap), shared by every node.

use crate::cols::Cols;
use crate::methods::CONSUME_COUNTER;
use crate::snapshot::{PooledReader, factor_state_of, on_warm, push_answer_state_of};
use crate::sql::{DbTx, LiteDbTx, Param, Record, SqlxDbTx, params, run_now};
use crate::{Db, bool_int, lower_key, map_err};
use async_trait::async_trait;
use regain_core::audit::AuditEvent;
use regain_core::ids::UserId;
use regain_core::ids::{ClientId, MethodId, PushId, TransactionId};
use regain_core::lockout::{Applied, LockoutChange, LockoutState};
use regain_core::policy::{Factor, Workflow};
use regain_core::ports::{Consumed, SignInRepo, StoreError};
use regain_core::signin::{ApiClient, FactorState, PushAnswerState, Transaction, TxState};
use regain_core::time::Timestamp;

fn client_of(r: &impl Cols) -> Result<ApiClient, StoreError> {
    let trusted: i64 = r.col("trusted")?;
    Ok(ApiClient {
        id: regain_core::ids::ClientId::new(r.col::<String>("id")?),
        name: r.col("name")?,
        secret_hash: r.col("secret_hash")?,
        trusted: trusted != 0,
        admin: r.col("admin")?,
        created_at: Timestamp(r.col("created_at")?),
        revoked_at: r.col::<Option<i64>>("revoked_at")?.map(Timestamp),
    })
}

impl Record for ApiClient {
    fn read(r: &impl Cols) -> Result<Self, StoreError> {
        client_of(r)
    }
}

impl Record for Transaction {
    fn read(r: &impl Cols) -> Result<Self, StoreError> {
        tx_of(r)
    }
}

impl Record for LockoutState {
    fn read(r: &impl Cols) -> Result<Self, StoreError> {
        lockout_of(r)
    }
}

fn tx_of(r: &impl Cols) -> Result<Transaction, StoreError> {
    let workflow: String = r.col("workflow")?;
    let state: String = r.col("state")?;
    let acceptable: String = r.col("acceptable")?;
    Ok(Transaction {
        id: regain_core::ids::TransactionId::new(r.col::<String>("id")?),
        client_id: regain_core::ids::ClientId::new(r.col::<String>("client_id")?),
        username: r.col("username")?,
        workflow: Workflow::parse(&workflow)
            .ok_or_else(|| StoreError::Corrupt(format!("workflow {workflow:?}")))?,
        state: TxState::parse(&state)
            .ok_or_else(|| StoreError::Corrupt(format!("transaction state {state:?}")))?,
        acceptable: acceptable
            .split(',')
            .filter(|s| !s.is_empty())
            .filter_map(Factor::parse)
            .collect(),
        reason: r.col("reason")?,
        source: r.col("source")?,
        device: r.col("device")?,
        created_at: Timestamp(r.col("created_at")?),
        expires_at: Timestamp(r.col("expires_at")?),
        finished_at: r.col::<Option<i64>>("finished_at")?.map(Timestamp),
        lock_epoch: u32::try_from(r.col::<i64>("lock_epoch")?).unwrap_or(u32::MAX),
    })
}

pub(crate) const TX_BY_ID: &str = "SELECT * FROM auth_transactions WHERE id = $1";
pub(crate) const LOCKOUT_BY_USER: &str =
    "SELECT failures, last_failure, locked_until, locks FROM user_lockouts WHERE user_id = $1";

/// The statements of one lockout table, for [`change_keyed_lockout`]: each takes the row's key
/// as its only parameter (`write`: the columns of [`lockout_params`], then the key).
pub(crate) struct LockoutSql {
    pub(crate) what: &'static str,
    pub(crate) read: &'static str,
    /// Creates the row if there is none (before the first write of the hot path's writer).
    pub(crate) row: &'static str,
    /// Creates the row if there is none, takes its write lock (PostgreSQL: the row; SQLite:
    /// the database) and reads it, in one statement: two nodes applying a change to the same
    /// key queue instead of both reading the old value.
    pub(crate) take: &'static str,
    pub(crate) write: &'static str,
}

/// Users' second-factor lockouts (also the self-service reset's).
pub(crate) const USER_LOCKOUT: LockoutSql = LockoutSql {
    what: LOCKOUT_WHAT,
    read: LOCKOUT_BY_USER,
    row: "INSERT INTO user_lockouts (user_id, failures, last_failure, locked_until, version, locks) VALUES ($1, 0, NULL, NULL, 0, 0) ON CONFLICT (user_id) DO NOTHING",
    take: "INSERT INTO user_lockouts (user_id, failures, last_failure, locked_until, version, locks) VALUES ($1, 0, NULL, NULL, 0, 0) ON CONFLICT (user_id) DO UPDATE SET version = user_lockouts.version RETURNING failures, last_failure, locked_until, locks",
    write: "UPDATE user_lockouts SET failures = $1, last_failure = $2, locked_until = $3, locks = $4, version = version + 1 WHERE user_id = $5",
};

pub(crate) fn tx_on(c: &rusqlite::Connection, id: &str) -> Result<Option<Transaction>, StoreError> {
    crate::engine::first_row(c, "transaction", TX_BY_ID, [id], |r| tx_of(r))
}

pub(crate) fn lockout_on(
    c: &rusqlite::Connection,
    user: UserId,
) -> Result<LockoutState, StoreError> {
    Ok(
        crate::engine::first_row(c, "user lockout", LOCKOUT_BY_USER, [user.0], |r| {
            lockout_of(r)
        })?
        .unwrap_or_default(),
    )
}

pub(crate) fn lockout_of(r: &impl Cols) -> Result<LockoutState, StoreError> {
    let count = |v: i64| u32::try_from(v).unwrap_or(u32::MAX);
    Ok(LockoutState {
        failures: count(r.col("failures")?),
        last_failure: r.col::<Option<i64>>("last_failure")?.map(Timestamp),
        locked_until: r.col::<Option<i64>>("locked_until")?.map(Timestamp),
        locks: count(r.col("locks")?),
    })
}

/// The columns a lockout is written to, in the order of [`LockoutSql::write`].
fn lockout_params(s: &LockoutState) -> (i64, Option<i64>, Option<i64>, i64) {
    (
        i64::from(s.failures),
        s.last_failure.map(Timestamp::as_millis),
        s.locked_until.map(Timestamp::as_millis),
        i64::from(s.locks),
    )
}

/// The API client holding a credential (by the credential's hash), unless revoked.
pub(crate) const CLIENT_BY_SECRET: &str =
    "SELECT * FROM api_clients WHERE secret_hash = $1 AND revoked_at IS NULL";

/// Ends a transaction awaiting its second factor, once. An expired transaction may still be
/// closed as rejected (reason "transaction_expired"), but never accepted.
pub(crate) const FINISH: &str =
    "UPDATE auth_transactions SET state = $1, reason = $2, finished_at = $3
     WHERE id = $4 AND state = 'awaiting_second_factor' AND (expires_at > $3 OR $1 = 'rejected')";

const LOCKOUT_WHAT: &str = "user lockout";

/// [`SignInRepo::change_user_lockout`] in a writer job or a database transaction (committed by
/// the caller). Where other connections write at the same time, the row is written first, so
/// it is locked before it is read.
pub(crate) async fn change_lockout(
    c: &mut impl DbTx,
    user: UserId,
    change: LockoutChange,
) -> Result<Applied, StoreError> {
    let applied = change_keyed_lockout(c, &USER_LOCKOUT, Param::Int(user.0), change).await?;
    if let LockoutChange::Attempt { now, .. } = change
        && applied.began_lockout(&change)
    {
        // In the lockout's own transaction: subscribers hear of every lockout that stands.
        let (sql, params) = crate::notices::lockout_statement(user, now);
        c.execute("notification outbox", sql, params).await?;
    }
    Ok(applied)
}

/// Applies `change` to the lockout row of `key` in `table`: locks the row as it reads it where
/// other writers run concurrently, applies the core's change and writes it back.
pub(crate) async fn change_keyed_lockout(
    c: &mut impl DbTx,
    table: &LockoutSql,
    key: Param,
    change: LockoutChange,
) -> Result<Applied, StoreError> {
    let locking = c.others_write_concurrently();
    let read = if locking { table.take } else { table.read };
    let before = c
        .fetch_opt(table.what, read, vec![key.clone()], |r| lockout_of(r))
        .await?
        .unwrap_or_default();
    let applied = change.apply(before);
    if applied.after != before {
        if !locking {
            c.execute(table.what, table.row, vec![key.clone()]).await?;
        }
        let (failures, last, until, locks) = lockout_params(&applied.after);
        let mut params = params![failures, last, until, locks];
        params.push(key);
        c.execute(table.what, table.write, params).await?;
    }
    Ok(applied)
}

/// Ends the transaction with `state` (once) and appends `audit`; `false` (and nothing to keep)
/// if it was final already.
async fn finish_audited(
    c: &mut impl DbTx,
    id: TransactionId,
    state: TxState,
    reason: Option<String>,
    at: i64,
    audit: &AuditEvent,
) -> Result<bool, StoreError> {
    if c.execute("transaction", FINISH, params![state.key(), reason, at, id])
        .await?
        != 1
    {
        return Ok(false);
    }
    c.append_audit(audit).await?;
    Ok(true)
}

/// [`SignInRepo::accept_consuming`]'s change: only [`Consumed::Accepted`] is to be kept.
#[allow(clippy::too_many_arguments)]
async fn accept_consuming_in(
    c: &mut impl DbTx,
    id: TransactionId,
    method_id: MethodId,
    counter: i64,
    at: i64,
    audit: &AuditEvent,
    clear_lockout_of: Option<UserId>,
) -> Result<Consumed, StoreError> {
    if c.execute(
        "authentication method",
        CONSUME_COUNTER,
        params![counter, at, method_id],
    )
    .await?
        != 1
    {
        return Ok(Consumed::Replayed);
    }
    let accepted = TxState::Accepted.key();
    let no_reason: Option<String> = None;
    if c.execute("transaction", FINISH, params![accepted, no_reason, at, id])
        .await?
        != 1
    {
        // Keep the code: the transaction did not use it.
        return Ok(Consumed::AlreadyDecided);
    }
    if let Some(user) = clear_lockout_of {
        change_lockout(c, user, LockoutChange::Clear).await?;
    }
    c.append_audit(audit).await?;
    Ok(Consumed::Accepted)
}

#[async_trait]
impl SignInRepo for Db {
    async fn add_client(&self, c: &ApiClient, audit: &AuditEvent) -> Result<(), StoreError> {
        let mut db_tx = self.begin_audited().await?;
        sqlx::query("INSERT INTO api_clients (id, name, name_key, secret_hash, trusted, created_at, revoked_at, admin) VALUES ($1, $2, $3, $4, $5, $6, NULL, $7)")
            .bind(c.id.to_string())
            .bind(c.name.clone())
            .bind(lower_key(&c.name))
            .bind(c.secret_hash.clone())
            .bind(bool_int(c.trusted))
            .bind(c.created_at.as_millis())
            .bind(c.admin.clone())
            .execute(&mut *db_tx)
            .await
            .map_err(map_err(&format!("API client {}", c.name)))?;
        db_tx.append(audit).await?;
        db_tx.commit("API client").await.map(|_| ())
    }

    async fn clients(&self) -> Result<Vec<ApiClient>, StoreError> {
        let rows = sqlx::query("SELECT * FROM api_clients ORDER BY name_key")
            .fetch_all(self.pool())
            .await
            .map_err(map_err("API clients"))?;
        rows.iter().map(client_of).collect()
    }

    async fn client_by_id(&self, id: &ClientId) -> Result<Option<ApiClient>, StoreError> {
        self.fetch_record(
            "API client",
            "SELECT * FROM api_clients WHERE id = $1",
            params![id],
        )
        .await
    }

    async fn client_by_secret(&self, secret_hash: &str) -> Result<Option<ApiClient>, StoreError> {
        self.fetch_record("API client", CLIENT_BY_SECRET, params![secret_hash])
            .await
    }

    async fn revoke_client(
        &self,
        name: &str,
        now: Timestamp,
        audit: &AuditEvent,
    ) -> Result<bool, StoreError> {
        let q = sqlx::query(
            "UPDATE api_clients SET revoked_at = $1 WHERE name_key = $2 AND revoked_at IS NULL",
        )
        .bind(now.as_millis())
        .bind(lower_key(name));
        match self
            .audited_change(q, &format!("API client {name}"), audit)
            .await
        {
            Ok(()) => Ok(true),
            Err(StoreError::NotFound(_)) => Ok(false),
            Err(e) => Err(e),
        }
    }

    async fn add_transaction(&self, t: &Transaction) -> Result<(), StoreError> {
        let acceptable: Vec<&str> = t.acceptable.iter().map(|f| f.key()).collect();
        // The password step of every sign-in writes this: on the hot path's writer with SQLite.
        self.execute_one(
            "transaction",
            "INSERT INTO auth_transactions (id, client_id, username, workflow, state, acceptable, reason, source, created_at, expires_at, finished_at, device, lock_epoch)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
            params![
                &t.id,
                &t.client_id,
                t.username.clone(),
                t.workflow.key(),
                t.state.key(),
                acceptable.join(","),
                t.reason.clone(),
                t.source.clone(),
                t.created_at.as_millis(),
                t.expires_at.as_millis(),
                t.finished_at.map(Timestamp::as_millis),
                t.device.clone(),
                i64::from(t.lock_epoch)
            ],
        )
        .await?;
        Ok(())
    }

    async fn transaction(&self, id: &TransactionId) -> Result<Option<Transaction>, StoreError> {
        self.fetch_record("transaction", TX_BY_ID, params![id])
            .await
    }

    async fn finish_transaction(
        &self,
        id: &TransactionId,
        state: TxState,
        reason: Option<&str>,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        let changed = self
            .execute_one(
                "transaction",
                FINISH,
                params![state.key(), reason, now.as_millis(), id],
            )
            .await?;
        Ok(changed == 1)
    }

    async fn finish_transaction_audited(
        &self,
        id: &TransactionId,
        state: TxState,
        reason: Option<&str>,
        now: Timestamp,
        audit: &AuditEvent,
    ) -> Result<bool, StoreError> {
        let (id, reason, at) = (id.to_owned(), reason.map(str::to_owned), now.as_millis());
        if let Some(e) = self.engine() {
            let audit = audit.clone();
            return e
                .write_or_undo(move |w| {
                    let done = run_now(finish_audited(
                        &mut LiteDbTx(w),
                        id,
                        state,
                        reason,
                        at,
                        &audit,
                    ))?;
                    Ok((done, done))
                })
                .await;
        }
        let mut db_tx = self.begin_audited().await?;
        let done = finish_audited(
            &mut SqlxDbTx { db_tx: &mut db_tx },
            id,
            state,
            reason,
            at,
            audit,
        )
        .await?;
        // Not done: nothing changed; dropping the transaction rolls back the chain lock.
        if done {
            db_tx.commit("transaction").await?;
        }
        Ok(done)
    }

    async fn accept_consuming(
        &self,
        id: &TransactionId,
        method_id: &MethodId,
        counter: u64,
        now: Timestamp,
        audit: &AuditEvent,
        clear_lockout_of: Option<UserId>,
    ) -> Result<Consumed, StoreError> {
        let at = now.as_millis();
        let counter = i64::try_from(counter).unwrap_or(i64::MAX);
        let (id, method_id) = (id.to_owned(), method_id.to_owned());
        if let Some(e) = self.engine() {
            let audit = audit.clone();
            return e
                .write_or_undo(move |w| {
                    let r = run_now(accept_consuming_in(
                        &mut LiteDbTx(w),
                        id,
                        method_id,
                        counter,
                        at,
                        &audit,
                        clear_lockout_of,
                    ))?;
                    Ok((r, r == Consumed::Accepted))
                })
                .await;
        }
        let mut db_tx = self.begin_audited().await?;
        let r = accept_consuming_in(
            &mut SqlxDbTx { db_tx: &mut db_tx },
            id,
            method_id,
            counter,
            at,
            audit,
            clear_lockout_of,
        )
        .await?;
        // Anything else: dropping the transaction rolls it back.
        if r == Consumed::Accepted {
            db_tx.commit("transaction").await?;
        }
        Ok(r)
    }

    async fn factor_state(&self, id: &TransactionId) -> Result<Option<FactorState>, StoreError> {
        if let Some(e) = self.engine() {
            let id = id.to_owned();
            return e
                .read_warm(move |w| on_warm(w, async |r| factor_state_of(r, &id).await))
                .await;
        }
        factor_state_of(&mut PooledReader::new(self), id).await
    }

    async fn push_answer_state(
        &self,
        push_id: &PushId,
    ) -> Result<Option<PushAnswerState>, StoreError> {
        if let Some(e) = self.engine() {
            let push_id = push_id.to_owned();
            return e
                .read_warm(move |w| on_warm(w, async |r| push_answer_state_of(r, &push_id).await))
                .await;
        }
        push_answer_state_of(&mut PooledReader::new(self), push_id).await
    }

    async fn user_lockout(&self, user: UserId) -> Result<LockoutState, StoreError> {
        Ok(self
            .fetch_record(LOCKOUT_WHAT, LOCKOUT_BY_USER, params![user.0])
            .await?
            .unwrap_or_default())
    }

    async fn change_user_lockout(
        &self,
        user: UserId,
        change: LockoutChange,
    ) -> Result<Applied, StoreError> {
        if let Some(e) = self.engine() {
            // One job of the single writer: the read and the write are one step for every
            // caller of this process, and the batch's write transaction keeps other processes
            // out in between.
            return e
                .write(move |w| run_now(change_lockout(&mut LiteDbTx(w), user, change)))
                .await;
        }
        let mut db_tx = self.begin_unaudited().await?;
        let applied = change_lockout(&mut SqlxDbTx { db_tx: &mut db_tx }, user, change).await?;
        db_tx.commit(LOCKOUT_WHAT).await?;
        Ok(applied)
    }
}
