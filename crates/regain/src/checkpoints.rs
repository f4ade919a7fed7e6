//! Signed checkpoints of the audit chain, outside the database (security requirement 48): at
//! intervals each node appends, to `audit.checkpoint_dir/NODE.jsonl` (and to syslog when
//! configured), an Ed25519-signed statement that its chain reached seq S with hash H. The key
//! is a file of its own, never in the database. `regain audit verify --checkpoints DIR` then
//! notices a cut below a checkpoint, a node's chain deleted with its head, and a rewrite by
//! someone who holds the database and the chain's key.

use crate::config::Effective;
use crate::keys::{ensure_private_dir, write_private};
use crate::wiring::App;
use anyhow::{Context, anyhow, bail};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use regain_core::audit::Checkpoint;
use regain_core::ports::AuditRepo;
use regain_core::push::SignatureCheck;
use regain_crypto::DeviceKey;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// One line of a checkpoint file.
#[derive(Debug, Serialize, Deserialize)]
struct Line {
    #[serde(flatten)]
    checkpoint: Checkpoint,
    /// The signer's public key (base64), so a reader can tell which key signed.
    public_key: String,
    /// Ed25519 over [`Checkpoint::signed_bytes`], base64.
    signature: String,
}

fn key_path(cfg: &Effective) -> PathBuf {
    cfg.raw
        .audit
        .checkpoint_key_file
        .clone()
        .unwrap_or_else(|| cfg.raw.data_dir.join("keys").join("checkpoint.key"))
}

/// The checkpoint signing key: read from its file, or generated into it (mode 0600) the first
/// time.
pub fn signing_key(cfg: &Effective) -> anyhow::Result<DeviceKey> {
    let path = key_path(cfg);
    if !path.exists() {
        if cfg.raw.audit.checkpoint_key_file.is_some() {
            bail!(
                "audit.checkpoint_key_file: {} does not exist",
                path.display()
            );
        }
        let key =
            DeviceKey::generate().map_err(|e| anyhow!("generating the checkpoint key: {e}"))?;
        ensure_private_dir(path.parent().unwrap_or(Path::new(".")))?;
        write_private(&path, &format!("{}\n", B64.encode(key.pkcs8())))?;
        return Ok(key);
    }
    let mode = std::fs::metadata(&path)?.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        bail!(
            "{} is readable by other users (mode {mode:o}): run chmod 600 on it",
            path.display()
        );
    }
    let raw =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let der = B64
        .decode(raw.trim())
        .map_err(|_| anyhow!("{}: not base64", path.display()))?;
    DeviceKey::from_pkcs8(&der).map_err(|e| anyhow!("{}: {e}", path.display()))
}

/// Where this node's checkpoints go.
#[derive(Clone)]
pub struct Place {
    pub node: String,
    pub dir: PathBuf,
    pub syslog: bool,
}

impl Place {
    pub fn of(cfg: &Effective) -> Place {
        Place {
            node: cfg.raw.node_id.clone(),
            dir: cfg.checkpoint_dir.clone(),
            syslog: cfg.raw.audit.syslog,
        }
    }
}

/// Writes a checkpoint of this node's chain if it moved since `last` (the seq of the previous
/// one); returns the checkpoint's seq.
pub async fn write(
    db: &regain_store::Db,
    now: regain_core::time::Timestamp,
    place: &Place,
    key: &DeviceKey,
    last: Option<i64>,
) -> anyhow::Result<Option<i64>> {
    let node = place.node.clone();
    let heads = db.audit_heads().await?;
    let Some(head) = heads.into_iter().find(|h| h.node == node) else {
        return Ok(None);
    };
    // Nothing recorded yet, or nothing new since the last checkpoint.
    if head.seq == 0 || last == Some(head.seq) {
        return Ok(None);
    }
    let checkpoint = Checkpoint {
        node: node.clone(),
        seq: head.seq,
        hash: head.hash,
        at: now,
    };
    let line = Line {
        signature: B64.encode(key.sign(&checkpoint.signed_bytes())),
        public_key: B64.encode(key.public_key()),
        checkpoint,
    };
    let text = serde_json::to_string(&line)?;
    let dir = &place.dir;
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let path = dir.join(format!("{node}.jsonl"));
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .with_context(|| format!("opening {}", path.display()))?;
    writeln!(f, "{text}").with_context(|| format!("writing {}", path.display()))?;
    f.sync_all()
        .with_context(|| format!("writing {}", path.display()))?;
    if place.syslog {
        to_syslog(&text);
    }
    Ok(Some(line.checkpoint.seq))
}

