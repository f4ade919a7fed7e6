//! What operators watch, told by the services as it happens: second-factor decisions, lockouts
//! that begin, pushes sent and answered. The port is synchronous and infallible on purpose: an
//! adapter counts in memory (atomics), so telling never waits, never fails a sign-in and never
//! takes a lock on the hot path. HTTP, directory and database figures are measured by the
//! adapters themselves, around the services.

use crate::policy::{Factor, Workflow};
use crate::push::PushState;
use crate::second_factor::{FactorDecision, FactorReason};

/// The end of one second-factor decision, as counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Accepted,
    /// Wrong, the sign-in stays open for another try.
    Retry(FactorReason),
    /// The sign-in ended refused.
    Rejected(FactorReason),
}

impl Verdict {
    pub const OUTCOMES: [&'static str; 3] = ["accepted", "retry", "rejected"];

    /// What `decision` ended in; `None` for a decision that decided nothing now (already final,
    /// or a step before the check).
    pub fn of(decision: &FactorDecision) -> Option<Verdict> {
        match decision {
            FactorDecision::Accept { .. } => Some(Verdict::Accepted),
            FactorDecision::Retry(r) => Some(Verdict::Retry(*r)),
            FactorDecision::Reject(r) => Some(Verdict::Rejected(*r)),
            FactorDecision::Expire => Some(Verdict::Rejected(FactorReason::TransactionExpired)),
            FactorDecision::AlreadyFinal
            | FactorDecision::UserGone
            | FactorDecision::CheckSecret => None,
        }
    }

    pub fn outcome(self) -> &'static str {
        match self {
            Verdict::Accepted => "accepted",
            Verdict::Retry(_) => "retry",
            Verdict::Rejected(_) => "rejected",
        }
    }

    /// The stable reason code, `none` when accepted.
    pub fn reason(self) -> &'static str {
        match self {
            Verdict::Accepted => "none",
            Verdict::Retry(r) | Verdict::Rejected(r) => r.code(),
        }
    }
}

/// Whether a push went out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PushSent {
    Sent,
    /// The per-user limit stopped it (possible push bombing).
    Limited,
}

impl PushSent {
    pub fn key(self) -> &'static str {
        match self {
            PushSent::Sent => "sent",
            PushSent::Limited => "limited",
        }
    }
}

pub trait Telemetry: Send + Sync {
    /// A second factor was decided for a sign-in of `workflow`, after the decision was written.
    fn second_factor(&self, workflow: Workflow, factor: Factor, verdict: Verdict);
    /// A user's lockout began with this attempt (any guessable input).
    fn lockout_began(&self);
    fn push_sent(&self, sent: PushSent);
    /// A device answered a push (`Approved`, `Denied` or `WrongNumber`) `waited_ms` after it
    /// was sent.
    fn push_answered(&self, state: PushState, waited_ms: i64);
    /// A notice's delivery attempt ended: `sent`, `retry` (it will be tried again) or `failed`
    /// (the last attempt).
    fn notice_attempt(&self, _channel: crate::notifications::Channel, _outcome: NoticeOutcome) {}
}

/// How a notice's delivery attempt ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeOutcome {
    Sent,
    Retry,
    Failed,
}

impl NoticeOutcome {
    pub const ALL: [NoticeOutcome; 3] = [
        NoticeOutcome::Sent,
        NoticeOutcome::Retry,
        NoticeOutcome::Failed,
    ];

    pub fn key(self) -> &'static str {
        match self {
            NoticeOutcome::Sent => "sent",
            NoticeOutcome::Retry => "retry",
            NoticeOutcome::Failed => "failed",
        }
    }
}

/// One database connection pool's use at a moment (read by `/metrics` at each scrape).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolUse {
    pub name: &'static str,
    /// Connections open, idle or in use.
    pub open: u32,
    pub idle: u32,
    pub max: u32,
}

/// Counts nothing: for tools and tests that do not watch.
pub struct NoTelemetry;

impl Telemetry for NoTelemetry {
    fn second_factor(&self, _: Workflow, _: Factor, _: Verdict) {}
    fn lockout_began(&self) {}
    fn push_sent(&self, _: PushSent) {}
    fn push_answered(&self, _: PushState, _: i64) {}
}

/// Keeps what it was told, for tests.
#[derive(Default)]
pub struct RecordedTelemetry(std::sync::Mutex<Vec<Told>>);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Told {
    SecondFactor(Workflow, Factor, Verdict),
    LockoutBegan,
    PushSent(PushSent),
    PushAnswered(PushState),
}

impl RecordedTelemetry {
    pub fn take(&self) -> Vec<Told> {
        self.0
            .lock()
            .map(|mut v| std::mem::take(&mut *v))
            .unwrap_or_default()
    }

    fn push(&self, t: Told) {
        if let Ok(mut v) = self.0.lock() {
            v.push(t);
        }
    }
}

impl Telemetry for RecordedTelemetry {
    fn second_factor(&self, w: Workflow, f: Factor, v: Verdict) {
        self.push(Told::SecondFactor(w, f, v));
    }
    fn lockout_began(&self) {
        self.push(Told::LockoutBegan);
    }
    fn push_sent(&self, sent: PushSent) {
        self.push(Told::PushSent(sent));
    }
    fn push_answered(&self, state: PushState, _waited_ms: i64) {
        self.push(Told::PushAnswered(state));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdicts_name_their_outcome_and_reason() {
        let accept = FactorDecision::Accept {
            method_id: "m".into(),
            announce_normal_factor: true,
        };
        assert_eq!(Verdict::of(&accept), Some(Verdict::Accepted));
        assert_eq!(Verdict::of(&FactorDecision::AlreadyFinal), None);
        assert_eq!(Verdict::of(&FactorDecision::CheckSecret), None);
        let expired = Verdict::of(&FactorDecision::Expire).unwrap();
        assert_eq!(
            (expired.outcome(), expired.reason()),
            ("rejected", "transaction_expired")
        );
        let retry = Verdict::of(&FactorDecision::Retry(FactorReason::WrongCode)).unwrap();
        assert_eq!((retry.outcome(), retry.reason()), ("retry", "wrong_code"));
        for v in [expired, retry, Verdict::Accepted] {
            assert!(Verdict::OUTCOMES.contains(&v.outcome()));
        }
    }
}
