//! Directory adapters behind the core's `Directory` port: the embedded directory (accounts in
//! Regain's own database) and LDAP for Active Directory and OpenLDAP (ppolicy), tested against a
//! real Samba AD domain controller and a real slapd.

mod embedded;
mod hashing;
mod ldap;

pub use embedded::{EmbeddedDirectory, EmbeddedDirectoryConfig};
pub use hashing::HashPool;
pub use ldap::{Check, CheckState, Flavor, LdapConfig, LdapDirectory};
