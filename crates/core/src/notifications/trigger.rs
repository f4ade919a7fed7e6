//! Which audit records cause a notice. A notice is written by the store in the same
//! transaction as the record (and so as the change it records): it exists exactly when the
//! change does. This is the one place that decides it.

use super::NoticeEvent;
use crate::audit::{AuditEvent, Outcome};
use crate::audit_action::AuditAction;
use crate::methods::MethodKind;

/// A notice to write: about `username`, with the facts its message may show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trigger {
    pub event: NoticeEvent,
    pub username: String,
    pub facts: Vec<(String, String)>,
}

impl Trigger {
    pub fn new(event: NoticeEvent, username: &str) -> Trigger {
        Trigger {
            event,
            username: username.to_owned(),
            facts: Vec::new(),
        }
    }

    /// Adds a fact the event's message shows; anything else is dropped (see
    /// [`NoticeEvent::facts`]).
    pub fn fact(mut self, key: &str, value: &str) -> Trigger {
        if self.event.facts().contains(&key) && !value.is_empty() {
            self.facts
                .push((key.to_owned(), value.chars().take(200).collect()));
        }
        self
    }

    /// The facts as stored with the notice (JSON object).
    pub fn facts_json(&self) -> String {
        let map: serde_json::Map<String, serde_json::Value> = self
            .facts
            .iter()
            .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
            .collect();
        serde_json::Value::Object(map).to_string()
    }
}

fn detail<'a>(e: &'a AuditEvent, key: &str) -> Option<&'a str> {
    e.details
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// The notice `e` causes, if any. Only successful changes tell the user; a refused attempt
/// tells nobody (except the push limit, which is the refusal administrators want to hear of).
pub fn trigger_of(e: &AuditEvent) -> Option<Trigger> {
    let action = AuditAction::parse(&e.action)?;
    let user = e.target.as_deref().filter(|t| !t.is_empty())?;
    let ok = e.outcome == Outcome::Success;
    let t = |event| Some(Trigger::new(event, user));
    match action {
        AuditAction::SsprEnrollmentDeclined if ok => t(NoticeEvent::EnrollmentDeclined),
        AuditAction::AuthPush
            if e.outcome == Outcome::Failure
                && detail(e, "reason") == Some(crate::push::PushNotSent::Limit.code()) =>
        {
            t(NoticeEvent::PushLimit)
                .map(|t| t.fact("source", e.source.as_deref().unwrap_or_default()))
        }
        AuditAction::UserPasswordReset | AuditAction::DirectoryReset if ok => {
            t(NoticeEvent::PasswordChanged)
        }
        AuditAction::UserUnlock | AuditAction::SsprUnlock if ok => t(NoticeEvent::AccountUnlocked),
        AuditAction::TempcodeGenerate | AuditAction::TempcodeReplace if ok => {
            t(NoticeEvent::TempCodeIssued)
                .map(|t| t.fact("expires", detail(e, "expires_at").unwrap_or_default()))
        }
        AuditAction::TempcodeUse if ok => t(NoticeEvent::TempCodeUsed)
            .map(|t| t.fact("source", e.source.as_deref().unwrap_or_default())),
        AuditAction::TempcodeRevoke if ok => t(NoticeEvent::TempCodeRevoked),
        AuditAction::MethodEnroll | AuditAction::MethodEnrollConfirm if ok => {
            t(NoticeEvent::MethodEnrolled)
                .map(|t| t.fact("kind", detail(e, "kind").unwrap_or_default()))
        }
        AuditAction::MethodReplace
            if ok && detail(e, "kind") == Some(MethodKind::PhoneNumber.key()) =>
        {
            t(NoticeEvent::PhoneChanged)
                .map(|t| t.fact("number", detail(e, "replaced_by").unwrap_or_default()))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::Actor;
    use crate::time::Timestamp;

    fn ev(action: AuditAction, outcome: Outcome) -> AuditEvent {
        AuditEvent::new(
            Timestamp(0),
            &Actor::Admin("helpdesk".into()),
            action,
            outcome,
        )
        .target("alice")
    }

    #[test]
    fn successful_changes_tell_the_user_and_refusals_do_not() {
        let issued = ev(AuditAction::TempcodeGenerate, Outcome::Success)
            .detail("uses", "once")
            .detail("expires_at", "2026-12-05T10:00:00Z")
            .detail("code_id", "tc-1");
        let t = trigger_of(&issued).unwrap();
        assert_eq!(t.event, NoticeEvent::TempCodeIssued);
        assert_eq!(t.username, "alice");
        // Only the facts the message shows: not the code's id or its uses.
        assert_eq!(
            t.facts,
            vec![("expires".into(), "2026-12-05T10:00:00Z".into())]
        );
        assert_eq!(
            trigger_of(&ev(AuditAction::TempcodeGenerate, Outcome::Failure)),
            None
        );
        assert_eq!(
            trigger_of(&ev(AuditAction::UserUnlock, Outcome::Success)).map(|t| t.event),
            Some(NoticeEvent::AccountUnlocked)
        );
        assert_eq!(
            trigger_of(&ev(AuditAction::UserShow, Outcome::Success)),
            None
        );
    }

    #[test]
    fn the_push_limit_is_the_refusal_administrators_hear_of() {
        let limited = ev(AuditAction::AuthPush, Outcome::Failure).detail("reason", "push_limit");
        assert_eq!(
            trigger_of(&limited).map(|t| t.event),
            Some(NoticeEvent::PushLimit)
        );
        let other = ev(AuditAction::AuthPush, Outcome::Failure).detail("reason", "locked_out");
        assert_eq!(trigger_of(&other), None);
    }

    #[test]
    fn only_a_phone_replacement_is_a_phone_change() {
        let phone = ev(AuditAction::MethodReplace, Outcome::Success)
            .detail("kind", "phone_number")
            .detail("replaced_by", "+41 79 *** ** 67");
        let t = trigger_of(&phone).unwrap();
        assert_eq!(t.event, NoticeEvent::PhoneChanged);
        assert_eq!(t.facts_json(), r#"{"number":"+41 79 *** ** 67"}"#);
        let token = ev(AuditAction::MethodReplace, Outcome::Success).detail("kind", "totp");
        assert_eq!(trigger_of(&token), None);
    }

    #[test]
    fn a_record_without_a_user_tells_nobody() {
        let mut e = ev(AuditAction::UserUnlock, Outcome::Success);
        e.target = None;
        assert_eq!(trigger_of(&e), None);
    }
}
