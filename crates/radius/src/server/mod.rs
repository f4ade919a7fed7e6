//! The RADIUS server on UDP: a front end that translates. Each datagram is decoded (malformed:
//! dropped), matched to its client by address (unknown: dropped), checked for its
//! Message-Authenticator as the client's flags say (failing: dropped before any work), then
//! answered from the core services' decision: the password through `start_transaction`, the
//! challenge's answer through `answer_radius_challenge`. Rejects wait the configured delay
//! (with jitter) in the request's own task, so no worker is held; a retransmission gets the
//! byte-identical cached answer and is never decided twice (RFC 5080).

mod replies;
mod tls;

pub use tls::{TlsFiles, acceptor as tls_acceptor, serve_tls};

use crate::{
    Attribute, AttributeType, ClientAddress, ClientFlags, Code, Packet, check_request, decode,
    recover_password, response,
};
use regain_core::policy::{Factor, Workflow};
use regain_core::radius::PendingChallenge;
use regain_core::service::{RadiusAnswer, Services, TxView};
use regain_core::signin::{ApiClient, TxState};
use replies::{Cached, Replies};
use secrecy::SecretString;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::UdpSocket;

/// One configured gateway.
#[derive(Debug, Clone)]
pub struct ServerClient {
    pub name: String,
    pub address: ClientAddress,
    pub secret: Vec<u8>,
    pub workflow: Workflow,
    pub flags: ClientFlags,
    /// `Some(separator)`: the code comes after the password in User-Password
    /// (`password,123456`), for gateways that show no challenge.
    pub appended: Option<String>,
    /// The API client its sign-ins run as ([`Services::radius_api_client`]).
    pub api: ApiClient,
}

pub struct RadiusServer {
    services: Services,
    clients: Vec<ServerClient>,
    reject_delay: Duration,
    /// How long a request answering a push challenge is held for the user's answer (under the
    /// gateway's timeout; retransmissions meanwhile are duplicates).
    push_wait: Duration,
    replies: Replies,
}

impl RadiusServer {
    pub fn new(
        services: Services,
        clients: Vec<ServerClient>,
        reject_delay: Duration,
        push_wait: Duration,
    ) -> Self {
        RadiusServer {
            services,
            clients,
            reject_delay,
            push_wait,
            replies: Replies::default(),
        }
    }

    pub(crate) fn client_for(&self, from: SocketAddr) -> Option<&ServerClient> {
        self.clients
            .iter()
            .filter(|c| c.address.contains(from.ip()))
            .max_by_key(|c| c.address.prefix())
    }

    /// Answers datagrams on `socket` until the process ends.
    pub async fn serve(self: Arc<Self>, socket: Arc<UdpSocket>) {
        let mut buf = vec![0u8; 65_535];
        loop {
            let (n, from) = match socket.recv_from(&mut buf).await {
                Ok(x) => x,
                Err(e) => {
                    tracing::warn!(error = %e, "radius: receiving failed");
                    continue;
                }
            };
            let raw = buf[..n].to_vec();
            let me = self.clone();
            let socket = socket.clone();
            tokio::spawn(async move { me.handle(raw, from, socket).await });
        }
    }

    async fn handle(&self, raw: Vec<u8>, from: SocketAddr, socket: Arc<UdpSocket>) {
        if let Some(bytes) = self.reply_to(&raw, from, None).await
            && let Err(e) = socket.send_to(&bytes, from).await
        {
            tracing::warn!(%from, error = %e, "radius: sending the answer failed");
        }
    }

    /// The answer's octets to one datagram (or TLS record) from `from`, or `None` to drop it.
    /// `tls_secret`: over RADIUS/TLS the shared secret is "radsec" (RFC 6614 §2.3), the
    /// client having proven itself with its certificate.
    pub(crate) async fn reply_to(
        &self,
        raw: &[u8],
        from: SocketAddr,
        tls_secret: Option<&[u8]>,
    ) -> Option<Vec<u8>> {
        let packet = match decode(raw) {
            Ok(p) => p,
            Err(e) => {
                tracing::debug!(%from, error = %e, "radius: malformed packet dropped");
                return None;
            }
        };
        let Some(client) = self.client_for(from) else {
            tracing::debug!(%from, "radius: a request from no configured client dropped");
            return None;
        };
        let secret = tls_secret.unwrap_or(&client.secret);
        if let Err(r) = check_request(raw, &packet, secret, client.flags) {
            tracing::warn!(client = %client.name, %from, reason = %r, "radius: request dropped before any work");
            return None;
        }
        let key = (from, packet.identifier, packet.authenticator);
        match self.replies.begin(key) {
            // A retransmission: the same octets, nothing decided again.
            Cached::Answered(bytes) => return Some(bytes),
            Cached::InFlight => return None,
            Cached::New => {}
        }
        let (code, attrs) = if packet.code == Code::StatusServer {
            (Code::AccessAccept, Vec::new())
        } else {
            self.decide(client, &packet, from, secret).await
        };
        let Some(bytes) = response(code, &packet, &attrs, secret) else {
            tracing::error!(client = %client.name, "radius: the answer does not fit into a packet");
            self.replies.forget(key);
            return None;
        };
        if code == Code::AccessReject {
            tokio::time::sleep(self.reject_delay + self.jitter()).await;
        }
        self.replies.finish(key, bytes.clone());
        Some(bytes)
    }

