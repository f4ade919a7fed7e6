//! One-time tokens (setup links), stored as keyed hashes and used up by one atomic statement.

use crate::{Db, map_err};
use async_trait::async_trait;
use regain_core::audit::AuditEvent;
use regain_core::ports::{OneTimeTokenRepo, StoreError};
use regain_core::time::Timestamp;

#[async_trait]
impl OneTimeTokenRepo for Db {
    async fn create_token(
        &self,
        token_hash: &str,
        purpose: &str,
        subject: &str,
        expires_at: Timestamp,
        audit: &AuditEvent,
    ) -> Result<(), StoreError> {
        let mut db_tx = self.begin_audited().await?;
        sqlx::query(
            "INSERT INTO one_time_tokens (token_hash, purpose, subject, expires_at, used_at, created_at) VALUES ($1, $2, $3, $4, NULL, $5)",
        )
        .bind(token_hash.to_owned())
        .bind(purpose.to_owned())
        .bind(subject.to_owned())
        .bind(expires_at.as_millis())
        .bind(audit.at.as_millis())
        .execute(&mut *db_tx)
        .await
        .map_err(map_err("one-time token"))?;
        db_tx.append(audit).await?;
        db_tx.commit("one-time token").await.map(|_| ())
    }

    async fn consume_token(
        &self,
        token_hash: &str,
        purpose: &str,
        now: Timestamp,
    ) -> Result<Option<String>, StoreError> {
        // The condition and the update are one statement: of two concurrent callers, exactly one
        // sees a row.
        sqlx::query_scalar(
            "UPDATE one_time_tokens SET used_at = $1 WHERE token_hash = $2 AND purpose = $3 AND used_at IS NULL AND expires_at > $1 RETURNING subject",
        )
        .bind(now.as_millis())
        .bind(token_hash.to_owned())
        .bind(purpose.to_owned())
        .fetch_optional(self.writer())
        .await
        .map_err(map_err("one-time token"))
    }

    async fn peek_token(
        &self,
        token_hash: &str,
        purpose: &str,
        now: Timestamp,
    ) -> Result<Option<String>, StoreError> {
        sqlx::query_scalar(
            "SELECT subject FROM one_time_tokens WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3",
        )
        .bind(token_hash.to_owned())
        .bind(purpose.to_owned())
        .bind(now.as_millis())
        .fetch_optional(self.pool())
        .await
        .map_err(map_err("one-time token"))
    }
}
