//! API clients, transactions (one final result, by a conditional UPDATE) and per-user lockout
//! (compare-and-swap), shared by every node.

use crate::{Db, bool_int, lower_key, map_err};
use async_trait::async_trait;
use regain_core::api::{ApiClient, Transaction, TxState};
use regain_core::audit::AuditEvent;
use regain_core::ids::UserId;
use regain_core::lockout::LockoutState;
use regain_core::policy::{Factor, Workflow};
use regain_core::ports::{ApiRepo, StoreError};
use regain_core::time::Timestamp;
use sqlx::Row;
use sqlx::any::AnyRow;

fn client_of(r: &AnyRow) -> Result<ApiClient, StoreError> {
    let m = map_err("API client");
    let trusted: i64 = r.try_get("trusted").map_err(&m)?;
    Ok(ApiClient {
        id: r.try_get("id").map_err(&m)?,
        name: r.try_get("name").map_err(&m)?,
        secret_hash: r.try_get("secret_hash").map_err(&m)?,
        trusted: trusted != 0,
        admin: r.try_get("admin").map_err(&m)?,
        created_at: Timestamp(r.try_get("created_at").map_err(&m)?),
        revoked_at: r
            .try_get::<Option<i64>, _>("revoked_at")
            .map_err(&m)?
            .map(Timestamp),
    })
}

fn tx_of(r: &AnyRow) -> Result<Transaction, StoreError> {
    let m = map_err("transaction");
    let workflow: String = r.try_get("workflow").map_err(&m)?;
    let state: String = r.try_get("state").map_err(&m)?;
    let acceptable: String = r.try_get("acceptable").map_err(&m)?;
    Ok(Transaction {
        id: r.try_get("id").map_err(&m)?,
        client_id: r.try_get("client_id").map_err(&m)?,
        username: r.try_get("username").map_err(&m)?,
        workflow: Workflow::parse(&workflow)
            .ok_or_else(|| StoreError::Corrupt(format!("workflow {workflow:?}")))?,
        state: TxState::parse(&state)
            .ok_or_else(|| StoreError::Corrupt(format!("transaction state {state:?}")))?,
        acceptable: acceptable
            .split(',')
            .filter(|s| !s.is_empty())
            .filter_map(Factor::parse)
            .collect(),
        reason: r.try_get("reason").map_err(&m)?,
        source: r.try_get("source").map_err(&m)?,
        device: r.try_get("device").map_err(&m)?,
        created_at: Timestamp(r.try_get("created_at").map_err(&m)?),
        expires_at: Timestamp(r.try_get("expires_at").map_err(&m)?),
        finished_at: r
            .try_get::<Option<i64>, _>("finished_at")
            .map_err(&m)?
            .map(Timestamp),
    })
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
        let row = sqlx::query("SELECT * FROM api_clients WHERE id = $1")
            .bind(id.to_owned())
            .fetch_optional(self.pool())
            .await
            .map_err(map_err("API client"))?;
        row.as_ref().map(client_of).transpose()
    }

    async fn client_by_secret(&self, secret_hash: &str) -> Result<Option<ApiClient>, StoreError> {
        let row =
            sqlx::query("SELECT * FROM api_clients WHERE secret_hash = $1 AND revoked_at IS NULL")
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
            "INSERT INTO auth_transactions (id, client_id, username, workflow, state, acceptable, reason, source, created_at, expires_at, finished_at, device)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
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
        .execute(self.writer())
        .await
        .map_err(map_err("transaction"))?;
        Ok(())
    }

    async fn transaction(&self, id: &str) -> Result<Option<Transaction>, StoreError> {
        let row = sqlx::query("SELECT * FROM auth_transactions WHERE id = $1")
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
        // An expired transaction may still be closed as rejected (reason "transaction_expired"),
        // but never accepted.
        let r = sqlx::query(
            "UPDATE auth_transactions SET state = $1, reason = $2, finished_at = $3
             WHERE id = $4 AND state = 'awaiting_second_factor' AND (expires_at > $3 OR $1 = 'rejected')",
        )
        .bind(state.key())
        .bind(reason.map(str::to_owned))
        .bind(now.as_millis())
        .bind(id.to_owned())
        .execute(self.writer())
        .await
        .map_err(map_err("transaction"))?;
        Ok(r.rows_affected() == 1)
    }

    async fn user_lockout(&self, user: UserId) -> Result<(LockoutState, i64), StoreError> {
        let row = sqlx::query("SELECT failures, window_start, locked_until, version FROM user_lockouts WHERE user_id = $1")
            .bind(user.0)
            .fetch_optional(self.pool())
            .await
            .map_err(map_err("user lockout"))?;
        let Some(r) = row else {
            return Ok((LockoutState::default(), 0));
        };
        let m = map_err("user lockout");
        let failures: i64 = r.try_get("failures").map_err(&m)?;
        Ok((
            LockoutState {
                failures: u32::try_from(failures).unwrap_or(u32::MAX),
                window_start: r
                    .try_get::<Option<i64>, _>("window_start")
                    .map_err(&m)?
                    .map(Timestamp),
                locked_until: r
                    .try_get::<Option<i64>, _>("locked_until")
                    .map_err(&m)?
                    .map(Timestamp),
            },
            r.try_get("version").map_err(&m)?,
        ))
    }

    async fn swap_user_lockout(
        &self,
        user: UserId,
        version: i64,
        next: &LockoutState,
    ) -> Result<bool, StoreError> {
        // Version 0 means no row yet: the insert succeeds for exactly one writer.
        let r = if version == 0 {
            sqlx::query("INSERT INTO user_lockouts (user_id, failures, window_start, locked_until, version) VALUES ($1, $2, $3, $4, 1) ON CONFLICT (user_id) DO NOTHING")
                .bind(user.0)
                .bind(i64::from(next.failures))
                .bind(next.window_start.map(Timestamp::as_millis))
                .bind(next.locked_until.map(Timestamp::as_millis))
                .execute(self.writer())
                .await
        } else {
            sqlx::query("UPDATE user_lockouts SET failures = $1, window_start = $2, locked_until = $3, version = version + 1 WHERE user_id = $4 AND version = $5")
                .bind(i64::from(next.failures))
                .bind(next.window_start.map(Timestamp::as_millis))
                .bind(next.locked_until.map(Timestamp::as_millis))
                .bind(user.0)
                .bind(version)
                .execute(self.writer())
                .await
        }
        .map_err(map_err("user lockout"))?;
        Ok(r.rows_affected() == 1)
    }
}
