//! Runs argon2id off the async threads with a bound on how many run at once: each hash takes
//! ~19 MiB and tens of milliseconds, so unbounded parallel logins would be a denial of service.

use regain_core::directory::DirectoryError;
use regain_core::ports::HashFailure;
use regain_crypto::PasswordHasher;
use secrecy::{ExposeSecret, SecretString};
use std::sync::Arc;
use tokio::sync::Semaphore;

#[derive(Clone)]
pub struct HashPool {
    hasher: PasswordHasher,
    permits: Arc<Semaphore>,
}

impl HashPool {
    pub fn new(max_parallel: usize) -> Self {
        HashPool {
            hasher: PasswordHasher::owasp(),
            permits: Arc::new(Semaphore::new(max_parallel.max(1))),
        }
    }

    async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(PasswordHasher) -> T + Send + 'static,
    ) -> Result<T, DirectoryError> {
        let _permit =
            self.permits.acquire().await.map_err(|_| {
                DirectoryError::Unavailable("password hashing is shutting down".into())
            })?;
        let hasher = self.hasher.clone();
        tokio::task::spawn_blocking(move || f(hasher))
            .await
            .map_err(|e| DirectoryError::Unavailable(format!("password hashing failed: {e}")))
    }

    pub async fn hash(&self, password: &SecretString) -> Result<String, DirectoryError> {
        let pw = password.clone();
        self.run(move |h| h.hash(pw.expose_secret()))
            .await?
            .map_err(|e| DirectoryError::Unavailable(e.to_string()))
    }

    /// `false` for a wrong password or an unreadable stored hash.
    pub async fn verify(&self, password: &SecretString, phc: &str) -> Result<bool, DirectoryError> {
        let pw = password.clone();
        let phc = phc.to_owned();
        self.run(move |h| h.verify(pw.expose_secret(), &phc)).await
    }

    /// Costs what a verification costs, for accounts that do not exist.
    pub async fn verify_dummy(&self, password: &SecretString) -> Result<(), DirectoryError> {
        let pw = password.clone();
        self.run(move |h| h.verify_dummy(pw.expose_secret())).await
    }

    /// The same pool (and bound) hashing with `pepper` mixed in: for temporary codes.
    pub fn peppered(&self, pepper: zeroize::Zeroizing<Vec<u8>>) -> HashPool {
        HashPool {
            hasher: self.hasher.with_pepper(pepper),
            permits: self.permits.clone(),
        }
    }

    /// Whether `password` matches any of `hashes` (current password and history).
    pub async fn matches_any(
        &self,
        password: &SecretString,
        hashes: Vec<String>,
    ) -> Result<bool, DirectoryError> {
        for h in hashes {
            if self.verify(password, &h).await? {
                return Ok(true);
            }
        }
        Ok(false)
    }
}

#[async_trait::async_trait]
impl regain_core::ports::CodeHasher for HashPool {
    async fn hash_code(&self, code: &str) -> Result<String, HashFailure> {
        let code = SecretString::from(code.to_owned());
        self.run(move |h| h.hash(code.expose_secret()))
            .await
            .map_err(|e| HashFailure(e.to_string()))?
            .map_err(|e| HashFailure(e.to_string()))
    }

    async fn verify_code(&self, code: &str, stored: &str) -> Result<bool, HashFailure> {
        self.verify(&SecretString::from(code.to_owned()), stored)
            .await
            .map_err(|e| HashFailure(e.to_string()))
    }

    async fn verify_nothing(&self, code: &str) -> Result<(), HashFailure> {
        self.verify_dummy(&SecretString::from(code.to_owned()))
            .await
            .map_err(|e| HashFailure(e.to_string()))
    }
}
