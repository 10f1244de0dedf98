//! Security headers, embedded assets and the body limit.

use crate::helpers::{OWNER, PASSWORD, TestApp};
use axum::http::StatusCode;

const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; \
                   frame-ancestors 'none'";

/// Whether the HTML has an attribute like ` onclick=`.
fn has_inline_handler(html: &str) -> bool {
    html.match_indices(" on").any(|(i, _)| {
        let rest = &html[i + 3..];
        let name_len = rest.chars().take_while(char::is_ascii_lowercase).count();
        name_len > 0 && rest[name_len..].starts_with('=')
    })
}

#[track_caller]
fn assert_security_headers(answer: &crate::helpers::Answer, what: &str) {
    assert_eq!(answer.header("content-security-policy"), CSP, "{what}");
    assert_eq!(answer.header("x-content-type-options"), "nosniff", "{what}");
    assert_eq!(answer.header("referrer-policy"), "same-origin", "{what}");
    assert_eq!(answer.header("x-frame-options"), "DENY", "{what}");
    assert!(
        answer.header("permissions-policy").contains("camera=()"),
        "{what}"
    );
}

#[tokio::test]
async fn every_html_response_has_the_security_headers_and_no_inline_code() {
    let app = TestApp::new().await;
    let mut visitor = app.browser();
    let setup = visitor.get("/setup").await;
    visitor.setup(OWNER, PASSWORD).await;
    let home = visitor.get("/").await;
    let account = visitor.get("/account").await;
    let missing = visitor.get("/no/such/page").await;
    let mut stranger = app.browser();
    let login = stranger.get("/login").await;
    let forbidden = stranger.post("/login", &[("username", "x")]).await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
    for (what, answer) in [
        ("setup", &setup),
        ("home", &home),
        ("account", &account),
        ("404", &missing),
        ("login", &login),
        ("forbidden", &forbidden),
    ] {
        assert!(
            answer.header("content-type").starts_with("text/html"),
            "{what}"
        );
        assert_security_headers(answer, what);
        assert_eq!(answer.header("cache-control"), "no-store", "{what}");
        assert!(
            !answer.body.contains("<script>"),
            "{what}: no inline script"
        );
        assert!(!answer.body.contains("style="), "{what}: no inline style");
        assert!(
            !has_inline_handler(&answer.body),
            "{what}: no inline handlers"
        );
        assert!(
            !answer.body.contains("http://") && !answer.body.contains("https://"),
            "{what}: no external origin"
        );
    }
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.body.contains("Page not found"));
    assert!(
        home.body.contains("not a diagnosis"),
        "the footer says what Anneal is"
    );
}

#[tokio::test]
async fn assets_are_embedded_with_content_types_and_long_caching() {
    let app = TestApp::new().await;
    let mut visitor = app.browser();
    let page = visitor.get("/setup").await;
    let urls: Vec<String> = [
        "href=\"/assets/app.",
        "src=\"/assets/app.",
        "href=\"/assets/icon.",
    ]
    .iter()
    .map(|marker| {
        let start = page.body.find(marker).expect(marker) + marker.find('/').expect("slash");
        let end = page.body[start..].find('"').expect("quote") + start;
        page.body[start..end].to_string()
    })
    .collect();
    let expected = [
        "text/css; charset=utf-8",
        "text/javascript; charset=utf-8",
        "image/svg+xml",
    ];
    for (url, content_type) in urls.iter().zip(expected) {
        let answer = visitor.get(url).await;
        assert_eq!(answer.status, StatusCode::OK, "{url}");
        assert_eq!(answer.header("content-type"), content_type, "{url}");
        assert_eq!(
            answer.header("cache-control"),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(answer.header("x-content-type-options"), "nosniff");
        assert!(!answer.body.is_empty());
    }
    assert_eq!(
        visitor.get("/assets/app.css").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        visitor.get("/assets/app.0000000000.css").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_body_over_64_kib_is_refused_with_413() {
    let app = TestApp::new().await;
    app.browser().setup(OWNER, PASSWORD).await;
    let mut visitor = app.browser();
    let token = visitor.get("/login").await.csrf();
    let big = format!(
        "_csrf={token}&username=ana&password={}",
        "x".repeat(70 * 1024)
    );
    let answer = visitor.post_raw("/login", big, &[]).await;
    assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(visitor.session_cookie().is_none());

    let json = format!(
        r#"{{"username":"bob","password":"{}"}}"#,
        "y".repeat(70 * 1024)
    );
    let api = app
        .send(
            axum::http::Request::builder()
                .method("POST")
                .uri("/api/v1/setup")
                .header("host", "localhost")
                .header("content-type", "application/json")
                .body(axum::body::Body::from(json))
                .expect("request"),
        )
        .await;
    assert_eq!(api.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(api.header("content-type"), "application/problem+json");
}
