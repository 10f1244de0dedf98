//! Anneal's PostgreSQL backend, for an organisation: several `anneal serve` processes can share
//! one database (or a PostgreSQL-compatible distributed SQL engine).
//!
//! A small connection pool, embedded migrations (run under PostgreSQL's advisory lock, so
//! processes starting together do not race), and each statement that changes data in its own
//! transaction; a batch is one explicit transaction.

#[path = "../../store-sql/src/accounts.rs"]
mod accounts;
#[path = "../../store-sql/src/aggregate.rs"]
mod aggregate;
#[path = "../../store-sql/src/briefs.rs"]
mod briefs;
#[path = "../../store-sql/src/cells.rs"]
mod cells;
mod checkins;
#[path = "../../store-sql/src/codec.rs"]
mod codec;
#[path = "../../store-sql/src/context.rs"]
mod context;
mod db;
#[path = "../../store-sql/src/errors.rs"]
mod errors;
#[path = "../../store-sql/src/floors.rs"]
mod floors;
#[path = "../../store-sql/src/journal.rs"]
mod journal;
mod location;
#[path = "../../store-sql/src/lock.rs"]
mod lock;
#[path = "../../store-sql/src/members.rs"]
mod members;
#[path = "../../store-sql/src/migrations.rs"]
mod migrations;
#[path = "../../store-sql/src/org.rs"]
mod org;
#[path = "../../store-sql/src/plan.rs"]
mod plan;
#[path = "../../store-sql/src/sessions.rs"]
mod sessions;
#[path = "../../store-sql/src/store.rs"]
mod store;
#[path = "../../store-sql/src/tokens.rs"]
mod tokens;
#[path = "../../store-sql/src/units.rs"]
mod units;

use anneal_store::{ResponseQuery, StoreError, UserId};
use codec::ResponseRow;
use db::open_reason;
use errors::failed;
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::{Connection, PgConnection, Postgres};
use std::time::Duration;

/// Connections per process. Several processes share one server, so keep this small.
const MAX_CONNECTIONS: u32 = 8;

/// How long a request waits for a free connection before it fails.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(10);

/// A [`Store`] on a PostgreSQL database. Cheap to clone: clones share the pool.
#[derive(Debug, Clone)]
pub struct PostgresStore {
    pool: PgPool,
}

impl PostgresStore {
    /// Connects to `url` (`postgres://` or `postgresql://`) and brings the schema up to date.
    /// Anything that stops it is [`StoreError::Open`] with the reason; the URL in the error has
    /// its password replaced by `***`.
    pub async fn open(url: &str) -> Result<PostgresStore, StoreError> {
        let open_error = |reason: String| StoreError::Open {
            url: location::redact(url),
            reason,
        };
        let options = location::parse(url).map_err(open_error)?;

        // One direct connection first: the pool retries a refused connection until its timeout,
        // while this fails at once with the server's own reason.
        PgConnection::connect_with(&options)
            .await
            .map_err(|e| open_error(open_reason(&e)))?
            .close()
            .await
            .map_err(|e| open_error(open_reason(&e)))?;

        let pool = PgPoolOptions::new()
            .max_connections(MAX_CONNECTIONS)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .connect_with(options)
            .await
            .map_err(|e| open_error(open_reason(&e)))?;
        migrations::MIGRATOR
            .run(&pool)
            .await
            .map_err(|e| open_error(migrations::migrate_reason(&e)))?;
        Ok(PostgresStore { pool })
    }

    /// Closes every connection, waiting for those in use to be returned. Later calls fail.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// The connections statements that only read run on: the one pool.
    fn reader(&self) -> &PgPool {
        &self.pool
    }

    /// The connections statements that write run on: the same pool.
    fn writer(&self) -> &PgPool {
        &self.pool
    }
}

/// The newest matching responses first (`responses()` turns them round), as [`ResponseRow`]s.
/// Filters that are not wanted are bound to values that match everything (`LIMIT NULL` is no
/// limit), so this is one prepared statement on the (user_id, taken_at) index.
const SELECT_RESPONSES: &str = "SELECT id, user_id, kind, taken_at, answers, stuck, note, score \
    FROM responses \
    WHERE user_id = $1 AND taken_at >= $2 \
    ORDER BY taken_at DESC, id DESC LIMIT $3";

/// [`SELECT_RESPONSES`] of one kind, on the (user_id, kind, taken_at) index: the last two full
/// assessments of someone with thousands of check-ins are found without reading the check-ins.
/// (A `($2 IS NULL OR kind = $2)` filter in one prepared statement cannot rely on that index.)
const SELECT_RESPONSES_OF_KIND: &str = "SELECT id, user_id, kind, taken_at, answers, stuck, \
    note, score \
    FROM responses \
    WHERE user_id = $1 AND kind = $2 AND taken_at >= $3 \
    ORDER BY taken_at DESC, id DESC LIMIT $4";

/// The newest of `user`'s responses that `query` asks for, newest first, read on `pool`.
async fn newest_responses(
    pool: &PgPool,
    user: UserId,
    query: ResponseQuery,
) -> Result<Vec<ResponseRow>, StoreError> {
    let since = query.since.map_or(i64::MIN, codec::millis);
    let select = match query.kind {
        Some(kind) => sqlx::query_as::<Postgres, ResponseRow>(SELECT_RESPONSES_OF_KIND)
            .bind(user.0)
            .bind(kind.as_str()),
        None => sqlx::query_as::<Postgres, ResponseRow>(SELECT_RESPONSES).bind(user.0),
    };
    select
        .bind(since)
        .bind(query.limit.map(i64::from))
        .fetch_all(pool)
        .await
        .map_err(|e| failed("reading responses", e))
}

/// Deletes account `id` and everything of theirs on `pool`; a missing account is `NotFound`.
async fn delete_user(pool: &PgPool, id: UserId) -> Result<(), StoreError> {
    let mut tx = db::begin_write(pool)
        .await
        .map_err(|e| failed("starting to delete a user", e))?;
    // The person's row first: a check-in of theirs under way finishes before, one that
    // starts now waits, then finds them gone (see the `cells` module).
    let found =
        sqlx::query_scalar::<Postgres, i64>("SELECT id FROM users WHERE id = $1 FOR UPDATE")
            .bind(id.0)
            .fetch_optional(&mut *tx)
            .await
            .map_err(|e| failed("deleting a user", e))?;
    if found.is_none() {
        return Err(StoreError::NotFound {
            what: format!("user {}", id.0),
        });
    }
    // Their shared check-ins leave the cells of weeks not yet released; released weeks stay
    // frozen (their cells and releases hold sums, nothing of one person's).
    checkins::forget_on(&mut tx, id).await?;
    // Their responses, plan, dismissals, journal, sessions, API tokens, membership, leader
    // roles, contributions, briefs and the invites they made go with them: ON DELETE
    // CASCADE.
    sqlx::query("DELETE FROM users WHERE id = $1")
        .bind(id.0)
        .execute(&mut *tx)
        .await
        .map_err(|e| failed("deleting a user", e))?;
    tx.commit()
        .await
        .map_err(|e| failed("committing the deletion of a user", e))
}
