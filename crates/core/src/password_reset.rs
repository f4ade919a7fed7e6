//! The self-service password reset (`/sso/passwordhelp`, issue 16) as pure rules: the reset
//! session and its stages, the sticky challenge as it is kept, the rate limits every node
//! shares, and what may happen once a person has proven who they are.
//!
//! Until the answers are accepted, nothing here depends on whether the name belongs to anyone:
//! an unknown name walks the same stages as a real user (a decoy challenge, a lockout of its
//! own), so the pages, status codes and timing cannot tell them apart (security requirement 39).

use crate::directory::AccountState;
use crate::ids::{QuestionId, TransactionId};
use crate::time::Timestamp;
use crate::user::UserState;
use std::time::Duration;

/// A reset session ends after this long without a request.
pub const RESET_IDLE_TIMEOUT: Duration = Duration::from_secs(10 * 60);
/// A reset session ends this long after it began, however active.
pub const RESET_ABSOLUTE_TIMEOUT: Duration = Duration::from_secs(60 * 60);

/// The rate limits' window: requests that look a name up or check answers, counted in the
/// database so every node shares them, besides the user's own lockout.
pub const RATE_WINDOW: Duration = Duration::from_secs(10 * 60);
/// Such requests from one client address per window (a helpdesk's NAT shares one address, so
/// this is generous; the per-name limit and the lockout stop guessing).
pub const RATE_PER_ADDRESS: u32 = 60;
/// Such requests for one user name per window, from anywhere.
pub const RATE_PER_NAME: u32 = 20;

/// The id of the self-service app's own API client (created by migration 15): the push step's
/// sign-in transactions are its.
pub const PASSWORD_HELP_CLIENT: &str = "c-password-help";
/// Its name (no credential opens it: its hash is no hash).
pub const PASSWORD_HELP_CLIENT_NAME: &str = "regain password help (built in)";

/// Where a reset session stands. It only moves forward, by one conditional write each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResetStage {
    /// Identified by name; the security questions are asked.
    Challenge,
    /// The answers were accepted; a push with number matching is pending (mode "questions and
    /// push").
    Push,
    /// Identity proven: the new password (or an unlock) may be set, once.
    Proven,
    /// A new password is being set (claimed, so two submissions never both set one); a refusal
    /// gives the session back to `Proven`.
    Changing,
}

impl ResetStage {
    pub fn key(self) -> &'static str {
        match self {
            ResetStage::Challenge => "challenge",
            ResetStage::Push => "push",
            ResetStage::Proven => "proven",
            ResetStage::Changing => "changing",
        }
    }

    pub fn parse(key: &str) -> Option<ResetStage> {
        [
            ResetStage::Challenge,
            ResetStage::Push,
            ResetStage::Proven,
            ResetStage::Changing,
        ]
        .into_iter()
        .find(|s| s.key() == key)
    }
}

/// A reset session as stored: the cookie holds a random token, the database its keyed hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResetSession {
    pub id_hash: String,
    /// The keyed hash of the normalised name: the key of the sticky draw, the name's rate
    /// limit and (for a name without a user) its lockout.
    pub name_key: String,
    /// The name as the visitor gave it, normalised (it need not belong to anyone).
    pub username: String,
    /// Synchronizer token for the session's forms.
    pub csrf_token: String,
    pub stage: ResetStage,
    /// The lockout epoch when the session began: a lock since then ends it.
    pub lock_epoch: u32,
    /// The sign-in transaction of the push step (mode "questions and push"), once begun.
    pub transaction_id: Option<TransactionId>,
    pub source: Option<String>,
    pub created_at: Timestamp,
    pub last_seen: Timestamp,
}

impl ResetSession {
    /// The oldest `last_seen` that is still within the idle timeout at `now`.
    pub fn idle_cutoff(now: Timestamp) -> Timestamp {
        now.minus(RESET_IDLE_TIMEOUT)
    }

    /// The oldest `created_at` that is still within the absolute timeout at `now`.
    pub fn created_cutoff(now: Timestamp) -> Timestamp {
        now.minus(RESET_ABSOLUTE_TIMEOUT)
    }

