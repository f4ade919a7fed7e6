//! The outbox's worker loop on this node: a round whenever notices are due, and the notice to
//! subscribers when audit records could not be written.

use regain_core::service::{NoticeDelivery, Services};
use std::time::Duration;

/// Runs until the process ends. A round that claimed a full batch is followed at once by the
/// next; errors (the database away) are logged and the loop waits for the next tick.
pub async fn run(delivery: NoticeDelivery, services: Services, interval: Duration) {
    match delivery.start().await {
        Ok(0) => {}
        Ok(n) => tracing::info!(
            notices = n,
            "notifications: this node's claims from before its restart ended"
        ),
        Err(e) => {
            tracing::warn!(error = %e, "notifications: cannot end this node's old claims; they end with their lease")
        }
    }
    let mut told_failures = regain_store::audit_failures().count;
    loop {
        let failures = regain_store::audit_failures();
        if failures.count > told_failures {
            let about = if failures.last_target.is_empty() {
                "-"
            } else {
                failures.last_target.as_str()
            };
            match services
                .notice_audit_failure(about, &failures.last_action)
                .await
            {
                Ok(_) => told_failures = failures.count,
                // Kept for the next tick: the database may be back by then.
                Err(e) => {
                    tracing::warn!(error = %e, "notifications: cannot queue the audit failure notice yet")
                }
            }
        }
        let full = match delivery.deliver_due().await {
            Ok(r) => {
                if r.claimed() > 0 {
                    tracing::info!(
                        sent = r.sent,
                        retry = r.retried,
                        failed = r.failed,
                        "notifications delivered"
                    );
                }
                r.claimed() >= delivery.batch
            }
            Err(e) => {
                tracing::warn!(error = %e, "notifications: cannot read the outbox");
                false
            }
        };
        if !full {
            tokio::time::sleep(interval).await;
        }
    }
}
