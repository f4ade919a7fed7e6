//! Duplicate detection (RFC 5080 §2.2.2, security requirement 34): a request is known by its
//! sender, identifier and Request Authenticator; while it is decided its retransmissions are
//! dropped, and afterwards they get the cached answer's octets for 30 seconds.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub(super) type Key = (SocketAddr, u8, [u8; 16]);

const KEPT: Duration = Duration::from_secs(30);

enum Entry {
    InFlight(Instant),
    Answered(Vec<u8>, Instant),
}

pub(super) enum Cached {
    New,
    InFlight,
    Answered(Vec<u8>),
}

#[derive(Default)]
pub(super) struct Replies(Mutex<HashMap<Key, Entry>>);

impl Replies {
    /// What is known of `key`; a new one is marked in flight.
    pub fn begin(&self, key: Key) -> Cached {
        let Ok(mut m) = self.0.lock() else {
            // A poisoned cache answers nothing twice: treat as a retransmission.
            return Cached::InFlight;
        };
        let now = Instant::now();
        m.retain(|_, e| match e {
            Entry::InFlight(since) | Entry::Answered(_, since) => now.duration_since(*since) < KEPT,
        });
        match m.get(&key) {
            Some(Entry::Answered(bytes, _)) => Cached::Answered(bytes.clone()),
            Some(Entry::InFlight(_)) => Cached::InFlight,
            None => {
                m.insert(key, Entry::InFlight(now));
                Cached::New
            }
        }
    }

    pub fn finish(&self, key: Key, bytes: Vec<u8>) {
        if let Ok(mut m) = self.0.lock() {
            m.insert(key, Entry::Answered(bytes, Instant::now()));
        }
    }

    pub fn forget(&self, key: Key) {
        if let Ok(mut m) = self.0.lock() {
            m.remove(&key);
        }
    }
}
