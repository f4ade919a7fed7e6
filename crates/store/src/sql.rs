//! One body for each multi-statement change, whichever engine runs it: the SQLite hot path's
//! writer job (rusqlite, synchronous) or a database transaction through sqlx (PostgreSQL, and
//! SQLite without the hot path). A body is an `async fn` over [`DbTx`] with neutral
//! parameters ([`Param`]); sqlx awaits it, the writer thread polls it once (every step of
//! [`LiteDbTx`] is ready at once). So a fix to such a change is made once, for both.

use crate::cols::Cols;
use crate::engine::{Writer, first_row};
use crate::map_err;
use regain_core::audit::AuditEvent;
use regain_core::ports::StoreError;
use sqlx::Any;

/// A statement parameter both drivers bind the same way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Param {
    Int(i64),
    Text(String),
    /// A NULL of the integer or text type: PostgreSQL checks a parameter's type even when it
    /// is NULL.
    NullInt,
    NullText,
}

impl From<i64> for Param {
    fn from(v: i64) -> Param {
        Param::Int(v)
    }
}

impl From<&str> for Param {
    fn from(v: &str) -> Param {
        Param::Text(v.to_owned())
    }
}

impl From<String> for Param {
    fn from(v: String) -> Param {
        Param::Text(v)
    }
}

impl From<Option<i64>> for Param {
    fn from(v: Option<i64>) -> Param {
        v.map_or(Param::NullInt, Param::Int)
    }
}

impl From<Option<String>> for Param {
    fn from(v: Option<String>) -> Param {
        v.map_or(Param::NullText, Param::Text)
    }
}

impl From<Option<&str>> for Param {
    fn from(v: Option<&str>) -> Param {
        v.map_or(Param::NullText, Into::into)
    }
}

/// The text ids bind as their text.
macro_rules! text_id_params {
    ($($id:ty),*) => {
        $(
            impl From<&$id> for Param {
                fn from(v: &$id) -> Param {
                    Param::Text(v.as_str().to_owned())
                }
            }

            impl From<$id> for Param {
                fn from(v: $id) -> Param {
                    Param::Text(v.as_str().to_owned())
                }
            }
        )*
    };
}

text_id_params!(
    regain_core::ids::MethodId,
    regain_core::ids::TransactionId,
    regain_core::ids::PushId,
    regain_core::ids::ClientId
);

/// `params![a, b]`: a list of [`Param`]s from values of the types above.
macro_rules! params {
    ($($v:expr),* $(,)?) => {
        vec![$($crate::sql::Param::from($v)),*]
    };
}
pub(crate) use params;

impl rusqlite::types::ToSql for Param {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, Value, ValueRef};
        Ok(match self {
            Param::Int(v) => ToSqlOutput::Owned(Value::Integer(*v)),
            Param::Text(v) => ToSqlOutput::Borrowed(ValueRef::Text(v.as_bytes())),
            Param::NullInt | Param::NullText => ToSqlOutput::Owned(Value::Null),
        })
    }
}

pub(crate) fn bind<'q>(
    mut q: sqlx::query::Query<'q, Any, sqlx::any::AnyArguments>,
    params: Vec<Param>,
) -> sqlx::query::Query<'q, Any, sqlx::any::AnyArguments> {
    for p in params {
        q = match p {
            Param::Int(v) => q.bind(v),
            Param::Text(v) => q.bind(v),
            Param::NullInt => q.bind(Option::<i64>::None),
            Param::NullText => q.bind(Option::<String>::None),
        };
    }
    q
}

/// Where a change's statements run: one writer job or one database transaction. Committing
/// (or rolling back) is the caller's.
pub(crate) trait DbTx {
    type Row<'r>: Cols;

    /// Whether writers of other connections run at the same time (PostgreSQL; SQLite through
    /// sqlx): a row is then locked, by writing it, before it is read for a read-modify-write.
    /// The hot path's single writer needs no such lock.
    fn others_write_concurrently(&self) -> bool;

