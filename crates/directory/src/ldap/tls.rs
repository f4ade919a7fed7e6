//! TLS for directory connections: rustls (ring), trusting only the configured CA file, or the
//! system's CA bundle when none is configured. Certificates are always verified.

use regain_core::directory::DirectoryError;
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;
use std::path::Path;
use std::sync::Arc;

const SYSTEM_BUNDLE: &str = "/etc/ssl/certs/ca-certificates.crt";

pub fn client_config(ca_file: Option<&Path>) -> Result<Arc<rustls::ClientConfig>, DirectoryError> {
    let path = ca_file.unwrap_or(Path::new(SYSTEM_BUNDLE));
    let bad =
        |m: String| DirectoryError::Invalid(format!("directory.ca_file {}: {m}", path.display()));
    let mut roots = rustls::RootCertStore::empty();
    let certs = CertificateDer::pem_file_iter(path).map_err(|e| bad(e.to_string()))?;
    for cert in certs {
        roots
            .add(cert.map_err(|e| bad(e.to_string()))?)
            .map_err(|e| bad(e.to_string()))?;
    }
    if roots.is_empty() {
        return Err(bad("no certificate in the file".into()));
    }
    let cfg = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map_err(|e| bad(e.to_string()))?
    .with_root_certificates(roots)
    .with_no_client_auth();
    Ok(Arc::new(cfg))
}
