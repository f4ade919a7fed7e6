//! Enterprise-wide settings: the switches an administrator flips in Settings.

use crate::time::{format_duration, parse_duration};
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// No temporary code may ever live longer than this, whatever a setting or role says.
pub const TEMPORARY_CODE_HARD_CAP: Duration = Duration::from_secs(14 * 86_400);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SelfServiceMode {
    /// Users prove who they are with security questions.
    Questions,
    /// Security questions, then a push approval with number matching.
    QuestionsAndPush,
}

impl SelfServiceMode {
    pub fn key(self) -> &'static str {
        match self {
            SelfServiceMode::Questions => "questions",
            SelfServiceMode::QuestionsAndPush => "questions_and_push",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnterpriseSettings {
    /// "Allow temporary codes": off until an administrator turns it on.
    pub allow_temporary_codes: bool,
    /// Longest lifetime any temporary code may be issued for (at most 14 days).
    pub temporary_code_max_lifetime: Duration,
    /// Digits in a temporary code (8 to 12; 8 is about 26.6 bits).
    #[serde(default = "default_digits")]
    pub temporary_code_digits: u8,
    pub self_service_enabled: bool,
    pub self_service_mode: SelfServiceMode,
    /// Digits of the number a push asks the user to type in the app (2 to 6).
    #[serde(default = "default_push_digits")]
    pub push_number_digits: u8,
}

impl Default for EnterpriseSettings {
    fn default() -> Self {
        EnterpriseSettings {
            allow_temporary_codes: false,
            temporary_code_max_lifetime: TEMPORARY_CODE_HARD_CAP,
            temporary_code_digits: crate::temp_code::DEFAULT_DIGITS,
            self_service_enabled: false,
            self_service_mode: SelfServiceMode::Questions,
            push_number_digits: crate::push::DEFAULT_NUMBER_DIGITS,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SettingError {
    #[error("unknown setting {0:?}: known settings are {known}", known = EnterpriseSettings::KEYS.join(", "))]
    UnknownKey(String),
    #[error("setting {key}: {message}")]
    BadValue { key: &'static str, message: String },
}

impl EnterpriseSettings {
    pub const KEYS: [&'static str; 6] = [
        "allow_temporary_codes",
        "temporary_code_max_lifetime",
        "temporary_code_digits",
        "self_service_enabled",
        "self_service_mode",
        "push.number_digits",
    ];

    /// The settings as `(key, value)` pairs, in the text form [`EnterpriseSettings::set`] reads.
    pub fn entries(&self) -> Vec<(&'static str, String)> {
        vec![
            (
                "allow_temporary_codes",
                self.allow_temporary_codes.to_string(),
            ),
            (
                "temporary_code_max_lifetime",
                format_duration(self.temporary_code_max_lifetime),
            ),
            (
                "temporary_code_digits",
                self.temporary_code_digits.to_string(),
            ),
            (
                "self_service_enabled",
                self.self_service_enabled.to_string(),
            ),
            ("self_service_mode", self.self_service_mode.key().into()),
            ("push.number_digits", self.push_number_digits.to_string()),
        ]
    }

    /// Applies one `key=value` change and checks the result; `self` is untouched on error.
    pub fn set(&self, key: &str, value: &str) -> Result<EnterpriseSettings, SettingError> {
        let mut next = self.clone();
        match key {
            "allow_temporary_codes" => {
                next.allow_temporary_codes = parse_bool("allow_temporary_codes", value)?
            }
            "self_service_enabled" => {
                next.self_service_enabled = parse_bool("self_service_enabled", value)?
            }
            "self_service_mode" => {
                next.self_service_mode = match value {
                    "questions" => SelfServiceMode::Questions,
                    "questions_and_push" => SelfServiceMode::QuestionsAndPush,
                    _ => {
                        return Err(SettingError::BadValue {
                            key: "self_service_mode",
                            message: format!(
                                "{value:?} is not a mode: use questions or questions_and_push"
                            ),
                        });
                    }
                }
            }
            "temporary_code_max_lifetime" => {
                let d = parse_duration(value).map_err(|message| SettingError::BadValue {
                    key: "temporary_code_max_lifetime",
                    message,
                })?;
                next.temporary_code_max_lifetime = d;
            }
            "temporary_code_digits" => {
                next.temporary_code_digits =
                    value.trim().parse().map_err(|_| SettingError::BadValue {
                        key: "temporary_code_digits",
                        message: format!("{value:?} is not a number: use 8 to 12"),
                    })?;
            }
            "push.number_digits" => {
                next.push_number_digits =
                    value.trim().parse().map_err(|_| SettingError::BadValue {
                        key: "push.number_digits",
                        message: format!("{value:?} is not a number: use 2 to 6"),
                    })?;
            }
            other => return Err(SettingError::UnknownKey(other.to_owned())),
        }
        next.validate()?;
        Ok(next)
    }

    /// Applies several changes and validates once; `self` is untouched on error.
    pub fn set_many(
        &self,
        changes: &[(String, String)],
    ) -> Result<EnterpriseSettings, SettingError> {
        let mut next = self.clone();
        for (k, v) in changes {
            next = next.set(k, v)?;
        }
        Ok(next)
    }

    pub fn validate(&self) -> Result<(), SettingError> {
        let digits = self.temporary_code_digits;
        if !(crate::temp_code::MIN_DIGITS..=crate::temp_code::MAX_DIGITS).contains(&digits) {
            return Err(SettingError::BadValue {
                key: "temporary_code_digits",
                message: format!("{digits} digits: use 8 to 12"),
            });
        }
        let push = self.push_number_digits;
        if !(crate::push::MIN_NUMBER_DIGITS..=crate::push::MAX_NUMBER_DIGITS).contains(&push) {
            return Err(SettingError::BadValue {
                key: "push.number_digits",
                message: format!("{push} digits: use 2 to 6"),
            });
        }
        let d = self.temporary_code_max_lifetime;
        if d < Duration::from_secs(300) || d > TEMPORARY_CODE_HARD_CAP {
            return Err(SettingError::BadValue {
                key: "temporary_code_max_lifetime",
                message: format!(
                    "{} is out of range: use between 5m and 14d",
                    format_duration(d)
                ),
            });
        }
        Ok(())
    }
}

fn default_push_digits() -> u8 {
    crate::push::DEFAULT_NUMBER_DIGITS
}

fn default_digits() -> u8 {
    crate::temp_code::DEFAULT_DIGITS
}

pub(crate) fn parse_bool(key: &'static str, value: &str) -> Result<bool, SettingError> {
    match value.to_ascii_lowercase().as_str() {
        "true" | "on" | "yes" | "1" => Ok(true),
        "false" | "off" | "no" | "0" => Ok(false),
        _ => Err(SettingError::BadValue {
            key,
            message: format!("{value:?} is not a yes/no value: use true or false"),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_codes_are_off_by_default() {
        let s = EnterpriseSettings::default();
        assert!(!s.allow_temporary_codes);
        assert!(!s.self_service_enabled);
        assert_eq!(s.temporary_code_max_lifetime, TEMPORARY_CODE_HARD_CAP);
    }

    #[test]
    fn set_parses_and_validates() {
        let s = EnterpriseSettings::default();
        let s = s.set("allow_temporary_codes", "true").unwrap();
        assert!(s.allow_temporary_codes);
        let s = s.set("temporary_code_max_lifetime", "24h").unwrap();
        assert_eq!(s.temporary_code_max_lifetime, Duration::from_secs(86_400));
        let s = s.set("self_service_mode", "questions_and_push").unwrap();
        assert_eq!(s.self_service_mode, SelfServiceMode::QuestionsAndPush);
    }

    #[test]
    fn push_numbers_have_two_to_six_digits() {
        let s = EnterpriseSettings::default();
        assert_eq!(s.push_number_digits, 2);
        assert_eq!(
            s.set("push.number_digits", "6").unwrap().push_number_digits,
            6
        );
        for bad in ["1", "7", "two"] {
            let e = s.set("push.number_digits", bad).unwrap_err();
            assert!(e.to_string().contains("2 to 6"), "{e}");
        }
    }

    #[test]
    fn lifetime_never_beyond_fourteen_days() {
        let s = EnterpriseSettings::default();
        assert!(s.set("temporary_code_max_lifetime", "14d").is_ok());
        let e = s.set("temporary_code_max_lifetime", "14d1s").unwrap_err();
        assert!(e.to_string().contains("between 5m and 14d"), "{e}");
    }

    #[test]
    fn bad_input_names_the_key_and_the_form() {
        let s = EnterpriseSettings::default();
        let e = s.set("allow_temporary_codes", "maybe").unwrap_err();
        assert!(
            e.to_string().contains("allow_temporary_codes")
                && e.to_string().contains("true or false")
        );
        let e = s.set("allow_temp_codes", "true").unwrap_err();
        assert!(
            e.to_string()
                .contains("known settings are allow_temporary_codes")
        );
    }
}
