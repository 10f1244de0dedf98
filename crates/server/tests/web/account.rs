//! The account page: password change, API tokens, export, deletion; and the session-bound
//! journal key helpers.

use crate::helpers::{Browser, OWNER, PASSWORD, TestApp};
use anneal_core::plan::{PlanDraft, PlanKind};
use anneal_server::{AppState, CurrentUser, ServerConfig};
use anneal_store::{Dismissal, User, WrappedKey};
use anneal_vault::KdfParams;
use axum::extract::{Form, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::routing::post;
use chrono::Utc;

const NEW_PASSWORD: &str = "a brand new passphrase";

async fn owner(app: &TestApp) -> User {
    app.store()
        .user_by_name(OWNER)
        .await
        .expect("lookup")
        .expect("owner")
}

async fn change_password(
    browser: &mut Browser<'_>,
    current: &str,
    new: &str,
    confirm: &str,
) -> crate::helpers::Answer {
    browser
        .submit(
            "/account",
            "/account/password",
            &[("current", current), ("new", new), ("confirm", confirm)],
        )
        .await
}

#[tokio::test]
async fn changing_the_password_ends_other_sessions_and_keeps_this_one() {
    let app = TestApp::new().await;
    let mut here = app.browser();
    here.setup(OWNER, PASSWORD).await;
    let mut elsewhere = app.browser();
    elsewhere.login(OWNER, PASSWORD).await.assert_redirect("/");
    let before = here.session_cookie().cloned();

    let answer = change_password(&mut here, PASSWORD, NEW_PASSWORD, NEW_PASSWORD).await;
    answer.assert_redirect("/account");
    assert_ne!(
        here.session_cookie().cloned(),
        before,
        "this browser gets a fresh session"
    );
    let page = here.get("/account").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Your password was changed."));

    elsewhere
        .get("/account")
        .await
        .assert_redirect("/login?next=%2Faccount");
    let mut fresh = app.browser();
    assert_eq!(
        fresh.login(OWNER, PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
    fresh.login(OWNER, NEW_PASSWORD).await.assert_redirect("/");
}

#[tokio::test]
async fn a_password_change_with_problems_changes_nothing() {
    let app = TestApp::new().await;
    let mut here = app.browser();
    here.setup(OWNER, PASSWORD).await;
    let hash_before = owner(&app).await.password_hash;

    let wrong = change_password(&mut here, "not my password", NEW_PASSWORD, NEW_PASSWORD).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("The current password is not right."));
    let short = change_password(&mut here, PASSWORD, "short", "short").await;
    assert!(short.body.contains("at least 10"));
    let mismatch = change_password(&mut here, PASSWORD, NEW_PASSWORD, "something else!").await;
    assert!(
        mismatch
            .body
            .contains("The two new passwords are not the same.")
    );
    assert_eq!(owner(&app).await.password_hash, hash_before);
}

#[tokio::test]
async fn a_journal_locked_with_the_password_moves_to_the_new_one() {
    let app = TestApp::new().await;
    let mut here = app.browser();
    here.setup(OWNER, PASSWORD).await;
    let user = owner(&app).await;
    let (_, wrapped) =
        anneal_vault::create_with_params(PASSWORD, KdfParams::INSECURE_FAST_FOR_TESTS)
            .expect("journal");
    app.store()
        .put_journal_key(user.id, WrappedKey(wrapped))
        .await
        .expect("store key");

    let answer = change_password(&mut here, PASSWORD, NEW_PASSWORD, NEW_PASSWORD).await;
    answer.assert_redirect("/account");
    assert!(
        here.get("/account")
            .await
            .body
            .contains("your journal now opens with it too")
    );
    let WrappedKey(now) = app
        .store()
        .journal_key(user.id)
        .await
        .expect("key")
        .expect("journal");
    assert!(anneal_vault::unlock(NEW_PASSWORD, &now).is_ok());
    assert!(anneal_vault::unlock(PASSWORD, &now).is_err());
}

#[tokio::test]
async fn a_journal_with_its_own_passphrase_keeps_it() {
    let app = TestApp::new().await;
    let mut here = app.browser();
    here.setup(OWNER, PASSWORD).await;
    let user = owner(&app).await;
    let (_, wrapped) = anneal_vault::create_with_params(
        "my separate journal phrase",
        KdfParams::INSECURE_FAST_FOR_TESTS,
    )
    .expect("journal");
    app.store()
        .put_journal_key(user.id, WrappedKey(wrapped.clone()))
        .await
        .expect("store key");
    change_password(&mut here, PASSWORD, NEW_PASSWORD, NEW_PASSWORD)
        .await
        .assert_redirect("/account");
    let WrappedKey(now) = app
        .store()
        .journal_key(user.id)
        .await
        .expect("key")
        .expect("journal");
    assert_eq!(now, wrapped);
}

fn bearer(token: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(
        header::AUTHORIZATION,
        HeaderValue::from_str(&format!("Bearer {token}")).expect("header"),
    );
    headers
}

#[tokio::test]
async fn api_tokens_are_shown_once_work_as_bearer_and_can_be_revoked() {
    let app = TestApp::new().await;
    let mut here = app.browser();
    here.setup(OWNER, PASSWORD).await;

    let created = here
        .submit("/account", "/account/tokens", &[("name", "laptop script")])
        .await;
    assert_eq!(created.status, StatusCode::OK);
    let start = created.body.find("anneal_").expect("the token is shown");
    let token: String = created.body[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .collect();
    assert_eq!(token.len(), "anneal_".len() + 43);
    assert!(
        created.set_cookies().iter().all(|c| !c.contains(&token)),
        "never in a cookie"
    );

    let user = anneal_server::bearer_user(&app.state, &bearer(&token))
        .await
        .expect("the store answers")
        .expect("the token authenticates");
    assert_eq!(user.username, OWNER);
    assert!(
        anneal_server::bearer_user(&app.state, &bearer("anneal_nope"))
            .await
            .expect("the store answers")
            .is_none()
    );
    assert!(
        anneal_server::bearer_user(&app.state, &HeaderMap::new())
            .await
            .expect("the store answers")
            .is_none()
    );

    let page = here.get("/account").await;
    assert!(page.body.contains("laptop script"));
    assert!(!page.body.contains(&token), "shown only once");

    let id = app.store().api_tokens(user.id).await.expect("tokens")[0].id;
    let csrf = page.csrf();
    here.post(&format!("/account/tokens/{id}/revoke"), &[("_csrf", &csrf)])
        .await
        .assert_redirect("/account");
    assert!(
        here.get("/account")
            .await
            .body
            .contains("The token was revoked.")
    );
    assert!(
        anneal_server::bearer_user(&app.state, &bearer(&token))
            .await
            .expect("the store answers")
            .is_none()
    );

    // Nobody can revoke what is not theirs or does not exist.
    let missing = here
        .post("/account/tokens/424242/revoke", &[("_csrf", &csrf)])
        .await;
    missing.assert_redirect("/account");
    assert!(
        here.get("/account")
            .await
            .body
            .contains("There is no such token")
    );

    let unnamed = here
        .submit("/account", "/account/tokens", &[("name", "  ")])
        .await;
    assert_eq!(unnamed.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unnamed.body.contains("Give the token a name"));
}

#[tokio::test]
async fn export_downloads_all_of_my_data_as_json() {
    let app = TestApp::new().await;
    let mut here = app.browser();
    here.setup(OWNER, PASSWORD).await;
    let user = owner(&app).await;
    add_some_data(&app, &user).await;
    let answer = here.get("/account/export").await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.header("content-type"), "application/json");
    assert!(
        answer
            .header("content-disposition")
            .starts_with("attachment; filename=\"anneal-export-")
    );
    assert_eq!(answer.header("cache-control"), "no-store");
    let json: serde_json::Value = serde_json::from_str(&answer.body).expect("json");
    assert_eq!(json["format"], "anneal-export");
    assert_eq!(json["username"], OWNER);
    assert_eq!(json["plan"][0]["title"], "Take a real lunch break");
    assert!(json.get("journal").is_none(), "the journal is locked");
}

async fn add_some_data(app: &TestApp, user: &User) {
    app.store()
        .add_plan_item(
            user.id,
            PlanDraft {
                kind: PlanKind::Goal,
                action_id: None,
                strategy_id: None,
                title: "Take a real lunch break".into(),
                cadence: None,
                due: None,
                created_at: Utc::now(),
            },
        )
        .await
        .expect("plan item");
    app.store()
        .add_dismissal(
            user.id,
            Dismissal {
                target: "set-boundaries".into(),
                at: Utc::now(),
                reason: None,
            },
        )
        .await
        .expect("dismissal");
}

#[tokio::test]
async fn deleting_the_account_needs_the_username_and_removes_everything() {
    let app = TestApp::new().await;
    let mut here = app.browser();
    here.setup(OWNER, PASSWORD).await;
    let user = owner(&app).await;
    add_some_data(&app, &user).await;
    here.submit("/account", "/account/tokens", &[("name", "script")])
        .await;
    let mut elsewhere = app.browser();
    elsewhere.login(OWNER, PASSWORD).await.assert_redirect("/");

    let wrong = here
        .submit(
            "/account",
            "/account/delete",
            &[("confirm_username", "someone")],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("nothing was deleted"));
    assert_eq!(app.store().count_users().await.expect("count"), 1);

    let answer = here
        .submit(
            "/account",
            "/account/delete",
            &[("confirm_username", OWNER)],
        )
        .await;
    answer.assert_redirect("/");
    assert!(here.session_cookie().is_none(), "the cookie is cleared");
    assert!(
        app.store()
            .user_by_id(user.id)
            .await
            .expect("lookup")
            .is_none()
    );
    assert!(
        app.store()
            .plan_items(user.id)
            .await
            .expect("plan")
            .is_empty()
    );
    assert!(
        app.store()
            .api_tokens(user.id)
            .await
            .expect("tokens")
            .is_empty()
    );
    assert!(
        app.store()
            .dismissals(user.id, chrono::DateTime::<Utc>::MIN_UTC)
            .await
            .expect("dismissals")
            .is_empty()
    );
    elsewhere
        .get("/account")
        .await
        .assert_redirect("/login?next=%2Faccount");
    // The store is empty again, so the next visit offers setup, with the goodbye message.
    here.get("/").await.assert_redirect("/setup");
    assert!(here.get("/setup").await.body.contains("were deleted"));
}

// --- the journal helpers, through a test-only route -----------------------------------------

#[derive(serde::Deserialize)]
struct Passphrase {
    passphrase: String,
    #[serde(default)]
    start: bool,
}

async fn unlock(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(form): Form<Passphrase>,
) -> (StatusCode, String) {
    let result = if form.start {
        anneal_server::auth::start_journal(&state, &user, &form.passphrase).await
    } else {
        anneal_server::unlock_journal(&state, &user, &form.passphrase).await
    };
    match result {
        Ok(_) => (StatusCode::OK, "unlocked".into()),
        Err(e) => (StatusCode::UNPROCESSABLE_ENTITY, e.to_string()),
    }
}

async fn lock(State(state): State<AppState>, user: CurrentUser) -> StatusCode {
    match anneal_server::lock_journal(&state, &user).await {
        Ok(()) => StatusCode::OK,
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

async fn journal_app() -> TestApp {
    TestApp::build(ServerConfig::default(), |state| {
        let extra = axum::Router::new()
            .route("/test/unlock", post(unlock))
            .route("/test/lock", post(lock))
            .with_state(state.clone());
        anneal_server::router(state).merge(extra)
    })
    .await
}

#[tokio::test]
async fn an_unlocked_journal_stays_open_for_this_session_only() {
    let app = journal_app().await;
    let mut here = app.browser();
    here.setup(OWNER, PASSWORD).await;
    let user = owner(&app).await;
    let (key, wrapped) =
        anneal_vault::create_with_params("journal passphrase", KdfParams::INSECURE_FAST_FOR_TESTS)
            .expect("journal");
    app.store()
        .put_journal_key(user.id, WrappedKey(wrapped))
        .await
        .expect("store key");
    anneal_service::journal::add(app.store(), user.id, &key, "A hard week.", None, Utc::now())
        .await
        .expect("entry");

    let wrong = here
        .post("/test/unlock", &[("passphrase", "not the phrase")])
        .await;
    assert_eq!(
        wrong.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        wrong.body
    );
    let export = here.get("/account/export").await;
    assert!(!export.body.contains("A hard week."));

    let ok = here
        .post("/test/unlock", &[("passphrase", "journal passphrase")])
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    let export = here.get("/account/export").await;
    assert!(export.body.contains("A hard week."), "{}", export.body);
    assert!(
        here.get("/account")
            .await
            .body
            .contains("Your journal is unlocked")
    );

    // Another session of the same person does not see it unlocked.
    let mut elsewhere = app.browser();
    elsewhere.login(OWNER, PASSWORD).await;
    assert!(
        !elsewhere
            .get("/account/export")
            .await
            .body
            .contains("A hard week.")
    );

    // Locking forgets the key; logging out ends the session and the key with it.
    assert_eq!(here.post("/test/lock", &[]).await.status, StatusCode::OK);
    assert!(
        !here
            .get("/account/export")
            .await
            .body
            .contains("A hard week.")
    );
    here.post("/test/unlock", &[("passphrase", "journal passphrase")])
        .await;
    let token = here.get("/account").await.csrf();
    here.post("/logout", &[("_csrf", &token)]).await;
    here.login(OWNER, PASSWORD).await;
    assert!(
        !here
            .get("/account/export")
            .await
            .body
            .contains("A hard week.")
    );
}

#[tokio::test]
async fn starting_a_journal_on_the_web_keeps_it_unlocked() {
    let app = journal_app().await;
    let mut here = app.browser();
    here.setup(OWNER, PASSWORD).await;
    let none = here
        .post("/test/unlock", &[("passphrase", "journal passphrase")])
        .await;
    assert_eq!(none.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(none.body.contains("no journal yet"), "{}", none.body);
    let started = here
        .post(
            "/test/unlock",
            &[("passphrase", "journal passphrase"), ("start", "true")],
        )
        .await;
    assert_eq!(started.status, StatusCode::OK, "{}", started.body);
    assert!(
        here.get("/account")
            .await
            .body
            .contains("Your journal is unlocked")
    );
    let user = owner(&app).await;
    assert!(
        app.store()
            .journal_key(user.id)
            .await
            .expect("key")
            .is_some()
    );
}
