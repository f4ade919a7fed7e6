//! The push channel of `regain serve`: a new push wakes the device's long-poll on this node
//! and is announced to every other node (PostgreSQL `NOTIFY`, a no-op on SQLite), whose
//! listeners wake theirs.

use regain_core::push::PushChannel;
use regain_web::PushWaiters;
use std::sync::Arc;

pub struct AnnouncedPush {
    pub local: Arc<PushWaiters>,
    pub db: regain_store::Db,
}

#[async_trait::async_trait]
impl PushChannel for AnnouncedPush {
    async fn notify(&self, method_id: &str) {
        self.local.wake(method_id);
        if let Err(e) = self.db.announce_push(method_id).await {
            // The push is stored: a device on another node still finds it at its next re-read.
            tracing::warn!(error = %e, "a push could not be announced to the other nodes");
        }
    }
}
