//! Small helpers every benchmark of this crate uses.

use regain_core::time::Timestamp;

#[path = "../../tests/support/ports.rs"]
mod ports;
pub use ports::free_port;

/// The environment variable `name` as a number, or `default`.
pub fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

pub fn now() -> Timestamp {
    Timestamp::from_millis(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis() as i64,
    )
}

/// `s` as an SQL string literal.
pub fn sql_text(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// `bytes` as a blob literal in each engine's syntax.
pub fn blob(pg: bool, bytes: &[u8]) -> String {
    if pg {
        format!("decode('{}', 'hex')", hex::encode(bytes))
    } else {
        format!("X'{}'", hex::encode(bytes))
    }
}
