//! Regain's storage adapter: one set of SQL for SQLite (embedded, single node) and PostgreSQL
//! (several nodes), through sqlx's `Any` driver. Schemas differ only in DDL; queries use `$n`
//! placeholders and portable types (64-bit integers, text, bytes), so the same statements run
//! on both and one contract test suite checks both.
//!
//! Every change is written in one transaction with its audit record (see [`audit`]).

mod app_passwords;
mod audit;
mod audited_tx;
mod cols;
mod directory;
mod directory_secrets;
mod engine;
mod failover;
mod methods;
mod migrate;
mod notices;
mod notifications;
mod password_reset;
mod policies;
mod push;
mod push_notify;
mod questions;
mod radius;
mod roles;
mod security_answers;
mod seed;
mod sessions;
mod settings;
#[cfg(test)]
mod sign_in_plans;
mod signin;
mod sms;
mod snapshot;
mod sql;
mod temp_codes;
mod tokens;
mod users;
mod warm;

pub use audit::{AuditFailures, AuditSigner, audit_failures};
pub use engine::WRITER_CACHE_KIB;
pub use migrate::LATEST as SCHEMA_VERSION;
pub use push_notify::{PUSH_CHANNEL, listen_pushes};

use regain_core::ports::StoreError;
use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{Any, AnyPool};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of_url(url: &str) -> Option<Backend> {
        if url.starts_with("sqlite:") {
            Some(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Backend::Postgres)
        } else {
            None
        }
    }
}

/// The database plus what it needs to sign audit records.
#[derive(Clone)]
pub struct Db {
    pool: AnyPool,
    /// Writes go through here. On SQLite it is one connection: SQLite allows a single writer,
    /// and queueing writers on an async pool is fast and fair, where letting them collide
    /// leaves SQLite's busy handler sleeping in milliseconds. On PostgreSQL it is `pool`.
    writer: AnyPool,
    /// PostgreSQL with several hosts: the pool of whichever accepts writes (then `pool` and
    /// `writer` are unused), see [`failover`].
    primary: Option<Arc<failover::Primary>>,
    /// The URL as configured, for connections outside the pools (LISTEN).
    url: String,
    backend: Backend,
    signer: AuditSigner,
    /// This node's audit chain head row exists (checked once per process).
    head_ready: Arc<AtomicBool>,
    /// PostgreSQL: the head this process last moved its chain to.
    chain_head: Arc<audited_tx::HeadCache>,
    /// SQLite on a file: the sign-in hot path's reads and writes (see [`engine`]).
    engine: Option<Arc<engine::Engine>>,
}

/// Maps a driver error at the boundary; never turned into "not found" (fail closed).
pub(crate) fn map_err(what: &str) -> impl Fn(sqlx::Error) -> StoreError + '_ {
    move |e| match &e {
        sqlx::Error::Database(d) if d.is_unique_violation() => {
            StoreError::Conflict(what.to_owned())
        }
        sqlx::Error::Database(d) if d.is_foreign_key_violation() => {
            StoreError::Conflict(format!("{what} (still referenced)"))
        }
        sqlx::Error::ColumnDecode { .. }
        | sqlx::Error::Decode(_)
        | sqlx::Error::ColumnNotFound(_) => StoreError::Corrupt(format!("{what}: {e}")),
        _ => StoreError::Unavailable(e.to_string()),
    }
}

