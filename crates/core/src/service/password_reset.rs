//! The self-service password reset (`/sso/passwordhelp`, issue 16): a person gives a name,
//! answers the security questions (the sticky draw), in mode "questions and push" approves a
//! push, and then sets a new directory password or only unlocks the account.
//!
//! Until the answers are accepted, a name that belongs to nobody (or to a user without answers)
//! walks exactly the same steps as a real one: a decoy draw by a keyed hash of the name, the
//! same number of slow hash comparisons, a lockout of its own after the same number of wrong
//! sets, and the same answers (security requirement 39). Nothing the visitor typed reaches the
//! directory before then, so nobody can lock a directory account through this app.
//!
//! Count before compare: each answer set takes its attempt from the lockout (the user's, shared
//! with emergency access by questions; or the name's) before any answer is compared.

use super::{NewSession, ServiceError, Services};
use crate::audit::{Actor, AuditAction, AuditEvent, Outcome};
use crate::directory::DirectoryError;
use crate::events::DomainEvent;
use crate::ids::{QuestionId, UserId};
use crate::lockout::{Applied, LockoutChange, LockoutPolicy};
use crate::password_reset::{
    HelpdeskReason, RATE_PER_ADDRESS, RATE_PER_NAME, RATE_WINDOW, ResetGate, ResetSession,
    ResetStage, StoredDraw, address_rate_key, gate, name_rate_key,
};
use crate::policy::UserPolicy;
use crate::questions::SecurityQuestion;
use crate::security_answers::{challenge_draw, decoy_draw, normalize_answer};
use crate::settings::SelfServiceMode;
use crate::user::{User, Username};
use secrecy::{ExposeSecret, SecretString};

/// The purpose of a reset session's cookie token (its keyed hash is stored).
pub const RESET_SESSION_PURPOSE: &str = "reset_session";
const NAME_KEY_PURPOSE: &str = "sspr_name";
const DECOY_PURPOSE: &str = "sspr_decoy";

/// A reset session just begun: the cookie's token and the forms' token.
#[derive(Debug, Clone)]
pub struct ResetStart {
    pub token: String,
    pub csrf: String,
}

/// What giving a name led to. The same for every name.
#[derive(Debug)]
pub enum Identified {
    Started(ResetStart),
    /// Self-service reset is off for the whole enterprise: everyone hears so, after giving a name.
    Unavailable,
    /// Too many requests from this address or for this name: try again later.
    RateLimited,
}

/// What an answer set led to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answered {
    /// Identity proven by the answers; the session's next stage is ready.
    Accepted,
    /// Not accepted: one message whatever was wrong (a wrong answer, a name without answers);
    /// the same questions are asked again.
    NotAccepted,
    /// Too many wrong sets: locked for the policy's duration; the session has ended.
    Locked,
    RateLimited,
    /// The session had moved on or ended (another tab, the idle timeout).
    SessionEnded,
}

/// What a proven session may do next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProvenStep {
    /// The push of mode "questions and push" is pending.
    Push,
    /// The gate's decision: set a password (and, when locked, unlock only), or not.
    Gate(ResetGate),
}

/// Why a new password was not set. Every directory refusal keeps its precise kind, so the page
/// can say what to change; nothing was changed in any case.
#[derive(Debug)]
pub enum NotReset {
    /// The two entries differ.
    Mismatch,
    /// Refused by Regain's own screening or by the directory's rules.
    Rejected(crate::password_policy::PasswordRejection),
    /// The service account lacks a right: the user is sent to the helpdesk, the audit says
    /// which right.
    Helpdesk,
    /// The session is not (or no longer) at the stage where a password may be set.
    SessionEnded,
    /// The gate does not let this person change the password now.
    Gated(ResetGate),
}

/// After a successful reset: where the person goes.
pub enum ResetDone {
    /// Signed in to `/me` (the default).
    SignedIn(NewSession),
    /// The policy asks to sign in again with the new password and the usual factors.
    SignInAgain,
}

