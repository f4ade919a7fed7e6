//! Configuration: one TOML file, `REGAIN_SECTION__KEY` environment overrides, and `*_file`
//! variants for secrets. Every bad value is reported with its key and the expected form.

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use regain_core::lockout::LockoutPolicy;
use regain_core::password_policy::PasswordPolicy;
use regain_core::time::{format_duration, parse_duration};
use serde::{Deserialize, Serialize};
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ConfigError(pub String);

fn bad(key: &str, msg: impl std::fmt::Display) -> ConfigError {
    ConfigError(format!("{key}: {msg}"))
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Where the SQLite database, keys and TLS certificate live.
    pub data_dir: PathBuf,
    /// This node's name in the audit chain; unique per node sharing a database.
    pub node_id: String,
    pub server: ServerConfig,
    pub database: DatabaseConfig,
    pub keys: KeysConfig,
    pub log: LogConfig,
    pub directory: DirectoryConfig,
    pub bootstrap: BootstrapConfig,
    pub sms: SmsConfig,
    pub metrics: MetricsConfig,
    pub audit: AuditConfig,
    pub notifications: NotificationsConfig,
    pub radius: RadiusConfig,
}

/// Signed checkpoints of the audit chain, written outside the database (issue 14): whoever later
/// holds the database cannot cut or rewrite the chain below a checkpoint unnoticed.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AuditConfig {
    /// Where checkpoints are appended (`NODE.jsonl`); put it on storage the database's
    /// administrators cannot rewrite (a log host's mount, WORM storage). Default:
    /// `data_dir/audit-checkpoints`.
    pub checkpoint_dir: Option<PathBuf>,
    /// How often `regain serve` writes one (when the chain moved); `0s` for never.
    pub checkpoint_interval: String,
    /// Also send each checkpoint to the local syslog (`/dev/log`, facility authpriv).
    pub syslog: bool,
    /// The Ed25519 key that signs checkpoints (PKCS#8, base64); default: generated once into
    /// `data_dir/keys/checkpoint.key`.
    pub checkpoint_key_file: Option<PathBuf>,
}

impl Default for AuditConfig {
    fn default() -> Self {
        AuditConfig {
            checkpoint_dir: None,
            checkpoint_interval: "5m".into(),
            syslog: false,
            checkpoint_key_file: None,
        }
    }
}

/// Where `/metrics` is served. Never openly on the main listener: on a separate address
/// (loopback by default, for a local Prometheus agent), and on the main listener only to
/// requests carrying the configured bearer token.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MetricsConfig {
    /// A separate plain-HTTP listener for `/metrics` only; `off` for none.
    pub listen: String,
    /// A bearer token that opens `/metrics` on the main listener (at least 24 characters).
    pub token: Option<String>,
    pub token_file: Option<PathBuf>,
}