impl Db {
    /// Connects to `url` (`sqlite:///path/regain.db` or `postgres://...`). Does not migrate.
    pub async fn connect(url: &str, signer: AuditSigner) -> Result<Db, StoreError> {
        install_default_drivers();
        let backend = Backend::of_url(url).ok_or_else(|| {
            StoreError::Unavailable(
                "database.url must start with sqlite:// or postgres://".to_owned(),
            )
        })?;
        let sqlite_options = || {
            AnyPoolOptions::new()
                .acquire_timeout(Duration::from_secs(10))
                .after_connect(|conn, _meta| {
                    Box::pin(async move {
                        // Wait for the single writer instead of failing at once; enforce
                        // references.
                        sqlx::raw_sql("PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;")
                            .execute(conn)
                            .await?;
                        Ok(())
                    })
                })
        };
        let unavailable = |e: sqlx::Error| {
            StoreError::Unavailable(format!("cannot connect to the database: {e}"))
        };
        let mut engine = None;
        let mut primary = None;
        let (pool, writer) = match backend {
            Backend::Sqlite => {
                let url = if url.contains('?') {
                    url.to_owned()
                } else {
                    format!("{url}?mode=rwc")
                };
                let writer = sqlite_options()
                    .max_connections(1)
                    .connect(&url)
                    .await
                    .map_err(unavailable)?;
                sqlx::raw_sql("PRAGMA journal_mode = WAL;")
                    .execute(&writer)
                    .await
                    .map_err(map_err("sqlite journal mode"))?;
                let pool = sqlite_options()
                    .max_connections(8)
                    .connect(&url)
                    .await
                    .map_err(unavailable)?;
                if let Some(file) = engine::file_of_url(&url) {
                    engine = Some(Arc::new(engine::Engine::start(file, signer.clone())?));
                }
                (pool, writer)
            }
            Backend::Postgres => {
                if let Some(hosts) = failover::hosts_of(url)? {
                    let p = failover::Primary::connect(hosts).await?;
                    let pool = p.pool().clone();
                    primary = Some(p);
                    (pool.clone(), pool)
                } else {
                    let pool = failover::pool_for(url).await.map_err(unavailable)?;
                    (pool.clone(), pool)
                }
            }
        };
        Ok(Db {
            pool,
            writer,
            primary,
            url: url.to_owned(),
            backend,
            signer,
            head_ready: Arc::new(AtomicBool::new(false)),
            chain_head: Arc::new(audited_tx::HeadCache::new(None)),
            engine,
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn signer(&self) -> &AuditSigner {
        &self.signer
    }

    /// Readiness: can we run a query right now?
    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1")
            .execute(self.pool())
            .await
            .map_err(map_err("ping"))?;
        Ok(())
    }

    /// The connection pools as they stand (for `/metrics`): on SQLite the readers and the one
    /// writer, on PostgreSQL one pool for both.
    pub fn pool_use(&self) -> Vec<regain_core::telemetry::PoolUse> {
        let of = |name, p: &AnyPool| regain_core::telemetry::PoolUse {
            name,
            open: p.size(),
            idle: u32::try_from(p.num_idle()).unwrap_or(u32::MAX),
            max: p.options().get_max_connections(),
        };
        match self.backend {
            Backend::Sqlite => vec![of("readers", &self.pool), of("writer", &self.writer)],
            Backend::Postgres => vec![of("main", self.pool())],
        }
    }

    pub async fn close(&self) {
        if let Some(e) = &self.engine {
            e.close();
        }
        self.pool().close().await;
        self.writer().close().await;
    }

    /// The SQLite hot path, when the database is a SQLite file.
    pub(crate) fn engine(&self) -> Option<&engine::Engine> {
        self.engine.as_deref()
    }

    /// For reads.
    pub(crate) fn pool(&self) -> &AnyPool {
        match &self.primary {
            Some(p) => p.pool(),
            None => &self.pool,
        }
    }

    /// For writes (see the field's comment).
    pub(crate) fn writer(&self) -> &AnyPool {
        match &self.primary {
            Some(p) => p.pool(),
            None => &self.writer,
        }
    }

    /// A URL the driver can connect to outside the pools: the primary's, with several hosts.
    pub(crate) fn single_host_url(&self) -> String {
        match &self.primary {
            Some(p) => p.url(),
            None => self.url.clone(),
        }
    }

    /// This node's audit chain head row exists (checked once per process).
    pub(crate) fn head_ready(&self) -> bool {
        self.head_ready.load(Ordering::Acquire)
    }

    pub(crate) fn set_head_ready(&self) {
        self.head_ready.store(true, Ordering::Release);
    }

    /// PostgreSQL: this process's view of its chain's head (see [`audited_tx`]).
    pub(crate) fn chain_head(&self) -> &audited_tx::HeadCache {
        &self.chain_head
    }
}

impl Db {
    /// Runs one statement that must affect a row (`NotFound` otherwise) together with its audit
    /// record, in one transaction.
    pub(crate) async fn audited_change(
        &self,
        query: sqlx::query::Query<'_, Any, sqlx::any::AnyArguments>,
        what: &str,
        audit: &regain_core::audit::AuditEvent,
    ) -> Result<(), StoreError> {
        let mut db_tx = self.begin_audited().await?;
        let r = query.execute(&mut *db_tx).await.map_err(map_err(what))?;
        if r.rows_affected() == 0 {
            return Err(StoreError::NotFound(what.to_owned()));
        }
        db_tx.append(audit).await?;
        db_tx.commit(what).await.map(|_| ())
    }
}

pub(crate) fn bool_int(b: bool) -> i64 {
    i64::from(b)
}

pub(crate) fn lower_key(s: &str) -> String {
    s.trim().to_lowercase()
}

/// The crate's own tests sign audit chains with a stand-in MAC (its length, not a secret).
#[cfg(test)]
fn test_signer() -> AuditSigner {
    struct PlainMac;
    impl regain_core::audit::ChainMac for PlainMac {
        fn mac_hex(&self, data: &[u8]) -> String {
            format!("{:064x}", data.len())
        }
        fn verify_hex(&self, data: &[u8], expected: &str) -> bool {
            self.mac_hex(data) == expected
        }
    }
    AuditSigner {
        #[allow(clippy::unwrap_used)]
        node: regain_core::ids::NodeId::parse("n1").unwrap(),
        mac: std::sync::Arc::new(PlainMac),
    }
}
