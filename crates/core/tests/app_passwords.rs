//! Application passwords (F-S8) through the services: a user adds, edits and deletes their own
//! entries with a fresh proof; the password is sealed, bound to user and row (a sealed value
//! moved to another row does not open), never in the audit; no administrator, not even a
//! superadministrator or the local operator, reaches them.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use regain_core::admin::Role;
use regain_core::app_passwords::{AppPassword, AppPasswordInput, AppPasswordRefusal};
use regain_core::audit::{Actor, AuditFilter};
use regain_core::ports::{AppPasswordRepo, AuditRepo, Clock, UserRepo};
use regain_core::service::{Authority, Caller, NewUser, SecondFactor, ServiceError};
use regain_core::user::Username;
use secrecy::SecretString;
use std::time::Duration;

const PLANTED: &str = "Planted-App-Secret-4711";

fn me(user: &str, signed_in_at: regain_core::time::Timestamp) -> Caller {
    Caller {
        actor: Actor::User(user.into()),
        source: None,
        authority: Authority::SelfService {
            username: user.into(),
            second_factor: SecondFactor::ConfirmedAt(None),
            signed_in_at: Some(signed_in_at),
        },
    }
}

fn entry<'a>(name: &'a str, password: &'a str) -> AppPasswordInput<'a> {
    AppPasswordInput {
        name,
        address: "https://crm.example.test",
        login: "rita.m",
        password,
    }
}

#[tokio::test]
async fn a_user_keeps_sealed_application_passwords_that_nobody_else_reaches() {
    let env = support::env().await;
    let s = &env.services;
    let op = Caller::operator("setup");
    for name in ["rita", "otto"] {
        s.add_user(
            &op,
            NewUser {
                username: name.into(),
                display_name: name.into(),
                policy: None,
                password: Some(SecretString::from("Some-Password-1".to_owned())),
            },
        )
        .await
        .unwrap();
    }
    let rita = me("rita", env.clock.now());
    s.add_app_password(&rita, &entry("CRM", PLANTED))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        s.add_app_password(&rita, &entry(" ", "x")).await.unwrap(),
        Err(AppPasswordRefusal::NameMissing)
    );
    let list = s.list_app_passwords(&rita).await.unwrap();
    assert_eq!(list.len(), 1);
    let e = &list[0];
    assert_eq!((e.name.as_str(), e.login.as_str()), ("CRM", "rita.m"));
    // Sealed, and bound to its user and row.
    assert!(!String::from_utf8_lossy(&e.sealed_password).contains(PLANTED));
    let uid = e.user_id;
    assert_eq!(
        s.sealer
            .open(&e.sealed_password, &AppPassword::aad(uid, &e.id))
            .unwrap(),
        PLANTED.as_bytes()
    );
    let otto = env
        .db
        .user_by_name(&Username::parse("otto").unwrap())
        .await
        .unwrap()
        .unwrap();
    assert!(
        s.sealer
            .open(&e.sealed_password, &AppPassword::aad(otto.id, &e.id))
            .is_err()
    );
    assert!(
        s.sealer
            .open(&e.sealed_password, &AppPassword::aad(uid, "ap-other"))
            .is_err()
    );

    // Another user sees nothing of it and cannot change it.
    let otto_me = me("otto", env.clock.now());
    assert!(s.list_app_passwords(&otto_me).await.unwrap().is_empty());
    assert!(matches!(
        s.delete_app_password(&otto_me, &e.id).await,
        Err(ServiceError::NotFound { .. })
    ));
    // No administrator reaches them: not the operator, not a superadministrator.
    let superadmin = Caller {
        actor: Actor::Admin("ada".into()),
        source: None,
        authority: Authority::Admin {
            username: "ada".into(),
            role: Role::superadmin(),
            second_factor: SecondFactor::Credential,
        },
    };
    for admin in [&op, &superadmin] {
        assert!(matches!(
            s.list_app_passwords(admin).await,
            Err(ServiceError::Denied(_))
        ));
    }

    // Edit: an empty password keeps the stored one; a new one replaces it.
    s.update_app_password(&rita, &e.id, &entry("CRM (new)", ""))
        .await
        .unwrap()
        .unwrap();
    let kept = &s.list_app_passwords(&rita).await.unwrap()[0];
    assert_eq!(kept.name, "CRM (new)");
    assert_eq!(kept.sealed_password, e.sealed_password);
    // Changes need a fresh proof: 6 minutes after the sign-in, refused, and nothing changes.
    env.clock.advance(Duration::from_secs(6 * 60));
    for r in [
        s.update_app_password(&rita, &e.id, &entry("Changed", "x"))
            .await
            .map(|_| ()),
        s.add_app_password(&rita, &entry("Other", "x"))
            .await
            .map(|_| ()),
        s.delete_app_password(&rita, &e.id).await,
    ] {
        assert!(matches!(r, Err(ServiceError::ReauthRequired)), "{r:?}");
    }
    assert_eq!(
        s.list_app_passwords(&rita).await.unwrap()[0].name,
        "CRM (new)"
    );
    let rita = me("rita", env.clock.now());
    s.delete_app_password(&rita, &e.id).await.unwrap();
    assert!(env.db.app_passwords(uid).await.unwrap().is_empty());

    // The audit names the entries, never the password.
    let audit = env
        .db
        .list_audit(&AuditFilter {
            limit: 200,
            ..Default::default()
        })
        .await
        .unwrap();
    let actions: Vec<&str> = audit
        .items
        .iter()
        .map(|i| i.event.action.as_str())
        .collect();
    for a in [
        "app_password.add",
        "app_password.update",
        "app_password.delete",
    ] {
        assert!(actions.contains(&a), "{actions:?}");
    }
    for i in &audit.items {
        assert!(!format!("{:?}", i.event).contains(PLANTED));
    }
}
