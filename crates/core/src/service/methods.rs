//! Second-factor methods: OTP token enrollment (software by QR code, hardware by seed import),
//! OTP verification with replay refusal, and deleting enrollments.

use super::{Caller, ServiceError, Services};
use crate::admin::Permission;
use crate::audit::AuditAction;
use crate::audit::{Actor, AuditEvent, Outcome};
use crate::methods::{AuthMethod, MethodKind, MethodParams, MethodState};
use crate::otp::{OtpCheck, OtpKind, OtpParams, otpauth_uri, verify_hotp, verify_totp};
use crate::policy::{SecondFactor, Workflow};
use crate::second_factor::FactorReason;
use crate::user::{User, UserState};

/// What a person needs to add a software token to their app, shown once.
pub struct OtpEnrollment {
    pub method_id: crate::ids::MethodId,
    pub seed_base32: String,
    pub otpauth_uri: String,
}

pub enum OtpOutcome {
    Accepted {
        method_id: crate::ids::MethodId,
    },
    /// Wrong code, replayed code, or no usable token: one answer for the caller, the precise
    /// reason (`reason`) only in the audit log.
    Rejected {
        reason: FactorReason,
    },
}

/// What a code matched, before it is used up.
pub(crate) enum CodeMatch {
    Matched {
        method_id: crate::ids::MethodId,
        counter: u64,
    },
    /// Already audited with the reason.
    Rejected { reason: FactorReason },
}

/// The audit record of a code check (`auth.otp`, or `auth.offline_code` for a push device's
/// offline code).
pub(crate) fn code_event(
    username: &str,
    source: Option<&str>,
    kind: MethodKind,
    at: crate::time::Timestamp,
    outcome: Outcome,
    reason: &str,
) -> AuditEvent {
    let action = match kind {
        MethodKind::PushDevice => AuditAction::AuthOfflineCode,
        _ => AuditAction::AuthOtp,
    };
    AuditEvent::new(at, &Actor::User(username.to_owned()), action, outcome)
        .target(username)
        .source(source)
        .detail("reason", reason)
}

/// The result of deleting an enrollment.
pub struct Deletion {
    pub kind: MethodKind,
    /// The user has no second factor left while a workflow still asks for one and their policy
    /// lets them delay enrolling: they are back to password-only.
    pub now_password_only: bool,
}

/// RFC 4648 base32, for seeds in `otpauth://` URIs (kept here so the core needs no crypto crate).
pub(crate) fn base32(bytes: &[u8]) -> String {
    const A: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let (mut out, mut buf, mut bits) = (String::new(), 0u32, 0u32);
    for b in bytes {
        buf = (buf << 8) | u32::from(*b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(A[((buf >> bits) & 31) as usize] as char);
        }
    }
    if bits > 0 {
        out.push(A[((buf << (5 - bits)) & 31) as usize] as char);
    }
    out
}

impl Services {
    pub async fn list_methods(
        &self,
        caller: &Caller,
        username: &str,
    ) -> Result<Vec<AuthMethod>, ServiceError> {
        self.authorize(
            caller,
            Permission::ViewUsers,
            AuditAction::MethodList,
            username,
        )
        .await?;
        let user = self.find_user(username).await?;
        Ok(self.store.methods_of(user.id).await?)
    }

    pub(crate) fn new_method_id(&self) -> Result<crate::ids::MethodId, ServiceError> {
        Ok(crate::ids::MethodId::new(self.new_id("m")?))
    }

    pub(crate) fn seal_seed(&self, m: &AuthMethod, seed: &[u8]) -> Result<Vec<u8>, ServiceError> {
        Ok(self.sealer.seal(seed, &m.secret_aad())?)
    }

    pub(crate) fn open_seed(&self, m: &AuthMethod) -> Option<Vec<u8>> {
        m.sealed_secret
            .as_ref()
            .and_then(|s| self.sealer.open(s, &m.secret_aad()).ok())
    }

    pub(crate) async fn enrollable_user(&self, username: &str) -> Result<User, ServiceError> {
        let user = self.find_user(username).await?;
        let policy = self.policy_of(&user).await?;
        if !policy.enrollment.may_enroll {
            return Err(ServiceError::invalid(
                "enrollment",
                format!(
                    "the policy {:?} does not let {} enrol authentication methods",
                    policy.name, user.username
                ),
            ));
        }
        Ok(user)
    }

