//! The in-process push channel: a push wakes the device's long-poll on this node at once.
//! On PostgreSQL every node's listener also wakes it when another node announces a push
//! (`regain_store::listen_pushes`); should an announcement be missed, the poll still finds the
//! push at its next database re-read, within a second. A mobile push service would be another
//! `PushChannel`.

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

    /// Runs `check` and, when it finds nothing (`None`), waits until a push for the device is
    /// announced on this node or `limit` passes. The wait is registered before `check` runs,
    /// so an announcement that comes while it reads is not missed.
    pub async fn check_then_wait<T>(
        &self,
        method_id: &str,
        limit: Duration,
        check: impl Future<Output = Option<T>>,
    ) -> Option<T> {
        let Some(n) = self.entry(method_id) else {
            let found = check.await;
            if found.is_none() {
                tokio::time::sleep(limit).await;
            }
            return found;
        };
        let notified = n.notified();
        tokio::pin!(notified);
        notified.as_mut().enable();
        let found = check.await;
        if found.is_none() {
            let _announced = tokio::time::timeout(limit, notified).await;
        }
        found
    }

    /// Wakes the long-polls of `method_id` held on this node.
    pub fn wake(&self, method_id: &str) {
        if let Some(n) = self.entry(method_id) {
            n.notify_waiters();
        }
    }
}

#[async_trait::async_trait]
impl PushChannel for PushWaiters {
    async fn notify(&self, method_id: &str) {
        self.wake(method_id);
    }
}