/// Who a name turned out to be, known only inside the services.
pub(super) enum Subject {
    User {
        user: Box<User>,
        policy: Box<UserPolicy>,
        answers: Vec<(QuestionId, String)>,
    },
    /// No user, or a user without answers: a decoy, locked by the name's own counter.
    Decoy {
        to_answer: usize,
        lockout: LockoutPolicy,
    },
}

impl Subject {
    fn user_id(&self) -> Option<UserId> {
        match self {
            Subject::User { user, .. } => Some(user.id),
            Subject::Decoy { .. } => None,
        }
    }
}

impl Services {
    /// The keyed hash of a name as the reset normalises it: the key of its draw, its rate
    /// window and its decoy lockout.
    pub(crate) fn reset_name_key(&self, name: &str) -> String {
        self.secrets
            .keyed_hash(NAME_KEY_PURPOSE, &normalize_answer(name))
    }

    pub(super) fn reset_event(
        &self,
        name: &str,
        action: AuditAction,
        outcome: Outcome,
    ) -> AuditEvent {
        AuditEvent::new(
            self.clock.now(),
            &Actor::User(name.to_owned()),
            action,
            outcome,
        )
        .target(name)
    }

    async fn default_policy(&self) -> Result<UserPolicy, ServiceError> {
        match self.store.policy_by_name("Default").await? {
            Some(p) => Ok(p),
            None => UserPolicy::new("Default").map_err(ServiceError::from),
        }
    }

    /// The same reads for every name (user, policy, answers), so looking a name up costs the
    /// same whoever it belongs to.
    pub(super) async fn reset_subject(&self, name: &str) -> Result<Subject, ServiceError> {
        let user = match Username::parse(name) {
            Ok(n) => self.store.user_by_name(&n).await?,
            Err(_) => None,
        };
        let (policy, answers) = match &user {
            Some(u) => (
                self.policy_of(u).await?,
                self.store.security_answers(u.id).await?,
            ),
            None => (
                self.default_policy().await?,
                self.store.security_answers(UserId(-1)).await?,
            ),
        };
        let to_answer = usize::from(policy.self_service.questions_to_answer);
        Ok(match user {
            Some(user) if !answers.is_empty() => Subject::User {
                user: Box::new(user),
                policy: Box::new(policy),
                answers,
            },
            _ => Subject::Decoy {
                to_answer,
                lockout: policy.lockout,
            },
        })
    }

    async fn subject_epoch(&self, subject: &Subject, name_key: &str) -> Result<u32, ServiceError> {
        Ok(match subject.user_id() {
            Some(id) => self.store.user_lockout(id).await?.epoch(),
            None => self.store.name_lockout(name_key).await?.epoch(),
        })
    }

    /// Counts one request against the address's and the name's windows; `false` when either is
    /// over its limit.
    async fn within_reset_rates(
        &self,
        name_key: &str,
        source: Option<&str>,
    ) -> Result<bool, ServiceError> {
        let now = self.clock.now();
        let by_name = self
            .store
            .hit_rate_window(&name_rate_key(name_key), RATE_WINDOW, now)
            .await?;
        let by_address = match source {
            Some(a) => {
                self.store
                    .hit_rate_window(&address_rate_key(a), RATE_WINDOW, now)
                    .await?
            }
            None => 0,
        };
        Ok(by_name <= RATE_PER_NAME && by_address <= RATE_PER_ADDRESS)
    }

