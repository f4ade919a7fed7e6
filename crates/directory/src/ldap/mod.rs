//! Active Directory and OpenLDAP (with the ppolicy overlay) behind the `Directory` port, over
//! LDAPS or StartTLS only, the server certificate verified against a configured CA file.
//!
//! Users are found by the service account with an escaped filter, then authenticated by binding
//! as themselves on a fresh connection. Refusals are mapped from AD's `data` sub-codes and
//! `0000052D` constraint messages, and from the ppolicy response control, to the port's precise
//! reasons. Every operation has a timeout; several URLs are tried in order (failover).

mod attrs;
mod connections;
mod diagnose;
mod passwords;
mod ppolicy;
mod tls;

pub use diagnose::{Check, CheckState};

use attrs::{ad_data_code, ad_logon_hours, ad_rejection, filetime, generalized_time};

use async_trait::async_trait;
use ldap3::controls::RawControl;
use ldap3::{Ldap, LdapError, Mod, Scope, SearchEntry};
use regain_core::directory::{
    AccountState, AuthFailure, AuthOutcome, Directory, DirectoryError, DirectoryUser,
    LOCKED_UNTIL_UNLOCKED, ResetFailure, ResetPath,
};
use regain_core::logon_hours::LogonHours;
use secrecy::{ExposeSecret, SecretString};
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    ActiveDirectory,
    OpenLdap,
}

#[derive(Clone)]
pub struct LdapConfig {
    pub flavor: Flavor,
    /// Tried in order: `ldaps://host:636`, or `ldap://host:389` with `start_tls`.
    pub urls: Vec<String>,
    pub start_tls: bool,
    /// PEM file with the CA that signed the servers' certificates (default: the system store).
    pub ca_file: Option<PathBuf>,
    /// Plain LDAP without TLS: for tests only, never with real passwords.
    pub insecure_allow_plain: bool,
    /// The service account (reset passwords, unlock).
    pub bind_dn: String,
    pub bind_password: SecretString,
    pub base_dn: String,
    /// `sAMAccountName` (AD) or `uid` (OpenLDAP).
    pub user_attribute: String,
    /// An extra filter ANDed to every user search, e.g. `(objectClass=person)`.
    pub user_filter: Option<String>,
    pub timeout: Duration,
    /// Keep the password users sign in with, sealed, for reset path (a) (see ADR 0005).
    pub remember_passwords: bool,
}

impl LdapConfig {
    pub fn new(
        flavor: Flavor,
        url: &str,
        bind_dn: &str,
        bind_password: &str,
        base_dn: &str,
    ) -> Self {
        LdapConfig {
            flavor,
            urls: vec![url.to_owned()],
            start_tls: false,
            ca_file: None,
            insecure_allow_plain: false,
            bind_dn: bind_dn.to_owned(),
            bind_password: SecretString::from(bind_password.to_owned()),
            base_dn: base_dn.to_owned(),
            user_attribute: match flavor {
                Flavor::ActiveDirectory => "sAMAccountName".into(),
                Flavor::OpenLdap => "uid".into(),
            },
            user_filter: None,
            timeout: Duration::from_secs(10),
            remember_passwords: true,
        }
    }
}

pub struct LdapDirectory {
    cfg: LdapConfig,
    tls: Arc<rustls::ClientConfig>,
    /// Idle connections bound as the service account (a small pool; each is checked before
    /// reuse, so a restarted server costs one reconnect, not an error).
    pool: Arc<std::sync::Mutex<Vec<Ldap>>>,
    /// AD's domain lockoutDuration, read once (`None`: not read yet or "until unlocked").
    ad_lockout: std::sync::Mutex<Option<Duration>>,
    /// Whether the server accepts the password policy hints control on a reset (learnt at the
    /// first reset: [`passwords::HINTS_UNKNOWN`], `_SUPPORTED` or `_REFUSED`).
    policy_hints: std::sync::atomic::AtomicU8,
}