    /// Starts a software TOTP token: a fresh 160-bit seed, stored encrypted and pending until a
    /// first code proves the app has it.
    pub async fn begin_otp_enrollment(
        &self,
        caller: &Caller,
        username: &str,
        label: &str,
    ) -> Result<OtpEnrollment, ServiceError> {
        self.authorize(
            caller,
            Permission::ManageUsers,
            AuditAction::MethodEnroll,
            username,
        )
        .await?;
        let user = self.enrollable_user(username).await?;
        let label = if label.trim().is_empty() {
            "Authenticator app".to_owned()
        } else {
            label.trim().chars().take(60).collect()
        };
        let audit = self.event(caller, AuditAction::MethodEnrollStart, Outcome::Success);
        let (m, seed) = self.add_pending_otp(&user, label, audit).await?;
        Ok(self.otp_enrollment(&user, m.id, &seed))
    }

    /// A new pending software TOTP token for `user` with a fresh 160-bit seed, stored encrypted
    /// and recorded with `audit` (the method and its kind are added to it); returns it and its
    /// seed. Whoever asks has been authorised.
    pub(crate) async fn add_pending_otp(
        &self,
        user: &User,
        label: String,
        audit: AuditEvent,
    ) -> Result<(AuthMethod, Vec<u8>), ServiceError> {
        let seed = self.secrets.random_bytes(20);
        let params = OtpParams::totp();
        params
            .validate(seed.len())
            .map_err(|e| ServiceError::invalid("seed", e.to_string()))?;
        let mut m = AuthMethod {
            id: self.new_method_id()?,
            user_id: user.id,
            kind: MethodKind::OtpToken,
            label,
            state: MethodState::Pending,
            params: MethodParams::Otp(params),
            sealed_secret: None,
            serial: None,
            last_counter: None,
            created_at: self.clock.now(),
            confirmed_at: None,
            last_used_at: None,
        };
        m.sealed_secret = Some(self.seal_seed(&m, &seed)?);
        let audit = audit
            .target(user.username.as_str())
            .detail("kind", m.kind.key())
            .detail("method", &m.id);
        self.store.add_method(&m, &audit).await?;
        Ok((m, seed))
    }

    /// What a person needs to add the pending token `method_id` (with `seed`) to their app.
    pub(crate) fn otp_enrollment(
        &self,
        user: &User,
        method_id: crate::ids::MethodId,
        seed: &[u8],
    ) -> OtpEnrollment {
        let seed_base32 = base32(seed);
        OtpEnrollment {
            otpauth_uri: otpauth_uri(
                "Regain",
                user.username.as_str(),
                &seed_base32,
                &OtpParams::totp(),
            ),
            seed_base32,
            method_id,
        }
    }

    /// Which counter (time step) of the token `p` with `seed` the submitted `code` matches,
    /// above `last_used`: the one dispatch over TOTP and HOTP for every code check.
    pub(crate) fn check_otp_code(
        &self,
        p: &OtpParams,
        seed: &[u8],
        code: &str,
        last_used: Option<u64>,
    ) -> OtpCheck {
        match p.kind {
            OtpKind::Totp { .. } => verify_totp(
                self.otp.as_ref(),
                seed,
                p,
                self.clock.now(),
                code,
                last_used,
            ),
            OtpKind::Hotp => verify_hotp(self.otp.as_ref(), seed, p, code, last_used),
        }
    }

    /// The caller may confirm enrollments, and `method_id` is a pending enrollment of this kind
    /// belonging to `username`.
    pub(crate) async fn pending_enrollment(
        &self,
        caller: &Caller,
        username: &str,
        method_id: &str,
        kind: MethodKind,
    ) -> Result<(User, AuthMethod), ServiceError> {
        self.authorize(
            caller,
            Permission::ManageUsers,
            AuditAction::MethodEnrollConfirm,
            username,
        )
        .await?;
        let user = self.find_user(username).await?;
        let m = self
            .store
            .method(&crate::ids::MethodId::new(method_id))
            .await?
            .filter(|m| m.user_id == user.id && m.state == MethodState::Pending && m.kind == kind)
            .ok_or_else(|| ServiceError::NotFound {
                what: "pending enrollment",
                name: method_id.to_owned(),
            })?;
        Ok((user, m))
    }

