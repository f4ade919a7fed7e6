//! `regain directory test`: what an administrator needs to know before trusting the directory
//! settings: each server reachable over verified TLS, the service account binds, a user is
//! found, the service account's rights, and a minimum password age of zero (the reset flow
//! changes the password right after resetting it, which a minimum age would refuse).

use super::{Flavor, LdapDirectory, unavailable};
use ldap3::{LdapConnAsync, Scope, SearchEntry};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckState {
    Ok,
    Warning,
    Failed,
}

#[derive(Debug, Clone)]
pub struct Check {
    pub state: CheckState,
    pub what: String,
    pub detail: String,
}

fn check(state: CheckState, what: &str, detail: impl Into<String>) -> Check {
    Check {
        state,
        what: what.to_owned(),
        detail: detail.into(),
    }
}

impl LdapDirectory {
    pub async fn diagnose(&self, user: Option<&str>) -> Vec<Check> {
        let mut out = Vec::new();
        let mut reachable = 0;
        for url in &self.cfg.urls {
            match LdapConnAsync::with_settings(self.settings(url), url).await {
                Ok((conn, mut ldap)) => {
                    ldap3::drive!(conn);
                    reachable += 1;
                    out.push(check(
                        CheckState::Ok,
                        "connection",
                        format!("{url}: TLS established, certificate verified"),
                    ));
                    let _ = ldap.unbind().await;
                }
                Err(e) => out.push(check(
                    CheckState::Failed,
                    "connection",
                    format!("{url}: {e} (check the address, the port, and that directory.ca_file holds the CA of the server's certificate)"),
                )),
            }
        }
        // One server down among several is a warning (failover works); none answering fails.
        if reachable > 0 {
            for c in out.iter_mut().filter(|c| c.state == CheckState::Failed) {
                c.state = CheckState::Warning;
                c.detail
                    .push_str("; the other servers answer, so sign-ins fail over");
            }
        }
        let mut svc = match self.service().await {
            Ok(l) => {
                out.push(check(
                    CheckState::Ok,
                    "service account",
                    format!("{} binds", self.cfg.bind_dn),
                ));
                l
            }
            Err(e) => {
                let hint = if e.to_string().contains("data 52e") || e.to_string().contains("rc 49")
                {
                    " (wrong directory.bind_dn or password)"
                } else {
                    ""
                };
                out.push(check(
                    CheckState::Failed,
                    "service account",
                    format!("{e}{hint}"),
                ));
                return out;
            }
        };
        // Minimum password age.
        let (base, filter, attr) = match self.cfg.flavor {
            Flavor::ActiveDirectory => (self.cfg.base_dn.as_str(), "(objectClass=*)", "minPwdAge"),
            Flavor::OpenLdap => (
                self.cfg.base_dn.as_str(),
                "(objectClass=pwdPolicy)",
                "pwdMinAge",
            ),
        };
        let scope = if self.cfg.flavor == Flavor::ActiveDirectory {
            Scope::Base
        } else {
            Scope::Subtree
        };
        match svc
            .with_timeout(self.cfg.timeout)
            .search(base, scope, filter, vec![attr])
            .await
            .map_err(unavailable)
        {
            Ok(res) => {
                let ages: Vec<(String, String)> = res
                    .0
                    .into_iter()
                    .map(SearchEntry::construct)
                    .filter_map(|e| {
                        let age = e.attrs.get(attr).and_then(|v| v.first().cloned())?;
                        Some((e.dn, age))
                    })
                    .collect();
                let nonzero: Vec<&(String, String)> =
                    ages.iter().filter(|(_, a)| a.trim() != "0").collect();
                out.push(match (ages.is_empty(), nonzero.first(), self.cfg.flavor) {
                    (true, _, _) => check(
                        CheckState::Warning,
                        "minimum password age",
                        format!("{attr} not readable by the service account; make sure it is 0"),
                    ),
                    (false, None, _) => check(CheckState::Ok, "minimum password age", "0"),
                    // The domain's policy applies to everyone.
                    (false, Some((_, age)), Flavor::ActiveDirectory) => check(
                        CheckState::Failed,
                        "minimum password age",
                        format!("{attr} is {age} — the self-service reset changes the password right after resetting it; set the minimum password age to 0"),
                    ),
                    // OpenLDAP: only the users under these policies are affected.
                    (false, Some(_), Flavor::OpenLdap) => check(
                        CheckState::Warning,
                        "minimum password age",
                        format!(
                            "{} — users under these policies cannot complete a self-service reset; set pwdMinAge to 0",
                            nonzero
                                .iter()
                                .map(|(dn, a)| format!("{dn} has pwdMinAge {a}"))
                                .collect::<Vec<_>>()
                                .join("; ")
                        ),
                    ),
                });
            }
            Err(e) => out.push(check(
                CheckState::Warning,
                "minimum password age",
                e.to_string(),
            )),
        }
        let Some(user) = user else {
            out.push(check(
                CheckState::Warning,
                "user search",
                "not checked: give --user NAME to look one up and check the service account's rights on it",
            ));
            return out;
        };
        let found = match self.find(&mut svc, user).await {
            Ok(Some(f)) => {
                out.push(check(
                    CheckState::Ok,
                    "user search",
                    format!("{user} is {}", f.dn),
                ));
                f
            }
            Ok(None) => {
                out.push(check(
                    CheckState::Failed,
                    "user search",
                    format!("no entry with {}={user} under {} (check base_dn, user_attribute and user_filter)", self.cfg.user_attribute, self.cfg.base_dn),
                ));
                return out;
            }
            Err(e) => {
                out.push(check(CheckState::Failed, "user search", e.to_string()));
                return out;
            }
        };
        if self.cfg.flavor == Flavor::ActiveDirectory {
            let writable: Vec<String> = match svc
                .with_timeout(self.cfg.timeout)
                .search(
                    &found.dn,
                    Scope::Base,
                    "(objectClass=*)",
                    vec!["allowedAttributesEffective"],
                )
                .await
            {
                Ok(res) => res
                    .0
                    .into_iter()
                    .map(SearchEntry::construct)
                    .flat_map(|e| e.attrs.into_values().flatten())
                    .map(|a| a.to_ascii_lowercase())
                    .collect(),
                Err(_) => Vec::new(),
            };
            let missing: Vec<&str> = ["lockoutTime", "pwdLastSet"]
                .into_iter()
                .filter(|a| !writable.contains(&a.to_ascii_lowercase()))
                .collect();
            out.push(if missing.is_empty() {
                check(CheckState::Ok, "rights", "the service account may write lockoutTime (unlock) and pwdLastSet (must change); the Reset Password right is checked by the first reset")
            } else {
                check(
                    CheckState::Failed,
                    "rights",
                    format!("the service account may not write {} on {}: delegate \"Reset password\" and write access to lockoutTime and pwdLastSet on the users' OU", missing.join(", "), found.dn),
                )
            });
        } else {
            // slapd reports no effective rights, but deleting a value that is not there answers
            // noSuchAttribute (16) when the write is allowed and insufficientAccess (50) when not,
            // and changes nothing either way.
            let mut missing = Vec::new();
            for (attr, value) in [
                ("userPassword", "regain-rights-probe-not-a-password"),
                ("pwdAccountLockedTime", "19700101000000Z"),
                ("pwdReset", "FALSE"),
            ] {
                let r = svc
                    .with_timeout(self.cfg.timeout)
                    .modify(
                        &found.dn,
                        vec![ldap3::Mod::Delete(
                            attr.as_bytes().to_vec(),
                            std::collections::HashSet::from([value.as_bytes().to_vec()]),
                        )],
                    )
                    .await;
                match r {
                    Ok(r) if r.rc == 16 || r.rc == 0 => {}
                    _ => missing.push(attr),
                }
            }
            out.push(if missing.is_empty() {
                check(CheckState::Ok, "rights", "the service account may write userPassword (reset), pwdAccountLockedTime (unlock) and pwdReset (must change)")
            } else {
                check(
                    CheckState::Failed,
                    "rights",
                    format!("the service account may not write {} on {}: grant it write access in slapd's ACLs", missing.join(", "), found.dn),
                )
            });
        }
        out
    }
}
