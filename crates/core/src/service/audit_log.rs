//! Reading and verifying the audit log, for administrators allowed to.

use super::{Caller, ServiceError, Services};
use crate::admin::Permission;
use crate::audit::AuditAction;
use crate::audit::{AuditFilter, AuditRecord, ChainBreak, verify_store};
use crate::ports::Page;

impl Services {
    pub async fn read_audit(
        &self,
        caller: &Caller,
        filter: &AuditFilter,
    ) -> Result<Page<AuditRecord>, ServiceError> {
        self.authorize(caller, Permission::ReadAuditLog, AuditAction::AuditRead, "")
            .await?;
        Ok(self.store.list_audit(filter).await?)
    }

    /// How many records the chains hold (their heads' positions): what a full verification
    /// would walk.
    pub async fn audit_record_count(&self, caller: &Caller) -> Result<u64, ServiceError> {
        self.authorize(caller, Permission::ReadAuditLog, AuditAction::AuditRead, "")
            .await?;
        let heads = self.store.audit_heads().await?;
        Ok(heads
            .iter()
            .map(|h| u64::try_from(h.seq).unwrap_or(0))
            .sum())
    }

    /// Walks every chain: `Ok(n)` records verified, or the first break.
    pub async fn verify_audit(
        &self,
        caller: &Caller,
    ) -> Result<Result<u64, ChainBreak>, ServiceError> {
        self.authorize(
            caller,
            Permission::ReadAuditLog,
            AuditAction::AuditVerify,
            "",
        )
        .await?;
        Ok(verify_store(self.store.as_ref(), self.audit_mac.as_ref()).await?)
    }
}
