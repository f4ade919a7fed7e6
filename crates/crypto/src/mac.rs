//! HMAC-SHA-256 keyed hashes: the audit chain, and tokens stored so that a database dump
//! reveals none. Each use gets its own domain-separation label.

use crate::KeyMaterial;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, KeyInit, Mac};
use regain_core::audit::ChainMac;
use regain_core::ports::Secrets;
use sha2::Sha256;
use std::sync::Arc;

type HmacSha256 = Hmac<Sha256>;

#[derive(Clone)]
pub struct KeyedHasher {
    keys: Arc<KeyMaterial>,
}

impl KeyedHasher {
    pub fn new(keys: Arc<KeyMaterial>) -> Self {
        KeyedHasher { keys }
    }

    fn mac(&self, label: &[u8], data: &[u8]) -> Vec<u8> {
        // Any key length is valid for HMAC, so construction cannot fail; fall back to an
        // all-zero tag only to satisfy the type, which no verification would accept.
        match <HmacSha256 as KeyInit>::new_from_slice(self.keys.mac_key.as_ref()) {
            Ok(mut m) => {
                m.update(&(label.len() as u32).to_be_bytes());
                m.update(label);
                m.update(data);
                m.finalize().into_bytes().to_vec()
            }
            Err(_) => vec![0; 32],
        }
    }

    /// A 32-byte secret derived from the MAC key for `purpose` (a pepper for slow hashes): it
    /// lives in the key file, never in the database.
    pub fn derived_secret(&self, purpose: &str) -> zeroize::Zeroizing<Vec<u8>> {
        zeroize::Zeroizing::new(self.mac(b"derived-secret", purpose.as_bytes()))
    }

    pub fn field_cipher(&self) -> crate::FieldCipher {
        crate::FieldCipher::new(self.keys.clone())
    }
}

impl ChainMac for KeyedHasher {
    fn mac_hex(&self, data: &[u8]) -> String {
        hex::encode(self.mac(b"audit-chain", data))
    }

    fn verify_hex(&self, data: &[u8], expected: &str) -> bool {
        crate::constant_time_eq(self.mac_hex(data).as_bytes(), expected.as_bytes())
    }
}

impl Secrets for KeyedHasher {
    fn random_token(&self) -> String {
        // 256 bits. If the OS generator fails we must not hand out a guessable token: return an
        // empty string, which every token check rejects (see `keyed_hash`).
        match crate::random_bytes::<32>() {
            Ok(b) => URL_SAFE_NO_PAD.encode(b),
            Err(_) => String::new(),
        }
    }

    fn random_bytes(&self, n: usize) -> Vec<u8> {
        let mut buf = vec![0u8; n];
        match getrandom::fill(&mut buf) {
            Ok(()) => buf,
            Err(_) => Vec::new(),
        }
    }

    fn keyed_hash(&self, purpose: &str, value: &str) -> String {
        if value.is_empty() {
            // Never matches a stored hash: hex output is always 64 characters.
            return "invalid".into();
        }
        hex::encode(self.mac(purpose.as_bytes(), value.as_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hasher() -> KeyedHasher {
        KeyedHasher::new(Arc::new(KeyMaterial::random().unwrap()))
    }

    #[test]
    fn chain_mac_verifies_and_depends_on_key() {
        let a = hasher();
        let b = hasher();
        let tag = a.mac_hex(b"record");
        assert!(a.verify_hex(b"record", &tag));
        assert!(!a.verify_hex(b"recorD", &tag));
        assert!(!b.verify_hex(b"record", &tag));
    }

    #[test]
    fn tokens_are_long_random_and_hashed_per_purpose() {
        let h = hasher();
        let t = h.random_token();
        assert_eq!(t.len(), 43);
        assert_ne!(t, h.random_token());
        assert_ne!(h.keyed_hash("a", &t), h.keyed_hash("b", &t));
        assert_eq!(h.keyed_hash("a", &t), h.keyed_hash("a", &t));
        assert_eq!(h.keyed_hash("a", ""), "invalid");
    }

    /// RFC 4231 test case 2 pins the HMAC construction itself.
    #[test]
    fn hmac_sha256_rfc4231_case_2() {
        let mut m = <HmacSha256 as KeyInit>::new_from_slice(b"Jefe").unwrap();
        m.update(b"what do ya want for nothing?");
        assert_eq!(
            hex::encode(m.finalize().into_bytes()),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }
}
