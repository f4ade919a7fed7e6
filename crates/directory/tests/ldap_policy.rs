//! Password-age rules against the real directories: a minimum age refuses a change that comes
//! too soon (and `regain directory test` reports the non-zero minimum the reset flow cannot live
//! with), and a maximum age expires a password. AD's minimum age is domain-wide, so these tests
//! live in their own test binary (cargo runs test binaries one at a time) and restore it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use ldap3::Mod;
use regain_core::directory::{AuthFailure, AuthOutcome, Directory, DirectoryError};
use regain_core::password_policy::PasswordRejection;
use regain_directory::CheckState;
use std::collections::HashSet;
use support::{Server, pw, unicode_pwd};

fn set(attr: &str, value: &str) -> Vec<Mod<Vec<u8>>> {
    vec![Mod::Replace(
        attr.as_bytes().to_vec(),
        HashSet::from([value.as_bytes().to_vec()]),
    )]
}

const PW: &str = "Age-Start-Pass-1!";

/// Restores the domain's minimum password age even when the test fails.
struct RestoreMinAge(Server);

impl Drop for RestoreMinAge {
    fn drop(&mut self) {
        let ad = &self.0;
        let ldif = format!(
            "dn: {}\nchangetype: modify\nreplace: minPwdAge\nminPwdAge: 0\n",
            ad.base
        );
        let mut child = std::process::Command::new("ldapmodify")
            .args([
                "-x",
                "-H",
                &ad.url,
                "-D",
                &ad.admin_dn,
                "-w",
                &ad.admin_pass,
            ])
            .env("LDAPTLS_CACERT", &ad.ca)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        use std::io::Write;
        let _ = child.stdin.take().unwrap().write_all(ldif.as_bytes());
        let _ = child.wait();
    }
}

#[tokio::test]
async fn minimum_and_maximum_password_age() {
    let n = std::process::id();

    // --- Active Directory: a domain minimum age of one day.
    let ad = support::ad();
    let d = ad.directory();
    let mut a = ad.admin().await;
    let name = format!("age{n}");
    let dn = format!("CN={name},{}", ad.people);
    a.add(
        &dn,
        vec![
            (b"objectClass".to_vec(), HashSet::from([b"user".to_vec()])),
            (
                b"sAMAccountName".to_vec(),
                HashSet::from([name.as_bytes().to_vec()]),
            ),
            (b"unicodePwd".to_vec(), HashSet::from([unicode_pwd(PW)])),
            (
                b"userAccountControl".to_vec(),
                HashSet::from([b"512".to_vec()]),
            ),
        ],
    )
    .await
    .unwrap()
    .success()
    .unwrap();
    let _restore = RestoreMinAge(support::ad());
    a.modify(&ad.base, set("minPwdAge", "-864000000000"))
        .await
        .unwrap()
        .success()
        .unwrap();
    let checks = d.diagnose(None).await;
    let age = checks
        .iter()
        .find(|c| c.what == "minimum password age")
        .unwrap();
    assert_eq!(age.state, CheckState::Failed, "{age:?}");
    assert!(
        age.detail.contains("set the minimum password age to 0"),
        "{age:?}"
    );
    // The account's password was set a moment ago: a change is too soon.
    let e = d
        .change_password(&name, &pw(PW), &pw("Age-Next-Pass-2!"))
        .await
        .unwrap_err();
    assert!(
        matches!(
            e,
            DirectoryError::Rejected(PasswordRejection::TooYoung { .. })
        ),
        "{e:?}"
    );
    drop(_restore);
    let checks = d.diagnose(None).await;
    assert_eq!(
        checks
            .iter()
            .find(|c| c.what == "minimum password age")
            .unwrap()
            .state,
        CheckState::Ok
    );

    // --- OpenLDAP: a policy of its own (pwdPolicySubentry) with a minimum and a maximum age.
    let ol = support::openldap();
    let d = ol.directory();
    let mut a = ol.admin().await;
    let base = ol.base.clone();
    let policy = format!("cn=age{n},ou=policies,{base}");
    a.add(
        &policy,
        vec![
            (
                b"objectClass".to_vec(),
                HashSet::from([b"device".to_vec(), b"pwdPolicy".to_vec()]),
            ),
            (
                b"cn".to_vec(),
                HashSet::from([format!("age{n}").into_bytes()]),
            ),
            (
                b"pwdAttribute".to_vec(),
                HashSet::from([b"userPassword".to_vec()]),
            ),
            (b"pwdMinAge".to_vec(), HashSet::from([b"3600".to_vec()])),
            (b"pwdMaxAge".to_vec(), HashSet::from([b"2".to_vec()])),
            (b"pwdCheckQuality".to_vec(), HashSet::from([b"2".to_vec()])),
            (b"pwdMinLength".to_vec(), HashSet::from([b"8".to_vec()])),
        ],
    )
    .await
    .unwrap()
    .success()
    .unwrap();
    let user = format!("ageo{n}");
    a.add(
        &format!("uid={user},ou=people,{base}"),
        vec![
            (
                b"objectClass".to_vec(),
                HashSet::from([b"inetOrgPerson".to_vec()]),
            ),
            (b"uid".to_vec(), HashSet::from([user.as_bytes().to_vec()])),
            (b"cn".to_vec(), HashSet::from([user.as_bytes().to_vec()])),
            (b"sn".to_vec(), HashSet::from([b"Age".to_vec()])),
            (
                b"userPassword".to_vec(),
                HashSet::from([PW.as_bytes().to_vec()]),
            ),
            (
                b"pwdPolicySubentry".to_vec(),
                HashSet::from([policy.as_bytes().to_vec()]),
            ),
        ],
    )
    .await
    .unwrap()
    .success()
    .unwrap();
    // Added over LDAP, the entry has its pwdChangedTime: a change now is too soon.
    assert_eq!(
        d.authenticate(&user, &pw(PW)).await.unwrap(),
        AuthOutcome::Authenticated
    );
    let e = d
        .change_password(&user, &pw(PW), &pw("Age-Next-Pass-2!"))
        .await
        .unwrap_err();
    assert!(
        matches!(
            e,
            DirectoryError::Rejected(PasswordRejection::TooYoung { .. })
        ),
        "{e:?}"
    );
    // Two seconds later the password has expired.
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    let checks = d.diagnose(None).await;
    let age = checks
        .iter()
        .find(|c| c.what == "minimum password age")
        .unwrap();
    assert_eq!(age.state, CheckState::Warning, "{age:?}");
    assert!(age.detail.contains(&policy), "{age:?}");
    assert_eq!(
        d.authenticate(&user, &pw(PW)).await.unwrap(),
        AuthOutcome::Failed(AuthFailure::PasswordExpired)
    );
    // Leave the directory as it was for the tests that follow.
    a.delete(&format!("uid={user},ou=people,{base}"))
        .await
        .unwrap()
        .success()
        .unwrap();
    a.delete(&policy).await.unwrap().success().unwrap();
}
