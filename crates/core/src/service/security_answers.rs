//! Enrolling security answers (F-S3, F-S4, F-S12): a user on `/me` picks the policy's number of
//! questions from the administrators' set (mandatory ones always among them) and answers them;
//! only argon2id hashes of the normalised answers are kept (own salt each, a pepper of their
//! own; security requirement 40). Changing answers already enrolled needs a second factor
//! confirmed in the last 5 minutes; declining the prompt is audited and announced; an
//! administrator may clear a user's answers.

use super::{Authority, Caller, ServiceError, Services};
use crate::admin::Permission;
use crate::audit::{AuditAction, Outcome};
use crate::events::DomainEvent;
use crate::ids::QuestionId;
use crate::policy::EnrollmentPrompt;
use crate::ports::AnswerEnrollment;
use crate::questions::SecurityQuestion;
use crate::security_answers::{AnswerRefusal, validate_answers};
use crate::user::User;
use secrecy::{ExposeSecret, SecretString};

/// What the enrollment page shows.
#[derive(Debug, Clone)]
pub struct AnswerForm {
    /// The administrators' questions, mandatory ones first.
    pub questions: Vec<SecurityQuestion>,
    /// How many the user answers (the policy's number, at most the set's size).
    pub count: usize,
    pub enrollment: AnswerEnrollment,
    /// Whether the user's policy allows a self-service reset at all (nothing to enrol otherwise).
    pub reset_allowed: bool,
    pub prompt: EnrollmentPrompt,
}

/// Whether signing in should lead to the enrollment page, and whether it may be put off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnrollmentNeed {
    /// Nothing to ask.
    None,
    /// Ask, with a "Later" button.
    MayDelay,
    /// Ask; nothing else opens until done.
    Must,
}

impl EnrollmentNeed {
    pub fn key(self) -> &'static str {
        match self {
            EnrollmentNeed::None => "none",
            EnrollmentNeed::MayDelay => "may_delay",
            EnrollmentNeed::Must => "must",
        }
    }
}

/// The one rule for prompting (the `/me` sign-in and the API transaction's answer use it): only
/// users whose policy allows reset and who have no answers; as the policy's prompt says, except
/// that a user with nothing but a password enrolled is always asked (and may delay, unless the
/// policy says they must), as the reference says.
pub fn enrollment_need(
    reset_allowed: bool,
    prompt: EnrollmentPrompt,
    enrolled: bool,
    has_other_methods: bool,
) -> EnrollmentNeed {
    if !reset_allowed || enrolled {
        return EnrollmentNeed::None;
    }
    match prompt {
        EnrollmentPrompt::MustEnroll => EnrollmentNeed::Must,
        EnrollmentPrompt::MayDelay => EnrollmentNeed::MayDelay,
        EnrollmentPrompt::DoNotPrompt if !has_other_methods => EnrollmentNeed::MayDelay,
        EnrollmentPrompt::DoNotPrompt => EnrollmentNeed::None,
    }
}

impl Services {
    pub(crate) fn own_user(caller: &Caller) -> Option<&str> {
        match &caller.authority {
            Authority::SelfService { username, .. } => Some(username),
            _ => None,
        }
    }

    /// The user signed in to the self-service pages.
    pub async fn self_user(&self, caller: &Caller) -> Result<User, ServiceError> {
        let username =
            Self::own_user(caller).ok_or(ServiceError::Denied(Permission::ManageUsers))?;
        self.find_user(username).await
    }

    /// The enrollment page's content for the signed-in user.
    pub async fn answer_form(&self, caller: &Caller) -> Result<AnswerForm, ServiceError> {
        let username =
            Self::own_user(caller).ok_or(ServiceError::Denied(Permission::ManageUsers))?;
        let user = self.find_user(username).await?;
        let policy = self.policy_of(&user).await?;
        let mut questions = self.store.list_questions().await?;
        questions.sort_by_key(|q| !q.mandatory);
        let count = usize::from(policy.self_service.questions_to_enroll).min(questions.len());
        Ok(AnswerForm {
            count,
            enrollment: self.store.answer_enrollment(user.id).await?,
            reset_allowed: policy.self_service.allow_reset,
            prompt: policy.self_service.enrollment_prompt,
            questions,
        })
    }

