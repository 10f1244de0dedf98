//! The plan page: adopting and setting aside recommendations, marking done, setting items aside,
//! adding one's own items, and the calendar file.

use crate::helpers::{Browser, OWNER, PASSWORD, TestApp};
use crate::pages_support::{owner, record_pulse, strained_pulse};
use anneal_core::plan::{PlanKind, PlanStatus};
use anneal_core::strategy::Cadence;
use axum::http::StatusCode;
use chrono::Utc;

/// The value of the first hidden `name` field inside the first form posting to `action`.
fn form_value(html: &str, action: &str, name: &str) -> String {
    let form = html
        .find(&format!("action=\"{action}\""))
        .unwrap_or_else(|| panic!("a form posting to {action}"));
    let marker = format!("name=\"{name}\" value=\"");
    let start = html[form..].find(&marker).expect("the field") + form + marker.len();
    let end = html[start..].find('"').expect("quote") + start;
    html[start..end].to_string()
}

async fn with_recommendations(app: &TestApp) -> Browser<'_> {
    let mut browser = app.browser();
    browser.setup(OWNER, PASSWORD).await;
    record_pulse(&mut browser, &strained_pulse()).await;
    browser
}

#[tokio::test]
async fn adopting_a_recommended_action_puts_it_in_the_plan_and_back_on_the_page() {
    let app = TestApp::new().await;
    let mut browser = with_recommendations(&app).await;
    let status = browser.get("/").await;
    let action = form_value(&status.body, "/plan/adopt", "id");
    let adopted = browser
        .submit("/", "/plan/adopt", &[("id", &action), ("back", "/")])
        .await;
    adopted.assert_redirect("/");

    let user = owner(&app).await;
    let items = app.store().plan_items(user.id).await.expect("plan");
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].action_id.as_deref(), Some(action.as_str()));
    assert_eq!(items[0].kind, PlanKind::Action);

    let again = browser.get("/").await;
    assert!(again.body.contains("Added to your plan"), "flash");
    assert!(
        again.body.contains("In your plan"),
        "the action is marked adopted"
    );
    assert!(again.body.contains(&items[0].title), "next in the plan");

    // Adopting the same action twice is refused with a message, and adds nothing.
    let twice = browser
        .submit("/plan", "/plan/adopt", &[("id", &action)])
        .await;
    twice.assert_redirect("/plan");
    assert!(
        browser
            .get("/plan")
            .await
            .body
            .contains("already in your plan")
    );
    assert_eq!(
        app.store().plan_items(user.id).await.expect("plan").len(),
        1
    );

    // A made-up id is refused the same way; "back" never leaves the site.
    let bogus = browser
        .submit(
            "/plan",
            "/plan/adopt",
            &[("id", "no_such_action"), ("back", "//evil.example")],
        )
        .await;
    bogus.assert_redirect("/");
    assert_eq!(
        app.store().plan_items(user.id).await.expect("plan").len(),
        1
    );
}

#[tokio::test]
async fn not_for_me_sets_a_recommendation_aside() {
    let app = TestApp::new().await;
    let mut browser = with_recommendations(&app).await;
    let status = browser.get("/").await;
    let strategy = form_value(&status.body, "/plan/skip", "id");
    browser
        .submit("/", "/plan/skip", &[("id", &strategy), ("back", "/")])
        .await
        .assert_redirect("/");
    let user = owner(&app).await;
    let dismissals = app
        .store()
        .dismissals(user.id, Utc::now() - chrono::Duration::days(1))
        .await
        .expect("dismissals");
    assert_eq!(dismissals.len(), 1);
    assert_eq!(dismissals[0].target, strategy);
    let after = browser.get("/").await;
    assert!(
        after
            .body
            .contains("It will not be suggested again for 30 days")
    );
    assert!(
        !after
            .body
            .contains(&format!("name=\"id\" value=\"{strategy}\"")),
        "the strategy is gone from the list"
    );
}

