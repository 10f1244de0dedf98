//! The conformance stories on PostgreSQL, each in a database of its own, plus what only this
//! backend has (reaching a server, keeping passwords out of errors).
//!
//! Set `ANNEAL_TEST_POSTGRES_URL` to an admin URL, e.g. `postgres://postgres@127.0.0.1:5432/test`:
//! every story then creates `anneal_test_<random>`, runs there and drops it afterwards, even when
//! the story fails. Unset, the stories are skipped with a note on stderr — unless
//! `ANNEAL_REQUIRE_POSTGRES=1` or `CI` is set, when a missing URL fails the run.

use anneal_store::conformance::Story;
use anneal_store::{NewUser, Store, StoreError};
use anneal_store_postgres::PostgresStore;
use sqlx::postgres::PgConnectOptions;
use sqlx::{ConnectOptions, Connection, PgConnection};
use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::io::Write;
use std::str::FromStr;
use std::sync::Once;

const URL_VARIABLE: &str = "ANNEAL_TEST_POSTGRES_URL";

fn is_set(variable: &str) -> bool {
    std::env::var(variable).is_ok_and(|v| !matches!(v.trim(), "" | "0" | "false"))
}

/// The admin URL, or `None` when the PostgreSQL tests are to be skipped.
fn admin_url() -> Option<String> {
    if let Ok(url) = std::env::var(URL_VARIABLE)
        && !url.trim().is_empty()
    {
        return Some(url);
    }
    if is_set("ANNEAL_REQUIRE_POSTGRES") || is_set("CI") {
        panic!(
            "{URL_VARIABLE} is not set, but ANNEAL_REQUIRE_POSTGRES or CI is: set it to a server \
             where the tests may create databases, e.g. postgres://postgres@127.0.0.1:5432/test"
        );
    }
    static NOTE: Once = Once::new();
    NOTE.call_once(|| {
        // Straight to stderr: the test harness would swallow eprintln! from a passing test.
        // One write, so the line is not split by the harness's own output.
        let line = format!(
            "\nnote: PostgreSQL conformance tests SKIPPED: {URL_VARIABLE} is not set \
             (e.g. {URL_VARIABLE}=postgres://postgres@127.0.0.1:5432/test)\n"
        );
        let _ = std::io::stderr().lock().write_all(line.as_bytes());
    });
    None
}

/// A name no other test run picks: `anneal_test_` and 16 random hex digits.
fn fresh_database_name() -> String {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    hasher.write_u32(std::process::id());
    format!("anneal_test_{:016x}", hasher.finish())
}

async fn admin_connection(admin_url: &str) -> PgConnection {
    PgConnection::connect(admin_url)
        .await
        .unwrap_or_else(|e| panic!("{URL_VARIABLE} is set, but connecting to it failed: {e}"))
}

/// Runs the story in a fresh database of its own (see [`run_in`]), or skips it.
async fn run(name: &'static str, story: Story) {
    if let Some(admin_url) = admin_url() {
        run_in(&admin_url, fresh_database_name(), name, story).await;
    }
}

/// The URL of `database` on the server of `admin_url`.
fn database_url(admin_url: &str, database: &str) -> String {
    PgConnectOptions::from_str(admin_url)
        .unwrap_or_else(|e| panic!("{URL_VARIABLE} is not a valid PostgreSQL URL: {e}"))
        .database(database)
        .to_url_lossy()
        .to_string()
}

/// Creates `database`, runs the story on a store opened there, drops the database (even when
/// the story panicked), then passes the story's panic on.
async fn run_in(admin_url: &str, database: String, name: &str, story: Story) {
    in_fresh_database(admin_url, database, name, async move |url| {
        let store = PostgresStore::open(&url)
            .await
            .unwrap_or_else(|e| panic!("opening the fresh database: {e}"));
        story(Box::new(store.clone())).await;
        store.close().await;
    })
    .await;
}

/// Creates `database`, runs `body` with its URL on a task of its own, drops the database (even
/// when `body` panicked), then passes the panic on.
async fn in_fresh_database<F, Fut>(admin_url: &str, database: String, name: &str, body: F)
where
    F: FnOnce(String) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let mut admin = admin_connection(admin_url).await;
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {database}")))
        .execute(&mut admin)
        .await
        .unwrap_or_else(|e| panic!("{name}: creating the database {database}: {e}"));
    let url = database_url(admin_url, &database);

    let outcome = tokio::spawn(body(url)).await;

    let dropped = sqlx::query(sqlx::AssertSqlSafe(format!(
        "DROP DATABASE IF EXISTS {database} WITH (FORCE)"
    )))
    .execute(&mut admin)
    .await;
    let _ = admin.close().await;
    match outcome {
        Err(join) if join.is_panic() => std::panic::resume_unwind(join.into_panic()),
        Err(join) => panic!("{name}: the story did not finish: {join}"),
        Ok(()) => {}
    }
    if let Err(e) = dropped {
        panic!("{name}: dropping the test database {database}: {e}");
    }
}

anneal_store::conformance_tests!(run);

#[tokio::test]
async fn a_non_postgres_url_is_an_open_error() {
    match PostgresStore::open("sqlite://anneal.db").await {
        Err(StoreError::Open { url, reason }) => {
            assert_eq!(url, "sqlite://anneal.db");
            assert!(reason.contains("not a PostgreSQL URL"), "{reason}");
        }
        other => panic!("expected StoreError::Open, got {other:?}"),
    }
}

