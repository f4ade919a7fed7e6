//! argon2id password hashing with OWASP's parameters (19 MiB, 2 passes, 1 lane).
//!
//! Hashing is deliberately slow and memory-hungry; callers run it off the async threads and
//! bound how many run at once (see the directory crate).

use argon2::{Algorithm, Argon2, Block, Params, PasswordHash, Version};
use std::sync::{Arc, Mutex};
use subtle::ConstantTimeEq as _;

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
    pepper: Option<Arc<zeroize::Zeroizing<Vec<u8>>>>,
    /// argon2's 19 MiB of blocks, kept for the next hash: a fresh allocation is faulted in
    /// page by page by the kernel on every hash, which cost a third of a sign-in's time. As
    /// many are kept as hashes ran at once, which the caller bounds.
    memory: Arc<Mutex<Vec<Vec<Block>>>>,
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
            memory: Arc::default(),
        }
    }

    /// The same hasher with `pepper` (at most 64 bytes are used) mixed into every hash.
    pub fn with_pepper(&self, pepper: zeroize::Zeroizing<Vec<u8>>) -> Self {
        let mut p = pepper;
        p.truncate(64);
        PasswordHasher {
            params: self.params.clone(),
            pepper: Some(Arc::new(p)),
            memory: self.memory.clone(),
        }
    }

    fn argon2(&self, algorithm: Algorithm, version: Version, params: Params) -> Argon2<'_> {
        match &self.pepper {
            // The pepper is at most 64 bytes, far below argon2's limit.
            Some(p) => Argon2::new_with_secret(p.as_slice(), algorithm, version, params.clone())
                .unwrap_or_else(|_| Argon2::new(algorithm, version, params)),
            None => Argon2::new(algorithm, version, params),
        }
    }

    /// argon2 of `password` and `salt` into `out`, in memory kept from an earlier hash.
    fn hash_into(
        &self,
        argon2: &Argon2<'_>,
        blocks: usize,
        password: &str,
        salt: &[u8],
        out: &mut [u8],
    ) -> Result<(), PasswordHashError> {
        let kept = self.memory.lock().ok().and_then(|mut m| m.pop());
        let mut memory = kept.unwrap_or_default();
        // Every block is written before it is read; the memory comes back cleared anyway.
        memory.resize(blocks, Block::new());
        let result = argon2.hash_password_into_with_memory(
            password.as_bytes(),
            salt,
            out,
            &mut memory[..blocks],
        );
        // Cleared before it is kept: what is left of a hash's blocks could help someone who
        // reads this process's memory test guesses for the password.
        memory.fill(Block::new());
        // A stored hash with far larger parameters does not leave its memory behind.
        if memory.len() <= self.params.block_count()
            && let Ok(mut m) = self.memory.lock()
        {
            m.push(memory);
        }
        result.map_err(|e| PasswordHashError::Hash(e.to_string()))
    }

    /// Returns a PHC string (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`) with a fresh salt.
    pub fn hash(&self, password: &str) -> Result<String, PasswordHashError> {
        let salt: [u8; 16] =
            crate::random_bytes().map_err(|e| PasswordHashError::Hash(format!("no salt: {e}")))?;
        let argon2 = self.argon2(Algorithm::Argon2id, Version::V0x13, self.params.clone());
        let mut out = [0u8; 32];
        self.hash_into(
            &argon2,
            self.params.block_count(),
            password,
            &salt,
            &mut out,
        )?;
        let hash = PasswordHash {
            algorithm: Algorithm::Argon2id.ident(),
            version: Some(Version::V0x13.into()),
            params: argon2::password_hash::phc::ParamsString::try_from(&self.params)
                .map_err(unformattable)?,
            salt: Some(argon2::password_hash::phc::Salt::new(&salt).map_err(unformattable)?),
            hash: Some(argon2::password_hash::phc::Output::new(&out).map_err(unformattable)?),
        };
        Ok(hash.to_string())
    }

    /// `false` for a wrong password and for a stored value that is not a valid hash: a damaged
    /// record must never let anyone in. The stored hash's own algorithm and parameters are
    /// used, so hashes made with other parameters still verify.
    pub fn verify(&self, password: &str, phc: &str) -> bool {
        let Ok(parsed) = PasswordHash::new(phc) else {
            return false;
        };
        let (Some(salt), Some(expected)) = (&parsed.salt, &parsed.hash) else {
            return false;
        };
        let Ok(algorithm) = Algorithm::try_from(parsed.algorithm.as_str()) else {
            return false;
        };
        let version = match parsed.version.map(Version::try_from) {
            None => Version::default(),
            Some(Ok(v)) => v,
            Some(Err(_)) => return false,
        };
        let Ok(params) = Params::try_from(&parsed) else {
            return false;
        };
        let blocks = params.block_count();
        let argon2 = self.argon2(algorithm, version, params);
        let mut out = vec![0u8; expected.len()];
        self.hash_into(&argon2, blocks, password, salt, &mut out)
            .is_ok()
            && bool::from(out.as_slice().ct_eq(expected.as_bytes()))
    }

    /// Spends the same time as a real verification, for unknown accounts, so response times do
    /// not reveal which user names exist.
    pub fn verify_dummy(&self, password: &str) {
        let mut out = [0u8; 32];
        let argon2 = self.argon2(Algorithm::Argon2id, Version::V0x13, self.params.clone());
        let _same_cost = self.hash_into(
            &argon2,
            self.params.block_count(),
            password,
            b"regain-dummy-salt",
            &mut out,
        );
    }
}

