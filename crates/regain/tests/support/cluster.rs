//! The loopback cluster of `scripts/cluster up` (three `regain serve` nodes on PostgreSQL with a
//! streaming standby, nginx in front), as the several-node tests use it: its URLs from
//! `env.sh`, the CLI on its database, curl against one node or nginx. Fails, never skips, when no
//! cluster is up (scripts/test starts one).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write;
use std::process::{Command, Stdio};

pub const PASSWORD: &str = "Rg-Cluster-Lantern-2026!";

pub struct Cluster {
    /// nginx, round-robin over every node.
    pub url: String,
    /// Each node directly, in order.
    pub nodes: Vec<String>,
    /// Each node's RADIUS address (`127.0.0.1:PORT`).
    pub radius: Vec<String>,
    pub radius_secret: String,
    pub ca: String,
    configs: Vec<String>,
}

fn var(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        panic!(
            "{name} is not set: the several-node tests need the loopback cluster. Start it with \
             scripts/cluster up and source its env.sh (scripts/test does both)."
        )
    })
}

fn list(name: &str) -> Vec<String> {
    var(name).split(',').map(str::to_owned).collect()
}

impl Cluster {
    pub fn from_env() -> Cluster {
        Cluster {
            url: var("REGAIN_CLUSTER_URL"),
            nodes: list("REGAIN_CLUSTER_NODES"),
            radius: list("REGAIN_CLUSTER_RADIUS"),
            radius_secret: var("REGAIN_CLUSTER_RADIUS_SECRET"),
            ca: var("REGAIN_CLUSTER_CA"),
            configs: list("REGAIN_CLUSTER_CONFIGS"),
        }
    }

    /// `regain ARGS` as an operator on node `n` runs it (its configuration, the shared
    /// database); standard output, asserting success.
    pub fn cli_on(&self, n: usize, args: &[&str], stdin: Option<&str>) -> String {
        let mut child = Command::new(env!("CARGO_BIN_EXE_regain"))
            .args(args)
            .env("REGAIN_CONFIG", &self.configs[n])
            .env_remove("REGAIN_DATA_DIR")
            .env("USER", "tester")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        if let Some(s) = stdin {
            child.stdin.take().unwrap().write_all(s.as_bytes()).unwrap();
        } else {
            drop(child.stdin.take());
        }
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "regain {args:?} on node {n}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub fn cli(&self, args: &[&str]) -> String {
        self.cli_on(0, args, None)
    }

    /// A user of the embedded directory with the password [`PASSWORD`] and a confirmed TOTP
    /// token: its seed (base32).
    pub fn user_with_totp(&self, name: &str) -> String {
        self.cli_on(
            0,
            &["user", "add", name, "--password-stdin"],
            Some(&format!("{PASSWORD}\n")),
        );
        let (seed, method) = super::radius::otp_enrollment(&self.cli(&["otp", "enroll", name]));
        // The previous step's code: this one and the next stay free for the test.
        self.cli(&[
            "otp",
            "confirm",
            name,
            &method,
            &super::radius::totp(&seed, -1),
        ]);
        seed
    }

    /// A new API client's credential (`--trusted`: refusal reasons included).
    pub fn api_client(&self, name: &str, extra: &[&str]) -> String {
        let mut args = vec!["client", "add", name];
        args.extend_from_slice(extra);
        let out = self.cli(&args);
        out.lines()
            .skip_while(|l| !l.starts_with("credential"))
            .nth(1)
            .unwrap_or_else(|| panic!("no credential in {out}"))
            .trim()
            .to_owned()
    }

    /// A JSON request to `base` + `path` with the bearer `credential`; the status and body.
    pub fn api(
        &self,
        base: &str,
        method: &str,
        path: &str,
        credential: &str,
        body: Option<&serde_json::Value>,
    ) -> (u16, serde_json::Value) {
        let mut cmd = Command::new("curl");
        cmd.args([
            "-sS",
            "--max-time",
            "30",
            "--cacert",
            &self.ca,
            "-X",
            method,
        ])
        .args(["-H", &format!("Authorization: Bearer {credential}")])
        .args(["-w", "\n%{http_code}"]);
        if let Some(b) = body {
            cmd.args(["-H", "Content-Type: application/json", "-d", &b.to_string()]);
        }
        let out = cmd.arg(format!("{base}{path}")).output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        let (json, status) = text
            .rsplit_once('\n')
            .unwrap_or_else(|| panic!("curl {method} {base}{path}: {text} {out:?}"));
        let status: u16 = status.trim().parse().unwrap_or_else(|_| panic!("{text}"));
        let v = if json.trim().is_empty() {
            serde_json::Value::Null
        } else {
            serde_json::from_str(json).unwrap_or_else(|_| panic!("{method} {path}: {json}"))
        };
        (status, v)
    }
}

/// A name no earlier run against the same cluster used.
pub fn unique(prefix: &str) -> String {
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_micros();
    format!("{prefix}{}", t % 10_000_000_000)
}

/// A browser's part as curl plays it: one cookie jar across every node, forms posted as a
/// browser posts them.
pub struct Browser {
    jar: tempfile::NamedTempFile,
    ca: String,
}

impl Browser {
    pub fn new(c: &Cluster) -> Browser {
        Browser {
            jar: tempfile::NamedTempFile::new().unwrap(),
            ca: c.ca.clone(),
        }
    }

    fn curl(&self, url: &str, form: Option<&[(&str, &str)]>) -> (u16, String, String) {
        let jar = self.jar.path().to_str().unwrap();
        let mut cmd = Command::new("curl");
        cmd.args(["-sS", "--max-time", "30", "--cacert", &self.ca])
            .args(["-b", jar, "-c", jar, "-D", "-"])
            .args(["-w", "\n%{http_code}"]);
        for (k, v) in form.unwrap_or_default() {
            cmd.args(["--data-urlencode", &format!("{k}={v}")]);
        }
        let out = cmd.arg(url).output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        let (rest, status) = text.rsplit_once('\n').unwrap();
        let (head, body) = rest.split_once("\r\n\r\n").unwrap_or((rest, ""));
        (
            status.trim().parse().unwrap_or(0),
            head.to_owned(),
            body.to_owned(),
        )
    }

    /// GET: status and page.
    pub fn get(&self, url: &str) -> (u16, String) {
        let (s, _, b) = self.curl(url, None);
        (s, b)
    }

    /// POST of a form: status, headers and page.
    pub fn post(&self, url: &str, form: &[(&str, &str)]) -> (u16, String, String) {
        self.curl(url, Some(form))
    }
}

/// The value of the hidden field `name` in `page`.
pub fn hidden(page: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    page.split(&marker)
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap_or_else(|| panic!("no field {name} in {page}"))
        .to_owned()
}
