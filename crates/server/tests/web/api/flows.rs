//! What a script does with the API, end to end.

use super::{Call, PASSPHRASE, answers, counts, highest, middle, new_token, owner_token};
use crate::helpers::{OWNER, PASSWORD, TestApp};
use chrono::{Duration, Utc};
use serde_json::json;

#[tokio::test]
async fn a_token_is_issued_used_and_revoked() {
    let app = TestApp::new().await;
    let token = owner_token(&app).await;
    assert!(token.starts_with("anneal_"));
    Call::get("/api/v1/instruments")
        .token(&token)
        .send(&app)
        .await
        .expect(200);
    let user = app
        .store()
        .user_by_name(OWNER)
        .await
        .expect("store")
        .expect("owner");
    let stored = app.store().api_tokens(user.id).await.expect("tokens");
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].name, "API token");

    let named = Call::post("/api/v1/auth/token")
        .json(json!({"username": OWNER, "password": PASSWORD, "name": "laptop script"}))
        .send(&app)
        .await;
    let second = named.expect(201).json()["token"]
        .as_str()
        .expect("token")
        .to_string();
    Call::delete("/api/v1/auth/token")
        .token(&token)
        .send(&app)
        .await
        .expect(204);
    let refused = Call::get("/api/v1/instruments")
        .token(&token)
        .send(&app)
        .await;
    refused.problem(401);
    assert!(refused.header("www-authenticate").starts_with("Bearer"));
    Call::get("/api/v1/instruments")
        .token(&second)
        .send(&app)
        .await
        .expect(200);
}

#[tokio::test]
async fn a_wrong_password_is_401_and_repeated_failures_are_429_with_retry_after() {
    let app = TestApp::new().await;
    owner_token(&app).await;
    let wrong = Call::post("/api/v1/auth/token")
        .json(json!({"username": OWNER, "password": "not the password"}));
    let first = wrong.send(&app).await;
    first.problem(401);
    assert!(first.header("www-authenticate").starts_with("Bearer"));
    for _ in 1..anneal_server::auth::limiter::MAX_FAILURES {
        wrong.send(&app).await.problem(401);
    }
    let limited = wrong.send(&app).await;
    limited.problem(429);
    let seconds: u64 = limited.header("retry-after").parse().expect("seconds");
    assert!(seconds > 0);
    let right = Call::post("/api/v1/auth/token")
        .json(json!({"username": OWNER, "password": PASSWORD}))
        .send(&app)
        .await;
    right.problem(429);
}

#[tokio::test]
async fn an_assessment_answers_with_the_cli_result_shape_and_leads_with_safety() {
    let app = TestApp::new().await;
    let token = owner_token(&app).await;
    let answer = Call::post("/api/v1/assessments")
        .token(&token)
        .json(json!({"answers": highest("spectrum")}))
        .send(&app)
        .await;
    let result = answer.expect(201).json();
    assert_eq!(result["instrument"], "spectrum");
    let keys: Vec<&str> = result
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    for key in [
        "id",
        "instrument",
        "taken_at",
        "zone",
        "burnout",
        "rustout",
        "balance",
        "dimensions",
        "safety",
        "recommendations",
        "stuck",
        "screening_note",
    ] {
        assert!(keys.contains(&key), "{key} missing from {keys:?}");
    }
    assert_eq!(result["safety"]["level"], "high", "{result}");
    assert_eq!(result["burnout"]["band"], "high");
    assert_eq!(counts(&app).await.responses, 1);
}

#[tokio::test]
async fn a_checkin_is_stored_and_can_be_backdated() {
    let app = TestApp::new().await;
    let token = owner_token(&app).await;
    let at = (Utc::now() - Duration::days(9)).to_rfc3339();
    let answer = Call::post("/api/v1/checkins")
        .token(&token)
        .json(json!({"answers": middle("pulse"), "stuck": true, "note": "slow week", "at": at}))
        .send(&app)
        .await;
    let result = answer.expect(201).json();
    assert_eq!(result["instrument"], "pulse");
    assert_eq!(result["stuck"], true);
    let taken = chrono::DateTime::parse_from_rfc3339(result["taken_at"].as_str().expect("time"))
        .expect("RFC 3339");
    assert!(Utc::now() - taken.with_timezone(&Utc) > Duration::days(8));
    let user = app
        .store()
        .user_by_name(OWNER)
        .await
        .expect("store")
        .expect("owner");
    let stored = app
        .store()
        .responses(user.id, Default::default())
        .await
        .expect("responses");
    assert_eq!(stored[0].note.as_deref(), Some("slow week"));
    assert!(stored[0].stuck);
}

