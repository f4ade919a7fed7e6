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
    ManageNotifications,
}

/// Where a permission appears in the role editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PermissionGroup {
    Properties,
    Users,
    Administration,
}

impl Permission {
    pub const ALL: [Permission; 12] = [
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
        Permission::ManageNotifications,
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
            Permission::ManageNotifications => "notifications.manage",
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
            Permission::ManageNotifications => "Manage notifications",
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
            Permission::ManagePolicies
            | Permission::ManageRoles
            | Permission::ReadAuditLog
            | Permission::ManageNotifications => PermissionGroup::Administration,
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

    pub fn with_temp_code_limit(&self, limit: Option<Duration>) -> Result<Role, RoleError> {
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
    pub fn temp_code_cap(&self, enterprise_max: Duration) -> Duration {
        let cap = enterprise_max.min(TEMPORARY_CODE_HARD_CAP);
        match self.limits.max_temporary_code_lifetime {
            Some(limit) => cap.min(limit),
            None => cap,
        }
    }
}

/// Why an administrator may not make a change to roles although they hold "Manage roles"
/// (security requirements 10 and 47: no escalation of one's own privileges).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RoleRefusal {
    #[error("you cannot grant or revoke “{}”: your own role does not include it", .0.label())]
    BeyondOwnPermission(Permission),
    #[error("you cannot allow longer temporary codes than your own role may issue ({0})")]
    BeyondOwnLimit(String),
    #[error("you cannot change the role you hold: ask another administrator")]
    OwnRole,
    #[error("you cannot change your own administrator role: ask another administrator")]
    OwnAssignment,
    #[error("only a superadministrator may assign, remove or edit the {SUPERADMIN_ROLE} role")]
    SuperadminOnly,
    #[error(
        "this is the last superadministrator: make another administrator a superadministrator first"
    )]
    LastSuperadmin,
}

/// Who is changing roles: an administrator with their role, or the local operator (CLI), who
/// holds every permission.
#[derive(Debug, Clone, Copy)]
pub enum RoleChanger<'a> {
    Operator,
    Admin { username: &'a str, role: &'a Role },
}

impl RoleChanger<'_> {
    fn holds(&self, p: Permission) -> bool {
        match self {
            RoleChanger::Operator => true,
            RoleChanger::Admin { role, .. } => role.allows(p),
        }
    }

    fn is_superadmin(&self) -> bool {
        match self {
            RoleChanger::Operator => true,
            RoleChanger::Admin { role, .. } => role.builtin,
        }
    }

    /// The longest temporary code the changer's own role may issue (`None`: no role limit).
    fn own_limit(&self) -> Option<Duration> {
        match self {
            RoleChanger::Operator => None,
            RoleChanger::Admin { role, .. } => role.limits.max_temporary_code_lifetime,
        }
    }
}

/// Whether `by` may turn role `old` into `new` (permissions, limit): never the role they hold,
/// never the superadministrator role unless they are one, and only permissions and a limit
/// within their own.
pub fn may_edit_role(by: RoleChanger<'_>, old: &Role, new: &Role) -> Result<(), RoleRefusal> {
    if old.builtin && !by.is_superadmin() {
        return Err(RoleRefusal::SuperadminOnly);
    }
    if let RoleChanger::Admin { role, .. } = by
        && role.id == old.id
        && role.name == old.name
    {
        return Err(RoleRefusal::OwnRole);
    }
    if let Some(p) = Permission::ALL
        .into_iter()
        .find(|p| old.permissions.contains(p) != new.permissions.contains(p) && !by.holds(*p))
    {
        return Err(RoleRefusal::BeyondOwnPermission(p));
    }
    // Granting codes, or changing how long they may last, is granting a limit.
    let limit = new.limits.max_temporary_code_lifetime;
    let grants_codes = new.allows(Permission::ManageTemporaryCodes)
        && !old.allows(Permission::ManageTemporaryCodes);
    if (grants_codes || limit != old.limits.max_temporary_code_lifetime)
        && let Some(own) = by.own_limit()
        && limit.is_none_or(|l| l > own)
    {
        return Err(RoleRefusal::BeyondOwnLimit(format_duration(own)));
    }
    Ok(())
}

