//! Temporary codes: issue (and replace) with the audit record in one transaction, use by one
//! conditional UPDATE, at most one active code per user by a partial unique index.

use crate::cols::Cols;
use crate::sql::{Record, params};
use crate::{Db, map_err};
use async_trait::async_trait;
use regain_core::audit::AuditEvent;
use regain_core::ids::UserId;
use regain_core::ports::{StoreError, TempCodeRepo};
use regain_core::temp_code::{CodeState, TempCode, Uses};
use regain_core::time::Timestamp;

macro_rules! columns {
    () => {
        "id, user_id, salt, code_hash, uses, state, created_by, created_at, expires_at, ended_at, end_reason, last_used_at, use_count"
    };
}
const COLUMNS: &str = columns!();
const ACTIVE_CODE: &str = concat!(
    "SELECT ",
    columns!(),
    " FROM temporary_codes WHERE user_id = $1 AND state = 'active'"
);

pub(crate) const HAS_ACTIVE_CODE: &str =
    "SELECT 1 FROM temporary_codes WHERE user_id = $1 AND state = 'active'";

/// Whether the user has an active temporary code, on the hot path's connection.
pub(crate) fn has_active_code_on(
    c: &rusqlite::Connection,
    user: UserId,
) -> Result<bool, StoreError> {
    crate::engine::first_row(c, "temporary code", HAS_ACTIVE_CODE, [user.0], |_| Ok(()))
        .map(|r| r.is_some())
}

impl Record for TempCode {
    fn read(r: &impl Cols) -> Result<Self, StoreError> {
        code_of(r)
    }
}

fn code_of(r: &impl Cols) -> Result<TempCode, StoreError> {
    let uses: String = r.col("uses")?;
    let state: String = r.col("state")?;
    let opt_ts = |col: &str| -> Result<Option<Timestamp>, StoreError> {
        Ok(r.col::<Option<i64>>(col)?.map(Timestamp))
    };
    Ok(TempCode {
        id: r.col("id")?,
        user_id: UserId(r.col("user_id")?),
        salt: r.col("salt")?,
        code_hash: r.col("code_hash")?,
        uses: Uses::parse(&uses)
            .ok_or_else(|| StoreError::Corrupt(format!("temporary code uses {uses:?}")))?,
        state: CodeState::parse(&state)
            .ok_or_else(|| StoreError::Corrupt(format!("temporary code state {state:?}")))?,
        created_by: r.col("created_by")?,
        created_at: Timestamp(r.col("created_at")?),
        expires_at: Timestamp(r.col("expires_at")?),
        ended_at: opt_ts("ended_at")?,
        end_reason: r.col("end_reason")?,
        last_used_at: opt_ts("last_used_at")?,
        use_count: u32::try_from(r.col::<i64>("use_count")?).unwrap_or(0),
    })
}

#[async_trait]
impl TempCodeRepo for Db {
    async fn active_temp_code(&self, user: UserId) -> Result<Option<TempCode>, StoreError> {
        self.fetch_record("temporary code", ACTIVE_CODE, params![user.0])
            .await
    }

    async fn count_active_temp_codes(&self, now: Timestamp) -> Result<u64, StoreError> {
        // An expired code keeps its `active` state until it is next looked at: not counted.
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM temporary_codes WHERE state = 'active' AND expires_at > $1",
        )
        .bind(now.as_millis())
        .fetch_one(self.pool())
        .await
        .map_err(map_err("temporary codes"))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    async fn issue_temp_code(
        &self,
        c: &TempCode,
        replace: bool,
        audit: &AuditEvent,
    ) -> Result<(), StoreError> {
        let mut db_tx = self.begin_audited().await?;
        if replace {
            let r = sqlx::query(
                "UPDATE temporary_codes SET state = 'replaced', ended_at = $1, end_reason = 'replaced'
                 WHERE user_id = $2 AND state = 'active'",
            )
            .bind(c.created_at.as_millis())
            .bind(c.user_id.0)
            .execute(&mut *db_tx)
            .await
            .map_err(map_err("temporary code"))?;
            if r.rows_affected() == 0 {
                return Err(StoreError::NotFound("active temporary code".into()));
            }
        }
        sqlx::query(
            "INSERT INTO temporary_codes (id, user_id, salt, code_hash, uses, state, created_by, created_at, expires_at, ended_at, end_reason, last_used_at, use_count)
             VALUES ($1, $2, $3, $4, $5, 'active', $6, $7, $8, NULL, NULL, NULL, 0)",
        )
        .bind(c.id.to_string())
        .bind(c.user_id.0)
        .bind(c.salt.clone())
        .bind(c.code_hash.clone())
        .bind(c.uses.key())
        .bind(c.created_by.clone())
        .bind(c.created_at.as_millis())
        .bind(c.expires_at.as_millis())
        .execute(&mut *db_tx)
        .await
        .map_err(map_err("active temporary code"))?;
        db_tx.append(audit).await?;
        db_tx.commit("temporary code").await.map(|_| ())
    }

    async fn end_temp_code(
        &self,
        user: UserId,
        state: CodeState,
        reason: &str,
        now: Timestamp,
        audit: &AuditEvent,
    ) -> Result<bool, StoreError> {
        let mut db_tx = self.begin_audited().await?;
        let r = sqlx::query(
            "UPDATE temporary_codes SET state = $1, ended_at = $2, end_reason = $3
             WHERE user_id = $4 AND state = 'active'",
        )
        .bind(state.key())
        .bind(now.as_millis())
        .bind(reason.to_owned())
        .bind(user.0)
        .execute(&mut *db_tx)
        .await
        .map_err(map_err("temporary code"))?;
        if r.rows_affected() == 0 {
            // Nothing ended: nothing to record (the transaction is rolled back on drop).
            return Ok(false);
        }
        db_tx.append(audit).await?;
        db_tx.commit("temporary code").await?;
        Ok(true)
    }

    async fn use_temp_code(
        &self,
        id: &str,
        single_use: bool,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        let sql = if single_use {
            "UPDATE temporary_codes SET state = 'used', ended_at = $1, end_reason = 'used', last_used_at = $1, use_count = use_count + 1
             WHERE id = $2 AND state = 'active' AND expires_at > $1"
        } else {
            "UPDATE temporary_codes SET last_used_at = $1, use_count = use_count + 1
             WHERE id = $2 AND state = 'active' AND expires_at > $1"
        };
        let r = sqlx::query(sql)
            .bind(now.as_millis())
            .bind(id.to_string())
            .execute(self.writer())
            .await
            .map_err(map_err("temporary code"))?;
        Ok(r.rows_affected() == 1)
    }

    async fn temp_codes_of(&self, user: UserId) -> Result<Vec<TempCode>, StoreError> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM temporary_codes WHERE user_id = $1 ORDER BY created_at DESC, id"
        )))
        .bind(user.0)
        .fetch_all(self.pool())
        .await
        .map_err(map_err("temporary codes"))?
        .iter()
        .map(code_of)
        .collect()
    }
}
