//! The `regain` binary as an operator uses it: real processes, a real SQLite data directory, and
//! PostgreSQL from `REGAIN_TEST_PG_URL` where a test needs a server.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::path::Path;
use support::cli::{ok, regain};

fn audit_total(data: &Path) -> usize {
    let out = ok(data, &["audit", "list", "--limit", "1"]);
    let last = out.lines().last().unwrap();
    last.split_whitespace().nth(2).unwrap().parse().unwrap()
}

#[test]
fn malformed_config_names_the_key_exits_2_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let cfg = tmp.path().join("regain.toml");
    std::fs::write(&cfg, "[server]\nlisten = 8443\n").unwrap();
    let r = regain(
        &data,
        &["--config", cfg.to_str().unwrap(), "migrate"],
        None,
        &[],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("server.listen"), "{}", r.stderr);
    std::fs::write(&cfg, "[server]\nlisten = \"localhost\"\n").unwrap();
    let r = regain(
        &data,
        &["--config", cfg.to_str().unwrap(), "migrate"],
        None,
        &[],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("server.listen: \"localhost\" is not an address: use IP:PORT"),
        "{}",
        r.stderr
    );
    std::fs::write(&cfg, "[sever]\nlisten = \"127.0.0.1:1\"\n").unwrap();
    let r = regain(
        &data,
        &["--config", cfg.to_str().unwrap(), "migrate"],
        None,
        &[],
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("sever"), "{}", r.stderr);
    let r = regain(
        &data,
        &["migrate"],
        None,
        &[("REGAIN_DIRECTORY__LOCKOUT__THRESHOLD", "0")],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("directory.lockout.threshold"),
        "{}",
        r.stderr
    );
    let r = regain(
        &data,
        &["migrate"],
        None,
        &[("REGAIN_SMS__GATEWAY", "webhook")],
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("sms.webhook_url"), "{}", r.stderr);
    let r = regain(
        &data,
        &["--config", "/nonexistent/regain.toml", "migrate"],
        None,
        &[],
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("does not exist"));
    assert!(
        !data.exists(),
        "a refused configuration wrote the data directory"
    );
}

#[test]
fn config_check_prints_the_effective_configuration_with_secrets_redacted() {
    let tmp = tempfile::tempdir().unwrap();
    let r = regain(
        tmp.path(),
        &["config", "check"],
        None,
        &[
            (
                "REGAIN_DATABASE__URL",
                "postgres://regain:hunter2@db.internal:5432/regain",
            ),
            (
                "REGAIN_KEYS__MAC_KEY",
                "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3I=",
            ),
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("postgres://regain:[redacted]@db.internal:5432/regain"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("mac_key = \"[redacted]\""));
    assert!(!r.stdout.contains("hunter2") && !r.stdout.contains("c2VjcmV0"));
    assert!(r.stdout.contains("listen = \"127.0.0.1:8443\""));
}

#[test]
fn first_use_creates_private_keys_and_a_migrated_database() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("d");
    assert!(
        ok(&data, &["migrate"])
            .contains(&format!("schema version {}", regain_store::SCHEMA_VERSION))
    );
    use std::os::unix::fs::PermissionsExt;
    for f in ["keys/mac.key", "keys/field.key"] {
        let mode = std::fs::metadata(data.join(f))
            .unwrap()
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, 0o600, "{f}");
    }
    let mode = std::fs::metadata(&data).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o700);
    // Keys are stable across runs: the chain written by the first run still verifies.
    assert!(ok(&data, &["audit", "verify"]).contains("intact"));
}

