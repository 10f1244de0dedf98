//! Helpers of the teams tests: accounts that can log in, units and invites made through the
//! pages, and an organisation with shared check-ins in weeks that have already ended (so that
//! they can be released and shown).

use crate::helpers::{Answer, Browser, OWNER, PASSWORD, TestApp};
use anneal_core::demo::{DemoRng, Strain, answers_for};
use anneal_core::instrument::builtin_by_id;
use anneal_core::scoring::score;
use anneal_server::PasswordCost;
use anneal_server::auth::password;
use anneal_service::org::admin;
use anneal_service::org::convert::{contribution, last_closed_week, pulse_dimensions};
use anneal_store::org::{ShareIntoCell, UnitId};
use anneal_store::{Backend, NewResponse, NewUser, ResponseKind, UserId};
use axum::http::StatusCode;
use chrono::{Days, Duration, NaiveDate, NaiveTime, Utc};

pub fn backend(app: &TestApp) -> &dyn Backend {
    &*app.state.store
}

/// Creates an account that can log in with [`PASSWORD`].
pub async fn account(app: &TestApp, name: &str) -> UserId {
    let hash = password::hash(PASSWORD, PasswordCost::InsecureFastForTests)
        .await
        .expect("hash");
    app.store()
        .create_user(NewUser {
            username: name.into(),
            password_hash: Some(hash),
        })
        .await
        .expect("create user")
        .id
}

/// A browser logged in as `name`.
pub async fn logged_in<'a>(app: &'a TestApp, name: &str) -> Browser<'a> {
    let mut browser = app.browser();
    let answer = browser.login(name, PASSWORD).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    browser
}

/// The owner, logged in (the owner is the first admin).
pub async fn owner_browser(app: &TestApp) -> Browser<'_> {
    let mut browser = app.browser();
    browser.setup(OWNER, PASSWORD).await;
    browser
}

pub async fn user_id(app: &TestApp, name: &str) -> UserId {
    app.store()
        .user_by_name(name)
        .await
        .expect("lookup")
        .expect("the account exists")
        .id
}

/// Creates a unit through `/org` and returns its id.
pub async fn create_unit(browser: &mut Browser<'_>, name: &str, parent: Option<UnitId>) -> UnitId {
    let parent = parent.map(|p| p.0.to_string()).unwrap_or_default();
    let answer = browser
        .submit("/org", "/org/units", &[("name", name), ("parent", &parent)])
        .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    let id = answer
        .location()
        .strip_prefix("/org/units/")
        .and_then(|id| id.parse().ok())
        .expect("redirect to the unit's page");
    UnitId(id)
}

/// The text of `<code id="invite-link">…</code>` on the page that shows a new invite.
pub fn invite_link_of(answer: &Answer) -> String {
    let marker = "<code id=\"invite-link\">";
    let start = answer.body.find(marker).expect("the page shows the link") + marker.len();
    let end = answer.body[start..].find("</code>").expect("closing tag") + start;
    answer.body[start..end].to_string()
}

/// Creates an invite through the unit's admin page; returns the link's path (`/invites/…`).
pub async fn invite(browser: &mut Browser<'_>, unit: UnitId, role: &str) -> String {
    let page = format!("/org/units/{}", unit.0);
    let answer = browser
        .submit(
            &page,
            &format!("{page}/invites"),
            &[("role", role), ("days", "7")],
        )
        .await;
    link_path_of(&answer)
}

/// Creates a member invite from a leader's dashboard (`/team/{id}`), as that leader; returns the
/// link's path.
pub async fn invite_from_team(browser: &mut Browser<'_>, unit: UnitId) -> String {
    let answer = browser
        .submit(
            &format!("/team/{}", unit.0),
            &format!("/org/units/{}/invites", unit.0),
            &[("role", "member"), ("days", "7"), ("back", "team")],
        )
        .await;
    link_path_of(&answer)
}

/// The path (`/invites/…`) of the link on the page that shows a new invite.
fn link_path_of(answer: &Answer) -> String {
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    crate::pages_support::assert_no_inline_code(&answer.body, "the new invite");
    let link = invite_link_of(answer);
    let path = link
        .strip_prefix("http://localhost")
        .expect("an absolute link on this host");
    assert!(path.starts_with("/invites/"), "{link}");
    path.to_string()
}

