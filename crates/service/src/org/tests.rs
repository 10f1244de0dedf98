//! The organisation use cases over a real SQLite store: roles, invites, sharing through the
//! check-in write path, weekly releases, summaries, briefs and the demo.

use super::admin::{self, RulesRequest};
use super::release::{decode, release_due_weeks};
use super::summary::{resolve_window, unit_summary};
use super::testing::*;
use super::{OrgError, briefs, demo, invites, sharing};
use crate::respond::{Submission, record_at};
use anneal_core::demo::{DemoRng, answers_for};
use anneal_core::instrument::builtin_by_id;
use anneal_core::privacy::Released;
use anneal_store::org::{AggregateStore, OrgStore, Role};
use anneal_store::{Store, UserId};
use chrono::Duration;

fn is_forbidden<T: std::fmt::Debug>(result: Result<T, OrgError>) -> bool {
    matches!(result, Err(OrgError::Forbidden(_)))
}

#[tokio::test]
async fn only_admins_run_the_organisation() {
    let store = store().await;
    let boss = admin(&store, "boss").await;
    let plain = person(&store, "plain").await;
    assert!(is_forbidden(
        admin::create_unit(&store, plain, "Ward", None, now()).await
    ));
    let org = admin::create_unit(&store, boss, "  Hospital  ", None, now())
        .await
        .expect("created");
    assert_eq!(org.name, "Hospital");
    let ward = admin::create_unit(&store, boss, "Ward", Some(org.id), now())
        .await
        .expect("created");
    assert!(is_forbidden(
        admin::rename_unit(&store, plain, ward.id, "Mine").await
    ));
    assert!(is_forbidden(admin::list_users(&store, plain).await));
    assert!(is_forbidden(admin::list_units(&store, plain).await));
    assert!(is_forbidden(
        admin::set_leader(&store, plain, ward.id, plain, true).await
    ));
    assert!(is_forbidden(
        admin::set_rules(
            &store,
            plain,
            ward.id,
            RulesRequest {
                k: 3,
                epsilon: None,
                quarterly_budget: None
            },
            now()
        )
        .await
    ));
    // Nothing changed.
    assert_eq!(store.units().await.expect("units").len(), 2);
    assert!(store.leaders_of(ward.id).await.expect("leaders").is_empty());
}

#[tokio::test]
async fn units_are_named_moved_archived_and_listed_as_a_tree() {
    let store = store().await;
    let boss = admin(&store, "boss").await;
    for bad in ["", "   ", "a\nb", &"x".repeat(81)] {
        assert!(matches!(
            admin::create_unit(&store, boss, bad, None, now()).await,
            Err(OrgError::Invalid(m)) if m.starts_with("name:")
        ));
    }
    assert!(matches!(
        admin::create_unit(
            &store,
            boss,
            "Lost",
            Some(anneal_store::org::UnitId(99)),
            now()
        )
        .await,
        Err(OrgError::NotFound(_))
    ));
    let org = admin::create_unit(&store, boss, "Org", None, now())
        .await
        .expect("org");
    let a = admin::create_unit(&store, boss, "A", Some(org.id), now())
        .await
        .expect("a");
    let b = admin::create_unit(&store, boss, "B", Some(org.id), now())
        .await
        .expect("b");
    let a1 = admin::create_unit(&store, boss, "A1", Some(a.id), now())
        .await
        .expect("a1");
    assert!(matches!(
        admin::move_unit(&store, boss, a.id, Some(a1.id), now()).await,
        Err(OrgError::Invalid(m)) if m.contains("below it")
    ));
    let moved = admin::move_unit(&store, boss, a1.id, Some(b.id), now())
        .await
        .expect("moved");
    assert_eq!(moved.parent, Some(b.id));
    let renamed = admin::rename_unit(&store, boss, b.id, "Bee")
        .await
        .expect("renamed");
    assert_eq!(renamed.name, "Bee");
    let archived = admin::archive_unit(&store, boss, a.id, now())
        .await
        .expect("archived");
    assert!(archived.archived_at.is_some());
    let list = admin::list_units(&store, boss).await.expect("list");
    let order: Vec<(&str, usize)> = list.iter().map(|u| (u.name.as_str(), u.depth)).collect();
    assert_eq!(order, [("Org", 0), ("A", 1), ("Bee", 1), ("A1", 2)]);
}

