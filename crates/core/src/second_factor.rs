//! The decision on one second factor presented for a sign-in transaction, with no I/O. Every
//! factor (an OTP code, an SMS code, a temporary code, a push answer, a push device's offline
//! code) goes through [`decide`]: the services read what it needs, take the attempt, run the
//! factor's check, and carry out the decision it returns. So the rules (expiry, scope, policy,
//! lockout, acceptance and what follows it) are written once for every front end.

use crate::lockout::LockoutState;
use crate::policy::{Factor, UserPolicy};
use crate::signin::{Transaction, TxState};
use crate::time::Timestamp;
use crate::workflow::factor_allowed;

/// Why a second factor was not accepted: the stable reason code that clients, the audit log
/// and the stored transaction carry ([`FactorReason::code`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FactorReason {
    /// A code that matches none of the user's methods (or not the SMS code, or not the
    /// temporary code).
    WrongCode,
    /// A code (or a later one) that was used already.
    Replayed,
    /// No active method of the kind the code was checked against.
    NoOtpToken,
    /// A method whose seed cannot be decrypted (wrong keys on this node).
    SeedUnreadable,
    UnknownOrDisabledUser,
    NoTemporaryCode,
    /// The user's temporary code has expired.
    TemporaryCodeExpired,
    /// A single-use temporary code used a moment ago by another request.
    AlreadyUsed,
    /// Temporary codes are switched off for the enterprise.
    TemporaryCodesDisabled,
    /// Security requirement 7: a temporary code for a workflow that never accepts one.
    TemporaryCodeScope,
    /// The transaction does not offer the factor, or the policy does not accept it.
    FactorNotAccepted,
    LockedOut,
    TransactionExpired,
    PushDenied,
    PushWrongNumber,
    PushTimeout,
    /// Emergency access: the security answers were not all right.
    WrongAnswers,
}

impl FactorReason {
    pub const ALL: [FactorReason; 17] = [
        FactorReason::WrongCode,
        FactorReason::Replayed,
        FactorReason::NoOtpToken,
        FactorReason::SeedUnreadable,
        FactorReason::UnknownOrDisabledUser,
        FactorReason::NoTemporaryCode,
        FactorReason::TemporaryCodeExpired,
        FactorReason::AlreadyUsed,
        FactorReason::TemporaryCodesDisabled,
        FactorReason::TemporaryCodeScope,
        FactorReason::FactorNotAccepted,
        FactorReason::LockedOut,
        FactorReason::TransactionExpired,
        FactorReason::PushDenied,
        FactorReason::PushWrongNumber,
        FactorReason::PushTimeout,
        FactorReason::WrongAnswers,
    ];

    /// The reason on the wire (API `reason`, audit `reason`, stored transaction): stable.
    pub fn code(self) -> &'static str {
        match self {
            FactorReason::WrongCode => "wrong_code",
            FactorReason::Replayed => "replayed",
            FactorReason::NoOtpToken => "no_otp_token",
            FactorReason::SeedUnreadable => "seed_unreadable",
            FactorReason::UnknownOrDisabledUser => "unknown_or_disabled_user",
            FactorReason::NoTemporaryCode => "no_temporary_code",
            FactorReason::TemporaryCodeExpired => "expired",
            FactorReason::AlreadyUsed => "already_used",
            FactorReason::TemporaryCodesDisabled => "temporary_codes_disabled",
            FactorReason::TemporaryCodeScope => "tc_scope_violation",
            FactorReason::FactorNotAccepted => "factor_not_accepted",
            FactorReason::LockedOut => "locked_out",
            FactorReason::TransactionExpired => "transaction_expired",
            FactorReason::PushDenied => "push_denied",
            FactorReason::PushWrongNumber => "push_wrong_number",
            FactorReason::PushTimeout => "push_timeout",
            FactorReason::WrongAnswers => "wrong_answers",
        }
    }
}

