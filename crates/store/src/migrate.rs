//! Schema migrations, embedded in the binary and applied in order, each in its own transaction.
//! Run at start and by `regain migrate`.

use crate::{Backend, Db, map_err};
use regain_core::ports::StoreError;

struct Migration {
    version: i64,
    name: &'static str,
    sqlite: &'static str,
    postgres: &'static str,
}

const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "init",
        sqlite: include_str!("../migrations/sqlite/0001_init.sql"),
        postgres: include_str!("../migrations/postgres/0001_init.sql"),
    },
    Migration {
        version: 2,
        name: "sessions",
        sqlite: include_str!("../migrations/sqlite/0002_sessions.sql"),
        postgres: include_str!("../migrations/postgres/0002_sessions.sql"),
    },
    Migration {
        version: 3,
        name: "auth_methods",
        sqlite: include_str!("../migrations/sqlite/0003_auth_methods.sql"),
        postgres: include_str!("../migrations/postgres/0003_auth_methods.sql"),
    },
    Migration {
        version: 4,
        name: "api",
        sqlite: include_str!("../migrations/sqlite/0004_api.sql"),
        postgres: include_str!("../migrations/postgres/0004_api.sql"),
    },
    Migration {
        version: 5,
        name: "sms",
        sqlite: include_str!("../migrations/sqlite/0005_sms.sql"),
        postgres: include_str!("../migrations/postgres/0005_sms.sql"),
    },
    Migration {
        version: 6,
        name: "identity_proofing",
        sqlite: include_str!("../migrations/sqlite/0006_proofing.sql"),
        postgres: include_str!("../migrations/postgres/0006_proofing.sql"),
    },
    Migration {
        version: 7,
        name: "push",
        sqlite: include_str!("../migrations/sqlite/0007_push.sql"),
        postgres: include_str!("../migrations/postgres/0007_push.sql"),
    },
    Migration {
        version: 8,
        name: "temporary_codes",
        sqlite: include_str!("../migrations/sqlite/0008_temporary_codes.sql"),
        postgres: include_str!("../migrations/postgres/0008_temporary_codes.sql"),
    },
    Migration {
        version: 9,
        name: "directory_secrets",
        sqlite: include_str!("../migrations/sqlite/0009_directory_secrets.sql"),
        postgres: include_str!("../migrations/postgres/0009_directory_secrets.sql"),
    },
    Migration {
        version: 10,
        name: "sign_in_indexes",
        sqlite: include_str!("../migrations/sqlite/0010_sign_in_indexes.sql"),
        postgres: include_str!("../migrations/postgres/0010_sign_in_indexes.sql"),
    },
    Migration {
        version: 11,
        name: "attempts",
        sqlite: include_str!("../migrations/sqlite/0011_attempts.sql"),
        postgres: include_str!("../migrations/postgres/0011_attempts.sql"),
    },
    Migration {
        version: 12,
        name: "typed_push_number",
        sqlite: include_str!("../migrations/sqlite/0012_typed_push_number.sql"),
        postgres: include_str!("../migrations/postgres/0012_typed_push_number.sql"),
    },
    Migration {
        version: 13,
        name: "signed_audit_heads",
        sqlite: include_str!("../migrations/sqlite/0013_signed_audit_heads.sql"),
        postgres: include_str!("../migrations/postgres/0013_signed_audit_heads.sql"),
    },
    Migration {
        version: 14,
        name: "session_second_factor",
        sqlite: include_str!("../migrations/sqlite/0014_session_second_factor.sql"),
        postgres: include_str!("../migrations/postgres/0014_session_second_factor.sql"),
    },
    Migration {
        version: 15,
        name: "password_reset",
        sqlite: include_str!("../migrations/sqlite/0015_password_reset.sql"),
        postgres: include_str!("../migrations/postgres/0015_password_reset.sql"),
    },
    Migration {
        version: 16,
        name: "app_passwords",
        sqlite: include_str!("../migrations/sqlite/0016_app_passwords.sql"),
        postgres: include_str!("../migrations/postgres/0016_app_passwords.sql"),
    },
    Migration {
        version: 17,
        name: "notifications",
        sqlite: include_str!("../migrations/sqlite/0017_notifications.sql"),
        postgres: include_str!("../migrations/postgres/0017_notifications.sql"),
    },
    Migration {
        version: 18,
        name: "radius_challenges",
        sqlite: include_str!("../migrations/sqlite/0018_radius_challenges.sql"),
        postgres: include_str!("../migrations/postgres/0018_radius_challenges.sql"),
    },
    Migration {
        version: 19,
        name: "user_search_index",
        sqlite: include_str!("../migrations/sqlite/0019_user_search_index.sql"),
        postgres: include_str!("../migrations/postgres/0019_user_search_index.sql"),
    },
];

