//! Warm reads (ADR 0008): what a read on the SQLite writer's connection sees, and the writer
//! thread's cache of rows that the sign-in path reads on every verification but never writes
//! (policies, API client names).
//!
//! Why a cache is safe here: those rows change only through other connections (the sqlx pool's
//! writer, another `regain` process on the same file), and SQLite's `data_version` on this
//! connection changes whenever any other connection committed. Each round of warm reads checks
//! it inside its read transaction and forgets everything when it moved, so a cached row is never
//! older than the snapshot the round reads.

use crate::engine::{first_row, map_sqlite};
use regain_core::ids::PolicyId;
use regain_core::policy::UserPolicy;
use regain_core::ports::StoreError;
use rusqlite::Connection;
use std::cell::RefCell;
use std::collections::HashMap;

pub(crate) const CLIENT_NAME: &str = "SELECT name FROM api_clients WHERE id = $1";

/// The writer thread's cache (see the module's comment).
#[derive(Default)]
pub(crate) struct WarmCache {
    /// `data_version` when the entries were read; `None` when it could not be read.
    version: Option<i64>,
    policies: HashMap<i64, Option<UserPolicy>>,
    client_names: HashMap<String, Option<String>>,
}

impl WarmCache {
    /// At the start of a round of warm reads, inside its read transaction: forgets every entry
    /// when another connection committed since the entries were read (or when that cannot be
    /// told).
    pub(crate) fn check(&mut self, conn: &Connection) {
        let now = conn
            .prepare_cached("PRAGMA data_version")
            .and_then(|mut s| s.query_row([], |r| r.get::<_, i64>(0)))
            .ok();
        if now.is_none() || now != self.version {
            self.policies.clear();
            self.client_names.clear();
            self.version = now;
        }
    }
}

/// What a warm read gets: the writer's connection, inside a read transaction between two
/// batches, and the cache.
pub(crate) struct Warm<'a> {
    pub(crate) conn: &'a Connection,
    cache: &'a RefCell<WarmCache>,
}

impl<'a> Warm<'a> {
    pub(crate) fn new(conn: &'a Connection, cache: &'a RefCell<WarmCache>) -> Warm<'a> {
        Warm { conn, cache }
    }

    /// The policy with `id` (cached).
    pub(crate) fn policy(&self, id: PolicyId) -> Result<Option<UserPolicy>, StoreError> {
        if let Some(p) = self.cache.borrow().policies.get(&id.0) {
            return Ok(p.clone());
        }
        let p = crate::policies::policy_on(self.conn, id)?;
        self.cache.borrow_mut().policies.insert(id.0, p.clone());
        Ok(p)
    }

    /// The name of the API client with `id` (cached).
    pub(crate) fn client_name(&self, id: &str) -> Result<Option<String>, StoreError> {
        if let Some(n) = self.cache.borrow().client_names.get(id) {
            return Ok(n.clone());
        }
        let n = first_row(self.conn, "API client", CLIENT_NAME, [id], |r| {
            r.get::<_, String>(0).map_err(map_sqlite("API client"))
        })?;
        self.cache
            .borrow_mut()
            .client_names
            .insert(id.to_owned(), n.clone());
        Ok(n)
    }
}