    /// Takes an attempt at an enrollment code before it is compared (the user's lockout, as
    /// every second factor); the error to give the caller when none may be taken.
    pub(crate) async fn take_enrollment_attempt(
        &self,
        user: &User,
        message: &str,
    ) -> Result<(), ServiceError> {
        if self.take_attempt(user, None).await?.refused.is_some() {
            return Err(ServiceError::invalid("code", message));
        }
        Ok(())
    }

    /// A wrong enrollment code (counted already, before it was compared): audited; returns the
    /// error to give the caller.
    pub(crate) async fn enrollment_code_refused(
        &self,
        caller: &Caller,
        user: &User,
        message: &str,
    ) -> Result<ServiceError, ServiceError> {
        let audit = self
            .event(caller, AuditAction::MethodEnrollConfirm, Outcome::Failure)
            .target(user.username.as_str())
            .detail("reason", "wrong_code");
        self.store.append_audit(&audit).await?;
        Ok(ServiceError::invalid("code", message))
    }

    /// Pending → active, audited; the counter is the confirming OTP code's, if any.
    pub(crate) async fn activate_enrollment(
        &self,
        caller: &Caller,
        user: &User,
        m: &AuthMethod,
        counter: Option<u64>,
    ) -> Result<(), ServiceError> {
        let audit = self
            .event(caller, AuditAction::MethodEnrollConfirm, Outcome::Success)
            .target(user.username.as_str())
            .detail("kind", m.kind.key())
            .detail("method", &m.id);
        if !self
            .store
            .activate_method(&m.id, counter, self.clock.now(), &audit)
            .await?
        {
            return Err(ServiceError::NotFound {
                what: "pending enrollment",
                name: m.id.to_string(),
            });
        }
        self.emit(crate::events::DomainEvent::MethodEnrolled {
            user: user.id,
            username: user.username.as_str().to_owned(),
            kind: m.kind,
            method_id: m.id.clone(),
        })
        .await?;
        Ok(())
    }

    /// Activates a pending token when `code` is right; the code is then used up.
    pub async fn confirm_otp_enrollment(
        &self,
        caller: &Caller,
        username: &str,
        method_id: &str,
        code: &str,
    ) -> Result<(), ServiceError> {
        let (user, m) = self
            .pending_enrollment(caller, username, method_id, MethodKind::OtpToken)
            .await?;
        let MethodParams::Otp(p) = m.params else {
            return Err(ServiceError::invalid(
                "method",
                "this enrollment is not an OTP token",
            ));
        };
        self.take_enrollment_attempt(
            &user,
            "too many wrong codes: wait until the lockout ends, then try again",
        )
        .await?;
        let seed = self
            .open_seed(&m)
            .ok_or_else(|| ServiceError::invalid("seed", "the stored seed cannot be decrypted"))?;
        let OtpCheck::Matches { counter } = self.check_otp_code(&p, &seed, code, None) else {
            return Err(self
                .enrollment_code_refused(
                    caller,
                    &user,
                    "the code is not right: check the app's clock and enter the current code",
                )
                .await?);
        };
        self.attempt_succeeded(user.id).await?;
        self.activate_enrollment(caller, &user, &m, Some(counter))
            .await
    }

