//! The self-service reset's shared state: sessions, the sticky draw, the lockout of names that
//! belong to nobody and the rate windows. Each change is one conditional statement (or, for a
//! lockout, one transaction that locks the row first), so nodes sharing the database never
//! both win a race.

use crate::cols::Cols;
use crate::signin::{LockoutSql, change_keyed_lockout, lockout_of};
use crate::sql::{Param, Record, SqlxDbTx, params};
use crate::{Db, map_err};
use async_trait::async_trait;
use regain_core::audit::AuditEvent;
use regain_core::ids::TransactionId;
use regain_core::lockout::{Applied, LockoutChange, LockoutState};
use regain_core::password_reset::{ResetSession, ResetStage, StoredDraw};
use regain_core::ports::{PasswordResetRepo, StoreError};
use regain_core::time::Timestamp;
use std::time::Duration;

const SESSION: &str = "reset session";
const DRAW: &str = "challenge draw";
const RATE: &str = "rate window";

/// The lockouts of names without a user: the columns of `user_lockouts`, keyed by name.
const NAME_LOCKOUT: LockoutSql = LockoutSql {
    what: "name lockout",
    read: "SELECT failures, last_failure, locked_until, locks FROM name_lockouts WHERE name_key = $1",
    row: "INSERT INTO name_lockouts (name_key, failures, last_failure, locked_until, version, locks) VALUES ($1, 0, NULL, NULL, 0, 0) ON CONFLICT (name_key) DO NOTHING",
    take: "INSERT INTO name_lockouts (name_key, failures, last_failure, locked_until, version, locks) VALUES ($1, 0, NULL, NULL, 0, 0) ON CONFLICT (name_key) DO UPDATE SET version = name_lockouts.version RETURNING failures, last_failure, locked_until, locks",
    write: "UPDATE name_lockouts SET failures = $1, last_failure = $2, locked_until = $3, locks = $4, version = version + 1 WHERE name_key = $5",
};

/// Draws are forgotten after this long unused (a visitor who never came back).
const DRAW_KEPT: Duration = Duration::from_secs(30 * 24 * 3600);
/// Lockouts of names without a user, once over, and rate windows are forgotten after this.
const COUNTERS_KEPT: Duration = Duration::from_secs(24 * 3600);

struct SessionRow(ResetSession);

impl Record for SessionRow {
    fn read(r: &impl Cols) -> Result<Self, StoreError> {
        let stage: String = r.col("stage")?;
        Ok(SessionRow(ResetSession {
            id_hash: r.col("id_hash")?,
            name_key: r.col("name_key")?,
            username: r.col("username")?,
            csrf_token: r.col("csrf_token")?,
            stage: ResetStage::parse(&stage)
                .ok_or_else(|| StoreError::Corrupt(format!("reset session stage {stage:?}")))?,
            lock_epoch: u32::try_from(r.col::<i64>("lock_epoch")?).unwrap_or(u32::MAX),
            transaction_id: r
                .col::<Option<String>>("transaction_id")?
                .map(TransactionId::new),
            source: r.col("source")?,
            created_at: Timestamp(r.col("created_at")?),
            last_seen: Timestamp(r.col("last_seen")?),
        }))
    }
}

struct DrawRow(Option<StoredDraw>);

impl Record for DrawRow {
    fn read(r: &impl Cols) -> Result<Self, StoreError> {
        let epoch = u32::try_from(r.col::<i64>("lock_epoch")?).unwrap_or(u32::MAX);
        // A list that does not parse is as good as none: a new draw replaces it.
        Ok(DrawRow(StoredDraw::parse(
            &r.col::<String>("question_ids")?,
            epoch,
        )))
    }
}

struct LockoutRow(LockoutState);

impl Record for LockoutRow {
    fn read(r: &impl Cols) -> Result<Self, StoreError> {
        Ok(LockoutRow(lockout_of(r)?))
    }
}

struct Count(i64);

impl Record for Count {
    fn read(r: &impl Cols) -> Result<Self, StoreError> {
        Ok(Count(r.col("hits")?))
    }
}

