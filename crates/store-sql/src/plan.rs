//! A person's plan items and the recommendations they dismissed: the SQL, the columns, the
//! checks that keep values the database could not hold faithfully out of it, and decoding.
//!
//! Times are unix milliseconds UTC; a due date is a day number counted from 1970-01-01.

use crate::codec::{check_text, from_millis, millis};
use crate::db::Db;
use crate::db::Pool;
use crate::errors::{failed, failed_for_user};
use anneal_core::strategy::Cadence;
use anneal_store::{
    Dismissal, PlanDraft, PlanItem, PlanKind, PlanProgress, PlanStatus, StoreError, UserId,
};
use chrono::{DateTime, Datelike, NaiveDate, Utc};

/// The day number of 1970-01-01 counted from 0001-01-01 (chrono's "days from CE", where
/// 0001-01-01 is day 1).
const EPOCH_DAYS_FROM_CE: i64 = 719_163;

/// `date` as a day number: days since 1970-01-01, negative before it.
pub(crate) fn day_number(date: NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce()) - EPOCH_DAYS_FROM_CE
}

/// A day number read from `column` of `row` back into a date.
pub(crate) fn from_day_number(day: i64, row: &str, column: &str) -> Result<NaiveDate, StoreError> {
    day.checked_add(EPOCH_DAYS_FROM_CE)
        .and_then(|from_ce| i32::try_from(from_ce).ok())
        .and_then(NaiveDate::from_num_days_from_ce_opt)
        .ok_or_else(|| {
            StoreError::Corrupt(format!(
                "{row}: {column} = {day} is not a day number (days since 1970-01-01) of a date \
                 that can be represented"
            ))
        })
}

/// An optional time as optional unix milliseconds.
fn optional_millis(t: Option<DateTime<Utc>>) -> Option<i64> {
    t.map(millis)
}

/// Optional unix milliseconds read back into an optional time.
fn optional_from_millis(
    ms: Option<i64>,
    row: &str,
    column: &str,
) -> Result<Option<DateTime<Utc>>, StoreError> {
    ms.map(|ms| from_millis(ms, row, column)).transpose()
}

fn check_optional_text(what: &str, text: Option<&str>) -> Result<(), StoreError> {
    text.map_or(Ok(()), |text| check_text(what, text))
}

/// The column values of a new `plan_items` row, borrowed from the draft they encode.
pub(crate) struct PlanColumns<'a> {
    pub kind: &'static str,
    pub action_id: Option<&'a str>,
    pub strategy_id: Option<&'a str>,
    pub title: &'a str,
    pub cadence: Option<&'static str>,
    pub due: Option<i64>,
    pub created_at: i64,
}

impl<'a> PlanColumns<'a> {
    /// Checks `draft` and encodes it, without touching the database.
    pub(crate) fn encode(draft: &'a PlanDraft) -> Result<Self, StoreError> {
        check_text("the title of a plan item", &draft.title)?;
        check_optional_text("the action id of a plan item", draft.action_id.as_deref())?;
        check_optional_text(
            "the strategy id of a plan item",
            draft.strategy_id.as_deref(),
        )?;
        Ok(PlanColumns {
            kind: draft.kind.as_str(),
            action_id: draft.action_id.as_deref(),
            strategy_id: draft.strategy_id.as_deref(),
            title: &draft.title,
            cadence: draft.cadence.map(Cadence::as_str),
            due: draft.due.map(day_number),
            created_at: millis(draft.created_at),
        })
    }
}

/// The changing column values of a `plan_items` row, borrowed from the progress they encode.
pub(crate) struct ProgressColumns<'a> {
    pub status: &'static str,
    pub completions: i64,
    pub last_done_at: Option<i64>,
    pub closed_at: Option<i64>,
    pub dismiss_reason: Option<&'a str>,
}

impl<'a> ProgressColumns<'a> {
    /// Checks `progress` and encodes it, without touching the database.
    pub(crate) fn encode(progress: &'a PlanProgress) -> Result<Self, StoreError> {
        check_optional_text(
            "the reason a plan item was dismissed",
            progress.dismiss_reason.as_deref(),
        )?;
        Ok(ProgressColumns {
            status: progress.status.as_str(),
            completions: i64::from(progress.completions),
            last_done_at: optional_millis(progress.last_done_at),
            closed_at: optional_millis(progress.closed_at),
            dismiss_reason: progress.dismiss_reason.as_deref(),
        })
    }
}

