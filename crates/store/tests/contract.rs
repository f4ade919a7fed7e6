//! The repository contract: every test runs against SQLite and against PostgreSQL.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use regain_core::admin::{Permission, Role, SUPERADMIN_ROLE};
use regain_core::audit::AuditAction;
use regain_core::audit::AuditFilter;
use regain_core::ids::{PolicyId, UserId};
use regain_core::lockout::LockoutState;
use regain_core::logon_hours::LogonHours;
use regain_core::policy::UserPolicy;
use regain_core::ports::*;
use regain_core::settings::EnterpriseSettings;
use regain_core::time::Timestamp;
use regain_core::user::{UserState, Username};
use regain_store::Db;
use std::sync::Arc;
use support::{Fresh, default_policy, ev, user};

async fn audit_count(db: &Db) -> u64 {
    db.list_audit(&AuditFilter::default()).await.unwrap().total
}

async fn migrate_and_seed_are_idempotent(f: Fresh) {
    assert_eq!(
        f.db.schema_version().await.unwrap(),
        regain_store::SCHEMA_VERSION
    );
    assert!(f.db.migrate().await.unwrap().is_empty());
    assert!(
        !f.db.seed(Timestamp(2_000)).await.unwrap(),
        "second seed inserted rows"
    );
    let roles = f.db.list_roles().await.unwrap();
    assert_eq!(roles.len(), 1);
    assert!(roles[0].builtin && roles[0].name == SUPERADMIN_ROLE);
    assert_eq!(f.db.list_questions().await.unwrap().len(), 10);
    assert!(
        !f.db.settings().await.unwrap().allow_temporary_codes,
        "F-T1: off by default"
    );
}

async fn users_create_find_and_search(f: Fresh) {
    let p = default_policy(&f.db).await;
    for (n, d) in [
        ("alice", "Alice Smith"),
        ("bob", "Bob Jones"),
        ("carol_c", "Carol Contractor"),
        ("ALICIA", "Alicia Keys"),
    ] {
        f.db.create_user(&user(n, d, p), &ev(AuditAction::UserAdd, n))
            .await
            .unwrap();
    }
    let a =
        f.db.user_by_name(&Username::parse("Alice").unwrap())
            .await
            .unwrap()
            .unwrap();
    assert_eq!(a.display_name, "Alice Smith");
    assert_eq!(f.db.user_by_id(a.id).await.unwrap().unwrap(), a);
    let page = f.db.search_users("ALI", 10, 0).await.unwrap();
    assert_eq!(page.total, 2);
    assert_eq!(
        page.items
            .iter()
            .map(|u| u.username.as_str())
            .collect::<Vec<_>>(),
        ["alice", "ALICIA"]
    );
    let page = f.db.search_users("smith", 10, 0).await.unwrap();
    assert_eq!(page.total, 1);
    // `_` is literal, not a wildcard.
    // (as a wildcard "a_i" would match "alice").
    assert_eq!(f.db.search_users("a_i", 10, 0).await.unwrap().total, 0);
    assert_eq!(
        f.db.search_users("l_c", 10, 0).await.unwrap().items[0]
            .username
            .as_str(),
        "carol_c"
    );
    assert_eq!(f.db.search_users("", 2, 2).await.unwrap().items.len(), 2);
    assert_eq!(f.db.count_users().await.unwrap(), 4);
}

