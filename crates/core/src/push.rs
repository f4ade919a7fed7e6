//! Push approval with number matching: the page that started a sign-in shows a number (two
//! digits by default, up to six), the user *types* it into the app, and the app signs what was
//! typed together with the decision. The device never receives the number nor any candidates,
//! so a fatigued user cannot approve by luck (picking among three would succeed one time in
//! three). The rules here are pure; the device API and storage are adapters.

use crate::ids::{MethodId, PushId, TransactionId, UserId};
use crate::policy::Workflow;
use crate::time::Timestamp;
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// What asking for a push did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PushSend {
    /// On its way (or already pending: the same push, not a second one).
    Sent {
        number: u32,
        expires_at: Timestamp,
    },
    NotSent(PushNotSent),
}

/// Why no push was sent (its stable reason code: [`PushNotSent::code`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PushNotSent {
    /// The transaction is final, expired or does not offer push, or the user has no device.
    NotAvailable,
    /// A lock (even one that has ended) ended the transaction.
    LockedOut,
    /// The per-user limit of pushes in a window (against push bombing).
    Limit,
}

impl PushNotSent {
    pub fn code(self) -> &'static str {
        match self {
            PushNotSent::NotAvailable => "push_not_available",
            PushNotSent::LockedOut => "locked_out",
            PushNotSent::Limit => "push_limit",
        }
    }
}

/// How long a device has to answer a push before it times out.
pub const PUSH_LIFETIME: Duration = Duration::from_secs(60);

/// Against push bombing: at most this many pushes per user per window since their last approved
/// push, whatever the client.
pub const PUSH_LIMIT: u32 = 5;
pub const PUSH_LIMIT_WINDOW: Duration = Duration::from_secs(15 * 60);

/// A device's request may be this far from the server's clock (replay window of the device API).
pub const DEVICE_CLOCK_SKEW: Duration = Duration::from_secs(90);

/// Digits of the number a push asks for: two by default (as the reference), at most six
/// (setting `push.number_digits`).
pub const DEFAULT_NUMBER_DIGITS: u8 = 2;
pub const MIN_NUMBER_DIGITS: u8 = 2;
pub const MAX_NUMBER_DIGITS: u8 = 6;

/// How long an enrollment link for a push device stays valid.
pub const PUSH_ENROLL_LINK_LIFETIME: Duration = Duration::from_secs(15 * 60);

/// What the device shows the user with a push, so they can tell their own sign-in from somebody
/// else's.
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
    pub id: PushId,
    pub transaction_id: TransactionId,
    pub user_id: UserId,
    /// The push device (an `auth_methods` row) the challenge went to.
    pub method_id: MethodId,
    /// The number the sign-in page shows (never sent to the device).
    pub number: u32,
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

/// Draws the number a push asks for: `digits` digits without a leading zero (so it reads the same
/// on the page and in the app), uniformly by rejection sampling from 4-byte draws. `None` when the
/// bytes ran out (ask for more) or `digits` is out of range: never a biased number.
pub fn draw_number(random: &[u8], digits: u8) -> Option<u32> {
    if !(MIN_NUMBER_DIGITS..=MAX_NUMBER_DIGITS).contains(&digits) {
        return None;
    }
    let low = 10u32.pow(u32::from(digits) - 1);
    let span = 10u32.pow(u32::from(digits)) - low;
    // The largest multiple of `span` that fits, so every value is equally likely.
    let limit = u32::MAX - u32::MAX % span;
    random
        .chunks_exact(4)
        .map(|c| u32::from_be_bytes([c[0], c[1], c[2], c[3]]))
        .find(|v| *v < limit)
        .map(|v| low + v % span)
}

/// Whether what the user typed is the push's number (digits only, spaces ignored).
pub fn typed_matches(typed: Option<u32>, number: u32) -> bool {
    typed == Some(number)
}

/// What the device signs to answer a challenge: the challenge, the number the user typed and
/// the decision, so a signature can be replayed for nothing else.
pub fn answer_message(challenge_id: &str, number: Option<u32>, decision: Decision) -> Vec<u8> {
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
    fn numbers_have_the_asked_digits_and_are_uniform() {
        // Every 2-digit number, from a counter's bytes: all 90 appear, each as often.
        let bytes: Vec<u8> = (0u32..90 * 50).flat_map(|i| i.to_be_bytes()).collect();
        let mut seen = [0u32; 100];
        for c in bytes.chunks(4) {
            let n = draw_number(c, 2).unwrap();
            assert!((10..=99).contains(&n));
            seen[n as usize] += 1;
        }
        assert!(seen[10..].iter().all(|k| *k == 50), "{seen:?}");
        for digits in 2..=6 {
            let n = draw_number(&[0, 0, 0, 7], digits).unwrap();
            assert_eq!(n.to_string().len(), usize::from(digits));
        }
    }

    #[test]
    fn biased_bytes_are_rejected_and_short_input_asks_for_more() {
        // u32::MAX is above the largest multiple of 90: rejected, never folded onto a number.
        assert_eq!(draw_number(&[255, 255, 255, 255], 2), None);
        assert_eq!(draw_number(&[255, 255, 255, 255, 0, 0, 0, 0], 2), Some(10));
        assert_eq!(
            draw_number(&[0, 0, 0], 2),
            None,
            "runs out rather than padding"
        );
        assert_eq!(draw_number(&[0, 0, 0, 0], 1), None);
        assert_eq!(draw_number(&[0, 0, 0, 0], 7), None);
    }

    #[test]
    fn only_the_typed_number_matches() {
        assert!(typed_matches(Some(42), 42));
        assert!(!typed_matches(Some(24), 42));
        assert!(!typed_matches(None, 42));
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
