//! The authentication decision: given who is signing in, for which workflow, the directory's
//! verdict on the password and the methods the user has, what happens next. Every client (the
//! API for workstation agents, RADIUS for VPNs, the web pages) asks this one function.

use crate::directory::{AuthFailure, AuthOutcome};
use crate::methods::{AuthMethod, MethodKind, MethodState};
use crate::policy::{Factor, SecondFactor, UserPolicy, Workflow};
use crate::user::{User, UserState};

/// Why an attempt was refused. The code is stable (audit records, trusted API clients); untrusted
/// callers only ever learn that it failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    UnknownUser,
    UserDisabled,
    WorkflowNotEnabled,
    Directory(AuthFailure),
    /// A second factor is required and the user has none they may use, nor may they delay.
    NoUsableFactor,
    FactorNotAccepted(Factor),
    WrongCode,
    Replayed,
    /// Too many failed attempts under the user's policy.
    LockedOut,
    TransactionExpired,
    /// An enrollment was deleted (stolen device): order signing waits until an administrator
    /// records that the user's identity was proofed again.
    IdentityProofingRequired,
}

impl Refusal {
    pub fn code(self) -> &'static str {
        match self {
            Refusal::UnknownUser => "unknown_user",
            Refusal::UserDisabled => "user_disabled",
            Refusal::WorkflowNotEnabled => "workflow_not_enabled",
            Refusal::Directory(f) => f.code(),
            Refusal::NoUsableFactor => "no_usable_factor",
            Refusal::FactorNotAccepted(_) => "factor_not_accepted",
            Refusal::WrongCode => "wrong_code",
            Refusal::Replayed => "replayed",
            Refusal::LockedOut => "locked_out",
            Refusal::TransactionExpired => "transaction_expired",
            Refusal::IdentityProofingRequired => "identity_proofing_required",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Refuse(Refusal),
    /// Done: the password alone was enough (no second factor required, or the user may still
    /// delay enrolling one).
    Accept {
        password_only: bool,
    },
    /// The password was right; one of these factors must follow.
    SecondFactor {
        acceptable: Vec<Factor>,
    },
}

/// What a user has besides their methods that can stand in for them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StandIns {
    /// A usable temporary code.
    pub temporary_code: bool,
    /// Enrolled security answers (emergency access).
    pub security_answers: bool,
}

/// The second factors a user can present for a workflow: what the policy accepts, what the
/// workflow can ever accept (never a temporary code for order signing), and what the user has.
pub fn usable_factors(
    policy: &UserPolicy,
    workflow: Workflow,
    methods: &[AuthMethod],
    stand_ins: StandIns,
) -> Vec<Factor> {
    let Some(rule) = policy.rule(workflow) else {
        return Vec::new();
    };
    let has = |kind: MethodKind| {
        methods
            .iter()
            .any(|m| m.kind == kind && m.state == MethodState::Active)
    };
    rule.accepted_factors
        .iter()
        .copied()
        .filter(|f| workflow.permitted_factors().contains(f))
        .filter(|f| match f {
            Factor::Otp => has(MethodKind::OtpToken),
            Factor::Push => has(MethodKind::PushDevice),
            Factor::Sms => has(MethodKind::PhoneNumber),
            Factor::TemporaryCode => stand_ins.temporary_code,
            Factor::SecurityQuestions => stand_ins.security_answers,
        })
        .collect()
}

/// The first step of an attempt, after the directory has checked the password.
pub fn first_step(
    user: Option<&User>,
    policy: &UserPolicy,
    workflow: Workflow,
    primary: AuthOutcome,
    methods: &[AuthMethod],
    stand_ins: StandIns,
    locked_out: bool,
) -> Step {
    let Some(user) = user else {
        return Step::Refuse(Refusal::UnknownUser);
    };
    if let AuthOutcome::Failed(f) = primary {
        return Step::Refuse(Refusal::Directory(f));
    }
    if user.state == UserState::Disabled {
        return Step::Refuse(Refusal::UserDisabled);
    }
    let Some(rule) = policy.rule(workflow) else {
        return Step::Refuse(Refusal::WorkflowNotEnabled);
    };
    if locked_out {
        return Step::Refuse(Refusal::LockedOut);
    }
    if rule.second_factor == SecondFactor::NotRequired {
        return Step::Accept {
            password_only: true,
        };
    }
    let acceptable = usable_factors(policy, workflow, methods, stand_ins);
    if !acceptable.is_empty() {
        return Step::SecondFactor { acceptable };
    }
    let enrolled_any = methods.iter().any(|m| m.state == MethodState::Active);
    // Reference: remote-access users who may delay enrolling and have not enrolled yet sign in
    // with the password only. Order signing never falls back.
    if workflow != Workflow::OrderSigning
        && policy.enrollment.may_delay
        && !enrolled_any
        && !stand_ins.temporary_code
    {
        return Step::Accept {
            password_only: true,
        };
    }
    Step::Refuse(Refusal::NoUsableFactor)
}

