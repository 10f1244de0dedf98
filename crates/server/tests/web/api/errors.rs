//! Every error is problem+json that says what was wrong and where, and bad input changes nothing.

use super::{Call, counts, middle, owner_token};
use crate::helpers::TestApp;
use axum::http::Method;
use chrono::{Duration, Utc};
use serde_json::json;

#[tokio::test]
async fn malformed_json_says_the_line_and_column() {
    let app = TestApp::new().await;
    let token = owner_token(&app).await;
    let before = counts(&app).await;
    let answer = Call::post("/api/v1/checkins")
        .token(&token)
        .raw("application/json", "{\n  \"answers\": {\"energy\": 3,}\n}")
        .send(&app)
        .await;
    let problem = answer.problem(400);
    let detail = problem["detail"].as_str().expect("detail");
    assert!(detail.contains("line 2, column"), "{detail}");
    assert_eq!(counts(&app).await, before);
}

#[tokio::test]
async fn a_body_that_is_not_json_is_415_and_one_over_64_kib_is_413() {
    let app = TestApp::new().await;
    let token = owner_token(&app).await;
    let before = counts(&app).await;
    Call::post("/api/v1/checkins")
        .token(&token)
        .raw("application/x-www-form-urlencoded", "answers=1")
        .send(&app)
        .await
        .problem(415);
    Call::post("/api/v1/checkins")
        .token(&token)
        .raw("", "{}")
        .send(&app)
        .await
        .problem(415);
    let huge = json!({"answers": middle("pulse"), "note": "x".repeat(70 * 1024)});
    Call::post("/api/v1/checkins")
        .token(&token)
        .json(huge)
        .send(&app)
        .await
        .problem(413);
    assert_eq!(counts(&app).await, before);
}

#[tokio::test]
async fn every_wrong_answer_is_a_field_error_and_nothing_is_stored() {
    let app = TestApp::new().await;
    let token = owner_token(&app).await;
    let pulse = super::instrument("pulse");
    let mut answers = middle("pulse");
    let object = answers.as_object_mut().expect("object");
    let missing = pulse.items[0].id.clone();
    let off_scale = pulse.items[1].id.clone();
    let wrong_type = pulse.items[2].id.clone();
    object.remove(&missing);
    object.insert(off_scale.clone(), json!(42));
    object.insert(wrong_type.clone(), json!("often"));
    object.insert("mood_swings".into(), json!(3));
    let answer = Call::post("/api/v1/checkins")
        .token(&token)
        .json(json!({"answers": answers, "at": (Utc::now() + Duration::days(3)).to_rfc3339()}))
        .send(&app)
        .await;
    answer.problem(422);
    let mut fields = answer.fields();
    fields.sort();
    let mut expected = vec![
        format!("answers.{missing}"),
        format!("answers.{off_scale}"),
        format!("answers.{wrong_type}"),
        "answers.mood_swings".to_string(),
        "at".to_string(),
    ];
    expected.sort();
    assert_eq!(fields, expected, "{}", answer.body);
    assert!(answer.body.contains("future"), "{}", answer.body);
    assert_eq!(counts(&app).await.responses, 0);
}

#[tokio::test]
async fn wrong_fields_are_named() {
    let app = TestApp::new().await;
    let token = owner_token(&app).await;
    let typo = Call::post("/api/v1/checkins")
        .token(&token)
        .json(json!({"answers": middle("pulse"), "stuk": true}))
        .send(&app)
        .await;
    typo.problem(422);
    assert_eq!(typo.fields(), ["stuk"]);
    let missing = Call::post("/api/v1/checkins")
        .token(&token)
        .json(json!({"stuck": true}))
        .send(&app)
        .await;
    missing.problem(422);
    assert_eq!(missing.fields(), ["answers"]);
    let mistyped = Call::post("/api/v1/checkins")
        .token(&token)
        .json(json!({"answers": middle("pulse"), "stuck": "yes"}))
        .send(&app)
        .await;
    mistyped.problem(422);
    assert_eq!(mistyped.fields(), ["stuck"]);
    let pulse_as_assessment = Call::post("/api/v1/assessments")
        .token(&token)
        .json(json!({"instrument": "pulse", "answers": middle("pulse")}))
        .send(&app)
        .await;
    pulse_as_assessment.problem(422);
    assert_eq!(pulse_as_assessment.fields(), ["instrument"]);
    assert_eq!(counts(&app).await.responses, 0);
}

#[tokio::test]
async fn a_missing_or_unknown_token_is_401_with_a_bearer_challenge() {
    let app = TestApp::new().await;
    owner_token(&app).await;
    for call in [
        Call::get("/api/v1/me/status"),
        Call::get("/api/v1/me/status").token("anneal_not-a-real-token"),
        Call::get("/api/v1/me/status").header("authorization", "Basic YW5hOnB3"),
    ] {
        let answer = call.send(&app).await;
        answer.problem(401);
        assert_eq!(answer.header("www-authenticate"), "Bearer realm=\"anneal\"");
    }
}

#[tokio::test]
async fn unknown_endpoints_methods_and_ids_are_problems_too() {
    let app = TestApp::new().await;
    let token = owner_token(&app).await;
    Call::get("/api/v1/nothing-here")
        .token(&token)
        .send(&app)
        .await
        .problem(404);
    let answer = Call::new(Method::PUT, "/api/v1/me/plan")
        .token(&token)
        .send(&app)
        .await;
    answer.problem(405);
    assert!(
        answer.header("allow").contains("GET"),
        "{:?}",
        answer.headers
    );
    Call::get("/api/v1/instruments/%FF")
        .token(&token)
        .send(&app)
        .await
        .problem(404);
    Call::post("/api/v1/me/plan/abc/done")
        .token(&token)
        .send(&app)
        .await
        .problem(404);
    Call::get("/api/v1/me/history?weeks=many")
        .token(&token)
        .send(&app)
        .await
        .problem(400);
    let out_of_range = Call::get("/api/v1/me/history?weeks=0")
        .token(&token)
        .send(&app)
        .await;
    out_of_range.problem(422);
    assert_eq!(out_of_range.fields(), ["weeks"]);
}

#[tokio::test]
async fn a_write_from_another_site_is_refused_before_it_changes_anything() {
    let app = TestApp::new().await;
    let token = owner_token(&app).await;
    let before = counts(&app).await;
    Call::post("/api/v1/checkins")
        .token(&token)
        .header("origin", "http://evil.example")
        .json(json!({"answers": middle("pulse")}))
        .send(&app)
        .await
        .problem(403);
    assert_eq!(counts(&app).await, before);
}
