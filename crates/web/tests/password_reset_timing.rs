//! Security requirement 39, timing: giving a name and answering its questions take as long for a
//! name without answers (a decoy) as for an enrolled user, so a stopwatch cannot tell who exists.
//! 200 interleaved samples of each; the medians must be within 10 %. A side channel, measured
//! as such (the product's speed is measured by the benchmarks, not here). Its own test binary,
//! so no other test shares the cores meanwhile.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use axum::http::StatusCode;
use std::time::{Duration, Instant};
use support::console::{Console, cookie_pair, field};

const SAMPLES: usize = 200;

async fn app() -> Console {
    let c = Console::new().await;
    support::reset::allow_reset(&c, &[("sspr.questions_to_answer", "3")]).await;
    c.user("rita", None).await;
    // rita enrols 3 answers on /me.
    let me = support::reset_pages::me_session(&c, "rita").await;
    let page = c.get("/me/questions", &me).await;
    let csrf = field(&page.body, "csrf");
    let saved = c
        .post(
            "/me/questions",
            &me,
            &[
                ("csrf", &csrf),
                ("q-1", "1"),
                ("a-1", "first answer"),
                ("q-2", "2"),
                ("a-2", "second answer"),
                ("q-3", "3"),
                ("a-3", "third answer"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    c
}

/// One sample: how long giving `name` took, and how long a wrong answer set took.
async fn sample(c: &Console, name: &str) -> (Duration, Duration) {
    // Every sample in fresh windows: the rate limits and the lockout count start over.
    c.env.clock.advance(Duration::from_secs(20 * 60));
    let start = c.get("/sso/passwordhelp", "").await;
    let csrf = field(&start.body, "csrf");
    let pre = cookie_pair(&start.cookies, "__Host-regain-sspr-pre");
    let t = Instant::now();
    let res = c
        .post(
            "/sso/sschallengeinit",
            &pre,
            &[("csrf", &csrf), ("username", name)],
        )
        .await;
    let identify = t.elapsed();
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{name}: {}", res.body);
    let cookie = cookie_pair(&res.cookies, "__Host-regain-sspr");
    let page = c.get("/sso/sschallenge", &cookie).await;
    let csrf = field(&page.body, "csrf");
    let ids: Vec<String> = support::reset_pages::asked(&page.body)
        .iter()
        .map(|id| format!("a-{id}"))
        .collect();
    assert_eq!(ids.len(), 3, "{name}");
    let mut form: Vec<(&str, &str)> = vec![("csrf", &csrf)];
    for id in &ids {
        form.push((id, "wrong answer"));
    }
    let t = Instant::now();
    let res = c.post("/sso/sschallenge", &cookie, &form).await;
    let answer = t.elapsed();
    assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{name}: {}", res.body);
    (identify, answer)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort_unstable();
    v[v.len() / 2]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn req39_a_decoy_takes_as_long_as_an_enrolled_user() {
    let c = app().await;
    // Warm both paths (connections, caches) before measuring.
    for _ in 0..5 {
        sample(&c, "rita").await;
        sample(&c, "nobody").await;
    }
    let (mut real, mut decoy) = (Vec::new(), Vec::new());
    for i in 0..SAMPLES {
        // Alternate which goes first, so a drift of the machine's speed hits both alike.
        let (a, b) = if i % 2 == 0 {
            let a = sample(&c, "rita").await;
            (a, sample(&c, "nobody").await)
        } else {
            let b = sample(&c, "nobody").await;
            (sample(&c, "rita").await, b)
        };
        real.push(a);
        decoy.push(b);
    }
    for (what, r, d) in [
        (
            "giving the name",
            median(real.iter().map(|s| s.0).collect()),
            median(decoy.iter().map(|s| s.0).collect()),
        ),
        (
            "answering",
            median(real.iter().map(|s| s.1).collect()),
            median(decoy.iter().map(|s| s.1).collect()),
        ),
    ] {
        let ratio = d.as_secs_f64() / r.as_secs_f64();
        eprintln!("FIGURE {what}: enrolled user {r:?}, decoy {d:?} (ratio {ratio:.3})");
        assert!(
            (0.9..=1.1).contains(&ratio),
            "{what}: medians {r:?} (enrolled) and {d:?} (decoy) differ by more than 10 %"
        );
    }
}
