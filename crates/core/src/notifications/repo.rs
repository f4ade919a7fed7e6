//! The store's side of notifications (a port).

use super::{NewSubscription, OutboxCounts, OutboxEntry, OutboxState, Subscription, Trigger};
use crate::audit::AuditEvent;
use crate::ids::{NodeId, UserId};
use crate::ports::StoreError;
use crate::time::Timestamp;
use async_trait::async_trait;
use std::time::Duration;

/// A user's contact details on Regain's record (filled from the directory's `mail` on import,
/// or set by an administrator), and the language they last used on the self-service pages.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Contact {
    pub email: Option<String>,
    pub language: Option<String>,
}

#[async_trait]
pub trait NotificationRepo: Send + Sync {
    async fn subscriptions(&self) -> Result<Vec<Subscription>, StoreError>;
    /// Adds a subscription with its audit record; `Err(Conflict)` when the same one exists.
    async fn add_subscription(
        &self,
        s: &NewSubscription,
        created_by: &str,
        audit: &AuditEvent,
    ) -> Result<Subscription, StoreError>;
    /// `false` if there is no such subscription.
    async fn delete_subscription(&self, id: i64, audit: &AuditEvent) -> Result<bool, StoreError>;

    /// Writes a notice in its own transaction (a test message; an audit write that failed, which
    /// has no transaction of its own to ride in). The notice goes to the event's audience.
    async fn enqueue_notice(&self, t: &Trigger, now: Timestamp) -> Result<u64, StoreError>;
    /// A test message to one address, with its audit record.
    async fn enqueue_test(
        &self,
        channel: super::Channel,
        address: &str,
        now: Timestamp,
        audit: &AuditEvent,
    ) -> Result<i64, StoreError>;

    /// Claims up to `limit` notices due at `now` for `node`, atomically (no other worker gets
    /// them until `lease` ends), counting the attempt.
    async fn claim_notices(
        &self,
        node: &NodeId,
        now: Timestamp,
        lease: Duration,
        limit: u32,
    ) -> Result<Vec<OutboxEntry>, StoreError>;
    /// Marks a claimed notice sent; `false` if this node's claim was lost.
    async fn notice_sent(&self, id: i64, node: &NodeId, now: Timestamp)
    -> Result<bool, StoreError>;
    /// A claimed notice's attempt failed: try again at `retry_at`, or (`None`) give up with
    /// `audit`, in one transaction.
    async fn notice_failed(
        &self,
        id: i64,
        node: &NodeId,
        error: &str,
        retry_at: Option<Timestamp>,
        audit: &AuditEvent,
    ) -> Result<bool, StoreError>;
    /// Ends this node's claims (at start-up: nothing of this node is sending any more).
    async fn release_claims(&self, node: &NodeId) -> Result<u64, StoreError>;
    /// The newest notices, optionally in one state.
    async fn outbox(
        &self,
        state: Option<OutboxState>,
        limit: u32,
    ) -> Result<Vec<OutboxEntry>, StoreError>;
    async fn outbox_counts(&self) -> Result<OutboxCounts, StoreError>;
    /// Deletes notices sent before `sent_before` and given up on before `failed_before`; how
    /// many went. Pending notices always stay.
    async fn purge_notices(
        &self,
        sent_before: Timestamp,
        failed_before: Timestamp,
    ) -> Result<u64, StoreError>;

    async fn contact(&self, user: UserId) -> Result<Contact, StoreError>;
    /// Sets (or with `None` clears) the user's email address, with its audit record.
    async fn set_contact_email(
        &self,
        user: UserId,
        email: Option<&str>,
        audit: &AuditEvent,
    ) -> Result<(), StoreError>;
    /// Remembers the language the user last used (no audit record: it is no change of theirs
    /// anyone needs to know of).
    async fn set_contact_language(&self, user: UserId, language: &str) -> Result<(), StoreError>;
}
