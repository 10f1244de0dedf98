//! /healthz, /readyz and /metrics: the first two open to anyone, the metrics for admins only and
//! without anything that tells what anyone did, or when.

use crate::api::{Call, PASSPHRASE, highest, middle, owner_token};
use crate::helpers::{Answer, OWNER, PASSWORD, TestApp};
use crate::org_support::{account, logged_in};
use crate::pages_support::{record_pulse, strained_pulse};
use axum::http::StatusCode;
use serde_json::json;
use std::collections::BTreeMap;

#[tokio::test]
async fn health_and_readiness_need_no_login() {
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

/// Asserts an answer refuses the metrics: a problem with this status and no series in it.
#[track_caller]
fn assert_refused(answer: &Answer, status: u16) {
    answer.problem(status);
    for name in ["anneal_http_requests_total", "anneal_uptime", "# TYPE"] {
        assert!(
            !answer.body.contains(name),
            "{name} leaked: {}",
            answer.body
        );
    }
}

/// The metrics as a series → value map, checking the text format on the way: every line is a
/// `# HELP`, a `# TYPE` (counter or gauge) or `name{labels} value`, every sample's name was typed
/// before it, and no series appears twice.
#[track_caller]
fn parse(text: &str) -> BTreeMap<String, f64> {
    assert!(text.ends_with('\n'), "the format ends with a newline");
    let mut typed = Vec::new();
    let mut series = BTreeMap::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("# TYPE ") {
            let (name, kind) = rest.split_once(' ').expect("# TYPE name type");
            assert!(["counter", "gauge"].contains(&kind), "{line}");
            typed.push(name.to_string());
        } else if line.starts_with("# HELP ") {
            continue;
        } else {
            let (key, value) = line.rsplit_once(' ').expect("series and value");
            let name = key.split('{').next().expect("a name");
            assert!(
                name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
                "{line}"
            );
            assert!(typed.iter().any(|t| t == name), "{name} has no # TYPE");
            if let Some(labels) = key.strip_prefix(name) {
                assert!(
                    labels.is_empty() || (labels.starts_with('{') && labels.ends_with('}')),
                    "{line}"
                );
            }
            let value: f64 = value.parse().unwrap_or_else(|_| panic!("{line}"));
            assert!(
                series.insert(key.to_string(), value).is_none(),
                "{key} twice"
            );
        }
    }
    series
}

/// The metrics as the owner (an admin) reads them with an API token.
async fn scrape(app: &TestApp, token: &str) -> String {
    let answer = Call::get("/metrics").token(token).send(app).await;
    answer.expect(200);
    assert!(
        answer
            .header("content-type")
            .starts_with("text/plain; version=0.0.4"),
        "{}",
        answer.header("content-type")
    );
    answer.body.clone()
}

#[tokio::test]
async fn metrics_are_refused_without_a_login_or_with_a_bad_token() {
    let app = TestApp::new().await;
    let _ = owner_token(&app).await;
    let nobody = Call::get("/metrics").send(&app).await;
    assert_refused(&nobody, 401);
    assert!(nobody.header("www-authenticate").starts_with("Bearer"));
    let bad = Call::get("/metrics")
        .token("anneal_not-a-token")
        .send(&app)
        .await;
    assert_refused(&bad, 401);
    let mut stranger = app.browser();
    assert_refused(&stranger.get("/metrics").await, 401);
}

#[tokio::test]
async fn metrics_are_refused_to_a_non_admin_by_token_and_by_session() {
    let app = TestApp::new().await;
    let _ = owner_token(&app).await;
    account(&app, "bo").await;
    let mut bo = logged_in(&app, "bo").await;
    let by_session = bo.get("/metrics").await;
    assert_refused(&by_session, 403);
    assert!(
        by_session
            .body
            .contains("only an admin can read the metrics"),
        "{}",
        by_session.body
    );
    let token = Call::post("/api/v1/auth/token")
        .json(json!({"username": "bo", "password": PASSWORD}))
        .send(&app)
        .await;
    let token = token.expect(201).json()["token"]
        .as_str()
        .expect("a token")
        .to_string();
    assert_refused(&Call::get("/metrics").token(&token).send(&app).await, 403);
}

