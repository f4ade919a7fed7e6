//! Interop: codes made by Debian's `oathtool` (an independent implementation) are the codes we
//! compute and accept. Fails, never skips, when `oathtool` is missing (scripts/test installs it).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use regain_core::otp::{OtpAlgorithm, OtpCheck, OtpKind, OtpParams, verify_hotp, verify_totp};
use regain_core::time::Timestamp;
use regain_crypto::{HmacOtp, base32_encode, hotp};
use std::process::Command;

fn oathtool(args: &[&str]) -> Vec<String> {
    let out = Command::new("oathtool")
        .args(args)
        .output()
        .expect("oathtool is not installed: apt-get install oathtool (scripts/test does)");
    assert!(
        out.status.success(),
        "oathtool {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

#[test]
fn totp_codes_from_oathtool_are_accepted_for_every_hash_and_length() {
    let seed: Vec<u8> = (1..=32).collect();
    let now = "2026-11-23 10:00:00 UTC";
    let t = Timestamp::parse_rfc3339("2026-11-23T10:00:00Z").unwrap();
    for (alg, flag) in [
        (OtpAlgorithm::Sha1, "--totp=sha1"),
        (OtpAlgorithm::Sha256, "--totp=sha256"),
        (OtpAlgorithm::Sha512, "--totp=sha512"),
    ] {
        for digits in [6u8, 8] {
            for period in [30u32, 60] {
                let d = digits.to_string();
                let s = format!("{period}s");
                let code =
                    oathtool(&[flag, "-d", &d, "-s", &s, "--now", now, &hex(&seed)]).remove(0);
                let p = OtpParams {
                    kind: OtpKind::Totp { period },
                    algorithm: alg,
                    digits,
                };
                let r = verify_totp(&HmacOtp, &seed, &p, t, &code, None);
                assert!(
                    matches!(r, OtpCheck::Matches { .. }),
                    "{alg:?} {digits} digits {period}s: {code} → {r:?}"
                );
            }
        }
    }
}

#[test]
fn totp_base32_seed_as_apps_use_it() {
    let seed: Vec<u8> = (100..120).collect();
    let b32 = base32_encode(&seed);
    let code = oathtool(&["-b", "--totp", "--now", "2026-11-23 10:00:10 UTC", &b32]).remove(0);
    let t = Timestamp::parse_rfc3339("2026-11-23T10:00:10Z").unwrap();
    // Accepted now and 30 s later (drift window), refused 90 s later.
    for (later, ok) in [(0, true), (30, true), (90, false)] {
        let r = verify_totp(
            &HmacOtp,
            &seed,
            &OtpParams::totp(),
            t.plus(std::time::Duration::from_secs(later)),
            &code,
            None,
        );
        assert_eq!(matches!(r, OtpCheck::Matches { .. }), ok, "+{later}s");
    }
}

#[test]
fn hotp_sequence_from_oathtool_matches_and_advances() {
    let seed = b"12345678901234567890";
    let codes = oathtool(&["--hotp", "-c", "0", "-w", "20", &hex(seed)]);
    assert_eq!(codes.len(), 21);
    for (c, code) in codes.iter().enumerate() {
        assert_eq!(hotp(seed, c as u64, OtpAlgorithm::Sha1, 6), *code);
    }
    let p = OtpParams {
        kind: OtpKind::Hotp,
        algorithm: OtpAlgorithm::Sha1,
        digits: 6,
    };
    assert_eq!(
        verify_hotp(&HmacOtp, seed, &p, &codes[3], Some(0)),
        OtpCheck::Matches { counter: 3 }
    );
    assert_eq!(
        verify_hotp(&HmacOtp, seed, &p, &codes[3], Some(3)),
        OtpCheck::Replayed
    );
    assert_eq!(
        verify_hotp(&HmacOtp, seed, &p, &codes[20], Some(3)),
        OtpCheck::NoMatch,
        "beyond the look-ahead"
    );
}
