//! The authentication API's service: registered clients start a transaction with a user name,
//! password and workflow; the decision engine says what follows; a second factor completes it.
//! Transactions live in the database, so any node continues any transaction, and each reaches
//! exactly one final result.

use super::factor_step::FactorCheck;
use super::{ServiceError, Services};
use crate::audit::{Actor, AuditAction, AuditEvent, Outcome};
use crate::ids::TransactionId;
use crate::methods::MethodKind;
use crate::policy::{Factor, Workflow};
use crate::second_factor::FactorReason;
use crate::signin::{ApiClient, TRANSACTION_LIFETIME, Transaction, TxState};
use crate::sms::{SmsNotSent, SmsSend};
use crate::user::{User, Username};
use crate::workflow::{Refusal, StandIns, Step, first_step};
use secrecy::SecretString;

/// What a client learns about a transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TxView {
    pub id: Option<TransactionId>,
    pub state: TxState,
    pub acceptable: Vec<Factor>,
    /// The refusal reason, for trusted clients only.
    pub reason: Option<String>,
    /// The state of the newest push sent for the transaction, if any.
    pub push: Option<crate::push::PushState>,
    /// On an accepted sign-in: the user's policy asks them to enrol security questions (the
    /// workstation agent opens the enrollment page).
    pub security_questions: Option<super::EnrollmentNeed>,
}

impl Services {
    pub(super) fn view(
        client: &ApiClient,
        id: Option<TransactionId>,
        state: TxState,
        acceptable: Vec<Factor>,
        reason: Option<&str>,
    ) -> TxView {
        TxView {
            id,
            state,
            acceptable,
            reason: if client.trusted {
                reason.map(str::to_owned)
            } else {
                None
            },
            push: None,
            security_questions: None,
        }
    }

    /// `v` with the enrollment prompt of an accepted sign-in, where the user's policy asks for
    /// one. Costs a read only for policies that allow reset and prompt (or for a sign-in with
    /// nothing but a password), so ordinary sign-ins pay nothing.
    pub(crate) async fn with_enrollment_prompt(
        &self,
        mut v: TxView,
        user: &crate::user::User,
        policy: &crate::policy::UserPolicy,
        password_only: bool,
    ) -> Result<TxView, ServiceError> {
        let ss = &policy.self_service;
        if v.state != TxState::Accepted
            || !ss.allow_reset
            || (ss.enrollment_prompt == crate::policy::EnrollmentPrompt::DoNotPrompt
                && !password_only)
        {
            return Ok(v);
        }
        let enrolled = self.store.answer_enrollment(user.id).await?.answers > 0;
        let need = super::enrollment_need(
            ss.allow_reset,
            ss.enrollment_prompt,
            enrolled,
            !password_only,
        );
        v.security_questions = (need != super::EnrollmentNeed::None).then_some(need);
        Ok(v)
    }

    pub(crate) fn auth_event(
        &self,
        client: &str,
        username: &str,
        action: AuditAction,
        outcome: Outcome,
        reason: &str,
        source: Option<&str>,
    ) -> AuditEvent {
        AuditEvent::new(
            self.clock.now(),
            &Actor::User(username.to_owned()),
            action,
            outcome,
        )
        .target(username)
        .source(source)
        .detail("client", client)
        .detail("reason", reason)
    }