/// A selected `plan_items` row: id, kind, action_id, strategy_id, title, cadence, due, status,
/// created_at, completions, last_done_at, closed_at, dismiss_reason.
pub(crate) type PlanRow = (
    i64,
    String,
    Option<String>,
    Option<String>,
    String,
    Option<String>,
    Option<i64>,
    String,
    i64,
    i64,
    Option<i64>,
    Option<i64>,
    Option<String>,
);

/// The columns of a [`PlanRow`], for `SELECT` and `RETURNING` (a macro, so the statements
/// below stay `&'static str`).
macro_rules! plan_columns {
    () => {
        "id, kind, action_id, strategy_id, title, cadence, due, status, created_at, \
         completions, last_done_at, closed_at, dismiss_reason"
    };
}

const INSERT_PLAN_ITEM: &str = concat!(
    "INSERT INTO plan_items (user_id, kind, action_id, strategy_id, title, cadence, due, \
     status, created_at, completions) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'active', $8, 0) RETURNING ",
    plan_columns!()
);

const SELECT_PLAN_ITEMS: &str = concat!(
    "SELECT ",
    plan_columns!(),
    " FROM plan_items WHERE user_id = $1 ORDER BY created_at, id"
);

/// Only ever the given person's row: `user_id` is part of the key looked for.
const UPDATE_PLAN_ITEM: &str = concat!(
    "UPDATE plan_items SET status = $1, completions = $2, last_done_at = $3, closed_at = $4, \
     dismiss_reason = $5 WHERE id = $6 AND user_id = $7 RETURNING ",
    plan_columns!()
);

/// A stored `plan_items` row back into a [`PlanItem`]; unreadable data is `Corrupt`.
pub(crate) fn decode_plan_item(row: PlanRow) -> Result<PlanItem, StoreError> {
    let (
        id,
        kind,
        action_id,
        strategy_id,
        title,
        cadence,
        due,
        status,
        created_at,
        completions,
        last_done_at,
        closed_at,
        dismiss_reason,
    ) = row;
    let name = format!("plan item {id}");
    let kind = PlanKind::parse(&kind).ok_or_else(|| {
        StoreError::Corrupt(format!(
            "{name}: kind {kind:?} is not one of \"action\", \"goal\", \"learning\", \"custom\""
        ))
    })?;
    let cadence = cadence
        .map(|cadence| {
            Cadence::parse(&cadence).ok_or_else(|| {
                StoreError::Corrupt(format!(
                    "{name}: cadence {cadence:?} is not one of \"once\", \"daily\", \"weekly\", \
                     \"monthly\""
                ))
            })
        })
        .transpose()?;
    let status = PlanStatus::parse(&status).ok_or_else(|| {
        StoreError::Corrupt(format!(
            "{name}: status {status:?} is not one of \"active\", \"done\", \"dismissed\""
        ))
    })?;
    let completions = u32::try_from(completions).map_err(|_| {
        StoreError::Corrupt(format!(
            "{name}: completions = {completions} is not a count from 0 to {}",
            u32::MAX
        ))
    })?;
    Ok(PlanItem {
        id,
        kind,
        action_id,
        strategy_id,
        title,
        cadence,
        due: due
            .map(|day| from_day_number(day, &name, "due"))
            .transpose()?,
        status,
        created_at: from_millis(created_at, &name, "created_at")?,
        completions,
        last_done_at: optional_from_millis(last_done_at, &name, "last_done_at")?,
        closed_at: optional_from_millis(closed_at, &name, "closed_at")?,
        dismiss_reason,
    })
}

/// A selected `dismissals` row: id, target, at, reason.
pub(crate) type DismissalRow = (i64, String, i64, Option<String>);

/// A stored `dismissals` row back into a [`Dismissal`]; unreadable data is `Corrupt`.
pub(crate) fn decode_dismissal(row: DismissalRow) -> Result<Dismissal, StoreError> {
    let (id, target, at, reason) = row;
    Ok(Dismissal {
        target,
        at: from_millis(at, &format!("dismissal {id}"), "at")?,
        reason,
    })
}

/// Adds a plan item for `user` (status active, no completions) and returns it as stored.
pub(crate) async fn add_item(
    pool: &Pool,
    user: UserId,
    draft: PlanDraft,
) -> Result<PlanItem, StoreError> {
    let columns = PlanColumns::encode(&draft)?;
    let row = sqlx::query_as::<Db, PlanRow>(INSERT_PLAN_ITEM)
        .bind(user.0)
        .bind(columns.kind)
        .bind(columns.action_id)
        .bind(columns.strategy_id)
        .bind(columns.title)
        .bind(columns.cadence)
        .bind(columns.due)
        .bind(columns.created_at)
        .fetch_one(pool)
        .await
        .map_err(|e| failed_for_user("adding a plan item", user.0, e))?;
    decode_plan_item(row)
}

