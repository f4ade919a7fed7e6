//! The `regain` binary run as an operator runs it, for the CLI tests: a data directory, the
//! arguments, optionally a line on standard input, extra environment.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// What a run printed and its exit code.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn regain(data: &Path, args: &[&str], stdin: Option<&str>, env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_regain"));
    cmd.args(args)
        .env_remove("REGAIN_CONFIG")
        .env("REGAIN_DATA_DIR", data)
        .env("USER", "tester")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().unwrap();
    if let Some(s) = stdin {
        child.stdin.take().unwrap().write_all(s.as_bytes()).unwrap();
    } else {
        drop(child.stdin.take());
    }
    let Output {
        status,
        stdout,
        stderr,
    } = child.wait_with_output().unwrap();
    Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    }
}

pub fn ok(data: &Path, args: &[&str]) -> String {
    let r = regain(data, args, None, &[]);
    assert_eq!(r.code, 0, "regain {args:?} failed: {}", r.stderr);
    r.stdout
}
