//! Named attacks, each against a small organisation, through the real release: what a leader (or
//! every leader together) would try, and what they get.

use super::attack::{Attack, Observed};
use super::cell::OwnCell;
use super::cell::tests::uniform_cell;
use super::figures::{Reason, Released};
use super::noise::tests::seeded;
use super::release::{UnitState, WeekInput, WeekRelease, release_week};
use super::rules::{Rules, validate_rules_change};
use super::summary::{WeekCell, summarize, window_stats};
use super::tree::{Tree, UnitId};
use crate::instrument::builtin_by_id;
use chrono::{Days, NaiveDate};
use std::collections::BTreeMap;

fn u(id: i64) -> UnitId {
    UnitId(id)
}

fn tree(pairs: &[(i64, Option<i64>)]) -> Tree {
    Tree::new(pairs.iter().map(|&(unit, parent)| (u(unit), parent.map(u)))).expect("tree")
}

fn units(members: &[(i64, u64)]) -> BTreeMap<UnitId, UnitState> {
    members
        .iter()
        .map(|&(unit, members)| {
            let state = UnitState {
                rules: Rules::default(),
                members,
                spent: 0.0,
            };
            (u(unit), state)
        })
        .collect()
}

fn cells(respondents: &[(i64, u64)]) -> BTreeMap<UnitId, OwnCell> {
    respondents
        .iter()
        .map(|&(unit, n)| (u(unit), uniform_cell(n, 30.0 + n as f64)))
        .collect()
}

fn monday(week: u64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 3, 3).expect("date") + Days::new(7 * week)
}

fn release(
    tree: &Tree,
    units: &BTreeMap<UnitId, UnitState>,
    weeks: &[BTreeMap<UnitId, OwnCell>],
) -> Vec<WeekRelease> {
    let dimensions = vec!["growth".to_string()];
    weeks
        .iter()
        .enumerate()
        .map(|(w, cells)| {
            let input = WeekInput {
                week: monday(w as u64),
                tree,
                units,
                cells,
                dimensions: &dimensions,
            };
            release_week(&input, &mut seeded(w as u64)).expect("valid input")
        })
        .collect()
}

fn observed<'a>(
    units: &'a BTreeMap<UnitId, UnitState>,
    weeks: &'a [BTreeMap<UnitId, OwnCell>],
    releases: &'a [WeekRelease],
) -> Vec<Observed<'a>> {
    weeks
        .iter()
        .zip(releases)
        .map(|(cells, release)| Observed {
            units,
            cells,
            release,
        })
        .collect()
}

fn shown(release: &WeekRelease, unit: i64) -> bool {
    matches!(release.cells[&u(unit)], Released::Shown(_))
}

#[test]
fn parent_minus_all_but_one_child() {
    // Department 1 with teams 2 (3 answered), 3 (7) and 4 (9). Team 2 is below k = 5. Showing
    // 1, 3 and 4 would give team 2 as 1 − 3 − 4, so team 3 (the smaller shown one) is hidden too.
    let tree = tree(&[(1, None), (2, Some(1)), (3, Some(1)), (4, Some(1))]);
    let units = units(&[(1, 0), (2, 4), (3, 8), (4, 10)]);
    let weeks = [cells(&[(2, 3), (3, 7), (4, 9)])];
    let releases = release(&tree, &units, &weeks);
    assert!(shown(&releases[0], 1));
    assert!(!shown(&releases[0], 2));
    assert!(!shown(&releases[0], 3));
    assert!(shown(&releases[0], 4));

    let seen = observed(&units, &weeks, &releases);
    let mut attack = Attack::new(&tree, &seen);
    attack.request_everything();
    assert!(!attack.knows_subtree(0, u(2)), "team 2 must stay hidden");
    assert!(!attack.knows_subtree(0, u(3)));
    assert!(attack.exposed().is_empty());
}