/// A user found by the service account.
struct Found {
    dn: String,
    attrs: std::collections::HashMap<String, Vec<String>>,
    /// Values that are not UTF-8 (AD's logonHours).
    bin: std::collections::HashMap<String, Vec<Vec<u8>>>,
}

impl Found {
    fn first(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .and_then(|(_, v)| v.first())
            .map(String::as_str)
    }
}

const PPOLICY_OID: &str = "1.3.6.1.4.1.42.2.27.8.5.1";

fn unavailable(e: LdapError) -> DirectoryError {
    DirectoryError::Unavailable(e.to_string())
}

impl LdapDirectory {
    /// Checks the configuration (TLS required unless explicitly allowed for tests) and loads the
    /// CA file; does not connect.
    pub fn new(cfg: LdapConfig) -> Result<LdapDirectory, DirectoryError> {
        if cfg.urls.is_empty() {
            return Err(DirectoryError::Invalid(
                "directory.urls: give at least one ldaps:// URL".into(),
            ));
        }
        for u in &cfg.urls {
            let plain = u.starts_with("ldap://");
            if !(plain || u.starts_with("ldaps://")) {
                return Err(DirectoryError::Invalid(format!(
                    "directory.urls: {u:?} is not an ldaps:// or ldap:// URL"
                )));
            }
            if plain && !cfg.start_tls && !cfg.insecure_allow_plain {
                return Err(DirectoryError::Invalid(format!(
                    "directory.urls: {u:?} is plain LDAP; passwords may only travel over TLS: use ldaps:// or set start_tls (insecure_allow_plain is for tests only)"
                )));
            }
            // Security requirement 41: even where plain LDAP is allowed (tests), a password
            // never crosses a network in clear: only this machine's loopback.
            if plain && !cfg.start_tls && !is_loopback_url(u) {
                return Err(DirectoryError::Invalid(format!(
                    "directory.urls: {u:?} is plain LDAP to another machine; insecure_allow_plain only allows a loopback address (127.0.0.1, ::1, localhost): use ldaps:// or set start_tls"
                )));
            }
        }
        let tls = tls::client_config(cfg.ca_file.as_deref())?;
        Ok(LdapDirectory {
            cfg,
            tls,
            pool: Arc::default(),
            ad_lockout: std::sync::Mutex::new(None),
            policy_hints: std::sync::atomic::AtomicU8::new(passwords::HINTS_UNKNOWN),
        })
    }

    fn ad_lockout_duration_cached(&self) -> Option<Duration> {
        self.ad_lockout.lock().ok().and_then(|d| *d)
    }

    /// The domain's lockoutDuration (negative 100 ns units; the most negative value is "until
    /// an administrator unlocks").
    async fn load_ad_lockout_duration(&self, ldap: &mut Ldap) {
        let Ok(res) = ldap
            .with_timeout(self.cfg.timeout)
            .search(
                &self.cfg.base_dn,
                Scope::Base,
                "(objectClass=*)",
                vec!["lockoutDuration"],
            )
            .await
        else {
            return;
        };
        let raw = res.0.into_iter().map(SearchEntry::construct).find_map(|e| {
            e.attrs
                .get("lockoutDuration")
                .and_then(|v| v.first().cloned())
        });
        let duration = raw
            .and_then(|r| r.parse::<i64>().ok())
            .filter(|v| *v < 0 && *v != i64::MIN)
            .map(|v| Duration::from_millis(v.unsigned_abs() / 10_000));
        if let (Some(d), Ok(mut slot)) = (duration, self.ad_lockout.lock()) {
            *slot = Some(d);
        }
    }

