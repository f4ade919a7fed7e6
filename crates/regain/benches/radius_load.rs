//! RADIUS under load: `cargo bench -p regain --bench radius_load` (needs Debian's `freeradius`,
//! the comparison peer: `apt-get install freeradius`).
//!
//! One load generator (this process: tokio, one UDP socket per worker, each request waiting for
//! its answer) drives, on loopback:
//! 1. Regain's password step (`regain serve`, RADIUS, users of the embedded directory): every
//!    request checks a password with argon2id and answers with a challenge. Its rate is held
//!    against the argon2id limit: cores ÷ the time of one hash with the server's parameters
//!    (`PasswordHasher::owasp`, measured here on one core), and against what the machine hashes
//!    with every core verifying at once (the real ceiling when hashes share memory bandwidth).
//! 2. Regain's answer to an OTP challenge: State + HOTP code (the challenges from step 1), no
//!    password hash: the decision, the lockout, the single-use counter, the audit records.
//! 3. FreeRADIUS answering PAP from its `files` backend (cleartext password), the same generator.
//!
//! Figures go to stdout and `target/bench/radius_load.txt`. `BENCH_USERS` (default 32) users,
//! `BENCH_ROUNDS` (default 20) sign-ins each.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use regain_radius::{Attribute, AttributeType, Code, decode, hide_password, request};
use std::io::Write as _;
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

