//! The RADIUS server of `regain serve`, driven by radclient (FreeRADIUS 3.2, Debian's
//! freeradius-utils) as a VPN gateway drives it: Status-Server; a wrong password rejected after
//! the delay; the password, then the challenge answered with a TOTP code from oathtool or a
//! temporary code; a State used twice or made up refused; a request without a
//! Message-Authenticator dropped before any work.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::path::Path;
use std::time::{Duration, Instant};
use support::cli::ok;
use support::radius::{PASSWORD, SECRET, Server, setup, state_of, totp};

fn serve(data: &Path) -> Server {
    support::radius::serve(data, "workflow = \"remote_access\"\n")
}

/// radclient's account of one exchange with the test's server, and how long it took.
fn radclient(s: &Server, kind: &str, attrs: &str) -> (String, Duration) {
    support::radius::radclient_at(&format!("127.0.0.1:{}", s.port), SECRET, kind, attrs, 1, 4)
}

fn password_request(user: &str, password: &str) -> String {
    format!(
        "User-Name = \"{user}\", User-Password = \"{password}\", Message-Authenticator = 0x00\n"
    )
}

fn answer_request(user: &str, code: &str, state: &str) -> String {
    format!(
        "User-Name = \"{user}\", User-Password = \"{code}\", State = {state}, Message-Authenticator = 0x00\n"
    )
}

#[test]
fn a_gateway_signs_in_with_password_and_code_over_radius() {
    let (dir, seed) = setup();
    let s = serve(dir.path());

    let (out, _) = radclient(&s, "status", "Message-Authenticator = 0x00\n");
    assert!(
        out.contains("Received Access-Accept"),
        "Status-Server: {out}"
    );

    // A wrong password: rejected, after the delay.
    let (out, took) = radclient(&s, "auth", &password_request("bob", "not-his"));
    assert!(out.contains("Received Access-Reject"), "{out}");
    assert!(took >= Duration::from_secs(1), "rejects wait: {took:?}");

    // The password, then the challenge, answered with the app's code.
    let (out, took) = radclient(&s, "auth", &password_request("bob", PASSWORD));
    assert!(out.contains("Received Access-Challenge"), "{out}");
    assert!(
        out.contains("authenticator app"),
        "the prompt says what to enter: {out}"
    );
    assert!(
        took < Duration::from_secs(1),
        "a challenge does not wait: {took:?}"
    );
    let state = state_of(&out);
    assert_eq!(state.len(), 2 + 32, "16 random octets: {state}");
    let (out, took) = radclient(&s, "auth", &answer_request("bob", &totp(&seed, 0), &state));
    assert!(out.contains("Received Access-Accept"), "{out}");
    assert!(
        took < Duration::from_secs(1),
        "accepts never wait: {took:?}"
    );

    // The same State again: it was good once.
    let (out, _) = radclient(&s, "auth", &answer_request("bob", &totp(&seed, 1), &state));
    assert!(
        out.contains("Received Access-Reject"),
        "a used State: {out}"
    );
    // A State nobody was given.
    let forged = "0x000102030405060708090a0b0c0d0e0f";
    let (out, _) = radclient(&s, "auth", &answer_request("bob", &totp(&seed, 1), forged));
    assert!(
        out.contains("Received Access-Reject"),
        "a forged State: {out}"
    );

    // A wrong code: challenged again with a new State; the right one then works.
    let (out, _) = radclient(&s, "auth", &password_request("bob", PASSWORD));
    let state = state_of(&out);
    let (out, _) = radclient(&s, "auth", &answer_request("bob", "000000", &state));
    assert!(out.contains("Received Access-Challenge"), "{out}");
    assert!(out.contains("not accepted"), "{out}");
    let again = state_of(&out);
    assert_ne!(again, state);
    let (out, _) = radclient(&s, "auth", &answer_request("bob", &totp(&seed, 1), &again));
    assert!(out.contains("Received Access-Accept"), "{out}");

    // The record names the gateway.
    let audit = ok(
        dir.path(),
        &[
            "audit",
            "list",
            "--action",
            "auth.second_factor",
            "--limit",
            "5",
        ],
    );
    assert!(
        audit.contains("radius vpn") || audit.contains("c-radius-vpn"),
        "{audit}"
    );
}

