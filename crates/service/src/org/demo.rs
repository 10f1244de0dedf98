//! A demo organisation for trying Anneal and for benchmarks: an organisation → departments →
//! teams of 3–40 people, whose weekly pulses drift over time toward burnout, rust-out, both, or
//! stay healthy, with about 70 % of people sharing, stuck flags, skipped weeks, a demo admin and
//! a demo leader of one department. The past weeks are released at the end, so a leader's
//! dashboard has a year of figures at once.
//!
//! Deterministic for a seed (apart from account creation times). The backfilled check-ins go
//! into the cells of the weeks they simulate — only the demo does that; a real check-in always
//! counts in the week it is received in.

use super::access::UnitRef;
use super::convert::{contribution, last_closed_week, pulse, pulse_dimensions};
use super::release::release_due_weeks;
use super::{OrgError, OrgResult};
use anneal_core::demo::{DemoRng, Strain, answers_for};
use anneal_core::scoring::score;
use anneal_store::org::{ShareIntoCell, Unit};
use anneal_store::{Backend, NewResponse, NewUser, ResponseKind, UserId};
use chrono::{DateTime, Days, Duration, NaiveDate, NaiveTime, Utc};
use serde::Serialize;

/// The demo admin's username.
pub const DEMO_ADMIN: &str = "demo-admin";
/// The demo leader's username (leads the first department).
pub const DEMO_LEADER: &str = "demo-leader";
/// The fewest people a demo organisation has (one team of three).
pub const MIN_PEOPLE: usize = 3;
/// The most people a demo organisation has.
pub const MAX_PEOPLE: usize = 100_000;
/// The most weeks of history.
pub const MAX_WEEKS: usize = 156;
/// The share of people who share their pulse with their team.
const SHARING: f64 = 0.7;
/// The chance that a person skips a given week.
const SKIP: f64 = 0.1;

/// What to build.
#[derive(Debug, Clone)]
pub struct DemoSpec {
    /// People in the teams (the admin and the leader come on top), 3–100 000.
    pub people: usize,
    /// Weeks of weekly pulses, ending with the last week that has ended before `now`; 1–156.
    pub weeks: usize,
    /// The same seed builds the same organisation and answers.
    pub seed: u64,
    /// The moment the demo is built.
    pub now: DateTime<Utc>,
    /// The demo admin's password hash (argon2id PHC string), made by the caller; `None` = no
    /// password (the account exists but cannot log in on the web).
    pub admin_password_hash: Option<String>,
    /// The demo leader's password hash, likewise.
    pub leader_password_hash: Option<String>,
}

/// What was built.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DemoOrg {
    /// The top-level unit.
    pub organisation: UnitRef,
    /// Departments under it.
    pub departments: usize,
    /// Teams under the departments.
    pub teams: usize,
    /// People in the teams.
    pub people: usize,
    /// Of them, sharing with their team.
    pub sharing: usize,
    /// Weekly pulses stored.
    pub checkins: usize,
    /// Of them, shared into their team's weekly figures.
    pub shared_checkins: usize,
    /// Weeks released for leaders.
    pub released_weeks: usize,
    /// The admin's username.
    pub admin: String,
    /// The leader's username.
    pub leader: String,
    /// The unit the leader leads.
    pub leader_unit: UnitRef,
}

/// How a department's strain moves over the demo's time: start and end, on each side.
#[derive(Debug, Clone, Copy)]
struct Climate {
    start: Strain,
    end: Strain,
}

impl Climate {
    fn at(&self, t: f64) -> Strain {
        let mix = |a: f64, b: f64| a + (b - a) * t;
        Strain {
            burnout: mix(self.start.burnout, self.end.burnout),
            rustout: mix(self.start.rustout, self.end.rustout),
            shared: mix(self.start.shared, self.end.shared),
        }
    }
}