    pub fn is_valid(&self, now: Timestamp) -> bool {
        self.last_seen > Self::idle_cutoff(now) && self.created_at > Self::created_cutoff(now)
    }
}

/// The questions a name is asked, kept until they are answered or a lockout has come and gone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredDraw {
    pub questions: Vec<QuestionId>,
    /// The lockout epoch the draw was made at.
    pub lock_epoch: u32,
}

impl StoredDraw {
    pub fn render(&self) -> String {
        self.questions
            .iter()
            .map(|q| q.0.to_string())
            .collect::<Vec<_>>()
            .join(",")
    }

    /// `None` for anything that is not such a list (then a new draw is made).
    pub fn parse(raw: &str, lock_epoch: u32) -> Option<StoredDraw> {
        let questions = raw
            .split(',')
            .map(|s| s.parse().ok().map(QuestionId))
            .collect::<Option<Vec<_>>>()?;
        Some(StoredDraw {
            questions,
            lock_epoch,
        })
    }

    /// Whether the kept draw still stands: made in the current lockout epoch (a lock that has
    /// ended allows a new draw; reloading never does) and asking only questions that can still
    /// be answered (an administrator may have deleted one, the user may have enrolled anew).
    pub fn still_stands(&self, epoch_now: u32, answerable: &[QuestionId]) -> bool {
        self.lock_epoch == epoch_now
            && !self.questions.is_empty()
            && self.questions.iter().all(|q| answerable.contains(q))
    }
}

/// Why a proven person is sent to the helpdesk instead of setting a password. Precise in the
/// audit; the page says "contact your helpdesk" with the reason a user can act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HelpdeskReason {
    /// The user's policy does not allow a self-service reset.
    ResetNotAllowed,
    /// The Regain user is disabled.
    UserDisabled,
    /// The directory has no such account.
    NoDirectoryAccount,
    /// The directory account is disabled or expired.
    AccountDisabled,
    /// Mode "questions and push", and the user has no push device.
    NoPushDevice,
    /// Mode "questions and push", and the user's policy does not accept a push for its
    /// self-service workflow.
    PushNotOffered,
}

impl HelpdeskReason {
    pub fn code(self) -> &'static str {
        match self {
            HelpdeskReason::ResetNotAllowed => "reset_not_allowed",
            HelpdeskReason::UserDisabled => "user_disabled",
            HelpdeskReason::NoDirectoryAccount => "no_directory_account",
            HelpdeskReason::AccountDisabled => "account_disabled",
            HelpdeskReason::NoPushDevice => "no_push_device",
            HelpdeskReason::PushNotOffered => "push_not_offered",
        }
    }
}

/// What a proven person may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResetGate {
    /// Set a new password; `locked` accounts are unlocked by it and may also be unlocked only.
    Proceed {
        locked: bool,
    },
    /// The account's logon hours forbid signing in now: never bypassed by a reset.
    OutsideLogonHours,
    ContactHelpdesk(HelpdeskReason),
}

/// The one decision after the answers (and the push) were accepted, for every front end.
pub fn gate(
    reset_allowed: bool,
    user_state: UserState,
    account: Option<&AccountState>,
    now: Timestamp,
) -> ResetGate {
    if !reset_allowed {
        return ResetGate::ContactHelpdesk(HelpdeskReason::ResetNotAllowed);
    }
    if user_state == UserState::Disabled {
        return ResetGate::ContactHelpdesk(HelpdeskReason::UserDisabled);
    }
    let Some(account) = account else {
        return ResetGate::ContactHelpdesk(HelpdeskReason::NoDirectoryAccount);
    };
    if account.disabled {
        return ResetGate::ContactHelpdesk(HelpdeskReason::AccountDisabled);
    }
    if !account.logon_hours.allows(now) {
        return ResetGate::OutsideLogonHours;
    }
    ResetGate::Proceed {
        locked: account.locked_until.is_some_and(|t| t > now),
    }
}

/// The keys of the shared rate windows.
pub fn address_rate_key(address: &str) -> String {
    format!("sspr:address:{address}")
}

