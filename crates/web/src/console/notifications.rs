//! Notifications (F-M1): administrators' subscriptions per event (channel, address, any user or
//! one), a test message, and the outbox with each notice's state.

use super::context::{AdminCtx, Nav};
use super::pages::{error_page, render};
use crate::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use regain_core::notifications::{Channel, NoticeEvent, OutboxState, Subscription};
use regain_core::service::ServiceError;
use std::collections::HashMap;

/// A notice as the outbox table shows it.
pub struct OutboxRow {
    pub id: i64,
    pub event: &'static str,
    pub channel: &'static str,
    pub address: String,
    pub user: String,
    pub state: &'static str,
    pub attempts: u32,
    pub created: String,
    /// When it was sent, or when it is tried next.
    pub when: String,
    pub error: String,
}

pub struct SubscriptionRow {
    pub id: i64,
    pub event: &'static str,
    pub channel: &'static str,
    pub address: String,
    pub user: String,
}

/// What the add form held, kept when it is refused.
#[derive(Default)]
pub struct Draft {
    pub event: String,
    pub channel: String,
    pub address: String,
    pub user: String,
}

#[derive(Template)]
#[template(path = "console/notifications.html")]
struct NotificationsPage {
    nav: Nav,
    events: Vec<(&'static str, &'static str)>,
    channels: Vec<(&'static str, &'static str)>,
    subscriptions: Vec<SubscriptionRow>,
    outbox: Vec<OutboxRow>,
    pending: u64,
    sent: u64,
    failed: u64,
    state_filter: String,
    draft: Draft,
    /// The add form's error, by field.
    error: Option<(String, String)>,
}

