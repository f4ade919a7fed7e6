//! Regain's user records: who a person is to Regain (their directory account, their policy).

use crate::ids::{PolicyId, UserId};
use crate::time::Timestamp;
use serde::{Deserialize, Serialize};

/// A user name, kept as typed for display and compared case-insensitively.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Username(String);

impl Username {
    pub fn parse(raw: &str) -> Result<Username, String> {
        let s = raw.trim();
        let ok = !s.is_empty()
            && s.chars().count() <= 64
            && s.chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'));
        if ok {
            Ok(Username(s.to_owned()))
        } else {
            Err(format!(
                "{raw:?} is not a valid user name: use 1-64 letters, digits, '.', '_', '-' or '@'"
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The form used for uniqueness and lookups.
    pub fn key(&self) -> String {
        self.0.to_lowercase()
    }
}

impl std::fmt::Display for Username {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UserState {
    Active,
    Disabled,
}

impl UserState {
    pub fn key(self) -> &'static str {
        match self {
            UserState::Active => "active",
            UserState::Disabled => "disabled",
        }
    }

    pub fn parse(raw: &str) -> Option<UserState> {
        match raw {
            "active" => Some(UserState::Active),
            "disabled" => Some(UserState::Disabled),
            _ => None,
        }
    }
}

/// A user search counts its matches up to this many, no further: counting every user whose name
/// holds a common surname took 140 ms at a million users. A total above it means "more".
pub const USER_COUNT_LIMIT: u64 = 10_000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: UserId,
    pub username: Username,
    pub display_name: String,
    /// Where the account lives: `embedded:<name>`, or a DN for AD/OpenLDAP later.
    pub directory_ref: String,
    pub policy_id: PolicyId,
    pub state: UserState,
    pub created_at: Timestamp,
}

pub fn validate_display_name(raw: &str) -> Result<String, String> {
    let s = raw.trim();
    if s.chars().count() > 128 || s.chars().any(char::is_control) {
        return Err("display name: use at most 128 printable characters".into());
    }
    Ok(s.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames() {
        assert_eq!(
            Username::parse(" Alice.Smith ").unwrap().key(),
            "alice.smith"
        );
        for bad in ["", "a b", "a/b", "x\ny", "*)(uid=*"] {
            assert!(Username::parse(bad).is_err(), "{bad:?}");
        }
        assert!(Username::parse(&"a".repeat(65)).is_err());
    }

    #[test]
    fn display_names() {
        assert_eq!(validate_display_name(" Ann ").unwrap(), "Ann");
        assert!(validate_display_name("bad\u{7}").is_err());
    }
}
