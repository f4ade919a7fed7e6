//! `regain demo` as a test's server: started on a free loopback port in a temporary directory,
//! its banner read for the URL, the passwords, the token seeds and the API credential.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

pub struct Demo {
    pub child: Child,
    pub base: String,
    pub passwords: HashMap<String, String>,
    /// Each administrator's console token seed (base32), from the demo's banner.
    pub tokens: HashMap<String, String>,
    /// The demo API client's credential (printed in the banner).
    pub credential: String,
    /// The server's log (its standard error).
    pub log: std::path::PathBuf,
    /// The banner, as printed.
    pub banner: Vec<String>,
    pub _dir: tempfile::TempDir,
}

impl Drop for Demo {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `regain demo` on a free loopback port in a temporary directory and reads its banner.
pub fn demo() -> Demo {
    demo_with(&[])
}

/// As [`demo`], with more arguments (`--public-url`, `--trusted-proxy`).
pub fn demo_with(extra: &[&str]) -> Demo {
    demo_logging(extra, "warn")
}

/// As [`demo_with`], logging at `level` (`RUST_LOG`) to [`Demo::log`].
pub fn demo_logging(extra: &[&str], level: &str) -> Demo {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("server.log");
    let mut child = Command::new(env!("CARGO_BIN_EXE_regain"))
        .args([
            "demo",
            "--listen",
            "127.0.0.1:0",
            "--extra-users",
            "120",
            "--data-dir",
        ])
        .arg(dir.path().join("demo"))
        .args(extra)
        .env("RUST_LOG", level)
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let (tx, rx) = mpsc::channel();
    let out = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let mut base = String::new();
    let mut credential = String::new();
    let mut passwords = HashMap::new();
    let mut tokens = HashMap::new();
    let mut banner = Vec::new();
    while let Ok(line) = rx.recv_timeout(Duration::from_secs(120)) {
        banner.push(line.clone());
        if let Some(c) = line.split("credential ").nth(1) {
            credential = c.trim().to_owned();
        }
        if let Some(b) = line.strip_prefix("regain listening on ") {
            base = b.to_owned();
        }
        let parts: Vec<&str> = line.split_whitespace().collect();
        if parts.len() == 3 && parts[0] == "token" {
            tokens.insert(parts[1].to_owned(), parts[2].to_owned());
        }
        if parts.len() >= 2 && parts[1].starts_with("Rg-") {
            passwords.insert(parts[0].to_owned(), parts[1].to_owned());
        }
        if line.contains("Also added") {
            break;
        }
    }
    assert!(
        !base.is_empty() && passwords.len() == 9,
        "demo did not start: {base} {passwords:?}"
    );
    Demo {
        child,
        base,
        passwords,
        tokens,
        credential,
        log,
        banner,
        _dir: dir,
    }
}

/// `regain` against the demo's data directory while the demo server runs.
pub fn cli(d: &Demo, args: &[&str]) {
    cli_with(d, args, &[]);
}

/// As [`cli`], with more environment, returning what it printed on stdout.
pub fn cli_with(d: &Demo, args: &[&str], env: &[(&str, &str)]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_regain"))
        .args(args)
        .env("REGAIN_DATA_DIR", d._dir.path().join("demo"))
        .env_remove("REGAIN_CONFIG")
        .envs(env.iter().copied())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "regain {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `regain-authenticator --state STATE ARGS`, which must succeed; what it printed.
pub fn authenticator(state: &std::path::Path, args: &[&str]) -> String {
    let out = Command::new(
        std::path::Path::new(env!("CARGO_BIN_EXE_regain")).with_file_name("regain-authenticator"),
    )
    .arg("--state")
    .arg(state)
    .args(args)
    .output()
    .unwrap();
    assert!(
        out.status.success(),
        "regain-authenticator {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}
