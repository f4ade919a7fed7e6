//! The device API over HTTPS: every request after enrollment is signed with the device key over
//! method, path, time and the body's digest (see the server's OpenAPI document).

use crate::state::DeviceState;
use anyhow::{Context, anyhow, bail};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use regain_core::push::request_message;
use regain_crypto::DeviceKey;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::path::Path;
use std::time::Duration;

pub fn http(ca_file: Option<&Path>, insecure: bool) -> anyhow::Result<reqwest::Client> {
    let mut b = reqwest::Client::builder()
        .timeout(Duration::from_secs(45))
        .connect_timeout(Duration::from_secs(10));
    if let Some(ca) = ca_file {
        let pem = std::fs::read(ca).with_context(|| format!("cannot read {}", ca.display()))?;
        let cert = reqwest::Certificate::from_pem(&pem)
            .with_context(|| format!("{} is not a PEM certificate", ca.display()))?;
        b = b.add_root_certificate(cert);
    }
    if insecure {
        b = b.danger_accept_invalid_certs(true);
    }
    b.build().context("cannot set up HTTPS")
}

/// The server's answer, or an error that carries its message.
pub async fn read(res: reqwest::Response) -> anyhow::Result<Value> {
    let status = res.status();
    let body: Value = res.json().await.unwrap_or(Value::Null);
    if status.is_success() {
        return Ok(body);
    }
    let message = body["message"].as_str().unwrap_or("no details");
    bail!("the server refused ({status}): {message}")
}

pub struct Device {
    pub state: DeviceState,
    key: DeviceKey,
    http: reqwest::Client,
}

impl Device {
    pub fn open(state: DeviceState) -> anyhow::Result<Device> {
        let pkcs8 = B64
            .decode(&state.key_pkcs8)
            .map_err(|_| anyhow!("the device file's key is not base64"))?;
        let key = DeviceKey::from_pkcs8(&pkcs8)?;
        let http = http(state.ca_file.as_deref(), state.insecure)?;
        Ok(Device { state, key, http })
    }

    pub fn sign(&self, message: &[u8]) -> String {
        B64.encode(self.key.sign(message))
    }

    fn signed(&self, method: reqwest::Method, path: &str, body: &[u8]) -> reqwest::RequestBuilder {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        let digest = hex::encode(Sha256::digest(body));
        let sig = self.sign(&request_message(method.as_str(), path, now, &digest));
        self.http
            .request(method, format!("{}{path}", self.state.server))
            .header("x-regain-device", &self.state.device_id)
            .header("x-regain-time", now.to_string())
            .header("x-regain-signature", sig)
    }

    pub async fn pushes(&self, wait: u64) -> anyhow::Result<Vec<Value>> {
        let path = if wait > 0 {
            format!("/device/v1/pushes?wait={}", wait.min(30))
        } else {
            "/device/v1/pushes".to_owned()
        };
        let res = self
            .signed(reqwest::Method::GET, &path, b"")
            .send()
            .await
            .with_context(|| format!("cannot reach {}", self.state.server))?;
        let v = read(res).await?;
        Ok(v["pushes"].as_array().cloned().unwrap_or_default())
    }

    pub async fn answer(&self, push: &str, body: &Value) -> anyhow::Result<String> {
        let bytes = body.to_string().into_bytes();
        let res = self
            .signed(
                reqwest::Method::POST,
                &format!("/device/v1/pushes/{push}"),
                &bytes,
            )
            .header("content-type", "application/json")
            .body(bytes)
            .send()
            .await
            .with_context(|| format!("cannot reach {}", self.state.server))?;
        let v = read(res).await?;
        Ok(v["state"].as_str().unwrap_or("unknown").to_owned())
    }
}
