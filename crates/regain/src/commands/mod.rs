//! Command handlers: each turns arguments into calls on the core services and prints the result.
//! Every change runs as the operating-system user, who is recorded in the audit log.

mod audit;
mod client;
mod notifications;
mod otp;
mod policy;
mod radius;
mod radius_test;
mod role;
mod settings;
mod tempcode;
mod user;

use crate::Failure;
use crate::cli::{Cli, Command, ConfigCmd};
use crate::config::{Config, Effective};
use regain_core::service::Caller;
use std::io::BufRead;

pub async fn run(cli: Cli) -> Result<(), Failure> {
    if let Command::Demo(args) = cli.command {
        return crate::demo::run(args).await;
    }
    let cfg = Config::load(cli.config.as_deref())?.validate()?;
    match cli.command {
        Command::Config(ConfigCmd::Check) => {
            print!("{}", cfg.redacted_toml());
            for w in cfg.warnings() {
                eprintln!("warning: {w}");
            }
            eprintln!("configuration is valid");
            Ok(())
        }
        Command::Serve => crate::serve::run(cfg, None).await,
        Command::Directory(crate::cli::DirectoryCmd::Import {
            rules,
            default_policy,
            update_policies,
            dry_run,
        }) => {
            let rules = rules
                .iter()
                .map(|r| regain_core::service::PolicyRule::parse(r))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|m| Failure::Input(format!("--rule {m}")))?;
            let app = open(&cfg).await?;
            let r = app
                .services
                .import_directory_users(
                    &caller(),
                    &rules,
                    &default_policy,
                    update_policies,
                    dry_run,
                )
                .await?;
            let verb = if dry_run { "would add" } else { "added" };
            for (u, p) in &r.added {
                println!("{verb:<10} {u:<24} policy {p}");
            }
            for (u, from, to) in &r.moved {
                println!(
                    "{:<10} {u:<24} policy {from} -> {to}",
                    if dry_run { "would move" } else { "moved" }
                );
            }
            for (u, why) in &r.skipped {
                println!("{:<10} {u:<24} {why}", "skipped");
            }
            for u in &r.gone {
                println!(
                    "{:<10} {u:<24} in Regain but no longer in the directory (not removed)",
                    "gone"
                );
            }
            println!(
                "{} added, {} moved, {} unchanged, {} skipped, {} gone{}",
                r.added.len(),
                r.moved.len(),
                r.unchanged,
                r.skipped.len(),
                r.gone.len(),
                if dry_run {
                    " (dry run: nothing changed)"
                } else {
                    ""
                }
            );
            Ok(())
        }
        Command::Directory(crate::cli::DirectoryCmd::Test { user }) => {
            let Some(l) = &cfg.ldap else {
                println!(
                    "directory.kind is \"embedded\": accounts live in Regain's database; nothing to test"
                );
                return Ok(());
            };
            let d = regain_directory::LdapDirectory::new(l.clone())
                .map_err(|e| Failure::Input(e.to_string()))?;
            let checks = d.diagnose(user.as_deref()).await;
            let mut failed = false;
            for c in &checks {
                let mark = match c.state {
                    regain_directory::CheckState::Ok => "ok  ",
                    regain_directory::CheckState::Warning => "warn",
                    regain_directory::CheckState::Failed => {
                        failed = true;
                        "FAIL"
                    }
                };
                println!("{mark}  {:<22} {}", c.what, c.detail);
            }
            if failed {
                return Err(Failure::Runtime(anyhow::anyhow!(
                    "the directory settings need attention (see FAIL above)"
                )));
            }
            Ok(())
        }
        Command::Migrate => {
            let app = open(&cfg).await?;
            println!(
                "database is at schema version {}",
                app.db.schema_version().await.map_err(anyhow::Error::from)?
            );
            Ok(())
        }
        Command::User(c) => user::run(&open(&cfg).await?, &caller(), c).await,
        Command::Policy(c) => policy::run(&open(&cfg).await?, &caller(), c).await,
        Command::Role(c) => role::run(&open(&cfg).await?, &caller(), c).await,
        Command::Client(c) => client::run(&open(&cfg).await?, &caller(), c).await,
        Command::Otp(c) => otp::run(&open(&cfg).await?, &caller(), c).await,
        Command::Tempcode(c) => tempcode::run(&open(&cfg).await?, &caller(), c).await,
        Command::Settings(c) => settings::run(&open(&cfg).await?, &caller(), c).await,
        Command::Audit(c) => audit::run(&open(&cfg).await?, &cfg, c).await,
        Command::Notifications(c) => notifications::run(&open(&cfg).await?, &caller(), c).await,
        Command::Radius(c) => radius::run(&cfg, c).await,
        Command::Demo(_) | Command::Completions { .. } => Ok(()),
    }
}

async fn open(cfg: &Effective) -> Result<crate::wiring::App, Failure> {
    Ok(crate::wiring::open(cfg).await?)
}

/// The operating-system user running the command, for the audit log.
pub fn os_user() -> String {
    if let Ok(u) = std::env::var("USER").or_else(|_| std::env::var("LOGNAME"))
        && !u.is_empty()
    {
        return u;
    }
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .and_then(|l| l.split_whitespace().nth(1).map(|u| format!("uid{u}")))
        })
        .unwrap_or_else(|| "unknown".into())
}

fn caller() -> Caller {
    Caller::operator(&os_user())
}

/// Reads one line (a password) from standard input without echoing it anywhere.
pub fn read_secret_line() -> Result<secrecy::SecretString, Failure> {
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).map_err(|e| {
        Failure::Input(format!("cannot read the password from standard input: {e}"))
    })?;
    let pw = line.trim_end_matches(['\r', '\n']).to_owned();
    if pw.is_empty() {
        return Err(Failure::Input("no password on standard input: pipe it in, e.g. `printf '%s\\n' \"$PW\" | regain user set-password NAME --password-stdin`".into()));
    }
    Ok(secrecy::SecretString::from(pw))
}

pub fn setup_url_for(public_url: &str, token: &str) -> String {
    format!("{public_url}/setup/{token}")
}

pub fn input(msg: impl Into<String>) -> Failure {
    Failure::Input(msg.into())
}
