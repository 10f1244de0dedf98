//! `POST /api/v1/assessments` and `POST /api/v1/checkins`: score and store a set of answers and
//! answer with the result, the same shape as `anneal assess --json` / `anneal checkin --json`.
//!
//! The answers are checked against the instrument before anything is stored, so every problem
//! comes back at once, one field error per item (`answers.<item id>`), and nothing is saved.

use crate::api::error::{ApiError, ApiResult};
use crate::api::extract::{ApiJson, ApiUser};
use crate::api::instruments::unknown_instrument;
use crate::api::schema;
use crate::state::AppState;
use anneal_core::instrument::{self, Instrument, InstrumentKind};
use anneal_core::report::ResultReport;
use anneal_core::scoring::{AnswerErrors, AnswerProblem, Answers, answers_from_json, score};
use anneal_service::respond::{MAX_NOTE_CHARS, Submission, record, result_report};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;
use utoipa::ToSchema;

/// How far ahead of the server's clock `at` may be (clocks differ; more is a mistake).
pub const MAX_FUTURE: Duration = Duration::days(1);

/// The instrument an assessment uses when the request names none.
pub const DEFAULT_ASSESSMENT: &str = "spectrum";

/// A full self-assessment.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssessmentRequest {
    /// The instrument's id (default `spectrum`); it must be a full assessment, not the pulse.
    #[serde(default)]
    pub instrument: Option<String>,
    /// Every item of the instrument, by id, with a value from its scale: `{"exhaustion_1": 3, …}`.
    #[schema(value_type = BTreeMap<String, i32>)]
    pub answers: serde_json::Value,
    /// When the answers were given, RFC 3339 (default: now). At most a day in the future.
    #[serde(default)]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub at: Option<String>,
}

/// A weekly pulse check-in.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckinRequest {
    /// Every pulse item, by id, with a value from its scale.
    #[schema(value_type = BTreeMap<String, i32>)]
    pub answers: serde_json::Value,
    /// "I feel stuck".
    #[serde(default)]
    pub stuck: bool,
    /// A private note for yourself, at most 2000 characters. Never shared.
    #[serde(default)]
    pub note: Option<String>,
    /// When the check-in was made, RFC 3339 (default: now), to record one late. At most a day in
    /// the future.
    #[serde(default)]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub at: Option<String>,
}

/// Record a full assessment
#[utoipa::path(
    post,
    path = "/assessments",
    operation_id = "createAssessment",
    tag = "answers",
    security(("bearer" = [])),
    request_body = AssessmentRequest,
    responses(
        (status = 201, description = "Stored; the result", body = schema::ResultReport),
        (status = 400, response = super::docs::BadRequest),
        (status = 401, response = super::docs::Unauthorized),
        (status = 403, response = super::docs::CrossSite),
        (status = 413, response = super::docs::TooLarge),
        (status = 415, response = super::docs::UnsupportedMediaType),
        (status = 422, response = super::docs::Invalid),
        (status = 500, response = super::docs::Internal),
        (status = 503, response = super::docs::Unavailable),
    )
)]
pub async fn assess(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiJson(request): ApiJson<AssessmentRequest>,
) -> ApiResult<(StatusCode, Json<ResultReport>)> {
    let id = request.instrument.as_deref().unwrap_or(DEFAULT_ASSESSMENT);
    let inst = instrument::builtin_by_id(id)
        .ok_or_else(|| ApiError::field("instrument", unknown_instrument(id)))?;
    if inst.kind != InstrumentKind::Assessment {
        return Err(ApiError::field(
            "instrument",
            format!(
                "{:?} is the weekly pulse; send it to POST /api/v1/checkins instead",
                inst.id
            ),
        ));
    }
    let now = Utc::now();
    let (answers, at) = check(inst, &request.answers, request.at.as_deref(), now)?;
    let submission = Submission {
        instrument: inst,
        answers,
        taken_at: at,
        stuck: false,
        note: None,
    };
    let report = store_and_report(&state, &user, submission, now).await?;
    Ok((StatusCode::CREATED, Json(report)))
}

/// Record a weekly check-in
#[utoipa::path(
    post,
    path = "/checkins",
    operation_id = "createCheckin",
    tag = "answers",
    security(("bearer" = [])),
    request_body = CheckinRequest,
    responses(
        (status = 201, description = "Stored; the result", body = schema::ResultReport),
        (status = 400, response = super::docs::BadRequest),
        (status = 401, response = super::docs::Unauthorized),
        (status = 403, response = super::docs::CrossSite),
        (status = 413, response = super::docs::TooLarge),
        (status = 415, response = super::docs::UnsupportedMediaType),
        (status = 422, response = super::docs::Invalid),
        (status = 500, response = super::docs::Internal),
        (status = 503, response = super::docs::Unavailable),
    )
)]
pub async fn checkin(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiJson(request): ApiJson<CheckinRequest>,
) -> ApiResult<(StatusCode, Json<ResultReport>)> {
    let inst = instrument::builtin()
        .iter()
        .find(|i| i.kind == InstrumentKind::Pulse)
        .ok_or_else(|| ApiError::Internal("no pulse instrument ships".into()))?;
    let now = Utc::now();
    let (answers, at) = check(inst, &request.answers, request.at.as_deref(), now)?;
    if let Some(note) = &request.note {
        let chars = note.trim().chars().count();
        if chars > MAX_NOTE_CHARS {
            return Err(ApiError::field(
                "note",
                format!("the note has {chars} characters; at most {MAX_NOTE_CHARS} are allowed"),
            ));
        }
    }
    let submission = Submission {
        instrument: inst,
        answers,
        taken_at: at,
        stuck: request.stuck,
        note: request.note,
    };
    let report = store_and_report(&state, &user, submission, now).await?;
    Ok((StatusCode::CREATED, Json(report)))
}

