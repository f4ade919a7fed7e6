//! Application services: the one place where an administrator's request (from the CLI, the web
//! console or the API) is authorised, validated, carried out through the ports and audited.

mod admin_signin;
mod api_clients;
mod app_passwords;
mod attempts;
mod audit_log;
mod authn;
mod bootstrap;
mod directory_import;
mod directory_passwords;
mod emergency_access;
mod factor_step;
mod methods;
mod notice_delivery;
mod notifications;
mod password_reset;
mod password_reset_push;
mod policies;
mod push;
mod questions;
mod radius;
mod roles;
mod security_answers;
mod self_service;
mod settings;
mod sms_codes;
mod temp_code_notices;
mod temp_codes;
mod token_import;
mod users;

pub use admin_signin::{NewSession, SESSION_PURPOSE, SignIn};
pub use api_clients::CLIENT_PURPOSE;
pub use authn::TxView;
pub use bootstrap::{SETUP_LINK_LIFETIME, SETUP_PURPOSE, SetupLink};
pub use directory_import::{ImportReport, PolicyRule};
pub use methods::{Deletion, OtpEnrollment, OtpOutcome};
pub use notice_delivery::{NoticeDelivery, Round};
pub use notifications::OutboxView;
pub use password_reset::{
    Answered, Identified, NotReset, ProvenStep, RESET_SESSION_PURPOSE, ResetDone, ResetStart,
};
pub use password_reset_push::PushStep;
pub use push::{PushDeviceEnrollment, PushEnrollLink};
pub use radius::{RADIUS_CLIENT_PREFIX, RadiusAnswer};
pub use security_answers::{AnswerForm, EnrollmentNeed, enrollment_need};
pub use self_service::{SELF_SESSION_PURPOSE, SelfSignIn};
pub use temp_codes::{Expiry, IssuedCode, TempCodeStatus};
pub use users::{NewUser, UserDetails};

use crate::admin::{Permission, Role, RoleError};
use crate::audit::{Actor, AuditAction, AuditEvent, Outcome};
use crate::directory::{Directory, DirectoryError};
use crate::policy::PolicyError;
use crate::ports::{Clock, Secrets, Store, StoreError};
use crate::settings::SettingError;
use std::sync::Arc;

/// On whose authority a request runs.
#[derive(Debug, Clone)]
pub enum Authority {
    /// The local operator running the CLI with access to the database and keys: trusted fully,
    /// as anyone who can read the data directory could change it anyway.
    Operator,
    /// A signed-in administrator, limited to their role.
    Admin {
        username: String,
        role: Role,
        /// How the administrator's second factor stands (sensitive actions need a recent one).
        second_factor: SecondFactor,
    },
    /// A user signed in to their own self-service pages: only the actions in
    /// [`self_service::SELF_SERVICE_ACTIONS`], only on their own account.
    SelfService {
        username: String,
        /// When the user last confirmed a second factor in this session.
        second_factor: SecondFactor,
        /// When the session began (for users who have no second factor to confirm, their
        /// password at sign-in is the freshest proof there is).
        signed_in_at: Option<crate::time::Timestamp>,
    },
}

/// An administrator's second factor, as far as re-authentication is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecondFactor {
    /// A console session: last confirmed then (`None`: never in this session).
    ConfirmedAt(Option<crate::time::Timestamp>),
    /// An admin-scoped API credential (a helpdesk tool): a machine credential that cannot be
    /// asked for a code; its scope is its administrator's role.
    Credential,
}

#[derive(Debug, Clone)]
pub struct Caller {
    pub actor: Actor,
    pub source: Option<String>,
    pub authority: Authority,
}

impl Caller {
    pub fn operator(os_user: &str) -> Caller {
        Caller {
            actor: Actor::OsUser(os_user.to_owned()),
            source: Some("cli".into()),
            authority: Authority::Operator,
        }
    }

