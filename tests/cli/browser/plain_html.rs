//! The forms are plain HTML: with page scripts switched off in the browser, the owner account is
//! created and a pulse is taken on a phone-sized window, and the status draws it.

use super::driver::{Browser, PHONE, artifacts_dir};
use super::server::AnnealServer;
use super::tools;
use crate::util::{Env, answers};

const OWNER: &str = "sam";
const PASSWORD: &str = "plain forms need no script";
const NOTE: &str = "Three deadlines in one week.";

#[tokio::test]
async fn the_pulse_form_works_without_javascript() {
    let Some(tools) = tools::find_or_skip("the browser test without JavaScript") else {
        return;
    };
    let env = Env::new();
    let artifacts = artifacts_dir("no-javascript");
    let server = AnnealServer::start(&env, &artifacts.join("server.log"));
    let b = Browser::start(&tools, &server, &artifacts, false).await;
    b.resize(PHONE).await;

    b.goto("/").await;
    b.wait_for_path("/setup", "a fresh install").await;
    b.fill("#username", OWNER).await;
    b.fill("#password", PASSWORD).await;
    b.fill("#confirm", PASSWORD).await;
    b.click("form[action='/setup'] button[type=submit]").await;
    b.wait_for_path("/", "after creating the account").await;
    b.assert_console_clean("setup without scripts").await;

    b.click("a.button[href='/pulse']").await;
    b.wait_for_path("/pulse", "the welcome page's pulse button")
        .await;
    let wanted = answers(&env.instrument("pulse"), 0.7, 0.2, 0.5);
    let questions = b.all("fieldset.question:not(.extras)").await;
    assert!(!questions.is_empty(), "the pulse has questions");
    for q in questions {
        let anchor = q.attr("id").await.ok().flatten().unwrap_or_default();
        let item = anchor.strip_prefix("q-").unwrap_or(&anchor);
        let Some(value) = wanted[item].as_i64() else {
            panic!("the pulse asks {item:?}, which `instruments show` does not list");
        };
        b.click(&format!("label[for='{anchor}-{value}']")).await;
    }
    b.click("label[for=stuck]").await;
    b.fill("#note", NOTE).await;
    b.screenshot("pulse-filled-phone").await;
    b.click("form[action='/pulse'] button[type=submit]").await;
    b.wait_for_path("/results/*", "after saving the pulse")
        .await;
    assert_eq!(b.text("h1").await, "Your pulse result");
    assert_eq!(b.text(".private-note").await, NOTE);
    assert!(
        b.text(".facts").await.contains("stuck"),
        "the stuck box counted"
    );
    b.screenshot("pulse-result-phone").await;
    b.assert_console_clean("the pulse without scripts").await;

    b.goto("/").await;
    assert_eq!(b.text("h1").await, "Your status");
    assert_eq!(b.count("svg .map-point").await, 1, "one pulse, one point");
    assert_eq!(b.count("svg .trend-point.burnout").await, 1);

    // The script really was off: it is what shows the report's print button.
    b.goto("/report").await;
    let print = b.find("button[data-print]").await;
    assert_eq!(
        print.is_displayed().await.ok(),
        Some(false),
        "page scripts ran although they were switched off"
    );
    b.assert_console_clean("status and report without scripts")
        .await;
}
