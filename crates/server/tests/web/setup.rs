//! Owner setup: offered only while no account exists, on the page and in the API.

use crate::helpers::{OWNER, PASSWORD, TestApp};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};

fn json_setup(body: &str) -> Request<Body> {
    Request::builder()
        .method("POST")
        .uri("/api/v1/setup")
        .header(header::HOST, "localhost")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .expect("request")
}

#[tokio::test]
async fn an_empty_store_sends_the_first_visit_to_setup() {
    let app = TestApp::new().await;
    let mut browser = app.browser();
    browser.get("/").await.assert_redirect("/setup");
    let page = browser.get("/setup").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Create my account"));
    let cookie = page
        .set_cookie("anneal_csrf")
        .expect("the double-submit cookie");
    assert!(cookie.contains(&page.csrf()), "the form echoes the cookie");
    browser.get("/login").await.assert_redirect("/setup");
}

#[tokio::test]
async fn setup_creates_the_owner_logs_them_in_and_then_closes() {
    let app = TestApp::new().await;
    let mut owner = app.browser();
    owner.setup(OWNER, PASSWORD).await;
    assert!(owner.session_cookie().is_some());
    let home = owner.get("/").await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.body.contains("Logged in as <strong>ana</strong>"));
    assert!(
        home.body.contains("Your account is ready"),
        "the flash is shown"
    );
    let again = owner.get("/").await;
    assert!(
        !again.body.contains("Your account is ready"),
        "and shown once"
    );

    // Setup is closed now, on the page and for a second visitor posting anyway.
    let mut other = app.browser();
    other.get("/setup").await.assert_redirect("/login");
    let token = other.get("/login").await.csrf();
    let late = other
        .post(
            "/setup",
            &[
                ("_csrf", &token),
                ("username", "mallory"),
                ("password", "another long password"),
                ("confirm", "another long password"),
            ],
        )
        .await;
    late.assert_redirect("/login");
    assert!(other.session_cookie().is_none());
    assert_eq!(app.store().count_users().await.expect("count"), 1);
    assert!(
        app.store()
            .user_by_name("mallory")
            .await
            .expect("lookup")
            .is_none()
    );
}

#[tokio::test]
async fn setup_form_problems_are_shown_next_to_the_fields() {
    let app = TestApp::new().await;
    let mut browser = app.browser();
    let answer = browser
        .submit(
            "/setup",
            "/setup",
            &[
                ("username", "a b"),
                ("password", "short"),
                ("confirm", "short"),
            ],
        )
        .await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        answer
            .body
            .contains("only letters, digits and . _ - @ are allowed")
    );
    assert!(answer.body.contains("at least 10"));
    assert!(answer.body.contains("aria-invalid=\"true\""));
    let mismatch = browser
        .submit(
            "/setup",
            "/setup",
            &[
                ("username", "ana"),
                ("password", PASSWORD),
                ("confirm", "something else"),
            ],
        )
        .await;
    assert_eq!(mismatch.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(mismatch.body.contains("not the same"));
    assert_eq!(app.store().count_users().await.expect("count"), 0);
}

#[tokio::test]
async fn api_setup_creates_the_owner_once() {
    let app = TestApp::new().await;
    let created = app
        .send(json_setup(
            r#"{"username":"ana","password":"correct horse battery"}"#,
        ))
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let json: serde_json::Value = serde_json::from_str(&created.body).expect("json");
    assert_eq!(json["username"], "ana");
    assert!(json["id"].is_i64());

    let second = app
        .send(json_setup(
            r#"{"username":"bob","password":"correct horse battery"}"#,
        ))
        .await;
    assert_eq!(second.status, StatusCode::CONFLICT);
    assert_eq!(second.header("content-type"), "application/problem+json");
    let problem: serde_json::Value = serde_json::from_str(&second.body).expect("json");
    assert_eq!(problem["status"], 409);
    assert!(
        problem["detail"]
            .as_str()
            .expect("detail")
            .contains("already has an account")
    );
    assert_eq!(app.store().count_users().await.expect("count"), 1);

    // The owner can log in with what the API set.
    app.browser()
        .login("ana", PASSWORD)
        .await
        .assert_redirect("/");
}

#[tokio::test]
async fn api_setup_reports_bad_input_per_field() {
    let app = TestApp::new().await;
    let bad = app
        .send(json_setup(r#"{"username":"","password":"short"}"#))
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let problem: serde_json::Value = serde_json::from_str(&bad.body).expect("json");
    let fields: Vec<&str> = problem["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["field"].as_str())
        .collect();
    assert_eq!(fields, ["username", "password"]);

    let malformed = app.send(json_setup("{not json")).await;
    assert_eq!(malformed.status, StatusCode::BAD_REQUEST);
    assert_eq!(malformed.header("content-type"), "application/problem+json");
    assert_eq!(app.store().count_users().await.expect("count"), 0);
}
