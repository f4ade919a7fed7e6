//! The authentication API's service: registered clients start a transaction with a user name,
//! password and workflow; the decision engine says what follows; a second factor completes it.
//! Transactions live in the database, so any node continues any transaction, and each reaches
//! exactly one final result.

use super::{ServiceError, Services};
use crate::api::{ApiClient, TRANSACTION_LIFETIME, Transaction, TxState};
use crate::audit::{Actor, AuditEvent, Outcome};
use crate::events::DomainEvent;
use crate::methods::AuthMethod;
use crate::methods::MethodKind;
use crate::policy::{Factor, Workflow};
use crate::ports::Consumed;
use crate::ports::StoreError;
use crate::service::methods::code_event;
use crate::user::{User, Username};
use crate::workflow::{Refusal, Step, factor_allowed, first_step};
use secrecy::SecretString;

/// What checking one second factor found.
pub(crate) enum FactorCheck {
    Accepted {
        method_id: String,
    },
    /// An OTP code matched `counter` of the method: accepted only if that counter can be used
    /// up together with the decision (one write).
    Matched {
        method_id: String,
        counter: u64,
        kind: crate::methods::MethodKind,
    },
    /// Wrong: counts towards the lockout; the transaction stays open for another try.
    Retry(&'static str),
    /// Ends the transaction (a denied push, a wrong number picked).
    Reject(&'static str),
}

/// Why `factor` cannot decide `t` whatever its check would say (the refusal's reason code), or
/// `None` when the check decides. The transaction is open and unexpired.
pub(crate) fn refusal_before_check(
    t: &Transaction,
    policy: &crate::policy::UserPolicy,
    lockout: &crate::lockout::LockoutState,
    factor: Factor,
    now: crate::time::Timestamp,
) -> Option<&'static str> {
    if factor == Factor::TemporaryCode
        && !t
            .workflow
            .permitted_factors()
            .contains(&Factor::TemporaryCode)
    {
        // Security requirement 7: a temporary code for order signing (or any workflow but
        // remote access and workstation login) is refused without looking at the code, which
        // stays valid where it belongs.
        return Some("tc_scope_violation");
    }
    if !t.acceptable.contains(&factor) || factor_allowed(policy, t.workflow, factor).is_err() {
        return Some(Refusal::FactorNotAccepted(factor).code());
    }
    // Security requirement 15: a lock ends the transaction for good (its end revives nothing).
    if !lockout.flow_alive(t.lock_epoch, now) {
        return Some(Refusal::LockedOut.code());
    }
    None
}

/// What a caller of `complete_factor` already read with the transaction (one snapshot).
pub(crate) struct Loaded {
    pub user: Option<User>,
    pub policy: Option<crate::policy::UserPolicy>,
    pub lockout: crate::lockout::LockoutState,
    /// The user's methods, handed to the factor's check.
    pub methods: Vec<AuthMethod>,
    /// Whether the user had an active temporary code (none: no deletion to attempt).
    pub temp_code_active: bool,
}

/// What a client learns about a transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TxView {
    pub id: Option<String>,
    pub state: TxState,
    pub acceptable: Vec<Factor>,
    /// The refusal reason, for trusted clients only.
    pub reason: Option<String>,
    /// The state of the newest push sent for the transaction, if any.
    pub push: Option<crate::push::PushState>,
}

