//! RADIUS for VPN gateways and workstations (issue 18): [`server`], the UDP front end on the
//! core services, over a pure codec with no I/O (every other module). The codec decodes access
//! packets (RFC 2865), Status-Server (RFC 5997) and their Message-Authenticator (RFC 3579),
//! refuses every malformed packet with a typed reason instead of panicking (security requirement
//! 37), checks a request's Message-Authenticator as the client's flags demand (requirements 31
//! and 32) and builds responses whose first attribute is a valid Message-Authenticator
//! (requirement 30). PAP passwords are hidden and recovered as RFC 2865 §5.2 says.

mod attribute;
mod authenticator;
mod clients;
mod code;
mod packet;
mod pap;
pub mod server;

pub use attribute::{Attribute, AttributeType};
pub use authenticator::{
    ClientFlags, Refusal, ResponseCheck, check_request, check_response, request, response,
};
pub use clients::{
    ClientAddress, GENERATED_SECRET, MAX_SECRET, SecretError, WEAK_SECRET, check_secret,
    generate_secret,
};
pub use code::Code;
pub use packet::{DecodeError, MAX_PACKET, MIN_PACKET, Packet, decode};
pub use pap::{PapError, hide_password, recover_password};
