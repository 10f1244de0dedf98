//! The care promises over the API: a weekly check-in can raise the safety notice on its own, a
//! backdated full check raises it in its own result, and reasons and readings speak the person's
//! terms.

use super::{Call, middle, owner_token};
use crate::helpers::TestApp;
use chrono::{Duration, Utc};
use serde_json::{Value, json};

fn with(mut answers: Value, item: &str, value: i64) -> Value {
    answers[item] = json!(value);
    answers
}

#[tokio::test]
async fn a_pulse_down_most_days_raises_the_notice_over_the_api_and_in_status() {
    let app = TestApp::new().await;
    let token = owner_token(&app).await;
    let answers = with(middle("pulse"), "mood", 4);
    let result = Call::post("/api/v1/checkins")
        .token(&token)
        .json(json!({ "answers": answers }))
        .send(&app)
        .await
        .expect(201)
        .json();
    assert_eq!(result["safety"]["level"], "high", "{result}");
    assert_eq!(result["recommendations"][0]["kind"], "professional_help");
    // The zone itself is data ("thriving" is a value of the enum); the words must not say it.
    let reading = format!(
        "{} {}",
        result["reading"]["title"], result["reading"]["text"]
    )
    .to_lowercase();
    assert!(
        !reading.contains("thriv") && !reading.contains("healthy middle"),
        "{reading}"
    );
    let status = Call::get("/api/v1/me/status")
        .token(&token)
        .send(&app)
        .await
        .expect(200)
        .json();
    assert_eq!(status["safety"]["level"], "high", "{status}");
}

#[tokio::test]
async fn a_full_check_backdated_44_days_with_mood_at_its_worst_raises_it_in_its_result() {
    let app = TestApp::new().await;
    let token = owner_token(&app).await;
    Call::post("/api/v1/checkins")
        .token(&token)
        .json(json!({ "answers": with(middle("pulse"), "mood", 1) }))
        .send(&app)
        .await
        .expect(201);
    let mut calm = middle("spectrum");
    for (id, value) in calm.as_object_mut().expect("an object") {
        *value = json!(if id.starts_with("mood") { 1 } else { 2 });
    }
    let answers = with(calm, "mood_hopeless", 5);
    let at = (Utc::now() - Duration::days(44)).to_rfc3339();
    let result = Call::post("/api/v1/assessments")
        .token(&token)
        .json(json!({ "answers": answers, "at": at }))
        .send(&app)
        .await
        .expect(201)
        .json();
    assert_eq!(result["safety"]["level"], "high", "{result}");
    assert_eq!(result["recommendations"][0]["kind"], "professional_help");
    for r in result["recommendations"].as_array().expect("a list") {
        let reason = r["reason"].as_str().expect("a reason");
        assert!(!reason.contains("mood score"), "{reason}");
        assert!(!r["summary"].as_str().expect("a summary").is_empty());
    }
}
