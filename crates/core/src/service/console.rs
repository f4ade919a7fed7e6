//! Signing administrators in and out of the console, and turning a session into a `Caller`.
//!
//! Sign-in is a sequence of steps so a second factor can be added as a step later without
//! changing callers: today the only outcome of a good password is `SignIn::Done`.

use super::{Authority, Caller, ServiceError, Services};
use crate::audit::{Actor, AuditEvent, Outcome};
use crate::directory::AuthOutcome;
use crate::session::AdminSession;
use crate::user::{UserState, Username};
use secrecy::SecretString;

pub const SESSION_PURPOSE: &str = "admin_session";

/// A signed-in console session: the cookie token (shown once) and the form token.
pub struct NewSession {
    pub token: String,
    pub csrf_token: String,
    pub username: String,
}

pub enum SignIn {
    Done(NewSession),
    /// Wrong password, unknown user, not an administrator, locked, disabled: the page says only
    /// this; the audit log has the precise reason.
    Refused,
}

impl Services {
    pub async fn sign_in(
        &self,
        username: &str,
        password: &SecretString,
        source: Option<&str>,
    ) -> Result<SignIn, ServiceError> {
        let now = self.clock.now();
        let refuse = |reason: &str| {
            AuditEvent::new(
                now,
                &Actor::User(username.to_owned()),
                "admin.sign_in",
                Outcome::Failure,
            )
            .target(username)
            .source(source)
            .detail("reason", reason)
        };
        let Ok(name) = Username::parse(username) else {
            self.store.append_audit(&refuse("invalid_username")).await?;
            return Ok(SignIn::Refused);
        };
        // The directory decides the password first (and counts failures towards its lockout), so
        // the time taken does not tell whether the user is an administrator.
        let outcome = self.directory.authenticate(name.as_str(), password).await?;
        let reason = match outcome {
            AuthOutcome::Authenticated => None,
            AuthOutcome::Failed(f) => Some(f.code()),
        };
        if let Some(reason) = reason {
            self.store.append_audit(&refuse(reason)).await?;
            return Ok(SignIn::Refused);
        }
        let Some(user) = self.store.user_by_name(&name).await? else {
            self.store.append_audit(&refuse("no_regain_user")).await?;
            return Ok(SignIn::Refused);
        };
        if user.state == UserState::Disabled {
            self.store.append_audit(&refuse("user_disabled")).await?;
            return Ok(SignIn::Refused);
        }
        let Some(role) = self.store.role_of(user.id).await? else {
            self.store
                .append_audit(&refuse("not_an_administrator"))
                .await?;
            return Ok(SignIn::Refused);
        };
        // A fresh random id at every sign-in: a session id planted before sign-in is useless.
        let token = self.secrets.random_token();
        let csrf_token = self.secrets.random_token();
        if token.is_empty() || csrf_token.is_empty() {
            return Err(ServiceError::Store(crate::ports::StoreError::Unavailable(
                "no randomness available".into(),
            )));
        }
        let session = AdminSession::new(
            self.secrets.keyed_hash(SESSION_PURPOSE, &token),
            user.username.to_string(),
            csrf_token.clone(),
            source.map(str::to_owned),
            now,
        );
        let audit = AuditEvent::new(
            now,
            &Actor::Admin(user.username.to_string()),
            "admin.sign_in",
            Outcome::Success,
        )
        .target(user.username.as_str())
        .source(source)
        .detail("role", &role.name);
        self.store.create_session(&session, &audit).await?;
        Ok(SignIn::Done(NewSession {
            token,
            csrf_token,
            username: user.username.to_string(),
        }))
    }

    /// The caller behind a session cookie, with their role as it is now (role changes apply at
    /// once). `None` if the session is unknown, expired, or its user lost their role or was
    /// disabled.
    pub async fn session_caller(
        &self,
        token: &str,
        source: Option<&str>,
    ) -> Result<Option<(Caller, AdminSession)>, ServiceError> {
        let hash = self.secrets.keyed_hash(SESSION_PURPOSE, token);
        let Some(session) = self.store.touch_session(&hash, self.clock.now()).await? else {
            return Ok(None);
        };
        let Ok(name) = Username::parse(&session.username) else {
            return Ok(None);
        };
        let Some(user) = self.store.user_by_name(&name).await? else {
            return Ok(None);
        };
        if user.state == UserState::Disabled {
            return Ok(None);
        }
        let Some(role) = self.store.role_of(user.id).await? else {
            return Ok(None);
        };
        let caller = Caller {
            actor: Actor::Admin(user.username.to_string()),
            source: source.map(str::to_owned),
            authority: Authority::Admin {
                username: user.username.to_string(),
                role,
            },
        };
        Ok(Some((caller, session)))
    }

    pub async fn sign_out(&self, token: &str, caller: &Caller) -> Result<(), ServiceError> {
        let hash = self.secrets.keyed_hash(SESSION_PURPOSE, token);
        let audit = self.event(caller, "admin.sign_out", Outcome::Success);
        self.store.delete_session(&hash, &audit).await?;
        Ok(())
    }
}
