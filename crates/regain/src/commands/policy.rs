use crate::Failure;
use crate::cli::{PolicyCmd, key_values};
use crate::wiring::App;
use regain_core::service::Caller;

pub async fn run(app: &App, caller: &Caller, cmd: PolicyCmd) -> Result<(), Failure> {
    let s = &app.services;
    match cmd {
        PolicyCmd::List => {
            for p in s.list_policies(caller).await? {
                let wf: Vec<&str> = p
                    .workflows
                    .iter()
                    .filter(|(_, r)| r.enabled)
                    .map(|(w, _)| w.key())
                    .collect();
                println!(
                    "{:<24} workflows: {}",
                    p.name,
                    if wf.is_empty() {
                        "none".into()
                    } else {
                        wf.join(", ")
                    }
                );
            }
        }
        PolicyCmd::Show { name } => {
            let p = s.show_policy(caller, &name).await?;
            for (k, v) in p.entries() {
                println!("{k} = {v}");
            }
        }
        PolicyCmd::Create { name, copy_of } => {
            let p = s.create_policy(caller, &name, copy_of.as_deref()).await?;
            println!("created policy {} (id {})", p.name, p.id);
        }
        PolicyCmd::Set { name, changes } => {
            let changes = key_values(&changes).map_err(Failure::Input)?;
            let p = s.set_policy(caller, &name, &changes).await?;
            println!("updated policy {}", p.name);
        }
    }
    Ok(())
}
