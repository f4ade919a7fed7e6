//! User policies, stored as a JSON body so new policy fields need no schema change.

use crate::cols::Cols;
use crate::sql::{Record, params};
use crate::{Db, lower_key, map_err};
use async_trait::async_trait;
use regain_core::audit::AuditEvent;
use regain_core::ids::PolicyId;
use regain_core::policy::UserPolicy;
use regain_core::ports::{PolicyRepo, StoreError};

impl Record for UserPolicy {
    fn read(r: &impl Cols) -> Result<Self, StoreError> {
        policy_of(r)
    }
}

fn policy_of(row: &impl Cols) -> Result<UserPolicy, StoreError> {
    let id: i64 = row.col("id")?;
    let body: String = row.col("body")?;
    let mut p: UserPolicy = serde_json::from_str(&body)
        .map_err(|e| StoreError::Corrupt(format!("policy {id}: {e}")))?;
    p.id = PolicyId(id);
    Ok(p)
}

fn body_of(p: &UserPolicy) -> Result<String, StoreError> {
    serde_json::to_string(p).map_err(|e| StoreError::Corrupt(format!("policy: {e}")))
}

pub(crate) const POLICY_BY_ID: &str = "SELECT id, body FROM policies WHERE id = $1";

/// A policy by id, on the hot path's connection.
pub(crate) fn policy_on(
    c: &rusqlite::Connection,
    id: PolicyId,
) -> Result<Option<UserPolicy>, StoreError> {
    crate::engine::first_row(c, "policy", POLICY_BY_ID, [id.0], |r| policy_of(r))
}

#[async_trait]
impl PolicyRepo for Db {
    async fn create_policy(
        &self,
        p: &UserPolicy,
        audit: &AuditEvent,
    ) -> Result<UserPolicy, StoreError> {
        let mut db_tx = self.begin_audited().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO policies (name, name_key, body, updated_at) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(p.name.clone())
        .bind(lower_key(&p.name))
        .bind(body_of(p)?)
        .bind(audit.at.as_millis())
        .fetch_one(&mut *db_tx)
        .await
        .map_err(map_err(&format!("policy {}", p.name)))?;
        db_tx.append(audit).await?;
        db_tx.commit("policy").await?;
        Ok(UserPolicy {
            id: PolicyId(id),
            ..p.clone()
        })
    }

    async fn policy_by_name(&self, name: &str) -> Result<Option<UserPolicy>, StoreError> {
        let row = sqlx::query("SELECT id, body FROM policies WHERE name_key = $1")
            .bind(lower_key(name))
            .fetch_optional(self.pool())
            .await
            .map_err(map_err("policy"))?;
        row.as_ref().map(policy_of).transpose()
    }

    async fn policy_by_id(&self, id: PolicyId) -> Result<Option<UserPolicy>, StoreError> {
        self.fetch_record("policy", POLICY_BY_ID, params![id.0])
            .await
    }

    async fn list_policies(&self) -> Result<Vec<UserPolicy>, StoreError> {
        let rows = sqlx::query("SELECT id, body FROM policies ORDER BY name_key")
            .fetch_all(self.pool())
            .await
            .map_err(map_err("policies"))?;
        rows.iter().map(policy_of).collect()
    }

    async fn update_policy(&self, p: &UserPolicy, audit: &AuditEvent) -> Result<(), StoreError> {
        let q = sqlx::query(
            "UPDATE policies SET name = $1, name_key = $2, body = $3, updated_at = $4 WHERE id = $5",
        )
        .bind(p.name.clone())
        .bind(lower_key(&p.name))
        .bind(body_of(p)?)
        .bind(audit.at.as_millis())
        .bind(p.id.0);
        self.audited_change(q, &format!("policy {}", p.name), audit)
            .await
    }
}
