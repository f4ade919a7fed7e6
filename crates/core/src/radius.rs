//! The decisions RADIUS needs that the HTTPS API does not: a gateway shows one text field, so
//! which second factor a typed answer is must be decided from the answer itself, taking one
//! attempt and comparing one secret.

use crate::ids::TransactionId;
use crate::policy::Factor;
use crate::ports::StoreError;
use crate::time::Timestamp;
use async_trait::async_trait;

/// How long a challenge's State stays good: as long as a sign-in waits for its second factor
/// (security requirement 33).
pub const CHALLENGE_LIFETIME_MS: i64 = 5 * 60 * 1000;

/// A challenge sent to a gateway and not yet answered. Kept in the database under a keyed hash
/// of its State, so that a gateway failing over to another node is answered there, and taken
/// out by exactly one answer on any node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingChallenge {
    pub transaction: TransactionId,
    /// The name of the RADIUS client it was sent to: only that client may answer it.
    pub client: String,
    /// The user it was sent for: only an answer for the same user takes it.
    pub username: String,
    pub sms_sent: bool,
    /// A push went out for this challenge: the next request waits for its answer.
    pub push_sent: bool,
    pub expires_at: Timestamp,
}

/// Where pending challenges are kept: atomically taken, so a State is used once across nodes.
#[async_trait]
pub trait RadiusChallengeRepo: Send + Sync {
    async fn put_challenge(&self, state_hash: &str, c: &PendingChallenge)
    -> Result<(), StoreError>;
    /// The challenge of `state_hash`, removed in the same statement (used once, whatever
    /// follows); `None` if unknown, taken already, or expired at `now`.
    async fn take_challenge(
        &self,
        state_hash: &str,
        now: Timestamp,
    ) -> Result<Option<PendingChallenge>, StoreError>;
    /// Removes the challenges that expired before `now`; how many.
    async fn purge_challenges(&self, now: Timestamp) -> Result<u64, StoreError>;
}

/// What the user typed at the challenge, as Regain reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChallengeAnswer {
    /// A code: which factor it is checked as, and the code (spaces and dashes removed).
    Code { factor: Factor, code: String },
    /// `sms`: send a code by SMS, then challenge again.
    SendSms,
    /// `push`, or nothing: send a push and wait for it.
    Push,
    /// Nothing Regain can check: refused without an attempt.
    Unusable,
}

/// OTP tokens show 6 or 8 digits.
fn otp_length(n: usize) -> bool {
    n == 6 || n == 8
}

/// Reads `typed` against the factors the sign-in accepts. A temporary code is taken for one
/// only when the user has one that still works and the length fits; otherwise digits are an
/// OTP code (so an 8-digit token works for users without a temporary code).
pub fn read_answer(
    acceptable: &[Factor],
    typed: &str,
    temp_code_digits: u8,
    has_temporary_code: bool,
    sms_sent: bool,
) -> ChallengeAnswer {
    let t = typed.trim();
    if t.eq_ignore_ascii_case("sms") {
        return if acceptable.contains(&Factor::Sms) {
            ChallengeAnswer::SendSms
        } else {
            ChallengeAnswer::Unusable
        };
    }
    if t.is_empty() || t.eq_ignore_ascii_case("push") {
        return if acceptable.contains(&Factor::Push) {
            ChallengeAnswer::Push
        } else {
            ChallengeAnswer::Unusable
        };
    }
    let code: String = t.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    if code.is_empty() || code.len() > 16 || !code.chars().all(|c| c.is_ascii_digit()) {
        return ChallengeAnswer::Unusable;
    }
    let n = code.len();
    let factor = if acceptable.contains(&Factor::TemporaryCode)
        && has_temporary_code
        && n == usize::from(temp_code_digits)
    {
        Factor::TemporaryCode
    } else if sms_sent && acceptable.contains(&Factor::Sms) {
        Factor::Sms
    } else if acceptable.contains(&Factor::Otp) && otp_length(n) {
        Factor::Otp
    } else {
        return ChallengeAnswer::Unusable;
    };
    ChallengeAnswer::Code { factor, code }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [Factor; 4] = [
        Factor::Push,
        Factor::Sms,
        Factor::Otp,
        Factor::TemporaryCode,
    ];

    fn code(f: Factor, c: &str) -> ChallengeAnswer {
        ChallengeAnswer::Code {
            factor: f,
            code: c.into(),
        }
    }

    #[test]
    fn an_answer_is_one_factor() {
        assert_eq!(
            read_answer(&ALL, "123 456", 8, false, false),
            code(Factor::Otp, "123456")
        );
        assert_eq!(
            read_answer(&ALL, "1234-5678", 8, true, false),
            code(Factor::TemporaryCode, "12345678")
        );
        // Without a temporary code, 8 digits are an 8-digit token's code.
        assert_eq!(
            read_answer(&ALL, "12345678", 8, false, false),
            code(Factor::Otp, "12345678")
        );
        // After "sms", digits are the SMS code.
        assert_eq!(
            read_answer(&ALL, "123456", 8, false, true),
            code(Factor::Sms, "123456")
        );
        assert_eq!(
            read_answer(&ALL, " SMS ", 8, false, false),
            ChallengeAnswer::SendSms
        );
        assert_eq!(
            read_answer(&ALL, "", 8, false, false),
            ChallengeAnswer::Push
        );
        assert_eq!(
            read_answer(&ALL, "push", 8, false, false),
            ChallengeAnswer::Push
        );
    }

    #[test]
    fn what_the_sign_in_does_not_accept_is_unusable() {
        let otp_only = [Factor::Otp];
        assert_eq!(
            read_answer(&otp_only, "sms", 8, false, false),
            ChallengeAnswer::Unusable
        );
        assert_eq!(
            read_answer(&otp_only, "", 8, false, false),
            ChallengeAnswer::Unusable
        );
        assert_eq!(
            read_answer(&otp_only, "12345", 8, false, false),
            ChallengeAnswer::Unusable
        );
        assert_eq!(
            read_answer(&otp_only, "abcdef", 8, false, false),
            ChallengeAnswer::Unusable
        );
        // A temporary code where the policy does not take one is not compared as one.
        assert_eq!(
            read_answer(&otp_only, "12345678", 8, true, false),
            code(Factor::Otp, "12345678")
        );
        let tc_only = [Factor::TemporaryCode];
        assert_eq!(
            read_answer(&tc_only, "123456", 8, true, false),
            ChallengeAnswer::Unusable
        );
        assert_eq!(
            read_answer(&tc_only, "1234567890123456789", 8, true, false),
            ChallengeAnswer::Unusable
        );
    }
}
