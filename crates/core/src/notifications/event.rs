//! What Regain tells people about, and who hears it.

/// Something worth a message. Administrators subscribe to the first four (for any user or one
/// named user); the others go to the user they are about, at the address on their record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NoticeEvent {
    /// The user put off enrolling their security questions (the reference's
    /// "Self-Enrollment Declined").
    EnrollmentDeclined,
    /// The user's second-factor lockout began.
    LockedOut,
    /// A push was refused because the user's push limit was reached (possible push bombing).
    PushLimit,
    /// A change could not be written to the audit log.
    AuditWriteFailed,
    /// The user's directory password was changed or reset.
    PasswordChanged,
    /// The user's account was unlocked.
    AccountUnlocked,
    /// A temporary code was issued (or replaced) for the user.
    TempCodeIssued,
    /// The user's temporary code was used.
    TempCodeUsed,
    /// The user's temporary code was revoked.
    TempCodeRevoked,
    /// A new sign-in method of the user became active.
    MethodEnrolled,
    /// The user's phone number for sign-in codes was changed.
    PhoneChanged,
    /// The console's "send a test message".
    Test,
}

/// Who a notice goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// Administrators who subscribed to the event.
    Subscribers,
    /// The user the event is about.
    User,
}

impl NoticeEvent {
    pub const ALL: [NoticeEvent; 12] = [
        NoticeEvent::EnrollmentDeclined,
        NoticeEvent::LockedOut,
        NoticeEvent::PushLimit,
        NoticeEvent::AuditWriteFailed,
        NoticeEvent::PasswordChanged,
        NoticeEvent::AccountUnlocked,
        NoticeEvent::TempCodeIssued,
        NoticeEvent::TempCodeUsed,
        NoticeEvent::TempCodeRevoked,
        NoticeEvent::MethodEnrolled,
        NoticeEvent::PhoneChanged,
        NoticeEvent::Test,
    ];

    /// The events administrators can subscribe to.
    pub const SUBSCRIBABLE: [NoticeEvent; 4] = [
        NoticeEvent::EnrollmentDeclined,
        NoticeEvent::LockedOut,
        NoticeEvent::PushLimit,
        NoticeEvent::AuditWriteFailed,
    ];

    /// Stable key: stored in the database, typed on the command line, and the stem of the
    /// message's translation keys (`notice-<key>-subject`, `notice-<key>-body`).
    pub fn key(self) -> &'static str {
        match self {
            NoticeEvent::EnrollmentDeclined => "enrollment_declined",
            NoticeEvent::LockedOut => "locked_out",
            NoticeEvent::PushLimit => "push_limit",
            NoticeEvent::AuditWriteFailed => "audit_write_failed",
            NoticeEvent::PasswordChanged => "password_changed",
            NoticeEvent::AccountUnlocked => "account_unlocked",
            NoticeEvent::TempCodeIssued => "temp_code_issued",
            NoticeEvent::TempCodeUsed => "temp_code_used",
            NoticeEvent::TempCodeRevoked => "temp_code_revoked",
            NoticeEvent::MethodEnrolled => "method_enrolled",
            NoticeEvent::PhoneChanged => "phone_changed",
            NoticeEvent::Test => "test",
        }
    }

    /// The name administrators see in the console.
    pub fn label(self) -> &'static str {
        match self {
            NoticeEvent::EnrollmentDeclined => "Self-enrollment declined",
            NoticeEvent::LockedOut => "User locked out",
            NoticeEvent::PushLimit => "Push limit reached (possible push bombing)",
            NoticeEvent::AuditWriteFailed => "Audit write failed",
            NoticeEvent::PasswordChanged => "Password changed or reset",
            NoticeEvent::AccountUnlocked => "Account unlocked",
            NoticeEvent::TempCodeIssued => "Temporary code issued",
            NoticeEvent::TempCodeUsed => "Temporary code used",
            NoticeEvent::TempCodeRevoked => "Temporary code revoked",
            NoticeEvent::MethodEnrolled => "Sign-in method enrolled",
            NoticeEvent::PhoneChanged => "Phone number changed",
            NoticeEvent::Test => "Test message",
        }
    }

    pub fn audience(self) -> Audience {
        if Self::SUBSCRIBABLE.contains(&self) || self == NoticeEvent::Test {
            Audience::Subscribers
        } else {
            Audience::User
        }
    }

    pub fn parse(raw: &str) -> Option<NoticeEvent> {
        Self::ALL.into_iter().find(|e| e.key() == raw)
    }

    /// As [`Self::parse`] for what administrators may subscribe to, with the error they read.
    pub fn parse_subscribable(raw: &str) -> Result<NoticeEvent, String> {
        Self::parse(raw.trim())
            .filter(|e| Self::SUBSCRIBABLE.contains(e))
            .ok_or_else(|| {
                format!(
                    "event: {raw:?} is not an event administrators subscribe to: use one of {}",
                    Self::SUBSCRIBABLE.map(|e| e.key()).join(", ")
                )
            })
    }

    /// The facts a message about this event may show; anything else in the triggering record
    /// is left out, so a message can never carry what its record should not. Every message also
    /// has the user's name and the time (`user`, `at`).
    pub fn facts(self) -> &'static [&'static str] {
        match self {
            NoticeEvent::TempCodeIssued => &["expires"],
            NoticeEvent::TempCodeUsed | NoticeEvent::PushLimit => &["source"],
            NoticeEvent::MethodEnrolled => &["kind"],
            NoticeEvent::PhoneChanged => &["number"],
            NoticeEvent::AuditWriteFailed => &["action"],
            NoticeEvent::TempCodeRevoked
            | NoticeEvent::PasswordChanged
            | NoticeEvent::AccountUnlocked
            | NoticeEvent::EnrollmentDeclined
            | NoticeEvent::LockedOut
            | NoticeEvent::Test => &[],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_parse_back() {
        let mut keys: Vec<_> = NoticeEvent::ALL.map(|e| e.key()).to_vec();
        for e in NoticeEvent::ALL {
            assert_eq!(NoticeEvent::parse(e.key()), Some(e));
        }
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), NoticeEvent::ALL.len());
    }

    #[test]
    fn only_the_administrators_events_take_subscriptions() {
        assert!(NoticeEvent::parse_subscribable("locked_out").is_ok());
        let e = NoticeEvent::parse_subscribable("password_changed").unwrap_err();
        assert!(e.contains("enrollment_declined"), "{e}");
        assert_eq!(NoticeEvent::PasswordChanged.audience(), Audience::User);
        assert_eq!(NoticeEvent::PushLimit.audience(), Audience::Subscribers);
    }
}
