//! Teams over the API: the contract part ([`exercise`], run by `contract.rs` with the owner's
//! token), and flows that show who can and cannot see what.

use super::contract::Contract;
use super::{Call, owner_token};
use crate::helpers::{OWNER, PASSWORD, TestApp};
use crate::org_support::{seed_org, user_id};
use serde_json::{Value, json};

/// A token for `name` (who has the password [`PASSWORD`]).
async fn token_of(app: &TestApp, name: &str) -> String {
    let answer = Call::post("/api/v1/auth/token")
        .json(json!({"username": name, "password": PASSWORD}))
        .send(app)
        .await;
    answer.expect(201);
    answer.json()["token"]
        .as_str()
        .expect("a token")
        .to_string()
}

fn id(value: &Value) -> i64 {
    value["id"]
        .as_i64()
        .unwrap_or_else(|| panic!("no id in {value}"))
}

fn token_in(invite: &Value) -> String {
    invite["token"].as_str().expect("a token").to_string()
}

/// Every teams operation, answered successfully and refused, checked against the document.
/// `owner` is the owner's token (an admin).
pub(super) async fn exercise(c: &mut Contract, owner: &str) {
    let owner_id = user_id(&c.app, OWNER).await;
    let users = "/api/v1/users";
    c.check(users, Call::get(users), 401).await;
    let listed = c.check(users, Call::get(users).token(owner), 200).await;
    assert_eq!(listed[0]["username"], OWNER);

    // Units.
    let units = "/api/v1/units";
    c.check(units, Call::post(units).json(json!({"name": "X"})), 401)
        .await;
    c.check(
        units,
        Call::post(units).token(owner).json(json!({"name": " "})),
        422,
    )
    .await;
    c.check(
        units,
        Call::post(units).token(owner).raw("application/json", "{"),
        400,
    )
    .await;
    c.check(
        units,
        Call::post(units).token(owner).raw("text/plain", "X"),
        415,
    )
    .await;
    c.check(
        units,
        Call::post(units)
            .token(owner)
            .json(json!({"name": "X", "parent": 9999})),
        404,
    )
    .await;
    c.check(
        units,
        Call::post(units)
            .token(owner)
            .json(json!({"name": "n".repeat(70 * 1024)})),
        413,
    )
    .await;
    let top = id(&c
        .check(
            units,
            Call::post(units)
                .token(owner)
                .json(json!({"name": "Head office"})),
            201,
        )
        .await);
    let team = id(&c
        .check(
            units,
            Call::post(units)
                .token(owner)
                .json(json!({"name": "Team A", "parent": top})),
            201,
        )
        .await);
    let closed = id(&c
        .check(
            units,
            Call::post(units)
                .token(owner)
                .json(json!({"name": "Team B", "parent": top})),
            201,
        )
        .await);
    let tree = c.check(units, Call::get(units).token(owner), 200).await;
    assert_eq!(tree[1]["depth"], 1);
    c.check(units, Call::get(units), 401).await;

    // Rename, move, archive.
    let one = "/api/v1/units/{id}";
    let unit_path = |id: i64| format!("/api/v1/units/{id}");
    let renamed = c
        .check(
            one,
            Call::patch(unit_path(team))
                .token(owner)
                .json(json!({"name": "Team Alpha"})),
            200,
        )
        .await;
    assert_eq!(renamed["name"], "Team Alpha");
    let moved = c
        .check(
            one,
            Call::patch(unit_path(closed))
                .token(owner)
                .json(json!({"parent": null})),
            200,
        )
        .await;
    assert_eq!(moved["parent"], Value::Null);
    c.check(
        one,
        Call::patch(unit_path(top))
            .token(owner)
            .json(json!({"name": "Head", "parent": team})),
        422,
    )
    .await;
    assert_eq!(
        c.check(units, Call::get(units).token(owner), 200).await[0]["name"],
        "Head office",
        "a refused change changes nothing, not even the valid part"
    );
    c.check(
        one,
        Call::patch(unit_path(top)).token(owner).json(json!({})),
        422,
    )
    .await;
    c.check(
        one,
        Call::patch(unit_path(9999))
            .token(owner)
            .json(json!({"name": "Ghost"})),
        404,
    )
    .await;
    c.check(
        one,
        Call::patch(unit_path(top))
            .token(owner)
            .raw("application/json", "{"),
        400,
    )
    .await;
    c.check(
        one,
        Call::patch(unit_path(top))
            .token(owner)
            .raw("text/plain", "x"),
        415,
    )
    .await;
    c.check(
        one,
        Call::patch(unit_path(top))
            .token(owner)
            .json(json!({"name": "n".repeat(70 * 1024)})),
        413,
    )
    .await;
    c.check(
        one,
        Call::patch(unit_path(top)).json(json!({"name": "x"})),
        401,
    )
    .await;
    let archived = c
        .check(
            one,
            Call::patch(unit_path(closed))
                .token(owner)
                .json(json!({"archived": true})),
            200,
        )
        .await;
    assert!(archived["archived_at"].is_string());

    // Rules.
    let rules = "/api/v1/units/{id}/rules";
    let rules_path = |id: i64| format!("/api/v1/units/{id}/rules");
    let set = c
        .check(
            rules,
            Call::put(rules_path(team))
                .token(owner)
                .json(json!({"k": 6})),
            200,
        )
        .await;
    assert_eq!(set["rules"]["k"], 6);
    assert_eq!(set["rules"]["version"], 2);
    let noisy = c
        .check(
            rules,
            Call::put(rules_path(top))
                .token(owner)
                .json(json!({"k": 5, "epsilon": 1.0, "quarterly_budget": 13.0})),
            200,
        )
        .await;
    assert!(
        noisy["description"]
            .as_str()
            .is_some_and(|d| d.contains("noise"))
    );
    let refused = c
        .check(
            rules,
            Call::put(rules_path(team))
                .token(owner)
                .json(json!({"k": 2})),
            422,
        )
        .await;
    assert_eq!(refused["errors"][0]["field"], "k");
    let refused = c
        .check(
            rules,
            Call::put(rules_path(team))
                .token(owner)
                .json(json!({"k": 5, "epsilon": 1.0, "quarterly_budget": 0.5})),
            422,
        )
        .await;
    assert_eq!(refused["errors"][0]["field"], "quarterly_budget");
    c.check(
        rules,
        Call::put(rules_path(9999))
            .token(owner)
            .json(json!({"k": 5})),
        404,
    )
    .await;
    c.check(
        rules,
        Call::put(rules_path(team))
            .token(owner)
            .raw("application/json", "{\"k\":"),
        400,
    )
    .await;
    c.check(
        rules,
        Call::put(rules_path(team))
            .token(owner)
            .raw("text/plain", "5"),
        415,
    )
    .await;
    c.check(
        rules,
        Call::put(rules_path(team))
            .token(owner)
            .json(json!({"k": 5, "pad": "p".repeat(70 * 1024)})),
        413,
    )
    .await;
    c.check(
        rules,
        Call::put(rules_path(team)).json(json!({"k": 5})),
        401,
    )
    .await;

    // Invites.
    let invites = "/api/v1/units/{id}/invites";
    let invites_path = |id: i64| format!("/api/v1/units/{id}/invites");
    let member_invite = c
        .check(invites, Call::post(invites_path(team)).token(owner), 201)
        .await;
    let url = member_invite["url"].as_str().expect("url");
    assert_eq!(
        url,
        format!("http://localhost/invites/{}", token_in(&member_invite))
    );
    assert_eq!(member_invite["role"], "member");
    let leader_invite = c
        .check(
            invites,
            Call::post(invites_path(team))
                .token(owner)
                .json(json!({"role": "leader", "days": 3})),
            201,
        )
        .await;
    assert_eq!(leader_invite["role"], "leader");
    let owner_invite = c
        .check(invites, Call::post(invites_path(team)).token(owner), 201)
        .await;
    c.check(
        invites,
        Call::post(invites_path(team))
            .token(owner)
            .json(json!({"days": 0})),
        422,
    )
    .await;
    c.check(
        invites,
        Call::post(invites_path(team))
            .token(owner)
            .json(json!({"role": "boss"})),
        422,
    )
    .await;
    c.check(invites, Call::post(invites_path(closed)).token(owner), 422)
        .await;
    c.check(invites, Call::post(invites_path(9999)).token(owner), 404)
        .await;
    c.check(invites, Call::post(invites_path(team)), 401).await;
    c.check(
        invites,
        Call::post(invites_path(team))
            .token(owner)
            .raw("application/json", "{"),
        400,
    )
    .await;
    c.check(
        invites,
        Call::post(invites_path(team))
            .token(owner)
            .raw("text/plain", "member"),
        415,
    )
    .await;
    c.check(
        invites,
        Call::post(invites_path(team))
            .token(owner)
            .json(json!({"pad": "p".repeat(70 * 1024)})),
        413,
    )
    .await;

    // Using invites: register, or join with a token.
    let accept = "/api/v1/invites/{token}/accept";
    let accept_path = |invite: &Value| format!("/api/v1/invites/{}/accept", token_in(invite));
    let users_before = c.app.store().count_users().await.expect("store");
    c.check(accept, Call::post(accept_path(&member_invite)), 401)
        .await;
    c.check(
        accept,
        Call::post(accept_path(&member_invite)).token("anneal_not_a_real_token"),
        401,
    )
    .await;
    let short = c
        .check(
            accept,
            Call::post(accept_path(&member_invite))
                .json(json!({"username": "mia", "password": "short"})),
            422,
        )
        .await;
    assert_eq!(short["errors"][0]["field"], "password");
    c.check(
        accept,
        Call::post(accept_path(&member_invite)).json(json!({"username": "mia"})),
        422,
    )
    .await;
    c.check(
        accept,
        Call::post(accept_path(&member_invite)).raw("application/json", "{"),
        400,
    )
    .await;
    c.check(
        accept,
        Call::post(accept_path(&member_invite)).raw("text/plain", "mia"),
        415,
    )
    .await;
    c.check(
        accept,
        Call::post(accept_path(&member_invite))
            .header("sec-fetch-site", "cross-site")
            .json(json!({"username": "mia", "password": PASSWORD})),
        403,
    )
    .await;
    c.check(
        accept,
        Call::post(accept_path(&member_invite))
            .json(json!({"username": "mia", "password": "p".repeat(70 * 1024)})),
        413,
    )
    .await;
    assert_eq!(
        c.app.store().count_users().await.expect("store"),
        users_before,
        "no refused registration leaves an account"
    );
    let mia = c
        .check(
            accept,
            Call::post(accept_path(&member_invite))
                .json(json!({"username": "mia", "password": PASSWORD})),
            201,
        )
        .await;
    assert_eq!(mia["user"]["username"], "mia");
    assert_eq!(mia["unit"], team);
    let mia_id = mia["user"]["id"].as_i64().expect("id");
    c.check(
        accept,
        Call::post(accept_path(&member_invite))
            .json(json!({"username": "max", "password": PASSWORD})),
        404,
    )
    .await;
    assert!(
        c.app
            .store()
            .user_by_name("max")
            .await
            .expect("store")
            .is_none()
    );
    let leo = c
        .check(
            accept,
            Call::post(accept_path(&leader_invite))
                .json(json!({"username": "leo", "password": PASSWORD})),
            201,
        )
        .await;
    assert_eq!(leo["role"], "leader");
    let leo_id = leo["user"]["id"].as_i64().expect("id");
    let joined = c
        .check(
            accept,
            Call::post(accept_path(&owner_invite)).token(owner),
            200,
        )
        .await;
    assert_eq!(joined["user"]["username"], OWNER);
    let mia_token = token_of(&c.app, "mia").await;
    let leo_token = token_of(&c.app, "leo").await;

    // A leader's invite creates no account (403, nothing stored); an existing account accepts it.
    let from_leader = c
        .check(
            invites,
            Call::post(invites_path(team)).token(&leo_token),
            201,
        )
        .await;
    let refused = c
        .check(
            accept,
            Call::post(accept_path(&from_leader))
                .json(json!({"username": "made-up", "password": PASSWORD})),
            403,
        )
        .await;
    assert_eq!(
        refused["detail"],
        "this invite is from a leader: sign in to your account to accept it, or ask an admin \
         for an invite that creates an account"
    );
    assert!(
        c.app
            .store()
            .user_by_name("made-up")
            .await
            .expect("store")
            .is_none()
    );
    let accepted = c
        .check(
            accept,
            Call::post(accept_path(&from_leader)).token(owner),
            200,
        )
        .await;
    assert_eq!(accepted["user"]["username"], OWNER);
    assert_eq!(accepted["role"], "member");

    // Members are not admins.
    c.check(users, Call::get(users).token(&mia_token), 403)
        .await;
    c.check(
        units,
        Call::post(units)
            .token(&mia_token)
            .json(json!({"name": "Mine"})),
        403,
    )
    .await;

    // Leaders.
    let leaders = "/api/v1/units/{id}/leaders/{user}";
    let leader_path = |unit: i64, user: i64| format!("/api/v1/units/{unit}/leaders/{user}");
    c.check(
        leaders,
        Call::put(leader_path(top, mia_id)).token(owner),
        204,
    )
    .await;
    c.check(leaders, Call::put(leader_path(top, 9999)).token(owner), 404)
        .await;
    c.check(
        leaders,
        Call::put(leader_path(top, leo_id)).token(&mia_token),
        403,
    )
    .await;
    c.check(leaders, Call::put(leader_path(top, leo_id)), 401)
        .await;
    c.check(
        leaders,
        Call::delete(leader_path(top, mia_id)).token(owner),
        204,
    )
    .await;
    c.check(
        leaders,
        Call::delete(leader_path(9999, mia_id)).token(owner),
        404,
    )
    .await;
    c.check(leaders, Call::delete(leader_path(top, mia_id)), 401)
        .await;

    // Sharing.
    let sharing = "/api/v1/me/sharing/{unit}";
    let sharing_path = |unit: i64| format!("/api/v1/me/sharing/{unit}");
    let shared = c
        .check(
            sharing,
            Call::put(sharing_path(team))
                .token(&mia_token)
                .json(json!({"share": true})),
            200,
        )
        .await;
    assert_eq!(shared["sharing"], true);
    c.check(
        sharing,
        Call::put(sharing_path(top))
            .token(&mia_token)
            .json(json!({"share": true})),
        404,
    )
    .await;
    c.check(
        sharing,
        Call::put(sharing_path(team))
            .token(&mia_token)
            .json(json!({"share": "yes"})),
        422,
    )
    .await;
    c.check(
        sharing,
        Call::put(sharing_path(team))
            .token(&mia_token)
            .raw("application/json", "{"),
        400,
    )
    .await;
    c.check(
        sharing,
        Call::put(sharing_path(team))
            .token(&mia_token)
            .raw("text/plain", "yes"),
        415,
    )
    .await;
    c.check(
        sharing,
        Call::put(sharing_path(team))
            .token(&mia_token)
            .json(json!({"share": true, "pad": "p".repeat(70 * 1024)})),
        413,
    )
    .await;
    c.check(
        sharing,
        Call::put(sharing_path(team))
            .token(&mia_token)
            .header("origin", "http://evil.example")
            .json(json!({"share": false})),
        403,
    )
    .await;
    c.check(
        sharing,
        Call::put(sharing_path(team)).json(json!({"share": true})),
        401,
    )
    .await;

    // The sharing view: unit, rules and headcount (mia and the owner are in the team; leo only
    // leads it).
    let view = "/api/v1/me/sharing";
    let mine = c.check(view, Call::get(view).token(&mia_token), 200).await;
    assert_eq!(mine["unit"], team);
    assert_eq!(mine["sharing"], true);
    assert_eq!(mine["members"]["members"], 2);
    assert_eq!(mine["members"]["joined_recently"], 2);
    assert_eq!(mine["members"]["recent_days"], 28);
    c.check(view, Call::get(view).token(&leo_token), 404).await;
    c.check(view, Call::get(view), 401).await;

    // Summaries: an organisation with weeks that have ended, so figures can be shown.
    let org = seed_org(&c.app, owner_id, 6, 2).await;
    let summary = "/api/v1/units/{id}/summary";
    let summary_path = |id: i64| format!("/api/v1/units/{id}/summary");
    let care = c
        .check(
            summary,
            Call::get(summary_path(org.care.0)).token(owner),
            200,
        )
        .await;
    assert!(care["figures"]["weeks_shown"].as_u64() >= Some(4), "{care}");
    assert!(care["figures"]["burnout"]["band"].is_string(), "{care}");
    let hidden = c
        .check(
            summary,
            Call::get(summary_path(org.team_b.0)).token(owner),
            200,
        )
        .await;
    assert_eq!(hidden["figures"]["weeks_shown"], 0);
    assert_eq!(
        hidden["figures"]["not_shown"][0]["reason"],
        json!({"reason": "protected"})
    );
    assert!(
        !hidden.to_string().contains("respondents"),
        "a hidden group carries no size"
    );
    let last = org.weeks.last().expect("a week");
    c.check(
        summary,
        Call::get(format!(
            "{}?from={last}&to={last}",
            summary_path(org.care.0)
        ))
        .token(owner),
        200,
    )
    .await;
    c.check(
        summary,
        Call::get(summary_path(team)).token(&leo_token),
        200,
    )
    .await;
    c.check(
        summary,
        Call::get(summary_path(team)).token(&mia_token),
        403,
    )
    .await;
    c.check(summary, Call::get(summary_path(top)).token(&leo_token), 403)
        .await;
    c.check(summary, Call::get(summary_path(9999)).token(owner), 404)
        .await;
    c.check(
        summary,
        Call::get(format!("{}?from=someday", summary_path(top))).token(owner),
        400,
    )
    .await;
    c.check(
        summary,
        Call::get(format!(
            "{}?from=2026-03-02&to=2026-01-05",
            summary_path(top)
        ))
        .token(owner),
        422,
    )
    .await;
    c.check(summary, Call::get(summary_path(top)), 401).await;

    // Briefs.
    let briefs = "/api/v1/me/briefs";
    let sent = c
        .check(
            briefs,
            Call::post(briefs)
                .token(&mia_token)
                .json(json!({"to": leo_id, "text": "Could we talk about a rotation?"})),
            201,
        )
        .await;
    assert_eq!(sent["from"]["username"], "mia");
    c.check(
        briefs,
        Call::post(briefs)
            .token(&mia_token)
            .json(json!({"to": owner_id.0, "text": "Hello"})),
        404,
    )
    .await;
    let empty = c
        .check(
            briefs,
            Call::post(briefs)
                .token(&mia_token)
                .json(json!({"to": leo_id, "text": "  "})),
            422,
        )
        .await;
    assert_eq!(empty["errors"][0]["field"], "text");
    c.check(
        briefs,
        Call::post(briefs)
            .token(&mia_token)
            .raw("application/json", "{"),
        400,
    )
    .await;
    c.check(
        briefs,
        Call::post(briefs)
            .token(&mia_token)
            .raw("text/plain", "hello"),
        415,
    )
    .await;
    c.check(
        briefs,
        Call::post(briefs)
            .token(&mia_token)
            .json(json!({"to": leo_id, "text": "t".repeat(70 * 1024)})),
        413,
    )
    .await;
    c.check(
        briefs,
        Call::post(briefs)
            .token(&mia_token)
            .header("sec-fetch-site", "cross-site")
            .json(json!({"to": leo_id, "text": "forged"})),
        403,
    )
    .await;
    c.check(
        briefs,
        Call::post(briefs).json(json!({"to": leo_id, "text": "x"})),
        401,
    )
    .await;
    let inbox = "/api/v1/me/inbox";
    let received = c
        .check(inbox, Call::get(inbox).token(&leo_token), 200)
        .await;
    assert_eq!(received.as_array().map(Vec::len), Some(1));
    assert_eq!(received[0]["text"], "Could we talk about a rotation?");
    let nothing = c.check(inbox, Call::get(inbox).token(owner), 200).await;
    assert_eq!(nothing.as_array().map(Vec::len), Some(0));
    c.check(inbox, Call::get(inbox), 401).await;
}

