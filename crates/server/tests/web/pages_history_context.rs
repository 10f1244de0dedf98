//! Deleting one response from the history page (a confirmation step, then a CSRF-protected form
//! and a message), and the "Your role" page for the risk context.

use crate::helpers::{OWNER, PASSWORD, TestApp};
use crate::pages_support::{owner, record_pulse, strained_pulse};
use anneal_core::context::RiskRole;
use axum::http::StatusCode;

#[tokio::test]
async fn a_response_is_deleted_after_a_confirmation_step_with_a_message() {
    let app = TestApp::new().await;
    let mut browser = app.browser();
    browser.setup(OWNER, PASSWORD).await;
    let first = record_pulse(&mut browser, &strained_pulse()).await;
    let second = record_pulse(&mut browser, &strained_pulse()).await;
    let user = owner(&app).await;

    let history = browser.get("/history").await;
    assert!(
        history.body.contains(&format!("/history/{first}/delete")),
        "each row links to deleting it"
    );
    let confirm = browser.get(&format!("/history/{first}/delete")).await;
    assert_eq!(confirm.status, StatusCode::OK);
    assert!(
        confirm.body.contains("cannot be undone"),
        "{}",
        confirm.body
    );
    assert_eq!(app.store().count_responses(user.id).await.unwrap(), 2);

    // Without the CSRF token nothing happens.
    let forged = browser.post(&format!("/history/{first}/delete"), &[]).await;
    assert_ne!(forged.status, StatusCode::SEE_OTHER);
    assert_eq!(app.store().count_responses(user.id).await.unwrap(), 2);

    let path = format!("/history/{first}/delete");
    let deleted = browser.submit(&path, &path, &[]).await;
    deleted.assert_redirect("/history");
    let after = browser.get("/history").await;
    assert!(
        after.body.contains("Deleted the pulse check-in of"),
        "flash"
    );
    assert!(!after.body.contains(&format!("/history/{first}/delete")));
    assert!(after.body.contains(&format!("/history/{second}/delete")));
    assert_eq!(app.store().count_responses(user.id).await.unwrap(), 1);

    let gone = browser.get(&format!("/history/{first}/delete")).await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn your_role_is_saved_from_checkboxes_and_reachable_from_account_and_nav() {
    let app = TestApp::new().await;
    let mut browser = app.browser();
    browser.setup(OWNER, PASSWORD).await;
    let account = browser.get("/account").await;
    assert!(
        account.body.contains("href=\"/context\""),
        "linked from the account page"
    );
    let page = browser.get("/context").await;
    assert_eq!(page.status, StatusCode::OK);
    for role in RiskRole::ALL {
        assert!(page.body.contains(role.question()), "{role:?}");
    }
    assert!(page.body.contains("never changes a score"));

    let saved = browser
        .submit(
            "/context",
            "/context",
            &[("caring", "on"), ("skills_unused", "on")],
        )
        .await;
    saved.assert_redirect("/context");
    let user = owner(&app).await;
    let stored = app.store().risk_context(user.id).await.unwrap();
    assert_eq!(
        stored.roles(),
        vec![RiskRole::Caring, RiskRole::SkillsUnused]
    );
    let shown = browser.get("/context").await;
    assert!(shown.body.contains("Saved"), "flash");
    assert!(shown.body.contains("name=\"caring\" value=\"on\" checked"));

    let cleared = browser.submit("/context", "/context", &[]).await;
    cleared.assert_redirect("/context");
    assert!(app.store().risk_context(user.id).await.unwrap().is_empty());
}
