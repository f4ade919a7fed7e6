//! Reading a column by name from either driver's row, so each record has one mapping function
//! whether it came through sqlx (PostgreSQL, most SQLite work) or the SQLite hot path
//! (rusqlite, see [`crate::engine`]).

use regain_core::ports::StoreError;
use sqlx::Row;
use sqlx::any::AnyRow;

/// A column type both drivers decode the same way.
pub(crate) trait Col:
    for<'r> sqlx::Decode<'r, sqlx::Any> + sqlx::Type<sqlx::Any> + rusqlite::types::FromSql
{
}

impl Col for i64 {}
impl Col for Option<i64> {}
impl Col for String {}
impl Col for Option<String> {}
impl Col for Vec<u8> {}
impl Col for Option<Vec<u8>> {}

/// A row whose columns can be read by name. A value that does not decode is stored data that
/// is invalid (`Corrupt`), never "absent".
pub(crate) trait Cols {
    fn col<T: Col>(&self, name: &str) -> Result<T, StoreError>;
}

impl Cols for AnyRow {
    fn col<T: Col>(&self, name: &str) -> Result<T, StoreError> {
        self.try_get(name)
            .map_err(|e| StoreError::Corrupt(format!("column {name}: {e}")))
    }
}

impl Cols for rusqlite::Row<'_> {
    fn col<T: Col>(&self, name: &str) -> Result<T, StoreError> {
        self.get(name)
            .map_err(|e| StoreError::Corrupt(format!("column {name}: {e}")))
    }
}
