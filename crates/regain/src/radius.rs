//! Starts the RADIUS server of `regain serve` when `radius.listen` is set: each configured
//! client with its API client, the UDP socket, the server task.

use crate::config::{Effective, FactorMode};
use crate::wiring::App;
use anyhow::Context;
use std::sync::Arc;

pub async fn start(app: &App, cfg: &Effective) -> anyhow::Result<()> {
    let r = &cfg.radius;
    let Some(listen) = r.listen else {
        return Ok(());
    };
    let mut clients = Vec::new();
    for c in &r.clients {
        let api = app
            .services
            .radius_api_client(&c.name)
            .await
            .with_context(|| format!("radius client {:?}", c.name))?;
        clients.push(regain_radius::server::ServerClient {
            name: c.name.clone(),
            address: c.address,
            secret: c.secret.clone(),
            workflow: c.workflow,
            flags: c.flags,
            appended: match &c.mode {
                FactorMode::Challenge => None,
                FactorMode::Appended(sep) => Some(sep.clone()),
            },
            api,
        });
    }
    let socket = tokio::net::UdpSocket::bind(listen)
        .await
        .with_context(|| format!("radius.listen: cannot listen on {listen}"))?;
    let bound = socket.local_addr().unwrap_or(listen);
    let server = Arc::new(regain_radius::server::RadiusServer::new(
        app.services.clone(),
        clients,
        r.reject_delay,
        r.push_wait,
    ));
    tokio::spawn(server.serve(Arc::new(socket)));
    tracing::info!(address = %bound, clients = r.clients.len(), "radius: listening");
    Ok(())
}
