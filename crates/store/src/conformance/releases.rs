//! Stories about what leaders' code may read: releases stored once per week (the first writer
//! wins), read back per unit, the ε each unit spent per quarter, and aggregates that carry no
//! person.

use super::Backend;
use super::fixtures::{
    self, contribution, date, day, join_all, share_checkin, sharing_member, unit, week,
};
use crate::StoreError;
use crate::org::{Cell, Release, UnitId, quarter_start};
use chrono::{Duration, NaiveDate};
use std::collections::{BTreeMap, BTreeSet};

const MISSING_UNIT: UnitId = UnitId(i64::MAX - 11);

/// What a release batch charges: ε per unit.
type Spend = Vec<(UnitId, f64)>;

fn release(unit: UnitId, week: NaiveDate, payload: &str) -> Release {
    Release {
        unit,
        week,
        released_at: day(7) + Duration::days((week - fixtures::week(0)).num_days()),
        payload: payload.to_owned(),
    }
}

async fn released(store: &dyn Backend, week: NaiveDate) -> bool {
    store.week_released(week).await.expect("week_released")
}

async fn releases_of(
    store: &dyn Backend,
    unit: UnitId,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<Release> {
    store.releases(unit, from, to).await.expect("read releases")
}

async fn spent(store: &dyn Backend, unit: UnitId, quarter: NaiveDate) -> f64 {
    store.spent(unit, quarter).await.expect("read the spend")
}

/// A week is released once: the first batch is stored whole and charged; a second is
/// `Conflict` and changes nothing. A week with nothing to release (all suppressed) is released
/// too.
pub async fn a_week_is_released_once(store: &dyn Backend) {
    let a = unit(store, "A", None).await;
    let b = unit(store, "B", None).await;
    let q1 = date(2026, 1, 1);
    assert!(!released(store, week(0)).await);
    let first = vec![
        release(a.id, week(0), "{\"a\":1}"),
        release(b.id, week(0), "{\"b\":1}"),
    ];
    store
        .put_releases(week(0), first.clone(), vec![(a.id, 0.5), (b.id, 0.25)])
        .await
        .expect("the first release of week 0");
    assert!(released(store, week(0)).await);
    assert!(!released(store, week(1)).await);

    let second = store
        .put_releases(
            week(0),
            vec![release(a.id, week(0), "{\"a\":2}")],
            vec![(a.id, 1.0)],
        )
        .await;
    assert!(
        matches!(second, Err(StoreError::Conflict { .. })),
        "a second release of a week must be a Conflict, got {second:?}"
    );
    assert_eq!(
        releases_of(store, a.id, week(0), week(0)).await,
        vec![first[0].clone()]
    );
    assert_eq!(
        releases_of(store, b.id, week(0), week(0)).await,
        vec![first[1].clone()]
    );
    assert_eq!(spent(store, a.id, q1).await, 0.5, "charged once");
    assert_eq!(spent(store, b.id, q1).await, 0.25);

    store
        .put_releases(week(1), Vec::new(), Vec::new())
        .await
        .expect("an empty release");
    assert!(released(store, week(1)).await);
    let again = store.put_releases(week(1), Vec::new(), Vec::new()).await;
    assert!(
        matches!(again, Err(StoreError::Conflict { .. })),
        "{again:?}"
    );
    assert!(releases_of(store, a.id, week(1), week(1)).await.is_empty());
}

/// Eight processes releasing the same week at once: exactly one batch is stored and charged,
/// every other one is `Conflict`.
pub async fn concurrent_releases_of_a_week_let_exactly_one_through(store: &dyn Backend) {
    let a = unit(store, "A", None).await;
    let batches: Vec<Vec<Release>> = (0..8)
        .map(|i| vec![release(a.id, week(0), &format!("{{\"writer\":{i}}}"))])
        .collect();
    let results = join_all(
        batches
            .iter()
            .map(|batch| store.put_releases(week(0), batch.clone(), vec![(a.id, 0.125)]))
            .collect(),
    )
    .await;
    let winners: Vec<usize> = results
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.is_ok().then_some(i))
        .collect();
    assert_eq!(
        winners.len(),
        1,
        "exactly one release must win: {results:?}"
    );
    assert!(
        results
            .iter()
            .all(|r| matches!(r, Ok(()) | Err(StoreError::Conflict { .. }))),
        "every losing release must be a Conflict: {results:?}"
    );
    assert_eq!(
        releases_of(store, a.id, week(0), week(0)).await,
        batches[winners[0]]
    );
    assert_eq!(spent(store, a.id, date(2026, 1, 1)).await, 0.125);
}

