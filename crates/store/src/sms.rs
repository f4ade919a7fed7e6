//! SMS codes: hashes only, consumed by one conditional UPDATE.

use crate::{Db, map_err};
use async_trait::async_trait;
use regain_core::ids::UserId;
use regain_core::ports::{SmsCodeRecord, SmsRepo, StoreError};
use regain_core::time::Timestamp;

#[async_trait]
impl SmsRepo for Db {
    async fn add_sms_code(&self, c: &SmsCodeRecord) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO sms_codes (id, scope, user_id, number_hash, code_hash, created_at, expires_at, used_at) VALUES ($1, $2, $3, $4, $5, $6, $7, NULL)")
            .bind(c.id.to_string())
            .bind(c.scope.clone())
            .bind(c.user_id.0)
            .bind(c.number_hash.clone())
            .bind(c.code_hash.clone())
            .bind(c.created_at.as_millis())
            .bind(c.expires_at.as_millis())
            .execute(self.writer())
            .await
            .map_err(map_err("SMS code"))?;
        Ok(())
    }

    async fn sms_sends(
        &self,
        user: UserId,
        number_hash: &str,
        since: Timestamp,
    ) -> Result<(u64, u64, Option<Timestamp>), StoreError> {
        let to_user: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM sms_codes WHERE user_id = $1 AND created_at > $2",
        )
        .bind(user.0)
        .bind(since.as_millis())
        .fetch_one(self.pool())
        .await
        .map_err(map_err("SMS codes"))?;
        let to_number: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM sms_codes WHERE number_hash = $1 AND created_at > $2",
        )
        .bind(number_hash.to_owned())
        .bind(since.as_millis())
        .fetch_one(self.pool())
        .await
        .map_err(map_err("SMS codes"))?;
        let last: Option<i64> =
            sqlx::query_scalar("SELECT MAX(created_at) FROM sms_codes WHERE user_id = $1")
                .bind(user.0)
                .fetch_one(self.pool())
                .await
                .map_err(map_err("SMS codes"))?;
        Ok((to_user as u64, to_number as u64, last.map(Timestamp)))
    }

    async fn consume_sms_code(
        &self,
        scope: &str,
        code_hash: &str,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        // One statement decides: the code must match, be unexpired and unused.
        let r = sqlx::query(
            "UPDATE sms_codes SET used_at = $1 WHERE scope = $2 AND code_hash = $3 AND used_at IS NULL AND expires_at > $1",
        )
        .bind(now.as_millis())
        .bind(scope.to_owned())
        .bind(code_hash.to_owned())
        .execute(self.writer())
        .await
        .map_err(map_err("SMS code"))?;
        if r.rows_affected() == 1 {
            // Older resends of the same scope cannot be tried afterwards.
            sqlx::query("UPDATE sms_codes SET used_at = $1 WHERE scope = $2 AND used_at IS NULL")
                .bind(now.as_millis())
                .bind(scope.to_owned())
                .execute(self.writer())
                .await
                .map_err(map_err("SMS code"))?;
        }
        Ok(r.rows_affected() == 1)
    }
}
