//! Password help against the real directories, in Chromium, with `regain serve` configured as
//! an operator would: a user of Samba AD (and of OpenLDAP slapd) signs in to `/me` with the
//! directory password and enrols security questions, gets locked out in the directory, then
//! resets the password through `/sso` in German; the directory's own refusals (a password from
//! the history, one not complex enough) come back translated, the account is unlocked by the
//! reset, and the new password binds. Fails, never skips, without the directories (scripts/test
//! starts them).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use base64::Engine;
use std::time::{Duration, Instant};
use support::directories::{Setup, binds, ldap_tool, regain, serve, setup, var};
use support::webdriver::{Driver, Session};

const OLD: &str = "Start-Pass-0815!";
const NEW: &str = "Quiet-River-Stone-73";
const ANSWERS: [&str; 3] = ["rex", "lisbon", "greenfield primary"];

fn unique(prefix: &str) -> String {
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis()
        % 1_000_000;
    format!("{prefix}{}{t}", std::process::id() % 1000)
}

/// A new directory user with password [`OLD`]; its DN.
fn new_user(prefix: &str, name: &str) -> String {
    if prefix == "AD" {
        let dn = format!("CN={name},OU=People,{}", var("AD_BASE_DN"));
        let pwd: Vec<u8> = format!("\"{OLD}\"")
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        ldap_tool(
            "ldapadd",
            "AD",
            &format!(
                "dn: {dn}\nobjectClass: user\nsAMAccountName: {name}\nuserPrincipalName: {name}@example.test\ndisplayName: Test {name}\nunicodePwd:: {}\nuserAccountControl: 512\n",
                base64::engine::general_purpose::STANDARD.encode(pwd)
            ),
        );
        dn
    } else {
        let dn = format!("uid={name},ou=people,{}", var("LDAP_BASE_DN"));
        ldap_tool(
            "ldapadd",
            "LDAP",
            &format!(
                "dn: {dn}\nobjectClass: inetOrgPerson\nuid: {name}\ncn: Test {name}\nsn: {name}\nuserPassword: {OLD}\n"
            ),
        );
        dn
    }
}

fn cli(s: &Setup, args: &[&str]) {
    let (code, out, err) = regain(s, args);
    assert_eq!(code, 0, "regain {args:?}: {out}{err}");
}

fn wait_for(b: &Session, needle: &str) {
    let started = Instant::now();
    while !b.source().contains(needle) {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "page never showed {needle:?}: {}",
            b.source()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn set_password(b: &Session, password: &str) {
    b.type_into("#new", password);
    b.type_into("#again", password);
    b.click("#set-password");
}

/// The whole flow for a new user of the directory `prefix`; `complexity` checks the AD
/// refusal of a password that is long but of one character class.
fn reset_in_directory(kind: &str, prefix: &str, complexity: bool) {
    let s = setup(kind, prefix, "");
    let name = unique("pw");
    let dn = new_user(prefix, &name);
    cli(&s, &["user", "add", &name]);
    cli(
        &s,
        &[
            "policy",
            "set",
            "Default",
            "sspr.allow_reset=true",
            "sspr.questions_to_enroll=3",
            "sspr.questions_to_answer=2",
            "enrollment.remote=password",
        ],
    );
    cli(&s, &["settings", "set", "self_service_enabled=true"]);
    let server = serve(&s, &name);
    let driver = Driver::start();
    let b = driver.session();
    let shots = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../target/screenshots/password-help");

    // Sign in with the directory password: only a password enrolled, so the questions are
    // asked (and may be put off).
    b.goto(&format!("{}/me/login", server.base));
    b.type_into("#username", &name);
    b.type_into("#password", OLD);
    b.click("#sign-in");
    wait_for(&b, "id=\"save-answers\"");
    assert!(b.exists("#enroll-later"));
    for (n, a) in ANSWERS.iter().enumerate() {
        b.type_into(&format!("#a-{}", n + 1), a);
    }
    b.click("#save-answers");
    wait_for(&b, "Your security questions are saved");

    // Locked out in the directory by wrong passwords.
    for _ in 0..4 {
        assert!(!binds(prefix, &dn, "Wrong-Pass-1!"));
    }
    assert!(!binds(prefix, &dn, OLD), "locked");

    // Password help, in German.
    b.delete_cookies();
    b.goto(&format!("{}/sso/passwordhelp?lang=de", server.base));
    wait_for(&b, "Passwort vergessen?");
    b.type_into("#username", &name);
    b.click("#continue");
    wait_for(&b, "id=\"check-answers\"");
    let src = b.source();
    for id in src
        .split("name=\"a-")
        .skip(1)
        .map(|s| s.split('"').next().unwrap().parse::<usize>().unwrap())
    {
        b.type_into(&format!("#a-{id}"), ANSWERS[id - 1]);
    }
    b.click("#check-answers");
    wait_for(&b, "id=\"set-password\"");
    assert!(
        b.exists("#unlock-only"),
        "the directory says the account is locked"
    );
    // The password in use is in the directory's history: refused, in German.
    set_password(&b, OLD);
    wait_for(&b, "Sie haben dieses Passwort kürzlich verwendet");
    b.screenshot(&shots.join(format!("40-{prefix}-history-de.png")));
    if complexity {
        set_password(&b, "quietriverstonelantern");
        wait_for(&b, "nicht komplex genug");
        b.screenshot(&shots.join(format!("41-{prefix}-complexity-de.png")));
    }
    set_password(&b, NEW);
    wait_for(&b, "Ihr Passwort wurde geändert");
    // Unlocked by the reset; the new password binds, the old one does not.
    assert!(binds(prefix, &dn, NEW), "the new password binds");
    assert!(!binds(prefix, &dn, OLD));
    let (_, audit, _) = regain(&s, &["audit", "list", "--action", "directory.reset"]);
    assert!(audit.contains("success"), "{audit}");
}

#[test]
fn password_help_against_active_directory_in_chromium() {
    reset_in_directory("active_directory", "AD", true);
}

#[test]
fn password_help_against_openldap_in_chromium() {
    reset_in_directory("openldap", "LDAP", false);
}