#[tokio::test]
async fn status_is_404_before_answers_then_the_picture_with_trends() {
    let app = TestApp::new().await;
    let token = owner_token(&app).await;
    let before = Call::get("/api/v1/me/status")
        .token(&token)
        .send(&app)
        .await;
    assert!(
        before.problem(404)["detail"]
            .as_str()
            .expect("detail")
            .contains("no answers yet")
    );
    for weeks_ago in (0..5).rev() {
        let at = (Utc::now() - Duration::weeks(weeks_ago)).to_rfc3339();
        let level = 4 - weeks_ago as usize;
        Call::post("/api/v1/checkins")
            .token(&token)
            .json(json!({"answers": answers("pulse", |v| v[level.min(v.len() - 1)]), "at": at}))
            .send(&app)
            .await
            .expect(201);
    }
    let status = Call::get("/api/v1/me/status")
        .token(&token)
        .send(&app)
        .await;
    let status = status.expect(200).json();
    assert_eq!(status["responses"], 5);
    assert!(status["burnout"]["trend"].is_string(), "{status}");
    assert!(status["next_actions"].is_array());

    let history = Call::get("/api/v1/me/history")
        .token(&token)
        .send(&app)
        .await;
    assert_eq!(
        history.expect(200).json()["points"]
            .as_array()
            .map(Vec::len),
        Some(5)
    );
    let recent = Call::get("/api/v1/me/history?weeks=2")
        .token(&token)
        .send(&app)
        .await;
    let recent = recent.expect(200).json();
    let n = recent["points"].as_array().map(Vec::len).expect("points");
    assert!((2..=3).contains(&n), "{recent}");
}

#[tokio::test]
async fn a_plan_is_built_from_recommendations_and_worked() {
    let app = TestApp::new().await;
    let token = owner_token(&app).await;
    let result = Call::post("/api/v1/assessments")
        .token(&token)
        .json(json!({"instrument": "spectrum", "answers": highest("spectrum")}))
        .send(&app)
        .await;
    let result = result.expect(201).json();
    let recommendation = &result["recommendations"][0];
    let action = recommendation["actions"][0]["id"]
        .as_str()
        .expect("an action");
    let adopted = Call::post("/api/v1/me/plan")
        .token(&token)
        .json(json!({"action": action, "cadence": "weekly"}))
        .send(&app)
        .await;
    let adopted = adopted.expect(201).json();
    assert_eq!(adopted["kind"], "action");
    assert_eq!(adopted["cadence"], "weekly");
    let again = Call::post("/api/v1/me/plan")
        .token(&token)
        .json(json!({"action": action}))
        .send(&app)
        .await;
    assert_eq!(again.fields(), ["action"], "{}", again.body);

    let goal = Call::post("/api/v1/me/plan")
        .token(&token)
        .json(json!({"kind": "goal", "title": "Lead the next release", "due": "2030-01-15"}))
        .send(&app)
        .await;
    let goal = goal.expect(201).json();
    let goal_id = goal["id"].as_i64().expect("id");
    let done = Call::post(format!("/api/v1/me/plan/{goal_id}/done"))
        .token(&token)
        .send(&app)
        .await;
    assert_eq!(done.expect(200).json()["status"], "done");
    Call::post(format!("/api/v1/me/plan/{goal_id}/done"))
        .token(&token)
        .send(&app)
        .await
        .problem(409);

    let adopted_id = adopted["id"].as_i64().expect("id");
    let dismissed = Call::post(format!("/api/v1/me/plan/{adopted_id}/dismiss"))
        .token(&token)
        .json(json!({"reason": "not this month"}))
        .send(&app)
        .await;
    let dismissed = dismissed.expect(200).json();
    assert_eq!(dismissed["status"], "dismissed");
    assert_eq!(dismissed["dismiss_reason"], "not this month");

    let strategy = recommendation["strategy_id"].as_str().expect("strategy");
    let set_aside = Call::post("/api/v1/me/dismissals")
        .token(&token)
        .json(json!({"target": strategy}))
        .send(&app)
        .await;
    assert_eq!(
        set_aside.expect(201).json(),
        json!({"dismissed": "recommendation", "id": strategy})
    );

    let active = Call::get("/api/v1/me/plan").token(&token).send(&app).await;
    assert_eq!(active.expect(200).json(), json!([]));
    let all = Call::get("/api/v1/me/plan?all=true")
        .token(&token)
        .send(&app)
        .await;
    assert_eq!(all.expect(200).json().as_array().map(Vec::len), Some(2));

    let ics = Call::get("/api/v1/me/plan.ics?pulse_day=fri&pulse_time=17:30")
        .token(&token)
        .send(&app)
        .await;
    ics.expect(200);
    assert!(ics.header("content-type").starts_with("text/calendar"));
    assert!(ics.body.starts_with("BEGIN:VCALENDAR"));
    assert!(ics.body.contains("BYDAY=FR"), "{}", ics.body);
}

