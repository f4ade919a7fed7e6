//! `regain serve` and `regain demo` as processes: real sockets, real TLS, real signals.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

struct Server {
    child: Child,
    lines: mpsc::Receiver<String>,
    base: String,
}

fn start(data: &Path, env: &[(&str, &str)]) -> Server {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_regain"));
    cmd.arg("serve")
        .env_remove("REGAIN_CONFIG")
        .env("REGAIN_DATA_DIR", data)
        .env("REGAIN_SERVER__LISTEN", "127.0.0.1:0")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().unwrap();
    let (tx, rx) = mpsc::channel();
    let out = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    // The server prints its address once bound; wait for that line (bounded, no fixed sleep).
    let first = rx
        .recv_timeout(Duration::from_secs(60))
        .expect("server did not report its address");
    let base = first
        .strip_prefix("regain listening on ")
        .expect(&first)
        .to_owned();
    Server {
        child,
        lines: rx,
        base,
    }
}

fn next_lines(s: &Server, n: usize) -> Vec<String> {
    (0..n)
        .map(|_| s.lines.recv_timeout(Duration::from_secs(30)).unwrap())
        .collect()
}

fn http_get(base: &str, path: &str) -> String {
    let addr = base.trim_start_matches("http://");
    let mut s = TcpStream::connect(addr).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out
}

fn terminate(mut s: Server) -> String {
    let status = Command::new("kill")
        .args(["-TERM", &s.child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let code = s.child.wait().unwrap();
    let mut err = String::new();
    s.child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert!(code.success(), "exit {code:?}: {err}");
    err
}

#[test]
fn plain_http_behind_a_proxy_serves_health_ready_metrics_and_stops_on_sigterm() {
    let tmp = tempfile::tempdir().unwrap();
    // A free loopback port for the separate metrics listener.
    let metrics_addr = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .to_string();
    let s = start(
        tmp.path(),
        &[
            ("REGAIN_SERVER__TLS", "off"),
            ("REGAIN_SERVER__BEHIND_PROXY", "true"),
            ("REGAIN_LOG__FORMAT", "json"),
            ("REGAIN_METRICS__LISTEN", &metrics_addr),
            ("REGAIN_AUDIT__CHECKPOINT_INTERVAL", "1s"),
        ],
    );
    assert!(s.base.starts_with("http://127.0.0.1:"), "{}", s.base);
    let setup = next_lines(&s, 3);
    assert!(
        setup[0].contains("created the superadministrator \"admin\""),
        "{setup:?}"
    );
    assert!(
        setup[2].contains(&format!("{}/setup/", s.base)),
        "{setup:?}"
    );
    let health = http_get(&s.base, "/healthz");
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    let lower = health.to_lowercase();
    for h in [
        "x-request-id:",
        "content-security-policy:",
        "x-content-type-options: nosniff",
        "x-frame-options: deny",
        "strict-transport-security:",
    ] {
        assert!(lower.contains(h), "{h} missing:\n{health}");
    }
    assert!(http_get(&s.base, "/readyz").contains("ready"));
    // Issue 14, point 10: the server writes signed checkpoints of its chain by itself.
    let cp = tmp.path().join("audit-checkpoints").join("node-1.jsonl");
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while !cp.exists() && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    let line = std::fs::read_to_string(&cp).expect("no checkpoint written");
    let first: serde_json::Value = serde_json::from_str(line.lines().next().unwrap()).unwrap();
    assert!(
        first["seq"].as_i64().unwrap() > 0 && first["signature"].is_string(),
        "{first}"
    );
    // Issue 14, point 11: not on the main listener (no token configured), on the metrics one.
    let open = http_get(&s.base, "/metrics");
    assert!(open.starts_with("HTTP/1.1 404"), "{open}");
    let metrics = http_get(&format!("http://{metrics_addr}"), "/metrics");
    // Issue 15, point 8: the binary wires the store's pools and the database's figures in.
    for series in [
        "regain_http_requests_total{method=\"GET\",route=\"health\",status=\"2xx\"}",
        "regain_http_request_duration_seconds_bucket{route=\"health\",le=\"",
        "regain_db_pool_max_connections{pool=\"readers\"} 8",
        "regain_db_pool_max_connections{pool=\"writer\"} 1",
        "regain_temporary_codes_active 0",
    ] {
        assert!(metrics.contains(series), "{series}:\n{metrics}");
    }
    let err = terminate(s);
    // JSON logs, one object per line, and the setup token never appears in them.
    let request_line = err
        .lines()
        .find(|l| l.contains("\"path\":\"/healthz\""))
        .expect(&err);
    assert!(serde_json::from_str::<serde_json::Value>(request_line).is_ok());
    assert!(
        err.contains("shutting down") && err.contains("stopped"),
        "{err}"
    );
    assert!(!err.contains("/setup/") || err.contains("/setup/[token]"));
}

#[test]
fn default_https_uses_a_self_signed_certificate_generated_once() {
    let tmp = tempfile::tempdir().unwrap();
    let s = start(tmp.path(), &[]);
    assert!(s.base.starts_with("https://127.0.0.1:"), "{}", s.base);
    let out = Command::new("curl")
        .args(["-sk", &format!("{}/healthz", s.base)])
        .output()
        .expect("curl is needed (scripts/test installs it)");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "ok\n");
    // Without -k the self-signed certificate is refused: it really is TLS with our certificate.
    let strict = Command::new("curl")
        .args(["-s", &format!("{}/healthz", s.base)])
        .status()
        .unwrap();
    assert!(!strict.success());
    let cert = std::fs::read(tmp.path().join("tls/cert.pem")).unwrap();
    terminate(s);
    let s = start(tmp.path(), &[]);
    assert_eq!(
        std::fs::read(tmp.path().join("tls/cert.pem")).unwrap(),
        cert,
        "certificate regenerated"
    );
    terminate(s);
}

#[test]
fn plain_http_without_a_proxy_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_regain"))
        .arg("serve")
        .env("REGAIN_DATA_DIR", tmp.path())
        .env("REGAIN_SERVER__TLS", "off")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("behind_proxy"));
}

#[test]
fn demo_seeds_users_for_every_role_and_prints_their_credentials() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("demo");
    let out = Command::new(env!("CARGO_BIN_EXE_regain"))
        .args(["demo", "--seed-only", "--data-dir", dir.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    for who in ["admin", "helpdesk", "security", "auditor", "carol", "dave"] {
        assert!(
            text.contains(&format!("  {who:<10} Rg-")),
            "{who} missing:\n{text}"
        );
    }
    let list = Command::new(env!("CARGO_BIN_EXE_regain"))
        .args(["role", "list"])
        .env("REGAIN_DATA_DIR", &dir)
        .output()
        .unwrap();
    let roles = String::from_utf8_lossy(&list.stdout);
    assert!(
        roles.contains("Helpdesk (temporary codes up to 1d)"),
        "{roles}"
    );
    let dave = Command::new(env!("CARGO_BIN_EXE_regain"))
        .args(["user", "show", "dave"])
        .env("REGAIN_DATA_DIR", &dir)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&dave.stdout).contains("locked until"));
    // A directory that is not demo data is never wiped.
    let precious = tmp.path().join("precious");
    std::fs::create_dir(&precious).unwrap();
    std::fs::write(precious.join("thesis.txt"), "x").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_regain"))
        .args([
            "demo",
            "--seed-only",
            "--data-dir",
            precious.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(precious.join("thesis.txt").exists());
}