    fn attributes(&self) -> Vec<&'static str> {
        match self.cfg.flavor {
            Flavor::ActiveDirectory => vec![
                "displayName",
                "cn",
                "userAccountControl",
                "msDS-User-Account-Control-Computed",
                "pwdLastSet",
                "lockoutTime",
                "accountExpires",
                "logonHours",
            ],
            Flavor::OpenLdap => vec![
                "displayName",
                "cn",
                "pwdAccountLockedTime",
                "pwdReset",
                "pwdChangedTime",
            ],
        }
    }

    async fn find(&self, ldap: &mut Ldap, username: &str) -> Result<Option<Found>, DirectoryError> {
        if username.is_empty() || username.len() > 256 {
            return Ok(None);
        }
        let filter = format!(
            "(&({}={}){})",
            self.cfg.user_attribute,
            ldap3::ldap_escape(username),
            self.cfg.user_filter.as_deref().unwrap_or("")
        );
        let res = ldap
            .with_timeout(self.cfg.timeout)
            .search(
                &self.cfg.base_dn,
                Scope::Subtree,
                &filter,
                self.attributes(),
            )
            .await
            .map_err(unavailable)?;
        // AD answers searches from the domain root with continuation referrals: ignored.
        let (entries, result) = (res.0, res.1);
        if result.rc != 0 && result.rc != 10 {
            return Err(DirectoryError::Unavailable(format!(
                "user search failed (rc {}): {}",
                result.rc, result.text
            )));
        }
        let mut found: Vec<Found> = entries
            .into_iter()
            .map(SearchEntry::construct)
            .map(|e| Found {
                dn: e.dn,
                attrs: e.attrs.into_iter().collect(),
                bin: e.bin_attrs.into_iter().collect(),
            })
            .collect();
        match found.len() {
            0 => Ok(None),
            1 => Ok(found.pop()),
            _ => Err(DirectoryError::Invalid(format!(
                "{} directory entries match {username:?}: narrow user_filter",
                found.len()
            ))),
        }
    }

    async fn find_required(
        &self,
        ldap: &mut Ldap,
        username: &str,
    ) -> Result<Found, DirectoryError> {
        self.find(ldap, username)
            .await?
            .ok_or_else(|| DirectoryError::NoSuchAccount(username.to_owned()))
    }

    fn rights(rc: u32, what: &str, text: &str) -> DirectoryError {
        if rc == 50 {
            DirectoryError::InsufficientRights(what.to_owned())
        } else {
            DirectoryError::Invalid(format!("{what} failed (rc {rc}): {text}"))
        }
    }

    async fn modify(
        &self,
        ldap: &mut Ldap,
        dn: &str,
        mods: Vec<Mod<Vec<u8>>>,
        what: &str,
    ) -> Result<(), DirectoryError> {
        let r = ldap
            .with_timeout(self.cfg.timeout)
            .modify(dn, mods)
            .await
            .map_err(unavailable)?;
        match r.rc {
            0 => Ok(()),
            19 if self.cfg.flavor == Flavor::ActiveDirectory => Err(ad_rejection(&r.text)),
            19 => Err(ppolicy::rejection(&r.ctrls, &r.text)),
            rc => Err(Self::rights(rc, what, &r.text)),
        }
    }

    async fn unlock_dn(&self, ldap: &mut Ldap, dn: &str) -> Result<(), DirectoryError> {
        match self.cfg.flavor {
            Flavor::ActiveDirectory => {
                self.modify(
                    ldap,
                    dn,
                    vec![Mod::Replace(
                        b"lockoutTime".to_vec(),
                        HashSet::from([b"0".to_vec()]),
                    )],
                    "unlock the account",
                )
                .await
            }
            Flavor::OpenLdap => {
                let r = ldap
                    .with_timeout(self.cfg.timeout)
                    .modify(
                        dn,
                        vec![Mod::Delete(
                            b"pwdAccountLockedTime".to_vec(),
                            HashSet::<Vec<u8>>::new(),
                        )],
                    )
                    .await
                    .map_err(unavailable)?;
                // 16 noSuchAttribute: not locked, nothing to do.
                match r.rc {
                    0 | 16 => Ok(()),
                    rc => Err(Self::rights(rc, "unlock the account", &r.text)),
                }
            }
        }
    }
}

