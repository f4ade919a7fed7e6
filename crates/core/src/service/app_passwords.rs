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
use crate::password_reset::{ResetSession, ResetStage};
use crate::user::{User, Username};
use secrecy::SecretString;

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

/// In the password help app, once identity is proven (F-S8): the reference lets users request
/// their application credentials after the challenge, with as many answers as the policy asks
/// for viewing them.
impl Services {
    /// The proven session's user, when their policy lets them see their application passwords
    /// after this challenge (as many questions answered as it asks for viewing) and they have
    /// some; `None` otherwise.
    async fn reset_app_password_owner(
        &self,
        session: &ResetSession,
    ) -> Result<Option<User>, ServiceError> {
        if session.stage != ResetStage::Proven {
            return Ok(None);
        }
        let Ok(name) = Username::parse(&session.username) else {
            return Ok(None);
        };
        let Some(user) = self.store.user_by_name(&name).await? else {
            return Ok(None);
        };
        let policy = self.policy_of(&user).await?;
        let ss = &policy.self_service;
        let enrolled = self.store.answer_enrollment(user.id).await?.answers;
        let answered = u32::from(ss.questions_to_answer).min(enrolled);
        if !ss.allow_reset || u32::from(ss.questions_for_app_passwords) > answered {
            return Ok(None);
        }
        Ok(Some(user))
    }

    /// The entries the proven session may list (the passwords stay sealed); `None` when it may
    /// not, or there are none.
    pub async fn reset_app_passwords(
        &self,
        session: &ResetSession,
    ) -> Result<Option<Vec<AppPassword>>, ServiceError> {
        let Some(user) = self.reset_app_password_owner(session).await? else {
            return Ok(None);
        };
        let entries = self.store.app_passwords(user.id).await?;
        Ok((!entries.is_empty()).then_some(entries))
    }

    /// Opens one entry's password for the proven session; every reveal is audited (the entry,
    /// never the value). `None` when the session may not, or has no such entry.
    pub async fn reset_reveal_app_password(
        &self,
        session: &ResetSession,
        id: &str,
        source: Option<&str>,
    ) -> Result<Option<(AppPassword, SecretString)>, ServiceError> {
        let Some(user) = self.reset_app_password_owner(session).await? else {
            return Ok(None);
        };
        let Some(entry) = self
            .store
            .app_passwords(user.id)
            .await?
            .into_iter()
            .find(|e| e.id == id)
        else {
            return Ok(None);
        };
        let plain = self.sealer.open(
            &entry.sealed_password,
            &AppPassword::aad(user.id, &entry.id),
        )?;
        let password = String::from_utf8(plain)
            .map_err(|_| ServiceError::Internal("an application password is not UTF-8"))?;
        let audit = self
            .reset_event(
                user.username.as_str(),
                AuditAction::AppPasswordReveal,
                Outcome::Success,
            )
            .source(source)
            .detail("entry", entry.name.as_str());
        self.store.append_audit(&audit).await?;
        Ok(Some((entry, SecretString::from(password))))
    }
}

fn gone() -> ServiceError {
    ServiceError::NotFound {
        what: "application password",
        name: "(this entry)".to_owned(),
    }
}
