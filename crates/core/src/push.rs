//! Push approval with number matching: the page that started a sign-in shows a two-digit number,
//! the user's device shows three candidates, and the device signs the one the user picked
//! together with the decision. The rules here are pure; the device API and storage are adapters.

use crate::ids::UserId;
use crate::policy::Workflow;
use crate::time::Timestamp;
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// How long a device has to answer a push before it times out.
pub const PUSH_LIFETIME: Duration = Duration::from_secs(60);

/// Against push bombing: at most this many pushes per user per window since their last approved
/// push, whatever the client.
pub const PUSH_LIMIT: u32 = 5;
pub const PUSH_LIMIT_WINDOW: Duration = Duration::from_secs(15 * 60);

/// A device's request may be this far from the server's clock (replay window of the device API).
pub const DEVICE_CLOCK_SKEW: Duration = Duration::from_secs(90);

/// How long an enrollment link for a push device stays valid.
pub const PUSH_ENROLL_LINK_LIFETIME: Duration = Duration::from_secs(15 * 60);

/// What the device shows the user with the candidates, so they can tell their own sign-in from
/// somebody else's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushContext {
    pub workflow: Workflow,
    /// The registered API client (VPN gateway, workstation agent) that asked.
    pub client: String,
    /// The address of the person signing in, as the client saw it.
    pub source: Option<String>,
    /// The device or gateway name the client gave.
    pub device: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PushState {
    Pending,
    Approved,
    Denied,
    /// The user picked another number: treated as a denial and audited as such.
    WrongNumber,
    Expired,
}