#[test]
fn req31_a_request_without_a_message_authenticator_gets_no_answer() {
    let (dir, _) = setup();
    let s = serve(dir.path());
    let (out, took) = radclient(
        &s,
        "auth",
        &format!("User-Name = \"bob\", User-Password = \"{PASSWORD}\"\n"),
    );
    assert!(!out.contains("Received"), "dropped: {out}");
    assert!(
        took >= Duration::from_secs(4),
        "radclient waited for nothing: {took:?}"
    );
    // Nothing was counted or recorded for it.
    let audit = ok(dir.path(), &["audit", "list", "--action", "auth.start"]);
    assert!(!audit.contains("bob"), "{audit}");
}

#[test]
fn a_temporary_code_answers_the_challenge() {
    let (dir, _) = setup();
    let data = dir.path();
    ok(data, &["settings", "set", "allow_temporary_codes=true"]);
    let code = support::radius::issue_temporary_code(data, "once");
    let s = serve(data);
    let (out, _) = radclient(&s, "auth", &password_request("bob", PASSWORD));
    assert!(out.contains("temporary code"), "offered: {out}");
    let state = state_of(&out);
    let (out, _) = radclient(&s, "auth", &answer_request("bob", &code, &state));
    assert!(out.contains("Received Access-Accept"), "{out}");
    // Single use: a second sign-in with it is refused.
    let (out, _) = radclient(&s, "auth", &password_request("bob", PASSWORD));
    let state = state_of(&out);
    let (out, _) = radclient(&s, "auth", &answer_request("bob", &code, &state));
    assert!(!out.contains("Received Access-Accept"), "{out}");
}

/// A request built with the codec, as a gateway sends it: PAP, a Message-Authenticator.
fn pap_request(id: u8, authenticator: [u8; 16], user: &str, password: &str) -> Vec<u8> {
    use regain_radius::{Attribute, AttributeType, Code};
    let hidden =
        regain_radius::hide_password(password.as_bytes(), SECRET.as_bytes(), &authenticator)
            .unwrap();
    regain_radius::request(
        Code::AccessRequest,
        id,
        authenticator,
        &[
            Attribute::new(AttributeType::UserName, user),
            Attribute::new(AttributeType::UserPassword, hidden),
        ],
        SECRET.as_bytes(),
    )
    .unwrap()
}

fn failures_recorded(data: &Path) -> usize {
    ok(
        data,
        &["audit", "list", "--action", "auth.start", "--limit", "1000"],
    )
    .lines()
    .filter(|l| l.contains("bob") && l.contains("failure"))
    .count()
}

/// Security requirement 34: a retransmission while the first is decided is not decided again,
/// and one after it gets the byte-identical answer; the failure is counted once.
#[test]
fn req34_a_retransmission_gets_the_same_answer_and_counts_once() {
    let (dir, _) = setup();
    let s = serve(dir.path());
    let sock = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    sock.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let to = format!("127.0.0.1:{}", s.port);
    let before = failures_recorded(dir.path());
    let packet = pap_request(9, [0x5a; 16], "bob", "not-his-password");
    sock.send_to(&packet, &to).unwrap();
    std::thread::sleep(Duration::from_millis(200));
    sock.send_to(&packet, &to).unwrap();
    let mut buf = [0u8; 4096];
    let n = sock.recv(&mut buf).unwrap();
    let first = buf[..n].to_vec();
    assert_eq!(
        regain_radius::decode(&first).unwrap().code,
        regain_radius::Code::AccessReject
    );
    sock.set_read_timeout(Some(Duration::from_millis(1500)))
        .unwrap();
    assert!(
        sock.recv(&mut buf).is_err(),
        "the retransmission in flight got no second answer"
    );
    sock.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    sock.send_to(&packet, &to).unwrap();
    let n = sock.recv(&mut buf).unwrap();
    assert_eq!(&buf[..n], first.as_slice(), "byte-identical");
    assert_eq!(failures_recorded(dir.path()), before + 1, "counted once");
}

