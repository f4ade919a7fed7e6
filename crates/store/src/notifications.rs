//! Subscriptions, the outbox and users' contact details.

use crate::{Db, map_err};
use async_trait::async_trait;
use regain_core::audit::AuditEvent;
use regain_core::ids::{NodeId, UserId};
use regain_core::notifications::{
    Channel, Contact, NewSubscription, NoticeEvent, NotificationRepo, OutboxCounts, OutboxEntry,
    OutboxState, Subscription, Trigger,
};
use regain_core::ports::StoreError;
use regain_core::time::Timestamp;
use sqlx::Row;
use sqlx::any::AnyRow;
use std::time::Duration;

const WHAT: &str = "notifications";
const OUTBOX_COLUMNS: &str = "id, event, channel, address, username, language, facts, state, attempts, created_at, next_at, last_error, sent_at";

fn subscription_of(r: &AnyRow, by_key: &[(String, String)]) -> Result<Subscription, StoreError> {
    let m = map_err(WHAT);
    let event: String = r.try_get("event").map_err(&m)?;
    let channel: String = r.try_get("channel").map_err(&m)?;
    let key: String = r.try_get("username_key").map_err(&m)?;
    Ok(Subscription {
        id: r.try_get("id").map_err(&m)?,
        event: NoticeEvent::parse(&event)
            .ok_or_else(|| StoreError::Corrupt(format!("subscription event {event:?}")))?,
        channel: Channel::parse(&channel).map_err(StoreError::Corrupt)?,
        address: r.try_get("address").map_err(&m)?,
        username: (!key.is_empty()).then(|| {
            by_key
                .iter()
                .find(|(k, _)| *k == key)
                .map_or(key.clone(), |(_, name)| name.clone())
        }),
        created_by: r.try_get("created_by").map_err(&m)?,
        created_at: Timestamp(r.try_get("created_at").map_err(&m)?),
    })
}

fn entry_of(r: &AnyRow) -> Result<OutboxEntry, StoreError> {
    let m = map_err("notification outbox");
    let event: String = r.try_get("event").map_err(&m)?;
    let channel: String = r.try_get("channel").map_err(&m)?;
    let state: String = r.try_get("state").map_err(&m)?;
    let facts: String = r.try_get("facts").map_err(&m)?;
    let facts: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&facts).unwrap_or_default();
    let attempts: i64 = r.try_get("attempts").map_err(&m)?;
    Ok(OutboxEntry {
        id: r.try_get("id").map_err(&m)?,
        event: NoticeEvent::parse(&event)
            .ok_or_else(|| StoreError::Corrupt(format!("notice event {event:?}")))?,
        channel: Channel::parse(&channel).map_err(StoreError::Corrupt)?,
        address: r.try_get("address").map_err(&m)?,
        username: r.try_get("username").map_err(&m)?,
        language: r.try_get("language").map_err(&m)?,
        facts: facts
            .into_iter()
            .filter_map(|(k, v)| v.as_str().map(|v| (k, v.to_owned())))
            .collect(),
        state: OutboxState::parse(&state)
            .ok_or_else(|| StoreError::Corrupt(format!("notice state {state:?}")))?,
        attempts: u32::try_from(attempts).unwrap_or(u32::MAX),
        created_at: Timestamp(r.try_get("created_at").map_err(&m)?),
        next_attempt_at: Timestamp(r.try_get("next_at").map_err(&m)?),
        last_error: r.try_get("last_error").map_err(&m)?,
        sent_at: r
            .try_get::<Option<i64>, _>("sent_at")
            .map_err(&m)?
            .map(Timestamp),
    })
}

fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

