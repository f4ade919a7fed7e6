//! API clients, transactions (one final result, by a conditional UPDATE) and per-user lockout
//! (compare-and-swap), shared by every node.

use crate::cols::Cols;
use crate::methods::CONSUME_COUNTER;
use crate::warm::Warm;
use crate::{Db, bool_int, lower_key, map_err};
use async_trait::async_trait;
use regain_core::api::{ApiClient, FactorState, PushAnswerState, Transaction, TxState};
use regain_core::audit::AuditEvent;
use regain_core::ids::UserId;
use regain_core::lockout::{Applied, LockoutChange, LockoutState};
use regain_core::policy::{Factor, Workflow};
use regain_core::ports::{ApiRepo, Consumed, StoreError};
use regain_core::time::Timestamp;
use regain_core::user::Username;

fn client_of(r: &impl Cols) -> Result<ApiClient, StoreError> {
    let trusted: i64 = r.col("trusted")?;
    Ok(ApiClient {
        id: r.col("id")?,
        name: r.col("name")?,
        secret_hash: r.col("secret_hash")?,
        trusted: trusted != 0,
        admin: r.col("admin")?,
        created_at: Timestamp(r.col("created_at")?),
        revoked_at: r.col::<Option<i64>>("revoked_at")?.map(Timestamp),
    })
}

