//! The conformance stories on SQLite — each on a fresh database file (WAL), and again in
//! memory — plus what only SQLite has: opening paths, reopening, schema versions, two processes.

use anneal_store::conformance::{Story, fixtures};
use anneal_store::{NewUser, ResponseQuery, Store, StoreError};
use anneal_store_sqlite::SqliteStore;
use std::path::Path;

fn file_url(path: &Path) -> String {
    format!("sqlite://{}", path.display())
}

/// Runs a story on a new database file in a temporary directory, removed afterwards.
async fn run(name: &'static str, story: Story) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let url = file_url(&dir.path().join(format!("{name}.db")));
    let store = SqliteStore::open(&url)
        .await
        .unwrap_or_else(|e| panic!("opening {url}: {e}"));
    story(Box::new(store)).await;
}

anneal_store::conformance_tests!(run);

mod in_memory {
    use super::*;

    /// Runs a story on a private in-memory database.
    async fn run(_name: &'static str, story: Story) {
        let store = SqliteStore::open("sqlite::memory:")
            .await
            .unwrap_or_else(|e| panic!("opening sqlite::memory:: {e}"));
        story(Box::new(store)).await;
    }

    anneal_store::conformance_tests!(run);
}

#[tokio::test]
async fn a_missing_directory_is_an_open_error() {
    let url = "sqlite:///nonexistent-dir/x.db";
    match SqliteStore::open(url).await {
        Err(StoreError::Open { url: got, reason }) => {
            assert_eq!(got, url);
            assert!(
                reason.contains("/nonexistent-dir") && reason.contains("does not exist"),
                "the reason should name the missing directory: {reason}"
            );
        }
        other => panic!("expected StoreError::Open, got {other:?}"),
    }
}

#[tokio::test]
async fn other_unopenable_urls_are_open_errors() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let not_a_database = dir.path().join("notes.txt");
    std::fs::write(
        &not_a_database,
        "these are notes, not a database\n".repeat(200),
    )
    .expect("write a text file");
    let cases = [
        (file_url(&not_a_database), "not a database"),
        (file_url(dir.path()), "is a directory"),
        ("postgres://localhost/anneal".to_owned(), "not a SQLite URL"),
        ("sqlite://".to_owned(), "no database file"),
    ];
    for (url, reason) in cases {
        match SqliteStore::open(&url).await {
            Err(StoreError::Open { reason: got, .. }) => {
                assert!(
                    got.contains(reason),
                    "{url}: {got:?} does not say {reason:?}"
                )
            }
            other => panic!("{url}: expected StoreError::Open, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn data_survives_reopening() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let url = file_url(&dir.path().join("anneal.db"));
    let (user, response) = {
        let store = SqliteStore::open(&url).await.expect("first open");
        let user = fixtures::user(&store, "alice").await;
        let response = store
            .insert_response(fixtures::checkin(user.id, fixtures::day(0)))
            .await
            .expect("insert");
        store.close().await;
        (user, response)
    };
    let store = SqliteStore::open(&url).await.expect("second open");
    assert_eq!(
        store.user_by_name("alice").await.expect("by name"),
        Some(user.clone())
    );
    assert_eq!(
        store
            .responses(user.id, ResponseQuery::default())
            .await
            .expect("responses"),
        vec![response]
    );
}

#[tokio::test]
async fn a_database_from_a_newer_version_is_refused() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let url = file_url(&dir.path().join("anneal.db"));
    let store = SqliteStore::open(&url).await.expect("open");
    store.close().await;
    {
        use sqlx::Connection;
        let mut conn = sqlx::SqliteConnection::connect(&url)
            .await
            .expect("raw connection");
        sqlx::query(
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
             VALUES (9999, 'from the future', TRUE, X'00', 0)",
        )
        .execute(&mut conn)
        .await
        .expect("pretend a newer version migrated this database");
        conn.close().await.expect("close");
    }
    match SqliteStore::open(&url).await {
        Err(StoreError::Open { reason, .. }) => {
            assert!(reason.contains("newer version"), "{reason}");
            assert!(reason.contains("9999"), "{reason}");
        }
        other => panic!("expected StoreError::Open, got {other:?}"),
    }
}

/// Many concurrent writers, through one store and through a second store on the same file (as
/// when the CLI runs beside the server), all succeed: none sees "database is locked".
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_writers_all_succeed() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let url = file_url(&dir.path().join("anneal.db"));
    let first = SqliteStore::open(&url).await.expect("open");
    let second = SqliteStore::open(&url).await.expect("open a second time");
    let user = fixtures::user(&first, "alice").await;

    let mut tasks = Vec::new();
    for task in 0..8_i64 {
        let store = if task % 2 == 0 {
            first.clone()
        } else {
            second.clone()
        };
        tasks.push(tokio::spawn(async move {
            for i in 0..25 {
                store
                    .insert_response(fixtures::checkin(user.id, fixtures::day(task * 100 + i)))
                    .await
                    .unwrap_or_else(|e| panic!("task {task}, insert {i}: {e}"));
            }
        }));
    }
    for task in tasks {
        task.await.expect("a writer task panicked");
    }
    assert_eq!(first.count_responses(user.id).await.expect("count"), 200);
    assert_eq!(second.count_responses(user.id).await.expect("count"), 200);
}

/// Eight first-account setups racing through two stores on one file (the server and the CLI,
/// say), each on its own task: exactly one succeeds and the rest are conflicts, because the
/// check and the insert share one write transaction that locks out the other connection.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_first_user_setups_across_stores_let_exactly_one_through() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let url = file_url(&dir.path().join("anneal.db"));
    let first = SqliteStore::open(&url).await.expect("open");
    let second = SqliteStore::open(&url).await.expect("open a second time");
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
}