    /// Checks a code against the user's active OTP tokens; a match is consumed atomically, so
    /// the same code never works twice, on any node. The attempt is counted towards the user's
    /// lockout before the code is compared, and cleared when it is right.
    pub async fn verify_otp(
        &self,
        username: &str,
        code: &str,
        source: Option<&str>,
    ) -> Result<OtpOutcome, ServiceError> {
        let user = match self.find_user(username).await {
            Ok(u) if u.state == UserState::Active => u,
            // Unknown or disabled: refused and audited, nothing to count.
            Ok(_) | Err(ServiceError::NotFound { .. } | ServiceError::Invalid { .. }) => {
                self.store
                    .append_audit(&code_event(
                        username,
                        source,
                        MethodKind::OtpToken,
                        self.clock.now(),
                        Outcome::Failure,
                        FactorReason::UnknownOrDisabledUser.code(),
                    ))
                    .await?;
                return Ok(OtpOutcome::Rejected {
                    reason: FactorReason::UnknownOrDisabledUser,
                });
            }
            Err(e) => return Err(e),
        };
        if self.take_attempt(&user, None).await?.refused.is_some() {
            self.store
                .append_audit(&code_event(
                    user.username.as_str(),
                    source,
                    MethodKind::OtpToken,
                    self.clock.now(),
                    Outcome::Failure,
                    FactorReason::LockedOut.code(),
                ))
                .await?;
            return Ok(OtpOutcome::Rejected {
                reason: FactorReason::LockedOut,
            });
        }
        let outcome = self
            .verify_code(&user, code, source, MethodKind::OtpToken)
            .await?;
        if matches!(outcome, OtpOutcome::Accepted { .. }) {
            self.attempt_succeeded(user.id).await?;
        }
        Ok(outcome)
    }

    /// Checks a code against the user's active methods of `kind` that produce OTP codes (OTP
    /// tokens; push devices' offline codes); a match is used up. It does not count the attempt:
    /// its callers take one before (see `attempts.rs`).
    pub(crate) async fn verify_code(
        &self,
        user: &User,
        code: &str,
        source: Option<&str>,
        kind: MethodKind,
    ) -> Result<OtpOutcome, ServiceError> {
        // A code found is used up here; the API instead uses it up with its decision
        // (`match_code_of`, then `accept_consuming`).
        let (method_id, counter) = match self.match_code_of(user, None, code, source, kind).await? {
            CodeMatch::Matched { method_id, counter } => (method_id, counter),
            CodeMatch::Rejected { reason } => return Ok(OtpOutcome::Rejected { reason }),
        };
        let now = self.clock.now();
        // Recorded under the stored name, however the caller spelled it.
        let username = user.username.as_str();
        if !self.store.consume_counter(&method_id, counter, now).await? {
            // Another request used this code (or a later one) a moment ago.
            self.store
                .append_audit(&code_event(
                    username,
                    source,
                    kind,
                    now,
                    Outcome::Failure,
                    FactorReason::Replayed.code(),
                ))
                .await?;
            return Ok(OtpOutcome::Rejected {
                reason: FactorReason::Replayed,
            });
        }
        self.store
            .append_audit(
                &code_event(username, source, kind, now, Outcome::Success, "accepted")
                    .detail("method", &method_id),
            )
            .await?;
        Ok(OtpOutcome::Accepted { method_id })
    }

    /// Which of the user's active methods of `kind` produced `code`, and at which counter (time
    /// step), without using it up: the caller consumes the counter, atomically, with whatever
    /// it decides (see [`crate::ports::SignInRepo::accept_consuming`]). A code that matches nothing
    /// is audited here with the precise reason.
    pub(crate) async fn match_code_of(
        &self,
        user: &User,
        methods: Option<Vec<AuthMethod>>,
        code: &str,
        source: Option<&str>,
        kind: MethodKind,
    ) -> Result<CodeMatch, ServiceError> {
        let now = self.clock.now();
        let rejected = async |reason: FactorReason| -> Result<CodeMatch, ServiceError> {
            self.store
                .append_audit(&code_event(
                    user.username.as_str(),
                    source,
                    kind,
                    now,
                    Outcome::Failure,
                    reason.code(),
                ))
                .await?;
            Ok(CodeMatch::Rejected { reason })
        };
        if user.state != UserState::Active {
            return rejected(FactorReason::UnknownOrDisabledUser).await;
        }
        let mut reason = FactorReason::NoOtpToken;
        let methods = match methods {
            Some(m) => m,
            None => self.store.methods_of(user.id).await?,
        };
        for m in methods {
            if m.kind != kind || m.state != MethodState::Active {
                continue;
            }
            let p = match m.params {
                MethodParams::Otp(p) | MethodParams::Push { otp: p, .. } => p,
                MethodParams::Phone { .. } => continue,
            };
            let Some(seed) = self.open_seed(&m) else {
                reason = FactorReason::SeedUnreadable;
                continue;
            };
            match self.check_otp_code(&p, &seed, code, m.last_counter) {
                OtpCheck::Matches { counter } => {
                    return Ok(CodeMatch::Matched {
                        method_id: m.id,
                        counter,
                    });
                }
                OtpCheck::Replayed => reason = FactorReason::Replayed,
                OtpCheck::NoMatch if reason == FactorReason::NoOtpToken => {
                    reason = FactorReason::WrongCode
                }
                OtpCheck::NoMatch => {}
            }
        }
        rejected(reason).await
    }

