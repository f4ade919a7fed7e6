//! The console in Debian's Chromium, driven over WebDriver against the real `regain demo`
//! server (HTTPS, self-signed). Screenshots of each main page go to `target/screenshots/`.
//! Fails, never skips, when Chromium or chromedriver is missing.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;
use support::demo::{Demo, authenticator, cli, demo};
use support::webdriver::{Driver, Session};

fn shots() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots")
}

/// The console's sign-in as a person does it: the password, then (when it was right) the code
/// the authenticator app shows for the demo's token. Each code is accepted once, so a second
/// sign-in in the same 30 seconds takes the next step's code (within the drift window).
fn sign_in(b: &Session, d: &Demo, user: &str, password: &str) {
    b.goto(&format!("{}/admin/login", d.base));
    b.type_into("#username", user);
    b.type_into("#password", password);
    b.click("#sign-in");
    if password != d.passwords[user] {
        return;
    }
    b.wait_for("id=\"code\"");
    let seed = regain_crypto::base32_decode(&d.tokens[user]).unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        / 30;
    for step in [now, now + 1] {
        b.type_into(
            "#code",
            &regain_crypto::hotp(&seed, step, regain_core::otp::OtpAlgorithm::Sha1, 6),
        );
        b.click("#verify-code");
        // Bounded wait for either answer: the console (signed in) or the code refused.
        let started = std::time::Instant::now();
        loop {
            if !b.url().contains("/admin/login") {
                return;
            }
            if b.source().contains("That code is not right") {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(15),
                "{user}: no answer"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    panic!("{user}: no code accepted");
}

#[test]
fn console_in_chromium() {
    let d = demo();
    let driver = Driver::start();
    let b = driver.session();
    let dir = shots();

    // A failed sign-in: generic message.
    sign_in(&b, &d, "admin", "not-the-password");
    b.wait_for("Sign-in failed");
    b.screenshot(&dir.join("01-sign-in-failed.png"));

    // Sign-in as the superadministrator lands on the users page.
    sign_in(&b, &d, "admin", &d.passwords["admin"]);
    b.wait_url("/admin/users");
    b.wait_for("id=\"count\"");
    b.screenshot(&dir.join("02-users.png"));

    // Find a user among many.
    assert!(
        b.text("#count").contains("of 129 users"),
        "{}",
        b.text("#count")
    );
    b.type_into("#q", "Perez 37");
    b.click("form[role=search] button");
    b.wait_for("of 1 users");
    assert!(b.source().contains("user00037"));
    b.screenshot(&dir.join("03-users-search.png"));

    // Unlock a locked user.
    b.goto(&format!("{}/admin/users/dave", d.base));
    assert!(b.text("#lock-state").contains("locked"));
    b.screenshot(&dir.join("04-user-locked.png"));
    b.click("#unlock");
    b.wait_for("The account is unlocked.");
    assert!(b.text("#lock-state").contains("not locked"));

    // Authentication methods: alice's OTP token, deleted after confirmation.
    b.goto(&format!("{}/admin/users/alice", d.base));
    b.wait_for("Phone app");
    b.screenshot(&dir.join("04b-user-methods.png"));
    b.click("#methods input[name=confirm]");
    b.click("#methods button.danger");
    b.wait_for("The enrollment is deleted.");
    assert!(b.exists("#no-methods"));

    // Create a role and grant permissions.
    b.goto(&format!("{}/admin/roles", d.base));
    b.screenshot(&dir.join("05-roles.png"));
    b.type_into("#role-name", "Night shift");
    b.click("#create-role");
    b.wait_for("Role created.");
    assert!(
        b.url().contains("/admin/roles/Night%20shift"),
        "{}",
        b.url()
    );
    b.click("#perm-users\\.view");
    b.click("#perm-users\\.unlock");
    b.type_into("#limit", "8h");
    b.click("#save-role");
    b.wait_for("Role saved.");
    b.screenshot(&dir.join("06-role-edit.png"));

    // Create a policy, make a validation error, see it next to the field, fix it.
    b.goto(&format!("{}/admin/policies", d.base));
    b.screenshot(&dir.join("07-policies.png"));
    b.type_into("#new-name", "Night workers");
    b.click("#create-policy");
    b.wait_for("Policy created with safe defaults.");
    b.type_into("#f-answer", "9");
    b.click("#save-policy");
    b.wait_for("id=\"err-answer\"");
    assert!(
        b.text("#err-answer").contains("questions enrolled"),
        "{}",
        b.text("#err-answer")
    );
    b.screenshot(&dir.join("08-policy-validation-error.png"));
    b.type_into("#f-answer", "3");
    b.click("#save-policy");
    b.wait_for("Policy saved.");

    // Settings, security questions and the audit log render.
    b.goto(&format!("{}/admin/settings", d.base));
    b.screenshot(&dir.join("09-settings.png"));
    b.goto(&format!("{}/admin/questions", d.base));
    b.screenshot(&dir.join("10-questions.png"));
    // Notifications: a subscription added, a test message sent (the demo's mail file).
    b.goto(&format!("{}/admin/notifications", d.base));
    b.type_into("#sub-address", "oncall@example.org");
    b.click("#add-subscription");
    b.wait_for("Subscription added.");
    assert!(b.text("#subscriptions").contains("oncall@example.org"));
    b.type_into("#test-address", "oncall@example.org");
    b.click("#send-test");
    b.wait_for("Test message queued");
    std::thread::sleep(std::time::Duration::from_secs(3));
    b.goto(&format!("{}/admin/notifications", d.base));
    assert!(b.text("#outbox").contains("sent"), "{}", b.text("#outbox"));
    b.screenshot(&dir.join("10b-notifications.png"));
    b.goto(&format!("{}/admin/audit", d.base));
    assert!(b.text("#chain-state").contains("intact"));
    b.screenshot(&dir.join("11-audit.png"));

    // Sign out, then the helpdesk role: no settings link, and the server refuses anyway.
    b.click("header .who button");
    b.wait_for("You are signed out.");
    sign_in(&b, &d, "helpdesk", &d.passwords["helpdesk"]);
    b.wait_url("/admin/users");
    assert!(
        !b.exists("nav a[href='/admin/settings']"),
        "settings hidden from the helpdesk"
    );
    b.goto(&format!("{}/admin/settings", d.base));
    b.wait_for("Not allowed");
    b.screenshot(&dir.join("12-denied.png"));
    b.goto(&format!("{}/admin/roles", d.base));
    b.wait_for("Not allowed");

    // Self-service: bob signs in to /me and enrols a push device and an authenticator app.
    b.delete_cookies();
    b.goto(&format!("{}/me/login", d.base));
    b.type_into("#username", "bob");
    b.type_into("#password", &d.passwords["bob"]);
    b.click("#sign-in");
    // His policy asks for his security questions before anything else.
    b.wait_url("/me/questions");
    for (n, a) in ["rex", "lisbon", "greenfield primary", "elm street", "volvo"]
        .iter()
        .enumerate()
    {
        b.type_into(&format!("#a-{}", n + 1), a);
    }
    b.click("#save-answers");
    b.wait_for("Your security questions are saved");
    b.wait_for("You have no second factor yet");
    b.screenshot(&dir.join("13-self-service.png"));
    b.click("#add-push");
    b.wait_for("id=\"enroll-command\"");
    assert!(b.exists(".qr svg"), "QR code shown");
    b.screenshot(&dir.join("14-self-service-push-link.png"));
    let command = b.text("#enroll-command");
    let link = command
        .split('\'')
        .nth(1)
        .unwrap_or_else(|| panic!("{command}"));
    let cert = d._dir.path().join("demo").join("tls").join("cert.pem");
    let state = d._dir.path().join("bob-device.json");
    let cert = cert.to_str().unwrap();
    authenticator(
        &state,
        &["enroll", link, "--label", "Bob's phone", "--ca", cert],
    );
    b.goto(&format!("{}/me", d.base));
    b.wait_for("Bob");
    assert!(b.source().contains("Push authenticator"));
    b.type_into("#label", "Bob's TOTP app");
    b.click("#add-otp");
    b.wait_for("id=\"confirm-otp\"");
    assert!(b.exists(".qr svg"));
    b.screenshot(&dir.join("15-self-service-app-qr.png"));
}

/// The authentication API as a VPN gateway adapter calls it, with curl.
fn api(d: &Demo, method: &str, path: &str, body: Option<&str>) -> serde_json::Value {
    let cert = d._dir.path().join("demo").join("tls").join("cert.pem");
    let mut cmd = Command::new("curl");
    cmd.args(["-sS", "--max-time", "20", "--cacert"])
        .arg(&cert)
        .args(["-X", method, "-H"])
        .arg(format!("Authorization: Bearer {}", d.credential));
    if let Some(b) = body {
        cmd.args(["-H", "Content-Type: application/json", "-d", b]);
    }
    let out = cmd
        .arg(format!("{}{path}", d.base))
        .output()
        .expect("curl is needed (scripts/test installs it)");
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&out.stdout)))
}