/// Whether `by` may make `target` (holding `current`, if any) an administrator with `new`:
/// never themselves, the superadministrator role only by a superadministrator (to give or to
/// take away), never a role with permissions or a limit beyond their own, and never away from
/// the last superadministrator (`superadmins`: how many there are now).
pub fn may_assign_role(
    by: RoleChanger<'_>,
    target: &str,
    current: Option<&Role>,
    new: &Role,
    superadmins: usize,
) -> Result<(), RoleRefusal> {
    if let RoleChanger::Admin { username, .. } = by
        && username.eq_ignore_ascii_case(target)
    {
        return Err(RoleRefusal::OwnAssignment);
    }
    let current_super = current.is_some_and(|r| r.builtin);
    if (new.builtin || current_super) && !by.is_superadmin() {
        return Err(RoleRefusal::SuperadminOnly);
    }
    if current_super && !new.builtin && superadmins <= 1 {
        return Err(RoleRefusal::LastSuperadmin);
    }
    if let Some(p) = Permission::ALL
        .into_iter()
        .find(|p| new.allows(*p) && !by.holds(*p))
    {
        return Err(RoleRefusal::BeyondOwnPermission(p));
    }
    if let Some(own) = by.own_limit()
        && new
            .limits
            .max_temporary_code_lifetime
            .is_none_or(|l| l > own)
        && new.allows(Permission::ManageTemporaryCodes)
    {
        return Err(RoleRefusal::BeyondOwnLimit(format_duration(own)));
    }
    Ok(())
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
            .with_temp_code_limit(Some(day))
            .unwrap();
        assert_eq!(r.temp_code_cap(TEMPORARY_CODE_HARD_CAP), day);
        assert_eq!(
            r.temp_code_cap(Duration::from_secs(3600)),
            Duration::from_secs(3600)
        );
        assert!(
            r.with_temp_code_limit(Some(TEMPORARY_CODE_HARD_CAP + Duration::from_secs(1)))
                .is_err()
        );
        assert_eq!(
            Role::superadmin().temp_code_cap(TEMPORARY_CODE_HARD_CAP),
            TEMPORARY_CODE_HARD_CAP
        );
    }

    /// Security requirements 10 and 47: "Manage roles" is not a way to more privileges.
    #[test]
    fn req10_role_managers_cannot_escalate() {
        let day = Duration::from_secs(86_400);
        let mut manager = Role::new("Role managers")
            .unwrap()
            .with_permission(Permission::ManageRoles, true)
            .unwrap()
            .with_permission(Permission::ManageTemporaryCodes, true)
            .unwrap()
            .with_temp_code_limit(Some(day))
            .unwrap();
        manager.id = RoleId(7);
        let by = RoleChanger::Admin {
            username: "mia",
            role: &manager,
        };
        let mut helpdesk = Role::new("Helpdesk").unwrap();
        helpdesk.id = RoleId(8);
        let grant = |r: &Role, p| r.with_permission(p, true).unwrap();
        // Within their own permissions and limit: allowed.
        let within = grant(&helpdesk, Permission::ManageTemporaryCodes)
            .with_temp_code_limit(Some(day))
            .unwrap();
        assert_eq!(may_edit_role(by, &helpdesk, &within), Ok(()));
        // A permission they do not hold, granted or revoked: refused.
        assert_eq!(
            may_edit_role(by, &helpdesk, &grant(&helpdesk, Permission::ReadAuditLog)),
            Err(RoleRefusal::BeyondOwnPermission(Permission::ReadAuditLog))
        );
        let auditors = grant(&helpdesk, Permission::ReadAuditLog);
        assert!(may_edit_role(by, &auditors, &helpdesk).is_err());
        // A longer code limit than their own, or none at all: refused.
        for limit in [Some(day * 2), None] {
            let longer = within.with_temp_code_limit(limit).unwrap();
            assert!(matches!(
                may_edit_role(by, &within, &longer),
                Err(RoleRefusal::BeyondOwnLimit(_))
            ));
        }
        // Their own role: refused, even to add what they hold.
        let mine = grant(&manager, Permission::ManageRoles);
        assert_eq!(
            may_edit_role(by, &manager, &mine),
            Err(RoleRefusal::OwnRole)
        );
        // The superadministrator role: only a superadministrator.
        let sa = Role::superadmin();
        assert_eq!(
            may_edit_role(by, &sa, &sa),
            Err(RoleRefusal::SuperadminOnly)
        );
        // Assignments.
        assert_eq!(
            may_assign_role(by, "MIA", Some(&manager), &helpdesk, 1),
            Err(RoleRefusal::OwnAssignment)
        );
        assert_eq!(
            may_assign_role(by, "bob", None, &sa, 1),
            Err(RoleRefusal::SuperadminOnly)
        );
        assert_eq!(
            may_assign_role(by, "ann", Some(&sa), &helpdesk, 2),
            Err(RoleRefusal::SuperadminOnly),
            "taking the role away from a superadministrator"
        );
        assert_eq!(
            may_assign_role(by, "bob", None, &auditors, 1),
            Err(RoleRefusal::BeyondOwnPermission(Permission::ReadAuditLog))
        );
        let unlimited = grant(&helpdesk, Permission::ManageTemporaryCodes);
        assert!(matches!(
            may_assign_role(by, "bob", None, &unlimited, 1),
            Err(RoleRefusal::BeyondOwnLimit(_))
        ));
        assert_eq!(may_assign_role(by, "bob", None, &within, 1), Ok(()));
        // A superadministrator may, but never away from the last one.
        let root = Role::superadmin();
        let by_sa = RoleChanger::Admin {
            username: "root",
            role: &root,
        };
        assert_eq!(may_assign_role(by_sa, "bob", None, &sa, 1), Ok(()));
        assert_eq!(
            may_assign_role(by_sa, "ann", Some(&sa), &helpdesk, 1),
            Err(RoleRefusal::LastSuperadmin)
        );
        assert_eq!(
            may_assign_role(by_sa, "ann", Some(&sa), &helpdesk, 2),
            Ok(())
        );
        assert_eq!(
            may_assign_role(RoleChanger::Operator, "ann", Some(&sa), &helpdesk, 1),
            Err(RoleRefusal::LastSuperadmin),
            "not even the operator removes the last superadministrator"
        );
    }
}
