//! Scale: a node with 10,000 to 1,000,000 users and 10,000,000 audit records, on SQLite and on
//! PostgreSQL. `cargo bench -p regain --bench scale`
//!
//! For each engine (`BENCH_ENGINES`, default `sqlite,pg`; PostgreSQL from `BENCH_PG_URL` or
//! `scripts/pg-throwaway`):
//! 1. Seeds `BENCH_AUDIT_ROWS` (default 10,000,000) audit records: a valid chain of an
//!    archive node's name, keyed with the run's key, spread over a year across 200 actors, 20
//!    actions and 100,000 targets; then times the audit log's queries as the console's page
//!    runs them (count and a page of 50) without a filter, by actor, by target, by action, by
//!    a day, and by actor and a month, and the chain's full verification.
//! 2. For each user count of `BENCH_USER_LEVELS` (default `10000,100000,1000000`), adds users
//!    up to it (bulk inserts: a user, their embedded-directory account with one password hash,
//!    an active TOTP token), starts `regain serve` on it (start-up time: from spawn to
//!    listening), runs `BENCH_SIGNINS` (default 100) complete API sign-ins one after another for
//!    users spread over the whole table (the password step, argon2id included, and the code
//!    step timed apart), times the console's user search, and reads the node's resident
//!    memory (now and its peak).
//!
//! Figures go to stdout and `target/bench/scale.txt`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/common.rs"]
#[allow(dead_code)]
mod common;
#[path = "support/deploy.rs"]
#[allow(dead_code)]
mod deploy;
#[path = "support/node.rs"]
mod node;
#[path = "support/services.rs"]
mod services;
use common::{blob, env_or, free_port, now, sql_text};

use deploy::PgServer;
use node::{Keys, Node};
use regain_core::audit::{AuditEvent, AuditFilter, ChainHead, ChainMac, Outcome, head_bytes, link};
use regain_core::ids::NodeId;
use regain_core::methods::MethodParams;
use regain_core::otp::{OtpAlgorithm, OtpParams, totp_step};
use regain_core::ports::{AuditRepo, FieldSealer, UserRepo};
use regain_core::service::{Caller, NewUser};
use regain_core::time::Timestamp;
use regain_crypto::KeyedHasher;
use regain_store::{AuditSigner, Db};
use secrecy::SecretString;
use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

const PASSWORD: &str = "Scale-Bench-Password-2026!";
const FIRST: [&str; 12] = [
    "Anna", "Ben", "Chloe", "David", "Elif", "Farid", "Greta", "Hiro", "Ines", "Jonas", "Kaia",
    "Lars",
];
const LAST: [&str; 12] = [
    "Meyer", "Novak", "Okafor", "Perez", "Quist", "Rossi", "Svensson", "Tanaka", "Umar",
    "Virtanen", "Weber", "Xu",
];
const ACTIONS: [&str; 20] = [
    "auth.sign_in",
    "auth.second_factor",
    "auth.reject",
    "user.add",
    "user.update",
    "user.delete",
    "user.unlock",
    "method.enroll",
    "method.delete",
    "tempcode.generate",
    "tempcode.use",
    "tempcode.revoke",
    "policy.update",
    "role.assign",
    "client.add",
    "password.reset",
    "password.change",
    "push.answer",
    "sms.send",
    "session.start",
];
/// The archive chain's records are this far apart (a year over 10,000,000 records: ~3 s).
const YEAR_MS: i64 = 365 * 24 * 3600 * 1000;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// What the seeding needs from the first user (created through the services): the directory
/// account's password hash and logon hours, copied to every other user.
struct Template {
    policy: i64,
    password_hash: String,
    logon_hours: Vec<u8>,
    credential: String,
}

