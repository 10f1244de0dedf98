//! Builders and proptest strategies shared by the plan tests (and the calendar's).

use super::{PlanItem, PlanKind, PlanStatus};
use crate::strategy::Cadence;
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use proptest::prelude::*;

/// An instant on the hour, in UTC.
pub(crate) fn utc(year: i32, month: u32, day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(year, month, day, hour, 0, 0)
        .single()
        .expect("test dates are valid")
}

/// A calendar date.
pub(crate) fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("test dates are valid")
}

/// A fresh active item with no cadence and no due date, created on 2025-03-03 10:00 UTC.
pub(crate) fn item(id: i64, title: &str) -> PlanItem {
    PlanItem {
        id,
        kind: PlanKind::Action,
        action_id: None,
        strategy_id: None,
        title: title.to_string(),
        cadence: None,
        due: None,
        status: PlanStatus::Active,
        created_at: utc(2025, 3, 3, 10),
        completions: 0,
        last_done_at: None,
        closed_at: None,
        dismiss_reason: None,
    }
}

/// An instant within about two years of 2025-01-01, to the minute.
pub(crate) fn any_instant() -> impl Strategy<Value = DateTime<Utc>> {
    (0i64..(2 * 366 * 24 * 60)).prop_map(|minutes| utc(2025, 1, 1, 0) + Duration::minutes(minutes))
}

/// Any cadence, or none.
pub(crate) fn any_cadence() -> impl Strategy<Value = Option<Cadence>> {
    prop::option::of(prop::sample::select(Cadence::ALL.to_vec()))
}

/// Any plan item a store could hand back, in any state (fields kept consistent with the state).
pub(crate) fn any_item() -> impl Strategy<Value = PlanItem> {
    (
        0i64..1000,
        any_cadence(),
        prop::option::of(any_instant()),
        prop::sample::select(PlanStatus::ALL.to_vec()),
        any_instant(),
        0u32..50,
        prop::option::of(0i64..(90 * 24 * 60)),
        "[A-Za-z ;,\\\\é]{1,40}",
    )
        .prop_map(
            |(id, cadence, due, status, created_at, completions, done_after, title)| {
                let last_done_at = done_after.map(|m| created_at + Duration::minutes(m));
                let closed_at = match status {
                    PlanStatus::Active => None,
                    _ => Some(last_done_at.unwrap_or(created_at)),
                };
                PlanItem {
                    id,
                    kind: PlanKind::Action,
                    action_id: None,
                    strategy_id: Some("seek_learning".to_string()),
                    title,
                    cadence,
                    due: due.map(|d| d.date_naive()),
                    status,
                    created_at,
                    completions,
                    last_done_at,
                    closed_at,
                    dismiss_reason: None,
                }
            },
        )
}

/// An active item that repeats daily, weekly or monthly.
pub(crate) fn any_active_recurring_item() -> impl Strategy<Value = PlanItem> {
    let recurring = vec![Cadence::Daily, Cadence::Weekly, Cadence::Monthly];
    (any_item(), prop::sample::select(recurring)).prop_map(|(mut item, cadence)| {
        item.status = PlanStatus::Active;
        item.closed_at = None;
        item.cadence = Some(cadence);
        item
    })
}

/// An active item that happens once (cadence `Once` or none).
pub(crate) fn any_active_one_off_item() -> impl Strategy<Value = PlanItem> {
    (any_item(), prop::option::of(Just(Cadence::Once))).prop_map(|(mut item, cadence)| {
        item.status = PlanStatus::Active;
        item.closed_at = None;
        item.cadence = cadence;
        item
    })
}
