//! Users' authentication methods (second factors) as stored records.

use crate::ids::{MethodId, UserId};
use crate::otp::OtpParams;
use crate::time::Timestamp;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MethodKind {
    /// A software (app) or hardware OTP token.
    OtpToken,
    PushDevice,
    PhoneNumber,
}

impl MethodKind {
    pub fn key(self) -> &'static str {
        match self {
            MethodKind::OtpToken => "otp_token",
            MethodKind::PushDevice => "push_device",
            MethodKind::PhoneNumber => "phone_number",
        }
    }

    pub fn parse(raw: &str) -> Option<MethodKind> {
        [
            MethodKind::OtpToken,
            MethodKind::PushDevice,
            MethodKind::PhoneNumber,
        ]
        .into_iter()
        .find(|k| k.key() == raw)
    }

    pub fn label(self) -> &'static str {
        match self {
            MethodKind::OtpToken => "OTP token",
            MethodKind::PushDevice => "Push authenticator",
            MethodKind::PhoneNumber => "Phone number (SMS)",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MethodState {
    /// Enrollment started, not yet proven by a first code.
    Pending,
    Active,
}

impl MethodState {
    pub fn key(self) -> &'static str {
        match self {
            MethodState::Pending => "pending",
            MethodState::Active => "active",
        }
    }
}

/// Kind-specific settings, stored as JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum MethodParams {
    Otp(OtpParams),
    /// The number itself is sealed in the secret; only the masked form is kept in clear.
    Phone {
        masked: String,
    },
    /// A push authenticator: its Ed25519 public key (base64, not secret) and the parameters of
    /// its offline code (the seed is sealed in the secret).
    Push {
        public_key: String,
        otp: OtpParams,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthMethod {
    /// Random, unguessable; also bound into the encrypted secret.
    pub id: MethodId,
    pub user_id: UserId,
    pub kind: MethodKind,
    pub label: String,
    pub state: MethodState,
    pub params: MethodParams,
    /// Encrypted secret (an OTP seed), never plaintext.
    pub sealed_secret: Option<Vec<u8>>,
    /// Hardware token serial number, unique across the installation.
    pub serial: Option<String>,
    /// Highest OTP counter (TOTP step or HOTP counter) already used.
    pub last_counter: Option<u64>,
    pub created_at: Timestamp,
    pub confirmed_at: Option<Timestamp>,
    pub last_used_at: Option<Timestamp>,
}

impl AuthMethod {
    /// Associated data for the sealed secret: moving it to another row makes it undecryptable.
    pub fn secret_aad(&self) -> String {
        format!("auth_methods.secret:{}", self.id)
    }
}
