//! Stories about shared check-ins and the weekly cells they feed: one contribution per person
//! and week (the last one), sums that always equal the contributions behind them, nothing from
//! an unshared check-in or a released week, and deletion that takes a person out of every week
//! not yet released.

use super::Backend;
use super::fixtures::{
    self, MISSING_USER, Seeded, cell_of, cells, cells_agree, checkin, contribution, day, share,
    share_checkin, sharing_member, unit, week,
};
use crate::org::{Cell, Contribution, NewInvite, Release, Role, UnitId, UnitRules};
use crate::{ResponseQuery, StoreError, UserId};
use chrono::Duration;
use std::collections::BTreeMap;

const MISSING_UNIT: UnitId = UnitId(i64::MAX - 11);

async fn responses(store: &dyn Backend, user: UserId) -> u64 {
    store.count_responses(user).await.expect("count responses")
}

fn assert_agrees(actual: Option<&Cell>, expected: &Cell, context: &str) {
    match actual {
        Some(actual) => assert!(
            cells_agree(actual, expected),
            "{context}: the cell\n{actual:?}\nis not\n{expected:?}"
        ),
        None => panic!("{context}: no cell, expected\n{expected:?}"),
    }
}

/// A shared check-in is stored as `insert_response` stores one, and its contribution is the
/// unit's cell for the week, exactly; other weeks have no cells.
pub async fn a_shared_checkin_is_stored_and_counted(store: &dyn Backend) {
    let team = unit(store, "Team", None).await;
    let ana = sharing_member(store, "ana", team.id).await;
    let given = contribution(55.5, 100.0 / 3.0, Some(-12.5), true);
    let mut new = checkin(ana.id, day(1) + Duration::nanoseconds(1_234_567));
    new.stuck = true;
    new.note = Some("a private note — never in a cell".to_owned());

    let stored = store
        .insert_shared_checkin(
            new.clone(),
            share(team.id, week(0), team.rules, given.clone()),
        )
        .await
        .expect("a shared check-in");
    assert_eq!(stored.taken_at, fixtures::to_millis(new.taken_at));
    assert_eq!(
        (&stored.answers, stored.stuck, &stored.note, &stored.score),
        (&new.answers, new.stuck, &new.note, &new.score)
    );
    assert_eq!(
        store
            .responses(ana.id, ResponseQuery::default())
            .await
            .expect("responses"),
        vec![stored]
    );

    let week_cells = cells(store, week(0)).await;
    assert_eq!(
        week_cells,
        BTreeMap::from([(team.id, cell_of([&given], &team.rules))]),
        "one contribution is its cell, exactly"
    );
    let cell = &week_cells[&team.id];
    assert_eq!((cell.respondents, cell.stuck, cell.k_floor), (1, 1, 5));
    assert_eq!(cell.epsilon_floor, team.rules.epsilon);
    assert!(cells(store, week(1)).await.is_empty());
    assert!(cells(store, week(-1)).await.is_empty());
}

/// A batch of shared check-ins (bulk loading) lands exactly as the same check-ins one by one:
/// several people, several weeks, a person twice in a week (the later counts). A refused check-in
/// in a batch is refused as it would be alone.
pub async fn a_batch_of_shared_checkins_counts_as_one_by_one(store: &dyn Backend) {
    let team = unit(store, "Team", None).await;
    let ana = sharing_member(store, "ana", team.id).await;
    let ben = sharing_member(store, "ben", team.id).await;
    let a0 = contribution(60.0, 20.0, Some(30.0), false);
    let a0_later = contribution(40.0, 50.0, None, true);
    let b0 = contribution(20.0, 70.0, Some(-40.0), true);
    let a1 = contribution(35.0, 35.0, Some(0.0), false);
    let batch = vec![
        (
            checkin(ana.id, day(1)),
            share(team.id, week(0), team.rules, a0),
        ),
        (
            checkin(ben.id, day(2)),
            share(team.id, week(0), team.rules, b0.clone()),
        ),
        (
            checkin(ana.id, day(3)),
            share(team.id, week(0), team.rules, a0_later.clone()),
        ),
        (
            checkin(ana.id, day(8)),
            share(team.id, week(1), team.rules, a1.clone()),
        ),
    ];
    let stored = store
        .insert_shared_checkins(batch)
        .await
        .expect("a batch of shared check-ins");
    assert_eq!(stored.len(), 4);
    assert_eq!(
        stored.iter().map(|s| s.user).collect::<Vec<_>>(),
        [ana.id, ben.id, ana.id, ana.id],
        "stored in order"
    );
    assert_agrees(
        cells(store, week(0)).await.get(&team.id),
        &cell_of([&a0_later, &b0], &team.rules),
        "week 0 after the batch",
    );
    assert_agrees(
        cells(store, week(1)).await.get(&team.id),
        &cell_of([&a1], &team.rules),
        "week 1 after the batch",
    );
    assert_eq!(responses(store, ana.id).await, 3);

    let outsider = fixtures::user(store, "outsider").await;
    let refused = store
        .insert_shared_checkins(vec![(
            checkin(outsider.id, day(4)),
            share(
                team.id,
                week(0),
                team.rules,
                contribution(50.0, 50.0, None, false),
            ),
        )])
        .await;
    assert!(
        matches!(refused, Err(StoreError::NotFound { .. })),
        "someone who does not share is refused in a batch too: {refused:?}"
    );
    assert_eq!(responses(store, outsider.id).await, 0);
    assert_eq!(cells(store, week(0)).await[&team.id].respondents, 2);
    assert!(
        store
            .insert_shared_checkins(Vec::new())
            .await
            .expect("an empty batch")
            .is_empty()
    );
}

