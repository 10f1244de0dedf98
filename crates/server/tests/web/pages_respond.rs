//! The weekly pulse, the full check and the result page.

use crate::helpers::{OWNER, PASSWORD, TestApp};
use crate::pages_status::with_go;
use crate::pages_support::{
    assert_no_inline_code, owner, pulse_fields, record_pulse, spectrum_fields, strained_pulse,
    submit_owned,
};
use anneal_core::instrument::builtin_by_id;
use anneal_core::safety::SCREENING_NOTE;
use anneal_core::scoring::{Answers, score};
use anneal_store::{NewResponse, NewUser, ResponseKind};
use axum::http::StatusCode;
use chrono::Utc;

#[tokio::test]
async fn a_complete_pulse_is_stored_and_leads_to_its_result() {
    let app = TestApp::new().await;
    let mut browser = app.browser();
    browser.setup(OWNER, PASSWORD).await;
    let mut fields = strained_pulse();
    fields.push(("stuck".into(), "yes".into()));
    let id = record_pulse(&mut browser, &fields).await;

    let user = owner(&app).await;
    let stored = app
        .store()
        .responses(user.id, Default::default())
        .await
        .expect("responses");
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].id, id);
    assert!(stored[0].stuck);
    assert_eq!(stored[0].answers["load"], 7);

    let result = browser.get(&format!("/results/{id}")).await;
    assert_eq!(result.status, StatusCode::OK);
    let body = &result.body;
    assert!(body.contains("Your pulse result"));
    assert!(body.contains("Leaning toward burnout"));
    assert!(body.contains("You said you feel stuck"));
    assert!(body.contains("Burnout is high at") || body.contains("Burnout is moderate at"));
    assert!(body.contains("Dimension by dimension"));
    assert!(
        body.contains("Exhaustion"),
        "dimension titles from the instrument"
    );
    assert!(body.contains("What you could try"));
    assert!(body.contains(SCREENING_NOTE));
}

#[tokio::test]
async fn a_pulse_with_missing_answers_is_shown_again_with_errors_and_nothing_is_stored() {
    let app = TestApp::new().await;
    let mut browser = app.browser();
    browser.setup(OWNER, PASSWORD).await;
    let mut fields = pulse_fields(|id| match id {
        "energy" | "stress" => None,
        "load" => Some(6),
        _ => Some(1),
    });
    fields.push(("note".into(), "kept note".into()));
    fields.push(("stuck".into(), "yes".into()));
    let answer = submit_owned(&mut browser, "/pulse", "/pulse", &fields).await;

    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = &answer.body;
    assert_no_inline_code(body, "the pulse with errors");
    assert!(body.contains("Question 1 has no answer yet"), "{body}");
    // Question 3 is how hard the work stretched; stress is the fourth.
    assert!(body.contains("Question 4 has no answer yet"));
    assert!(!body.contains("Question 2 has no answer yet"));
    assert!(body.contains("class=\"error-summary\""));
    assert!(
        body.contains("href=\"#q-energy\""),
        "the summary links the question"
    );
    assert!(
        body.contains("id=\"q-energy-error\""),
        "the error sits by the question"
    );
    assert!(
        body.contains("id=\"q-load-7\" name=\"q.load\" value=\"7\" checked"),
        "the person's choice is kept"
    );
    assert!(body.contains(">kept note</textarea>"));
    assert!(body.contains("name=\"stuck\" value=\"yes\" checked"));
    let user = owner(&app).await;
    assert_eq!(
        app.store().count_responses(user.id).await.expect("count"),
        0
    );
}

#[tokio::test]
async fn an_answer_off_the_scale_counts_as_missing() {
    let app = TestApp::new().await;
    let mut browser = app.browser();
    browser.setup(OWNER, PASSWORD).await;
    let mut fields = strained_pulse();
    for (name, value) in &mut fields {
        if name == "q.energy" {
            *value = "99".into();
        }
    }
    let answer = submit_owned(&mut browser, "/pulse", "/pulse", &fields).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(answer.body.contains("Question 1 has no answer yet"));
    let user = owner(&app).await;
    assert_eq!(
        app.store().count_responses(user.id).await.expect("count"),
        0
    );
}

