//! Users signing in to their own self-service pages to enrol methods. Someone who already has
//! a method proves it (a code from their OTP token or push app, or an SMS code) after the
//! password, so a stolen password alone cannot add an attacker's device. Someone with nothing
//! enrolled signs in as their policy's remote-enrollment rule says: not at all, with the
//! password, or with the password and a temporary code from the helpdesk.

use super::{Authority, Caller, NewSession, ServiceError, Services};
use crate::audit::AuditAction;
use crate::audit::{Actor, AuditEvent, Outcome};
use crate::directory::AuthOutcome;
use crate::events::DomainEvent;
use crate::methods::{MethodKind, MethodState};
use crate::policy::{Factor, RemoteEnrollment};
use crate::session::AdminSession;
use crate::user::{User, UserState, Username};
use secrecy::SecretString;

pub const SELF_SESSION_PURPOSE: &str = "self_session";
const SELF_STEP_PURPOSE: &str = "self_sign_in_code";
const SELF_STEP_LIFETIME: std::time::Duration = std::time::Duration::from_secs(5 * 60);

/// The actions a user may perform on their own account through the self-service pages (deny
/// by default: anything else needs an administrator's permission).
pub const SELF_SERVICE_ACTIONS: [AuditAction; 9] = [
    AuditAction::AppPasswordAdd,
    AuditAction::AppPasswordDelete,
    AuditAction::AppPasswordList,
    AuditAction::AppPasswordUpdate,
    AuditAction::MethodList,
    AuditAction::MethodEnroll,
    AuditAction::MethodEnrollConfirm,
    AuditAction::SsprAnswersEnroll,
    AuditAction::SsprEnrollmentDeclined,
];

pub enum SelfSignIn {
    Done(NewSession),
    /// The password was right; a code from an enrolled method comes next.
    CodeRequired {
        pending: String,
        /// Set when an SMS code was sent (the masked number).
        sms_sent_to: Option<String>,
    },
    /// The password was right but the user has nothing enrolled and their policy does not let
    /// them enrol remotely: they must see the helpdesk.
    RemoteEnrollmentNotAllowed,
    /// The password was right, nothing is enrolled, and the policy asks for a temporary code
    /// from the helpdesk as well.
    TemporaryCodeRequired,
    /// Wrong password, unknown user, disabled, locked: one answer; the audit log has the reason.
    Refused,
}

impl Services {
    fn self_event(&self, username: &str, outcome: Outcome, source: Option<&str>) -> AuditEvent {
        AuditEvent::new(
            self.clock.now(),
            &Actor::User(username.to_owned()),
            AuditAction::SelfSignIn,
            outcome,
        )
        .target(username)
        .source(source)
    }

    pub async fn self_sign_in(
        &self,
        username: &str,
        password: &SecretString,
        source: Option<&str>,
    ) -> Result<SelfSignIn, ServiceError> {
        let refuse = async |reason: &str| -> Result<SelfSignIn, ServiceError> {
            self.store
                .append_audit(
                    &self
                        .self_event(username, Outcome::Failure, source)
                        .detail("reason", reason),
                )
                .await?;
            Ok(SelfSignIn::Refused)
        };
        let Ok(name) = Username::parse(username) else {
            return refuse("invalid_username").await;
        };
        if let AuthOutcome::Failed(f) = self.directory.authenticate(name.as_str(), password).await?
        {
            return refuse(f.code()).await;
        }
        let Some(user) = self.store.user_by_name(&name).await? else {
            return refuse("no_regain_user").await;
        };
        if user.state == UserState::Disabled {
            return refuse("user_disabled").await;
        }
        self.remember_directory_password(&user, password).await?;
        if self.lockout_of(&user).await?.is_locked(self.clock.now()) {
            return refuse("locked_out").await;
        }
        let methods: Vec<_> = self
            .store
            .methods_of(user.id)
            .await?
            .into_iter()
            .filter(|m| m.state == MethodState::Active)
            .collect();
        if methods.is_empty() {
            let policy = self.policy_of(&user).await?;
            return match policy.enrollment.remote {
                RemoteEnrollment::WithPassword => {
                    self.open_self_session(&user, "password", source).await
                }
                RemoteEnrollment::NotAllowed => {
                    self.store
                        .append_audit(
                            &self
                                .self_event(username, Outcome::Failure, source)
                                .detail("reason", "remote_enrollment_not_allowed"),
                        )
                        .await?;
                    Ok(SelfSignIn::RemoteEnrollmentNotAllowed)
                }
                RemoteEnrollment::WithPasswordAndTemporaryCode
                    if self.has_usable_temporary_code(&user).await? =>
                {
                    self.code_step(&user, username, false, source).await
                }
                RemoteEnrollment::WithPasswordAndTemporaryCode => {
                    self.store
                        .append_audit(
                            &self
                                .self_event(username, Outcome::Failure, source)
                                .detail("reason", "temporary_code_required"),
                        )
                        .await?;
                    Ok(SelfSignIn::TemporaryCodeRequired)
                }
            };
        }
        let has_code_method = methods
            .iter()
            .any(|m| matches!(m.kind, MethodKind::OtpToken | MethodKind::PushDevice));
        self.code_step(&user, username, !has_code_method, source)
            .await
    }

