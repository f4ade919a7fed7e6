//! Field encryption at rest with XChaCha20-Poly1305. The associated data binds a ciphertext to
//! where it is stored (table, column, row), so ciphertexts cannot be swapped between rows.
//! Layout: `version (1) || key id (1) || nonce (24) || ciphertext+tag`.

use crate::KeyMaterial;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use std::sync::Arc;

const VERSION: u8 = 1;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum FieldError {
    #[error("encryption failed")]
    Encrypt,
    #[error(
        "the stored value cannot be decrypted: it was damaged, moved, or encrypted with another key"
    )]
    Decrypt,
    #[error("the operating system's random generator failed")]
    Random,
}

#[derive(Clone)]
pub struct FieldCipher {
    keys: Arc<KeyMaterial>,
}

impl FieldCipher {
    pub fn new(keys: Arc<KeyMaterial>) -> Self {
        FieldCipher { keys }
    }

    fn cipher(&self) -> Result<XChaCha20Poly1305, FieldError> {
        XChaCha20Poly1305::new_from_slice(self.keys.field_key.as_ref())
            .map_err(|_| FieldError::Encrypt)
    }

    pub fn encrypt(&self, plaintext: &[u8], aad: &str) -> Result<Vec<u8>, FieldError> {
        let nonce_bytes = crate::random_bytes::<24>().map_err(|_| FieldError::Random)?;
        let nonce = XNonce::from(nonce_bytes);
        let ct = self
            .cipher()?
            .encrypt(
                &nonce,
                Payload {
                    msg: plaintext,
                    aad: aad.as_bytes(),
                },
            )
            .map_err(|_| FieldError::Encrypt)?;
        let mut out = Vec::with_capacity(2 + 24 + ct.len());
        out.push(VERSION);
        out.push(self.keys.field_key_id);
        out.extend_from_slice(&nonce_bytes);
        out.extend_from_slice(&ct);
        Ok(out)
    }

    pub fn decrypt(&self, stored: &[u8], aad: &str) -> Result<Vec<u8>, FieldError> {
        if stored.len() < 2 + 24 + 16 || stored[0] != VERSION || stored[1] != self.keys.field_key_id
        {
            return Err(FieldError::Decrypt);
        }
        let nonce_bytes: [u8; 24] = stored[2..26].try_into().map_err(|_| FieldError::Decrypt)?;
        self.cipher()?
            .decrypt(
                &XNonce::from(nonce_bytes),
                Payload {
                    msg: &stored[26..],
                    aad: aad.as_bytes(),
                },
            )
            .map_err(|_| FieldError::Decrypt)
    }
}

impl regain_core::ports::FieldSealer for FieldCipher {
    fn seal(
        &self,
        plaintext: &[u8],
        aad: &str,
    ) -> Result<Vec<u8>, regain_core::ports::CryptoFailure> {
        self.encrypt(plaintext, aad)
            .map_err(|e| regain_core::ports::CryptoFailure::Seal(format!("{aad}: {e}")))
    }

    fn open(&self, sealed: &[u8], aad: &str) -> Result<Vec<u8>, regain_core::ports::CryptoFailure> {
        self.decrypt(sealed, aad)
            .map_err(|e| regain_core::ports::CryptoFailure::Open(format!("{aad}: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_binding_to_location() {
        let c = FieldCipher::new(Arc::new(KeyMaterial::random().unwrap()));
        let ct = c.encrypt(b"seed bytes", "otp.seed:7").unwrap();
        assert_eq!(c.decrypt(&ct, "otp.seed:7").unwrap(), b"seed bytes");
        assert_eq!(c.decrypt(&ct, "otp.seed:8"), Err(FieldError::Decrypt));
        let mut bad = ct.clone();
        let last = bad.len() - 1;
        bad[last] ^= 1;
        assert_eq!(c.decrypt(&bad, "otp.seed:7"), Err(FieldError::Decrypt));
        let other = FieldCipher::new(Arc::new(KeyMaterial::random().unwrap()));
        assert_eq!(other.decrypt(&ct, "otp.seed:7"), Err(FieldError::Decrypt));
        assert!(!ct.windows(10).any(|w| w == b"seed bytes"));
    }
}
