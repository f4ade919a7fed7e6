//! The SQLite hot path (ADR 0006): the statements of a sign-in run through rusqlite on the
//! calling thread (reads, on a few reader connections) or on one writer thread that commits
//! many callers' changes together (writes), instead of through sqlx's per-statement hand-off
//! to a connection thread.
//!
//! Why: a second-factor verification read about eight rows and wrote three; through sqlx each
//! of those crosses to the driver's worker thread and back, which capped a two-core machine at
//! about a thousand verifications a second (see `crates/regain/benches/verify_load.rs`). A point
//! read on the calling thread costs microseconds, and committing a batch shares the WAL writes.
//!
//! Two kinds of reads. Most use reader connections of their own: a read never waits for a
//! batch to commit and never sees one that has not. The price is SQLite emptying a reader's
//! page cache after every commit, so such reads start from the operating system's cache. The
//! sign-in path's snapshots (a transaction's whole state, a push answer's) instead run on the
//! writer thread's connection between two batches (`read_warm`, ADR 0008): its cache stays warm
//! because nobody else writes under load, and an async caller waits for its turn without
//! blocking a runtime thread.
//!
//! Semantics do not change: the same SQL runs (the same `$n` placeholders, bound by position as
//! sqlx binds them), every write job runs inside its own savepoint of the batch's transaction
//! (a failing job is rolled back alone), and a caller hears its result only after the batch
//! committed. The sqlx writer stays the writer for everything else; SQLite serialises the two
//! (both wait up to ten seconds for the lock).

mod checkpoints;

use crate::audit::{AuditSigner, BatchChain};
use crate::warm::{Warm, WarmCache};
use checkpoints::{CHECKPOINT_EVERY, Checkpoints};
use regain_core::audit::{AuditEvent, AuditRecord};
use regain_core::ports::StoreError;
use rusqlite::{Connection, OpenFlags, Params, Row};
use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

/// How many connections the readers share (a tokio worker per core, and some to spare).
const READERS: usize = 4;

/// How many callers' changes one commit carries at most.
const MAX_BATCH: usize = 128;

/// The writer connection's page cache, in KiB (ADR 0010). Small on purpose: when a B-tree page
/// splits, SQLite renumbers pages through the cache using the lock-byte page's number (page
/// 262,145 with 4 KiB pages) as a temporary key, and at the next commit it then walks every page
/// the cache holds to drop those above the database's end. The audit indexes split often, so
/// that walk costs most commits time in proportion to the cache's size: about 0.8 ms more per
/// commit with a full 128 MiB cache than with 8 MiB (`cargo bench -p regain-store --bench
/// commit_cache`). Pages it does not hold come from the WAL or the operating system's cache.
pub const WRITER_CACHE_KIB: i64 = 8192;

/// Maps a rusqlite error at the boundary, as `map_err` does for sqlx: never "not found".
pub(crate) fn map_sqlite(what: &str) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
    move |e| match &e {
        rusqlite::Error::SqliteFailure(f, _)
            if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
                || f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY =>
        {
            StoreError::Conflict(what.to_owned())
        }
        rusqlite::Error::SqliteFailure(f, _)
            if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY =>
        {
            StoreError::Conflict(format!("{what} (still referenced)"))
        }
        rusqlite::Error::FromSqlConversionFailure(..)
        | rusqlite::Error::InvalidColumnType(..)
        | rusqlite::Error::InvalidColumnName(_) => StoreError::Corrupt(format!("{what}: {e}")),
        _ => StoreError::Unavailable(format!("{what}: {e}")),
    }
}

/// The database file a `sqlite:` URL names, or `None` for an in-memory database (which only
/// the sqlx connections can share).
pub(crate) fn file_of_url(url: &str) -> Option<PathBuf> {
    let rest = url.strip_prefix("sqlite:")?;
    let rest = rest.strip_prefix("//").unwrap_or(rest);
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    if path.is_empty() || path == ":memory:" || query.split('&').any(|p| p == "mode=memory") {
        return None;
    }
    Some(PathBuf::from(path))
}

fn open(path: &Path) -> Result<Connection, StoreError> {
    let unavailable = map_sqlite("cannot open the database");
    let c = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(&unavailable)?;
    c.busy_timeout(Duration::from_secs(10))
        .map_err(&unavailable)?;
    // The same settings as the sqlx connections. No memory-mapped reads: SQLite unmaps the
    // whole file at the start of every read after another connection wrote, and under sign-in
    // load that is every read (a munmap, with its TLB shootdown on every core, per read).
    c.execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA mmap_size = 0;")
        .map_err(&unavailable)?;
    // Query planner stability: without it SQLite prepares a statement again whenever a bound
    // value might change the plan (here: nearly every statement, every time), which cost more
    // than running them. Our statements are point lookups whose plan never depends on values.
    c.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
        true,
    )
    .map_err(&unavailable)?;
    c.set_prepared_statement_cache_capacity(64);
    Ok(c)
}

