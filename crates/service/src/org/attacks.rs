//! Attack tests (issue 5, item 7): a leader or an admin trying to learn one member's answers.
//! Each test sets up the situation over a real SQLite store, makes every request the attacker
//! can make (every unit they may see, every window), and shows the victim's value cannot be
//! recovered: the cells that would give it away are hidden, the algebra over everything shown
//! leaves the victim's group undetermined, or the figures are identical with and without the
//! victim's move.

use super::access::viewable_units;
use super::admin::{self, RulesRequest};
use super::convert::{core_unit, tree_of};
use super::release::release_due_weeks;
use super::summary::{UnitSummary, Window, read_window, unit_summary};
use super::testing::*;
use super::{OrgError, sharing};
use anneal_core::demo::Strain;
use anneal_core::privacy::{Figures, Reason, Released, Tree, UnitId as CoreUnit};
use anneal_store::UserId;
use anneal_store::org::{AggregateStore, OrgStore, UnitId};
use anneal_store_sqlite::SqliteStore;
use chrono::{Duration, NaiveDate};
use std::collections::{BTreeMap, BTreeSet};

/// Everything an attacker can see for one week: each visible unit's release.
type WeekView = BTreeMap<UnitId, Released>;

/// Makes every request the attacker can make over weeks `oldest..=1` weeks ago — the summary of
/// every unit they may see, over every window — and returns what each visible unit released
/// per week. Every request must succeed.
async fn everything_seen(
    store: &SqliteStore,
    attacker: UserId,
    oldest: i64,
) -> BTreeMap<NaiveDate, WeekView> {
    let units = viewable_units(store, attacker).await.expect("viewable");
    assert!(!units.is_empty(), "the attacker can see something");
    for unit in &units {
        for from in 1..=oldest {
            for to in 1..=from {
                let summary = unit_summary(
                    store,
                    attacker,
                    unit.id,
                    Some(week(from)),
                    Some(week(to)),
                    now(),
                )
                .await
                .expect("an allowed request");
                assert_no_numbers_when_nothing_shown(&summary);
            }
        }
    }
    let mut seen: BTreeMap<NaiveDate, WeekView> = BTreeMap::new();
    let window = Window {
        from: week(oldest),
        to: week(1),
    };
    for unit in &units {
        let stats = read_window(store, unit.id, window).await.expect("read");
        for shown in stats.shown {
            seen.entry(shown.week)
                .or_default()
                .insert(unit.id, Released::Shown(Box::new(shown.figures)));
        }
        for hidden in stats.not_shown {
            seen.entry(hidden.week)
                .or_default()
                .insert(unit.id, Released::Suppressed(hidden.reason));
        }
    }
    seen
}

fn assert_no_numbers_when_nothing_shown(summary: &UnitSummary) {
    if summary.figures.weeks_shown == 0 {
        let f = &summary.figures;
        assert!(f.burnout.is_none() && f.rustout.is_none() && f.balance.is_none());
        assert!(f.participation.is_none() && f.stuck.is_none() && f.zones.is_none());
        assert!(summary.practices.is_empty());
        let json = serde_json::to_string(&f.not_shown).expect("json");
        assert!(!json.contains("respondents"), "{json}");
    }
}

/// Whether the own cell of `target` (its direct members' sums) is determined by the shown
/// subtree figures of one week: the indicator of `target` lies in the row space of the shown
/// subtree indicators over the units that have members (units known to be empty are zero).
fn determined(
    tree: &Tree,
    view: &WeekView,
    with_members: &BTreeSet<UnitId>,
    target: UnitId,
) -> bool {
    let unknowns: Vec<UnitId> = with_members.iter().copied().collect();
    let column = |u: UnitId| unknowns.iter().position(|x| *x == u);
    let mut rows: Vec<Vec<f64>> = view
        .iter()
        .filter(|(_, released)| matches!(released, Released::Shown(_)))
        .map(|(unit, _)| {
            let mut row = vec![0.0; unknowns.len()];
            for below in tree.subtree(core_unit(*unit)) {
                if let Some(c) = column(UnitId(below.0)) {
                    row[c] = 1.0;
                }
            }
            row
        })
        .collect();
    let Some(target_column) = column(target) else {
        return true; // nobody there: known to be empty
    };
    let before = rank(rows.clone());
    let mut wanted = vec![0.0; unknowns.len()];
    wanted[target_column] = 1.0;
    rows.push(wanted);
    rank(rows) == before
}

