//! Temporary codes: generate, replace, revoke and show (status only) for administrators; check a
//! code as a second factor; delete a user's code when they use their normal factor again or
//! enrol a new one.

use super::factor_step::FactorCheck;
use super::temp_code_notices::CodeNotice;
use super::{Authority, Caller, ServiceError, Services};
use crate::admin::Permission;
use crate::audit::AuditAction;
use crate::audit::{Actor, AuditEvent, Outcome};
use crate::events::DomainEvent;
use crate::ports::{CryptoFailure, StoreError};
use crate::second_factor::FactorReason;
use crate::temp_code::{
    CodeState, TempCode, Uses, check_lifetime, constant_time_eq, draw_code, format_for_reading,
    normalize_input,
};
use crate::time::Timestamp;
use crate::user::User;
use std::time::Duration;

const CODE_PURPOSE: &str = "temporary_code";

/// When a new code should expire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expiry {
    In(Duration),
    At(Timestamp),
}

/// A freshly issued code: shown once, never again.
#[derive(Debug, Clone)]
pub struct IssuedCode {
    pub username: String,
    pub code: String,
    /// The code in groups of four, for reading aloud.
    pub formatted: String,
    pub uses: Uses,
    pub expires_at: Timestamp,
}

/// What the console and CLI may know about a user's temporary code: never the code.
#[derive(Debug, Clone)]
pub struct TempCodeStatus {
    /// The user's policy allows a temporary code (remote access or workstation login with a
    /// second factor).
    pub eligible: bool,
    /// "Allow temporary codes" is on for the enterprise.
    pub enabled: bool,
    /// The current code, if one is active and unexpired.
    pub active: Option<TempCode>,
    /// The most recent code that ended, and why (the console says why a code went).
    pub last_ended: Option<TempCode>,
    /// The longest code this caller may issue.
    pub cap: Duration,
}

impl Services {
    /// The longest code `caller` may issue: the enterprise's maximum, capped by their role.
    fn temp_code_cap(caller: &Caller, settings: &crate::settings::EnterpriseSettings) -> Duration {
        let max = settings.temporary_code_max_lifetime;
        match &caller.authority {
            Authority::Admin { role, .. } => role.temp_code_cap(max),
            _ => max.min(crate::settings::TEMPORARY_CODE_HARD_CAP),
        }
    }

    pub async fn temporary_code_status(
        &self,
        caller: &Caller,
        username: &str,
    ) -> Result<TempCodeStatus, ServiceError> {
        self.authorize(
            caller,
            Permission::ViewUsers,
            AuditAction::TempcodeShow,
            username,
        )
        .await?;
        let user = self.find_user(username).await?;
        let policy = self.policy_of(&user).await?;
        let settings = self.store.settings().await?;
        let now = self.clock.now();
        let codes = self.store.temp_codes_of(user.id).await?;
        Ok(TempCodeStatus {
            eligible: policy.temporary_code_eligible(),
            enabled: settings.allow_temporary_codes,
            active: codes.iter().find(|c| c.is_valid(now)).cloned(),
            last_ended: codes.iter().find(|c| c.state != CodeState::Active).cloned(),
            cap: Self::temp_code_cap(caller, &settings),
        })
    }