const SECRET: &str = "Bench-Radius-Secret-2026-Long-1";
const FR_SECRET: &str = "testing123";
const PASSWORD: &str = "Rg-Bench-Lantern-2026!";

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn free_udp_port() -> u16 {
    std::net::UdpSocket::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn regain(data: &Path, args: &[&str], stdin: Option<&str>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_regain"))
        .args(args)
        .env_remove("REGAIN_CONFIG")
        .env("REGAIN_DATA_DIR", data)
        .env("USER", "bench")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(s) = stdin {
        child.stdin.take().unwrap().write_all(s.as_bytes()).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "regain {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// RFC 4226's HOTP code of `seed` at `counter` (six digits).
fn hotp(seed: &[u8], counter: u64) -> String {
    regain_crypto::hotp(seed, counter, regain_core::otp::OtpAlgorithm::Sha1, 6)
}

/// One request/answer; the answer's code and State.
async fn exchange(
    sock: &tokio::net::UdpSocket,
    to: SocketAddr,
    secret: &str,
    id: u8,
    user: &str,
    password: &str,
    state: Option<&[u8]>,
) -> (Code, Option<Vec<u8>>) {
    let auth: [u8; 16] = regain_crypto::random_bytes().unwrap();
    let mut attrs = vec![
        Attribute::new(AttributeType::UserName, user),
        Attribute::new(
            AttributeType::UserPassword,
            hide_password(password.as_bytes(), secret.as_bytes(), &auth).unwrap(),
        ),
    ];
    if let Some(s) = state {
        attrs.push(Attribute::new(AttributeType::State, s.to_vec()));
    }
    let packet = request(Code::AccessRequest, id, auth, &attrs, secret.as_bytes()).unwrap();
    sock.send_to(&packet, to).await.unwrap();
    let mut buf = [0u8; 4096];
    let n = tokio::time::timeout(Duration::from_secs(10), sock.recv(&mut buf))
        .await
        .expect("no answer within 10 s")
        .unwrap();
    let p = decode(&buf[..n]).unwrap();
    (p.code, p.get(AttributeType::State).map(|a| a.value.clone()))
}

struct Run {
    requests: usize,
    seconds: f64,
}

impl Run {
    fn rate(&self) -> f64 {
        self.requests as f64 / self.seconds
    }
}

/// One argon2id verification with the server's parameters alone on one core (seconds), and
/// verifications per second with every core verifying at once, nothing else running. On this
/// kind of VM two hashes side by side each take longer than one alone (they share the memory
/// bandwidth for their 19 MiB), so the second is below cores ÷ the first.
fn hash_figures(cores: usize) -> (f64, f64) {
    let hasher = regain_crypto::PasswordHasher::owasp();
    let phc = hasher.hash(PASSWORD).unwrap();
    let n_hash = 20;
    let t = Instant::now();
    for _ in 0..n_hash {
        assert!(hasher.verify(PASSWORD, &phc));
    }
    let one = t.elapsed().as_secs_f64() / f64::from(n_hash);
    let t = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..cores {
            s.spawn(|| {
                for _ in 0..n_hash {
                    assert!(hasher.verify(PASSWORD, &phc));
                }
            });
        }
    });
    let parallel = (cores * n_hash as usize) as f64 / t.elapsed().as_secs_f64();
    (one, parallel)
}

fn main() {
    let users = env_or("BENCH_USERS", 32);
    let rounds = env_or("BENCH_ROUNDS", 20);
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    regain(&data, &["migrate"], None);
    // Users of the embedded directory, each with an HOTP token (codes in counter order: one
    // user's rounds are answered one after another, users side by side).
    let mut csv = String::new();
    let mut seeds = Vec::new();
    for u in 0..users {
        let name = format!("bench{u:03}");
        regain(
            &data,
            &["user", "add", &name, "--password-stdin"],
            Some(&format!("{PASSWORD}\n")),
        );
        let seed: [u8; 20] = regain_crypto::random_bytes().unwrap();
        csv.push_str(&format!("HB{u:05},{name},{},hotp\n", hex::encode(seed)));
        seeds.push(seed);
    }
    let csv_file = dir.path().join("tokens.csv");
    std::fs::write(&csv_file, csv).unwrap();
    regain(&data, &["otp", "import", csv_file.to_str().unwrap()], None);
    let port = free_udp_port();
    let config = dir.path().join("regain.toml");
    std::fs::write(
        &config,
        format!("[radius]\nlisten = \"127.0.0.1:{port}\"\n\n[[radius.clients]]\nname = \"bench\"\naddress = \"127.0.0.1\"\nsecret = \"{SECRET}\"\nworkflow = \"remote_access\"\n"),
    )
    .unwrap();
    let mut server = Command::new(env!("CARGO_BIN_EXE_regain"))
        .arg("serve")
        .env("REGAIN_CONFIG", &config)
        .env("REGAIN_DATA_DIR", &data)
        .env("REGAIN_SERVER__LISTEN", "127.0.0.1:0")
        .env("REGAIN_METRICS__LISTEN", "off")
        .env("RUST_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let before = hash_figures(cores);
    let rt = tokio::runtime::Runtime::new().unwrap();
    let to: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    let seeds = Arc::new(seeds);
    let (single, password, answers) = rt.block_on(async {
        // Wait for the server.
        let probe = tokio::net::UdpSocket::bind("127.0.0.1:0").await.unwrap();
        for _ in 0..200 {
            let auth = [7u8; 16];
            let p = request(Code::StatusServer, 1, auth, &[], SECRET.as_bytes()).unwrap();
            probe.send_to(&p, to).await.unwrap();
            let mut buf = [0u8; 4096];
            if tokio::time::timeout(Duration::from_millis(200), probe.recv(&mut buf))
                .await
                .is_ok()
            {
                break;
            }
        }
        // One password step alone: the latency the argon2id limit is estimated from.
        let t = Instant::now();
        let n_single = 5;
        for i in 0..n_single {
            let (c, _) = exchange(&probe, to, SECRET, i, "bench000", PASSWORD, None).await;
            assert_eq!(c, Code::AccessChallenge);
        }
        let single = t.elapsed().as_secs_f64() / f64::from(n_single);
        // 1. Password steps, every user side by side; their States kept for step 2.
        let t = Instant::now();
        let mut tasks = Vec::new();
        for u in 0..users {
            tasks.push(tokio::spawn(async move {
                let sock = tokio::net::UdpSocket::bind("127.0.0.1:0").await.unwrap();
                let name = format!("bench{u:03}");
                let mut states = Vec::new();
                for r in 0..rounds {
                    let (c, s) = exchange(&sock, to, SECRET, r as u8, &name, PASSWORD, None).await;
                    assert_eq!(c, Code::AccessChallenge, "password step of {name}");
                    states.push(s.unwrap());
                }
                (sock, states)
            }));
        }
        let mut socks = Vec::new();
        for t in tasks {
            socks.push(t.await.unwrap());
        }
        let password = Run {
            requests: users * rounds,
            seconds: t.elapsed().as_secs_f64(),
        };
        // 2. The answers: State + the next HOTP code, no password hash.
        let t = Instant::now();
        let mut tasks = Vec::new();
        for (u, (sock, states)) in socks.into_iter().enumerate() {
            let seeds = seeds.clone();
            tasks.push(tokio::spawn(async move {
                let name = format!("bench{u:03}");
                for (r, state) in states.iter().enumerate() {
                    let code = hotp(&seeds[u], r as u64);
                    let (c, _) = exchange(
                        &sock,
                        to,
                        SECRET,
                        (100 + r) as u8,
                        &name,
                        &code,
                        Some(state),
                    )
                    .await;
                    assert_eq!(c, Code::AccessAccept, "answer {r} of {name}");
                }
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
        let answers = Run {
            requests: users * rounds,
            seconds: t.elapsed().as_secs_f64(),
        };
        (single, password, answers)
    });
    let _ = server.kill();
    let _ = server.wait();

    // 3. FreeRADIUS, PAP from its files backend, the same generator.
    let fr = dir.path().join("raddb");
    assert!(
        Command::new("cp")
            .args(["-a", "/etc/freeradius/3.0"])
            .arg(&fr)
            .status()
            .unwrap()
            .success(),
        "freeradius is missing: apt-get install freeradius"
    );
    for entry in std::fs::read_dir(fr.join("sites-enabled"))
        .unwrap()
        .flatten()
    {
        std::fs::remove_file(entry.path()).unwrap();
    }
    let _ = std::fs::remove_file(fr.join("mods-enabled/eap"));
    let fr_port = free_udp_port();
    let mut users_file = String::new();
    for u in 0..users {
        users_file.push_str(&format!(
            "bench{u:03}\tCleartext-Password := \"{PASSWORD}\"\n"
        ));
    }
    std::fs::write(fr.join("mods-config/files/authorize"), users_file).unwrap();
    std::fs::write(
        fr.join("sites-enabled/bench"),
        format!("server bench {{\nlisten {{\n\ttype = auth\n\tipaddr = 127.0.0.1\n\tport = {fr_port}\n}}\nauthorize {{\n\tfiles\n\tpap\n}}\nauthenticate {{\n\tAuth-Type PAP {{\n\t\tpap\n\t}}\n}}\n}}\n"),
    )
    .unwrap();
    let radiusd = std::fs::read_to_string(fr.join("radiusd.conf"))
        .unwrap()
        .replace("proxy_requests  = yes", "proxy_requests  = no");
    std::fs::write(fr.join("radiusd.conf"), radiusd).unwrap();
    let _ = Command::new("chown")
        .args(["-R", "freerad:freerad"])
        .arg(&fr)
        .status();
    let mut freeradius = Command::new("freeradius")
        .arg("-f")
        .arg("-d")
        .arg(&fr)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("freeradius cannot be started: apt-get install freeradius");
    let fr_to: SocketAddr = format!("127.0.0.1:{fr_port}").parse().unwrap();
    let freeradius_run = rt.block_on(async {
        let probe = tokio::net::UdpSocket::bind("127.0.0.1:0").await.unwrap();
        let mut up = false;
        for _ in 0..100 {
            let auth = [9u8; 16];
            let hidden = hide_password(PASSWORD.as_bytes(), FR_SECRET.as_bytes(), &auth).unwrap();
            let p = request(
                Code::AccessRequest,
                1,
                auth,
                &[
                    Attribute::new(AttributeType::UserName, "bench000"),
                    Attribute::new(AttributeType::UserPassword, hidden),
                ],
                FR_SECRET.as_bytes(),
            )
            .unwrap();
            probe.send_to(&p, fr_to).await.unwrap();
            let mut buf = [0u8; 4096];
            if tokio::time::timeout(Duration::from_millis(200), probe.recv(&mut buf))
                .await
                .is_ok()
            {
                up = true;
                break;
            }
        }
        assert!(up, "freeradius did not answer");
        let t = Instant::now();
        let mut tasks = Vec::new();
        for u in 0..users {
            tasks.push(tokio::spawn(async move {
                let sock = tokio::net::UdpSocket::bind("127.0.0.1:0").await.unwrap();
                let name = format!("bench{u:03}");
                for r in 0..rounds {
                    let (c, _) =
                        exchange(&sock, fr_to, FR_SECRET, r as u8, &name, PASSWORD, None).await;
                    assert_eq!(c, Code::AccessAccept, "freeradius PAP for {name}");
                }
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
        Run {
            requests: users * rounds,
            seconds: t.elapsed().as_secs_f64(),
        }
    });
    let _ = freeradius.kill();
    let _ = freeradius.wait();

    // The argon2id figures measured before and after the password steps, and averaged: this
    // VM's speed drifts between phases, and the ratio should compare like with like.
    let after = hash_figures(cores);
    let hash = (before.0 + after.0) / 2.0;
    let parallel = (before.1 + after.1) / 2.0;
    let limit = cores as f64 / hash;
    let report = format!(
        "radius_load: {users} users x {rounds} rounds, {cores} cores, {} workers\n\
         one argon2id verification: {:.1} ms; one password step alone: {:.1} ms\n\
         password steps side by side: {:.1}/s ({:.0} % of the argon2id limit {:.1}/s = cores / one hash)\n\
         argon2id verifications on every core at once, nothing else: {:.1}/s (the steps are {:.0} % of it)\n\
         OTP challenge answers (State + HOTP): {:.0}/s\n\
         FreeRADIUS PAP (files, cleartext): {:.0}/s\n\
         Regain's answers as a share of FreeRADIUS's PAP rate: {:.0} %\n",
        users,
        hash * 1000.0,
        single * 1000.0,
        password.rate(),
        100.0 * password.rate() / limit,
        limit,
        parallel,
        100.0 * password.rate() / parallel,
        answers.rate(),
        freeradius_run.rate(),
        100.0 * answers.rate() / freeradius_run.rate(),
    );
    print!("{report}");
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/bench");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("radius_load.txt"), report).unwrap();
}