/// A second check-in in the same week replaces the person's first: one respondent, the sums
/// of their last check-in; the floors keep the strictest rules any check-in was given under.
pub async fn a_second_checkin_in_a_week_replaces_the_first(store: &dyn Backend) {
    let team = unit(store, "Team", None).await;
    let ana = sharing_member(store, "ana", team.id).await;
    let ben = sharing_member(store, "ben", team.id).await;
    let set_rules = async |version: u32, k: u32, epsilon: Option<f64>| {
        let rules = UnitRules {
            version,
            k,
            epsilon,
            quarterly_budget: Some(3.0),
            changed_at: day(1),
        };
        store
            .set_unit_rules(team.id, rules)
            .await
            .expect("new rules");
        rules
    };

    let first = contribution(80.0, 20.0, Some(40.0), true);
    share_checkin(store, ana.id, team.id, day(0), first).await;
    set_rules(2, 8, Some(0.5)).await;
    let last = contribution(30.0, 60.0, None, false);
    share_checkin(store, ana.id, team.id, day(2), last.clone()).await;
    let bens_first = contribution(45.0, 45.0, Some(-5.0), false);
    share_checkin(store, ben.id, team.id, day(3), bens_first).await;
    let v3 = set_rules(3, 6, Some(1.0)).await;
    let bens_last = contribution(10.0, 90.0, Some(-70.0), true);
    share_checkin(store, ben.id, team.id, day(4), bens_last.clone()).await;

    let expected = Cell {
        k_floor: 8,
        epsilon_floor: Some(0.5),
        ..cell_of([&last, &bens_last], &v3)
    };
    let week_cells = cells(store, week(0)).await;
    assert_eq!(week_cells.len(), 1);
    assert_agrees(week_cells.get(&team.id), &expected, "after four check-ins");
    assert_eq!(week_cells[&team.id].respondents, 2);
    assert_eq!(
        week_cells[&team.id].stuck, 1,
        "ana's stuck flag went with her first"
    );
    assert_eq!(
        (
            responses(store, ana.id).await,
            responses(store, ben.id).await
        ),
        (2, 2),
        "every check-in is still kept for its person"
    );
}

