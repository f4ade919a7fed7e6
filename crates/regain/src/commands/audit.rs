use crate::Failure;
use crate::cli::{AuditCmd, AuditFilterArgs};
use crate::config::Effective;
use crate::wiring::App;
use anyhow::Context;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
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

pub async fn run(app: &App, cfg: &Effective, cmd: AuditCmd) -> Result<(), Failure> {
    match cmd {
        AuditCmd::List(a) => list(app, a).await,
        AuditCmd::Verify {
            checkpoints,
            public_key,
        } => {
            let n = match verify_store(&app.db, &app.mac)
                .await
                .map_err(anyhow::Error::from)?
            {
                Ok(n) => n,
                Err(b) => {
                    return Err(Failure::Runtime(anyhow::anyhow!("audit chain broken: {b}")));
                }
            };
            let Some(dir) = checkpoints else {
                println!("audit chain intact: {n} records verified");
                return Ok(());
            };
            if !dir.is_dir() {
                return Err(Failure::Input(format!(
                    "--checkpoints: {} is not a directory: give the folder holding the NODE.jsonl checkpoint files (audit.checkpoint_dir)",
                    dir.display()
                )));
            }
            let key = match public_key {
                Some(k) => B64
                    .decode(k.trim())
                    .ok()
                    .filter(|k| k.len() == 32)
                    .ok_or_else(|| {
                        Failure::Input(
                            "--public-key: give the checkpoint key's 32-byte public key in base64 (regain audit checkpoint prints it)".into(),
                        )
                    })?,
                None => crate::checkpoints::signing_key(cfg)?.public_key(),
            };
            match crate::checkpoints::verify(app, &dir, &key).await? {
                Ok(c) => {
                    println!(
                        "audit chain intact: {n} records verified, consistent with {} signed checkpoints",
                        c.checkpoints
                    );
                    Ok(())
                }
                Err(m) => Err(Failure::Runtime(anyhow::anyhow!("audit chain broken: {m}"))),
            }
        }
        AuditCmd::Checkpoint => {
            let key = crate::checkpoints::signing_key(cfg)?;
            let place = crate::checkpoints::Place::of(cfg);
            match crate::checkpoints::write(&app.db, app.services.clock.now(), &place, &key, None)
                .await?
            {
                Some(seq) => println!(
                    "checkpoint of node {} at seq {seq} written to {}",
                    cfg.raw.node_id,
                    cfg.checkpoint_dir.display()
                ),
                None => println!(
                    "nothing to checkpoint: node {} has no records yet",
                    cfg.raw.node_id
                ),
            }
            println!(
                "checkpoint key (public, base64): {}",
                B64.encode(key.public_key())
            );
            Ok(())
        }
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
        let limit = regain_core::audit::AUDIT_COUNT_LIMIT;
        let of = regain_core::ports::total_text(page.total, limit);
        let hint = if page.total > limit {
            " (narrow the filters, or page with --offset)"
        } else {
            ""
        };
        println!("{} of {of} records shown{hint}", page.items.len());
    }
    Ok(())
}
