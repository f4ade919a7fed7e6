//! Creating and editing user policies.

use super::{Caller, ServiceError, Services};
use crate::admin::Permission;
use crate::audit::AuditAction;
use crate::audit::Outcome;
use crate::policy::UserPolicy;

impl Services {
    pub(crate) async fn find_policy(&self, name: &str) -> Result<UserPolicy, ServiceError> {
        self.store
            .policy_by_name(name)
            .await?
            .ok_or_else(|| ServiceError::NotFound {
                what: "policy",
                name: name.to_owned(),
            })
    }

    pub async fn list_policies(&self, caller: &Caller) -> Result<Vec<UserPolicy>, ServiceError> {
        self.authorize(
            caller,
            Permission::ManagePolicies,
            AuditAction::PolicyList,
            "",
        )
        .await?;
        Ok(self.store.list_policies().await?)
    }

    pub async fn show_policy(
        &self,
        caller: &Caller,
        name: &str,
    ) -> Result<UserPolicy, ServiceError> {
        self.authorize(
            caller,
            Permission::ManagePolicies,
            AuditAction::PolicyShow,
            name,
        )
        .await?;
        self.find_policy(name).await
    }

    /// Creates a policy with safe defaults, or as a copy of `copy_of`.
    pub async fn create_policy(
        &self,
        caller: &Caller,
        name: &str,
        copy_of: Option<&str>,
    ) -> Result<UserPolicy, ServiceError> {
        self.authorize(
            caller,
            Permission::ManagePolicies,
            AuditAction::PolicyCreate,
            name,
        )
        .await?;
        let mut p = match copy_of {
            Some(src) => self.find_policy(src).await?,
            None => UserPolicy::new(name)?,
        };
        p.name = name.trim().to_owned();
        p.validate()?;
        if self.store.policy_by_name(&p.name).await?.is_some() {
            return Err(ServiceError::AlreadyExists {
                what: "policy",
                name: p.name,
            });
        }
        let mut audit = self
            .event(caller, AuditAction::PolicyCreate, Outcome::Success)
            .target(&p.name);
        if let Some(src) = copy_of {
            audit = audit.detail("copy_of", src);
        }
        Ok(self.store.create_policy(&p, &audit).await?)
    }

    /// Applies `key=value` changes together: all of them or none.
    pub async fn set_policy(
        &self,
        caller: &Caller,
        name: &str,
        changes: &[(String, String)],
    ) -> Result<UserPolicy, ServiceError> {
        self.authorize(
            caller,
            Permission::ManagePolicies,
            AuditAction::PolicyUpdate,
            name,
        )
        .await?;
        let old = self.find_policy(name).await?;
        let p = old.apply(changes)?;
        if p.name != old.name && self.store.policy_by_name(&p.name).await?.is_some() {
            return Err(ServiceError::AlreadyExists {
                what: "policy",
                name: p.name,
            });
        }
        let mut audit = self
            .event(caller, AuditAction::PolicyUpdate, Outcome::Success)
            .target(&old.name);
        // Record what changed, not every field the form happened to send.
        for ((k, new), (_, before)) in p.entries().into_iter().zip(old.entries()) {
            if new != before {
                audit = audit.detail(&k, format!("{before} -> {new}"));
            }
        }
        self.store.update_policy(&p, &audit).await?;
        Ok(p)
    }
}
