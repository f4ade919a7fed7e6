//! Decoding and encoding packets. Every rule of RFC 2865 §3 and §5 a packet can break is a
//! [`DecodeError`]; the server drops such a packet without an answer (requirement 37).

use crate::attribute::{Attribute, AttributeType};
use crate::code::Code;

/// RFC 2865 §3: a packet is 20 to 4096 octets.
pub const MIN_PACKET: usize = 20;
pub const MAX_PACKET: usize = 4096;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("shorter than a RADIUS header ({0} octets)")]
    TooShort(usize),
    #[error("longer than 4096 octets ({0})")]
    TooLong(usize),
    #[error("the Length field ({header}) is not between 20 and 4096")]
    BadLength { header: usize },
    #[error("the Length field ({header}) is more than the datagram ({received} octets)")]
    Truncated { header: usize, received: usize },
    #[error("code {0} is not an access or Status-Server packet")]
    UnknownCode(u8),
    #[error("an attribute at offset {offset} runs past the packet's end")]
    AttributeOverrun { offset: usize },
    #[error("attribute {typ} at offset {offset} has length {len} (at least 3)")]
    AttributeTooShort { typ: u8, offset: usize, len: usize },
    #[error("attribute {typ} has a value of {len} octets, which its type does not allow")]
    BadValueLength { typ: u8, len: usize },
    #[error("more than one Message-Authenticator")]
    DuplicateMessageAuthenticator,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Packet {
    pub code: Code,
    pub identifier: u8,
    pub authenticator: [u8; 16],
    pub attributes: Vec<Attribute>,
}

impl Packet {
    /// The first attribute of type `t`.
    pub fn get(&self, t: AttributeType) -> Option<&Attribute> {
        self.attributes.iter().find(|a| a.is(t))
    }

    pub fn all(&self, t: AttributeType) -> impl Iterator<Item = &Attribute> {
        self.attributes.iter().filter(move |a| a.is(t))
    }

    /// The packet's octets (the Length field from the attributes). `None` if the attributes do
    /// not fit into 4096 octets or one is longer than 253.
    pub fn encode(&self) -> Option<Vec<u8>> {
        let mut out = Vec::with_capacity(MIN_PACKET + 64);
        out.push(self.code.value());
        out.push(self.identifier);
        out.extend_from_slice(&[0, 0]);
        out.extend_from_slice(&self.authenticator);
        for a in &self.attributes {
            if a.value.len() > 253 {
                return None;
            }
            out.push(a.typ);
            out.push(u8::try_from(a.value.len() + 2).ok()?);
            out.extend_from_slice(&a.value);
        }
        if out.len() > MAX_PACKET {
            return None;
        }
        let len = u16::try_from(out.len()).ok()?.to_be_bytes();
        out[2..4].copy_from_slice(&len);
        Some(out)
    }
}

/// Decodes one datagram. Octets past the Length field are padding and ignored (RFC 2865 §3).
pub fn decode(datagram: &[u8]) -> Result<Packet, DecodeError> {
    if datagram.len() > MAX_PACKET {
        return Err(DecodeError::TooLong(datagram.len()));
    }
    if datagram.len() < MIN_PACKET {
        return Err(DecodeError::TooShort(datagram.len()));
    }
    let header = usize::from(u16::from_be_bytes([datagram[2], datagram[3]]));
    if !(MIN_PACKET..=MAX_PACKET).contains(&header) {
        return Err(DecodeError::BadLength { header });
    }
    if header > datagram.len() {
        return Err(DecodeError::Truncated {
            header,
            received: datagram.len(),
        });
    }
    let code = Code::from_value(datagram[0]).ok_or(DecodeError::UnknownCode(datagram[0]))?;
    let mut authenticator = [0u8; 16];
    authenticator.copy_from_slice(&datagram[4..20]);
    let body = &datagram[..header];
    let mut attributes = Vec::new();
    let mut offset = MIN_PACKET;
    let mut authenticators = 0;
    while offset < header {
        if offset + 2 > header {
            return Err(DecodeError::AttributeOverrun { offset });
        }
        let typ = body[offset];
        let len = usize::from(body[offset + 1]);
        if len < 3 {
            return Err(DecodeError::AttributeTooShort { typ, offset, len });
        }
        if offset + len > header {
            return Err(DecodeError::AttributeOverrun { offset });
        }
        let value = &body[offset + 2..offset + len];
        if let Some(t) = AttributeType::from_value(typ) {
            if !t.fits(value.len()) {
                return Err(DecodeError::BadValueLength {
                    typ,
                    len: value.len(),
                });
            }
            if t == AttributeType::MessageAuthenticator {
                authenticators += 1;
                if authenticators > 1 {
                    return Err(DecodeError::DuplicateMessageAuthenticator);
                }
            }
        }
        attributes.push(Attribute {
            typ,
            value: value.to_vec(),
        });
        offset += len;
    }
    Ok(Packet {
        code,
        identifier: datagram[1],
        authenticator,
        attributes,
    })
}
