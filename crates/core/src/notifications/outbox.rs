//! The outbox: each notice waiting for, or past, delivery. Workers on any node claim a notice
//! atomically for a lease, send it and mark it; a worker that dies mid-send leaves a lease that
//! runs out, and the notice is sent by the next claim.

use super::{Channel, NoticeEvent};
use crate::time::Timestamp;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutboxState {
    /// Waiting for its first or next attempt.
    Pending,
    Sent,
    /// Every attempt failed; it stays for the console to show.
    Failed,
}

impl OutboxState {
    pub const ALL: [OutboxState; 3] =
        [OutboxState::Pending, OutboxState::Sent, OutboxState::Failed];

    pub fn key(self) -> &'static str {
        match self {
            OutboxState::Pending => "pending",
            OutboxState::Sent => "sent",
            OutboxState::Failed => "failed",
        }
    }

    pub fn parse(raw: &str) -> Option<OutboxState> {
        Self::ALL.into_iter().find(|s| s.key() == raw)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxEntry {
    pub id: i64,
    pub event: NoticeEvent,
    pub channel: Channel,
    pub address: String,
    /// The user the notice is about.
    pub username: String,
    /// The recipient's language, when known (a user's); else the configured default.
    pub language: Option<String>,
    /// The facts the message shows (see [`NoticeEvent::facts`]).
    pub facts: Vec<(String, String)>,
    pub state: OutboxState,
    /// Attempts made so far (a claim counts as one).
    pub attempts: u32,
    pub created_at: Timestamp,
    pub next_attempt_at: Timestamp,
    pub last_error: Option<String>,
    pub sent_at: Option<Timestamp>,
}

/// How often and how patiently a notice is retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included.
    pub attempts: u32,
    /// The wait after the first failure; doubled after each one.
    pub first_delay: Duration,
    pub max_delay: Duration,
    /// How long a claim keeps other workers off a notice (longer than one send can take).
    pub lease: Duration,
}

impl Default for RetryPolicy {
    /// Eight attempts over about two hours: a mail server down for its maintenance window
    /// still gets the notice.
    fn default() -> Self {
        RetryPolicy {
            attempts: 8,
            first_delay: Duration::from_secs(30),
            max_delay: Duration::from_secs(30 * 60),
            lease: Duration::from_secs(120),
        }
    }
}

impl RetryPolicy {
    /// After attempt number `attempts` failed at `now`: when to try again, or `None` to give up.
    pub fn next_after_failure(&self, attempts: u32, now: Timestamp) -> Option<Timestamp> {
        if attempts >= self.attempts {
            return None;
        }
        let doubled = self
            .first_delay
            .saturating_mul(1u32 << attempts.saturating_sub(1).min(20));
        Some(now.plus(doubled.min(self.max_delay)))
    }
}

/// How long a sent notice stays in the outbox (for the console and investigations).
pub const SENT_KEPT: Duration = Duration::from_secs(30 * 86_400);
/// How long one given up on stays: longer, so the failure is seen.
pub const FAILED_KEPT: Duration = Duration::from_secs(90 * 86_400);

/// How many notices are in each state, for the console and `/metrics`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutboxCounts {
    pub pending: u64,
    pub sent: u64,
    pub failed: u64,
}

/// A delivery error as the outbox keeps it: one line, bounded, never the message itself.
pub fn error_line(raw: &str) -> String {
    let line: String = raw
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(300)
        .collect();
    line.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_and_stop() {
        let p = RetryPolicy {
            attempts: 4,
            first_delay: Duration::from_secs(10),
            max_delay: Duration::from_secs(25),
            lease: Duration::from_secs(60),
        };
        let now = Timestamp(1_000_000);
        assert_eq!(
            p.next_after_failure(1, now),
            Some(now.plus(Duration::from_secs(10)))
        );
        assert_eq!(
            p.next_after_failure(2, now),
            Some(now.plus(Duration::from_secs(20)))
        );
        assert_eq!(
            p.next_after_failure(3, now),
            Some(now.plus(Duration::from_secs(25)))
        );
        assert_eq!(p.next_after_failure(4, now), None);
        assert_eq!(p.next_after_failure(400, now), None);
    }

    #[test]
    fn errors_are_kept_on_one_line() {
        assert_eq!(error_line("421 busy\r\ntry later"), "421 busy  try later");
        assert_eq!(error_line(&"x".repeat(1000)).len(), 300);
    }
}
