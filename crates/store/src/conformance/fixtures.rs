//! Small builders the stories share: fixed times, scores, responses, plan drafts, sessions and
//! API tokens, a count of what the store holds for one person, and a way to run futures at once;
//! for the organisation: weeks, units, sharing members, contributions, a seeded random source and
//! a tolerant comparison of cells.
//!
//! Everything here is built from constants, so the `expect`s below can only fire on a bug in
//! this file, never on data a person entered.

use super::Backend;
use crate::org::{Cell, Contribution, Moments, ShareIntoCell, Unit, UnitId, UnitRules};
use crate::{
    NewApiToken, NewResponse, NewSession, NewUser, PlanDraft, PlanKind, ResponseKind, Store,
    StoredResponse, User, UserId,
};
use anneal_core::model::{Band, DimensionScore, Index, IndexScore, Score, Zone};
use anneal_core::scoring::Answers;
use anneal_core::strategy::Cadence;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::task::Poll;

/// Monday 5 January 2026, 09:00 UTC, in unix milliseconds: the start of every story's timeline.
const BASE_MILLIS: i64 = 1_767_603_600_000;

/// The instant `ms` unix milliseconds after the epoch.
pub fn at_millis(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).expect("fixture timestamps are within chrono's range")
}

/// `days` days after the start of the story's timeline (negative goes back).
pub fn day(days: i64) -> DateTime<Utc> {
    at_millis(BASE_MILLIS) + Duration::days(days)
}

/// `t` cut to whole milliseconds, which is the precision every backend keeps.
pub fn to_millis(t: DateTime<Utc>) -> DateTime<Utc> {
    at_millis(t.timestamp_millis())
}

/// Now, cut to whole milliseconds.
pub fn now_millis() -> DateTime<Utc> {
    to_millis(Utc::now())
}

/// The calendar date `year`-`month`-`day`; the fixtures only name real dates.
pub fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("fixture dates are real dates")
}

/// The fixture band of a 0–100 score: the traffic-light shape of DESIGN §2.2.
fn band(score: f64) -> Band {
    if score >= 50.0 {
        Band::High
    } else if score >= 40.0 {
        Band::Moderate
    } else {
        Band::Low
    }
}

/// A plausible score with the given indices. The dimension scores are deliberately awkward
/// binary fractions (thirds, sevenths), so a backend that loses float precision fails.
pub fn score(instrument: &str, burnout: f64, rustout: f64, balance: Option<f64>) -> Score {
    let dimension = |id: &str, index: Index, score: f64| DimensionScore {
        id: id.to_owned(),
        index,
        score,
        band: band(score),
    };
    let burnout_band = band(burnout);
    let rustout_band = band(rustout);
    Score {
        instrument: instrument.to_owned(),
        instrument_version: 1,
        zone: Zone::from_bands(burnout_band, rustout_band),
        burnout: IndexScore {
            score: burnout,
            band: burnout_band,
        },
        rustout: IndexScore {
            score: rustout,
            band: rustout_band,
        },
        balance,
        dimensions: vec![
            dimension("exhaustion", Index::Burnout, 200.0 / 3.0),
            dimension("boredom", Index::Rustout, 100.0 / 7.0),
            dimension("growth", Index::Rustout, 0.1 + 0.2),
            dimension("mood", Index::Shared, 0.0),
        ],
    }
}

/// A pulse answer set.
pub fn pulse_answers() -> Answers {
    [
        ("energy", 2),
        ("load", 4),
        ("stress", 3),
        ("meaning", 1),
        ("growth", 5),
    ]
    .into_iter()
    .map(|(item, value)| (item.to_owned(), value))
    .collect()
}

/// A full-assessment answer set.
pub fn spectrum_answers() -> Answers {
    (1..=24)
        .map(|i| (format!("q{i:02}"), (i % 5) + 1))
        .collect()
}

/// A weekly check-in by `user` at `taken_at`, not stuck, with no note.
pub fn checkin(user: UserId, taken_at: DateTime<Utc>) -> NewResponse {
    NewResponse {
        user,
        kind: ResponseKind::Checkin,
        taken_at,
        answers: pulse_answers(),
        stuck: false,
        note: None,
        score: score("pulse", 45.5, 100.0 / 3.0, Some(-12.5)),
    }
}

/// A full assessment by `user` at `taken_at`.
pub fn assessment(user: UserId, taken_at: DateTime<Utc>) -> NewResponse {
    NewResponse {
        user,
        kind: ResponseKind::Assessment,
        taken_at,
        answers: spectrum_answers(),
        stuck: false,
        note: None,
        score: score("spectrum", 62.5, 2.0 / 3.0 * 100.0, None),
    }
}

/// Creates a user without a password, failing the story if the store refuses.
pub async fn user(store: &dyn Store, username: &str) -> User {
    store
        .create_user(NewUser {
            username: username.to_owned(),
            password_hash: None,
        })
        .await
        .unwrap_or_else(|e| panic!("creating the user {username:?} failed: {e}"))
}

