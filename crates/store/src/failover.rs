//! Several PostgreSQL hosts in `database.url` (`postgres://u@h1:5432,h2:5432/db?
//! target_session_attrs=read-write`), as libpq reads them: Regain connects to the host that
//! accepts writes, and follows a failover by itself. sqlx takes one host, so the pool is built
//! for the writable host found, and a watcher checks it every second: when it stops answering
//! or has become a standby (`pg_is_in_recovery()`), the hosts are probed again and a pool for
//! the new primary replaces the old one.
//!
//! Callers borrow the current pool (`Db::pool`); a replaced pool is closed but its handle is
//! kept for the process's life (a few hundred bytes per failover), so no borrow ever dangles.

use regain_core::ports::StoreError;
use sqlx::any::AnyPoolOptions;
use sqlx::{AnyPool, Connection};
use std::sync::{Arc, RwLock};
use std::time::Duration;

/// The URL's hosts, each as a URL of its own for the driver; `None` for a URL with one host and
/// no `target_session_attrs` (connected to as it is).
pub(crate) fn hosts_of(url: &str) -> Result<Option<Vec<String>>, StoreError> {
    let bad = |m: &str| StoreError::Unavailable(format!("database.url: {m}"));
    let Some((scheme, rest)) = url.split_once("://") else {
        return Ok(None);
    };
    let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
    let (user, hosts) = match authority.rsplit_once('@') {
        Some((u, h)) => (format!("{u}@"), h),
        None => (String::new(), authority),
    };
    let (db, query) = path.split_once('?').unwrap_or((path, ""));
    let mut attrs = None;
    let kept: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .filter(|p| match p.split_once('=') {
            Some(("target_session_attrs", v)) => {
                attrs = Some(v.to_owned());
                false
            }
            _ => true,
        })
        .collect();
    let list: Vec<&str> = hosts.split(',').collect();
    if list.len() == 1 && attrs.is_none() {
        return Ok(None);
    }
    match attrs.as_deref() {
        None | Some("read-write") | Some("primary") => {}
        Some(other) => {
            return Err(bad(&format!(
                "target_session_attrs={other} is not supported: Regain writes, so it always \
                 connects to the host that accepts writes (read-write)"
            )));
        }
    }
    if list.iter().any(|h| h.is_empty()) {
        return Err(bad("an empty host in the list of hosts"));
    }
    let query = if kept.is_empty() {
        String::new()
    } else {
        format!("?{}", kept.join("&"))
    };
    Ok(Some(
        list.iter()
            .map(|h| format!("{scheme}://{user}{h}/{db}{query}"))
            .collect(),
    ))
}

/// Whether `url`'s server accepts writes now (`None`: it does not answer).
async fn writable(url: &str) -> Option<bool> {
    let probe = async {
        let mut c = sqlx::PgConnection::connect(url).await.ok()?;
        let standby: bool = sqlx::query_scalar("SELECT pg_is_in_recovery()")
            .fetch_one(&mut c)
            .await
            .ok()?;
        let _ = c.close().await;
        Some(!standby)
    };
    tokio::time::timeout(Duration::from_secs(3), probe)
        .await
        .ok()
        .flatten()
}

/// A PostgreSQL pool. A request waits at most 4 s for a connection: long past any wait under
/// load, and short enough that, while the database is away (a restart, a failover), requests
/// fail and are retried by their clients within the few seconds it takes to come back rather
/// than all hanging for longer.
///
/// A connection is checked (a round trip) before it is handed out only after it sat idle for a
/// second: sqlx's default checks every one, and on the sign-in path, where every statement
/// takes a connection, that check was a round trip per statement. A connection in use is never
/// stale for long: one that fails is dropped by the driver.
pub(crate) async fn pool_for(url: &str) -> Result<AnyPool, sqlx::Error> {
    AnyPoolOptions::new()
        .acquire_timeout(Duration::from_secs(4))
        .max_connections(10)
        .test_before_acquire(false)
        .before_acquire(|conn, meta| {
            Box::pin(async move {
                if meta.idle_for < IDLE_BEFORE_CHECK {
                    return Ok(true);
                }
                Ok(sqlx::Connection::ping(conn).await.is_ok())
            })
        })
        .connect(url)
        .await
}

