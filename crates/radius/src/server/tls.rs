//! RADIUS/TLS (RFC 6614, security requirement 38): RADIUS over TLS on TCP, both sides proving
//! themselves with certificates. A client must present a certificate signed by the configured
//! client CA and connect from the address of a configured client; its packets then carry the
//! fixed secret "radsec" (the TLS session protects them), and every answer still starts with a
//! Message-Authenticator.

use super::RadiusServer;
use crate::packet::{MAX_PACKET, MIN_PACKET};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use std::path::PathBuf;
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const RADSEC: &[u8] = b"radsec";

/// The server's certificate and key, and the CA that signs the clients' certificates (PEM).
#[derive(Debug, Clone)]
pub struct TlsFiles {
    pub cert: PathBuf,
    pub key: PathBuf,
    pub client_ca: PathBuf,
}

/// A TLS acceptor that requires client certificates from `files.client_ca`.
pub fn acceptor(files: &TlsFiles) -> Result<tokio_rustls::TlsAcceptor, String> {
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(&files.cert)
        .map_err(|e| format!("radius.tls.cert_file {}: {e}", files.cert.display()))?
        .collect::<Result<_, _>>()
        .map_err(|e| format!("radius.tls.cert_file {}: {e}", files.cert.display()))?;
    let key = PrivateKeyDer::from_pem_file(&files.key)
        .map_err(|e| format!("radius.tls.key_file {}: {e}", files.key.display()))?;
    let mut roots = rustls::RootCertStore::empty();
    for ca in CertificateDer::pem_file_iter(&files.client_ca).map_err(|e| {
        format!(
            "radius.tls.client_ca_file {}: {e}",
            files.client_ca.display()
        )
    })? {
        let ca = ca.map_err(|e| format!("radius.tls.client_ca_file: {e}"))?;
        roots
            .add(ca)
            .map_err(|e| format!("radius.tls.client_ca_file: {e}"))?;
    }
    let _ = rustls::crypto::ring::default_provider().install_default();
    let verifier = rustls::server::WebPkiClientVerifier::builder(Arc::new(roots))
        .build()
        .map_err(|e| format!("radius.tls.client_ca_file: {e}"))?;
    let config = rustls::ServerConfig::builder()
        .with_client_cert_verifier(verifier)
        .with_single_cert(certs, key)
        .map_err(|e| format!("radius.tls: the certificate and key do not match: {e}"))?;
    Ok(tokio_rustls::TlsAcceptor::from(Arc::new(config)))
}

/// Accepts RADIUS/TLS connections on `listener` until the process ends.
pub async fn serve_tls(
    server: Arc<RadiusServer>,
    listener: TcpListener,
    acceptor: tokio_rustls::TlsAcceptor,
) {
    loop {
        let (tcp, from) = match listener.accept().await {
            Ok(x) => x,
            Err(e) => {
                tracing::warn!(error = %e, "radius/tls: accepting failed");
                continue;
            }
        };
        if server.client_for(from).is_none() {
            tracing::debug!(%from, "radius/tls: a connection from no configured client closed");
            continue;
        }
        let acceptor = acceptor.clone();
        let server = server.clone();
        tokio::spawn(async move {
            let stream = match acceptor.accept(tcp).await {
                Ok(s) => s,
                Err(e) => {
                    tracing::warn!(%from, error = %e, "radius/tls: handshake refused (a client certificate from the configured CA is required)");
                    return;
                }
            };
            let (mut rd, wr) = tokio::io::split(stream);
            let wr = Arc::new(tokio::sync::Mutex::new(wr));
            loop {
                let mut header = [0u8; 4];
                if rd.read_exact(&mut header).await.is_err() {
                    return;
                }
                let len = usize::from(u16::from_be_bytes([header[2], header[3]]));
                if !(MIN_PACKET..=MAX_PACKET).contains(&len) {
                    // A stream cannot be resynchronised after a bad length: close it.
                    tracing::debug!(%from, len, "radius/tls: bad packet length, connection closed");
                    return;
                }
                let mut raw = vec![0u8; len];
                raw[..4].copy_from_slice(&header);
                if rd.read_exact(&mut raw[4..]).await.is_err() {
                    return;
                }
                let server = server.clone();
                let wr = wr.clone();
                // Each packet in its own task: a delayed reject holds up nothing else.
                tokio::spawn(async move {
                    if let Some(bytes) = server.reply_to(&raw, from, Some(RADSEC)).await {
                        let mut w = wr.lock().await;
                        if let Err(e) = w.write_all(&bytes).await {
                            tracing::debug!(%from, error = %e, "radius/tls: writing the answer failed");
                        }
                    }
                });
            }
        });
    }
}
