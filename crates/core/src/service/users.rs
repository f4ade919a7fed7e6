//! Adding, finding, disabling users, and the password operations an administrator performs.

use super::{Caller, ServiceError, Services};
use crate::admin::{Permission, Role};
use crate::audit::AuditAction;
use crate::audit::Outcome;
use crate::directory::{AccountState, DirectoryError};
use crate::ids::UserId;
use crate::policy::UserPolicy;
use crate::ports::Page;
use crate::user::{User, UserState, Username, validate_display_name};
use secrecy::SecretString;

pub struct NewUser {
    pub username: String,
    pub display_name: String,
    /// Policy name; the policy called "Default" when absent.
    pub policy: Option<String>,
    /// Initial password (embedded directory only).
    pub password: Option<SecretString>,
}

#[derive(Debug, Clone)]
pub struct UserDetails {
    pub user: User,
    pub policy: UserPolicy,
    pub admin_role: Option<Role>,
    /// `None` if the directory no longer has the account.
    pub account: Option<AccountState>,
}

impl Services {
    /// The user named `raw`. A name no user could have is not found either: a lookup finds
    /// or does not find (creating a user is where a name's form is refused).
    pub(crate) async fn find_user(&self, raw: &str) -> Result<User, ServiceError> {
        let not_found = || ServiceError::NotFound {
            what: "user",
            name: raw.to_owned(),
        };
        let name = Username::parse(raw).map_err(|_| not_found())?;
        self.store.user_by_name(&name).await?.ok_or_else(not_found)
    }

    /// The policy a user is under; a user pointing at no policy is corrupt data, reported.
    pub(crate) async fn policy_of(&self, user: &User) -> Result<UserPolicy, ServiceError> {
        self.store
            .policy_by_id(user.policy_id)
            .await?
            .ok_or_else(|| ServiceError::NotFound {
                what: "policy",
                name: user.policy_id.to_string(),
            })
    }

    pub async fn add_user(&self, caller: &Caller, new: NewUser) -> Result<User, ServiceError> {
        self.authorize(
            caller,
            Permission::ManageUsers,
            AuditAction::UserAdd,
            &new.username,
        )
        .await?;
        let username =
            Username::parse(&new.username).map_err(|m| ServiceError::invalid("username", m))?;
        let mut display_name = validate_display_name(&new.display_name)
            .map_err(|m| ServiceError::invalid("display_name", m))?;
        let policy_name = new.policy.as_deref().unwrap_or("Default");
        let policy = self
            .store
            .policy_by_name(policy_name)
            .await?
            .ok_or_else(|| ServiceError::NotFound {
                what: "policy",
                name: policy_name.to_owned(),
            })?;
        if self.store.user_by_name(&username).await?.is_some() {
            return Err(ServiceError::AlreadyExists {
                what: "user",
                name: username.to_string(),
            });
        }
        // Create the directory account first (it validates the password), then the user record;
        // if the record cannot be written, the account is removed again so nothing half-made stays.
        let created_account = match self.directory.provisioning() {
            Some(prov) => {
                prov.create(username.as_str(), &display_name, new.password.as_ref())
                    .await?;
                true
            }
            None => {
                let Some(account) = self.directory.account(username.as_str()).await? else {
                    return Err(DirectoryError::NoSuchAccount(username.to_string()).into());
                };
                // An external directory knows the person's name.
                if new.display_name.trim().is_empty() {
                    display_name = validate_display_name(&account.display_name)
                        .unwrap_or_else(|_| username.to_string());
                }
                false
            }
        };
        let user = User {
            id: UserId(0),
            directory_ref: format!("{}:{}", self.directory.kind(), username.as_str()),
            username: username.clone(),
            display_name,
            policy_id: policy.id,
            state: UserState::Active,
            created_at: self.clock.now(),
        };
        let audit = self
            .event(caller, AuditAction::UserAdd, Outcome::Success)
            .target(username.as_str())
            .detail("policy", &policy.name);
        match self.store.create_user(&user, &audit).await {
            Ok(u) => Ok(u),
            Err(e) => {
                if created_account && let Some(prov) = self.directory.provisioning() {
                    // Best effort: the original error is what the caller must see.
                    let _undo = prov.delete(username.as_str()).await;
                }
                Err(e.into())
            }
        }
    }