impl Default for MetricsConfig {
    fn default() -> Self {
        MetricsConfig {
            listen: "127.0.0.1:9464".into(),
            token: None,
            token_file: None,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SmsConfig {
    /// `outbox` (default: messages are appended to `data_dir/sms-outbox.txt`, for demos) or
    /// `webhook` (an HTTPS endpoint of your SMS provider or relay).
    pub gateway: String,
    pub webhook_url: Option<String>,
    /// Shared secret for the HMAC signature (at least 16 characters).
    pub webhook_secret: Option<String>,
    pub webhook_secret_file: Option<PathBuf>,
    pub timeout: String,
    pub retries: u32,
}

impl Default for SmsConfig {
    fn default() -> Self {
        SmsConfig {
            gateway: "outbox".into(),
            webhook_url: None,
            webhook_secret: None,
            webhook_secret_file: None,
            timeout: "5s".into(),
            retries: 2,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ServerConfig {
    pub listen: String,
    /// `self_signed` (default), `files`, or `off` (only with `behind_proxy = true`).
    pub tls: String,
    pub cert_file: Option<PathBuf>,
    pub key_file: Option<PathBuf>,
    /// TLS is terminated by a reverse proxy in front of Regain.
    pub behind_proxy: bool,
    /// Proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<String>,
    /// The address people use to reach Regain, for links (default: from `listen`).
    pub public_url: Option<String>,
    pub body_limit: usize,
    /// The time zone administrators work in (IANA name, e.g. `Europe/Zurich`): temporary-code
    /// expiries are shown and entered in it. Default: the system's.
    pub time_zone: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DatabaseConfig {
    /// `sqlite:///path/regain.db` or `postgres://user@host/db`; default: SQLite in `data_dir`.
    pub url: Option<String>,
    pub url_file: Option<PathBuf>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct KeysConfig {
    /// base64 of 32 bytes; default: generated once into `data_dir/keys/`.
    pub mac_key: Option<String>,
    pub mac_key_file: Option<PathBuf>,
    pub field_key: Option<String>,
    pub field_key_file: Option<PathBuf>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LogConfig {
    /// `text` or `json`.
    pub format: String,
    /// A tracing filter such as `info` or `regain=debug,info`.
    pub level: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DirectoryConfig {
    /// `embedded`, `active_directory` or `openldap`.
    pub kind: String,
    /// Embedded directory only.
    pub password_policy: PasswordPolicy,
    /// Embedded directory only (AD and OpenLDAP apply their own lockout).
    pub lockout: LockoutConfig,
    /// LDAP servers, tried in order: `ldaps://dc1.example.org`, or `ldap://…` with `start_tls`.
    pub urls: Vec<String>,
    pub start_tls: bool,
    /// PEM file with the CA of the directory servers (default: the system's CA bundle).
    pub ca_file: Option<PathBuf>,
    /// Plain LDAP without TLS. For tests only: passwords would cross the network in clear.
    pub insecure_allow_plain: bool,
    /// The service account (reset passwords, unlock accounts).
    pub bind_dn: Option<String>,
    pub bind_password: Option<String>,
    pub bind_password_file: Option<PathBuf>,
    pub base_dn: Option<String>,
    /// Default: `sAMAccountName` (AD), `uid` (OpenLDAP).
    pub user_attribute: Option<String>,
    /// Extra filter for user searches, e.g. `(objectClass=person)`.
    pub user_filter: Option<String>,
    /// Timeout of every directory operation.
    pub timeout: String,
    /// Keep the password users sign in with (encrypted with the field key) so a self-service
    /// reset can change it as the user would (reference: stored password; ADR 0005).
    pub remember_passwords: bool,
    /// Import new directory users while serving, this often (`0s`: never; run
    /// `regain directory import` by hand instead).
    pub sync_interval: String,
    /// Policy rules for the periodic import, as for `regain directory import --rule`.
    pub sync_rules: Vec<String>,
    pub sync_default_policy: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LockoutConfig {
    pub threshold: u32,
    pub window: String,
    pub duration: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BootstrapConfig {
    /// The superadministrator created on first start.
    pub admin_username: String,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            data_dir: PathBuf::from("regain-data"),
            node_id: "node-1".into(),
            server: ServerConfig::default(),
            database: DatabaseConfig::default(),
            keys: KeysConfig::default(),
            log: LogConfig::default(),
            directory: DirectoryConfig::default(),
            bootstrap: BootstrapConfig::default(),
            sms: SmsConfig::default(),
            metrics: MetricsConfig::default(),
            audit: AuditConfig::default(),
            notifications: NotificationsConfig::default(),
            radius: RadiusConfig::default(),
        }
    }
}

impl Default for LogConfig {
    fn default() -> Self {
        LogConfig {
            format: "text".into(),
            level: "info".into(),
        }
    }
}

impl Default for BootstrapConfig {
    fn default() -> Self {
        BootstrapConfig {
            admin_username: "admin".into(),
        }
    }
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            listen: "127.0.0.1:8443".into(),
            tls: "self_signed".into(),
            cert_file: None,
            key_file: None,
            behind_proxy: false,
            trusted_proxies: Vec::new(),
            public_url: None,
            body_limit: 64 * 1024,
            time_zone: None,
        }
    }
}

impl Default for DirectoryConfig {
    fn default() -> Self {
        let l = LockoutPolicy::default();
        DirectoryConfig {
            kind: "embedded".into(),
            urls: Vec::new(),
            start_tls: false,
            ca_file: None,
            insecure_allow_plain: false,
            bind_dn: None,
            bind_password: None,
            bind_password_file: None,
            base_dn: None,
            user_attribute: None,
            user_filter: None,
            timeout: "10s".into(),
            remember_passwords: true,
            sync_interval: "0s".into(),
            sync_rules: Vec::new(),
            sync_default_policy: "Default".into(),
            password_policy: PasswordPolicy::default(),
            lockout: LockoutConfig {
                threshold: l.threshold,
                window: format_duration(l.window),
                duration: format_duration(l.duration),
            },
        }
    }
}

impl Default for LockoutConfig {
    fn default() -> Self {
        DirectoryConfig::default().lockout
    }
}

/// Top-level keys accepted from the environment (`REGAIN_SERVER__LISTEN`, ...). Other `REGAIN_`
/// variables (such as `REGAIN_CONFIG`) are not configuration keys.
const SECTIONS: [&str; 13] = [
    "audit",
    "notifications",
    "radius",
    "metrics",
    "sms",
    "data_dir",
    "node_id",
    "server",
    "database",
    "keys",
    "log",
    "directory",
    "bootstrap",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TlsMode {
    SelfSigned,
    Files,
    Off,
}

/// The configuration after validation, with secrets resolved.
pub struct Effective {
    pub raw: Config,
    pub listen: SocketAddr,
    pub tls: TlsMode,
    pub database_url: String,
    pub lockout: LockoutPolicy,
    pub trusted_proxies: Vec<IpAddr>,
    pub public_url: String,
    pub sms_timeout: std::time::Duration,
    /// Validated IANA time zone name.
    pub time_zone: String,
    /// The LDAP directory settings when `directory.kind` is not `embedded`.
    pub ldap: Option<regain_directory::LdapConfig>,
    /// Periodic import of directory users (zero: off).
    pub sync_interval: std::time::Duration,
    pub sync_rules: Vec<regain_core::service::PolicyRule>,
    /// The separate `/metrics` listener, if any.
    pub metrics_listen: Option<SocketAddr>,
    /// The bearer token for `/metrics` on the main listener, if any.
    pub metrics_token: Option<String>,
    pub checkpoint_dir: PathBuf,
    /// Zero: `regain serve` writes no checkpoints.
    pub checkpoint_interval: std::time::Duration,
    pub notifications: NotificationSettings,
    pub radius: RadiusSettings,
}

impl Config {
    pub fn load(path: Option<&Path>) -> Result<Config, ConfigError> {
        let mut fig = Figment::from(Serialized::defaults(Config::default()));
        if let Some(p) = path {
            if !p.exists() {
                return Err(ConfigError(format!(
                    "config file {} does not exist",
                    p.display()
                )));
            }
            fig = fig.merge(Toml::file_exact(p));
        }
        fig = fig.merge(
            Env::prefixed("REGAIN_")
                .filter(|k| {
                    let k = k.as_str().to_ascii_lowercase();
                    SECTIONS
                        .iter()
                        .any(|s| k == *s || k.starts_with(&format!("{s}__")))
                })
                .split("__"),
        );
        fig.extract::<Config>().map_err(|e| {
            let mut msgs = Vec::new();
            for err in e {
                let key = err.path.join(".");
                let origin = err
                    .metadata
                    .as_ref()
                    .map(|m| format!(" (from {})", m.name))
                    .unwrap_or_default();
                msgs.push(if key.is_empty() {
                    format!("configuration{origin}: {}", err.kind)
                } else {
                    format!("{key}{origin}: {}", err.kind)
                });
            }
            ConfigError(msgs.join("\n"))
        })
    }

    pub fn validate(self) -> Result<Effective, ConfigError> {
        let listen: SocketAddr = self.server.listen.parse().map_err(|_| {
            bad(
                "server.listen",
                format!(
                    "{:?} is not an address: use IP:PORT, e.g. 127.0.0.1:8443",
                    self.server.listen
                ),
            )
        })?;
        let tls = match self.server.tls.as_str() {
            "self_signed" => TlsMode::SelfSigned,
            "files" => {
                if self.server.cert_file.is_none() || self.server.key_file.is_none() {
                    return Err(bad(
                        "server.tls",
                        "\"files\" needs server.cert_file and server.key_file (PEM)",
                    ));
                }
                TlsMode::Files
            }
            "off" if self.server.behind_proxy => TlsMode::Off,
            "off" => {
                return Err(bad(
                    "server.tls",
                    "\"off\" is allowed only behind a TLS-terminating proxy: also set server.behind_proxy = true",
                ));
            }
            other => {
                return Err(bad(
                    "server.tls",
                    format!("{other:?}: use self_signed, files or off"),
                ));
            }
        };
        regain_core::ids::NodeId::parse(&self.node_id).map_err(|m| bad("node_id", m))?;
        let trusted_proxies = self
            .server
            .trusted_proxies
            .iter()
            .map(|p| {
                p.parse::<IpAddr>().map_err(|_| {
                    bad(
                        "server.trusted_proxies",
                        format!("{p:?} is not an IP address"),
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        if self.server.body_limit < 1024 || self.server.body_limit > 10 * 1024 * 1024 {
            return Err(bad(
                "server.body_limit",
                "use a number of bytes from 1024 to 10485760",
            ));
        }
        let database_url = match (&self.database.url, &self.database.url_file) {
            (Some(_), Some(_)) => {
                return Err(bad(
                    "database.url",
                    "set database.url or database.url_file, not both",
                ));
            }
            (Some(u), None) => u.clone(),
            (None, Some(f)) => std::fs::read_to_string(f)
                .map_err(|e| {
                    bad(
                        "database.url_file",
                        format!("cannot read {}: {e}", f.display()),
                    )
                })?
                .trim()
                .to_owned(),
            (None, None) => format!("sqlite://{}", self.data_dir.join("regain.db").display()),
        };
        if regain_store::Backend::of_url(&database_url).is_none() {
            return Err(bad(
                "database.url",
                "use sqlite:///path/to/regain.db or postgres://user@host:port/database",
            ));
        }
        let ldap = self.directory_ldap()?;
        let sync_interval = parse_duration(&self.directory.sync_interval)
            .map_err(|m| bad("directory.sync_interval", m))?;
        let sync_rules = self
            .directory
            .sync_rules
            .iter()
            .map(|r| regain_core::service::PolicyRule::parse(r))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|m| bad("directory.sync_rules", m))?;
        if !sync_interval.is_zero() && ldap.is_none() {
            return Err(bad(
                "directory.sync_interval",
                "importing needs an external directory (directory.kind active_directory or openldap)",
            ));
        }
        if !sync_interval.is_zero() && sync_interval < std::time::Duration::from_secs(1) {
            return Err(bad(
                "directory.sync_interval",
                "use at least 1s, or 0s for never",
            ));
        }
        self.directory
            .password_policy
            .validate()
            .map_err(|m| bad("directory.password_policy", m))?;
        let lockout = LockoutPolicy {
            threshold: self.directory.lockout.threshold,
            window: parse_duration(&self.directory.lockout.window)
                .map_err(|m| bad("directory.lockout.window", m))?,
            duration: parse_duration(&self.directory.lockout.duration)
                .map_err(|m| bad("directory.lockout.duration", m))?,
        };
        lockout
            .validate()
            .map_err(|(k, m)| bad(&format!("directory.{k}"), m))?;
        if !matches!(self.log.format.as_str(), "text" | "json") {
            return Err(bad(
                "log.format",
                format!("{:?}: use text or json", self.log.format),
            ));
        }
        regain_core::user::Username::parse(&self.bootstrap.admin_username)
            .map_err(|m| bad("bootstrap.admin_username", m))?;
        let sms_timeout = parse_duration(&self.sms.timeout).map_err(|m| bad("sms.timeout", m))?;
        match self.sms.gateway.as_str() {
            "outbox" => {}
            "webhook" => {
                if self.sms.webhook_url.is_none() {
                    return Err(bad(
                        "sms.webhook_url",
                        "the webhook gateway needs the provider's https:// URL",
                    ));
                }
                if self.sms.webhook_secret.is_none() && self.sms.webhook_secret_file.is_none() {
                    return Err(bad(
                        "sms.webhook_secret",
                        "the webhook gateway needs a shared secret (or sms.webhook_secret_file)",
                    ));
                }
            }
            other => {
                return Err(bad(
                    "sms.gateway",
                    format!("{other:?}: use outbox or webhook"),
                ));
            }
        }
        if self.sms.retries > 5 {
            return Err(bad("sms.retries", "use a number from 0 to 5"));
        }
        let public_url = match &self.server.public_url {
            Some(u) => u.trim_end_matches('/').to_owned(),
            None => {
                let scheme = if tls == TlsMode::Off { "http" } else { "https" };
                format!("{scheme}://{listen}")
            }
        };
        let time_zone = match &self.server.time_zone {
            Some(name) => jiff::tz::TimeZone::get(name)
                .ok()
                .and_then(|tz| tz.iana_name().map(str::to_owned))
                .ok_or_else(|| {
                    bad(
                        "server.time_zone",
                        format!("{name:?} is not a known time zone: use an IANA name such as Europe/Zurich or UTC"),
                    )
                })?,
            None => jiff::tz::TimeZone::system()
                .iana_name()
                .unwrap_or("UTC")
                .to_owned(),
        };
        let metrics_listen = match self.metrics.listen.trim() {
            "off" | "" => None,
            addr => Some(addr.parse::<SocketAddr>().map_err(|_| {
                bad(
                    "metrics.listen",
                    format!(
                        "{addr:?} is not an address: use IP:PORT such as 127.0.0.1:9464, or off"
                    ),
                )
            })?),
        };
        let metrics_token = match (&self.metrics.token, &self.metrics.token_file) {
            (Some(_), Some(_)) => {
                return Err(bad(
                    "metrics.token",
                    "give metrics.token or metrics.token_file, not both",
                ));
            }
            (Some(t), None) => Some(t.trim().to_owned()),
            (None, Some(f)) => Some(
                std::fs::read_to_string(f)
                    .map_err(|e| {
                        bad(
                            "metrics.token_file",
                            format!("cannot read {}: {e}", f.display()),
                        )
                    })?
                    .trim()
                    .to_owned(),
            ),
            (None, None) => None,
        };
        if metrics_token
            .as_ref()
            .is_some_and(|t| t.chars().count() < 24)
        {
            return Err(bad(
                "metrics.token",
                "use at least 24 random characters (for example: openssl rand -base64 32)",
            ));
        }
        let checkpoint_interval = parse_duration(&self.audit.checkpoint_interval)
            .map_err(|m| bad("audit.checkpoint_interval", m))?;
        if !checkpoint_interval.is_zero() && checkpoint_interval < std::time::Duration::from_secs(1)
        {
            return Err(bad(
                "audit.checkpoint_interval",
                "use at least 1s, or 0s for no checkpoints",
            ));
        }
        let checkpoint_dir = self
            .audit
            .checkpoint_dir
            .clone()
            .unwrap_or_else(|| self.data_dir.join("audit-checkpoints"));
        let notifications = self.notifications.check(&self.data_dir)?;
        let radius = self.radius.check()?;
        Ok(Effective {
            notifications,
            radius,
            checkpoint_dir,
            checkpoint_interval,
            metrics_listen,
            metrics_token,
            sync_interval,
            sync_rules,
            ldap,
            time_zone,
            listen,
            tls,
            database_url,
            lockout,
            trusted_proxies,
            public_url,
            sms_timeout,
            raw: self,
        })
    }
}

impl Config {
    /// The LDAP adapter's settings (AD or OpenLDAP), checked: TLS unless explicitly allowed off.
    fn directory_ldap(&self) -> Result<Option<regain_directory::LdapConfig>, ConfigError> {
        let d = &self.directory;
        let flavor = match d.kind.as_str() {
            "embedded" => return Ok(None),
            "active_directory" => regain_directory::Flavor::ActiveDirectory,
            "openldap" => regain_directory::Flavor::OpenLdap,
            other => {
                return Err(bad(
                    "directory.kind",
                    format!("{other:?}: use embedded, active_directory or openldap"),
                ));
            }
        };
        if d.urls.is_empty() {
            return Err(bad("directory.urls", "give at least one ldaps:// URL"));
        }
        let need = |key: &str, v: &Option<String>| {
            v.clone()
                .filter(|v| !v.trim().is_empty())
                .ok_or_else(|| bad(key, format!("required with directory.kind = {:?}", d.kind)))
        };
        let bind_dn = need("directory.bind_dn", &d.bind_dn)?;
        let base_dn = need("directory.base_dn", &d.base_dn)?;
        let password = match (&d.bind_password, &d.bind_password_file) {
            (Some(_), Some(_)) => {
                return Err(bad(
                    "directory.bind_password",
                    "set bind_password or bind_password_file, not both",
                ));
            }
            (Some(p), None) => p.clone(),
            (None, Some(f)) => std::fs::read_to_string(f)
                .map_err(|e| {
                    bad(
                        "directory.bind_password_file",
                        format!("cannot read {}: {e}", f.display()),
                    )
                })?
                .trim_end_matches(['\n', '\r'])
                .to_owned(),
            (None, None) => {
                return Err(bad(
                    "directory.bind_password_file",
                    "the service account's password is required (or directory.bind_password)",
                ));
            }
        };
        let timeout = parse_duration(&d.timeout).map_err(|m| bad("directory.timeout", m))?;
        let mut cfg =
            regain_directory::LdapConfig::new(flavor, &d.urls[0], &bind_dn, &password, &base_dn);
        cfg.urls = d.urls.clone();
        cfg.start_tls = d.start_tls;
        cfg.ca_file = d.ca_file.clone();
        cfg.insecure_allow_plain = d.insecure_allow_plain;
        if let Some(a) = &d.user_attribute {
            cfg.user_attribute = a.clone();
        }
        cfg.user_filter = d.user_filter.clone();
        cfg.timeout = timeout;
        cfg.remember_passwords = d.remember_passwords;
        // Checked here so a bad URL or CA file stops the start with the key named.
        regain_directory::LdapDirectory::new(cfg.clone())
            .map_err(|e| bad("directory", e.to_string()))?;
        Ok(Some(cfg))
    }
}

impl Effective {
    /// Warnings about settings that are valid but unsafe.
    pub fn warnings(&self) -> Vec<String> {
        let mut w = Vec::new();
        if self.raw.directory.insecure_allow_plain
            && self
                .raw
                .directory
                .urls
                .iter()
                .any(|u| u.starts_with("ldap://"))
            && !self.raw.directory.start_tls
        {
            w.push("directory.insecure_allow_plain: passwords go to the directory without TLS; use it for tests only".to_owned());
        }
        if self.raw.directory.bind_password.is_some() {
            w.push("directory.bind_password is in the configuration file; prefer directory.bind_password_file".to_owned());
        }
        w.extend(self.notifications.warnings.iter().cloned());
        w.extend(self.radius.warnings.iter().cloned());
        w
    }

    /// The effective configuration as TOML, with every secret replaced by `[redacted]`.
    pub fn redacted_toml(&self) -> String {
        let mut c = self.raw.clone();
        let redact = |v: &mut Option<String>| {
            if v.is_some() {
                *v = Some("[redacted]".into());
            }
        };
        redact(&mut c.keys.mac_key);
        redact(&mut c.keys.field_key);
        redact(&mut c.sms.webhook_secret);
        redact(&mut c.notifications.webhook_secret);
        redact(&mut c.notifications.smtp.password);
        redact(&mut c.metrics.token);
        redact(&mut c.directory.bind_password);
        for client in &mut c.radius.clients {
            redact(&mut client.secret);
        }
        c.database.url = Some(redact_url(&self.database_url));
        c.database.url_file = c.database.url_file.take();
        toml::to_string_pretty(&c)
            .unwrap_or_else(|e| format!("# cannot render configuration: {e}\n"))
    }
}

/// Hides a password inside a database URL.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:[redacted]{}", &url[..s + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

mod notifications;
mod radius;
pub use notifications::{MailRoute, NotificationSettings, NotificationsConfig};
pub use radius::{FactorMode, RadiusConfig, RadiusSettings};

#[cfg(test)]
mod tests;