/// A visitor opens `link` and creates the account `name` with it; returns the answer (a redirect
/// when it worked) and the browser, now logged in. When the link's page offers no form (the
/// invite is unusable, or a leader's), the form is sent anyway, as by hand.
pub async fn register<'a>(app: &'a TestApp, link: &str, name: &str) -> (Answer, Browser<'a>) {
    let mut browser = app.browser();
    let page = browser.get(link).await;
    let csrf_from = if page.body.contains("name=\"_csrf\"") {
        link
    } else {
        "/login"
    };
    let answer = browser
        .submit(
            csrf_from,
            &format!("{link}/register"),
            &[
                ("username", name),
                ("password", PASSWORD),
                ("confirm", PASSWORD),
            ],
        )
        .await;
    (answer, browser)
}

/// An organisation whose check-ins lie in weeks that have ended:
///
/// ```text
/// Riverside ─┬─ Care ─┬─ Team A  (a people, all sharing)
///            │        └─ Team B  (b people, all sharing)
///            └─ Records           (nobody)
/// ```
pub struct Org {
    pub top: UnitId,
    pub care: UnitId,
    pub team_a: UnitId,
    pub team_b: UnitId,
    pub records: UnitId,
    /// The Mondays of the weeks with check-ins, oldest first.
    pub weeks: Vec<NaiveDate>,
}

/// Builds [`Org`] as `admin` (created ten weeks ago), with a shared pulse from every member in
/// each of the last four weeks that have ended.
pub async fn seed_org(app: &TestApp, admin_id: UserId, a: usize, b: usize) -> Org {
    let store = backend(app);
    let founded = Utc::now() - Duration::weeks(10);
    // Units and their rules come a month before the people: the week of a rules change keeps
    // the rules it started with (here the default ε), and that week is best left empty.
    let set_up = founded - Duration::weeks(4);
    let unit = |name: &'static str, parent: Option<UnitId>| async move {
        admin::create_unit(store, admin_id, name, parent, set_up)
            .await
            .expect("create unit")
            .id
    };
    let top = unit("Riverside", None).await;
    let care = unit("Care", Some(top)).await;
    let team_a = unit("Team A", Some(care)).await;
    let team_b = unit("Team B", Some(care)).await;
    let records = unit("Records", Some(top)).await;
    // The largest ε, so that these page tests read figures close to the truth (an empty week
    // is then all but never shown); the noise itself is tested in core and in the service.
    for unit in [top, care, team_a, team_b, records] {
        admin::set_rules(
            store,
            admin_id,
            unit,
            admin::RulesRequest {
                k: 5,
                epsilon: Some(10.0),
                quarterly_budget: Some(140.0),
            },
            set_up,
        )
        .await
        .expect("rules");
    }
    let last = last_closed_week(Utc::now()).expect("a closed week");
    let weeks: Vec<NaiveDate> = (0..4u64)
        .rev()
        .map(|back| last.checked_sub_days(Days::new(7 * back)).expect("date"))
        .collect();
    let mut rng = DemoRng::new(7);
    for (team, size, prefix) in [(team_a, a, "a"), (team_b, b, "b")] {
        for i in 0..size {
            let person = store
                .create_user(NewUser {
                    username: format!("{prefix}{i}"),
                    password_hash: None,
                })
                .await
                .expect("user")
                .id;
            store.join_unit(person, team, founded).await.expect("join");
            store
                .set_sharing(person, team, true, founded)
                .await
                .expect("share");
            share_pulses(app, person, team, &weeks, &mut rng).await;
        }
    }
    Org {
        top,
        care,
        team_a,
        team_b,
        records,
        weeks,
    }
}

/// Stores one shared pulse of `person` in each of `weeks` (as the demo does: straight into the
/// week's cell).
async fn share_pulses(
    app: &TestApp,
    person: UserId,
    team: UnitId,
    weeks: &[NaiveDate],
    rng: &mut DemoRng,
) {
    let store = backend(app);
    let pulse = builtin_by_id("pulse").expect("pulse");
    let dimensions = pulse_dimensions().expect("dimensions");
    let rules = store.unit(team).await.expect("unit").expect("exists").rules;
    let mut batch = Vec::new();
    for week in weeks {
        let answers = answers_for(
            pulse,
            Strain {
                burnout: 0.7,
                rustout: 0.2,
                shared: 0.4,
            },
            0.1,
            rng,
        );
        let scored = score(pulse, &answers).expect("scores");
        let given = contribution(&scored, false, &dimensions);
        batch.push((
            NewResponse {
                user: person,
                kind: ResponseKind::Checkin,
                taken_at: week.and_time(NaiveTime::MIN).and_utc() + Duration::days(2),
                answers,
                stuck: false,
                note: None,
                score: scored,
            },
            ShareIntoCell {
                unit: team,
                week: *week,
                rules,
                contribution: given,
            },
        ));
    }
    store
        .insert_shared_checkins(batch)
        .await
        .expect("shared check-ins");
}
