//! Connections to the directory: TLS settings, failover over the configured URLs, and a small
//! pool of connections bound as the service account, each checked before reuse.

use super::{LdapDirectory, unavailable};
use ldap3::{Ldap, LdapConnAsync, LdapConnSettings, Scope};
use regain_core::directory::DirectoryError;
use secrecy::ExposeSecret;
use std::sync::Arc;

/// Most idle service connections kept.
const POOL_SIZE: usize = 4;

/// A service-account connection that goes back to the pool when dropped.
pub(super) struct Pooled {
    ldap: Option<Ldap>,
    pool: Arc<std::sync::Mutex<Vec<Ldap>>>,
}

impl std::ops::Deref for Pooled {
    type Target = Ldap;
    fn deref(&self) -> &Ldap {
        // Present until drop.
        self.ldap.as_ref().unwrap_or_else(|| unreachable!())
    }
}

impl std::ops::DerefMut for Pooled {
    fn deref_mut(&mut self) -> &mut Ldap {
        self.ldap.as_mut().unwrap_or_else(|| unreachable!())
    }
}

impl Drop for Pooled {
    fn drop(&mut self) {
        if let (Some(l), Ok(mut pool)) = (self.ldap.take(), self.pool.lock())
            && pool.len() < POOL_SIZE
        {
            pool.push(l);
        }
    }
}

impl LdapDirectory {
    pub(super) fn settings(&self, url: &str) -> LdapConnSettings {
        LdapConnSettings::new()
            .set_config(self.tls.clone())
            .set_conn_timeout(self.cfg.timeout)
            .set_starttls(self.cfg.start_tls && url.starts_with("ldap://"))
    }

    /// A connection to the first URL that answers.
    pub(super) async fn connect(&self) -> Result<Ldap, DirectoryError> {
        let mut last = String::new();
        for url in &self.cfg.urls {
            match LdapConnAsync::with_settings(self.settings(url), url).await {
                Ok((conn, mut ldap)) => {
                    ldap3::drive!(conn);
                    ldap.with_timeout(self.cfg.timeout);
                    return Ok(ldap);
                }
                Err(e) => {
                    tracing::warn!(url, error = %e, "directory server unreachable, trying the next");
                    last = format!("{url}: {e}");
                }
            }
        }
        Err(DirectoryError::Unavailable(last))
    }

    /// A connection bound as the service account: an idle one that still answers, else a new one.
    pub(super) async fn service(&self) -> Result<Pooled, DirectoryError> {
        loop {
            let idle = self.pool.lock().ok().and_then(|mut p| p.pop());
            let Some(mut ldap) = idle else { break };
            let alive = ldap
                .with_timeout(std::time::Duration::from_secs(2))
                .search("", Scope::Base, "(objectClass=*)", vec!["1.1"])
                .await
                .is_ok_and(|r| r.1.rc == 0);
            if alive {
                return Ok(Pooled {
                    ldap: Some(ldap),
                    pool: self.pool.clone(),
                });
            }
        }
        let ldap = self.bind_service().await?;
        Ok(Pooled {
            ldap: Some(ldap),
            pool: self.pool.clone(),
        })
    }

    pub(super) async fn bind_service(&self) -> Result<Ldap, DirectoryError> {
        let mut ldap = self.connect().await?;
        let r = ldap
            .with_timeout(self.cfg.timeout)
            .simple_bind(&self.cfg.bind_dn, self.cfg.bind_password.expose_secret())
            .await
            .map_err(unavailable)?;
        if r.rc != 0 {
            return Err(DirectoryError::Unavailable(format!(
                "the service account cannot bind (rc {}): {}",
                r.rc, r.text
            )));
        }
        Ok(ldap)
    }
}