#[tokio::test]
async fn rules_are_checked_by_core_and_versioned() {
    let store = store().await;
    let boss = admin(&store, "boss").await;
    let ward = admin::create_unit(&store, boss, "Ward", None, now())
        .await
        .expect("ward");
    for (k, epsilon, budget, what) in [
        (2, None, None, "between 3 and 20"),
        (5, Some(0.05), None, "between 0.1 and 10"),
        (5, None, Some(0.5), "at least"),
        (5, Some(1.0), Some(0.5), "at least"),
        (5, Some(f64::NAN), Some(3.0), "ε"),
    ] {
        let request = RulesRequest {
            k,
            epsilon,
            quarterly_budget: budget,
        };
        match admin::set_rules(&store, boss, ward.id, request, now()).await {
            Err(OrgError::Invalid(m)) => assert!(m.contains(what), "{m} lacks {what}"),
            other => panic!("{k} {epsilon:?} {budget:?}: {other:?}"),
        }
    }
    let changed = set_rules(&store, boss, ward.id, (8, Some(1.0), Some(13.0)), now())
        .await
        .expect("valid");
    assert_eq!(changed.rules.version, 2);
    assert!(!changed.change.relaxes);
    let looser = set_rules(&store, boss, ward.id, (5, Some(2.0), Some(26.0)), now())
        .await
        .expect("valid");
    assert_eq!(looser.rules.version, 3);
    assert!(looser.change.relaxes);
    assert_eq!(looser.change.past_data.k, 8);
    assert_eq!(looser.change.past_data.epsilon, Some(1.0));
    let off = set_rules(&store, boss, ward.id, (5, None, None), now())
        .await
        .expect("left out, ε and the budget stay as they are");
    assert_eq!(
        (off.rules.epsilon, off.rules.quarterly_budget),
        (Some(2.0), Some(26.0))
    );
    assert!(
        looser.describe().contains("keep at least k = 8, ε = 1"),
        "{}",
        looser.describe()
    );
}

#[tokio::test]
async fn the_first_profile_claims_admin_only_on_a_store_without_one() {
    let store = store().await;
    let first = person(&store, "first").await;
    let second = person(&store, "second").await;
    assert!(
        admin::claim_admin_if_none(&store, first)
            .await
            .expect("claimed")
    );
    assert!(store.is_admin(first).await.expect("read"));
    assert!(
        !admin::claim_admin_if_none(&store, second)
            .await
            .expect("not claimed")
    );
    assert!(!store.is_admin(second).await.expect("read"));
    admin::make_owner_admin(&store, second).await.expect("made");
    assert!(store.is_admin(second).await.expect("read"));
    assert!(matches!(
        admin::make_owner_admin(&store, UserId(999)).await,
        Err(OrgError::NotFound(_))
    ));
}