/// Rank by Gaussian elimination; the matrices are tiny 0/1 matrices.
fn rank(mut rows: Vec<Vec<f64>>) -> usize {
    let columns = rows.first().map_or(0, Vec::len);
    let mut rank = 0;
    for c in 0..columns {
        let Some(pivot) = (rank..rows.len()).find(|&r| rows[r][c].abs() > 1e-9) else {
            continue;
        };
        rows.swap(rank, pivot);
        let pivot_row = rows[rank].clone();
        for (r, row) in rows.iter_mut().enumerate() {
            if r != rank && row[c].abs() > 1e-9 {
                let factor = row[c] / pivot_row[c];
                for (x, p) in row.iter_mut().zip(&pivot_row) {
                    *x -= factor * p;
                }
            }
        }
        rank += 1;
    }
    rank
}

async fn tree(store: &SqliteStore) -> Tree {
    tree_of(&store.units().await.expect("units")).expect("a tree")
}

async fn units_with_members(store: &SqliteStore) -> BTreeSet<UnitId> {
    let mut with = BTreeSet::new();
    for unit in store.units().await.expect("units") {
        if store.member_count(unit.id).await.expect("count") > 0 {
            with.insert(unit.id);
        }
    }
    with
}

fn shown_units(view: &WeekView) -> Vec<i64> {
    view.iter()
        .filter(|(_, r)| r.figures().is_some())
        .map(|(u, _)| u.0)
        .collect()
}

fn figures(view: &WeekView, unit: UnitId) -> Option<&Figures> {
    view.get(&unit).and_then(Released::figures)
}

/// Asserts that in every week seen, no own group below k — the victim's among them — can be
/// worked out from everything shown.
async fn assert_small_groups_undetermined(
    store: &SqliteStore,
    seen: &BTreeMap<NaiveDate, WeekView>,
    small: &[UnitId],
) {
    let tree = tree(store).await;
    let with_members = units_with_members(store).await;
    for (week, view) in seen {
        for unit in small {
            assert!(
                !determined(&tree, view, &with_members, *unit),
                "the week of {week}: unit {} can be worked out from units {:?}",
                unit.0,
                shown_units(view)
            );
        }
    }
}

#[tokio::test]
async fn leaders_and_members_cannot_read_summaries_that_are_not_theirs() {
    let store = store().await;
    let org = unit(&store, "Org", None).await;
    let a = unit(&store, "A", Some(org)).await;
    let b = unit(&store, "B", Some(org)).await;
    let lead_a = person(&store, "lead-a").await;
    store.set_leader(a, lead_a, true).await.expect("leader");
    let plain = member(&store, "plain", a, true).await;
    for (who, target) in [
        (lead_a, b),
        (lead_a, org),
        (plain, a),
        (plain, b),
        (plain, org),
    ] {
        assert!(
            matches!(
                unit_summary(&store, who, target, None, None, now()).await,
                Err(OrgError::Forbidden(_))
            ),
            "{who:?} reading unit {}",
            target.0
        );
    }
    assert_eq!(viewable_units(&store, lead_a).await.expect("read").len(), 1);
    assert!(
        viewable_units(&store, plain)
            .await
            .expect("read")
            .is_empty()
    );
}

