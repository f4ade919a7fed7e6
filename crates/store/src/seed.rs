//! What every installation starts with: the built-in superadministrator role, a "Default" user
//! policy, the settings row (temporary codes off) and the default security questions. Idempotent.

use crate::{Db, bool_int, lower_key, map_err};
use regain_core::admin::Role;
use regain_core::audit::AuditAction;
use regain_core::audit::{Actor, AuditEvent, Outcome};
use regain_core::policy::UserPolicy;
use regain_core::ports::StoreError;
use regain_core::questions::DEFAULT_QUESTIONS;
use regain_core::settings::EnterpriseSettings;
use regain_core::time::Timestamp;

impl Db {
    /// Inserts whatever of the initial data is missing, with one audit record if anything was.
    pub async fn seed(&self, now: Timestamp) -> Result<bool, StoreError> {
        let mut db_tx = self.begin_audited().await?;
        let mut inserted = 0u64;
        let su = Role::superadmin();
        inserted += sqlx::query(
            "INSERT INTO roles (name, name_key, permissions, max_tempcode_secs, builtin) VALUES ($1, $2, '', NULL, 1) ON CONFLICT (name_key) DO NOTHING",
        )
        .bind(su.name.clone())
        .bind(lower_key(&su.name))
        .execute(&mut *db_tx)
        .await
        .map_err(map_err("seed role"))?
        .rows_affected();
        let policy = UserPolicy::new("Default").map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let body =
            serde_json::to_string(&policy).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        inserted += sqlx::query(
            "INSERT INTO policies (name, name_key, body, updated_at) VALUES ('Default', 'default', $1, $2) ON CONFLICT (name_key) DO NOTHING",
        )
        .bind(body)
        .bind(now.as_millis())
        .execute(&mut *db_tx)
        .await
        .map_err(map_err("seed policy"))?
        .rows_affected();
        let settings = serde_json::to_string(&EnterpriseSettings::default())
            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        inserted += sqlx::query("INSERT INTO settings (id, body, updated_at) VALUES (1, $1, $2) ON CONFLICT (id) DO NOTHING")
            .bind(settings)
            .bind(now.as_millis())
            .execute(&mut *db_tx)
            .await
            .map_err(map_err("seed settings"))?
            .rows_affected();
        let questions: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM security_questions")
            .fetch_one(&mut *db_tx)
            .await
            .map_err(map_err("seed questions"))?;
        if questions == 0 {
            for q in DEFAULT_QUESTIONS {
                inserted += sqlx::query("INSERT INTO security_questions (text, text_key, mandatory) VALUES ($1, $2, $3)")
                    .bind(q)
                    .bind(lower_key(q))
                    .bind(bool_int(false))
                    .execute(&mut *db_tx)
                    .await
                    .map_err(map_err("seed questions"))?
                    .rows_affected();
            }
        }
        if inserted > 0 {
            let e = AuditEvent::new(
                now,
                &Actor::System,
                AuditAction::SystemInitialize,
                Outcome::Success,
            )
            .detail("rows", inserted.to_string());
            db_tx.append(&e).await?;
        }
        db_tx.commit("seed").await?;
        Ok(inserted > 0)
    }
}
