//! A person's side of teams on the web: `/sharing` (the rules in plain words and the switch),
//! what a shared pulse adds to the team's weekly cell, and conversation briefs (`/brief`,
//! `/inbox`).

use crate::helpers::TestApp;
use crate::org_support::{account, backend, create_unit, logged_in, owner_browser};
use crate::pages_support::{assert_no_inline_code, record_pulse, strained_pulse};
use anneal_service::org::convert::week_received;
use anneal_store::org::UnitId;
use axum::http::StatusCode;
use chrono::{Duration, Utc};

/// Respondents in `unit`'s own cell this week (or the week just begun, if the test crossed
/// midnight on a Sunday).
async fn respondents_now(app: &TestApp, unit: UnitId, started: chrono::DateTime<Utc>) -> u64 {
    let mut weeks = vec![week_received(started), week_received(Utc::now())];
    weeks.dedup();
    let mut total = 0;
    for week in weeks {
        let cells = backend(app).cells(week).await.expect("cells");
        total += cells.get(&unit).map_or(0, |c| c.respondents);
    }
    total
}

#[tokio::test]
async fn the_switch_decides_whether_the_next_pulse_counts_for_the_team() {
    let app = TestApp::new().await;
    let mut admin = owner_browser(&app).await;
    let team = create_unit(&mut admin, "Team A", None).await;
    for name in ["mia", "max"] {
        let id = account(&app, name).await;
        backend(&app)
            .join_unit(id, team, Utc::now())
            .await
            .expect("join");
    }
    let started = Utc::now();
    let mut mia = logged_in(&app, "mia").await;
    let mut max = logged_in(&app, "max").await;

    let pulse = mia.get("/pulse").await;
    assert!(
        pulse.body.contains("href=\"/sharing\""),
        "the pulse page links to the rules"
    );
    let page = mia.get("/sharing").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_no_inline_code(&page.body, "/sharing");
    assert!(page.body.contains("You do not share with Team A."));
    assert!(page.body.contains("at least 5 people"), "k in plain words");
    assert!(page.body.contains("never see"));
    assert!(page.body.contains("your journal"));

    record_pulse(&mut mia, &strained_pulse()).await;
    assert_eq!(respondents_now(&app, team, started).await, 0, "not shared");

    mia.submit("/sharing", "/sharing", &[("share", "yes")])
        .await
        .assert_redirect("/sharing");
    assert!(
        mia.get("/sharing")
            .await
            .body
            .contains("You share your weekly pulse with Team A.")
    );
    record_pulse(&mut mia, &strained_pulse()).await;
    assert_eq!(respondents_now(&app, team, started).await, 1);

    record_pulse(&mut max, &strained_pulse()).await;
    assert_eq!(
        respondents_now(&app, team, started).await,
        1,
        "max does not share"
    );
    max.submit("/sharing", "/sharing", &[("share", "yes")])
        .await
        .assert_redirect("/sharing");
    record_pulse(&mut max, &strained_pulse()).await;
    assert_eq!(respondents_now(&app, team, started).await, 2);

    max.submit("/sharing", "/sharing", &[("share", "no")])
        .await
        .assert_redirect("/sharing");
    assert_eq!(
        respondents_now(&app, team, started).await,
        1,
        "stopping takes this week's shared check-in back: it has not been shown yet"
    );
    let stopped = max.get("/sharing").await;
    assert!(
        unescaped(&stopped.body).contains("this week's shared check-in was taken back"),
        "{}",
        stopped.body
    );
    record_pulse(&mut max, &strained_pulse()).await;
    assert_eq!(
        respondents_now(&app, team, started).await,
        1,
        "what comes after does not join it"
    );
}

/// The page's text with the escapes of `'`, `"` and `&` undone.
fn unescaped(html: &str) -> String {
    html.replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&amp;", "&")
}

/// Both pages a member reads before sharing say what stopping, leaving or moving takes back.
const TAKE_BACK: &str = "Turning sharing off, leaving your unit or moving to another takes back \
                         this week's shared check-in: it has not been shown yet. Weeks already \
                         released stay as they are.";