#[test]
fn unknown_and_duplicate_users_are_refused_and_write_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let r = regain(
        d,
        &[
            "user",
            "add",
            "alice",
            "--display-name",
            "Alice",
            "--password-stdin",
        ],
        Some("Correct-Horse-42\n"),
        &[],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let before = audit_total(d);
    let r = regain(
        d,
        &["user", "add", "ALICE", "--password-stdin"],
        Some("Correct-Horse-42\n"),
        &[],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("user \"ALICE\" already exists"),
        "{}",
        r.stderr
    );
    for args in [
        vec!["user", "show", "nobody"],
        vec!["user", "unlock", "nobody"],
        vec!["user", "disable", "nobody"],
        vec!["role", "assign", "Superadministrator", "nobody"],
    ] {
        let r = regain(d, &args, None, &[]);
        assert_eq!(r.code, 2, "{args:?}");
        assert!(
            r.stderr.contains("user \"nobody\" not found"),
            "{args:?}: {}",
            r.stderr
        );
    }
    let r = regain(d, &["user", "add", "bob", "--policy", "Nope"], None, &[]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("policy \"Nope\" not found"));
    let r = regain(
        d,
        &["user", "add", "bob", "--password-stdin"],
        Some("short\n"),
        &[],
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("too short"), "{}", r.stderr);
    let r = regain(d, &["user", "add", "*)(uid=*"], None, &[]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("not a valid user name"));
    assert_eq!(
        audit_total(d),
        before,
        "refused commands left audit records"
    );
    let list = ok(d, &["user", "list"]);
    assert!(list.contains("1 of 1 users"), "{list}");
}

#[test]
fn user_lifecycle_through_the_cli_is_audited_with_the_os_user() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let out = ok(d, &["user", "add", "carol", "--display-name", "Carol C"]);
    assert!(
        out.contains("/setup/"),
        "a user added without password gets a setup link: {out}"
    );
    let r = regain(
        d,
        &[
            "user",
            "set-password",
            "carol",
            "--password-stdin",
            "--must-change",
        ],
        Some("Brand-New-Pass-7\n"),
        &[],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = regain(d, &["user", "set-password", "carol"], None, &[]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--password-stdin"));
    ok(d, &["user", "disable", "carol"]);
    assert!(ok(d, &["user", "show", "carol"]).contains("must change at next sign-in"));
    ok(d, &["policy", "create", "Contractors"]);
    let r = regain(
        d,
        &[
            "policy",
            "set",
            "Contractors",
            "remote_access.factors=temporary_code",
            "lockout.threshold=500",
        ],
        None,
        &[],
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("lockout.threshold"), "{}", r.stderr);
    assert!(
        ok(d, &["policy", "show", "Contractors"])
            .contains("remote_access.factors = push,sms,otp,temporary_code"),
        "all or nothing"
    );
    ok(
        d,
        &[
            "policy",
            "set",
            "Contractors",
            "remote_access.factors=temporary_code",
            "enrollment.may_enroll=false",
        ],
    );
    ok(d, &["user", "set-policy", "carol", "Contractors"]);
    ok(d, &["role", "create", "Helpdesk"]);
    ok(
        d,
        &[
            "role",
            "grant",
            "Helpdesk",
            "users.unlock",
            "temporary_codes.manage",
        ],
    );
    let r = regain(d, &["role", "grant", "Helpdesk", "users.delete"], None, &[]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("not a permission"));
    ok(d, &["role", "limit", "Helpdesk", "24h"]);
    let r = regain(d, &["role", "limit", "Helpdesk", "15d"], None, &[]);
    assert_eq!(r.code, 2);
    ok(d, &["role", "assign", "Helpdesk", "carol"]);
    let r = regain(
        d,
        &["role", "grant", "Superadministrator", "users.view"],
        None,
        &[],
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("built in"));
    assert!(ok(d, &["settings", "show"]).contains("allow_temporary_codes = false"));
    ok(d, &["settings", "set", "allow_temporary_codes=true"]);
    let log = ok(
        d,
        &["audit", "list", "--actor", "os:tester", "--limit", "100"],
    );
    for action in [
        "user.add",
        "user.password_reset",
        "user.disable",
        "policy.create",
        "policy.update",
        "user.set_policy",
        "role.create",
        "role.grant",
        "role.set_limit",
        "role.assign",
        "settings.update",
    ] {
        assert!(log.contains(action), "{action} missing from:\n{log}");
    }
    assert!(!log.contains("Brand-New-Pass-7"));
    let filtered = ok(
        d,
        &[
            "audit",
            "list",
            "--action",
            "role.grant",
            "--target",
            "Helpdesk",
        ],
    );
    assert!(filtered.contains("2 of 2 records"), "{filtered}");
    let r = regain(d, &["audit", "list", "--since", "last tuesday"], None, &[]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--since"));
    assert!(ok(d, &["audit", "verify"]).contains("intact"));
}

#[test]
fn unreachable_database_is_a_clear_error_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let r = regain(
        &data,
        &["user", "list"],
        None,
        &[(
            "REGAIN_DATABASE__URL",
            "postgres://regain@127.0.0.1:1/regain",
        )],
    );
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("cannot connect to the database"),
        "{}",
        r.stderr
    );
    assert!(
        !data.exists(),
        "keys were written although the database was unreachable"
    );
}

