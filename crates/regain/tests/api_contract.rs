//! Issue 15, point 10: the API document says what the server does. schemathesis (from PyPI;
//! `scripts/test` installs it) generates requests from `/api/v1/openapi.json` and runs them
//! against the real demo server: examples, coverage, fuzzing (valid and invalid data) and the
//! stateful phase that follows the links from `POST /api/v1/transactions` to its follow-ups.
//! Every operation runs with real credentials: the demo's authentication client, a credential
//! acting for the administrator `admin` (temporary codes) and an enrolled push device whose key
//! signs the device requests (`tests/contract/hooks.py`). The run must end with zero failures:
//! no server error, no status the document does not list, no schema-valid request refused, no
//! schema-violating request accepted, every response as documented.
//! Fails, never skips, when schemathesis is missing.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::path::PathBuf;
use std::process::Command;
use support::demo::{authenticator, cli_with, demo};

#[test]
fn schemathesis_finds_the_server_as_the_openapi_document_says() {
    let d = demo();
    let data = d._dir.path().join("demo");
    let cert = data.join("tls").join("cert.pem");
    let admin = cli_with(
        &d,
        &["client", "add", "contract-admin", "--admin", "admin"],
        &[],
    );
    let admin = admin.lines().last().unwrap().trim().to_owned();
    let enroll = cli_with(
        &d,
        &["otp", "enroll-push", "bob"],
        &[("REGAIN_SERVER__PUBLIC_URL", &d.base)],
    );
    let link = enroll
        .split_whitespace()
        .find(|w| w.starts_with(&format!("{}/push/enroll#", d.base)))
        .unwrap_or_else(|| panic!("no enrollment link in {enroll}"));
    let device = d._dir.path().join("bob-device.json");
    authenticator(&device, &["enroll", link, "--ca", cert.to_str().unwrap()]);
    let hooks = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/contract");
    let out = Command::new("schemathesis")
        .arg("run")
        .arg(format!("{}/api/v1/openapi.json", d.base))
        .arg("--tls-verify")
        .arg(&cert)
        // One worker: the stateful phase's sign-ins share one user's lockout. A fixed seed: the
        // same cases on every run (change it to explore others).
        .args(["--workers", "1", "--max-examples", "50", "--seed", "15"])
        // Above the longest wait a request may ask for (30 s), should one escape the hook.
        .args(["--request-timeout", "35"])
        .current_dir(&hooks)
        .env("PYTHONPATH", &hooks)
        .env("SCHEMATHESIS_HOOKS", "hooks")
        .env("NO_COLOR", "1")
        .env("REGAIN_CONTRACT_CLIENT", &d.credential)
        .env("REGAIN_CONTRACT_ADMIN", &admin)
        .env("REGAIN_CONTRACT_DEVICE", &device)
        .env("REGAIN_CONTRACT_USER", "alice")
        .env("REGAIN_CONTRACT_PASSWORD", &d.passwords["alice"])
        .output()
        .expect("schemathesis is needed: scripts/test installs it (pip install schemathesis)");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "schemathesis found the server and its document disagreeing:\n{report}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // A run that tested nothing would pass too: every operation was reached.
    assert!(report.contains("Tested: 17"), "{report}");
}
