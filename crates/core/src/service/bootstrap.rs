//! First start: create the superadministrator and a one-time setup link. There is never a fixed
//! default password; the first administrator chooses one through the link.

use super::{Caller, ServiceError, Services};
use crate::admin::SUPERADMIN_ROLE;
use crate::audit::AuditAction;
use crate::audit::{Actor, AuditEvent, Outcome};
use crate::user::Username;
use secrecy::SecretString;
use std::time::Duration;

pub const SETUP_PURPOSE: &str = "admin_setup";
pub const SETUP_LINK_LIFETIME: Duration = Duration::from_secs(24 * 3600);

/// The secret part of a setup link, shown once.
pub struct SetupLink {
    pub username: String,
    pub token: String,
}

impl Services {
    /// On an installation without administrators, creates `username` (if needed) as
    /// superadministrator and returns a setup link token. Returns `None` when an administrator
    /// already exists.
    pub async fn bootstrap(&self, username: &str) -> Result<Option<SetupLink>, ServiceError> {
        if !self.store.list_admins().await?.is_empty() {
            return Ok(None);
        }
        let system = Caller {
            actor: Actor::System,
            source: Some("bootstrap".into()),
            authority: super::Authority::Operator,
        };
        let name = Username::parse(username).map_err(|m| ServiceError::invalid("username", m))?;
        if self.store.user_by_name(&name).await?.is_none() {
            self.add_user(
                &system,
                super::NewUser {
                    username: username.into(),
                    display_name: "Superadministrator".into(),
                    policy: None,
                    password: None,
                },
            )
            .await?;
        }
        self.assign_role(&system, SUPERADMIN_ROLE, username).await?;
        if self.directory.provisioning().is_none() {
            // An external directory (AD, OpenLDAP): the administrator signs in with their
            // directory password. A setup link would let its holder reset a directory password.
            return Ok(None);
        }
        Ok(Some(self.issue_setup_link(&system, username).await?))
    }

    /// A new one-time link for `username` to choose a password (valid 24 hours).
    pub async fn issue_setup_link(
        &self,
        caller: &Caller,
        username: &str,
    ) -> Result<SetupLink, ServiceError> {
        self.authorize(
            caller,
            crate::admin::Permission::ManageUsers,
            AuditAction::UserSetupLink,
            username,
        )
        .await?;
        let user = self.find_user(username).await?;
        let token = self.fresh_token()?;
        let hash = self.secrets.keyed_hash(SETUP_PURPOSE, &token);
        let expires = self.clock.now().plus(SETUP_LINK_LIFETIME);
        let audit = self
            .event(caller, AuditAction::UserSetupLink, Outcome::Success)
            .target(user.username.as_str())
            .detail("expires_at", expires.to_rfc3339());
        self.store
            .create_token(
                &hash,
                SETUP_PURPOSE,
                user.username.as_str(),
                expires,
                &audit,
            )
            .await?;
        Ok(SetupLink {
            username: user.username.to_string(),
            token,
        })
    }

    /// Who a setup link is for, if it is still valid.
    pub async fn setup_link_subject(&self, token: &str) -> Result<Option<String>, ServiceError> {
        let hash = self.secrets.keyed_hash(SETUP_PURPOSE, token);
        Ok(self
            .store
            .peek_token(&hash, SETUP_PURPOSE, self.clock.now())
            .await?)
    }

    /// Sets the password through a setup link and uses the link up. A refused password leaves the
    /// link valid so the person can try another.
    pub async fn complete_setup(
        &self,
        token: &str,
        password: &SecretString,
        source: Option<&str>,
    ) -> Result<String, ServiceError> {
        let invalid = || {
            ServiceError::invalid(
                "link",
                "this setup link is invalid, used or expired; ask for a new one (regain user setup-link NAME)",
            )
        };
        let hash = self.secrets.keyed_hash(SETUP_PURPOSE, token);
        let now = self.clock.now();
        let subject = self
            .store
            .peek_token(&hash, SETUP_PURPOSE, now)
            .await?
            .ok_or_else(invalid)?;
        self.directory
            .admin_reset(&subject, password, false)
            .await?;
        let consumed = self.store.consume_token(&hash, SETUP_PURPOSE, now).await?;
        let outcome = if consumed.is_some() {
            Outcome::Success
        } else {
            Outcome::Failure
        };
        let audit = AuditEvent::new(
            now,
            &Actor::User(subject.clone()),
            AuditAction::UserSetupComplete,
            outcome,
        )
        .target(&subject)
        .source(source);
        self.store.append_audit(&audit).await?;
        consumed.ok_or_else(invalid)
    }
}
