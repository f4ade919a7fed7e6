//! Benchmark: the console's users page with 100,000 users (`BENCH_USERS`) on SQLite.
//!
//! `cargo bench -p regain-web --bench users_page` seeds a fresh database (bulk insert, outside
//! the audited path, since only the page is measured), signs an administrator in, then renders
//! the users page through the full router (session lookup, authorisation, query, template) for
//! a mix of searches and pages. Figures go to stdout and `target/bench/users_page.txt`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../tests/support/mod.rs"]
mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use regain_core::admin::SUPERADMIN_ROLE;
use regain_core::ports::{Clock, PolicyRepo};
use regain_core::service::{Caller, NewUser, SignIn};
use regain_web::{AppParts, AppState, Metrics, Readiness, WebConfig, app};
use secrecy::SecretString;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tower::ServiceExt;

struct Ready;
#[async_trait::async_trait]
impl Readiness for Ready {
    async fn check(&self) -> Result<(), String> {
        Ok(())
    }
}

/// `BENCH_USERS`, default 100,000.
fn users() -> usize {
    std::env::var("BENCH_USERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000)
}
const FIRST: [&str; 12] = [
    "Anna", "Ben", "Chloe", "David", "Elif", "Farid", "Greta", "Hiro", "Ines", "Jonas", "Kaia",
    "Lars",
];
const LAST: [&str; 12] = [
    "Meyer", "Novak", "Okafor", "Perez", "Quist", "Rossi", "Svensson", "Tanaka", "Umar",
    "Virtanen", "Weber", "Xu",
];

async fn seed(env: &support::Env) {
    let policy = env
        .db
        .policy_by_name("Default")
        .await
        .unwrap()
        .unwrap()
        .id
        .0;
    let now = env.clock.now().as_millis();
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&env.url).await.unwrap();
    let mut tx = pool.begin().await.unwrap();
    for chunk in (0..users()).collect::<Vec<_>>().chunks(500) {
        let mut sql = String::from(
            "INSERT INTO users (username, username_key, display_name, search_key, directory_ref, policy_id, state, created_at) VALUES ",
        );
        let rows: Vec<String> = chunk
            .iter()
            .map(|i| {
                let name = format!("u{i:06}");
                let display = format!("{} {} {i}", FIRST[i % 12], LAST[(i / 12) % 12]);
                let key = format!("{name} {}", display.to_lowercase());
                format!("('{name}', '{name}', '{display}', '{key}', 'embedded:{name}', {policy}, 'active', {now})")
            })
            .collect();
        sql.push_str(&rows.join(","));
        sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
            .execute(&mut *tx)
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    sqlx::raw_sql("ANALYZE").execute(&pool).await.unwrap();
    pool.close().await;
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

#[tokio::main]
async fn main() {
    let env = support::env().await;
    let started = Instant::now();
    seed(&env).await;
    let seeding = started.elapsed();
    let op = Caller::operator("bench");
    env.services
        .add_user(
            &op,
            NewUser {
                username: "admin".into(),
                display_name: "Admin".into(),
                policy: None,
                password: Some(SecretString::from("Bench-Password-42".to_owned())),
            },
        )
        .await
        .unwrap();
    env.services
        .assign_role(&op, SUPERADMIN_ROLE, "admin")
        .await
        .unwrap();
    // The console needs a second factor: the administrator enrols a token on the way in.
    let SignIn::EnrollmentRequired {
        pending,
        seed_base32,
        ..
    } = env
        .services
        .sign_in(
            "admin",
            &SecretString::from("Bench-Password-42".to_owned()),
            None,
        )
        .await
        .unwrap()
    else {
        panic!("sign-in failed")
    };
    let seed = regain_crypto::base32_decode(&seed_base32).unwrap();
    let step = regain_core::otp::totp_step(env.clock.now(), 30);
    let code = regain_crypto::hotp(&seed, step, regain_core::otp::OtpAlgorithm::Sha1, 6);
    let SignIn::Done(session) = env
        .services
        .sign_in_enroll(&pending, &code, None)
        .await
        .unwrap()
    else {
        panic!("enrolling the console token failed")
    };
    let cookie = format!("__Host-regain={}", session.token);
    let state = AppState::from(AppParts {
        services: env.services.clone(),
        readiness: Arc::new(Ready),
        metrics: Arc::new(Metrics::new().unwrap()),
        config: WebConfig::default(),
        push_waiters: env.push_waiters.clone(),
    });
    let router = app(state);
    let cases: Vec<(&str, String)> = vec![
        ("first page, no search", "/admin/users".into()),
        (
            "page 2000 of the full list",
            "/admin/users?page=2000".into(),
        ),
        (
            "search by user name (1 hit)",
            "/admin/users?q=u054321".into(),
        ),
        (
            "search by surname (~8,300 hits)",
            "/admin/users?q=tanaka".into(),
        ),
        (
            "search by full name (1 hit)",
            "/admin/users?q=Greta+Rossi+78".into(),
        ),
        ("search with no hit", "/admin/users?q=zzzz".into()),
    ];
    let mut report = format!(
        "users page, {} users, SQLite (seeded in {:.1} s), 200 requests per case\n",
        users(),
        seeding.as_secs_f64()
    );
    report.push_str(&format!(
        "{:<36} {:>10} {:>10} {:>10}\n",
        "case", "median", "p95", "max"
    ));
    let mut all = Vec::new();
    for (label, path) in &cases {
        let mut times = Vec::new();
        for i in 0..210 {
            let req = Request::get(path.as_str())
                .header(header::COOKIE, &cookie)
                .body(Body::empty())
                .unwrap();
            let t = Instant::now();
            let res = router.clone().oneshot(req).await.unwrap();
            let status = res.status();
            let _body = res.into_body().collect().await.unwrap();
            let e = t.elapsed();
            assert_eq!(status, StatusCode::OK, "{path}");
            if i >= 10 {
                times.push(e); // the first ten warm the caches
            }
        }
        times.sort();
        all.extend(times.iter().copied());
        report.push_str(&format!(
            "{label:<36} {:>8.2}ms {:>8.2}ms {:>8.2}ms\n",
            percentile(&times, 0.5).as_secs_f64() * 1e3,
            percentile(&times, 0.95).as_secs_f64() * 1e3,
            times.last().unwrap().as_secs_f64() * 1e3
        ));
    }
    all.sort();
    report.push_str(&format!(
        "{:<36} {:>8.2}ms {:>8.2}ms\n",
        "all cases",
        percentile(&all, 0.5).as_secs_f64() * 1e3,
        percentile(&all, 0.95).as_secs_f64() * 1e3
    ));
    print!("{report}");
    let out = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/bench");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("users_page.txt"), report).unwrap();
}
