// Each test binary uses the helpers it needs.
#![allow(dead_code)]

pub mod cli;
pub mod cluster;
pub mod demo;
pub mod directories;
pub mod nginx;
pub mod ports;
pub mod radius;
pub mod webdriver;

pub use ports::free_port;

/// Runs `sql` on the SQLite database of the data directory `data`, as an operator with the
/// `sqlite3` shell would (a server may be running): how many rows it changed.
pub fn sqlite_exec(data: &std::path::Path, sql: &str) -> u64 {
    let url = format!("sqlite://{}", data.join("regain.db").display());
    let sql = sql.to_owned();
    tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(async move {
            let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
            let n = sqlx::query(sqlx::AssertSqlSafe(sql))
                .execute(&pool)
                .await
                .unwrap()
                .rows_affected();
            pool.close().await;
            n
        })
}

/// The first column of every row `sql` returns from the database of `data`, as text.
pub fn sqlite_texts(data: &std::path::Path, sql: &str) -> Vec<String> {
    let url = format!("sqlite://{}", data.join("regain.db").display());
    let sql = sql.to_owned();
    tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(async move {
            let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
            let rows: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
                .fetch_all(&pool)
                .await
                .unwrap();
            pool.close().await;
            rows
        })
}
