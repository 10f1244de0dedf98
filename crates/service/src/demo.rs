//! A demo person with months of history, so a newcomer sees a living app at once: weekly pulses
//! that drift from the healthy middle toward rust-out, two full checks, a plan with adopted
//! actions and a goal, and a journal with a first entry.

use crate::respond::{Submission, record_private};
use crate::{Result, ServiceError, journal, plan};
use anneal_core::demo::{DemoRng, Strain, answers_for};
use anneal_core::instrument::builtin_by_id;
use anneal_core::plan::PlanKind;
use anneal_core::strategy::Cadence;
use anneal_store::{Store, UserId};
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

/// What was made.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DemoPerson {
    pub checkins: usize,
    pub assessments: usize,
    pub plan_items: usize,
    pub journal_entries: usize,
}

/// Strain along the way: steady in the middle for the first third, then rust-out creeping in
/// while the load stays light — the quiet drift the product exists to catch.
fn strain_at(week: usize, weeks: usize) -> Strain {
    let t = week as f64 / weeks.max(1) as f64;
    let drift = ((t - 0.35) / 0.65).clamp(0.0, 1.0);
    Strain {
        burnout: 0.22 + 0.06 * drift,
        rustout: 0.18 + 0.55 * drift,
        shared: 0.2 + 0.15 * drift,
    }
}

/// Fills the person's history ending at `now`. `journal_passphrase` starts their journal (it is
/// left out when `None`).
pub async fn fill_person(
    store: &dyn Store,
    user: UserId,
    weeks: usize,
    seed: u64,
    journal_passphrase: Option<&str>,
    now: DateTime<Utc>,
) -> Result<DemoPerson> {
    let (Some(pulse), Some(spectrum)) = (builtin_by_id("pulse"), builtin_by_id("spectrum")) else {
        return Err(ServiceError::Internal(
            "the shipped instruments are missing".into(),
        ));
    };
    let mut rng = DemoRng::new(seed);
    let start = now - Duration::weeks(weeks as i64);
    let mut made = DemoPerson {
        checkins: 0,
        assessments: 0,
        plan_items: 0,
        journal_entries: 0,
    };
    for week in 0..weeks {
        let at = start + Duration::weeks(week as i64) + Duration::hours(9);
        let strain = strain_at(week, weeks);
        if week == 0 || week + 2 == weeks {
            let answers = answers_for(spectrum, strain, 0.12, &mut rng);
            record_private(
                store,
                user,
                Submission {
                    instrument: spectrum,
                    answers,
                    taken_at: at - Duration::hours(1),
                    stuck: false,
                    note: None,
                },
            )
            .await?;
            made.assessments += 1;
        }
        // Now and then a week is skipped, as in life.
        if week > 0 && rng.chance(0.08) {
            continue;
        }
        let answers = answers_for(pulse, strain, 0.15, &mut rng);
        let stuck = week * 3 > weeks * 2 && rng.chance(0.5);
        record_private(
            store,
            user,
            Submission {
                instrument: pulse,
                answers,
                taken_at: at,
                stuck,
                note: None,
            },
        )
        .await?;
        made.checkins += 1;
    }

    let adopted_at = now - Duration::weeks(5);
    let learning = plan::adopt(store, user, "learning_pick_skill", None, None, adopted_at).await?;
    plan::done(store, user, learning.id, adopted_at + Duration::days(4)).await?;
    let study = plan::adopt(store, user, "learning_study_hour", None, None, adopted_at).await?;
    for w in 1..5 {
        plan::done(store, user, study.id, adopted_at + Duration::weeks(w)).await?;
    }
    plan::add(
        store,
        user,
        PlanKind::Goal,
        "Lead one improvement project by the end of the quarter",
        None,
        None,
        adopted_at,
    )
    .await?;
    plan::add(
        store,
        user,
        PlanKind::Custom,
        "Lunch away from the desk",
        Some(Cadence::Weekly),
        None,
        now - Duration::weeks(2),
    )
    .await?;
    made.plan_items = 4;

    if let Some(pass) = journal_passphrase {
        let key = journal::unlock(store, user, pass, true).await?;
        journal::add(
            store,
            user,
            &key,
            "What drew me to this work was solving problems nobody else could. Lately the days repeat. I'd like to ask for the integration project.",
            Some("revisit_your_why:1"),
            now - Duration::weeks(3),
        )
        .await?;
        made.journal_entries = 1;
    }
    Ok(made)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strain_drifts_toward_rustout_and_stays_in_range() {
        let first = strain_at(0, 26);
        let last = strain_at(25, 26);
        assert!(last.rustout > first.rustout + 0.4);
        assert!((last.burnout - first.burnout).abs() < 0.1);
        for w in 0..26 {
            let s = strain_at(w, 26);
            for x in [s.burnout, s.rustout, s.shared] {
                assert!((0.0..=1.0).contains(&x));
            }
        }
    }
}