    /// Step 1: a name. Starts a reset session for any name, existing or not.
    pub async fn reset_identify(
        &self,
        raw_name: &str,
        source: Option<&str>,
    ) -> Result<Identified, ServiceError> {
        let name = normalize_answer(raw_name);
        let name_key = self.reset_name_key(&name);
        if !self.store.settings().await?.self_service_enabled {
            return Ok(Identified::Unavailable);
        }
        if !self.within_reset_rates(&name_key, source).await? {
            self.store
                .append_audit(
                    &self
                        .reset_event(&name, AuditAction::SsprIdentify, Outcome::Denied)
                        .source(source)
                        .detail("reason", "rate_limited"),
                )
                .await?;
            return Ok(Identified::RateLimited);
        }
        let subject = self.reset_subject(&name).await?;
        let token = self.fresh_token()?;
        let csrf = self.fresh_token()?;
        let now = self.clock.now();
        let session = ResetSession {
            id_hash: self.secrets.keyed_hash(RESET_SESSION_PURPOSE, &token),
            lock_epoch: self.subject_epoch(&subject, &name_key).await?,
            name_key,
            username: name.clone(),
            csrf_token: csrf.clone(),
            stage: ResetStage::Challenge,
            transaction_id: None,
            source: source.map(str::to_owned),
            created_at: now,
            last_seen: now,
        };
        // The audit may say what the public page never does.
        let audit = self
            .reset_event(&name, AuditAction::SsprIdentify, Outcome::Success)
            .source(source)
            .detail(
                "subject",
                match &subject {
                    Subject::User { .. } => "enrolled_user",
                    Subject::Decoy { .. } => "decoy",
                },
            );
        self.store.create_reset_session(&session, &audit).await?;
        Ok(Identified::Started(ResetStart { token, csrf }))
    }

    /// Removes expired sessions (console, `/me`, reset), the reset's stale state and RADIUS
    /// challenges nobody answered; how many rows went.
    pub async fn purge_expired(&self) -> Result<u64, ServiceError> {
        let now = self.clock.now();
        Ok(self.store.purge_sessions(now).await?
            + self.store.purge_reset_state(now).await?
            + self
                .store
                .purge_notices(
                    now.minus(crate::notifications::SENT_KEPT),
                    now.minus(crate::notifications::FAILED_KEPT),
                )
                .await?
            + self.store.purge_challenges(now).await?)
    }

    /// The session behind a reset cookie, if still valid (each request moves its idle timer).
    pub async fn reset_session(&self, token: &str) -> Result<Option<ResetSession>, ServiceError> {
        let hash = self.secrets.keyed_hash(RESET_SESSION_PURPOSE, token);
        Ok(self
            .store
            .touch_reset_session(&hash, self.clock.now())
            .await?)
    }

    /// The questions the session asks: the kept draw, or a new one kept for every later
    /// request, browser and node (until answered, or until a lockout has come and gone).
    pub async fn reset_questions(
        &self,
        session: &ResetSession,
    ) -> Result<Vec<SecurityQuestion>, ServiceError> {
        let subject = self.reset_subject(&session.username).await?;
        let set = self.store.list_questions().await?;
        let draw = self
            .sticky_draw(&session.name_key, &session.username, &subject, &set)
            .await?;
        Ok(draw
            .questions
            .iter()
            .filter_map(|id| set.iter().find(|q| q.id == *id).cloned())
            .collect())
    }

    /// The questions kept for the name of `name_key` (`username` as given), drawn now if none
    /// stands: the one draw the reset app and emergency access share.
    pub(super) async fn sticky_draw(
        &self,
        name_key: &str,
        username: &str,
        subject: &Subject,
        set: &[SecurityQuestion],
    ) -> Result<StoredDraw, ServiceError> {
        let epoch = self.subject_epoch(subject, name_key).await?;
        let answerable: Vec<QuestionId> = match subject {
            Subject::User { answers, .. } => answers
                .iter()
                .map(|(q, _)| *q)
                .filter(|q| set.iter().any(|s| s.id == *q))
                .collect(),
            Subject::Decoy { .. } => set.iter().map(|q| q.id).collect(),
        };
        let kept = self.store.challenge_draw(name_key).await?;
        if let Some(k) = &kept
            && k.still_stands(epoch, &answerable)
        {
            return Ok(k.clone());
        }
        let questions = match subject {
            Subject::User { policy, .. } => {
                let random = self.secrets.random_bytes(32);
                if random.len() < 32 {
                    return Err(crate::ports::CryptoFailure::NoRandomness.into());
                }
                challenge_draw(
                    &answerable,
                    |id| set.iter().any(|q| q.id == id && q.mandatory),
                    usize::from(policy.self_service.questions_to_answer),
                    &random,
                )
            }
            Subject::Decoy { to_answer, .. } => {
                let hash = self
                    .secrets
                    .keyed_hash(DECOY_PURPOSE, &normalize_answer(username));
                decoy_draw(set, *to_answer, hash.as_bytes())
            }
        };
        let draw = StoredDraw {
            questions,
            lock_epoch: epoch,
        };
        Ok(self
            .store
            .keep_challenge_draw(name_key, &draw, kept.as_ref(), self.clock.now())
            .await?)
    }