impl NotificationsPage {
    fn error_for(&self, field: &str) -> Option<&str> {
        self.error
            .as_ref()
            .filter(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }
}

fn subscription_row(s: &Subscription) -> SubscriptionRow {
    SubscriptionRow {
        id: s.id,
        event: s.event.label(),
        channel: s.channel.label(),
        address: s.address.clone(),
        user: s.username.clone().unwrap_or_else(|| "Any user".into()),
    }
}

async fn build(
    s: &AppState,
    ctx: &AdminCtx,
    tz: &str,
    state: Option<OutboxState>,
) -> Result<NotificationsPage, Response> {
    let subs = s
        .services
        .notification_subscriptions(&ctx.caller)
        .await
        .map_err(|e| error_page(ctx, &e))?;
    let view = s
        .services
        .notification_outbox(&ctx.caller, state, 100)
        .await
        .map_err(|e| error_page(ctx, &e))?;
    let outbox = view
        .entries
        .iter()
        .map(|e| OutboxRow {
            id: e.id,
            event: e.event.label(),
            channel: e.channel.label(),
            address: e.address.clone(),
            user: e.username.clone(),
            state: e.state.key(),
            attempts: e.attempts,
            created: crate::zone::display(e.created_at, tz),
            when: match e.state {
                OutboxState::Sent => e
                    .sent_at
                    .map(|t| format!("sent {}", crate::zone::display(t, tz)))
                    .unwrap_or_default(),
                OutboxState::Pending => {
                    format!("next try {}", crate::zone::display(e.next_attempt_at, tz))
                }
                OutboxState::Failed => "gave up".into(),
            },
            error: e.last_error.clone().unwrap_or_default(),
        })
        .collect();
    Ok(NotificationsPage {
        nav: ctx.nav("notifications"),
        events: NoticeEvent::SUBSCRIBABLE
            .iter()
            .map(|e| (e.key(), e.label()))
            .collect(),
        channels: Channel::ALL.iter().map(|c| (c.key(), c.label())).collect(),
        subscriptions: subs.iter().map(subscription_row).collect(),
        outbox,
        pending: view.counts.pending,
        sent: view.counts.sent,
        failed: view.counts.failed,
        state_filter: state.map(|s| s.key().to_owned()).unwrap_or_default(),
        draft: Draft {
            channel: "email".into(),
            ..Draft::default()
        },
        error: None,
    })
}

fn done(code: Option<&String>) -> Option<String> {
    Some(
        match code?.as_str() {
            "added" => "Subscription added.",
            "deleted" => "Subscription removed.",
            "test" => "Test message queued: its state shows in the outbox below.",
            _ => return None,
        }
        .into(),
    )
}

fn tz(s: &AppState, headers: &HeaderMap) -> String {
    crate::zone::for_request(headers, &s.config.time_zone)
}

pub async fn page(
    State(s): State<AppState>,
    ctx: AdminCtx,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let state = q.get("state").and_then(|v| OutboxState::parse(v));
    match build(&s, &ctx, &tz(&s, &headers), state).await {
        Ok(mut p) => {
            p.nav.flash_ok = done(q.get("done"));
            render(StatusCode::OK, &p)
        }
        Err(r) => r,
    }
}

async fn refused(
    s: &AppState,
    ctx: &AdminCtx,
    headers: &HeaderMap,
    draft: Draft,
    e: &ServiceError,
) -> Response {
    match build(s, ctx, &tz(s, headers), None).await {
        Ok(mut p) => {
            p.draft = draft;
            p.error = Some(match e {
                ServiceError::Invalid { field, message } => (field.clone(), message.clone()),
                ServiceError::NotFound { .. } => ("user".into(), e.to_string()),
                other => ("address".into(), other.to_string()),
            });
            p.nav.flash_error = Some("Nothing was saved: correct the field marked below.".into());
            render(crate::service_errors::status_of(e), &p)
        }
        Err(r) => r,
    }
}

fn field(f: &HashMap<String, String>, name: &str) -> String {
    f.get(name).cloned().unwrap_or_default()
}

pub async fn subscribe(
    State(s): State<AppState>,
    ctx: AdminCtx,
    headers: HeaderMap,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    if let Some(r) = ctx.csrf_refusal(f.get("csrf")) {
        return r;
    }
    let draft = Draft {
        event: field(&f, "event"),
        channel: field(&f, "channel"),
        address: field(&f, "address"),
        user: field(&f, "user"),
    };
    match s
        .services
        .subscribe(
            &ctx.caller,
            &draft.event,
            &draft.channel,
            &draft.address,
            &draft.user,
        )
        .await
    {
        Ok(_) => Redirect::to("/admin/notifications?done=added").into_response(),
        Err(
            e @ (ServiceError::Invalid { .. }
            | ServiceError::AlreadyExists { .. }
            | ServiceError::NotFound { .. }),
        ) => refused(&s, &ctx, &headers, draft, &e).await,
        Err(e) => error_page(&ctx, &e),
    }
}

pub async fn unsubscribe(
    State(s): State<AppState>,
    ctx: AdminCtx,
    Path(id): Path<i64>,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    if let Some(r) = ctx.csrf_refusal(f.get("csrf")) {
        return r;
    }
    match s.services.unsubscribe(&ctx.caller, id).await {
        Ok(()) => Redirect::to("/admin/notifications?done=deleted").into_response(),
        Err(e) => error_page(&ctx, &e),
    }
}

pub async fn test(
    State(s): State<AppState>,
    ctx: AdminCtx,
    headers: HeaderMap,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    if let Some(r) = ctx.csrf_refusal(f.get("csrf")) {
        return r;
    }
    let channel = field(&f, "channel");
    let address = field(&f, "address");
    match s
        .services
        .send_test_notice(&ctx.caller, &channel, &address)
        .await
    {
        Ok(_) => Redirect::to("/admin/notifications?done=test").into_response(),
        Err(e @ ServiceError::Invalid { .. }) => {
            let draft = Draft {
                channel,
                address,
                ..Draft::default()
            };
            refused(&s, &ctx, &headers, draft, &e).await
        }
        Err(e) => error_page(&ctx, &e),
    }
}
