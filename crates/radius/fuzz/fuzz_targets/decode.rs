//! Any datagram: decoded or refused, never a panic; what decodes is checked as a request, and
//! a response to it is built and decoded again.
#![no_main]

use libfuzzer_sys::fuzz_target;
use regain_radius::{ClientFlags, Code, check_request, decode, recover_password, response};

fuzz_target!(|data: &[u8]| {
    let Ok(p) = decode(data) else {
        return;
    };
    let secret = b"fuzzing-secret";
    for flags in [
        ClientFlags::default(),
        ClientFlags {
            require_message_authenticator: false,
            limit_proxy_state: false,
        },
    ] {
        let _ = check_request(data, &p, secret, flags);
    }
    if let Some(pw) = p.get(regain_radius::AttributeType::UserPassword) {
        let _ = recover_password(&pw.value, secret, &p.authenticator);
    }
    if let Some(out) = response(Code::AccessReject, &p, &p.attributes, secret) {
        assert!(
            decode(&out).is_ok(),
            "a response the codec built does not decode"
        );
    }
});
