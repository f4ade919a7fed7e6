//! User policies: which workflows a user may use, with which factors, how they enrol, how
//! self-service password reset behaves for them, and how failed attempts lock them out.

use crate::ids::PolicyId;
use crate::lockout::LockoutPolicy;
use crate::settings::{SettingError, parse_bool};
use crate::time::{format_duration, parse_duration};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Workflow {
    RemoteAccess,
    WorkstationLogin,
    OrderSigning,
    EmergencyAccess,
    SelfService,
}

impl Workflow {
    pub const ALL: [Workflow; 5] = [
        Workflow::RemoteAccess,
        Workflow::WorkstationLogin,
        Workflow::OrderSigning,
        Workflow::EmergencyAccess,
        Workflow::SelfService,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Workflow::RemoteAccess => "remote_access",
            Workflow::WorkstationLogin => "workstation_login",
            Workflow::OrderSigning => "order_signing",
            Workflow::EmergencyAccess => "emergency_access",
            Workflow::SelfService => "self_service",
        }
    }

    pub fn parse(raw: &str) -> Option<Workflow> {
        Workflow::ALL.into_iter().find(|w| w.key() == raw)
    }

    /// The factors this workflow can ever accept, whatever a policy says. Order signing accepts
    /// only factors bound to a device the signer holds (push, OTP token): never a temporary code.
    pub fn permitted_factors(self) -> &'static [Factor] {
        match self {
            Workflow::RemoteAccess | Workflow::WorkstationLogin => &[
                Factor::Push,
                Factor::Sms,
                Factor::Otp,
                Factor::TemporaryCode,
            ],
            Workflow::OrderSigning => &[Factor::Push, Factor::Otp],
            Workflow::EmergencyAccess => &[Factor::SecurityQuestions],
            Workflow::SelfService => &[Factor::SecurityQuestions, Factor::Push, Factor::Otp],
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Factor {
    Push,
    Sms,
    Otp,
    TemporaryCode,
    SecurityQuestions,
}

impl Factor {
    pub const ALL: [Factor; 5] = [
        Factor::Push,
        Factor::Sms,
        Factor::Otp,
        Factor::TemporaryCode,
        Factor::SecurityQuestions,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Factor::Push => "push",
            Factor::Sms => "sms",
            Factor::Otp => "otp",
            Factor::TemporaryCode => "temporary_code",
            Factor::SecurityQuestions => "security_questions",
        }
    }

    pub fn parse(raw: &str) -> Option<Factor> {
        Factor::ALL.into_iter().find(|f| f.key() == raw)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SecondFactor {
    Required,
    NotRequired,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkflowRule {
    pub enabled: bool,
    pub second_factor: SecondFactor,
    pub accepted_factors: BTreeSet<Factor>,
}

impl WorkflowRule {
    fn disabled() -> Self {
        WorkflowRule {
            enabled: false,
            second_factor: SecondFactor::NotRequired,
            accepted_factors: BTreeSet::new(),
        }
    }
}

/// How a user may enrol a push device or phone number from outside the office.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RemoteEnrollment {
    NotAllowed,
    /// The directory password is proof enough.
    WithPassword,
    /// Password plus a temporary code issued by the helpdesk (reference: "enroll a remote person
    /// securely").
    WithPasswordAndTemporaryCode,
}

impl RemoteEnrollment {
    pub fn key(self) -> &'static str {
        match self {
            RemoteEnrollment::NotAllowed => "not_allowed",
            RemoteEnrollment::WithPassword => "password",
            RemoteEnrollment::WithPasswordAndTemporaryCode => "password_and_temporary_code",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrollmentRules {
    pub may_enroll: bool,
    pub may_delay: bool,
    pub remote: RemoteEnrollment,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EnrollmentPrompt {
    MustEnroll,
    MayDelay,
    /// The reference's default.
    DoNotPrompt,
}

impl EnrollmentPrompt {
    pub fn key(self) -> &'static str {
        match self {
            EnrollmentPrompt::MustEnroll => "must",
            EnrollmentPrompt::MayDelay => "may_delay",
            EnrollmentPrompt::DoNotPrompt => "do_not_prompt",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SelfServicePolicy {
    pub allow_reset: bool,
    pub questions_to_enroll: u8,
    pub questions_to_answer: u8,
    pub enrollment_prompt: EnrollmentPrompt,
    pub reauthenticate_after_reset: bool,
    pub questions_for_app_passwords: u8,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserPolicy {
    pub id: PolicyId,
    pub name: String,
    pub workflows: BTreeMap<Workflow, WorkflowRule>,
    pub enrollment: EnrollmentRules,
    pub self_service: SelfServicePolicy,
    pub lockout: LockoutPolicy,
    /// What a RADIUS Access-Accept tells the gateway about users of this policy.
    #[serde(default)]
    pub radius: RadiusReply,
}

/// Reply attributes of a RADIUS Access-Accept, so the VPN maps the user to a group: Filter-Id
/// (RFC 2865 §5.11, the gateway's filter or group name) and Class (§5.25). Empty: not sent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RadiusReply {
    pub filter_id: String,
    pub class: String,
}

/// A reply attribute's value: printable, at most 253 octets (one RADIUS attribute).
fn reply_value(key: &str, raw: &str) -> Result<String, PolicyError> {
    let v = raw.trim();
    if v.len() > 253 || v.chars().any(char::is_control) {
        return Err(perr(
            key,
            "use at most 253 printable octets (it goes into one RADIUS attribute), or leave it empty",
        ));
    }
    Ok(v.to_owned())
}

/// A policy rule broken, with the field it concerns so a form can show it next to that field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct PolicyError {
    pub field: String,
    pub message: String,
}

fn perr(field: impl Into<String>, message: impl Into<String>) -> PolicyError {
    PolicyError {
        field: field.into(),
        message: message.into(),
    }
}

pub const MAX_QUESTIONS: u8 = 10;

impl UserPolicy {
    /// A new policy with safe defaults: remote access and workstation login need a second factor
    /// (push, SMS or OTP; temporary codes accepted when the enterprise allows them), order signing,
    /// emergency access and self-service off.
    pub fn new(name: &str) -> Result<UserPolicy, PolicyError> {
        let mut workflows = BTreeMap::new();
        for w in Workflow::ALL {
            workflows.insert(w, WorkflowRule::disabled());
        }
        let mfa = WorkflowRule {
            enabled: true,
            second_factor: SecondFactor::Required,
            accepted_factors: [
                Factor::Push,
                Factor::Sms,
                Factor::Otp,
                Factor::TemporaryCode,
            ]
            .into_iter()
            .collect(),
        };
        workflows.insert(Workflow::RemoteAccess, mfa.clone());
        workflows.insert(Workflow::WorkstationLogin, mfa);
        let p = UserPolicy {
            id: PolicyId(0),
            name: name.trim().to_owned(),
            workflows,
            enrollment: EnrollmentRules {
                may_enroll: true,
                may_delay: false,
                remote: RemoteEnrollment::WithPasswordAndTemporaryCode,
            },
            self_service: SelfServicePolicy {
                allow_reset: false,
                questions_to_enroll: 5,
                questions_to_answer: 3,
                enrollment_prompt: EnrollmentPrompt::DoNotPrompt,
                reauthenticate_after_reset: false,
                questions_for_app_passwords: 2,
            },
            lockout: LockoutPolicy::default(),
            radius: RadiusReply::default(),
        };
        p.validate()?;
        Ok(p)
    }

    pub fn rule(&self, w: Workflow) -> Option<&WorkflowRule> {
        self.workflows.get(&w).filter(|r| r.enabled)
    }

    /// Reference: a user may receive a temporary code only if their policy enables remote access
    /// or workstation login with a second factor.
    pub fn temporary_code_eligible(&self) -> bool {
        [Workflow::RemoteAccess, Workflow::WorkstationLogin]
            .into_iter()
            .filter_map(|w| self.rule(w))
            .any(|r| r.second_factor == SecondFactor::Required)
    }

    /// Every rule the policy must satisfy; the first broken one is reported with its field.
    pub fn validate(&self) -> Result<(), PolicyError> {
        let name = self.name.trim();
        if name.is_empty() || name.chars().count() > 80 || name.chars().any(char::is_control) {
            return Err(perr(
                "name",
                "give the policy a name of 1 to 80 printable characters",
            ));
        }
        for (w, rule) in &self.workflows {
            let field = format!("workflows.{}.factors", w.key());
            if let Some(bad) = rule
                .accepted_factors
                .iter()
                .find(|f| !w.permitted_factors().contains(f))
            {
                return Err(perr(
                    field,
                    format!(
                        "{} cannot be accepted for {}: choose from {}",
                        bad.key(),
                        w.key(),
                        w.permitted_factors()
                            .iter()
                            .map(|f| f.key())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
            }
            if rule.enabled
                && rule.second_factor == SecondFactor::Required
                && rule.accepted_factors.is_empty()
            {
                return Err(perr(
                    field,
                    format!(
                        "{} requires a second factor, so accept at least one factor",
                        w.key()
                    ),
                ));
            }
        }
        if let Some(r) = self.rule(Workflow::OrderSigning)
            && r.second_factor != SecondFactor::Required
        {
            return Err(perr(
                "workflows.order_signing.second_factor",
                "order signing always requires a second factor",
            ));
        }
        let ss = &self.self_service;
        if ss.questions_to_enroll == 0 || ss.questions_to_enroll > MAX_QUESTIONS {
            return Err(perr(
                "sspr.questions_to_enroll",
                format!("use a number from 1 to {MAX_QUESTIONS}"),
            ));
        }
        if ss.questions_to_answer == 0 || ss.questions_to_answer > ss.questions_to_enroll {
            return Err(perr(
                "sspr.questions_to_answer",
                format!(
                    "use a number from 1 to the questions enrolled ({})",
                    ss.questions_to_enroll
                ),
            ));
        }
        if ss.questions_for_app_passwords > ss.questions_to_enroll {
            return Err(perr(
                "sspr.questions_for_app_passwords",
                format!(
                    "use a number from 0 to the questions enrolled ({})",
                    ss.questions_to_enroll
                ),
            ));
        }
        self.lockout.validate().map_err(|(f, m)| perr(f, m))?;
        if self.enrollment.may_delay && !self.enrollment.may_enroll {
            return Err(perr(
                "enrollment.may_delay",
                "users who may not enrol cannot delay enrolling; allow enrolling first",
            ));
        }
        Ok(())
    }

    /// Every setting as `(key, value)`, in the form [`UserPolicy::set`] reads.
    pub fn entries(&self) -> Vec<(String, String)> {
        let mut out = vec![("name".to_owned(), self.name.clone())];
        for (w, r) in &self.workflows {
            let k = w.key();
            out.push((format!("{k}.enabled"), r.enabled.to_string()));
            out.push((
                format!("{k}.second_factor"),
                (r.second_factor == SecondFactor::Required).to_string(),
            ));
            out.push((
                format!("{k}.factors"),
                r.accepted_factors
                    .iter()
                    .map(|f| f.key())
                    .collect::<Vec<_>>()
                    .join(","),
            ));
        }
        let e = &self.enrollment;
        out.push(("enrollment.may_enroll".into(), e.may_enroll.to_string()));
        out.push(("enrollment.may_delay".into(), e.may_delay.to_string()));
        out.push(("enrollment.remote".into(), e.remote.key().into()));
        let s = &self.self_service;
        out.push(("sspr.allow_reset".into(), s.allow_reset.to_string()));
        out.push((
            "sspr.questions_to_enroll".into(),
            s.questions_to_enroll.to_string(),
        ));
        out.push((
            "sspr.questions_to_answer".into(),
            s.questions_to_answer.to_string(),
        ));
        out.push((
            "sspr.enrollment_prompt".into(),
            s.enrollment_prompt.key().into(),
        ));
        out.push((
            "sspr.reauthenticate_after_reset".into(),
            s.reauthenticate_after_reset.to_string(),
        ));
        out.push((
            "sspr.questions_for_app_passwords".into(),
            s.questions_for_app_passwords.to_string(),
        ));
        out.push(("radius.filter_id".into(), self.radius.filter_id.clone()));
        out.push(("radius.class".into(), self.radius.class.clone()));
        let l = &self.lockout;
        out.push(("lockout.threshold".into(), l.threshold.to_string()));
        out.push(("lockout.window".into(), format_duration(l.window)));
        out.push(("lockout.duration".into(), format_duration(l.duration)));
        out
    }

    /// Applies one `key=value` change and validates the whole policy; `self` is untouched.
    pub fn set(&self, key: &str, value: &str) -> Result<UserPolicy, PolicyError> {
        self.apply(&[(key.to_owned(), value.to_owned())])
    }

    /// Applies several changes, then validates the result once, so changes that only make sense
    /// together (enable a workflow and choose its factors) can be made in one step.
    pub fn apply(&self, changes: &[(String, String)]) -> Result<UserPolicy, PolicyError> {
        let mut p = self.clone();
        for (k, v) in changes {
            p.set_field(k, v)?;
        }
        p.validate()?;
        Ok(p)
    }

    fn set_field(&mut self, key: &str, value: &str) -> Result<(), PolicyError> {
        let p = self;
        let bad = |msg: String| perr(key, msg);
        let bool_of = |v: &str| -> Result<bool, PolicyError> {
            parse_bool("policy", v).map_err(|e: SettingError| match e {
                SettingError::BadValue { message, .. } => perr(key, message),
                other => perr(key, other.to_string()),
            })
        };
        let count_of = |v: &str| -> Result<u8, PolicyError> {
            v.parse::<u8>()
                .map_err(|_| perr(key, format!("{v:?} is not a whole number from 0 to 255")))
        };
        let duration_of = |v: &str| parse_duration(v).map_err(|m| perr(key, m));
        match key.split_once('.') {
            None if key == "name" => p.name = value.trim().to_owned(),
            Some((wf, field)) if Workflow::parse(wf).is_some() => {
                let w = Workflow::parse(wf).ok_or_else(|| bad("unknown workflow".into()))?;
                let rule = p.workflows.entry(w).or_insert_with(WorkflowRule::disabled);
                match field {
                    "enabled" => rule.enabled = bool_of(value)?,
                    "second_factor" => {
                        rule.second_factor = if bool_of(value)? {
                            SecondFactor::Required
                        } else {
                            SecondFactor::NotRequired
                        }
                    }
                    "factors" => {
                        let mut set = BTreeSet::new();
                        for f in value.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                            set.insert(Factor::parse(f).ok_or_else(|| {
                                bad(format!(
                                    "{f:?} is not a factor: use push, sms, otp, temporary_code or security_questions, comma-separated"
                                ))
                            })?);
                        }
                        rule.accepted_factors = set;
                    }
                    _ => {
                        return Err(bad(
                            "unknown field: use enabled, second_factor or factors".into()
                        ));
                    }
                }
            }
            Some(("enrollment", field)) => match field {
                "may_enroll" => p.enrollment.may_enroll = bool_of(value)?,
                "may_delay" => p.enrollment.may_delay = bool_of(value)?,
                "remote" => {
                    p.enrollment.remote = match value {
                        "not_allowed" => RemoteEnrollment::NotAllowed,
                        "password" => RemoteEnrollment::WithPassword,
                        "password_and_temporary_code" => {
                            RemoteEnrollment::WithPasswordAndTemporaryCode
                        }
                        _ => {
                            return Err(bad(format!(
                                "{value:?}: use not_allowed, password or password_and_temporary_code"
                            )));
                        }
                    }
                }
                _ => {
                    return Err(bad(
                        "unknown field: use may_enroll, may_delay or remote".into()
                    ));
                }
            },
            Some(("sspr", field)) => {
                let s = &mut p.self_service;
                match field {
                    "allow_reset" => s.allow_reset = bool_of(value)?,
                    "questions_to_enroll" => s.questions_to_enroll = count_of(value)?,
                    "questions_to_answer" => s.questions_to_answer = count_of(value)?,
                    "questions_for_app_passwords" => {
                        s.questions_for_app_passwords = count_of(value)?
                    }
                    "reauthenticate_after_reset" => s.reauthenticate_after_reset = bool_of(value)?,
                    "enrollment_prompt" => {
                        s.enrollment_prompt = match value {
                            "must" => EnrollmentPrompt::MustEnroll,
                            "may_delay" => EnrollmentPrompt::MayDelay,
                            "do_not_prompt" => EnrollmentPrompt::DoNotPrompt,
                            _ => {
                                return Err(bad(format!(
                                    "{value:?}: use must, may_delay or do_not_prompt"
                                )));
                            }
                        }
                    }
                    _ => return Err(bad("unknown self-service field".into())),
                }
            }
            Some(("radius", field)) => match field {
                "filter_id" => p.radius.filter_id = reply_value(key, value)?,
                "class" => p.radius.class = reply_value(key, value)?,
                _ => return Err(bad("unknown field: use filter_id or class".into())),
            },
            Some(("lockout", field)) => match field {
                "threshold" => {
                    p.lockout.threshold = value
                        .parse()
                        .map_err(|_| bad(format!("{value:?} is not a whole number")))?
                }
                "window" => p.lockout.window = duration_of(value)?,
                "duration" => p.lockout.duration = duration_of(value)?,
                _ => {
                    return Err(bad(
                        "unknown field: use threshold, window or duration".into()
                    ));
                }
            },
            _ => {
                return Err(bad(
                    "unknown policy setting: run `regain policy show NAME` to see every key".into(),
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> UserPolicy {
        UserPolicy::new("Standard").unwrap()
    }

    #[test]
    fn defaults_are_valid_and_eligible_for_temporary_codes() {
        let p = base();
        assert!(p.temporary_code_eligible());
        assert!(p.rule(Workflow::OrderSigning).is_none());
        assert_eq!(
            p.self_service.enrollment_prompt,
            EnrollmentPrompt::DoNotPrompt
        );
        assert!(!p.self_service.reauthenticate_after_reset);
    }

    #[test]
    fn eligibility_needs_remote_or_workstation_with_second_factor() {
        let p = base()
            .set("remote_access.second_factor", "false")
            .unwrap()
            .set("workstation_login.enabled", "false")
            .unwrap();
        assert!(!p.temporary_code_eligible());
        let p = p.set("workstation_login.enabled", "true").unwrap();
        assert!(p.temporary_code_eligible());
    }

    #[test]
    fn order_signing_never_accepts_temporary_codes_or_sms() {
        let on = |factors: &str| {
            base().apply(&[
                ("order_signing.enabled".into(), "true".into()),
                ("order_signing.second_factor".into(), "true".into()),
                ("order_signing.factors".into(), factors.into()),
            ])
        };
        assert!(on("push,otp").is_ok());
        let p = on("push").unwrap();
        for bad in ["temporary_code", "push,sms", "otp,temporary_code"] {
            let e = p.set("order_signing.factors", bad).unwrap_err();
            assert_eq!(e.field, "workflows.order_signing.factors", "{bad}");
        }
        assert!(p.set("order_signing.factors", "push,otp").is_ok());
    }

    #[test]
    fn order_signing_requires_a_second_factor() {
        let p = base();
        let mut p2 = p.clone();
        p2.workflows.insert(
            Workflow::OrderSigning,
            WorkflowRule {
                enabled: true,
                second_factor: SecondFactor::NotRequired,
                accepted_factors: [Factor::Push].into_iter().collect(),
            },
        );
        assert_eq!(
            p2.validate().unwrap_err().field,
            "workflows.order_signing.second_factor"
        );
    }

    #[test]
    fn question_counts_must_be_consistent() {
        let p = base();
        assert_eq!(
            p.set("sspr.questions_to_answer", "6").unwrap_err().field,
            "sspr.questions_to_answer"
        );
        assert_eq!(
            p.set("sspr.questions_to_enroll", "11").unwrap_err().field,
            "sspr.questions_to_enroll"
        );
        assert!(p.set("sspr.questions_to_enroll", "6").is_ok());
    }

    #[test]
    fn required_second_factor_needs_a_factor() {
        let e = base().set("remote_access.factors", "").unwrap_err();
        assert!(e.message.contains("at least one factor"));
    }

    #[test]
    fn unknown_keys_and_values_are_explained() {
        let p = base();
        assert!(
            p.set("lockout.treshold", "5")
                .unwrap_err()
                .message
                .contains("threshold")
        );
        assert!(
            p.set("remote_access.factors", "fax")
                .unwrap_err()
                .message
                .contains("push, sms")
        );
        assert!(
            p.set("bogus", "1")
                .unwrap_err()
                .message
                .contains("regain policy show")
        );
        assert!(p.set("name", " ").unwrap_err().field == "name");
    }

    #[test]
    fn contractor_policy_password_plus_temporary_code_only() {
        // Reference: "How do I enroll a contractor for one day?"
        let p = base()
            .set("remote_access.factors", "temporary_code")
            .unwrap()
            .set("workstation_login.enabled", "false")
            .unwrap()
            .set("enrollment.may_enroll", "false")
            .unwrap();
        assert!(p.temporary_code_eligible());
        assert!(!p.enrollment.may_enroll);
    }

    #[test]
    fn entries_round_trip_through_set() {
        let p = base().set("lockout.threshold", "7").unwrap();
        let q = UserPolicy::new("Other")
            .unwrap()
            .apply(&p.entries())
            .unwrap();
        assert_eq!(q.entries(), p.entries());
    }
}