/// Security requirement 35: 200 rejects, each at least a second late, with spread; the server
/// answers them side by side (the delay holds no worker).
#[test]
fn req35_rejects_wait_a_second_with_jitter_and_hold_no_worker() {
    let (dir, _) = setup();
    let s = serve(dir.path());
    let to = format!("127.0.0.1:{}", s.port);
    let started = Instant::now();
    let handles: Vec<_> = (0..20)
        .map(|t| {
            let to = to.clone();
            std::thread::spawn(move || {
                let sock = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
                sock.set_read_timeout(Some(Duration::from_secs(10)))
                    .unwrap();
                let mut times = Vec::new();
                for i in 0..10u8 {
                    let mut auth = [t as u8; 16];
                    auth[0] = i;
                    let packet = pap_request(i, auth, "nobody-here", "wrong");
                    let sent = Instant::now();
                    sock.send_to(&packet, &to).unwrap();
                    let mut buf = [0u8; 4096];
                    let n = sock.recv(&mut buf).unwrap();
                    assert_eq!(
                        regain_radius::decode(&buf[..n]).unwrap().code,
                        regain_radius::Code::AccessReject
                    );
                    times.push(sent.elapsed());
                }
                times
            })
        })
        .collect();
    let times: Vec<Duration> = handles
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect();
    let total = started.elapsed();
    assert_eq!(times.len(), 200);
    let min = times.iter().min().unwrap();
    let max = times.iter().max().unwrap();
    assert!(
        *min >= Duration::from_secs(1),
        "every reject waits a second: {min:?}"
    );
    assert!(max > min, "with jitter: {min:?} .. {max:?}");
    // 20 clients, 10 rejects each in turn: about 10 delays, not 200.
    assert!(
        total < Duration::from_secs(40),
        "the delays ran side by side: {total:?}"
    );
    eprintln!("200 rejects: min {min:?}, max {max:?}, all in {total:?}");
}

/// Security requirement 32: a client that may send requests without a Message-Authenticator
/// still has Proxy-State without one dropped (`limit_proxy_state`, on by default).
#[test]
fn req32_proxy_state_without_a_message_authenticator_is_dropped() {
    let (dir, _) = setup();
    let s = support::radius::serve(
        dir.path(),
        "workflow = \"remote_access\"\nrequire_message_authenticator = false\n",
    );
    let (out, _) = radclient(
        &s,
        "auth",
        &format!("User-Name = \"bob\", User-Password = \"{PASSWORD}\"\n"),
    );
    assert!(
        out.contains("Received Access-Challenge"),
        "allowed for this client: {out}"
    );
    let (out, _) = radclient(
        &s,
        "auth",
        &format!("User-Name = \"bob\", User-Password = \"{PASSWORD}\", Proxy-State = 0x6869\n"),
    );
    assert!(!out.contains("Received"), "dropped: {out}");
    let (out, _) = radclient(
        &s,
        "auth",
        &format!(
            "User-Name = \"bob\", User-Password = \"{PASSWORD}\", Proxy-State = 0x6869, Message-Authenticator = 0x00\n"
        ),
    );
    assert!(
        out.contains("Received Access-Challenge"),
        "with one it is fine: {out}"
    );
    assert!(out.contains("Proxy-State = 0x6869"), "copied back: {out}");
}

/// Only PAP: a CHAP request is refused, and the log names the client and what to configure.
#[test]
fn chap_is_refused_with_a_log_line_naming_the_client() {
    let (dir, _) = setup();
    let s = serve(dir.path());
    let (out, _) = radclient(
        &s,
        "auth",
        "User-Name = \"bob\", CHAP-Password = \"whatever\", Message-Authenticator = 0x00\n",
    );
    assert!(out.contains("Received Access-Reject"), "{out}");
    let log = std::fs::read_to_string(dir.path().join("server.log")).unwrap();
    assert!(
        log.contains("only PAP") && log.contains("vpn") && log.contains("CHAP"),
        "{log}"
    );
}

/// A State is bound to its user: another user's name with it is refused.
#[test]
fn req33_a_state_is_good_only_for_its_user() {
    let (dir, seed) = setup();
    let s = serve(dir.path());
    let (out, _) = radclient(&s, "auth", &password_request("bob", PASSWORD));
    let state = state_of(&out);
    let (out, _) = radclient(
        &s,
        "auth",
        &answer_request("mallory", &totp(&seed, 0), &state),
    );
    assert!(out.contains("Received Access-Reject"), "{out}");
    // And it is gone: bob cannot use it after the attempt either.
    let (out, _) = radclient(&s, "auth", &answer_request("bob", &totp(&seed, 0), &state));
    assert!(out.contains("Received Access-Reject"), "{out}");
}

