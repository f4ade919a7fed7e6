//! Loopback ports for the servers tests and benchmarks start.

/// A loopback port nobody listens on now (bound, then released for the server to take).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}
