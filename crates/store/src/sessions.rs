//! Console sessions in the database, so any node serves any request.

use crate::{Db, map_err};
use async_trait::async_trait;
use regain_core::audit::AuditEvent;
use regain_core::ports::{SessionRepo, StoreError};
use regain_core::session::AdminSession;
use regain_core::time::Timestamp;
use sqlx::Row;

#[async_trait]
impl SessionRepo for Db {
    async fn create_session(&self, s: &AdminSession, audit: &AuditEvent) -> Result<(), StoreError> {
        let mut db_tx = self.begin_audited().await?;
        sqlx::query(
            "INSERT INTO admin_sessions (id_hash, username, csrf_token, source, created_at, last_seen, expires_at, mfa_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(s.id_hash.clone())
        .bind(s.username.clone())
        .bind(s.csrf_token.clone())
        .bind(s.source.clone())
        .bind(s.created_at.as_millis())
        .bind(s.last_seen.as_millis())
        .bind(s.expires_at.as_millis())
        .bind(s.mfa_at.map(Timestamp::as_millis))
        .execute(&mut *db_tx)
        .await
        .map_err(map_err("session"))?;
        db_tx.append(audit).await?;
        db_tx.commit("session").await.map(|_| ())
    }

    async fn touch_session(
        &self,
        id_hash: &str,
        now: Timestamp,
    ) -> Result<Option<AdminSession>, StoreError> {
        let row = sqlx::query(
            "UPDATE admin_sessions SET last_seen = $1 WHERE id_hash = $2 AND expires_at > $1 AND last_seen > $3
             RETURNING id_hash, username, csrf_token, source, created_at, last_seen, expires_at, mfa_at",
        )
        .bind(now.as_millis())
        .bind(id_hash.to_owned())
        .bind(AdminSession::idle_cutoff(now).as_millis())
        .fetch_optional(self.writer())
        .await
        .map_err(map_err("session"))?;
        let Some(r) = row else { return Ok(None) };
        let m = map_err("session");
        Ok(Some(AdminSession {
            id_hash: r.try_get("id_hash").map_err(&m)?,
            username: r.try_get("username").map_err(&m)?,
            csrf_token: r.try_get("csrf_token").map_err(&m)?,
            source: r.try_get("source").map_err(&m)?,
            created_at: Timestamp(r.try_get("created_at").map_err(&m)?),
            last_seen: Timestamp(r.try_get("last_seen").map_err(&m)?),
            expires_at: Timestamp(r.try_get("expires_at").map_err(&m)?),
            mfa_at: r
                .try_get::<Option<i64>, _>("mfa_at")
                .map_err(&m)?
                .map(Timestamp),
        }))
    }

    async fn delete_session(&self, id_hash: &str, audit: &AuditEvent) -> Result<bool, StoreError> {
        let q =
            sqlx::query("DELETE FROM admin_sessions WHERE id_hash = $1").bind(id_hash.to_owned());
        match self.audited_change(q, "session", audit).await {
            Ok(()) => Ok(true),
            Err(StoreError::NotFound(_)) => Ok(false),
            Err(e) => Err(e),
        }
    }

    async fn confirm_session_mfa(&self, id_hash: &str, at: Timestamp) -> Result<bool, StoreError> {
        let r = sqlx::query(
            "UPDATE admin_sessions SET mfa_at = $1 WHERE id_hash = $2 AND expires_at > $1",
        )
        .bind(at.as_millis())
        .bind(id_hash.to_owned())
        .execute(self.writer())
        .await
        .map_err(map_err("session"))?;
        Ok(r.rows_affected() == 1)
    }

    async fn end_sessions_of(&self, username: &str) -> Result<u64, StoreError> {
        let r = sqlx::query("DELETE FROM admin_sessions WHERE username = $1")
            .bind(username.to_owned())
            .execute(self.writer())
            .await
            .map_err(map_err("sessions"))?;
        Ok(r.rows_affected())
    }

    async fn purge_sessions(&self, now: Timestamp) -> Result<u64, StoreError> {
        let r = sqlx::query("DELETE FROM admin_sessions WHERE expires_at <= $1 OR last_seen <= $2")
            .bind(now.as_millis())
            .bind(AdminSession::idle_cutoff(now).as_millis())
            .execute(self.writer())
            .await
            .map_err(map_err("sessions"))?;
        Ok(r.rows_affected())
    }
}