    /// Whether every question of `draw` got its right answer, judged together: each one's
    /// answer compared by its slow hash (a decoy's against nothing, at the same cost), without
    /// stopping at the first wrong one. The attempt must have been taken already.
    pub(super) async fn judge_answers(
        &self,
        subject: &Subject,
        draw: &StoredDraw,
        answers: &[(QuestionId, SecretString)],
    ) -> Result<bool, ServiceError> {
        let given = |q: QuestionId| {
            answers
                .iter()
                .find(|(id, _)| *id == q)
                .map(|(_, a)| normalize_answer(a.expose_secret()))
                .unwrap_or_default()
        };
        let mut all_right = true;
        for q in &draw.questions {
            let answer = given(*q);
            let stored = match &subject {
                Subject::User { answers, .. } => answers.iter().find(|(id, _)| id == q),
                Subject::Decoy { .. } => None,
            };
            let right = match stored {
                Some((_, hash)) => self.answer_hashes.verify_code(&answer, hash).await?,
                None => {
                    self.answer_hashes.verify_nothing(&answer).await?;
                    false
                }
            };
            all_right &= right;
        }
        Ok(all_right)
    }

    /// Step 2: the answers, judged together. One attempt is taken from the lockout first; then
    /// every asked question's answer is compared by its slow hash (a decoy's against nothing,
    /// at the same cost), without stopping at the first wrong one.
    pub async fn reset_answer(
        &self,
        session: &ResetSession,
        answers: &[(QuestionId, SecretString)],
        source: Option<&str>,
    ) -> Result<Answered, ServiceError> {
        if session.stage != ResetStage::Challenge {
            return Ok(Answered::SessionEnded);
        }
        if !self.within_reset_rates(&session.name_key, source).await? {
            return Ok(Answered::RateLimited);
        }
        let subject = self.reset_subject(&session.username).await?;
        let set = self.store.list_questions().await?;
        let draw = self
            .sticky_draw(&session.name_key, &session.username, &subject, &set)
            .await?;
        // Count before compare.
        let taken: Applied = match &subject {
            Subject::User { user, policy, .. } => {
                self.take_attempt_under(user.id, &policy.lockout, Some(session.lock_epoch))
                    .await?
            }
            Subject::Decoy { lockout, .. } => {
                self.store
                    .change_name_lockout(
                        &session.name_key,
                        LockoutChange::Attempt {
                            policy: *lockout,
                            now: self.clock.now(),
                            flow: Some(session.lock_epoch),
                        },
                    )
                    .await?
            }
        };
        let name = session.username.as_str();
        let audit = |outcome, reason: &str| {
            self.reset_event(name, AuditAction::SsprChallenge, outcome)
                .source(source)
                .detail("reason", reason)
        };
        if taken.refused.is_some() {
            self.store.end_reset_session(&session.id_hash).await?;
            self.store
                .append_audit(&audit(Outcome::Denied, "locked_out"))
                .await?;
            return Ok(Answered::Locked);
        }
        let all_right = self.judge_answers(&subject, &draw, answers).await?;
        let Subject::User { user, policy, .. } = &subject else {
            return self.wrong_answers(session, &taken, &audit).await;
        };
        if !all_right {
            return self.wrong_answers(session, &taken, &audit).await;
        }
        self.store.forget_challenge_draw(&session.name_key).await?;
        let (next, push) = match self.store.settings().await?.self_service_mode {
            SelfServiceMode::Questions => {
                self.attempt_succeeded(user.id).await?;
                (ResetStage::Proven, None)
            }
            // The attempt stays counted until the push accepts it (the decision then clears the
            // count): a denied or timed-out push is this attempt failing. Without a push device
            // the session still moves on, and the gate sends the person to the helpdesk (after
            // the questions, as the reference says).
            SelfServiceMode::QuestionsAndPush => {
                let push = self.begin_reset_push(user, policy, source).await?;
                if push.is_none() {
                    self.attempt_succeeded(user.id).await?;
                }
                (ResetStage::Push, push)
            }
        };
        if !self
            .store
            .advance_reset_session(&session.id_hash, ResetStage::Challenge, next, push.as_ref())
            .await?
        {
            return Ok(Answered::SessionEnded);
        }
        self.store
            .append_audit(&audit(Outcome::Success, "answers_accepted"))
            .await?;
        Ok(Answered::Accepted)
    }

