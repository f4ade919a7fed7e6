//! The security questions offered for enrollment.

use crate::{Db, bool_int, lower_key, map_err};
use async_trait::async_trait;
use regain_core::audit::AuditEvent;
use regain_core::ids::QuestionId;
use regain_core::ports::{QuestionRepo, StoreError};
use regain_core::questions::SecurityQuestion;
use sqlx::Row;

#[async_trait]
impl QuestionRepo for Db {
    async fn add_question(
        &self,
        text: &str,
        mandatory: bool,
        audit: &AuditEvent,
    ) -> Result<SecurityQuestion, StoreError> {
        let mut db_tx = self.begin_audited().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO security_questions (text, text_key, mandatory) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(text.to_owned())
        .bind(lower_key(text))
        .bind(bool_int(mandatory))
        .fetch_one(&mut *db_tx)
        .await
        .map_err(map_err("security question"))?;
        db_tx.append(audit).await?;
        db_tx.commit("security question").await?;
        Ok(SecurityQuestion {
            id: QuestionId(id),
            text: text.to_owned(),
            mandatory,
        })
    }

    async fn list_questions(&self) -> Result<Vec<SecurityQuestion>, StoreError> {
        let rows = sqlx::query("SELECT id, text, mandatory FROM security_questions ORDER BY id")
            .fetch_all(self.pool())
            .await
            .map_err(map_err("security questions"))?;
        rows.iter()
            .map(|r| {
                let m = map_err("security question");
                let mandatory: i64 = r.try_get("mandatory").map_err(&m)?;
                Ok(SecurityQuestion {
                    id: QuestionId(r.try_get("id").map_err(&m)?),
                    text: r.try_get("text").map_err(&m)?,
                    mandatory: mandatory != 0,
                })
            })
            .collect()
    }

    async fn update_question(
        &self,
        q: &SecurityQuestion,
        audit: &AuditEvent,
    ) -> Result<(), StoreError> {
        let query = sqlx::query(
            "UPDATE security_questions SET text = $1, text_key = $2, mandatory = $3 WHERE id = $4",
        )
        .bind(q.text.clone())
        .bind(lower_key(&q.text))
        .bind(bool_int(q.mandatory))
        .bind(q.id.0);
        self.audited_change(query, &format!("security question {}", q.id), audit)
            .await
    }

    async fn delete_question(&self, id: QuestionId, audit: &AuditEvent) -> Result<(), StoreError> {
        let q = sqlx::query("DELETE FROM security_questions WHERE id = $1").bind(id.0);
        self.audited_change(q, &format!("security question {id}"), audit)
            .await
    }
}
