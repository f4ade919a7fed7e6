//! The outside world as the domain sees it. Adapters implement these traits; services and tests
//! depend only on them. Storage, clock, secrets, hashing and sealing are defined here; the ports
//! that speak one domain's vocabulary are defined beside it (the directory's outcomes, OTP,
//! push, SMS, events, the audit chain's MAC) and re-exported below, so this module lists every
//! port there is.

pub use crate::audit::ChainMac;
pub use crate::directory::{Directory, Provisioning};
pub use crate::events::EventSink;
pub use crate::otp::OtpCodes;
pub use crate::push::{PushChannel, SignatureCheck};
pub use crate::radius::RadiusChallengeRepo;
pub use crate::sms::SmsGateway;
pub use crate::telemetry::Telemetry;
pub use self_service::{
    AnswerEnrollment, AppPasswordRepo, DirectorySecretRepo, PasswordResetRepo, SecurityAnswerRepo,
};

mod self_service;

use crate::admin::Role;
use crate::audit::{AuditEvent, AuditFilter, AuditRecord, ChainHead};
use crate::ids::{PolicyId, QuestionId, RoleId, UserId};
use crate::lockout::{Applied, LockoutChange, LockoutState};
use crate::logon_hours::LogonHours;
use crate::policy::UserPolicy;
use crate::questions::SecurityQuestion;
use crate::settings::EnterpriseSettings;
use crate::time::Timestamp;
use crate::user::{User, UserState, Username};
use async_trait::async_trait;

pub trait Clock: Send + Sync {
    fn now(&self) -> Timestamp;
}

/// Randomness and keyed hashing, supplied by the crypto crate.
pub trait Secrets: Send + Sync {
    /// A URL-safe random token of at least 128 bits from the OS generator.
    fn random_token(&self) -> String;
    /// A keyed hash, for storing tokens so that a database dump reveals none.
    fn keyed_hash(&self, purpose: &str, value: &str) -> String;
    /// `n` bytes from the OS generator; empty if the generator failed (callers refuse that).
    fn random_bytes(&self, n: usize) -> Vec<u8>;
}

/// Slow, salted and peppered hashing of short secrets that must survive a stolen database
/// (temporary codes: 8 digits are tried in a second against a fast hash): argon2id with a
/// fresh salt per hash and a pepper from the key file, run off the async threads.
#[async_trait]
pub trait CodeHasher: Send + Sync {
    /// A PHC string (`$argon2id$...`) with a fresh salt.
    async fn hash_code(&self, code: &str) -> Result<String, HashFailure>;
    /// `false` for a wrong code and for a stored value that is not such a hash.
    async fn verify_code(&self, code: &str, stored: &str) -> Result<bool, HashFailure>;
    /// Costs what a verification costs and matches nothing: for decoys (a name without
    /// answers is checked as long as a real one).
    async fn verify_nothing(&self, code: &str) -> Result<(), HashFailure>;
}

/// The hashing machinery itself failed (not a wrong code): nothing may be accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("hashing failed: {0}")]
pub struct HashFailure(pub String);

/// Encryption of secrets stored in the database (OTP seeds), with the key outside it.
pub trait FieldSealer: Send + Sync {
    fn seal(&self, plaintext: &[u8], aad: &str) -> Result<Vec<u8>, CryptoFailure>;
    fn open(&self, sealed: &[u8], aad: &str) -> Result<Vec<u8>, CryptoFailure>;
}

/// The cryptographic machinery failed (not a wrong input): nothing may be stored or accepted,
/// and the message says which part, never "the database".
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CryptoFailure {
    /// The system's random generator gave nothing.
    #[error("no randomness available from the operating system")]
    NoRandomness,
    #[error("cannot encrypt {0}")]
    Seal(String),
    /// A wrong key (rotated, another node's) or a damaged value.
    #[error("cannot decrypt {0}")]
    Open(String),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    #[error("{0} not found")]
    NotFound(String),
    #[error("{0} already exists")]
    Conflict(String),
    /// Another writer changed the row first; the caller may retry with fresh state.
    #[error("concurrent update of {0}; try again")]
    Contended(String),
    #[error("the database is unavailable: {0}")]
    Unavailable(String),
    #[error("stored data is invalid: {0}")]
    Corrupt(String),
}

