//! Audit events and the hash chain that makes the log tamper-evident.
//!
//! Each node keeps its own chain: record `seq` commits to record `seq - 1` of the same node by a
//! keyed hash over a canonical text form. A verifier walks every chain and names the first record
//! that was modified, deleted, inserted or reordered.

pub use crate::audit_action::AuditAction;
use crate::ids::NodeId;
use crate::time::Timestamp;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Success,
    Failure,
    Denied,
}

impl Outcome {
    pub fn key(self) -> &'static str {
        match self {
            Outcome::Success => "success",
            Outcome::Failure => "failure",
            Outcome::Denied => "denied",
        }
    }

    pub fn parse(raw: &str) -> Option<Outcome> {
        [Outcome::Success, Outcome::Failure, Outcome::Denied]
            .into_iter()
            .find(|o| o.key() == raw)
    }
}

/// Who did it. Rendered as `kind:name`, e.g. `os:root`, `admin:alice`, `system`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    System,
    OsUser(String),
    Admin(String),
    User(String),
}

impl Actor {
    pub fn render(&self) -> String {
        match self {
            Actor::System => "system".into(),
            Actor::OsUser(n) => format!("os:{n}"),
            Actor::Admin(n) => format!("admin:{n}"),
            Actor::User(n) => format!("user:{n}"),
        }
    }
}

/// One thing that happened. Never holds a secret: detail keys that look secret are redacted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEvent {
    pub at: Timestamp,
    pub actor: String,
    pub action: String,
    pub target: Option<String>,
    pub source: Option<String>,
    pub outcome: Outcome,
    pub details: Vec<(String, String)>,
}

const SECRET_WORDS: [&str; 8] = [
    "password",
    "secret",
    "answer",
    "seed",
    "token",
    "otp",
    "pin",
    "code_value",
];

/// Characters that change how text around them is shown without being seen themselves:
/// Unicode's format characters (bidi overrides such as U+202E, zero-width joiners, the BOM, tag
/// characters). A value holding them could make a record read differently from what it says.
fn is_format_char(c: char) -> bool {
    matches!(
        u32::from(c),
        0x00AD
            | 0x0600..=0x0605
            | 0x061C
            | 0x06DD
            | 0x070F
            | 0x0890..=0x0891
            | 0x08E2
            | 0x180E
            | 0x200B..=0x200F
            | 0x202A..=0x202E
            | 0x2060..=0x2064
            | 0x2066..=0x206F
            | 0xFEFF
            | 0xFFF9..=0xFFFB
            | 0x110BD
            | 0x110CD
            | 0x13430..=0x1343F
            | 0x1BCA0..=0x1BCA3
            | 0x1D173..=0x1D17A
            | 0xE0001
            | 0xE0020..=0xE007F
    )
}

/// Control and format characters would let a value forge extra lines or reorder what a text
/// view shows; they are encoded as `\u{..}`. A backslash itself is doubled, so an encoded
/// character and the same text typed literally never look the same.
fn clean(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if c == '\\' {
            out.push_str("\\\\");
        } else if c.is_control() || is_format_char(c) {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    out
}

impl AuditEvent {
    pub fn new(at: Timestamp, actor: &Actor, action: AuditAction, outcome: Outcome) -> AuditEvent {
        AuditEvent {
            at,
            actor: clean(&actor.render()),
            action: action.key().to_owned(),
            target: None,
            source: None,
            outcome,
            details: Vec::new(),
        }
    }

    pub fn target(mut self, target: impl AsRef<str>) -> Self {
        self.target = Some(clean(target.as_ref()));
        self
    }

    pub fn source(mut self, source: Option<&str>) -> Self {
        self.source = source.map(clean);
        self
    }

    pub fn detail(mut self, key: &str, value: impl AsRef<str>) -> Self {
        let lower = key.to_ascii_lowercase();
        let value = if SECRET_WORDS.iter().any(|w| lower.contains(w)) {
            "[redacted]".to_owned()
        } else {
            clean(value.as_ref())
        };
        self.details.push((clean(key), value));
        self
    }
}

/// A stored audit record: the event plus its place in its node's chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRecord {
    pub id: i64,
    pub node: String,
    pub seq: i64,
    #[serde(flatten)]
    pub event: AuditEvent,
    pub prev_hash: String,
    pub hash: String,
}

