//! Small builders the stories share: fixed times, scores, responses, plan drafts, sessions and
//! API tokens, a count of what the store holds for one person, and a way to run futures at once.
//!
//! Everything here is built from constants, so the `expect`s below can only fire on a bug in
//! this file, never on data a person entered.

use crate::{
    NewApiToken, NewResponse, NewSession, NewUser, PlanDraft, PlanKind, ResponseKind, Store, User,
    UserId,
};
use anneal_core::model::{Band, DimensionScore, Index, IndexScore, Score, Zone};
use anneal_core::scoring::Answers;
use anneal_core::strategy::Cadence;
use chrono::{DateTime, Duration, NaiveDate, Utc};
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
