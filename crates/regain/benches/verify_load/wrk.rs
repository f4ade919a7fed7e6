//! The load generator of `verify_load`: wrk with a Lua script that sends each request line once
//! and counts the answers that say what was asked for, and the server's CPU time per answer.

use crate::common::env_or;
use std::path::Path;
use std::process::Command;

pub const SCRIPT: &str = r#"
local lines = {}
for l in io.lines(os.getenv("BENCH_REQUESTS")) do lines[#lines + 1] = l end
local ok_word = os.getenv("BENCH_OK")
local method = os.getenv("BENCH_METHOD")
-- The ceiling's handler answers every request alike: there, repeats count.
local repeats_count = os.getenv("BENCH_REPEATS_COUNT") == "1"
local threads = {}
local next_id = 1
function setup(thread)
  thread:set("tid", next_id)
  table.insert(threads, thread)
  next_id = next_id + 1
end
function init(args)
  nthreads = tonumber(os.getenv("BENCH_THREADS"))
  idx = tid
  ok = 0
  other = 0
  wrapped = 0
end
local function split(s)
  local out = {}
  for f in string.gmatch(s, "([^\t]+)") do out[#out + 1] = f end
  return out
end
function request()
  local l = lines[idx]
  if l == nil then
    idx = tid
    wrapped = wrapped + 1
    l = lines[idx]
  end
  idx = idx + nthreads
  local f = split(l)
  local headers = { ["Content-Type"] = "application/json" }
  local i = 3
  while f[i] do headers[f[i]] = f[i + 1]; i = i + 2 end
  -- GET: the transaction's status, at the path the verification posted to without "/otp".
  if method == "GET" then return wrk.format("GET", (string.gsub(f[1], "/otp$", "")), headers) end
  return wrk.format("POST", f[1], headers, f[2])
end
function response(status, headers, body)
  -- After the list ran out, answers are repeats (a decided transaction says "accepted"
  -- again): never counted as verifications.
  if wrapped > 0 and not repeats_count then other = other + 1
  elseif status == 200 and string.find(body, ok_word, 1, true) then ok = ok + 1
  else other = other + 1 end
end
function done(summary, latency, requests)
  local a, o, w = 0, 0, 0
  for _, t in ipairs(threads) do
    a = a + t:get("ok"); o = o + t:get("other"); w = w + t:get("wrapped")
  end
  io.write(string.format("BENCH ok=%d other=%d wrapped=%d\n", a, o, w))
  for _, p in ipairs({50, 90, 99, 99.9}) do
    io.write(string.format("BENCH p%s=%.3f\n", p, latency:percentile(p) / 1000.0))
  end
  io.write(string.format("BENCH requests=%d seconds=%.3f\n", summary.requests, summary.duration / 1e6))
end
"#;

pub struct Run {
    pub label: String,
    pub ok: u64,
    pub other: u64,
    pub wrapped: u64,
    pub rps: f64,
    pub p50: f64,
    pub p90: f64,
    pub p99: f64,
    pub p999: f64,
    /// Share of the machine's CPU time the hypervisor gave to others during the run.
    pub steal: f64,
    /// The server's CPU time per answered request, in µs, by kind of thread (empty for the
    /// ceiling, which runs in this process), with the PostgreSQL server's.
    pub cpu_per_ok: Vec<(&'static str, f64)>,
}

/// Which part of the server a thread is, by its name.
fn thread_kind(name: &str) -> &'static str {
    match name {
        "regain-sqlite-w" => "database writer",
        "tokio-rt-worker" => "runtime workers",
        _ => "other threads",
    }
}

/// CPU time so far of the threads of `pids`, in ns, by kind of thread
/// (`/proc/PID/task/*/schedstat`: nanosecond counters, unlike the 10 ms ticks of `stat`), and
/// of the PostgreSQL server's processes when there are any. Threads that ended are missing
/// from both readings of a run and so count nothing.
fn thread_cpu(pids: &[u32]) -> std::collections::BTreeMap<&'static str, u64> {
    let mut out = std::collections::BTreeMap::new();
    let schedstat = |dir: &Path| -> u64 {
        std::fs::read_to_string(dir.join("schedstat"))
            .unwrap_or_default()
            .split_whitespace()
            .next()
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    for pid in pids {
        let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
            continue;
        };
        for t in tasks.flatten() {
            let comm = std::fs::read_to_string(t.path().join("comm")).unwrap_or_default();
            *out.entry(thread_kind(comm.trim())).or_insert(0) += schedstat(&t.path());
        }
    }
    if pids.is_empty() {
        return out;
    }
    // PostgreSQL runs a process per connection (single-threaded): the server's share of a
    // request on that engine.
    for p in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let comm = std::fs::read_to_string(p.path().join("comm")).unwrap_or_default();
        if comm.trim() == "postgres" {
            *out.entry("PostgreSQL").or_insert(0) += schedstat(&p.path());
        }
    }
    out
}

