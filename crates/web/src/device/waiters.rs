//! The in-process push channel: a push wakes the device's long-poll on this node at once.
//! Devices connected to another node learn of it within a second, when their poll re-reads the
//! database; a mobile push service would be another `PushChannel`.

use regain_core::push::PushChannel;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::Notify;

#[derive(Default)]
pub struct PushWaiters(Mutex<HashMap<String, Arc<Notify>>>);

impl PushWaiters {
    fn entry(&self, method_id: &str) -> Option<Arc<Notify>> {
        let mut map = self.0.lock().ok()?;
        Some(map.entry(method_id.to_owned()).or_default().clone())
    }

    /// Waits until a push for the device is announced on this node, or `limit` passes.
    pub async fn wait(&self, method_id: &str, limit: Duration) {
        match self.entry(method_id) {
            Some(n) => {
                let _announced = tokio::time::timeout(limit, n.notified()).await;
            }
            None => tokio::time::sleep(limit).await,
        }
    }
}

#[async_trait::async_trait]
impl PushChannel for PushWaiters {
    async fn notify(&self, method_id: &str) {
        if let Some(n) = self.entry(method_id) {
            n.notify_waiters();
        }
    }
}