#[tokio::test]
async fn invites_work_once_before_they_expire_and_only_leaders_or_admins_make_them() {
    let store = store().await;
    let boss = admin(&store, "boss").await;
    let org = unit(&store, "Org", None).await;
    let a = unit(&store, "A", Some(org)).await;
    let b = unit(&store, "B", Some(org)).await;
    let lead = person(&store, "lead").await;
    store.set_leader(a, lead, true).await.expect("leader");
    let plain = member(&store, "plain", a, true).await;

    assert!(is_forbidden(
        invites::create_invite(&store, plain, a, Role::Member, Duration::days(7), now()).await
    ));
    assert!(is_forbidden(
        invites::create_invite(&store, lead, b, Role::Member, Duration::days(7), now()).await
    ));
    assert!(matches!(
        invites::create_invite(&store, boss, a, Role::Member, Duration::days(31), now()).await,
        Err(OrgError::Invalid(_))
    ));

    let invite = invites::create_invite(&store, lead, a, Role::Member, Duration::days(7), now())
        .await
        .expect("a leader invites into their unit");
    assert!(invite.url_path.ends_with(&invite.token));
    assert!(invite.url_path.starts_with(invites::INVITE_PATH));
    assert_eq!(invite.expires_at, now() + Duration::days(7));
    let newcomer = person(&store, "newcomer").await;
    let joined = invites::accept_invite(&store, &invite.token, newcomer, now())
        .await
        .expect("joined");
    assert_eq!(
        (joined.unit, joined.unit_name.as_str(), joined.role),
        (a, "A", Role::Member)
    );
    let membership = store
        .membership(newcomer)
        .await
        .expect("read")
        .expect("member");
    assert!(!membership.sharing, "sharing starts off");
    let again = person(&store, "again").await;
    assert!(matches!(
        invites::accept_invite(&store, &invite.token, again, now()).await,
        Err(OrgError::NotFound(_))
    ));
    assert!(matches!(
        invites::accept_invite(&store, "not-a-token", again, now()).await,
        Err(OrgError::NotFound(_))
    ));

    let leader_invite =
        invites::create_invite(&store, boss, b, Role::Leader, Duration::days(1), now())
            .await
            .expect("admins invite anywhere");
    assert!(matches!(
        invites::accept_invite(
            &store,
            &leader_invite.token,
            again,
            now() + Duration::days(1)
        )
        .await,
        Err(OrgError::NotFound(_))
    ));
    let leader_invite =
        invites::create_invite(&store, boss, b, Role::Leader, Duration::days(1), now())
            .await
            .expect("admins invite anywhere");
    invites::accept_invite(&store, &leader_invite.token, again, now())
        .await
        .expect("joined as leader");
    assert_eq!(store.units_led_by(again).await.expect("read"), vec![b]);
    assert_eq!(
        store.membership(again).await.expect("read"),
        None,
        "a leader invite makes a leader, not a member"
    );

    store.archive_unit(b, now()).await.expect("archived");
    assert!(matches!(
        invites::create_invite(&store, boss, b, Role::Member, Duration::days(1), now()).await,
        Err(OrgError::Invalid(m)) if m.contains("archived")
    ));
}

#[tokio::test]
async fn only_an_admins_invite_may_create_an_account() {
    let store = store().await;
    let boss = admin(&store, "boss").await;
    let team = unit(&store, "Team", None).await;
    let lead = person(&store, "lead").await;
    store.set_leader(team, lead, true).await.expect("leader");
    let week = Duration::days(7);

    let from_admin = invites::create_invite(&store, boss, team, Role::Member, week, now())
        .await
        .expect("an admin's invite");
    let allowed = invites::check_may_register(&store, &from_admin.token, now())
        .await
        .expect("an admin's invite may create an account");
    assert_eq!(
        (allowed.unit, allowed.unit_name.as_str(), allowed.role),
        (team, "Team", Role::Member)
    );
    assert_eq!(allowed.admits, invites::Admits::NewOrExistingAccount);

    let from_leader = invites::create_invite(&store, lead, team, Role::Member, week, now())
        .await
        .expect("a leader's invite");
    match invites::check_may_register(&store, &from_leader.token, now()).await {
        Err(OrgError::Forbidden(m)) => {
            assert_eq!(m, invites::LEADER_INVITE_NEEDS_ACCOUNT);
            assert!(m.contains("sign in to your account"), "{m}");
            assert!(m.contains("ask an admin"), "{m}");
        }
        other => panic!("a leader's invite must not create an account: {other:?}"),
    }
    assert_eq!(
        invites::look_up_invite(&store, &from_leader.token, now())
            .await
            .expect("usable")
            .admits,
        invites::Admits::ExistingAccountOnly
    );
    // The refusal used nothing: someone with an account accepts the leader's invite.
    let existing = person(&store, "existing").await;
    let joined = invites::accept_invite(&store, &from_leader.token, existing, now())
        .await
        .expect("an existing account accepts a leader's invite");
    assert_eq!((joined.unit, joined.role), (team, Role::Member));
    assert_eq!(
        store
            .membership(existing)
            .await
            .expect("read")
            .map(|m| m.unit),
        Some(team)
    );
    assert!(matches!(
        invites::check_may_register(&store, &from_leader.token, now()).await,
        Err(OrgError::NotFound(_))
    ));

    // Used, expired and unknown invites say only that they cannot be used.
    invites::accept_invite(&store, &from_admin.token, existing, now())
        .await
        .expect("used");
    let expiring = invites::create_invite(&store, boss, team, Role::Member, week, now())
        .await
        .expect("invite");
    for (token, at) in [
        (from_admin.token.as_str(), now()),
        (expiring.token.as_str(), now() + week),
        ("A".repeat(43).as_str(), now()),
        ("not-a-token", now()),
    ] {
        assert!(
            matches!(
                invites::check_may_register(&store, token, at).await,
                Err(OrgError::NotFound(m)) if m == invites::UNUSABLE
            ),
            "{token}"
        );
    }

    // It is the maker's role now that counts: a leader who is also an admin brings people in;
    // an admin who is no longer one does not.
    let later = invites::create_invite(&store, boss, team, Role::Member, week, now())
        .await
        .expect("invite");
    store.set_admin(lead, true).await.expect("admin");
    let by_admin_leader = invites::create_invite(&store, lead, team, Role::Member, week, now())
        .await
        .expect("invite");
    invites::check_may_register(&store, &by_admin_leader.token, now())
        .await
        .expect("a leader who is an admin");
    store.set_admin(boss, false).await.expect("demoted");
    assert!(is_forbidden(
        invites::check_may_register(&store, &later.token, now()).await
    ));
}