/// Sends one line to the local syslog (RFC 3164 over `/dev/log`, facility authpriv, notice).
/// A missing syslog is logged, not fatal: the file is the checkpoint of record.
fn to_syslog(text: &str) {
    let sent = std::os::unix::net::UnixDatagram::unbound()
        .and_then(|s| s.send_to(format!("<85>regain-audit: {text}").as_bytes(), "/dev/log"));
    if let Err(e) = sent {
        tracing::warn!(error = %e, "cannot send the audit checkpoint to syslog (/dev/log)");
    }
}

/// What verifying against checkpoints found.
pub struct Checked {
    pub checkpoints: usize,
}

/// Checks every checkpoint line in `dir`'s `*.jsonl` files: signed by `public_key` (the local
/// checkpoint key's unless pinned), and matched by the database. The first problem is the error.
pub async fn verify(
    app: &App,
    dir: &Path,
    public_key: &[u8],
) -> anyhow::Result<Result<Checked, String>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("--checkpoints: cannot read {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    if files.is_empty() {
        bail!(
            "--checkpoints: {} holds no checkpoint files (NODE.jsonl)",
            dir.display()
        );
    }
    let heads = app.db.audit_heads().await?;
    let verifier = regain_crypto::Ed25519Verifier;
    let mut n = 0;
    for file in &files {
        let text =
            std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
        for (i, raw) in text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
        {
            let at = format!("{} line {}", file.display(), i + 1);
            let Ok(line) = serde_json::from_str::<Line>(raw) else {
                return Ok(Err(format!("{at}: not a checkpoint")));
            };
            let signature = B64.decode(&line.signature).unwrap_or_default();
            if !verifier.verify_ed25519(public_key, &line.checkpoint.signed_bytes(), &signature) {
                return Ok(Err(format!(
                    "{at}: the signature is not the checkpoint key's (forged or altered checkpoint)"
                )));
            }
            let cp = &line.checkpoint;
            let found = if cp.seq == 0 {
                Some(regain_core::audit::GENESIS.to_owned())
            } else {
                app.db
                    .audit_chain_page(Some((cp.node.clone(), cp.seq - 1)), 1)
                    .await?
                    .into_iter()
                    .find(|r| r.node == cp.node && r.seq == cp.seq)
                    .map(|r| r.hash)
            };
            let head = heads.iter().find(|h| h.node == cp.node);
            if let Err(b) = cp.check(found.as_deref(), head) {
                return Ok(Err(format!("{b} ({at})")));
            }
            n += 1;
        }
    }
    Ok(Ok(Checked { checkpoints: n }))
}

/// `regain serve`'s writer: a checkpoint at every interval in which the chain moved (and one at
/// start). A failure is logged and retried at the next interval; it never stops the service.
pub async fn run_periodically(
    db: regain_store::Db,
    place: Place,
    key: DeviceKey,
    interval: std::time::Duration,
) {
    let mut last = None;
    let mut tick = tokio::time::interval(interval);
    loop {
        tick.tick().await;
        let now = regain_core::ports::Clock::now(&crate::wiring::SystemClock);
        match write(&db, now, &place, &key, last).await {
            Ok(Some(seq)) => {
                last = Some(seq);
                tracing::info!(seq, dir = %place.dir.display(), "audit checkpoint written");
            }
            Ok(None) => {}
            Err(e) => tracing::error!(error = %e, "cannot write the audit checkpoint"),
        }
    }
}
