//! Password changes in the directory: an administrator's reset (unlocking first), a change on
//! the user's behalf with the old password, and the self-service reset's two paths.

use super::attrs::unicode_pwd;
use super::{Flavor, LdapDirectory, PPOLICY_OID, ppolicy, unavailable};
use ldap3::controls::RawControl;
use ldap3::{Ldap, Mod};
use regain_core::directory::{Directory, DirectoryError, ResetFailure, ResetPath};
use secrecy::{ExposeSecret, SecretString};
use std::collections::HashSet;

/// LDAP_SERVER_POLICY_HINTS_OID: on a reset by the service account, "apply the password policy
/// as to a change" (history and complexity), honoured by Windows Server 2016 and later. Samba
/// answers unavailableCriticalExtension.
pub(super) const POLICY_HINTS_OID: &str = "1.2.840.113556.1.4.2239";

pub(super) const HINTS_UNKNOWN: u8 = 0;
pub(super) const HINTS_SUPPORTED: u8 = 1;
pub(super) const HINTS_REFUSED: u8 = 2;

/// The control's value, BER: `SEQUENCE { Flags INTEGER (1: enforce the policy) }`.
pub(super) fn policy_hints_value() -> Vec<u8> {
    vec![0x30, 0x03, 0x02, 0x01, 0x01]
}

impl LdapDirectory {
    /// Whether the server took the password policy hints control (`None`: no reset tried it
    /// yet).
    pub fn policy_hints_supported(&self) -> Option<bool> {
        match self.policy_hints.load(std::sync::atomic::Ordering::Relaxed) {
            HINTS_SUPPORTED => Some(true),
            HINTS_REFUSED => Some(false),
            _ => None,
        }
    }

    /// AD: the reset as the service account with the policy hints control, so the domain's
    /// history and complexity apply in one step, whatever its minimum password age. Unlocks
    /// first. `Ok(false)` when the server does not take the control (nothing was changed but
    /// the unlock): the caller takes the two-step path.
    async fn reset_with_policy_hints(
        &self,
        username: &str,
        new_password: &SecretString,
    ) -> Result<bool, DirectoryError> {
        use std::sync::atomic::Ordering;
        if self.cfg.flavor != Flavor::ActiveDirectory
            || self.policy_hints.load(Ordering::Relaxed) == HINTS_REFUSED
        {
            return Ok(false);
        }
        let mut svc = self.service().await?;
        let u = self.find_required(&mut svc, username).await?;
        self.unlock_dn(&mut svc, &u.dn).await?;
        svc.with_controls(RawControl {
            ctype: POLICY_HINTS_OID.into(),
            crit: true,
            val: Some(policy_hints_value()),
        });
        let r = svc
            .with_timeout(self.cfg.timeout)
            .modify(
                &u.dn,
                vec![Mod::Replace(
                    b"unicodePwd".to_vec(),
                    HashSet::from([unicode_pwd(new_password.expose_secret())]),
                )],
            )
            .await
            .map_err(unavailable)?;
        match r.rc {
            0 => {
                self.policy_hints.store(HINTS_SUPPORTED, Ordering::Relaxed);
                Ok(true)
            }
            // unavailableCriticalExtension: the server does not know the control.
            12 => {
                self.policy_hints.store(HINTS_REFUSED, Ordering::Relaxed);
                Ok(false)
            }
            19 => Err(super::attrs::ad_rejection(&r.text)),
            rc => Err(Self::rights(rc, "reset the password", &r.text)),
        }
    }

    /// OpenLDAP's Password Modify operation (RFC 3062) with the ppolicy request control, so a
    /// refusal comes back with its reason. `old`: change as the user; `None`: reset.
    async fn password_modify(
        &self,
        svc: &mut Ldap,
        dn: &str,
        old: Option<&SecretString>,
        new: &SecretString,
    ) -> Result<ldap3::LdapResult, DirectoryError> {
        svc.with_controls(RawControl {
            ctype: PPOLICY_OID.into(),
            crit: false,
            val: None,
        });
        let answer = svc
            .with_timeout(self.cfg.timeout)
            .extended(ldap3::exop::PasswordModify {
                user_id: Some(dn),
                old_pass: old.map(ExposeSecret::expose_secret),
                new_pass: Some(new.expose_secret()),
            })
            .await
            .map_err(unavailable)?;
        Ok(answer.1)
    }

    /// [`Directory::admin_reset`].
    pub(super) async fn reset_as_admin(
        &self,
        username: &str,
        new_password: &SecretString,
        must_change: bool,
    ) -> Result<(), DirectoryError> {
        let mut svc = self.service().await?;
        let u = self.find_required(&mut svc, username).await?;
        match self.cfg.flavor {
            Flavor::ActiveDirectory => {
                // An AD reset does not unlock: unlock first, so the new password works at once
                // and an outage between the two steps never leaves a reset account locked.
                self.unlock_dn(&mut svc, &u.dn).await?;
                self.modify(
                    &mut svc,
                    &u.dn,
                    vec![Mod::Replace(
                        b"unicodePwd".to_vec(),
                        HashSet::from([unicode_pwd(new_password.expose_secret())]),
                    )],
                    "reset the password",
                )
                .await?;
                if must_change {
                    self.modify(
                        &mut svc,
                        &u.dn,
                        vec![Mod::Replace(
                            b"pwdLastSet".to_vec(),
                            HashSet::from([b"0".to_vec()]),
                        )],
                        "require a password change",
                    )
                    .await?;
                }
            }
            Flavor::OpenLdap => {
                self.unlock_dn(&mut svc, &u.dn).await?;
                let r = self
                    .password_modify(&mut svc, &u.dn, None, new_password)
                    .await?;
                match r.rc {
                    0 => {}
                    19 => return Err(ppolicy::rejection(&r.ctrls, &r.text)),
                    rc => return Err(Self::rights(rc, "reset the password", &r.text)),
                }
                if must_change {
                    self.modify(
                        &mut svc,
                        &u.dn,
                        vec![Mod::Replace(
                            b"pwdReset".to_vec(),
                            HashSet::from([b"TRUE".to_vec()]),
                        )],
                        "require a password change",
                    )
                    .await?;
                }
            }
        }
        Ok(())
    }

