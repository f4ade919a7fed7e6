//! The installation's secret keys: one for keyed hashes (tokens, audit chain) and one for field
//! encryption. They live outside the database, in files or configuration.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use zeroize::Zeroizing;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum KeyError {
    #[error("{what}: expected 32 bytes written as base64 (44 characters), got {got}")]
    BadKey { what: &'static str, got: String },
    #[error("the operating system's random generator failed: {0}")]
    Random(String),
}

/// 32-byte keys, wiped from memory when dropped.
pub struct KeyMaterial {
    pub(crate) mac_key: Zeroizing<[u8; 32]>,
    pub(crate) field_key: Zeroizing<[u8; 32]>,
    /// Written into every ciphertext so keys can be rotated later.
    pub(crate) field_key_id: u8,
}

impl KeyMaterial {
    pub fn generate_key() -> Result<String, KeyError> {
        let k = Zeroizing::new(
            crate::random_bytes::<32>().map_err(|e| KeyError::Random(e.to_string()))?,
        );
        Ok(STANDARD.encode(k.as_ref()))
    }

    pub fn decode_key(what: &'static str, b64: &str) -> Result<Zeroizing<[u8; 32]>, KeyError> {
        let bytes = Zeroizing::new(STANDARD.decode(b64.trim()).map_err(|_| KeyError::BadKey {
            what,
            got: "text that is not base64".into(),
        })?);
        let arr: [u8; 32] = bytes.as_slice().try_into().map_err(|_| KeyError::BadKey {
            what,
            got: format!("{} bytes", bytes.len()),
        })?;
        Ok(Zeroizing::new(arr))
    }

    pub fn from_base64(mac_key: &str, field_key: &str) -> Result<KeyMaterial, KeyError> {
        Ok(KeyMaterial {
            mac_key: Self::decode_key("keys.mac_key", mac_key)?,
            field_key: Self::decode_key("keys.field_key", field_key)?,
            field_key_id: 1,
        })
    }

    /// Fresh random keys, for tests and throwaway demos.
    pub fn random() -> Result<KeyMaterial, KeyError> {
        Self::from_base64(&Self::generate_key()?, &Self::generate_key()?)
    }
}

impl std::fmt::Debug for KeyMaterial {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("KeyMaterial([REDACTED])")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_bad_keys_are_explained() {
        let k = KeyMaterial::generate_key().unwrap();
        assert_eq!(k.len(), 44);
        assert!(KeyMaterial::from_base64(&k, &k).is_ok());
        let e = KeyMaterial::from_base64("c2hvcnQ=", &k).unwrap_err();
        assert_eq!(
            e.to_string(),
            "keys.mac_key: expected 32 bytes written as base64 (44 characters), got 5 bytes"
        );
        assert!(
            KeyMaterial::from_base64(&k, "!!")
                .unwrap_err()
                .to_string()
                .contains("keys.field_key")
        );
        assert_eq!(
            format!("{:?}", KeyMaterial::random().unwrap()),
            "KeyMaterial([REDACTED])"
        );
    }
}
