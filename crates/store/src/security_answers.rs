//! Security answers (hashes only) and whether a user enrolled them or declined to.

use crate::{Db, map_err};
use async_trait::async_trait;
use regain_core::audit::AuditEvent;
use regain_core::ids::{QuestionId, UserId};
use regain_core::ports::{AnswerEnrollment, SecurityAnswerRepo, StoreError};
use regain_core::time::Timestamp;
use sqlx::Row;

const WHAT: &str = "security answers";

#[async_trait]
impl SecurityAnswerRepo for Db {
    async fn security_answers(
        &self,
        user: UserId,
    ) -> Result<Vec<(QuestionId, String)>, StoreError> {
        let rows = sqlx::query(
            "SELECT question_id, answer_hash FROM security_answers WHERE user_id = $1 ORDER BY question_id",
        )
        .bind(user.0)
        .fetch_all(self.pool())
        .await
        .map_err(map_err(WHAT))?;
        rows.iter()
            .map(|r| {
                let m = map_err(WHAT);
                Ok((
                    QuestionId(r.try_get("question_id").map_err(&m)?),
                    r.try_get("answer_hash").map_err(&m)?,
                ))
            })
            .collect()
    }

    async fn answer_enrollment(&self, user: UserId) -> Result<AnswerEnrollment, StoreError> {
        let row = sqlx::query(
            "SELECT e.enrolled_at, e.declined_at,
                    (SELECT COUNT(*) FROM security_answers a WHERE a.user_id = $1) AS answers
             FROM answer_enrollments e WHERE e.user_id = $1",
        )
        .bind(user.0)
        .fetch_optional(self.pool())
        .await
        .map_err(map_err(WHAT))?;
        let Some(r) = row else {
            return Ok(AnswerEnrollment::default());
        };
        let m = map_err(WHAT);
        let answers: i64 = r.try_get("answers").map_err(&m)?;
        Ok(AnswerEnrollment {
            enrolled_at: r
                .try_get::<Option<i64>, _>("enrolled_at")
                .map_err(&m)?
                .map(Timestamp),
            answers: u32::try_from(answers).unwrap_or(u32::MAX),
            declined_at: r
                .try_get::<Option<i64>, _>("declined_at")
                .map_err(&m)?
                .map(Timestamp),
        })
    }

    async fn replace_security_answers(
        &self,
        user: UserId,
        hashes: &[(QuestionId, String)],
        at: Timestamp,
        audit: &AuditEvent,
    ) -> Result<(), StoreError> {
        let mut db_tx = self.begin_audited().await?;
        sqlx::query("DELETE FROM security_answers WHERE user_id = $1")
            .bind(user.0)
            .execute(&mut *db_tx)
            .await
            .map_err(map_err(WHAT))?;
        for (q, hash) in hashes {
            sqlx::query(
                "INSERT INTO security_answers (user_id, question_id, answer_hash) VALUES ($1, $2, $3)",
            )
            .bind(user.0)
            .bind(q.0)
            .bind(hash.clone())
            .execute(&mut *db_tx)
            .await
            .map_err(map_err(WHAT))?;
        }
        sqlx::query(
            "INSERT INTO answer_enrollments (user_id, enrolled_at, declined_at) VALUES ($1, $2, NULL)
             ON CONFLICT (user_id) DO UPDATE SET enrolled_at = excluded.enrolled_at, declined_at = NULL",
        )
        .bind(user.0)
        .bind(at.as_millis())
        .execute(&mut *db_tx)
        .await
        .map_err(map_err(WHAT))?;
        db_tx.append(audit).await?;
        db_tx.commit(WHAT).await.map(|_| ())
    }

    async fn clear_security_answers(
        &self,
        user: UserId,
        audit: &AuditEvent,
    ) -> Result<bool, StoreError> {
        let mut db_tx = self.begin_audited().await?;
        let answers = sqlx::query("DELETE FROM security_answers WHERE user_id = $1")
            .bind(user.0)
            .execute(&mut *db_tx)
            .await
            .map_err(map_err(WHAT))?
            .rows_affected();
        let records = sqlx::query("DELETE FROM answer_enrollments WHERE user_id = $1")
            .bind(user.0)
            .execute(&mut *db_tx)
            .await
            .map_err(map_err(WHAT))?
            .rows_affected();
        if answers + records == 0 {
            return Ok(false);
        }
        db_tx.append(audit).await?;
        db_tx.commit(WHAT).await?;
        Ok(true)
    }

    async fn decline_answer_enrollment(
        &self,
        user: UserId,
        at: Timestamp,
        audit: &AuditEvent,
    ) -> Result<(), StoreError> {
        let mut db_tx = self.begin_audited().await?;
        sqlx::query(
            "INSERT INTO answer_enrollments (user_id, enrolled_at, declined_at) VALUES ($1, NULL, $2)
             ON CONFLICT (user_id) DO UPDATE SET declined_at = excluded.declined_at",
        )
        .bind(user.0)
        .bind(at.as_millis())
        .execute(&mut *db_tx)
        .await
        .map_err(map_err(WHAT))?;
        db_tx.append(audit).await?;
        db_tx.commit(WHAT).await.map(|_| ())
    }
}