#[test]
fn the_cli_works_against_postgresql_too() {
    let url = std::env::var("REGAIN_TEST_PG_URL").expect(
        "REGAIN_TEST_PG_URL is not set: run the tests with scripts/test, which starts PostgreSQL",
    );
    // A database of its own, so this test does not see others' rows.
    let name = format!("regain_cli_{}", std::process::id());
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        sqlx::any::install_default_drivers();
        let pool = sqlx::AnyPool::connect(&url).await.unwrap();
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
            "DROP DATABASE IF EXISTS {name}"
        )))
        .execute(&pool)
        .await
        .unwrap();
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&pool)
            .await
            .unwrap();
        pool.close().await;
    });
    let db_url = format!("{}/{name}", url.rsplit_once('/').unwrap().0);
    let tmp = tempfile::tempdir().unwrap();
    let env = [("REGAIN_DATABASE__URL", db_url.as_str())];
    let r = regain(
        tmp.path(),
        &["user", "add", "pg-user", "--password-stdin"],
        Some("Correct-Horse-42\n"),
        &env,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = regain(tmp.path(), &["user", "list"], None, &env);
    assert!(r.stdout.contains("pg-user"), "{}", r.stdout);
    let r = regain(tmp.path(), &["audit", "verify"], None, &env);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        !tmp.path().join("regain.db").exists(),
        "SQLite used although PostgreSQL was configured"
    );
}

#[test]
fn completions_and_help_are_available() {
    let tmp = tempfile::tempdir().unwrap();
    assert!(ok(tmp.path(), &["completions", "bash"]).contains("regain"));
    let help = ok(tmp.path(), &["user", "--help"]);
    assert!(help.contains("set-password") && help.contains("unlock"));
}