#[tokio::test]
async fn members_see_how_many_are_in_their_unit_and_how_many_joined_lately() {
    let store = store().await;
    let ward = unit(&store, "Ward 7", None).await;
    let sub = unit(&store, "Night shift", Some(ward)).await;
    let joins = [
        ("old", now() - Duration::days(40)),
        ("recent", now() - Duration::days(27)),
        ("new", now() - Duration::hours(1)),
    ];
    let mut people = Vec::new();
    for (name, at) in joins {
        let id = person(&store, name).await;
        store.join_unit(id, ward, at).await.expect("joined");
        people.push(id);
    }
    // Not counted: a leader who is not a member, and a member of a unit below.
    let lead = person(&store, "lead").await;
    store.set_leader(ward, lead, true).await.expect("leader");
    let below = person(&store, "below").await;
    store.join_unit(below, sub, now()).await.expect("joined");

    let view = sharing::rules_for_person(&store, people[0], now())
        .await
        .expect("read")
        .expect("a member");
    assert_eq!((view.members.members, view.members.joined_recently), (3, 2));
    assert_eq!(view.members.recent_days, 28);
    assert_eq!(
        view.members.words,
        "Your unit, Ward 7, has 3 members; 2 joined in the last 28 days. If people you don't \
         know joined, ask your leader or an admin: made-up accounts would make the group look \
         bigger than it is."
    );
    assert!(
        view.words.iter().any(|w| w == sharing::TAKE_BACK),
        "{:?}",
        view.words
    );
    assert!(sharing::TAKE_BACK.contains("takes back this week's shared check-in"));
    assert!(sharing::TAKE_BACK.contains("Weeks already released stay as they are."));

    let alone = sharing::rules_for_person(&store, below, now() + Duration::days(29))
        .await
        .expect("read")
        .expect("a member");
    assert_eq!(
        (alone.members.members, alone.members.joined_recently),
        (1, 0)
    );
    assert!(
        alone
            .members
            .words
            .starts_with("Your unit, Night shift, has 1 member; nobody joined"),
        "{}",
        alone.members.words
    );
}

#[tokio::test]
async fn sharing_is_the_persons_own_choice_for_their_own_unit() {
    let store = store().await;
    let a = unit(&store, "A", None).await;
    let b = unit(&store, "B", None).await;
    let loner = person(&store, "loner").await;
    assert!(matches!(
        sharing::set_sharing(&store, loner, None, true, now()).await,
        Err(OrgError::NotFound(_))
    ));
    assert_eq!(
        sharing::rules_for_person(&store, loner, now())
            .await
            .expect("read"),
        None
    );
    let someone = member(&store, "someone", a, false).await;
    assert!(matches!(
        sharing::set_sharing(&store, someone, Some(b), true, now()).await,
        Err(OrgError::NotFound(_))
    ));
    let on = sharing::set_sharing(&store, someone, Some(a), true, now())
        .await
        .expect("on");
    assert!(on.sharing);
    let off = sharing::set_sharing(&store, someone, None, false, now())
        .await
        .expect("off");
    assert!(!off.sharing);
}