impl Services {
    fn view(
        client: &ApiClient,
        id: Option<String>,
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
        }
    }

    pub(crate) fn auth_event(
        &self,
        client: &str,
        username: &str,
        action: &str,
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
        let step = first_step(
            user.as_ref(),
            &policy,
            workflow,
            primary,
            &methods,
            has_temporary_code,
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
                                "auth.start",
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
                                "auth.start",
                                Outcome::Success,
                                reason,
                                source,
                            )
                            .detail("workflow", workflow.key()),
                    )
                    .await?;
                Ok(Self::view(
                    client,
                    None,
                    TxState::Accepted,
                    Vec::new(),
                    None,
                ))
            }
            Step::SecondFactor { acceptable } => {
                let id = self.new_id("t")?;
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
                                "auth.start",
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

    async fn own_transaction(
        &self,
        client: &ApiClient,
        id: &str,
    ) -> Result<Transaction, ServiceError> {
        self.store
            .transaction(id)
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
                    Some("transaction_expired"),
                    self.clock.now(),
                )
                .await?;
            state = TxState::Rejected;
            reason = Some("transaction_expired".into());
        }
        let mut v = Self::view(client, Some(t.id), state, t.acceptable, reason.as_deref());
        v.push = push;
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
                Ok(if self.check_sms_code(&t.id, code).await? {
                    FactorCheck::Accepted {
                        method_id: "sms".to_owned(),
                    }
                } else {
                    FactorCheck::Retry("wrong_code")
                })
            },
        )
        .await
    }

    /// A code against the user's methods of `kind`, to be used up with the decision.
    /// `methods`: the user's methods when the caller read them already.
    pub(crate) async fn code_check(
        &self,
        user: &User,
        methods: Option<Vec<AuthMethod>>,
        code: &str,
        source: Option<&str>,
        kind: MethodKind,
    ) -> Result<FactorCheck, ServiceError> {
        Ok(
            match self
                .match_code_of(user, methods, code, source, kind)
                .await?
            {
                super::methods::CodeMatch::Matched { method_id, counter } => FactorCheck::Matched {
                    method_id,
                    counter,
                    kind,
                },
                super::methods::CodeMatch::Rejected { reason } => FactorCheck::Retry(reason),
            },
        )
    }

    /// The common path of every second factor, for a client's own transaction.
    pub(crate) async fn submit_factor(
        &self,
        client: &ApiClient,
        id: &str,
        factor: Factor,
        verify: impl AsyncFnOnce(
            &Transaction,
            &User,
            Option<Vec<AuthMethod>>,
        ) -> Result<FactorCheck, ServiceError>,
    ) -> Result<TxView, ServiceError> {
        // Everything the decision reads, at once (one read on the SQLite hot path).
        let st = self
            .store
            .factor_state(id)
            .await?
            .filter(|s| s.transaction.client_id == client.id)
            .ok_or_else(|| ServiceError::NotFound {
                what: "transaction",
                name: "(id)".to_owned(),
            })?;
        let (t, _) = self.settle_push_timeout_of(st.transaction, st.push).await?;
        let loaded = Loaded {
            user: st.user,
            policy: st.policy,
            lockout: st.lockout,
            methods: st.methods,
            temp_code_active: st.temp_code_active,
        };
        let (state, reason) = self
            .complete_factor(&t, &client.name, factor, Some(loaded), verify)
            .await?;
        Ok(Self::view(
            client,
            Some(t.id.clone()),
            state,
            t.acceptable.clone(),
            reason.as_deref(),
        ))
    }

    /// Decides a second factor for a transaction: it must be open and unexpired, the factor
    /// offered and allowed for the workflow, the user not locked out; then `verify` decides, and
    /// the result moves the lockout and (once) the transaction. Returns the transaction's state
    /// and reason afterwards.
    /// `loaded`: the user, policy and lockout when the caller read them with the transaction.
    pub(crate) async fn complete_factor(
        &self,
        t: &Transaction,
        client_name: &str,
        factor: Factor,
        loaded: Option<Loaded>,
        verify: impl AsyncFnOnce(
            &Transaction,
            &User,
            Option<Vec<AuthMethod>>,
        ) -> Result<FactorCheck, ServiceError>,
    ) -> Result<(TxState, Option<String>), ServiceError> {
        let now = self.clock.now();
        if t.state != TxState::AwaitingSecondFactor {
            return Ok((t.state, t.reason.clone()));
        }
        if now >= t.expires_at {
            self.store
                .finish_transaction(
                    &t.id,
                    TxState::Rejected,
                    Some(Refusal::TransactionExpired.code()),
                    now,
                )
                .await?;
            return Ok((
                TxState::Rejected,
                Some(Refusal::TransactionExpired.code().to_owned()),
            ));
        }
        let user_gone = || ServiceError::NotFound {
            what: "user",
            name: t.username.clone(),
        };
        let (user, policy, lockout_before, methods, temp_code_active) = match loaded {
            Some(Loaded {
                user,
                policy,
                lockout,
                methods,
                temp_code_active,
            }) => {
                let user = user.ok_or_else(user_gone)?;
                let policy = policy.ok_or_else(|| ServiceError::NotFound {
                    what: "policy",
                    name: user.policy_id.to_string(),
                })?;
                (user, policy, lockout, Some(methods), Some(temp_code_active))
            }
            None => {
                let name = Username::parse(&t.username)
                    .map_err(|m| ServiceError::invalid("username", m))?;
                let user = self
                    .store
                    .user_by_name(&name)
                    .await?
                    .ok_or_else(user_gone)?;
                let policy = self.policy_of(&user).await?;
                let lockout = self.lockout_of(&user).await?;
                (user, policy, lockout, None, None)
            }
        };
        let refuse = async |code: &str| -> Result<(TxState, Option<String>), ServiceError> {
            let audit = self.decision_event(client_name, t, factor, code, None);
            if !self
                .store
                .finish_transaction_audited(&t.id, TxState::Rejected, Some(code), now, &audit)
                .await?
            {
                // Finished by another request a moment ago: report what it decided.
                return self.decided(&t.id).await;
            }
            Ok((TxState::Rejected, Some(code.to_owned())))
        };
        if let Some(code) = refusal_before_check(t, &policy, &lockout_before, factor, now) {
            return refuse(code).await;
        }
        // Count before compare: the attempt is taken (and refused past the threshold, or once a
        // lock has ended this transaction) before `verify` looks at the secret.
        let taken = self
            .take_attempt_under(user.id, &policy.lockout, Some(t.lock_epoch))
            .await?;
        if taken.refused.is_some() {
            return refuse(Refusal::LockedOut.code()).await;
        }
        let accepted = |method_id: &str| {
            self.decision_event(client_name, t, factor, "accepted", Some(method_id))
        };
        // A matched OTP code is used up in the same write that accepts the transaction.
        let mut finished = false;
        let check = match verify(t, &user, methods).await? {
            FactorCheck::Matched {
                method_id,
                counter,
                kind,
            } => match self
                .store
                .accept_consuming(
                    &t.id,
                    &method_id,
                    counter,
                    now,
                    &accepted(&method_id),
                    Some(user.id),
                )
                .await?
            {
                Consumed::Accepted => {
                    finished = true;
                    FactorCheck::Accepted { method_id }
                }
                Consumed::AlreadyDecided => return self.decided(&t.id).await,
                Consumed::Replayed => {
                    // Another request used this code (or a later one) a moment ago.
                    self.store
                        .append_audit(&code_event(
                            user.username.as_str(),
                            t.source.as_deref(),
                            kind,
                            now,
                            Outcome::Failure,
                            "replayed",
                        ))
                        .await?;
                    FactorCheck::Retry("replayed")
                }
            },
            other => other,
        };
        match check {
            FactorCheck::Accepted { method_id } => {
                if !finished
                    && !self
                        .store
                        .finish_transaction_audited(
                            &t.id,
                            TxState::Accepted,
                            None,
                            now,
                            &accepted(&method_id),
                        )
                        .await?
                {
                    return self.decided(&t.id).await;
                }
                // The attempt this took, and earlier failures, are cleared (an OTP match did
                // it in the same write that accepted).
                if !finished {
                    self.attempt_succeeded(user.id).await?;
                }
                if factor != Factor::TemporaryCode {
                    self.emit_knowing(
                        DomainEvent::AuthenticatedWithNormalFactor {
                            user: user.id,
                            username: user.username.as_str().to_owned(),
                            factor,
                            method_id,
                        },
                        temp_code_active,
                    )
                    .await?;
                }
                Ok((TxState::Accepted, None))
            }
            FactorCheck::Retry(reason) => {
                // Counted already, before the comparison.
                if taken.after.is_locked(now) {
                    return refuse(Refusal::LockedOut.code()).await;
                }
                Ok((TxState::AwaitingSecondFactor, Some(reason.to_owned())))
            }
            FactorCheck::Reject(reason) => refuse(reason).await,
            // Resolved above.
            FactorCheck::Matched { .. } => Err(ServiceError::Store(StoreError::Corrupt(
                "an OTP match was not resolved".into(),
            ))),
        }
    }

    /// The audit record of a second factor's decision on `t`: `code` is `accepted` (with the
    /// method that did it) or the refusal's reason.
    pub(crate) fn decision_event(
        &self,
        client_name: &str,
        t: &Transaction,
        factor: Factor,
        code: &str,
        method: Option<&str>,
    ) -> AuditEvent {
        let outcome = if code == "accepted" {
            Outcome::Success
        } else {
            Outcome::Failure
        };
        let e = self
            .auth_event(
                client_name,
                &t.username,
                "auth.second_factor",
                outcome,
                code,
                t.source.as_deref(),
            )
            .detail("factor", factor.key());
        match method {
            Some(m) => e.detail("method", m),
            None => e,
        }
        .detail("workflow", t.workflow.key())
    }

    /// What a transaction ended with, as stored.
    async fn decided(&self, id: &str) -> Result<(TxState, Option<String>), ServiceError> {
        let cur = self
            .store
            .transaction(id)
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
    ) -> Result<Result<String, &'static str>, ServiceError> {
        let t = self.current_transaction(client, id).await?;
        if t.state != TxState::AwaitingSecondFactor
            || self.clock.now() >= t.expires_at
            || !t.acceptable.contains(&Factor::Sms)
        {
            return Ok(Err("sms_not_available"));
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
            return Ok(Err("locked_out"));
        }
        self.send_sms_code(&user, &t.id, "sign in", t.source.as_deref())
            .await
    }
}