    pub async fn list_users(
        &self,
        caller: &Caller,
        query: &str,
        limit: u32,
        offset: u32,
    ) -> Result<Page<User>, ServiceError> {
        self.authorize(caller, Permission::ViewUsers, AuditAction::UserList, query)
            .await?;
        Ok(self
            .store
            .search_users(query, limit.clamp(1, 500), offset)
            .await?)
    }

    pub async fn show_user(
        &self,
        caller: &Caller,
        name: &str,
    ) -> Result<UserDetails, ServiceError> {
        self.authorize(caller, Permission::ViewUsers, AuditAction::UserShow, name)
            .await?;
        let user = self.find_user(name).await?;
        let policy = self.policy_of(&user).await?;
        let admin_role = self.store.role_of(user.id).await?;
        let account = self.directory.account(user.username.as_str()).await?;
        Ok(UserDetails {
            user,
            policy,
            admin_role,
            account,
        })
    }

    pub async fn set_user_disabled(
        &self,
        caller: &Caller,
        name: &str,
        disabled: bool,
    ) -> Result<(), ServiceError> {
        let action = if disabled {
            AuditAction::UserDisable
        } else {
            AuditAction::UserEnable
        };
        self.authorize(caller, Permission::ManageUsers, action, name)
            .await?;
        let user = self.find_user(name).await?;
        let state = if disabled {
            UserState::Disabled
        } else {
            UserState::Active
        };
        if let Some(prov) = self.directory.provisioning() {
            prov.set_disabled(user.username.as_str(), disabled).await?;
        }
        let audit = self
            .event(caller, action, Outcome::Success)
            .target(user.username.as_str());
        self.store.set_user_state(user.id, state, &audit).await?;
        Ok(())
    }

    pub async fn set_user_policy(
        &self,
        caller: &Caller,
        name: &str,
        policy: &str,
    ) -> Result<(), ServiceError> {
        self.authorize(
            caller,
            Permission::ManagePolicies,
            AuditAction::UserSetPolicy,
            name,
        )
        .await?;
        let user = self.find_user(name).await?;
        let p = self
            .store
            .policy_by_name(policy)
            .await?
            .ok_or_else(|| ServiceError::NotFound {
                what: "policy",
                name: policy.to_owned(),
            })?;
        let audit = self
            .event(caller, AuditAction::UserSetPolicy, Outcome::Success)
            .target(user.username.as_str())
            .detail("policy", &p.name);
        self.store.set_user_policy(user.id, p.id, &audit).await?;
        Ok(())
    }

    /// An administrator's password reset, which also releases a lock.
    pub async fn reset_password(
        &self,
        caller: &Caller,
        name: &str,
        password: &SecretString,
        must_change: bool,
    ) -> Result<(), ServiceError> {
        self.authorize(
            caller,
            Permission::ManageUsers,
            AuditAction::UserPasswordReset,
            name,
        )
        .await?;
        let user = self.find_user(name).await?;
        let result = self
            .directory
            .admin_reset(user.username.as_str(), password, must_change)
            .await;
        let outcome = if result.is_ok() {
            Outcome::Success
        } else {
            Outcome::Failure
        };
        let mut audit = self
            .event(caller, AuditAction::UserPasswordReset, outcome)
            .target(user.username.as_str())
            .detail("must_change", must_change.to_string());
        if let Err(DirectoryError::Rejected(r)) = &result {
            audit = audit.detail("reason", r.code());
        }
        self.store.append_audit(&audit).await?;
        Ok(result?)
    }

    pub async fn unlock_user(&self, caller: &Caller, name: &str) -> Result<(), ServiceError> {
        self.authorize(
            caller,
            Permission::UnlockUsers,
            AuditAction::UserUnlock,
            name,
        )
        .await?;
        let user = self.find_user(name).await?;
        self.directory.unlock(user.username.as_str()).await?;
        // The second-factor lockout too; flows the lock ended stay dead (the lock count stays).
        self.store
            .change_user_lockout(user.id, crate::lockout::LockoutChange::Clear)
            .await?;
        let audit = self
            .event(caller, AuditAction::UserUnlock, Outcome::Success)
            .target(user.username.as_str());
        self.store.append_audit(&audit).await?;
        Ok(())
    }
}
