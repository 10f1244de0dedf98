//! The whole story of issue 4 in a real browser: create the owner account, three backdated
//! pulses through the API, the map and the chart, the Spectrum check, adopting an action, logging
//! out and in again, and the printable report — with no console errors on the way.

use super::driver::{Browser, DESKTOP, PHONE, artifacts_dir};
use super::http::post_json;
use super::server::AnnealServer;
use super::tools;
use crate::util::{Env, answers};
use chrono::{Duration, Utc};
use serde_json::{Value, json};

const OWNER: &str = "robin";
const PASSWORD: &str = "a garden of slow tortoises";
/// The line every result and report ends with.
const SCREENING: &str = "not a diagnosis";

#[tokio::test]
async fn an_owner_checks_in_plans_and_prints_a_report_in_a_real_browser() {
    let Some(tools) = tools::find_or_skip("the browser story") else {
        return;
    };
    let env = Env::new();
    let artifacts = artifacts_dir("story");
    let server = AnnealServer::start(&env, &artifacts.join("server.log"));
    let b = Browser::start(&tools, &server, &artifacts, true).await;

    create_owner(&b).await;
    pulses_through_the_api(&env, &server);
    status_shows_three_points(&b).await;
    narrow_screens(&b).await;
    take_the_spectrum_check(&env, &b).await;
    let adopted = adopt_an_action(&b).await;
    log_out_and_back_in(&b).await;
    printable_report(&b, &adopted).await;
}

/// `/` sends a fresh install to the setup form; creating the account logs the owner in.
async fn create_owner(b: &Browser) {
    b.goto("/").await;
    b.wait_for_path("/setup", "a fresh install").await;
    b.fill("#username", OWNER).await;
    b.fill("#password", PASSWORD).await;
    b.fill("#confirm", PASSWORD).await;
    b.screenshot("setup").await;
    b.click("form[action='/setup'] button[type=submit]").await;
    b.wait_for_path("/", "after creating the account").await;
    assert_eq!(b.text(".who strong").await, OWNER);
    assert_eq!(b.text("h1").await, "Welcome to Anneal", "no answers yet");
    b.screenshot("welcome").await;
    b.assert_console_clean("setup").await;
}

/// A token for the owner's credentials, then three pulses one week apart, rising toward burnout.
fn pulses_through_the_api(env: &Env, server: &AnnealServer) {
    let reply = post_json(
        &server.addr,
        "/api/v1/auth/token",
        None,
        &json!({"username": OWNER, "password": PASSWORD, "name": "browser test"}),
    )
    .expect("token request");
    assert_eq!(reply.status, 201, "{}", reply.body);
    let token = reply.json()["token"]
        .as_str()
        .unwrap_or_else(|| panic!("no token in {}", reply.body))
        .to_string();

    let pulse = env.instrument("pulse");
    for (weeks_ago, burnout, rustout) in [(3, 0.25, 0.2), (2, 0.5, 0.25), (1, 0.75, 0.3)] {
        let at = (Utc::now() - Duration::weeks(weeks_ago)).to_rfc3339();
        let body = json!({"answers": answers(&pulse, burnout, rustout, 0.4), "at": at});
        let reply = post_json(&server.addr, "/api/v1/checkins", Some(&token), &body)
            .expect("check-in request");
        assert_eq!(
            reply.status, 201,
            "check-in {weeks_ago} weeks ago: {}",
            reply.body
        );
    }
}

/// The status page draws the three pulses: three markers on the map, three per trend line.
async fn status_shows_three_points(b: &Browser) {
    b.goto("/").await;
    assert_eq!(b.text("h1").await, "Your status");
    assert!(!b.text(".zone-card .zone-title").await.is_empty());
    assert_eq!(b.count("svg .map-point").await, 3, "map markers");
    assert_eq!(
        b.count("svg .map-point.latest").await,
        1,
        "one latest point"
    );
    assert_eq!(
        b.count("svg .trend-point.burnout").await,
        3,
        "burnout markers"
    );
    assert_eq!(
        b.count("svg .trend-point.rustout").await,
        3,
        "rust-out markers"
    );
    b.screenshot("status").await;
    b.screenshot_of(
        "section[aria-labelledby='map-heading'] figure",
        "status-map",
    )
    .await;
    b.screenshot_of(
        "section[aria-labelledby='trend-heading'] figure",
        "status-trend",
    )
    .await;
    b.assert_console_clean("status with three pulses").await;
}

/// The status and pulse pages on a phone-sized window.
async fn narrow_screens(b: &Browser) {
    b.resize(PHONE).await;
    b.goto("/").await;
    b.find(".zone-card").await;
    b.screenshot("status-phone").await;
    b.goto("/pulse").await;
    b.find("form[action='/pulse']").await;
    b.screenshot("pulse-phone").await;
    b.assert_console_clean("phone-sized pages").await;
    b.resize(DESKTOP).await;
}

