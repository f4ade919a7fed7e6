//! The test directories (Samba AD, slapd) as the tests see them: connection settings from the
//! environment `scripts/test` exports, an administrator connection, and fresh users per test.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use ldap3::{LdapConnAsync, LdapConnSettings, Mod};
use regain_directory::{Flavor, LdapConfig, LdapDirectory};
use secrecy::SecretString;
use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

pub struct Server {
    pub flavor: Flavor,
    pub url: String,
    pub ca: String,
    pub base: String,
    pub people: String,
    pub admin_dn: String,
    pub admin_pass: String,
    pub svc_dn: String,
    pub svc_pass: String,
    /// The seeded user alice's password.
    pub user_pass: String,
}

pub fn var(name: &str, start: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        panic!("{name} is not set: start the test directory with `{start} start` and `source` its env.sh (scripts/test does both)")
    })
}

pub fn ad() -> Server {
    let s = "scripts/directories/samba-ad";
    let base = var("AD_BASE_DN", s);
    Server {
        flavor: Flavor::ActiveDirectory,
        url: var("AD_URL", s),
        ca: var("AD_CA_FILE", s),
        people: format!("OU=People,{base}"),
        admin_dn: var("AD_ADMIN_DN", s),
        admin_pass: var("AD_ADMIN_PASS", s),
        svc_dn: var("AD_SVC_DN", s),
        svc_pass: var("AD_SVC_PASS", s),
        user_pass: var("AD_USER_PASS", s),
        base,
    }
}

pub fn openldap() -> Server {
    let s = "scripts/directories/slapd";
    let base = var("LDAP_BASE_DN", s);
    Server {
        flavor: Flavor::OpenLdap,
        url: var("LDAP_URL", s),
        ca: var("LDAP_CA_FILE", s),
        people: format!("ou=people,{base}"),
        admin_dn: var("LDAP_ADMIN_DN", s),
        admin_pass: var("LDAP_ADMIN_PASS", s),
        svc_dn: var("LDAP_SVC_DN", s),
        svc_pass: var("LDAP_SVC_PASS", s),
        user_pass: var("LDAP_USER_PASS", s),
        base,
    }
}

static SEQ: AtomicU32 = AtomicU32::new(0);

pub fn pw(s: &str) -> SecretString {
    SecretString::from(s.to_owned())
}

pub fn unicode_pwd(pw: &str) -> Vec<u8> {
    format!("\"{pw}\"")
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect()
}

impl Server {
    pub fn config(&self) -> LdapConfig {
        let mut cfg = LdapConfig::new(
            self.flavor,
            &self.url,
            &self.svc_dn,
            &self.svc_pass,
            &self.base,
        );
        cfg.ca_file = Some(self.ca.clone().into());
        cfg
    }

    pub fn directory(&self) -> LdapDirectory {
        LdapDirectory::new(self.config()).unwrap()
    }

    pub async fn admin(&self) -> ldap3::Ldap {
        let tls = {
            use rustls::pki_types::{CertificateDer, pem::PemObject};
            let mut roots = rustls::RootCertStore::empty();
            for c in CertificateDer::pem_file_iter(&self.ca).unwrap() {
                roots.add(c.unwrap()).unwrap();
            }
            rustls::ClientConfig::builder_with_provider(Arc::new(
                rustls::crypto::ring::default_provider(),
            ))
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_root_certificates(roots)
            .with_no_client_auth()
        };
        let (conn, mut ldap) = LdapConnAsync::with_settings(
            LdapConnSettings::new().set_config(Arc::new(tls)),
            &self.url,
        )
        .await
        .unwrap();
        ldap3::drive!(conn);
        ldap.simple_bind(&self.admin_dn, &self.admin_pass)
            .await
            .unwrap()
            .success()
            .unwrap();
        ldap
    }

    pub fn dn(&self, name: &str) -> String {
        match self.flavor {
            Flavor::ActiveDirectory => format!("CN={name},{}", self.people),
            Flavor::OpenLdap => format!("uid={name},{}", self.people),
        }
    }

    /// A fresh user with `password`, unique to the calling test.
    pub async fn user(&self, prefix: &str, password: &str) -> String {
        let name = format!(
            "{prefix}{}{}",
            std::process::id() % 10_000,
            SEQ.fetch_add(1, Ordering::SeqCst)
        );
        let mut admin = self.admin().await;
        let dn = self.dn(&name);
        let r = match self.flavor {
            Flavor::ActiveDirectory => {
                let upn = format!("{name}@example.test");
                let attrs: Vec<(Vec<u8>, HashSet<Vec<u8>>)> = vec![
                    (
                        b"objectClass".to_vec(),
                        HashSet::from([
                            b"top".to_vec(),
                            b"person".to_vec(),
                            b"organizationalPerson".to_vec(),
                            b"user".to_vec(),
                        ]),
                    ),
                    (
                        b"sAMAccountName".to_vec(),
                        HashSet::from([name.as_bytes().to_vec()]),
                    ),
                    (
                        b"userPrincipalName".to_vec(),
                        HashSet::from([upn.into_bytes()]),
                    ),
                    (
                        b"displayName".to_vec(),
                        HashSet::from([format!("Test {name}").into_bytes()]),
                    ),
                    (
                        b"unicodePwd".to_vec(),
                        HashSet::from([unicode_pwd(password)]),
                    ),
                    (
                        b"userAccountControl".to_vec(),
                        HashSet::from([b"512".to_vec()]),
                    ),
                ];
                admin.add(&dn, attrs).await.unwrap()
            }
            Flavor::OpenLdap => {
                let attrs: Vec<(Vec<u8>, HashSet<Vec<u8>>)> = vec![
                    (
                        b"objectClass".to_vec(),
                        HashSet::from([b"inetOrgPerson".to_vec()]),
                    ),
                    (b"uid".to_vec(), HashSet::from([name.as_bytes().to_vec()])),
                    (
                        b"cn".to_vec(),
                        HashSet::from([format!("Test {name}").into_bytes()]),
                    ),
                    (b"sn".to_vec(), HashSet::from([b"Test".to_vec()])),
                    (
                        b"userPassword".to_vec(),
                        HashSet::from([password.as_bytes().to_vec()]),
                    ),
                ];
                admin.add(&dn, attrs).await.unwrap()
            }
        };
        assert_eq!(r.rc, 0, "creating {dn}: {}", r.text);
        name
    }

    pub async fn set(&self, name: &str, attr: &str, value: &str) {
        let mut admin = self.admin().await;
        admin
            .modify(
                &self.dn(name),
                vec![Mod::Replace(
                    attr.as_bytes().to_vec(),
                    HashSet::from([value.as_bytes().to_vec()]),
                )],
            )
            .await
            .unwrap()
            .success()
            .unwrap();
    }
}
