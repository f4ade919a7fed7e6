//! Identifier newtypes, so a user id can never be passed where a policy id is expected.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }
    };
}

id_type!(
    /// A Regain user record.
    UserId
);
id_type!(
    /// A user policy.
    PolicyId
);
id_type!(
    /// An administrator role.
    RoleId
);
id_type!(
    /// A security question.
    QuestionId
);

macro_rules! text_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// An id as stored or as a client sent it; whether it names anything is for the
            /// store to say (an unknown id is not found, never an error of its form).
            pub fn new(raw: impl Into<String>) -> $name {
                $name(raw.into())
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(raw: &str) -> $name {
                $name(raw.to_owned())
            }
        }

        impl From<String> for $name {
            fn from(raw: String) -> $name {
                $name(raw)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }
    };
}

text_id!(
    /// A user's second-factor method (an `auth_methods` row): OTP token, push device, phone.
    MethodId
);
text_id!(
    /// A sign-in transaction of the authentication API.
    TransactionId
);
text_id!(
    /// A push challenge sent to a device.
    PushId
);
text_id!(
    /// A registered client of the authentication API.
    ClientId
);

/// The node (server instance) that wrote an audit record. Each node keeps its own hash chain,
/// so several nodes can append concurrently without a global lock.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct NodeId(String);

impl NodeId {
    /// Node ids are short, printable and free of separators used in the canonical audit form.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let ok = !raw.is_empty()
            && raw.len() <= 64
            && raw
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
        if ok {
            Ok(NodeId(raw.to_owned()))
        } else {
            Err(format!(
                "node id {raw:?} is invalid: use 1-64 characters from A-Z, a-z, 0-9, '-', '_', '.'"
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for NodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_id_rejects_separators_and_empty() {
        for bad in ["", "a b", "a|b", "a\nb", &"x".repeat(65)] {
            assert!(NodeId::parse(bad).is_err(), "{bad:?} accepted");
        }
        assert_eq!(
            NodeId::parse("node-1.eu_west").unwrap().as_str(),
            "node-1.eu_west"
        );
    }
}
