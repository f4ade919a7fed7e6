//! Notification adapters. SMS: a file outbox that stands in for phones in the demo (one line per
//! message, mode 0600, never the server log), and an in-memory outbox for tests. The HTTPS
//! webhook adapter (`WebhookSms`) is for real SMS providers. Notices: email over SMTP
//! ([`SmtpMailer`]; [`FileMailbox`] for the demo) and signed webhooks, through [`NoticeDispatch`].

mod email;
mod notices;
mod webhook;

pub use email::{FileMailbox, MailTransport, SmtpConfig, SmtpMailer, SmtpSecurity};
pub use notices::{NoticeDispatch, webhook_body};
pub use webhook::{ConfigError, WebhookSms, signature};

use async_trait::async_trait;
use regain_core::sms::{GatewayError, PhoneNumber, SmsGateway};
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::PathBuf;
use std::sync::Mutex;

/// Appends each message to a file: the demo's "phone".
pub struct FileOutbox {
    path: PathBuf,
}

impl FileOutbox {
    pub fn new(path: PathBuf) -> Self {
        FileOutbox { path }
    }
}

#[async_trait]
impl SmsGateway for FileOutbox {
    async fn send(&self, to: &PhoneNumber, text: &str) -> Result<(), GatewayError> {
        let path = self.path.clone();
        let line = format!("to {}: {}\n", to.as_str(), text.replace('\n', " "));
        tokio::task::spawn_blocking(move || {
            let mut f = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .mode(0o600)
                .open(&path)?;
            f.write_all(line.as_bytes())
        })
        .await
        .map_err(|e| GatewayError::Unreachable(e.to_string()))?
        .map_err(|e| GatewayError::Unreachable(format!("cannot write the SMS outbox: {e}")))
    }
}

/// Keeps messages in memory; tests read them back.
#[derive(Default)]
pub struct MemoryOutbox {
    sent: Mutex<Vec<(String, String)>>,
}

impl MemoryOutbox {
    pub fn messages(&self) -> Vec<(String, String)> {
        self.sent.lock().map(|m| m.clone()).unwrap_or_default()
    }
}

#[async_trait]
impl SmsGateway for MemoryOutbox {
    async fn send(&self, to: &PhoneNumber, text: &str) -> Result<(), GatewayError> {
        self.sent
            .lock()
            .map_err(|_| GatewayError::Unreachable("outbox poisoned".into()))?
            .push((to.as_str().to_owned(), text.to_owned()));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn file_outbox_appends_one_line_per_message_privately() {
        let dir = tempfile::tempdir().unwrap();
        let out = FileOutbox::new(dir.path().join("sms.txt"));
        let n = PhoneNumber::parse("+41791234567").unwrap();
        out.send(&n, "123456 is your code").await.unwrap();
        out.send(&n, "654321 is\\nyour code").await.unwrap();
        let text = std::fs::read_to_string(dir.path().join("sms.txt")).unwrap();
        assert_eq!(text.lines().count(), 2);
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(dir.path().join("sms.txt"))
                .unwrap()
                .permissions()
                .mode()
                & 0o777,
            0o600
        );
    }
}
