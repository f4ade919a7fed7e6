//! The deployments `verify_load` compares: where the database lives and how many nodes answer.
//! The PostgreSQL server and nginx are real processes, started here and stopped on drop.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// One way of running Regain that the benchmark measures.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Deployment {
    /// One node on a SQLite file (the hot path of ADR 0006).
    Sqlite,
    /// One node on PostgreSQL.
    Postgres,
    /// Two nodes on one PostgreSQL database, nginx in front (round-robin, no stickiness).
    TwoNodes,
}

impl Deployment {
    /// `BENCH_DEPLOYMENTS` (comma-separated `sqlite`, `pg`, `pg2`), all three by default.
    pub fn chosen() -> Vec<Deployment> {
        let text = std::env::var("BENCH_DEPLOYMENTS").unwrap_or_else(|_| "sqlite,pg,pg2".into());
        text.split(',')
            .map(|w| match w.trim() {
                "sqlite" => Deployment::Sqlite,
                "pg" => Deployment::Postgres,
                "pg2" => Deployment::TwoNodes,
                other => {
                    panic!("BENCH_DEPLOYMENTS: unknown deployment {other:?}; use sqlite, pg or pg2")
                }
            })
            .collect()
    }

    pub fn label(self) -> &'static str {
        match self {
            Deployment::Sqlite => "SQLite, one node",
            Deployment::Postgres => "PostgreSQL, one node",
            Deployment::TwoNodes => "PostgreSQL, two nodes behind nginx",
        }
    }

    pub fn nodes(self) -> usize {
        if self == Deployment::TwoNodes { 2 } else { 1 }
    }
}

/// A PostgreSQL server for the run: `BENCH_PG_URL` (a superuser's URL; the run creates its
/// own databases there), or a throwaway cluster from `scripts/pg-throwaway`, stopped on drop.
pub struct PgServer {
    admin_url: String,
    /// `SHOW server_version`.
    pub version: String,
    throwaway: Option<String>,
}

fn scripts() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts")
}

impl PgServer {
    pub async fn start() -> PgServer {
        let (admin_url, throwaway) = match std::env::var("BENCH_PG_URL") {
            Ok(url) => (url, None),
            Err(_) => {
                let out = Command::new(scripts().join("pg-throwaway"))
                    .stderr(Stdio::inherit())
                    .output()
                    .expect("scripts/pg-throwaway runs");
                assert!(out.status.success(), "scripts/pg-throwaway failed");
                let text = String::from_utf8_lossy(&out.stdout).into_owned();
                let value = |k: &str| {
                    text.lines()
                        .find_map(|l| l.strip_prefix(&format!("{k}=")))
                        .unwrap_or_else(|| panic!("no {k} from scripts/pg-throwaway: {text}"))
                        .to_owned()
                };
                (value("REGAIN_TEST_PG_URL"), Some(value("PGDATA_DIR")))
            }
        };
        sqlx::any::install_default_drivers();
        let pool = sqlx::AnyPool::connect(&admin_url).await.unwrap();
        let version: String = sqlx::query_scalar("SHOW server_version")
            .fetch_one(&pool)
            .await
            .unwrap();
        pool.close().await;
        let server = PgServer {
            admin_url,
            version,
            throwaway,
        };
        if server.throwaway.is_some() {
            // The throwaway cluster turns fsync off; measure with it on, and without waiting for
            // the WAL's flush at each commit: what SQLite's synchronous=NORMAL in WAL mode does
            // (a crash of the machine may lose the last commits, never consistency).
            for sql in [
                "ALTER SYSTEM SET fsync = on",
                "ALTER SYSTEM SET full_page_writes = on",
                "ALTER SYSTEM SET synchronous_commit = off",
                "SELECT pg_reload_conf()",
            ] {
                server.admin(sql).await;
            }
        }
        server
    }

    async fn admin(&self, sql: &str) {
        sqlx::any::install_default_drivers();
        let pool = sqlx::AnyPool::connect(&self.admin_url).await.unwrap();
        sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_owned()))
            .execute(&pool)
            .await
            .unwrap();
        pool.close().await;
    }

    /// A new, empty database; its URL.
    pub async fn database(&self, name: &str) -> String {
        self.admin(&format!("DROP DATABASE IF EXISTS {name}")).await;
        self.admin(&format!("CREATE DATABASE {name}")).await;
        let (server, _) = self.admin_url.rsplit_once('/').unwrap();
        format!("{server}/{name}")
    }
}

impl Drop for PgServer {
    fn drop(&mut self) {
        if let Some(dir) = &self.throwaway {
            let _ = Command::new(scripts().join("pg-throwaway"))
                .args(["stop", dir])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
        }
    }
}

/// nginx on `port`, handing requests round-robin to the nodes on `upstreams` (plain HTTP on
/// loopback, keep-alive to the nodes), killed on drop.
pub struct Nginx(Child);

impl Nginx {
    pub fn start(dir: &Path, port: u16, upstreams: &[u16]) -> Nginx {
        std::fs::create_dir_all(dir.join("logs")).unwrap();
        let servers: String = upstreams
            .iter()
            .map(|p| format!("    server 127.0.0.1:{p};\n"))
            .collect();
        let d = dir.display();
        let conf = format!(
            r#"daemon off;
worker_processes 1;
pid {d}/nginx.pid;
error_log {d}/logs/error.log warn;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  client_body_temp_path {d}/body;
  proxy_temp_path {d}/proxy;
  fastcgi_temp_path {d}/fastcgi;
  uwsgi_temp_path {d}/uwsgi;
  scgi_temp_path {d}/scgi;
  upstream regain {{
{servers}    keepalive 64;
  }}
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://regain;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
    }}
  }}
}}
"#
        );
        let file = dir.join("nginx.conf");
        std::fs::write(&file, conf).unwrap();
        let mut child = Command::new("/usr/sbin/nginx")
            .arg("-p")
            .arg(dir)
            .arg("-c")
            .arg(&file)
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("nginx is needed: apt-get install nginx");
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Nginx(child);
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("nginx did not start on port {port}; see {d}/logs/error.log");
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
