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
const MFA_PURPOSE: &str = "admin_sign_in_code";
const MFA_LIFETIME: std::time::Duration = std::time::Duration::from_secs(5 * 60);

/// A signed-in console session: the cookie token (shown once) and the form token.
pub struct NewSession {
    pub token: String,
    pub csrf_token: String,
    pub username: String,
}

pub enum SignIn {
    Done(NewSession),
    /// The password was right and the administrator has an OTP token: the code comes next,
    /// with this one-time token (valid 5 minutes) carrying the sign-in forward.
    CodeRequired {
        pending: String,
    },
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
        self.remember_directory_password(&user, password).await?;
        let Some(role) = self.store.role_of(user.id).await? else {
            self.store
                .append_audit(&refuse("not_an_administrator"))
                .await?;
            return Ok(SignIn::Refused);
        };
        let has_otp = self.store.methods_of(user.id).await?.iter().any(|m| {
            m.kind == crate::methods::MethodKind::OtpToken
                && m.state == crate::methods::MethodState::Active
        });
        if has_otp {
            let pending = self.fresh_token()?;
            let audit = AuditEvent::new(
                now,
                &Actor::Admin(user.username.to_string()),
                "admin.sign_in",
                Outcome::Success,
            )
            .target(user.username.as_str())
            .source(source)
            .detail("step", "password_ok_code_required");
            let subject = super::attempts::StepSubject::new(&user, &self.lockout_of(&user).await?);
            self.store
                .create_token(
                    &self.secrets.keyed_hash(MFA_PURPOSE, &pending),
                    MFA_PURPOSE,
                    &subject.render(),
                    now.plus(MFA_LIFETIME),
                    &audit,
                )
                .await?;
            return Ok(SignIn::CodeRequired { pending });
        }
        self.open_session(&user.username.to_string(), &role.name, source)
            .await
    }

    /// Second step of a sign-in: the OTP code for a pending sign-in. A wrong code counts towards
    /// the user's lockout and leaves the step open for another try.
    pub async fn sign_in_code(
        &self,
        pending: &str,
        code: &str,
        source: Option<&str>,
    ) -> Result<SignIn, ServiceError> {
        let now = self.clock.now();
        let hash = self.secrets.keyed_hash(MFA_PURPOSE, pending);
        let Some(subject) = self
            .store
            .peek_token(&hash, MFA_PURPOSE, now)
            .await?
            .as_deref()
            .and_then(super::attempts::StepSubject::parse)
        else {
            return Ok(SignIn::Refused);
        };
        let username = subject.username;
        let user = self.find_user(&username).await?;
        // Count before compare; a lock since the password step ended this step for good.
        let taken = self.take_attempt(&user, Some(subject.epoch)).await?;
        if taken.refused.is_some() {
            self.store.consume_token(&hash, MFA_PURPOSE, now).await?;
            return Ok(SignIn::Refused);
        }
        match self
            .verify_code(
                &username,
                code,
                source,
                crate::methods::MethodKind::OtpToken,
            )
            .await?
        {
            super::OtpOutcome::Accepted { .. } => {
                if self
                    .store
                    .consume_token(&hash, MFA_PURPOSE, now)
                    .await?
                    .is_none()
                {
                    return Ok(SignIn::Refused);
                }
                self.attempt_succeeded(user.id).await?;
                let Some(role) = self.store.role_of(user.id).await? else {
                    return Ok(SignIn::Refused);
                };
                self.open_session(&username, &role.name, source).await
            }
            super::OtpOutcome::Rejected { .. } if taken.after.is_locked(now) => {
                self.store.consume_token(&hash, MFA_PURPOSE, now).await?;
                Ok(SignIn::Refused)
            }
            super::OtpOutcome::Rejected { .. } => Ok(SignIn::CodeRequired {
                pending: pending.to_owned(),
            }),
        }
    }

    async fn open_session(
        &self,
        username: &str,
        role: &str,
        source: Option<&str>,
    ) -> Result<SignIn, ServiceError> {
        let audit = AuditEvent::new(
            self.clock.now(),
            &Actor::Admin(username.to_owned()),
            "admin.sign_in",
            Outcome::Success,
        )
        .target(username)
        .source(source)
        .detail("role", role);
        Ok(SignIn::Done(
            self.start_session(SESSION_PURPOSE, username, source, &audit)
                .await?,
        ))
    }

    /// A new session of `purpose` (console or self-service) for `username`, recorded with
    /// `audit`. A fresh random id at every sign-in: an id planted before sign-in is useless.
    pub(crate) async fn start_session(
        &self,
        purpose: &str,
        username: &str,
        source: Option<&str>,
        audit: &AuditEvent,
    ) -> Result<NewSession, ServiceError> {
        let token = self.fresh_token()?;
        let csrf_token = self.fresh_token()?;
        let session = AdminSession::new(
            self.secrets.keyed_hash(purpose, &token),
            username.to_owned(),
            csrf_token.clone(),
            source.map(str::to_owned),
            self.clock.now(),
        );
        self.store.create_session(&session, audit).await?;
        Ok(NewSession {
            token,
            csrf_token,
            username: username.to_owned(),
        })
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
