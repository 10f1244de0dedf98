//! Stories about a person's plan and the recommendations they dismissed: storing, reading back in
//! order, progress, isolation between people, and refusing what cannot be kept.

use super::fixtures::{self, date, day, plan_draft, to_millis};
use crate::{
    Dismissal, PlanDraft, PlanItem, PlanKind, PlanProgress, PlanStatus, Store, StoreError, UserId,
};
use anneal_core::strategy::Cadence;
use chrono::{DateTime, Duration, NaiveDate, Utc};

/// What a backend must hand back for `draft` once added under `id`: the same values, active,
/// never done, with the creation time cut to whole milliseconds.
fn expected(id: i64, draft: &PlanDraft) -> PlanItem {
    PlanItem {
        id,
        kind: draft.kind,
        action_id: draft.action_id.clone(),
        strategy_id: draft.strategy_id.clone(),
        title: draft.title.clone(),
        cadence: draft.cadence,
        due: draft.due,
        status: PlanStatus::Active,
        created_at: to_millis(draft.created_at),
        completions: 0,
        last_done_at: None,
        closed_at: None,
        dismiss_reason: None,
    }
}

/// `item` with `progress` applied, times cut to whole milliseconds.
fn with_progress(item: &PlanItem, progress: &PlanProgress) -> PlanItem {
    PlanItem {
        status: progress.status,
        completions: progress.completions,
        last_done_at: progress.last_done_at.map(to_millis),
        closed_at: progress.closed_at.map(to_millis),
        dismiss_reason: progress.dismiss_reason.clone(),
        ..item.clone()
    }
}

async fn add(store: &dyn Store, user: UserId, draft: PlanDraft) -> PlanItem {
    store
        .add_plan_item(user, draft.clone())
        .await
        .unwrap_or_else(|e| panic!("adding the plan item {draft:?}: {e}"))
}

async fn items(store: &dyn Store, user: UserId) -> Vec<PlanItem> {
    store.plan_items(user).await.expect("read plan items")
}

async fn dismissals_since(store: &dyn Store, user: UserId, since: DateTime<Utc>) -> Vec<Dismissal> {
    store
        .dismissals(user, since)
        .await
        .unwrap_or_else(|e| panic!("read dismissals since {since}: {e}"))
}

fn dismissal(target: &str, at: DateTime<Utc>, reason: Option<&str>) -> Dismissal {
    Dismissal {
        target: target.to_owned(),
        at,
        reason: reason.map(str::to_owned),
    }
}

/// Every field of a plan item round-trips — each kind, every cadence and none, due dates far in
/// the past and future and none, unicode titles — and items come back oldest first, with items
/// created at the same time in the order they were added.
pub async fn plan_items_round_trip_in_order(store: &dyn Store) {
    let alice = fixtures::user(store, "alice").await;

    let adopted = plan_draft(PlanKind::Action, "Pick one skill to learn", day(3));
    let mut goal = plan_draft(
        PlanKind::Goal,
        "Lead a project by spring — «vraiment», 本当に 🦀",
        day(1) + Duration::nanoseconds(987_654_321),
    );
    goal.action_id = None;
    goal.strategy_id = None;
    goal.cadence = None;
    goal.due = Some(date(2026, 4, 30));
    let mut learning = plan_draft(
        PlanKind::Learning,
        "Read about \"mentoring\"\nand 'pairing'",
        day(-2),
    );
    learning.action_id = None;
    learning.cadence = None;
    learning.due = None;
    let mut old_due = plan_draft(PlanKind::Custom, "A walk at lunch", day(5));
    old_due.action_id = None;
    old_due.strategy_id = None;
    old_due.cadence = Some(Cadence::Daily);
    old_due.due = Some(date(1969, 12, 31));
    let mut far_due = plan_draft(PlanKind::Action, "Review the year", day(5));
    far_due.cadence = Some(Cadence::Monthly);
    far_due.due = Some(date(9999, 12, 31));
    let mut once = plan_draft(PlanKind::Action, "Book a talk with the manager", day(4));
    once.cadence = Some(Cadence::Once);
    once.due = Some(date(2000, 2, 29));
    let mut empty_title = plan_draft(PlanKind::Custom, "", day(6));
    empty_title.cadence = Some(Cadence::Weekly);
    empty_title.due = Some(NaiveDate::MIN);
    let mut last_day = plan_draft(PlanKind::Goal, "x", day(7));
    last_day.due = Some(NaiveDate::MAX);

    let drafts = [
        adopted,
        goal,
        learning,
        old_due,
        far_due,
        once,
        empty_title,
        last_day,
    ];
    let mut added = Vec::new();
    for draft in drafts {
        let got = add(store, alice.id, draft.clone()).await;
        assert_eq!(
            got,
            expected(got.id, &draft),
            "add_plan_item must return what it stored"
        );
        added.push(got);
    }
    let ids: Vec<i64> = added.iter().map(|item| item.id).collect();
    let mut distinct = ids.clone();
    distinct.sort_unstable();
    distinct.dedup();
    assert_eq!(distinct.len(), ids.len(), "two plan items got the same id");
    assert_eq!(
        added[1].created_at.timestamp_subsec_nanos(),
        987_000_000,
        "created_at is kept to the millisecond"
    );

    // Oldest first; the two created at day(5) in the order they were added.
    let want: Vec<PlanItem> = [2, 1, 0, 5, 3, 4, 6, 7]
        .into_iter()
        .map(|i| added[i].clone())
        .collect();
    assert_eq!(items(store, alice.id).await, want);
}