    /// Up to a quarter of a second more, so timing shows nothing about why.
    fn jitter(&self) -> Duration {
        let b = self.services.secrets.random_bytes(1);
        Duration::from_millis(u64::from(b.first().copied().unwrap_or(0)))
    }

    /// `secret`: the one the packet was signed with (the client's, or "radsec" over TLS).
    async fn decide(
        &self,
        client: &ServerClient,
        p: &Packet,
        from: SocketAddr,
        secret: &[u8],
    ) -> (Code, Vec<Attribute>) {
        let reject = |msg: &str| {
            (
                Code::AccessReject,
                vec![Attribute::new(AttributeType::ReplyMessage, msg)],
            )
        };
        let Some(username) = p.get(AttributeType::UserName).and_then(Attribute::text) else {
            return reject("No user name.");
        };
        // An answer to a challenge may come without a password (the user pressed Enter:
        // some clients then leave User-Password out).
        if p.get(AttributeType::UserPassword).is_none()
            && p.get(AttributeType::ChapPassword).is_none()
            && let Some(state) = p.get(AttributeType::State)
        {
            let result = self.answer(client, username, &state.value, "").await;
            return self.conclude(client, username, result).await;
        }
        let Some(hidden) = p.get(AttributeType::UserPassword) else {
            let what = if p.get(AttributeType::ChapPassword).is_some() {
                "CHAP"
            } else if p.get(AttributeType::VendorSpecific).is_some() {
                "MS-CHAP or another vendor method"
            } else {
                "no password"
            };
            tracing::warn!(
                client = %client.name,
                method = what,
                "radius: only PAP is accepted (the password must reach the directory); configure the gateway to send PAP"
            );
            return reject("Only PAP is accepted.");
        };
        let Ok(typed) = recover_password(&hidden.value, secret, &p.authenticator) else {
            return reject("Access denied.");
        };
        let Ok(typed) = String::from_utf8(typed.to_vec()) else {
            return reject("Access denied.");
        };
        let source = from.ip().to_string();
        let result = match p.get(AttributeType::State) {
            Some(state) => self.answer(client, username, &state.value, &typed).await,
            None => {
                let device = p
                    .get(AttributeType::NasIdentifier)
                    .and_then(Attribute::text)
                    .map(str::to_owned);
                // Appended: the code is what follows the last separator.
                let (password, code) = match &client.appended {
                    Some(sep) => match typed.rsplit_once(sep.as_str()) {
                        Some((pw, code)) => (pw.to_owned(), Some(code.to_owned())),
                        None => (typed, None),
                    },
                    None => (typed, None),
                };
                let password = SecretString::from(password);
                let started = self
                    .services
                    .start_transaction(
                        &client.api,
                        username,
                        &password,
                        client.workflow,
                        Some(&source),
                        device.as_deref().or(Some(client.name.as_str())),
                    )
                    .await;
                match (started, code) {
                    (Ok(v), Some(code)) if v.state == TxState::AwaitingSecondFactor => {
                        self.appended_code(client, v, &code).await
                    }
                    // This gateway cannot show a challenge: without the code, no sign-in.
                    (Ok(v), None)
                        if client.appended.is_some()
                            && v.state == TxState::AwaitingSecondFactor =>
                    {
                        Ok(Step::Refused)
                    }
                    (started, _) => started.map(|v| Step::View(v, Next::default())),
                }
            }
        };
        self.conclude(client, username, result).await
    }

