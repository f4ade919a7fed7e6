//! The protocol vectors (`tests/vectors/*.txt`, hex in, attributes out): packets captured from
//! radclient decode to what it sent, PAP passwords come back, Message-Authenticators are
//! judged as the client flags say; every malformed packet is refused with its named error.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use regain_radius::{
    AttributeType, ClientFlags, Code, DecodeError, Refusal, check_request, decode, recover_password,
};

const SECRET: &[u8] = b"testing123";

/// Blank-line separated blocks of `key: value` lines; `#` lines are comments.
fn blocks(text: &str) -> Vec<Vec<(String, String)>> {
    text.split("\n\n")
        .map(|b| {
            b.lines()
                .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
                .filter_map(|l| l.split_once(": "))
                .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
                .collect::<Vec<_>>()
        })
        .filter(|b| !b.is_empty())
        .collect()
}

fn get<'a>(b: &'a [(String, String)], key: &str) -> Option<&'a str> {
    b.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

fn bytes(hex: &str) -> Vec<u8> {
    hex::decode(hex.split_whitespace().collect::<String>()).unwrap()
}

fn verdict(r: Result<(), Refusal>) -> &'static str {
    match r {
        Ok(()) => "ok",
        Err(Refusal::MissingMessageAuthenticator) => "missing",
        Err(Refusal::WrongMessageAuthenticator) => "wrong",
        Err(Refusal::ProxyStateWithoutMessageAuthenticator) => "proxy-state",
        Err(Refusal::StatusServerWithoutMessageAuthenticator) => "status-server",
        Err(Refusal::NotARequest(_)) => "not-a-request",
    }
}

#[test]
fn requests_decode_to_what_the_client_sent() {
    let all = blocks(include_str!("vectors/requests.txt"));
    assert!(all.len() >= 8, "{} blocks", all.len());
    for b in &all {
        let name = get(b, "name").unwrap();
        let raw = bytes(get(b, "hex").unwrap());
        let p = decode(&raw).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            p.code.value().to_string(),
            get(b, "code").unwrap(),
            "{name}"
        );
        assert_eq!(p.identifier.to_string(), get(b, "id").unwrap(), "{name}");
        let expected: Vec<&str> = get(b, "attrs").unwrap().split_whitespace().collect();
        assert_eq!(
            p.attributes.len(),
            expected.len(),
            "{name}: {:?}",
            p.attributes
        );
        for (a, want) in p.attributes.iter().zip(&expected) {
            let (typ, value) = want.split_once('=').unwrap();
            let t = AttributeType::from_value(a.typ).unwrap();
            assert_eq!(t.name(), typ, "{name}");
            match value {
                "*" => {}
                v if v.starts_with("0x") => assert_eq!(a.value, bytes(&v[2..]), "{name}: {typ}"),
                v => assert_eq!(a.text(), Some(v), "{name}: {typ}"),
            }
        }
        if let Some(pw) = get(b, "password") {
            let hidden = &p.get(AttributeType::UserPassword).unwrap().value;
            let got = recover_password(hidden, SECRET, &p.authenticator).unwrap();
            assert_eq!(got.as_slice(), pw.as_bytes(), "{name}");
        }
        let lax = ClientFlags {
            require_message_authenticator: false,
            limit_proxy_state: true,
        };
        assert_eq!(
            verdict(check_request(&raw, &p, SECRET, ClientFlags::default())),
            get(b, "default").unwrap(),
            "{name}"
        );
        assert_eq!(
            verdict(check_request(&raw, &p, SECRET, lax)),
            get(b, "lax").unwrap(),
            "{name}"
        );
        // Re-encoding gives the octets back.
        assert_eq!(p.encode().unwrap(), raw, "{name}");
    }
}

fn error_name(e: DecodeError) -> &'static str {
    match e {
        DecodeError::TooShort(_) => "TooShort",
        DecodeError::TooLong(_) => "TooLong",
        DecodeError::BadLength { .. } => "BadLength",
        DecodeError::Truncated { .. } => "Truncated",
        DecodeError::UnknownCode(_) => "UnknownCode",
        DecodeError::AttributeOverrun { .. } => "AttributeOverrun",
        DecodeError::AttributeTooShort { .. } => "AttributeTooShort",
        DecodeError::BadValueLength { .. } => "BadValueLength",
        DecodeError::DuplicateMessageAuthenticator => "DuplicateMessageAuthenticator",
    }
}

#[test]
fn req37_malformed_packets_are_refused_with_their_reason() {
    let all = blocks(include_str!("vectors/errors.txt"));
    assert!(all.len() >= 15, "{} blocks", all.len());
    for b in &all {
        let name = get(b, "name").unwrap();
        let raw = bytes(get(b, "hex").unwrap());
        let got = decode(&raw).map(|_| ()).map_err(error_name);
        assert_eq!(got, Err(get(b, "error").unwrap()), "{name}");
    }
    // More than 4096 octets, and padding after the Length field (ignored, RFC 2865 §3).
    assert_eq!(
        decode(&[1u8; 4097]).map(|_| ()),
        Err(DecodeError::TooLong(4097))
    );
    let ok = bytes("0100001600000000000000000000000000000000 0103");
    let mut padded = bytes("0100001700000000000000000000000000000000 010362");
    padded.extend_from_slice(&[0xff; 40]);
    assert!(decode(&ok).is_err(), "User-Name needs a value");
    let p = decode(&padded).unwrap();
    assert_eq!(p.get(AttributeType::UserName).unwrap().text(), Some("b"));
    assert_eq!(p.code, Code::AccessRequest);
}

/// Every prefix of every vector, and every single-octet change of one: refused or decoded,
/// never a panic (the fuzz target does this at scale).
#[test]
fn req37_truncated_and_mutated_packets_never_panic() {
    let all = blocks(include_str!("vectors/requests.txt"));
    for b in &all {
        let raw = bytes(get(b, "hex").unwrap());
        for n in 0..raw.len() {
            let _ = decode(&raw[..n]);
        }
        for i in 0..raw.len() {
            for v in [0u8, 1, 2, 0x7f, 0xff] {
                let mut m = raw.clone();
                m[i] = v;
                if let Ok(p) = decode(&m) {
                    let _ = check_request(&m, &p, SECRET, ClientFlags::default());
                }
            }
        }
    }
}
