//! Push challenges. The per-user limit is checked in the INSERT itself and the answer is written
//! by one conditional UPDATE, so a push is decided exactly once on any node.

use crate::cols::Cols;
use crate::sql::{DbTx, LiteDbTx, Record, SqlxDbTx, params, run_now};
use crate::{Db, map_err};
use async_trait::async_trait;
use regain_core::audit::AuditEvent;
use regain_core::ids::UserId;
use regain_core::ids::{MethodId, PushId, TransactionId};
use regain_core::ports::{PushDecided, PushRepo, StoreError, TxDecision};
use regain_core::push::{PushChallenge, PushContext, PushState};
use regain_core::time::Timestamp;

macro_rules! columns {
    () => {
        "id, transaction_id, user_id, method_id, number, context, state, created_at, expires_at, answered_at"
    };
}
const COLUMNS: &str = columns!();
pub(crate) const PUSH_BY_ID: &str =
    concat!("SELECT ", columns!(), " FROM push_challenges WHERE id = $1");
pub(crate) const NEWEST_PUSH: &str = concat!(
    "SELECT ",
    columns!(),
    " FROM push_challenges WHERE transaction_id = $1 ORDER BY created_at DESC, id LIMIT 1"
);

impl Record for PushChallenge {
    fn read(r: &impl Cols) -> Result<Self, StoreError> {
        push_of(r)
    }
}

fn push_of(r: &impl Cols) -> Result<PushChallenge, StoreError> {
    let state: String = r.col("state")?;
    let context: String = r.col("context")?;
    let number: i64 = r.col("number")?;
    Ok(PushChallenge {
        id: regain_core::ids::PushId::new(r.col::<String>("id")?),
        transaction_id: regain_core::ids::TransactionId::new(r.col::<String>("transaction_id")?),
        user_id: UserId(r.col("user_id")?),
        method_id: regain_core::ids::MethodId::new(r.col::<String>("method_id")?),
        number: u32::try_from(number)
            .map_err(|_| StoreError::Corrupt(format!("push number {number}")))?,
        context: serde_json::from_str::<PushContext>(&context)
            .map_err(|e| StoreError::Corrupt(format!("push context: {e}")))?,
        state: PushState::parse(&state)
            .ok_or_else(|| StoreError::Corrupt(format!("push state {state:?}")))?,
        created_at: Timestamp(r.col("created_at")?),
        expires_at: Timestamp(r.col("expires_at")?),
        answered_at: r.col::<Option<i64>>("answered_at")?.map(Timestamp),
    })
}

/// A push by id, on the hot path's connection.
pub(crate) fn push_on(
    c: &rusqlite::Connection,
    id: &str,
) -> Result<Option<PushChallenge>, StoreError> {
    crate::engine::first_row(c, "push challenge", PUSH_BY_ID, [id], |r| push_of(r))
}

/// A transaction's newest push, on the hot path's connection.
pub(crate) fn newest_push_on(
    c: &rusqlite::Connection,
    transaction_id: &str,
) -> Result<Option<PushChallenge>, StoreError> {
    crate::engine::first_row(c, "push challenge", NEWEST_PUSH, [transaction_id], |r| {
        push_of(r)
    })
}

/// [`PushRepo::answer_push_deciding`]'s change: the answer (once, while pending) with its
/// record, then the transaction's decision with its own, if it is still open. Nothing is to
/// be kept when the push was no longer pending.
async fn answer_deciding(
    c: &mut impl DbTx,
    id: PushId,
    state: PushState,
    at: i64,
    audit: &AuditEvent,
    decision: Option<TxDecision>,
) -> Result<PushDecided, StoreError> {
    if c.execute("push challenge", ANSWER, params![state.key(), at, id])
        .await?
        != 1
    {
        return Ok(PushDecided::NotPending);
    }
    c.append_audit(audit).await?;
    let Some(d) = decision else {
        return Ok(PushDecided::AnsweredOnly);
    };
    let finish = params![d.state.key(), d.reason, at, d.transaction_id];
    if c.execute("transaction", crate::signin::FINISH, finish)
        .await?
        != 1
    {
        return Ok(PushDecided::AnsweredOnly);
    }
    if let Some(a) = &d.audit {
        c.append_audit(a).await?;
    }
    Ok(PushDecided::Decided)
}