    async fn wrong_answers(
        &self,
        session: &ResetSession,
        taken: &Applied,
        audit: &impl Fn(Outcome, &str) -> AuditEvent,
    ) -> Result<Answered, ServiceError> {
        let now = self.clock.now();
        if taken.after.is_locked(now) {
            self.store.end_reset_session(&session.id_hash).await?;
            self.store
                .append_audit(&audit(Outcome::Failure, "wrong_answers_locked"))
                .await?;
            return Ok(Answered::Locked);
        }
        self.store
            .append_audit(&audit(Outcome::Failure, "wrong_answers"))
            .await?;
        Ok(Answered::NotAccepted)
    }

    /// The real user behind a session past its challenge (only such sessions have one).
    async fn proven_user(&self, session: &ResetSession) -> Result<Option<User>, ServiceError> {
        if session.stage == ResetStage::Challenge {
            return Ok(None);
        }
        self.proven_user_named(&session.username).await
    }

    pub(super) async fn proven_user_named(&self, name: &str) -> Result<Option<User>, ServiceError> {
        let Ok(name) = Username::parse(name) else {
            return Ok(None);
        };
        Ok(self.store.user_by_name(&name).await?)
    }

    /// What a session whose answers were accepted may do now: the gate, asked afresh each time
    /// (the account may have changed meanwhile).
    pub async fn reset_next(&self, session: &ResetSession) -> Result<ProvenStep, ServiceError> {
        let Some(user) = self.proven_user(session).await? else {
            return Err(ServiceError::Internal(
                "a reset session at the challenge stage has no next step",
            ));
        };
        if session.stage == ResetStage::Push {
            if session.transaction_id.is_some() {
                return Ok(ProvenStep::Push);
            }
            let has_device = self.store.methods_of(user.id).await?.iter().any(|m| {
                m.kind == crate::methods::MethodKind::PushDevice
                    && m.state == crate::methods::MethodState::Active
            });
            return Ok(ProvenStep::Gate(ResetGate::ContactHelpdesk(
                if has_device {
                    HelpdeskReason::PushNotOffered
                } else {
                    HelpdeskReason::NoPushDevice
                },
            )));
        }
        let policy = self.policy_of(&user).await?;
        let account = self.directory.account(user.username.as_str()).await?;
        Ok(ProvenStep::Gate(gate(
            policy.self_service.allow_reset,
            user.state,
            account.as_ref(),
            self.clock.now(),
        )))
    }

