//! Small conversions between the store's organisation types and the pure privacy rules of
//! `anneal_core::privacy`, which mirror each other field for field, and the calendar of weeks.

use super::{OrgError, OrgResult};
use anneal_core::Score;
use anneal_core::instrument::{Instrument, builtin_by_id};
use anneal_core::privacy;
use anneal_store::org::{Cell, Contribution, Moments, Unit, UnitId, UnitRules};
use chrono::{DateTime, Datelike, Days, NaiveDate, Utc};
use std::collections::BTreeMap;

/// The id of the instrument whose check-ins are shared: the weekly pulse.
pub const PULSE_ID: &str = "pulse";

/// The weekly pulse, which shared check-ins and team figures are measured on.
pub fn pulse() -> OrgResult<&'static Instrument> {
    builtin_by_id(PULSE_ID)
        .ok_or_else(|| OrgError::Internal("the shipped pulse instrument is missing".into()))
}

/// The pulse's dimension ids, in its order: every released figure lists exactly these. Safety
/// dimensions (low mood) are never shared: how low or hopeless someone feels is theirs alone, and
/// the notice it raises is shown to them, not to their leaders.
pub fn pulse_dimensions() -> OrgResult<Vec<String>> {
    Ok(pulse()?
        .dimensions
        .iter()
        .filter(|d| !d.safety)
        .map(|d| d.id.clone())
        .collect())
}

/// A store unit id as the privacy rules know it.
pub fn core_unit(id: UnitId) -> privacy::UnitId {
    privacy::UnitId(id.0)
}

/// A privacy unit id as the store knows it.
pub fn store_unit(id: privacy::UnitId) -> UnitId {
    UnitId(id.0)
}

/// A unit's stored rules as the privacy rules see them (k, ε, budget; the version and date are
/// the store's bookkeeping).
pub fn core_rules(rules: &UnitRules) -> privacy::Rules {
    privacy::Rules {
        k: rules.k,
        epsilon: rules.epsilon,
        quarterly_budget: rules.quarterly_budget,
    }
}

fn core_moments(m: Moments) -> privacy::Moments {
    privacy::Moments {
        n: m.n,
        sum: m.sum,
        sum_sq: m.sum_sq,
    }
}

/// A stored weekly cell as the release takes it. Dimensions the pulse does not list are left
/// out (a release lists exactly the pulse's dimensions).
pub fn core_cell(cell: Cell, dimensions: &[String]) -> privacy::OwnCell {
    privacy::OwnCell {
        respondents: cell.respondents,
        burnout: core_moments(cell.burnout),
        rustout: core_moments(cell.rustout),
        balance: core_moments(cell.balance),
        stuck: cell.stuck,
        zones: cell.zones,
        dimensions: cell
            .dimensions
            .into_iter()
            .filter(|(id, _)| dimensions.contains(id))
            .map(|(id, m)| (id, core_moments(m)))
            .collect(),
    }
}

/// Floors kept for a week as the release takes them.
pub fn core_floors(floors: anneal_store::org::Floors) -> privacy::Rules {
    privacy::Rules {
        k: floors.k,
        epsilon: floors.epsilon,
        quarterly_budget: floors.quarterly_budget,
    }
}

/// What one scored pulse adds to its unit's weekly cell: B, R, C, the zone, the stuck flag and
/// the scores of the pulse's own dimensions. Nothing else of the check-in (no answers, no note).
pub fn contribution(score: &Score, stuck: bool, dimensions: &[String]) -> Contribution {
    Contribution {
        burnout: score.burnout.score,
        rustout: score.rustout.score,
        balance: score.balance,
        stuck,
        zone: score.zone,
        dimensions: score
            .dimensions
            .iter()
            .filter(|d| dimensions.contains(&d.id))
            .map(|d| (d.id.clone(), d.score))
            .collect::<BTreeMap<_, _>>(),
    }
}

/// The organisation tree as the privacy rules see it, archived units included (archiving is a
/// label; their members and cells stay).
pub fn tree_of(units: &[Unit]) -> OrgResult<privacy::Tree> {
    privacy::Tree::new(
        units
            .iter()
            .map(|u| (core_unit(u.id), u.parent.map(core_unit))),
    )
    .map_err(|e| OrgError::Internal(format!("the stored organisation is not a tree: {e}")))
}

