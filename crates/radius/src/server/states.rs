//! Challenge States (security requirement 33): 16 random octets, each bound to its sign-in,
//! client and user, good once and for a while. Kept in this process for now; several nodes
//! share them through the database with issue 19.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// More pending challenges than this and new ones are refused: memory stays bounded under a
/// flood of password guesses.
const MAX_PENDING: usize = 100_000;

#[derive(Debug, Clone)]
pub(super) struct Pending {
    pub transaction: String,
    pub client: String,
    pub username: String,
    pub sms_sent: bool,
    /// A push was sent for this challenge: the next request waits for its answer.
    pub push_sent: bool,
}

#[derive(Default)]
pub(super) struct States(Mutex<HashMap<Vec<u8>, (Pending, Instant)>>);

impl States {
    /// Keeps `p` under `state` until `lifetime` ends; `false` when full.
    pub fn put(&self, state: Vec<u8>, p: Pending, lifetime: Duration) -> bool {
        let Ok(mut m) = self.0.lock() else {
            return false;
        };
        let now = Instant::now();
        if m.len() >= MAX_PENDING {
            m.retain(|_, (_, until)| *until > now);
            if m.len() >= MAX_PENDING {
                return false;
            }
        }
        m.insert(state, (p, now + lifetime));
        true
    }

    /// The pending challenge of `state`, taken out (used once); `None` if unknown or expired.
    pub fn take(&self, state: &[u8]) -> Option<Pending> {
        let mut m = self.0.lock().ok()?;
        let (p, until) = m.remove(state)?;
        (until > Instant::now()).then_some(p)
    }
}