    /// The packet for what a step came to: an accept with the policy's reply attributes, a
    /// challenge, or a reject (also for any error: nothing fails open).
    async fn conclude(
        &self,
        client: &ServerClient,
        username: &str,
        result: Result<Step, regain_core::service::ServiceError>,
    ) -> (Code, Vec<Attribute>) {
        let denied = || {
            (
                Code::AccessReject,
                vec![Attribute::new(
                    AttributeType::ReplyMessage,
                    "Access denied.",
                )],
            )
        };
        match result {
            Ok(Step::View(v, next)) => {
                let (code, mut attrs) = self.answer_of(client, username, v, next).await;
                if code == Code::AccessAccept {
                    match self.reply_attributes(client, username).await {
                        Some(more) => attrs.extend(more),
                        // Without its group the gateway might grant its default: refused.
                        None => return denied(),
                    }
                }
                (code, attrs)
            }
            Ok(Step::Refused) => denied(),
            Err(e) => {
                tracing::warn!(client = %client.name, error = %e, "radius: the sign-in failed");
                denied()
            }
        }
    }

    /// Filter-Id and Class from the user's policy; `None` if it cannot be read.
    async fn reply_attributes(
        &self,
        client: &ServerClient,
        username: &str,
    ) -> Option<Vec<Attribute>> {
        match self.services.radius_reply(username).await {
            Ok(r) => Some(
                [
                    (AttributeType::FilterId, r.filter_id),
                    (AttributeType::Class, r.class),
                ]
                .into_iter()
                .filter(|(_, v)| !v.is_empty())
                .map(|(t, v)| Attribute::new(t, v.into_bytes()))
                .collect(),
            ),
            Err(e) => {
                tracing::warn!(client = %client.name, error = %e, "radius: the policy's reply attributes cannot be read");
                None
            }
        }
    }

    async fn answer(
        &self,
        client: &ServerClient,
        username: &str,
        state: &[u8],
        typed: &str,
    ) -> Result<Step, regain_core::service::ServiceError> {
        // Single use: taken out whatever comes next (on whichever node the gateway asks);
        // bound to the client and the user.
        let Some(pending) = self.services.take_radius_challenge(state).await? else {
            return Ok(Step::Refused);
        };
        if pending.client != client.name || !pending.username.eq_ignore_ascii_case(username) {
            return Ok(Step::Refused);
        }
        // A push is out and nothing else was typed: wait for the user's answer in the app.
        if pending.push_sent && typed.trim().is_empty() {
            return self.await_push(client, &pending).await;
        }
        let answer = self
            .services
            .answer_radius_challenge(
                &client.api,
                pending.transaction.as_str(),
                typed,
                pending.sms_sent,
            )
            .await?;
        let again = |note: String, sms_sent: bool, push_sent: bool| async move {
            self.services
                .transaction_status(&client.api, pending.transaction.as_str())
                .await
                .map(|v| {
                    Step::View(
                        v,
                        Next {
                            sms_sent,
                            push_sent,
                            note: Some(note),
                        },
                    )
                })
        };
        match answer {
            RadiusAnswer::Checked(v) => Ok(Step::View(
                v,
                Next {
                    sms_sent: pending.sms_sent,
                    push_sent: false,
                    note: Some("That code was not accepted.".into()),
                },
            )),
            RadiusAnswer::SmsSent(to) => {
                again(format!("A code was sent to {to}."), true, false).await
            }
            RadiusAnswer::SmsNotSent(why) => {
                again(format!("No SMS could be sent ({why})."), false, false).await
            }
            RadiusAnswer::Unusable => {
                again("That is not a code.".into(), pending.sms_sent, false).await
            }
            RadiusAnswer::PushSent(number) => {
                again(
                    format!("Enter {number} in your Regain app, then press Enter here."),
                    false,
                    true,
                )
                .await
            }
            RadiusAnswer::PushNotSent(why) => {
                again(
                    format!("No push could be sent ({why})."),
                    pending.sms_sent,
                    false,
                )
                .await
            }
        }
    }

