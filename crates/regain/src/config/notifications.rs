//! `[notifications]`: where mail goes (the demo's mailbox file, an SMTP server, or nowhere),
//! the webhook signature, the default language and how the outbox is retried.

use super::{ConfigError, bad};
use regain_core::notifications::RetryPolicy;
use regain_core::time::parse_duration;
use regain_notify::{SmtpConfig, SmtpSecurity};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::time::Duration;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct NotificationsConfig {
    /// Whether this node delivers the outbox (any number of nodes may; each notice goes once).
    pub deliver: bool,
    /// `outbox` (default: each email appended to `data_dir/mail-outbox.txt`, for demos), `smtp`
    /// (the server below) or `off` (email notices fail, visibly, in the console).
    pub mail: String,
    /// The sender of every email.
    pub from: String,
    /// The language of notices whose recipient's language is not known.
    pub language: String,
    /// How often the worker looks for due notices.
    pub interval: String,
    /// Attempts per notice, the first included (1 to 20).
    pub attempts: u32,
    /// The wait after the first failed attempt; doubled after each, up to `retry_max_delay`.
    pub retry_delay: String,
    pub retry_max_delay: String,
    /// Signs webhook notices (HMAC-SHA-256, as the SMS webhook); at least 16 characters.
    pub webhook_secret: Option<String>,
    pub webhook_secret_file: Option<PathBuf>,
    pub smtp: SmtpSection,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SmtpSection {
    pub host: String,
    /// Default: 587 with starttls, 465 with tls, 25 with none.
    pub port: Option<u16>,
    /// `starttls` (default), `tls`, or `none` (a relay on this machine only).
    pub security: String,
    pub username: Option<String>,
    pub password: Option<String>,
    pub password_file: Option<PathBuf>,
    /// A CA certificate (PEM) for a server whose certificate a private CA signed.
    pub ca_file: Option<PathBuf>,
    pub timeout: String,
}

impl Default for NotificationsConfig {
    fn default() -> Self {
        NotificationsConfig {
            deliver: true,
            mail: "outbox".into(),
            from: "Regain <regain@localhost>".into(),
            language: "en".into(),
            interval: "2s".into(),
            attempts: 8,
            retry_delay: "30s".into(),
            retry_max_delay: "30m".into(),
            webhook_secret: None,
            webhook_secret_file: None,
            smtp: SmtpSection::default(),
        }
    }
}

impl Default for SmtpSection {
    fn default() -> Self {
        SmtpSection {
            host: String::new(),
            port: None,
            security: "starttls".into(),
            username: None,
            password: None,
            password_file: None,
            ca_file: None,
            timeout: "15s".into(),
        }
    }
}

/// Where email notices go.
#[derive(Debug, Clone)]
pub enum MailRoute {
    /// Appended to a file (the demo).
    File(PathBuf),
    Smtp(SmtpConfig),
    Off,
}

/// `[notifications]` checked.
#[derive(Debug, Clone)]
pub struct NotificationSettings {
    pub deliver: bool,
    pub mail: MailRoute,
    pub from: String,
    pub language: String,
    pub interval: Duration,
    pub retry: RetryPolicy,
    pub webhook_secret: Option<SecretString>,
    /// For `regain config check`: the demo's mail file, a password in the file.
    pub warnings: Vec<String>,
}

fn secret(
    key: &str,
    value: &Option<String>,
    file: &Option<PathBuf>,
) -> Result<Option<String>, ConfigError> {
    match (value, file) {
        (Some(v), _) => Ok(Some(v.clone())),
        (None, Some(f)) => std::fs::read_to_string(f)
            .map(|s| Some(s.trim().to_owned()))
            .map_err(|e| {
                bad(
                    &format!("{key}_file"),
                    format!("cannot read {}: {e}", f.display()),
                )
            }),
        (None, None) => Ok(None),
    }
}

fn duration(key: &str, raw: &str) -> Result<Duration, ConfigError> {
    parse_duration(raw).map_err(|m| bad(key, m))
}

impl NotificationsConfig {
    pub fn check(&self, data_dir: &Path) -> Result<NotificationSettings, ConfigError> {
        let language = self.language.trim().to_owned();
        if !regain_web::i18n::Lang::ALL
            .iter()
            .any(|l| l.code() == language)
        {
            return Err(bad(
                "notifications.language",
                format!(
                    "{language:?} is not one of the languages: use {}",
                    regain_web::i18n::Lang::ALL.map(|l| l.code()).join(", ")
                ),
            ));
        }
        if regain_core::notifications::validate_email(
            self.from
                .rsplit_once('<')
                .map_or(self.from.as_str(), |(_, a)| a.trim_end_matches('>')),
        )
        .is_err()
        {
            return Err(bad(
                "notifications.from",
                format!(
                    "{:?} is not a sender: write it as \"Regain <regain@example.org>\"",
                    self.from
                ),
            ));
        }
        let interval = duration("notifications.interval", &self.interval)?;
        if interval < Duration::from_secs(1) || interval > Duration::from_secs(600) {
            return Err(bad("notifications.interval", "use 1s to 10m"));
        }
        if !(1..=20).contains(&self.attempts) {
            return Err(bad("notifications.attempts", "use 1 to 20"));
        }
        let first_delay = duration("notifications.retry_delay", &self.retry_delay)?;
        let max_delay = duration("notifications.retry_max_delay", &self.retry_max_delay)?;
        if first_delay.is_zero() || max_delay < first_delay {
            return Err(bad(
                "notifications.retry_max_delay",
                "use a retry_delay above zero and a retry_max_delay at least as long",
            ));
        }
        let smtp_timeout = duration("notifications.smtp.timeout", &self.smtp.timeout)?;
        let mail = match self.mail.as_str() {
            "outbox" => MailRoute::File(data_dir.join("mail-outbox.txt")),
            "off" => MailRoute::Off,
            "smtp" => {
                if self.smtp.host.trim().is_empty() {
                    return Err(bad(
                        "notifications.smtp.host",
                        "mail = \"smtp\" needs the SMTP server's host name",
                    ));
                }
                let security =
                    SmtpSecurity::parse(&self.smtp.security).map_err(|e| ConfigError(e.0))?;
                let password = secret(
                    "notifications.smtp.password",
                    &self.smtp.password,
                    &self.smtp.password_file,
                )?;
                let smtp = SmtpConfig {
                    host: self.smtp.host.trim().to_owned(),
                    port: self.smtp.port.unwrap_or(match security {
                        SmtpSecurity::StartTls => 587,
                        SmtpSecurity::Tls => 465,
                        SmtpSecurity::None => 25,
                    }),
                    security,
                    username: self.smtp.username.clone(),
                    password: password.map(SecretString::from),
                    from: self.from.clone(),
                    ca_file: self.smtp.ca_file.clone(),
                    timeout: smtp_timeout,
                };
                // Built once here so `regain config check` finds what the server would refuse
                // (a plain connection to another host, an unreadable CA file, a bad sender).
                regain_notify::SmtpMailer::new(&smtp).map_err(|e| ConfigError(e.0))?;
                MailRoute::Smtp(smtp)
            }
            other => {
                return Err(bad(
                    "notifications.mail",
                    format!("{other:?}: use outbox (a file, for demos), smtp or off"),
                ));
            }
        };
        let webhook_secret = secret(
            "notifications.webhook_secret",
            &self.webhook_secret,
            &self.webhook_secret_file,
        )?;
        if webhook_secret
            .as_ref()
            .is_some_and(|s| s.chars().count() < 16)
        {
            return Err(bad(
                "notifications.webhook_secret",
                "use at least 16 random characters (for example: openssl rand -base64 32)",
            ));
        }
        let mut warnings = Vec::new();
        if let MailRoute::File(path) = &mail {
            warnings.push(format!(
                "notifications.mail = \"outbox\": email notices go to {} instead of a mail server; set mail = \"smtp\" and [notifications.smtp] for real use",
                path.display()
            ));
        }
        if self.smtp.password.is_some() {
            warnings.push("notifications.smtp.password is in the configuration file; prefer notifications.smtp.password_file".to_owned());
        }
        Ok(NotificationSettings {
            warnings,
            deliver: self.deliver,
            mail,
            from: self.from.clone(),
            language,
            interval,
            retry: RetryPolicy {
                attempts: self.attempts,
                first_delay,
                max_delay,
                lease: (smtp_timeout * 4).max(Duration::from_secs(60)),
            },
            webhook_secret: webhook_secret.map(SecretString::from),
        })
    }
}