/// Property-style, with a fixed seed: people in two units check in one to three times a week,
/// in random order, over three weeks. Every cell has one respondent per person who checked in
/// and the sums of each one's last check-in of the week.
pub async fn cells_equal_the_sums_of_each_persons_last_checkin(store: &dyn Backend) {
    let north = unit(store, "North", None).await;
    let south = unit(store, "South", Some(north.id)).await;
    let mut people = Vec::new();
    for i in 0..12 {
        let home = if i < 7 { north.id } else { south.id };
        let person = sharing_member(store, &format!("person-{i}"), home).await;
        people.push((person.id, home));
    }
    let mut random = Seeded::new(0x5eed_ce11);
    for w in 0..3_i64 {
        let mut events: Vec<(UserId, UnitId)> = Vec::new();
        for &(person, home) in &people {
            if random.below(4) > 0 {
                let times = 1 + random.below(3);
                events.extend((0..times).map(|_| (person, home)));
            }
        }
        for i in (1..events.len()).rev() {
            let j = usize::try_from(random.below(i as u64 + 1)).expect("small");
            events.swap(i, j);
        }
        let mut last: BTreeMap<UserId, (UnitId, Contribution)> = BTreeMap::new();
        for (n, &(person, home)) in events.iter().enumerate() {
            let given = random.contribution();
            let minutes = i64::try_from(n).expect("few events");
            let at = day(7 * w) + Duration::minutes(minutes);
            share_checkin(store, person, home, at, given.clone()).await;
            last.insert(person, (home, given));
        }

        let week_cells = cells(store, week(w)).await;
        for home in [north.id, south.id] {
            let theirs: Vec<&Contribution> = last
                .values()
                .filter(|(unit, _)| *unit == home)
                .map(|(_, given)| given)
                .collect();
            let context = format!("week {w}, unit {}, {} events", home.0, events.len());
            if theirs.is_empty() {
                assert!(!week_cells.contains_key(&home), "{context}: an empty cell");
            } else {
                assert_agrees(
                    week_cells.get(&home),
                    &cell_of(theirs.iter().copied(), &north.rules),
                    &context,
                );
            }
        }
        let respondents: u64 = week_cells.values().map(|c| c.respondents).sum();
        assert_eq!(respondents, last.len() as u64, "week {w}: distinct people");
    }
}

/// Eight people checking in twice each, all sixteen at once, into one unit's first cell of the
/// week: every person counts once and every sum is right — no check-in is lost to another
/// writing the same cell, and none counts twice.
pub async fn concurrent_shared_checkins_are_all_counted_once(store: &dyn Backend) {
    let team = unit(store, "Team", None).await;
    let mut people = Vec::new();
    let mut given = Vec::new();
    for i in 0..8_u32 {
        people.push(sharing_member(store, &format!("person-{i}"), team.id).await);
        let i = f64::from(i);
        given.push(contribution(
            10.0 * i + 0.5,
            90.0 - 7.0 * i,
            Some(i - 3.5),
            i < 3.0,
        ));
    }
    let attempts: Vec<_> = people
        .iter()
        .zip(&given)
        .flat_map(|(person, given)| {
            [day(1), day(2)].map(|at| {
                store.insert_shared_checkin(
                    checkin(person.id, at),
                    share(team.id, week(0), team.rules, given.clone()),
                )
            })
        })
        .collect();
    for result in fixtures::join_all(attempts).await {
        result.expect("a concurrent shared check-in");
    }
    assert_agrees(
        cells(store, week(0)).await.get(&team.id),
        &cell_of(&given, &team.rules),
        "sixteen check-ins at once",
    );
    for person in &people {
        assert_eq!(responses(store, person.id).await, 2);
    }
}

/// A check-in stored without sharing (`insert_response`, what the service does when sharing is
/// off) adds to no cell; turning sharing off takes back what was shared in the open week.
pub async fn an_unshared_checkin_leaves_the_cells_unchanged(store: &dyn Backend) {
    let team = unit(store, "Team", None).await;
    let ana = sharing_member(store, "ana", team.id).await;
    let ben = fixtures::user(store, "ben").await;
    store
        .join_unit(ben.id, team.id, day(0))
        .await
        .expect("join");
    share_checkin(
        store,
        ana.id,
        team.id,
        day(1),
        contribution(70.0, 10.0, None, true),
    )
    .await;
    let before = cells(store, week(0)).await;

    store
        .insert_response(checkin(ben.id, day(2)))
        .await
        .expect("ben's private check-in");
    store
        .set_sharing(ana.id, team.id, false, day(3))
        .await
        .expect("ana stops sharing");
    store
        .insert_response(checkin(ana.id, day(4)))
        .await
        .expect("ana's private check-in");
    assert_eq!(before[&team.id].respondents, 1);
    assert!(
        cells(store, week(0)).await.is_empty(),
        "stopping sharing took ana's check-in of the open week back; private ones add nothing"
    );
    assert_eq!(responses(store, ana.id).await, 2);
}