/// The Monday of the ISO week `day` is in: the name of that week.
pub fn monday_of(day: NaiveDate) -> NaiveDate {
    let back = u64::from(day.weekday().num_days_from_monday());
    day.checked_sub_days(Days::new(back)).unwrap_or(day)
}

/// The week a check-in received at `at` belongs to (UTC): never the week it claims to be from.
pub fn week_received(at: DateTime<Utc>) -> NaiveDate {
    monday_of(at.date_naive())
}

/// The Monday of the latest week that has ended before `now`; `None` at the start of the calendar.
pub fn last_closed_week(now: DateTime<Utc>) -> Option<NaiveDate> {
    week_received(now).checked_sub_days(Days::new(7))
}

/// The week after `week`.
pub fn next_week(week: NaiveDate) -> Option<NaiveDate> {
    week.checked_add_days(Days::new(7))
}

/// The week before `week`.
pub fn previous_week(week: NaiveDate) -> Option<NaiveDate> {
    week.checked_sub_days(Days::new(7))
}

#[cfg(test)]
mod tests {
    use super::*;
    use anneal_core::Zone;
    use anneal_core::scoring::score;
    use chrono::TimeZone;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("a real date")
    }

    #[test]
    fn how_low_someone_feels_is_never_shared() {
        let shared = pulse_dimensions().expect("the pulse ships");
        let pulse = pulse().expect("the pulse ships");
        assert!(pulse.dimension("mood").is_some_and(|d| d.safety));
        assert!(!shared.iter().any(|d| d == "mood"), "{shared:?}");
        for d in pulse.dimensions.iter().filter(|d| !d.safety) {
            assert!(shared.contains(&d.id), "{} is shared", d.id);
        }
    }

    #[test]
    fn weeks_are_named_by_their_monday() {
        assert_eq!(monday_of(date(2026, 3, 2)), date(2026, 3, 2));
        assert_eq!(monday_of(date(2026, 3, 8)), date(2026, 3, 2));
        assert_eq!(monday_of(date(2026, 1, 1)), date(2025, 12, 29));
        let sunday_night = Utc.with_ymd_and_hms(2026, 3, 8, 23, 59, 59).unwrap();
        assert_eq!(week_received(sunday_night), date(2026, 3, 2));
        assert_eq!(last_closed_week(sunday_night), Some(date(2026, 2, 23)));
        let monday_morning = Utc.with_ymd_and_hms(2026, 3, 9, 0, 0, 0).unwrap();
        assert_eq!(last_closed_week(monday_morning), Some(date(2026, 3, 2)));
    }

    #[test]
    fn a_contribution_carries_the_scores_and_nothing_of_the_answers() {
        let pulse = pulse().expect("pulse");
        let answers = anneal_core::demo::answers_for(
            pulse,
            anneal_core::demo::Strain {
                burnout: 0.8,
                rustout: 0.1,
                shared: 0.2,
            },
            0.0,
            &mut anneal_core::demo::DemoRng::new(1),
        );
        let scored = score(pulse, &answers).expect("scores");
        let dims = pulse_dimensions().expect("dims");
        let c = contribution(&scored, true, &dims);
        assert_eq!(c.burnout, scored.burnout.score);
        assert_eq!(c.zone, scored.zone);
        assert_eq!(c.zone, Zone::Burnout);
        assert!(c.stuck);
        assert_eq!(c.dimensions.len(), dims.len());
        let only_growth = contribution(&scored, false, &["growth".to_string()]);
        assert_eq!(
            only_growth.dimensions.keys().collect::<Vec<_>>(),
            ["growth"]
        );
    }

    #[test]
    fn a_stored_cell_converts_field_for_field_without_foreign_dimensions() {
        let mut cell = Cell {
            respondents: 2,
            stuck: 1,
            zones: [1, 1, 0, 0],
            k_floor: 7,
            epsilon_floor: Some(0.5),
            ..Cell::default()
        };
        cell.burnout = Moments {
            n: 2,
            sum: 90.0,
            sum_sq: 4100.0,
        };
        cell.dimensions.insert("growth".into(), cell.burnout);
        cell.dimensions.insert("mystery".into(), cell.burnout);
        let own = core_cell(cell, &["growth".to_string()]);
        assert_eq!(own.respondents, 2);
        assert_eq!(own.burnout.sum_sq, 4100.0);
        assert_eq!(own.dimensions.keys().collect::<Vec<_>>(), ["growth"]);
    }
}
