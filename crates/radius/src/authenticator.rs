//! Authenticators: the Message-Authenticator (HMAC-MD5, RFC 3579 §3.2) a request must carry
//! where the client's flags say so, and the responses Regain sends, each with a valid
//! Message-Authenticator as its first attribute and the Response Authenticator (MD5, RFC 2865
//! §3) over it. These are the BlastRADIUS mitigations: a forged response cannot be made to match
//! without the shared secret.

use crate::attribute::{Attribute, AttributeType};
use crate::code::Code;
use crate::packet::{MIN_PACKET, Packet};
use hmac::{Hmac, KeyInit, Mac};
use md5::{Digest, Md5};
use subtle::ConstantTimeEq;

/// What a client's configuration asks of its requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientFlags {
    /// Every request must carry a valid Message-Authenticator (default: on).
    pub require_message_authenticator: bool,
    /// With the requirement off: a request with Proxy-State but no Message-Authenticator is
    /// dropped (the BlastRADIUS attack rides on Proxy-State).
    pub limit_proxy_state: bool,
}

impl Default for ClientFlags {
    fn default() -> Self {
        ClientFlags {
            require_message_authenticator: true,
            limit_proxy_state: true,
        }
    }
}

/// Why a request is dropped before any work on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("the request has no Message-Authenticator and the client requires one")]
    MissingMessageAuthenticator,
    #[error(
        "the request's Message-Authenticator is wrong (a different shared secret, or a forgery)"
    )]
    WrongMessageAuthenticator,
    #[error("the request has Proxy-State without a Message-Authenticator (limit_proxy_state)")]
    ProxyStateWithoutMessageAuthenticator,
    #[error("Status-Server without a Message-Authenticator (RFC 5997 requires one)")]
    StatusServerWithoutMessageAuthenticator,
    #[error("a {0:?} is not a request")]
    NotARequest(Code),
}

type HmacMd5 = Hmac<Md5>;

/// HMAC-MD5 over `packet` with the Message-Authenticator's value zeroed and `authenticator` in
/// the header's authenticator field.
fn message_authenticator(
    packet: &[u8],
    ma_offset: usize,
    authenticator: &[u8; 16],
    secret: &[u8],
) -> [u8; 16] {
    let mut copy = packet.to_vec();
    copy[4..20].copy_from_slice(authenticator);
    copy[ma_offset..ma_offset + 16].fill(0);
    let Ok(mut mac) = <HmacMd5 as KeyInit>::new_from_slice(secret) else {
        // HMAC takes keys of any length; nothing to do but fail the comparison.
        return [0; 16];
    };
    mac.update(&copy);
    let mut out = [0u8; 16];
    out.copy_from_slice(&mac.finalize().into_bytes());
    out
}

/// Where in `raw` the Message-Authenticator's value starts, if the packet has one.
fn ma_value_offset(raw: &[u8]) -> Option<usize> {
    let len = usize::from(u16::from_be_bytes([*raw.get(2)?, *raw.get(3)?])).min(raw.len());
    let mut offset = MIN_PACKET;
    while offset + 2 <= len {
        let typ = raw[offset];
        let alen = usize::from(raw[offset + 1]);
        if alen < 2 {
            return None;
        }
        if typ == AttributeType::MessageAuthenticator.value() && alen == 18 {
            return Some(offset + 2);
        }
        offset += alen;
    }
    None
}