impl Db {
    async fn kept_draw(&self, name_key: &str) -> Result<Option<(String, i64)>, StoreError> {
        struct Raw(String, i64);
        impl Record for Raw {
            fn read(r: &impl Cols) -> Result<Self, StoreError> {
                Ok(Raw(r.col("question_ids")?, r.col("lock_epoch")?))
            }
        }
        Ok(self
            .fetch_record::<Raw>(
                DRAW,
                "SELECT question_ids, lock_epoch FROM challenge_draws WHERE name_key = $1",
                params![name_key],
            )
            .await?
            .map(|r| (r.0, r.1)))
    }
}

#[async_trait]
impl PasswordResetRepo for Db {
    async fn create_reset_session(
        &self,
        s: &ResetSession,
        audit: &AuditEvent,
    ) -> Result<(), StoreError> {
        let mut db_tx = self.begin_audited().await?;
        sqlx::query(
            "INSERT INTO reset_sessions (id_hash, name_key, username, csrf_token, stage, lock_epoch, transaction_id, source, created_at, last_seen)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(s.id_hash.clone())
        .bind(s.name_key.clone())
        .bind(s.username.clone())
        .bind(s.csrf_token.clone())
        .bind(s.stage.key())
        .bind(i64::from(s.lock_epoch))
        .bind(s.transaction_id.as_ref().map(|t| t.as_str().to_owned()))
        .bind(s.source.clone())
        .bind(s.created_at.as_millis())
        .bind(s.last_seen.as_millis())
        .execute(&mut *db_tx)
        .await
        .map_err(map_err(SESSION))?;
        db_tx.append(audit).await?;
        db_tx.commit(SESSION).await.map(|_| ())
    }

    async fn touch_reset_session(
        &self,
        id_hash: &str,
        now: Timestamp,
    ) -> Result<Option<ResetSession>, StoreError> {
        let row = self.fetch_written::<SessionRow>(
            SESSION,
            "UPDATE reset_sessions SET last_seen = $1 WHERE id_hash = $2 AND last_seen > $3 AND created_at > $4
             RETURNING id_hash, name_key, username, csrf_token, stage, lock_epoch, transaction_id, source, created_at, last_seen",
            params![
                now.as_millis(),
                id_hash,
                ResetSession::idle_cutoff(now).as_millis(),
                ResetSession::created_cutoff(now).as_millis()
            ],
        )
        .await?;
        Ok(row.map(|r| r.0))
    }

    async fn advance_reset_session(
        &self,
        id_hash: &str,
        from: ResetStage,
        to: ResetStage,
        transaction: Option<&TransactionId>,
    ) -> Result<bool, StoreError> {
        let n = self
            .execute_one(
                SESSION,
                "UPDATE reset_sessions SET stage = $1, transaction_id = COALESCE($2, transaction_id) WHERE id_hash = $3 AND stage = $4",
                params![to.key(), transaction.map(TransactionId::as_str), id_hash, from.key()],
            )
            .await?;
        Ok(n == 1)
    }

    async fn end_reset_session(&self, id_hash: &str) -> Result<bool, StoreError> {
        let n = self
            .execute_one(
                SESSION,
                "DELETE FROM reset_sessions WHERE id_hash = $1",
                params![id_hash],
            )
            .await?;
        Ok(n == 1)
    }

    async fn challenge_draw(&self, name_key: &str) -> Result<Option<StoredDraw>, StoreError> {
        Ok(self
            .fetch_record::<DrawRow>(
                DRAW,
                "SELECT question_ids, lock_epoch FROM challenge_draws WHERE name_key = $1",
                params![name_key],
            )
            .await?
            .and_then(|d| d.0))
    }

    async fn keep_challenge_draw(
        &self,
        name_key: &str,
        draw: &StoredDraw,
        replacing: Option<&StoredDraw>,
        now: Timestamp,
    ) -> Result<StoredDraw, StoreError> {
        let epoch = i64::from(draw.lock_epoch);
        match replacing {
            None => {
                self.execute_one(
                    DRAW,
                    "INSERT INTO challenge_draws (name_key, question_ids, lock_epoch, created_at) VALUES ($1, $2, $3, $4)
                     ON CONFLICT (name_key) DO NOTHING",
                    params![name_key, draw.render(), epoch, now.as_millis()],
                )
                .await?;
            }
            Some(old) => {
                self.execute_one(
                    DRAW,
                    "UPDATE challenge_draws SET question_ids = $1, lock_epoch = $2, created_at = $3
                     WHERE name_key = $4 AND question_ids = $5 AND lock_epoch = $6",
                    params![
                        draw.render(),
                        epoch,
                        now.as_millis(),
                        name_key,
                        old.render(),
                        i64::from(old.lock_epoch)
                    ],
                )
                .await?;
            }
        }
        // Whatever is kept now: ours, or the one another request kept first. A row that does
        // not parse (written by hand) is replaced by ours.
        match self.kept_draw(name_key).await? {
            Some((ids, e)) => match StoredDraw::parse(&ids, u32::try_from(e).unwrap_or(u32::MAX)) {
                Some(kept) => Ok(kept),
                None => {
                    self.execute_one(
                        DRAW,
                        "UPDATE challenge_draws SET question_ids = $1, lock_epoch = $2, created_at = $3 WHERE name_key = $4 AND question_ids = $5",
                        params![draw.render(), epoch, now.as_millis(), name_key, ids],
                    )
                    .await?;
                    Ok(draw.clone())
                }
            },
            None => Err(StoreError::Corrupt(format!(
                "{DRAW} vanished while it was kept"
            ))),
        }
    }

    async fn forget_challenge_draw(&self, name_key: &str) -> Result<(), StoreError> {
        self.execute_one(
            DRAW,
            "DELETE FROM challenge_draws WHERE name_key = $1",
            params![name_key],
        )
        .await?;
        Ok(())
    }

    async fn name_lockout(&self, name_key: &str) -> Result<LockoutState, StoreError> {
        Ok(self
            .fetch_record::<LockoutRow>(NAME_LOCKOUT.what, NAME_LOCKOUT.read, params![name_key])
            .await?
            .map(|r| r.0)
            .unwrap_or_default())
    }

    async fn change_name_lockout(
        &self,
        name_key: &str,
        change: LockoutChange,
    ) -> Result<Applied, StoreError> {
        let what = NAME_LOCKOUT.what;
        let mut db_tx = self.begin_unaudited().await?;
        let applied = change_keyed_lockout(
            &mut SqlxDbTx { db_tx: &mut db_tx },
            &NAME_LOCKOUT,
            Param::from(name_key),
            change,
        )
        .await?;
        db_tx.commit(what).await?;
        Ok(applied)
    }

    async fn hit_rate_window(
        &self,
        key: &str,
        window: Duration,
        now: Timestamp,
    ) -> Result<u32, StoreError> {
        let len = i64::try_from(window.as_millis()).unwrap_or(i64::MAX).max(1);
        let start = now.as_millis() - now.as_millis().rem_euclid(len);
        // A node whose clock lags counts into the newer window rather than restarting it.
        let hits = self.fetch_written::<Count>(
            RATE,
            "INSERT INTO rate_windows (key, window_start, hits) VALUES ($1, $2, 1)
             ON CONFLICT (key) DO UPDATE SET
               hits = CASE WHEN rate_windows.window_start >= excluded.window_start THEN rate_windows.hits + 1 ELSE 1 END,
               window_start = CASE WHEN rate_windows.window_start >= excluded.window_start THEN rate_windows.window_start ELSE excluded.window_start END
             RETURNING hits",
            params![key, start],
        )
        .await?
        .ok_or_else(|| StoreError::Corrupt(format!("{RATE} returned nothing")))?;
        Ok(u32::try_from(hits.0).unwrap_or(u32::MAX))
    }

    async fn purge_reset_state(&self, now: Timestamp) -> Result<u64, StoreError> {
        let mut n = self
            .execute_one(
                SESSION,
                "DELETE FROM reset_sessions WHERE last_seen <= $1 OR created_at <= $2",
                params![
                    ResetSession::idle_cutoff(now).as_millis(),
                    ResetSession::created_cutoff(now).as_millis()
                ],
            )
            .await?;
        n += self
            .execute_one(
                DRAW,
                "DELETE FROM challenge_draws WHERE created_at <= $1",
                params![now.minus(DRAW_KEPT).as_millis()],
            )
            .await?;
        let old = now.minus(COUNTERS_KEPT).as_millis();
        n += self
            .execute_one(
                RATE,
                "DELETE FROM rate_windows WHERE window_start <= $1",
                params![old],
            )
            .await?;
        n += self
            .execute_one(
                NAME_LOCKOUT.what,
                "DELETE FROM name_lockouts WHERE (locked_until IS NULL OR locked_until <= $1) AND (last_failure IS NULL OR last_failure <= $2)",
                params![now.as_millis(), old],
            )
            .await?;
        Ok(n)
    }
}
