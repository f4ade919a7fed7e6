//! Duplicate detection (RFC 5080 §2.2.2, security requirement 34): a request is known by its
//! sender, identifier and Request Authenticator; while it is decided its retransmissions are
//! dropped, and afterwards they get the cached answer's octets for 30 seconds.

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub(super) type Key = (SocketAddr, u8, [u8; 16]);

const KEPT: Duration = Duration::from_secs(30);

/// More remembered requests than this and the oldest are forgotten early: memory stays bounded
/// under a flood (a forgotten one is decided again if it comes back, which every later check
/// refuses: its State was used, its code consumed).
const MAX_KEPT: usize = 500_000;

enum Entry {
    InFlight(Instant),
    Answered(Vec<u8>, Instant),
}

impl Entry {
    fn since(&self) -> Instant {
        match self {
            Entry::InFlight(t) | Entry::Answered(_, t) => *t,
        }
    }
}

pub(super) enum Cached {
    New,
    InFlight,
    Answered(Vec<u8>),
}

/// The entries, and their keys in the order they were written, so that forgetting the expired
/// ones costs only those (a scan of the whole map on every request made the cache quadratic
/// under load).
#[derive(Default)]
struct Kept {
    entries: HashMap<Key, Entry>,
    order: VecDeque<(Instant, Key)>,
}

impl Kept {
    fn put(&mut self, key: Key, e: Entry) {
        self.order.push_back((e.since(), key));
        self.entries.insert(key, e);
    }

    fn forget_old(&mut self, now: Instant) {
        while let Some((since, key)) = self.order.front().copied() {
            if now.duration_since(since) < KEPT && self.order.len() <= MAX_KEPT {
                break;
            }
            self.order.pop_front();
            // A key written again later has a newer entry: only the entry of this time goes.
            if self.entries.get(&key).is_some_and(|e| e.since() == since) {
                self.entries.remove(&key);
            }
        }
    }
}

#[derive(Default)]
pub(super) struct Replies(Mutex<Kept>);

impl Replies {
    /// What is known of `key`; a new one is marked in flight.
    pub fn begin(&self, key: Key) -> Cached {
        let Ok(mut m) = self.0.lock() else {
            // A poisoned cache answers nothing twice: treat as a retransmission.
            return Cached::InFlight;
        };
        let now = Instant::now();
        m.forget_old(now);
        match m.entries.get(&key) {
            Some(Entry::Answered(bytes, _)) => Cached::Answered(bytes.clone()),
            Some(Entry::InFlight(_)) => Cached::InFlight,
            None => {
                m.put(key, Entry::InFlight(now));
                Cached::New
            }
        }
    }

    pub fn finish(&self, key: Key, bytes: Vec<u8>) {
        if let Ok(mut m) = self.0.lock() {
            m.put(key, Entry::Answered(bytes, Instant::now()));
        }
    }

    pub fn forget(&self, key: Key) {
        if let Ok(mut m) = self.0.lock() {
            m.entries.remove(&key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(n: u8) -> Key {
        ("127.0.0.1:1812".parse().unwrap(), n, [n; 16])
    }

    #[test]
    fn a_request_is_new_then_in_flight_then_answered_with_the_same_octets() {
        let r = Replies::default();
        assert!(matches!(r.begin(key(1)), Cached::New));
        assert!(matches!(r.begin(key(1)), Cached::InFlight));
        r.finish(key(1), vec![2, 1, 0, 20]);
        assert!(matches!(r.begin(key(1)), Cached::Answered(b) if b == vec![2, 1, 0, 20]));
        assert!(
            matches!(r.begin(key(2)), Cached::New),
            "another request is new"
        );
        r.forget(key(2));
        assert!(
            matches!(r.begin(key(2)), Cached::New),
            "a forgotten one is new again"
        );
    }

    #[test]
    fn entries_go_after_thirty_seconds_but_not_a_newer_answer_of_the_same_key() {
        let mut k = Kept::default();
        let t0 = Instant::now();
        k.put(key(1), Entry::InFlight(t0));
        k.put(key(2), Entry::InFlight(t0));
        // Answered later: its entry is newer than the in-flight mark written first.
        k.put(
            key(1),
            Entry::Answered(vec![1], t0 + Duration::from_secs(10)),
        );
        k.forget_old(t0 + KEPT);
        assert!(k.entries.contains_key(&key(1)), "answered 20 s ago: kept");
        assert!(!k.entries.contains_key(&key(2)), "30 s old: gone");
        k.forget_old(t0 + KEPT + Duration::from_secs(10));
        assert!(k.entries.is_empty());
        assert!(k.order.is_empty());
    }
}