    /// Whether order signing waits for identity proofing for this user.
    pub async fn identity_proofing_pending(
        &self,
        caller: &Caller,
        username: &str,
    ) -> Result<bool, ServiceError> {
        self.authorize(
            caller,
            Permission::ViewUsers,
            AuditAction::UserShow,
            username,
        )
        .await?;
        let user = self.find_user(username).await?;
        Ok(self.store.proofing_required(user.id).await?)
    }

    /// Records that an administrator proofed the user's identity (in person, by a documented
    /// procedure), which reopens order signing after a deleted enrollment.
    pub async fn record_identity_proofing(
        &self,
        caller: &Caller,
        username: &str,
        note: &str,
    ) -> Result<bool, ServiceError> {
        self.authorize(
            caller,
            Permission::DeleteEnrollments,
            AuditAction::UserIdentityProofed,
            username,
        )
        .await?;
        let user = self.find_user(username).await?;
        let note: String = note.trim().chars().take(200).collect();
        if note.is_empty() {
            return Err(ServiceError::invalid(
                "note",
                "say how the identity was checked (e.g. passport seen in person by J. Doe)",
            ));
        }
        let audit = self
            .event(caller, AuditAction::UserIdentityProofed, Outcome::Success)
            .target(user.username.as_str())
            .detail("note", note);
        Ok(self.store.record_proofing(user.id, &audit).await?)
    }

    /// Deletes an enrollment (stolen device): irreversible; the user must enrol again.
    pub async fn delete_enrollment(
        &self,
        caller: &Caller,
        username: &str,
        method_id: &str,
    ) -> Result<Deletion, ServiceError> {
        self.authorize(
            caller,
            Permission::DeleteEnrollments,
            AuditAction::MethodDelete,
            username,
        )
        .await?;
        self.require_recent_second_factor(caller)?;
        let user = self.find_user(username).await?;
        let m = self
            .store
            .method(&crate::ids::MethodId::new(method_id))
            .await?
            .filter(|m| m.user_id == user.id)
            .ok_or_else(|| ServiceError::NotFound {
                what: "enrollment",
                name: method_id.to_owned(),
            })?;
        let audit = self
            .event(caller, AuditAction::MethodDelete, Outcome::Success)
            .target(user.username.as_str())
            .detail("kind", m.kind.key())
            .detail("label", &m.label)
            .detail("method", &m.id);
        if !self.store.delete_method(&m.id, &audit).await? {
            return Err(ServiceError::NotFound {
                what: "enrollment",
                name: method_id.to_owned(),
            });
        }
        // Reference: after a stolen device is deleted, signing orders again needs identity
        // proofing by an administrator.
        if self
            .store
            .policy_by_id(user.policy_id)
            .await?
            .is_some_and(|p| p.rule(Workflow::OrderSigning).is_some())
        {
            self.store
                .require_proofing(user.id, self.clock.now())
                .await?;
        }
        let remaining = self
            .store
            .methods_of(user.id)
            .await?
            .into_iter()
            .filter(|x| x.state == MethodState::Active)
            .count();
        let policy = self.store.policy_by_id(user.policy_id).await?;
        let now_password_only = remaining == 0
            && policy.is_some_and(|p| {
                p.enrollment.may_delay
                    && p.rule(Workflow::RemoteAccess)
                        .is_some_and(|r| r.second_factor == SecondFactor::Required)
            });
        Ok(Deletion {
            kind: m.kind,
            now_password_only,
        })
    }
}