/// What a write job sees: the writer connection, inside the batch's transaction and the job's
/// savepoint, and the audit chain to append to.
pub(crate) struct Writer<'a> {
    pub(crate) conn: &'a Connection,
    signer: &'a AuditSigner,
    /// This node's audit chain as this batch leaves it.
    chain: &'a RefCell<BatchChain>,
}

impl Writer<'_> {
    /// Runs one statement; returns the number of rows it changed.
    pub(crate) fn execute(
        &self,
        what: &str,
        sql: &str,
        params: impl Params,
    ) -> Result<usize, StoreError> {
        self.conn
            .prepare_cached(sql)
            .and_then(|mut s| s.execute(params))
            .map_err(map_sqlite(what))
    }

    /// Appends `e` to this node's audit chain in the batch's transaction.
    pub(crate) fn append_audit(&self, e: &AuditEvent) -> Result<AuditRecord, StoreError> {
        self.chain.borrow_mut().append(self.conn, self.signer, e)
    }
}

type Deliver = Box<dyn FnOnce(Option<StoreError>) + Send>;
/// A caller's change: runs against the writer (or learns why it cannot), says whether it
/// succeeded, and hands back how to tell the caller once the batch's fate is known.
type Job = Box<dyn FnOnce(Result<&Writer<'_>, &StoreError>) -> (bool, Deliver) + Send>;
/// A caller's read on the writer's connection: runs against it (or learns why it cannot) and
/// answers the caller itself (it saw only committed changes).
type ReadJob = Box<dyn FnOnce(Result<&Warm<'_>, &StoreError>) + Send>;

/// What the writer thread takes: reads it answers at once, and writes it commits in batches.
enum Work {
    Read(ReadJob),
    Write(Job),
}

pub(crate) struct Engine {
    /// The readers' connections, taken on the calling thread: a caller takes a free one, or
    /// waits for one. Separate from the writer's, so a read never waits for a batch to commit
    /// and never sees one that has not.
    readers: Vec<Mutex<Connection>>,
    next_reader: AtomicUsize,
    jobs: Mutex<Option<mpsc::Sender<Work>>>,
}

fn locked<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // The guarded values (the connection, the job sender) stay usable after a panic: jobs run
    // under catch_unwind, and a transaction a panic left open is rolled back before the next.
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Engine {
    /// Opens the hot path's connections and starts the writer.
    pub(crate) fn start(path: PathBuf, signer: AuditSigner) -> Result<Engine, StoreError> {
        let writer = open(&path)?;
        writer
            // The writer's page cache stays warm (nobody else writes under load) but small
            // (see WRITER_CACHE_KIB). Savepoint sub-journals in memory: past 64 KiB SQLite
            // spills them to a temporary file, and a job's savepoint (audit insert with its
            // indexes, two updates) can pass that.
            .execute_batch(&format!(
                "PRAGMA wal_autocheckpoint = 0; PRAGMA cache_size = -{WRITER_CACHE_KIB}; PRAGMA temp_store = MEMORY;"
            ))
            .map_err(map_sqlite("cannot configure the database"))?;
        checkpoints::watch_wal(&writer);
        let readers = (0..READERS)
            .map(|_| open(&path).map(Mutex::new))
            .collect::<Result<Vec<_>, _>>()?;
        let checkpoints = Checkpoints::start(open(&path)?)?;
        let (tx, rx) = mpsc::channel::<Work>();
        std::thread::Builder::new()
            .name("regain-sqlite-writer".into())
            .spawn(move || write_loop(&writer, &signer, &rx, checkpoints))
            .map_err(|e| StoreError::Unavailable(format!("cannot start the writer: {e}")))?;
        Ok(Engine {
            readers,
            next_reader: AtomicUsize::new(0),
            jobs: Mutex::new(Some(tx)),
        })
    }

    /// Stops taking writes; the writer thread finishes what it has and exits.
    pub(crate) fn close(&self) {
        locked(&self.jobs).take();
    }

    /// Runs `f` on the hot path's connection, on this thread (each statement is its own
    /// snapshot), on a reader connection (waiting only when every reader is busy).
    pub(crate) fn read<T>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let start = self.next_reader.fetch_add(1, Ordering::Relaxed);
        let n = self.readers.len();
        let c = (0..n)
            .find_map(|i| self.readers[(start + i) % n].try_lock().ok())
            .unwrap_or_else(|| locked(&self.readers[start % n]));
        if !c.is_autocommit() {
            // Left open by a snapshot that panicked: it would pin an old view.
            let _ = step(&c, "ROLLBACK");
        }
        f(&c)
    }

    /// The first row `sql` returns, mapped.
    pub(crate) fn query_opt<T>(
        &self,
        what: &str,
        sql: &str,
        params: impl Params,
        map: impl Fn(&Row<'_>) -> Result<T, StoreError>,
    ) -> Result<Option<T>, StoreError> {
        self.read(|c| first_row(c, what, sql, params, map))
    }

    /// Runs `f` on the writer thread in the next batch; returns its result once the batch
    /// committed (an error if the commit failed, whatever `f` returned).
    pub(crate) async fn write<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Writer<'_>) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        self.write_or_undo(move |w| f(w).map(|v| (v, true))).await
    }

    /// As [`Self::write`], where `f` also says whether its changes stand: `false` undoes them
    /// (its savepoint is rolled back) and the caller still gets the value.
    pub(crate) async fn write_or_undo<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Writer<'_>) -> Result<(T, bool), StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let (tx, rx) = tokio::sync::oneshot::channel::<Result<T, StoreError>>();
        let job: Job = Box::new(move |w| {
            let r = match w {
                Ok(w) => f(w),
                Err(e) => Err(e.clone()),
            };
            let keep = matches!(r, Ok((_, true)));
            let r = r.map(|(v, _)| v);
            let deliver: Deliver = Box::new(move |failed: Option<StoreError>| {
                // The caller may have gone away; its change stands or falls with the batch.
                // An undone job's answer is failed too: what it saw included the batch's
                // earlier changes, which did not commit.
                let _ = tx.send(match failed {
                    Some(e) => Err(e),
                    None => r,
                });
            });
            (keep, deliver)
        });
        self.send(Work::Write(job))?;
        answer(rx).await
    }

    /// Runs `f` as one snapshot on the writer thread's connection, before its next batch: it
    /// sees every committed change and none of a batch in progress. For the sign-in path's
    /// reads: the writer's page cache stays warm (nobody else writes under load), where a
    /// reader connection starts cold after every commit, so the same read costs a fraction.
    pub(crate) async fn read_warm<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Warm<'_>) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let (tx, rx) = tokio::sync::oneshot::channel::<Result<T, StoreError>>();
        let job: ReadJob = Box::new(move |c| {
            let r = match c {
                Ok(c) => f(c),
                Err(e) => Err(e.clone()),
            };
            // The caller may have gone away.
            let _ = tx.send(r);
        });
        self.send(Work::Read(job))?;
        answer(rx).await
    }

    fn send(&self, work: Work) -> Result<(), StoreError> {
        let sent = locked(&self.jobs)
            .as_ref()
            .map(|s| s.send(work).is_ok())
            .unwrap_or(false);
        if sent {
            Ok(())
        } else {
            Err(StoreError::Unavailable("the database is closed".into()))
        }
    }
}