/// The `prev_hash` of the first record of every chain.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The bytes the keyed hash covers. Every field is included, and the event fields are JSON
/// encoded so that no value can imitate a separator.
pub fn canonical(node: &str, seq: i64, prev_hash: &str, e: &AuditEvent) -> Vec<u8> {
    // Serialised straight from references, as a compact JSON array: the same bytes as building
    // a `serde_json::Value` first (test `canonical_bytes_are_unchanged`), without copying every
    // field into one. The writer of the sign-in path runs this for every record.
    let fields = (
        "regain-audit-v1",
        node,
        seq,
        prev_hash,
        e.at.as_millis(),
        &e.actor,
        &e.action,
        &e.target,
        &e.source,
        e.outcome.key(),
        &e.details,
    );
    let mut out = Vec::with_capacity(256);
    match serde_json::to_writer(&mut out, &fields) {
        Ok(()) => out,
        // Strings, integers and pairs of strings always serialise; were that ever not so, the
        // value route (as first written) gives the same bytes.
        Err(_) => serde_json::json!(fields).to_string().into_bytes(),
    }
}

/// The keyed hash used for the chain (HMAC-SHA-256 in `regain-crypto`).
pub trait ChainMac: Send + Sync {
    fn mac_hex(&self, data: &[u8]) -> String;
    /// Constant-time comparison of `mac_hex(data)` with `expected`.
    fn verify_hex(&self, data: &[u8], expected: &str) -> bool;
}

/// The last record of a node's chain, kept in its own row so that deleting the newest records
/// is noticed too. The row carries its own keyed hash: rewriting it to point at an older record
/// needs the key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainHead {
    pub node: String,
    pub seq: i64,
    pub hash: String,
    /// `head_mac` of the three fields; `None` for a head written before heads were signed
    /// (the node signs it when it next starts).
    pub mac: Option<String>,
}

/// The bytes a chain head's keyed hash covers.
pub fn head_bytes(node: &str, seq: i64, hash: &str) -> Vec<u8> {
    serde_json::json!(["regain-audit-head-v1", node, seq, hash])
        .to_string()
        .into_bytes()
}

/// A chain head with its keyed hash.
pub fn signed_head(mac: &dyn ChainMac, node: &str, seq: i64, hash: &str) -> ChainHead {
    ChainHead {
        node: node.to_owned(),
        seq,
        hash: hash.to_owned(),
        mac: Some(mac.mac_hex(&head_bytes(node, seq, hash))),
    }
}

/// A signed statement, written outside the database at intervals, that a node's chain reached
/// `seq` with `hash` at `at`. Whoever later holds the database (even with the chain's key)
/// cannot cut the chain below it or rewrite what it covers without `regain audit verify
/// --checkpoints` noticing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    pub node: String,
    pub seq: i64,
    pub hash: String,
    pub at: Timestamp,
}

impl Checkpoint {
    /// The bytes its Ed25519 signature covers.
    pub fn signed_bytes(&self) -> Vec<u8> {
        serde_json::json!([
            "regain-audit-checkpoint-v1",
            self.node,
            self.seq,
            self.hash,
            self.at.as_millis()
        ])
        .to_string()
        .into_bytes()
    }

