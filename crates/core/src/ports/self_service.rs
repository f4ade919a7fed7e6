//! The ports of the self-service side: sealed directory passwords, security answers,
//! application passwords, and the reset's shared state.

use super::StoreError;
use crate::audit::AuditEvent;
use crate::ids::{QuestionId, UserId};
use crate::lockout::{Applied, LockoutChange, LockoutState};
use crate::time::Timestamp;
use async_trait::async_trait;

/// Sealed directory passwords for the self-service reset (`kind`: `current`, `reset_temporary`).
#[async_trait]
pub trait DirectorySecretRepo: Send + Sync {
    async fn put_directory_secret(
        &self,
        user: UserId,
        kind: &str,
        sealed: &[u8],
        now: Timestamp,
        expires_at: Option<Timestamp>,
    ) -> Result<(), StoreError>;
    /// The sealed secret unless missing or expired at `now`.
    async fn directory_secret(
        &self,
        user: UserId,
        kind: &str,
        now: Timestamp,
    ) -> Result<Option<Vec<u8>>, StoreError>;
    async fn forget_directory_secret(&self, user: UserId, kind: &str) -> Result<bool, StoreError>;
}

/// Whether and when a user enrolled security answers, or declined to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AnswerEnrollment {
    pub enrolled_at: Option<Timestamp>,
    /// How many answers are kept (fewer than enrolled if an administrator deleted a question).
    pub answers: u32,
    pub declined_at: Option<Timestamp>,
}

/// Security answers: only argon2id hashes (own salt, a pepper of their own), one per question.
#[async_trait]
pub trait SecurityAnswerRepo: Send + Sync {
    /// The user's answer hashes by question.
    async fn security_answers(&self, user: UserId)
    -> Result<Vec<(QuestionId, String)>, StoreError>;
    async fn answer_enrollment(&self, user: UserId) -> Result<AnswerEnrollment, StoreError>;
    /// Replaces every answer of the user with `hashes` and records the enrollment at `at`
    /// (clearing a decline), in one transaction with `audit`.
    async fn replace_security_answers(
        &self,
        user: UserId,
        hashes: &[(QuestionId, String)],
        at: Timestamp,
        audit: &AuditEvent,
    ) -> Result<(), StoreError>;
    /// Deletes the user's answers and enrollment record; `false` if there were none.
    async fn clear_security_answers(
        &self,
        user: UserId,
        audit: &AuditEvent,
    ) -> Result<bool, StoreError>;
    /// Records that the user declined the enrollment prompt at `at`.
    async fn decline_answer_enrollment(
        &self,
        user: UserId,
        at: Timestamp,
        audit: &AuditEvent,
    ) -> Result<(), StoreError>;
}

/// Application passwords (F-S8): each sealed with the field key, bound to its user and row.
#[async_trait]
pub trait AppPasswordRepo: Send + Sync {
    /// The user's entries, by name.
    async fn app_passwords(
        &self,
        user: UserId,
    ) -> Result<Vec<crate::app_passwords::AppPassword>, StoreError>;
    async fn add_app_password(
        &self,
        entry: &crate::app_passwords::AppPassword,
        audit: &AuditEvent,
    ) -> Result<(), StoreError>;
    /// Replaces the entry's fields; `false` if the user has no such entry.
    async fn update_app_password(
        &self,
        entry: &crate::app_passwords::AppPassword,
        audit: &AuditEvent,
    ) -> Result<bool, StoreError>;
    /// `false` if the user has no such entry.
    async fn delete_app_password(
        &self,
        user: UserId,
        id: &str,
        audit: &AuditEvent,
    ) -> Result<bool, StoreError>;
}

/// The self-service reset's shared state: sessions, the sticky draw, the lockout of names that
/// belong to nobody, and the rate windows, all in the database so any node serves any step.
#[async_trait]
pub trait PasswordResetRepo: Send + Sync {
    async fn create_reset_session(
        &self,
        s: &crate::password_reset::ResetSession,
        audit: &AuditEvent,
    ) -> Result<(), StoreError>;
    /// The session if it is still valid at `now`, its `last_seen` moved to `now` in the same
    /// conditional statement.
    async fn touch_reset_session(
        &self,
        id_hash: &str,
        now: Timestamp,
    ) -> Result<Option<crate::password_reset::ResetSession>, StoreError>;
    /// Moves the session from stage `from` to `to` (and sets its push step's transaction), once:
    /// `false` if it was not at `from` any more (another request moved it first) or is gone.
    async fn advance_reset_session(
        &self,
        id_hash: &str,
        from: crate::password_reset::ResetStage,
        to: crate::password_reset::ResetStage,
        transaction: Option<&crate::ids::TransactionId>,
    ) -> Result<bool, StoreError>;
    /// Ends the session, once: `false` if it had ended already (single use).
    async fn end_reset_session(&self, id_hash: &str) -> Result<bool, StoreError>;
    /// The draw kept for `name_key`.
    async fn challenge_draw(
        &self,
        name_key: &str,
    ) -> Result<Option<crate::password_reset::StoredDraw>, StoreError>;
    /// Keeps `draw` for `name_key`: where nothing is kept (`replacing` `None`) or in place of
    /// the draw `replacing` (one that no longer stands), as a compare-and-set, so two nodes
    /// drawing at once keep the first one's draw; returns the draw that is kept.
    async fn keep_challenge_draw(
        &self,
        name_key: &str,
        draw: &crate::password_reset::StoredDraw,
        replacing: Option<&crate::password_reset::StoredDraw>,
        now: Timestamp,
    ) -> Result<crate::password_reset::StoredDraw, StoreError>;
    /// Forgets the draw (answered, or answers enrolled anew).
    async fn forget_challenge_draw(&self, name_key: &str) -> Result<(), StoreError>;
    /// The lockout of a name without a user (decoy challenges lock like real ones).
    async fn name_lockout(&self, name_key: &str) -> Result<LockoutState, StoreError>;
    /// Applies `change` to a name's lockout in one atomic step (as
    /// [`SignInRepo::change_user_lockout`]).
    async fn change_name_lockout(
        &self,
        name_key: &str,
        change: LockoutChange,
    ) -> Result<Applied, StoreError>;
    /// Counts one request under `key` in the fixed window of length `window` that holds `now`,
    /// in one atomic statement; returns the count including this one.
    async fn hit_rate_window(
        &self,
        key: &str,
        window: std::time::Duration,
        now: Timestamp,
    ) -> Result<u32, StoreError>;
    /// Removes sessions, draws and windows that can no longer matter; returns how many.
    async fn purge_reset_state(&self, now: Timestamp) -> Result<u64, StoreError>;
}
