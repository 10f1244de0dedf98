//! Conversions between the store's models and the columns of the schema, and the checks that
//! keep values the database could not hold faithfully out of it.
//!
//! Times are unix milliseconds UTC; answers and the whole score are JSON text.

use anneal_core::Score;
use anneal_store::{Answers, NewResponse, ResponseKind, StoreError, StoredResponse, User, UserId};
use chrono::{DateTime, Utc};

/// `t` as unix milliseconds (sub-millisecond precision is dropped).
pub(crate) fn millis(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

/// Unix milliseconds read from `column` of `row` back into a time.
pub(crate) fn from_millis(ms: i64, row: &str, column: &str) -> Result<DateTime<Utc>, StoreError> {
    DateTime::from_timestamp_millis(ms).ok_or_else(|| {
        StoreError::Corrupt(format!(
            "{row}: {column} = {ms} is not a time in unix milliseconds that can be represented"
        ))
    })
}

/// The current time, cut to the millisecond precision the store keeps.
pub(crate) fn now() -> DateTime<Utc> {
    let now = Utc::now();
    DateTime::from_timestamp_millis(now.timestamp_millis()).unwrap_or(now)
}

/// `t` cut to the millisecond precision the store keeps: what reads back after storing `t`.
pub(crate) fn to_millis(t: DateTime<Utc>) -> DateTime<Utc> {
    // Every instant's own milliseconds are representable.
    DateTime::from_timestamp_millis(millis(t)).unwrap_or(t)
}

/// Refuses text with a NUL character, which not every backend can store.
pub(crate) fn check_text(what: &str, text: &str) -> Result<(), StoreError> {
    if text.contains('\0') {
        return Err(StoreError::Backend(format!(
            "cannot store {what}: it contains a NUL character (\\0), which is not allowed in stored text"
        )));
    }
    Ok(())
}

/// Refuses NaN and infinities, which JSON cannot carry and SQL aggregates would be poisoned by.
fn check_finite(what: &str, value: f64) -> Result<(), StoreError> {
    if !value.is_finite() {
        return Err(StoreError::Backend(format!(
            "cannot store a score whose {what} is {value}: scores must be finite numbers"
        )));
    }
    Ok(())
}

fn check_score(score: &Score) -> Result<(), StoreError> {
    check_text("the instrument id of a score", &score.instrument)?;
    check_finite("burnout index", score.burnout.score)?;
    check_finite("rust-out index", score.rustout.score)?;
    if let Some(balance) = score.balance {
        check_finite("challenge balance", balance)?;
    }
    for dimension in &score.dimensions {
        check_finite(&format!("dimension {:?}", dimension.id), dimension.score)?;
    }
    Ok(())
}

/// The column values of one `responses` row, borrowed from the response they encode.
pub(crate) struct ResponseColumns<'a> {
    pub user_id: i64,
    pub kind: &'static str,
    pub instrument: &'a str,
    pub instrument_version: i64,
    pub taken_at: i64,
    pub answers: String,
    pub stuck: bool,
    pub note: Option<&'a str>,
    pub burnout: f64,
    pub rustout: f64,
    pub balance: Option<f64>,
    pub zone: &'static str,
    pub score: String,
}

impl<'a> ResponseColumns<'a> {
    /// Checks `new` and encodes it, without touching the database.
    pub(crate) fn encode(new: &'a NewResponse) -> Result<Self, StoreError> {
        check_score(&new.score)?;
        if let Some(note) = &new.note {
            check_text("the note", note)?;
        }
        let answers = serde_json::to_string(&new.answers)
            .map_err(|e| StoreError::Backend(format!("cannot encode the answers as JSON: {e}")))?;
        let score = serde_json::to_string(&new.score)
            .map_err(|e| StoreError::Backend(format!("cannot encode the score as JSON: {e}")))?;
        Ok(ResponseColumns {
            user_id: new.user.0,
            kind: new.kind.as_str(),
            instrument: &new.score.instrument,
            instrument_version: i64::from(new.score.instrument_version),
            taken_at: millis(new.taken_at),
            answers,
            stuck: new.stuck,
            note: new.note.as_deref(),
            burnout: new.score.burnout.score,
            rustout: new.score.rustout.score,
            balance: new.score.balance,
            zone: new.score.zone.as_str(),
            score,
        })
    }
}

/// What `insert_response` hands back for `new` stored under `id`: the values as they will read
/// back, with the time cut to the millisecond.
pub(crate) fn stored(id: i64, new: NewResponse) -> Result<StoredResponse, StoreError> {
    let taken_at = from_millis(millis(new.taken_at), "the new response", "taken_at")?;
    Ok(StoredResponse {
        id,
        user: new.user,
        kind: new.kind,
        taken_at,
        answers: new.answers,
        stuck: new.stuck,
        note: new.note,
        score: new.score,
    })
}

/// A selected `responses` row: id, user_id, kind, taken_at, answers, stuck, note, score.
pub(crate) type ResponseRow = (i64, i64, String, i64, String, bool, Option<String>, String);