    /// Compares the checkpoint with the database: `found` is the stored hash of record
    /// (`node`, `seq`), if there is one, and `head` the node's chain head, if any.
    pub fn check(&self, found: Option<&str>, head: Option<&ChainHead>) -> Result<(), ChainBreak> {
        let truncated = || ChainBreak::BelowCheckpoint {
            node: self.node.clone(),
            seq: self.seq,
            at: self.at,
        };
        match found {
            None => Err(truncated()),
            Some(h) if h != self.hash => Err(ChainBreak::Rewritten {
                node: self.node.clone(),
                seq: self.seq,
                at: self.at,
            }),
            Some(_) if head.is_none_or(|h| h.seq < self.seq) => Err(truncated()),
            Some(_) => Ok(()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChainBreak {
    #[error(
        "record {id} (node {node}, seq {seq}) was modified: its hash does not match its content"
    )]
    Modified { id: i64, node: String, seq: i64 },
    #[error(
        "record {id} (node {node}, seq {seq}) does not link to the record before it: a record was removed or inserted before it"
    )]
    Relinked { id: i64, node: String, seq: i64 },
    #[error(
        "node {node} is missing record seq {expected} (found seq {found} in record {id} instead)"
    )]
    Missing {
        id: i64,
        node: String,
        expected: i64,
        found: i64,
    },
    #[error(
        "node {node} ends at seq {last} but its head says seq {head}: the newest records were deleted"
    )]
    Truncated { node: String, last: i64, head: i64 },
    #[error("node {node} has records but no chain head: the head row was deleted")]
    NoHead { node: String },
    #[error(
        "the chain head of node {node} does not match its keyed hash: the head row was rewritten"
    )]
    HeadForged { node: String },
    #[error(
        "the chain head of node {node} is not signed yet: start that node once (it signs its head) and verify again"
    )]
    HeadUnsigned { node: String },
    #[error(
        "node {node} no longer reaches seq {seq}, which a signed checkpoint of {at} records: records were deleted (or the whole chain with its head)"
    )]
    BelowCheckpoint {
        node: String,
        seq: i64,
        at: Timestamp,
    },
    #[error(
        "record seq {seq} of node {node} differs from the signed checkpoint of {at}: the chain was rewritten"
    )]
    Rewritten {
        node: String,
        seq: i64,
        at: Timestamp,
    },
}

impl ChainBreak {
    /// The database id of the first bad record, if the break is at a record.
    pub fn record_id(&self) -> Option<i64> {
        match self {
            ChainBreak::Modified { id, .. }
            | ChainBreak::Relinked { id, .. }
            | ChainBreak::Missing { id, .. } => Some(*id),
            ChainBreak::Truncated { .. }
            | ChainBreak::NoHead { .. }
            | ChainBreak::HeadForged { .. }
            | ChainBreak::HeadUnsigned { .. }
            | ChainBreak::BelowCheckpoint { .. }
            | ChainBreak::Rewritten { .. } => None,
        }
    }
}

/// Walks records ordered by (node, seq) one at a time, so any number of records can be checked
/// in constant memory.
pub struct ChainVerifier<'a> {
    mac: &'a dyn ChainMac,
    current: Option<(String, i64, String)>,
    pub checked: u64,
    nodes: Vec<(String, i64)>,
}

impl<'a> ChainVerifier<'a> {
    pub fn new(mac: &'a dyn ChainMac) -> Self {
        ChainVerifier {
            mac,
            current: None,
            checked: 0,
            nodes: Vec::new(),
        }
    }

    pub fn push(&mut self, r: &AuditRecord) -> Result<(), ChainBreak> {
        let (expected_seq, expected_prev) = match &self.current {
            Some((node, seq, hash)) if *node == r.node => (seq + 1, hash.clone()),
            _ => {
                if let Some((node, seq, _)) = self.current.take() {
                    self.nodes.push((node, seq));
                }
                (1, GENESIS.to_owned())
            }
        };
        let bytes = canonical(&r.node, r.seq, &r.prev_hash, &r.event);
        if !self.mac.verify_hex(&bytes, &r.hash) {
            return Err(ChainBreak::Modified {
                id: r.id,
                node: r.node.clone(),
                seq: r.seq,
            });
        }
        if r.seq != expected_seq {
            return Err(ChainBreak::Missing {
                id: r.id,
                node: r.node.clone(),
                expected: expected_seq,
                found: r.seq,
            });
        }
        if r.prev_hash != expected_prev {
            return Err(ChainBreak::Relinked {
                id: r.id,
                node: r.node.clone(),
                seq: r.seq,
            });
        }
        self.current = Some((r.node.clone(), r.seq, r.hash.clone()));
        self.checked += 1;
        Ok(())
    }