/// What [`SignInRepo::accept_consuming`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Consumed {
    /// Counter used up, transaction accepted, audit record written.
    Accepted,
    /// The code (or a later one) was used a moment ago: nothing written.
    Replayed,
    /// The transaction was already final (or expired): nothing written.
    AlreadyDecided,
}

/// A transaction's final result, to be written with what caused it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TxDecision {
    pub transaction_id: crate::ids::TransactionId,
    pub state: crate::signin::TxState,
    pub reason: Option<String>,
    /// The decision's own audit record (none for an expiry, as elsewhere).
    pub audit: Option<crate::audit::AuditEvent>,
}

/// What [`PushRepo::answer_push_deciding`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PushDecided {
    /// The push was no longer pending (answered, timed out): nothing written.
    NotPending,
    /// The answer was written, without a decision (none was asked for, or the transaction had
    /// been decided already and was left alone).
    AnsweredOnly,
    /// The answer and the transaction's decision were written, each with its record.
    Decided,
}

/// A page of results plus the total that matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
}

/// A listing's total as the front ends say it: the number, or "more than `limit`" when the
/// count stopped there (the audit log and user searches count no further).
pub fn total_text(total: u64, limit: u64) -> String {
    if total > limit {
        format!("more than {limit}")
    } else {
        total.to_string()
    }
}

/// Whether a page may follow the `shown` items at `offset` of `total`, counted up to `limit`:
/// past a stopped count only a full page of `page_size` says so.
pub fn more_follow(total: u64, limit: u64, offset: u64, shown: u64, page_size: u64) -> bool {
    if total > limit {
        shown == page_size
    } else {
        offset + shown < total
    }
}

/// Every mutation takes the audit event describing it and writes both in one transaction, so a
/// change is never stored without its audit record (and fails when the audit log cannot be
/// written).
#[async_trait]
pub trait UserRepo: Send + Sync {
    async fn create_user(&self, user: &User, audit: &AuditEvent) -> Result<User, StoreError>;
    async fn user_by_name(&self, username: &Username) -> Result<Option<User>, StoreError>;
    async fn user_by_id(&self, id: UserId) -> Result<Option<User>, StoreError>;
    /// Case-insensitive search on user name and display name, ordered by user name. The total
    /// is counted up to [`crate::user::USER_COUNT_LIMIT`] and one more.
    async fn search_users(
        &self,
        query: &str,
        limit: u32,
        offset: u32,
    ) -> Result<Page<User>, StoreError>;
    async fn set_user_state(
        &self,
        id: UserId,
        state: UserState,
        audit: &AuditEvent,
    ) -> Result<(), StoreError>;
    async fn set_user_policy(
        &self,
        id: UserId,
        policy: PolicyId,
        audit: &AuditEvent,
    ) -> Result<(), StoreError>;
    async fn count_users(&self) -> Result<u64, StoreError>;
}

#[async_trait]
pub trait PolicyRepo: Send + Sync {
    async fn create_policy(
        &self,
        p: &UserPolicy,
        audit: &AuditEvent,
    ) -> Result<UserPolicy, StoreError>;
    async fn policy_by_name(&self, name: &str) -> Result<Option<UserPolicy>, StoreError>;
    async fn policy_by_id(&self, id: PolicyId) -> Result<Option<UserPolicy>, StoreError>;
    async fn list_policies(&self) -> Result<Vec<UserPolicy>, StoreError>;
    async fn update_policy(&self, p: &UserPolicy, audit: &AuditEvent) -> Result<(), StoreError>;
}

