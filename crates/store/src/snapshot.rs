//! The sign-in's one read, written once: everything deciding a second factor needs
//! ([`FactorState`]), and with a push answer the push and its client's name
//! ([`PushAnswerState`]). [`SnapshotReader`] is where the rows come from: on the SQLite hot path
//! the writer's warm connection (one read transaction, cached policies and client names, ADR
//! 0008), elsewhere the repositories through the pool.

use crate::Db;
use crate::sql::run_now;
use crate::warm::Warm;
use regain_core::ids::{ClientId, PolicyId, PushId, TransactionId, UserId};
use regain_core::lockout::LockoutState;
use regain_core::methods::AuthMethod;
use regain_core::policy::{Factor, UserPolicy};
use regain_core::ports::StoreError;
use regain_core::push::PushChallenge;
use regain_core::signin::{FactorState, PushAnswerState, Transaction};
use regain_core::user::{User, Username};

/// The rows a snapshot reads.
pub(crate) trait SnapshotReader {
    async fn transaction(&mut self, id: &TransactionId) -> Result<Option<Transaction>, StoreError>;
    async fn push(&mut self, id: &PushId) -> Result<Option<PushChallenge>, StoreError>;
    async fn newest_push(
        &mut self,
        transaction: &TransactionId,
    ) -> Result<Option<PushChallenge>, StoreError>;
    async fn user_named(&mut self, name: &Username) -> Result<Option<User>, StoreError>;
    async fn policy(&mut self, id: PolicyId) -> Result<Option<UserPolicy>, StoreError>;
    async fn lockout(&mut self, user: UserId) -> Result<LockoutState, StoreError>;
    async fn methods(&mut self, user: UserId) -> Result<Vec<AuthMethod>, StoreError>;
    async fn has_active_code(&mut self, user: UserId) -> Result<bool, StoreError>;
    async fn client_name(&mut self, client: &ClientId) -> Result<Option<String>, StoreError>;
}

/// [`regain_core::ports::SignInRepo::factor_state`].
pub(crate) async fn factor_state_of(
    r: &mut impl SnapshotReader,
    id: &TransactionId,
) -> Result<Option<FactorState>, StoreError> {
    let Some(transaction) = r.transaction(id).await? else {
        return Ok(None);
    };
    // Pushes are only ever sent for transactions that accept them.
    let push = if transaction.acceptable.contains(&Factor::Push) {
        r.newest_push(id).await?
    } else {
        None
    };
    let user = match Username::parse(&transaction.username) {
        Ok(name) => r.user_named(&name).await?,
        Err(_) => None,
    };
    let (policy, lockout, methods, temp_code_active) = match &user {
        Some(u) => (
            r.policy(u.policy_id).await?,
            r.lockout(u.id).await?,
            r.methods(u.id).await?,
            r.has_active_code(u.id).await?,
        ),
        None => (None, LockoutState::default(), Vec::new(), false),
    };
    Ok(Some(FactorState {
        transaction,
        push,
        user,
        policy,
        lockout,
        methods,
        temp_code_active,
    }))
}

/// [`regain_core::ports::SignInRepo::push_answer_state`].
pub(crate) async fn push_answer_state_of(
    r: &mut impl SnapshotReader,
    push_id: &PushId,
) -> Result<Option<PushAnswerState>, StoreError> {
    let Some(push) = r.push(push_id).await? else {
        return Ok(None);
    };
    let Some(state) = factor_state_of(r, &push.transaction_id).await? else {
        return Ok(None);
    };
    let client_name = r.client_name(&state.transaction.client_id).await?;
    Ok(Some(PushAnswerState {
        push,
        state,
        client_name,
    }))
}

/// A snapshot on the SQLite writer's connection, between batches.
pub(crate) struct WarmReader<'a, 'w>(pub(crate) &'a Warm<'w>);

impl SnapshotReader for WarmReader<'_, '_> {
    async fn transaction(&mut self, id: &TransactionId) -> Result<Option<Transaction>, StoreError> {
        crate::signin::tx_on(self.0.conn, id.as_str())
    }
    async fn push(&mut self, id: &PushId) -> Result<Option<PushChallenge>, StoreError> {
        crate::push::push_on(self.0.conn, id.as_str())
    }
    async fn newest_push(
        &mut self,
        transaction: &TransactionId,
    ) -> Result<Option<PushChallenge>, StoreError> {
        crate::push::newest_push_on(self.0.conn, transaction.as_str())
    }
    async fn user_named(&mut self, name: &Username) -> Result<Option<User>, StoreError> {
        crate::users::user_named_on(self.0.conn, name)
    }
    async fn policy(&mut self, id: PolicyId) -> Result<Option<UserPolicy>, StoreError> {
        self.0.policy(id)
    }
    async fn lockout(&mut self, user: UserId) -> Result<LockoutState, StoreError> {
        crate::signin::lockout_on(self.0.conn, user)
    }
    async fn methods(&mut self, user: UserId) -> Result<Vec<AuthMethod>, StoreError> {
        crate::methods::methods_on(self.0.conn, user)
    }
    async fn has_active_code(&mut self, user: UserId) -> Result<bool, StoreError> {
        crate::temp_codes::has_active_code_on(self.0.conn, user)
    }
    async fn client_name(&mut self, client: &ClientId) -> Result<Option<String>, StoreError> {
        self.0.client_name(client.as_str())
    }
}

/// Runs a snapshot body on the warm connection: every step is synchronous.
pub(crate) fn on_warm<T>(
    w: &Warm<'_>,
    body: impl AsyncFnOnce(&mut WarmReader<'_, '_>) -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    run_now(body(&mut WarmReader(w)))
}

/// A snapshot through the repositories and the pool (PostgreSQL, in-memory SQLite): each read
/// its own statement.
pub(crate) struct PooledReader<'a>(pub(crate) &'a Db);

impl SnapshotReader for PooledReader<'_> {
    async fn transaction(&mut self, id: &TransactionId) -> Result<Option<Transaction>, StoreError> {
        regain_core::ports::SignInRepo::transaction(self.0, id).await
    }
    async fn push(&mut self, id: &PushId) -> Result<Option<PushChallenge>, StoreError> {
        regain_core::ports::PushRepo::push(self.0, id).await
    }
    async fn newest_push(
        &mut self,
        transaction: &TransactionId,
    ) -> Result<Option<PushChallenge>, StoreError> {
        regain_core::ports::PushRepo::push_of_transaction(self.0, transaction).await
    }
    async fn user_named(&mut self, name: &Username) -> Result<Option<User>, StoreError> {
        regain_core::ports::UserRepo::user_by_name(self.0, name).await
    }
    async fn policy(&mut self, id: PolicyId) -> Result<Option<UserPolicy>, StoreError> {
        regain_core::ports::PolicyRepo::policy_by_id(self.0, id).await
    }
    async fn lockout(&mut self, user: UserId) -> Result<LockoutState, StoreError> {
        regain_core::ports::SignInRepo::user_lockout(self.0, user).await
    }
    async fn methods(&mut self, user: UserId) -> Result<Vec<AuthMethod>, StoreError> {
        regain_core::ports::AuthMethodRepo::methods_of(self.0, user).await
    }
    async fn has_active_code(&mut self, user: UserId) -> Result<bool, StoreError> {
        Ok(
            regain_core::ports::TempCodeRepo::active_temp_code(self.0, user)
                .await?
                .is_some(),
        )
    }
    async fn client_name(&mut self, client: &ClientId) -> Result<Option<String>, StoreError> {
        Ok(regain_core::ports::SignInRepo::client_by_id(self.0, client)
            .await?
            .map(|c| c.name))
    }
}