#[tokio::test]
async fn own_items_are_added_marked_done_and_set_aside_through_the_forms() {
    let app = TestApp::new().await;
    let mut browser = app.browser();
    browser.setup(OWNER, PASSWORD).await;
    let user = owner(&app).await;

    let added = browser
        .submit(
            "/plan",
            "/plan/add",
            &[
                ("kind", "custom"),
                ("title", "Walk at lunch"),
                ("cadence", "weekly"),
                ("due", ""),
            ],
        )
        .await;
    added.assert_redirect("/plan");
    browser
        .submit(
            "/plan",
            "/plan/add",
            &[
                ("kind", "goal"),
                ("title", "Lead a project"),
                ("cadence", ""),
                ("due", "2030-01-31"),
            ],
        )
        .await
        .assert_redirect("/plan");
    let items = app.store().plan_items(user.id).await.expect("plan");
    assert_eq!(items.len(), 2);
    let walk = items
        .iter()
        .find(|i| i.title == "Walk at lunch")
        .expect("walk");
    let goal = items
        .iter()
        .find(|i| i.title == "Lead a project")
        .expect("goal");
    assert_eq!(walk.cadence, Some(Cadence::Weekly));
    assert_eq!(goal.kind, PlanKind::Goal);
    assert_eq!(
        goal.due.map(|d| d.to_string()).as_deref(),
        Some("2030-01-31")
    );

    let page = browser.get("/plan").await;
    assert!(page.body.contains("Walk at lunch") && page.body.contains("every week"));
    assert!(page.body.contains("Next due 31 Jan 2030"));

    // Done: a weekly item logs the time and stays active.
    browser
        .submit("/plan", &format!("/plan/{}/done", walk.id), &[])
        .await
        .assert_redirect("/plan");
    let walk_after = app
        .store()
        .plan_items(user.id)
        .await
        .expect("plan")
        .into_iter()
        .find(|i| i.id == walk.id)
        .expect("walk");
    assert_eq!(walk_after.completions, 1);
    assert_eq!(walk_after.status, PlanStatus::Active);
    assert!(browser.get("/plan").await.body.contains("Done once, on"));

    // Set aside with a reason.
    browser
        .submit(
            "/plan",
            &format!("/plan/{}/dismiss", goal.id),
            &[("reason", "Not this year")],
        )
        .await
        .assert_redirect("/plan");
    let goal_after = app
        .store()
        .plan_items(user.id)
        .await
        .expect("plan")
        .into_iter()
        .find(|i| i.id == goal.id)
        .expect("goal");
    assert_eq!(goal_after.status, PlanStatus::Dismissed);
    assert_eq!(goal_after.dismiss_reason.as_deref(), Some("Not this year"));
    let page = browser.get("/plan").await;
    assert!(page.body.contains("Done and set aside"));
    assert!(page.body.contains("Your reason: Not this year"));

    // Closed items cannot be done again; unknown ones are not found.
    browser
        .submit("/plan", &format!("/plan/{}/done", goal.id), &[])
        .await
        .assert_redirect("/plan");
    assert!(
        browser
            .get("/plan")
            .await
            .body
            .contains("only an active plan item")
    );
    let unknown = browser.submit("/plan", "/plan/99999/done", &[]).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_bad_add_form_is_shown_again_with_errors_and_adds_nothing() {
    let app = TestApp::new().await;
    let mut browser = app.browser();
    browser.setup(OWNER, PASSWORD).await;
    let answer = browser
        .submit(
            "/plan",
            "/plan/add",
            &[
                ("kind", "action"),
                ("title", "  "),
                ("cadence", "hourly"),
                ("due", "31/01/2030"),
            ],
        )
        .await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    for text in [
        "Choose what to add",
        "Write a few words",
        "Choose a rhythm from the list",
        "The due date is not a date",
    ] {
        assert!(answer.body.contains(text), "{text}");
    }
    assert!(answer.body.contains("value=\"31/01/2030\""), "input kept");

    let long = "x".repeat(300);
    let too_long = browser
        .submit("/plan", "/plan/add", &[("kind", "goal"), ("title", &long)])
        .await;
    assert_eq!(too_long.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(too_long.body.contains("at most 200 characters"));
    let user = owner(&app).await;
    assert!(
        app.store()
            .plan_items(user.id)
            .await
            .expect("plan")
            .is_empty()
    );
}

/// Unfolds RFC 5545 lines (a line starting with a space continues the previous one).
fn unfold(ics: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for raw in ics.split("\r\n") {
        if let Some(rest) = raw.strip_prefix(' ') {
            lines.last_mut().expect("a line to continue").push_str(rest);
        } else if !raw.is_empty() {
            lines.push(raw.to_string());
        }
    }
    lines
}

#[tokio::test]
async fn the_plan_downloads_as_a_calendar() {
    let app = TestApp::new().await;
    let mut browser = app.browser();
    browser.setup(OWNER, PASSWORD).await;
    browser
        .submit(
            "/plan",
            "/plan/add",
            &[
                ("kind", "custom"),
                ("title", "Walk at lunch"),
                ("cadence", "weekly"),
            ],
        )
        .await
        .assert_redirect("/plan");

    let ics = browser.get("/plan.ics").await;
    assert_eq!(ics.status, StatusCode::OK);
    assert!(ics.header("content-type").starts_with("text/calendar"));
    assert!(
        ics.header("content-disposition")
            .contains("anneal-plan.ics")
    );
    assert!(ics.body.ends_with("END:VCALENDAR\r\n"));
    let lines = unfold(&ics.body);
    assert_eq!(lines.first().map(String::as_str), Some("BEGIN:VCALENDAR"));
    let mut open: Vec<String> = Vec::new();
    for line in &lines {
        let (name, value) = line.split_once(':').expect("NAME:VALUE");
        let name = name.split(';').next().expect("name");
        assert!(
            !name.is_empty() && name.chars().all(|c| c.is_ascii_uppercase() || c == '-'),
            "{line}"
        );
        match name {
            "BEGIN" => open.push(value.to_string()),
            "END" => assert_eq!(open.pop().as_deref(), Some(value), "{line}"),
            _ => assert!(!open.is_empty(), "{line} outside a component"),
        }
    }
    assert!(open.is_empty(), "every component closed");
    assert!(lines.iter().any(|l| l == "SUMMARY:Walk at lunch"));
    assert!(lines.iter().any(|l| l.starts_with("RRULE:FREQ=WEEKLY")));
    assert_eq!(
        lines.iter().filter(|l| *l == "BEGIN:VEVENT").count(),
        2,
        "pulse and walk"
    );
}