/// `user`'s plan items, oldest first (by creation time, then id).
pub(crate) async fn items(pool: &Pool, user: UserId) -> Result<Vec<PlanItem>, StoreError> {
    let rows = sqlx::query_as::<Db, PlanRow>(SELECT_PLAN_ITEMS)
        .bind(user.0)
        .fetch_all(pool)
        .await
        .map_err(|e| failed("reading plan items", e))?;
    rows.into_iter().map(decode_plan_item).collect()
}

/// Replaces the progress of `user`'s plan item `id`. Someone else's item, or none, is
/// `NotFound`, and nothing changes.
pub(crate) async fn update_item(
    pool: &Pool,
    user: UserId,
    id: i64,
    progress: PlanProgress,
) -> Result<PlanItem, StoreError> {
    let columns = ProgressColumns::encode(&progress)?;
    let row = sqlx::query_as::<Db, PlanRow>(UPDATE_PLAN_ITEM)
        .bind(columns.status)
        .bind(columns.completions)
        .bind(columns.last_done_at)
        .bind(columns.closed_at)
        .bind(columns.dismiss_reason)
        .bind(id)
        .bind(user.0)
        .fetch_optional(pool)
        .await
        .map_err(|e| failed("updating a plan item", e))?;
    let row = row.ok_or_else(|| StoreError::NotFound {
        what: format!("plan item {id} of user {}", user.0),
    })?;
    decode_plan_item(row)
}

/// Records that `user` set a recommendation aside.
pub(crate) async fn add_dismissal(
    pool: &Pool,
    user: UserId,
    dismissal: Dismissal,
) -> Result<(), StoreError> {
    check_text("the target of a dismissal", &dismissal.target)?;
    check_optional_text("the reason for a dismissal", dismissal.reason.as_deref())?;
    sqlx::query("INSERT INTO dismissals (user_id, target, at, reason) VALUES ($1, $2, $3, $4)")
        .bind(user.0)
        .bind(dismissal.target.as_str())
        .bind(millis(dismissal.at))
        .bind(dismissal.reason.as_deref())
        .execute(pool)
        .await
        .map_err(|e| failed_for_user("recording a dismissal", user.0, e))?;
    Ok(())
}

