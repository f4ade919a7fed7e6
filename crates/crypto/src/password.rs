//! argon2id password hashing with OWASP's parameters (19 MiB, 2 passes, 1 lane).
//!
//! Hashing is deliberately slow and memory-hungry; callers run it off the async threads and
//! bound how many run at once (see the directory crate).

use argon2::{Algorithm, Argon2, Params, PasswordHasher as _, PasswordVerifier as _, Version};

#[derive(Debug, thiserror::Error)]
pub enum PasswordHashError {
    #[error("password hashing failed: {0}")]
    Hash(String),
}

#[derive(Clone)]
pub struct PasswordHasher {
    params: Params,
    /// A secret mixed into every hash (argon2's "secret" input), kept outside the database:
    /// without it a stored hash cannot even be tried.
    pepper: Option<std::sync::Arc<zeroize::Zeroizing<Vec<u8>>>>,
}

impl Default for PasswordHasher {
    fn default() -> Self {
        Self::owasp()
    }
}

impl PasswordHasher {
    /// OWASP Password Storage Cheat Sheet: argon2id, m=19456 KiB, t=2, p=1.
    pub fn owasp() -> Self {
        PasswordHasher {
            params: Params::new(19 * 1024, 2, 1, None).unwrap_or_default(),
            pepper: None,
        }
    }

    /// The same hasher with `pepper` (at most 64 bytes are used) mixed into every hash.
    pub fn with_pepper(&self, pepper: zeroize::Zeroizing<Vec<u8>>) -> Self {
        let mut p = pepper;
        p.truncate(64);
        PasswordHasher {
            params: self.params.clone(),
            pepper: Some(std::sync::Arc::new(p)),
        }
    }

    fn argon2(&self) -> Argon2<'_> {
        let plain = || Argon2::new(Algorithm::Argon2id, Version::V0x13, self.params.clone());
        match &self.pepper {
            // The pepper is at most 64 bytes, far below argon2's limit.
            Some(p) => Argon2::new_with_secret(
                p.as_slice(),
                Algorithm::Argon2id,
                Version::V0x13,
                self.params.clone(),
            )
            .unwrap_or_else(|_| plain()),
            None => plain(),
        }
    }

    /// Returns a PHC string (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`) with a fresh salt.
    pub fn hash(&self, password: &str) -> Result<String, PasswordHashError> {
        self.argon2()
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| PasswordHashError::Hash(e.to_string()))
    }

    /// `false` for a wrong password and for a stored value that is not a valid hash: a damaged
    /// record must never let anyone in.
    pub fn verify(&self, password: &str, phc: &str) -> bool {
        self.argon2()
            .verify_password(password.as_bytes(), phc)
            .is_ok()
    }

    /// Spends the same time as a real verification, for unknown accounts, so response times do
    /// not reveal which user names exist.
    pub fn verify_dummy(&self, password: &str) {
        let mut out = [0u8; 32];
        let _same_cost =
            self.argon2()
                .hash_password_into(password.as_bytes(), b"regain-dummy-salt", &mut out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_argon2id_with_owasp_parameters_and_verifies() {
        let h = PasswordHasher::owasp();
        let phc = h.hash("Correct-Horse-9").unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        assert!(h.verify("Correct-Horse-9", &phc));
        assert!(!h.verify("correct-horse-9", &phc));
        assert_ne!(phc, h.hash("Correct-Horse-9").unwrap(), "salts must differ");
    }

    #[test]
    fn a_peppered_hash_needs_the_pepper() {
        let plain = PasswordHasher::owasp();
        let peppered = plain.with_pepper(zeroize::Zeroizing::new(vec![7u8; 32]));
        let phc = peppered.hash("48210937").unwrap();
        assert!(peppered.verify("48210937", &phc));
        assert!(
            !plain.verify("48210937", &phc),
            "verified without the pepper"
        );
        let other = plain.with_pepper(zeroize::Zeroizing::new(vec![8u8; 32]));
        assert!(
            !other.verify("48210937", &phc),
            "verified with another pepper"
        );
    }

    #[test]
    fn damaged_hash_never_verifies() {
        let h = PasswordHasher::owasp();
        assert!(!h.verify("x", "not a hash"));
        assert!(!h.verify("", ""));
    }
}
