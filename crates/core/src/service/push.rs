//! Push authentication with number matching: enrolling a device from a one-time link, sending a
//! push for a transaction (within the per-user limit), the device fetching and answering it with
//! a signature, timeouts, and the device's offline code.

use super::methods::base32;
use super::{Caller, ServiceError, Services, TxView};
use crate::admin::Permission;
use crate::audit::AuditAction;
use crate::audit::{Actor, AuditEvent, Outcome};
use crate::events::DomainEvent;
use crate::methods::{AuthMethod, MethodKind, MethodParams, MethodState};
use crate::otp::OtpParams;
use crate::policy::Factor;
use crate::ports::{PushDecided, TxDecision};
use crate::push::{
    DEVICE_CLOCK_SKEW, Decision, PUSH_ENROLL_LINK_LIFETIME, PUSH_LIFETIME, PUSH_LIMIT,
    PUSH_LIMIT_WINDOW, PushChallenge, PushContext, PushNotSent, PushSend, PushState,
    answer_message, draw_number, enroll_message, request_message, typed_matches,
};
use crate::second_factor::{Check, FactorDecision, FactorInput, FactorReason, decide};
use crate::signin::{ApiClient, PushAnswerState, Transaction, TxState};
use crate::telemetry::PushSent;
use crate::time::Timestamp;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;

pub const PUSH_ENROLL_PURPOSE: &str = "push_enroll";

/// A one-time link a device enrols from (shown as a QR code and as text).
pub struct PushEnrollLink {
    pub username: String,
    pub token: String,
    pub expires_at: Timestamp,
}

/// What the device receives once at enrollment: its id and the seed of its offline code.
pub struct PushDeviceEnrollment {
    pub username: String,
    pub method_id: crate::ids::MethodId,
    pub offline_seed_base32: String,
    pub otp: OtpParams,
}

fn decode_b64(field: &str, raw: &str, len: usize) -> Result<Vec<u8>, ServiceError> {
    B64.decode(raw.trim())
        .ok()
        .filter(|b| b.len() == len)
        .ok_or_else(|| {
            ServiceError::invalid(
                field,
                format!("send {len} bytes in standard base64 (with padding)"),
            )
        })
}

impl Services {
    /// A one-time link for `username` to enrol a push device (valid 15 minutes).
    pub async fn begin_push_enrollment(
        &self,
        caller: &Caller,
        username: &str,
    ) -> Result<PushEnrollLink, ServiceError> {
        self.authorize(
            caller,
            Permission::ManageUsers,
            AuditAction::MethodEnroll,
            username,
        )
        .await?;
        let user = self.enrollable_user(username).await?;
        let token = self.fresh_token()?;
        let expires_at = self.clock.now().plus(PUSH_ENROLL_LINK_LIFETIME);
        let audit = self
            .event(caller, AuditAction::MethodEnrollStart, Outcome::Success)
            .target(user.username.as_str())
            .detail("kind", MethodKind::PushDevice.key())
            .detail("expires_at", expires_at.to_rfc3339());
        self.store
            .create_token(
                &self.secrets.keyed_hash(PUSH_ENROLL_PURPOSE, &token),
                PUSH_ENROLL_PURPOSE,
                user.username.as_str(),
                expires_at,
                &audit,
            )
            .await?;
        Ok(PushEnrollLink {
            username: user.username.as_str().to_owned(),
            token,
            expires_at,
        })
    }

