//! The authorisation matrix: every console route and form action, with and without the permission it needs.

// Test code: a failed unwrap is a failed test.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    unused_imports
)]

mod support;

use async_trait::async_trait;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use regain_core::admin::Permission;
use regain_core::audit::AuditFilter;
use regain_core::directory::AuthOutcome;
use regain_core::ports::{
    AuditRepo, AuthMethodRepo, PolicyRepo, QuestionRepo, RoleRepo, SettingsRepo, TempCodeRepo,
    UserRepo,
};
use regain_core::service::{Caller, NewUser};
use regain_web::{AppState, Metrics, Readiness, WebConfig, app};
use secrecy::SecretString;
use std::sync::Arc;
use support::console::*;
use tower::ServiceExt;

/// Every console route and form action, for a role without the permission it needs (403 and
/// nothing changed) and a role with it (success).
#[tokio::test]
async fn authorisation_matrix_over_console_routes() {
    struct Case {
        needs: Permission,
        method: &'static str,
        path: &'static str,
        form: &'static [(&'static str, &'static str)],
        /// Permissions that also open the route, so the role without access lacks them too.
        alternatives: &'static [Permission],
    }
    let cases = [
        Case {
            needs: Permission::ViewUsers,
            method: "GET",
            path: "/admin/users",
            form: &[],
            alternatives: &[],
        },
        Case {
            needs: Permission::ViewUsers,
            method: "GET",
            path: "/admin/users/dave",
            form: &[],
            alternatives: &[],
        },
        Case {
            needs: Permission::UnlockUsers,
            method: "POST",
            path: "/admin/users/dave/unlock",
            form: &[],
            alternatives: &[],
        },
        Case {
            needs: Permission::DeleteEnrollments,
            method: "POST",
            path: "/admin/users/dave/proofing",
            form: &[("note", "passport seen in person")],
            alternatives: &[],
        },
        Case {
            needs: Permission::DeleteEnrollments,
            method: "POST",
            path: "/admin/users/dave/answers/clear",
            form: &[],
            alternatives: &[],
        },
        Case {
            needs: Permission::DeleteEnrollments,
            method: "POST",
            path: "/admin/users/dave/methods/METHOD/delete",
            form: &[("confirm", "yes")],
            alternatives: &[],
        },
        Case {
            needs: Permission::ManageTemporaryCodes,
            method: "POST",
            path: "/admin/users/dave/tempcode",
            form: &[("uses", "multiple"), ("expires", "24h"), ("replace", "1")],
            alternatives: &[],
        },
        Case {
            needs: Permission::ManageTemporaryCodes,
            method: "POST",
            path: "/admin/users/dave/tempcode/revoke",
            form: &[("confirm", "yes")],
            alternatives: &[],
        },
        Case {
            needs: Permission::ManagePolicies,
            method: "POST",
            path: "/admin/users/dave/policy",
            form: &[("policy", "Default")],
            alternatives: &[],
        },
        Case {
            needs: Permission::ManageSettings,
            method: "GET",
            path: "/admin/settings",
            form: &[],
            alternatives: &[Permission::ToggleTemporaryCodes],
        },
        Case {
            needs: Permission::ManageSettings,
            method: "POST",
            path: "/admin/settings",
            form: &[
                ("temporary_code_max_lifetime", "2d"),
                ("self_service_mode", "questions"),
            ],
            alternatives: &[],
        },
        Case {
            needs: Permission::ToggleTemporaryCodes,
            method: "POST",
            path: "/admin/settings",
            form: &[("allow_temporary_codes", "true")],
            alternatives: &[],
        },
        Case {
            needs: Permission::ReadAuditLog,
            method: "GET",
            path: "/admin/audit",
            form: &[],
            alternatives: &[],
        },
        Case {
            needs: Permission::ManageRoles,
            method: "GET",
            path: "/admin/roles",
            form: &[],
            alternatives: &[],
        },
        Case {
            needs: Permission::ManageRoles,
            method: "POST",
            path: "/admin/roles",
            form: &[("name", "Night shift")],
            alternatives: &[],
        },
        Case {
            needs: Permission::ManageRoles,
            method: "GET",
            path: "/admin/roles/Spare",
            form: &[],
            alternatives: &[],
        },
        Case {
            needs: Permission::ManageRoles,
            method: "POST",
            path: "/admin/roles/Spare",
            // A permission the role manager holds: granting others is escalation (below).
            form: &[("perm", "roles.manage"), ("limit", "8h")],
            alternatives: &[],
        },
        Case {
            needs: Permission::ManageRoles,
            method: "POST",
            path: "/admin/roles/assign",
            form: &[("username", "dave"), ("role", "Spare")],
            alternatives: &[],
        },
        Case {
            needs: Permission::ManageUsers,
            method: "POST",
            path: "/admin/users/dave/email",
            form: &[("email", "dave@example.org")],
            alternatives: &[],
        },
        Case {
            needs: Permission::ManageNotifications,
            method: "GET",
            path: "/admin/notifications",
            form: &[],
            alternatives: &[],
        },
        Case {
            needs: Permission::ManageNotifications,
            method: "POST",
            path: "/admin/notifications",
            form: &[
                ("event", "locked_out"),
                ("channel", "email"),
                ("address", "ops@example.org"),
                ("user", ""),
            ],
            alternatives: &[],
        },
        Case {
            needs: Permission::ManageNotifications,
            method: "POST",
            path: "/admin/notifications/1/delete",
            form: &[],
            alternatives: &[],
        },
        Case {
            needs: Permission::ManageNotifications,
            method: "POST",
            path: "/admin/notifications/test",
            form: &[("channel", "email"), ("address", "ops@example.org")],
            alternatives: &[],
        },
        Case {
            needs: Permission::ManageSecurityQuestions,
            method: "GET",
            path: "/admin/questions",
            form: &[],
            alternatives: &[],
        },
        Case {
            needs: Permission::ManageSecurityQuestions,
            method: "POST",
            path: "/admin/questions",
            form: &[("text", "What was your first job?")],
            alternatives: &[],
        },
        Case {
            needs: Permission::ManageSecurityQuestions,
            method: "POST",
            path: "/admin/questions/1",
            form: &[("text", "Where were you born?"), ("mandatory", "true")],
            alternatives: &[],
        },
        Case {
            needs: Permission::ManageSecurityQuestions,
            method: "POST",
            path: "/admin/questions/2/delete",
            form: &[],
            alternatives: &[],
        },
        Case {
            needs: Permission::ManagePolicies,
            method: "GET",
            path: "/admin/policies",
            form: &[],
            alternatives: &[],
        },
        Case {
            needs: Permission::ManagePolicies,
            method: "POST",
            path: "/admin/policies",
            form: &[("name", "Night"), ("copy_of", "")],
            alternatives: &[],
        },
        Case {
            needs: Permission::ManagePolicies,
            method: "GET",
            path: "/admin/policies/Default",
            form: &[],
            alternatives: &[],
        },
        Case {
            needs: Permission::ManagePolicies,
            method: "POST",
            path: "/admin/policies/Default",
            form: POLICY_FORM,
            alternatives: &[],
        },
    ];
    // Every console route with a permission behind it has a case: a route added without one
    // fails here.
    let open_routes = [
        "/admin",
        "/admin/login",
        "/admin/login/code",
        "/admin/login/enroll",
        "/admin/logout",
        // Any signed-in administrator confirms their own second factor.
        "/admin/reauth",
    ];
    let src = include_str!("../src/console/mod.rs");
    // Every "/admin..." string literal in the router is a route.
    let routes: Vec<&str> = src.split('"').filter(|t| t.starts_with("/admin")).collect();
    assert!(
        routes.len() >= 18,
        "found only {} console routes",
        routes.len()
    );
    for route in routes {
        if open_routes.contains(&route) {
            continue;
        }
        let pattern: Vec<&str> = route.split('/').collect();
        let covered = cases.iter().any(|c| {
            let path: Vec<&str> = c.path.split('/').collect();
            path.len() == pattern.len()
                && path
                    .iter()
                    .zip(&pattern)
                    .all(|(a, b)| b.starts_with('{') || a == b)
        });
        assert!(
            covered,
            "console route {route} has no case in the authorisation matrix"
        );
    }
    for (i, case) in cases.iter().enumerate() {
        let c = Console::new().await;
        c.user("dave", None).await;
        lock(&c, "dave").await;
        let others: Vec<Permission> = Permission::ALL
            .into_iter()
            .filter(|p| *p != case.needs && !case.alternatives.contains(p))
            .collect();
        // Settings pages are reachable with either settings permission; the toggle case tests a
        // forged field, so the admin without it still may open the page.
        c.user("without", Some((&format!("Without {i}"), &others)))
            .await;
        c.user("with", Some((&format!("With {i}"), &[case.needs])))
            .await;
        c.env
            .services
            .create_role(&Caller::operator("test"), "Spare")
            .await
            .unwrap();
        let method = c
            .env
            .services
            .begin_otp_enrollment(&Caller::operator("test"), "dave", "Phone")
            .await
            .unwrap()
            .method_id;
        let path = case.path.replace("METHOD", method.as_str());
        let dave = c
            .env
            .db
            .user_by_name(&regain_core::user::Username::parse("dave").unwrap())
            .await
            .unwrap()
            .unwrap();
        c.env
            .db
            .require_proofing(dave.id, regain_core::time::Timestamp(1))
            .await
            .unwrap();
        if case.path.starts_with("/admin/notifications/1") {
            // Subscription 1, to remove.
            c.env
                .services
                .subscribe(
                    &Caller::operator("test"),
                    "push_limit",
                    "email",
                    "sec@example.org",
                    "",
                )
                .await
                .unwrap();
        }
        if case.path.contains("tempcode") {
            // Temporary codes on, and dave has one to replace or revoke.
            let op = Caller::operator("test");
            c.env
                .services
                .set_settings(&op, &[("allow_temporary_codes".into(), "true".into())])
                .await
                .unwrap();
            c.env
                .services
                .generate_temporary_code(
                    &op,
                    "dave",
                    regain_core::temp_code::Uses::Once,
                    regain_core::service::Expiry::In(std::time::Duration::from_secs(3600)),
                    false,
                )
                .await
                .unwrap();
        }
        let snapshot = async || {
            format!(
                "{:?}{:?}{:?}{:?}{:?}{:?}{:?}{:?}{:?}{:?}{:?}{:?}{}",
                c.env.db.active_temp_code(dave.id).await.unwrap(),
                c.env.db.proofing_required(dave.id).await.unwrap(),
                c.env
                    .services
                    .list_methods(&Caller::operator("test"), "dave")
                    .await
                    .unwrap()
                    .len(),
                c.env.services.store.list_questions().await.unwrap(),
                c.env.services.store.list_policies().await.unwrap(),
                c.env.services.store.list_roles().await.unwrap(),
                c.env.services.store.list_admins().await.unwrap(),
                c.env.services.store.settings().await.unwrap(),
                c.env
                    .services
                    .store
                    .user_by_name(&regain_core::user::Username::parse("dave").unwrap())
                    .await
                    .unwrap(),
                regain_core::notifications::NotificationRepo::subscriptions(&c.env.db)
                    .await
                    .unwrap(),
                regain_core::notifications::NotificationRepo::outbox_counts(&c.env.db)
                    .await
                    .unwrap(),
                regain_core::notifications::NotificationRepo::contact(&c.env.db, dave.id)
                    .await
                    .unwrap(),
                locked(&c, "dave").await
            )
        };
        let before = snapshot().await;
        for (who, expect_ok) in [("without", false), ("with", true)] {
            let (cookie, csrf) = c
                .sign_in(who, PW)
                .await
                .unwrap_or_else(|r| panic!("{who}: {}", r.body));
            let res = if case.method == "GET" {
                c.get(&path, &cookie).await
            } else {
                let mut form = vec![("csrf", csrf.as_str())];
                form.extend_from_slice(case.form);
                c.post(&path, &cookie, &form).await
            };
            if expect_ok {
                assert!(
                    matches!(res.status, StatusCode::OK | StatusCode::SEE_OTHER),
                    "{} {} with {:?}: {}",
                    case.method,
                    case.path,
                    case.needs,
                    res.status
                );
            } else {
                assert_eq!(
                    res.status,
                    StatusCode::FORBIDDEN,
                    "{} {} without {:?}",
                    case.method,
                    case.path,
                    case.needs
                );
                assert_eq!(
                    snapshot().await,
                    before,
                    "{} {}: refused but changed",
                    case.method,
                    case.path
                );
            }
        }
    }
}

