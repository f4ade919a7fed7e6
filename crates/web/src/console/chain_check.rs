//! The audit page's tamper evidence at any size. Verifying a chain walks every record (a keyed
//! hash each): a few milliseconds for a small log, but over a minute at 10,000,000 records
//! (`cargo bench -p regain --bench scale`), far too long for a page. So a small log is verified
//! for every view, as before; a larger one in the background, at most every ten minutes, and
//! the page shows the last result with when it was taken (`regain audit verify` checks now).

use regain_core::service::{Caller, Services};
use regain_core::time::Timestamp;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

/// Up to this many records the page verifies the chains itself (about 100 ms).
pub(crate) const VERIFY_ON_VIEW_UP_TO: u64 = 20_000;

/// A background verification's result stands this long.
pub(crate) const KEPT_FOR: Duration = Duration::from_secs(600);

/// One verification's result: the records verified, or the first break.
#[derive(Clone, Debug)]
pub(crate) struct Checked {
    pub(crate) at: Timestamp,
    pub(crate) result: Result<u64, String>,
}

#[derive(Default)]
struct State {
    last: Option<Checked>,
    running: bool,
}

/// This process's latest background verification.
#[derive(Default)]
pub(crate) struct ChainCheck(Mutex<State>);

/// What the page shows about the chains.
pub(crate) struct ChainView {
    /// The result to show (none yet while the first background verification runs).
    pub(crate) checked: Option<Checked>,
    /// Whether that result was taken for this view.
    pub(crate) fresh: bool,
    /// A background verification is running.
    pub(crate) running: bool,
    /// How many records the chains hold.
    pub(crate) records: u64,
}

impl ChainCheck {
    fn state(&self) -> MutexGuard<'_, State> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The last result, and whether the caller is to start a new verification (none is
    /// running, and there is no result younger than [`KEPT_FOR`]); if so it is marked running.
    fn last_or_start(&self, now: Timestamp) -> (Option<Checked>, bool) {
        let mut s = self.state();
        let stale = s.last.as_ref().is_none_or(|c| {
            now.as_millis() - c.at.as_millis() > i64::try_from(KEPT_FOR.as_millis()).unwrap_or(0)
        });
        let start = stale && !s.running;
        if start {
            s.running = true;
        }
        (s.last.clone(), start)
    }

    fn finish(&self, checked: Checked) {
        let mut s = self.state();
        s.last = Some(checked);
        s.running = false;
    }

    fn running(&self) -> bool {
        self.state().running
    }
}

/// The chains' state for `caller`: verified now when small, else the background's result
/// (started here when due). Authorisation is the services': a caller who may not read the log
/// is refused here.
pub(crate) async fn chain_view(
    check: &std::sync::Arc<ChainCheck>,
    services: &Services,
    caller: &Caller,
) -> Result<ChainView, regain_core::service::ServiceError> {
    let records = services.audit_record_count(caller).await?;
    if records <= VERIFY_ON_VIEW_UP_TO {
        let result = services
            .verify_audit(caller)
            .await?
            .map_err(|b| b.to_string());
        return Ok(ChainView {
            checked: Some(Checked {
                at: services.clock.now(),
                result,
            }),
            fresh: true,
            running: false,
            records,
        });
    }
    let (last, start) = check.last_or_start(services.clock.now());
    if start {
        let (check, services, caller) = (check.clone(), services.clone(), caller.clone());
        tokio::spawn(async move {
            let result = match services.verify_audit(&caller).await {
                Ok(r) => r.map_err(|b| b.to_string()),
                Err(e) => Err(format!("the verification could not run: {e}")),
            };
            check.finish(Checked {
                at: services.clock.now(),
                result,
            });
        });
    }
    Ok(ChainView {
        checked: last,
        fresh: false,
        running: check.running(),
        records,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A background result stands for ten minutes; one verification at a time.
    #[test]
    fn a_result_stands_for_ten_minutes_and_one_check_runs_at_a_time() {
        let c = ChainCheck::default();
        let t = |s: i64| Timestamp::from_millis(s * 1000);
        assert!(matches!(c.last_or_start(t(0)), (None, true)));
        assert!(
            matches!(c.last_or_start(t(1)), (None, false)),
            "already running"
        );
        c.finish(Checked {
            at: t(2),
            result: Ok(5),
        });
        let (last, start) = c.last_or_start(t(600));
        assert_eq!(last.map(|l| l.result), Some(Ok(5)));
        assert!(!start, "still fresh");
        let (_, start) = c.last_or_start(t(603));
        assert!(start, "stale after ten minutes");
    }
}