#[async_trait]
impl PushRepo for Db {
    async fn add_push(
        &self,
        c: &PushChallenge,
        limit: u32,
        window_start: Timestamp,
    ) -> Result<bool, StoreError> {
        let context =
            serde_json::to_string(&c.context).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let r = sqlx::query(
            "INSERT INTO push_challenges (id, transaction_id, user_id, method_id, number, context, state, created_at, expires_at, answered_at)
             SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, NULL
             WHERE (SELECT COUNT(*) FROM push_challenges
                    WHERE user_id = $3 AND created_at > $10
                      AND created_at > COALESCE((SELECT MAX(answered_at) FROM push_challenges WHERE user_id = $3 AND state = 'approved'), 0)) < $11",
        )
        .bind(c.id.to_string())
        .bind(c.transaction_id.to_string())
        .bind(c.user_id.0)
        .bind(c.method_id.to_string())
        .bind(i64::from(c.number))
        .bind(context)
        .bind(c.state.key())
        .bind(c.created_at.as_millis())
        .bind(c.expires_at.as_millis())
        .bind(window_start.as_millis())
        .bind(i64::from(limit))
        .execute(self.writer())
        .await
        .map_err(map_err("push challenge"))?;
        Ok(r.rows_affected() == 1)
    }

    async fn push(&self, id: &PushId) -> Result<Option<PushChallenge>, StoreError> {
        self.fetch_record("push challenge", PUSH_BY_ID, params![id])
            .await
    }

    async fn push_of_transaction(
        &self,
        transaction_id: &TransactionId,
    ) -> Result<Option<PushChallenge>, StoreError> {
        self.fetch_record("push challenge", NEWEST_PUSH, params![transaction_id])
            .await
    }

    async fn pending_pushes(
        &self,
        method_id: &MethodId,
        now: Timestamp,
    ) -> Result<Vec<PushChallenge>, StoreError> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM push_challenges WHERE method_id = $1 AND state = 'pending' AND expires_at > $2 ORDER BY created_at"
        )))
        .bind(method_id.to_string())
        .bind(now.as_millis())
        .fetch_all(self.pool())
        .await
        .map_err(map_err("push challenges"))?
        .iter()
        .map(push_of)
        .collect()
    }

    async fn answer_push(
        &self,
        id: &PushId,
        state: PushState,
        now: Timestamp,
        audit: &AuditEvent,
    ) -> Result<bool, StoreError> {
        Ok(self
            .answer_push_deciding(id, state, now, audit, None)
            .await?
            != PushDecided::NotPending)
    }

    async fn answer_push_deciding(
        &self,
        id: &PushId,
        state: PushState,
        now: Timestamp,
        audit: &AuditEvent,
        decision: Option<&TxDecision>,
    ) -> Result<PushDecided, StoreError> {
        let (at, id, decision) = (now.as_millis(), id.to_owned(), decision.cloned());
        if let Some(e) = self.engine() {
            let audit = audit.clone();
            return e
                .write_or_undo(move |w| {
                    let r = run_now(answer_deciding(
                        &mut LiteDbTx(w),
                        id,
                        state,
                        at,
                        &audit,
                        decision,
                    ))?;
                    Ok((r, r != PushDecided::NotPending))
                })
                .await;
        }
        let mut db_tx = self.begin_audited().await?;
        let r = answer_deciding(
            &mut SqlxDbTx { db_tx: &mut db_tx },
            id,
            state,
            at,
            audit,
            decision,
        )
        .await?;
        // Not pending: nothing changed; dropping the transaction rolls back the chain lock.
        if r != PushDecided::NotPending {
            db_tx.commit("push challenge").await?;
        }
        Ok(r)
    }
}

/// Answers a push that is still pending (and unexpired, unless the answer is the expiry).
pub(crate) const ANSWER: &str = "UPDATE push_challenges SET state = $1, answered_at = $2
     WHERE id = $3 AND state = 'pending' AND (expires_at > $2 OR $1 = 'expired')";
