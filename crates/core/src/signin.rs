//! Sign-ins through the authentication API: the registered clients that start them and the
//! transactions (a sign-in waiting for, then decided on, its second factor).

use crate::ids::{ClientId, TransactionId};
use crate::policy::{Factor, Workflow};
use crate::time::Timestamp;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiClient {
    pub id: ClientId,
    pub name: String,
    /// Keyed hash of the credential; the credential itself is shown once.
    pub secret_hash: String,
    /// Trusted clients (your own VPN gateway) learn refusal reasons; others get a generic failure.
    pub trusted: bool,
    /// An administrator this credential acts for (helpdesk integrations): their role decides
    /// what it may do. `None` for authentication clients.
    pub admin: Option<String>,
    pub created_at: Timestamp,
    pub revoked_at: Option<Timestamp>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TxState {
    AwaitingSecondFactor,
    Accepted,
    Rejected,
}

impl TxState {
    pub fn key(self) -> &'static str {
        match self {
            TxState::AwaitingSecondFactor => "awaiting_second_factor",
            TxState::Accepted => "accepted",
            TxState::Rejected => "rejected",
        }
    }

    pub fn parse(raw: &str) -> Option<TxState> {
        [
            TxState::AwaitingSecondFactor,
            TxState::Accepted,
            TxState::Rejected,
        ]
        .into_iter()
        .find(|s| s.key() == raw)
    }
}

/// How long a client has to complete the second factor.
pub const TRANSACTION_LIFETIME: std::time::Duration = std::time::Duration::from_secs(5 * 60);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transaction {
    pub id: TransactionId,
    pub client_id: ClientId,
    pub username: String,
    pub workflow: Workflow,
    pub state: TxState,
    pub acceptable: Vec<Factor>,
    pub reason: Option<String>,
    pub source: Option<String>,
    /// The device or gateway name the client gave (shown with a push).
    pub device: Option<String>,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
    pub finished_at: Option<Timestamp>,
    /// The user's lockout epoch when the transaction began ([`crate::lockout::LockoutState::epoch`]):
    /// a lock since then ends the transaction, and the lock's end does not revive it.
    pub lock_epoch: u32,
}

/// What deciding a transaction's second factor reads, taken at one moment (one database read
/// on the SQLite hot path instead of five).
#[derive(Debug, Clone)]
pub struct FactorState {
    pub transaction: Transaction,
    /// The transaction's newest push; only looked up when the transaction accepts pushes.
    pub push: Option<crate::push::PushChallenge>,
    /// The transaction's user, unless deleted since.
    pub user: Option<crate::user::User>,
    /// The user's policy.
    pub policy: Option<crate::policy::UserPolicy>,
    /// The user's second-factor lockout.
    pub lockout: crate::lockout::LockoutState,
    /// The user's methods, oldest first (none when the user is gone).
    pub methods: Vec<crate::methods::AuthMethod>,
    /// Whether the user has an active temporary code (a sign-in with a normal factor deletes
    /// it).
    pub temp_code_active: bool,
}

/// A push and what its answer decides, taken at one moment (one database read on the SQLite
/// hot path).
#[derive(Debug, Clone)]
pub struct PushAnswerState {
    pub push: crate::push::PushChallenge,
    /// The push's transaction and what deciding it needs.
    pub state: FactorState,
    /// The name of the client that started the transaction (none: removed since).
    pub client_name: Option<String>,
}
