//! SMS codes: phone-number enrollment confirmed by a code, and codes for authentication
//! transactions. Codes are 6 digits from the OS generator, stored as keyed hashes bound to their
//! scope, valid 5 minutes, single use; sends are limited per user and per number.

use super::{Caller, ServiceError, Services};
use crate::admin::Permission;
use crate::audit::AuditAction;
use crate::audit::{Actor, AuditEvent, Outcome};
use crate::methods::{AuthMethod, MethodKind, MethodParams, MethodState};
use crate::ports::SmsCodeRecord;
use crate::sms::{CODE_LIFETIME, PhoneNumber, SEND_WINDOW, SmsNotSent, SmsSend, may_send, message};
use crate::user::User;

const CODE_PURPOSE: &str = "sms_code";
const NUMBER_PURPOSE: &str = "phone_number";

impl Services {
    /// A uniform 6-digit code (rejection sampling: no modulo bias); `None` without randomness.
    fn sms_code(&self) -> Option<String> {
        for _ in 0..16 {
            let b = self.secrets.random_bytes(4);
            let v = u32::from_be_bytes(b.try_into().ok()?);
            if v < 4_294_000_000 {
                return Some(format!("{:06}", v % 1_000_000));
            }
        }
        None
    }

    /// The user's active phone number, decrypted.
    pub(crate) async fn phone_of(&self, user: &User) -> Result<Option<PhoneNumber>, ServiceError> {
        Ok(self
            .store
            .methods_of(user.id)
            .await?
            .iter()
            .filter(|m| m.kind == MethodKind::PhoneNumber && m.state == MethodState::Active)
            .find_map(|m| self.number_of(m)))
    }

    /// The phone number a method holds, decrypted; `None` if it cannot be read.
    fn number_of(&self, m: &AuthMethod) -> Option<PhoneNumber> {
        let plain = self
            .sealer
            .open(m.sealed_secret.as_ref()?, &m.secret_aad())
            .ok()?;
        PhoneNumber::parse(&String::from_utf8_lossy(&plain)).ok()
    }

    /// Sends a code for `scope` to the number, within the limits. `Err(reason)` when refused.
    pub(crate) async fn send_sms_to(
        &self,
        user: &User,
        number: &PhoneNumber,
        scope: &str,
        purpose: &str,
        source: Option<&str>,
    ) -> Result<SmsSend, ServiceError> {
        let now = self.clock.now();
        let number_hash = self.secrets.keyed_hash(NUMBER_PURPOSE, number.as_str());
        let (to_user, to_number, last) = self
            .store
            .sms_sends(user.id, &number_hash, now.minus(SEND_WINDOW))
            .await?;
        let audit = |outcome, reason: &str| {
            AuditEvent::new(
                now,
                &Actor::User(user.username.to_string()),
                AuditAction::SmsSend,
                outcome,
            )
            .target(user.username.as_str())
            .source(source)
            .detail("to", number.masked())
            .detail("reason", reason)
        };
        if let Err(r) = may_send(to_user, to_number, last, now) {
            self.store
                .append_audit(&audit(Outcome::Denied, r.code()))
                .await?;
            return Ok(SmsSend::NotSent(SmsNotSent::Limit(r)));
        }
        let Some(code) = self.sms_code() else {
            return Err(crate::ports::CryptoFailure::NoRandomness.into());
        };
        let id = self.fresh_token()?;
        let rec = SmsCodeRecord {
            id,
            scope: scope.to_owned(),
            user_id: user.id,
            number_hash,
            code_hash: self
                .secrets
                .keyed_hash(&format!("{CODE_PURPOSE}:{scope}"), &code),
            created_at: now,
            expires_at: now.plus(CODE_LIFETIME),
        };
        // Recorded before sending: a send that fails still counts against the limits.
        self.store.add_sms_code(&rec).await?;
        match self.sms.send(number, &message(&code, purpose)).await {
            Ok(()) => {
                self.store
                    .append_audit(&audit(Outcome::Success, "sent"))
                    .await?;
                Ok(SmsSend::Sent {
                    to: number.masked(),
                })
            }
            Err(e) => {
                self.store
                    .append_audit(
                        &audit(Outcome::Failure, "gateway_error").detail("error", e.to_string()),
                    )
                    .await?;
                Ok(SmsSend::NotSent(SmsNotSent::GatewayError))
            }
        }
    }

    pub(crate) async fn send_sms_code(
        &self,
        user: &User,
        scope: &str,
        purpose: &str,
        source: Option<&str>,
    ) -> Result<SmsSend, ServiceError> {
        match self.phone_of(user).await? {
            Some(n) => self.send_sms_to(user, &n, scope, purpose, source).await,
            None => Ok(SmsSend::NotSent(SmsNotSent::NoPhoneNumber)),
        }
    }