    /// A device registers its public key with a link token, proving it holds the private key by
    /// signing the token. The link is used up; the device gets the seed of its offline code.
    pub async fn enroll_push_device(
        &self,
        link_token: &str,
        public_key_b64: &str,
        signature_b64: &str,
        label: &str,
        source: Option<&str>,
    ) -> Result<PushDeviceEnrollment, ServiceError> {
        let public_key = decode_b64("public_key", public_key_b64, 32)?;
        let signature = decode_b64("signature", signature_b64, 64)?;
        let public_key_b64 = B64.encode(&public_key);
        let now = self.clock.now();
        let token_hash = self.secrets.keyed_hash(PUSH_ENROLL_PURPOSE, link_token);
        let unknown_link = || ServiceError::NotFound {
            what: "enrollment link",
            name: "(given)".to_owned(),
        };
        // The link first (without using it up): a request without a live link is about
        // nothing, whatever it carries.
        if self
            .store
            .peek_token(&token_hash, PUSH_ENROLL_PURPOSE, now)
            .await?
            .is_none()
        {
            return Err(unknown_link());
        }
        if !self.signatures.verify_ed25519(
            &public_key,
            &enroll_message(link_token, &public_key_b64),
            &signature,
        ) {
            return Err(ServiceError::invalid(
                "signature",
                "the signature does not match the public key and link; sign the enrollment message with the device key",
            ));
        }
        // Used up only with a proof of possession; a concurrent enrollment that used it a
        // moment ago leaves this one without a link.
        let username = self
            .store
            .consume_token(&token_hash, PUSH_ENROLL_PURPOSE, now)
            .await?
            .ok_or_else(unknown_link)?;
        let user = self.enrollable_user(&username).await?;
        let seed = self.secrets.random_bytes(20);
        let otp = OtpParams::totp();
        otp.validate(seed.len())
            .map_err(|e| ServiceError::invalid("seed", e.to_string()))?;
        let label = match label.trim() {
            "" => "Push authenticator".to_owned(),
            l => l.chars().filter(|c| !c.is_control()).take(60).collect(),
        };
        let mut m = AuthMethod {
            id: self.new_method_id()?,
            user_id: user.id,
            kind: MethodKind::PushDevice,
            label,
            state: MethodState::Active,
            params: MethodParams::Push {
                public_key: public_key_b64,
                otp,
            },
            sealed_secret: None,
            serial: None,
            last_counter: None,
            created_at: now,
            confirmed_at: Some(now),
            last_used_at: None,
        };
        m.sealed_secret = Some(self.seal_seed(&m, &seed)?);
        let audit = AuditEvent::new(
            now,
            &Actor::User(username.clone()),
            AuditAction::MethodEnroll,
            Outcome::Success,
        )
        .target(&username)
        .source(source)
        .detail("kind", m.kind.key())
        .detail("method", &m.id)
        .detail("label", &m.label);
        self.store.add_method(&m, &audit).await?;
        self.emit(DomainEvent::MethodEnrolled {
            user: user.id,
            username: username.clone(),
            kind: MethodKind::PushDevice,
            method_id: m.id.clone(),
        })
        .await?;
        Ok(PushDeviceEnrollment {
            username,
            method_id: m.id,
            offline_seed_base32: base32(&seed),
            otp,
        })
    }

    /// The push device making a device-API request, if its signature over the request is right
    /// and its clock close to ours. `None` for anything else (unknown, deleted, bad signature).
    pub async fn authenticate_device(
        &self,
        method_id: &str,
        http_method: &str,
        path: &str,
        unix_secs: i64,
        body_sha256_hex: &str,
        signature_b64: &str,
    ) -> Result<Option<AuthMethod>, ServiceError> {
        let now_secs = self.clock.now().as_millis().div_euclid(1000);
        if now_secs.abs_diff(unix_secs) > DEVICE_CLOCK_SKEW.as_secs() {
            return Ok(None);
        }
        let Some(m) = self.active_device(method_id).await? else {
            return Ok(None);
        };
        let Ok(signature) = decode_b64("signature", signature_b64, 64) else {
            return Ok(None);
        };
        let message = request_message(http_method, path, unix_secs, body_sha256_hex);
        Ok(self.device_signed(&m, &message, &signature).then_some(m))
    }

    async fn active_device(&self, method_id: &str) -> Result<Option<AuthMethod>, ServiceError> {
        Ok(self
            .store
            .method(&crate::ids::MethodId::new(method_id))
            .await?
            .filter(|m| m.kind == MethodKind::PushDevice && m.state == MethodState::Active))
    }

    fn device_signed(&self, m: &AuthMethod, message: &[u8], signature: &[u8]) -> bool {
        let MethodParams::Push { public_key, .. } = &m.params else {
            return false;
        };
        B64.decode(public_key)
            .is_ok_and(|pk| self.signatures.verify_ed25519(&pk, message, signature))
    }