pub fn name_rate_key(name_key: &str) -> String {
    format!("sspr:name:{name_key}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logon_hours::LogonHours;

    fn account() -> AccountState {
        AccountState {
            username: "ada".into(),
            display_name: "Ada".into(),
            disabled: false,
            locked_until: None,
            must_change: false,
            password_expired: false,
            has_password: true,
            logon_hours: LogonHours::always(),
            password_changed_at: None,
        }
    }

    #[test]
    fn stages_round_trip() {
        for s in [
            ResetStage::Challenge,
            ResetStage::Push,
            ResetStage::Proven,
            ResetStage::Changing,
        ] {
            assert_eq!(ResetStage::parse(s.key()), Some(s));
        }
        assert_eq!(ResetStage::parse("done"), None);
    }

    #[test]
    fn a_kept_draw_stands_until_a_lock_or_a_missing_question() {
        let d = StoredDraw::parse("3,1,7", 2).unwrap();
        assert_eq!(d.render(), "3,1,7");
        let all = [QuestionId(1), QuestionId(3), QuestionId(7)];
        assert!(d.still_stands(2, &all));
        assert!(!d.still_stands(3, &all), "a lock came and went: draw anew");
        assert!(
            !d.still_stands(2, &all[..2]),
            "question 7 can no longer be answered"
        );
        assert_eq!(StoredDraw::parse("3,x", 0), None);
        assert!(!StoredDraw::parse("", 0).is_some_and(|d| d.still_stands(0, &all)));
    }

    #[test]
    fn the_gate_checks_policy_user_account_and_hours_in_that_order() {
        let now = Timestamp(1_700_000_000_000);
        let a = account();
        assert_eq!(
            gate(true, UserState::Active, Some(&a), now),
            ResetGate::Proceed { locked: false }
        );
        assert_eq!(
            gate(false, UserState::Active, Some(&a), now),
            ResetGate::ContactHelpdesk(HelpdeskReason::ResetNotAllowed)
        );
        assert_eq!(
            gate(true, UserState::Disabled, Some(&a), now),
            ResetGate::ContactHelpdesk(HelpdeskReason::UserDisabled)
        );
        assert_eq!(
            gate(true, UserState::Active, None, now),
            ResetGate::ContactHelpdesk(HelpdeskReason::NoDirectoryAccount)
        );
        let disabled = AccountState {
            disabled: true,
            ..account()
        };
        assert_eq!(
            gate(true, UserState::Active, Some(&disabled), now),
            ResetGate::ContactHelpdesk(HelpdeskReason::AccountDisabled)
        );
        let closed = AccountState {
            logon_hours: LogonHours::never(),
            ..account()
        };
        assert_eq!(
            gate(true, UserState::Active, Some(&closed), now),
            ResetGate::OutsideLogonHours
        );
        let locked = AccountState {
            locked_until: Some(now.plus(Duration::from_secs(60))),
            ..account()
        };
        assert_eq!(
            gate(true, UserState::Active, Some(&locked), now),
            ResetGate::Proceed { locked: true }
        );
        let lock_over = AccountState {
            locked_until: Some(now),
            ..account()
        };
        assert_eq!(
            gate(true, UserState::Active, Some(&lock_over), now),
            ResetGate::Proceed { locked: false }
        );
    }

    #[test]
    fn sessions_end_when_idle_or_old() {
        let t0 = Timestamp(1_000_000_000);
        let s = ResetSession {
            id_hash: "h".into(),
            name_key: "k".into(),
            username: "ada".into(),
            csrf_token: "c".into(),
            stage: ResetStage::Challenge,
            lock_epoch: 0,
            transaction_id: None,
            source: None,
            created_at: t0,
            last_seen: t0,
        };
        assert!(s.is_valid(t0.plus(Duration::from_secs(599))));
        assert!(!s.is_valid(t0.plus(RESET_IDLE_TIMEOUT)));
        let busy = ResetSession {
            last_seen: t0.plus(RESET_ABSOLUTE_TIMEOUT),
            ..s
        };
        assert!(!busy.is_valid(t0.plus(RESET_ABSOLUTE_TIMEOUT)));
    }
}
