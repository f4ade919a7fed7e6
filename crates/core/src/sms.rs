//! SMS codes as pure rules: phone numbers (E.164), masking, code lifetime, and the send limits
//! that keep an attacker from spending the SMS budget or flooding a phone.

use crate::time::Timestamp;
use async_trait::async_trait;
use std::time::Duration;

/// NIST SP 800-63B: an out-of-band code lives at most 10 minutes.
pub const CODE_LIFETIME: Duration = Duration::from_secs(5 * 60);
pub const CODE_DIGITS: u32 = 6;
/// At most this many codes per user, and per number, in [`SEND_WINDOW`].
pub const MAX_SENDS: u64 = 5;
pub const SEND_WINDOW: Duration = Duration::from_secs(3600);
/// A resend within this time of the last one is refused.
pub const RESEND_AFTER: Duration = Duration::from_secs(30);

/// A phone number in E.164 form: `+` and 8 to 15 digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhoneNumber(String);

impl PhoneNumber {
    pub fn parse(raw: &str) -> Result<PhoneNumber, String> {
        let digits: String = raw
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '(' | ')' | '.'))
            .collect();
        let ok = digits.starts_with('+')
            && (9..=16).contains(&digits.len())
            && digits[1..].chars().all(|c| c.is_ascii_digit())
            && !digits[1..].starts_with('0');
        if ok {
            Ok(PhoneNumber(digits))
        } else {
            Err(format!(
                "{raw:?} is not a phone number in international form: write + and the country code, e.g. +41 79 123 45 67"
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Shown to people: the country code and the last two digits only.
    pub fn masked(&self) -> String {
        let d = &self.0[1..];
        let cc_len = if d.starts_with('1') || d.starts_with('7') {
            1
        } else {
            2
        };
        let (cc, rest) = d.split_at(cc_len.min(d.len()));
        let last: String = rest
            .chars()
            .rev()
            .take(2)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        format!("+{cc} {}{last}", "•".repeat(rest.len().saturating_sub(2)))
    }
}

/// Why a code may not be sent now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendRefusal {
    TooSoon { wait: Duration },
    TooManyForUser,
    TooManyForNumber,
}

impl SendRefusal {
    pub fn code(self) -> &'static str {
        match self {
            SendRefusal::TooSoon { .. } => "sms_resend_too_soon",
            SendRefusal::TooManyForUser => "sms_limit_user",
            SendRefusal::TooManyForNumber => "sms_limit_number",
        }
    }
}

/// What asking for an SMS code did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SmsSend {
    /// Sent, to this (masked) number.
    Sent {
        to: String,
    },
    NotSent(SmsNotSent),
}

/// Why no SMS code was sent (its stable reason code: [`SmsNotSent::code`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmsNotSent {
    /// The transaction is final, expired or does not offer SMS.
    NotAvailable,
    /// A lock (even one that has ended) ended the flow.
    LockedOut,
    NoPhoneNumber,
    /// The SMS provider refused or failed (the details are in the audit log).
    GatewayError,
    Limit(SendRefusal),
}

impl SmsNotSent {
    pub fn code(self) -> &'static str {
        match self {
            SmsNotSent::NotAvailable => "sms_not_available",
            SmsNotSent::LockedOut => "locked_out",
            SmsNotSent::NoPhoneNumber => "no_phone_number",
            SmsNotSent::GatewayError => "sms_gateway_error",
            SmsNotSent::Limit(r) => r.code(),
        }
    }
}

/// Counts of codes already sent in the window, and when the last one went to this user.
pub fn may_send(
    sent_to_user: u64,
    sent_to_number: u64,
    last_sent: Option<Timestamp>,
    now: Timestamp,
) -> Result<(), SendRefusal> {
    if let Some(last) = last_sent {
        let since = now.since(last);
        if since < RESEND_AFTER {
            return Err(SendRefusal::TooSoon {
                wait: RESEND_AFTER - since,
            });
        }
    }
    if sent_to_user >= MAX_SENDS {
        return Err(SendRefusal::TooManyForUser);
    }
    if sent_to_number >= MAX_SENDS {
        return Err(SendRefusal::TooManyForNumber);
    }
    Ok(())
}

/// The text of the message: the code, what it is for, and a warning not to share it.
pub fn message(code: &str, purpose: &str) -> String {
    format!(
        "{code} is your Regain code to {purpose}. It expires in 5 minutes. Never tell it to anyone, not even the helpdesk."
    )
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GatewayError {
    #[error("the SMS gateway did not answer in time")]
    Timeout,
    #[error("the SMS gateway refused the message: {0}")]
    Refused(String),
    #[error("the SMS gateway is unreachable: {0}")]
    Unreachable(String),
}

/// Where SMS messages go: an HTTPS webhook in production, a file outbox in the demo, memory in
/// tests.
#[async_trait]
pub trait SmsGateway: Send + Sync {
    async fn send(&self, to: &PhoneNumber, text: &str) -> Result<(), GatewayError>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_parse_and_mask() {
        let n = PhoneNumber::parse("+41 79 123 45 67").unwrap();
        assert_eq!(n.as_str(), "+41791234567");
        assert_eq!(n.masked(), "+41 •••••••67");
        assert_eq!(
            PhoneNumber::parse("+1 (415) 555-0100").unwrap().masked(),
            "+1 ••••••••00"
        );
        for bad in [
            "0791234567",
            "+41",
            "+41 79 abc",
            "+0123456789",
            "+1234567890123456",
        ] {
            assert!(PhoneNumber::parse(bad).is_err(), "{bad}");
        }
    }

    /// Security requirement 23: per-account and per-destination send limits, and no rapid resends.
    #[test]
    fn req23_send_limits() {
        let now = Timestamp(10_000_000);
        assert_eq!(may_send(0, 0, None, now), Ok(()));
        assert!(matches!(
            may_send(1, 1, Some(now.minus(Duration::from_secs(10))), now),
            Err(SendRefusal::TooSoon { .. })
        ));
        assert_eq!(may_send(1, 1, Some(now.minus(RESEND_AFTER)), now), Ok(()));
        assert_eq!(
            may_send(MAX_SENDS, 0, None, now),
            Err(SendRefusal::TooManyForUser)
        );
        assert_eq!(
            may_send(0, MAX_SENDS, None, now),
            Err(SendRefusal::TooManyForNumber)
        );
    }

    #[test]
    fn req22_lifetime_at_most_ten_minutes_and_six_digits() {
        assert!(CODE_LIFETIME <= Duration::from_secs(600));
        const { assert!(CODE_DIGITS >= 6) };
        assert!(message("123456", "sign in").starts_with("123456 "));
    }
}
