//! The console's Notifications page (F-M1): administrators' subscriptions, the test message,
//! the outbox; and users' email addresses on Regain's record.

use super::{Caller, ServiceError, Services};
use crate::admin::Permission;
use crate::audit::{AuditAction, Outcome};
use crate::notifications::{
    Channel, Contact, NewSubscription, NoticeEvent, OutboxCounts, OutboxEntry, OutboxState,
    Subscription, Trigger, validate_email, validate_webhook,
};
use crate::ports::StoreError;

/// "field: message" from the core's parsers, as the service's typed error.
fn invalid(raw: String) -> ServiceError {
    match raw.split_once(": ") {
        Some((field, message)) => ServiceError::invalid(field, message),
        None => ServiceError::invalid("notification", raw),
    }
}

/// `en`, `de`, `pt-BR`: the shape of the translation files' names.
fn language_code_shape(raw: &str) -> bool {
    let mut parts = raw.split('-');
    let lang = parts.next().unwrap_or("");
    let region = parts.next();
    parts.next().is_none()
        && lang.len() == 2
        && lang.chars().all(|c| c.is_ascii_lowercase())
        && region.is_none_or(|r| r.len() == 2 && r.chars().all(|c| c.is_ascii_uppercase()))
}

/// The outbox as the console shows it.
pub struct OutboxView {
    pub entries: Vec<OutboxEntry>,
    pub counts: OutboxCounts,
}

impl Services {
    pub async fn notification_subscriptions(
        &self,
        caller: &Caller,
    ) -> Result<Vec<Subscription>, ServiceError> {
        self.authorize(
            caller,
            Permission::ManageNotifications,
            AuditAction::NotificationList,
            "",
        )
        .await?;
        Ok(self.store.subscriptions().await?)
    }

    /// Subscribes `address` to `event` over `channel`, for any user (`user` empty) or one.
    pub async fn subscribe(
        &self,
        caller: &Caller,
        event: &str,
        channel: &str,
        address: &str,
        user: &str,
    ) -> Result<Subscription, ServiceError> {
        self.authorize(
            caller,
            Permission::ManageNotifications,
            AuditAction::NotificationSubscribe,
            event,
        )
        .await?;
        let mut s = NewSubscription::parse(event, channel, address, user).map_err(invalid)?;
        if let Some(name) = &s.username {
            // A subscription names a user who exists, as they are written.
            let u = self.find_user(name).await?;
            s.username = Some(u.username.as_str().to_owned());
        }
        let audit = self
            .event(caller, AuditAction::NotificationSubscribe, Outcome::Success)
            .target(s.event.key())
            .detail("channel", s.channel.key())
            .detail("address", &s.address)
            .detail("user", s.username.as_deref().unwrap_or("any"));
        match self
            .store
            .add_subscription(&s, &caller.actor.render(), &audit)
            .await
        {
            Err(StoreError::Conflict(what)) if what.contains("at most") => Err(
                ServiceError::invalid("event", format!("too many {what}: remove one first")),
            ),
            Err(StoreError::Conflict(_)) => Err(ServiceError::AlreadyExists {
                what: "subscription",
                name: format!("{} {} {}", s.event.key(), s.channel.key(), s.address),
            }),
            other => Ok(other?),
        }
    }

    pub async fn unsubscribe(&self, caller: &Caller, id: i64) -> Result<(), ServiceError> {
        self.authorize(
            caller,
            Permission::ManageNotifications,
            AuditAction::NotificationUnsubscribe,
            &id.to_string(),
        )
        .await?;
        let found = self
            .store
            .subscriptions()
            .await?
            .into_iter()
            .find(|s| s.id == id)
            .ok_or_else(|| ServiceError::NotFound {
                what: "subscription",
                name: id.to_string(),
            })?;
        let audit = self
            .event(
                caller,
                AuditAction::NotificationUnsubscribe,
                Outcome::Success,
            )
            .target(found.event.key())
            .detail("channel", found.channel.key())
            .detail("address", &found.address)
            .detail("user", found.username.as_deref().unwrap_or("any"));
        if self.store.delete_subscription(id, &audit).await? {
            Ok(())
        } else {
            Err(ServiceError::NotFound {
                what: "subscription",
                name: id.to_string(),
            })
        }
    }

