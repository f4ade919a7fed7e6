//! Temporary codes: a helpdesk-issued second factor for a user who lost their device or token,
//! or for a contractor who never enrols one. Pure rules here; issuing, use and automatic
//! deletion are in the services.
//!
//! A code is digits only (read aloud over the phone), at least 8 of them (about 26.6 bits; with
//! the per-user lockout an attacker gets a handful of guesses per window), drawn from the OS
//! generator without bias. Only an argon2id hash with its own salt and a pepper from the key
//! file is stored (codes from before that: a keyed hash of a per-code salt and the code).

use crate::ids::UserId;
use crate::time::Timestamp;
use std::time::Duration;

pub const MIN_DIGITS: u8 = 8;
pub const MAX_DIGITS: u8 = 12;
pub const DEFAULT_DIGITS: u8 = 8;

/// The expiry presets the console offers (a chosen date and time is the other way).
pub const PRESETS: [(&str, &str, Duration); 6] = [
    ("1h", "1 hour", Duration::from_secs(3600)),
    ("8h", "8 hours", Duration::from_secs(8 * 3600)),
    ("24h", "24 hours", Duration::from_secs(24 * 3600)),
    ("3d", "3 days", Duration::from_secs(3 * 86_400)),
    ("7d", "7 days", Duration::from_secs(7 * 86_400)),
    ("14d", "14 days", Duration::from_secs(14 * 86_400)),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Uses {
    Once,
    Multiple,
}

impl Uses {
    pub fn key(self) -> &'static str {
        match self {
            Uses::Once => "once",
            Uses::Multiple => "multiple",
        }
    }

    pub fn parse(raw: &str) -> Option<Uses> {
        match raw.trim() {
            "once" => Some(Uses::Once),
            "multiple" => Some(Uses::Multiple),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Uses::Once => "Use once",
            Uses::Multiple => "Use multiple times",
        }
    }
}

/// Where a code stands. Only `Active` codes are ever accepted; the others are kept (without the
/// code) so the console and audit can say what happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeState {
    Active,
    /// A single-use code that was used.
    Used,
    Revoked,
    Replaced,
    /// Deleted automatically: the user signed in with their normal factor or enrolled one.
    Deleted,
}

impl CodeState {
    pub fn key(self) -> &'static str {
        match self {
            CodeState::Active => "active",
            CodeState::Used => "used",
            CodeState::Revoked => "revoked",
            CodeState::Replaced => "replaced",
            CodeState::Deleted => "deleted",
        }
    }

    pub fn parse(raw: &str) -> Option<CodeState> {
        [
            CodeState::Active,
            CodeState::Used,
            CodeState::Revoked,
            CodeState::Replaced,
            CodeState::Deleted,
        ]
        .into_iter()
        .find(|s| s.key() == raw)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TempCode {
    /// Random record id (not the code).
    pub id: String,
    pub user_id: UserId,
    /// Empty for argon2id hashes (their PHC string holds the salt); the random salt of a code
    /// stored as a keyed hash before that.
    pub salt: String,
    /// argon2id PHC string of the code (salted, peppered); older codes: keyed hash of salt and
    /// code.
    pub code_hash: String,
    pub uses: Uses,
    pub state: CodeState,
    /// Who issued it (`admin:hugo`, `os:root`).
    pub created_by: String,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
    pub ended_at: Option<Timestamp>,
    /// Why it ended (revoked, replaced, used, normal factor used, new method enrolled).
    pub end_reason: Option<String>,
    pub last_used_at: Option<Timestamp>,
    pub use_count: u32,
}

impl TempCode {
    /// Accepted now: active and unexpired.
    pub fn is_valid(&self, now: Timestamp) -> bool {
        self.state == CodeState::Active && now < self.expires_at
    }
}

/// Digits from random bytes by rejection sampling (bytes ≥ 250 are skipped so each digit is
/// equally likely). `None` when the bytes ran out: ask for more, never pad.
pub fn draw_code(random: &[u8], digits: u8) -> Option<String> {
    let code: String = random
        .iter()
        .filter(|b| **b < 250)
        .take(usize::from(digits))
        .map(|b| char::from(b'0' + b % 10))
        .collect();
    (code.len() == usize::from(digits)).then_some(code)
}

/// Groups of four for reading aloud: `4821 0937`, `4821 0937 55`.
pub fn format_for_reading(code: &str) -> String {
    code.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// What a user typed, without the spaces or dashes they may have copied.
pub fn normalize_input(raw: &str) -> String {
    raw.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect()
}

/// Compares without leaking where two strings differ (lengths are not secret).
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The lifetime of a new code must be positive and within both the enterprise's longest
/// lifetime (never over 14 days) and the issuing role's cap, to the second: a date and time
/// chosen to the minute that lands past the cap is refused, not rounded.
pub fn check_lifetime(requested: Duration, cap: Duration) -> Result<(), String> {
    if requested < Duration::from_secs(60) {
        return Err("the expiry must be at least a minute from now".into());
    }
    if requested > cap.min(crate::settings::TEMPORARY_CODE_HARD_CAP) {
        return Err(format!(
            "the longest code you may issue lasts {}; choose an earlier expiry",
            crate::time::format_duration(cap)
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_uniform_digits_of_the_asked_length() {
        let bytes: Vec<u8> = (0..=255u8).collect();
        let code = draw_code(&bytes, 8).unwrap_or_default();
        assert_eq!(code, "01234567");
        assert_eq!(draw_code(&[250, 251, 1, 2], 2).as_deref(), Some("12"));
        assert_eq!(
            draw_code(&[250, 1], 2),
            None,
            "runs out rather than padding"
        );
        // Every byte below 250 maps to each digit exactly 25 times.
        let mut counts = [0u32; 10];
        for b in 0u8..250 {
            counts[usize::from(b % 10)] += 1;
        }
        assert!(counts.iter().all(|c| *c == 25));
    }

    #[test]
    fn formatting_and_input() {
        assert_eq!(format_for_reading("48210937"), "4821 0937");
        assert_eq!(format_for_reading("4821093755"), "4821 0937 55");
        assert_eq!(normalize_input(" 4821-0937 "), "48210937");
        assert!(constant_time_eq("48210937", "48210937"));
        assert!(!constant_time_eq("48210937", "48210938"));
        assert!(!constant_time_eq("4821093", "48210937"));
    }

    #[test]
    fn lifetimes_are_capped() {
        let day = Duration::from_secs(86_400);
        assert!(check_lifetime(day, day).is_ok());
        assert!(check_lifetime(day + Duration::from_secs(3600), day).is_err());
        assert!(check_lifetime(Duration::from_secs(10), day).is_err());
    }

    /// Security requirement 5: never longer than 14 days, to the second.
    #[test]
    fn req5_fourteen_days_and_one_second_is_refused() {
        let cap = crate::settings::TEMPORARY_CODE_HARD_CAP;
        assert_eq!(cap, Duration::from_secs(14 * 86_400));
        assert!(check_lifetime(cap, cap).is_ok());
        assert!(check_lifetime(cap + Duration::from_secs(1), cap).is_err());
        // A larger cap handed in by mistake never lifts the hard cap.
        assert!(check_lifetime(cap + Duration::from_secs(1), cap * 2).is_err());
        let day = Duration::from_secs(86_400);
        assert!(check_lifetime(day + Duration::from_secs(1), day).is_err());
    }
}