fn unformattable(e: impl std::fmt::Display) -> PasswordHashError {
    PasswordHashError::Hash(format!("the hash cannot be written as a PHC string: {e}"))
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
    fn hashes_read_and_written_as_the_argon2_crate_does() {
        use argon2::{PasswordHasher as _, PasswordVerifier as _};
        let ours = PasswordHasher::owasp();
        // Written by the crate's own hasher (as stored hashes were before the memory was kept).
        let theirs = Argon2::default().hash_password(b"Correct-Horse-9").unwrap();
        assert!(ours.verify("Correct-Horse-9", &theirs.to_string()));
        assert!(!ours.verify("Correct-Horse-8", &theirs.to_string()));
        // Read by the crate's own verifier.
        let phc = ours.hash("Correct-Horse-9").unwrap();
        let parsed = PasswordHash::new(&phc).unwrap();
        assert!(
            Argon2::default()
                .verify_password(b"Correct-Horse-9", &parsed)
                .is_ok()
        );
        // Other parameters are taken from the hash itself.
        let other = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(8 * 1024, 3, 1, None).unwrap(),
        )
        .hash_password(b"Correct-Horse-9")
        .unwrap()
        .to_string();
        assert!(other.contains("m=8192,t=3,p=1"), "{other}");
        assert!(ours.verify("Correct-Horse-9", &other));
        // With a pepper, as the crate's keyed hasher computes it.
        let pepper = vec![9u8; 32];
        let keyed = Argon2::new_with_secret(
            &pepper,
            Algorithm::Argon2id,
            Version::V0x13,
            Params::default(),
        )
        .unwrap()
        .hash_password(b"48210937")
        .unwrap()
        .to_string();
        let peppered = ours.with_pepper(zeroize::Zeroizing::new(pepper));
        assert!(peppered.verify("48210937", &keyed));
        assert!(!ours.verify("48210937", &keyed));
    }

    #[test]
    fn memory_is_kept_for_the_next_hash_and_comes_back_cleared() {
        let h = PasswordHasher::owasp();
        let phc = h.hash("Correct-Horse-9").unwrap();
        assert!(h.verify("Correct-Horse-9", &phc));
        let kept = h.memory.lock().unwrap();
        assert_eq!(kept.len(), 1, "one hash at a time keeps one memory");
        assert_eq!(kept[0].len(), 19 * 1024);
        assert!(
            kept[0].iter().all(|b| b.as_ref().iter().all(|w| *w == 0)),
            "the memory is cleared after the hash"
        );
    }

    #[test]
    fn damaged_hash_never_verifies() {
        let h = PasswordHasher::owasp();
        assert!(!h.verify("x", "not a hash"));
        assert!(!h.verify("", ""));
    }
}