fn tx_of(r: &impl Cols) -> Result<Transaction, StoreError> {
    let workflow: String = r.col("workflow")?;
    let state: String = r.col("state")?;
    let acceptable: String = r.col("acceptable")?;
    Ok(Transaction {
        id: r.col("id")?,
        client_id: r.col("client_id")?,
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

/// Creates a user's lockout row if there is none, so the next statement can lock it.
const LOCKOUT_ROW: &str = "INSERT INTO user_lockouts (user_id, failures, last_failure, locked_until, version, locks) VALUES ($1, 0, NULL, NULL, 0, 0) ON CONFLICT (user_id) DO NOTHING";
/// Takes the row's write lock (PostgreSQL: the row; SQLite: the database) before it is read, so
/// two nodes applying a change to the same user queue instead of both reading the old value.
const LOCKOUT_LOCK: &str = "UPDATE user_lockouts SET version = version WHERE user_id = $1";
const LOCKOUT_WRITE: &str = "UPDATE user_lockouts SET failures = $1, last_failure = $2, locked_until = $3, locks = $4, version = version + 1 WHERE user_id = $5";

fn tx_on(c: &rusqlite::Connection, id: &str) -> Result<Option<Transaction>, StoreError> {
    crate::engine::first_row(c, "transaction", TX_BY_ID, [id], |r| tx_of(r))
}

fn lockout_on(c: &rusqlite::Connection, user: UserId) -> Result<LockoutState, StoreError> {
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

/// The columns a lockout is written to, in [`LOCKOUT_WRITE`]'s order.
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

/// Whether deciding `t` may need its newest push.
fn wants_push(t: &Transaction) -> bool {
    t.acceptable.contains(&Factor::Push)
}

/// [`ApiRepo::factor_state`] as a warm read (one snapshot on the writer's connection).
fn factor_state_on(w: &Warm<'_>, id: &str) -> Result<Option<FactorState>, StoreError> {
    let c = w.conn;
    let Some(transaction) = tx_on(c, id)? else {
        return Ok(None);
    };
    let push = if wants_push(&transaction) {
        crate::push::newest_push_on(c, id)?
    } else {
        None
    };
    let user = match Username::parse(&transaction.username) {
        Ok(name) => crate::users::user_named_on(c, &name)?,
        Err(_) => None,
    };
    let (policy, lockout, methods, temp_code_active) = match &user {
        Some(u) => (
            w.policy(u.policy_id)?,
            lockout_on(c, u.id)?,
            crate::methods::methods_on(c, u.id)?,
            crate::tempcodes::has_active_code_on(c, u.id)?,
        ),
        None => (None, LockoutState::default(), Vec::new(), false),
    };
    Ok(Some(FactorState {
        transaction,
        push,
        user,
        policy,
        lockout,
        methods,
        temp_code_active,
    }))
}

impl Db {
    /// [`ApiRepo::factor_state`] through the pool (PostgreSQL, in-memory SQLite).
    async fn factor_state_pooled(&self, id: &str) -> Result<Option<FactorState>, StoreError> {
        use regain_core::ports::{AuthMethodRepo, PolicyRepo, PushRepo, TempCodeRepo, UserRepo};
        let Some(transaction) = self.transaction(id).await? else {
            return Ok(None);
        };
        let push = if wants_push(&transaction) {
            self.push_of_transaction(id).await?
        } else {
            None
        };
        let user = match Username::parse(&transaction.username) {
            Ok(name) => self.user_by_name(&name).await?,
            Err(_) => None,
        };
        let (policy, lockout, methods, temp_code_active) = match &user {
            Some(u) => (
                self.policy_by_id(u.policy_id).await?,
                self.user_lockout(u.id).await?,
                self.methods_of(u.id).await?,
                self.active_temp_code(u.id).await?.is_some(),
            ),
            None => (None, LockoutState::default(), Vec::new(), false),
        };
        Ok(Some(FactorState {
            transaction,
            push,
            user,
            policy,
            lockout,
            methods,
            temp_code_active,
        }))
    }
}

const LOCKOUT_WHAT: &str = "user lockout";

/// [`ApiRepo::change_user_lockout`] inside a write job of the SQLite hot path.
fn change_lockout_on(
    w: &crate::engine::Writer<'_>,
    user: UserId,
    change: LockoutChange,
) -> Result<Applied, StoreError> {
    let before = lockout_on(w.conn, user)?;
    let applied = change.apply(before);
    if applied.after != before {
        w.execute(LOCKOUT_WHAT, LOCKOUT_ROW, [user.0])?;
        let (failures, last, until, locks) = lockout_params(&applied.after);
        w.execute(
            LOCKOUT_WHAT,
            LOCKOUT_WRITE,
            rusqlite::params![failures, last, until, locks, user.0],
        )?;
    }
    Ok(applied)
}

/// [`ApiRepo::change_user_lockout`] inside a database transaction (committed by the caller):
/// the row is written first, so it is locked before it is read.
async fn change_lockout_in(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    user: UserId,
    change: LockoutChange,
) -> Result<Applied, StoreError> {
    for sql in [LOCKOUT_ROW, LOCKOUT_LOCK] {
        sqlx::query(sql)
            .bind(user.0)
            .execute(&mut **tx)
            .await
            .map_err(map_err(LOCKOUT_WHAT))?;
    }
    let before = sqlx::query(LOCKOUT_BY_USER)
        .bind(user.0)
        .fetch_one(&mut **tx)
        .await
        .map_err(map_err(LOCKOUT_WHAT))
        .and_then(|r| lockout_of(&r))?;
    let applied = change.apply(before);
    if applied.after != before {
        let (failures, last, until, locks) = lockout_params(&applied.after);
        sqlx::query(LOCKOUT_WRITE)
            .bind(failures)
            .bind(last)
            .bind(until)
            .bind(locks)
            .bind(user.0)
            .execute(&mut **tx)
            .await
            .map_err(map_err(LOCKOUT_WHAT))?;
    }
    Ok(applied)
}

#[async_trait]
impl ApiRepo for Db {
    async fn add_client(&self, c: &ApiClient, audit: &AuditEvent) -> Result<(), StoreError> {
        let mut tx = self.begin_audited().await?;
        sqlx::query("INSERT INTO api_clients (id, name, name_key, secret_hash, trusted, created_at, revoked_at, admin) VALUES ($1, $2, $3, $4, $5, $6, NULL, $7)")
            .bind(c.id.clone())
            .bind(c.name.clone())
            .bind(lower_key(&c.name))
            .bind(c.secret_hash.clone())
            .bind(bool_int(c.trusted))
            .bind(c.created_at.as_millis())
            .bind(c.admin.clone())
            .execute(&mut *tx)
            .await
            .map_err(map_err(&format!("API client {}", c.name)))?;
        self.signer().append(&mut tx, audit).await?;
        tx.commit().await.map_err(map_err("API client"))
    }

    async fn clients(&self) -> Result<Vec<ApiClient>, StoreError> {
        let rows = sqlx::query("SELECT * FROM api_clients ORDER BY name_key")
            .fetch_all(self.pool())
            .await
            .map_err(map_err("API clients"))?;
        rows.iter().map(client_of).collect()
    }

    async fn client_by_id(&self, id: &str) -> Result<Option<ApiClient>, StoreError> {
        const SQL: &str = "SELECT * FROM api_clients WHERE id = $1";
        if let Some(e) = self.engine() {
            return e.query_opt("API client", SQL, [id], |r| client_of(r));
        }
        let row = sqlx::query(SQL)
            .bind(id.to_owned())
            .fetch_optional(self.pool())
            .await
            .map_err(map_err("API client"))?;
        row.as_ref().map(client_of).transpose()
    }

    async fn client_by_secret(&self, secret_hash: &str) -> Result<Option<ApiClient>, StoreError> {
        if let Some(e) = self.engine() {
            return e.query_opt("API client", CLIENT_BY_SECRET, [secret_hash], |r| {
                client_of(r)
            });
        }
        let row = sqlx::query(CLIENT_BY_SECRET)
            .bind(secret_hash.to_owned())
            .fetch_optional(self.pool())
            .await
            .map_err(map_err("API client"))?;
        row.as_ref().map(client_of).transpose()
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
        sqlx::query(
            "INSERT INTO auth_transactions (id, client_id, username, workflow, state, acceptable, reason, source, created_at, expires_at, finished_at, device, lock_epoch)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        )
        .bind(t.id.clone())
        .bind(t.client_id.clone())
        .bind(t.username.clone())
        .bind(t.workflow.key())
        .bind(t.state.key())
        .bind(acceptable.join(","))
        .bind(t.reason.clone())
        .bind(t.source.clone())
        .bind(t.created_at.as_millis())
        .bind(t.expires_at.as_millis())
        .bind(t.finished_at.map(Timestamp::as_millis))
        .bind(t.device.clone())
        .bind(i64::from(t.lock_epoch))
        .execute(self.writer())
        .await
        .map_err(map_err("transaction"))?;
        Ok(())
    }

    async fn transaction(&self, id: &str) -> Result<Option<Transaction>, StoreError> {
        if let Some(e) = self.engine() {
            return e.read(|c| tx_on(c, id));
        }
        let row = sqlx::query(TX_BY_ID)
            .bind(id.to_owned())
            .fetch_optional(self.pool())
            .await
            .map_err(map_err("transaction"))?;
        row.as_ref().map(tx_of).transpose()
    }

    async fn finish_transaction(
        &self,
        id: &str,
        state: TxState,
        reason: Option<&str>,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        if let Some(e) = self.engine() {
            let (state, reason, at, id) = (
                state.key(),
                reason.map(str::to_owned),
                now.as_millis(),
                id.to_owned(),
            );
            return e
                .write(move |w| {
                    Ok(w.execute(
                        "transaction",
                        FINISH,
                        rusqlite::params![state, reason, at, id],
                    )? == 1)
                })
                .await;
        }
        let r = sqlx::query(FINISH)
            .bind(state.key())
            .bind(reason.map(str::to_owned))
            .bind(now.as_millis())
            .bind(id.to_owned())
            .execute(self.writer())
            .await
            .map_err(map_err("transaction"))?;
        Ok(r.rows_affected() == 1)
    }

    async fn finish_transaction_audited(
        &self,
        id: &str,
        state: TxState,
        reason: Option<&str>,
        now: Timestamp,
        audit: &AuditEvent,
    ) -> Result<bool, StoreError> {
        if let Some(e) = self.engine() {
            let (state, reason, at, id, audit) = (
                state.key(),
                reason.map(str::to_owned),
                now.as_millis(),
                id.to_owned(),
                audit.clone(),
            );
            return e
                .write(move |w| {
                    if w.execute(
                        "transaction",
                        FINISH,
                        rusqlite::params![state, reason, at, id],
                    )? != 1
                    {
                        return Ok(false);
                    }
                    w.append_audit(&audit)?;
                    Ok(true)
                })
                .await;
        }
        let mut tx = self.begin_audited().await?;
        let r = sqlx::query(FINISH)
            .bind(state.key())
            .bind(reason.map(str::to_owned))
            .bind(now.as_millis())
            .bind(id.to_owned())
            .execute(&mut *tx)
            .await
            .map_err(map_err("transaction"))?;
        if r.rows_affected() != 1 {
            // Nothing changed; dropping the transaction rolls back the chain lock.
            return Ok(false);
        }
        self.signer().append(&mut tx, audit).await?;
        tx.commit().await.map_err(map_err("transaction"))?;
        Ok(true)
    }

    async fn accept_consuming(
        &self,
        id: &str,
        method_id: &str,
        counter: u64,
        now: Timestamp,
        audit: &AuditEvent,
        clear_lockout_of: Option<UserId>,
    ) -> Result<Consumed, StoreError> {
        let at = now.as_millis();
        let counter = i64::try_from(counter).unwrap_or(i64::MAX);
        let accepted = TxState::Accepted.key();
        if let Some(e) = self.engine() {
            let (id, method_id, audit) = (id.to_owned(), method_id.to_owned(), audit.clone());
            return e
                .write_or_undo(move |w| {
                    if w.execute(
                        "authentication method",
                        CONSUME_COUNTER,
                        rusqlite::params![counter, at, method_id],
                    )? != 1
                    {
                        return Ok((Consumed::Replayed, false));
                    }
                    if w.execute(
                        "transaction",
                        FINISH,
                        rusqlite::params![accepted, Option::<String>::None, at, id],
                    )? != 1
                    {
                        // Keep the code: the transaction did not use it.
                        return Ok((Consumed::AlreadyDecided, false));
                    }
                    if let Some(user) = clear_lockout_of {
                        change_lockout_on(w, user, LockoutChange::Clear)?;
                    }
                    w.append_audit(&audit)?;
                    Ok((Consumed::Accepted, true))
                })
                .await;
        }
        let mut tx = self.begin_audited().await?;
        let consumed = sqlx::query(CONSUME_COUNTER)
            .bind(counter)
            .bind(at)
            .bind(method_id.to_owned())
            .execute(&mut *tx)
            .await
            .map_err(map_err("authentication method"))?;
        // Returning early drops (rolls back) the database transaction.
        if consumed.rows_affected() != 1 {
            return Ok(Consumed::Replayed);
        }
        let finished = sqlx::query(FINISH)
            .bind(accepted)
            .bind(Option::<String>::None)
            .bind(at)
            .bind(id.to_owned())
            .execute(&mut *tx)
            .await
            .map_err(map_err("transaction"))?;
        if finished.rows_affected() != 1 {
            return Ok(Consumed::AlreadyDecided);
        }
        if let Some(user) = clear_lockout_of {
            change_lockout_in(&mut tx, user, LockoutChange::Clear).await?;
        }
        self.signer().append(&mut tx, audit).await?;
        tx.commit().await.map_err(map_err("transaction"))?;
        Ok(Consumed::Accepted)
    }

    async fn factor_state(&self, id: &str) -> Result<Option<FactorState>, StoreError> {
        if let Some(e) = self.engine() {
            let id = id.to_owned();
            return e.read_warm(move |w| factor_state_on(w, &id)).await;
        }
        self.factor_state_pooled(id).await
    }

    async fn push_answer_state(
        &self,
        push_id: &str,
    ) -> Result<Option<PushAnswerState>, StoreError> {
        if let Some(e) = self.engine() {
            let push_id = push_id.to_owned();
            return e
                .read_warm(move |w| {
                    let Some(push) = crate::push::push_on(w.conn, &push_id)? else {
                        return Ok(None);
                    };
                    let Some(state) = factor_state_on(w, &push.transaction_id)? else {
                        return Ok(None);
                    };
                    let client_name = w.client_name(&state.transaction.client_id)?;
                    Ok(Some(PushAnswerState {
                        push,
                        state,
                        client_name,
                    }))
                })
                .await;
        }
        use regain_core::ports::PushRepo;
        let Some(push) = self.push(push_id).await? else {
            return Ok(None);
        };
        let Some(state) = self.factor_state_pooled(&push.transaction_id).await? else {
            return Ok(None);
        };
        let client_name = self
            .client_by_id(&state.transaction.client_id)
            .await?
            .map(|c| c.name);
        Ok(Some(PushAnswerState {
            push,
            state,
            client_name,
        }))
    }

    async fn user_lockout(&self, user: UserId) -> Result<LockoutState, StoreError> {
        if let Some(e) = self.engine() {
            return e.read(|c| lockout_on(c, user));
        }
        let found = sqlx::query(LOCKOUT_BY_USER)
            .bind(user.0)
            .fetch_optional(self.pool())
            .await
            .map_err(map_err("user lockout"))?
            .as_ref()
            .map(lockout_of)
            .transpose()?;
        Ok(found.unwrap_or_default())
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
            return e.write(move |w| change_lockout_on(w, user, change)).await;
        }
        let mut tx = self.writer().begin().await.map_err(map_err(LOCKOUT_WHAT))?;
        let applied = change_lockout_in(&mut tx, user, change).await?;
        tx.commit().await.map_err(map_err(LOCKOUT_WHAT))?;
        Ok(applied)
    }
}
