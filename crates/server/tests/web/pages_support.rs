//! Helpers of the person's page tests: answers to post, the owner's record, and the checks every
//! page must pass (no inline script, no `style` attributes).

use crate::helpers::{Answer, Browser, OWNER, TestApp};
use anneal_core::instrument::builtin_by_id;
use anneal_store::User;
use axum::http::StatusCode;

/// Every pulse item answered with its scale's value at `position` (0 = first option), as form
/// fields. `None` for an item leaves it out.
pub fn pulse_fields(pick: impl Fn(&str) -> Option<usize>) -> Vec<(String, String)> {
    instrument_fields("pulse", pick)
}

/// Every Spectrum check item answered like [`pulse_fields`].
pub fn spectrum_fields(pick: impl Fn(&str) -> Option<usize>) -> Vec<(String, String)> {
    instrument_fields("spectrum", pick)
}

fn instrument_fields(id: &str, pick: impl Fn(&str) -> Option<usize>) -> Vec<(String, String)> {
    let instrument = builtin_by_id(id).expect("built-in instrument");
    instrument
        .items
        .iter()
        .filter_map(|item| {
            let scale = instrument.scale_of(item);
            let at = pick(&item.id)?.min(scale.values.len() - 1);
            Some((format!("q.{}", item.id), scale.values[at].to_string()))
        })
        .collect()
}

/// A pulse that leans toward burnout: little energy, far too much to do, much stress; meaning,
/// growth, use of skills and connection all good.
pub fn strained_pulse() -> Vec<(String, String)> {
    pulse_fields(|id| match id {
        "energy" => Some(0),
        "load" => Some(6),
        // Feeling down "not at all": this profile is about load, not the safety notice.
        "mood" => Some(0),
        _ => Some(4),
    })
}

/// Posts `fields` (plus the page's CSRF token) to `action`, reading the token from `page`.
pub async fn submit_owned(
    browser: &mut Browser<'_>,
    page: &str,
    action: &str,
    fields: &[(String, String)],
) -> Answer {
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    browser.submit(page, action, &pairs).await
}

/// Posts a strained pulse and returns the id of the stored answers.
pub async fn record_pulse(browser: &mut Browser<'_>, fields: &[(String, String)]) -> i64 {
    let answer = submit_owned(browser, "/pulse", "/pulse", fields).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    answer
        .location()
        .strip_prefix("/results/")
        .and_then(|id| id.parse().ok())
        .expect("redirect to the result")
}

pub async fn owner(app: &TestApp) -> User {
    app.store()
        .user_by_name(OWNER)
        .await
        .expect("lookup")
        .expect("owner")
}

/// Whether the page has a `<script>` with content of its own, or any `style` attribute or
/// inline event handler.
#[track_caller]
pub fn assert_no_inline_code(html: &str, what: &str) {
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let open_end = after.find('>').expect("script tag closes");
        let close = after.find("</script>").expect("script element closes");
        assert!(
            after[..open_end].contains(" src="),
            "{what}: a script without src"
        );
        assert!(
            after[open_end + 1..close].trim().is_empty(),
            "{what}: a script with inline content"
        );
        rest = &after[close..];
    }
    let lower = html.to_ascii_lowercase();
    for bad in [
        " style=",
        "\tstyle=",
        "\nstyle=",
        " onclick=",
        " onload=",
        " onsubmit=",
        " onchange=",
    ] {
        assert!(!lower.contains(bad), "{what}: has {bad:?}");
    }
    assert!(!lower.contains("<style"), "{what}: has a <style> element");
}

#[test]
fn the_inline_code_check_can_fail() {
    let caught = |html: &'static str| {
        std::panic::catch_unwind(|| assert_no_inline_code(html, "sample")).is_err()
    };
    assert!(caught("<p style=\"color:red\">x</p>"));
    assert!(caught("<script>alert(1)</script>"));
    assert!(caught("<button onclick=\"x()\">"));
    assert!(caught("<style>p{}</style>"));
    assert!(!caught(
        "<script src=\"/a.js\" defer></script><p class=\"x\">style=</p>"
    ));
}