/// A search of many users: counted up to the limit, a page of a few matches (by id from the
/// index) and of many (the name index walked) both in name order, and pages past the first.
async fn a_search_of_many_users_counts_to_its_limit_and_pages_in_name_order(f: Fresh) {
    let p = default_policy(&f.db).await;
    let n = regain_core::user::USER_COUNT_LIMIT as usize + 50;
    let pool = f.sqlx_pool().await;
    let mut tx = pool.begin().await.unwrap();
    for chunk in (0..n).collect::<Vec<_>>().chunks(500) {
        let rows: Vec<String> = chunk
            .iter()
            .map(|i| {
                // Names out of order against their ids, so that id order is not name order.
                let name = format!("m{:05}", (i * 7919) % n);
                format!(
                    "('{name}', '{name}', 'Member Smith', '{name} member smith', 'embedded:{name}', {}, 'active', 0)",
                    p.0
                )
            })
            .collect();
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
            "INSERT INTO users (username, username_key, display_name, search_key, directory_ref, policy_id, state, created_at) VALUES {}",
            rows.join(", ")
        )))
        .execute(&mut *tx)
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    let names = |page: &Page<regain_core::user::User>| {
        page.items
            .iter()
            .map(|u| u.username.as_str().to_owned())
            .collect::<Vec<_>>()
    };
    let expected =
        |from: usize, to: usize| (from..to).map(|i| format!("m{i:05}")).collect::<Vec<_>>();
    // Every user: more than the limit, first page and a page further on.
    let all = f.db.search_users("smith", 50, 0).await.unwrap();
    assert_eq!(all.total, regain_core::user::USER_COUNT_LIMIT + 1);
    assert_eq!(names(&all), expected(0, 50));
    let later = f.db.search_users("member", 50, 10_000).await.unwrap();
    assert_eq!(names(&later), expected(10_000, 10_050));
    // 10,000 matches (m00000..m09999): counted exactly, walked in order.
    let many = f.db.search_users("m0", 20, 9_990).await.unwrap();
    assert_eq!(many.total, 10_000);
    assert_eq!(names(&many), expected(9_990, 10_000));
    // 1,000 and 10 matches: fetched by id and sorted.
    let few = f.db.search_users("M00", 30, 970).await.unwrap();
    assert_eq!(few.total, 1_000);
    assert_eq!(names(&few), expected(970, 1_000));
    let ten = f.db.search_users("m0123", 50, 0).await.unwrap();
    assert_eq!(ten.total, 10);
    assert_eq!(names(&ten), expected(1_230, 1_240));
    // No match, and a page past the end.
    assert_eq!(f.db.search_users("zzzz", 50, 0).await.unwrap().total, 0);
    assert!(
        f.db.search_users("m0123", 50, 50)
            .await
            .unwrap()
            .items
            .is_empty()
    );
}

async fn duplicate_user_is_a_conflict_and_writes_nothing(f: Fresh) {
    let p = default_policy(&f.db).await;
    f.db.create_user(&user("dave", "Dave", p), &ev(AuditAction::UserAdd, "dave"))
        .await
        .unwrap();
    let before = audit_count(&f.db).await;
    let e =
        f.db.create_user(
            &user("DAVE", "Other Dave", p),
            &ev(AuditAction::UserAdd, "DAVE"),
        )
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::Conflict(_)), "{e:?}");
    assert_eq!(
        audit_count(&f.db).await,
        before,
        "a failed change left an audit record"
    );
    assert_eq!(f.db.count_users().await.unwrap(), 1);
}

/// Security requirement 48: an audit-write failure makes the change fail (fail closed).
async fn a_change_whose_audit_record_fails_is_rolled_back(f: Fresh) {
    let p = default_policy(&f.db).await;
    sqlx::raw_sql("ALTER TABLE audit_log RENAME TO audit_log_moved")
        .execute(&f.sqlx_pool().await)
        .await
        .unwrap();
    let r =
        f.db.create_user(&user("erin", "Erin", p), &ev(AuditAction::UserAdd, "erin"))
            .await;
    sqlx::raw_sql("ALTER TABLE audit_log_moved RENAME TO audit_log")
        .execute(&f.sqlx_pool().await)
        .await
        .unwrap();
    assert!(r.is_err(), "user created without an audit record");
    assert!(
        f.db.user_by_name(&Username::parse("erin").unwrap())
            .await
            .unwrap()
            .is_none()
    );
}

async fn user_state_and_policy_change(f: Fresh) {
    let p = default_policy(&f.db).await;
    let u =
        f.db.create_user(
            &user("frank", "Frank", p),
            &ev(AuditAction::UserAdd, "frank"),
        )
        .await
        .unwrap();
    let other =
        f.db.create_policy(
            &UserPolicy::new("Contractors").unwrap(),
            &ev(AuditAction::PolicyCreate, "Contractors"),
        )
        .await
        .unwrap();
    f.db.set_user_state(
        u.id,
        UserState::Disabled,
        &ev(AuditAction::UserDisable, "frank"),
    )
    .await
    .unwrap();
    f.db.set_user_policy(u.id, other.id, &ev(AuditAction::UserSetPolicy, "frank"))
        .await
        .unwrap();
    let u2 = f.db.user_by_id(u.id).await.unwrap().unwrap();
    assert_eq!((u2.state, u2.policy_id), (UserState::Disabled, other.id));
    let missing =
        f.db.set_user_state(
            UserId(9999),
            UserState::Active,
            &ev(AuditAction::UserEnable, "x"),
        )
        .await;
    assert!(matches!(missing, Err(StoreError::NotFound(_))));
    let bad =
        f.db.set_user_policy(
            u.id,
            PolicyId(9999),
            &ev(AuditAction::UserSetPolicy, "frank"),
        )
        .await;
    assert!(
        bad.is_err(),
        "a user pointed at a policy that does not exist"
    );
}