/// A user id no story ever creates.
pub const MISSING_USER: UserId = UserId(i64::MAX - 7);

/// A plan draft of `kind` titled `title`, created at `created_at`: a weekly action from the
/// catalogue, due 1 February 2026. Stories change the fields they care about.
pub fn plan_draft(kind: PlanKind, title: &str, created_at: DateTime<Utc>) -> PlanDraft {
    PlanDraft {
        kind,
        action_id: Some("learning_pick_skill".to_owned()),
        strategy_id: Some("seek_learning".to_owned()),
        title: title.to_owned(),
        cadence: Some(Cadence::Weekly),
        due: Some(date(2026, 2, 1)),
        created_at,
    }
}

/// A stand-in for the SHA-256 of a secret token: 32 bytes, all different for different `n`, and
/// with NUL bytes in them, as real hashes often have.
pub fn token_hash(n: u8) -> Vec<u8> {
    (0..32_u8)
        .map(|i| if i % 4 == 0 { 0 } else { n ^ i })
        .collect()
}

/// A session of `user` under `token_hash`, created at `created_at` and expiring at `expires_at`.
pub fn session(
    user: UserId,
    token_hash: Vec<u8>,
    created_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> NewSession {
    NewSession {
        token_hash,
        user,
        csrf: "c3JmLXRva2VuLWZvci10ZXN0cw".to_owned(),
        created_at,
        expires_at,
    }
}

/// An API token of `user` named `name` under `token_hash`, created at `created_at`.
pub fn api_token(
    user: UserId,
    name: &str,
    token_hash: Vec<u8>,
    created_at: DateTime<Utc>,
) -> NewApiToken {
    NewApiToken {
        user,
        name: name.to_owned(),
        token_hash,
        created_at,
    }
}

/// Runs all `futures` at once on the current task and returns their outputs in order: real
/// concurrency at the database (each may hold its own connection), without the suite depending
/// on a runtime.
pub async fn join_all<F: Future>(futures: Vec<F>) -> Vec<F::Output> {
    let mut futures: Vec<Pin<Box<F>>> = futures.into_iter().map(Box::pin).collect();
    let mut outputs: Vec<Option<F::Output>> = futures.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (future, output) in futures.iter_mut().zip(outputs.iter_mut()) {
            if output.is_none() {
                match future.as_mut().poll(cx) {
                    Poll::Ready(value) => *output = Some(value),
                    Poll::Pending => pending = true,
                }
            }
        }
        if pending {
            Poll::Pending
        } else {
            Poll::Ready(())
        }
    })
    .await;
    outputs
        .into_iter()
        .map(|output| output.expect("poll_fn finishes only when every future has"))
        .collect()
}

/// How many rows of each kind the store holds for one person, counted through the trait's own
/// read methods (the suite never reaches past the trait). Sessions have no per-person read, so
/// stories about them look each one up by its token hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Held {
    pub responses: u64,
    pub plan_items: usize,
    pub dismissals: usize,
    /// 1 when the person has a journal key, else 0.
    pub journal_keys: usize,
    pub journal_entries: usize,
    /// Live and revoked.
    pub api_tokens: usize,
}

/// What the store holds for `user`, failing the story if a read fails.
pub async fn held(store: &dyn Store, user: UserId) -> Held {
    Held {
        responses: store.count_responses(user).await.expect("count responses"),
        plan_items: store.plan_items(user).await.expect("read plan items").len(),
        dismissals: store
            .dismissals(user, DateTime::<Utc>::MIN_UTC)
            .await
            .expect("read dismissals")
            .len(),
        journal_keys: usize::from(
            store
                .journal_key(user)
                .await
                .expect("read the journal key")
                .is_some(),
        ),
        journal_entries: store
            .journal_entries(user)
            .await
            .expect("read journal entries")
            .len(),
        api_tokens: store.api_tokens(user).await.expect("read API tokens").len(),
    }
}

/// The Monday that names the week `n` weeks after the timeline's first (Monday 5 January 2026;
/// `day(7 * n)` falls in it).
pub fn week(n: i64) -> NaiveDate {
    day(7 * n).date_naive()
}

/// Creates a unit, failing the story if the store refuses.
pub async fn unit(store: &dyn Backend, name: &str, parent: Option<UnitId>) -> Unit {
    store
        .create_unit(name, parent, day(0))
        .await
        .unwrap_or_else(|e| panic!("creating the unit {name:?} failed: {e}"))
}

/// The rules in force for `unit` now.
pub async fn rules_of(store: &dyn Backend, unit: UnitId) -> UnitRules {
    store
        .unit(unit)
        .await
        .expect("read a unit")
        .unwrap_or_else(|| panic!("unit {} does not exist", unit.0))
        .rules
}

