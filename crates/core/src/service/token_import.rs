//! Hardware OTP tokens: seeds imported from the vendor's CSV file, assigned to users.
//!
//! Format, one token per line (a header line starting with `serial` is skipped, `#` starts a
//! comment): `serial,username,seed[,type[,algorithm[,digits[,period]]]]` where seed is hex, or
//! base32 written `base32:...`; type `totp` (default) or `hotp`; algorithm `sha1` (default),
//! `sha256`, `sha512`; digits 6 (default) or 8; period 30 (default) or 60. The whole file is
//! checked before anything is stored, so a bad line stores nothing.

use super::{Caller, ServiceError, Services};
use crate::admin::Permission;
use crate::audit::AuditAction;
use crate::audit::Outcome;
use crate::methods::{AuthMethod, MethodKind, MethodParams, MethodState};
use crate::otp::{OtpAlgorithm, OtpKind, OtpParams};
use crate::user::{User, Username};
use std::collections::BTreeSet;

fn decode_hex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

fn decode_base32(s: &str) -> Option<Vec<u8>> {
    let (mut out, mut buf, mut bits) = (Vec::new(), 0u32, 0u32);
    for c in s.chars().filter(|c| *c != '=' && !c.is_whitespace()) {
        let v = match c.to_ascii_uppercase() {
            c @ 'A'..='Z' => c as u32 - 'A' as u32,
            c @ '2'..='7' => c as u32 - '2' as u32 + 26,
            _ => return None,
        };
        buf = (buf << 5) | v;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push(((buf >> bits) & 0xff) as u8);
        }
    }
    Some(out)
}

struct Line {
    serial: String,
    user: User,
    seed: Vec<u8>,
    params: OtpParams,
}

impl Services {
    pub async fn import_otp_tokens(
        &self,
        caller: &Caller,
        csv: &str,
    ) -> Result<usize, ServiceError> {
        self.authorize(
            caller,
            Permission::ManageUsers,
            AuditAction::MethodImport,
            "",
        )
        .await?;
        let mut lines = Vec::new();
        let mut serials = BTreeSet::new();
        for (n, raw) in csv.lines().enumerate() {
            let n = n + 1;
            let text = raw.split('#').next().unwrap_or("").trim();
            if text.is_empty() || (n == 1 && text.to_ascii_lowercase().starts_with("serial")) {
                continue;
            }
            let bad = |m: String| ServiceError::invalid(format!("line {n}"), m);
            let cols: Vec<&str> = text.split(',').map(str::trim).collect();
            if !(3..=7).contains(&cols.len()) {
                return Err(bad(
                    "expected serial,username,seed[,type[,algorithm[,digits[,period]]]]".into(),
                ));
            }
            let serial = cols[0].to_owned();
            if serial.is_empty() || serial.len() > 64 || serial.chars().any(char::is_control) {
                return Err(bad(
                    "the serial number must be 1 to 64 printable characters".into(),
                ));
            }
            if !serials.insert(serial.clone()) {
                return Err(bad(format!("serial {serial:?} appears twice in the file")));
            }
            let name = Username::parse(cols[1]).map_err(bad)?;
            let user = self
                .store
                .user_by_name(&name)
                .await?
                .ok_or_else(|| bad(format!("unknown user {:?}", cols[1])))?;
            let policy = self.store.policy_by_id(user.policy_id).await?;
            if !policy.as_ref().is_some_and(|p| p.enrollment.may_enroll) {
                return Err(bad(format!(
                    "the policy of {} does not allow enrolling authentication methods",
                    user.username
                )));
            }
            let seed = match cols[2].strip_prefix("base32:") {
                Some(b32) => decode_base32(b32),
                None => decode_hex(cols[2]),
            }
            .ok_or_else(|| bad("the seed is not hex (or base32 written base32:...)".into()))?;
            let kind = match cols.get(3).copied().unwrap_or("totp") {
                "totp" | "" => OtpKind::Totp { period: 30 },
                "hotp" => OtpKind::Hotp,
                other => return Err(bad(format!("type {other:?}: use totp or hotp"))),
            };
            let algorithm = match cols.get(4).copied().filter(|s| !s.is_empty()) {
                None => OtpAlgorithm::Sha1,
                Some(a) => OtpAlgorithm::parse(a)
                    .ok_or_else(|| bad(format!("algorithm {a:?}: use sha1, sha256 or sha512")))?,
            };
            let digits = match cols.get(5).copied().filter(|s| !s.is_empty()) {
                None => 6,
                Some(d) => d
                    .parse()
                    .map_err(|_| bad(format!("digits {d:?}: use 6 or 8")))?,
            };
            let kind = match (kind, cols.get(6).copied().filter(|s| !s.is_empty())) {
                (OtpKind::Totp { .. }, Some(p)) => OtpKind::Totp {
                    period: p
                        .parse()
                        .map_err(|_| bad(format!("period {p:?}: use 30 or 60")))?,
                },
                (k, _) => k,
            };
            let params = OtpParams {
                kind,
                algorithm,
                digits,
            };
            params
                .validate(seed.len())
                .map_err(|e| bad(e.to_string()))?;
            lines.push(Line {
                serial,
                user,
                seed,
                params,
            });
        }
        if lines.is_empty() {
            return Err(ServiceError::invalid("file", "no token lines found"));
        }
        // Serial numbers already in use are refused before anything is written.
        for l in &lines {
            if self.store.serial_in_use(&l.serial).await? {
                return Err(ServiceError::AlreadyExists {
                    what: "token",
                    name: l.serial.clone(),
                });
            }
        }
        let now = self.clock.now();
        let count = lines.len();
        for l in lines {
            let mut m = AuthMethod {
                id: self.new_method_id()?,
                user_id: l.user.id,
                kind: MethodKind::OtpToken,
                label: format!("Hardware token {}", l.serial),
                state: MethodState::Active,
                params: MethodParams::Otp(l.params),
                sealed_secret: None,
                serial: Some(l.serial.clone()),
                last_counter: None,
                created_at: now,
                confirmed_at: Some(now),
                last_used_at: None,
            };
            m.sealed_secret = Some(self.seal_seed(&m, &l.seed)?);
            let audit = self
                .event(caller, AuditAction::MethodImport, Outcome::Success)
                .target(l.user.username.as_str())
                .detail("serial", &l.serial)
                .detail("method", &m.id);
            self.store
                .add_method(&m, &audit)
                .await
                .map_err(|e| match e {
                    crate::ports::StoreError::Conflict(_) => ServiceError::AlreadyExists {
                        what: "token",
                        name: l.serial.clone(),
                    },
                    other => other.into(),
                })?;
            self.emit(crate::events::DomainEvent::MethodEnrolled {
                user: l.user.id,
                username: l.user.username.as_str().to_owned(),
                kind: MethodKind::OtpToken,
                method_id: m.id.clone(),
            })
            .await?;
        }
        Ok(count)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn seed_decoders() {
        assert_eq!(super::decode_hex("00ff10").unwrap(), vec![0, 255, 16]);
        assert!(super::decode_hex("0g").is_none() && super::decode_hex("abc").is_none());
        assert_eq!(super::decode_base32("MZXW6YTBOI").unwrap(), b"foobar");
        assert!(super::decode_base32("M1").is_none());
    }
}