fn strain(burnout: f64, rustout: f64) -> Strain {
    Strain {
        burnout,
        rustout,
        shared: (burnout + rustout) / 2.0,
    }
}

/// Departments, each with a typical drift: heavy-load roles toward burnout, repetitive ones
/// toward rust-out, some toward both, some healthy throughout.
const DEPARTMENTS: &[(&str, f64, f64, f64, f64)] = &[
    // name, burnout start → end, rust-out start → end
    ("Emergency care", 0.35, 0.70, 0.20, 0.25),
    ("Records", 0.20, 0.22, 0.30, 0.68),
    ("Surgery", 0.40, 0.62, 0.18, 0.22),
    ("Customer support", 0.35, 0.60, 0.35, 0.62),
    ("Research", 0.25, 0.28, 0.20, 0.22),
    ("Facilities", 0.22, 0.25, 0.35, 0.60),
    ("Children's ward", 0.30, 0.45, 0.20, 0.20),
    ("Finance", 0.28, 0.30, 0.30, 0.52),
    ("Laboratory", 0.26, 0.30, 0.26, 0.30),
    ("IT services", 0.30, 0.50, 0.30, 0.45),
];

/// One team as planned.
struct TeamPlan {
    department: usize,
    size: usize,
    climate: Climate,
}

/// Team sizes between 3 and 40 that add up to `people` (at least 3), mostly between 6 and 20.
fn team_sizes(people: usize, rng: &mut DemoRng) -> Vec<usize> {
    let mut sizes = Vec::new();
    let mut left = people;
    while left > 0 {
        let u = rng.unit();
        let want = ((3.0 + 37.0 * u * u * u + 6.0 * rng.unit()).round() as usize).clamp(3, 40);
        let take = if left >= want + 3 {
            // What is left can still form a team of three.
            want
        } else if left <= 40 {
            left
        } else {
            // 41 or 42 left: two teams.
            left - 20
        };
        sizes.push(take);
        left -= take;
    }
    sizes
}

fn plan_teams(people: usize, rng: &mut DemoRng) -> (usize, Vec<TeamPlan>) {
    let sizes = team_sizes(people, rng);
    let per_department = 6;
    let departments = sizes.len().div_ceil(per_department).max(1);
    let teams = sizes
        .into_iter()
        .enumerate()
        .map(|(i, size)| {
            let department = i % departments;
            let (_, b0, b1, r0, r1) = DEPARTMENTS[department % DEPARTMENTS.len()];
            let jitter = |rng: &mut DemoRng| 0.06 * rng.signed();
            let climate = Climate {
                start: strain(b0 + jitter(rng), r0 + jitter(rng)),
                end: strain(b1 + jitter(rng), r1 + jitter(rng)),
            };
            TeamPlan {
                department,
                size,
                climate,
            }
        })
        .collect();
    (departments, teams)
}

fn department_name(i: usize) -> String {
    let (name, ..) = DEPARTMENTS[i % DEPARTMENTS.len()];
    match i / DEPARTMENTS.len() {
        0 => name.to_string(),
        n => format!("{name} {}", n + 1),
    }
}

fn team_name(i: usize) -> String {
    const LETTERS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let letter = LETTERS[i % LETTERS.len()] as char;
    match i / LETTERS.len() {
        0 => format!("Team {letter}"),
        n => format!("Team {letter}{}", n + 1),
    }
}

/// Checks the spec's ranges.
fn check(spec: &DemoSpec) -> OrgResult<()> {
    if !(MIN_PEOPLE..=MAX_PEOPLE).contains(&spec.people) {
        return Err(OrgError::invalid(format!(
            "people: {} is not allowed; a demo organisation has {MIN_PEOPLE} to {MAX_PEOPLE} people",
            spec.people
        )));
    }
    if !(1..=MAX_WEEKS).contains(&spec.weeks) {
        return Err(OrgError::invalid(format!(
            "weeks: {} is not allowed; a demo has 1 to {MAX_WEEKS} weeks of history",
            spec.weeks
        )));
    }
    Ok(())
}

