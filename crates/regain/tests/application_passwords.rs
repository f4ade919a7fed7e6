//! Application passwords are for their user only (F-S8): a password planted through `/me` on
//! the running demo shows in no CLI output an operator can get (users, the audit log) and in no
//! line of the server's log, even at debug level; the audit records the entry.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::path::Path;
use std::process::Command;
use support::demo::{Demo, cli_with, demo_logging};

const PLANTED: &str = "Planted-Rota-Secret-9321";

/// `curl` with a cookie jar: the body, and the status line's code.
fn curl(d: &Demo, jar: &Path, method: &str, path: &str, form: &[(&str, &str)]) -> (String, String) {
    let mut c = Command::new("curl");
    c.args(["-sk", "-X", method, "-c"])
        .arg(jar)
        .arg("-b")
        .arg(jar)
        .args(["-w", "\n%{http_code}"]);
    for (k, v) in form {
        c.arg("--data-urlencode").arg(format!("{k}={v}"));
    }
    let out = c.arg(format!("{}{path}", d.base)).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let (body, code) = text.rsplit_once('\n').unwrap();
    (body.to_owned(), code.to_owned())
}

fn csrf(body: &str) -> String {
    body.split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap_or_else(|| panic!("no form token in {body}"))
        .to_owned()
}

#[test]
fn a_planted_application_password_reaches_no_cli_output_and_no_log_line() {
    let d = demo_logging(&[], "debug");
    let jar = d._dir.path().join("cookies.txt");
    // bob signs in to /me with his password, enrols his questions (his policy asks first)...
    let (login, _) = curl(&d, &jar, "GET", "/me/login", &[]);
    let (_, code) = curl(
        &d,
        &jar,
        "POST",
        "/me/login",
        &[
            ("csrf", &csrf(&login)),
            ("username", "bob"),
            ("password", &d.passwords["bob"]),
        ],
    );
    assert_eq!(code, "303");
    let (questions, _) = curl(&d, &jar, "GET", "/me/questions", &[]);
    let slots = questions.matches("<fieldset>").count();
    assert!(slots >= 3, "{questions}");
    let mut form: Vec<(String, String)> = vec![("csrf".into(), csrf(&questions))];
    for n in 1..=slots {
        form.push((format!("q-{n}"), n.to_string()));
        form.push((format!("a-{n}"), format!("answer number {n}")));
    }
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let (_, code) = curl(&d, &jar, "POST", "/me/questions", &form);
    assert_eq!(code, "303");
    // ... and keeps an application password.
    let (apps, _) = curl(&d, &jar, "GET", "/me/apps", &[]);
    let (_, code) = curl(
        &d,
        &jar,
        "POST",
        "/me/apps",
        &[
            ("csrf", &csrf(&apps)),
            ("name", "Ward rota"),
            ("login", "bob.r"),
            ("password", PLANTED),
        ],
    );
    assert_eq!(code, "303");
    let (apps, _) = curl(&d, &jar, "GET", "/me/apps", &[]);
    assert!(apps.contains("Ward rota") && !apps.contains(PLANTED));

    // What an operator can print.
    let mut printed = String::new();
    for args in [
        &["user", "show", "bob"][..],
        &["user", "list"],
        &["audit", "list"],
        &["audit", "list", "--action", "app_password.add"],
    ] {
        printed.push_str(&cli_with(&d, args, &[]));
    }
    assert!(printed.contains("app_password.add"), "{printed}");
    assert!(!printed.contains(PLANTED));
    // The server's log, at debug level.
    let log = std::fs::read_to_string(&d.log).unwrap();
    assert!(log.lines().count() > 10, "the log has lines: {log}");
    assert!(!log.contains(PLANTED));
}
