//! The audit log: filters by actor, target, action and time; paging; the chain's state.

use super::chain_check::{ChainView, chain_view};
use super::context::{AdminCtx, Nav};
use super::form::urlencode;
use super::pages::{error_page, render};
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use regain_core::audit::{AUDIT_COUNT_LIMIT, AuditFilter};
use regain_core::ports::{more_follow, total_text};
use regain_core::time::Timestamp;
use std::collections::HashMap;

const PAGE_SIZE: u32 = 50;

struct Row {
    at: String,
    outcome: String,
    action: String,
    actor: String,
    target: String,
    source: String,
    details: String,
}

#[derive(Template)]
#[template(path = "console/audit.html")]
struct AuditPage {
    nav: Nav,
    chain: ChainView,
    /// When a result shown was taken earlier (UTC, RFC 3339).
    checked_at: String,
    actor: String,
    target: String,
    action: String,
    since: String,
    until: String,
    since_error: Option<String>,
    until_error: Option<String>,
    rows: Vec<Row>,
    shown: String,
    prev: Option<String>,
    next: Option<String>,
}

fn text(q: &HashMap<String, String>, k: &str) -> String {
    q.get(k)
        .map(|v| v.trim().chars().take(200).collect())
        .unwrap_or_default()
}

pub async fn show(
    State(s): State<AppState>,
    ctx: AdminCtx,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let (actor, target, action, since, until) = (
        text(&q, "actor"),
        text(&q, "target"),
        text(&q, "action"),
        text(&q, "since"),
        text(&q, "until"),
    );
    let parse = |v: &str| {
        if v.is_empty() {
            Ok(None)
        } else {
            Timestamp::parse_rfc3339(v).map(Some)
        }
    };
    let (since_t, until_t) = (parse(&since), parse(&until));
    let page = q
        .get("page")
        .and_then(|p| p.parse::<u32>().ok())
        .unwrap_or(1)
        .clamp(1, 1_000_000);
    let opt = |v: &str| (!v.is_empty()).then(|| v.to_owned());
    let mut status = StatusCode::OK;
    let (rows, total) = match (&since_t, &until_t) {
        (Ok(si), Ok(un)) => {
            let f = AuditFilter {
                actor: opt(&actor),
                target: opt(&target),
                action: opt(&action),
                since: *si,
                until: *un,
                limit: PAGE_SIZE,
                offset: (page - 1) * PAGE_SIZE,
            };
            match s.services.read_audit(&ctx.caller, &f).await {
                Ok(p) => (p.items, p.total),
                Err(e) => return error_page(&ctx, &e),
            }
        }
        _ => {
            status = StatusCode::UNPROCESSABLE_ENTITY;
            // Still authorise, so a refused admin sees 403 rather than a form error.
            if let Err(e) = s
                .services
                .read_audit(
                    &ctx.caller,
                    &AuditFilter {
                        limit: 1,
                        ..Default::default()
                    },
                )
                .await
            {
                return error_page(&ctx, &e);
            }
            (Vec::new(), 0)
        }
    };
    let chain = match chain_view(s.chain_check(), &s.services, &ctx.caller).await {
        Ok(v) => v,
        Err(e) => return error_page(&ctx, &e),
    };
    let checked_at = chain
        .checked
        .as_ref()
        .map(|c| c.at.to_rfc3339())
        .unwrap_or_default();
    let offset = (page - 1) * PAGE_SIZE;
    let of = total_text(total, AUDIT_COUNT_LIMIT);
    let shown = if rows.is_empty() {
        format!("{of} records")
    } else {
        format!(
            "Showing {}–{} of {of} records",
            offset + 1,
            offset + rows.len() as u32
        )
    };
    let href = |p: u32| {
        format!(
            "/admin/audit?actor={}&target={}&action={}&since={}&until={}&page={p}",
            urlencode(&actor),
            urlencode(&target),
            urlencode(&action),
            urlencode(&since),
            urlencode(&until)
        )
    };
    let more = more_follow(
        total,
        AUDIT_COUNT_LIMIT,
        u64::from(offset),
        rows.len() as u64,
        u64::from(PAGE_SIZE),
    );
    let rows = rows
        .into_iter()
        .map(|r| Row {
            at: r.event.at.to_rfc3339(),
            outcome: r.event.outcome.key().into(),
            action: r.event.action,
            actor: r.event.actor,
            target: r.event.target.unwrap_or_default(),
            source: r.event.source.unwrap_or_default(),
            details: r
                .event
                .details
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(" "),
        })
        .collect();
    render(
        status,
        &AuditPage {
            nav: ctx.nav("audit"),
            chain,
            checked_at,
            since_error: since_t.err(),
            until_error: until_t.err(),
            prev: (page > 1).then(|| href(page - 1)),
            next: more.then(|| href(page + 1)),
            actor,
            target,
            action,
            since,
            until,
            rows,
            shown,
        },
    )
}
