//! The client's address for audit records and rate limits. `X-Forwarded-For` is believed only
//! when the direct peer is a configured proxy, so a client cannot claim another address.

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};

#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(pub Vec<IpAddr>);

/// The best-known client address, or `None` in tests without a socket.
#[derive(Debug, Clone)]
pub struct ClientAddr(pub Option<IpAddr>);

impl ClientAddr {
    pub fn render(&self) -> Option<String> {
        self.0.map(|ip| ip.to_string())
    }

    pub fn resolve(
        peer: Option<IpAddr>,
        forwarded_for: Option<&str>,
        trusted: &TrustedProxies,
    ) -> ClientAddr {
        let Some(peer) = peer else {
            return ClientAddr(None);
        };
        if !trusted.0.contains(&peer) {
            return ClientAddr(Some(peer));
        }
        // Walk from the nearest hop back; the first address that is not one of our proxies is
        // the client.
        let hops: Vec<IpAddr> = forwarded_for
            .unwrap_or("")
            .split(',')
            .filter_map(|h| h.trim().parse().ok())
            .collect();
        let client = hops
            .iter()
            .rev()
            .find(|ip| !trusted.0.contains(ip))
            .copied();
        ClientAddr(Some(client.unwrap_or(peer)))
    }
}

impl FromRequestParts<crate::AppState> for ClientAddr {
    type Rejection = Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &crate::AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip());
        let xff = parts
            .headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok());
        Ok(ClientAddr::resolve(
            peer,
            xff,
            &state.config.trusted_proxies,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    /// Security requirement 17: a spoofed X-Forwarded-For from an untrusted peer is ignored.
    #[test]
    fn req17_forwarded_for_only_from_trusted_proxies() {
        let trusted = TrustedProxies(vec![ip("10.0.0.1")]);
        let direct = ClientAddr::resolve(Some(ip("203.0.113.9")), Some("1.2.3.4"), &trusted);
        assert_eq!(direct.0, Some(ip("203.0.113.9")));
        let proxied = ClientAddr::resolve(
            Some(ip("10.0.0.1")),
            Some("1.2.3.4, 198.51.100.7"),
            &trusted,
        );
        assert_eq!(proxied.0, Some(ip("198.51.100.7")));
        let garbage = ClientAddr::resolve(Some(ip("10.0.0.1")), Some("nonsense"), &trusted);
        assert_eq!(garbage.0, Some(ip("10.0.0.1")));
    }
}