/// `user`'s dismissals at or after `since`, oldest first.
pub(crate) async fn dismissals(
    pool: &Pool,
    user: UserId,
    since: DateTime<Utc>,
) -> Result<Vec<Dismissal>, StoreError> {
    let rows = sqlx::query_as::<Db, DismissalRow>(
        "SELECT id, target, at, reason FROM dismissals WHERE user_id = $1 AND at >= $2 \
         ORDER BY at, id",
    )
    .bind(user.0)
    .bind(millis(since))
    .fetch_all(pool)
    .await
    .map_err(|e| failed("reading dismissals", e))?;
    rows.into_iter().map(decode_dismissal).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn time(ms: i64) -> DateTime<Utc> {
        DateTime::from_timestamp_millis(ms).expect("in range")
    }

    fn draft() -> PlanDraft {
        PlanDraft {
            kind: PlanKind::Action,
            action_id: Some("learning_pick_skill".to_owned()),
            strategy_id: Some("seek_learning".to_owned()),
            title: "Pick one skill to learn".to_owned(),
            cadence: Some(Cadence::Weekly),
            due: NaiveDate::from_ymd_opt(2026, 2, 1),
            created_at: time(1_767_603_600_123),
        }
    }

    /// The row a freshly added `draft()` reads back as.
    fn good_row() -> PlanRow {
        let draft = draft();
        let columns = PlanColumns::encode(&draft).expect("encodes");
        (
            5,
            columns.kind.to_owned(),
            columns.action_id.map(str::to_owned),
            columns.strategy_id.map(str::to_owned),
            columns.title.to_owned(),
            columns.cadence.map(str::to_owned),
            columns.due,
            "active".to_owned(),
            columns.created_at,
            0,
            None,
            None,
            None,
        )
    }

    #[test]
    fn day_numbers_count_from_1970() {
        let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("a real date");
        assert_eq!(day_number(date(1970, 1, 1)), 0);
        assert_eq!(day_number(date(1970, 1, 2)), 1);
        assert_eq!(day_number(date(1969, 12, 31)), -1);
        assert_eq!(day_number(date(2026, 1, 5)), 20_458);
        for d in [
            NaiveDate::MIN,
            date(1, 1, 1),
            date(2024, 2, 29),
            NaiveDate::MAX,
        ] {
            assert_eq!(from_day_number(day_number(d), "row", "due").ok(), Some(d));
        }
    }

    #[test]
    fn day_numbers_out_of_range_are_corrupt() {
        for day in [i64::MAX, i64::MIN, day_number(NaiveDate::MAX) + 1] {
            let result = from_day_number(day, "plan item 1", "due");
            assert!(
                matches!(result, Err(StoreError::Corrupt(ref m)) if m.starts_with("plan item 1: due")),
                "{day} gave {result:?}"
            );
        }
    }

    #[test]
    fn a_draft_encodes_and_decodes_back() {
        let item = decode_plan_item(good_row()).expect("decodes");
        let draft = draft();
        assert_eq!(
            item,
            PlanItem {
                id: 5,
                kind: draft.kind,
                action_id: draft.action_id,
                strategy_id: draft.strategy_id,
                title: draft.title,
                cadence: draft.cadence,
                due: draft.due,
                status: PlanStatus::Active,
                created_at: draft.created_at,
                completions: 0,
                last_done_at: None,
                closed_at: None,
                dismiss_reason: None,
            }
        );
    }

    #[test]
    fn progress_encodes_every_field() {
        let progress = PlanProgress {
            status: PlanStatus::Dismissed,
            completions: u32::MAX,
            last_done_at: Some(time(-5)),
            closed_at: Some(time(7)),
            dismiss_reason: Some("not now".to_owned()),
        };
        let columns = ProgressColumns::encode(&progress).expect("encodes");
        assert_eq!(columns.status, "dismissed");
        assert_eq!(columns.completions, 4_294_967_295);
        assert_eq!(
            (columns.last_done_at, columns.closed_at),
            (Some(-5), Some(7))
        );
        assert_eq!(columns.dismiss_reason, Some("not now"));
    }

    #[test]
    fn unreadable_plan_rows_are_corrupt_not_panics() {
        let mut bad_kind = good_row();
        bad_kind.1 = "chore".to_owned();
        let mut bad_cadence = good_row();
        bad_cadence.5 = Some("hourly".to_owned());
        let mut bad_due = good_row();
        bad_due.6 = Some(i64::MAX);
        let mut bad_status = good_row();
        bad_status.7 = "paused".to_owned();
        let mut bad_created = good_row();
        bad_created.8 = i64::MIN;
        let mut negative = good_row();
        negative.9 = -1;
        let mut too_many = good_row();
        too_many.9 = i64::from(u32::MAX) + 1;
        let mut bad_done = good_row();
        bad_done.10 = Some(i64::MAX);
        let mut bad_closed = good_row();
        bad_closed.11 = Some(i64::MAX);
        for (what, row) in [
            ("kind", bad_kind),
            ("cadence", bad_cadence),
            ("due", bad_due),
            ("status", bad_status),
            ("created_at", bad_created),
            ("negative completions", negative),
            ("too many completions", too_many),
            ("last_done_at", bad_done),
            ("closed_at", bad_closed),
        ] {
            let result = decode_plan_item(row);
            assert!(
                matches!(result, Err(StoreError::Corrupt(ref m)) if m.starts_with("plan item 5:")),
                "bad {what} gave {result:?}"
            );
        }
        let dismissal = decode_dismissal((2, "x".to_owned(), i64::MAX, None));
        assert!(
            matches!(dismissal, Err(StoreError::Corrupt(ref m)) if m.starts_with("dismissal 2:")),
            "{dismissal:?}"
        );
        let dismissal = decode_dismissal((2, "x".to_owned(), -1, Some("why".to_owned())));
        assert_eq!(
            dismissal.expect("decodes"),
            Dismissal {
                target: "x".to_owned(),
                at: time(-1),
                reason: Some("why".to_owned()),
            }
        );
    }

    #[test]
    fn refuses_text_it_cannot_keep() {
        let mut title = draft();
        title.title = "a\0b".to_owned();
        let mut action = draft();
        action.action_id = Some("\0".to_owned());
        let mut strategy = draft();
        strategy.strategy_id = Some("x\0".to_owned());
        for draft in [title, action, strategy] {
            assert!(matches!(
                PlanColumns::encode(&draft),
                Err(StoreError::Backend(_))
            ));
        }
        let progress = PlanProgress {
            status: PlanStatus::Dismissed,
            completions: 0,
            last_done_at: None,
            closed_at: None,
            dismiss_reason: Some("no\0".to_owned()),
        };
        assert!(matches!(
            ProgressColumns::encode(&progress),
            Err(StoreError::Backend(_))
        ));
    }
}
