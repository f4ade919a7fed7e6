//! Application passwords (F-S8) on the user's own account: list, add, edit and delete, each
//! change needing a fresh proof (a second factor confirmed in the last 5 minutes, or for a
//! user without one a sign-in that recent). Only the user reaches them: the self-service
//! authority is the only one allowed, so no administrator, CLI or admin-scoped API credential
//! can list or read them. The audit names the entry, never the password.

use super::{Caller, ServiceError, Services};
use crate::admin::Permission;
use crate::app_passwords::{
    AppPassword, AppPasswordInput, AppPasswordRefusal, MAX_ENTRIES, validate,
};
use crate::audit::{AuditAction, Outcome};
use crate::user::User;

impl Services {
    /// The signed-in user, for `action` on their own application passwords.
    async fn app_password_owner(
        &self,
        caller: &Caller,
        action: AuditAction,
    ) -> Result<User, ServiceError> {
        let username =
            Self::own_user(caller).ok_or(ServiceError::Denied(Permission::ManageUsers))?;
        self.authorize(caller, Permission::ManageUsers, action, username)
            .await?;
        self.find_user(username).await
    }

    /// The user's entries, by name (the passwords stay sealed).
    pub async fn list_app_passwords(
        &self,
        caller: &Caller,
    ) -> Result<Vec<AppPassword>, ServiceError> {
        let user = self
            .app_password_owner(caller, AuditAction::AppPasswordList)
            .await?;
        Ok(self.store.app_passwords(user.id).await?)
    }

    /// Adds an entry; a refusal names the field.
    pub async fn add_app_password(
        &self,
        caller: &Caller,
        input: &AppPasswordInput<'_>,
    ) -> Result<Result<(), AppPasswordRefusal>, ServiceError> {
        let user = self
            .app_password_owner(caller, AuditAction::AppPasswordAdd)
            .await?;
        self.require_fresh_self_proof(caller, &user).await?;
        let (name, address, login) = match validate(input) {
            Ok(v) => v,
            Err(r) => return Ok(Err(r)),
        };
        if self.store.app_passwords(user.id).await?.len() >= MAX_ENTRIES {
            return Ok(Err(AppPasswordRefusal::TooMany));
        }
        let id = self.new_id("ap-")?;
        let now = self.clock.now();
        let entry = AppPassword {
            sealed_password: self
                .sealer
                .seal(input.password.as_bytes(), &AppPassword::aad(user.id, &id))?,
            id,
            user_id: user.id,
            name,
            address,
            login,
            created_at: now,
            updated_at: now,
        };
        let audit = self
            .event(caller, AuditAction::AppPasswordAdd, Outcome::Success)
            .target(user.username.as_str())
            .detail("entry", entry.name.as_str());
        self.store.add_app_password(&entry, &audit).await?;
        Ok(Ok(()))
    }

    /// Changes an entry; an empty password keeps the one stored.
    pub async fn update_app_password(
        &self,
        caller: &Caller,
        id: &str,
        input: &AppPasswordInput<'_>,
    ) -> Result<Result<(), AppPasswordRefusal>, ServiceError> {
        let user = self
            .app_password_owner(caller, AuditAction::AppPasswordUpdate)
            .await?;
        self.require_fresh_self_proof(caller, &user).await?;
        let Some(old) = self
            .store
            .app_passwords(user.id)
            .await?
            .into_iter()
            .find(|e| e.id == id)
        else {
            return Err(gone());
        };
        let keep = input.password.is_empty();
        let checked = AppPasswordInput {
            password: if keep { "kept" } else { input.password },
            ..*input
        };
        let (name, address, login) = match validate(&checked) {
            Ok(v) => v,
            Err(r) => return Ok(Err(r)),
        };
        let sealed_password = if keep {
            old.sealed_password.clone()
        } else {
            self.sealer
                .seal(input.password.as_bytes(), &AppPassword::aad(user.id, id))?
        };
        let entry = AppPassword {
            name,
            address,
            login,
            sealed_password,
            updated_at: self.clock.now(),
            ..old
        };
        let audit = self
            .event(caller, AuditAction::AppPasswordUpdate, Outcome::Success)
            .target(user.username.as_str())
            .detail("entry", entry.name.as_str())
            .detail("password_changed", if keep { "no" } else { "yes" });
        if !self.store.update_app_password(&entry, &audit).await? {
            return Err(gone());
        }
        Ok(Ok(()))
    }

    pub async fn delete_app_password(&self, caller: &Caller, id: &str) -> Result<(), ServiceError> {
        let user = self
            .app_password_owner(caller, AuditAction::AppPasswordDelete)
            .await?;
        self.require_fresh_self_proof(caller, &user).await?;
        let name = self
            .store
            .app_passwords(user.id)
            .await?
            .into_iter()
            .find(|e| e.id == id)
            .map(|e| e.name)
            .ok_or_else(gone)?;
        let audit = self
            .event(caller, AuditAction::AppPasswordDelete, Outcome::Success)
            .target(user.username.as_str())
            .detail("entry", name.as_str());
        if !self.store.delete_app_password(user.id, id, &audit).await? {
            return Err(gone());
        }
        Ok(())
    }
}

fn gone() -> ServiceError {
    ServiceError::NotFound {
        what: "application password",
        name: "(this entry)".to_owned(),
    }
}