    /// Pushes waiting for this device's answer.
    pub async fn device_pushes(
        &self,
        device: &AuthMethod,
    ) -> Result<Vec<PushChallenge>, ServiceError> {
        Ok(self
            .store
            .pending_pushes(&device.id, self.clock.now())
            .await?)
    }

    /// Sends a push for the client's transaction and returns the number its page must show.
    /// Asking again while a push is pending returns the same number (no second push).
    pub async fn send_push(&self, client: &ApiClient, id: &str) -> Result<PushSend, ServiceError> {
        let (t, newest) = self.current_transaction_with_push(client, id).await?;
        let now = self.clock.now();
        if t.state != TxState::AwaitingSecondFactor
            || now >= t.expires_at
            || !t.acceptable.contains(&Factor::Push)
        {
            return Ok(PushSend::NotSent(PushNotSent::NotAvailable));
        }
        if let Some(p) = newest
            && p.effective_state(now) == PushState::Pending
        {
            return Ok(PushSend::Sent {
                number: p.number,
                expires_at: p.expires_at,
            });
        }
        let user = self.find_user(&t.username).await?;
        // Security requirement 15: a lock (even one that has ended) ended this transaction.
        if !self.lockout_of(&user).await?.flow_alive(t.lock_epoch, now) {
            return Ok(PushSend::NotSent(PushNotSent::LockedOut));
        }
        // The most recently registered device gets the push.
        let Some(device) = self
            .store
            .methods_of(user.id)
            .await?
            .into_iter()
            .filter(|m| m.kind == MethodKind::PushDevice && m.state == MethodState::Active)
            .max_by_key(|m| m.confirmed_at)
        else {
            return Ok(PushSend::NotSent(PushNotSent::NotAvailable));
        };
        let digits = self.store.settings().await?.push_number_digits;
        let drawn = (0..8).find_map(|_| draw_number(&self.secrets.random_bytes(16), digits));
        let Some(number) = drawn else {
            return Err(crate::ports::CryptoFailure::NoRandomness.into());
        };
        let push_id = self.new_id("p")?;
        let expires_at = std::cmp::min(now.plus(PUSH_LIFETIME), t.expires_at);
        let c = PushChallenge {
            id: crate::ids::PushId::new(push_id),
            transaction_id: t.id.clone(),
            user_id: user.id,
            method_id: device.id.clone(),
            number,
            context: PushContext {
                workflow: t.workflow,
                client: client.name.clone(),
                source: t.source.clone(),
                device: t.device.clone(),
            },
            state: PushState::Pending,
            created_at: now,
            expires_at,
            answered_at: None,
        };
        let sent = self
            .store
            .add_push(&c, PUSH_LIMIT, now.minus(PUSH_LIMIT_WINDOW))
            .await?;
        let (outcome, reason) = if sent {
            (Outcome::Success, "sent")
        } else {
            (Outcome::Failure, PushNotSent::Limit.code())
        };
        self.store
            .append_audit(
                &self
                    .auth_event(
                        &client.name,
                        &t.username,
                        AuditAction::AuthPush,
                        outcome,
                        reason,
                        t.source.as_deref(),
                    )
                    .detail("method", &device.id)
                    .detail("workflow", t.workflow.key()),
            )
            .await?;
        if !sent {
            self.telemetry.push_sent(PushSent::Limited);
            return Ok(PushSend::NotSent(PushNotSent::Limit));
        }
        self.telemetry.push_sent(PushSent::Sent);
        self.push.notify(device.id.as_str()).await;
        Ok(PushSend::Sent { number, expires_at })
    }

