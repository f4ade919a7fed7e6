use crate::Failure;
use crate::cli::ClientCmd;
use crate::wiring::App;
use regain_core::service::Caller;

pub async fn run(app: &App, caller: &Caller, cmd: ClientCmd) -> Result<(), Failure> {
    let s = &app.services;
    match cmd {
        ClientCmd::Add {
            name,
            trusted,
            admin,
        } => {
            let (c, credential) = s
                .register_client_for(caller, &name, trusted, admin.as_deref())
                .await?;
            println!(
                "registered API client {}{}{}",
                c.name,
                if c.trusted { " (trusted)" } else { "" },
                c.admin
                    .as_ref()
                    .map(|a| format!(", acting for administrator {a}"))
                    .unwrap_or_default()
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