    /// Holds the request up to `push_wait` for the push's answer: accepted, refused, or (still
    /// waiting) a new challenge to press Enter again.
    async fn await_push(
        &self,
        client: &ServerClient,
        pending: &PendingChallenge,
    ) -> Result<Step, regain_core::service::ServiceError> {
        let until = tokio::time::Instant::now() + self.push_wait;
        loop {
            let v = self
                .services
                .transaction_status(&client.api, pending.transaction.as_str())
                .await?;
            let waiting = v.state == TxState::AwaitingSecondFactor
                && v.push == Some(regain_core::push::PushState::Pending);
            if !waiting || tokio::time::Instant::now() >= until {
                let note = if waiting {
                    "Still waiting for your answer in the Regain app: press Enter again."
                } else {
                    "The push was not approved."
                };
                return Ok(Step::View(
                    v,
                    Next {
                        sms_sent: false,
                        push_sent: waiting,
                        note: Some(note.into()),
                    },
                ));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The code that came with the password: checked at once, and no challenge follows (the
    /// gateway could not show it).
    async fn appended_code(
        &self,
        client: &ServerClient,
        v: TxView,
        code: &str,
    ) -> Result<Step, regain_core::service::ServiceError> {
        let Some(id) = v.id else {
            return Ok(Step::Refused);
        };
        match self
            .services
            .answer_radius_challenge(&client.api, id.as_str(), code, false)
            .await?
        {
            RadiusAnswer::Checked(v) if v.state == TxState::Accepted => {
                Ok(Step::View(v, Next::default()))
            }
            _ => Ok(Step::Refused),
        }
    }

    /// The packet for a sign-in's state: Accept, Reject, or a Challenge with a new State.
    async fn answer_of(
        &self,
        client: &ServerClient,
        username: &str,
        v: TxView,
        next: Next,
    ) -> (Code, Vec<Attribute>) {
        match v.state {
            TxState::Accepted => (Code::AccessAccept, Vec::new()),
            TxState::Rejected => (
                Code::AccessReject,
                vec![Attribute::new(
                    AttributeType::ReplyMessage,
                    "Access denied.",
                )],
            ),
            TxState::AwaitingSecondFactor => {
                let Some(id) = v.id else {
                    return (Code::AccessReject, Vec::new());
                };
                let state = self.services.secrets.random_bytes(16);
                if state.len() != 16 {
                    // No randomness: no State anyone could guess.
                    return (Code::AccessReject, Vec::new());
                }
                if let Err(e) = self
                    .services
                    .remember_radius_challenge(
                        &state,
                        id,
                        &client.name,
                        username,
                        next.sms_sent,
                        next.push_sent,
                    )
                    .await
                {
                    // A challenge nobody could answer is no use: refused.
                    tracing::warn!(client = %client.name, error = %e, "radius: the challenge cannot be kept");
                    return (Code::AccessReject, Vec::new());
                }
                let mut text = next.note.map(|n| format!("{n} ")).unwrap_or_default();
                if !next.push_sent {
                    text.push_str(&prompt(&v.acceptable, next.sms_sent));
                }
                (
                    Code::AccessChallenge,
                    vec![
                        Attribute::new(AttributeType::ReplyMessage, text.into_bytes()),
                        Attribute::new(AttributeType::State, state),
                        // No-Echo: a workstation does not show the code as it is typed.
                        Attribute::new(AttributeType::Prompt, 0u32.to_be_bytes()),
                    ],
                )
            }
        }
    }
}

/// What the next challenge remembers and says.
#[derive(Default)]
struct Next {
    sms_sent: bool,
    push_sent: bool,
    note: Option<String>,
}

enum Step {
    /// The sign-in's state and what a challenge after it carries.
    View(TxView, Next),
    /// A State that is unknown, used, expired, or another client's or user's.
    Refused,
}

/// What the user may enter, as the gateway shows it.
fn prompt(acceptable: &[Factor], sms_sent: bool) -> String {
    if sms_sent {
        return "Enter the code from the text message.".into();
    }
    let mut ways = Vec::new();
    if acceptable.contains(&Factor::Otp) {
        ways.push("the code from your authenticator app or token");
    }
    if acceptable.contains(&Factor::TemporaryCode) {
        ways.push("your temporary code");
    }
    let mut text = if ways.is_empty() {
        "Enter your code".to_owned()
    } else {
        format!("Enter {}", ways.join(", or "))
    };
    if acceptable.contains(&Factor::Sms) {
        text.push_str(", or sms to get a code by text message");
    }
    if acceptable.contains(&Factor::Push) {
        text.push_str(", or press Enter for a push to your Regain app");
    }
    text.push('.');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_prompt_names_what_may_be_entered() {
        assert_eq!(
            prompt(&[Factor::Otp, Factor::TemporaryCode, Factor::Sms], false),
            "Enter the code from your authenticator app or token, or your temporary code, or sms to get a code by text message."
        );
        assert_eq!(
            prompt(&[Factor::Otp], true),
            "Enter the code from the text message."
        );
        assert_eq!(
            prompt(&[Factor::TemporaryCode], false),
            "Enter your temporary code."
        );
    }
}