/// Whether `factor` may complete `workflow` for this user (checked again when the factor is
/// presented, so a client cannot pick a factor the first step did not offer).
pub fn factor_allowed(
    policy: &UserPolicy,
    workflow: Workflow,
    factor: Factor,
) -> Result<(), Refusal> {
    let ok = workflow.permitted_factors().contains(&factor)
        && policy
            .rule(workflow)
            .is_some_and(|r| r.accepted_factors.contains(&factor));
    if ok {
        Ok(())
    } else {
        Err(Refusal::FactorNotAccepted(factor))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{PolicyId, UserId};
    use crate::methods::MethodParams;
    use crate::otp::OtpParams;
    use crate::time::Timestamp;

    fn user(state: UserState) -> User {
        User {
            id: UserId(1),
            username: crate::user::Username::parse("alice").unwrap(),
            display_name: "Alice".into(),
            directory_ref: "embedded:alice".into(),
            policy_id: PolicyId(1),
            state,
            created_at: Timestamp(0),
        }
    }

    fn method(kind: MethodKind, state: MethodState) -> AuthMethod {
        AuthMethod {
            id: "m".into(),
            user_id: UserId(1),
            kind,
            label: "x".into(),
            state,
            params: MethodParams::Otp(OtpParams::totp()),
            sealed_secret: None,
            serial: None,
            last_counter: None,
            created_at: Timestamp(0),
            confirmed_at: None,
            last_used_at: None,
        }
    }

    fn signing_policy() -> UserPolicy {
        UserPolicy::new("P")
            .unwrap()
            .apply(&[
                ("order_signing.enabled".into(), "true".into()),
                ("order_signing.second_factor".into(), "true".into()),
                ("order_signing.factors".into(), "push,otp".into()),
            ])
            .unwrap()
    }

    const OK: AuthOutcome = AuthOutcome::Authenticated;

    #[test]
    fn table_of_first_steps() {
        let p = signing_policy();
        let otp = [method(MethodKind::OtpToken, MethodState::Active)];
        let phone = [method(MethodKind::PhoneNumber, MethodState::Active)];
        let pending = [method(MethodKind::OtpToken, MethodState::Pending)];
        let u = user(UserState::Active);
        let cases: Vec<(&str, Step)> = vec![
            (
                "otp user, remote access",
                first_step(
                    Some(&u),
                    &p,
                    Workflow::RemoteAccess,
                    OK,
                    &otp,
                    StandIns {
                        temporary_code: false,
                        security_answers: false,
                    },
                    false,
                ),
            ),
            (
                "phone user, order signing",
                first_step(
                    Some(&u),
                    &p,
                    Workflow::OrderSigning,
                    OK,
                    &phone,
                    StandIns {
                        temporary_code: false,
                        security_answers: false,
                    },
                    false,
                ),
            ),
            (
                "temporary code, order signing",
                first_step(
                    Some(&u),
                    &p,
                    Workflow::OrderSigning,
                    OK,
                    &[],
                    StandIns {
                        temporary_code: true,
                        security_answers: false,
                    },
                    false,
                ),
            ),
            (
                "temporary code, remote access",
                first_step(
                    Some(&u),
                    &p,
                    Workflow::RemoteAccess,
                    OK,
                    &[],
                    StandIns {
                        temporary_code: true,
                        security_answers: false,
                    },
                    false,
                ),
            ),
            (
                "pending token only",
                first_step(
                    Some(&u),
                    &p,
                    Workflow::RemoteAccess,
                    OK,
                    &pending,
                    StandIns {
                        temporary_code: false,
                        security_answers: false,
                    },
                    false,
                ),
            ),
            (
                "emergency access off",
                first_step(
                    Some(&u),
                    &p,
                    Workflow::EmergencyAccess,
                    OK,
                    &otp,
                    StandIns {
                        temporary_code: false,
                        security_answers: false,
                    },
                    false,
                ),
            ),
            (
                "bad password",
                first_step(
                    Some(&u),
                    &p,
                    Workflow::RemoteAccess,
                    AuthOutcome::Failed(AuthFailure::BadCredentials),
                    &otp,
                    StandIns {
                        temporary_code: false,
                        security_answers: false,
                    },
                    false,
                ),
            ),
            (
                "unknown user",
                first_step(
                    None,
                    &p,
                    Workflow::RemoteAccess,
                    OK,
                    &otp,
                    StandIns {
                        temporary_code: false,
                        security_answers: false,
                    },
                    false,
                ),
            ),
            (
                "disabled",
                first_step(
                    Some(&user(UserState::Disabled)),
                    &p,
                    Workflow::RemoteAccess,
                    OK,
                    &otp,
                    StandIns {
                        temporary_code: false,
                        security_answers: false,
                    },
                    false,
                ),
            ),
            (
                "locked out",
                first_step(
                    Some(&u),
                    &p,
                    Workflow::RemoteAccess,
                    OK,
                    &otp,
                    StandIns {
                        temporary_code: false,
                        security_answers: false,
                    },
                    true,
                ),
            ),
        ];
        let expected = [
            Step::SecondFactor {
                acceptable: vec![Factor::Otp],
            },
            Step::Refuse(Refusal::NoUsableFactor),
            Step::Refuse(Refusal::NoUsableFactor),
            Step::SecondFactor {
                acceptable: vec![Factor::TemporaryCode],
            },
            Step::Refuse(Refusal::NoUsableFactor),
            Step::Refuse(Refusal::WorkflowNotEnabled),
            Step::Refuse(Refusal::Directory(AuthFailure::BadCredentials)),
            Step::Refuse(Refusal::UnknownUser),
            Step::Refuse(Refusal::UserDisabled),
            Step::Refuse(Refusal::LockedOut),
        ];
        for ((label, got), want) in cases.into_iter().zip(expected) {
            assert_eq!(got, want, "{label}");
        }
    }

    #[test]
    fn password_only_when_the_user_may_delay_and_has_nothing_yet() {
        let p = signing_policy()
            .set("enrollment.may_delay", "true")
            .unwrap();
        let u = user(UserState::Active);
        assert_eq!(
            first_step(
                Some(&u),
                &p,
                Workflow::RemoteAccess,
                OK,
                &[],
                StandIns {
                    temporary_code: false,
                    security_answers: false
                },
                false
            ),
            Step::Accept {
                password_only: true
            }
        );
        // Never for order signing.
        assert_eq!(
            first_step(
                Some(&u),
                &p,
                Workflow::OrderSigning,
                OK,
                &[],
                StandIns {
                    temporary_code: false,
                    security_answers: false
                },
                false
            ),
            Step::Refuse(Refusal::NoUsableFactor)
        );
        let p2 = p.set("remote_access.second_factor", "false").unwrap();
        assert_eq!(
            first_step(
                Some(&u),
                &p2,
                Workflow::RemoteAccess,
                OK,
                &[],
                StandIns {
                    temporary_code: false,
                    security_answers: false
                },
                false
            ),
            Step::Accept {
                password_only: true
            }
        );
    }

    #[test]
    fn order_signing_refuses_sms_and_temporary_codes() {
        let p = signing_policy();
        assert_eq!(
            factor_allowed(&p, Workflow::OrderSigning, Factor::Sms),
            Err(Refusal::FactorNotAccepted(Factor::Sms))
        );
        assert_eq!(
            factor_allowed(&p, Workflow::OrderSigning, Factor::TemporaryCode),
            Err(Refusal::FactorNotAccepted(Factor::TemporaryCode))
        );
        assert_eq!(
            factor_allowed(&p, Workflow::OrderSigning, Factor::Otp),
            Ok(())
        );
        assert_eq!(
            factor_allowed(&p, Workflow::RemoteAccess, Factor::TemporaryCode),
            Ok(())
        );
        assert!(factor_allowed(&p, Workflow::EmergencyAccess, Factor::Otp).is_err());
    }
}
