//! The push step of mode "questions and push" (F-S7): after the answers, a push with number
//! matching to the user's newest push device; the page shows the number, the user types it in
//! the app. The step is a sign-in transaction of workflow `self_service` held by the app's own
//! API client, so the push, its number check, its lockout counting and its timeout are decided
//! by the same code as every other client's (`send_push`, `answer_push`, `submit_code`).
//! The answers' attempt stays counted until the push is accepted (which clears the count), so
//! a denial or a timeout is that attempt failing; a wrong number or code is also a guess of its
//! own, counted before it is compared. The push app's offline code or an OTP token's code may
//! stand in for the push on the same page.

use super::{ServiceError, Services};
use crate::audit::{AuditAction, Outcome};
use crate::ids::{ClientId, TransactionId};
use crate::methods::{MethodKind, MethodState};
use crate::password_reset::{PASSWORD_HELP_CLIENT, ResetSession, ResetStage};
use crate::policy::{Factor, UserPolicy, Workflow};
use crate::signin::{ApiClient, TRANSACTION_LIFETIME, Transaction, TxState};
use crate::user::User;
use crate::workflow::factor_allowed;

/// Where the push step stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PushStep {
    /// Waiting for the answer in the app; `number` is what to enter there (`None` when no push
    /// could be sent, the push limit say: a code may still stand in).
    Pending { number: Option<u32> },
    /// Approved with the right number, or a code accepted: identity proven.
    Approved,
    /// Denied, a wrong number, timed out, or locked out: this attempt is over (and counted).
    Failed,
}

impl Services {
    async fn password_help_client(&self) -> Result<ApiClient, ServiceError> {
        self.store
            .client_by_id(&ClientId::new(PASSWORD_HELP_CLIENT))
            .await?
            .ok_or(ServiceError::Internal(
                "the built-in password help API client is missing (schema migration 15 adds it)",
            ))
    }

    /// After the answers in push mode: the push step's transaction and its push. `None` when
    /// the user has no push device or the policy's self-service workflow does not accept a push
    /// (the gate then sends them to the helpdesk).
    pub(crate) async fn begin_reset_push(
        &self,
        user: &User,
        policy: &UserPolicy,
        source: Option<&str>,
    ) -> Result<Option<TransactionId>, ServiceError> {
        let methods = self.store.methods_of(user.id).await?;
        let has = |kind| {
            methods
                .iter()
                .any(|m| m.kind == kind && m.state == MethodState::Active)
        };
        if !has(MethodKind::PushDevice) {
            return Ok(None);
        }
        // The policy's self-service workflow says which factors prove a person here, exactly
        // as the decision will check them.
        let mut acceptable = vec![Factor::Push];
        if has(MethodKind::OtpToken) {
            acceptable.push(Factor::Otp);
        }
        acceptable.retain(|f| factor_allowed(policy, Workflow::SelfService, *f).is_ok());
        if !acceptable.contains(&Factor::Push) {
            return Ok(None);
        }
        let client = self.password_help_client().await?;
        let now = self.clock.now();
        let t = Transaction {
            id: TransactionId::new(self.new_id("t")?),
            client_id: client.id.clone(),
            username: user.username.as_str().to_owned(),
            workflow: Workflow::SelfService,
            state: TxState::AwaitingSecondFactor,
            acceptable,
            reason: None,
            source: source.map(str::to_owned),
            device: Some("password help".to_owned()),
            created_at: now,
            expires_at: now.plus(TRANSACTION_LIFETIME),
            finished_at: None,
            lock_epoch: self.lockout_of(user).await?.epoch(),
        };
        self.store.add_transaction(&t).await?;
        // A push that could not be sent (the push limit) leaves the code on the same page.
        self.send_push(&client, t.id.as_str()).await?;
        Ok(Some(t.id))
    }

    /// Where the session's push step stands, moving the session on once it is decided.
    pub async fn reset_push(&self, session: &ResetSession) -> Result<PushStep, ServiceError> {
        let Some(tx) = self.push_transaction(session) else {
            return Ok(PushStep::Failed);
        };
        let client = self.password_help_client().await?;
        let view = self.transaction_status(&client, tx.as_str()).await?;
        self.settle_reset_push(session, view.state, view.reason.as_deref())
            .await
    }

    /// A code instead of the push: the push app's offline code, or (for a user who has one) an
    /// OTP token's code. Each check takes its attempt from the lockout first.
    pub async fn reset_push_code(
        &self,
        session: &ResetSession,
        code: &str,
    ) -> Result<PushStep, ServiceError> {
        let Some(tx) = self.push_transaction(session) else {
            return Ok(PushStep::Failed);
        };
        let client = self.password_help_client().await?;
        let mut view = self.submit_offline_code(&client, tx.as_str(), code).await?;
        if view.state == TxState::AwaitingSecondFactor && view.acceptable.contains(&Factor::Otp) {
            view = self.submit_otp(&client, tx.as_str(), code).await?;
        }
        self.settle_reset_push(session, view.state, view.reason.as_deref())
            .await
    }

    fn push_transaction(&self, session: &ResetSession) -> Option<TransactionId> {
        (session.stage == ResetStage::Push)
            .then(|| session.transaction_id.clone())
            .flatten()
    }

    async fn settle_reset_push(
        &self,
        session: &ResetSession,
        state: TxState,
        reason: Option<&str>,
    ) -> Result<PushStep, ServiceError> {
        let name = session.username.as_str();
        let audit = |outcome, reason: &str| {
            self.reset_event(name, AuditAction::SsprPush, outcome)
                .detail("reason", reason)
        };
        match state {
            TxState::AwaitingSecondFactor => {
                let number = match &session.transaction_id {
                    Some(tx) => self
                        .store
                        .push_of_transaction(tx)
                        .await?
                        .filter(|p| {
                            p.effective_state(self.clock.now()) == crate::push::PushState::Pending
                        })
                        .map(|p| p.number),
                    None => None,
                };
                Ok(PushStep::Pending { number })
            }
            TxState::Accepted => {
                if self
                    .store
                    .advance_reset_session(
                        &session.id_hash,
                        ResetStage::Push,
                        ResetStage::Proven,
                        None,
                    )
                    .await?
                {
                    self.store
                        .append_audit(&audit(Outcome::Success, "approved"))
                        .await?;
                }
                Ok(PushStep::Approved)
            }
            TxState::Rejected => {
                // Once: the request that ends the session counts the failure.
                if self.store.end_reset_session(&session.id_hash).await? {
                    // The answers' attempt is still counted: the failure stands. A wrong
                    // number or code was counted again when it was compared (a guess of its own).
                    let reason = reason.unwrap_or("rejected");
                    self.store
                        .append_audit(&audit(Outcome::Failure, reason))
                        .await?;
                }
                Ok(PushStep::Failed)
            }
        }
    }
}
