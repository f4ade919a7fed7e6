//! Signing administrators in and out of the console, and turning a session into a `Caller`.
//!
//! Sign-in is a sequence of steps: the password, then a code from the administrator's OTP token
//! (security requirement 47: the console never accepts a password alone). An administrator who
//! has no token yet enrols one right there, before any page opens. Sensitive actions later ask
//! for a code again when the last one is older than [`crate::session::REAUTH_WINDOW`].

use super::{Authority, Caller, ServiceError, Services};
use crate::audit::AuditAction;
use crate::audit::{Actor, AuditEvent, Outcome};
use crate::directory::AuthOutcome;
use crate::session::AdminSession;
use crate::user::{UserState, Username};
use secrecy::SecretString;

pub const SESSION_PURPOSE: &str = "admin_session";
const MFA_PURPOSE: &str = "admin_sign_in_code";
const MFA_LIFETIME: std::time::Duration = std::time::Duration::from_secs(5 * 60);
const ENROLL_PURPOSE: &str = "admin_sign_in_enroll";
/// Enrolling a token takes longer than typing a code: scan, name, type.
const ENROLL_LIFETIME: std::time::Duration = std::time::Duration::from_secs(15 * 60);

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
    /// The password was right and the administrator has no OTP token: they enrol one now (the
    /// page shows the seed as a QR code and as text) and confirm it with its first code. The
    /// one-time token (15 minutes) carries the sign-in forward.
    EnrollmentRequired {
        pending: String,
        seed_base32: String,
        otpauth_uri: String,
    },
    /// Wrong password, unknown user, not an administrator, locked, disabled: the page says only
    /// this; the audit log has the precise reason.
    Refused,
}

/// The audit record of a sign-in step reached (the password was right; `step` says what next).
fn step_event(
    user: &crate::user::User,
    now: crate::time::Timestamp,
    source: Option<&str>,
    step: &str,
) -> AuditEvent {
    AuditEvent::new(
        now,
        &Actor::Admin(user.username.to_string()),
        AuditAction::AdminSignIn,
        Outcome::Success,
    )
    .target(user.username.as_str())
    .source(source)
    .detail("step", step)
}

/// The subject of an enrollment step's token: the pending method and the step's flow.
fn enroll_subject(method_id: &str, step: &super::attempts::StepSubject) -> String {
    format!("{method_id}|{}", step.render())
}

