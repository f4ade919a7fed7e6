//! Administrator roles and permissions: deny by default, one built-in superadministrator role.

use crate::ids::RoleId;
use crate::settings::TEMPORARY_CODE_HARD_CAP;
use crate::time::format_duration;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Permission {
    ToggleTemporaryCodes,
    ManageTemporaryCodes,
    DeleteEnrollments,
    UnlockUsers,
    ViewUsers,
    ManageUsers,
    ManagePolicies,
    ManageRoles,
    ManageSettings,
    ManageSecurityQuestions,
    ReadAuditLog,
}

/// Where a permission appears in the role editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PermissionGroup {
    Properties,
    Users,
    Administration,
}

impl Permission {
    pub const ALL: [Permission; 11] = [
        Permission::ToggleTemporaryCodes,
        Permission::ManageTemporaryCodes,
        Permission::DeleteEnrollments,
        Permission::UnlockUsers,
        Permission::ViewUsers,
        Permission::ManageUsers,
        Permission::ManagePolicies,
        Permission::ManageRoles,
        Permission::ManageSettings,
        Permission::ManageSecurityQuestions,
        Permission::ReadAuditLog,
    ];

    /// Stable key, stored in the database and typed on the command line.
    pub fn key(self) -> &'static str {
        match self {
            Permission::ToggleTemporaryCodes => "temporary_codes.toggle",
            Permission::ManageTemporaryCodes => "temporary_codes.manage",
            Permission::DeleteEnrollments => "enrollments.delete",
            Permission::UnlockUsers => "users.unlock",
            Permission::ViewUsers => "users.view",
            Permission::ManageUsers => "users.manage",
            Permission::ManagePolicies => "policies.manage",
            Permission::ManageRoles => "roles.manage",
            Permission::ManageSettings => "settings.manage",
            Permission::ManageSecurityQuestions => "questions.manage",
            Permission::ReadAuditLog => "audit.read",
        }
    }

    /// The label administrators see, worded as the reference words it.
    pub fn label(self) -> &'static str {
        match self {
            Permission::ToggleTemporaryCodes => "Enable/disable temporary codes",
            Permission::ManageTemporaryCodes => "Generate/revoke temporary codes",
            Permission::DeleteEnrollments => "Delete enrollments",
            Permission::UnlockUsers => "Unlock users",
            Permission::ViewUsers => "View users",
            Permission::ManageUsers => "Add, edit and disable users",
            Permission::ManagePolicies => "Manage user policies",
            Permission::ManageRoles => "Manage administrator roles",
            Permission::ManageSettings => "Manage settings",
            Permission::ManageSecurityQuestions => "Manage security questions",
            Permission::ReadAuditLog => "Read the audit log",
        }
    }

    pub fn group(self) -> PermissionGroup {
        match self {
            Permission::ToggleTemporaryCodes
            | Permission::ManageSettings
            | Permission::ManageSecurityQuestions => PermissionGroup::Properties,
            Permission::ManageTemporaryCodes
            | Permission::DeleteEnrollments
            | Permission::UnlockUsers
            | Permission::ViewUsers
            | Permission::ManageUsers => PermissionGroup::Users,
            Permission::ManagePolicies | Permission::ManageRoles | Permission::ReadAuditLog => {
                PermissionGroup::Administration
            }
        }
    }

    pub fn parse(raw: &str) -> Result<Permission, String> {
        Permission::ALL
            .into_iter()
            .find(|p| p.key() == raw)
            .ok_or_else(|| {
                format!(
                    "{raw:?} is not a permission: use one of {}",
                    Permission::ALL.map(|p| p.key()).join(", ")
                )
            })
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleLimits {
    /// The longest temporary code members of this role may issue (e.g. helpdesk: 24 h).
    pub max_temporary_code_lifetime: Option<Duration>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Role {
    pub id: RoleId,
    pub name: String,
    pub permissions: BTreeSet<Permission>,
    pub limits: RoleLimits,
    /// The superadministrator role: every permission, cannot be edited or deleted.
    pub builtin: bool,
}

pub const SUPERADMIN_ROLE: &str = "Superadministrator";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RoleError {
    #[error("role name: use 1 to 60 printable characters")]
    BadName,
    #[error("the {SUPERADMIN_ROLE} role is built in and cannot be changed")]
    Builtin,
    #[error("temporary-code limit: use between 5m and 14d (got {0})")]
    BadLimit(String),
}

impl Role {
    pub fn superadmin() -> Role {
        Role {
            id: RoleId(0),
            name: SUPERADMIN_ROLE.into(),
            permissions: Permission::ALL.into_iter().collect(),
            limits: RoleLimits::default(),
            builtin: true,
        }
    }

    pub fn new(name: &str) -> Result<Role, RoleError> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 60 || name.chars().any(char::is_control) {
            return Err(RoleError::BadName);
        }
        Ok(Role {
            id: RoleId(0),
            name: name.into(),
            permissions: BTreeSet::new(),
            limits: RoleLimits::default(),
            builtin: false,
        })
    }

    /// Deny by default: only a permission in the set allows. The built-in role holds them all.
    pub fn allows(&self, p: Permission) -> bool {
        self.builtin || self.permissions.contains(&p)
    }

    pub fn with_permission(&self, p: Permission, granted: bool) -> Result<Role, RoleError> {
        if self.builtin {
            return Err(RoleError::Builtin);
        }
        let mut r = self.clone();
        if granted {
            r.permissions.insert(p);
        } else {
            r.permissions.remove(&p);
        }
        Ok(r)
    }

    pub fn with_tempcode_limit(&self, limit: Option<Duration>) -> Result<Role, RoleError> {
        if self.builtin {
            return Err(RoleError::Builtin);
        }
        if let Some(d) = limit
            && (d < Duration::from_secs(300) || d > TEMPORARY_CODE_HARD_CAP)
        {
            return Err(RoleError::BadLimit(format_duration(d)));
        }
        let mut r = self.clone();
        r.limits.max_temporary_code_lifetime = limit;
        Ok(r)
    }

    /// The longest temporary code this role may issue, given the enterprise's own maximum.
    pub fn tempcode_cap(&self, enterprise_max: Duration) -> Duration {
        let cap = enterprise_max.min(TEMPORARY_CODE_HARD_CAP);
        match self.limits.max_temporary_code_lifetime {
            Some(limit) => cap.min(limit),
            None => cap,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deny_by_default() {
        let r = Role::new("Helpdesk").unwrap();
        for p in Permission::ALL {
            assert!(!r.allows(p), "{p:?} allowed without grant");
        }
        let r = r.with_permission(Permission::UnlockUsers, true).unwrap();
        assert!(r.allows(Permission::UnlockUsers));
        assert!(!r.allows(Permission::ManageTemporaryCodes));
    }

    #[test]
    fn superadmin_has_everything_and_is_immutable() {
        let s = Role::superadmin();
        assert!(Permission::ALL.iter().all(|p| s.allows(*p)));
        assert_eq!(
            s.with_permission(Permission::ViewUsers, false),
            Err(RoleError::Builtin)
        );
    }

    #[test]
    fn temporary_code_permissions_are_worded_and_grouped_as_expected() {
        assert_eq!(
            Permission::ToggleTemporaryCodes.label(),
            "Enable/disable temporary codes"
        );
        assert_eq!(
            Permission::ToggleTemporaryCodes.group(),
            PermissionGroup::Properties
        );
        assert_eq!(
            Permission::ManageTemporaryCodes.label(),
            "Generate/revoke temporary codes"
        );
        assert_eq!(
            Permission::ManageTemporaryCodes.group(),
            PermissionGroup::Users
        );
    }

    #[test]
    fn keys_are_unique_and_parse_back() {
        let keys: BTreeSet<_> = Permission::ALL.iter().map(|p| p.key()).collect();
        assert_eq!(keys.len(), Permission::ALL.len());
        for p in Permission::ALL {
            assert_eq!(Permission::parse(p.key()), Ok(p));
        }
        assert!(
            Permission::parse("users.delete")
                .unwrap_err()
                .contains("users.unlock")
        );
    }

    #[test]
    fn role_limit_caps_temporary_codes() {
        let day = Duration::from_secs(86_400);
        let r = Role::new("Helpdesk")
            .unwrap()
            .with_tempcode_limit(Some(day))
            .unwrap();
        assert_eq!(r.tempcode_cap(TEMPORARY_CODE_HARD_CAP), day);
        assert_eq!(
            r.tempcode_cap(Duration::from_secs(3600)),
            Duration::from_secs(3600)
        );
        assert!(
            r.with_tempcode_limit(Some(TEMPORARY_CODE_HARD_CAP + Duration::from_secs(1)))
                .is_err()
        );
        assert_eq!(
            Role::superadmin().tempcode_cap(TEMPORARY_CODE_HARD_CAP),
            TEMPORARY_CODE_HARD_CAP
        );
    }
}
