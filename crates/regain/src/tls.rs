//! The server certificate: files from configuration, or a self-signed one generated once into
//! the data directory (replace it with a real one for production).

use crate::config::{Effective, TlsMode};
use crate::keys::{ensure_private_dir, write_private};
use anyhow::Context;
use std::path::PathBuf;

/// Paths of the PEM certificate and key to serve, creating the self-signed pair if needed.
pub fn certificate(cfg: &Effective) -> anyhow::Result<Option<(PathBuf, PathBuf)>> {
    match cfg.tls {
        TlsMode::Off => Ok(None),
        TlsMode::Files => match (&cfg.raw.server.cert_file, &cfg.raw.server.key_file) {
            (Some(c), Some(k)) => Ok(Some((c.clone(), k.clone()))),
            _ => anyhow::bail!("server.tls = \"files\" needs server.cert_file and server.key_file"),
        },
        TlsMode::SelfSigned => {
            let dir = cfg.raw.data_dir.join("tls");
            let (cert, key) = (dir.join("cert.pem"), dir.join("key.pem"));
            if !cert.exists() || !key.exists() {
                ensure_private_dir(&dir)?;
                let mut names = vec![
                    "localhost".to_owned(),
                    "127.0.0.1".to_owned(),
                    "::1".to_owned(),
                ];
                let ip = cfg.listen.ip().to_string();
                if !names.contains(&ip) && !cfg.listen.ip().is_unspecified() {
                    names.push(ip);
                }
                let generated = rcgen::generate_simple_self_signed(names)
                    .context("generating a self-signed certificate")?;
                let _ = std::fs::remove_file(&key);
                let _ = std::fs::remove_file(&cert);
                write_private(&key, &generated.signing_key.serialize_pem())?;
                std::fs::write(&cert, generated.cert.pem())
                    .with_context(|| format!("writing {}", cert.display()))?;
                tracing::info!(cert = %cert.display(), "generated a self-signed certificate");
            }
            Ok(Some((cert, key)))
        }
    }
}
