//! Deny by default, through the same services the CLI and the console call: for every permission,
//! a role without it is refused (and nothing changes) and a role with it succeeds.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use regain_core::admin::{Permission, Role};
use regain_core::audit::{Actor, AuditFilter, Outcome};
use regain_core::ports::{AuditRepo, RoleRepo, UserRepo};
use regain_core::service::{Authority, Caller, NewUser, ServiceError, Services};
use regain_core::user::Username;
use secrecy::SecretString;

fn admin_with(perms: &[Permission]) -> Caller {
    let mut role = Role::new("Test role").unwrap();
    for p in perms {
        role = role.with_permission(*p, true).unwrap();
    }
    Caller {
        actor: Actor::Admin("tester".into()),
        source: Some("192.0.2.1".into()),
        authority: Authority::Admin {
            username: "tester".into(),
            role,
            // Permissions only: re-authentication is tested with real sessions.
            second_factor: regain_core::service::SecondFactor::Credential,
        },
    }
}

async fn prepare(s: &Services) {
    let op = Caller::operator("setup");
    s.add_user(
        &op,
        NewUser {
            username: "target".into(),
            display_name: "Target".into(),
            policy: None,
            password: Some(SecretString::from("Initial-Pass-12".to_owned())),
        },
    )
    .await
    .unwrap();
    s.create_role(&op, "Helpdesk").await.unwrap();
}

/// One action per permission; returns whether it was allowed.
async fn attempt(s: &Services, c: &Caller, p: Permission) -> Result<(), ServiceError> {
    let kv = |k: &str, v: &str| vec![(k.to_owned(), v.to_owned())];
    match p {
        Permission::ToggleTemporaryCodes => s
            .set_settings(c, &kv("allow_temporary_codes", "true"))
            .await
            .map(drop),
        Permission::ManageSettings => s
            .set_settings(c, &kv("self_service_enabled", "true"))
            .await
            .map(drop),
        Permission::ManageUsers => s.set_user_disabled(c, "target", true).await,
        Permission::UnlockUsers => s.unlock_user(c, "target").await,
        Permission::ViewUsers => s.show_user(c, "target").await.map(drop),
        Permission::ManagePolicies => s
            .set_policy(c, "Default", &kv("lockout.threshold", "7"))
            .await
            .map(drop),
        // A permission the role manager holds: anything else would be escalation (refused).
        Permission::ManageRoles => s
            .set_role_permission(c, "Helpdesk", Permission::ManageRoles, true)
            .await
            .map(drop),
        Permission::ManageNotifications => s
            .subscribe(c, "locked_out", "email", "ops@example.org", "")
            .await
            .map(drop),
        // These permissions guard features that arrive later (temporary codes, enrollments,
        // questions, the console's audit page); their own issues add the actions.
        Permission::ManageTemporaryCodes
        | Permission::DeleteEnrollments
        | Permission::ManageSecurityQuestions
        | Permission::ReadAuditLog => Ok(()),
    }
}

async fn snapshot(s: &Services, db: &regain_store::Db) -> String {
    let user = db
        .user_by_name(&Username::parse("target").unwrap())
        .await
        .unwrap()
        .unwrap();
    let settings = s.store.settings().await.unwrap();
    let policy = s.store.policy_by_name("Default").await.unwrap().unwrap();
    let role = db.role_by_name("Helpdesk").await.unwrap().unwrap();
    let subscriptions = regain_core::notifications::NotificationRepo::subscriptions(db)
        .await
        .unwrap();
    format!("{user:?}{settings:?}{policy:?}{role:?}{subscriptions:?}")
}

#[tokio::test]
async fn each_permission_is_required_and_sufficient() {
    let e = support::env().await;
    prepare(&e.services).await;
    let guarded = [
        Permission::ToggleTemporaryCodes,
        Permission::ManageSettings,
        Permission::ManageUsers,
        Permission::UnlockUsers,
        Permission::ViewUsers,
        Permission::ManagePolicies,
        Permission::ManageRoles,
        Permission::ManageNotifications,
    ];
    for p in guarded {
        let others: Vec<Permission> = Permission::ALL.into_iter().filter(|x| *x != p).collect();
        let before = snapshot(&e.services, &e.db).await;
        let denied = attempt(&e.services, &admin_with(&others), p).await;
        assert!(
            matches!(denied, Err(ServiceError::Denied(q)) if q == p),
            "{p:?} without the permission: {denied:?}"
        );
        assert_eq!(
            snapshot(&e.services, &e.db).await,
            before,
            "{p:?}: a refused action changed something"
        );
        attempt(&e.services, &admin_with(&[p]), p)
            .await
            .unwrap_or_else(|err| panic!("{p:?} with the permission: {err}"));
    }
    // Refusals are audited, with the administrator and the source address.
    let denied =
        e.db.list_audit(&AuditFilter {
            actor: Some("admin:tester".into()),
            limit: 100,
            ..Default::default()
        })
        .await
        .unwrap();
    let refusals: Vec<_> = denied
        .items
        .iter()
        .filter(|r| r.event.outcome == Outcome::Denied)
        .collect();
    assert_eq!(refusals.len(), guarded.len());
    assert!(
        refusals
            .iter()
            .all(|r| r.event.source.as_deref() == Some("192.0.2.1"))
    );
}

#[tokio::test]
async fn toggling_temporary_codes_needs_its_own_permission_even_with_manage_settings() {
    let e = support::env().await;
    let c = admin_with(&[Permission::ManageSettings]);
    let r = e
        .services
        .set_settings(&c, &[("allow_temporary_codes".into(), "true".into())])
        .await;
    assert!(matches!(
        r,
        Err(ServiceError::Denied(Permission::ToggleTemporaryCodes))
    ));
    // A mixed change is refused whole.
    let r = e
        .services
        .set_settings(
            &c,
            &[
                ("self_service_enabled".into(), "true".into()),
                ("allow_temporary_codes".into(), "true".into()),
            ],
        )
        .await;
    assert!(r.is_err());
    assert!(
        !e.services
            .store
            .settings()
            .await
            .unwrap()
            .self_service_enabled
    );
}

#[tokio::test]
async fn superadministrator_may_do_everything_and_a_new_role_nothing() {
    let e = support::env().await;
    prepare(&e.services).await;
    let su =
        e.db.role_by_name("Superadministrator")
            .await
            .unwrap()
            .unwrap();
    let c = Caller {
        actor: Actor::Admin("root".into()),
        source: None,
        authority: Authority::Admin {
            username: "root".into(),
            role: su,
            second_factor: regain_core::service::SecondFactor::Credential,
        },
    };
    for p in Permission::ALL {
        attempt(&e.services, &c, p).await.unwrap();
    }
    let nothing = admin_with(&[]);
    assert!(e.services.list_users(&nothing, "", 10, 0).await.is_err());
    assert!(e.services.list_policies(&nothing).await.is_err());
    assert!(e.services.list_roles(&nothing).await.is_err());
    assert!(e.services.show_settings(&nothing).await.is_err());
}
