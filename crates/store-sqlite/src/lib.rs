//! Anneal's SQLite backend: one file (or memory), WAL, durable commits, embedded migrations.
//!
//! Writes go through a single connection, so concurrent check-ins queue in this process instead
//! of spinning on SQLite's lock; reads use a small pool of their own that never waits for a
//! write (WAL). Each statement that changes data runs in its own transaction, and
//! synchronous=FULL makes every acknowledged commit survive a crash or power loss.

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
use location::{Location, Target};
use sqlx::Sqlite;
use sqlx::sqlite::{SqlitePool, SqlitePoolOptions};

/// How many connections serve reads from a database file.
const READERS: u32 = 4;

/// A [`Store`] on a SQLite database. Cheap to clone: clones share the connections.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    /// The one connection that writes.
    writer: SqlitePool,
    /// Connections that only read. For an in-memory database this is the writer itself.
    reader: SqlitePool,
}

impl SqliteStore {
    /// Opens (creating if missing) the database at `url` — `sqlite://PATH`, `sqlite:PATH` or
    /// `sqlite::memory:` — and brings its schema up to date. The parent directory of a file must
    /// exist. Anything that stops it is [`StoreError::Open`] with the reason.
    pub async fn open(url: &str) -> Result<SqliteStore, StoreError> {
        let open_error = |reason: String| StoreError::Open {
            url: url.to_owned(),
            reason,
        };
        let target = Target::parse(url).map_err(open_error)?;

        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
            .connect_with(target.writer_options())
            .await
            .map_err(|e| open_error(open_reason(&e)))?;
        migrations::MIGRATOR
            .run(&writer)
            .await
            .map_err(|e| open_error(migrations::migrate_reason(&e)))?;

        let reader = match target.location {
            // An in-memory database exists only on its own connection.
            Location::Memory => writer.clone(),
            Location::File(_) => SqlitePoolOptions::new()
                .max_connections(READERS)
                .min_connections(1)
                .connect_with(target.options.clone())
                .await
                .map_err(|e| open_error(open_reason(&e)))?,
        };
        Ok(SqliteStore { writer, reader })
    }

    /// Closes every connection, waiting for those in use to be returned. Later calls fail.
    pub async fn close(&self) {
        self.reader.close().await;
        self.writer.close().await;
    }

    /// The connections statements that only read run on.
    fn reader(&self) -> &SqlitePool {
        &self.reader
    }

    /// The one connection statements that write run on.
    fn writer(&self) -> &SqlitePool {
        &self.writer
    }
}

/// The newest matching responses first (`responses()` turns them round), as [`ResponseRow`]s.
/// Filters that are not wanted are bound to values that match everything, so this is one
/// prepared statement that walks the (user_id, taken_at) index backwards.
const SELECT_RESPONSES: &str = "SELECT id, user_id, kind, taken_at, answers, stuck, note, score \
    FROM responses \
    WHERE user_id = $1 AND taken_at >= $2 \
    ORDER BY taken_at DESC, id DESC LIMIT $3";

/// [`SELECT_RESPONSES`] of one kind, on the (user_id, kind, taken_at) index: the last two full
/// assessments of someone with thousands of check-ins are found without reading the check-ins.
/// (A `($2 IS NULL OR kind = $2)` filter in one statement cannot use that index.)
const SELECT_RESPONSES_OF_KIND: &str = "SELECT id, user_id, kind, taken_at, answers, stuck, \
    note, score \
    FROM responses \
    WHERE user_id = $1 AND kind = $2 AND taken_at >= $3 \
    ORDER BY taken_at DESC, id DESC LIMIT $4";

/// The newest of `user`'s responses that `query` asks for, newest first, read on `reader`.
async fn newest_responses(
    reader: &SqlitePool,
    user: UserId,
    query: ResponseQuery,
) -> Result<Vec<ResponseRow>, StoreError> {
    // SQLite reads a negative LIMIT as "no limit".
    let limit = query.limit.map_or(-1, i64::from);
    let since = query.since.map_or(i64::MIN, codec::millis);
    let select = match query.kind {
        Some(kind) => sqlx::query_as::<Sqlite, ResponseRow>(SELECT_RESPONSES_OF_KIND)
            .bind(user.0)
            .bind(kind.as_str()),
        None => sqlx::query_as::<Sqlite, ResponseRow>(SELECT_RESPONSES).bind(user.0),
    };
    select
        .bind(since)
        .bind(limit)
        .fetch_all(reader)
        .await
        .map_err(|e| failed("reading responses", e))
}

