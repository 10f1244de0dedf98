//! The person's pages as a whole: each one answers the owner and sends strangers to log in; none
//! carries inline code; the status page, history, CSV and the printable report.

use crate::helpers::{OWNER, PASSWORD, TestApp};
use crate::pages_support::{
    assert_no_inline_code, owner, pulse_fields, record_pulse, spectrum_fields, strained_pulse,
    submit_owned,
};
use anneal_core::safety::SCREENING_NOTE;
use axum::http::StatusCode;

const PAGES: [&str; 9] = [
    "/",
    "/pulse",
    "/check",
    "/check?page=3",
    "/plan",
    "/journal",
    "/history",
    "/report",
    "/report?weeks=52",
];

#[tokio::test]
async fn every_page_answers_the_owner_and_sends_strangers_to_log_in() {
    let app = TestApp::new().await;
    let mut browser = app.browser();
    browser.setup(OWNER, PASSWORD).await;

    // Empty states first, then with answers.
    for path in PAGES {
        let page = browser.get(path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}: {}", page.body);
        assert_no_inline_code(&page.body, path);
    }
    let id = record_pulse(&mut browser, &strained_pulse()).await;
    let result = format!("/results/{id}");
    for path in PAGES.iter().copied().chain([result.as_str()]) {
        let page = browser.get(path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}: {}", page.body);
        assert_no_inline_code(&page.body, path);
        assert!(page.body.contains("<h1"), "{path} has a heading");
    }
    for path in ["/history.csv", "/plan.ics"] {
        assert_eq!(browser.get(path).await.status, StatusCode::OK, "{path}");
    }

    let mut stranger = app.browser();
    for path in
        PAGES
            .iter()
            .copied()
            .chain([result.as_str(), "/history.csv", "/plan.ics", "/journal/1"])
    {
        let answer = stranger.get(path).await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "{path}");
        assert!(
            answer.location().starts_with("/login"),
            "{path} → {}",
            answer.location()
        );
    }
}

#[tokio::test]
async fn an_empty_status_page_welcomes_and_explains_both_instruments() {
    let app = TestApp::new().await;
    let mut browser = app.browser();
    browser.setup(OWNER, PASSWORD).await;
    let page = browser.get("/").await;
    assert!(page.body.contains("Welcome to Anneal"));
    assert!(page.body.contains("href=\"/pulse\""));
    assert!(page.body.contains("href=\"/check\""));
    assert!(page.body.contains("The weekly pulse"));
    assert!(page.body.contains("The full check"));
    assert!(!page.body.contains("<svg"), "no empty charts");
}

#[tokio::test]
async fn the_status_page_shows_zone_indices_charts_with_text_and_recommendations() {
    let app = TestApp::new().await;
    let mut browser = app.browser();
    browser.setup(OWNER, PASSWORD).await;
    record_pulse(&mut browser, &strained_pulse()).await;

    let page = browser.get("/").await;
    let body = &page.body;
    // One strained week leans toward burnout; it is not a zone until it persists.
    assert!(!body.contains("Burnout zone"), "{body}");
    assert!(
        body.contains("Leaning toward burnout"),
        "the zone in plain words"
    );
    assert!(body.contains("Burnout") && body.contains("Rust-out"));
    assert!(body.contains("band band-high") || body.contains("band band-moderate"));
    assert!(body.contains("Challenge balance"));
    assert_eq!(
        body.matches("class=\"anneal-chart ").count(),
        2,
        "map and trend"
    );
    assert!(
        body.contains("Your latest answers, on"),
        "the map's text alternative"
    );
    assert!(body.contains("<details>") && body.contains("The points as a table"));
    assert!(body.contains("action=\"/plan/adopt\""));
    assert!(body.contains("action=\"/plan/skip\""));
    assert!(body.contains("Why:"));
    assert!(body.contains(SCREENING_NOTE));
}

#[tokio::test]
async fn the_safety_notice_comes_first_when_mood_is_high() {
    let app = TestApp::new().await;
    let mut browser = app.browser();
    browser.setup(OWNER, PASSWORD).await;
    // "Always" to every statement: mood is high.
    let answer = submit_owned(
        &mut browser,
        "/check",
        "/check",
        &with_go(spectrum_fields(|_| Some(4)), "4", "finish"),
    )
    .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);

    for path in ["/", answer.location()] {
        let page = browser.get(path).await;
        let safety = page
            .body
            .find("Please talk to someone")
            .unwrap_or_else(|| panic!("{path} has the safety notice"));
        let heading = page.body.find("<h1").expect("a heading");
        assert!(
            safety < heading,
            "{path}: the notice comes before everything else"
        );
        assert!(
            page.body.contains("Emergency services"),
            "{path}: the resources"
        );
    }
}

#[tokio::test]
async fn one_mood_item_at_its_worst_puts_the_notice_on_every_page_and_no_page_calls_it_thriving() {
    let app = TestApp::new().await;
    let mut browser = app.browser();
    browser.setup(OWNER, PASSWORD).await;
    // Every statement at its calmest but "I feel hopeless about how things will turn out: Always".
    let calm = |id: &str| {
        let inst = anneal_core::instrument::builtin_by_id("spectrum").expect("ships");
        let item = inst.item(id).expect("item");
        Some(if id == "mood_hopeless" || item.reverse {
            4
        } else {
            0
        })
    };
    let answer = submit_owned(
        &mut browser,
        "/check",
        "/check",
        &with_go(spectrum_fields(calm), "4", "finish"),
    )
    .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    let result = answer.location().to_string();
    assert_notice_leads_every_page(&mut browser, &result).await;
}