fn parse_enroll_subject(raw: &str) -> Option<(String, super::attempts::StepSubject)> {
    let (method, step) = raw.split_once('|')?;
    Some((
        method.to_owned(),
        super::attempts::StepSubject::parse(step)?,
    ))
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
                AuditAction::AdminSignIn,
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
        if self.store.role_of(user.id).await?.is_none() {
            self.store
                .append_audit(&refuse("not_an_administrator"))
                .await?;
            return Ok(SignIn::Refused);
        }
        let has_otp = self.store.methods_of(user.id).await?.iter().any(|m| {
            m.kind == crate::methods::MethodKind::OtpToken
                && m.state == crate::methods::MethodState::Active
        });
        if !has_otp {
            return self.enrollment_step(&user, source).await;
        }
        let pending = self.fresh_token()?;
        let audit = step_event(&user, now, source, "password_ok_code_required");
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
        Ok(SignIn::CodeRequired { pending })
    }

    /// The enrollment step of a sign-in: a pending OTP token for the administrator (the one
    /// left by an unfinished step, or a new one) and a one-time token for the step.
    async fn enrollment_step(
        &self,
        user: &crate::user::User,
        source: Option<&str>,
    ) -> Result<SignIn, ServiceError> {
        use crate::methods::{MethodKind, MethodState};
        let now = self.clock.now();
        let existing = self
            .store
            .methods_of(user.id)
            .await?
            .into_iter()
            .filter(|m| m.kind == MethodKind::OtpToken && m.state == MethodState::Pending)
            .filter_map(|m| self.open_seed(&m).map(|seed| (m, seed)))
            .max_by_key(|(m, _)| m.created_at);
        let (method, seed) = match existing {
            Some(found) => found,
            None => {
                let audit = self
                    .event(
                        &Self::signing_in(user, source),
                        AuditAction::MethodEnrollStart,
                        Outcome::Success,
                    )
                    .detail("reason", "console_sign_in_requires_a_second_factor");
                self.add_pending_otp(user, "Console sign-in".to_owned(), audit)
                    .await?
            }
        };
        let pending = self.fresh_token()?;
        let step = super::attempts::StepSubject::new(user, &self.lockout_of(user).await?);
        let audit = step_event(user, now, source, "password_ok_enrollment_required");
        self.store
            .create_token(
                &self.secrets.keyed_hash(ENROLL_PURPOSE, &pending),
                ENROLL_PURPOSE,
                &enroll_subject(method.id.as_str(), &step),
                now.plus(ENROLL_LIFETIME),
                &audit,
            )
            .await?;
        Ok(self.enrollment_shown(pending, user, &seed))
    }

    fn enrollment_shown(&self, pending: String, user: &crate::user::User, seed: &[u8]) -> SignIn {
        let e = self.otp_enrollment(user, crate::ids::MethodId::new(""), seed);
        SignIn::EnrollmentRequired {
            otpauth_uri: e.otpauth_uri,
            seed_base32: e.seed_base32,
            pending,
        }
    }

    /// The administrator in the middle of signing in, as the actor of what their sign-in does.
    fn signing_in(user: &crate::user::User, source: Option<&str>) -> Caller {
        Caller {
            actor: Actor::Admin(user.username.to_string()),
            source: source.map(str::to_owned),
            authority: Authority::Operator,
        }
    }

    /// The enrollment step: the first code of the new token activates it and opens the session.
    /// Counted before it is compared, as every code; a wrong one leaves the step open.
    pub async fn sign_in_enroll(
        &self,
        pending: &str,
        code: &str,
        source: Option<&str>,
    ) -> Result<SignIn, ServiceError> {
        use crate::methods::{MethodKind, MethodParams, MethodState};
        use crate::otp::OtpCheck;
        let now = self.clock.now();
        let hash = self.secrets.keyed_hash(ENROLL_PURPOSE, pending);
        let Some((method_id, step)) = self
            .store
            .peek_token(&hash, ENROLL_PURPOSE, now)
            .await?
            .as_deref()
            .and_then(parse_enroll_subject)
        else {
            return Ok(SignIn::Refused);
        };
        let user = self.find_user(&step.username).await?;
        let Some(m) = self
            .store
            .method(&crate::ids::MethodId::new(method_id.as_str()))
            .await?
            .filter(|m| {
                m.user_id == user.id
                    && m.kind == MethodKind::OtpToken
                    && m.state == MethodState::Pending
            })
        else {
            return Ok(SignIn::Refused);
        };
        let (MethodParams::Otp(params), Some(seed)) = (m.params.clone(), self.open_seed(&m)) else {
            return Ok(SignIn::Refused);
        };
        let taken = self.take_attempt(&user, Some(step.epoch)).await?;
        if taken.refused.is_some() {
            self.store.consume_token(&hash, ENROLL_PURPOSE, now).await?;
            return Ok(SignIn::Refused);
        }
        let OtpCheck::Matches { counter } = self.check_otp_code(&params, &seed, code, None) else {
            if taken.after.is_locked(now) {
                self.store.consume_token(&hash, ENROLL_PURPOSE, now).await?;
                return Ok(SignIn::Refused);
            }
            return Ok(self.enrollment_shown(pending.to_owned(), &user, &seed));
        };
        if self
            .store
            .consume_token(&hash, ENROLL_PURPOSE, now)
            .await?
            .is_none()
        {
            return Ok(SignIn::Refused);
        }
        self.attempt_succeeded(user.id).await?;
        self.activate_enrollment(&Self::signing_in(&user, source), &user, &m, Some(counter))
            .await?;
        let Some(role) = self.store.role_of(user.id).await? else {
            return Ok(SignIn::Refused);
        };
        self.open_session(user.username.as_str(), &role.name, source)
            .await
    }

    /// Re-authentication for sensitive actions: a code from the administrator's OTP token,
    /// counted before it is compared; `true` when it was right (the session's second factor is
    /// then fresh for [`crate::session::REAUTH_WINDOW`]).
    pub async fn reauthenticate(
        &self,
        token: &str,
        caller: &Caller,
        code: &str,
    ) -> Result<bool, ServiceError> {
        let Authority::Admin { username, .. } = &caller.authority else {
            return Ok(true);
        };
        let user = self.find_user(username).await?;
        let now = self.clock.now();
        let outcome = if self.take_attempt(&user, None).await?.refused.is_some() {
            None
        } else {
            Some(
                self.verify_code(
                    &user,
                    code,
                    caller.source.as_deref(),
                    crate::methods::MethodKind::OtpToken,
                )
                .await?,
            )
        };
        let ok = matches!(outcome, Some(super::OtpOutcome::Accepted { .. }));
        if ok {
            self.attempt_succeeded(user.id).await?;
            self.store
                .confirm_session_mfa(&self.secrets.keyed_hash(SESSION_PURPOSE, token), now)
                .await?;
        }
        let audit = self
            .event(
                caller,
                AuditAction::AdminReauthenticate,
                if ok {
                    Outcome::Success
                } else {
                    Outcome::Failure
                },
            )
            .target(username)
            .detail(
                "reason",
                match outcome {
                    None => crate::second_factor::FactorReason::LockedOut.code(),
                    Some(super::OtpOutcome::Accepted { .. }) => "accepted",
                    Some(super::OtpOutcome::Rejected { reason }) => reason.code(),
                },
            );
        self.store.append_audit(&audit).await?;
        Ok(ok)
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
            .verify_code(&user, code, source, crate::methods::MethodKind::OtpToken)
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
            AuditAction::AdminSignIn,
            Outcome::Success,
        )
        .target(username)
        .source(source)
        .detail("role", role);
        // Only ever reached after a second factor: the session starts with it fresh.
        Ok(SignIn::Done(
            self.start_session(SESSION_PURPOSE, username, source, true, &audit)
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
        second_factor: bool,
        audit: &AuditEvent,
    ) -> Result<NewSession, ServiceError> {
        let token = self.fresh_token()?;
        let csrf_token = self.fresh_token()?;
        let mut session = AdminSession::new(
            self.secrets.keyed_hash(purpose, &token),
            username.to_owned(),
            csrf_token.clone(),
            source.map(str::to_owned),
            self.clock.now(),
        );
        session.mfa_at = second_factor.then(|| self.clock.now());
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
                second_factor: super::SecondFactor::ConfirmedAt(session.mfa_at),
            },
        };
        Ok(Some((caller, session)))
    }

    pub async fn sign_out(&self, token: &str, caller: &Caller) -> Result<(), ServiceError> {
        let hash = self.secrets.keyed_hash(SESSION_PURPOSE, token);
        let audit = self.event(caller, AuditAction::AdminSignOut, Outcome::Success);
        self.store.delete_session(&hash, &audit).await?;
        Ok(())
    }
}