async fn policies_round_trip(f: Fresh) {
    let p = UserPolicy::new("Clinicians")
        .unwrap()
        .set("lockout.threshold", "3")
        .unwrap();
    let created =
        f.db.create_policy(&p, &ev(AuditAction::PolicyCreate, "Clinicians"))
            .await
            .unwrap();
    let got = f.db.policy_by_name("clinicians").await.unwrap().unwrap();
    assert_eq!(got, created);
    assert_eq!(got.lockout.threshold, 3);
    let changed = got.set("sspr.allow_reset", "true").unwrap();
    f.db.update_policy(&changed, &ev(AuditAction::PolicyUpdate, "Clinicians"))
        .await
        .unwrap();
    assert!(
        f.db.policy_by_id(created.id)
            .await
            .unwrap()
            .unwrap()
            .self_service
            .allow_reset
    );
    let dup =
        f.db.create_policy(
            &UserPolicy::new("CLINICIANS").unwrap(),
            &ev(AuditAction::PolicyCreate, "x"),
        )
        .await;
    assert!(matches!(dup, Err(StoreError::Conflict(_))));
    assert_eq!(f.db.list_policies().await.unwrap().len(), 2);
}

async fn roles_grant_and_assign(f: Fresh) {
    let p = default_policy(&f.db).await;
    let u =
        f.db.create_user(
            &user("helen", "Helen", p),
            &ev(AuditAction::UserAdd, "helen"),
        )
        .await
        .unwrap();
    let r =
        f.db.create_role(
            &Role::new("Helpdesk").unwrap(),
            &ev(AuditAction::RoleCreate, "Helpdesk"),
        )
        .await
        .unwrap();
    let r = r
        .with_permission(Permission::ManageTemporaryCodes, true)
        .unwrap()
        .with_temp_code_limit(Some(std::time::Duration::from_secs(86_400)))
        .unwrap();
    f.db.update_role(&r, &ev(AuditAction::RoleGrant, "Helpdesk"))
        .await
        .unwrap();
    f.db.assign_role(u.id, r.id, &ev(AuditAction::RoleAssign, "helen"))
        .await
        .unwrap();
    let held = f.db.role_of(u.id).await.unwrap().unwrap();
    assert_eq!(held, r);
    assert_eq!(
        f.db.list_admins().await.unwrap(),
        vec![("helen".to_owned(), "Helpdesk".to_owned())]
    );
    let su = f.db.role_by_name(SUPERADMIN_ROLE).await.unwrap().unwrap();
    f.db.assign_role(u.id, su.id, &ev(AuditAction::RoleAssign, "helen"))
        .await
        .unwrap();
    assert!(
        f.db.role_of(u.id).await.unwrap().unwrap().builtin,
        "assigning replaces the role"
    );
    // The built-in role cannot be edited even by bypassing the domain's check.
    let mut hacked = su.clone();
    hacked.permissions.clear();
    hacked.builtin = false;
    assert!(
        f.db.update_role(&hacked, &ev(AuditAction::RoleRevoke, SUPERADMIN_ROLE))
            .await
            .is_err()
    );
    assert!(
        f.db.role_by_name(SUPERADMIN_ROLE)
            .await
            .unwrap()
            .unwrap()
            .allows(Permission::ReadAuditLog)
    );
}

async fn settings_default_and_save(f: Fresh) {
    let s = f.db.settings().await.unwrap();
    assert_eq!(s, EnterpriseSettings::default());
    let s = s.set("allow_temporary_codes", "true").unwrap();
    f.db.save_settings(&s, &ev(AuditAction::SettingsUpdate, "enterprise"))
        .await
        .unwrap();
    assert!(f.db.settings().await.unwrap().allow_temporary_codes);
}

