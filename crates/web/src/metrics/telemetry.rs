//! The core's [`Telemetry`] port, counted into the Prometheus families.

use super::Metrics;
use regain_core::policy::{Factor, Workflow};
use regain_core::push::PushState;
use regain_core::second_factor::FactorReason;
use regain_core::telemetry::{PushSent, Telemetry, Verdict};

fn position<T: PartialEq>(all: &[T], x: &T) -> usize {
    all.iter().position(|a| a == x).unwrap_or(0)
}

impl Telemetry for Metrics {
    fn second_factor(&self, workflow: Workflow, factor: Factor, verdict: Verdict) {
        let w = position(&Workflow::ALL, &workflow);
        let f = position(&Factor::ALL, &factor);
        let o = position(&Verdict::OUTCOMES, &verdict.outcome());
        // Reason 0 is "none" (accepted), then the reasons in their declared order.
        let r = match verdict {
            Verdict::Accepted => 0,
            Verdict::Retry(x) | Verdict::Rejected(x) => position(&FactorReason::ALL, &x) + 1,
        };
        let reasons = FactorReason::ALL.len() + 1;
        let i = ((w * Factor::ALL.len() + f) * Verdict::OUTCOMES.len() + o) * reasons + r;
        self.decision_cells
            .get(i, || {
                self.decisions.with_label_values(&[
                    workflow.key(),
                    factor.key(),
                    verdict.outcome(),
                    verdict.reason(),
                ])
            })
            .inc();
    }

    fn lockout_began(&self) {
        self.lockouts.inc();
    }

    fn notice_attempt(
        &self,
        channel: regain_core::notifications::Channel,
        outcome: regain_core::telemetry::NoticeOutcome,
    ) {
        self.notice_attempt_counted(channel.key(), outcome.key());
    }

    fn push_sent(&self, sent: PushSent) {
        let i = match sent {
            PushSent::Sent => 0,
            PushSent::Limited => 1,
        };
        self.push_cells
            .get(i, || self.pushes.with_label_values(&[sent.key()]))
            .inc();
    }

    fn push_answered(&self, state: PushState, waited_ms: i64) {
        let i = match state {
            PushState::Approved => 0,
            PushState::Denied => 1,
            PushState::WrongNumber => 2,
            // Not an answer: nothing to time.
            PushState::Pending | PushState::Expired => return,
        };
        self.push_answer_cells
            .get(i, || {
                self.push_answer_seconds.with_label_values(&[state.key()])
            })
            .observe(waited_ms.max(0) as f64 / 1000.0);
    }
}
