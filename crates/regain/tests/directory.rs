//! Regain configured for a real Active Directory (Samba AD DC) and a real OpenLDAP, as an
//! operator would: `regain directory test`, users added from the directory, and sign-ins through
//! the running server checked by the directory. `scripts/test` starts both directories and
//! exports AD_* / LDAP_*; without them these tests fail with the command to run.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::path::Path;
use std::process::Command;
use std::time::Duration;
use support::directories::{Setup, ldapadd, regain, serve, setup, var};

fn checks(s: &Setup, user: &str) {
    let (code, out, err) = regain(s, &["directory", "test", "--user", user]);
    assert_eq!(code, 0, "{out}{err}");
    for line in [
        "ok    connection",
        "ok    service account",
        "ok    minimum password age",
        "ok    user search",
    ] {
        assert!(out.contains(line), "{line:?} in:\n{out}");
    }
}

#[test]
fn active_directory_test_command_users_and_sign_in_through_the_server() {
    let s = setup("active_directory", "AD", "");
    checks(&s, "alice");
    assert!(
        regain(&s, &["directory", "test", "--user", "alice"])
            .1
            .contains("ok    rights")
    );
    // A wrong service password is named as such.
    let bad = setup("active_directory", "AD", "");
    std::fs::write(bad.config.with_file_name("svc.pw"), "not-it\n").unwrap();
    let (code, out, _) = regain(&bad, &["directory", "test"]);
    assert_eq!(code, 1);
    assert!(out.contains("wrong directory.bind_dn or password"), "{out}");
    // Plain LDAP is refused before anything connects.
    let plain = setup("active_directory", "AD", "");
    let text = std::fs::read_to_string(&plain.config)
        .unwrap()
        .replace(&var("AD_URL"), "ldap://127.0.0.1:389");
    std::fs::write(&plain.config, text).unwrap();
    let (code, _, err) = regain(&plain, &["config", "check"]);
    assert_eq!(code, 2);
    assert!(err.contains("passwords may only travel over TLS"), "{err}");

    // Users come from the directory.
    let (code, _, err) = regain(&s, &["user", "add", "alice"]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = regain(&s, &["user", "add", "ghost"]);
    assert_eq!(code, 2);
    assert!(err.contains("no directory account"), "{err}");
    let (_, out, _) = regain(&s, &["user", "show", "alice"]);
    assert!(out.contains("Alice"), "{out}");

    // The server checks passwords against AD: alice is the first administrator (no setup link:
    // she signs in with her directory password).
    let (_, out, _) = regain(&s, &["client", "add", "vpn", "--trusted"]);
    let credential = out
        .lines()
        .skip_while(|l| !l.starts_with("credential"))
        .nth(1)
        .unwrap()
        .trim()
        .to_owned();
    let server = serve(&s, "alice");
    let port = server.port;
    let sign_in = |password: &str| -> serde_json::Value {
        let out = Command::new("curl")
            .args(["-sS", "--max-time", "20", "--cacert"])
            .arg(s.data.join("tls").join("cert.pem"))
            .args([
                "-H",
                &format!("Authorization: Bearer {credential}"),
                "-H",
                "Content-Type: application/json",
                "-d",
            ])
            .arg(format!(
                r#"{{"username":"alice","password":"{password}","workflow":"remote_access"}}"#
            ))
            .arg(format!("https://127.0.0.1:{port}/api/v1/transactions"))
            .output()
            .unwrap();
        serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&out.stdout)))
    };
    let v = sign_in("Not-Alice-1!");
    assert_eq!(v["reason"], "bad_credentials", "{v}");
    // The right AD password passes the first factor; she has no second factor yet.
    let v = sign_in(&var("AD_USER_PASS"));
    assert_eq!(v["reason"], "no_usable_factor", "{v}");
    drop(server);
    std::thread::sleep(Duration::from_millis(10));
    // No setup link file or secret was needed: she is the superadministrator.
    let (_, out, _) = regain(&s, &["role", "list"]);
    assert!(out.contains("Superadministrator"), "{out}");
}

