//! Regain configured for the test directories (Samba AD, OpenLDAP slapd) that scripts/test
//! starts: the configuration, the CLI against it, and LDIF changes as the directories'
//! administrators.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

pub fn var(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        panic!("{name} is not set: run scripts/directories/samba-ad start and scripts/directories/slapd start, then source their env.sh (scripts/test does this)")
    })
}

pub struct Setup {
    pub _dir: tempfile::TempDir,
    pub config: PathBuf,
    pub data: PathBuf,
}

pub fn setup(kind: &str, prefix: &str, extra: &str) -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let pw_file = dir.path().join("svc.pw");
    std::fs::write(
        &pw_file,
        format!("{}\n", var(&format!("{prefix}_SVC_PASS"))),
    )
    .unwrap();
    let config = dir.path().join("regain.toml");
    std::fs::write(
        &config,
        format!(
            "data_dir = {data:?}\n[directory]\nkind = {kind:?}\nurls = [{url:?}]\nca_file = {ca:?}\nbind_dn = {bind:?}\nbind_password_file = {pw_file:?}\nbase_dn = {base:?}\ntimeout = \"5s\"\n{extra}",
            url = var(&format!("{prefix}_URL")),
            ca = var(&format!("{prefix}_CA_FILE")),
            bind = var(&format!("{prefix}_SVC_DN")),
            base = var(&format!("{prefix}_BASE_DN")),
        ),
    )
    .unwrap();
    Setup {
        _dir: dir,
        config,
        data,
    }
}

pub fn regain(s: &Setup, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_regain"))
        .arg("--config")
        .arg(&s.config)
        .args(args)
        .env_remove("REGAIN_CONFIG")
        .env_remove("REGAIN_DATA_DIR")
        .env("USER", "tester")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `ldapadd` of `ldif` as the Samba AD administrator.
pub fn ldapadd(ldif: &str) {
    ldap_tool("ldapadd", "AD", ldif);
}

/// `tool` (ldapadd, ldapmodify) with `ldif` as the administrator of the directory whose
/// variables start with `prefix` (AD, LDAP), over TLS.
pub fn ldap_tool(tool: &str, prefix: &str, ldif: &str) {
    use std::io::Write;
    let mut child = Command::new(tool)
        .args([
            "-x",
            "-H",
            &var(&format!("{prefix}_URL")),
            "-D",
            &var(&format!("{prefix}_ADMIN_DN")),
            "-w",
            &var(&format!("{prefix}_ADMIN_PASS")),
        ])
        .env("LDAPTLS_CACERT", var(&format!("{prefix}_CA_FILE")))
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("ldap-utils is installed with the test directories");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(ldif.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{tool}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Whether `dn` can bind with `password` (each wrong try counts towards the lockout).
pub fn binds(prefix: &str, dn: &str, password: &str) -> bool {
    // A bind and a read of the root DSE (Samba has no "Who am I?" operation).
    Command::new("ldapsearch")
        .args([
            "-x",
            "-H",
            &var(&format!("{prefix}_URL")),
            "-D",
            dn,
            "-w",
            password,
            "-s",
            "base",
            "-b",
            "",
            "(objectClass=*)",
            "1.1",
        ])
        .env("LDAPTLS_CACERT", var(&format!("{prefix}_CA_FILE")))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap()
        .success()
}

/// A running `regain serve`, stopped when dropped.
pub struct Server {
    child: Child,
    /// `https://127.0.0.1:PORT` (`http://` when the configuration turns TLS off).
    pub base: String,
    pub port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `regain serve` with this setup on a free loopback port, once it listens; `admin` becomes the
/// first superadministrator (a directory account). Its log (warnings) goes to this stderr.
pub fn serve(s: &Setup, admin: &str) -> Server {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_regain"))
        .arg("--config")
        .arg(&s.config)
        .arg("serve")
        .env_remove("REGAIN_CONFIG")
        .env("REGAIN_SERVER__LISTEN", format!("127.0.0.1:{port}"))
        .env("REGAIN_METRICS__LISTEN", "off")
        .env("REGAIN_BOOTSTRAP__ADMIN_USERNAME", admin)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = match lines.next() {
        Some(Ok(l)) => l,
        _ => panic!("regain serve did not start (its errors are above)"),
    };
    assert!(first.starts_with("regain listening on"), "{first}");
    let scheme = if first.contains("http://") {
        "http"
    } else {
        "https"
    };
    std::thread::spawn(move || for _ in lines {});
    Server {
        child,
        base: format!("{scheme}://127.0.0.1:{port}"),
        port,
    }
}
