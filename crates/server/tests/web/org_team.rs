//! The leader's dashboard on the web: `/team` and `/team/{unit}`. Who may look, and that a group
//! below k says "not shown" without any count while a larger one shows its figures.

use crate::helpers::{OWNER, TestApp};
use crate::org_support::{account, backend, logged_in, owner_browser, seed_org, user_id};
use crate::pages_support::assert_no_inline_code;
use axum::http::StatusCode;

#[tokio::test]
async fn a_member_sees_no_summary_and_a_leader_sees_their_units_and_below_only() {
    let app = TestApp::new().await;
    owner_browser(&app).await;
    let owner = user_id(&app, OWNER).await;
    let org = seed_org(&app, owner, 6, 2).await;
    let lea = account(&app, "lea").await;
    backend(&app)
        .set_leader(org.care, lea, true)
        .await
        .expect("store");
    let mo = account(&app, "mo").await;
    backend(&app)
        .join_unit(mo, org.team_a, chrono::Utc::now())
        .await
        .expect("join");

    let mut member = logged_in(&app, "mo").await;
    for unit in [org.top, org.care, org.team_a, org.team_b, org.records] {
        let answer = member.get(&format!("/team/{}", unit.0)).await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "unit {}", unit.0);
        assert!(!answer.body.contains("How the group is doing"));
    }
    assert_eq!(member.get("/team").await.status, StatusCode::FORBIDDEN);

    let mut leader = logged_in(&app, "lea").await;
    let index = leader.get("/team").await;
    assert_eq!(index.status, StatusCode::OK);
    assert!(
        index
            .body
            .contains(&format!("href=\"/team/{}\"", org.care.0))
    );
    assert_no_inline_code(&index.body, "/team");
    for unit in [org.care, org.team_a, org.team_b] {
        let answer = leader.get(&format!("/team/{}", unit.0)).await;
        assert_eq!(answer.status, StatusCode::OK, "unit {}", unit.0);
        assert_no_inline_code(&answer.body, "/team/{unit}");
    }
    for unit in [org.top, org.records] {
        let answer = leader.get(&format!("/team/{}", unit.0)).await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "unit {}", unit.0);
    }
    let care = leader.get(&format!("/team/{}", org.care.0)).await;
    assert!(care.body.contains("Units below"));
    assert!(care.body.contains(&format!("/team/{}?from=", org.team_a.0)));

    // Admins may look at every unit.
    let mut admin = logged_in(&app, OWNER).await;
    assert_eq!(
        admin.get(&format!("/team/{}", org.records.0)).await.status,
        StatusCode::OK
    );
    admin.get("/team").await.assert_redirect("/org");
}

#[tokio::test]
async fn fewer_than_k_says_not_shown_without_a_count_and_enough_shows_the_figures() {
    let app = TestApp::new().await;
    owner_browser(&app).await;
    let owner = user_id(&app, OWNER).await;
    // Team B has 2 people (below k = 5); Team A is hidden too, or Care minus Team A would give
    // Team B away. Care, with 8, is shown.
    let org = seed_org(&app, owner, 6, 2).await;
    let mut admin = logged_in(&app, OWNER).await;

    for unit in [org.team_b, org.team_a] {
        let hidden = admin.get(&format!("/team/{}", unit.0)).await;
        assert_eq!(hidden.status, StatusCode::OK);
        let body = &hidden.body;
        assert!(body.contains("Not shown"), "{body}");
        assert!(!body.contains("How the group is doing"));
        assert!(!body.contains("of possible check-ins"));
        assert!(!body.contains("class=\"big\""), "no figure at all");
        assert!(!body.contains('%'), "no share of anything");
        for count in ["2 people", "2 of", "6 people", "6 of", "respondents"] {
            assert!(!body.contains(count), "{count} gives a size away");
        }
    }

    let shown = admin.get(&format!("/team/{}", org.care.0)).await;
    let body = &shown.body;
    assert!(body.contains("How the group is doing"), "{body}");
    assert!(body.contains("4 of the 12 weeks could be shown"), "{body}");
    assert!(body.contains("Units below"));
    let below = body
        .split("id=\"below-heading\"")
        .nth(1)
        .and_then(|rest| rest.split("</section>").next())
        .expect("units below");
    assert!(below.contains("Team A") && below.contains("Team B"));
    assert_eq!(
        below.matches("Not shown").count(),
        2,
        "both teams are hidden"
    );
    assert!(body.contains("of possible check-ins"));
    assert!(body.contains("class=\"big\""));
    assert!(body.contains("Burnout") && body.contains("Rust-out"));
    assert!(body.contains("zone-bar"));
    assert!(body.contains("class=\"anneal-chart trend-chart\"") || body.contains("trend-chart"));
    assert!(
        body.contains("A real shift")
            || body.contains("No clear change")
            || body.contains("Not enough shown weeks"),
        "change is judged: {body}"
    );
    assert!(body.contains("Weeks not shown"));
    assert!(body.contains("What you could do"));
    assert_no_inline_code(body, "/team/{unit} with figures");

    // A window picked by hand: only the last of the four weeks.
    let last = org.weeks.last().expect("a week");
    let one = admin
        .get(&format!("/team/{}?from={last}&to={last}", org.care.0))
        .await;
    assert!(one.body.contains("The week could be shown"), "{}", one.body);
    let bad = admin
        .get(&format!("/team/{}?from=yesterday", org.care.0))
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn with_noise_the_dashboard_says_so_and_gives_each_figure_its_range() {
    let app = TestApp::new().await;
    owner_browser(&app).await;
    let owner = user_id(&app, OWNER).await;
    let org = seed_org(&app, owner, 6, 2).await;
    anneal_service::org::admin::set_rules(
        backend(&app),
        owner,
        org.care,
        anneal_service::org::admin::RulesRequest {
            k: 5,
            epsilon: Some(2.0),
            quarterly_budget: Some(40.0),
        },
        chrono::Utc::now(),
    )
    .await
    .expect("rules");
    let mut admin = logged_in(&app, OWNER).await;
    let page = admin.get(&format!("/team/{}", org.care.0)).await;
    let body = &page.body;
    assert!(body.contains("How the group is doing"), "{body}");
    assert!(body.contains("Random noise was added"), "{body}");
    assert!(
        body.contains("at 90\u{a0}%"),
        "each mean carries its range: {body}"
    );
}
