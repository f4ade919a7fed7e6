use crate::Failure;
use crate::cli::ClientCmd;
use crate::wiring::App;
use regain_core::service::Caller;

pub async fn run(app: &App, caller: &Caller, cmd: ClientCmd) -> Result<(), Failure> {
    let s = &app.services;
    match cmd {
        ClientCmd::Add { name, trusted } => {
            let (c, credential) = s.register_client(caller, &name, trusted).await?;
            println!(
                "registered API client {}{}",
                c.name,
                if c.trusted { " (trusted)" } else { "" }
            );
            println!("credential (shown once; send as Authorization: Bearer ...):");
            println!("  {credential}");
        }
        ClientCmd::List => {
            for c in s.list_clients(caller).await? {
                let state = match c.revoked_at {
                    Some(t) => format!("revoked {t}"),
                    None => "active".into(),
                };
                println!(
                    "{:<28} {:<8} {state}",
                    c.name,
                    if c.trusted { "trusted" } else { "" }
                );
            }
        }
        ClientCmd::Revoke { name } => {
            s.revoke_client(caller, &name).await?;
            println!("revoked {name}");
        }
    }
    Ok(())
}
