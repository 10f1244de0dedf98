//! Releasing closed weeks: once a week has ended, its figures are computed once for the whole
//! organisation by `anneal_core::privacy::release_week` and frozen in the store. Every figure a
//! leader sees is read from these frozen releases; nothing is ever recomputed, so asking again,
//! asking later or asking for a shifted window cannot produce a second version of a week.
//!
//! Weeks are released oldest first, so the released weeks always run without a gap from the
//! organisation's first week. [`release_due_weeks`] is called before any summary is read;
//! several processes may call it at once (the store lets the first writer of a week win).

use super::convert::{
    core_cell, core_floors, core_rules, core_unit, last_closed_week, monday_of, previous_week,
    pulse_dimensions, store_unit, tree_of,
};
use super::{OrgError, OrgResult};
use anneal_core::privacy::{self, NoiseSource, UnitState, WeekInput, release_week};
use anneal_store::Backend;
use anneal_store::StoreError;
use anneal_store::org::{Release, Unit, UnitId, quarter_start};
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::BTreeMap;

/// A uniform number in `[0, 1)` from the operating system's random source, for the noise of a
/// release. If the source fails it returns NaN, which the release refuses (nothing is released).
pub fn os_uniform() -> f64 {
    let mut bytes = [0u8; 8];
    match getrandom::fill(&mut bytes) {
        Ok(()) => (u64::from_le_bytes(bytes) >> 11) as f64 / (1u64 << 53) as f64,
        Err(_) => f64::NAN,
    }
}

/// Releases every week that has ended before `now` and is not released yet, oldest first, from
/// the week the first unit was created in. Returns the weeks this call released (a week another
/// process released first is not among them). `noise` draws the noise: [`os_uniform`] in the
/// product, a seeded source or the adversary harness's in tests.
pub async fn release_due_weeks(
    store: &dyn Backend,
    now: DateTime<Utc>,
    noise: &mut (impl NoiseSource + Send),
) -> OrgResult<Vec<NaiveDate>> {
    let Some(last) = last_closed_week(now) else {
        return Ok(Vec::new());
    };
    // The common case costs one query: the last closed week is out already.
    if store.week_released(last).await? {
        return Ok(Vec::new());
    }
    let units = store.units().await?;
    let Some(first) = units
        .iter()
        .map(|u| monday_of(u.created_at.date_naive()))
        .min()
    else {
        return Ok(Vec::new());
    };
    let due = due_weeks(store, first, last).await?;
    if due.is_empty() {
        return Ok(Vec::new());
    }
    let org = Organisation::load(store, &units).await?;
    let mut released = Vec::with_capacity(due.len());
    for week in due {
        if release_one(store, &org, week, now, noise).await? {
            released.push(week);
        }
    }
    Ok(released)
}

/// [`release_due_weeks`] with the operating system's randomness.
pub async fn release_due_weeks_os(
    store: &dyn Backend,
    now: DateTime<Utc>,
) -> OrgResult<Vec<NaiveDate>> {
    release_due_weeks(store, now, &mut os_uniform).await
}

/// The unreleased weeks from `first` to `last`, oldest first. Released weeks form an unbroken
/// run from the first week, so walking back from `last` can stop at the first released one.
async fn due_weeks(
    store: &dyn Backend,
    first: NaiveDate,
    last: NaiveDate,
) -> OrgResult<Vec<NaiveDate>> {
    let mut due = Vec::new();
    let mut week = last;
    while week >= first {
        if store.week_released(week).await? {
            break;
        }
        due.push(week);
        match previous_week(week) {
            Some(before) => week = before,
            None => break,
        }
    }
    due.reverse();
    Ok(due)
}

/// The organisation as it is at release time.
struct Organisation {
    tree: privacy::Tree,
    units: Vec<Unit>,
    members: BTreeMap<UnitId, u64>,
    dimensions: Vec<String>,
}

impl Organisation {
    async fn load(store: &dyn Backend, units: &[Unit]) -> OrgResult<Organisation> {
        let mut members = BTreeMap::new();
        for unit in units {
            members.insert(unit.id, store.member_count(unit.id).await?);
        }
        let tree = tree_of(units)?;
        Ok(Organisation {
            tree,
            units: units.to_vec(),
            members,
            dimensions: pulse_dimensions()?,
        })
    }
}

/// Releases one week; `false` when another process released it first.
async fn release_one(
    store: &dyn Backend,
    org: &Organisation,
    week: NaiveDate,
    now: DateTime<Utc>,
    noise: &mut (impl NoiseSource + Send),
) -> OrgResult<bool> {
    let cells: BTreeMap<privacy::UnitId, privacy::OwnCell> = store
        .cells(week)
        .await?
        .into_iter()
        .map(|(unit, cell)| (core_unit(unit), core_cell(cell, &org.dimensions)))
        .collect();
    let floors: BTreeMap<privacy::UnitId, privacy::Rules> = store
        .floors(week)
        .await?
        .into_iter()
        .map(|(unit, floors)| (core_unit(unit), core_floors(floors)))
        .collect();
    let quarter = quarter_start(week);
    let mut states = BTreeMap::new();
    for unit in &org.units {
        let spent = store.spent(unit.id, quarter).await?;
        states.insert(
            core_unit(unit.id),
            UnitState {
                rules: core_rules(&unit.rules),
                members: org.members.get(&unit.id).copied().unwrap_or(0),
                spent,
            },
        );
    }
    let input = WeekInput {
        week,
        tree: &org.tree,
        units: &states,
        cells: &cells,
        floors: &floors,
        dimensions: &org.dimensions,
    };
    let release = release_week(&input, noise)
        .map_err(|e| OrgError::Internal(format!("cannot release the week of {week}: {e}")))?;
    let mut releases = Vec::with_capacity(release.cells.len());
    for (unit, released) in &release.cells {
        let payload = serde_json::to_string(released).map_err(|e| {
            OrgError::Internal(format!(
                "cannot write the release of the week of {week}: {e}"
            ))
        })?;
        releases.push(Release {
            unit: store_unit(*unit),
            week,
            released_at: now,
            payload,
        });
    }
    let spend = release
        .spend
        .iter()
        .map(|(unit, epsilon)| (store_unit(*unit), *epsilon))
        .collect();
    match store.put_releases(week, releases, spend).await {
        Ok(()) => Ok(true),
        // Another process released this week first: theirs stands.
        Err(StoreError::Conflict { .. }) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// Reads a frozen release back.
pub fn decode(release: &Release) -> OrgResult<privacy::Released> {
    serde_json::from_str(&release.payload).map_err(|e| {
        OrgError::Internal(format!(
            "the release of unit {} for the week of {} is not readable: {e}",
            release.unit.0, release.week
        ))
    })
}