/// Answers every statement of the Spectrum check by clicking its labels, page by page, and
/// checks the result page.
async fn take_the_spectrum_check(env: &Env, b: &Browser) {
    let wanted = answers(&env.instrument("spectrum"), 0.75, 0.35, 0.5);
    b.goto("/check").await;
    let mut pages = 0;
    while b.path().await == "/check" {
        pages += 1;
        assert!(pages <= 20, "the check never ends");
        let page = b.value("input[name=page]").await;
        answer_every_question(b, &wanted).await;
        if pages == 1 {
            b.screenshot("check-first-page").await;
        }
        let finish = b.count("button[name=go][value=finish]").await == 1;
        let button = if finish { "finish" } else { "next" };
        b.click(&format!("button[name=go][value={button}]")).await;
        if finish {
            b.wait_for_path("/results/*", "after the last page").await;
        } else {
            b.wait_for_value_change("input[name=page]", &page, "after \"Next page\"")
                .await;
        }
    }
    assert!(pages >= 2, "the check has several pages, saw {pages}");
    assert_eq!(b.text("h1").await, "Your full check result");
    let zone = b.text(".zone-card .zone-title").await;
    assert!(!zone.is_empty(), "the result names a zone");
    assert!(
        b.text("p.screening").await.contains(SCREENING),
        "the result page says it is not a diagnosis"
    );
    b.screenshot("check-result").await;
    b.assert_console_clean("the Spectrum check").await;
}

/// Clicks, for every question on the page, the label of the wanted answer.
async fn answer_every_question(b: &Browser, wanted: &Value) {
    let questions = b.all("fieldset.question").await;
    assert!(
        !questions.is_empty(),
        "a page of the check without questions"
    );
    for q in questions {
        let anchor = q.attr("id").await.ok().flatten().unwrap_or_default();
        let item = anchor.strip_prefix("q-").unwrap_or(&anchor);
        let Some(value) = wanted[item].as_i64() else {
            panic!("the page asks {item:?}, which `instruments show` does not list");
        };
        b.click(&format!("label[for='{anchor}-{value}']")).await;
        let radio = b.find(&format!("input[id='{anchor}-{value}']")).await;
        assert_eq!(radio.is_selected().await.ok(), Some(true), "{anchor}");
    }
}

/// Adopts the first recommended action on the result page and finds it in the plan. Returns
/// its title.
async fn adopt_an_action(b: &Browser) -> String {
    let result_path = b.path().await;
    let action = "ul.actions > li:has(form[action='/plan/adopt'])";
    let text = b.text(&format!("{action} .action-text")).await;
    let cadence = b.text(&format!("{action} .action-text .note")).await;
    let title = text
        .strip_suffix(&cadence)
        .unwrap_or(&text)
        .trim()
        .to_string();
    assert!(!title.is_empty(), "an action without words: {text:?}");
    b.click(&format!("{action} form[action='/plan/adopt'] button"))
        .await;
    b.wait_for_path(&result_path, "back on the result after adopting")
        .await;
    let flash = b.text(".flash").await;
    assert!(
        flash.starts_with("Added to your plan"),
        "the flash says: {flash}"
    );
    assert!(
        b.count(".in-plan").await >= 1,
        "the action shows as adopted"
    );
    b.screenshot("adopted").await;

    b.goto("/plan").await;
    let items = b.all(".plan-list:not(.closed) .plan-item h3").await;
    let mut titles = Vec::new();
    for item in items {
        titles.push(item.text().await.unwrap_or_default());
    }
    assert!(
        titles.iter().any(|t| t == &title),
        "the plan lists {titles:?}, not {title:?}"
    );
    b.screenshot("plan").await;
    b.assert_console_clean("adopting an action").await;
    title
}

/// The nav's log-out form ends the session; logging in again brings the status back, now with
/// the check as a fourth point (a diamond among the pulses' circles).
async fn log_out_and_back_in(b: &Browser) {
    b.goto("/").await;
    b.click("nav form[action='/logout'] button[type=submit]")
        .await;
    b.wait_for_path("/login", "after logging out").await;
    assert_eq!(b.count("nav").await, 0, "no navigation when logged out");
    b.screenshot("logged-out").await;

    b.goto("/plan").await;
    b.wait_for_path("/login", "a logged-out visitor asking for the plan")
        .await;
    b.fill("#username", OWNER).await;
    b.fill("#password", PASSWORD).await;
    b.click("form[action='/login'] button[type=submit]").await;
    b.wait_for_path("/plan", "logging in sends you where you were going")
        .await;
    b.goto("/").await;
    assert_eq!(b.text("h1").await, "Your status");
    assert_eq!(
        b.count("svg .map-point").await,
        4,
        "three pulses and a check"
    );
    assert_eq!(
        b.count("svg circle.map-point").await,
        3,
        "pulses are circles"
    );
    b.assert_console_clean("logging out and in").await;
}

/// The printable report: no navigation, the plan, the screening line, and (scripts on) the
/// print button.
async fn printable_report(b: &Browser, adopted: &str) {
    b.goto("/report").await;
    assert_eq!(b.text("h1").await, "Work strain report");
    assert_eq!(b.count("nav").await, 0, "the report has no navigation");
    assert!(b.text("p.screening").await.contains(SCREENING));
    assert!(
        b.text(".report-plan").await.contains(adopted),
        "the report lists the adopted action"
    );
    let print = b.find("button[data-print]").await;
    assert_eq!(
        print.is_displayed().await.ok(),
        Some(true),
        "the script shows the print button"
    );
    b.screenshot("report").await;
    b.screenshot_of(".report figure.chart", "report-trend")
        .await;
    b.assert_console_clean("the report").await;
}