/// The machine's CPU time so far (all states) and the part stolen by the hypervisor, in ticks
/// (`/proc/stat`; zeros where there is none).
fn cpu_ticks() -> (u64, u64) {
    let stat = std::fs::read_to_string("/proc/stat").unwrap_or_default();
    let ticks: Vec<u64> = stat
        .lines()
        .next()
        .unwrap_or("")
        .split_whitespace()
        .skip(1)
        .filter_map(|v| v.parse().ok())
        .collect();
    // user nice system idle iowait irq softirq steal guest guest_nice; guests are already
    // counted in user and nice.
    let total = ticks.iter().take(8).sum();
    (total, ticks.get(7).copied().unwrap_or(0))
}

#[allow(clippy::too_many_arguments)]
pub fn wrk(
    label: &str,
    method: &str,
    base: &str,
    lines: &Path,
    ok_word: &str,
    script: &Path,
    repeats_count: bool,
    servers: &[u32],
) -> Run {
    let conns = env_or("BENCH_CONNECTIONS", 64);
    let secs = env_or("BENCH_SECONDS", 8);
    let before = cpu_ticks();
    let threads_before = thread_cpu(servers);
    let out = Command::new("wrk")
        .args([
            "-t",
            "2",
            "-c",
            &conns.to_string(),
            "-d",
            &format!("{secs}s"),
            "--timeout",
            "10s",
            "-s",
        ])
        .arg(script)
        .arg(base)
        .env("BENCH_REQUESTS", lines)
        .env("BENCH_OK", ok_word)
        .env("BENCH_METHOD", method)
        .env("BENCH_THREADS", "2")
        .env("BENCH_REPEATS_COUNT", if repeats_count { "1" } else { "0" })
        .output()
        .expect("wrk is needed: apt-get install wrk");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "wrk failed: {text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let get = |k: &str| -> f64 {
        text.split_whitespace()
            .find_map(|w| w.strip_prefix(&format!("{k}=")))
            .unwrap_or_else(|| panic!("no {k} in wrk output:\n{text}"))
            .parse()
            .unwrap()
    };
    let after = cpu_ticks();
    let threads_after = thread_cpu(servers);
    let ok = get("ok").max(1.0);
    let cpu_per_ok = threads_after
        .iter()
        .map(|(kind, ns)| {
            let spent = ns.saturating_sub(threads_before.get(kind).copied().unwrap_or(0));
            (*kind, spent as f64 / 1000.0 / ok)
        })
        .collect();
    let steal = (after.1 - before.1) as f64 / (after.0 - before.0).max(1) as f64;
    let requests = get("requests");
    let seconds = get("seconds");
    eprintln!("{label}: {requests} requests in {seconds:.1} s");
    Run {
        label: label.to_owned(),
        ok: get("ok") as u64,
        other: get("other") as u64,
        wrapped: get("wrapped") as u64,
        rps: get("ok") / seconds,
        p50: get("p50"),
        p90: get("p90"),
        p99: get("p99"),
        p999: get("p99.9"),
        steal,
        cpu_per_ok,
    }
}