/// A State expires with its sign-in's wait for the second factor (five minutes): moved past its
/// end in the database, the right code with it is refused, and it is gone. The database holds
/// only a keyed hash of each State, never the octets a gateway could answer with.
#[test]
fn req33_an_expired_state_is_refused_and_only_its_keyed_hash_is_stored() {
    let (dir, seed) = setup();
    let data = dir.path();
    let s = serve(data);
    let (out, _) = radclient(&s, "auth", &password_request("bob", PASSWORD));
    let state = state_of(&out);
    let stored = support::sqlite_texts(data, "SELECT state_hash FROM radius_challenges");
    assert_eq!(stored.len(), 1, "one pending challenge: {stored:?}");
    let octets = state.trim_start_matches("0x").to_lowercase();
    assert_eq!(octets.len(), 32, "a State of 128 bits: {state}");
    assert!(
        !stored[0].to_lowercase().contains(&octets),
        "the State itself is stored: {stored:?}"
    );
    assert_eq!(
        support::sqlite_exec(
            data,
            "UPDATE radius_challenges SET expires_at = expires_at - 301000"
        ),
        1
    );
    let (out, _) = radclient(&s, "auth", &answer_request("bob", &totp(&seed, 0), &state));
    assert!(out.contains("Received Access-Reject"), "expired: {out}");
    assert!(
        support::sqlite_texts(data, "SELECT state_hash FROM radius_challenges").is_empty(),
        "an expired State is taken out all the same"
    );
    // A fresh one within its time still works: the refusal was the expiry's.
    let (out, _) = radclient(&s, "auth", &password_request("bob", PASSWORD));
    let state = state_of(&out);
    let (out, _) = radclient(&s, "auth", &answer_request("bob", &totp(&seed, 0), &state));
    assert!(out.contains("Received Access-Accept"), "{out}");
}

/// Gateways that show no challenge: the code after the password, in one field.
#[test]
fn an_appended_code_signs_in_in_one_request() {
    let (dir, seed) = setup();
    let s = support::radius::serve(
        dir.path(),
        "workflow = \"remote_access\"\nsecond_factor = \"appended\"\n",
    );
    let (out, _) = radclient(
        &s,
        "auth",
        &password_request("bob", &format!("{PASSWORD},{}", totp(&seed, 0))),
    );
    assert!(out.contains("Received Access-Accept"), "{out}");
    let (out, _) = radclient(
        &s,
        "auth",
        &password_request("bob", &format!("{PASSWORD},000000")),
    );
    assert!(out.contains("Received Access-Reject"), "{out}");
    // Without a code, no challenge this gateway could not show: refused.
    let (out, _) = radclient(&s, "auth", &password_request("bob", PASSWORD));
    assert!(out.contains("Received Access-Reject"), "{out}");
}

/// Push over RADIUS keeps number matching: Enter at the challenge sends a push, the next
/// challenge shows the number to enter in the app, and the request after it is held until the
/// reference authenticator approves with that number.
#[test]
fn a_push_with_number_matching_over_radius() {
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
    // The accept after a push (answered with Enter, no User-Password) carries the group too.
    ok(
        data,
        &["policy", "set", "Default", "radius.filter_id=vpn-staff"],
    );
    let s = support::radius::serve_with(data, "workflow = \"remote_access\"\n", Some(http));
    let device = data.join("bob-device.json");
    let ca = data.join("tls").join("cert.pem");
    support::demo::authenticator(&device, &["enroll", &link, "--ca", ca.to_str().unwrap()]);

    let (out, _) = radclient(&s, "auth", &password_request("bob", PASSWORD));
    assert!(out.contains("press Enter for a push"), "{out}");
    let state = state_of(&out);
    let (out, _) = radclient(&s, "auth", &answer_request("bob", "", &state));
    assert!(out.contains("Received Access-Challenge"), "{out}");
    let number: String = out
        .split("Enter ")
        .nth(1)
        .and_then(|t| t.split(" in your Regain app").next())
        .unwrap_or_else(|| panic!("no number in {out}"))
        .to_owned();
    assert!(number.chars().all(|c| c.is_ascii_digit()), "{number}");
    let state = state_of(&out);
    let approve = {
        let device = device.clone();
        let number = number.clone();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(700));
            support::demo::authenticator(&device, &["approve", &number])
        })
    };
    let (out, took) = radclient(&s, "auth", &answer_request("bob", "", &state));
    assert!(out.contains("Received Access-Accept"), "{out}");
    assert!(out.contains("Filter-Id = \"vpn-staff\""), "{out}");
    assert!(
        took >= Duration::from_millis(500),
        "held for the answer: {took:?}"
    );
    approve.join().unwrap();
}