/// A shared check-in needs the person to belong to the unit with sharing on at the moment it
/// is written: otherwise it is `NotFound`, and neither the check-in nor any cell is stored.
pub async fn a_shared_checkin_needs_a_sharing_membership(store: &dyn Backend) {
    let team = unit(store, "Team", None).await;
    let lab = unit(store, "Lab", None).await;
    let quiet = fixtures::user(store, "quiet").await;
    store
        .join_unit(quiet.id, team.id, day(0))
        .await
        .expect("join, not sharing");
    let ben = sharing_member(store, "ben", team.id).await;
    let loner = fixtures::user(store, "loner").await;

    let given = contribution(50.0, 50.0, Some(0.0), false);
    let attempts = [
        ("not sharing", quiet.id, team.id),
        ("another unit", ben.id, lab.id),
        ("no unit at all", loner.id, team.id),
        ("a missing unit", ben.id, MISSING_UNIT),
        ("a missing person", MISSING_USER, team.id),
    ];
    for (what, person, into) in attempts {
        let result = store
            .insert_shared_checkin(
                checkin(person, day(1)),
                share(into, week(0), team.rules, given.clone()),
            )
            .await;
        assert!(
            matches!(result, Err(StoreError::NotFound { .. })),
            "sharing into {what} must be NotFound, got {result:?}"
        );
    }
    for person in [quiet.id, ben.id, loner.id] {
        assert_eq!(responses(store, person).await, 0, "nothing was stored");
    }
    assert!(cells(store, week(0)).await.is_empty());
}

/// A check-in or contribution the store cannot keep — a week not named by its Monday, a
/// non-finite number, a NUL in the note — is refused, and nothing of it is stored.
pub async fn unstorable_shared_checkins_are_refused(store: &dyn Backend) {
    let team = unit(store, "Team", None).await;
    let ana = sharing_member(store, "ana", team.id).await;
    let good = contribution(50.0, 50.0, Some(0.0), false);
    let mut nan = good.clone();
    nan.burnout = f64::NAN;
    let mut infinite = good.clone();
    infinite.dimensions.insert("mood".to_owned(), f64::INFINITY);
    let tuesday = week(0) + Duration::days(1);
    let mut nul_note = checkin(ana.id, day(1));
    nul_note.note = Some("bad\0note".to_owned());

    let attempts = [
        (
            "a Tuesday week",
            checkin(ana.id, day(1)),
            tuesday,
            good.clone(),
        ),
        ("a NaN index", checkin(ana.id, day(1)), week(0), nan),
        (
            "an infinite dimension",
            checkin(ana.id, day(1)),
            week(0),
            infinite,
        ),
        ("a NUL in the note", nul_note, week(0), good),
    ];
    for (what, new, week, given) in attempts {
        let result = store
            .insert_shared_checkin(new, share(team.id, week, team.rules, given))
            .await;
        assert!(
            result.is_err() && !matches!(result, Err(StoreError::NotFound { .. })),
            "{what} must be refused, got {result:?}"
        );
    }
    assert_eq!(responses(store, ana.id).await, 0);
    assert!(cells(store, week(0)).await.is_empty());
    assert!(cells(store, tuesday).await.is_empty());
}

/// Someone who moves to another unit mid-week counts once, and only where they are when the week
/// is released: moving takes their check-in of the open week out of the old unit's cell at once
/// (counted there, it would let the old unit's member count show whether they answered).
pub async fn a_person_who_moves_mid_week_counts_once(store: &dyn Backend) {
    let north = unit(store, "North", None).await;
    let south = unit(store, "South", None).await;
    let ana = sharing_member(store, "ana", north.id).await;
    let ben = sharing_member(store, "ben", north.id).await;
    let anas_first = contribution(20.0, 70.0, Some(-30.0), true);
    let bens = contribution(60.0, 30.0, Some(25.0), false);
    share_checkin(store, ana.id, north.id, day(0), anas_first.clone()).await;
    share_checkin(store, ben.id, north.id, day(0), bens.clone()).await;

    store
        .join_unit(ana.id, south.id, day(2))
        .await
        .expect("move");
    let week_cells = cells(store, week(0)).await;
    assert_agrees(
        week_cells.get(&north.id),
        &cell_of([&bens], &north.rules),
        "moving takes the check-in out of the old unit",
    );
    assert_eq!(week_cells.get(&south.id), None, "and puts it nowhere else");
    store
        .set_sharing(ana.id, south.id, true, day(2))
        .await
        .expect("share in the new unit");

    let anas_second = contribution(40.0, 40.0, None, false);
    share_checkin(store, ana.id, south.id, day(3), anas_second.clone()).await;
    let week_cells = cells(store, week(0)).await;
    assert_agrees(
        week_cells.get(&north.id),
        &cell_of([&bens], &north.rules),
        "the old unit",
    );
    assert_eq!(
        week_cells.get(&south.id),
        Some(&cell_of([&anas_second], &south.rules)),
        "the new unit"
    );
    let respondents: u64 = week_cells.values().map(|c| c.respondents).sum();
    assert_eq!(respondents, 2, "two people, counted once each");
}

