//! Directory adapters behind the core's `Directory` port. Today: the embedded directory, which
//! keeps accounts in Regain's own database. Active Directory and OpenLDAP adapters come next and
//! must pass the same behavioural tests.

mod embedded;
mod hashing;

pub use embedded::{EmbeddedDirectory, EmbeddedDirectoryConfig};
pub use hashing::HashPool;
