//! The reference authenticator (`regain-authenticator`) against a real `regain serve` over HTTPS
//! with its self-signed certificate: enrol from the link `regain otp enroll-push` prints, see a
//! push with its context, approve by picking the number, deny, pick a wrong number, use the
//! offline code, and continue transactions across a restart of the server (state in the
//! database). The API side is driven with curl, as a VPN gateway adapter would.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/ports.rs"]
mod ports;

use ports::free_port;
use serde_json::Value;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const PW: &str = "Push-Cli-Password-42";

fn regain(data: &Path, port: u16, args: &[&str], stdin: Option<&str>) -> String {
    let mut child = Command::new(env!("CARGO_BIN_EXE_regain"))
        .args(args)
        .env_remove("REGAIN_CONFIG")
        .env("REGAIN_DATA_DIR", data)
        .env("REGAIN_SERVER__LISTEN", format!("127.0.0.1:{port}"))
        .env("USER", "tester")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    if let Some(s) = stdin {
        input.write_all(s.as_bytes()).unwrap();
    }
    drop(input);
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "regain {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The authenticator binary, built beside `regain` by `cargo test --workspace`.
fn authenticator_bin() -> PathBuf {
    let p = Path::new(env!("CARGO_BIN_EXE_regain")).with_file_name("regain-authenticator");
    assert!(
        p.exists(),
        "{} is missing: build the workspace (cargo build --workspace) before this test",
        p.display()
    );
    p
}

fn auth(state: &Path, args: &[&str]) -> (bool, String) {
    let out = Command::new(authenticator_bin())
        .arg("--state")
        .arg(state)
        .args(args)
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn serve(data: &Path, port: u16) -> Server {
    serve_logging(data, port, "warn", None)
}

/// Starts the server; with `log`, its standard error (the log) goes to that file.
fn serve_logging(data: &Path, port: u16, level: &str, log: Option<&Path>) -> Server {
    let stderr = match log {
        Some(p) => Stdio::from(std::fs::File::create(p).unwrap()),
        None => Stdio::null(),
    };
    let mut child = Command::new(env!("CARGO_BIN_EXE_regain"))
        .arg("serve")
        .env_remove("REGAIN_CONFIG")
        .env("REGAIN_DATA_DIR", data)
        .env("REGAIN_SERVER__LISTEN", format!("127.0.0.1:{port}"))
        .env("RUST_LOG", level)
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .unwrap();
    let out = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let first = rx
        .recv_timeout(Duration::from_secs(60))
        .expect("server did not start");
    assert!(first.starts_with("regain listening on "), "{first}");
    Server(child)
}

fn stop(mut s: Server) {
    let ok = Command::new("kill")
        .args(["-TERM", &s.0.id().to_string()])
        .status()
        .unwrap();
    assert!(ok.success());
    assert!(s.0.wait().unwrap().success());
}

struct Api {
    base: String,
    ca: PathBuf,
    credential: String,
}

impl Api {
    fn call(&self, method: &str, path: &str, body: Option<&str>) -> Value {
        let mut cmd = Command::new("curl");
        cmd.args(["-sS", "--max-time", "40", "--cacert"])
            .arg(&self.ca)
            .args(["-X", method, "-H"])
            .arg(format!("Authorization: Bearer {}", self.credential));
        if let Some(b) = body {
            cmd.args(["-H", "Content-Type: application/json", "-d", b]);
        }
        let out = cmd.arg(format!("{}{path}", self.base)).output().expect(
            "curl is needed for this test (scripts/test installs it): apt-get install curl",
        );
        assert!(
            out.status.success(),
            "curl: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    }

    fn start(&self, workflow: &str) -> String {
        let v = self.call(
            "POST",
            "/api/v1/transactions",
            Some(&format!(
                r#"{{"username":"pat","password":"{PW}","workflow":"{workflow}","client_ip":"203.0.113.9","device":"VPN-EU-1"}}"#
            )),
        );
        assert_eq!(v["state"], "awaiting_second_factor", "{v}");
        v["transaction_id"].as_str().unwrap().to_owned()
    }

    fn push(&self, tx: &str) -> u32 {
        let v = self.call("POST", &format!("/api/v1/transactions/{tx}/push"), None);
        u32::try_from(v["number"].as_u64().unwrap_or_else(|| panic!("{v}"))).unwrap()
    }

    fn status(&self, tx: &str) -> Value {
        self.call("GET", &format!("/api/v1/transactions/{tx}"), None)
    }
}

#[test]
fn the_reference_authenticator_answers_pushes_across_a_server_restart() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let port = free_port();
    regain(
        &data,
        port,
        &[
            "user",
            "add",
            "pat",
            "--display-name",
            "Pat",
            "--password-stdin",
        ],
        Some(&format!("{PW}\n")),
    );
    let out = regain(
        &data,
        port,
        &["client", "add", "vpn-gateway", "--trusted"],
        None,
    );
    let credential = out
        .lines()
        .skip_while(|l| !l.starts_with("credential"))
        .nth(1)
        .unwrap()
        .trim()
        .to_owned();
    let out = regain(&data, port, &["otp", "enroll-push", "pat"], None);
    assert!(
        out.contains('█') || out.contains('▀'),
        "a QR code is printed: {out}"
    );
    let link = regain(&data, port, &["otp", "enroll-push", "pat", "--no-qr"], None)
        .trim()
        .to_owned();
    assert!(
        link.starts_with(&format!("https://127.0.0.1:{port}/push/enroll#")),
        "{link}"
    );

    let server = serve(&data, port);
    let ca = data.join("tls").join("cert.pem");
    let state = dir.path().join("device.json");
    let s = |a: &[&str]| auth(&state, a);

    // Without the server's certificate the authenticator refuses to talk to it.
    let (ok, text) = s(&["enroll", &link]);
    assert!(!ok, "{text}");
    assert!(text.contains("cannot reach"), "{text}");
    let (ok, text) = s(&[
        "enroll",
        &link,
        "--ca",
        ca.to_str().unwrap(),
        "--label",
        "Pat's laptop",
    ]);
    assert!(ok, "{text}");
    assert!(text.contains("enrolled as Pat's laptop for pat"), "{text}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&state).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "the device key file is private");
    }
    // The link worked once.
    let (ok, text) = auth(
        &dir.path().join("other.json"),
        &["enroll", &link, "--ca", ca.to_str().unwrap()],
    );
    assert!(!ok && text.contains("ask for a new one"), "{text}");

    let api = Api {
        base: format!("https://127.0.0.1:{port}"),
        ca: ca.clone(),
        credential,
    };

    // Approve by picking the number the sign-in page shows.
    let tx = api.start("remote_access");
    assert_eq!(s(&["pending"]).1.trim(), "no push is pending");
    let number = api.push(&tx);
    let (ok, listing) = s(&["pending", "--wait", "5"]);
    assert!(ok, "{listing}");
    assert!(
        listing.contains("sign-in to: remote access via vpn-gateway"),
        "{listing}"
    );
    assert!(
        listing.contains("from: 203.0.113.9  device: VPN-EU-1"),
        "{listing}"
    );
    // Issue 14, point 6: the app is told neither the number nor candidates; the user types it.
    assert!(
        listing.contains("type the 2-digit number the sign-in page shows"),
        "{listing}"
    );
    assert!(!listing.contains(" | "), "candidates offered: {listing}");
    let (ok, text) = s(&["approve", "4"]);
    assert!(!ok && text.contains("is not a 2-digit number"), "{text}");
    let (ok, text) = s(&["approve", &number.to_string()]);
    assert!(ok && text.trim() == "approved", "{text}");
    assert_eq!(api.status(&tx)["state"], "accepted");

    // Deny.
    let tx = api.start("remote_access");
    api.push(&tx);
    let (ok, text) = s(&["deny"]);
    assert!(ok && text.trim() == "push denied", "{text}");
    let v = api.status(&tx);
    assert_eq!(
        (v["state"].as_str(), v["reason"].as_str()),
        (Some("rejected"), Some("push_denied"))
    );

    // A wrong number denies.
    let tx = api.start("remote_access");
    let number = api.push(&tx);
    let decoy = if number == 99 { 10 } else { number + 1 };
    let (_, text) = s(&["approve", &decoy.to_string()]);
    assert!(
        text.contains("was not the number of this sign-in"),
        "{text}"
    );
    assert_eq!(api.status(&tx)["reason"], "push_wrong_number");

    // A push sent before a restart is answered after it: the transaction lives in the database.
    let tx = api.start("remote_access");
    let number = api.push(&tx);
    stop(server);
    let server = serve(&data, port);
    let (ok, text) = s(&["approve", &number.to_string()]);
    assert!(ok && text.trim() == "approved", "{text}");
    assert_eq!(api.status(&tx)["state"], "accepted");

    // The offline code, for a transaction started before another restart.
    let tx = api.start("remote_access");
    stop(server);
    let _server = serve(&data, port);
    let (ok, code) = s(&["code"]);
    assert!(ok, "{code}");
    let code = code.split_whitespace().next().unwrap().to_owned();
    assert_eq!(code.len(), 6);
    let v = api.call(
        "POST",
        &format!("/api/v1/transactions/{tx}/offline_code"),
        Some(&format!(r#"{{"code":"{code}"}}"#)),
    );
    assert_eq!(v["state"], "accepted", "{v}");

    // The state file is needed, and a clear message says so.
    let (ok, text) = auth(&dir.path().join("none.json"), &["pending"]);
    assert!(!ok && text.contains("enrol first"), "{text}");
}

/// The last SMS code written to the demo outbox.
fn last_sms_code(data: &Path) -> String {
    let outbox = std::fs::read_to_string(data.join("sms-outbox.txt")).unwrap();
    let line = outbox.lines().rev().find(|l| !l.trim().is_empty()).unwrap();
    line.split(|c: char| !c.is_ascii_digit())
        .find(|w| w.len() == 6)
        .unwrap_or_else(|| panic!("{line}"))
        .to_owned()
}

/// Whether `needle` occurs in `hay` as a whole token (not inside a longer run of letters or
/// digits, so a 6-digit code does not match part of a millisecond timestamp).
fn contains_token(hay: &str, needle: &str) -> bool {
    hay.match_indices(needle).any(|(i, _)| {
        let before = hay[..i].chars().next_back();
        let after = hay[i + needle.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_alphanumeric())
            && !after.is_some_and(|c| c.is_ascii_alphanumeric())
    })
}

/// Security requirement 48 (no secrets in logs or audit) and 21 (no plaintext seeds at rest):
/// a full run with every second factor, debug logging on, then a search of the server log, the
/// exported audit table and the raw database files for every secret that passed through.
#[test]
fn req48_req21_factor_secrets_never_reach_logs_the_audit_table_or_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let port = free_port();
    let mut canaries: Vec<(&str, String)> = vec![("password", PW.to_owned())];
    regain(
        &data,
        port,
        &["user", "add", "pat", "--password-stdin"],
        Some(&format!("{PW}\n")),
    );
    let out = regain(
        &data,
        port,
        &["client", "add", "vpn-gateway", "--trusted"],
        None,
    );
    let credential = out
        .lines()
        .skip_while(|l| !l.starts_with("credential"))
        .nth(1)
        .unwrap()
        .trim()
        .to_owned();
    canaries.push(("API credential", credential.clone()));

    // A phone, confirmed by SMS (the demo outbox).
    let number = "+41795550123";
    let out = regain(&data, port, &["otp", "enroll-phone", "pat", number], None);
    let phone_method = out
        .split("confirm-phone pat ")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned();
    // The next SMS to pat may go 30 s after this one (resend interval): the rest of the run
    // happens meanwhile.
    let phone_sent = std::time::Instant::now();
    let sms = last_sms_code(&data);
    regain(
        &data,
        port,
        &["otp", "confirm-phone", "pat", &phone_method, &sms],
        None,
    );
    canaries.push(("phone number", number.to_owned()));
    canaries.push(("phone number (national part)", "795550123".to_owned()));
    canaries.push(("SMS enrollment code", sms));

    // An authenticator-app token, confirmed with its first code.
    let out = regain(&data, port, &["otp", "enroll", "pat"], None);
    let seed_b32 = out
        .lines()
        .find_map(|l| l.strip_prefix("seed (base32): "))
        .unwrap()
        .trim()
        .to_owned();
    let method = out
        .lines()
        .find_map(|l| l.strip_prefix("enrollment "))
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned();
    let seed = regain_crypto::base32_decode(&seed_b32).unwrap();
    let totp = |offset: u64| {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs();
        regain_crypto::hotp(
            &seed,
            now / 30 + offset,
            regain_core::otp::OtpAlgorithm::Sha1,
            6,
        )
    };
    let first = totp(0);
    regain(
        &data,
        port,
        &["otp", "confirm", "pat", &method, &first],
        None,
    );
    canaries.push(("TOTP seed (base32)", seed_b32.clone()));
    canaries.push(("TOTP seed (hex)", hex::encode(&seed)));
    canaries.push(("TOTP code", first));

    let link = regain(&data, port, &["otp", "enroll-push", "pat", "--no-qr"], None)
        .trim()
        .to_owned();
    canaries.push((
        "push enrollment token",
        link.split_once('#').unwrap().1.to_owned(),
    ));

    let log = dir.path().join("server.log");
    let server = serve_logging(&data, port, "debug", Some(&log));
    let ca = data.join("tls").join("cert.pem");
    let state = dir.path().join("device.json");
    let (ok, text) = auth(&state, &["enroll", &link, "--ca", ca.to_str().unwrap()]);
    assert!(ok, "{text}");
    let device: Value = serde_json::from_str(&std::fs::read_to_string(&state).unwrap()).unwrap();
    canaries.push((
        "device private key",
        device["key_pkcs8"].as_str().unwrap().to_owned(),
    ));
    canaries.push((
        "offline-code seed",
        device["offline"]["seed_base32"]
            .as_str()
            .unwrap()
            .to_owned(),
    ));

    let api = Api {
        base: format!("https://127.0.0.1:{port}"),
        ca,
        credential,
    };
    // Push approved.
    let tx = api.start("remote_access");
    let n = api.push(&tx);
    assert!(auth(&state, &["approve", &n.to_string()]).0);
    assert_eq!(api.status(&tx)["state"], "accepted");
    // SMS code.
    let tx = api.start("remote_access");
    if let Some(left) = Duration::from_secs(31).checked_sub(phone_sent.elapsed()) {
        std::thread::sleep(left);
    }
    api.call("POST", &format!("/api/v1/transactions/{tx}/sms"), None);
    let sms = last_sms_code(&data);
    let v = api.call(
        "POST",
        &format!("/api/v1/transactions/{tx}/sms_code"),
        Some(&format!(r#"{{"code":"{sms}"}}"#)),
    );
    assert_eq!(v["state"], "accepted", "{v}");
    canaries.push(("SMS sign-in code", sms));
    // TOTP: more than 30 s after the confirming code, so the current step is a new one.
    let tx = api.start("remote_access");
    let code = totp(0);
    let v = api.call(
        "POST",
        &format!("/api/v1/transactions/{tx}/otp"),
        Some(&format!(r#"{{"code":"{code}"}}"#)),
    );
    assert_eq!(v["state"], "accepted", "{v}");
    canaries.push(("TOTP sign-in code", code));
    // Offline code.
    let tx = api.start("remote_access");
    let (_, code) = auth(&state, &["code"]);
    let code = code.split_whitespace().next().unwrap().to_owned();
    let v = api.call(
        "POST",
        &format!("/api/v1/transactions/{tx}/offline_code"),
        Some(&format!(r#"{{"code":"{code}"}}"#)),
    );
    assert_eq!(v["state"], "accepted", "{v}");
    canaries.push(("offline code", code));
    stop(server);

    let log = std::fs::read_to_string(&log).unwrap();
    assert!(
        log.contains("DEBUG"),
        "debug logging was on: {}",
        &log[..log.len().min(500)]
    );
    let audit_file = dir.path().join("audit.jsonl");
    regain(
        &data,
        port,
        &["audit", "export", "-o", audit_file.to_str().unwrap()],
        None,
    );
    let audit = std::fs::read_to_string(&audit_file).unwrap();
    assert!(
        audit.contains("auth.second_factor") && audit.contains("auth.push_answer"),
        "the audit has the run"
    );
    let mut db = Vec::new();
    for f in std::fs::read_dir(&data).unwrap() {
        let p = f.unwrap().path();
        if p.file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("regain.db")
        {
            db.extend(std::fs::read(&p).unwrap());
        }
    }
    assert!(!db.is_empty(), "database files found");
    let db_text = String::from_utf8_lossy(&db);
    for (what, secret) in &canaries {
        assert!(!contains_token(&log, secret), "{what} is in the server log");
        assert!(
            !contains_token(&audit, secret),
            "{what} is in the audit table"
        );
        // Short codes and numbers can occur by chance in binary pages; long secrets cannot.
        if secret.len() >= 12 {
            assert!(
                !db_text.contains(secret.as_str()),
                "{what} is in the database in clear"
            );
        }
    }
    assert!(
        !db.windows(seed.len()).any(|w| w == seed.as_slice()),
        "raw TOTP seed bytes in the database"
    );
}
