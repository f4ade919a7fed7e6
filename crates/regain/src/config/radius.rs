//! `[radius]`: the RADIUS clients (VPN gateways, workstations through pam_radius_auth) and how
//! each asks for the second factor. Checked here, served by the RADIUS server of issue 18.

use super::{ConfigError, bad};
use regain_core::time::parse_duration;
use regain_radius::{ClientAddress, ClientFlags};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RadiusConfig {
    /// The UDP address to answer on (e.g. `0.0.0.0:1812`), or `off`.
    pub listen: String,
    /// How long an Access-Reject waits (1s to 10s, with jitter); accepts never wait.
    pub reject_delay: String,
    /// How long a request is held for the user's answer to a push (1s to 30s; keep it under
    /// the gateway's timeout, e.g. pam_radius_auth's).
    pub push_wait: String,
    pub clients: Vec<RadiusClientConfig>,
    pub tls: RadiusTlsConfig,
}

/// RADIUS/TLS (RFC 6614): TCP, usually port 2083, mutual certificates.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RadiusTlsConfig {
    /// e.g. `0.0.0.0:2083`; `off` (default) for none.
    pub listen: Option<String>,
    pub cert_file: Option<PathBuf>,
    pub key_file: Option<PathBuf>,
    /// The CA that signs the clients' certificates: only they may connect.
    pub client_ca_file: Option<PathBuf>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RadiusClientConfig {
    pub name: String,
    /// One address or a network (`192.0.2.10`, `10.1.0.0/16`).
    pub address: String,
    pub secret: Option<String>,
    pub secret_file: Option<PathBuf>,
    /// `remote_access` (VPN) or `workstation_login` (pam_radius_auth).
    pub workflow: String,
    /// `challenge` (default: Access-Challenge for the code or push) or `appended`
    /// (`password,code` in one User-Password, for gateways that show no challenges).
    #[serde(default = "default_mode")]
    pub second_factor: String,
    #[serde(default = "default_separator")]
    pub separator: String,
    #[serde(default = "yes")]
    pub require_message_authenticator: bool,
    #[serde(default = "yes")]
    pub limit_proxy_state: bool,
}

fn default_mode() -> String {
    "challenge".into()
}

fn default_separator() -> String {
    ",".into()
}

fn yes() -> bool {
    true
}

impl Default for RadiusConfig {
    fn default() -> Self {
        RadiusConfig {
            listen: "off".into(),
            reject_delay: "1s".into(),
            push_wait: "4s".into(),
            clients: Vec::new(),
            tls: RadiusTlsConfig::default(),
        }
    }
}

/// How a client asks for the second factor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FactorMode {
    Challenge,
    /// The code after the password in User-Password, after this separator.
    Appended(String),
}

/// A checked client.
#[derive(Debug, Clone)]
pub struct RadiusClient {
    pub name: String,
    pub address: ClientAddress,
    pub secret: Vec<u8>,
    pub workflow: regain_core::policy::Workflow,
    pub mode: FactorMode,
    pub flags: ClientFlags,
}

/// `[radius]` checked.
#[derive(Debug, Clone)]
pub struct RadiusSettings {
    pub listen: Option<std::net::SocketAddr>,
    /// RADIUS/TLS: where, and the certificate files.
    pub tls: Option<(std::net::SocketAddr, regain_radius::server::TlsFiles)>,
    pub reject_delay: Duration,
    pub push_wait: Duration,
    pub clients: Vec<RadiusClient>,
    /// For `regain config check`: weak secrets, clients without the Message-Authenticator.
    pub warnings: Vec<String>,
}

