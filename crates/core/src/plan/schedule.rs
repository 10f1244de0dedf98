//! When plan items are due, and which come first.
//!
//! A due date is a calendar day, taken as that day's start in UTC. An item is overdue once its
//! due day has passed (in UTC): something due today is "due today", not late, until the day ends.

use super::{PlanItem, PlanStatus};
use crate::strategy::Cadence;
use chrono::{DateTime, Duration, Months, NaiveDate, NaiveTime, Utc};
use std::cmp::Ordering;

/// When the item is next due.
///
/// - Recurring (daily, weekly, monthly): one period — a day, a week or a calendar month (the
///   31st plus a month is the last day of the next month) — after the last completion, or after
///   it was created if it was never done; never before `due`, its start date, if set. An item
///   with a start date that was never done is due on its start date, so the first reminder
///   lands on the day the person chose, as in the calendar export.
/// - One-off (`Once`, or no cadence): `due`, or `None` without a due date.
/// - Done or dismissed: `None`.
///
/// `None` too in the far future where the date would overflow.
pub fn next_due(item: &PlanItem) -> Option<DateTime<Utc>> {
    if item.status != PlanStatus::Active {
        return None;
    }
    let start = item.due.map(start_of_day);
    let cadence = match item.cadence {
        Some(cadence @ (Cadence::Daily | Cadence::Weekly | Cadence::Monthly)) => cadence,
        None | Some(Cadence::Once) => return start,
    };
    match (item.last_done_at, start) {
        (None, Some(start)) => Some(start),
        (None, None) => one_period_after(item.created_at, cadence),
        (Some(last), start) => {
            let next = one_period_after(last, cadence)?;
            Some(start.map_or(next, |s| next.max(s)))
        }
    }
}

/// Whether the item is active and its due day lies before `now`'s day (both in UTC).
pub fn is_overdue(item: &PlanItem, now: DateTime<Utc>) -> bool {
    next_due(item).is_some_and(|due| due.date_naive() < now.date_naive())
}

/// The active items in the order a person should see them: overdue first (the longest overdue
/// first), then the soonest due, then those with no due date; ties broken by id. At most `n`.
pub fn next_actions(items: &[PlanItem], now: DateTime<Utc>, n: usize) -> Vec<&PlanItem> {
    let mut keyed: Vec<(ActionKey, &PlanItem)> = items
        .iter()
        .filter(|item| item.status == PlanStatus::Active)
        .map(|item| (ActionKey::of(item, now), item))
        .collect();
    keyed.sort_by_key(|(key, _)| *key);
    keyed.into_iter().take(n).map(|(_, item)| item).collect()
}

/// Where an item goes in [`next_actions`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ActionKey {
    group: Group,
    due: Option<DateTime<Utc>>,
    id: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Group {
    Overdue,
    Dated,
    Undated,
}

impl ActionKey {
    pub(crate) fn of(item: &PlanItem, now: DateTime<Utc>) -> ActionKey {
        let due = next_due(item);
        let group = match due {
            None => Group::Undated,
            Some(d) if d.date_naive() < now.date_naive() => Group::Overdue,
            Some(_) => Group::Dated,
        };
        ActionKey {
            group,
            due,
            id: item.id,
        }
    }
}

impl Ord for ActionKey {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.group, self.due, self.id).cmp(&(other.group, other.due, other.id))
    }
}

