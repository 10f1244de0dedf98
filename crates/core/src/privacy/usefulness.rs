//! Does the dashboard stay useful under the noise? A simulation through the real release and the
//! real change test, at the default rules (k = 5, ε = 1 per week), written up in
//! `docs/privacy.md` ("What the dashboard can still see").
//!
//! A team's people each have a level of their own (mean 45, sd 15 between people) and move from
//! week to week around it (sd 8). Every week every member answers. The dashboard compares the
//! last four weeks with the four before (the default window).
//! - **No change**: how often does it wrongly say "a real shift"?
//! - **A rise**: the team's burnout climbs by 5, 10, 15 and 20 points over four weeks; does any
//!   of the four weekly dashboards during the climb call it a real rise?

use super::cell::OwnCell;
use super::noise::tests::seeded;
use super::properties::{Person, cell_of, dims};
use super::release::{UnitState, WeekInput, release_week};
use super::rules::Rules;
use super::shift::{Measure, Shift, shift};
use super::summary::{WeekCell, window_stats};
use super::tree::{Tree, UnitId};
use crate::trend::Direction;
use std::collections::BTreeMap;

/// Rates over simulated teams.
#[derive(Debug, Clone, Copy)]
struct Rates {
    /// Share of steady teams wrongly called a real shift.
    false_alarms: f64,
    /// Share of steady teams read as "no clear change" (the rest: not enough shown weeks).
    no_clear_change: f64,
    /// Share of rising teams called a real rise within the four weeks of the climb.
    caught: f64,
}

fn normal(uniform: &mut impl FnMut() -> f64) -> f64 {
    let (a, b) = (uniform().max(1e-12), uniform());
    (-2.0 * a.ln()).sqrt() * (std::f64::consts::TAU * b).cos()
}

/// Weeks of released cells for one team: `baseline` steady weeks, then `climb` added per week.
fn simulate(size: usize, rules: Rules, climb: &[f64], seed: u64) -> Vec<WeekCell> {
    let mut uniform = seeded(seed);
    let levels: Vec<f64> = (0..size)
        .map(|_| 45.0 + 15.0 * normal(&mut uniform))
        .collect();
    let tree = Tree::new([(UnitId(1), None)]).expect("tree");
    let units = BTreeMap::from([(
        UnitId(1),
        UnitState {
            rules,
            members: size as u64,
            spent: 0.0,
        },
    )]);
    let floors = BTreeMap::new();
    let dimensions = dims();
    let monday = chrono::NaiveDate::from_ymd_opt(2025, 1, 6).expect("date");
    climb
        .iter()
        .enumerate()
        .map(|(w, &added)| {
            let people: Vec<Person> = levels
                .iter()
                .map(|level| {
                    let burnout = (level + added + 8.0 * normal(&mut uniform)).clamp(0.0, 100.0);
                    Person {
                        burnout,
                        rustout: 35.0,
                        balance: Some(0.0),
                        zone: usize::from(burnout >= 70.0),
                        stuck: false,
                        growth: 40.0,
                    }
                })
                .collect();
            let cells: BTreeMap<UnitId, OwnCell> = BTreeMap::from([(UnitId(1), cell_of(&people))]);
            let week = monday + chrono::Days::new(7 * w as u64);
            let input = WeekInput {
                week,
                tree: &tree,
                units: &units,
                cells: &cells,
                floors: &floors,
                dimensions: &dimensions,
            };
            let release = release_week(&input, &mut uniform).expect("released");
            WeekCell {
                week,
                released: release.cells[&UnitId(1)].clone(),
            }
        })
        .collect()
}

/// The dashboard's verdict on burnout for the four weeks ending at `last` (inclusive).
fn verdict(weeks: &[WeekCell], last: usize) -> Shift {
    let before = window_stats(&weeks[last - 7..=last - 4]).expect("distinct weeks");
    let after = window_stats(&weeks[last - 3..=last]).expect("distinct weeks");
    shift(&before, &after, Measure::Burnout)
}

fn rates(size: usize, rules: Rules, trials: u64) -> Rates {
    let (mut false_alarms, mut no_clear, mut caught) = (0, 0, 0);
    for trial in 0..trials {
        let steady = simulate(size, rules, &[0.0; 8], 2 * trial);
        match verdict(&steady, 7) {
            Shift::Real { .. } => false_alarms += 1,
            Shift::NoClearChange { .. } => no_clear += 1,
            Shift::NotEnoughData => {}
        }
        let mut climb = vec![0.0; 7];
        climb.extend([5.0, 10.0, 15.0, 20.0]);
        let rising = simulate(size, rules, &climb, 2 * trial + 1);
        let called = (7..=10).any(|last| {
            matches!(
                verdict(&rising, last),
                Shift::Real {
                    direction: Direction::Rising,
                    ..
                }
            )
        });
        caught += u64::from(called);
    }
    let share = |n: u64| n as f64 / trials as f64;
    Rates {
        false_alarms: share(false_alarms),
        no_clear_change: share(no_clear),
        caught: share(caught),
    }
}

/// The figures written in docs/privacy.md. A team of 8 at the default ε: steady teams are almost
/// never called a shift, and a 20-point climb is almost never caught either — the noise that
/// keeps one person's answer hidden from someone who knows the other seven is, divided by 8,
/// still larger than the climb. A department of 150 catches it.
#[test]
fn what_the_dashboard_can_still_see_at_the_default_rules() {
    let team = rates(8, Rules::default(), 400);
    let department = rates(150, Rules::default(), 200);
    let division = rates(400, Rules::default(), 200);
    eprintln!(
        "team of 8: {team:?}\ndepartment of 150: {department:?}\ndivision of 400: {division:?}"
    );
    assert!(team.false_alarms <= 0.05, "{team:?}");
    assert!(team.no_clear_change >= 0.95, "{team:?}");
    assert!(team.caught <= 0.15, "{team:?}: update docs/privacy.md");
    assert!(department.false_alarms <= 0.05, "{department:?}");
    assert!(department.caught >= 0.5, "{department:?}");
    assert!(division.false_alarms <= 0.05, "{division:?}");
    assert!(division.caught >= 0.9, "{division:?}");
}
