//! Second-factor methods. OTP counters are consumed by one conditional UPDATE.

use crate::cols::Cols;
use crate::sql::{Record, params};
use crate::{Db, map_err};
use async_trait::async_trait;
use regain_core::audit::AuditEvent;
use regain_core::ids::MethodId;
use regain_core::ids::UserId;
use regain_core::methods::{AuthMethod, MethodKind, MethodParams, MethodState};
use regain_core::ports::{AuthMethodRepo, StoreError};
use regain_core::time::Timestamp;

macro_rules! columns {
    () => {
        "id, user_id, kind, label, state, params, secret, serial, last_counter, created_at, confirmed_at, last_used_at"
    };
}

fn counter_out(c: Option<i64>) -> Option<u64> {
    c.map(|v| v.max(0) as u64)
}

fn counter_in(c: u64) -> i64 {
    i64::try_from(c).unwrap_or(i64::MAX)
}

impl Record for AuthMethod {
    fn read(r: &impl Cols) -> Result<Self, StoreError> {
        method_of(r)
    }
}

fn method_of(r: &impl Cols) -> Result<AuthMethod, StoreError> {
    let kind: String = r.col("kind")?;
    let state: String = r.col("state")?;
    let params: String = r.col("params")?;
    Ok(AuthMethod {
        id: regain_core::ids::MethodId::new(r.col::<String>("id")?),
        user_id: UserId(r.col("user_id")?),
        kind: MethodKind::parse(&kind)
            .ok_or_else(|| StoreError::Corrupt(format!("method kind {kind:?}")))?,
        label: r.col("label")?,
        state: match state.as_str() {
            "pending" => MethodState::Pending,
            "active" => MethodState::Active,
            other => return Err(StoreError::Corrupt(format!("method state {other:?}"))),
        },
        params: serde_json::from_str::<MethodParams>(&params)
            .map_err(|e| StoreError::Corrupt(format!("method params: {e}")))?,
        sealed_secret: r.col("secret")?,
        serial: r.col("serial")?,
        last_counter: counter_out(r.col("last_counter")?),
        created_at: Timestamp(r.col("created_at")?),
        confirmed_at: r.col::<Option<i64>>("confirmed_at")?.map(Timestamp),
        last_used_at: r.col::<Option<i64>>("last_used_at")?.map(Timestamp),
    })
}

/// A user's methods in enrolment order (read in index order, migration 10).
pub(crate) const METHODS_OF_USER: &str = concat!(
    "SELECT ",
    columns!(),
    " FROM auth_methods WHERE user_id = $1 ORDER BY created_at, id"
);

/// A user's methods, oldest first, on the hot path's connection.
pub(crate) fn methods_on(
    c: &rusqlite::Connection,
    user: UserId,
) -> Result<Vec<AuthMethod>, StoreError> {
    crate::engine::all_rows(
        c,
        "authentication methods",
        METHODS_OF_USER,
        [user.0],
        |r| method_of(r),
    )
}

/// A method by id (a push device's, for every answer it signs).
const METHOD_BY_ID: &str = concat!("SELECT ", columns!(), " FROM auth_methods WHERE id = $1");

/// Uses up an OTP counter (time step): only forwards, only on an active method, once.
pub(crate) const CONSUME_COUNTER: &str = "UPDATE auth_methods SET last_counter = $1, last_used_at = $2 WHERE id = $3 AND state = 'active' AND (last_counter IS NULL OR last_counter < $1)";

