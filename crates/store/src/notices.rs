//! Notices written inside the transaction of the change that causes them: the statements the
//! audit append (both engines) and the lockout use. Which records cause a notice is the core's
//! decision ([`regain_core::notifications::trigger_of`]); this only writes the rows.

use crate::sql::{Param, params};
use regain_core::ids::UserId;
use regain_core::notifications::{Audience, NoticeEvent, Trigger};
use regain_core::time::Timestamp;

/// Subscribers hear of an event about one user at most once in this long: a push-bombing
/// attacker's hundredth push is not the hundredth email.
pub(crate) const SUBSCRIBER_QUIET: std::time::Duration = std::time::Duration::from_secs(10 * 60);

/// One row per subscription to the event, for any user or for this one; none while a notice of
/// the same event about the same user is younger than [`SUBSCRIBER_QUIET`].
pub(crate) const FOR_SUBSCRIBERS: &str = "INSERT INTO notification_outbox
     (event, channel, address, username, language, facts, state, attempts, created_at, next_at)
     SELECT $1, s.channel, s.address, $2, NULL, $3, 'pending', 0, $4, $4
     FROM notification_subscriptions s
     WHERE s.event = $1 AND (s.username_key = '' OR s.username_key = $5)
       AND NOT EXISTS (SELECT 1 FROM notification_outbox o
                       WHERE o.event = $1 AND o.username = $2 AND o.created_at > $6)";

/// One email to the user, when their record has an address.
pub(crate) const FOR_USER: &str = "INSERT INTO notification_outbox
     (event, channel, address, username, language, facts, state, attempts, created_at, next_at)
     SELECT $1, 'email', c.email, $2, c.language, $3, 'pending', 0, $4, $4
     FROM users u JOIN user_contacts c ON c.user_id = u.id
     WHERE u.username_key = $5 AND c.email IS NOT NULL AND c.email <> ''";

/// As [`FOR_SUBSCRIBERS`], for a user known by id (the lockout knows no name).
pub(crate) const FOR_SUBSCRIBERS_BY_ID: &str = "INSERT INTO notification_outbox
     (event, channel, address, username, language, facts, state, attempts, created_at, next_at)
     SELECT $1, s.channel, s.address, u.username, NULL, '{}', 'pending', 0, $2, $2
     FROM notification_subscriptions s JOIN users u ON u.id = $3
     WHERE s.event = $1 AND (s.username_key = '' OR s.username_key = u.username_key)
       AND NOT EXISTS (SELECT 1 FROM notification_outbox o
                       WHERE o.event = $1 AND o.username = u.username AND o.created_at > $4)";

/// The statement and parameters that write `t`'s notices.
pub(crate) fn statement(t: &Trigger, now: Timestamp) -> (&'static str, Vec<Param>) {
    let quiet_since = now.minus(SUBSCRIBER_QUIET).as_millis();
    let key = regain_core::user::Username::parse(&t.username)
        .map(|u| u.key())
        .unwrap_or_else(|_| t.username.to_lowercase());
    let mut params = params![
        t.event.key(),
        t.username.as_str(),
        t.facts_json(),
        now.as_millis(),
        key
    ];
    match t.event.audience() {
        Audience::Subscribers => {
            params.push(Param::Int(quiet_since));
            (FOR_SUBSCRIBERS, params)
        }
        Audience::User => (FOR_USER, params),
    }
}

/// The statement and parameters that tell subscribers `user`'s lockout began.
pub(crate) fn lockout_statement(user: UserId, now: Timestamp) -> (&'static str, Vec<Param>) {
    (
        FOR_SUBSCRIBERS_BY_ID,
        params![
            NoticeEvent::LockedOut.key(),
            now.as_millis(),
            user.0,
            now.minus(SUBSCRIBER_QUIET).as_millis()
        ],
    )
}