#[test]
fn openldap_test_command_and_users() {
    let s = setup("openldap", "LDAP", "");
    checks(&s, "alice");
    let (code, out, _) = regain(&s, &["directory", "test", "--user", "alice"]);
    assert_eq!(code, 0);
    assert!(out.contains("ok    rights"), "{out}");
    let (code, _, err) = regain(&s, &["user", "add", "alice"]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = regain(&s, &["user", "add", "*"]);
    assert_eq!(code, 2, "{err}");
    let _ = Path::new("");
}

/// Adds entries to the test AD as its administrator (ldap-utils, installed with Samba).
#[test]
fn active_directory_import_assigns_policies_by_ou_and_group() {
    let base = var("AD_BASE_DN");
    let n = std::process::id();
    let ou = format!("OU=Contractors{n},{base}");
    let group = format!("CN=Clinicians{n},OU=People,{base}");
    ldapadd(&format!(
        "dn: {ou}\nobjectClass: organizationalUnit\n\n\
         dn: CN=contra{n},{ou}\nobjectClass: user\nsAMAccountName: contra{n}\ndisplayName: Carla Contractor\n\n\
         dn: {group}\nobjectClass: group\nsAMAccountName: clinicians{n}\nmember: {}\n",
        var("AD_USER_DN")
    ));
    let s = setup(
        "active_directory",
        "AD",
        "user_filter = \"(objectCategory=person)\"\n",
    );
    for p in ["Contractors", "Clinicians"] {
        assert_eq!(regain(&s, &["policy", "create", p]).0, 0);
    }
    let ou_rule = format!("ou:{ou}=Contractors");
    let group_rule = format!("group:{group}=Clinicians");
    let (code, out, err) = regain(
        &s,
        &[
            "directory",
            "import",
            "--rule",
            &ou_rule,
            "--rule",
            &group_rule,
            "--dry-run",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(&format!("would add  contra{n}")), "{out}");
    assert!(
        out.lines()
            .any(|l| l.contains("contra") && l.contains("policy Contractors")),
        "{out}"
    );
    assert!(
        out.lines()
            .any(|l| l.contains(" alice ") && l.contains("policy Clinicians")),
        "{out}"
    );
    assert!(out.contains("dry run: nothing changed"));
    assert!(
        !regain(&s, &["user", "list"]).1.contains("alice"),
        "the dry run added nobody"
    );
    let (code, out, err) = regain(
        &s,
        &[
            "directory",
            "import",
            "--rule",
            &ou_rule,
            "--rule",
            &group_rule,
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(&format!("added      contra{n}")), "{out}");
    let (_, show, _) = regain(&s, &["user", "show", &format!("contra{n}")]);
    assert!(show.contains("policy:        Contractors"), "{show}");
    assert!(show.contains("Carla Contractor"), "{show}");
    let (_, show, _) = regain(&s, &["user", "show", "alice"]);
    assert!(show.contains("policy:        Clinicians"), "{show}");
    // The directory's mail is where her notices go.
    assert!(show.contains("notices:       alice@"), "{show}");
    // Run again: nothing new; rules naming a missing policy or malformed are refused.
    let (_, out, _) = regain(
        &s,
        &[
            "directory",
            "import",
            "--rule",
            &ou_rule,
            "--rule",
            &group_rule,
        ],
    );
    assert!(out.lines().last().unwrap().starts_with("0 added,"), "{out}");
    let (code, _, err) = regain(
        &s,
        &["directory", "import", "--rule", &format!("ou:{ou}=Nope")],
    );
    assert_eq!(code, 2);
    assert!(err.contains("Nope"), "{err}");
    let (code, _, err) = regain(&s, &["directory", "import", "--rule", "site:x=y"]);
    assert_eq!(code, 2);
    assert!(err.contains("--rule"), "{err}");
}

#[test]
fn the_server_imports_new_directory_users_periodically() {
    let base = var("AD_BASE_DN");
    let n = std::process::id();
    let ou = format!("OU=Sync{n},{base}");
    let s = setup(
        "active_directory",
        "AD",
        &format!(
            "user_filter = \"(objectCategory=person)\"\nsync_interval = \"1s\"\nsync_rules = [\"ou:{ou}=Contractors\"]\n"
        ),
    );
    assert_eq!(regain(&s, &["policy", "create", "Contractors"]).0, 0);
    let server = serve(&s, "alice");
    // A person who joins the directory while Regain runs.
    ldapadd(&format!(
        "dn: {ou}\nobjectClass: organizationalUnit\n\n\
         dn: CN=sync{n},{ou}\nobjectClass: user\nsAMAccountName: sync{n}\ndisplayName: Sam Sync\n"
    ));
    let started = std::time::Instant::now();
    let show = loop {
        let (code, out, _) = regain(&s, &["user", "show", &format!("sync{n}")]);
        if code == 0 {
            break out;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "sync{n} was not imported"
        );
        std::thread::sleep(Duration::from_millis(200));
    };
    drop(server);
    assert!(show.contains("policy:        Contractors"), "{show}");
    assert!(show.contains("Sam Sync"), "{show}");
    let (_, audit, _) = regain(&s, &["audit", "list", "--action", "directory.import"]);
    assert!(audit.contains("directory.import"), "{audit}");
}

/// A user of Samba AD signs in over RADIUS: the password checked by the domain controller, then
/// the challenge answered with her TOTP code (oathtool). (No wrong password here: the domain
/// locks alice after three, and other tests of this binary sign in as her at the same time.)
#[test]
fn an_active_directory_user_signs_in_over_radius() {
    let udp = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    let radius_port = udp.local_addr().unwrap().port();
    drop(udp);
    let secret = "Ad-Radius-Secret-For-The-Test-42";
    let s = setup(
        "active_directory",
        "AD",
        &format!(
            "[radius]\nlisten = \"127.0.0.1:{radius_port}\"\n\n[[radius.clients]]\nname = \"vpn\"\naddress = \"127.0.0.1\"\nsecret = \"{secret}\"\nworkflow = \"remote_access\"\n"
        ),
    );
    let (code, _, err) = regain(&s, &["user", "add", "alice"]);
    assert_eq!(code, 0, "{err}");
    let (_, out, _) = regain(&s, &["otp", "enroll", "alice"]);
    let (seed, method) = support::radius::otp_enrollment(&out);
    let totp = |steps| support::radius::totp(&seed, steps);
    let (code, _, err) = regain(&s, &["otp", "confirm", "alice", &method, &totp(-1)]);
    assert_eq!(code, 0, "{err}");
    let _server = serve(&s, "alice");
    let to = format!("127.0.0.1:{radius_port}");
    let radclient =
        |attrs: String| support::radius::radclient_at(&to, secret, "auth", &attrs, 1, 10).0;
    let out = radclient(format!(
        "User-Name = \"alice\", User-Password = \"{}\", Message-Authenticator = 0x00\n",
        var("AD_USER_PASS")
    ));
    assert!(out.contains("Received Access-Challenge"), "{out}");
    let state = support::radius::state_of(&out);
    let out = radclient(format!(
        "User-Name = \"alice\", User-Password = \"{}\", State = {state}, Message-Authenticator = 0x00\n",
        totp(0)
    ));
    assert!(out.contains("Received Access-Accept"), "{out}");
}
