//! Prometheus metrics, kept by the `prometheus` crate (atomic counters and histograms). Labels
//! are bounded enums (route kind, method, status class, workflow, factor, reason, directory
//! operation): never user names, addresses or paths.
//!
//! No lock on the hot path: each label set's handle is resolved once, into a [`Cells`] slot,
//! and every later observation is an atomic add on it. Figures that live in the database
//! (temporary codes active) or in the pools are read when `/metrics` is scraped.

mod directory;
mod endpoint;
mod route_kind;
mod telemetry;

pub use directory::{DirectoryOp, MeasuredDirectory};
pub use endpoint::{render, render_with_token};
pub use route_kind::RouteKind;

use axum::http::Method;
use prometheus::{
    Histogram, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGauge, IntGaugeVec, Opts,
    Registry,
};
use std::sync::OnceLock;
use std::time::Duration;

pub use regain_core::telemetry::PoolUse;

/// Where the database pools' use is read at scrape time (the binary wires the store in).
pub trait PoolGauge: Send + Sync {
    fn pool_use(&self) -> Vec<PoolUse>;
}

/// Handles of one metric family by label-set index, each resolved on first use.
struct Cells<M> {
    cells: Box<[OnceLock<M>]>,
}

impl<M> Cells<M> {
    fn new(n: usize) -> Cells<M> {
        Cells {
            cells: (0..n).map(|_| OnceLock::new()).collect(),
        }
    }

    fn get(&self, i: usize, make: impl FnOnce() -> M) -> &M {
        self.cells[i].get_or_init(make)
    }
}

const METHODS: [&str; 8] = [
    "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "other",
];
const STATUS_CLASSES: [&str; 5] = ["1xx", "2xx", "3xx", "4xx", "5xx"];
/// Request latency: from a cached page (sub-millisecond) to a slow directory (seconds).
const HTTP_BUCKETS: [f64; 14] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];
/// How long people take to answer a push (its lifetime is two minutes).
const PUSH_BUCKETS: [f64; 10] = [1.0, 2.0, 3.0, 5.0, 10.0, 15.0, 20.0, 30.0, 60.0, 120.0];
/// Directory binds and searches: LAN round trips to seconds for an overloaded DC.
const DIRECTORY_BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
];

pub struct Metrics {
    registry: Registry,
    http_requests: IntCounterVec,
    http_request_cells: Cells<IntCounter>,
    http_seconds: HistogramVec,
    http_seconds_cells: Cells<Histogram>,
    decisions: IntCounterVec,
    decision_cells: Cells<IntCounter>,
    lockouts: IntCounter,
    pushes: IntCounterVec,
    push_cells: Cells<IntCounter>,
    push_answer_seconds: HistogramVec,
    push_answer_cells: Cells<Histogram>,
    directory_seconds: HistogramVec,
    directory_seconds_cells: Cells<Histogram>,
    directory_errors: IntCounterVec,
    directory_error_cells: Cells<IntCounter>,
    temp_codes_active: IntGauge,
    notices: IntCounterVec,
    outbox: IntGaugeVec,
    pool_connections: IntGaugeVec,
    pool_max: IntGaugeVec,
    pools: OnceLock<Box<dyn PoolGauge>>,
}

type Defined<T> = Result<T, prometheus::Error>;

fn counters(r: &Registry, name: &str, help: &str, labels: &[&str]) -> Defined<IntCounterVec> {
    let c = IntCounterVec::new(Opts::new(name, help), labels)?;
    r.register(Box::new(c.clone()))?;
    Ok(c)
}

fn histograms(
    r: &Registry,
    name: &str,
    help: &str,
    labels: &[&str],
    buckets: &[f64],
) -> Defined<HistogramVec> {
    let h = HistogramVec::new(
        HistogramOpts::new(name, help).buckets(buckets.to_vec()),
        labels,
    )?;
    r.register(Box::new(h.clone()))?;
    Ok(h)
}

fn gauges(r: &Registry, name: &str, help: &str, labels: &[&str]) -> Defined<IntGaugeVec> {
    let g = IntGaugeVec::new(Opts::new(name, help), labels)?;
    r.register(Box::new(g.clone()))?;
    Ok(g)
}