impl PartialOrd for ActionKey {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// A due date as an instant: the start of that day in UTC.
pub(crate) fn start_of_day(date: NaiveDate) -> DateTime<Utc> {
    date.and_time(NaiveTime::MIN).and_utc()
}

fn one_period_after(at: DateTime<Utc>, cadence: Cadence) -> Option<DateTime<Utc>> {
    match cadence {
        Cadence::Once => Some(at),
        Cadence::Daily => at.checked_add_signed(Duration::days(1)),
        Cadence::Weekly => at.checked_add_signed(Duration::weeks(1)),
        Cadence::Monthly => at.checked_add_months(Months::new(1)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::test_support::{
        any_active_recurring_item, any_instant, any_item, date, item, utc,
    };
    use proptest::prelude::*;

    fn recurring(id: i64, cadence: Cadence) -> PlanItem {
        let mut it = item(id, "Recurring");
        it.cadence = Some(cadence);
        it
    }

    #[test]
    fn a_recurring_item_is_due_one_period_after_it_was_created() {
        let created = utc(2025, 3, 3, 10);
        assert_eq!(
            next_due(&recurring(1, Cadence::Daily)),
            Some(utc(2025, 3, 4, 10))
        );
        assert_eq!(
            next_due(&recurring(1, Cadence::Weekly)),
            Some(utc(2025, 3, 10, 10))
        );
        assert_eq!(
            next_due(&recurring(1, Cadence::Monthly)),
            Some(utc(2025, 4, 3, 10))
        );
        assert_eq!(recurring(1, Cadence::Daily).created_at, created);
    }

    #[test]
    fn a_recurring_item_is_due_one_period_after_it_was_last_done() {
        let mut it = recurring(1, Cadence::Weekly);
        it.last_done_at = Some(utc(2025, 3, 20, 18));
        assert_eq!(next_due(&it), Some(utc(2025, 3, 27, 18)));
    }

    #[test]
    fn a_month_is_a_calendar_month() {
        let mut it = recurring(1, Cadence::Monthly);
        it.last_done_at = Some(utc(2025, 1, 31, 8));
        assert_eq!(next_due(&it), Some(utc(2025, 2, 28, 8)));
    }

    #[test]
    fn a_recurring_item_with_a_start_date_starts_then() {
        let mut it = recurring(1, Cadence::Weekly);
        it.due = Some(date(2025, 3, 5));
        assert_eq!(next_due(&it), Some(utc(2025, 3, 5, 0)));
    }

    #[test]
    fn a_recurring_item_is_never_due_before_its_start_date() {
        let mut it = recurring(1, Cadence::Daily);
        it.due = Some(date(2025, 3, 20));
        it.last_done_at = Some(utc(2025, 3, 4, 9));
        assert_eq!(next_due(&it), Some(utc(2025, 3, 20, 0)));
        it.last_done_at = Some(utc(2025, 3, 25, 9));
        assert_eq!(next_due(&it), Some(utc(2025, 3, 26, 9)));
    }

    #[test]
    fn a_one_off_item_is_due_on_its_due_date_or_never() {
        let mut it = item(1, "Once");
        assert_eq!(next_due(&it), None);
        it.cadence = Some(Cadence::Once);
        assert_eq!(next_due(&it), None);
        it.due = Some(date(2025, 4, 1));
        assert_eq!(next_due(&it), Some(utc(2025, 4, 1, 0)));
        it.cadence = None;
        assert_eq!(next_due(&it), Some(utc(2025, 4, 1, 0)));
    }

    #[test]
    fn closed_items_are_never_due() {
        for status in [PlanStatus::Done, PlanStatus::Dismissed] {
            let mut it = recurring(1, Cadence::Daily);
            it.due = Some(date(2025, 4, 1));
            it.status = status;
            assert_eq!(next_due(&it), None);
        }
    }

    #[test]
    fn far_future_dates_give_none_instead_of_panicking() {
        let mut it = recurring(1, Cadence::Monthly);
        it.last_done_at = Some(DateTime::<Utc>::MAX_UTC);
        assert_eq!(next_due(&it), None);
    }

    #[test]
    fn due_today_is_not_overdue_until_the_day_is_over() {
        let mut it = item(1, "Once");
        it.due = Some(date(2025, 3, 10));
        assert!(!is_overdue(&it, utc(2025, 3, 10, 23)));
        assert!(is_overdue(&it, utc(2025, 3, 11, 0)));
        it.status = PlanStatus::Done;
        assert!(!is_overdue(&it, utc(2025, 3, 11, 0)));
    }

    #[test]
    fn next_actions_puts_overdue_first_then_soonest_then_undated() {
        let now = utc(2025, 3, 10, 12);
        let mut undated = item(1, "Undated");
        undated.kind = super::super::PlanKind::Goal;
        let mut soon = item(2, "Soon");
        soon.due = Some(date(2025, 3, 12));
        let mut today = item(3, "Today");
        today.due = Some(date(2025, 3, 10));
        let mut late = item(4, "Late");
        late.due = Some(date(2025, 3, 1));
        let mut later_late = item(5, "Later late");
        later_late.due = Some(date(2025, 3, 8));
        let mut done = item(6, "Done");
        done.due = Some(date(2025, 2, 1));
        done.status = PlanStatus::Done;
        let mut tie = item(0, "Tie with soon");
        tie.due = Some(date(2025, 3, 12));
        let items = vec![undated, soon, today, late, later_late, done, tie];

        let ids: Vec<i64> = next_actions(&items, now, 10).iter().map(|i| i.id).collect();
        assert_eq!(ids, vec![4, 5, 3, 0, 2, 1]);
        let ids: Vec<i64> = next_actions(&items, now, 2).iter().map(|i| i.id).collect();
        assert_eq!(ids, vec![4, 5]);
        assert!(next_actions(&items, now, 0).is_empty());
    }

    proptest! {
        #[test]
        fn next_actions_is_sorted_short_and_only_active(
            items in prop::collection::vec(any_item(), 0..30),
            now in any_instant(),
            n in 0usize..40,
        ) {
            let actions = next_actions(&items, now, n);
            let active = items.iter().filter(|i| i.status == PlanStatus::Active).count();
            prop_assert_eq!(actions.len(), n.min(active));
            prop_assert!(actions.iter().all(|i| i.status == PlanStatus::Active));
            let keys: Vec<ActionKey> = actions.iter().map(|i| ActionKey::of(i, now)).collect();
            prop_assert!(keys.windows(2).all(|w| w[0] <= w[1]));
            let overdue_seen: Vec<bool> = actions.iter().map(|i| is_overdue(i, now)).collect();
            prop_assert!(overdue_seen.windows(2).all(|w| w[0] >= w[1]), "overdue items come first");
        }

        #[test]
        fn a_recurring_item_is_never_due_before_its_start_or_its_last_completion(
            it in any_active_recurring_item(),
        ) {
            let due = next_due(&it);
            prop_assert!(due.is_some());
            if let (Some(due), Some(start)) = (due, it.due) {
                prop_assert!(due >= start_of_day(start));
            }
            if let (Some(due), Some(last)) = (due, it.last_done_at) {
                prop_assert!(due > last);
            }
        }
    }
}