#[async_trait]
impl Directory for LdapDirectory {
    fn kind(&self) -> &'static str {
        match self.cfg.flavor {
            Flavor::ActiveDirectory => "active_directory",
            Flavor::OpenLdap => "openldap",
        }
    }

    fn remembers_passwords(&self) -> bool {
        self.cfg.remember_passwords
    }

    async fn authenticate(
        &self,
        username: &str,
        password: &SecretString,
    ) -> Result<AuthOutcome, DirectoryError> {
        // An empty password would be an unauthenticated bind, which servers may accept.
        if password.expose_secret().is_empty() {
            return Ok(AuthOutcome::Failed(AuthFailure::BadCredentials));
        }
        let mut svc = self.service().await?;
        let Some(user) = self.find(&mut svc, username).await? else {
            return Ok(AuthOutcome::Failed(AuthFailure::BadCredentials));
        };
        let mut ldap = self.connect().await?;
        if self.cfg.flavor == Flavor::OpenLdap {
            ldap.with_controls(RawControl {
                ctype: PPOLICY_OID.into(),
                crit: false,
                val: None,
            });
        }
        let r = ldap
            .with_timeout(self.cfg.timeout)
            .simple_bind(&user.dn, password.expose_secret())
            .await
            .map_err(unavailable)?;
        let _ = ldap.unbind().await;
        let failure = match self.cfg.flavor {
            Flavor::ActiveDirectory => match (r.rc, ad_data_code(&r.text)) {
                (0, _) => None,
                (49, Some("775")) => Some(AuthFailure::Locked { until: None }),
                (49, Some("533")) => Some(AuthFailure::Disabled),
                (49, Some("773")) => Some(AuthFailure::MustChangePassword),
                (49, Some("532")) => Some(AuthFailure::PasswordExpired),
                (49, Some("701")) => Some(AuthFailure::AccountExpired),
                (49, Some("530")) => Some(AuthFailure::OutsideLogonHours),
                (49, Some("531")) => Some(AuthFailure::WorkstationRestricted),
                (49, _) => Some(AuthFailure::BadCredentials),
                (rc, _) => {
                    return Err(DirectoryError::Unavailable(format!(
                        "bind failed (rc {rc}): {}",
                        r.text
                    )));
                }
            },
            Flavor::OpenLdap => match (r.rc, ppolicy::error(&r.ctrls)) {
                (0, Some(ppolicy::CHANGE_AFTER_RESET)) => Some(AuthFailure::MustChangePassword),
                (0, _) => None,
                (49, Some(ppolicy::ACCOUNT_LOCKED)) => Some(AuthFailure::Locked { until: None }),
                (49, Some(ppolicy::PASSWORD_EXPIRED)) => Some(AuthFailure::PasswordExpired),
                (49, _) => Some(AuthFailure::BadCredentials),
                (rc, _) => {
                    return Err(DirectoryError::Unavailable(format!(
                        "bind failed (rc {rc}): {}",
                        r.text
                    )));
                }
            },
        };
        Ok(match failure {
            None => AuthOutcome::Authenticated,
            Some(f) => AuthOutcome::Failed(f),
        })
    }

    async fn account(&self, username: &str) -> Result<Option<AccountState>, DirectoryError> {
        let mut svc = self.service().await?;
        if self.cfg.flavor == Flavor::ActiveDirectory && self.ad_lockout_duration_cached().is_none()
        {
            self.load_ad_lockout_duration(&mut svc).await;
        }
        let Some(u) = self.find(&mut svc, username).await? else {
            return Ok(None);
        };
        let display_name = u
            .first("displayName")
            .or_else(|| u.first("cn"))
            .unwrap_or(username)
            .to_owned();
        let state = match self.cfg.flavor {
            Flavor::ActiveDirectory => {
                let uac: u32 = u
                    .first("userAccountControl")
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0);
                let computed: u32 = u
                    .first("msDS-User-Account-Control-Computed")
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0);
                let pwd_last_set = u.first("pwdLastSet").unwrap_or("");
                AccountState {
                    username: username.to_owned(),
                    display_name,
                    disabled: uac & 0x2 != 0
                        || u.first("accountExpires")
                            .and_then(filetime)
                            .is_some_and(|t| t.as_millis() < now_millis()),
                    // Locked is bit 0x10 of the computed attribute, not a non-zero lockoutTime
                    // (which stays set after the lockout duration has passed).
                    locked_until: (computed & 0x10 != 0).then(|| {
                        match (
                            u.first("lockoutTime").and_then(filetime),
                            self.ad_lockout_duration_cached(),
                        ) {
                            (Some(since), Some(d)) => since.plus(d),
                            _ => LOCKED_UNTIL_UNLOCKED,
                        }
                    }),
                    must_change: pwd_last_set == "0",
                    password_expired: computed & 0x0080_0000 != 0,
                    has_password: true,
                    logon_hours: ad_logon_hours(&u),
                    password_changed_at: filetime(pwd_last_set),
                }
            }
            Flavor::OpenLdap => {
                let locked = u.first("pwdAccountLockedTime");
                AccountState {
                    username: username.to_owned(),
                    display_name,
                    // ppolicy's "locked by an administrator until unlocked" value.
                    disabled: locked == Some("000001010000Z"),
                    locked_until: locked
                        .filter(|l| *l != "000001010000Z")
                        .map(|_| LOCKED_UNTIL_UNLOCKED),
                    must_change: u
                        .first("pwdReset")
                        .is_some_and(|v| v.eq_ignore_ascii_case("TRUE")),
                    password_expired: false,
                    has_password: true,
                    logon_hours: LogonHours::always(),
                    password_changed_at: u.first("pwdChangedTime").and_then(generalized_time),
                }
            }
        };
        Ok(Some(state))
    }

    async fn admin_reset(
        &self,
        username: &str,
        new_password: &SecretString,
        must_change: bool,
    ) -> Result<(), DirectoryError> {
        self.reset_as_admin(username, new_password, must_change)
            .await
    }

    async fn change_password(
        &self,
        username: &str,
        old_password: &SecretString,
        new_password: &SecretString,
    ) -> Result<(), DirectoryError> {
        self.change_on_behalf(username, old_password, new_password)
            .await
    }

    async fn unlock(&self, username: &str) -> Result<(), DirectoryError> {
        let mut svc = self.service().await?;
        let u = self.find_required(&mut svc, username).await?;
        self.unlock_dn(&mut svc, &u.dn).await?;
        Ok(())
    }

    async fn list_users(&self) -> Result<Vec<DirectoryUser>, DirectoryError> {
        use ldap3::adapters::{Adapter, EntriesOnly, PagedResults};
        let mut svc = self.service().await?;
        let filter = format!(
            "(&({}=*){})",
            self.cfg.user_attribute,
            self.cfg.user_filter.as_deref().unwrap_or("")
        );
        let attr = self.cfg.user_attribute.clone();
        let adapters: Vec<Box<dyn Adapter<_, _>>> = vec![
            Box::new(EntriesOnly::new()),
            Box::new(PagedResults::new(500)),
        ];
        let mut search = svc
            .streaming_search_with(
                adapters,
                &self.cfg.base_dn,
                Scope::Subtree,
                &filter,
                vec![attr.as_str(), "displayName", "cn", "memberOf", "mail"],
            )
            .await
            .map_err(unavailable)?;
        let mut out = Vec::new();
        while let Some(entry) = search.next().await.map_err(unavailable)? {
            let e = SearchEntry::construct(entry);
            let get = |name: &str| {
                e.attrs
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(name))
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default()
            };
            let Some(username) = get(&attr).into_iter().next() else {
                continue;
            };
            let display_name = get("displayName")
                .into_iter()
                .chain(get("cn"))
                .next()
                .unwrap_or_else(|| username.clone());
            out.push(DirectoryUser {
                username,
                display_name,
                dn: e.dn.clone(),
                groups: get("memberOf"),
                mail: get("mail").into_iter().next(),
            });
        }
        let _ = search.finish().await;
        out.sort_by_key(|u| u.username.to_lowercase());
        Ok(out)
    }

    async fn self_service_reset(
        &self,
        username: &str,
        new_password: &SecretString,
        stored: Option<&SecretString>,
    ) -> Result<ResetPath, ResetFailure> {
        self.reset_for_user(username, new_password, stored).await
    }
}

