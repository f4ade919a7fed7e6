//! A directory's password policy (length, complexity classes, history, minimum and maximum age)
//! as pure rules. The embedded directory enforces it; the AD and OpenLDAP adapters map their
//! servers' refusals onto the same [`PasswordRejection`] reasons.
//!
//! Every new password is also screened by Regain itself, whatever the directory (security
//! requirement 44, NIST SP 800-63B): at least 8 characters (15 recommended), up to 256, not one
//! of the 100,000 most common passwords of breach corpora (`data/common-passwords-100k.txt`),
//! and not containing the user's own names. `strict` drops composition rules, as NIST asks, and
//! raises the minimum to 15.

use crate::time::{Timestamp, format_duration};
use serde::{Deserialize, Serialize};
use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PasswordPolicy {
    /// Minimum length in characters (Unicode code points, not bytes).
    pub min_length: u32,
    /// How many of the four classes (lower, upper, digit, other) must appear: 0 to 4.
    pub complexity_classes: u8,
    /// How many previous passwords may not be reused (0 = no history).
    pub history: u32,
    /// A user may not change their own password again before this much time has passed.
    #[serde(with = "duration_text")]
    pub min_age: Duration,
    /// After this long the password expires and must be changed; `0s` means never.
    #[serde(with = "duration_text")]
    pub max_age: Duration,
    /// NIST SP 800-63B-4 strictly: no composition rules (`complexity_classes` is ignored) and a
    /// minimum of at least [`STRICT_MIN_LENGTH`]; the blocklist and the names check as always.
    pub strict: bool,
}

/// The shortest password Regain accepts for anyone (NIST SP 800-63B-4 §3.1.1.2).
pub const MIN_NEW_PASSWORD_CHARS: u32 = 8;
/// The minimum of the strict setting, and the length the documentation recommends.
pub const STRICT_MIN_LENGTH: u32 = 15;

impl Default for PasswordPolicy {
    fn default() -> Self {
        PasswordPolicy {
            min_length: MIN_NEW_PASSWORD_CHARS,
            complexity_classes: 3,
            history: 5,
            min_age: Duration::ZERO,
            max_age: Duration::ZERO,
            strict: false,
        }
    }
}

/// Why a directory refused a new password. Each has a stable code for translations.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordRejection {
    /// `min` 0: the directory did not say.
    #[error("the password is too short{}", at_least(*min))]
    TooShort { min: u32 },
    #[error(
        "the password is not complex enough: mix at least {required} of lower case, upper case, digits and symbols"
    )]
    NotComplex { required: u8 },
    /// `history` 0: the directory did not say how many.
    #[error("the password was used recently: {}", not_among(*history))]
    InHistory { history: u32 },
    /// `wait` zero: the directory did not say how long.
    #[error("the password was changed too recently: {}", try_again(*wait))]
    TooYoung { wait: Duration },
    #[error("the password may not contain the user's name")]
    ContainsUsername,
    #[error(
        "the password is one of the most common passwords and would be guessed first: choose another, for example a few unrelated words"
    )]
    Common,
    #[error("the password is too long: use at most {max} characters")]
    TooLong { max: u32 },
}

fn at_least(min: u32) -> String {
    if min == 0 {
        String::new()
    } else {
        format!(": use at least {min} characters")
    }
}

fn not_among(history: u32) -> String {
    if history == 0 {
        "choose one you have not used before".to_owned()
    } else {
        format!("choose one not among your last {history}")
    }
}

fn try_again(wait: Duration) -> String {
    if wait.is_zero() {
        "try again later".to_owned()
    } else {
        format!("try again in {}", format_duration(wait))
    }
}

impl PasswordRejection {
    pub fn code(&self) -> &'static str {
        match self {
            PasswordRejection::TooShort { .. } => "password_too_short",
            PasswordRejection::NotComplex { .. } => "password_not_complex",
            PasswordRejection::InHistory { .. } => "password_in_history",
            PasswordRejection::TooYoung { .. } => "password_too_young",
            PasswordRejection::ContainsUsername => "password_contains_username",
            PasswordRejection::TooLong { .. } => "password_too_long",
            PasswordRejection::Common => "password_common",
        }
    }
}

