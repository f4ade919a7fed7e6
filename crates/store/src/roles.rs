//! Administrator roles and who holds them.

use crate::{Db, bool_int, lower_key, map_err};
use async_trait::async_trait;
use regain_core::admin::{Permission, Role, RoleLimits};
use regain_core::audit::AuditEvent;
use regain_core::ids::{RoleId, UserId};
use regain_core::ports::{RoleRepo, StoreError};
use sqlx::Row;
use sqlx::any::AnyRow;
use std::time::Duration;

fn role_of(row: &AnyRow) -> Result<Role, StoreError> {
    let m = map_err("role");
    let perms: String = row.try_get("permissions").map_err(&m)?;
    let limit: Option<i64> = row.try_get("max_tempcode_secs").map_err(&m)?;
    let builtin: i64 = row.try_get("builtin").map_err(&m)?;
    let permissions = perms
        .split(',')
        .filter(|s| !s.is_empty())
        .map(|k| Permission::parse(k).map_err(StoreError::Corrupt))
        .collect::<Result<_, _>>()?;
    let mut role = Role {
        id: RoleId(row.try_get("id").map_err(&m)?),
        name: row.try_get("name").map_err(&m)?,
        permissions,
        limits: RoleLimits {
            max_temporary_code_lifetime: limit.map(|s| Duration::from_secs(s.max(0) as u64)),
        },
        builtin: builtin != 0,
    };
    if role.builtin {
        // The built-in role always holds every permission, whatever the row says.
        role.permissions = Permission::ALL.into_iter().collect();
    }
    Ok(role)
}

fn perms_text(r: &Role) -> String {
    r.permissions
        .iter()
        .map(|p| p.key())
        .collect::<Vec<_>>()
        .join(",")
}

fn limit_secs(r: &Role) -> Option<i64> {
    r.limits
        .max_temporary_code_lifetime
        .map(|d| d.as_secs() as i64)
}

#[async_trait]
impl RoleRepo for Db {
    async fn create_role(&self, r: &Role, audit: &AuditEvent) -> Result<Role, StoreError> {
        let mut db_tx = self.begin_audited().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO roles (name, name_key, permissions, max_tempcode_secs, builtin) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(r.name.clone())
        .bind(lower_key(&r.name))
        .bind(perms_text(r))
        .bind(limit_secs(r))
        .bind(bool_int(r.builtin))
        .fetch_one(&mut *db_tx)
        .await
        .map_err(map_err(&format!("role {}", r.name)))?;
        db_tx.append(audit).await?;
        db_tx.commit("role").await?;
        Ok(Role {
            id: RoleId(id),
            ..r.clone()
        })
    }

    async fn role_by_name(&self, name: &str) -> Result<Option<Role>, StoreError> {
        let row = sqlx::query("SELECT * FROM roles WHERE name_key = $1")
            .bind(lower_key(name))
            .fetch_optional(self.pool())
            .await
            .map_err(map_err("role"))?;
        row.as_ref().map(role_of).transpose()
    }

    async fn list_roles(&self) -> Result<Vec<Role>, StoreError> {
        let rows = sqlx::query("SELECT * FROM roles ORDER BY builtin DESC, name_key")
            .fetch_all(self.pool())
            .await
            .map_err(map_err("roles"))?;
        rows.iter().map(role_of).collect()
    }

    async fn update_role(&self, r: &Role, audit: &AuditEvent) -> Result<(), StoreError> {
        // `builtin = 0` in the condition: the built-in role can never be edited, even by a bug
        // above this layer.
        let q = sqlx::query(
            "UPDATE roles SET name = $1, name_key = $2, permissions = $3, max_tempcode_secs = $4 WHERE id = $5 AND builtin = 0",
        )
        .bind(r.name.clone())
        .bind(lower_key(&r.name))
        .bind(perms_text(r))
        .bind(limit_secs(r))
        .bind(r.id.0);
        self.audited_change(q, &format!("editable role {}", r.name), audit)
            .await
    }

    async fn assign_role(
        &self,
        user: UserId,
        role: RoleId,
        audit: &AuditEvent,
    ) -> Result<(), StoreError> {
        let mut db_tx = self.begin_audited().await?;
        sqlx::query(
            "INSERT INTO admin_roles (user_id, role_id) VALUES ($1, $2) ON CONFLICT (user_id) DO UPDATE SET role_id = excluded.role_id",
        )
        .bind(user.0)
        .bind(role.0)
        .execute(&mut *db_tx)
        .await
        .map_err(map_err("administrator role"))?;
        db_tx.append(audit).await?;
        db_tx.commit("administrator role").await.map(|_| ())
    }

    async fn role_of(&self, user: UserId) -> Result<Option<Role>, StoreError> {
        let row = sqlx::query(
            "SELECT r.* FROM roles r JOIN admin_roles a ON a.role_id = r.id WHERE a.user_id = $1",
        )
        .bind(user.0)
        .fetch_optional(self.pool())
        .await
        .map_err(map_err("administrator role"))?;
        row.as_ref().map(role_of).transpose()
    }

    async fn list_admins(&self) -> Result<Vec<(String, String)>, StoreError> {
        let rows = sqlx::query(
            "SELECT u.username AS username, r.name AS role FROM admin_roles a JOIN users u ON u.id = a.user_id JOIN roles r ON r.id = a.role_id ORDER BY u.username_key",
        )
        .fetch_all(self.pool())
        .await
        .map_err(map_err("administrators"))?;
        rows.iter()
            .map(|r| {
                let m = map_err("administrators");
                Ok((
                    r.try_get("username").map_err(&m)?,
                    r.try_get("role").map_err(&m)?,
                ))
            })
            .collect()
    }
}