/// A unit's releases read back exactly, oldest first, for the weeks in the (inclusive) range
/// only, whatever order the weeks were released in; other units' are not among them.
pub async fn releases_read_back_per_unit_oldest_first(store: &dyn Backend) {
    let a = unit(store, "A", None).await;
    let b = unit(store, "B", None).await;
    let mut made = BTreeMap::new();
    for w in [3, 0, 2, 1, 4] {
        let mut mine = release(
            a.id,
            week(w),
            &format!("{{\"week\":{w},\"note\":\"ünï \\\"q\\\"\"}}"),
        );
        mine.released_at += Duration::nanoseconds(999_999);
        let theirs = release(b.id, week(w), "{}");
        store
            .put_releases(week(w), vec![theirs, mine.clone()], Vec::new())
            .await
            .expect("release a week");
        made.insert(w, mine);
    }
    let as_stored = |w: i64| Release {
        released_at: fixtures::to_millis(made[&w].released_at),
        ..made[&w].clone()
    };
    assert_eq!(
        releases_of(store, a.id, week(1), week(3)).await,
        vec![as_stored(1), as_stored(2), as_stored(3)]
    );
    assert_eq!(
        releases_of(store, a.id, week(4), week(4)).await,
        vec![as_stored(4)]
    );
    assert_eq!(releases_of(store, a.id, week(-10), week(10)).await.len(), 5);
    assert!(releases_of(store, a.id, week(3), week(1)).await.is_empty());
    assert!(releases_of(store, a.id, week(5), week(9)).await.is_empty());
    assert!(
        releases_of(store, b.id, week(0), week(4))
            .await
            .iter()
            .all(|r| r.unit == b.id && r.payload == "{}")
    );
    assert!(
        releases_of(store, MISSING_UNIT, week(0), week(4))
            .await
            .is_empty()
    );
}

/// ε spent adds up per unit and calendar quarter (the quarter of the released week's Monday),
/// in the same transaction as the release; units not charged have spent nothing.
pub async fn privacy_spend_adds_up_per_unit_and_quarter(store: &dyn Backend) {
    let a = unit(store, "A", None).await;
    let b = unit(store, "B", None).await;
    let q1 = date(2026, 1, 1);
    let q2 = date(2026, 4, 1);
    assert_eq!(
        week(12),
        date(2026, 3, 30),
        "the last Monday of the first quarter"
    );
    assert_eq!(quarter_start(week(12)), q1);
    assert_eq!(spent(store, a.id, q1).await, 0.0);

    store
        .put_releases(week(0), Vec::new(), vec![(a.id, 0.5), (a.id, 0.125)])
        .await
        .expect("week 0");
    store
        .put_releases(week(12), Vec::new(), vec![(a.id, 0.25), (b.id, 1.0)])
        .await
        .expect("week 12");
    store
        .put_releases(week(13), Vec::new(), vec![(a.id, 0.0625)])
        .await
        .expect("week 13, in April");
    assert_eq!(spent(store, a.id, q1).await, 0.875);
    assert_eq!(spent(store, b.id, q1).await, 1.0);
    assert_eq!(spent(store, a.id, q2).await, 0.0625);
    assert_eq!(spent(store, b.id, q2).await, 0.0);
    assert_eq!(spent(store, MISSING_UNIT, q1).await, 0.0);
}

