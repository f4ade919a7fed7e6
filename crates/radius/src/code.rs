//! Packet codes Regain speaks. Accounting is not offered: a gateway sending it gets nothing.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    AccessRequest,
    AccessAccept,
    AccessReject,
    AccessChallenge,
    /// RFC 5997: a client asking whether the server is alive; answered with Access-Accept.
    StatusServer,
}

impl Code {
    pub fn value(self) -> u8 {
        match self {
            Code::AccessRequest => 1,
            Code::AccessAccept => 2,
            Code::AccessReject => 3,
            Code::AccessChallenge => 11,
            Code::StatusServer => 12,
        }
    }

    pub fn from_value(v: u8) -> Option<Code> {
        match v {
            1 => Some(Code::AccessRequest),
            2 => Some(Code::AccessAccept),
            3 => Some(Code::AccessReject),
            11 => Some(Code::AccessChallenge),
            12 => Some(Code::StatusServer),
            _ => None,
        }
    }

    /// What a server receives (the others it only sends).
    pub fn is_request(self) -> bool {
        matches!(self, Code::AccessRequest | Code::StatusServer)
    }
}