    /// Queues a test message to `address`; the outbox shows how it went.
    pub async fn send_test_notice(
        &self,
        caller: &Caller,
        channel: &str,
        address: &str,
    ) -> Result<i64, ServiceError> {
        self.authorize(
            caller,
            Permission::ManageNotifications,
            AuditAction::NotificationTest,
            address,
        )
        .await?;
        let channel = Channel::parse(channel).map_err(invalid)?;
        let address = match channel {
            Channel::Email => validate_email(address),
            Channel::Webhook => validate_webhook(address),
        }
        .map_err(invalid)?;
        let now = self.clock.now();
        let audit = self
            .event(caller, AuditAction::NotificationTest, Outcome::Success)
            .target(&address)
            .detail("channel", channel.key());
        Ok(self
            .store
            .enqueue_test(channel, &address, now, &audit)
            .await?)
    }

    pub async fn notification_outbox(
        &self,
        caller: &Caller,
        state: Option<OutboxState>,
        limit: u32,
    ) -> Result<OutboxView, ServiceError> {
        self.authorize(
            caller,
            Permission::ManageNotifications,
            AuditAction::NotificationList,
            "",
        )
        .await?;
        Ok(OutboxView {
            entries: self.store.outbox(state, limit).await?,
            counts: self.store.outbox_counts().await?,
        })
    }

    /// Sets the contact details on `username`'s record: the email address their notices go to
    /// (`Some("")` clears it) and the language of their notices (a code such as `de` or
    /// `pt-BR`); `None` leaves either as it is.
    pub async fn set_user_contact(
        &self,
        caller: &Caller,
        username: &str,
        email: Option<&str>,
        language: Option<&str>,
    ) -> Result<Contact, ServiceError> {
        self.authorize(
            caller,
            Permission::ManageUsers,
            AuditAction::UserSetEmail,
            username,
        )
        .await?;
        let user = self.find_user(username).await?;
        if let Some(l) = language
            && !language_code_shape(l)
        {
            return Err(ServiceError::invalid(
                "language",
                format!("{l:?} is not a language code: use one such as en, de or pt-BR"),
            ));
        }
        if let Some(raw) = email {
            let email = match raw.trim() {
                "" => None,
                raw => Some(validate_email(raw).map_err(invalid)?),
            };
            let audit = self
                .event(caller, AuditAction::UserSetEmail, Outcome::Success)
                .target(user.username.as_str())
                .detail("email", email.as_deref().unwrap_or("(none)"));
            self.store
                .set_contact_email(user.id, email.as_deref(), &audit)
                .await?;
        }
        if let Some(l) = language {
            self.store.set_contact_language(user.id, l).await?;
        }
        Ok(self.store.contact(user.id).await?)
    }

    pub async fn user_contact(
        &self,
        caller: &Caller,
        username: &str,
    ) -> Result<Contact, ServiceError> {
        self.authorize(
            caller,
            Permission::ViewUsers,
            AuditAction::UserShow,
            username,
        )
        .await?;
        let user = self.find_user(username).await?;
        Ok(self.store.contact(user.id).await?)
    }

    /// Remembers the language `username` uses on the self-service pages (after they proved who
    /// they are), for their notices.
    pub async fn remember_language(
        &self,
        username: &str,
        language: &str,
    ) -> Result<(), ServiceError> {
        let user = self.find_user(username).await?;
        if self.store.contact(user.id).await?.language.as_deref() != Some(language) {
            self.store.set_contact_language(user.id, language).await?;
        }
        Ok(())
    }

    /// Tells subscribers that audit records could not be written (`action`: the last one that
    /// failed). In a transaction of its own: the failed one is gone.
    pub async fn notice_audit_failure(
        &self,
        username: &str,
        action: &str,
    ) -> Result<u64, ServiceError> {
        let t = Trigger::new(NoticeEvent::AuditWriteFailed, username).fact("action", action);
        Ok(self.store.enqueue_notice(&t, self.clock.now()).await?)
    }
}
