//! The password help app (`/sso/...`) in Debian's Chromium against the real `regain demo`:
//! a locked-out user answers the questions and sets a new password the directory enforces, then
//! signs in with it; a user enrols questions and a push device on `/me` and proves himself with
//! the push's number; the challenge page in all ten languages (screenshots); axe-core on every
//! `/sso` and `/me` page; and the whole flow through nginx with `deploy/nginx/regain-sspr.conf`.
//! Fails, never skips, when Chromium, chromedriver, nginx or axe-core is missing.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use support::demo::{Demo, authenticator, cli, demo, demo_with};
use support::webdriver::{Driver, Session};

/// The demo's answers to the first five default questions (ids 1 to 5).
const ANSWERS: [&str; 5] = ["rex", "lisbon", "greenfield primary", "elm street", "volvo"];
const NEW_PASSWORD: &str = "Copper-Meadow-Violin-42";

fn shots() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots/password-help")
}

fn axe_source() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/browser/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{} is missing ({e}): run `npm ci` in tests/browser (scripts/test does)",
            path.display()
        )
    })
}

/// axe-core's WCAG 2 A and AA rules on the page now shown: no violation.
fn assert_accessible(b: &Session, axe: &str, what: &str) {
    b.execute(axe, serde_json::json!([]));
    let v = b.execute_async(
        "const done = arguments[arguments.length - 1];
         axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
            .then(r => done({passes: r.passes.length, violations: r.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))}))
            .catch(e => done({passes: 0, violations: ['axe failed: ' + e]}));",
        serde_json::json!([]),
    );
    let found: Vec<String> = serde_json::from_value(v["violations"].clone()).unwrap();
    assert!(found.is_empty(), "{what}: {found:#?}");
    // The rules did run: a page passes dozens of them.
    assert!(v["passes"].as_u64().unwrap() >= 10, "{what}: {v}");
}

/// The question ids the challenge page asks.
fn asked(b: &Session) -> Vec<usize> {
    b.source()
        .split("name=\"a-")
        .skip(1)
        .map(|s| s.split('"').next().unwrap().parse().unwrap())
        .collect()
}

/// Gives `user` on the start page and answers the questions (the demo's answers, in
/// `answers`, by question id).
fn answer_questions(b: &Session, base: &str, user: &str, answers: &[&str], shot: Option<&Path>) {
    b.goto(&format!("{base}/sso/passwordhelp"));
    b.wait_for("id=\"continue\"");
    b.type_into("#username", user);
    b.click("#continue");
    b.wait_for("id=\"check-answers\"");
    if let Some(p) = shot {
        b.screenshot(p);
    }
    let ids = asked(b);
    assert_eq!(ids.len(), 3, "the Default policy asks 3");
    for id in ids {
        // Case and spaces do not matter.
        let a = answers.get(id - 1).copied().unwrap_or("not this one");
        b.type_into(&format!("#a-{id}"), &format!(" {} ", a.to_uppercase()));
    }
    b.click("#check-answers");
}

fn set_password(b: &Session, password: &str) {
    b.type_into("#new", password);
    b.type_into("#again", password);
    b.click("#set-password");
}