    /// Runs one statement; the number of rows it changed.
    async fn execute(
        &mut self,
        what: &str,
        sql: &'static str,
        params: Vec<Param>,
    ) -> Result<u64, StoreError>;

    /// The first row `sql` returns, mapped.
    async fn fetch_opt<T>(
        &mut self,
        what: &str,
        sql: &'static str,
        params: Vec<Param>,
        map: impl for<'r> Fn(&Self::Row<'r>) -> Result<T, StoreError>,
    ) -> Result<Option<T>, StoreError>;

    /// Appends `e` to this node's audit chain, in this transaction.
    async fn append_audit(&mut self, e: &AuditEvent) -> Result<(), StoreError>;
}

/// A write job of the SQLite hot path.
pub(crate) struct LiteDbTx<'a, 'w>(pub(crate) &'a Writer<'w>);

impl DbTx for LiteDbTx<'_, '_> {
    type Row<'r> = rusqlite::Row<'r>;

    fn others_write_concurrently(&self) -> bool {
        false
    }

    async fn execute(
        &mut self,
        what: &str,
        sql: &'static str,
        params: Vec<Param>,
    ) -> Result<u64, StoreError> {
        Ok(self
            .0
            .execute(what, sql, rusqlite::params_from_iter(params))? as u64)
    }

    async fn fetch_opt<T>(
        &mut self,
        what: &str,
        sql: &'static str,
        params: Vec<Param>,
        map: impl for<'r> Fn(&rusqlite::Row<'r>) -> Result<T, StoreError>,
    ) -> Result<Option<T>, StoreError> {
        first_row(
            self.0.conn,
            what,
            sql,
            rusqlite::params_from_iter(params),
            |r| map(r),
        )
    }

    async fn append_audit(&mut self, e: &AuditEvent) -> Result<(), StoreError> {
        self.0.append_audit(e).map(|_| ())
    }
}

/// A database transaction through sqlx.
pub(crate) struct SqlxDbTx<'a, 'db> {
    pub(crate) db_tx: &'a mut crate::audited_tx::AuditedTx<'db>,
}

impl DbTx for SqlxDbTx<'_, '_> {
    type Row<'r> = sqlx::any::AnyRow;

    fn others_write_concurrently(&self) -> bool {
        true
    }

    async fn execute(
        &mut self,
        what: &str,
        sql: &'static str,
        params: Vec<Param>,
    ) -> Result<u64, StoreError> {
        Ok(bind(sqlx::query(sql), params)
            .execute(&mut **self.db_tx)
            .await
            .map_err(map_err(what))?
            .rows_affected())
    }

    async fn fetch_opt<T>(
        &mut self,
        what: &str,
        sql: &'static str,
        params: Vec<Param>,
        map: impl for<'r> Fn(&sqlx::any::AnyRow) -> Result<T, StoreError>,
    ) -> Result<Option<T>, StoreError> {
        let row = bind(sqlx::query(sql), params)
            .fetch_optional(&mut **self.db_tx)
            .await
            .map_err(map_err(what))?;
        row.as_ref().map(map).transpose()
    }

    async fn append_audit(&mut self, e: &AuditEvent) -> Result<(), StoreError> {
        self.db_tx.append(e).await
    }
}

/// Runs a body over [`LiteDbTx`] on the writer thread: its steps never wait, so one poll
/// finishes it. A body that would wait is a bug, reported as such rather than blocking the
/// writer.
pub(crate) fn run_now<T>(
    body: impl Future<Output = Result<T, StoreError>>,
) -> Result<T, StoreError> {
    let mut body = std::pin::pin!(body);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    match body.as_mut().poll(&mut cx) {
        std::task::Poll::Ready(r) => r,
        std::task::Poll::Pending => Err(StoreError::Corrupt(
            "a hot-path write job waited (a bug: its steps are synchronous)".into(),
        )),
    }
}

