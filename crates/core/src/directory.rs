//! The `Directory` port: where primary passwords live. The embedded directory implements it now;
//! Active Directory and OpenLDAP adapters implement the same contract.

use crate::logon_hours::LogonHours;
use crate::password_policy::PasswordRejection;
use crate::time::Timestamp;
use async_trait::async_trait;
use secrecy::SecretString;

/// Why a primary authentication failed. Precise for trusted callers and the audit log; public
/// pages show one generic message instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthFailure {
    BadCredentials,
    Locked {
        until: Option<Timestamp>,
    },
    Disabled,
    PasswordExpired,
    MustChangePassword,
    OutsideLogonHours,
    /// The account's own expiry date has passed (AD `accountExpires`).
    AccountExpired,
    /// The account may not sign in from this workstation (AD `userWorkstations`).
    WorkstationRestricted,
}

impl AuthFailure {
    /// Stable reason code, used in audit records and API responses to trusted clients.
    pub fn code(self) -> &'static str {
        match self {
            AuthFailure::BadCredentials => "bad_credentials",
            AuthFailure::Locked { .. } => "account_locked",
            AuthFailure::Disabled => "account_disabled",
            AuthFailure::PasswordExpired => "password_expired",
            AuthFailure::MustChangePassword => "password_must_change",
            AuthFailure::OutsideLogonHours => "outside_logon_hours",
            AuthFailure::AccountExpired => "account_expired",
            AuthFailure::WorkstationRestricted => "workstation_restricted",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthOutcome {
    Authenticated,
    Failed(AuthFailure),
}

/// What the directory knows about an account's state.
/// `locked_until` of an account locked with no known end (until an administrator unlocks it,
/// or the directory did not say when its lockout ends).
pub const LOCKED_UNTIL_UNLOCKED: Timestamp = Timestamp(i64::MAX);

/// How a lock's end reads for people.
pub fn describe_lock(until: Timestamp) -> String {
    if until == LOCKED_UNTIL_UNLOCKED {
        "locked until unlocked (by an administrator or the directory's lockout duration)".to_owned()
    } else {
        format!("locked until {}", until.to_rfc3339())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountState {
    pub username: String,
    pub display_name: String,
    pub disabled: bool,
    pub locked_until: Option<Timestamp>,
    pub must_change: bool,
    pub password_expired: bool,
    pub has_password: bool,
    pub logon_hours: LogonHours,
    pub password_changed_at: Option<Timestamp>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DirectoryError {
    #[error("no directory account named {0:?}")]
    NoSuchAccount(String),
    #[error("a directory account named {0:?} already exists")]
    AlreadyExists(String),
    #[error("{0}")]
    Rejected(PasswordRejection),
    #[error("the current password is wrong")]
    WrongOldPassword,
    #[error("the account is locked")]
    Locked,
    #[error("the account is disabled")]
    Disabled,
    #[error("the service account lacks the right to {0}")]
    InsufficientRights(String),
    #[error("{0}")]
    Invalid(String),
    #[error("the directory is unavailable: {0}")]
    Unavailable(String),
    #[error("this directory does not support {0}")]
    Unsupported(&'static str),
}

impl DirectoryError {
    pub const KEYS: [&'static str; 10] = [
        "no_such_account",
        "already_exists",
        "rejected",
        "wrong_old_password",
        "locked",
        "disabled",
        "insufficient_rights",
        "invalid",
        "unavailable",
        "unsupported",
    ];

    /// A stable name for the kind of error (a metrics label; never its text, which can name a
    /// user).
    pub fn key(&self) -> &'static str {
        Self::KEYS[self.index()]
    }

    pub fn index(&self) -> usize {
        match self {
            DirectoryError::NoSuchAccount(_) => 0,
            DirectoryError::AlreadyExists(_) => 1,
            DirectoryError::Rejected(_) => 2,
            DirectoryError::WrongOldPassword => 3,
            DirectoryError::Locked => 4,
            DirectoryError::Disabled => 5,
            DirectoryError::InsufficientRights(_) => 6,
            DirectoryError::Invalid(_) => 7,
            DirectoryError::Unavailable(_) => 8,
            DirectoryError::Unsupported(_) => 9,
        }
    }
}

/// A person in an external directory, for importing into Regain's user list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectoryUser {
    pub username: String,
    pub display_name: String,
    /// The entry's DN (for OU rules).
    pub dn: String,
    /// DNs of the groups the entry is a member of (for group rules).
    pub groups: Vec<String>,
    /// The entry's `mail`: where the user's notices go.
    pub mail: Option<String>,
}

/// Which of the two reset paths a self-service reset took.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResetPath {
    /// (a) Changed with the stored current password.
    UserChange,
    /// (b) Unlocked, reset to a temporary password, then changed from it.
    ResetThenChange,
    /// (b) on a directory that takes the password policy hints control (Active Directory on
    /// Windows Server 2016 and later): unlocked and reset once, with history and complexity
    /// applied as to a change.
    ResetWithPolicyHints,
}

/// A self-service reset that did not complete.
#[derive(Debug)]
pub struct ResetFailure {
    pub error: DirectoryError,
    /// Set when the account now has this temporary password (unlocked): keep it to retry the
    /// last step with another new password.
    pub temporary: Option<SecretString>,
}

#[async_trait]
pub trait Directory: Send + Sync {
    /// A short name for logs and `regain config check`: `embedded`, `active_directory`, ...
    fn kind(&self) -> &'static str;

    /// Binds as the user. A wrong password counts towards the directory's own lockout.
    async fn authenticate(
        &self,
        username: &str,
        password: &SecretString,
    ) -> Result<AuthOutcome, DirectoryError>;

    async fn account(&self, username: &str) -> Result<Option<AccountState>, DirectoryError>;

    /// Sets a password as the service account: skips minimum age, as an AD reset does.
    async fn admin_reset(
        &self,
        username: &str,
        new_password: &SecretString,
        must_change: bool,
    ) -> Result<(), DirectoryError>;

    /// Changes a password as the user: the old one must be right and every rule applies.
    async fn change_password(
        &self,
        username: &str,
        old_password: &SecretString,
        new_password: &SecretString,
    ) -> Result<(), DirectoryError>;

    async fn unlock(&self, username: &str) -> Result<(), DirectoryError>;

    /// The self-service reset as one operation (reference: the two reset paths).
    /// (a) With a `stored` password that still works and an account that is not locked, the
    /// password is changed as the user would. (b) Otherwise the account is unlocked, reset to a
    /// random temporary password by the service account, then changed from it to `new_password`
    /// as the user, so the directory's complexity and history rules apply. If that last change
    /// is refused, the error carries the temporary password, so the caller can keep it (encrypted,
    /// briefly) and let the user try another password with [`Directory::complete_reset`]; the
    /// account is never left locked with a password nobody knows.
    async fn self_service_reset(
        &self,
        username: &str,
        new_password: &SecretString,
        stored: Option<&SecretString>,
    ) -> Result<ResetPath, ResetFailure> {
        let _ = stored;
        self.admin_reset(username, new_password, false)
            .await
            .map(|()| ResetPath::ResetThenChange)
            .map_err(|error| ResetFailure {
                error,
                temporary: None,
            })
    }

    /// Finishes a reset whose last step was refused: changes the temporary password to a new one.
    async fn complete_reset(
        &self,
        username: &str,
        temporary: &SecretString,
        new_password: &SecretString,
    ) -> Result<(), DirectoryError> {
        self.change_password(username, temporary, new_password)
            .await
    }

    /// Account management, which only a directory Regain owns (the embedded one) offers.
    /// Whether `candidate` is the account's current password, checked without a sign-in (no
    /// lockout counted, nothing bound): `None` where the directory cannot tell without a bind
    /// (external directories; the services compare with the stored password instead). For
    /// rules such as "a security answer is not the password".
    async fn is_current_password(
        &self,
        username: &str,
        candidate: &SecretString,
    ) -> Result<Option<bool>, DirectoryError> {
        let _ = (username, candidate);
        Ok(None)
    }

    /// Whether Regain may keep the password a user signs in with (sealed) for reset path (a).
    /// Only external directories opt in; the embedded one has the hash itself.
    fn remembers_passwords(&self) -> bool {
        false
    }

    /// Everyone the directory holds under its base and filter (external directories).
    async fn list_users(&self) -> Result<Vec<DirectoryUser>, DirectoryError> {
        Err(DirectoryError::Unsupported("listing users"))
    }

    fn provisioning(&self) -> Option<&dyn Provisioning> {
        None
    }
}

/// Creating and editing accounts: only for the embedded directory. AD and OpenLDAP accounts are
/// managed in those directories.
#[async_trait]
pub trait Provisioning: Send + Sync {
    /// Creates an account; without a password it cannot sign in until one is set.
    async fn create(
        &self,
        username: &str,
        display_name: &str,
        password: Option<&SecretString>,
    ) -> Result<(), DirectoryError>;

    /// Removes an account; used to undo a creation whose second half failed.
    async fn delete(&self, username: &str) -> Result<(), DirectoryError>;

    async fn set_disabled(&self, username: &str, disabled: bool) -> Result<(), DirectoryError>;

    async fn set_logon_hours(
        &self,
        username: &str,
        hours: LogonHours,
    ) -> Result<(), DirectoryError>;
}