    /// Whether the signed-in user should be led to the enrollment page.
    pub async fn enrollment_need_of(&self, user: &User) -> Result<EnrollmentNeed, ServiceError> {
        let policy = self.policy_of(user).await?;
        let enrolled = self.store.answer_enrollment(user.id).await?.answers > 0;
        let has_other_methods = self
            .store
            .methods_of(user.id)
            .await?
            .iter()
            .any(|m| m.state == crate::methods::MethodState::Active);
        Ok(enrollment_need(
            policy.self_service.allow_reset,
            policy.self_service.enrollment_prompt,
            enrolled,
            has_other_methods,
        ))
    }

    /// Replacing enrolled answers (and changing application passwords) needs a second factor
    /// confirmed in the last
    /// [`crate::session::REAUTH_WINDOW`]. A user who has no second factor (only a password, the
    /// case the reference always prompts) cannot confirm one: for them the sign-in with the
    /// password must be that recent, or they could never change their answers.
    pub(crate) async fn require_fresh_self_proof(
        &self,
        caller: &Caller,
        user: &User,
    ) -> Result<(), ServiceError> {
        let has_factor = self
            .store
            .methods_of(user.id)
            .await?
            .iter()
            .any(|m| m.state == crate::methods::MethodState::Active);
        if has_factor {
            return self.require_recent_second_factor(caller);
        }
        match &caller.authority {
            Authority::SelfService {
                signed_in_at: Some(t),
                ..
            } => {
                let now = self.clock.now();
                if *t <= now && now.since(*t) <= crate::session::REAUTH_WINDOW {
                    Ok(())
                } else {
                    Err(ServiceError::ReauthRequired)
                }
            }
            Authority::SelfService { .. } => Err(ServiceError::ReauthRequired),
            _ => self.require_recent_second_factor(caller),
        }
    }

    /// Whether `/me` leads the signed-in user to the enrollment now: always while they must;
    /// while they may delay, unless they chose "Later" in this session (a later sign-in asks
    /// again, as the reference's prompt at each sign-in does).
    pub async fn enrollment_due(&self, caller: &Caller) -> Result<bool, ServiceError> {
        let user = self.self_user(caller).await?;
        Ok(match self.enrollment_need_of(&user).await? {
            EnrollmentNeed::None => false,
            EnrollmentNeed::Must => true,
            EnrollmentNeed::MayDelay => {
                let declined = self.store.answer_enrollment(user.id).await?.declined_at;
                let signed_in = match &caller.authority {
                    Authority::SelfService { signed_in_at, .. } => *signed_in_at,
                    _ => None,
                };
                match (declined, signed_in) {
                    (None, _) => true,
                    (Some(d), Some(s)) => d < s,
                    (Some(_), None) => false,
                }
            }
        })
    }

    /// Enrols (or replaces) the signed-in user's answers. A refusal names the question it is
    /// about; nothing is stored unless every answer passes.
    pub async fn enroll_answers(
        &self,
        caller: &Caller,
        answers: &[(QuestionId, SecretString)],
    ) -> Result<Result<(), AnswerRefusal>, ServiceError> {
        let username =
            Self::own_user(caller).ok_or(ServiceError::Denied(Permission::ManageUsers))?;
        self.authorize(
            caller,
            Permission::ManageUsers,
            AuditAction::SsprAnswersEnroll,
            username,
        )
        .await?;
        let form = self.answer_form(caller).await?;
        if !form.reset_allowed {
            return Err(ServiceError::invalid(
                "answers",
                "your user policy does not offer a self-service password reset, so there is nothing to enrol",
            ));
        }
        let user = self.find_user(username).await?;
        if form.enrollment.answers > 0 {
            self.require_fresh_self_proof(caller, &user).await?;
        }
        let plain: Vec<(QuestionId, &str)> = answers
            .iter()
            .map(|(q, a)| (*q, a.expose_secret()))
            .collect();
        let stored = if self.directory.remembers_passwords() {
            self.stored_password_of(&user).await?
        } else {
            None
        };
        let normalised = match validate_answers(
            &form.questions,
            form.count,
            &plain,
            user.username.as_str(),
            stored.as_ref().map(ExposeSecret::expose_secret),
        ) {
            Ok(n) => n,
            Err(r) => return Ok(Err(r)),
        };
        // The embedded directory can tell whether an answer is the password without a sign-in.
        for (q, raw) in &plain {
            let candidate = SecretString::from(raw.trim().to_owned());
            if self
                .directory
                .is_current_password(user.username.as_str(), &candidate)
                .await?
                == Some(true)
            {
                return Ok(Err(AnswerRefusal::IsPassword(*q)));
            }
        }
        let mut hashes = Vec::with_capacity(normalised.len());
        for (q, a) in &normalised {
            hashes.push((*q, self.answer_hashes.hash_code(a).await?));
        }
        let audit = self
            .event(caller, AuditAction::SsprAnswersEnroll, Outcome::Success)
            .target(username)
            .detail("answers", hashes.len().to_string())
            .detail(
                "replaced",
                (form.enrollment.answers > 0).to_string().as_str(),
            );
        self.store
            .replace_security_answers(user.id, &hashes, self.clock.now(), &audit)
            .await?;
        // A draw kept for the old answers would ask questions that may be gone.
        self.store
            .forget_challenge_draw(&self.reset_name_key(user.username.as_str()))
            .await?;
        Ok(Ok(()))
    }