impl crate::Db {
    /// Runs one statement that changes rows, on whichever engine is active (the hot path's
    /// writer, or the writer pool); the number of rows it changed.
    pub(crate) async fn execute_one(
        &self,
        what: &'static str,
        sql: &'static str,
        params: Vec<Param>,
    ) -> Result<u64, StoreError> {
        if let Some(e) = self.engine() {
            return e
                .write(
                    move |w| Ok(w.execute(what, sql, rusqlite::params_from_iter(params))? as u64),
                )
                .await;
        }
        Ok(bind(sqlx::query(sql), params)
            .execute(self.writer())
            .await
            .map_err(map_err(what))?
            .rows_affected())
    }

    /// The first row `sql` returns, read as a `T`, on whichever engine is active (a hot-path
    /// reader connection, or the read pool).
    pub(crate) async fn fetch_record<T: Record>(
        &self,
        what: &str,
        sql: &'static str,
        params: Vec<Param>,
    ) -> Result<Option<T>, StoreError> {
        if let Some(e) = self.engine() {
            return e.query_opt(what, sql, rusqlite::params_from_iter(params), |r| {
                T::read(r)
            });
        }
        let row = bind(sqlx::query(sql), params)
            .fetch_optional(self.pool())
            .await
            .map_err(map_err(what))?;
        row.as_ref().map(|r| T::read(r)).transpose()
    }
}

impl crate::Db {
    /// The row a writing statement returns (`UPDATE … RETURNING`, an upsert's count), read as a
    /// `T`: a job of the hot path's writer, or on the writer pool.
    pub(crate) async fn fetch_written<T: Record + Send + 'static>(
        &self,
        what: &'static str,
        sql: &'static str,
        params: Vec<Param>,
    ) -> Result<Option<T>, StoreError> {
        if let Some(e) = self.engine() {
            return e
                .write(move |w| {
                    first_row(w.conn, what, sql, rusqlite::params_from_iter(params), |r| {
                        T::read(r)
                    })
                })
                .await;
        }
        let row = bind(sqlx::query(sql), params)
            .fetch_optional(self.writer())
            .await
            .map_err(map_err(what))?;
        row.as_ref().map(|r| T::read(r)).transpose()
    }
}

impl crate::Db {
    /// As [`Self::fetch_record`], read on the hot path's writer connection between batches
    /// (`read_warm`, ADR 0008) instead of a reader connection.
    pub(crate) async fn fetch_record_warm<T: Record + Send + 'static>(
        &self,
        what: &'static str,
        sql: &'static str,
        params: Vec<Param>,
    ) -> Result<Option<T>, StoreError> {
        if let Some(e) = self.engine() {
            return e
                .read_warm(move |w| {
                    first_row(w.conn, what, sql, rusqlite::params_from_iter(params), |r| {
                        T::read(r)
                    })
                })
                .await;
        }
        self.fetch_record(what, sql, params).await
    }

    /// Every row `sql` returns, read as `T`s, on whichever engine is active.
    pub(crate) async fn fetch_records<T: Record>(
        &self,
        what: &str,
        sql: &'static str,
        params: Vec<Param>,
    ) -> Result<Vec<T>, StoreError> {
        if let Some(e) = self.engine() {
            return e.read(|c| {
                crate::engine::all_rows(c, what, sql, rusqlite::params_from_iter(params), |r| {
                    T::read(r)
                })
            });
        }
        let rows = bind(sqlx::query(sql), params)
            .fetch_all(self.pool())
            .await
            .map_err(map_err(what))?;
        rows.iter().map(|r| T::read(r)).collect()
    }
}

/// A record read from a row of either driver by one mapping function.
pub(crate) trait Record: Sized {
    fn read(r: &impl Cols) -> Result<Self, StoreError>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_convert_as_both_drivers_expect() {
        let none: Option<&str> = None;
        assert_eq!(
            params![1i64, "a", Some(2i64), none],
            vec![
                Param::Int(1),
                Param::Text("a".into()),
                Param::Int(2),
                Param::NullText
            ]
        );
    }

    #[test]
    fn a_body_that_would_wait_is_refused_not_blocked() {
        let r: Result<(), StoreError> = run_now(std::future::pending());
        assert!(matches!(r, Err(StoreError::Corrupt(_))));
        assert_eq!(run_now(async { Ok(7) }), Ok(7));
    }
}