/// Creates `username`, puts them in `unit` and turns sharing on, failing the story if the store
/// refuses.
pub async fn sharing_member(store: &dyn Backend, username: &str, unit: UnitId) -> User {
    let person = user(store, username).await;
    store
        .join_unit(person.id, unit, day(0))
        .await
        .unwrap_or_else(|e| panic!("{username} joining unit {}: {e}", unit.0));
    store
        .set_sharing(person.id, unit, true, day(0))
        .await
        .unwrap_or_else(|e| panic!("{username} sharing with unit {}: {e}", unit.0));
    person
}

/// What a check-in with these indices adds to a cell, with two dimensions derived from them.
pub fn contribution(burnout: f64, rustout: f64, balance: Option<f64>, stuck: bool) -> Contribution {
    let burnout_band = band(burnout);
    let rustout_band = band(rustout);
    Contribution {
        burnout,
        rustout,
        balance,
        stuck,
        zone: Zone::from_bands(burnout_band, rustout_band),
        dimensions: BTreeMap::from([
            ("exhaustion".to_owned(), burnout / 3.0 + 10.0),
            ("growth".to_owned(), 100.0 - rustout),
        ]),
    }
}

/// A shared check-in of `contribution` into `unit` for `week`, under `rules`.
pub fn share(
    unit: UnitId,
    week: NaiveDate,
    rules: UnitRules,
    contribution: Contribution,
) -> ShareIntoCell {
    ShareIntoCell {
        unit,
        week,
        rules,
        contribution,
    }
}

/// Stores a shared pulse check-in of `user` at `taken_at` into `unit`'s cell for the week of
/// `taken_at`, under the unit's rules in force, failing the story if the store refuses.
pub async fn share_checkin(
    store: &dyn Backend,
    user: UserId,
    unit: UnitId,
    taken_at: DateTime<Utc>,
    contribution: Contribution,
) -> StoredResponse {
    let rules = rules_of(store, unit).await;
    let week = week_of(taken_at);
    store
        .insert_shared_checkin(
            checkin(user, taken_at),
            share(unit, week, rules, contribution),
        )
        .await
        .unwrap_or_else(|e| {
            panic!(
                "a shared check-in of user {} into unit {}: {e}",
                user.0, unit.0
            )
        })
}

/// The Monday of the ISO week `t` falls in.
pub fn week_of(t: DateTime<Utc>) -> NaiveDate {
    let date = t.date_naive();
    date - Duration::days(i64::from(
        chrono::Datelike::weekday(&date).num_days_from_monday(),
    ))
}

/// The cells of `week`, failing the story if the read fails.
pub async fn cells(store: &dyn Backend, week: NaiveDate) -> BTreeMap<UnitId, Cell> {
    store
        .cells(week)
        .await
        .unwrap_or_else(|e| panic!("reading the cells of the week of {week}: {e}"))
}

/// The cell a set of contributions makes when each is added once, under `rules`: what a cell
/// must equal, whatever order and replacements led there.
pub fn cell_of<'a>(
    contributions: impl IntoIterator<Item = &'a Contribution>,
    rules: &UnitRules,
) -> Cell {
    let mut cell = Cell::default();
    for contribution in contributions {
        cell.add(contribution, rules);
    }
    cell
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * (1.0 + a.abs().max(b.abs()))
}

fn moments_close(a: &Moments, b: &Moments) -> bool {
    a.n == b.n && close(a.sum, b.sum) && close(a.sum_sq, b.sum_sq)
}

/// Whether two cells agree: counts and floors exactly, sums to rounding (a cell that had
/// contributions taken out and put back carries the rounding of each step).
pub fn cells_agree(a: &Cell, b: &Cell) -> bool {
    a.respondents == b.respondents
        && moments_close(&a.burnout, &b.burnout)
        && moments_close(&a.rustout, &b.rustout)
        && moments_close(&a.balance, &b.balance)
        && a.stuck == b.stuck
        && a.zones == b.zones
        && a.dimensions.len() == b.dimensions.len()
        && a.dimensions
            .iter()
            .zip(&b.dimensions)
            .all(|((ka, va), (kb, vb))| ka == kb && moments_close(va, vb))
        && a.k_floor == b.k_floor
        && a.epsilon_floor == b.epsilon_floor
}

/// A small, seeded random source (SplitMix64), so a "random" story is the same on every run
/// and every backend.
#[derive(Debug, Clone)]
pub struct Seeded(u64);

impl Seeded {
    pub fn new(seed: u64) -> Seeded {
        Seeded(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A whole number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    /// A number in `[0, 1)` with 53 random bits.
    pub fn unit_interval(&mut self) -> f64 {
        // 2^53 values, exactly representable.
        (self.next_u64() >> 11) as f64 / (1_u64 << 53) as f64
    }

    /// A contribution with random indices, balance (or none) and stuck flag.
    pub fn contribution(&mut self) -> Contribution {
        let burnout = 100.0 * self.unit_interval();
        let rustout = 100.0 * self.unit_interval();
        let balance = (self.below(4) > 0).then(|| 200.0 * self.unit_interval() - 100.0);
        let stuck = self.below(3) == 0;
        contribution(burnout, rustout, balance, stuck)
    }
}
