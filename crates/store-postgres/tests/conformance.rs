//! The conformance stories on PostgreSQL, each in a database of its own, plus what only this
//! backend has (reaching a server, keeping passwords out of errors).
//!
//! Set `ANNEAL_TEST_POSTGRES_URL` to an admin URL, e.g. `postgres://postgres@127.0.0.1:5432/test`:
//! every story then creates `anneal_test_<random>`, runs there and drops it afterwards, even when
//! the story fails. Unset, the stories are skipped with a note on stderr — unless
//! `ANNEAL_REQUIRE_POSTGRES=1` or `CI` is set, when a missing URL fails the run.

use anneal_store::StoreError;
use anneal_store::conformance::Story;
use anneal_store_postgres::PostgresStore;
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
        let _ = writeln!(
            std::io::stderr(),
            "note: PostgreSQL conformance tests SKIPPED: {URL_VARIABLE} is not set \
             (e.g. {URL_VARIABLE}=postgres://postgres@127.0.0.1:5432/test)"
        );
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

/// Creates a fresh database, runs the story on a store opened there, drops the database (even
/// when the story panicked), then passes the story's panic on.
async fn run(name: &'static str, story: Story) {
    let Some(admin_url) = admin_url() else {
        return;
    };
    let database = fresh_database_name();
    let mut admin = admin_connection(&admin_url).await;
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {database}")))
        .execute(&mut admin)
        .await
        .unwrap_or_else(|e| panic!("{name}: creating the database {database}: {e}"));
    let url = sqlx::postgres::PgConnectOptions::from_str(&admin_url)
        .expect("the admin URL parsed above")
        .database(&database)
        .to_url_lossy()
        .to_string();

    let outcome = tokio::spawn(async move {
        let store = PostgresStore::open(&url)
            .await
            .unwrap_or_else(|e| panic!("opening the fresh database: {e}"));
        story(Box::new(store.clone())).await;
        store.close().await;
    })
    .await;

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
    let url = sqlx::postgres::PgConnectOptions::from_str(&admin_url)
        .expect("a valid admin URL")
        .database("anneal_test_does_not_exist")
        .to_url_lossy()
        .to_string();
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
    let url = sqlx::postgres::PgConnectOptions::from_str(&admin_url)
        .expect("a valid admin URL")
        .database(&database)
        .to_url_lossy()
        .to_string();
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
