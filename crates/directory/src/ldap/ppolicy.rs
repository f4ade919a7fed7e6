//! The ppolicy response control (draft-behera-ldap-password-policy): OpenLDAP says why a bind,
//! change or reset failed only in it, so requests carry the request control and the answer is
//! decoded here. Only the `error` field ([1] ENUMERATED) is read.

use ldap3::controls::Control;
use regain_core::directory::DirectoryError;
use regain_core::password_policy::PasswordRejection;
use std::time::Duration;

pub const PASSWORD_EXPIRED: u8 = 0;
pub const ACCOUNT_LOCKED: u8 = 1;
pub const CHANGE_AFTER_RESET: u8 = 2;
const INSUFFICIENT_QUALITY: u8 = 5;
const TOO_SHORT: u8 = 6;
const TOO_YOUNG: u8 = 7;
const IN_HISTORY: u8 = 8;

/// The `error` of the ppolicy response control, if present: `30 len [A0 warning] 81 01 err`.
pub fn error(ctrls: &[Control]) -> Option<u8> {
    let raw = ctrls
        .iter()
        .find(|c| c.1.ctype == super::PPOLICY_OID)?
        .1
        .val
        .as_deref()?;
    if raw.first() != Some(&0x30) || raw.len() < 2 {
        return None;
    }
    let mut rest = &raw[2..];
    while rest.len() >= 2 {
        let (tag, len) = (rest[0], usize::from(rest[1]));
        let value = rest.get(2..2 + len)?;
        if tag == 0x81 && len == 1 {
            return Some(value[0]);
        }
        rest = &rest[2 + len..];
    }
    None
}

/// A refused password change or reset (rc 19) as a precise reason.
pub fn rejection(ctrls: &[Control], text: &str) -> DirectoryError {
    match error(ctrls) {
        Some(TOO_SHORT) => DirectoryError::Rejected(PasswordRejection::TooShort { min: 0 }),
        Some(IN_HISTORY) => DirectoryError::Rejected(PasswordRejection::InHistory { history: 0 }),
        Some(TOO_YOUNG) => DirectoryError::Rejected(PasswordRejection::TooYoung {
            wait: Duration::ZERO,
        }),
        Some(INSUFFICIENT_QUALITY) => {
            DirectoryError::Rejected(PasswordRejection::NotComplex { required: 0 })
        }
        Some(ACCOUNT_LOCKED) => DirectoryError::Locked,
        _ if text.contains("in history") || text.contains("not being changed") => {
            DirectoryError::Rejected(PasswordRejection::InHistory { history: 0 })
        }
        _ => DirectoryError::Invalid(format!("the directory refused the password: {text}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ldap3::controls::RawControl;

    fn ctrl(val: &[u8]) -> Vec<Control> {
        vec![Control(
            None,
            RawControl {
                ctype: super::super::PPOLICY_OID.into(),
                crit: false,
                val: Some(val.to_vec()),
            },
        )]
    }

    #[test]
    fn decodes_the_error_field() {
        assert_eq!(
            error(&ctrl(&[0x30, 0x03, 0x81, 0x01, 0x06])),
            Some(TOO_SHORT)
        );
        // With a warning first: [0] { graceAuthNsRemaining [1] 2 }.
        assert_eq!(
            error(&ctrl(&[
                0x30, 0x08, 0xa0, 0x03, 0x81, 0x01, 0x02, 0x81, 0x01, 0x01
            ])),
            Some(ACCOUNT_LOCKED)
        );
        assert_eq!(error(&ctrl(&[0x30, 0x00])), None);
        assert_eq!(error(&[]), None);
        assert!(matches!(
            rejection(&ctrl(&[0x30, 0x03, 0x81, 0x01, 0x08]), ""),
            DirectoryError::Rejected(PasswordRejection::InHistory { .. })
        ));
    }
}