    /// Opens the code step of a sign-in (5 minutes); with `send_sms`, the code goes by SMS.
    async fn code_step(
        &self,
        user: &User,
        username: &str,
        send_sms: bool,
        source: Option<&str>,
    ) -> Result<SelfSignIn, ServiceError> {
        let pending = self.fresh_token()?;
        let audit = self
            .self_event(username, Outcome::Success, source)
            .detail("step", "password_ok_code_required");
        let subject = super::attempts::StepSubject::new(user, &self.lockout_of(user).await?);
        self.store
            .create_token(
                &self.secrets.keyed_hash(SELF_STEP_PURPOSE, &pending),
                SELF_STEP_PURPOSE,
                &subject.render(),
                self.clock.now().plus(SELF_STEP_LIFETIME),
                &audit,
            )
            .await?;
        let sms_sent_to = if send_sms {
            // Only a phone: the SMS code is bound to this sign-in step.
            match self
                .send_sms_code(
                    user,
                    &self.sms_scope(&pending),
                    "self-service sign-in",
                    source,
                )
                .await?
            {
                crate::sms::SmsSend::Sent { to } => Some(to),
                crate::sms::SmsSend::NotSent(_) => None,
            }
        } else {
            None
        };
        Ok(SelfSignIn::CodeRequired {
            pending,
            sms_sent_to,
        })
    }

    fn sms_scope(&self, pending: &str) -> String {
        format!(
            "self:{}",
            self.secrets.keyed_hash(SELF_STEP_PURPOSE, pending)
        )
    }

    /// The code step: a code from the user's OTP token or push app (offline code), or the SMS
    /// code sent for this step. Wrong codes count towards the user's lockout.
    pub async fn self_sign_in_code(
        &self,
        pending: &str,
        code: &str,
        source: Option<&str>,
    ) -> Result<SelfSignIn, ServiceError> {
        let now = self.clock.now();
        let hash = self.secrets.keyed_hash(SELF_STEP_PURPOSE, pending);
        let Some(subject) = self
            .store
            .peek_token(&hash, SELF_STEP_PURPOSE, now)
            .await?
            .as_deref()
            .and_then(super::attempts::StepSubject::parse)
        else {
            return Ok(SelfSignIn::Refused);
        };
        let username = subject.username;
        let user = self.find_user(&username).await?;
        // Count before compare: one attempt for this code, whichever method it belongs to; a
        // lock since the password step ended this step for good.
        let taken = self.take_attempt(&user, Some(subject.epoch)).await?;
        if taken.refused.is_some() {
            self.store
                .consume_token(&hash, SELF_STEP_PURPOSE, now)
                .await?;
            return Ok(SelfSignIn::Refused);
        }
        let kinds: Vec<MethodKind> = self
            .store
            .methods_of(user.id)
            .await?
            .iter()
            .filter(|m| m.state == MethodState::Active)
            .map(|m| m.kind)
            .collect();
        let mut accepted = None;
        for kind in [MethodKind::OtpToken, MethodKind::PushDevice] {
            if accepted.is_none()
                && kinds.contains(&kind)
                && let super::OtpOutcome::Accepted { method_id } =
                    self.verify_code(&user, code, source, kind).await?
            {
                let factor = if kind == MethodKind::OtpToken {
                    Factor::Otp
                } else {
                    Factor::Push
                };
                accepted = Some((factor, method_id.to_string()));
            }
        }
        if accepted.is_none()
            && kinds.contains(&MethodKind::PhoneNumber)
            && self.check_sms_code(&self.sms_scope(pending), code).await?
        {
            accepted = Some((Factor::Sms, "sms".to_owned()));
        }
        // Nothing enrolled and a policy that asks for a temporary code before remote enrollment
        // (reference: "How do I enroll a remote person securely?").
        if accepted.is_none()
            && kinds.is_empty()
            && self.policy_of(&user).await?.enrollment.remote
                == RemoteEnrollment::WithPasswordAndTemporaryCode
        {
            match self
                .check_temporary_code(&user, code, source, "self_service_enrollment")
                .await?
            {
                super::factor_step::FactorCheck::Accepted { method_id } => {
                    accepted = Some((Factor::TemporaryCode, method_id));
                }
                super::factor_step::FactorCheck::Reject(_) => return Ok(SelfSignIn::Refused),
                // A temporary code is never an OTP match; anything else is not accepted.
                super::factor_step::FactorCheck::Retry(_)
                | super::factor_step::FactorCheck::Matched { .. } => {}
            }
        }
        let Some((factor, method_id)) = accepted else {
            // Counted already, before the comparison.
            if taken.after.is_locked(now) {
                self.store
                    .consume_token(&hash, SELF_STEP_PURPOSE, now)
                    .await?;
                return Ok(SelfSignIn::Refused);
            }
            return Ok(SelfSignIn::CodeRequired {
                pending: pending.to_owned(),
                sms_sent_to: None,
            });
        };
        if self
            .store
            .consume_token(&hash, SELF_STEP_PURPOSE, now)
            .await?
            .is_none()
        {
            return Ok(SelfSignIn::Refused);
        }
        self.attempt_succeeded(user.id).await?;
        let signed_in = self.open_self_session(&user, factor.key(), source).await?;
        if factor != Factor::TemporaryCode {
            self.emit(DomainEvent::AuthenticatedWithNormalFactor {
                user: user.id,
                username: user.username.as_str().to_owned(),
                factor,
                method_id,
            })
            .await?;
        }
        Ok(signed_in)
    }

