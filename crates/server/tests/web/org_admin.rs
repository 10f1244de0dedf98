//! Running the organisation on the web: `/org` and `/org/units/{id}` (admins only), and the
//! navigation links that only leaders and admins get.

use crate::helpers::{OWNER, TestApp};
use crate::org_support::{
    account, backend, create_unit, invite, logged_in, owner_browser, user_id,
};
use crate::pages_support::assert_no_inline_code;
use axum::http::StatusCode;

fn nav_labels(body: &str) -> (bool, bool) {
    let nav = body
        .split("<nav aria-label=\"Main\">")
        .nth(1)
        .and_then(|rest| rest.split("</nav>").next())
        .unwrap_or_default();
    (nav.contains(">Team</a>"), nav.contains(">Organisation</a>"))
}

#[tokio::test]
async fn the_owner_is_an_admin_and_builds_units_and_invites() {
    let app = TestApp::new().await;
    let mut admin = owner_browser(&app).await;
    let owner = user_id(&app, OWNER).await;
    assert!(backend(&app).is_admin(owner).await.expect("store"));

    let empty = admin.get("/org").await;
    assert_eq!(empty.status, StatusCode::OK);
    assert!(empty.body.contains("There are no units yet"));
    assert_no_inline_code(&empty.body, "/org");

    let top = create_unit(&mut admin, "Riverside", None).await;
    let care = create_unit(&mut admin, "Care", Some(top)).await;
    let team = create_unit(&mut admin, "Team A", Some(care)).await;
    let page = admin.get("/org").await.body;
    let tree = page
        .split("<ul class=\"unit-tree\">")
        .nth(1)
        .and_then(|rest| rest.split("</ul>").next())
        .expect("the tree")
        .to_string();
    let (r, c, t) = (
        tree.find("Riverside").expect("top"),
        tree.find(">Care<").expect("care"),
        tree.find("Team A").expect("team"),
    );
    assert!(r < c && c < t, "parents come before their units");
    assert!(
        tree.contains("class=\"depth-2\""),
        "Team A is two levels down"
    );

    let page = admin.get(&format!("/org/units/{}", team.0)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Privacy rules"));
    assert!(page.body.contains("at least 5 people"), "{}", page.body);
    assert_no_inline_code(&page.body, "/org/units/{id}");

    // Rename, then refuse an empty name next to its field.
    let unit_page = format!("/org/units/{}", team.0);
    let renamed = admin
        .submit(
            &unit_page,
            &format!("{unit_page}/rename"),
            &[("name", "Team Alpha")],
        )
        .await;
    renamed.assert_redirect(&unit_page);
    let refused = admin
        .submit(
            &unit_page,
            &format!("{unit_page}/rename"),
            &[("name", "  ")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("A unit needs a name."),
        "{}",
        refused.body
    );
    assert_eq!(
        backend(&app)
            .unit(team)
            .await
            .expect("store")
            .expect("unit")
            .name,
        "Team Alpha"
    );

    // A unit cannot move under itself or below it; it can move to the top.
    let care_page = format!("/org/units/{}", care.0);
    let cycle = admin
        .submit(
            &care_page,
            &format!("{care_page}/move"),
            &[("parent", &team.0.to_string())],
        )
        .await;
    assert_eq!(cycle.status, StatusCode::UNPROCESSABLE_ENTITY);
    let moved = admin
        .submit(&unit_page, &format!("{unit_page}/move"), &[("parent", "")])
        .await;
    moved.assert_redirect(&unit_page);
    assert_eq!(
        backend(&app)
            .unit(team)
            .await
            .expect("store")
            .expect("unit")
            .parent,
        None
    );

    // Rules: k out of range is refused by the service; a valid change says what it does.
    let rules = format!("{unit_page}/rules");
    let bad = admin
        .submit(
            &unit_page,
            &rules,
            &[("k", "2"), ("epsilon", ""), ("budget", "")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("id=\"k-error\""), "{}", bad.body);
    let no_budget = admin
        .submit(
            &unit_page,
            &rules,
            &[("k", "5"), ("epsilon", "11"), ("budget", "")],
        )
        .await;
    assert_eq!(no_budget.status, StatusCode::UNPROCESSABLE_ENTITY);
    let good = admin
        .submit(
            &unit_page,
            &rules,
            &[("k", "8"), ("epsilon", ""), ("budget", "")],
        )
        .await;
    good.assert_redirect(&unit_page);
    let shown = admin.get(&unit_page).await;
    assert!(shown.body.contains("at least 8 people"), "{}", shown.body);
    let looser = admin
        .submit(
            &unit_page,
            &rules,
            &[("k", "4"), ("epsilon", ""), ("budget", "")],
        )
        .await;
    looser.assert_redirect(&unit_page);
    let flash = admin.get(&unit_page).await;
    assert!(
        flash
            .body
            .contains("applies only to check-ins given from now on"),
        "a loosening says it does not reach past data: {}",
        flash.body
    );

    // Leaders from the list of accounts.
    let lea = account(&app, "lea").await;
    let added = admin
        .submit(
            &unit_page,
            &format!("{unit_page}/leaders"),
            &[("user", &lea.0.to_string())],
        )
        .await;
    added.assert_redirect(&unit_page);
    assert_eq!(
        backend(&app).units_led_by(lea).await.expect("store"),
        vec![team]
    );
    let removed = admin
        .submit(
            &unit_page,
            &format!("{unit_page}/leaders/{}/remove", lea.0),
            &[],
        )
        .await;
    removed.assert_redirect(&unit_page);
    assert!(
        backend(&app)
            .units_led_by(lea)
            .await
            .expect("store")
            .is_empty()
    );

    // An invite link is shown once, absolute, with its expiry.
    let link = invite(&mut admin, team, "member").await;
    assert_eq!(link.len(), "/invites/".len() + 43);
    let again = admin.get(&unit_page).await;
    assert!(!again.body.contains(&link), "the link is not shown again");

    // Archive: a label; the unit takes no one new.
    let archived = admin
        .submit(&unit_page, &format!("{unit_page}/archive"), &[])
        .await;
    archived.assert_redirect(&unit_page);
    let closed = admin
        .submit(
            &unit_page,
            &format!("{unit_page}/invites"),
            &[("role", "member"), ("days", "7")],
        )
        .await;
    assert_eq!(closed.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn only_admins_run_the_organisation() {
    let app = TestApp::new().await;
    let mut admin = owner_browser(&app).await;
    let top = create_unit(&mut admin, "Riverside", None).await;
    account(&app, "mo").await;
    let mut member = logged_in(&app, "mo").await;
    let refused = member.get("/org").await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(
        refused.body.contains("nly an admin can"),
        "{}",
        refused.body
    );
    assert_eq!(
        member.get(&format!("/org/units/{}", top.0)).await.status,
        StatusCode::FORBIDDEN
    );
    let forged = member
        .submit("/", "/org/units", &[("name", "Mine"), ("parent", "")])
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert_eq!(backend(&app).units().await.expect("store").len(), 1);
    let rename = member
        .submit(
            "/",
            &format!("/org/units/{}/rename", top.0),
            &[("name", "Taken over")],
        )
        .await;
    assert_eq!(rename.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_nav_shows_team_and_organisation_only_to_their_people() {
    let app = TestApp::new().await;
    let mut admin = owner_browser(&app).await;
    let home = admin.get("/account").await;
    assert_eq!(
        nav_labels(&home.body),
        (false, true),
        "the admin leads nothing"
    );

    let top = create_unit(&mut admin, "Riverside", None).await;
    let lea = account(&app, "lea").await;
    account(&app, "mo").await;
    let page = format!("/org/units/{}", top.0);
    admin
        .submit(
            &page,
            &format!("{page}/leaders"),
            &[("user", &lea.0.to_string())],
        )
        .await
        .assert_redirect(&page);

    let mut leader = logged_in(&app, "lea").await;
    assert_eq!(
        nav_labels(&leader.get("/account").await.body),
        (true, false)
    );
    let mut member = logged_in(&app, "mo").await;
    assert_eq!(
        nav_labels(&member.get("/account").await.body),
        (false, false)
    );

    let owner = user_id(&app, OWNER).await;
    backend(&app)
        .set_leader(top, owner, true)
        .await
        .expect("store");
    assert_eq!(nav_labels(&admin.get("/").await.body), (true, true));
}