    /// [`Directory::change_password`].
    pub(super) async fn change_on_behalf(
        &self,
        username: &str,
        old_password: &SecretString,
        new_password: &SecretString,
    ) -> Result<(), DirectoryError> {
        if old_password.expose_secret().is_empty() {
            return Err(DirectoryError::WrongOldPassword);
        }
        // The service account changes on the user's behalf with the old password, so users who
        // cannot bind (must change, expired) can change too; the directory applies its rules
        // (history, minimum age, complexity) as for the user's own change.
        let mut svc = self.service().await?;
        let u = self.find_required(&mut svc, username).await?;
        match self.cfg.flavor {
            Flavor::ActiveDirectory => {
                self.modify(
                    &mut svc,
                    &u.dn,
                    vec![
                        Mod::Delete(
                            b"unicodePwd".to_vec(),
                            HashSet::from([unicode_pwd(old_password.expose_secret())]),
                        ),
                        Mod::Add(
                            b"unicodePwd".to_vec(),
                            HashSet::from([unicode_pwd(new_password.expose_secret())]),
                        ),
                    ],
                    "change the password",
                )
                .await?;
            }
            Flavor::OpenLdap => {
                let r = self
                    .password_modify(&mut svc, &u.dn, Some(old_password), new_password)
                    .await?;
                match r.rc {
                    0 => {}
                    19 => return Err(ppolicy::rejection(&r.ctrls, &r.text)),
                    // slapd: "unwilling to verify old password".
                    53 | 49 => return Err(DirectoryError::WrongOldPassword),
                    rc => return Err(Self::rights(rc, "change the password", &r.text)),
                }
            }
        }
        Ok(())
    }

    /// [`Directory::self_service_reset`]: the reference's two paths as one operation.
    pub(super) async fn reset_for_user(
        &self,
        username: &str,
        new_password: &SecretString,
        stored: Option<&SecretString>,
    ) -> Result<ResetPath, ResetFailure> {
        let fail = |error| ResetFailure {
            error,
            temporary: None,
        };
        // (a) The stored password still works and the account is not locked.
        if let Some(old) = stored {
            let locked = self
                .account(username)
                .await
                .map_err(fail)?
                .ok_or_else(|| fail(DirectoryError::NoSuchAccount(username.to_owned())))?
                .locked_until
                .is_some();
            if !locked {
                match self.change_password(username, old, new_password).await {
                    Ok(()) => return Ok(ResetPath::UserChange),
                    // The stored password is stale: fall through to (b).
                    Err(DirectoryError::WrongOldPassword) => {}
                    Err(e) => return Err(fail(e)),
                }
            }
        }
        // (b) On a directory that takes the policy hints control (AD, Windows Server 2016 and
        // later): one reset that applies history and complexity.
        if self
            .reset_with_policy_hints(username, new_password)
            .await
            .map_err(fail)?
        {
            return Ok(ResetPath::ResetWithPolicyHints);
        }
        // Otherwise: unlock, reset to a temporary password, change it as the user.
        let temporary = temporary_password().map_err(fail)?;
        self.admin_reset(username, &temporary, false)
            .await
            .map_err(fail)?;
        match self
            .change_password(username, &temporary, new_password)
            .await
        {
            Ok(()) => Ok(ResetPath::ResetThenChange),
            Err(error) => Err(ResetFailure {
                error,
                temporary: Some(temporary),
            }),
        }
    }
}

/// A random password every directory policy accepts (29 characters, all four classes),
/// used only between the reset and the change of a self-service reset.
fn temporary_password() -> Result<SecretString, DirectoryError> {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    let bytes: [u8; 24] = regain_crypto::random_bytes()
        .map_err(|e| DirectoryError::Unavailable(format!("no randomness: {e}")))?;
    let body: String = bytes
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
        .collect();
    Ok(SecretString::from(format!("Rg{body}-7a")))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The control is the one Windows documents: its OID, critical, and a BER SEQUENCE of one
    /// INTEGER whose value 1 asks for the policy to be enforced.
    #[test]
    fn the_policy_hints_control_is_encoded_as_windows_expects() {
        assert_eq!(POLICY_HINTS_OID, "1.2.840.113556.1.4.2239");
        let v = policy_hints_value();
        // SEQUENCE (0x30), length 3: INTEGER (0x02), length 1, value 1.
        assert_eq!(v, [0x30, 0x03, 0x02, 0x01, 0x01]);
        assert_eq!(usize::from(v[1]), v.len() - 2, "the SEQUENCE's length");
        assert_eq!((v[2], v[3], v[4]), (0x02, 0x01, 0x01));
    }
}