impl Metrics {
    /// A registry of its own (tests build many side by side). Fails only on a bad definition
    /// here (a name or label the exposition format refuses), which the unit test would show.
    pub fn new() -> Result<Metrics, prometheus::Error> {
        use regain_core::policy::{Factor, Workflow};
        use regain_core::second_factor::FactorReason;
        let r = Registry::new();
        let build = gauges(&r, "regain_build_info", "Build information.", &["version"])?;
        build.with_label_values(&[env!("CARGO_PKG_VERSION")]).set(1);
        let lockouts = IntCounter::new(
            "regain_lockouts_total",
            "Users locked out by the second-factor lockout (any guessable input).",
        )?;
        r.register(Box::new(lockouts.clone()))?;
        let temp_codes_active = IntGauge::new(
            "regain_temporary_codes_active",
            "Users holding a temporary code that still works (the whole database, read at scrape).",
        )?;
        r.register(Box::new(temp_codes_active.clone()))?;
        let decisions_n = Workflow::ALL.len()
            * Factor::ALL.len()
            * regain_core::telemetry::Verdict::OUTCOMES.len()
            * (FactorReason::ALL.len() + 1);
        Ok(Metrics {
            http_requests: counters(
                &r,
                "regain_http_requests_total",
                "HTTP requests served, by route kind, method and status class.",
                &["route", "method", "status"],
            )?,
            http_request_cells: Cells::new(
                RouteKind::ALL.len() * METHODS.len() * STATUS_CLASSES.len(),
            ),
            http_seconds: histograms(
                &r,
                "regain_http_request_duration_seconds",
                "Time to answer an HTTP request, by route kind.",
                &["route"],
                &HTTP_BUCKETS,
            )?,
            http_seconds_cells: Cells::new(RouteKind::ALL.len()),
            decisions: counters(
                &r,
                "regain_second_factor_decisions_total",
                "Second-factor decisions, by workflow, factor, outcome and reason code.",
                &["workflow", "factor", "outcome", "reason"],
            )?,
            decision_cells: Cells::new(decisions_n),
            lockouts,
            pushes: counters(
                &r,
                "regain_pushes_total",
                "Pushes asked for: sent, or stopped by the per-user limit.",
                &["result"],
            )?,
            push_cells: Cells::new(2),
            push_answer_seconds: histograms(
                &r,
                "regain_push_answer_duration_seconds",
                "Time from sending a push to the device's answer, by answer.",
                &["answer"],
                &PUSH_BUCKETS,
            )?,
            push_answer_cells: Cells::new(3),
            directory_seconds: histograms(
                &r,
                "regain_directory_call_duration_seconds",
                "Time of each call to the directory, by operation.",
                &["operation"],
                &DIRECTORY_BUCKETS,
            )?,
            directory_seconds_cells: Cells::new(DirectoryOp::ALL.len()),
            directory_errors: counters(
                &r,
                "regain_directory_errors_total",
                "Directory calls that returned an error, by operation and kind of error.",
                &["operation", "error"],
            )?,
            directory_error_cells: Cells::new(
                DirectoryOp::ALL.len() * regain_core::directory::DirectoryError::KEYS.len(),
            ),
            temp_codes_active,
            notices: counters(
                &r,
                "regain_notifications_total",
                "Delivery attempts of notices, by channel and outcome (sent, retry: tried again later, failed: the last attempt).",
                &["channel", "outcome"],
            )?,
            outbox: gauges(
                &r,
                "regain_notification_outbox",
                "Notices in the outbox by state (the whole database, read at scrape).",
                &["state"],
            )?,
            pool_connections: gauges(
                &r,
                "regain_db_pool_connections",
                "Database connections of this node's pools: open (idle or in use) and idle.",
                &["pool", "state"],
            )?,
            pool_max: gauges(
                &r,
                "regain_db_pool_max_connections",
                "The most connections each pool opens.",
                &["pool"],
            )?,
            pools: OnceLock::new(),
            registry: r,
        })
    }

    /// Reads the database pools from `gauge` at every scrape (set once, by the binary).
    pub fn watch_pools(&self, gauge: Box<dyn PoolGauge>) {
        let _ = self.pools.set(gauge);
    }

