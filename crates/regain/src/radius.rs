//! Starts the RADIUS server of `regain serve` when `radius.listen` is set: each configured
//! client with its API client, the UDP socket, the server task.

use crate::config::{Effective, FactorMode};
use crate::wiring::App;
use anyhow::Context;
use std::sync::Arc;

pub async fn start(app: &App, cfg: &Effective) -> anyhow::Result<()> {
    let r = &cfg.radius;
    if r.listen.is_none() && r.tls.is_none() {
        return Ok(());
    }
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
    let server = Arc::new(regain_radius::server::RadiusServer::new(
        app.services.clone(),
        clients,
        r.reject_delay,
        r.push_wait,
    ));
    if let Some(listen) = r.listen {
        let socket = tokio::net::UdpSocket::bind(listen)
            .await
            .with_context(|| format!("radius.listen: cannot listen on {listen}"))?;
        let bound = socket.local_addr().unwrap_or(listen);
        tokio::spawn(server.clone().serve(Arc::new(socket)));
        tracing::info!(address = %bound, clients = r.clients.len(), "radius: listening");
    }
    if let Some((listen, files)) = &r.tls {
        let acceptor = regain_radius::server::tls_acceptor(files).map_err(anyhow::Error::msg)?;
        let listener = tokio::net::TcpListener::bind(listen)
            .await
            .with_context(|| format!("radius.tls.listen: cannot listen on {listen}"))?;
        tokio::spawn(regain_radius::server::serve_tls(server, listener, acceptor));
        tracing::info!(address = %listen, "radius/tls: listening");
    }
    Ok(())
}