/// (1) Sibling units: the victim's team is below k; its department and its sibling teams are
/// large. Department − siblings would give the team away, so one sibling is hidden with it.
#[tokio::test]
async fn siblings_do_not_give_away_a_small_team() {
    let store = store().await;
    let boss = admin(&store, "boss").await;
    let dept = unit(&store, "Dept", None).await;
    let small = unit(&store, "Small", Some(dept)).await;
    let b = unit(&store, "B", Some(dept)).await;
    let c = unit(&store, "C", Some(dept)).await;
    let head = person(&store, "head").await;
    store.set_leader(dept, head, true).await.expect("leader");
    let victim = member(&store, "victim", small, true).await;
    let mut everyone = vec![victim];
    everyone.extend(members(&store, "s", small, 2).await);
    everyone.extend(members(&store, "b", b, 6).await);
    everyone.extend(members(&store, "c", c, 7).await);
    for w in 1..=2 {
        for id in &everyone {
            let extreme = if *id == victim { 0.95 } else { 0.3 };
            checkin(&store, *id, strain(extreme, 0.2), false, during(w)).await;
        }
    }
    for attacker in [head, boss] {
        let seen = everything_seen(&store, attacker, 2).await;
        for view in seen.values() {
            assert_eq!(view[&small], Released::Suppressed(Reason::Protected));
            let hidden = [dept, b, c]
                .iter()
                .filter(|u| figures(view, **u).is_none())
                .count();
            assert!(hidden >= 1, "a second figure is hidden");
            assert!(
                figures(view, dept).is_some(),
                "the department as a whole is shown"
            );
        }
        assert_small_groups_undetermined(&store, &seen, &[small]).await;
    }
}

/// (2) Parent minus children: the victim is among a department's few direct members; the
/// department and its teams are large. Department − teams would give the direct members away.
#[tokio::test]
async fn a_parent_minus_its_children_does_not_give_away_its_own_few_members() {
    let store = store().await;
    let boss = admin(&store, "boss").await;
    let org = unit(&store, "Org", None).await;
    let dept = unit(&store, "Dept", Some(org)).await;
    let t1 = unit(&store, "T1", Some(dept)).await;
    let t2 = unit(&store, "T2", Some(dept)).await;
    let other = unit(&store, "Other", Some(org)).await;
    let top = person(&store, "top").await;
    store.set_leader(org, top, true).await.expect("leader");
    let victim = member(&store, "victim", dept, true).await;
    let mut everyone = vec![victim];
    everyone.extend(members(&store, "d", dept, 1).await);
    everyone.extend(members(&store, "t1", t1, 6).await);
    everyone.extend(members(&store, "t2", t2, 9).await);
    everyone.extend(members(&store, "o", other, 12).await);
    for id in &everyone {
        checkin(&store, *id, strain(0.4, 0.4), *id == victim, during(1)).await;
    }
    for attacker in [top, boss] {
        let seen = everything_seen(&store, attacker, 1).await;
        let view = &seen[&week(1)];
        assert!(figures(view, org).is_some(), "the organisation is shown");
        // The department's own two members are a term of "Dept = own + T1 + T2".
        assert_small_groups_undetermined(&store, &seen, &[dept]).await;
        let shown_terms = [dept, t1, t2]
            .iter()
            .filter(|u| figures(view, **u).is_some())
            .count();
        assert!(
            shown_terms <= 2,
            "Dept, T1 and T2 are never all shown together"
        );
    }
}

