//! `docs/security.md` stays true: every one of the 48 requirements has a row, and every test
//! the table names exists as a function somewhere under `crates/` (a renamed or deleted test
//! fails here until the table follows).

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn rust_sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_requirement_has_a_row_and_every_named_test_exists() {
    let doc = std::fs::read_to_string(repo().join("docs/security.md")).unwrap();
    let mut sources = Vec::new();
    rust_sources(&repo().join("crates"), &mut sources);
    let code: String = sources
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect::<Vec<_>>()
        .join("\n");
    let mut seen = Vec::new();
    let mut named = 0;
    for line in doc.lines().filter(|l| l.starts_with("| ")) {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let Ok(n) = cells[1].parse::<u32>() else {
            continue;
        };
        seen.push(n);
        let (status, tests, missing) = (cells[3], cells[4], cells[5]);
        assert!(
            ["proven", "partly", "not yet"].contains(&status),
            "requirement {n}: status {status:?}"
        );
        assert_eq!(
            tests.is_empty(),
            status == "not yet",
            "requirement {n}: a status of {status:?} with tests {tests:?}"
        );
        assert_eq!(
            missing.is_empty(),
            status == "proven",
            "requirement {n}: {status:?} must say what is missing, and only then"
        );
        for test in tests.split('`').skip(1).step_by(2) {
            assert!(
                test.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                "requirement {n}: {test:?} is not a test function name"
            );
            let defined = [format!("fn {test}("), format!("fn {test}<")]
                .iter()
                .any(|d| code.contains(d.as_str()));
            assert!(
                defined,
                "requirement {n}: the test {test} named in docs/security.md does not exist"
            );
            named += 1;
        }
    }
    assert_eq!(seen, (1..=48).collect::<Vec<_>>(), "rows 1 to 48, in order");
    assert!(named >= 60, "only {named} tests named");
}
