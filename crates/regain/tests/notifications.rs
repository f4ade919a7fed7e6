//! The outbox as operators run it: `regain serve` against a real mail server (Exim from
//! Debian). A mail server that is down gets the notice once it is back; a Regain killed with
//! `kill -9` after the commit (before or during the send) delivers it after its restart, once.
//! And the demo: its mail goes to a file, and a failed audit write reaches the subscribers.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};
use support::cli::{ok, regain};

fn var(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        panic!("{name} is not set: run scripts/mail/exim start and source /tmp/regain-smtp/env.sh (scripts/test does this)")
    })
}

struct Server {
    child: Child,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// `kill -9`: no shutdown, nothing flushed.
    fn kill_9(mut self) {
        let status = Command::new("kill")
            .args(["-KILL", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let _ = self.child.wait();
    }
}

/// The settings every run shares: a fast worker and short retries.
fn mail_env(port: &str, deliver: bool) -> Vec<(String, String)> {
    [
        ("REGAIN_NOTIFICATIONS__MAIL", "smtp"),
        ("REGAIN_NOTIFICATIONS__SMTP__HOST", "127.0.0.1"),
        ("REGAIN_NOTIFICATIONS__SMTP__PORT", port),
        ("REGAIN_NOTIFICATIONS__SMTP__SECURITY", "none"),
        ("REGAIN_NOTIFICATIONS__SMTP__TIMEOUT", "3s"),
        ("REGAIN_NOTIFICATIONS__INTERVAL", "1s"),
        ("REGAIN_NOTIFICATIONS__RETRY_DELAY", "1s"),
        ("REGAIN_NOTIFICATIONS__RETRY_MAX_DELAY", "2s"),
        ("REGAIN_NOTIFICATIONS__ATTEMPTS", "20"),
        (
            "REGAIN_NOTIFICATIONS__DELIVER",
            if deliver { "true" } else { "false" },
        ),
        ("REGAIN_METRICS__LISTEN", "off"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect()
}

fn serve(data: &Path, env: &[(String, String)]) -> Server {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_regain"));
    cmd.arg("serve")
        .env_remove("REGAIN_CONFIG")
        .env("REGAIN_DATA_DIR", data)
        .env("REGAIN_SERVER__LISTEN", "127.0.0.1:0")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
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
    let server = Server { child };
    loop {
        let line = rx
            .recv_timeout(Duration::from_secs(60))
            .expect("the server did not report its address");
        if line.starts_with("regain listening on ") {
            return server;
        }
    }
}

/// A data directory with alice (whose notices go to `to`).
fn setup(to: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    ok(data, &["migrate"]);
    let r = regain(
        data,
        &["user", "add", "alice", "--password-stdin"],
        Some("Rg-Secret-Pass-2026!\n"),
        &[],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    ok(
        data,
        &[
            "user",
            "set-contact",
            "alice",
            "--email",
            to,
            "--language",
            "sv",
        ],
    );
    dir
}

/// Messages to `to` in `maildir` (Exim's `Envelope-to:`).
fn delivered(maildir: &Path, to: &str) -> Vec<String> {
    let mut out = Vec::new();
    for sub in ["new", "cur"] {
        for e in std::fs::read_dir(maildir.join(sub))
            .into_iter()
            .flatten()
            .flatten()
        {
            let raw = std::fs::read_to_string(e.path()).unwrap_or_default();
            if raw
                .lines()
                .any(|l| l.eq_ignore_ascii_case(&format!("Envelope-to: {to}")))
            {
                out.push(raw);
            }
        }
    }
    out
}

fn wait_delivered(maildir: &Path, to: &str, n: usize, within: Duration) -> Vec<String> {
    let until = Instant::now() + within;
    while delivered(maildir, to).len() < n && Instant::now() < until {
        std::thread::sleep(Duration::from_millis(100));
    }
    delivered(maildir, to)
}

fn outbox(data: &Path) -> String {
    ok(data, &["notifications", "outbox"])
}

fn tag() -> String {
    format!(
        "{:x}",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
            & 0xffff_ffff_ffff
    )
}

/// A mail server of this test's own (`scripts/mail/exim` with other ports and directory), so
/// stopping it disturbs no other test.
struct OwnExim {
    script: PathBuf,
    dir: PathBuf,
    port: String,
}

impl OwnExim {
    fn new(port: &str) -> OwnExim {
        OwnExim {
            script: PathBuf::from(var("SMTP_CONTROL")),
            dir: std::env::temp_dir().join(format!("regain-smtp-own-{}", tag())),
            port: port.into(),
        }
    }

    fn run(&self, cmd: &str) {
        let status = Command::new(&self.script)
            .arg(cmd)
            .env("SMTP_DIR", &self.dir)
            .env("SMTP_PORT", &self.port)
            .env("SMTP_STARTTLS_PORT", "2687")
            .env("SMTP_TLS_PORT", "2665")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "scripts/mail/exim {cmd} failed");
    }
}

impl Drop for OwnExim {
    fn drop(&mut self) {
        self.run("destroy");
    }
}

#[test]
fn a_mail_server_that_is_down_gets_the_notice_once_it_is_back() {
    let exim = OwnExim::new("2625");
    exim.run("start");
    exim.run("stop");
    let to = format!("alice-{}@example.org", tag());
    let dir = setup(&to);
    let data = dir.path();
    let env = mail_env(&exim.port, true);
    let _server = serve(data, &env);
    ok(data, &["user", "unlock", "alice"]);
    // Down: the attempts fail and are kept, with the reason, for the next try.
    let until = Instant::now() + Duration::from_secs(30);
    let mut seen = String::new();
    while Instant::now() < until {
        seen = outbox(data);
        if seen.contains("attempts 2") || seen.contains("attempts 3") {
            break;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    assert!(seen.contains("1 pending"), "{seen}");
    assert!(
        seen.contains("SMTP 127.0.0.1:2625"),
        "the reason is on record: {seen}"
    );
    assert!(delivered(&exim.dir.join("Maildir"), &to).is_empty());
    // Back: delivered, once.
    exim.run("start");
    let got = wait_delivered(&exim.dir.join("Maildir"), &to, 1, Duration::from_secs(30));
    std::thread::sleep(Duration::from_secs(3));
    let got_later = delivered(&exim.dir.join("Maildir"), &to);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got_later.len(), 1, "delivered once: {got_later:?}");
    assert!(
        got[0].contains("Subject: Ditt konto har "),
        "in Swedish: {}",
        got[0]
    );
    assert!(outbox(data).contains("0 pending, 1 sent, 0 failed"));
}

#[test]
fn kill_9_after_the_commit_and_before_the_send_delivers_once_after_the_restart() {
    let maildir = PathBuf::from(var("SMTP_MAILDIR"));
    let to = format!("alice-{}@example.org", tag());
    let dir = setup(&to);
    let data = dir.path();
    // This node does not deliver: the notice is committed and stays unsent.
    let server = serve(data, &mail_env(&var("SMTP_PORT"), false));
    ok(data, &["user", "unlock", "alice"]);
    std::thread::sleep(Duration::from_secs(2));
    assert!(outbox(data).contains("1 pending"));
    server.kill_9();
    assert!(delivered(&maildir, &to).is_empty());
    let _server = serve(data, &mail_env(&var("SMTP_PORT"), true));
    let got = wait_delivered(&maildir, &to, 1, Duration::from_secs(30));
    std::thread::sleep(Duration::from_secs(3));
    assert_eq!(got.len(), 1);
    assert_eq!(delivered(&maildir, &to).len(), 1, "once");
}

#[test]
fn kill_9_during_the_send_delivers_once_after_the_restart() {
    let maildir = PathBuf::from(var("SMTP_MAILDIR"));
    let to = format!("alice-{}@example.org", tag());
    let dir = setup(&to);
    let data = dir.path();
    // A mail server that accepts the connection and never answers: the send hangs with the
    // notice claimed by this node.
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = silent.local_addr().unwrap().port().to_string();
    let held = std::thread::spawn(move || {
        let mut keep = Vec::new();
        for s in silent.incoming().take(1) {
            keep.push(s);
            std::thread::sleep(Duration::from_secs(20));
        }
    });
    let mut env = mail_env(&port, true);
    env.retain(|(k, _)| k != "REGAIN_NOTIFICATIONS__SMTP__TIMEOUT");
    env.push(("REGAIN_NOTIFICATIONS__SMTP__TIMEOUT".into(), "60s".into()));
    let server = serve(data, &env);
    ok(data, &["user", "unlock", "alice"]);
    let until = Instant::now() + Duration::from_secs(20);
    while !outbox(data).contains("attempts 1") && Instant::now() < until {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(
        outbox(data).contains("attempts 1"),
        "claimed: {}",
        outbox(data)
    );
    server.kill_9();
    // Restarted with the real mail server: its own old claim ends at start-up.
    let _server = serve(data, &mail_env(&var("SMTP_PORT"), true));
    let got = wait_delivered(&maildir, &to, 1, Duration::from_secs(30));
    std::thread::sleep(Duration::from_secs(3));
    assert_eq!(got.len(), 1);
    assert_eq!(delivered(&maildir, &to).len(), 1, "once");
    assert!(
        outbox(data).contains("0 pending, 1 sent"),
        "{}",
        outbox(data)
    );
    drop(held);
}

fn wait_for_text(path: &Path, needles: &[&str], within: Duration) -> String {
    let until = Instant::now() + within;
    loop {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        if needles.iter().all(|n| text.contains(n)) || Instant::now() > until {
            return text;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn the_demo_mails_to_a_file_and_a_failed_audit_write_reaches_the_subscribers() {
    let d = support::demo::demo();
    let data = d._dir.path().join("demo");
    let mailbox = data.join("mail-outbox.txt");
    assert!(
        d.banner
            .iter()
            .any(|l| l.contains(&mailbox.display().to_string())),
        "the banner says where mail goes: {:#?}",
        d.banner
    );
    assert!(!mailbox.exists(), "the demo starts with no mail");
    support::demo::cli(&d, &["user", "unlock", "carol"]);
    let text = wait_for_text(
        &mailbox,
        &["To: carol@example.org", "Bonjour carol"],
        Duration::from_secs(20),
    );
    assert!(
        text.contains("Subject: Votre compte a été déverrouillé"),
        "{text}"
    );

    // An audit record that cannot be written (here a trigger refuses it, as a full disk
    // would): the sign-in fails closed, and the subscribers hear of it.
    support::sqlite_exec(
        &data,
        "CREATE TRIGGER refuse_sign_in_records BEFORE INSERT ON audit_log
         WHEN NEW.action = 'auth.start' BEGIN SELECT RAISE(ABORT, 'disk full'); END",
    );
    let out = Command::new("curl")
        .args(["-sk", "-o", "/dev/null", "-w", "%{http_code}", "-H"])
        .arg(format!("Authorization: Bearer {}", d.credential))
        .args(["-H", "Content-Type: application/json", "-d"])
        .arg(r#"{"username":"bob","password":"not-his","workflow":"remote_access"}"#)
        .arg(format!("{}/api/v1/transactions", d.base))
        .output()
        .unwrap();
    let status = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        status.starts_with('5'),
        "refused for want of its record: {status}"
    );
    let text = wait_for_text(
        &mailbox,
        &[
            "To: security@example.org",
            "Subject: Regain: an audit record could not be written",
        ],
        Duration::from_secs(20),
    );
    assert!(
        text.contains("Subject: Regain: an audit record could not be written"),
        "{text}"
    );
    assert!(text.contains("action auth.start, user bob"), "{text}");
}