    /// The device's answer to a push: a signature over the challenge, the number the user
    /// typed and the decision. Approve with the right number completes the transaction; deny
    /// or a wrong number ends it. Returns what the push ended as.
    pub async fn answer_push(
        &self,
        device: &AuthMethod,
        push_id: &str,
        number: Option<u32>,
        decision: Decision,
        signature_b64: &str,
    ) -> Result<PushState, ServiceError> {
        let not_found = || ServiceError::NotFound {
            what: "push",
            name: "(id)".to_owned(),
        };
        // The push and everything its decision needs, read at once; the answer and the decision
        // below are conditional writes, so a change in between (another answer, a timeout, a
        // decision by another factor) is caught there.
        let PushAnswerState {
            push: c,
            state: st,
            client_name,
        } = self
            .store
            .push_answer_state(&crate::ids::PushId::new(push_id))
            .await?
            .filter(|a| a.push.method_id == device.id)
            .ok_or_else(not_found)?;
        let user = st
            .user
            .clone()
            .filter(|u| u.id == c.user_id)
            .ok_or_else(not_found)?;
        let username = user.username.as_str().to_owned();
        let now = self.clock.now();
        let audit = |outcome, reason: &str| {
            AuditEvent::new(
                now,
                &Actor::User(username.clone()),
                AuditAction::AuthPushAnswer,
                outcome,
            )
            .target(&username)
            .detail("method", &device.id)
            .detail("reason", reason)
        };
        let signature = decode_b64("signature", signature_b64, 64)?;
        if !self.device_signed(
            device,
            &answer_message(c.id.as_str(), number, decision),
            &signature,
        ) {
            self.store
                .append_audit(&audit(Outcome::Failure, "bad_signature"))
                .await?;
            return Err(ServiceError::invalid(
                "signature",
                "the signature does not cover this push, number and decision",
            ));
        }
        let t = &st.transaction;
        if c.effective_state(now) != PushState::Pending {
            return Ok(c.effective_state(now));
        }
        let policy = st.policy.as_ref().ok_or_else(|| ServiceError::NotFound {
            what: "policy",
            name: user.policy_id.to_string(),
        })?;
        // Count before compare: approving is a guess at the number, so it takes its attempt
        // from the user's lockout before the number is looked at (a denial guesses nothing).
        let locked_out = match decision {
            Decision::Approve => self
                .take_attempt_under(user.id, &policy.lockout, Some(t.lock_epoch))
                .await?
                .refused
                .is_some(),
            Decision::Deny => false,
        };
        // What the answer found, for the push and for the transaction's decision. A wrong
        // number ends the transaction with its own reason (counted above) whether or not it
        // locks the user out.
        let (state, check) = match decision {
            Decision::Deny => (PushState::Denied, Check::Ends(FactorReason::PushDenied)),
            // Locked meanwhile: the number is not compared and the push ends denied.
            Decision::Approve if locked_out => (PushState::Denied, Check::AttemptRefused),
            Decision::Approve if typed_matches(number, c.number) => (
                PushState::Approved,
                Check::Right {
                    method_id: device.id.to_string(),
                },
            ),
            // Approving without a number, or with another one, is a wrong number.
            Decision::Approve => (
                PushState::WrongNumber,
                Check::Ends(FactorReason::PushWrongNumber),
            ),
        };
        let outcome = if state == PushState::Approved {
            Outcome::Success
        } else {
            Outcome::Failure
        };
        let reason = match &check {
            Check::Right { .. } => "approved",
            Check::AttemptRefused => FactorReason::LockedOut.code(),
            Check::Ends(r) | Check::Wrong { reason: r, .. } => r.code(),
        };
        let client_name = client_name.unwrap_or_else(|| "(removed client)".to_owned());
        // The decision this answer leads to, the same as for every other factor, written with
        // the answer (the lockout as read before this answer).
        let input = FactorInput {
            transaction: t,
            policy: Some(policy),
            lockout: &st.lockout,
            factor: Factor::Push,
            now,
        };
        let verdict = decide(input, Some(&check));
        let tx = |state, reason: Option<FactorReason>, audit| TxDecision {
            transaction_id: t.id.clone(),
            state,
            reason: reason.map(|r| r.code().to_owned()),
            audit,
        };
        let decision = match &verdict {
            FactorDecision::Expire => Some(tx(
                TxState::Rejected,
                Some(FactorReason::TransactionExpired),
                None,
            )),
            FactorDecision::Reject(r) => Some(tx(
                TxState::Rejected,
                Some(*r),
                Some(self.decision_event(&client_name, t, Factor::Push, Err(*r))),
            )),
            FactorDecision::Accept { method_id, .. } => Some(tx(
                TxState::Accepted,
                None,
                Some(self.decision_event(&client_name, t, Factor::Push, Ok(method_id))),
            )),
            // Final already; a push answer never leaves the transaction open for a retry.
            FactorDecision::AlreadyFinal | FactorDecision::Retry(_) => None,
            FactorDecision::UserGone | FactorDecision::CheckSecret => {
                return Err(ServiceError::Internal(
                    "a push answer's decision needs neither a user lookup nor a check",
                ));
            }
        };
        let answer = audit(outcome, reason);
        let written = self
            .store
            .answer_push_deciding(&c.id, state, now, &answer, decision.as_ref())
            .await?;
        if written == PushDecided::NotPending {
            // Answered or timed out a moment ago.
            let cur = self.store.push(&c.id).await?.ok_or_else(not_found)?;
            return Ok(cur.effective_state(self.clock.now()));
        }
        self.telemetry
            .push_answered(state, now.0.saturating_sub(c.created_at.0));
        if written == PushDecided::Decided {
            self.told(t, Factor::Push, &verdict);
        }
        // Security requirement 26: a wrong number counted as a failed attempt (above, before
        // the comparison).
        if written == PushDecided::Decided && matches!(verdict, FactorDecision::Accept { .. }) {
            // As for every factor: this attempt and earlier failures cleared, the normal factor
            // announced.
            self.attempt_succeeded(user.id).await?;
            self.after_acceptance(&user, Factor::Push, &verdict, st.temp_code_active)
                .await?;
        }
        Ok(state)
    }

