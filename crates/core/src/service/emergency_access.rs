//! Emergency access by security questions (F-S5): a user who cannot use their normal factor
//! signs in to a workstation by answering their security questions, where their policy's
//! `emergency_access` workflow accepts them. Through the authentication API: the transaction
//! offers `security_questions`; the questions are the reset app's sticky draw for the user
//! (mandatory first, then random, the same until answered or the lockout ends); the answers
//! complete the transaction through the same second-factor decision as every other factor,
//! the attempt taken from the user's lockout (the reset app's counter) before any is compared.

use super::factor_step::FactorCheck;
use super::password_reset::Subject;
use super::{ServiceError, Services, TxView};
use crate::ids::QuestionId;
use crate::policy::Factor;
use crate::questions::SecurityQuestion;
use crate::second_factor::FactorReason;
use crate::signin::{ApiClient, Transaction, TxState};
use secrecy::SecretString;

impl Services {
    /// The draw of an open transaction that offers security questions, with the subject it
    /// belongs to. Any other transaction is refused without drawing.
    async fn transaction_draw(
        &self,
        t: &Transaction,
    ) -> Result<
        (
            Subject,
            crate::password_reset::StoredDraw,
            Vec<SecurityQuestion>,
        ),
        ServiceError,
    > {
        if t.state != TxState::AwaitingSecondFactor
            || !t.acceptable.contains(&Factor::SecurityQuestions)
        {
            return Err(ServiceError::invalid(
                "transaction",
                "this transaction does not await security answers: start an emergency_access transaction for a user whose policy accepts security questions",
            ));
        }
        let subject = self.reset_subject(&t.username).await?;
        if !matches!(subject, Subject::User { .. }) {
            // The answers were cleared after the transaction began: nothing to ask.
            return Err(ServiceError::invalid(
                "transaction",
                "the user has no security answers any more; start again",
            ));
        }
        let set = self.store.list_questions().await?;
        let name_key = self.reset_name_key(&t.username);
        let draw = self
            .sticky_draw(&name_key, &t.username, &subject, &set)
            .await?;
        Ok((subject, draw, set))
    }

    /// The questions to answer for the client's transaction, in the order to ask them.
    pub async fn transaction_questions(
        &self,
        client: &ApiClient,
        id: &str,
    ) -> Result<Vec<SecurityQuestion>, ServiceError> {
        let t = self.current_transaction(client, id).await?;
        let (_, draw, set) = self.transaction_draw(&t).await?;
        Ok(draw
            .questions
            .iter()
            .filter_map(|q| set.iter().find(|s| s.id == *q).cloned())
            .collect())
    }

    /// Completes the transaction with the answers to its questions, judged together: a wrong
    /// set counts one failed attempt on the user's lockout (shared with the reset app), and the
    /// transaction stays open for another try until the lockout ends it. Right answers end the
    /// draw, so the next emergency (or reset) draws afresh.
    pub async fn submit_security_answers(
        &self,
        client: &ApiClient,
        id: &str,
        answers: &[(QuestionId, SecretString)],
    ) -> Result<TxView, ServiceError> {
        self.submit_factor(
            client,
            id,
            Factor::SecurityQuestions,
            async |t: &Transaction, _user, _methods| {
                let (subject, draw, _) = self.transaction_draw(t).await?;
                if self.judge_answers(&subject, &draw, answers).await? {
                    self.store
                        .forget_challenge_draw(&self.reset_name_key(&t.username))
                        .await?;
                    Ok(FactorCheck::Accepted {
                        method_id: "security_questions".to_owned(),
                    })
                } else {
                    Ok(FactorCheck::Retry(FactorReason::WrongAnswers))
                }
            },
        )
        .await
    }
}
