//! Every kind of audit record, as a type: a record's `action` is one of these keys, so a typo
//! cannot invent a new action, and the list below is the audit log's whole vocabulary.

/// What an audit record is about (its stable key on the wire and in the database:
/// [`AuditAction::key`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuditAction {
    AdminReauthenticate,
    AdminSignIn,
    AdminSignOut,
    AuditRead,
    AuditVerify,
    AuthOfflineCode,
    AuthOtp,
    AuthPush,
    AuthPushAnswer,
    AuthSecondFactor,
    AuthStart,
    ClientAdd,
    ClientList,
    ClientRevoke,
    DirectoryImport,
    DirectoryReset,
    MethodDelete,
    MethodEnroll,
    MethodEnrollConfirm,
    MethodEnrollStart,
    MethodImport,
    MethodList,
    MethodReplace,
    PolicyCreate,
    PolicyList,
    PolicyShow,
    PolicyUpdate,
    QuestionAdd,
    QuestionDelete,
    QuestionList,
    QuestionUpdate,
    RoleAssign,
    RoleCreate,
    RoleGrant,
    RoleList,
    RoleListAdmins,
    RoleRevoke,
    RoleSetLimit,
    RoleUpdate,
    SelfSignIn,
    SelfSignOut,
    SettingsShow,
    SettingsUpdate,
    SmsNotice,
    SmsSend,
    SystemInitialize,
    TempcodeAutoDelete,
    TempcodeGenerate,
    TempcodeNotice,
    TempcodeReplace,
    TempcodeRevoke,
    TempcodeShow,
    TempcodeUse,
    UserAdd,
    UserDisable,
    UserEnable,
    UserIdentityProofed,
    UserList,
    UserPasswordReset,
    UserSetPolicy,
    UserSetupComplete,
    UserSetupLink,
    UserShow,
    UserUnlock,
}

impl AuditAction {
    pub const ALL: [AuditAction; 64] = [
        AuditAction::AdminReauthenticate,
        AuditAction::AdminSignIn,
        AuditAction::AdminSignOut,
        AuditAction::AuditRead,
        AuditAction::AuditVerify,
        AuditAction::AuthOfflineCode,
        AuditAction::AuthOtp,
        AuditAction::AuthPush,
        AuditAction::AuthPushAnswer,
        AuditAction::AuthSecondFactor,
        AuditAction::AuthStart,
        AuditAction::ClientAdd,
        AuditAction::ClientList,
        AuditAction::ClientRevoke,
        AuditAction::DirectoryImport,
        AuditAction::DirectoryReset,
        AuditAction::MethodDelete,
        AuditAction::MethodEnroll,
        AuditAction::MethodEnrollConfirm,
        AuditAction::MethodEnrollStart,
        AuditAction::MethodImport,
        AuditAction::MethodList,
        AuditAction::MethodReplace,
        AuditAction::PolicyCreate,
        AuditAction::PolicyList,
        AuditAction::PolicyShow,
        AuditAction::PolicyUpdate,
        AuditAction::QuestionAdd,
        AuditAction::QuestionDelete,
        AuditAction::QuestionList,
        AuditAction::QuestionUpdate,
        AuditAction::RoleAssign,
        AuditAction::RoleCreate,
        AuditAction::RoleGrant,
        AuditAction::RoleList,
        AuditAction::RoleListAdmins,
        AuditAction::RoleRevoke,
        AuditAction::RoleSetLimit,
        AuditAction::RoleUpdate,
        AuditAction::SelfSignIn,
        AuditAction::SelfSignOut,
        AuditAction::SettingsShow,
        AuditAction::SettingsUpdate,
        AuditAction::SmsNotice,
        AuditAction::SmsSend,
        AuditAction::SystemInitialize,
        AuditAction::TempcodeAutoDelete,
        AuditAction::TempcodeGenerate,
        AuditAction::TempcodeNotice,
        AuditAction::TempcodeReplace,
        AuditAction::TempcodeRevoke,
        AuditAction::TempcodeShow,
        AuditAction::TempcodeUse,
        AuditAction::UserAdd,
        AuditAction::UserDisable,
        AuditAction::UserEnable,
        AuditAction::UserIdentityProofed,
        AuditAction::UserList,
        AuditAction::UserPasswordReset,
        AuditAction::UserSetPolicy,
        AuditAction::UserSetupComplete,
        AuditAction::UserSetupLink,
        AuditAction::UserShow,
        AuditAction::UserUnlock,
    ];