/// Longer inputs are refused before hashing so nobody can make the server hash megabytes.
pub const MAX_PASSWORD_CHARS: u32 = 256;

/// Who is setting the password: a user changing their own obeys minimum age; an administrator's
/// reset does not (as in Active Directory).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    UserChange,
    AdminReset,
}

pub struct Candidate<'a> {
    pub password: &'a str,
    pub username: &'a str,
    /// The user's display name: none of its words may appear in the password either.
    pub display_name: &'a str,
    pub kind: ChangeKind,
    /// When the current password was set, if there is one.
    pub last_changed: Option<Timestamp>,
    /// Whether the candidate matches one of the last `history` passwords (the caller hashes).
    pub in_history: bool,
    pub now: Timestamp,
}

impl PasswordPolicy {
    pub fn validate(&self) -> Result<(), String> {
        if !(MIN_NEW_PASSWORD_CHARS..=MAX_PASSWORD_CHARS).contains(&self.min_length) {
            return Err(format!(
                "min_length must be from {MIN_NEW_PASSWORD_CHARS} to {MAX_PASSWORD_CHARS} ({STRICT_MIN_LENGTH} recommended)"
            ));
        }
        if self.complexity_classes > 4 {
            return Err("complexity_classes must be from 0 to 4".into());
        }
        if self.history > 24 {
            return Err("history must be from 0 to 24".into());
        }
        Ok(())
    }

    /// Checks the rules that need no stored hashes, in the order a person can act on them.
    pub fn check(&self, c: &Candidate<'_>) -> Result<(), PasswordRejection> {
        let len = c.password.chars().count() as u32;
        if len > MAX_PASSWORD_CHARS {
            return Err(PasswordRejection::TooLong {
                max: MAX_PASSWORD_CHARS,
            });
        }
        if c.kind == ChangeKind::UserChange
            && let Some(changed) = c.last_changed
        {
            let age = c.now.since(changed);
            if age < self.min_age {
                return Err(PasswordRejection::TooYoung {
                    wait: self.min_age - age,
                });
            }
        }
        let min = if self.strict {
            self.min_length.max(STRICT_MIN_LENGTH)
        } else {
            self.min_length
        }
        .max(MIN_NEW_PASSWORD_CHARS);
        if len < min {
            return Err(PasswordRejection::TooShort { min });
        }
        if contains_a_name(c.password, c.username, c.display_name) {
            return Err(PasswordRejection::ContainsUsername);
        }
        if !self.strict
            && self.complexity_classes > 0
            && classes(c.password) < self.complexity_classes
        {
            return Err(PasswordRejection::NotComplex {
                required: self.complexity_classes,
            });
        }
        if is_common_password(c.password) {
            return Err(PasswordRejection::Common);
        }
        if c.in_history {
            return Err(PasswordRejection::InHistory {
                history: self.history,
            });
        }
        Ok(())
    }

    /// Whether a password set at `changed` has expired by `now`.
    pub fn expired(&self, changed: Timestamp, now: Timestamp) -> bool {
        !self.max_age.is_zero() && now.since(changed) >= self.max_age
    }
}

/// Regain's own screening of a new password, before any directory sees it (the directory's
/// policy comes on top): length, the user's names, the blocklist.
pub fn screen_new_password(
    password: &str,
    username: &str,
    display_name: &str,
) -> Result<(), PasswordRejection> {
    let len = password.chars().count() as u32;
    if len > MAX_PASSWORD_CHARS {
        return Err(PasswordRejection::TooLong {
            max: MAX_PASSWORD_CHARS,
        });
    }
    if len < MIN_NEW_PASSWORD_CHARS {
        return Err(PasswordRejection::TooShort {
            min: MIN_NEW_PASSWORD_CHARS,
        });
    }
    if contains_a_name(password, username, display_name) {
        return Err(PasswordRejection::ContainsUsername);
    }
    if is_common_password(password) {
        return Err(PasswordRejection::Common);
    }
    Ok(())
}

