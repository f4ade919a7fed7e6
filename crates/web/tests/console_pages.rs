//! Console pages and their forms: users, settings, roles, policies, questions, audit log, methods.

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
use regain_core::ports::{AuditRepo, PolicyRepo, QuestionRepo, RoleRepo, SettingsRepo};
use regain_core::service::{Caller, NewUser};
use regain_web::{AppState, Metrics, Readiness, WebConfig, app};
use secrecy::SecretString;
use std::sync::Arc;
use support::console::*;
use tower::ServiceExt;

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
    assert_eq!(dup.status, StatusCode::CONFLICT);
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
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
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
    // Emergency access by security questions sits with the workflows, linked to the questions.
    assert!(page.body.contains("Emergency access by security questions"));
    let hint = page
        .body
        .split("id=\"emergency-access-hint\"")
        .nth(1)
        .unwrap();
    assert!(hint.contains("href=\"/admin/questions\""), "{hint}");
    for section in [
        "id=\"workflows\"",
        "id=\"enrollment\"",
        "id=\"sspr\"",
        "id=\"lockout\"",
        "id=\"radius\"",
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
    // The RADIUS reply: too long is refused next to the field, then a group name is kept.
    let long = "g".repeat(300);
    let mut too_long = good.clone();
    too_long.push(("radius.filter_id", &long));
    let bad = c
        .post("/admin/policies/Contractors", &cookie, &too_long)
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("253 printable octets"), "{}", bad.body);
    good.push(("radius.filter_id", "vpn-contractors"));
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
    assert_eq!(stored.radius.filter_id, "vpn-contractors");
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
    assert_eq!(dup.status, StatusCode::CONFLICT);
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
        .confirm_otp_enrollment(&op, "erin", en.method_id.as_str(), &code)
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

/// A log too large to verify for every view (over 20,000 records) is verified in the
/// background: the first view says so, a later one shows the result and when it was taken; a
/// listing counts up to 10,000 matches ("more than") and still pages on.
#[tokio::test]
async fn a_large_audit_log_is_verified_in_the_background_and_counted_up_to_a_limit() {
    use regain_core::audit::{AuditEvent, ChainHead, ChainMac, Outcome, head_bytes, link};
    let c = Console::new().await;
    c.user("ada", Some(("Superadministrator", &[]))).await;
    let (cookie, _) = c.sign_in("ada", PW).await.unwrap();
    // 20,500 records of an archive node's chain, keyed as the server keys them.
    let node = regain_core::ids::NodeId::parse("archive").unwrap();
    let mut head: Option<ChainHead> = None;
    let mut rows = Vec::new();
    for i in 0..20_500i64 {
        let e = AuditEvent {
            at: regain_core::time::Timestamp::from_millis(1_000_000 + i),
            actor: "admin:archive".into(),
            action: "user.update".into(),
            target: Some(format!("u{i}")),
            source: None,
            outcome: Outcome::Success,
            details: Vec::new(),
        };
        let (seq, prev, hash) = link(&c.env.mac, &node, head.as_ref(), &e);
        rows.push(format!(
            "('archive', {seq}, {}, 'admin:archive', 'user.update', 'u{i}', NULL, 'success', '[]', '{prev}', '{hash}')",
            e.at.as_millis()
        ));
        head = Some(ChainHead {
            node: "archive".into(),
            seq,
            hash,
            mac: None,
        });
    }
    let head = head.unwrap();
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&c.env.url).await.unwrap();
    for chunk in rows.chunks(500) {
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
            "INSERT INTO audit_log (node, seq, at, actor, action, target, source, outcome, details, prev_hash, hash) VALUES {}",
            chunk.join(",")
        )))
        .execute(&pool)
        .await
        .unwrap();
    }
    sqlx::query("INSERT INTO audit_heads (node, seq, hash, mac) VALUES ('archive', $1, $2, $3)")
        .bind(head.seq)
        .bind(head.hash.clone())
        .bind(
            c.env
                .mac
                .mac_hex(&head_bytes("archive", head.seq, &head.hash)),
        )
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;

    let first = c.get("/admin/audit", &cookie).await;
    assert_eq!(first.status, StatusCode::OK);
    assert!(first.body.contains("badge\">checking"), "{}", first.body);
    assert!(
        first.body.contains("of more than 10000 records") && first.body.contains("page=2"),
        "{}",
        first.body
    );
    let far = c.get("/admin/audit?page=300", &cookie).await;
    assert!(
        far.body.contains("page=301"),
        "past the count's limit it still pages on"
    );
    let mut later = String::new();
    for _ in 0..600 {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        later = c.get("/admin/audit", &cookie).await.body;
        if later.contains("badge ok\">intact") {
            break;
        }
    }
    assert!(
        later.contains("badge ok\">intact") && later.contains("id=\"chain-when\""),
        "{later}"
    );
}

/// A search matching more users than the count's limit (10,000) says "more than" and still
/// pages on; one of a few matches among them is exact.
#[tokio::test]
async fn a_user_search_of_many_matches_is_counted_up_to_a_limit_and_pages_on() {
    let c = Console::new().await;
    c.user("ada", Some(("Superadministrator", &[]))).await;
    let (cookie, _) = c.sign_in("ada", PW).await.unwrap();
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&c.env.url).await.unwrap();
    let policy: i64 = sqlx::query_scalar("SELECT id FROM policies WHERE name = 'Default'")
        .fetch_one(&pool)
        .await
        .unwrap();
    let rows: Vec<String> = (0..10_050)
        .map(|i| {
            format!(
                "('staff{i:05}', 'staff{i:05}', 'Staff Member {i}', 'staff{i:05} staff member {i}', 'embedded:staff{i:05}', {policy}, 'active', 0)"
            )
        })
        .collect();
    for chunk in rows.chunks(500) {
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
            "INSERT INTO users (username, username_key, display_name, search_key, directory_ref, policy_id, state, created_at) VALUES {}",
            chunk.join(",")
        )))
        .execute(&pool)
        .await
        .unwrap();
    }
    pool.close().await;
    let many = c.get("/admin/users?q=member", &cookie).await;
    assert!(
        many.body.contains("Showing 1–25 of more than 10000 users")
            && many.body.contains("staff00000")
            && many.body.contains("page=2"),
        "{}",
        many.body
    );
    // Past the limit only a full page says there may be more: the last full one links on,
    // the next has nothing and does not.
    let last = c.get("/admin/users?q=member&page=402", &cookie).await;
    assert!(
        last.body
            .contains("Showing 10026–10050 of more than 10000 users")
            && last.body.contains("staff10049")
            && last.body.contains("page=403"),
        "{}",
        last.body
    );
    let past = c.get("/admin/users?q=member&page=403", &cookie).await;
    assert!(
        past.body.contains(">more than 10000 users<")
            && !past.body.contains("staff1")
            && !past.body.contains("rel=\"next\""),
        "{}",
        past.body
    );
    let few = c.get("/admin/users?q=staff0123", &cookie).await;
    assert!(
        few.body.contains("Showing 1–10 of 10 users") && few.body.contains("staff01239"),
        "{}",
        few.body
    );
}
