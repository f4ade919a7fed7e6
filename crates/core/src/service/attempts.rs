//! Count before compare: every guessable input (a code, a push number, a password the services
//! check) takes its attempt from the user's lockout in one atomic step *before* its secret is
//! compared, and gives it back (clearing the count) on success. Concurrent guesses, on any
//! number of nodes, are therefore never compared more than the policy's threshold allows.

use super::{ServiceError, Services};
use crate::ids::UserId;
use crate::lockout::{Applied, LockoutChange, LockoutState};
use crate::user::User;

/// The subject of a pending sign-in step's one-time token (console and `/me` code steps): the
/// user and the lockout epoch the step began at, so a lock in between ends the step for good.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StepSubject {
    pub username: String,
    pub epoch: u32,
}

impl StepSubject {
    pub(crate) fn new(user: &User, lockout: &LockoutState) -> StepSubject {
        StepSubject {
            username: user.username.as_str().to_owned(),
            epoch: lockout.epoch(),
        }
    }

    pub(crate) fn render(&self) -> String {
        format!("{}:{}", self.epoch, self.username)
    }

    /// `None` for anything else (a token written before steps carried their epoch): refused.
    pub(crate) fn parse(raw: &str) -> Option<StepSubject> {
        let (epoch, username) = raw.split_once(':')?;
        Some(StepSubject {
            username: username.to_owned(),
            epoch: epoch.parse().ok()?,
        })
    }
}

impl Services {
    /// Takes one attempt at `user`'s second factor before the secret is compared; `flow` is the
    /// epoch of the flow it belongs to (a transaction, a code step), if any. When
    /// `applied.refused` is set the secret must not be compared.
    pub(crate) async fn take_attempt(
        &self,
        user: &User,
        flow: Option<u32>,
    ) -> Result<Applied, ServiceError> {
        let policy = self.policy_of(user).await?;
        self.take_attempt_under(user.id, &policy.lockout, flow)
            .await
    }

    /// As [`Self::take_attempt`] with the user's lockout policy already read.
    pub(crate) async fn take_attempt_under(
        &self,
        user: UserId,
        policy: &crate::lockout::LockoutPolicy,
        flow: Option<u32>,
    ) -> Result<Applied, ServiceError> {
        let now = self.clock.now();
        let applied = self
            .store
            .change_user_lockout(
                user,
                LockoutChange::Attempt {
                    policy: *policy,
                    now,
                    flow,
                },
            )
            .await?;
        if !applied.before.is_locked(now) && applied.after.is_locked(now) {
            self.telemetry.lockout_began();
        }
        Ok(applied)
    }

    /// A right secret: the attempt it took and every earlier failure are cleared.
    pub(crate) async fn attempt_succeeded(&self, user: UserId) -> Result<(), ServiceError> {
        self.store
            .change_user_lockout(user, LockoutChange::Clear)
            .await?;
        Ok(())
    }

    /// The user's second-factor lockout as stored.
    pub(crate) async fn lockout_of(&self, user: &User) -> Result<LockoutState, ServiceError> {
        Ok(self.store.user_lockout(user.id).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn step_subjects_round_trip_and_old_ones_are_refused() {
        let s = StepSubject {
            username: "a:b".into(),
            epoch: 7,
        };
        assert_eq!(StepSubject::parse(&s.render()), Some(s));
        assert_eq!(StepSubject::parse("alice"), None);
        assert_eq!(StepSubject::parse("x:alice"), None);
    }
}