    /// Compares each chain's end with its head row.
    pub fn finish(mut self, heads: &[ChainHead]) -> Result<u64, ChainBreak> {
        if let Some((node, seq, _)) = self.current.take() {
            self.nodes.push((node, seq));
        }
        for (node, last) in &self.nodes {
            let head = heads
                .iter()
                .find(|h| h.node == *node)
                .ok_or_else(|| ChainBreak::NoHead { node: node.clone() })?;
            if head.seq != *last {
                return Err(ChainBreak::Truncated {
                    node: node.clone(),
                    last: *last,
                    head: head.seq,
                });
            }
        }
        for head in heads {
            match &head.mac {
                None => {
                    return Err(ChainBreak::HeadUnsigned {
                        node: head.node.clone(),
                    });
                }
                Some(m)
                    if !self
                        .mac
                        .verify_hex(&head_bytes(&head.node, head.seq, &head.hash), m) =>
                {
                    return Err(ChainBreak::HeadForged {
                        node: head.node.clone(),
                    });
                }
                Some(_) => {}
            }
            if head.seq > 0 && !self.nodes.iter().any(|(n, _)| *n == head.node) {
                return Err(ChainBreak::Truncated {
                    node: head.node.clone(),
                    last: 0,
                    head: head.seq,
                });
            }
        }
        Ok(self.checked)
    }
}

/// Walks every chain in the store page by page. The outer error is a storage failure; the inner
/// one is the first break found.
pub async fn verify_store(
    repo: &dyn crate::ports::AuditRepo,
    mac: &dyn ChainMac,
) -> Result<Result<u64, ChainBreak>, crate::ports::StoreError> {
    let mut v = ChainVerifier::new(mac);
    let mut after = None;
    loop {
        let page = repo.audit_chain_page(after.clone(), 1000).await?;
        let Some(last) = page.last() else { break };
        after = Some((last.node.clone(), last.seq));
        for r in &page {
            if let Err(b) = v.push(r) {
                return Ok(Err(b));
            }
        }
    }
    let heads = repo.audit_heads().await?;
    Ok(v.finish(&heads))
}

/// A listing of the audit log counts its matches up to this many, no further: counting every
/// match of a log of 10,000,000 records took most of a second. A total above it means "more".
pub const AUDIT_COUNT_LIMIT: u64 = 10_000;

/// Filters for `regain audit list` and the console.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub actor: Option<String>,
    pub target: Option<String>,
    pub action: Option<String>,
    pub since: Option<Timestamp>,
    pub until: Option<Timestamp>,
    pub limit: u32,
    pub offset: u32,
}