impl std::fmt::Display for FactorReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// What checking the factor's secret found, after its attempt was taken from the lockout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Check {
    /// The lockout refused the attempt (locked out, or a lock ended this transaction): the
    /// secret was not compared.
    AttemptRefused,
    /// Right, by this method (for a code, once its counter is used up with the acceptance).
    Right { method_id: String },
    /// Wrong; `locked`: the lockout after counting this attempt locks the user out.
    Wrong { reason: FactorReason, locked: bool },
    /// Ends the transaction whatever the lockout (a denied push, a wrong push number,
    /// temporary codes switched off).
    Ends(FactorReason),
}

/// What the decision reads: the transaction and the user's policy and lockout as read with it.
#[derive(Debug, Clone, Copy)]
pub struct FactorInput<'a> {
    pub transaction: &'a Transaction,
    /// `None`: the user (or their policy) is gone since the transaction began.
    pub policy: Option<&'a UserPolicy>,
    pub lockout: &'a LockoutState,
    pub factor: Factor,
    pub now: Timestamp,
}

/// What to do with the transaction; the services carry it out (with conditional writes, so a
/// transaction decided by another request meanwhile is left as that request decided it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FactorDecision {
    /// Final already: report it as stored, change nothing.
    AlreadyFinal,
    /// Past its expiry: rejected as [`FactorReason::TransactionExpired`], with no audit record
    /// of its own (as everywhere an expiry is noticed).
    Expire,
    /// Open, but its user (or their policy) is gone: nothing is written, the caller learns
    /// the user is not found.
    UserGone,
    /// Nothing stands in the way: take an attempt, check the secret, and decide again with
    /// what the check found. Only returned without a check.
    CheckSecret,
    /// Rejected with this reason and a decision record.
    Reject(FactorReason),
    /// Still open: the client may try again (the failure was counted with its attempt).
    Retry(FactorReason),
    /// Accepted by `method_id`, with a decision record; the user's lockout is cleared and,
    /// when `announce_normal_factor`, the user's normal factor is announced (which ends their
    /// temporary code).
    Accept {
        method_id: String,
        announce_normal_factor: bool,
    },
}

/// The decision on `input.factor` for `input.transaction`, before its check (`check` is
/// `None`: [`FactorDecision::CheckSecret`] unless something decides without it) or after it.
pub fn decide(input: FactorInput<'_>, check: Option<&Check>) -> FactorDecision {
    let t = input.transaction;
    if t.state != TxState::AwaitingSecondFactor {
        return FactorDecision::AlreadyFinal;
    }
    if input.now >= t.expires_at {
        return FactorDecision::Expire;
    }
    let Some(policy) = input.policy else {
        return FactorDecision::UserGone;
    };
    if let Some(reason) = refusal_before_check(input, policy) {
        return FactorDecision::Reject(reason);
    }
    match check {
        None => FactorDecision::CheckSecret,
        Some(Check::AttemptRefused) => FactorDecision::Reject(FactorReason::LockedOut),
        Some(Check::Right { method_id }) => FactorDecision::Accept {
            method_id: method_id.clone(),
            // A temporary code, and emergency access by questions, stand in for the normal
            // factor; they are not its return.
            announce_normal_factor: is_normal_factor(input.factor),
        },
        Some(Check::Wrong { locked: true, .. }) => FactorDecision::Reject(FactorReason::LockedOut),
        Some(Check::Wrong { reason, .. }) => FactorDecision::Retry(*reason),
        Some(Check::Ends(reason)) => FactorDecision::Reject(*reason),
    }
}

/// Whether accepting `factor` means the user's normal factor is back (which ends a temporary
/// code): not for the stand-ins, a temporary code and the security questions of emergency
/// access.
pub fn is_normal_factor(factor: Factor) -> bool {
    !matches!(factor, Factor::TemporaryCode | Factor::SecurityQuestions)
}