/// Builds the demo organisation in a store that has no organisation yet (no units, no demo
/// accounts); anything else is `Invalid`, and nothing is built.
pub async fn demo_org(store: &dyn Backend, spec: DemoSpec) -> OrgResult<DemoOrg> {
    check(&spec)?;
    if !store.units().await?.is_empty() {
        return Err(OrgError::invalid(
            "this store already has an organisation; the demo builds one only in a store without \
             units (use a new --db)",
        ));
    }
    for name in [DEMO_ADMIN, DEMO_LEADER] {
        if store.user_by_name(name).await?.is_some() {
            return Err(OrgError::invalid(format!(
                "this store already has an account named {name}; the demo needs a store without \
                 one (use a new --db)"
            )));
        }
    }
    let last = last_closed_week(spec.now)
        .ok_or_else(|| OrgError::invalid("now: too early in the calendar for a demo"))?;
    let first = last
        .checked_sub_days(Days::new(7 * (spec.weeks as u64 - 1)))
        .ok_or_else(|| OrgError::invalid("weeks: too many weeks before now"))?;
    let founded = first.and_time(NaiveTime::MIN).and_utc();
    let mut rng = DemoRng::new(spec.seed);

    let admin = store
        .create_user(NewUser {
            username: DEMO_ADMIN.into(),
            password_hash: spec.admin_password_hash.clone(),
        })
        .await?;
    store.set_admin(admin.id, true).await?;
    let leader = store
        .create_user(NewUser {
            username: DEMO_LEADER.into(),
            password_hash: spec.leader_password_hash.clone(),
        })
        .await?;

    let root = store.create_unit("Riverside Health", None, founded).await?;
    let (department_count, teams) = plan_teams(spec.people, &mut rng);
    let mut departments: Vec<Unit> = Vec::with_capacity(department_count);
    for i in 0..department_count {
        departments.push(
            store
                .create_unit(&department_name(i), Some(root.id), founded)
                .await?,
        );
    }
    let leader_unit = &departments[0];
    store.set_leader(leader_unit.id, leader.id, true).await?;

    let mut made = DemoOrg {
        organisation: UnitRef {
            id: root.id,
            name: root.name.clone(),
        },
        departments: department_count,
        teams: teams.len(),
        people: 0,
        sharing: 0,
        checkins: 0,
        shared_checkins: 0,
        released_weeks: 0,
        admin: DEMO_ADMIN.to_string(),
        leader: DEMO_LEADER.to_string(),
        leader_unit: UnitRef {
            id: leader_unit.id,
            name: leader_unit.name.clone(),
        },
    };
    let dimensions = pulse_dimensions()?;
    let mut teams_in_department = vec![0usize; department_count];
    for plan in &teams {
        let department = &departments[plan.department];
        let index = teams_in_department[plan.department];
        teams_in_department[plan.department] += 1;
        let team = store
            .create_unit(&team_name(index), Some(department.id), founded)
            .await?;
        // The team's shared check-ins go in as one batch: one commit instead of one per
        // check-in.
        let mut shared = Vec::new();
        for _ in 0..plan.size {
            made.people += 1;
            let person = store
                .create_user(NewUser {
                    username: format!("person-{:05}", made.people),
                    password_hash: None,
                })
                .await?;
            store.join_unit(person.id, team.id, founded).await?;
            let shares = rng.chance(SHARING);
            if shares {
                store.set_sharing(person.id, team.id, true, founded).await?;
                made.sharing += 1;
            }
            let history = person_history(person.id, plan.climate, first, spec.weeks, &mut rng)?;
            made.checkins += history.len();
            if shares {
                for (new, week) in history {
                    let given = contribution(&new.score, new.stuck, &dimensions);
                    shared.push((
                        new,
                        ShareIntoCell {
                            unit: team.id,
                            week,
                            rules: team.rules,
                            contribution: given,
                        },
                    ));
                }
            } else if !history.is_empty() {
                store
                    .insert_responses(history.into_iter().map(|(new, _)| new).collect())
                    .await?;
            }
        }
        made.shared_checkins += shared.len();
        store.insert_shared_checkins(shared).await?;
    }
    let mut noise = DemoRng::new(spec.seed ^ 0x5EED);
    made.released_weeks = release_due_weeks(store, spec.now, &mut || noise.unit())
        .await?
        .len();
    Ok(made)
}