fn now_millis() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// Whether an `ldap://` URL names this machine's loopback: an address in 127.0.0.0/8, `::1`,
/// or `localhost`. Any other name is refused without resolving it (a name can point anywhere).
fn is_loopback_url(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?']).next().unwrap_or("");
    // Credentials in the URL are not ours to read, but they never make a host loopback.
    let host_port = authority.rsplit('@').next().unwrap_or("");
    let host = if let Some(v6) = host_port.strip_prefix('[') {
        v6.split(']').next().unwrap_or("")
    } else {
        host_port.split(':').next().unwrap_or("")
    };
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Security requirement 41: `insecure_allow_plain` never lets a password cross a network in
    /// clear: loopback only, every other address or name refused before any connection.
    #[test]
    fn req41_plain_ldap_is_allowed_only_to_loopback() {
        for url in [
            "ldap://127.0.0.1:389",
            "ldap://127.8.9.10",
            "ldap://[::1]:3890/",
            "ldap://localhost:389",
            "ldap://LOCALHOST",
        ] {
            let mut cfg = LdapConfig::new(Flavor::OpenLdap, url, "cn=x", "p", "dc=x");
            cfg.insecure_allow_plain = true;
            assert!(LdapDirectory::new(cfg).is_ok(), "{url} refused");
        }
        for url in [
            "ldap://10.0.0.5:389",
            "ldap://192.168.1.2",
            "ldap://dc1.example.test:389",
            "ldap://[2001:db8::1]:389",
            "ldap://127.0.0.1.example.test",
            "ldap://localhost.example.test",
            "ldap://user@10.0.0.5",
            "ldap://0.0.0.0",
        ] {
            let mut cfg = LdapConfig::new(Flavor::OpenLdap, url, "cn=x", "p", "dc=x");
            cfg.insecure_allow_plain = true;
            let e = LdapDirectory::new(cfg.clone())
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            assert!(e.contains("loopback"), "{url}: {e}");
            // StartTLS makes the same address fine.
            cfg.start_tls = true;
            assert!(
                LdapDirectory::new(cfg).is_ok(),
                "{url} with StartTLS refused"
            );
        }
        // One far URL in a list is enough to refuse the configuration.
        let mut cfg = LdapConfig::new(Flavor::OpenLdap, "ldap://127.0.0.1", "cn=x", "p", "dc=x");
        cfg.urls.push("ldap://10.0.0.5".into());
        cfg.insecure_allow_plain = true;
        assert!(LdapDirectory::new(cfg).is_err());
    }

    #[test]
    fn plain_ldap_is_refused_unless_allowed() {
        let mut cfg = LdapConfig::new(
            Flavor::OpenLdap,
            "ldap://127.0.0.1:389",
            "cn=x",
            "p",
            "dc=x",
        );
        let e = LdapDirectory::new(cfg.clone())
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.contains("passwords may only travel over TLS"), "{e}");
        cfg.start_tls = true;
        assert!(LdapDirectory::new(cfg).is_ok());
    }
}
