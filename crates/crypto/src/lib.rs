//! Regain's cryptography, kept small so it can be read in one sitting: argon2id password hashing,
//! keyed hashes for tokens and the audit chain, XChaCha20-Poly1305 field encryption with key ids,
//! constant-time comparison, and OS randomness.

mod field;
mod keys;
mod mac;
mod otp;
mod password;
pub mod pskc;
mod signing;

pub use field::{FieldCipher, FieldError};
pub use keys::{KeyError, KeyMaterial};
pub use mac::KeyedHasher;
pub use otp::{HmacOtp, base32_decode, base32_encode, hotp};
pub use password::{PasswordHashError, PasswordHasher};
pub use signing::{DeviceKey, DeviceKeyError, Ed25519Verifier};

use subtle::ConstantTimeEq;

/// Compares two byte strings without leaking where they differ. Lengths are not secret.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && bool::from(a.ct_eq(b))
}

/// Fills a buffer from the operating system's generator. Failing to get randomness is fatal to
/// any security decision, so the error is passed on, never papered over.
pub fn random_bytes<const N: usize>() -> Result<[u8; N], getrandom::Error> {
    let mut buf = [0u8; N];
    getrandom::fill(&mut buf)?;
    Ok(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constant_time_eq_behaves_like_eq() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"abcd"));
        assert!(constant_time_eq(b"", b""));
    }

    #[test]
    fn random_bytes_differ() {
        let a: [u8; 32] = random_bytes().unwrap();
        let b: [u8; 32] = random_bytes().unwrap();
        assert_ne!(a, b);
    }
}