#[async_trait]
pub trait RoleRepo: Send + Sync {
    async fn create_role(&self, r: &Role, audit: &AuditEvent) -> Result<Role, StoreError>;
    async fn role_by_name(&self, name: &str) -> Result<Option<Role>, StoreError>;
    async fn list_roles(&self) -> Result<Vec<Role>, StoreError>;
    async fn update_role(&self, r: &Role, audit: &AuditEvent) -> Result<(), StoreError>;
    /// Makes `user` an administrator with `role` (replacing any role they had).
    async fn assign_role(
        &self,
        user: UserId,
        role: RoleId,
        audit: &AuditEvent,
    ) -> Result<(), StoreError>;
    async fn role_of(&self, user: UserId) -> Result<Option<Role>, StoreError>;
    /// `(username, role name)` of every administrator.
    async fn list_admins(&self) -> Result<Vec<(String, String)>, StoreError>;
}

#[async_trait]
pub trait SettingsRepo: Send + Sync {
    async fn settings(&self) -> Result<EnterpriseSettings, StoreError>;
    async fn save_settings(
        &self,
        s: &EnterpriseSettings,
        audit: &AuditEvent,
    ) -> Result<(), StoreError>;
}

#[async_trait]
pub trait QuestionRepo: Send + Sync {
    async fn add_question(
        &self,
        text: &str,
        mandatory: bool,
        audit: &AuditEvent,
    ) -> Result<SecurityQuestion, StoreError>;
    async fn list_questions(&self) -> Result<Vec<SecurityQuestion>, StoreError>;
    async fn delete_question(&self, id: QuestionId, audit: &AuditEvent) -> Result<(), StoreError>;
    async fn update_question(
        &self,
        q: &SecurityQuestion,
        audit: &AuditEvent,
    ) -> Result<(), StoreError>;
}

#[async_trait]
pub trait AuditRepo: Send + Sync {
    /// Appends one event to this node's chain (for events that go with no other change).
    async fn append_audit(&self, e: &AuditEvent) -> Result<AuditRecord, StoreError>;
    async fn list_audit(&self, f: &AuditFilter) -> Result<Page<AuditRecord>, StoreError>;
    /// Records ordered by (node, seq), starting after `after` = (node, seq), at most `limit`.
    async fn audit_chain_page(
        &self,
        after: Option<(String, i64)>,
        limit: u32,
    ) -> Result<Vec<AuditRecord>, StoreError>;
    async fn audit_heads(&self) -> Result<Vec<ChainHead>, StoreError>;
}

/// One-time links (the superadministrator's setup link): stored as a keyed hash only.
#[async_trait]
pub trait OneTimeTokenRepo: Send + Sync {
    async fn create_token(
        &self,
        token_hash: &str,
        purpose: &str,
        subject: &str,
        expires_at: Timestamp,
        audit: &AuditEvent,
    ) -> Result<(), StoreError>;
    /// Marks the token used if it exists, is unused and unexpired, in one atomic statement;
    /// returns its subject. Two concurrent calls can never both succeed.
    async fn consume_token(
        &self,
        token_hash: &str,
        purpose: &str,
        now: Timestamp,
    ) -> Result<Option<String>, StoreError>;
    async fn peek_token(
        &self,
        token_hash: &str,
        purpose: &str,
        now: Timestamp,
    ) -> Result<Option<String>, StoreError>;
}

/// What the embedded directory stores per account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectoryAccount {
    pub username: String,
    pub display_name: String,
    /// PHC string of the argon2id hash; `None` until a password is set.
    pub password_hash: Option<String>,
    pub password_changed_at: Option<Timestamp>,
    pub must_change: bool,
    pub disabled: bool,
    pub logon_hours: LogonHours,
    pub lockout: LockoutState,
}

