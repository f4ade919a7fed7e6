//! The embedded directory: accounts in Regain's database with argon2id hashes, a password policy,
//! lockout, a disabled flag and allowed logon hours. For small sites and the demo; behaves like a
//! real directory so the flows built on it work unchanged against AD or OpenLDAP.

use crate::HashPool;
use async_trait::async_trait;
use regain_core::directory::{
    AccountState, AuthFailure, AuthOutcome, Directory, DirectoryError, Provisioning,
};
use regain_core::lockout::{LockoutChange, LockoutPolicy, LockoutState};
use regain_core::logon_hours::LogonHours;
use regain_core::password_policy::{Candidate, ChangeKind, PasswordPolicy};
use regain_core::ports::{Clock, DirectoryAccount, DirectoryAccountRepo, StoreError};
use regain_core::user::Username;
use secrecy::{ExposeSecret, SecretString};
use std::sync::Arc;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EmbeddedDirectoryConfig {
    pub password_policy: PasswordPolicy,
    pub lockout: LockoutPolicy,
}

pub struct EmbeddedDirectory {
    store: Arc<dyn DirectoryAccountRepo>,
    clock: Arc<dyn Clock>,
    config: EmbeddedDirectoryConfig,
    hashes: HashPool,
}

fn store_err(e: StoreError) -> DirectoryError {
    match e {
        StoreError::NotFound(what) => DirectoryError::NoSuchAccount(what),
        StoreError::Conflict(what) => DirectoryError::AlreadyExists(what),
        other => DirectoryError::Unavailable(other.to_string()),
    }
}

/// What taking an attempt at an account's password found.
enum Taken {
    /// Counted: the password may be compared.
    Yes(LockoutState),
    /// Not counted (locked); `until` is the lock's end.
    Locked(Option<regain_core::time::Timestamp>),
    /// The account went away meanwhile.
    Gone,
}

impl EmbeddedDirectory {
    pub fn new(
        store: Arc<dyn DirectoryAccountRepo>,
        clock: Arc<dyn Clock>,
        config: EmbeddedDirectoryConfig,
        hashes: HashPool,
    ) -> Self {
        EmbeddedDirectory {
            store,
            clock,
            config,
            hashes,
        }
    }

    async fn get(&self, username: &str) -> Result<DirectoryAccount, DirectoryError> {
        self.store
            .dir_get(username)
            .await
            .map_err(store_err)?
            .ok_or_else(|| DirectoryError::NoSuchAccount(username.to_owned()))
    }

    /// Takes one attempt at the account's password before it is compared (count before
    /// compare): concurrent guesses, on any node, are never compared more than the lockout's
    /// threshold allows.
    async fn take_attempt(&self, username: &str) -> Result<Taken, DirectoryError> {
        let change = LockoutChange::Attempt {
            policy: self.config.lockout,
            now: self.clock.now(),
            flow: None,
        };
        Ok(
            match self
                .store
                .dir_change_lockout(username, change)
                .await
                .map_err(store_err)?
            {
                None => Taken::Gone,
                Some(a) if a.refused.is_some() => Taken::Locked(a.before.locked_until),
                Some(a) => Taken::Yes(a.after),
            },
        )
    }

    /// A right password: the attempt it took and any earlier failures are cleared.
    async fn clear_attempts(&self, username: &str) -> Result<(), DirectoryError> {
        self.store
            .dir_change_lockout(username, LockoutChange::Clear)
            .await
            .map_err(store_err)
            .map(|_| ())
    }

    /// Checks a new password against the policy, including history (the current password counts
    /// as the newest entry).
    async fn check_new(
        &self,
        acc: &DirectoryAccount,
        password: &SecretString,
        kind: ChangeKind,
    ) -> Result<(), DirectoryError> {
        let policy = &self.config.password_policy;
        let mut candidate = Candidate {
            password: password.expose_secret(),
            username: &acc.username,
            display_name: &acc.display_name,
            kind,
            last_changed: acc.password_changed_at,
            in_history: false,
            now: self.clock.now(),
        };
        // Cheap rules first, so a too-short password costs no hashing.
        policy.check(&candidate).map_err(DirectoryError::Rejected)?;
        if policy.history > 0 {
            let mut hashes: Vec<String> = acc.password_hash.iter().cloned().collect();
            hashes.extend(
                self.store
                    .dir_history(&acc.username, policy.history.saturating_sub(1))
                    .await
                    .map_err(store_err)?,
            );
            candidate.in_history = self.hashes.matches_any(password, hashes).await?;
            policy.check(&candidate).map_err(DirectoryError::Rejected)?;
        }
        Ok(())
    }

