//! What the RADIUS front end asks of the services: the API client each gateway's sign-ins run
//! as, and the answer to a challenge read as exactly one factor. Every decision after that is
//! the API's own (`start_transaction`, `submit_factor`): lockout, audit, events, reasons.

use super::{ServiceError, Services, TxView};
use crate::audit::{Actor, AuditAction, AuditEvent, Outcome};
use crate::ids::ClientId;
use crate::policy::Factor;
use crate::ports::StoreError;
use crate::radius::{CHALLENGE_LIFETIME_MS, ChallengeAnswer, PendingChallenge, read_answer};
use crate::signin::ApiClient;
use crate::sms::SmsSend;

/// The keyed hash's purpose for challenge States.
const STATE_PURPOSE: &str = "radius-state";

/// RADIUS gateways' API clients are `c-radius-<name>`.
pub const RADIUS_CLIENT_PREFIX: &str = "c-radius-";

/// What answering a challenge came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RadiusAnswer {
    /// The factor was checked: the sign-in's state after it (accepted, rejected, or awaiting a
    /// new try).
    Checked(TxView),
    /// An SMS code went out (to this masked number): challenge again for it.
    SmsSent(String),
    /// The SMS could not be sent (its reason code).
    SmsNotSent(&'static str),
    /// Not an answer Regain can check (no attempt taken): challenge again.
    Unusable,
    /// A push went to the user's device: the number they enter in the app (number matching).
    PushSent(u32),
    /// No push was sent (its reason code).
    PushNotSent(&'static str),
}

fn client_id_of(name: &str) -> ClientId {
    let slug: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    ClientId::new(format!("{RADIUS_CLIENT_PREFIX}{slug}"))
}

impl Services {
    /// The API client a RADIUS gateway's sign-ins run as, created on first use (audited): its
    /// name is in every record of those sign-ins, it learns refusal reasons (it is the
    /// operator's own gateway), and no bearer token opens it (its credential hash is `!`).
    /// Revoking it (`regain client revoke`) stops the gateway.
    pub async fn radius_api_client(&self, name: &str) -> Result<ApiClient, ServiceError> {
        let id = client_id_of(name);
        if let Some(c) = self.store.client_by_id(&id).await? {
            return Ok(c);
        }
        let c = ApiClient {
            id: id.clone(),
            name: format!("radius {name}"),
            secret_hash: "!".into(),
            trusted: true,
            admin: None,
            created_at: self.clock.now(),
            revoked_at: None,
        };
        let audit = AuditEvent::new(
            self.clock.now(),
            &Actor::System,
            AuditAction::ClientAdd,
            Outcome::Success,
        )
        .target(&c.name)
        .detail("kind", "radius");
        match self.store.add_client(&c, &audit).await {
            Ok(()) => Ok(c),
            // Another node made it first: read theirs.
            Err(StoreError::Conflict(_)) => self.store.client_by_id(&id).await?.ok_or_else(|| {
                ServiceError::invalid(
                    "radius.clients",
                    format!(
                        "an API client is already named {:?}: rename the RADIUS client or that API client",
                        c.name
                    ),
                )
            }),
            Err(e) => Err(e.into()),
        }
    }

    /// Keeps a challenge sent with `state` (the octets of its State attribute) for its answer,
    /// on any node, for [`CHALLENGE_LIFETIME_MS`]. Only a keyed hash of the State is stored:
    /// the database holds nothing a gateway could be answered with.
    pub async fn remember_radius_challenge(
        &self,
        state: &[u8],
        transaction: crate::ids::TransactionId,
        client: &str,
        username: &str,
        sms_sent: bool,
        push_sent: bool,
    ) -> Result<(), ServiceError> {
        let c = PendingChallenge {
            transaction,
            client: client.to_owned(),
            username: username.to_owned(),
            sms_sent,
            push_sent,
            expires_at: crate::time::Timestamp(
                self.clock.now().as_millis() + CHALLENGE_LIFETIME_MS,
            ),
        };
        Ok(self
            .store
            .put_challenge(&self.state_hash(state), &c)
            .await?)
    }

    /// The challenge sent with `state`, taken out (used once, on whichever node asks first);
    /// `None` if unknown, used, or expired.
    pub async fn take_radius_challenge(
        &self,
        state: &[u8],
    ) -> Result<Option<PendingChallenge>, ServiceError> {
        Ok(self
            .store
            .take_challenge(&self.state_hash(state), self.clock.now())
            .await?)
    }

    fn state_hash(&self, state: &[u8]) -> String {
        let hex: String = state.iter().map(|b| format!("{b:02x}")).collect();
        self.secrets.keyed_hash(STATE_PURPOSE, &hex)
    }

    /// The reply attributes of `username`'s policy, for an Access-Accept.
    pub async fn radius_reply(
        &self,
        username: &str,
    ) -> Result<crate::policy::RadiusReply, ServiceError> {
        let user = self.find_user(username).await?;
        Ok(self.policy_of(&user).await?.radius)
    }

    /// Answers the challenge of sign-in `id` with what the user typed, read as one factor
    /// (`crate::radius::read_answer`) and checked as the API checks it.
    pub async fn answer_radius_challenge(
        &self,
        client: &ApiClient,
        id: &str,
        typed: &str,
        sms_sent: bool,
    ) -> Result<RadiusAnswer, ServiceError> {
        let t = self.current_transaction(client, id).await?;
        // Whether the user holds a temporary code, and its length, matter only where the
        // sign-in accepts one: otherwise these three reads are left out of the answer.
        let (has_code, digits) = if t.acceptable.contains(&Factor::TemporaryCode) {
            let has_code = match self
                .store
                .user_by_name(
                    &crate::user::Username::parse(&t.username)
                        .map_err(|m| ServiceError::invalid("user", m))?,
                )
                .await?
            {
                Some(u) => self
                    .store
                    .active_temp_code(u.id)
                    .await?
                    .is_some_and(|c| c.is_valid(self.clock.now())),
                None => false,
            };
            (has_code, self.store.settings().await?.temporary_code_digits)
        } else {
            (false, 0)
        };
        match read_answer(&t.acceptable, typed, digits, has_code, sms_sent) {
            ChallengeAnswer::Code { factor, code } => Ok(RadiusAnswer::Checked(match factor {
                Factor::TemporaryCode => self.submit_temporary_code(client, id, &code).await?,
                Factor::Sms => self.submit_sms(client, id, &code).await?,
                _ => self.submit_otp(client, id, &code).await?,
            })),
            ChallengeAnswer::SendSms => {
                Ok(match self.send_sms_for_transaction(client, id).await? {
                    SmsSend::Sent { to } => RadiusAnswer::SmsSent(to),
                    SmsSend::NotSent(r) => RadiusAnswer::SmsNotSent(r.code()),
                })
            }
            ChallengeAnswer::Push => Ok(match self.send_push(client, id).await? {
                crate::push::PushSend::Sent { number, .. } => RadiusAnswer::PushSent(number),
                crate::push::PushSend::NotSent(r) => RadiusAnswer::PushNotSent(r.code()),
            }),
            ChallengeAnswer::Unusable => Ok(RadiusAnswer::Unusable),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_ids_are_slugs_of_the_name() {
        assert_eq!(
            client_id_of("VPN Gateway 1").as_str(),
            "c-radius-vpn-gateway-1"
        );
    }
}
