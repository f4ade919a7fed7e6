//! Administrators' subscriptions: an event, a channel and an address, for any user or one.

use super::NoticeEvent;
use crate::time::Timestamp;

/// How a notice travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Channel {
    Email,
    /// An HTTPS POST of the notice as JSON, signed like the SMS webhook.
    Webhook,
}

impl Channel {
    pub const ALL: [Channel; 2] = [Channel::Email, Channel::Webhook];

    pub fn key(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Webhook => "webhook",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Channel::Email => "Email",
            Channel::Webhook => "Webhook (HTTPS)",
        }
    }

    pub fn parse(raw: &str) -> Result<Channel, String> {
        Self::ALL
            .into_iter()
            .find(|c| c.key() == raw.trim())
            .ok_or_else(|| format!("channel: {raw:?} is not a channel: use email or webhook"))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription {
    pub id: i64,
    pub event: NoticeEvent,
    pub channel: Channel,
    pub address: String,
    /// `None`: any user.
    pub username: Option<String>,
    pub created_by: String,
    pub created_at: Timestamp,
}

/// A subscription as validated, before it is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSubscription {
    pub event: NoticeEvent,
    pub channel: Channel,
    pub address: String,
    pub username: Option<String>,
}

/// The longest address kept (RFC 5321's path limit; URLs the same).
pub const MAX_ADDRESS: usize = 254;
/// Subscriptions per event: enough for any team, few enough that one event cannot fan out
/// into a flood.
pub const MAX_PER_EVENT: usize = 50;

/// An email address as SMTP takes it: one `@`, a local part and a domain of letters, digits,
/// dots and hyphens, nothing that could break a header.
pub fn validate_email(raw: &str) -> Result<String, String> {
    let s = raw.trim();
    let bad = || {
        format!(
            "address: {s:?} is not an email address: write it as name@example.org (at most {MAX_ADDRESS} characters)"
        )
    };
    if s.is_empty() || s.len() > MAX_ADDRESS {
        return Err(bad());
    }
    let (local, domain) = s.split_once('@').ok_or_else(bad)?;
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c))
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..");
    let domain_ok = !domain.is_empty()
        && domain.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
    if local_ok && domain_ok {
        Ok(s.to_owned())
    } else {
        Err(bad())
    }
}

/// A webhook address: HTTPS, or plain HTTP only to this machine (a relay beside Regain).
pub fn validate_webhook(raw: &str) -> Result<String, String> {
    let s = raw.trim();
    let loopback = ["http://127.0.0.1", "http://localhost", "http://[::1]"]
        .iter()
        .any(|p| {
            s.strip_prefix(p)
                .is_some_and(|r| r.is_empty() || r.starts_with([':', '/']))
        });
    let https = s
        .strip_prefix("https://")
        .is_some_and(|r| !r.is_empty() && !r.starts_with('/'));
    if s.len() <= MAX_ADDRESS
        && (https || loopback)
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        Ok(s.to_owned())
    } else {
        Err(format!(
            "address: {s:?} is not a webhook address: use an https:// URL (plain http only to 127.0.0.1 or localhost), at most {MAX_ADDRESS} characters"
        ))
    }
}

impl NewSubscription {
    /// Checks what an administrator typed; `user` empty means any user.
    pub fn parse(
        event: &str,
        channel: &str,
        address: &str,
        user: &str,
    ) -> Result<NewSubscription, String> {
        let event = NoticeEvent::parse_subscribable(event)?;
        let channel = Channel::parse(channel)?;
        let address = match channel {
            Channel::Email => validate_email(address)?,
            Channel::Webhook => validate_webhook(address)?,
        };
        let user = user.trim();
        let username = if user.is_empty() {
            None
        } else {
            Some(
                crate::user::Username::parse(user)
                    .map_err(|e| format!("user: {e} (leave it empty for any user)"))?
                    .as_str()
                    .to_owned(),
            )
        };
        Ok(NewSubscription {
            event,
            channel,
            address,
            username,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_addresses() {
        assert_eq!(
            validate_email(" ops@example.org ").unwrap(),
            "ops@example.org"
        );
        assert!(validate_email("first.last+tag@mail.example-corp.ch").is_ok());
        for bad in [
            "",
            "ops",
            "@example.org",
            "ops@",
            "a b@example.org",
            "ops@exa mple.org",
            "ops@example.org\r\nBcc: x@y.z",
            "o..ps@example.org",
            "ops@-example.org",
        ] {
            assert!(validate_email(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn webhook_addresses() {
        assert!(validate_webhook("https://hooks.example.org/regain").is_ok());
        assert!(validate_webhook("http://127.0.0.1:9000/hook").is_ok());
        for bad in [
            "http://hooks.example.org/",
            "http://localhost.evil.org/",
            "https:///x",
            "ftp://x",
            "https://a b",
        ] {
            assert!(validate_webhook(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_subscription_names_what_was_wrong() {
        let s = NewSubscription::parse("locked_out", "email", "ops@example.org", "").unwrap();
        assert_eq!(s.username, None);
        let e = NewSubscription::parse("locked_out", "pigeon", "x", "").unwrap_err();
        assert!(e.starts_with("channel:"), "{e}");
        let e = NewSubscription::parse("locked_out", "email", "ops", "").unwrap_err();
        assert!(e.starts_with("address:"), "{e}");
    }
}