    async fn open_self_session(
        &self,
        user: &User,
        proof: &str,
        source: Option<&str>,
    ) -> Result<SelfSignIn, ServiceError> {
        let username = user.username.as_str();
        let audit = self
            .self_event(username, Outcome::Success, source)
            .detail("proof", proof);
        Ok(SelfSignIn::Done(
            self.start_session(
                SELF_SESSION_PURPOSE,
                username,
                source,
                proof != "password",
                &audit,
            )
            .await?,
        ))
    }

    /// The user behind a self-service session cookie; `None` if unknown, expired or disabled.
    pub async fn self_session_caller(
        &self,
        token: &str,
        source: Option<&str>,
    ) -> Result<Option<(Caller, AdminSession)>, ServiceError> {
        let hash = self.secrets.keyed_hash(SELF_SESSION_PURPOSE, token);
        let Some(session) = self.store.touch_session(&hash, self.clock.now()).await? else {
            return Ok(None);
        };
        let Ok(name) = Username::parse(&session.username) else {
            return Ok(None);
        };
        match self.store.user_by_name(&name).await? {
            Some(u) if u.state == UserState::Active => {}
            _ => return Ok(None),
        }
        let caller = Caller {
            actor: Actor::User(session.username.clone()),
            source: source.map(str::to_owned),
            authority: Authority::SelfService {
                username: session.username.clone(),
                second_factor: super::SecondFactor::ConfirmedAt(session.mfa_at),
                signed_in_at: Some(session.created_at),
            },
        };
        Ok(Some((caller, session)))
    }

    pub async fn self_sign_out(&self, token: &str, caller: &Caller) -> Result<(), ServiceError> {
        let hash = self.secrets.keyed_hash(SELF_SESSION_PURPOSE, token);
        let audit = self.event(caller, AuditAction::SelfSignOut, Outcome::Success);
        self.store.delete_session(&hash, &audit).await?;
        Ok(())
    }

    /// Whether the user's policy lets them enrol methods (the pages hide the forms otherwise;
    /// the services refuse anyway).
    pub async fn may_enroll(&self, caller: &Caller, username: &str) -> Result<bool, ServiceError> {
        self.authorize(
            caller,
            crate::admin::Permission::ViewUsers,
            AuditAction::MethodList,
            username,
        )
        .await?;
        let user = self.find_user(username).await?;
        Ok(self.policy_of(&user).await?.enrollment.may_enroll)
    }
}