#[tokio::test]
async fn an_unreachable_server_is_an_open_error_without_the_password() {
    // Port 1 on the loopback: nothing listens there, so the connection is refused at once.
    let url = "postgres://anneal:hunter2@127.0.0.1:1/anneal";
    match PostgresStore::open(url).await {
        Err(err @ StoreError::Open { .. }) => {
            let message = err.to_string();
            assert!(
                !message.contains("hunter2"),
                "the password leaked: {message}"
            );
            assert!(message.contains("anneal:***@127.0.0.1:1"), "{message}");
            assert!(message.contains("could not reach"), "{message}");
        }
        other => panic!("expected StoreError::Open, got {other:?}"),
    }
}

#[tokio::test]
async fn a_missing_database_is_an_open_error() {
    let Some(admin_url) = admin_url() else {
        return;
    };
    let url = database_url(&admin_url, "anneal_test_does_not_exist");
    match PostgresStore::open(&url).await {
        Err(StoreError::Open { reason, .. }) => {
            assert!(reason.contains("anneal_test_does_not_exist"), "{reason}");
        }
        other => panic!("expected StoreError::Open, got {other:?}"),
    }
}

/// Two processes starting at once on an empty database both come up (the migration lock).
#[tokio::test]
async fn two_stores_opening_together_both_migrate() {
    let Some(admin_url) = admin_url() else {
        return;
    };
    let database = fresh_database_name();
    let mut admin = admin_connection(&admin_url).await;
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {database}")))
        .execute(&mut admin)
        .await
        .expect("create the test database");
    let url = database_url(&admin_url, &database);
    let (first, second) = tokio::join!(PostgresStore::open(&url), PostgresStore::open(&url));
    let outcome = match (first, second) {
        (Ok(a), Ok(b)) => {
            a.close().await;
            b.close().await;
            Ok(())
        }
        (a, b) => Err(format!("first: {:?}, second: {:?}", a.err(), b.err())),
    };
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "DROP DATABASE IF EXISTS {database} WITH (FORCE)"
    )))
    .execute(&mut admin)
    .await
    .expect("drop the test database");
    if let Err(e) = outcome {
        panic!("opening twice at once failed: {e}");
    }
}

/// A story that fails still has its database dropped, and its failure still fails the test.
#[tokio::test]
async fn a_failing_story_still_drops_its_database() {
    let Some(admin_url) = admin_url() else {
        return;
    };
    fn failing(
        store: Box<dyn anneal_store::conformance::Backend>,
    ) -> anneal_store::conformance::StoryFuture {
        Box::pin(async move {
            store.ping().await.expect("ping");
            panic!("this story fails on purpose");
        })
    }
    let database = fresh_database_name();
    let name = database.clone();
    let url = admin_url.clone();
    let outcome = tokio::spawn(async move { run_in(&url, name, "failing", failing).await }).await;
    let panic = outcome.expect_err("the story's panic must fail the test");
    assert!(panic.is_panic());
    let message = panic.into_panic();
    assert_eq!(
        message.downcast_ref::<&str>().copied(),
        Some("this story fails on purpose"),
        "the story's own panic must come through"
    );

    let mut admin = admin_connection(&admin_url).await;
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM pg_database WHERE datname = $1")
        .bind(&database)
        .fetch_one(&mut admin)
        .await
        .expect("look for the database");
    assert_eq!(
        left, 0,
        "the failing story's database {database} was left behind"
    );
}

/// Eight first-account setups racing from two processes' worth of connection pools on one empty
/// database, each on its own task: exactly one succeeds and the rest are conflicts.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_first_user_setups_across_stores_let_exactly_one_through() {
    let Some(admin_url) = admin_url() else {
        return;
    };
    let name = "concurrent_first_user_setups_across_stores";
    in_fresh_database(&admin_url, fresh_database_name(), name, async move |url| {
        let first = PostgresStore::open(&url).await.expect("open");
        let second = PostgresStore::open(&url).await.expect("open a second time");
        let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(8));
        let mut tasks = Vec::new();
        for task in 0..8 {
            let store = if task % 2 == 0 {
                first.clone()
            } else {
                second.clone()
            };
            let barrier = barrier.clone();
            tasks.push(tokio::spawn(async move {
                barrier.wait().await;
                store
                    .create_first_user(NewUser {
                        username: format!("owner-{task}"),
                        password_hash: None,
                    })
                    .await
            }));
        }
        let mut results = Vec::new();
        for task in tasks {
            results.push(task.await.expect("a setup task panicked"));
        }
        let wins = results.iter().filter(|r| r.is_ok()).count();
        assert_eq!(wins, 1, "exactly one setup must win: {results:?}");
        assert!(
            results
                .iter()
                .all(|r| matches!(r, Ok(_) | Err(StoreError::Conflict { .. }))),
            "every losing setup must be a conflict: {results:?}"
        );
        assert_eq!(first.count_users().await.expect("count"), 1);
        assert_eq!(second.count_users().await.expect("count"), 1);
        first.close().await;
        second.close().await;
    })
    .await;
}
