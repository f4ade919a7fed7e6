//! `regain-authenticator`: Regain's reference push authenticator for the terminal. It does what
//! the mobile app does: enrol from the link an administrator or the self-service page gives,
//! show pending pushes with their context, approve by typing the number the sign-in page shows
//! (the app is never told it), deny, and show the offline code for when pushes cannot arrive.

mod client;
mod state;

use anyhow::{Context, anyhow, bail};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use clap::{Parser, Subcommand};
use regain_core::otp::{OtpAlgorithm, totp_step};
use regain_core::push::{Decision, answer_message, enroll_message};
use regain_core::time::Timestamp;
use regain_crypto::DeviceKey;
use serde_json::{Value, json};
use std::path::PathBuf;

#[derive(Parser)]
#[command(name = "regain-authenticator", version, about)]
struct Cli {
    /// The device file (default: $REGAIN_AUTHENTICATOR_STATE or ~/.config/regain-authenticator/device.json).
    #[arg(long, global = true)]
    state: Option<PathBuf>,
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Enrol this device from an enrollment link (https://HOST/push/enroll#TOKEN).
    Enroll {
        link: String,
        /// A name for this device, shown to you and the helpdesk.
        #[arg(long, default_value = "regain-authenticator")]
        label: String,
        /// The server's certificate (PEM), for servers with a self-signed certificate.
        #[arg(long)]
        ca: Option<PathBuf>,
        /// Accept any server certificate (testing only).
        #[arg(long)]
        insecure: bool,
        /// Replace a device already enrolled in this file.
        #[arg(long)]
        force: bool,
    },
    /// List pushes waiting for an answer, with where they come from.
    Pending {
        /// Wait up to this many seconds for a push to arrive (0–30).
        #[arg(long, default_value_t = 0)]
        wait: u64,
    },
    /// Approve a push by typing the number the sign-in page shows.
    Approve {
        number: String,
        /// Which push (needed only when several are pending).
        #[arg(long)]
        push: Option<String>,
    },
    /// Deny a push you did not start.
    Deny {
        #[arg(long)]
        push: Option<String>,
    },
    /// Show the offline code (for when pushes cannot reach this device).
    Code,
    /// Show the enrolled device.
    Show,
}

fn now() -> Timestamp {
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64);
    Timestamp::from_millis(ms)
}

/// Splits `https://host:port/push/enroll#TOKEN` into the server base and the token.
fn parse_link(link: &str) -> anyhow::Result<(String, String)> {
    let bad =
        || anyhow!("{link:?} is not an enrollment link: expected https://HOST/push/enroll#TOKEN");
    let (url, token) = link.trim().split_once('#').ok_or_else(bad)?;
    let base = url.strip_suffix("/push/enroll").ok_or_else(bad)?;
    if !(base.starts_with("https://") || base.starts_with("http://")) || token.is_empty() {
        return Err(bad());
    }
    Ok((base.to_owned(), token.to_owned()))
}

async fn enroll(
    path: &std::path::Path,
    link: &str,
    label: &str,
    ca: Option<PathBuf>,
    insecure: bool,
    force: bool,
) -> anyhow::Result<()> {
    let (server, token) = parse_link(link)?;
    if path.exists() && !force {
        bail!(
            "{} already holds an enrolled device; use --force to replace it",
            path.display()
        );
    }
    let key = DeviceKey::generate()?;
    let pk = B64.encode(key.public_key());
    let sig = B64.encode(key.sign(&enroll_message(&token, &pk)));
    let ca = ca
        .map(|p| std::fs::canonicalize(&p).with_context(|| format!("cannot read {}", p.display())))
        .transpose()?;
    let http = client::http(ca.as_deref(), insecure)?;
    let res = http
        .post(format!("{server}/device/v1/enroll"))
        .json(&json!({"token": token, "public_key": pk, "signature": sig, "label": label}))
        .send()
        .await
        .with_context(|| format!("cannot reach {server}"))?;
    let v = client::read(res).await?;
    let field = |v: &Value, k: &str| -> anyhow::Result<String> {
        v[k].as_str()
            .map(str::to_owned)
            .ok_or_else(|| anyhow!("the server's answer lacks {k}"))
    };
    let st = state::DeviceState {
        server,
        device_id: field(&v, "device_id")?,
        username: field(&v, "username")?,
        label: label.to_owned(),
        key_pkcs8: B64.encode(key.pkcs8()),
        offline: state::Offline {
            seed_base32: field(&v["offline_code"], "seed_base32")?,
            algorithm: field(&v["offline_code"], "algorithm")?,
            digits: v["offline_code"]["digits"].as_u64().unwrap_or(6) as u8,
            period: v["offline_code"]["period"].as_u64().unwrap_or(30) as u32,
        },
        ca_file: ca,
        insecure,
    };
    state::save(path, &st, force)?;
    println!(
        "enrolled as {} for {} (device {})",
        st.label, st.username, st.device_id
    );
    Ok(())
}

