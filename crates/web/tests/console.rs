//! The console through the router, as a browser would use it: cookies, forms, redirects.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use async_trait::async_trait;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use regain_core::admin::Permission;
use regain_core::audit::AuditFilter;
use regain_core::directory::AuthOutcome;
use regain_core::ports::{AuditRepo, RoleRepo};
#[allow(unused_imports)]
use regain_core::ports::{PolicyRepo, QuestionRepo, SettingsRepo};
use regain_core::service::{Caller, NewUser};
use regain_web::{AppState, Metrics, Readiness, WebConfig, app};
use secrecy::SecretString;
use std::sync::Arc;
use tower::ServiceExt;

struct Ready;
#[async_trait]
impl Readiness for Ready {
    async fn check(&self) -> Result<(), String> {
        Ok(())
    }
}

struct Console {
    env: support::Env,
    state: AppState,
}

#[derive(Debug)]
#[allow(dead_code)]
struct Res {
    status: StatusCode,
    location: String,
    cookies: Vec<String>,
    body: String,
}

const PW: &str = "Console-Pass-42";

impl Console {
    async fn new() -> Console {
        let env = support::env().await;
        let state = AppState {
            services: env.services.clone(),
            readiness: Arc::new(Ready),
            metrics: Arc::new(Metrics::default()),
            config: WebConfig::default(),
        };
        Console { env, state }
    }

    async fn user(&self, name: &str, role: Option<(&str, &[Permission])>) {
        let op = Caller::operator("test");
        let s = &self.env.services;
        s.add_user(
            &op,
            NewUser {
                username: name.into(),
                display_name: format!("{name} display"),
                policy: None,
                password: Some(SecretString::from(PW.to_owned())),
            },
        )
        .await
        .unwrap();
        if let Some((role, perms)) = role {
            if role != "Superadministrator" {
                s.create_role(&op, role).await.unwrap();
                for p in perms {
                    s.set_role_permission(&op, role, *p, true).await.unwrap();
                }
            }
            s.assign_role(&op, role, name).await.unwrap();
        }
    }

    async fn send(&self, req: Request<Body>) -> Res {
        let res = app(self.state.clone()).oneshot(req).await.unwrap();
        let status = res.status();
        let location = res
            .headers()
            .get(header::LOCATION)
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default();
        let cookies = res
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect();
        let body = String::from_utf8_lossy(&res.into_body().collect().await.unwrap().to_bytes())
            .into_owned();
        Res {
            status,
            location,
            cookies,
            body,
        }
    }