#[tokio::test]
async fn a_leader_sees_their_units_and_below_and_nothing_else() {
    let app = TestApp::new().await;
    let owner = owner_token(&app).await;
    let owner_id = user_id(&app, OWNER).await;
    let org = seed_org(&app, owner_id, 6, 2).await;
    let invite = Call::post(format!("/api/v1/units/{}/invites", org.care.0))
        .token(&owner)
        .json(json!({"role": "leader"}))
        .send(&app)
        .await;
    invite.expect(201);
    Call::post(format!(
        "/api/v1/invites/{}/accept",
        token_in(&invite.json())
    ))
    .json(json!({"username": "lea", "password": PASSWORD}))
    .send(&app)
    .await
    .expect(201);
    let lea = token_of(&app, "lea").await;
    for (unit, status) in [
        (org.care, 200),
        (org.team_a, 200),
        (org.team_b, 200),
        (org.top, 403),
        (org.records, 403),
    ] {
        let answer = Call::get(format!("/api/v1/units/{}/summary", unit.0))
            .token(&lea)
            .send(&app)
            .await;
        if status == 200 {
            answer.expect(200);
        } else {
            answer.problem(status);
        }
    }
    // A leader is not an admin.
    Call::get("/api/v1/units")
        .token(&lea)
        .send(&app)
        .await
        .problem(403);
    // Leaders may invite into their own units and below, not elsewhere.
    Call::post(format!("/api/v1/units/{}/invites", org.team_b.0))
        .token(&lea)
        .send(&app)
        .await
        .expect(201);
    Call::post(format!("/api/v1/units/{}/invites", org.records.0))
        .token(&lea)
        .send(&app)
        .await
        .problem(403);
}

