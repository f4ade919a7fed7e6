//! Clients of the authentication API: registered by an administrator (the credential shown
//! once, only its keyed hash stored), listed, revoked; found by their credential on every
//! request. An admin-scoped credential acts for an administrator with their role as it is now.

use super::{Caller, ServiceError, Services};
use crate::admin::Permission;
use crate::audit::AuditAction;
use crate::audit::{Actor, Outcome};
use crate::ports::StoreError;
use crate::signin::ApiClient;

/// Domain separation of the credential's keyed hash.
pub const CLIENT_PURPOSE: &str = "api_client";

impl Services {
    pub async fn register_client(
        &self,
        caller: &Caller,
        name: &str,
        trusted: bool,
    ) -> Result<(ApiClient, String), ServiceError> {
        self.register_client_for(caller, name, trusted, None).await
    }

    /// Registers an API client; with `admin`, the credential acts for that administrator (their
    /// role decides what it may do, at every request).
    pub async fn register_client_for(
        &self,
        caller: &Caller,
        name: &str,
        trusted: bool,
        admin: Option<&str>,
    ) -> Result<(ApiClient, String), ServiceError> {
        self.authorize(
            caller,
            Permission::ManageSettings,
            AuditAction::ClientAdd,
            name,
        )
        .await?;
        let admin = match admin {
            Some(a) => {
                let user = self.find_user(a).await?;
                if self.store.role_of(user.id).await?.is_none() {
                    return Err(ServiceError::invalid(
                        "admin",
                        format!(
                            "{} is not an administrator: assign a role first",
                            user.username
                        ),
                    ));
                }
                Some(user.username.as_str().to_owned())
            }
            None => None,
        };
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 60 || name.chars().any(char::is_control) {
            return Err(ServiceError::invalid(
                "name",
                "use 1 to 60 printable characters",
            ));
        }
        let credential = self.fresh_token()?;
        let id = self.fresh_token()?;
        let client = ApiClient {
            id: crate::ids::ClientId::new(id),
            name: name.to_owned(),
            secret_hash: self.secrets.keyed_hash(CLIENT_PURPOSE, &credential),
            trusted,
            admin: admin.clone(),
            created_at: self.clock.now(),
            revoked_at: None,
        };
        let mut audit = self
            .event(caller, AuditAction::ClientAdd, Outcome::Success)
            .target(name)
            .detail("trusted", trusted.to_string());
        if let Some(a) = &admin {
            audit = audit.detail("acts_for", a);
        }
        self.store
            .add_client(&client, &audit)
            .await
            .map_err(|e| match e {
                StoreError::Conflict(_) => ServiceError::AlreadyExists {
                    what: "API client",
                    name: name.to_owned(),
                },
                other => other.into(),
            })?;
        Ok((client, credential))
    }

    pub async fn list_clients(&self, caller: &Caller) -> Result<Vec<ApiClient>, ServiceError> {
        self.authorize(
            caller,
            Permission::ManageSettings,
            AuditAction::ClientList,
            "",
        )
        .await?;
        Ok(self.store.clients().await?)
    }

    pub async fn revoke_client(&self, caller: &Caller, name: &str) -> Result<(), ServiceError> {
        self.authorize(
            caller,
            Permission::ManageSettings,
            AuditAction::ClientRevoke,
            name,
        )
        .await?;
        if name
            .trim()
            .eq_ignore_ascii_case(crate::password_reset::PASSWORD_HELP_CLIENT_NAME)
        {
            return Err(ServiceError::invalid(
                "client",
                "this is the password help app's own client, built in (no credential opens it); to stop the app, turn self-service off: regain settings set self_service_enabled=false",
            ));
        }
        let audit = self
            .event(caller, AuditAction::ClientRevoke, Outcome::Success)
            .target(name);
        if !self
            .store
            .revoke_client(name, self.clock.now(), &audit)
            .await?
        {
            return Err(ServiceError::NotFound {
                what: "active API client",
                name: name.to_owned(),
            });
        }
        Ok(())
    }

    /// The administrator an admin-scoped credential acts for, with their role as it is now.
    /// `None` for authentication clients, and for administrators who lost their role or were
    /// disabled (the credential then does nothing).
    pub async fn api_admin_caller(
        &self,
        client: &ApiClient,
    ) -> Result<Option<Caller>, ServiceError> {
        let Some(name) = &client.admin else {
            return Ok(None);
        };
        let Ok(user) = self.find_user(name).await else {
            return Ok(None);
        };
        if user.state != crate::user::UserState::Active {
            return Ok(None);
        }
        let Some(role) = self.store.role_of(user.id).await? else {
            return Ok(None);
        };
        Ok(Some(Caller {
            actor: Actor::Admin(user.username.as_str().to_owned()),
            source: Some(format!("api:{}", client.name)),
            authority: super::Authority::Admin {
                username: user.username.as_str().to_owned(),
                role,
                second_factor: super::SecondFactor::Credential,
            },
        }))
    }

    /// The client presenting `credential`, unless unknown or revoked.
    pub async fn api_client(&self, credential: &str) -> Result<Option<ApiClient>, ServiceError> {
        Ok(self
            .store
            .client_by_secret(&self.secrets.keyed_hash(CLIENT_PURPOSE, credential))
            .await?)
    }
}
