//! Faults under load on the loopback cluster: `cargo bench -p regain --bench cluster_faults`
//! (needs `scripts/cluster up` and its env.sh sourced; kills and restarts parts of it).
//!
//! A load generator (this process: tokio, `BENCH_WORKERS` workers, default 8) runs complete API
//! sign-ins through nginx: the password (argon2id) and a multiple-use temporary code (argon2id
//! again), one worker per user. Two runs, each 60 s, the fault from 20 s to 40 s:
//! 1. `kill -9` of node 2, restarted at 40 s;
//! 2. the PostgreSQL primary stopped (fast shutdown), started again 5 s later;
//! 3. the primary killed with -9 and the synchronous standby promoted (the nodes' URL names
//!    both hosts with `target_session_attrs=read-write`).
//!
//! Per phase (before, during, after): sign-ins, failures, p50 / p99 latency; the longest window
//! without a success; how long until the rate is back. Afterwards: every sign-in the generator
//! saw accepted has its audit record (nothing acknowledged is lost), and `regain audit verify`
//! passes for every node's chain. Figures to stdout and `target/bench/cluster_faults.txt`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::json;
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const PASSWORD: &str = "Rg-Cluster-Fault-Lantern-2026!";
const RUN: Duration = Duration::from_secs(60);
const FAULT_AT: Duration = Duration::from_secs(20);
const FAULT_END: Duration = Duration::from_secs(40);

fn var(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        panic!("{name} is not set: scripts/cluster up, then set -a; . /tmp/regain-cluster/env.sh")
    })
}

fn cli(args: &[&str], stdin: Option<&str>) -> String {
    use std::io::Write;
    let config = var("REGAIN_CLUSTER_CONFIGS");
    let config = config.split(',').next().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_regain"))
        .args(args)
        .env("REGAIN_CONFIG", config)
        .env_remove("REGAIN_DATA_DIR")
        .env("USER", "bench")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(s) = stdin {
        child.stdin.take().unwrap().write_all(s.as_bytes()).unwrap();
    }
    drop(child.stdin.take());
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "regain {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn cluster(args: &[&str]) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/cluster");
    let ok = Command::new(script).args(args).status().unwrap().success();
    assert!(ok, "scripts/cluster {args:?} failed");
}

/// One finished sign-in: when it ended (since the run's start), how long it took, whether it
/// was accepted, and its transaction id.
struct Done {
    at: Duration,
    took: Duration,
    ok: bool,
    id: Option<String>,
}

async fn sign_in(
    http: &reqwest::Client,
    url: &str,
    cred: &str,
    user: &str,
    code: &str,
) -> (bool, Option<String>) {
    let start = http
        .post(format!("{url}/api/v1/transactions"))
        .bearer_auth(cred)
        .json(&json!({"username": user, "password": PASSWORD, "workflow": "remote_access"}))
        .send()
        .await;
    let Ok(r) = start else { return (false, None) };
    let Ok(v) = r.json::<serde_json::Value>().await else {
        return (false, None);
    };
    let Some(id) = v["transaction_id"].as_str().map(str::to_owned) else {
        return (false, None);
    };
    let r = http
        .post(format!("{url}/api/v1/transactions/{id}/temporary_code"))
        .bearer_auth(cred)
        .json(&json!({ "code": code }))
        .send()
        .await;
    let Ok(r) = r else { return (false, Some(id)) };
    let ok = r
        .json::<serde_json::Value>()
        .await
        .is_ok_and(|v| v["state"] == "accepted");
    (ok, Some(id))
}

