//! What the SQLite writer's page-cache size costs per commit (ADR 0010).
//!
//! `cargo bench -p regain-store --bench commit_cache`
//!
//! 1. Builds a database of about 130 MB in a temporary directory: a wide table standing in for
//!    the users, methods and transactions a sign-in load touches, and a log table with two
//!    indexes on random text, as the audit log has (its index pages split often).
//! 2. For each cache size (the writer's, `WRITER_CACHE_KIB`, then 32 and 128 MiB, each twice in
//!    alternating order), copies the database, opens a connection set up as the writer is (WAL, synchronous NORMAL,
//!    temporary store in memory), fills its cache by reading the whole database, then times
//!    batches as the writer commits them: `BEGIN IMMEDIATE`, 64 inserts each in its own
//!    savepoint, `COMMIT`.
//!
//! Why it matters: when a B-tree page splits, SQLite renumbers pages through the page cache using
//! the lock-byte page's number as a temporary key; the next commit then walks every page the
//! cache holds to drop those above the database's end. The walk's cost grows with the cache.
//!
//! Figures go to stdout and `target/bench/commit_cache.txt`. Environment: `BENCH_ROWS` (rows of
//! the wide table, default 300000), `BENCH_COMMITS` (batches per run, default 300).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use regain_store::WRITER_CACHE_KIB;
use rusqlite::Connection;
use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn build(path: &Path, rows: usize) {
    let c = Connection::open(path).unwrap();
    c.execute_batch(
        "PRAGMA journal_mode = WAL;
         CREATE TABLE wide (id INTEGER PRIMARY KEY, v TEXT NOT NULL);
         CREATE TABLE log (id INTEGER PRIMARY KEY, actor TEXT NOT NULL, target TEXT NOT NULL, details TEXT NOT NULL);
         CREATE INDEX log_actor ON log(actor);
         CREATE INDEX log_target ON log(target);",
    )
    .unwrap();
    c.execute_batch("BEGIN").unwrap();
    {
        let mut st = c
            .prepare("INSERT INTO wide (id, v) VALUES (?1, ?2)")
            .unwrap();
        let filler = "x".repeat(400);
        for i in 0..rows {
            st.execute(rusqlite::params![i as i64, filler]).unwrap();
        }
    }
    c.execute_batch("COMMIT; PRAGMA wal_checkpoint(TRUNCATE);")
        .unwrap();
}

/// Microseconds per commit of `commits` batches on a connection whose cache holds as much of
/// the database as `cache_kib` allows.
fn run(template: &Path, cache_kib: i64, commits: usize) -> (f64, f64) {
    // Every run starts from the same database (the log table grows during a run).
    let path = template.with_file_name("run.db");
    std::fs::copy(template, &path).unwrap();
    let c = Connection::open(&path).unwrap();
    c.execute_batch(&format!(
        "PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY; PRAGMA wal_autocheckpoint = 0; PRAGMA cache_size = -{cache_kib};"
    ))
    .unwrap();
    // Fill the cache the way a long-running server's fills: by reading all over the database.
    let _: i64 = c
        .query_row("SELECT sum(length(v)) FROM wide", [], |r| r.get(0))
        .unwrap();
    let mut times = Vec::with_capacity(commits);
    let mut insert = c
        .prepare("INSERT INTO log (actor, target, details) VALUES (?1, ?2, ?3)")
        .unwrap();
    for _ in 0..commits {
        let started = Instant::now();
        c.execute_batch("BEGIN IMMEDIATE").unwrap();
        for _ in 0..64 {
            c.execute_batch("SAVEPOINT job").unwrap();
            insert
                .execute(rusqlite::params![
                    uuid::Uuid::new_v4().to_string(),
                    uuid::Uuid::new_v4().to_string(),
                    "{\"factor\":\"otp\",\"workflow\":\"remote_access\"}"
                ])
                .unwrap();
            c.execute_batch("RELEASE job").unwrap();
        }
        c.execute_batch("COMMIT").unwrap();
        times.push(started.elapsed().as_secs_f64() * 1e6);
    }
    drop(insert);
    drop(c);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let mean = times.iter().sum::<f64>() / times.len() as f64;
    times.sort_by(f64::total_cmp);
    (mean, times[times.len() / 2])
}

fn main() {
    let rows = env_or("BENCH_ROWS", 300_000);
    let commits = env_or("BENCH_COMMITS", 300);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("template.db");
    let started = Instant::now();
    build(&path, rows);
    let size_mb = std::fs::metadata(&path).unwrap().len() as f64 / 1e6;
    let mut report = format!(
        "commit_cache: {size_mb:.0} MB database built in {:.1} s; {commits} commits of 64 savepointed inserts per run, cache filled first\n\n{:<22} {:>14} {:>14}\n",
        started.elapsed().as_secs_f64(),
        "writer page cache",
        "mean µs/commit",
        "p50 µs/commit"
    );
    let sizes = [WRITER_CACHE_KIB, 32_768, 131_072];
    let mut order: Vec<i64> = sizes.to_vec();
    order.extend(sizes.iter().rev());
    for kib in order {
        let (mean, p50) = run(&path, kib, commits);
        let label = if kib == WRITER_CACHE_KIB {
            format!("{} MiB (the writer's)", kib / 1024)
        } else {
            format!("{} MiB", kib / 1024)
        };
        let _ = writeln!(report, "{label:<22} {mean:>14.0} {p50:>14.0}");
    }
    print!("{report}");
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/bench");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("commit_cache.txt"), &report).unwrap();
}
