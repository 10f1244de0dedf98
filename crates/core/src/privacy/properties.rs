//! Property tests over random organisations: trees of up to 15 units, random memberships,
//! respondents, k per unit and k promised at check-in, over several weeks, with random requests.

use super::attack::{Attack, Observed};
use super::cell::{Moments, OwnCell};
use super::figures::{Reason, Released};
use super::noise::tests::seeded;
use super::release::{UnitState, WeekInput, WeekRelease, release_week};
use super::rules::Rules;
use super::suppress::{Group, Term, plan};
use super::tree::{Tree, UnitId};
use proptest::prelude::*;
use proptest::sample::Index;
use std::collections::BTreeMap;

#[derive(Debug, Clone)]
struct UnitSpec {
    parent: Option<Index>,
    members: u64,
    k: u32,
}

#[derive(Debug, Clone)]
struct CellSpec {
    respondents: u64,
    k_floor: u32,
    burnout: f64,
    rustout: f64,
    zone: usize,
    stuck: u64,
}

#[derive(Debug, Clone)]
struct Org {
    tree: Tree,
    units: BTreeMap<UnitId, UnitState>,
    weeks: Vec<BTreeMap<UnitId, OwnCell>>,
}

fn unit_spec() -> impl Strategy<Value = UnitSpec> {
    (
        prop::option::weighted(0.85, any::<Index>()),
        0u64..=10,
        3u32..=7,
    )
        .prop_map(|(parent, members, k)| UnitSpec { parent, members, k })
}

fn cell_spec() -> impl Strategy<Value = CellSpec> {
    (
        0u64..=10,
        prop_oneof![Just(0u32), 3u32..=9],
        0.0f64..=100.0,
        0.0f64..=100.0,
        0usize..4,
        0u64..=3,
    )
        .prop_map(
            |(respondents, k_floor, burnout, rustout, zone, stuck)| CellSpec {
                respondents,
                k_floor,
                burnout,
                rustout,
                zone,
                stuck,
            },
        )
}

fn id(index: usize) -> UnitId {
    UnitId(index as i64 + 1)
}

fn cell(spec: &CellSpec, members: u64) -> OwnCell {
    // Mostly within the membership; someone who left after checking in is allowed for.
    let n = if spec.stuck == 3 {
        spec.respondents
    } else {
        spec.respondents.min(members)
    };
    let moments = |score: f64| Moments {
        n,
        sum: score * n as f64,
        sum_sq: score * score * n as f64,
    };
    let mut zones = [0; 4];
    zones[spec.zone] = n;
    OwnCell {
        respondents: n,
        burnout: moments(spec.burnout),
        rustout: moments(spec.rustout),
        balance: Moments::default(),
        stuck: spec.stuck.min(n),
        zones,
        dimensions: BTreeMap::from([("growth".to_string(), moments(spec.rustout))]),
        k_floor: if n > 0 { spec.k_floor } else { 0 },
        epsilon_floor: None,
    }
}

fn org() -> impl Strategy<Value = Org> {
    prop::collection::vec(unit_spec(), 1..=15).prop_flat_map(|specs| {
        let n = specs.len();
        (
            Just(specs),
            prop::collection::vec(prop::collection::vec(cell_spec(), n), 1..=3),
        )
            .prop_map(|(specs, weeks)| {
                let parents = specs.iter().enumerate().map(|(i, spec)| {
                    let parent = if i == 0 {
                        None
                    } else {
                        spec.parent.as_ref().map(|ix| id(ix.index(i)))
                    };
                    (id(i), parent)
                });
                let tree = Tree::new(parents).expect("parents always come earlier");
                let units = specs
                    .iter()
                    .enumerate()
                    .map(|(i, spec)| {
                        let rules = Rules {
                            k: spec.k,
                            ..Rules::default()
                        };
                        (
                            id(i),
                            UnitState {
                                rules,
                                members: spec.members,
                                spent: 0.0,
                            },
                        )
                    })
                    .collect::<BTreeMap<_, _>>();
                let weeks = weeks
                    .iter()
                    .map(|cells| {
                        cells
                            .iter()
                            .enumerate()
                            .map(|(i, spec)| (id(i), cell(spec, specs[i].members)))
                            .collect()
                    })
                    .collect();
                Org { tree, units, weeks }
            })
    })
}

fn dims() -> Vec<String> {
    vec!["growth".to_string()]
}