async fn questions_add_list_delete(f: Fresh) {
    let q =
        f.db.add_question(
            "What was your first phone number?",
            true,
            &ev(AuditAction::QuestionAdd, "q"),
        )
        .await
        .unwrap();
    let all = f.db.list_questions().await.unwrap();
    assert_eq!(all.len(), 11);
    assert!(all.iter().any(|x| x.id == q.id && x.mandatory));
    let dup =
        f.db.add_question(
            "what was your first phone number?",
            false,
            &ev(AuditAction::QuestionAdd, "q"),
        )
        .await;
    assert!(matches!(dup, Err(StoreError::Conflict(_))));
    f.db.delete_question(q.id, &ev(AuditAction::QuestionDelete, "q"))
        .await
        .unwrap();
    assert!(matches!(
        f.db.delete_question(q.id, &ev(AuditAction::QuestionDelete, "q"))
            .await,
        Err(StoreError::NotFound(_))
    ));
}

/// Security requirement 4 (pattern): a one-time secret succeeds once, even under concurrency.
async fn one_time_token_is_consumed_exactly_once(f: Fresh) {
    f.db.create_token(
        "h1",
        "setup",
        "alice",
        Timestamp(100_000),
        &ev(AuditAction::MethodEnrollStart, "alice"),
    )
    .await
    .unwrap();
    assert_eq!(
        f.db.peek_token("h1", "setup", Timestamp(50_000))
            .await
            .unwrap()
            .as_deref(),
        Some("alice")
    );
    assert_eq!(
        f.db.peek_token("h1", "other", Timestamp(50_000))
            .await
            .unwrap(),
        None
    );
    let db = Arc::new(f.db.clone());
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let db = db.clone();
        tasks.push(tokio::spawn(async move {
            db.consume_token("h1", "setup", Timestamp(50_000))
                .await
                .unwrap()
        }));
    }
    let mut wins = 0;
    for t in tasks {
        wins += usize::from(t.await.unwrap().is_some());
    }
    assert_eq!(wins, 1);
    assert_eq!(
        f.db.peek_token("h1", "setup", Timestamp(50_000))
            .await
            .unwrap(),
        None
    );
}

async fn expired_token_is_refused(f: Fresh) {
    f.db.create_token(
        "h2",
        "setup",
        "bob",
        Timestamp(100_000),
        &ev(AuditAction::MethodEnrollStart, "bob"),
    )
    .await
    .unwrap();
    assert_eq!(
        f.db.consume_token("h2", "setup", Timestamp(100_000))
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        f.db.consume_token("h2", "setup", Timestamp(99_999))
            .await
            .unwrap()
            .as_deref(),
        Some("bob")
    );
}

fn account(name: &str) -> DirectoryAccount {
    DirectoryAccount {
        username: name.into(),
        display_name: name.into(),
        password_hash: Some("hash-0".into()),
        password_changed_at: Some(Timestamp(0)),
        must_change: false,
        disabled: false,
        logon_hours: LogonHours::always(),
        lockout: LockoutState::default(),
    }
}

/// Security requirement 13: attempts at an embedded-directory password are taken atomically:
/// 20 at once with a threshold of 5 take exactly 5, and the account is locked.
async fn directory_attempts_are_taken_atomically(f: Fresh) {
    use regain_core::lockout::{LockoutChange, LockoutPolicy};
    f.db.dir_insert(&account("gina")).await.unwrap();
    let db = Arc::new(f.db.clone());
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let db = db.clone();
        tasks.push(tokio::spawn(async move {
            let change = LockoutChange::Attempt {
                policy: LockoutPolicy::default(),
                now: Timestamp(1),
                flow: None,
            };
            db.dir_change_lockout("gina", change)
                .await
                .unwrap()
                .is_some_and(|a| a.refused.is_none())
        }));
    }
    let mut taken = 0;
    for t in tasks {
        taken += usize::from(t.await.unwrap());
    }
    assert_eq!(taken, 5);
    let a = f.db.dir_get("GINA").await.unwrap().unwrap();
    assert_eq!((a.lockout.failures, a.lockout.locks), (5, 1));
    assert!(a.lockout.is_locked(Timestamp(2)));
    assert!(
        f.db.dir_change_lockout("nobody", LockoutChange::Clear)
            .await
            .unwrap()
            .is_none()
    );
}