async fn prepare(url: &str, keys: &Keys) -> (Db, Template) {
    let mac = keys.hasher();
    let db = Db::connect(
        url,
        AuditSigner {
            node: NodeId::parse("bench-seed").unwrap(),
            mac: Arc::new(mac.clone()),
        },
    )
    .await
    .unwrap();
    db.migrate().await.unwrap();
    let t0 = now();
    db.seed(t0).await.unwrap();
    let services = services::bench_services(&db, &mac, t0);
    let op = Caller::operator("bench");
    let (_, credential) = services
        .register_client(&op, "bench-vpn", true)
        .await
        .unwrap();
    services
        .add_user(
            &op,
            NewUser {
                username: "template".into(),
                display_name: "Template".into(),
                policy: None,
                password: Some(SecretString::from(PASSWORD.to_owned())),
            },
        )
        .await
        .unwrap();
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(url).await.unwrap();
    let (password_hash, logon_hours): (String, Vec<u8>) = sqlx::query_as(
        "SELECT password_hash, logon_hours FROM dir_accounts WHERE username_key = 'template'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let policy: i64 =
        sqlx::query_scalar("SELECT policy_id FROM users WHERE username_key = 'template'")
            .fetch_one(&pool)
            .await
            .unwrap();
    pool.close().await;
    (
        db,
        Template {
            policy,
            password_hash,
            logon_hours,
            credential,
        },
    )
}

/// Runs statements of many rows each in one transaction, `rows` at a time.
async fn bulk(
    url: &str,
    n: usize,
    per_statement: usize,
    row: impl Fn(usize) -> Vec<String>,
    heads: &[&str],
) {
    let pool = sqlx::AnyPool::connect(url).await.unwrap();
    let mut tx = pool.begin().await.unwrap();
    let mut start = 0;
    while start < n {
        let end = (start + per_statement).min(n);
        let mut parts: Vec<String> = heads.iter().map(|h| (*h).to_owned()).collect();
        for i in start..end {
            for (k, values) in row(i).into_iter().enumerate() {
                if i > start {
                    parts[k].push(',');
                }
                parts[k].push_str(&values);
            }
        }
        for sql in parts {
            sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
                .execute(&mut *tx)
                .await
                .unwrap();
        }
        start = end;
    }
    tx.commit().await.unwrap();
    sqlx::raw_sql("ANALYZE").execute(&pool).await.unwrap();
    pool.close().await;
}

/// The name of the `i`th seeded user and their TOTP seed.
fn seeded_user(i: usize) -> (String, Vec<u8>) {
    let seed = (0..20u8)
        .map(|b| {
            b.wrapping_mul(31)
                .wrapping_add(i as u8)
                .wrapping_add((i >> 8) as u8)
        })
        .collect();
    (format!("u{i:07}"), seed)
}

async fn seed_users(url: &str, keys: &Keys, t: &Template, from: usize, to: usize) {
    let pg = url.starts_with("postgres");
    let sealer = keys.hasher().field_cipher();
    let params = serde_json::to_string(&MethodParams::Otp(OtpParams::totp())).unwrap();
    let ms = now().as_millis();
    let (policy, hash, hours) = (t.policy, t.password_hash.clone(), t.logon_hours.clone());
    bulk(
        url,
        to - from,
        1000,
        |k| {
            let i = from + k;
            let (name, seed) = seeded_user(i);
            // By name: the server may have added users of its own (ids after the highest).
            let uid = format!("(SELECT id FROM users WHERE username_key = '{name}')");
            let display = format!("{} {} {i}", FIRST[i % 12], LAST[(i / 12) % 12]);
            let key = format!("{name} {}", display.to_lowercase());
            let mid = format!("m{i:07}");
            let sealed = sealer
                .seal(&seed, &format!("auth_methods.secret:{mid}"))
                .unwrap();
            vec![
                format!(
                    "('{name}', '{name}', '{display}', '{key}', 'embedded:{name}', {policy}, 'active', {ms})"
                ),
                format!(
                    "('{mid}', {uid}, 'otp_token', 'phone', 'active', {}, {}, NULL, NULL, {ms}, {ms}, NULL)",
                    sql_text(&params),
                    blob(pg, &sealed)
                ),
                format!(
                    "('{name}', '{name}', '{display}', {}, {ms}, 0, 0, {}, 0, NULL, NULL, 0, 0)",
                    sql_text(&hash),
                    blob(pg, &hours)
                ),
            ]
        },
        &[
            "INSERT INTO users (username, username_key, display_name, search_key, directory_ref, policy_id, state, created_at) VALUES ",
            "INSERT INTO auth_methods (id, user_id, kind, label, state, params, secret, serial, last_counter, created_at, confirmed_at, last_used_at) VALUES ",
            "INSERT INTO dir_accounts (username_key, username, display_name, password_hash, password_changed_at, must_change, disabled, logon_hours, failures, last_failure, locked_until, locks, version) VALUES ",
        ],
    )
    .await;
}

/// The audit log's secondary indexes (not its key's nor its unique constraint's): name and the
/// statement that creates it, as the database holds them.
async fn audit_indexes(url: &str) -> Vec<(String, String)> {
    let pool = sqlx::AnyPool::connect(url).await.unwrap();
    let sql = if url.starts_with("postgres") {
        "SELECT indexname::text, indexdef FROM pg_indexes WHERE tablename = 'audit_log' AND indexname NOT LIKE 'audit_log_%'"
    } else {
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit_log' AND sql IS NOT NULL"
    };
    let found: Vec<(String, String)> = sqlx::query_as(sql).fetch_all(&pool).await.unwrap();
    pool.close().await;
    assert!(!found.is_empty(), "the audit log has no secondary index");
    found
}

async fn admin_sql(url: &str, statements: Vec<String>) {
    let pool = sqlx::AnyPool::connect(url).await.unwrap();
    for sql in statements {
        sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
            .execute(&pool)
            .await
            .unwrap();
    }
    pool.close().await;
}

/// `n` records of a valid chain of node "archive", over the year before now.
async fn seed_audit(url: &str, mac: &KeyedHasher, n: usize) {
    let node = NodeId::parse("archive").unwrap();
    let start = now().as_millis() - YEAR_MS;
    let step = (YEAR_MS / n.max(1) as i64).max(1);
    // The chain is computed ahead (each record links to the one before).
    let mut rows = Vec::with_capacity(n);
    let mut head: Option<ChainHead> = None;
    for i in 0..n {
        let e = AuditEvent {
            at: Timestamp::from_millis(start + i as i64 * step),
            actor: format!("admin:helpdesk{:03}", i % 200),
            action: ACTIONS[(i / 7) % 20].to_owned(),
            target: Some(format!("u{:07}", (i * 7919) % 100_000)),
            source: Some("198.51.100.7".into()),
            outcome: if i % 50 == 0 {
                Outcome::Failure
            } else {
                Outcome::Success
            },
            details: Vec::new(),
        };
        let (seq, prev, hash) = link(mac, &node, head.as_ref(), &e);
        head = Some(ChainHead {
            node: "archive".into(),
            seq,
            hash: hash.clone(),
            mac: None,
        });
        rows.push(format!(
            "('archive', {seq}, {}, '{}', '{}', '{}', '198.51.100.7', '{}', '[]', '{prev}', '{hash}')",
            e.at.as_millis(),
            e.actor,
            e.action,
            e.target.unwrap_or_default(),
            e.outcome.key()
        ));
    }
    // Without its secondary indexes while it fills, as a restore would: inserting 10,000,000
    // rows into B-trees on random keys (actor, target, action) rewrites their pages for every
    // row; building them afterwards sorts once.
    let indexes = audit_indexes(url).await;
    admin_sql(
        url,
        indexes
            .iter()
            .map(|(name, _)| format!("DROP INDEX {name}"))
            .collect(),
    )
    .await;
    bulk(
        url,
        n,
        2000,
        |i| vec![rows[i].clone()],
        &["INSERT INTO audit_log (node, seq, at, actor, action, target, source, outcome, details, prev_hash, hash) VALUES "],
    )
    .await;
    admin_sql(url, indexes.into_iter().map(|(_, sql)| sql).collect()).await;
    if let Some(h) = head {
        let pool = sqlx::AnyPool::connect(url).await.unwrap();
        sqlx::query("INSERT INTO audit_heads (node, seq, hash, mac) VALUES ($1, $2, $3, $4)")
            .bind("archive")
            .bind(h.seq)
            .bind(h.hash.clone())
            .bind(mac.mac_hex(&head_bytes("archive", h.seq, &h.hash)))
            .execute(&pool)
            .await
            .unwrap();
        pool.close().await;
    }
}

/// Times each query of the console's audit page (its count and a page of 50), 20 runs each.
async fn audit_queries(db: &Db, report: &mut String) {
    let t = now().as_millis();
    let day = 24 * 3600 * 1000;
    let cases: Vec<(&str, AuditFilter)> = vec![
        ("no filter, first page", AuditFilter::default()),
        (
            "no filter, page 100",
            AuditFilter {
                offset: 99 * 50,
                ..Default::default()
            },
        ),
        (
            "by actor",
            AuditFilter {
                actor: Some("admin:helpdesk042".into()),
                ..Default::default()
            },
        ),
        (
            "by target",
            AuditFilter {
                target: Some("u0054321".into()),
                ..Default::default()
            },
        ),
        (
            "by action",
            AuditFilter {
                action: Some("tempcode.revoke".into()),
                ..Default::default()
            },
        ),
        (
            "one day",
            AuditFilter {
                since: Some(Timestamp::from_millis(t - 100 * day)),
                until: Some(Timestamp::from_millis(t - 99 * day)),
                ..Default::default()
            },
        ),
        (
            "by actor in a month",
            AuditFilter {
                actor: Some("admin:helpdesk042".into()),
                since: Some(Timestamp::from_millis(t - 60 * day)),
                until: Some(Timestamp::from_millis(t - 30 * day)),
                ..Default::default()
            },
        ),
    ];
    let _ = writeln!(
        report,
        "{:<28} {:>10} {:>10} {:>12}",
        "audit page query", "median", "p95", "records"
    );
    for (label, mut f) in cases {
        f.limit = 50;
        let mut times = Vec::new();
        let mut total = 0;
        for _ in 0..20 {
            let started = Instant::now();
            let page = db.list_audit(&f).await.unwrap();
            times.push(started.elapsed());
            total = page.total;
        }
        times.sort();
        let _ = writeln!(
            report,
            "{label:<28} {:>8.1}ms {:>8.1}ms {total:>12}",
            ms(percentile(&times, 0.5)),
            ms(percentile(&times, 0.95))
        );
    }
}

/// Times the console's user search (the store's query), 20 runs each.
async fn user_search(db: &Db, level: usize) -> String {
    let hit = format!("u{:07}", level / 2);
    let mut parts = Vec::new();
    for (label, term) in [
        ("name", hit.as_str()),
        ("surname", "tanaka"),
        ("first and surname", "anna tanaka"),
        ("no hit", "zzzz"),
        ("everyone", ""),
    ] {
        let mut times = Vec::new();
        for _ in 0..20 {
            let started = Instant::now();
            let _ = db.search_users(term, 50, 0).await.unwrap();
            times.push(started.elapsed());
        }
        times.sort();
        eprintln!(
            "user search, {label}: {:.1} ms",
            ms(percentile(&times, 0.5))
        );
        parts.push(format!("{label} {:.1} ms", ms(percentile(&times, 0.5))));
    }
    parts.join(", ")
}

/// Starts `regain serve` and waits until it listens; the time that took.
fn start_node(data: &Path, url: &str, keys: &Keys, port: u16) -> (Node, Duration) {
    let started = Instant::now();
    let node = node::serve(
        Command::new(env!("CARGO_BIN_EXE_regain")),
        data,
        url,
        keys,
        port,
        1,
    );
    (node, started.elapsed())
}

/// Resident memory of `pid` now and at its peak, in MiB.
fn memory(pid: u32) -> (f64, f64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let kib = |k: &str| -> f64 {
        status
            .lines()
            .find_map(|l| l.strip_prefix(k))
            .and_then(|v| v.split_whitespace().next()?.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (kib("VmRSS:") / 1024.0, kib("VmHWM:") / 1024.0)
}

/// `n` sign-ins, one after another, for users spread over `0..level`: the password step's and
/// the code step's latencies.
async fn sign_ins(
    base: &str,
    credential: &str,
    level: usize,
    n: usize,
    used: &mut std::collections::HashSet<usize>,
) -> (Vec<Duration>, Vec<Duration>) {
    let http = reqwest::Client::new();
    let (mut password, mut code) = (Vec::new(), Vec::new());
    for k in 0..n + 10 {
        // Spread over the table, never the same user twice in a run.
        let mut i = (k * (level / (n + 10)).max(1) + k % 7) % level;
        while !used.insert(i) {
            i = (i + 1) % level;
        }
        let (name, seed) = seeded_user(i);
        let started = Instant::now();
        let v: serde_json::Value = http
            .post(format!("{base}/api/v1/transactions"))
            .bearer_auth(credential)
            .json(&serde_json::json!({"username": name, "password": PASSWORD, "workflow": "remote_access"}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let first = started.elapsed();
        let id = v["transaction_id"]
            .as_str()
            .unwrap_or_else(|| panic!("no transaction for {name}: {v}"))
            .to_owned();
        let otp = regain_crypto::hotp(&seed, totp_step(now(), 30), OtpAlgorithm::Sha1, 6);
        let started = Instant::now();
        let v: serde_json::Value = http
            .post(format!("{base}/api/v1/transactions/{id}/otp"))
            .bearer_auth(credential)
            .json(&serde_json::json!({ "code": otp }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let second = started.elapsed();
        assert_eq!(v["state"], "accepted", "{name}: {v}");
        // The first ten warm the caches.
        if k >= 10 {
            password.push(first);
            code.push(second);
        }
    }
    password.sort();
    code.sort();
    (password, code)
}

fn main() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let levels: Vec<usize> = std::env::var("BENCH_USER_LEVELS")
        .unwrap_or_else(|_| "10000,100000,1000000".into())
        .split(',')
        .map(|v| {
            v.trim()
                .parse()
                .expect("BENCH_USER_LEVELS: comma-separated numbers")
        })
        .collect();
    let audit_rows = env_or("BENCH_AUDIT_ROWS", 10_000_000);
    let signins = env_or("BENCH_SIGNINS", 100);
    let engines = std::env::var("BENCH_ENGINES").unwrap_or_else(|_| "sqlite,pg".into());
    let dir = tempfile::tempdir().unwrap();
    let keys = Keys::generate();
    let pg = engines
        .contains("pg")
        .then(|| rt.block_on(PgServer::start()));
    let mut report = format!(
        "scale: {audit_rows} audit records, users {levels:?}, {signins} sign-ins per level, one after another\n"
    );
    for engine in engines.split(',').map(str::trim) {
        let url = match engine {
            "sqlite" => format!("sqlite://{}", dir.path().join("regain.db").display()),
            "pg" => rt.block_on(pg.as_ref().unwrap().database("regain_scale")),
            other => panic!("BENCH_ENGINES: unknown engine {other:?}; use sqlite or pg"),
        };
        let label = if engine == "pg" {
            format!("PostgreSQL {}", pg.as_ref().unwrap().version)
        } else {
            "SQLite".to_owned()
        };
        eprintln!("{label}: preparing");
        let (db, template) = rt.block_on(prepare(&url, &keys));
        let started = Instant::now();
        rt.block_on(seed_audit(&url, &keys.hasher(), audit_rows));
        let _ = writeln!(
            report,
            "\n== {label}\n{audit_rows} audit records seeded in {:.0} s",
            started.elapsed().as_secs_f64()
        );
        rt.block_on(audit_queries(&db, &mut report));
        let started = Instant::now();
        let verified = rt
            .block_on(regain_core::audit::verify_store(&db, &keys.hasher()))
            .unwrap();
        let _ = writeln!(
            report,
            "full chain verification: {verified:?} in {:.1} s",
            started.elapsed().as_secs_f64()
        );
        eprint!("{report}");
        let mut have = 0;
        // A code is accepted once: every sign-in of the run is a user's first.
        let mut used = std::collections::HashSet::new();
        let _ = writeln!(
            report,
            "{:>9} {:>9} {:>10} {:>10} {:>10} {:>10} {:>9} {:>9}  user search (median)",
            "users", "start ms", "pw p50", "pw p99", "code p50", "code p99", "RSS MiB", "peak MiB"
        );
        for &level in &levels {
            let started = Instant::now();
            rt.block_on(seed_users(&url, &keys, &template, have, level));
            eprintln!(
                "{label}: {} users added in {:.0} s",
                level - have,
                started.elapsed().as_secs_f64()
            );
            have = level;
            let port = free_port();
            let (node, startup) = start_node(
                &dir.path().join(format!("node-{engine}")),
                &url,
                &keys,
                port,
            );
            let (password, code) = rt.block_on(sign_ins(
                &format!("http://127.0.0.1:{port}"),
                &template.credential,
                level,
                signins,
                &mut used,
            ));
            let (rss, peak) = memory(node.0.id());
            drop(node);
            let search = rt.block_on(user_search(&db, level));
            let _ = writeln!(
                report,
                "{level:>9} {:>9.0} {:>8.1}ms {:>8.1}ms {:>8.2}ms {:>8.2}ms {rss:>9.0} {peak:>9.0}  {search}",
                ms(startup),
                ms(percentile(&password, 0.5)),
                ms(percentile(&password, 0.99)),
                ms(percentile(&code, 0.5)),
                ms(percentile(&code, 0.99)),
            );
        }
        rt.block_on(db.close());
    }
    drop(pg);
    let _ = writeln!(
        report,
        "\npw: the password step (POST /api/v1/transactions: credential, user, directory account, argon2id, policy, transaction); code: the TOTP step; RSS after the sign-ins"
    );
    print!("{report}");
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/bench");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("scale.txt"), &report).unwrap();
}