/// Whether the password contains the user name or a word of the display name (3 characters or
/// more, case-insensitive): the first thing an attacker who knows the person tries.
fn contains_a_name(password: &str, username: &str, display_name: &str) -> bool {
    let pw = password.to_lowercase();
    std::iter::once(username)
        .chain(display_name.split(|c: char| !c.is_alphanumeric()))
        .map(str::to_lowercase)
        .any(|name| name.chars().count() >= 3 && pw.contains(&name))
}

/// The 100,000 most common passwords of breach corpora: the top of the "10 million passwords"
/// list as published in SecLists (`Passwords/Common-Credentials`, MIT licence); see
/// `data/README.md` for where the copy comes from.
const COMMON_PASSWORDS: &str = include_str!("../data/common-passwords-100k.txt");

/// Whether `password`, compared whole and case-insensitively, is on the blocklist.
pub fn is_common_password(password: &str) -> bool {
    static SET: std::sync::OnceLock<std::collections::HashSet<&'static str>> =
        std::sync::OnceLock::new();
    let set = SET.get_or_init(|| {
        COMMON_PASSWORDS
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect()
    });
    let lower = password.to_lowercase();
    set.contains(password) || set.contains(lower.as_str())
}

fn classes(p: &str) -> u8 {
    let mut lower = false;
    let mut upper = false;
    let mut digit = false;
    let mut other = false;
    for ch in p.chars() {
        if ch.is_lowercase() {
            lower = true;
        } else if ch.is_uppercase() {
            upper = true;
        } else if ch.is_numeric() {
            digit = true;
        } else {
            other = true;
        }
    }
    [lower, upper, digit, other]
        .into_iter()
        .filter(|b| *b)
        .count() as u8
}

mod duration_text {
    use crate::time::{format_duration, parse_duration};
    use serde::{Deserialize, Deserializer, Serializer};
    use std::time::Duration;