/// Leaving a unit, or turning sharing off, takes the person's check-ins of weeks not released
/// yet out of their cells; a released week stays as it was released, and turning sharing back
/// on brings nothing back.
pub async fn leaving_or_stopping_sharing_takes_back_unreleased_checkins(store: &dyn Backend) {
    let team = unit(store, "Team", None).await;
    let ana = sharing_member(store, "ana", team.id).await;
    let ben = sharing_member(store, "ben", team.id).await;
    let cat = sharing_member(store, "cat", team.id).await;
    let anas = contribution(20.0, 70.0, Some(-30.0), true);
    let bens = contribution(60.0, 30.0, Some(25.0), false);
    let cats = contribution(50.0, 50.0, None, false);
    share_checkin(store, ana.id, team.id, day(0), anas.clone()).await;
    store
        .put_releases(week(0), Vec::new(), Vec::new())
        .await
        .expect("release week 0");
    share_checkin(store, ana.id, team.id, day(7), anas.clone()).await;
    share_checkin(store, ben.id, team.id, day(7), bens.clone()).await;
    share_checkin(store, cat.id, team.id, day(7), cats.clone()).await;

    store
        .set_sharing(ben.id, team.id, false, day(8))
        .await
        .expect("ben stops sharing");
    store.leave_unit(cat.id).await.expect("cat leaves");
    assert_agrees(
        cells(store, week(1)).await.get(&team.id),
        &cell_of([&anas], &team.rules),
        "only ana is left in the open week",
    );
    assert_agrees(
        cells(store, week(0)).await.get(&team.id),
        &cell_of([&anas], &team.rules),
        "the released week is untouched",
    );
    store
        .set_sharing(ben.id, team.id, true, day(9))
        .await
        .expect("ben shares again");
    assert_agrees(
        cells(store, week(1)).await.get(&team.id),
        &cell_of([&anas], &team.rules),
        "sharing again brings nothing back",
    );
    share_checkin(store, ben.id, team.id, day(9), bens.clone()).await;
    assert_agrees(
        cells(store, week(1)).await.get(&team.id),
        &cell_of([&anas, &bens], &team.rules),
        "a new check-in counts again",
    );
}

/// Once a week is released, a shared check-in into it is `Conflict` and stores nothing; the
/// next week still takes them.
pub async fn a_released_week_takes_no_more_shared_checkins(store: &dyn Backend) {
    let team = unit(store, "Team", None).await;
    let ana = sharing_member(store, "ana", team.id).await;
    share_checkin(
        store,
        ana.id,
        team.id,
        day(0),
        contribution(30.0, 30.0, None, false),
    )
    .await;
    let frozen = cells(store, week(0)).await;
    store
        .put_releases(
            week(0),
            vec![Release {
                unit: team.id,
                week: week(0),
                released_at: day(7),
                payload: r#"{"suppressed":true}"#.to_owned(),
            }],
            Vec::new(),
        )
        .await
        .expect("release week 0");

    let late = store
        .insert_shared_checkin(
            checkin(ana.id, day(6)),
            share(
                team.id,
                week(0),
                team.rules,
                contribution(90.0, 90.0, None, true),
            ),
        )
        .await;
    assert!(
        matches!(late, Err(StoreError::Conflict { .. })),
        "a check-in into a released week must be a Conflict, got {late:?}"
    );
    assert_eq!(
        responses(store, ana.id).await,
        1,
        "the refused check-in is not stored"
    );
    assert_eq!(cells(store, week(0)).await, frozen);

    share_checkin(
        store,
        ana.id,
        team.id,
        day(7),
        contribution(35.0, 35.0, None, false),
    )
    .await;
    assert_eq!(cells(store, week(1)).await[&team.id].respondents, 1);
}