/// The pages a person reads after answers that call for the notice: it leads each, and none says
/// "thriving" or "healthy middle".
async fn assert_notice_leads_every_page(browser: &mut crate::helpers::Browser<'_>, result: &str) {
    for path in ["/", result, "/report"] {
        let page = browser.get(path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        let body = &page.body;
        let safety = body
            .find("Please talk to someone")
            .unwrap_or_else(|| panic!("{path} has the safety notice"));
        if let Some(h1) = body.find("<h1") {
            assert!(safety < h1 || path == "/report", "{path}: the notice leads");
        }
        let lower = body.to_lowercase();
        assert!(
            !lower.contains("healthy middle") && !lower.contains(">thriving<"),
            "{path}"
        );
    }
}

#[tokio::test]
async fn a_pulse_alone_can_raise_the_notice_on_every_page_even_when_all_else_is_well() {
    let app = TestApp::new().await;
    let mut browser = app.browser();
    browser.setup(OWNER, PASSWORD).await;
    // Every question at its calmest ("About right" for the two load questions), but down
    // "every day".
    let fields = pulse_fields(|id| match id {
        "mood" => Some(4),
        "load" | "stretch" => Some(3),
        "energy" | "meaning" | "growth" | "skills" | "connection" => Some(4),
        _ => Some(0),
    });
    let id = record_pulse(&mut browser, &fields).await;
    assert_notice_leads_every_page(&mut browser, &format!("/results/{id}")).await;
}

#[tokio::test]
async fn an_overloaded_week_offers_nothing_that_adds_demand_on_the_page() {
    let app = TestApp::new().await;
    let mut browser = app.browser();
    browser.setup(OWNER, PASSWORD).await;
    let fields = pulse_fields(|id| match id {
        "load" | "stretch" => Some(6),
        "energy" | "mood" => Some(0),
        "growth" | "skills" | "meaning" => Some(0),
        _ => Some(4),
    });
    let id = record_pulse(&mut browser, &fields).await;
    let page = browser.get(&format!("/results/{id}")).await;
    for demand in [
        "Challenge yourself",
        "Seek learning opportunities",
        "Bring creativity into your work",
        "Embrace continuous learning",
        "Advocate for your role to evolve",
    ] {
        assert!(
            !page.body.contains(demand),
            "{demand} offered to an overloaded person"
        );
    }
    assert!(
        page.body.contains("What you could try"),
        "something is offered"
    );
}

/// The full check's fields with the page and the button pressed.
pub fn with_go(mut fields: Vec<(String, String)>, page: &str, go: &str) -> Vec<(String, String)> {
    fields.push(("page".into(), page.into()));
    fields.push(("go".into(), go.into()));
    fields
}

#[tokio::test]
async fn history_lists_every_answer_newest_first_and_downloads_as_csv() {
    let app = TestApp::new().await;
    let mut browser = app.browser();
    browser.setup(OWNER, PASSWORD).await;
    let first = record_pulse(&mut browser, &strained_pulse()).await;
    let second = record_pulse(&mut browser, &strained_pulse()).await;

    let page = browser.get("/history").await;
    let a = page
        .body
        .find(&format!("href=\"/results/{second}\""))
        .expect("second row");
    let b = page
        .body
        .find(&format!("href=\"/results/{first}\""))
        .expect("first row");
    assert!(a < b, "newest first");
    assert!(page.body.contains("<td>Pulse</td>"));
    assert!(
        page.body.contains("href=\"/account/export\""),
        "export is linked"
    );
    assert!(
        page.body.contains("href=\"/account#delete-heading\""),
        "deletion is linked"
    );
    assert!(page.body.contains(">Burnout</td>"), "the zone");

    let csv = browser.get("/history.csv").await;
    assert!(csv.header("content-type").starts_with("text/csv"));
    assert!(csv.header("content-disposition").starts_with("attachment"));
    let lines: Vec<&str> = csv.body.lines().collect();
    assert_eq!(lines[0], "at,instrument,zone,burnout,rustout,balance,stuck");
    assert_eq!(lines.len(), 3);
    assert!(lines[1].contains(",pulse,burnout,"), "{}", lines[1]);
}

#[tokio::test]
async fn the_report_is_a_printable_page_without_navigation_notes_or_journal() {
    let app = TestApp::new().await;
    let mut browser = app.browser();
    browser.setup(OWNER, PASSWORD).await;
    let mut fields = strained_pulse();
    fields.push(("note".into(), "A private note nobody else reads".into()));
    record_pulse(&mut browser, &fields).await;
    let user = owner(&app).await;
    assert_eq!(
        app.store().count_responses(user.id).await.expect("count"),
        1
    );

    let report = browser.get("/report").await;
    assert_eq!(report.status, StatusCode::OK);
    assert!(!report.body.contains("<nav"), "no site navigation");
    assert!(report.body.contains(SCREENING_NOTE));
    assert!(report.body.contains(OWNER));
    assert!(report.body.contains("Work strain report"));
    assert!(report.body.contains("trend-chart"));
    assert!(!report.body.contains("A private note nobody else reads"));
    assert!(report.body.contains("No full check taken yet"));
    assert_no_inline_code(&report.body, "/report");

    // The result page does show the note to its owner.
    let history = browser.get("/history").await;
    let start = history.body.find("href=\"/results/").expect("a row") + 6;
    let end = history.body[start..].find('"').expect("quote") + start;
    let result = browser.get(&history.body[start..end]).await;
    assert!(result.body.contains("A private note nobody else reads"));
}
