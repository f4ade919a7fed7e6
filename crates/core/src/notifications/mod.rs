//! Notifications (F-M1, F-S12): who hears of what, the outbox that carries it, and the rules
//! for retrying. Messages are written to the outbox by the store in the same transaction as the
//! change that causes them ([`trigger_of`]), and delivered by a worker on any node.

mod event;
mod message;
mod outbox;
mod repo;
mod subscription;
mod trigger;

pub use event::{Audience, NoticeEvent};
pub use message::{Message, NoticeSender, NoticeTexts, SendFailure, args_of, minutes_utc};
pub use outbox::{
    FAILED_KEPT, OutboxCounts, OutboxEntry, OutboxState, RetryPolicy, SENT_KEPT, error_line,
};
pub use repo::{Contact, NotificationRepo};
pub use subscription::{
    Channel, MAX_ADDRESS, MAX_PER_EVENT, NewSubscription, Subscription, validate_email,
    validate_webhook,
};
pub use trigger::{Trigger, trigger_of};