/// Deletes account `id` and everything of theirs on `writer`; a missing account is `NotFound`.
async fn delete_user(writer: &SqlitePool, id: UserId) -> Result<(), StoreError> {
    let mut tx = db::begin_write(writer)
        .await
        .map_err(|e| failed("starting to delete a user", e))?;
    // Their shared check-ins leave the cells of weeks not yet released; released weeks stay
    // frozen (their cells and releases hold sums, nothing of one person's).
    checkins::forget_on(&mut tx, id).await?;
    // Their responses, plan, dismissals, journal, sessions, API tokens, membership, leader
    // roles, contributions, briefs and the invites they made go with them: ON DELETE
    // CASCADE, with foreign keys on.
    let deleted = sqlx::query("DELETE FROM users WHERE id = $1")
        .bind(id.0)
        .execute(&mut *tx)
        .await
        .map_err(|e| failed("deleting a user", e))?;
    if deleted.rows_affected() == 0 {
        return Err(StoreError::NotFound {
            what: format!("user {}", id.0),
        });
    }
    tx.commit()
        .await
        .map_err(|e| failed("committing the deletion of a user", e))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// journal_mode, synchronous, foreign_keys and busy_timeout as one connection of `pool` has them.
    async fn pragmas(pool: &SqlitePool) -> (String, i64, i64, i64) {
        let mut conn = pool.acquire().await.expect("a connection");
        let journal_mode = sqlx::query_scalar::<Sqlite, String>("PRAGMA journal_mode")
            .fetch_one(&mut *conn)
            .await
            .expect("journal_mode");
        let mut number = async |sql: &'static str| {
            sqlx::query_scalar::<Sqlite, i64>(sql)
                .fetch_one(&mut *conn)
                .await
                .unwrap_or_else(|e| panic!("{sql}: {e}"))
        };
        let synchronous = number("PRAGMA synchronous").await;
        let foreign_keys = number("PRAGMA foreign_keys").await;
        let busy_timeout = number("PRAGMA busy_timeout").await;
        (journal_mode, synchronous, foreign_keys, busy_timeout)
    }

    /// Reading a person's responses searches an index and never scans their history: by time
    /// on (user_id, taken_at), and of one kind on (user_id, kind, taken_at), so the last two full
    /// assessments are found without reading the check-ins in between (a check-in's result looks
    /// for them every time; docs/benchmarks.md).
    #[tokio::test]
    async fn reading_responses_searches_an_index() {
        let store = SqliteStore::open("sqlite::memory:")
            .await
            .expect("an in-memory store");
        let cases = [
            (SELECT_RESPONSES, 3, "responses_user_taken_at"),
            (SELECT_RESPONSES_OF_KIND, 4, "responses_user_kind_taken_at"),
        ];
        for (sql, parameters, index) in cases {
            let explain = sqlx::AssertSqlSafe(format!("EXPLAIN QUERY PLAN {sql}"));
            let mut query = sqlx::query_as::<Sqlite, (i64, i64, i64, String)>(explain);
            for _ in 0..parameters {
                query = query.bind(1_i64);
            }
            let plan: Vec<String> = query
                .fetch_all(store.reader())
                .await
                .expect("a query plan")
                .into_iter()
                .map(|(_, _, _, detail)| detail)
                .collect();
            assert!(
                plan.iter()
                    .any(|step| step.starts_with("SEARCH responses USING") && step.contains(index)),
                "{sql}\nshould search {index}, but the plan is {plan:?}"
            );
            assert!(
                !plan.iter().any(|step| step.contains("SCAN")),
                "{sql}\nscans: {plan:?}"
            );
        }
    }

    /// A database written by the version before plans and journals (migration 1 only) opens
    /// with the new tables and indexes (of migrations 2 to 5) added and its accounts and
    /// responses kept; an account from then is not an admin.
    #[tokio::test]
    async fn a_database_of_the_first_schema_is_brought_up_to_date_with_its_data() {
        use migrations::MIGRATOR;
        use sqlx::migrate::Migrator;

        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect("sqlite::memory:")
            .await
            .expect("an in-memory database");
        let first_version = Migrator::with_migrations(MIGRATOR.iter().take(1).cloned().collect());
        first_version.run(&pool).await.expect("migration 1 alone");
        sqlx::query("INSERT INTO users (id, username, created_at) VALUES (1, 'alice', 0)")
            .execute(&pool)
            .await
            .expect("an account from the old version");
        let missing = sqlx::query("SELECT COUNT(*) FROM plan_items")
            .execute(&pool)
            .await;
        assert!(missing.is_err(), "plan_items existed before migration 2");

        MIGRATOR.run(&pool).await.expect("bring it up to date");
        let count = async |sql: &'static str| {
            sqlx::query_scalar::<Sqlite, i64>(sql)
                .fetch_one(&pool)
                .await
                .unwrap_or_else(|e| panic!("{sql}: {e}"))
        };
        assert_eq!(count("SELECT COUNT(*) FROM users").await, 1);
        for (table, sql) in [
            ("plan_items", "SELECT COUNT(*) FROM plan_items"),
            ("dismissals", "SELECT COUNT(*) FROM dismissals"),
            ("journal_keys", "SELECT COUNT(*) FROM journal_keys"),
            ("journal_entries", "SELECT COUNT(*) FROM journal_entries"),
            ("sessions", "SELECT COUNT(*) FROM sessions"),
            ("api_tokens", "SELECT COUNT(*) FROM api_tokens"),
            ("units", "SELECT COUNT(*) FROM units"),
            ("unit_rules", "SELECT COUNT(*) FROM unit_rules"),
            ("memberships", "SELECT COUNT(*) FROM memberships"),
            ("unit_leaders", "SELECT COUNT(*) FROM unit_leaders"),
            ("invites", "SELECT COUNT(*) FROM invites"),
            ("contributions", "SELECT COUNT(*) FROM contributions"),
            ("cells", "SELECT COUNT(*) FROM cells"),
            ("released_weeks", "SELECT COUNT(*) FROM released_weeks"),
            ("releases", "SELECT COUNT(*) FROM releases"),
            ("dp_spend", "SELECT COUNT(*) FROM dp_spend"),
            ("briefs", "SELECT COUNT(*) FROM briefs"),
            ("risk_contexts", "SELECT COUNT(*) FROM risk_contexts"),
            ("admins", "SELECT COUNT(*) FROM users WHERE is_admin = 1"),
        ] {
            assert_eq!(count(sql).await, 0, "{table} is new and empty");
        }
        let applied = count("SELECT COUNT(*) FROM _sqlx_migrations").await;
        assert_eq!(
            applied,
            i64::try_from(MIGRATOR.iter().count()).expect("few files")
        );
    }

    /// Migration 6 rebuilds `responses` with AUTOINCREMENT: the rows of a database of schema 5
    /// keep their ids and read back, and from then on a deleted response's id is not given again.
    #[tokio::test]
    async fn responses_keep_their_ids_through_the_rebuild_and_ids_are_not_reused() {
        use anneal_store::Store;
        use migrations::MIGRATOR;
        use sqlx::migrate::Migrator;

        let dir = tempfile::tempdir().expect("a temporary directory");
        let url = format!("sqlite://{}", dir.path().join("anneal.db").display());
        let store = SqliteStore::open(&url).await.expect("open");
        let alice = anneal_store::conformance::fixtures::user(&store, "alice").await;
        let new = anneal_store::conformance::fixtures::checkin(
            alice.id,
            anneal_store::conformance::fixtures::day(0),
        );
        let kept = store.insert_response(new.clone()).await.expect("insert");
        store.close().await;

        // Back to schema 5, with the row as schema 5 held it.
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(Target::parse(&url).expect("url").writer_options())
            .await
            .expect("reopen");
        for sql in [
            "DROP TABLE week_floors",
            "DELETE FROM _sqlx_migrations WHERE version = 7",
            "DROP TABLE risk_contexts",
            "DROP INDEX contributions_response",
            "ALTER TABLE contributions DROP COLUMN response_id",
            "DELETE FROM _sqlx_migrations WHERE version = 6",
        ] {
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .execute(&pool)
                .await
                .unwrap_or_else(|e| panic!("{sql}: {e}"));
        }
        let five = Migrator::with_migrations(MIGRATOR.iter().take(5).cloned().collect());
        five.run(&pool).await.expect("schema 5 is what is left");
        pool.close().await;

        let store = SqliteStore::open(&url).await.expect("migrate to 6");
        let back = store
            .responses(alice.id, ResponseQuery::default())
            .await
            .expect("read");
        assert_eq!(back, vec![kept.clone()]);
        let newest = store.insert_response(new.clone()).await.expect("insert");
        assert!(newest.id > kept.id);
        store
            .delete_response(alice.id, newest.id)
            .await
            .expect("delete");
        let later = store.insert_response(new).await.expect("insert");
        assert!(later.id > newest.id, "{} was given again", newest.id);
    }

    /// synchronous: 2 is FULL. busy_timeout is in milliseconds.
    const FULL: i64 = 2;

    #[tokio::test]
    async fn a_file_database_is_durable_wal_with_foreign_keys() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let path = dir.path().join("anneal.db");
        let store = SqliteStore::open(&format!("sqlite://{}", path.display()))
            .await
            .expect("open");
        for (role, pool) in [("writer", &store.writer), ("reader", &store.reader)] {
            assert_eq!(
                pragmas(pool).await,
                ("wal".to_owned(), FULL, 1, 5000),
                "the {role} connection"
            );
        }
        assert!(path.is_file(), "the database file was not created");
        assert!(
            dir.path().join("anneal.db-wal").is_file(),
            "no write-ahead log beside the file"
        );
    }

    #[tokio::test]
    async fn an_in_memory_database_keeps_foreign_keys_and_full_sync() {
        let store = SqliteStore::open("sqlite::memory:").await.expect("open");
        let (journal_mode, synchronous, foreign_keys, busy_timeout) = pragmas(&store.writer).await;
        assert_eq!(journal_mode, "memory");
        assert_eq!((synchronous, foreign_keys, busy_timeout), (FULL, 1, 5000));
        assert_eq!(
            store.reader.options().get_max_connections(),
            1,
            "one connection, shared"
        );
    }
}