    async fn store_password(
        &self,
        acc: &DirectoryAccount,
        password: &SecretString,
        must_change: bool,
    ) -> Result<(), DirectoryError> {
        let hash = self.hashes.hash(password).await?;
        let keep = self.config.password_policy.history.saturating_sub(1);
        self.store
            .dir_set_password(&acc.username, &hash, self.clock.now(), must_change, keep)
            .await
            .map_err(store_err)
    }
}

#[async_trait]
impl Directory for EmbeddedDirectory {
    fn kind(&self) -> &'static str {
        "embedded"
    }

    async fn authenticate(
        &self,
        username: &str,
        password: &SecretString,
    ) -> Result<AuthOutcome, DirectoryError> {
        let now = self.clock.now();
        let Some(acc) = self.store.dir_get(username).await.map_err(store_err)? else {
            self.hashes.verify_dummy(password).await?;
            return Ok(AuthOutcome::Failed(AuthFailure::BadCredentials));
        };
        if acc.lockout.is_locked(now) {
            return Ok(AuthOutcome::Failed(AuthFailure::Locked {
                until: acc.lockout.locked_until,
            }));
        }
        let counted = match self.take_attempt(&acc.username).await? {
            Taken::Yes(state) => state,
            Taken::Locked(until) => return Ok(AuthOutcome::Failed(AuthFailure::Locked { until })),
            Taken::Gone => {
                self.hashes.verify_dummy(password).await?;
                return Ok(AuthOutcome::Failed(AuthFailure::BadCredentials));
            }
        };
        let ok = match &acc.password_hash {
            Some(h) => self.hashes.verify(password, h).await?,
            None => {
                self.hashes.verify_dummy(password).await?;
                false
            }
        };
        if !ok {
            // Counted already, before the comparison.
            return Ok(AuthOutcome::Failed(if counted.is_locked(now) {
                AuthFailure::Locked {
                    until: counted.locked_until,
                }
            } else {
                AuthFailure::BadCredentials
            }));
        }
        self.clear_attempts(&acc.username).await?;
        // The reasons below are only told to someone who knows the password, as AD does.
        if acc.disabled {
            return Ok(AuthOutcome::Failed(AuthFailure::Disabled));
        }
        if !acc.logon_hours.allows(now) {
            return Ok(AuthOutcome::Failed(AuthFailure::OutsideLogonHours));
        }
        if acc.must_change {
            return Ok(AuthOutcome::Failed(AuthFailure::MustChangePassword));
        }
        if let Some(changed) = acc.password_changed_at
            && self.config.password_policy.expired(changed, now)
        {
            return Ok(AuthOutcome::Failed(AuthFailure::PasswordExpired));
        }
        Ok(AuthOutcome::Authenticated)
    }

    async fn account(&self, username: &str) -> Result<Option<AccountState>, DirectoryError> {
        let now = self.clock.now();
        let Some(acc) = self.store.dir_get(username).await.map_err(store_err)? else {
            return Ok(None);
        };
        Ok(Some(AccountState {
            password_expired: acc
                .password_changed_at
                .is_some_and(|c| self.config.password_policy.expired(c, now)),
            locked_until: acc
                .lockout
                .locked_until
                .filter(|_| acc.lockout.is_locked(now)),
            has_password: acc.password_hash.is_some(),
            username: acc.username,
            display_name: acc.display_name,
            disabled: acc.disabled,
            must_change: acc.must_change,
            logon_hours: acc.logon_hours,
            password_changed_at: acc.password_changed_at,
        }))
    }

    async fn is_current_password(
        &self,
        username: &str,
        candidate: &SecretString,
    ) -> Result<Option<bool>, DirectoryError> {
        let Some(acc) = self.store.dir_get(username).await.map_err(store_err)? else {
            return Ok(Some(false));
        };
        match acc.password_hash {
            Some(h) => Ok(Some(self.hashes.verify(candidate, &h).await?)),
            None => Ok(Some(false)),
        }
    }

    async fn admin_reset(
        &self,
        username: &str,
        new_password: &SecretString,
        must_change: bool,
    ) -> Result<(), DirectoryError> {
        let acc = self.get(username).await?;
        self.check_new(&acc, new_password, ChangeKind::AdminReset)
            .await?;
        // Storing the password also clears the lockout: the administrator has vouched for the user.
        self.store_password(&acc, new_password, must_change).await
    }

    async fn change_password(
        &self,
        username: &str,
        old: &SecretString,
        new: &SecretString,
    ) -> Result<(), DirectoryError> {
        let acc = self.get(username).await?;
        if acc.lockout.is_locked(self.clock.now()) {
            return Err(DirectoryError::Locked);
        }
        match self.take_attempt(&acc.username).await? {
            Taken::Yes(_) => {}
            Taken::Locked(_) => return Err(DirectoryError::Locked),
            Taken::Gone => return Err(DirectoryError::NoSuchAccount(username.to_owned())),
        }
        let ok = match &acc.password_hash {
            Some(h) => self.hashes.verify(old, h).await?,
            None => false,
        };
        if !ok {
            return Err(DirectoryError::WrongOldPassword);
        }
        self.clear_attempts(&acc.username).await?;
        if acc.disabled {
            return Err(DirectoryError::Disabled);
        }
        self.check_new(&acc, new, ChangeKind::UserChange).await?;
        self.store_password(&acc, new, false).await
    }

    async fn unlock(&self, username: &str) -> Result<(), DirectoryError> {
        match self
            .store
            .dir_change_lockout(username, LockoutChange::Clear)
            .await
            .map_err(store_err)?
        {
            Some(_) => Ok(()),
            None => Err(DirectoryError::NoSuchAccount(username.to_owned())),
        }
    }

    fn provisioning(&self) -> Option<&dyn Provisioning> {
        Some(self)
    }
}

