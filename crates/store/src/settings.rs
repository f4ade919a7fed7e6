//! The single row of enterprise settings.

use crate::cols::Cols;
use crate::sql::Record;
use crate::{Db, map_err};
use async_trait::async_trait;
use regain_core::audit::AuditEvent;
use regain_core::ports::{SettingsRepo, StoreError};
use regain_core::settings::EnterpriseSettings;

impl Record for EnterpriseSettings {
    fn read(r: &impl Cols) -> Result<Self, StoreError> {
        let body: String = r.col("body")?;
        serde_json::from_str(&body).map_err(|e| StoreError::Corrupt(format!("settings: {e}")))
    }
}

#[async_trait]
impl SettingsRepo for Db {
    /// A read of the sign-in path (a RADIUS answer reads the temporary codes' length): on the
    /// hot path's readers with SQLite.
    async fn settings(&self) -> Result<EnterpriseSettings, StoreError> {
        let s = self
            .fetch_record(
                "settings",
                "SELECT body FROM settings WHERE id = 1",
                Vec::new(),
            )
            .await?;
        // Never seeded: the safe defaults (temporary codes off).
        Ok(s.unwrap_or_default())
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
        db_tx.append(audit).await?;
        db_tx.commit("settings").await.map(|_| ())
    }
}