    /// The stable key (`user.add`), as stored and shown.
    pub fn key(self) -> &'static str {
        match self {
            AuditAction::AdminReauthenticate => "admin.reauthenticate",
            AuditAction::AdminSignIn => "admin.sign_in",
            AuditAction::AdminSignOut => "admin.sign_out",
            AuditAction::AuditRead => "audit.read",
            AuditAction::AuditVerify => "audit.verify",
            AuditAction::AuthOfflineCode => "auth.offline_code",
            AuditAction::AuthOtp => "auth.otp",
            AuditAction::AuthPush => "auth.push",
            AuditAction::AuthPushAnswer => "auth.push_answer",
            AuditAction::AuthSecondFactor => "auth.second_factor",
            AuditAction::AuthStart => "auth.start",
            AuditAction::ClientAdd => "client.add",
            AuditAction::ClientList => "client.list",
            AuditAction::ClientRevoke => "client.revoke",
            AuditAction::DirectoryImport => "directory.import",
            AuditAction::DirectoryReset => "directory.reset",
            AuditAction::MethodDelete => "method.delete",
            AuditAction::MethodEnroll => "method.enroll",
            AuditAction::MethodEnrollConfirm => "method.enroll_confirm",
            AuditAction::MethodEnrollStart => "method.enroll_start",
            AuditAction::MethodImport => "method.import",
            AuditAction::MethodList => "method.list",
            AuditAction::MethodReplace => "method.replace",
            AuditAction::PolicyCreate => "policy.create",
            AuditAction::PolicyList => "policy.list",
            AuditAction::PolicyShow => "policy.show",
            AuditAction::PolicyUpdate => "policy.update",
            AuditAction::QuestionAdd => "question.add",
            AuditAction::QuestionDelete => "question.delete",
            AuditAction::QuestionList => "question.list",
            AuditAction::QuestionUpdate => "question.update",
            AuditAction::RoleAssign => "role.assign",
            AuditAction::RoleCreate => "role.create",
            AuditAction::RoleGrant => "role.grant",
            AuditAction::RoleList => "role.list",
            AuditAction::RoleListAdmins => "role.list_admins",
            AuditAction::RoleRevoke => "role.revoke",
            AuditAction::RoleSetLimit => "role.set_limit",
            AuditAction::RoleUpdate => "role.update",
            AuditAction::SelfSignIn => "self.sign_in",
            AuditAction::SelfSignOut => "self.sign_out",
            AuditAction::SettingsShow => "settings.show",
            AuditAction::SettingsUpdate => "settings.update",
            AuditAction::SmsNotice => "sms.notice",
            AuditAction::SmsSend => "sms.send",
            AuditAction::SystemInitialize => "system.initialize",
            AuditAction::TempcodeAutoDelete => "tempcode.auto_delete",
            AuditAction::TempcodeGenerate => "tempcode.generate",
            AuditAction::TempcodeNotice => "tempcode.notice",
            AuditAction::TempcodeReplace => "tempcode.replace",
            AuditAction::TempcodeRevoke => "tempcode.revoke",
            AuditAction::TempcodeShow => "tempcode.show",
            AuditAction::TempcodeUse => "tempcode.use",
            AuditAction::UserAdd => "user.add",
            AuditAction::UserDisable => "user.disable",
            AuditAction::UserEnable => "user.enable",
            AuditAction::UserIdentityProofed => "user.identity_proofed",
            AuditAction::UserList => "user.list",
            AuditAction::UserPasswordReset => "user.password_reset",
            AuditAction::UserSetPolicy => "user.set_policy",
            AuditAction::UserSetupComplete => "user.setup_complete",
            AuditAction::UserSetupLink => "user.setup_link",
            AuditAction::UserShow => "user.show",
            AuditAction::UserUnlock => "user.unlock",
        }
    }

    /// The action with this key, if any (audit searches, older records).
    pub fn parse(key: &str) -> Option<AuditAction> {
        AuditAction::ALL.into_iter().find(|a| a.key() == key)
    }
}

impl std::fmt::Display for AuditAction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_distinct_and_parse_back() {
        let keys: std::collections::BTreeSet<_> =
            AuditAction::ALL.iter().map(|a| a.key()).collect();
        assert_eq!(keys.len(), AuditAction::ALL.len());
        for a in AuditAction::ALL {
            assert_eq!(AuditAction::parse(a.key()), Some(a));
            let (area, verb) = a.key().split_once('.').expect("area.verb");
            assert!(!area.is_empty() && !verb.is_empty(), "{a}");
        }
        assert_eq!(AuditAction::parse("user.teleport"), None);
    }
}
