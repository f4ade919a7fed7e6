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

    /// `forwarded_for`: every `X-Forwarded-For` line of the request, in order. Proxies (HAProxy,
    /// some load balancers) may add their own line instead of appending to the last one, so the
    /// lines are one list: the client could have written the first lines itself.
    pub fn resolve(
        peer: Option<IpAddr>,
        forwarded_for: &[&str],
        trusted: &TrustedProxies,
    ) -> ClientAddr {
        let Some(peer) = peer else {
            return ClientAddr(None);
        };
        if !trusted.0.contains(&peer) {
            return ClientAddr(Some(peer));
        }
        // Walk from the nearest hop back past our own proxies; the first address that is not
        // one of them is the client. Everything to its left was written by the client or by
        // proxies we do not know, and is not believed.
        let mut nearest_trusted = peer;
        for hop in forwarded_for
            .iter()
            .rev()
            .flat_map(|line| line.rsplit(','))
            .map(str::trim)
        {
            match hop.parse::<IpAddr>() {
                Ok(ip) if trusted.0.contains(&ip) => nearest_trusted = ip,
                Ok(ip) => return ClientAddr(Some(ip)),
                // A hop we cannot read, added by (or passed on by) our nearest proxy: the best
                // we know is that proxy, never an address further left.
                Err(_) => break,
            }
        }
        ClientAddr(Some(nearest_trusted))
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
        // A line that is not text cannot be read as addresses; it is kept (as nonsense) so the
        // walk stops there instead of skipping to the lines the client wrote before it.
        let lines: Vec<&str> = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .map(|v| v.to_str().unwrap_or("?"))
            .collect();
        Ok(ClientAddr::resolve(
            peer,
            &lines,
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
        let direct = ClientAddr::resolve(Some(ip("203.0.113.9")), &["1.2.3.4"], &trusted);
        assert_eq!(direct.0, Some(ip("203.0.113.9")));
        let proxied =
            ClientAddr::resolve(Some(ip("10.0.0.1")), &["1.2.3.4, 198.51.100.7"], &trusted);
        assert_eq!(proxied.0, Some(ip("198.51.100.7")));
        let garbage = ClientAddr::resolve(Some(ip("10.0.0.1")), &["nonsense"], &trusted);
        assert_eq!(garbage.0, Some(ip("10.0.0.1")));
    }

    /// Security requirement 17, HAProxy style: each proxy adds its own header line. The client
    /// writes the first line itself (a spoofed address); the real client address is in the last
    /// line, and reading only the first line would believe the spoof.
    #[test]
    fn req17_every_forwarded_for_line_is_read_from_the_right() {
        let trusted = TrustedProxies(vec![ip("10.0.0.1"), ip("10.0.0.2")]);
        let peer = Some(ip("10.0.0.1"));
        let lines = ["6.6.6.6", "198.51.100.7"];
        assert_eq!(
            ClientAddr::resolve(peer, &lines, &trusted).0,
            Some(ip("198.51.100.7"))
        );
        // Two of our proxies, each with its own line; the client spoofs two hops before them.
        let lines = ["6.6.6.6, 7.7.7.7", "198.51.100.7", "10.0.0.2"];
        assert_eq!(
            ClientAddr::resolve(peer, &lines, &trusted).0,
            Some(ip("198.51.100.7"))
        );
        // A spoofed trusted address to the left of the client changes nothing.
        let lines = ["10.0.0.2", "198.51.100.7"];
        assert_eq!(
            ClientAddr::resolve(peer, &lines, &trusted).0,
            Some(ip("198.51.100.7"))
        );
        // An unreadable hop stops the walk at the nearest proxy: never an address left of it.
        let lines = ["6.6.6.6", "nonsense", "10.0.0.2"];
        assert_eq!(
            ClientAddr::resolve(peer, &lines, &trusted).0,
            Some(ip("10.0.0.2"))
        );
        // Only trusted hops: the nearest proxy's own address, not the client-written one.
        assert_eq!(
            ClientAddr::resolve(peer, &[], &trusted).0,
            Some(ip("10.0.0.1"))
        );
    }
}