/// (3) Shifted windows: the victim's team fell below k in the last week. A window ending with
/// that week and the same window one week shorter give identical figures: nothing to subtract.
#[tokio::test]
async fn a_window_minus_the_same_window_one_week_shorter_gives_nothing_hidden() {
    let store = store().await;
    let team = unit(&store, "Team", None).await;
    let lead = person(&store, "lead").await;
    store.set_leader(team, lead, true).await.expect("leader");
    let victim = member(&store, "victim", team, true).await;
    let others = members(&store, "m", team, 5).await;
    for w in 2..=4 {
        checkin(&store, victim, strain(0.5, 0.5), false, during(w)).await;
        for id in &others {
            checkin(&store, *id, strain(0.3, 0.3), false, during(w)).await;
        }
    }
    // Last week only the victim and two others answered.
    checkin(&store, victim, strain(0.95, 0.1), true, during(1)).await;
    for id in &others[..2] {
        checkin(&store, *id, strain(0.3, 0.3), false, during(1)).await;
    }
    let long = unit_summary(&store, lead, team, Some(week(4)), Some(week(1)), now())
        .await
        .expect("allowed");
    let short = unit_summary(&store, lead, team, Some(week(4)), Some(week(2)), now())
        .await
        .expect("allowed");
    assert_eq!(long.figures.weeks_shown, 3);
    assert_eq!(long.figures.burnout, short.figures.burnout);
    assert_eq!(long.figures.rustout, short.figures.rustout);
    assert_eq!(long.figures.balance, short.figures.balance);
    assert_eq!(long.figures.zones, short.figures.zones);
    assert_eq!(long.figures.stuck, short.figures.stuck);
    assert_eq!(long.figures.participation, short.figures.participation);
    assert_eq!(long.figures.standing_out, short.figures.standing_out);
    assert_eq!(long.figures.trend, short.figures.trend);
    assert_eq!(
        long.figures
            .not_shown
            .iter()
            .map(|w| w.week)
            .collect::<Vec<_>>(),
        [week(1)]
    );
    // The week alone, and every other window, shows nothing of it either.
    let seen = everything_seen(&store, lead, 4).await;
    assert_eq!(
        seen[&week(1)][&team],
        Released::Suppressed(Reason::Protected)
    );
}

/// (4) Sharing on and off around a check-in: a week is released once, so switching sharing off
/// after checking in gives no "without" version of that week; and when switching off takes the
/// team below k, the weeks without the victim are hidden.
#[tokio::test]
async fn switching_sharing_around_a_checkin_yields_no_second_version_of_a_week() {
    let store = store().await;
    let team = unit(&store, "Team", None).await;
    let lead = person(&store, "lead").await;
    store.set_leader(team, lead, true).await.expect("leader");
    let victim = member(&store, "victim", team, true).await;
    let others = members(&store, "m", team, 4).await;

    // Week 3: the victim shares, checks in, turns sharing off and checks in again.
    checkin(&store, victim, strain(0.9, 0.1), true, during(3)).await;
    sharing::set_sharing(&store, victim, None, false, during(3))
        .await
        .expect("off");
    checkin(
        &store,
        victim,
        strain(0.1, 0.9),
        false,
        during(3) + Duration::hours(1),
    )
    .await;
    for id in &others {
        checkin(&store, *id, strain(0.3, 0.3), false, during(3)).await;
    }
    // Weeks 2 and 1: the victim does not share; the four others answer exactly as before.
    for w in 1..=2 {
        checkin(&store, victim, strain(0.9, 0.1), true, during(w)).await;
        for id in &others {
            checkin(&store, *id, strain(0.3, 0.3), false, during(w)).await;
        }
    }
    let seen = everything_seen(&store, lead, 3).await;
    let shared = figures(&seen[&week(3)], team).expect("five shared in week 3");
    assert_eq!(
        shared.respondents.value, 5.0,
        "the shared check-in stays; the later one is private"
    );
    assert_eq!(
        shared.stuck.value, 1.0,
        "the shared check-in is the one that counts"
    );
    for w in 1..=2 {
        assert_eq!(
            seen[&week(w)][&team],
            Released::Suppressed(Reason::Protected),
            "without the victim the team is below k, so there is nothing to compare against"
        );
    }
    // Asking again after the victim turns sharing back on changes nothing already released.
    sharing::set_sharing(&store, victim, None, true, now())
        .await
        .expect("on");
    assert_eq!(everything_seen(&store, lead, 3).await, seen);
}

