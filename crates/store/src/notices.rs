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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use crate::Db;
    use regain_core::audit::{Actor, AuditAction, AuditEvent, Outcome};
    use regain_core::notifications::NotificationRepo;
    use regain_core::ports::{PolicyRepo, StoreError, UserRepo};
    use regain_core::time::Timestamp;

    fn unlock(target: &str) -> AuditEvent {
        AuditEvent::new(
            Timestamp(5_000),
            &Actor::OsUser("tester".into()),
            AuditAction::UserUnlock,
            Outcome::Success,
        )
        .target(target)
    }

    /// The notice is written in the change's own transaction: rolled back with it, on both
    /// engines (the hot path's writer job, and a transaction through sqlx).
    #[tokio::test]
    async fn a_notice_goes_with_its_transaction() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::connect(
            &format!("sqlite://{}", dir.path().join("r.db").display()),
            crate::test_signer(),
        )
        .await
        .unwrap();
        db.migrate().await.unwrap();
        db.seed(Timestamp(1_000)).await.unwrap();
        let policy = db.policy_by_name("Default").await.unwrap().unwrap().id;
        let ada = db
            .create_user(
                &regain_core::user::User {
                    id: regain_core::ids::UserId(0),
                    username: regain_core::user::Username::parse("ada").unwrap(),
                    display_name: "Ada".into(),
                    directory_ref: "embedded:ada".into(),
                    policy_id: policy,
                    state: regain_core::user::UserState::Active,
                    created_at: Timestamp(2_000),
                },
                &unlock("setup"),
            )
            .await
            .unwrap();
        db.set_contact_email(ada.id, Some("ada@example.org"), &unlock("setup"))
            .await
            .unwrap();
        let pending = || async { db.outbox_counts().await.unwrap().pending };

        // A writer job that fails after its audit record: neither stands.
        let failed = db
            .engine()
            .unwrap()
            .write(|w| {
                w.append_audit(&unlock("ada"))?;
                Err::<(), _>(StoreError::Conflict("the change itself".into()))
            })
            .await;
        assert!(failed.is_err());
        assert_eq!(pending().await, 0);

        // A transaction rolled back after its record: nothing; committed: the notice.
        let mut tx = db.begin_audited().await.unwrap();
        tx.append(&unlock("ada")).await.unwrap();
        tx.rollback().await.unwrap();
        assert_eq!(pending().await, 0);
        let mut tx = db.begin_audited().await.unwrap();
        tx.append(&unlock("ada")).await.unwrap();
        tx.commit("notice").await.unwrap();
        assert_eq!(pending().await, 1);
    }
}
