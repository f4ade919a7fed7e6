//! Administrator console sessions: idle and absolute timeouts as pure rules. The token itself
//! never reaches storage; only its keyed hash does.

use crate::time::Timestamp;
use std::time::Duration;

/// Signed out after this long without a request (ASVS: 15–30 minutes).
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(30 * 60);
/// Signed out this long after signing in, however active (ASVS: at most 12 hours).
pub const ABSOLUTE_TIMEOUT: Duration = Duration::from_secs(12 * 3600);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminSession {
    pub id_hash: String,
    pub username: String,
    /// Synchronizer token for the console's forms.
    pub csrf_token: String,
    pub source: Option<String>,
    pub created_at: Timestamp,
    pub last_seen: Timestamp,
    pub expires_at: Timestamp,
    /// When the user last confirmed a second factor in this session (at sign-in, or at a
    /// re-authentication); `None` if never.
    pub mfa_at: Option<Timestamp>,
}

/// Sensitive console actions need a second factor confirmed this recently (security
/// requirement 47: re-authentication for temporary codes, roles, settings, deletions).
pub const REAUTH_WINDOW: Duration = Duration::from_secs(5 * 60);

impl AdminSession {
    pub fn new(
        id_hash: String,
        username: String,
        csrf_token: String,
        source: Option<String>,
        now: Timestamp,
    ) -> Self {
        AdminSession {
            id_hash,
            username,
            csrf_token,
            source,
            created_at: now,
            last_seen: now,
            expires_at: now.plus(ABSOLUTE_TIMEOUT),
            mfa_at: None,
        }
    }

    pub fn is_valid(&self, now: Timestamp) -> bool {
        now < self.expires_at && now.since(self.last_seen) < IDLE_TIMEOUT
    }

    /// The oldest `last_seen` that is still within the idle timeout at `now`.
    pub fn idle_cutoff(now: Timestamp) -> Timestamp {
        now.minus(IDLE_TIMEOUT)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: i64 = 60_000;

    #[test]
    fn idle_and_absolute_timeouts() {
        let s = AdminSession::new("h".into(), "ada".into(), "c".into(), None, Timestamp(0));
        assert!(s.is_valid(Timestamp(29 * MIN)));
        assert!(!s.is_valid(Timestamp(30 * MIN)), "idle for 30 minutes");
        let mut active = s.clone();
        active.last_seen = Timestamp(12 * 60 * MIN - MIN);
        assert!(active.is_valid(Timestamp(12 * 60 * MIN - 1)));
        assert!(
            !active.is_valid(Timestamp(12 * 60 * MIN)),
            "absolute limit reached"
        );
    }
}
