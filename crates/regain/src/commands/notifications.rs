use crate::Failure;
use crate::cli::NotificationsCmd;
use crate::wiring::App;
use regain_core::notifications::OutboxState;
use regain_core::service::Caller;

pub async fn run(app: &App, caller: &Caller, cmd: NotificationsCmd) -> Result<(), Failure> {
    let s = &app.services;
    match cmd {
        NotificationsCmd::List => {
            let subs = s.notification_subscriptions(caller).await?;
            if subs.is_empty() {
                println!("no subscriptions");
            }
            for x in subs {
                println!(
                    "{}\t{}\t{}\t{}\tfor {}",
                    x.id,
                    x.event.key(),
                    x.channel.key(),
                    x.address,
                    x.username.as_deref().unwrap_or("any user")
                );
            }
        }
        NotificationsCmd::Subscribe {
            event,
            channel,
            address,
            user,
        } => {
            let x = s
                .subscribe(caller, &event, &channel, &address, &user)
                .await?;
            println!(
                "subscription {}: {} by {} to {} for {}",
                x.id,
                x.event.key(),
                x.channel.key(),
                x.address,
                x.username.as_deref().unwrap_or("any user")
            );
        }
        NotificationsCmd::Unsubscribe { id } => {
            s.unsubscribe(caller, id).await?;
            println!("subscription {id} removed");
        }
        NotificationsCmd::Test { channel, address } => {
            let id = s.send_test_notice(caller, &channel, &address).await?;
            println!(
                "test message queued as notice {id}; `regain notifications outbox` shows how it went"
            );
        }
        NotificationsCmd::Outbox { state, limit } => {
            let state = match state.as_deref() {
                None => None,
                Some(raw) => Some(OutboxState::parse(raw).ok_or_else(|| {
                    Failure::Input(format!(
                        "--state: {raw:?} is not a state: use pending, sent or failed"
                    ))
                })?),
            };
            let view = s.notification_outbox(caller, state, limit).await?;
            println!(
                "{} pending, {} sent, {} failed",
                view.counts.pending, view.counts.sent, view.counts.failed
            );
            for e in view.entries {
                println!(
                    "{}\t{}\t{}\t{}:{}\tabout {}\tattempts {}\t{}",
                    e.id,
                    e.state.key(),
                    e.event.key(),
                    e.channel.key(),
                    e.address,
                    e.username,
                    e.attempts,
                    e.last_error.unwrap_or_default()
                );
            }
        }
    }
    Ok(())
}