#[test]
fn sibling_differencing_through_a_units_own_members() {
    // Unit 1 has 2 people of its own who answered, and one sub-team 2 with 10. Showing both 1 and
    // 2 would give unit 1's own two people as 1 − 2, so team 2 is hidden although it is large.
    let tree = tree(&[(1, None), (2, Some(1))]);
    let units = units(&[(1, 3), (2, 12)]);
    let weeks = [cells(&[(1, 2), (2, 10)])];
    let releases = release(&tree, &units, &weeks);
    assert!(shown(&releases[0], 1));
    assert!(!shown(&releases[0], 2));

    let seen = observed(&units, &weeks, &releases);
    let mut attack = Attack::new(&tree, &seen);
    attack.request_everything();
    assert!(!attack.knows_own(0, u(1)));
    assert!(attack.exposed().is_empty());
}

#[test]
fn differencing_across_cousins_and_levels() {
    // 1 ─┬─ 2 ─┬─ 4 (2 answered)
    //    │     └─ 5 (6)
    //    └─ 3 ─── 6 (8)
    // Team 4 is hidden, so team 5 is; department 2 = 4 + 5 may show (8 ≥ 5). No combination of
    // 1, 2, 3, 6 — or of anything else shown — yields 4 or 5.
    let tree = tree(&[
        (1, None),
        (2, Some(1)),
        (3, Some(1)),
        (4, Some(2)),
        (5, Some(2)),
        (6, Some(3)),
    ]);
    let units = units(&[(1, 0), (2, 0), (3, 0), (4, 3), (5, 7), (6, 9)]);
    let weeks = [cells(&[(4, 2), (5, 6), (6, 8)])];
    let releases = release(&tree, &units, &weeks);
    assert!(!shown(&releases[0], 4) && !shown(&releases[0], 5));
    assert!(shown(&releases[0], 2) && shown(&releases[0], 1));

    let seen = observed(&units, &weeks, &releases);
    let mut attack = Attack::new(&tree, &seen);
    attack.request_everything();
    assert!(!attack.knows_subtree(0, u(4)));
    assert!(!attack.knows_subtree(0, u(5)));
    assert!(attack.exposed().is_empty());
}

#[test]
fn a_window_versus_the_same_window_one_week_shorter() {
    // Team 2 (under department 1) has 6, 7, 6 and then 3 respondents. The fourth week is hidden,
    // for the team and for the department (which would equal it). The four-week window and the
    // three-week window are identical: subtracting them yields nothing.
    let tree = tree(&[(1, None), (2, Some(1))]);
    let units = units(&[(1, 0), (2, 8)]);
    let weeks = [
        cells(&[(2, 6)]),
        cells(&[(2, 7)]),
        cells(&[(2, 6)]),
        cells(&[(2, 3)]),
    ];
    let releases = release(&tree, &units, &weeks);
    assert!(!shown(&releases[3], 2) && !shown(&releases[3], 1));

    let cells_of = |unit: i64, count: usize| -> Vec<WeekCell> {
        releases[..count]
            .iter()
            .map(|r| WeekCell {
                week: r.week,
                released: r.cells[&u(unit)].clone(),
            })
            .collect()
    };
    let pulse = builtin_by_id("pulse").expect("the pulse ships");
    for unit in [1, 2] {
        let long = window_stats(&cells_of(unit, 4)).expect("distinct weeks");
        let short = window_stats(&cells_of(unit, 3)).expect("distinct weeks");
        assert_eq!(long.totals, short.totals);
        let (a, b) = (summarize(&long, pulse), summarize(&short, pulse));
        assert_eq!(a.burnout, b.burnout);
        assert_eq!(a.participation, b.participation);
        assert_eq!(a.trend, b.trend);
        assert_eq!(a.not_shown.len(), 1);
    }

    let seen = observed(&units, &weeks, &releases);
    let mut attack = Attack::new(&tree, &seen);
    attack.request(u(2), 0, 3);
    attack.request(u(2), 0, 2);
    attack.request(u(1), 1, 3);
    attack.request_everything();
    assert!(!attack.knows_subtree(3, u(2)));
    assert!(attack.exposed().is_empty());
}

