//! One-time passwords (RFC 4226 HOTP, RFC 6238 TOTP) as pure decisions: which counter a submitted
//! code matches, within a drift window, never at or below the last one used. Computing a code
//! (HMAC) is the crypto crate's job, behind [`OtpCodes`]; storing the used counter atomically is
//! the store's.

use crate::time::Timestamp;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OtpAlgorithm {
    Sha1,
    Sha256,
    Sha512,
}

impl OtpAlgorithm {
    pub fn key(self) -> &'static str {
        match self {
            OtpAlgorithm::Sha1 => "SHA1",
            OtpAlgorithm::Sha256 => "SHA256",
            OtpAlgorithm::Sha512 => "SHA512",
        }
    }

    pub fn parse(raw: &str) -> Option<OtpAlgorithm> {
        match raw.to_ascii_uppercase().replace('-', "").as_str() {
            "SHA1" => Some(OtpAlgorithm::Sha1),
            "SHA256" => Some(OtpAlgorithm::Sha256),
            "SHA512" => Some(OtpAlgorithm::Sha512),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OtpKind {
    /// Time-based: the counter is the number of `period`-second steps since the epoch.
    Totp { period: u32 },
    /// Counter-based: the token's button advances the counter.
    Hotp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct OtpParams {
    pub kind: OtpKind,
    pub algorithm: OtpAlgorithm,
    pub digits: u8,
}

/// Seeds shorter than this are refused (RFC 4226 requires 128 bits; 160 recommended).
pub const MIN_SEED_BYTES: usize = 16;
/// TOTP accepts the current step and one on either side (±30 s at the usual period).
pub const TOTP_DRIFT_STEPS: u64 = 1;
/// HOTP accepts a code up to this many presses ahead of the expected counter.
pub const HOTP_LOOK_AHEAD: u64 = 10;
/// Resynchronisation searches this far ahead for two consecutive codes.
pub const HOTP_RESYNC_WINDOW: u64 = 1000;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OtpParamError {
    #[error("the seed is {0} bytes: use at least 16 bytes (128 bits)")]
    SeedTooShort(usize),
    #[error("{0} digits: use 6 or 8")]
    Digits(u8),
    #[error("a period of {0} s: use 30 or 60")]
    Period(u32),
}

impl OtpParams {
    pub fn totp() -> Self {
        OtpParams {
            kind: OtpKind::Totp { period: 30 },
            algorithm: OtpAlgorithm::Sha1,
            digits: 6,
        }
    }

    pub fn validate(&self, seed_len: usize) -> Result<(), OtpParamError> {
        if seed_len < MIN_SEED_BYTES {
            return Err(OtpParamError::SeedTooShort(seed_len));
        }
        if !matches!(self.digits, 6 | 8) {
            return Err(OtpParamError::Digits(self.digits));
        }
        if let OtpKind::Totp { period } = self.kind
            && !matches!(period, 30 | 60)
        {
            return Err(OtpParamError::Period(period));
        }
        Ok(())
    }
}

/// Computes the code for one counter value (HMAC, dynamic truncation, zero-padded decimal).
pub trait OtpCodes: Send + Sync {
    fn code(&self, seed: &[u8], counter: u64, algorithm: OtpAlgorithm, digits: u8) -> String;
}

/// The TOTP step of a moment, using the server's clock only.
pub fn totp_step(now: Timestamp, period: u32) -> u64 {
    let secs = now.as_millis().div_euclid(1000).max(0) as u64;
    secs / u64::from(period.max(1))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OtpCheck {
    /// The code matches this counter (TOTP step or HOTP counter); the caller must record it as
    /// used, atomically, and accept only if that succeeds.
    Matches { counter: u64 },
    /// The code matches a counter already used: a replay.
    Replayed,
    /// No counter in the window matches.
    NoMatch,
}

/// Compares two codes without revealing where they differ.
fn same_code(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

fn normalise(submitted: &str) -> String {
    submitted
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect()
}

/// Checks a submitted code against the counters `candidates` (in order of preference).
/// `last_used` is the highest counter already consumed for this token, if any.
fn check(
    codes: &dyn OtpCodes,
    seed: &[u8],
    p: &OtpParams,
    submitted: &str,
    candidates: impl Iterator<Item = u64>,
    last_used: Option<u64>,
) -> OtpCheck {
    let submitted = normalise(submitted);
    if submitted.len() != usize::from(p.digits) || !submitted.bytes().all(|b| b.is_ascii_digit()) {
        return OtpCheck::NoMatch;
    }
    let mut replayed = false;
    // Every candidate is computed and compared, so timing does not reveal which one matched.
    let mut found = None;
    for c in candidates {
        if same_code(&codes.code(seed, c, p.algorithm, p.digits), &submitted) {
            if last_used.is_some_and(|u| c <= u) {
                replayed = true;
            } else if found.is_none() {
                found = Some(c);
            }
        }
    }
    match (found, replayed) {
        (Some(counter), _) => OtpCheck::Matches { counter },
        (None, true) => OtpCheck::Replayed,
        (None, false) => OtpCheck::NoMatch,
    }
}

/// TOTP: the current step first, then the neighbours within the drift window.
pub fn verify_totp(
    codes: &dyn OtpCodes,
    seed: &[u8],
    p: &OtpParams,
    now: Timestamp,
    submitted: &str,
    last_used: Option<u64>,
) -> OtpCheck {
    let period = match p.kind {
        OtpKind::Totp { period } => period,
        OtpKind::Hotp => return OtpCheck::NoMatch,
    };
    let step = totp_step(now, period);
    let mut candidates = vec![step];
    for d in 1..=TOTP_DRIFT_STEPS {
        candidates.push(step.saturating_sub(d));
        candidates.push(step.saturating_add(d));
    }
    candidates.dedup();
    check(codes, seed, p, submitted, candidates.into_iter(), last_used)
}

/// HOTP: the expected counter (one past the last used, or 0) and the look-ahead window.
pub fn verify_hotp(
    codes: &dyn OtpCodes,
    seed: &[u8],
    p: &OtpParams,
    submitted: &str,
    last_used: Option<u64>,
) -> OtpCheck {
    if p.kind != OtpKind::Hotp {
        return OtpCheck::NoMatch;
    }
    let next = last_used.map_or(0, |u| u.saturating_add(1));
    // The last used counter is checked too, so that a replay is reported as one.
    let candidates = last_used
        .into_iter()
        .chain(next..=next.saturating_add(HOTP_LOOK_AHEAD));
    check(codes, seed, p, submitted, candidates, last_used)
}

/// Resynchronises an HOTP token that drifted beyond the look-ahead: two consecutive codes must
/// match consecutive counters. Returns the counter of the second code (to record as used).
pub fn resync_hotp(
    codes: &dyn OtpCodes,
    seed: &[u8],
    p: &OtpParams,
    first: &str,
    second: &str,
    last_used: Option<u64>,
) -> Option<u64> {
    let (first, second) = (normalise(first), normalise(second));
    let start = last_used.map_or(0, |u| u.saturating_add(1));
    (start..start.saturating_add(HOTP_RESYNC_WINDOW)).find_map(|c| {
        (same_code(&codes.code(seed, c, p.algorithm, p.digits), &first)
            && same_code(&codes.code(seed, c + 1, p.algorithm, p.digits), &second))
        .then_some(c + 1)
    })
}

/// The `otpauth://` URI authenticator apps read from a QR code.
pub fn otpauth_uri(issuer: &str, account: &str, seed_base32: &str, p: &OtpParams) -> String {
    let enc = |s: &str| -> String {
        s.bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect()
    };
    let (kind, extra) = match p.kind {
        OtpKind::Totp { period } => ("totp", format!("&period={period}")),
        OtpKind::Hotp => ("hotp", "&counter=0".to_owned()),
    };
    format!(
        "otpauth://{kind}/{}:{}?secret={seed_base32}&issuer={}&algorithm={}&digits={}{extra}",
        enc(issuer),
        enc(account),
        enc(issuer),
        p.algorithm.key(),
        p.digits
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stand-in that makes the window logic visible: the code of counter c is c, zero-padded.
    struct CounterCodes;
    impl OtpCodes for CounterCodes {
        fn code(&self, _seed: &[u8], counter: u64, _a: OtpAlgorithm, digits: u8) -> String {
            format!(
                "{:0width$}",
                counter % 10u64.pow(u32::from(digits)),
                width = usize::from(digits)
            )
        }
    }

    const SEED: &[u8] = b"0123456789abcdef";

    fn at(secs: i64) -> Timestamp {
        Timestamp(secs * 1000)
    }

    #[test]
    fn req19_totp_window_is_one_step_each_side() {
        let p = OtpParams::totp();
        let now = at(30 * 1000 + 15); // step 1000
        for (code, ok) in [
            ("000999", true),
            ("001000", true),
            ("001001", true),
            ("000998", false),
            ("001002", false),
        ] {
            let r = verify_totp(&CounterCodes, SEED, &p, now, code, None);
            assert_eq!(matches!(r, OtpCheck::Matches { .. }), ok, "{code}: {r:?}");
        }
    }

    #[test]
    fn req20_a_used_step_is_never_accepted_again() {
        let p = OtpParams::totp();
        let now = at(30 * 1000);
        assert_eq!(
            verify_totp(&CounterCodes, SEED, &p, now, "001000", None),
            OtpCheck::Matches { counter: 1000 }
        );
        assert_eq!(
            verify_totp(&CounterCodes, SEED, &p, now, "001000", Some(1000)),
            OtpCheck::Replayed
        );
        // An older step inside the window is refused once a newer one was used.
        assert_eq!(
            verify_totp(&CounterCodes, SEED, &p, now, "000999", Some(1000)),
            OtpCheck::Replayed
        );
        assert_eq!(
            verify_totp(&CounterCodes, SEED, &p, now, "001001", Some(1000)),
            OtpCheck::Matches { counter: 1001 }
        );
    }

    #[test]
    fn hotp_look_ahead_and_resync() {
        let p = OtpParams {
            kind: OtpKind::Hotp,
            algorithm: OtpAlgorithm::Sha1,
            digits: 6,
        };
        assert_eq!(
            verify_hotp(&CounterCodes, SEED, &p, "000000", None),
            OtpCheck::Matches { counter: 0 }
        );
        assert_eq!(
            verify_hotp(&CounterCodes, SEED, &p, "000010", Some(0)),
            OtpCheck::Matches { counter: 10 }
        );
        assert_eq!(
            verify_hotp(&CounterCodes, SEED, &p, "000012", Some(0)),
            OtpCheck::NoMatch,
            "beyond look-ahead"
        );
        assert_eq!(
            verify_hotp(&CounterCodes, SEED, &p, "000005", Some(5)),
            OtpCheck::Replayed
        );
        assert_eq!(
            resync_hotp(&CounterCodes, SEED, &p, "000500", "000501", Some(5)),
            Some(501)
        );
        assert_eq!(
            resync_hotp(&CounterCodes, SEED, &p, "000500", "000502", Some(5)),
            None,
            "not consecutive"
        );
    }

    #[test]
    fn malformed_codes_never_match_and_spacing_is_forgiven() {
        let p = OtpParams::totp();
        let now = at(30 * 1000);
        for bad in ["", "1000", "0010000", "00100a", "-01000"] {
            assert_eq!(
                verify_totp(&CounterCodes, SEED, &p, now, bad, None),
                OtpCheck::NoMatch,
                "{bad}"
            );
        }
        assert!(matches!(
            verify_totp(&CounterCodes, SEED, &p, now, "001 000", None),
            OtpCheck::Matches { .. }
        ));
    }

    #[test]
    fn req21_short_seeds_and_odd_parameters_are_refused() {
        let p = OtpParams::totp();
        assert_eq!(p.validate(15), Err(OtpParamError::SeedTooShort(15)));
        assert!(p.validate(20).is_ok());
        assert!(OtpParams { digits: 7, ..p }.validate(20).is_err());
        assert!(
            OtpParams {
                kind: OtpKind::Totp { period: 45 },
                ..p
            }
            .validate(20)
            .is_err()
        );
    }

    #[test]
    fn otpauth_uri_has_every_parameter() {
        let p = OtpParams {
            kind: OtpKind::Totp { period: 60 },
            algorithm: OtpAlgorithm::Sha256,
            digits: 8,
        };
        assert_eq!(
            otpauth_uri("Regain Corp", "alice@corp", "JBSWY3DPEHPK3PXP", &p),
            "otpauth://totp/Regain%20Corp:alice%40corp?secret=JBSWY3DPEHPK3PXP&issuer=Regain%20Corp&algorithm=SHA256&digits=8&period=60"
        );
    }
}