/// What the writer thread answered a job (it drops the sender of one that panicked).
async fn answer<T>(
    rx: tokio::sync::oneshot::Receiver<Result<T, StoreError>>,
) -> Result<T, StoreError> {
    rx.await.map_err(|_| {
        StoreError::Unavailable("the database writer stopped before answering".into())
    })?
}

/// The first row `sql` returns on `c`, mapped.
pub(crate) fn first_row<T>(
    c: &Connection,
    what: &str,
    sql: &str,
    params: impl Params,
    map: impl Fn(&Row<'_>) -> Result<T, StoreError>,
) -> Result<Option<T>, StoreError> {
    let mut st = c.prepare_cached(sql).map_err(map_sqlite(what))?;
    let mut rows = st.query(params).map_err(map_sqlite(what))?;
    match rows.next().map_err(map_sqlite(what))? {
        Some(r) => map(r).map(Some),
        None => Ok(None),
    }
}

/// Every row `sql` returns on `c`, mapped.
pub(crate) fn all_rows<T>(
    c: &Connection,
    what: &str,
    sql: &str,
    params: impl Params,
    map: impl Fn(&Row<'_>) -> Result<T, StoreError>,
) -> Result<Vec<T>, StoreError> {
    let mut st = c.prepare_cached(sql).map_err(map_sqlite(what))?;
    let mut rows = st.query(params).map_err(map_sqlite(what))?;
    let mut out = Vec::new();
    while let Some(r) = rows.next().map_err(map_sqlite(what))? {
        out.push(map(r)?);
    }
    Ok(out)
}

fn step(conn: &Connection, sql: &str) -> Result<(), StoreError> {
    conn.prepare_cached(sql)
        .and_then(|mut s| s.execute([]))
        .map(|_| ())
        .map_err(map_sqlite("write transaction"))
}

/// Runs reads on the writer's connection in one read transaction, between two batches: they
/// see what committed and nothing else. A read that panicked is answered by its dropped
/// sender ("the writer stopped before answering").
fn run_reads(conn: &Connection, cache: &RefCell<WarmCache>, reads: Vec<ReadJob>) {
    if reads.is_empty() {
        return;
    }
    if let Err(e) = step(conn, "BEGIN") {
        for r in reads {
            r(Err(&e));
        }
        return;
    }
    cache.borrow_mut().check(conn);
    let warm = Warm::new(conn, cache);
    for r in reads {
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| r(Ok(&warm))));
    }
    if step(conn, "COMMIT").is_err() || !conn.is_autocommit() {
        let _ = step(conn, "ROLLBACK");
    }
}

