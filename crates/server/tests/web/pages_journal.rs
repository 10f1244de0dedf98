//! The journal page: start, write, list, read, lock, unlock; and no journal text in the database.

use crate::helpers::{OWNER, PASSWORD, TestApp};
use crate::pages_support::assert_no_inline_code;
use anneal_server::{AppState, PasswordCost, ServerConfig, router};
use anneal_store::Backend;
use anneal_store_sqlite::SqliteStore;
use axum::http::StatusCode;
use std::path::Path;
use std::sync::Arc;

const PASSPHRASE: &str = "river stone lantern";
const SECRET: &str = "Quietly thinking about leaving the ward, says Zanzibarquest";

/// A test app whose database file is at a path this test knows, so it can read the raw bytes.
async fn app_with_file(dir: &Path) -> (TestApp, Arc<dyn Backend>) {
    let url = format!("sqlite://{}", dir.join("journal.db").display());
    let store: Arc<dyn Backend> = Arc::new(SqliteStore::open(&url).await.expect("open store"));
    let config = ServerConfig {
        password_cost: PasswordCost::InsecureFastForTests,
        ..ServerConfig::default()
    };
    let state = AppState::new(
        store.clone(),
        anneal_core::safety::default_support().clone(),
        config.clone(),
    )
    .expect("state");
    let app = TestApp::build(config, move |_| router(state)).await;
    (app, store)
}

/// Every byte of the database: the file and its write-ahead log.
fn database_bytes(dir: &Path) -> Vec<u8> {
    let mut all = Vec::new();
    for entry in std::fs::read_dir(dir).expect("directory") {
        let path = entry.expect("entry").path();
        if path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("journal.db"))
        {
            all.extend(std::fs::read(&path).expect("read"));
        }
    }
    all
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[tokio::test]
async fn start_write_list_lock_and_unlock_again_with_no_plaintext_stored() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let (app, store) = app_with_file(dir.path()).await;
    let mut browser = app.browser();
    browser.setup(OWNER, PASSWORD).await;

    let first = browser.get("/journal").await;
    assert!(first.body.contains("Start your journal"));
    assert!(first.body.contains("separate from your password"));
    assert!(first.body.contains("the journal is lost"));

    let mismatch = browser
        .submit(
            "/journal",
            "/journal/start",
            &[("passphrase", PASSPHRASE), ("confirm", "something else")],
        )
        .await;
    assert_eq!(mismatch.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        mismatch
            .body
            .contains("The two passphrases are not the same.")
    );
    let short = browser
        .submit(
            "/journal",
            "/journal/start",
            &[("passphrase", "short"), ("confirm", "short")],
        )
        .await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(short.body.contains("it needs at least 8"));

    browser
        .submit(
            "/journal",
            "/journal/start",
            &[("passphrase", PASSPHRASE), ("confirm", PASSPHRASE)],
        )
        .await
        .assert_redirect("/journal");

    // Write from a prompt.
    let prompt = anneal_service::journal::prompts()
        .into_iter()
        .next()
        .expect("a prompt");
    let with_prompt = browser.get(&format!("/journal?prompt={}", prompt.id)).await;
    assert!(with_prompt.body.contains(&prompt.text));
    assert_no_inline_code(&with_prompt.body, "/journal");
    let written = browser
        .submit(
            "/journal",
            "/journal/entries",
            &[("text", SECRET), ("prompt", &prompt.id)],
        )
        .await;
    assert_eq!(written.status, StatusCode::SEE_OTHER);
    let entry_path = written.location().to_string();
    assert!(entry_path.starts_with("/journal/"));

    let list = browser.get("/journal").await;
    assert!(list.body.contains(SECRET), "the list shows it");
    let entry = browser.get(&entry_path).await;
    assert_eq!(entry.status, StatusCode::OK);
    assert!(entry.body.contains(SECRET));
    assert!(entry.body.contains(&prompt.text));

    // An empty entry is refused and nothing is added.
    let empty = browser
        .submit("/journal", "/journal/entries", &[("text", "   ")])
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.body.contains("The entry is empty"));
    let user = store
        .user_by_name(OWNER)
        .await
        .expect("lookup")
        .expect("owner");
    assert_eq!(
        store.journal_entries(user.id).await.expect("entries").len(),
        1
    );

    // Lock: the list asks for the passphrase again and shows nothing.
    browser
        .submit("/journal", "/journal/lock", &[])
        .await
        .assert_redirect("/journal");
    let locked = browser.get("/journal").await;
    assert!(locked.body.contains("Unlock your journal"));
    assert!(!locked.body.contains(SECRET));
    let locked_entry = browser.get(&entry_path).await;
    assert!(locked_entry.body.contains("Unlock your journal"));
    assert!(!locked_entry.body.contains(SECRET));
    let write_locked = browser
        .submit("/journal", "/journal/entries", &[("text", "while locked")])
        .await;
    write_locked.assert_redirect("/journal");
    assert_eq!(
        store.journal_entries(user.id).await.expect("entries").len(),
        1
    );

    // The password is not the passphrase.
    let wrong = browser
        .submit("/journal", "/journal/unlock", &[("passphrase", PASSWORD)])
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("does not open your journal"));
    assert!(!wrong.body.contains(SECRET));

    // Unlocking from the entry's page returns there.
    let unlocked = browser
        .submit(
            &entry_path,
            "/journal/unlock",
            &[("passphrase", PASSPHRASE), ("next", &entry_path)],
        )
        .await;
    unlocked.assert_redirect(&entry_path);
    assert!(browser.get(&entry_path).await.body.contains(SECRET));

    // A plan title is stored as text (so the bytes are the right ones), the journal is not.
    browser
        .submit(
            "/plan",
            "/plan/add",
            &[("kind", "goal"), ("title", "Visible plan title")],
        )
        .await
        .assert_redirect("/plan");
    let bytes = database_bytes(dir.path());
    assert!(
        contains(&bytes, "Visible plan title"),
        "the check reads the database"
    );
    assert!(!contains(&bytes, SECRET), "journal text is sealed");
    assert!(!contains(&bytes, "Zanzibarquest"), "not even a word of it");
}

#[tokio::test]
async fn another_persons_or_an_unknown_entry_is_not_found() {
    let app = TestApp::new().await;
    let mut browser = app.browser();
    browser.setup(OWNER, PASSWORD).await;
    browser
        .submit(
            "/journal",
            "/journal/start",
            &[("passphrase", PASSPHRASE), ("confirm", PASSPHRASE)],
        )
        .await
        .assert_redirect("/journal");
    for path in ["/journal/424242", "/journal/abc"] {
        assert_eq!(
            browser.get(path).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
}
