//! Administrator roles: create, grant and revoke permissions, set limits, assign administrators.

use super::{Authority, Caller, ServiceError, Services};
use crate::admin::{
    Permission, Role, RoleChanger, SUPERADMIN_ROLE, may_assign_role, may_edit_role,
};
use crate::audit::AuditAction;
use crate::audit::Outcome;
use crate::time::format_duration;
use std::time::Duration;

impl Services {
    /// Who changes roles, for the rules against escalation (`authorize` has let them through).
    fn role_changer(caller: &Caller) -> RoleChanger<'_> {
        match &caller.authority {
            Authority::Admin { username, role, .. } => RoleChanger::Admin { username, role },
            // Self-service callers never hold "Manage roles"; the operator holds everything.
            Authority::Operator | Authority::SelfService { .. } => RoleChanger::Operator,
        }
    }

    /// Refuses (and audits) a role edit that the rules against escalation forbid.
    async fn check_role_edit(
        &self,
        caller: &Caller,
        action: AuditAction,
        old: &Role,
        new: &Role,
    ) -> Result<(), ServiceError> {
        self.refuse_escalation(
            caller,
            action,
            &old.name,
            may_edit_role(Self::role_changer(caller), old, new),
        )
        .await
    }

    async fn refuse_escalation(
        &self,
        caller: &Caller,
        action: AuditAction,
        target: &str,
        verdict: Result<(), crate::admin::RoleRefusal>,
    ) -> Result<(), ServiceError> {
        let Err(refusal) = verdict else {
            return Ok(());
        };
        let audit = self
            .event(caller, action, Outcome::Denied)
            .target(target)
            .detail("reason", refusal.to_string());
        self.store.append_audit(&audit).await?;
        Err(ServiceError::Forbidden(refusal))
    }

    async fn find_role(&self, name: &str) -> Result<Role, ServiceError> {
        self.store
            .role_by_name(name)
            .await?
            .ok_or_else(|| ServiceError::NotFound {
                what: "role",
                name: name.to_owned(),
            })
    }

    pub async fn list_roles(&self, caller: &Caller) -> Result<Vec<Role>, ServiceError> {
        self.authorize(caller, Permission::ManageRoles, AuditAction::RoleList, "")
            .await?;
        Ok(self.store.list_roles().await?)
    }

    pub async fn list_admins(
        &self,
        caller: &Caller,
    ) -> Result<Vec<(String, String)>, ServiceError> {
        self.authorize(
            caller,
            Permission::ManageRoles,
            AuditAction::RoleListAdmins,
            "",
        )
        .await?;
        Ok(self.store.list_admins().await?)
    }

    pub async fn create_role(&self, caller: &Caller, name: &str) -> Result<Role, ServiceError> {
        self.authorize(
            caller,
            Permission::ManageRoles,
            AuditAction::RoleCreate,
            name,
        )
        .await?;
        self.require_recent_second_factor(caller)?;
        let role = Role::new(name)?;
        if self.store.role_by_name(&role.name).await?.is_some() {
            return Err(ServiceError::AlreadyExists {
                what: "role",
                name: role.name,
            });
        }
        let audit = self
            .event(caller, AuditAction::RoleCreate, Outcome::Success)
            .target(&role.name);
        Ok(self.store.create_role(&role, &audit).await?)
    }

    pub async fn set_role_permission(
        &self,
        caller: &Caller,
        role: &str,
        permission: Permission,
        granted: bool,
    ) -> Result<Role, ServiceError> {
        let action = if granted {
            AuditAction::RoleGrant
        } else {
            AuditAction::RoleRevoke
        };
        self.authorize(caller, Permission::ManageRoles, action, role)
            .await?;
        self.require_recent_second_factor(caller)?;
        let old = self.find_role(role).await?;
        let r = old.with_permission(permission, granted)?;
        self.check_role_edit(caller, action, &old, &r).await?;
        let audit = self
            .event(caller, action, Outcome::Success)
            .target(&r.name)
            .detail("permission", permission.key());
        self.store.update_role(&r, &audit).await?;
        Ok(r)
    }

    pub async fn set_role_temp_code_limit(
        &self,
        caller: &Caller,
        role: &str,
        limit: Option<Duration>,
    ) -> Result<Role, ServiceError> {
        self.authorize(
            caller,
            Permission::ManageRoles,
            AuditAction::RoleSetLimit,
            role,
        )
        .await?;
        self.require_recent_second_factor(caller)?;
        let old = self.find_role(role).await?;
        let r = old.with_temp_code_limit(limit)?;
        self.check_role_edit(caller, AuditAction::RoleSetLimit, &old, &r)
            .await?;
        let audit = self
            .event(caller, AuditAction::RoleSetLimit, Outcome::Success)
            .target(&r.name)
            .detail(
                "max_temporary_code_lifetime",
                limit.map(format_duration).unwrap_or_else(|| "none".into()),
            );
        self.store.update_role(&r, &audit).await?;
        Ok(r)
    }

    /// Replaces a role's permissions and limit in one change (the role editor's Save).
    pub async fn update_role(
        &self,
        caller: &Caller,
        role: &str,
        permissions: &std::collections::BTreeSet<Permission>,
        limit: Option<Duration>,
    ) -> Result<Role, ServiceError> {
        self.authorize(
            caller,
            Permission::ManageRoles,
            AuditAction::RoleUpdate,
            role,
        )
        .await?;
        self.require_recent_second_factor(caller)?;
        let old = self.find_role(role).await?;
        let mut r = old.with_temp_code_limit(limit)?;
        for p in Permission::ALL {
            r = r.with_permission(p, permissions.contains(&p))?;
        }
        self.check_role_edit(caller, AuditAction::RoleUpdate, &old, &r)
            .await?;
        let keys = |set: &std::collections::BTreeSet<Permission>| {
            set.iter().map(|p| p.key()).collect::<Vec<_>>().join(",")
        };
        let audit = self
            .event(caller, AuditAction::RoleUpdate, Outcome::Success)
            .target(&r.name)
            .detail("permissions", keys(&r.permissions))
            .detail("previous_permissions", keys(&old.permissions))
            .detail(
                "max_temporary_code_lifetime",
                limit.map(format_duration).unwrap_or_else(|| "none".into()),
            );
        self.store.update_role(&r, &audit).await?;
        Ok(r)
    }

    pub async fn assign_role(
        &self,
        caller: &Caller,
        role: &str,
        username: &str,
    ) -> Result<(), ServiceError> {
        self.authorize(
            caller,
            Permission::ManageRoles,
            AuditAction::RoleAssign,
            username,
        )
        .await?;
        self.require_recent_second_factor(caller)?;
        let r = self.find_role(role).await?;
        let user = self.find_user(username).await?;
        let current = self.store.role_of(user.id).await?;
        let superadmins = self
            .store
            .list_admins()
            .await?
            .iter()
            .filter(|(_, role)| role == SUPERADMIN_ROLE)
            .count();
        let verdict = may_assign_role(
            Self::role_changer(caller),
            user.username.as_str(),
            current.as_ref(),
            &r,
            superadmins,
        );
        self.refuse_escalation(
            caller,
            AuditAction::RoleAssign,
            user.username.as_str(),
            verdict,
        )
        .await?;
        let audit = self
            .event(caller, AuditAction::RoleAssign, Outcome::Success)
            .target(user.username.as_str())
            .detail("role", &r.name);
        self.store.assign_role(user.id, r.id, &audit).await?;
        Ok(())
    }
}