/// How long a pooled connection may sit idle before it is checked again.
const IDLE_BEFORE_CHECK: Duration = Duration::from_secs(1);

/// The hosts and the pool of the one that accepts writes.
pub(crate) struct Primary {
    hosts: Vec<String>,
    current: RwLock<(&'static AnyPool, usize)>,
}

impl Primary {
    /// Finds the writable host (every host tried, in order) and connects to it.
    pub(crate) async fn connect(hosts: Vec<String>) -> Result<Arc<Primary>, StoreError> {
        let (pool, at) = Self::find(&hosts).await.ok_or_else(|| {
            StoreError::Unavailable(format!(
                "cannot connect to the database: none of its {} hosts accepts writes",
                hosts.len()
            ))
        })?;
        let p = Arc::new(Primary {
            hosts,
            current: RwLock::new((Box::leak(Box::new(pool)), at)),
        });
        tokio::spawn(p.clone().watch());
        Ok(p)
    }

    async fn find(hosts: &[String]) -> Option<(AnyPool, usize)> {
        for (i, h) in hosts.iter().enumerate() {
            if writable(h).await == Some(true)
                && let Ok(pool) = pool_for(h).await
            {
                return Some((pool, i));
            }
        }
        None
    }

    pub(crate) fn pool(&self) -> &'static AnyPool {
        match self.current.read() {
            Ok(g) => g.0,
            Err(poisoned) => poisoned.into_inner().0,
        }
    }

    /// The URL of the host in use (for connections outside the pool, such as LISTEN).
    pub(crate) fn url(&self) -> String {
        let at = match self.current.read() {
            Ok(g) => g.1,
            Err(poisoned) => poisoned.into_inner().1,
        };
        self.hosts[at].clone()
    }

    /// Every second: is the host in use still the primary? If not, the new one is found and
    /// its pool replaces the old (closed: queries still running on it fail and are retried by
    /// their callers as after any outage).
    async fn watch(self: Arc<Self>) {
        let mut tick = tokio::time::interval(Duration::from_secs(1));
        loop {
            tick.tick().await;
            let current = self.pool();
            let check = tokio::time::timeout(
                Duration::from_secs(2),
                sqlx::query_scalar::<_, bool>("SELECT pg_is_in_recovery()").fetch_one(current),
            )
            .await;
            if matches!(check, Ok(Ok(false))) {
                continue;
            }
            let Some((pool, at)) = Self::find(&self.hosts).await else {
                continue;
            };
            let old = {
                let mut g = match self.current.write() {
                    Ok(g) => g,
                    Err(poisoned) => poisoned.into_inner(),
                };
                std::mem::replace(&mut *g, (Box::leak(Box::new(pool)), at)).0
            };
            tracing::warn!(
                host = at,
                "database: the primary changed; connected to the new one"
            );
            old.close().await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn several_hosts_become_one_url_each_without_the_session_attribute() {
        let hosts = hosts_of(
            "postgres://regain:pw@db1:5432,db2:5433/regain?sslmode=require&target_session_attrs=read-write",
        )
        .unwrap()
        .unwrap();
        assert_eq!(
            hosts,
            [
                "postgres://regain:pw@db1:5432/regain?sslmode=require",
                "postgres://regain:pw@db2:5433/regain?sslmode=require"
            ]
        );
        assert_eq!(hosts_of("postgres://u@db1/regain").unwrap(), None);
        assert_eq!(
            hosts_of("postgres://u@db1/regain?target_session_attrs=read-write")
                .unwrap()
                .unwrap(),
            ["postgres://u@db1/regain"]
        );
        let e = hosts_of("postgres://u@a,b/r?target_session_attrs=read-only").unwrap_err();
        assert!(e.to_string().contains("read-write"), "{e}");
        assert!(hosts_of("postgres://u@a,,b/r").is_err());
    }
}