fn release_all(org: &Org, seed: u64) -> Vec<WeekRelease> {
    let dimensions = dims();
    let monday = chrono::NaiveDate::from_ymd_opt(2025, 3, 3).expect("date");
    org.weeks
        .iter()
        .enumerate()
        .map(|(w, cells)| {
            let input = WeekInput {
                week: monday + chrono::Days::new(7 * w as u64),
                tree: &org.tree,
                units: &org.units,
                cells,
                dimensions: &dimensions,
            };
            release_week(&input, &mut seeded(seed + w as u64)).expect("valid input")
        })
        .collect()
}

/// Whether anyone is in the unit itself (members, or respondents who since left).
fn has_people(org: &Org, week: usize, unit: UnitId) -> bool {
    let members = org.units.get(&unit).map_or(0, |s| s.members);
    let respondents = org.weeks[week].get(&unit).map_or(0, |c| c.respondents);
    members.max(respondents) > 0
}

/// k a subtree must reach, computed here independently of the code under test.
fn subtree_k(org: &Org, week: usize, unit: UnitId) -> u32 {
    let own_k = org.units[&unit].rules.k;
    let floors = org.tree.subtree(unit).into_iter().filter_map(|below| {
        let cell = org.weeks[week].get(&below)?;
        (cell.respondents > 0).then_some(cell.k_floor)
    });
    floors.fold(own_k, u32::max)
}

fn exact_respondents(org: &Org, week: usize, unit: UnitId) -> u64 {
    org.tree
        .subtree(unit)
        .iter()
        .filter_map(|below| org.weeks[week].get(below))
        .map(|c| c.respondents)
        .sum()
}

