//! Joining by invite on the web: `/invites/{token}`. Single use, expiry, registering a new
//! account (the only way besides setup, and only with an admin's invite), and joining with an
//! account one already has.

use crate::helpers::{OWNER, PASSWORD, TestApp};
use crate::org_support::{
    account, backend, create_unit, invite, invite_from_team, logged_in, owner_browser, register,
    user_id,
};
use crate::pages_support::assert_no_inline_code;
use anneal_service::org::invites::create_invite;
use anneal_store::org::Role;
use axum::http::StatusCode;
use chrono::{Duration, Utc};

#[tokio::test]
async fn a_visitor_registers_with_an_invite_once_and_is_logged_in() {
    let app = TestApp::new().await;
    let mut admin = owner_browser(&app).await;
    let team = create_unit(&mut admin, "Team A", None).await;
    let link = invite(&mut admin, team, "member").await;

    let mut visitor = app.browser();
    let page = visitor.get(&link).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Create your account"));
    assert_no_inline_code(&page.body, "/invites/{token}");

    let users = app.store().count_users().await.expect("store");
    let (joined, mut mia) = register(&app, &link, "mia").await;
    joined.assert_redirect("/sharing");
    assert_eq!(app.store().count_users().await.expect("store"), users + 1);
    let mia_id = user_id(&app, "mia").await;
    let membership = backend(&app)
        .membership(mia_id)
        .await
        .expect("store")
        .expect("joined");
    assert_eq!(membership.unit, team);
    assert!(!membership.sharing, "joining shares nothing");
    let sharing = mia.get("/sharing").await;
    assert!(sharing.body.contains("Welcome, mia."), "{}", sharing.body);
    assert!(sharing.body.contains("You do not share with Team A."));

    // The same link again: unusable, and no account is left behind.
    let (reused, _) = register(&app, &link, "max").await;
    assert_eq!(reused.status, StatusCode::NOT_FOUND);
    assert!(
        reused.body.contains("already used or expired"),
        "{}",
        reused.body
    );
    assert!(
        app.store()
            .user_by_name("max")
            .await
            .expect("store")
            .is_none()
    );
    assert_eq!(app.store().count_users().await.expect("store"), users + 1);
}

#[tokio::test]
async fn an_expired_or_made_up_invite_does_nothing() {
    let app = TestApp::new().await;
    let mut admin = owner_browser(&app).await;
    let team = create_unit(&mut admin, "Team A", None).await;
    let owner = user_id(&app, OWNER).await;
    let long_ago = Utc::now() - Duration::days(9);
    let expired = create_invite(
        backend(&app),
        owner,
        team,
        Role::Member,
        Duration::days(7),
        long_ago,
    )
    .await
    .expect("invite");
    let users = app.store().count_users().await.expect("store");
    let (answer, _) = register(&app, &expired.url_path, "late").await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert_eq!(app.store().count_users().await.expect("store"), users);

    let mut visitor = app.browser();
    let made_up = visitor.get("/invites/not-a-token").await;
    assert_eq!(made_up.status, StatusCode::NOT_FOUND);
    assert!(made_up.body.contains("This invite cannot be used"));
    let guessed = format!("/invites/{}", "A".repeat(43));
    let (answer, _) = register(&app, &guessed, "guess").await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert_eq!(app.store().count_users().await.expect("store"), users);
}

#[tokio::test]
async fn bad_details_are_shown_again_and_leave_the_invite_usable() {
    let app = TestApp::new().await;
    let mut admin = owner_browser(&app).await;
    let team = create_unit(&mut admin, "Team A", None).await;
    let link = invite(&mut admin, team, "member").await;
    account(&app, "taken").await;
    let users = app.store().count_users().await.expect("store");

    let mut visitor = app.browser();
    let short = visitor
        .submit(
            &link,
            &format!("{link}/register"),
            &[
                ("username", "new"),
                ("password", "short"),
                ("confirm", "short"),
            ],
        )
        .await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        short.body.contains("id=\"password-error\""),
        "{}",
        short.body
    );
    assert!(short.body.contains("value=\"new\""), "the username is kept");
    let mismatch = visitor
        .submit(
            &link,
            &format!("{link}/register"),
            &[
                ("username", "new"),
                ("password", PASSWORD),
                ("confirm", "something else"),
            ],
        )
        .await;
    assert_eq!(mismatch.status, StatusCode::UNPROCESSABLE_ENTITY);
    let (taken, _) = register(&app, &link, "taken").await;
    assert_eq!(taken.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(taken.body.contains("is taken"), "{}", taken.body);
    assert_eq!(app.store().count_users().await.expect("store"), users);

    let (joined, _) = register(&app, &link, "new").await;
    joined.assert_redirect("/sharing");
}

