//! What a RADIUS client's configuration holds that the protocol decides: its address (one host
//! or a network), its shared secret's strength (security requirement 36), and a generator of
//! good secrets.

use std::net::IpAddr;

/// RFC 2865 sets no limit; gateways commonly take up to 64 octets, and so does Regain.
pub const MAX_SECRET: usize = 64;
/// At or below this many octets a secret is guessable offline from one captured exchange.
pub const WEAK_SECRET: usize = 12;
/// What `regain radius secret` prints.
pub const GENERATED_SECRET: usize = 32;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SecretError {
    #[error("the shared secret is empty")]
    Empty,
    #[error(
        "the shared secret has {0} octets; use at most 64 (regain radius secret prints a good one)"
    )]
    TooLong(usize),
}

/// Checks a shared secret: `Ok(true)` when it is weak (12 octets or fewer: warn the operator).
pub fn check_secret(secret: &[u8]) -> Result<bool, SecretError> {
    match secret.len() {
        0 => Err(SecretError::Empty),
        n if n > MAX_SECRET => Err(SecretError::TooLong(n)),
        n => Ok(n <= WEAK_SECRET),
    }
}

const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// A secret of [`GENERATED_SECRET`] letters and digits (about 190 bits), drawn without bias
/// from `random` (rejection sampling: octets of 248 or more are skipped). `None` if `random`
/// ran out before enough were drawn (ask again with more).
pub fn generate_secret(random: &[u8]) -> Option<String> {
    let limit = (256 / ALPHABET.len() * ALPHABET.len()) as u8;
    let s: String = random
        .iter()
        .filter(|b| **b < limit)
        .take(GENERATED_SECRET)
        .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
        .collect();
    (s.len() == GENERATED_SECRET).then_some(s)
}

/// One address or a network a client's requests come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddress {
    network: IpAddr,
    prefix: u8,
}

impl ClientAddress {
    /// `192.0.2.10`, `192.0.2.0/24`, `2001:db8::/32`.
    pub fn parse(raw: &str) -> Result<ClientAddress, String> {
        let raw = raw.trim();
        let bad = || {
            format!("{raw:?} is not an address or network: write it as 192.0.2.10 or 192.0.2.0/24")
        };
        let (ip, prefix) = match raw.split_once('/') {
            Some((ip, p)) => (ip, Some(p.parse::<u8>().map_err(|_| bad())?)),
            None => (raw, None),
        };
        let ip: IpAddr = ip.parse().map_err(|_| bad())?;
        let max = if ip.is_ipv4() { 32 } else { 128 };
        let prefix = prefix.unwrap_or(max);
        if prefix > max {
            return Err(bad());
        }
        let a = ClientAddress {
            network: ip,
            prefix,
        };
        if !a.contains(ip) || a.masked(ip) != ip {
            return Err(format!(
                "{raw:?} has host bits set: write the network as {}/{prefix}",
                a.masked(ip)
            ));
        }
        Ok(a)
    }

    fn masked(&self, ip: IpAddr) -> IpAddr {
        match ip {
            IpAddr::V4(v) => {
                let m = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                IpAddr::V4((u32::from(v) & m).into())
            }
            IpAddr::V6(v) => {
                let m = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                IpAddr::V6((u128::from(v) & m).into())
            }
        }
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        // An IPv4 client seen on an IPv6 socket arrives as ::ffff:a.b.c.d.
        let ip = match ip {
            IpAddr::V6(v) => v.to_ipv4_mapped().map_or(ip, IpAddr::V4),
            v4 => v4,
        };
        ip.is_ipv4() == self.network.is_ipv4() && self.masked(ip) == self.network
    }

    /// How specific it is: the longest prefix wins when networks overlap.
    pub fn prefix(&self) -> u8 {
        self.prefix
    }
}

impl std::fmt::Display for ClientAddress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.network, self.prefix)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn req36_secrets_up_to_64_octets_weak_at_12_or_fewer() {
        assert_eq!(check_secret(b""), Err(SecretError::Empty));
        assert_eq!(check_secret(b"testing123"), Ok(true));
        assert_eq!(check_secret(&[b'x'; 12]), Ok(true));
        assert_eq!(check_secret(&[b'x'; 13]), Ok(false));
        assert_eq!(check_secret(&[b'x'; 64]), Ok(false));
        assert_eq!(check_secret(&[b'x'; 65]), Err(SecretError::TooLong(65)));
    }

    #[test]
    fn req36_the_generator_draws_32_letters_and_digits_without_bias() {
        let random: Vec<u8> = (0..=255u8).cycle().take(512).collect();
        let s = generate_secret(&random).unwrap();
        assert_eq!(s.len(), GENERATED_SECRET);
        assert!(s.chars().all(|c| c.is_ascii_alphanumeric()));
        assert!(check_secret(s.as_bytes()) == Ok(false));
        // Octets past the last whole multiple of 62 are skipped, not folded onto the first.
        assert_eq!(generate_secret(&[255; 100]), None);
        let all: Vec<u8> = (0..248).collect();
        let counts = all.iter().fold([0u32; 62], |mut c, b| {
            c[usize::from(*b) % 62] += 1;
            c
        });
        assert!(counts.iter().all(|n| *n == 4));
    }

    #[test]
    fn addresses_and_networks() {
        let one = ClientAddress::parse("192.0.2.10").unwrap();
        assert!(one.contains("192.0.2.10".parse().unwrap()));
        assert!(!one.contains("192.0.2.11".parse().unwrap()));
        let net = ClientAddress::parse("10.1.0.0/16").unwrap();
        assert!(net.contains("10.1.200.3".parse().unwrap()));
        assert!(
            net.contains("::ffff:10.1.2.3".parse().unwrap()),
            "an IPv4 client on an IPv6 socket"
        );
        assert!(!net.contains("10.2.0.1".parse().unwrap()));
        let v6 = ClientAddress::parse("2001:db8::/32").unwrap();
        assert!(v6.contains("2001:db8:1::5".parse().unwrap()));
        assert!(!v6.contains("10.1.2.3".parse().unwrap()));
        assert!(
            ClientAddress::parse("10.1.2.3/16")
                .unwrap_err()
                .contains("10.1.0.0/16")
        );
        assert!(ClientAddress::parse("10.1.2.3/33").is_err());
        assert!(ClientAddress::parse("vpn.example.org").is_err());
    }
}
