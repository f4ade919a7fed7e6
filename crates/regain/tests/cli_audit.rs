//! The audit log through the CLI: `regain audit verify` names a modified record, and catches a
//! cut chain through the signed head and the signed checkpoints outside the database.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::path::Path;
use support::cli::{ok, regain};

#[test]
fn audit_verify_names_a_modified_row_and_export_writes_json_lines() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    for u in ["u1", "u2", "u3"] {
        ok(d, &["user", "add", u]);
    }
    let export = tmp.path().join("audit.jsonl");
    ok(
        d,
        &["audit", "export", "--output", export.to_str().unwrap()],
    );
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&export)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(lines.len() >= 7, "{}", lines.len());
    assert!(
        lines
            .iter()
            .all(|l| l["hash"].as_str().unwrap().len() == 64 && l["seq"].as_i64().is_some())
    );
    let victim = lines
        .iter()
        .find(|l| l["action"] == "user.add" && l["target"] == "u2")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    tamper(
        d,
        &[&format!(
            "UPDATE audit_log SET target = 'u9' WHERE id = {victim}"
        )],
    );
    let r = regain(d, &["audit", "verify"], None, &[]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains(&format!("record {victim} ")) && r.stderr.contains("was modified"),
        "{}",
        r.stderr
    );
}

/// Runs `sql` against the CLI's SQLite database (an attacker holding the database).
fn tamper(d: &Path, sql: &[&str]) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        sqlx::any::install_default_drivers();
        let pool = sqlx::AnyPool::connect(&format!("sqlite://{}", d.join("regain.db").display()))
            .await
            .unwrap();
        for s in sql {
            sqlx::raw_sql(sqlx::AssertSqlSafe(s.to_string()))
                .execute(&pool)
                .await
                .unwrap();
        }
        pool.close().await;
    });
}

/// The chain head's keyed hash, computed with the installation's own key (an attacker who
/// copied the whole data directory).
fn head_mac_with_stolen_key(d: &Path, node: &str, seq: i64, hash: &str) -> String {
    use regain_core::audit::ChainMac;
    let read = |f: &str| std::fs::read_to_string(d.join("keys").join(f)).unwrap();
    let keys =
        regain_crypto::KeyMaterial::from_base64(read("mac.key").trim(), read("field.key").trim())
            .unwrap();
    regain_crypto::KeyedHasher::new(std::sync::Arc::new(keys))
        .mac_hex(&regain_core::audit::head_bytes(node, seq, hash))
}

fn record_hash(d: &Path, seq: i64) -> String {
    let export = d.join("export.jsonl");
    ok(
        d,
        &["audit", "export", "--output", export.to_str().unwrap()],
    );
    std::fs::read_to_string(&export)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|l| l["node"] == "node-1" && l["seq"] == seq)
        .unwrap()["hash"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Security requirement 48 (issue 14, point 10): cutting the newest records and rewriting the
/// head is noticed by the head's keyed hash; with the key stolen too, by the signed checkpoints
/// outside the database; so is deleting the node's whole chain with its head, and an altered
/// checkpoint.
#[test]
fn req48_truncation_is_caught_by_the_signed_head_and_the_checkpoints() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    for u in ["u1", "u2", "u3"] {
        ok(d, &["user", "add", u]);
    }
    let out = ok(d, &["audit", "checkpoint"]);
    assert!(out.contains("checkpoint of node node-1 at seq"), "{out}");
    let cp_dir = d.join("audit-checkpoints");
    let cps = cp_dir.to_str().unwrap();
    let out = ok(d, &["audit", "verify", "--checkpoints", cps]);
    assert!(
        out.contains("consistent with 1 signed checkpoints"),
        "{out}"
    );
    let head: i64 = std::fs::read_to_string(cp_dir.join("node-1.jsonl"))
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["seq"]
                .as_i64()
                .unwrap()
        })
        .next_back()
        .unwrap();
    assert!(head >= 4, "{head}");
    // Cut the two newest records and point the head at the one before: the head's own keyed
    // hash gives it away.
    let keep = head - 2;
    let keep_hash = record_hash(d, keep);
    tamper(
        d,
        &[
            &format!("DELETE FROM audit_log WHERE node = 'node-1' AND seq > {keep}"),
            &format!(
                "UPDATE audit_heads SET seq = {keep}, hash = '{keep_hash}' WHERE node = 'node-1'"
            ),
        ],
    );
    let r = regain(d, &["audit", "verify"], None, &[]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(
        r.stderr.contains("the head row was rewritten"),
        "{}",
        r.stderr
    );
    // With the key stolen as well the head can be re-signed: the chain alone then looks whole,
    // the checkpoint outside the database does not.
    let mac = head_mac_with_stolen_key(d, "node-1", keep, &keep_hash);
    tamper(
        d,
        &[&format!(
            "UPDATE audit_heads SET mac = '{mac}' WHERE node = 'node-1'"
        )],
    );
    assert!(ok(d, &["audit", "verify"]).contains("intact"));
    let r = regain(d, &["audit", "verify", "--checkpoints", cps], None, &[]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(
        r.stderr.contains(&format!("no longer reaches seq {head}")),
        "{}",
        r.stderr
    );
    // The whole chain deleted with its head: only the checkpoint remembers it.
    tamper(
        d,
        &[
            "DELETE FROM audit_log WHERE node = 'node-1'",
            "DELETE FROM audit_heads WHERE node = 'node-1'",
        ],
    );
    let r = regain(d, &["audit", "verify", "--checkpoints", cps], None, &[]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(r.stderr.contains("no longer reaches seq"), "{}", r.stderr);
    // An altered checkpoint (to match the cut chain) fails its signature.
    let file = cp_dir.join("node-1.jsonl");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace(&format!("\"seq\":{head}"), "\"seq\":1")).unwrap();
    let r = regain(d, &["audit", "verify", "--checkpoints", cps], None, &[]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("the signature is not the checkpoint key's"),
        "{}",
        r.stderr
    );
    // A missing folder and a bad pinned key are clear input errors.
    let r = regain(
        d,
        &["audit", "verify", "--checkpoints", "/nonexistent"],
        None,
        &[],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("is not a directory"), "{}", r.stderr);
    let r = regain(
        d,
        &[
            "audit",
            "verify",
            "--checkpoints",
            cps,
            "--public-key",
            "nope",
        ],
        None,
        &[],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
}