#[async_trait]
impl AuthMethodRepo for Db {
    async fn add_method(&self, a: &AuthMethod, audit: &AuditEvent) -> Result<(), StoreError> {
        let params =
            serde_json::to_string(&a.params).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let mut db_tx = self.begin_audited().await?;
        sqlx::query(
            "INSERT INTO auth_methods (id, user_id, kind, label, state, params, secret, serial, last_counter, created_at, confirmed_at, last_used_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(a.id.to_string())
        .bind(a.user_id.0)
        .bind(a.kind.key())
        .bind(a.label.clone())
        .bind(a.state.key())
        .bind(params)
        .bind(a.sealed_secret.clone())
        .bind(a.serial.clone())
        .bind(a.last_counter.map(counter_in))
        .bind(a.created_at.as_millis())
        .bind(a.confirmed_at.map(Timestamp::as_millis))
        .bind(a.last_used_at.map(Timestamp::as_millis))
        .execute(&mut *db_tx)
        .await
        .map_err(map_err(&format!("authentication method {}", a.serial.as_deref().unwrap_or(&a.label))))?;
        db_tx.append(audit).await?;
        db_tx.commit("authentication method").await.map(|_| ())
    }

    async fn method(&self, id: &MethodId) -> Result<Option<AuthMethod>, StoreError> {
        self.fetch_record_warm("authentication method", METHOD_BY_ID, params![id])
            .await
    }

    async fn methods_of(&self, user: UserId) -> Result<Vec<AuthMethod>, StoreError> {
        self.fetch_records("authentication methods", METHODS_OF_USER, params![user.0])
            .await
    }

    async fn serial_in_use(&self, serial: &str) -> Result<bool, StoreError> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM auth_methods WHERE serial = $1")
            .bind(serial.to_owned())
            .fetch_one(self.pool())
            .await
            .map_err(map_err("authentication method"))?;
        Ok(n > 0)
    }

    async fn activate_method(
        &self,
        id: &MethodId,
        counter: Option<u64>,
        now: Timestamp,
        audit: &AuditEvent,
    ) -> Result<bool, StoreError> {
        let q = sqlx::query("UPDATE auth_methods SET state = 'active', last_counter = $1, confirmed_at = $2, last_used_at = $2 WHERE id = $3 AND state = 'pending'")
            .bind(counter.map(counter_in))
            .bind(now.as_millis())
            .bind(id.to_string());
        match self
            .audited_change(q, "pending authentication method", audit)
            .await
        {
            Ok(()) => Ok(true),
            Err(StoreError::NotFound(_)) => Ok(false),
            Err(e) => Err(e),
        }
    }

    async fn consume_counter(
        &self,
        id: &MethodId,
        counter: u64,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        let changed = self
            .execute_one(
                "authentication method",
                CONSUME_COUNTER,
                params![counter_in(counter), now.as_millis(), id],
            )
            .await?;
        Ok(changed == 1)
    }

    async fn require_proofing(&self, user: UserId, since: Timestamp) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO identity_proofing (user_id, required_since) VALUES ($1, $2) ON CONFLICT (user_id) DO NOTHING")
            .bind(user.0)
            .bind(since.as_millis())
            .execute(self.writer())
            .await
            .map_err(map_err("identity proofing"))?;
        Ok(())
    }

    async fn proofing_required(&self, user: UserId) -> Result<bool, StoreError> {
        let n: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM identity_proofing WHERE user_id = $1")
                .bind(user.0)
                .fetch_one(self.pool())
                .await
                .map_err(map_err("identity proofing"))?;
        Ok(n > 0)
    }

    async fn record_proofing(&self, user: UserId, audit: &AuditEvent) -> Result<bool, StoreError> {
        let q = sqlx::query("DELETE FROM identity_proofing WHERE user_id = $1").bind(user.0);
        match self
            .audited_change(q, "identity proofing mark", audit)
            .await
        {
            Ok(()) => Ok(true),
            Err(StoreError::NotFound(_)) => Ok(false),
            Err(e) => Err(e),
        }
    }

    async fn delete_method(&self, id: &MethodId, audit: &AuditEvent) -> Result<bool, StoreError> {
        let q = sqlx::query("DELETE FROM auth_methods WHERE id = $1").bind(id.to_string());
        match self.audited_change(q, "authentication method", audit).await {
            Ok(()) => Ok(true),
            Err(StoreError::NotFound(_)) => Ok(false),
            Err(e) => Err(e),
        }
    }
}