#[tokio::test]
async fn sharing_from_the_api_puts_the_next_check_in_in_the_team_cell() {
    let app = TestApp::new().await;
    let owner = owner_token(&app).await;
    let team = Call::post("/api/v1/units")
        .token(&owner)
        .json(json!({"name": "Team A"}))
        .send(&app)
        .await;
    let team = id(&team.json());
    let invite = Call::post(format!("/api/v1/units/{team}/invites"))
        .token(&owner)
        .send(&app)
        .await
        .json();
    Call::post(format!("/api/v1/invites/{}/accept", token_in(&invite)))
        .json(json!({"username": "mia", "password": PASSWORD}))
        .send(&app)
        .await
        .expect(201);
    let mia = token_of(&app, "mia").await;
    let checkin = || {
        Call::post("/api/v1/checkins")
            .token(&mia)
            .json(json!({"answers": super::middle("pulse")}))
    };
    let started = chrono::Utc::now();
    let respondents = || async {
        let store = crate::org_support::backend(&app);
        let mut weeks = vec![
            anneal_service::org::convert::week_received(started),
            anneal_service::org::convert::week_received(chrono::Utc::now()),
        ];
        weeks.dedup();
        let mut total = 0;
        for week in weeks {
            total += store
                .cells(week)
                .await
                .expect("cells")
                .get(&anneal_store::org::UnitId(team))
                .map_or(0, |c| c.respondents);
        }
        total
    };
    checkin().send(&app).await.expect(201);
    assert_eq!(respondents().await, 0);
    Call::put(format!("/api/v1/me/sharing/{team}"))
        .token(&mia)
        .json(json!({"share": true}))
        .send(&app)
        .await
        .expect(200);
    checkin().send(&app).await.expect(201);
    assert_eq!(respondents().await, 1);
}