#[tokio::test]
async fn the_rules_view_says_k_noise_and_who_sees_in_plain_words() {
    let store = store().await;
    let boss = admin(&store, "boss").await;
    let org = unit(&store, "Org", None).await;
    let ward = unit(&store, "Ward", Some(org)).await;
    let top = person(&store, "top").await;
    store.set_leader(org, top, true).await.expect("leader");
    set_rules(&store, boss, org, (10, Some(0.5), Some(7.0)), now())
        .await
        .expect("rules");
    set_rules(&store, boss, ward, (7, Some(3.0), Some(30.0)), now())
        .await
        .expect("rules");
    let nurse = member(&store, "nurse", ward, true).await;
    let view = sharing::rules_for_person(&store, nurse, now())
        .await
        .expect("read")
        .expect("a member");
    assert_eq!((view.unit, view.k, view.epsilon), (ward, 7, Some(0.5)));
    assert_eq!(view.quarterly_budget, Some(7.0));
    assert_eq!(view.version, 2);
    assert!(view.sharing);
    let words = view.words.join(" ");
    for expected in [
        "at least 7 members",
        "ε = 0.5",
        "takes back this week's shared check-in",
        "leaders of Org (top)",
        "never shared",
    ] {
        assert!(words.contains(expected), "{words} lacks {expected}");
    }
}

#[tokio::test]
async fn a_shared_pulse_counts_in_the_week_it_is_received_and_nothing_else_crosses() {
    let store = store().await;
    let team = unit(&store, "Team", None).await;
    let sharer = member(&store, "sharer", team, true).await;
    let keeper = member(&store, "keeper", team, false).await;

    // Taken "three weeks ago" but received now: it counts this week.
    let stored = checkin_taken(&store, sharer, strain(0.2, 0.8), true, during(3), during(0)).await;
    assert_eq!(
        stored.note.as_deref(),
        Some("private"),
        "the note stays the person's"
    );
    checkin(&store, keeper, strain(0.8, 0.2), false, during(0)).await;
    let cells = store.cells(week(0)).await.expect("cells");
    let cell = &cells[&team];
    assert_eq!(cell.respondents, 1, "only the sharer counts");
    assert_eq!(cell.stuck, 1);
    assert_eq!(cell.k_floor, 5);
    assert!(store.cells(week(3)).await.expect("cells").is_empty());

    // A full assessment is never shared.
    let spectrum = builtin_by_id("spectrum").expect("ships");
    record_at(
        &store,
        sharer,
        Submission {
            instrument: spectrum,
            answers: answers_for(spectrum, strain(0.9, 0.9), 0.0, &mut DemoRng::new(1)),
            taken_at: during(0),
            stuck: false,
            note: None,
        },
        during(0),
    )
    .await
    .expect("stored");
    assert_eq!(
        store.cells(week(0)).await.expect("cells")[&team].respondents,
        1
    );
    assert_eq!(store.count_responses(sharer).await.expect("count"), 2);
}

#[tokio::test]
async fn a_checkin_received_in_an_already_released_week_is_kept_unshared() {
    let store = store().await;
    let team = unit(&store, "Team", None).await;
    let sharer = member(&store, "sharer", team, true).await;
    // Another server, with its clock ahead, released this week already.
    store
        .put_releases(week(0), Vec::new(), Vec::new())
        .await
        .expect("closed");
    let stored = checkin(&store, sharer, strain(0.3, 0.3), false, during(0)).await;
    assert_eq!(store.count_responses(sharer).await.expect("count"), 1);
    assert!(stored.id > 0);
    assert!(store.cells(week(0)).await.expect("cells").is_empty());
}

#[tokio::test]
async fn closed_weeks_are_released_once_oldest_first_and_never_the_current_one() {
    let store = store().await;
    let team = unit(&store, "Team", None).await;
    for id in members(&store, "m", team, 60).await {
        checkin(&store, id, strain(0.3, 0.6), false, during(2)).await;
    }
    let released = release_due_weeks(&store, now(), &mut seeded(1))
        .await
        .expect("released");
    assert_eq!(
        released.len(),
        60,
        "from the week the unit was created to last week"
    );
    assert_eq!(released.last(), Some(&week(1)));
    assert!(!store.week_released(week(0)).await.expect("read"));
    assert!(
        release_due_weeks(&store, now(), &mut seeded(1))
            .await
            .expect("nothing left")
            .is_empty()
    );
    let releases = store.releases(team, week(2), week(2)).await.expect("read");
    let figures = match decode(&releases[0]).expect("readable") {
        Released::Shown(figures) => figures,
        other => panic!("sixty respondents are shown: {other:?}"),
    };
    // Noisy, whole, and within a few noise widths of 60; the member count is exact.
    let r = figures.respondents.value;
    assert!(r == r.round() && (r - 60.0).abs() < 60.0, "{r}");
    assert_eq!(figures.members, 60);
}

