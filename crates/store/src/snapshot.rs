//! The sign-in's one read, written once: everything deciding a second factor needs
//! ([`FactorState`]), and with a push answer the push and its client's name
//! ([`PushAnswerState`]). [`SnapshotReader`] is where the rows come from: on the SQLite hot path
//! the writer's warm connection (one read transaction, cached policies and client names, ADR
//! 0008), elsewhere the repositories through the pool.

use crate::cols::{Cols, Prefixed};
use crate::sql::{Record, run_now};
use crate::warm::Warm;
use crate::{Db, map_err};
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

/// A snapshot through the pool (PostgreSQL, in-memory SQLite) in two statements, one round
/// trip each instead of one per row: the transaction with its newest push, then the user with
/// their policy, lockout, methods and count of active temporary codes. Each read of
/// [`SnapshotReader`] is answered from what those returned when it asks for the same row, and
/// through its repository otherwise.
pub(crate) struct PooledReader<'a> {
    db: &'a Db,
    /// The transaction read last and its newest push.
    push_of: Option<(TransactionId, Option<PushChallenge>)>,
    /// The user read last, with what came with them.
    bundle: Option<UserBundle>,
}

impl<'a> PooledReader<'a> {
    pub(crate) fn new(db: &'a Db) -> PooledReader<'a> {
        PooledReader {
            db,
            push_of: None,
            bundle: None,
        }
    }

    fn bundle_of(&self, user: UserId) -> Option<&UserBundle> {
        self.bundle.as_ref().filter(|b| b.user == user)
    }
}

struct UserBundle {
    user: UserId,
    policy: Option<UserPolicy>,
    lockout: LockoutState,
    methods: Vec<AuthMethod>,
    active_codes: i64,
}

/// A transaction and its newest push (`p_` columns, NULL without one).
const TX_WITH_PUSH: &str = "SELECT t.*, p.id AS p_id, p.transaction_id AS p_transaction_id, p.user_id AS p_user_id, p.method_id AS p_method_id, p.number AS p_number, p.context AS p_context, p.state AS p_state, p.created_at AS p_created_at, p.expires_at AS p_expires_at, p.answered_at AS p_answered_at
     FROM auth_transactions t
     LEFT JOIN push_challenges p ON p.id = (SELECT id FROM push_challenges WHERE transaction_id = t.id ORDER BY created_at DESC, id LIMIT 1)
     WHERE t.id = $1";

/// A user (by name key) with their policy (`pol_`), lockout (`l_`, NULL without a row), count
/// of active temporary codes, and one row per method (`m_`, NULL without any), in the order of
/// `methods_of`.
const USER_BUNDLE: &str = "SELECT u.id, u.username, u.display_name, u.directory_ref, u.policy_id, u.state, u.created_at,
       pol.id AS pol_id, pol.body AS pol_body,
       l.failures AS l_failures, l.last_failure AS l_last_failure, l.locked_until AS l_locked_until, l.locks AS l_locks,
       (SELECT COUNT(*) FROM temporary_codes c WHERE c.user_id = u.id AND c.state = 'active') AS active_codes,
       m.id AS m_id, m.user_id AS m_user_id, m.kind AS m_kind, m.label AS m_label, m.state AS m_state, m.params AS m_params, m.secret AS m_secret, m.serial AS m_serial, m.last_counter AS m_last_counter, m.created_at AS m_created_at, m.confirmed_at AS m_confirmed_at, m.last_used_at AS m_last_used_at
     FROM users u
     LEFT JOIN policies pol ON pol.id = u.policy_id
     LEFT JOIN user_lockouts l ON l.user_id = u.id
     LEFT JOIN auth_methods m ON m.user_id = u.id
     WHERE u.username_key = $1
     ORDER BY m.created_at, m.id";

impl SnapshotReader for PooledReader<'_> {
    async fn transaction(&mut self, id: &TransactionId) -> Result<Option<Transaction>, StoreError> {
        let row = sqlx::query(TX_WITH_PUSH)
            .bind(id.as_str().to_owned())
            .fetch_optional(self.db.pool())
            .await
            .map_err(map_err("transaction"))?;
        let Some(row) = row else {
            return Ok(None);
        };
        let push = match row.col::<Option<String>>("p_id")? {
            Some(_) => Some(PushChallenge::read(&Prefixed(&row, "p_"))?),
            None => None,
        };
        self.push_of = Some((id.clone(), push));
        Ok(Some(Transaction::read(&row)?))
    }
    async fn push(&mut self, id: &PushId) -> Result<Option<PushChallenge>, StoreError> {
        regain_core::ports::PushRepo::push(self.db, id).await
    }
    async fn newest_push(
        &mut self,
        transaction: &TransactionId,
    ) -> Result<Option<PushChallenge>, StoreError> {
        match &self.push_of {
            Some((t, push)) if t == transaction => Ok(push.clone()),
            _ => regain_core::ports::PushRepo::push_of_transaction(self.db, transaction).await,
        }
    }
    async fn user_named(&mut self, name: &Username) -> Result<Option<User>, StoreError> {
        let rows = sqlx::query(USER_BUNDLE)
            .bind(name.key())
            .fetch_all(self.db.pool())
            .await
            .map_err(map_err("user"))?;
        let Some(first) = rows.first() else {
            return Ok(None);
        };
        let user = User::read(first)?;
        let policy = match first.col::<Option<i64>>("pol_id")? {
            Some(_) => Some(UserPolicy::read(&Prefixed(first, "pol_"))?),
            None => None,
        };
        let lockout = match first.col::<Option<i64>>("l_failures")? {
            Some(_) => LockoutState::read(&Prefixed(first, "l_"))?,
            None => LockoutState::default(),
        };
        let mut methods = Vec::new();
        for r in &rows {
            if r.col::<Option<String>>("m_id")?.is_some() {
                methods.push(AuthMethod::read(&Prefixed(r, "m_"))?);
            }
        }
        self.bundle = Some(UserBundle {
            user: user.id,
            policy,
            lockout,
            methods,
            active_codes: first.col("active_codes")?,
        });
        Ok(Some(user))
    }
    async fn policy(&mut self, id: PolicyId) -> Result<Option<UserPolicy>, StoreError> {
        let bundled = self.bundle.as_ref().and_then(|b| b.policy.as_ref());
        match bundled {
            Some(p) if p.id == id => Ok(Some(p.clone())),
            _ => regain_core::ports::PolicyRepo::policy_by_id(self.db, id).await,
        }
    }
    async fn lockout(&mut self, user: UserId) -> Result<LockoutState, StoreError> {
        match self.bundle_of(user) {
            Some(b) => Ok(b.lockout),
            None => regain_core::ports::SignInRepo::user_lockout(self.db, user).await,
        }
    }
    async fn methods(&mut self, user: UserId) -> Result<Vec<AuthMethod>, StoreError> {
        match self.bundle_of(user) {
            Some(b) => Ok(b.methods.clone()),
            None => regain_core::ports::AuthMethodRepo::methods_of(self.db, user).await,
        }
    }
    async fn has_active_code(&mut self, user: UserId) -> Result<bool, StoreError> {
        match self.bundle_of(user) {
            Some(b) => Ok(b.active_codes > 0),
            None => Ok(
                regain_core::ports::TempCodeRepo::active_temp_code(self.db, user)
                    .await?
                    .is_some(),
            ),
        }
    }
    async fn client_name(&mut self, client: &ClientId) -> Result<Option<String>, StoreError> {
        Ok(
            regain_core::ports::SignInRepo::client_by_id(self.db, client)
                .await?
                .map(|c| c.name),
        )
    }
}
