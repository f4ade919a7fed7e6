//! Accounts of the embedded directory. A lockout change locks the account's row, reads it and
//! writes the result in one transaction, so two nodes can never both count from the same state.

use crate::cols::Cols;
use crate::signin::{LockoutSql, change_keyed_lockout};
use crate::sql::{DbTx, LiteDbTx, Param, Record, SqlxDbTx, params, run_now};
use crate::{Db, bool_int, lower_key, map_err};
use async_trait::async_trait;
use regain_core::lockout::{Applied, LockoutChange};
use regain_core::logon_hours::LogonHours;
use regain_core::ports::{DirectoryAccount, DirectoryAccountRepo, StoreError};
use regain_core::time::Timestamp;

const WHAT: &str = "directory lockout";

const DIR_LOCKOUT: LockoutSql = LockoutSql {
    what: WHAT,
    read: "SELECT failures, last_failure, locked_until, locks FROM dir_accounts WHERE username_key = $1",
    // The account's row exists (checked first): "creating" it is taking its lock.
    row: "UPDATE dir_accounts SET version = version WHERE username_key = $1",
    take: "UPDATE dir_accounts SET version = version WHERE username_key = $1 RETURNING failures, last_failure, locked_until, locks",
    write: "UPDATE dir_accounts SET failures = $1, last_failure = $2, locked_until = $3, locks = $4, version = version + 1 WHERE username_key = $5",
};

impl Record for DirectoryAccount {
    fn read(r: &impl Cols) -> Result<Self, StoreError> {
        let username: String = r.col("username")?;
        let hours: Vec<u8> = r.col("logon_hours")?;
        let logon_hours = LogonHours::from_bytes(&hours)
            .ok_or_else(|| StoreError::Corrupt(format!("logon hours of {username}")))?;
        Ok(DirectoryAccount {
            display_name: r.col("display_name")?,
            password_hash: r.col("password_hash")?,
            password_changed_at: r.col::<Option<i64>>("password_changed_at")?.map(Timestamp),
            must_change: r.col::<i64>("must_change")? != 0,
            disabled: r.col::<i64>("disabled")? != 0,
            logon_hours,
            lockout: crate::signin::lockout_of(r)?,
            username,
        })
    }
}

/// [`DirectoryAccountRepo::dir_change_lockout`] in a writer job or a database transaction
/// (committed by the caller): `None` when there is no such account. The row is locked (written)
/// before it is read, so two nodes can never both count from the same state.
async fn change_dir_lockout(
    c: &mut impl DbTx,
    username: String,
    change: LockoutChange,
) -> Result<Option<Applied>, StoreError> {
    let key = lower_key(&username);
    if c.execute(WHAT, DIR_LOCKOUT.row, params![key.clone()])
        .await?
        == 0
    {
        return Ok(None);
    }
    let applied = change_keyed_lockout(c, &DIR_LOCKOUT, Param::Text(key), change).await?;
    if let LockoutChange::Attempt { now, .. } = change
        && applied.began_lockout(&change)
    {
        // Wrong passwords locked the account: subscribers hear of it in this transaction.
        let t = regain_core::notifications::Trigger::new(
            regain_core::notifications::NoticeEvent::LockedOut,
            &username,
        );
        let (sql, params) = crate::notices::statement(&t, now);
        c.execute("notification outbox", sql, params).await?;
    }
    Ok(Some(applied))
}

