//! The directory, timed: a decorator around whichever [`Directory`] is configured that observes
//! each call's duration and counts its errors by kind, then answers exactly as the inner one.

use super::Metrics;
use async_trait::async_trait;
use regain_core::directory::{
    AccountState, AuthOutcome, Directory, DirectoryError, DirectoryUser, Provisioning,
    ResetFailure, ResetPath,
};
use regain_core::logon_hours::LogonHours;
use secrecy::SecretString;
use std::sync::Arc;
use std::time::Instant;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DirectoryOp {
    Authenticate,
    Account,
    AdminReset,
    ChangePassword,
    Unlock,
    SelfServiceReset,
    CompleteReset,
    ListUsers,
    Create,
    Delete,
    SetDisabled,
    SetLogonHours,
}

impl DirectoryOp {
    pub const ALL: [DirectoryOp; 12] = [
        DirectoryOp::Authenticate,
        DirectoryOp::Account,
        DirectoryOp::AdminReset,
        DirectoryOp::ChangePassword,
        DirectoryOp::Unlock,
        DirectoryOp::SelfServiceReset,
        DirectoryOp::CompleteReset,
        DirectoryOp::ListUsers,
        DirectoryOp::Create,
        DirectoryOp::Delete,
        DirectoryOp::SetDisabled,
        DirectoryOp::SetLogonHours,
    ];

    pub fn key(self) -> &'static str {
        match self {
            DirectoryOp::Authenticate => "authenticate",
            DirectoryOp::Account => "account",
            DirectoryOp::AdminReset => "admin_reset",
            DirectoryOp::ChangePassword => "change_password",
            DirectoryOp::Unlock => "unlock",
            DirectoryOp::SelfServiceReset => "self_service_reset",
            DirectoryOp::CompleteReset => "complete_reset",
            DirectoryOp::ListUsers => "list_users",
            DirectoryOp::Create => "create",
            DirectoryOp::Delete => "delete",
            DirectoryOp::SetDisabled => "set_disabled",
            DirectoryOp::SetLogonHours => "set_logon_hours",
        }
    }
}

impl Metrics {
    /// One directory call of `op` that took `started.elapsed()`, failed with `error` if set.
    pub fn directory_call(
        &self,
        op: DirectoryOp,
        started: Instant,
        error: Option<&DirectoryError>,
    ) {
        let o = op as usize;
        self.directory_seconds_cells
            .get(o, || self.directory_seconds.with_label_values(&[op.key()]))
            .observe(started.elapsed().as_secs_f64());
        if let Some(e) = error {
            let i = o * DirectoryError::KEYS.len() + e.index();
            self.directory_error_cells
                .get(i, || {
                    self.directory_errors
                        .with_label_values(&[op.key(), e.key()])
                })
                .inc();
        }
    }
}

pub struct MeasuredDirectory {
    inner: Arc<dyn Directory>,
    metrics: Arc<Metrics>,
}

impl MeasuredDirectory {
    pub fn new(inner: Arc<dyn Directory>, metrics: Arc<Metrics>) -> MeasuredDirectory {
        MeasuredDirectory { inner, metrics }
    }

    fn seen<T>(
        &self,
        op: DirectoryOp,
        started: Instant,
        r: Result<T, DirectoryError>,
    ) -> Result<T, DirectoryError> {
        self.metrics.directory_call(op, started, r.as_ref().err());
        r
    }

    fn provisioner(&self) -> Result<&dyn Provisioning, DirectoryError> {
        self.inner
            .provisioning()
            .ok_or(DirectoryError::Unsupported("managing accounts"))
    }
}