/// (4b) With noise on, the difference between a week with the victim and a week without them,
/// even when everyone else answers exactly alike, is buried in noise far wider than the scale.
#[tokio::test]
async fn with_noise_a_week_with_and_a_week_without_the_victim_differ_by_noise() {
    let store = store().await;
    let boss = admin(&store, "boss").await;
    let team = unit(&store, "Team", None).await;
    admin::set_rules(
        &store,
        boss,
        team,
        RulesRequest {
            k: 5,
            epsilon: Some(1.0),
            quarterly_budget: Some(13.0),
        },
        now() - Duration::weeks(10),
    )
    .await
    .expect("noise on");
    let victim = member(&store, "victim", team, true).await;
    let others = members(&store, "m", team, 8).await;
    checkin(&store, victim, strain(0.95, 0.05), false, during(2)).await;
    sharing::set_sharing(&store, victim, None, false, during(1))
        .await
        .expect("off");
    for w in 1..=2 {
        for id in &others {
            checkin(&store, *id, strain(0.3, 0.3), false, during(w)).await;
        }
    }
    release_due_weeks(&store, now(), &mut seeded(11))
        .await
        .expect("released");
    let seen = everything_seen(&store, boss, 2).await;
    let with = figures(&seen[&week(2)], team).expect("shown with noise");
    let without = figures(&seen[&week(1)], team).expect("shown with noise");
    let difference = with.burnout.sum.plus(without.burnout.sum);
    assert_eq!(with.epsilon, Some(1.0));
    assert!(
        difference.margin90() > 100.0,
        "the noise in the difference (± {:.0}) is wider than the whole 0–100 scale",
        difference.margin90()
    );
}

/// (5) Leaving and joining: the victim checks in, moves to another team and checks in again in
/// the same week. They count once, in the new team; the old team drops below k and is hidden,
/// and nothing lets the leader of both recover either team's difference.
#[tokio::test]
async fn moving_between_teams_counts_once_and_reveals_nothing() {
    let store = store().await;
    let dept = unit(&store, "Dept", None).await;
    let a = unit(&store, "A", Some(dept)).await;
    let b = unit(&store, "B", Some(dept)).await;
    let c = unit(&store, "C", Some(dept)).await;
    let head = person(&store, "head").await;
    store.set_leader(dept, head, true).await.expect("leader");
    let victim = member(&store, "victim", a, true).await;
    let in_a = members(&store, "a", a, 4).await;
    let in_b = members(&store, "b", b, 6).await;
    let in_c = members(&store, "c", c, 8).await;
    checkin(&store, victim, strain(0.9, 0.1), false, during(1)).await;
    for id in in_a.iter().chain(&in_b).chain(&in_c) {
        checkin(&store, *id, strain(0.3, 0.3), false, during(1)).await;
    }
    store
        .join_unit(victim, b, during(1) + Duration::hours(1))
        .await
        .expect("moved");
    sharing::set_sharing(&store, victim, None, true, during(1) + Duration::hours(1))
        .await
        .expect("on");
    checkin(
        &store,
        victim,
        strain(0.1, 0.9),
        true,
        during(1) + Duration::hours(2),
    )
    .await;

    let cells = store.cells(week(1)).await.expect("cells");
    assert_eq!(cells[&a].respondents, 4, "taken out of the old team");
    assert_eq!(cells[&b].respondents, 7, "counted in the new one");
    let seen = everything_seen(&store, head, 1).await;
    let view = &seen[&week(1)];
    assert_eq!(view[&a], Released::Suppressed(Reason::Protected));
    if let Some(all) = figures(view, dept) {
        assert_eq!(all.respondents.value, 19.0, "the victim counts once");
    }
    assert_small_groups_undetermined(&store, &seen, &[a]).await;
}

