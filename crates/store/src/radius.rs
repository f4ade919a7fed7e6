//! Pending RADIUS challenges: a write on the password step, and one `DELETE … RETURNING` per
//! answer, so that exactly one answer takes a State whichever node it reaches.

use crate::cols::Cols;
use crate::sql::{Record, params};
use crate::{Db, bool_int};
use async_trait::async_trait;
use regain_core::ids::TransactionId;
use regain_core::ports::{RadiusChallengeRepo, StoreError};
use regain_core::radius::PendingChallenge;
use regain_core::time::Timestamp;

const WHAT: &str = "radius challenge";

impl Record for PendingChallenge {
    fn read(r: &impl Cols) -> Result<Self, StoreError> {
        Ok(PendingChallenge {
            transaction: TransactionId::new(r.col::<String>("transaction_id")?),
            client: r.col("client")?,
            username: r.col("username")?,
            sms_sent: r.col::<i64>("sms_sent")? != 0,
            push_sent: r.col::<i64>("push_sent")? != 0,
            expires_at: Timestamp(r.col("expires_at")?),
        })
    }
}

#[async_trait]
impl RadiusChallengeRepo for Db {
    async fn put_challenge(
        &self,
        state_hash: &str,
        c: &PendingChallenge,
    ) -> Result<(), StoreError> {
        self.execute_one(
            WHAT,
            "INSERT INTO radius_challenges (state_hash, transaction_id, client, username, sms_sent, push_sent, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
            params![
                state_hash,
                &c.transaction,
                c.client.clone(),
                c.username.clone(),
                bool_int(c.sms_sent),
                bool_int(c.push_sent),
                c.expires_at.as_millis()
            ],
        )
        .await?;
        Ok(())
    }

    async fn take_challenge(
        &self,
        state_hash: &str,
        now: Timestamp,
    ) -> Result<Option<PendingChallenge>, StoreError> {
        let taken: Option<PendingChallenge> = self
            .fetch_written(
                WHAT,
                "DELETE FROM radius_challenges WHERE state_hash = $1
                 RETURNING transaction_id, client, username, sms_sent, push_sent, expires_at",
                params![state_hash],
            )
            .await?;
        // An expired one is gone all the same.
        Ok(taken.filter(|c| c.expires_at > now))
    }

    async fn purge_challenges(&self, now: Timestamp) -> Result<u64, StoreError> {
        self.execute_one(
            WHAT,
            "DELETE FROM radius_challenges WHERE expires_at <= $1",
            params![now.as_millis()],
        )
        .await
    }
}