/// A stored `responses` row back into a [`StoredResponse`]; unreadable data is `Corrupt`.
pub(crate) fn decode_response(row: ResponseRow) -> Result<StoredResponse, StoreError> {
    let (id, user_id, kind, taken_at, answers, stuck, note, score) = row;
    let name = format!("response {id}");
    let kind = ResponseKind::parse(&kind).ok_or_else(|| {
        StoreError::Corrupt(format!(
            "{name}: kind {kind:?} is neither \"assessment\" nor \"checkin\""
        ))
    })?;
    let answers: Answers = serde_json::from_str(&answers).map_err(|e| {
        StoreError::Corrupt(format!(
            "{name}: the answers are not a JSON object of item ids to whole numbers: {e}"
        ))
    })?;
    let score: Score = serde_json::from_str(&score)
        .map_err(|e| StoreError::Corrupt(format!("{name}: the score JSON is not readable: {e}")))?;
    Ok(StoredResponse {
        id,
        user: UserId(user_id),
        kind,
        taken_at: from_millis(taken_at, &name, "taken_at")?,
        answers,
        stuck,
        note,
        score,
    })
}

/// The columns a `users` select returns, in order: id, username, password_hash, created_at.
pub(crate) type UserRow = (i64, String, Option<String>, i64);

/// A stored `users` row back into a [`User`].
pub(crate) fn decode_user(row: UserRow) -> Result<User, StoreError> {
    let (id, username, password_hash, created_at) = row;
    Ok(User {
        id: UserId(id),
        username,
        password_hash,
        created_at: from_millis(created_at, &format!("user {id}"), "created_at")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use anneal_core::model::{Band, IndexScore, Zone};

    fn response() -> NewResponse {
        NewResponse {
            user: UserId(7),
            kind: ResponseKind::Checkin,
            taken_at: DateTime::from_timestamp_millis(1_700_000_000_123).expect("in range"),
            answers: Answers::from([("energy".to_owned(), 3)]),
            stuck: true,
            note: Some("a note".to_owned()),
            score: Score {
                instrument: "pulse".to_owned(),
                instrument_version: 2,
                zone: Zone::Burnout,
                burnout: IndexScore {
                    score: 55.0,
                    band: Band::High,
                },
                rustout: IndexScore {
                    score: 10.0,
                    band: Band::Low,
                },
                balance: Some(20.0),
                dimensions: Vec::new(),
            },
        }
    }

    #[test]
    fn encodes_the_headline_numbers_into_their_own_columns() {
        let new = response();
        let columns = ResponseColumns::encode(&new).expect("encodes");
        assert_eq!(columns.user_id, 7);
        assert_eq!(columns.kind, "checkin");
        assert_eq!(columns.instrument, "pulse");
        assert_eq!(columns.instrument_version, 2);
        assert_eq!(columns.taken_at, 1_700_000_000_123);
        assert_eq!(columns.answers, r#"{"energy":3}"#);
        assert_eq!(columns.zone, "burnout");
        assert_eq!(
            (columns.burnout, columns.rustout, columns.balance),
            (55.0, 10.0, Some(20.0))
        );
        let row = (
            41,
            7,
            columns.kind.to_owned(),
            columns.taken_at,
            columns.answers.clone(),
            columns.stuck,
            columns.note.map(str::to_owned),
            columns.score.clone(),
        );
        assert_eq!(
            decode_response(row).expect("decodes"),
            stored(41, new).expect("stored")
        );
    }

    fn good_row() -> ResponseRow {
        let new = response();
        let columns = ResponseColumns::encode(&new).expect("encodes");
        (
            1,
            7,
            columns.kind.to_owned(),
            columns.taken_at,
            columns.answers,
            columns.stuck,
            None,
            columns.score,
        )
    }

    #[test]
    fn unreadable_rows_are_corrupt_not_panics() {
        assert!(decode_response(good_row()).is_ok());
        let mut bad_kind = good_row();
        bad_kind.2 = "weekly".to_owned();
        let mut bad_time = good_row();
        bad_time.3 = i64::MAX;
        let mut bad_answers = good_row();
        bad_answers.4 = r#"{"energy":"three"}"#.to_owned();
        let mut bad_score = good_row();
        bad_score.7 = r#"{"instrument":"pulse"}"#.to_owned();
        let mut not_json = good_row();
        not_json.7 = "not json".to_owned();
        for (what, row) in [
            ("kind", bad_kind),
            ("taken_at", bad_time),
            ("answers", bad_answers),
            ("score", bad_score),
            ("score text", not_json),
        ] {
            let result = decode_response(row);
            assert!(
                matches!(result, Err(StoreError::Corrupt(ref m)) if m.starts_with("response 1:")),
                "bad {what} gave {result:?}"
            );
        }
        let user = decode_user((3, "x".to_owned(), None, i64::MIN));
        assert!(matches!(user, Err(StoreError::Corrupt(_))), "{user:?}");
        let user = decode_user((3, "x".to_owned(), None, 0)).expect("the epoch is fine");
        assert_eq!(user.created_at.timestamp_millis(), 0);
    }

    #[test]
    fn refuses_values_it_cannot_keep() {
        let mut nan = response();
        nan.score.burnout.score = f64::NAN;
        let mut nul = response();
        nul.note = Some("a\0b".to_owned());
        for new in [nan, nul] {
            assert!(matches!(
                ResponseColumns::encode(&new),
                Err(StoreError::Backend(_))
            ));
        }
    }

    #[test]
    fn to_millis_drops_only_what_is_below_a_millisecond() {
        let t = DateTime::from_timestamp(1_700_000_000, 123_456_789).expect("in range");
        assert_eq!(
            to_millis(t).timestamp_nanos_opt(),
            Some(1_700_000_000_123_000_000)
        );
        let before_epoch = DateTime::from_timestamp(-1, 999_999_999).expect("in range");
        assert_eq!(to_millis(before_epoch).timestamp_millis(), -1);
    }

    #[test]
    fn now_is_whole_milliseconds() {
        assert_eq!(now().timestamp_subsec_nanos() % 1_000_000, 0);
    }
}