    pub fn serialize<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format_duration(*d))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
        let raw = String::deserialize(d)?;
        parse_duration(&raw).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 86_400_000;

    fn policy() -> PasswordPolicy {
        PasswordPolicy {
            min_length: 10,
            complexity_classes: 3,
            history: 3,
            min_age: Duration::from_secs(86_400),
            max_age: Duration::from_secs(90 * 86_400),
            strict: false,
        }
    }

    fn cand(password: &str) -> Candidate<'_> {
        Candidate {
            password,
            username: "alice",
            display_name: "Alice Wonderland",
            kind: ChangeKind::UserChange,
            last_changed: Some(Timestamp(0)),
            in_history: false,
            now: Timestamp(2 * DAY),
        }
    }

    #[test]
    fn each_rule_gives_its_own_reason() {
        let p = policy();
        assert_eq!(
            p.check(&cand("Sh0rt!")),
            Err(PasswordRejection::TooShort { min: 10 })
        );
        assert_eq!(
            p.check(&cand("alllowercase1")),
            Err(PasswordRejection::NotComplex { required: 3 })
        );
        assert_eq!(
            p.check(&cand("Alice-Rules-42")),
            Err(PasswordRejection::ContainsUsername)
        );
        let mut c = cand("Correct-Horse-9");
        c.in_history = true;
        assert_eq!(
            p.check(&c),
            Err(PasswordRejection::InHistory { history: 3 })
        );
        let mut c = cand("Correct-Horse-9");
        c.now = Timestamp(DAY / 2);
        assert_eq!(
            p.check(&c),
            Err(PasswordRejection::TooYoung {
                wait: Duration::from_secs(43_200)
            })
        );
        assert_eq!(p.check(&cand("Correct-Horse-9")), Ok(()));
    }

    #[test]
    fn reason_codes_are_distinct() {
        let all = [
            PasswordRejection::TooShort { min: 1 }.code(),
            PasswordRejection::NotComplex { required: 1 }.code(),
            PasswordRejection::InHistory { history: 1 }.code(),
            PasswordRejection::TooYoung {
                wait: Duration::ZERO,
            }
            .code(),
            PasswordRejection::ContainsUsername.code(),
            PasswordRejection::TooLong { max: 1 }.code(),
            PasswordRejection::Common.code(),
        ];
        let set: std::collections::BTreeSet<_> = all.iter().collect();
        assert_eq!(set.len(), all.len());
    }

    #[test]
    fn admin_reset_ignores_minimum_age() {
        let mut c = cand("Correct-Horse-9");
        c.now = Timestamp(1);
        c.kind = ChangeKind::AdminReset;
        assert_eq!(policy().check(&c), Ok(()));
    }

    #[test]
    fn length_counts_code_points_not_bytes() {
        let p = PasswordPolicy {
            min_length: 8,
            complexity_classes: 0,
            ..policy()
        };
        assert!(p.check(&cand("zéèêëz2")).is_err());
        assert!(p.check(&cand("zéèêëz27")).is_ok());
        let long = "a".repeat(257);
        assert_eq!(
            p.check(&cand(&long)),
            Err(PasswordRejection::TooLong { max: 256 })
        );
    }

    #[test]
    fn expiry_uses_max_age() {
        let p = policy();
        assert!(!p.expired(Timestamp(0), Timestamp(89 * DAY)));
        assert!(p.expired(Timestamp(0), Timestamp(90 * DAY)));
        let never = PasswordPolicy {
            max_age: Duration::ZERO,
            ..p
        };
        assert!(!never.expired(Timestamp(0), Timestamp(9999 * DAY)));
    }

    /// Security requirement 44: Regain's own rules for every new password, table-driven.
    #[test]
    fn req44_new_passwords_are_screened() {
        let default = PasswordPolicy::default();
        let strict = PasswordPolicy {
            strict: true,
            ..PasswordPolicy::default()
        };
        let ok = Ok(());
        let common = Err(PasswordRejection::Common);
        let named = Err(PasswordRejection::ContainsUsername);
        let cases: [(&PasswordPolicy, &str, Result<(), PasswordRejection>); 16] = [
            // Minimum 8 by default, counted in code points; a maximum of 256.
            (
                &default,
                "Ab3$efg",
                Err(PasswordRejection::TooShort { min: 8 }),
            ),
            (&default, "Ab3$efgh", ok.clone()),
            (&default, &"Ab3$".repeat(64), ok.clone()),
            (
                &default,
                &"Ab3$".repeat(65),
                Err(PasswordRejection::TooLong { max: 256 }),
            ),
            // The blocklist: whole-password and case-insensitive, whatever the composition.
            (
                &default,
                "password",
                Err(PasswordRejection::NotComplex { required: 3 }),
            ),
            (&default, "Password1", common.clone()),
            (&default, "PASSWORD1!", ok.clone()),
            (&strict, "qwertyuiopasdfgh", common.clone()),
            (&strict, "1qaz2wsx3edc4rfv", common.clone()),
            // The user's own names, user name and display-name words.
            (&default, "Alice-Rules-42", named.clone()),
            (&default, "Wonderland-42!", named.clone()),
            (&strict, "my wonderland is far away", named.clone()),
            // Strict: no composition rules, at least 15.
            (&strict, "correct horse battery", ok.clone()),
            (
                &strict,
                "correct horses",
                Err(PasswordRejection::TooShort { min: 15 }),
            ),
            (
                &default,
                "correct horse battery",
                Err(PasswordRejection::NotComplex { required: 3 }),
            ),
            (
                &strict,
                "Short-9!",
                Err(PasswordRejection::TooShort { min: 15 }),
            ),
        ];
        for (p, pw, want) in cases {
            let mut c = cand(pw);
            c.kind = ChangeKind::AdminReset;
            assert_eq!(p.check(&c), want, "{pw:?} strict={}", p.strict);
        }
        assert_eq!(screen_new_password("letmein1", "bob", "Bob B"), common);
        assert_eq!(screen_new_password("bobby-the-great", "bobby", ""), named);
        assert_eq!(
            screen_new_password("short", "x", ""),
            Err(PasswordRejection::TooShort { min: 8 })
        );
        assert_eq!(screen_new_password("zebra ladder sunset", "x", ""), Ok(()));
        // The shipped list is whole: 100,000 entries, and its top is where it should be.
        assert_eq!(COMMON_PASSWORDS.lines().count(), 100_000);
        for top in ["123456", "password", "12345678", "qwerty", "iloveyou"] {
            assert!(is_common_password(top), "{top}");
        }
        assert!(
            PasswordPolicy {
                min_length: 7,
                ..default
            }
            .validate()
            .is_err()
        );
    }
}