#[test]
fn k_raised_then_lowered_past_weeks_keep_the_higher_k() {
    // Week 0's six check-ins were given under k = 8; the admin has since lowered k to 5. Week 0
    // stays hidden; week 1's six check-ins, given under k = 5, are shown.
    let change = validate_rules_change(
        &Rules {
            k: 8,
            ..Rules::default()
        },
        &Rules::default(),
    )
    .expect("any valid change is allowed");
    assert!(change.relaxes);
    assert_eq!(change.past_data.k, 8);

    let tree = tree(&[(1, None), (2, Some(1)), (3, Some(1))]);
    let units = units(&[(1, 0), (2, 8), (3, 10)]);
    let mut under_k8 = cells(&[(2, 6), (3, 9)]);
    if let Some(cell) = under_k8.get_mut(&u(2)) {
        cell.k_floor = 8;
    }
    let mut under_k5 = cells(&[(2, 6), (3, 9)]);
    if let Some(cell) = under_k5.get_mut(&u(2)) {
        cell.k_floor = 5;
    }
    let weeks = [under_k8, under_k5];
    let releases = release(&tree, &units, &weeks);
    assert!(!shown(&releases[0], 2), "6 < 8, the k it was given under");
    assert!(shown(&releases[1], 2));
    // The department contains those check-ins too: it must reach 8 in week 0 (15 ≥ 8), and
    // secondary suppression then hides team 3 as well.
    assert!(shown(&releases[0], 1));
    assert!(!shown(&releases[0], 3));

    let seen = observed(&units, &weeks, &releases);
    let mut attack = Attack::new(&tree, &seen);
    attack.request_everything();
    assert!(attack.exposed().is_empty());
}

#[test]
fn reasons_do_not_tell_too_few_from_hidden_to_protect_others() {
    // Department 1 shows 5 respondents. Team 2 (4 members) had nobody answer; team 3 had 5.
    // Were team 3 marked "hidden to protect another group" (so: at least 5) rather than "too
    // few", a leader could conclude team 3 = 5 and team 2 = 0: nobody in team 2 answered. So
    // both say the same thing.
    let tree = tree(&[(1, None), (2, Some(1)), (3, Some(1))]);
    let units = units(&[(1, 0), (2, 4), (3, 6)]);
    let weeks = [cells(&[(3, 5)])];
    let releases = release(&tree, &units, &weeks);
    let week = &releases[0];
    assert!(shown(week, 1));
    assert_eq!(week.cells[&u(2)], Released::Suppressed(Reason::Protected));
    assert_eq!(week.cells[&u(2)], week.cells[&u(3)]);
    let json = |unit: i64| serde_json::to_string(&week.cells[&u(unit)]).expect("json");
    assert_eq!(json(2), json(3));
}

#[test]
fn a_whole_organisation_pooling_every_release_learns_nothing_hidden() {
    // A wider tree over three weeks with changing participation; every leader and admin pool
    // every figure of every week and window.
    let tree = tree(&[
        (1, None),
        (2, Some(1)),
        (3, Some(1)),
        (4, Some(2)),
        (5, Some(2)),
        (6, Some(2)),
        (7, Some(3)),
        (8, Some(3)),
        (9, None),
    ]);
    let units = units(&[
        (1, 2),
        (2, 1),
        (3, 0),
        (4, 6),
        (5, 9),
        (6, 4),
        (7, 12),
        (8, 5),
        (9, 7),
    ]);
    let weeks = [
        cells(&[
            (1, 2),
            (2, 1),
            (4, 5),
            (5, 8),
            (6, 4),
            (7, 11),
            (8, 5),
            (9, 6),
        ]),
        cells(&[(1, 1), (4, 6), (5, 3), (6, 2), (7, 12), (8, 4), (9, 7)]),
        cells(&[
            (1, 2),
            (2, 1),
            (4, 2),
            (5, 9),
            (6, 4),
            (7, 5),
            (8, 5),
            (9, 4),
        ]),
    ];
    let releases = release(&tree, &units, &weeks);
    let seen = observed(&units, &weeks, &releases);
    let mut attack = Attack::new(&tree, &seen);
    for unit in 1..=9 {
        attack.request(u(unit), 0, 2);
        attack.request(u(unit), 1, 2);
    }
    assert!(attack.exposed().is_empty());
    attack.request_everything();
    assert_eq!(attack.exposed(), Vec::<String>::new());
    // And something is still shown: suppression is not simply hiding everything.
    assert!(shown(&releases[0], 1) && shown(&releases[0], 7));
}
