//! Notices in the recipient's language: the core's [`NoticeTexts`] port over the same
//! translation files as the self-service pages.

use super::{Lang, Tr};
use fluent_bundle::{FluentArgs, FluentValue};
use regain_core::notifications::{Message, NoticeEvent, NoticeTexts};

/// Every variable a notice's message may use; one without a value shows as a dash, so a
/// message always formats.
const VARIABLES: [&str; 7] = [
    "user", "at", "expires", "source", "kind", "number", "action",
];

pub struct NoticeBundle {
    /// For recipients whose language is not known (administrators, users who never opened a
    /// self-service page).
    pub default: Lang,
}

/// A method kind's name as `/me` shows it.
fn kind_key(kind: &str) -> Option<&'static str> {
    match kind {
        "otp_token" => Some("me-kind-otp"),
        "push_device" => Some("me-kind-push"),
        "phone_number" => Some("me-kind-phone"),
        _ => None,
    }
}

impl NoticeTexts for NoticeBundle {
    fn render(
        &self,
        event: NoticeEvent,
        language: Option<&str>,
        given: &[(String, String)],
    ) -> Message {
        let lang = language.and_then(Lang::from_code).unwrap_or(self.default);
        let tr = Tr::new(lang);
        let mut args = FluentArgs::new();
        for name in VARIABLES {
            let value = given
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
                .filter(|v| !v.is_empty())
                .unwrap_or_else(|| "—".into());
            let value = match (name, kind_key(&value)) {
                ("kind", Some(k)) => tr.t(k),
                _ => value,
            };
            args.set(name, FluentValue::from(value));
        }
        let key = event.key();
        let subject = tr.with(&format!("notice-{key}-subject"), Some(&args));
        let body = tr.with(&format!("notice-{key}-body"), Some(&args));
        Message {
            subject,
            body: format!("{body}\n\n-- \n{}\n", tr.t("notice-footer")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn every_event_renders_in_every_language_without_a_gap() {
        for lang in Lang::ALL {
            let b = NoticeBundle { default: lang };
            for event in NoticeEvent::ALL {
                let m = b.render(
                    event,
                    None,
                    &args(&[("user", "alice"), ("at", "2026-12-04 10:00 UTC")]),
                );
                assert!(!m.subject.trim().is_empty(), "{lang:?} {event:?}");
                assert!(
                    !m.subject.contains("notice-"),
                    "{lang:?} {event:?}: {}",
                    m.subject
                );
                assert!(
                    !m.body.contains("notice-"),
                    "{lang:?} {event:?}: {}",
                    m.body
                );
                assert!(
                    !m.subject.contains('\n'),
                    "{lang:?} {event:?}: a subject is one line"
                );
            }
        }
    }

    #[test]
    fn the_users_language_wins_over_the_default_and_kinds_are_named() {
        let b = NoticeBundle { default: Lang::En };
        let m = b.render(
            NoticeEvent::MethodEnrolled,
            Some("de"),
            &args(&[("user", "alice"), ("at", "x"), ("kind", "push_device")]),
        );
        assert!(m.subject.contains("Anmeldemethode"), "{}", m.subject);
        assert!(
            m.body.contains(&Tr::new(Lang::De).t("me-kind-push")),
            "{}",
            m.body
        );
        let m = b.render(
            NoticeEvent::PasswordChanged,
            Some("xx"),
            &args(&[("user", "alice")]),
        );
        assert_eq!(m.subject, "Your password was changed");
    }
}