/// A batch naming a missing unit is `NotFound`; one with a week not named by its Monday, a
/// release of another week, a unit twice, a negative or non-finite spend, or a payload the
/// store cannot keep is refused. None of them releases the week or charges anything.
pub async fn bad_release_batches_change_nothing(store: &dyn Backend) {
    let a = unit(store, "A", None).await;
    let tuesday = week(0) + Duration::days(1);
    let mut nul = release(a.id, week(0), "{}");
    nul.payload = "bad\0payload".to_owned();
    let good = || vec![release(a.id, week(0), "{}")];
    let cases: Vec<(&str, NaiveDate, Vec<Release>, Spend, bool)> = vec![
        (
            "a missing unit released",
            week(0),
            vec![release(MISSING_UNIT, week(0), "{}")],
            vec![],
            true,
        ),
        (
            "a missing unit charged",
            week(0),
            good(),
            vec![(MISSING_UNIT, 0.5)],
            true,
        ),
        ("a Tuesday", tuesday, vec![], vec![], false),
        (
            "another week's release",
            week(0),
            vec![release(a.id, week(1), "{}")],
            vec![],
            false,
        ),
        (
            "a unit twice",
            week(0),
            [good(), good()].concat(),
            vec![],
            false,
        ),
        (
            "a negative spend",
            week(0),
            good(),
            vec![(a.id, -0.5)],
            false,
        ),
        (
            "a NaN spend",
            week(0),
            good(),
            vec![(a.id, f64::NAN)],
            false,
        ),
        ("a NUL payload", week(0), vec![nul], vec![], false),
    ];
    for (what, when, releases, spend, not_found) in cases {
        let result = store.put_releases(when, releases, spend).await;
        if not_found {
            assert!(
                matches!(result, Err(StoreError::NotFound { .. })),
                "{what} must be NotFound, got {result:?}"
            );
        } else {
            assert!(
                result.is_err() && !matches!(result, Err(StoreError::Conflict { .. })),
                "{what} must be refused, got {result:?}"
            );
        }
        assert!(!released(store, week(0)).await, "{what} released the week");
        assert!(!released(store, tuesday).await);
    }
    assert!(releases_of(store, a.id, week(-1), week(2)).await.is_empty());
    assert_eq!(spent(store, a.id, date(2026, 1, 1)).await, 0.0);
    store
        .put_releases(week(0), good(), vec![(a.id, 0.5)])
        .await
        .expect("a good batch still goes through");
}

/// What [`crate::org::AggregateStore`] hands back: counts, sums, frozen releases, flags and
/// budgets. None of these types holds a `UserId`; a method returning anything else would not
/// compile in the story below without adding it here, where a reviewer sees it.
trait Aggregate {}
impl Aggregate for BTreeMap<UnitId, Cell> {}
impl Aggregate for Vec<Release> {}
impl Aggregate for bool {}
impl Aggregate for f64 {}
impl Aggregate for () {}

fn aggregate<T: Aggregate>(result: crate::Result<T>) -> T {
    result.expect("an aggregate read")
}

/// Nothing the aggregate interface returns names or singles out a person: every value is one of
/// the aggregate types; a cell has exactly the fields of a sum (no person, no row id); and two
/// people swapping their answers between weeks leaves the figures identical — they depend on
/// what was answered, never on who.
pub async fn aggregates_carry_no_person(store: &dyn Backend) {
    let team = unit(store, "Team", None).await;
    let ana = sharing_member(store, "ana", team.id).await;
    let ben = sharing_member(store, "ben", team.id).await;
    let x = contribution(72.5, 12.25, Some(33.0), true);
    let y = contribution(18.0, 64.75, None, false);
    share_checkin(store, ana.id, team.id, day(1), x.clone()).await;
    share_checkin(store, ben.id, team.id, day(1), y.clone()).await;
    share_checkin(store, ana.id, team.id, day(8), y).await;
    share_checkin(store, ben.id, team.id, day(8), x).await;

    let first = aggregate(store.cells(week(0)).await);
    let swapped = aggregate(store.cells(week(1)).await);
    assert_eq!(first, swapped, "who answered what must not show");
    assert_eq!(first[&team.id].respondents, 2);

    let cell = serde_json::to_value(&first[&team.id]).expect("a cell serializes");
    let fields: BTreeSet<&str> = cell
        .as_object()
        .expect("a cell is an object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        fields,
        BTreeSet::from([
            "respondents",
            "burnout",
            "rustout",
            "balance",
            "stuck",
            "zones",
            "dimensions",
            "k_floor",
            "epsilon_floor",
        ])
    );
    let dimensions: BTreeSet<&str> = first[&team.id]
        .dimensions
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(dimensions, BTreeSet::from(["exhaustion", "growth"]));
    let text = cell.to_string();
    for name in ["ana", "ben", "user"] {
        assert!(!text.contains(name), "a cell mentions {name:?}: {text}");
    }

    aggregate(
        store
            .put_releases(
                week(0),
                vec![release(team.id, week(0), "{}")],
                vec![(team.id, 0.5)],
            )
            .await,
    );
    let releases = aggregate(store.releases(team.id, week(0), week(1)).await);
    assert_eq!(releases, vec![release(team.id, week(0), "{}")]);
    assert!(aggregate(store.week_released(week(0)).await));
    assert_eq!(aggregate(store.spent(team.id, date(2026, 1, 1)).await), 0.5);
}