/// Security requirements 10 and 47: holding "Manage roles" is no way to more privileges, through
/// the console's role forms: each refusal is a 403 that changes nothing; the same forms within
/// the administrator's own permissions work. And a role change applies to the next request of an
/// administrator who is signed in.
#[tokio::test]
async fn req10_role_managers_cannot_escalate_through_the_console() {
    let c = Console::new().await;
    let op = Caller::operator("test");
    let s = &c.env.services;
    c.user(
        "mia",
        Some((
            "Role managers",
            &[
                Permission::ManageRoles,
                Permission::ViewUsers,
                Permission::ManageTemporaryCodes,
            ],
        )),
    )
    .await;
    s.set_role_temp_code_limit(
        &op,
        "Role managers",
        Some(std::time::Duration::from_secs(86_400)),
    )
    .await
    .unwrap();
    c.user("root", Some(("Superadministrator", &[]))).await;
    c.user("bob", Some(("Helpdesk", &[Permission::ViewUsers])))
        .await;
    c.user("eve", None).await;
    s.create_role(&op, "Auditors").await.unwrap();
    s.set_role_permission(&op, "Auditors", Permission::ReadAuditLog, true)
        .await
        .unwrap();
    let snapshot = async || {
        format!(
            "{:?}{:?}",
            c.env.services.store.list_roles().await.unwrap(),
            c.env.services.store.list_admins().await.unwrap()
        )
    };
    let (cookie, csrf) = c.sign_in("mia", PW).await.unwrap();
    type Form = &'static [(&'static str, &'static str)];
    let refused: [(&str, Form, &str); 7] = [
        (
            "/admin/roles/assign",
            &[("username", "mia"), ("role", "Superadministrator")],
            "herself superadministrator",
        ),
        (
            "/admin/roles/assign",
            &[("username", "eve"), ("role", "Superadministrator")],
            "another superadministrator",
        ),
        (
            "/admin/roles/assign",
            &[("username", "root"), ("role", "Helpdesk")],
            "a superadministrator demoted",
        ),
        (
            "/admin/roles/assign",
            &[("username", "eve"), ("role", "Auditors")],
            "a role with a permission she lacks",
        ),
        (
            "/admin/roles/Helpdesk",
            &[("perm", "users.view"), ("perm", "audit.read")],
            "a permission she lacks granted",
        ),
        (
            "/admin/roles/Helpdesk",
            &[("perm", "users.view"), ("perm", "temporary_codes.manage")],
            "codes without a limit (longer than her own 24 h)",
        ),
        (
            "/admin/roles/Role%20managers",
            &[("perm", "roles.manage"), ("perm", "users.view")],
            "her own role",
        ),
    ];
    let before = snapshot().await;
    for (path, fields, what) in refused {
        let mut form = vec![("csrf", csrf.as_str())];
        form.extend_from_slice(fields);
        let res = c.post(path, &cookie, &form).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{what}: {}", res.body);
        assert_eq!(snapshot().await, before, "{what}: refused but changed");
    }
    // Within her own permissions and limit: allowed.
    let res = c
        .post(
            "/admin/roles/Helpdesk",
            &cookie,
            &[
                ("csrf", csrf.as_str()),
                ("perm", "users.view"),
                ("perm", "temporary_codes.manage"),
                ("limit", "8h"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let res = c
        .post(
            "/admin/roles/assign",
            &cookie,
            &[
                ("csrf", csrf.as_str()),
                ("username", "eve"),
                ("role", "Helpdesk"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    // The last superadministrator cannot be removed, not even by themselves or the operator.
    let (root_cookie, root_csrf) = c.sign_in("root", PW).await.unwrap();
    let res = c
        .post(
            "/admin/roles/assign",
            &root_cookie,
            &[
                ("csrf", root_csrf.as_str()),
                ("username", "root"),
                ("role", "Helpdesk"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let admins_before = s.store.list_admins().await.unwrap();
    let sas = |a: &[(String, String)]| a.iter().filter(|(_, r)| r == "Superadministrator").count();
    for name in admins_before
        .iter()
        .filter(|(_, r)| r == "Superadministrator")
        .map(|(n, _)| n.clone())
        .collect::<Vec<_>>()
    {
        let left = sas(&s.store.list_admins().await.unwrap());
        let r = s.assign_role(&op, "Helpdesk", &name).await;
        if left <= 1 {
            assert!(
                matches!(r, Err(regain_core::service::ServiceError::Forbidden(_))),
                "the last superadministrator {name} was removed"
            );
        } else {
            r.unwrap();
        }
    }
    assert_eq!(sas(&s.store.list_admins().await.unwrap()), 1);
    // A role change applies to the next request of a signed-in administrator.
    let (bob, _) = c.sign_in("bob", PW).await.unwrap();
    assert_eq!(c.get("/admin/users", &bob).await.status, StatusCode::OK);
    s.set_role_permission(&op, "Helpdesk", Permission::ViewUsers, false)
        .await
        .unwrap();
    assert_eq!(
        c.get("/admin/users", &bob).await.status,
        StatusCode::FORBIDDEN
    );
    s.set_role_permission(&op, "Helpdesk", Permission::ViewUsers, true)
        .await
        .unwrap();
    assert_eq!(c.get("/admin/users", &bob).await.status, StatusCode::OK);
}
