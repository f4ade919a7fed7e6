//! PAP's User-Password (RFC 2865 §5.2): the password XORed with a chain of MD5 digests of the
//! shared secret and the Request Authenticator. Recovered passwords are wiped when dropped.

use md5::{Digest, Md5};
use zeroize::Zeroizing;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PapError {
    #[error("User-Password is not 16 to 128 octets in steps of 16")]
    BadLength,
    #[error("the password is longer than 128 octets")]
    TooLong,
}

fn keystream_block(secret: &[u8], previous: &[u8]) -> [u8; 16] {
    let mut h = Md5::new();
    h.update(secret);
    h.update(previous);
    let mut out = [0u8; 16];
    out.copy_from_slice(&h.finalize());
    out
}

/// The User-Password value a client sends for `password`.
pub fn hide_password(
    password: &[u8],
    secret: &[u8],
    authenticator: &[u8; 16],
) -> Result<Vec<u8>, PapError> {
    if password.len() > 128 {
        return Err(PapError::TooLong);
    }
    let padded_len = password.len().div_ceil(16).max(1) * 16;
    let mut out = Vec::with_capacity(padded_len);
    let mut previous: Vec<u8> = authenticator.to_vec();
    for chunk in 0..padded_len / 16 {
        let b = keystream_block(secret, &previous);
        let start = out.len();
        for (i, k) in b.iter().enumerate() {
            let p = password.get(chunk * 16 + i).copied().unwrap_or(0);
            out.push(p ^ k);
        }
        previous = out[start..].to_vec();
    }
    Ok(out)
}

/// The password in a User-Password value (trailing NUL padding removed).
pub fn recover_password(
    hidden: &[u8],
    secret: &[u8],
    authenticator: &[u8; 16],
) -> Result<Zeroizing<Vec<u8>>, PapError> {
    if hidden.is_empty() || hidden.len() > 128 || !hidden.len().is_multiple_of(16) {
        return Err(PapError::BadLength);
    }
    let mut out = Zeroizing::new(Vec::with_capacity(hidden.len()));
    let mut previous: &[u8] = authenticator;
    for c in hidden.chunks(16) {
        let b = keystream_block(secret, previous);
        out.extend(c.iter().zip(b).map(|(x, k)| x ^ k));
        previous = c;
    }
    while out.last() == Some(&0) {
        out.pop();
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_round_trip_at_every_length() {
        let secret = b"xyzzy5461";
        let ra = [0x0f; 16];
        for n in [1usize, 15, 16, 17, 31, 32, 64, 128] {
            let pw: Vec<u8> = (0..n).map(|i| b'a' + (i % 26) as u8).collect();
            let hidden = hide_password(&pw, secret, &ra).unwrap();
            assert_eq!(hidden.len(), n.div_ceil(16) * 16);
            assert_ne!(&hidden[..n.min(16)], &pw[..n.min(16)]);
            assert_eq!(
                recover_password(&hidden, secret, &ra).unwrap().as_slice(),
                pw.as_slice()
            );
        }
        assert_eq!(
            hide_password(&[b'x'; 129], secret, &ra),
            Err(PapError::TooLong)
        );
        assert_eq!(
            recover_password(&[0; 15], secret, &ra),
            Err(PapError::BadLength)
        );
    }

    /// RFC 2865 §7.1's example: "arctangent" with secret "xyzzy5461" and this authenticator.
    #[test]
    fn the_rfc_example_recovers() {
        let ra: [u8; 16] = [
            0x0f, 0x40, 0x3f, 0x94, 0x73, 0x97, 0x80, 0x57, 0xbd, 0x83, 0xd5, 0xcb, 0x98, 0xf4,
            0x22, 0x7a,
        ];
        let hidden: [u8; 16] = [
            0x0d, 0xbe, 0x70, 0x8d, 0x93, 0xd4, 0x13, 0xce, 0x31, 0x96, 0xe4, 0x3f, 0x78, 0x2a,
            0x0a, 0xee,
        ];
        assert_eq!(
            recover_password(&hidden, b"xyzzy5461", &ra)
                .unwrap()
                .as_slice(),
            b"arctangent"
        );
    }
}