    /// Step 3: the new password, twice. Regain's own screening first (a clear message), then
    /// the directory's two-path reset, which unlocks a locked account. The session is claimed
    /// while the directory works, so two submissions never both change the password; a refused
    /// password gives the session back for another try.
    pub async fn reset_new_password(
        &self,
        session: &ResetSession,
        new_password: &SecretString,
        again: &SecretString,
        source: Option<&str>,
    ) -> Result<Result<ResetDone, NotReset>, ServiceError> {
        if session.stage != ResetStage::Proven {
            return Ok(Err(NotReset::SessionEnded));
        }
        if !crate::temp_code::constant_time_eq(new_password.expose_secret(), again.expose_secret())
        {
            return Ok(Err(NotReset::Mismatch));
        }
        match self.reset_next(session).await? {
            ProvenStep::Gate(ResetGate::Proceed { .. }) => {}
            ProvenStep::Gate(g) => return Ok(Err(NotReset::Gated(g))),
            ProvenStep::Push => return Ok(Err(NotReset::SessionEnded)),
        }
        let Some(user) = self.proven_user(session).await? else {
            return Ok(Err(NotReset::SessionEnded));
        };
        if !self
            .store
            .advance_reset_session(
                &session.id_hash,
                ResetStage::Proven,
                ResetStage::Changing,
                None,
            )
            .await?
        {
            return Ok(Err(NotReset::SessionEnded));
        }
        let username = user.username.as_str();
        match self
            .reset_directory_password(username, new_password, source)
            .await
        {
            Ok(_path) => {}
            Err(e) => {
                self.store
                    .advance_reset_session(
                        &session.id_hash,
                        ResetStage::Changing,
                        ResetStage::Proven,
                        None,
                    )
                    .await?;
                return match e {
                    ServiceError::Directory(DirectoryError::Rejected(r)) => {
                        Ok(Err(NotReset::Rejected(r)))
                    }
                    ServiceError::Directory(DirectoryError::InsufficientRights(_)) => {
                        Ok(Err(NotReset::Helpdesk))
                    }
                    other => Err(other),
                };
            }
        }
        self.store.end_reset_session(&session.id_hash).await?;
        let ended = self.store.end_sessions_of(username).await?;
        self.store
            .append_audit(
                &self
                    .reset_event(username, AuditAction::SsprChallenge, Outcome::Success)
                    .source(source)
                    .detail("reason", "password_reset")
                    .detail("sessions_ended", ended.to_string()),
            )
            .await?;
        self.tell_user_of_reset(&user, "password_reset").await?;
        self.emit(DomainEvent::PasswordReset {
            user: user.id,
            username: username.to_owned(),
        })
        .await?;
        if self
            .policy_of(&user)
            .await?
            .self_service
            .reauthenticate_after_reset
        {
            return Ok(Ok(ResetDone::SignInAgain));
        }
        let audit = self
            .reset_event(username, AuditAction::SelfSignIn, Outcome::Success)
            .source(source)
            .detail("proof", "password_reset");
        Ok(Ok(ResetDone::SignedIn(
            self.start_session(
                super::self_service::SELF_SESSION_PURPOSE,
                username,
                source,
                false,
                &audit,
            )
            .await?,
        )))
    }

    /// "Unlock only": for a proven person whose account is locked and who remembers the
    /// password. `false` (nothing done) unless the gate finds the account locked.
    pub async fn reset_unlock_only(
        &self,
        session: &ResetSession,
        source: Option<&str>,
    ) -> Result<bool, ServiceError> {
        if session.stage != ResetStage::Proven {
            return Ok(false);
        }
        if self.reset_next(session).await? != ProvenStep::Gate(ResetGate::Proceed { locked: true })
        {
            return Ok(false);
        }
        let Some(user) = self.proven_user(session).await? else {
            return Ok(false);
        };
        if !self.store.end_reset_session(&session.id_hash).await? {
            return Ok(false);
        }
        let username = user.username.as_str();
        let result = self.directory.unlock(username).await;
        let audit = self
            .reset_event(username, AuditAction::SsprUnlock, Outcome::Success)
            .source(source);
        match result {
            Ok(()) => {
                self.store.append_audit(&audit).await?;
                self.tell_user_of_reset(&user, "account_unlocked").await?;
                Ok(true)
            }
            Err(e) => {
                let mut failed = audit.detail("error", e.key());
                failed.outcome = Outcome::Failure;
                self.store.append_audit(&failed).await?;
                Err(e.into())
            }
        }
    }

    /// Tells the user, on the phone number on record, that their password was reset or their
    /// account unlocked (never what it is now); audits whether it went out.
    async fn tell_user_of_reset(&self, user: &User, event: &str) -> Result<(), ServiceError> {
        let text = match event {
            "account_unlocked" => {
                "Regain: your account was unlocked through the self-service password reset. If this was not you, call your helpdesk now."
            }
            _ => {
                "Regain: your password was changed through the self-service password reset. If this was not you, call your helpdesk now."
            }
        };
        self.text_user(user, text, AuditAction::SsprNotice, event)
            .await
    }
}