/// Deleting an account takes the person's shared check-ins out of the cells of every week not
/// yet released (a cell they were alone in goes); a released week's cells and releases stay
/// exactly as they were.
pub async fn deleting_a_person_takes_them_out_of_unreleased_cells_only(store: &dyn Backend) {
    let team = unit(store, "Team", None).await;
    let solo = unit(store, "Solo", None).await;
    let ana = sharing_member(store, "ana", team.id).await;
    let ben = sharing_member(store, "ben", team.id).await;
    let cat = sharing_member(store, "cat", team.id).await;
    let dora = sharing_member(store, "dora", solo.id).await;
    let mut random = Seeded::new(7);
    let mut given: BTreeMap<(i64, UserId), Contribution> = BTreeMap::new();
    for w in 0..3 {
        for person in [ana.id, ben.id, cat.id] {
            let contribution = random.contribution();
            share_checkin(store, person, team.id, day(7 * w + 1), contribution.clone()).await;
            given.insert((w, person), contribution);
        }
    }
    share_checkin(
        store,
        ana.id,
        team.id,
        day(16),
        contribution(99.0, 1.0, None, true),
    )
    .await;
    let anas_last = contribution(99.0, 1.0, None, true);
    given.insert((2, ana.id), anas_last);
    share_checkin(store, dora.id, solo.id, day(15), random.contribution()).await;

    let release = Release {
        unit: team.id,
        week: week(0),
        released_at: day(7),
        payload: r#"{"respondents":3}"#.to_owned(),
    };
    store
        .put_releases(week(0), vec![release.clone()], vec![(team.id, 0.5)])
        .await
        .expect("release week 0");
    let week0 = cells(store, week(0)).await;

    store.delete_user(ana.id).await.expect("delete ana");
    store.delete_user(dora.id).await.expect("delete dora");

    assert_eq!(
        cells(store, week(0)).await,
        week0,
        "a released week is frozen"
    );
    assert_eq!(
        store
            .releases(team.id, week(0), week(2))
            .await
            .expect("releases"),
        vec![release]
    );
    for w in [1, 2] {
        let week_cells = cells(store, week(w)).await;
        let rest = [&given[&(w, ben.id)], &given[&(w, cat.id)]];
        assert_agrees(
            week_cells.get(&team.id),
            &cell_of(rest, &team.rules),
            &format!("week {w} without ana"),
        );
        assert!(
            !week_cells.contains_key(&solo.id),
            "week {w}: dora's cell, with only her in it, is gone"
        );
    }
    // The people left can go on checking in, and a cell only they are in is theirs alone.
    share_checkin(store, ben.id, team.id, day(17), given[&(2, ben.id)].clone()).await;
    assert_eq!(cells(store, week(2)).await[&team.id].respondents, 2);
}

/// Deleting an account removes the person's place in the organisation: membership, leader
/// roles, admin role, the briefs they sent and received, and the invites they made; an invite
/// they used stays used.
pub async fn deleting_a_person_removes_their_place_in_the_organisation(store: &dyn Backend) {
    let team = unit(store, "Team", None).await;
    let admin = fixtures::user(store, "admin").await;
    let ana = fixtures::user(store, "ana").await;
    let ben = sharing_member(store, "ben", team.id).await;
    let lead = fixtures::user(store, "lead").await;
    store
        .set_leader(team.id, lead.id, true)
        .await
        .expect("lead");
    let invite = |n: u8, created_by: UserId| NewInvite {
        token_hash: fixtures::token_hash(n),
        unit: team.id,
        role: Role::Leader,
        created_by,
        created_at: day(0),
        expires_at: day(30),
    };
    store
        .create_invite(invite(1, admin.id))
        .await
        .expect("invite");
    store
        .accept_invite(&fixtures::token_hash(1), ana.id, day(1))
        .await
        .expect("ana joins as a leader");
    store
        .join_unit(ana.id, team.id, day(1))
        .await
        .expect("and as a member");
    store.set_admin(ana.id, true).await.expect("admin");
    store
        .create_invite(invite(2, ana.id))
        .await
        .expect("ana's invite");
    store
        .send_brief(ben.id, ana.id, team.id, "to ana", day(2))
        .await
        .expect("brief to ana");
    store
        .send_brief(ana.id, lead.id, team.id, "from ana", day(2))
        .await
        .expect("brief from ana");
    let bens = store
        .send_brief(ben.id, lead.id, team.id, "from ben", day(3))
        .await
        .expect("brief from ben");

    store.delete_user(ana.id).await.expect("delete ana");

    assert_eq!(store.membership(ana.id).await.expect("read"), None);
    assert_eq!(store.member_count(team.id).await.expect("count"), 1);
    assert_eq!(
        store.leaders_of(team.id).await.expect("leaders"),
        vec![(lead.id, "lead".to_owned())]
    );
    assert!(store.units_led_by(ana.id).await.expect("led").is_empty());
    assert!(!store.is_admin(ana.id).await.expect("admin"));
    assert_eq!(
        store.inbox(lead.id).await.expect("inbox"),
        vec![bens.clone()]
    );
    assert_eq!(store.sent_briefs(ben.id).await.expect("sent"), vec![bens]);
    assert!(store.inbox(ana.id).await.expect("inbox").is_empty());
    for n in [1, 2] {
        let result = store
            .accept_invite(&fixtures::token_hash(n), ben.id, day(4))
            .await;
        assert!(
            matches!(result, Err(StoreError::NotFound { .. })),
            "invite {n} must be gone or used, got {result:?}"
        );
    }
    assert_eq!(
        store
            .membership(ben.id)
            .await
            .expect("read")
            .map(|m| m.unit),
        Some(team.id)
    );
    let names: Vec<String> = store
        .list_users()
        .await
        .expect("list")
        .into_iter()
        .map(|(_, name)| name)
        .collect();
    assert_eq!(names, ["admin", "ben", "lead"]);
}

