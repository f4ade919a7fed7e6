//! Importing users from an external directory into Regain's user list, with the policy chosen
//! by rules on the entry's OU or group memberships (first matching rule wins).

use super::{Caller, NewUser, ServiceError, Services};
use crate::admin::Permission;
use crate::audit::AuditAction;
use crate::audit::Outcome;
use crate::directory::DirectoryUser;
use crate::user::Username;

/// `ou:<DN suffix>=<policy>` or `group:<group DN>=<policy>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PolicyRule {
    /// Entries whose DN ends with this (an OU and everything below it).
    Ou { dn_suffix: String, policy: String },
    /// Members of this group.
    Group { dn: String, policy: String },
}

impl PolicyRule {
    pub fn parse(raw: &str) -> Result<PolicyRule, String> {
        let bad = || {
            format!(
                "{raw:?}: write ou:OU=Contractors,DC=example,DC=org=Contractors or group:CN=Clinicians,OU=Groups,DC=example,DC=org=Clinicians"
            )
        };
        let (kind, rest) = raw.split_once(':').ok_or_else(bad)?;
        let (dn, policy) = rest.rsplit_once('=').ok_or_else(bad)?;
        let (dn, policy) = (dn.trim().to_owned(), policy.trim().to_owned());
        if dn.is_empty() || policy.is_empty() {
            return Err(bad());
        }
        match kind.trim() {
            "ou" => Ok(PolicyRule::Ou {
                dn_suffix: dn,
                policy,
            }),
            "group" => Ok(PolicyRule::Group { dn, policy }),
            _ => Err(bad()),
        }
    }

    fn policy_for(&self, u: &DirectoryUser) -> Option<&str> {
        let norm = |s: &str| s.replace(' ', "").to_lowercase();
        match self {
            PolicyRule::Ou { dn_suffix, policy } => norm(&u.dn)
                .ends_with(&norm(dn_suffix))
                .then_some(policy.as_str()),
            PolicyRule::Group { dn, policy } => u
                .groups
                .iter()
                .any(|g| norm(g) == norm(dn))
                .then_some(policy.as_str()),
        }
    }
}

#[derive(Debug, Default, Clone)]
pub struct ImportReport {
    /// `(user, policy)` added to Regain.
    pub added: Vec<(String, String)>,
    /// `(user, from, to)` whose policy the rules changed (with `update_policies`).
    pub moved: Vec<(String, String, String)>,
    pub unchanged: usize,
    /// Entries whose name Regain cannot use as a user name.
    pub skipped: Vec<(String, String)>,
    /// Regain users from this directory it no longer holds (reported, never removed).
    pub gone: Vec<String>,
}

impl Services {
    /// Copies the directory's `mail` of an imported user to Regain's record when it differs
    /// (and is an address mail can go to): the directory is where addresses are kept.
    async fn take_directory_mail(
        &self,
        caller: &Caller,
        name: &Username,
        mail: Option<&str>,
    ) -> Result<(), ServiceError> {
        let Some(mail) = mail.and_then(|m| crate::notifications::validate_email(m).ok()) else {
            return Ok(());
        };
        let Some(user) = self.store.user_by_name(name).await? else {
            return Ok(());
        };
        if self.store.contact(user.id).await?.email.as_deref() == Some(mail.as_str()) {
            return Ok(());
        }
        let audit = self
            .event(caller, AuditAction::UserSetEmail, Outcome::Success)
            .target(user.username.as_str())
            .detail("email", &mail)
            .detail("from", "directory");
        self.store
            .set_contact_email(user.id, Some(&mail), &audit)
            .await?;
        Ok(())
    }

