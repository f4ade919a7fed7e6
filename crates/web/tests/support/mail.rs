//! The test mail server (Exim, `scripts/mail/exim`) as the tests see it: its settings from
//! `SMTP_*`, and the messages it delivered, read from its maildir and decoded.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use base64::Engine;
use std::path::PathBuf;
use std::time::Duration;

pub fn var(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        panic!("{name} is not set: run scripts/mail/exim start and source /tmp/regain-smtp/env.sh (scripts/test does this)")
    })
}

/// The plain port: a relay on this machine, no login.
pub fn plain() -> regain_notify::SmtpConfig {
    regain_notify::SmtpConfig {
        host: var("SMTP_HOST"),
        port: var("SMTP_PORT").parse().unwrap(),
        security: regain_notify::SmtpSecurity::None,
        username: None,
        password: None,
        from: "Regain <regain@example.org>".into(),
        ca_file: None,
        timeout: Duration::from_secs(10),
    }
}

/// For tests that send no email: a configuration that is never used.
pub fn plain_or_unused() -> regain_notify::SmtpConfig {
    regain_notify::SmtpConfig {
        host: "127.0.0.1".into(),
        port: 9,
        security: regain_notify::SmtpSecurity::None,
        username: None,
        password: None,
        from: "Regain <regain@example.org>".into(),
        ca_file: None,
        timeout: Duration::from_secs(1),
    }
}

/// A delivered message: who it went to (the envelope), its subject and text, decoded.
#[derive(Debug, Clone)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub body: String,
    pub raw: String,
}

/// RFC 2047 encoded words (`=?utf-8?q?...?=`, `=?utf-8?b?...?=`), as lettre writes them.
fn decode_words(s: &str) -> String {
    let mut out = String::new();
    let mut last_encoded = false;
    for (i, part) in s.split_whitespace().enumerate() {
        let decoded = part
            .strip_prefix("=?")
            .and_then(|p| p.strip_suffix("?="))
            .and_then(|p| {
                let mut it = p.splitn(3, '?');
                let (_, enc, text) = (it.next()?, it.next()?, it.next()?);
                match enc.to_ascii_lowercase().as_str() {
                    "b" => base64::engine::general_purpose::STANDARD
                        .decode(text)
                        .ok()
                        .and_then(|b| String::from_utf8(b).ok()),
                    "q" => Some(quoted_printable(&text.replace('_', " "))),
                    _ => None,
                }
            });
        // White space between two encoded words is not part of the text (RFC 2047, 6.2).
        if i > 0 && !(last_encoded && decoded.is_some()) {
            out.push(' ');
        }
        last_encoded = decoded.is_some();
        out.push_str(decoded.as_deref().unwrap_or(part));
    }
    out
}

fn quoted_printable(s: &str) -> String {
    let s = s.replace("=\r\n", "").replace("=\n", "");
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'='
            && i + 2 < b.len() + 1
            && let Some(h) = s.get(i + 1..i + 3)
            && let Ok(v) = u8::from_str_radix(h, 16)
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn parse(raw: &str) -> Mail {
    let (head, body) = raw.split_once("\n\n").unwrap_or((raw, ""));
    // Unfold continuation lines.
    let head = head.replace("\n\t", " ").replace("\n ", " ");
    let header = |name: &str| {
        head.lines()
            .find_map(|l| {
                l.split_once(':')
                    .filter(|(k, _)| k.eq_ignore_ascii_case(name))
                    .map(|(_, v)| v.trim().to_owned())
            })
            .unwrap_or_default()
    };
    let body = if header("Content-Transfer-Encoding").eq_ignore_ascii_case("quoted-printable") {
        quoted_printable(body)
    } else if header("Content-Transfer-Encoding").eq_ignore_ascii_case("base64") {
        String::from_utf8(
            base64::engine::general_purpose::STANDARD
                .decode(body.split_whitespace().collect::<String>())
                .unwrap_or_default(),
        )
        .unwrap_or_default()
    } else {
        body.to_owned()
    };
    Mail {
        to: header("Envelope-to"),
        subject: decode_words(&header("Subject")),
        body,
        raw: raw.to_owned(),
    }
}

pub fn maildir() -> PathBuf {
    PathBuf::from(var("SMTP_MAILDIR"))
}

/// Every message the server delivered to `to`.
pub fn delivered_to(to: &str) -> Vec<Mail> {
    delivered_in(&maildir(), to)
}

pub fn delivered_in(dir: &std::path::Path, to: &str) -> Vec<Mail> {
    let mut out = Vec::new();
    for sub in ["new", "cur"] {
        let Ok(entries) = std::fs::read_dir(dir.join(sub)) else {
            continue;
        };
        for e in entries.flatten() {
            let raw = std::fs::read_to_string(e.path())
                .unwrap_or_default()
                .replace("\r\n", "\n");
            let m = parse(&raw);
            if m.to.eq_ignore_ascii_case(to) {
                out.push(m);
            }
        }
    }
    out
}

/// Waits (bounded) until `n` messages to `to` were delivered, then a little longer so an
/// extra one would show; returns them all.
pub fn wait_for(to: &str, n: usize) -> Vec<Mail> {
    let until = std::time::Instant::now() + Duration::from_secs(30);
    while delivered_to(to).len() < n && std::time::Instant::now() < until {
        std::thread::sleep(Duration::from_millis(100));
    }
    std::thread::sleep(Duration::from_millis(300));
    delivered_to(to)
}

/// A tag for this run's addresses: the maildir holds every test's mail.
pub fn tag() -> String {
    format!(
        "{:x}",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
            & 0xffff_ffff_ffff
    )
}