#[async_trait]
pub trait DirectoryAccountRepo: Send + Sync {
    async fn dir_insert(&self, a: &DirectoryAccount) -> Result<(), StoreError>;
    async fn dir_delete(&self, username: &str) -> Result<(), StoreError>;
    async fn dir_get(&self, username: &str) -> Result<Option<DirectoryAccount>, StoreError>;
    /// Applies `change` to the account's lockout in one atomic step (as
    /// [`SignInRepo::change_user_lockout`]); `None` if there is no such account.
    async fn dir_change_lockout(
        &self,
        username: &str,
        change: LockoutChange,
    ) -> Result<Option<Applied>, StoreError>;
    /// Sets a new password hash, moves the old one into history (keeping `keep_history`), and
    /// clears the lockout, all in one transaction.
    async fn dir_set_password(
        &self,
        username: &str,
        hash: &str,
        changed_at: Timestamp,
        must_change: bool,
        keep_history: u32,
    ) -> Result<(), StoreError>;
    /// The newest `n` previous password hashes, newest first.
    async fn dir_history(&self, username: &str, n: u32) -> Result<Vec<String>, StoreError>;
    async fn dir_set_flags(
        &self,
        username: &str,
        disabled: bool,
        logon_hours: &LogonHours,
    ) -> Result<(), StoreError>;
}

/// Console sessions, shared by every node through the database.
#[async_trait]
pub trait SessionRepo: Send + Sync {
    async fn create_session(
        &self,
        s: &crate::session::AdminSession,
        audit: &AuditEvent,
    ) -> Result<(), StoreError>;
    /// The session if it exists and is still valid at `now`; its `last_seen` moves to `now` in the
    /// same conditional statement, so an expired session can never be revived.
    async fn touch_session(
        &self,
        id_hash: &str,
        now: Timestamp,
    ) -> Result<Option<crate::session::AdminSession>, StoreError>;
    /// Ends a session; `false` if there was none.
    async fn delete_session(&self, id_hash: &str, audit: &AuditEvent) -> Result<bool, StoreError>;
    /// Records that the session's user confirmed a second factor at `at`; `false` if the session
    /// is gone.
    async fn confirm_session_mfa(&self, id_hash: &str, at: Timestamp) -> Result<bool, StoreError>;
    /// Removes sessions that can no longer be used; returns how many.
    async fn purge_sessions(&self, now: Timestamp) -> Result<u64, StoreError>;
    /// Ends every session (console and `/me`) of `username`; returns how many (after a
    /// password reset).
    async fn end_sessions_of(&self, username: &str) -> Result<u64, StoreError>;
}

/// Second-factor methods. Counters move forward only, by one conditional statement each.
#[async_trait]
pub trait AuthMethodRepo: Send + Sync {
    async fn add_method(
        &self,
        m: &crate::methods::AuthMethod,
        audit: &AuditEvent,
    ) -> Result<(), StoreError>;
    async fn method(
        &self,
        id: &crate::ids::MethodId,
    ) -> Result<Option<crate::methods::AuthMethod>, StoreError>;
    async fn methods_of(&self, user: UserId)
    -> Result<Vec<crate::methods::AuthMethod>, StoreError>;
    async fn serial_in_use(&self, serial: &str) -> Result<bool, StoreError>;
    /// Pending → active with the counter of the confirming code; `false` if not pending.
    async fn activate_method(
        &self,
        id: &crate::ids::MethodId,
        counter: Option<u64>,
        now: Timestamp,
        audit: &AuditEvent,
    ) -> Result<bool, StoreError>;
    /// Records `counter` as used if it is above the last one; `false` if another request used it
    /// (or a later one) first. Two nodes can never both succeed with one code.
    async fn consume_counter(
        &self,
        id: &crate::ids::MethodId,
        counter: u64,
        now: Timestamp,
    ) -> Result<bool, StoreError>;
    /// Removes a method for good; `false` if it was already gone.
    async fn delete_method(
        &self,
        id: &crate::ids::MethodId,
        audit: &AuditEvent,
    ) -> Result<bool, StoreError>;
    /// Marks that order signing needs fresh identity proofing (idempotent).
    async fn require_proofing(&self, user: UserId, since: Timestamp) -> Result<(), StoreError>;
    async fn proofing_required(&self, user: UserId) -> Result<bool, StoreError>;
    /// Clears the mark, with the administrator's audit record; `false` if none was set.
    async fn record_proofing(&self, user: UserId, audit: &AuditEvent) -> Result<bool, StoreError>;
}