fn describe(p: &Value) -> String {
    let s = |k: &str| p[k].as_str().unwrap_or("-").to_owned();
    format!(
        "push {}\n  sign-in to: {} via {}\n  from: {}  device: {}\n  at: {}\n  to approve, type the {}-digit number the sign-in page shows: approve NUMBER",
        s("id"),
        s("workflow").replace('_', " "),
        s("client"),
        s("source"),
        s("device"),
        s("time"),
        p["number_digits"].as_u64().unwrap_or(2)
    )
}

/// The push to answer, the one given or the only one pending, with how many digits its number
/// has.
async fn choose(d: &client::Device, push: Option<String>) -> anyhow::Result<(String, usize)> {
    let pending = d.pushes(0).await?;
    let digits = |p: &Value| p["number_digits"].as_u64().unwrap_or(2) as usize;
    match push {
        Some(id) => {
            let p = pending
                .iter()
                .find(|p| p["id"] == id.as_str())
                .ok_or_else(|| anyhow!("push {id} is not pending (answered or expired)"))?;
            Ok((id, digits(p)))
        }
        None => match &pending[..] {
            [] => bail!("no push is pending"),
            [p] => Ok((p["id"].as_str().unwrap_or_default().to_owned(), digits(p))),
            _ => bail!("several pushes are pending: name one with --push ID (see `pending`)"),
        },
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let path = cli.state.unwrap_or_else(state::default_path);
    if let Cmd::Enroll {
        link,
        label,
        ca,
        insecure,
        force,
    } = &cli.cmd
    {
        return enroll(&path, link, label, ca.clone(), *insecure, *force).await;
    }
    let d = client::Device::open(state::load(&path)?)?;
    match cli.cmd {
        Cmd::Enroll { .. } => Ok(()),
        Cmd::Show => {
            let s = &d.state;
            println!(
                "{} for {} at {} (device {})",
                s.label, s.username, s.server, s.device_id
            );
            Ok(())
        }
        Cmd::Pending { wait } => {
            let list = d.pushes(wait).await?;
            if list.is_empty() {
                println!("no push is pending");
            }
            for p in &list {
                println!("{}", describe(p));
            }
            Ok(())
        }
        Cmd::Approve { number, push } => {
            let (id, digits) = choose(&d, push).await?;
            let typed: String = number.chars().filter(|c| !c.is_whitespace()).collect();
            // Only the form is checked here (a typo is not sent); whether it is the sign-in's
            // number only the server knows.
            let number = match typed.parse::<u32>() {
                Ok(n) if typed.len() == digits && typed.bytes().all(|b| b.is_ascii_digit()) => n,
                _ => bail!(
                    "{number:?} is not a {digits}-digit number: type the number the sign-in page shows"
                ),
            };
            let sig = d.sign(&answer_message(&id, Some(number), Decision::Approve));
            let state = d
                .answer(
                    &id,
                    &json!({"decision": "approve", "number": number, "signature": sig}),
                )
                .await?;
            match state.as_str() {
                "approved" => println!("approved"),
                "wrong_number" => println!(
                    "denied: {number} was not the number of this sign-in; if you did not start it, tell your helpdesk"
                ),
                other => println!("not approved: the push is {other}"),
            }
            Ok(())
        }
        Cmd::Deny { push } => {
            let (id, _) = choose(&d, push).await?;
            let sig = d.sign(&answer_message(&id, None, Decision::Deny));
            let state = d
                .answer(&id, &json!({"decision": "deny", "signature": sig}))
                .await?;
            println!("push {state}");
            Ok(())
        }
        Cmd::Code => {
            let o = &d.state.offline;
            let seed = regain_crypto::base32_decode(&o.seed_base32)
                .ok_or_else(|| anyhow!("the device file's seed is not base32"))?;
            let alg = OtpAlgorithm::parse(&o.algorithm)
                .ok_or_else(|| anyhow!("unknown algorithm {}", o.algorithm))?;
            let t = now();
            let code = regain_crypto::hotp(&seed, totp_step(t, o.period), alg, o.digits);
            let left = u64::from(o.period) - (t.as_millis() / 1000) as u64 % u64::from(o.period);
            println!("{code}  (valid for {left} s more)");
            Ok(())
        }
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> std::process::ExitCode {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let cli = Cli::parse();
    match run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::from(1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::parse_link;

    #[test]
    fn links_split_into_server_and_token() {
        assert_eq!(
            parse_link("https://mfa.example.org:8443/push/enroll#abc").unwrap(),
            ("https://mfa.example.org:8443".to_owned(), "abc".to_owned())
        );
        for bad in [
            "https://x/push/enroll",
            "https://x/other#abc",
            "ftp://x/push/enroll#a",
            "https://x/push/enroll#",
        ] {
            assert!(parse_link(bad).is_err(), "{bad}");
        }
    }
}