#[tokio::test]
async fn summaries_are_for_admins_and_leaders_of_the_unit_or_above_only() {
    let store = store().await;
    let boss = admin(&store, "boss").await;
    let org = unit(&store, "Org", None).await;
    let a = unit(&store, "A", Some(org)).await;
    let b = unit(&store, "B", Some(org)).await;
    let lead_a = person(&store, "lead-a").await;
    let lead_org = person(&store, "lead-org").await;
    store.set_leader(a, lead_a, true).await.expect("leader");
    store.set_leader(org, lead_org, true).await.expect("leader");
    // At the largest ε and with many people, the noise is small next to what is measured.
    for unit in [org, a, b] {
        set_rules(
            &store,
            boss,
            unit,
            (5, Some(10.0), Some(140.0)),
            now() - Duration::weeks(59),
        )
        .await
        .expect("rules");
    }
    let team_a = members(&store, "a", a, 120).await;
    let team_b = members(&store, "b", b, 120).await;
    for (i, id) in team_a.iter().enumerate() {
        checkin(&store, *id, strain(0.2, 0.8), i < 60, during(1)).await;
    }
    // B answers too: were B hidden, A would be hidden with it, or A = Org − B would give B away.
    for id in &team_b {
        checkin(&store, *id, strain(0.3, 0.3), false, during(1)).await;
    }

    assert!(is_forbidden(
        unit_summary(&store, lead_a, b, None, None, now()).await
    ));
    assert!(is_forbidden(
        unit_summary(&store, lead_a, org, None, None, now()).await
    ));
    assert!(is_forbidden(
        unit_summary(&store, team_a[0], a, None, None, now()).await
    ));
    for viewer in [lead_a, lead_org, boss] {
        let summary = unit_summary(&store, viewer, a, None, None, now())
            .await
            .expect("allowed");
        assert_eq!(summary.unit.name, "A");
        assert_eq!(summary.window.weeks(), 4);
        assert_eq!(summary.figures.weeks_shown, 1);
        let burnout = summary.figures.burnout.expect("a mean");
        assert!(burnout.mean.value < 40.0, "{burnout:?}");
        let rustout = summary.figures.rustout.expect("a mean");
        assert!(rustout.band.is_elevated());
        let stuck = summary.figures.stuck.map_or(0.0, |s| s.value);
        assert!((stuck - 60.0).abs() < 30.0, "{stuck}");
        let ids: Vec<&str> = summary
            .practices
            .iter()
            .map(|p| p.strategy_id.as_str())
            .collect();
        assert!(ids.contains(&"leader_safe_to_say_stuck"), "{ids:?}");
        assert!(
            ids.iter().any(|id| id.contains("growth")),
            "rust-out is high, so growth comes up: {ids:?}"
        );
        assert!(summary.practices.iter().all(|p| !p.reason.is_empty()));
    }
    let top = unit_summary(&store, lead_org, org, None, None, now())
        .await
        .expect("allowed");
    assert_eq!(
        top.sub_units
            .iter()
            .map(|u| u.name.as_str())
            .collect::<Vec<_>>(),
        ["A", "B"]
    );
    let json = serde_json::to_value(&top).expect("serializable");
    assert!(json["figures"]["weeks_shown"].is_number(), "{json}");
}

#[test]
fn windows_are_whole_weeks_in_order_and_not_too_long() {
    let w = resolve_window(None, None, now()).expect("default");
    assert_eq!((w.from, w.to, w.weeks()), (week(4), week(1), 4));
    let w = resolve_window(
        Some(during(5).date_naive()),
        Some(during(2).date_naive()),
        now(),
    )
    .expect("given");
    assert_eq!((w.from, w.to), (week(5), week(2)));
    assert!(matches!(
        resolve_window(Some(week(1)), Some(week(3)), now()),
        Err(OrgError::Invalid(m)) if m.starts_with("from:")
    ));
    assert!(matches!(
        resolve_window(Some(week(200)), None, now()),
        Err(OrgError::Invalid(m)) if m.contains("at most 156")
    ));
}

