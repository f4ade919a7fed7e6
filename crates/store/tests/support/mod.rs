//! Test harness: a fresh database per test, on SQLite (a temp file) or PostgreSQL (a new database
//! in the cluster named by `REGAIN_TEST_PG_URL`, which `scripts/test` starts). A missing
//! PostgreSQL is a failure, never a skip.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![allow(dead_code)]

use regain_core::audit::AuditAction;
use regain_core::ids::NodeId;
use regain_core::ports::{AuditRepo, SignInRepo};
use regain_crypto::{KeyMaterial, KeyedHasher};
use regain_store::{AuditSigner, Db};
use sqlx::Connection;
use std::sync::Arc;

#[derive(Clone, Copy, Debug)]
pub enum Kind {
    Sqlite,
    Postgres,
}

pub struct Fresh {
    pub db: Db,
    pub url: String,
    pub mac: KeyedHasher,
    _dir: Option<tempfile::TempDir>,
}

impl Fresh {
    /// A second handle on the same database, as another node would have.
    pub async fn node(&self, node: &str) -> Db {
        Db::connect(
            &self.url,
            AuditSigner {
                node: NodeId::parse(node).unwrap(),
                mac: Arc::new(self.mac.clone()),
            },
        )
        .await
        .unwrap()
    }

    /// A plain pool on the database, for what no repository does (raw rows, broken tables).
    pub async fn sqlx_pool(&self) -> sqlx::AnyPool {
        sqlx::any::install_default_drivers();
        sqlx::AnyPool::connect(&self.url).await.unwrap()
    }
}

pub fn pg_admin_url() -> String {
    std::env::var("REGAIN_TEST_PG_URL").unwrap_or_else(|_| {
        panic!(
            "REGAIN_TEST_PG_URL is not set: the PostgreSQL half of the contract suite needs a server. \
             Run the tests with scripts/test, which starts a throwaway PostgreSQL cluster."
        )
    })
}

/// A new, empty PostgreSQL database; returns its URL.
pub async fn pg_database() -> String {
    let admin = pg_admin_url();
    let name = format!("regain_t_{}", uuid::Uuid::new_v4().simple());
    let mut conn = sqlx::PgConnection::connect(&admin)
        .await
        .unwrap_or_else(|e| panic!("cannot reach PostgreSQL at REGAIN_TEST_PG_URL ({admin}): {e}"));
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.ok();
    let (base, _) = admin.rsplit_once('/').unwrap();
    format!("{base}/{name}")
}

pub async fn fresh(kind: Kind) -> Fresh {
    let mac = KeyedHasher::new(Arc::new(KeyMaterial::random().unwrap()));
    let (url, dir) = match kind {
        Kind::Sqlite => {
            let dir = tempfile::tempdir().unwrap();
            (
                format!("sqlite://{}", dir.path().join("regain.db").display()),
                Some(dir),
            )
        }
        Kind::Postgres => (pg_database().await, None),
    };
    let db = Db::connect(
        &url,
        AuditSigner {
            node: NodeId::parse("node-a").unwrap(),
            mac: Arc::new(mac.clone()),
        },
    )
    .await
    .unwrap();
    db.migrate().await.unwrap();
    db.seed(regain_core::time::Timestamp(1_000)).await.unwrap();
    Fresh {
        db,
        url,
        mac,
        _dir: dir,
    }
}

/// Runs each named `async fn(Fresh)` once on SQLite and once on PostgreSQL, as
/// `sqlite::NAME` and `postgres::NAME`.
#[macro_export]
macro_rules! contract {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name(super::support::fresh(super::support::Kind::Sqlite).await).await
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name(super::support::fresh(super::support::Kind::Postgres).await).await
                }
            )*
        }
    };
}

/// An audit event for test changes.
pub fn ev(action: regain_core::audit::AuditAction, target: &str) -> regain_core::audit::AuditEvent {
    regain_core::audit::AuditEvent::new(
        regain_core::time::Timestamp(5_000),
        &regain_core::audit::Actor::OsUser("tester".into()),
        action,
        regain_core::audit::Outcome::Success,
    )
    .target(target)
}

pub async fn default_policy(db: &Db) -> regain_core::ids::PolicyId {
    use regain_core::ports::PolicyRepo;
    db.policy_by_name("Default").await.unwrap().unwrap().id
}

/// An active user record under `policy`.
pub fn user(
    name: &str,
    display: &str,
    policy: regain_core::ids::PolicyId,
) -> regain_core::user::User {
    regain_core::user::User {
        id: regain_core::ids::UserId(0),
        username: regain_core::user::Username::parse(name).unwrap(),
        display_name: display.into(),
        directory_ref: format!("embedded:{name}"),
        policy_id: policy,
        state: regain_core::user::UserState::Active,
        created_at: regain_core::time::Timestamp(2_000),
    }
}

/// Runs `f(db, i)` for every `i` in `0..n` at once; what each returned, in order.
pub async fn race<T, Fut>(
    db: &regain_store::Db,
    n: usize,
    f: impl Fn(Arc<regain_store::Db>, usize) -> Fut,
) -> Vec<T>
where
    T: Send + 'static,
    Fut: std::future::Future<Output = T> + Send + 'static,
{
    let db = Arc::new(db.clone());
    let tasks: Vec<_> = (0..n).map(|i| tokio::spawn(f(db.clone(), i))).collect();
    let mut out = Vec::with_capacity(n);
    for t in tasks {
        out.push(t.await.unwrap());
    }
    out
}

/// How many of the racers came out with `v`.
pub fn how_many<T: PartialEq>(outcomes: &[T], v: T) -> usize {
    outcomes.iter().filter(|o| **o == v).count()
}

/// How many audit records `action` has.
pub async fn audit_count(db: &regain_store::Db, action: &str) -> u64 {
    db.list_audit(&regain_core::audit::AuditFilter {
        action: Some(action.into()),
        ..Default::default()
    })
    .await
    .unwrap()
    .total
}

/// The API client "VPN" (id `c1`, credential hash `h`).
pub async fn add_vpn_client(db: &regain_store::Db) {
    let client = regain_core::signin::ApiClient {
        id: "c1".into(),
        name: "VPN".into(),
        secret_hash: "h".into(),
        trusted: true,
        admin: None,
        created_at: regain_core::time::Timestamp(1),
        revoked_at: None,
    };
    db.add_client(&client, &ev(AuditAction::ClientAdd, "VPN"))
        .await
        .unwrap();
}

/// `username`'s remote-access transaction through the VPN client, awaiting an OTP or SMS code
/// until `expires_at`.
pub fn awaiting(id: &str, username: &str, expires_at: i64) -> regain_core::signin::Transaction {
    use regain_core::policy::{Factor, Workflow};
    use regain_core::signin::{Transaction, TxState};
    Transaction {
        id: id.into(),
        client_id: "c1".into(),
        username: username.into(),
        workflow: Workflow::RemoteAccess,
        state: TxState::AwaitingSecondFactor,
        acceptable: vec![Factor::Otp, Factor::Sms],
        reason: None,
        source: Some("198.51.100.7".into()),
        device: None,
        created_at: regain_core::time::Timestamp(100),
        expires_at: regain_core::time::Timestamp(expires_at),
        finished_at: None,
        lock_epoch: 0,
    }
}