fn percentile(mut v: Vec<Duration>, p: f64) -> Duration {
    if v.is_empty() {
        return Duration::ZERO;
    }
    v.sort();
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

fn phase(done: &[Done], from: Duration, to: Duration) -> String {
    let part: Vec<&Done> = done.iter().filter(|d| d.at >= from && d.at < to).collect();
    let failed = part.iter().filter(|d| !d.ok).count();
    let took: Vec<Duration> = part.iter().filter(|d| d.ok).map(|d| d.took).collect();
    format!(
        "{} sign-ins ({:.1}/s), {} failed ({:.2} %), p50 {:.0} ms, p99 {:.0} ms",
        part.len(),
        part.len() as f64 / (to - from).as_secs_f64(),
        failed,
        100.0 * failed as f64 / part.len().max(1) as f64,
        percentile(took.clone(), 0.5).as_secs_f64() * 1000.0,
        percentile(took, 0.99).as_secs_f64() * 1000.0
    )
}

/// The longest stretch without an accepted sign-in, and how long after the fault began the
/// rate (per second) was back to 80 % of the rate before it, counted from the end of that
/// stretch on.
fn windows(done: &[Done]) -> (Duration, Option<Duration>) {
    let mut oks: Vec<Duration> = done.iter().filter(|d| d.ok).map(|d| d.at).collect();
    oks.sort();
    let (gap, gap_end) = oks
        .windows(2)
        .map(|w| (w[1] - w[0], w[1]))
        .max()
        .unwrap_or((RUN, RUN));
    let before = oks.iter().filter(|t| **t < FAULT_AT).count() as f64 / FAULT_AT.as_secs_f64();
    let back = (gap_end.as_secs().max(FAULT_AT.as_secs())..RUN.as_secs()).find(|s| {
        let n = oks.iter().filter(|t| t.as_secs() == *s).count() as f64;
        n >= 0.8 * before
    });
    (gap, back.map(|s| Duration::from_secs(s) - FAULT_AT))
}

fn main() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let url = var("REGAIN_CLUSTER_URL");
    let ca = std::fs::read(var("REGAIN_CLUSTER_CA")).unwrap();
    let workers = std::env::var("BENCH_WORKERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(8usize);
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    cli(&["settings", "set", "allow_temporary_codes=true"], None);
    let cred_out = cli(
        &["client", "add", &format!("fault-{stamp}"), "--trusted"],
        None,
    );
    let cred = cred_out
        .lines()
        .skip_while(|l| !l.starts_with("credential"))
        .nth(1)
        .unwrap()
        .trim()
        .to_owned();
    let users: Vec<(String, String)> = (0..workers)
        .map(|i| {
            let name = format!("fault{stamp}u{i}");
            cli(
                &["user", "add", &name, "--password-stdin"],
                Some(&format!("{PASSWORD}\n")),
            );
            let out = cli(
                &[
                    "tempcode",
                    "generate",
                    &name,
                    "--uses",
                    "multiple",
                    "--expires",
                    "2h",
                ],
                None,
            );
            let code: String = out
                .lines()
                .find(|l| l.chars().filter(char::is_ascii_digit).count() >= 8 && !l.contains(':'))
                .unwrap()
                .chars()
                .filter(char::is_ascii_digit)
                .collect();
            (name, code)
        })
        .collect();
    let http = reqwest::Client::builder()
        .add_root_certificate(reqwest::Certificate::from_pem(&ca).unwrap())
        .timeout(Duration::from_secs(15))
        .build()
        .unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let mut report = format!(
        "cluster_faults: {workers} workers, complete API sign-ins (password + temporary code) through nginx, 3 nodes\n"
    );
    let mut accepted_ids = Vec::new();
    for (name, fault, heal) in [
        (
            "kill -9 of node 2 at 20 s, restarted at 40 s",
            vec!["kill-node", "2"],
            vec!["start-node", "2"],
        ),
        (
            "PostgreSQL primary stopped at 20 s, started at 25 s",
            vec!["pg-stop"],
            vec!["pg-start"],
        ),
        (
            "PostgreSQL primary killed (-9) at 20 s, the synchronous standby promoted",
            vec!["pg-failover"],
            vec![],
        ),
    ] {
        let done: Arc<Mutex<Vec<Done>>> = Arc::default();
        let t0 = Instant::now();
        let pg = name.starts_with("PostgreSQL");
        let failover = fault == ["pg-failover"];
        rt.block_on(async {
            let mut tasks = Vec::new();
            for (user, code) in users.clone() {
                let (http, url, cred, done) =
                    (http.clone(), url.clone(), cred.clone(), done.clone());
                tasks.push(tokio::spawn(async move {
                    while t0.elapsed() < RUN {
                        let s = Instant::now();
                        let (ok, id) = sign_in(&http, &url, &cred, &user, &code).await;
                        done.lock().unwrap().push(Done {
                            at: t0.elapsed(),
                            took: s.elapsed(),
                            ok,
                            id,
                        });
                        if !ok {
                            // A failed request is retried as a client would, after a pause.
                            tokio::time::sleep(Duration::from_millis(100)).await;
                        }
                    }
                }));
            }
            let fault = fault.clone();
            let heal = heal.clone();
            tokio::task::spawn_blocking(move || {
                std::thread::sleep(FAULT_AT);
                cluster(&fault);
                std::thread::sleep(if pg {
                    Duration::from_secs(5)
                } else {
                    FAULT_END - FAULT_AT
                });
                if !heal.is_empty() {
                    cluster(&heal);
                }
            })
            .await
            .unwrap();
            for t in tasks {
                t.await.unwrap();
            }
        });
        let done = done.lock().unwrap();
        // "During": while the fault lasts (for the failover, the 10 s the issue allows).
        let end = if failover {
            FAULT_AT + Duration::from_secs(10)
        } else if pg {
            Duration::from_secs(25)
        } else {
            FAULT_END
        };
        let (gap, back) = windows(&done);
        report.push_str(&format!(
            "\n{name}:\n  before: {}\n  during: {}\n  after:  {}\n  longest window without a success: {:.1} s; rate back to 80 % {} after the fault began\n",
            phase(&done, Duration::ZERO, FAULT_AT),
            phase(&done, FAULT_AT, end),
            phase(&done, end, RUN),
            gap.as_secs_f64(),
            back.map_or("not within the run".to_owned(), |b| format!("{:.0} s", b.as_secs_f64())),
        ));
        let total = done.len();
        let failed = done.iter().filter(|d| !d.ok).count();
        report.push_str(&format!(
            "  whole run: {total} sign-ins, {failed} failed ({:.2} %)\n",
            100.0 * failed as f64 / total.max(1) as f64
        ));
        accepted_ids.extend(done.iter().filter(|d| d.ok).filter_map(|d| d.id.clone()));
    }
    print!("{report}");
    // Nothing acknowledged is lost: every accepted sign-in's transaction is accepted in the
    // database; and every node's chain verifies.
    // libpq follows the failover the same way: the writable one of both hosts.
    let pg = var("REGAIN_CLUSTER_PG_URL");
    let list = accepted_ids
        .iter()
        .map(|i| format!("'{i}'"))
        .collect::<Vec<_>>()
        .join(",");
    let out = {
        use std::io::Write;
        let mut child = Command::new("psql")
            .args([&pg, "-At"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(
                format!(
                    "SELECT COUNT(*) FROM auth_transactions WHERE state = 'accepted' AND id IN ({list});\n"
                )
                .as_bytes(),
            )
            .unwrap();
        child.wait_with_output().unwrap()
    };
    let stored: usize = String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .unwrap_or(0);
    report.push_str(&format!(
        "\naccepted by the generator: {}; accepted in the database: {stored}{}\n",
        accepted_ids.len(),
        if stored == accepted_ids.len() {
            " (none lost)"
        } else {
            " (LOST SOME)"
        }
    ));
    let verify = cli(&["audit", "verify"], None);
    report.push_str(&format!("regain audit verify: {}", verify.trim()));
    report.push('\n');
    print!("{}", &report[report.find("\naccepted by").unwrap_or(0)..]);
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/bench");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("cluster_faults.txt"), report).unwrap();
}
