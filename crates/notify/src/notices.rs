//! The outbox's sender: each notice to its channel. A channel that is not configured is an
//! error the outbox shows (and retries), never a silent drop.

use crate::ConfigError;
use crate::email::MailTransport;
use crate::webhook::SignedPost;
use async_trait::async_trait;
use regain_core::notifications::{Channel, Message, NoticeSender, OutboxEntry, SendFailure};
use secrecy::SecretString;
use std::sync::Arc;
use std::time::Duration;

pub struct NoticeDispatch {
    email: Option<Arc<dyn MailTransport>>,
    webhook: Option<SignedPost>,
    allow_http: bool,
}

impl NoticeDispatch {
    /// `webhook_secret` signs webhook notices (as the SMS webhook is signed); `allow_http`
    /// lets them go to plain-HTTP receivers on this machine.
    pub fn new(
        email: Option<Arc<dyn MailTransport>>,
        webhook_secret: Option<SecretString>,
        timeout: Duration,
        allow_http: bool,
    ) -> Result<NoticeDispatch, ConfigError> {
        let webhook = webhook_secret
            .map(|s| SignedPost::new(s, timeout, "notifications.webhook_secret"))
            .transpose()?;
        Ok(NoticeDispatch {
            email,
            webhook,
            allow_http,
        })
    }
}

/// The JSON a webhook receives: the notice and its rendered text, never a secret.
pub fn webhook_body(entry: &OutboxEntry, message: &Message) -> Vec<u8> {
    let facts: serde_json::Map<String, serde_json::Value> = entry
        .facts
        .iter()
        .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
        .collect();
    serde_json::json!({
        "id": entry.id,
        "event": entry.event.key(),
        "user": entry.username,
        "at": entry.created_at.to_rfc3339(),
        "facts": facts,
        "subject": message.subject,
        "text": message.body,
    })
    .to_string()
    .into_bytes()
}

#[async_trait]
impl NoticeSender for NoticeDispatch {
    async fn send(&self, entry: &OutboxEntry, message: &Message) -> Result<(), SendFailure> {
        match entry.channel {
            Channel::Email => match &self.email {
                Some(m) => {
                    let key = format!("{}-{}", entry.id, entry.created_at.as_millis());
                    m.send_mail(&entry.address, message, &key).await
                }
                None => Err(SendFailure::transient(
                    "no mail server is configured: set [notifications.smtp] in the configuration",
                )),
            },
            Channel::Webhook => {
                let Some(post) = &self.webhook else {
                    return Err(SendFailure::transient(
                        "webhook notices need notifications.webhook_secret in the configuration",
                    ));
                };
                let url = reqwest::Url::parse(&entry.address).map_err(|e| {
                    SendFailure::permanent(format!("the webhook address is not a URL: {e}"))
                })?;
                if url.scheme() != "https" && !(self.allow_http && url.scheme() == "http") {
                    return Err(SendFailure::permanent(
                        "webhook notices go to https:// addresses only",
                    ));
                }
                post.post(url, &webhook_body(entry, message))
                    .await
                    .map_err(|f| SendFailure {
                        reason: format!("webhook: {}", f.error),
                        permanent: !f.retry,
                    })
            }
        }
    }
}
