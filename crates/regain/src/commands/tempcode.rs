use crate::Failure;
use crate::cli::TempcodeCmd;
use crate::wiring::App;
use regain_core::service::{Caller, Expiry};
use regain_core::temp_code::Uses;
use regain_core::time::parse_duration;
use regain_web::zone;

fn expiry(raw: &str, tz: &str) -> Result<Expiry, Failure> {
    if let Ok(d) = parse_duration(raw) {
        return Ok(Expiry::In(d));
    }
    zone::parse_local(raw, tz)
        .map(Expiry::At)
        .map_err(|m| Failure::Input(format!("--expires: {m}; or a duration such as 24h or 3d")))
}

fn uses(raw: &str) -> Result<Uses, Failure> {
    Uses::parse(raw).ok_or_else(|| Failure::Input("--uses: use once or multiple".into()))
}

pub async fn run(app: &App, caller: &Caller, cmd: TempcodeCmd) -> Result<(), Failure> {
    let s = &app.services;
    let tz = app.time_zone.as_str();
    let (username, u, e, replace) = match cmd {
        TempcodeCmd::Generate {
            username,
            uses: u,
            expires,
        } => (username, uses(&u)?, expiry(&expires, tz)?, false),
        TempcodeCmd::Replace {
            username,
            uses: u,
            expires,
        } => (username, uses(&u)?, expiry(&expires, tz)?, true),
        TempcodeCmd::Revoke { username } => {
            if s.revoke_temporary_code(caller, &username).await? {
                println!("the temporary code of {username} is revoked");
                return Ok(());
            }
            return Err(Failure::Input(format!(
                "{username} has no active temporary code"
            )));
        }
        TempcodeCmd::Show { username } => {
            let st = s.temporary_code_status(caller, &username).await?;
            if !st.eligible {
                println!(
                    "{username} is not eligible: their policy enables neither remote access nor workstation login with a second factor"
                );
            } else if !st.enabled {
                println!("temporary codes are disabled for this enterprise");
            }
            match &st.active {
                Some(c) => println!(
                    "active: {}, expires {}, used {} time(s), issued by {}",
                    c.uses.label().to_lowercase(),
                    zone::display(c.expires_at, tz),
                    c.use_count,
                    c.created_by
                ),
                None => println!("no active temporary code"),
            }
            if let Some(c) = &st.last_ended {
                println!(
                    "last code ended: {} ({})",
                    c.end_reason.as_deref().unwrap_or(c.state.key()),
                    c.ended_at.map(|t| zone::display(t, tz)).unwrap_or_default()
                );
            }
            return Ok(());
        }
    };
    let issued = s
        .generate_temporary_code(caller, &username, u, e, replace)
        .await?;
    println!(
        "temporary code for {} (shown once):\n\n    {}\n",
        issued.username, issued.formatted
    );
    println!("{}", issued.uses.label());
    println!("expires {}", zone::display(issued.expires_at, tz));
    println!(
        "tell the user: it works only for their own account, not for signing orders; enter it where the sign-in asks for the second factor."
    );
    Ok(())
}