/// Progress replaces the changing fields, is returned, reads back, and leaves the fields set at
/// creation and every other item alone.
pub async fn plan_progress_round_trips(store: &dyn Store) {
    let alice = fixtures::user(store, "alice").await;
    let recurring = add(
        store,
        alice.id,
        plan_draft(PlanKind::Action, "Weekly learning hour", day(0)),
    )
    .await;
    let other = add(
        store,
        alice.id,
        plan_draft(PlanKind::Goal, "Mentor someone", day(1)),
    )
    .await;

    let steps = [
        PlanProgress {
            status: PlanStatus::Active,
            completions: 1,
            last_done_at: Some(day(2) + Duration::microseconds(1_500)),
            closed_at: None,
            dismiss_reason: None,
        },
        PlanProgress {
            status: PlanStatus::Done,
            completions: u32::MAX,
            last_done_at: Some(day(9)),
            closed_at: Some(day(9) + Duration::milliseconds(1)),
            dismiss_reason: None,
        },
        PlanProgress {
            status: PlanStatus::Dismissed,
            completions: 3,
            last_done_at: Some(fixtures::at_millis(-1)),
            closed_at: Some(day(12)),
            dismiss_reason: Some("Not now — peut-être plus tard 🙂".to_owned()),
        },
        PlanProgress {
            status: PlanStatus::Active,
            completions: 0,
            last_done_at: None,
            closed_at: None,
            dismiss_reason: None,
        },
    ];
    for progress in steps {
        let got = store
            .update_plan_item(alice.id, recurring.id, progress.clone())
            .await
            .unwrap_or_else(|e| panic!("updating with {progress:?}: {e}"));
        let want = with_progress(&recurring, &progress);
        assert_eq!(got, want, "update_plan_item must return the updated item");
        assert_eq!(got.progress(), want.progress());
        assert_eq!(items(store, alice.id).await, vec![want, other.clone()]);
    }
}

/// A plan item id of another person is `NotFound` and unchanged; so is an id that does not exist.
pub async fn a_plan_item_of_another_person_is_not_found_and_unchanged(store: &dyn Store) {
    let alice = fixtures::user(store, "alice").await;
    let bob = fixtures::user(store, "bob").await;
    let hers = add(
        store,
        alice.id,
        plan_draft(PlanKind::Action, "Ask for a rotation", day(0)),
    )
    .await;
    let his = add(
        store,
        bob.id,
        plan_draft(PlanKind::Custom, "Cycle to work", day(1)),
    )
    .await;

    let takeover = PlanProgress {
        status: PlanStatus::Dismissed,
        completions: 7,
        last_done_at: Some(day(2)),
        closed_at: Some(day(2)),
        dismiss_reason: Some("bob was here".to_owned()),
    };
    let result = store
        .update_plan_item(bob.id, hers.id, takeover.clone())
        .await;
    assert!(
        matches!(result, Err(StoreError::NotFound { .. })),
        "updating another person's plan item must be NotFound, got {result:?}"
    );
    let missing_id = hers.id.max(his.id) + 1_000;
    for (user, id) in [(alice.id, missing_id), (alice.id, -1), (bob.id, i64::MAX)] {
        let result = store.update_plan_item(user, id, takeover.clone()).await;
        assert!(
            matches!(result, Err(StoreError::NotFound { .. })),
            "updating plan item {id}, which does not exist, must be NotFound, got {result:?}"
        );
    }
    assert_eq!(items(store, alice.id).await, vec![hers.clone()]);
    assert_eq!(items(store, bob.id).await, vec![his]);

    // Alice herself still can.
    let done = PlanProgress {
        status: PlanStatus::Done,
        completions: 1,
        last_done_at: Some(day(3)),
        closed_at: Some(day(3)),
        dismiss_reason: None,
    };
    let updated = store
        .update_plan_item(alice.id, hers.id, done.clone())
        .await
        .expect("alice updates her own item");
    assert_eq!(updated, with_progress(&hers, &done));
}

