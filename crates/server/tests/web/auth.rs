//! Login, the rate limit, logout and the session cookie.

use crate::helpers::{OWNER, PASSWORD, TestApp};
use anneal_server::ServerConfig;
use axum::http::StatusCode;

#[tokio::test]
async fn a_wrong_password_and_an_unknown_user_get_the_same_answer() {
    let app = TestApp::new().await;
    app.browser().setup(OWNER, PASSWORD).await;
    let mut browser = app.browser();
    let wrong = browser.login(OWNER, "not the password").await;
    let unknown = browser.login("nobody", PASSWORD).await;
    for answer in [&wrong, &unknown] {
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
        assert!(
            answer
                .body
                .contains("That username and password do not match an account.")
        );
        assert!(!answer.body.to_lowercase().contains("unknown user"));
        assert!(!answer.body.to_lowercase().contains("wrong password"));
    }
    assert!(browser.session_cookie().is_none());
    browser
        .get("/account")
        .await
        .assert_redirect("/login?next=%2Faccount");
}

#[tokio::test]
async fn login_goes_back_to_the_page_asked_for_but_never_off_site() {
    let app = TestApp::new().await;
    app.browser().setup(OWNER, PASSWORD).await;
    let mut browser = app.browser();
    let token = browser.get("/login?next=%2Faccount").await.csrf();
    let answer = browser
        .post(
            "/login",
            &[
                ("_csrf", &token),
                ("username", OWNER),
                ("password", PASSWORD),
                ("next", "/account"),
            ],
        )
        .await;
    answer.assert_redirect("/account");
    assert_eq!(browser.get("/account").await.status, StatusCode::OK);

    let mut other = app.browser();
    let token = other.get("/login").await.csrf();
    other
        .post(
            "/login",
            &[
                ("_csrf", &token),
                ("username", OWNER),
                ("password", PASSWORD),
                ("next", "//evil.example/"),
            ],
        )
        .await
        .assert_redirect("/");
}

#[tokio::test]
async fn the_rate_limit_stops_guessing_even_with_the_right_password() {
    let app = TestApp::new().await;
    app.browser().setup(OWNER, PASSWORD).await;
    let mut browser = app.browser();
    for _ in 0..10 {
        let answer = browser.login(OWNER, "a wrong guess!").await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    }
    let blocked = browser.login(OWNER, PASSWORD).await;
    assert_eq!(blocked.status, StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = blocked
        .header("retry-after")
        .parse()
        .expect("Retry-After seconds");
    assert!((1..=900).contains(&retry), "{retry}");
    assert!(blocked.body.contains("Too many attempts"));
    assert!(browser.session_cookie().is_none());
}

#[tokio::test]
async fn logout_ends_the_session_for_good() {
    let app = TestApp::new().await;
    let mut owner = app.browser();
    owner.setup(OWNER, PASSWORD).await;
    let old_cookie = owner.session_cookie().cloned().expect("session");
    let token = owner.get("/account").await.csrf();
    let answer = owner.post("/logout", &[("_csrf", &token)]).await;
    answer.assert_redirect("/login");
    assert!(
        answer
            .set_cookie("anneal_session")
            .is_some_and(|c| c.contains("Max-Age=0")),
        "the cookie is removed"
    );
    assert!(
        owner
            .get("/login")
            .await
            .body
            .contains("You are logged out.")
    );

    // Replaying the old cookie gets nowhere.
    let mut replay = app.browser();
    replay.jar.insert("anneal_session".into(), old_cookie);
    replay
        .get("/account")
        .await
        .assert_redirect("/login?next=%2Faccount");
    replay.get("/").await.assert_redirect("/login");
}

#[tokio::test]
async fn session_cookies_are_httponly_and_samesite_lax_and_not_secure_over_plain_http() {
    let app = TestApp::new().await;
    let answer = app.browser().setup(OWNER, PASSWORD).await;
    let cookie = answer.set_cookie("anneal_session").expect("session cookie");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(cookie.contains("Path=/"), "{cookie}");
    assert!(!cookie.contains("Secure"), "{cookie}");
    let value = cookie
        .split(';')
        .next()
        .expect("pair")
        .trim_start_matches("anneal_session=");
    assert_eq!(value.len(), 43, "32 random bytes, base64url");

    // A client claiming HTTPS is not believed unless the proxy is trusted.
    let mut browser = app.browser();
    browser.extra.push(("x-forwarded-proto", "https".into()));
    let answer = browser.login(OWNER, PASSWORD).await;
    let cookie = answer.set_cookie("anneal_session").expect("session cookie");
    assert!(!cookie.contains("Secure"), "{cookie}");
}

#[tokio::test]
async fn cookies_are_secure_behind_a_trusted_https_proxy() {
    let app = TestApp::with_config(ServerConfig {
        trust_proxy: true,
        ..ServerConfig::default()
    })
    .await;
    let mut browser = app.browser();
    browser.extra.push(("x-forwarded-proto", "https".into()));
    let answer = browser.setup(OWNER, PASSWORD).await;
    let cookies = answer.set_cookies();
    assert!(!cookies.is_empty());
    for cookie in cookies {
        assert!(cookie.ends_with("; Secure"), "{cookie}");
        assert!(
            cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
            "{cookie}"
        );
    }
    assert!(
        answer
            .header("strict-transport-security")
            .starts_with("max-age=")
    );
    // The same app over plain HTTP (no proxy header) sends no Secure.
    let plain = app.browser().login(OWNER, PASSWORD).await;
    let cookie = plain.set_cookie("anneal_session").expect("session cookie");
    assert!(!cookie.contains("Secure"), "{cookie}");
}

/// Regression: a database that cannot be reached made every API token look invalid (401), so
/// clients threw away good tokens. It is 503 now: the token may well be fine.
#[tokio::test]
async fn an_unreachable_store_is_503_not_an_invalid_token() {
    use anneal_server::auth::token::hash_token;
    use anneal_store::{Backend, NewApiToken, NewUser, Store};
    use anneal_store_sqlite::SqliteStore;
    use std::sync::Arc;
    use tower::ServiceExt;

    let dir = tempfile::tempdir().expect("temporary directory");
    let url = format!("sqlite://{}", dir.path().join("anneal.db").display());
    let sqlite = SqliteStore::open(&url).await.expect("open store");
    let user = sqlite
        .create_user(NewUser {
            username: "ana".into(),
            password_hash: None,
        })
        .await
        .expect("user");
    let token = "anneal_a-token-that-exists-in-the-store";
    sqlite
        .create_api_token(NewApiToken {
            user: user.id,
            name: "script".into(),
            token_hash: hash_token(token),
            created_at: chrono::Utc::now(),
        })
        .await
        .expect("token");
    let store: Arc<dyn Backend> = Arc::new(sqlite.clone());
    let state = anneal_server::AppState::new(
        store,
        anneal_core::safety::default_support().clone(),
        anneal_server::ServerConfig::default(),
    )
    .expect("state");
    let app = anneal_server::router(state);
    let ask = || {
        axum::http::Request::get("/api/v1/me/history")
            .header("authorization", format!("Bearer {token}"))
            .body(axum::body::Body::empty())
            .expect("request")
    };

    let answer = app.clone().oneshot(ask()).await.expect("answer");
    assert_eq!(
        answer.status(),
        200,
        "the token works while the store is up"
    );

    sqlite.close().await;
    let answer = app.oneshot(ask()).await.expect("answer");
    assert_eq!(answer.status(), 503);
}