/// Units whose own members the release left out (budget spent), as the release shows it.
fn left_out(release: &WeekRelease) -> std::collections::BTreeSet<UnitId> {
    let mut found = std::collections::BTreeSet::new();
    for (&unit, released) in &release.cells {
        match released {
            Released::Shown(figures) => found.extend(figures.budget_spent.iter().copied()),
            Released::Suppressed(Reason::BudgetSpent { .. }) => {
                found.insert(unit);
            }
            Released::Suppressed(Reason::Protected) => {}
        }
    }
    found
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn every_shown_cell_reaches_its_k(org in org()) {
        for (w, release) in release_all(&org, 1).iter().enumerate() {
            for (&unit, released) in &release.cells {
                if let Some(figures) = released.figures() {
                    let respondents = exact_respondents(&org, w, unit);
                    prop_assert_eq!(figures.respondents.value, respondents as f64);
                    prop_assert!(
                        respondents >= u64::from(subtree_k(&org, w, unit)),
                        "{} shown with {} respondents, k = {}",
                        unit, respondents, subtree_k(&org, w, unit)
                    );
                }
            }
        }
    }

    #[test]
    fn shown_figures_add_up(org in org()) {
        for (w, release) in release_all(&org, 1).iter().enumerate() {
            for unit in org.tree.units() {
                let Some(parent) = release.cells[&unit].figures() else { continue };
                let own = org.weeks[w].get(&unit).filter(|_| has_people(&org, w, unit));
                let own_sum = own.map_or(0.0, |c| c.burnout.sum);
                let mut children_sum = 0.0;
                let mut children_respondents = 0.0;
                let mut all_children_shown = true;
                for child in org.tree.children(unit) {
                    match release.cells[child].figures() {
                        Some(figures) => {
                            children_sum += figures.burnout.sum.value;
                            children_respondents += figures.respondents.value;
                        }
                        // A sub-unit with nobody in it is no part of the sum.
                        None => all_children_shown &=
                            org.tree.subtree(*child).iter().all(|&b| !has_people(&org, w, b)),
                    }
                }
                if all_children_shown {
                    let own_n = own.map_or(0, |c| c.respondents) as f64;
                    prop_assert!((parent.burnout.sum.value - own_sum - children_sum).abs() < 1e-6);
                    prop_assert_eq!(parent.respondents.value, own_n + children_respondents);
                }
            }
        }
    }

    #[test]
    fn no_request_set_exposes_a_hidden_group(
        org in org(),
        requests in prop::collection::vec((any::<Index>(), 0usize..3, 0usize..3), 0..12),
    ) {
        let releases = release_all(&org, 1);
        let observed: Vec<Observed<'_>> = org
            .weeks
            .iter()
            .zip(&releases)
            .map(|(cells, release)| Observed { units: &org.units, cells, release })
            .collect();
        let mut attack = Attack::new(&org.tree, &observed);
        let units: Vec<UnitId> = org.tree.units().collect();
        for (unit, from, to) in &requests {
            attack.request(*unit.get(&units), (*from).min(*to), (*from).max(*to));
        }
        prop_assert_eq!(attack.exposed(), Vec::<String>::new());
        attack.request_everything();
        prop_assert_eq!(attack.exposed(), Vec::<String>::new());
    }

    #[test]
    fn every_equation_has_no_hidden_term_or_at_least_two(
        org in org(),
    ) {
        for (w, cells) in org.weeks.iter().enumerate() {
            let own: BTreeMap<UnitId, Group> = org
                .tree
                .units()
                .filter(|&unit| has_people(&org, w, unit))
                .map(|unit| {
                    let cell = cells.get(&unit);
                    let respondents = cell.map_or(0, |c| c.respondents);
                    let floor = cell.map_or(0, |c| c.k_floor);
                    (unit, Group { respondents, k: org.units[&unit].rules.k.max(floor) })
                })
                .collect();
            let k: BTreeMap<UnitId, u32> =
                org.tree.units().map(|unit| (unit, subtree_k(&org, w, unit))).collect();
            let plan = plan(&org.tree, &own, &k);
            for equation in plan.equations() {
                let hidden = equation.terms().filter(|&t| plan.is_hidden(t)).count();
                prop_assert!(hidden != 1, "equation of {} has one hidden term", equation.parent);
            }
            for (&unit, group) in &own {
                if group.respondents < u64::from(group.k) {
                    let is_term = plan.equations().iter().any(|e| e.parts.contains(&Term::Own(unit)));
                    prop_assert!(!is_term || plan.is_hidden(Term::Own(unit)));
                    prop_assert!(!plan.is_shown(unit) || is_term);
                }
            }
        }
    }

    #[test]
    fn noise_and_budgets_keep_figures_sane_and_spending_within_budget(
        org in org(),
        noise in prop::collection::vec(
            prop::option::of((0.1f64..=2.0, 0.0f64..=1.5, 0.0f64..=8.0)), 15),
        seed in any::<u64>(),
    ) {
        let mut org = org;
        for (i, state) in org.units.values_mut().enumerate() {
            if let Some((epsilon, budget_extra, spent)) = noise[i] {
                state.rules.epsilon = Some(epsilon);
                state.rules.quarterly_budget = Some(epsilon + budget_extra * 4.0);
                state.spent = spent;
            }
        }
        let releases = release_all(&org, seed);
        for (w, release) in releases.iter().enumerate() {
            let mut charged = std::collections::BTreeSet::new();
            for &(unit, epsilon) in &release.spend {
                prop_assert!(charged.insert(unit), "{} charged twice", unit);
                let chain = org.tree.ancestors_or_self(unit);
                let budget = chain
                    .iter()
                    .filter_map(|a| org.units[a].rules.quarterly_budget)
                    .fold(f64::INFINITY, f64::min);
                prop_assert!(epsilon <= budget - org.units[&unit].spent + 1e-9);
            }
            let left_out = left_out(release);
            for (&unit, released) in &release.cells {
                let Some(f) = released.figures() else { continue };
                let counted: u64 = org
                    .tree
                    .subtree(unit)
                    .iter()
                    .filter(|below| !left_out.contains(below))
                    .filter_map(|below| org.weeks[w].get(below))
                    .map(|c| c.respondents)
                    .sum();
                prop_assert!(counted >= u64::from(org.units[&unit].rules.k));
                let values = [f.respondents.value, f.stuck.value, f.burnout.sum.value, f.rustout.sum_sq.value]
                    .into_iter()
                    .chain(f.zones.iter().map(|z| z.value));
                for value in values {
                    prop_assert!(value.is_finite() && value >= 0.0);
                }
                if let Some(mean) = f.burnout_mean() {
                    prop_assert!((0.0..=100.0).contains(&mean.value) && mean.margin90.is_finite());
                }
            }
        }
        let observed: Vec<Observed<'_>> = org
            .weeks
            .iter()
            .zip(&releases)
            .map(|(cells, release)| Observed { units: &org.units, cells, release })
            .collect();
        let mut attack = Attack::new(&org.tree, &observed);
        attack.request_everything();
        prop_assert_eq!(attack.exposed(), Vec::<String>::new());
    }
}