    /// One HTTP request served.
    pub fn record(&self, method: &Method, path: &str, status: u16, elapsed: Duration) {
        let route = RouteKind::of(method, path);
        let m = METHODS
            .iter()
            .position(|x| *x == method.as_str())
            .unwrap_or(METHODS.len() - 1);
        let class = usize::from((status / 100).clamp(1, 5) - 1);
        let i = (route.index() * METHODS.len() + m) * STATUS_CLASSES.len() + class;
        self.http_request_cells
            .get(i, || {
                self.http_requests.with_label_values(&[
                    route.key(),
                    METHODS[m],
                    STATUS_CLASSES[class],
                ])
            })
            .inc();
        self.http_seconds_cells
            .get(route.index(), || {
                self.http_seconds.with_label_values(&[route.key()])
            })
            .observe(elapsed.as_secs_f64());
    }

    /// The text exposition, with the scrape-time figures given (`None`: not readable now, left
    /// out rather than reported as zero).
    /// The outbox's counts, read at a scrape (left as last read when the database does not
    /// answer).
    pub fn set_outbox(&self, c: regain_core::notifications::OutboxCounts) {
        for (state, n) in [
            ("pending", c.pending),
            ("sent", c.sent),
            ("failed", c.failed),
        ] {
            self.outbox
                .with_label_values(&[state])
                .set(i64::try_from(n).unwrap_or(i64::MAX));
        }
    }

    pub(crate) fn notice_attempt_counted(&self, channel: &str, outcome: &str) {
        self.notices.with_label_values(&[channel, outcome]).inc();
    }

    pub fn render(&self, temp_codes_active: Option<u64>) -> String {
        if let Some(n) = temp_codes_active {
            self.temp_codes_active
                .set(i64::try_from(n).unwrap_or(i64::MAX));
        }
        if let Some(g) = self.pools.get() {
            for p in g.pool_use() {
                self.pool_connections
                    .with_label_values(&[p.name, "open"])
                    .set(i64::from(p.open));
                self.pool_connections
                    .with_label_values(&[p.name, "idle"])
                    .set(i64::from(p.idle));
                self.pool_max
                    .with_label_values(&[p.name])
                    .set(i64::from(p.max));
            }
        }
        let mut families = self.registry.gather();
        if temp_codes_active.is_none() {
            families.retain(|f| f.name() != "regain_temporary_codes_active");
        }
        let mut out = String::new();
        if let Err(e) = prometheus::TextEncoder::new().encode_utf8(&families, &mut out) {
            tracing::error!(error = %e, "cannot encode the metrics");
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use regain_core::directory::DirectoryError;
    use regain_core::policy::{Factor, Workflow};
    use regain_core::push::PushState;
    use regain_core::second_factor::FactorReason;
    use regain_core::telemetry::{PushSent, Telemetry, Verdict};

    struct TwoPools;

    impl PoolGauge for TwoPools {
        fn pool_use(&self) -> Vec<PoolUse> {
            vec![
                PoolUse {
                    name: "readers",
                    open: 3,
                    idle: 2,
                    max: 8,
                },
                PoolUse {
                    name: "writer",
                    open: 1,
                    idle: 0,
                    max: 1,
                },
            ]
        }
    }

    fn line_of<'a>(text: &'a str, series: &str) -> Option<&'a str> {
        text.lines().find(|l| l.starts_with(series))
    }

    #[test]
    fn notices_are_counted_by_channel_and_outcome_and_the_outbox_by_state() {
        use regain_core::notifications::{Channel, OutboxCounts};
        use regain_core::telemetry::NoticeOutcome;
        let m = Metrics::new().unwrap();
        m.notice_attempt(Channel::Email, NoticeOutcome::Sent);
        m.notice_attempt(Channel::Email, NoticeOutcome::Sent);
        m.notice_attempt(Channel::Webhook, NoticeOutcome::Failed);
        m.set_outbox(OutboxCounts {
            pending: 3,
            sent: 2,
            failed: 1,
        });
        let text = m.render(None);
        for line in [
            r#"regain_notifications_total{channel="email",outcome="sent"} 2"#,
            r#"regain_notifications_total{channel="webhook",outcome="failed"} 1"#,
            r#"regain_notification_outbox{state="pending"} 3"#,
            r#"regain_notification_outbox{state="failed"} 1"#,
        ] {
            assert!(text.contains(line), "{line} in\n{text}");
        }
    }

