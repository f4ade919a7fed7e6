//! `regain radius test`: a gateway's side of the exchange, step by step, for operators setting
//! one up: what was sent, what came back and how long it took, whether its authenticators
//! verify (and the Message-Authenticator is first), the Reply-Message, and the next answer.

use crate::Failure;
use regain_radius::{Attribute, AttributeType, Code, check_response, decode, hide_password};
use std::io::BufRead;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

pub struct Test {
    pub server: SocketAddr,
    pub user: String,
    pub secret: Vec<u8>,
    pub message_authenticator: bool,
    pub timeout: Duration,
}

fn code_name(c: Code) -> &'static str {
    match c {
        Code::AccessRequest => "Access-Request",
        Code::AccessAccept => "Access-Accept",
        Code::AccessReject => "Access-Reject",
        Code::AccessChallenge => "Access-Challenge",
        Code::StatusServer => "Status-Server",
    }
}

fn bad(msg: impl Into<String>) -> Failure {
    Failure::Input(msg.into())
}

/// Runs the exchange; `Ok(true)` when it ended in Access-Accept.
pub async fn run(t: Test) -> Result<bool, Failure> {
    let mut lines = std::io::stdin().lock().lines();
    let mut next = || {
        lines
            .next()
            .transpose()
            .map_err(|e| bad(format!("standard input: {e}")))
    };
    let Some(password) = next()? else {
        return Err(bad("give the password on the first line of standard input"));
    };
    let sock = tokio::net::UdpSocket::bind(if t.server.is_ipv4() {
        "0.0.0.0:0"
    } else {
        "[::]:0"
    })
    .await
    .map_err(|e| Failure::Runtime(e.into()))?;
    let mut state: Option<Vec<u8>> = None;
    let mut answer = password;
    for round in 1..=6u8 {
        let authenticator: [u8; 16] = regain_crypto::random_bytes()
            .map_err(|e| Failure::Runtime(anyhow::anyhow!("no randomness: {e}")))?;
        let hidden = hide_password(answer.as_bytes(), &t.secret, &authenticator)
            .map_err(|e| bad(format!("the password or answer: {e}")))?;
        let mut attrs = vec![
            Attribute::new(AttributeType::UserName, t.user.as_bytes()),
            Attribute::new(AttributeType::UserPassword, hidden),
            Attribute::new(AttributeType::NasIdentifier, "regain-radius-test"),
        ];
        if let Some(s) = &state {
            attrs.push(Attribute::new(AttributeType::State, s.clone()));
        }
        let packet = if t.message_authenticator {
            regain_radius::request(Code::AccessRequest, round, authenticator, &attrs, &t.secret)
        } else {
            regain_radius::Packet {
                code: Code::AccessRequest,
                identifier: round,
                authenticator,
                attributes: attrs,
            }
            .encode()
        }
        .ok_or_else(|| bad("the request does not fit into a RADIUS packet"))?;
        println!(
            "sent      Access-Request {round} to {} (User-Name {}, PAP{}{})",
            t.server,
            t.user,
            if state.is_some() { ", State" } else { "" },
            if t.message_authenticator {
                ", Message-Authenticator"
            } else {
                ""
            }
        );
        let sent = Instant::now();
        sock.send_to(&packet, t.server)
            .await
            .map_err(|e| Failure::Runtime(e.into()))?;
        let mut buf = vec![0u8; 4096];
        let n = match tokio::time::timeout(t.timeout, sock.recv(&mut buf)).await {
            Ok(Ok(n)) => n,
            Ok(Err(e)) => return Err(Failure::Runtime(e.into())),
            Err(_) => {
                println!(
                    "no answer within {} s: check that this machine's address is a client of the server, the shared secret, and (for Regain) that the client may send requests {} a Message-Authenticator",
                    t.timeout.as_secs(),
                    if t.message_authenticator {
                        "with"
                    } else {
                        "without"
                    }
                );
                return Ok(false);
            }
        };
        let raw = &buf[..n];
        let took = sent.elapsed();
        let reply = match decode(raw) {
            Ok(p) => p,
            Err(e) => {
                println!("received  a malformed answer ({e})");
                return Ok(false);
            }
        };
        println!(
            "received  {} in {} ms",
            code_name(reply.code),
            took.as_millis()
        );
        let check = check_response(raw, &authenticator, &t.secret);
        println!(
            "          Response Authenticator: {}",
            if check.authenticator_valid {
                "valid"
            } else {
                "WRONG (another shared secret?)"
            }
        );
        println!(
            "          Message-Authenticator: {}",
            match (
                check.message_authenticator,
                check.message_authenticator_first
            ) {
                (None, _) => "missing (a server open to BlastRADIUS)",
                (Some(false), _) => "WRONG",
                (Some(true), true) => "valid, first attribute",
                (Some(true), false) => "valid, not first",
            }
        );
        for m in reply.all(AttributeType::ReplyMessage) {
            println!(
                "          Reply-Message: {}",
                m.text().unwrap_or("(not text)")
            );
        }
        match reply.code {
            Code::AccessAccept => return Ok(true),
            Code::AccessChallenge => {
                state = reply.get(AttributeType::State).map(|a| a.value.clone());
                if state.is_none() {
                    println!("          the challenge has no State: a client cannot answer it");
                    return Ok(false);
                }
                let Some(line) = next()? else {
                    println!("          (no answer on standard input: stopping)");
                    return Ok(false);
                };
                println!("answering the challenge with the next line of standard input");
                answer = line;
            }
            _ => return Ok(false),
        }
    }
    println!("stopping after six rounds");
    Ok(false)
}
