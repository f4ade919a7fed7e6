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

/// The columns of a joined row whose names start with a prefix (`p_id` for a push's `id`), read
/// by the names the record's own mapping uses.
pub(crate) struct Prefixed<'a, R>(pub(crate) &'a R, pub(crate) &'static str);

impl<R: Cols> Cols for Prefixed<'_, R> {
    fn col<T: Col>(&self, name: &str) -> Result<T, StoreError> {
        self.0.col(&format!("{}{name}", self.1))
    }
}

thread_local! {
    /// Where the last column found on this thread was, plus one: where the next lookup starts.
    static NEXT_COLUMN: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

impl Cols for rusqlite::Row<'_> {
    /// rusqlite's lookup by name compares `name` with every column from the first on; mapping
    /// functions read a row's columns in nearly the order the query returns them, so starting
    /// after the column found last usually finds the next one at the first try (a row of 15
    /// columns: about 15 comparisons instead of 120, each a call into SQLite). The start is a
    /// hint only: the search goes round every column.
    fn col<T: Col>(&self, name: &str) -> Result<T, StoreError> {
        let stmt = self.as_ref();
        let n = stmt.column_count();
        let start = NEXT_COLUMN.get();
        for k in 0..n {
            let i = (start + k) % n;
            if stmt
                .column_name(i)
                .is_ok_and(|c| c.eq_ignore_ascii_case(name))
            {
                NEXT_COLUMN.set(i + 1);
                return self
                    .get(i)
                    .map_err(|e| StoreError::Corrupt(format!("column {name}: {e}")));
            }
        }
        Err(StoreError::Corrupt(format!(
            "column {name}: no such column"
        )))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// Whatever order the columns are read in (the search starts where the last one was
    /// found), each name finds its own column, in any letter case; a missing one is corrupt
    /// data, not a default.
    #[test]
    fn columns_are_found_by_name_in_any_order() {
        let c = rusqlite::Connection::open_in_memory().unwrap();
        let mut st = c
            .prepare("SELECT 1 AS a, 'two' AS b, 3 AS c, NULL AS d")
            .unwrap();
        let mut rows = st.query([]).unwrap();
        let r = rows.next().unwrap().unwrap();
        for _ in 0..2 {
            assert_eq!(r.col::<i64>("c").unwrap(), 3);
            assert_eq!(r.col::<i64>("a").unwrap(), 1);
            assert_eq!(r.col::<Option<i64>>("D").unwrap(), None);
            assert_eq!(r.col::<String>("b").unwrap(), "two");
            assert_eq!(r.col::<i64>("c").unwrap(), 3);
        }
        assert!(matches!(r.col::<i64>("e"), Err(StoreError::Corrupt(_))));
        assert!(matches!(r.col::<i64>("b"), Err(StoreError::Corrupt(_))));
    }
}
