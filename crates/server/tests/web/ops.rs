//! /healthz, /readyz and /metrics.

use crate::helpers::{OWNER, PASSWORD, TestApp};
use axum::http::StatusCode;

#[tokio::test]
async fn health_and_readiness() {
    let app = TestApp::new().await;
    let mut probe = app.browser();
    let health = probe.get("/healthz").await;
    assert_eq!(
        (health.status, health.body.as_str()),
        (StatusCode::OK, "ok")
    );
    let ready = probe.get("/readyz").await;
    assert_eq!(ready.status, StatusCode::OK);
    let json: serde_json::Value = serde_json::from_str(&ready.body).expect("json");
    assert_eq!(
        json,
        serde_json::json!({"status": "ready", "store": "sqlite"})
    );
}

#[tokio::test]
async fn metrics_count_requests_by_route_template_without_ids_or_paths() {
    let app = TestApp::new().await;
    let mut owner = app.browser();
    owner.setup(OWNER, PASSWORD).await;
    let token = owner.get("/account").await.csrf();
    owner
        .post("/account/tokens/98765/revoke", &[("_csrf", &token)])
        .await
        .assert_redirect("/account");
    owner.get("/private-name-ana-smith").await;
    app.state.metrics.record_checkin_stored();

    let metrics = owner.get("/metrics").await;
    assert_eq!(metrics.status, StatusCode::OK);
    assert!(
        metrics
            .header("content-type")
            .starts_with("text/plain; version=0.0.4")
    );
    let text = metrics.body;
    assert!(
        text.contains(
            "anneal_http_requests_total{route=\"/account/tokens/{id}/revoke\",method=\"POST\",status=\"303\"} 1"
        ),
        "{text}"
    );
    assert!(text.contains(
        "anneal_http_requests_total{route=\"/account\",method=\"GET\",status=\"200\"} 1"
    ));
    assert!(text.contains("route=\"unmatched\",method=\"GET\",status=\"404\"} 1"));
    assert!(
        text.contains("anneal_http_request_duration_seconds_bucket{route=\"/setup\",le=\"+Inf\"}")
    );
    assert!(text.contains("anneal_checkins_stored_total 1"));
    assert!(!text.contains("98765"), "no ids in labels");
    assert!(!text.contains("ana-smith"), "no paths in labels");
    assert!(!text.contains("ana"), "no usernames anywhere");
}
