//! Property tests over random organisations, run through the adversary harness: trees of up to
//! 12 units, random memberships (respondents may exceed members, as if someone had left after
//! checking in), random k, ε, budgets, budget already spent and floors kept from earlier rules,
//! over one to three weeks, with one target person chosen at random. The viewer knows everything
//! but the target's check-in and the noise.

use super::adversary::compare;
use super::cell::{Moments, OwnCell};
use super::figures::Released;
use super::noise::tests::seeded;
use super::release::{UnitState, WeekInput};
use super::rules::Rules;
use super::tree::{Tree, UnitId};
use proptest::prelude::*;
use proptest::sample::Index;
use std::collections::BTreeMap;

/// One person's shared check-in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Person {
    pub burnout: f64,
    pub rustout: f64,
    pub balance: Option<f64>,
    pub zone: usize,
    pub stuck: bool,
    pub growth: f64,
}

pub(crate) fn person() -> impl Strategy<Value = Person> {
    (
        0.0f64..=100.0,
        0.0f64..=100.0,
        prop::option::of(-100.0f64..=100.0),
        0usize..4,
        any::<bool>(),
        0.0f64..=100.0,
    )
        .prop_map(|(burnout, rustout, balance, zone, stuck, growth)| Person {
            burnout,
            rustout,
            balance,
            zone,
            stuck,
            growth,
        })
}

pub(crate) fn dims() -> Vec<String> {
    vec!["growth".to_string(), "load".to_string()]
}

/// The cell of a group of people, as the store would sum it.
pub(crate) fn cell_of(people: &[Person]) -> OwnCell {
    let mut cell = OwnCell {
        respondents: people.len() as u64,
        ..OwnCell::default()
    };
    let add = |m: &mut Moments, x: f64| {
        m.n += 1;
        m.sum += x;
        m.sum_sq += x * x;
    };
    for p in people {
        add(&mut cell.burnout, p.burnout);
        add(&mut cell.rustout, p.rustout);
        if let Some(c) = p.balance {
            add(&mut cell.balance, c);
        }
        cell.zones[p.zone] += 1;
        cell.stuck += u64::from(p.stuck);
        add(
            cell.dimensions.entry("growth".into()).or_default(),
            p.growth,
        );
    }
    cell
}

#[derive(Debug, Clone)]
struct Org {
    tree: Tree,
    units: BTreeMap<UnitId, UnitState>,
    floors: BTreeMap<UnitId, Rules>,
    /// Week → unit → the people who answered there.
    weeks: Vec<BTreeMap<UnitId, Vec<Person>>>,
}

fn id(index: usize) -> UnitId {
    UnitId(index as i64 + 1)
}

#[derive(Debug, Clone)]
struct UnitSpec {
    parent: Option<Index>,
    members: u64,
    k: u32,
    epsilon: f64,
    budget_weeks: f64,
    spent: f64,
    floor: Option<(u32, f64, f64)>,
}

fn unit_spec() -> impl Strategy<Value = UnitSpec> {
    (
        prop::option::weighted(0.85, any::<Index>()),
        0u64..=9,
        3u32..=7,
        prop_oneof![Just(1.0), 0.1f64..=3.0],
        1.0f64..=14.0,
        prop_oneof![Just(0.0), 0.0f64..=10.0],
        prop::option::weighted(0.3, (3u32..=9, 0.1f64..=2.0, 0.5f64..=20.0)),
    )
        .prop_map(
            |(parent, members, k, epsilon, budget_weeks, spent, floor)| UnitSpec {
                parent,
                members,
                k,
                epsilon,
                budget_weeks,
                spent,
                floor,
            },
        )
}

