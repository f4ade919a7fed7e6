//! The codec's responses as an independent client judges them: radclient (FreeRADIUS 3.2, from
//! Debian's freeradius-utils) sends a request to a socket of this test, which answers with
//! [`regain_radius::response`]; radclient accepts an answer only when its Response
//! Authenticator and Message-Authenticator verify with the shared secret.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use regain_radius::{
    Attribute, AttributeType, ClientFlags, Code, check_request, decode, recover_password, response,
};
use std::io::Write;
use std::net::UdpSocket;
use std::process::{Command, Stdio};

const SECRET: &str = "Vpn-Gateway-Secret-2026";

fn radclient(port: u16, secret: &str, kind: &str, attrs: &str) -> String {
    let mut child = Command::new("radclient")
        .args(["-x", "-r", "1", "-t", "3"])
        .arg(format!("127.0.0.1:{port}"))
        .args([kind, secret])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!("radclient cannot be started ({e}): install Debian's freeradius-utils (scripts/test does)")
        });
    child
        .stdin
        .take()
        .unwrap()
        .write_all(attrs.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Answers one request with `answer(request)` signed with `secret`.
fn serve_one(
    secret: &'static str,
    answer: impl FnOnce(&regain_radius::Packet) -> (Code, Vec<Attribute>) + Send + 'static,
) -> (u16, std::thread::JoinHandle<Option<regain_radius::Packet>>) {
    let sock = UdpSocket::bind("127.0.0.1:0").unwrap();
    sock.set_read_timeout(Some(std::time::Duration::from_secs(5)))
        .unwrap();
    let port = sock.local_addr().unwrap().port();
    let h = std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        let (n, from) = sock.recv_from(&mut buf).ok()?;
        let raw = &buf[..n];
        let p = decode(raw).ok()?;
        check_request(raw, &p, secret.as_bytes(), ClientFlags::default()).ok()?;
        let (code, attrs) = answer(&p);
        let out = response(code, &p, &attrs, secret.as_bytes()).unwrap();
        sock.send_to(&out, from).unwrap();
        Some(p)
    });
    (port, h)
}

#[test]
fn req30_radclient_accepts_the_signed_responses() {
    for code in [
        Code::AccessAccept,
        Code::AccessReject,
        Code::AccessChallenge,
    ] {
        let (port, h) = serve_one(SECRET, move |req| {
            let pw = recover_password(
                &req.get(AttributeType::UserPassword).unwrap().value,
                SECRET.as_bytes(),
                &req.authenticator,
            )
            .unwrap();
            assert_eq!(pw.as_slice(), b"Correct-Horse-9");
            let mut attrs = vec![Attribute::new(
                AttributeType::ReplyMessage,
                "Enter your code",
            )];
            if code == Code::AccessChallenge {
                attrs.push(Attribute::new(AttributeType::State, [7u8; 16]));
            }
            (code, attrs)
        });
        let out = radclient(
            port,
            SECRET,
            "auth",
            "User-Name = \"bob\", User-Password = \"Correct-Horse-9\", Message-Authenticator = 0x00\n",
        );
        let name = match code {
            Code::AccessAccept => "Access-Accept",
            Code::AccessReject => "Access-Reject",
            _ => "Access-Challenge",
        };
        assert!(out.contains(&format!("Received {name}")), "{out}");
        assert!(out.contains("Enter your code"), "{out}");
        assert!(h.join().unwrap().is_some());
    }
}

#[test]
fn radclient_refuses_a_response_signed_with_another_secret() {
    let (port, h) = serve_one("Not-The-Gateways-Secret", |_| {
        (Code::AccessAccept, Vec::new())
    });
    // The request carries the gateway's secret, which the server does not share: dropped.
    let out = radclient(
        port,
        SECRET,
        "auth",
        "User-Name = \"bob\", User-Password = \"x\", Message-Authenticator = 0x00\n",
    );
    assert!(!out.contains("Received Access-Accept"), "{out}");
    assert!(h.join().unwrap().is_none(), "the request was dropped");
}

#[test]
fn status_server_is_answered() {
    let (port, h) = serve_one(SECRET, |req| {
        assert_eq!(req.code, Code::StatusServer);
        (Code::AccessAccept, Vec::new())
    });
    let out = radclient(port, SECRET, "status", "Message-Authenticator = 0x00\n");
    assert!(out.contains("Received Access-Accept"), "{out}");
    assert!(h.join().unwrap().is_some());
}

/// radclient does check what it receives: the same response with one octet of its
/// Message-Authenticator changed is thrown away.
#[test]
fn radclient_throws_away_a_tampered_response() {
    let sock = UdpSocket::bind("127.0.0.1:0").unwrap();
    sock.set_read_timeout(Some(std::time::Duration::from_secs(5)))
        .unwrap();
    let port = sock.local_addr().unwrap().port();
    let h = std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        let (n, from) = sock.recv_from(&mut buf).unwrap();
        let p = decode(&buf[..n]).unwrap();
        let mut out = response(Code::AccessAccept, &p, &[], SECRET.as_bytes()).unwrap();
        out[25] ^= 0x40;
        sock.send_to(&out, from).unwrap();
    });
    let out = radclient(
        port,
        SECRET,
        "auth",
        "User-Name = \"bob\", User-Password = \"x\", Message-Authenticator = 0x00\n",
    );
    assert!(!out.contains("Received Access-Accept"), "{out}");
    h.join().unwrap();
}

/// Security requirement 36: a secret of 64 octets works end to end.
#[test]
fn req36_a_64_octet_secret_works_with_radclient() {
    const LONG: &str = "k9Vq2Lm8Xr4Tz7Bn1Hw6Pd3Fs5Jc0GaYe8Ru2Ki7Oq4Nx1Mb9Vt3Lp6Zs5Dh0Wg7";
    assert_eq!(LONG.len(), 64);
    let (port, h) = serve_one(LONG, |_| (Code::AccessAccept, Vec::new()));
    let out = radclient(
        port,
        LONG,
        "auth",
        "User-Name = \"bob\", User-Password = \"x\", Message-Authenticator = 0x00\n",
    );
    assert!(out.contains("Received Access-Accept"), "{out}");
    assert!(h.join().unwrap().is_some());
}
