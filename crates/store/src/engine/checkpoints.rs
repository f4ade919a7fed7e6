//! Checkpoints of the hot path's WAL (ADR 0007): a checkpointer thread on its own connection,
//! and the writer's own checkpoints between batches.

use regain_core::ports::StoreError;
use rusqlite::Connection;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How often the checkpointer is asked to copy the WAL back into the database file while the
/// writer is busy (and how long after the writer went quiet it checkpoints itself).
pub(super) const CHECKPOINT_EVERY: Duration = Duration::from_millis(20);
/// Beyond this many frames in the WAL, the writer checkpoints itself between two batches so the
/// WAL can start over (at most every [`RESTART_EVERY`]).
pub(super) const RESTART_FRAMES: i64 = 2048;
const RESTART_EVERY: Duration = Duration::from_millis(100);

/// Copies the WAL into the database file (passive: never waits for readers or writers).
/// Returns how many frames the WAL holds, if SQLite said.
///
/// Two places run it. The checkpointer thread, on its own connection, every
/// [`CHECKPOINT_EVERY`] while the writer writes: it does the copying and the fsyncs, which under
/// I/O contention can take hundreds of milliseconds, without holding up anybody. But SQLite
/// starts the WAL over only when a write begins while every frame has been copied, and under
/// sign-in load new frames arrive during every such checkpoint: alone, it let the WAL grow by
/// tens of megabytes a second (every frame on a new, zeroed page of the file; readers searching
/// an ever longer index). So the writer itself checkpoints between two batches once the WAL
/// passed [`RESTART_FRAMES`] (little is left to copy and flush by then) and when it goes quiet;
/// its next batch starts the WAL over in place.
fn checkpoint(conn: &Connection) -> Option<i64> {
    match conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| r.get::<_, i64>(1)) {
        Ok(frames) => Some(frames),
        Err(e) => {
            tracing::warn!(error = %e, "WAL checkpoint failed; will try again");
            None
        }
    }
}

/// The checkpointer thread: a checkpoint whenever the writer asks, until the writer is gone.
/// Publishes the WAL's size for the writer.
fn checkpoint_loop(conn: &Connection, asked: &mpsc::Receiver<()>, frames: &AtomicI64) {
    while asked.recv().is_ok() {
        if let Some(n) = checkpoint(conn) {
            frames.store(n, Ordering::Relaxed);
        }
    }
}

/// The writer's side of checkpointing (see [`checkpoint`]).
pub(super) struct Checkpoints {
    ask: mpsc::SyncSender<()>,
    /// The WAL's size as the checkpointer last saw it.
    frames: Arc<AtomicI64>,
    asked_at: Instant,
    restarted_at: Instant,
    /// Whether the writer committed since it last checkpointed itself.
    pub(super) unchecked: bool,
}

impl Checkpoints {
    /// Starts the checkpointer thread on `conn`; the writer keeps the returned side.
    pub(super) fn start(conn: Connection) -> Result<Checkpoints, StoreError> {
        let frames = Arc::new(AtomicI64::new(0));
        let (ask, asked) = mpsc::sync_channel::<()>(1);
        let published = frames.clone();
        std::thread::Builder::new()
            .name("regain-sqlite-checkpoint".into())
            .spawn(move || checkpoint_loop(&conn, &asked, &published))
            .map_err(|e| StoreError::Unavailable(format!("cannot start the checkpointer: {e}")))?;
        Ok(Checkpoints {
            ask,
            frames,
            asked_at: Instant::now(),
            restarted_at: Instant::now(),
            unchecked: false,
        })
    }

    /// After a commit: ask the checkpointer now and then; checkpoint here when the WAL grew.
    pub(super) fn committed(&mut self, conn: &Connection) {
        self.unchecked = true;
        if self.asked_at.elapsed() >= CHECKPOINT_EVERY {
            // Full: one is running or asked for already.
            let _ = self.ask.try_send(());
            self.asked_at = Instant::now();
        }
        if self.frames.load(Ordering::Relaxed) > RESTART_FRAMES
            && self.restarted_at.elapsed() >= RESTART_EVERY
        {
            self.here(conn);
        }
    }

    /// Checkpoints on the writer's connection, between batches.
    pub(super) fn here(&mut self, conn: &Connection) {
        if let Some(n) = checkpoint(conn) {
            self.frames.store(n, Ordering::Relaxed);
        }
        self.restarted_at = Instant::now();
        self.unchecked = false;
    }
}