    /// Issues a code for `username`; with `replace`, their current code stops working in the
    /// same transaction. The code is returned once and only its keyed hash is kept.
    pub async fn generate_temporary_code(
        &self,
        caller: &Caller,
        username: &str,
        uses: Uses,
        expiry: Expiry,
        replace: bool,
    ) -> Result<IssuedCode, ServiceError> {
        let action = if replace {
            AuditAction::TempcodeReplace
        } else {
            AuditAction::TempcodeGenerate
        };
        self.authorize(caller, Permission::ManageTemporaryCodes, action, username)
            .await?;
        self.require_recent_second_factor(caller)?;
        let settings = self.store.settings().await?;
        if !settings.allow_temporary_codes {
            return Err(ServiceError::invalid(
                "temporary_code",
                "temporary codes are disabled for this enterprise: an administrator with \"Enable/disable temporary codes\" must turn on \"Allow temporary codes\" in Settings",
            ));
        }
        let user = self.find_user(username).await?;
        if let Authority::Admin { username: me, .. } = &caller.authority
            && me.eq_ignore_ascii_case(user.username.as_str())
        {
            return Err(ServiceError::invalid(
                "user",
                "you cannot issue a temporary code for yourself: ask another administrator",
            ));
        }
        let policy = self.policy_of(&user).await?;
        if !policy.temporary_code_eligible() {
            return Err(ServiceError::invalid(
                "user",
                format!(
                    "{} is not eligible for a temporary code: the policy {:?} enables neither remote access nor workstation login with a second factor",
                    user.username, policy.name
                ),
            ));
        }
        let now = self.clock.now();
        let expires_at = match expiry {
            Expiry::In(d) => now.plus(d),
            Expiry::At(t) => t,
        };
        if expires_at <= now {
            return Err(ServiceError::invalid(
                "expires",
                "the expiry is in the past: choose a later date and time",
            ));
        }
        let cap = Self::temp_code_cap(caller, &settings);
        check_lifetime(expires_at.since(now), cap)
            .map_err(|m| ServiceError::invalid("expires", m))?;
        let digits = settings.temporary_code_digits;
        let code = (0..8)
            .find_map(|_| draw_code(&self.secrets.random_bytes(usize::from(digits) * 2), digits))
            .ok_or(CryptoFailure::NoRandomness)?;
        // Security requirement 2: argon2id with its own salt and the key file's pepper, so a
        // stolen database with its key costs a slow hash per guess, not a keyed hash.
        let record = TempCode {
            id: self.new_id("c")?,
            user_id: user.id,
            code_hash: self.code_hashes.hash_code(&code).await?,
            salt: String::new(),
            uses,
            state: CodeState::Active,
            created_by: caller.actor.render(),
            created_at: now,
            expires_at,
            ended_at: None,
            end_reason: None,
            last_used_at: None,
            use_count: 0,
        };
        let audit = self
            .event(caller, action, Outcome::Success)
            .target(user.username.as_str())
            .detail("uses", uses.key())
            .detail("expires_at", expires_at.to_rfc3339())
            .detail("code_id", &record.id);
        self.store
            .issue_temp_code(&record, replace, &audit)
            .await
            .map_err(|e| match e {
                StoreError::Conflict(_) => ServiceError::invalid(
                    "temporary_code",
                    format!(
                        "{} already has a temporary code: replace it or revoke it first",
                        user.username
                    ),
                ),
                StoreError::NotFound(_) => ServiceError::invalid(
                    "temporary_code",
                    format!(
                        "{} has no temporary code to replace: generate one",
                        user.username
                    ),
                ),
                other => other.into(),
            })?;
        let by = super::temp_code_notices::who(&caller.actor);
        self.tell_user_about_code(
            &user,
            if replace {
                CodeNotice::Replaced {
                    by: &by,
                    expires_at,
                }
            } else {
                CodeNotice::Issued {
                    by: &by,
                    expires_at,
                }
            },
        )
        .await?;
        Ok(IssuedCode {
            username: user.username.as_str().to_owned(),
            formatted: format_for_reading(&code),
            code,
            uses,
            expires_at,
        })
    }

    /// Whether `input` is the code `c` was issued with: an argon2id hash (the PHC string holds
    /// its salt), or, for codes issued before those, the keyed hash of their salt and code.
    async fn temp_code_matches(&self, c: &TempCode, input: &str) -> Result<bool, ServiceError> {
        if c.code_hash.starts_with("$argon2") {
            return Ok(self.code_hashes.verify_code(input, &c.code_hash).await?);
        }
        let legacy = self
            .secrets
            .keyed_hash(CODE_PURPOSE, &format!("{}:{input}", c.salt));
        Ok(!c.salt.is_empty() && constant_time_eq(&legacy, &c.code_hash))
    }

    /// Stops the user's code at once; `false` if they had none.
    pub async fn revoke_temporary_code(
        &self,
        caller: &Caller,
        username: &str,
    ) -> Result<bool, ServiceError> {
        self.authorize(
            caller,
            Permission::ManageTemporaryCodes,
            AuditAction::TempcodeRevoke,
            username,
        )
        .await?;
        let user = self.find_user(username).await?;
        let audit = self
            .event(caller, AuditAction::TempcodeRevoke, Outcome::Success)
            .target(user.username.as_str());
        let revoked = self
            .store
            .end_temp_code(
                user.id,
                CodeState::Revoked,
                "revoked",
                self.clock.now(),
                &audit,
            )
            .await?;
        if revoked {
            let by = super::temp_code_notices::who(&caller.actor);
            self.tell_user_about_code(&user, CodeNotice::Revoked { by: &by })
                .await?;
        }
        Ok(revoked)
    }

