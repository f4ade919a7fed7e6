//! RADIUS/TLS (RFC 6614, security requirement 38) with radsecproxy (Debian) as the client: a
//! gateway speaks plain RADIUS to radsecproxy, which carries it over mutually authenticated TLS
//! to Regain. The password, the challenge and the TOTP answer all travel that way; a TLS client
//! without a certificate from the clients' CA is refused at the handshake.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use support::free_port;
use support::radius::{PASSWORD, setup, totp};

struct Proxy(Child);

impl Drop for Proxy {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl")
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A CA, the server's certificate (for 127.0.0.1) and a client certificate, in `dir`.
fn certificates(dir: &Path) {
    openssl(
        dir,
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=Regain test RADIUS CA",
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
        ],
    );
    std::fs::write(
        dir.join("server.ext"),
        "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n",
    )
    .unwrap();
    std::fs::write(dir.join("client.ext"), "subjectAltName=DNS:vpn-gateway.test\nbasicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n").unwrap();
    for who in ["server", "client"] {
        openssl(
            dir,
            &[
                "req",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-subj",
                &format!("/CN={who}"),
                "-keyout",
                &format!("{who}.key"),
                "-out",
                &format!("{who}.csr"),
            ],
        );
        openssl(
            dir,
            &[
                "x509",
                "-req",
                "-in",
                &format!("{who}.csr"),
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-days",
                "2",
                "-extfile",
                &format!("{who}.ext"),
                "-out",
                &format!("{who}.pem"),
            ],
        );
    }
}

#[test]
fn req38_a_sign_in_over_radius_tls_through_radsecproxy() {
    let (dir, seed) = setup();
    let data = dir.path();
    let certs = tempfile::tempdir().unwrap();
    certificates(certs.path());
    let tls_port = free_port();
    let s = support::radius::serve(
        data,
        &format!(
            "workflow = \"remote_access\"\n\n[radius.tls]\nlisten = \"127.0.0.1:{tls_port}\"\ncert_file = {:?}\nkey_file = {:?}\nclient_ca_file = {:?}\n",
            certs.path().join("server.pem"),
            certs.path().join("server.key"),
            certs.path().join("ca.pem"),
        ),
    );
    let udp_port = std::net::UdpSocket::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let conf = certs.path().join("radsecproxy.conf");
    std::fs::write(
        &conf,
        format!(
            "ListenUDP 127.0.0.1:{udp_port}\nLogLevel 3\nLogDestination file://{}\n\n\
             client gateway {{\n    host 127.0.0.1\n    type udp\n    secret testing123\n}}\n\n\
             tls regain {{\n    CACertificateFile {c}/ca.pem\n    CertificateFile {c}/client.pem\n    CertificateKeyFile {c}/client.key\n}}\n\n\
             server regain {{\n    host 127.0.0.1\n    port {tls_port}\n    type tls\n    tls regain\n    CertificateNameCheck off\n}}\n\n\
             realm * {{\n    server regain\n}}\n",
            certs.path().join("radsecproxy.log").display(),
            c = certs.path().display(),
        ),
    )
    .unwrap();
    let _proxy = Proxy(
        Command::new("radsecproxy")
            .args(["-f", "-c"])
            .arg(&conf)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("radsecproxy cannot be started ({e}): apt-get install radsecproxy (scripts/test does)")),
    );
    let to = format!("127.0.0.1:{udp_port}");
    let radclient =
        |attrs: String| support::radius::radclient_at(&to, "testing123", "auth", &attrs, 3, 3).0;
    // radsecproxy connects when the first request comes; give the proxy a moment to start.
    let until = Instant::now() + Duration::from_secs(20);
    let out = loop {
        let out = radclient(format!(
            "User-Name = \"bob\", User-Password = \"{PASSWORD}\", Message-Authenticator = 0x00\n"
        ));
        if out.contains("Received") || Instant::now() > until {
            break out;
        }
    };
    assert!(
        out.contains("Received Access-Challenge"),
        "{out}\n{}",
        std::fs::read_to_string(certs.path().join("radsecproxy.log")).unwrap_or_default()
    );
    let state = support::radius::state_of(&out);
    let out = radclient(format!(
        "User-Name = \"bob\", User-Password = \"{}\", State = {state}, Message-Authenticator = 0x00\n",
        totp(&seed, 0)
    ));
    assert!(out.contains("Received Access-Accept"), "{out}");
    // Without a client certificate the handshake is refused. (TLS 1.2, where the refusal ends
    // the handshake itself; with TLS 1.3 it comes after the client's last handshake message,
    // which s_client may not wait for.)
    let refused = Command::new("openssl")
        .args(["s_client", "-tls1_2", "-connect"])
        .arg(format!("127.0.0.1:{tls_port}"))
        .arg("-CAfile")
        .arg(certs.path().join("ca.pem"))
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&refused.stdout),
        String::from_utf8_lossy(&refused.stderr)
    );
    assert!(!refused.status.success(), "refused: {text}");
    assert!(text.contains("alert"), "{text}");
    // The same with the client's certificate: accepted (so the refusal was the certificate's).
    let accepted = Command::new("openssl")
        .args(["s_client", "-tls1_2", "-connect"])
        .arg(format!("127.0.0.1:{tls_port}"))
        .arg("-CAfile")
        .arg(certs.path().join("ca.pem"))
        .arg("-cert")
        .arg(certs.path().join("client.pem"))
        .arg("-key")
        .arg(certs.path().join("client.key"))
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(
        accepted.status.success(),
        "{}{}",
        String::from_utf8_lossy(&accepted.stdout),
        String::from_utf8_lossy(&accepted.stderr)
    );
    drop(s);
}