/// Appends `event` after `prev` in `node`'s chain: returns `(seq, prev_hash, hash)`.
pub fn link(
    mac: &dyn ChainMac,
    node: &NodeId,
    prev: Option<&ChainHead>,
    event: &AuditEvent,
) -> (i64, String, String) {
    let (seq, prev_hash) = match prev {
        Some(h) if h.seq > 0 => (h.seq + 1, h.hash.clone()),
        _ => (1, GENESIS.to_owned()),
    };
    let hash = mac.mac_hex(&canonical(node.as_str(), seq, &prev_hash, event));
    (seq, prev_hash, hash)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The canonical form as first written (a `serde_json::Value` built with `json!`): records
    /// already in databases were hashed over these bytes, so they must never change.
    fn canonical_as_first_written(
        node: &str,
        seq: i64,
        prev_hash: &str,
        e: &AuditEvent,
    ) -> Vec<u8> {
        serde_json::json!([
            "regain-audit-v1",
            node,
            seq,
            prev_hash,
            e.at.as_millis(),
            e.actor,
            e.action,
            e.target,
            e.source,
            e.outcome.key(),
            e.details,
        ])
        .to_string()
        .into_bytes()
    }

    #[test]
    fn canonical_bytes_are_unchanged() {
        let plain = AuditEvent::new(
            Timestamp(1),
            &Actor::System,
            AuditAction::UserShow,
            Outcome::Success,
        );
        let full = AuditEvent::new(
            Timestamp(1_764_000_000_123),
            &Actor::System,
            AuditAction::AuthSecondFactor,
            Outcome::Failure,
        )
        .target("Zoë \"quoted\" \\ back\nslash")
        .source(Some("2001:db8::1"))
        .detail("factor", "otp")
        .detail("reason", "wrong\tcode \u{1F600} \u{0}");
        for (node, seq, prev, e) in [
            ("n1", 1, GENESIS, &plain),
            ("node-ä", i64::MAX, "ab", &full),
        ] {
            assert_eq!(
                canonical(node, seq, prev, e),
                canonical_as_first_written(node, seq, prev, e)
            );
        }
    }

    /// A toy keyed hash: good enough to exercise the chain logic without the crypto crate.
    struct ToyMac;
    impl ChainMac for ToyMac {
        fn mac_hex(&self, data: &[u8]) -> String {
            let mut h: u64 = 0xcbf29ce484222325;
            for b in data {
                h ^= u64::from(*b);
                h = h.wrapping_mul(0x100000001b3);
            }
            format!("{h:064x}")
        }
        fn verify_hex(&self, data: &[u8], expected: &str) -> bool {
            self.mac_hex(data) == expected
        }
    }

    fn chain(node: &str, n: i64) -> (Vec<AuditRecord>, ChainHead) {
        let node_id = NodeId::parse(node).unwrap();
        let mut head: Option<ChainHead> = None;
        let mut out = Vec::new();
        for i in 0..n {
            let e = AuditEvent::new(
                Timestamp(i),
                &Actor::System,
                AuditAction::UserShow,
                Outcome::Success,
            )
            .detail("i", i.to_string());
            let (seq, prev_hash, hash) = link(&ToyMac, &node_id, head.as_ref(), &e);
            out.push(AuditRecord {
                id: i + 1,
                node: node.into(),
                seq,
                event: e,
                prev_hash,
                hash: hash.clone(),
            });
            head = Some(signed_head(&ToyMac, node, seq, &hash));
        }
        (out, head.unwrap())
    }

    fn verify(records: &[AuditRecord], heads: &[ChainHead]) -> Result<u64, ChainBreak> {
        let mut v = ChainVerifier::new(&ToyMac);
        for r in records {
            v.push(r)?;
        }
        v.finish(heads)
    }

    #[test]
    fn intact_chain_verifies() {
        let (r, h) = chain("n1", 5);
        assert_eq!(verify(&r, &[h]), Ok(5));
    }

    /// Security requirement 48: edit, delete, insert, reorder and truncation are all detected.
    #[test]
    fn modification_deletion_insertion_reorder_and_truncation_are_named() {
        let (r, h) = chain("n1", 5);
        let heads = [h];
        let mut m = r.clone();
        m[2].event.actor = "admin:mallory".into();
        assert_eq!(verify(&m, &heads).unwrap_err().record_id(), Some(3));

        let mut d = r.clone();
        d.remove(2);
        assert!(matches!(
            verify(&d, &heads),
            Err(ChainBreak::Missing {
                id: 4,
                expected: 3,
                ..
            })
        ));

        let mut swapped = r.clone();
        swapped.swap(1, 2);
        assert!(verify(&swapped, &heads).is_err());

        let t = r[..4].to_vec();
        assert!(matches!(
            verify(&t, &heads),
            Err(ChainBreak::Truncated {
                last: 4,
                head: 5,
                ..
            })
        ));
        assert!(matches!(verify(&r, &[]), Err(ChainBreak::NoHead { .. })));
    }

    #[test]
    fn a_re_hashed_forgery_without_the_key_breaks_the_link() {
        let (r, h) = chain("n1", 3);
        let mut f = r.clone();
        // Replace record 2 by a record computed with another chain position's hash.
        f[1].prev_hash = GENESIS.into();
        f[1].hash = ToyMac.mac_hex(&canonical("n1", 2, GENESIS, &f[1].event));
        assert!(matches!(
            verify(&f, &[h]),
            Err(ChainBreak::Relinked { id: 2, .. })
        ));
    }

    #[test]
    fn chains_of_two_nodes_verify_independently() {
        let (mut a, ha) = chain("a", 3);
        let (b, hb) = chain("b", 2);
        a.extend(b);
        assert_eq!(verify(&a, &[ha, hb]), Ok(5));
    }

    /// Security requirement 48: no secrets in details, control characters encoded.
    #[test]
    fn details_never_hold_secrets_and_control_characters_are_encoded() {
        let e = AuditEvent::new(
            Timestamp(0),
            &Actor::Admin("eve\nforged".into()),
            AuditAction::UserShow,
            Outcome::Success,
        )
        .detail("new_password", "hunter2")
        .detail("reason", "line1\nline2");
        assert_eq!(e.actor, "admin:eve\\u{a}forged");
        assert_eq!(e.details[0].1, "[redacted]");
        assert_eq!(e.details[1].1, "line1\\u{a}line2");
    }

    /// Security requirement 48 (issue 14, point 10): backslashes and Unicode format characters
    /// are encoded too, so an encoded value and the same text typed literally never look alike,
    /// and a bidi override cannot make a record read backwards.
    #[test]
    fn req48_backslashes_and_format_characters_are_encoded() {
        let e = |v: &str| {
            AuditEvent::new(
                Timestamp(0),
                &Actor::System,
                AuditAction::UserShow,
                Outcome::Success,
            )
            .target(v)
            .target
            .unwrap_or_default()
        };
        assert_ne!(e("a\nb"), e("a\\u{a}b"));
        assert_eq!(e("a\\u{a}b"), "a\\\\u{a}b");
        assert_eq!(e("a\nb"), "a\\u{a}b");
        assert_eq!(e("DOMAIN\\bob"), "DOMAIN\\\\bob");
        for (raw, escaped) in [
            ("evil\u{202E}txt.exe", "evil\\u{202e}txt.exe"),
            ("zero\u{200B}width", "zero\\u{200b}width"),
            ("\u{FEFF}bom", "\\u{feff}bom"),
            ("iso\u{2066}late", "iso\\u{2066}late"),
            ("tag\u{E0041}", "tag\\u{e0041}"),
        ] {
            assert_eq!(e(raw), escaped, "{raw:?}");
        }
        assert_eq!(e("Zoë 😀 ok"), "Zoë 😀 ok", "ordinary text is left alone");
    }

    /// Security requirement 48 (issue 14, point 10): the head row carries a keyed hash, so
    /// cutting the newest records and rewriting the head to match is noticed without the key.
    #[test]
    fn req48_a_rewritten_head_is_noticed() {
        let (r, h) = chain("n1", 5);
        let cut = r[..3].to_vec();
        let forged = ChainHead {
            node: "n1".into(),
            seq: 3,
            hash: r[2].hash.clone(),
            mac: h.mac.clone(),
        };
        assert_eq!(
            verify(&cut, &[forged]),
            Err(ChainBreak::HeadForged { node: "n1".into() })
        );
        let unsigned = ChainHead {
            mac: None,
            ..h.clone()
        };
        assert!(matches!(
            verify(&r, &[unsigned]),
            Err(ChainBreak::HeadUnsigned { .. })
        ));
        assert_eq!(verify(&r, &[h]), Ok(5));
    }

    /// Security requirement 48 (issue 14, point 10): a checkpoint catches a cut below it, the
    /// loss of a whole chain with its head, and a rewrite by someone holding the key.
    #[test]
    fn req48_checkpoints_catch_truncation_and_rewrites() {
        let (r, h) = chain("n1", 5);
        let cp = Checkpoint {
            node: "n1".into(),
            seq: 4,
            hash: r[3].hash.clone(),
            at: Timestamp(9),
        };
        assert_eq!(cp.check(Some(&r[3].hash), Some(&h)), Ok(()));
        assert!(matches!(
            cp.check(None, None),
            Err(ChainBreak::BelowCheckpoint { seq: 4, .. })
        ));
        assert!(matches!(
            cp.check(Some("another hash"), Some(&h)),
            Err(ChainBreak::Rewritten { seq: 4, .. })
        ));
        let behind = ChainHead {
            seq: 3,
            ..h.clone()
        };
        assert!(cp.check(Some(&r[3].hash), Some(&behind)).is_err());
        assert_ne!(
            cp.signed_bytes(),
            Checkpoint {
                seq: 3,
                ..cp.clone()
            }
            .signed_bytes()
        );
    }
}
