//! The outbox's worker, one round at a time: claim what is due, render it in the recipient's
//! language, send it, and mark it sent, to retry, or (after the last attempt) failed with an
//! audit record. Any node may run it; the claim keeps two nodes off one notice.

use super::ServiceError;
use crate::audit::{Actor, AuditAction, AuditEvent, Outcome};
use crate::ids::NodeId;
use crate::notifications::{
    NoticeSender, NoticeTexts, OutboxEntry, RetryPolicy, args_of, error_line,
};
use crate::ports::{Clock, Store};
use crate::telemetry::{NoticeOutcome, Telemetry};
use std::sync::Arc;

pub struct NoticeDelivery {
    pub store: Arc<dyn Store>,
    pub sender: Arc<dyn NoticeSender>,
    pub texts: Arc<dyn NoticeTexts>,
    pub clock: Arc<dyn Clock>,
    pub telemetry: Arc<dyn Telemetry>,
    pub node: NodeId,
    pub retry: RetryPolicy,
    /// Notices claimed per round.
    pub batch: u32,
}

/// What one round did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Round {
    pub sent: u32,
    pub retried: u32,
    pub failed: u32,
}

impl Round {
    pub fn claimed(&self) -> u32 {
        self.sent + self.retried + self.failed
    }
}

impl NoticeDelivery {
    /// At start-up: this node's claims from before a crash end now (nothing of this node is
    /// sending them any more), so they go out at once instead of after their lease.
    pub async fn start(&self) -> Result<u64, ServiceError> {
        Ok(self.store.release_claims(&self.node).await?)
    }

    pub async fn deliver_due(&self) -> Result<Round, ServiceError> {
        let now = self.clock.now();
        let claimed = self
            .store
            .claim_notices(&self.node, now, self.retry.lease, self.batch)
            .await?;
        let mut round = Round::default();
        for entry in claimed {
            match self.deliver(&entry).await? {
                NoticeOutcome::Sent => round.sent += 1,
                NoticeOutcome::Retry => round.retried += 1,
                NoticeOutcome::Failed => round.failed += 1,
            }
        }
        Ok(round)
    }

    async fn deliver(&self, entry: &OutboxEntry) -> Result<NoticeOutcome, ServiceError> {
        let message = self
            .texts
            .render(entry.event, entry.language.as_deref(), &args_of(entry));
        let outcome = match self.sender.send(entry, &message).await {
            Ok(()) => {
                self.store
                    .notice_sent(entry.id, &self.node, self.clock.now())
                    .await?;
                NoticeOutcome::Sent
            }
            Err(why) => {
                let now = self.clock.now();
                let line = error_line(&why.reason);
                // A refusal that cannot change (no such mailbox, a 4xx webhook) is final now.
                let retry_at = if why.permanent {
                    None
                } else {
                    self.retry.next_after_failure(entry.attempts, now)
                };
                let audit = AuditEvent::new(
                    now,
                    &Actor::System,
                    AuditAction::NotificationFailed,
                    Outcome::Failure,
                )
                .target(&entry.username)
                .detail("notice", entry.id.to_string())
                .detail("event", entry.event.key())
                .detail("channel", entry.channel.key())
                .detail("address", &entry.address)
                .detail("attempts", entry.attempts.to_string())
                .detail(
                    "final",
                    if why.permanent {
                        "refused"
                    } else {
                        "out of attempts"
                    },
                )
                .detail("error", &line);
                self.store
                    .notice_failed(entry.id, &self.node, &line, retry_at, &audit)
                    .await?;
                if retry_at.is_some() {
                    NoticeOutcome::Retry
                } else {
                    NoticeOutcome::Failed
                }
            }
        };
        self.telemetry.notice_attempt(entry.channel, outcome);
        Ok(outcome)
    }
}
