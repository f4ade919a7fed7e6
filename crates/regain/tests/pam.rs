//! Workstation sign-in through PAM: Debian's pam_radius_auth (libpam-radius-auth) asks Regain
//! over RADIUS, driven by pamtester as a login program would: the password, then the challenge
//! answered with a TOTP code (oathtool) or a temporary code; a wrong, revoked or expired code
//! refused. pam_radius_auth sends no Message-Authenticator: its client needs
//! `require_message_authenticator = false` (Proxy-State stays limited), and a client with the
//! default flags is refused.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use support::cli::ok;
use support::radius::{PASSWORD, SECRET, Server, setup, totp};

/// A PAM service of this test's own in /etc/pam.d (removed when dropped), pointing
/// pam_radius_auth at this test's server only.
struct PamService {
    name: String,
    file: PathBuf,
    _conf: tempfile::TempDir,
}

impl Drop for PamService {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.file);
    }
}

fn pam_service(s: &Server) -> PamService {
    assert!(
        Path::new("/lib/x86_64-linux-gnu/security/pam_radius_auth.so").exists()
            || Path::new("/usr/lib/x86_64-linux-gnu/security/pam_radius_auth.so").exists(),
        "pam_radius_auth is missing: apt-get install libpam-radius-auth pamtester (scripts/test does)"
    );
    let conf = tempfile::tempdir().unwrap();
    let servers = conf.path().join("pam_radius_auth.conf");
    std::fs::write(&servers, format!("127.0.0.1:{} {SECRET} 5\n", s.port)).unwrap();
    let name = format!("regain-test-{}", s.port);
    let file = PathBuf::from("/etc/pam.d").join(&name);
    std::fs::write(
        &file,
        format!(
            "auth required pam_radius_auth.so conf={} prompt_attribute\naccount required pam_permit.so\n",
            servers.display()
        ),
    )
    .unwrap_or_else(|e| panic!("cannot write {} ({e}): the PAM tests run as root", file.display()));
    PamService {
        name,
        file,
        _conf: conf,
    }
}

/// pamtester's verdict for `user` typing `answers` (one per prompt).
fn pamtester(p: &PamService, user: &str, answers: &[&str]) -> (bool, String) {
    let mut child = Command::new("pamtester")
        .args(["-v", &p.name, user, "authenticate"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!(
                "pamtester cannot be started ({e}): apt-get install pamtester (scripts/test does)"
            )
        });
    let mut input = answers.join("\n");
    input.push('\n');
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

const PAM_CLIENT: &str =
    "workflow = \"workstation_login\"\nrequire_message_authenticator = false\n";

#[test]
fn a_workstation_signs_in_with_password_and_totp_through_pam() {
    let (dir, seed) = setup();
    let s = support::radius::serve(dir.path(), PAM_CLIENT);
    let p = pam_service(&s);
    let (ok_, out) = pamtester(&p, "bob", &[PASSWORD, &totp(&seed, 0)]);
    assert!(ok_, "{out}");
    assert!(
        out.contains("authenticator app"),
        "the challenge was the prompt: {out}"
    );
    // A wrong code, and a wrong password.
    let (ok_, out) = pamtester(&p, "bob", &[PASSWORD, "000000"]);
    assert!(!ok_, "{out}");
    let (ok_, out) = pamtester(&p, "bob", &["not-his-password", "000000"]);
    assert!(!ok_, "{out}");
}

#[test]
fn a_temporary_code_signs_in_through_pam_until_it_is_revoked() {
    let (dir, _) = setup();
    let data = dir.path();
    ok(data, &["settings", "set", "allow_temporary_codes=true"]);
    let code = support::radius::issue_temporary_code(data, "multiple");
    let s = support::radius::serve(data, PAM_CLIENT);
    let p = pam_service(&s);
    let (ok_, out) = pamtester(&p, "bob", &[PASSWORD, &code]);
    assert!(ok_, "{out}");
    ok(data, &["tempcode", "revoke", "bob"]);
    let (ok_, out) = pamtester(&p, "bob", &[PASSWORD, &code]);
    assert!(!ok_, "a revoked code: {out}");
}

#[test]
fn an_expired_temporary_code_is_refused_through_pam() {
    let (dir, _) = setup();
    let data = dir.path();
    ok(data, &["settings", "set", "allow_temporary_codes=true"]);
    // No code can be issued for the past, and the shortest lives an hour: its end is moved two
    // hours back in the database, as if the hour had gone by.
    let code = support::radius::issue_temporary_code(data, "once");
    support::sqlite_exec(
        data,
        "UPDATE temporary_codes SET expires_at = expires_at - 7200000",
    );
    let s = support::radius::serve(data, PAM_CLIENT);
    let p = pam_service(&s);
    let (ok_, out) = pamtester(&p, "bob", &[PASSWORD, &code]);
    assert!(!ok_, "an expired code: {out}");
}

#[test]
fn pam_radius_auth_is_refused_by_a_client_with_the_default_flags() {
    let (dir, seed) = setup();
    let s = support::radius::serve(dir.path(), "workflow = \"workstation_login\"\n");
    let p = pam_service(&s);
    let (ok_, out) = pamtester(&p, "bob", &[PASSWORD, &totp(&seed, 0)]);
    assert!(!ok_, "no Message-Authenticator, no answer: {out}");
}

/// Password, then Enter for a push: the next prompt shows the number, the reference
/// authenticator approves with it, and Enter once more signs in.
#[test]
fn a_workstation_signs_in_with_a_push_through_pam() {
    let (dir, _) = setup();
    let data = dir.path();
    let http = support::radius::free_tcp_port();
    let listen = format!("127.0.0.1:{http}");
    let r = support::cli::regain(
        data,
        &["otp", "enroll-push", "bob", "--no-qr"],
        None,
        &[("REGAIN_SERVER__LISTEN", &listen)],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let link = r.stdout.trim().to_owned();
    let s = support::radius::serve_with(data, PAM_CLIENT, Some(http));
    let device = data.join("bob-device.json");
    let ca = data.join("tls").join("cert.pem");
    support::demo::authenticator(&device, &["enroll", &link, "--ca", ca.to_str().unwrap()]);
    let p = pam_service(&s);
    let mut child = std::process::Command::new("pamtester")
        .args(["-v", &p.name, "bob", "authenticate"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // The password, then Enter at the first challenge: a push.
    stdin
        .write_all(format!("{PASSWORD}\n\n").as_bytes())
        .unwrap();
    stdin.flush().unwrap();
    // The prompts as pamtester shows them (on its standard error), read as they come.
    let shown = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let reader = {
        let shown = shown.clone();
        let mut out = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            let mut buf = [0u8; 512];
            while let Ok(n) = std::io::Read::read(&mut out, &mut buf) {
                if n == 0 {
                    break;
                }
                shown
                    .lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        })
    };
    let until = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let number = loop {
        let text = shown.lock().unwrap().clone();
        if let Some(n) = text
            .split("Enter ")
            .filter_map(|t| t.split(" in your Regain app").next())
            .find(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
        {
            break n.to_owned();
        }
        assert!(std::time::Instant::now() < until, "no number shown: {text}");
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    // The person types the number into the app, then presses Enter at the workstation.
    support::demo::authenticator(&device, &["approve", &number]);
    stdin.write_all(b"\n").unwrap();
    drop(stdin);
    let status = child.wait().unwrap();
    reader.join().unwrap();
    let text = shown.lock().unwrap().clone();
    assert!(status.success(), "{text}");
}
