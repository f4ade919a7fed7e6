//! The sign-in path's statements, checked against SQLite's query planner on the migrated
//! schema: each finds its rows through an index and none sorts. A sort builds a temporary
//! B-tree per execution (a user's methods and a transaction's newest push did, on every
//! verification, until migration 10), and a scan reads a whole table.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::{Db, test_signer};

/// What SQLite plans for `sql` (values left unbound: the plan does not depend on them, the
/// engine's connections run with query planner stability on).
fn plan(c: &rusqlite::Connection, sql: &str) -> String {
    let mut st = c.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
    let n = st.parameter_count();
    let nulls = std::iter::repeat_n(rusqlite::types::Null, n);
    let rows = st
        .query_map(rusqlite::params_from_iter(nulls), |r| r.get::<_, String>(3))
        .unwrap();
    rows.map(Result::unwrap).collect::<Vec<_>>().join("; ")
}

#[tokio::test]
async fn sign_in_statements_use_indexes_and_never_sort() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("regain.db");
    let db = Db::connect(&format!("sqlite://{}", path.display()), test_signer())
        .await
        .unwrap();
    db.migrate().await.unwrap();
    let c = rusqlite::Connection::open(&path).unwrap();
    let statements: [(&str, &str); 13] = [
        ("API client by credential", crate::signin::CLIENT_BY_SECRET),
        ("API client's name", crate::warm::CLIENT_NAME),
        ("transaction", crate::signin::TX_BY_ID),
        ("transaction's newest push", crate::push::NEWEST_PUSH),
        ("push", crate::push::PUSH_BY_ID),
        ("user by name", crate::users::USER_BY_NAME),
        ("policy", crate::policies::POLICY_BY_ID),
        ("lockout", crate::signin::LOCKOUT_BY_USER),
        ("user's methods", crate::methods::METHODS_OF_USER),
        ("active temporary code", crate::temp_codes::HAS_ACTIVE_CODE),
        ("OTP counter", crate::methods::CONSUME_COUNTER),
        ("transaction decision", crate::signin::FINISH),
        ("push answer", crate::push::ANSWER),
    ];
    let bad: Vec<String> = statements
        .iter()
        .map(|(what, sql)| (what, plan(&c, sql)))
        .filter(|(_, p)| !p.contains("USING ") || p.contains("TEMP B-TREE") || p.contains("SCAN "))
        .map(|(what, p)| format!("{what}: {p}"))
        .collect();
    assert!(
        bad.is_empty(),
        "statements that scan or sort:\n{}",
        bad.join("\n")
    );
}