#[tokio::test]
async fn the_journal_opens_only_with_its_passphrase() {
    let app = TestApp::new().await;
    let token = owner_token(&app).await;
    let missing = Call::get("/api/v1/me/journal")
        .token(&token)
        .send(&app)
        .await;
    missing.problem(401);
    assert!(
        missing
            .header("www-authenticate")
            .starts_with("Anneal-Journal-Passphrase")
    );
    let empty = Call::get("/api/v1/me/journal")
        .token(&token)
        .passphrase(PASSPHRASE)
        .send(&app)
        .await;
    assert_eq!(empty.expect(200).json(), json!([]));

    let prompt = anneal_service::journal::prompts()
        .into_iter()
        .next()
        .expect("a prompt")
        .id;
    let written = Call::post("/api/v1/me/journal")
        .token(&token)
        .passphrase(PASSPHRASE)
        .json(json!({"text": "What would make next week lighter?", "prompt": prompt}))
        .send(&app)
        .await;
    let entry = written.expect(201).json();
    assert_eq!(entry["prompt"]["id"], prompt.as_str());
    let id = entry["id"].as_i64().expect("id");

    let user = app
        .store()
        .user_by_name(OWNER)
        .await
        .expect("store")
        .expect("owner");
    let sealed = app.store().journal_entries(user.id).await.expect("entries");
    assert!(
        !String::from_utf8_lossy(&sealed[0].sealed).contains("lighter"),
        "the store keeps only ciphertext"
    );

    Call::get(format!("/api/v1/me/journal/{id}"))
        .token(&token)
        .passphrase("the wrong passphrase")
        .send(&app)
        .await
        .problem(403);
    let read = Call::get(format!("/api/v1/me/journal/{id}"))
        .token(&token)
        .passphrase(PASSPHRASE)
        .send(&app)
        .await;
    assert_eq!(
        read.expect(200).json()["text"],
        "What would make next week lighter?"
    );

    let plain = Call::get("/api/v1/me/export")
        .token(&token)
        .send(&app)
        .await;
    assert!(plain.expect(200).json().get("journal").is_none());
    let full = Call::get("/api/v1/me/export")
        .token(&token)
        .passphrase(PASSPHRASE)
        .send(&app)
        .await;
    let full = full.expect(200).json();
    assert_eq!(full["format"], "anneal-export");
    assert_eq!(
        full["journal"][0]["text"],
        "What would make next week lighter?"
    );
}

#[tokio::test]
async fn deleting_me_removes_everything_and_the_token_with_it() {
    let app = TestApp::new().await;
    let token = owner_token(&app).await;
    Call::post("/api/v1/checkins")
        .token(&token)
        .json(json!({"answers": middle("pulse")}))
        .send(&app)
        .await
        .expect(201);
    Call::post("/api/v1/me/journal")
        .token(&token)
        .passphrase(PASSPHRASE)
        .json(json!({"text": "private"}))
        .send(&app)
        .await
        .expect(201);
    let user = app
        .store()
        .user_by_name(OWNER)
        .await
        .expect("store")
        .expect("owner");
    let answer = Call::delete("/api/v1/me").token(&token).send(&app).await;
    answer.expect(204);
    assert!(answer.body.is_empty());
    assert_eq!(app.store().count_users().await.expect("store"), 0);
    assert_eq!(
        app.store().count_responses(user.id).await.expect("store"),
        0
    );
    assert!(
        app.store()
            .journal_entries(user.id)
            .await
            .expect("store")
            .is_empty()
    );
    assert!(
        app.store()
            .api_tokens(user.id)
            .await
            .expect("store")
            .is_empty()
    );
    Call::get("/api/v1/me/history")
        .token(&token)
        .send(&app)
        .await
        .problem(401);
    // The store is empty again, so setup is open again.
    owner_token(&app).await;
    let fresh = new_token(&app).await;
    let history = Call::get("/api/v1/me/history")
        .token(&fresh)
        .send(&app)
        .await;
    assert_eq!(history.expect(200).json(), json!({"points": []}));
}