    pub fn allows(&self, p: Permission) -> bool {
        match &self.authority {
            Authority::Operator => true,
            Authority::Admin { role, .. } => role.allows(p),
            Authority::SelfService { .. } => false,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("permission denied: this needs the permission {:?} ({})", .0.label(), .0.key())]
    Denied(Permission),
    #[error("{what} {name:?} not found")]
    NotFound { what: &'static str, name: String },
    #[error("{what} {name:?} already exists")]
    AlreadyExists { what: &'static str, name: String },
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    /// Allowed by the permission, refused by a rule against escalating one's own privileges.
    #[error("not allowed: {0}")]
    Forbidden(crate::admin::RoleRefusal),
    #[error("{0}")]
    Directory(#[from] DirectoryError),
    #[error("storage: {0}")]
    Store(#[from] StoreError),
    #[error("cryptography: {0}")]
    Hashing(#[from] crate::ports::HashFailure),
    #[error("cryptography: {0}")]
    Crypto(#[from] crate::ports::CryptoFailure),
    /// An invariant of the code itself broke (a bug): nothing was decided.
    #[error("internal error: {0}")]
    Internal(&'static str),
    /// A sensitive action whose caller has not confirmed a second factor in the last
    /// [`crate::session::REAUTH_WINDOW`]: confirm it, then repeat the action.
    #[error(
        "confirm it is you: enter a code from your authenticator app, then the action continues"
    )]
    ReauthRequired,
}

impl ServiceError {
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> ServiceError {
        ServiceError::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }

    /// Whether the error is the caller's input (exit code 2 on the CLI, 4xx on the web).
    pub fn is_user_error(&self) -> bool {
        match self {
            ServiceError::Denied(_)
            | ServiceError::Forbidden(_)
            | ServiceError::ReauthRequired
            | ServiceError::NotFound { .. }
            | ServiceError::AlreadyExists { .. }
            | ServiceError::Invalid { .. } => true,
            ServiceError::Directory(d) => !matches!(d, DirectoryError::Unavailable(_)),
            ServiceError::Store(_)
            | ServiceError::Hashing(_)
            | ServiceError::Crypto(_)
            | ServiceError::Internal(_) => false,
        }
    }
}

impl From<PolicyError> for ServiceError {
    fn from(e: PolicyError) -> Self {
        ServiceError::Invalid {
            field: e.field,
            message: e.message,
        }
    }
}

impl From<SettingError> for ServiceError {
    fn from(e: SettingError) -> Self {
        match e {
            SettingError::UnknownKey(_) => ServiceError::invalid("setting", e.to_string()),
            SettingError::BadValue { key, message } => ServiceError::invalid(key, message),
        }
    }
}

impl From<RoleError> for ServiceError {
    fn from(e: RoleError) -> Self {
        ServiceError::invalid("role", e.to_string())
    }
}

#[derive(Clone)]
pub struct Services {
    pub store: Arc<dyn Store>,
    pub directory: Arc<dyn Directory>,
    pub clock: Arc<dyn Clock>,
    pub secrets: Arc<dyn Secrets>,
    /// The audit chain's keyed hash, for verifying the log.
    pub audit_mac: Arc<dyn crate::audit::ChainMac>,
    /// Hashes temporary codes slowly (argon2id, salt, pepper).
    pub code_hashes: Arc<dyn crate::ports::CodeHasher>,
    /// Hashes security answers the same way, with a pepper of their own.
    pub answer_hashes: Arc<dyn crate::ports::CodeHasher>,
    /// Encrypts OTP seeds at rest.
    pub sealer: Arc<dyn crate::ports::FieldSealer>,
    /// Computes OTP codes (HMAC).
    pub otp: Arc<dyn crate::otp::OtpCodes>,
    /// Sends SMS codes.
    pub sms: Arc<dyn crate::sms::SmsGateway>,
    /// Verifies push devices' Ed25519 signatures.
    pub signatures: Arc<dyn crate::push::SignatureCheck>,
    /// Tells devices a push waits (wakes their long-poll; a mobile push service later).
    pub push: Arc<dyn crate::push::PushChannel>,
    /// Listeners for domain events (after the services' own reactions).
    pub events: Arc<dyn crate::events::EventSink>,
    /// What operators count (decisions, lockouts, pushes); told after each change is written.
    pub telemetry: Arc<dyn crate::telemetry::Telemetry>,
}

impl Services {
    /// Publishes a domain event after the change it reports was committed: first the
    /// services' own reaction (deleting a temporary code), then the listeners. An error in the
    /// reaction is returned, so a code that should have gone is never silently kept.
    pub(crate) async fn emit(&self, event: crate::events::DomainEvent) -> Result<(), ServiceError> {
        self.emit_knowing(event, None).await
    }

    /// As [`Self::emit`], when the caller read whether the user had an active temporary code
    /// (`Some(false)`: nothing to delete, no need to look).
    pub(crate) async fn emit_knowing(
        &self,
        event: crate::events::DomainEvent,
        temp_code_active: Option<bool>,
    ) -> Result<(), ServiceError> {
        if temp_code_active != Some(false) {
            self.delete_temporary_code_on(&event).await?;
        }
        self.events.publish(&event).await;
        Ok(())
    }

    /// A random, unguessable record id. The letter in front keeps ids from starting with `-`,
    /// which command lines would take for an option.
    pub(crate) fn new_id(&self, prefix: &str) -> Result<String, ServiceError> {
        Ok(format!("{prefix}{}", self.fresh_token()?))
    }

    /// A random 256-bit token (session, link, form), or an error when the system's random
    /// generator failed: never an empty or predictable token.
    pub(crate) fn fresh_token(&self) -> Result<String, ServiceError> {
        let token = self.secrets.random_token();
        if token.is_empty() {
            return Err(crate::ports::CryptoFailure::NoRandomness.into());
        }
        Ok(token)
    }

    /// An audit event stamped with the caller and the current time.
    pub(crate) fn event(
        &self,
        caller: &Caller,
        action: AuditAction,
        outcome: Outcome,
    ) -> AuditEvent {
        AuditEvent::new(self.clock.now(), &caller.actor, action, outcome)
            .source(caller.source.as_deref())
    }

    /// Sensitive actions (temporary codes, roles, settings, deleting enrollments) need a second
    /// factor confirmed within [`crate::session::REAUTH_WINDOW`] (security requirement 47). The
    /// local operator and admin-scoped API credentials are not asked.
    pub(crate) fn require_recent_second_factor(&self, caller: &Caller) -> Result<(), ServiceError> {
        match &caller.authority {
            Authority::Admin {
                second_factor: SecondFactor::ConfirmedAt(at),
                ..
            }
            | Authority::SelfService {
                second_factor: SecondFactor::ConfirmedAt(at),
                ..
            } => {
                let now = self.clock.now();
                if at.is_some_and(|t| t <= now && now.since(t) <= crate::session::REAUTH_WINDOW) {
                    Ok(())
                } else {
                    Err(ServiceError::ReauthRequired)
                }
            }
            _ => Ok(()),
        }
    }

    /// Deny by default. A refusal is itself audited; if even that fails, the caller still gets
    /// the refusal.
    pub(crate) async fn authorize(
        &self,
        caller: &Caller,
        p: Permission,
        action: AuditAction,
        target: &str,
    ) -> Result<(), ServiceError> {
        if caller.allows(p) {
            return Ok(());
        }
        if let Authority::SelfService { username, .. } = &caller.authority
            && username == target
            && self_service::SELF_SERVICE_ACTIONS.contains(&action)
        {
            return Ok(());
        }
        let e = self
            .event(caller, action, Outcome::Denied)
            .target(target)
            .detail("missing_permission", p.key());
        // The refusal stands whether or not it could be recorded.
        let _recorded = self.store.append_audit(&e).await;
        Err(ServiceError::Denied(p))
    }
}
