//! A minimal W3C WebDriver client over plain HTTP to a local chromedriver: enough to drive
//! Debian's Chromium from Rust tests without pulling in an HTTP client stack.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Driver {
    child: Child,
    port: u16,
}

fn request(port: u16, method: &str, path: &str, body: Option<&Value>) -> Result<Value, String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    s.set_read_timeout(Some(Duration::from_secs(60))).ok();
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .map_err(|e| e.to_string())?;
    let mut reader = BufReader::new(s);
    let mut status = String::new();
    reader.read_line(&mut status).map_err(|e| e.to_string())?;
    let mut len: Option<usize> = None;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).map_err(|e| e.to_string())?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
            len = v.trim().parse().ok();
        }
    }
    let mut buf = Vec::new();
    match len {
        Some(n) => {
            buf.resize(n, 0);
            reader.read_exact(&mut buf).map_err(|e| e.to_string())?;
        }
        None => {
            reader.read_to_end(&mut buf).map_err(|e| e.to_string())?;
        }
    }
    let v: Value = serde_json::from_slice(&buf).map_err(|e| format!("{status}: {e}"))?;
    if !status.contains(" 200 ") {
        return Err(format!(
            "{} {path}: {}",
            status.trim(),
            v["value"]["message"]
        ));
    }
    Ok(v["value"].clone())
}

impl Driver {
    /// Starts chromedriver; fails loudly when Chromium or its driver is missing.
    pub fn start() -> Driver {
        for bin in ["/usr/bin/chromedriver", "/usr/bin/chromium"] {
            assert!(
                std::path::Path::new(bin).exists(),
                "{bin} is missing: install Debian's chromium and chromium-driver (scripts/test does)"
            );
        }
        let port = super::free_port();
        let child = Command::new("/usr/bin/chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver cannot start");
        let started = Instant::now();
        // chromedriver reports readiness on /status; wait for it, bounded.
        while request(port, "GET", "/status", None)
            .map(|v| v["ready"] != json!(true))
            .unwrap_or(true)
        {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "chromedriver did not become ready within 30 s"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Driver { child, port }
    }

    pub fn session(&self) -> Session {
        let profile = tempfile::tempdir().unwrap();
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "acceptInsecureCerts": true,
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                         "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
                         "--window-size=1280,900", format!("--user-data-dir={}", profile.path().display())]
            }
        }}});
        let v = request(self.port, "POST", "/session", Some(&caps))
            .unwrap_or_else(|e| panic!("Chromium cannot start: {e}"));
        Session {
            port: self.port,
            id: v["sessionId"].as_str().unwrap().to_owned(),
            _profile: profile,
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub struct Session {
    port: u16,
    id: String,
    _profile: tempfile::TempDir,
}

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

impl Session {
    fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        request(
            self.port,
            method,
            &format!("/session/{}{path}", self.id),
            body.as_ref(),
        )
        .unwrap_or_else(|e| panic!("{e}"))
    }

    pub fn goto(&self, url: &str) {
        self.cmd("POST", "/url", Some(json!({"url": url})));
    }

    pub fn url(&self) -> String {
        self.cmd("GET", "/url", None).as_str().unwrap().to_owned()
    }

    pub fn source(&self) -> String {
        self.cmd("GET", "/source", None)
            .as_str()
            .unwrap()
            .to_owned()
    }

    pub fn find(&self, css: &str) -> String {
        let v = self.cmd(
            "POST",
            "/element",
            Some(json!({"using": "css selector", "value": css})),
        );
        v[ELEMENT]
            .as_str()
            .unwrap_or_else(|| panic!("no element {css}"))
            .to_owned()
    }

    pub fn exists(&self, css: &str) -> bool {
        let v = self.cmd(
            "POST",
            "/elements",
            Some(json!({"using": "css selector", "value": css})),
        );
        !v.as_array().unwrap().is_empty()
    }

    pub fn text(&self, css: &str) -> String {
        let el = self.find(css);
        self.cmd("GET", &format!("/element/{el}/text"), None)
            .as_str()
            .unwrap()
            .to_owned()
    }

    pub fn type_into(&self, css: &str, text: &str) {
        let el = self.find(css);
        self.cmd("POST", &format!("/element/{el}/clear"), Some(json!({})));
        self.cmd(
            "POST",
            &format!("/element/{el}/value"),
            Some(json!({"text": text})),
        );
    }

    pub fn click(&self, css: &str) {
        let el = self.find(css);
        self.cmd("POST", &format!("/element/{el}/click"), Some(json!({})));
    }

    /// Saves a PNG of the viewport.
    pub fn screenshot(&self, path: &std::path::Path) {
        use base64::Engine;
        let b64 = self.cmd("GET", "/screenshot", None);
        let png = base64::engine::general_purpose::STANDARD
            .decode(b64.as_str().unwrap())
            .unwrap();
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, png).unwrap();
    }

    /// Waits (bounded) until the page source contains `needle`: a click that submits a form
    /// returns before the redirect's page has loaded.
    pub fn wait_for(&self, needle: &str) {
        let started = Instant::now();
        loop {
            let src = self.source();
            if src.contains(needle) {
                return;
            }
            assert!(
                started.elapsed() < Duration::from_secs(15),
                "page never showed {needle:?}; it shows:\n{}",
                &src[..src.len().min(4000)]
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits (bounded) until the URL contains `part`.
    pub fn wait_url(&self, part: &str) {
        let started = Instant::now();
        while !self.url().contains(part) {
            assert!(
                started.elapsed() < Duration::from_secs(15),
                "URL never contained {part:?}: {}",
                self.url()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn delete_cookies(&self) {
        self.cmd("DELETE", "/cookie", None);
    }

    /// Runs `script` in the page (WebDriver's own channel: the page's CSP does not apply).
    pub fn execute(&self, script: &str, args: Value) -> Value {
        self.cmd(
            "POST",
            "/execute/sync",
            Some(json!({"script": script, "args": args})),
        )
    }

    /// Runs `script`, which calls its last argument with the result when done.
    pub fn execute_async(&self, script: &str, args: Value) -> Value {
        self.cmd(
            "POST",
            "/execute/async",
            Some(json!({"script": script, "args": args})),
        )
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = request(self.port, "DELETE", &format!("/session/{}", self.id), None);
    }
}
