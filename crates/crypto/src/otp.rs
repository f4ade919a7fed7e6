//! HOTP codes (RFC 4226 §5.3): HMAC over the big-endian counter, dynamic truncation, decimal.
//! TOTP (RFC 6238) is HOTP with the time step as counter; the window logic is in the core.

use hmac::{Hmac, KeyInit, Mac};
use regain_core::otp::{OtpAlgorithm, OtpCodes};

#[derive(Debug, Clone, Copy, Default)]
pub struct HmacOtp;

fn mac<M: Mac + KeyInit>(seed: &[u8], counter: u64) -> Vec<u8> {
    match <M as KeyInit>::new_from_slice(seed) {
        Ok(mut m) => {
            m.update(&counter.to_be_bytes());
            m.finalize().into_bytes().to_vec()
        }
        // HMAC accepts keys of any length; an empty result matches no code.
        Err(_) => Vec::new(),
    }
}

pub fn hotp(seed: &[u8], counter: u64, algorithm: OtpAlgorithm, digits: u8) -> String {
    let h = match algorithm {
        OtpAlgorithm::Sha1 => mac::<Hmac<sha1::Sha1>>(seed, counter),
        OtpAlgorithm::Sha256 => mac::<Hmac<sha2::Sha256>>(seed, counter),
        OtpAlgorithm::Sha512 => mac::<Hmac<sha2::Sha512>>(seed, counter),
    };
    let Some(last) = h.last() else {
        return String::new();
    };
    let offset = usize::from(last & 0x0f);
    let Some(b) = h.get(offset..offset + 4) else {
        return String::new();
    };
    let bin = (u32::from(b[0] & 0x7f) << 24)
        | (u32::from(b[1]) << 16)
        | (u32::from(b[2]) << 8)
        | u32::from(b[3]);
    let modulus = 10u32.pow(u32::from(digits.min(9)));
    format!("{:0width$}", bin % modulus, width = usize::from(digits))
}

impl OtpCodes for HmacOtp {
    fn code(&self, seed: &[u8], counter: u64, algorithm: OtpAlgorithm, digits: u8) -> String {
        hotp(seed, counter, algorithm, digits)
    }
}

/// RFC 4648 base32 without padding, as authenticator apps expect.
pub fn base32_encode(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = String::new();
    let (mut buf, mut bits) = (0u32, 0u32);
    for b in bytes {
        buf = (buf << 8) | u32::from(*b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(ALPHABET[((buf >> bits) & 31) as usize] as char);
        }
    }
    if bits > 0 {
        out.push(ALPHABET[((buf << (5 - bits)) & 31) as usize] as char);
    }
    out
}

/// Decodes base32 (case-insensitive, spaces and padding ignored); `None` on any other character.
pub fn base32_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let (mut buf, mut bits) = (0u32, 0u32);
    for c in text.chars().filter(|c| !c.is_whitespace() && *c != '=') {
        let v = match c.to_ascii_uppercase() {
            c @ 'A'..='Z' => c as u32 - 'A' as u32,
            c @ '2'..='7' => c as u32 - '2' as u32 + 26,
            _ => return None,
        };
        buf = (buf << 5) | v;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push(((buf >> bits) & 0xff) as u8);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use regain_core::otp::{OtpAlgorithm::*, OtpCheck, OtpKind, OtpParams, verify_totp};
    use regain_core::time::Timestamp;

    /// Security requirement 18: RFC 4226 Appendix D, counters 0..9.
    #[test]
    fn req18_rfc4226_appendix_d() {
        let expected = [
            "755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583",
            "399871", "520489",
        ];
        for (c, code) in expected.iter().enumerate() {
            assert_eq!(
                hotp(b"12345678901234567890", c as u64, Sha1, 6),
                *code,
                "counter {c}"
            );
        }
    }

    /// Security requirement 18: RFC 6238 Appendix B, all three hashes, 8 digits.
    #[test]
    fn req18_rfc6238_appendix_b() {
        let s1 = b"12345678901234567890".as_slice();
        let s256 = b"12345678901234567890123456789012".as_slice();
        let s512 = b"1234567890123456789012345678901234567890123456789012345678901234".as_slice();
        let rows: [(i64, &str, &str, &str); 6] = [
            (59, "94287082", "46119246", "90693936"),
            (1_111_111_109, "07081804", "68084774", "25091201"),
            (1_111_111_111, "14050471", "67062674", "99943326"),
            (1_234_567_890, "89005924", "91819424", "93441116"),
            (2_000_000_000, "69279037", "90698825", "38618901"),
            (20_000_000_000, "65353130", "77737706", "47863826"),
        ];
        for (t, c1, c256, c512) in rows {
            let step = (t / 30) as u64;
            assert_eq!(hotp(s1, step, Sha1, 8), c1, "SHA1 T={t}");
            assert_eq!(hotp(s256, step, Sha256, 8), c256, "SHA256 T={t}");
            assert_eq!(hotp(s512, step, Sha512, 8), c512, "SHA512 T={t}");
            let p = OtpParams {
                kind: OtpKind::Totp { period: 30 },
                algorithm: Sha1,
                digits: 8,
            };
            assert_eq!(
                verify_totp(&HmacOtp, s1, &p, Timestamp(t * 1000), c1, None),
                OtpCheck::Matches { counter: step }
            );
        }
    }

    #[test]
    fn base32_round_trip_and_rfc4648_vectors() {
        assert_eq!(base32_encode(b"foobar"), "MZXW6YTBOI");
        assert_eq!(base32_decode("mzxw6ytboi======").unwrap(), b"foobar");
        assert_eq!(base32_decode("MZXW 6YTB OI").unwrap(), b"foobar");
        assert!(base32_decode("MZXW1").is_none());
        let seed: Vec<u8> = (0..20).collect();
        assert_eq!(base32_decode(&base32_encode(&seed)).unwrap(), seed);
    }
}