/// Text a backend cannot keep faithfully (a NUL character) is refused in every field of a plan
/// item and of a dismissal, and nothing is stored or changed.
pub async fn unstorable_plan_text_is_refused(store: &dyn Store) {
    let alice = fixtures::user(store, "alice").await;
    let kept = add(
        store,
        alice.id,
        plan_draft(PlanKind::Action, "Keep me", day(0)),
    )
    .await;

    let mut title = plan_draft(PlanKind::Custom, "before\0after", day(1));
    title.action_id = None;
    let mut action = plan_draft(PlanKind::Action, "fine", day(1));
    action.action_id = Some("act\0ion".to_owned());
    let mut strategy = plan_draft(PlanKind::Action, "fine", day(1));
    strategy.strategy_id = Some("\0".to_owned());
    for draft in [title, action, strategy] {
        let result = store.add_plan_item(alice.id, draft.clone()).await;
        assert!(result.is_err(), "{draft:?} was accepted: {result:?}");
    }

    let nul_reason = PlanProgress {
        status: PlanStatus::Dismissed,
        completions: 0,
        last_done_at: None,
        closed_at: Some(day(2)),
        dismiss_reason: Some("no\0".to_owned()),
    };
    let result = store.update_plan_item(alice.id, kept.id, nul_reason).await;
    assert!(
        result.is_err(),
        "a dismiss reason with NUL was accepted: {result:?}"
    );
    assert_eq!(items(store, alice.id).await, vec![kept]);

    for bad in [
        dismissal("strat\0egy", day(0), None),
        dismissal("strategy", day(0), Some("\0")),
    ] {
        let result = store.add_dismissal(alice.id, bad.clone()).await;
        assert!(result.is_err(), "{bad:?} was accepted");
    }
    assert!(
        dismissals_since(store, alice.id, DateTime::<Utc>::MIN_UTC)
            .await
            .is_empty()
    );
}

/// Dismissals read back oldest first with their reasons, `since` is an inclusive lower bound to
/// the millisecond, and each person sees only their own.
pub async fn dismissals_since_is_inclusive_and_per_person(store: &dyn Store) {
    let alice = fixtures::user(store, "alice").await;
    let bob = fixtures::user(store, "bob").await;
    let carol = fixtures::user(store, "carol").await;

    let stored = [
        dismissal("seek_learning", day(3), Some("Already on a course")),
        dismissal(
            "self_care_physical",
            day(1) + Duration::nanoseconds(2_500_000),
            None,
        ),
        dismissal("mentor_someone", day(5), Some("Später — 後で 🙂")),
        dismissal("set_boundaries", day(3), None),
        dismissal("", fixtures::at_millis(-1), Some("")),
    ];
    for d in &stored {
        store
            .add_dismissal(alice.id, d.clone())
            .await
            .unwrap_or_else(|e| panic!("recording {d:?}: {e}"));
    }
    let bobs = dismissal("seek_learning", day(3), None);
    store
        .add_dismissal(bob.id, bobs.clone())
        .await
        .expect("recording bob's dismissal");

    let cut = |d: &Dismissal| Dismissal {
        at: to_millis(d.at),
        ..d.clone()
    };
    let pick = |indices: &[usize]| -> Vec<Dismissal> {
        indices.iter().map(|&i| cut(&stored[i])).collect()
    };
    assert_eq!(
        dismissals_since(store, alice.id, DateTime::<Utc>::MIN_UTC).await,
        pick(&[4, 1, 0, 3, 2]),
        "oldest first, ties in the order recorded"
    );
    assert_eq!(
        dismissals_since(store, alice.id, day(3)).await,
        pick(&[0, 3, 2]),
        "since is inclusive"
    );
    assert_eq!(
        dismissals_since(store, alice.id, day(3) + Duration::milliseconds(1)).await,
        pick(&[2])
    );
    assert_eq!(
        dismissals_since(store, alice.id, day(1) + Duration::milliseconds(2)).await,
        pick(&[1, 0, 3, 2]),
        "a time recorded with sub-millisecond precision is kept to the millisecond"
    );
    assert!(dismissals_since(store, alice.id, day(6)).await.is_empty());

    assert_eq!(
        dismissals_since(store, bob.id, DateTime::<Utc>::MIN_UTC).await,
        vec![bobs]
    );
    assert!(dismissals_since(store, bob.id, day(4)).await.is_empty());
    assert!(
        dismissals_since(store, carol.id, DateTime::<Utc>::MIN_UTC)
            .await
            .is_empty()
    );
}