/// API clients, transactions, and the per-user lockout for second factors.
#[async_trait]
pub trait SignInRepo: Send + Sync {
    async fn add_client(
        &self,
        c: &crate::signin::ApiClient,
        audit: &AuditEvent,
    ) -> Result<(), StoreError>;
    async fn clients(&self) -> Result<Vec<crate::signin::ApiClient>, StoreError>;
    /// A client by id, revoked or not (to name it in audit records).
    async fn client_by_id(
        &self,
        id: &crate::ids::ClientId,
    ) -> Result<Option<crate::signin::ApiClient>, StoreError>;
    async fn client_by_secret(
        &self,
        secret_hash: &str,
    ) -> Result<Option<crate::signin::ApiClient>, StoreError>;
    async fn revoke_client(
        &self,
        name: &str,
        now: Timestamp,
        audit: &AuditEvent,
    ) -> Result<bool, StoreError>;
    async fn add_transaction(&self, t: &crate::signin::Transaction) -> Result<(), StoreError>;
    async fn transaction(
        &self,
        id: &crate::ids::TransactionId,
    ) -> Result<Option<crate::signin::Transaction>, StoreError>;
    /// Moves a transaction awaiting its second factor to a final state, once: `false` if it was
    /// already final or has expired (then only the expiry may be recorded).
    async fn finish_transaction(
        &self,
        id: &crate::ids::TransactionId,
        state: crate::signin::TxState,
        reason: Option<&str>,
        now: Timestamp,
    ) -> Result<bool, StoreError>;
    /// [`Self::finish_transaction`] with the decision's audit record in the same database
    /// transaction: appended only when this call finished it, so a decision is never stored
    /// without its record nor recorded twice.
    async fn finish_transaction_audited(
        &self,
        id: &crate::ids::TransactionId,
        state: crate::signin::TxState,
        reason: Option<&str>,
        now: Timestamp,
        audit: &crate::audit::AuditEvent,
    ) -> Result<bool, StoreError>;
    /// Accepts a transaction with an OTP code, all or nothing: uses up `counter` of `method_id`
    /// (as [`AuthMethodRepo::consume_counter`]), finishes the transaction as accepted, appends
    /// `audit` and, with `clear_lockout_of`, clears that user's lockout (the success gives back
    /// the attempt it took). Nothing is written unless all succeed.
    async fn accept_consuming(
        &self,
        id: &crate::ids::TransactionId,
        method_id: &crate::ids::MethodId,
        counter: u64,
        now: Timestamp,
        audit: &crate::audit::AuditEvent,
        clear_lockout_of: Option<UserId>,
    ) -> Result<Consumed, StoreError>;
    /// The transaction and what deciding its second factor needs (see
    /// [`crate::signin::FactorState`]); `None` if there is no such transaction.
    async fn factor_state(
        &self,
        id: &crate::ids::TransactionId,
    ) -> Result<Option<crate::signin::FactorState>, StoreError>;
    /// The push `push_id`, its transaction's [`crate::signin::FactorState`] and the name of the
    /// client that started it; `None` if the push or its transaction is gone.
    async fn push_answer_state(
        &self,
        push_id: &crate::ids::PushId,
    ) -> Result<Option<crate::signin::PushAnswerState>, StoreError>;
    /// The user's second-factor lockout (the default when nothing was ever counted).
    async fn user_lockout(&self, user: UserId) -> Result<LockoutState, StoreError>;
    /// Applies `change` to the user's second-factor lockout in one atomic step, shared by every
    /// node: the row is locked, read, changed by [`LockoutChange::apply`] and written, so
    /// concurrent attempts queue and each counts from the last one's result.
    async fn change_user_lockout(
        &self,
        user: UserId,
        change: LockoutChange,
    ) -> Result<Applied, StoreError>;
}

