//! Enterprise settings. Turning temporary codes on or off needs its own permission.

use super::{Caller, ServiceError, Services};
use crate::admin::Permission;
use crate::audit::AuditAction;
use crate::audit::Outcome;
use crate::settings::EnterpriseSettings;

impl Services {
    pub async fn show_settings(&self, caller: &Caller) -> Result<EnterpriseSettings, ServiceError> {
        if !caller.allows(Permission::ToggleTemporaryCodes) {
            self.authorize(
                caller,
                Permission::ManageSettings,
                AuditAction::SettingsShow,
                "",
            )
            .await?;
        }
        Ok(self.store.settings().await?)
    }

    /// Applies `key=value` changes together: all of them or none.
    pub async fn set_settings(
        &self,
        caller: &Caller,
        changes: &[(String, String)],
    ) -> Result<EnterpriseSettings, ServiceError> {
        for (k, _) in changes {
            let needed = if k == "allow_temporary_codes" {
                Permission::ToggleTemporaryCodes
            } else {
                Permission::ManageSettings
            };
            self.authorize(caller, needed, AuditAction::SettingsUpdate, k)
                .await?;
        }
        self.require_recent_second_factor(caller)?;
        let old = self.store.settings().await?;
        let mut next = old.clone();
        for (k, v) in changes {
            next = next.set(k, v)?;
        }
        let mut audit = self
            .event(caller, AuditAction::SettingsUpdate, Outcome::Success)
            .target("enterprise");
        for ((k, new), (_, before)) in next.entries().into_iter().zip(old.entries()) {
            if new != before {
                audit = audit.detail(k, format!("{before} -> {new}"));
            }
        }
        self.store.save_settings(&next, &audit).await?;
        Ok(next)
    }
}