/// (6) Repeated requests over time: the same week asked for again — later, after new check-ins,
/// after the rules are loosened, after the tree changes — returns the very same figures, noise
/// included, so nothing can be averaged or differenced away.
#[tokio::test]
async fn asking_for_the_same_week_again_returns_the_same_frozen_figures() {
    let store = store().await;
    let boss = admin(&store, "boss").await;
    let org = unit(&store, "Org", None).await;
    let team = unit(&store, "Team", Some(org)).await;
    let other = unit(&store, "Other", None).await;
    admin::set_rules(
        &store,
        boss,
        team,
        RulesRequest {
            k: 6,
            epsilon: Some(2.0),
            quarterly_budget: Some(26.0),
        },
        now() - Duration::weeks(10),
    )
    .await
    .expect("noise on");
    let people = members(&store, "m", team, 12).await;
    for id in &people {
        checkin(&store, *id, strain(0.4, 0.5), false, during(1)).await;
    }
    let first = unit_summary(&store, boss, team, Some(week(1)), Some(week(1)), now())
        .await
        .expect("allowed");
    assert!(
        first.figures.burnout.expect("shown").mean.margin90 > 0.0,
        "noisy"
    );
    for _ in 0..3 {
        let again = unit_summary(&store, boss, team, Some(week(1)), Some(week(1)), now())
            .await
            .expect("allowed");
        assert_eq!(again.figures, first.figures);
    }
    // Time passes; a late check-in goes into this week; the rules are loosened; the team moves.
    checkin(&store, people[0], strain(0.9, 0.9), true, now()).await;
    admin::set_rules(
        &store,
        boss,
        team,
        RulesRequest {
            k: 3,
            epsilon: None,
            quarterly_budget: None,
        },
        now(),
    )
    .await
    .expect("loosened");
    admin::move_unit(&store, boss, team, Some(other))
        .await
        .expect("moved");
    let later = now() + Duration::weeks(2);
    let again = unit_summary(&store, boss, team, Some(week(1)), Some(week(1)), later)
        .await
        .expect("allowed");
    assert_eq!(again.figures, first.figures);
    assert!(
        release_due_weeks(&store, later, &mut seeded(3))
            .await
            .expect("nothing due")
            .is_empty()
    );
}

/// (7) Backdated check-ins into a released week: a check-in that says it was taken in a week
/// already released counts in the week it is received in; the released week does not change.
#[tokio::test]
async fn a_backdated_checkin_never_reaches_a_released_week() {
    let store = store().await;
    let team = unit(&store, "Team", None).await;
    let lead = person(&store, "lead").await;
    store.set_leader(team, lead, true).await.expect("leader");
    let people = members(&store, "m", team, 6).await;
    for id in &people {
        checkin(&store, *id, strain(0.3, 0.3), false, during(2)).await;
    }
    let before = everything_seen(&store, lead, 2).await;
    assert!(figures(&before[&week(2)], team).is_some());

    // The victim "backdates" a very different check-in to week 2, twice.
    for _ in 0..2 {
        checkin_taken(
            &store,
            people[0],
            strain(0.95, 0.95),
            true,
            during(2),
            now(),
        )
        .await;
    }
    let after = everything_seen(&store, lead, 2).await;
    assert_eq!(after, before, "released weeks are unchanged");
    let current = store.cells(week(0)).await.expect("cells");
    assert_eq!(current[&team].respondents, 1, "it counts once, this week");
    assert!(store.week_released(week(2)).await.expect("read"));
}

#[test]
fn the_rank_test_sees_a_subtraction() {
    // Parent 1 with children 2 and 3, all with members; everything shown but 3.
    let tree = Tree::new([
        (CoreUnit(1), None),
        (CoreUnit(2), Some(CoreUnit(1))),
        (CoreUnit(3), Some(CoreUnit(1))),
    ])
    .expect("tree");
    let shown = || Released::Shown(Box::default());
    let with_members = BTreeSet::from([UnitId(2), UnitId(3)]);
    let view = WeekView::from([
        (UnitId(1), shown()),
        (UnitId(2), shown()),
        (UnitId(3), Released::Suppressed(Reason::Protected)),
    ]);
    assert!(
        determined(&tree, &view, &with_members, UnitId(3)),
        "3 = 1 − 2"
    );
    let view = WeekView::from([
        (UnitId(1), shown()),
        (UnitId(2), Released::Suppressed(Reason::Protected)),
        (UnitId(3), Released::Suppressed(Reason::Protected)),
    ]);
    assert!(!determined(&tree, &view, &with_members, UnitId(3)));
}