    async fn get(&self, path: &str, cookie: &str) -> Res {
        self.send(
            Request::get(path)
                .header(header::COOKIE, cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await
    }

    async fn post(&self, path: &str, cookie: &str, form: &[(&str, &str)]) -> Res {
        let body: Vec<String> = form
            .iter()
            .map(|(k, v)| format!("{k}={}", enc(v)))
            .collect();
        self.send(
            Request::post(path)
                .header(header::COOKIE, cookie)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(body.join("&")))
                .unwrap(),
        )
        .await
    }

    /// Signs in through the form; returns (cookie header for later requests, csrf token).
    async fn sign_in(&self, user: &str, password: &str) -> Result<(String, String), Res> {
        let page = self.get("/admin/login", "").await;
        let csrf = field(&page.body, "csrf");
        let pre = cookie_pair(&page.cookies, "__Host-regain-pre");
        let res = self
            .post(
                "/admin/login",
                &pre,
                &[("csrf", &csrf), ("username", user), ("password", password)],
            )
            .await;
        if res.status != StatusCode::SEE_OTHER {
            return Err(res);
        }
        let session = cookie_pair(&res.cookies, "__Host-regain");
        let page = self.get("/admin/users", &session).await;
        let csrf = if page.status == StatusCode::OK {
            field(&page.body, "csrf")
        } else {
            field(&self.get("/admin/settings", &session).await.body, "csrf")
        };
        Ok((session, csrf))
    }
}

fn enc(v: &str) -> String {
    v.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn field(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no {name} field in:\n{html}"))
        + marker.len();
    html[start..].split('"').next().unwrap().to_owned()
}

fn cookie_pair(set_cookies: &[String], name: &str) -> String {
    set_cookies
        .iter()
        .find(|c| c.starts_with(&format!("{name}=")))
        .unwrap_or_else(|| panic!("no {name} cookie in {set_cookies:?}"))
        .split(';')
        .next()
        .unwrap()
        .to_owned()
}

/// Security requirement 47: session cookie flags, rotation at sign-in, server-side sign-out.
#[tokio::test]
async fn req47_sign_in_sets_a_hardened_rotating_cookie_and_sign_out_ends_the_session() {
    let c = Console::new().await;
    c.user("ada", Some(("Superadministrator", &[]))).await;
    let page = c.get("/admin/login", "").await;
    let csrf = field(&page.body, "csrf");
    let pre = cookie_pair(&page.cookies, "__Host-regain-pre");
    let res = c
        .post(
            "/admin/login",
            &pre,
            &[("csrf", &csrf), ("username", "ada"), ("password", PW)],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.location, "/admin");
    let set = res
        .cookies
        .iter()
        .find(|c| c.starts_with("__Host-regain="))
        .unwrap();
    for flag in ["Path=/", "Secure", "HttpOnly", "SameSite=Strict"] {
        assert!(set.contains(flag), "{flag} missing: {set}");
    }
    let first = cookie_pair(&res.cookies, "__Host-regain");
    let (second, csrf2) = c.sign_in("ada", PW).await.unwrap();
    assert_ne!(first, second, "a new session id at every sign-in");
    assert!(first.len() > 40, "at least 128 bits");
    assert_eq!(c.get("/admin/users", &second).await.status, StatusCode::OK);
    let out = c.post("/admin/logout", &second, &[("csrf", &csrf2)]).await;
    assert_eq!(out.location, "/admin/login?signed_out=1");
    let replay = c.get("/admin/users", &second).await;
    assert_eq!(
        (replay.status, replay.location.as_str()),
        (StatusCode::SEE_OTHER, "/admin/login"),
        "the old cookie no longer works"
    );
    assert_eq!(
        c.get("/admin/users", &first).await.status,
        StatusCode::OK,
        "other sessions are unaffected"
    );
}

#[tokio::test]
async fn idle_sessions_expire() {
    let c = Console::new().await;
    c.user("ada", Some(("Superadministrator", &[]))).await;
    let (cookie, _) = c.sign_in("ada", PW).await.unwrap();
    c.env.clock.advance(regain_core::session::IDLE_TIMEOUT);
    assert_eq!(
        c.get("/admin/users", &cookie).await.status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn failed_sign_ins_look_the_same_whatever_the_reason_and_are_audited_precisely() {
    let c = Console::new().await;
    c.user("ada", Some(("Superadministrator", &[]))).await;
    c.user("plainuser", None).await;
    let mut bodies = Vec::new();
    for (user, pw) in [("ada", "Wrong-Pass-42"), ("ghost", PW), ("plainuser", PW)] {
        let res = c.sign_in(user, pw).await.expect_err("sign-in should fail");
        assert_eq!(res.status, StatusCode::UNAUTHORIZED);
        assert!(res.body.contains("Sign-in failed"));
        assert!(
            res.body.contains(&format!("value=\"{user}\"")),
            "user name kept"
        );
        bodies.push(
            res.body
                .replace(user, "USER")
                .split("name=\"csrf\"")
                .next()
                .unwrap()
                .to_owned(),
        );
    }
    assert!(
        bodies.windows(2).all(|w| w[0] == w[1]),
        "responses differ by reason"
    );
    let log = c
        .env
        .db
        .list_audit(&AuditFilter {
            action: Some("admin.sign_in".into()),
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    let reasons: Vec<String> = log
        .items
        .iter()
        .flat_map(|r| {
            r.event
                .details
                .iter()
                .filter(|(k, _)| k == "reason")
                .map(|(_, v)| v.clone())
        })
        .collect();
    for r in ["bad_credentials", "not_an_administrator"] {
        assert!(reasons.contains(&r.to_owned()), "{r} not in {reasons:?}");
    }
}

#[tokio::test]
async fn sign_in_without_the_form_token_is_refused() {
    let c = Console::new().await;
    c.user("ada", Some(("Superadministrator", &[]))).await;
    let res = c
        .post(
            "/admin/login",
            "",
            &[("csrf", "x"), ("username", "ada"), ("password", PW)],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert!(res.cookies.iter().all(|c| !c.starts_with("__Host-regain=")));
}

#[tokio::test]
async fn console_pages_need_a_session() {
    let c = Console::new().await;
    for path in [
        "/admin",
        "/admin/users",
        "/admin/users/x",
        "/admin/settings",
    ] {
        let r = c.get(path, "").await;
        assert_eq!(
            (r.status, r.location.as_str()),
            (StatusCode::SEE_OTHER, "/admin/login"),
            "{path}"
        );
    }
    let r = c
        .post(
            "/admin/users/x/unlock",
            "__Host-regain=forged",
            &[("csrf", "x")],
        )
        .await;
    assert_eq!(r.location, "/admin/login");
}

async fn locked(c: &Console, user: &str) -> bool {
    c.env
        .services
        .directory
        .account(user)
        .await
        .unwrap()
        .unwrap()
        .locked_until
        .is_some()
}

async fn lock(c: &Console, user: &str) {
    for i in 0..5 {
        let _ = c
            .env
            .services
            .directory
            .authenticate(user, &SecretString::from(format!("bad-{i}")))
            .await
            .unwrap();
    }
    assert!(locked(c, user).await);
}

#[tokio::test]
async fn unlock_needs_the_form_token_and_then_works() {
    let c = Console::new().await;
    c.user("ada", Some(("Superadministrator", &[]))).await;
    c.user("dave", None).await;
    lock(&c, "dave").await;
    let (cookie, csrf) = c.sign_in("ada", PW).await.unwrap();
    let page = c.get("/admin/users/dave", &cookie).await;
    assert!(page.body.contains("id=\"unlock\""));
    let forged = c
        .post(
            "/admin/users/dave/unlock",
            &cookie,
            &[("csrf", "not-the-token")],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert!(locked(&c, "dave").await);
    let ok = c
        .post("/admin/users/dave/unlock", &cookie, &[("csrf", &csrf)])
        .await;
    assert_eq!(
        (ok.status, ok.location.as_str()),
        (StatusCode::SEE_OTHER, "/admin/users/dave?done=unlocked")
    );
    assert!(!locked(&c, "dave").await);
    assert!(
        c.get("/admin/users/dave?done=unlocked", &cookie)
            .await
            .body
            .contains("The account is unlocked.")
    );
    let a = c
        .env
        .services
        .directory
        .authenticate("dave", &SecretString::from(PW.to_owned()))
        .await
        .unwrap();
    assert_eq!(a, AuthOutcome::Authenticated);
    let log = c
        .env
        .db
        .list_audit(&AuditFilter {
            action: Some("user.unlock".into()),
            limit: 5,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(log.items[0].event.actor, "admin:ada");
}

#[tokio::test]
async fn users_search_and_paging() {
    let c = Console::new().await;
    c.user("ada", Some(("Superadministrator", &[]))).await;
    let op = Caller::operator("test");
    for i in 0..59 {
        c.env
            .services
            .add_user(
                &op,
                NewUser {
                    username: format!("user{i:03}"),
                    display_name: format!("Person {i}"),
                    policy: None,
                    password: None,
                },
            )
            .await
            .unwrap();
    }
    let (cookie, _) = c.sign_in("ada", PW).await.unwrap();
    let p1 = c.get("/admin/users", &cookie).await;
    assert!(p1.body.contains("Showing 1–25 of 60 users"), "{}", p1.body);
    assert!(p1.body.contains("rel=\"next\""), "{}", p1.body);
    let p3 = c.get("/admin/users?page=3", &cookie).await;
    assert!(p3.body.contains("Showing 51–60 of 60 users"));
    assert!(!p3.body.contains("rel=\"next\""));
    let found = c.get("/admin/users?q=Person+42", &cookie).await;
    assert!(found.body.contains("Showing 1–1 of 1 users") && found.body.contains("user042"));
    let none = c.get("/admin/users?q=%3Cscript%3E", &cookie).await;
    assert!(
        none.body.contains("No user matches “&#60;script&#62;”")
            || none.body.contains("&lt;script&gt;"),
        "{}",
        none.body
    );
    assert!(!none.body.contains("<script>"));
}

#[tokio::test]
async fn a_bad_setting_comes_back_next_to_the_field_and_saves_nothing() {
    let c = Console::new().await;
    c.user("ada", Some(("Superadministrator", &[]))).await;
    let (cookie, csrf) = c.sign_in("ada", PW).await.unwrap();
    let res = c
        .post(
            "/admin/settings",
            &cookie,
            &[
                ("csrf", &csrf),
                ("allow_temporary_codes", "true"),
                ("temporary_code_max_lifetime", "15d"),
                ("self_service_mode", "questions"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("class=\"field-error\""), "{}", res.body);
    assert!(res.body.contains("value=\"15d\""), "entry kept");
    assert!(
        !c.env
            .services
            .store
            .settings()
            .await
            .unwrap()
            .allow_temporary_codes,
        "half-saved"
    );
    let res = c
        .post(
            "/admin/settings",
            &cookie,
            &[
                ("csrf", &csrf),
                ("allow_temporary_codes", "true"),
                ("temporary_code_max_lifetime", "3d"),
                ("self_service_mode", "questions"),
            ],
        )
        .await;
    assert_eq!(res.location, "/admin/settings?done=settings");
    let s = c.env.services.store.settings().await.unwrap();
    assert!(s.allow_temporary_codes);
    assert_eq!(
        s.temporary_code_max_lifetime,
        std::time::Duration::from_secs(3 * 86_400)
    );
}

/// A complete policy form: the Default policy with lockout threshold 7.
const POLICY_FORM: &[(&str, &str)] = &[
    ("name", "Default"),
    ("remote_access.enabled", "true"),
    ("remote_access.second_factor", "true"),
    ("remote_access.factor", "push"),
    ("remote_access.factor", "otp"),
    ("workstation_login.enabled", "true"),
    ("workstation_login.second_factor", "true"),
    ("workstation_login.factor", "push"),
    ("enrollment.may_enroll", "true"),
    ("enrollment.remote", "password_and_temporary_code"),
    ("sspr.questions_to_enroll", "5"),
    ("sspr.questions_to_answer", "3"),
    ("sspr.enrollment_prompt", "do_not_prompt"),
    ("sspr.questions_for_app_passwords", "2"),
    ("lockout.threshold", "7"),
    ("lockout.window", "15m"),
    ("lockout.duration", "15m"),
];

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
            path: "/admin/users/dave/methods/METHOD/delete",
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
    ];
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
        let path = case.path.replace("METHOD", &method);
        let snapshot = async || {
            format!(
                "{:?}{:?}{:?}{:?}{:?}{:?}{:?}{}",
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

#[tokio::test]
async fn create_a_role_grant_permissions_with_a_limit_and_assign_it() {
    let c = Console::new().await;
    c.user("ada", Some(("Superadministrator", &[]))).await;
    c.user("hugo", None).await;
    let (cookie, csrf) = c.sign_in("ada", PW).await.unwrap();
    let dup = c
        .post(
            "/admin/roles",
            &cookie,
            &[("csrf", &csrf), ("name", "Superadministrator")],
        )
        .await;
    assert_eq!(dup.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        dup.body.contains("already exists") && dup.body.contains("value=\"Superadministrator\"")
    );
    let res = c
        .post(
            "/admin/roles",
            &cookie,
            &[("csrf", &csrf), ("name", "Help desk")],
        )
        .await;
    assert_eq!(res.location, "/admin/roles/Help%20desk?done=role_created");
    let page = c.get("/admin/roles/Help%20desk", &cookie).await;
    assert!(
        page.body.contains("Enable/disable temporary codes")
            && page.body.contains("Generate/revoke temporary codes")
    );
    let props = page.body.find("<strong>Properties</strong>").unwrap();
    let users = page.body.find("<strong>Users</strong>").unwrap();
    let toggle = page.body.find("Enable/disable temporary codes").unwrap();
    let generate = page.body.find("Generate/revoke temporary codes").unwrap();
    assert!(
        props < toggle && toggle < users && users < generate,
        "labels under the expected sections"
    );
    let bad = c
        .post(
            "/admin/roles/Help%20desk",
            &cookie,
            &[("csrf", &csrf), ("perm", "users.unlock"), ("limit", "15d")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("class=\"field-error\"") && bad.body.contains("value=\"15d\""));
    assert!(
        bad.body.contains("id=\"perm-users.unlock\" checked"),
        "ticked boxes kept"
    );
    let ok = c
        .post(
            "/admin/roles/Help%20desk",
            &cookie,
            &[
                ("csrf", &csrf),
                ("perm", "users.unlock"),
                ("perm", "temporary_codes.manage"),
                ("limit", "24h"),
            ],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    let role = c.env.db.role_by_name("help desk").await.unwrap().unwrap();
    assert!(
        role.allows(Permission::UnlockUsers)
            && role.allows(Permission::ManageTemporaryCodes)
            && !role.allows(Permission::ViewUsers)
    );
    assert_eq!(
        role.limits.max_temporary_code_lifetime,
        Some(std::time::Duration::from_secs(86_400))
    );
    let missing = c
        .post(
            "/admin/roles/assign",
            &cookie,
            &[
                ("csrf", &csrf),
                ("username", "nobody"),
                ("role", "Help desk"),
            ],
        )
        .await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        missing.body.contains("nobody") && missing.body.contains("not found"),
        "{}",
        missing.body
    );
    let assigned = c
        .post(
            "/admin/roles/assign",
            &cookie,
            &[("csrf", &csrf), ("username", "hugo"), ("role", "Help desk")],
        )
        .await;
    assert_eq!(assigned.location, "/admin/roles?done=assigned");
    assert!(
        c.get("/admin/roles", &cookie)
            .await
            .body
            .contains("<td><a href=\"/admin/users/hugo\">hugo</a></td><td>Help desk</td>")
    );
    // The built-in role has no edit page.
    assert_eq!(
        c.get("/admin/roles/Superadministrator", &cookie)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn audit_page_filters_pages_and_shows_the_chain_state() {
    let c = Console::new().await;
    c.user("ada", Some(("Superadministrator", &[]))).await;
    c.user("dave", None).await;
    let (cookie, csrf) = c.sign_in("ada", PW).await.unwrap();
    c.post("/admin/users/dave/unlock", &cookie, &[("csrf", &csrf)])
        .await;
    let page = c
        .get("/admin/audit?actor=admin%3Aada&action=user.unlock", &cookie)
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("badge ok\">intact"), "{}", page.body);
    assert!(
        page.body.contains("Showing 1–1 of 1 records"),
        "{}",
        page.body
    );
    let bad = c.get("/admin/audit?since=last+week", &cookie).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body.contains("class=\"field-error\" id=\"since-err\"")
            && bad.body.contains("value=\"last week\"")
    );
    sqlx_tamper(&c).await;
    let broken = c.get("/admin/audit", &cookie).await;
    assert!(
        broken.body.contains("badge bad\">broken"),
        "{}",
        broken.body
    );
}

async fn sqlx_tamper(c: &Console) {
    let first = c
        .env
        .db
        .list_audit(&AuditFilter {
            action: Some("user.add".into()),
            limit: 1,
            ..Default::default()
        })
        .await
        .unwrap()
        .items[0]
        .id;
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&c.env.url).await.unwrap();
    sqlx::query("UPDATE audit_log SET target = 'someone-else' WHERE id = $1")
        .bind(first)
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
}

#[tokio::test]
async fn create_a_policy_fix_a_validation_error_and_save() {
    let c = Console::new().await;
    c.user("ada", Some(("Superadministrator", &[]))).await;
    let (cookie, csrf) = c.sign_in("ada", PW).await.unwrap();
    let res = c
        .post(
            "/admin/policies",
            &cookie,
            &[("csrf", &csrf), ("name", "Contractors"), ("copy_of", "")],
        )
        .await;
    assert_eq!(res.location, "/admin/policies/Contractors?done=created");
    let page = c.get("/admin/policies/Contractors", &cookie).await;
    for section in [
        "id=\"workflows\"",
        "id=\"enrollment\"",
        "id=\"sspr\"",
        "id=\"lockout\"",
    ] {
        assert!(page.body.contains(section), "{section}");
    }
    let mut form: Vec<(&str, &str)> = vec![("csrf", &csrf)];
    form.extend_from_slice(POLICY_FORM);
    form.retain(|(k, _)| *k != "name" && *k != "sspr.questions_to_answer");
    form.push(("name", "Contractors"));
    form.push(("sspr.questions_to_answer", "9"));
    let bad = c.post("/admin/policies/Contractors", &cookie, &form).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body.contains("id=\"err-answer\""),
        "message next to the field:\n{}",
        bad.body
    );
    assert!(
        bad.body.contains(
            "name=\"sspr.questions_to_answer\" type=\"number\" min=\"1\" max=\"10\" value=\"9\""
        ),
        "entry kept"
    );
    assert!(bad.body.contains("value=\"7\""), "other entries kept");
    let stored = c
        .env
        .services
        .store
        .policy_by_name("Contractors")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.lockout.threshold, 5, "nothing half-saved");
    // Order signing with a temporary code is refused next to that workflow.
    let mut signing = form.clone();
    signing.retain(|(k, _)| *k != "sspr.questions_to_answer");
    signing.extend([
        ("sspr.questions_to_answer", "3"),
        ("order_signing.enabled", "true"),
        ("order_signing.second_factor", "true"),
        ("order_signing.factor", "temporary_code"),
    ]);
    let bad = c
        .post("/admin/policies/Contractors", &cookie, &signing)
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body.contains("id=\"err-order_signing\""),
        "{}",
        bad.body
    );
    let mut good = form.clone();
    good.retain(|(k, _)| *k != "sspr.questions_to_answer");
    good.push(("sspr.questions_to_answer", "3"));
    let ok = c.post("/admin/policies/Contractors", &cookie, &good).await;
    assert_eq!(ok.location, "/admin/policies/Contractors?done=saved");
    let stored = c
        .env
        .services
        .store
        .policy_by_name("Contractors")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.lockout.threshold, 7);
    assert_eq!(
        stored.workflows[&regain_core::policy::Workflow::RemoteAccess]
            .accepted_factors
            .len(),
        2
    );
}

#[tokio::test]
async fn security_questions_add_edit_mandatory_delete() {
    let c = Console::new().await;
    c.user("ada", Some(("Superadministrator", &[]))).await;
    let (cookie, csrf) = c.sign_in("ada", PW).await.unwrap();
    let page = c.get("/admin/questions", &cookie).await;
    assert!(
        page.body.contains("What was the name of your first pet?"),
        "default set shown"
    );
    let short = c
        .post(
            "/admin/questions",
            &cookie,
            &[("csrf", &csrf), ("text", "Why")],
        )
        .await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(short.body.contains("class=\"field-error\"") && short.body.contains("value=\"Why\""));
    let ok = c
        .post(
            "/admin/questions",
            &cookie,
            &[
                ("csrf", &csrf),
                ("text", "What was your first job?"),
                ("mandatory", "true"),
            ],
        )
        .await;
    assert_eq!(ok.location, "/admin/questions?done=added");
    let qs = c.env.services.store.list_questions().await.unwrap();
    let new = qs
        .iter()
        .find(|q| q.text == "What was your first job?")
        .unwrap();
    assert!(new.mandatory);
    let edit = c
        .post(
            &format!("/admin/questions/{}", new.id),
            &cookie,
            &[("csrf", &csrf), ("text", "What was your first paid job?")],
        )
        .await;
    assert_eq!(edit.location, "/admin/questions?done=saved");
    let dup = c
        .post(
            &format!("/admin/questions/{}", new.id),
            &cookie,
            &[("csrf", &csrf), ("text", "In what city were you born?")],
        )
        .await;
    assert_eq!(dup.status, StatusCode::UNPROCESSABLE_ENTITY);
    let del = c
        .post(
            &format!("/admin/questions/{}/delete", new.id),
            &cookie,
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(del.location, "/admin/questions?done=deleted");
    assert_eq!(
        c.env.services.store.list_questions().await.unwrap().len(),
        10
    );
    let gone = c
        .post(
            &format!("/admin/questions/{}/delete", new.id),
            &cookie,
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn user_page_lists_methods_and_deletes_an_enrollment_after_confirmation() {
    let c = Console::new().await;
    c.user("ada", Some(("Superadministrator", &[]))).await;
    c.user("erin", None).await;
    let op = Caller::operator("test");
    c.env
        .services
        .set_policy(
            &op,
            "Default",
            &[("enrollment.may_delay".into(), "true".into())],
        )
        .await
        .unwrap();
    let en = c
        .env
        .services
        .begin_otp_enrollment(&op, "erin", "Work phone")
        .await
        .unwrap();
    let seed = regain_crypto::base32_decode(&en.seed_base32).unwrap();
    let step =
        regain_core::otp::totp_step(regain_core::ports::Clock::now(c.env.clock.as_ref()), 30);
    let code = regain_crypto::hotp(&seed, step, regain_core::otp::OtpAlgorithm::Sha1, 6);
    c.env
        .services
        .confirm_otp_enrollment(&op, "erin", &en.method_id, &code)
        .await
        .unwrap();
    let (cookie, csrf) = c.sign_in("ada", PW).await.unwrap();
    let page = c.get("/admin/users/erin", &cookie).await;
    assert!(page.body.contains("Work phone") && page.body.contains("Delete enrollment"));
    assert!(
        page.body.contains("remote access is password-only"),
        "warning shown before deleting the last factor"
    );
    let path = format!("/admin/users/erin/methods/{}/delete", en.method_id);
    let unconfirmed = c.post(&path, &cookie, &[("csrf", &csrf)]).await;
    assert_eq!(unconfirmed.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        c.env
            .services
            .list_methods(&op, "erin")
            .await
            .unwrap()
            .len(),
        1
    );
    let done = c
        .post(&path, &cookie, &[("csrf", &csrf), ("confirm", "yes")])
        .await;
    assert_eq!(
        done.location,
        "/admin/users/erin?done=method_deleted_password_only"
    );
    assert!(
        c.env
            .services
            .list_methods(&op, "erin")
            .await
            .unwrap()
            .is_empty()
    );
    let page = c.get(&done.location, &cookie).await;
    assert!(
        page.body.contains("id=\"no-methods\"")
            && page.body.contains("password-only until they enrol again")
    );
    let log = c
        .env
        .db
        .list_audit(&AuditFilter {
            action: Some("method.delete".into()),
            limit: 5,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(log.items[0].event.actor, "admin:ada");
}

/// Security requirement 47 (MFA for the console): an administrator with an OTP token must enter
/// a code after the password; the pending step is single use.
#[tokio::test]
async fn req47_administrators_with_a_token_sign_in_with_a_code() {
    let c = Console::new().await;
    c.user("ada", Some(("Superadministrator", &[]))).await;
    let op = Caller::operator("test");
    let en = c
        .env
        .services
        .begin_otp_enrollment(&op, "ada", "Phone")
        .await
        .unwrap();
    let seed = regain_crypto::base32_decode(&en.seed_base32).unwrap();
    let code_at = |c: &Console, offset: u64| {
        let step =
            regain_core::otp::totp_step(regain_core::ports::Clock::now(c.env.clock.as_ref()), 30)
                + offset;
        regain_crypto::hotp(&seed, step, regain_core::otp::OtpAlgorithm::Sha1, 6)
    };
    c.env
        .services
        .confirm_otp_enrollment(&op, "ada", &en.method_id, &code_at(&c, 0))
        .await
        .unwrap();
    c.env.clock.advance(std::time::Duration::from_secs(30));
    let page = c.get("/admin/login", "").await;
    let pre = cookie_pair(&page.cookies, "__Host-regain-pre");
    let step1 = c
        .post(
            "/admin/login",
            &pre,
            &[
                ("csrf", &field(&page.body, "csrf")),
                ("username", "ada"),
                ("password", PW),
            ],
        )
        .await;
    assert_eq!(step1.status, StatusCode::OK);
    assert!(
        step1
            .cookies
            .iter()
            .all(|k| !k.starts_with("__Host-regain=")),
        "no session before the code"
    );
    let pending = field(&step1.body, "pending");
    let pre = cookie_pair(&step1.cookies, "__Host-regain-pre");
    let wrong = c
        .post(
            "/admin/login/code",
            &pre,
            &[
                ("csrf", &field(&step1.body, "csrf")),
                ("pending", &pending),
                ("code", "000000"),
            ],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(wrong.body.contains("That code is not right"));
    let pre = cookie_pair(&wrong.cookies, "__Host-regain-pre");
    let ok = c
        .post(
            "/admin/login/code",
            &pre,
            &[
                ("csrf", &field(&wrong.body, "csrf")),
                ("pending", &pending),
                ("code", &code_at(&c, 0)),
            ],
        )
        .await;
    assert_eq!(
        (ok.status, ok.location.as_str()),
        (StatusCode::SEE_OTHER, "/admin")
    );
    let session = cookie_pair(&ok.cookies, "__Host-regain");
    assert_eq!(c.get("/admin/users", &session).await.status, StatusCode::OK);
    // The pending step cannot be used again.
    let again = c
        .post(
            "/admin/login/code",
            "__Host-regain-pre=t",
            &[
                ("csrf", "t"),
                ("pending", &pending),
                ("code", &code_at(&c, 1)),
            ],
        )
        .await;
    assert_eq!(again.status, StatusCode::UNAUTHORIZED);
    assert!(again.body.contains("start again"));
}