/// Takes every job waiting (up to [`MAX_BATCH`]), runs each in its own savepoint of one
/// transaction, commits, then answers the callers.
fn write_loop(
    conn: &Connection,
    signer: &AuditSigner,
    rx: &mpsc::Receiver<Work>,
    mut checkpoints: Checkpoints,
) {
    let chain = RefCell::new(BatchChain::default());
    let cache = RefCell::new(WarmCache::default());
    loop {
        let first = if checkpoints.unchecked {
            match rx.recv_timeout(CHECKPOINT_EVERY) {
                Ok(j) => j,
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    // Gone quiet: copy the rest, so the next write starts the WAL over.
                    checkpoints.here(conn);
                    continue;
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
        } else {
            match rx.recv() {
                Ok(j) => j,
                Err(_) => break,
            }
        };
        let mut batch = Vec::new();
        let mut reads = Vec::new();
        let mut next = Some(first);
        while let Some(w) = next.take() {
            match w {
                Work::Read(r) => reads.push(r),
                Work::Write(j) => batch.push(j),
            }
            if batch.len() < MAX_BATCH {
                next = rx.try_recv().ok();
            }
        }
        run_reads(conn, &cache, reads);
        if batch.is_empty() {
            continue;
        }
        if let Err(e) = step(conn, "BEGIN IMMEDIATE") {
            for job in batch {
                job(Err(&e)).1(None);
            }
            continue;
        }
        // The chain head may have moved since the last batch (the sqlx writer appends too).
        chain.borrow_mut().reset();
        let w = Writer {
            conn,
            signer,
            chain: &chain,
        };
        let mut answers: Vec<Deliver> = Vec::with_capacity(batch.len());
        let mut jobs = batch.into_iter();
        while let Some(job) = jobs.next() {
            if let Err(e) = step(conn, "SAVEPOINT job") {
                // The transaction is unusable: nobody's change of this batch stands.
                let _ = step(conn, "ROLLBACK");
                for a in answers.drain(..) {
                    a(Some(e.clone()));
                }
                for j in std::iter::once(job).chain(jobs.by_ref()) {
                    j(Err(&e)).1(None);
                }
                break;
            }
            match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| job(Ok(&w)))) {
                Ok((true, deliver)) => {
                    let _ = step(conn, "RELEASE job");
                    chain.borrow_mut().keep();
                    answers.push(deliver);
                }
                outcome => {
                    // Failed or panicked: undo this job alone. Its audit records (if any) are
                    // undone too, so the next job links to the last record that stands. A
                    // panicked job's caller hears that the writer did not answer.
                    let _ = step(conn, "ROLLBACK TO job");
                    let _ = step(conn, "RELEASE job");
                    chain.borrow_mut().undo();
                    if let Ok((_, deliver)) = outcome {
                        answers.push(deliver);
                    }
                }
            }
        }
        if conn.is_autocommit() {
            // Rolled back above; everyone was answered.
            continue;
        }
        // The chain's head moves once per batch, with the batch.
        let stored = chain.borrow_mut().store(conn, signer);
        match stored.and_then(|()| step(conn, "COMMIT")) {
            Ok(()) => {
                for a in answers {
                    a(None);
                }
                checkpoints.committed(conn);
            }
            Err(e) => {
                let _ = step(conn, "ROLLBACK");
                for a in answers {
                    a(Some(e.clone()));
                }
            }
        }
    }
    if checkpoints.unchecked {
        checkpoints.here(conn);
    }
}

#[cfg(test)]
mod tests;