/// Deleting a shared check-in that still feeds the cell of a week not released yet takes it out
/// of that cell, as if it had never been shared; a cell nobody is left in is gone.
pub async fn deleting_a_shared_checkin_takes_it_out_of_its_open_week(store: &dyn Backend) {
    let team = unit(store, "Team", None).await;
    let ana = sharing_member(store, "ana", team.id).await;
    let ben = sharing_member(store, "ben", team.id).await;
    let anas = contribution(70.0, 20.0, Some(15.0), true);
    let bens = contribution(30.0, 60.0, None, false);
    let ana_checkin = share_checkin(store, ana.id, team.id, day(1), anas).await;
    let ben_checkin = share_checkin(store, ben.id, team.id, day(2), bens.clone()).await;

    store
        .delete_response(ana.id, ana_checkin.id)
        .await
        .expect("ana deletes her check-in");
    assert_agrees(
        cells(store, week(0)).await.get(&team.id),
        &cell_of([&bens], &team.rules),
        "the week without ana's check-in",
    );
    assert_eq!(responses(store, ana.id).await, 0);

    let result = store.delete_response(ana.id, ben_checkin.id).await;
    assert!(
        matches!(result, Err(StoreError::NotFound { .. })),
        "ana deleting ben's check-in must be NotFound, got {result:?}"
    );
    assert_agrees(
        cells(store, week(0)).await.get(&team.id),
        &cell_of([&bens], &team.rules),
        "ben's check-in still counts",
    );

    store
        .delete_response(ben.id, ben_checkin.id)
        .await
        .expect("ben deletes his check-in");
    assert!(
        cells(store, week(0)).await.is_empty(),
        "nobody is left in the week's cell"
    );
    // They can check in again, and count once each.
    share_checkin(
        store,
        ana.id,
        team.id,
        day(3),
        contribution(50.0, 50.0, None, false),
    )
    .await;
    share_checkin(store, ben.id, team.id, day(4), bens).await;
    assert_eq!(cells(store, week(0)).await[&team.id].respondents, 2);
}

/// A check-in a later one of the same week replaced no longer feeds the cell: deleting it
/// changes no cell. Deleting the later one takes the person out of the week (the earlier one is
/// not put back). An unshared check-in changes no cell either way.
pub async fn deleting_a_replaced_or_unshared_checkin_leaves_the_cell(store: &dyn Backend) {
    let team = unit(store, "Team", None).await;
    let ana = sharing_member(store, "ana", team.id).await;
    let ben = sharing_member(store, "ben", team.id).await;
    let bens = contribution(40.0, 40.0, Some(0.0), false);
    share_checkin(store, ben.id, team.id, day(0), bens.clone()).await;
    let first = share_checkin(
        store,
        ana.id,
        team.id,
        day(1),
        contribution(90.0, 5.0, None, true),
    )
    .await;
    let second_contribution = contribution(20.0, 80.0, Some(-40.0), false);
    let second = share_checkin(store, ana.id, team.id, day(2), second_contribution.clone()).await;
    let unshared = store
        .insert_response(checkin(ana.id, day(3)))
        .await
        .expect("an unshared check-in");
    let both = cell_of([&bens, &second_contribution], &team.rules);

    store
        .delete_response(ana.id, first.id)
        .await
        .expect("delete the replaced check-in");
    assert_agrees(
        cells(store, week(0)).await.get(&team.id),
        &both,
        "after deleting the replaced check-in",
    );
    store
        .delete_response(ana.id, unshared.id)
        .await
        .expect("delete the unshared check-in");
    assert_agrees(
        cells(store, week(0)).await.get(&team.id),
        &both,
        "after deleting the unshared check-in",
    );
    store
        .delete_response(ana.id, second.id)
        .await
        .expect("delete the check-in that counts");
    assert_agrees(
        cells(store, week(0)).await.get(&team.id),
        &cell_of([&bens], &team.rules),
        "after deleting the check-in that counted",
    );
    assert_eq!(responses(store, ana.id).await, 0);
}