fn org() -> impl Strategy<Value = Org> {
    prop::collection::vec(unit_spec(), 1..=12).prop_flat_map(|specs| {
        let n = specs.len();
        let week = prop::collection::vec(prop::collection::vec(person(), 0..=10), n);
        (Just(specs), prop::collection::vec(week, 1..=3)).prop_map(|(specs, weeks)| {
            let parents = specs.iter().enumerate().map(|(i, spec)| {
                let parent = if i == 0 {
                    None
                } else {
                    spec.parent.as_ref().map(|ix| id(ix.index(i)))
                };
                (id(i), parent)
            });
            let tree = Tree::new(parents).expect("parents always come earlier");
            let mut units = BTreeMap::new();
            let mut floors = BTreeMap::new();
            for (i, spec) in specs.iter().enumerate() {
                let rules = Rules {
                    k: spec.k,
                    epsilon: Some(spec.epsilon),
                    quarterly_budget: Some(spec.epsilon * spec.budget_weeks),
                };
                units.insert(
                    id(i),
                    UnitState {
                        rules,
                        members: spec.members,
                        spent: spec.spent,
                    },
                );
                if let Some((k, epsilon, budget)) = spec.floor {
                    floors.insert(
                        id(i),
                        Rules {
                            k,
                            epsilon: Some(epsilon),
                            quarterly_budget: Some(budget),
                        },
                    );
                }
            }
            let weeks = weeks
                .into_iter()
                .map(|week| {
                    week.into_iter()
                        .enumerate()
                        .map(|(i, mut people)| {
                            // Mostly within the membership; now and then one more (a person
                            // who left after checking in, which the store takes back, but the
                            // release must not rely on it).
                            let cap = specs[i].members as usize + usize::from(i % 4 == 3);
                            people.truncate(cap);
                            (id(i), people)
                        })
                        .collect()
                })
                .collect();
            Org {
                tree,
                units,
                floors,
                weeks,
            }
        })
    })
}

fn monday(week: usize) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2025, 3, 3).expect("date") + chrono::Days::new(7 * week as u64)
}

fn cells(week: &BTreeMap<UnitId, Vec<Person>>) -> BTreeMap<UnitId, OwnCell> {
    week.iter()
        .filter(|(_, people)| !people.is_empty())
        .map(|(&unit, people)| (unit, cell_of(people)))
        .collect()
}

/// The ε promised to the members of `unit`: the smallest set on it or above it, or kept in its
/// floors.
fn promised_epsilon(org: &Org, unit: UnitId) -> f64 {
    let mut epsilon = org
        .floors
        .get(&unit)
        .and_then(|f| f.epsilon)
        .unwrap_or(f64::INFINITY);
    for above in org.tree.ancestors_or_self(unit) {
        if let Some(e) = org.units[&above].rules.epsilon {
            epsilon = epsilon.min(e);
        }
    }
    epsilon
}

/// The target: a person who answered, picked at random.
fn target(org: &Org, pick: &Index) -> Option<(usize, UnitId, usize)> {
    let all: Vec<(usize, UnitId, usize)> = org
        .weeks
        .iter()
        .enumerate()
        .flat_map(|(w, week)| {
            week.iter()
                .flat_map(move |(&unit, people)| (0..people.len()).map(move |i| (w, unit, i)))
        })
        .collect();
    (!all.is_empty()).then(|| all[pick.index(all.len())])
}