/// Checks a decoded request against its raw octets and the client's secret and flags: `Ok` when
/// it may be worked on. Where the Message-Authenticator sits does not matter (RFC 3579).
pub fn check_request(
    raw: &[u8],
    packet: &Packet,
    secret: &[u8],
    flags: ClientFlags,
) -> Result<(), Refusal> {
    if !packet.code.is_request() {
        return Err(Refusal::NotARequest(packet.code));
    }
    let header = usize::from(u16::from_be_bytes([raw[2], raw[3]]));
    let raw = &raw[..header.min(raw.len())];
    match ma_value_offset(raw) {
        Some(at) => {
            let expected = message_authenticator(raw, at, &packet.authenticator, secret);
            if bool::from(expected.ct_eq(&raw[at..at + 16])) {
                Ok(())
            } else {
                Err(Refusal::WrongMessageAuthenticator)
            }
        }
        None if packet.code == Code::StatusServer => {
            Err(Refusal::StatusServerWithoutMessageAuthenticator)
        }
        None if flags.require_message_authenticator => Err(Refusal::MissingMessageAuthenticator),
        None if flags.limit_proxy_state && packet.get(AttributeType::ProxyState).is_some() => {
            Err(Refusal::ProxyStateWithoutMessageAuthenticator)
        }
        None => Ok(()),
    }
}

/// `attributes` after a Message-Authenticator placed first (any among them left out: there is
/// exactly one, and it is first), encoded with `authenticator` in the header and the
/// Message-Authenticator computed over that. `None` if it would not fit into 4096 octets.
fn signed_first(
    code: Code,
    identifier: u8,
    authenticator: [u8; 16],
    attributes: impl Iterator<Item = Attribute>,
    secret: &[u8],
) -> Option<Vec<u8>> {
    let mut attrs = vec![Attribute::new(
        AttributeType::MessageAuthenticator,
        [0u8; 16],
    )];
    attrs.extend(attributes.filter(|a| !a.is(AttributeType::MessageAuthenticator)));
    let mut out = Packet {
        code,
        identifier,
        authenticator,
        attributes: attrs,
    }
    .encode()?;
    let at = MIN_PACKET + 2;
    let ma = message_authenticator(&out, at, &authenticator, secret);
    out[at..at + 16].copy_from_slice(&ma);
    Some(out)
}

/// The Response Authenticator of `packet` (RFC 2865 §3):
/// MD5(Code+ID+Length+RequestAuth+Attributes+Secret).
fn response_authenticator(
    packet: &[u8],
    request_authenticator: &[u8; 16],
    secret: &[u8],
) -> [u8; 16] {
    let mut md5 = Md5::new();
    md5.update(&packet[..4]);
    md5.update(request_authenticator);
    md5.update(&packet[MIN_PACKET..]);
    md5.update(secret);
    let mut out = [0u8; 16];
    out.copy_from_slice(&md5.finalize());
    out
}

/// The octets of a response to `request`: `code` (Accept, Reject or Challenge), the request's
/// identifier, a Message-Authenticator first (over the packet with the request's
/// authenticator in place), then `attributes`, then the request's Proxy-State attributes in
/// order (RFC 2865 §5.33), then the Response Authenticator over it all. `None` if it would not
/// fit into 4096 octets.
pub fn response(
    code: Code,
    request: &Packet,
    attributes: &[Attribute],
    secret: &[u8],
) -> Option<Vec<u8>> {
    let mut out = signed_first(
        code,
        request.identifier,
        request.authenticator,
        attributes
            .iter()
            .cloned()
            .chain(request.all(AttributeType::ProxyState).cloned()),
        secret,
    )?;
    let ra = response_authenticator(&out, &request.authenticator, secret);
    out[4..20].copy_from_slice(&ra);
    Some(out)
}

/// The octets of a request as a client sends it (for `regain radius test` and the tests): a
/// Message-Authenticator first, over the packet with its Request Authenticator. `None` if it
/// would not fit into 4096 octets.
pub fn request(
    code: Code,
    identifier: u8,
    authenticator: [u8; 16],
    attributes: &[Attribute],
    secret: &[u8],
) -> Option<Vec<u8>> {
    signed_first(
        code,
        identifier,
        authenticator,
        attributes.iter().cloned(),
        secret,
    )
}

/// What a client finds in a response (for `regain radius test`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResponseCheck {
    /// The Response Authenticator matches the request and the shared secret.
    pub authenticator_valid: bool,
    /// `None`: no Message-Authenticator; else whether it is valid.
    pub message_authenticator: Option<bool>,
    /// The Message-Authenticator is the first attribute (BlastRADIUS hardening).
    pub message_authenticator_first: bool,
}

