//! Accounts of the embedded directory. A lockout change locks the account's row, reads it and
//! writes the result in one transaction, so two nodes can never both count from the same state.

use crate::{Db, bool_int, lower_key, map_err};
use async_trait::async_trait;
use regain_core::lockout::{Applied, LockoutChange};
use regain_core::logon_hours::LogonHours;
use regain_core::ports::{DirectoryAccount, DirectoryAccountRepo, StoreError};
use regain_core::time::Timestamp;
use sqlx::Row;

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
        let row = sqlx::query("SELECT * FROM dir_accounts WHERE username_key = $1")
            .bind(lower_key(username))
            .fetch_optional(self.pool())
            .await
            .map_err(map_err("directory account"))?;
        let Some(r) = row else { return Ok(None) };
        let m = map_err("directory account");
        let hours: Vec<u8> = r.try_get("logon_hours").map_err(&m)?;
        let must_change: i64 = r.try_get("must_change").map_err(&m)?;
        let disabled: i64 = r.try_get("disabled").map_err(&m)?;
        Ok(Some(DirectoryAccount {
            username: r.try_get("username").map_err(&m)?,
            display_name: r.try_get("display_name").map_err(&m)?,
            password_hash: r.try_get("password_hash").map_err(&m)?,
            password_changed_at: r
                .try_get::<Option<i64>, _>("password_changed_at")
                .map_err(&m)?
                .map(Timestamp),
            must_change: must_change != 0,
            disabled: disabled != 0,
            logon_hours: LogonHours::from_bytes(&hours)
                .ok_or_else(|| StoreError::Corrupt(format!("logon hours of {username}")))?,
            lockout: crate::signin::lockout_of(&r)?,
        }))
    }

    async fn dir_change_lockout(
        &self,
        username: &str,
        change: LockoutChange,
    ) -> Result<Option<Applied>, StoreError> {
        const WHAT: &str = "directory lockout";
        let key = lower_key(username);
        let mut db_tx = self.writer().begin().await.map_err(map_err(WHAT))?;
        // Write first: the row (PostgreSQL) or the database (SQLite) is locked before the read.
        let locked =
            sqlx::query("UPDATE dir_accounts SET version = version WHERE username_key = $1")
                .bind(key.clone())
                .execute(&mut *db_tx)
                .await
                .map_err(map_err(WHAT))?;
        if locked.rows_affected() == 0 {
            return Ok(None);
        }
        let row = sqlx::query(
            "SELECT failures, last_failure, locked_until, locks FROM dir_accounts WHERE username_key = $1",
        )
        .bind(key.clone())
        .fetch_one(&mut *db_tx)
        .await
        .map_err(map_err(WHAT))?;
        let applied = change.apply(crate::signin::lockout_of(&row)?);
        if applied.after != applied.before {
            let next = &applied.after;
            sqlx::query(
                "UPDATE dir_accounts SET failures = $1, last_failure = $2, locked_until = $3, locks = $4, version = version + 1 WHERE username_key = $5",
            )
            .bind(i64::from(next.failures))
            .bind(next.last_failure.map(Timestamp::as_millis))
            .bind(next.locked_until.map(Timestamp::as_millis))
            .bind(i64::from(next.locks))
            .bind(key)
            .execute(&mut *db_tx)
            .await
            .map_err(map_err(WHAT))?;
        }
        if let LockoutChange::Attempt { now, .. } = change
            && applied.began_lockout(&change)
        {
            // Wrong passwords locked the account: subscribers hear of it in this transaction.
            let t = regain_core::notifications::Trigger::new(
                regain_core::notifications::NoticeEvent::LockedOut,
                username,
            );
            let (sql, params) = crate::notices::statement(&t, now);
            crate::sql::bind(sqlx::query(sql), params)
                .execute(&mut *db_tx)
                .await
                .map_err(map_err("notification outbox"))?;
        }
        db_tx.commit().await.map_err(map_err(WHAT))?;
        Ok(Some(applied))
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
