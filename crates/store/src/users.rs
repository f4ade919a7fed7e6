//! Regain user records.

use crate::cols::Cols;
use crate::sql::{Record, params};
use crate::{Db, lower_key, map_err};
use async_trait::async_trait;
use regain_core::audit::AuditEvent;
use regain_core::ids::{PolicyId, UserId};
use regain_core::ports::{Page, StoreError, UserRepo};
use regain_core::time::Timestamp;
use regain_core::user::{User, UserState, Username};

macro_rules! columns {
    () => {
        "id, username, display_name, directory_ref, policy_id, state, created_at"
    };
}
const COLUMNS: &str = columns!();

impl Record for User {
    fn read(r: &impl Cols) -> Result<Self, StoreError> {
        user_of(r)
    }
}

fn user_of(row: &impl Cols) -> Result<User, StoreError> {
    let username: String = row.col("username")?;
    let state: String = row.col("state")?;
    Ok(User {
        id: UserId(row.col("id")?),
        username: Username::parse(&username).map_err(StoreError::Corrupt)?,
        display_name: row.col("display_name")?,
        directory_ref: row.col("directory_ref")?,
        policy_id: PolicyId(row.col("policy_id")?),
        state: UserState::parse(&state)
            .ok_or_else(|| StoreError::Corrupt(format!("user state {state:?}")))?,
        created_at: Timestamp(row.col("created_at")?),
    })
}

/// `LIKE` pattern matching `q` anywhere, with the wildcard characters in `q` taken literally.
fn contains_pattern(q: &str) -> String {
    let mut p = String::from("%");
    for c in lower_key(q).chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

/// Up to this many matches a search reads them by id and sorts them (a few microseconds each);
/// with more, a walk of the name index in order reaches a page of them sooner (0.1 µs a row:
/// with a thousand matches among a million users, the first 50 lie within some 50,000 rows).
/// A search with more reads the index twice: its ids stop at one past this, then the count.
const FEW_MATCHES: u64 = 1_000;

/// A user by name (its case-folded key).
const USER_BY_ID: &str = concat!("SELECT ", columns!(), " FROM users WHERE id = $1");
pub(crate) const USER_BY_NAME: &str =
    concat!("SELECT ", columns!(), " FROM users WHERE username_key = $1");

/// A user by name, on the hot path's connection.
pub(crate) fn user_named_on(
    c: &rusqlite::Connection,
    username: &Username,
) -> Result<Option<User>, StoreError> {
    crate::engine::first_row(c, "user", USER_BY_NAME, [username.key()], |r| user_of(r))
}

#[async_trait]
impl UserRepo for Db {
    async fn create_user(&self, u: &User, audit: &AuditEvent) -> Result<User, StoreError> {
        let mut db_tx = self.begin_audited().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO users (username, username_key, display_name, search_key, directory_ref, policy_id, state, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(u.username.as_str().to_owned())
        .bind(u.username.key())
        .bind(u.display_name.clone())
        .bind(lower_key(&format!("{} {}", u.username, u.display_name)))
        .bind(u.directory_ref.clone())
        .bind(u.policy_id.0)
        .bind(u.state.key())
        .bind(u.created_at.as_millis())
        .fetch_one(&mut *db_tx)
        .await
        .map_err(map_err(&format!("user {}", u.username)))?;
        db_tx.append(audit).await?;
        db_tx.commit("user").await?;
        Ok(User {
            id: UserId(id),
            ..u.clone()
        })
    }

    async fn user_by_name(&self, username: &Username) -> Result<Option<User>, StoreError> {
        self.fetch_record("user", USER_BY_NAME, params![username.key()])
            .await
    }

    async fn user_by_id(&self, id: UserId) -> Result<Option<User>, StoreError> {
        self.fetch_record("user", USER_BY_ID, params![id.0]).await
    }

    async fn search_users(
        &self,
        query: &str,
        limit: u32,
        offset: u32,
    ) -> Result<Page<User>, StoreError> {
        let pattern = contains_pattern(query);
        // Which users match: on SQLite a term of three characters or more (without LIKE's
        // wildcards) is looked up in the trigram index (migration 19); anything else, and
        // PostgreSQL (whose trigram index serves this LIKE itself), as a LIKE. (Without
        // wildcards in the term, `pattern` needs no ESCAPE, which FTS5's LIKE does not take.)
        let key = lower_key(query);
        let indexed = self.backend() == crate::Backend::Sqlite
            && key.chars().count() >= 3
            && !key.contains(['%', '_', '\\']);
        if indexed {
            // Few matches: their ids from the index, then the users by id.
            let ids: Vec<i64> =
                sqlx::query_scalar("SELECT rowid FROM users_fts WHERE search_key LIKE $1 LIMIT $2")
                    .bind(pattern.clone())
                    .bind(FEW_MATCHES as i64 + 1)
                    .fetch_all(self.pool())
                    .await
                    .map_err(map_err("users"))?;
            if ids.len() as u64 <= FEW_MATCHES {
                return self.users_by_ids(&ids, limit, offset).await;
            }
        }
        let matching = if indexed {
            "SELECT rowid FROM users_fts WHERE search_key LIKE $1"
        } else {
            "SELECT id FROM users WHERE search_key LIKE $1 ESCAPE '\\'"
        };
        let total: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) FROM ({matching} LIMIT {}) AS matched",
            regain_core::user::USER_COUNT_LIMIT + 1
        )))
        .bind(pattern.clone())
        .fetch_one(self.pool())
        .await
        .map_err(map_err("users"))?;
        if total == 0 {
            return Ok(Page {
                items: Vec::new(),
                total: 0,
            });
        }
        // Many: the name index walked in order, each row matched as it comes, which stops
        // after the page (a tenth of a millisecond for a surname shared by 83,000 users).
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM users WHERE search_key LIKE $1 ESCAPE '\\' ORDER BY username_key LIMIT $2 OFFSET $3"
        )))
        .bind(pattern)
        .bind(i64::from(limit))
        .bind(i64::from(offset))
        .fetch_all(self.pool())
        .await
        .map_err(map_err("users"))?;
        Ok(Page {
            items: rows.iter().map(user_of).collect::<Result<_, _>>()?,
            total: total as u64,
        })
    }

    async fn set_user_state(
        &self,
        id: UserId,
        state: UserState,
        audit: &AuditEvent,
    ) -> Result<(), StoreError> {
        let q = sqlx::query("UPDATE users SET state = $1 WHERE id = $2")
            .bind(state.key())
            .bind(id.0);
        self.audited_change(q, &format!("user {id}"), audit).await
    }

    async fn set_user_policy(
        &self,
        id: UserId,
        policy: PolicyId,
        audit: &AuditEvent,
    ) -> Result<(), StoreError> {
        let q = sqlx::query("UPDATE users SET policy_id = $1 WHERE id = $2")
            .bind(policy.0)
            .bind(id.0);
        self.audited_change(q, &format!("user {id}"), audit).await
    }

    async fn count_users(&self) -> Result<u64, StoreError> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
            .fetch_one(self.pool())
            .await
            .map_err(map_err("users"))?;
        Ok(n as u64)
    }
}