/// Newest schema version this build knows.
pub const LATEST: i64 = 19;

impl Db {
    /// Applies every migration not yet applied; returns the versions it applied. Several nodes
    /// starting together on PostgreSQL serialise on an advisory lock.
    pub async fn migrate(&self) -> Result<Vec<i64>, StoreError> {
        let mut conn = self
            .pool()
            .acquire()
            .await
            .map_err(map_err("migration connection"))?;
        if self.backend() == Backend::Postgres {
            sqlx::query("SELECT pg_advisory_lock(72446)")
                .execute(&mut *conn)
                .await
                .map_err(map_err("migration lock"))?;
        }
        let result = async {
            sqlx::raw_sql(
                "CREATE TABLE IF NOT EXISTS regain_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
            )
            .execute(&mut *conn)
            .await
            .map_err(map_err("migrations table"))?;
            let mut applied = Vec::new();
            for m in MIGRATIONS {
                let done: Option<i64> = sqlx::query_scalar("SELECT version FROM regain_migrations WHERE version = $1")
                    .bind(m.version)
                    .fetch_optional(&mut *conn)
                    .await
                    .map_err(map_err("migrations table"))?;
                if done.is_some() {
                    continue;
                }
                let sql = match self.backend() {
                    Backend::Sqlite => m.sqlite,
                    Backend::Postgres => m.postgres,
                };
                let mut db_tx = sqlx::Connection::begin(&mut *conn).await.map_err(map_err("migration"))?;
                sqlx::raw_sql(sql).execute(&mut *db_tx).await.map_err(|e| {
                    StoreError::Unavailable(format!("migration {} ({}) failed: {e}", m.version, m.name))
                })?;
                sqlx::query("INSERT INTO regain_migrations (version, name, applied_at) VALUES ($1, $2, $3)")
                    .bind(m.version)
                    .bind(m.name)
                    .bind(now_ms())
                    .execute(&mut *db_tx)
                    .await
                    .map_err(map_err("migration record"))?;
                db_tx.commit().await.map_err(map_err("migration commit"))?;
                applied.push(m.version);
            }
            Ok::<_, StoreError>(applied)
        }
        .await;
        if self.backend() == Backend::Postgres {
            // Released with the connection anyway; unlocking keeps the pooled connection clean.
            let _unlock = sqlx::query("SELECT pg_advisory_unlock(72446)")
                .execute(&mut *conn)
                .await;
        }
        drop(conn);
        let applied = result?;
        // This node's chain head exists and is signed before anything is verified or written.
        self.signer().ensure_head(self.writer()).await?;
        Ok(applied)
    }

    /// The schema version the database is at (0 when empty).
    pub async fn schema_version(&self) -> Result<i64, StoreError> {
        let exists = sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM regain_migrations")
            .fetch_one(self.pool())
            .await;
        match exists {
            Ok(0) => Ok(0),
            Ok(_) => sqlx::query_scalar::<_, i64>("SELECT MAX(version) FROM regain_migrations")
                .fetch_one(self.pool())
                .await
                .map_err(map_err("schema version")),
            // No migrations table yet: an empty database.
            Err(sqlx::Error::Database(_)) => Ok(0),
            Err(e) => Err(map_err("schema version")(e)),
        }
    }
}

/// Only for the migration bookkeeping column; domain times come from the injected clock.
fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}