#[async_trait]
impl Provisioning for EmbeddedDirectory {
    async fn create(
        &self,
        username: &str,
        display_name: &str,
        password: Option<&SecretString>,
    ) -> Result<(), DirectoryError> {
        let name = Username::parse(username).map_err(DirectoryError::Invalid)?;
        let mut acc = DirectoryAccount {
            username: name.to_string(),
            display_name: display_name.to_owned(),
            password_hash: None,
            password_changed_at: None,
            must_change: false,
            disabled: false,
            logon_hours: LogonHours::always(),
            lockout: LockoutState::default(),
        };
        if self
            .store
            .dir_get(username)
            .await
            .map_err(store_err)?
            .is_some()
        {
            return Err(DirectoryError::AlreadyExists(username.to_owned()));
        }
        if let Some(pw) = password {
            self.check_new(&acc, pw, ChangeKind::AdminReset).await?;
            acc.password_hash = Some(self.hashes.hash(pw).await?);
            acc.password_changed_at = Some(self.clock.now());
        }
        self.store.dir_insert(&acc).await.map_err(store_err)
    }

    async fn delete(&self, username: &str) -> Result<(), DirectoryError> {
        self.store.dir_delete(username).await.map_err(store_err)
    }

    async fn set_disabled(&self, username: &str, disabled: bool) -> Result<(), DirectoryError> {
        let acc = self.get(username).await?;
        self.store
            .dir_set_flags(username, disabled, &acc.logon_hours)
            .await
            .map_err(store_err)
    }

    async fn set_logon_hours(
        &self,
        username: &str,
        hours: LogonHours,
    ) -> Result<(), DirectoryError> {
        let acc = self.get(username).await?;
        self.store
            .dir_set_flags(username, acc.disabled, &hours)
            .await
            .map_err(store_err)
    }
}
