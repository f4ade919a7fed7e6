//! `regain serve` with its RADIUS server for the RADIUS and PAM tests: a user `bob` with a
//! password and a confirmed TOTP token, a client on 127.0.0.1, oathtool's codes.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::cli::{ok, regain};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

pub const SECRET: &str = "Q7mYw2rTa9LkXe4PcV8nBd3sHf6JuZ1g";
pub const PASSWORD: &str = "Rg-Lantern-Secret-2026!";

pub struct Server {
    child: Child,
    pub port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn free_tcp_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn free_udp_port() -> u16 {
    std::net::UdpSocket::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub fn setup() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    ok(data, &["migrate"]);
    let r = regain(
        data,
        &["user", "add", "bob", "--password-stdin"],
        Some(&format!("{PASSWORD}\n")),
        &[],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let (seed, method) = otp_enrollment(&ok(data, &["otp", "enroll", "bob"]));
    // The previous step's code (within the drift window), so this and the next are still free.
    ok(data, &["otp", "confirm", "bob", &method, &totp(&seed, -1)]);
    (dir, seed)
}

/// The seed (base32) and the method id `regain otp enroll` printed.
pub fn otp_enrollment(out: &str) -> (String, String) {
    let seed = out
        .lines()
        .find_map(|l| l.strip_prefix("seed (base32): "))
        .unwrap_or_else(|| panic!("no seed in {out}"))
        .trim()
        .to_owned();
    let method = out
        .lines()
        .find_map(|l| l.strip_prefix("enrollment "))
        .and_then(|l| l.split_whitespace().next())
        .unwrap_or_else(|| panic!("no enrollment in {out}"))
        .to_owned();
    (seed, method)
}

/// A temporary code for bob (`uses`: once or multiple, an hour), as `regain tempcode generate`
/// printed it, digits only.
pub fn issue_temporary_code(data: &Path, uses: &str) -> String {
    temporary_code_in(&ok(
        data,
        &[
            "tempcode",
            "generate",
            "bob",
            "--uses",
            uses,
            "--expires",
            "1h",
        ],
    ))
}

/// The code in what `regain tempcode generate` printed, digits only.
pub fn temporary_code_in(out: &str) -> String {
    out.lines()
        .find(|l| l.chars().filter(char::is_ascii_digit).count() >= 8 && !l.contains(':'))
        .unwrap_or_else(|| panic!("no code in {out}"))
        .chars()
        .filter(char::is_ascii_digit)
        .collect()
}

/// radclient's account of one exchange with the server at `to` (`-x`: what it sent, then what
/// it received), and how long it took; `retries` and `timeout` (seconds) as radclient's -r, -t.
pub fn radclient_at(
    to: &str,
    secret: &str,
    kind: &str,
    attrs: &str,
    retries: u32,
    timeout: u32,
) -> (String, Duration) {
    use std::io::Write;
    let start = std::time::Instant::now();
    let mut child = Command::new("radclient")
        .args(["-x", "-r", &retries.to_string(), "-t", &timeout.to_string()])
        .arg(to)
        .args([kind, secret])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!(
                "radclient cannot be started ({e}): install freeradius-utils (scripts/test does)"
            )
        });
    child
        .stdin
        .take()
        .unwrap()
        .write_all(attrs.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
        start.elapsed(),
    )
}

/// The State of the challenge radclient received (it prints what it sent first).
pub fn state_of(out: &str) -> String {
    out.split("Received Access-Challenge")
        .nth(1)
        .unwrap_or_else(|| panic!("no challenge in {out}"))
        .lines()
        .find_map(|l| l.trim().strip_prefix("State = "))
        .unwrap_or_else(|| panic!("no State in {out}"))
        .trim()
        .to_owned()
}

/// oathtool's TOTP code `steps` time steps from now.
pub fn totp(seed: &str, steps: i64) -> String {
    let at = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
        + steps * 30;
    let out = Command::new("oathtool")
        .args(["-b", "--totp", "--now"])
        .arg(format!("@{at}"))
        .arg(seed)
        .output()
        .unwrap_or_else(|e| {
            panic!("oathtool cannot be started ({e}): apt-get install oathtool (scripts/test does)")
        });
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

/// `regain serve` with RADIUS on a free port for one client on 127.0.0.1; `client` is the rest
/// of its `[[radius.clients]]` table (its workflow at least).
pub fn serve(data: &Path, client: &str) -> Server {
    serve_with(data, client, None)
}

/// As [`serve`], the HTTPS listener on `http_port` (for links made by the CLI beforehand).
pub fn serve_with(data: &Path, client: &str, http_port: Option<u16>) -> Server {
    let port = free_udp_port();
    let config = data.join("regain.toml");
    std::fs::write(
        &config,
        format!(
            "[radius]\nlisten = \"127.0.0.1:{port}\"\nreject_delay = \"1s\"\n\n\
             [[radius.clients]]\nname = \"vpn\"\naddress = \"127.0.0.1\"\nsecret = \"{SECRET}\"\n{client}"
        ),
    )
    .unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_regain"))
        .arg("serve")
        .env("REGAIN_CONFIG", &config)
        .env("REGAIN_DATA_DIR", data)
        .env(
            "REGAIN_SERVER__LISTEN",
            format!("127.0.0.1:{}", http_port.unwrap_or(0)),
        )
        .env("REGAIN_METRICS__LISTEN", "off")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(data.join("server.log")).unwrap())
        .spawn()
        .unwrap();
    let (tx, rx) = mpsc::channel();
    let out = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let server = Server { child, port };
    loop {
        let line = rx
            .recv_timeout(Duration::from_secs(60))
            .expect("the server did not start");
        if line.starts_with("regain listening on ") {
            return server;
        }
    }
}
