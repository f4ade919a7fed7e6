//! What directory attributes and diagnostics mean: AD's bind sub-codes and constraint messages,
//! FILETIME and GeneralizedTime, the logonHours bitmap, and the `unicodePwd` encoding.

use super::Found;
use regain_core::directory::DirectoryError;
use regain_core::logon_hours::LogonHours;
use regain_core::password_policy::PasswordRejection;
use regain_core::time::Timestamp;
use std::time::Duration;

/// AD's `unicodePwd`: the password in double quotes, UTF-16LE.
pub(super) fn unicode_pwd(pw: &str) -> Vec<u8> {
    format!("\"{pw}\"")
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect()
}

/// `data 52e` and friends in AD's bind diagnostics.
pub(super) fn ad_data_code(text: &str) -> Option<&str> {
    let rest = &text[text.find("data ")? + 5..];
    rest.split([',', ' ']).next()
}

/// AD's constraint violations (rc 19) as precise reasons.
pub(super) fn ad_rejection(text: &str) -> DirectoryError {
    let t = text.to_ascii_lowercase();
    if t.starts_with("00000056") || t.contains("old password specified doesn't match") {
        return DirectoryError::WrongOldPassword;
    }
    if t.starts_with("00000775") || t.contains("account locked out") {
        return DirectoryError::Locked;
    }
    DirectoryError::Rejected(if t.contains("too short") {
        let min = t
            .split("longer than ")
            .nth(1)
            .and_then(|r| r.split_whitespace().next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        PasswordRejection::TooShort { min }
    } else if t.contains("complexity") {
        PasswordRejection::NotComplex { required: 3 }
    } else if t.contains("already used") || t.contains("history") {
        PasswordRejection::InHistory { history: 0 }
    } else if t.contains("too young") {
        PasswordRejection::TooYoung {
            wait: Duration::ZERO,
        }
    } else {
        return DirectoryError::Invalid(format!("the directory refused the password: {text}"));
    })
}

/// AD's logonHours: 21 bytes, one bit per hour of the week in UTC starting on Sunday 00:00,
/// least significant bit first; absent means always. Regain's grid starts on Monday.
pub(super) fn ad_logon_hours(u: &Found) -> LogonHours {
    // ldap3 keeps values that happen to be valid UTF-8 (all hours denied: 21 zero bytes) as text.
    let raw = u
        .bin
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("logonHours"))
        .and_then(|(_, v)| v.first().cloned())
        .or_else(|| u.first("logonHours").map(|t| t.as_bytes().to_vec()));
    let Some(raw) = raw.filter(|r| r.len() == 21) else {
        return LogonHours::always();
    };
    let mut bits = [0u8; 21];
    for ad in 0..168usize {
        if raw[ad / 8] & (1 << (ad % 8)) != 0 {
            let ours = (ad + 168 - 24) % 168;
            bits[ours / 8] |= 1 << (ours % 8);
        }
    }
    LogonHours::from_bytes(&bits).unwrap_or_else(LogonHours::always)
}

/// Windows FILETIME (100 ns since 1601) to a timestamp; 0 and "never" are `None`.
pub(super) fn filetime(raw: &str) -> Option<Timestamp> {
    let v: i64 = raw.parse().ok()?;
    if v <= 0 || v == i64::MAX {
        return None;
    }
    Some(Timestamp::from_millis(v / 10_000 - 11_644_473_600_000))
}

/// LDAP GeneralizedTime `20261123084157Z` to a timestamp.
pub(super) fn generalized_time(raw: &str) -> Option<Timestamp> {
    let d = raw.get(0..14)?;
    let iso = format!(
        "{}-{}-{}T{}:{}:{}Z",
        &d[0..4],
        &d[4..6],
        &d[6..8],
        &d[8..10],
        &d[10..12],
        &d[12..14]
    );
    Timestamp::parse_rfc3339(&iso).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ad_codes_and_messages() {
        assert_eq!(
            ad_data_code(
                "80090308: LdapErr: DSID-0C0903A9, comment: AcceptSecurityContext error, data 775, v1db1"
            ),
            Some("775")
        );
        assert!(matches!(
            ad_rejection(
                "0000052D: Constraint violation - check_password_restrictions: the password is too short. It should be equal or longer than 8 characters!"
            ),
            DirectoryError::Rejected(PasswordRejection::TooShort { min: 8 })
        ));
        assert!(matches!(
            ad_rejection(
                "00000056: Constraint violation - check_password_restrictions: The old password specified doesn't match!"
            ),
            DirectoryError::WrongOldPassword
        ));
        assert!(matches!(
            ad_rejection(
                "0000052D: Constraint violation - check_password_restrictions: password is too young to change!"
            ),
            DirectoryError::Rejected(PasswordRejection::TooYoung { .. })
        ));
        assert_eq!(unicode_pwd("a"), vec![b'"', 0, b'a', 0, b'"', 0]);
        assert_eq!(
            filetime("134000000000000000").map(|t| t.to_rfc3339().starts_with("2025")),
            Some(true)
        );
        assert_eq!(filetime("9223372036854775807"), None);
        assert_eq!(
            generalized_time("20261123084157Z").map(|t| t.to_rfc3339()),
            Some("2026-11-23T08:41:57.000Z".to_owned())
        );
    }
}
