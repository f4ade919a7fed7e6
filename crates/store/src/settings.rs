//! The single row of enterprise settings.

use crate::{Db, map_err};
use async_trait::async_trait;
use regain_core::audit::AuditEvent;
use regain_core::ports::{SettingsRepo, StoreError};
use regain_core::settings::EnterpriseSettings;

#[async_trait]
impl SettingsRepo for Db {
    async fn settings(&self) -> Result<EnterpriseSettings, StoreError> {
        let body: Option<String> = sqlx::query_scalar("SELECT body FROM settings WHERE id = 1")
            .fetch_optional(self.pool())
            .await
            .map_err(map_err("settings"))?;
        match body {
            // Never seeded: the safe defaults (temporary codes off).
            None => Ok(EnterpriseSettings::default()),
            Some(b) => {
                serde_json::from_str(&b).map_err(|e| StoreError::Corrupt(format!("settings: {e}")))
            }
        }
    }

    async fn save_settings(
        &self,
        s: &EnterpriseSettings,
        audit: &AuditEvent,
    ) -> Result<(), StoreError> {
        let body =
            serde_json::to_string(s).map_err(|e| StoreError::Corrupt(format!("settings: {e}")))?;
        let mut db_tx = self.begin_audited().await?;
        sqlx::query(
            "INSERT INTO settings (id, body, updated_at) VALUES (1, $1, $2) ON CONFLICT (id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at",
        )
        .bind(body)
        .bind(audit.at.as_millis())
        .execute(&mut *db_tx)
        .await
        .map_err(map_err("settings"))?;
        self.signer().append(&mut db_tx, audit).await?;
        db_tx.commit().await.map_err(map_err("settings"))
    }
}