/// Deleting a check-in counted in a released week changes neither that week's cells nor its
/// releases (they are frozen); the same person's check-in of an open week still leaves it.
pub async fn deleting_a_checkin_of_a_released_week_leaves_the_release_frozen(store: &dyn Backend) {
    let team = unit(store, "Team", None).await;
    let ana = sharing_member(store, "ana", team.id).await;
    let ben = sharing_member(store, "ben", team.id).await;
    let cat = sharing_member(store, "cat", team.id).await;
    let mut random = Seeded::new(11);
    let anas = share_checkin(store, ana.id, team.id, day(1), random.contribution()).await;
    share_checkin(store, ben.id, team.id, day(1), random.contribution()).await;
    share_checkin(store, cat.id, team.id, day(2), random.contribution()).await;
    let release = Release {
        unit: team.id,
        week: week(0),
        released_at: day(7),
        payload: r#"{"respondents":3}"#.to_owned(),
    };
    store
        .put_releases(week(0), vec![release.clone()], vec![(team.id, 0.5)])
        .await
        .expect("release week 0");
    let frozen = cells(store, week(0)).await;

    store
        .delete_response(ana.id, anas.id)
        .await
        .expect("ana deletes a check-in of a released week");
    assert_eq!(
        cells(store, week(0)).await,
        frozen,
        "a released week is frozen"
    );
    assert_eq!(
        store
            .releases(team.id, week(0), week(1))
            .await
            .expect("releases"),
        vec![release.clone()]
    );
    assert_eq!(responses(store, ana.id).await, 0);

    let bens = random.contribution();
    share_checkin(store, ben.id, team.id, day(8), bens.clone()).await;
    let open = share_checkin(store, ana.id, team.id, day(9), random.contribution()).await;
    store
        .delete_response(ana.id, open.id)
        .await
        .expect("ana deletes a check-in of an open week");
    assert_agrees(
        cells(store, week(1)).await.get(&team.id),
        &cell_of([&bens], &team.rules),
        "the open week without ana",
    );
    // Her account can still go, and the released week stays as it was.
    store.delete_user(ana.id).await.expect("delete ana");
    assert_eq!(cells(store, week(0)).await, frozen);
    assert_eq!(
        store
            .releases(team.id, week(0), week(1))
            .await
            .expect("releases"),
        vec![release]
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_week_fixture_names_mondays() {
        assert_eq!(week(0), fixtures::date(2026, 1, 5));
        assert_eq!(week(1), fixtures::date(2026, 1, 12));
        assert_eq!(fixtures::week_of(day(6)), week(0));
        assert_eq!(fixtures::week_of(day(7)), week(1));
        assert_eq!(rules_of_default().k, 5);
    }

    fn rules_of_default() -> UnitRules {
        UnitRules {
            version: 1,
            k: 5,
            epsilon: None,
            quarterly_budget: None,
            changed_at: day(0),
        }
    }

    #[test]
    fn the_seeded_source_is_fixed_and_in_range() {
        let mut a = Seeded::new(1);
        let mut b = Seeded::new(1);
        for _ in 0..100 {
            let x = a.unit_interval();
            assert_eq!(x, b.unit_interval());
            assert!((0.0..1.0).contains(&x));
            assert!(a.below(3) < 3);
            b.below(3);
        }
        assert_ne!(Seeded::new(1).next_u64(), Seeded::new(2).next_u64());
    }

    #[test]
    fn cells_agree_to_rounding_but_not_beyond() {
        let rules = rules_of_default();
        let given = contribution(0.1, 0.2, Some(0.3), false);
        let cell = cell_of([&given], &rules);
        let mut rounded = cell.clone();
        rounded.burnout.sum += 1e-13;
        assert!(cells_agree(&cell, &rounded));
        let mut off = cell.clone();
        off.burnout.sum += 1e-6;
        assert!(!cells_agree(&cell, &off));
        let mut counted = cell.clone();
        counted.respondents += 1;
        assert!(!cells_agree(&cell, &counted));
    }
}
