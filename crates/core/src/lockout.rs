//! Lockout after repeated failures: a pure state machine on an injected clock.
//!
//! Every guessable input (a code, a password, a push number, an answer) takes its attempt with
//! [`LockoutState::reserve`] *before* the secret is compared, and adapters apply the change in
//! one atomic step ([`LockoutChange`]), so guesses in flight, on any number of nodes, can never
//! be compared more than `threshold` times between two successes. A success clears the count.

use crate::time::{Timestamp, format_duration};
use serde::{Deserialize, Serialize};
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockoutPolicy {
    /// Attempts that lock the account (1..=100; NIST caps it at 100), counted until a whole
    /// `window` passes without one.
    pub threshold: u32,
    /// The count starts over only after this long without an attempt (it restarts at every
    /// attempt, so spacing guesses never clears it early).
    pub window: Duration,
    /// How long a lock lasts before it releases by itself.
    pub duration: Duration,
}

impl Default for LockoutPolicy {
    fn default() -> Self {
        LockoutPolicy {
            threshold: 5,
            window: Duration::from_secs(15 * 60),
            duration: Duration::from_secs(15 * 60),
        }
    }
}

impl LockoutPolicy {
    /// Returns the offending field and a message when a value is out of range.
    pub fn validate(&self) -> Result<(), (&'static str, String)> {
        if !(1..=100).contains(&self.threshold) {
            return Err(("lockout.threshold", "use a number from 1 to 100".into()));
        }
        if self.window < Duration::from_secs(60) || self.window > Duration::from_secs(86_400) {
            return Err(("lockout.window", "use between 1m and 1d".into()));
        }
        if self.duration < Duration::from_secs(60)
            || self.duration > Duration::from_secs(30 * 86_400)
        {
            return Err(("lockout.duration", "use between 1m and 30d".into()));
        }
        Ok(())
    }

    /// The most wrong guesses an attacker can have compared in `period`, at the fastest rate the
    /// rules allow. A cycle is either `threshold` guesses then a lock of `duration` (the count
    /// starts over when the lock ends), or `threshold - 1` guesses then a quiet `window` (the
    /// count starts over); nothing else clears the count but a success. Every cycle but the
    /// last starts and ends within the period, so the guesses are at most the best cycle rate
    /// times the period, plus one more cycle: `period × max(N / duration, (N - 1) / window) + N`.
    /// With the defaults (5, 15 min, 15 min) that is 485 a day.
    pub fn guesses_bound(&self, period: Duration) -> u64 {
        let n = u128::from(self.threshold);
        let p = period.as_millis();
        let by_lock = n * p / self.duration.as_millis().max(1);
        let by_window = n.saturating_sub(1) * p / self.window.as_millis().max(1);
        u64::try_from(by_lock.max(by_window) + n).unwrap_or(u64::MAX)
    }

    pub fn describe(&self) -> String {
        format!(
            "{} failures within {} lock for {}",
            self.threshold,
            format_duration(self.window),
            format_duration(self.duration)
        )
    }
}

/// Why an attempt was not taken (its secret must not be compared).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttemptRefused {
    /// The account is locked.
    LockedOut,
    /// The account was locked after this flow (sign-in, code step) began: the flow is dead,
    /// even once the lock has ended or an administrator unlocked the account.
    FlowEnded,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LockoutState {
    /// Attempts counted since the count last started over, each taken before its secret was
    /// compared (one still being compared counts too).
    pub failures: u32,
    /// When the newest counted attempt was taken.
    pub last_failure: Option<Timestamp>,
    pub locked_until: Option<Timestamp>,
    /// How many times the account has been locked. A flow remembers the number it began with
    /// ([`Self::epoch`]); once it differs, the flow is dead.
    pub locks: u32,
}

impl LockoutState {
    pub fn is_locked(&self, now: Timestamp) -> bool {
        self.locked_until.is_some_and(|t| now < t)
    }

    /// What a flow (an API sign-in, a console or self-service code step) records when it
    /// begins, to hand back to [`Self::reserve`] and [`Self::flow_alive`].
    pub fn epoch(&self) -> u32 {
        self.locks
    }