fn wait_text(b: &Session, needle: &str, limit: Duration) {
    let started = Instant::now();
    while !b.source().contains(needle) {
        assert!(
            started.elapsed() < limit,
            "page never showed {needle:?}: {}",
            b.source()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Signs in to `/me` with the password: `true` when it was accepted (the home page, the
/// enrollment page or the code step).
fn me_password_accepted(b: &Session, base: &str, user: &str, password: &str) -> bool {
    b.delete_cookies();
    b.goto(&format!("{base}/me/login"));
    b.type_into("#username", user);
    b.type_into("#password", password);
    b.click("#sign-in");
    let started = Instant::now();
    loop {
        let src = b.source();
        if src.contains("Sign-in failed") {
            return false;
        }
        // The code step, or (nothing enrolled) the policy's word on enrolling remotely: both
        // come only after the right password.
        if !b.url().contains("/me/login")
            || src.contains("Password accepted")
            || src.contains("You have no sign-in method yet")
        {
            return true;
        }
        assert!(started.elapsed() < Duration::from_secs(15), "no answer");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn reset_dave(b: &Session, d: &Demo, base: &str, axe: &str) {
    let dir = shots();
    b.delete_cookies();
    b.goto(&format!("{base}/sso/passwordhelp"));
    b.wait_for("Forgot your password?");
    b.screenshot(&dir.join("01-start.png"));
    assert_accessible(b, axe, "start page");
    answer_questions(
        b,
        base,
        "dave",
        &ANSWERS,
        Some(&dir.join("02-challenge.png")),
    );
    b.wait_for("Choose a new password for dave");
    assert!(b.exists("#unlock-only"), "dave is locked out");
    // The strength meter while typing: a password built on the name scores low.
    b.type_into("#new", "dave1234");
    let started = Instant::now();
    while b.text("#strength-text").is_empty() {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "no strength shown"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let weak = b.text("#strength-text");
    assert!(["Very weak", "Weak"].contains(&weak.as_str()), "{weak}");
    b.type_into("#new", NEW_PASSWORD);
    let started = Instant::now();
    while b.text("#strength-text") != "Strong" {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{}",
            b.text("#strength-text")
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    b.screenshot(&dir.join("03-reset.png"));
    assert_accessible(b, axe, "reset page");
    // Regain's own rules first: too short, then a common password.
    set_password(b, "short");
    b.wait_for("The password is too short");
    b.screenshot(&dir.join("04-refused.png"));
    assert_accessible(b, axe, "reset page with a refusal");
    set_password(b, "qwerty123456");
    b.wait_for("one of the most common passwords");
    set_password(b, NEW_PASSWORD);
    b.wait_for("Your password was changed");
    b.screenshot(&dir.join("05-done.png"));
    assert_accessible(b, axe, "done page");
    // Signed in to /me already; and the new password works, the old one does not.
    b.goto(&format!("{base}/me"));
    b.wait_for("My sign-in methods");
    assert!(me_password_accepted(b, base, "dave", NEW_PASSWORD));
    assert!(!me_password_accepted(b, base, "dave", &d.passwords["dave"]));
}

#[test]
fn password_help_in_chromium() {
    let d = demo();
    let axe = axe_source();
    let driver = Driver::start();
    let b = driver.session();
    let dir = shots();
    reset_dave(&b, &d, &d.base, &axe);

    // A name that belongs to nobody gets a challenge too; wrong answers get one message.
    b.delete_cookies();
    answer_questions(&b, &d.base, "nobody", &ANSWERS, None);
    b.wait_for("Your answers were not accepted");
    b.screenshot(&dir.join("06-not-accepted.png"));
    assert_accessible(&b, &axe, "challenge with a refusal");

    // The challenge page in every language, chosen with the language links.
    for lang in [
        "pt-BR", "da", "de", "en", "es", "fr", "it", "nl", "fi", "sv",
    ] {
        b.delete_cookies();
        b.goto(&format!("{}/sso/passwordhelp?lang={lang}", d.base));
        b.wait_for(&format!("<html lang=\"{lang}\">"));
        b.type_into("#username", "alice");
        b.click("#continue");
        b.wait_for("id=\"check-answers\"");
        assert!(
            b.source().contains(&format!("<html lang=\"{lang}\">")),
            "{lang}: the choice was remembered"
        );
        b.screenshot(&dir.join(format!("10-challenge-{lang}.png")));
        assert_accessible(&b, &axe, &format!("challenge in {lang}"));
    }

    // /me: the sign-in page links here; the enrollment page passes axe too.
    b.delete_cookies();
    b.goto(&format!("{}/me/login", d.base));
    b.wait_for("id=\"forgot-password\"");
    assert_accessible(&b, &axe, "/me sign-in");
    b.click("#forgot-password");
    b.wait_url("/sso/passwordhelp");
}

const APP_SECRET: &str = "Rota-Secret-2026";

#[test]
fn password_help_with_push_in_chromium() {
    let d = demo();
    let axe = axe_source();
    let driver = Driver::start();
    let b = driver.session();
    let dir = shots();
    // bob's policy asks him to enrol his questions before anything else.
    b.goto(&format!("{}/me/login", d.base));
    b.type_into("#username", "bob");
    b.type_into("#password", &d.passwords["bob"]);
    b.click("#sign-in");
    b.wait_url("/me/questions");
    b.wait_for("id=\"save-answers\"");
    assert!(!b.exists("#enroll-later"), "his policy says he must");
    b.screenshot(&dir.join("20-enroll.png"));
    assert_accessible(&b, &axe, "/me/questions");
    for (n, a) in ANSWERS.iter().enumerate() {
        b.type_into(&format!("#a-{}", n + 1), a);
    }
    b.click("#save-answers");
    b.wait_for("Your security questions are saved");
    assert_accessible(&b, &axe, "/me home");
    // The methods page in German, and adding an authenticator app there (QR code and key).
    b.goto(&format!("{}/me?lang=de", d.base));
    b.wait_for("<html lang=\"de\">");
    b.wait_for("Authenticator-App");
    b.screenshot(&dir.join("22-me-home-de.png"));
    assert_accessible(&b, &axe, "/me home in German");
    b.click("#add-otp");
    b.wait_for("id=\"confirm-otp\"");
    b.screenshot(&dir.join("23-me-otp-de.png"));
    assert_accessible(&b, &axe, "/me authenticator app in German");
    b.goto(&format!("{}/me?lang=en", d.base));
    b.wait_for("<html lang=\"en\">");
    // An application password, kept on /me.
    b.click("#apps-link");
    b.wait_for("id=\"add-app\"");
    b.type_into("#name", "Ward rota");
    b.type_into("#login", "bob.ward");
    b.type_into("#password", APP_SECRET);
    b.click("#add-app");
    b.wait_for("The application password is saved");
    assert!(!b.source().contains(APP_SECRET));
    assert_accessible(&b, &axe, "/me application passwords");
    b.goto(&format!("{}/me", d.base));
    // A push device, with the reference authenticator.
    b.click("#add-push");
    b.wait_for("id=\"enroll-command\"");
    assert_accessible(&b, &axe, "/me push device");
    let command = b.text("#enroll-command");
    let link = command.split('\'').nth(1).unwrap();
    let cert = d._dir.path().join("demo").join("tls").join("cert.pem");
    let state = d._dir.path().join("bob-device.json");
    authenticator(
        &state,
        &[
            "enroll",
            link,
            "--label",
            "Bob's phone",
            "--ca",
            cert.to_str().unwrap(),
        ],
    );
    cli(
        &d,
        &["settings", "set", "self_service_mode=questions_and_push"],
    );

    b.delete_cookies();
    answer_questions(&b, &d.base, "bob", &ANSWERS, None);
    b.wait_for("id=\"push-number\"");
    b.screenshot(&dir.join("21-push-number.png"));
    assert_accessible(&b, &axe, "push page");
    let number = b.text("#push-number");
    let out = authenticator(&state, &["approve", number.trim()]);
    assert_eq!(out.trim(), "approved");
    // The page's script notices the approval by itself.
    wait_text(&b, "Choose a new password for bob", Duration::from_secs(30));
    // Identity proven: his application passwords, each shown on request.
    b.click("#view-apps");
    b.wait_for("Ward rota");
    assert!(!b.source().contains(APP_SECRET));
    assert_accessible(&b, &axe, "application passwords in password help");
    b.click("button[aria-label$='Ward rota']");
    b.wait_for("id=\"revealed-password\"");
    assert_eq!(b.text("#revealed-password").trim(), APP_SECRET);
    b.screenshot(&dir.join("24-app-password-shown.png"));
    b.goto(&format!("{}/sso/ssresetinit", d.base));
    b.wait_for("id=\"set-password\"");
    set_password(&b, NEW_PASSWORD);
    b.wait_for("Your password was changed");
    assert!(me_password_accepted(&b, &d.base, "bob", NEW_PASSWORD));

    // The code page (the push app's offline code instead of the push) passes axe as well.
    b.delete_cookies();
    answer_questions(&b, &d.base, "bob", &ANSWERS, None);
    b.wait_for("id=\"use-code\"");
    b.click("#use-code");
    b.wait_for("id=\"verify-code\"");
    assert_accessible(&b, &axe, "code page");
}

/// What nginx answers for `path` (curl, the demo's self-signed certificate accepted).
fn status_via(base: &str, method: &str, path: &str) -> String {
    let out = std::process::Command::new("curl")
        .args(["-sk", "-o", "/dev/null", "-w", "%{http_code}", "-X", method])
        .arg(format!("{base}{path}"))
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn password_help_through_nginx() {
    let port = support::free_port();
    let public = format!("https://127.0.0.1:{port}");
    let d = demo_with(&["--public-url", &public, "--trusted-proxy", "127.0.0.1"]);
    let tls = d._dir.path().join("demo").join("tls");
    let upstream = d.base.trim_start_matches("https://").to_owned();
    let nginx = support::nginx::start(port, &upstream, &tls.join("cert.pem"), &tls.join("key.pem"));
    // The table, enforced by nginx in front.
    for (method, path, want) in [
        ("GET", "/sso/passwordhelp", "200"),
        ("POST", "/sso/passwordhelp", "200"),
        ("PUT", "/sso/passwordhelp", "405"),
        ("DELETE", "/sso/sschallenge", "405"),
        ("GET", "/sso/css/sspw/sspw-common.css", "200"),
        ("POST", "/sso/css/sspw/sspw-common.css", "405"),
        ("GET", "/sso/css/sspw/sspw-common.css?x=1", "403"),
        ("GET", "/sso/js/selfservice.js", "200"),
        ("GET", "/sso/js/dictionaryss.js", "200"),
        ("GET", "/sso/js/zxcvbn.js", "404"),
        ("GET", "/sso/admin", "404"),
        ("GET", "/sso/passwordhelpx", "404"),
        ("GET", "/admin/login", "404"),
        ("GET", "/api/v1/openapi.json", "404"),
        ("GET", "/metrics", "404"),
    ] {
        assert_eq!(
            status_via(&nginx.base, method, path),
            want,
            "{method} {path}"
        );
    }
    let axe = axe_source();
    let driver = Driver::start();
    let b = driver.session();
    b.goto(&format!("{}/sso/passwordhelp", nginx.base));
    b.wait_for("Forgot your password?");
    // Every link and form points at the proxy, never at the server behind it.
    assert!(
        b.source()
            .contains(&format!("action=\"{public}/sso/sschallengeinit\""))
    );
    assert!(!b.source().contains(&d.base));
    answer_questions(&b, &nginx.base, "dave", &ANSWERS, None);
    b.wait_for("Choose a new password for dave");
    assert!(b.url().starts_with(&public), "{}", b.url());
    assert_accessible(&b, &axe, "reset page through nginx");
    set_password(&b, NEW_PASSWORD);
    b.wait_for("Your password was changed");
    b.screenshot(&shots().join("30-through-nginx.png"));
    // The audit has the visitor's address that nginx passed on.
    let audit = support::demo::cli_with(&d, &["audit", "list", "--action", "sspr.identify"], &[]);
    assert!(audit.contains("127.0.0.1"), "{audit}");
}