#[tokio::test]
async fn forms_without_the_csrf_token_are_refused_and_store_nothing() {
    let app = TestApp::new().await;
    let mut browser = app.browser();
    browser.setup(OWNER, PASSWORD).await;
    let fields = strained_pulse();
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        browser.post("/pulse", &pairs).await.status,
        StatusCode::FORBIDDEN
    );
    let mut check = pairs.clone();
    check.push(("go", "finish"));
    assert_eq!(
        browser.post("/check", &check).await.status,
        StatusCode::FORBIDDEN
    );
    for (path, fields) in [
        ("/plan/add", vec![("kind", "goal"), ("title", "Learn SQL")]),
        ("/plan/adopt", vec![("id", "anything")]),
        ("/plan/skip", vec![("id", "anything")]),
        (
            "/journal/start",
            vec![("passphrase", "long enough"), ("confirm", "long enough")],
        ),
        ("/journal/lock", vec![]),
    ] {
        assert_eq!(
            browser.post(path, &fields).await.status,
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    let user = owner(&app).await;
    assert_eq!(
        app.store().count_responses(user.id).await.expect("count"),
        0
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
            .journal_key(user.id)
            .await
            .expect("key")
            .is_none()
    );
}

#[tokio::test]
async fn another_persons_result_is_not_found() {
    let app = TestApp::new().await;
    let mut browser = app.browser();
    browser.setup(OWNER, PASSWORD).await;
    let mine = record_pulse(&mut browser, &strained_pulse()).await;

    let other = app
        .store()
        .create_user(NewUser {
            username: "bo".into(),
            password_hash: None,
        })
        .await
        .expect("second person");
    let pulse = builtin_by_id("pulse").expect("pulse");
    let answers: Answers = pulse.items.iter().map(|i| (i.id.clone(), 3)).collect();
    let theirs = app
        .store()
        .insert_response(NewResponse {
            user: other.id,
            kind: ResponseKind::Checkin,
            taken_at: Utc::now(),
            score: score(pulse, &answers).expect("scores"),
            answers,
            stuck: false,
            note: Some("bo's own note".into()),
        })
        .await
        .expect("recorded");

    assert_eq!(
        browser.get(&format!("/results/{mine}")).await.status,
        StatusCode::OK
    );
    let theirs_page = browser.get(&format!("/results/{}", theirs.id)).await;
    assert_eq!(theirs_page.status, StatusCode::NOT_FOUND);
    assert!(!theirs_page.body.contains("bo's own note"));
    for path in ["/results/999999", "/results/abc", "/results/-1"] {
        assert_eq!(
            browser.get(path).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
}

#[tokio::test]
async fn the_full_check_pages_keep_answers_going_forward_and_back() {
    let app = TestApp::new().await;
    let mut browser = app.browser();
    browser.setup(OWNER, PASSWORD).await;
    let spectrum = builtin_by_id("spectrum").expect("spectrum");
    let total = spectrum.items.len();
    let first_page: Vec<String> = spectrum.items[..7].iter().map(|i| i.id.clone()).collect();

    let start = browser.get("/check").await;
    assert!(start.body.contains(&format!("0 of {total} answered")));
    assert!(start.body.contains("Page 1 of 4"));

    // Next without answers: the same page, with errors.
    let empty = browser
        .post(
            "/check",
            &[("_csrf", &start.csrf()), ("page", "1"), ("go", "next")],
        )
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.body.contains("Page 1 of 4"));
    assert!(empty.body.contains("Question 1 has no answer yet"));

    // Page 1 answered: on to page 2, the answers carried along.
    let page_one = spectrum_fields(|id| first_page.iter().any(|f| f == id).then_some(1));
    let second = submit_owned(
        &mut browser,
        "/check",
        "/check",
        &with_go(page_one, "1", "next"),
    )
    .await;
    assert_eq!(second.status, StatusCode::OK, "{}", second.body);
    assert!(second.body.contains("Page 2 of 4"));
    assert!(second.body.contains(&format!("7 of {total} answered")));
    let hidden = format!("type=\"hidden\" name=\"q.{}\" value=\"2\"", first_page[0]);
    assert!(second.body.contains(&hidden), "answers ride along hidden");

    // Back from page 2 with one more answer: page 1 with its choices checked.
    let mut carried = spectrum_fields(|id| first_page.iter().any(|f| f == id).then_some(1));
    let eighth = &spectrum.items[7].id;
    carried.push((format!("q.{eighth}"), "5".into()));
    let back = submit_owned(
        &mut browser,
        "/check",
        "/check",
        &with_go(carried, "2", "back"),
    )
    .await;
    assert_eq!(back.status, StatusCode::OK);
    assert!(back.body.contains("Page 1 of 4"));
    assert!(back.body.contains(&format!(
        "id=\"q-{0}-2\" name=\"q.{0}\" value=\"2\" checked",
        first_page[0]
    )));
    assert!(
        back.body
            .contains(&format!("type=\"hidden\" name=\"q.{eighth}\" value=\"5\""))
    );
    assert!(back.body.contains(&format!("8 of {total} answered")));

    // Finishing with a gap shows the page with the gap; nothing stored.
    let gap = spectrum.items[15].id.clone();
    let almost = spectrum_fields(|id| (id != gap).then_some(2));
    let refused = submit_owned(
        &mut browser,
        "/check",
        "/check",
        &with_go(almost, "4", "finish"),
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("Page 3 of 4"));
    assert!(refused.body.contains("Question 16 has no answer yet"));
    let user = owner(&app).await;
    assert_eq!(
        app.store().count_responses(user.id).await.expect("count"),
        0
    );

    // Complete: stored, and the result shows the dimensions of the full check.
    let all = spectrum_fields(|_| Some(1));
    let done = submit_owned(
        &mut browser,
        "/check",
        "/check",
        &with_go(all, "4", "finish"),
    )
    .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert!(done.location().starts_with("/results/"));
    assert_eq!(
        app.store().count_responses(user.id).await.expect("count"),
        1
    );
    let result = browser.get(done.location()).await;
    assert!(result.body.contains("Your full check result"));
    assert!(result.body.contains("Exhaustion"));
    assert!(result.body.contains("Boredom"));
    assert!(
        !result.body.contains("Please talk to someone"),
        "mood is low"
    );
}