impl Db {
    /// A page of the users `ids` (a search's few matches in SQLite's trigram index), sorted by
    /// name and cut here. Each user is read by id, on the hot path's connections where there are
    /// some (a few microseconds each): no statement of it orders, joins or lists ids, since given
    /// any of those SQLite chose to walk the user-name index and probe every user instead, on
    /// connections opened before the table grew (60 ms for one match of a million users, two
    /// seconds for 700 matches of 100,000; a list of 500 ids, 15 ms a statement).
    async fn users_by_ids(
        &self,
        ids: &[i64],
        limit: u32,
        offset: u32,
    ) -> Result<Page<User>, StoreError> {
        let mut users = Vec::with_capacity(ids.len());
        if let Some(e) = self.engine() {
            e.read(|c| {
                for id in ids {
                    if let Some(u) =
                        crate::engine::first_row(c, "user", USER_BY_ID, [id], |r| user_of(r))?
                    {
                        users.push(u);
                    }
                }
                Ok(())
            })?;
        } else {
            for id in ids {
                if let Some(u) = self.user_by_id(UserId(*id)).await? {
                    users.push(u);
                }
            }
        }
        // The order `ORDER BY username_key` gives: SQLite compares text by its bytes, as `Ord`
        // does for `String`.
        users.sort_by_cached_key(|u| u.username.key());
        Ok(Page {
            items: users
                .into_iter()
                .skip(offset as usize)
                .take(limit as usize)
                .collect(),
            total: ids.len() as u64,
        })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn like_wildcards_in_queries_are_literal() {
        assert_eq!(super::contains_pattern("A_b%"), "%a\\_b\\%%");
    }
}