#[tokio::test]
async fn an_admin_reads_the_metrics_by_token_or_by_session() {
    let app = TestApp::new().await;
    let mut owner = app.browser();
    owner.setup(OWNER, PASSWORD).await;
    let by_session = owner.get("/metrics").await;
    assert_eq!(by_session.status, StatusCode::OK, "{}", by_session.body);
    let series = parse(&by_session.body);
    assert!(series["anneal_http_requests_total{class=\"success\"}"] >= 1.0);

    let token = crate::api::new_token(&app).await;
    let series = parse(&scrape(&app, &token).await);
    for key in [
        "anneal_http_requests_total{class=\"success\"}",
        "anneal_http_requests_total{class=\"client_error\"}",
        "anneal_http_requests_total{class=\"server_error\"}",
        "anneal_process_start_time_seconds",
        "anneal_uptime_seconds",
    ] {
        assert!(series.contains_key(key), "{key} missing from {series:?}");
    }
    assert!(series["anneal_process_start_time_seconds"] > 1.6e9);
}

#[tokio::test]
async fn the_metrics_name_no_route_and_no_personal_action() {
    let app = TestApp::new().await;
    let mut ana = app.browser();
    ana.setup(OWNER, PASSWORD).await;
    record_pulse(&mut ana, &strained_pulse()).await;
    ana.get("/private-name-ana-smith").await;
    let token = crate::api::new_token(&app).await;
    Call::post("/api/v1/checkins")
        .token(&token)
        .json(json!({"answers": middle("pulse")}))
        .send(&app)
        .await
        .expect(201);
    Call::post("/api/v1/assessments")
        .token(&token)
        .json(json!({"answers": highest("spectrum")}))
        .send(&app)
        .await
        .expect(201);
    Call::post("/api/v1/me/journal")
        .token(&token)
        .passphrase(PASSPHRASE)
        .json(json!({"text": "a heavy week"}))
        .send(&app)
        .await
        .expect(201);
    let unit = Call::post("/api/v1/units")
        .token(&token)
        .json(json!({"name": "Team A"}))
        .send(&app)
        .await;
    let unit = unit.expect(201).json()["id"].as_i64().expect("id");
    let invite = Call::post(format!("/api/v1/units/{unit}/invites"))
        .token(&token)
        .send(&app)
        .await;
    let invite = invite.expect(201).json()["token"]
        .as_str()
        .expect("token")
        .to_string();
    Call::post(format!("/api/v1/invites/{invite}/accept"))
        .token(&token)
        .send(&app)
        .await
        .expect(200);
    Call::put(format!("/api/v1/me/sharing/{unit}"))
        .token(&token)
        .json(json!({"share": true}))
        .send(&app)
        .await
        .expect(200);
    Call::post("/api/v1/auth/token")
        .json(json!({"username": OWNER, "password": "wrong"}))
        .send(&app)
        .await
        .expect(401);

    let text = scrape(&app, &token).await;
    parse(&text);
    assert!(!text.contains('/'), "no path or route template: {text}");
    let lower = text.to_lowercase();
    for word in [
        "checkin", "check-in", "sharing", "share", "pulse", "assess", "spectrum", "journal",
        "invite", "unit", "login", "token", "route", "method", "status=", "ana", "smith",
    ] {
        assert!(!lower.contains(word), "{word} in the metrics: {text}");
    }
}

#[tokio::test]
async fn a_checkin_moves_only_the_request_totals_exactly_as_any_other_request() {
    let app = TestApp::new().await;
    let token = owner_token(&app).await;
    let before = parse(&scrape(&app, &token).await);
    Call::post("/api/v1/checkins")
        .token(&token)
        .json(json!({"answers": middle("pulse"), "stuck": true}))
        .send(&app)
        .await
        .expect(201);
    let after_checkin = parse(&scrape(&app, &token).await);
    Call::get("/api/v1/instruments")
        .token(&token)
        .send(&app)
        .await
        .expect(200);
    let after_read = parse(&scrape(&app, &token).await);

    let keys = |m: &BTreeMap<String, f64>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&before), keys(&after_checkin), "no series appears");
    assert_eq!(keys(&before), keys(&after_read));
    let success = "anneal_http_requests_total{class=\"success\"}";
    for key in before.keys() {
        if key == "anneal_uptime_seconds" {
            continue;
        }
        let by_checkin = after_checkin[key] - before[key];
        let by_read = after_read[key] - after_checkin[key];
        if key == success {
            // The scrape before and the request itself.
            assert_eq!(by_checkin, 2.0, "{key}");
        } else {
            assert_eq!(by_checkin, 0.0, "the check-in moved {key}");
        }
        assert_eq!(
            by_checkin, by_read,
            "{key}: a check-in and a read must look alike"
        );
    }
}