    /// Whether the user has a code the engine may offer now.
    pub(crate) async fn has_usable_temporary_code(
        &self,
        user: &User,
    ) -> Result<bool, ServiceError> {
        if !self.store.settings().await?.allow_temporary_codes {
            return Ok(false);
        }
        Ok(self
            .store
            .active_temp_code(user.id)
            .await?
            .is_some_and(|c| c.is_valid(self.clock.now())))
    }

    /// Checks a temporary code as the user's second factor and records its use (a single-use
    /// code is used up atomically). Every refusal is audited with its reason; wrong codes count
    /// towards the lockout (the caller's `Retry`).
    pub(crate) async fn check_temporary_code(
        &self,
        user: &User,
        code: &str,
        source: Option<&str>,
        channel: &str,
    ) -> Result<FactorCheck, ServiceError> {
        let now = self.clock.now();
        let username = user.username.as_str();
        let audit = |outcome, reason: &str| {
            AuditEvent::new(
                now,
                &Actor::User(username.to_owned()),
                AuditAction::TempcodeUse,
                outcome,
            )
            .target(username)
            .source(source)
            .detail("channel", channel)
            .detail("reason", reason)
        };
        if !self.store.settings().await?.allow_temporary_codes {
            self.store
                .append_audit(&audit(
                    Outcome::Failure,
                    FactorReason::TemporaryCodesDisabled.code(),
                ))
                .await?;
            return Ok(FactorCheck::Reject(FactorReason::TemporaryCodesDisabled));
        }
        let input = normalize_input(code);
        let found = self.store.active_temp_code(user.id).await?;
        let reason = match &found {
            None => FactorReason::NoTemporaryCode,
            Some(c) if now >= c.expires_at => FactorReason::TemporaryCodeExpired,
            Some(c) if !self.temp_code_matches(c, &input).await? => FactorReason::WrongCode,
            Some(c) => {
                if self
                    .store
                    .use_temp_code(&c.id, c.uses == Uses::Once, now)
                    .await?
                {
                    self.store
                        .append_audit(
                            &audit(Outcome::Success, "accepted")
                                .detail("code_id", &c.id)
                                .detail("uses", c.uses.key()),
                        )
                        .await?;
                    self.tell_user_about_code(user, CodeNotice::Used { at: now, source })
                        .await?;
                    return Ok(FactorCheck::Accepted {
                        method_id: format!("temporary_code:{}", c.id),
                    });
                }
                // Used (single use) or ended a moment ago by another request.
                FactorReason::AlreadyUsed
            }
        };
        self.store
            .append_audit(&audit(Outcome::Failure, reason.code()))
            .await?;
        Ok(FactorCheck::Retry(reason))
    }

    /// The services' own reaction to domain events: a user who signs in with their normal factor
    /// or enrols a method loses their temporary code (reference: "it is automatically deleted").
    pub(crate) async fn delete_temporary_code_on(
        &self,
        event: &DomainEvent,
    ) -> Result<(), ServiceError> {
        let (user, username, reason) = match event {
            DomainEvent::AuthenticatedWithNormalFactor {
                user,
                username,
                factor,
                ..
            } => (
                *user,
                username,
                format!("normal_factor_used:{}", factor.key()),
            ),
            DomainEvent::MethodEnrolled {
                user,
                username,
                kind,
                ..
            } => (*user, username, format!("method_enrolled:{}", kind.key())),
            // Neither is a normal factor: a temporary code outlives them.
            DomainEvent::SecurityQuestionsDeclined { .. } | DomainEvent::PasswordReset { .. } => {
                return Ok(());
            }
        };
        // Most sign-ins find no code: look before opening a write transaction.
        if self.store.active_temp_code(user).await?.is_none() {
            return Ok(());
        }
        let now = self.clock.now();
        let audit = AuditEvent::new(
            now,
            &Actor::System,
            AuditAction::TempcodeAutoDelete,
            Outcome::Success,
        )
        .target(username)
        .detail("reason", &reason);
        self.store
            .end_temp_code(user, CodeState::Deleted, &reason, now, &audit)
            .await?;
        Ok(())
    }
}
