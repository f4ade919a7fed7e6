//! Directory passwords for the self-service reset (reference F-S13 and the two reset paths).
//! With an external directory (AD, OpenLDAP), the password a user last signed in with is kept
//! sealed (AEAD, key outside the database, bound to user and purpose) so a reset can take path
//! (a), a plain change that keeps the directory's history intact. It is forgotten when it stops
//! working and replaced when the user sets a new one. The embedded directory keeps no copy.

use super::{ServiceError, Services};
use crate::audit::AuditAction;
use crate::audit::{Actor, AuditEvent, Outcome};
use crate::directory::{DirectoryError, ResetPath};
use crate::user::User;
use secrecy::{ExposeSecret, SecretString};
use std::time::Duration;

const CURRENT: &str = "current";
const TEMPORARY: &str = "reset_temporary";
/// How long the temporary password of a reset refused at its last step is kept.
pub const RESET_TEMPORARY_LIFETIME: Duration = Duration::from_secs(15 * 60);

impl Services {
    fn external_directory(&self) -> bool {
        self.directory.remembers_passwords()
    }

    fn secret_aad(user: &User, kind: &str) -> String {
        format!("directory_secrets:{}:{kind}", user.id.0)
    }

    async fn open_directory_secret(
        &self,
        user: &User,
        kind: &str,
    ) -> Result<Option<SecretString>, ServiceError> {
        let Some(sealed) = self
            .store
            .directory_secret(user.id, kind, self.clock.now())
            .await?
        else {
            return Ok(None);
        };
        // Undecryptable (key rotated, row moved): as good as absent.
        Ok(self
            .sealer
            .open(&sealed, &Self::secret_aad(user, kind))
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .map(SecretString::from))
    }

    async fn seal_directory_secret(
        &self,
        user: &User,
        kind: &str,
        secret: &SecretString,
        expires: Option<Duration>,
    ) -> Result<(), ServiceError> {
        let sealed = self.sealer.seal(
            secret.expose_secret().as_bytes(),
            &Self::secret_aad(user, kind),
        )?;
        let now = self.clock.now();
        self.store
            .put_directory_secret(user.id, kind, &sealed, now, expires.map(|d| now.plus(d)))
            .await?;
        Ok(())
    }

    /// The password the user last signed in with, where an external directory's is kept.
    pub(crate) async fn stored_password_of(
        &self,
        user: &User,
    ) -> Result<Option<SecretString>, ServiceError> {
        self.open_directory_secret(user, CURRENT).await
    }

    /// After the directory accepted `password` for `user`: keep it for reset path (a).
    pub(crate) async fn remember_directory_password(
        &self,
        user: &User,
        password: &SecretString,
    ) -> Result<(), ServiceError> {
        if !self.external_directory() {
            return Ok(());
        }
        if let Some(known) = self.open_directory_secret(user, CURRENT).await?
            && crate::temp_code::constant_time_eq(known.expose_secret(), password.expose_secret())
        {
            return Ok(());
        }
        self.seal_directory_secret(user, CURRENT, password, None)
            .await
    }

    /// Sets a new directory password for `username`, whose identity the self-service flow has
    /// already proven. Takes path (a) with a stored password that still works, else path (b);
    /// a reset refused at its last step keeps its temporary password (15 minutes), and the next
    /// call finishes it with the new password instead of starting over.
    pub async fn reset_directory_password(
        &self,
        username: &str,
        new_password: &SecretString,
        source: Option<&str>,
    ) -> Result<ResetPath, ServiceError> {
        let user = self.find_user(username).await?;
        let now = self.clock.now();
        let audit = |outcome, detail: &str| {
            AuditEvent::new(
                now,
                &Actor::User(username.to_owned()),
                AuditAction::DirectoryReset,
                outcome,
            )
            .target(username)
            .source(source)
            .detail("result", detail)
        };
        // Security requirement 44: Regain's own screening first (length, names, blocklist), so
        // a directory with weaker rules never gets a common password.
        if let Err(r) = crate::password_policy::screen_new_password(
            secrecy::ExposeSecret::expose_secret(new_password),
            user.username.as_str(),
            &user.display_name,
        ) {
            self.store
                .append_audit(&audit(Outcome::Failure, r.code()))
                .await?;
            return Err(DirectoryError::Rejected(r).into());
        }
        let result = match self.open_directory_secret(&user, TEMPORARY).await? {
            Some(temporary) => self
                .directory
                .complete_reset(username, &temporary, new_password)
                .await
                .map(|()| ResetPath::ResetThenChange)
                .map_err(|error| crate::directory::ResetFailure {
                    error,
                    temporary: None,
                }),
            None => {
                let stored = self.open_directory_secret(&user, CURRENT).await?;
                self.directory
                    .self_service_reset(username, new_password, stored.as_ref())
                    .await
            }
        };
        match result {
            Ok(path) => {
                self.store
                    .forget_directory_secret(user.id, TEMPORARY)
                    .await?;
                if self.external_directory() {
                    self.seal_directory_secret(&user, CURRENT, new_password, None)
                        .await?;
                }
                let detail = match path {
                    ResetPath::UserChange => "changed_with_stored_password",
                    ResetPath::ResetThenChange => "reset_then_changed",
                    ResetPath::ResetWithPolicyHints => "reset_with_policy_hints",
                };
                self.store
                    .append_audit(&audit(Outcome::Success, detail))
                    .await?;
                Ok(path)
            }
            Err(failure) => {
                if let Some(t) = &failure.temporary {
                    self.seal_directory_secret(&user, TEMPORARY, t, Some(RESET_TEMPORARY_LIFETIME))
                        .await?;
                }
                // The stored password no longer works once the account was reset.
                if failure.temporary.is_some() {
                    self.store.forget_directory_secret(user.id, CURRENT).await?;
                }
                let reason = match &failure.error {
                    DirectoryError::Rejected(r) => r.code(),
                    DirectoryError::WrongOldPassword => "wrong_old_password",
                    DirectoryError::Locked => "locked",
                    DirectoryError::InsufficientRights(_) => "insufficient_rights",
                    DirectoryError::Unavailable(_) => "directory_unavailable",
                    _ => "refused",
                };
                self.store
                    .append_audit(&audit(Outcome::Failure, reason))
                    .await?;
                Err(failure.error.into())
            }
        }
    }
}