/// A sent SMS code, as stored: hashes only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmsCodeRecord {
    pub id: String,
    /// The enrollment or transaction the code belongs to.
    pub scope: String,
    pub user_id: UserId,
    pub number_hash: String,
    pub code_hash: String,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
}

#[async_trait]
pub trait SmsRepo: Send + Sync {
    async fn add_sms_code(&self, c: &SmsCodeRecord) -> Result<(), StoreError>;
    /// Codes sent since `since` to the user and to the number, and the user's latest send.
    async fn sms_sends(
        &self,
        user: UserId,
        number_hash: &str,
        since: Timestamp,
    ) -> Result<(u64, u64, Option<Timestamp>), StoreError>;
    /// Uses up a matching, unexpired, unused code of `scope` (and every other code of that
    /// scope) in one conditional statement; `false` if there is none.
    async fn consume_sms_code(
        &self,
        scope: &str,
        code_hash: &str,
        now: Timestamp,
    ) -> Result<bool, StoreError>;
}

/// Push challenges: sent within a per-user limit, answered once.
#[async_trait]
pub trait PushRepo: Send + Sync {
    /// Inserts the challenge unless the user already had `limit` pushes since `window_start`
    /// and since their last approved push (push-bombing limit); returns whether it was inserted.
    async fn add_push(
        &self,
        c: &crate::push::PushChallenge,
        limit: u32,
        window_start: Timestamp,
    ) -> Result<bool, StoreError>;
    async fn push(
        &self,
        id: &crate::ids::PushId,
    ) -> Result<Option<crate::push::PushChallenge>, StoreError>;
    /// The newest push sent for a transaction.
    async fn push_of_transaction(
        &self,
        transaction_id: &crate::ids::TransactionId,
    ) -> Result<Option<crate::push::PushChallenge>, StoreError>;
    /// Pushes still waiting for an answer from this device (unexpired at `now`).
    async fn pending_pushes(
        &self,
        method_id: &crate::ids::MethodId,
        now: Timestamp,
    ) -> Result<Vec<crate::push::PushChallenge>, StoreError>;
    /// Writes the answer if the push is still pending (and, unless `state` is `expired`, not
    /// past its expiry), with `audit` in the same transaction; returns whether this call decided
    /// it (nothing is written otherwise).
    async fn answer_push(
        &self,
        id: &crate::ids::PushId,
        state: crate::push::PushState,
        now: Timestamp,
        audit: &crate::audit::AuditEvent,
    ) -> Result<bool, StoreError>;
    /// As [`Self::answer_push`], and in the same database transaction the decision it leads to,
    /// if any (written only if the transaction is still awaiting its second factor and
    /// unexpired, as [`SignInRepo::finish_transaction_audited`]): an answer is never stored without
    /// its decision, nor the decision without the answer.
    async fn answer_push_deciding(
        &self,
        id: &crate::ids::PushId,
        state: crate::push::PushState,
        now: Timestamp,
        audit: &crate::audit::AuditEvent,
        decision: Option<&TxDecision>,
    ) -> Result<PushDecided, StoreError>;
}