/// Security requirement 48 (no secrets in the audit log or anywhere in the database) and 2/3
/// (one-time links stored only as keyed hashes): canary values never appear in the database files.
#[test]
fn req48_canary_passwords_and_setup_tokens_never_reach_the_database_in_clear() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let canary1 = "Canary-Password-31337";
    let canary2 = "Canary-Reset-42424";
    let r = regain(
        d,
        &["user", "add", "frank", "--password-stdin"],
        Some(&format!("{canary1}\n")),
        &[],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = regain(
        d,
        &["user", "set-password", "frank", "--password-stdin"],
        Some(&format!("{canary2}\n")),
        &[],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = ok(d, &["user", "setup-link", "frank"]);
    let token = out.rsplit("/setup/").next().unwrap().trim().to_owned();
    assert_eq!(token.len(), 43, "256-bit token: {out}");
    let mut bytes = Vec::new();
    for f in std::fs::read_dir(d).unwrap() {
        let p = f.unwrap().path();
        if p.file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("regain.db")
        {
            bytes.extend(std::fs::read(&p).unwrap());
        }
    }
    assert!(bytes.len() > 10_000);
    let hay = String::from_utf8_lossy(&bytes);
    for secret in [canary1, canary2, token.as_str()] {
        assert!(
            !hay.contains(secret),
            "{secret} found in the database files"
        );
    }
    let log = ok(d, &["audit", "export"]);
    assert!(log.contains("user.password_reset") && log.contains("user.setup_link"));
}

#[test]
fn hardware_tokens_import_from_pskc_and_their_codes_work_once() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path().join("data");
    ok(&d, &["user", "add", "alice"]);
    let pskc = tmp.path().join("tokens.pskc");
    std::fs::write(
        &pskc,
        r#"<?xml version="1.0" encoding="UTF-8"?>
<KeyContainer Version="1.0" xmlns="urn:ietf:params:xml:ns:keyprov:pskc">
  <KeyPackage>
    <DeviceInfo><Manufacturer>Manufacturer</Manufacturer><SerialNo>987654321</SerialNo></DeviceInfo>
    <Key Id="12345678" Algorithm="urn:ietf:params:xml:ns:keyprov:pskc:hotp">
      <AlgorithmParameters><ResponseFormat Length="8" Encoding="DECIMAL"/></AlgorithmParameters>
      <Data><Secret><PlainValue>MTIzNDU2Nzg5MDEyMzQ1Njc4OTA=</PlainValue></Secret></Data>
    </Key>
  </KeyPackage>
</KeyContainer>"#,
    )
    .unwrap();
    let r = regain(&d, &["otp", "import", pskc.to_str().unwrap()], None, &[]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--user-map"), "{}", r.stderr);
    let map = tmp.path().join("map.csv");
    std::fs::write(&map, "987654321,alice\n").unwrap();
    let out = ok(
        &d,
        &[
            "otp",
            "import",
            pskc.to_str().unwrap(),
            "--user-map",
            map.to_str().unwrap(),
        ],
    );
    assert!(out.contains("imported 1 hardware tokens"), "{out}");
    // RFC 4226 counter 0, 8 digits.
    assert!(ok(&d, &["otp", "verify", "alice", "84755224"]).contains("accepted"));
    let again = regain(&d, &["otp", "verify", "alice", "84755224"], None, &[]);
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("replayed"));
    assert!(ok(&d, &["user", "methods", "alice"]).contains("Hardware token 987654321"));
}

#[test]
fn tempcode_commands_generate_show_replace_revoke_and_refuse_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("d");
    let r = regain(
        &data,
        &["user", "add", "tina", "--password-stdin"],
        Some("Cli-Password-42\n"),
        &[],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    // Off by default: a clear refusal, exit 2.
    let r = regain(
        &data,
        &[
            "tempcode",
            "generate",
            "tina",
            "--uses",
            "once",
            "--expires",
            "1h",
        ],
        None,
        &[],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("disabled for this enterprise"),
        "{}",
        r.stderr
    );
    ok(&data, &["settings", "set", "allow_temporary_codes=true"]);
    for (args, needle) in [
        (
            vec!["--uses", "twice", "--expires", "1h"],
            "--uses: use once or multiple",
        ),
        (vec!["--uses", "once", "--expires", "15d"], "lasts 14d"),
        (vec!["--uses", "once", "--expires", "soon"], "--expires"),
        (
            vec!["--uses", "once", "--expires", "2020-01-01T10:00"],
            "in the past",
        ),
    ] {
        let mut a = vec!["tempcode", "generate", "tina"];
        a.extend(args);
        let r = regain(&data, &a, None, &[]);
        assert_eq!(r.code, 2, "{a:?}: {}", r.stdout);
        assert!(r.stderr.contains(needle), "{a:?}: {}", r.stderr);
    }
    let out = ok(
        &data,
        &[
            "tempcode",
            "generate",
            "tina",
            "--uses",
            "multiple",
            "--expires",
            "24h",
        ],
    );
    let code: String = out
        .lines()
        .nth(2)
        .unwrap()
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    assert_eq!(code.len(), 8, "{out}");
    assert!(out.contains("not for signing orders"));
    let show = ok(&data, &["tempcode", "show", "tina"]);
    assert!(show.contains("active: use multiple times"), "{show}");
    assert!(!show.contains(&code), "show never prints the code");
    let r = regain(
        &data,
        &[
            "tempcode",
            "generate",
            "tina",
            "--uses",
            "once",
            "--expires",
            "1h",
        ],
        None,
        &[],
    );
    assert!(
        r.stderr
            .contains("already has a temporary code: replace it or revoke it"),
        "{}",
        r.stderr
    );
    let out = ok(
        &data,
        &[
            "tempcode",
            "replace",
            "tina",
            "--uses",
            "once",
            "--expires",
            "2h",
        ],
    );
    assert!(out.contains("Use once"));
    ok(&data, &["tempcode", "revoke", "tina"]);
    let r = regain(&data, &["tempcode", "revoke", "tina"], None, &[]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no active temporary code"));
    let show = ok(&data, &["tempcode", "show", "tina"]);
    assert!(show.contains("last code ended: revoked"), "{show}");
    let audit = ok(&data, &["audit", "list", "--action", "tempcode.replace"]);
    assert!(audit.contains("tempcode.replace") && !audit.contains(&code));
    // An admin-scoped API credential needs an administrator.
    let r = regain(
        &data,
        &["client", "add", "itsm", "--admin", "tina"],
        None,
        &[],
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("not an administrator"), "{}", r.stderr);
}

/// The password help app's own API client (the push step's sign-ins are its) is listed but
/// cannot be revoked: the refusal says how to stop the app instead, and nothing changes.
#[test]
fn the_password_help_client_is_built_in_and_not_revoked() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let list = ok(&data, &["client", "list"]);
    assert!(list.contains("Regain password help (built in)"), "{list}");
    let r = regain(
        &data,
        &["client", "revoke", "Regain password help (built in)"],
        None,
        &[],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("self_service_enabled=false"),
        "{}",
        r.stderr
    );
    assert_eq!(ok(&data, &["client", "list"]), list);
}