    /// Whether a flow begun at `epoch` may go on: no lock now, and none since it began.
    pub fn flow_alive(&self, epoch: u32, now: Timestamp) -> bool {
        !self.is_locked(now) && self.locks == epoch
    }

    /// Takes one attempt, before its secret is compared: refused while locked, or for a flow
    /// begun before the newest lock. The attempt that reaches the threshold locks the account
    /// at once, so no further attempt is taken while it (or any other) is being compared; it is
    /// still compared itself, and a success clears the lock it set.
    pub fn reserve(
        self,
        policy: &LockoutPolicy,
        now: Timestamp,
        flow: Option<u32>,
    ) -> Result<LockoutState, AttemptRefused> {
        if flow.is_some_and(|epoch| epoch != self.locks) {
            return Err(AttemptRefused::FlowEnded);
        }
        if self.is_locked(now) {
            return Err(AttemptRefused::LockedOut);
        }
        let quiet = self
            .last_failure
            .is_none_or(|last| now.since(last) >= policy.window);
        // A lock that has ended, or a whole window without an attempt, starts the count over.
        let counted = if self.locked_until.is_some() || quiet {
            0
        } else {
            self.failures
        };
        let failures = counted.saturating_add(1);
        if failures > policy.threshold {
            // Only reachable when the threshold was lowered since: the count is over it.
            return Err(AttemptRefused::LockedOut);
        }
        let locks_now = failures >= policy.threshold;
        Ok(LockoutState {
            failures,
            last_failure: Some(now),
            locked_until: locks_now.then(|| now.plus(policy.duration)),
            locks: self.locks.saturating_add(u32::from(locks_now)),
        })
    }

    /// A right secret: the count and any lock are cleared. The number of locks stays, so flows
    /// the last lock ended stay dead.
    pub fn on_success(self) -> LockoutState {
        LockoutState {
            locks: self.locks,
            ..LockoutState::default()
        }
    }

    /// An administrator's unlock clears the lock and the count (flows it ended stay dead).
    pub fn unlocked(self) -> LockoutState {
        self.on_success()
    }
}

/// A change to a lockout that an adapter applies atomically: it reads the state, applies the
/// change and writes the result in one step (a row lock, or the single SQLite writer), so two
/// concurrent attempts can never both count from the same old value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LockoutChange {
    /// [`LockoutState::reserve`]: one attempt, before its secret is compared.
    Attempt {
        policy: LockoutPolicy,
        now: Timestamp,
        /// The flow's epoch, for attempts that belong to a flow.
        flow: Option<u32>,
    },
    /// [`LockoutState::on_success`] (also an administrator's unlock).
    Clear,
}

/// What applying a [`LockoutChange`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Applied {
    pub before: LockoutState,
    /// The state now stored (`before` when refused).
    pub after: LockoutState,
    /// Set when the attempt was not taken: its secret must not be compared.
    pub refused: Option<AttemptRefused>,
}

impl Applied {
    /// Whether this change began a lockout (the moment subscribers hear of it).
    pub fn began_lockout(&self, change: &LockoutChange) -> bool {
        match change {
            LockoutChange::Attempt { now, .. } => {
                !self.before.is_locked(*now) && self.after.is_locked(*now)
            }
            LockoutChange::Clear => false,
        }
    }
}