/// One person's weekly pulses: (check-in, the Monday of the week it is for), oldest first.
fn person_history(
    user: UserId,
    climate: Climate,
    first: NaiveDate,
    weeks: usize,
    rng: &mut DemoRng,
) -> OrgResult<Vec<(NewResponse, NaiveDate)>> {
    let pulse = pulse()?;
    let offset_b = 0.18 * rng.signed();
    let offset_r = 0.18 * rng.signed();
    let mut history = Vec::with_capacity(weeks);
    for w in 0..weeks {
        if rng.chance(SKIP) {
            continue;
        }
        let t = if weeks > 1 {
            w as f64 / (weeks - 1) as f64
        } else {
            1.0
        };
        let base = climate.at(t);
        let strain = Strain {
            burnout: (base.burnout + offset_b).clamp(0.0, 1.0),
            rustout: (base.rustout + offset_r).clamp(0.0, 1.0),
            shared: base.shared.clamp(0.0, 1.0),
        };
        let answers = answers_for(pulse, strain, 0.15, rng);
        let scored = score(pulse, &answers).map_err(|e| {
            OrgError::Internal(format!("the demo made answers the pulse refuses: {e}"))
        })?;
        let stuck = rng.chance(0.02 + 0.4 * (strain.rustout - 0.4).max(0.0));
        let week = first
            .checked_add_days(Days::new(7 * w as u64))
            .ok_or_else(|| {
                OrgError::Internal("a demo week is past the end of the calendar".into())
            })?;
        let day = (rng.unit() * 5.0) as i64;
        let taken_at = week.and_time(NaiveTime::MIN).and_utc()
            + Duration::days(day)
            + Duration::hours(8 + (rng.unit() * 9.0) as i64);
        history.push((
            NewResponse {
                user,
                kind: ResponseKind::Checkin,
                taken_at,
                answers,
                stuck,
                note: None,
                score: scored,
            },
            week,
        ));
    }
    Ok(history)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn teams_have_3_to_40_people_and_add_up() {
        for (people, seed) in [
            (3, 1),
            (4, 2),
            (7, 3),
            (41, 4),
            (43, 5),
            (1000, 6),
            (10_000, 7),
        ] {
            let sizes = team_sizes(people, &mut DemoRng::new(seed));
            assert_eq!(sizes.iter().sum::<usize>(), people, "{people}: {sizes:?}");
            assert!(
                sizes.iter().all(|s| (3..=40).contains(s)),
                "{people}: {sizes:?}"
            );
        }
    }

    #[test]
    fn a_climate_moves_from_start_to_end() {
        let c = Climate {
            start: strain(0.2, 0.3),
            end: strain(0.6, 0.3),
        };
        assert!((c.at(0.0).burnout - 0.2).abs() < 1e-12);
        assert!((c.at(1.0).burnout - 0.6).abs() < 1e-12);
        assert!((c.at(0.5).burnout - 0.4).abs() < 1e-12);
    }

    #[test]
    fn names_stay_distinct_beyond_the_lists() {
        assert_eq!(department_name(0), "Emergency care");
        assert_eq!(department_name(DEPARTMENTS.len()), "Emergency care 2");
        assert_eq!(team_name(0), "Team A");
        assert_eq!(team_name(27), "Team B2");
    }
}