/// Checks a response's authenticators against the request's authenticator and the secret.
pub fn check_response(
    raw: &[u8],
    request_authenticator: &[u8; 16],
    secret: &[u8],
) -> ResponseCheck {
    let header = raw
        .get(2..4)
        .map_or(0, |b| usize::from(u16::from_be_bytes([b[0], b[1]])))
        .min(raw.len());
    let raw = &raw[..header];
    if raw.len() < MIN_PACKET {
        return ResponseCheck {
            authenticator_valid: false,
            message_authenticator: None,
            message_authenticator_first: false,
        };
    }
    let authenticator_valid =
        bool::from(response_authenticator(raw, request_authenticator, secret).ct_eq(&raw[4..20]));
    let at = ma_value_offset(raw);
    let message_authenticator = at.map(|at| {
        let expected = message_authenticator(raw, at, request_authenticator, secret);
        bool::from(expected.ct_eq(&raw[at..at + 16]))
    });
    ResponseCheck {
        authenticator_valid,
        message_authenticator,
        message_authenticator_first: at == Some(MIN_PACKET + 2),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A client's request as it sends it: the Message-Authenticator (when asked) over the
    /// packet with its own Request Authenticator.
    pub(crate) fn signed_request(p: &Packet, secret: &[u8], with_ma: bool) -> Vec<u8> {
        let mut p = p.clone();
        if with_ma {
            p.attributes.push(Attribute::new(
                AttributeType::MessageAuthenticator,
                [0u8; 16],
            ));
        }
        let mut raw = p.encode().unwrap();
        if let Some(at) = ma_value_offset(&raw) {
            let ma = message_authenticator(&raw, at, &p.authenticator, secret);
            raw[at..at + 16].copy_from_slice(&ma);
        }
        raw
    }

    fn request() -> Packet {
        Packet {
            code: Code::AccessRequest,
            identifier: 7,
            authenticator: [9; 16],
            attributes: vec![Attribute::new(AttributeType::UserName, "bob")],
        }
    }

    #[test]
    fn req31_a_request_without_or_with_a_wrong_message_authenticator_is_refused() {
        let secret = b"a-shared-secret-of-some-length";
        let p = request();
        let good = signed_request(&p, secret, true);
        let decoded = crate::decode(&good).unwrap();
        assert_eq!(
            check_request(&good, &decoded, secret, ClientFlags::default()),
            Ok(())
        );
        // Another secret: wrong.
        assert_eq!(
            check_request(&good, &decoded, b"another-secret", ClientFlags::default()),
            Err(Refusal::WrongMessageAuthenticator)
        );
        // One flipped bit anywhere: wrong.
        let mut flipped = good.clone();
        flipped[22] ^= 1;
        let d = crate::decode(&flipped).unwrap();
        assert_eq!(
            check_request(&flipped, &d, secret, ClientFlags::default()),
            Err(Refusal::WrongMessageAuthenticator)
        );
        // Missing: refused by default, let through when the client's flag is off.
        let bare = signed_request(&p, secret, false);
        let d = crate::decode(&bare).unwrap();
        assert_eq!(
            check_request(&bare, &d, secret, ClientFlags::default()),
            Err(Refusal::MissingMessageAuthenticator)
        );
        let lax = ClientFlags {
            require_message_authenticator: false,
            limit_proxy_state: true,
        };
        assert_eq!(check_request(&bare, &d, secret, lax), Ok(()));
    }

    #[test]
    fn req31_the_message_authenticator_may_sit_anywhere() {
        let secret = b"s3cret-s3cret";
        let mut p = request();
        p.attributes.insert(
            0,
            Attribute::new(AttributeType::MessageAuthenticator, [0u8; 16]),
        );
        p.attributes
            .push(Attribute::new(AttributeType::NasPort, 5u32.to_be_bytes()));
        let mut raw = p.encode().unwrap();
        let at = ma_value_offset(&raw).unwrap();
        assert_eq!(at, MIN_PACKET + 2, "first");
        let ma = message_authenticator(&raw, at, &p.authenticator, secret);
        raw[at..at + 16].copy_from_slice(&ma);
        let d = crate::decode(&raw).unwrap();
        assert_eq!(
            check_request(&raw, &d, secret, ClientFlags::default()),
            Ok(())
        );
    }

    #[test]
    fn req32_proxy_state_without_a_message_authenticator_is_refused_when_limited() {
        let secret = b"s3cret-s3cret";
        let mut p = request();
        p.attributes
            .push(Attribute::new(AttributeType::ProxyState, "px1"));
        let raw = signed_request(&p, secret, false);
        let d = crate::decode(&raw).unwrap();
        let limited = ClientFlags {
            require_message_authenticator: false,
            limit_proxy_state: true,
        };
        assert_eq!(
            check_request(&raw, &d, secret, limited),
            Err(Refusal::ProxyStateWithoutMessageAuthenticator)
        );
        let open = ClientFlags {
            require_message_authenticator: false,
            limit_proxy_state: false,
        };
        assert_eq!(check_request(&raw, &d, secret, open), Ok(()));
    }

    #[test]
    fn status_server_needs_a_message_authenticator_whatever_the_flags() {
        let secret = b"s3cret-s3cret";
        let mut p = request();
        p.code = Code::StatusServer;
        p.attributes.clear();
        let raw = signed_request(&p, secret, false);
        let d = crate::decode(&raw).unwrap();
        let open = ClientFlags {
            require_message_authenticator: false,
            limit_proxy_state: false,
        };
        assert_eq!(
            check_request(&raw, &d, secret, open),
            Err(Refusal::StatusServerWithoutMessageAuthenticator)
        );
        let raw = signed_request(&p, secret, true);
        let d = crate::decode(&raw).unwrap();
        assert_eq!(check_request(&raw, &d, secret, open), Ok(()));
    }

    #[test]
    fn req30_every_response_starts_with_a_valid_message_authenticator() {
        let secret = b"s3cret-s3cret";
        let mut req = request();
        req.attributes
            .push(Attribute::new(AttributeType::ProxyState, "hop-1"));
        for code in [
            Code::AccessAccept,
            Code::AccessReject,
            Code::AccessChallenge,
        ] {
            let out = response(
                code,
                &req,
                &[
                    Attribute::new(AttributeType::ReplyMessage, "Enter the code"),
                    // A Message-Authenticator handed in is not a second one.
                    Attribute::new(AttributeType::MessageAuthenticator, [1u8; 16]),
                ],
                secret,
            )
            .unwrap();
            let d = crate::decode(&out).unwrap();
            assert_eq!(d.code, code);
            assert_eq!(d.identifier, req.identifier);
            assert!(
                d.attributes[0].is(AttributeType::MessageAuthenticator),
                "{d:?}"
            );
            assert_eq!(d.all(AttributeType::MessageAuthenticator).count(), 1);
            assert_eq!(d.get(AttributeType::ProxyState).unwrap().value, b"hop-1");
            // The client's checks: the Message-Authenticator with the request's authenticator,
            let ma = message_authenticator(&out, MIN_PACKET + 2, &req.authenticator, secret);
            assert_eq!(&out[MIN_PACKET + 2..MIN_PACKET + 18], &ma);
            assert_eq!(
                check_response(&out, &req.authenticator, secret),
                ResponseCheck {
                    authenticator_valid: true,
                    message_authenticator: Some(true),
                    message_authenticator_first: true,
                }
            );
            let other = check_response(&out, &req.authenticator, b"other");
            assert!(!other.authenticator_valid && other.message_authenticator == Some(false));
            // and the Response Authenticator.
            let mut md5 = Md5::new();
            md5.update(&out[..4]);
            md5.update(req.authenticator);
            md5.update(&out[MIN_PACKET..]);
            md5.update(secret);
            assert_eq!(&out[4..20], md5.finalize().as_slice());
        }
    }
}