    /// Adds the directory's users that Regain does not have yet (policy by `rules`, else
    /// `default_policy`); with `update_policies`, moves existing ones to the policy their rule
    /// names. With `dry_run`, only reports.
    pub async fn import_directory_users(
        &self,
        caller: &Caller,
        rules: &[PolicyRule],
        default_policy: &str,
        update_policies: bool,
        dry_run: bool,
    ) -> Result<ImportReport, ServiceError> {
        self.authorize(
            caller,
            Permission::ManageUsers,
            AuditAction::DirectoryImport,
            "",
        )
        .await?;
        // Every policy a rule names must exist before anything is written.
        let mut names: Vec<&str> = rules
            .iter()
            .map(|r| match r {
                PolicyRule::Ou { policy, .. } | PolicyRule::Group { policy, .. } => policy.as_str(),
            })
            .collect();
        names.push(default_policy);
        for n in names {
            if self.store.policy_by_name(n).await?.is_none() {
                return Err(ServiceError::NotFound {
                    what: "policy",
                    name: n.to_owned(),
                });
            }
        }
        let people = self.directory.list_users().await?;
        let mut report = ImportReport::default();
        let kind = self.directory.kind();
        for p in &people {
            let policy = rules
                .iter()
                .find_map(|r| r.policy_for(p))
                .unwrap_or(default_policy)
                .to_owned();
            let Ok(name) = Username::parse(&p.username) else {
                report
                    .skipped
                    .push((p.username.clone(), "not a valid Regain user name".into()));
                continue;
            };
            match self.store.user_by_name(&name).await? {
                None => {
                    if !dry_run {
                        self.add_user(
                            caller,
                            NewUser {
                                username: p.username.clone(),
                                display_name: p.display_name.clone(),
                                policy: Some(policy.clone()),
                                password: None,
                            },
                        )
                        .await?;
                    }
                    report.added.push((p.username.clone(), policy));
                }
                Some(u) => {
                    let current = self.policy_of(&u).await?.name;
                    if update_policies && current != policy {
                        if !dry_run {
                            self.set_user_policy(caller, &p.username, &policy).await?;
                        }
                        report.moved.push((p.username.clone(), current, policy));
                    } else {
                        report.unchanged += 1;
                    }
                }
            }
            if !dry_run {
                self.take_directory_mail(caller, &name, p.mail.as_deref())
                    .await?;
            }
        }
        // Regain users of this directory that it no longer lists.
        let listed: std::collections::HashSet<String> =
            people.iter().map(|p| p.username.to_lowercase()).collect();
        let mut offset = 0;
        loop {
            let page = self.store.search_users("", 500, offset).await?;
            for u in &page.items {
                if u.directory_ref.starts_with(&format!("{kind}:"))
                    && !listed.contains(&u.username.as_str().to_lowercase())
                {
                    report.gone.push(u.username.as_str().to_owned());
                }
            }
            offset += 500;
            if page.items.len() < 500 {
                break;
            }
        }
        // A run that changed nothing leaves no record (the periodic sync runs often).
        let changed = !report.added.is_empty() || !report.moved.is_empty();
        if !dry_run && changed {
            let audit = self
                .event(caller, AuditAction::DirectoryImport, Outcome::Success)
                .detail("added", report.added.len().to_string())
                .detail("moved", report.moved.len().to_string())
                .detail("gone", report.gone.len().to_string());
            self.store.append_audit(&audit).await?;
        }
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_parse_and_match() {
        let r = PolicyRule::parse("ou:OU=Contractors,DC=example,DC=org=Contractors").unwrap();
        let u = DirectoryUser {
            username: "carl".into(),
            display_name: "Carl".into(),
            mail: None,
            dn: "CN=Carl,OU=Contractors, DC=example,DC=org".into(),
            groups: vec!["CN=Clinicians,OU=Groups,DC=example,DC=org".into()],
        };
        assert_eq!(r.policy_for(&u), Some("Contractors"));
        let g = PolicyRule::parse("group:cn=clinicians,ou=groups,dc=example,dc=org=Clinicians")
            .unwrap();
        assert_eq!(g.policy_for(&u), Some("Clinicians"));
        assert!(PolicyRule::parse("ou:=X").is_err());
        assert!(PolicyRule::parse("site:X=Y").is_err());
        assert!(PolicyRule::parse("nonsense").is_err());
    }
}