#[tokio::test]
async fn a_member_reads_their_units_headcount_and_what_stopping_takes_back() {
    let app = TestApp::new().await;
    owner_token(&app).await;
    let owner_id = user_id(&app, OWNER).await;
    let store = crate::org_support::backend(&app);
    let ward = anneal_service::org::admin::create_unit(
        store,
        owner_id,
        "Ward 7",
        None,
        chrono::Utc::now(),
    )
    .await
    .expect("unit")
    .id;
    let now = chrono::Utc::now();
    for (name, joined) in [
        ("old", now - chrono::Duration::days(40)),
        ("mia", now - chrono::Duration::days(3)),
        ("max", now),
    ] {
        let id = crate::org_support::account(&app, name).await;
        store.join_unit(id, ward, joined).await.expect("join");
    }
    let mia = token_of(&app, "mia").await;
    let view = Call::get("/api/v1/me/sharing").token(&mia).send(&app).await;
    view.expect(200);
    let view = view.json();
    assert_eq!(view["unit_name"], "Ward 7");
    assert_eq!(view["members"]["members"], 3);
    assert_eq!(view["members"]["joined_recently"], 2);
    let words = view["members"]["words"].as_str().expect("words");
    assert!(
        words.starts_with("Your unit, Ward 7, has 3 members; 2 joined in the last 28 days."),
        "{words}"
    );
    assert!(words.contains("ask your leader or an admin"), "{words}");
    let rules = view["words"].to_string();
    assert!(
        rules.contains("takes back this week's shared check-in"),
        "{rules}"
    );
    assert!(
        rules.contains("Weeks already released stay as they are."),
        "{rules}"
    );
}
