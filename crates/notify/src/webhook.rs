//! SMS through a generic HTTPS webhook: the provider (or a small relay in front of it) receives
//! `{"id", "to", "text"}` as JSON, signed with HMAC-SHA-256 over `timestamp.body` in
//! `X-Regain-Signature: sha256=<hex>` with `X-Regain-Timestamp`, so it can reject forgeries and
//! replays. Timeouts, connection errors and 5xx answers are retried a bounded number of times
//! with backoff; a 4xx answer is final. Failures are reported, never swallowed (fail closed).

use async_trait::async_trait;
use hmac::{Hmac, KeyInit, Mac};
use regain_core::sms::{GatewayError, PhoneNumber, SmsGateway};
use secrecy::{ExposeSecret, SecretString};
use sha2::Sha256;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

pub struct WebhookSms {
    post: SignedPost,
    url: reqwest::Url,
    retries: u32,
}

/// A signed JSON POST (the SMS webhook's and the notices' webhooks): HMAC-SHA-256 over
/// `timestamp.body`, no redirects followed.
pub(crate) struct SignedPost {
    client: reqwest::Client,
    secret: SecretString,
}

/// Why a POST failed, and whether another attempt may help (timeouts, 5xx) or not (4xx).
pub(crate) struct PostFailure {
    pub error: GatewayError,
    pub retry: bool,
}

impl SignedPost {
    /// `what` names the secret's setting in errors.
    pub(crate) fn new(
        secret: SecretString,
        timeout: Duration,
        what: &str,
    ) -> Result<Self, ConfigError> {
        if secret.expose_secret().len() < 16 {
            return Err(ConfigError(format!("{what}: use at least 16 characters")));
        }
        // One crypto provider for the whole process (ring); harmless if already installed.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| ConfigError(format!("cannot build the HTTPS client: {e}")))?;
        Ok(SignedPost { client, secret })
    }

    pub(crate) async fn post(&self, url: reqwest::Url, body: &[u8]) -> Result<(), PostFailure> {
        let ts = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0)
            .to_string();
        let sig = signature(self.secret.expose_secret().as_bytes(), &ts, body);
        let res = self
            .client
            .post(url)
            .header("content-type", "application/json")
            .header("x-regain-timestamp", &ts)
            .header("x-regain-signature", format!("sha256={sig}"))
            .body(body.to_vec())
            .send()
            .await;
        let fail = |error, retry| Err(PostFailure { error, retry });
        match res {
            Ok(r) if r.status().is_success() => Ok(()),
            Ok(r) if r.status().is_server_error() => {
                fail(GatewayError::Refused(format!("HTTP {}", r.status())), true)
            }
            Ok(r) => fail(GatewayError::Refused(format!("HTTP {}", r.status())), false),
            Err(e) if e.is_timeout() => fail(GatewayError::Timeout, true),
            Err(e) => fail(GatewayError::Unreachable(e.to_string()), true),
        }
    }
}

#[derive(Debug)]
pub struct ConfigError(pub String);

impl std::error::Error for ConfigError {}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The signature a receiver recomputes: HMAC-SHA-256 over `timestamp.body`, hex.
pub fn signature(secret: &[u8], timestamp: &str, body: &[u8]) -> String {
    match <Hmac<Sha256> as KeyInit>::new_from_slice(secret) {
        Ok(mut m) => {
            m.update(timestamp.as_bytes());
            m.update(b".");
            m.update(body);
            hex::encode(m.finalize().into_bytes())
        }
        Err(_) => String::new(),
    }
}

impl std::fmt::Debug for WebhookSms {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The secret stays out of debug output.
        write!(f, "WebhookSms({}, retries {})", self.url, self.retries)
    }
}

impl WebhookSms {
    /// `allow_http` only for loopback test receivers; production URLs must be HTTPS.
    pub fn new(
        url: &str,
        secret: SecretString,
        timeout: Duration,
        retries: u32,
        allow_http: bool,
    ) -> Result<Self, ConfigError> {
        let url =
            reqwest::Url::parse(url).map_err(|e| ConfigError(format!("sms.webhook_url: {e}")))?;
        match url.scheme() {
            "https" => {}
            "http" if allow_http => {}
            _ => return Err(ConfigError("sms.webhook_url: use an https:// URL".into())),
        }
        Ok(WebhookSms {
            post: SignedPost::new(secret, timeout, "sms.webhook_secret")?,
            url,
            retries: retries.min(5),
        })
    }
}

#[async_trait]
impl SmsGateway for WebhookSms {
    async fn send(&self, to: &PhoneNumber, text: &str) -> Result<(), GatewayError> {
        let id = format!(
            "{:x}",
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0)
        );
        let body = serde_json::json!({"id": id, "to": to.as_str(), "text": text})
            .to_string()
            .into_bytes();
        let mut last = GatewayError::Unreachable("not attempted".into());
        for n in 0..=self.retries {
            if n > 0 {
                tokio::time::sleep(Duration::from_millis(100 * 4u64.pow(n - 1))).await;
            }
            match self.post.post(self.url.clone(), &body).await {
                Ok(()) => return Ok(()),
                Err(f) => {
                    last = f.error;
                    if !f.retry {
                        break;
                    }
                }
            }
        }
        Err(last)
    }
}
