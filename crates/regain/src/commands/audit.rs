use crate::Failure;
use crate::cli::{AuditCmd, AuditFilterArgs};
use crate::wiring::App;
use anyhow::Context;
use regain_core::audit::{AuditFilter, AuditRecord, verify_store};
use regain_core::ports::AuditRepo;
use regain_core::time::Timestamp;
use std::io::Write;

fn parse_time(flag: &str, v: &Option<String>) -> Result<Option<Timestamp>, Failure> {
    v.as_deref()
        .map(|t| Timestamp::parse_rfc3339(t).map_err(|m| Failure::Input(format!("--{flag}: {m}"))))
        .transpose()
}

fn json_line(r: &AuditRecord) -> Result<String, Failure> {
    serde_json::to_string(r).map_err(|e| Failure::Runtime(e.into()))
}

pub async fn run(app: &App, cmd: AuditCmd) -> Result<(), Failure> {
    match cmd {
        AuditCmd::List(a) => list(app, a).await,
        AuditCmd::Verify => match verify_store(&app.db, &app.mac)
            .await
            .map_err(anyhow::Error::from)?
        {
            Ok(n) => {
                println!("audit chain intact: {n} records verified");
                Ok(())
            }
            Err(b) => Err(Failure::Runtime(anyhow::anyhow!("audit chain broken: {b}"))),
        },
        AuditCmd::Export { output } => {
            let mut out: Box<dyn Write> = match &output {
                Some(p) => Box::new(
                    std::fs::File::create(p)
                        .with_context(|| format!("creating {}", p.display()))?,
                ),
                None => Box::new(std::io::stdout().lock()),
            };
            let mut after = None;
            let mut n = 0u64;
            loop {
                let page = app
                    .db
                    .audit_chain_page(after.clone(), 1000)
                    .await
                    .map_err(anyhow::Error::from)?;
                let Some(last) = page.last() else { break };
                after = Some((last.node.clone(), last.seq));
                for r in &page {
                    writeln!(out, "{}", json_line(r)?).context("writing the export")?;
                    n += 1;
                }
            }
            out.flush().context("writing the export")?;
            eprintln!("exported {n} records");
            Ok(())
        }
    }
}

async fn list(app: &App, a: AuditFilterArgs) -> Result<(), Failure> {
    let f = AuditFilter {
        since: parse_time("since", &a.since)?,
        until: parse_time("until", &a.until)?,
        actor: a.actor,
        target: a.target,
        action: a.action,
        limit: a.limit,
        offset: a.offset,
    };
    let page = app.db.list_audit(&f).await.map_err(anyhow::Error::from)?;
    for r in &page.items {
        if a.json {
            println!("{}", json_line(r)?);
        } else {
            let details: Vec<String> = r
                .event
                .details
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            println!(
                "{}  {:<8} {:<22} {:<24} {:<20} {:<12} {}",
                r.event.at,
                r.event.outcome.key(),
                r.event.action,
                r.event.actor,
                r.event.target.as_deref().unwrap_or("-"),
                r.event.source.as_deref().unwrap_or("-"),
                details.join(" ")
            );
        }
    }
    if !a.json {
        println!("{} of {} records shown", page.items.len(), page.total);
    }
    Ok(())
}
