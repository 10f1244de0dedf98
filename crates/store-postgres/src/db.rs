//! What the SQL modules shared with the SQLite backend (`crates/store-sql/src`) need to know
//! about PostgreSQL: its sqlx types, how a writing transaction starts, how it takes the locks
//! several processes writing at once need, and how its errors read.

use crate::errors::failed;
use crate::lock::{Lock, WeekLock};
use crate::plan::day_number;
use anneal_store::StoreError;

/// The database the shared modules run their statements on.
pub(crate) type Db = sqlx::Postgres;
/// The pool of connections.
pub(crate) type Pool = sqlx::PgPool;
/// One connection, or a transaction seen as one.
pub(crate) type Conn = sqlx::PgConnection;
/// A row as sqlx returns it.
pub(crate) type DbRow = sqlx::postgres::PgRow;
/// The store the shared trait implementations are for.
pub(crate) type Backend = crate::PostgresStore;

/// The name [`anneal_store::Store::backend`] reports.
pub(crate) const NAME: &str = "postgres";

/// What a pool that timed out says: several processes share one server, so it may be busy.
pub(crate) const POOL_TIMED_OUT: Option<&str> =
    Some("no database connection became free in time (the server is overloaded or unreachable)");

/// Starts a transaction that reads, then writes (READ COMMITTED: what it must not see change,
/// it locks with [`lock`]).
pub(crate) async fn begin_write(
    pool: &Pool,
) -> Result<sqlx::Transaction<'static, Db>, sqlx::Error> {
    pool.begin().await
}

/// The key of the transaction-level advisory lock that serialises first-account setups: the
/// ASCII bytes of "anneal" followed by 1, so it cannot be mistaken for another lock of ours.
const FIRST_USER_LOCK: i64 = 0x616e_6e65_616c_0001;

/// The key of the transaction-level advisory lock every move of a unit takes: the ASCII bytes of
/// "anneal" followed by 2 (the first-account lock is 1).
const TREE_LOCK: i64 = 0x616e_6e65_616c_0002;

/// The first key of every week lock: the ASCII bytes "ann" followed by 1, so it cannot be taken
/// for another lock of ours (the second key is the week's day number).
const WEEK_LOCK: i32 = 0x616e_6e01;

/// Takes `lock` on `conn` until the caller's transaction ends (also when it fails):
/// - the first account and the unit tree: an exclusive transaction-level advisory lock, so
///   setups (moves) queue one behind the other across every process on this database;
/// - a unit's rules: the unit's row, `FOR NO KEY UPDATE`, so changes of its rules queue while
///   check-ins (which only reference the unit) do not;
/// - a week: an advisory lock on its day number, shared by check-ins and deletions, exclusive
///   for a release, so a week cannot be released while a check-in into it is under way.
pub(crate) async fn lock(conn: &mut Conn, lock: Lock) -> Result<(), StoreError> {
    match lock {
        Lock::FirstUser => sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(FIRST_USER_LOCK)
            .execute(conn)
            .await
            .map_err(|e| failed("waiting for other first-account setups", e))?,
        Lock::UnitTree => sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(TREE_LOCK)
            .execute(conn)
            .await
            .map_err(|e| failed("waiting for other moves of units", e))?,
        Lock::UnitRules(unit) => {
            sqlx::query("SELECT TRUE FROM units WHERE id = $1 FOR NO KEY UPDATE")
                .bind(unit.0)
                .execute(conn)
                .await
                .map_err(|e| failed("waiting for other changes of a unit's rules", e))?
        }
        Lock::Week(week, how) => {
            let day = i32::try_from(day_number(week)).map_err(|_| {
                StoreError::Backend(format!("the week of {week} is too far from 1970 to lock"))
            })?;
            let statement = match how {
                WeekLock::Shared => "SELECT pg_advisory_xact_lock_shared($1, $2)",
                WeekLock::Exclusive => "SELECT pg_advisory_xact_lock($1, $2)",
            };
            sqlx::query(statement)
                .bind(WEEK_LOCK)
                .bind(day)
                .execute(conn)
                .await
                .map_err(|e| failed(&format!("waiting for the week of {week}"), e))?
        }
    };
    Ok(())
}

/// Why a server could not be reached or a database opened, in words a person understands.
pub(crate) fn open_reason(err: &sqlx::Error) -> String {
    match err {
        sqlx::Error::Database(db) => db.message().to_owned(),
        sqlx::Error::Io(io) => format!("could not reach the PostgreSQL server: {io}"),
        sqlx::Error::Configuration(e) => format!("the URL is not valid: {e}"),
        sqlx::Error::Tls(e) => format!(
            "TLS is not available in this build ({e}); connect without TLS (sslmode=disable) or \
             through a local proxy"
        ),
        sqlx::Error::PoolTimedOut => {
            "timed out waiting for the PostgreSQL server to accept a connection".to_owned()
        }
        other => other.to_string(),
    }
}