/// `regain radius test`, as an operator setting up a gateway runs it: each step printed, the
/// answer's authenticators judged; a wrong secret or a missing Message-Authenticator explained.
#[test]
fn regain_radius_test_prints_each_step() {
    let (dir, seed) = setup();
    let data = dir.path();
    let s = serve(data);
    let secret_file = data.join("radius.secret");
    std::fs::write(&secret_file, format!("{SECRET}\n")).unwrap();
    let server = format!("127.0.0.1:{}", s.port);
    let run = |secret: &Path, extra: &[&str], input: String| {
        let mut args = vec![
            "radius",
            "test",
            "--server",
            &server,
            "--user",
            "bob",
            "--secret-file",
            secret.to_str().unwrap(),
            "--timeout",
            "2",
        ];
        args.extend_from_slice(extra);
        support::cli::regain(data, &args, Some(&input), &[])
    };
    let r = run(
        &secret_file,
        &[],
        format!("{PASSWORD}\n{}\n", totp(&seed, 0)),
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    for step in [
        "sent      Access-Request 1",
        "received  Access-Challenge in",
        "Response Authenticator: valid",
        "Message-Authenticator: valid, first attribute",
        "Reply-Message: Enter the code from your authenticator app",
        "received  Access-Accept",
        "signed in",
    ] {
        assert!(r.stdout.contains(step), "{step}: {}", r.stdout);
    }
    let wrong = data.join("wrong.secret");
    std::fs::write(&wrong, "Not-The-Shared-Secret-At-All-2026\n").unwrap();
    let r = run(&wrong, &[], format!("{PASSWORD}\n"));
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.contains("no answer within 2 s") && r.stdout.contains("shared secret"),
        "{}",
        r.stdout
    );
    let r = run(
        &secret_file,
        &["--no-message-authenticator"],
        format!("{PASSWORD}\n"),
    );
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.contains("without a Message-Authenticator"),
        "{}",
        r.stdout
    );
}

/// Security requirement 37 at the server: malformed datagrams (the codec's error vectors, and
/// one over 4096 octets) get no answer and do not stop it; a good request right after is
/// answered.
#[test]
fn req37_the_server_drops_malformed_packets_silently() {
    let (dir, _) = setup();
    let s = serve(dir.path());
    let sock = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    sock.set_read_timeout(Some(Duration::from_millis(300)))
        .unwrap();
    let to = format!("127.0.0.1:{}", s.port);
    let errors = include_str!("../../radius/tests/vectors/errors.txt");
    let mut sent = 0;
    for line in errors.lines().filter_map(|l| l.strip_prefix("hex: ")) {
        let bytes = hex::decode(line.split_whitespace().collect::<String>()).unwrap();
        sock.send_to(&bytes, &to).unwrap();
        sent += 1;
    }
    sock.send_to(&[1u8; 5000], &to).unwrap();
    assert!(sent >= 15);
    let mut buf = [0u8; 4096];
    assert!(sock.recv(&mut buf).is_err(), "no answer to any of them");
    sock.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    sock.send_to(&pap_request(77, [0x11; 16], "bob", PASSWORD), &to)
        .unwrap();
    let n = sock.recv(&mut buf).unwrap();
    assert_eq!(
        regain_radius::decode(&buf[..n]).unwrap().code,
        regain_radius::Code::AccessChallenge
    );
}

/// The user's policy tells the gateway their group: Filter-Id and Class on the Access-Accept.
#[test]
fn the_policy_s_reply_attributes_go_with_the_accept() {
    let (dir, seed) = setup();
    let data = dir.path();
    ok(
        data,
        &[
            "policy",
            "set",
            "Default",
            "radius.filter_id=vpn-staff",
            "radius.class=staff",
        ],
    );
    let r = support::cli::regain(
        data,
        &[
            "policy",
            "set",
            "Default",
            &format!("radius.class={}", "x".repeat(300)),
        ],
        None,
        &[],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("radius.class") && r.stderr.contains("253"),
        "{}",
        r.stderr
    );
    let s = serve(data);
    let (out, _) = radclient(&s, "auth", &password_request("bob", PASSWORD));
    let state = state_of(&out);
    let (out, _) = radclient(&s, "auth", &answer_request("bob", &totp(&seed, 0), &state));
    assert!(out.contains("Received Access-Accept"), "{out}");
    assert!(out.contains("Filter-Id = \"vpn-staff\""), "{out}");
    assert!(out.contains("Class = 0x7374616666"), "{out}");
}
