//! Sealed directory passwords (the application encrypts; the database never sees them in clear).

use crate::{Db, map_err};
use async_trait::async_trait;
use regain_core::ids::UserId;
use regain_core::ports::{DirectorySecretRepo, StoreError};
use regain_core::time::Timestamp;

#[async_trait]
impl DirectorySecretRepo for Db {
    async fn put_directory_secret(
        &self,
        user: UserId,
        kind: &str,
        sealed: &[u8],
        now: Timestamp,
        expires_at: Option<Timestamp>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO directory_secrets (user_id, kind, sealed, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (user_id, kind) DO UPDATE SET sealed = excluded.sealed, created_at = excluded.created_at, expires_at = excluded.expires_at",
        )
        .bind(user.0)
        .bind(kind.to_owned())
        .bind(sealed.to_vec())
        .bind(now.as_millis())
        .bind(expires_at.map(Timestamp::as_millis))
        .execute(self.writer())
        .await
        .map_err(map_err("directory secret"))?;
        Ok(())
    }

    async fn directory_secret(
        &self,
        user: UserId,
        kind: &str,
        now: Timestamp,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        sqlx::query_scalar(
            "SELECT sealed FROM directory_secrets WHERE user_id = $1 AND kind = $2 AND (expires_at IS NULL OR expires_at > $3)",
        )
        .bind(user.0)
        .bind(kind.to_owned())
        .bind(now.as_millis())
        .fetch_optional(self.pool())
        .await
        .map_err(map_err("directory secret"))
    }

    async fn forget_directory_secret(&self, user: UserId, kind: &str) -> Result<bool, StoreError> {
        let r = sqlx::query("DELETE FROM directory_secrets WHERE user_id = $1 AND kind = $2")
            .bind(user.0)
            .bind(kind.to_owned())
            .execute(self.writer())
            .await
            .map_err(map_err("directory secret"))?;
        Ok(r.rows_affected() > 0)
    }
}
