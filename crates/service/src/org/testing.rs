//! Helpers for the organisation tests: a real SQLite store in memory, people, units and pulses
//! at chosen moments.

use crate::respond::{Submission, record_at};
use anneal_core::demo::{DemoRng, Strain, answers_for};
use anneal_core::instrument::builtin_by_id;
use anneal_store::org::UnitId;
use anneal_store::{Backend, NewUser, StoredResponse, UserId};
use anneal_store_sqlite::SqliteStore;
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};

/// A fresh store in memory.
pub(crate) async fn store() -> SqliteStore {
    SqliteStore::open("sqlite::memory:")
        .await
        .expect("an in-memory store")
}

/// Wednesday 4 March 2026, noon UTC: "now" in the tests, unless a test moves it.
pub(crate) fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 4, 12, 0, 0)
        .single()
        .expect("a real time")
}

/// The Monday of the week `weeks_ago` weeks before [`now`]'s week.
pub(crate) fn week(weeks_ago: i64) -> NaiveDate {
    monday(now() - Duration::weeks(weeks_ago))
}

/// The Monday of the week a moment is in.
pub(crate) fn monday(at: DateTime<Utc>) -> NaiveDate {
    super::convert::week_received(at)
}

/// Midday on Tuesday of the week `weeks_ago` weeks before [`now`]'s week.
pub(crate) fn during(weeks_ago: i64) -> DateTime<Utc> {
    week(weeks_ago)
        .and_hms_opt(12, 0, 0)
        .expect("a real time")
        .and_utc()
        + Duration::days(1)
}

pub(crate) async fn person(store: &dyn Backend, name: &str) -> UserId {
    store
        .create_user(NewUser {
            username: name.into(),
            password_hash: None,
        })
        .await
        .expect("a new account")
        .id
}

pub(crate) async fn admin(store: &dyn Backend, name: &str) -> UserId {
    let id = person(store, name).await;
    store.set_admin(id, true).await.expect("made admin");
    id
}

/// A person who belongs to `unit` and shares with it (or not).
pub(crate) async fn member(store: &dyn Backend, name: &str, unit: UnitId, share: bool) -> UserId {
    let id = person(store, name).await;
    store
        .join_unit(id, unit, now() - Duration::weeks(60))
        .await
        .expect("joined");
    if share {
        store
            .set_sharing(id, unit, true, now() - Duration::weeks(60))
            .await
            .expect("sharing on");
    }
    id
}

/// `count` sharing members of `unit`, named `prefix-1`, `prefix-2`, …
pub(crate) async fn members(
    store: &dyn Backend,
    prefix: &str,
    unit: UnitId,
    count: usize,
) -> Vec<UserId> {
    let mut ids = Vec::with_capacity(count);
    for i in 1..=count {
        ids.push(member(store, &format!("{prefix}-{i}"), unit, true).await);
    }
    ids
}

pub(crate) async fn unit(store: &dyn Backend, name: &str, parent: Option<UnitId>) -> UnitId {
    store
        .create_unit(name, parent, now() - Duration::weeks(60))
        .await
        .expect("a new unit")
        .id
}

/// Pulse answers expressing this strain, without random jitter.
pub(crate) fn strain(burnout: f64, rustout: f64) -> Strain {
    Strain {
        burnout,
        rustout,
        shared: 0.2,
    }
}

/// A pulse check-in through the product's own write path, received at `at`.
pub(crate) async fn checkin(
    store: &dyn Backend,
    user: UserId,
    strain: Strain,
    stuck: bool,
    at: DateTime<Utc>,
) -> StoredResponse {
    checkin_taken(store, user, strain, stuck, at, at).await
}

/// A pulse check-in received at `received`, saying it was taken at `taken`.
pub(crate) async fn checkin_taken(
    store: &dyn Backend,
    user: UserId,
    strain: Strain,
    stuck: bool,
    taken: DateTime<Utc>,
    received: DateTime<Utc>,
) -> StoredResponse {
    let pulse = builtin_by_id("pulse").expect("the pulse ships");
    let answers = answers_for(pulse, strain, 0.0, &mut DemoRng::new(0));
    record_at(
        store,
        user,
        Submission {
            instrument: pulse,
            answers,
            taken_at: taken,
            stuck,
            note: Some("private".into()),
        },
        received,
    )
    .await
    .expect("recorded")
}

/// A seeded uniform source for the noise of a release.
pub(crate) fn seeded(seed: u64) -> impl FnMut() -> f64 + Send {
    let mut rng = DemoRng::new(seed);
    move || rng.unit()
}

/// Sets a unit's rules as `by`: k, ε and the budget (`None` keeps the current one).
pub(crate) async fn set_rules(
    store: &dyn Backend,
    by: UserId,
    unit: UnitId,
    (k, epsilon, quarterly_budget): (u32, Option<f64>, Option<f64>),
    at: DateTime<Utc>,
) -> super::OrgResult<super::admin::RulesChanged> {
    super::admin::set_rules(
        store,
        by,
        unit,
        super::admin::RulesRequest {
            k,
            epsilon,
            quarterly_budget,
        },
        at,
    )
    .await
}