/// Why the factor cannot decide the (open, unexpired) transaction whatever its check says.
fn refusal_before_check(input: FactorInput<'_>, policy: &UserPolicy) -> Option<FactorReason> {
    let t = input.transaction;
    if input.factor == Factor::TemporaryCode
        && !t
            .workflow
            .permitted_factors()
            .contains(&Factor::TemporaryCode)
    {
        // Security requirement 7: a temporary code for order signing (or any workflow but
        // remote access and workstation login) is refused without looking at the code, which
        // stays valid where it belongs.
        return Some(FactorReason::TemporaryCodeScope);
    }
    if !t.acceptable.contains(&input.factor)
        || factor_allowed(policy, t.workflow, input.factor).is_err()
    {
        return Some(FactorReason::FactorNotAccepted);
    }
    // Security requirement 15: a lock ends the transaction for good (its end revives nothing).
    if !input.lockout.flow_alive(t.lock_epoch, input.now) {
        return Some(FactorReason::LockedOut);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::Workflow;

    const NOW: Timestamp = Timestamp(1_000_000);

    fn transaction(workflow: Workflow, acceptable: &[Factor]) -> Transaction {
        Transaction {
            id: "t1".into(),
            client_id: "c1".into(),
            username: "alice".into(),
            workflow,
            state: TxState::AwaitingSecondFactor,
            acceptable: acceptable.to_vec(),
            reason: None,
            source: None,
            device: None,
            created_at: Timestamp(NOW.0 - 1_000),
            expires_at: Timestamp(NOW.0 + 60_000),
            finished_at: None,
            lock_epoch: 0,
        }
    }

    /// Accepts every factor a workflow can accept, for remote access and order signing.
    fn policy() -> UserPolicy {
        UserPolicy::new("P")
            .unwrap()
            .apply(&[
                (
                    "remote_access.factors".into(),
                    "push,sms,otp,temporary_code".into(),
                ),
                ("order_signing.enabled".into(), "true".into()),
                ("order_signing.second_factor".into(), "true".into()),
                ("order_signing.factors".into(), "push,otp".into()),
            ])
            .unwrap()
    }

    fn right() -> Check {
        Check::Right {
            method_id: "m1".into(),
        }
    }

    fn accept(factor: Factor) -> FactorDecision {
        FactorDecision::Accept {
            method_id: "m1".into(),
            announce_normal_factor: is_normal_factor(factor),
        }
    }

    /// Every factor a sign-in transaction can take, with a check each can end in.
    const FACTORS: [Factor; 4] = [
        Factor::Otp,
        Factor::Sms,
        Factor::Push,
        Factor::TemporaryCode,
    ];

    #[test]
    fn every_factor_and_outcome() {
        let p = policy();
        let open = LockoutState::default();
        let locked = LockoutState {
            failures: 5,
            last_failure: Some(NOW),
            locked_until: Some(Timestamp(NOW.0 + 60_000)),
            locks: 1,
        };
        // A lock that began and ended after the transaction started (epoch 0 → 1).
        let lock_ended = LockoutState {
            locked_until: None,
            ..locked
        };
        let wrong = |locked| Check::Wrong {
            reason: FactorReason::WrongCode,
            locked,
        };
        for factor in FACTORS {
            let remote = transaction(Workflow::RemoteAccess, &FACTORS);
            let mut accepted = remote.clone();
            accepted.state = TxState::Accepted;
            let mut rejected = remote.clone();
            rejected.state = TxState::Rejected;
            let mut expired = remote.clone();
            expired.expires_at = NOW;
            let not_offered = transaction(
                Workflow::RemoteAccess,
                &FACTORS
                    .into_iter()
                    .filter(|f| *f != factor)
                    .collect::<Vec<_>>(),
            );
            let signing = transaction(Workflow::OrderSigning, &FACTORS);
            let signing_expect = match factor {
                Factor::TemporaryCode => FactorDecision::Reject(FactorReason::TemporaryCodeScope),
                Factor::Sms => FactorDecision::Reject(FactorReason::FactorNotAccepted),
                _ => accept(factor),
            };
            let table: Vec<(
                &str,
                &Transaction,
                &LockoutState,
                Option<Check>,
                FactorDecision,
            )> = vec![
                ("user gone", &remote, &open, None, FactorDecision::UserGone),
                (
                    "user gone, accepted already",
                    &accepted,
                    &open,
                    None,
                    FactorDecision::AlreadyFinal,
                ),
                (
                    "user gone, expired",
                    &expired,
                    &open,
                    None,
                    FactorDecision::Expire,
                ),
                (
                    "open, before the check",
                    &remote,
                    &open,
                    None,
                    FactorDecision::CheckSecret,
                ),
                ("right", &remote, &open, Some(right()), accept(factor)),
                (
                    "wrong",
                    &remote,
                    &open,
                    Some(wrong(false)),
                    FactorDecision::Retry(FactorReason::WrongCode),
                ),
                (
                    "replayed",
                    &remote,
                    &open,
                    Some(Check::Wrong {
                        reason: FactorReason::Replayed,
                        locked: false,
                    }),
                    FactorDecision::Retry(FactorReason::Replayed),
                ),
                (
                    "wrong, and this attempt locks",
                    &remote,
                    &open,
                    Some(wrong(true)),
                    FactorDecision::Reject(FactorReason::LockedOut),
                ),
                (
                    "attempt refused",
                    &remote,
                    &open,
                    Some(Check::AttemptRefused),
                    FactorDecision::Reject(FactorReason::LockedOut),
                ),
                (
                    "ends (denied push)",
                    &remote,
                    &open,
                    Some(Check::Ends(FactorReason::PushDenied)),
                    FactorDecision::Reject(FactorReason::PushDenied),
                ),
                (
                    "ends (wrong number)",
                    &remote,
                    &open,
                    Some(Check::Ends(FactorReason::PushWrongNumber)),
                    FactorDecision::Reject(FactorReason::PushWrongNumber),
                ),
                (
                    "locked when read",
                    &remote,
                    &locked,
                    Some(right()),
                    FactorDecision::Reject(FactorReason::LockedOut),
                ),
                (
                    "locked when read, before the check",
                    &remote,
                    &locked,
                    None,
                    FactorDecision::Reject(FactorReason::LockedOut),
                ),
                (
                    "a lock came and went",
                    &remote,
                    &lock_ended,
                    Some(right()),
                    FactorDecision::Reject(FactorReason::LockedOut),
                ),
                (
                    "accepted already",
                    &accepted,
                    &open,
                    Some(right()),
                    FactorDecision::AlreadyFinal,
                ),
                (
                    "rejected already",
                    &rejected,
                    &locked,
                    None,
                    FactorDecision::AlreadyFinal,
                ),
                (
                    "expired",
                    &expired,
                    &open,
                    Some(right()),
                    FactorDecision::Expire,
                ),
                (
                    "expired, locked",
                    &expired,
                    &locked,
                    None,
                    FactorDecision::Expire,
                ),
                (
                    "not offered",
                    &not_offered,
                    &open,
                    Some(right()),
                    FactorDecision::Reject(FactorReason::FactorNotAccepted),
                ),
                (
                    "order signing",
                    &signing,
                    &open,
                    Some(right()),
                    signing_expect,
                ),
            ];
            for (case, t, lockout, check, expected) in table {
                let input = FactorInput {
                    transaction: t,
                    policy: (!case.starts_with("user gone")).then_some(&p),
                    lockout,
                    factor,
                    now: NOW,
                };
                assert_eq!(
                    decide(input, check.as_ref()),
                    expected,
                    "{} × {case}",
                    factor.key()
                );
            }
        }
    }

    #[test]
    fn a_factor_the_policy_does_not_accept_is_refused_before_its_check() {
        let p = UserPolicy::new("P")
            .unwrap()
            .apply(&[("remote_access.factors".into(), "otp".into())])
            .unwrap();
        let t = transaction(Workflow::RemoteAccess, &FACTORS);
        for factor in [Factor::Push, Factor::Sms, Factor::TemporaryCode] {
            let input = FactorInput {
                transaction: &t,
                policy: Some(&p),
                lockout: &LockoutState::default(),
                factor,
                now: NOW,
            };
            assert_eq!(
                decide(input, None),
                FactorDecision::Reject(FactorReason::FactorNotAccepted),
                "{}",
                factor.key()
            );
        }
    }

    #[test]
    fn reason_codes_are_distinct_and_stable() {
        let codes: std::collections::BTreeSet<_> =
            FactorReason::ALL.iter().map(|r| r.code()).collect();
        assert_eq!(codes.len(), FactorReason::ALL.len());
        assert_eq!(
            FactorReason::TemporaryCodeScope.code(),
            "tc_scope_violation"
        );
        assert_eq!(FactorReason::TemporaryCodeExpired.code(), "expired");
    }
}
