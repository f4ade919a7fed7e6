//! Application passwords: the entries of each user, the password sealed (the core seals and
//! opens; this only stores bytes).

use crate::{Db, map_err};
use async_trait::async_trait;
use regain_core::app_passwords::AppPassword;
use regain_core::audit::AuditEvent;
use regain_core::ids::UserId;
use regain_core::ports::{AppPasswordRepo, StoreError};
use regain_core::time::Timestamp;
use sqlx::Row;

const WHAT: &str = "application passwords";

#[async_trait]
impl AppPasswordRepo for Db {
    async fn app_passwords(&self, user: UserId) -> Result<Vec<AppPassword>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, name, address, login, sealed_password, created_at, updated_at
             FROM app_passwords WHERE user_id = $1 ORDER BY name, id",
        )
        .bind(user.0)
        .fetch_all(self.pool())
        .await
        .map_err(map_err(WHAT))?;
        rows.iter()
            .map(|r| {
                let m = map_err(WHAT);
                Ok(AppPassword {
                    id: r.try_get("id").map_err(&m)?,
                    user_id: user,
                    name: r.try_get("name").map_err(&m)?,
                    address: r.try_get("address").map_err(&m)?,
                    login: r.try_get("login").map_err(&m)?,
                    sealed_password: r.try_get("sealed_password").map_err(&m)?,
                    created_at: Timestamp(r.try_get("created_at").map_err(&m)?),
                    updated_at: Timestamp(r.try_get("updated_at").map_err(&m)?),
                })
            })
            .collect()
    }

    async fn add_app_password(
        &self,
        e: &AppPassword,
        audit: &AuditEvent,
    ) -> Result<(), StoreError> {
        let mut db_tx = self.begin_audited().await?;
        sqlx::query(
            "INSERT INTO app_passwords (id, user_id, name, address, login, sealed_password, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(e.id.clone())
        .bind(e.user_id.0)
        .bind(e.name.clone())
        .bind(e.address.clone())
        .bind(e.login.clone())
        .bind(e.sealed_password.clone())
        .bind(e.created_at.as_millis())
        .bind(e.updated_at.as_millis())
        .execute(&mut *db_tx)
        .await
        .map_err(map_err(WHAT))?;
        db_tx.append(audit).await?;
        db_tx.commit(WHAT).await.map(|_| ())
    }

    async fn update_app_password(
        &self,
        e: &AppPassword,
        audit: &AuditEvent,
    ) -> Result<bool, StoreError> {
        let mut db_tx = self.begin_audited().await?;
        let changed = sqlx::query(
            "UPDATE app_passwords SET name = $1, address = $2, login = $3, sealed_password = $4, updated_at = $5
             WHERE id = $6 AND user_id = $7",
        )
        .bind(e.name.clone())
        .bind(e.address.clone())
        .bind(e.login.clone())
        .bind(e.sealed_password.clone())
        .bind(e.updated_at.as_millis())
        .bind(e.id.clone())
        .bind(e.user_id.0)
        .execute(&mut *db_tx)
        .await
        .map_err(map_err(WHAT))?
        .rows_affected();
        if changed == 0 {
            return Ok(false);
        }
        db_tx.append(audit).await?;
        db_tx.commit(WHAT).await?;
        Ok(true)
    }

    async fn delete_app_password(
        &self,
        user: UserId,
        id: &str,
        audit: &AuditEvent,
    ) -> Result<bool, StoreError> {
        let mut db_tx = self.begin_audited().await?;
        let gone = sqlx::query("DELETE FROM app_passwords WHERE id = $1 AND user_id = $2")
            .bind(id.to_owned())
            .bind(user.0)
            .execute(&mut *db_tx)
            .await
            .map_err(map_err(WHAT))?
            .rows_affected();
        if gone == 0 {
            return Ok(false);
        }
        db_tx.append(audit).await?;
        db_tx.commit(WHAT).await?;
        Ok(true)
    }
}
