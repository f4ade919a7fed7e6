//! The device's state on disk: server, device id, private key and offline-code seed. The file is
//! created with mode 0600 and never overwritten unless asked, so a second enrollment cannot
//! silently lose the first device's key.

use anyhow::{Context, bail};
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Offline {
    pub seed_base32: String,
    pub algorithm: String,
    pub digits: u8,
    pub period: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DeviceState {
    pub server: String,
    pub device_id: String,
    pub username: String,
    pub label: String,
    /// The Ed25519 key as a PKCS#8 document, base64.
    pub key_pkcs8: String,
    pub offline: Offline,
    /// A PEM file with the server's certificate (self-signed servers).
    #[serde(default)]
    pub ca_file: Option<PathBuf>,
    /// Accept any certificate (testing only).
    #[serde(default)]
    pub insecure: bool,
}

/// `--state`, else `$REGAIN_AUTHENTICATOR_STATE`, else `~/.config/regain-authenticator/device.json`.
pub fn default_path() -> PathBuf {
    if let Some(p) = std::env::var_os("REGAIN_AUTHENTICATOR_STATE") {
        return PathBuf::from(p);
    }
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))
        .unwrap_or_else(|| PathBuf::from("."));
    base.join("regain-authenticator").join("device.json")
}

pub fn load(path: &Path) -> anyhow::Result<DeviceState> {
    let text = std::fs::read_to_string(path).with_context(|| {
        format!(
            "no device at {}: enrol first with `regain-authenticator enroll LINK`",
            path.display()
        )
    })?;
    serde_json::from_str(&text).with_context(|| format!("{} is not a device file", path.display()))
}

pub fn save(path: &Path, state: &DeviceState, overwrite: bool) -> anyhow::Result<()> {
    if path.exists() && !overwrite {
        bail!(
            "{} already holds an enrolled device; use --force to replace it (the old device stops working once its enrollment is deleted)",
            path.display()
        );
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let tmp = path.with_extension("tmp");
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts
        .open(&tmp)
        .with_context(|| format!("cannot write {}", tmp.display()))?;
    f.write_all(serde_json::to_string_pretty(state)?.as_bytes())?;
    f.sync_all()?;
    std::fs::rename(&tmp, path).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}
