//! Email over SMTP (lettre, rustls): STARTTLS, implicit TLS, or plain text to a relay on this
//! machine only; authentication when configured; one configured sender. And the demo's
//! mailbox file, which stands in for the mail server as the SMS outbox stands in for phones.

use crate::ConfigError;
use async_trait::async_trait;
use lettre::message::{Mailbox, header::ContentType};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use regain_core::notifications::{Message as Notice, SendFailure};
use secrecy::{ExposeSecret, SecretString};
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::PathBuf;
use std::time::Duration;

/// Sends one email; the error says why not (never the message). `key` names the notice for
/// good: its Message-ID is built from it, so a notice sent again after a crash at the wrong
/// moment (the server took it, the outbox had not yet marked it) carries the same Message-ID and
/// mail systems that de-duplicate show it once.
#[async_trait]
pub trait MailTransport: Send + Sync {
    async fn send_mail(&self, to: &str, notice: &Notice, key: &str) -> Result<(), SendFailure>;
}

/// How the connection to the SMTP server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpSecurity {
    /// Plain SMTP, upgraded with STARTTLS, which must succeed (port 587).
    StartTls,
    /// TLS from the first byte (port 465).
    Tls,
    /// No TLS: only to a relay on this machine (127.0.0.1, ::1, localhost).
    None,
}

impl SmtpSecurity {
    pub fn parse(raw: &str) -> Result<SmtpSecurity, ConfigError> {
        match raw {
            "starttls" => Ok(SmtpSecurity::StartTls),
            "tls" => Ok(SmtpSecurity::Tls),
            "none" => Ok(SmtpSecurity::None),
            other => Err(ConfigError(format!(
                "notifications.smtp.security: {other:?} is not a choice: use starttls (port 587), tls (port 465) or none (a relay on this machine only)"
            ))),
        }
    }
}

#[derive(Debug, Clone)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    pub security: SmtpSecurity,
    pub username: Option<String>,
    pub password: Option<SecretString>,
    /// The sender, e.g. `Regain <regain@example.org>`.
    pub from: String,
    /// A CA certificate (PEM) to trust besides the system's, for a server with a private CA.
    pub ca_file: Option<PathBuf>,
    pub timeout: Duration,
}

pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    /// For the log and errors: where mail goes, never the password.
    server: String,
}

impl std::fmt::Debug for SmtpMailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SmtpMailer({})", self.server)
    }
}

fn is_loopback(host: &str) -> bool {
    host == "localhost"
        || host
            .trim_matches(['[', ']'])
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

impl SmtpMailer {
    pub fn new(c: &SmtpConfig) -> Result<SmtpMailer, ConfigError> {
        let from: Mailbox = c.from.parse().map_err(|e| {
            ConfigError(format!(
                "notifications.smtp.from: {:?} is not a sender address ({e}): write it as \"Regain <regain@example.org>\"",
                c.from
            ))
        })?;
        if c.security == SmtpSecurity::None && !is_loopback(&c.host) {
            return Err(ConfigError(format!(
                "notifications.smtp.security = \"none\" sends mail unprotected: it is allowed only to a relay on this machine, not to {:?}; use starttls or tls",
                c.host
            )));
        }
        let tls = || -> Result<TlsParameters, ConfigError> {
            let mut b = TlsParameters::builder(c.host.clone());
            if let Some(path) = &c.ca_file {
                let pem = std::fs::read(path).map_err(|e| {
                    ConfigError(format!(
                        "notifications.smtp.ca_file: cannot read {}: {e}",
                        path.display()
                    ))
                })?;
                let cert = Certificate::from_pem(&pem).map_err(|e| {
                    ConfigError(format!(
                        "notifications.smtp.ca_file: {} is not a PEM certificate: {e}",
                        path.display()
                    ))
                })?;
                b = b.add_root_certificate(cert);
            }
            b.build_rustls()
                .map_err(|e| ConfigError(format!("notifications.smtp: TLS settings: {e}")))
        };
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut b = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(c.host.clone())
            .port(c.port)
            .timeout(Some(c.timeout))
            .tls(match c.security {
                SmtpSecurity::StartTls => Tls::Required(tls()?),
                SmtpSecurity::Tls => Tls::Wrapper(tls()?),
                SmtpSecurity::None => Tls::None,
            });
        match (&c.username, &c.password) {
            (Some(u), Some(p)) => {
                b = b.credentials(Credentials::new(u.clone(), p.expose_secret().to_owned()));
            }
            (None, None) => {}
            _ => {
                return Err(ConfigError(
                    "notifications.smtp: set both username and password, or neither".into(),
                ));
            }
        }
        Ok(SmtpMailer {
            transport: b.build(),
            from,
            server: format!("{}:{}", c.host, c.port),
        })
    }
}

fn message(from: &Mailbox, to: &str, notice: &Notice, key: &str) -> Result<Message, SendFailure> {
    let to: Mailbox = to
        .parse()
        .map_err(|e| SendFailure::permanent(format!("the address {to:?} cannot take mail: {e}")))?;
    let key: String = key
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '.')
        .collect();
    Message::builder()
        .from(from.clone())
        .to(to)
        .message_id(Some(format!(
            "<regain-notice-{key}@{}>",
            from.email.domain()
        )))
        .subject(notice.subject.clone())
        .header(ContentType::TEXT_PLAIN)
        .body(notice.body.clone())
        .map_err(|e| SendFailure::permanent(format!("cannot build the message: {e}")))
}

