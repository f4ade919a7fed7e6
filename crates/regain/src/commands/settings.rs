use crate::Failure;
use crate::cli::{SettingsCmd, key_values};
use crate::wiring::App;
use regain_core::service::Caller;

pub async fn run(app: &App, caller: &Caller, cmd: SettingsCmd) -> Result<(), Failure> {
    let s = &app.services;
    let settings = match cmd {
        SettingsCmd::Show => s.show_settings(caller).await?,
        SettingsCmd::Set { changes } => {
            let changes = key_values(&changes).map_err(Failure::Input)?;
            s.set_settings(caller, &changes).await?
        }
    };
    for (k, v) in settings.entries() {
        println!("{k} = {v}");
    }
    Ok(())
}