impl LockoutChange {
    pub fn apply(self, before: LockoutState) -> Applied {
        let (after, refused) = match self {
            LockoutChange::Attempt { policy, now, flow } => {
                match before.reserve(&policy, now, flow) {
                    Ok(after) => (after, None),
                    Err(r) => (before, Some(r)),
                }
            }
            LockoutChange::Clear => (before.on_success(), None),
        };
        Applied {
            before,
            after,
            refused,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: u64 = 60_000;

    fn policy() -> LockoutPolicy {
        LockoutPolicy {
            threshold: 3,
            window: Duration::from_secs(600),
            duration: Duration::from_secs(900),
        }
    }

    fn at(min: u64) -> Timestamp {
        Timestamp::from_millis((min * MIN) as i64)
    }

    fn attempt(s: LockoutState, p: &LockoutPolicy, t: Timestamp) -> LockoutState {
        s.reserve(p, t, None).unwrap_or(s)
    }

    #[test]
    fn locks_at_threshold_and_releases_after_duration() {
        let p = policy();
        let s = attempt(attempt(LockoutState::default(), &p, at(0)), &p, at(1));
        assert!(!s.is_locked(at(1)));
        let s = attempt(s, &p, at(2));
        assert!(s.is_locked(at(2)));
        assert!(s.is_locked(at(16)));
        assert!(!s.is_locked(at(17)), "lock lasts exactly 15 minutes");
        assert_eq!(s.locks, 1);
    }

    #[test]
    fn the_attempt_past_the_threshold_is_refused_before_any_comparison() {
        let p = policy();
        let mut s = LockoutState::default();
        for m in 0..3 {
            s = s.reserve(&p, at(m), None).unwrap();
        }
        assert_eq!(s.reserve(&p, at(3), None), Err(AttemptRefused::LockedOut));
    }

    /// Security requirement 16: the window restarts at every attempt, so guesses spaced just
    /// inside it keep counting (with a window anchored at the first failure, two guesses at the
    /// end of one window and two at the start of the next never locked).
    #[test]
    fn req16_the_window_restarts_at_every_attempt() {
        let p = policy();
        let s = attempt(LockoutState::default(), &p, at(0));
        let s = attempt(s, &p, at(9));
        let s = attempt(s, &p, at(18));
        assert!(s.is_locked(at(18)), "{s:?}");
        // A whole quiet window starts the count over.
        let s = attempt(LockoutState::default(), &p, at(0));
        let s = attempt(s, &p, at(10));
        assert_eq!(s.failures, 1);
    }

    #[test]
    fn attempts_while_locked_do_not_extend_the_lock() {
        let p = policy();
        let mut s = LockoutState::default();
        for m in 0..3 {
            s = attempt(s, &p, at(m));
        }
        let until = s.locked_until;
        assert_eq!(s.reserve(&p, at(10), None), Err(AttemptRefused::LockedOut));
        assert_eq!(attempt(s, &p, at(10)).locked_until, until);
    }

    #[test]
    fn after_a_lock_expires_counting_starts_fresh() {
        let p = policy();
        let mut s = LockoutState::default();
        for m in 0..3 {
            s = attempt(s, &p, at(m));
        }
        let s = attempt(s, &p, at(20));
        assert_eq!(s.failures, 1);
        assert!(!s.is_locked(at(20)));
    }

    #[test]
    fn success_and_unlock_clear_everything_but_the_lock_count() {
        let p = policy();
        let s = attempt(LockoutState::default(), &p, at(0));
        assert_eq!(s.on_success(), LockoutState::default());
        let mut s = LockoutState::default();
        for m in 0..3 {
            s = attempt(s, &p, at(m));
        }
        let u = s.unlocked();
        assert!(!u.is_locked(at(3)));
        assert_eq!((u.failures, u.locks), (0, 1));
    }

    /// Security requirement 15: a lock ends every flow begun before it; neither the lock's end
    /// nor an administrator's unlock revives one, while a flow begun afterwards works.
    #[test]
    fn req15_a_lock_ends_earlier_flows_for_good() {
        let p = policy();
        let mut s = LockoutState::default();
        let flow = s.epoch();
        for m in 0..3 {
            s = s.reserve(&p, at(m), Some(flow)).unwrap();
        }
        assert!(!s.flow_alive(flow, at(3)));
        assert!(
            !s.flow_alive(flow, at(60)),
            "the lock's end revived the flow"
        );
        assert_eq!(
            s.reserve(&p, at(60), Some(flow)),
            Err(AttemptRefused::FlowEnded)
        );
        let unlocked = s.unlocked();
        assert_eq!(
            unlocked.reserve(&p, at(4), Some(flow)),
            Err(AttemptRefused::FlowEnded)
        );
        let new_flow = unlocked.epoch();
        assert!(unlocked.flow_alive(new_flow, at(4)));
        assert!(unlocked.reserve(&p, at(4), Some(new_flow)).is_ok());
    }

    #[test]
    fn changes_report_what_they_did() {
        let p = policy();
        let a = LockoutChange::Attempt {
            policy: p,
            now: at(0),
            flow: None,
        }
        .apply(LockoutState::default());
        assert_eq!((a.after.failures, a.refused), (1, None));
        let mut locked = LockoutState::default();
        for m in 0..3 {
            locked = attempt(locked, &p, at(m));
        }
        let r = LockoutChange::Attempt {
            policy: p,
            now: at(3),
            flow: None,
        }
        .apply(locked);
        assert_eq!(
            (r.after, r.refused),
            (locked, Some(AttemptRefused::LockedOut))
        );
        assert_eq!(LockoutChange::Clear.apply(locked).after.failures, 0);
    }

    /// How long an attacker waits after a taken attempt, given the count so far.
    type Pause = Box<dyn FnMut(u32) -> u64>;

    /// Everything an attacker can do in `period` at the fastest rate the rules allow, with
    /// `pause(failures_so_far)` deciding how long to wait after each taken attempt (in
    /// milliseconds, 0 = at once). Returns the attempts taken (each one compared).
    fn attack(p: &LockoutPolicy, period: Duration, mut pause: impl FnMut(u32) -> u64) -> u64 {
        let end = period.as_millis() as i64;
        let (mut t, mut s, mut taken) = (0i64, LockoutState::default(), 0u64);
        while t < end {
            let now = Timestamp::from_millis(t);
            match s.reserve(p, now, None) {
                Ok(next) => {
                    s = next;
                    taken += 1;
                    t += pause(s.failures) as i64;
                }
                // Locked: the next moment it is not.
                Err(_) => t = s.locked_until.map_or(t + 1, |u| u.as_millis()),
            }
        }
        taken
    }

    /// Security requirement 16: a simulated day of guessing at the fastest rate the rules
    /// allow (every moment the account is not locked), and at the best rate that never locks
    /// (threshold − 1 guesses, then a quiet window), stays within the documented bound, and the
    /// bound is close to what the fastest attack reaches (it is not a loose claim).
    #[test]
    fn req16_a_day_of_guessing_at_the_fastest_rate_stays_within_the_bound() {
        let day = Duration::from_secs(86_400);
        for p in [
            LockoutPolicy::default(),
            policy(),
            LockoutPolicy {
                threshold: 10,
                window: Duration::from_secs(3600),
                duration: Duration::from_secs(60),
            },
            LockoutPolicy {
                threshold: 100,
                window: Duration::from_secs(60),
                duration: Duration::from_secs(86_400),
            },
        ] {
            let bound = p.guesses_bound(day);
            let window_ms = p.window.as_millis() as u64;
            let strategies: [(&str, Pause); 4] = [
                ("at once, always", Box::new(|_| 0)),
                ("a guess a millisecond", Box::new(|_| 1)),
                (
                    "never locked: threshold - 1, then a quiet window",
                    Box::new(move |f| if f + 1 >= p.threshold { window_ms } else { 0 }),
                ),
                (
                    "spaced just inside the window",
                    Box::new(move |_| window_ms - 1),
                ),
            ];
            let mut best = 0;
            for (name, pause) in strategies {
                let taken = attack(&p, day, pause);
                assert!(
                    taken <= bound,
                    "{p:?} {name}: {taken} guesses > bound {bound}"
                );
                best = best.max(taken);
            }
            assert!(
                best + u64::from(p.threshold) >= bound,
                "{p:?}: the bound {bound} is loose (the fastest attack made {best})"
            );
        }
        // The defaults: 5 guesses per 15-minute lock, 96 locks a day (plus one cycle).
        assert_eq!(LockoutPolicy::default().guesses_bound(day), 485);
        assert_eq!(attack(&LockoutPolicy::default(), day, |_| 0), 480);
    }

    #[test]
    fn validation_names_the_field() {
        let mut p = policy();
        p.threshold = 0;
        assert_eq!(p.validate().unwrap_err().0, "lockout.threshold");
        p.threshold = 101;
        assert_eq!(p.validate().unwrap_err().0, "lockout.threshold");
        p.threshold = 5;
        p.window = Duration::from_secs(1);
        assert_eq!(p.validate().unwrap_err().0, "lockout.window");
    }
}
