//! Checkpoints of the hot path's WAL (ADR 0007): a checkpointer thread on its own connection,
//! and the writer's own checkpoints between batches.

use regain_core::ports::StoreError;
use rusqlite::Connection;
use std::cell::Cell;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How often the checkpointer is asked to copy the WAL back into the database file while the
/// writer is busy (and how long after the writer went quiet it checkpoints itself).
pub(super) const CHECKPOINT_EVERY: Duration = Duration::from_millis(20);
/// Beyond this many frames in the WAL, the writer checkpoints itself between two batches so the
/// WAL can start over (at most every [`RESTART_EVERY`] after one that copied every frame).
pub(super) const RESTART_FRAMES: i64 = 2048;
const RESTART_EVERY: Duration = Duration::from_millis(100);

/// Copies the WAL into the database file (passive: never waits for readers or writers).
/// Returns what SQLite said of it, if it ran.
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
fn checkpoint(conn: &Connection) -> Option<Checkpointed> {
    match conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| {
        Ok(Checkpointed {
            busy: r.get::<_, i64>(0)? != 0,
            frames: r.get(1)?,
            copied: r.get(2)?,
        })
    }) {
        Ok(c) => Some(c),
        Err(e) => {
            tracing::warn!(error = %e, "WAL checkpoint failed; will try again");
            None
        }
    }
}

/// One checkpoint's outcome (`PRAGMA wal_checkpoint`'s row).
struct Checkpointed {
    /// Another connection held the checkpoint lock (the checkpointer thread, at work).
    busy: bool,
    /// Frames in the WAL.
    frames: i64,
    /// Frames copied into the database file so far.
    copied: i64,
}

impl Checkpointed {
    /// Every frame is in the database file: the next write starts the WAL over.
    fn complete(&self) -> bool {
        !self.busy && self.copied == self.frames
    }
}

/// The checkpointer thread: a checkpoint whenever the writer asks, until the writer is gone.
fn checkpoint_loop(conn: &Connection, asked: &mpsc::Receiver<()>) {
    while asked.recv().is_ok() {
        checkpoint(conn);
    }
}

thread_local! {
    /// Frames in the WAL after this thread's last commit, as SQLite reported it to
    /// [`count_frames`]. Only the writer thread commits on the hot path's writer connection.
    static WAL_FRAMES: Cell<i64> = const { Cell::new(0) };
}

/// SQLite's WAL hook: called on the committing thread after every commit, with the WAL's size.
fn count_frames(_: &rusqlite::hooks::Wal, frames: std::ffi::c_int) -> rusqlite::Result<()> {
    WAL_FRAMES.set(i64::from(frames));
    Ok(())
}

/// Makes `writer`'s commits report the WAL's size to the writer thread. The writer used to
/// learn it from the checkpointer thread, which under load could go a long while without saying
/// (busy copying a long WAL, or not scheduled), and the WAL grew past 70 MB meanwhile. Install
/// after `PRAGMA wal_autocheckpoint`, which replaces the hook.
pub(super) fn watch_wal(writer: &Connection) {
    writer.wal_hook(Some(count_frames));
}

/// The writer's side of checkpointing (see [`checkpoint`]).
pub(super) struct Checkpoints {
    ask: mpsc::SyncSender<()>,
    asked_at: Instant,
    restarted_at: Instant,
    /// Whether the writer committed since it last checkpointed itself.
    pub(super) unchecked: bool,
}

impl Checkpoints {
    /// Starts the checkpointer thread on `conn`; the writer keeps the returned side.
    pub(super) fn start(conn: Connection) -> Result<Checkpoints, StoreError> {
        let (ask, asked) = mpsc::sync_channel::<()>(1);
        std::thread::Builder::new()
            .name("regain-sqlite-checkpoint".into())
            .spawn(move || checkpoint_loop(&conn, &asked))
            .map_err(|e| StoreError::Unavailable(format!("cannot start the checkpointer: {e}")))?;
        Ok(Checkpoints {
            ask,
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
        if WAL_FRAMES.get() > RESTART_FRAMES && self.restarted_at.elapsed() >= RESTART_EVERY {
            self.here(conn);
        }
    }

    /// Checkpoints on the writer's connection, between batches. Only a checkpoint that copied
    /// every frame counts as a restart: one that found the checkpointer thread at work (its
    /// checkpoint lock held) did nothing, and is tried again after the next batch rather than
    /// [`RESTART_EVERY`] later. Waiting instead let the WAL grow past 80 MB in a test: the longer
    /// the WAL, the longer the checkpointer's runs, the likelier the next attempt met one.
    pub(super) fn here(&mut self, conn: &Connection) {
        if checkpoint(conn).is_some_and(|c| c.complete()) {
            self.restarted_at = Instant::now();
        }
        self.unchecked = false;
    }
}
