//! Domain events: facts other features react to. The temporary-code feature deletes a user's
//! temporary code when they sign in with their normal factor again or enrol a new method.
//!
//! Services publish an event only after the change it reports is committed, so a listener never
//! sees something that was rolled back.

use crate::ids::UserId;
use crate::methods::MethodKind;
use crate::policy::Factor;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DomainEvent {
    /// The user completed a second factor with one of their own enrolled methods (OTP token,
    /// push device, phone), not with a temporary code.
    AuthenticatedWithNormalFactor {
        user: UserId,
        username: String,
        factor: Factor,
        method_id: String,
    },
    /// A method of the user became active (confirmed software token, imported hardware token,
    /// registered push device, confirmed phone).
    MethodEnrolled {
        user: UserId,
        username: String,
        kind: MethodKind,
        method_id: crate::ids::MethodId,
    },
    /// The user put off enrolling their security questions ("Later"); a later issue tells the
    /// administrators who subscribed (the reference's "Self-Enrollment Declined").
    SecurityQuestionsDeclined { user: UserId, username: String },
    /// The user set a new directory password through the self-service reset.
    PasswordReset { user: UserId, username: String },
}

/// Where events go besides the services' own reactions (metrics, tests, integrations).
#[async_trait::async_trait]
pub trait EventSink: Send + Sync {
    async fn publish(&self, event: &DomainEvent);
}

/// Drops events: for tools that have no listeners.
pub struct NoEvents;

#[async_trait::async_trait]
impl EventSink for NoEvents {
    async fn publish(&self, _event: &DomainEvent) {}
}

/// Keeps events in memory, for tests.
#[derive(Default)]
pub struct RecordedEvents(std::sync::Mutex<Vec<DomainEvent>>);

impl RecordedEvents {
    pub fn take(&self) -> Vec<DomainEvent> {
        self.0
            .lock()
            .map(|mut v| std::mem::take(&mut *v))
            .unwrap_or_default()
    }
}

#[async_trait::async_trait]
impl EventSink for RecordedEvents {
    async fn publish(&self, event: &DomainEvent) {
        if let Ok(mut v) = self.0.lock() {
            v.push(event.clone());
        }
    }
}