    /// Uses up the code sent for `scope`, if `code` is it.
    pub(crate) async fn check_sms_code(
        &self,
        scope: &str,
        code: &str,
    ) -> Result<bool, ServiceError> {
        let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
        if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Ok(false);
        }
        let hash = self
            .secrets
            .keyed_hash(&format!("{CODE_PURPOSE}:{scope}"), &code);
        Ok(self
            .store
            .consume_sms_code(scope, &hash, self.clock.now())
            .await?)
    }

    /// Starts enrolling a phone number: stored encrypted, pending until the code sent to it
    /// comes back. Returns the enrollment id and the masked number.
    pub async fn begin_phone_enrollment(
        &self,
        caller: &Caller,
        username: &str,
        number: &str,
    ) -> Result<(String, String), ServiceError> {
        self.authorize(
            caller,
            Permission::ManageUsers,
            AuditAction::MethodEnroll,
            username,
        )
        .await?;
        let number = PhoneNumber::parse(number).map_err(|m| ServiceError::invalid("number", m))?;
        let user = self.enrollable_user(username).await?;
        // Security requirement 24: a new number for someone who has one is a new binding of
        // the SMS factor: it needs the user's (or the administrator's) recent second factor.
        if self.phone_of(&user).await?.is_some() {
            self.require_recent_second_factor(caller)?;
        }
        let mut m = AuthMethod {
            id: self.new_method_id()?,
            user_id: user.id,
            kind: MethodKind::PhoneNumber,
            label: number.masked(),
            state: MethodState::Pending,
            params: MethodParams::Phone {
                masked: number.masked(),
            },
            sealed_secret: None,
            serial: None,
            last_counter: None,
            created_at: self.clock.now(),
            confirmed_at: None,
            last_used_at: None,
        };
        m.sealed_secret = Some(self.seal_seed(&m, number.as_str().as_bytes())?);
        let audit = self
            .event(caller, AuditAction::MethodEnrollStart, Outcome::Success)
            .target(user.username.as_str())
            .detail("kind", m.kind.key())
            .detail("method", &m.id);
        self.store.add_method(&m, &audit).await?;
        match self
            .send_sms_to(
                &user,
                &number,
                m.id.as_str(),
                "confirm this phone number",
                caller.source.as_deref(),
            )
            .await?
        {
            SmsSend::Sent { to } => Ok((m.id.to_string(), to)),
            SmsSend::NotSent(reason) => Err(ServiceError::invalid(
                "sms",
                format!(
                    "the confirmation code could not be sent ({}); try again later",
                    reason.code()
                ),
            )),
        }
    }

    pub async fn confirm_phone_enrollment(
        &self,
        caller: &Caller,
        username: &str,
        method_id: &str,
        code: &str,
    ) -> Result<(), ServiceError> {
        let (user, m) = self
            .pending_enrollment(caller, username, method_id, MethodKind::PhoneNumber)
            .await?;
        self.take_enrollment_attempt(
            &user,
            "too many wrong codes: wait until the lockout ends, then ask for a new code",
        )
        .await?;
        if !self.check_sms_code(m.id.as_str(), code).await? {
            return Err(self
                .enrollment_code_refused(
                    caller,
                    &user,
                    "the code is not right or has expired: ask for a new one",
                )
                .await?);
        }
        self.attempt_succeeded(user.id).await?;
        let old: Vec<AuthMethod> = self
            .store
            .methods_of(user.id)
            .await?
            .into_iter()
            .filter(|o| {
                o.kind == MethodKind::PhoneNumber && o.state == MethodState::Active && o.id != m.id
            })
            .collect();
        self.activate_enrollment(caller, &user, &m, None).await?;
        let new_masked = match &m.params {
            MethodParams::Phone { masked } => masked.clone(),
            _ => String::new(),
        };
        for o in old {
            self.replace_phone(caller, &user, &o, &new_masked).await?;
        }
        Ok(())
    }

    /// A confirmed new number replaces the old one: the old number hears of the change (never a
    /// code), so a hijacked account is noticed, and it no longer receives codes.
    async fn replace_phone(
        &self,
        caller: &Caller,
        user: &User,
        old: &AuthMethod,
        new_masked: &str,
    ) -> Result<(), ServiceError> {
        let now = self.clock.now();
        if let Some(n) = &self.number_of(old) {
            let text = format!(
                "Regain: the phone number for your sign-in codes was changed to {new_masked} on {}. If this was not you, call your helpdesk now.",
                now.to_rfc3339()
            );
            let sent = self.sms.send(n, &text).await;
            let audit = AuditEvent::new(
                now,
                &Actor::System,
                AuditAction::SmsNotice,
                if sent.is_ok() {
                    Outcome::Success
                } else {
                    Outcome::Failure
                },
            )
            .target(user.username.as_str())
            .detail("to", n.masked())
            .detail("reason", "phone_number_changed");
            self.store.append_audit(&audit).await?;
        }
        let audit = self
            .event(caller, AuditAction::MethodReplace, Outcome::Success)
            .target(user.username.as_str())
            .detail("kind", old.kind.key())
            .detail("method", &old.id)
            .detail("replaced_by", new_masked);
        self.store.delete_method(&old.id, &audit).await?;
        Ok(())
    }
}