#[async_trait]
impl DirectoryAccountRepo for Db {
    async fn dir_insert(&self, a: &DirectoryAccount) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO dir_accounts (username_key, username, display_name, password_hash, password_changed_at, must_change, disabled, logon_hours, failures, last_failure, locked_until, locks, version)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 0)",
        )
        .bind(lower_key(&a.username))
        .bind(a.username.clone())
        .bind(a.display_name.clone())
        .bind(a.password_hash.clone())
        .bind(a.password_changed_at.map(Timestamp::as_millis))
        .bind(bool_int(a.must_change))
        .bind(bool_int(a.disabled))
        .bind(a.logon_hours.to_bytes().to_vec())
        .bind(i64::from(a.lockout.failures))
        .bind(a.lockout.last_failure.map(Timestamp::as_millis))
        .bind(a.lockout.locked_until.map(Timestamp::as_millis))
        .bind(i64::from(a.lockout.locks))
        .execute(self.writer())
        .await
        .map_err(map_err(&format!("directory account {}", a.username)))?;
        Ok(())
    }

    async fn dir_delete(&self, username: &str) -> Result<(), StoreError> {
        let mut db_tx = self
            .writer()
            .begin()
            .await
            .map_err(map_err("directory account"))?;
        sqlx::query("DELETE FROM dir_password_history WHERE username_key = $1")
            .bind(lower_key(username))
            .execute(&mut *db_tx)
            .await
            .map_err(map_err("directory account"))?;
        sqlx::query("DELETE FROM dir_accounts WHERE username_key = $1")
            .bind(lower_key(username))
            .execute(&mut *db_tx)
            .await
            .map_err(map_err("directory account"))?;
        db_tx.commit().await.map_err(map_err("directory account"))
    }

    async fn dir_get(&self, username: &str) -> Result<Option<DirectoryAccount>, StoreError> {
        self.fetch_record(
            "directory account",
            "SELECT * FROM dir_accounts WHERE username_key = $1",
            params![lower_key(username)],
        )
        .await
    }

    async fn dir_change_lockout(
        &self,
        username: &str,
        change: LockoutChange,
    ) -> Result<Option<Applied>, StoreError> {
        let username = username.to_owned();
        if let Some(e) = self.engine() {
            // One job of the hot path's single writer, as a user's second-factor lockout is.
            return e
                .write(move |w| run_now(change_dir_lockout(&mut LiteDbTx(w), username, change)))
                .await;
        }
        let mut db_tx = self.begin_unaudited().await?;
        let applied =
            change_dir_lockout(&mut SqlxDbTx { db_tx: &mut db_tx }, username, change).await?;
        db_tx.commit(WHAT).await?;
        Ok(applied)
    }

    async fn dir_set_password(
        &self,
        username: &str,
        hash: &str,
        changed_at: Timestamp,
        must_change: bool,
        keep_history: u32,
    ) -> Result<(), StoreError> {
        let key = lower_key(username);
        let mut db_tx = self
            .writer()
            .begin()
            .await
            .map_err(map_err("directory password"))?;
        // Write first so SQLite takes the write lock at once; the (unchanged) old hash comes back.
        let old: Option<Option<String>> = sqlx::query_scalar(
            "UPDATE dir_accounts SET version = version + 1 WHERE username_key = $1 RETURNING password_hash",
        )
        .bind(key.clone())
        .fetch_optional(&mut *db_tx)
        .await
        .map_err(map_err("directory password"))?;
        let Some(old) = old else {
            return Err(StoreError::NotFound(format!(
                "directory account {username}"
            )));
        };
        if let Some(old) = old {
            sqlx::query(
                "INSERT INTO dir_password_history (username_key, hash, set_at) VALUES ($1, $2, $3)",
            )
            .bind(key.clone())
            .bind(old)
            .bind(changed_at.as_millis())
            .execute(&mut *db_tx)
            .await
            .map_err(map_err("password history"))?;
        }
        sqlx::query(
            "DELETE FROM dir_password_history WHERE username_key = $1 AND id NOT IN
             (SELECT id FROM dir_password_history WHERE username_key = $1 ORDER BY id DESC LIMIT $2)",
        )
        .bind(key.clone())
        .bind(i64::from(keep_history))
        .execute(&mut *db_tx)
        .await
        .map_err(map_err("password history"))?;
        sqlx::query(
            "UPDATE dir_accounts SET password_hash = $1, password_changed_at = $2, must_change = $3, failures = 0, last_failure = NULL, locked_until = NULL WHERE username_key = $4",
        )
        .bind(hash.to_owned())
        .bind(changed_at.as_millis())
        .bind(bool_int(must_change))
        .bind(key)
        .execute(&mut *db_tx)
        .await
        .map_err(map_err("directory password"))?;
        db_tx.commit().await.map_err(map_err("directory password"))
    }

    async fn dir_history(&self, username: &str, n: u32) -> Result<Vec<String>, StoreError> {
        sqlx::query_scalar("SELECT hash FROM dir_password_history WHERE username_key = $1 ORDER BY id DESC LIMIT $2")
            .bind(lower_key(username))
            .bind(i64::from(n))
            .fetch_all(self.pool())
            .await
            .map_err(map_err("password history"))
    }

    async fn dir_set_flags(
        &self,
        username: &str,
        disabled: bool,
        logon_hours: &LogonHours,
    ) -> Result<(), StoreError> {
        let r = sqlx::query("UPDATE dir_accounts SET disabled = $1, logon_hours = $2, version = version + 1 WHERE username_key = $3")
            .bind(bool_int(disabled))
            .bind(logon_hours.to_bytes().to_vec())
            .bind(lower_key(username))
            .execute(self.writer())
            .await
            .map_err(map_err("directory account"))?;
        if r.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!(
                "directory account {username}"
            )));
        }
        Ok(())
    }
}
