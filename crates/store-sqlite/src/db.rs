//! What the SQL modules shared with the PostgreSQL backend (`crates/store-sql/src`) need to know
//! about SQLite: its sqlx types, how a writing transaction starts, which locks it takes, and how
//! its errors read.

use crate::lock::Lock;
use anneal_store::StoreError;

/// The database the shared modules run their statements on.
pub(crate) type Db = sqlx::Sqlite;
/// A pool of connections: the writer or the readers, as the caller chooses.
pub(crate) type Pool = sqlx::SqlitePool;
/// One connection, or a transaction seen as one.
pub(crate) type Conn = sqlx::SqliteConnection;
/// A row as sqlx returns it.
pub(crate) type DbRow = sqlx::sqlite::SqliteRow;
/// The store the shared trait implementations are for.
pub(crate) type Backend = crate::SqliteStore;

/// The name [`anneal_store::Store::backend`] reports.
pub(crate) const NAME: &str = "sqlite";

/// What a pool that timed out says, if not sqlx's own words: the writer is local, so they do.
pub(crate) const POOL_TIMED_OUT: Option<&str> = None;

/// Starts a transaction that reads, then writes: `BEGIN IMMEDIATE` takes SQLite's write lock
/// first, so no other connection (in this process or another on the same file) changes anything
/// in between.
pub(crate) async fn begin_write(
    pool: &Pool,
) -> Result<sqlx::Transaction<'static, Db>, sqlx::Error> {
    pool.begin_with("BEGIN IMMEDIATE").await
}

/// Takes `lock` on `conn`: nothing to do, as [`begin_write`] already holds the one write lock
/// of the whole database.
pub(crate) async fn lock(_conn: &mut Conn, _lock: Lock) -> Result<(), StoreError> {
    Ok(())
}

/// Why a database could not be opened, in words a person understands.
pub(crate) fn open_reason(err: &sqlx::Error) -> String {
    match err {
        sqlx::Error::Database(db) => {
            let message = db.message();
            if message.contains("unable to open database file") {
                format!("{message} (check that the path exists and is writable)")
            } else {
                message.to_owned()
            }
        }
        sqlx::Error::Configuration(e) => format!("the URL is not valid: {e}"),
        other => other.to_string(),
    }
}
