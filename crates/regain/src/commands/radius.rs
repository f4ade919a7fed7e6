//! `regain radius`: what an operator needs while setting up a gateway (no database).

use crate::Failure;
use crate::cli::RadiusCmd;
use crate::config::{Effective, FactorMode};

pub async fn run(cfg: &Effective, cmd: RadiusCmd) -> Result<(), Failure> {
    let r = &cfg.radius;
    match cmd {
        RadiusCmd::Test {
            server,
            user,
            secret_file,
            no_message_authenticator,
            timeout,
        } => {
            let secret = std::fs::read_to_string(&secret_file)
                .map_err(|e| {
                    Failure::Input(format!(
                        "--secret-file: cannot read {}: {e}",
                        secret_file.display()
                    ))
                })?
                .lines()
                .next()
                .unwrap_or_default()
                .to_owned();
            regain_radius::check_secret(secret.as_bytes())
                .map_err(|e| Failure::Input(format!("--secret-file: {e}")))?;
            let accepted = super::radius_test::run(super::radius_test::Test {
                server,
                user,
                secret: secret.into_bytes(),
                message_authenticator: !no_message_authenticator,
                timeout: std::time::Duration::from_secs(timeout.clamp(1, 60)),
            })
            .await?;
            if accepted {
                println!("signed in");
                Ok(())
            } else {
                Err(Failure::Runtime(anyhow::anyhow!("not signed in")))
            }
        }
        RadiusCmd::Secret => {
            // Twice what rejection sampling needs on average; more if that ran short.
            for n in [96usize, 256, 1024] {
                let random = regain_crypto::random_bytes::<1024>()
                    .map_err(|e| Failure::Runtime(anyhow::anyhow!("no randomness: {e}")))?;
                if let Some(s) = regain_radius::generate_secret(&random[..n]) {
                    println!("{s}");
                    return Ok(());
                }
            }
            Err(Failure::Runtime(anyhow::anyhow!(
                "could not draw a secret from the system's randomness"
            )))
        }
        RadiusCmd::Clients { from } => {
            println!(
                "listen: {}; RADIUS/TLS: {}; rejects delayed {}s; pushes awaited {}s",
                r.listen.map_or("off".to_owned(), |a| a.to_string()),
                r.tls
                    .as_ref()
                    .map_or("off".to_owned(), |(a, _)| a.to_string()),
                r.reject_delay.as_secs(),
                r.push_wait.as_secs()
            );
            let shown: Vec<_> = match from {
                Some(ip) => r.client_for(ip).into_iter().collect(),
                None => r.clients.iter().collect(),
            };
            if shown.is_empty() {
                println!(
                    "{}",
                    match from {
                        Some(ip) => format!("no client: requests from {ip} are dropped"),
                        None => "no clients configured ([[radius.clients]])".into(),
                    }
                );
            }
            for c in shown {
                println!(
                    "{}\t{}\t{}\t{}\tsecret {} octets\tMessage-Authenticator {}{}",
                    c.name,
                    c.address,
                    c.workflow.key(),
                    match &c.mode {
                        FactorMode::Challenge => "challenge".to_owned(),
                        FactorMode::Appended(sep) => format!("appended (password{sep}code)"),
                    },
                    c.secret.len(),
                    if c.flags.require_message_authenticator {
                        "required"
                    } else {
                        "optional"
                    },
                    if !c.flags.require_message_authenticator && c.flags.limit_proxy_state {
                        ", Proxy-State limited"
                    } else {
                        ""
                    }
                );
            }
            for w in &r.warnings {
                eprintln!("warning: {w}");
            }
            Ok(())
        }
    }
}
