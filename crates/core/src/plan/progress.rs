//! Marking a plan item done, or dismissing it.

use super::draft::validate_reason;
use super::{PlanError, PlanItem, PlanProgress, PlanStatus};
use crate::strategy::Cadence;
use chrono::{DateTime, Utc};

/// Marks an item done at `at`.
///
/// A one-off item (cadence `None` or `Once`) becomes `Done`, with `closed_at = at`. A recurring
/// item logs a completion — `completions + 1` and `last_done_at` — and stays `Active`. Only active
/// items can be marked done; a done or dismissed item is never reopened.
///
/// `last_done_at` never moves backwards: a completion logged with an earlier time than the last
/// one (a clock that went back, an import) still counts, but the later time is kept.
pub fn mark_done(item: &PlanItem, at: DateTime<Utc>) -> Result<PlanProgress, PlanError> {
    ensure_active(item)?;
    let completions = item.completions.saturating_add(1);
    let last_done_at = Some(item.last_done_at.map_or(at, |last| last.max(at)));
    let progress = if is_recurring(item) {
        PlanProgress {
            status: PlanStatus::Active,
            completions,
            last_done_at,
            closed_at: None,
            dismiss_reason: None,
        }
    } else {
        PlanProgress {
            status: PlanStatus::Done,
            completions,
            last_done_at,
            closed_at: Some(at),
            dismiss_reason: None,
        }
    };
    Ok(progress)
}

/// Sets an active item aside at `at`, with an optional reason (trimmed; blank means none; at
/// most [`super::MAX_REASON_CHARS`] characters). Completions already logged are kept.
pub fn dismiss(
    item: &PlanItem,
    at: DateTime<Utc>,
    reason: Option<String>,
) -> Result<PlanProgress, PlanError> {
    ensure_active(item)?;
    let dismiss_reason = validate_reason(reason)?;
    Ok(PlanProgress {
        status: PlanStatus::Dismissed,
        completions: item.completions,
        last_done_at: item.last_done_at,
        closed_at: Some(at),
        dismiss_reason,
    })
}

/// Whether the item repeats (daily, weekly or monthly).
pub(crate) fn is_recurring(item: &PlanItem) -> bool {
    matches!(
        item.cadence,
        Some(Cadence::Daily | Cadence::Weekly | Cadence::Monthly)
    )
}

fn ensure_active(item: &PlanItem) -> Result<(), PlanError> {
    if item.status == PlanStatus::Active {
        Ok(())
    } else {
        Err(PlanError::NotActive {
            id: item.id,
            status: item.status,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::test_support::{
        any_active_one_off_item, any_active_recurring_item, any_instant, any_item, item, utc,
    };
    use proptest::prelude::*;

    #[test]
    fn a_one_off_item_is_closed_when_done() {
        for cadence in [None, Some(Cadence::Once)] {
            let mut it = item(1, "Talk to my manager");
            it.cadence = cadence;
            let at = utc(2025, 3, 5, 16);
            let progress = mark_done(&it, at).unwrap();
            assert_eq!(
                progress,
                PlanProgress {
                    status: PlanStatus::Done,
                    completions: 1,
                    last_done_at: Some(at),
                    closed_at: Some(at),
                    dismiss_reason: None,
                }
            );
        }
    }

    #[test]
    fn a_recurring_item_counts_up_and_stays_active() {
        let mut it = item(2, "Walk at lunch");
        it.cadence = Some(Cadence::Daily);
        it.completions = 4;
        it.last_done_at = Some(utc(2025, 3, 4, 12));
        let at = utc(2025, 3, 5, 12);
        let progress = mark_done(&it, at).unwrap();
        assert_eq!(progress.status, PlanStatus::Active);
        assert_eq!(progress.completions, 5);
        assert_eq!(progress.last_done_at, Some(at));
        assert_eq!(progress.closed_at, None);
    }

    #[test]
    fn last_done_never_moves_backwards() {
        let mut it = item(2, "Walk at lunch");
        it.cadence = Some(Cadence::Weekly);
        it.last_done_at = Some(utc(2025, 3, 10, 12));
        let progress = mark_done(&it, utc(2025, 3, 9, 12)).unwrap();
        assert_eq!(progress.last_done_at, Some(utc(2025, 3, 10, 12)));
        assert_eq!(progress.completions, 1);
    }

    #[test]
    fn completions_saturate_instead_of_overflowing() {
        let mut it = item(2, "Walk at lunch");
        it.cadence = Some(Cadence::Daily);
        it.completions = u32::MAX;
        assert_eq!(
            mark_done(&it, utc(2025, 3, 5, 12)).unwrap().completions,
            u32::MAX
        );
    }

    #[test]
    fn closed_items_cannot_be_done_or_dismissed() {
        for status in [PlanStatus::Done, PlanStatus::Dismissed] {
            let mut it = item(9, "Old");
            it.status = status;
            let expected = Err(PlanError::NotActive { id: 9, status });
            assert_eq!(mark_done(&it, utc(2025, 3, 5, 12)), expected);
            assert_eq!(dismiss(&it, utc(2025, 3, 5, 12), None), expected);
        }
    }

    #[test]
    fn dismissing_keeps_history_and_the_trimmed_reason() {
        let mut it = item(3, "Journal every evening");
        it.cadence = Some(Cadence::Daily);
        it.completions = 2;
        it.last_done_at = Some(utc(2025, 3, 4, 21));
        let at = utc(2025, 3, 6, 9);
        let progress = dismiss(&it, at, Some("  not for me  ".to_string())).unwrap();
        assert_eq!(
            progress,
            PlanProgress {
                status: PlanStatus::Dismissed,
                completions: 2,
                last_done_at: Some(utc(2025, 3, 4, 21)),
                closed_at: Some(at),
                dismiss_reason: Some("not for me".to_string()),
            }
        );
    }

    #[test]
    fn an_overlong_reason_is_rejected() {
        let it = item(3, "Journal");
        let reason = "x".repeat(crate::plan::MAX_REASON_CHARS + 1);
        assert!(matches!(
            dismiss(&it, utc(2025, 3, 6, 9), Some(reason)),
            Err(PlanError::ReasonTooLong { .. })
        ));
    }

    proptest! {
        #[test]
        fn mark_done_never_reopens_a_closed_item(it in any_item(), at in any_instant()) {
            let result = mark_done(&it, at);
            if it.status == PlanStatus::Active {
                prop_assert!(result.is_ok());
            } else {
                prop_assert_eq!(result, Err(PlanError::NotActive { id: it.id, status: it.status }));
            }
        }

        #[test]
        fn recurring_items_stay_active_and_count_up(
            it in any_active_recurring_item(),
            steps in prop::collection::vec(0i64..(40 * 24 * 60), 1..10),
        ) {
            let mut current = it.clone();
            let mut at = it.created_at;
            for step in steps {
                at += chrono::Duration::minutes(step);
                let progress = mark_done(&current, at).unwrap();
                prop_assert_eq!(progress.status, PlanStatus::Active);
                prop_assert_eq!(progress.completions, current.completions.saturating_add(1));
                prop_assert!(progress.last_done_at >= current.last_done_at);
                prop_assert!(progress.closed_at.is_none());
                current.completions = progress.completions;
                current.last_done_at = progress.last_done_at;
            }
        }

        #[test]
        fn a_one_off_item_is_closed_by_one_completion(
            it in any_active_one_off_item(),
            at in any_instant(),
        ) {
            let progress = mark_done(&it, at).unwrap();
            prop_assert_eq!(progress.status, PlanStatus::Done);
            prop_assert_eq!(progress.closed_at, Some(at));
        }
    }
}