#[tokio::test]
async fn members_see_how_many_are_in_their_unit_and_how_many_joined_lately() {
    let app = TestApp::new().await;
    let mut admin = owner_browser(&app).await;
    let ward = create_unit(&mut admin, "Ward 7", None).await;
    let other = create_unit(&mut admin, "Ward 8", None).await;
    let now = Utc::now();
    for (name, joined) in [
        ("old", now - Duration::days(40)),
        ("mia", now - Duration::days(10)),
        ("max", now - Duration::hours(1)),
    ] {
        let id = account(&app, name).await;
        backend(&app)
            .join_unit(id, ward, joined)
            .await
            .expect("join");
    }
    // Neither a leader who is not a member nor another unit's member counts.
    let lead = account(&app, "lead").await;
    backend(&app)
        .set_leader(ward, lead, true)
        .await
        .expect("leader");
    let elsewhere = account(&app, "elsewhere").await;
    backend(&app)
        .join_unit(elsewhere, other, now)
        .await
        .expect("join");

    let said = "Your unit, Ward 7, has 3 members; 2 joined in the last 28 days. If people you \
                don't know joined, ask your leader or an admin: made-up accounts would make the \
                group look bigger than it is.";
    let mut mia = logged_in(&app, "mia").await;
    for page in ["/sharing", "/pulse"] {
        let answer = mia.get(page).await;
        assert_eq!(answer.status, StatusCode::OK, "{page}");
        assert_no_inline_code(&answer.body, page);
        let text = unescaped(&answer.body);
        assert!(text.contains(said), "{page}: {}", answer.body);
        assert!(text.contains(TAKE_BACK), "{page}: {}", answer.body);
    }
    let mut leader = logged_in(&app, "lead").await;
    let pulse = leader.get("/pulse").await;
    assert!(
        !pulse.body.contains("id=\"unit-members\""),
        "outside a unit there is no headcount"
    );
}

#[tokio::test]
async fn without_a_team_nothing_is_shared_and_the_page_says_how_to_join() {
    let app = TestApp::new().await;
    owner_browser(&app).await;
    account(&app, "solo").await;
    let mut solo = logged_in(&app, "solo").await;
    let page = solo.get("/sharing").await;
    assert!(page.body.contains("not in a team"), "{}", page.body);
    let switched = solo
        .submit("/sharing", "/sharing", &[("share", "yes")])
        .await;
    switched.assert_redirect("/sharing");
    assert!(
        solo.get("/sharing")
            .await
            .body
            .contains("join one with an invite link")
    );
    let brief = solo.get("/brief").await;
    assert_eq!(brief.status, StatusCode::OK);
    assert!(brief.body.contains("no leader to send a brief to"));
}

#[tokio::test]
async fn a_brief_reaches_only_the_leader_it_is_sent_to() {
    let app = TestApp::new().await;
    let mut admin = owner_browser(&app).await;
    let team = create_unit(&mut admin, "Team A", None).await;
    let other = create_unit(&mut admin, "Team B", None).await;
    let mia = account(&app, "mia").await;
    let lea = account(&app, "lea").await;
    let leo = account(&app, "leo").await;
    let outsider = account(&app, "olaf").await;
    let store = backend(&app);
    store.join_unit(mia, team, Utc::now()).await.expect("join");
    store.set_leader(team, lea, true).await.expect("leader");
    store.set_leader(team, leo, true).await.expect("leader");
    store
        .set_leader(other, outsider, true)
        .await
        .expect("leader");

    let mut person = logged_in(&app, "mia").await;
    record_pulse(&mut person, &strained_pulse()).await;
    let page = person.get("/brief").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_no_inline_code(&page.body, "/brief");
    assert!(
        page.body.contains("What I notice"),
        "a draft: {}",
        page.body
    );
    assert!(page.body.contains(&format!("value=\"{}\"", lea.0)));
    assert!(
        !page.body.contains(&format!("value=\"{}\"", outsider.0)),
        "only her unit's leaders"
    );

    let text = "What I notice\n- I would like more stretch.\n\nCould we talk?";
    person
        .submit(
            "/brief",
            "/brief",
            &[("to", &lea.0.to_string()), ("text", text)],
        )
        .await
        .assert_redirect("/brief");
    let sent = person.get("/brief").await;
    assert!(sent.body.contains("Sent to lea."), "{}", sent.body);
    assert!(sent.body.contains("What you sent"));

    let wrong = person
        .submit(
            "/brief",
            "/brief",
            &[("to", &outsider.0.to_string()), ("text", text)],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        wrong.body.contains("not a leader of your unit"),
        "{}",
        wrong.body
    );
    let empty = person
        .submit(
            "/brief",
            "/brief",
            &[("to", &lea.0.to_string()), ("text", "  ")],
        )
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);

    let mut to = logged_in(&app, "lea").await;
    let inbox = to.get("/inbox").await;
    assert_no_inline_code(&inbox.body, "/inbox");
    assert!(
        inbox.body.contains("From <strong>mia</strong>"),
        "{}",
        inbox.body
    );
    assert!(inbox.body.contains("I would like more stretch."));
    assert!(
        !inbox.body.contains("Low energy"),
        "nothing but the text crosses"
    );
    let id = store.inbox(lea).await.expect("inbox")[0].id;
    to.submit("/inbox", &format!("/inbox/{id}/read"), &[])
        .await
        .assert_redirect("/inbox");
    assert!(store.inbox(lea).await.expect("inbox")[0].read_at.is_some());

    for name in ["leo", "olaf"] {
        let mut other = logged_in(&app, name).await;
        let inbox = other.get("/inbox").await;
        assert!(
            inbox.body.contains("No briefs yet."),
            "{name}: {}",
            inbox.body
        );
        let stolen = other
            .submit("/inbox", &format!("/inbox/{id}/read"), &[])
            .await;
        assert_eq!(stolen.status, StatusCode::NOT_FOUND, "{name}");
    }
}