/// Security requirement 36: `regain radius secret` prints a good shared secret (32 letters and
/// digits, new each time), and `regain radius clients` says which client answers an address.
#[test]
fn req36_regain_radius_secret_and_clients() {
    let dir = tempfile::tempdir().unwrap();
    let a = ok(dir.path(), &["radius", "secret"]);
    let b = ok(dir.path(), &["radius", "secret"]);
    for s in [&a, &b] {
        let s = s.trim();
        assert_eq!(s.len(), 32, "{s}");
        assert!(s.chars().all(|c| c.is_ascii_alphanumeric()), "{s}");
    }
    assert_ne!(a, b);
    let config = dir.path().join("regain.toml");
    std::fs::write(
        &config,
        format!(
            "[[radius.clients]]\nname = \"site\"\naddress = \"10.1.0.0/16\"\nsecret = {:?}\nworkflow = \"remote_access\"\n\n\
             [[radius.clients]]\nname = \"pam\"\naddress = \"10.1.2.3\"\nsecret = \"testing123\"\nworkflow = \"workstation_login\"\nrequire_message_authenticator = false\n",
            a.trim()
        ),
    )
    .unwrap();
    let cfg = config.to_str().unwrap();
    let r = regain(
        dir.path(),
        &["--config", cfg, "radius", "clients", "--from", "10.1.2.3"],
        None,
        &[],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("pam\t10.1.2.3/32\tworkstation_login"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("Message-Authenticator optional, Proxy-State limited"),
        "{}",
        r.stdout
    );
    assert!(
        r.stderr.contains("10 octets"),
        "the weak secret is named: {}",
        r.stderr
    );
    let r = regain(
        dir.path(),
        &["--config", cfg, "radius", "clients", "--from", "192.0.2.1"],
        None,
        &[],
    );
    assert!(
        r.stdout.contains("requests from 192.0.2.1 are dropped"),
        "{}",
        r.stdout
    );
    let r = regain(
        dir.path(),
        &["--config", cfg, "radius", "clients"],
        None,
        &[],
    );
    assert!(r.stdout.contains("site\t10.1.0.0/16\tremote_access\tchallenge\tsecret 32 octets\tMessage-Authenticator required"), "{}", r.stdout);
    assert!(
        !r.stdout.contains(a.trim()),
        "the secret itself is never printed"
    );
}