async fn directory_password_history_is_bounded(f: Fresh) {
    f.db.dir_insert(&account("hank")).await.unwrap();
    for i in 1..=5 {
        f.db.dir_set_password("hank", &format!("hash-{i}"), Timestamp(i), false, 3)
            .await
            .unwrap();
    }
    assert_eq!(
        f.db.dir_history("hank", 10).await.unwrap(),
        ["hash-4", "hash-3", "hash-2"]
    );
    let a = f.db.dir_get("hank").await.unwrap().unwrap();
    assert_eq!(a.password_hash.as_deref(), Some("hash-5"));
    assert!(matches!(
        f.db.dir_set_password("nobody", "h", Timestamp(1), false, 3)
            .await,
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        f.db.dir_insert(&account("HANK")).await,
        Err(StoreError::Conflict(_))
    ));
    f.db.dir_set_flags("hank", true, &LogonHours::never())
        .await
        .unwrap();
    let a = f.db.dir_get("hank").await.unwrap().unwrap();
    assert!(a.disabled && !a.logon_hours.allows(Timestamp(0)));
    f.db.dir_delete("hank").await.unwrap();
    assert!(f.db.dir_get("hank").await.unwrap().is_none());
}

contract!(
    migrate_and_seed_are_idempotent,
    users_create_find_and_search,
    a_search_of_many_users_counts_to_its_limit_and_pages_in_name_order,
    duplicate_user_is_a_conflict_and_writes_nothing,
    a_change_whose_audit_record_fails_is_rolled_back,
    user_state_and_policy_change,
    policies_round_trip,
    roles_grant_and_assign,
    settings_default_and_save,
    questions_add_list_delete,
    one_time_token_is_consumed_exactly_once,
    expired_token_is_refused,
    directory_attempts_are_taken_atomically,
    directory_password_history_is_bounded,
    sessions_expire_and_end_on_the_server,
);

mod sessions {
    use super::*;
    use regain_core::session::{AdminSession, IDLE_TIMEOUT};

    /// Security requirement 47: sessions expire when idle and absolutely, and sign-out ends them
    /// on the server.
    pub async fn sessions_expire_and_end_on_the_server(f: Fresh) {
        let t0 = Timestamp(1_000_000);
        let s = AdminSession::new(
            "hash-1".into(),
            "ada".into(),
            "csrf".into(),
            Some("192.0.2.1".into()),
            t0,
        );
        f.db.create_session(&s, &ev(AuditAction::AdminSignIn, "ada"))
            .await
            .unwrap();
        let got =
            f.db.touch_session("hash-1", t0.plus(IDLE_TIMEOUT / 2))
                .await
                .unwrap()
                .unwrap();
        assert_eq!(
            (got.username.as_str(), got.csrf_token.as_str()),
            ("ada", "csrf")
        );
        // Touched at t0 + 15 min: still valid at t0 + 44 min, not after 30 idle minutes.
        assert!(
            f.db.touch_session(
                "hash-1",
                t0.plus(IDLE_TIMEOUT / 2 + IDLE_TIMEOUT - std::time::Duration::from_secs(1))
            )
            .await
            .unwrap()
            .is_some()
        );
        let late = t0.plus(IDLE_TIMEOUT * 4);
        assert!(f.db.touch_session("hash-1", late).await.unwrap().is_none());
        assert_eq!(f.db.purge_sessions(late).await.unwrap(), 1);
        assert!(f.db.touch_session("unknown", t0).await.unwrap().is_none());
        let s2 = AdminSession::new("hash-2".into(), "ada".into(), "c2".into(), None, t0);
        f.db.create_session(&s2, &ev(AuditAction::AdminSignIn, "ada"))
            .await
            .unwrap();
        assert!(
            f.db.delete_session("hash-2", &ev(AuditAction::AdminSignOut, "ada"))
                .await
                .unwrap()
        );
        assert!(f.db.touch_session("hash-2", t0).await.unwrap().is_none());
        assert!(
            !f.db
                .delete_session("hash-2", &ev(AuditAction::AdminSignOut, "ada"))
                .await
                .unwrap()
        );
    }
}
use sessions::sessions_expire_and_end_on_the_server;
