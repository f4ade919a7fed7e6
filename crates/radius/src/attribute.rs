//! Attributes: type, value, and the length rules of the types Regain reads or writes, so a
//! value of the wrong size is refused at decoding instead of misread later.

/// The attribute types Regain knows by name (RFC 2865, 2869, 3162, 3579, 5176). `Prompt`
/// (RFC 2869: 0 No-Echo, 1 Echo) tells PAM not to echo the code typed at a challenge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttributeType {
    UserName,
    UserPassword,
    ChapPassword,
    NasIpAddress,
    NasPort,
    ServiceType,
    FilterId,
    ReplyMessage,
    State,
    Class,
    VendorSpecific,
    SessionTimeout,
    CalledStationId,
    CallingStationId,
    NasIdentifier,
    ProxyState,
    ChapChallenge,
    NasPortType,
    Prompt,
    EapMessage,
    MessageAuthenticator,
    NasIpv6Address,
    ErrorCause,
}

/// How long a value of a known type may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Size {
    Exactly(usize),
    Between(usize, usize),
    /// User-Password: 16 to 128 octets in steps of 16 (RFC 2865 §5.2).
    Password,
}

impl AttributeType {
    pub const ALL: [AttributeType; 23] = [
        AttributeType::UserName,
        AttributeType::UserPassword,
        AttributeType::ChapPassword,
        AttributeType::NasIpAddress,
        AttributeType::NasPort,
        AttributeType::ServiceType,
        AttributeType::FilterId,
        AttributeType::ReplyMessage,
        AttributeType::State,
        AttributeType::Class,
        AttributeType::VendorSpecific,
        AttributeType::SessionTimeout,
        AttributeType::CalledStationId,
        AttributeType::CallingStationId,
        AttributeType::NasIdentifier,
        AttributeType::ProxyState,
        AttributeType::ChapChallenge,
        AttributeType::NasPortType,
        AttributeType::Prompt,
        AttributeType::EapMessage,
        AttributeType::MessageAuthenticator,
        AttributeType::NasIpv6Address,
        AttributeType::ErrorCause,
    ];

    pub fn value(self) -> u8 {
        match self {
            AttributeType::UserName => 1,
            AttributeType::UserPassword => 2,
            AttributeType::ChapPassword => 3,
            AttributeType::NasIpAddress => 4,
            AttributeType::NasPort => 5,
            AttributeType::ServiceType => 6,
            AttributeType::FilterId => 11,
            AttributeType::ReplyMessage => 18,
            AttributeType::State => 24,
            AttributeType::Class => 25,
            AttributeType::VendorSpecific => 26,
            AttributeType::SessionTimeout => 27,
            AttributeType::CalledStationId => 30,
            AttributeType::CallingStationId => 31,
            AttributeType::NasIdentifier => 32,
            AttributeType::ProxyState => 33,
            AttributeType::ChapChallenge => 60,
            AttributeType::NasPortType => 61,
            AttributeType::Prompt => 76,
            AttributeType::EapMessage => 79,
            AttributeType::MessageAuthenticator => 80,
            AttributeType::NasIpv6Address => 95,
            AttributeType::ErrorCause => 101,
        }
    }

    pub fn from_value(v: u8) -> Option<AttributeType> {
        Self::ALL.into_iter().find(|t| t.value() == v)
    }

    /// The name as dictionaries (and radclient) write it.
    pub fn name(self) -> &'static str {
        match self {
            AttributeType::UserName => "User-Name",
            AttributeType::UserPassword => "User-Password",
            AttributeType::ChapPassword => "CHAP-Password",
            AttributeType::NasIpAddress => "NAS-IP-Address",
            AttributeType::NasPort => "NAS-Port",
            AttributeType::ServiceType => "Service-Type",
            AttributeType::FilterId => "Filter-Id",
            AttributeType::ReplyMessage => "Reply-Message",
            AttributeType::State => "State",
            AttributeType::Class => "Class",
            AttributeType::VendorSpecific => "Vendor-Specific",
            AttributeType::SessionTimeout => "Session-Timeout",
            AttributeType::CalledStationId => "Called-Station-Id",
            AttributeType::CallingStationId => "Calling-Station-Id",
            AttributeType::NasIdentifier => "NAS-Identifier",
            AttributeType::ProxyState => "Proxy-State",
            AttributeType::ChapChallenge => "CHAP-Challenge",
            AttributeType::NasPortType => "NAS-Port-Type",
            AttributeType::Prompt => "Prompt",
            AttributeType::EapMessage => "EAP-Message",
            AttributeType::MessageAuthenticator => "Message-Authenticator",
            AttributeType::NasIpv6Address => "NAS-IPv6-Address",
            AttributeType::ErrorCause => "Error-Cause",
        }
    }

    fn size(self) -> Size {
        match self {
            AttributeType::UserPassword => Size::Password,
            AttributeType::ChapPassword => Size::Exactly(17),
            AttributeType::NasIpAddress
            | AttributeType::NasPort
            | AttributeType::ServiceType
            | AttributeType::SessionTimeout
            | AttributeType::NasPortType
            | AttributeType::Prompt
            | AttributeType::ErrorCause => Size::Exactly(4),
            AttributeType::MessageAuthenticator => Size::Exactly(16),
            AttributeType::NasIpv6Address => Size::Exactly(16),
            // A vendor id and at least one octet of the vendor's own.
            AttributeType::VendorSpecific => Size::Between(5, 253),
            AttributeType::ChapChallenge => Size::Between(5, 253),
            _ => Size::Between(1, 253),
        }
    }

    /// Whether `len` octets are a valid value of this type.
    pub fn fits(self, len: usize) -> bool {
        match self.size() {
            Size::Exactly(n) => len == n,
            Size::Between(lo, hi) => (lo..=hi).contains(&len),
            Size::Password => (16..=128).contains(&len) && len.is_multiple_of(16),
        }
    }
}

/// One attribute: its type octet and its value (the length is the value's plus two).
#[derive(Clone, PartialEq, Eq)]
pub struct Attribute {
    pub typ: u8,
    pub value: Vec<u8>,
}

impl std::fmt::Debug for Attribute {
    /// The hidden password and the authenticator stay out of debug output.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let name = AttributeType::from_value(self.typ)
            .map_or_else(|| format!("Attr-{}", self.typ), |t| t.name().to_owned());
        match AttributeType::from_value(self.typ) {
            Some(AttributeType::UserPassword | AttributeType::ChapPassword) => {
                write!(f, "{name}(<{} octets>)", self.value.len())
            }
            _ => match std::str::from_utf8(&self.value) {
                Ok(s) if s.chars().all(|c| !c.is_control()) => write!(f, "{name}({s:?})"),
                _ => write!(f, "{name}(0x{})", hex_of(&self.value)),
            },
        }
    }
}

fn hex_of(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

impl Attribute {
    pub fn new(t: AttributeType, value: impl Into<Vec<u8>>) -> Attribute {
        Attribute {
            typ: t.value(),
            value: value.into(),
        }
    }

    pub fn is(&self, t: AttributeType) -> bool {
        self.typ == t.value()
    }

    /// The value as text, if it is UTF-8.
    pub fn text(&self) -> Option<&str> {
        std::str::from_utf8(&self.value).ok()
    }

    /// A 32-bit integer value (NAS-Port, Service-Type, ...).
    pub fn integer(&self) -> Option<u32> {
        <[u8; 4]>::try_from(self.value.as_slice())
            .ok()
            .map(u32::from_be_bytes)
    }
}
