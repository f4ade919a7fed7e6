//! The security questions offered to users: add, edit, delete, mark mandatory.

use super::{Caller, ServiceError, Services};
use crate::admin::Permission;
use crate::audit::AuditAction;
use crate::audit::Outcome;
use crate::ids::QuestionId;
use crate::questions::{SecurityQuestion, validate_text};

impl Services {
    pub async fn list_questions(
        &self,
        caller: &Caller,
    ) -> Result<Vec<SecurityQuestion>, ServiceError> {
        self.authorize(
            caller,
            Permission::ManageSecurityQuestions,
            AuditAction::QuestionList,
            "",
        )
        .await?;
        Ok(self.store.list_questions().await?)
    }

    pub async fn add_question(
        &self,
        caller: &Caller,
        text: &str,
        mandatory: bool,
    ) -> Result<SecurityQuestion, ServiceError> {
        self.authorize(
            caller,
            Permission::ManageSecurityQuestions,
            AuditAction::QuestionAdd,
            text,
        )
        .await?;
        let text = validate_text(text).map_err(|m| ServiceError::invalid("text", m))?;
        let audit = self
            .event(caller, AuditAction::QuestionAdd, Outcome::Success)
            .target(&text)
            .detail("mandatory", mandatory.to_string());
        match self.store.add_question(&text, mandatory, &audit).await {
            Err(crate::ports::StoreError::Conflict(_)) => Err(ServiceError::AlreadyExists {
                what: "question",
                name: text,
            }),
            other => Ok(other?),
        }
    }

    pub async fn update_question(
        &self,
        caller: &Caller,
        id: QuestionId,
        text: &str,
        mandatory: bool,
    ) -> Result<(), ServiceError> {
        self.authorize(
            caller,
            Permission::ManageSecurityQuestions,
            AuditAction::QuestionUpdate,
            &id.to_string(),
        )
        .await?;
        let text = validate_text(text).map_err(|m| ServiceError::invalid("text", m))?;
        let q = SecurityQuestion {
            id,
            text: text.clone(),
            mandatory,
        };
        let audit = self
            .event(caller, AuditAction::QuestionUpdate, Outcome::Success)
            .target(&text)
            .detail("id", id.to_string())
            .detail("mandatory", mandatory.to_string());
        match self.store.update_question(&q, &audit).await {
            Err(crate::ports::StoreError::Conflict(_)) => Err(ServiceError::AlreadyExists {
                what: "question",
                name: text,
            }),
            Err(crate::ports::StoreError::NotFound(_)) => Err(ServiceError::NotFound {
                what: "question",
                name: id.to_string(),
            }),
            other => Ok(other?),
        }
    }

    pub async fn delete_question(
        &self,
        caller: &Caller,
        id: QuestionId,
    ) -> Result<(), ServiceError> {
        self.authorize(
            caller,
            Permission::ManageSecurityQuestions,
            AuditAction::QuestionDelete,
            &id.to_string(),
        )
        .await?;
        let audit = self
            .event(caller, AuditAction::QuestionDelete, Outcome::Success)
            .target(id.to_string());
        match self.store.delete_question(id, &audit).await {
            Err(crate::ports::StoreError::NotFound(_)) => Err(ServiceError::NotFound {
                what: "question",
                name: id.to_string(),
            }),
            other => Ok(other?),
        }
    }
}