impl PushState {
    pub fn key(self) -> &'static str {
        match self {
            PushState::Pending => "pending",
            PushState::Approved => "approved",
            PushState::Denied => "denied",
            PushState::WrongNumber => "wrong_number",
            PushState::Expired => "expired",
        }
    }

    pub fn parse(raw: &str) -> Option<PushState> {
        [
            PushState::Pending,
            PushState::Approved,
            PushState::Denied,
            PushState::WrongNumber,
            PushState::Expired,
        ]
        .into_iter()
        .find(|s| s.key() == raw)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushChallenge {
    /// Random, unguessable; the device signs it.
    pub id: String,
    pub transaction_id: String,
    pub user_id: UserId,
    /// The push device (an `auth_methods` row) the challenge went to.
    pub method_id: String,
    /// The number the sign-in page shows.
    pub number: u8,
    /// What the device offers; exactly one of them is `number`.
    pub candidates: [u8; 3],
    pub context: PushContext,
    pub state: PushState,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
    pub answered_at: Option<Timestamp>,
}

impl PushChallenge {
    /// The state a reader should see: a pending push past its expiry has timed out.
    pub fn effective_state(&self, now: Timestamp) -> PushState {
        if self.state == PushState::Pending && now >= self.expires_at {
            PushState::Expired
        } else {
            self.state
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Approve,
    Deny,
}

impl Decision {
    pub fn key(self) -> &'static str {
        match self {
            Decision::Approve => "approve",
            Decision::Deny => "deny",
        }
    }

    pub fn parse(raw: &str) -> Option<Decision> {
        match raw {
            "approve" => Some(Decision::Approve),
            "deny" => Some(Decision::Deny),
            _ => None,
        }
    }
}

/// Picks the number and three distinct candidates (10–99) from random bytes, by rejection
/// sampling so every number is equally likely. Returns `None` when the bytes ran out (ask for
/// more): never a biased or repeated number.
pub fn draw_numbers(random: &[u8]) -> Option<(u8, [u8; 3])> {
    let mut picked: Vec<u8> = Vec::with_capacity(3);
    let mut bytes = random.iter();
    while picked.len() < 3 {
        let b = *bytes.next()?;
        // 90 numbers; 180 = 2 × 90 is the largest multiple below 256.
        if b >= 180 {
            continue;
        }
        let n = 10 + b % 90;
        if !picked.contains(&n) {
            picked.push(n);
        }
    }
    // The first drawn is the answer; its position among the candidates comes from one more byte.
    let number = picked[0];
    let position = loop {
        let b = *bytes.next()?;
        if b < 255 {
            break usize::from(b % 3);
        }
    };
    picked.swap(0, position);
    Some((number, [picked[0], picked[1], picked[2]]))
}

/// What the device signs to answer a challenge: the challenge, the number the user picked and
/// the decision, so a signature can be replayed for nothing else.
pub fn answer_message(challenge_id: &str, number: Option<u8>, decision: Decision) -> Vec<u8> {
    let number = number.map_or_else(|| "-".to_owned(), |n| n.to_string());
    format!(
        "regain-push-answer-v1\n{challenge_id}\n{number}\n{}",
        decision.key()
    )
    .into_bytes()
}

/// What the device signs to prove it holds the key at enrollment.
pub fn enroll_message(link_token: &str, public_key_b64: &str) -> Vec<u8> {
    format!("regain-push-enroll-v1\n{link_token}\n{public_key_b64}").into_bytes()
}

/// What the device signs on every device-API request (method, path, its clock, body digest).
pub fn request_message(method: &str, path: &str, unix_secs: i64, body_sha256_hex: &str) -> Vec<u8> {
    format!("regain-device-request-v1\n{method}\n{path}\n{unix_secs}\n{body_sha256_hex}")
        .into_bytes()
}

/// Verifies Ed25519 signatures (an adapter; the core holds no crypto).
pub trait SignatureCheck: Send + Sync {
    fn verify_ed25519(&self, public_key: &[u8], message: &[u8], signature: &[u8]) -> bool;
}

/// Tells a device that a challenge waits for it. The in-process adapter wakes the device's
/// long-poll; a mobile push service (APNs, FCM) would be another adapter. Delivery is a hint:
/// devices also poll, so a lost notification only delays the push.
#[async_trait::async_trait]
pub trait PushChannel: Send + Sync {
    async fn notify(&self, method_id: &str);
}

/// A channel that tells nobody (tools that never serve devices, like the CLI).
pub struct NoPushChannel;

#[async_trait::async_trait]
impl PushChannel for NoPushChannel {
    async fn notify(&self, _method_id: &str) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_distinct_two_digit_and_include_the_answer() {
        let mut seen_positions = [0u32; 3];
        for seed in 0u32..2000 {
            let bytes: Vec<u8> = (0..32u32)
                .map(|i| (seed.wrapping_mul(2_654_435_761).wrapping_add(i * 40_503) >> 13) as u8)
                .collect();
            let Some((n, c)) = draw_numbers(&bytes) else {
                continue;
            };
            assert!((10..=99).contains(&n));
            assert!(c.iter().all(|x| (10..=99).contains(x)));
            assert!(c[0] != c[1] && c[1] != c[2] && c[0] != c[2]);
            let pos = c.iter().position(|x| *x == n).unwrap_or(99);
            assert!(pos < 3, "answer among candidates");
            seen_positions[pos] += 1;
        }
        assert!(
            seen_positions.iter().all(|p| *p > 300),
            "{seen_positions:?}"
        );
    }

    #[test]
    fn biased_bytes_are_rejected_and_short_input_asks_for_more() {
        assert_eq!(draw_numbers(&[200, 250, 255]), None);
        assert_eq!(draw_numbers(&[0, 0, 0, 1]), None, "duplicates skipped");
        let (n, c) = draw_numbers(&[0, 1, 2, 2]).unwrap_or((0, [0; 3]));
        assert_eq!(n, 10);
        assert_eq!(c, [12, 11, 10]);
    }

    #[test]
    fn messages_bind_every_field() {
        let a = answer_message("c1", Some(42), Decision::Approve);
        assert_ne!(a, answer_message("c1", Some(43), Decision::Approve));
        assert_ne!(a, answer_message("c1", Some(42), Decision::Deny));
        assert_ne!(a, answer_message("c2", Some(42), Decision::Approve));
        assert_ne!(
            request_message("GET", "/a", 1, "x"),
            request_message("GET", "/a", 2, "x")
        );
    }

    #[test]
    fn pending_push_times_out() {
        let c = PushChallenge {
            id: "c".into(),
            transaction_id: "t".into(),
            user_id: UserId(1),
            method_id: "m".into(),
            number: 42,
            candidates: [42, 17, 88],
            context: PushContext {
                workflow: Workflow::RemoteAccess,
                client: "vpn".into(),
                source: None,
                device: None,
            },
            state: PushState::Pending,
            created_at: Timestamp::from_millis(0),
            expires_at: Timestamp::from_millis(60_000),
            answered_at: None,
        };
        assert_eq!(
            c.effective_state(Timestamp::from_millis(59_999)),
            PushState::Pending
        );
        assert_eq!(
            c.effective_state(Timestamp::from_millis(60_000)),
            PushState::Expired
        );
    }
}
