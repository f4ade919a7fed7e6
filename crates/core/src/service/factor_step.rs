//! The common path of every second factor of the authentication API: read what the decision
//! needs at once, take the attempt, check the factor, and carry out what [`decide`] says, each
//! write conditional on the transaction still being open.

use super::methods::code_event;
use super::{ServiceError, Services, TxView};
use crate::audit::Outcome;
use crate::events::DomainEvent;
use crate::ids::{MethodId, TransactionId};
use crate::methods::{AuthMethod, MethodKind};
use crate::policy::Factor;
use crate::ports::Consumed;
use crate::second_factor::{Check, FactorDecision, FactorInput, FactorReason, decide};
use crate::signin::{ApiClient, Transaction, TxState};
use crate::telemetry::Verdict;
use crate::user::User;

/// What checking one second factor found (the I/O side of [`Check`]).
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
    Retry(FactorReason),
    /// Ends the transaction (temporary codes switched off).
    Reject(FactorReason),
}

impl Services {
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
                    method_id: method_id.to_string(),
                    counter,
                    kind,
                },
                super::methods::CodeMatch::Rejected { reason } => FactorCheck::Retry(reason),
            },
        )
    }

    /// The common path of every second factor, for a client's own transaction: the decision
    /// is [`decide`]'s; this reads what it needs, takes the attempt, runs `verify` and carries
    /// out what it decides, each write conditional on the transaction still being open.
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
            .factor_state(&TransactionId::new(id))
            .await?
            .filter(|s| s.transaction.client_id == client.id)
            .ok_or_else(|| ServiceError::NotFound {
                what: "transaction",
                name: "(id)".to_owned(),
            })?;
        let (t, _) = self.settle_push_timeout_of(st.transaction, st.push).await?;
        let now = self.clock.now();
        let input = FactorInput {
            transaction: &t,
            policy: st.policy.as_ref(),
            lockout: &st.lockout,
            factor,
            now,
        };
        let mut decision = decide(input, None);
        // A matched OTP code: its counter, used up in the write that accepts.
        let mut consume = None;
        let mut locked_after = false;
        if decision == FactorDecision::CheckSecret {
            let user = st.user.as_ref().ok_or_else(|| self.user_gone(&t))?;
            let policy = st.policy.as_ref().ok_or_else(|| self.user_gone(&t))?;
            // Count before compare: the attempt is taken (and refused past the threshold, or
            // once a lock has ended this transaction) before `verify` looks at the secret.
            let taken = self
                .take_attempt_under(user.id, &policy.lockout, Some(t.lock_epoch))
                .await?;
            locked_after = taken.after.is_locked(now);
            let check = if taken.refused.is_some() {
                Check::AttemptRefused
            } else {
                match verify(&t, user, Some(st.methods)).await? {
                    FactorCheck::Accepted { method_id } => Check::Right { method_id },
                    FactorCheck::Matched {
                        method_id,
                        counter,
                        kind,
                    } => {
                        consume = Some((counter, kind));
                        Check::Right { method_id }
                    }
                    FactorCheck::Retry(reason) => Check::Wrong {
                        reason,
                        locked: locked_after,
                    },
                    FactorCheck::Reject(reason) => Check::Ends(reason),
                }
            };
            decision = decide(input, Some(&check));
        }
        if let (FactorDecision::Accept { method_id, .. }, Some((counter, kind))) =
            (&decision, consume)
        {
            let user = st.user.as_ref().ok_or_else(|| self.user_gone(&t))?;
            let audit = self.decision_event(&client.name, &t, factor, Ok(method_id));
            match self
                .store
                .accept_consuming(
                    &t.id,
                    &MethodId::new(method_id.as_str()),
                    counter,
                    now,
                    &audit,
                    Some(user.id),
                )
                .await?
            {
                // Accepted, and the lockout cleared, in one write.
                Consumed::Accepted => {
                    self.told(&t, factor, &decision);
                    self.after_acceptance(user, factor, &decision, st.temp_code_active)
                        .await?;
                    let v = Self::view(
                        client,
                        Some(t.id.clone()),
                        TxState::Accepted,
                        t.acceptable.clone(),
                        None,
                    );
                    return match &st.policy {
                        Some(p) => self.with_enrollment_prompt(v, user, p, false).await,
                        None => Ok(v),
                    };
                }
                Consumed::AlreadyDecided => return self.decided_view(client, &t).await,
                Consumed::Replayed => {
                    // Another request used this code (or a later one) a moment ago.
                    self.store
                        .append_audit(&code_event(
                            user.username.as_str(),
                            t.source.as_deref(),
                            kind,
                            now,
                            Outcome::Failure,
                            FactorReason::Replayed.code(),
                        ))
                        .await?;
                    decision = decide(
                        input,
                        Some(&Check::Wrong {
                            reason: FactorReason::Replayed,
                            locked: locked_after,
                        }),
                    );
                }
            }
        }
        let (state, reason) = match decision {
            FactorDecision::AlreadyFinal => (t.state, t.reason.as_deref()),
            FactorDecision::UserGone => return Err(self.user_gone(&t)),
            FactorDecision::CheckSecret => {
                return Err(ServiceError::Internal(
                    "the second-factor decision asked for a check after the check",
                ));
            }
            FactorDecision::Expire => {
                self.store
                    .finish_transaction(
                        &t.id,
                        TxState::Rejected,
                        Some(FactorReason::TransactionExpired.code()),
                        now,
                    )
                    .await?;
                (
                    TxState::Rejected,
                    Some(FactorReason::TransactionExpired.code()),
                )
            }
            FactorDecision::Retry(reason) => (TxState::AwaitingSecondFactor, Some(reason.code())),
            FactorDecision::Reject(reason) => {
                let audit = self.decision_event(&client.name, &t, factor, Err(reason));
                if !self
                    .store
                    .finish_transaction_audited(
                        &t.id,
                        TxState::Rejected,
                        Some(reason.code()),
                        now,
                        &audit,
                    )
                    .await?
                {
                    // Finished by another request a moment ago: report what it decided.
                    return self.decided_view(client, &t).await;
                }
                (TxState::Rejected, Some(reason.code()))
            }
            FactorDecision::Accept { ref method_id, .. } => {
                let user = st.user.as_ref().ok_or_else(|| self.user_gone(&t))?;
                let audit = self.decision_event(&client.name, &t, factor, Ok(method_id));
                if !self
                    .store
                    .finish_transaction_audited(&t.id, TxState::Accepted, None, now, &audit)
                    .await?
                {
                    return self.decided_view(client, &t).await;
                }
                // The attempt this took, and earlier failures, are cleared (an OTP match does
                // it in the write that accepts).
                self.attempt_succeeded(user.id).await?;
                self.after_acceptance(user, factor, &decision, st.temp_code_active)
                    .await?;
                (TxState::Accepted, None)
            }
        };
        self.told(&t, factor, &decision);
        let v = Self::view(
            client,
            Some(t.id.clone()),
            state,
            t.acceptable.clone(),
            reason,
        );
        match (&st.user, &st.policy) {
            (Some(u), Some(p)) => self.with_enrollment_prompt(v, u, p, false).await,
            _ => Ok(v),
        }
    }

    /// Tells the operators' counters what `decision` decided for `t`, once it is written.
    pub(crate) fn told(&self, t: &Transaction, factor: Factor, decision: &FactorDecision) {
        if let Some(v) = Verdict::of(decision) {
            self.telemetry.second_factor(t.workflow, factor, v);
        }
    }

    /// What follows an accepted second factor, once written: a normal factor is announced
    /// when the decision says so (which ends the user's temporary code).
    pub(crate) async fn after_acceptance(
        &self,
        user: &User,
        factor: Factor,
        decision: &FactorDecision,
        temp_code_active: bool,
    ) -> Result<(), ServiceError> {
        if let FactorDecision::Accept {
            method_id,
            announce_normal_factor: true,
        } = decision
        {
            self.emit_knowing(
                DomainEvent::AuthenticatedWithNormalFactor {
                    user: user.id,
                    username: user.username.as_str().to_owned(),
                    factor,
                    method_id: method_id.clone(),
                },
                Some(temp_code_active),
            )
            .await?;
        }
        Ok(())
    }
}