#[tokio::test]
async fn a_logged_in_person_joins_and_a_leader_invite_makes_a_leader() {
    let app = TestApp::new().await;
    let mut admin = owner_browser(&app).await;
    let care = create_unit(&mut admin, "Care", None).await;
    let team = create_unit(&mut admin, "Team A", Some(care)).await;
    let leader_link = invite(&mut admin, care, "leader").await;
    let member_link = invite(&mut admin, team, "member").await;
    account(&app, "lea").await;
    account(&app, "mo").await;

    let mut lea = logged_in(&app, "lea").await;
    let page = lea.get(&leader_link).await;
    assert!(
        page.body
            .contains("You are logged in as <strong>lea</strong>")
    );
    assert!(!page.body.contains("Create your account"));
    let accepted = lea
        .submit(&leader_link, &format!("{leader_link}/accept"), &[])
        .await;
    accepted.assert_redirect(&format!("/team/{}", care.0));
    let lea_id = user_id(&app, "lea").await;
    assert_eq!(
        backend(&app).units_led_by(lea_id).await.expect("store"),
        vec![care]
    );
    assert_eq!(
        backend(&app).membership(lea_id).await.expect("store"),
        None,
        "a leader invite makes a leader, not a member"
    );

    let mut mo = logged_in(&app, "mo").await;
    mo.submit(&member_link, &format!("{member_link}/accept"), &[])
        .await
        .assert_redirect("/sharing");
    let again = mo
        .submit(&member_link, &format!("{member_link}/accept"), &[])
        .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND, "single use");

    // A logged-in person is never offered to register a second account.
    let other = invite(&mut admin, team, "member").await;
    let sneaky = mo
        .submit(
            &other,
            &format!("{other}/register"),
            &[
                ("username", "second"),
                ("password", PASSWORD),
                ("confirm", PASSWORD),
            ],
        )
        .await;
    assert!(
        matches!(sneaky.status, StatusCode::SEE_OTHER | StatusCode::FORBIDDEN),
        "{}",
        sneaky.status
    );
    assert!(
        app.store()
            .user_by_name("second")
            .await
            .expect("store")
            .is_none()
    );
}

#[tokio::test]
async fn an_admins_invite_registers_a_new_account() {
    let app = TestApp::new().await;
    let mut admin = owner_browser(&app).await;
    let team = create_unit(&mut admin, "Team A", None).await;
    let link = invite(&mut admin, team, "member").await;
    let page = app.browser().get(&link).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Someone invited you to join Team A"));
    assert!(page.body.contains(&format!("action=\"{link}/register\"")));
    assert!(!page.body.contains("id=\"needs-account\""));

    let users = app.store().count_users().await.expect("store");
    let (joined, _) = register(&app, &link, "nia").await;
    joined.assert_redirect("/sharing");
    assert_eq!(app.store().count_users().await.expect("store"), users + 1);
    let nia = user_id(&app, "nia").await;
    assert_eq!(
        backend(&app)
            .membership(nia)
            .await
            .expect("store")
            .map(|m| m.unit),
        Some(team)
    );
}

#[tokio::test]
async fn a_leaders_invite_creates_no_account_and_a_logged_in_person_accepts_it() {
    let app = TestApp::new().await;
    let mut admin = owner_browser(&app).await;
    let team = create_unit(&mut admin, "Team A", None).await;
    let lea = account(&app, "lea").await;
    backend(&app)
        .set_leader(team, lea, true)
        .await
        .expect("leader");
    let mut leader = logged_in(&app, "lea").await;
    let link = invite_from_team(&mut leader, team).await;
    let why = "This invite is from a leader: sign in to your account to accept it, or ask an \
               admin for an invite that creates an account.";

    // A visitor is asked to log in, and offered no form to create an account.
    let page = app.browser().get(&link).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_no_inline_code(&page.body, "/invites/{token} (a leader's)");
    assert!(page.body.contains(why), "{}", page.body);
    assert!(!page.body.contains("Create your account"));
    assert!(!page.body.contains(&format!("action=\"{link}/register\"")));
    assert!(page.body.contains(&format!("href=\"/login?next={link}\"")));

    // A registration sent anyway is refused plainly, creates no account and leaves the invite
    // usable.
    let users = app.store().count_users().await.expect("store");
    let (refused, _) = register(&app, &link, "made-up").await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    assert!(refused.body.contains(why), "{}", refused.body);
    assert!(!refused.body.contains("Create your account"));
    assert_eq!(app.store().count_users().await.expect("store"), users);
    assert!(
        app.store()
            .user_by_name("made-up")
            .await
            .expect("store")
            .is_none()
    );
    assert_eq!(backend(&app).member_count(team).await.expect("store"), 0);

    // Someone with an account logs in and accepts it.
    let mo = account(&app, "mo").await;
    let mut person = logged_in(&app, "mo").await;
    let page = person.get(&link).await;
    assert!(
        page.body
            .contains("You are logged in as <strong>mo</strong>")
    );
    assert!(!page.body.contains(why));
    person
        .submit(&link, &format!("{link}/accept"), &[])
        .await
        .assert_redirect("/sharing");
    assert_eq!(
        backend(&app)
            .membership(mo)
            .await
            .expect("store")
            .map(|m| m.unit),
        Some(team)
    );
    assert_eq!(
        app.store().count_users().await.expect("store"),
        users + 1,
        "only mo's own account"
    );
}
