use super::{input, read_secret_line};
use crate::Failure;
use crate::cli::UserCmd;
use crate::wiring::App;
use regain_core::service::{Caller, NewUser};

pub async fn run(app: &App, caller: &Caller, cmd: UserCmd) -> Result<(), Failure> {
    let s = &app.services;
    match cmd {
        UserCmd::Add {
            username,
            display_name,
            policy,
            password_stdin,
        } => {
            let password = if password_stdin {
                Some(read_secret_line()?)
            } else {
                None
            };
            let without_password = password.is_none();
            // Empty: the service takes the name from an external directory, or the user name.
            let display_name = if display_name.is_empty() && s.directory.provisioning().is_some() {
                username.clone()
            } else {
                display_name
            };
            let u = s
                .add_user(
                    caller,
                    NewUser {
                        username,
                        display_name,
                        policy,
                        password,
                    },
                )
                .await?;
            println!("added user {} (id {})", u.username, u.id);
            if without_password {
                let link = s.issue_setup_link(caller, u.username.as_str()).await?;
                println!("no password set; send the user this one-time link (valid 24 hours):");
                println!("  {}", setup_url(app, &link.token));
            }
        }
        UserCmd::List {
            search,
            limit,
            offset,
        } => {
            let page = s.list_users(caller, &search, limit, offset).await?;
            println!(
                "{:<24} {:<28} {:<9} DIRECTORY",
                "USERNAME", "DISPLAY NAME", "STATE"
            );
            for u in &page.items {
                println!(
                    "{:<24} {:<28} {:<9} {}",
                    u.username.as_str(),
                    u.display_name,
                    u.state.key(),
                    u.directory_ref
                );
            }
            let of =
                regain_core::ports::total_text(page.total, regain_core::user::USER_COUNT_LIMIT);
            println!("{} of {of} users shown (offset {offset})", page.items.len());
        }
        UserCmd::Show { username } => {
            let d = s.show_user(caller, &username).await?;
            println!("username:      {}", d.user.username);
            println!("display name:  {}", d.user.display_name);
            println!("state:         {}", d.user.state.key());
            println!("directory:     {}", d.user.directory_ref);
            println!("policy:        {}", d.policy.name);
            println!(
                "admin role:    {}",
                d.admin_role.map(|r| r.name).unwrap_or_else(|| "-".into())
            );
            println!("created:       {}", d.user.created_at);
            let contact = s.user_contact(caller, &username).await?;
            println!(
                "notices:       {} (language {})",
                contact.email.as_deref().unwrap_or("no email address"),
                contact.language.as_deref().unwrap_or("the default")
            );
            match d.account {
                None => println!("account:       missing from the directory"),
                Some(a) => {
                    let lock = a
                        .locked_until
                        .map(regain_core::directory::describe_lock)
                        .unwrap_or_else(|| "not locked".into());
                    println!(
                        "account:       {}{}",
                        if a.disabled { "disabled, " } else { "" },
                        lock
                    );
                    println!(
                        "password:      {}{}{}",
                        if a.has_password { "set" } else { "not set" },
                        a.password_changed_at
                            .map(|t| format!(" on {t}"))
                            .unwrap_or_default(),
                        if a.must_change {
                            ", must change at next sign-in"
                        } else if a.password_expired {
                            ", expired"
                        } else {
                            ""
                        }
                    );
                    println!(
                        "logon hours:   {}",
                        if a.logon_hours.is_always() {
                            "always"
                        } else {
                            "restricted"
                        }
                    );
                }
            }
            println!(
                "temporary codes: {}",
                if d.policy.temporary_code_eligible() {
                    "eligible (remote access or workstation login with a second factor)"
                } else {
                    "not eligible under this policy"
                }
            );
        }
        UserCmd::Disable { username } => {
            s.set_user_disabled(caller, &username, true).await?;
            println!("disabled {username}");
        }
        UserCmd::Enable { username } => {
            s.set_user_disabled(caller, &username, false).await?;
            println!("enabled {username}");
        }
        UserCmd::SetPassword {
            username,
            password_stdin,
            must_change,
        } => {
            if !password_stdin {
                return Err(input(
                    "pass the new password on standard input and add --password-stdin (passwords are never taken as arguments, which other users can see)",
                ));
            }
            let pw = read_secret_line()?;
            s.reset_password(caller, &username, &pw, must_change)
                .await?;
            println!(
                "password of {username} set{}",
                if must_change {
                    "; it must be changed at next sign-in"
                } else {
                    ""
                }
            );
        }
        UserCmd::Unlock { username } => {
            s.unlock_user(caller, &username).await?;
            println!("unlocked {username}");
        }
        UserCmd::SetContact {
            username,
            email,
            language,
        } => {
            if let Some(l) = &language
                && regain_web::i18n::Lang::from_code(l).is_none()
            {
                return Err(Failure::Input(format!(
                    "--language: {l:?} is not one of the languages: use {}",
                    regain_web::i18n::Lang::ALL.map(|l| l.code()).join(", ")
                )));
            }
            let language = language
                .as_deref()
                .and_then(regain_web::i18n::Lang::from_code)
                .map(|l| l.code());
            let c = s
                .set_user_contact(caller, &username, email.as_deref(), language)
                .await?;
            println!(
                "{username}: email {}, language {}",
                c.email.as_deref().unwrap_or("(none)"),
                c.language.as_deref().unwrap_or("(the default)")
            );
        }
        UserCmd::SetupLink { username } => {
            let link = s.issue_setup_link(caller, &username).await?;
            println!("one-time link for {} (valid 24 hours):", link.username);
            println!("  {}", setup_url(app, &link.token));
        }
        UserCmd::Methods { username } => {
            let methods = s.list_methods(caller, &username).await?;
            if methods.is_empty() {
                println!("{username} has no authentication method enrolled");
            }
            for m in methods {
                println!(
                    "{}  {:<20} {:<8} {:<20} enrolled {}{}",
                    m.id,
                    m.kind.label(),
                    m.state.key(),
                    m.label,
                    m.created_at,
                    m.last_used_at
                        .map(|t| format!(", last used {t}"))
                        .unwrap_or_default()
                );
            }
        }
        UserCmd::DeleteMethod {
            username,
            method_id,
        } => {
            let d = s.delete_enrollment(caller, &username, &method_id).await?;
            println!(
                "deleted the {} enrollment of {username}; they must enrol again to use it",
                d.kind.label()
            );
            if d.now_password_only {
                println!(
                    "warning: {username} has no second factor left and may delay enrolling: remote access is password-only until they enrol"
                );
            }
        }
        UserCmd::RecordProofing { username, note } => {
            if s.record_identity_proofing(caller, &username, &note).await? {
                println!("identity proofing recorded for {username}: order signing is open again");
            } else {
                println!("{username} had no pending identity proofing; recorded nothing");
            }
        }
        UserCmd::SetPolicy { username, policy } => {
            s.set_user_policy(caller, &username, &policy).await?;
            println!("{username} now uses policy {policy}");
        }
    }
    Ok(())
}

pub fn setup_url(app: &App, token: &str) -> String {
    super::setup_url_for(&app.public_url, token)
}