#[async_trait]
impl NotificationRepo for Db {
    async fn subscriptions(&self) -> Result<Vec<Subscription>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, event, channel, address, username_key, created_by, created_at
             FROM notification_subscriptions ORDER BY event, username_key, address, id",
        )
        .fetch_all(self.pool())
        .await
        .map_err(map_err(WHAT))?;
        // Subscriptions keep the key; the console shows the user's name as written.
        let names = sqlx::query(
            "SELECT DISTINCT u.username_key, u.username FROM users u
             JOIN notification_subscriptions s ON s.username_key = u.username_key",
        )
        .fetch_all(self.pool())
        .await
        .map_err(map_err(WHAT))?
        .iter()
        .map(|r| {
            Ok((
                r.try_get("username_key").map_err(map_err(WHAT))?,
                r.try_get("username").map_err(map_err(WHAT))?,
            ))
        })
        .collect::<Result<Vec<(String, String)>, StoreError>>()?;
        rows.iter().map(|r| subscription_of(r, &names)).collect()
    }

    async fn add_subscription(
        &self,
        s: &NewSubscription,
        created_by: &str,
        audit: &AuditEvent,
    ) -> Result<Subscription, StoreError> {
        let mut db_tx = self.begin_audited().await?;
        let key = s
            .username
            .as_deref()
            .map(str::to_lowercase)
            .unwrap_or_default();
        let count: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM notification_subscriptions WHERE event = $1")
                .bind(s.event.key())
                .fetch_one(&mut *db_tx)
                .await
                .map_err(map_err(WHAT))?;
        if usize::try_from(count).unwrap_or(usize::MAX) >= regain_core::notifications::MAX_PER_EVENT
        {
            return Err(StoreError::Conflict(format!(
                "subscriptions to {} (at most {} per event)",
                s.event.key(),
                regain_core::notifications::MAX_PER_EVENT
            )));
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO notification_subscriptions (event, channel, address, username_key, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(s.event.key())
        .bind(s.channel.key())
        .bind(s.address.clone())
        .bind(key)
        .bind(created_by.to_owned())
        .bind(audit.at.as_millis())
        .fetch_one(&mut *db_tx)
        .await
        .map_err(map_err("notification subscription"))?;
        db_tx.append(audit).await?;
        db_tx.commit(WHAT).await?;
        Ok(Subscription {
            id,
            event: s.event,
            channel: s.channel,
            address: s.address.clone(),
            username: s.username.clone(),
            created_by: created_by.to_owned(),
            created_at: audit.at,
        })
    }

    async fn delete_subscription(&self, id: i64, audit: &AuditEvent) -> Result<bool, StoreError> {
        let mut db_tx = self.begin_audited().await?;
        let gone = sqlx::query("DELETE FROM notification_subscriptions WHERE id = $1")
            .bind(id)
            .execute(&mut *db_tx)
            .await
            .map_err(map_err(WHAT))?
            .rows_affected();
        if gone == 0 {
            return Ok(false);
        }
        db_tx.append(audit).await?;
        db_tx.commit(WHAT).await?;
        Ok(true)
    }

    async fn enqueue_notice(&self, t: &Trigger, now: Timestamp) -> Result<u64, StoreError> {
        let (sql, params) = crate::notices::statement(t, now);
        Ok(crate::sql::bind(sqlx::query(sql), params)
            .execute(self.writer())
            .await
            .map_err(map_err("notification outbox"))?
            .rows_affected())
    }

    async fn enqueue_test(
        &self,
        channel: Channel,
        address: &str,
        now: Timestamp,
        audit: &AuditEvent,
    ) -> Result<i64, StoreError> {
        let mut db_tx = self.begin_audited().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO notification_outbox
             (event, channel, address, username, language, facts, state, attempts, created_at, next_at)
             VALUES ($1, $2, $3, $4, NULL, '{}', 'pending', 0, $5, $5) RETURNING id",
        )
        .bind(NoticeEvent::Test.key())
        .bind(channel.key())
        .bind(address.to_owned())
        .bind(audit.actor.clone())
        .bind(now.as_millis())
        .fetch_one(&mut *db_tx)
        .await
        .map_err(map_err("notification outbox"))?;
        db_tx.append(audit).await?;
        db_tx.commit(WHAT).await?;
        Ok(id)
    }

    async fn claim_notices(
        &self,
        node: &NodeId,
        now: Timestamp,
        lease: Duration,
        limit: u32,
    ) -> Result<Vec<OutboxEntry>, StoreError> {
        // The conditions stand both in the inner choice and on the row itself: on PostgreSQL a
        // worker that waited for another's claim re-checks the row as that claim left it, and
        // skips it; so a notice is claimed by one worker at a time.
        const DUE: &str =
            "state = 'pending' AND next_at <= $3 AND (claim_until IS NULL OR claim_until < $3)";
        let sql = format!(
            "UPDATE notification_outbox SET claimed_by = $1, claim_until = $2, attempts = attempts + 1
             WHERE {DUE} AND id IN (SELECT id FROM notification_outbox WHERE {DUE} ORDER BY id LIMIT $4)
             RETURNING {OUTBOX_COLUMNS}"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(node.as_str().to_owned())
            .bind(now.as_millis().saturating_add(millis(lease)))
            .bind(now.as_millis())
            .bind(i64::from(limit))
            .fetch_all(self.writer())
            .await
            .map_err(map_err("notification outbox"))?;
        let mut claimed = rows.iter().map(entry_of).collect::<Result<Vec<_>, _>>()?;
        claimed.sort_by_key(|e| e.id);
        Ok(claimed)
    }

    async fn notice_sent(
        &self,
        id: i64,
        node: &NodeId,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        Ok(sqlx::query(
            "UPDATE notification_outbox SET state = 'sent', sent_at = $1, last_error = NULL, claimed_by = NULL, claim_until = NULL
             WHERE id = $2 AND claimed_by = $3 AND state = 'pending'",
        )
        .bind(now.as_millis())
        .bind(id)
        .bind(node.as_str().to_owned())
        .execute(self.writer())
        .await
        .map_err(map_err("notification outbox"))?
        .rows_affected()
            == 1)
    }

    async fn notice_failed(
        &self,
        id: i64,
        node: &NodeId,
        error: &str,
        retry_at: Option<Timestamp>,
        audit: &AuditEvent,
    ) -> Result<bool, StoreError> {
        let Some(at) = retry_at else {
            let mut db_tx = self.begin_audited().await?;
            let changed = sqlx::query(
                "UPDATE notification_outbox SET state = 'failed', last_error = $1, claimed_by = NULL, claim_until = NULL
                 WHERE id = $2 AND claimed_by = $3 AND state = 'pending'",
            )
            .bind(error.to_owned())
            .bind(id)
            .bind(node.as_str().to_owned())
            .execute(&mut *db_tx)
            .await
            .map_err(map_err("notification outbox"))?
            .rows_affected();
            if changed == 0 {
                return Ok(false);
            }
            db_tx.append(audit).await?;
            db_tx.commit(WHAT).await?;
            return Ok(true);
        };
        Ok(sqlx::query(
            "UPDATE notification_outbox SET next_at = $1, last_error = $2, claimed_by = NULL, claim_until = NULL
             WHERE id = $3 AND claimed_by = $4 AND state = 'pending'",
        )
        .bind(at.as_millis())
        .bind(error.to_owned())
        .bind(id)
        .bind(node.as_str().to_owned())
        .execute(self.writer())
        .await
        .map_err(map_err("notification outbox"))?
        .rows_affected()
            == 1)
    }

    async fn release_claims(&self, node: &NodeId) -> Result<u64, StoreError> {
        Ok(sqlx::query(
            "UPDATE notification_outbox SET claimed_by = NULL, claim_until = NULL
             WHERE claimed_by = $1 AND state = 'pending'",
        )
        .bind(node.as_str().to_owned())
        .execute(self.writer())
        .await
        .map_err(map_err("notification outbox"))?
        .rows_affected())
    }

    async fn outbox(
        &self,
        state: Option<OutboxState>,
        limit: u32,
    ) -> Result<Vec<OutboxEntry>, StoreError> {
        let sql = format!(
            "SELECT {OUTBOX_COLUMNS} FROM notification_outbox WHERE ($1 = '' OR state = $1) ORDER BY id DESC LIMIT $2"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(state.map(OutboxState::key).unwrap_or_default())
            .bind(i64::from(limit.min(1000)))
            .fetch_all(self.pool())
            .await
            .map_err(map_err("notification outbox"))?;
        rows.iter().map(entry_of).collect()
    }

    async fn outbox_counts(&self) -> Result<OutboxCounts, StoreError> {
        let rows =
            sqlx::query("SELECT state, COUNT(*) AS n FROM notification_outbox GROUP BY state")
                .fetch_all(self.pool())
                .await
                .map_err(map_err("notification outbox"))?;
        let mut c = OutboxCounts::default();
        for r in &rows {
            let state: String = r.try_get("state").map_err(map_err(WHAT))?;
            let n: i64 = r.try_get("n").map_err(map_err(WHAT))?;
            let n = u64::try_from(n).unwrap_or_default();
            match OutboxState::parse(&state) {
                Some(OutboxState::Pending) => c.pending = n,
                Some(OutboxState::Sent) => c.sent = n,
                Some(OutboxState::Failed) => c.failed = n,
                None => {}
            }
        }
        Ok(c)
    }

    async fn purge_notices(
        &self,
        sent_before: Timestamp,
        failed_before: Timestamp,
    ) -> Result<u64, StoreError> {
        Ok(sqlx::query(
            "DELETE FROM notification_outbox
             WHERE (state = 'sent' AND sent_at < $1) OR (state = 'failed' AND created_at < $2)",
        )
        .bind(sent_before.as_millis())
        .bind(failed_before.as_millis())
        .execute(self.writer())
        .await
        .map_err(map_err("notification outbox"))?
        .rows_affected())
    }

    async fn contact(&self, user: UserId) -> Result<Contact, StoreError> {
        let row = sqlx::query("SELECT email, language FROM user_contacts WHERE user_id = $1")
            .bind(user.0)
            .fetch_optional(self.pool())
            .await
            .map_err(map_err("user contact"))?;
        row.map_or(Ok(Contact::default()), |r| {
            Ok(Contact {
                email: r.try_get("email").map_err(map_err("user contact"))?,
                language: r.try_get("language").map_err(map_err("user contact"))?,
            })
        })
    }

    async fn set_contact_email(
        &self,
        user: UserId,
        email: Option<&str>,
        audit: &AuditEvent,
    ) -> Result<(), StoreError> {
        let mut db_tx = self.begin_audited().await?;
        sqlx::query(
            "INSERT INTO user_contacts (user_id, email, language) VALUES ($1, $2, NULL)
             ON CONFLICT (user_id) DO UPDATE SET email = excluded.email",
        )
        .bind(user.0)
        .bind(email.map(str::to_owned))
        .execute(&mut *db_tx)
        .await
        .map_err(map_err("user contact"))?;
        db_tx.append(audit).await?;
        db_tx.commit("user contact").await.map(|_| ())
    }

    async fn set_contact_language(&self, user: UserId, language: &str) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO user_contacts (user_id, email, language) VALUES ($1, NULL, $2)
             ON CONFLICT (user_id) DO UPDATE SET language = excluded.language",
        )
        .bind(user.0)
        .bind(language.to_owned())
        .execute(self.writer())
        .await
        .map_err(map_err("user contact"))?;
        Ok(())
    }
}