#[async_trait]
impl MailTransport for SmtpMailer {
    async fn send_mail(&self, to: &str, notice: &Notice, key: &str) -> Result<(), SendFailure> {
        let m = message(&self.from, to, notice, key)?;
        self.transport.send(m).await.map(|_| ()).map_err(|e| {
            // A 5xx answer about the message or its recipient (no such mailbox) stays so; a
            // refused login (53x) is the configuration's, fixed by an operator: tried again.
            let login = e.status().is_some_and(|c| c.to_string().starts_with("53"));
            SendFailure {
                reason: format!("SMTP {}: {e}", self.server),
                permanent: e.is_permanent() && !login,
            }
        })
    }
}

/// Appends each email to a file, mode 0600: the demo's mail server.
pub struct FileMailbox {
    path: PathBuf,
    from: Mailbox,
}

impl FileMailbox {
    pub fn new(path: PathBuf, from: &str) -> Result<FileMailbox, ConfigError> {
        let from = from
            .parse()
            .map_err(|e| ConfigError(format!("sender {from:?}: {e}")))?;
        Ok(FileMailbox { path, from })
    }
}

#[async_trait]
impl MailTransport for FileMailbox {
    /// Written as people read mail, not as SMTP carries it (no encoded words, no
    /// quoted-printable): the file is for someone trying the demo.
    async fn send_mail(&self, to: &str, notice: &Notice, _key: &str) -> Result<(), SendFailure> {
        let to: Mailbox = to.parse().map_err(|e| {
            SendFailure::permanent(format!("the address {to:?} cannot take mail: {e}"))
        })?;
        let text = format!(
            "From: {}\nTo: {to}\nDate: {}\nSubject: {}\n\n{}\n=====\n\n",
            self.from,
            httpdate_now(),
            notice.subject,
            notice.body.trim_end()
        );
        let path = self.path.clone();
        tokio::task::spawn_blocking(move || {
            let mut f = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .mode(0o600)
                .open(&path)?;
            f.write_all(text.as_bytes())
        })
        .await
        .map_err(|e| SendFailure::transient(e.to_string()))?
        .map_err(|e| SendFailure::transient(format!("cannot write the mailbox file: {e}")))
    }
}

/// The time as a mail's `Date:` header gives it (lettre's own formatting).
fn httpdate_now() -> String {
    let mut h = lettre::message::header::Headers::new();
    h.set(lettre::message::header::Date::now());
    h.get_raw("Date").unwrap_or_default().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(host: &str, security: SmtpSecurity) -> SmtpConfig {
        SmtpConfig {
            host: host.into(),
            port: 25,
            security,
            username: None,
            password: None,
            from: "Regain <regain@example.org>".into(),
            ca_file: None,
            timeout: Duration::from_secs(5),
        }
    }

    #[test]
    fn plain_smtp_only_to_this_machine() {
        assert!(SmtpMailer::new(&config("127.0.0.1", SmtpSecurity::None)).is_ok());
        assert!(SmtpMailer::new(&config("localhost", SmtpSecurity::None)).is_ok());
        let e = SmtpMailer::new(&config("mail.example.org", SmtpSecurity::None)).unwrap_err();
        assert!(e.0.contains("starttls"), "{e}");
        assert!(SmtpMailer::new(&config("mail.example.org", SmtpSecurity::StartTls)).is_ok());
    }

    #[test]
    fn a_bad_sender_or_half_credentials_are_named() {
        let mut c = config("127.0.0.1", SmtpSecurity::None);
        c.from = "not an address".into();
        assert!(
            SmtpMailer::new(&c)
                .unwrap_err()
                .0
                .contains("notifications.smtp.from")
        );
        let mut c = config("127.0.0.1", SmtpSecurity::None);
        c.username = Some("regain".into());
        assert!(
            SmtpMailer::new(&c)
                .unwrap_err()
                .0
                .contains("both username and password")
        );
        assert!(
            SmtpSecurity::parse("ssl")
                .unwrap_err()
                .0
                .contains("starttls")
        );
    }

    #[tokio::test]
    async fn the_mailbox_file_holds_whole_messages() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mail.txt");
        let b = FileMailbox::new(path.clone(), "Regain <regain@example.org>").unwrap();
        let n = Notice {
            subject: "Votre mot de passe a été changé".into(),
            body: "Bonjour".into(),
        };
        b.send_mail("alice@example.org", &n, "7-1000")
            .await
            .unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("To: alice@example.org"), "{text}");
        assert!(
            text.contains("Subject: Votre mot de passe a été changé"),
            "{text}"
        );
    }
}