/// Temporary codes: at most one active per user; every change with its audit record.
#[async_trait]
pub trait TempCodeRepo: Send + Sync {
    async fn active_temp_code(
        &self,
        user: UserId,
    ) -> Result<Option<crate::temp_code::TempCode>, StoreError>;
    /// Stores a new active code. With `replace`, the user's active code is ended as replaced in
    /// the same transaction (`NotFound` if there is none); without, a user who already has an
    /// active code gets `Conflict`.
    async fn issue_temp_code(
        &self,
        code: &crate::temp_code::TempCode,
        replace: bool,
        audit: &AuditEvent,
    ) -> Result<(), StoreError>;
    /// Ends the user's active code (revoked, deleted); returns whether there was one. The audit
    /// record is written only when a code was ended.
    async fn end_temp_code(
        &self,
        user: UserId,
        state: crate::temp_code::CodeState,
        reason: &str,
        now: Timestamp,
        audit: &AuditEvent,
    ) -> Result<bool, StoreError>;
    /// Records a use of an active, unexpired code in one conditional statement: a single-use
    /// code becomes used, so two concurrent uses can never both succeed.
    async fn use_temp_code(
        &self,
        id: &str,
        single_use: bool,
        now: Timestamp,
    ) -> Result<bool, StoreError>;
    /// How many users hold a temporary code that still works at `now` (for `/metrics`).
    async fn count_active_temp_codes(&self, now: Timestamp) -> Result<u64, StoreError>;
    /// The user's codes, newest first (for the console and tests; hashes, never codes).
    async fn temp_codes_of(
        &self,
        user: UserId,
    ) -> Result<Vec<crate::temp_code::TempCode>, StoreError>;
}

/// Everything the services need from storage.
pub trait Store:
    UserRepo
    + PolicyRepo
    + RoleRepo
    + SettingsRepo
    + QuestionRepo
    + AuditRepo
    + OneTimeTokenRepo
    + DirectoryAccountRepo
    + SessionRepo
    + AuthMethodRepo
    + SignInRepo
    + SmsRepo
    + PushRepo
    + TempCodeRepo
    + DirectorySecretRepo
    + SecurityAnswerRepo
    + PasswordResetRepo
    + AppPasswordRepo
    + crate::notifications::NotificationRepo
    + RadiusChallengeRepo
{
}

impl<T> Store for T where
    T: UserRepo
        + PolicyRepo
        + RoleRepo
        + SettingsRepo
        + QuestionRepo
        + AuditRepo
        + OneTimeTokenRepo
        + DirectoryAccountRepo
        + SessionRepo
        + AuthMethodRepo
        + SignInRepo
        + SmsRepo
        + PushRepo
        + TempCodeRepo
        + DirectorySecretRepo
        + SecurityAnswerRepo
        + PasswordResetRepo
        + AppPasswordRepo
        + crate::notifications::NotificationRepo
        + RadiusChallengeRepo
{
}

/// A clock that moves only when told to: for tests (never sleep) and for `regain demo` replays.
#[derive(Debug, Default)]
pub struct ManualClock(std::sync::atomic::AtomicI64);

impl ManualClock {
    pub fn at(t: Timestamp) -> Self {
        ManualClock(std::sync::atomic::AtomicI64::new(t.as_millis()))
    }

    pub fn advance(&self, d: std::time::Duration) {
        let ms = i64::try_from(d.as_millis()).unwrap_or(i64::MAX);
        self.0.fetch_add(ms, std::sync::atomic::Ordering::SeqCst);
    }

    pub fn set(&self, t: Timestamp) {
        self.0
            .store(t.as_millis(), std::sync::atomic::Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Timestamp {
        Timestamp(self.0.load(std::sync::atomic::Ordering::SeqCst))
    }
}

#[cfg(test)]
mod tests {
    use super::{more_follow, total_text};

    #[test]
    fn a_stopped_count_says_more_than_and_only_a_full_page_says_more_follow() {
        assert_eq!(total_text(10_000, 10_000), "10000");
        assert_eq!(total_text(10_001, 10_000), "more than 10000");
        // Counted: another page while the shown ones end before the total.
        assert!(more_follow(60, 10_000, 25, 25, 25));
        assert!(!more_follow(60, 10_000, 50, 10, 25));
        assert!(!more_follow(50, 10_000, 25, 25, 25));
        // Stopped: a full page may have more after it, a short one has not.
        assert!(more_follow(10_001, 10_000, 20_000, 25, 25));
        assert!(!more_follow(10_001, 10_000, 20_000, 24, 25));
    }
}
