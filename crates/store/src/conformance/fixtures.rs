//! Small builders the stories share: fixed times, scores and responses.
//!
//! Everything here is built from constants, so the `expect`s below can only fire on a bug in
//! this file, never on data a person entered.

use crate::{NewResponse, NewUser, ResponseKind, Store, User, UserId};
use anneal_core::model::{Band, DimensionScore, Index, IndexScore, Score, Zone};
use anneal_core::scoring::Answers;
use chrono::{DateTime, Duration, Utc};

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