    pub async fn start_transaction(
        &self,
        client: &ApiClient,
        username: &str,
        password: &SecretString,
        workflow: Workflow,
        source: Option<&str>,
        device: Option<&str>,
    ) -> Result<TxView, ServiceError> {
        let user = match Username::parse(username) {
            Ok(n) => self.store.user_by_name(&n).await?,
            Err(_) => None,
        };
        let primary = self.directory.authenticate(username, password).await?;
        if primary == crate::directory::AuthOutcome::Authenticated
            && let Some(u) = &user
        {
            self.remember_directory_password(u, password).await?;
        }
        let (policy, methods, lockout) = match &user {
            Some(u) => (
                self.policy_of(u).await?,
                self.store.methods_of(u.id).await?,
                self.lockout_of(u).await?,
            ),
            None => (
                crate::policy::UserPolicy::new("none").map_err(ServiceError::from)?,
                Vec::new(),
                crate::lockout::LockoutState::default(),
            ),
        };
        let locked = lockout.is_locked(self.clock.now());
        let has_temporary_code = match &user {
            Some(u) => self.has_usable_temporary_code(u).await?,
            None => false,
        };
        let proofing_pending = match (&user, workflow) {
            (Some(u), Workflow::OrderSigning) => self.store.proofing_required(u.id).await?,
            _ => false,
        };
        // Read only where the workflow may take security questions (emergency access).
        let has_answers = match &user {
            Some(u)
                if policy
                    .rule(workflow)
                    .is_some_and(|r| r.accepted_factors.contains(&Factor::SecurityQuestions)) =>
            {
                self.store.answer_enrollment(u.id).await?.answers > 0
            }
            _ => false,
        };
        let step = first_step(
            user.as_ref(),
            &policy,
            workflow,
            primary,
            &methods,
            StandIns {
                temporary_code: has_temporary_code,
                security_answers: has_answers,
            },
            locked,
        );
        let now = self.clock.now();
        // Only once the password is right may the caller learn about proofing.
        let step = match step {
            Step::SecondFactor { .. } | Step::Accept { .. } if proofing_pending => {
                Step::Refuse(Refusal::IdentityProofingRequired)
            }
            other => other,
        };
        match step {
            Step::Refuse(r) => {
                self.store
                    .append_audit(
                        &self
                            .auth_event(
                                &client.name,
                                username,
                                AuditAction::AuthStart,
                                Outcome::Failure,
                                r.code(),
                                source,
                            )
                            .detail("workflow", workflow.key()),
                    )
                    .await?;
                Ok(Self::view(
                    client,
                    None,
                    TxState::Rejected,
                    Vec::new(),
                    Some(r.code()),
                ))
            }
            Step::Accept { password_only } => {
                let reason = if password_only {
                    "password_only"
                } else {
                    "accepted"
                };
                self.store
                    .append_audit(
                        &self
                            .auth_event(
                                &client.name,
                                username,
                                AuditAction::AuthStart,
                                Outcome::Success,
                                reason,
                                source,
                            )
                            .detail("workflow", workflow.key()),
                    )
                    .await?;
                let v = Self::view(client, None, TxState::Accepted, Vec::new(), None);
                match &user {
                    Some(u) => {
                        self.with_enrollment_prompt(v, u, &policy, password_only)
                            .await
                    }
                    None => Ok(v),
                }
            }
            Step::SecondFactor { acceptable } => {
                let id = TransactionId::new(self.new_id("t")?);
                let t = Transaction {
                    id: id.clone(),
                    client_id: client.id.clone(),
                    username: username.to_owned(),
                    workflow,
                    state: TxState::AwaitingSecondFactor,
                    acceptable: acceptable.clone(),
                    reason: None,
                    source: source.map(str::to_owned),
                    device: device.map(|d| d.chars().take(80).collect()),
                    created_at: now,
                    expires_at: now.plus(TRANSACTION_LIFETIME),
                    finished_at: None,
                    lock_epoch: lockout.epoch(),
                };
                self.store.add_transaction(&t).await?;
                let factors: Vec<&str> = acceptable.iter().map(|f| f.key()).collect();
                self.store
                    .append_audit(
                        &self
                            .auth_event(
                                &client.name,
                                username,
                                AuditAction::AuthStart,
                                Outcome::Success,
                                "second_factor_required",
                                source,
                            )
                            .detail("workflow", workflow.key())
                            .detail("factors", factors.join(",")),
                    )
                    .await?;
                Ok(Self::view(
                    client,
                    Some(id),
                    TxState::AwaitingSecondFactor,
                    acceptable,
                    None,
                ))
            }
        }
    }

    pub(super) async fn own_transaction(
        &self,
        client: &ApiClient,
        id: &str,
    ) -> Result<Transaction, ServiceError> {
        self.store
            .transaction(&TransactionId::new(id))
            .await?
            .filter(|t| t.client_id == client.id)
            .ok_or_else(|| ServiceError::NotFound {
                what: "transaction",
                name: "(id)".to_owned(),
            })
    }

    /// The client's transaction, after settling a push that timed out (which ends it).
    pub(crate) async fn current_transaction(
        &self,
        client: &ApiClient,
        id: &str,
    ) -> Result<Transaction, ServiceError> {
        Ok(self.current_transaction_with_push(client, id).await?.0)
    }

    /// As [`Self::current_transaction`], with the transaction's newest push.
    pub(crate) async fn current_transaction_with_push(
        &self,
        client: &ApiClient,
        id: &str,
    ) -> Result<(Transaction, Option<crate::push::PushChallenge>), ServiceError> {
        let t = self.own_transaction(client, id).await?;
        self.settle_push_timeout(t).await
    }

    pub async fn transaction_status(
        &self,
        client: &ApiClient,
        id: &str,
    ) -> Result<TxView, ServiceError> {
        let (t, newest) = self.current_transaction_with_push(client, id).await?;
        let push = newest.map(|p| p.effective_state(self.clock.now()));
        let mut state = t.state;
        let mut reason = t.reason.clone();
        if state == TxState::AwaitingSecondFactor && self.clock.now() >= t.expires_at {
            self.store
                .finish_transaction(
                    &t.id,
                    TxState::Rejected,
                    Some(FactorReason::TransactionExpired.code()),
                    self.clock.now(),
                )
                .await?;
            state = TxState::Rejected;
            reason = Some(FactorReason::TransactionExpired.code().into());
        }
        let username = t.username.clone();
        let mut v = Self::view(client, Some(t.id), state, t.acceptable, reason.as_deref());
        v.push = push;
        if state == TxState::Accepted
            && let Ok(name) = Username::parse(&username)
            && let Some(user) = self.store.user_by_name(&name).await?
        {
            let policy = self.policy_of(&user).await?;
            return self.with_enrollment_prompt(v, &user, &policy, false).await;
        }
        Ok(v)
    }