#[tokio::test]
async fn a_brief_is_drafted_without_scores_and_sent_only_to_a_leader_of_ones_own_unit() {
    let store = store().await;
    let team = unit(&store, "Team", None).await;
    let other = unit(&store, "Other", None).await;
    let lead = person(&store, "lead").await;
    let stranger = person(&store, "stranger").await;
    store.set_leader(team, lead, true).await.expect("leader");
    store
        .set_leader(other, stranger, true)
        .await
        .expect("leader");
    let me = member(&store, "me", team, false).await;
    for w in (0..4).rev() {
        checkin(&store, me, strain(0.15, 0.85), w == 0, during(w)).await;
    }
    let draft = briefs::draft_brief(&store, me, now())
        .await
        .expect("drafted");
    assert!(draft.contains("What I notice"), "{draft}");
    assert!(draft.contains("too little challenge"), "{draft}");
    assert!(draft.contains("role could evolve"), "{draft}");
    assert!(draft.contains("I have been feeling stuck"), "{draft}");
    assert!(
        !draft.chars().any(|c| c.is_ascii_digit()),
        "no scores: {draft}"
    );

    assert_eq!(
        briefs::my_leaders(&store, me).await.expect("read")[0].username,
        "lead"
    );
    assert!(matches!(
        briefs::send_brief(&store, me, stranger, "hello", now()).await,
        Err(OrgError::NotFound(m)) if m.starts_with("to:")
    ));
    assert!(matches!(
        briefs::send_brief(&store, me, lead, "   ", now()).await,
        Err(OrgError::Invalid(_))
    ));
    assert!(matches!(
        briefs::send_brief(&store, me, lead, &"x".repeat(4001), now()).await,
        Err(OrgError::Invalid(m)) if m.contains("4000")
    ));
    let sent = briefs::send_brief(&store, me, lead, " Can we talk? ", now())
        .await
        .expect("sent");
    assert_eq!(sent.text, "Can we talk?");
    let inbox = briefs::inbox(&store, lead).await.expect("inbox");
    assert_eq!(inbox.len(), 1);
    assert_eq!(inbox[0].from.username, "me");
    assert!(
        briefs::inbox(&store, stranger)
            .await
            .expect("inbox")
            .is_empty()
    );
    briefs::mark_read(&store, lead, sent.id, now())
        .await
        .expect("read");
    assert!(matches!(
        briefs::mark_read(&store, stranger, sent.id, now()).await,
        Err(OrgError::NotFound(_))
    ));
}

#[tokio::test]
async fn the_demo_builds_a_released_organisation_a_leader_can_read() {
    let store = store().await;
    let spec = demo::DemoSpec {
        people: 60,
        weeks: 6,
        seed: 7,
        now: now(),
        admin_password_hash: None,
        leader_password_hash: None,
    };
    let made = demo::demo_org(&store, spec.clone()).await.expect("built");
    assert_eq!(made.people, 60);
    assert_eq!(made.released_weeks, 6);
    assert!(made.teams >= 2 && made.departments >= 1);
    assert!(made.sharing > 25 && made.sharing < 55, "{}", made.sharing);
    assert!(made.checkins > 60 * 4 && made.checkins <= 60 * 6);
    assert!(made.shared_checkins < made.checkins);
    let leader = store
        .user_by_name(demo::DEMO_LEADER)
        .await
        .expect("read")
        .expect("exists");
    let summary = unit_summary(&store, leader.id, made.leader_unit.id, None, None, now())
        .await
        .expect("the leader reads their department");
    assert!(summary.figures.weeks_shown >= 1);
    let admin_id = store
        .user_by_name(demo::DEMO_ADMIN)
        .await
        .expect("read")
        .expect("exists")
        .id;
    assert!(store.is_admin(admin_id).await.expect("read"));
    assert!(matches!(
        demo::demo_org(&store, spec).await,
        Err(OrgError::Invalid(m)) if m.contains("already has an organisation")
    ));
    for (people, weeks) in [(2, 4), (10, 0), (10, 157)] {
        let spec = demo::DemoSpec {
            people,
            weeks,
            seed: 1,
            now: now(),
            admin_password_hash: None,
            leader_password_hash: None,
        };
        assert!(matches!(
            demo::demo_org(&store, spec).await,
            Err(OrgError::Invalid(_))
        ));
    }
}