    /// The signed-in user put the enrollment off ("Later"); refused where the policy says
    /// they must enrol.
    pub async fn decline_answer_enrollment(&self, caller: &Caller) -> Result<(), ServiceError> {
        let username =
            Self::own_user(caller).ok_or(ServiceError::Denied(Permission::ManageUsers))?;
        self.authorize(
            caller,
            Permission::ManageUsers,
            AuditAction::SsprEnrollmentDeclined,
            username,
        )
        .await?;
        let user = self.find_user(username).await?;
        if self.enrollment_need_of(&user).await? == EnrollmentNeed::Must {
            return Err(ServiceError::invalid(
                "answers",
                "your user policy asks you to enrol your security questions before anything else",
            ));
        }
        let audit = self
            .event(
                caller,
                AuditAction::SsprEnrollmentDeclined,
                Outcome::Success,
            )
            .target(username);
        self.store
            .decline_answer_enrollment(user.id, self.clock.now(), &audit)
            .await?;
        self.emit(DomainEvent::SecurityQuestionsDeclined {
            user: user.id,
            username: username.to_owned(),
        })
        .await
    }

    /// A user's enrollment state, for the console's user page.
    pub async fn answer_enrollment_of(
        &self,
        caller: &Caller,
        username: &str,
    ) -> Result<AnswerEnrollment, ServiceError> {
        self.authorize(
            caller,
            Permission::ViewUsers,
            AuditAction::UserShow,
            username,
        )
        .await?;
        let user = self.find_user(username).await?;
        Ok(self.store.answer_enrollment(user.id).await?)
    }

    /// Clears a user's answers (they enrol again at their next sign-in, as their policy
    /// prompts). A sensitive change: a second factor confirmed in the last 5 minutes.
    pub async fn clear_answers(&self, caller: &Caller, username: &str) -> Result<(), ServiceError> {
        self.authorize(
            caller,
            Permission::DeleteEnrollments,
            AuditAction::SsprAnswersClear,
            username,
        )
        .await?;
        self.require_recent_second_factor(caller)?;
        let user = self.find_user(username).await?;
        let audit = self
            .event(caller, AuditAction::SsprAnswersClear, Outcome::Success)
            .target(username);
        // Nothing to clear is no error: the user has no answers either way (and nothing
        // changed, so nothing is audited).
        self.store.clear_security_answers(user.id, &audit).await?;
        self.store
            .forget_challenge_draw(&self.reset_name_key(username))
            .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prompting_follows_the_policy_and_always_asks_password_only_users() {
        use EnrollmentPrompt::*;
        assert_eq!(
            enrollment_need(false, MustEnroll, false, false),
            EnrollmentNeed::None
        );
        assert_eq!(
            enrollment_need(true, MustEnroll, true, false),
            EnrollmentNeed::None
        );
        assert_eq!(
            enrollment_need(true, MustEnroll, false, true),
            EnrollmentNeed::Must
        );
        assert_eq!(
            enrollment_need(true, MayDelay, false, true),
            EnrollmentNeed::MayDelay
        );
        assert_eq!(
            enrollment_need(true, DoNotPrompt, false, true),
            EnrollmentNeed::None
        );
        assert_eq!(
            enrollment_need(true, DoNotPrompt, false, false),
            EnrollmentNeed::MayDelay,
            "only a password enrolled: always asked"
        );
    }
}