#[async_trait]
impl Directory for MeasuredDirectory {
    fn kind(&self) -> &'static str {
        self.inner.kind()
    }

    async fn authenticate(
        &self,
        username: &str,
        password: &SecretString,
    ) -> Result<AuthOutcome, DirectoryError> {
        let t = Instant::now();
        let r = self.inner.authenticate(username, password).await;
        self.seen(DirectoryOp::Authenticate, t, r)
    }

    async fn account(&self, username: &str) -> Result<Option<AccountState>, DirectoryError> {
        let t = Instant::now();
        let r = self.inner.account(username).await;
        self.seen(DirectoryOp::Account, t, r)
    }

    async fn admin_reset(
        &self,
        username: &str,
        new_password: &SecretString,
        must_change: bool,
    ) -> Result<(), DirectoryError> {
        let t = Instant::now();
        let r = self
            .inner
            .admin_reset(username, new_password, must_change)
            .await;
        self.seen(DirectoryOp::AdminReset, t, r)
    }

    async fn change_password(
        &self,
        username: &str,
        old_password: &SecretString,
        new_password: &SecretString,
    ) -> Result<(), DirectoryError> {
        let t = Instant::now();
        let r = self
            .inner
            .change_password(username, old_password, new_password)
            .await;
        self.seen(DirectoryOp::ChangePassword, t, r)
    }

    async fn unlock(&self, username: &str) -> Result<(), DirectoryError> {
        let t = Instant::now();
        let r = self.inner.unlock(username).await;
        self.seen(DirectoryOp::Unlock, t, r)
    }

    async fn self_service_reset(
        &self,
        username: &str,
        new_password: &SecretString,
        stored: Option<&SecretString>,
    ) -> Result<ResetPath, ResetFailure> {
        let t = Instant::now();
        let r = self
            .inner
            .self_service_reset(username, new_password, stored)
            .await;
        self.metrics.directory_call(
            DirectoryOp::SelfServiceReset,
            t,
            r.as_ref().err().map(|f| &f.error),
        );
        r
    }

    async fn complete_reset(
        &self,
        username: &str,
        temporary: &SecretString,
        new_password: &SecretString,
    ) -> Result<(), DirectoryError> {
        let t = Instant::now();
        let r = self
            .inner
            .complete_reset(username, temporary, new_password)
            .await;
        self.seen(DirectoryOp::CompleteReset, t, r)
    }

    /// Not measured: no directory round trip (the embedded directory's own hash, or `None`).
    async fn is_current_password(
        &self,
        username: &str,
        candidate: &SecretString,
    ) -> Result<Option<bool>, DirectoryError> {
        self.inner.is_current_password(username, candidate).await
    }

    fn remembers_passwords(&self) -> bool {
        self.inner.remembers_passwords()
    }

    async fn list_users(&self) -> Result<Vec<DirectoryUser>, DirectoryError> {
        let t = Instant::now();
        let r = self.inner.list_users().await;
        self.seen(DirectoryOp::ListUsers, t, r)
    }

    fn provisioning(&self) -> Option<&dyn Provisioning> {
        self.inner.provisioning().map(|_| self as &dyn Provisioning)
    }
}

#[async_trait]
impl Provisioning for MeasuredDirectory {
    async fn create(
        &self,
        username: &str,
        display_name: &str,
        password: Option<&SecretString>,
    ) -> Result<(), DirectoryError> {
        let t = Instant::now();
        let r = match self.provisioner() {
            Ok(p) => p.create(username, display_name, password).await,
            Err(e) => Err(e),
        };
        self.seen(DirectoryOp::Create, t, r)
    }

    async fn delete(&self, username: &str) -> Result<(), DirectoryError> {
        let t = Instant::now();
        let r = match self.provisioner() {
            Ok(p) => p.delete(username).await,
            Err(e) => Err(e),
        };
        self.seen(DirectoryOp::Delete, t, r)
    }

    async fn set_disabled(&self, username: &str, disabled: bool) -> Result<(), DirectoryError> {
        let t = Instant::now();
        let r = match self.provisioner() {
            Ok(p) => p.set_disabled(username, disabled).await,
            Err(e) => Err(e),
        };
        self.seen(DirectoryOp::SetDisabled, t, r)
    }

    async fn set_logon_hours(
        &self,
        username: &str,
        hours: LogonHours,
    ) -> Result<(), DirectoryError> {
        let t = Instant::now();
        let r = match self.provisioner() {
            Ok(p) => p.set_logon_hours(username, hours).await,
            Err(e) => Err(e),
        };
        self.seen(DirectoryOp::SetLogonHours, t, r)
    }
}
