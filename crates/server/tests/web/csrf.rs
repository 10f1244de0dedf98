//! Every form needs its CSRF token, and cross-site requests are refused.

use crate::helpers::{OWNER, PASSWORD, TestApp};
use axum::http::StatusCode;

async fn token_count(app: &TestApp) -> usize {
    let user = app
        .store()
        .user_by_name(OWNER)
        .await
        .expect("lookup")
        .expect("owner");
    app.store().api_tokens(user.id).await.expect("tokens").len()
}

#[tokio::test]
async fn a_logged_in_form_without_or_with_a_wrong_token_is_refused_and_changes_nothing() {
    let app = TestApp::new().await;
    let mut owner = app.browser();
    owner.setup(OWNER, PASSWORD).await;

    let missing = owner.post("/account/tokens", &[("name", "script")]).await;
    assert_eq!(missing.status, StatusCode::FORBIDDEN);
    assert!(missing.body.contains("Nothing was changed"));

    let wrong = owner
        .post(
            "/account/tokens",
            &[("_csrf", "x".repeat(43).as_str()), ("name", "script")],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);

    // The pre-login token is not the session's token.
    let pre_login = owner
        .jar
        .get("anneal_csrf")
        .cloned()
        .expect("double-submit cookie");
    let swapped = owner
        .post(
            "/account/tokens",
            &[("_csrf", &pre_login), ("name", "script")],
        )
        .await;
    assert_eq!(swapped.status, StatusCode::FORBIDDEN);

    let delete = owner
        .post("/account/delete", &[("confirm_username", OWNER)])
        .await;
    assert_eq!(delete.status, StatusCode::FORBIDDEN);
    let logout = owner.post("/logout", &[]).await;
    assert_eq!(logout.status, StatusCode::FORBIDDEN);

    assert_eq!(token_count(&app).await, 0);
    assert_eq!(app.store().count_users().await.expect("count"), 1);
    assert_eq!(
        owner.get("/account").await.status,
        StatusCode::OK,
        "still logged in"
    );

    // With the page's token the same form works.
    let ok = owner
        .submit("/account", "/account/tokens", &[("name", "script")])
        .await;
    assert_eq!(ok.status, StatusCode::OK);
    assert_eq!(token_count(&app).await, 1);
}

#[tokio::test]
async fn pre_login_forms_need_the_double_submit_cookie_and_field() {
    let app = TestApp::new().await;
    let mut visitor = app.browser();
    // No cookie at all.
    let answer = visitor
        .post(
            "/setup",
            &[
                ("_csrf", "x".repeat(43).as_str()),
                ("username", OWNER),
                ("password", PASSWORD),
                ("confirm", PASSWORD),
            ],
        )
        .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    // A cookie, but the field does not match it.
    visitor.get("/setup").await;
    let answer = visitor
        .post(
            "/setup",
            &[
                ("_csrf", "y".repeat(43).as_str()),
                ("username", OWNER),
                ("password", PASSWORD),
                ("confirm", PASSWORD),
            ],
        )
        .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    assert_eq!(app.store().count_users().await.expect("count"), 0);
}

#[tokio::test]
async fn a_cross_site_origin_is_refused_even_with_a_valid_token() {
    let app = TestApp::new().await;
    let mut owner = app.browser();
    owner.setup(OWNER, PASSWORD).await;
    let token = owner.get("/account").await.csrf();
    let body = format!("_csrf={token}&name=evil");
    let evil = owner
        .post_raw(
            "/account/tokens",
            body.clone(),
            &[("origin", "https://evil.example")],
        )
        .await;
    assert_eq!(evil.status, StatusCode::FORBIDDEN);
    let fetch_meta = owner
        .post_raw(
            "/account/tokens",
            body.clone(),
            &[("sec-fetch-site", "cross-site")],
        )
        .await;
    assert_eq!(fetch_meta.status, StatusCode::FORBIDDEN);
    let null_origin = owner
        .post_raw("/account/tokens", body, &[("origin", "null")])
        .await;
    assert_eq!(null_origin.status, StatusCode::FORBIDDEN);
    assert_eq!(token_count(&app).await, 0);

    // The JSON API is covered too.
    let api = app
        .send(
            axum::http::Request::builder()
                .method("POST")
                .uri("/api/v1/setup")
                .header("host", "localhost")
                .header("origin", "https://evil.example")
                .header("content-type", "application/json")
                .body(axum::body::Body::from(
                    r#"{"username":"x","password":"long enough pw"}"#,
                ))
                .expect("request"),
        )
        .await;
    assert_eq!(api.status, StatusCode::FORBIDDEN);
    assert_eq!(api.header("content-type"), "application/problem+json");
}

#[tokio::test]
async fn a_form_posted_after_the_session_ended_changes_nothing_and_asks_to_log_in() {
    let app = TestApp::new().await;
    let mut owner = app.browser();
    owner.setup(OWNER, PASSWORD).await;
    let token = owner.get("/account").await.csrf();
    let user = app
        .store()
        .user_by_name(OWNER)
        .await
        .expect("lookup")
        .expect("owner");
    app.store()
        .delete_sessions_of(user.id)
        .await
        .expect("end sessions");
    let answer = owner
        .post("/account/tokens", &[("_csrf", &token), ("name", "late")])
        .await;
    answer.assert_redirect("/login");
    assert_eq!(token_count(&app).await, 0);
    assert!(
        owner
            .get("/login")
            .await
            .body
            .contains("Your session has ended")
    );
}