/// The reference's misplaced-device story in the browser: the helpdesk issues a multi-use
/// 24-hour code, sees it once; the user signs in with it over the API for remote access, is
/// refused for order signing, and after approving a push the code is gone.
#[test]
fn temporary_code_in_chromium() {
    let d = demo();
    let data = d._dir.path().join("demo");
    let cert = data.join("tls").join("cert.pem");
    // bob has a push device (enrolled before the code: enrolling deletes a code).
    let out = Command::new(env!("CARGO_BIN_EXE_regain"))
        .args(["otp", "enroll-push", "bob", "--no-qr"])
        .env("REGAIN_DATA_DIR", &data)
        .env_remove("REGAIN_CONFIG")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let link = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    let token = link.split_once('#').unwrap().1;
    let device = d._dir.path().join("bob-device.json");
    authenticator(
        &device,
        &[
            "enroll",
            &format!("{}/push/enroll#{token}", d.base),
            "--ca",
            cert.to_str().unwrap(),
        ],
    );

    let driver = Driver::start();
    let b = driver.session();
    let dir = shots();
    sign_in(&b, &d, "helpdesk", &d.passwords["helpdesk"]);
    b.wait_url("/admin/users");
    b.goto(&format!("{}/admin/users/bob", d.base));
    b.wait_for("id=\"generate-code\"");
    b.click("#uses-multiple");
    b.screenshot(&dir.join("16-tempcode-generate.png"));
    b.click("#generate-code");
    b.wait_for("id=\"temporary-code\"");
    let shown = b.text("#temporary-code");
    let code: String = shown.chars().filter(char::is_ascii_digit).collect();
    assert_eq!(code.len(), 8, "{shown}");
    assert!(b.text("#code-uses").contains("Use multiple times"));
    assert!(b.text("#code-expires").contains('('), "the zone is named");
    assert!(
        b.text("#talking-points")
            .contains("cannot be used to sign orders")
    );
    b.screenshot(&dir.join("17-tempcode-result.png"));
    b.click("#done");
    b.wait_for("id=\"tc-active\"");
    b.goto(&format!("{}/admin/users/bob", d.base));
    b.wait_for("id=\"tc-active\"");
    assert!(!b.source().contains(&code), "the code is not shown again");

    // bob signs in with password and the code for remote access.
    let pw = &d.passwords["bob"];
    let start = |wf: &str| {
        api(
            &d,
            "POST",
            "/api/v1/transactions",
            Some(&format!(
                r#"{{"username":"bob","password":"{pw}","workflow":"{wf}"}}"#
            )),
        )
    };
    let v = start("remote_access");
    assert!(
        v["methods"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!("temporary_code")),
        "{v}"
    );
    let tx = v["transaction_id"].as_str().unwrap();
    let v = api(
        &d,
        "POST",
        &format!("/api/v1/transactions/{tx}/temporary_code"),
        Some(&format!(r#"{{"code":"{shown}"}}"#)),
    );
    assert_eq!(v["state"], "accepted", "{v}");
    // The same code is refused for order signing.
    let v = start("order_signing");
    let tx = v["transaction_id"].as_str().unwrap();
    let v = api(
        &d,
        "POST",
        &format!("/api/v1/transactions/{tx}/temporary_code"),
        Some(&format!(r#"{{"code":"{code}"}}"#)),
    );
    assert_eq!(
        (v["state"].as_str(), v["reason"].as_str()),
        (Some("rejected"), Some("tc_scope_violation")),
        "{v}"
    );
    // bob approves a push: the code is deleted.
    let v = start("remote_access");
    let tx = v["transaction_id"].as_str().unwrap();
    let sent = api(&d, "POST", &format!("/api/v1/transactions/{tx}/push"), None);
    let number = sent["number"].as_u64().unwrap_or_else(|| panic!("{sent}"));
    let out = authenticator(&device, &["approve", &number.to_string()]);
    assert_eq!(out.trim(), "approved");
    assert_eq!(
        api(&d, "GET", &format!("/api/v1/transactions/{tx}"), None)["state"],
        "accepted"
    );
    b.goto(&format!("{}/admin/users/bob", d.base));
    b.wait_for("id=\"tc-last\"");
    assert!(
        b.text("#tc-last")
            .contains("signed in with their push authenticator")
    );
    assert!(!b.exists("#tc-active"));
    b.screenshot(&dir.join("18-tempcode-deleted.png"));
    let v = start("remote_access");
    assert!(
        !v["methods"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!("temporary_code")),
        "{v}"
    );
}

/// The console-only FAQ entries of the reference, in Chromium: the section is absent for an
/// ineligible user; how to know a user is eligible; replace; revoke; present but no Generate for a
/// role without the permission; disabled for the enterprise.
#[test]
fn faq_console_entries_in_chromium() {
    let d = demo();
    cli(&d, &["policy", "create", "Office only"]);
    cli(
        &d,
        &[
            "policy",
            "set",
            "Office only",
            "remote_access.enabled=false",
            "workstation_login.second_factor=false",
        ],
    );
    cli(&d, &["user", "set-policy", "user00001", "Office only"]);
    let driver = Driver::start();
    let b = driver.session();
    let dir = shots();
    sign_in(&b, &d, "helpdesk", &d.passwords["helpdesk"]);
    b.wait_url("/admin/users");

    // "The Temporary Code section is absent from the user details page!"
    b.goto(&format!("{}/admin/users/user00001", d.base));
    b.wait_for("id=\"methods\"");
    assert!(!b.exists("#tempcode"), "absent for an ineligible user");

    // "How do I know if a user is eligible?": the Generate code link is there.
    b.goto(&format!("{}/admin/users/alice", d.base));
    b.wait_for("id=\"generate-code\"");
    b.click("#generate-code");
    b.wait_for("id=\"temporary-code\"");
    let first = b.text("#temporary-code");
    b.click("#done");
    b.wait_for("id=\"tc-active\"");

    // "How do I replace/re-generate a new code?"
    b.click("#uses-once");
    b.click("#replace-code");
    b.wait_for("New temporary code");
    assert_ne!(b.text("#temporary-code"), first);
    b.screenshot(&dir.join("19-tempcode-replaced.png"));
    b.click("#done");
    b.wait_for("id=\"tc-active\"");
    assert!(b.text("#tc-active").contains("Use once"));

    // "How do I revoke a temporary code?"
    b.click("#tc-revoke-form input[name=confirm]");
    b.click("#revoke-code");
    b.wait_for("The temporary code is revoked");
    assert!(b.text("#tc-last").contains("revoked by an administrator"));
    b.screenshot(&dir.join("20-tempcode-revoked.png"));

    // "The section is present but I cannot generate a code!": the auditor role.
    b.click("header .who button");
    b.wait_for("You are signed out.");
    sign_in(&b, &d, "auditor", &d.passwords["auditor"]);
    b.wait_url("/admin/users");
    b.goto(&format!("{}/admin/users/alice", d.base));
    b.wait_for("id=\"tempcode\"");
    assert!(
        !b.exists("#generate-code"),
        "no Generate code for this role"
    );
    b.screenshot(&dir.join("21-tempcode-no-permission.png"));

    // "Temporary codes are disabled for this enterprise".
    cli(&d, &["settings", "set", "allow_temporary_codes=false"]);
    b.goto(&format!("{}/admin/users/alice", d.base));
    b.wait_for("id=\"tc-disabled\"");
    assert!(
        b.text("#tc-disabled")
            .contains("Temporary codes are disabled for this enterprise")
    );
}

/// Issue 14, point 5, in Chromium: an administrator without a second factor (bob, just made a
/// helpdesk administrator) is shown a token to add after the password, as a QR code and a key,
/// and opens the console only with its first code.
#[test]
fn console_enrolment_in_chromium() {
    let d = demo();
    cli(&d, &["role", "assign", "Helpdesk", "bob"]);
    let driver = Driver::start();
    let b = driver.session();
    let dir = shots();
    b.goto(&format!("{}/admin/login", d.base));
    b.type_into("#username", "bob");
    b.type_into("#password", &d.passwords["bob"]);
    b.click("#sign-in");
    b.wait_for("id=\"seed\"");
    assert!(b.source().contains("<svg"), "no QR code");
    b.screenshot(&dir.join("00-sign-in-enrol-token.png"));
    let seed = regain_crypto::base32_decode(&b.text("#seed")).unwrap();
    b.type_into("#code", "000000");
    b.click("#verify-code");
    b.wait_for("That code is not right");
    assert!(b.url().contains("/admin/login"), "{}", b.url());
    let step = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        / 30;
    b.type_into(
        "#code",
        &regain_crypto::hotp(&seed, step, regain_core::otp::OtpAlgorithm::Sha1, 6),
    );
    b.click("#verify-code");
    b.wait_url("/admin/users");
}
