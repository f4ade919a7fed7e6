//! Security requirement 11: the user hears of every issue, replacement, use and revocation of a
//! temporary code through a channel independent of where the code is used: an SMS to their phone
//! number on record. A code issued to an impostor who talked the helpdesk round, or used by
//! someone who overheard it, then reaches the real user's phone. The message never carries the
//! code.
//!
//! Telling the user is not a condition of the operation: the helpdesk must be able to help a user
//! whose phone is gone. Whether the message went out (or why not: no number on record, the
//! gateway failed) is in the audit log as `tempcode.notice`.

use super::Services;
use crate::audit::AuditAction;
use crate::audit::{Actor, AuditEvent, Outcome};
use crate::time::Timestamp;
use crate::user::User;

/// What happened to the user's temporary code.
pub(crate) enum CodeNotice<'a> {
    Issued {
        by: &'a str,
        expires_at: Timestamp,
    },
    Replaced {
        by: &'a str,
        expires_at: Timestamp,
    },
    Used {
        at: Timestamp,
        source: Option<&'a str>,
    },
    Revoked {
        by: &'a str,
    },
}

/// Who did it, as the user would recognise them: the administrator's name, or "An operator"
/// for the server's own command line.
pub(crate) fn who(actor: &Actor) -> String {
    match actor {
        Actor::Admin(name) | Actor::User(name) => name.clone(),
        Actor::OsUser(_) => "An operator".into(),
        Actor::System => "Regain".into(),
    }
}

/// A time as people read it in a text message.
fn minutes_utc(t: Timestamp) -> String {
    let s = t.to_rfc3339();
    format!("{} UTC", s.get(..16).unwrap_or(&s).replace('T', " "))
}

impl CodeNotice<'_> {
    fn key(&self) -> &'static str {
        match self {
            CodeNotice::Issued { .. } => "issued",
            CodeNotice::Replaced { .. } => "replaced",
            CodeNotice::Used { .. } => "used",
            CodeNotice::Revoked { .. } => "revoked",
        }
    }

    /// The message; built from the event alone, so it cannot contain the code.
    pub(crate) fn text(&self) -> String {
        const UNEXPECTED: &str = "If you did not expect this, call your helpdesk now.";
        match self {
            CodeNotice::Issued { by, expires_at } => format!(
                "Regain: {by} issued a temporary sign-in code for your account, valid until {}. {UNEXPECTED}",
                minutes_utc(*expires_at)
            ),
            CodeNotice::Replaced { by, expires_at } => format!(
                "Regain: {by} replaced your temporary sign-in code; the new one is valid until {} and the old one no longer works. {UNEXPECTED}",
                minutes_utc(*expires_at)
            ),
            CodeNotice::Used { at, source } => format!(
                "Regain: your temporary sign-in code was used at {}{}. {UNEXPECTED}",
                minutes_utc(*at),
                source.map(|s| format!(" from {s}")).unwrap_or_default()
            ),
            CodeNotice::Revoked { by } => {
                format!("Regain: {by} revoked your temporary sign-in code; it no longer works.")
            }
        }
    }
}

impl Services {
    /// Sends `notice` to the user's phone number on record and audits whether it went out.
    /// Only a failure to write that audit record is an error.
    pub(crate) async fn tell_user_about_code(
        &self,
        user: &User,
        notice: CodeNotice<'_>,
    ) -> Result<(), super::ServiceError> {
        self.text_user(
            user,
            &notice.text(),
            AuditAction::TempcodeNotice,
            notice.key(),
        )
        .await
    }

    /// Texts `text` to the user's phone number on record and audits, as `action` with its
    /// `event`, whether it went out (or why not). Only a failure to write that audit record is
    /// an error: telling the user is never a condition of what happened.
    pub(crate) async fn text_user(
        &self,
        user: &User,
        text: &str,
        action: AuditAction,
        event: &str,
    ) -> Result<(), super::ServiceError> {
        let sent = match self.phone_of(user).await {
            Ok(Some(number)) => match self.sms.send(&number, text).await {
                Ok(()) => Ok(number.masked()),
                Err(_) => Err("gateway_failed"),
            },
            Ok(None) => Err("no_phone_on_record"),
            Err(_) => Err("phone_unreadable"),
        };
        let (outcome, detail) = match &sent {
            Ok(masked) => (Outcome::Success, ("sent_to", masked.as_str())),
            Err(reason) => (Outcome::Failure, ("reason", *reason)),
        };
        self.store
            .append_audit(
                &AuditEvent::new(self.clock.now(), &Actor::System, action, outcome)
                    .target(user.username.as_str())
                    .detail("event", event)
                    .detail(detail.0, detail.1),
            )
            .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_say_what_happened_when_and_by_whom() {
        let at = Timestamp::from_millis(1_795_450_000_000);
        let issued = CodeNotice::Issued {
            by: &who(&Actor::Admin("helpdesk".into())),
            expires_at: at,
        }
        .text();
        assert!(issued.starts_with("Regain: helpdesk issued"), "{issued}");
        assert!(issued.contains("valid until 2026-11-23 "), "{issued}");
        assert!(issued.ends_with("call your helpdesk now."), "{issued}");
        let used = CodeNotice::Used {
            at,
            source: Some("198.51.100.7"),
        }
        .text();
        assert!(used.contains("from 198.51.100.7"), "{used}");
        let revoked = CodeNotice::Revoked {
            by: &who(&Actor::OsUser("root".into())),
        }
        .text();
        assert!(
            revoked.starts_with("Regain: An operator revoked"),
            "{revoked}"
        );
        // SMS: one segment-friendly line, no digits of a code (only the time has digits).
        for t in [issued, used, revoked] {
            assert!(!t.contains('\n'));
            assert!(t.len() < 200, "{t}");
        }
    }
}
