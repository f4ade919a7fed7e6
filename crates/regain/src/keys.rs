//! Key files in the data directory: generated once with mode 0600, or supplied by configuration.

use crate::config::Effective;
use anyhow::Context;
use regain_crypto::KeyMaterial;
use std::fs;
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::Path;

pub fn ensure_private_dir(dir: &Path) -> anyhow::Result<()> {
    if !dir.exists() {
        fs::create_dir_all(dir)
            .with_context(|| format!("creating data directory {}", dir.display()))?;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700))
            .with_context(|| format!("restricting data directory {}", dir.display()))?;
    }
    Ok(())
}

/// Writes `contents` to a new file readable only by its owner; never overwrites.
pub fn write_private(path: &Path, contents: &str) -> anyhow::Result<()> {
    let mut f = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("creating {}", path.display()))?;
    f.write_all(contents.as_bytes())
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}

/// A key generated on this start, written to its file only once the database is reachable, so a
/// failed start leaves nothing behind.
pub struct PendingKey {
    path: std::path::PathBuf,
    value: String,
}

impl PendingKey {
    pub fn persist(self) -> anyhow::Result<()> {
        ensure_private_dir(self.path.parent().unwrap_or(Path::new(".")))?;
        write_private(&self.path, &format!("{}\n", self.value))
    }
}

fn resolve(
    what: &'static str,
    inline: &Option<String>,
    file: &Option<std::path::PathBuf>,
    default_file: &Path,
    pending: &mut Vec<PendingKey>,
) -> anyhow::Result<String> {
    match (inline, file) {
        (Some(_), Some(_)) => {
            anyhow::bail!("keys.{what}: set keys.{what} or keys.{what}_file, not both")
        }
        (Some(k), None) => Ok(k.clone()),
        (None, Some(f)) => fs::read_to_string(f)
            .with_context(|| format!("keys.{what}_file: cannot read {}", f.display())),
        (None, None) => {
            if !default_file.exists() {
                let value = KeyMaterial::generate_key()?;
                pending.push(PendingKey {
                    path: default_file.to_owned(),
                    value: value.clone(),
                });
                return Ok(value);
            }
            let mode = fs::metadata(default_file)?.permissions().mode() & 0o777;
            if mode & 0o077 != 0 {
                anyhow::bail!(
                    "{} is readable by other users (mode {mode:o}): run chmod 600 on it",
                    default_file.display()
                );
            }
            fs::read_to_string(default_file)
                .with_context(|| format!("reading {}", default_file.display()))
        }
    }
}

/// The installation's keys, plus any that were generated now and still have to be written.
pub fn load_keys(cfg: &Effective) -> anyhow::Result<(KeyMaterial, Vec<PendingKey>)> {
    let dir = cfg.raw.data_dir.join("keys");
    let k = &cfg.raw.keys;
    let mut pending = Vec::new();
    let mac = resolve(
        "mac_key",
        &k.mac_key,
        &k.mac_key_file,
        &dir.join("mac.key"),
        &mut pending,
    )?;
    let field = resolve(
        "field_key",
        &k.field_key,
        &k.field_key_file,
        &dir.join("field.key"),
        &mut pending,
    )?;
    Ok((KeyMaterial::from_base64(&mac, &field)?, pending))
}
