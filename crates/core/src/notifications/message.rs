//! A notice as people read it. The words come from the translation files (through
//! [`NoticeTexts`]); the facts from the notice, which never holds a code, password or answer.

use super::{NoticeEvent, OutboxEntry};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub subject: String,
    pub body: String,
}

/// Renders a notice in a language (a port: the web adapter's translation bundles).
pub trait NoticeTexts: Send + Sync {
    /// The message for `event` in `language` (or the default language when it has none), with
    /// `args` as the message's variables.
    fn render(
        &self,
        event: NoticeEvent,
        language: Option<&str>,
        args: &[(String, String)],
    ) -> Message;
}

/// The variables a notice's message gets: its facts, the user and the time.
pub fn args_of(entry: &OutboxEntry) -> Vec<(String, String)> {
    let mut args = entry.facts.clone();
    args.push(("user".into(), entry.username.clone()));
    args.push(("at".into(), minutes_utc(entry.created_at)));
    if let Some(i) = args.iter().position(|(k, _)| k == "expires") {
        let shown = crate::time::Timestamp::parse_rfc3339(&args[i].1)
            .map(minutes_utc)
            .unwrap_or_else(|_| args[i].1.clone());
        args[i].1 = shown;
    }
    args
}

/// A time as people read it in a message.
pub fn minutes_utc(t: crate::time::Timestamp) -> String {
    let s = t.to_rfc3339();
    format!("{} UTC", s.get(..16).unwrap_or(&s).replace('T', " "))
}

/// Why a notice did not go: in words the outbox can show (never the message), and whether
/// trying again can help (a server down: yes; a mailbox that does not exist: no).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendFailure {
    pub reason: String,
    pub permanent: bool,
}

impl SendFailure {
    pub fn transient(reason: impl Into<String>) -> SendFailure {
        SendFailure {
            reason: reason.into(),
            permanent: false,
        }
    }

    pub fn permanent(reason: impl Into<String>) -> SendFailure {
        SendFailure {
            reason: reason.into(),
            permanent: true,
        }
    }
}

/// Carries a rendered notice to its address (a port: SMTP, the webhook, the demo's file).
#[async_trait::async_trait]
pub trait NoticeSender: Send + Sync {
    /// Sends `message` for `entry` over `entry.channel` to `entry.address`.
    async fn send(&self, entry: &OutboxEntry, message: &Message) -> Result<(), SendFailure>;
}