    #[test]
    fn every_family_counts_under_bounded_labels() {
        let m = Metrics::new().unwrap();
        m.watch_pools(Box::new(TwoPools));
        let ms = Duration::from_millis;
        m.record(&Method::POST, "/api/v1/transactions/t-9/otp", 200, ms(3));
        m.record(&Method::POST, "/api/v1/transactions/t-8/otp", 200, ms(30));
        m.record(&Method::GET, "/setup/[token]", 404, ms(1));
        m.record(&Method::from_bytes(b"BREW").unwrap(), "/x", 501, ms(1));
        m.second_factor(Workflow::RemoteAccess, Factor::Otp, Verdict::Accepted);
        m.second_factor(
            Workflow::RemoteAccess,
            Factor::Otp,
            Verdict::Retry(FactorReason::WrongCode),
        );
        m.second_factor(
            Workflow::RemoteAccess,
            Factor::Otp,
            Verdict::Retry(FactorReason::WrongCode),
        );
        m.second_factor(
            Workflow::WorkstationLogin,
            Factor::Push,
            Verdict::Rejected(FactorReason::PushDenied),
        );
        m.lockout_began();
        m.push_sent(PushSent::Sent);
        m.push_sent(PushSent::Limited);
        m.push_answered(PushState::Approved, 4_000);
        m.push_answered(PushState::Expired, 120_000);
        let started = std::time::Instant::now();
        m.directory_call(DirectoryOp::Authenticate, started, None);
        m.directory_call(
            DirectoryOp::Authenticate,
            started,
            Some(&DirectoryError::Unavailable("ldap://dc1 refused".into())),
        );
        let text = m.render(Some(4));
        for (series, want) in [
            (
                "regain_http_requests_total{method=\"POST\",route=\"api_factor\",status=\"2xx\"}",
                "2",
            ),
            (
                "regain_http_requests_total{method=\"GET\",route=\"setup\",status=\"4xx\"}",
                "1",
            ),
            (
                "regain_http_requests_total{method=\"other\",route=\"other\",status=\"5xx\"}",
                "1",
            ),
            (
                "regain_http_request_duration_seconds_bucket{route=\"api_factor\",le=\"0.005\"}",
                "1",
            ),
            (
                "regain_http_request_duration_seconds_count{route=\"api_factor\"}",
                "2",
            ),
            (
                "regain_second_factor_decisions_total{factor=\"otp\",outcome=\"retry\",reason=\"wrong_code\",workflow=\"remote_access\"}",
                "2",
            ),
            (
                "regain_second_factor_decisions_total{factor=\"otp\",outcome=\"accepted\",reason=\"none\",workflow=\"remote_access\"}",
                "1",
            ),
            (
                "regain_second_factor_decisions_total{factor=\"push\",outcome=\"rejected\",reason=\"push_denied\",workflow=\"workstation_login\"}",
                "1",
            ),
            ("regain_lockouts_total", "1"),
            ("regain_pushes_total{result=\"sent\"}", "1"),
            ("regain_pushes_total{result=\"limited\"}", "1"),
            (
                "regain_push_answer_duration_seconds_bucket{answer=\"approved\",le=\"5\"}",
                "1",
            ),
            (
                "regain_push_answer_duration_seconds_bucket{answer=\"approved\",le=\"3\"}",
                "0",
            ),
            (
                "regain_directory_call_duration_seconds_count{operation=\"authenticate\"}",
                "2",
            ),
            (
                "regain_directory_errors_total{error=\"unavailable\",operation=\"authenticate\"}",
                "1",
            ),
            ("regain_temporary_codes_active", "4"),
            (
                "regain_db_pool_connections{pool=\"readers\",state=\"open\"}",
                "3",
            ),
            (
                "regain_db_pool_connections{pool=\"writer\",state=\"idle\"}",
                "0",
            ),
            ("regain_db_pool_max_connections{pool=\"readers\"}", "8"),
            ("regain_build_info{version=", "1"),
        ] {
            let line = line_of(&text, series).unwrap_or_else(|| panic!("{series}:\n{text}"));
            assert!(line.ends_with(&format!(" {want}")), "{line}");
        }
        // Nothing that names a path, a user or an error's text.
        assert!(!text.contains("t-9") && !text.contains("dc1") && !text.contains("BREW"));
        // An expired push is not an answer: no series for it.
        assert!(!text.contains("answer=\"expired\""));
        // A figure the database could not give is left out, not reported as zero.
        assert!(line_of(&m.render(None), "regain_temporary_codes_active").is_none());
    }
}