async fn store_and_report(
    state: &AppState,
    user: &anneal_store::User,
    submission: Submission<'_>,
    now: DateTime<Utc>,
) -> ApiResult<ResultReport> {
    let stored = record(&*state.store, user.id, submission)
        .await
        .map_err(|e| ApiError::service_on("note", e))?;
    Ok(result_report(&*state.store, user.id, &stored, now, &state.support).await?)
}

/// Checks the answers and the time together, so every problem is reported at once.
fn check(
    inst: &Instrument,
    answers: &serde_json::Value,
    at: Option<&str>,
    now: DateTime<Utc>,
) -> ApiResult<(Answers, DateTime<Utc>)> {
    let mut problems: Vec<(String, String)> = Vec::new();
    let answers = match answers_from_json(inst, answers)
        .and_then(|answers| score(inst, &answers).map(|_| answers))
    {
        Ok(answers) => Some(answers),
        Err(errors) => {
            problems.extend(answer_fields(&errors));
            None
        }
    };
    let at = match parse_at(at, now) {
        Ok(at) => Some(at),
        Err(message) => {
            problems.push(("at".into(), message));
            None
        }
    };
    match (answers, at) {
        (Some(answers), Some(at)) if problems.is_empty() => Ok((answers, at)),
        _ => {
            let detail = match problems.as_slice() {
                [(_, only)] => only.clone(),
                many => format!(
                    "{} problems with the request; nothing was saved (see errors)",
                    many.len()
                ),
            };
            Err(ApiError::fields(detail, problems))
        }
    }
}

/// One field error per answer problem: `answers.<item>`, or `answers` when they are not an object.
fn answer_fields(errors: &AnswerErrors) -> Vec<(String, String)> {
    errors
        .0
        .iter()
        .map(|e| {
            let field = match e.problem {
                AnswerProblem::NotAnObject => "answers".to_string(),
                _ => format!("answers.{}", e.item),
            };
            (field, e.to_string())
        })
        .collect()
}

/// `at` as RFC 3339; now when absent; refused more than [`MAX_FUTURE`] ahead.
fn parse_at(at: Option<&str>, now: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
    let Some(text) = at else {
        return Ok(now);
    };
    let parsed = DateTime::parse_from_rfc3339(text.trim())
        .map_err(|_| {
            let shown: String = text.chars().take(40).collect();
            format!("{shown:?} is not an RFC 3339 time; use e.g. 2026-03-02T09:30:00Z")
        })?
        .with_timezone(&Utc);
    if parsed > now + MAX_FUTURE {
        return Err(format!(
            "{} is in the future; a response can be dated at most one day ahead",
            parsed.to_rfc3339()
        ));
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pulse() -> &'static Instrument {
        instrument::builtin_by_id("pulse").expect("pulse")
    }

    fn middle_answers(inst: &Instrument) -> serde_json::Value {
        let map: serde_json::Map<String, serde_json::Value> = inst
            .items
            .iter()
            .map(|it| {
                let scale = inst.scale_of(it);
                (it.id.clone(), json!(scale.values[scale.values.len() / 2]))
            })
            .collect();
        serde_json::Value::Object(map)
    }

    #[test]
    fn every_answer_problem_is_its_own_field() {
        let inst = pulse();
        let mut answers = middle_answers(inst);
        let object = answers.as_object_mut().expect("object");
        let first = inst.items[0].id.clone();
        let second = inst.items[1].id.clone();
        object.remove(&first);
        object.insert(second.clone(), json!(99));
        object.insert("nonsense".into(), json!(1));
        let e = check(inst, &answers, None, Utc::now()).expect_err("bad answers");
        let p = e.problem();
        assert_eq!(p.status, 422);
        let fields: Vec<&str> = p.errors.iter().map(|f| f.field.as_str()).collect();
        assert!(
            fields.contains(&format!("answers.{first}").as_str()),
            "{fields:?}"
        );
        assert!(
            fields.contains(&format!("answers.{second}").as_str()),
            "{fields:?}"
        );
        assert!(fields.contains(&"answers.nonsense"), "{fields:?}");
    }

    #[test]
    fn answers_that_are_not_an_object_name_the_answers_field() {
        let e = check(pulse(), &json!([1, 2]), None, Utc::now()).expect_err("not an object");
        assert_eq!(e.problem().errors[0].field, "answers");
    }

    #[test]
    fn at_is_rfc3339_and_not_far_in_the_future() {
        let now = Utc::now();
        assert_eq!(parse_at(None, now), Ok(now));
        let earlier = parse_at(Some("2026-01-05T09:30:00+01:00"), now).expect("past");
        assert_eq!(earlier.to_rfc3339(), "2026-01-05T08:30:00+00:00");
        let soon = (now + Duration::hours(20)).to_rfc3339();
        assert!(parse_at(Some(&soon), now).is_ok());
        let later = (now + Duration::hours(25)).to_rfc3339();
        assert!(
            parse_at(Some(&later), now)
                .expect_err("future")
                .contains("future")
        );
        assert!(parse_at(Some("yesterday"), now).is_err());
    }

    #[test]
    fn answer_and_time_problems_come_together() {
        let inst = pulse();
        let e = check(inst, &json!({}), Some("soon"), Utc::now()).expect_err("both wrong");
        let p = e.problem();
        assert!(p.errors.iter().any(|f| f.field == "at"));
        assert!(p.errors.len() > 1);
        assert!(check(inst, &middle_answers(inst), None, Utc::now()).is_ok());
    }
}