/// Runs the harness: the actual world against `alternative`, which changes only the target.
fn check(
    org: &Org,
    alternative: &Org,
    seed: u64,
) -> Result<super::adversary::Verdict, TestCaseError> {
    let dimensions = dims();
    let actual_cells: Vec<_> = org.weeks.iter().map(cells).collect();
    let other_cells: Vec<_> = alternative.weeks.iter().map(cells).collect();
    let actual: Vec<WeekInput<'_>> = actual_cells
        .iter()
        .enumerate()
        .map(|(w, cells)| WeekInput {
            week: monday(w),
            tree: &org.tree,
            units: &org.units,
            cells,
            floors: &org.floors,
            dimensions: &dimensions,
        })
        .collect();
    let other: Vec<WeekInput<'_>> = other_cells
        .iter()
        .enumerate()
        .map(|(w, cells)| WeekInput {
            week: monday(w),
            tree: &alternative.tree,
            units: &alternative.units,
            cells,
            floors: &alternative.floors,
            dimensions: &dimensions,
        })
        .collect();
    compare(&actual, &other, &mut seeded(seed))
        .map_err(|e| TestCaseError::fail(format!("release refused: {e}")))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(192))]

    /// Whether the target answered at all: the strongest viewer sees exactly what they would
    /// have seen had the target not answered, at a cost within the ε promised to the target.
    #[test]
    fn no_viewer_can_rule_out_that_the_target_did_not_answer(
        org in org(),
        pick in any::<Index>(),
        seed in any::<u64>(),
    ) {
        let Some((w, unit, i)) = target(&org, &pick) else { return Ok(()) };
        let mut absent = org.clone();
        absent.weeks[w].get_mut(&unit).expect("the unit").remove(i);
        let verdict = check(&org, &absent, seed)?;
        prop_assert!(verdict.identical, "{:#?}", verdict.differences);
        prop_assert!(verdict.cost <= promised_epsilon(&org, unit) + 1e-9,
            "cost {} over the promised ε {}", verdict.cost, promised_epsilon(&org, unit));
    }

    /// What the target answered: any other answer explains what was released just as well, at
    /// a cost within twice the promise (one check-in out, another in).
    #[test]
    fn no_viewer_can_rule_out_any_other_answer(
        org in org(),
        pick in any::<Index>(),
        other in person(),
        seed in any::<u64>(),
    ) {
        let Some((w, unit, i)) = target(&org, &pick) else { return Ok(()) };
        let mut changed = org.clone();
        changed.weeks[w].get_mut(&unit).expect("the unit")[i] = other;
        let verdict = check(&org, &changed, seed)?;
        prop_assert!(verdict.identical, "{:#?}", verdict.differences);
        prop_assert!(verdict.cost <= 2.0 * promised_epsilon(&org, unit) + 1e-9);
    }

    /// Everything released is a whole number before it is divided: no figure carries the low
    /// bits of a floating-point sampler. Counts and score sums are never below zero.
    #[test]
    fn released_figures_are_whole_numbers(org in org(), seed in any::<u64>()) {
        let verdict = check(&org, &org, seed)?;
        prop_assert!(verdict.identical);
        prop_assert_eq!(verdict.cost, 0.0);
        for release in &verdict.releases {
            for released in release.cells.values() {
                let Released::Shown(f) = released else { continue };
                let values = [
                    f.respondents.value, f.stuck.value, f.burnout.sum.value,
                    f.rustout.sum.value, f.balance.sum.value, f.balance.n.value,
                ]
                .into_iter()
                .chain(f.zones.iter().map(|z| z.value))
                .chain(f.dimensions.values().flat_map(|d| [d.n.value, d.sum.value]));
                for value in values {
                    prop_assert!(value.is_finite() && value == value.round(), "{}", value);
                }
                for value in [f.respondents.value, f.stuck.value, f.burnout.sum.value] {
                    prop_assert!(value >= 0.0);
                }
                prop_assert!(f.epsilon.is_some());
                if let Some(mean) = f.burnout_mean() {
                    prop_assert!((0.0..=100.0).contains(&mean.value) && mean.margin90.is_finite());
                }
            }
        }
    }

    /// Spending: no unit is charged twice in a week, and none beyond the smallest budget in
    /// force for it (its own, any above it, or one kept in its floors).
    #[test]
    fn spending_stays_within_the_strictest_budget(org in org(), seed in any::<u64>()) {
        let verdict = check(&org, &org, seed)?;
        for release in &verdict.releases {
            let mut charged = std::collections::BTreeSet::new();
            for &(unit, epsilon) in &release.spend {
                prop_assert!(charged.insert(unit), "{} charged twice", unit);
                let mut budget = org.floors.get(&unit).and_then(|f| f.quarterly_budget)
                    .unwrap_or(f64::INFINITY);
                for above in org.tree.ancestors_or_self(unit) {
                    if let Some(b) = org.units[&above].rules.quarterly_budget {
                        budget = budget.min(b);
                    }
                }
                prop_assert!(epsilon <= budget - org.units[&unit].spent + 1e-9);
                prop_assert!((epsilon - promised_epsilon(&org, unit)).abs() < 1e-12);
            }
        }
    }
}

#[test]
fn the_harness_sees_a_world_whose_public_facts_differ() {
    // A check that cannot fail proves nothing: changing a fact the release may use (a member
    // count, a rule) makes the two worlds tell apart, and the harness says so.
    let tree = Tree::new([(UnitId(1), None)]).expect("tree");
    let people: Vec<Person> = (0..40)
        .map(|i| Person {
            burnout: 2.0 * i as f64,
            rustout: 50.0,
            balance: None,
            zone: 0,
            stuck: false,
            growth: 40.0,
        })
        .collect();
    let units = BTreeMap::from([(
        UnitId(1),
        UnitState {
            rules: Rules::default(),
            members: 40,
            spent: 0.0,
        },
    )]);
    let org = Org {
        tree,
        units,
        floors: BTreeMap::new(),
        weeks: vec![BTreeMap::from([(UnitId(1), people)])],
    };
    let mut more_members = org.clone();
    if let Some(state) = more_members.units.get_mut(&UnitId(1)) {
        state.members = 41;
    }
    let verdict = check(&org, &more_members, 5).expect("released");
    assert!(!verdict.identical);
    let mut weaker = org.clone();
    if let Some(state) = weaker.units.get_mut(&UnitId(1)) {
        state.rules.epsilon = Some(2.0);
        state.rules.quarterly_budget = Some(28.0);
    }
    let verdict = check(&org, &weaker, 5).expect("released");
    assert!(!verdict.identical);
    assert!(
        verdict.differences.iter().any(|d| d.contains("scale")),
        "{:?}",
        verdict.differences
    );
}
