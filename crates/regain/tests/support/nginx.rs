//! Debian's nginx in front of a test's Regain, with the shipped `deploy/nginx/` configuration:
//! its own prefix, configuration and port, never the system's. Fails, never skips, when nginx
//! is missing (scripts/test installs it).

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Nginx {
    child: Child,
    pub base: String,
    _dir: tempfile::TempDir,
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts nginx on `port` (HTTPS with `cert`/`key`) proxying password help to `upstream`
/// (`127.0.0.1:PORT` of Regain) through `deploy/nginx/regain-sspr.conf`; every other path is
/// refused (404).
pub fn start(port: u16, upstream: &str, cert: &Path, key: &Path) -> Nginx {
    let bin = Path::new("/usr/sbin/nginx");
    assert!(
        bin.exists(),
        "/usr/sbin/nginx is missing: install Debian's nginx (scripts/test does)"
    );
    let dir = tempfile::tempdir().unwrap();
    let deploy = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../deploy/nginx");
    for f in ["regain-sspr.conf", "regain-proxy-params.conf"] {
        std::fs::copy(deploy.join(f), dir.path().join(f)).unwrap();
    }
    let d = dir.path().display();
    let conf = format!(
        "user root;\nworker_processes 1;\npid {d}/nginx.pid;\nerror_log {d}/error.log warn;\n\
         events {{ worker_connections 256; }}\n\
         http {{\n  access_log {d}/access.log;\n\
           client_body_temp_path {d}/body; proxy_temp_path {d}/proxy; fastcgi_temp_path {d}/fastcgi;\n\
           uwsgi_temp_path {d}/uwsgi; scgi_temp_path {d}/scgi;\n\
           upstream regain {{ server {upstream}; }}\n\
           server {{\n    listen 127.0.0.1:{port} ssl;\n\
             ssl_certificate {cert};\n    ssl_certificate_key {key};\n\
             include regain-sspr.conf;\n    location / {{ return 404; }}\n  }}\n}}\n",
        cert = cert.display(),
        key = key.display()
    );
    std::fs::write(dir.path().join("nginx.conf"), conf).unwrap();
    let test = Command::new(bin)
        .arg("-t")
        .arg("-p")
        .arg(dir.path())
        .arg("-c")
        .arg(dir.path().join("nginx.conf"))
        .output()
        .unwrap();
    assert!(
        test.status.success(),
        "nginx refuses the configuration: {}",
        String::from_utf8_lossy(&test.stderr)
    );
    let child = Command::new(bin)
        .arg("-p")
        .arg(dir.path())
        .arg("-c")
        .arg(dir.path().join("nginx.conf"))
        .args(["-g", "daemon off;"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "nginx did not listen on {port}: {}",
            std::fs::read_to_string(dir.path().join("error.log")).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    Nginx {
        child,
        base: format!("https://127.0.0.1:{port}"),
        _dir: dir,
    }
}