    /// Completes a transaction with an OTP code. A wrong code counts towards the user's lockout;
    /// the transaction stays open for another try until the lockout ends it.
    pub async fn submit_otp(
        &self,
        client: &ApiClient,
        id: &str,
        code: &str,
    ) -> Result<TxView, ServiceError> {
        self.submit_code(client, id, code, Factor::Otp, MethodKind::OtpToken)
            .await
    }

    /// Completes a transaction with a code from one of the user's methods of `kind`, as
    /// `factor` (an authenticator app's code, or a push device's offline code).
    pub(crate) async fn submit_code(
        &self,
        client: &ApiClient,
        id: &str,
        code: &str,
        factor: Factor,
        kind: MethodKind,
    ) -> Result<TxView, ServiceError> {
        self.submit_factor(
            client,
            id,
            factor,
            async |t: &Transaction, user: &User, methods| {
                self.code_check(user, methods, code, t.source.as_deref(), kind)
                    .await
            },
        )
        .await
    }

    /// Completes a transaction with the user's temporary code (remote access and workstation
    /// login only). Wrong codes count towards the lockout.
    pub async fn submit_temporary_code(
        &self,
        client: &ApiClient,
        id: &str,
        code: &str,
    ) -> Result<TxView, ServiceError> {
        self.submit_factor(
            client,
            id,
            Factor::TemporaryCode,
            async |t: &Transaction, user: &User, _| {
                self.check_temporary_code(user, code, t.source.as_deref(), t.workflow.key())
                    .await
            },
        )
        .await
    }

    /// Completes a transaction with the SMS code sent for it (single use, bound to the
    /// transaction).
    pub async fn submit_sms(
        &self,
        client: &ApiClient,
        id: &str,
        code: &str,
    ) -> Result<TxView, ServiceError> {
        self.submit_factor(
            client,
            id,
            Factor::Sms,
            async |t: &Transaction, _user: &User, _| {
                Ok(if self.check_sms_code(t.id.as_str(), code).await? {
                    FactorCheck::Accepted {
                        method_id: "sms".to_owned(),
                    }
                } else {
                    FactorCheck::Retry(FactorReason::WrongCode)
                })
            },
        )
        .await
    }

    pub(super) fn user_gone(&self, t: &Transaction) -> ServiceError {
        ServiceError::NotFound {
            what: "user",
            name: t.username.clone(),
        }
    }

    /// The audit record of a second factor's decision on `t`: accepted by a method, or the
    /// refusal's reason.
    pub(crate) fn decision_event(
        &self,
        client_name: &str,
        t: &Transaction,
        factor: Factor,
        result: Result<&str, FactorReason>,
    ) -> AuditEvent {
        let (outcome, code) = match result {
            Ok(_) => (Outcome::Success, "accepted"),
            Err(r) => (Outcome::Failure, r.code()),
        };
        let e = self
            .auth_event(
                client_name,
                &t.username,
                AuditAction::AuthSecondFactor,
                outcome,
                code,
                t.source.as_deref(),
            )
            .detail("factor", factor.key());
        match result {
            Ok(m) => e.detail("method", m),
            Err(_) => e,
        }
        .detail("workflow", t.workflow.key())
    }

    /// The view of a transaction decided by another request, as stored.
    pub(super) async fn decided_view(
        &self,
        client: &ApiClient,
        t: &Transaction,
    ) -> Result<TxView, ServiceError> {
        let (state, reason) = self.decided(t.id.as_str()).await?;
        Ok(Self::view(
            client,
            Some(t.id.clone()),
            state,
            t.acceptable.clone(),
            reason.as_deref(),
        ))
    }

    /// What a transaction ended with, as stored.
    async fn decided(&self, id: &str) -> Result<(TxState, Option<String>), ServiceError> {
        let cur = self
            .store
            .transaction(&TransactionId::new(id))
            .await?
            .ok_or_else(|| ServiceError::NotFound {
                what: "transaction",
                name: "(id)".to_owned(),
            })?;
        Ok((cur.state, cur.reason))
    }

    /// Sends an SMS code for a transaction to the user's phone; returns the masked number.
    pub async fn send_sms_for_transaction(
        &self,
        client: &ApiClient,
        id: &str,
    ) -> Result<SmsSend, ServiceError> {
        let t = self.current_transaction(client, id).await?;
        if t.state != TxState::AwaitingSecondFactor
            || self.clock.now() >= t.expires_at
            || !t.acceptable.contains(&Factor::Sms)
        {
            return Ok(SmsSend::NotSent(SmsNotSent::NotAvailable));
        }
        let name =
            Username::parse(&t.username).map_err(|m| ServiceError::invalid("username", m))?;
        let user = self
            .store
            .user_by_name(&name)
            .await?
            .ok_or_else(|| ServiceError::NotFound {
                what: "user",
                name: t.username.clone(),
            })?;
        // Security requirement 15: a lock (even one that has ended) ended this transaction.
        if !self
            .lockout_of(&user)
            .await?
            .flow_alive(t.lock_epoch, self.clock.now())
        {
            return Ok(SmsSend::NotSent(SmsNotSent::LockedOut));
        }
        self.send_sms_code(&user, t.id.as_str(), "sign in", t.source.as_deref())
            .await
    }
}