impl RadiusConfig {
    pub fn check(&self) -> Result<RadiusSettings, ConfigError> {
        let listen = match self.listen.trim() {
            "off" | "" => None,
            raw => Some(raw.parse().map_err(|_| {
                bad(
                    "radius.listen",
                    format!("{raw:?} is not an address: write it as 0.0.0.0:1812, or off"),
                )
            })?),
        };
        let reject_delay =
            parse_duration(&self.reject_delay).map_err(|m| bad("radius.reject_delay", m))?;
        if !(Duration::from_secs(1)..=Duration::from_secs(10)).contains(&reject_delay) {
            return Err(bad(
                "radius.reject_delay",
                "use 1s to 10s (a delayed reject slows down guessing; accepts are never delayed)",
            ));
        }
        let push_wait = parse_duration(&self.push_wait).map_err(|m| bad("radius.push_wait", m))?;
        if !(Duration::from_secs(1)..=Duration::from_secs(30)).contains(&push_wait) {
            return Err(bad(
                "radius.push_wait",
                "use 1s to 30s, under the gateway's own timeout",
            ));
        }
        let tls = match self.tls.listen.as_deref().map(str::trim) {
            None | Some("off") | Some("") => None,
            Some(raw) => {
                let addr = raw.parse().map_err(|_| {
                    bad(
                        "radius.tls.listen",
                        format!("{raw:?} is not an address: write it as 0.0.0.0:2083, or off"),
                    )
                })?;
                let file = |key: &str, v: &Option<PathBuf>| {
                    v.clone().ok_or_else(|| {
                        bad(&format!("radius.tls.{key}"), "RADIUS/TLS needs the server's certificate, its key and the clients' CA (PEM files)")
                    })
                };
                Some((
                    addr,
                    regain_radius::server::TlsFiles {
                        cert: file("cert_file", &self.tls.cert_file)?,
                        key: file("key_file", &self.tls.key_file)?,
                        client_ca: file("client_ca_file", &self.tls.client_ca_file)?,
                    },
                ))
            }
        };
        let mut clients: Vec<RadiusClient> = Vec::new();
        let mut warnings = Vec::new();
        for (i, c) in self.clients.iter().enumerate() {
            let key = |k: &str| format!("radius.clients[{i}].{k}");
            let name = c.name.trim().to_owned();
            if name.is_empty() || name.chars().count() > 64 || name.chars().any(char::is_control) {
                return Err(bad(&key("name"), "use 1 to 64 printable characters"));
            }
            if clients.iter().any(|o| o.name == name) {
                return Err(bad(
                    &key("name"),
                    format!("{name:?} is the name of another client"),
                ));
            }
            let address = ClientAddress::parse(&c.address).map_err(|m| bad(&key("address"), m))?;
            if let Some(o) = clients.iter().find(|o| o.address == address) {
                return Err(bad(
                    &key("address"),
                    format!("{address} is already the address of client {:?}", o.name),
                ));
            }
            let secret = match (&c.secret, &c.secret_file) {
                (Some(s), _) => s.clone(),
                (None, Some(f)) => std::fs::read_to_string(f)
                    .map_err(|e| {
                        bad(
                            &key("secret_file"),
                            format!("cannot read {}: {e}", f.display()),
                        )
                    })?
                    .trim_end_matches(['\n', '\r'])
                    .to_owned(),
                (None, None) => {
                    return Err(bad(
                        &key("secret"),
                        "each client needs its shared secret (secret_file, or secret); regain radius secret prints a good one",
                    ));
                }
            };
            let weak = regain_radius::check_secret(secret.as_bytes())
                .map_err(|e| bad(&key("secret"), e))?;
            if weak {
                warnings.push(format!(
                    "{}: the shared secret of client {name:?} has {} octets; at 12 or fewer it can be guessed offline from one captured packet: use `regain radius secret`",
                    key("secret"),
                    secret.len()
                ));
            }
            let workflow = match c.workflow.as_str() {
                "remote_access" => regain_core::policy::Workflow::RemoteAccess,
                "workstation_login" => regain_core::policy::Workflow::WorkstationLogin,
                other => {
                    return Err(bad(
                        &key("workflow"),
                        format!("{other:?}: use remote_access (VPN) or workstation_login (PAM)"),
                    ));
                }
            };
            let mode = match c.second_factor.as_str() {
                "challenge" => FactorMode::Challenge,
                "appended" => {
                    let sep = c.separator.clone();
                    if sep.is_empty() || sep.chars().count() > 3 {
                        return Err(bad(&key("separator"), "use 1 to 3 characters, e.g. \",\""));
                    }
                    FactorMode::Appended(sep)
                }
                other => {
                    return Err(bad(
                        &key("second_factor"),
                        format!(
                            "{other:?}: use challenge, or appended (password,code in one field)"
                        ),
                    ));
                }
            };
            if !c.require_message_authenticator {
                warnings.push(format!(
                    "{}: client {name:?} may send requests without a Message-Authenticator (needed for pam_radius_auth); {}",
                    key("require_message_authenticator"),
                    if c.limit_proxy_state {
                        "Proxy-State without one is still dropped"
                    } else {
                        "with limit_proxy_state = false it is open to BlastRADIUS (CVE-2024-3596)"
                    }
                ));
            }
            clients.push(RadiusClient {
                name,
                address,
                secret: secret.into_bytes(),
                workflow,
                mode,
                flags: ClientFlags {
                    require_message_authenticator: c.require_message_authenticator,
                    limit_proxy_state: c.limit_proxy_state,
                },
            });
        }
        if (listen.is_some() || tls.is_some()) && clients.is_empty() {
            warnings.push(
                "radius.listen is set but no client is configured: every request is dropped".into(),
            );
        }
        Ok(RadiusSettings {
            listen,
            tls,
            reject_delay,
            push_wait,
            clients,
            warnings,
        })
    }
}

impl RadiusSettings {
    /// The client a request from `ip` belongs to: the most specific address that contains it.
    pub fn client_for(&self, ip: std::net::IpAddr) -> Option<&RadiusClient> {
        self.clients
            .iter()
            .filter(|c| c.address.contains(ip))
            .max_by_key(|c| c.address.prefix())
    }
}