    async fn client_name(&self, t: &Transaction) -> Result<String, ServiceError> {
        Ok(self
            .store
            .client_by_id(&t.client_id)
            .await?
            .map_or_else(|| "(removed client)".to_owned(), |c| c.name))
    }

    /// A pending push past its expiry has timed out: it ends the transaction (reason
    /// `push_timeout`). Returns the transaction as it now stands.
    /// Also returns the transaction's newest push as read (its `effective_state` is current).
    pub(crate) async fn settle_push_timeout(
        &self,
        t: Transaction,
    ) -> Result<(Transaction, Option<PushChallenge>), ServiceError> {
        // Pushes are only ever sent for transactions that accept them.
        if !t.acceptable.contains(&Factor::Push) {
            return Ok((t, None));
        }
        let newest = self.store.push_of_transaction(&t.id).await?;
        self.settle_push_timeout_of(t, newest).await
    }

    /// As [`Self::settle_push_timeout`] with the transaction's newest push already read.
    pub(crate) async fn settle_push_timeout_of(
        &self,
        t: Transaction,
        newest: Option<PushChallenge>,
    ) -> Result<(Transaction, Option<PushChallenge>), ServiceError> {
        let now = self.clock.now();
        let Some(p) = newest else {
            return Ok((t, None));
        };
        if t.state != TxState::AwaitingSecondFactor
            || !(p.state == PushState::Pending && p.effective_state(now) == PushState::Expired)
        {
            return Ok((t, Some(p)));
        }
        let client_name = self.client_name(&t).await?;
        let timed_out = self
            .auth_event(
                &client_name,
                &t.username,
                AuditAction::AuthPushAnswer,
                Outcome::Failure,
                FactorReason::PushTimeout.code(),
                t.source.as_deref(),
            )
            .detail("method", &p.method_id);
        if self
            .store
            .answer_push(&p.id, PushState::Expired, now, &timed_out)
            .await?
        {
            let ended = self
                .auth_event(
                    &client_name,
                    &t.username,
                    AuditAction::AuthSecondFactor,
                    Outcome::Failure,
                    FactorReason::PushTimeout.code(),
                    t.source.as_deref(),
                )
                .detail("factor", Factor::Push.key())
                .detail("workflow", t.workflow.key());
            self.store
                .finish_transaction_audited(
                    &t.id,
                    TxState::Rejected,
                    Some(FactorReason::PushTimeout.code()),
                    now,
                    &ended,
                )
                .await?;
        }
        let t = self.store.transaction(&t.id).await?.unwrap_or(t);
        Ok((t, Some(p)))
    }

    /// Completes a transaction with the push device's offline code (when the push cannot reach
    /// the device). It counts as the push factor; a code is accepted once.
    pub async fn submit_offline_code(
        &self,
        client: &ApiClient,
        id: &str,
        code: &str,
    ) -> Result<TxView, ServiceError> {
        self.submit_code(client, id, code, Factor::Push, MethodKind::PushDevice)
            .await
    }
}