/// Builds a team of six sharing members and a leader who is also a member of the team (the
/// leader-invite case), has each member check in during week 1 with `mood` (0 = best, 1 =
/// worst) and the same burnout and rust-out, runs `between` (after the check-ins, before anything
/// is released), and returns every figure the leader can see.
async fn leader_view_of_a_week(
    mood: f64,
    between: impl AsyncFnOnce(&SqliteStore, &[(UserId, i64)]),
) -> BTreeMap<NaiveDate, WeekView> {
    let store = store().await;
    let team = unit(&store, "Team", None).await;
    let lead = member(&store, "lead", team, false).await;
    store.set_leader(team, lead, true).await.expect("leader");
    let people = members(&store, "m", team, 6).await;
    let mut given = Vec::new();
    for (i, id) in people.iter().enumerate() {
        let s = Strain {
            burnout: 0.2 + 0.1 * i as f64,
            rustout: 0.5,
            shared: mood,
        };
        let stored = checkin(&store, *id, s, false, during(1)).await;
        given.push((*id, stored.id));
    }
    between(&store, &given).await;
    everything_seen(&store, lead, 2).await
}

/// The wellbeing question raises a person's safety notice; a leader must not be able to tell
/// from any released number whether a team answered it at its best or at its worst.
#[tokio::test]
async fn no_released_number_depends_on_how_low_the_team_feels() {
    let best = leader_view_of_a_week(0.0, async |_, _| {}).await;
    let worst = leader_view_of_a_week(1.0, async |_, _| {}).await;
    assert!(
        best[&week(1)]
            .values()
            .any(|r| matches!(r, Released::Shown(_))),
        "the week is shown, so the comparison is over real numbers"
    );
    assert_eq!(
        best, worst,
        "every released figure is the same whatever the mood answers"
    );
    for view in best.values() {
        for released in view.values() {
            if let Released::Shown(f) = released {
                assert!(
                    !f.dimensions.contains_key("mood"),
                    "{:?}",
                    f.dimensions.keys()
                );
            }
        }
    }
}

/// Deleting one's check-in before its week is released leaves exactly what the leader would
/// have seen had it never been given: the figures carry no trace of the deletion.
#[tokio::test]
async fn a_deleted_checkin_leaves_no_trace_in_what_a_leader_sees() {
    let deleted = leader_view_of_a_week(0.0, async |store, given| {
        let (victim, id) = given[0];
        crate::responses::delete(store, victim, id)
            .await
            .expect("deleted");
    })
    .await;
    // The same team where the first member never checked in: rebuild without their answers.
    let store = store().await;
    let team = unit(&store, "Team", None).await;
    let lead = member(&store, "lead", team, false).await;
    store.set_leader(team, lead, true).await.expect("leader");
    let people = members(&store, "m", team, 6).await;
    for (i, id) in people.iter().enumerate().skip(1) {
        let s = Strain {
            burnout: 0.2 + 0.1 * i as f64,
            rustout: 0.5,
            shared: 0.0,
        };
        checkin(&store, *id, s, false, during(1)).await;
    }
    let never = everything_seen(&store, lead, 2).await;
    assert!(
        never[&week(1)]
            .values()
            .any(|r| matches!(r, Released::Shown(_))),
        "five answers are shown"
    );
    assert_eq!(deleted, never);
    // Deleting after the release changes nothing that was released.
    let before = leader_view_of_a_week(0.0, async |_, _| {}).await;
    let after = leader_view_of_a_week(0.0, async |store, given| {
        release_due_weeks(store, now(), &mut seeded(1))
            .await
            .expect("released");
        let (victim, id) = given[0];
        crate::responses::delete(store, victim, id)
            .await
            .expect("deleted");
    })
    .await;
    assert_eq!(before, after, "a released week is frozen");
}
